// Trends: how the total, the categories and each indicator moved from one period to the next,
// and why (which tier bounds were crossed, or a change of status).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "rules.h"
#include "scoring.h"
#include "starsheet.h"

namespace starsheet {

enum class change_reason {
  unchanged,           ///< same status and value
  same_tier,           ///< value moved within its tier
  tier_up,             ///< crossed one or more bounds upwards
  tier_down,           ///< fell below one or more bounds
  now_measured,        ///< missing before, scored now
  no_longer_measured,  ///< scored before, missing now
  status_changed,      ///< to or from not applicable
};

struct indicator_change {
  const indicator_result* from = nullptr;
  const indicator_result* to = nullptr;
  change_reason reason = change_reason::unchanged;
  std::vector<int> crossed;  ///< indices of the tiers whose bounds were crossed, in crossing order
};

struct category_change {
  const category_rule* rule = nullptr;
  int from_half = 0, to_half = 0;
};

/// The change from period `from` to period `to` (indices into comparison::periods).
struct period_change {
  std::size_t from = 0, to = 0;
  std::vector<category_change> categories;   ///< pack order
  std::vector<indicator_change> indicators;  ///< pack order
};

struct comparison {
  std::vector<const assessment*> periods;  ///< oldest first
  std::vector<std::string> labels;         ///< one per period (file names in the CLI)
  std::vector<period_change> changes;      ///< between neighbours
};

/// Compares neighbouring periods, oldest first; the assessments must outlive the result and
/// share one rule pack.
comparison compare_periods(std::vector<const assessment*> periods, std::vector<std::string> labels);

/// `starsheet-compare/1` JSON: every period's scores and every change with its reason.
nlohmann::ordered_json comparison_json(const comparison& c, lang language);

/// The comparison as text: totals, the categories that moved, the indicators that moved and why.
std::string comparison_text(const comparison& c, lang language);

/// Scores period documents, or reads back `starsheet-report/1` documents made with the same
/// rule pack, and renders their comparison. On bad input the error names the
/// field; `failed` (if given) receives the index of the document at fault.
result<std::string> compare_period_texts(const std::vector<std::string_view>& periods,
                                         const std::vector<std::string>& labels, const rule_pack& pack,
                                         report_format format, lang language, std::size_t* failed = nullptr);

std::string_view to_string(change_reason r);

}  // namespace starsheet
