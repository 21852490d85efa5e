#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "default_import_rules.h"
#include "default_templates.h"
#include "import.h"
#include "import_rules.h"
#include "json_text.h"
#include "messages.h"
#include "starsheet.h"
#include "templates.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;

namespace {

const import_rules& default_import() {
  static const import_rules rules = *load_import_rules(default_import_rules_json());
  return rules;
}

const template_rules& default_templates() {
  static const template_rules rules = *load_template_rules(default_templates_json());
  return rules;
}

template_table make(template_kind kind, lang l) {
  auto t = make_template(kind, l, default_templates(), default_import(), default_pack());
  REQUIRE(t);
  return *t;
}

std::vector<std::string> texts(const xlsx::row& row) {
  std::vector<std::string> out;
  for (const auto& c : row) out.push_back(c.text);
  return out;
}

// The measures template with the value column filled from a period document (numbers as the
// document writes them, lists joined by `set_sep` / "; ").
table_rows filled_measures(const nlohmann::json& period, lang l, const std::string& set_sep = ", ") {
  table_rows rows;
  for (const auto& r : make(template_kind::measures, l).rows) rows.push_back(texts(r));
  for (auto& row : rows) {
    if (row.size() != 5 || row[0].empty() || row[0][0] != '/') continue;
    auto ptr = nlohmann::json::json_pointer(row[0]);
    if (!period.contains(ptr)) continue;
    const auto& v = period.at(ptr);
    if (v.is_string()) row[4] = v.get<std::string>();
    else if (v.is_array()) {
      std::string joined;
      for (const auto& item : v)
        joined += (joined.empty() ? "" : (item.is_string() ? set_sep : std::string("; "))) +
                  (item.is_string() ? item.get<std::string>() : item.dump());
      row[4] = joined;
    } else row[4] = v.dump();
  }
  return rows;
}

std::size_t row_of(const table_rows& rows, const std::string& pointer) {
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (!rows[r].empty() && rows[r][0] == pointer) return r;
  FAIL("no row for " << pointer);
  return 0;
}

// A minimal measures table: the header, then (pointer, value) rows.
table_rows table(std::vector<std::pair<std::string, std::string>> cells) {
  table_rows rows = {{"度量项", "名称", "单位", "说明", "数值"}};
  for (auto& [p, v] : cells) rows.push_back({p, "", "", "", v});
  return rows;
}

result<std::string> read(const table_rows& rows) { return period_from_measures_table(rows, default_pack(), default_templates()); }

period_data parsed(const table_rows& rows) {
  auto text = read(rows);
  INFO((text ? std::string() : describe(text.error())));
  REQUIRE(text);
  auto p = parse_period(*text, default_pack());
  REQUIRE(p);
  return *p;
}

}  // namespace

TEST_CASE("the built-in template rules load, and bad ones are refused with a pointer", "[templates]") {
  auto t = load_template_rules(default_templates_json());
  REQUIRE(t);
  CHECK(t->id == "starsheet-templates");
  CHECK(t->shipments.sample.at("mode").zh == "空运");
  CHECK(t->shipments.sample.at("mode").en == "air");
  CHECK(t->shipments.sample.at("shipped_at").zh == "2026-10-03 14:20");
  CHECK(t->measures.columns.size() == 5);

  auto doc = nlohmann::ordered_json::parse(std::string(default_templates_json()));
  auto with = [&](const std::string& ptr, const nlohmann::ordered_json& v) {
    auto d = doc;
    d[nlohmann::ordered_json::json_pointer(ptr)] = v;
    return load_template_rules(d.dump());
  };
  auto bad_format = with("/format", "starsheet-templates/2");
  REQUIRE_FALSE(bad_format);
  CHECK(bad_format.error().where == "/format");
  CHECK(bad_format.error().message == "expected \"starsheet-templates/1\", got \"starsheet-templates/2\"");
  auto bad_note = with("/kinds/shipments/note/zh", "每行一个运单");
  REQUIRE_FALSE(bad_note);
  CHECK(bad_note.error().where == "/kinds/shipments/note/zh");
  CHECK(bad_note.error().message == "a notes text must start with 注");
  auto bad_level = with("/measures/types/level/en", "a level");
  REQUIRE_FALSE(bad_level);
  CHECK(bad_level.error().where == "/measures/types/level");
  CHECK(bad_level.error().message == "both texts must contain {min}");
  auto bad_column = with("/measures/columns/4/id", "amount");
  REQUIRE_FALSE(bad_column);
  CHECK(bad_column.error().where == "/measures/columns/4/id");
  auto missing = doc;
  missing["measures"].erase("used_by");
  auto no_used_by = load_template_rules(missing.dump());
  REQUIRE_FALSE(no_used_by);
  CHECK(no_used_by.error().where == "/measures/used_by");
  CHECK(no_used_by.error().message == "required member is missing");

  // A sample for a field the import rules lack fails when the template is made.
  auto odd = with("/kinds/inquiries/sample/channel", "email");
  REQUIRE(odd);
  auto made = make_template(template_kind::inquiries, lang::zh, *odd, default_import(), default_pack());
  REQUIRE_FALSE(made);
  CHECK(made.error().where == "/kinds/inquiries/sample/channel");
}

