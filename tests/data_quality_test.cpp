// Data quality in points: each finding's measures must be exactly those of the same file with
// the finding's rows deleted (or, for a shared delivery clock, with the deliveries written as
// the end of their day), imported again from scratch; and the report's "without" score must be
// that file's score.
#include "data_quality.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <set>

#include "datetime.h"
#include "evaluate.h"
#include "import.h"
#include "recovery.h"
#include "test_support.h"

using namespace starsheet;

namespace {

const import_rules& rules() { return test::default_import_rules(); }

std::int64_t day_start(int y, int m, int d) { return *days_from_civil(y, m, d) * seconds_per_day; }

std::string stamp(std::int64_t t) { return format_datetime(t); }

// A shipments file of `n` rows (file row = index + 2) with every kind of row: three modes,
// late and on time, damaged and lost with freight, parcels still on their way.
std::vector<std::vector<std::string>> generated(std::size_t n) {
  std::vector<std::vector<std::string>> rows;
  const char* modes[] = {"air", "sea", "land"};
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t shipped = day_start(2026, 10, 1) + static_cast<std::int64_t>(i % 28) * seconds_per_day +
                           static_cast<std::int64_t>(i % 24) * 3600;
    std::int64_t delivered = shipped + static_cast<std::int64_t>(1 + i % 9) * seconds_per_day + (i % 5) * 3600;
    std::int64_t promised = shipped + 6 * seconds_per_day;
    std::string status = i % 17 == 0 ? "damaged" : i % 29 == 0 ? "lost" : i % 13 == 0 ? "in transit" : "delivered";
    bool on_way = status == "in transit" || status == "lost";
    rows.push_back({"S" + std::to_string(i), modes[i % 3], stamp(shipped), on_way ? "" : stamp(delivered), stamp(promised),
                    status, std::to_string(5 + i % 40) + "." + std::to_string(i % 10) + "0"});
  }
  return rows;
}

std::string csv_of(const std::vector<std::vector<std::string>>& rows, const std::set<std::size_t>& drop = {}) {
  std::string out = "order_id,mode,shipped_at,delivered_at,promised_at,status,freight\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (drop.count(i + 2)) continue;
    for (std::size_t c = 0; c < rows[i].size(); ++c) out += (c ? "," : "") + rows[i][c];
    out += "\n";
  }
  return out;
}

import_options options_for(bool period_known) {
  import_options o;
  if (period_known) {
    o.period_start = day_start(2026, 10, 1);
    o.period_end = day_start(2026, 11, 1);
  }
  o.recovery = recovery_targets_of(test::default_pack());
  return o;
}

const quality_finding* find(const record_summary& s, const std::string& id) {
  for (const auto& q : s.quality)
    if (q.id == id) return &q;
  return nullptr;
}

// The finding's measures against the file without `rows`, imported anew.
void check_without(const record_summary& s, const std::string& id, const std::vector<std::vector<std::string>>& data,
                   const std::set<std::size_t>& rows, bool period_known) {
  INFO(id);
  const quality_finding* q = find(s, id);
  REQUIRE(q);
  CHECK(q->rows == rows.size());
  CHECK(q->rescored);
  std::vector<std::size_t> first(rows.begin(), rows.end());
  if (first.size() > rules().quality_rows_listed) first.resize(rules().quality_rows_listed);
  CHECK(q->first_rows == first);
  auto trimmed = test::import_text(csv_of(data, rows), options_for(period_known));
  CHECK(q->measures == trimmed.measures);
  CHECK(q->lists == trimmed.lists);
}

}  // namespace

