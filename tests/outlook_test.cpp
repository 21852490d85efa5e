#include "outlook.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>

#include "improvement_report.h"
#include "test_support.h"

using namespace starsheet;
using nlohmann::json;

namespace {

// P(next = k) of the beta-binomial predictive: this period x of n, next period n trials, a
// uniform prior: C(n, k) B(k + x + 1, n − k + n − x + 1) / B(x + 1, n − x + 1).
double predictive(int k, int x, int n) {
  auto lbeta = [](double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); };
  double lchoose = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
  return std::exp(lchoose + lbeta(k + x + 1.0, 2.0 * n - k - x + 1.0) - lbeta(x + 1.0, n - x + 1.0));
}

// |observed − expected| within five standard errors of `draws` draws (and a hair for rounding).
bool close(double observed, double expected, int draws) {
  return std::fabs(observed - expected) <= 5 * std::sqrt(expected * (1 - expected) / draws) + 1e-9;
}

}  // namespace

TEST_CASE("the logarithm from exact operations agrees with the platform's to a double", "[outlook]") {
  for (double x : {1e-300, 1e-20, 0.001, 0.1, 0.5, 0.7071067811865476, 0.75, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e200})
    CHECK(exact_ops_log(x) == Approx(std::log(x)).epsilon(1e-15).margin(1e-15));
  CHECK(exact_ops_log(1.0) == 0.0);
  // Across (0, 1), where the draws use it: a few units in the last place at most.
  double worst = 0;
  for (int i = 1; i < 100000; ++i) {
    double x = i / 100000.0;
    worst = std::max(worst, std::fabs(exact_ops_log(x) - std::log(x)) / std::fabs(std::log(x)));
  }
  INFO("worst relative error " << worst);
  CHECK(worst < 2e-15);
}

TEST_CASE("one rate's draws follow the beta-binomial predictive exactly enough", "[outlook]") {
  // 7 of 10 this period: next period's successes in 10, against the exact probabilities.
  std::uint64_t state = 12345;
  constexpr int draws = 200000;
  std::map<std::int64_t, int> seen;
  for (int i = 0; i < draws; ++i) ++seen[draw_next_successes(7, 10, state)];
  double sum = 0;
  for (int k = 0; k <= 10; ++k) {
    double expected = predictive(k, 7, 10);
    sum += expected;
    INFO("k = " << k << ", expected " << expected << ", seen " << seen[k]);
    CHECK(close(seen[k] / double(draws), expected, draws));
  }
  CHECK(sum == Approx(1.0));
  // Large counts go through the Poisson and normal paths: the mean stays the posterior mean.
  double mean = 0;
  for (int i = 0; i < 20000; ++i) mean += draw_next_successes(9990, 10000, state);
  CHECK(mean / 20000 == Approx(10000.0 * 9991 / 10002).epsilon(2e-4));
  mean = 0;
  for (int i = 0; i < 20000; ++i) mean += draw_next_successes(5000, 10000, state);
  CHECK(mean / 20000 == Approx(5000.0).epsilon(2e-4));
}

TEST_CASE("the star outlook of a small period agrees with exact enumeration", "[outlook]") {
  // Two rates with counts (on time 9 of 10, intact 7 of 8), everything else as in the example.
  json measures = json::parse(R"({"orders_total": 10, "orders_on_time": 9, "goods_total": 8, "goods_intact": 7})");
  auto s = test::score_measures(measures);
  const assessment& a = s->a;
  uncertainty u = assess_uncertainty(a);
  REQUIRE(u.rates.size() == 2);
  outlook o = assess_outlook(a, u, nullptr, 20000, 99);
  REQUIRE(o.next_period);
  CHECK(o.varied == 2);
  CHECK_FALSE(o.after_plan);

  // Exact: every pair of next-period counts, its probability and its star level.
  int fixed = a.total_half;
  for (const auto& r : u.rates) fixed -= r.indicator->half_points;
  std::map<int, double> exact;
  auto points = [](const indicator_result& ir, int k, int n) {
    int t = tier_reached(*ir.rule, rational(k) * rational(100) / rational(n));
    return t >= 0 ? ir.rule->tiers[t].half_points : ir.rule->otherwise_half;
  };
  for (int k1 = 0; k1 <= 10; ++k1)
    for (int k2 = 0; k2 <= 8; ++k2) {
      int total = fixed + points(*u.rates[0].indicator, k1, 10) + points(*u.rates[1].indicator, k2, 8);
      exact[star_for(*a.pack, total, a.max_half).stars] += predictive(k1, 9, 10) * predictive(k2, 7, 8);
    }
  double sum = 0;
  for (int stars = 1; stars <= 5; ++stars) {
    double got = o.next_period->at_stars[stars] / 20000.0;
    INFO(stars << "★: exact " << exact[stars] << ", drawn " << got);
    CHECK(close(got, exact[stars], 20000));
    sum += got;
  }
  CHECK(sum == Approx(1.0));
}

TEST_CASE("the report's outlook: probabilities that add up, the same for the same period, none without counts", "[outlook]") {
  auto s = test::score_text(test::read_file(STARSHEET_SOURCE_DIR "/examples/huayun-2026-10.json"));
  improvement imp = improve(s->a);
  REQUIRE(imp.outlook.next_period);
  REQUIRE(imp.outlook.after_plan);
  CHECK(imp.outlook.next_period->draws == 4000);
  nlohmann::ordered_json j;
  append_improvement_json(j, s->a, imp, lang::zh);
  const auto& next = j["outlook"]["next_period"];
  double sum = 0;
  for (const auto& [stars, p] : next["stars"].items()) sum += p.get<double>();
  CHECK(sum == Approx(1.0).margin(1e-12));
  CHECK(next["keep_stars"] == 3);
  CHECK(next["keep_text"].get<std::string>().rfind("下期保持 3★ 或更高的概率：", 0) == 0);
  CHECK(j["outlook"]["after_plan"]["goal_stars"] == 4);
  // Deterministic: the same period draws the same numbers.
  improvement again = improve(s->a);
  CHECK(again.outlook.next_period->at_stars == imp.outlook.next_period->at_stars);
  CHECK(again.outlook.after_plan->at_stars == imp.outlook.after_plan->at_stars);
  // No event counts at all: no outlook.
  auto none = test::score_measures(json::parse(R"({"languages_supported": 3})"));
  improvement empty = improve(none->a);
  CHECK_FALSE(empty.outlook.next_period);
  nlohmann::ordered_json e;
  append_improvement_json(e, none->a, empty, lang::en);
  CHECK(e["outlook"].is_null());
}