TEST_CASE("record template headers are recognised for every field in both languages", "[templates]") {
  for (auto kind : {record_kind::shipments, record_kind::inquiries})
    for (auto l : {lang::zh, lang::en}) {
      auto t = make(kind == record_kind::shipments ? template_kind::shipments : template_kind::inquiries, l);
      const auto& fields = default_import().kind(kind).fields;
      REQUIRE(t.rows.size() == 3);  // header, sample, note
      REQUIRE(t.rows[0].size() == fields.size());
      std::vector<std::string> header = texts(t.rows[0]);
      std::vector<std::string_view> views(header.begin(), header.end());
      auto mapping = propose_mapping(kind, views, default_import());
      for (std::size_t i = 0; i < fields.size(); ++i) {
        INFO(to_string(kind) << " " << (l == lang::zh ? "zh" : "en") << " " << fields[i].id << " ← " << header[i]);
        REQUIRE(mapping.columns.count(fields[i].id) == 1);
        CHECK(mapping.columns.at(fields[i].id).column == i);
        CHECK(t.rows[0][i].bold);
      }
      // The notes row is one cell that starts like a note.
      REQUIRE(t.rows[2].size() == 1);
      CHECK(t.rows[2][0].text.rfind(l == lang::zh ? "注：" : "Note:", 0) == 0);
    }
  auto zh = make(template_kind::shipments, lang::zh);
  CHECK(texts(zh.rows[0]) == std::vector<std::string>{"运单号", "运输方式", "出库时间", "签收时间", "承诺送达时间", "货物状态",
                                                       "异常发现时间", "异常解决时间", "实际运输天数", "承诺运输天数",
                                                       "是否延误", "是否准时", "订单状态", "运费"});
  CHECK(texts(zh.rows[1]) == std::vector<std::string>{"SF1234567890", "空运", "2026-10-03 14:20", "2026-10-07 10:05",
                                                       "2026-10-08 18:00", "已签收", "2026-10-05 08:30",
                                                       "2026-10-05 16:10", "3.8", "5", "否", "是", "已完成", "35.50"});
  CHECK(zh.rows[1][13].number);   // freight is a number cell in the workbook
  CHECK_FALSE(zh.rows[1][0].number);
  auto en = make(template_kind::inquiries, lang::en);
  CHECK(texts(en.rows[0]) == std::vector<std::string>{"inquiry id", "asked at", "first reply at", "resolved"});
  CHECK(texts(en.rows[1]) == std::vector<std::string>{"ZX20261003001", "2026-10-03 09:12", "2026-10-03 09:25", "yes"});
}

TEST_CASE("importing a record template maps every field and reads its sample row", "[templates]") {
  for (auto l : {lang::zh, lang::en}) {
    INFO((l == lang::zh ? "zh" : "en"));
    record_importer shipments(record_kind::shipments, default_import());
    shipments.feed(template_csv(make(template_kind::shipments, l)));
    auto s = shipments.finish();
    REQUIRE(s);
    CHECK(s->mapping.columns.size() == default_import().shipments.fields.size());
    CHECK(s->rows_read == 1);
    CHECK(s->rows_used == 1);
    CHECK(s->problems_total == 0);
    CHECK(s->measures.at("/measures/orders_total") == rational(1));
    CHECK(s->measures.at("/measures/orders_on_time") == rational(1));
    CHECK(s->measures.at("/measures/goods_intact") == rational(1));
    CHECK(s->measures.at("/measures/exception_cases") == rational(1));

    record_importer inquiries(record_kind::inquiries, default_import());
    inquiries.feed(template_csv(make(template_kind::inquiries, l)));
    auto q = inquiries.finish();
    REQUIRE(q);
    CHECK(q->mapping.columns.size() == 4);
    CHECK(q->problems_total == 0);
    CHECK(q->measures.at("/measures/inquiries_total") == rational(1));
    CHECK(q->measures.at("/measures/first_reply_minutes_total") == rational(13));
    CHECK(q->measures.at("/measures/problems_resolved") == rational(1));
  }
}

