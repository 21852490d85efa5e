#include "exact.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace starsheet {

big_uint::limb_store& big_uint::limb_store::operator=(const limb_store& other) {
  if (this == &other) return *this;
  size_ = 0;
  if (other.size_ > capacity_) grow(other.size_);
  std::copy(other.begin(), other.end(), data());
  size_ = other.size_;
  return *this;
}

void big_uint::limb_store::assign_zeros(std::size_t count) {
  size_ = 0;
  if (count > capacity_) grow(count);
  std::fill(data(), data() + count, 0u);
  size_ = static_cast<std::uint32_t>(count);
}

void big_uint::limb_store::grow(std::size_t count) {
  std::size_t capacity = std::max<std::size_t>(count, std::size_t{capacity_} * 2);
  auto* limbs = new std::uint32_t[capacity];
  std::copy(begin(), end(), limbs);  // before heap_ is written: it shares in_place_'s room
  if (on_heap()) delete[] heap_;
  heap_ = limbs;
  capacity_ = static_cast<std::uint32_t>(capacity);
}

void big_uint::limb_store::take(limb_store& other) {
  if (other.on_heap()) {
    heap_ = other.heap_;
    capacity_ = other.capacity_;
    other.capacity_ = in_place;
  } else {
    std::copy(other.begin(), other.end(), in_place_);
  }
  size_ = other.size_;
  other.size_ = 0;
}

big_uint::big_uint(std::uint64_t v) {
  while (v != 0) {
    limbs_.push_back(static_cast<std::uint32_t>(v));
    v >>= 32;
  }
}

void big_uint::trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

std::optional<std::uint64_t> big_uint::to_u64() const {
  if (limbs_.size() > 2) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) v = (v << 32) | limbs_[i];
  return v;
}

double big_uint::to_double() const {
  // Sum from the most significant limb down; exact up to 2^53, then correctly scaled.
  double v = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) v = v * 4294967296.0 + limbs_[i];
  return v;
}

int big_uint::bit_length() const {
  if (limbs_.empty()) return 0;
  int bits = static_cast<int>(limbs_.size() - 1) * 32;
  for (std::uint32_t top = limbs_.back(); top != 0; top >>= 1) ++bits;
  return bits;
}

big_uint big_uint::shifted_left(int bits) const {
  if (is_zero() || bits == 0) return *this;
  big_uint r;
  int limbs = bits / 32, rest = bits % 32;
  r.limbs_.assign_zeros(static_cast<std::size_t>(limbs));
  std::uint32_t carry = 0;
  for (std::uint32_t limb : limbs_) {
    r.limbs_.push_back(rest ? (limb << rest) | carry : limb);
    carry = rest ? limb >> (32 - rest) : 0;
  }
  if (carry) r.limbs_.push_back(carry);
  return r;
}

big_uint operator+(const big_uint& a, const big_uint& b) {
  big_uint r;
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < std::max(a.limbs_.size(), b.limbs_.size()) || carry; ++i) {
    std::uint64_t s = carry;
    if (i < a.limbs_.size()) s += a.limbs_[i];
    if (i < b.limbs_.size()) s += b.limbs_[i];
    r.limbs_.push_back(static_cast<std::uint32_t>(s));
    carry = s >> 32;
  }
  r.trim();
  return r;
}

big_uint operator-(const big_uint& a, const big_uint& b) {
  big_uint r;
  std::int64_t borrow = 0;
  for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
    std::int64_t d = static_cast<std::int64_t>(a.limbs_[i]) - borrow -
                     (i < b.limbs_.size() ? static_cast<std::int64_t>(b.limbs_[i]) : 0);
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 4294967296LL;
    r.limbs_.push_back(static_cast<std::uint32_t>(d));
  }
  r.trim();
  return r;
}

big_uint operator*(const big_uint& a, const big_uint& b) {
  big_uint r;
  if (a.is_zero() || b.is_zero()) return r;
  r.limbs_.assign_zeros(a.limbs_.size() + b.limbs_.size());
  for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < b.limbs_.size() || carry; ++j) {
      std::uint64_t cur = r.limbs_[i + j] + carry;
      if (j < b.limbs_.size()) cur += static_cast<std::uint64_t>(a.limbs_[i]) * b.limbs_[j];
      r.limbs_[i + j] = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
  }
  r.trim();
  return r;
}

int compare(const big_uint& a, const big_uint& b) {
  if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
  for (std::size_t i = a.limbs_.size(); i-- > 0;)
    if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
  return 0;
}

namespace {

// 66 quotient bits for to_double; __extension__ keeps -Wpedantic quiet about the GCC/Clang type.
__extension__ typedef unsigned __int128 u128;
big_uint pow10(int n) {
  // By squaring: 10^n in log n multiplications.
  big_uint r(1), base(10);
  for (; n > 0; n >>= 1) {
    if (n & 1) r = r * base;
    if (n > 1) base = base * base;
  }
  return r;
}
}  // namespace

