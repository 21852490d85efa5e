#include "workbook.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "workbook_internal.h"

namespace starsheet {

namespace wb {

// --- context ------------------------------------------------------------------------------

// Small files may inflate this much whatever the factor says: a few KB of XML compress very well.
constexpr std::size_t inflate_floor = std::size_t{64} << 20;

context::context(std::size_t input_size, const workbook_limits& l) : limits(l) {
  std::size_t by_factor = l.max_inflated_factor != 0 && input_size > SIZE_MAX / l.max_inflated_factor
                              ? SIZE_MAX
                              : input_size * l.max_inflated_factor;
  inflate_budget = inflate_left = std::min(l.max_inflated_bytes, std::max(by_factor, inflate_floor));
}

bool context::fail(std::string_view key, std::string detail) {
  if (!failed) {
    failed = true;
    error.key = std::string(key);
    error.detail = sheet.empty() ? std::move(detail) : "sheet \"" + sheet + "\": " + detail;
    error.sheet = sheet;
  }
  return false;
}

bool context::fail_limit(std::string_view key, std::string detail, std::uint64_t count, std::uint64_t limit,
                         std::uint64_t row) {
  if (failed) return false;
  fail(key, std::move(detail));
  error.count = count;
  error.limit = limit;
  error.row = row;
  return false;
}

std::size_t context::max_text() const { return std::min<std::size_t>(limits.max_inflated_bytes, 0xFFFFFFF0u); }

// --- text ---------------------------------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void append_utf16(std::string& out, const std::uint16_t* u, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t c = u[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
      ++i;
    }
    append_utf8(out, c);
  }
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void unescape_ooxml(std::string& s, std::size_t from) {
  std::size_t at = s.find("_x", from);
  if (at == std::string::npos) return;
  std::string out(s, 0, at);
  std::size_t i = at;
  while (i < s.size()) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int v = 0;
      bool ok = true;
      for (std::size_t k = 2; k < 6; ++k) {
        int h = hex_value(s[i + k]);
        ok = ok && h >= 0;
        v = v * 16 + h;
      }
      if (ok) {
        append_utf8(out, static_cast<std::uint32_t>(v));
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  s = std::move(out);
}

// --- numbers ------------------------------------------------------------------------------

namespace {

// A decimal number as significant digits d1 d2 … (d1 not 0) and the power of ten of d1.
struct decimal {
  bool negative = false;
  char digits[20];
  int count = 0;  // kept digits (at most 20; only the first 16 matter for rounding)
  long exponent = 0;
  bool zero() const { return count == 0; }
};

bool parse_decimal(std::string_view s, decimal& d) {
  std::size_t i = 0, n = s.size();
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) --n;
  if (i < n && (s[i] == '-' || s[i] == '+')) d.negative = s[i++] == '-';
  long seen = 0, first = -1, point = -1;  // mantissa digits read, index of the first non-zero, digits before '.'
  for (; i < n; ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (first < 0 && c != '0') first = seen;
      if (first >= 0 && d.count < 20) d.digits[d.count++] = c;
      if (seen < 1000000000L) ++seen;
    } else if ((c == '.' || c == ',') && point < 0) {
      // ',' only ever comes from a C library that follows a locale (see append_number).
      point = seen;
    } else {
      break;
    }
  }
  if (seen == 0) return false;
  if (point < 0) point = seen;
  long exp = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i >= n) return false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; ++i)
      if (exp < 100000) exp = exp * 10 + (s[i] - '0');
    if (neg) exp = -exp;
  }
  if (i != n) return false;
  if (first < 0) {
    d.count = 0;
    return true;
  }
  d.exponent = point - 1 - first + exp;
  return true;
}

