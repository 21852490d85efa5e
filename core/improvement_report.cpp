#include "improvement_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "messages.h"
#include "report.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

// A small positive number keeps its leading digits ("0.0048"), everything else two decimals;
// either way never shown as a bound it does not reach.
std::string show(const rational& v, const std::vector<rational>& bounds = {}) {
  double d = v.to_double();
  int decimals = d != 0 && d < 1 && d > -1 ? 4 : 2;
  for (;; ++decimals) {
    std::string s = format_number(v, decimals);
    if (decimals >= 12) return s;
    rational shown = *rational::from_decimal(s);
    bool misleading = false;
    for (const auto& b : bounds) misleading = misleading || (shown == b && v != b);
    if (!misleading) return s;
  }
}

// A value shown to its last digit (an exchange rate as given: 7.0885, not 7.09); at most 12
// decimals for a value with no finite decimal form.
std::string show_exact(const rational& v) {
  for (int decimals = 0;; ++decimals) {
    std::string s = format_number(v, decimals);
    if (decimals >= 12 || *rational::from_decimal(s) == v) return s;
  }
}

json source_json(const rule_pack& pack, const citation& c) {
  json j = {{"document", c.doc}};
  if (const source_doc* d = improvement_of(pack).find_source(c.doc)) j["file"] = d->file;
  j["section"] = c.section;
  j["cite"] = cite(c);
  return j;
}

// The words shared by the plans and the advice list: values with their units, and what a step
// of the effort model asks, said in words.
struct phrases {
  const rule_pack& pack;
  lang l;

  const std::string& msg(const char* key) const { return pack.message(key).in(l); }

  std::string unit_text(const std::string& unit, const std::string& number) const {
    const std::string& u = pack.unit_label(unit).in(l);
    if (unit == "percent" || u.empty()) return number + u;
    return number + " " + u;
  }

  // Indicator values read as in the rest of the report: two decimals, never a missed bound.
  std::string value_text(const indicator_rule& rule, const rational& v) const {
    return unit_text(rule.unit, format_near_bounds(v, rule.tiers_on_ratio ? std::vector<tier>{} : rule.tiers));
  }

  // A share 0 < s <= 1 as people say it: "7 in 10", "about 1 in 3", "about 99 in 100", "all".
  // The nearest of k in n for n up to 5 or 10, 1 in N and N-1 in N; the simpler on a tie.
  std::string share_text(const rational& s) const {
    if (s >= rational(1)) return msg("share_all");
    const double d = s.to_double();
    std::int64_t k = 1, n = 2;
    double best = 2;
    auto consider = [&](std::int64_t kk, std::int64_t nn) {
      double diff = std::fabs(d - static_cast<double>(kk) / static_cast<double>(nn));
      if (diff < best - 1e-12) best = diff, k = kk, n = nn;
    };
    for (std::int64_t nn : {2, 3, 4, 5, 10})
      for (std::int64_t kk = 1; kk < nn; ++kk)
        if (std::gcd(kk, nn) == 1) consider(kk, nn);
    if (d > 0 && d < 1) {
      if (std::int64_t many = std::llround(1 / d); many >= 2) consider(1, many);
      if (std::int64_t many = std::llround(1 / (1 - d)); many >= 2) consider(many - 1, many);
    }
    bool exact = s == rational(k) / rational(n);
    return fill(msg("share_fraction"),
                {{"about", exact ? std::string() : msg("share_about")}, {"k", std::to_string(k)}, {"n", std::to_string(n)}});
  }

  // What a climb asks, by the indicator's effort model.
  std::string climb_text(const indicator_rule& rule, const effort_rule& e, const rational& from, const rational& to) const {
    const improvement_rules& ir = improvement_of(pack);
    switch (e.kind) {
      case effort_kind::failure_cut: {
        std::string share = share_text((to - from) / (ir.failure_ceiling - from));
        const std::string& words = e.words.in(l);
        return fill(words.empty() ? msg("effort_failure_cut") : words, {{"share", share}});
      }
      case effort_kind::relative_cut:
        return fill(msg("effort_relative_cut"), {{"cut", show(rational(100) * (from - to) / from)}});
      case effort_kind::per_unit: {
        rational d = to >= from ? to - from : from - to;
        std::string units = rule.tiers_on_ratio ? show(d) : unit_text(rule.unit, show(d));
        return fill(msg(to >= from ? "effort_per_unit" : "effort_per_unit_down"), {{"units", units}});
      }
    }
    return {};
  }

