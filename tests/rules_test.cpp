#include "rules.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <functional>

#include "default_rules.h"

using namespace starsheet;
using nlohmann::json;

namespace {

json default_doc() { return json::parse(default_rules_json()); }

// Loads the default pack after `edit` and returns the error it must produce.
input_error error_after(const std::function<void(json&)>& edit) {
  json doc = default_doc();
  edit(doc);
  auto r = load_rules(doc.dump());
  REQUIRE_FALSE(r);
  return r.error();
}

json& indicator(json& doc, const std::string& id) {
  for (auto& i : doc["indicators"])
    if (i["id"] == id) return i;
  FAIL("no indicator " << id);
  return doc;
}

}  // namespace

TEST_CASE("the built-in pack loads and is Appendix A", "[rules]") {
  auto r = load_rules(default_rules_json());
  REQUIRE(r);
  const rule_pack& p = *r;
  CHECK(p.id == "cbel-guide-appendix-a");
  CHECK(p.version == "1.4.0");
  CHECK(p.total_max_half == 200);
  REQUIRE(p.categories.size() == 8);
  CHECK(p.indicators.size() == 31);
  int maxima[] = {25, 20, 15, 10, 10, 10, 5, 5};
  for (std::size_t c = 0; c < 8; ++c) CHECK(p.categories[c].max_half == 2 * maxima[c]);
  REQUIRE(p.stars.size() == 5);
  CHECK(p.stars[0].min == rational(85));
  CHECK(p.stars[1].min == rational(70));
  CHECK(p.stars[2].min == rational(55));
  CHECK(p.stars[3].min == rational(40));
  CHECK(p.stars[4].min == rational(0));
  const indicator_rule* transit = p.find_indicator("avg_transit_days");
  REQUIRE(transit);
  CHECK(transit->tiers_on_ratio);
  CHECK(transit->tiers[0].op == tier_op::lt);
  CHECK(transit->tiers[0].bound == *rational::from_decimal("0.95"));
  CHECK(transit->tiers[1].bound == *rational::from_decimal("1.05"));
  CHECK(transit->tiers[2].bound == *rational::from_decimal("1.2"));
  CHECK(p.find_indicator("license_completeness")->otherwise_half == 2);
  CHECK(p.find_indicator("incidents") == nullptr);
}

TEST_CASE("every indicator's measures are in the catalogue with bilingual labels", "[rules]") {
  const rule_pack p = *load_rules(default_rules_json());
  for (const auto& m : p.measures) {
    CHECK_FALSE(m.label.zh.empty());
    CHECK_FALSE(m.label.en.empty());
  }
  CHECK(p.find_measure("/measures/orders_total")->type == measure_type::count);
  CHECK(p.find_measure("/measures/violation_deductions")->type == measure_type::fraction);
  CHECK(p.find_measure("/benchmarks/transit_days/sea")->type == measure_type::positive);
  CHECK(p.find_measure("/measures/supplier_qualifications")->allowed.size() == 5);
}

TEST_CASE("pack validation: not JSON and wrong format", "[rules]") {
  auto r = load_rules("{");
  REQUIRE_FALSE(r);
  CHECK(r.error().message.rfind("not valid JSON: parse error at line 1, column 2", 0) == 0);
  auto e = error_after([](json& d) { d["format"] = "starsheet-rules/0"; });
  CHECK(e.where == "/format");
  CHECK(e.message == "expected \"starsheet-rules/1\", got \"starsheet-rules/0\"");
}

