#include "report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "improvement_report.h"

namespace starsheet {

using json = nlohmann::ordered_json;

// Whole numbers as JSON integers, everything else as the nearest double.
json number_json(const rational& r) {
  if (r.is_integer()) {
    double d = r.to_double();
    if (std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  return r.to_double();
}

json points_json(int half) { return half % 2 == 0 ? json(half / 2) : json(half / 2.0); }

std::string half_text(int half) { return format_number(from_half(half)); }

std::string op_symbol(tier_op op) {
  switch (op) {
    case tier_op::ge: return "≥";
    case tier_op::gt: return ">";
    case tier_op::le: return "≤";
    case tier_op::lt: return "<";
  }
  return "";
}

// Two decimals, unless rounding would land exactly on a tier bound the value does not reach
// (89.999 % must not read as "90 %" beside a "below 90 %" verdict): then more decimals.
std::string format_near_bounds(const rational& v, const std::vector<tier>& tiers) {
  for (int decimals = 2;; ++decimals) {
    std::string s = format_number(v, decimals);
    if (decimals == 12) return s;
    rational shown = *rational::from_decimal(s);
    bool misleading = false;
    for (const auto& t : tiers) misleading = misleading || (shown == t.bound && v != t.bound);
    if (!misleading) return s;
  }
}

namespace {

// Columns in a terminal: CJK and full-width characters take two cells.
std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = c < 0x80 ? c : c < 0xE0 ? c & 0x1F : c < 0xF0 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    width += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                               (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                               (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)))
                 ? 2 : 1;
    i += len;
  }
  return width;
}

std::string pad_right(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string pad_left(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

}  // namespace

std::string visible_controls(std::string_view s, bool data_field) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  auto escape_code_point = [&](unsigned cp) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 15];
  };
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bool layout = (c == '\n' || c == '\t') && !data_field;
      if ((c < 0x20 && !layout) || c == 0x7F) escape_code_point(c);
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF) is
    // copied unless it is a C1 control; any other byte is shown by its value.
    auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    bool ok = len > 0 && at(1) >= lo && at(1) <= hi;
    for (std::size_t k = 2; ok && k < len; ++k) ok = at(k) >= 0x80 && at(k) <= 0xBF;
    if (!ok) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
      continue;
    }
    unsigned cp = c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (at(k) & 0x3F);
    // C1 controls, and the bidirectional formatting characters, which would make a terminal
    // show a provider name or cell reversed or move the text after it ("Trojan Source").
    bool bidi = cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2066 && cp <= 0x2069);
    if ((cp >= 0x80 && cp <= 0x9F) || bidi) escape_code_point(cp);
    else out.append(s.data() + i, len);
    i += len;
  }
  return out;
}

namespace {

std::string band_range(const band& b) { return half_text(b.min_half) + "-" + half_text(b.max_half); }

struct renderer {
  const assessment& a;
  const rule_pack& pack;
  lang l;

  const std::string& msg(const char* key) const { return pack.message(key).in(l); }

  // The star level's sentences: a level resting on too few measured indicators does not judge
  // the service (a shipments-only import must not read as "complete reform needed").
  std::string coverage_counts(const char* key) const {
    return fill(msg(key), {{"measured", std::to_string(a.measured)}, {"of", std::to_string(a.indicators.size())}});
  }
  std::string star_description() const {
    return a.provisional ? coverage_counts("provisional_star") : a.star->description.in(l);
  }
  std::string star_suggestion() const {
    return a.provisional ? msg("provisional_suggestion") : a.star->suggestion.in(l);
  }
  std::string verdict(const category_result& c) const {
    if (c.measured == 0) return msg("category_no_data");
    if (c.measured == c.indicators) return c.reached->verdict.in(l);
    return c.reached->verdict.in(l) +
           fill(msg("category_partial"), {{"measured", std::to_string(c.measured)}, {"of", std::to_string(c.indicators)}});
  }
  std::string what_if_banner() const {
    return a.assumed == 0 ? std::string() : fill(msg("what_if_banner"), {{"count", std::to_string(a.assumed)}});
  }
  std::string next_star_text(const next_star_gap& n) const {
    return fill(msg("next_star"), {{"stars", std::to_string(n.stars)},
                                   {"points", half_text(n.needed_half)},
                                   {"threshold", format_number(n.threshold)}});
  }
  // Under a what-if the headline shows the actual result first ("66 → 71"): an assumed total is
  // never shown alone.
  std::string what_if_actual() const {
    return fill(msg("what_if_actual"), {{"actual", half_text(a.actual_total_half)},
                                        {"actual_stars", std::to_string(a.actual_star->stars)},
                                        {"total", half_text(a.total_half)},
                                        {"stars", std::to_string(a.star->stars)}});
  }

