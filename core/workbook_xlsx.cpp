// Office Open XML workbooks (.xlsx, .xlsm; transitional and strict): the workbook part found
// through the package relationships, sheets through the workbook's, then the shared strings,
// the number formats of the cell styles and the sheet itself, each tokenized once.
#include <algorithm>

#include "workbook_internal.h"

namespace starsheet::wb {

namespace {

struct relationship {
  std::string id, type, target;  // target resolved to a part name
};

// The last segment of a relationship type ("…/relationships/worksheet" → "worksheet").
std::string_view rel_kind(std::string_view type) {
  std::size_t slash = type.rfind('/');
  return slash == std::string_view::npos ? type : type.substr(slash + 1);
}

std::string_view part_dir(std::string_view part) {
  std::size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : part.substr(0, slash + 1);
}

// A relationship target relative to `dir` (or absolute from the package root) as a part name:
// "." and ".." resolved, %XX decoded. Only ever compared with the ZIP's names.
std::string resolve_target(std::string_view dir, std::string_view target) {
  std::string joined;
  if (!target.empty() && target[0] == '/') joined = std::string(target.substr(1));
  else joined = std::string(dir) + std::string(target);
  std::vector<std::string> segments;
  std::size_t i = 0;
  while (i <= joined.size()) {
    std::size_t slash = joined.find('/', i);
    if (slash == std::string::npos) slash = joined.size();
    std::string seg = joined.substr(i, slash - i);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(std::move(seg));
    }
    i = slash + 1;
  }
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out += '/';
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '%' && k + 2 < s.size()) {
        auto hex = [](char c) {
          return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        };
        int h = hex(s[k + 1]), l = hex(s[k + 2]);
        if (h >= 0 && l >= 0) {
          out += static_cast<char>(h * 16 + l);
          k += 2;
          continue;
        }
      }
      out += s[k];
    }
  }
  return out;
}

bool xml_failed(context& ctx, std::string_view part, const xml_reader& x) {
  return ctx.fail(damaged, std::string(part) + ": bad XML (" + x.problem() + ")");
}

// The relationships of `part` (its _rels/<name>.rels), absent ones as none.
bool read_rels(const zip_archive& zip, std::string_view part, context& ctx, std::vector<relationship>& rels) {
  rels.clear();
  std::string_view dir = part_dir(part);
  std::string rels_name = std::string(dir) + "_rels/" + std::string(part.substr(dir.size())) + ".rels";
  xml_part xml;
  if (!read_xml_part(zip, rels_name, false, xml, ctx)) return false;
  xml_reader x(xml.text);
  for (;;) {
    auto t = x.next();
    if (t == xml_reader::end) break;
    if (t == xml_reader::bad) return xml_failed(ctx, rels_name, x);
    if (t != xml_reader::start_tag || x.name() != "Relationship") continue;
    if (x.attr("TargetMode") == "External") continue;
    relationship r;
    x.attr_decoded("Id", r.id);
    x.attr_decoded("Type", r.type);
    std::string target;
    x.attr_decoded("Target", target);
    r.target = resolve_target(dir, target);
    rels.push_back(std::move(r));
  }
  return true;
}

struct book {
  std::string part;  // the workbook part's name
  bool date1904 = false;
  struct sheet {
    sheet_info info;
    std::string part;
  };
  std::vector<sheet> sheets;
  std::vector<relationship> rels;

  std::string related(std::string_view kind, std::string_view fallback) const {
    for (const relationship& r : rels)
      if (rel_kind(r.type) == kind) return r.target;
    return std::string(part_dir(part)) + std::string(fallback);
  }
};

bool true_attr(std::string_view v) { return v == "1" || v == "true" || v == "on"; }

