// Scoring against Appendix A, tested against the SPEC (shared/spec/appendix-a.md), not against the
// code: every expected number below is copied from the spec's tables or worked out by hand in a
// comment next to it. Points are asserted as half-points (the engine's unit): 7 points = 14 half.
//
// What is covered:
//   1. every tier edge of all 31 indicators, at the bound and one step on the losing side of it;
//   2. category bands at their edges, including half-point scores that fall into printed gaps;
//   3. star levels at their edges (directly and through real periods);
//   4. missing / not-applicable readings and the rule pack's zero_denominator switch;
//   5. a complete worked example, every number checked by hand.

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "default_rules.h"
#include "exact.h"
#include "period.h"
#include "rules.h"
#include "scoring.h"

using nlohmann::json;
using starsheet::assessment;
using starsheet::category_result;
using starsheet::indicator_result;
using starsheet::indicator_status;
using starsheet::rational;
using starsheet::rule_pack;

namespace Catch {
template <>
struct StringMaker<rational> {
  static std::string convert(const rational& r) {
    std::ostringstream out;
    out.precision(17);
    out << r.to_double();
    return out.str();
  }
};
template <>
struct StringMaker<indicator_status> {
  static std::string convert(indicator_status s) {
    switch (s) {
      case indicator_status::scored: return "scored";
      case indicator_status::missing: return "missing";
      case indicator_status::not_applicable: return "not_applicable";
    }
    return "?";
  }
};
}  // namespace Catch

namespace {

// --- helpers ------------------------------------------------------------------------------------

/// The built-in rule pack (rules/appendix-a.json), loaded once.
const rule_pack& default_pack() {
  static const auto pack = starsheet::load_rules(starsheet::default_rules_json());
  INFO("default rule pack: " << pack.error().where << ": " << pack.error().message);
  REQUIRE(pack);
  return *pack;
}

/// The default pack with an edit applied to its JSON text (to exercise pack parameters).
rule_pack edited_pack(const std::function<void(json&)>& edit) {
  json doc = json::parse(std::string(starsheet::default_rules_json()));
  edit(doc);
  auto pack = starsheet::load_rules(doc.dump());
  INFO("edited rule pack: " << pack.error().where << ": " << pack.error().message);
  REQUIRE(pack);
  return std::move(*pack);
}

/// The JSON object of one indicator inside a rule-pack document.
json& indicator_json(json& doc, const std::string& id) {
  for (auto& ind : doc["indicators"])
    if (ind["id"] == id) return ind;
  FAIL("no indicator " << id << " in the rule pack");
  throw std::logic_error("unreachable");
}

/// An exact decimal ("98.99") as a rational.
rational dec(const std::string& text) {
  auto r = rational::from_decimal(text);
  INFO("bad decimal literal in the test: " << text);
  REQUIRE(r);
  return *r;
}

/// A scored period. The period lives on the heap because the assessment points at it.
struct scored {
  std::unique_ptr<starsheet::period_data> period;
  assessment a;