TEST_CASE("data quality: each finding's measures are the file's without its rows", "[data_quality]") {
  for (bool period_known : {true, false}) {
    INFO("period known: " << period_known);
    auto data = generated(400);
    auto row = [&](std::size_t file_row) -> std::vector<std::string>& { return data[file_row - 2]; };
    std::int64_t oct10 = day_start(2026, 10, 10);
    // Delivered before shipped (on time by its promise: it flatters the rate), two of them.
    for (std::size_t r : {5, 77}) row(r)[3] = stamp(parse_datetime(row(r)[2]).seconds - 3600);
    // Promised before shipped.
    for (std::size_t r : {9, 10, 11}) row(r)[4] = stamp(parse_datetime(row(r)[2]).seconds - 86400);
    // Implausible transit (over 400 days), late.
    row(40)[3] = stamp(oct10 + 500 * seconds_per_day);
    // Far outside the period: shipped a year early (and so an implausible transit too).
    row(60)[2] = stamp(oct10 - 365 * seconds_per_day);
    // Duplicates: rows 100 and 101 repeat the ids of rows 2 and 3; 102 repeats a lost parcel's.
    row(100)[0] = row(2)[0];
    row(101)[0] = row(3)[0];
    row(102)[0] = row(31)[0];
    // An undelivered parcel whose id repeats (its lateness waits for the end when it is unknown).
    row(301)[0] = row(28)[0];
    REQUIRE(row(28)[5] == "in transit");
    REQUIRE(row(301)[3].empty());

    auto s = test::import_text(csv_of(data), options_for(period_known));
    check_without(s, "delivered_before_shipped", data, {5, 77}, period_known);
    check_without(s, "promised_before_shipped", data, {9, 10, 11}, period_known);
    check_without(s, "implausible_transit", data, {40}, period_known);
    if (period_known) check_without(s, "outside_period", data, {40, 60}, period_known);
    else CHECK(!find(s, "outside_period"));  // no period: nothing is outside it
    check_without(s, "duplicate_id", data, {100, 101, 102, 301}, period_known);
    CHECK(!find(s, "delivered_at_midnight"));
    CHECK(!find(s, "delivered_at_eight"));
  }
}

TEST_CASE("data quality: deliveries all at 08:00 are re-read as dates", "[data_quality]") {
  auto data = generated(120);
  std::size_t delivered = 0;
  auto dated = data;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i][3].empty()) continue;
    ++delivered;
    std::string day = data[i][3].substr(0, 10);
    data[i][3] = day + " 08:00:00";
    dated[i][3] = day + " 23:59:59";
  }
  auto s = test::import_text(csv_of(data), options_for(true));
  const quality_finding* q = find(s, "delivered_at_eight");
  REQUIRE(q);
  CHECK(q->rows == delivered);
  CHECK(q->of == delivered);
  CHECK(q->first_rows == std::vector<std::size_t>{2, 3, 4, 5, 6});
  auto as_dates = test::import_text(csv_of(dated), options_for(true));
  CHECK(q->measures == as_dates.measures);
  CHECK(q->lists == as_dates.lists);
  // Read as dates, some on-time parcels are late: the rate falls.
  CHECK(q->measures.at("/measures/orders_on_time") < s.measures.at("/measures/orders_on_time"));

  // Under the share, no finding: 10 of the deliveries moved to 09:30.
  for (std::size_t i = 0, moved = 0; i < data.size() && moved < delivered / 10 + 1; ++i)
    if (!data[i][3].empty()) data[i][3] = data[i][3].substr(0, 10) + " 09:30:00", ++moved;
  auto mixed = test::import_text(csv_of(data), options_for(true));
  CHECK(!find(mixed, "delivered_at_eight"));
}

TEST_CASE("data quality: inquiries replied before asked and repeated", "[data_quality]") {
  std::string head = "inquiry_id,asked_at,first_reply_at,resolved\n";
  std::vector<std::string> rows;
  for (int i = 0; i < 60; ++i) {
    std::int64_t asked = day_start(2026, 10, 1) + i * 3 * 3600;
    rows.push_back("Q" + std::to_string(i) + "," + stamp(asked) + "," + stamp(asked + (10 + i % 50) * 60) + "," +
                   (i % 7 ? "yes" : "no"));
  }
  auto text = [&](const std::set<std::size_t>& drop) {
    std::string out = head;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (!drop.count(i + 2)) out += rows[i] + "\n";
    return out;
  };
  rows[4] = "Q4," + stamp(day_start(2026, 10, 2)) + "," + stamp(day_start(2026, 10, 1)) + ",yes";  // row 6
  rows[30] = "Q1" + rows[30].substr(rows[30].find(','));                                           // row 32
  auto s = test::import_text(text({}), options_for(true), rules(), record_kind::inquiries);
  for (auto [id, row] : {std::pair<std::string, std::size_t>{"reply_before_asked", 6}, {"duplicate_id", 32}}) {
    INFO(id);
    const quality_finding* q = find(s, id);
    REQUIRE(q);
    CHECK(q->rows == 1);
    CHECK(q->first_rows == std::vector<std::size_t>{row});
    auto trimmed = test::import_text(text({row}), options_for(true), rules(), record_kind::inquiries);
    CHECK(q->measures == trimmed.measures);
  }
}

