#include "import.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "default_import_rules.h"
#include "evaluate.h"
#include "import_report.h"
#include "import_rules.h"
#include "json_text.h"
#include "recovery.h"
#include "test_support.h"

using namespace starsheet;

namespace {

const import_rules& rules() {
  static const import_rules r = *load_import_rules(default_import_rules_json());
  return r;
}

std::string slurp(const std::string& path) { return starsheet::test::read_file(path); }

const std::string real = STARSHEET_REAL_DATA "/";
const std::string fixtures = STARSHEET_SOURCE_DIR "/tests/fixtures/records/";

record_summary import_text(const std::string& text, record_kind kind = record_kind::shipments, import_options o = {},
                           std::size_t chunk = 0, const import_rules& r = rules()) {
  record_importer imp(kind, r, std::move(o));
  if (chunk == 0) chunk = text.size() + 1;
  for (std::size_t i = 0; i < text.size(); i += chunk) imp.feed(std::string_view(text).substr(i, chunk));
  auto s = imp.finish();
  if (!s) FAIL(s.error().where << ": " << s.error().message);
  return std::move(*s);
}

input_error import_error(const std::string& text, import_options o = {}) {
  record_importer imp(record_kind::shipments, rules(), std::move(o));
  imp.feed(text);
  auto s = imp.finish();
  REQUIRE_FALSE(s);
  return s.error();
}

rational m(const record_summary& s, const std::string& name) {
  auto it = s.measures.find("/measures/" + name);
  if (it == s.measures.end()) FAIL("no measure " << name);
  return it->second;
}

std::size_t column_of(const record_summary& s, const std::string& field) {
  auto it = s.mapping.columns.find(field);
  return it == s.mapping.columns.end() ? 0 : it->second.column + 1;
}

mapping_override mapping_from(const std::string& json) {
  auto m = parse_mapping(json, rules());
  if (!m) FAIL(m.error().where << ": " << m.error().message);
  return *m;
}

std::int64_t end_of(int y, int mo, int d) { return (*days_from_civil(y, mo, d) + 1) * seconds_per_day; }

// Options that derive the service-recovery measures with the built-in pack's delay bands.
import_options with_recovery(std::optional<std::int64_t> period_end = std::nullopt) {
  import_options o;
  o.recovery = recovery_targets_of(starsheet::test::default_pack());
  o.period_end = period_end;
  return o;
}

const std::vector<rational>& list(const record_summary& s, const std::string& name) {
  auto it = s.lists.find("/measures/" + name);
  if (it == s.lists.end()) FAIL("no list " << name);
  return it->second;
}

rational dec(const char* text) { return *rational::from_decimal(text); }

}  // namespace

TEST_CASE("the built-in import rules load", "[import]") {
  auto r = load_import_rules(default_import_rules_json());
  REQUIRE(r);
  CHECK(r->id == "records-zh-en");
  CHECK(r->sample_rows == 1000);
  CHECK(r->suspicious_transit_days == 120);
  CHECK(r->values.at("mode").at("陆运") == "land");
  CHECK(r->values.at("mode").at("flight") == "air");
  CHECK(r->values.at("goods_status").at("少货") == "short");
  CHECK(r->values.at("flag").at("否") == "no");
  CHECK(r->shipments.fields.size() == 14);
  CHECK(r->shipments.fields.back().id == "freight");
  CHECK(r->inquiries.fields.size() == 4);
}

TEST_CASE("import rules are validated", "[import]") {
  auto doc = nlohmann::json::parse(std::string(default_import_rules_json()));
  auto error_of = [](const nlohmann::json& d) {
    auto r = load_import_rules(d.dump());
    REQUIRE_FALSE(r);
    return r.error().where + ": " + r.error().message;
  };
  auto dup = doc;
  dup["kinds"]["shipments"]["fields"][1]["headers"].push_back("Order-ID");
  std::size_t at = dup["kinds"]["shipments"]["fields"][1]["headers"].size() - 1;
  CHECK(error_of(dup) == "/kinds/shipments/fields/1/headers/" + std::to_string(at) +
                             ": header \"Order-ID\" already belongs to field order_id");
  auto order = doc;
  std::swap(order["kinds"]["shipments"]["fields"][0], order["kinds"]["shipments"]["fields"][1]);
  CHECK(error_of(order) == "/kinds/shipments/fields/0/id: expected field \"order_id\" here, got \"mode\"");
  auto value = doc;
  value["values"]["mode"]["sea"].push_back("公路");
  CHECK(error_of(value) == "/values/mode/sea/8: \"公路\" already means land");
  auto msg = doc;
  msg["messages"].erase("why_ragged");
  CHECK(error_of(msg) == "/messages/why_ragged: required message is missing");
  // Messages the report reads while it draws (the slow rows, the averages' drill-down, data
  // quality): a pack without them is refused when it loads, not when a finding needs it.
  for (const char* key : {"failing_slow_reply", "drill_next_tier_mean", "drill_hours", "heading_quality", "quality_flatters",
                          "flag_promised_before_shipped"}) {
    auto without = doc;
    without["messages"].erase(key);
    CHECK(error_of(without) == std::string("/messages/") + key + ": required message is missing");
  }
  auto param = doc;
  param["parameters"]["sample_rows"] = 0;
  CHECK(error_of(param) == "/parameters/sample_rows: expected a whole number ≥ 1, got 0");
}

TEST_CASE("header keys are normalized", "[import]") {
  CHECK(normalize_key("Order_ID") == "orderid");
  CHECK(normalize_key(" Days for shipping (real) ") == "daysforshippingreal");
  CHECK(normalize_key("Reached.on.Time_Y.N") == "reachedontimeyn");
  CHECK(normalize_key("运单号（系统）") == "运单号系统");
  CHECK(normalize_key("\xEF\xBB\xBFID") == "id");
}

TEST_CASE("Chinese and English headers are proposed", "[import]") {
  std::vector<std::string_view> cn = {"运单号", "运输方式", "发货时间", "签收时间", "预计送达时间", "状态", "异常发现时间", "异常解决时间", "备注"};
  auto m = propose_mapping(record_kind::shipments, cn, rules());
  CHECK(m.columns.at("order_id").column == 0);
  CHECK(m.columns.at("shipped_at").column == 2);
  CHECK(m.columns.at("promised_at").column == 4);
  CHECK(m.columns.at("status").column == 5);
  CHECK(m.columns.at("exception_closed_at").column == 7);
  CHECK(m.columns.size() == 8);
  std::vector<std::string_view> en = {"Tracking Number", "Transport Mode", "Ship Date", "Delivered At", "Due Date", "Goods Status"};
  auto e = propose_mapping(record_kind::shipments, en, rules());
  CHECK(e.columns.size() == 6);
  std::vector<std::string_view> inq = {"咨询时间", "首次回复时间", "是否解决", "工单号"};
  auto q = propose_mapping(record_kind::inquiries, inq, rules());
  CHECK(q.columns.at("inquiry_id").column == 3);
  CHECK(q.columns.at("resolved").column == 2);
}

