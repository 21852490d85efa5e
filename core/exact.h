// Exact arithmetic for scoring: every measure is a finite decimal, every formula a few
// additions, multiplications and divisions, so a rational over an arbitrary-size integer keeps
// tier comparisons exact (9,900 of 10,000 is 99 %, never 98.99999…).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
  // The limbs: in place up to four (128 bits, enough for every count and measure of a period and
  // for their products), on the heap beyond. With a std::vector, every value allocated: scoring
  // a period and planning its improvements makes some hundred thousand of them, and their
  // allocations were most of the score's time in the wasm build.
  class limb_store {
   public:
    limb_store() = default;
    limb_store(const limb_store& other) { *this = other; }
    limb_store(limb_store&& other) noexcept { take(other); }
    limb_store& operator=(const limb_store& other);
    limb_store& operator=(limb_store&& other) noexcept {
      if (this != &other) {
        release();
        take(other);
      }
      return *this;
    }
    ~limb_store() { release(); }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::uint32_t& operator[](std::size_t i) { return data()[i]; }
    std::uint32_t operator[](std::size_t i) const { return data()[i]; }
    std::uint32_t back() const { return data()[size_ - 1]; }
    void pop_back() { --size_; }
    void push_back(std::uint32_t limb) {
      if (size_ == capacity_) grow(size_ + 1);
      data()[size_++] = limb;
    }
    /// `count` limbs, all zero.
    void assign_zeros(std::size_t count);
    const std::uint32_t* begin() const { return data(); }
    const std::uint32_t* end() const { return data() + size_; }

   private:
    static constexpr std::uint32_t in_place = 4;
    bool on_heap() const { return capacity_ > in_place; }
    std::uint32_t* data() { return on_heap() ? heap_ : in_place_; }
    const std::uint32_t* data() const { return on_heap() ? heap_ : in_place_; }
    void grow(std::size_t count);
    void release() {
      if (on_heap()) delete[] heap_;
      capacity_ = in_place;
      size_ = 0;
    }
    void take(limb_store& other);
    std::uint32_t size_ = 0, capacity_ = in_place;
    union {
      std::uint32_t in_place_[in_place];
      std::uint32_t* heap_;
    };
  };
  limb_store limbs_;
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
