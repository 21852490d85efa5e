#include "csv_reader.h"

#include <algorithm>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace starsheet {

namespace {

// States of the field-aware scan of a record that contains quotes.
enum scan_state : int { field_start = 0, in_plain = 1, in_quotes = 2, after_quote = 3 };

#if defined(__wasm_simd128__)
// In wasm, memchr is a scalar loop; sixteen bytes are compared at once here instead (the
// loads may be unaligned in wasm). Only bytes inside [from, to) are read.
inline const char* find(const char* from, const char* to, char c) {
  const v128_t needle = wasm_i8x16_splat(c);
  for (; to - from >= 16; from += 16) {
    int hits = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(from), needle));
    if (hits) return from + __builtin_ctz(static_cast<unsigned>(hits));
  }
  for (; from < to; ++from)
    if (*from == c) return from;
  return nullptr;
}
inline const char* find_near(const char* from, const char* to, char c) { return find(from, to, c); }
#else
// memchr, but a short span (most fields are) is scanned inline: the call costs more than the search.
inline const char* find(const char* from, const char* to, char c) {
  if (to - from <= 16) {
    for (; from < to; ++from)
      if (*from == c) return from;
    return nullptr;
  }
  return static_cast<const char*>(std::memchr(from, c, static_cast<std::size_t>(to - from)));
}
// For a delimiter, usually a few bytes away: look near first, then hand the rest to memchr.
inline const char* find_near(const char* from, const char* to, char c) {
  const char* near = to - from <= 32 ? to : from + 32;
  for (; from < near; ++from)
    if (*from == c) return from;
  return from == to ? nullptr : static_cast<const char*>(std::memchr(from, c, static_cast<std::size_t>(to - from)));
}
#endif
inline char* find_near(char* from, char* to, char c) {
  return const_cast<char*>(find_near(static_cast<const char*>(from), static_cast<const char*>(to), c));
}
inline char* find(char* from, char* to, char c) {
  return const_cast<char*>(find(static_cast<const char*>(from), static_cast<const char*>(to), c));
}

// In a file with LF or CRLF line ends, a CR that no LF follows ends a line too: exports edited
// in several tools mix in the bare CRs of old Mac line ends, and reading them as text merged
// rows silently. `nl` is the LF found from `from` (or the buffer end `e`); returns the earliest
// bare CR before it. A CR as the last byte of a buffer that is not final may yet be a CRLF.
inline const char* bare_cr(const char* from, const char* nl, const char* e, bool final) {
  const char* limit = nl;
  if (limit > from && limit[-1] == '\r' && (limit < e || !final)) --limit;
  return find(from, limit, '\r');
}

}  // namespace

csv_reader::csv_reader(sink on_record, csv_options options)
    : on_record_(std::move(on_record)), options_(options) {
  fields_.reserve(64);
}

void csv_reader::feed(std::string_view chunk) {
  if (failed_) return;
  char* to = buffer_for(chunk.size());
  if (!chunk.empty()) std::memcpy(to, chunk.data(), chunk.size());
  commit(chunk.size());
}

char* csv_reader::buffer_for(std::size_t n) {
  // Keep only the unfinished record: memory stays at one chunk plus one record.
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  if (capacity_ < len_ + n) {
    // Grown with room for the unfinished record that the next piece will find before it, so
    // that pieces of one size fit from then on. Only the bytes held are copied, and nothing
    // is zero-filled: in wasm a growing std::string cleared and copied whole 4 MB buffers.
    std::size_t capacity = len_ + n + (len_ + n) / 16;
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (len_ > 0) std::memcpy(bigger.get(), buf_.get(), len_);
    buf_ = std::move(bigger);
    capacity_ = capacity;
  }
  return buf_.get() + len_;
}

void csv_reader::commit(std::size_t n) {
  if (failed_) return;
  stats_.bytes += n;
  // One search a piece rather than one a line: an LF-only export pays nothing for bare CRs.
  cr_in_buffer_ = find(buf_.get() + pos_, buf_.get() + len_ + n, '\r') != nullptr;
  len_ += n;
  process(false);
}

void csv_reader::finish() {
  if (failed_) return;
  process(true);
  buf_.reset();
  capacity_ = 0;
  pos_ = len_ = 0;
}