bool read_book(const zip_archive& zip, context& ctx, book& b) {
  std::vector<relationship> package;
  if (!read_rels(zip, "", ctx, package)) return false;
  b.part = "xl/workbook.xml";
  for (const relationship& r : package)
    if (rel_kind(r.type) == "officeDocument") b.part = r.target;
  if (!zip.find(b.part)) {
    if (zip.find("xl/workbook.bin")) return ctx.fail(unsupported, "binary workbook (.xlsb)");
    return ctx.fail(damaged, b.part + ": workbook part missing (not an .xlsx?)");
  }
  std::string_view ext = b.part.size() >= 4 ? std::string_view(b.part).substr(b.part.size() - 4) : "";
  if (ext == ".bin") return ctx.fail(unsupported, "binary workbook (.xlsb)");
  if (!read_rels(zip, b.part, ctx, b.rels)) return false;
  xml_part xml;
  if (!read_xml_part(zip, b.part, true, xml, ctx)) return false;
  xml_reader x(xml.text);
  bool root_seen = false;
  for (;;) {
    auto t = x.next();
    if (t == xml_reader::end) break;
    if (t == xml_reader::bad) return xml_failed(ctx, b.part, x);
    if (t != xml_reader::start_tag) continue;
    if (!root_seen) {
      root_seen = true;
      if (x.name() != "workbook") return ctx.fail(damaged, b.part + ": not a workbook part");
      continue;
    }
    if (x.name() == "workbookPr") {
      b.date1904 = true_attr(x.attr("date1904"));
    } else if (x.name() == "sheet") {
      book::sheet s;
      x.attr_decoded("name", s.info.name);
      std::string_view state = x.attr("state");
      s.info.hidden = state == "hidden" || state == "veryHidden";
      std::string_view id = x.attr("id");
      bool worksheet = true;
      for (const relationship& r : b.rels) {
        if (r.id != id) continue;
        std::string_view kind = rel_kind(r.type);
        worksheet = kind == "worksheet";
        s.part = r.target;
        break;
      }
      if (worksheet) b.sheets.push_back(std::move(s));
    }
  }
  if (!root_seen) return ctx.fail(damaged, b.part + ": empty workbook part");
  return true;
}

// The number style of every cell format (cellXfs), by index.
bool read_styles(const zip_archive& zip, const std::string& part, context& ctx, std::vector<number_style>& xf) {
  xml_part xml;
  if (!read_xml_part(zip, part, false, xml, ctx)) return false;
  xml_reader x(xml.text);
  std::vector<std::pair<unsigned, number_style>> custom;
  bool in_xfs = false;
  std::string code;
  auto number = [](std::string_view s) {
    unsigned v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') break;
      v = v < 100000000 ? v * 10 + static_cast<unsigned>(c - '0') : v;
    }
    return v;
  };
  for (;;) {
    auto t = x.next();
    if (t == xml_reader::end) break;
    if (t == xml_reader::bad) return xml_failed(ctx, part, x);
    if (t == xml_reader::start_tag) {
      if (x.name() == "numFmt") {
        code.clear();
        x.attr_decoded("formatCode", code);
        custom.emplace_back(number(x.attr("numFmtId")), classify_format_code(code));
      } else if (x.name() == "cellXfs") {
        in_xfs = true;
      } else if (in_xfs && x.name() == "xf") {
        unsigned id = number(x.attr("numFmtId"));
        number_style s = classify_builtin_format(id);
        for (const auto& c : custom)
          if (c.first == id) s = c.second;
        xf.push_back(s);
      }
    } else if (t == xml_reader::end_tag && x.name() == "cellXfs") {
      in_xfs = false;
    }
  }
  return true;
}

// Shared strings go into the sheet's text pool; each is (offset, length) there. A batch of
// tokens per call (see STARSHEET_NOINLINE).
class shared_strings_reader : public xml_part_parser {
 public:
  shared_strings_reader(const std::string& part, context& ctx, sheet_builder& sheet,
                        std::vector<std::pair<std::uint32_t, std::uint32_t>>& sst)
      : part_(part), ctx_(ctx), sheet_(sheet), sst_(sst) {}

  bool run() override {
    bool done = false;
    auto batch = out_of_line(&shared_strings_reader::step);
    while (!done)
      if (!(this->*batch)(1 << 16, done)) return false;
    return true;
  }

 private:
  STARSHEET_NOINLINE bool step(std::size_t tokens, bool& done) {
    std::string& pool = sheet_.pool();
    for (; tokens > 0; --tokens) {
      auto t = x_.next();
      if (t == xml_reader::end || t == xml_reader::more) {
        done = true;
        return true;
      }
      if (t == xml_reader::bad) return xml_failed(ctx_, part_, x_);
      if (t == xml_reader::start_tag) {
        std::string_view n = x_.name();
        if (n == "si") start_ = pool.size();
        else if (n == "rPh") ++rph_;
        else if (n == "t") in_t_ = rph_ == 0;
      } else if (t == xml_reader::end_tag) {
        std::string_view n = x_.name();
        if (n == "t") {
          in_t_ = false;
        } else if (n == "rPh") {
          --rph_;
        } else if (n == "si") {
          if (pool.find("_x", start_) != std::string::npos) {
            std::string u = pool.substr(start_);
            unescape_ooxml(u);
            pool.resize(start_);
            pool += u;
          }
          if (!sheet_.check_pool()) return false;
          sst_.emplace_back(static_cast<std::uint32_t>(start_), static_cast<std::uint32_t>(pool.size() - start_));
        }
      } else if (t == xml_reader::text && in_t_) {
        x_.append_text(pool);
      }
    }
    return true;
  }

