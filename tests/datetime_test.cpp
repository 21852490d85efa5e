#include "datetime.h"

#include <catch2/catch.hpp>

using namespace starsheet;

namespace {

std::string at(std::string_view text, date_order order = date_order::unknown) {
  datetime_options o;
  o.order = order;
  auto t = parse_datetime(text, o);
  return t ? format_datetime(t.seconds) : "invalid";
}

}  // namespace

TEST_CASE("civil days", "[datetime]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2026, 10, 3) == 20729);
  CHECK(days_from_civil(2024, 2, 29) == 19782);
  CHECK_FALSE(days_from_civil(2026, 2, 29));
  CHECK_FALSE(days_from_civil(2026, 13, 1));
  CHECK(format_datetime(20729 * seconds_per_day + 9 * 3600 + 5 * 60 + 7) == "2026-10-03 09:05:07");
  CHECK(format_datetime(-1) == "1969-12-31 23:59:59");
}

TEST_CASE("year-first dates and times", "[datetime]") {
  CHECK(at("2026-10-03 09:05") == "2026-10-03 09:05:00");
  CHECK(at("2026-10-03 09:05:07") == "2026-10-03 09:05:07");
  CHECK(at("2026/10/3 9:05") == "2026-10-03 09:05:00");
  CHECK(at("2026.10.03") == "2026-10-03 00:00:00");
  CHECK(at("  2026-10-03  ") == "2026-10-03 00:00:00");
  CHECK(at("2026年10月3日") == "2026-10-03 00:00:00");
  CHECK(at("2026年10月3日 14:30") == "2026-10-03 14:30:00");
  CHECK(at("2026-10-03 09:05:07.250") == "2026-10-03 09:05:07");
}

TEST_CASE("date only, midnight and has_time", "[datetime]") {
  auto d = parse_datetime("2026-10-03");
  REQUIRE(d);
  CHECK_FALSE(d.has_time);
  auto m = parse_datetime("2017-10-18 00:00:00");
  REQUIRE(m);
  CHECK(m.has_time);
  CHECK(m.midnight);
  CHECK_FALSE(parse_datetime("2017-10-18 00:00:01").midnight);
}

TEST_CASE("ISO 8601 with T and offsets converts to UTC", "[datetime]") {
  CHECK(at("2026-10-03T09:05:07Z") == "2026-10-03 09:05:07");
  CHECK(at("2026-10-03T09:05:07+08:00") == "2026-10-03 01:05:07");
  CHECK(at("2026-10-03T01:00:00+0800") == "2026-10-02 17:00:00");
  CHECK(at("2026-10-03T22:30-05:00") == "2026-10-04 03:30:00");
  CHECK(at("2026-10-03T09:05:07.5+08") == "2026-10-03 01:05:07");
  CHECK(parse_datetime("2026-10-03T09:05Z").had_offset);
}

TEST_CASE("month-first and day-first dates", "[datetime]") {
  CHECK(at("4/1/2016 21:05") == "2016-04-01 21:05:00");  // DataCo writes M/D/YYYY H:MM
  CHECK(at("10/3/2026 9:05") == "2026-10-03 09:05:00");
  CHECK(at("10/3/2026 9:05", date_order::dmy) == "2026-03-10 09:05:00");
  CHECK(at("13/3/2026") == "2026-03-13 00:00:00");  // reads only day first
  CHECK(at("13/3/2026", date_order::mdy) == "invalid");
  CHECK(parse_datetime("13/3/2026", {date_order::mdy}).problem == date_problem::order_conflict);
  CHECK(at("3/13/2026", date_order::dmy) == "invalid");
  CHECK(at("03.10.2026", date_order::dmy) == "2026-10-03 00:00:00");
  CHECK(at("10/3/2026 9:05 PM") == "2026-10-03 21:05:00");
  CHECK(at("10/3/2026 12:00 AM") == "2026-10-03 00:00:00");
  CHECK(at("10/3/2026 12:30 pm") == "2026-10-03 12:30:00");
}

TEST_CASE("evidence of the day/month order", "[datetime]") {
  CHECK(date_order_evidence("4/13/2016 21:05") == order_evidence::month_first);
  CHECK(date_order_evidence("13/4/2016") == order_evidence::day_first);
  CHECK(date_order_evidence("4/1/2016") == order_evidence::ambiguous);
  CHECK(date_order_evidence("2016-04-13") == order_evidence::none);
  CHECK(date_order_evidence("") == order_evidence::none);
}

TEST_CASE("Excel serial day numbers", "[datetime]") {
  CHECK(at("46298") == "2026-10-03 00:00:00");
  CHECK(at("46298.375") == "2026-10-03 09:00:00");
  CHECK(at("46298.3784722222") == "2026-10-03 09:05:00");
  CHECK(at("45") == "invalid");  // outside the plausible range
  datetime_options no_serial;
  no_serial.excel_serial = false;
  CHECK_FALSE(parse_datetime("46298", no_serial));
}

TEST_CASE("what is not a date says why", "[datetime]") {
  CHECK(parse_datetime("").problem == date_problem::empty);
  CHECK(parse_datetime("   ").problem == date_problem::empty);
  CHECK(parse_datetime("yesterday").problem == date_problem::not_a_date);
  CHECK(parse_datetime("2026-02-30").problem == date_problem::no_such_date);
  CHECK(parse_datetime("2026-10-03 25:00").problem == date_problem::bad_time);
  CHECK(parse_datetime("2026-10-03 09:61").problem == date_problem::bad_time);
  CHECK(parse_datetime("2026-10-03 09:05 later").problem == date_problem::not_a_date);
  CHECK(parse_datetime("2026-10").problem == date_problem::not_a_date);
  CHECK(parse_datetime("1.2.3").problem == date_problem::not_a_date);
  CHECK(at("2026-10-03 24:00") == "2026-10-04 00:00:00");
}
