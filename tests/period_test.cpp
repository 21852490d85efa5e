#include "period.h"

#include <catch2/catch.hpp>

#include "scoring.h"
#include "starsheet.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::period_with;
using nlohmann::json;

namespace {

// The one-line error for a period document (parse, then the cross-measure checks of scoring).
std::string error_of(const std::string& text) {
  auto r = score_period(text, default_pack(), report_format::json, lang::en);
  REQUIRE_FALSE(r);
  return describe(r.error());
}

}  // namespace

TEST_CASE("a minimal period parses", "[period]") {
  auto p = parse_period(R"({"format":"starsheet-period/1"})", default_pack());
  REQUIRE(p);
  CHECK(p->measures.empty());
  CHECK(p->ignored.empty());
  CHECK_FALSE(p->period.has_value());
}

TEST_CASE("provider, period and measures are read", "[period]") {
  auto p = parse_period(R"({"format":"starsheet-period/1","provider":"华运",
      "period":{"kind":"month","start":"2026-10-01","end":"2026-10-31"},
      "measures":{"orders_total":12000,"transit":{"air":{"shipments":9000,"days_total":40500.5}},
                  "supplier_qualifications":["iso9001","iso14001"],"violation_deductions":0.015},
      "benchmarks":{"transit_days":{"air":5.0}}})",
                        default_pack());
  REQUIRE(p);
  CHECK(p->provider == "华运");
  REQUIRE(p->period);
  CHECK(p->period->kind == "month");
  CHECK(p->measures.at("/measures/orders_total").number == rational(12000));
  CHECK(p->measures.at("/measures/transit/air/days_total").number == rational(81001) / rational(2));
  CHECK(p->measures.at("/measures/violation_deductions").number == rational(15) / rational(1000));
  CHECK(p->measures.at("/benchmarks/transit_days/air").number == rational(5));
  CHECK(p->measures.at("/measures/supplier_qualifications").items == std::vector<std::string>{"iso9001", "iso14001"});
  CHECK(p->measures.at("/measures/orders_total").source == "period");
}

TEST_CASE("whole numbers written as floats are counts, and null reads as absent", "[period]") {
  auto p = parse_period(period_with({{"orders_total", 12000.0}, {"orders_on_time", nullptr}}), default_pack());
  REQUIRE(p);
  CHECK(p->measures.at("/measures/orders_total").number == rational(12000));
  CHECK(p->measures.count("/measures/orders_on_time") == 0);
}

TEST_CASE("unknown members are ignored but listed", "[period]") {
  auto p = parse_period(R"({"format":"starsheet-period/1","note":"x","measures":{"orders_ontime":5,
      "transit":{"rail":{"shipments":1}},"cost":{"fuel":{"before":1}}},"benchmarks":{"transit_days":{"rail":3}}})",
                        default_pack());
  REQUIRE(p);
  // In document order, so the report lists them as the user wrote them.
  CHECK(p->ignored == std::vector<std::string>{"/note", "/measures/orders_ontime", "/measures/transit/rail",
                                               "/measures/cost/fuel", "/benchmarks/transit_days/rail"});
}

TEST_CASE("bad input: not JSON, not an object, wrong format", "[period]") {
  CHECK(error_of("{\"format\": ") ==
        "not valid JSON: parse error at line 1, column 12: syntax error while parsing value - unexpected end of "
        "input; expected '[', '{', or a literal");
  CHECK(error_of("[1]") == "expected a JSON object (a starsheet-period/1 document), got an array");
  CHECK(error_of("{}") == "/format: required member is missing (expected \"starsheet-period/1\")");
  CHECK(error_of(R"({"format":"starsheet-period/2"})") == "/format: expected \"starsheet-period/1\", got \"starsheet-period/2\"");
  CHECK(error_of(R"({"format":"starsheet-period/1","measures":[]})") == "/measures: expected an object, got an array");
}

