#include "exact.h"

#include <catch2/catch.hpp>

using starsheet::rational;

namespace {
rational dec(const char* s) { return *rational::from_decimal(s); }
}  // namespace

TEST_CASE("decimals parse exactly", "[exact]") {
  CHECK(dec("99") == rational(99));
  CHECK(dec("99.00") == rational(99));
  CHECK(dec("0.95") == rational(95) / rational(100));
  CHECK(dec("-1.5") == rational(-3) / rational(2));
  CHECK(dec("1.5e3") == rational(1500));
  CHECK(dec("25e-1") == rational(5) / rational(2));
  CHECK_FALSE(rational::from_decimal("").has_value());
  CHECK_FALSE(rational::from_decimal("1.2.3").has_value());
  CHECK_FALSE(rational::from_decimal("1e").has_value());
  CHECK_FALSE(rational::from_decimal("abc").has_value());
}

TEST_CASE("a double reads back as the literal that was written", "[exact]") {
  // 0.1 is not exactly representable as a double; the JSON author meant exactly 1/10.
  CHECK(rational::from_double(0.1) == rational(1) / rational(10));
  CHECK(rational::from_double(0.0101) == rational(101) / rational(10000));
  CHECK(rational::from_double(1e20) == dec("100000000000000000000"));
  CHECK(rational::from_double(2071.5) == rational(4143) / rational(2));
}

TEST_CASE("rate boundaries are exact where doubles are not", "[exact]") {
  // 100 × 9900 / 10000 is exactly 99.
  CHECK(rational(100) * rational(9900) / rational(10000) == rational(99));
  // 0.29 × 100 is 28.999999999999996 in doubles; exactly 29 here.
  CHECK(rational::from_double(0.29) * rational(100) == rational(29));
  CHECK(rational::from_double(0.29) * rational(100) >= rational(29));
  // (1 − 0.01) × 100 is exactly 99.
  CHECK((rational(1) - rational::from_double(0.01)) * rational(100) == rational(99));
  // 1/3 + 1/3 + 1/3 is exactly 1.
  rational third = rational(1) / rational(3);
  CHECK(third + third + third == rational(1));
}

TEST_CASE("ordering and signs", "[exact]") {
  CHECK(rational(-2) < rational(1));
  CHECK(rational(-2) < rational(-1));
  CHECK(rational(0) == rational(0) - rational(0));
  CHECK((rational(3) - rational(5)).is_negative());
  CHECK((rational(-3) * rational(-5)) == rational(15));
  CHECK((rational(1) / rational(-4)) == dec("-0.25"));
  CHECK(dec("0.94999") < dec("0.95"));
  CHECK(dec("1.05") > dec("1.0499999999999999999"));
}

TEST_CASE("integers and conversion to double", "[exact]") {
  CHECK(rational(12).is_integer());
  CHECK((rational(12000) / rational(100)).is_integer());
  CHECK_FALSE((rational(1) / rational(3)).is_integer());
  CHECK(dec("12.0").is_integer());
  CHECK_FALSE(dec("12.5").is_integer());
  CHECK(dec("123456789012345678901234567890").is_integer());
  CHECK_FALSE((dec("123456789012345678901234567891") / dec("1234567890123456789012345678900")).is_integer());
  CHECK((rational(100) * rational(11850) / rational(12000)).to_double() == 98.75);
  CHECK((rational(-7) / rational(2)).to_double() == -3.5);
  CHECK((rational(1) / rational(3)).to_double() == 1.0 / 3.0);
}

TEST_CASE("large values stay exact", "[exact]") {
  rational big = dec("1e30");
  CHECK(big + rational(1) > big);
  CHECK((big + rational(1)) - big == rational(1));
  CHECK((big * big) / big == big);
}

TEST_CASE("values past 128 bits move to the heap and back, copied and moved intact", "[exact]") {
  // 2^128 - 1 is the largest value kept in place; one more needs a fifth limb.
  rational two_64 = dec("18446744073709551616");
  rational in_place = two_64 * two_64 - rational(1);
  rational on_heap = in_place + rational(1);
  CHECK(in_place.str() == "3.402823669209385e+38");
  CHECK(on_heap == dec("340282366920938463463374607431768211456"));
  CHECK(on_heap - rational(1) == in_place);
  // Products past the boundary and back (division by the same factor).
  rational big = on_heap * on_heap * on_heap;
  CHECK(big / (on_heap * on_heap) == on_heap);
  // Copies keep their own limbs; moves leave a valid zero behind.
  rational copy = big;
  copy = copy + rational(1);
  CHECK(copy - big == rational(1));
  rational moved = std::move(copy);
  CHECK(moved - big == rational(1));
  copy = in_place;  // assigned after the move: usable again
  CHECK(copy == in_place);
  moved = in_place;  // a heap value assigned a smaller one
  CHECK(moved == in_place);
  rational& same = moved;
  moved = same;
  CHECK(moved == in_place);
  // Shares of one total (the same denominator) add and compare exactly.
  CHECK(rational(1) / rational(3) + rational(1) / rational(3) == rational(2) / rational(3));
  CHECK(rational(1) / rational(3) < rational(2) / rational(3));
  CHECK(rational(-1) / rational(3) + rational(2) / rational(3) == rational(1) / rational(3));
}

TEST_CASE("conversion to double is correctly rounded at any size", "[exact]") {
  // A report's value read back: its literal has a numerator above 2^53; the double must be the
  // one the literal denotes (and the one the exact value it came from rounds to).
  CHECK(rational::from_decimal("99.03225806451613")->to_double() == 99.03225806451613);
  CHECK(rational::from_decimal("99.03225806451613")->to_double() == (rational(61400) / rational(620)).to_double());
  CHECK(rational::from_decimal("96.9951923076923")->to_double() == 96.9951923076923);
  CHECK(rational::from_decimal("0.1")->to_double() == 0.1);
  CHECK(rational::from_decimal("123456789012345678901234567890")->to_double() == 123456789012345678901234567890.0);
  CHECK(rational::from_decimal("1e-30")->to_double() == 1e-30);
  CHECK((rational(1) / rational::from_decimal("3e40").value()).to_double() == 1.0 / 3e40);
  // Exactly halfway between two doubles rounds to even: 2^53 + 1 → 2^53, 2^53 + 3 → 2^53 + 4.
  CHECK(rational::from_decimal("9007199254740993")->to_double() == 9007199254740992.0);
  CHECK(rational::from_decimal("9007199254740995")->to_double() == 9007199254740996.0);
  CHECK(rational::from_decimal("-2.5e20")->to_double() == -2.5e20);
}

TEST_CASE("decimals beyond what a measure can be are refused at once, not computed", "[exact]") {
  // Found by exact_fuzz: these took over 10 s and 900 MB.
  CHECK_FALSE(rational::from_decimal("1e94001"));
  CHECK_FALSE(rational::from_decimal("1999999999999e-999999"));
  CHECK_FALSE(rational::from_decimal("1e4001"));
  CHECK_FALSE(rational::from_decimal(std::string(1001, '9')));
  REQUIRE(rational::from_decimal("1e4000"));
  CHECK(*rational::from_decimal("1e4000") > *rational::from_decimal("9e3999"));
  CHECK(*rational::from_decimal("1e-4000") > rational(0));
  CHECK(*rational::from_decimal("25e-1") == *rational::from_decimal("2.5"));
}