void csv_reader::process(bool final) {
  if (!started_) {
    if (len_ - pos_ < 3 && !final) return;
    if (len_ - pos_ >= 3 && std::memcmp(buf_.get() + pos_, "\xEF\xBB\xBF", 3) == 0) {
      pos_ += 3;
      stats_.bom = true;
    }
    started_ = true;
  }
  if (layout_known_ || detect_layout(final)) {
    while (pos_ < len_) {
      std::size_t end = 0, next = 0;
      int how = 0;
      if (!find_record_end(final, end, next, how)) break;
      emit(pos_, end, how);
      pos_ = next;
    }
  }
  if (!final && len_ - pos_ > options_.max_record_bytes) fail_too_long();
}

// The record that outgrew the limit says why, truly: NUL bytes mean the file is not text at
// all, an open quote an unclosed field, anything else a line with no line break in sight.
void csv_reader::fail_too_long() {
  failed_ = true;
  std::string_view pending(buf_.get() + pos_, len_ - pos_);
  std::string row = std::to_string(row_ + 1), line = std::to_string(line_);
  std::string mb = std::to_string(options_.max_record_bytes >> 20);
  bool open_quote = scan_quoted_ ? scan_state_ == in_quotes
                                 : std::count(pending.begin(), pending.end(), '"') % 2 == 1;
  if (pending.find('\0') != std::string_view::npos)
    error_ = input_error{"row " + row,
                         "the file holds binary data (NUL bytes), not a text table; export the data as CSV or as a "
                         "workbook (.xlsx)",
                         "error_binary", {}};
  else if (open_quote)
    error_ = input_error{"row " + row,
                         "a record is longer than " + mb +
                             " MB; a quoted field is probably not closed (a \" without its partner)",
                         "error_unclosed_quote_long", {{"mb", mb}}};
  else
    error_ = input_error{"row " + row,
                         "line " + line + " is longer than " + mb + " MB with no line break; this is not a row of a text table",
                         "error_line_too_long", {{"line", line}, {"mb", mb}}};
}

// Line ends and delimiter, from the first non-empty record.
bool csv_reader::detect_layout(bool final) {
  const char* b = buf_.get();
  const char* p = b + pos_;
  const char* e = b + len_;
  const char* n = find(p, e, '\n');
  const char* r = find(p, n ? n : e, '\r');
  if (!n && !r && !final) return false;
  if (r) {
    if (r + 1 == e && !final) return false;  // is it CRLF? the next chunk tells
    if (r + 1 == e || r[1] != '\n') {
      term_ = '\r';
      stats_.cr_only = true;
    } else {
      stats_.crlf = true;
    }
  }
  char delim = options_.delimiter;
  if (delim == 0) {
    // The delimiter is the candidate that splits some record the most, over the first records:
    // a title or export-information row above the header may hold none at all.
    constexpr std::size_t records_looked_at = 20, bytes_looked_at = 64 * 1024;
    std::size_t saved_pos = pos_;
    std::size_t most_commas = 0, most_tabs = 0, most_semicolons = 0, records = 0;
    bool complete = true;  // every record looked at ended inside the buffer
    for (;;) {
      std::size_t end = 0, next = 0;
      int how = 0;
      if (!find_record_end(final, end, next, how)) {
        scan_off_ = 0;
        scan_state_ = field_start;
        scan_quoted_ = false;
        complete = false;
        break;
      }
      if (end > pos_) {
        std::size_t commas = 0, tabs = 0, semicolons = 0;
        bool inq = false;
        for (std::size_t i = pos_; i < end; ++i) {
          char c = buf_[i];
          if (c == '"') inq = !inq;
          else if (!inq) {
            commas += c == ',';
            tabs += c == '\t';
            semicolons += c == ';';
          }
        }
        most_commas = std::max(most_commas, commas);
        most_tabs = std::max(most_tabs, tabs);
        most_semicolons = std::max(most_semicolons, semicolons);
        ++records;
      }
      pos_ = next;
      if (records >= records_looked_at || next - saved_pos >= bytes_looked_at || next >= len_) break;
    }
    pos_ = saved_pos;
    // Not final and short of the records to look at: wait for more bytes.
    if (!final && records < records_looked_at && len_ - saved_pos < bytes_looked_at) return false;
    if (!final && records == 0 && !complete) return false;
    delim = ',';
    if (most_tabs > 0 && most_tabs >= most_commas && most_tabs >= most_semicolons) delim = '\t';
    else if (most_semicolons > most_commas) delim = ';';
  }
  options_.delimiter = delim;
  stats_.delimiter = delim;
  layout_known_ = true;
  return true;
}

