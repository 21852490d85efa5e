#include "uncertainty.h"

#include <algorithm>
#include <cmath>

#include "improvement_rules.h"

namespace starsheet {

namespace {

bool is_count(const rule_pack& pack, const std::string& pointer) {
  const measure_rule* m = pack.find_measure(pointer);
  return m && m->type == measure_type::count;
}

const measure_value* find(const period_data& p, const std::string& pointer) {
  auto it = p.measures.find(pointer);
  return it == p.measures.end() ? nullptr : &it->second;
}

// The tier an interval end reaches, from the exact sign of (end − bound) for each tier.
int tier_at_end(const indicator_rule& rule, const rational& x, const rational& n, const rational& z, bool upper) {
  for (std::size_t t = 0; t < rule.tiers.size(); ++t) {
    const tier& tr = rule.tiers[t];
    int c = compare_wilson_end(x, n, z, upper, tr.bound / rational(100));
    bool ok = false;
    switch (tr.op) {
      case tier_op::ge: ok = c >= 0; break;
      case tier_op::gt: ok = c > 0; break;
      case tier_op::le: ok = c <= 0; break;
      case tier_op::lt: ok = c < 0; break;
    }
    if (ok) return static_cast<int>(t);
  }
  return -1;
}

}  // namespace

int compare_wilson_end(const rational& x, const rational& n, const rational& z, bool upper, const rational& bound) {
  // f(b) = n (p̂ − b)² − z² b (1 − b) opens upwards and is ≤ 0 exactly on [low, high]; p̂ lies
  // inside, so the sign of f and the side of p̂ tell where b is.
  rational p = x / n;
  if (bound == p) {
    // p̂ is strictly inside unless it is 0 (low = 0) or 1 (high = 1).
    if (upper) return p == rational(1) ? 0 : 1;
    return p.is_zero() ? 0 : -1;
  }
  rational d = p - bound;
  rational f = n * d * d - z * z * bound * (rational(1) - bound);
  int s = compare(f, rational(0));  // < 0 inside, 0 on an end, > 0 outside
  if (upper) {
    if (bound < p) return 1;  // high ≥ p̂ > bound
    return -s;                // bound above p̂: high > bound iff bound inside
  }
  if (bound > p) return -1;  // low ≤ p̂ < bound
  return s;                  // bound below p̂: low < bound iff inside
}

std::pair<double, double> wilson_interval(double x, double n, double z) {
  double p = x / n, z2 = z * z;
  double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

uncertainty assess_uncertainty(const assessment& a) {
  const rule_pack& pack = *a.pack;
  const uncertainty_rules& rules = improvement_of(pack).uncertainty;
  uncertainty out;
  for (const auto& ir : a.indicators) {
    // A what-if value has no sample behind it (its measures may be absent altogether).
    if (ir.status != indicator_status::scored || ir.what_if) continue;
    const indicator_rule& rule = *ir.rule;
    const formula& f = rule.calc;
    if (f.kind == formula_kind::ratio_percent) {
      bool complete = std::find(rules.complete_counts.begin(), rules.complete_counts.end(), rule.id) != rules.complete_counts.end();
      if (complete || !is_count(pack, f.numerator) || !is_count(pack, f.denominator)) continue;
      rate_interval ri;
      ri.indicator = &ir;
      const measure_value* successes = find(*a.period, f.numerator);
      const measure_value* trials = find(*a.period, f.denominator);
      if (!successes || !trials) continue;
      ri.successes = successes->number;
      ri.trials = trials->number;
      auto [lo, hi] = wilson_interval(ri.successes.to_double(), ri.trials.to_double(), rules.z.to_double());
      ri.low = 100 * lo;
      ri.high = 100 * hi;
      ri.tier_low = tier_at_end(rule, ri.successes, ri.trials, rules.z, false);
      ri.tier_high = tier_at_end(rule, ri.successes, ri.trials, rules.z, true);
      auto points = [&](int t) { return t >= 0 ? rule.tiers[t].half_points : rule.otherwise_half; };
      ri.half_low = std::min(points(ri.tier_low), points(ri.tier_high));
      ri.half_high = std::max(points(ri.tier_low), points(ri.tier_high));
      ri.tier_certain = ri.tier_low == ir.tier && ri.tier_high == ir.tier;
      ri.small_sample = ri.trials < rules.small_sample;
      out.rates.push_back(ri);
    } else if (f.kind == formula_kind::mean || f.kind == formula_kind::benchmark_ratio) {
      // Only counts of cases make a sample (kilometres or money do not).
      rational count;
      bool cases = true;
      if (f.kind == formula_kind::mean) {
        cases = is_count(pack, f.count);
        const measure_value* c = cases ? find(*a.period, f.count) : nullptr;
        if (!c) continue;
        count = c->number;
      } else {
        for (const auto& g : f.groups) {
          cases = cases && is_count(pack, g.count);
          if (const measure_value* c = find(*a.period, g.count)) count = count + c->number;
        }
      }
      if (cases && count < rules.small_sample) out.small_means.push_back({&ir, count});
    }
  }
  return out;
}

}  // namespace starsheet
