// Text decoding for the native shell: UTF-16 and GB18030/GBK bytes to UTF-8 with iconv,
// streaming (a character split across two chunks is carried to the next call). The browser
// does the same with TextDecoder; the core only ever sees UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "result.h"

namespace starsheet::shell {

class iconv_decoder {
 public:
  /// `from` as iconv names it ("GB18030", "UTF-16LE", "UTF-16BE").
  explicit iconv_decoder(const char* from);
  ~iconv_decoder();
  iconv_decoder(const iconv_decoder&) = delete;
  iconv_decoder& operator=(const iconv_decoder&) = delete;

  /// Whether iconv knows the encoding.
  bool ok() const { return cd_ != nullptr; }
  /// Decodes the next chunk; the view is valid until the next call. With `final`, an
  /// incomplete character at the end is replaced too.
  std::string_view decode(std::string_view chunk, bool final = false);
  /// Invalid or incomplete byte sequences replaced by U+FFFD so far.
  std::size_t replaced() const { return replaced_; }

 private:
  void* cd_ = nullptr;
  std::size_t unit_ = 1;  // bytes skipped past an invalid sequence
  std::string pending_, out_;
  std::size_t replaced_ = 0;
};

/// The error for text in an encoding this system's iconv does not know (`name`: "UTF-16LE").
input_error cannot_decode(const std::string& name);

/// A whole JSON text (period, mapping, rule pack, report) as UTF-8: UTF-16 with or without a
/// byte order mark (as Notepad and Excel save it) is decoded, a UTF-8 mark dropped. Other
/// bytes are returned as they are: the JSON reader names what is wrong with them. The error
/// says that UTF-16 could not be decoded.
result<std::string> json_text_as_utf8(std::string bytes);

}  // namespace starsheet::shell