TEST_CASE("mapping files override the proposal and round-trip", "[import]") {
  std::string text = "单号,方式,到达,约定\nA1,陆运,2026-10-03 10:00,2026-10-03\n";
  auto user = mapping_from(R"({"format":"starsheet-mapping/1","kind":"shipments",
      "columns":{"delivered_at":"到达","promised_at":4,"mode":"方式"},"date_order":"dmy"})");
  import_options o;
  o.mapping = user;
  auto s = import_text(text, record_kind::shipments, o);
  CHECK(column_of(s, "order_id") == 1);
  CHECK(column_of(s, "delivered_at") == 3);
  CHECK(column_of(s, "promised_at") == 4);
  CHECK(s.mapping.columns.at("promised_at").by_user);
  CHECK(m(s, "orders_on_time") == rational(1));
  CHECK(s.order == date_order::dmy);
  std::string saved = mapping_json(s.mapping);
  CHECK(saved.find("\"delivered_at\": \"到达\"") != std::string::npos);
  auto again = parse_mapping(saved, rules());
  REQUIRE(again);
  CHECK(again->columns.at("promised_at").header == "约定");

  o.mapping = mapping_from(R"({"format":"starsheet-mapping/1","columns":{"delivered_at":"签收"}})");
  auto e = import_error(text, o);
  CHECK(e.where == "row 1");
  CHECK(e.message == "the mapping sets delivered_at to column \"签收\", which the header does not have (it has: 单号, 方式, 到达, 约定)");
  auto bad = parse_mapping(R"({"format":"starsheet-mapping/1","columns":{"arrived":"x"}})", rules());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "/columns/arrived");
  auto bad_value = parse_mapping(R"({"format":"starsheet-mapping/1","values":{"mode":{"Truck":"road"}}})", rules());
  REQUIRE_FALSE(bad_value);
  CHECK(bad_value.error().message == "expected one of: land, sea, air; got \"road\"");
}

TEST_CASE("a file without a recognizable header stops with row 1", "[import]") {
  auto e = import_error("a,b,c\n1,2,3\n");
  CHECK(e.where == "row 1");
  CHECK(e.message.find("no column is recognized as a shipments field") == 0);
  CHECK(import_error("").message == "the file is empty: expected a header row");
  CHECK(import_error("\n\n").where == "row 1");
}

// The numbers below come from tests/fixtures/records/real_expected.py (Python's csv module,
// run on the same files): DataCo 5739 orders / 2374 on time / 261 cancelled / 251 duplicate
// order ids / 20190 transit days; e-commerce 10999 / 4436 and per mode; Olist 4051 / 3691 with
// 87 undelivered late orders, and 4045 / 3691 / 81 late / 6 left out with the period ending
// 2018-06-30; Olist transit 3964 shipments, 3132925681/86400 days, one over 120 days.
TEST_CASE("real export: DataCo supply chain", "[import]") {
  std::string text = slurp(real + "dataco_supply_chain_sample.csv");
  for (std::size_t chunk : {std::size_t{0}, std::size_t{65536}, std::size_t{4099}}) {
    auto s = import_text(text, record_kind::shipments, {}, chunk);
    INFO("chunk " << chunk);
    CHECK(column_of(s, "order_id") == 30);  // "Order Id"
    CHECK(column_of(s, "mode") == 53);      // "Shipping Mode"
    CHECK(column_of(s, "transit_days") == 2);
    CHECK(column_of(s, "promised_days") == 3);
    CHECK(column_of(s, "order_status") == 6);  // "Delivery Status": "Shipping canceled"
    CHECK(s.rows_read == 6000);
    CHECK(s.rows_cancelled == 261);
    CHECK(m(s, "orders_total") == rational(5739));
    CHECK(m(s, "orders_on_time") == rational(2374));
    CHECK(s.flag_counts.at("flag_duplicate_id") == 251);
    // Its modes are service levels (Standard Class …), not land/sea/air: listed, not guessed.
    CHECK(s.problems_total == 5739);
    CHECK(s.problems.size() == 100);
    CHECK(s.problems[0].row == 2);
    CHECK(s.problems[0].header == "Shipping Mode");
    CHECK(s.unknown_values.size() == 4);
    CHECK(s.measures.count("/measures/transit/land/shipments") == 0);
  }
  // One flag (--map) names the service levels.
  import_options o;
  o.mapping = *parse_mapping(slurp(fixtures + "dataco.map.json"), rules());
  auto s = import_text(text, record_kind::shipments, o);
  CHECK(s.problems_total == 0);
  CHECK(m(s, "transit/land/shipments") == rational(5739));
  CHECK(m(s, "transit/land/days_total") == rational(20190));
}

TEST_CASE("real export: e-commerce shipping (BOM, CRLF, late flag)", "[import]") {
  std::string text = slurp(real + "ecommerce_shipping_train.csv");
  auto s = import_text(text, record_kind::shipments, {}, 8191);
  CHECK(s.csv.bom);
  CHECK(s.csv.crlf);
  CHECK(column_of(s, "order_id") == 1);
  CHECK(s.mapping.columns.at("order_id").header == "ID");
  CHECK(column_of(s, "mode") == 3);       // Flight / Ship / Road
  CHECK(column_of(s, "late_flag") == 12);  // Reached.on.Time_Y.N: 1 means late
  CHECK(s.rows_read == 10999);
  CHECK(m(s, "orders_total") == rational(10999));
  CHECK(m(s, "orders_on_time") == rational(4436));
  CHECK(s.by_mode.at("air").orders == 1777);
  CHECK(s.by_mode.at("air").on_time == 708);
  CHECK(s.by_mode.at("sea").orders == 7462);
  CHECK(s.by_mode.at("sea").on_time == 3003);
  CHECK(s.by_mode.at("land").orders == 1760);
  CHECK(s.by_mode.at("land").on_time == 725);
  CHECK(s.problems_total == 0);
  CHECK(s.flag_counts.empty());
}