// Writes the decimal rounded to 15 significant digits, in plain notation. False when the
// exponent is beyond any double's.
bool append_rounded(std::string& out, decimal d) {
  if (d.zero()) {
    out += '0';
    return true;
  }
  if (d.count > 15) {
    bool up = d.digits[15] >= '5';
    d.count = 15;
    if (up) {
      int k = 14;
      while (k >= 0 && d.digits[k] == '9') d.digits[k--] = '0';
      if (k >= 0) {
        ++d.digits[k];
      } else {
        d.digits[0] = '1';
        d.count = 1;
        ++d.exponent;
      }
    }
  }
  while (d.count > 1 && d.digits[d.count - 1] == '0') --d.count;
  if (d.exponent > 330 || d.exponent < -330) return false;
  if (d.negative) out += '-';
  long e = d.exponent;
  if (e >= 0) {
    for (long k = 0; k <= e; ++k) out += k < d.count ? d.digits[k] : '0';
    if (d.count > e + 1) {
      out += '.';
      out.append(d.digits + e + 1, static_cast<std::size_t>(d.count - e - 1));
    }
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-e - 1), '0');
    out.append(d.digits, static_cast<std::size_t>(d.count));
  }
  return true;
}

}  // namespace

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) return;
  if (v == 0) {
    out += '0';
    return;
  }
  // Fifteen significant digits, correctly rounded, in scientific form; the separator the C
  // library may take from a locale is accepted by parse_decimal, so no locale can change this.
  char buf[40];
#if defined(__cpp_lib_to_chars)
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 14);
  std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
#else
  int len = std::snprintf(buf, sizeof buf, "%.14e", v);
  std::string_view text(buf, len > 0 ? static_cast<std::size_t>(len) : 0);
#endif
  decimal d;
  if (parse_decimal(text, d)) append_rounded(out, d);
}

bool append_decimal(std::string& out, std::string_view text) {
  decimal d;
  if (!parse_decimal(text, d)) return false;
  return append_rounded(out, d);
}

bool parse_double(std::string_view text, double& v) {
  decimal d;
  if (!parse_decimal(text, d)) return false;
  if (d.zero()) {
    v = 0;
    return true;
  }
  if (d.exponent > 330 || d.exponent < -330) return false;
  std::uint64_t m = 0;
  int used = std::min(d.count, 19);
  for (int k = 0; k < used; ++k) m = m * 10 + static_cast<unsigned>(d.digits[k] - '0');
  v = static_cast<double>(m) * std::pow(10.0, static_cast<double>(d.exponent - (used - 1)));
  if (d.negative) v = -v;
  return std::isfinite(v);
}

// --- number formats and dates ---------------------------------------------------------------

number_style classify_format_code(std::string_view code) {
  bool y = false, d = false, m = false, h = false, s = false, elapsed = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    switch (c) {
      case '"': {
        std::size_t close = code.find('"', i + 1);
        i = close == std::string_view::npos ? code.size() : close;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;  // an escaped literal, a padding width or a fill character
        break;
      case '[': {
        std::size_t close = code.find(']', i + 1);
        std::string_view inner = code.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
        // [h], [mm], [ss]: elapsed time, a duration; anything else ([Red], [$-804], [<100]) is not a date part.
        if (!inner.empty()) {
          char first = static_cast<char>(inner[0] | 0x20);
          if ((first == 'h' || first == 'm' || first == 's') &&
              std::all_of(inner.begin(), inner.end(), [&](char k) { return static_cast<char>(k | 0x20) == first; })) {
            elapsed = true;
          }
        }
        i = close == std::string_view::npos ? code.size() : close;
        break;
      }
      default:
        switch (c | 0x20) {
          case 'y': y = true; break;
          case 'd': d = true; break;
          case 'm': m = true; break;
          case 'h': h = true; break;
          case 's': s = true; break;
          default: break;
        }
    }
  }
  if (elapsed) return y || d ? number_style::date : number_style::number;
  bool date_part = y || d || (m && !h && !s);
  bool time_part = h || s;
  if (date_part) return number_style::date;
  return time_part ? number_style::time_of_day : number_style::number;
}

number_style classify_builtin_format(unsigned id) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 ||
      id == 58)
    return number_style::date;
  // 46 is [h]:mm:ss, a duration.
  if ((id >= 18 && id <= 21) || id == 45 || id == 47 || (id >= 32 && id <= 35) || id == 55 || id == 56)
    return number_style::time_of_day;
  return number_style::number;
}

namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  y += m <= 2;
}

