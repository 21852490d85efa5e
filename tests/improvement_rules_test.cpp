#include "improvement_rules.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <functional>

#include "default_rules.h"

using namespace starsheet;
using nlohmann::json;

namespace {

input_error error_after(const std::function<void(json&)>& edit) {
  json doc = json::parse(default_rules_json());
  edit(doc);
  auto r = load_rules(doc.dump());
  REQUIRE_FALSE(r);
  return r.error();
}

}  // namespace

TEST_CASE("the built-in pack carries the improvement sections", "[improvement_rules]") {
  auto r = load_rules(default_rules_json());
  REQUIRE(r);
  const improvement_rules& imp = improvement_of(*r);
  CHECK(imp.sources.size() == 5);
  CHECK(imp.find_source("004")->file == "004_977115a3924a9353.txt");
  CHECK(imp.start_measuring == *rational::from_decimal("0.25"));
  CHECK(imp.failure_ceiling == rational(100));
  REQUIRE(imp.effort.size() == 31);
  for (std::size_t i = 0; i < 31; ++i) CHECK(imp.effort[i].indicator == r->indicators[i].id);  // pack order
  CHECK(imp.find_effort("on_time_rate")->kind == effort_kind::failure_cut);
  CHECK(imp.find_effort("avg_transit_days")->kind == effort_kind::relative_cut);
  CHECK(*imp.find_effort("avg_transit_days")->resolution == *rational::from_decimal("0.001"));
  CHECK(imp.find_effort("languages_supported")->kind == effort_kind::per_unit);
  CHECK(imp.practices.size() == 56);
  CHECK(imp.checks.size() == 5);
  CHECK(imp.uncertainty.z == *rational::from_decimal("1.96"));
  CHECK(imp.uncertainty.small_sample == rational(30));
  // Every indicator has at least one practice, and every practice cites a section.
  for (const auto& ind : r->indicators) {
    bool covered = false;
    for (const auto& p : imp.practices)
      for (const auto& id : p.indicators) covered = covered || id == ind.id;
    INFO(ind.id);
    CHECK(covered);
  }
  for (const auto& p : imp.practices) {
    CHECK_FALSE(p.body.zh.empty());
    CHECK_FALSE(p.body.en.empty());
    CHECK((p.source.section.rfind("§", 0) == 0 || p.source.section.rfind("¶", 0) == 0));
  }
}

TEST_CASE("improvement sections: unknown names are precise errors", "[improvement_rules]") {
  auto e = error_after([](json& d) { d["practices"][3]["indicators"][1] = "on_time"; });
  CHECK(e.where == "/practices/3/indicators/1");
  CHECK(e.message == "unknown indicator on_time");
  e = error_after([](json& d) { d["practices"][0]["source"]["doc"] = "005"; });
  CHECK(e.where == "/practices/0/source/doc");
  CHECK(e.message == "unknown source document 005");
  e = error_after([](json& d) { d["plans"]["effort"][2]["indicator"] = "route_optimisation_rate"; });
  CHECK(e.where == "/plans/effort/2/indicator");
  CHECK(e.message == "unknown indicator route_optimisation_rate");
  e = error_after([](json& d) { d["reference_checks"][1]["input"]["indicator"] = "ontime"; });
  CHECK(e.where == "/reference_checks/1/input/indicator");
  CHECK(e.message == "unknown indicator ontime");
  e = error_after([](json& d) { d["reference_checks"][0]["input"]["numerator"] = "/measures/recovery/missing"; });
  CHECK(e.where == "/reference_checks/0/input/numerator");
  CHECK(e.message == "unknown measure /measures/recovery/missing");
  e = error_after([](json& d) { d["recovery"]["late"][0]["moved_by"] = "punctuality"; });
  CHECK(e.where == "/recovery/late/0/moved_by");
  CHECK(e.message == "unknown indicator punctuality");
  e = error_after([](json& d) { d["uncertainty"]["complete_counts"][0] = "info_rate"; });
  CHECK(e.where == "/uncertainty/complete_counts/0");
  CHECK(e.message == "unknown indicator info_rate");
  e = error_after([](json& d) { d["practices"][1]["id"] = d["practices"][0]["id"]; });
  CHECK(e.where == "/practices/1/id");
  CHECK(e.message == "duplicate practice live_deadline_watch");
}

