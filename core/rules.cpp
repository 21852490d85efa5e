#include "rules.h"

#include <fmt/format.h>

#include <set>

#include "content_hash.h"
#include "improvement_rules.h"
#include "json_reader.h"
#include "messages.h"
#include "json_text.h"
#include "plans.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

using reader = json_reader;

std::string at_index(const char* array, std::size_t i) { return fmt::format("/{}/{}", array, i); }

std::string show_half(int half) { return half % 2 == 0 ? std::to_string(half / 2) : fmt::format("{}.5", half / 2); }

void read_measures(reader& r, const json& doc, rule_pack& pack) {
  const json& list = r.array(doc, "measures", "");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = at_index("measures", i);
    const json& m = list[i];
    measure_rule rule;
    rule.pointer = r.string(m, "pointer", at);
    rule.type = r.choice<measure_type>(m, "type", at,
                                       {{"count", measure_type::count}, {"amount", measure_type::amount},
                                        {"fraction", measure_type::fraction}, {"level", measure_type::level},
                                        {"set", measure_type::set}, {"positive", measure_type::positive},
                                        {"amounts", measure_type::amounts}, {"choice", measure_type::choice}});
    rule.label = r.bilingual(m, "label", at);
    rule.unit = r.bilingual(m, "unit", at);
    if (r.failed()) return;
    if (rule.pointer.rfind("/measures/", 0) != 0 && rule.pointer.rfind("/benchmarks/", 0) != 0)
      return r.fail(at + "/pointer", "a measure lives under /measures/ or /benchmarks/");
    if (!seen.insert(rule.pointer).second) return r.fail(at + "/pointer", "duplicate measure " + rule.pointer);
    if (rule.type == measure_type::level) {
      rule.min = r.number(m, "min", at);
      rule.max = r.number(m, "max", at);
      if (!r.failed() && *rule.min > *rule.max) return r.fail(at + "/max", "level max is below min");
    }
    if (rule.type == measure_type::set || rule.type == measure_type::choice) {
      const json& allowed = r.array(m, "allowed", at);
      for (std::size_t k = 0; k < allowed.size() && !r.failed(); ++k) {
        std::string a_at = fmt::format("{}/allowed/{}", at, k);
        rule.allowed.push_back({r.string(allowed[k], "id", a_at), r.bilingual(allowed[k], "label", a_at)});
      }
    }
    pack.measures.push_back(std::move(rule));
  }
}

// A formula input must name a measure of a type the formula can use.
void check_input(reader& r, const rule_pack& pack, const std::string& pointer, const std::string& at,
                 std::initializer_list<measure_type> types) {
  if (r.failed()) return;
  const measure_rule* m = pack.find_measure(pointer);
  if (!m) return r.fail(at, "unknown measure " + pointer);
  for (auto t : types)
    if (m->type == t) return;
  r.fail(at, "measure " + pointer + " has a type this formula cannot use");
}