  std::string detail_text(const plan_step& s) const {
    const indicator_rule& rule = *s.indicator->rule;
    const effort_rule& e = *improvement_of(pack).find_effort(rule.id);
    if (s.from_scored) return climb_text(rule, e, *s.from_scored, s.option.target_scored);
    int lowest = static_cast<int>(rule.tiers.size()) - 1;
    if (s.option.tier == lowest) return msg("effort_start");
    rational assumed = *tier_target(rule, lowest, e);
    std::string assumed_text = rule.tiers_on_ratio ? fill(msg("ratio_tier"), {{"op", "="}, {"bound", show(assumed)}})
                                                   : value_text(rule, assumed);
    return fill(msg("effort_start_then"), {{"assumed", assumed_text},
                                           {"detail", climb_text(rule, e, assumed, s.option.target_scored)}});
  }
};

struct writer : phrases {
  const assessment& a;
  const improvement& imp;

  writer(const assessment& assessed, const rule_pack& p, const improvement& sections, lang language)
      : phrases{p, language}, a(assessed), imp(sections) {}

  // --- outlook -------------------------------------------------------------------------------

  // A probability as a whole percent; never 0 % or 100 % for what merely rounds there.
  std::string percent_text(const rational& share) const {
    rational percent = share * rational(100);
    if (!percent.is_zero() && percent < rational(1)) return msg("outlook_percent_small");
    if (percent > rational(99) && percent < rational(100)) return msg("outlook_percent_large");
    return format_number(percent, 0) + "%";
  }

  // "4★ 12%，3★ 73%，2★ 15%": the levels any draw reached, best first.
  std::string odds_text(const star_odds& odds) const {
    std::string out;
    for (int s = 5; s >= 1; --s) {
      int n = odds.at_stars[static_cast<std::size_t>(s)];
      if (n == 0) continue;
      out += (out.empty() ? "" : msg("list_separator")) +
             fill(msg("outlook_star"), {{"stars", std::to_string(s)}, {"percent", percent_text(rational(n) / rational(odds.draws))}});
    }
    return out;
  }

  std::string keep_text(const star_odds& odds) const {
    return fill(msg("outlook_keep"), {{"stars", std::to_string(a.star->stars)}, {"percent", percent_text(odds.at_least(a.star->stars))}});
  }

  std::string reach_text(const star_odds& odds, int goal) const {
    return fill(msg("outlook_reach"), {{"stars", std::to_string(goal)}, {"percent", percent_text(odds.at_least(goal))}});
  }

  std::string basis_text() const {
    return fill(msg("outlook_basis"), {{"rates", std::to_string(imp.outlook.varied)},
                                       {"draws", grouped(std::to_string(imp.outlook.next_period->draws))}});
  }

  // {"stars": {"1": p1, …, "5": p5}, "draws": N, …}: the probabilities exact (draws are few).
  json odds_json(const star_odds& odds) const {
    json stars = json::object();
    for (int s = 1; s <= 5; ++s)
      stars[std::to_string(s)] = number_json(rational(odds.at_stars[static_cast<std::size_t>(s)]) / rational(odds.draws));
    json out = json::object();
    out["stars"] = std::move(stars);
    out["draws"] = odds.draws;
    return out;
  }

  std::string labels(const std::vector<std::string>& pointers) const {
    std::string out;
    for (const auto& p : pointers) {
      const measure_rule* m = pack.find_measure(p);
      out += (out.empty() ? "" : msg("list_separator")) + (m ? m->label.in(l) : p);
    }
    return out;
  }

  // --- plans ------------------------------------------------------------------------------

  bool higher(const indicator_rule& rule) const { return rule.dir == direction::higher_is_better; }

  std::string from_text(const plan_step& s) const {
    const indicator_rule& rule = *s.indicator->rule;
    if (!s.from_value) return msg("plan_from_missing");
    std::string out = value_text(rule, *s.from_value);
    if (rule.tiers_on_ratio && s.from_scored)
      out += fill(msg("ratio_value"), {{"ratio", format_near_bounds(*s.from_scored, rule.tiers)}});
    return out;
  }