  const std::string& part_;
  context& ctx_;
  sheet_builder& sheet_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>>& sst_;
  std::size_t start_ = 0;
  int rph_ = 0;
  bool in_t_ = false;
};

bool read_shared_strings(const zip_archive& zip, const std::string& part, context& ctx, sheet_builder& sheet,
                         std::vector<std::pair<std::uint32_t, std::uint32_t>>& sst) {
  shared_strings_reader reader(part, ctx, sheet, sst);
  return stream_xml_part(zip, part, false, reader, ctx);
}

// "B12" → column 1, row 11. False for anything else.
bool parse_ref(std::string_view s, std::uint64_t& row, std::uint64_t& col) {
  std::size_t i = 0;
  std::uint64_t c = 0;
  for (; i < s.size() && i < 8; ++i) {
    char ch = static_cast<char>(s[i] & ~0x20);
    if (ch < 'A' || ch > 'Z' || s[i] < 'A') break;
    c = c * 26 + static_cast<std::uint64_t>(ch - 'A' + 1);
  }
  if (i == 0 || i >= 8) return false;
  std::uint64_t r = 0;
  std::size_t digits = 0;
  for (; i < s.size(); ++i, ++digits) {
    if (s[i] < '0' || s[i] > '9' || digits >= 12) return false;
    r = r * 10 + static_cast<std::uint64_t>(s[i] - '0');
  }
  if (digits == 0 || r == 0) return false;
  row = r - 1;
  col = c - 1;
  return true;
}

