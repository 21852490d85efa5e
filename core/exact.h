// Exact arithmetic for scoring: every measure is a finite decimal, every formula a few
// additions, multiplications and divisions, so a rational over an arbitrary-size integer keeps
// tier comparisons exact (9,900 of 10,000 is 99 %, never 98.99999…).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace starsheet {

/// A non-negative integer of any size (base 2^32 limbs, least significant first).
class big_uint {
 public:
  big_uint() = default;
  big_uint(std::uint64_t v);

  bool is_zero() const { return limbs_.empty(); }
  double to_double() const;
  /// Number of significant bits (0 for zero).
  int bit_length() const;
  /// This value times 2^bits.
  big_uint shifted_left(int bits) const;
  /// The value if it fits in 64 bits.
  std::optional<std::uint64_t> to_u64() const;

  friend big_uint operator+(const big_uint& a, const big_uint& b);
  /// Requires a >= b.
  friend big_uint operator-(const big_uint& a, const big_uint& b);
  friend big_uint operator*(const big_uint& a, const big_uint& b);
  friend int compare(const big_uint& a, const big_uint& b);

 private:
  void trim();
  std::vector<std::uint32_t> limbs_;
};

constexpr std::size_t max_decimal_digits = 1000;
constexpr int max_decimal_exponent = 4000;

/// An exact signed fraction. The denominator is always positive; values are not reduced, which
/// is fine for the handful of operations a formula needs.
class rational {
 public:
  rational() : den_(1) {}
  rational(std::int64_t v);
  rational(bool negative, big_uint num, big_uint den);

  /// Parses a plain or scientific decimal ("12", "-0.95", "1.5e3"); nullopt if malformed, longer
  /// than max_decimal_digits characters or with an exponent beyond ±max_decimal_exponent.
  static std::optional<rational> from_decimal(std::string_view text);
  /// The exact decimal a JSON author wrote: a double's shortest round-trip form is the literal.
  static rational from_double(double v);

  bool is_zero() const { return num_.is_zero(); }
  bool is_negative() const { return negative_ && !num_.is_zero(); }
  bool is_integer() const;
  double to_double() const;
  /// Shortest text of the nearest double ("99", "0.95"), for messages.
  std::string str() const;

  friend rational operator+(const rational& a, const rational& b);
  friend rational operator-(const rational& a, const rational& b);
  friend rational operator*(const rational& a, const rational& b);
  /// Requires b != 0.
  friend rational operator/(const rational& a, const rational& b);
  friend int compare(const rational& a, const rational& b);
  friend bool operator<(const rational& a, const rational& b) { return compare(a, b) < 0; }
  friend bool operator<=(const rational& a, const rational& b) { return compare(a, b) <= 0; }
  friend bool operator>(const rational& a, const rational& b) { return compare(a, b) > 0; }
  friend bool operator>=(const rational& a, const rational& b) { return compare(a, b) >= 0; }
  friend bool operator==(const rational& a, const rational& b) { return compare(a, b) == 0; }
  friend bool operator!=(const rational& a, const rational& b) { return compare(a, b) != 0; }

 private:
  bool negative_ = false;
  big_uint num_;
  big_uint den_;
};

}  // namespace starsheet