  std::string target_text(const plan_step& s) const {
    const indicator_rule& rule = *s.indicator->rule;
    std::string op = op_symbol(higher(rule) ? tier_op::ge : tier_op::le);
    if (!rule.tiers_on_ratio) return op + " " + value_text(rule, s.option.target_scored);
    std::string out = fill(msg("ratio_tier"), {{"op", op}, {"bound", show(s.option.target_scored)}});
    if (s.target_value) out += fill(msg("ratio_equivalent"), {{"value", value_text(rule, *s.target_value)}});
    return out;
  }

  std::string step_text(const plan_step& s) const {
    return (s.option.unreachable ? msg("advice_unreachable") : std::string()) +
           fill(msg("plan_step"), {{"indicator", s.indicator->rule->label.in(l)},
                                   {"from", from_text(s)},
                                   {"target", target_text(s)},
                                   {"gain", half_text(s.option.gain_half)},
                                   {"detail", detail_text(s)}});
  }

  // A plan's effort in words: the best plan's is the least; an alternative's, how much more.
  std::string plan_effort_text(const plan& p, const plan& best) const {
    if (&p == &best) return msg("plan_least_effort");
    if (p.effort == best.effort || best.effort.is_zero()) return msg("plan_effort_same");
    rational more = rational(100) * (p.effort - best.effort) / best.effort;
    return fill(msg("plan_effort_more"), {{"percent", format_number(more, more < rational(1) ? 2 : 0)}});
  }

  json step_json(const plan_step& s) const {
    const indicator_rule& rule = *s.indicator->rule;
    const tier& t = rule.tiers[s.option.tier];
    json j = {{"indicator", rule.id},
              {"status", to_string(s.indicator->status)},
              {"from_value", s.from_value ? number_json(*s.from_value) : json(nullptr)},
              {"target_value", s.target_value ? number_json(*s.target_value) : json(nullptr)},
              {"gain", points_json(s.option.gain_half)}};
    j["tier"] = {{"op", to_string(t.op)},
                 {"bound", number_json(t.bound)},
                 {"applies_to", rule.tiers_on_ratio ? "ratio" : "value"},
                 {"points", points_json(t.half_points)}};
    if (rule.tiers_on_ratio) {
      j["from_ratio"] = s.from_scored ? number_json(*s.from_scored) : json(nullptr);
      j["target_ratio"] = number_json(s.option.target_scored);
    }
    j["effort"] = s.option.effort.to_double();
    j["effort_text"] = detail_text(s);
    if (s.option.failure_cut) j["failures_removed"] = s.option.failure_cut->to_double();
    j["unreachable_in_practice"] = s.option.unreachable;
    j["text"] = step_text(s);
    return j;
  }

  json plan_json(const plan& p, const plan_goal& g, std::size_t i) const {
    const plan& best = g.plans.front();
    json j = {{"total_after", points_json(p.total_after_half)}, {"stars_after", p.stars_after},
              {"gain", points_json(p.gain_half)}, {"effort", p.effort.to_double()},
              {"effort_text", plan_effort_text(p, best)}, {"text", plan_head(p, g, i)}};
    j["steps"] = json::array();
    for (const auto& s : p.steps) j["steps"].push_back(step_json(s));
    return j;
  }

  json goal_json(const std::optional<plan_goal>& g) const {
    if (!g) return nullptr;
    json j = {{"stars", g->stars}, {"threshold", number_json(g->threshold)}, {"needed", points_json(g->needed_half)},
              {"reachable", g->reachable}, {"goal_text", goal_head(*g)}};
    if (g->plans.empty()) {
      j["total_after"] = nullptr;
      j["effort"] = nullptr;
      j["effort_text"] = nullptr;
      j["text"] = nullptr;
      j["steps"] = json::array();
      j["alternatives"] = json::array();
      return j;
    }
    json best = plan_json(g->plans.front(), *g, 0);
    for (auto& [key, value] : best.items()) j[key] = value;
    j["alternatives"] = json::array();
    for (std::size_t i = 1; i < g->plans.size(); ++i) j["alternatives"].push_back(plan_json(g->plans[i], *g, i));
    return j;
  }

  // A goal's line: what it needs, or that it is out of reach.
  std::string goal_head(const plan_goal& g) const {
    if (!g.reachable || g.plans.empty()) return fill(msg("plan_unreachable"), {{"stars", std::to_string(g.stars)}});
    return fill(msg("plan_goal"), {{"stars", std::to_string(g.stars)},
                                   {"points", half_text(g.needed_half)},
                                   {"threshold", show(g.threshold)}});
  }

