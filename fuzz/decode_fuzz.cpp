// libFuzzer target for the CLI's iconv decoder (cli/decode.cpp): any bytes, as GB18030 or
// UTF-16LE/BE, cut into chunks where the input chooses, must decode to exactly the UTF-8 of
// the same bytes decoded whole (a character split across chunks is carried over), with the
// same count of replaced sequences, and the output must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "decode.h"

namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const char* const encodings[] = {"GB18030", "UTF-16LE", "UTF-16BE"};
  const char* from = encodings[data[0] % 3];
  std::size_t step = 1 + data[1] % 16;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);

  starsheet::shell::iconv_decoder whole(from);
  if (!whole.ok()) std::abort();
  std::string all(whole.decode(bytes, true));

  starsheet::shell::iconv_decoder pieces(from);
  std::string joined;
  for (std::size_t at = 0; at < bytes.size(); at += step)
    joined += pieces.decode(bytes.substr(at, step), false);
  joined += pieces.decode({}, true);

  if (joined != all || pieces.replaced() != whole.replaced() || !valid_utf8(all)) std::abort();
  return 0;
}
