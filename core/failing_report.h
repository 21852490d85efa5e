// The failing rows of an imported record file as the carrier's to-do list: a table of the row
// number, why it failed and the row's own cells (CSV or xlsx through templates.h), and the same
// as JSON for the page. Rows never enter a report: these are separate outputs.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "failing_rows.h"
#include "import_report.h"
#include "import_rules.h"
#include "templates.h"

namespace starsheet {

/// Why a row failed, in `language`: its reasons joined (a slow row's with the limit in `slow`;
/// a slow transit's with the limit of `transit_mode` alone when it is set, else of every mode).
std::string failing_reason_text(std::uint8_t reasons, const slow_limits& slow, const import_rules& rules,
                                lang language, int transit_mode = -1);

/// The transit limits of `slow` in `language`: "空运 < 4.75 天、海运 < 28.5 天"; of `mode` alone
/// (an index in the import rules' "mode" values) when it is set and has one.
std::string transit_limits_text(const slow_limits& slow, const import_rules& rules, lang language, int mode = -1);

/// The limits a slow exception, first reply and transit are judged by: the longest whole seconds
/// inside the top tier of the mean indicators over the importer's exception hours and reply
/// minutes, and, for each mode whose industry average `period` gives, the longest transit inside
/// the top tier of the benchmark-ratio indicator over the importer's transit days. A limit is
/// unset when the pack scores no such indicator (or, for a mode, without its average).
slow_limits slow_limits_of(const rule_pack& pack, const import_rules& rules, const period_data* period = nullptr);

/// The rows that pass `filter`: 行号 / 原因 then the file's columns as its header names them.
template_table failing_table(const imported_file& file, const import_rules& rules, lang language,
                             const failing_filter& filter = {});

/// The page's view: {file, kind, header, shown (the mapped columns, 0-based), total, listed,
/// matched, complete, note, by_reason: [{id, label, rows}] (of the listed rows), rows: [{row,
/// reasons, reason, cells, weekday, iso_week}]}. Reason ids: late, late_undelivered, lost,
/// damaged, unresolved, slow_exception, slow_reply, slow_transit.
nlohmann::ordered_json failing_json(const imported_file& file, const import_rules& rules, lang language,
                                    const failing_filter& filter = {});

/// Parses a filter's reason ids ("late,lost"; "" for all); nullopt when one is unknown.
std::optional<std::uint8_t> failing_reasons_from(const std::string& ids);

}  // namespace starsheet