void put_digits(std::string& out, std::int64_t v, int width) {
  char buf[8];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

void put_date(std::string& out, std::int64_t y, unsigned m, unsigned d) {
  put_digits(out, y, 4);
  out += '-';
  put_digits(out, m, 2);
  out += '-';
  put_digits(out, d, 2);
}

void put_time(std::string& out, std::int64_t seconds) {
  put_digits(out, seconds / 3600, 2);
  out += ':';
  put_digits(out, seconds / 60 % 60, 2);
  out += ':';
  put_digits(out, seconds % 60, 2);
}

// Days since 1970-01-01 and the second of the day, as "YYYY-MM-DD[ HH:MM:SS]"; false past year 9999.
bool put_datetime(std::string& out, std::int64_t days, std::int64_t second, bool with_time) {
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) return false;
  put_date(out, y, m, d);
  if (with_time) {
    out += ' ';
    put_time(out, second);
  }
  return true;
}

}  // namespace

bool append_serial_date(std::string& out, double serial, bool date1904, number_style style) {
  if (!std::isfinite(serial) || serial < 0 || serial > 3.0e6) return false;
  std::int64_t total = std::llround(serial * 86400.0);
  std::int64_t day = total / 86400, second = total % 86400;
  if (style == number_style::time_of_day) {
    put_time(out, second);
    return true;
  }
  bool whole = serial == std::floor(serial);
  std::int64_t civil;
  if (date1904) {
    civil = days_from_civil(1904, 1, 1) + day;
  } else {
    // Excel counts a 29 February 1900 that never was (serial 60); serial 0 is its "1900-01-00".
    if (day == 0) return false;
    if (day == 60) {
      out += "1900-02-29";
      if (!whole) {
        out += ' ';
        put_time(out, second);
      }
      return true;
    }
    civil = days_from_civil(1899, 12, day < 60 ? 31 : 30) + day;
  }
  return put_datetime(out, civil, second, !whole);
}

bool append_iso_date(std::string& out, std::string_view s) {
  auto number = [&](std::size_t& i, int width, int& v) {
    v = 0;
    for (int k = 0; k < width; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  std::size_t i = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!number(i, 4, y) || i >= s.size() || s[i++] != '-' || !number(i, 2, mo) || i >= s.size() || s[i++] != '-' ||
      !number(i, 2, d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  {
    std::int64_t yy;
    unsigned mm, dd;
    civil_from_days(days, yy, mm, dd);
    if (mm != static_cast<unsigned>(mo)) return false;  // 2024-02-30
  }
  std::int64_t second = 0;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    ++i;
    if (!number(i, 2, h) || i >= s.size() || s[i++] != ':' || !number(i, 2, mi)) return false;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!number(i, 2, sec)) return false;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        if (i < s.size() && s[i] >= '5' && s[i] <= '9') ++sec;  // to the nearest second
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      }
    }
    if (h > 24 || mi > 59 || sec > 60) return false;
    second = h * 3600 + mi * 60 + sec;
  }
  // A zone ("Z", "+08:00") is dropped: the cell shows the wall-clock time as written.
  if (i < s.size() && s[i] != 'Z' && s[i] != '+' && s[i] != '-') return false;
  days += second / 86400;
  second %= 86400;
  return put_datetime(out, days, second, second != 0);
}

// --- the cell grid --------------------------------------------------------------------------

bool sheet_builder::check_pool() {
  if (pool_.size() > ctx_.max_text()) return ctx_.fail(too_large, "sheet text above the size limit");
  return true;
}

bool sheet_builder::place(std::uint64_t row, std::uint64_t col, std::size_t offset, std::size_t length) {
  if (length == 0) return true;
  if (col >= ctx_.limits.max_columns || col > 0xFFFFFFFEu)
    return ctx_.fail(too_large, "a value in column " + std::to_string(col + 1) + ", above the column limit");
  // Refused rather than written as that many empty lines: rows far apart would make a dense
  // table of nothing for the importer (and for the page, several copies of it).
  if (row >= ctx_.limits.max_rows)
    return ctx_.fail_limit(row_limit,
                           "a value in row " + std::to_string(row + 1) + ", below the last row " +
                               std::to_string(ctx_.limits.max_rows),
                           row + 1, ctx_.limits.max_rows, row + 1);
  if (row > 0xFFFFFFFEu) return ctx_.fail(too_large, "a value in row " + std::to_string(row + 1));
  if (cells_.size() >= ctx_.limits.max_cells) return ctx_.fail(too_large, "more cells than the limit");
  if (!check_pool()) return false;
  cell c{static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(col), static_cast<std::uint32_t>(offset),
         static_cast<std::uint32_t>(length)};
  if (sorted_ && !cells_.empty()) {
    const cell& last = cells_.back();
    if (c.row < last.row || (c.row == last.row && c.col <= last.col)) sorted_ = false;
  }
  cells_.push_back(c);
  return true;
}

