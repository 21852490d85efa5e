#include "compare.h"

#include <fmt/format.h>

#include <memory>

#include "improvement_report.h"
#include "json_text.h"
#include "period.h"
#include "report.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

// A tier index with "below every tier" as one past the worst.
int rank(const indicator_result& ir) {
  return ir.tier >= 0 ? ir.tier : static_cast<int>(ir.rule->tiers.size());
}

// Equal at the precision a report carries (a double): a value read back from a report and the
// same value computed exactly from a period are the same value.
bool same_value(const std::optional<rational>& a, const std::optional<rational>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return a->to_double() == b->to_double();
}

indicator_change change_of(const indicator_result& from, const indicator_result& to) {
  indicator_change c{&from, &to, change_reason::unchanged, {}};
  using s = indicator_status;
  if (from.status != to.status) {
    if (from.status == s::missing && to.status == s::scored) c.reason = change_reason::now_measured;
    else if (from.status == s::scored && to.status == s::missing) c.reason = change_reason::no_longer_measured;
    else c.reason = change_reason::status_changed;
    return c;
  }
  if (from.status != s::scored) return c;
  int a = rank(from), b = rank(to);
  if (b < a) {
    c.reason = change_reason::tier_up;
    for (int t = a - 1; t >= b; --t) c.crossed.push_back(t);  // in the order they were crossed
  } else if (b > a) {
    c.reason = change_reason::tier_down;
    for (int t = a; t < b; ++t) c.crossed.push_back(t);
  } else if (!same_value(from.value, to.value) || !same_value(from.ratio, to.ratio)) {
    c.reason = change_reason::same_tier;
  }
  return c;
}

std::string signed_half(int half) {
  if (half == 0) return "0";
  return (half > 0 ? "+" : "−") + half_text(half > 0 ? half : -half);
}

struct writer {
  const comparison& c;
  const rule_pack& pack;
  lang l;

  const std::string& msg(const char* key) const { return pack.message(key).in(l); }

  std::string value_text(const indicator_result& ir) const {
    if (!ir.value) return "—";
    const indicator_rule& rule = *ir.rule;
    const std::string& u = pack.unit_label(rule.unit).in(l);
    std::string v = format_near_bounds(*ir.value, rule.tiers_on_ratio ? std::vector<tier>{} : rule.tiers);
    v += rule.unit == "percent" || u.empty() ? u : " " + u;
    if (ir.ratio) v += fill(msg("ratio_value"), {{"ratio", format_near_bounds(*ir.ratio, rule.tiers)}});
    return v;
  }

  std::string bound_text(const indicator_rule& rule, int t) const {
    const tier& tr = rule.tiers[t];
    if (rule.tiers_on_ratio) return fill(msg("ratio_tier"), {{"op", op_symbol(tr.op)}, {"bound", format_number(tr.bound)}});
    const std::string& u = pack.unit_label(rule.unit).in(l);
    return op_symbol(tr.op) + " " + format_number(tr.bound) + (rule.unit == "percent" || u.empty() ? u : " " + u);
  }

  std::string status_word(const indicator_result& ir) const {
    switch (ir.status) {
      case indicator_status::scored: return value_text(ir);
      case indicator_status::missing: return msg("status_missing");
      case indicator_status::not_applicable: return msg("status_not_applicable");
    }
    return {};
  }

  const std::string& status_name(const indicator_result& ir) const {
    switch (ir.status) {
      case indicator_status::scored: return msg("status_scored");
      case indicator_status::missing: return msg("status_missing");
      case indicator_status::not_applicable: return msg("status_not_applicable");
    }
    return msg("status_scored");
  }

  std::string reason_text(const indicator_change& ch) const {
    std::string bounds;
    for (int t : ch.crossed) bounds += (bounds.empty() ? "" : msg("list_separator")) + bound_text(*ch.to->rule, t);
    switch (ch.reason) {
      case change_reason::unchanged: return msg("reason_same_tier");
      case change_reason::same_tier: return msg("reason_same_tier");
      case change_reason::tier_up: return fill(msg("reason_tier_up"), {{"bounds", bounds}});
      case change_reason::tier_down: return fill(msg("reason_tier_down"), {{"bounds", bounds}});
      case change_reason::now_measured: return msg("reason_now_measured");
      case change_reason::no_longer_measured: return msg("reason_no_longer_measured");
      case change_reason::status_changed:
        return fill(msg("reason_status"), {{"from", status_name(*ch.from)}, {"to", status_name(*ch.to)}});
    }
    return {};
  }

