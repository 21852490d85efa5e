// Scoring of Appendix A: each indicator from its measures (Table A.1), its points from its
// tiers (Table A.2), category sums and bands, the total and the star level (Table A.3).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exact.h"
#include "period.h"
#include "result.h"
#include "rules.h"

namespace starsheet {

enum class indicator_status { scored, missing, not_applicable };

struct indicator_result {
  const indicator_rule* rule = nullptr;
  indicator_status status = indicator_status::missing;
  std::optional<rational> value;  ///< in the indicator's unit; absent when missing
  std::optional<rational> ratio;  ///< benchmark_ratio only: what the tiers are applied to
  int tier = -1;                  ///< index of the tier reached, -1 for none
  int half_points = 0;
  int max_half = 0;               ///< 0 when excluded by a not-applicable policy
  bool excluded = false;
  bool what_if = false;           ///< scored on a what-if value from the period, not on measures
  int actual_half_points = 0;     ///< the points on the measures alone (differs only under a what-if)
  int actual_max_half = 0;
  std::vector<std::string> absent;  ///< inputs that were not given (missing indicators)
};

struct category_result {
  const category_rule* rule = nullptr;
  int half_score = 0, half_max = 0;
  const band* reached = nullptr;
  int measured = 0, indicators = 0;  ///< indicators scored or not applicable on actual data, of all in it
};

struct assessment {
  const rule_pack* pack = nullptr;
  const period_data* period = nullptr;
  std::vector<indicator_result> indicators;  // in rule-pack order
  std::vector<category_result> categories;   // in rule-pack order
  int total_half = 0, max_half = 0;
  const star_rule* star = nullptr;
  int measured = 0;      ///< indicators scored or not applicable on actual data (what-ifs not counted)
  int assumed = 0;       ///< indicators scored on a what-if value
  bool provisional = false;  ///< fewer measured than the pack's provisional_below_percent of all
  /// The result on the measures alone: what the headline shows beside a what-if result.
  int actual_total_half = 0, actual_max_half = 0;
  const star_rule* actual_star = nullptr;
};

/// Scores a validated period. Fails when measures contradict each other (a numerator above its
/// denominator, a total without a count), naming the measure at fault. Both arguments must
/// outlive the result.
result<assessment> assess(const period_data& period, const rule_pack& pack);

/// Sums scored indicators into categories (with their bands), the total and the star level.
void sum_up(assessment& a);

/// The index of the first tier (best first) that `scored` satisfies, or -1.
int tier_reached(const indicator_rule& rule, const rational& scored);

/// Whether `v op bound` holds.
bool satisfies(const rational& v, tier_op op, const rational& bound);

/// The star level a total earns (exactly; with exclusions the total is scaled to the pack's max).
const star_rule& star_for(const rule_pack& pack, int total_half, int max_half);

/// `half` points as a rational (7 half-points → 3.5).
rational from_half(int half);

}  // namespace starsheet
