// ZIP containers (APPNOTE 6.3: central directory, zip64) and a raw DEFLATE inflater (RFC 1951)
// of our own: the wasm build has no zlib.
#include <algorithm>
#include <array>
#include <cstring>

#include "workbook_internal.h"

namespace starsheet::wb {

namespace {

std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint64_t le64(const unsigned char* p) { return le32(p) | (static_cast<std::uint64_t>(le32(p + 4)) << 32); }

// --- CRC-32, eight bytes at a time (the tables are built at compile time) -------------------

struct crc_tables {
  std::uint32_t t[8][256];
};

constexpr crc_tables make_crc_tables() {
  crc_tables c{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t v = n;
    for (int k = 0; k < 8; ++k) v = (v & 1) ? 0xEDB88320u ^ (v >> 1) : v >> 1;
    c.t[0][n] = v;
  }
  for (std::uint32_t n = 0; n < 256; ++n)
    for (int k = 1; k < 8; ++k) c.t[k][n] = (c.t[k - 1][n] >> 8) ^ c.t[0][c.t[k - 1][n] & 0xFF];
  return c;
}

constexpr crc_tables crc = make_crc_tables();

// --- inflate ------------------------------------------------------------------------------

// A Huffman decoding table entry: the symbol (or the start of a second-level table), the bits
// it takes (or the second-level table's index bits), and flags.
constexpr std::uint32_t entry_link = 1u << 24;
constexpr std::uint32_t entry_invalid = 1u << 25;
constexpr unsigned litlen_root = 10;
constexpr unsigned dist_root = 8;
constexpr unsigned codelen_root = 7;

// Builds a two-level table for canonical codes of the given lengths (0: unused symbol). False
// for an over-subscribed set; an incomplete one is allowed and its gaps decode as invalid.
bool build_table(const std::uint8_t* lengths, unsigned n, unsigned root, std::vector<std::uint32_t>& table) {
  unsigned count[16] = {};
  for (unsigned i = 0; i < n; ++i) ++count[lengths[i]];
  count[0] = 0;
  int left = 1;
  for (unsigned len = 1; len <= 15; ++len) {
    left = (left << 1) - static_cast<int>(count[len]);
    if (left < 0) return false;
  }
  unsigned next[16] = {};
  unsigned code = 0;
  for (unsigned len = 1; len <= 15; ++len) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  const unsigned root_size = 1u << root;
  // The longest code under each root prefix sizes its second-level table.
  std::uint8_t longest[1u << litlen_root] = {};
  std::uint16_t codes[320];
  for (unsigned s = 0; s < n; ++s) {
    unsigned len = lengths[s];
    if (!len) continue;
    unsigned c = next[len]++, rev = 0;
    for (unsigned b = 0; b < len; ++b) rev |= ((c >> b) & 1u) << (len - 1 - b);
    codes[s] = static_cast<std::uint16_t>(rev);
    if (len > root) {
      auto& l = longest[rev & (root_size - 1)];
      if (len > l) l = static_cast<std::uint8_t>(len);
    }
  }
  table.assign(root_size, entry_invalid);
  for (unsigned p = 0; p < root_size; ++p) {
    if (!longest[p]) continue;
    unsigned bits = longest[p] - root;
    table[p] = entry_link | (bits << 16) | static_cast<std::uint32_t>(table.size());
    table.resize(table.size() + (std::size_t{1} << bits), entry_invalid);
  }
  for (unsigned s = 0; s < n; ++s) {
    unsigned len = lengths[s];
    if (!len) continue;
    unsigned rev = codes[s];
    if (len <= root) {
      for (unsigned i = rev; i < root_size; i += 1u << len) table[i] = (len << 16) | s;
    } else {
      std::uint32_t link = table[rev & (root_size - 1)];
      unsigned base = link & 0xFFFF, bits = (link >> 16) & 0xFF, sub_len = len - root;
      for (unsigned i = rev >> root; i < (1u << bits); i += 1u << sub_len) table[base + i] = (sub_len << 16) | s;
    }
  }
  return true;
}

constexpr std::uint16_t length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                           31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                           2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::uint16_t dist_base[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                         33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// Little-endian bit input. Past the end it reads zeros and counts them; a stream that needs
// them is truncated.
class bit_input {
 public:
  bit_input(std::string_view in)
      : p_(reinterpret_cast<const unsigned char*>(in.data())), end_(p_ + in.size()) {}

  // Leaves at least 56 bits in the buffer.
  void refill() {
    if (end_ - p_ >= 8) {
      bits_ |= le64(p_) << count_;
      p_ += (63 - count_) >> 3;
      count_ |= 56;
    } else {
      while (count_ <= 56) {
        if (p_ < end_) bits_ |= static_cast<std::uint64_t>(*p_++) << count_;
        else ++padding_;
        count_ += 8;
      }
    }
  }
  std::uint32_t peek() const { return static_cast<std::uint32_t>(bits_); }
  void drop(unsigned n) {
    bits_ >>= n;
    count_ -= n;
  }
  std::uint32_t take(unsigned n) {
    std::uint32_t v = static_cast<std::uint32_t>(bits_ & ((std::uint64_t{1} << n) - 1));
    drop(n);
    return v;
  }
  // Whether bits past the end were consumed (the padding sits on top of the buffer).
  bool overrun() const { return padding_ * 8 > count_; }
  // For a stored block: drops to a byte boundary and hands back the unread whole bytes.
  bool align_and_rewind() {
    drop(count_ & 7);
    if (overrun()) return false;
    std::size_t whole = count_ / 8 - padding_;
    p_ -= whole;
    bits_ = 0;
    count_ = 0;
    padding_ = 0;
    return true;
  }
  const unsigned char* position() const { return p_; }
  std::size_t available() const { return static_cast<std::size_t>(end_ - p_); }
  void advance(std::size_t n) { p_ += n; }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  std::uint64_t bits_ = 0;
  unsigned count_ = 0;
  std::size_t padding_ = 0;
};

// Decodes one symbol; the caller has refilled. Returns entry_invalid for a bad code.
inline std::uint32_t decode(bit_input& in, const std::uint32_t* table, unsigned root) {
  std::uint32_t e = table[in.peek() & ((1u << root) - 1)];
  if (e & entry_link) {
    in.drop(root);
    unsigned bits = (e >> 16) & 0xFF;
    e = table[(e & 0xFFFF) + (in.peek() & ((1u << bits) - 1))];
  }
  if (e & entry_invalid) return entry_invalid;
  in.drop((e >> 16) & 0xFF);
  return e & 0xFFFF;
}

class inflater {
 public:
  inflater(std::string_view in, byte_buffer& out, std::size_t max_out) : in_(in), out_(out), max_(max_out) {}
  // Output in pieces: the buffer holds the 32 KiB window and one piece; when it is full the
  // piece goes to the sink and the window moves to the buffer's start.
  inflater(std::string_view in, byte_buffer& out, std::size_t max_out, inflate_sink& sink, std::size_t piece)
      : in_(in), out_(out), max_(max_out), sink_(&sink), piece_(std::max<std::size_t>(piece, 1 << 16)) {}

  inflate_status run() {
    out_.size = 0;
    // Room grows by doubling from a guess that fits most parts (sheet XML deflates 5 to 15
    // times), never from what a header claims; 32 bytes of slack let a match copy run past
    // its end.
    std::size_t guess = std::min<std::size_t>(max_, std::max<std::size_t>(1 << 16, in_.available() * 16));
    if (sink_) guess = std::min(max_, window + piece_);
    grow(guess + slack);
    bool final = false;
    auto batch = out_of_line(&inflater::codes);
    while (!final) {
      in_.refill();
      final = in_.take(1);
      unsigned type = in_.take(2);
      inflate_status s;
      if (type == 0) s = stored();
      else if (type == 1) s = fixed();
      else if (type == 2) s = dynamic();
      else s = inflate_status::damaged;
      while (s == inflate_status::ok && !block_done_) s = (this->*batch)();
      if (s != inflate_status::ok) return finish(s);
      if (in_.overrun()) return finish(inflate_status::damaged);
    }
    if (sink_ && pos_ > given_ && !sink_->take({o_ + given_, pos_ - given_})) return finish(inflate_status::stopped);
    return finish(inflate_status::ok);
  }

 private:
  static constexpr std::size_t slack = 32;
  static constexpr std::size_t window = 1 << 15;  // the farthest a match may reach back

  inflate_status finish(inflate_status s) {
    if (stopped_) s = inflate_status::stopped;
    out_.size = s == inflate_status::ok && !sink_ ? pos_ : 0;
    return s;
  }

  // Gives the sink what it has not had and keeps only the window. False when the sink stops.
  bool hand_over() {
    if (pos_ > given_ && !sink_->take({o_ + given_, pos_ - given_})) {
      stopped_ = true;
      return false;
    }
    std::size_t keep = std::min(pos_, window);
    std::memmove(o_, o_ + pos_ - keep, keep);
    dropped_ += pos_ - keep;
    pos_ = given_ = keep;
    return true;
  }

  void grow(std::size_t capacity) {
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (pos_) std::memcpy(bigger.get(), out_.data.get(), pos_);
    out_.data = std::move(bigger);
    out_.capacity = capacity;
    o_ = out_.data.get();
  }

  // Makes room for n more bytes (plus slack) or says the output is too large.
  bool room(std::size_t n) {
    if (dropped_ + pos_ + n > max_) return false;
    if (sink_ && pos_ + n + slack > out_.capacity && pos_ > window && !hand_over()) return false;
    if (pos_ + n + slack > out_.capacity)
      grow(std::min(std::max(out_.capacity * 2, pos_ + n + slack), max_ - dropped_ + slack));
    return true;
  }

  inflate_status stored() {
    if (!in_.align_and_rewind() || in_.available() < 4) return inflate_status::damaged;
    const unsigned char* p = in_.position();
    unsigned len = le16(p), nlen = le16(p + 2);
    if ((len ^ 0xFFFF) != nlen) return inflate_status::damaged;
    in_.advance(4);
    if (in_.available() < len) return inflate_status::damaged;
    if (!room(len)) return inflate_status::too_large;
    std::memcpy(o_ + pos_, in_.position(), len);
    pos_ += len;
    in_.advance(len);
    return inflate_status::ok;
  }

  inflate_status fixed() {
    std::uint8_t lengths[288 + 32];
    for (unsigned i = 0; i < 144; ++i) lengths[i] = 8;
    for (unsigned i = 144; i < 256; ++i) lengths[i] = 9;
    for (unsigned i = 256; i < 280; ++i) lengths[i] = 7;
    for (unsigned i = 280; i < 288; ++i) lengths[i] = 8;
    for (unsigned i = 288; i < 320; ++i) lengths[i] = 5;
    build_table(lengths, 288, litlen_root, litlen_);
    build_table(lengths + 288, 32, dist_root, dist_);
    block_done_ = false;
    return inflate_status::ok;
  }

  inflate_status dynamic() {
    in_.refill();
    unsigned hlit = in_.take(5) + 257, hdist = in_.take(5) + 1, hclen = in_.take(4) + 4;
    if (hlit > 286 || hdist > 30) return inflate_status::damaged;
    static constexpr std::uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    std::uint8_t cl[19] = {};
    for (unsigned i = 0; i < hclen; ++i) {
      in_.refill();
      cl[order[i]] = static_cast<std::uint8_t>(in_.take(3));
    }
    if (!build_table(cl, 19, codelen_root, litlen_)) return inflate_status::damaged;
    std::uint8_t lengths[286 + 30] = {};
    unsigned n = 0, total = hlit + hdist;
    while (n < total) {
      in_.refill();
      std::uint32_t sym = decode(in_, litlen_.data(), codelen_root);
      if (sym == entry_invalid) return inflate_status::damaged;
      if (sym < 16) {
        lengths[n++] = static_cast<std::uint8_t>(sym);
        continue;
      }
      unsigned repeat;
      std::uint8_t value = 0;
      if (sym == 16) {
        if (n == 0) return inflate_status::damaged;
        value = lengths[n - 1];
        repeat = 3 + in_.take(2);
      } else if (sym == 17) {
        repeat = 3 + in_.take(3);
      } else {
        repeat = 11 + in_.take(7);
      }
      if (n + repeat > total) return inflate_status::damaged;
      std::memset(lengths + n, value, repeat);
      n += repeat;
    }
    if (in_.overrun() || lengths[256] == 0) return inflate_status::damaged;
    if (!build_table(lengths, hlit, litlen_root, litlen_)) return inflate_status::damaged;
    if (!build_table(lengths + hlit, hdist, dist_root, dist_)) return inflate_status::damaged;
    block_done_ = false;
    return inflate_status::ok;
  }

  // Decodes up to 64K symbols of the current block; block_done_ tells whether it ended.
  STARSHEET_NOINLINE inflate_status codes() {
    const std::uint32_t* lt = litlen_.data();
    const std::uint32_t* dt = dist_.data();
    for (unsigned budget = 1u << 16; budget > 0; --budget) {
      in_.refill();
      std::uint32_t sym = decode(in_, lt, litlen_root);
      if (sym < 256) {
        if (pos_ + 1 + slack > out_.capacity && !room(1)) return inflate_status::too_large;
        o_[pos_++] = static_cast<char>(sym);
        continue;
      }
      if (sym == 256) {
        block_done_ = true;
        return in_.overrun() ? inflate_status::damaged : inflate_status::ok;
      }
      if (sym == entry_invalid || sym > 285) return inflate_status::damaged;
      sym -= 257;
      unsigned len = length_base[sym] + in_.take(length_extra[sym]);
      std::uint32_t d = decode(in_, dt, dist_root);
      if (d == entry_invalid || d > 29) return inflate_status::damaged;
      std::size_t dist = dist_base[d] + in_.take(dist_extra[d]);
      if (in_.overrun()) return inflate_status::damaged;
      if (dist > pos_) return inflate_status::damaged;
      if (!room(len)) return inflate_status::too_large;
      char* o = o_ + pos_;
      const char* from = o - dist;
      if (dist >= 8) {
        // Eight bytes at a time; the slack absorbs the overshoot, and a source eight or more
        // bytes back never reads what this copy is writing within the same step.
        for (unsigned i = 0; i < len; i += 8) std::memcpy(o + i, from + i, 8);
      } else if (dist == 1) {
        std::memset(o, *from, len);
      } else {
        for (unsigned i = 0; i < len; ++i) o[i] = from[i];
      }
      pos_ += len;
    }
    return inflate_status::ok;
  }

  bit_input in_;
  byte_buffer& out_;
  char* o_ = nullptr;
  std::size_t max_;
  std::size_t pos_ = 0;
  inflate_sink* sink_ = nullptr;
  std::size_t piece_ = 0;
  std::size_t given_ = 0;    // the buffer's bytes before this offset are with the sink
  std::size_t dropped_ = 0;  // bytes moved out of the buffer's front (with the sink)
  bool stopped_ = false;
  bool block_done_ = true;
  std::vector<std::uint32_t> litlen_, dist_;
};

// --- ZIP directory ------------------------------------------------------------------------

constexpr std::uint32_t sig_local = 0x04034b50, sig_central = 0x02014b50, sig_end = 0x06054b50,
                        sig_end64 = 0x06064b50, sig_locator64 = 0x07064b50;

}  // namespace

STARSHEET_NOINLINE std::uint32_t crc32(std::uint32_t c, std::string_view data) {
  c = ~c;
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  while (n >= 8) {
    std::uint32_t a = le32(p) ^ c, b = le32(p + 4);
    c = crc.t[7][a & 0xFF] ^ crc.t[6][(a >> 8) & 0xFF] ^ crc.t[5][(a >> 16) & 0xFF] ^ crc.t[4][a >> 24] ^
        crc.t[3][b & 0xFF] ^ crc.t[2][(b >> 8) & 0xFF] ^ crc.t[1][(b >> 16) & 0xFF] ^ crc.t[0][b >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) c = crc.t[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return ~c;
}

inflate_status inflate(std::string_view in, byte_buffer& out, std::size_t max_out) {
  return inflater(in, out, max_out).run();
}

inflate_status inflate(std::string_view in, inflate_sink& sink, std::size_t max_out, std::size_t piece_bytes) {
  byte_buffer buffer;
  return inflater(in, buffer, max_out, sink, piece_bytes).run();
}

inflate_status inflate(std::string_view in, std::string& out, std::size_t max_out) {
  byte_buffer b;
  inflate_status s = inflate(in, b, max_out);
  out.assign(b.view());
  return s;
}

std::string normalize_part_name(std::string_view name) {
  std::string s;
  s.reserve(name.size());
  for (char c : name) {
    if (c == '\\') c = '/';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s += c;
  }
  std::size_t lead = s.find_first_not_of('/');
  s.erase(0, lead == std::string::npos ? s.size() : lead);
  return s;
}

namespace {

bool unsafe_name(std::string_view name) {
  if (name.size() >= 2 && name[1] == ':') return true;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t slash = name.find('/', i);
    if (slash == std::string_view::npos) slash = name.size();
    if (name.substr(i, slash - i) == "..") return true;
    i = slash + 1;
  }
  return false;
}

}  // namespace

bool zip_archive::open(std::string_view bytes, context& ctx) {
  bytes_ = bytes;
  entries_.clear();
  by_name_.clear();
  auto b = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  if (size < 22) return ctx.fail(damaged, "zip: too short for a central directory");
  // The end record sits before a comment of at most 64 KiB.
  std::size_t end = std::string::npos;
  std::size_t lowest = size - 22 > 0xFFFF ? size - 22 - 0xFFFF : 0;
  for (std::size_t at = size - 22 + 1; at-- > lowest;) {
    if (le32(b + at) == sig_end && at + 22 + le16(b + at + 20) <= size) {
      end = at;
      break;
    }
  }
  if (end == std::string::npos) return ctx.fail(damaged, "zip: no end of central directory (truncated?)");
  std::uint64_t count = le16(b + end + 10), cd_size = le32(b + end + 12), cd_offset = le32(b + end + 16);
  std::uint64_t cd_end = end;  // where the directory should stop
  if (end >= 20 && le32(b + end - 20) == sig_locator64) {
    std::uint64_t at = le64(b + end - 20 + 8);
    if (at > size || size - at < 56 || le32(b + at) != sig_end64)
      return ctx.fail(damaged, "zip: bad zip64 end of central directory");
    count = le64(b + at + 32);
    cd_size = le64(b + at + 40);
    cd_offset = le64(b + at + 48);
    cd_end = at;
  }
  // Bytes before the archive (a self-extractor stub) shift every offset by the same amount.
  std::uint64_t shift = 0;
  if (cd_size <= cd_end && cd_offset + cd_size != cd_end) {
    std::uint64_t actual = cd_end - cd_size;
    if (actual > cd_offset && actual + 4 <= size && le32(b + actual) == sig_central) shift = actual - cd_offset;
  }
  cd_offset += shift;
  if (cd_offset > size || cd_size > size - cd_offset) return ctx.fail(damaged, "zip: central directory out of bounds");
  // Each entry costs its name and a record here whatever its size, so the count is bounded
  // before anything is kept (a directory cannot hold more entries than 46-byte records).
  if (count > ctx.limits.max_entries)
    return ctx.fail_limit(too_many_entries,
                          "zip: " + std::to_string(count) + " entries, above the limit of " +
                              std::to_string(ctx.limits.max_entries),
                          count, ctx.limits.max_entries);
  if (count > cd_size / 46) return ctx.fail(damaged, "zip: more entries than the central directory holds");
  entries_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(count, cd_size / 46)));
  std::uint64_t at = cd_offset, stop = cd_offset + cd_size;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (stop - at < 46 || le32(b + at) != sig_central) return ctx.fail(damaged, "zip: bad central directory entry");
    const unsigned char* h = b + at;
    zip_entry e;
    e.flags = le16(h + 8);
    e.method = le16(h + 10);
    e.crc = le32(h + 16);
    e.compressed = le32(h + 20);
    e.size = le32(h + 24);
    std::size_t name_len = le16(h + 28), extra_len = le16(h + 30), comment_len = le16(h + 32);
    e.local_offset = le32(h + 42);
    if (stop - at < 46 + name_len + extra_len + comment_len)
      return ctx.fail(damaged, "zip: central directory entry out of bounds");
    e.name = normalize_part_name(std::string_view(reinterpret_cast<const char*>(h + 46), name_len));
    // Names are only compared, never opened; but no writer of workbooks puts ".." or a drive
    // in one, so such a name marks a crafted archive, refused as such.
    if (unsafe_name(e.name)) return ctx.fail(damaged, "zip: entry name \"" + e.name + "\" leaves the archive");
    // zip64: the fields that overflowed come from the extra field, in this order.
    const unsigned char* x = h + 46 + name_len;
    const unsigned char* x_end = x + extra_len;
    while (x_end - x >= 4) {
      unsigned id = le16(x), len = le16(x + 2);
      if (static_cast<std::size_t>(x_end - x - 4) < len) break;
      if (id == 0x0001) {
        const unsigned char* f = x + 4;
        const unsigned char* f_end = f + len;
        auto take = [&](std::uint64_t& v) {
          if (v != 0xFFFFFFFFu) return;
          if (f_end - f >= 8) {
            v = le64(f);
            f += 8;
          }
        };
        take(e.size);
        take(e.compressed);
        take(e.local_offset);
      }
      x += 4 + len;
    }
    e.local_offset += shift;
    entries_.push_back(std::move(e));
    at += 46 + name_len + extra_len + comment_len;
  }
  by_name_.resize(entries_.size());
  for (std::uint32_t i = 0; i < by_name_.size(); ++i) by_name_[i] = i;
  // Stable: of two entries with one name, the first in the directory wins.
  std::stable_sort(by_name_.begin(), by_name_.end(),
                   [&](std::uint32_t l, std::uint32_t r) { return entries_[l].name < entries_[r].name; });
  return true;
}