TEST_CASE("pack validation: tiers out of order", "[rules]") {
  auto e = error_after([](json& d) { indicator(d, "on_time_rate")["tiers"][1]["bound"] = 99.5; });
  CHECK(e.where == "/indicators/0/tiers/1/bound");
  CHECK(e.message == "tiers out of order: bound 99.5 follows 99 (tiers go from best to worst, bounds strictly decreasing)");
  e = error_after([](json& d) { indicator(d, "exception_handling_hours")["tiers"][2]["bound"] = 20; });
  CHECK(e.where == "/indicators/7/tiers/2/bound");
  CHECK(e.message == "tiers out of order: bound 20 follows 24 (tiers go from best to worst, bounds strictly increasing)");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["tiers"][2]["points"] = 5; });
  CHECK(e.where == "/indicators/0/tiers/2/points");
  CHECK(e.message == "tiers out of order: 5 points follows 5 (points must fall tier by tier)");
}

TEST_CASE("pack validation: points above the maximum", "[rules]") {
  auto e = error_after([](json& d) { indicator(d, "resolution_rate")["tiers"][1]["points"] = 3; });
  CHECK(e.where == "/indicators/11/tiers/1/points");
  CHECK(e.message == "tier gives 3 points, more than the indicator's max 2");
  e = error_after([](json& d) { indicator(d, "resolution_rate")["tiers"][0]["points"] = 1.5; });
  CHECK(e.where == "/indicators/11/tiers/0/points");
  CHECK(e.message == "the best tier gives 1.5 points but the indicator's max is 2");
  e = error_after([](json& d) { indicator(d, "resolution_rate")["tiers"][1]["points"] = 0.3; });
  CHECK(e.where == "/indicators/11/tiers/1/points");
  CHECK(e.message == "expected points as a non-negative multiple of 0.5, got 0.3");
}

TEST_CASE("pack validation: category maxima must add up", "[rules]") {
  auto e = error_after([](json& d) { d["categories"][0]["max"] = 24; d["categories"][0]["bands"][0]["max"] = 24; });
  CHECK(e.where == "/categories/0/max");
  CHECK(e.message == "category transport_timeliness has max 24 but its indicators add up to 25");
  e = error_after([](json& d) { d["parameters"]["total_max"] = 99; });
  CHECK(e.where == "/parameters/total_max");
  CHECK(e.message == "total_max is 99 but the categories add up to 100");
}

TEST_CASE("pack validation: what a pack may ask of the plan solver is bounded", "[rules]") {
  // One indicator worth 100 of 193 points: the solver would need (386 + 200 + 1) × 202 states.
  auto e = error_after([](json& d) {
    indicator(d, "on_time_rate")["max"] = 100;
    indicator(d, "on_time_rate")["tiers"][0]["points"] = 100;
    d["categories"][0]["max"] = 118;
    d["categories"][0]["bands"][0]["max"] = 118;
    d["parameters"]["total_max"] = 193;
  });
  CHECK(e.where == "/parameters/total_max");
  CHECK(e.message == "a total of 193 points with an indicator worth 100 is more than the plan solver is built for "
                     "(118574 states, at most 40000): lower the total or the largest indicator's points");
  // Just inside the bound: 50 of 143 points, (286 + 100 + 1) × 102 = 39474 states.
  json doc = default_doc();
  indicator(doc, "on_time_rate")["max"] = 50;
  indicator(doc, "on_time_rate")["tiers"][0]["points"] = 50;
  doc["categories"][0]["max"] = 68;
  doc["categories"][0]["bands"][0]["max"] = 68;
  doc["parameters"]["total_max"] = 143;
  CHECK(load_rules(doc.dump()));
}

TEST_CASE("a pack's hash is the same for the pretty file and the page's minified copy", "[rules]") {
  const rule_pack pretty = *load_rules(default_rules_json());
  // The page minifies with JSON.stringify, which keeps the members in their order.
  const rule_pack minified = *load_rules(nlohmann::ordered_json::parse(default_rules_json()).dump());
  CHECK(pretty.content_hash.size() == 64);
  CHECK(minified.content_hash == pretty.content_hash);
  json edited = default_doc();
  indicator(edited, "on_time_rate")["tiers"][1]["points"] = 4.5;
  CHECK(load_rules(edited.dump())->content_hash != pretty.content_hash);
}

