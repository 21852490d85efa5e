// libFuzzer target for the front door (core/starsheet.h): any text as a period document, what-ifs
// included, must give a report (the JSON one a starsheet-report/1 document) or an error that
// says what is wrong; never a crash, a hang or a sanitizer report.
// Random text seldom reaches scoring, so an input whose first line starts with '/' is read as
// edits ("POINTER JSON" per line, fuzz_support.h) of a period that measures most indicators.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "starsheet.h"

namespace {

const char* const base_period = R"({"format":"starsheet-period/1","provider":"fuzz",
 "period":{"kind":"month","start":"2026-10-01","end":"2026-10-31"},
 "measures":{"orders_total":1000,"orders_on_time":990,"orders_multi_currency":400,
  "transit":{"air":{"shipments":10,"days_total":50},"sea":{"shipments":3,"days_total":80}},
  "route_km_before":100,"route_km_after":90,"incidents_total":0,"incidents_handled_in_time":0,
  "goods_total":1000,"goods_intact":998,"exception_cases":4,"exception_hours_total":30,
  "inquiries_total":50,"first_reply_minutes_total":500,"problems_total":9,"problems_resolved":8,
  "cost":{"transport":{"before":100,"after":95}},"tax_due":10,"tax_guarantee":10,
  "violation_deductions":0.01,"supplier_qualifications":["iso9001"],"digital_level":2,
  "vehicle_kwh_total":900,"vehicle_km_total":1000},
 "benchmarks":{"transit_days":{"air":5,"sea":26},"vehicle_kwh_per_km":0.9},
 "what_if":{"on_time_rate":99}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && text[0] == '/') {
    auto doc = nlohmann::ordered_json::parse(base_period);
    fuzz::apply_edits(doc, text);
    text = fuzz::dump(doc);
  }
  const auto& pack = fuzz::pack();
  auto json = starsheet::score_period(text, pack, starsheet::report_format::json, starsheet::lang::en);
  if (json) fuzz::check_json(*json, "starsheet-report/1");
  else fuzz::check_error(json.error());
  auto plain = starsheet::score_period(text, pack, starsheet::report_format::text, starsheet::lang::zh);
  // Both formats read the same document: both succeed or both fail.
  if (static_cast<bool>(plain) != static_cast<bool>(json)) std::abort();
  return 0;
}
