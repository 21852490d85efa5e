// Next-period outlook: how likely each star level is next period if the carrier performs as the
// counts of this one say, and after the next-star plan. Each event rate is read as a sample: its
// next value is drawn from the beta-binomial predictive (a uniform prior on the rate, this
// period's successes and trials, next period as many trials), every other indicator keeps its
// points (or the plan's). A seeded Monte Carlo over all rates at once gives the star levels.
//
// The draws use only IEEE-exact arithmetic (+ − × ÷ and sqrt) and a logarithm written here from
// them, never the platform's libm, so native and wasm draw the same numbers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "exact.h"
#include "plans.h"
#include "scoring.h"
#include "uncertainty.h"

namespace starsheet {

/// How many draws landed on each star level.
struct star_odds {
  std::array<int, 6> at_stars{};  ///< index: star level 1–5 (0 unused)
  int draws = 0;

  /// The share of draws at `stars` or more.
  rational at_least(int stars) const;
};

struct outlook {
  std::optional<star_odds> next_period;  ///< absent when no rate has counts to draw from
  std::optional<star_odds> after_plan;   ///< absent without a next-star plan
  int varied = 0;                        ///< rates drawn
};

/// The outlook of an assessment whose event rates are in `u`; `next_plan` the optimum next-star
/// plan or null. `draws` and `seed` come from the pack (deterministic for a given period).
outlook assess_outlook(const assessment& a, const uncertainty& u, const plan* next_plan, int draws, std::uint64_t seed);

/// One beta-binomial predictive draw of next period's successes in `trials` (successes and
/// trials this period), with the generator state `state` (advanced). Exposed for its tests.
std::int64_t draw_next_successes(std::int64_t successes, std::int64_t trials, std::uint64_t& state);

/// The natural logarithm of x > 0 from IEEE-exact operations only (error below 1e-15 relative).
double exact_ops_log(double x);

}  // namespace starsheet
