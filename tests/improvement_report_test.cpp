#include "improvement_report.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "starsheet.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::example;
using starsheet::test::period_with;
using nlohmann::json;

namespace {

json report(const std::string& text, lang l) {
  auto r = score_period(text, default_pack(), report_format::json, l);
  REQUIRE(r);
  return json::parse(*r);
}

}  // namespace

TEST_CASE("the JSON report carries plans, practices, checks, recovery and uncertainty", "[improvement_report]") {
  json j = report(example("huayun-2026-10.json"), lang::en);
  // The contract's keys are unchanged.
  CHECK(j["total"] == 66);
  CHECK(j["stars"] == 3);
  CHECK(j["next_star"]["points_needed"] == 4);
  // 66 → 70: the cheapest route is the real-time query rate 90 % → 97 % (+5): 0.5 × 7/10 = 0.35.
  const json& next = j["plans"]["next_star"];
  CHECK(next["stars"] == 4);
  CHECK(next["needed"] == 4);
  CHECK(next["total_after"] == 71);
  CHECK(next["effort"].get<double>() == Approx(0.35));
  REQUIRE(next["steps"].size() == 1);
  const json& step = next["steps"][0];
  CHECK(step["indicator"] == "realtime_query_rate");
  CHECK(step["from_value"] == 90);
  CHECK(step["target_value"] == 97);
  CHECK(step["gain"] == 5);
  CHECK(step["failures_removed"].get<double>() == Approx(0.7));
  // The tie at 0.35 (95 % for +3 and transport cost 9 % → 10 % for +1) has more steps: second.
  REQUIRE(next["alternatives"].size() == 2);
  CHECK(next["alternatives"][0]["effort"].get<double>() == Approx(0.35));
  CHECK(next["alternatives"][0]["steps"].size() == 2);
  CHECK(j["plans"]["five_stars"]["stars"] == 5);
  CHECK(j["plans"]["five_stars"]["needed"] == 19);
  CHECK(j["plans"]["five_stars"]["total_after"] == 85);

  REQUIRE(j["practices"].is_array());
  CHECK(j["practices"][0]["source"]["cite"] == "002 §1.2");
  REQUIRE(j["reference_checks"].size() == 5);
  CHECK(j["reference_checks"][0]["status"] == "not_measured");
  CHECK(j["reference_checks"][1]["status"] == "not_met");  // 97 % < 98 %
  CHECK(j["reference_checks"][4]["status"] == "met");      // 13 min ≤ 20 min
  CHECK(j["recovery"]["measured"] == false);
  CHECK(j["uncertainty"]["confidence_percent"] == 95);
  CHECK(j["uncertainty"]["rates"][1]["indicator"] == "emergency_response_rate");
  CHECK(j["uncertainty"]["rates"][1]["tier_certain"] == false);
}

TEST_CASE("the text report shows the new sections in both languages", "[improvement_report]") {
  auto zh = score_period(example("huayun-2026-11.json"), default_pack(), report_format::text, lang::zh);
  auto en = score_period(example("huayun-2026-11.json"), default_pack(), report_format::text, lang::en);
  REQUIRE(zh);
  REQUIRE(en);
  CHECK_THAT(*zh, Catch::Contains("升至 5 星：还需 6 分（门槛 85 分）"));
  CHECK_THAT(*zh, Catch::Contains("包裹丢失率：0.0384%（目标 ≤ 0.05%）达标［000 ¶2］、按另一种读法（目标 ≤ 0.005%）：未达标"));
  CHECK_THAT(*zh, Catch::Contains("本期估计赔付：68,522.4–97,166.4"));
  CHECK_THAT(*zh, Catch::Contains("应急响应率：100%，95% 区间 90.82%–100.00%（38 个样本），档位尚不确定：区间内可能得 1–6 分"));
  CHECK_THAT(*en, Catch::Contains("To 5 stars: 6 more points needed (threshold 85)"));
  CHECK_THAT(*en, Catch::Contains("Complaint handling time: 61 hours (target ≤ 72 hours) met [002 §1.3]"));
  CHECK_THAT(*en, Catch::Contains("Damaged and lost: 77 uninsured parcels × 3–5 × freight, at most 7,100 CNY (1,000 USD) each = 42,966–71,610"));
  CHECK_THAT(*en, Catch::Contains("Freight in Chinese yuan; 1 USD = 7.1 CNY (the rule pack's reference rate: approximate, as of 2026-11-30, for estimates only; enter the period's rate under Exchange rate)"));
  CHECK_THAT(*zh, Catch::Contains("本期估计赔付：68,522.4–97,166.4 CNY（每件平均运费 186）"));
  CHECK_THAT(*en, Catch::Contains("Practices (by category, with sources)"));
}

