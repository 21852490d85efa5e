#include "report.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "json_text.h"
#include "starsheet.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using nlohmann::json;

namespace {

std::string example_text() { return starsheet::test::example("huayun-2026-10.json"); }

json example_report(lang l) {
  auto r = score_period(example_text(), default_pack(), report_format::json, l);
  REQUIRE(r);
  return json::parse(*r);
}

}  // namespace

TEST_CASE("the JSON report carries the contract's keys", "[report]") {
  json j = example_report(lang::zh);
  CHECK(j["format"] == "starsheet-report/1");
  CHECK(j["rules"]["id"] == "cbel-guide-appendix-a");
  CHECK(j["rules"]["version"] == "1.4.0");
  CHECK(j["total"] == 66);
  CHECK(j["stars"] == 3);
  REQUIRE(j["categories"].size() == 8);
  CHECK(j["categories"][0]["id"] == "transport_timeliness");
  CHECK(j["categories"][0]["score"] == 14);
  CHECK(j["categories"][0]["max"] == 25);
  CHECK(j["categories"][0]["band"] == "9-15");
  REQUIRE(j["indicators"].size() == 31);
  const json& on_time = j["indicators"][0];
  CHECK(on_time["id"] == "on_time_rate");
  CHECK(on_time["category"] == "transport_timeliness");
  CHECK(on_time["status"] == "scored");
  // 12105 / 12480 = 96.995… % → [95, 99) → 5 of 7.
  CHECK(on_time["value"].get<double>() == Approx(96.99519230769231));
  CHECK(on_time["points"] == 5);
  CHECK(on_time["max"] == 7);
  CHECK(on_time["sources"]["/measures/orders_total"] == "period");
  // The advice leads with the next-star plan's step (real-time query 90 % → 97 %, +5).
  CHECK(j["advice"][0]["indicator"] == "realtime_query_rate");
  CHECK(j["advice"][0]["gain"] == 5);
  CHECK(j["next_star"]["stars"] == 4);
  CHECK(j["next_star"]["points_needed"] == 4);
  CHECK(j["ignored"].empty());
}

TEST_CASE("half points are JSON numbers with a half, whole points integers", "[report]") {
  json j = example_report(lang::en);
  const json& safety = j["indicators"][28];
  CHECK(safety["id"] == "safety_device_coverage");
  CHECK(safety["points"].is_number_float());
  CHECK(safety["points"] == 0.5);
  CHECK(j["indicators"][0]["points"].is_number_integer());
}

TEST_CASE("missing indicators have a null value and name what is absent", "[report]") {
  auto r = score_period(R"({"format":"starsheet-period/1","measures":{"orders_total":10}})", default_pack(),
                        report_format::json, lang::en);
  REQUIRE(r);
  json j = json::parse(*r);
  CHECK(j["total"] == 0);
  CHECK(j["stars"] == 1);
  CHECK(j["indicators"][0]["status"] == "missing");
  CHECK(j["indicators"][0]["value"].is_null());
  CHECK(j["indicators"][0]["absent"] == json::array({"/measures/orders_on_time"}));
  CHECK(j["indicators"][0]["note"] == "Not measured: Orders delivered on time. Scored 0.");
  CHECK(j["period"].is_null());
}

TEST_CASE("the text report reads in both languages", "[report]") {
  auto zh = score_period(example_text(), default_pack(), report_format::text, lang::zh);
  auto en = score_period(example_text(), default_pack(), report_format::text, lang::en);
  REQUIRE(zh);
  REQUIRE(en);
  CHECK_THAT(*zh, Catch::Contains("服务商：华运跨境物流（深圳）有限公司"));
  CHECK_THAT(*zh, Catch::Contains("★★★☆☆  三星级  总分 66 / 100"));
  CHECK_THAT(*zh, Catch::Contains("距 4 星还差 4 分（门槛 70 分）。"));
  CHECK_THAT(*zh, Catch::Contains("应急响应率：当前 95.65%，达到 ≥ 99% 可得 6 分（+3）。"));
  CHECK_THAT(*en, Catch::Contains("Provider: 华运跨境物流（深圳）有限公司"));
  CHECK_THAT(*en, Catch::Contains("total 66 / 100"));
  CHECK_THAT(*en, Catch::Contains("4 more points reach 4 stars (threshold 70)."));
  CHECK_THAT(*en, Catch::Contains("Emergency response rate: now 95.65%; reach ≥ 99% for 6 points (+3)."));
}

TEST_CASE("numbers for people", "[report]") {
  CHECK(format_number(rational(7)) == "7");
  CHECK(format_number(*rational::from_decimal("98.75")) == "98.75");
  CHECK(format_number(*rational::from_decimal("4.50")) == "4.5");
  CHECK(format_number(rational(200) / rational(3)) == "66.67");
  CHECK(format_number(rational(-1) / rational(1000)) == "0");
}