TEST_CASE("real export: Olist orders (dates, undelivered orders)", "[import]") {
  std::string text = slurp(real + "olist_orders_sample.csv");
  auto s = import_text(text, record_kind::shipments, {}, 65536);
  CHECK(column_of(s, "order_id") == 1);
  CHECK(column_of(s, "shipped_at") == 6);    // order_delivered_carrier_date
  CHECK(column_of(s, "delivered_at") == 7);  // order_delivered_customer_date
  CHECK(column_of(s, "promised_at") == 8);   // order_estimated_delivery_date, all 00:00:00
  CHECK(column_of(s, "order_status") == 3);
  CHECK(s.end_of_day_fields == std::vector<std::string>{"promised_at"});
  CHECK(s.as_of_how == "data");
  CHECK(format_datetime(*s.as_of) == "2018-09-02 00:00:00");
  CHECK(s.rows_cancelled == 20);
  CHECK(m(s, "orders_total") == rational(4051));
  CHECK(m(s, "orders_on_time") == rational(3691));
  CHECK(s.counts.at("count_undelivered_late") == 87);
  CHECK(s.counts.at("count_transit_no_mode") == 3964);
  CHECK(s.problems_total == 0);

  import_options june;
  june.period_end = end_of(2018, 6, 30);
  auto j = import_text(text, record_kind::shipments, june);
  CHECK(m(j, "orders_total") == rational(4045));
  CHECK(m(j, "orders_on_time") == rational(3691));
  CHECK(j.counts.at("count_undelivered_late") == 81);
  CHECK(j.counts.at("count_undelivered_pending") == 6);

  import_options land;
  land.mapping = *parse_mapping(slurp(fixtures + "olist.map.json"), rules());
  auto l = import_text(text, record_kind::shipments, land);
  CHECK(m(l, "transit/land/shipments") == rational(3964));
  CHECK(m(l, "transit/land/days_total") == rational(3132925681) / rational(86400));
  CHECK(l.flag_counts.at("flag_long_transit") == 1);
}

// Hand-checked in tests/fixtures/records/cn-shipments.utf8.csv (comments in the generator):
// 9 orders in the rate (SF1007 is promised after the period), 5 on time; land 3 shipments
// 151/24 days, air 2 / 2, sea 2 / 38.5; 8 readable statuses, 4 intact; 2 exceptions, 30.5 h.
TEST_CASE("a Chinese export with Excel serial dates", "[import]") {
  std::string text = slurp(fixtures + "cn-shipments.utf8.csv");
  import_options o;
  o.period_end = end_of(2026, 10, 31);
  auto s = import_text(text, record_kind::shipments, o);
  CHECK(m(s, "orders_total") == rational(9));
  CHECK(m(s, "orders_on_time") == rational(5));
  CHECK(m(s, "transit/land/shipments") == rational(3));
  CHECK(m(s, "transit/land/days_total") == rational(151) / rational(24));
  // SF1005 is lost: never delivered, whatever its delivery column says (the TMS status table),
  // so it has no transit time and is late as an undelivered order whose promise passed.
  CHECK(m(s, "transit/air/days_total") == rational(1));
  CHECK(m(s, "transit/sea/days_total") == rational(77) / rational(2));
  CHECK(m(s, "goods_total") == rational(8));
  CHECK(m(s, "goods_intact") == rational(4));
  CHECK(m(s, "exception_cases") == rational(2));
  CHECK(m(s, "exception_hours_total") == rational(61) / rational(2));
  CHECK(s.counts.at("count_undelivered_late") == 2);
  CHECK(s.counts.at("count_undelivered_pending") == 1);
  REQUIRE(s.problems.size() == 1);
  CHECK(s.problems[0].row == 9);
  CHECK(s.problems[0].column == 3);
  CHECK(s.problems[0].header == "出库时间");
  CHECK(s.problems[0].text == "待定");
  CHECK(s.problems[0].why == "why_not_a_date");
  CHECK(s.rows_bad == 1);
  // Every chunk boundary (inside multi-byte characters and quoted fields) gives the same result.
  for (std::size_t cut = 1; cut < text.size(); ++cut) {
    record_importer imp(record_kind::shipments, rules(), o);
    imp.feed(std::string_view(text).substr(0, cut));
    imp.feed(std::string_view(text).substr(cut));
    auto t = imp.finish();
    REQUIRE(t);
    INFO("cut at " << cut);
    REQUIRE(t->measures == s.measures);
    REQUIRE(t->problems_total == 1);
  }
}

TEST_CASE("inquiries: reply minutes and resolution", "[import]") {
  auto s = import_text(slurp(fixtures + "cn-inquiries.utf8.tsv"), record_kind::inquiries);
  CHECK(s.csv.delimiter == '\t');
  CHECK(m(s, "inquiries_total") == rational(3));
  CHECK(m(s, "first_reply_minutes_total") == rational(105));
  CHECK(m(s, "problems_total") == rational(5));
  CHECK(m(s, "problems_resolved") == rational(3));
  CHECK(s.counts.at("count_unanswered") == 1);
  REQUIRE(s.problems.size() == 1);
  CHECK(s.problems[0].text == "昨天");
}

TEST_CASE("day/month order: detected, assumed, set, contradicted", "[import]") {
  std::string head = "order_id,delivered_at,promised_at\n";
  auto detected = import_text(head + "A,3/10/2026 9:00,3/10/2026\nB,13/10/2026 9:00,14/10/2026\n");
  CHECK(detected.order == date_order::dmy);
  CHECK(detected.order_how == "detected");
  CHECK(detected.order_row == 3);
  CHECK(m(detected, "orders_on_time") == rational(2));
  auto assumed = import_text(head + "A,3/10/2026 9:00,3/10/2026\n");
  CHECK(assumed.order == date_order::mdy);
  CHECK(assumed.order_how == "assumed");
  import_options dmy;
  dmy.order = date_order::dmy;
  auto set = import_text(head + "A,3/10/2026 9:00,3/10/2026\nB,10/13/2026,10/14/2026\n", record_kind::shipments, dmy);
  CHECK(set.order_how == "user");
  CHECK(set.problems_total == 2);
  CHECK(set.problems[0].why == "why_order_conflict");
  CHECK(m(set, "orders_total") == rational(1));
  // A value past the sample that contradicts the detected order is listed, not guessed.
  auto r = rules();
  r.sample_rows = 1;
  auto late = import_text(head + "A,13/10/2026,14/10/2026\nB,10/13/2026,10/14/2026\n", record_kind::shipments, {}, 0, r);
  CHECK(late.order == date_order::dmy);
  CHECK(late.problems_total == 2);
}

TEST_CASE("a promise at midnight in a column of midnights means the end of the day", "[import]") {
  std::string head = "order_id,delivered_at,promised_at\n";
  auto s = import_text(head + "A,2026-10-03 18:00,2026-10-03 00:00:00\nB,2026-10-04 01:00,2026-10-03 00:00:00\n");
  CHECK(s.end_of_day_fields == std::vector<std::string>{"promised_at"});
  CHECK(m(s, "orders_on_time") == rational(1));
  auto timed = import_text(head + "A,2026-10-03 18:00,2026-10-03 00:00:00\nB,2026-10-03 01:00,2026-10-03 12:00\n");
  CHECK(timed.end_of_day_fields.empty());
  CHECK(m(timed, "orders_on_time") == rational(1));  // A is late against midnight itself
}

