// The pieces the workbook readers share: the error context, number and date text, the cell
// grid that becomes CSV, a small XML tokenizer, the ZIP container with its inflater, and the
// OLE2 compound file. Private to core/workbook*.cpp (and their tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "workbook.h"

// V8 runs a wasm function in its baseline tier until the function is called again after it
// has been optimised (there is no on-stack replacement), so a loop over a whole sheet in one
// call would run in the slow tier throughout. Long loops are therefore cut into batches, each
// a call of a function kept out of line: `noinline` for the compiler, and a call through
// out_of_line() for binaryen, whose inliner does not see the attribute.
#if defined(__GNUC__) || defined(__clang__)
#define STARSHEET_NOINLINE __attribute__((noinline))
#else
#define STARSHEET_NOINLINE
#endif

namespace starsheet::wb {

template <class F>
F out_of_line(F f) {
  F volatile v = f;
  return v;
}

// Message ids (see workbook.h).
inline constexpr std::string_view damaged = "workbook_damaged";
inline constexpr std::string_view encrypted = "workbook_encrypted";
inline constexpr std::string_view too_large = "workbook_too_large";
inline constexpr std::string_view unsupported = "workbook_unsupported";
inline constexpr std::string_view no_sheet = "workbook_no_sheet";
inline constexpr std::string_view row_limit = "workbook_row_limit";
inline constexpr std::string_view inflate_limit = "workbook_inflate_limit";
inline constexpr std::string_view too_many_entries = "workbook_too_many_entries";

// The state of one read: its limits, what is left of the inflation budget, and the first
// error. Functions return false after calling fail(), and callers pass the false on.
struct context {
  workbook_limits limits;
  std::size_t inflate_budget = 0;  // bytes all parts together may inflate to
  std::size_t inflate_left = 0;    // what the remaining parts may still inflate to
  std::string sheet;               // the sheet being read, named in errors
  bool failed = false;
  workbook_error error;

  context(std::size_t input_size, const workbook_limits& l);
  bool fail(std::string_view key, std::string detail);
  // A limit passed: what was found and the limit, and the row when there is one.
  bool fail_limit(std::string_view key, std::string detail, std::uint64_t count, std::uint64_t limit,
                  std::uint64_t row = 0);
  // The largest text (pool or CSV) a sheet may produce.
  std::size_t max_text() const;
};

// --- text ---------------------------------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t code_point);
// UTF-16 code units (little-endian pairs are the caller's business) to UTF-8; unpaired
// surrogates become U+FFFD.
void append_utf16(std::string& out, const std::uint16_t* units, std::size_t n);
// OOXML escapes characters XML cannot hold as "_xHHHH_"; decodes them in place.
void unescape_ooxml(std::string& s, std::size_t from = 0);

// --- numbers and dates ----------------------------------------------------------------------

/// Appends a double as Excel shows it: rounded to 15 significant digits, shortest form, no
/// exponent. NaN and infinities append nothing.
void append_number(std::string& out, double v);
/// The same for a number written as decimal text ("87.01000000000001", "1.5E-3"), without
/// going through a double. False (and nothing appended) when it is not a number.
bool append_decimal(std::string& out, std::string_view text);
/// A decimal text as a double, close enough for date serials (not correctly rounded).
bool parse_double(std::string_view text, double& v);

/// What a number format makes of a number.
enum class number_style : std::uint8_t { number, date, time_of_day };
number_style classify_format_code(std::string_view code);
number_style classify_builtin_format(unsigned id);

/// A serial day number as "YYYY-MM-DD" (whole) or "YYYY-MM-DD HH:MM:SS", or "HH:MM:SS" for a
/// time of day. False when the serial is outside 0 … 9999-12-31.
bool append_serial_date(std::string& out, double serial, bool date1904, number_style style);
/// An ISO 8601 date or date-time ("2024-10-03", "2024-10-03T09:05:07.25Z") in the same form.
bool append_iso_date(std::string& out, std::string_view iso);

// --- the cell grid ----------------------------------------------------------------------

// Collects the cells of one sheet as (row, column, text) with the text in one pool, then
// writes the CSV. Memory follows the cells that hold values; declared sizes play no part.
class sheet_builder {
 public:
  explicit sheet_builder(context& ctx) : ctx_(ctx) {}

