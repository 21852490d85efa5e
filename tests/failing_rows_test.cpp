#include "failing_rows.h"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "datetime.h"
#include "default_import_rules.h"
#include "failing_report.h"
#include "import.h"
#include "templates.h"
#include "test_support.h"

using namespace starsheet;

namespace {

const import_rules& rules() { return test::default_import_rules(); }
using test::import_text;

const std::string fixture = STARSHEET_SOURCE_DIR "/tests/fixtures/records/drilldown-shipments.csv";

std::int64_t end_of(int y, int m, int d) { return (*days_from_civil(y, m, d) + 1) * seconds_per_day; }

imported_file file_of(record_summary s) {
  imported_file f;
  f.name = "shipments.csv";
  f.summary = std::move(s);
  return f;
}

}  // namespace

TEST_CASE("failing rows: exactly the late and damaged rows of the fixture, with their cells", "[failing_rows]") {
  std::string text = test::read_file(fixture);
  // Count by hand: 5 delivered, 6 promised ("YYYY-MM-DD HH:MM": text order is time order), 7 status.
  std::set<std::size_t> late, damaged;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  for (std::size_t row = 2; std::getline(lines, line); ++row) {
    std::vector<std::string> c;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) c.push_back(cell);
    if (c[5] > c[6]) late.insert(row);
    if (c[7] == "破损") damaged.insert(row);
  }
  REQUIRE(late.size() == 34);
  REQUIRE(damaged.size() == 5);

  import_options o;
  o.period_end = end_of(2026, 10, 31);
  auto s = import_text(text, o);
  std::set<std::size_t> all(late);
  all.insert(damaged.begin(), damaged.end());
  CHECK(s.failing.total == all.size());
  CHECK(s.failing.complete);
  REQUIRE(s.failing.rows.size() == all.size());
  for (const auto& r : s.failing.rows) {
    CAPTURE(r.row);
    CHECK(static_cast<bool>(r.reasons & failure_late) == (late.count(r.row) == 1));
    CHECK(static_cast<bool>(r.reasons & failure_damaged) == (damaged.count(r.row) == 1));
    CHECK(r.cells.size() == 9);
  }
  // Row 3 is the first late one: its cells as written, shipped on Tuesday 2026-10-20 (week 43).
  const failing_row& first = s.failing.rows.front();
  CHECK(first.row == 3);
  CHECK(first.cells[0] == "YW00002");
  CHECK(first.cells[6] == "2026-10-28 23:59");
  CHECK(first.weekday == "2");
  CHECK(first.iso_week == "2026-W43");

  auto f = file_of(std::move(s));
  auto table = failing_table(f, rules(), lang::zh);
  REQUIRE(table.rows.size() == 1 + all.size());
  CHECK(table.rows[0][0].text == "行号");
  CHECK(table.rows[0][1].text == "未达标原因");
  CHECK(table.rows[0][2].text == "运单号");
  CHECK(table.rows[1][0].text == "3");
  CHECK(table.rows[1][1].text == "晚于承诺时效");
  std::string csv = template_csv(failing_table(f, rules(), lang::en));
  CHECK(csv.rfind("\xEF\xBB\xBFRow,Why it failed,", 0) == 0);
  CHECK(csv.find("\r\n3,late,YW00002,") != std::string::npos);

  // Filters: by reason, by a column's value, by the weekday of shipping.
  failing_filter only_damaged;
  only_damaged.reasons = failure_damaged;
  CHECK(failing_table(f, rules(), lang::zh, only_damaged).rows.size() == 1 + damaged.size());
  auto j = failing_json(f, rules(), lang::zh, only_damaged);
  CHECK(j["matched"] == damaged.size());
  CHECK(j["total"] == all.size());
  for (const auto& r : j["rows"]) CHECK(r["reasons"].back() == "damaged");  // late first when both
  REQUIRE(j["by_reason"].size() == 2);
  CHECK(j["by_reason"][0]["id"] == "late");
  CHECK(j["by_reason"][0]["rows"] == late.size());
  CHECK(j["by_reason"][1]["label"] == "货物不完好（破损、错发、短少等）");
  CHECK(j["note"] == "共 " + std::to_string(all.size()) + " 行未达标，全部列出。");
  failing_filter channel;
  channel.column = 1;
  channel.value = "燕文经济";
  std::size_t yw = 0;
  for (const auto& r : f.summary.failing.rows) yw += r.cells[1] == "燕文经济";
  CHECK(yw > 0);
  CHECK(failing_json(f, rules(), lang::zh, channel)["matched"] == yw);
  failing_filter tuesday;
  tuesday.derived = "weekday";
  tuesday.value = "2";
  CHECK(failing_json(f, rules(), lang::zh, tuesday)["matched"] >= 1);
}

