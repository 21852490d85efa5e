// The exports (.xlsx and standalone HTML) read back: the workbook through the project's own
// workbook reader, cell by cell; the HTML by the strings a reader sees and the escapes it must hold.
#include <string>
#include <vector>

#include "evaluate.h"
#include "export.h"
#include "failing_report.h"
#include "import.h"
#include "templates.h"
#include "test_support.h"
#include "workbook.h"

using namespace starsheet;
using namespace starsheet::test;
using json = nlohmann::ordered_json;

namespace {

report_model model_of(const std::string& period_text) {
  auto m = evaluate(period_text, {}, default_pack(), nullptr);
  REQUIRE(m);
  return std::move(*m);
}

// Sheet `index` of the workbook as rows of cells, as a spreadsheet shows them.
std::vector<std::vector<std::string>> sheet_rows(const std::string& xlsx, std::size_t index) {
  auto csv = read_sheet_csv(xlsx, index);
  REQUIRE(csv);
  return rows_from_csv(csv->csv);
}

std::string cell(const std::vector<std::vector<std::string>>& rows, std::size_t row, std::size_t col) {
  return row < rows.size() && col < rows[row].size() ? rows[row][col] : std::string();
}

// The first row whose column `col` holds `text`.
std::size_t find_row(const std::vector<std::vector<std::string>>& rows, std::size_t col, const std::string& text) {
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (cell(rows, r, col) == text) return r;
  FAIL("no row with \"" << text << "\" in column " << col);
  return 0;
}

}  // namespace

TEST_CASE("xlsx export: the filled Table A.2, the indicators and the plan, read back", "[export]") {
  std::string bytes = render_export(model_of(example("huayun-2026-11.json")), export_format::xlsx, lang::zh);
  auto sheets = list_sheets(bytes);
  REQUIRE(sheets);
  REQUIRE(sheets->size() == 3);
  CHECK((*sheets)[0].name == "表A.2");
  CHECK((*sheets)[1].name == "指标明细");
  CHECK((*sheets)[2].name == "升星方案与建议");

  auto form = sheet_rows(bytes, 0);
  CHECK(cell(form, 0, 0) == "跨境电商物流服务质量自评表（表A.2）");
  CHECK(cell(form, 1, 0) == "服务商：华运跨境物流（深圳）有限公司");
  CHECK(cell(form, 2, 0) == "自评周期：月度（2026-11-01 至 2026-11-30）");
  std::size_t head = find_row(form, 0, "序号");
  CHECK(cell(form, head, 3) == "二级指标");
  // The first category's first indicator: number, category, its maximum, the indicator, value, points.
  CHECK(cell(form, head + 1, 0) == "1");
  CHECK(cell(form, head + 1, 1) == "运输时效");
  CHECK(cell(form, head + 1, 2) == "25");
  CHECK(cell(form, head + 1, 3) == "准时送达率");
  CHECK(cell(form, head + 1, 4) == "7");
  CHECK(cell(form, head + 1, 5) == "99.12%");
  CHECK(cell(form, head + 1, 6) == "7");
  CHECK(cell(form, head + 1, 7) == "19");
  // 31 indicator rows, then the total and the star level, then the lines to sign.
  std::size_t total = find_row(form, 0, "总分");
  CHECK(total == head + 32);
  CHECK(cell(form, total, 7) == "79");
  CHECK(cell(form, total + 1, 0) == "评定星级");
  CHECK(cell(form, total + 1, 7) == "4 星（四星级）");
  std::size_t sign = find_row(form, 0, "填表人：");
  CHECK(cell(form, sign, 3) == "审核人：");
  CHECK(cell(form, sign, 5) == "日期：");
  // An actual result carries no what-if mark anywhere.
  for (const auto& row : form)
    for (const auto& c : row) CHECK(c.find("假设") == std::string::npos);

  auto inds = sheet_rows(bytes, 1);
  CHECK(cell(inds, 0, 2) == "实际值");
  REQUIRE(inds.size() == 32);
  std::size_t on_time = find_row(inds, 1, "准时送达率");
  CHECK(cell(inds, on_time, 0) == "运输时效");
  CHECK(cell(inds, on_time, 2) == "99.12%");
  CHECK(cell(inds, on_time, 3) == "≥ 99%");
  CHECK(cell(inds, on_time, 4) == "7");
  CHECK(cell(inds, on_time, 5) == "7");
  CHECK(cell(inds, on_time, 6) == "已评分");

  auto plan = sheet_rows(bytes, 2);
  CHECK(cell(plan, 0, 1) == "升星方案（投入最小的改进组合）");
  CHECK(cell(plan, 1, 1) == "升至 5 星：还需 6 分（门槛 85 分）");
  CHECK(cell(plan, 2, 1) == "最优方案（投入最小）：5 步，完成后总分 85（5 星）");
  CHECK(cell(plan, 3, 0) == "1");
  CHECK(cell(plan, 3, 1) == "合规装载率：97.8% → ≥ 99%，+2 分（约1/2的不合规装载的车辆须改为合规装载）");
  std::size_t advice = find_row(plan, 1, "改进建议（先列升星方案的各步，其余按实际可达到的最大增分排序）");
  CHECK(cell(plan, advice + 1, 0) == "1");
  CHECK(cell(plan, advice + 1, 1).rfind("【升星方案】合规装载率", 0) == 0);
}