  // A plan's line: best or alternative n, its effort in words, steps, the total afterwards.
  std::string plan_head(const plan& p, const plan_goal& g, std::size_t i) const {
    return fill(msg(i == 0 ? "plan_best" : "plan_alternative"),
                {{"n", std::to_string(i)},
                 {"effort", plan_effort_text(p, g.plans.front())},
                 {"steps", std::to_string(p.steps.size())},
                 {"total", half_text(p.total_after_half)},
                 {"stars", std::to_string(p.stars_after)}});
  }

  void goal_text(std::string& out, const plan_goal& g) const {
    out += "  " + goal_head(g) + "\n";
    if (!g.reachable || g.plans.empty()) return;
    for (std::size_t i = 0; i < g.plans.size(); ++i) {
      const plan& p = g.plans[i];
      out += "    " + plan_head(p, g, i) + "\n";
      int n = 0;
      for (const auto& s : p.steps) out += fmt::format("      {}. {}\n", ++n, step_text(s));
    }
  }

  // --- practices --------------------------------------------------------------------------

  std::string practice_text(const practice_advice& p) const {
    std::string inds;
    for (const auto* ir : p.moves) inds += (inds.empty() ? "" : msg("list_separator")) + ir->rule->label.in(l);
    return (p.in_plan ? msg("practice_in_plan") : std::string()) +
           fill(msg("practice_line"), {{"text", p.item->body.in(l)}, {"cite", cite(p.item->source)}, {"indicators", inds}});
  }

  // --- reference checks -------------------------------------------------------------------

  std::string check_target(const reference_check_rule& r, const rational& bound) const {
    return op_symbol(r.op) + " " + unit_text(r.unit, show(bound));
  }

  std::string check_text(const check_result& c) const {
    const reference_check_rule& r = *c.rule;
    std::string verdict, value = "—";
    switch (c.status) {
      case check_status::met: verdict = msg("check_met"); break;
      case check_status::not_met: verdict = msg("check_not_met"); break;
      case check_status::not_measured: verdict = fill(msg("check_not_measured"), {{"inputs", labels(c.absent)}}); break;
      case check_status::no_events: verdict = msg("check_no_events"); break;
    }
    std::vector<rational> bounds{r.bound};
    if (r.alt_bound) bounds.push_back(*r.alt_bound);
    if (c.value) value = unit_text(r.unit, show(*c.value, bounds));
    std::string out = fill(msg("check_line"), {{"label", r.label.in(l)},
                                               {"value", value},
                                               {"target", check_target(r, r.bound)},
                                               {"verdict", verdict},
                                               {"cite", cite(r.source)}});
    if (c.meets_alt)
      out += msg("list_separator") + fill(msg("check_alt"), {{"target", check_target(r, *r.alt_bound)},
                                                            {"verdict", msg(*c.meets_alt ? "check_met" : "check_not_met")}});
    return out;
  }

  // --- recovery ---------------------------------------------------------------------------

  std::string part_label(const recovery_part& p) const {
    return p.rule ? p.rule->label.in(l) : msg("recovery_damage_label");
  }

  // Amounts and counts of parcels grouped by thousands ("68,522.4"), as a manager reads money.
  static std::string grouped_amount(const rational& v) { return grouped(show(v)); }

  // A range as one number when its ends are equal.
  static std::string range_text(const rational& low, const rational& high) {
    return low == high ? grouped_amount(low) : grouped_amount(low) + "–" + grouped_amount(high);
  }

  // The freight currency's name in the report's language ("人民币", "Chinese yuan").
  std::string currency_label(const std::string& code) const {
    if (const measure_rule* m = pack.find_measure(improvement_of(pack).recovery.exchange.freight_currency))
      for (const auto& a : m->allowed)
        if (a.id == code) return a.label.in(l);
    return code;
  }

  // Which currency the amounts are in and how the cap was converted into it.
  std::string currency_text(const recovery_estimate& e) const {
    const recovery_rules& r = improvement_of(pack).recovery;
    switch (e.rate_from) {
      case rate_source::same_currency:
        return fill(msg("recovery_currency_same"), {{"currency", currency_label(e.currency)}});
      case rate_source::given:
      case rate_source::reference:
        return fill(msg("recovery_currency"),
                    {{"currency", currency_label(e.currency)},
                     {"cap_currency", r.currency},
                     {"rate", show_exact(*e.rate)},
                     {"code", e.currency},
                     {"source", e.rate_from == rate_source::given
                                    ? msg("recovery_rate_given")
                                    : fill(msg("recovery_rate_reference"), {{"date", e.reference->as_of}})}});
      case rate_source::none:
        return fill(msg("recovery_currency_no_rate"),
                    {{"currency", currency_label(e.currency)}, {"code", e.currency}, {"input", labels({r.exchange.rate})}});
    }
    return {};
  }

