// Which text encoding a record file is in. The core reads UTF-8 only; decoding UTF-16 and
// GB18030/GBK is left to the platform (iconv in the CLI, TextDecoder in the browser), which
// does it faster and streams it. The core only tells which encoding to ask for.
#pragma once

#include <string_view>

namespace starsheet {

enum class text_encoding { utf8, utf16le, utf16be, gb18030 };

/// Guesses the encoding from the first bytes of a file (a few KB are plenty): a byte order mark
/// decides; else UTF-16 text without one shows as zero bytes in every other position; else
/// text that is valid UTF-8 (allowing a character cut at the end of the sample) is UTF-8;
/// anything else is taken as GB18030, which includes GBK and GB2312, as Chinese Excel saves.
text_encoding detect_encoding(std::string_view first_bytes);

/// The encoding's name as iconv and TextDecoder know it ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030").
std::string_view encoding_name(text_encoding e);

/// Length of the byte order mark at the start of `bytes` for encoding `e` (0 if none).
std::size_t bom_length(std::string_view bytes, text_encoding e);

/// Whether `bytes` is valid UTF-8; a sequence cut short at the very end counts as valid when
/// `allow_cut_end` (the sample may end in the middle of a character).
bool is_valid_utf8(std::string_view bytes, bool allow_cut_end);

}  // namespace starsheet