TEST_CASE("xlsx export: a what-if result is marked as assumed on every sheet", "[export]") {
  json period = json::parse(example("huayun-2026-11.json"));
  period["what_if"] = {{"compliant_loading_rate", 99}};
  std::string bytes = render_export(model_of(period.dump()), export_format::xlsx, lang::zh);
  for (std::size_t s = 0; s < 3; ++s) {
    auto rows = sheet_rows(bytes, s);
    std::size_t banner = s == 0 ? 1 : 0;
    CHECK(cell(rows, banner, 0).rfind("【假设结果】1 项指标按假设值计分，这不是实际自评结果。", 0) == 0);
  }
  auto form = sheet_rows(bytes, 0);
  std::size_t total = find_row(form, 0, "总分（假设值）");
  CHECK(cell(form, total, 7) == "81");
  CHECK(cell(form, total + 1, 0) == "评定星级（假设值）");
  std::size_t row = find_row(form, 3, "合规装载率");
  CHECK(cell(form, row, 5) == "99%（假设值）");
  CHECK(cell(form, row, 6) == "5");
  auto inds = sheet_rows(bytes, 1);
  std::size_t ind = find_row(inds, 1, "合规装载率");
  CHECK(cell(inds, ind, 6) == "假设值");

  // English: the same marks in the report's language.
  std::string en = render_export(model_of(period.dump()), export_format::xlsx, lang::en);
  auto form_en = sheet_rows(en, 0);
  CHECK(cell(form_en, 1, 0).rfind("[WHAT-IF RESULT] 1 indicator(s) scored on assumed values", 0) == 0);
  CHECK(cell(form_en, find_row(form_en, 0, "Total (assumed)"), 7) == "81");
  CHECK(cell(form_en, find_row(form_en, 0, "Completed by:"), 3) == "Reviewed by:");
}

TEST_CASE("exports from the report document give the bytes the model renders", "[export]") {
  auto m = model_of(example("huayun-2026-10.json"));
  for (lang l : {lang::zh, lang::en}) {
    std::string doc = render_json(m, l);
    auto x = export_report(doc, default_pack(), export_format::xlsx);
    auto h = export_report(doc, default_pack(), export_format::html);
    REQUIRE(x);
    REQUIRE(h);
    CHECK(*x == render_export(m, export_format::xlsx, l));
    CHECK(*h == render_export(m, export_format::html, l));
  }
  CHECK_FALSE(export_report("{\"format\":\"starsheet-period/1\"}", default_pack(), export_format::xlsx));
  CHECK_FALSE(export_report("not json", default_pack(), export_format::html));
}