TEST_CASE("improvement sections: shapes and consistency", "[improvement_rules]") {
  auto e = error_after([](json& d) { d.erase("plans"); });
  CHECK(e.where == "/plans");
  CHECK(e.message == "required member is missing");
  e = error_after([](json& d) { d["plans"]["effort"].erase(30); });
  CHECK(e.where == "/plans/effort");
  CHECK(e.message == "no effort rule for indicator customs_filing_compliance");
  e = error_after([](json& d) { d["plans"]["effort"][1].erase("resolution"); });
  CHECK(e.where == "/plans/effort/1/resolution");
  CHECK(e.message == "tier 0 of avg_transit_days has a strict bound; give the smallest step of its quantity as resolution");
  // With r < 1.05 for 3 points, a step of 0.2 inside lands at 0.85, in the r < 0.95 tier.
  e = error_after([](json& d) {
    d["indicators"][1]["tiers"][1]["op"] = "<";
    d["plans"]["effort"][1]["resolution"] = 0.2;
  });
  CHECK(e.where == "/plans/effort/1/resolution");
  CHECK(e.message == "one resolution step inside tier 1's bound of avg_transit_days lands in another tier");
  e = error_after([](json& d) { d["plans"]["effort"][7]["kind"] = "failure_cut"; });
  CHECK(e.where == "/plans/effort/7/kind");
  CHECK(e.message == "failure_cut fits only a higher-is-better percentage; exception_handling_hours is not one");
  e = error_after([](json& d) { d["plans"]["effort"][0]["kind"] = "relative_cut"; });
  CHECK(e.message == "relative_cut fits only a lower-is-better indicator; on_time_rate is higher-is-better");
  e = error_after([](json& d) { d["plans"]["effort"][0]["weight"] = 0; });
  CHECK(e.where == "/plans/effort/0/weight");
  CHECK(e.message == "expected a number > 0, got 0");
  e = error_after([](json& d) { d["recovery"]["late"][1]["share_of_freight"] = 1.5; });
  CHECK(e.where == "/recovery/late/1/share_of_freight");
  CHECK(e.message == "a share of freight is at most 1");
  e = error_after([](json& d) { d["recovery"]["late"][1]["max_hours"] = 12; });
  CHECK(e.where == "/recovery/late/1/max_hours");
  CHECK(e.message == "delay bands go from the shortest delay to the longest");
  e = error_after([](json& d) { d["recovery"]["damage_loss"]["uninsured_multiple_high"] = 2; });
  CHECK(e.where == "/recovery/damage_loss/uninsured_multiple_high");
  e = error_after([](json& d) { d["recovery"]["damage_loss"]["moved_by"] = "response_minutes"; });
  CHECK(e.where == "/recovery/damage_loss/moved_by");
  CHECK(e.message == "response_minutes has no failure_cut effort rule, so a plan step on it removes no known share of these parcels");
  e = error_after([](json& d) { d["reference_checks"][2]["unit"] = "weeks"; });
  CHECK(e.where == "/reference_checks/2/unit");
  CHECK(e.message == "unknown unit weeks");
  e = error_after([](json& d) { d["messages"].erase("heading_plans"); });
  CHECK(e.where == "/messages/heading_plans");
}

TEST_CASE("improvement sections: effort words and targets unreachable in practice", "[improvement_rules]") {
  auto r = load_rules(default_rules_json());
  REQUIRE(r);
  const improvement_rules& imp = improvement_of(*r);
  const effort_rule& route = *imp.find_effort("route_optimization_rate");
  CHECK(*route.unreachable_from == rational(90));
  CHECK(route.unreachable_reading == "route_tiers_unreachable");
  CHECK_FALSE(imp.find_effort("on_time_rate")->unreachable_from);
  CHECK(imp.find_effort("on_time_rate")->words.en == "{share} late orders must become on time");
  CHECK(imp.find_effort("on_time_rate")->words.zh == "{share}的迟到订单须改为准时送达");

  auto e = error_after([](json& d) { d["plans"]["effort"][0]["words"]["en"] = "late orders must become on time"; });
  CHECK(e.where == "/plans/effort/0/words");
  CHECK(e.message == "each language's words need a {share} slot");
  e = error_after([](json& d) { d["plans"]["effort"][1]["words"] = {{"zh", "{share}"}, {"en", "{share}"}}; });
  CHECK(e.where == "/plans/effort/1/words");
  CHECK(e.message == "words describe a share of failures removed; avg_transit_days is not failure_cut");
  e = error_after([](json& d) { d["plans"]["effort"][2].erase("unreachable_reading"); });
  CHECK(e.where == "/plans/effort/2/unreachable_reading");
  CHECK(e.message == "required member is missing");
  // The reading that explains the label must be about this indicator.
  e = error_after([](json& d) { d["plans"]["effort"][2]["unreachable_reading"] = "transit_ratio_tiers"; });
  CHECK(e.where == "/plans/effort/2/unreachable_reading");
  CHECK(e.message == "expected a reading of the pack that applies to route_optimization_rate, got transit_ratio_tiers");
  e = error_after([](json& d) { d["messages"].erase("advice_unreachable"); });
  CHECK(e.where == "/messages/advice_unreachable");
}
