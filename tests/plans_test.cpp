// Plans: the effort model by hand, least targets for every tier of the pack, the solver against
// brute force (synthetic instances and assessed periods), and, for 500 generated periods, that
// applying a plan's targets and re-scoring gives exactly the promised total and star level.
#include "plans.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <memory>

#include "period.h"
#include "period_generator.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::full_benchmarks;
using starsheet::test::full_marks;
using starsheet::test::lcg;
using starsheet::test::period_with;
using nlohmann::json;

namespace {

using scored = starsheet::test::scored_period;

std::unique_ptr<scored> run_doc(const std::string& text) { return starsheet::test::score_text(text); }

std::unique_ptr<scored> run(const json& measures, const json& benchmarks = nullptr) {
  return run_doc(period_with(measures, benchmarks));
}

const effort_rule& effort_of(const std::string& id) { return *improvement_of(default_pack()).find_effort(id); }

const plan_candidate& candidate(const std::vector<plan_candidate>& cands, const std::string& id) {
  for (const auto& c : cands)
    if (c.indicator->rule->id == id) return c;
  FAIL("no candidate " << id);
  return cands.front();
}

rational dec(const char* s) { return *rational::from_decimal(s); }

// --- brute force ----------------------------------------------------------------------------

struct combo {
  std::vector<int> choice;
  rational effort;
  int steps = 0, gain = 0;
};

// The same order as the solver, written out independently: effort, steps, more points, then at
// the first candidate where two plans differ the one going further there.
bool better(const combo& x, const combo& y) {
  if (int c = compare(x.effort, y.effort); c != 0) return c < 0;
  if (x.steps != y.steps) return x.steps < y.steps;
  if (x.gain != y.gain) return x.gain > y.gain;
  for (std::size_t i = 0; i < x.choice.size(); ++i)
    if (x.choice[i] != y.choice[i]) return x.choice[i] > y.choice[i];
  return false;
}

// Every feasible combination; `minimal_only` keeps those where no step can drop a tier.
std::vector<combo> enumerate(const std::vector<plan_candidate>& cands, int needed, bool minimal_only) {
  std::vector<combo> out;
  combo cur;
  cur.choice.assign(cands.size(), -1);
  std::function<void(std::size_t)> go = [&](std::size_t i) {
    if (i == cands.size()) {
      combo c;
      c.choice = cur.choice;
      int min_delta = 1 << 20;
      for (std::size_t k = 0; k < cands.size(); ++k) {
        int o = c.choice[k];
        if (o < 0) continue;
        c.effort = c.effort + cands[k].options[o].effort;
        c.gain += cands[k].options[o].gain_half;
        ++c.steps;
        min_delta = std::min(min_delta, cands[k].options[o].gain_half - (o > 0 ? cands[k].options[o - 1].gain_half : 0));
      }
      if (c.gain < needed) return;
      if (minimal_only && c.gain - min_delta >= needed) return;
      out.push_back(std::move(c));
      return;
    }
    for (int o = -1; o < static_cast<int>(cands[i].options.size()); ++o) {
      cur.choice[i] = o;
      go(i + 1);
    }
    cur.choice[i] = -1;
  };
  go(0);
  std::sort(out.begin(), out.end(), better);
  return out;
}


// Lowers or removes one indicator's inputs at random, by the shape of its formula.
void degrade(json& doc, const indicator_rule& rule, lcg& r) {
  const formula& f = rule.calc;
  auto at = [&](const std::string& p) -> json& { return doc[json::json_pointer(p)]; };
  auto erase = [&](const std::string& p) {
    json::json_pointer ptr(p);
    doc[ptr.parent_pointer()].erase(ptr.back());
  };
  // The benchmark group that has data (full_marks runs air only).
  const benchmark_group* group = nullptr;
  for (const auto& g : f.groups)
    if (!group && doc.contains(json::json_pointer(g.total))) group = &g;
  if (r.chance(40)) {  // missing
    if (f.kind == formula_kind::benchmark_ratio) erase(group->benchmark);
    else erase(f.kind == formula_kind::ratio_percent ? f.numerator
               : f.kind == formula_kind::reduction_percent ? f.after
               : f.kind == formula_kind::mean ? f.total : f.measure);
    return;
  }
  switch (f.kind) {
    case formula_kind::ratio_percent: {
      std::int64_t den = at(f.denominator).get<std::int64_t>();
      at(f.numerator) = den - r.between(1, den / 8);
      break;
    }
    case formula_kind::reduction_percent: at(f.after) = 100 - r.between(-3, 9); break;
    case formula_kind::mean: at(f.total) = at(f.count).get<std::int64_t>() * r.between(13, 50); break;
    case formula_kind::complement_percent: at(f.measure) = static_cast<double>(r.between(2, 150)) / 1000.0; break;
    case formula_kind::value: at(f.measure) = rule.id == "digital_level" ? 1 : r.between(1, 9); break;
    case formula_kind::set_count: at(f.measure) = json::array({"iso9001"}); break;
    case formula_kind::benchmark_ratio: {
      at(group->total) = at(group->total).get<double>() * static_cast<double>(r.between(97, 130)) / 100.0;
      break;
    }
  }
}

}  // namespace

