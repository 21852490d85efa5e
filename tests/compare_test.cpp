#include "compare.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::example;
using starsheet::test::period_with;
using nlohmann::json;

namespace {

json compare_json(const std::vector<std::string>& texts, lang l = lang::en) {
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < texts.size(); ++i) labels.push_back("p" + std::to_string(i + 1));
  auto out = compare_period_texts(views, labels, default_pack(), report_format::json, l);
  REQUIRE(out);
  return json::parse(*out);
}

const json& indicator(const json& change, const std::string& id) {
  for (const auto& i : change["indicators"])
    if (i["id"] == id) return i;
  FAIL("no indicator " << id);
  return change;
}

}  // namespace

TEST_CASE("October to November: what moved and which bounds were crossed", "[compare]") {
  json j = compare_json({example("huayun-2026-10.json"), example("huayun-2026-11.json")});
  CHECK(j["format"] == "starsheet-compare/1");
  REQUIRE(j["periods"].size() == 2);
  CHECK(j["periods"][0]["total"] == 66);
  CHECK(j["periods"][1]["total"] == 79);
  REQUIRE(j["changes"].size() == 1);
  const json& c = j["changes"][0];
  CHECK(c["total"]["delta"] == 13);
  CHECK(c["stars"]["from"] == 3);
  CHECK(c["stars"]["to"] == 4);
  CHECK(c["categories"][0]["id"] == "transport_timeliness");
  CHECK(c["categories"][0]["delta"] == 5);  // 14 → 19
  // On time 96.995 % → 99.117 %: from [95, 99) to ≥ 99, +2.
  const json& on_time = indicator(c, "on_time_rate");
  CHECK(on_time["reason"] == "tier_up");
  CHECK(on_time["delta"] == 2);
  REQUIRE(on_time["crossed"].size() == 1);
  CHECK(on_time["crossed"][0]["bound"] == 99);
  CHECK(on_time["text"] == "On-time delivery rate: 97% → 99.12%, 5 → 7 points (+2): up a tier, crossed ≥ 99%");
  // Real-time query 90 % → 100 %: four bounds, in the order they were crossed.
  const json& query = indicator(c, "realtime_query_rate");
  REQUIRE(query["crossed"].size() == 4);
  CHECK(query["crossed"][0]["bound"] == 92);
  CHECK(query["crossed"][3]["bound"] == 99);
  // Exception handling 19 h → 11.5 h crosses ≤ 12 h (lower is better).
  const json& exc = indicator(c, "exception_handling_hours");
  CHECK(exc["reason"] == "tier_up");
  CHECK(exc["crossed"][0]["op"] == "<=");
  CHECK(exc["crossed"][0]["bound"] == 12);
  // Multi-currency 70 % → 67.1 %: moved within its tier.
  CHECK(indicator(c, "multi_currency_coverage")["reason"] == "same_tier");
  CHECK(indicator(c, "license_completeness")["reason"] == "unchanged");
}

TEST_CASE("falling tiers, starting and stopping to measure", "[compare]") {
  json a = {{"orders_total", 100}, {"orders_on_time", 99}, {"incidents_total", 10}, {"incidents_handled_in_time", 10}};
  json b = {{"orders_total", 100}, {"orders_on_time", 91}, {"languages_supported", 3}, {"incidents_total", 0},
            {"incidents_handled_in_time", 0}};
  json j = compare_json({period_with(a), period_with(b), period_with(a)});
  REQUIRE(j["changes"].size() == 2);
  const json& down = indicator(j["changes"][0], "on_time_rate");
  CHECK(down["reason"] == "tier_down");
  CHECK(down["delta"] == -6);  // 7 → 1
  REQUIRE(down["crossed"].size() == 3);  // fell below 99, 95 and 92, in that order
  CHECK(down["crossed"][0]["bound"] == 99);
  CHECK(down["crossed"][2]["bound"] == 92);
  CHECK(indicator(j["changes"][0], "languages_supported")["reason"] == "now_measured");
  CHECK(indicator(j["changes"][1], "languages_supported")["reason"] == "no_longer_measured");
  const json& na = indicator(j["changes"][0], "emergency_response_rate");
  CHECK(na["reason"] == "status_changed");
  CHECK(na["to_status"] == "not_applicable");
  CHECK(indicator(j["changes"][1], "on_time_rate")["reason"] == "tier_up");
}

TEST_CASE("the comparison reads in both languages", "[compare]") {
  std::vector<std::string> texts{example("huayun-2026-10.json"), example("huayun-2026-11.json")};
  std::vector<std::string_view> views(texts.begin(), texts.end());
  auto zh = compare_period_texts(views, {"10.json", "11.json"}, default_pack(), report_format::text, lang::zh);
  auto en = compare_period_texts(views, {"10.json", "11.json"}, default_pack(), report_format::text, lang::en);
  REQUIRE(zh);
  REQUIRE(en);
  CHECK_THAT(*zh, Catch::Contains("总分 66 → 79（+13），3 星 → 4 星"));
  CHECK_THAT(*zh, Catch::Contains("准时送达率：97% → 99.12%，5 → 7 分（+2）：升档，越过 ≥ 99%"));
  CHECK_THAT(*zh, Catch::Contains("其余 24 项指标未变。"));
  CHECK_THAT(*en, Catch::Contains("Total 66 → 79 (+13), 3 → 4 stars"));
  CHECK_THAT(*en, Catch::Contains("Exception handling time: 19 hours → 11.5 hours, 3 → 5 points (+2): up a tier, crossed ≤ 12 hours"));
}

TEST_CASE("a bad period in a comparison names its place", "[compare]") {
  std::vector<std::string> texts{period_with({{"orders_total", 10}}), period_with({{"orders_total", -1}})};
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::size_t failed = 99;
  auto out = compare_period_texts(views, {"a", "b"}, default_pack(), report_format::text, lang::en, &failed);
  REQUIRE_FALSE(out);
  CHECK(failed == 1);
  CHECK(out.error().where == "/measures/orders_total");
}