bool sheet_builder::add_text(std::uint64_t row, std::uint64_t col, std::string_view text) {
  std::size_t at = pool_.size();
  pool_.append(text);
  return place(row, col, at, text.size());
}

void sheet_builder::expect(std::size_t markup_bytes) {
  // A cell takes 20 bytes of XML at the very least and rarely more than 64.
  cells_.reserve(std::min(markup_bytes / 64, ctx_.limits.max_cells));
  pool_.reserve(std::min(pool_.size() + markup_bytes / 8, ctx_.max_text()));
}

void sheet_builder::add_merge(std::uint64_t r1, std::uint64_t c1, std::uint64_t r2, std::uint64_t c2) {
  if (r2 < r1) std::swap(r1, r2);
  if (c2 < c1) std::swap(c1, c2);
  if (r1 == r2 && c1 == c2) return;
  merges_.push_back({r1, c1, r2, c2});
}

bool sheet_builder::sort_cells() {
  auto before = [](const cell& a, const cell& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; };
  if (!sorted_) std::stable_sort(cells_.begin(), cells_.end(), before);
  sorted_ = true;
  // Of two values for one cell the later wins (a merged copy over what the range hid).
  std::size_t w = 0;
  for (std::size_t r = 0; r < cells_.size(); ++r) {
    if (w > 0 && cells_[w - 1].row == cells_[r].row && cells_[w - 1].col == cells_[r].col) cells_[w - 1] = cells_[r];
    else cells_[w++] = cells_[r];
  }
  cells_.resize(w);
  return true;
}