TEST_CASE("the effort model, by hand", "[plans]") {
  const rational ceiling(100);
  // 93 % → 95 % on time: 7 late orders in 100 become 5, a cut of 2/7 of the failures.
  CHECK(*step_effort(effort_of("on_time_rate"), rational(93), rational(95), ceiling) == rational(2) / rational(7));
  // 30 → 15 minutes average first reply: half of today's value, weight 1.
  CHECK(*step_effort(effort_of("response_minutes"), rational(30), rational(15), ceiling) == dec("0.5"));
  // 6 → 10 languages at 0.05 per language: 0.2.
  CHECK(*step_effort(effort_of("languages_supported"), rational(6), rational(10), ceiling) == dec("0.2"));
  // Transit ratio 1.1 → 1.05 at weight 2: 2 × 0.05 / 1.1 = 1/11.
  CHECK(*step_effort(effort_of("avg_transit_days"), dec("1.1"), dec("1.05"), ceiling) == rational(1) / rational(11));
  // A rate already at the ceiling has no failures left to cut.
  CHECK_FALSE(step_effort(effort_of("on_time_rate"), rational(100), rational(100), ceiling));

  // In an assessment: 93 of 100 on time earns 3 of 7; the options are ≥ 95 (+2) and ≥ 99 (+4).
  auto s = run({{"orders_total", 100}, {"orders_on_time", 93}});
  auto cands = plan_candidates(s->a);
  const plan_candidate& c = candidate(cands, "on_time_rate");
  REQUIRE(c.options.size() == 2);
  CHECK(c.options[0].tier == 1);
  CHECK(c.options[0].gain_half == 4);
  CHECK(c.options[0].effort == rational(2) / rational(7));  // (95 − 93) / (100 − 93)
  CHECK(*c.options[0].failure_cut == rational(2) / rational(7));
  CHECK(c.options[1].gain_half == 8);
  CHECK(c.options[1].effort == rational(6) / rational(7));  // (99 − 93) / (100 − 93)

  // A missing rate: 0.25 to start measuring (lands at ≥ 90 %), then the climb from 90 %:
  // ≥ 92: 0.25 + 2/10, ≥ 95: 0.25 + 5/10, ≥ 99: 0.25 + 9/10; no known failure cut.
  const plan_candidate& m = candidate(cands, "emergency_response_rate");
  REQUIRE(m.options.size() == 4);
  CHECK(m.options[0].effort == dec("0.25"));
  CHECK(m.options[1].effort == dec("0.45"));
  CHECK(m.options[2].effort == dec("0.75"));
  CHECK(m.options[3].effort == dec("1.15"));
  CHECK(m.options[3].gain_half == 12);
  CHECK_FALSE(m.options[3].failure_cut);

  // The strict tier r < 0.95 of transit: target 0.949; from r = 1.1, 2 × 0.151 / 1.1 = 151/550.
  auto t = run({{"transit", {{"air", {{"shipments", 100}, {"days_total", 550}}}}}}, {{"transit_days", {{"air", 5}}}});
  auto transit = plan_candidates(t->a);
  const plan_candidate& tr = candidate(transit, "avg_transit_days");
  REQUIRE(tr.options.size() == 2);
  CHECK(tr.options[1].target_scored == dec("0.949"));
  CHECK(tr.options[1].effort == rational(151) / rational(550));
}

