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
  CHECK_THAT(*zh, Catch::Contains("本期估计赔付：68522.4–97166.4"));
  CHECK_THAT(*zh, Catch::Contains("应急响应率：100%，95% 区间 90.82%–100.00%（38 个样本），档位尚不确定：区间内可能得 1–6 分"));
  CHECK_THAT(*en, Catch::Contains("To 5 stars: 6 more points needed (threshold 85)"));
  CHECK_THAT(*en, Catch::Contains("Complaint handling time: 61 hours (target ≤ 72 hours) met [002 §1.3]"));
  CHECK_THAT(*en, Catch::Contains("Damaged and lost: 77 uninsured parcels × 3–5 × freight, at most 7100 (1000 USD) each = 42966–71610"));
  CHECK_THAT(*en, Catch::Contains("Practices (by category, with sources)"));
}

TEST_CASE("contradicting recovery measures are rejected by the front door", "[improvement_report]") {
  auto r = score_period(period_with({{"recovery", {{"lost", 1}, {"insured_parcels", 2}}}}), default_pack(),
                        report_format::json, lang::en);
  REQUIRE_FALSE(r);
  CHECK(describe(r.error()) ==
        "/measures/recovery/insured_parcels: 2 insured parcels, but only 1 damaged or lost (/measures/recovery/damaged + /measures/recovery/lost)");
}