formula read_formula(reader& r, const json& ind, const std::string& at, const rule_pack& pack) {
  formula f{};
  const json* fj = r.member(ind, "formula", at);
  if (!fj) return f;
  std::string fat = at + "/formula";
  f.kind = r.choice<formula_kind>(*fj, "kind", fat,
                                  {{"ratio_percent", formula_kind::ratio_percent},
                                   {"reduction_percent", formula_kind::reduction_percent},
                                   {"mean", formula_kind::mean},
                                   {"complement_percent", formula_kind::complement_percent},
                                   {"value", formula_kind::value},
                                   {"set_count", formula_kind::set_count},
                                   {"benchmark_ratio", formula_kind::benchmark_ratio}});
  if (r.failed()) return f;
  auto input = [&](std::string& dst, const char* key, std::initializer_list<measure_type> types) {
    dst = r.string(*fj, key, fat);
    check_input(r, pack, dst, fat + "/" + key, types);
  };
  const auto quantity = {measure_type::count, measure_type::amount};
  switch (f.kind) {
    case formula_kind::ratio_percent:
      input(f.numerator, "numerator", quantity);
      input(f.denominator, "denominator", quantity);
      if (const json* part = r.member(*fj, "numerator_is_part", fat, false)) {
        if (!part->is_boolean()) r.fail(fat + "/numerator_is_part", "expected true or false");
        else f.numerator_is_part = part->get<bool>();
      }
      break;
    case formula_kind::reduction_percent:
      input(f.before, "before", quantity);
      input(f.after, "after", quantity);
      break;
    case formula_kind::mean:
      input(f.total, "total", quantity);
      input(f.count, "count", quantity);
      break;
    case formula_kind::complement_percent: input(f.measure, "measure", {measure_type::fraction}); break;
    case formula_kind::value: input(f.measure, "measure", {measure_type::count, measure_type::level}); break;
    case formula_kind::set_count: input(f.measure, "measure", {measure_type::set}); break;
    case formula_kind::benchmark_ratio: {
      const json& groups = r.array(*fj, "groups", fat);
      for (std::size_t g = 0; g < groups.size() && !r.failed(); ++g) {
        std::string gat = fmt::format("{}/groups/{}", fat, g);
        benchmark_group grp;
        grp.id = r.string(groups[g], "id", gat);
        grp.total = r.string(groups[g], "total", gat);
        check_input(r, pack, grp.total, gat + "/total", quantity);
        grp.count = r.string(groups[g], "count", gat);
        check_input(r, pack, grp.count, gat + "/count", quantity);
        grp.benchmark = r.string(groups[g], "benchmark", gat);
        check_input(r, pack, grp.benchmark, gat + "/benchmark", {measure_type::positive});
        f.groups.push_back(std::move(grp));
      }
      break;
    }
  }
  return f;
}

void read_tiers(reader& r, const json& ind, const std::string& at, indicator_rule& rule) {
  const json& tiers = r.array(ind, "tiers", at);
  bool higher = rule.dir == direction::higher_is_better;
  for (std::size_t t = 0; t < tiers.size() && !r.failed(); ++t) {
    std::string tat = fmt::format("{}/tiers/{}", at, t);
    tier tr{};
    tr.op = r.choice<tier_op>(tiers[t], "op", tat,
                              {{">=", tier_op::ge}, {">", tier_op::gt}, {"<=", tier_op::le}, {"<", tier_op::lt}});
    auto bound = r.number(tiers[t], "bound", tat);
    tr.half_points = r.half_points(tiers[t], "points", tat);
    if (r.failed()) return;
    tr.bound = *bound;
    bool op_higher = tr.op == tier_op::ge || tr.op == tier_op::gt;
    if (op_higher != higher)
      return r.fail(tat + "/op", fmt::format("operator {} does not fit a {} indicator", to_string(tr.op),
                                             higher ? "higher_is_better" : "lower_is_better"));
    if (tr.half_points > rule.max_half)
      return r.fail(tat + "/points", fmt::format("tier gives {} points, more than the indicator's max {}",
                                                 show_half(tr.half_points), show_half(rule.max_half)));
    if (t == 0 && tr.half_points != rule.max_half)
      return r.fail(tat + "/points", fmt::format("the best tier gives {} points but the indicator's max is {}",
                                                 show_half(tr.half_points), show_half(rule.max_half)));
    if (t > 0) {
      const tier& prev = rule.tiers.back();
      bool ordered = higher ? tr.bound < prev.bound : tr.bound > prev.bound;
      if (!ordered)
        return r.fail(tat + "/bound",
                      fmt::format("tiers out of order: bound {} follows {} (tiers go from best to worst, bounds strictly {})",
                                  tr.bound.str(), prev.bound.str(), higher ? "decreasing" : "increasing"));
      if (tr.half_points >= prev.half_points)
        return r.fail(tat + "/points", fmt::format("tiers out of order: {} points follows {} (points must fall tier by tier)",
                                                   show_half(tr.half_points), show_half(prev.half_points)));
    }
    rule.tiers.push_back(tr);
  }
}