bool sheet_builder::finish(sheet_csv& result) {
  if (ctx_.failed) return false;
  sort_cells();
  out_.csv.clear();
  out_.rows = out_.columns = 0;
  if (cells_.empty()) {
    result = std::move(out_);
    return true;
  }
  std::uint64_t last_row = cells_.back().row, last_col = 0;
  for (const cell& c : cells_) last_col = std::max<std::uint64_t>(last_col, c.col);
  const std::uint64_t rows = last_row + 1, columns = last_col + 1;
  if (rows * columns > ctx_.limits.max_cells)
    return ctx_.fail(too_large, std::to_string(rows) + " rows by " + std::to_string(columns) + " columns");
  // A merged range carries its value only inside the cells that hold values, so that a title
  // merged across a whole row does not widen the table.
  bool copied = false;
  for (const range& m : merges_) {
    if (m.row1 > last_row || m.col1 > last_col) continue;
    std::uint64_t r2 = std::min(m.row2, last_row), c2 = std::min(m.col2, last_col);
    if (r2 == m.row1 && c2 == m.col1) continue;
    cell key{static_cast<std::uint32_t>(m.row1), static_cast<std::uint32_t>(m.col1), 0, 0};
    auto it = std::lower_bound(cells_.begin(), cells_.end(), key, [](const cell& a, const cell& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    if (it == cells_.end() || it->row != key.row || it->col != key.col) continue;
    cell top = *it;
    std::uint64_t area = (r2 - m.row1 + 1) * (c2 - m.col1 + 1);  // inside the grid checked above
    if (cells_.size() + area > ctx_.limits.max_cells) return ctx_.fail(too_large, "merged ranges above the cell limit");
    for (std::uint64_t r = m.row1; r <= r2; ++r)
      for (std::uint64_t c = m.col1; c <= c2; ++c)
        if (r != m.row1 || c != m.col1)
          cells_.push_back({static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(c), top.offset, top.length});
    sorted_ = false;
    copied = true;
    ++out_.merged_ranges;
  }
  if (copied) sort_cells();
  std::size_t estimate = rows;
  for (const cell& c : cells_) estimate += c.length + 1;
  out_.csv.reserve(std::min(estimate + cells_.size(), ctx_.max_text()));
  std::size_t i = 0;
  auto emit = out_of_line(&sheet_builder::emit_rows);
  for (std::uint64_t r = 0; r < rows;)
    if (!(this->*emit)(i, r, std::min<std::uint64_t>(rows, r + 4096), columns)) return false;
  out_.rows = static_cast<std::size_t>(rows);
  out_.columns = static_cast<std::size_t>(columns);
  result = std::move(out_);
  return true;
}

bool sheet_builder::emit_rows(std::size_t& i, std::uint64_t& r, std::uint64_t end, std::uint64_t columns) {
  std::string& csv = out_.csv;
  for (; r < end; ++r) {
    if (i < cells_.size() && cells_[i].row == r) {
      std::uint64_t col = 0;
      for (; i < cells_.size() && cells_[i].row == r; ++i) {
        const cell& c = cells_[i];
        csv.append(static_cast<std::size_t>(c.col - col), ',');
        col = c.col;
        std::string_view v(pool_.data() + c.offset, c.length);
        if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
          csv.append(v);
        } else {
          // Line breaks in a cell become LF: CR LF (Windows text, OOXML's "_x000D_") and a lone CR
          // alike, so that nothing makes the CSV reader, which takes the line-end style from the
          // first line, read a CR inside a title as the end of every record.
          csv += '"';
          for (std::size_t k = 0; k < v.size(); ++k) {
            char ch = v[k];
            if (ch == '\r') {
              if (k + 1 < v.size() && v[k + 1] == '\n') continue;
              ch = '\n';
            }
            if (ch == '"') csv += '"';
            csv += ch;
          }
          csv += '"';
        }
      }
      csv.append(static_cast<std::size_t>(columns - 1 - col), ',');
      if (csv.size() > ctx_.max_text()) return ctx_.fail(too_large, "CSV text above the size limit");
    }
    csv += '\n';
  }
  return true;
}

// --- XML ------------------------------------------------------------------------------------

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view local_name(std::string_view qname) {
  std::size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

}  // namespace

void append_xml_decoded(std::string& out, std::string_view raw) {
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      return;
    }
    out.append(raw.substr(i, amp - i));
    std::size_t semi = raw.find(';', amp + 1);
    std::string_view ent = semi == std::string_view::npos || semi - amp > 12 ? std::string_view{}
                                                                                 : raw.substr(amp + 1, semi - amp - 1);
    if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "amp") out += '&';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() >= 2 && ent[0] == '#') {
      std::uint32_t v = 0;
      bool hex = ent[1] == 'x' || ent[1] == 'X', ok = ent.size() > (hex ? 2u : 1u);
      for (std::size_t k = hex ? 2 : 1; k < ent.size() && ok; ++k) {
        int h = hex ? hex_value(ent[k]) : (ent[k] >= '0' && ent[k] <= '9' ? ent[k] - '0' : -1);
        if (h < 0) ok = false;
        else v = std::min<std::uint32_t>(v * (hex ? 16 : 10) + static_cast<std::uint32_t>(h), 0x110000);
      }
      if (!ok) {
        out += '&';
        i = amp + 1;
        continue;
      }
      append_utf8(out, v == 0 ? 0xFFFD : v);
    } else {
      out += '&';  // not a reference we know: kept as written
      i = amp + 1;
      continue;
    }
    i = semi + 1;
  }
}

std::string_view xml_utf8(std::string_view part, std::string& storage) {
  if (part.size() >= 3 && part.substr(0, 3) == "\xEF\xBB\xBF") return part.substr(3);
  if (part.size() >= 2 && (part.substr(0, 2) == "\xFF\xFE" || part.substr(0, 2) == "\xFE\xFF")) {
    bool little = part[0] == '\xFF';
    std::vector<std::uint16_t> units((part.size() - 2) / 2);
    for (std::size_t k = 0; k < units.size(); ++k) {
      auto a = static_cast<unsigned char>(part[2 + 2 * k]), b = static_cast<unsigned char>(part[3 + 2 * k]);
      units[k] = static_cast<std::uint16_t>(little ? a | (b << 8) : (a << 8) | b);
    }
    storage.clear();
    append_utf16(storage, units.data(), units.size());
    return storage;
  }
  return part;
}

bool read_xml_part(const zip_archive& zip, std::string_view name, bool required, xml_part& out, context& ctx) {
  out.text = {};
  const zip_entry* e = zip.find(name);
  if (!e) return required ? ctx.fail(damaged, std::string(name) + ": part missing") : true;
  std::string_view raw;
  if (!zip.read(*e, out.buffer, raw, ctx)) return false;
  out.text = xml_utf8(raw, out.converted);
  return true;
}

