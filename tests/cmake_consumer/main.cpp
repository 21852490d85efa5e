// Scores a period through the installed core's front door and checks the report: 9,900 of
// 10,000 orders on time is exactly 99 %, which reaches the ≥ 99 % tier (7 points).
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "default_rules.h"
#include "starsheet.h"

int main() {
  auto pack = starsheet::load_rules(starsheet::default_rules_json());
  if (!pack) {
    std::fprintf(stderr, "consumer: the embedded pack does not load: %s\n", starsheet::describe(pack.error()).c_str());
    return 1;
  }
  const char* period = R"({"format":"starsheet-period/1","provider":"consumer",
    "period":{"kind":"month","start":"2026-10-01","end":"2026-10-31"},
    "measures":{"orders_total":10000,"orders_on_time":9900}})";
  auto report = starsheet::score_period(period, *pack, starsheet::report_format::json, starsheet::lang::en);
  if (!report) {
    std::fprintf(stderr, "consumer: score_period failed: %s\n", starsheet::describe(report.error()).c_str());
    return 1;
  }
  auto doc = nlohmann::json::parse(*report);
  for (const auto& ind : doc.at("indicators")) {
    if (ind.at("id") != "on_time_rate") continue;
    std::string got = ind.dump();
    if (ind.at("status") == "scored" && ind.at("value") == 99 && ind.at("points") == 7) {
      std::printf("consumer: on_time_rate 99 %% scores %s of %s; total %s, stars %s\n", ind.at("points").dump().c_str(),
                  ind.at("max").dump().c_str(), doc.at("total").dump().c_str(), doc.at("stars").dump().c_str());
      return 0;
    }
    std::fprintf(stderr, "consumer: expected on_time_rate scored at 99 with 7 points (the >= 99 tier), got %s\n", got.c_str());
    return 1;
  }
  std::fprintf(stderr, "consumer: no on_time_rate in the report\n");
  return 1;
}