void read_indicators(reader& r, const json& doc, rule_pack& pack, zero_denominator_policy default_policy) {
  const json& list = r.array(doc, "indicators", "");
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = at_index("indicators", i);
    const json& ind = list[i];
    indicator_rule rule;
    rule.id = r.string(ind, "id", at);
    if (!r.failed() && pack.find_indicator(rule.id)) return r.fail(at + "/id", "duplicate indicator " + rule.id);
    rule.category = r.string(ind, "category", at);
    if (!r.failed() && !pack.find_category(rule.category))
      return r.fail(at + "/category", "unknown category " + rule.category);
    rule.label = r.bilingual(ind, "label", at);
    rule.unit = r.string(ind, "unit", at);
    if (!r.failed() && !pack.units.count(rule.unit)) return r.fail(at + "/unit", "unknown unit " + rule.unit);
    rule.max_half = r.half_points(ind, "max", at);
    if (!r.failed() && rule.max_half == 0) return r.fail(at + "/max", "an indicator's max must be above 0");
    rule.calc = read_formula(r, ind, at, pack);
    rule.formula_text = r.bilingual(ind, "formula_text", at);
    rule.dir = r.choice<direction>(ind, "direction", at,
                                   {{"higher_is_better", direction::higher_is_better},
                                    {"lower_is_better", direction::lower_is_better}});
    read_tiers(r, ind, at, rule);
    if (r.member(ind, "otherwise_points", at, false)) {
      rule.otherwise_half = r.half_points(ind, "otherwise_points", at);
      if (!r.failed() && rule.otherwise_half >= rule.tiers.back().half_points)
        return r.fail(at + "/otherwise_points", "points below every tier must be fewer than the last tier's");
    }
    if (r.member(ind, "tiers_apply_to", at, false)) {
      rule.tiers_on_ratio = r.choice<bool>(ind, "tiers_apply_to", at, {{"value", false}, {"ratio", true}});
      if (!r.failed() && rule.tiers_on_ratio && rule.calc.kind != formula_kind::benchmark_ratio)
        return r.fail(at + "/tiers_apply_to", "only a benchmark_ratio formula has a ratio to score");
    }
    rule.zero_denominator = default_policy;
    if (r.member(ind, "zero_denominator", at, false))
      rule.zero_denominator = r.choice<zero_denominator_policy>(
          ind, "zero_denominator", at,
          {{"full_points", zero_denominator_policy::full_points},
           {"zero_points", zero_denominator_policy::zero_points},
           {"exclude", zero_denominator_policy::exclude}});
    rule.advice = r.bilingual(ind, "advice", at);
    rule.readings = r.strings(ind, "readings", at);
    for (std::size_t k = 0; k < rule.readings.size() && !r.failed(); ++k)
      if (!pack.find_reading(rule.readings[k]))
        return r.fail(fmt::format("{}/readings/{}", at, k), "unknown reading " + rule.readings[k]);
    if (!r.failed()) pack.indicators.push_back(std::move(rule));
  }
}

void read_categories(reader& r, const json& doc, rule_pack& pack) {
  const json& list = r.array(doc, "categories", "");
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = at_index("categories", i);
    category_rule cat;
    cat.id = r.string(list[i], "id", at);
    if (!r.failed() && pack.find_category(cat.id)) return r.fail(at + "/id", "duplicate category " + cat.id);
    cat.label = r.bilingual(list[i], "label", at);
    cat.max_half = r.half_points(list[i], "max", at);
    const json& bands = r.array(list[i], "bands", at);
    for (std::size_t b = 0; b < bands.size() && !r.failed(); ++b) {
      std::string bat = fmt::format("{}/bands/{}", at, b);
      band bd;
      bd.min_half = r.half_points(bands[b], "min", bat);
      bd.max_half = r.half_points(bands[b], "max", bat);
      bd.verdict = r.bilingual(bands[b], "verdict", bat);
      if (r.failed()) return;
      if (bd.min_half > bd.max_half) return r.fail(bat + "/max", "band max is below its min");
      if (b == 0 && bd.max_half != cat.max_half)
        return r.fail(bat + "/max", fmt::format("the best band must end at the category max {}", show_half(cat.max_half)));
      if (b > 0 && bd.min_half >= cat.bands.back().min_half)
        return r.fail(bat + "/min", "bands out of order: list them from best to worst with falling lower bounds");
      cat.bands.push_back(std::move(bd));
    }
    if (!r.failed() && cat.bands.back().min_half != 0)
      return r.fail(fmt::format("{}/bands/{}/min", at, cat.bands.size() - 1), "the last band must start at 0");
    pack.categories.push_back(std::move(cat));
  }
}

