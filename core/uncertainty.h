// Sample-size honesty: a rate counted over the period's events is a sample of an ongoing
// process. Each such rate gets a Wilson interval; whether the interval reaches into another
// tier is decided exactly (the Wilson interval is the set of proportions p with
// n (p̂ − p)² ≤ z² p (1 − p), a quadratic test on rationals), and small denominators are flagged.
#pragma once

#include <optional>
#include <vector>

#include "exact.h"
#include "scoring.h"

namespace starsheet {

struct rate_interval {
  const indicator_result* indicator = nullptr;
  rational successes, trials;  ///< numerator and denominator of the rate
  double low = 0, high = 0;    ///< interval ends, in percent (for display)
  int tier_low = -1, tier_high = -1;  ///< tiers reached at the interval's ends (-1: none)
  int half_low = 0, half_high = 0;    ///< points at the ends, lower first
  bool tier_certain = true;           ///< both ends in the tier the rate itself reached
  bool small_sample = false;          ///< trials below the pack's small-sample size
};

/// An indicator averaged over few cases (a mean or a benchmark ratio).
struct small_count {
  const indicator_result* indicator = nullptr;
  rational count;
};

struct uncertainty {
  std::vector<rate_interval> rates;  ///< pack order
  std::vector<small_count> small_means;
};

/// Intervals for every scored rate whose numerator and denominator are event counts (not the
/// complete-list rates the pack names), and the means resting on few cases.
uncertainty assess_uncertainty(const assessment& a);

/// Where `bound` (a proportion, 0–1) lies against the Wilson interval of x successes in n
/// trials: the sign of compare(end, bound) for the lower (`upper` false) or upper end.
int compare_wilson_end(const rational& x, const rational& n, const rational& z, bool upper, const rational& bound);

/// The Wilson interval's ends as doubles (proportions, 0–1).
std::pair<double, double> wilson_interval(double x, double n, double z);

}  // namespace starsheet