bool csv_reader::find_record_end(bool final, std::size_t& end, std::size_t& next, int& how) {
  const char* b = buf_.get();
  const char* p = b + pos_;
  const char* e = b + len_;
  const char term = term_;
  if (scan_off_ == 0 && !scan_quoted_) {
    // Fast path: a line with no quote is split on the delimiter alone.
    const char* nl = find(p, e, term);
    if (term == '\n' && cr_in_buffer_)
      if (const char* cr = bare_cr(p, nl ? nl : e, e, final)) nl = cr;
    const char* lim = nl ? nl : e;
    const char* q = find(p, lim, '"');
    if (!q || (nl && options_.delimiter && split_line(p, nl - (term == '\n' && nl > p && nl[-1] == '\r')))) {
      if (!nl && !final) return false;
      end = static_cast<std::size_t>(lim - b);
      next = nl ? end + 1 : end;
      if (term == '\n' && end > pos_ && b[end - 1] == '\r') --end;
      how = q ? split_done : split_plain_line;
      return true;
    }
  }
  // Slow path, for records with quotes: a field-aware scan that notes where each field lies
  // (offsets from the record start), resumable when the record runs past the buffer.
  const char delim = options_.delimiter;
  auto is_delim = [delim](char c) { return delim ? c == delim : (c == ',' || c == ';' || c == '\t'); };
  auto next_delim = [delim](const char* from, const char* to) -> const char* {
    if (delim) return find_near(from, to, delim);
    for (; from < to; ++from)
      if (*from == ',' || *from == ';' || *from == '\t') return from;
    return nullptr;
  };
  if (scan_off_ == 0 && !scan_quoted_) {
    spans_.clear();
    field_kind_ = span_plain;
  }
  const char* s = p + scan_off_;
  int st = scan_state_;
  auto off = [p](const char* at) { return static_cast<std::uint32_t>(at - p); };
  auto push = [&](const char* to) { spans_.push_back({field_begin_, off(to), field_kind_}); };
  auto done = [&](const char* at, bool at_term) {
    end = static_cast<std::size_t>(at - b);
    next = at_term ? end + 1 : end;
    if (term == '\n' && end > pos_ && b[end - 1] == '\r' && st != in_quotes) {
      --end;  // the CR of a CRLF belongs to no field
      if (!spans_.empty() && spans_.back().end > off(b + end)) spans_.back().end = off(b + end);
    }
    how = split_spans;
    scan_off_ = 0;
    scan_state_ = field_start;
    scan_quoted_ = false;
    return true;
  };
  const char* nl = nullptr;  // the next line end at or after s, found once per line
  while (s < e) {
    if (st == in_quotes) {
      const char* q = find(s, e, '"');
      if (!q) {
        s = e;
        break;
      }
      s = q + 1;
      st = after_quote;
      continue;
    }
    if (!nl || nl < s) {
      nl = find(s, e, term);
      if (!nl) nl = e;
      if (term == '\n' && cr_in_buffer_)
        if (const char* cr = bare_cr(s, nl, e, final)) nl = cr;
    }
    if (st == in_plain) {  // a plain field runs to the next delimiter or line end; quotes are text
      const char* d = next_delim(s, nl);
      if (d) {
        push(d);
        s = d + 1;
        st = field_start;
        continue;
      }
      if (nl == e) {
        // A CR as the last byte may be a bare line end once the next byte shows no LF: the scan
        // resumes on it rather than past it.
        s = term == '\n' && !final && e[-1] == '\r' && e - 1 >= s ? e - 1 : e;
        break;
      }
      push(nl);
      return done(nl, true);
    }
    char c = *s;
    if (st == field_start) {
      field_begin_ = off(s);
      field_kind_ = span_plain;
      if (c == '"') {
        field_kind_ = span_quoted;
        st = in_quotes;
        ++s;
      } else if (c == term) {
        push(s);
        return done(s, true);
      } else if (is_delim(c)) {
        push(s);
        ++s;
      } else {
        st = in_plain;
      }
      continue;
    }
    // after_quote: a doubled quote, the field's end, or text after the closing quote.
    if (c == '"') {
      field_kind_ = span_cleanup;
      st = in_quotes;
      ++s;
    } else if (c == term) {
      push(s);
      return done(s, true);
    } else if (is_delim(c)) {
      push(s);
      st = field_start;
      ++s;
    } else {
      field_kind_ = span_cleanup;
      st = in_plain;
    }
  }
  if (!final) {
    scan_off_ = static_cast<std::size_t>(s - p);
    scan_state_ = st;
    scan_quoted_ = true;
    return false;
  }
  // The input ends inside this record.
  if (st == in_quotes) {
    stats_.unclosed_quote_row = row_ + 1;
    field_kind_ = span_cleanup;
  }
  if (st != field_start || s > p) {
    if (st == field_start) field_begin_ = off(e), field_kind_ = span_plain;
    push(e);
  }
  return done(e, false);
}