  const indicator_result& ind(const std::string& id) const {
    for (const auto& r : a.indicators)
      if (r.rule->id == id) return r;
    FAIL("no indicator result for " << id);
    throw std::logic_error("unreachable");
  }
  const category_result& cat(const std::string& id) const {
    for (const auto& c : a.categories)
      if (c.rule->id == id) return c;
    FAIL("no category result for " << id);
    throw std::logic_error("unreachable");
  }
};

/// Wraps measures and benchmarks into a starsheet-period/1 document, parses and scores it.
scored score(const json& measures, const json& benchmarks = json::object(),
             const rule_pack& pack = default_pack()) {
  json doc = {{"format", "starsheet-period/1"},
              {"provider", "Test carrier"},
              {"period", {{"kind", "month"}, {"start", "2026-10-01"}, {"end", "2026-10-31"}}},
              {"measures", measures},
              {"benchmarks", benchmarks}};
  std::string text = doc.dump();
  INFO("period: " << text);
  auto p = starsheet::parse_period(text, pack);
  INFO("parse_period: " << p.error().where << ": " << p.error().message);
  REQUIRE(p);
  scored s;
  s.period = std::make_unique<starsheet::period_data>(std::move(*p));
  auto a = starsheet::assess(*s.period, pack);
  INFO("assess: " << a.error().where << ": " << a.error().message);
  REQUIRE(a);
  s.a = std::move(*a);
  return s;
}

/// One tier-edge case: a period's measures, the indicator, and what the spec says it earns.
struct edge_case {
  std::string what;
  json measures;
  json benchmarks;
  std::string id;
  int half;           // expected points × 2
  std::string value;  // expected value, exact decimal, in the indicator's unit
  std::string ratio;  // benchmark_ratio indicators: expected ratio (exact decimal); "" = not checked
};

void check_edges(const std::vector<edge_case>& cases) {
  for (const auto& c : cases) {
    INFO(c.what);
    auto s = score(c.measures, c.benchmarks.is_null() ? json::object() : c.benchmarks);
    const auto& r = s.ind(c.id);
    CHECK(r.status == indicator_status::scored);
    CHECK(r.half_points == c.half);
    CHECK(r.max_half == r.rule->max_half);
    REQUIRE(r.value);
    CHECK(*r.value == dec(c.value));
    if (!c.ratio.empty()) {
      REQUIRE(r.ratio);
      CHECK(*r.ratio == dec(c.ratio));
    }
  }
}

/// A tier as printed in appendix-a.md: bound and points (as half-points), best first.
struct spec_tier {
  int bound;
  int half;
};

/// "bound − 0.01" and "bound + 0.0001" as exact decimal strings.
std::string hundredth_below(int bound) { return std::to_string(bound - 1) + ".99"; }

// --- 1. tier edges ------------------------------------------------------------------------------

// The 17 rate indicators (100 × numerator / denominator), with their tiers copied from the
// appendix-a.md table (higher is better, "≥ bound"). A value below the last tier earns
// `below_half` (0, except licence and tax-guarantee coverage where "<90 → 1").
struct rate_indicator {
  std::string id, numerator, denominator;
  std::vector<spec_tier> tiers;
  int below_half;
};

const std::vector<rate_indicator>& rate_indicators() {
  static const std::vector<rate_indicator> list = {
      {"on_time_rate", "orders_on_time", "orders_total", {{99, 14}, {95, 10}, {92, 6}, {90, 2}}, 0},
      {"emergency_response_rate", "incidents_handled_in_time", "incidents_total",
       {{99, 12}, {95, 6}, {92, 4}, {90, 2}}, 0},
      {"inspection_rate", "inspection_batches_done", "inspection_batches_required", {{99, 10}, {95, 6}, {92, 2}}, 0},
      {"compliant_loading_rate", "loaded_vehicles_compliant", "loaded_vehicles_total",
       {{99, 10}, {95, 6}, {92, 2}}, 0},
      {"intact_rate", "goods_intact", "goods_total", {{99, 10}, {95, 6}, {92, 2}}, 0},
      {"info_disclosure_rate", "info_items_disclosed", "info_items_required",
       {{99, 16}, {97, 12}, {95, 8}, {92, 4}, {90, 2}}, 0},
      {"realtime_query_rate", "status_fields_queryable", "status_fields_required",
       {{99, 14}, {97, 12}, {95, 8}, {92, 4}, {90, 2}}, 0},
      {"resolution_rate", "problems_resolved", "problems_total", {{99, 4}, {92, 2}}, 0},
      {"multi_currency_coverage", "orders_multi_currency", "orders_total", {{80, 4}, {50, 2}}, 0},
      {"feedback_effective_rate", "feedback_effective", "feedback_total", {{99, 4}, {90, 2}}, 0},
      {"license_completeness", "licenses_obtained", "licenses_required", {{99, 6}, {90, 4}}, 2},
      {"tax_guarantee_coverage", "tax_guarantee", "tax_due", {{99, 6}, {90, 4}}, 2},
      {"data_encryption_compliance", "sensitive_fields_encrypted", "sensitive_fields_total", {{99, 4}, {90, 2}}, 0},
      {"insurance_coverage", "insured_km", "transport_km_total", {{99, 4}, {92, 2}}, 0},
      {"safety_device_coverage", "fleet_vehicles_dms_adas", "fleet_vehicles", {{99, 2}, {92, 1}}, 0},
      {"receivable_on_time_rate", "receivables_on_time", "receivables_due", {{99, 2}, {92, 1}}, 0},
      {"customs_filing_compliance", "customs_filings_compliant", "customs_filings_required",
       {{99, 2}, {92, 1}}, 0},
  };
  return list;
}

TEST_CASE("rate indicators: exactly at each tier bound earns the tier, 0.01 below earns the next", "[scoring]") {
  // With 10,000 as the denominator every bound b % is the integer count 100·b, and one fewer
  // is exactly b − 0.01 %: the comparison must be exact at the boundary.
  std::vector<edge_case> cases;
  for (const auto& ri : rate_indicators()) {
    for (std::size_t i = 0; i < ri.tiers.size(); ++i) {
      int b = ri.tiers[i].bound;
      int next = i + 1 < ri.tiers.size() ? ri.tiers[i + 1].half : ri.below_half;
      cases.push_back({ri.id + " at " + std::to_string(b) + " %",
                       {{ri.denominator, 10000}, {ri.numerator, b * 100}}, {}, ri.id, ri.tiers[i].half,
                       std::to_string(b), ""});
      cases.push_back({ri.id + " at " + hundredth_below(b) + " %",
                       {{ri.denominator, 10000}, {ri.numerator, b * 100 - 1}}, {}, ri.id, next,
                       hundredth_below(b), ""});
    }
    // The top of the scale earns the top tier.
    cases.push_back({ri.id + " at 100 %", {{ri.denominator, 10000}, {ri.numerator, 10000}}, {}, ri.id,
                     ri.tiers.front().half, "100", ""});
  }
  check_edges(cases);
}

TEST_CASE("rate indicators: hand-picked boundary counts", "[scoring]") {
  check_edges({
      {"9900 of 10000 = 99 % exactly → top tier 7", {{"orders_total", 10000}, {"orders_on_time", 9900}}, {},
       "on_time_rate", 14, "99", ""},
      {"9899 of 10000 = 98.99 % → [95,99) → 5", {{"orders_total", 10000}, {"orders_on_time", 9899}}, {},
       "on_time_rate", 10, "98.99", ""},
      {"99 of 100 = 99 % → 7", {{"orders_total", 100}, {"orders_on_time", 99}}, {}, "on_time_rate", 14, "99", ""},
      {"95 of 100 = 95 % → 5", {{"orders_total", 100}, {"orders_on_time", 95}}, {}, "on_time_rate", 10, "95", ""},
      {"9499 of 10000 = 94.99 % → [92,95) → 3", {{"orders_total", 10000}, {"orders_on_time", 9499}}, {},
       "on_time_rate", 6, "94.99", ""},
      {"0 of 100 on time → 0", {{"orders_total", 100}, {"orders_on_time", 0}}, {}, "on_time_rate", 0, "0", ""},
      // licence / tax guarantee: "<90 → 1" holds all the way down to 0 %.
      {"0 of 9 licences = 0 % → still 1 point", {{"licenses_required", 9}, {"licenses_obtained", 0}}, {},
       "license_completeness", 2, "0", ""},
      {"8 of 10 licences = 80 % → 1", {{"licenses_required", 10}, {"licenses_obtained", 8}}, {},
       "license_completeness", 2, "80", ""},
      {"tax guarantee 0 of 2,500,000 → 1 point", {{"tax_due", 2500000}, {"tax_guarantee", 0}}, {},
       "tax_guarantee_coverage", 2, "0", ""},
      {"tax guarantee 2,475,000 of 2,500,000 = 99 % → 3", {{"tax_due", 2500000}, {"tax_guarantee", 2475000}}, {},
       "tax_guarantee_coverage", 6, "99", ""},
      {"tax guarantee 2,474,999.99 of 2,500,000 = 98.9999996 % → 2",
       {{"tax_due", 2500000}, {"tax_guarantee", 2474999.99}}, {}, "tax_guarantee_coverage", 4, "98.9999996", ""},
      // A guarantee is not a part of the tax due: above it is full coverage, not an input error.
      {"tax guarantee 2,600,000 of 2,500,000 = 104 % → 3", {{"tax_due", 2500000}, {"tax_guarantee", 2600000}}, {},
       "tax_guarantee_coverage", 6, "104", ""},
      {"multi-currency 80 of 100 → 2", {{"orders_total", 100}, {"orders_multi_currency", 80}}, {},
       "multi_currency_coverage", 4, "80", ""},
      {"multi-currency 79 of 100 → 1", {{"orders_total", 100}, {"orders_multi_currency", 79}}, {},
       "multi_currency_coverage", 2, "79", ""},
      {"multi-currency 50 of 100 → 1", {{"orders_total", 100}, {"orders_multi_currency", 50}}, {},
       "multi_currency_coverage", 2, "50", ""},
      {"multi-currency 49 of 100 → 0", {{"orders_total", 100}, {"orders_multi_currency", 49}}, {},
       "multi_currency_coverage", 0, "49", ""},
  });
}

TEST_CASE("reduction indicators: route optimisation as printed and the five cost reductions", "[scoring]") {
  std::vector<edge_case> cases;
  // Route optimisation tiers are printed as ≥ 99 → 6, [95,99) → 3, [92,95) → 2, [90,92) → 1 and
  // are implemented as printed (unreachable in practice, which the report says).
  const std::vector<spec_tier> route = {{99, 12}, {95, 6}, {92, 4}, {90, 2}};
  // Each cost reduction: ≥ 10 → 2, ≥ 5 → 1.
  const std::vector<spec_tier> cost = {{10, 4}, {5, 2}};
  struct reduction {
    std::string id;
    std::function<json(double before, double after)> measures;
    const std::vector<spec_tier>& tiers;
  };
  std::vector<reduction> list = {
      {"route_optimization_rate",
       [](double b, double a) { return json{{"route_km_before", b}, {"route_km_after", a}}; }, route}};
  for (std::string kind : {"transport", "warehouse", "packaging", "labor", "operations"})
    list.push_back({kind + "_cost_reduction",
                    [kind](double b, double a) { return json{{"cost", {{kind, {{"before", b}, {"after", a}}}}}}; },
                    cost});
  for (const auto& r : list) {
    // before 10,000, after 10,000 − 100·b → exactly b %; one more unit after → b − 0.01 %.
    for (std::size_t i = 0; i < r.tiers.size(); ++i) {
      int b = r.tiers[i].bound;
      int next = i + 1 < r.tiers.size() ? r.tiers[i + 1].half : 0;
      cases.push_back({r.id + " at " + std::to_string(b) + " %", r.measures(10000, 10000 - b * 100), {}, r.id,
                       r.tiers[i].half, std::to_string(b), ""});
      cases.push_back({r.id + " at " + hundredth_below(b) + " %", r.measures(10000, 10000 - b * 100 + 1), {},
                       r.id, next, hundredth_below(b), ""});
    }
    cases.push_back({r.id + " with no reduction", r.measures(10000, 10000), {}, r.id, 0, "0", ""});
  }
  // The brief's literal cases, with decimal mileage / money amounts.
  auto km = [](double b, double a) { return json{{"route_km_before", b}, {"route_km_after", a}}; };
  auto transport = [](double b, double a) { return json{{"cost", {{"transport", {{"before", b}, {"after", a}}}}}}; };
  cases.push_back({"route 100 → 1 km = 99 % → 6", km(100, 1), {}, "route_optimization_rate", 12, "99", ""});
  cases.push_back({"route 100 → 1.01 km = 98.99 % → 3", km(100, 1.01), {}, "route_optimization_rate", 6, "98.99", ""});
  cases.push_back({"route 100 → 10 km = 90 % → 1", km(100, 10), {}, "route_optimization_rate", 2, "90", ""});
  cases.push_back({"route 100 → 10.01 km = 89.99 % → 0", km(100, 10.01), {}, "route_optimization_rate", 0, "89.99", ""});
  cases.push_back({"transport cost 1,000,000 → 900,000 = 10 % → 2", transport(1000000, 900000), {},
                   "transport_cost_reduction", 4, "10", ""});
  cases.push_back({"transport cost 1,000,000 → 900,100 = 9.99 % → 1", transport(1000000, 900100), {},
                   "transport_cost_reduction", 2, "9.99", ""});
  cases.push_back({"transport cost 1,000,000 → 950,000 = 5 % → 1", transport(1000000, 950000), {},
                   "transport_cost_reduction", 2, "5", ""});
  cases.push_back({"transport cost 1,000,000 → 950,000.01 = 4.999999 % → 0", transport(1000000, 950000.01), {},
                   "transport_cost_reduction", 0, "4.999999", ""});
  check_edges(cases);
}

TEST_CASE("mean indicators: exception hours and response minutes, at the bound and just above", "[scoring]") {
  // Lower is better: "≤ bound" earns the tier, anything above it earns the next one.
  auto exc = [](double hours) { return json{{"exception_cases", 100}, {"exception_hours_total", hours}}; };
  auto resp = [](double minutes) { return json{{"inquiries_total", 100}, {"first_reply_minutes_total", minutes}}; };
  check_edges({
      // exception_handling_hours: ≤12 → 5; (12,24] → 3; (24,48] → 1; above → 0.
      {"1200 h / 100 cases = 12 h → 5", exc(1200), {}, "exception_handling_hours", 10, "12", ""},
      {"1200.01 h / 100 = 12.0001 h → 3", exc(1200.01), {}, "exception_handling_hours", 6, "12.0001", ""},
      {"2400 h / 100 = 24 h → 3", exc(2400), {}, "exception_handling_hours", 6, "24", ""},
      {"2400.01 h / 100 = 24.0001 h → 1", exc(2400.01), {}, "exception_handling_hours", 2, "24.0001", ""},
      {"4800 h / 100 = 48 h → 1", exc(4800), {}, "exception_handling_hours", 2, "48", ""},
      {"4800.01 h / 100 = 48.0001 h → 0", exc(4800.01), {}, "exception_handling_hours", 0, "48.0001", ""},
      {"0 h over 100 cases = 0 h → 5", exc(0), {}, "exception_handling_hours", 10, "0", ""},
      // response_minutes: ≤15 → 2; (15,30] → 1; above → 0.
      {"1500 min / 100 inquiries = 15 min → 2", resp(1500), {}, "response_minutes", 4, "15", ""},
      {"1500.01 min / 100 = 15.0001 min → 1", resp(1500.01), {}, "response_minutes", 2, "15.0001", ""},
      {"3000 min / 100 = 30 min → 1", resp(3000), {}, "response_minutes", 2, "30", ""},
      {"3000.01 min / 100 = 30.0001 min → 0", resp(3000.01), {}, "response_minutes", 0, "30.0001", ""},
  });
}

TEST_CASE("operation_compliance_rate: (1 − deductions) × 100 % at its edges", "[scoring]") {
  auto dev = [](double d) { return json{{"violation_deductions", d}}; };
  check_edges({
      {"deductions 0 → 100 % → 2", dev(0), {}, "operation_compliance_rate", 4, "100", ""},
      {"deductions 0.01 → 99 % → 2", dev(0.01), {}, "operation_compliance_rate", 4, "99", ""},
      {"deductions 0.0101 → 98.99 % → 1", dev(0.0101), {}, "operation_compliance_rate", 2, "98.99", ""},
      {"deductions 0.1 → 90 % → 1", dev(0.1), {}, "operation_compliance_rate", 2, "90", ""},
      {"deductions 0.1001 → 89.99 % → 0", dev(0.1001), {}, "operation_compliance_rate", 0, "89.99", ""},
      {"deductions 1 → 0 % → 0", dev(1), {}, "operation_compliance_rate", 0, "0", ""},
  });
}

TEST_CASE("count and level indicators: languages, supplier qualifications, digital level", "[scoring]") {
  auto langs = [](int n) { return json{{"languages_supported", n}}; };
  auto quals = [](std::vector<std::string> items) { return json{{"supplier_qualifications", items}}; };
  auto level = [](int n) { return json{{"digital_level", n}}; };
  check_edges({
      // languages_supported: ≥10 → 2; [2,10) → 1; below → 0.
      {"1 language → 0", langs(1), {}, "languages_supported", 0, "1", ""},
      {"2 languages → 1", langs(2), {}, "languages_supported", 2, "2", ""},
      {"9 languages → 1", langs(9), {}, "languages_supported", 2, "9", ""},
      {"10 languages → 2", langs(10), {}, "languages_supported", 4, "10", ""},
      // supplier_qualifications: ≥3 → 2; 2 → 1; 1 → 0.5; 0 → 0 (reading).
      {"no qualification → 0", quals({}), {}, "supplier_qualifications", 0, "0", ""},
      {"1 qualification → 0.5", quals({"iso9001"}), {}, "supplier_qualifications", 1, "1", ""},
      {"2 qualifications → 1", quals({"iso9001", "iso14001"}), {}, "supplier_qualifications", 2, "2", ""},
      {"3 qualifications → 2", quals({"road_transport_license", "iso9001", "iso14001"}), {},
       "supplier_qualifications", 4, "3", ""},
      {"all 5 qualifications → 2",
       quals({"road_transport_license", "iso9001", "iso14001", "ohsas18001", "safety_standardization_level2"}), {},
       "supplier_qualifications", 4, "5", ""},
      // digital_level: ≥L2 → 1; L1 → 0.5.
      {"L1 → 0.5", level(1), {}, "digital_level", 1, "1", ""},
      {"L2 → 1", level(2), {}, "digital_level", 2, "2", ""},
      {"L5 → 1", level(5), {}, "digital_level", 2, "5", ""},
  });
}

TEST_CASE("avg_transit_days: ratio tiers at 0.95, 1.05 and 1.20", "[scoring]") {
  // One mode (air, industry average 5.0 days, 100 shipments): days_total = 500 × r.
  // Tiers on r: r < 0.95 → 6; 0.95 ≤ r ≤ 1.05 → 3; 1.05 < r ≤ 1.20 → 1; r > 1.20 → 0.
  // The value is Σ days / Σ shipments (days), the ratio is value / 5.
  auto air = [](double days) { return json{{"transit", {{"air", {{"shipments", 100}, {"days_total", days}}}}}}; };
  const json bench = {{"transit_days", {{"air", 5.0}}}};
  check_edges({
      {"r = 0.9499 (just below 0.95) → 6", air(474.95), bench, "avg_transit_days", 12, "4.7495", "0.9499"},
      {"r = 0.95 exactly → 3", air(475), bench, "avg_transit_days", 6, "4.75", "0.95"},
      {"r = 1 → 3", air(500), bench, "avg_transit_days", 6, "5", "1"},
      {"r = 1.05 exactly → 3", air(525), bench, "avg_transit_days", 6, "5.25", "1.05"},
      {"r = 1.05002 (just above 1.05) → 1", air(525.01), bench, "avg_transit_days", 2, "5.2501", "1.05002"},
      {"r = 1.20 exactly → 1", air(600), bench, "avg_transit_days", 2, "6", "1.2"},
      {"r = 1.20002 (just above 1.20) → 0", air(600.01), bench, "avg_transit_days", 0, "6.0001", "1.20002"},
  });
}

TEST_CASE("avg_transit_days: modes combine as the shipment-weighted mean of their ratios", "[scoring]") {
  // air: 100 shipments at ratio 0.9 of 5.0 days → 450 days in total;
  // sea: 300 shipments at ratio 1.1 of 26.0 days → 8,580 days in total.
  // r = (100 × 0.9 + 300 × 1.1) / 400 = 420 / 400 = 1.05 → exactly the top of the "about equal"
  // band → 3 points. value = (450 + 8580) / 400 = 9030 / 400 = 22.575 days.
  json m = {{"transit",
             {{"air", {{"shipments", 100}, {"days_total", 450}}}, {"sea", {{"shipments", 300}, {"days_total", 8580}}}}}};
  json b = {{"transit_days", {{"air", 5.0}, {"sea", 26.0}}}};
  auto s = score(m, b);
  const auto& r = s.ind("avg_transit_days");
  CHECK(r.status == indicator_status::scored);
  REQUIRE(r.ratio);
  CHECK(*r.ratio == dec("1.05"));
  REQUIRE(r.value);
  CHECK(*r.value == dec("22.575"));
  CHECK(r.half_points == 6);

  // One more sea day tips the weighted ratio just above 1.05 → 1 point:
  // r = (90 + 8581/26) / 400 = 1.05 + 1/10400.
  m["transit"]["sea"]["days_total"] = 8581;
  auto worse = score(m, b);
  CHECK(worse.ind("avg_transit_days").half_points == 2);
  REQUIRE(worse.ind("avg_transit_days").ratio);
  CHECK(*worse.ind("avg_transit_days").ratio == dec("1.05") + rational(1) / rational(10400));

  // Weighting matters: the unweighted mean of 0.9 and 1.1 would be 1.0; with the weights swapped
  // (air 300 at 0.9, sea 100 at 1.1) r = (270 + 110) / 400 = 0.95 → still 3, at the lower edge.
  json swapped = {{"transit",
                   {{"air", {{"shipments", 300}, {"days_total", 1350}}},
                    {"sea", {{"shipments", 100}, {"days_total", 2860}}}}}};
  auto sw = score(swapped, b);
  REQUIRE(sw.ind("avg_transit_days").ratio);
  CHECK(*sw.ind("avg_transit_days").ratio == dec("0.95"));
  CHECK(sw.ind("avg_transit_days").half_points == 6);
  CHECK(*sw.ind("avg_transit_days").value == dec("10.525"));  // (1350 + 2860) / 400
}

TEST_CASE("avg_transit_days: missing without a benchmark, not applicable without shipments", "[scoring]") {
  SECTION("a mode with shipments but no industry average → missing, 0 points (never guessed)") {
    auto s = score({{"transit", {{"air", {{"shipments", 100}, {"days_total", 450}}}}}});
    const auto& r = s.ind("avg_transit_days");
    CHECK(r.status == indicator_status::missing);
    CHECK(r.half_points == 0);
    CHECK_FALSE(r.value);
  }
  SECTION("two modes, only one has a benchmark → missing") {
    auto s = score({{"transit",
                     {{"air", {{"shipments", 100}, {"days_total", 450}}},
                      {"sea", {{"shipments", 300}, {"days_total", 8580}}}}}},
                   {{"transit_days", {{"air", 5.0}}}});
    CHECK(s.ind("avg_transit_days").status == indicator_status::missing);
    CHECK(s.ind("avg_transit_days").half_points == 0);
  }
  SECTION("a mode with 0 shipments needs no benchmark; the other mode is scored alone") {
    auto s = score({{"transit",
                     {{"air", {{"shipments", 100}, {"days_total", 450}}},
                      {"land", {{"shipments", 0}, {"days_total", 0}}}}}},
                   {{"transit_days", {{"air", 5.0}}}});
    const auto& r = s.ind("avg_transit_days");
    CHECK(r.status == indicator_status::scored);
    CHECK(*r.ratio == dec("0.9"));
    CHECK(*r.value == dec("4.5"));
    CHECK(r.half_points == 12);
  }
  SECTION("no transit measures at all → missing") {
    auto s = score(json::object(), {{"transit_days", {{"air", 5.0}}}});
    CHECK(s.ind("avg_transit_days").status == indicator_status::missing);
    CHECK(s.ind("avg_transit_days").half_points == 0);
  }
  SECTION("every mode given with 0 shipments → not applicable, full 6 points") {
    auto s = score({{"transit",
                     {{"air", {{"shipments", 0}, {"days_total", 0}}},
                      {"sea", {{"shipments", 0}, {"days_total", 0}}}}}},
                   {{"transit_days", {{"air", 5.0}, {"sea", 26.0}}}});
    const auto& r = s.ind("avg_transit_days");
    CHECK(r.status == indicator_status::not_applicable);
    CHECK(r.half_points == 12);
    CHECK(r.max_half == 12);
  }
}

TEST_CASE("vehicle_energy_per_km: own kWh/km over the industry average 0.9", "[scoring]") {
  // ≤ 80 % of the industry average → 2; (80 %, 95 %] → 1; above → 0.
  // With 0.9 kWh/km: 80 % = 0.72 kWh/km, 95 % = 0.855 kWh/km. 1,000 km driven.
  auto fleet = [](double kwh) { return json{{"vehicle_kwh_total", kwh}, {"vehicle_km_total", 1000}}; };
  const json bench = {{"vehicle_kwh_per_km", 0.9}};
  check_edges({
      {"0.63 kWh/km = 70 % → 2", fleet(630), bench, "vehicle_energy_per_km", 4, "0.63", "0.7"},
      {"0.72 kWh/km = 80 % exactly → 2", fleet(720), bench, "vehicle_energy_per_km", 4, "0.72", "0.8"},
      {"0.72009 kWh/km = 80.01 % → 1", fleet(720.09), bench, "vehicle_energy_per_km", 2, "0.72009", "0.8001"},
      {"0.855 kWh/km = 95 % exactly → 1", fleet(855), bench, "vehicle_energy_per_km", 2, "0.855", "0.95"},
      {"0.85509 kWh/km = 95.01 % → 0", fleet(855.09), bench, "vehicle_energy_per_km", 0, "0.85509", "0.9501"},
      {"0.9 kWh/km = the average → 0", fleet(900), bench, "vehicle_energy_per_km", 0, "0.9", "1"},
  });
  // Without the industry average the indicator is missing.
  auto s = score(fleet(720));
  CHECK(s.ind("vehicle_energy_per_km").status == indicator_status::missing);
  CHECK(s.ind("vehicle_energy_per_km").half_points == 0);
}

TEST_CASE("every one of the 31 indicators is covered by an edge test above", "[scoring]") {
  // Guards the tables above against a pack that grows an indicator nobody tests.
  std::vector<std::string> tested;
  for (const auto& ri : rate_indicators()) tested.push_back(ri.id);
  for (const char* id : {"route_optimization_rate", "transport_cost_reduction", "warehouse_cost_reduction",
                         "packaging_cost_reduction", "labor_cost_reduction", "operations_cost_reduction",
                         "exception_handling_hours", "response_minutes", "operation_compliance_rate",
                         "languages_supported", "supplier_qualifications", "digital_level", "avg_transit_days",
                         "vehicle_energy_per_km"})
    tested.push_back(id);
  CHECK(tested.size() == 31);
  CHECK(default_pack().indicators.size() == 31);
  for (const auto& rule : default_pack().indicators) {
    INFO(rule.id);
    CHECK(std::find(tested.begin(), tested.end(), rule.id) != tested.end());
  }
}

// --- 2. category bands --------------------------------------------------------------------------

/// Checks a category's score and the band reached (bounds in points as printed in Table A.2).
void check_band(const scored& s, const std::string& category, int half_score, int band_min, int band_max) {
  INFO(category << " scoring " << half_score / 2.0);
  const auto& c = s.cat(category);
  CHECK(c.half_score == half_score);
  REQUIRE(c.reached != nullptr);
  CHECK(c.reached->min_half == band_min * 2);
  CHECK(c.reached->max_half == band_max * 2);
}

TEST_CASE("category bands: the highest band whose lower bound is at or below the score", "[scoring]") {
  SECTION("customer_service 3 → the \"3–6\" band, not \"0–3\" (overlapping print)") {
    // response 1000 min / 100 = 10 min → 2; 2 languages → 1. Total 3.
    auto s = score({{"inquiries_total", 100}, {"first_reply_minutes_total", 1000}, {"languages_supported", 2}});
    check_band(s, "customer_service", 6, 3, 6);
  }
  SECTION("customer_service 2 → \"0–3\"") {
    auto s = score({{"inquiries_total", 100}, {"first_reply_minutes_total", 1000}});
    check_band(s, "customer_service", 4, 0, 3);
  }
  SECTION("customer_service 6 → \"3–6\"") {
    // response 2 + resolution 99/100 → 2 + multi-currency 80/100 → 2 = 6.
    auto s = score({{"inquiries_total", 100}, {"first_reply_minutes_total", 1000},
                    {"problems_total", 100}, {"problems_resolved", 99},
                    {"orders_total", 100}, {"orders_multi_currency", 80}});
    check_band(s, "customer_service", 12, 3, 6);
  }
  SECTION("customer_service 7 → \"7–10\"") {
    // response 2 + resolution 2 + 10 languages → 2 + feedback 95/100 → 1 = 7.
    auto s = score({{"inquiries_total", 100}, {"first_reply_minutes_total", 1000},
                    {"problems_total", 100}, {"problems_resolved", 100}, {"languages_supported", 10},
                    {"feedback_total", 100}, {"feedback_effective", 95}});
    check_band(s, "customer_service", 14, 7, 10);
  }
  SECTION("green_logistics 3.5 → \"2–3\" (falls in the gap before \"4–5\")") {
    // 3 qualifications → 2; L1 → 0.5; 0.81 kWh/km over 0.9 = 90 % → 1. Total 3.5.
    auto s = score({{"supplier_qualifications", {"road_transport_license", "iso9001", "iso14001"}},
                    {"digital_level", 1}, {"vehicle_kwh_total", 810}, {"vehicle_km_total", 1000}},
                   {{"vehicle_kwh_per_km", 0.9}});
    check_band(s, "green_logistics", 7, 2, 3);
  }
  SECTION("green_logistics 4 → \"4–5\"") {
    auto s = score({{"supplier_qualifications", {"road_transport_license", "iso9001", "iso14001"}},
                    {"digital_level", 2}, {"vehicle_kwh_total", 810}, {"vehicle_km_total", 1000}},
                   {{"vehicle_kwh_per_km", 0.9}});
    check_band(s, "green_logistics", 8, 4, 5);
  }
  SECTION("green_logistics 4.5 → \"4–5\"") {
    // 3 qualifications → 2; L1 → 0.5; 0.72 kWh/km = 80 % → 2. Total 4.5.
    auto s = score({{"supplier_qualifications", {"road_transport_license", "iso9001", "iso14001"}},
                    {"digital_level", 1}, {"vehicle_kwh_total", 720}, {"vehicle_km_total", 1000}},
                   {{"vehicle_kwh_per_km", 0.9}});
    check_band(s, "green_logistics", 9, 4, 5);
  }
  SECTION("green_logistics 1.5 → \"0–1\" (falls in the gap before \"2–3\")") {
    // 2 qualifications → 1; L1 → 0.5. Total 1.5.
    auto s = score({{"supplier_qualifications", {"iso9001", "iso14001"}}, {"digital_level", 1}});
    check_band(s, "green_logistics", 3, 0, 1);
  }
  SECTION("green_logistics 2 → \"2–3\"") {
    // 2 qualifications → 1; L2 → 1. Total 2.
    auto s = score({{"supplier_qualifications", {"iso9001", "iso14001"}}, {"digital_level", 2}});
    check_band(s, "green_logistics", 4, 2, 3);
  }
  SECTION("risk_prevention 1.5 → \"0–1\", 3.5 → \"2–3\"") {
    // insurance 92/100 → 1; DMS+ADAS 95/100 → 0.5. Total 1.5.
    auto low = score({{"transport_km_total", 100}, {"insured_km", 92},
                      {"fleet_vehicles", 100}, {"fleet_vehicles_dms_adas", 95}});
    check_band(low, "risk_prevention", 3, 0, 1);
    // insurance 100 % → 2; DMS+ADAS 95 % → 0.5; receivables 99 % → 1. Total 3.5.
    auto mid = score({{"transport_km_total", 100}, {"insured_km", 100},
                      {"fleet_vehicles", 100}, {"fleet_vehicles_dms_adas", 95},
                      {"receivables_due", 100}, {"receivables_on_time", 99}});
    check_band(mid, "risk_prevention", 7, 2, 3);
  }
  SECTION("cargo_safety 16 → \"16–20\", 15 → \"12–15\"") {
    // inspection 5 + loading 5 + intact 5 + exception 480 h / 10 = 48 h → 1: 16.
    json m = {{"inspection_batches_required", 100}, {"inspection_batches_done", 100},
              {"loaded_vehicles_total", 100}, {"loaded_vehicles_compliant", 100},
              {"goods_total", 100}, {"goods_intact", 100},
              {"exception_cases", 10}, {"exception_hours_total", 480}};
    check_band(score(m), "cargo_safety", 32, 16, 20);
    // exception 490 h / 10 = 49 h → 0: 5 + 5 + 5 + 0 = 15.
    m["exception_hours_total"] = 490;
    check_band(score(m), "cargo_safety", 30, 12, 15);
  }
  SECTION("empty category → 0 → the lowest band") {
    auto s = score(json::object());
    check_band(s, "transport_timeliness", 0, 0, 8);
    check_band(s, "cargo_safety", 0, 0, 3);
  }
}

TEST_CASE("category bands with half points in customer_service (pack with a 0.5-point tier)", "[scoring]") {
  // No default customer_service tier earns a half point, so to reach 2.5 and 6.5 the pack gives
  // languages_supported an extra tier "≥ 1 → 0.5" (bands are unchanged).
  rule_pack pack = edited_pack([](json& doc) {
    indicator_json(doc, "languages_supported")["tiers"].push_back({{"op", ">="}, {"bound", 1}, {"points", 0.5}});
  });
  SECTION("2.5 → \"0–3\"") {
    // resolution 100 % → 2; 1 language → 0.5.
    auto s = score({{"problems_total", 100}, {"problems_resolved", 100}, {"languages_supported", 1}},
                   json::object(), pack);
    check_band(s, "customer_service", 5, 0, 3);
  }
  SECTION("6.5 → \"3–6\"") {
    // response 2 + resolution 2 + multi-currency 2 + 1 language 0.5.
    auto s = score({{"inquiries_total", 100}, {"first_reply_minutes_total", 1000},
                    {"problems_total", 100}, {"problems_resolved", 100},
                    {"orders_total", 100}, {"orders_multi_currency", 100}, {"languages_supported", 1}},
                   json::object(), pack);
    check_band(s, "customer_service", 13, 3, 6);
  }
}

// --- 3. star levels -----------------------------------------------------------------------------

TEST_CASE("star levels: half-open at the integer thresholds 85, 70, 55, 40", "[scoring]") {
  const auto& pack = default_pack();
  REQUIRE(pack.total_max_half == 200);
  struct { int half, stars; } cases[] = {
      {200, 5}, {170, 5}, {169, 4}, {140, 4}, {139, 3}, {110, 3}, {109, 2}, {80, 2}, {79, 1}, {1, 1}, {0, 1},
  };
  for (auto c : cases) {
    INFO("total " << c.half / 2.0);
    CHECK(starsheet::star_for(pack, c.half, pack.total_max_half).stars == c.stars);
  }
}

/// A period in which every indicator earns its maximum (100 points in all).
json perfect_measures() {
  return {
      {"orders_total", 10000}, {"orders_on_time", 10000}, {"orders_multi_currency", 10000},
      {"transit", {{"air", {{"shipments", 100}, {"days_total", 400}}}}},  // 4 days / 5 = 0.8 → 6
      {"route_km_before", 100}, {"route_km_after", 1},                    // 99 % → 6
      {"incidents_total", 100}, {"incidents_handled_in_time", 100},
      {"inspection_batches_required", 100}, {"inspection_batches_done", 100},
      {"loaded_vehicles_total", 100}, {"loaded_vehicles_compliant", 100},
      {"goods_total", 100}, {"goods_intact", 100},
      {"exception_cases", 10}, {"exception_hours_total", 100},  // 10 h → 5
      {"info_items_required", 100}, {"info_items_disclosed", 100},
      {"status_fields_required", 10}, {"status_fields_queryable", 10},
      {"inquiries_total", 100}, {"first_reply_minutes_total", 1000},  // 10 min → 2
      {"problems_total", 100}, {"problems_resolved", 100},
      {"languages_supported", 10},
      {"feedback_total", 100}, {"feedback_effective", 100},
      {"cost", {{"transport", {{"before", 100}, {"after", 90}}}, {"warehouse", {{"before", 100}, {"after", 90}}},
                {"packaging", {{"before", 100}, {"after", 90}}}, {"labor", {{"before", 100}, {"after", 90}}},
                {"operations", {{"before", 100}, {"after", 90}}}}},
      {"licenses_required", 10}, {"licenses_obtained", 10},
      {"tax_due", 100}, {"tax_guarantee", 100},
      {"violation_deductions", 0},
      {"sensitive_fields_total", 10}, {"sensitive_fields_encrypted", 10},
      {"supplier_qualifications", {"road_transport_license", "iso9001", "iso14001"}},
      {"digital_level", 5},
      {"vehicle_kwh_total", 70}, {"vehicle_km_total", 100},  // 0.7 / 0.9 ≈ 0.78 → 2
      {"transport_km_total", 100}, {"insured_km", 100},
      {"fleet_vehicles", 10}, {"fleet_vehicles_dms_adas", 10},
      {"receivables_due", 100}, {"receivables_on_time", 100},
      {"customs_filings_required", 100}, {"customs_filings_compliant", 100},
  };
}
json perfect_benchmarks() { return {{"transit_days", {{"air", 5.0}}}, {"vehicle_kwh_per_km", 0.9}}; }

/// The perfect period with 15 points taken off: 85 in total.
json measures_at_85() {
  json m = perfect_measures();
  m["orders_on_time"] = 9500;            // on_time 95 %           7 → 5   (−2)
  m["route_km_after"] = 50;              // route 50 %             6 → 0   (−6)
  m["incidents_handled_in_time"] = 95;   // emergency 95 %         6 → 3   (−3)
  m["info_items_disclosed"] = 97;        // disclosure 97 %        8 → 6   (−2)
  m["languages_supported"] = 2;          // 2 languages            2 → 1   (−1)
  m["cost"]["transport"]["after"] = 95;  // transport cost 5 %     2 → 1   (−1)
  return m;                              //                        100 − 15 = 85
}

TEST_CASE("star levels through real periods: 100, 85, 84.5, 69.5", "[scoring]") {
  SECTION("every indicator at its maximum → 100 → 5 stars") {
    auto s = score(perfect_measures(), perfect_benchmarks());
    for (const auto& r : s.a.indicators) {
      INFO(r.rule->id);
      CHECK(r.status == indicator_status::scored);
      CHECK(r.half_points == r.rule->max_half);
    }
    CHECK(s.a.total_half == 200);
    CHECK(s.a.max_half == 200);
    CHECK(s.a.star->stars == 5);
  }
  SECTION("85 → 5 stars") {
    auto s = score(measures_at_85(), perfect_benchmarks());
    CHECK(s.a.total_half == 170);
    CHECK(s.a.star->stars == 5);
  }
  SECTION("84.5 → 4 stars (half-open: 84.5 is not 85)") {
    json m = measures_at_85();
    m["digital_level"] = 1;  // L1 → 0.5 instead of 1 (−0.5): 84.5
    auto s = score(m, perfect_benchmarks());
    CHECK(s.ind("digital_level").half_points == 1);
    CHECK(s.a.total_half == 169);
    CHECK(s.a.star->stars == 4);
  }
  SECTION("69.5 → 3 stars") {
    json m = measures_at_85();
    m["digital_level"] = 1;  // 84.5, as above
    // Three cargo-safety indicators lose their inputs → missing → 0 of 5 each (−15): 69.5.
    m.erase("inspection_batches_done");
    m.erase("loaded_vehicles_total");
    m.erase("goods_intact");
    auto s = score(m, perfect_benchmarks());
    CHECK(s.ind("inspection_rate").status == indicator_status::missing);
    CHECK(s.cat("cargo_safety").half_score == 10);
    CHECK(s.a.total_half == 139);
    CHECK(s.a.star->stars == 3);
  }
}

// --- 4. missing and not applicable --------------------------------------------------------------

TEST_CASE("an empty measures object: every indicator missing, total 0, 1 star", "[scoring]") {
  auto s = score(json::object());
  REQUIRE(s.a.indicators.size() == 31);
  for (const auto& r : s.a.indicators) {
    INFO(r.rule->id);
    CHECK(r.status == indicator_status::missing);
    CHECK(r.half_points == 0);
    CHECK_FALSE(r.value);
    CHECK(r.max_half == r.rule->max_half);  // missing still counts against the maximum
    CHECK_FALSE(r.excluded);
    CHECK_FALSE(r.absent.empty());          // says what to measure
  }
  REQUIRE(s.a.categories.size() == 8);
  for (const auto& c : s.a.categories) {
    INFO(c.rule->id);
    CHECK(c.half_score == 0);
    REQUIRE(c.reached != nullptr);
    CHECK(c.reached->min_half == 0);
  }
  CHECK(s.a.total_half == 0);
  CHECK(s.a.max_half == 200);
  CHECK(s.a.star->stars == 1);
}

TEST_CASE("not applicable: inputs present, denominator zero → full points by default", "[scoring]") {
  SECTION("no incidents → emergency_response_rate not applicable, 6 points") {
    auto s = score({{"incidents_total", 0}, {"incidents_handled_in_time", 0}});
    const auto& r = s.ind("emergency_response_rate");
    CHECK(r.status == indicator_status::not_applicable);
    CHECK(r.half_points == 12);
    CHECK(r.max_half == 12);
    CHECK_FALSE(r.excluded);
    CHECK(s.cat("transport_timeliness").half_score == 12);
  }
  SECTION("no exceptions → exception_handling_hours not applicable, 5 points") {
    auto s = score({{"exception_cases", 0}, {"exception_hours_total", 0}});
    const auto& r = s.ind("exception_handling_hours");
    CHECK(r.status == indicator_status::not_applicable);
    CHECK(r.half_points == 10);
  }
  SECTION("no feedback → feedback_effective_rate not applicable, 2 points") {
    auto s = score({{"feedback_total", 0}, {"feedback_effective", 0}});
    CHECK(s.ind("feedback_effective_rate").status == indicator_status::not_applicable);
    CHECK(s.ind("feedback_effective_rate").half_points == 4);
  }
}

TEST_CASE("missing: only one of an indicator's two inputs → missing, 0 points", "[scoring]") {
  SECTION("orders_total without orders_on_time") {
    auto s = score({{"orders_total", 10000}});
    const auto& r = s.ind("on_time_rate");
    CHECK(r.status == indicator_status::missing);
    CHECK(r.half_points == 0);
    CHECK_FALSE(r.value);
    CHECK(std::find(r.absent.begin(), r.absent.end(), "/measures/orders_on_time") != r.absent.end());
  }
  SECTION("exception_hours_total without exception_cases") {
    auto s = score({{"exception_hours_total", 100}});
    CHECK(s.ind("exception_handling_hours").status == indicator_status::missing);
    CHECK(s.ind("exception_handling_hours").half_points == 0);
  }
  SECTION("cost before without after") {
    auto s = score({{"cost", {{"labor", {{"before", 100}}}}}});
    CHECK(s.ind("labor_cost_reduction").status == indicator_status::missing);
    CHECK(s.ind("labor_cost_reduction").half_points == 0);
  }
  SECTION("incidents_total 0 alone is not enough for not-applicable: still missing") {
    auto s = score({{"incidents_total", 0}});
    CHECK(s.ind("emergency_response_rate").status == indicator_status::missing);
    CHECK(s.ind("emergency_response_rate").half_points == 0);
  }
  SECTION("licence completeness missing earns 0, not the \"<90 → 1\" point") {
    auto s = score({{"licenses_required", 9}});
    CHECK(s.ind("license_completeness").status == indicator_status::missing);
    CHECK(s.ind("license_completeness").half_points == 0);
  }
}

TEST_CASE("the rule pack can switch not-applicable to 0 points or to exclusion", "[scoring]") {
  SECTION("zero_denominator: zero_points → not applicable, 0 of 6") {
    rule_pack pack = edited_pack(
        [](json& doc) { indicator_json(doc, "emergency_response_rate")["zero_denominator"] = "zero_points"; });
    auto s = score({{"incidents_total", 0}, {"incidents_handled_in_time", 0}}, json::object(), pack);
    const auto& r = s.ind("emergency_response_rate");
    CHECK(r.status == indicator_status::not_applicable);
    CHECK(r.half_points == 0);
    CHECK(r.max_half == 12);
    CHECK_FALSE(r.excluded);
    CHECK(s.cat("transport_timeliness").half_max == 50);
    CHECK(s.a.max_half == 200);
  }
  SECTION("zero_denominator: exclude → max 0, excluded, category maximum 25 − 6 = 19") {
    rule_pack pack = edited_pack(
        [](json& doc) { indicator_json(doc, "emergency_response_rate")["zero_denominator"] = "exclude"; });
    json m = perfect_measures();
    m["incidents_total"] = 0;
    m["incidents_handled_in_time"] = 0;
    auto s = score(m, perfect_benchmarks(), pack);
    const auto& r = s.ind("emergency_response_rate");
    CHECK(r.status == indicator_status::not_applicable);
    CHECK(r.excluded);
    CHECK(r.max_half == 0);
    CHECK(r.half_points == 0);
    CHECK(s.cat("transport_timeliness").half_max == 38);
    CHECK(s.cat("transport_timeliness").half_score == 38);  // the other three at full: 7 + 6 + 6
    CHECK(s.a.max_half == 188);
    CHECK(s.a.total_half == 188);
  }
  SECTION("the policy only applies to a zero denominator: 0 of 10 incidents is scored 0") {
    rule_pack pack = edited_pack(
        [](json& doc) { indicator_json(doc, "emergency_response_rate")["zero_denominator"] = "exclude"; });
    auto s = score({{"incidents_total", 10}, {"incidents_handled_in_time", 0}}, json::object(), pack);
    CHECK(s.ind("emergency_response_rate").status == indicator_status::scored);
    CHECK(s.ind("emergency_response_rate").max_half == 12);
    CHECK(s.ind("emergency_response_rate").half_points == 0);
  }
}

TEST_CASE("input errors are not scores: numerator above denominator, negative count", "[scoring]") {
  const auto& pack = default_pack();
  SECTION("more orders on time than orders → assess fails naming the measure") {
    json doc = {{"format", "starsheet-period/1"}, {"measures", {{"orders_total", 100}, {"orders_on_time", 101}}}};
    auto p = starsheet::parse_period(doc.dump(), pack);
    REQUIRE(p);
    auto a = starsheet::assess(*p, pack);
    REQUIRE_FALSE(a);
    CHECK(a.error().where == "/measures/orders_on_time");
  }
  SECTION("a negative count is rejected") {
    json doc = {{"format", "starsheet-period/1"}, {"measures", {{"orders_total", -1}}}};
    auto p = starsheet::parse_period(doc.dump(), pack);
    REQUIRE_FALSE(p);
    CHECK(p.error().where == "/measures/orders_total");
  }
}

// --- 5. worked example --------------------------------------------------------------------------

TEST_CASE("worked example: a complete month, every number checked by hand", "[scoring]") {
  // Indicator                 measures                              value           tier          pts/max
  // ------------------------- ------------------------------------- --------------- ------------- -------
  // transport_timeliness
  //  on_time_rate              11850 / 12000                         98.75 %         [95,99)       5 / 7
  //  avg_transit_days          air 40500 d / 9000 (avg 4.5, bench 5.0 → r_air = 0.9)
  //                            sea 75000 d / 3000 (avg 25, bench 26 → r_sea = 25/26)
  //                            value = 115500 / 12000 = 9.625 d
  //                            r = (40500/5 + 75000/26) / 12000 = (8100 + 37500/13) / 12000
  //                              = (105300 + 37500) / 156000 = 142800/156000 = 119/130 ≈ 0.9154
  //                                                                    r < 0.95      6 / 6
  //  route_optimization_rate   (200 − 180) / 200                     10 %            below 90      0 / 6
  //  emergency_response_rate   48 / 50                               96 %            [95,99)       3 / 6
  //                                                                           category 14 / 25 → "9–15"
  // cargo_safety
  //  inspection_rate           496 / 500                             99.2 %          ≥99           5 / 5
  //  compliant_loading_rate    310 / 320                             96.875 %        [95,99)       3 / 5
  //  intact_rate               11880 / 12000                         99 % exactly    ≥99           5 / 5
  //  exception_handling_hours  1950 h / 100 cases                    19.5 h          (12,24]       3 / 5
  //                                                                           category 16 / 20 → "16–20"
  // information_transparency
  //  info_disclosure_rate      12 / 12                               100 %           ≥99           8 / 8
  //  realtime_query_rate       19 / 20                               95 %            [95,97)       4 / 7
  //                                                                           category 12 / 15 → "12–15"
  // customer_service
  //  response_minutes          41600 min / 3200                      13 min          ≤15           2 / 2
  //  resolution_rate           776 / 800                             97 %            [92,99)       1 / 2
  //  languages_supported       6                                     6               [2,10)        1 / 2
  //  multi_currency_coverage   8400 / 12000                          70 %            [50,80)       1 / 2
  //  feedback_effective_rate   380 / 400                             95 %            [90,99)       1 / 2
  //                                                                           category  6 / 10 → "3–6"
  // cost_control
  //  transport   (1,000,000 − 890,000) / 1,000,000                   11 %            ≥10           2 / 2
  //  warehouse   (920,000 − 874,000) / 920,000 = 46,000/920,000      5 %             ≥5            1 / 2
  //  packaging   (310,000 − 272,800) / 310,000 = 37,200/310,000      12 %            ≥10           2 / 2
  //  labor       (1,450,000 − 1,421,000) / 1,450,000 = 29,000/…      2 %             below 5       0 / 2
  //  operations  (560,000 − 532,000) / 560,000 = 28,000/560,000      5 %             ≥5            1 / 2
  //                                                                           category  6 / 10 → "4–7"
  // compliance
  //  license_completeness      9 / 9                                 100 %           ≥99           3 / 3
  //  tax_guarantee_coverage    2,250,000 / 2,500,000                 90 %            [90,99)       2 / 3
  //  operation_compliance_rate (1 − 0.015) × 100                     98.5 %          [90,99)       1 / 2
  //  data_encryption_compliance 14 / 14                              100 %           ≥99           2 / 2
  //                                                                           category  8 / 10 → "8–10"
  // green_logistics
  //  supplier_qualifications   road licence, ISO 9001, ISO 14001     3               ≥3            2 / 2
  //  digital_level             L3                                    3               ≥L2           1 / 1
  //  vehicle_energy_per_km     81,000 kWh / 100,000 km = 0.81; / 0.9 → ratio 0.9     (0.8,0.95]    1 / 2
  //                                                                           category  4 / 5  → "4–5"
  // risk_prevention
  //  insurance_coverage        1,250,000 / 1,250,000 km              100 %           ≥99           2 / 2
  //  safety_device_coverage    38 / 40                               95 %            [92,99)     0.5 / 1
  //  receivable_on_time_rate   8,380,800 / 8,640,000                 97 %            [92,99)     0.5 / 1
  //  customs_filing_compliance 1240 / 1250                           99.2 %          ≥99           1 / 1
  //                                                                           category  4 / 5  → "4–5"
  //
  // Total 14 + 16 + 12 + 6 + 6 + 8 + 4 + 4 = 70 → exactly the 4-star threshold → 4 stars.
  json measures = {
      {"orders_total", 12000}, {"orders_on_time", 11850}, {"orders_multi_currency", 8400},
      {"transit", {{"air", {{"shipments", 9000}, {"days_total", 40500}}},
                   {"sea", {{"shipments", 3000}, {"days_total", 75000}}}}},
      {"route_km_before", 200}, {"route_km_after", 180},
      {"incidents_total", 50}, {"incidents_handled_in_time", 48},
      {"inspection_batches_required", 500}, {"inspection_batches_done", 496},
      {"loaded_vehicles_total", 320}, {"loaded_vehicles_compliant", 310},
      {"goods_total", 12000}, {"goods_intact", 11880},
      {"exception_cases", 100}, {"exception_hours_total", 1950},
      {"info_items_required", 12}, {"info_items_disclosed", 12},
      {"status_fields_required", 20}, {"status_fields_queryable", 19},
      {"inquiries_total", 3200}, {"first_reply_minutes_total", 41600},
      {"problems_total", 800}, {"problems_resolved", 776},
      {"languages_supported", 6},
      {"feedback_total", 400}, {"feedback_effective", 380},
      {"cost", {{"transport", {{"before", 1000000}, {"after", 890000}}},
                {"warehouse", {{"before", 920000}, {"after", 874000}}},
                {"packaging", {{"before", 310000}, {"after", 272800}}},
                {"labor", {{"before", 1450000}, {"after", 1421000}}},
                {"operations", {{"before", 560000}, {"after", 532000}}}}},
      {"licenses_required", 9}, {"licenses_obtained", 9},
      {"tax_due", 2500000}, {"tax_guarantee", 2250000},
      {"violation_deductions", 0.015},
      {"sensitive_fields_total", 14}, {"sensitive_fields_encrypted", 14},
      {"supplier_qualifications", {"road_transport_license", "iso9001", "iso14001"}},
      {"digital_level", 3},
      {"vehicle_kwh_total", 81000}, {"vehicle_km_total", 100000},
      {"transport_km_total", 1250000}, {"insured_km", 1250000},
      {"fleet_vehicles", 40}, {"fleet_vehicles_dms_adas", 38},
      {"receivables_due", 8640000}, {"receivables_on_time", 8380800},
      {"customs_filings_required", 1250}, {"customs_filings_compliant", 1240},
  };
  json benchmarks = {{"transit_days", {{"air", 5.0}, {"sea", 26.0}}}, {"vehicle_kwh_per_km", 0.9}};
  auto s = score(measures, benchmarks);

  struct expected {
    std::string id;
    std::string value;
    int half;
  };
  const std::vector<expected> table = {
      {"on_time_rate", "98.75", 10},
      {"avg_transit_days", "9.625", 12},
      {"route_optimization_rate", "10", 0},
      {"emergency_response_rate", "96", 6},
      {"inspection_rate", "99.2", 10},
      {"compliant_loading_rate", "96.875", 6},
      {"intact_rate", "99", 10},
      {"exception_handling_hours", "19.5", 6},
      {"info_disclosure_rate", "100", 16},
      {"realtime_query_rate", "95", 8},
      {"response_minutes", "13", 4},
      {"resolution_rate", "97", 2},
      {"languages_supported", "6", 2},
      {"multi_currency_coverage", "70", 2},
      {"feedback_effective_rate", "95", 2},
      {"transport_cost_reduction", "11", 4},
      {"warehouse_cost_reduction", "5", 2},
      {"packaging_cost_reduction", "12", 4},
      {"labor_cost_reduction", "2", 0},
      {"operations_cost_reduction", "5", 2},
      {"license_completeness", "100", 6},
      {"tax_guarantee_coverage", "90", 4},
      {"operation_compliance_rate", "98.5", 2},
      {"data_encryption_compliance", "100", 4},
      {"supplier_qualifications", "3", 4},
      {"digital_level", "3", 2},
      {"vehicle_energy_per_km", "0.81", 2},
      {"insurance_coverage", "100", 4},
      {"safety_device_coverage", "95", 1},
      {"receivable_on_time_rate", "97", 1},
      {"customs_filing_compliance", "99.2", 2},
  };
  REQUIRE(table.size() == 31);
  REQUIRE(s.a.indicators.size() == 31);
  for (const auto& e : table) {
    INFO(e.id);
    const auto& r = s.ind(e.id);
    CHECK(r.status == indicator_status::scored);
    REQUIRE(r.value);
    CHECK(*r.value == dec(e.value));
    CHECK(r.half_points == e.half);
  }
  REQUIRE(s.ind("avg_transit_days").ratio);
  CHECK(*s.ind("avg_transit_days").ratio == rational(119) / rational(130));
  REQUIRE(s.ind("vehicle_energy_per_km").ratio);
  CHECK(*s.ind("vehicle_energy_per_km").ratio == dec("0.9"));

  // Category scores and bands (as printed in Table A.2).
  check_band(s, "transport_timeliness", 28, 9, 15);
  check_band(s, "cargo_safety", 32, 16, 20);
  check_band(s, "information_transparency", 24, 12, 15);
  check_band(s, "customer_service", 12, 3, 6);
  check_band(s, "cost_control", 12, 4, 7);
  check_band(s, "compliance", 16, 8, 10);
  check_band(s, "green_logistics", 8, 4, 5);
  check_band(s, "risk_prevention", 8, 4, 5);
  const int maxima[] = {50, 40, 30, 20, 20, 20, 10, 10};
  REQUIRE(s.a.categories.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) CHECK(s.a.categories[i].half_max == maxima[i]);

  CHECK(s.a.total_half == 140);
  CHECK(s.a.max_half == 200);
  CHECK(s.a.star->stars == 4);
}

}  // namespace