namespace {

// Gives the parser each inflated piece joined to the unread rest of the one before (a token
// cut at a piece's end). A part in UTF-16 (rare: no spreadsheet writer makes one) is gathered
// whole and converted, as read_xml_part does.
class xml_piece_feeder : public inflate_sink {
 public:
  xml_piece_feeder(xml_part_parser& parser, std::string_view part, context& ctx)
      : parser_(parser), part_(part), ctx_(ctx) {}

  bool take(std::string_view piece) override {
    if (first_) {
      first_ = false;
      if (piece.substr(0, 3) == "\xEF\xBB\xBF") piece.remove_prefix(3);
      else utf16_ = piece.substr(0, 2) == "\xFF\xFE" || piece.substr(0, 2) == "\xFE\xFF";
    }
    if (utf16_) {
      rest_.append(piece);
      return true;
    }
    std::string_view text = piece;
    if (!rest_.empty()) {
      rest_.append(piece);
      text = rest_;
    }
    if (!feed(text, false) || parser_.finished) return false;  // failed, or has what it wanted
    std::string_view unread = text.substr(parser_.reader().consumed());
    // A token is never longer than the text a sheet may hold: past that the part is refused
    // rather than gathered without bound.
    if (unread.size() > ctx_.max_text())
      return ctx_.fail(too_large, std::string(part_) + ": one XML token above the size limit");
    if (text.data() == rest_.data()) rest_.erase(0, rest_.size() - unread.size());
    else rest_.assign(unread);
    return true;
  }

  bool finish() {
    if (utf16_) {
      std::string converted;
      return feed(xml_utf8(rest_, converted), true);
    }
    return feed(rest_, true);
  }

 private:
  bool feed(std::string_view text, bool final) {
    parser_.reader().set_input(text, final);
    return parser_.run();
  }

  xml_part_parser& parser_;
  std::string_view part_;
  context& ctx_;
  std::string rest_;
  bool first_ = true, utf16_ = false;
};

}  // namespace

bool stream_xml_part(const zip_archive& zip, std::string_view name, bool required, xml_part_parser& parser,
                     context& ctx) {
  const zip_entry* e = zip.find(name);
  if (!e) return required ? ctx.fail(damaged, std::string(name) + ": part missing") : true;
  xml_piece_feeder feeder(parser, e->name, ctx);
  if (!zip.read(*e, feeder, ctx)) return false;
  return parser.finished || feeder.finish();
}

xml_reader::xml_reader(std::string_view doc) : doc_(doc) { attrs_.reserve(16); }

xml_reader::token xml_reader::fail(const char* why) {
  problem_ = why;
  pos_ = doc_.size();
  return bad;
}

void xml_reader::set_input(std::string_view doc, bool final) {
  doc_ = doc;
  pos_ = 0;
  partial_ = !final;
}

// A token cut off by the end of the input: with more to come it is read again from its start
// once the rest has arrived; at the real end the part is bad.
xml_reader::token xml_reader::cut(const char* why) { return partial_ ? more : fail(why); }