const zip_entry* zip_archive::find(std::string_view name) const {
  std::string key = normalize_part_name(name);
  auto it = std::lower_bound(by_name_.begin(), by_name_.end(), key,
                             [&](std::uint32_t i, const std::string& k) { return entries_[i].name < k; });
  if (it == by_name_.end() || entries_[*it].name != key) return nullptr;
  return &entries_[*it];
}

bool zip_archive::locate(const zip_entry& e, std::string_view& raw, context& ctx) const {
  const std::string& part = e.name;
  if ((e.flags & 1) || e.method == 99) return ctx.fail(unsupported, part + ": encrypted zip entry");
  if (e.method != 0 && e.method != 8)
    return ctx.fail(unsupported, part + ": zip compression method " + std::to_string(e.method));
  auto b = reinterpret_cast<const unsigned char*>(bytes_.data());
  const std::uint64_t size = bytes_.size();
  if (e.local_offset > size || size - e.local_offset < 30 || le32(b + e.local_offset) != sig_local)
    return ctx.fail(damaged, part + ": bad local header");
  std::uint64_t data = e.local_offset + 30 + le16(b + e.local_offset + 26) + le16(b + e.local_offset + 28);
  if (data > size || e.compressed > size - data) return ctx.fail(damaged, part + ": data out of bounds (truncated?)");
  // The declared size is checked before any work; the real size is held to it while inflating.
  if (e.size > ctx.inflate_left)
    return ctx.fail_limit(inflate_limit,
                          part + ": inflates to " + std::to_string(e.size) + " bytes, above the " +
                              std::to_string(ctx.inflate_budget) + " bytes allowed for this file",
                          ctx.inflate_budget - ctx.inflate_left + e.size, ctx.inflate_budget);
  raw = std::string_view(bytes_.data() + data, static_cast<std::size_t>(e.compressed));
  if (e.method == 0 && e.compressed != e.size) return ctx.fail(damaged, part + ": stored sizes differ");
  return true;
}