TEST_CASE("failing rows: undelivered orders are late only once their promise passed the period end", "[failing_rows]") {
  std::string text =
      "order_id,shipped_at,delivered_at,promised_at\n"
      "A1,2026-10-01 10:00,,2026-10-05 23:59\n"   // promise passed, not delivered: late
      "A2,2026-10-28 10:00,,2026-11-05 23:59\n"   // promise after the period end: pending, no failure
      "A3,2026-10-01 10:00,2026-10-03 10:00,2026-10-05 23:59\n"
      "A4,2026-10-02 10:00,2026-10-09 10:00,2026-10-05 23:59\n";  // delivered late
  for (bool end_known : {true, false}) {
    CAPTURE(end_known);
    import_options o;
    if (end_known) o.period_end = end_of(2026, 10, 31);
    auto s = import_text(text, o);
    REQUIRE(s.failing.rows.size() == 2);
    CHECK(s.failing.total == 2);
    CHECK(s.failing.rows[0].row == 2);
    CHECK(s.failing.rows[0].reasons == failure_late_undelivered);
    CHECK(s.failing.rows[1].row == 5);
    CHECK(s.failing.rows[1].reasons == failure_late);
  }
}

TEST_CASE("failing rows: the bound keeps the first rows and counts the rest", "[failing_rows]") {
  import_rules small = rules();
  small.failing_rows_max = 3;
  std::string text = "order_id,shipped_at,delivered_at,promised_at\n";
  for (int i = 0; i < 10; ++i) text += "B" + std::to_string(i) + ",2026-10-01 10:00,2026-10-09 10:00,2026-10-05 23:59\n";
  auto s = import_text(text, {}, small);
  CHECK(s.failing.total == 10);
  CHECK_FALSE(s.failing.complete);
  REQUIRE(s.failing.rows.size() == 3);
  CHECK(s.failing.rows[2].row == 4);
  auto f = file_of(std::move(s));
  CHECK(failing_json(f, small, lang::en)["note"] == "10 failing rows; the first 3 are listed (the list keeps at most 3).");

  // The byte bound: each cell cut at failing_cell_max bytes (never inside a character), and rows
  // past failing_bytes_max bytes in all not kept.
  import_rules tight = rules();
  tight.failing_cell_max = 4;
  tight.failing_bytes_max = 300;
  std::string wide = "order_id,shipped_at,delivered_at,promised_at,备注\n";
  for (int i = 0; i < 5; ++i) wide += "C" + std::to_string(i) + ",2026-10-01 10:00,2026-10-09 10:00,2026-10-05 23:59,迟到了\n";
  auto w = import_text(wide, {}, tight);
  CHECK(w.failing.total == 5);
  CHECK_FALSE(w.failing.complete);
  REQUIRE(!w.failing.rows.empty());
  CHECK(w.failing.rows[0].cells[1] == "2026");
  CHECK(w.failing.rows[0].cells[4] == "迟");  // 3 bytes: a second character would pass 4
  CHECK(w.failing.rows.size() == 300 / (2 + 4 + 4 + 4 + 3 + 5 * 16));  // each cell counts 16 more

  // A thousand empty cells a row are not free: the bound holds the rows' memory, not their text.
  std::string empty_wide = "order_id,shipped_at,delivered_at,promised_at" + std::string(996, ',') + "\n";
  for (int i = 0; i < 100; ++i)
    empty_wide += "D" + std::to_string(i) + ",2026-10-01 10:00,2026-10-09 10:00,2026-10-05 23:59" + std::string(996, ',') + "\n";
  import_rules mem = rules();
  mem.failing_bytes_max = 1 << 20;
  auto e = import_text(empty_wide, {}, mem);
  CHECK(e.failing.total == 100);
  CHECK(e.failing.rows.size() == (1u << 20) / (1000 * 16 + 2 + 16 + 16 + 16));
}

TEST_CASE("failing rows: unresolved inquiries, and reasons parsed from their ids", "[failing_rows]") {
  std::string text =
      "inquiry_id,asked_at,replied_at,resolved\n"
      "Q1,2026-10-01 10:00,2026-10-01 11:00,yes\n"
      "Q2,2026-10-01 10:00,2026-10-01 12:00,no\n";
  auto s = import_text(text, {}, rules(), record_kind::inquiries);
  REQUIRE(s.failing.rows.size() == 1);
  CHECK(s.failing.rows[0].row == 3);
  CHECK(s.failing.rows[0].reasons == failure_unresolved);
  CHECK(s.failing.rows[0].weekday.empty());
  CHECK(failing_reason_text(failure_late | failure_damaged, {}, rules(), lang::zh) == "晚于承诺时效；货物不完好（破损、错发、短少等）");
  CHECK(failing_reasons_from("") == failure_reasons_all);
  CHECK(failing_reasons_from("late,lost") == (failure_late | failure_lost));
  CHECK_FALSE(failing_reasons_from("late,slow"));
}

