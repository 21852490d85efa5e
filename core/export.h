// The exports a manager passes on: the report as an .xlsx workbook (the filled Table A.2 with its
// 填表人 / 审核人 / 日期 lines, the 31 indicators with values and points, the plan and the advice)
// and as one standalone HTML page (no script, no outside resource; opens offline).
//
// Both present the finished report document (`starsheet-report/1`, as render_json gives it) and
// format nothing themselves: values, tiers, verdicts, plan lines and the what-if banner are the
// document's display texts; headings and column names are the rule pack's messages. So the CLI
// (which renders its report model) and the page (which passes the report it shows to the wasm
// module) write the same bytes. A what-if result is marked as assumed on every sheet and at the
// top of the page, and every what-if value is marked in the tables.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "import_rules.h"
#include "result.h"
#include "rules.h"

namespace starsheet {

struct report_model;

/// The exports. Kept apart from report_format and render() so that a module that only scores
/// (the page's first load) does not link them.
enum class export_format { xlsx, html };

/// The .xlsx bytes of a report document, texts in the document's language. With `words` (the
/// import rules the record files were read with), the plan sheet ends with the report's
/// sections from record files: where the points are lost (`drilldown_top`) and what the data
/// quality does to the score (`data_quality`), under those rules' headings.
std::string report_xlsx(const nlohmann::ordered_json& report, const rule_pack& pack,
                        const import_rules* words = nullptr);

/// The report as one HTML document (UTF-8), in the document's language. Every text is escaped;
/// text from the data (provider, period) shows its control and bidirectional formatting
/// characters as escapes (as the text report does) and sits in <bdi>, so it cannot reorder the
/// line around it. A Content-Security-Policy forbids every script and outside resource. Printed,
/// Table A.2 with its signature lines starts on a page of its own. `words` as for report_xlsx:
/// the sections from record files follow the advice.
std::string report_html(const nlohmann::ordered_json& report, const rule_pack& pack,
                        const import_rules* words = nullptr);

/// report_xlsx or report_html of the model's report document (report_document), in `language`:
/// what `starsheet score --format xlsx|html` writes.
std::string render_export(const report_model& model, export_format format, lang language);

/// report_xlsx or report_html from a report document's text (the page's export buttons).
/// Refused: text that is not a `starsheet-report/1` document.
result<std::string> export_report(std::string_view report_json, const rule_pack& pack, export_format format,
                                  const import_rules* words = nullptr);

}  // namespace starsheet
