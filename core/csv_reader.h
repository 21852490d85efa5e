// A streaming CSV/TSV reader: bytes go in by chunks, records come out through a callback as
// views into an internal buffer that holds only the current chunk and the unfinished record
// before it, so memory is bounded by the chunk size and the longest record, never the file.
//
// It reads RFC 4180 (quoted fields, doubled quotes, line breaks inside quotes) and what
// spreadsheets write in practice: a comma, tab or semicolon delimiter (detected from the first
// record), CRLF, LF or CR line ends, a UTF-8 byte order mark, empty lines, and rows with more or
// fewer cells than the header (counted, not fatal). Text is taken as UTF-8 bytes; decoding other
// encodings is the platform's job (see encoding.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace starsheet {

/// One record. The views are valid only during the callback.
struct csv_record {
  std::size_t row = 0;   ///< 1-based, counting every record and empty line; the header is row 1
  std::size_t line = 0;  ///< 1-based physical line where the record starts
  const std::vector<std::string_view>* fields = nullptr;

  std::size_t size() const { return fields->size(); }
  std::string_view operator[](std::size_t i) const { return (*fields)[i]; }
};

struct csv_options {
  char delimiter = 0;                          ///< 0: detect ',', '\t' or ';' from the first record
  std::size_t max_record_bytes = 16u << 20;    ///< a longer record stops the reader (an unclosed quote)
};

/// What the reader saw, for the import report.
struct csv_stats {
  char delimiter = 0;
  bool bom = false;
  bool crlf = false;                   ///< the first line ended in CRLF
  bool cr_only = false;                ///< old Mac line ends
  std::size_t records = 0;             ///< records delivered, header included
  std::size_t blank_lines = 0;         ///< empty lines skipped (trailing ones included)
  std::size_t header_fields = 0;       ///< cells of the first record
  std::size_t ragged_rows = 0;         ///< records whose cell count differs from the header's
  std::size_t stray_quote_rows = 0;    ///< records with text after a closing quote (kept as text)
  std::size_t unclosed_quote_row = 0;  ///< row of a quoted field still open at the end, or 0
  std::size_t bytes = 0;               ///< bytes fed
};

class csv_reader {
 public:
  using sink = std::function<void(const csv_record&)>;

  /// `on_record` receives every non-empty record, the header first.
  explicit csv_reader(sink on_record, csv_options options = {});

  /// Reads the next chunk; delivers every record it completes. Ignored after a failure.
  void feed(std::string_view chunk);
  /// The same without a copy: write up to `n` bytes at the returned address (valid until the
  /// next call), then commit() how many were written.
  char* buffer_for(std::size_t n);
  void commit(std::size_t n);
  /// Ends the input: delivers the last record even without a final line break.
  void finish();

  /// Whether reading stopped (a record over max_record_bytes); `error()` says where.
  bool failed() const { return failed_; }
  const input_error& error() const { return error_; }
  const csv_stats& stats() const { return stats_; }

 private:
  void process(bool final);
  void fail_too_long();
  bool detect_layout(bool final);
  // Finds the end of the record starting at pos_: sets `end` (content end) and `next`
  // (start of the following record). False when more input is needed.
  // How find_record_end left a record: a line to split on the delimiter, fields already
  // split, or fields noted as spans by the field-aware scan.
  enum split_how : int { split_plain_line, split_done, split_spans };
  bool find_record_end(bool final, std::size_t& end, std::size_t& next, int& how);
  void emit(std::size_t begin, std::size_t end, int how);
  bool split_line(const char* begin, const char* end);
  void split_plain(char* begin, char* end);
  std::string_view clean_field(char* begin, char* end);

  sink on_record_;
  csv_options options_;
  csv_stats stats_;
  std::unique_ptr<char[]> buf_;  // [0, len_) holds input, [len_, capacity_) is room for more
  std::size_t capacity_ = 0;
  std::size_t len_ = 0;
  std::size_t pos_ = 0;  // start of the unfinished record in buf_
  bool cr_in_buffer_ = true;  // a CR lies in buf_[pos_, len_): only then is a bare CR looked for
  std::vector<std::string_view> fields_;
  char term_ = '\n';
  bool started_ = false, layout_known_ = false;
  // Resumable scan of a record that contains quotes (so a long quoted field is scanned once).
  std::size_t scan_off_ = 0;
  int scan_state_ = 0;
  bool scan_quoted_ = false;
  // Fields of the record being scanned, as offsets from its start.
  enum span_kind : std::uint8_t { span_plain, span_quoted, span_cleanup };
  struct span {
    std::uint32_t begin, end;
    span_kind kind;
  };
  std::vector<span> spans_;
  std::uint32_t field_begin_ = 0;
  span_kind field_kind_ = span_plain;
  std::size_t stray_in_record_ = 0;
  std::size_t row_ = 0, line_ = 1;
  bool failed_ = false;
  input_error error_;
};

}  // namespace starsheet
