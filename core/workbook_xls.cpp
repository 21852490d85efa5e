// Excel 97-2003 workbooks (.xls, and WPS .et): an OLE2 compound file ([MS-CFB]) holding the
// "Workbook" stream of BIFF8 records ([MS-XLS]). Older BIFF versions are refused by name.
#include <algorithm>
#include <cstring>

#include "workbook_internal.h"

namespace starsheet::wb {

namespace {

std::uint16_t le16(const char* p) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}
std::uint32_t le32(const char* p) {
  return le16(p) | (static_cast<std::uint32_t>(le16(p + 2)) << 16);
}
std::uint64_t le64(const char* p) { return le32(p) | (static_cast<std::uint64_t>(le32(p + 4)) << 32); }
double le_double(const char* p) {
  std::uint64_t bits = le64(p);
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

constexpr std::uint32_t end_of_chain = 0xFFFFFFFE, free_sector = 0xFFFFFFFF, no_stream = 0xFFFFFFFF;

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

// --- compound file --------------------------------------------------------------------------

bool compound_file::read_chain(const std::vector<std::uint32_t>& fat, std::uint32_t start, std::size_t unit,
                               std::uint64_t size, bool mini, std::string& out, context& ctx) const {
  out.clear();
  std::string_view source = mini ? std::string_view(mini_stream_) : bytes_;
  const bool to_end = size == UINT64_MAX;  // a chain whose length only its end tells (the directory)
  if (!to_end && size > source.size()) return ctx.fail(damaged, "compound file: a stream larger than the file");
  if (!to_end) out.reserve(static_cast<std::size_t>(size));
  std::vector<bool> seen(fat.size());
  std::uint32_t sector = start;
  while (to_end || out.size() < size) {
    if (to_end && sector == end_of_chain) break;
    if (sector >= fat.size()) return ctx.fail(damaged, "compound file: a sector chain leaves the file (truncated?)");
    if (seen[sector]) return ctx.fail(damaged, "compound file: a sector chain loops");
    seen[sector] = true;
    std::uint64_t offset = mini ? std::uint64_t{sector} * unit : (std::uint64_t{sector} + 1) * unit;
    std::size_t take = to_end ? unit : static_cast<std::size_t>(std::min<std::uint64_t>(unit, size - out.size()));
    if (offset > source.size() || source.size() - offset < take)
      return ctx.fail(damaged, "compound file: a sector past the end (truncated?)");
    out.append(source.substr(static_cast<std::size_t>(offset), take));
    sector = fat[sector];
  }
  return true;
}

bool compound_file::open(std::string_view bytes, context& ctx) {
  bytes_ = bytes;
  if (bytes.size() < 512 || bytes.substr(0, 8) != cfb_magic) return ctx.fail(damaged, "compound file: bad header");
  const char* h = bytes.data();
  unsigned shift = le16(h + 30), major = le16(h + 26);
  if ((shift != 9 && shift != 12) || le16(h + 32) != 6 || le16(h + 28) != 0xFFFE)
    return ctx.fail(damaged, "compound file: bad sector sizes");
  sector_size_ = std::size_t{1} << shift;
  mini_size_ = 64;
  mini_cutoff_ = le32(h + 56);
  const std::size_t sectors = bytes.size() / sector_size_ + 1;  // a bound on any sector count
  // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
  std::uint32_t fat_count = le32(h + 44);
  if (fat_count > sectors) return ctx.fail(damaged, "compound file: more FAT sectors than the file holds");
  std::vector<std::uint32_t> fat_sectors;
  for (int i = 0; i < 109 && fat_sectors.size() < fat_count; ++i) {
    std::uint32_t s = le32(h + 76 + 4 * i);
    if (s != free_sector) fat_sectors.push_back(s);
  }
  std::uint32_t difat = le32(h + 68);
  std::size_t per_sector = sector_size_ / 4 - 1, hops = 0;
  while (fat_sectors.size() < fat_count && difat != end_of_chain && difat != free_sector) {
    if (++hops > sectors) return ctx.fail(damaged, "compound file: the DIFAT chain loops");
    std::uint64_t at = (std::uint64_t{difat} + 1) * sector_size_;
    if (at + sector_size_ > bytes.size()) return ctx.fail(damaged, "compound file: DIFAT sector past the end");
    for (std::size_t k = 0; k < per_sector && fat_sectors.size() < fat_count; ++k) {
      std::uint32_t s = le32(h + at + 4 * k);
      if (s != free_sector) fat_sectors.push_back(s);
    }
    difat = le32(h + at + 4 * per_sector);
  }
  fat_.clear();
  fat_.reserve(fat_sectors.size() * (sector_size_ / 4));
  for (std::uint32_t s : fat_sectors) {
    std::uint64_t at = (std::uint64_t{s} + 1) * sector_size_;
    if (at + sector_size_ > bytes.size()) return ctx.fail(damaged, "compound file: FAT sector past the end (truncated?)");
    for (std::size_t k = 0; k < sector_size_ / 4; ++k) fat_.push_back(le32(h + at + 4 * k));
  }
  std::string dir;
  if (!read_chain(fat_, le32(h + 48), sector_size_, UINT64_MAX, false, dir, ctx)) return false;
  entries_.clear();
  for (std::size_t at = 0; at + 128 <= dir.size(); at += 128) {
    const char* e = dir.data() + at;
    entry en;
    std::size_t name_bytes = std::min<std::size_t>(le16(e + 64), 64);
    std::vector<std::uint16_t> units;
    for (std::size_t k = 0; k + 1 < name_bytes; k += 2) {
      std::uint16_t u = le16(e + k);
      if (u == 0) break;
      units.push_back(u);
    }
    append_utf16(en.name, units.data(), units.size());
    en.name = lower_ascii(std::move(en.name));
    en.type = static_cast<std::uint8_t>(e[66]);
    en.left = le32(e + 68);
    en.right = le32(e + 72);
    en.child = le32(e + 76);
    en.start = le32(e + 116);
    // Version 3 files may leave garbage in the size's high half.
    en.size = major == 3 ? le32(e + 120) : le64(e + 120);
    entries_.push_back(std::move(en));
  }
  if (entries_.empty() || entries_[0].type != 5) return ctx.fail(damaged, "compound file: no root entry");
  // The root's children form a tree through left/right links; each is visited once.
  root_children_.clear();
  std::vector<bool> seen(entries_.size());
  std::vector<std::uint32_t> stack{entries_[0].child};
  while (!stack.empty()) {
    std::uint32_t i = stack.back();
    stack.pop_back();
    if (i == no_stream || i >= entries_.size() || seen[i]) continue;
    seen[i] = true;
    root_children_.push_back(i);
    stack.push_back(entries_[i].left);
    stack.push_back(entries_[i].right);
  }
  // The mini stream holds the small streams; its sectors are listed by the mini FAT.
  std::string mini_fat;
  mini_fat_.clear();
  mini_stream_.clear();
  std::uint32_t mini_fat_start = le32(h + 60);
  if (mini_fat_start != end_of_chain && mini_fat_start != free_sector) {
    if (!read_chain(fat_, mini_fat_start, sector_size_, UINT64_MAX, false, mini_fat, ctx)) return false;
    for (std::size_t k = 0; k + 4 <= mini_fat.size(); k += 4) mini_fat_.push_back(le32(mini_fat.data() + k));
    const entry& root = entries_[0];
    if (root.size > 0 && !read_chain(fat_, root.start, sector_size_, root.size, false, mini_stream_, ctx)) return false;
  }
  return true;
}

const compound_file::entry* compound_file::root_child(std::string_view name) const {
  for (std::uint32_t i : root_children_)
    if (entries_[i].type == 2 && entries_[i].name == name) return &entries_[i];
  return nullptr;
}

bool compound_file::has_stream(std::string_view name) const { return root_child(lower_ascii(std::string(name))) != nullptr; }

bool compound_file::read_stream(std::string_view name, std::string& out, context& ctx) const {
  const entry* e = root_child(lower_ascii(std::string(name)));
  if (!e) return ctx.fail(damaged, "compound file: no " + std::string(name) + " stream");
  if (e->size < mini_cutoff_) return read_chain(mini_fat_, e->start, mini_size_, e->size, true, out, ctx);
  return read_chain(fat_, e->start, sector_size_, e->size, false, out, ctx);
}

// --- BIFF8 ----------------------------------------------------------------------------------

namespace {

constexpr std::uint16_t rec_bof = 0x0809, rec_eof = 0x000A, rec_continue = 0x003C, rec_filepass = 0x002F,
                        rec_codepage = 0x0042, rec_datemode = 0x0022, rec_format = 0x041E, rec_xf = 0x00E0,
                        rec_boundsheet = 0x0085, rec_sst = 0x00FC, rec_number = 0x0203, rec_rk = 0x027E,
                        rec_mulrk = 0x00BD, rec_labelsst = 0x00FD, rec_label = 0x0204, rec_rstring = 0x00D6,
                        rec_boolerr = 0x0205, rec_formula = 0x0006, rec_string = 0x0207, rec_mergedcells = 0x00E5;

struct record {
  std::uint16_t type = 0;
  std::string_view data;
};

class records {
 public:
  records(std::string_view stream, std::size_t at) : s_(stream), pos_(std::min(at, stream.size())) {}
  // False at the end of the stream; `truncated()` tells a cut record from a clean end.
  bool next(record& r) {
    if (s_.size() - pos_ < 4) {
      truncated_ = pos_ != s_.size();
      return false;
    }
    r.type = le16(s_.data() + pos_);
    std::size_t len = le16(s_.data() + pos_ + 2);
    if (s_.size() - pos_ - 4 < len) {
      truncated_ = true;
      return false;
    }
    r.data = s_.substr(pos_ + 4, len);
    pos_ += 4 + len;
    return true;
  }
  // The CONTINUE records that follow, consumed.
  void continues(std::vector<std::string_view>& parts) {
    record r;
    for (;;) {
      std::size_t keep = pos_;
      if (!next(r)) {
        truncated_ = false;
        pos_ = keep;
        return;
      }
      if (r.type != rec_continue) {
        pos_ = keep;
        return;
      }
      parts.push_back(r.data);
    }
  }
  bool truncated() const { return truncated_; }

 private:
  std::string_view s_;
  std::size_t pos_;
  bool truncated_ = false;
};

bool dbcs_codepage(unsigned cp) { return cp == 932 || cp == 936 || cp == 949 || cp == 950; }

// Reads strings that may run on from a record into its CONTINUE records, where the
// characters resume after a fresh option byte (compressed or UTF-16).
class string_reader {
 public:
  explicit string_reader(std::vector<std::string_view> parts) : parts_(std::move(parts)) {}

  bool done() {
    skip_empty();
    return part_ >= parts_.size();
  }

  // An XLUnicodeString (16-bit count) or a ShortXLUnicodeString (8-bit count), rich and
  // extended forms included; `bad_bytes` is set by 8-bit text a DBCS code page may have meant.
  STARSHEET_NOINLINE bool read(bool short_count, unsigned codepage, std::string& out, bool& bad_bytes) {
    std::uint32_t cch = 0, runs = 0, ext = 0;
    std::uint8_t flags = 0;
    if (short_count) {
      std::uint8_t c;
      if (!byte(c)) return false;
      cch = c;
    } else if (!u16(cch)) {
      return false;
    }
    if (!byte(flags)) return false;
    if (flags & 0x08 && !u16(runs)) return false;
    if (flags & 0x04 && !u32(ext)) return false;
    bool high = flags & 0x01;
    units_.clear();
    std::uint32_t left = cch;
    while (left > 0) {
      if (part_ >= parts_.size()) return false;
      if (pos_ >= parts_[part_].size()) {
        // The characters continue in the next record, after an option byte of their own.
        ++part_;
        pos_ = 0;
        std::uint8_t f;
        if (!byte(f)) return false;
        high = f & 0x01;
        continue;
      }
      std::string_view p = parts_[part_];
      std::size_t avail = (p.size() - pos_) / (high ? 2 : 1);
      if (avail == 0) return false;
      std::size_t n = std::min<std::size_t>(avail, left);
      for (std::size_t k = 0; k < n; ++k) {
        if (high) {
          units_.push_back(le16(p.data() + pos_ + 2 * k));
        } else {
          auto b = static_cast<unsigned char>(p[pos_ + k]);
          if (b >= 0x80 && dbcs_codepage(codepage)) bad_bytes = true;
          units_.push_back(b);  // compressed text is the low bytes of UTF-16: Latin-1
        }
      }
      pos_ += n * (high ? 2 : 1);
      left -= static_cast<std::uint32_t>(n);
    }
    append_utf16(out, units_.data(), units_.size());
    return skip(std::uint64_t{runs} * 4 + ext);
  }

 private:
  void skip_empty() {
    while (part_ < parts_.size() && pos_ >= parts_[part_].size()) {
      ++part_;
      pos_ = 0;
    }
  }
  bool byte(std::uint8_t& v) {
    skip_empty();
    if (part_ >= parts_.size()) return false;
    v = static_cast<std::uint8_t>(parts_[part_][pos_++]);
    return true;
  }
  bool u16(std::uint32_t& v) {
    std::uint8_t a, b;
    if (!byte(a) || !byte(b)) return false;
    v = a | (b << 8u);
    return true;
  }
  bool u32(std::uint32_t& v) {
    std::uint32_t a, b;
    if (!u16(a) || !u16(b)) return false;
    v = a | (b << 16);
    return true;
  }
  bool skip(std::uint64_t n) {
    while (n > 0) {
      skip_empty();
      if (part_ >= parts_.size()) return false;
      std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, parts_[part_].size() - pos_));
      pos_ += take;
      n -= take;
    }
    return true;
  }

  std::vector<std::string_view> parts_;
  std::size_t part_ = 0, pos_ = 0;
  std::vector<std::uint16_t> units_;
};

struct globals {
  unsigned codepage = 1200;
  bool date1904 = false;
  struct sheet {
    sheet_info info;
    std::uint32_t offset;
  };
  std::vector<sheet> sheets;
  std::vector<number_style> xf;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sst;  // in the sheet's pool
};

bool read_workbook_stream(std::string_view bytes, context& ctx, std::string& stream) {
  if (bytes.substr(0, 8) != cfb_magic) return ctx.fail(unsupported, "Excel 2.x-4.0 worksheet (BIFF2-4)");
  compound_file cf;
  if (!cf.open(bytes, ctx)) return false;
  if (cf.has_stream("Workbook")) return cf.read_stream("Workbook", stream, ctx);
  if (cf.has_stream("Book")) return ctx.fail(unsupported, "Excel 5.0/95 workbook (BIFF5)");
  if (cf.has_stream("EncryptedPackage")) return ctx.fail(encrypted, "password-protected Office Open XML workbook");
  return ctx.fail(damaged, "compound file without a Workbook stream (not a spreadsheet?)");
}

bool check_bof(const record& r, context& ctx, std::uint16_t want_type, std::string_view where) {
  if (r.type == 0x0009 || r.type == 0x0209 || r.type == 0x0409)
    return ctx.fail(unsupported, "Excel 2.x-4.0 records (BIFF2-4)");
  if (r.type != rec_bof || r.data.size() < 4) return ctx.fail(damaged, std::string(where) + ": no BOF record");
  std::uint16_t version = le16(r.data.data()), type = le16(r.data.data() + 2);
  if (version == 0x0500) return ctx.fail(unsupported, "Excel 5.0/95 records (BIFF5)");
  if (version != 0x0600) return ctx.fail(unsupported, "BIFF version " + std::to_string(version));
  if (type != want_type) return ctx.fail(damaged, std::string(where) + ": unexpected substream type");
  return true;
}

// The workbook globals: sheets, code page, date system, formats and (for reading) the SST.
bool read_globals(std::string_view stream, context& ctx, globals& g, sheet_builder* sheet) {
  records recs(stream, 0);
  record r;
  if (!recs.next(r)) return ctx.fail(damaged, "Workbook stream: empty");
  if (!check_bof(r, ctx, 0x0005, "Workbook stream")) return false;
  std::vector<std::pair<unsigned, number_style>> formats;
  std::vector<unsigned> xf_formats;
  bool bad_bytes = false;
  for (;;) {
    if (!recs.next(r)) return ctx.fail(damaged, "Workbook stream: globals end early (truncated?)");
    const char* d = r.data.data();
    std::size_t n = r.data.size();
    if (r.type == rec_eof) break;
    if (r.type == rec_filepass) return ctx.fail(encrypted, "password-protected .xls (FILEPASS)");
    if (r.type == rec_codepage && n >= 2) {
      g.codepage = le16(d);
    } else if (r.type == rec_datemode && n >= 2) {
      g.date1904 = le16(d) == 1;
    } else if (r.type == rec_format && n >= 2) {
      std::string code;
      string_reader sr({r.data.substr(2)});
      if (sr.read(false, g.codepage, code, bad_bytes)) formats.emplace_back(le16(d), classify_format_code(code));
    } else if (r.type == rec_xf && n >= 4) {
      xf_formats.push_back(le16(d + 2));
    } else if (r.type == rec_boundsheet && n >= 8) {
      globals::sheet s;
      s.offset = le32(d);
      std::uint8_t visibility = static_cast<std::uint8_t>(d[4]) & 3, type = static_cast<std::uint8_t>(d[5]);
      s.info.hidden = visibility != 0;
      string_reader sr({r.data.substr(6)});
      if (!sr.read(true, g.codepage, s.info.name, bad_bytes)) return ctx.fail(damaged, "BOUNDSHEET: bad sheet name");
      if (type == 0) g.sheets.push_back(std::move(s));
    } else if (r.type == rec_sst && sheet && n >= 8) {
      std::vector<std::string_view> parts{r.data.substr(8)};
      recs.continues(parts);
      std::uint32_t unique = le32(d + 4);
      string_reader sr(std::move(parts));
      std::string& pool = sheet->pool();
      // The declared count only bounds the loop; the strings themselves size the table.
      for (std::uint32_t i = 0; i < unique && !sr.done(); ++i) {
        std::size_t at = pool.size();
        if (!sr.read(false, g.codepage, pool, bad_bytes)) return ctx.fail(damaged, "SST: a string runs past its records");
        g.sst.emplace_back(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(pool.size() - at));
        if ((i & 1023) == 0 && !sheet->check_pool()) return false;
      }
      if (!sheet->check_pool()) return false;
    }
  }
  if (bad_bytes)
    return ctx.fail(unsupported, "8-bit text in code page " + std::to_string(g.codepage) + " (not decoded)");
  for (unsigned f : xf_formats) {
    number_style s = classify_builtin_format(f);
    for (const auto& c : formats)
      if (c.first == f) s = c.second;
    g.xf.push_back(s);
  }
  return true;
}

double rk_value(std::uint32_t rk) {
  double v;
  if (rk & 2) {
    v = static_cast<double>(static_cast<std::int32_t>(rk) >> 2);
  } else {
    std::uint64_t bits = static_cast<std::uint64_t>(rk & 0xFFFFFFFCu) << 32;
    std::memcpy(&v, &bits, sizeof v);
  }
  return rk & 1 ? v / 100 : v;
}

class sheet_reader {
 public:
  sheet_reader(std::string_view stream, std::uint32_t offset, const globals& g, context& ctx, sheet_builder& sheet)
      : recs_(stream, offset), offset_ok_(offset < stream.size()), g_(g), ctx_(ctx), sheet_(sheet) {}

