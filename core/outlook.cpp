#include "outlook.h"

#include <algorithm>
#include <cmath>

namespace starsheet {

namespace {

// splitmix64: a small generator whose sequence is fixed by its seed on every platform.
std::uint64_t next_u64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in (0, 1), never 0 or 1.
double uniform(std::uint64_t& state) { return (static_cast<double>(next_u64(state) >> 11) + 0.5) * 0x1p-53; }

// A standard normal (Marsaglia's polar method; the second value is dropped).
double normal(std::uint64_t& state) {
  for (;;) {
    double a = 2 * uniform(state) - 1, b = 2 * uniform(state) - 1, s = a * a + b * b;
    if (s >= 1 || s == 0) continue;
    return a * std::sqrt(-2 * exact_ops_log(s) / s);
  }
}

// Gamma(shape, 1) for shape ≥ 1 (Marsaglia and Tsang).
double gamma(double shape, std::uint64_t& state) {
  double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  for (;;) {
    double z = normal(state), v = 1 + c * z;
    if (v <= 0) continue;
    v = v * v * v;
    double u = uniform(state);
    if (u < 1 - 0.0331 * z * z * z * z) return d * v;
    if (exact_ops_log(u) < 0.5 * z * z + d * (1 - v + exact_ops_log(v))) return d * v;
  }
}

// Binomial(trials, p): exact by trials for few trials, else the normal approximation with a
// continuity correction (the posterior draw of p carries most of the spread at these sizes).
std::int64_t binomial(std::int64_t trials, double p, std::uint64_t& state) {
  constexpr std::int64_t exact_up_to = 200;
  if (trials <= exact_up_to) {
    std::int64_t k = 0;
    for (std::int64_t i = 0; i < trials; ++i) k += uniform(state) < p;
    return k;
  }
  double n = static_cast<double>(trials);
  double k = std::floor(n * p + std::sqrt(n * p * (1 - p)) * normal(state) + 0.5);
  return static_cast<std::int64_t>(k < 0 ? 0 : k > n ? n : k);
}

// A count as an int64 when it is a whole number small enough to draw with.
std::optional<std::int64_t> drawable_count(const rational& r) {
  constexpr double largest = 1e15;  // exact in a double, and far beyond any period's events
  if (r.is_negative() || !r.is_integer() || r.to_double() > largest) return std::nullopt;
  return static_cast<std::int64_t>(r.to_double());
}

// The least count of successes in `trials` whose rate (percent) is at least `target`.
std::int64_t least_count_for(const rational& target, std::int64_t trials) {
  rational want = target * rational(trials);
  auto k = static_cast<std::int64_t>(std::ceil(want.to_double() / 100));
  k = std::max<std::int64_t>(0, std::min(k, trials));
  while (k < trials && rational(k) * rational(100) < want) ++k;
  while (k > 0 && rational(k - 1) * rational(100) >= want) --k;
  return k;
}

struct drawn_rate {
  const indicator_result* indicator = nullptr;
  std::int64_t successes = 0, trials = 0;
};

// One tier's condition on a count k of successes in `trials`. The rate k·100/trials grows with
// k, so a ≥ or > bound holds from a least count on, a ≤ or < bound up to a greatest one.
struct count_bound {
  bool from = true;   // k ≥ at; else k ≤ at
  std::int64_t at = 0;
  bool holds(std::int64_t k) const { return from ? k >= at : k <= at; }
};

// The least k in [0, trials] whose rate is at least `bound`, or trials + 1 when none is.
std::int64_t least_at_least(const rational& bound, std::int64_t trials) {
  std::int64_t k = least_count_for(bound, trials);
  return rational(k) * rational(100) >= bound * rational(trials) ? k : trials + 1;
}

// Each tier's condition on the count, found exactly once per rate: every draw then compares
// integers, and reaches the same tier tier_reached would on its rate.
std::vector<count_bound> count_bounds(const indicator_rule& rule, std::int64_t trials) {
  std::vector<count_bound> out;
  for (const auto& t : rule.tiers) {
    std::int64_t at_least = least_at_least(t.bound, trials);
    bool equal = at_least <= trials && rational(at_least) * rational(100) == t.bound * rational(trials);
    std::int64_t above = equal ? at_least + 1 : at_least;  // the least k whose rate is above the bound
    switch (t.op) {
      case tier_op::ge: out.push_back({true, at_least}); break;
      case tier_op::gt: out.push_back({true, above}); break;
      case tier_op::le: out.push_back({false, above - 1}); break;
      case tier_op::lt: out.push_back({false, at_least - 1}); break;
    }
  }
  return out;
}

star_odds run(const assessment& a, int fixed_half, const std::vector<drawn_rate>& rates, int draws, std::uint64_t seed) {
  star_odds odds;
  odds.draws = draws;
  std::vector<std::vector<count_bound>> bounds;
  for (const auto& r : rates) bounds.push_back(count_bounds(*r.indicator->rule, r.trials));
  // A draw's total is whole half-points: each total's star level is found once (star_for
  // scales and compares rationals).
  std::vector<int> stars_at;  // by total; 0: not found yet
  auto stars_of = [&](int total) {
    if (total < 0) return star_for(*a.pack, total, a.max_half).stars;
    if (static_cast<std::size_t>(total) >= stars_at.size()) stars_at.resize(static_cast<std::size_t>(total) + 1, 0);
    int& stars = stars_at[static_cast<std::size_t>(total)];
    if (stars == 0) stars = star_for(*a.pack, total, a.max_half).stars;
    return stars;
  };
  std::uint64_t state = seed;
  for (int d = 0; d < draws; ++d) {
    int total = fixed_half;
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const drawn_rate& r = rates[i];
      std::int64_t next = draw_next_successes(r.successes, r.trials, state);
      const indicator_rule& rule = *r.indicator->rule;
      int t = -1;
      for (std::size_t b = 0; b < bounds[i].size() && t < 0; ++b)
        if (bounds[i][b].holds(next)) t = static_cast<int>(b);
      total += t >= 0 ? rule.tiers[t].half_points : rule.otherwise_half;
    }
    int stars = stars_of(total);
    ++odds.at_stars[static_cast<std::size_t>(std::max(1, std::min(5, stars)))];
  }
  return odds;
}

}  // namespace