  // Text is appended to pool() and then placed with place(), or referenced there again (a
  // shared string is stored once).
  std::string& pool() { return pool_; }
  bool place(std::uint64_t row, std::uint64_t col, std::size_t offset, std::size_t length);
  bool add_text(std::uint64_t row, std::uint64_t col, std::string_view text);
  // Checks that the pool is still inside the limits (call after appending much).
  bool check_pool();
  // Sizes the tables for a sheet of about this many bytes of markup, so that they are not
  // copied while they grow.
  void expect(std::size_t markup_bytes);
  void add_merge(std::uint64_t row1, std::uint64_t col1, std::uint64_t row2, std::uint64_t col2);
  sheet_csv& stats() { return out_; }
  bool finish(sheet_csv& result);

 private:
  struct cell {
    std::uint32_t row, col, offset, length;
  };
  struct range {
    std::uint64_t row1, col1, row2, col2;
  };
  bool sort_cells();
  // Writes rows [r, end) to the CSV; `i` is the first cell not yet written.
  STARSHEET_NOINLINE bool emit_rows(std::size_t& i, std::uint64_t& r, std::uint64_t end, std::uint64_t columns);
  context& ctx_;
  std::string pool_;
  std::vector<cell> cells_;
  std::vector<range> merges_;
  bool sorted_ = true;
  sheet_csv out_;
};

// --- XML ------------------------------------------------------------------------------------

// A non-validating pull tokenizer for the XML parts of a workbook: start tags (with their
// attributes), end tags (also one after each empty-element tag), text and CDATA. Names are
// local (the prefix is dropped: some writers put "x:" on every element). Comments and
// processing instructions are skipped; a DOCTYPE stops it (no entity is ever expanded).
// A part can come in pieces (see stream_xml_part): a token cut by the end of a piece that is
// not the last gives `more`, and consumed() tells where the unread rest begins.
class xml_reader {
 public:
  enum token { start_tag, end_tag, text, end, bad, more };
  xml_reader() : xml_reader(std::string_view{}) {}
  explicit xml_reader(std::string_view doc);
  // Reads `doc` from its start; `final` false when more of the part follows it.
  void set_input(std::string_view doc, bool final);
  std::size_t consumed() const { return pos_; }

  token next();
  std::string_view name() const { return name_; }
  // After start_tag. The raw value (entities not decoded), empty when absent.
  std::string_view attr(std::string_view local) const;
  bool has_attr(std::string_view local) const;
  // The decoded value appended to `out`.
  void attr_decoded(std::string_view local, std::string& out) const;
  struct attribute {
    std::string_view name, value;
  };
  const std::vector<attribute>& attrs() const { return attrs_; }
  // After text: the decoded text appended to `out`.
  void append_text(std::string& out) const;
  std::string_view raw_text() const { return text_; }
  const char* problem() const { return problem_; }

 private:
  token fail(const char* why);
  token cut(const char* why);
  std::string_view doc_;
  std::size_t pos_ = 0;
  bool partial_ = false;
  std::string_view name_, text_;
  bool cdata_ = false, pending_end_ = false;
  std::vector<attribute> attrs_;
  const char* problem_ = "";
};

/// Decodes XML character and entity references in `raw` and appends the result.
void append_xml_decoded(std::string& out, std::string_view raw);
/// A part's text as UTF-8: a UTF-8 byte order mark dropped, UTF-16 converted.
std::string_view xml_utf8(std::string_view part, std::string& storage);

// --- ZIP ------------------------------------------------------------------------------------

std::uint32_t crc32(std::uint32_t crc, std::string_view data);

// Bytes of an inflated part. Not zero-filled first (std::string would be): a part is written
// once, and for a 100 MB sheet a second pass over fresh pages costs as much as inflating.
struct byte_buffer {
  std::unique_ptr<char[]> data;
  std::size_t size = 0, capacity = 0;
  std::string_view view() const { return {data.get(), size}; }
};

enum class inflate_status { ok, damaged, too_large, stopped };
/// Inflates a raw DEFLATE stream (RFC 1951) into `out` (replaced). Stops with too_large as
/// soon as the output would pass `max_out` bytes.
inflate_status inflate(std::string_view in, byte_buffer& out, std::size_t max_out);
inflate_status inflate(std::string_view in, std::string& out, std::size_t max_out);

// Takes inflated output piece by piece; false stops the inflater (status `stopped`).
class inflate_sink {
 public:
  virtual ~inflate_sink() = default;
  virtual bool take(std::string_view piece) = 0;
};
/// Inflates into `sink` in pieces of about `piece_bytes` (at least 64 KiB), holding only the
/// 32 KiB window besides the piece, whatever the output's size.
inflate_status inflate(std::string_view in, inflate_sink& sink, std::size_t max_out, std::size_t piece_bytes);

struct zip_entry {
  std::string name;  // lower case, '/' separators, no leading '/': compared, never opened
  std::uint64_t local_offset = 0, compressed = 0, size = 0;
  std::uint32_t crc = 0;
  std::uint16_t method = 0, flags = 0;
};

class zip_archive {
 public:
  /// Reads the central directory. Fails (workbook_damaged) when there is none.
  bool open(std::string_view bytes, context& ctx);
  /// The entry of a part name (any case, with or without a leading '/'), or null.
  const zip_entry* find(std::string_view name) const;
  /// The entry's bytes, inflated and checked against its CRC, charged to the budget: `out`
  /// views `storage`, or the archive itself for a stored entry.
  bool read(const zip_entry& e, byte_buffer& storage, std::string_view& out, context& ctx) const;
  /// The same, given to `sink` in pieces (limits.piece_bytes) as they are inflated; the CRC and size
  /// are checked at the end. A sink that stops without a failure in the context ends the read
  /// early and successfully.
  bool read(const zip_entry& e, inflate_sink& sink, context& ctx) const;
  const std::vector<zip_entry>& entries() const { return entries_; }

