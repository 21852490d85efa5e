// First advice: for each indicator short of its maximum, the next tier up and what it is worth;
// for each missing indicator, what to measure; and how far the next star is.
#pragma once

#include <optional>
#include <vector>

#include "exact.h"
#include "scoring.h"

namespace starsheet {

enum class advice_kind {
  next_tier,  ///< a scored indicator below its maximum
  measure,    ///< a missing indicator: start measuring it
};

struct advice_item {
  const indicator_result* indicator = nullptr;
  advice_kind kind = advice_kind::next_tier;
  int gain_half = 0;       ///< points the next tier (or measuring at the top tier) adds
  int target_tier = -1;    ///< tier to reach
  /// The value the indicator must reach, in its unit (for ratio tiers, the equivalent value at
  /// today's mix); with the tier's comparison operator.
  std::optional<rational> target_value;
};

struct next_star_gap {
  int stars;
  rational threshold;
  int needed_half;  ///< points (in halves) still needed to reach it
};

struct advice {
  std::vector<advice_item> items;  ///< by gain, largest first
  std::optional<next_star_gap> next_star;
};

/// Builds the first advice for an assessment (which must outlive it).
advice first_advice(const assessment& a);

/// The value an indicator must reach for `tier`, in its own unit.
std::optional<rational> tier_target_value(const indicator_result& ir, int tier);

}  // namespace starsheet
