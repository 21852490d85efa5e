#include "uncertainty.h"

#include <catch2/catch.hpp>

#include <memory>

#include "period.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using nlohmann::json;

namespace {

using scored = starsheet::test::scored_period;

std::unique_ptr<scored> run(const json& measures, const json& benchmarks = nullptr) {
  return starsheet::test::score_measures(measures, benchmarks);
}

const rate_interval* interval_for(const uncertainty& u, const std::string& id) {
  for (const auto& r : u.rates)
    if (r.indicator->rule->id == id) return &r;
  return nullptr;
}

rational dec(const char* s) { return *rational::from_decimal(s); }

}  // namespace

TEST_CASE("Wilson interval ends, by hand", "[uncertainty]") {
  // 93 of 100, z = 1.96: p = 0.93, z² = 3.8416; centre = (0.93 + 0.019208) / 1.038416 = 0.914092,
  // half-width = 1.96 / 1.038416 × √(0.93 × 0.07 / 100 + 3.8416 / 40000) = 0.051589.
  auto [lo, hi] = wilson_interval(93, 100, 1.96);
  CHECK(lo == Approx(0.8625032899));
  CHECK(hi == Approx(0.9656811756));
  // z = 2, 0 of 4: the interval is [0, z² / (n + z²)] = [0, 4/8] exactly.
  auto [lo0, hi0] = wilson_interval(0, 4, 2);
  CHECK(lo0 == 0.0);
  CHECK(hi0 == Approx(0.5));
}

TEST_CASE("interval ends against a bound are decided exactly", "[uncertainty]") {
  const rational z(2);
  // 0 of 4 at z = 2: high is exactly 1/2, low exactly 0.
  CHECK(compare_wilson_end(rational(0), rational(4), z, true, dec("0.5")) == 0);
  CHECK(compare_wilson_end(rational(0), rational(4), z, true, dec("0.5000001")) == -1);
  CHECK(compare_wilson_end(rational(0), rational(4), z, true, dec("0.4999999")) == 1);
  CHECK(compare_wilson_end(rational(0), rational(4), z, false, rational(0)) == 0);
  CHECK(compare_wilson_end(rational(0), rational(4), z, false, dec("0.0000001")) == -1);
  // 4 of 4: low is exactly 1/2, high exactly 1.
  CHECK(compare_wilson_end(rational(4), rational(4), z, false, dec("0.5")) == 0);
  CHECK(compare_wilson_end(rational(4), rational(4), z, false, dec("0.5000001")) == -1);
  CHECK(compare_wilson_end(rational(4), rational(4), z, true, rational(1)) == 0);
  // A bound equal to the rate itself lies strictly inside for 0 < p < 1.
  CHECK(compare_wilson_end(rational(1), rational(2), z, false, dec("0.5")) == -1);
  CHECK(compare_wilson_end(rational(1), rational(2), z, true, dec("0.5")) == 1);
}

TEST_CASE("a rate whose interval spans tier bounds is not yet certain", "[uncertainty]") {
  // 93 of 100 on time earns [92, 95) = 3 points; the interval 86.25 %–96.57 % reaches below 90 %
  // (0 points) and above 95 % (5 points).
  auto s = run({{"orders_total", 100}, {"orders_on_time", 93}});
  auto u = assess_uncertainty(s->a);
  const rate_interval* r = interval_for(u, "on_time_rate");
  REQUIRE(r);
  CHECK(r->low == Approx(86.25032899));
  CHECK(r->high == Approx(96.56811756));
  CHECK_FALSE(r->tier_certain);
  CHECK(r->tier_low == -1);
  CHECK(r->tier_high == 1);
  CHECK(r->half_low == 0);
  CHECK(r->half_high == 10);
  CHECK_FALSE(r->small_sample);
  // 9,930 of 10,000: 99.30 %, interval about 99.12 %–99.45 %, all at ≥ 99: certain.
  auto big = run({{"orders_total", 10000}, {"orders_on_time", 9930}});
  auto bu = assess_uncertainty(big->a);
  const rate_interval* b = interval_for(bu, "on_time_rate");
  REQUIRE(b);
  CHECK(b->tier_certain);
  CHECK(b->half_low == 14);
  CHECK(b->half_high == 14);
}

TEST_CASE("very small denominators are flagged", "[uncertainty]") {
  // 2 of 3 on time: 66.7 % with an interval of 20.77 %–93.85 %, from 3 orders (< 30).
  auto s = run({{"orders_total", 3}, {"orders_on_time", 2}, {"exception_cases", 3}, {"exception_hours_total", 30}});
  auto u = assess_uncertainty(s->a);
  const rate_interval* r = interval_for(u, "on_time_rate");
  REQUIRE(r);
  CHECK(r->small_sample);
  CHECK(r->trials == rational(3));
  CHECK(r->low == Approx(20.765495513));
  CHECK(r->high == Approx(93.850968472));
  // A mean over 3 exception cases is flagged too.
  REQUIRE(u.small_means.size() == 1);
  CHECK(u.small_means[0].indicator->rule->id == "exception_handling_hours");
  CHECK(u.small_means[0].count == rational(3));
}

TEST_CASE("complete counts and money shares carry no interval", "[uncertainty]") {
  auto s = run({{"licenses_required", 9}, {"licenses_obtained", 9}, {"tax_due", 100}, {"tax_guarantee", 95},
                {"incidents_total", 46}, {"incidents_handled_in_time", 44}, {"vehicle_kwh_total", 10}, {"vehicle_km_total", 10}},
               {{"vehicle_kwh_per_km", 1}});
  auto u = assess_uncertainty(s->a);
  CHECK_FALSE(interval_for(u, "license_completeness"));   // a complete list of licences
  CHECK_FALSE(interval_for(u, "tax_guarantee_coverage")); // amounts of money
  REQUIRE(interval_for(u, "emergency_response_rate"));    // incidents are events
  // 44 of 46 = 95.65 %: interval 85.47 %–98.80 %: from below 90 % (0) to [95, 99) (3 points).
  const rate_interval* e = interval_for(u, "emergency_response_rate");
  CHECK(e->low == Approx(85.467477081));
  CHECK(e->high == Approx(98.799480641));
  CHECK(e->half_low == 0);
  CHECK(e->half_high == 6);
  REQUIRE(s->a.indicators[26].status == indicator_status::scored);  // vehicle energy, over 10 km
  CHECK(u.small_means.empty());  // kilometres are not cases
}
