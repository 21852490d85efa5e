#include "advice.h"

#include <catch2/catch.hpp>

#include "period.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using nlohmann::json;

namespace {

struct scored : starsheet::test::scored_period {
  advice adv;
};

std::unique_ptr<scored> run(const json& measures, const json& benchmarks = nullptr) {
  auto base = starsheet::test::score_measures(measures, benchmarks);
  auto out = std::make_unique<scored>();
  out->period = std::move(base->period);
  out->a = base->a;
  out->a.period = &out->period;  // the assessment must point at the moved period
  out->adv = first_advice(out->a);
  return out;
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

TEST_CASE("the next tier up, its value and its gain", "[advice]") {
  // 93 % on time: tier [92,95) gives 3 of 7; the next tier is >= 95 for 5 points, +2.
  auto s = run({{"orders_total", 100}, {"orders_on_time", 93}});
  const advice_item& i = item_for(s->adv, "on_time_rate");
  CHECK(i.kind == advice_kind::next_tier);
  CHECK(i.gain_half == 4);
  CHECK(i.target_tier == 1);
  CHECK(*i.target_value == rational(95));
}

TEST_CASE("below every tier, the next tier is the lowest one", "[advice]") {
  // 80 % on time earns nothing; the lowest tier (>= 90, 1 point) is next.
  auto s = run({{"orders_total", 100}, {"orders_on_time", 80}});
  const advice_item& i = item_for(s->adv, "on_time_rate");
  CHECK(i.gain_half == 2);
  CHECK(*i.target_value == rational(90));
  // 30 minutes answers at (15,30] for 1 point; <= 15 is next, +1.
  auto r = run({{"inquiries_total", 10}, {"first_reply_minutes_total", 300}});
  const advice_item& m = item_for(r->adv, "response_minutes");
  CHECK(m.gain_half == 2);
  CHECK(*m.target_value == rational(15));
}

TEST_CASE("indicators at their maximum and not-applicable ones get no advice", "[advice]") {
  auto s = run({{"orders_total", 100}, {"orders_on_time", 99}, {"incidents_total", 0}, {"incidents_handled_in_time", 0}});
  CHECK_FALSE(has_item(s->adv, "on_time_rate"));
  CHECK_FALSE(has_item(s->adv, "emergency_response_rate"));
}

TEST_CASE("missing indicators say what to measure and are worth their maximum", "[advice]") {
  auto s = run(json::object());
  REQUIRE(s->adv.items.size() == 31);
  const advice_item& first = s->adv.items.front();
  CHECK(first.indicator->rule->id == "info_disclosure_rate");  // 8 points, the largest
  CHECK(first.kind == advice_kind::measure);
  CHECK(first.gain_half == 16);
  const advice_item& transit = item_for(s->adv, "avg_transit_days");
  CHECK(transit.gain_half == 12);
  CHECK(transit.indicator->absent.size() == 6);
}

TEST_CASE("advice is sorted by gain, next tiers before measuring on ties", "[advice]") {
  auto s = run({{"orders_total", 100}, {"orders_on_time", 93}, {"problems_total", 100}, {"problems_resolved", 95}});
  for (std::size_t k = 1; k < s->adv.items.size(); ++k) CHECK(s->adv.items[k - 1].gain_half >= s->adv.items[k].gain_half);
  // on_time (+2) is a next tier with the same gain as several missing 2-point indicators.
  std::size_t on_time = 0, multi_currency = 0;
  for (std::size_t k = 0; k < s->adv.items.size(); ++k) {
    if (s->adv.items[k].indicator->rule->id == "on_time_rate") on_time = k;
    if (s->adv.items[k].indicator->rule->id == "multi_currency_coverage") multi_currency = k;
  }
  CHECK(on_time < multi_currency);
}

TEST_CASE("ratio tiers are translated into the indicator's unit", "[advice]") {
  // Air only: 100 shipments, 5.5 days each against a 5-day benchmark: r = 1.1 → 1 point.
  // The next tier is r <= 1.05, i.e. 5.25 days at this mix.
  auto s = run({{"transit", {{"air", {{"shipments", 100}, {"days_total", 550}}}}}}, {{"transit_days", {{"air", 5}}}});
  const advice_item& i = item_for(s->adv, "avg_transit_days");
  CHECK(i.gain_half == 4);
  CHECK(*i.target_value == *rational::from_decimal("5.25"));
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