TEST_CASE("exports of a report from record files carry where the points are lost and the data quality", "[export]") {
  // quality-shipments.csv: late parcels "delivered" before shipping flatter the total by 1 point.
  std::string records = STARSHEET_SOURCE_DIR "/tests/fixtures/records/";
  auto period = parse_period(read_file(records + "drilldown-period.json"), default_pack());
  REQUIRE(period);
  import_options o;
  o.period_start = period_start_instant(*period);
  o.period_end = period_end_instant(*period);
  o.slow = slow_limits_of(default_pack(), default_import_rules());
  std::vector<imported_file> files(1);
  files[0].name = "quality-shipments.csv";
  files[0].summary = import_text(read_file(records + "quality-shipments.csv"), o);
  auto m = evaluate(*period, files, default_pack(), &default_import_rules());
  REQUIRE(m);
  json doc = json::parse(render_json(*m, lang::zh));
  REQUIRE(doc["drilldown_top"].size() == 3);
  REQUIRE_FALSE(doc["data_quality"].empty());
  const std::string top = doc["drilldown_top"][0]["text"];
  const auto& q = doc["data_quality"][0];
  const std::string quality = std::string(q["text"]) + "\n" + std::string(q["score_text"]) +
                              (q["effect_text"] == "" ? "" : " — " + std::string(q["effect_text"]));

  // The plan sheet ends with both sections, numbered, under the import rules' headings.
  auto plan = sheet_rows(render_export(*m, export_format::xlsx, lang::zh), 2);
  std::size_t drill = find_row(plan, 1, "失分在哪里：按列拆分的未达标");
  CHECK(cell(plan, drill + 1, 0) == "1");
  CHECK(cell(plan, drill + 1, 1) == top);
  std::size_t heading = find_row(plan, 1, "数据质量对得分的影响");
  CHECK(heading == drill + 1 + doc["drilldown_top"].size() + 1);
  CHECK(cell(plan, heading + 1, 1) == quality);
  CHECK(plan.size() == heading + 1 + doc["data_quality"].size());

  std::string html = render_export(*m, export_format::html, lang::zh);
  CHECK(html.find("<h2>失分在哪里：按列拆分的未达标</h2>") != std::string::npos);
  CHECK(html.find("<h2>数据质量对得分的影响</h2>") != std::string::npos);
  CHECK(html.find("<li>" + top + "</li>") != std::string::npos);
  CHECK(html.find("<li>签收早于出库：11 行（如第 3、4、5、8、11 行）<br>去掉这些行：3 分，1★ — 这些数据让总分多了 1 分</li>") !=
        std::string::npos);
  // The page's export (the document and the module's import rules) is the same bytes; without
  // the import rules the sections are left out rather than shown without headings.
  CHECK(*export_report(doc.dump(), default_pack(), export_format::html, &default_import_rules()) == html);
  CHECK(export_report(doc.dump(), default_pack(), export_format::html)->find("数据质量") == std::string::npos);
  std::string en = render_export(*m, export_format::html, lang::en);
  CHECK(en.find("<h2>What the data quality does to the score</h2>") != std::string::npos);
}

TEST_CASE("html export: standalone, in the report's language, data escaped", "[export]") {
  json period = json::parse(example("huayun-2026-11.json"));
  // A provider name with markup, an ampersand and a right-to-left override.
  period["provider"] = "<script>alert(1)</script> A&B \xE2\x80\xAE" "evil";
  std::string zh = render_export(model_of(period.dump()), export_format::html, lang::zh);
  CHECK(zh.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK_THAT(zh, Catch::Contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
  CHECK(zh.find("<script") == std::string::npos);
  CHECK(zh.find("src=") == std::string::npos);
  CHECK_THAT(zh, Catch::Contains("<bdi>&lt;script&gt;alert(1)&lt;/script&gt; A&amp;B \\u202eevil</bdi>"));
  CHECK(zh.find("\xE2\x80\xAE") == std::string::npos);
  CHECK_THAT(zh, Catch::Contains("<p class=\"total\">总分 79 / 100 · 已测量 31/31 项指标</p>"));
  CHECK_THAT(zh, Catch::Contains("<td>准时送达率</td><td class=\"num\">7</td><td>99.12%</td><td class=\"num\">7</td>"));
  CHECK_THAT(zh, Catch::Contains("<th colspan=\"7\">总分</th><td class=\"num\">79</td>"));
  CHECK_THAT(zh, Catch::Contains("<p class=\"sign\"><span>填表人：</span><span>审核人：</span><span>日期：</span></p>"));
  CHECK_THAT(zh, Catch::Contains(".form{break-before:page}"));
  CHECK(zh.find("class=\"what-if\"") == std::string::npos);  // an actual result has no banner

  period["what_if"] = {{"compliant_loading_rate", 99}};
  std::string en = render_export(model_of(period.dump()), export_format::html, lang::en);
  CHECK(en.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK_THAT(en, Catch::Contains("<p class=\"what-if\" role=\"note\">[WHAT-IF RESULT] 1 indicator(s) scored on assumed values"));
  CHECK_THAT(en, Catch::Contains("<th colspan=\"7\">Total (assumed)</th><td class=\"num\">81</td>"));
  CHECK_THAT(en, Catch::Contains("<td class=\"assumed\">99% (assumed)</td>"));
  CHECK_THAT(en, Catch::Contains("<span>Completed by:</span><span>Reviewed by:</span><span>Date:</span>"));
}