TEST_CASE("the measures template lists the period rows and every measure of the pack", "[templates]") {
  const auto& pack = default_pack();
  auto zh = make(template_kind::measures, lang::zh);
  REQUIRE(zh.rows.size() == 1 + 4 + pack.measures.size() + 1);
  CHECK(texts(zh.rows[0]) == std::vector<std::string>{"度量项", "名称", "单位", "说明", "数值"});
  CHECK(zh.rows[1][0].text == "/provider");
  CHECK(zh.rows[2][0].text == "/period/kind");
  CHECK(zh.rows[2][3].text == "填写其一：周（week）、月度（month）、半年（half_year）、年度（year）");
  CHECK(zh.rows[3][0].text == "/period/start");
  CHECK(zh.rows[4][0].text == "/period/end");
  for (std::size_t i = 0; i < pack.measures.size(); ++i) CHECK(zh.rows[5 + i][0].text == pack.measures[i].pointer);
  auto orders = texts(zh.rows[5]);
  CHECK(orders == std::vector<std::string>{"/measures/orders_total", "订单总数", "单",
                                           "整数，≥ 0；用于指标：准时送达率、多币种结算覆盖率", ""});
  auto note = texts(zh.rows.back());
  REQUIRE(note.size() == 1);
  CHECK(note[0].rfind("注：", 0) == 0);
  CHECK(zh.widths == std::vector<double>{44, 34, 12, 60, 16});

  auto en = make(template_kind::measures, lang::en);
  table_rows en_rows;
  for (const auto& r : en.rows) en_rows.push_back(texts(r));
  auto digital = en_rows[row_of(en_rows, "/measures/digital_level")];
  CHECK(digital[3] == "a whole number from 1 to 5; used by: Digital technology level");
  auto air = en_rows[row_of(en_rows, "/benchmarks/transit_days/air")];
  CHECK(air[2] == "days");
  CHECK(air[3] == "a number > 0, decimals allowed; used by: Average transit time");
}

TEST_CASE("csv rendering has a bom, crlf line ends and rfc 4180 quoting, and reads back", "[templates]") {
  template_table t;
  t.rows = {{{"a"}, {"b,c"}, {"say \"hi\""}}, {{"line\nbreak"}, {""}, {""}}, {{"注：one cell"}}};
  std::string csv = template_csv(t);
  CHECK(csv == "\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",,\r\n注：one cell\r\n");
  auto rows = rows_from_csv(csv);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"a", "b,c", "say \"hi\""});
  CHECK(rows[1] == std::vector<std::string>{"line\nbreak", "", ""});
  CHECK(rows[2] == std::vector<std::string>{"注：one cell"});

  std::string shipments = template_csv(make(template_kind::shipments, lang::zh));
  CHECK(shipments.rfind("\xEF\xBB\xBF运单号,运输方式,出库时间,", 0) == 0);
  CHECK(shipments.find("\r\nSF1234567890,空运,2026-10-03 14:20,") != std::string::npos);
  CHECK(shipments.find("\r\n注：每行一个运单") != std::string::npos);
  // Empty lines stay as empty rows, so row numbers match the file.
  CHECK(rows_from_csv("a\n\nb\n") == table_rows{{"a"}, {}, {"b"}});
}

