#include "failing_report.h"

#include "datetime.h"
#include "messages.h"
#include "report.h"
#include "scoring.h"
#include "xlsx_writer.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

struct reason_name {
  std::uint8_t bit;
  const char* id;
  const char* key;
};
constexpr reason_name reason_names[] = {
    {failure_late, "late", "failing_late"},
    {failure_late_undelivered, "late_undelivered", "failing_late_undelivered"},
    {failure_lost, "lost", "failing_lost"},
    {failure_damaged, "damaged", "failing_damaged"},
    {failure_unresolved, "unresolved", "failing_unresolved"},
    {failure_slow_exception, "slow_exception", "failing_slow_exception"},
    {failure_slow_reply, "slow_reply", "failing_slow_reply"},
    {failure_slow_transit, "slow_transit", "failing_slow_transit"},
};

}  // namespace

std::string transit_limits_text(const slow_limits& slow, const import_rules& rules, lang l, int mode) {
  const auto& modes = rules.value_ids.at("mode");
  bool one = mode >= 0 && static_cast<std::size_t>(mode) < modes.size() && mode < 3 &&
             slow.transit_line[static_cast<std::size_t>(mode)];
  std::string out;
  for (std::size_t m = 0; m < modes.size() && m < 3; ++m) {
    if (!slow.transit_line[m] || (one && m != static_cast<std::size_t>(mode))) continue;
    out += (out.empty() ? "" : rules.message("failing_sep").in(l)) +
           fill(rules.message("transit_limit").in(l), {{"mode", rules.message("mode_" + modes[m]).in(l)},
                                                       {"limit", op_symbol(slow.transit_op) + format_number(*slow.transit_line[m], 4)}});
  }
  return out;
}

namespace {

// A reason's words; a slow row's name the limit it went over ("12" hours, "15" minutes; a
// transit's of its mode, or of every mode when `transit_mode` is unset).
std::string reason_label(const reason_name& r, const slow_limits& slow, const import_rules& rules, lang l,
                         int transit_mode = -1) {
  const std::string& text = rules.message(r.key).in(l);
  if (r.bit == failure_slow_exception && slow.exception_seconds)
    return fill(text, {{"hours", format_number(rational(*slow.exception_seconds) / rational(seconds_per_hour), 2)}});
  if (r.bit == failure_slow_reply && slow.reply_seconds)
    return fill(text, {{"minutes", format_number(rational(*slow.reply_seconds) / rational(seconds_per_minute), 2)}});
  if (r.bit == failure_slow_transit) return fill(text, {{"limits", transit_limits_text(slow, rules, l, transit_mode)}});
  return text;
}

bool passes(const failing_row& r, const failing_filter& f) {
  if (!(r.reasons & f.reasons)) return false;
  if (f.derived == "weekday") return r.weekday == f.value;
  if (f.derived == "iso_week") return r.iso_week == f.value;
  if (f.derived == "delay_band") return r.delay_band == f.value;
  if (f.column) return *f.column < r.cells.size() ? r.cells[*f.column] == f.value : f.value.empty();
  return true;
}

std::string note_of(const failing_rows& rows, const import_rules& rules, lang l) {
  if (rows.total == 0) return rules.message("failing_none").in(l);
  if (rows.complete)
    return fill(rules.message("failing_listed_all").in(l), {{"total", grouped(std::to_string(rows.total))}});
  return fill(rules.message("failing_listed_some").in(l), {{"total", grouped(std::to_string(rows.total))},
                                                           {"listed", grouped(std::to_string(rows.rows.size()))},
                                                           {"max", grouped(std::to_string(rules.failing_rows_max))}});
}

// The longest whole number v of units inside `top` when v / scale is what it judges (v seconds
// of an hour: scale 3600): near the bound, settled exactly. Unset when none is ("< 0"), and for a
// top tier that is a floor ("≥"): a pack scoring slower as better has no "too slow".
std::optional<std::int64_t> longest_inside(const tier& top, const rational& scale) {
  if (top.op != tier_op::lt && top.op != tier_op::le) return std::nullopt;
  auto inside = [&](std::int64_t v) { return satisfies(rational(v) / scale, top.op, top.bound); };
  double e = (top.bound * scale).to_double();
  if (!(e > -1.0e15 && e < 1.0e15)) return std::nullopt;
  auto v = static_cast<std::int64_t>(e);
  while (!inside(v) && v > -1) --v;
  while (inside(v + 1)) ++v;
  if (v < 0 || !inside(v)) return std::nullopt;
  return v;
}

}  // namespace

std::string failing_reason_text(std::uint8_t reasons, const slow_limits& slow, const import_rules& rules, lang l,
                                int transit_mode) {
  std::string out;
  for (const auto& r : reason_names)
    if (reasons & r.bit)
      out += (out.empty() ? "" : rules.message("failing_sep").in(l)) + reason_label(r, slow, rules, l, transit_mode);
  return out;
}