  std::string indicator_text(const indicator_change& ch) const {
    return fill(msg("compare_indicator"), {{"label", ch.to->rule->label.in(l)},
                                           {"from", status_word(*ch.from)},
                                           {"to", status_word(*ch.to)},
                                           {"points_from", half_text(ch.from->half_points)},
                                           {"points_to", half_text(ch.to->half_points)},
                                           {"delta", signed_half(ch.to->half_points - ch.from->half_points)},
                                           {"reason", reason_text(ch)}});
  }

  std::string period_label(std::size_t i) const {
    const assessment& a = *c.periods[i];
    std::string label = i < c.labels.size() ? c.labels[i] : std::to_string(i + 1);
    if (a.period->period) label += " (" + a.period->period->start + " – " + a.period->period->end + ")";
    return label;
  }
};

}  // namespace

comparison compare_periods(std::vector<const assessment*> periods, std::vector<std::string> labels) {
  comparison out;
  out.periods = std::move(periods);
  out.labels = std::move(labels);
  for (std::size_t i = 1; i < out.periods.size(); ++i) {
    const assessment &a = *out.periods[i - 1], &b = *out.periods[i];
    period_change pc;
    pc.from = i - 1;
    pc.to = i;
    for (std::size_t k = 0; k < a.categories.size() && k < b.categories.size(); ++k)
      pc.categories.push_back({b.categories[k].rule, a.categories[k].half_score, b.categories[k].half_score});
    for (std::size_t k = 0; k < a.indicators.size() && k < b.indicators.size(); ++k)
      pc.indicators.push_back(change_of(a.indicators[k], b.indicators[k]));
    out.changes.push_back(std::move(pc));
  }
  return out;
}

json comparison_json(const comparison& c, lang l) {
  const rule_pack& pack = *c.periods.front()->pack;
  writer w{c, pack, l};
  json j;
  j["format"] = "starsheet-compare/1";
  j["rules"] = {{"id", pack.id}, {"version", pack.version}, {"sha256", pack.content_hash}};
  j["lang"] = l == lang::zh ? "zh" : "en";
  j["periods"] = json::array();
  for (std::size_t i = 0; i < c.periods.size(); ++i) {
    const assessment& a = *c.periods[i];
    json pj = {{"label", i < c.labels.size() ? c.labels[i] : std::to_string(i + 1)}, {"provider", a.period->provider}};
    if (a.period->period)
      pj["period"] = {{"kind", a.period->period->kind}, {"start", a.period->period->start}, {"end", a.period->period->end}};
    else
      pj["period"] = nullptr;
    pj["total"] = points_json(a.total_half);
    pj["max"] = points_json(a.max_half);
    pj["stars"] = a.star->stars;
    pj["categories"] = json::array();
    for (const auto& cat : a.categories)
      pj["categories"].push_back({{"id", cat.rule->id}, {"score", points_json(cat.half_score)}, {"max", points_json(cat.half_max)}});
    pj["indicators"] = json::array();
    for (const auto& ir : a.indicators)
      pj["indicators"].push_back({{"id", ir.rule->id},
                                  {"status", to_string(ir.status)},
                                  {"value", ir.value ? number_json(*ir.value) : json(nullptr)},
                                  {"points", points_json(ir.half_points)}});
    j["periods"].push_back(pj);
  }
  j["changes"] = json::array();
  for (const auto& pc : c.changes) {
    const assessment &a = *c.periods[pc.from], &b = *c.periods[pc.to];
    json cj = {{"from", pc.from}, {"to", pc.to}};
    cj["total"] = {{"from", points_json(a.total_half)}, {"to", points_json(b.total_half)},
                   {"delta", points_json(b.total_half - a.total_half)}};
    cj["stars"] = {{"from", a.star->stars}, {"to", b.star->stars}};
    cj["categories"] = json::array();
    for (const auto& cc : pc.categories)
      cj["categories"].push_back({{"id", cc.rule->id}, {"from", points_json(cc.from_half)}, {"to", points_json(cc.to_half)},
                                  {"delta", points_json(cc.to_half - cc.from_half)}});
    cj["indicators"] = json::array();
    for (const auto& ch : pc.indicators) {
      const indicator_rule& rule = *ch.to->rule;
      json ij = {{"id", rule.id},
                 {"from_status", to_string(ch.from->status)},
                 {"to_status", to_string(ch.to->status)},
                 {"from_value", ch.from->value ? number_json(*ch.from->value) : json(nullptr)},
                 {"to_value", ch.to->value ? number_json(*ch.to->value) : json(nullptr)},
                 {"from_points", points_json(ch.from->half_points)},
                 {"to_points", points_json(ch.to->half_points)},
                 {"delta", points_json(ch.to->half_points - ch.from->half_points)},
                 {"reason", to_string(ch.reason)}};
      json crossed = json::array();
      for (int t : ch.crossed)
        crossed.push_back({{"op", to_string(rule.tiers[t].op)},
                           {"bound", number_json(rule.tiers[t].bound)},
                           {"applies_to", rule.tiers_on_ratio ? "ratio" : "value"},
                           {"points", points_json(rule.tiers[t].half_points)}});
      ij["crossed"] = crossed;
      if (ch.reason != change_reason::unchanged) ij["text"] = w.indicator_text(ch);
      cj["indicators"].push_back(ij);
    }
    j["changes"].push_back(cj);
  }
  return j;
}