TEST_CASE("bad input: counts", "[period]") {
  CHECK(error_of(period_with({{"orders_total", -3}})) == "/measures/orders_total: expected a whole number ≥ 0, got -3");
  CHECK(error_of(period_with({{"orders_total", 12.5}})) == "/measures/orders_total: expected a whole number ≥ 0, got 12.5");
  CHECK(error_of(period_with({{"orders_total", "12000"}})) ==
        "/measures/orders_total: expected a whole number ≥ 0, got a string (\"12000\")");
  CHECK(error_of(period_with({{"orders_total", true}})) == "/measures/orders_total: expected a whole number ≥ 0, got a boolean (true)");
  CHECK(error_of(period_with({{"transit", {{"sea", {{"shipments", -1}}}}}})) ==
        "/measures/transit/sea/shipments: expected a whole number ≥ 0, got -1");
}

TEST_CASE("bad input: amounts, fractions, levels, benchmarks", "[period]") {
  CHECK(error_of(period_with({{"exception_hours_total", -0.5}})) ==
        "/measures/exception_hours_total: expected a number ≥ 0, got -0.5");
  CHECK(error_of(period_with({{"violation_deductions", 1.5}})) ==
        "/measures/violation_deductions: expected a number from 0 to 1, got 1.5");
  CHECK(error_of(period_with({{"violation_deductions", -0.1}})) ==
        "/measures/violation_deductions: expected a number from 0 to 1, got -0.1");
  CHECK(error_of(period_with({{"digital_level", 6}})) == "/measures/digital_level: expected a whole number from 1 to 5, got 6");
  CHECK(error_of(period_with({{"digital_level", 0}})) == "/measures/digital_level: expected a whole number from 1 to 5, got 0");
  CHECK(error_of(period_with({{"digital_level", 2.5}})) == "/measures/digital_level: expected a whole number from 1 to 5, got 2.5");
  CHECK(error_of(period_with(json::object(), {{"vehicle_kwh_per_km", 0}})) ==
        "/benchmarks/vehicle_kwh_per_km: expected a number > 0, got 0");
}

TEST_CASE("counts are read exactly as written, whatever their length", "[period]") {
  const std::string big = R"({"format":"starsheet-period/1","measures":{"orders_total":100000000000000000000,
      "orders_on_time":98999999999999999999}})";
  auto r = score_period(big, default_pack(), report_format::json, lang::en);
  REQUIRE(r);
  auto report = nlohmann::json::parse(*r);
  for (const auto& ind : report["indicators"])
    if (ind["id"] == "on_time_rate") {
      CHECK(ind["points"] == 5);  // 98.999… % is in [95, 99), not the ≥ 99 % tier
      CHECK(ind["tier"]["bound"] == 95);
    }
  CHECK(error_of(R"({"format":"starsheet-period/1","measures":{"orders_total":10000,"orders_on_time":9900.000000000000001}})") ==
        "/measures/orders_on_time: expected a whole number ≥ 0, got 9900.000000000000001");
  CHECK(error_of(R"({"format":"starsheet-period/1","measures":{"orders_total":3,"orders_on_time":2.9999999999999999999}})") ==
        "/measures/orders_on_time: expected a whole number ≥ 0, got 2.9999999999999999999");
  // 1e-400 is a tiny positive amount, not 0: it is a whole number of nothing, so no count.
  CHECK(error_of(R"({"format":"starsheet-period/1","measures":{"orders_total":1e-400}})") ==
        "/measures/orders_total: expected a whole number ≥ 0, got 1e-400");
  auto p = parse_period(R"({"format":"starsheet-period/1","measures":{"exception_hours_total":1e-400}})", default_pack());
  REQUIRE(p);
  CHECK(p->measures.at("/measures/exception_hours_total").number > rational(0));
}

