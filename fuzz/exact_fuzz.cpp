// libFuzzer target for rational::from_decimal (core/exact.cpp), with an independent reading as
// the oracle: short plain or scientific decimals are read digit by digit into a 64-bit
// mantissa and a power of ten, and both readings must accept the same JSON-style numbers and
// agree on their value. Any input must parse or be refused without a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "exact.h"

namespace {

struct reading {
  bool negative = false;
  std::uint64_t mantissa = 0;
  int exponent = 0;  // value = ±mantissa × 10^exponent
};

bool digit(char c) { return c >= '0' && c <= '9'; }

// The JSON number grammar, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, for at most 18
// mantissa digits and a 3-digit exponent (so the value is easy to build independently).
std::optional<reading> read_json_number(std::string_view s) {
  reading r;
  std::size_t i = 0, digits = 0;
  if (i < s.size() && s[i] == '-') r.negative = true, ++i;
  if (i >= s.size() || !digit(s[i])) return std::nullopt;
  if (s[i] == '0' && i + 1 < s.size() && digit(s[i + 1])) return std::nullopt;
  for (; i < s.size() && digit(s[i]); ++i, ++digits) r.mantissa = r.mantissa * 10 + static_cast<unsigned>(s[i] - '0');
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || !digit(s[i])) return std::nullopt;
    for (; i < s.size() && digit(s[i]); ++i, ++digits) {
      r.mantissa = r.mantissa * 10 + static_cast<unsigned>(s[i] - '0');
      --r.exponent;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i >= s.size() || !digit(s[i])) return std::nullopt;
    int e = 0, n = 0;
    for (; i < s.size() && digit(s[i]); ++i)
      if (++n > 3) return std::nullopt;
      else e = e * 10 + (s[i] - '0');
    r.exponent += neg ? -e : e;
  }
  if (i != s.size() || digits > 18) return std::nullopt;
  return r;
}

starsheet::rational value_of(const reading& r) {
  starsheet::rational v(static_cast<std::int64_t>(r.mantissa)), ten(10), one(1);
  starsheet::rational scale = one;
  for (int k = 0; k < (r.exponent < 0 ? -r.exponent : r.exponent); ++k) scale = scale * ten;
  v = r.exponent < 0 ? v / scale : v * scale;
  return r.negative ? starsheet::rational(0) - v : v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto got = starsheet::rational::from_decimal(text);
  bool has_digit = false, foreign = false;
  for (char c : text) {
    has_digit = has_digit || digit(c);
    foreign = foreign || !(digit(c) || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E');
  }
  // Text without a digit or with other characters is never a number.
  if (got && (!has_digit || foreign)) std::abort();
  if (auto expected = read_json_number(text)) {
    if (!got || *got != value_of(*expected)) std::abort();
    if (got->is_negative() != (expected->negative && expected->mantissa != 0)) std::abort();
  }
  if (got) (void)got->str();
  return 0;
}
