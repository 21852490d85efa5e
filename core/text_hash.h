// A 64-bit hash of a short text, eight bytes a step, for the importer's per-row tables (the
// duplicate-id check, the drill-down's values), and the equality test that goes with it. Not a
// cryptographic hash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace starsheet {

// Inlined even where the wasm build's global -Oz forbids inlining (-fno-inline-functions):
// called once a row per column, a call costs more than the hash.
#if defined(__GNUC__)
#define STARSHEET_HASH_INLINE inline __attribute__((always_inline))
#else
#define STARSHEET_HASH_INLINE inline
#endif

/// The bytes of `s` from `from` to its end (fewer than eight), little-endian in one word; 0 if
/// none. A few whole loads, not a loop over the bytes: a memcpy of variable length is a call in
/// wasm, and a byte loop was a good part of hashing a short cell.
STARSHEET_HASH_INLINE std::uint64_t text_tail(std::string_view s, std::size_t from) {
  const std::size_t n = s.size() - from;
  if (n == 0) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  if (s.size() >= 8) {  // the text's last eight bytes, of which the tail is the high ones
    std::uint64_t w;
    std::memcpy(&w, p + s.size() - 8, 8);
    return w >> (8 * (8 - n));
  }
  // A text shorter than eight bytes (from is 0): two loads that overlap in the middle.
  if (n >= 4) {
    std::uint32_t low, high;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + n - 4, 4);
    return low | std::uint64_t{high} << (8 * (n - 4));
  }
  return p[0] | std::uint64_t{p[n / 2]} << (8 * (n / 2)) | std::uint64_t{p[n - 1]} << (8 * (n - 1));
}

/// Whether `a` and `b` hold the same bytes, eight at a time (in wasm, == on strings ends in a
/// call to a byte-wise memcmp).
STARSHEET_HASH_INLINE bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  return text_tail(a, i) == text_tail(b, i);
}

/// The hash of `s` (a multiply-xorshift over little-endian words, then a final mix).
STARSHEET_HASH_INLINE std::uint64_t text_hash(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  const std::uint64_t w = text_tail(s, i);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  return h;
}

}  // namespace starsheet