TEST_CASE("what-if values outside what the indicator can be are refused", "[period]") {
  auto with_what_if = [](const char* id, const char* value) {
    return std::string(R"({"format":"starsheet-period/1","what_if":{")") + id + "\":" + value + "}}";
  };
  CHECK(error_of(with_what_if("on_time_rate", "150")) == "/what_if/on_time_rate: expected a percentage from 0 to 100, got 150");
  CHECK(error_of(with_what_if("on_time_rate", "-1")) == "/what_if/on_time_rate: expected a percentage from 0 to 100, got -1");
  CHECK(error_of(with_what_if("digital_level", "6")) == "/what_if/digital_level: expected a whole number from 1 to 5, got 6");
  CHECK(error_of(with_what_if("supplier_qualifications", "2.5")) ==
        "/what_if/supplier_qualifications: expected a whole number from 0 to 5, got 2.5");
  CHECK(error_of(with_what_if("languages_supported", "-3")) == "/what_if/languages_supported: expected a whole number of 0 or more, got -3");
  CHECK(error_of(with_what_if("transport_cost_reduction", "101")) ==
        "/what_if/transport_cost_reduction: expected a reduction of at most 100 %, got 101");
  CHECK(error_of(with_what_if("response_minutes", "-0.5")) == "/what_if/response_minutes: expected a number of 0 or more, got -0.5");
  // Edges are accepted; a guarantee may cover more than the tax due; a cost may rise.
  for (auto [id, v] : {std::pair{"on_time_rate", "100"}, {"on_time_rate", "0"}, {"tax_guarantee_coverage", "104"},
                       {"transport_cost_reduction", "-20"}, {"digital_level", "1"}, {"supplier_qualifications", "5"}})
    CHECK(parse_period(with_what_if(id, v), default_pack()));
}

TEST_CASE("a group of measures given as a single value is an error, not ignored", "[period]") {
  CHECK(error_of(period_with({{"transit", 5}})) ==
        "/measures/transit: expected an object of measures (such as /measures/transit/land/shipments), got 5");
  auto p = parse_period(R"({"format":"starsheet-period/1","measures":{"transit":null}})", default_pack());
  REQUIRE(p);
  CHECK(p->ignored.empty());
}

TEST_CASE("bad input: supplier qualifications", "[period]") {
  CHECK(error_of(period_with({{"supplier_qualifications", {"iso9001", "iso27001"}}})) ==
        "/measures/supplier_qualifications/1: unknown qualification \"iso27001\" (expected one of: "
        "road_transport_license, iso9001, iso14001, ohsas18001, safety_standardization_level2)");
  CHECK(error_of(period_with({{"supplier_qualifications", {"iso9001", "iso9001"}}})) ==
        "/measures/supplier_qualifications/1: \"iso9001\" is listed twice");
  CHECK(error_of(period_with({{"supplier_qualifications", "iso9001"}})) ==
        "/measures/supplier_qualifications: expected a list of qualification ids, got a string (\"iso9001\")");
}

TEST_CASE("bad input: a numerator above its denominator", "[period]") {
  CHECK(error_of(period_with({{"orders_total", 100}, {"orders_on_time", 101}})) ==
        "/measures/orders_on_time: 101 is more than /measures/orders_total (100); the part cannot exceed the whole");
  CHECK(error_of(period_with({{"transport_km_total", 1000}, {"insured_km", 1000.5}})) ==
        "/measures/insured_km: 1000.5 is more than /measures/transport_km_total (1000); the part cannot exceed the whole");
  CHECK(error_of(period_with({{"exception_cases", 0}, {"exception_hours_total", 5}})) ==
        "/measures/exception_hours_total: is 5 while /measures/exception_cases is 0; a total needs cases to average over");
  CHECK(error_of(period_with({{"cost", {{"labor", {{"before", 0}, {"after", 10}}}}}})) ==
        "/measures/cost/labor/before: is 0 while /measures/cost/labor/after is 10; a reduction needs a baseline above 0");
}