rational::rational(std::int64_t v)
    : negative_(v < 0),
      num_(v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v)),
      den_(1) {}

rational::rational(bool negative, big_uint num, big_uint den)
    : negative_(negative), num_(std::move(num)), den_(std::move(den)) {}

std::optional<rational> rational::from_decimal(std::string_view s) {
  // Exact arithmetic costs in the digits and the exponent: a number beyond these is no measure
  // anyone wrote, and reading it would take minutes (a fuzzer found 1e94001).
  if (s.size() > max_decimal_digits) return std::nullopt;
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  big_uint num;
  int frac_digits = 0, digits = 0;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      num = num * big_uint(10) + big_uint(static_cast<std::uint64_t>(c - '0'));
      ++digits;
      if (seen_point) ++frac_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits == 0) return std::nullopt;
  int exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) exp_negative = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > max_decimal_exponent) return std::nullopt;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  int scale = exponent - frac_digits;
  if (scale >= 0) return rational(negative, num * pow10(scale), big_uint(1));
  return rational(negative, num, pow10(-scale));
}

rational rational::from_double(double v) {
  // fmt prints the shortest text that reads back as the same double, i.e. the JSON literal.
  return *from_decimal(fmt::format("{}", v));
}

bool rational::is_integer() const {
  if (num_.is_zero()) return true;
  auto n64 = num_.to_u64(), d64 = den_.to_u64();
  if (n64 && d64) return *n64 % *d64 == 0;
  // Large values: the remainder of binary long division, with doublings of the denominator.
  std::vector<big_uint> multiples{den_};
  while (compare(multiples.back(), num_) <= 0) multiples.push_back(multiples.back() + multiples.back());
  big_uint rem = num_;
  for (std::size_t i = multiples.size(); i-- > 0;)
    if (compare(multiples[i], rem) <= 0) rem = rem - multiples[i];
  return rem.is_zero();
}

double rational::to_double() const {
  if (num_.is_zero()) return 0.0;
  double v;
  auto n = num_.to_u64(), d = den_.to_u64();
  if (n && d && *n <= (1ULL << 53) && *d <= (1ULL << 53)) {
    v = static_cast<double>(*n) / static_cast<double>(*d);  // one IEEE division: correctly rounded
  } else {
    // Correctly rounded for any size: take 64 to 65 bits of num × 2^s / den by binary long
    // division, note whether anything remains (sticky), and round to 53 bits once.
    int s = den_.bit_length() - num_.bit_length() + 64;
    big_uint rem = s >= 0 ? num_.shifted_left(s) : num_;
    big_uint den = s < 0 ? den_.shifted_left(-s) : den_;
    u128 q = 0;
    for (int i = 65; i >= 0; --i) {
      big_uint step = den.shifted_left(i);
      if (compare(step, rem) <= 0) {
        rem = rem - step;
        q |= static_cast<u128>(1) << i;
      }
    }
    int bits = 0;
    for (u128 t = q; t != 0; t >>= 1) ++bits;
    int extra = bits - 53;
    auto mantissa = static_cast<std::uint64_t>(q >> extra);
    u128 dropped = q & ((static_cast<u128>(1) << extra) - 1);
    u128 half = static_cast<u128>(1) << (extra - 1);
    bool sticky = !rem.is_zero();
    if (dropped > half || (dropped == half && (sticky || (mantissa & 1)))) ++mantissa;
    v = std::ldexp(static_cast<double>(mantissa), extra - s);
  }
  return negative_ ? -v : v;
}

std::string rational::str() const { return fmt::format("{}", to_double()); }

rational operator+(const rational& a, const rational& b) {
  // Shares of one total keep their denominator (values are not reduced, so it would grow).
  bool same_den = compare(a.den_, b.den_) == 0;
  big_uint x = same_den ? a.num_ : a.num_ * b.den_, y = same_den ? b.num_ : b.num_ * a.den_;
  big_uint den = same_den ? a.den_ : a.den_ * b.den_;
  if (a.negative_ == b.negative_) return rational(a.negative_, x + y, den);
  if (compare(x, y) >= 0) return rational(a.negative_, x - y, den);
  return rational(b.negative_, y - x, den);
}

rational operator-(const rational& a, const rational& b) {
  return a + rational(!b.negative_, b.num_, b.den_);
}

rational operator*(const rational& a, const rational& b) {
  return rational(a.negative_ != b.negative_, a.num_ * b.num_, a.den_ * b.den_);
}

rational operator/(const rational& a, const rational& b) {
  return rational(a.negative_ != b.negative_, a.num_ * b.den_, a.den_ * b.num_);
}

int compare(const rational& a, const rational& b) {
  bool an = a.is_negative(), bn = b.is_negative();
  if (an != bn) return an ? -1 : 1;
  int c = compare(a.den_, b.den_) == 0 ? compare(a.num_, b.num_) : compare(a.num_ * b.den_, b.num_ * a.den_);
  return an ? -c : c;
}

}  // namespace starsheet
