#include "messages.h"

#include <catch2/catch.hpp>

#include <set>

#include "compare.h"
#include "default_rules.h"
#include "evaluate.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::period_with;
using nlohmann::json;

namespace {

// The input error a period document is refused with (parse, then the checks of scoring).
input_error refusal(const std::string& text) {
  auto m = evaluate(text, {}, default_pack(), nullptr);
  REQUIRE_FALSE(m);
  return m.error();
}

std::string in_zh(const std::string& text) { return describe(refusal(text), default_pack(), lang::zh); }
std::string in_en(const std::string& text) { return describe(refusal(text), default_pack(), lang::en); }

}  // namespace

TEST_CASE("numbers in messages are grouped by threes", "[messages]") {
  CHECK(grouped("13105") == "13,105");
  CHECK(grouped("1234567") == "1,234,567");
  CHECK(grouped("-1234.5") == "-1,234.5");
  CHECK(grouped("999") == "999");
  CHECK(grouped("0.125") == "0.125");
  CHECK(grouped("9900.000000000000001") == "9,900.000000000000001");
  CHECK(grouped("1e+20") == "1e+20");  // not a plain decimal: as written
  CHECK(grouped("abc") == "abc");
  CHECK(grouped(rational(999999)) == "999,999");
}

TEST_CASE("a part above its whole: the fields by their labels, in zh and en", "[messages]") {
  std::string p = period_with({{"orders_total", 13000}, {"orders_on_time", 13105}});
  CHECK(in_zh(p) == "准时送达订单数（/measures/orders_on_time）：13,105 大于订单总数（13,000）；部分不能超过整体");
  CHECK(in_en(p) == "Orders delivered on time (/measures/orders_on_time): 13,105 is more than orders in the period "
                    "(13,000); the part cannot exceed the whole");
  // The English message for logs is unchanged.
  CHECK(refusal(p).message == "13105 is more than /measures/orders_total (13000); the part cannot exceed the whole");
}

TEST_CASE("a count below 0, a string, a level out of range", "[messages]") {
  std::string p = period_with({{"orders_total", -5}});
  CHECK(in_zh(p) == "订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 -5");
  CHECK(in_en(p) == "Orders in the period (/measures/orders_total): expected a whole number ≥ 0, got -5");
  p = period_with({{"orders_total", "12000"}});
  CHECK(in_zh(p) == "订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 文本 \"12000\"");
  CHECK(in_en(p) == "Orders in the period (/measures/orders_total): expected a whole number ≥ 0, got a string (\"12000\")");
  p = period_with({{"orders_total", 12345.5}});
  CHECK(in_zh(p) == "订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 12,345.5");
  p = period_with({{"digital_level", 6}});
  CHECK(in_zh(p) == "数字化技术应用阶段（/measures/digital_level）：应为介于 1 和 5 之间的整数，实为 6");
}

TEST_CASE("not valid JSON: the line and column in the user's language", "[messages]") {
  std::string p = "{\n \"format\": \"starsheet-period/1\",\n \"measures\": {\n  \"orders_total\": 100,\n"
                  "  \"orders_on_time\": 90,\n  \"goods_total\": 10\n  \"goods_intact\": 10\n }\n}\n";
  CHECK(in_zh(p) == "不是有效的 JSON：第 7 行第 16 列有语法错误");
  CHECK(in_en(p) == "not valid JSON: parse error at line 7, column 16: syntax error while parsing object - unexpected "
                    "string literal; expected '}'");
}

TEST_CASE("a member written twice, a period too long, a list item", "[messages]") {
  CHECK(in_zh(R"({"format":"starsheet-period/1","measures":{"orders_total":1,"orders_total":2}})") ==
        "各项数据（/measures）：“orders_total”写了两次，请只保留一个");
  std::string month = R"({"format":"starsheet-period/1","period":{"kind":"month","start":"2026-01-01","end":"2027-01-31"}})";
  CHECK(in_zh(month) == "周期结束日（/period/end）：月度周期最多 31 天；2026-01-01 至 2027-01-31 共 396 天");
  CHECK(in_en(month) == "Period end (/period/end): a month covers at most 31 days; 2026-01-01 to 2027-01-31 is 396 days");
  std::string items = period_with({{"supplier_qualifications", {"iso9001", "iso9001"}}});
  auto e = refusal(items);
  CHECK(e.where == "/measures/supplier_qualifications/1");
  localized_error zh = localize(e, default_pack(), lang::zh), en = localize(e, default_pack(), lang::en);
  CHECK(zh.field == default_pack().find_measure("/measures/supplier_qualifications")->label.zh + "第 2 项");
  CHECK(zh.message == "“iso9001”列出了两次");
  CHECK(en.field == default_pack().find_measure("/measures/supplier_qualifications")->label.en + ", item 2");
  CHECK(en.message == "\"iso9001\" is listed twice");
}

