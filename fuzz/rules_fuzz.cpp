// libFuzzer target for the rule-pack loader (core/rules.cpp) and, through scoring, the plan
// solver (core/plans.cpp): a pack the loader accepts must score a period, with its plans, in
// bounded time; one it refuses must say where and why.
// Mutated bytes of a 130 KB pack are almost never JSON, so an input whose first line starts
// with '/' is read as edits ("POINTER JSON" per line) of the default pack; anything else is
// the whole pack.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "starsheet.h"

namespace {

const char* const periods[] = {
    R"({"format":"starsheet-period/1","measures":{}})",
    R"({"format":"starsheet-period/1","period":{"kind":"month","start":"2026-10-01","end":"2026-10-31"},
      "measures":{"orders_total":1000,"orders_on_time":900,"goods_total":1000,"goods_intact":990,
      "inquiries_total":10,"first_reply_minutes_total":300,"digital_level":2,"tax_due":10,"tax_guarantee":5,
      "transit":{"air":{"shipments":10,"days_total":60}}},
      "benchmarks":{"transit_days":{"air":5}},"what_if":{"intact_rate":50}})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && text[0] == '/') {
    auto doc = nlohmann::ordered_json::parse(starsheet::default_rules_json());
    fuzz::apply_edits(doc, text);
    text = fuzz::dump(doc);
  }
  auto pack = starsheet::load_rules(text);
  if (!pack) {
    fuzz::check_error(pack.error());
    return 0;
  }
  for (const char* period : periods) {
    auto report = starsheet::score_period(period, *pack, starsheet::report_format::json, starsheet::lang::en);
    if (report) fuzz::check_json(*report, "starsheet-report/1");
    else fuzz::check_error(report.error());
  }
  return 0;
}
