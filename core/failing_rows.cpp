#include "failing_rows.h"

#include "drilldown.h"

namespace starsheet {

namespace {

constexpr std::size_t cell_overhead = 16;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// At most `max` bytes, cut before a UTF-8 continuation byte so no character is split.
std::string_view cut(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

failing_collector::failing_collector(std::size_t rows_max, std::size_t bytes_max, std::size_t cell_max)
    : rows_max_(rows_max), bytes_max_(bytes_max), cell_max_(cell_max) {}

void failing_collector::add(std::size_t row, const std::vector<std::string_view>& cells, std::uint8_t reasons,
                            std::optional<std::int64_t> pending_promise, std::optional<std::int64_t> shipped,
                            std::string_view delay_band, int transit_mode) {
  if (reasons) ++out_.total;
  // Past the bound a row costs a count, not a look at its cells (a large file fails by the 100,000).
  bool room = out_.rows.size() < rows_max_ && !full_;
  std::size_t bytes = 0;
  if (room) {
    // A cell costs its bytes and its string's bookkeeping: a row of a thousand empty cells is
    // not free, and the bound is on memory.
    for (auto c : cells) bytes += cut(trimmed(c), cell_max_).size() + cell_overhead;
    if (bytes_ + bytes > bytes_max_) room = false, full_ = true;
  }
  if (!room) {
    if (reasons) out_.complete = false;
    else if (pending_promise) ++pending_unlisted_[*pending_promise];
    return;
  }
  bytes_ += bytes;
  failing_row r;
  r.row = row;
  r.reasons = reasons;
  r.transit_mode = transit_mode;
  r.cells.reserve(cells.size());
  for (auto c : cells) r.cells.emplace_back(cut(trimmed(c), cell_max_));
  if (shipped) {
    std::int64_t days = floor_days(*shipped);
    r.weekday = std::to_string(iso_weekday(days));
    r.iso_week = iso_week_of(days);
  }
  r.delay_band = delay_band;
  if (!reasons && pending_promise) pending_.emplace_back(out_.rows.size(), *pending_promise);
  out_.rows.push_back(std::move(r));
}

failing_rows failing_collector::finish(std::optional<std::int64_t> as_of) {
  // A pending order is late when its promise passed before the period end; else it is no failure.
  std::vector<bool> drop(out_.rows.size(), false);
  for (const auto& [index, promise] : pending_) {
    if (as_of && promise < *as_of) {
      out_.rows[index].reasons |= failure_late_undelivered;
      ++out_.total;
    } else {
      drop[index] = true;
    }
  }
  for (const auto& [promise, n] : pending_unlisted_)
    if (as_of && promise < *as_of) out_.total += n, out_.complete = false;
  if (!pending_.empty()) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out_.rows.size(); ++i)
      if (!drop[i]) out_.rows[kept++] = std::move(out_.rows[i]);
    out_.rows.resize(kept);
  }
  return std::move(out_);
}

}  // namespace starsheet