  std::string total_text(const recovery_estimate& e) const {
    std::string parts;
    for (const auto& p : e.parts)
      if (!p.priced) parts += (parts.empty() ? "" : msg("list_separator")) + part_label(p);
    return fill(msg("recovery_total"), {{"amount", range_text(e.low, e.high)}, {"currency", e.currency},
                                        {"basis", freight_basis(e)}}) +
           (parts.empty() ? std::string() : fill(msg("recovery_total_partial"), {{"parts", parts}}));
  }

  std::string removed_text(const recovery_estimate& e) const {
    if (e.removed_high.is_zero()) return msg("recovery_removed_none");
    return fill(msg("recovery_removed"), {{"amount", range_text(e.removed_low, e.removed_high)},
                                          {"currency", e.currency},
                                          {"steps", removed_steps(e)}});
  }

  std::string part_text(const recovery_part& p) const {
    const recovery_rules& r = improvement_of(pack).recovery;
    if (!p.priced)
      return fill(msg("recovery_not_priced"), {{"label", part_label(p)}, {"parcels", grouped_amount(p.parcels)}, {"inputs", labels(p.needs)}});
    switch (p.kind) {
      case recovery_part_kind::late:
      case recovery_part_kind::information_lag:
        return fill(msg(p.own_freight ? "recovery_share_line_own" : "recovery_share_line"),
                    {{"label", part_label(p)},
                     {"parcels", grouped_amount(p.parcels)},
                     {"freight", grouped_amount(p.freight)},
                     {"share", show(rational(100) * p.rule->share)},
                     {"amount", grouped_amount(p.low)}});
      case recovery_part_kind::uninsured: {
        const recovery_estimate& e = imp.recovery;
        // The cap in the freight currency and, when converted, as the pack gives it.
        bool converted = e.cap_in_freight && e.rate_from != rate_source::same_currency;
        std::string cap = converted ? fill(msg("recovery_cap"), {{"amount", grouped_amount(*e.cap_in_freight)},
                                                                 {"currency", e.currency},
                                                                 {"cap", grouped_amount(r.cap)},
                                                                 {"cap_currency", r.currency}})
                                    : grouped_amount(r.cap) + " " + r.currency;
        std::string out = fill(msg(p.own_freight ? "recovery_damage_line_own" : "recovery_damage_line"),
                               {{"label", part_label(p)},
                                {"parcels", grouped_amount(p.parcels)},
                                {"multiple", range_text(r.uninsured_multiple_low, r.uninsured_multiple_high)},
                                {"cap", cap},
                                {"amount", range_text(p.low, p.high)}});
        if (p.own_freight && insured_parcels(imp.recovery) > rational(0))
          out += msg("recovery_which_insured");
        return out;
      }
      case recovery_part_kind::insured:
        return fill(msg("recovery_insured_line"), {{"parcels", grouped_amount(p.parcels)},
                                                   {"value", grouped_amount(p.low / r.insured_share)},
                                                   {"share", show(rational(100) * r.insured_share)},
                                                   {"amount", grouped_amount(p.low)}});
    }
    return {};
  }

  static rational insured_parcels(const recovery_estimate& e) {
    for (const auto& p : e.parts)
      if (p.kind == recovery_part_kind::insured) return p.parcels;
    return rational(0);
  }

  // What the total was priced on: each part's own freight, the average freight, or both.
  std::string freight_basis(const recovery_estimate& e) const {
    bool own = false, average = false;
    for (const auto& p : e.parts) {
      if (!p.priced || p.kind == recovery_part_kind::insured || p.parcels.is_zero()) continue;
      (p.own_freight ? own : average) = true;
    }
    std::string avg = fill(msg("recovery_basis_average"), {{"freight", e.average_freight ? grouped_amount(*e.average_freight) : "—"}});
    if (own && average) return msg("recovery_basis_own") + msg("list_separator") + avg;
    if (own) return msg("recovery_basis_own");
    return avg;
  }

