#include "practices.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>

#include "period.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;

namespace {

using scored = starsheet::test::scored_period;

std::unique_ptr<scored> october() {
  return starsheet::test::score_text(starsheet::test::example("huayun-2026-10.json"));
}

const practice_advice* find(const std::vector<practice_advice>& list, const std::string& id) {
  for (const auto& p : list)
    if (p.item->id == id) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("practices are chosen for the indicators that can still gain", "[practices]") {
  auto s = october();
  plans goals = make_plans(s->a);
  const plan& best = goals.next_star->plans.front();
  auto list = practices_for(s->a, &best);
  // Data encryption (14 of 14) and insurance (100 %) are at their maximum: nothing for them.
  CHECK_FALSE(find(list, "data_lifecycle"));
  CHECK_FALSE(find(list, "full_vehicle_cover"));
  // Licences (9 of 9) and customs filings (99.47 %, ≥ 99 %) are at their maximum too.
  CHECK_FALSE(find(list, "licence_register"));
  // Verification moves inspection (99.03 %, at its maximum) and operational compliance
  // (98.5 %, 1 of 2 points): kept for the latter only, under compliance.
  const practice_advice* check = find(list, "verify_and_recheck");
  REQUIRE(check);
  REQUIRE(check->moves.size() == 1);
  CHECK(check->moves[0]->rule->id == "operation_compliance_rate");
  REQUIRE(check->categories.size() == 1);
  CHECK(check->categories[0]->id == "compliance");
  // The best plan to 4 stars raises the real-time query rate: its practices are marked.
  REQUIRE(best.steps.size() == 1);
  CHECK(best.steps[0].indicator->rule->id == "realtime_query_rate");
  CHECK(find(list, "scan_every_handover")->in_plan);
  CHECK_FALSE(find(list, "drilled_contingency")->in_plan);
  // Each carries its citation.
  CHECK(cite(find(list, "drilled_contingency")->item->source) == "004 §7.8.5");
  CHECK(cite(find(list, "complaint_clock")->item->source) == "002 §6.1");
  CHECK(cite(find(list, "tell_before_asked")->item->source) == "003 §3.1.2");
  CHECK(cite(find(list, "software_routing")->item->source) == "001 §2.1");
}
