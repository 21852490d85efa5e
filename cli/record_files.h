// Reading a record file from disk for the CLI and the benchmark: bytes in chunks, the
// encoding detected (or chosen) from the first chunk, decoded to UTF-8 when needed, fed to
// the core's importer. Memory stays at a chunk or two whatever the file size.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "import.h"
#include "import_report.h"
#include "result.h"

namespace starsheet::shell {

struct record_file_options {
  std::string encoding = "auto";     ///< auto, utf-8, utf-16, utf-16le, utf-16be, gb18030 (gbk)
  std::size_t chunk_bytes = 1 << 20; ///< read size
  std::string sheet;                 ///< a workbook's sheet: its name or 1-based number; "" the first visible one
};

/// Imports one record file. Errors name the place in the file ("row 12", or "" for the whole
/// file); the caller adds the file name.
result<imported_file> import_record_file(const std::string& path, record_kind kind, const import_rules& rules,
                                         import_options options, const record_file_options& file_options = {});

/// The most a period, mapping, rule pack or report file may hold: generous for what they are
/// (the largest real period is a few KB), small enough that `score /dev/zero` stops at once.
constexpr std::size_t small_file_max_bytes = std::size_t{16} << 20;

/// How a file is named in messages: "-" is "standard input".
std::string input_name(const std::string& path);

/// What a small file should be, as a message key of the import rules (its text names it in
/// the user's language): a period, a mapping, a rule pack, a period or report.
namespace small_file {
inline constexpr const char* period = "what_period_file";
inline constexpr const char* mapping = "what_mapping_file";
inline constexpr const char* rule_pack = "what_rule_pack";
inline constexpr const char* period_or_report = "what_period_or_report";
}  // namespace small_file

// The errors of reading and writing files below do not name the file: the caller puts its
// name first. They carry a key of the import rules' messages (file_unreadable, …) for
// error_text, their English message for logs.

/// Opens an input file for reading: "-" is standard input; a FIFO with no writer does not
/// block (it reads as empty). Returns a descriptor, or -1 with `error` set (a directory, or
/// the file cannot be opened).
int open_input(const std::string& path, input_error& error);

/// A small file's bytes (`what`: one of small_file), read with a cap of small_file_max_bytes.
/// Errors: unreadable, a directory, empty, or larger than the cap.
result<std::string> read_small_file(const std::string& path, const char* what);

/// Writes `bytes` to the file at `path` and closes it; an error unless every byte reached it.
std::optional<input_error> write_file(const std::string& path, std::string_view bytes);

/// Writes `bytes` to standard output and flushes it; an error unless every byte got out.
std::optional<input_error> write_stdout(std::string_view bytes);

/// An error in the file at `path` as one finished line in `language`: the file's name, the
/// row ("第 12 行") or place, then the import rules' text for the error's key (its English
/// message when the rules have none).
input_error in_file(const std::string& path, const input_error& e, const import_rules& rules, lang language);

/// Checks an --encoding value; empty when it is one of the accepted names.
std::string check_encoding_name(const std::string& name);

/// The record options of the command line.
struct record_args {
  std::vector<std::string> shipments, inquiries;  ///< --shipments FILE, --inquiries FILE (each repeatable: files add up)
  std::vector<std::string> maps;     ///< --map FILE (repeatable; each says its kind)
  std::string encoding = "auto";     ///< --encoding
  date_order order = date_order::unknown;  ///< --date-order mdy|dmy
  std::string period_end;            ///< --period-end YYYY-MM-DD (import only)
  std::string save_map;              ///< --save-map FILE (import only)
  std::string failing_rows;          ///< --failing-rows FILE (.csv, or .xlsx by its name; one record file)
  std::optional<std::size_t> header_row;  ///< --header-row N (0: no header row)
  std::string sheet;                 ///< --sheet NAME|N
  bool any() const { return !shipments.empty() || !inquiries.empty(); }
};

/// Reads a record option at argv[i] (moving i past its value). False when argv[i] is not one;
/// `error` is set when its value is bad.
bool parse_record_option(int argc, char** argv, int& i, record_args& args, std::string& error);

/// Imports the record files named in `args`. An error's message is the whole line to print
/// ("FILE: row 12: …").
/// `period_start`/`period_end` (seconds; unset: unknown) bound the period the rows are judged in.
result<std::vector<imported_file>> import_records(const record_args& args, std::optional<std::int64_t> period_start,
                                                  std::optional<std::int64_t> period_end, const rule_pack& pack,
                                                  lang language, const import_rules& rules,
                                                  const period_data* period = nullptr);

/// Writes the failing rows of the one imported file to args.failing_rows (nothing when unset):
/// an .xlsx workbook when the name ends so, else CSV (UTF-8 with BOM). An error names the file.
std::optional<input_error> write_failing_rows(const record_args& args, const std::vector<imported_file>& files,
                                             const import_rules& rules, lang language);

/// `starsheet import KIND FILE`: the proposed mapping, derived measures and row problems, as
/// text or JSON. Saves the mapping used when args.save_map is set.
result<std::string> import_command(const std::string& kind, const std::string& file, record_args args,
                                   const import_rules& rules, const rule_pack& pack, bool json, lang language);

}  // namespace starsheet::shell
