// The one list of what to do: the steps of the least-effort plan to the next star first, with
// the gains the plan states; then every other indicator that can gain, at the best tier
// reachable in practice; last, targets the rule pack marks unreachable in practice. Each item
// carries the plan model's step (effort, from, target), which the report puts in words; and
// how far the next star is.
#pragma once

#include <optional>
#include <vector>

#include "exact.h"
#include "plans.h"
#include "scoring.h"

namespace starsheet {

enum class advice_kind {
  next_tier,  ///< a scored indicator below its maximum
  measure,    ///< a missing indicator: start measuring it
};

struct advice_item {
  const indicator_result* indicator = nullptr;
  advice_kind kind = advice_kind::next_tier;
  int gain_half = 0;       ///< points reaching the target tier adds
  int target_tier = -1;    ///< tier to reach
  /// The value the indicator must reach, in its unit (for ratio tiers, the equivalent value at
  /// today's mix); with the tier's comparison operator.
  std::optional<rational> target_value;
  bool in_plan = false;      ///< a step of the least-effort plan to the next star
  bool unreachable = false;  ///< the pack marks the target unreachable in practice
  bool recommended = true;   ///< false for an unreachable target while another item is reachable
  /// The move as the plans model it (effort, from, target); absent when the model cannot price it.
  std::optional<plan_step> step;
};

struct next_star_gap {
  int stars;
  rational threshold;
  int needed_half;  ///< points (in halves) still needed to reach it
};

struct advice {
  /// Plan steps (largest gain first, then least effort), then the rest by best reachable gain
  /// (then least effort, then pack order), then unreachable targets; in pack order on ties.
  std::vector<advice_item> items;
  std::optional<next_star_gap> next_star;
};

/// The advice for an assessment and its plans (make_plans); the assessment must outlive it.
advice advise(const assessment& a, const plans& goals);

/// The value an indicator must reach for `tier`, in its own unit.
std::optional<rational> tier_target_value(const indicator_result& ir, int tier);

}  // namespace starsheet