void csv_reader::emit(std::size_t begin, std::size_t end, int how) {
  ++row_;
  std::size_t line = line_;
  line_ += 1;
  char* b = buf_.get() + begin;
  char* e = buf_.get() + end;
  if (how == split_spans)
    for (char* s = b; (s = find(s, e, term_)) != nullptr; ++s) ++line_;
  if (b == e && how == split_plain_line) {
    ++stats_.blank_lines;
    return;
  }
  if (how == split_spans) {
    fields_.clear();
    for (const auto& sp : spans_) {
      char* fb = b + sp.begin;
      char* fe = b + sp.end;
      if (sp.kind == span_plain) fields_.emplace_back(fb, static_cast<std::size_t>(fe - fb));
      else if (sp.kind == span_quoted && fe - fb >= 2 && fe[-1] == '"') fields_.emplace_back(fb + 1, static_cast<std::size_t>(fe - fb - 2));
      else fields_.push_back(clean_field(fb, fe));
    }
  } else if (how == split_plain_line) {
    split_plain(b, e);
  }
  if (stray_in_record_) ++stats_.stray_quote_rows;
  stray_in_record_ = 0;
  ++stats_.records;
  if (stats_.records == 1) stats_.header_fields = fields_.size();
  else if (fields_.size() != stats_.header_fields) ++stats_.ragged_rows;
  csv_record rec;
  rec.row = row_;
  rec.line = line;
  rec.fields = &fields_;
  on_record_(rec);
}

// A line whose quoted fields are simple ("…" with no doubled quote, no line break and nothing
// after the closing quote), split in one pass; false sends the record to the field-aware scan.
bool csv_reader::split_line(const char* s, const char* end) {
  fields_.clear();
  const char delim = options_.delimiter;
  for (;;) {
    if (s < end && *s == '"') {
      const char* q = find(s + 1, end, '"');
      if (!q || (q + 1 < end && q[1] != delim)) return false;
      fields_.emplace_back(s + 1, static_cast<std::size_t>(q - s - 1));
      if (q + 1 == end) return true;
      s = q + 2;
      continue;
    }
    const char* d = find_near(s, end, delim);
    if (!d) {
      fields_.emplace_back(s, static_cast<std::size_t>(end - s));
      return true;
    }
    fields_.emplace_back(s, static_cast<std::size_t>(d - s));
    s = d + 1;
  }
}

void csv_reader::split_plain(char* s, char* e) {
  fields_.clear();
  const char delim = options_.delimiter;
  for (;;) {
    char* d = find_near(s, e, delim);
    if (!d) {
      fields_.emplace_back(s, static_cast<std::size_t>(e - s));
      return;
    }
    fields_.emplace_back(s, static_cast<std::size_t>(d - s));
    s = d + 1;
  }
}

// A quoted field with doubled quotes, text after its closing quote, or no closing quote is
// unescaped in place: the text only shrinks ("" → ", quotes dropped), so the write position
// never passes the read position.
std::string_view csv_reader::clean_field(char* r, char* e) {
  if (r == e) return {};
  char* start = r;
  char* w = r;
  ++r;  // the opening quote
  for (;;) {
    char* q = find(r, e, '"');
    if (!q) {  // never closed: the rest of the input is the field
      std::memmove(w, r, static_cast<std::size_t>(e - r));
      w += e - r;
      r = e;
      break;
    }
    std::memmove(w, r, static_cast<std::size_t>(q - r));
    w += q - r;
    r = q + 1;
    if (r < e && *r == '"') {
      *w++ = '"';
      ++r;
      continue;
    }
    break;
  }
  if (r < e) {  // text after the closing quote: kept, as spreadsheets do
    ++stray_in_record_;
    std::memmove(w, r, static_cast<std::size_t>(e - r));
    w += e - r;
  }
  return {start, static_cast<std::size_t>(w - start)};
}

}  // namespace starsheet
