// The "records" part of a report: per record file, the mapping used, rows read / used / bad,
// the cells that could not be read, suspicious data, the derived measures and the rules that
// derived them; and the merge of their measures into a period (evaluate.h scores it).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "import.h"
#include "rules.h"
#include "period.h"

namespace starsheet {

/// One imported record file.
struct imported_file {
  std::string name;                  ///< as the user gave it (for messages)
  std::string encoding = "UTF-8";    ///< what it was decoded from
  std::string sheet;                 ///< the workbook sheet it was read from ("" for a text file)
  std::size_t undecodable_bytes = 0; ///< bytes the decoder replaced
  record_summary summary;
  std::vector<std::string> overridden;  ///< derived pointers the period file overrode
};

/// The "records" member of a report.
nlohmann::ordered_json records_json(const std::vector<imported_file>& files, const import_rules& rules,
                                    const rule_pack& pack, lang language);

/// The same for a terminal.
std::string records_text(const std::vector<imported_file>& files, const import_rules& rules, const rule_pack& pack,
                         lang language);

/// An import error in the user's language when the import rules have a text for its key (the
/// placeholders filled from its args; a shell's own wording, key + "_" + shell, first: "cli"
/// may name its flags, the page may not); otherwise its English message. Without the place.
std::string error_text(const input_error& e, const import_rules& rules, lang language, std::string_view shell = {});

/// Merges the files' derived measures into `period` (explicit ones win); files of one kind add
/// up (two shipment exports are one period's orders). Fills each file's `overridden`.
void merge_files(period_data& period, std::vector<imported_file>& files, const import_rules& rules);

}  // namespace starsheet
