#include "encoding.h"

#include <cstddef>

namespace starsheet {

bool is_valid_utf8(std::string_view s, bool allow_cut_end) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) return allow_cut_end;
      unsigned char b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    i += len;
  }
  return true;
}

text_encoding detect_encoding(std::string_view s) {
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  if (s.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return text_encoding::utf8;
  if (s.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) return text_encoding::utf16le;
  if (s.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) return text_encoding::utf16be;
  // UTF-16 without a mark: ASCII-heavy text (delimiters, digits) has zero high bytes.
  std::size_t pairs = s.size() / 2, zero_even = 0, zero_odd = 0;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    zero_even += at(i) == 0;
    zero_odd += at(i + 1) == 0;
  }
  if (pairs >= 2) {
    if (zero_odd * 3 >= pairs && zero_even * 10 < pairs) return text_encoding::utf16le;
    if (zero_even * 3 >= pairs && zero_odd * 10 < pairs) return text_encoding::utf16be;
  }
  return is_valid_utf8(s, true) ? text_encoding::utf8 : text_encoding::gb18030;
}

std::string_view encoding_name(text_encoding e) {
  switch (e) {
    case text_encoding::utf8: return "UTF-8";
    case text_encoding::utf16le: return "UTF-16LE";
    case text_encoding::utf16be: return "UTF-16BE";
    case text_encoding::gb18030: return "GB18030";
  }
  return "UTF-8";
}

std::size_t bom_length(std::string_view s, text_encoding e) {
  auto starts = [&](std::string_view bom) { return s.substr(0, bom.size()) == bom; };
  switch (e) {
    case text_encoding::utf8: return starts("\xEF\xBB\xBF") ? 3 : 0;
    case text_encoding::utf16le: return starts("\xFF\xFE") ? 2 : 0;
    case text_encoding::utf16be: return starts("\xFE\xFF") ? 2 : 0;
    case text_encoding::gb18030: return starts("\x84\x31\x95\x33") ? 4 : 0;
  }
  return 0;
}

}  // namespace starsheet