  std::string part_id(const recovery_part& p) const {
    switch (p.kind) {
      case recovery_part_kind::late:
      case recovery_part_kind::information_lag: return p.rule->id;
      case recovery_part_kind::uninsured: return "damaged_lost_uninsured";
      case recovery_part_kind::insured: return "damaged_lost_insured";
    }
    return {};
  }

  std::string removed_steps(const recovery_estimate& e) const {
    std::vector<const plan_step*> steps;
    for (const auto& p : e.parts)
      if (p.step && std::find(steps.begin(), steps.end(), p.step) == steps.end()) steps.push_back(p.step);
    std::string out;
    for (const auto* s : steps)
      out += (out.empty() ? "" : msg("list_separator")) +
             fill(msg("recovery_removed_step"), {{"indicator", s->indicator->rule->label.in(l)},
                                                 {"cut", show(rational(100) * *s->option.failure_cut)}});
    return out;
  }
};

}  // namespace

std::string effort_words(const plan_step& step, const rule_pack& pack, lang language) {
  return phrases{pack, language}.detail_text(step);
}

improvement improve(const assessment& a) {
  improvement out;
  out.goals = make_plans(a);
  const plan* next = out.goals.next_star && !out.goals.next_star->plans.empty() ? &out.goals.next_star->plans.front() : nullptr;
  out.practices = practices_for(a, next);
  out.checks = run_reference_checks(a);
  out.recovery = estimate_recovery(recovery_input_from(*a.period, *a.pack), *a.pack, next);
  out.uncertainty = assess_uncertainty(a);
  const uncertainty_rules& ur = improvement_of(*a.pack).uncertainty;
  out.outlook = assess_outlook(a, out.uncertainty, next, ur.outlook_draws, ur.outlook_seed);
  // The plan steps point into out.goals; estimate_recovery kept pointers to them, which stay
  // valid because `out` is returned by named return value optimisation or moved as a whole
  // (vectors keep their buffers when moved).
  return out;
}

std::optional<input_error> check_improvement_inputs(const assessment& a) {
  return check_recovery_input(*a.period, *a.pack);
}