  std::string unit_suffix(const indicator_rule& rule) const {
    const std::string& u = pack.unit_label(rule.unit).in(l);
    if (rule.unit == "percent") return u;
    return u.empty() ? "" : " " + u;
  }

  std::string value_text(const indicator_rule& rule, const rational& v) const {
    return format_near_bounds(v, rule.tiers_on_ratio ? std::vector<tier>{} : rule.tiers) + unit_suffix(rule);
  }

  // An indicator's value (with its ratio to the industry) and its tier, as every renderer shows them.
  std::string shown_value(const indicator_result& ir) const {
    std::string value = ir.value ? value_text(*ir.rule, *ir.value) : "—";
    if (ir.ratio) value += fill(msg("ratio_value"), {{"ratio", format_near_bounds(*ir.ratio, ir.rule->tiers)}});
    return value;
  }
  std::string shown_tier(const indicator_result& ir) const {
    return ir.tier >= 0 ? tier_text(ir, ir.tier) : ir.status == indicator_status::scored ? msg("tier_none") : std::string();
  }

  std::string tier_text(const indicator_result& ir, int t) const {
    const tier& tr = ir.rule->tiers[t];
    std::string bound = format_number(tr.bound);
    if (ir.rule->tiers_on_ratio) return fill(msg("ratio_tier"), {{"op", op_symbol(tr.op)}, {"bound", bound}});
    return op_symbol(tr.op) + " " + value_text(*ir.rule, tr.bound);
  }

  // The labels of the inputs a missing indicator lacks, as a list.
  std::string absent_labels(const indicator_result& ir) const {
    std::string labels;
    for (const auto& p : ir.absent) {
      const measure_rule* m = pack.find_measure(p);
      labels += (labels.empty() ? "" : msg("list_separator")) + (m ? m->label.in(l) : p);
    }
    return labels;
  }

  std::string status_note(const indicator_result& ir) const {
    switch (ir.status) {
      case indicator_status::scored: return {};
      case indicator_status::missing: return fill(msg("note_missing"), {{"inputs", absent_labels(ir)}});
      case indicator_status::not_applicable:
        switch (ir.rule->zero_denominator) {
          case zero_denominator_policy::full_points: return msg("note_not_applicable_full");
          case zero_denominator_policy::zero_points: return msg("note_not_applicable_zero");
          case zero_denominator_policy::exclude: return msg("note_not_applicable_excluded");
        }
    }
    return {};
  }

