// Shared helpers for the tests: the built-in pack, loaded once, and small period builders.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "default_import_rules.h"
#include "default_rules.h"
#include "import.h"
#include "period.h"
#include "rules.h"
#include "scoring.h"

namespace starsheet::test {

inline const rule_pack& default_pack() {
  static const rule_pack pack = *load_rules(default_rules_json());
  return pack;
}

/// A period document with the given measures (and optional benchmarks).
inline std::string period_with(const nlohmann::json& measures, const nlohmann::json& benchmarks = nullptr) {
  nlohmann::json doc = {{"format", "starsheet-period/1"}, {"measures", measures}};
  if (!benchmarks.is_null()) doc["benchmarks"] = benchmarks;
  return doc.dump();
}

/// The bytes of a file; the test fails if it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The built-in import rules, loaded once.
inline const import_rules& default_import_rules() {
  static const import_rules rules = *load_import_rules(default_import_rules_json());
  return rules;
}

/// A record file's text imported whole; the test fails on an import error.
inline record_summary import_text(const std::string& text, import_options options = {},
                                  const import_rules& rules = default_import_rules(),
                                  record_kind kind = record_kind::shipments) {
  record_importer importer(kind, rules, std::move(options));
  importer.feed(text);
  auto summary = importer.finish();
  if (!summary) FAIL(summary.error().where << ": " << summary.error().message);
  return std::move(*summary);
}

/// The text of a file in examples/.
inline std::string example(const std::string& name) { return read_file(STARSHEET_SOURCE_DIR "/examples/" + name); }

/// Measures at the top tier of every indicator (total 100), with full_benchmarks().
inline nlohmann::json full_marks() {
  return nlohmann::json{
      {"orders_total", 1000}, {"orders_on_time", 1000}, {"orders_multi_currency", 1000},
      {"transit", {{"air", {{"shipments", 100}, {"days_total", 400}}}}},
      {"route_km_before", 1000}, {"route_km_after", 10},
      {"incidents_total", 100}, {"incidents_handled_in_time", 100},
      {"inspection_batches_required", 100}, {"inspection_batches_done", 100},
      {"loaded_vehicles_total", 100}, {"loaded_vehicles_compliant", 100},
      {"goods_total", 1000}, {"goods_intact", 1000},
      {"exception_cases", 10}, {"exception_hours_total", 50},
      {"info_items_required", 10}, {"info_items_disclosed", 10},
      {"status_fields_required", 10}, {"status_fields_queryable", 10},
      {"inquiries_total", 100}, {"first_reply_minutes_total", 1000},
      {"problems_total", 100}, {"problems_resolved", 100},
      {"languages_supported", 12},
      {"feedback_total", 100}, {"feedback_effective", 100},
      {"cost", {{"transport", {{"before", 100}, {"after", 80}}}, {"warehouse", {{"before", 100}, {"after", 80}}},
                {"packaging", {{"before", 100}, {"after", 80}}}, {"labor", {{"before", 100}, {"after", 80}}},
                {"operations", {{"before", 100}, {"after", 80}}}}},
      {"licenses_required", 10}, {"licenses_obtained", 10},
      {"tax_due", 100}, {"tax_guarantee", 100},
      {"violation_deductions", 0},
      {"sensitive_fields_total", 10}, {"sensitive_fields_encrypted", 10},
      {"supplier_qualifications", {"road_transport_license", "iso9001", "iso14001"}},
      {"digital_level", 3},
      {"vehicle_kwh_total", 500}, {"vehicle_km_total", 1000},
      {"transport_km_total", 1000}, {"insured_km", 1000},
      {"fleet_vehicles", 10}, {"fleet_vehicles_dms_adas", 10},
      {"receivables_due", 100}, {"receivables_on_time", 100},
      {"customs_filings_required", 100}, {"customs_filings_compliant", 100}};
}

/// The benchmarks full_marks() is scored against (air transit only).
inline nlohmann::json full_benchmarks() { return nlohmann::json{{"transit_days", {{"air", 5}}}, {"vehicle_kwh_per_km", 1}}; }

/// A scored period: the assessment points into the period, so both live together.
struct scored_period {
  period_data period;
  assessment a;
};

/// Parses and scores a period document; the test fails if either step does.
inline std::unique_ptr<scored_period> score_text(const std::string& text, const rule_pack& pack = default_pack()) {
  auto out = std::make_unique<scored_period>();
  auto p = parse_period(text, pack);
  REQUIRE(p);
  out->period = *p;
  auto a = assess(out->period, pack);
  REQUIRE(a);
  out->a = *a;
  return out;
}

/// A period document of these measures (and benchmarks), parsed and scored.
inline std::unique_ptr<scored_period> score_measures(const nlohmann::json& measures,
                                                     const nlohmann::json& benchmarks = nullptr) {
  return score_text(period_with(measures, benchmarks));
}

}  // namespace starsheet::test