// Not inlined: it is called from every sampler, and one copy keeps the page's module small.
[[gnu::noinline]] double exact_ops_log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // x = m · 2^e, m in [0.5, 1): exact
  if (m < 0.70710678118654752440) m *= 2, --e;
  // ln m = 2 atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.172: the odd series to t^27 is exact to a double.
  double t = (m - 1) / (m + 1), t2 = t * t, sum = 0, power = t;
  for (int k = 1; k <= 27; k += 2) {
    sum += power / k;
    power *= t2;
  }
  return 2 * sum + e * 0.69314718055994530942;
}

std::int64_t draw_next_successes(std::int64_t successes, std::int64_t trials, std::uint64_t& state) {
  // The rate from its posterior Beta(successes + 1, failures + 1), then next period's count.
  double g1 = gamma(static_cast<double>(successes) + 1, state);
  double g2 = gamma(static_cast<double>(trials - successes) + 1, state);
  return binomial(trials, g1 / (g1 + g2), state);
}

rational star_odds::at_least(int stars) const {
  int n = 0;
  for (int s = std::max(stars, 1); s <= 5; ++s) n += at_stars[static_cast<std::size_t>(s)];
  return draws > 0 ? rational(n) / rational(draws) : rational(0);
}

outlook assess_outlook(const assessment& a, const uncertainty& u, const plan* next_plan, int draws, std::uint64_t seed) {
  outlook out;
  std::vector<drawn_rate> rates;
  for (const auto& ri : u.rates) {
    auto successes = drawable_count(ri.successes), trials = drawable_count(ri.trials);
    if (!successes || !trials || *trials == 0 || *successes > *trials) continue;
    rates.push_back({ri.indicator, *successes, *trials});
  }
  if (rates.empty() || draws <= 0) return out;
  out.varied = static_cast<int>(rates.size());
  int drawn_half = 0;
  for (const auto& r : rates) drawn_half += r.indicator->half_points;
  out.next_period = run(a, a.total_half - drawn_half, rates, draws, seed);
  if (!next_plan) return out;

  // After the plan: a step on a drawn rate moves its successes to the least count of its target
  // (drawn as before); any other step adds its tier's points for certain.
  int fixed = a.total_half - drawn_half;
  std::vector<drawn_rate> planned;
  for (const auto& r : rates) {
    const plan_step* step = nullptr;
    for (const auto& s : next_plan->steps)
      if (s.indicator == r.indicator) step = &s;
    drawn_rate moved = r;
    if (!step) {
      planned.push_back(moved);
    } else if (step->target_value && r.indicator->rule->dir == direction::higher_is_better) {
      moved.successes = std::max(r.successes, least_count_for(*step->target_value, r.trials));
      planned.push_back(moved);
    } else {
      fixed += r.indicator->rule->tiers[static_cast<std::size_t>(step->option.tier)].half_points;  // for certain
    }
  }
  for (const auto& step : next_plan->steps) {
    bool drawn = false;
    for (const auto& r : rates) drawn = drawn || r.indicator == step.indicator;
    if (!drawn) fixed += step.indicator->rule->tiers[static_cast<std::size_t>(step.option.tier)].half_points - step.indicator->half_points;
  }
  out.after_plan = run(a, fixed, planned, draws, seed);
  return out;
}

}  // namespace starsheet