TEST_CASE("an impossible transit is flagged and left out of the average, a long one kept", "[import]") {
  auto s = import_text(
      "order_id,mode,shipped_at,delivered_at,transit_days\n"
      "A,sea,2026-01-01,2026-06-01,\n"     // 151 days: long, but a sea shipment can take it
      "B,sea,1000-01-01,2026-10-01,\n"     // ~374,000 days: a date gone wrong
      "C,sea,2026-09-01,2026-09-11,\n");   // 10 days
  CHECK(s.flag_counts.at("flag_long_transit") == 1);
  CHECK(s.flag_counts.at("flag_implausible_transit") == 1);
  CHECK(m(s, "transit/sea/shipments") == rational(2));
  CHECK(m(s, "transit/sea/days_total") == rational(161));
  auto days = import_text("order_id,mode,transit_days\nA,air,2900000\nB,air,4\n");
  CHECK(days.flag_counts.at("flag_implausible_transit") == 1);
  CHECK(m(days, "transit/air/shipments") == rational(1));
  CHECK(m(days, "transit/air/days_total") == rational(4));
}

TEST_CASE("suspicious data is flagged, ragged rows listed", "[import]") {
  auto s = import_text(
      "order_id,mode,shipped_at,delivered_at\n"
      "A,land,2026-10-05,2026-10-03\n"           // delivered before shipped
      "B,sea,2026-01-01,2026-06-01\n"            // 151 days
      "A,air,2026-10-01,2026-10-02\n"            // duplicate id
      "C,air,2026-10-01\n"                       // ragged
      ",,,\n"                                    // blank
      "\n");
  CHECK(s.flag_counts.at("flag_delivered_before_shipped") == 1);
  CHECK(s.flag_counts.at("flag_long_transit") == 1);
  CHECK(s.flag_counts.at("flag_duplicate_id") == 1);
  REQUIRE(s.flags.size() == 3);
  CHECK(s.flags[2].row == 4);
  CHECK(s.flags[2].detail == "2");  // first seen in row 2
  CHECK(s.problems_total == 1);
  CHECK(s.problems[0].why == "why_ragged");
  CHECK(s.problems[0].cells == 3);
  CHECK(s.rows_blank == 2);
  CHECK(m(s, "transit/sea/days_total") == rational(151));
  CHECK(m(s, "transit/air/shipments") == rational(1));
  CHECK(s.measures.count("/measures/transit/land/shipments") == 0);
  CHECK(s.measures.count("/measures/orders_total") == 0);  // nothing tells on-time here
}

TEST_CASE("problems are all counted, the first ones listed", "[import]") {
  std::string text = "order_id,delivered_at,promised_at\n";
  for (int i = 0; i < 250; ++i) text += "X" + std::to_string(i) + ",soon,2026-10-03\n";
  auto s = import_text(text);
  CHECK(s.problems_total == 250);
  CHECK(s.problems.size() == 100);
  CHECK(s.rows_bad == 250);
  CHECK(s.counts.count("count_no_promise") == 0);
  CHECK(s.measures.count("/measures/orders_total") == 0);
}

TEST_CASE("the duplicate check is exact up to its size and says when it was exceeded", "[import]") {
  auto r = rules();
  r.duplicate_check_ids = 10;
  std::string text = "order_id,mode\n";
  for (int i = 0; i < 20; ++i) text += "id" + std::to_string(i) + (i == 5 ? ",land\nid3" : "") + ",land\n";
  text += "id15,land\n";
  auto s = import_text(text, record_kind::shipments, {}, 0, r);
  CHECK(s.flag_counts.at("flag_duplicate_id") == 1);  // id3 is among the first 10 ids; id15 is not
  CHECK_FALSE(s.duplicate_check_complete);
  CHECK(s.duplicate_ids_checked == 10);
  auto all = import_text(text);
  CHECK(all.flag_counts.at("flag_duplicate_id") == 2);
  CHECK(all.duplicate_check_complete);
}

TEST_CASE("derived measures merge, and explicit period measures win by group", "[import]") {
  std::string text = slurp(fixtures + "cn-shipments.utf8.csv");
  auto period = parse_period(slurp(fixtures + "cn-period.json"), test::default_pack());
  REQUIRE(period);
  import_options o;
  o.period_end = period_end_instant(*period);
  CHECK(format_datetime(*o.period_end) == "2026-11-01 00:00:00");
  std::vector<imported_file> files(1);
  files[0].name = "cn.csv";
  files[0].summary = import_text(text, record_kind::shipments, o);
  auto model = evaluate(*period, files, test::default_pack(), &rules());
  REQUIRE(model);
  auto j = nlohmann::json::parse(render_json(*model, lang::en));
  CHECK(model->files[0].overridden == std::vector<std::string>{"/measures/goods_total", "/measures/goods_intact"});
  for (const auto& ind : j["indicators"]) {
    if (ind["id"] == "on_time_rate") {
      CHECK(ind["inputs"]["/measures/orders_total"] == 9);
      CHECK(ind["sources"]["/measures/orders_on_time"] == "shipments");
      CHECK(ind["value"].get<double>() == Approx(55.5556).epsilon(1e-4));
    }
    if (ind["id"] == "intact_rate") {
      CHECK(ind["sources"]["/measures/goods_total"] == "period");
      CHECK(ind["value"] == 90);
    }
  }
  const auto& rec = j["records"]["files"][0];
  CHECK(rec["rows"]["read"] == 10);
  CHECK(rec["rows"]["bad"] == 1);
  CHECK(rec["problems"]["listed"][0]["message"] == "not a date and time in a known form");
  CHECK(rec["mapping"][0]["header"] == "运单号");
  CHECK(rec["derivation"].size() == 8);
  CHECK(rec["measures"]["/measures/exception_hours_total"] == 30.5);
}

TEST_CASE("a proposal from the first bytes of a file", "[import]") {
  auto m = propose_from_sample(record_kind::shipments, "运单号\t签收时间\t承诺送达时间\nA\t2026-10", rules());
  REQUIRE(m);
  CHECK(m->columns.at("delivered_at").column == 1);
  CHECK(m->columns.at("promised_at").header == "承诺送达时间");
}

TEST_CASE("the pack's delay bands reach the importer to the microsecond", "[import][recovery]") {
  recovery_targets t = recovery_targets_of(starsheet::test::default_pack());
  REQUIRE(t.late.size() == 3);
  CHECK(t.late[0].parcels == "/measures/recovery/late_under_24h");
  CHECK(t.late[0].freight == "/measures/recovery/late_under_24h_freight");
  CHECK(*t.late[0].max_delay_us == 24 * 3600 * std::int64_t{1000000} - 1);  // under 24 h: 24 h is not in it
  CHECK(*t.late[1].max_delay_us == 48 * 3600 * std::int64_t{1000000});      // 24–48 h: 48 h is
  CHECK_FALSE(t.late[2].max_delay_us);
  CHECK(t.damaged == "/measures/recovery/damaged");
  CHECK(t.lost == "/measures/recovery/lost");
  CHECK(t.freights == "/measures/recovery/damaged_lost_freights");
  // Every pointer the importer fills is one the import rules' derivation lists, so that
  // merge_records takes it and the records section explains it.
  std::vector<std::string> derived;
  for (const auto& d : rules().shipments.derivation) derived.insert(derived.end(), d.measures.begin(), d.measures.end());
  auto listed = [&](const std::string& p) { return std::find(derived.begin(), derived.end(), p) != derived.end(); };
  for (const auto& b : t.late) CHECK((listed(b.parcels) && listed(b.freight)));
  CHECK((listed(t.damaged) && listed(t.lost) && listed(t.freights)));
}