  // What to do and what it is worth; then what it takes, in words; labelled when it is a step of
  // the plan or a target unreachable in practice.
  std::string advice_text(const advice_item& item) const {
    const indicator_result& ir = *item.indicator;
    const indicator_rule& rule = *ir.rule;
    std::string out = item.in_plan ? msg("advice_in_plan") : std::string();
    if (item.unreachable) out += msg("advice_unreachable");
    if (item.kind == advice_kind::measure && item.target_tier == 0) {
      out += fill(msg("advice_measure"), {{"indicator", rule.label.in(l)},
                                          {"inputs", absent_labels(ir)},
                                          {"points", half_text(item.gain_half)}});
    } else if (item.kind == advice_kind::measure) {  // a plan step, or an unreachable target, below the best tier
      out += fill(msg("advice_measure_tier"), {{"indicator", rule.label.in(l)},
                                               {"inputs", absent_labels(ir)},
                                               {"target", tier_text(ir, item.target_tier)},
                                               {"points", half_text(item.gain_half)}});
    } else {
      std::string target = tier_text(ir, item.target_tier);
      if (rule.tiers_on_ratio && item.target_value)
        target += fill(msg("ratio_equivalent"), {{"value", value_text(rule, *item.target_value)}});
      out += fill(msg("advice_next_tier"),
                  {{"indicator", rule.label.in(l)},
                   // A what-if ratio with no measures behind it has no value in days: "—".
                   {"current", ir.value ? value_text(rule, *ir.value) : std::string("—")},
                   {"target", target},
                   {"points", half_text(rule.tiers[item.target_tier].half_points)},
                   {"gain", half_text(item.gain_half)}});
    }
    if (item.step) out += fill(msg("advice_effort"), {{"effort", effort_words(*item.step, pack, l)}});
    if (!item.recommended) out += msg("advice_not_recommended");
    return out;
  }
};

json measure_json(const measure_value& v) {
  if (!v.items.empty()) return v.items;
  return number_json(v.number);
}

// Inputs an indicator reads, in formula order.
std::vector<std::string> formula_inputs(const formula& f) {
  std::vector<std::string> out;
  for (const std::string* p : {&f.numerator, &f.denominator, &f.before, &f.after, &f.total, &f.count, &f.measure})
    if (!p->empty()) out.push_back(*p);
  for (const auto& g : f.groups) {
    out.push_back(g.count);
    out.push_back(g.total);
    out.push_back(g.benchmark);
  }
  return out;
}

}  // namespace

