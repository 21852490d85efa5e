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