void append_improvement_json(json& j, const assessment& a, const improvement& imp, lang l) {
  const rule_pack& pack = *a.pack;
  writer w{a, pack, imp, l};

  j["plans"] = {{"next_star", w.goal_json(imp.goals.next_star)}, {"five_stars", w.goal_json(imp.goals.five_stars)}};

  j["practices"] = json::array();
  for (const auto& p : imp.practices) {
    json pj = {{"id", p.item->id}, {"text", p.item->body.in(l)}, {"source", source_json(pack, p.item->source)},
               {"indicators", p.item->indicators}};
    json moves = json::array(), cats = json::array();
    for (const auto* ir : p.moves) moves.push_back(ir->rule->id);
    for (const auto* c : p.categories) cats.push_back(c->id);
    pj["moves"] = moves;
    pj["categories"] = cats;
    pj["in_plan"] = p.in_plan;
    j["practices"].push_back(pj);
  }

  j["reference_checks"] = json::array();
  for (const auto& c : imp.checks) {
    const reference_check_rule& r = *c.rule;
    json cj = {{"id", r.id}, {"label", r.label.in(l)}, {"source", source_json(pack, r.source)},
               {"status", to_string(c.status)}, {"value", c.value ? number_json(*c.value) : json(nullptr)},
               {"unit", r.unit}, {"op", to_string(r.op)}, {"bound", number_json(r.bound)}};
    if (r.alt_bound)
      cj["alternative_reading"] = {{"bound", number_json(*r.alt_bound)},
                                   {"met", c.meets_alt ? json(*c.meets_alt) : json(nullptr)}};
    if (c.status == check_status::not_measured) cj["absent"] = c.absent;
    cj["note"] = r.note.in(l);
    cj["text"] = w.check_text(c);
    j["reference_checks"].push_back(cj);
  }

  const recovery_rules& rr = improvement_of(pack).recovery;
  const recovery_estimate& e = imp.recovery;
  json rj = {{"source", source_json(pack, rr.source)}, {"measured", e.measured}, {"priced", e.priced},
             {"average_freight", e.average_freight ? number_json(*e.average_freight) : json(nullptr)},
             {"freight_currency", e.currency}, {"freight_currency_label", w.currency_label(e.currency)},
             {"cap", number_json(rr.cap)}, {"cap_currency", rr.currency},
             {"cap_in_freight_currency", e.cap_in_freight ? number_json(*e.cap_in_freight) : json(nullptr)}};
  {
    static const char* const sources[] = {"same_currency", "period", "rule_pack", "none"};
    json xj = {{"from", rr.currency}, {"to", e.currency}, {"rate", e.rate ? number_json(*e.rate) : json(nullptr)},
               {"source", sources[static_cast<int>(e.rate_from)]},
               {"as_of", e.reference ? json(e.reference->as_of) : json(nullptr)},
               {"measure", rr.exchange.rate}};
    rj["exchange_rate"] = xj;
    rj["currency_text"] = w.currency_text(e);
  }
  rj["parts"] = json::array();
  for (const auto& p : e.parts) {
    json pj = {{"id", w.part_id(p)}, {"label", w.part_label(p)}, {"parcels", number_json(p.parcels)}, {"priced", p.priced}};
    if (!p.priced) pj["needs"] = p.needs;
    if (p.kind != recovery_part_kind::insured)
      pj["freight_basis"] = !p.priced ? json(nullptr) : json(p.own_freight ? "own" : "average");
    if (p.rule && p.priced) pj["freight"] = number_json(p.freight);
    pj["amount_low"] = p.priced ? number_json(p.low) : json(nullptr);
    pj["amount_high"] = p.priced ? number_json(p.high) : json(nullptr);
    if (p.step) {
      pj["moved_by"] = p.step->indicator->rule->id;
      pj["removed_share"] = p.step->option.failure_cut->to_double();
    }
    pj["removed_low"] = number_json(p.removed_low);
    pj["removed_high"] = number_json(p.removed_high);
    pj["text"] = w.part_text(p);
    rj["parts"].push_back(pj);
  }
  // Totals only when something with parcels was priced: a 0 of nothing priced is not "no exposure".
  rj["total_low"] = e.total_known ? number_json(e.low) : json(nullptr);
  rj["total_high"] = e.total_known ? number_json(e.high) : json(nullptr);
  rj["total_text"] = e.total_known ? json(w.total_text(e)) : json(nullptr);
  rj["removed_by_next_star_plan_low"] = number_json(e.removed_low);
  rj["removed_by_next_star_plan_high"] = number_json(e.removed_high);
  rj["removed_text"] = e.total_known && imp.goals.next_star ? json(w.removed_text(e)) : json(nullptr);
  j["recovery"] = rj;

  const uncertainty_rules& ur = improvement_of(pack).uncertainty;
  json uj = {{"method", "wilson"}, {"confidence_percent", ur.confidence_percent}, {"small_sample", number_json(ur.small_sample)}};
  uj["rates"] = json::array();
  for (const auto& ri : imp.uncertainty.rates) {
    uj["rates"].push_back({{"indicator", ri.indicator->rule->id},
                           {"successes", number_json(ri.successes)},
                           {"trials", number_json(ri.trials)},
                           {"value", number_json(*ri.indicator->value)},
                           {"low", ri.low},
                           {"high", ri.high},
                           {"tier_certain", ri.tier_certain},
                           {"points_low", points_json(ri.half_low)},
                           {"points_high", points_json(ri.half_high)},
                           {"small_sample", ri.small_sample}});
  }
  uj["small_counts"] = json::array();
  for (const auto& sc : imp.uncertainty.small_means)
    uj["small_counts"].push_back({{"indicator", sc.indicator->rule->id}, {"count", number_json(sc.count)}});
  j["uncertainty"] = uj;

  // Next period: star levels drawn from this period's counts, and after the next-star plan.
  const outlook& o = imp.outlook;
  if (!o.next_period) {
    j["outlook"] = nullptr;
  } else {
    json oj = json::object();
    json next = w.odds_json(*o.next_period);
    next["keep_stars"] = a.star->stars;
    next["keep"] = number_json(o.next_period->at_least(a.star->stars));
    next["text"] = fill(w.msg("outlook_line"), {{"odds", w.odds_text(*o.next_period)}});
    next["keep_text"] = w.keep_text(*o.next_period);
    oj["next_period"] = std::move(next);
    oj["after_plan"] = nullptr;
    if (o.after_plan && imp.goals.next_star) {
      int goal = imp.goals.next_star->stars;
      json after = w.odds_json(*o.after_plan);
      after["goal_stars"] = goal;
      after["reach"] = number_json(o.after_plan->at_least(goal));
      after["text"] = fill(w.msg("outlook_after_plan"), {{"odds", w.odds_text(*o.after_plan)}});
      after["reach_text"] = w.reach_text(*o.after_plan, goal);
      oj["after_plan"] = std::move(after);
    }
    oj["rates"] = o.varied;
    oj["basis"] = w.basis_text();
    j["outlook"] = oj;
  }
}

