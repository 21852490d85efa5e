#include "advice.h"

#include <catch2/catch.hpp>

#include "period.h"
#include "plans.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::full_benchmarks;
using starsheet::test::full_marks;
using nlohmann::json;

namespace {

struct scored : starsheet::test::scored_period {
  plans goals;
  advice adv;
};

std::unique_ptr<scored> adopt(std::unique_ptr<starsheet::test::scored_period> base) {
  auto out = std::make_unique<scored>();
  out->period = std::move(base->period);
  out->a = base->a;
  out->a.period = &out->period;  // the assessment must point at the moved period
  out->goals = make_plans(out->a);
  out->adv = advise(out->a, out->goals);
  return out;
}

std::unique_ptr<scored> run(const json& measures, const json& benchmarks = nullptr) {
  return adopt(starsheet::test::score_measures(measures, benchmarks));
}

std::unique_ptr<scored> run_example(const std::string& name) {
  return adopt(starsheet::test::score_text(starsheet::test::example(name)));
}

// full_marks() (100 points, five stars: no plan) with some measures changed.
std::unique_ptr<scored> full_but(const json& changes) {
  json m = full_marks();
  m.merge_patch(changes);
  return run(m, full_benchmarks());
}

const advice_item& item_for(const advice& adv, const std::string& id) {
  for (const auto& i : adv.items)
    if (i.indicator->rule->id == id) return i;
  FAIL("no advice for " << id);
  return adv.items.front();
}

bool has_item(const advice& adv, const std::string& id) {
  for (const auto& i : adv.items)
    if (i.indicator->rule->id == id) return true;
  return false;
}

}  // namespace

TEST_CASE("the plan's steps come first, with the gains the plan states", "[advice]") {
  // October: the least-effort plan to 4 stars raises real-time query from 90 % to 97 % (+5);
  // the old list put it 6th at +1 (the next tier, 92 %).
  auto s = run_example("huayun-2026-10.json");
  REQUIRE(s->goals.next_star);
  const plan& best = s->goals.next_star->plans.front();
  REQUIRE(best.steps.size() == 1);
  const advice_item& first = s->adv.items.front();
  CHECK(first.indicator->rule->id == "realtime_query_rate");
  CHECK(first.in_plan);
  CHECK(first.gain_half == 10);
  CHECK(first.target_tier == 1);
  CHECK(*first.target_value == rational(97));
  REQUIRE(first.step);
  CHECK(first.step->option.effort == best.steps[0].option.effort);
  for (std::size_t k = 1; k < s->adv.items.size(); ++k) CHECK_FALSE(s->adv.items[k].in_plan);
}

TEST_CASE("the rest are at the best tier reachable, largest gain first", "[advice]") {
  // Labour cost fell 2 %: the next tier (5 %) is worth 1 point, the best (10 %) 2.
  auto s = run_example("huayun-2026-10.json");
  const advice_item& labor = item_for(s->adv, "labor_cost_reduction");
  CHECK_FALSE(labor.in_plan);
  CHECK(labor.gain_half == 4);
  CHECK(*labor.target_value == rational(10));
  int last = 1 << 30;
  for (const auto& i : s->adv.items) {
    if (i.in_plan || i.unreachable) continue;
    CHECK(i.gain_half <= last);
    last = i.gain_half;
  }
}

TEST_CASE("on equal gains the least effort comes first", "[advice]") {
  // Both +1: resolution 95 % → 99 % removes 4 in 5 failures (effort 0.8); languages 9 → 10
  // is one language (0.05). The pack lists resolution first; the effort decides.
  auto s = full_but({{"problems_resolved", 95}, {"languages_supported", 9}});
  REQUIRE(s->adv.items.size() == 2);
  CHECK(s->adv.items[0].indicator->rule->id == "languages_supported");
  CHECK(s->adv.items[1].indicator->rule->id == "resolution_rate");
  CHECK(s->adv.items[0].gain_half == s->adv.items[1].gain_half);
}