TEST_CASE("not-applicable and maxed indicators are not candidates", "[plans]") {
  auto s = run({{"orders_total", 100}, {"orders_on_time", 99}, {"incidents_total", 0}, {"incidents_handled_in_time", 0}});
  for (const auto& c : plan_candidates(s->a)) {
    CHECK(c.indicator->rule->id != "on_time_rate");
    CHECK(c.indicator->rule->id != "emergency_response_rate");
  }
}

TEST_CASE("every tier's target is the least value that reaches it", "[plans]") {
  const rule_pack& pack = default_pack();
  const rational tiny = rational(1) / rational(1000000000);
  int checked = 0;
  for (const auto& rule : pack.indicators) {
    const effort_rule& e = effort_of(rule.id);
    bool higher = rule.dir == direction::higher_is_better;
    for (std::size_t t = 0; t < rule.tiers.size(); ++t) {
      auto target = tier_target(rule, static_cast<int>(t), e);
      REQUIRE(target);
      INFO(rule.id << " tier " << t << " target " << target->str());
      CHECK(tier_reached(rule, *target) == static_cast<int>(t));
      // One step worse must miss the tier: any tiny step for a closed bound, one resolution
      // step for a strict bound (the grid the target lives on).
      bool strict = rule.tiers[t].op == tier_op::gt || rule.tiers[t].op == tier_op::lt;
      rational eps = strict ? *e.resolution : tiny;
      rational worse = higher ? *target - eps : *target + eps;
      int reached = tier_reached(rule, worse);
      CHECK((reached == -1 || reached > static_cast<int>(t)));
      ++checked;
    }
  }
  CHECK(checked == 80);  // the tiers of all 31 indicators
  // The strict bound reads as one resolution step inside it.
  CHECK(*tier_target(*pack.find_indicator("avg_transit_days"), 0, effort_of("avg_transit_days")) == dec("0.949"));
  // Lower-is-better: the largest value still allowed.
  CHECK(*tier_target(*pack.find_indicator("exception_handling_hours"), 1, effort_of("exception_handling_hours")) == rational(24));
}

TEST_CASE("the solver agrees with brute force on random small instances", "[plans]") {
  lcg r(20261121);
  int instances = 0, with_plans = 0;
  for (int n = 0; n < 400; ++n) {
    std::vector<plan_candidate> cands(static_cast<std::size_t>(r.between(1, 6)));
    int possible = 0;
    for (auto& c : cands) {
      int gain = 0;
      rational effort;
      std::size_t options = static_cast<std::size_t>(r.between(1, 4));
      for (std::size_t o = 0; o < options; ++o) {
        gain += static_cast<int>(r.between(1, 6));
        // Small denominators make many exact ties, which the order must break the same way.
        static const int dens[] = {1, 2, 3, 4, 6};
        effort = effort + rational(r.between(1, 12)) / rational(dens[r.between(0, 4)]);
        c.options.push_back(plan_option{static_cast<int>(o), gain, effort, rational(0), std::nullopt});
      }
      possible += gain;
    }
    int needed = static_cast<int>(r.between(1, possible + 2));
    auto solved = best_choices(cands, needed, 3);
    auto minimal = enumerate(cands, needed, true);
    auto all = enumerate(cands, needed, false);
    INFO("instance " << n << " needed " << needed);
    REQUIRE(solved.size() == std::min<std::size_t>(3, minimal.size()));
    for (std::size_t i = 0; i < solved.size(); ++i) CHECK(solved[i] == minimal[i].choice);
    // The optimum is the cheapest of all feasible combinations, minimal or not.
    if (!solved.empty()) {
      CHECK(minimal.front().effort == all.front().effort);
      ++with_plans;
    }
    ++instances;
  }
  CHECK(instances == 400);
  CHECK(with_plans > 300);
}