std::string comparison_text(const comparison& c, lang l) {
  const rule_pack& pack = *c.periods.front()->pack;
  writer w{c, pack, l};
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line(pack.title.in(l));
  line(w.msg("rules") + pack.id + " " + pack.version);
  line("");
  line(w.msg("heading_compare"));
  for (std::size_t i = 0; i < c.periods.size(); ++i)
    line("  " + fill(w.msg("compare_period"), {{"n", std::to_string(i + 1)},
                                               {"label", w.period_label(i)},
                                               {"total", half_text(c.periods[i]->total_half)},
                                               {"stars", std::to_string(c.periods[i]->star->stars)}}));
  for (const auto& pc : c.changes) {
    const assessment &a = *c.periods[pc.from], &b = *c.periods[pc.to];
    line("");
    line(fill(w.msg("compare_step"), {{"from", w.period_label(pc.from)}, {"to", w.period_label(pc.to)}}));
    line("  " + fill(w.msg("compare_total"), {{"from", half_text(a.total_half)},
                                              {"to", half_text(b.total_half)},
                                              {"delta", signed_half(b.total_half - a.total_half)},
                                              {"stars_from", std::to_string(a.star->stars)},
                                              {"stars_to", std::to_string(b.star->stars)}}));
    bool any = false;
    for (const auto& cc : pc.categories) {
      if (cc.from_half == cc.to_half) continue;
      if (!any) line("  " + w.msg("heading_categories"));
      any = true;
      line("    " + fill(w.msg("compare_category"), {{"label", cc.rule->label.in(l)},
                                                     {"from", half_text(cc.from_half)},
                                                     {"to", half_text(cc.to_half)},
                                                     {"delta", signed_half(cc.to_half - cc.from_half)}}));
    }
    // Point changes first, then values that moved within their tier.
    std::vector<const indicator_change*> points, values;
    int unchanged = 0;
    for (const auto& ch : pc.indicators) {
      if (ch.from->half_points != ch.to->half_points) points.push_back(&ch);
      else if (ch.reason != change_reason::unchanged) values.push_back(&ch);
      else ++unchanged;
    }
    if (!points.empty() || !values.empty()) line("  " + w.msg("heading_indicators"));
    for (const auto* ch : points) line("    " + w.indicator_text(*ch));
    for (const auto* ch : values) line("    " + w.indicator_text(*ch));
    if (unchanged > 0) line("  " + fill(w.msg("compare_unchanged"), {{"n", std::to_string(unchanged)}}));
  }
  return visible_controls(out);  // providers and file names come from the data
}