TEST_CASE("the xlsx of a template has a bold frozen header and the sample as cells", "[templates]") {
  std::string bytes = template_xlsx(make(template_kind::shipments, lang::en), "Starsheet data template");
  REQUIRE(bytes.size() > 100);
  CHECK(bytes.rfind("PK\x03\x04", 0) == 0);
  CHECK(bytes.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>") != std::string::npos);
  CHECK(bytes.find("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">order id</t></is></c>") !=
        std::string::npos);
  CHECK(bytes.find("<c r=\"N2\"><v>35.50</v></c>") != std::string::npos);
  CHECK(bytes.find("<sheet name=\"Shipments\" sheetId=\"1\" r:id=\"rId1\"/>") != std::string::npos);
  CHECK(bytes.find("<dc:title>Starsheet data template</dc:title>") != std::string::npos);
}

TEST_CASE("a filled measures template reads back as the example period and scores the same", "[templates]") {
  auto example_text = test::example("huayun-2026-10.json");
  auto example = nlohmann::json::parse(example_text);
  for (auto l : {lang::zh, lang::en}) {
    INFO((l == lang::zh ? "zh" : "en"));
    auto rows = filled_measures(example, l);
    auto text = read(rows);
    INFO((text ? std::string() : describe(text.error())));
    REQUIRE(text);
    auto back = parse_period(*text, default_pack());
    REQUIRE(back);
    auto want = parse_period(example_text, default_pack());
    REQUIRE(want);
    CHECK(back->provider == "华运跨境物流（深圳）有限公司");
    REQUIRE(back->period);
    CHECK(back->period->kind == "month");
    CHECK(back->period->start == "2026-10-01");
    CHECK(back->period->end == "2026-10-31");
    CHECK(back->ignored.empty());
    REQUIRE(back->measures.size() == want->measures.size());
    for (const auto& [pointer, v] : want->measures) {
      INFO(pointer);
      REQUIRE(back->measures.count(pointer) == 1);
      const auto& b = back->measures.at(pointer);
      CHECK(b.number == v.number);
      CHECK(b.items == v.items);
      CHECK(b.numbers.size() == v.numbers.size());
    }
    CHECK(back->measures.at("/measures/exception_hours_total").number == rational(20715) / rational(10));
    CHECK(back->measures.at("/measures/violation_deductions").number == rational(15) / rational(1000));
    CHECK(back->measures.at("/measures/supplier_qualifications").items ==
          std::vector<std::string>{"road_transport_license", "iso9001", "iso14001"});
    auto scored_back = test::score_text(*text);
    auto scored_want = test::score_text(example_text);
    CHECK(scored_back->a.total_half == scored_want->a.total_half);
    CHECK(scored_back->a.star->stars == scored_want->a.star->stars);
    REQUIRE(scored_back->a.indicators.size() == scored_want->a.indicators.size());
    for (std::size_t i = 0; i < scored_want->a.indicators.size(); ++i) {
      const auto& b = scored_back->a.indicators[i];
      const auto& w = scored_want->a.indicators[i];
      INFO(w.rule->id);
      CHECK(b.status == w.status);
      CHECK(b.value == w.value);
      CHECK(b.half_points == w.half_points);
    }
    CHECK(scored_back->a.total_half == 132);  // 66 points
  }
}

TEST_CASE("measure values are read as written, with separators, full-width digits and units", "[templates]") {
  auto p = parsed(table({{"/provider", "  华运物流 "},
                         {"/period/kind", "月度"},
                         {"/period/start", "2026/10/1"},
                         {"/period/end", "2026年10月31日"},
                         {"/measures/orders_total", "12,480"},
                         {"/measures/orders_on_time", "１２１０５"},
                         {"/measures/exception_hours_total", "2,071.50 小时"},
                         {"/measures/route_km_before", "1860 km"},
                         {"/measures/route_km_after", ""},
                         {"/benchmarks/transit_days/air", "４．８天"},
                         {"/measures/violation_deductions", ".015"},
                         {"/measures/supplier_qualifications", "iso9001、道路运输经营许可证，ISO 14001 environmental management"},
                         {"/measures/recovery/damaged_lost_freights", "35.5；1,280 ; 0"},
                         {"orders_multi_currency", "8736"},
                         {"benchmarks.vehicle_kwh_per_km", "0.95"}}));
  CHECK(p.provider == "华运物流");
  REQUIRE(p.period);
  CHECK(p.period->kind == "month");
  CHECK(p.period->start == "2026-10-01");
  CHECK(p.period->end == "2026-10-31");
  CHECK(p.measures.at("/measures/orders_total").number == rational(12480));
  CHECK(p.measures.at("/measures/orders_on_time").number == rational(12105));
  CHECK(p.measures.at("/measures/exception_hours_total").number == rational(20715) / rational(10));
  CHECK(p.measures.at("/measures/route_km_before").number == rational(1860));
  CHECK(p.measures.count("/measures/route_km_after") == 0);  // empty: missing
  CHECK(p.measures.at("/benchmarks/transit_days/air").number == rational(48) / rational(10));
  CHECK(p.measures.at("/measures/violation_deductions").number == rational(15) / rational(1000));
  CHECK(p.measures.at("/measures/supplier_qualifications").items ==
        std::vector<std::string>{"iso9001", "road_transport_license", "iso14001"});
  const auto& freights = p.measures.at("/measures/recovery/damaged_lost_freights").numbers;
  REQUIRE(freights.size() == 3);
  CHECK(freights[0] == rational(355) / rational(10));
  CHECK(freights[1] == rational(1280));
  CHECK(freights[2] == rational(0));
  CHECK(p.measures.at("/measures/orders_multi_currency").number == rational(8736));
  CHECK(p.measures.at("/benchmarks/vehicle_kwh_per_km").number == rational(95) / rational(100));

  // "无" / "none": an empty list, not a missing measure; an Excel serial date.
  auto q = parsed(table({{"/measures/supplier_qualifications", "无"}, {"/period/kind", "month"},
                         {"/period/start", "46296"}, {"/period/end", "2026-10-31 00:00:00"}}));
  CHECK(q.measures.at("/measures/supplier_qualifications").items.empty());
  // An English name with a comma in it is one item.
  auto r = parsed(table({{"/measures/supplier_qualifications",
                          "iso9001, National work-safety standardisation, level 2 or above, OHSAS 18001 occupational "
                          "health and safety"}}));
  CHECK(r.measures.at("/measures/supplier_qualifications").items ==
        std::vector<std::string>{"iso9001", "safety_standardization_level2", "ohsas18001"});
  CHECK(q.period->start == "2026-10-01");
  CHECK(q.period->end == "2026-10-31");
}

TEST_CASE("a measures table skips titles, notes and blank rows, and finds columns by header", "[templates]") {
  table_rows rows = {{"华运物流 2026 年 10 月度量"},
                     {},
                     {"value", "measure"},
                     {"12480", "/measures/orders_total"},
                     {"", ""},
                     {"Note: anything here", ""},
                     {"备注：12", "/measures/orders_on_time"}};
  auto p = parsed(rows);
  CHECK(p.measures.size() == 1);
  CHECK(p.measures.at("/measures/orders_total").number == rational(12480));
  CHECK(is_measures_table(rows, default_templates()));
  CHECK_FALSE(is_measures_table({{"a", "b"}, {"1", "2"}}, default_templates()));
  auto none = read({{"a", "b"}});
  REQUIRE_FALSE(none);
  CHECK(none.error().where == "");
  CHECK(none.error().message == "not a measures table: no row names the columns 度量项 / measure and 数值 / value");

  // A row whose measure cell was cleared is found by its label.
  auto by_label = parsed({{"measure", "label", "value"}, {"", "Orders in the period", "100"}});
  CHECK(by_label.measures.at("/measures/orders_total").number == rational(100));
}

TEST_CASE("bad measure values are errors naming the row and the measure", "[templates]") {
  auto error_of = [](const table_rows& rows) {
    auto r = read(rows);
    REQUIRE_FALSE(r);
    return describe(r.error());
  };
  table_rows rows = {{"度量项", "名称", "单位", "说明", "数值"}, {"/measures/orders_total", "订单总数", "单", "", "97%"}};
  CHECK(error_of(rows) ==
        "row 2: /measures/orders_total (订单总数): \"97%\" is not a number (write digits, e.g. 12480, 12,480 or 2071.5, "
        "with or without the unit)");
  CHECK(error_of(table({{"/measures/orders_total", "12,5"}})).rfind("row 2: /measures/orders_total: \"12,5\" is not a number", 0) == 0);
  CHECK(error_of(table({{"/measures/orders_total", "1.2.3"}})).rfind("row 2: /measures/orders_total: \"1.2.3\"", 0) == 0);
  CHECK(error_of(table({{"/measures/orders_total", "12 天"}})).rfind("row 2: /measures/orders_total: \"12 天\"", 0) == 0);
  CHECK(error_of(table({{"/measures/orders_total", "12.5"}})) ==
        "row 2: /measures/orders_total: expected a whole number ≥ 0, got 12.5");
  CHECK(error_of(table({{"/measures/orders_total", "-3"}})) ==
        "row 2: /measures/orders_total: expected a whole number ≥ 0, got -3");
  CHECK(error_of(table({{"/provider", "x"}, {"/measures/violation_deductions", "1.5"}})) ==
        "row 3: /measures/violation_deductions: expected a number from 0 to 1, got 1.5");
  CHECK(error_of(table({{"/measures/supplier_qualifications", "iso9001, iso27001"}})) ==
        "row 2: /measures/supplier_qualifications: unknown item \"iso27001\" (expected ids or names of: "
        "road_transport_license, iso9001, iso14001, ohsas18001, safety_standardization_level2)");
  CHECK(error_of(table({{"/measures/supplier_qualifications", "iso9001, iso9001"}})) ==
        "row 2: /measures/supplier_qualifications/1: \"iso9001\" is listed twice");
  CHECK(error_of(table({{"/measures/recovery/damaged_lost_freights", "35.5; x"}})).rfind(
            "row 2: /measures/recovery/damaged_lost_freights: \"x\" is not a number", 0) == 0);
  CHECK(error_of(table({{"/measures/order_total", "5"}})) ==
        "row 2: unknown measure \"/measures/order_total\" (expected a pointer such as /measures/orders_total, as the "
        "template prints it)");
  CHECK(error_of(table({{"/measures/orders_total", "5"}, {"/measures/orders_total", "6"}})) ==
        "row 3: /measures/orders_total is given twice (rows 2 and 3)");
  CHECK(error_of(table({{"/period/kind", "quarter"}, {"/period/start", "2026-10-01"}, {"/period/end", "2026-10-31"}})) ==
        "row 2: /period/kind: unknown period kind \"quarter\" (expected one of: week, month, half_year, year)");
  CHECK(error_of(table({{"/period/kind", "月度"}, {"/period/start", "2026-10-01"}, {"/period/end", ""}})) ==
        "row 4: /period/end: required member is missing");
  CHECK(error_of(table({{"/period/kind", "month"}, {"/period/start", "2026-13-01"}, {"/period/end", "2026-10-31"}})) ==
        "row 3: /period/start: expected a date as YYYY-MM-DD, got \"2026-13-01\"");
  CHECK(error_of(table({{"/period/kind", "month"}, {"/period/start", "2026-10-01"}, {"/period/end", "2026-09-30"}})) ==
        "row 4: /period/end: the period ends (2026-09-30) before it starts (2026-10-01)");
}

TEST_CASE("a measures table's errors are said in the user's language, at the row, the field by its label", "[templates]") {
  auto said = [](const table_rows& rows, lang l) {
    auto r = read(rows);
    REQUIRE_FALSE(r);
    return describe(r.error(), default_pack(), l);
  };
  table_rows rows = {{"度量项", "名称", "单位", "说明", "数值"}, {"/measures/orders_total", "订单总数", "单", "", "97%"}};
  CHECK(said(rows, lang::zh) ==
        "第 2 行：订单总数（/measures/orders_total）：“97%”不是数字（请写数字，例如 12480、12,480 或 2071.5，可带单位）");
  CHECK(said(rows, lang::en) == "row 2: Orders in the period (/measures/orders_total): \"97%\" is not a number (write "
                                "digits, e.g. 12480, 12,480 or 2071.5, with or without the unit)");
  CHECK(said(table({{"/measures/order_total", "5"}}), lang::zh) ==
        "第 2 行：未知的度量项“/measures/order_total”（请照模板印出的样子填写，例如 /measures/orders_total）");
  CHECK(said(table({{"/measures/orders_total", "5"}, {"/measures/orders_total", "6"}}), lang::zh) ==
        "第 3 行：订单总数（/measures/orders_total）：填了两次（第 2 行和第 3 行）");
  CHECK(said(table({{"/measures/supplier_qualifications", "iso9001, iso27001"}}), lang::zh).rfind(
            "第 2 行：供应商资质达标项（/measures/supplier_qualifications）：未知的项目“iso27001”（可填以下各项的名称或代码：道路运输", 0) == 0);
  // The period's own errors keep their key: the field by its label, at its row.
  CHECK(said(table({{"/measures/orders_total", "-3"}}), lang::zh) ==
        "第 2 行：订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 -3");
  CHECK(said({{"a", "b"}}, lang::zh) == "不是指标数据表：没有哪一行写着列名 度量项 / measure 和 数值 / value");
  // On the page the pointer is apart: the message says the row and the label only.
  auto json = error_json(read(rows).error(), default_pack(), lang::zh);
  CHECK(json["message"] == "第 2 行：订单总数：“97%”不是数字（请写数字，例如 12480、12,480 或 2071.5，可带单位）");
  CHECK(json["pointer"] == "/measures/orders_total");
  CHECK(json["row"] == "2");
}
