// Plans that pay: the least-effort set of indicator changes that lifts the total to a star
// threshold. The score is an additive table of tiers, so the search is a multiple-choice
// knapsack over tier steps (per indicator: stay, or move to one better tier), solved exactly by
// dynamic programming over half-points. Effort comes from the rule pack's effort model
// (improvement_rules.h); its readings explain the model to the user.
#pragma once

#include <optional>
#include <vector>

#include "exact.h"
#include "improvement_rules.h"
#include "period.h"
#include "scoring.h"

namespace starsheet {

/// One way to improve one indicator: reach `tier`.
struct plan_option {
  int tier = -1;
  int gain_half = 0;  ///< points added, in halves
  rational effort;
  /// Target in the quantity the tiers apply to (the ratio for ratio tiers, else the value).
  rational target_scored;
  /// failure_cut indicators that are scored: share of the remaining failures the step removes.
  std::optional<rational> failure_cut;
  /// The pack marks this target unreachable in practice (effort_rule::unreachable_from).
  bool unreachable = false;
};

/// An indicator that a plan may change, with its options from the nearest tier to the best.
struct plan_candidate {
  const indicator_result* indicator = nullptr;
  std::vector<plan_option> options;
};

struct plan_step {
  const indicator_result* indicator = nullptr;
  plan_option option;
  std::optional<rational> from_value;    ///< today's value in the indicator's unit; absent when missing
  std::optional<rational> from_scored;   ///< today's scored quantity (ratio for ratio tiers)
  /// The least value in the indicator's unit that reaches the tier (for lower-is-better
  /// indicators the largest allowed value). Ratio tiers: the value at today's mix of groups;
  /// absent when the indicator is missing (no mix to translate with).
  std::optional<rational> target_value;
};

struct plan {
  std::vector<plan_step> steps;  ///< in rule-pack order
  rational effort;
  int gain_half = 0;
  int total_after_half = 0;
  int stars_after = 0;
};

/// The plans towards one star level.
struct plan_goal {
  int stars = 0;
  rational threshold;
  int needed_half = 0;
  bool reachable = false;
  std::vector<plan> plans;  ///< the optimum first, then up to two alternatives
};

struct plans {
  std::optional<plan_goal> next_star;   ///< absent at the top level
  std::optional<plan_goal> five_stars;  ///< towards the best level; absent when already there
};

/// The most states (gain so far × smallest step) the plan solver may need for a pack; its time and
/// memory grow with this times the candidates and the plans kept. `plan_states_of` gives a pack's
/// bound, checked when the pack is loaded so that no period can make planning slow.
constexpr long max_plan_states = 40000;

/// The solver's state bound for a pack: (total + largest indicator max + 1) × (that max + 2),
/// in half-points, since no step of a plan gains more than its indicator's maximum.
long plan_states_of(int total_max_half, int largest_indicator_half);

/// The candidates of an assessment: scored indicators below their maximum and missing ones.
/// Not-applicable (or excluded) indicators and indicators at their maximum are not candidates.
std::vector<plan_candidate> plan_candidates(const assessment& a);

/// The candidates a plan needing `needed` half-points is searched among: `cands` without the
/// options the pack marks unreachable in practice (a candidate left with none is dropped),
/// unless only with them can `needed` be reached; then `cands` as they are.
std::vector<plan_candidate> planning_candidates(const std::vector<plan_candidate>& cands, int needed);

/// The plans towards `stars`: every returned plan reaches it; the first has the least effort;
/// the alternatives are the next best *minimal* plans (no step could be lowered by one tier and
/// still reach the goal). Ties are broken by fewer steps, then more points, then pack order.
/// Targets unreachable in practice are used only when no plan reaches the goal without them.
plan_goal solve_plans(const assessment& a, int stars, std::size_t max_plans = 3);

/// The exact solver behind solve_plans: the `k` best minimal choices (an option index per
/// candidate, -1 for no change) whose gains add up to at least `needed` > 0 half-points, best
/// first by effort, then fewer steps, then more points, then pack order (at the first candidate
/// where two plans differ, the one going further there first).
std::vector<std::vector<int>> best_choices(const std::vector<plan_candidate>& cands, int needed, std::size_t k);

/// The step that moves `ir` to option `o`: today's value and scored quantity, and the target in
/// the indicator's unit.
plan_step make_step(const indicator_result& ir, const plan_option& o);

/// Plans to the next star level and to the top level.
plans make_plans(const assessment& a);

/// The least value of the scored quantity that reaches `tier` of `rule` (largest for
/// lower-is-better): the bound itself, or one resolution step inside a strict bound.
std::optional<rational> tier_target(const indicator_rule& rule, int tier, const effort_rule& effort);

/// The effort of moving `rule`'s scored quantity from `from` to `to` (from ≤ to in merit).
std::optional<rational> step_effort(const effort_rule& effort, const rational& from, const rational& to,
                                    const rational& failure_ceiling);

/// The period's measures as they would be if every step of `p` hit its target exactly, for
/// checking a plan by re-scoring. Counts may become fractional; measures that a planned missing
/// indicator lacks are filled with neutral bases (100 for a rate's denominator, 1 for a count).
period_data apply_plan(const assessment& a, const plan& p);

}  // namespace starsheet