namespace {

// A report read back as the assessment it came from (same rule pack), so that reports kept from
// earlier periods can be compared without their period files.
result<assessment> read_report(const nlohmann::ordered_json& doc, const rule_pack& pack, period_data& period) {
  using json = nlohmann::ordered_json;
  const json* rules = doc.contains("rules") ? &doc["rules"] : nullptr;
  if (!rules || !rules->is_object() || rules->value("id", "") != pack.id || rules->value("version", "") != pack.version)
    return input_error{"/rules", fmt::format("the report was made with another rule pack (this one is {} {})", pack.id, pack.version),
                       "error_report_other_pack", {{"id", pack.id}, {"version", pack.version}}};
  // Reports from before the hash was carried are taken on id and version.
  if (rules->contains("sha256") && rules->value("sha256", "") != pack.content_hash)
    return input_error{"/rules/sha256",
                       fmt::format("the report was made with an edited copy of rule pack {} {} (its content differs from this one's)",
                                   pack.id, pack.version),
                       "error_report_edited_pack", {{"id", pack.id}, {"version", pack.version}}};
  if (doc.contains("provider") && doc["provider"].is_string()) period.provider = doc["provider"].get<std::string>();
  if (doc.contains("period") && doc["period"].is_object()) {
    const json& p = doc["period"];
    period.period = period_info{p.value("kind", ""), p.value("start", ""), p.value("end", "")};
  }
  if (!doc.contains("indicators") || !doc["indicators"].is_array()) return input_error{"/indicators", "expected an array", "error_report_indicators", {}};
  const json& list = doc["indicators"];
  assessment a;
  a.pack = &pack;
  a.period = &period;
  auto half_of = [](const json& v, int& out) {
    if (!is_number_literal(v)) return false;
    rational twice = exact_number(v) * rational(2);
    if (!twice.is_integer() || twice.is_negative()) return false;
    out = static_cast<int>(twice.to_double());
    return true;
  };
  for (const auto& rule : pack.indicators) {
    std::size_t k = 0;
    while (k < list.size() && !(list[k].is_object() && list[k].value("id", "") == rule.id)) ++k;
    std::string at = "/indicators/" + std::to_string(k);
    if (k == list.size()) return input_error{"/indicators", "no entry for " + rule.id, "error_report_no_entry", {{"id", rule.id}}};
    const json& j = list[k];
    indicator_result ir;
    ir.rule = &rule;
    std::string status = j.value("status", "");
    if (status == "scored") ir.status = indicator_status::scored;
    else if (status == "missing") ir.status = indicator_status::missing;
    else if (status == "not_applicable") ir.status = indicator_status::not_applicable;
    else return input_error{at + "/status", "expected scored, missing or not_applicable", "error_report_status", {}};
    if (j.contains("value") && is_number_literal(j["value"])) ir.value = exact_number(j["value"]);
    if (j.contains("ratio") && is_number_literal(j["ratio"])) ir.ratio = exact_number(j["ratio"]);
    if (!half_of(j.value("points", json()), ir.half_points)) return input_error{at + "/points", "expected points", "error_report_points", {}};
    if (!half_of(j.value("max", json()), ir.max_half)) return input_error{at + "/max", "expected points", "error_report_points", {}};
    ir.excluded = j.value("excluded", false);
    ir.what_if = j.value("what_if", false);
    if (j.contains("tier") && j["tier"].is_object() && j["tier"].contains("bound") && is_number_literal(j["tier"]["bound"])) {
      rational bound = exact_number(j["tier"]["bound"]);
      for (std::size_t t = 0; t < rule.tiers.size(); ++t)
        if (rule.tiers[t].bound == bound && to_string(rule.tiers[t].op) == j["tier"].value("op", "")) ir.tier = static_cast<int>(t);
    }
    a.indicators.push_back(std::move(ir));
  }
  sum_up(a);
  int total = 0;
  if (!half_of(doc.value("total", json()), total) || total != a.total_half)
    return input_error{"/total", "does not add up to the indicators' points (was the report edited?)", "error_report_total", {}};
  return a;
}

}  // namespace

result<std::string> compare_period_texts(const std::vector<std::string_view>& texts, const std::vector<std::string>& labels,
                                         const rule_pack& pack, report_format format, lang language, std::size_t* failed) {
  if (texts.empty()) return input_error{"", "no periods to compare"};
  // Assessments point into their periods: keep both at stable addresses.
  std::vector<std::unique_ptr<period_data>> periods;
  std::vector<std::unique_ptr<assessment>> scored;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (failed) *failed = i;
    auto doc = parse_json(texts[i]);
    if (doc && doc->is_object() && doc->value("format", "") == "starsheet-report/1") {
      periods.push_back(std::make_unique<period_data>());
      auto a = read_report(*doc, pack, *periods.back());
      if (!a) return a.error();
      scored.push_back(std::make_unique<assessment>(std::move(*a)));
      continue;
    }
    auto p = parse_period(texts[i], pack);
    if (!p) return p.error();
    periods.push_back(std::make_unique<period_data>(std::move(*p)));
    auto a = assess(*periods.back(), pack);
    if (!a) return a.error();
    if (auto err = check_improvement_inputs(*a)) return *err;
    scored.push_back(std::make_unique<assessment>(std::move(*a)));
  }
  std::vector<const assessment*> list;
  for (const auto& a : scored) list.push_back(a.get());
  comparison c = compare_periods(list, labels);
  if (format == report_format::json) return dump_json(comparison_json(c, language));
  return comparison_text(c, language);
}

std::string_view to_string(change_reason r) {
  switch (r) {
    case change_reason::unchanged: return "unchanged";
    case change_reason::same_tier: return "same_tier";
    case change_reason::tier_up: return "tier_up";
    case change_reason::tier_down: return "tier_down";
    case change_reason::now_measured: return "now_measured";
    case change_reason::no_longer_measured: return "no_longer_measured";
    case change_reason::status_changed: return "status_changed";
  }
  return "";
}

}  // namespace starsheet