// tests/fixtures/records/recovery-shipments.csv, by hand (promises at 12:00, period end
// 2026-11-01 00:00):
//   A1 on time; A2 late 23:59:59 (under 24 h, 20.50); A3 exactly 24 h (24–48 h, "$1,000.00");
//   A4 exactly 48 h (24–48 h, "¥30"); A5 48 h + 1 s (over 48 h, 40); A6 lost, undelivered (late,
//   but compensated as lost, 55.5); A7 damaged, on time ("12,5" = 12.5); A8 damaged, 9 days late
//   (over 48 h, "300 USD"); A9 undelivered, promise 10-20 12:00 → 11.5 days to the period end
//   (over 48 h, 25); A10 30 h late, no freight (24–48 h); A11 on time, freight "abc" (listed).
TEST_CASE("recovery: late parcels by delay band, damaged and lost, with their freight", "[import][recovery]") {
  std::string text = slurp(fixtures + "recovery-shipments.csv");
  for (std::size_t chunk : {std::size_t{0}, std::size_t{7}}) {
    INFO("chunk " << chunk);
    auto s = import_text(text, record_kind::shipments, with_recovery(end_of(2026, 10, 31)), chunk);
    CHECK(column_of(s, "freight") == 7);
    CHECK(m(s, "orders_total") == rational(11));
    CHECK(m(s, "orders_on_time") == rational(3));
    CHECK(m(s, "recovery/late_under_24h") == rational(1));
    CHECK(m(s, "recovery/late_under_24h_freight") == dec("20.5"));
    CHECK(m(s, "recovery/late_24_to_48h") == rational(3));  // A3, A4, A10
    CHECK(s.measures.count("/measures/recovery/late_24_to_48h_freight") == 0);  // A10 has none
    CHECK(m(s, "recovery/late_over_48h") == rational(3));   // A5, A8, A9
    CHECK(m(s, "recovery/late_over_48h_freight") == rational(365));  // 40 + 300 + 25
    CHECK(m(s, "recovery/damaged") == rational(2));
    CHECK(m(s, "recovery/lost") == rational(1));
    CHECK(list(s, "recovery/damaged_lost_freights") == std::vector<rational>{dec("55.5"), dec("12.5"), rational(300)});
    CHECK(s.counts.at("count_freight_missing") == 1);
    CHECK(s.counts.count("count_late_unbanded") == 0);
    REQUIRE(s.problems_total == 1);
    CHECK(s.problems[0].row == 12);
    CHECK(s.problems[0].column == 7);
    CHECK(s.problems[0].text == "abc");
    CHECK(s.problems[0].why == "why_bad_amount");
  }
  // With no period end the data's end is used: the day after the latest event (10-10 12:00),
  // 2026-10-11 00:00. A9 is in transit and its promise (10-20) has not passed: left out of the
  // rate and the bands.
  auto s = import_text(text, record_kind::shipments, with_recovery());
  CHECK(m(s, "orders_total") == rational(10));
  CHECK(m(s, "recovery/late_over_48h") == rational(2));
  CHECK(m(s, "recovery/late_over_48h_freight") == rational(340));
  // Without the recovery targets nothing of it is derived.
  auto plain = import_text(text);
  CHECK(plain.measures.count("/measures/recovery/damaged") == 0);
  CHECK(plain.lists.empty());
}

TEST_CASE("recovery: an undelivered order's delay runs to the period end", "[import][recovery]") {
  // Promise 10-30 00:00:01; the period ends 10-31 (11-01 00:00): 47:59:59 late → 24–48 h.
  // Promise 10-29 23:59:59 → 48:00:01 → over 48 h. Promise 10-31 00:00:00 → exactly 24 h → 24–48 h.
  std::string text =
      "order_id,delivered_at,promised_at,freight\n"
      "1,,2026-10-30 00:00:01,1\n"
      "2,,2026-10-29 23:59:59,2\n"
      "3,,2026-10-31 00:00:00,4\n";
  for (bool known_end : {true, false}) {
    INFO("period end known " << known_end);
    auto s = import_text(text, record_kind::shipments, with_recovery(known_end ? std::optional<std::int64_t>(end_of(2026, 10, 31))
                                                                               : std::nullopt));
    // Unknown, the end is the day after the latest event — the rows have none but promises,
    // so nothing has passed and no order is late.
    if (!known_end) {
      CHECK(s.measures.count("/measures/orders_total") == 0);
      continue;
    }
    CHECK(m(s, "recovery/late_under_24h") == rational(0));
    CHECK(m(s, "recovery/late_24_to_48h") == rational(2));
    CHECK(m(s, "recovery/late_24_to_48h_freight") == rational(5));
    CHECK(m(s, "recovery/late_over_48h") == rational(1));
    CHECK(m(s, "recovery/late_over_48h_freight") == rational(2));
    CHECK(s.measures.count("/measures/recovery/damaged") == 0);  // no status column
  }
}

TEST_CASE("recovery: day counts band by whole days over, and a late flag alone cannot band", "[import][recovery]") {
  auto days = import_text("id,transit_days,promised_days\n1,3,2\n2,4,2\n3,4.5,2\n4,2,2\n5,2.5,2\n", record_kind::shipments,
                          with_recovery());
  CHECK(m(days, "recovery/late_under_24h") == rational(1));  // 0.5 day = 12 h
  CHECK(m(days, "recovery/late_24_to_48h") == rational(2));  // 1 day, 2 days
  CHECK(m(days, "recovery/late_over_48h") == rational(1));   // 2.5 days
  auto flags = import_text("id,late_flag\n1,yes\n2,no\n3,yes\n", record_kind::shipments, with_recovery());
  CHECK(m(flags, "orders_total") == rational(3));
  CHECK(flags.counts.at("count_late_unbanded") == 2);
  // All late orders unbanded: the bands are not known, so no zeros are derived for them.
  CHECK(flags.measures.count("/measures/recovery/late_under_24h") == 0);
  auto on_time = import_text("id,late_flag\n1,no\n", record_kind::shipments, with_recovery());
  CHECK(m(on_time, "recovery/late_over_48h") == rational(0));  // no late order at all: a true zero
}