 private:
  // The entry's raw data after the checks both reads share (method, bounds, inflation budget).
  bool locate(const zip_entry& e, std::string_view& raw, context& ctx) const;
  std::string_view bytes_;
  std::vector<zip_entry> entries_;
  std::vector<std::uint32_t> by_name_;  // entry indexes sorted by name
};

std::string normalize_part_name(std::string_view name);

// A part's XML as UTF-8 text, and what holds it.
struct xml_part {
  byte_buffer buffer;
  std::string converted;  // a UTF-16 part, converted
  std::string_view text;
};
/// Reads a part as XML text. An absent part is empty text, or workbook_damaged when `required`.
bool read_xml_part(const zip_archive& zip, std::string_view name, bool required, xml_part& out, context& ctx);

// A parser of one XML part that takes the part while it is inflated, so that a sheet's markup
// is never held whole (it is five to ten times the cells' text). run() reads the tokens its
// reader has, up to `more` or `end`; it returns false on failure (the error is in the
// context) and sets `finished` when it needs no more of the part.
class xml_part_parser {
 public:
  virtual ~xml_part_parser() = default;
  xml_reader& reader() { return x_; }
  virtual bool run() = 0;
  bool finished = false;

 protected:
  xml_reader x_;
};
/// Inflates a part piece by piece through `parser`. An absent part is no input, or
/// workbook_damaged when `required`. A single token (a text, a start tag) may not pass the
/// sheet text limit.
bool stream_xml_part(const zip_archive& zip, std::string_view name, bool required, xml_part_parser& parser,
                     context& ctx);

// --- OLE2 compound file -----------------------------------------------------------------------

inline constexpr std::string_view cfb_magic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};

class compound_file {
 public:
  bool open(std::string_view bytes, context& ctx);
  /// Whether a stream of this name (any case) is a child of the root storage.
  bool has_stream(std::string_view name) const;
  /// A root stream's bytes; false (with the error set) when absent or unreadable.
  bool read_stream(std::string_view name, std::string& out, context& ctx) const;

 private:
  struct entry {
    std::string name;  // lower case ASCII, other characters as UTF-8
    std::uint8_t type = 0;
    std::uint32_t left = 0, right = 0, child = 0, start = 0;
    std::uint64_t size = 0;
  };
  bool read_chain(const std::vector<std::uint32_t>& fat, std::uint32_t start, std::size_t unit,
                  std::uint64_t size, bool mini, std::string& out, context& ctx) const;
  const entry* root_child(std::string_view name) const;

  std::string_view bytes_;
  std::size_t sector_size_ = 512, mini_size_ = 64;
  std::uint32_t mini_cutoff_ = 4096;
  std::vector<std::uint32_t> fat_, mini_fat_;
  std::vector<entry> entries_;
  std::vector<std::uint32_t> root_children_;
  std::string mini_stream_;
};

// --- the formats ------------------------------------------------------------------------------

bool list_xlsx(const zip_archive& zip, context& ctx, std::vector<sheet_info>& out);
bool read_xlsx(const zip_archive& zip, std::size_t index, context& ctx, sheet_csv& out);
bool list_ods(const zip_archive& zip, context& ctx, std::vector<sheet_info>& out);
bool read_ods(const zip_archive& zip, std::size_t index, context& ctx, sheet_csv& out);
bool list_xls(std::string_view bytes, context& ctx, std::vector<sheet_info>& out);
bool read_xls(std::string_view bytes, std::size_t index, context& ctx, sheet_csv& out);

}  // namespace starsheet::wb
