// Deterministic pseudo-random periods for property tests: every indicator of the default pack is
// scored at a random value (often near a tier bound), missing, or not applicable.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace starsheet::test {

/// A 64-bit linear congruential generator (Knuth's MMIX constants): the same sequence on every
/// platform, unlike the standard distributions.
class lcg {
 public:
  explicit lcg(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  /// A whole number in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return between(1, 100) <= percent; }

 private:
  std::uint64_t state_;
};

/// A `starsheet-period/1` document with random measures.
inline nlohmann::json random_period(lcg& r) {
  using nlohmann::json;
  json m = json::object(), bench = json::object();
  // A count of successes out of `den`: mostly high rates, often right at or next to a bound.
  auto successes = [&](std::int64_t den) -> std::int64_t {
    if (den == 0) return 0;
    switch (r.between(0, 3)) {
      case 0: return den - r.between(0, den / 10);
      case 1: {
        std::int64_t v = den - r.between(0, den / 40 + 1);
        return v < 0 ? 0 : v;
      }
      case 2: return r.between(den * 8 / 10, den);
      default: {
        static const int bounds[] = {99, 97, 95, 92, 90, 80, 50};
        std::int64_t at = (den * bounds[r.between(0, 6)] + 99) / 100;  // the least count at the bound
        std::int64_t v = at + r.between(-1, 1);
        return v < 0 ? 0 : v > den ? den : v;
      }
    }
  };
  // A rate pair: absent (missing), a zero denominator (not applicable), or counts.
  auto rate = [&](const char* num, const char* den, std::int64_t max_den, bool may_be_empty) {
    int state = static_cast<int>(r.between(1, 100));
    if (state <= 12) return;                                   // missing
    std::int64_t d = may_be_empty && state <= 17 ? 0 : r.chance(10) ? r.between(1, 12) : r.between(1, max_den);
    m[den] = d;
    if (state <= 14) return;                                   // numerator absent: missing too
    m[num] = successes(d);
  };

  std::int64_t orders = r.chance(10) ? r.between(1, 20) : r.between(1, 20000);
  m["orders_total"] = orders;
  if (!r.chance(10)) m["orders_on_time"] = successes(orders);
  if (!r.chance(10)) m["orders_multi_currency"] = r.between(orders * 3 / 10, orders);

  if (!r.chance(12)) {
    json transit = json::object(), days = json::object();
    for (const char* mode : {"land", "sea", "air"}) {
      if (!r.chance(60)) continue;
      std::int64_t shipments = r.between(1, 3000);
      std::int64_t bench10 = r.between(30, 300);                       // industry days × 10
      std::int64_t ratio100 = r.chance(30) ? 95 + r.between(-1, 1) * 5 : r.between(80, 130);
      // days_total = shipments × bench × ratio, to 0.001 day
      double total = static_cast<double>(shipments * bench10 * ratio100) / 1000.0;
      transit[mode] = {{"shipments", shipments}, {"days_total", total}};
      if (!r.chance(8)) days[mode] = static_cast<double>(bench10) / 10.0;
    }
    if (!transit.empty()) m["transit"] = transit;
    if (!days.empty()) bench["transit_days"] = days;
  }
  if (!r.chance(12)) {
    std::int64_t before = r.between(500, 5000);
    std::int64_t cut = r.chance(70) ? r.between(0, 20) : r.between(85, 100);
    m["route_km_before"] = before;
    m["route_km_after"] = before * (100 - cut) / 100;
  }
  rate("incidents_handled_in_time", "incidents_total", 80, true);
  rate("inspection_batches_done", "inspection_batches_required", 800, false);
  rate("loaded_vehicles_compliant", "loaded_vehicles_total", 400, false);
  rate("goods_intact", "goods_total", 20000, false);
  if (!r.chance(12)) {
    std::int64_t cases = r.chance(10) ? 0 : r.between(1, 200);
    m["exception_cases"] = cases;
    m["exception_hours_total"] = static_cast<double>(cases * r.between(50, 600)) / 10.0;  // 5–60 h each
  }
  rate("info_items_disclosed", "info_items_required", 20, false);
  rate("status_fields_queryable", "status_fields_required", 15, false);
  if (!r.chance(12)) {
    std::int64_t inquiries = r.chance(10) ? 0 : r.between(1, 4000);
    m["inquiries_total"] = inquiries;
    m["first_reply_minutes_total"] = inquiries * r.between(5, 40);
  }
  rate("problems_resolved", "problems_total", 1000, true);
  if (!r.chance(12)) m["languages_supported"] = r.between(1, 12);
  rate("feedback_effective", "feedback_total", 500, true);
  json cost = json::object();
  for (const char* kind : {"transport", "warehouse", "packaging", "labor", "operations"}) {
    if (r.chance(12)) continue;
    std::int64_t before = r.between(10000, 1000000);
    cost[kind] = {{"before", before}, {"after", before * (100 - r.between(-5, 15)) / 100}};
  }
  if (!cost.empty()) m["cost"] = cost;
  rate("licenses_obtained", "licenses_required", 12, false);
  if (!r.chance(12)) {
    std::int64_t due = r.between(1000, 1000000);
    m["tax_due"] = due;
    m["tax_guarantee"] = successes(due);
  }
  if (!r.chance(12)) m["violation_deductions"] = static_cast<double>(r.between(0, 150)) / 1000.0;
  rate("sensitive_fields_encrypted", "sensitive_fields_total", 20, false);
  if (!r.chance(12)) {
    static const char* all[] = {"road_transport_license", "iso9001", "iso14001", "ohsas18001",
                                "safety_standardization_level2"};
    json items = json::array();
    for (const char* q : all)
      if (r.chance(50)) items.push_back(q);
    m["supplier_qualifications"] = items;
  }
  if (!r.chance(12)) m["digital_level"] = r.between(1, 5);
  if (!r.chance(12)) {
    std::int64_t km = r.between(1000, 200000);
    std::int64_t bench100 = r.between(50, 150);
    m["vehicle_km_total"] = km;
    m["vehicle_kwh_total"] = static_cast<double>(km * bench100 * r.between(60, 110)) / 10000.0;
    if (!r.chance(8)) bench["vehicle_kwh_per_km"] = static_cast<double>(bench100) / 100.0;
  }
  if (!r.chance(12)) {
    std::int64_t km = r.between(1000, 2000000);
    m["transport_km_total"] = km;
    m["insured_km"] = successes(km);
  }
  rate("fleet_vehicles_dms_adas", "fleet_vehicles", 80, false);
  if (!r.chance(12)) {
    std::int64_t due = r.between(1000, 10000000);
    m["receivables_due"] = due;
    m["receivables_on_time"] = successes(due);
  }
  rate("customs_filings_compliant", "customs_filings_required", 2000, false);

  json doc = {{"format", "starsheet-period/1"}, {"measures", m}};
  if (!bench.empty()) doc["benchmarks"] = bench;
  return doc;
}

}  // namespace starsheet::test