TEST_CASE("pack validation: period kinds and ratio parts", "[rules]") {
  auto e = error_after([](json& d) { d["period_kinds"][1]["max_days"] = 0; });
  CHECK(e.where == "/period_kinds/1/max_days");
  CHECK(e.message == "expected a whole number of days from 1 to 3660");
  e = error_after([](json& d) { d["period_kinds"][1].erase("max_days"); });
  CHECK(e.where == "/period_kinds/1/max_days");
  e = error_after([](json& d) { indicator(d, "tax_guarantee_coverage")["formula"]["numerator_is_part"] = "no"; });
  CHECK(e.message == "expected true or false");
  const rule_pack p = *load_rules(default_rules_json());
  CHECK_FALSE(p.find_indicator("tax_guarantee_coverage")->calc.numerator_is_part);
  CHECK(p.find_indicator("on_time_rate")->calc.numerator_is_part);
}

TEST_CASE("pack validation: unknown names", "[rules]") {
  auto e = error_after([](json& d) { d["readings"][0]["applies_to"].push_back("on_time"); });
  CHECK(e.where == "/readings/0/applies_to/2");
  CHECK(e.message == "unknown indicator or category on_time");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["category"] = "speed"; });
  CHECK(e.where == "/indicators/0/category");
  CHECK(e.message == "unknown category speed");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["formula"]["numerator"] = "/measures/orders_ontime"; });
  CHECK(e.where == "/indicators/0/formula/numerator");
  CHECK(e.message == "unknown measure /measures/orders_ontime");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["formula"]["kind"] = "ratio"; });
  CHECK(e.where == "/indicators/0/formula/kind");
  CHECK(e.message.rfind("unknown value \"ratio\" (expected one of: ratio_percent, ", 0) == 0);
  e = error_after([](json& d) { indicator(d, "intact_rate")["readings"] = {"no_such_reading"}; });
  CHECK(e.where == "/indicators/6/readings/0");
  CHECK(e.message == "unknown reading no_such_reading");
  e = error_after([](json& d) { d["indicators"][1]["id"] = "on_time_rate"; });
  CHECK(e.where == "/indicators/1/id");
  CHECK(e.message == "duplicate indicator on_time_rate");
}

TEST_CASE("pack validation: shapes", "[rules]") {
  auto e = error_after([](json& d) { indicator(d, "on_time_rate")["tiers"][0]["op"] = "<="; });
  CHECK(e.where == "/indicators/0/tiers/0/op");
  CHECK(e.message == "operator <= does not fit a higher_is_better indicator");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["label"].erase("en"); });
  CHECK(e.where == "/indicators/0/label/en");
  CHECK(e.message == "required member is missing");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["formula"]["numerator"] = "/measures/supplier_qualifications"; });
  CHECK(e.where == "/indicators/0/formula/numerator");
  CHECK(e.message == "measure /measures/supplier_qualifications has a type this formula cannot use");
  e = error_after([](json& d) { std::swap(d["categories"][1]["bands"][1], d["categories"][1]["bands"][2]); });
  CHECK(e.where == "/categories/1/bands/2/min");
  CHECK(e.message == "bands out of order: list them from best to worst with falling lower bounds");
  e = error_after([](json& d) { d["stars"][1]["min"] = 90; });
  CHECK(e.where == "/stars/1/min");
  CHECK(e.message == "star levels out of order: list them from most stars to fewest with falling thresholds");
  e = error_after([](json& d) { d["messages"].erase("heading_advice"); });
  CHECK(e.where == "/messages/heading_advice");
  CHECK(e.message == "required message is missing");
  e = error_after([](json& d) { indicator(d, "on_time_rate")["zero_denominator"] = "skip"; });
  CHECK(e.where == "/indicators/0/zero_denominator");
  CHECK(e.message == "unknown value \"skip\" (expected one of: full_points, zero_points, exclude)");
}