TEST_CASE("a target unreachable in practice comes last, labelled, not recommended while another route exists",
          "[advice]") {
  // October's route mileage fell 8.49 %; every tier asks for 90 % or more.
  auto s = run_example("huayun-2026-10.json");
  const advice_item& route = s->adv.items.back();
  CHECK(route.indicator->rule->id == "route_optimization_rate");
  CHECK(route.unreachable);
  CHECK_FALSE(route.recommended);
  CHECK(route.gain_half == 2);  // the nearest tier, >= 90 % for 1 point
  CHECK(*route.target_value == rational(90));
  for (std::size_t k = 0; k + 1 < s->adv.items.size(); ++k) {
    CHECK_FALSE(s->adv.items[k].unreachable);
    CHECK(s->adv.items[k].recommended);
  }
}

TEST_CASE("with nothing else left, the unreachable target is still the way forward", "[advice]") {
  // Everything at its best but route mileage, down 10 %.
  auto s = full_but({{"route_km_after", 900}});
  REQUIRE(s->adv.items.size() == 1);
  CHECK(s->adv.items[0].unreachable);
  CHECK(s->adv.items[0].recommended);
}

TEST_CASE("a period already past the practical limit is held to the better tiers as usual", "[advice]") {
  // Mileage down 95 % (3 points): this carrier shows the limit is not one for it.
  auto s = full_but({{"route_km_after", 50}});
  const advice_item& route = item_for(s->adv, "route_optimization_rate");
  CHECK_FALSE(route.unreachable);
  CHECK(route.recommended);
  CHECK(route.gain_half == 6);
  CHECK(*route.target_value == rational(99));
}

TEST_CASE("indicators at their maximum and not-applicable ones get no advice", "[advice]") {
  auto s = run({{"orders_total", 100}, {"orders_on_time", 99}, {"incidents_total", 0}, {"incidents_handled_in_time", 0}});
  CHECK_FALSE(has_item(s->adv, "on_time_rate"));
  CHECK_FALSE(has_item(s->adv, "emergency_response_rate"));
}

TEST_CASE("with nothing measured, plan steps lead and the route target comes last", "[advice]") {
  auto s = run(json::object());
  REQUIRE(s->adv.items.size() == 31);
  std::size_t planned = 0;
  while (planned < s->adv.items.size() && s->adv.items[planned].in_plan) ++planned;
  CHECK(planned == s->goals.next_star->plans.front().steps.size());
  for (std::size_t k = planned; k < s->adv.items.size(); ++k) CHECK_FALSE(s->adv.items[k].in_plan);
  for (const auto& i : s->adv.items) CHECK(i.kind == advice_kind::measure);
  CHECK(s->adv.items.back().indicator->rule->id == "route_optimization_rate");
  CHECK(s->adv.items.back().unreachable);
  // The plan takes on-time to 95 % (5 of 7 points); outside it a missing indicator is worth its
  // best tier: emergency response its 6 points.
  const advice_item& on_time = item_for(s->adv, "on_time_rate");
  CHECK(on_time.in_plan);
  CHECK(on_time.gain_half == 10);
  CHECK(*on_time.target_value == rational(95));
  const advice_item& emergency = item_for(s->adv, "emergency_response_rate");
  CHECK_FALSE(emergency.in_plan);
  CHECK(emergency.gain_half == 12);
  CHECK(emergency.target_tier == 0);
  CHECK(item_for(s->adv, "avg_transit_days").indicator->absent.size() == 6);
}

TEST_CASE("ratio tiers are translated into the indicator's unit", "[advice]") {
  // Air only: 100 shipments, 5.5 days each against a 5-day benchmark: r = 1.1 → 1 point. The
  // best tier is r < 0.95, reached at r = 0.949 (the pack's resolution): 5.5 × 0.949 / 1.1 days.
  auto s = full_but({{"transit", {{"air", {{"shipments", 100}, {"days_total", 550}}}}}});
  const advice_item& i = item_for(s->adv, "avg_transit_days");
  CHECK(i.gain_half == 10);
  CHECK(i.target_tier == 0);
  CHECK(*i.target_value == *rational::from_decimal("4.745"));
}

TEST_CASE("points needed for the next star", "[advice]") {
  // Nothing measured: total 0, 1 star; 2 stars need 40.
  auto s = run(json::object());
  REQUIRE(s->adv.next_star);
  CHECK(s->adv.next_star->stars == 2);
  CHECK(s->adv.next_star->needed_half == 80);
  // Only on-time at 93 %: 3 points, 37 to go.
  auto t = run({{"orders_total", 100}, {"orders_on_time", 93}});
  CHECK(t->adv.next_star->needed_half == 74);
}