  bool run() {
    if (!offset_ok_) return ctx_.fail(damaged, "BOUNDSHEET: sheet offset past the stream");
    record r;
    if (!recs_.next(r)) return ctx_.fail(damaged, "sheet: no BOF record");
    if (!check_bof(r, ctx_, 0x0010, "sheet")) return false;
    auto batch = out_of_line(&sheet_reader::step);
    while (depth_ > 0)
      if (!(this->*batch)(1 << 16)) return false;
    if (bad_bytes_)
      return ctx_.fail(unsupported, "8-bit text in code page " + std::to_string(g_.codepage) + " (not decoded)");
    return !ctx_.failed;
  }

 private:
  // A batch of records per call (see STARSHEET_NOINLINE).
  STARSHEET_NOINLINE bool step(std::size_t count) {
    record r;
    records& recs = recs_;
    bool& bad_bytes = bad_bytes_;
    int& depth = depth_;
    for (; depth > 0 && count > 0; --count) {
      if (!recs.next(r)) return ctx_.fail(damaged, "sheet: ends before its EOF record (truncated?)");
      if (r.type == rec_bof) {
        ++depth;
        continue;
      }
      if (r.type == rec_eof) {
        --depth;
        continue;
      }
      if (depth != 1) continue;
      const char* d = r.data.data();
      std::size_t n = r.data.size();
      std::uint16_t row = n >= 2 ? le16(d) : 0, col = n >= 4 ? le16(d + 2) : 0, xf = n >= 6 ? le16(d + 4) : 0;
      switch (r.type) {
        case rec_number:
          if (n >= 14 && !number(row, col, xf, le_double(d + 6))) return false;
          break;
        case rec_rk:
          if (n >= 10 && !number(row, col, xf, rk_value(le32(d + 6)))) return false;
          break;
        case rec_mulrk:
          for (std::size_t k = 0; n >= 6 && 4 + 6 * k + 6 <= n - 2; ++k) {
            const char* cell = d + 4 + 6 * k;
            if (!number(row, col + k, le16(cell), rk_value(le32(cell + 2)))) return false;
          }
          break;
        case rec_labelsst:
          if (n >= 10) {
            std::uint32_t i = le32(d + 6);
            if (i < g_.sst.size() && !sheet_.place(row, col, g_.sst[i].first, g_.sst[i].second)) return false;
          }
          break;
        case rec_label:
        case rec_rstring:
          if (n >= 9) {
            std::string text;
            string_reader sr({r.data.substr(6)});
            if (!sr.read(false, g_.codepage, text, bad_bytes)) return ctx_.fail(damaged, "LABEL: bad string");
            if (!sheet_.add_text(row, col, text)) return false;
          }
          break;
        case rec_boolerr:
          if (n >= 8 && d[7] == 0 && !sheet_.add_text(row, col, d[6] ? "TRUE" : "FALSE")) return false;
          break;
        case rec_formula:
          if (n >= 20) {
            const char* res = d + 6;
            if (le16(res + 6) != 0xFFFF) {
              if (!number(row, col, xf, le_double(res))) return false;
            } else if (res[0] == 0) {
              string_due_ = true;  // the text follows in a STRING record
              due_row_ = row;
              due_col_ = col;
            } else if (res[0] == 1) {
              if (!sheet_.add_text(row, col, res[2] ? "TRUE" : "FALSE")) return false;
            }
          }
          break;
        case rec_string:
          if (string_due_) {
            string_due_ = false;
            std::vector<std::string_view> parts{r.data};
            recs.continues(parts);
            std::string text;
            string_reader sr(std::move(parts));
            if (!sr.read(false, g_.codepage, text, bad_bytes)) return ctx_.fail(damaged, "STRING: bad string");
            if (!sheet_.add_text(due_row_, due_col_, text)) return false;
          }
          break;
        case rec_mergedcells:
          for (std::size_t k = 0; n >= 2 && k < le16(d) && 2 + 8 * k + 8 <= n; ++k) {
            const char* m = d + 2 + 8 * k;
            sheet_.add_merge(le16(m), le16(m + 4), le16(m + 2), le16(m + 6));
          }
          break;
        default:
          break;
      }
    }
    return true;
  }