TEST_CASE("effort is said in words, never as the bare index", "[improvement_report]") {
  auto en = score_period(example("huayun-2026-10.json"), default_pack(), report_format::text, lang::en);
  auto zh = score_period(example("huayun-2026-10.json"), default_pack(), report_format::text, lang::zh);
  REQUIRE(en);
  REQUIRE(zh);
  // 90 % → 97 % of the status fields queryable removes 7 of the 10 missing in 100.
  CHECK_THAT(*en, Catch::Contains("Best plan (least effort): steps: 1, total afterwards 71 (4 stars)"));
  CHECK_THAT(*en, Catch::Contains(
      "1. Real-time status query rate: 90% → ≥ 97%, +5 (7 in 10 status fields not yet queryable must become queryable in real time)"));
  CHECK_THAT(*en, Catch::Contains("Alternative 1 (the same effort as the best plan): steps: 2"));
  // 0.25 + 2 × (0.86 − 0.8) / 0.86 against 0.35.
  CHECK_THAT(*en, Catch::Contains("Alternative 2 (about 10% more effort than the best plan): steps: 2"));
  CHECK_THAT(*zh, Catch::Contains("最优方案（投入最小）：1 步，完成后总分 71（4 星）"));
  CHECK_THAT(*zh, Catch::Contains("实时状态可查率：90% → ≥ 97%，+5 分（7/10的尚不能实时查询的状态字段须开放实时查询）"));
  CHECK_THAT(*en, !Catch::Contains("effort 0.35"));
  CHECK_THAT(*zh, !Catch::Contains("投入 0.35"));
  // The advice list leads with the same step and says what it takes.
  CHECK_THAT(*en, Catch::Contains(
      "   1. +5    [plan step] Real-time status query rate: now 90%; reach ≥ 97% for 6 points (+5). What it takes: 7 in 10 status "
      "fields not yet queryable must become queryable in real time."));

  json j = report(example("huayun-2026-10.json"), lang::en);
  const json& first = j["advice"][0];
  CHECK(first["indicator"] == "realtime_query_rate");
  CHECK(first["gain"] == 5);
  CHECK(first["in_plan"] == true);
  CHECK(first["recommended"] == true);
  CHECK(first["effort"].get<double>() == Approx(0.35));
  CHECK(first["effort_text"] == "7 in 10 status fields not yet queryable must become queryable in real time");
  CHECK(j["plans"]["next_star"]["effort_text"] == "least effort");
  CHECK(j["plans"]["next_star"]["steps"][0]["effort_text"] == first["effort_text"]);
  const json& last = j["advice"].back();
  CHECK(last["indicator"] == "route_optimization_rate");
  CHECK(last["unreachable_in_practice"] == true);
  CHECK(last["recommended"] == false);
  CHECK(last["reading"] == "route_tiers_unreachable");
}

TEST_CASE("shares of failures read as simple fractions", "[improvement_report]") {
  // On-time of 10,000 orders raised to the top tier (99 %): the share of the late orders that
  // must become on time, as the nearest simple fraction.
  auto said = [](int on_time, lang l) {
    auto s = test::score_measures({{"orders_total", 10000}, {"orders_on_time", on_time}});
    const indicator_result& ir = s->a.indicators[0];
    plan_option o{0, ir.max_half - ir.half_points, rational(1), rational(99), std::nullopt, false};
    return effort_words(make_step(ir, o), default_pack(), l);
  };
  CHECK(said(9300, lang::en) == "6 in 7 late orders must become on time");          // 6/7 exactly
  CHECK(said(9500, lang::en) == "4 in 5 late orders must become on time");
  CHECK(said(7000, lang::en) == "29 in 30 late orders must become on time");
  CHECK(said(9650, lang::en) == "about 7 in 10 late orders must become on time");   // 2.5 of 3.5
  CHECK(said(9801, lang::en) == "about 1 in 2 late orders must become on time");    // 0.99 of 1.99
  CHECK(said(9650, lang::zh) == "约7/10的迟到订单须改为准时送达");
  CHECK(said(9000, lang::zh) == "9/10的迟到订单须改为准时送达");
}

TEST_CASE("contradicting recovery measures are rejected by the front door", "[improvement_report]") {
  auto r = score_period(period_with({{"recovery", {{"lost", 1}, {"insured_parcels", 2}}}}), default_pack(),
                        report_format::json, lang::en);
  REQUIRE_FALSE(r);
  CHECK(describe(r.error()) ==
        "/measures/recovery/insured_parcels: 2 insured parcels, but only 1 damaged or lost (/measures/recovery/damaged + /measures/recovery/lost)");
}