slow_limits slow_limits_of(const rule_pack& pack, const import_rules& rules, const period_data* period) {
  // The mean indicator over a derivation's total (its second measure), and that total's unit in
  // seconds as the importer derives it (hours of exception handling, minutes to a first reply).
  auto limit = [&](record_kind kind, const char* derivation, std::int64_t unit) -> std::optional<std::int64_t> {
    for (const auto& d : rules.kind(kind).derivation) {
      if (d.id != derivation || d.measures.size() != 2) continue;
      for (const auto& ind : pack.indicators)
        if (ind.calc.kind == formula_kind::mean && ind.calc.total == d.measures[1] && !ind.tiers.empty())
          return longest_inside(ind.tiers.front(), rational(unit));
    }
    return std::nullopt;
  };
  slow_limits out;
  out.exception_seconds = limit(record_kind::shipments, "exceptions", seconds_per_hour);
  out.reply_seconds = limit(record_kind::inquiries, "response", seconds_per_minute);
  if (!period) return out;
  // Each mode's transit over its industry average is what the ratio indicator's tiers judge: a
  // shipment is within the top tier when its own days over the average are.
  const auto& modes = rules.value_ids.at("mode");
  for (const auto& ind : pack.indicators) {
    if (ind.calc.kind != formula_kind::benchmark_ratio || ind.tiers.empty()) continue;
    for (const auto& g : ind.calc.groups) {
      for (std::size_t m = 0; m < modes.size() && m < 3; ++m) {
        if (g.total != transit_days_pointer(modes[m])) continue;
        auto b = period->measures.find(g.benchmark);
        if (b == period->measures.end() || !(b->second.number > rational(0))) continue;
        const rational& days = b->second.number;
        out.transit_benchmark[m] = days;
        out.transit_line[m] = days * ind.tiers.front().bound;
        out.transit_op = ind.tiers.front().op;
        out.transit_seconds[m] = longest_inside(ind.tiers.front(), days * rational(seconds_per_day));
        out.transit_micro[m] = longest_inside(ind.tiers.front(), days * rational(1000000));
      }
    }
    break;
  }
  return out;
}

std::optional<std::uint8_t> failing_reasons_from(const std::string& ids) {
  if (ids.empty()) return failure_reasons_all;
  std::uint8_t bits = 0;
  std::size_t start = 0;
  while (start <= ids.size()) {
    std::size_t end = ids.find(',', start);
    if (end == std::string::npos) end = ids.size();
    std::string id = ids.substr(start, end - start);
    bool known = false;
    for (const auto& r : reason_names)
      if (id == r.id) bits |= r.bit, known = true;
    if (!known) return std::nullopt;
    start = end + 1;
  }
  return bits;
}

template_table failing_table(const imported_file& file, const import_rules& rules, lang l, const failing_filter& filter) {
  const record_summary& s = file.summary;
  template_table t;
  t.sheet_name = rules.message("failing_sheet").in(l);
  xlsx::row head{xlsx::text_cell(rules.message("failing_col_row").in(l), true),
                 xlsx::text_cell(rules.message("failing_col_reason").in(l), true)};
  for (const auto& h : s.header) head.push_back(xlsx::text_cell(h, true));
  t.rows.push_back(std::move(head));
  t.widths = {8, 24};
  t.widths.resize(2 + s.header.size(), 16);
  for (const auto& r : s.failing.rows) {
    if (!passes(r, filter)) continue;
    xlsx::row row{xlsx::cell{std::to_string(r.row), true}, xlsx::text_cell(failing_reason_text(r.reasons, s.failing.slow, rules, l, r.transit_mode))};
    for (const auto& c : r.cells) row.push_back(xlsx::text_cell(c));
    t.rows.push_back(std::move(row));
  }
  return t;
}

json failing_json(const imported_file& file, const import_rules& rules, lang l, const failing_filter& filter) {
  const record_summary& s = file.summary;
  json shown = json::array();
  for (const auto& f : rules.kind(s.kind).fields)
    if (auto it = s.mapping.columns.find(f.id); it != s.mapping.columns.end()) shown.push_back(it->second.column);
  json rows = json::array();
  for (const auto& r : s.failing.rows) {
    if (!passes(r, filter)) continue;
    json ids = json::array();
    for (const auto& n : reason_names)
      if (r.reasons & n.bit) ids.push_back(n.id);
    rows.push_back(json{{"row", r.row},
                        {"reasons", std::move(ids)},
                        {"reason", failing_reason_text(r.reasons, s.failing.slow, rules, l, r.transit_mode)},
                        {"cells", r.cells},
                        {"weekday", r.weekday},
                        {"iso_week", r.iso_week},
                        {"delay_band", r.delay_band}});
  }
  // The reasons present among the listed rows, with their labels (the page's reason filter).
  json by_reason = json::array();
  for (const auto& n : reason_names) {
    std::size_t count = 0;
    for (const auto& r : s.failing.rows) count += (r.reasons & n.bit) != 0;
    if (count) by_reason.push_back(json{{"id", n.id}, {"label", reason_label(n, s.failing.slow, rules, l)}, {"rows", count}});
  }
  return json{{"file", file.name},
              {"kind", std::string(to_string(s.kind))},
              {"header", s.header},
              {"shown", std::move(shown)},
              {"total", s.failing.total},
              {"listed", s.failing.rows.size()},
              {"matched", rows.size()},
              {"complete", s.failing.complete},
              {"note", note_of(s.failing, rules, l)},
              {"by_reason", std::move(by_reason)},
              {"rows", std::move(rows)}};
}

}  // namespace starsheet