TEST_CASE("failing rows: exceptions and first replies slower than the full-points limit", "[failing_rows]") {
  // The default pack: exception handling ≤ 12 h and first reply ≤ 15 min earn full points.
  slow_limits limits = slow_limits_of(test::default_pack(), rules());
  REQUIRE(limits.exception_seconds == 12 * 3600);
  REQUIRE(limits.reply_seconds == 15 * 60);
  import_options o;
  o.slow = limits;

  // At the limit a row is not slow; one second over, it is.
  std::string shipments =
      "order_id,shipped_at,delivered_at,promised_at,exception_opened_at,exception_closed_at\n"
      "E1,2026-10-01 10:00,2026-10-03 10:00,2026-10-05 23:59,2026-10-02 08:00:00,2026-10-02 20:00:00\n"
      "E2,2026-10-01 10:00,2026-10-03 10:00,2026-10-05 23:59,2026-10-02 08:00:00,2026-10-02 20:00:01\n"
      "E3,2026-10-01 10:00,2026-10-09 10:00,2026-10-05 23:59,2026-10-02 08:00:00,2026-10-04 08:00:00\n"
      "E4,2026-10-01 10:00,2026-10-03 10:00,2026-10-05 23:59,,\n";
  auto s = import_text(shipments, o);
  REQUIRE(s.failing.rows.size() == 2);
  CHECK(s.failing.total == 2);
  CHECK(s.failing.rows[0].row == 3);
  CHECK(s.failing.rows[0].reasons == failure_slow_exception);
  CHECK(s.failing.rows[1].row == 4);
  CHECK(s.failing.rows[1].reasons == (failure_late | failure_slow_exception));
  CHECK(s.failing.slow.exception_seconds == 43200);
  // Unjudged without limits: the same file lists only the late row.
  auto unjudged = import_text(shipments);
  REQUIRE(unjudged.failing.rows.size() == 1);
  CHECK(unjudged.failing.rows[0].reasons == failure_late);

  std::string inquiries =
      "inquiry_id,asked_at,replied_at,resolved\n"
      "Q1,2026-10-01 10:00:00,2026-10-01 10:15:00,yes\n"
      "Q2,2026-10-01 10:00:00,2026-10-01 10:15:01,yes\n"
      "Q3,2026-10-01 10:00:00,2026-10-01 12:00:00,no\n";
  auto q = import_text(inquiries, o, rules(), record_kind::inquiries);
  REQUIRE(q.failing.rows.size() == 2);
  CHECK(q.failing.rows[0].row == 3);
  CHECK(q.failing.rows[0].reasons == failure_slow_reply);
  CHECK(q.failing.rows[1].reasons == (failure_unresolved | failure_slow_reply));

  // The reasons name the limit, and filter by their ids.
  CHECK(failing_reason_text(failure_late | failure_slow_exception, limits, rules(), lang::zh) ==
        "晚于承诺时效；异常处理超过 12 小时（满分时限）");
  CHECK(failing_reason_text(failure_slow_reply, limits, rules(), lang::en) ==
        "first reply after over 15 min (the full-points limit)");
  CHECK(failing_reasons_from("slow_exception,slow_reply") == (failure_slow_exception | failure_slow_reply));
  imported_file f = file_of(std::move(s));
  failing_filter slow_only;
  slow_only.reasons = failure_slow_exception;
  auto j = failing_json(f, rules(), lang::en, slow_only);
  CHECK(j["matched"] == 2);
  CHECK(j["rows"][1]["reasons"] == nlohmann::ordered_json::array({"late", "slow_exception"}));
  CHECK(j["by_reason"][1]["label"] == "exception handled in over 12 h (the full-points limit)");
  CHECK(j["by_reason"][1]["rows"] == 2);

  // A pack whose limit is not a whole number of seconds: the longest whole second inside it.
  rule_pack pack = test::default_pack();
  for (auto& ind : pack.indicators)
    if (ind.id == "response_minutes") ind.tiers.front() = tier{tier_op::lt, *rational::from_decimal("15.5"), ind.tiers.front().half_points};
  CHECK(slow_limits_of(pack, rules()).reply_seconds == 15 * 60 + 29);
  // A pack whose top tier is a floor has no "too slow" (and the search for one must not run away).
  for (auto& ind : pack.indicators)
    if (ind.id == "response_minutes") ind.tiers.front().op = tier_op::ge;
  CHECK_FALSE(slow_limits_of(pack, rules()).reply_seconds);
}