xml_reader::token xml_reader::next() {
  if (pending_end_) {
    pending_end_ = false;
    return end_tag;
  }
  const char* p = doc_.data();
  const std::size_t n = doc_.size();
  for (;;) {
    if (pos_ >= n) return partial_ ? more : end;
    if (p[pos_] != '<') {
      const void* lt = std::memchr(p + pos_, '<', n - pos_);
      // Text runs to the next tag: a reference ("&amp;") may be cut, so it waits for the rest.
      if (!lt && partial_) return more;
      std::size_t stop = lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - p) : n;
      text_ = doc_.substr(pos_, stop - pos_);
      cdata_ = false;
      pos_ = stop;
      return text;
    }
    std::string_view rest = doc_.substr(pos_);
    // Too short to tell a comment, CDATA section or end tag from the rest.
    if (partial_ && rest.size() < 9) return more;
    if (rest.size() >= 2 && rest[1] == '?') {
      std::size_t close = doc_.find("?>", pos_ + 2);
      if (close == std::string_view::npos) return cut("unterminated processing instruction");
      pos_ = close + 2;
      continue;
    }
    if (rest.size() >= 2 && rest[1] == '!') {
      if (rest.substr(0, 4) == "<!--") {
        std::size_t close = doc_.find("-->", pos_ + 4);
        if (close == std::string_view::npos) return cut("unterminated comment");
        pos_ = close + 3;
        continue;
      }
      if (rest.substr(0, 9) == "<![CDATA[") {
        std::size_t close = doc_.find("]]>", pos_ + 9);
        if (close == std::string_view::npos) return cut("unterminated CDATA section");
        text_ = doc_.substr(pos_ + 9, close - pos_ - 9);
        cdata_ = true;
        pos_ = close + 3;
        return text;
      }
      // A DOCTYPE could declare entities; none is ever expanded, the part is refused.
      return fail("DOCTYPE or other declaration");
    }
    std::size_t i = pos_ + 1;
    if (i < n && p[i] == '/') {
      std::size_t close = doc_.find('>', i);
      if (close == std::string_view::npos) return cut("unterminated end tag");
      std::string_view q = doc_.substr(i + 1, close - i - 1);
      while (!q.empty() && is_space(q.back())) q.remove_suffix(1);
      name_ = local_name(q);
      pos_ = close + 1;
      return end_tag;
    }
    std::size_t start = i;
    while (i < n && !is_space(p[i]) && p[i] != '>' && p[i] != '/') ++i;
    if (i == start) return i >= n ? cut("empty element name") : fail("empty element name");
    name_ = local_name(doc_.substr(start, i - start));
    attrs_.clear();
    for (;;) {
      while (i < n && is_space(p[i])) ++i;
      if (i >= n) return cut("unterminated start tag");
      if (p[i] == '>') {
        ++i;
        break;
      }
      if (p[i] == '/') {
        if (i + 1 >= n) return cut("unterminated start tag");
        if (p[i + 1] != '>') return fail("stray '/' in a start tag");
        i += 2;
        pending_end_ = true;
        break;
      }
      std::size_t a = i;
      while (i < n && !is_space(p[i]) && p[i] != '=' && p[i] != '>' && p[i] != '/') ++i;
      std::string_view qname = doc_.substr(a, i - a);
      while (i < n && is_space(p[i])) ++i;
      if (i >= n) return cut("unterminated start tag");
      if (p[i] != '=' || qname.empty()) return fail("attribute without a value");
      ++i;
      while (i < n && is_space(p[i])) ++i;
      if (i >= n) return cut("unterminated start tag");
      if (p[i] != '"' && p[i] != '\'') return fail("unquoted attribute value");
      char quote = p[i++];
      const void* q = std::memchr(p + i, quote, n - i);
      if (!q) return cut("unterminated attribute value");
      std::size_t close = static_cast<std::size_t>(static_cast<const char*>(q) - p);
      attrs_.push_back({local_name(qname), doc_.substr(i, close - i)});
      i = close + 1;
    }
    pos_ = i;
    return start_tag;
  }
}

std::string_view xml_reader::attr(std::string_view local) const {
  for (const attribute& a : attrs_)
    if (a.name == local) return a.value;
  return {};
}

bool xml_reader::has_attr(std::string_view local) const {
  for (const attribute& a : attrs_)
    if (a.name == local) return true;
  return false;
}

void xml_reader::attr_decoded(std::string_view local, std::string& out) const {
  for (const attribute& a : attrs_)
    if (a.name == local) {
      append_xml_decoded(out, a.value);
      return;
    }
}

void xml_reader::append_text(std::string& out) const {
  if (cdata_ || text_.find('&') == std::string_view::npos) out.append(text_);
  else append_xml_decoded(out, text_);
}

// --- which container ----------------------------------------------------------------------

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

constexpr std::string_view ods_mimetype = "application/vnd.oasis.opendocument.spreadsheet";

bool is_zip(std::string_view bytes) {
  return starts_with(bytes, std::string_view("PK\x03\x04", 4)) || starts_with(bytes, std::string_view("PK\x05\x06", 4));
}

