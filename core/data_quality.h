// Data quality in points: for each finding of each record file (rows whose values cannot all be
// true, duplicate ids, a clock every delivery shares), the period scored as the file says and
// without those rows (for a shared clock: with the deliveries read as dates), so the carrier sees
// what the bad data costs or flatters. Computed once from the imported files; the renderers only
// present it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "import_report.h"
#include "import_rules.h"
#include "scoring.h"

namespace starsheet {

struct quality_effect {
  std::size_t file = 0, finding = 0;  ///< indexes into the files and the file's summary.quality
  /// The total and star level on the data as the file says (the report's actual result) and
  /// with the finding's reading; absent (0, null) when it was not re-scored.
  int with_half = 0, without_half = 0;
  const star_rule* with_star = nullptr;
  const star_rule* without_star = nullptr;
};

/// The findings of `files`, each re-scored: `period` is the period before the files were merged
/// (evaluate() keeps it), `scored` the report's assessment.
std::vector<quality_effect> compute_data_quality(const period_data& period, const std::vector<imported_file>& files,
                                                 const assessment& scored, const import_rules& rules);

/// The report's "data_quality" member, texts in `language`.
nlohmann::ordered_json data_quality_json(const std::vector<quality_effect>& effects,
                                         const std::vector<imported_file>& files, const import_rules& rules,
                                         lang language);

/// The same for a terminal ("" without findings).
std::string data_quality_text(const std::vector<quality_effect>& effects, const std::vector<imported_file>& files,
                              const import_rules& rules, lang language);

}  // namespace starsheet