TEST_CASE("recovery checks name the measures by their labels", "[messages]") {
  std::string p = period_with({{"recovery", {{"insured_parcels", 1234567}, {"damaged", 2}, {"lost", 1}}}});
  CHECK(in_zh(p) == "破损和丢失包裹中已保价的件数（/measures/recovery/insured_parcels）：投保 1,234,567 件，"
                    "但破损或丢失只有 3 件（破损包裹数 + 丢失包裹数）");
  CHECK(in_en(p) == "Insured parcels among the damaged and lost (/measures/recovery/insured_parcels): 1,234,567 insured "
                    "parcels, but only 3 damaged or lost (damaged parcels + lost parcels)");
}

TEST_CASE("the page's error: the line without the pointer, the pointer apart", "[messages]") {
  json j = error_json(refusal(period_with({{"orders_total", 13000}, {"orders_on_time", 13105}})), default_pack(), lang::zh);
  CHECK(j["message"] == "准时送达订单数：13,105 大于订单总数（13,000）；部分不能超过整体");
  CHECK(j["field"] == "准时送达订单数");
  CHECK(j["pointer"] == "/measures/orders_on_time");
  CHECK(j["text"] == "13,105 大于订单总数（13,000）；部分不能超过整体");
  CHECK(j["key"] == "error_part_above_whole");
  // An error with no key keeps its English message and its place.
  json plain = error_json(input_error{"/x", "something odd"}, default_pack(), lang::zh);
  CHECK(plain["message"] == "/x: something odd");
  CHECK(plain["key"] == "");
}

TEST_CASE("a value from the data holding braces is not read as a slot", "[messages]") {
  input_error e{"/measures/orders_total", "x", "error_unknown_indicator", {{"id", "{got}"}}};
  CHECK(localize(e, default_pack(), lang::en).message == "unknown indicator \"{got}\"");
}

TEST_CASE("every input-error message is in the pack in zh and en, and a pack without one is refused", "[messages]") {
  std::set<std::string> seen;
  for (const auto& key : error_message_keys()) {
    INFO(key);
    CHECK(seen.insert(key).second);
    REQUIRE(default_pack().messages.count(key));
    CHECK_FALSE(default_pack().message(key).zh.empty());
    CHECK_FALSE(default_pack().message(key).en.empty());
  }
  json doc = json::parse(default_rules_json());
  doc["messages"].erase("error_part_above_whole");
  auto r = load_rules(doc.dump());
  REQUIRE_FALSE(r);
  CHECK(describe(r.error()) == "/messages/error_part_above_whole: required message is missing");
  doc = json::parse(default_rules_json());
  doc["messages"]["error_line"].erase("zh");
  r = load_rules(doc.dump());
  REQUIRE_FALSE(r);
  CHECK(describe(r.error()) == "/messages/error_line/zh: required member is missing");
}

TEST_CASE("a report from another rule pack is refused in the user's language", "[messages]") {
  std::string report = R"({"format":"starsheet-report/1","rules":{"id":"cbel-guide-appendix-a","version":"0.0.1"}})";
  std::vector<std::string_view> texts = {report, report};
  auto r = compare_period_texts(texts, {"a.json", "b.json"}, default_pack(), report_format::text, lang::zh);
  REQUIRE_FALSE(r);
  const rule_pack& pack = default_pack();
  CHECK(describe(r.error(), pack, lang::zh) ==
        "/rules: 这份报告是用另一个规则包生成的（本规则包为 " + pack.id + " " + pack.version + "）");
  CHECK(describe(r.error(), pack, lang::en) ==
        "/rules: the report was made with another rule pack (this one is " + pack.id + " " + pack.version + ")");
}