workbook_kind zip_kind(const zip_archive& zip, context& ctx) {
  if (zip.find("xl/workbook.xml") || zip.find("xl/workbook.bin")) return workbook_kind::xlsx;
  if (const zip_entry* m = zip.find("mimetype"); m && m->size < 256) {
    byte_buffer storage;
    std::string_view type;
    if (zip.read(*m, storage, type, ctx) && starts_with(type, ods_mimetype)) return workbook_kind::ods;
  }
  if (zip.find("content.xml") && !zip.find("[content_types].xml")) return workbook_kind::ods;
  return workbook_kind::xlsx;
}

bool raw_biff(std::string_view b) {
  // Excel 2.x-4.0 files are a bare record stream starting with a BOF record.
  if (b.size() < 8 || b[0] != '\x09') return false;
  unsigned char version = static_cast<unsigned char>(b[1]);
  unsigned len = static_cast<unsigned char>(b[2]) | (static_cast<unsigned char>(b[3]) << 8);
  return (version == 0x00 || version == 0x02 || version == 0x04 || version == 0x08) && len >= 4 && len <= 20;
}

// Hands a compound file or BIFF stream to `on_xls()`, an opened ZIP and its kind to
// `on_zip(zip, kind)`; anything else is not a workbook.
template <class Zip, class Xls>
void dispatch(std::string_view bytes, context& ctx, Zip on_zip, Xls on_xls) {
  if (starts_with(bytes, cfb_magic) || raw_biff(bytes)) {
    on_xls();
  } else if (is_zip(bytes)) {
    zip_archive zip;
    if (zip.open(bytes, ctx)) {
      workbook_kind kind = zip_kind(zip, ctx);
      if (!ctx.failed) on_zip(zip, kind);
    }
  } else {
    ctx.fail(damaged, "not a workbook (no ZIP or compound file signature)");
  }
}

}  // namespace

}  // namespace wb

workbook_kind sniff_workbook(std::string_view bytes) {
  using namespace wb;
  context ctx(bytes.size(), workbook_limits{});
  if (starts_with(bytes, cfb_magic)) {
    compound_file cf;
    if (cf.open(bytes, ctx) && !cf.has_stream("workbook") && !cf.has_stream("book") &&
        cf.has_stream("encryptedpackage"))
      return workbook_kind::xlsx;
    return workbook_kind::xls;
  }
  if (is_zip(bytes)) {
    zip_archive zip;
    if (zip.open(bytes, ctx)) return zip_kind(zip, ctx);
    // No directory (truncated): an ODS file names its type in a stored first entry.
    if (bytes.substr(0, 200).find(std::string("mimetype") + std::string(ods_mimetype)) != std::string_view::npos)
      return workbook_kind::ods;
    return workbook_kind::xlsx;
  }
  if (raw_biff(bytes)) return workbook_kind::xls;
  return workbook_kind::none;
}

workbook_result<std::vector<sheet_info>> list_sheets(std::string_view bytes, const workbook_limits& limits) {
  using namespace wb;
  context ctx(bytes.size(), limits);
  std::vector<sheet_info> sheets;
  dispatch(
      bytes, ctx,
      [&](const zip_archive& zip, workbook_kind kind) {
        if (kind == workbook_kind::ods) list_ods(zip, ctx, sheets);
        else list_xlsx(zip, ctx, sheets);
      },
      [&] { list_xls(bytes, ctx, sheets); });
  if (ctx.failed) return ctx.error;
  if (sheets.empty()) {
    ctx.fail(no_sheet, "the workbook has no worksheet");
    return ctx.error;
  }
  // Moved explicitly: C++17 copies a local into a converting constructor that takes it by value.
  return workbook_result<std::vector<sheet_info>>(std::move(sheets));
}

workbook_result<sheet_csv> read_sheet_csv(std::string_view bytes, std::size_t sheet_index,
                                          const workbook_limits& limits) {
  using namespace wb;
  context ctx(bytes.size(), limits);
  sheet_csv out;
  dispatch(
      bytes, ctx,
      [&](const zip_archive& zip, workbook_kind kind) {
        if (kind == workbook_kind::ods) read_ods(zip, sheet_index, ctx, out);
        else read_xlsx(zip, sheet_index, ctx, out);
      },
      [&] { read_xls(bytes, sheet_index, ctx, out); });
  if (ctx.failed) return ctx.error;
  return workbook_result<sheet_csv>(std::move(out));
}

}  // namespace starsheet
