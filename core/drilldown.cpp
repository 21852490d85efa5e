#include "drilldown.h"

#include <cstring>
#include <limits>

#include "datetime.h"
#include "text_hash.h"

namespace starsheet {

namespace {

constexpr std::uint32_t no_segment = std::numeric_limits<std::uint32_t>::max();

// Helpers called per cell. The wasm build adds -fno-inline-functions to every file (its global
// -Oz), which left each of them a call: the drill-down's counting cost half again as much.
#if defined(__GNUC__)
#define STARSHEET_PER_CELL inline __attribute__((always_inline))
#else
#define STARSHEET_PER_CELL inline
#endif

STARSHEET_PER_CELL std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

int iso_weekday(std::int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1; }

const char* drill_rate_id(drill_rate r) {
  switch (r) {
    case drill_rate::on_time: return "on_time";
    case drill_rate::goods: return "goods";
    case drill_rate::resolution: return "resolution";
    case drill_rate::exceptions: return "exceptions";
    case drill_rate::response: return "response";
    case drill_rate::transit_land:
    case drill_rate::transit_sea:
    case drill_rate::transit_air: return "transit";
  }
  return "";
}

std::string iso_week_of(std::int64_t days) {
  // The week belongs to the year of its Thursday; its number counts Thursdays from 1 January.
  std::int64_t thursday = days - iso_weekday(days) + 4;
  civil_date c = civil_from_days(thursday);
  std::int64_t jan1 = *days_from_civil(static_cast<int>(c.year), 1, 1);
  std::int64_t week = (thursday - jan1) / 7 + 1;
  std::string year = std::to_string(c.year);
  if (year.size() < 4) year.insert(0, 4 - year.size(), '0');
  return year + "-W" + static_cast<char>('0' + week / 10) + static_cast<char>('0' + week % 10);
}

drill_collector::drill_collector(std::size_t values_max, std::size_t deferred_max, std::size_t columns_max)
    : values_max_(values_max), deferred_max_(deferred_max), columns_max_(columns_max) {}

void drill_collector::set_columns(const std::vector<std::string>& header, const std::vector<bool>& eligible,
                                  bool weekdays, const std::vector<std::string>& delay_bands) {
  columns_.clear();
  delay_bands_ = delay_bands;
  if (values_max_ == 0) return;
  std::size_t slots = 16;
  while (slots < 2 * values_max_) slots *= 2;
  auto open = [&](std::size_t index, std::string by, std::string derived) {
    column c;
    c.index = index;
    c.by = std::move(by);
    c.derived = std::move(derived);
    c.derived_column = !c.derived.empty();
    c.slots.assign(slots, 0);
    columns_.push_back(std::move(c));
  };
  for (std::size_t i = 0; i < header.size() && i < eligible.size() && columns_.size() < columns_max_; ++i)
    if (eligible[i]) open(i, header[i], "");
  if (weekdays) {
    open(0, "weekday", "weekday");
    open(0, "iso_week", "iso_week");
  }
  if (!delay_bands_.empty()) {
    open(0, "delay_band", "delay_band");
    columns_.back().band_column = true;
  }
}

std::string_view drill_collector::delay_band_of(int band) const {
  if (band == drill_band_on_time) return drill_on_time;
  if (band < 0 || static_cast<std::size_t>(band) >= delay_bands_.size()) return {};
  return delay_bands_[static_cast<std::size_t>(band)];
}

std::uint32_t drill_collector::segment_of(column& c, std::string_view value) {
  std::uint64_t h = text_hash(value);
  std::size_t mask = c.slots.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
    std::uint32_t s = c.slots[i];
    if (s == 0) {
      if (c.segments.size() >= values_max_) {
        // More values than a category has: ids, amounts or free text. Not split on.
        c.dropped = true;
        c.segments = {};
        c.hashes = {};
        c.slots = {};
        return no_segment;
      }
      c.segments.push_back({std::string(value), {}});
      c.hashes.push_back(h);
      c.slots[i] = static_cast<std::uint32_t>(c.segments.size());
      c.last = c.segments.size();
      return static_cast<std::uint32_t>(c.segments.size() - 1);
    }
    if (c.hashes[s - 1] == h && same_text(c.segments[s - 1].value, value)) {
      c.last = s;
      return s - 1;
    }
  }
}

void drill_collector::add(const std::vector<std::string_view>& cells, const drill_row& row) {
  // What the row adds to a segment, worked out once for all its columns: only the rates it
  // counts in (a row is rarely in more than two).
  std::array<std::size_t, drill_rates> counted{};
  std::size_t n_counted = 0;
  for (std::size_t r = 0; r < drill_rates; ++r)
    if (row.outcome[r] >= 0) counted[n_counted++] = r;
  if (n_counted == 0 && !row.deferred_promise) return;
  bool keep = row.deferred_promise && !deferred_overflow_;
  if (keep && deferred_.size() >= deferred_max_) {
    // Too many orders wait for the period end to be decided: the on-time split would not add up.
    deferred_overflow_ = true;
    deferred_ = {};
    keep = false;
  }
  if (keep) deferred_.push_back({*row.deferred_promise, {}});
  std::int64_t days = row.shipped ? floor_days(*row.shipped) : 0;
  for (column& c : columns_) {
    std::uint32_t seg = no_segment;
    if (c.dropped) {
      // counted nowhere
    } else if (!c.derived_column) {
      std::string_view value = c.index < cells.size() ? trimmed(cells[c.index]) : std::string_view{};
      // Runs of one value (a sorted export, a mode column) cost one compare.
      seg = c.last && same_text(c.segments[c.last - 1].value, value) ? static_cast<std::uint32_t>(c.last - 1) : segment_of(c, value);
    } else if (c.band_column ? row.delay_band == drill_band_unknown : !row.shipped) {
      seg = segment_of(c, std::string_view{});  // not known: the blank segment, so the split adds up
    } else {
      const std::int64_t key = c.band_column ? row.delay_band : days;
      auto& cached = c.days[static_cast<std::size_t>(key) & 63];
      if (cached.second != 0 && cached.first == key) {
        seg = cached.second - 1;
      } else {
        seg = c.band_column ? segment_of(c, delay_band_of(row.delay_band))
                            : segment_of(c, c.derived == "weekday" ? std::to_string(iso_weekday(days)) : iso_week_of(days));
        if (!c.dropped) cached = {key, seg + 1};
      }
    }
    if (keep) deferred_.back().segments.push_back(seg);
    if (seg == no_segment) continue;
    auto& n = c.segments[seg].n;
    for (std::size_t k = 0; k < n_counted; ++k) {
      std::size_t r = counted[k];
      ++n[r].events;
      n[r].failures += row.outcome[r] == 0;
      n[r].seconds += row.seconds[r];
      n[r].excess += row.excess[r];
    }
  }
}

std::vector<drill_column> drill_collector::finish(std::optional<std::int64_t> as_of) {
  constexpr auto on_time = static_cast<std::size_t>(drill_rate::on_time);
  for (const deferred& d : deferred_) {
    if (!as_of || d.promise >= *as_of) continue;  // still pending: not in the rate
    for (std::size_t i = 0; i < columns_.size() && i < d.segments.size(); ++i) {
      if (columns_[i].dropped || d.segments[i] == no_segment) continue;
      drill_count& n = columns_[i].segments[d.segments[i]].n[on_time];
      ++n.events;
      ++n.failures;
    }
  }
  std::vector<drill_column> out;
  for (column& c : columns_) {
    if (c.dropped) continue;
    if (deferred_overflow_)
      for (auto& s : c.segments) s.n[on_time] = {};
    out.push_back({std::move(c.by), std::move(c.derived), std::move(c.segments)});
  }
  columns_.clear();
  deferred_.clear();
  return out;
}

}  // namespace starsheet
