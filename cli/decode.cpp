#include "decode.h"

#include <cerrno>
#include <cstring>
#include <iconv.h>

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
