#include "json_text.h"

#include <catch2/catch.hpp>

using namespace starsheet;

TEST_CASE("syntax errors say where", "[json_text]") {
  auto r = parse_json("{\n  \"a\": 1,\n  \"b\": }");
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "");
  CHECK(r.error().message ==
        "not valid JSON: parse error at line 3, column 8: syntax error while parsing value - unexpected '}'; "
        "expected '[', '{', or a literal");
}

TEST_CASE("empty input is not JSON", "[json_text]") {
  auto r = parse_json("");
  REQUIRE_FALSE(r);
  CHECK(r.error().message.rfind("not valid JSON: parse error at line 1, column 1", 0) == 0);
}

TEST_CASE("a UTF-8 byte order mark is accepted", "[json_text]") {
  auto r = parse_json("\xEF\xBB\xBF{\"a\": 2}");
  REQUIRE(r);
  CHECK((*r)["a"] == 2);
}

TEST_CASE("numbers keep their exact value", "[json_text]") {
  auto r = parse_json(R"({"i": 12000, "f": 0.1, "big": 18446744073709551615, "neg": -3})");
  REQUIRE(r);
  CHECK(exact_number((*r)["i"]) == rational(12000));
  CHECK(exact_number((*r)["f"]) == rational(1) / rational(10));
  CHECK(exact_number((*r)["big"]) == *rational::from_decimal("18446744073709551615"));
  CHECK(exact_number((*r)["neg"]) == rational(-3));
}

TEST_CASE("pointers escape their tokens", "[json_text]") {
  CHECK(pointer_append("/measures", "orders_total") == "/measures/orders_total");
  CHECK(pointer_append("", "a/b~c") == "/a~1b~0c");
}

TEST_CASE("dumps are indented, end in a newline, and replace invalid UTF-8", "[json_text]") {
  nlohmann::json j = {{"a", 1}};
  CHECK(dump_json(j) == "{\n  \"a\": 1\n}\n");
  nlohmann::json bad = std::string("x\xFFy");
  CHECK(dump_json(bad) == "\"x\xEF\xBF\xBDy\"\n");
}

TEST_CASE("a number no double holds is kept as the literal that was written", "[json_text]") {
  auto r = parse_json(R"({"a": 98999999999999999999, "b": 9900.000000000000001, "c": 1e-400, "d": 98.99999999999999999,
                          "e": -123456789012345678901234567890, "f": 0.5})");
  REQUIRE(r);
  for (const char* k : {"a", "b", "c", "d", "e"}) {
    CHECK((*r)[k].is_binary());
    CHECK(is_number_literal((*r)[k]));
  }
  CHECK((*r)["f"].is_number_float());
  CHECK(exact_number((*r)["a"]) == *rational::from_decimal("98999999999999999999"));
  CHECK(exact_number((*r)["a"]) != *rational::from_decimal("99000000000000000000"));
  CHECK_FALSE(exact_number((*r)["b"]).is_integer());
  CHECK(exact_number((*r)["c"]) > rational(0));
  CHECK(exact_number((*r)["d"]) < rational(99));
  CHECK(exact_number((*r)["e"]).is_negative());
  CHECK(number_text((*r)["b"]) == "9900.000000000000001");
  CHECK(number_text((*r)["f"]) == "0.5");
  CHECK_FALSE(is_number_literal(nlohmann::ordered_json("12")));
}

TEST_CASE("numbers longer than Starsheet reads are refused, not rounded", "[json_text]") {
  auto r = parse_json("{\"a\": [1, 1e-100001]}");
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "/a/1");
  CHECK(r.error().message.find("larger exponent than Starsheet reads (400)") != std::string::npos);
  auto digits = parse_json("{\"a\": 0." + std::string(500, '3') + "}");
  REQUIRE_FALSE(digits);
  CHECK(digits.error().where == "/a");
}

TEST_CASE("the canonical text depends on the content, not on how it was written", "[json_text]") {
  auto a = parse_json("{\n  \"n\": [5.0, 0.50, 1e2, -2.5E-3, 0, 12],\n  \"s\": \"\\u4e2d\\n\"\n}");
  auto b = parse_json(R"({"n":[5,0.5,100,-0.0025,0.0,1.2e1],"s":"中\n"})");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(canonical_text(*a) == R"({"n":[5,0.5,100,-0.0025,0,12],"s":"中\n"})");
  CHECK(canonical_text(*b) == canonical_text(*a));
  auto big = parse_json("[98999999999999999999, 1e-400]");
  REQUIRE(big);
  CHECK(canonical_text(*big) == "[98999999999999999999,0." + std::string(399, '0') + "1]");
}

TEST_CASE("a member written twice is named", "[json_text]") {
  auto r = parse_json(R"({"measures": {"orders_total": 10, "transit": {}, "orders_total": 12}})");
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "/measures");
  CHECK(r.error().message == "the member \"orders_total\" is written twice; keep one");
  auto in_array = parse_json(R"([{"a": 1}, {"b": [0, {"c": 1, "c": 2}]}])");
  REQUIRE_FALSE(in_array);
  CHECK(in_array.error().where == "/1/b/1");
}

TEST_CASE("members keep their order and deep nesting is refused", "[json_text]") {
  auto r = parse_json(R"({"z": 1, "a": [true, null, {"m": "x"}], "k": {}})");
  REQUIRE(r);
  CHECK(r->dump() == R"({"z":1,"a":[true,null,{"m":"x"}],"k":{}})");
  auto deep = parse_json(std::string(300, '[') + std::string(300, ']'));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().message == "the document is nested more than 256 levels deep");
}

TEST_CASE("an object of many members parses in linear time", "[json_text]") {
  // 200,000 members took minutes when each insert searched the members before it.
  std::string text = "{";
  for (int i = 0; i < 200000; ++i) text += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":" + std::to_string(i);
  text += "}";
  auto r = parse_json(text);
  REQUIRE(r);
  CHECK(r->size() == 200000);
  CHECK((*r)["m199999"] == 199999);
}
