#include "advice.h"

#include <algorithm>

namespace starsheet {

std::optional<rational> tier_target_value(const indicator_result& ir, int tier) {
  const rational& bound = ir.rule->tiers[tier].bound;
  if (!ir.rule->tiers_on_ratio) return bound;
  // A ratio tier reads in days (or kWh/km) at today's mix of groups: value × bound / ratio.
  if (!ir.value || !ir.ratio || ir.ratio->is_zero()) return std::nullopt;
  return *ir.value * bound / *ir.ratio;
}

advice first_advice(const assessment& a) {
  advice out;
  for (const auto& ir : a.indicators) {
    const indicator_rule& rule = *ir.rule;
    if (ir.status == indicator_status::missing) {
      advice_item item{&ir, advice_kind::measure, rule.max_half, 0, std::nullopt};
      if (!rule.tiers_on_ratio) item.target_value = rule.tiers[0].bound;
      out.items.push_back(item);
    } else if (ir.status == indicator_status::scored && ir.half_points < ir.max_half) {
      // Next tier up: the one just better than the tier reached (or the last tier if none).
      int next = ir.tier >= 0 ? ir.tier - 1 : static_cast<int>(rule.tiers.size()) - 1;
      advice_item item{&ir, advice_kind::next_tier, rule.tiers[next].half_points - ir.half_points, next,
                       tier_target_value(ir, next)};
      out.items.push_back(item);
    }
  }
  std::stable_sort(out.items.begin(), out.items.end(), [](const advice_item& x, const advice_item& y) {
    if (x.gain_half != y.gain_half) return x.gain_half > y.gain_half;
    return x.kind == advice_kind::next_tier && y.kind == advice_kind::measure;
  });

  const rule_pack& pack = *a.pack;
  const star_rule& now = *a.star;
  for (auto it = pack.stars.rbegin(); it != pack.stars.rend(); ++it) {
    if (it->stars <= now.stars) continue;
    // Smallest whole number of half points h with total + h/2 >= threshold (scaled if needed).
    rational threshold = it->min;
    if (a.max_half != pack.total_max_half && a.max_half > 0)
      threshold = threshold * rational(a.max_half) / rational(pack.total_max_half);
    rational twice = threshold * rational(2) - rational(a.total_half);
    int needed = static_cast<int>(twice.to_double());
    while (rational(needed) < twice) ++needed;
    while (needed > 0 && rational(needed - 1) >= twice) --needed;
    out.next_star = next_star_gap{it->stars, it->min, needed};
    break;
  }
  return out;
}

}  // namespace starsheet