TEST_CASE("bad input: the period", "[period]") {
  auto with_period = [](json period) {
    return json({{"format", "starsheet-period/1"}, {"period", period}}).dump();
  };
  CHECK(error_of(with_period({{"kind", "month"}, {"start", "2026-10-01"}, {"end", "2026-09-30"}})) ==
        "/period/end: the period ends (2026-09-30) before it starts (2026-10-01)");
  CHECK(error_of(with_period({{"kind", "quarter"}, {"start", "2026-10-01"}, {"end", "2026-12-31"}})) ==
        "/period/kind: unknown period kind \"quarter\" (expected one of: week, month, half_year, year)");
  CHECK(error_of(with_period({{"kind", "month"}, {"start", "2026-02-30"}, {"end", "2026-03-31"}})) ==
        "/period/start: expected a date as YYYY-MM-DD, got \"2026-02-30\"");
  CHECK(error_of(with_period({{"kind", "month"}, {"start", "2026-10-01"}})) == "/period/end: required member is missing");
  CHECK(error_of(with_period({{"kind", "month"}, {"start", "2026-10-01"}, {"end", "9999-10-31"}})) ==
        "/period/end: a month covers at most 31 days; 2026-10-01 to 9999-10-31 is 2912109 days");
  CHECK(error_of(with_period({{"kind", "month"}, {"start", "2026-10-01"}, {"end", "2026-11-01"}})) ==
        "/period/end: a month covers at most 31 days; 2026-10-01 to 2026-11-01 is 32 days");
  CHECK(error_of(with_period({{"kind", "week"}, {"start", "2026-10-01"}, {"end", "2026-10-08"}})) ==
        "/period/end: a week covers at most 7 days; 2026-10-01 to 2026-10-08 is 8 days");
  CHECK(error_of(with_period({{"kind", "year"}, {"start", "2024-01-01"}, {"end", "2025-01-01"}})) ==
        "/period/end: a year covers at most 366 days; 2024-01-01 to 2025-01-01 is 367 days");
  CHECK(score_period(with_period({{"kind", "year"}, {"start", "2024-01-01"}, {"end", "2024-12-31"}}), default_pack(),
                     report_format::json, lang::en));
  CHECK(score_period(with_period({{"kind", "half_year"}, {"start", "2026-07-01"}, {"end", "2026-12-31"}}), default_pack(),
                     report_format::json, lang::en));
  CHECK(error_of(with_period("2026-10")) == "/period: expected an object with kind, start and end, got a string (\"2026-10\")");
}

TEST_CASE("ISO dates", "[period]") {
  CHECK(parse_iso_date("1970-01-01") == 0L);
  CHECK(parse_iso_date("2026-10-31").value() - parse_iso_date("2026-10-01").value() == 30);
  CHECK(parse_iso_date("2024-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2026-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2026-13-01").has_value());
  CHECK_FALSE(parse_iso_date("2026-1-01").has_value());
}

TEST_CASE("what-if values are read by indicator id", "[period]") {
  auto p = parse_period(R"({"format":"starsheet-period/1","what_if":{"on_time_rate":99.5,"avg_transit_days":null}})",
                        default_pack());
  REQUIRE(p);
  CHECK(p->what_if.size() == 1);
  CHECK(p->what_if.at("on_time_rate") == *rational::from_decimal("99.5"));
  CHECK(error_of(R"({"format":"starsheet-period/1","what_if":{"on_time":99}})") == "/what_if/on_time: unknown indicator \"on_time\"");
  CHECK(error_of(R"({"format":"starsheet-period/1","what_if":{"on_time_rate":"99"}})") ==
        "/what_if/on_time_rate: expected a number, got a string (\"99\")");
  CHECK(error_of(R"({"format":"starsheet-period/1","what_if":[1]})") ==
        "/what_if: expected an object of indicator ids and values, got an array");
}
