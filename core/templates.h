// Downloadable templates: a shipments or inquiries sheet whose headers the importer recognises
// (one sample row, one notes row), and a measures sheet — one row per measure of the rule
// pack — that reads back as a `starsheet-period/1` document once its value column is filled.
// The sample values, notes and the measures sheet's column names are data (rules/templates.json,
// `starsheet-templates/1`). Pure: text and bytes in and out, nothing thrown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import_rules.h"
#include "result.h"
#include "rules.h"
#include "xlsx_writer.h"

namespace starsheet {

/// The template rules (rules/templates.json), validated.
struct template_rules {
  std::string id, version;
  text title;  ///< the workbook title

  struct record_template {
    text sheet;                         ///< sheet name
    std::map<std::string, text> sample; ///< field id → sample value (zh, en)
    text note;                          ///< starts with 注 / Note
  };
  record_template shipments, inquiries;

  struct column {
    std::string id;  ///< measure, label, unit, meaning, value
    text header;
    std::vector<std::string> synonyms;  ///< more header names accepted when reading back
    double width = 0;
  };
  struct measures_template {
    text sheet;
    std::vector<column> columns;                ///< in sheet order
    std::map<std::string, text> row_labels;     ///< provider, period_kind, period_start, period_end
    std::map<std::string, text> row_meanings;   ///< the same keys; period_kind's has {kinds}
    std::map<std::string, text> types;          ///< by measure type name; level {min} {max}, set {items}
    text used_by;                               ///< with {indicators}
    text note;
  } measures;

  const record_template& kind(record_kind k) const { return k == record_kind::shipments ? shipments : inquiries; }
};

/// Parses and validates a `starsheet-templates/1` document; errors point into it.
result<template_rules> load_template_rules(std::string_view json_text);

enum class template_kind { shipments, inquiries, measures };

std::optional<template_kind> template_kind_from(std::string_view name);
std::string_view to_string(template_kind k);

/// A template as a table: rows of cells (the first is the header row), ready for CSV or xlsx.
struct template_table {
  std::string sheet_name;
  std::vector<xlsx::row> rows;
  std::vector<double> widths;  ///< column widths in characters
};

/// The header a record template prints for a field: its label when the importer recognises it,
/// else the first recognised header of the language (Chinese text for zh, ASCII for en).
std::string template_header(const field_rule& field, lang language);

/// Builds a template. Fails only when the template rules name a field the import rules lack.
result<template_table> make_template(template_kind kind, lang language, const template_rules& templates,
                                     const import_rules& import, const rule_pack& pack);

/// UTF-8 with a byte order mark (Excel then reads Chinese correctly), CRLF line ends, RFC 4180
/// quoting. Every cell of a row is written (the notes row is one cell).
std::string template_csv(const template_table& table);

/// An .xlsx workbook of the one sheet: header bold, first row frozen.
std::string template_xlsx(const template_table& table, const std::string& title);

// --- reading a filled measures template back ---------------------------------------------

using table_rows = std::vector<std::vector<std::string>>;

/// The rows of a CSV/TSV text (UTF-8, with or without BOM). Empty lines stay as empty rows, so
/// row numbers match what a spreadsheet shows.
table_rows rows_from_csv(std::string_view utf8);

/// Whether the rows hold a measures table: some row names the measure and value columns (in
/// either language).
bool is_measures_table(const table_rows& rows, const template_rules& templates);

/// Reads a filled measures table (rows from a CSV or a sheet) as a `starsheet-period/1` JSON
/// text, checked by parse_period. Values are taken as written: trimmed, full-width digits and
/// thousands separators ("12,480") accepted, and a trailing unit as the template prints it;
/// empty values are left out (the measure is missing). Rows whose first cell starts with
/// 注 / 备注 / 说明 / Note are skipped. Errors: where = "row N", the message names the measure.
result<std::string> period_from_measures_table(const table_rows& rows, const rule_pack& pack,
                                               const template_rules& templates);

}  // namespace starsheet