TEST_CASE("freight cells: currency signs, thousands, decimal commas", "[import][recovery]") {
  struct amount_case {
    const char* cell;
    const char* value;  // nullptr: not an amount
  };
  const amount_case cases[] = {
      {"12", "12"},           {"12.50", "12.5"},      {"$12.50", "12.5"},       {"US$ 7", "7"},
      {"¥1,280", "1280"},     {"1,280.75", "1280.75"}, {"1.280,75", "1280.75"},  {"1 280,5", "1280.5"},
      {"12,5", "12.5"},       {"12,50 €", "12.5"},     {"35元", "35"},           {"12.50 USD", "12.5"},
      {"RMB 9.9", "9.9"},     {"1,234,567", "1234567"}, {"0.000001", "0.000001"}, {".5", "0.5"},
      {"12.500", "12.5"},     {"1.234.567", "1234567"}, {"-5", nullptr},          {"12.3456789", nullptr},
      {"1,28,000", nullptr},  {"abc", nullptr},        {"1e3", nullptr},         {"12..5", nullptr},
      {"1,2345", "1.2345"},   {"$", nullptr},          {".", nullptr},           {"1000000000000", nullptr},
  };
  for (const auto& c : cases) {
    INFO("cell " << c.cell);
    std::string text = std::string("id,late_flag,status,freight\n1,yes,damaged,\"") + c.cell + "\"\n";
    auto s = import_text(text, record_kind::shipments, with_recovery());
    if (c.value) {
      CHECK(s.problems_total == 0);
      CHECK(list(s, "recovery/damaged_lost_freights") == std::vector<rational>{dec(c.value)});
    } else {
      REQUIRE(s.problems_total == 1);
      CHECK(s.problems[0].why == "why_bad_amount");
      CHECK(s.lists.empty());
      CHECK(s.counts.at("count_freight_missing") == 1);
    }
  }
}

TEST_CASE("freights beyond the list limit are counted, not kept", "[import][recovery]") {
  import_rules small = rules();
  small.freight_list_max = 2;
  std::string text = "id,status,freight\n1,lost,5\n2,damaged,6\n3,damaged,7\n";
  auto s = import_text(text, record_kind::shipments, with_recovery(), 0, small);
  CHECK(m(s, "recovery/damaged") == rational(2));
  CHECK(m(s, "recovery/lost") == rational(1));
  CHECK(s.lists.empty());
  CHECK(s.counts.at("count_freights_not_kept") == 1);
}

TEST_CASE("real exports: late parcels by delay band", "[import][recovery]") {
  // tests/fixtures/records/real_expected.py computes these with Python's csv and datetime.
  auto d = import_text(slurp(real + "dataco_supply_chain_sample.csv"), record_kind::shipments, with_recovery());
  CHECK(m(d, "recovery/late_under_24h") == rational(0));
  CHECK(m(d, "recovery/late_24_to_48h") == rational(2921));
  CHECK(m(d, "recovery/late_over_48h") == rational(444));
  auto e = import_text(slurp(real + "ecommerce_shipping_train.csv"), record_kind::shipments, with_recovery());
  CHECK(e.counts.at("count_late_unbanded") == 6563);  // a late flag only
  CHECK(e.measures.count("/measures/recovery/late_over_48h") == 0);
  std::string olist = slurp(real + "olist_orders_sample.csv");
  auto o = import_text(olist, record_kind::shipments, with_recovery());
  CHECK(m(o, "recovery/late_under_24h") == rational(34));
  CHECK(m(o, "recovery/late_24_to_48h") == rational(14));
  CHECK(m(o, "recovery/late_over_48h") == rational(312));
  auto june = import_text(olist, record_kind::shipments, with_recovery(end_of(2018, 6, 30)));
  CHECK(m(june, "recovery/late_over_48h") == rational(306));
}

TEST_CASE("recovery from records, priced and reported, by hand", "[import][recovery]") {
  // The fixture above with its period (October 2026; average freight 50; 1 of the 3 damaged
  // and lost parcels insured for 80):
  //   under 24 h: own freight 20.5 × 10 % = 2.05
  //   24–48 h: A10 has no freight, so 3 × average 50 × 20 % = 30
  //   over 48 h: own freight 365 × 30 % = 109.5
  //   damaged and lost: freights 12.5, 55.5, 300; 2 uninsured. Low: the two cheapest at 3× =
  //   37.5 + 166.5 = 204. High: the two dearest at 5×, capped at 1000 USD = 7100 CNY (freight
  //   in yuan by default, the pack's reference rate): 1500 + 277.5 = 1777.5
  //   insured: 80 × 100 % = 80
  //   total 425.55 to 1999.05
  auto period = parse_period(slurp(fixtures + "recovery-period.json"), starsheet::test::default_pack());
  REQUIRE(period);
  std::vector<imported_file> files(1);
  files[0].name = "recovery-shipments.csv";
  files[0].summary = import_text(slurp(fixtures + "recovery-shipments.csv"), record_kind::shipments,
                                 with_recovery(period_end_instant(*period)));
  auto model = evaluate(*period, files, starsheet::test::default_pack(), &rules());
  REQUIRE(model);
  auto j = nlohmann::json::parse(render_json(*model, lang::en));
  const auto& r = j["recovery"];
  CHECK(r["priced"] == true);
  CHECK(r["total_low"] == 425.55);
  CHECK(r["total_high"] == 1999.05);
  CHECK(r["cap_in_freight_currency"] == 7100);
  const auto& parts = r["parts"];
  REQUIRE(parts.size() == 5);
  CHECK(parts[0]["id"] == "late_under_24h");
  CHECK(parts[0]["freight_basis"] == "own");
  CHECK(parts[0]["freight"] == 20.5);
  CHECK(parts[0]["amount_low"] == 2.05);
  CHECK(parts[1]["freight_basis"] == "average");
  CHECK(parts[1]["amount_low"] == 30);
  CHECK(parts[2]["amount_low"] == 109.5);
  CHECK(parts[3]["id"] == "damaged_lost_uninsured");
  CHECK(parts[3]["freight_basis"] == "own");
  CHECK(parts[3]["amount_low"] == 204);
  CHECK(parts[3]["amount_high"] == 1777.5);
  CHECK(parts[4]["amount_low"] == 80);
  // The next-star plan's on-time step removes its share of every late band's amount.
  double cut = parts[0]["removed_share"].get<double>();
  CHECK(parts[0]["moved_by"] == "on_time_rate");
  CHECK(r["removed_by_next_star_plan_low"].get<double>() == Approx(cut * (2.05 + 30 + 109.5)));
  std::string text = render_text(*model, lang::zh);
  CHECK(text.find("延误不足24小时：1 件，运费合计 20.5 × 10% = 2.05") != std::string::npos);
  CHECK(text.find("本期估计赔付：425.55–1,999.05 CNY") != std::string::npos);
}

// ---- finding the table in a real export (title rows, two-row headers, totals, notes) ------------