std::string format_number(const rational& r, int decimals) {
  std::string s = fmt::format("{:.{}f}", r.to_double(), decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string fill(const std::string& pattern, std::initializer_list<std::pair<const char*, std::string>> values) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    bool replaced = false;
    if (pattern[i] == '{') {
      for (const auto& [key, value] : values) {
        std::string token = std::string("{") + key + "}";
        if (pattern.compare(i, token.size(), token) == 0) {
          out += value;
          i += token.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += pattern[i++];
  }
  return out;
}

std::string_view to_string(indicator_status s) {
  switch (s) {
    case indicator_status::scored: return "scored";
    case indicator_status::missing: return "missing";
    case indicator_status::not_applicable: return "not_applicable";
  }
  return "";
}

json report_json(const assessment& a, const advice& adv, const improvement& imp, lang l) {
  const rule_pack& pack = *a.pack;
  renderer r{a, pack, l};
  json j;
  j["format"] = "starsheet-report/1";
  j["rules"] = {{"id", pack.id}, {"version", pack.version}, {"sha256", pack.content_hash}};
  j["lang"] = l == lang::zh ? "zh" : "en";
  j["provider"] = a.period->provider;
  if (a.period->period) {
    const period_info& p = *a.period->period;
    json pj = {{"kind", p.kind}, {"start", p.start}, {"end", p.end}};
    for (const auto& k : pack.period_kinds)
      if (k.id == p.kind) pj["label"] = k.label.in(l);
    j["period"] = pj;
  } else {
    j["period"] = nullptr;
  }
  j["total"] = points_json(a.total_half);
  j["max"] = points_json(a.max_half);
  j["stars"] = a.star->stars;
  j["coverage"] = {{"measured", a.measured},
                   {"of", a.indicators.size()},
                   {"assumed", a.assumed},
                   {"provisional", a.provisional},
                   {"text", r.coverage_counts("coverage_line")}};
  if (a.assumed > 0) {
    j["what_if_banner"] = r.what_if_banner();
    j["actual"] = {{"total", points_json(a.actual_total_half)},
                   {"max", points_json(a.actual_max_half)},
                   {"stars", a.actual_star->stars},
                   {"label", a.actual_star->label.in(l)},
                   {"text", r.what_if_actual()}};
  }
  j["star_level"] = {{"stars", a.star->stars},
                     {"label", a.star->label.in(l)},
                     {"provisional", a.provisional},
                     {"description", r.star_description()},
                     {"suggestion", r.star_suggestion()}};
  if (adv.next_star)
    j["next_star"] = {{"stars", adv.next_star->stars},
                      {"threshold", number_json(adv.next_star->threshold)},
                      {"points_needed", points_json(adv.next_star->needed_half)},
                      {"text", r.next_star_text(*adv.next_star)}};
  else
    j["next_star"] = nullptr;

  j["categories"] = json::array();
  for (const auto& c : a.categories)
    j["categories"].push_back({{"id", c.rule->id},
                               {"label", c.rule->label.in(l)},
                               {"score", points_json(c.half_score)},
                               {"max", points_json(c.half_max)},
                               {"band", band_range(*c.reached)},
                               {"measured", c.measured},
                               {"of", c.indicators},
                               {"verdict", r.verdict(c)}});

  j["indicators"] = json::array();
  for (const auto& ir : a.indicators) {
    const indicator_rule& rule = *ir.rule;
    json ij = {{"id", rule.id},
               {"category", rule.category},
               {"label", rule.label.in(l)},
               {"unit", rule.unit},
               {"status", to_string(ir.status)},
               {"value", ir.value ? number_json(*ir.value) : json(nullptr)},
               {"points", points_json(ir.half_points)},
               {"max", points_json(ir.max_half)},
               {"formula", rule.formula_text.in(l)}};
    if (rule.tiers_on_ratio) ij["ratio"] = ir.ratio ? number_json(*ir.ratio) : json(nullptr);
    if (ir.tier >= 0) {
      const tier& t = rule.tiers[ir.tier];
      ij["tier"] = {{"op", to_string(t.op)}, {"bound", number_json(t.bound)}, {"points", points_json(t.half_points)}};
    } else {
      ij["tier"] = nullptr;
    }
    // The texts every renderer shows, formatted once here: a page that rounded 98.999 % itself
    // showed "99 %" beside a tier it does not reach.
    ij["display"] = {{"value", r.shown_value(ir)}, {"tier", r.shown_tier(ir)}};
    if (ir.excluded) ij["excluded"] = true;
    if (ir.what_if) ij["what_if"] = true;
    json inputs = json::object(), sources = json::object();
    for (const auto& p : formula_inputs(rule.calc)) {
      auto it = a.period->measures.find(p);
      inputs[p] = it == a.period->measures.end() ? json(nullptr) : measure_json(it->second);
      if (it != a.period->measures.end()) sources[p] = it->second.source;
    }
    ij["inputs"] = inputs;
    ij["sources"] = sources;
    if (ir.status == indicator_status::missing) ij["absent"] = ir.absent;
    std::string note = r.status_note(ir);
    if (!note.empty()) ij["note"] = note;
    if (!rule.readings.empty()) ij["readings"] = rule.readings;
    j["indicators"].push_back(ij);
  }

  j["advice"] = json::array();
  for (const auto& item : adv.items) {
    const indicator_result& ir = *item.indicator;
    const indicator_rule& rule = *ir.rule;
    json aj = {{"indicator", rule.id},
               {"kind", item.kind == advice_kind::next_tier ? "next_tier" : "measure"},
               {"gain", points_json(item.gain_half)},
               {"current_value", ir.value ? number_json(*ir.value) : json(nullptr)},
               {"current_points", points_json(ir.half_points)}};
    const tier& t = rule.tiers[item.target_tier];
    aj["target"] = {{"op", to_string(t.op)},
                    {"bound", number_json(t.bound)},
                    {"applies_to", rule.tiers_on_ratio ? "ratio" : "value"},
                    {"value", item.target_value ? number_json(*item.target_value) : json(nullptr)},
                    {"points", points_json(t.half_points)}};
    if (item.kind == advice_kind::measure) aj["measure"] = ir.absent;
    aj["in_plan"] = item.in_plan;
    aj["unreachable_in_practice"] = item.unreachable;
    aj["recommended"] = item.recommended;
    if (item.unreachable) aj["reading"] = improvement_of(pack).find_effort(rule.id)->unreachable_reading;
    // The effort index is data for scripts; people read effort_text.
    aj["effort"] = item.step ? json(item.step->option.effort.to_double()) : json(nullptr);
    aj["effort_text"] = item.step ? json(effort_words(*item.step, pack, l)) : json(nullptr);
    aj["text"] = r.advice_text(item);
    aj["practice"] = rule.advice.in(l);
    j["advice"].push_back(aj);
  }

  append_improvement_json(j, a, imp, l);  // plans, practices, reference checks, recovery, uncertainty

  j["readings"] = json::array();
  for (const auto& rd : pack.readings)
    j["readings"].push_back({{"id", rd.id}, {"applies_to", rd.applies_to}, {"text", rd.body.in(l)}});
  j["ignored"] = a.period->ignored;
  return j;
}

std::string report_text(const assessment& a, const advice& adv, const improvement& imp, lang l) {
  const rule_pack& pack = *a.pack;
  renderer r{a, pack, l};
  auto msg = [&](const char* key) -> const std::string& { return r.msg(key); };
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };

  line(pack.title.in(l));
  // Text taken from the data is shown with its controls escaped (an ESC from a provider name
  // must not drive the terminal, a line feed must not forge a report line); the whole report is
  // passed through visible_controls() at the end for what the rule pack or the data bring in.
  auto data = [](std::string_view s) { return visible_controls(s, true); };
  if (!a.period->provider.empty()) line(msg("provider") + data(a.period->provider));
  if (a.period->period) {
    const period_info& p = *a.period->period;
    std::string kind = p.kind;
    for (const auto& k : pack.period_kinds)
      if (k.id == p.kind) kind = k.label.in(l);
    line(msg("period") + fill(msg("period_range"), {{"kind", data(kind)}, {"start", data(p.start)}, {"end", data(p.end)}}));
  }
  line(msg("rules") + pack.id + " " + pack.version);
  line("");

  std::string stars;
  for (int i = 0; i < pack.stars.front().stars; ++i) stars += i < a.star->stars ? "★" : "☆";
  if (a.assumed > 0) {
    line(r.what_if_banner());
    line(r.what_if_actual());
  }
  line(fmt::format("{}  {}  {}  ({})", stars, a.star->label.in(l),
                   fill(msg("total_line"), {{"total", half_text(a.total_half)}, {"max", half_text(a.max_half)}}),
                   r.coverage_counts("coverage_line")));
  line(r.star_description());
  line(msg("suggestion") + r.star_suggestion());
  if (adv.next_star)
    line(r.next_star_text(*adv.next_star));
  else
    line(msg("top_level"));
  line("");

  line(msg("heading_categories"));
  std::size_t category_width = 0;
  for (const auto& c : a.categories) category_width = std::max(category_width, display_width(c.rule->label.in(l)));
  for (const auto& c : a.categories) {
    int width = 20;
    int filled = c.half_max ? (c.half_score * width + c.half_max / 2) / c.half_max : 0;
    std::string bar;
    for (int i = 0; i < width; ++i) bar += i < filled ? "█" : "░";
    line(fmt::format("  {} {} / {} {}  [{}] {}", pad_right(c.rule->label.in(l), category_width),
                     pad_left(half_text(c.half_score), 4), pad_right(half_text(c.half_max), 3), bar, band_range(*c.reached),
                     r.verdict(c)));
  }
  line("");

  line(msg("heading_indicators"));
  std::size_t label_width = 0;
  for (const auto& ir : a.indicators) label_width = std::max(label_width, display_width(ir.rule->label.in(l)));
  for (const auto& c : a.categories) {
    line(fmt::format("  {}", c.rule->label.in(l)));
    for (const auto& ir : a.indicators) {
      if (ir.rule->category != c.rule->id) continue;
      std::string value = r.shown_value(ir);
      std::string tier = r.shown_tier(ir);
      std::string status = ir.what_if ? "[" + msg("status_what_if") + "] " : ir.status == indicator_status::scored ? "" : "[" + msg(ir.status == indicator_status::missing ? "status_missing" : "status_not_applicable") + "] ";
      line(fmt::format("    {} {}  {} / {} {}{}", pad_right(ir.rule->label.in(l), label_width), pad_left(value, 22),
                       pad_left(half_text(ir.half_points), 3), pad_right(half_text(ir.max_half), 3), status, tier));
      line(fmt::format("      {}{}", msg("formula"), ir.rule->formula_text.in(l)));
      std::string note = r.status_note(ir);
      if (!note.empty()) line("      " + note);
    }
  }
  line("");

  line(msg("heading_advice"));
  if (adv.items.empty()) line("  " + msg("advice_none"));
  int n = 0;
  for (const auto& item : adv.items) {
    line(fmt::format("  {:>2}. +{:<4} {}", ++n, half_text(item.gain_half), r.advice_text(item)));
    line(fmt::format("      {}", item.indicator->rule->advice.in(l)));
  }
  line("");

  out += improvement_text(a, imp, l);  // plans, practices, reference checks, recovery, uncertainty

  line(msg("heading_readings"));
  for (const auto& rd : pack.readings) line("  - " + rd.body.in(l));
  if (!a.period->ignored.empty()) {
    line("");
    std::string list;
    for (const auto& p : a.period->ignored) list += (list.empty() ? "" : ", ") + data(p);
    line(msg("ignored") + list);
  }
  return visible_controls(out);
}

std::string rules_text(const rule_pack& pack, lang l) {
  std::string out = fmt::format("{}\n{} {}\n\n", pack.title.in(l), pack.id, pack.version);
  const auto& msg = [&](const char* key) -> const std::string& { return pack.message(key).in(l); };
  for (const auto& cat : pack.categories) {
    out += fmt::format("{} ({})  max {}\n", cat.label.in(l), cat.id, half_text(cat.max_half));
    for (const auto& b : cat.bands) out += fmt::format("    [{}] {}\n", band_range(b), b.verdict.in(l));
    for (const auto& ind : pack.indicators) {
      if (ind.category != cat.id) continue;
      std::string unit = pack.unit_label(ind.unit).in(l);
      std::string tiers;
      for (const auto& t : ind.tiers) {
        std::string bound = format_number(t.bound);
        if (!ind.tiers_on_ratio) bound += ind.unit == "percent" ? unit : " " + unit;
        tiers += fmt::format("{}{}{} {} → {}", tiers.empty() ? "" : "; ", ind.tiers_on_ratio ? msg("ratio_word") : "",
                             op_symbol(t.op), bound, half_text(t.half_points));
      }
      tiers += fmt::format("; {} → {}", msg("otherwise"), half_text(ind.otherwise_half));
      out += fmt::format("  {:<28} {:<16} max {:<3} {}\n", ind.id, ind.label.in(l), half_text(ind.max_half), tiers);
      out += fmt::format("  {:<28} {}{}\n", "", msg("formula"), ind.formula_text.in(l));
    }
    out += "\n";
  }
  out += msg("heading_stars") + "\n";
  for (const auto& s : pack.stars)
    out += fmt::format("  {} ≥ {}  {}\n", s.stars, format_number(s.min), s.label.in(l));
  out += "\n" + msg("heading_readings") + "\n";
  for (const auto& rd : pack.readings) out += fmt::format("  - [{}] {}\n", rd.id, rd.body.in(l));
  return out;
}

}  // namespace starsheet