void read_stars(reader& r, const json& doc, rule_pack& pack) {
  const json& list = r.array(doc, "stars", "");
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = at_index("stars", i);
    star_rule s;
    auto n = r.number(list[i], "stars", at);
    auto min = r.number(list[i], "min", at);
    s.label = r.bilingual(list[i], "label", at);
    s.description = r.bilingual(list[i], "description", at);
    s.suggestion = r.bilingual(list[i], "suggestion", at);
    if (r.failed()) return;
    if (!n->is_integer() || *n < rational(1)) return r.fail(at + "/stars", "expected a whole number of stars ≥ 1");
    s.stars = static_cast<int>(n->to_double());
    s.min = *min;
    if (i > 0 && (s.min >= pack.stars.back().min || s.stars >= pack.stars.back().stars))
      return r.fail(at + "/min", "star levels out of order: list them from most stars to fewest with falling thresholds");
    pack.stars.push_back(std::move(s));
  }
  if (!r.failed() && !pack.stars.back().min.is_zero())
    r.fail(fmt::format("/stars/{}/min", pack.stars.size() - 1), "the lowest star level must start at 0");
}

}  // namespace

result<rule_pack> load_rules(std::string_view json_text) {
  auto doc = parse_json(json_text);
  if (!doc) return doc.error();
  reader r;
  rule_pack pack;
  const json& d = *doc;
  pack.content_hash = sha256_hex(canonical_text(d));
  std::string format = r.string(d, "format", "");
  if (!r.failed() && format != "starsheet-rules/1")
    r.fail("/format", fmt::format("expected \"starsheet-rules/1\", got \"{}\"", format));
  pack.id = r.string(d, "id", "");
  pack.version = r.string(d, "version", "");
  pack.title = r.bilingual(d, "title", "");

  const json* params = r.member(d, "parameters", "");
  zero_denominator_policy default_policy = zero_denominator_policy::full_points;
  if (params) {
    pack.total_max_half = r.half_points(*params, "total_max", "/parameters");
    auto provisional = r.number(*params, "provisional_below_percent", "/parameters");
    if (provisional && (!provisional->is_integer() || provisional->is_negative() || *provisional > rational(100)))
      r.fail("/parameters/provisional_below_percent", "expected a whole percentage from 0 to 100");
    else if (provisional)
      pack.provisional_below_percent = static_cast<int>(provisional->to_double());
    // The readings of appendix-a.md that the engine implements as fixed behaviour are named
    // here so that a pack cannot silently assume another reading.
    r.choice<int>(*params, "band_selection", "/parameters", {{"highest_lower_bound", 0}});
    r.choice<int>(*params, "missing_points", "/parameters", {{"zero", 0}});
    default_policy = r.choice<zero_denominator_policy>(
        *params, "zero_denominator_default", "/parameters",
        {{"full_points", zero_denominator_policy::full_points},
         {"zero_points", zero_denominator_policy::zero_points},
         {"exclude", zero_denominator_policy::exclude}});
  }

  if (const json* units = r.member(d, "units", ""); units && !r.failed()) {
    if (!units->is_object()) return input_error{"/units", "expected an object"};
    for (auto& [key, value] : units->items())
      pack.units[key] = r.bilingual(*units, key.c_str(), "/units");
  }

  const json& readings = r.array(d, "readings", "");
  for (std::size_t i = 0; i < readings.size() && !r.failed(); ++i) {
    std::string at = at_index("readings", i);
    reading rd;
    rd.id = r.string(readings[i], "id", at);
    rd.applies_to = r.strings(readings[i], "applies_to", at);
    rd.body = r.bilingual(readings[i], "text", at);
    if (!r.failed() && pack.find_reading(rd.id)) r.fail(at + "/id", "duplicate reading " + rd.id);
    pack.readings.push_back(std::move(rd));
  }

  const json& kinds = r.array(d, "period_kinds", "");
  for (std::size_t i = 0; i < kinds.size() && !r.failed(); ++i) {
    std::string at = at_index("period_kinds", i);
    period_kind kind{r.string(kinds[i], "id", at), r.bilingual(kinds[i], "label", at), 0};
    auto max_days = r.number(kinds[i], "max_days", at);
    if (max_days && (!max_days->is_integer() || *max_days < rational(1) || *max_days > rational(3660)))
      r.fail(at + "/max_days", "expected a whole number of days from 1 to 3660");
    else if (max_days)
      kind.max_days = static_cast<int>(max_days->to_double());
    pack.period_kinds.push_back(std::move(kind));
  }

  if (const json* messages = r.member(d, "messages", ""); messages && !r.failed()) {
    if (!messages->is_object()) return input_error{"/messages", "expected an object"};
    for (auto& [key, value] : messages->items()) pack.messages[key] = r.bilingual(*messages, key.c_str(), "/messages");
    for (const auto& key : required_message_keys())
      if (!r.failed() && !pack.messages.count(key)) r.fail(pointer_append("/messages", key), "required message is missing");
    for (const auto& key : error_message_keys())  // input errors in the user's language (messages.h)
      if (!r.failed() && !pack.messages.count(key)) r.fail(pointer_append("/messages", key), "required message is missing");
  }

  read_stars(r, d, pack);
  read_categories(r, d, pack);
  read_measures(r, d, pack);
  read_indicators(r, d, pack, default_policy);
  if (r.failed()) return r.error();

  // Cross-checks: the maxima of Table A.2 must add up, and readings must name real things.
  int total = 0;
  for (std::size_t c = 0; c < pack.categories.size(); ++c) {
    const category_rule& cat = pack.categories[c];
    int sum = 0;
    for (const auto& ind : pack.indicators)
      if (ind.category == cat.id) sum += ind.max_half;
    if (sum != cat.max_half)
      return input_error{fmt::format("/categories/{}/max", c),
                         fmt::format("category {} has max {} but its indicators add up to {}", cat.id,
                                     show_half(cat.max_half), show_half(sum))};
    total += cat.max_half;
  }
  if (total != pack.total_max_half)
    return input_error{"/parameters/total_max", fmt::format("total_max is {} but the categories add up to {}",
                                                            show_half(pack.total_max_half), show_half(total))};
  int largest = 0;
  for (const auto& ind : pack.indicators) largest = std::max(largest, ind.max_half);
  if (long states = plan_states_of(pack.total_max_half, largest); states > max_plan_states)
    return input_error{"/parameters/total_max",
                       fmt::format("a total of {} points with an indicator worth {} is more than the plan solver is "
                                   "built for ({} states, at most {}): lower the total or the largest indicator's points",
                                   show_half(pack.total_max_half), show_half(largest), states, max_plan_states)};
  for (std::size_t i = 0; i < pack.readings.size(); ++i)
    for (std::size_t k = 0; k < pack.readings[i].applies_to.size(); ++k) {
      const std::string& id = pack.readings[i].applies_to[k];
      if (!pack.find_indicator(id) && !pack.find_category(id))
        return input_error{fmt::format("/readings/{}/applies_to/{}", i, k), "unknown indicator or category " + id};
    }
  if (auto err = load_improvement(d, pack)) return *err;
  return pack;
}