bool parse_count(std::string_view s, std::uint64_t& v) {
  v = 0;
  if (s.empty() || s.size() > 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

enum class cell_type { number, shared, inline_string, formula_string, boolean, error, date };

cell_type type_of(std::string_view t) {
  if (t == "s") return cell_type::shared;
  if (t == "inlineStr") return cell_type::inline_string;
  if (t == "str") return cell_type::formula_string;
  if (t == "b") return cell_type::boolean;
  if (t == "e") return cell_type::error;
  if (t == "d") return cell_type::date;
  return cell_type::number;
}

// The sheet's XML, a batch of tokens per call (see STARSHEET_NOINLINE).
class sheet_parser : public xml_part_parser {
 public:
  sheet_parser(const std::string& part, const book& b, const std::vector<number_style>& xf,
               const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sst, context& ctx, sheet_builder& sheet)
      : part_(part), book_(b), xf_(xf), sst_(sst), ctx_(ctx), sheet_(sheet) {}

  bool run() override {
    bool done = false;
    auto batch = out_of_line(&sheet_parser::step);
    while (!done)
      if (!(this->*batch)(1 << 16, done)) return false;
    return !ctx_.failed;
  }

 private:
  STARSHEET_NOINLINE bool step(std::size_t tokens, bool& done) {
    for (; tokens > 0; --tokens) {
      auto t = x_.next();
      if (t == xml_reader::text) {
        if (in_v_) x_.append_text(v_);
        else if (in_t_) x_.append_text(inline_text_);
        continue;
      }
      if (t == xml_reader::end || t == xml_reader::more) {
        done = true;
        return true;
      }
      if (t == xml_reader::bad) return xml_failed(ctx_, part_, x_);
      std::string_view n = x_.name();
      if (t == xml_reader::start_tag) {
        start(n);
        continue;
      }
      if (n == "v") {
        in_v_ = false;
      } else if (n == "t") {
        in_t_ = false;
      } else if (n == "rPh") {
        if (rph_ > 0) --rph_;
      } else if (n == "is") {
        in_is_ = false;
      } else if (n == "c" && in_cell_) {
        if (!end_cell()) return false;
      }
    }
    return true;
  }

  void start(std::string_view n) {
    if (n == "c") {
      in_cell_ = true;
      has_f_ = has_v_ = false;
      v_.clear();
      inline_text_.clear();
      std::string_view r = x_.attr("r");
      if (r.empty() || !parse_ref(r, cell_row_, cell_col_)) {
        cell_row_ = row_;
        cell_col_ = next_col_;
      }
      next_col_ = cell_col_ + 1;
      type_ = type_of(x_.attr("t"));
      std::uint64_t s = 0;
      style_ = parse_count(x_.attr("s"), s) && s < xf_.size() ? static_cast<std::size_t>(s) : SIZE_MAX;
    } else if (in_cell_ && n == "v") {
      in_v_ = has_v_ = true;
    } else if (in_cell_ && n == "f") {
      has_f_ = true;
    } else if (in_cell_ && n == "is") {
      in_is_ = true;
    } else if (in_is_ && n == "rPh") {
      ++rph_;
    } else if (in_is_ && n == "t") {
      in_t_ = rph_ == 0;
    } else if (n == "row") {
      std::uint64_t r = 0;
      row_ = parse_count(x_.attr("r"), r) && r > 0 ? r - 1 : next_row_;
      next_row_ = row_ + 1;
      next_col_ = 0;
    } else if (n == "mergeCell") {
      std::string_view ref = x_.attr("ref");
      std::size_t colon = ref.find(':');
      std::uint64_t r1, c1, r2, c2;
      if (colon != std::string_view::npos && parse_ref(ref.substr(0, colon), r1, c1) &&
          parse_ref(ref.substr(colon + 1), r2, c2))
        sheet_.add_merge(r1, c1, r2, c2);
    }
  }

  bool end_cell() {
    in_cell_ = in_v_ = in_is_ = in_t_ = false;
    rph_ = 0;
    std::string& pool = sheet_.pool();
    sheet_csv& stats = sheet_.stats();
    std::string_view value = type_ == cell_type::formula_string ? std::string_view(v_) : trim(v_);
    if (has_f_ && (!has_v_ || (value.empty() && type_ != cell_type::formula_string))) {
      ++stats.formulas_without_value;
      return true;
    }
    std::size_t at = pool.size();
    switch (type_) {
      case cell_type::shared: {
        std::uint64_t i = 0;
        if (parse_count(value, i) && i < sst_.size())
          return sheet_.place(cell_row_, cell_col_, sst_[i].first, sst_[i].second);
        return true;
      }
      case cell_type::inline_string:
      case cell_type::formula_string:
        pool += type_ == cell_type::inline_string ? std::string_view(inline_text_) : value;
        if (pool.find("_x", at) != std::string::npos) {
          std::string s = pool.substr(at);
          unescape_ooxml(s);
          pool.resize(at);
          pool += s;
        }
        break;
      case cell_type::boolean:
        if (value == "1" || value == "true") pool += "TRUE";
        else if (value == "0" || value == "false") pool += "FALSE";
        break;
      case cell_type::error:
        break;
      case cell_type::date:
        if (append_iso_date(pool, value)) ++stats.date_cells;
        else pool += value;
        break;
      case cell_type::number: {
        if (value.empty()) break;
        number_style ns = style_ == SIZE_MAX ? number_style::number : xf_[style_];
        double serial;
        if (ns != number_style::number && parse_double(value, serial) &&
            append_serial_date(pool, serial, book_.date1904, ns)) {
          ++stats.date_cells;
        } else if (!append_decimal(pool, value)) {
          pool += value;
        }
        break;
      }
    }
    return sheet_.place(cell_row_, cell_col_, at, pool.size() - at);
  }

  const std::string& part_;
  const book& book_;
  const std::vector<number_style>& xf_;
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sst_;
  context& ctx_;
  sheet_builder& sheet_;
  std::string v_, inline_text_;
  std::uint64_t next_row_ = 0, row_ = 0, next_col_ = 0, cell_row_ = 0, cell_col_ = 0;
  bool in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false, has_f_ = false, has_v_ = false;
  int rph_ = 0;
  cell_type type_ = cell_type::number;
  std::size_t style_ = SIZE_MAX;
};

}  // namespace

bool list_xlsx(const zip_archive& zip, context& ctx, std::vector<sheet_info>& out) {
  book b;
  if (!read_book(zip, ctx, b)) return false;
  for (auto& s : b.sheets) out.push_back(s.info);
  return true;
}

bool read_xlsx(const zip_archive& zip, std::size_t index, context& ctx, sheet_csv& out) {
  book b;
  if (!read_book(zip, ctx, b)) return false;
  if (index >= b.sheets.size())
    return ctx.fail(no_sheet, "sheet " + std::to_string(index + 1) + " of " + std::to_string(b.sheets.size()));
  const std::string& part = b.sheets[index].part;
  ctx.sheet = b.sheets[index].info.name;
  if (part.empty() || !zip.find(part)) return ctx.fail(damaged, "part missing");
  std::vector<number_style> xf;
  if (!read_styles(zip, b.related("styles", "styles.xml"), ctx, xf)) return false;
  sheet_builder sheet(ctx);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sst;
  if (!read_shared_strings(zip, b.related("sharedStrings", "sharedStrings.xml"), ctx, sheet, sst)) return false;
  // Tables sized for the markup a sheet of this size holds, estimated from its compressed size
  // (sheet XML deflates 5 to 15 times), never from the size its header claims.
  const zip_entry* entry = zip.find(part);
  sheet.expect(static_cast<std::size_t>(std::min<std::uint64_t>(entry->size, entry->compressed * 16)));
  sheet_parser parser(part, b, xf, sst, ctx, sheet);
  if (!stream_xml_part(zip, part, true, parser, ctx)) return false;
  return sheet.finish(out);
}

}  // namespace starsheet::wb
