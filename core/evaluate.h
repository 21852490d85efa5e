// The core's one front door: a period (and the record files imported for it, possibly none) in,
// one report model out, computed once; the renderers only present it. The CLI and both wasm
// bindings go through here, so records or not, a period is refused or scored the same way and
// native and wasm print the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "advice.h"
#include "data_quality.h"
#include "drilldown_report.h"
#include "import_report.h"
#include "import_rules.h"
#include "improvement_report.h"
#include "period.h"
#include "result.h"
#include "rules.h"
#include "scoring.h"
#include "starsheet.h"

namespace starsheet {

/// Everything a report shows. Move-only: the assessment, advice and sections point into the
/// period the model owns.
struct report_model {
  std::unique_ptr<const period_data> period;  ///< the period with the files' measures merged in
  assessment scored;
  advice list;
  improvement sections;                    ///< plans, practices, reference checks, recovery, uncertainty
  std::vector<imported_file> files;        ///< each with `overridden` filled; none: no records section
  drilldown drill;                         ///< the rates derived from the files, split by their columns
  std::vector<quality_effect> quality;     ///< the files' data-quality findings, each re-scored
  const import_rules* import = nullptr;    ///< the rules the files were read with (null when there are none)
};

/// Merges the files' derived measures into `period` (its own measures win; files of one kind add
/// up), scores it, checks every input and computes the advice and the improvement sections.
/// `rules` may be null only when `files` is empty. `pack` and `rules` must outlive the model.
result<report_model> evaluate(period_data period, std::vector<imported_file> files, const rule_pack& pack,
                              const import_rules* rules);

/// The same for a `starsheet-period/1` document.
result<report_model> evaluate(std::string_view period_json, std::vector<imported_file> files, const rule_pack& pack,
                              const import_rules* rules);

/// The `starsheet-report/1` document, texts in `language`, as JSON (render_json dumps it; the
/// exports of export.h present it).
nlohmann::ordered_json report_document(const report_model& model, lang language);

/// The `starsheet-report/1` document, texts in `language`.
std::string render_json(const report_model& model, lang language);

/// The report for a terminal, in `language`.
std::string render_text(const report_model& model, lang language);

/// render_json or render_text.
std::string render(const report_model& model, report_format format, lang language);

}  // namespace starsheet