const measure_rule* rule_pack::find_measure(std::string_view pointer) const {
  for (const auto& m : measures)
    if (m.pointer == pointer) return &m;
  return nullptr;
}

const indicator_rule* rule_pack::find_indicator(std::string_view id) const {
  for (const auto& i : indicators)
    if (i.id == id) return &i;
  return nullptr;
}

const category_rule* rule_pack::find_category(std::string_view id) const {
  for (const auto& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

const reading* rule_pack::find_reading(std::string_view id) const {
  for (const auto& r : readings)
    if (r.id == id) return &r;
  return nullptr;
}

const text& rule_pack::unit_label(const std::string& unit) const { return units.at(unit); }

std::string_view to_string(tier_op op) {
  switch (op) {
    case tier_op::ge: return ">=";
    case tier_op::gt: return ">";
    case tier_op::le: return "<=";
    case tier_op::lt: return "<";
  }
  return "";
}

std::string_view to_string(zero_denominator_policy p) {
  switch (p) {
    case zero_denominator_policy::full_points: return "full_points";
    case zero_denominator_policy::zero_points: return "zero_points";
    case zero_denominator_policy::exclude: return "exclude";
  }
  return "";
}

}  // namespace starsheet

namespace starsheet {

const std::vector<std::string>& required_message_keys() {
  static const std::vector<std::string> keys = {
      "provider", "period", "period_range", "rules", "total_line", "suggestion", "next_star", "top_level",
      "heading_categories", "heading_indicators", "heading_advice", "heading_readings", "heading_stars",
      "ratio_tier", "ratio_equivalent", "ratio_value", "ratio_word", "otherwise", "tier_none",
      "status_missing", "status_not_applicable", "status_what_if", "formula", "note_missing", "note_not_applicable_full",
      "note_not_applicable_zero", "note_not_applicable_excluded", "advice_measure", "advice_next_tier",
      "advice_none", "ignored", "list_separator",
      // issue 10 item 8: the exports (.xlsx, standalone HTML) and the printed form
      "export_form_heading", "export_sheet_form", "export_sheet_indicators", "export_sheet_plan", "export_col_no",
      "export_col_category", "export_col_category_max", "export_col_indicator", "export_col_indicator_max",
      "export_col_value", "export_col_tier", "export_col_points", "export_col_category_score", "export_col_status",
      "export_col_note", "export_total", "export_star_level", "export_star_value", "export_assumed",
      "export_filled_by", "export_reviewed_by", "export_date",
      // issue 5: plans, practices, reference checks, recovery, uncertainty, compare
      "heading_plans",
      "plan_goal", "plan_best", "plan_alternative", "plan_step", "plan_from_missing", "plan_unreachable",
      "effort_failure_cut", "effort_relative_cut", "effort_per_unit", "effort_start", "effort_start_then",
      // issue 6: one list of what to do, effort in words
      "effort_per_unit_down", "advice_measure_tier", "share_fraction", "share_about", "share_all", "plan_least_effort", "plan_effort_same", "plan_effort_more",
      "advice_in_plan", "advice_unreachable", "advice_effort", "advice_not_recommended",
      "heading_practices", "practice_line", "practice_in_plan", "practices_none", "heading_reference_checks",
      "check_line", "check_met", "check_not_met", "check_not_measured", "check_no_events", "check_alt",
      "heading_recovery", "recovery_share_line", "recovery_damage_line", "recovery_insured_line",
      "recovery_not_priced", "recovery_damage_label", "recovery_cap", "recovery_total", "recovery_removed",
      "recovery_removed_step", "recovery_removed_none", "recovery_not_measured", "recovery_total_partial",
      "recovery_share_line_own", "recovery_damage_line_own", "recovery_which_insured", "recovery_basis_own",
      "recovery_basis_average", "recovery_currency", "recovery_currency_same", "recovery_currency_no_rate",
      "recovery_rate_reference", "recovery_rate_given",
      "heading_uncertainty", "interval_line", "interval_uncertain", "interval_certain", "small_sample",
      "small_sample_mean", "uncertainty_none",
      "heading_outlook", "outlook_line", "outlook_after_plan", "outlook_star", "outlook_keep", "outlook_reach",
      "outlook_basis", "outlook_none", "outlook_percent_small", "outlook_percent_large", "heading_compare", "compare_period", "compare_step",
      "compare_total", "compare_category", "compare_indicator", "compare_unchanged", "reason_tier_up",
      "reason_tier_down", "reason_same_tier", "reason_now_measured", "reason_no_longer_measured",
      "reason_status", "status_scored",
      // issue 10: coverage, what-ifs beside the actual result
      "coverage_line", "provisional_star", "provisional_suggestion", "category_no_data", "category_partial",
      "what_if_banner", "what_if_actual"};
  return keys;
}

}  // namespace starsheet