bool zip_archive::read(const zip_entry& e, byte_buffer& storage, std::string_view& out, context& ctx) const {
  out = {};
  const std::string& part = e.name;
  std::string_view raw;
  if (!locate(e, raw, ctx)) return false;
  if (e.method == 0) {
    out = raw;
  } else {
    inflate_status s = inflate(raw, storage, static_cast<std::size_t>(e.size));
    if (s == inflate_status::too_large) return ctx.fail(damaged, part + ": inflates past its declared size");
    if (s != inflate_status::ok) return ctx.fail(damaged, part + ": bad deflate data");
    out = storage.view();
    if (out.size() != e.size) return ctx.fail(damaged, part + ": inflated size differs from the directory");
  }
  std::uint32_t crc = 0;
  auto crc_of = out_of_line(&crc32);
  for (std::size_t at = 0; at < out.size(); at += 1 << 20) crc = crc_of(crc, out.substr(at, 1 << 20));
  if (crc != e.crc) {
    out = {};
    return ctx.fail(damaged, part + ": CRC mismatch");
  }
  ctx.inflate_left -= out.size();
  return true;
}

namespace {

// Counts and checksums the pieces on their way to the reader's sink.
class checked_sink : public inflate_sink {
 public:
  explicit checked_sink(inflate_sink& to) : to_(to) {}
  bool take(std::string_view piece) override {
    crc_ = crc32(crc_, piece);
    size_ += piece.size();
    return to_.take(piece);
  }
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0;

