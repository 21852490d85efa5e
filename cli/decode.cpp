#include "decode.h"

#include <cerrno>
#include <cstring>
#include <iconv.h>

#include "encoding.h"

namespace starsheet::shell {

namespace {
constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
}

iconv_decoder::iconv_decoder(const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd != reinterpret_cast<iconv_t>(-1)) cd_ = cd;
  unit_ = std::strncmp(from, "UTF-16", 6) == 0 ? 2 : 1;
}

iconv_decoder::~iconv_decoder() {
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

std::string_view iconv_decoder::decode(std::string_view chunk, bool final) {
  out_.clear();
  if (!cd_) return out_;
  // A character cut by the previous chunk boundary goes first (at most a few bytes, so the
  // copy of this chunk behind it is the only extra work, and only when a cut happened).
  std::string joined;
  if (!pending_.empty()) {
    joined = pending_;
    joined.append(chunk.data(), chunk.size());
    chunk = joined;
    pending_.clear();
  }
  out_.resize(chunk.size() + chunk.size() / 2 + 16);
  char* in = const_cast<char*>(chunk.data());
  std::size_t in_left = chunk.size();
  std::size_t used = 0;
  while (in_left > 0) {
    char* out = &out_[used];
    std::size_t out_left = out_.size() - used;
    std::size_t r = iconv(static_cast<iconv_t>(cd_), &in, &in_left, &out, &out_left);
    used = out_.size() - out_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out_.resize(out_.size() * 2);
    } else if (errno == EINVAL && !final) {  // an incomplete character at the end: keep it
      pending_.assign(in, in_left);
      break;
    } else {  // EILSEQ, or an incomplete character at the very end: replace and go on
      if (out_.size() - used < replacement.size()) out_.resize(out_.size() * 2);
      std::memcpy(&out_[used], replacement.data(), replacement.size());
      used += replacement.size();
      std::size_t skip = in_left < unit_ ? in_left : unit_;
      in += skip;
      in_left -= skip;
      ++replaced_;
    }
  }
  out_.resize(used);
  return out_;
}

}  // namespace starsheet::shell

namespace starsheet::shell {

result<std::string> json_text_as_utf8(std::string bytes) {
  text_encoding enc = detect_encoding(std::string_view(bytes).substr(0, 64 * 1024));
  if (enc == text_encoding::utf8) {
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);
    return bytes;
  }
  // GB18030 is only guessed from bytes that are not UTF-8; a JSON file is UTF-8 by its
  // standard, so those bytes are left for the JSON reader to point at.
  if (enc == text_encoding::gb18030) return bytes;
  std::string name(encoding_name(enc));
  std::string_view body = std::string_view(bytes).substr(bom_length(bytes, enc));
  iconv_decoder decoder(name.c_str());
  if (!decoder.ok()) return cannot_decode(name);
  std::string text(decoder.decode(body, true));
  if (std::size_t bad = decoder.replaced(); bad > 0)
    return input_error{"",
                       "the file looks like " + name + " but " + std::to_string(bad) + " byte sequences are not " + name +
                           "; save it as UTF-8",
                       "file_encoding_bad", {{"encoding", name}, {"count", std::to_string(bad)}}};
  return text;
}

input_error cannot_decode(const std::string& name) {
  return input_error{"", "the file is " + name + ", which this system's iconv cannot decode", "file_encoding_unsupported",
                     {{"encoding", name}}};
}

}  // namespace starsheet::shell
