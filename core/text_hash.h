// A 64-bit hash of a short text, eight bytes a step, for the importer's per-row tables (the
// duplicate-id check, the drill-down's values). Not a cryptographic hash.
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
  // The last bytes, little-endian, without a memcpy of variable length (a call in wasm).
  std::uint64_t w = 0;
  for (unsigned k = 0; i < s.size(); ++i, k += 8) w |= std::uint64_t{static_cast<unsigned char>(s[i])} << k;
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  return h;
}

}  // namespace starsheet