 private:
  inflate_sink& to_;
};

}  // namespace

bool zip_archive::read(const zip_entry& e, inflate_sink& sink, context& ctx) const {
  const std::string& part = e.name;
  std::string_view raw;
  if (!locate(e, raw, ctx)) return false;
  const std::size_t piece = std::max<std::size_t>(ctx.limits.piece_bytes, 1 << 16);
  checked_sink checked(sink);
  bool stopped = false;
  if (e.method == 0) {
    for (std::size_t at = 0; at < raw.size() && !stopped; at += piece) stopped = !checked.take(raw.substr(at, piece));
  } else {
    inflate_status s = inflate(raw, checked, static_cast<std::size_t>(e.size), piece);
    if (s == inflate_status::too_large) return ctx.fail(damaged, part + ": inflates past its declared size");
    if (s == inflate_status::damaged) return ctx.fail(damaged, part + ": bad deflate data");
    stopped = s == inflate_status::stopped;
  }
  if (stopped) {  // the reader has what it wanted, or failed and said why
    ctx.inflate_left -= std::min<std::uint64_t>(checked.size_, ctx.inflate_left);
    return !ctx.failed;
  }
  if (checked.size_ != e.size) return ctx.fail(damaged, part + ": inflated size differs from the directory");
  if (checked.crc_ != e.crc) return ctx.fail(damaged, part + ": CRC mismatch");
  ctx.inflate_left -= checked.size_;
  return true;
}

}  // namespace starsheet::wb