TEST_CASE("templates fill named fields", "[report]") {
  CHECK(fill("{a} and {b}, {c}", {{"a", "1"}, {"b", "2"}}) == "1 and 2, {c}");
  CHECK(fill("{", {{"a", "1"}}) == "{");
}

TEST_CASE("the rule pack prints as a table", "[report]") {
  std::string t = rules_text(default_pack(), lang::en);
  CHECK_THAT(t, Catch::Contains("on_time_rate"));
  CHECK_THAT(t, Catch::Contains("≥ 99% → 7; ≥ 95% → 5; ≥ 92% → 3; ≥ 90% → 1; otherwise → 0"));
  CHECK_THAT(t, Catch::Contains("ratio < 0.95 → 6; ratio ≤ 1.05 → 3; ratio ≤ 1.2 → 1; otherwise → 0"));
  CHECK_THAT(t, Catch::Contains("5 ≥ 85"));
}

TEST_CASE("what-if indicators are marked in both reports", "[report]") {
  const char* period = R"({"format":"starsheet-period/1","measures":{"orders_total":100,"orders_on_time":93},
                            "what_if":{"on_time_rate":99}})";
  auto j = score_period(period, default_pack(), report_format::json, lang::en);
  REQUIRE(j);
  json doc = json::parse(*j);
  CHECK(doc["indicators"][0]["what_if"] == true);
  CHECK(doc["indicators"][0]["points"] == 7);
  CHECK_FALSE(doc["indicators"][1].contains("what_if"));
  auto t = score_period(period, default_pack(), report_format::text, lang::zh);
  REQUIRE(t);
  CHECK_THAT(*t, Catch::Contains("[假设值] ≥ 99%"));
  // The actual result is always beside the assumed one, in the JSON and in the text headline.
  CHECK(doc["total"] == 7);
  CHECK(doc["actual"]["total"] == 3);
  CHECK(doc["actual"]["stars"] == 1);
  CHECK(doc["actual"]["text"] == "Actual: 3 points, 1★ → what-if: 7 points, 1★");
  CHECK_THAT(*t, Catch::Contains("【假设结果】1 项指标按假设值计分"));
  CHECK_THAT(*t, Catch::Contains("实际：3 分，1★ → 假设：7 分，1★"));
  // Without a what-if there is no actual member.
  auto plain = score_period(R"({"format":"starsheet-period/1","measures":{"orders_total":100,"orders_on_time":93}})",
                            default_pack(), report_format::json, lang::en);
  REQUIRE(plain);
  CHECK_FALSE(json::parse(*plain).contains("actual"));
}

TEST_CASE("text reports show control characters from the data as escapes", "[report]") {
  // Raw NUL, ESC (an ANSI sequence), CR, DEL, a C1 control and a byte that is not UTF-8 are
  // shown; the renderer's own line feeds and CJK text are kept.
  using namespace std::string_literals;
  CHECK(visible_controls("a\0b\x1b[31mc\rd\x7f" "e\xC2\x9B" "f\xFFg\n中"s) ==
        "a\\u0000b\\u001b[31mc\\u000dd\\u007fe\\u009bf\\xffg\n中");
  CHECK(visible_controls("x\ty\nz", true) == "x\\u0009y\\u000az");
  CHECK(visible_controls("\xE0\x80\x80") == "\\xe0\\x80\\x80");  // an overlong form is not UTF-8
  // Bidirectional overrides and isolates (U+202E RLO, U+2066 LRI, U+200F RLM, U+061C ALM) are
  // shown, not obeyed; the characters next to them are kept.
  CHECK(visible_controls("a\u202Eb\u2066c\u200Fd\u061Ce\u2069\u202A\u2010") ==
        "a\\u202eb\\u2066c\\u200fd\\u061ce\\u2069\\u202a\u2010");

  json period = json::parse(example_text());
  period["provider"] = "Evil\x1b]0;pwned\x07 Co.\nFAKE LINE";
  auto text = score_period(period.dump(), default_pack(), report_format::text, lang::en);
  REQUIRE(text);
  CHECK(text->find("Evil\\u001b]0;pwned\\u0007 Co.\\u000aFAKE LINE") != std::string::npos);
  CHECK(text->find('\x1b') == std::string::npos);
  CHECK(text->find('\x07') == std::string::npos);
  // The JSON report keeps the provider as written, escaped by JSON itself.
  auto j = score_period(period.dump(), default_pack(), report_format::json, lang::en);
  REQUIRE(j);
  CHECK(json::parse(*j)["provider"] == "Evil\x1b]0;pwned\x07 Co.\nFAKE LINE");
  CHECK(j->find('\x1b') == std::string::npos);
}