TEST_CASE("what-if values are scored in place of the measures", "[scoring]") {
  const starsheet::rule_pack pack = *starsheet::load_rules(starsheet::default_rules_json());
  // The assessment points into its period, so each run keeps both alive.
  struct run {
    starsheet::period_data period;
    starsheet::assessment a;
  };
  auto score = [&](const char* text) {
    auto out = std::make_unique<run>();
    auto p = starsheet::parse_period(text, pack);
    REQUIRE(p);
    out->period = *p;
    auto a = starsheet::assess(out->period, pack);
    REQUIRE(a);
    out->a = *a;
    return out;
  };
  // 93 of 100 on time earns 3; "what if 99 %" earns 7, and the total follows.
  auto r1 = score(R"({"format":"starsheet-period/1","measures":{"orders_total":100,"orders_on_time":93},
                      "what_if":{"on_time_rate":99}})");
  CHECK(r1->a.indicators[0].what_if);
  CHECK(r1->a.indicators[0].half_points == 14);
  CHECK(r1->a.total_half == 14);
  // The actual result stays beside it: 3 points, 1 star on the measures alone.
  CHECK(r1->a.indicators[0].actual_half_points == 6);
  CHECK(r1->a.actual_total_half == 6);
  CHECK(r1->a.actual_max_half == 200);
  CHECK(r1->a.actual_star->stars == 1);
  // Just below the bound stays in the lower tier; a missing indicator can be tried too.
  auto r2 = score(R"({"format":"starsheet-period/1","what_if":{"on_time_rate":98.99}})");
  CHECK(r2->a.indicators[0].status == starsheet::indicator_status::scored);
  CHECK(r2->a.indicators[0].half_points == 10);
  CHECK(r2->a.indicators[0].actual_half_points == 0);
  CHECK(r2->a.actual_total_half == 0);
  // A ratio-scored indicator takes the ratio and its value in days follows: air 5.5 days
  // against 5 is r = 1.1 (1 point); what if r = 0.9 → 6 points, 4.5 days.
  auto r3 = score(R"({"format":"starsheet-period/1",
                      "measures":{"transit":{"air":{"shipments":100,"days_total":550}}},
                      "benchmarks":{"transit_days":{"air":5}}, "what_if":{"avg_transit_days":0.9}})");
  const auto& transit = r3->a.indicators[1];
  CHECK(transit.rule->id == "avg_transit_days");
  CHECK(transit.half_points == 12);
  CHECK(*transit.ratio == *starsheet::rational::from_decimal("0.9"));
  CHECK(*transit.value == *starsheet::rational::from_decimal("4.5"));
}
