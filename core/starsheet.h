// Period text in, report text out: evaluate() and render() (evaluate.h) in one call, for callers
// with no record files.
#pragma once

#include <string>
#include <string_view>

#include "result.h"
#include "rules.h"

namespace starsheet {

enum class report_format { json, text };

/// Scores a `starsheet-period/1` document and renders the report (evaluate with no files, then render).
result<std::string> score_period(std::string_view period_json, const rule_pack& pack, report_format format,
                                 lang language);

/// One-line form of an error, as the CLI prints it after the file name: "/pointer: message".
std::string describe(const input_error& e);

}  // namespace starsheet