  bool number(std::uint64_t row, std::uint64_t col, std::uint16_t xf, double v) {
    std::string& pool = sheet_.pool();
    std::size_t at = pool.size();
    number_style s = xf < g_.xf.size() ? g_.xf[xf] : number_style::number;
    if (s != number_style::number && append_serial_date(pool, v, g_.date1904, s)) ++sheet_.stats().date_cells;
    else append_number(pool, v);
    return sheet_.place(row, col, at, pool.size() - at);
  }

  records recs_;
  bool offset_ok_;
  int depth_ = 1;  // charts embedded in the sheet bring their own BOF … EOF
  bool string_due_ = false, bad_bytes_ = false;
  std::uint32_t due_row_ = 0, due_col_ = 0;
  const globals& g_;
  context& ctx_;
  sheet_builder& sheet_;
};

}  // namespace

bool list_xls(std::string_view bytes, context& ctx, std::vector<sheet_info>& out) {
  std::string stream;
  if (!read_workbook_stream(bytes, ctx, stream)) return false;
  globals g;
  if (!read_globals(stream, ctx, g, nullptr)) return false;
  for (auto& s : g.sheets) out.push_back(s.info);
  return true;
}

bool read_xls(std::string_view bytes, std::size_t index, context& ctx, sheet_csv& out) {
  std::string stream;
  if (!read_workbook_stream(bytes, ctx, stream)) return false;
  globals g;
  sheet_builder sheet(ctx);
  if (!read_globals(stream, ctx, g, &sheet)) return false;
  if (index >= g.sheets.size())
    return ctx.fail(no_sheet, "sheet " + std::to_string(index + 1) + " of " + std::to_string(g.sheets.size()));
  ctx.sheet = g.sheets[index].info.name;
  sheet_reader reader(stream, g.sheets[index].offset, g, ctx, sheet);
  if (!reader.run()) return false;
  return sheet.finish(out);
}

}  // namespace starsheet::wb