TEST_CASE("plans for assessed periods agree with brute force", "[plans]") {
  lcg r(85);
  int compared = 0;
  for (int n = 0; n < 120; ++n) {
    json doc = {{"format", "starsheet-period/1"}, {"measures", full_marks()}, {"benchmarks", full_benchmarks()}};
    std::vector<const indicator_rule*> rules;
    for (const auto& rule : default_pack().indicators) rules.push_back(&rule);
    for (int k = static_cast<int>(r.between(4, 6)); k > 0; --k) {
      std::size_t pick = static_cast<std::size_t>(r.between(0, static_cast<std::int64_t>(rules.size()) - 1));
      degrade(doc, *rules[pick], r);
      rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    auto s = run_doc(doc.dump());
    if (s->a.star->stars >= 5) continue;
    plans p = make_plans(s->a);
    REQUIRE(p.next_star);
    // The solver's candidates: without targets unreachable in practice while others suffice.
    auto cands = planning_candidates(plan_candidates(s->a), p.next_star->needed_half);
    auto brute = enumerate(cands, p.next_star->needed_half, true);
    INFO("period " << doc.dump());
    REQUIRE(p.next_star->plans.size() == std::min<std::size_t>(3, brute.size()));
    for (std::size_t i = 0; i < p.next_star->plans.size(); ++i) {
      const plan& pl = p.next_star->plans[i];
      CHECK(pl.effort == brute[i].effort);
      CHECK(pl.gain_half == brute[i].gain);
      std::size_t steps = 0;
      for (std::size_t c = 0; c < cands.size(); ++c)
        if (brute[i].choice[c] >= 0) {
          REQUIRE(steps < pl.steps.size());
          CHECK(pl.steps[steps].indicator == cands[c].indicator);
          CHECK(pl.steps[steps].option.tier == cands[c].options[brute[i].choice[c]].tier);
          ++steps;
        }
      CHECK(steps == pl.steps.size());
    }
    ++compared;
  }
  CHECK(compared > 40);
}

TEST_CASE("applying a plan and re-scoring gives exactly the promised total, 500 periods", "[plans]") {
  lcg r(42);
  int plans_checked = 0, steps_checked = 0, with_missing = 0, with_ratio = 0;
  for (int n = 0; n < 500; ++n) {
    json doc = starsheet::test::random_period(r);
    auto s = run_doc(doc.dump());
    const assessment& a = s->a;
    plans goals = make_plans(a);
    auto cands = plan_candidates(a);
    REQUIRE(goals.next_star.has_value() == (a.star->stars < 5));
    for (const auto* goal : {goals.next_star ? &*goals.next_star : nullptr, goals.five_stars ? &*goals.five_stars : nullptr}) {
      if (!goal) continue;
      INFO("period " << n << ": " << doc.dump() << " goal " << goal->stars);
      // `needed` is the least number of points that reaches the goal.
      REQUIRE(goal->needed_half > 0);
      CHECK(star_for(default_pack(), a.total_half + goal->needed_half, a.max_half).stars >= goal->stars);
      CHECK(star_for(default_pack(), a.total_half + goal->needed_half - 1, a.max_half).stars < goal->stars);
      if (!goal->reachable) continue;
      REQUIRE_FALSE(goal->plans.empty());
      for (std::size_t i = 0; i < goal->plans.size(); ++i) {
        const plan& p = goal->plans[i];
        if (i > 0) CHECK(goal->plans[i - 1].effort <= p.effort);
        CHECK(p.gain_half >= goal->needed_half);
        period_data applied = apply_plan(a, p);
        auto again = assess(applied, default_pack());
        REQUIRE(again);
        CHECK(again->total_half == p.total_after_half);
        CHECK(again->star->stars == p.stars_after);
        CHECK(p.stars_after >= goal->stars);
        for (const auto& step : p.steps) {
          const indicator_result& before = *step.indicator;
          const indicator_result& after = again->indicators[static_cast<std::size_t>(&before - &a.indicators[0])];
          REQUIRE(after.status == indicator_status::scored);
          CHECK(after.tier == step.option.tier);
          CHECK(after.half_points - before.half_points == step.option.gain_half);
          // The target is exactly what the indicator now scores on.
          CHECK(*(after.rule->tiers_on_ratio ? after.ratio : after.value) == step.option.target_scored);
          if (step.target_value) CHECK(*after.value == *step.target_value);
          // Minimal: dropping this step one tier would fall short.
          int below = 0;
          for (const auto& c : cands)
            if (c.indicator == step.indicator)
              for (const auto& o : c.options)
                if (o.tier > step.option.tier) below = std::max(below, o.gain_half);
          CHECK(p.gain_half - (step.option.gain_half - below) < goal->needed_half);
          with_missing += before.status == indicator_status::missing;
          with_ratio += before.rule->tiers_on_ratio;
          ++steps_checked;
        }
        ++plans_checked;
      }
    }
  }
  CHECK(plans_checked > 1500);
  CHECK(steps_checked > 10000);
  CHECK(with_missing > 500);
  CHECK(with_ratio > 100);
}

TEST_CASE("targets unreachable in practice are left out of plans while another route exists", "[plans]") {
  // Nothing measured: starting to measure route optimisation looked like 1 point for 0.25, but
  // its lowest tier asks for 90 % less mileage.
  auto s = run(json::object());
  plans goals = make_plans(s->a);
  int plans_seen = 0;
  for (const auto* goal : {&*goals.next_star, &*goals.five_stars})
    for (const auto& p : goal->plans) {
      ++plans_seen;
      for (const auto& step : p.steps) {
        CHECK(step.indicator->rule->id != "route_optimization_rate");
        CHECK_FALSE(step.option.unreachable);
      }
    }
  CHECK(plans_seen == 6);
  const auto candidates = plan_candidates(s->a);  // kept: `candidate` returns a reference into it
  const plan_candidate& route = candidate(candidates, "route_optimization_rate");
  REQUIRE(route.options.size() == 4);
  for (const auto& o : route.options) CHECK(o.unreachable);
}

TEST_CASE("an unreachable target is planned only when nothing else reaches the goal", "[plans]") {
  auto s = run(json::object());
  const indicator_result* on_time = &s->a.indicators[0];
  const indicator_result* route = &s->a.indicators[2];
  std::vector<plan_candidate> cands{{on_time, {plan_option{0, 2, rational(1), rational(99), std::nullopt, false}}},
                                    {route, {plan_option{3, 2, dec("0.25"), rational(90), std::nullopt, true},
                                             plan_option{0, 12, rational(5), rational(99), std::nullopt, true}}}};
  auto practical = planning_candidates(cands, 2);
  REQUIRE(practical.size() == 1);
  CHECK(practical[0].indicator == on_time);
  auto all = planning_candidates(cands, 3);  // on-time alone gives 2
  REQUIRE(all.size() == 2);
  CHECK(all[1].options.size() == 2);
}

TEST_CASE("a goal no plan can reach says so", "[plans]") {
  // A pack where every rate scores 0 when nothing happened: with all rate denominators at 0,
  // 62 points are lost for good and at most 38 remain — not even 2 stars (40).
  json doc = json::parse(default_rules_json());
  for (auto& ind : doc["indicators"])
    if (ind["formula"]["kind"] == "ratio_percent") ind["zero_denominator"] = "zero_points";
  auto pack = load_rules(doc.dump());
  REQUIRE(pack);
  json measures = json::object();
  for (const auto& rule : pack->indicators)
    if (rule.calc.kind == formula_kind::ratio_percent) {
      measures[rule.calc.numerator.substr(10)] = 0;
      measures[rule.calc.denominator.substr(10)] = 0;
    }
  auto period = parse_period(period_with(measures), *pack);
  REQUIRE(period);
  auto a = assess(*period, *pack);
  REQUIRE(a);
  CHECK(a->total_half == 0);
  plans goals = make_plans(*a);
  REQUIRE(goals.next_star);
  CHECK(goals.next_star->stars == 2);
  CHECK(goals.next_star->needed_half == 80);
  CHECK_FALSE(goals.next_star->reachable);
  CHECK(goals.next_star->plans.empty());
  REQUIRE(goals.five_stars);
  CHECK_FALSE(goals.five_stars->reachable);
}
