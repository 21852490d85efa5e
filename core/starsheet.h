// The core's front door: period text in, report text out. The CLI and the wasm module are thin
// shells around these calls, so both print byte-identical reports.
#pragma once

#include <string>
#include <string_view>

#include "result.h"
#include "rules.h"

namespace starsheet {

enum class report_format { json, text };

/// Scores a `starsheet-period/1` document and renders the report.
result<std::string> score_period(std::string_view period_json, const rule_pack& pack, report_format format,
                                 lang language);

/// One-line form of an error, as the CLI prints it after the file name: "/pointer: message".
std::string describe(const input_error& e);

}  // namespace starsheet