namespace {

// The period and the report's "data_quality" for a file.
nlohmann::json report_of(const std::string& csv, const import_rules& r, lang l = lang::zh) {
  auto period = parse_period(R"({"format": "starsheet-period/1", "provider": "t",
    "period": {"kind": "month", "start": "2026-10-01", "end": "2026-10-31"}, "measures": {}})",
                             test::default_pack());
  REQUIRE(period);
  record_importer imp(record_kind::shipments, r, [&] {
    auto o = options_for(true);
    return o;
  }());
  imp.feed(csv);
  auto summary = imp.finish();
  REQUIRE(summary);
  imported_file f;
  f.name = "shipments.csv";
  f.summary = std::move(*summary);
  auto model = evaluate(std::move(*period), {f}, test::default_pack(), &r);
  REQUIRE(model);
  return nlohmann::json::parse(render_json(*model, l));
}

}  // namespace

TEST_CASE("data quality: the report scores the period with and without the rows", "[data_quality]") {
  // 200 parcels, all delivered: 12 late, 188 on time (94 %: the on-time tier ≥ 92, 3 points),
  // 60 of those on time only because their delivery is written before their shipping. Without
  // them, 128 of 140 (91.4 %: the tier ≥ 90, 1 point): the bad rows flatter the total by 2.
  auto data = generated(200);
  std::set<std::size_t> bad;
  for (std::size_t i = 0; i < data.size(); ++i) {
    auto& r = data[i];
    std::int64_t shipped = parse_datetime(r[2]).seconds, promised = shipped + 10 * seconds_per_day;
    r[4] = stamp(promised);
    r[5] = "delivered";
    if (r[3].empty()) r[3] = stamp(shipped + 2 * seconds_per_day);
    if (i < 12) r[3] = stamp(promised + seconds_per_day);
    if (i >= 100 && i < 160) r[3] = stamp(shipped - 3600), bad.insert(i + 2);
  }
  auto j = report_of(csv_of(data), rules());
  auto without = report_of(csv_of(data, bad), rules());
  REQUIRE(j["data_quality"].size() == 1);
  const auto& q = j["data_quality"][0];
  CHECK(q["finding"] == "delivered_before_shipped");
  CHECK(q["rows"] == 60);
  CHECK(q["total_with"] == j["total"]);
  CHECK(q["total_without"] == without["total"]);
  CHECK(q["stars_without"] == without["stars"]);
  CHECK(q["total_with"].get<double>() > q["total_without"].get<double>());
  CHECK(q["effect"] == "flatters");
  CHECK(q["points"] == 2);
  CHECK(q["text"] == "签收早于出库：60 行（如第 102、103、104、105、106 行）");
  CHECK(q["score_text"] == fmt::format("去掉这些行：{} 分，{}★", without["total"].dump(), without["stars"].dump()));
  CHECK(q["effect_text"] == "这些数据让总分多了 2 分");
  auto en = report_of(csv_of(data), rules(), lang::en);
  CHECK(en["data_quality"][0]["text"] == "delivered before shipped — 60 row(s), first: 102, 103, 104, 105, 106");
  CHECK(en["data_quality"][0]["effect_text"] == "this data adds 2 point(s) the score may not deserve");

  // Duplicates past the rows kept aside are counted, not re-scored.
  import_rules few = rules();
  few.quality_pending_max = 0;
  data[150][0] = data[120][0];
  auto capped = report_of(csv_of(data), few);
  const nlohmann::json* dup = nullptr;
  for (const auto& x : capped["data_quality"])
    if (x["finding"] == "duplicate_id") dup = &x;
  REQUIRE(dup);
  CHECK((*dup)["rows"] == 1);
  CHECK((*dup)["rescored"] == false);
  CHECK(!dup->contains("total_without"));
  CHECK((*dup)["effect"] == "unknown");
  CHECK((*dup)["score_text"] == "未重新计分：重复单号只在前 200,000 个单号、至多 0 个疑似重复行内重新计分");

  // A repeat past the ids the filter takes is counted, not re-scored; one within them is.
  import_rules short_filter = rules();
  short_filter.quality_duplicate_ids = 100;
  for (std::size_t past : {50, 150}) {
    auto again = generated(200);
    again[past][0] = again[10][0];
    auto s = test::import_text(csv_of(again), options_for(true), short_filter);
    const quality_finding* q = find(s, "duplicate_id");
    REQUIRE(q);
    CHECK(q->rows == 1);
    CHECK(q->rescored == (past < 100));
    if (past < 100) CHECK(q->measures == test::import_text(csv_of(again, {past + 2}), options_for(true)).measures);
  }
}
