// Spreadsheet files in, CSV text out: .xlsx/.xlsm (Office Open XML), .ods (OpenDocument) and
// .xls/.et (BIFF8 in an OLE2 compound file), read from bytes in memory with no library and no
// I/O, so the CLI and the wasm page read workbooks the same way and hand the result to the
// CSV importer.
//
// All three formats give the same text for the same content: strings as written, numbers as
// Excel shows them at 15 significant digits (never in "e" notation), date cells as
// "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS", booleans as TRUE/FALSE, error cells empty, and the
// top-left value of a merged range copied over the range. Row N of the sheet is line N of the
// CSV. Memory follows the content, never a size a file declares, and every size is bounded by
// workbook_limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace starsheet {

enum class workbook_kind { none, xlsx, ods, xls };

/// What the bytes are: a ZIP with xl/workbook.xml (or .xlsb's xl/workbook.bin) is xlsx, a ZIP
/// whose mimetype is an OpenDocument spreadsheet (or that holds content.xml) is ods, an OLE2
/// compound file is xls (WPS .et files are the same), unless it holds an encrypted OOXML
/// package, which is xlsx. Any other ZIP counts as xlsx and a raw BIFF2-4 stream as xls, so
/// that a container is never read as text: reading it then gives the precise error.
/// `none` for anything else (CSV, text).
workbook_kind sniff_workbook(std::string_view bytes);

/// Why a workbook could not be read. `key` is a stable message id for the user-facing text:
/// "workbook_damaged", "workbook_encrypted", "workbook_too_large", "workbook_unsupported",
/// "workbook_no_sheet", or one of the bounds of workbook_limits, whose messages name what was
/// found: "workbook_row_limit" (`sheet`, `row`, `limit`: a value below the last row),
/// "workbook_inflate_limit" (`count`: the bytes a part would inflate to, `limit`: the bytes
/// allowed for this file) and "workbook_too_many_entries" (`count`, `limit`). `detail` says
/// what exactly, in English, for logs ("xl/worksheets/sheet1.xml: CRC mismatch").
struct workbook_error {
  std::string key;
  std::string detail;
  std::string sheet{};      ///< the sheet being read when it happened, or empty
  std::uint64_t row{};      ///< the row at fault, counted from 1; 0 when none
  std::uint64_t count{};    ///< what was found, for a limit passed
  std::uint64_t limit{};    ///< the limit passed
};

/// Bounds on what reading one workbook may cost. Parts are inflated up to
/// max(max_inflated_factor × input size, 64 MiB), never more than max_inflated_bytes in all
/// (this bound also caps the CSV text); a sheet may hold at most max_cells cells, counting the
/// copies merged ranges make and the grid it would emit (rows × columns), at most max_columns
/// columns and no value below row max_rows (Excel's sheet is 1,048,576 × 16,384, so no real
/// writer goes past either, and the empty rows written between values stay below max_rows);
/// a ZIP may list at most max_entries entries.
struct workbook_limits {
  std::size_t max_inflated_factor = 200;
  std::size_t max_inflated_bytes = std::size_t{1} << 30;
  std::size_t max_cells = 50'000'000;
  std::size_t max_columns = 16384;
  std::size_t max_rows = 1'048'576;
  std::size_t max_entries = 200'000;
  /// Sheet XML is inflated and read in pieces of this many bytes (at least 64 KiB), so its
  /// markup is never held whole.
  std::size_t piece_bytes = std::size_t{1} << 20;
};

/// A value or the error that prevented it.
template <class T>
class workbook_result {
 public:
  workbook_result(T value) : value_(std::move(value)) {}
  workbook_result(workbook_error error) : error_(std::move(error)) {}

  explicit operator bool() const { return value_.has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  const workbook_error& error() const { return error_; }

 private:
  std::optional<T> value_;
  workbook_error error_;
};

struct sheet_info {
  std::string name;
  bool hidden = false;  ///< hidden or "very hidden"
};

/// The worksheets in workbook order (chart sheets and macro sheets are left out); the position
/// in this list is the `sheet_index` of read_sheet_csv.
workbook_result<std::vector<sheet_info>> list_sheets(std::string_view bytes, const workbook_limits& limits = {});

struct sheet_csv {
  /// RFC 4180: comma-separated, "\n" line ends, a cell quoted only when it holds , " CR or LF
  /// (line breaks inside a cell are written as LF). Lines run to the last row with a value; an
  /// empty row is an empty line, every other line has `columns` cells.
  std::string csv;
  std::size_t rows = 0, columns = 0;
  std::size_t merged_ranges = 0;           ///< merged ranges whose top-left value was carried over the range
  std::size_t formulas_without_value = 0;  ///< formula cells with no cached value (left empty)
  std::size_t date_cells = 0;              ///< cells read as dates through their number format or type
};

/// One worksheet as CSV; `sheet_index` counts from 0 in the order of list_sheets.
workbook_result<sheet_csv> read_sheet_csv(std::string_view bytes, std::size_t sheet_index,
                                          const workbook_limits& limits = {});

}  // namespace starsheet