std::string improvement_text(const assessment& a, const improvement& imp, lang l) {
  const rule_pack& pack = *a.pack;
  writer w{a, pack, imp, l};
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };

  if (imp.goals.next_star) {
    line(w.msg("heading_plans"));
    w.goal_text(out, *imp.goals.next_star);
    if (imp.goals.five_stars && imp.goals.five_stars->stars != imp.goals.next_star->stars)
      w.goal_text(out, *imp.goals.five_stars);
    line("");
  }

  line(w.msg("heading_practices"));
  if (imp.practices.empty()) line("  " + w.msg("practices_none"));
  for (const auto& cat : pack.categories) {
    bool heading = false;
    for (const auto& p : imp.practices) {
      if (std::find(p.categories.begin(), p.categories.end(), &cat) == p.categories.end()) continue;
      if (!heading) line("  " + cat.label.in(l));
      heading = true;
      line("    - " + w.practice_text(p));
    }
  }
  line("");

  line(w.msg("heading_reference_checks"));
  for (const auto& c : imp.checks) {
    line("  " + w.check_text(c));
    line("    " + c.rule->note.in(l));
  }
  line("");

  line(w.msg("heading_recovery"));
  const recovery_estimate& e = imp.recovery;
  if (!e.measured) {
    line("  " + w.msg("recovery_not_measured"));
  } else {
    line("  " + w.currency_text(e));
    for (const auto& p : e.parts) line("  " + w.part_text(p));
    if (e.total_known) {
      line("  " + w.total_text(e));
      if (imp.goals.next_star) line("  " + w.removed_text(e));
    }
  }
  line("");

  line(w.msg("heading_uncertainty"));
  const uncertainty_rules& ur = improvement_of(pack).uncertainty;
  if (imp.uncertainty.rates.empty() && imp.uncertainty.small_means.empty()) line("  " + w.msg("uncertainty_none"));
  for (const auto& ri : imp.uncertainty.rates) {
    const indicator_rule& rule = *ri.indicator->rule;
    std::string verdict = ri.tier_certain ? w.msg("interval_certain")
                                          : fill(w.msg("interval_uncertain"), {{"min", half_text(ri.half_low)},
                                                                               {"max", half_text(ri.half_high)}});
    std::string s = fill(w.msg("interval_line"), {{"indicator", rule.label.in(l)},
                                                  {"value", w.value_text(rule, *ri.indicator->value)},
                                                  {"confidence", std::to_string(ur.confidence_percent)},
                                                  {"low", fmt::format("{:.2f}%", ri.low)},
                                                  {"high", fmt::format("{:.2f}%", ri.high)},
                                                  {"n", show(ri.trials)},
                                                  {"verdict", verdict}});
    if (ri.small_sample) s += w.msg("list_separator") + fill(w.msg("small_sample"), {{"n", show(ri.trials)}});
    line("  " + s);
  }
  for (const auto& sc : imp.uncertainty.small_means)
    line("  " + fill(w.msg("small_sample_mean"), {{"indicator", sc.indicator->rule->label.in(l)}, {"n", show(sc.count)}}));
  line("");

  line(w.msg("heading_outlook"));
  if (!imp.outlook.next_period) {
    line("  " + w.msg("outlook_none"));
  } else {
    line("  " + w.keep_text(*imp.outlook.next_period));
    line("  " + fill(w.msg("outlook_line"), {{"odds", w.odds_text(*imp.outlook.next_period)}}));
    if (imp.outlook.after_plan && imp.goals.next_star) {
      line("  " + w.reach_text(*imp.outlook.after_plan, imp.goals.next_star->stars));
      line("  " + fill(w.msg("outlook_after_plan"), {{"odds", w.odds_text(*imp.outlook.after_plan)}}));
    }
    line("  " + w.basis_text());
  }
  line("");
  return out;
}

}  // namespace starsheet