TEST_CASE("failing rows: transits over their mode's full-points line, from the period's industry averages", "[failing_rows]") {
  // The default pack's top tier is a ratio < 0.95 to the industry average: land (4 days) < 3.8
  // days, air (1.5 days) < 1.425 days; sea has no average in this period and is not judged.
  auto period = parse_period(R"({"format":"starsheet-period/1","measures":{},"benchmarks":{"transit_days":{"land":4,"air":1.5}}})",
                             test::default_pack());
  REQUIRE(period);
  slow_limits limits = slow_limits_of(test::default_pack(), rules(), &*period);
  CHECK(limits.transit_seconds[0] == 328319);   // 3.8 × 86,400 = 328,320 is not inside "< 0.95"
  CHECK(limits.transit_micro[0] == 3799999);
  CHECK_FALSE(limits.transit_seconds[1]);        // sea: no average
  CHECK(limits.transit_seconds[2] == 123119);   // 1.425 × 86,400 = 123,120
  CHECK(limits.transit_micro[2] == 1424999);
  CHECK(limits.transit_benchmark[2] == *rational::from_decimal("1.5"));
  CHECK(limits.exception_seconds == 12 * 3600);  // the others as without a period
  CHECK_FALSE(slow_limits_of(test::default_pack(), rules()).transit_seconds[0]);

  import_options o;
  o.slow = limits;
  // From times: just inside the line a transit is not slow; at the line it is.
  std::string timed =
      "order_id,mode,shipped_at,delivered_at\n"
      "T1,land,2026-10-01 00:00:00,2026-10-04 19:11:59\n"   // 328,319 s
      "T2,land,2026-10-01 00:00:00,2026-10-04 19:12:00\n"   // 328,320 s: 3.8 days
      "T3,air,2026-10-01 00:00:00,2026-10-02 10:11:59\n"    // 123,119 s
      "T4,air,2026-10-01 00:00:00,2026-10-02 10:12:00\n"    // 1.425 days
      "T5,sea,2026-10-01 00:00:00,2026-11-20 00:00:00\n";   // no average: not judged
  auto s = import_text(timed, o);
  REQUIRE(s.failing.rows.size() == 2);
  CHECK(s.failing.rows[0].row == 3);
  CHECK(s.failing.rows[0].reasons == failure_slow_transit);
  CHECK(s.failing.rows[0].transit_mode == 0);  // land
  CHECK(s.failing.rows[1].row == 5);
  CHECK(s.failing.rows[1].transit_mode == 2);  // air
  CHECK(s.transit_per_day == 86400);
  // From a transit-days column: the same line in millionths of a day.
  std::string counted =
      "order_id,mode,transit_days\n"
      "D1,land,3.799999\n"
      "D2,land,3.8\n"
      "D3,air,1.424999\n"
      "D4,air,1.425\n";
  auto d = import_text(counted, o);
  REQUIRE(d.failing.rows.size() == 2);
  CHECK(d.failing.rows[0].row == 3);
  CHECK(d.failing.rows[1].row == 5);
  CHECK(d.failing.rows[1].transit_mode == 2);
  CHECK(d.transit_per_day == 1000000);

  // The reason names each judged mode's line.
  CHECK(failing_reason_text(failure_slow_transit, limits, rules(), lang::zh) == "运输未在满分时限内（陆运 <3.8 天；空运 <1.425 天）");
  CHECK(failing_reason_text(failure_slow_transit, limits, rules(), lang::en) ==
        "in transit beyond the full-points limit (land <3.8 days; air <1.425 days)");
  // A row's reason names its own mode's line; a mode with no line of its own falls back to all.
  CHECK(failing_reason_text(failure_slow_transit, limits, rules(), lang::zh, 0) == "运输未在满分时限内（陆运 <3.8 天）");
  CHECK(failing_reason_text(failure_late | failure_slow_transit, limits, rules(), lang::en, 2) ==
        "late; in transit beyond the full-points limit (air <1.425 days)");
  CHECK(failing_reason_text(failure_slow_transit, limits, rules(), lang::en, 1) ==
        "in transit beyond the full-points limit (land <3.8 days; air <1.425 days)");
  auto rows = failing_json(file_of(s), rules(), lang::en)["rows"];
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["reason"] == "in transit beyond the full-points limit (land <3.8 days)");
  CHECK(rows[1]["reason"] == "in transit beyond the full-points limit (air <1.425 days)");
  CHECK(failing_reasons_from("slow_transit") == failure_slow_transit);
}