namespace {

// A TMS export as carriers have it: a title, an export-info row and a blank row above the
// header, a channel column, TMS status words, ￥ freight, a totals row and a note below.
const std::string tms_export =
    "华运物流运单明细 2026年10月,,,,,,,\r\n"
    "导出时间：2026-11-01 10:00 操作员：张三,,,,,,,\r\n"
    ",,,,,,,\r\n"
    "运单编号,渠道名称,运输方式,揽收时间,妥投时间,时效截止时间,派送状态,运费(元)\r\n"
    "HY001,燕文经济,空运,2026-10-01 10:00,2026-10-05 09:00,2026-10-06,已签收,￥35.50\r\n"
    "HY002,燕文经济,空运,2026-10-02 10:00,2026-10-09 09:00,2026-10-07,已签收,￥40.00\r\n"
    "HY003,云途专线,海运,2026-10-03 10:00,,2026-10-20,派送中,\"￥1,280.00\"\r\n"
    "HY004,云途专线,空运,2026-10-03 10:00,,2026-11-20,派送中,￥20\r\n"
    "HY005,云途专线,空运,2026-10-03 10:00,2026-10-08 10:00,2026-10-09,破损,￥20\r\n"
    "HY006,云途专线,空运,2026-10-03 10:00,,2026-10-09,已取消,￥20\r\n"
    "HY007,燕文经济,陆运,2026-10-04 10:00,,2026-10-10,退回,￥15\r\n"
    "HY008,燕文经济,陆运,2026-10-04 10:00,,2026-10-10,丢失,￥15\r\n"
    "HY009,燕文经济,陆运,2026-10-04 10:00,,2026-10-10,已妥投,￥15\r\n"
    "合计,,,,,,,\"￥1,480.50\"\r\n"
    "注：时效截止时间为承诺送达日期,,,,,,,\r\n";

}  // namespace

TEST_CASE("a TMS export: title rows skipped, header found, totals and notes left out", "[import][table]") {
  for (std::size_t chunk : {std::size_t{0}, std::size_t{5}, std::size_t{64}}) {
    INFO("chunk " << chunk);
    import_options o;
    o.period_end = end_of(2026, 10, 31);
    auto s = import_text(tms_export, record_kind::shipments, o, chunk);
    CHECK(s.header_rows == std::vector<std::size_t>{4});
    CHECK(s.header_how == "detected");
    CHECK(s.csv.delimiter == ',');
    CHECK(column_of(s, "order_id") == 1);
    CHECK(column_of(s, "mode") == 3);  // 渠道名称 is a channel (carrier/product), not a mode
    CHECK(column_of(s, "shipped_at") == 4);
    CHECK(column_of(s, "delivered_at") == 5);
    CHECK(column_of(s, "promised_at") == 6);
    CHECK(column_of(s, "status") == 7);
    CHECK(column_of(s, "freight") == 8);
    CHECK(s.rows_above_header == 2);
    CHECK(s.rows_totals == 1);
    CHECK(s.rows_notes == 1);
    CHECK(s.rows_read == 9);  // the orders (HY001–HY009), not the totals or the note
    CHECK(s.rows_cancelled == 1);
    CHECK(s.problems_total == 0);
    REQUIRE(s.skipped.size() == 4);
    CHECK(s.skipped[0].row == 1);
    CHECK(s.skipped[0].why == "skip_above_header");
    CHECK(s.skipped[2].row == 14);
    CHECK(s.skipped[2].why == "skip_totals");
    CHECK(s.skipped[3].why == "skip_notes");
    // On time, by the contract's status table: HY001 on time; HY002 late; HY003 in transit,
    // promise passed: late; HY004 in transit, promise after the period: left out; HY005
    // damaged but delivered in time: on time; HY006 cancelled: out; HY007 returned and HY008
    // lost, promise passed: late; HY009 delivered with no time: not on time.
    CHECK(m(s, "orders_total") == rational(7));
    CHECK(m(s, "orders_on_time") == rational(2));
    CHECK(s.counts.at("count_delivered_no_time") == 1);
    CHECK(s.counts.at("count_undelivered_pending") == 1);
    // Goods: intact = delivered, in transit, returned (HY001–4, 7, 9); not intact: HY005, HY008.
    CHECK(m(s, "goods_total") == rational(8));
    CHECK(m(s, "goods_intact") == rational(6));
    // Transit only for delivered parcels with both times: HY001, HY002, HY005 by air.
    CHECK(m(s, "transit/air/shipments") == rational(3));
    CHECK(m(s, "transit/air/days_total") == rational(191) / rational(12));  // 95 h + 167 h + 120 h = 382 h
    CHECK(s.measures.count("/measures/transit/land/shipments") == 0);
  }
}

TEST_CASE("a TMS export through the recovery bands: lost parcels are not late parcels", "[import][table][recovery]") {
  auto s = import_text(tms_export, record_kind::shipments, with_recovery(end_of(2026, 10, 31)));
  CHECK(m(s, "recovery/lost") == rational(1));     // HY008
  CHECK(m(s, "recovery/damaged") == rational(1));  // HY005
  CHECK(m(s, "recovery/late_24_to_48h") == rational(1));  // HY002: 33 h
  // HY003 (to the period end), HY007 (returned, to the period end); HY009 has no delivery time:
  // late by an unknown delay.
  CHECK(m(s, "recovery/late_over_48h") == rational(2));
  CHECK(m(s, "recovery/late_over_48h_freight") == rational(1295));
  CHECK(s.counts.at("count_late_unbanded") == 1);
}

TEST_CASE("a header of two rows: a merged parent over its children", "[import][table]") {
  // As a workbook writes it (the parent repeated over the merged range) and as a CSV export
  // does (the parent once, then empty cells).
  for (const std::string parent : {"运单号,时间,时间,时间,派送状态\n", "运单号,时间,,,派送状态\n"}) {
    INFO(parent);
    std::string text = "标题\n" + parent +
                       ",揽收,妥投,截止,\n"
                       "A1,2026-10-01 08:00,2026-10-02 08:00,2026-10-03,已签收\n"
                       "A2,2026-10-01 08:00,2026-10-05 08:00,2026-10-03,已签收\n";
    auto s = import_text(text);
    CHECK(s.header_rows == std::vector<std::size_t>{2, 3});
    CHECK(column_of(s, "shipped_at") == 2);
    CHECK(column_of(s, "delivered_at") == 3);
    CHECK(s.header[1] == "时间 / 揽收");
    CHECK(column_of(s, "status") == 5);
    CHECK(s.rows_read == 2);
    CHECK(s.rows_above_header == 1);
    CHECK(m(s, "goods_total") == rational(2));
  }
}

TEST_CASE("the header row can be chosen, or said to be absent", "[import][table]") {
  std::string text = "运单号,状态\nA1,已签收\nA2,破损\n";
  import_options o;
  o.header_row = 1;
  auto s = import_text(text, record_kind::shipments, o);
  CHECK(s.header_how == "user");
  CHECK(m(s, "goods_intact") == rational(1));
  o.header_row = 2;
  auto e = import_error("运单号,状态\n\nA1,已签收\n", o);  // row 2 is an empty line
  CHECK(e.where == "row 2");
  CHECK(e.key == "error_header_row_empty");
  o.header_row = 9;
  CHECK(import_error(text, o).key == "error_header_row_missing");
}

