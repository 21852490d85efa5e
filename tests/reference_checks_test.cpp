#include "reference_checks.h"

#include <catch2/catch.hpp>

#include <memory>

#include "period.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using nlohmann::json;

namespace {

using scored = starsheet::test::scored_period;

std::unique_ptr<scored> run(const json& measures) { return starsheet::test::score_measures(measures); }

check_result check(const json& measures, const std::string& id) {
  auto s = run(measures);
  for (auto& c : run_reference_checks(s->a))
    if (c.rule->id == id) return c;
  FAIL("no check " << id);
  return {};
}

rational dec(const char* s) { return *rational::from_decimal(s); }

}  // namespace

TEST_CASE("the pack's reference checks, their sources and thresholds", "[reference_checks]") {
  const auto& checks = improvement_of(default_pack()).checks;
  REQUIRE(checks.size() == 5);
  CHECK(checks[0].id == "parcel_loss_rate");
  CHECK(cite(checks[0].source) == "000 ¶2");
  CHECK(checks[0].bound == dec("0.05"));      // 5 in 10,000, in percent
  CHECK(*checks[0].alt_bound == dec("0.005"));  // 5 in 100,000: ten times stricter
  CHECK(cite(checks[1].source) == "002 §1.2");
  CHECK(checks[1].bound == rational(98));
  CHECK(checks[2].bound == rational(72));
  CHECK(checks[3].bound == rational(24));
  CHECK(checks[4].bound == rational(20));
  CHECK(cite(checks[4].source) == "002 §2.1.2");
}

TEST_CASE("parcel loss rate against five ten-thousandths, both readings", "[reference_checks]") {
  // 6 lost of 10,000 = 0.06 % > 0.05 %: not met; and not under 0.005 % either.
  auto c = check({{"goods_total", 10000}, {"recovery", {{"lost", 6}}}}, "parcel_loss_rate");
  CHECK(c.status == check_status::not_met);
  CHECK(*c.value == dec("0.06"));
  CHECK(*c.meets_alt == false);
  // 5 of 10,000 = exactly 0.05 %: met at the bound; 0.05 % > 0.005 %: not met under the strict reading.
  c = check({{"goods_total", 10000}, {"recovery", {{"lost", 5}}}}, "parcel_loss_rate");
  CHECK(c.status == check_status::met);
  CHECK(*c.value == dec("0.05"));
  CHECK(*c.meets_alt == false);
  // 5 of 100,000 = 0.005 %: met under both readings.
  c = check({{"goods_total", 100000}, {"recovery", {{"lost", 5}}}}, "parcel_loss_rate");
  CHECK(*c.value == dec("0.005"));
  CHECK(c.status == check_status::met);
  CHECK(*c.meets_alt == true);
  // No lost-parcel count: not measured, naming the input.
  c = check({{"goods_total", 100}}, "parcel_loss_rate");
  CHECK(c.status == check_status::not_measured);
  CHECK(c.absent == std::vector<std::string>{"/measures/recovery/lost"});
  CHECK_FALSE(c.value);
}

TEST_CASE("door-to-door on-time rate uses the on-time indicator", "[reference_checks]") {
  // 9,800 of 10,000 = 98 % exactly: met at the bound. 9,799 = 97.99 %: not met.
  CHECK(check({{"orders_total", 10000}, {"orders_on_time", 9800}}, "door_to_door_on_time").status == check_status::met);
  auto c = check({{"orders_total", 10000}, {"orders_on_time", 9799}}, "door_to_door_on_time");
  CHECK(c.status == check_status::not_met);
  CHECK(*c.value == dec("97.99"));
  c = check({{"orders_total", 10000}}, "door_to_door_on_time");
  CHECK(c.status == check_status::not_measured);
  CHECK(c.absent == std::vector<std::string>{"/measures/orders_on_time"});
}

TEST_CASE("complaint handling, service response and consultation response times", "[reference_checks]") {
  // 7,200 h over 100 complaints = 72 h: met at the bound; 7,300 h = 73 h: not met.
  json complaints = {{"total", 100}, {"closure_hours_total", 7200}, {"first_response_hours_total", 2401}};
  CHECK(check({{"complaints", complaints}}, "complaint_handling").status == check_status::met);
  // 2,401 h / 100 = 24.01 h > 24 h: not met.
  auto c = check({{"complaints", complaints}}, "service_response");
  CHECK(c.status == check_status::not_met);
  CHECK(*c.value == dec("24.01"));
  complaints["closure_hours_total"] = 7300;
  c = check({{"complaints", complaints}}, "complaint_handling");
  CHECK(c.status == check_status::not_met);
  CHECK(*c.value == rational(73));
  // No complaints at all: nothing to check.
  c = check({{"complaints", {{"total", 0}, {"closure_hours_total", 0}}}}, "complaint_handling");
  CHECK(c.status == check_status::no_events);
  // Consultation: 2,000 minutes over 100 inquiries = 20 min: met; 2,001 → 20.01 min: not met.
  CHECK(check({{"inquiries_total", 100}, {"first_reply_minutes_total", 2000}}, "consultation_response").status == check_status::met);
  c = check({{"inquiries_total", 100}, {"first_reply_minutes_total", 2001}}, "consultation_response");
  CHECK(c.status == check_status::not_met);
  CHECK(*c.value == dec("20.01"));
  // No inquiries: the indicator is not applicable, and so is the check.
  CHECK(check({{"inquiries_total", 0}, {"first_reply_minutes_total", 0}}, "consultation_response").status ==
        check_status::no_events);
}