TEST_CASE("rows pasted without a header: columns guessed from their values", "[import][table]") {
  std::string text =
      "SF100001\t空运\t2026-10-01 08:00\t2026-10-03 08:00\t2026-10-04\t已签收\n"
      "SF100002\t海运\t2026-10-01 08:00\t2026-10-20 08:00\t2026-10-15\t破损\n"
      "SF100003\t空运\t2026-10-02 08:00\t2026-10-04 08:00\t2026-10-04\t已签收\n";
  auto s = import_text(text);
  CHECK(s.header_how == "none");
  CHECK(s.header_rows.empty());
  CHECK(s.header == std::vector<std::string>{"A", "B", "C", "D", "E", "F"});
  CHECK(column_of(s, "order_id") == 1);
  CHECK(column_of(s, "mode") == 2);
  CHECK(column_of(s, "shipped_at") == 3);
  CHECK(column_of(s, "delivered_at") == 4);
  CHECK(column_of(s, "promised_at") == 5);
  CHECK(column_of(s, "status") == 6);
  CHECK(s.mapping.columns.at("mode").guessed);
  CHECK(s.rows_read == 3);  // the first row is data too
  CHECK(m(s, "orders_total") == rational(3));
  CHECK(m(s, "orders_on_time") == rational(2));
  // A header of unknown names over such rows stays the header; the guesses still come.
  auto named = import_text("单据\t方式\t起运\t到达\t期限\t情况\n" + text);
  CHECK(named.header_how == "values");
  CHECK(named.header_rows == std::vector<std::size_t>{1});
  CHECK(column_of(named, "status") == 6);
  CHECK(named.rows_read == 3);
}

TEST_CASE("most status values not understood: no intact rate rather than a measured 0 %", "[import][table]") {
  std::string text = "运单号,派送状态\nA1,已签收\nA2,奇怪状态\nA3,奇怪状态\nA4,另一种\n";
  auto s = import_text(text);
  CHECK(s.measures.count("/measures/goods_total") == 0);
  CHECK(s.counts.at("count_status_unknown") == 3);
  REQUIRE(s.unknown_values.size() == 2);
  CHECK(s.unknown_values[0].value == "奇怪状态");
  CHECK(s.unknown_values[0].count == 2);
  bool said = false;
  for (const auto& n : s.needs)
    if (n.what == "goods") {
      said = true;
      CHECK(n.why == "need_status_unreadable");
      CHECK(n.unknown == 3);
      CHECK(n.total == 4);
    }
  CHECK(said);
  // Assigned a meaning in a mapping file, they count.
  import_options o;
  o.mapping = mapping_from(R"({"format":"starsheet-mapping/1","values":{"status":{"奇怪状态":"delivered","另一种":"ignore"}}})");
  auto fixed = import_text(text, record_kind::shipments, o);
  CHECK(m(fixed, "goods_total") == rational(3));
  CHECK(m(fixed, "goods_intact") == rational(3));
  CHECK(fixed.counts.at("count_status_ignored") == 1);
}

TEST_CASE("nothing derived is never said without a reason", "[import][table]") {
  // A 40-column-style export whose promise column is unnamed: the on-time rate says what to map
  // and which column could be it.
  std::string text =
      "运单编号,渠道名称,揽收时间,妥投时间,截止,派送状态\n"
      "HY001,燕文经济,2026-10-01 10:00,2026-10-05 09:00,2026-10-06,已签收\n"
      "HY002,燕文经济,2026-10-02 10:00,2026-10-09 09:00,2026-10-07,已签收\n";
  auto s = import_text(text);
  const import_need* on_time = nullptr;
  const import_need* transit = nullptr;
  for (const auto& n : s.needs) {
    if (n.what == "on_time") on_time = &n;
    if (n.what == "transit") transit = &n;
  }
  REQUIRE(on_time);
  CHECK(on_time->why == "need_line");
  REQUIRE_FALSE(on_time->candidates.empty());
  CHECK(on_time->candidates[0].field == "promised_at");
  CHECK(on_time->candidates[0].column == 5);
  CHECK(on_time->candidates[0].header == "截止");
  REQUIRE(transit);
  CHECK(transit->fields.front() == std::vector<std::string>{"mode"});
}

TEST_CASE("the delimiter of a file with a title row is judged by its table", "[import][table]") {
  auto s = import_text("运单明细 2026年10月\n运单号\t运输方式\t货物状态\nA1\t空运\t完好\nA2\t空运\t破损\n");
  CHECK(s.csv.delimiter == '\t');
  CHECK(m(s, "goods_intact") == rational(1));
}

TEST_CASE("repeated header rows and totals in the middle are not orders", "[import][table]") {
  auto s = import_text("运单号,货物状态\nA1,完好\n小计,\n运单号,货物状态\nA2,破损\nTotal: 2,\n");
  CHECK(s.rows_read == 2);
  CHECK(s.rows_totals == 2);
  CHECK(s.rows_above_header == 1);
  CHECK(m(s, "goods_total") == rational(2));
  // A word that merely starts like one is data.
  auto t = import_text("运单号,货物状态\nTotalmart-1,完好\n");
  CHECK(t.rows_read == 1);
}

TEST_CASE("shipment files of one period add up when scored", "[import][table]") {
  imported_file a, b;
  a.name = "a.csv";
  a.summary = import_text("运单号,货物状态\nA1,完好\nA2,破损\n");
  b.name = "b.csv";
  b.summary = import_text("运单号,货物状态\nB1,完好\n");
  period_data p;
  std::vector<imported_file> files{a, b};
  merge_files(p, files, rules());
  CHECK(p.measures.at("/measures/goods_total").number == rational(3));
  CHECK(p.measures.at("/measures/goods_intact").number == rational(2));
}

TEST_CASE("freight written as a binary float in full reads as the spreadsheet showed it", "[import][table]") {
  auto s = import_text(
      "order_id,shipped_at,delivered_at,promised_at,status,freight\n"
      "A1,2026-10-01,2026-10-05,2026-10-03,damaged,87.01000000000001\n"
      "A2,2026-10-01,2026-10-05,2026-10-03,lost,0.30000000000000004\n"
      "A3,2026-10-01,2026-10-05,2026-10-03,lost,99.99999999999999\n",
      record_kind::shipments, with_recovery(end_of(2026, 10, 31)));
  CHECK(s.problems_total == 0);
  CHECK(list(s, "recovery/damaged_lost_freights") == std::vector<rational>{dec("87.01"), dec("0.3"), rational(100)});
  // Seven decimals that are not such an artefact are still refused: an amount has at most 6.
  auto t = import_text("order_id,status,freight\nA1,lost,1.1234567\n", record_kind::shipments,
                       with_recovery(end_of(2026, 10, 31)));
  CHECK(t.problems_total == 1);
}
