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

namespace {

advice_kind kind_of(const indicator_result& ir) {
  return ir.status == indicator_status::missing ? advice_kind::measure : advice_kind::next_tier;
}

advice_item item_for(const indicator_result& ir, advice_kind kind, int gain_half, int tier, std::optional<rational> target) {
  advice_item item;
  item.indicator = &ir;
  item.kind = kind;
  item.gain_half = gain_half;
  item.target_tier = tier;
  item.target_value = std::move(target);
  return item;
}

advice_item from_step(const plan_step& s, bool in_plan) {
  advice_item item = item_for(*s.indicator, kind_of(*s.indicator), s.option.gain_half, s.option.tier, s.target_value);
  item.in_plan = in_plan;
  item.unreachable = s.option.unreachable;
  item.step = s;
  return item;
}

// An indicator the plan model has no option for (its effort cannot be priced): the next tier up
// when scored, the top tier when missing, as the Appendix A table reads.
std::optional<advice_item> unpriced(const indicator_result& ir) {
  const indicator_rule& rule = *ir.rule;
  if (ir.status == indicator_status::missing) {
    advice_item item = item_for(ir, advice_kind::measure, rule.max_half, 0, std::nullopt);
    if (!rule.tiers_on_ratio) item.target_value = rule.tiers[0].bound;
    return item;
  }
  if (ir.status != indicator_status::scored || ir.half_points >= ir.max_half) return std::nullopt;
  int next = ir.tier >= 0 ? ir.tier - 1 : static_cast<int>(rule.tiers.size()) - 1;
  return item_for(ir, advice_kind::next_tier, rule.tiers[next].half_points - ir.half_points, next,
                  tier_target_value(ir, next));
}

// Larger gain first, then less effort (an unpriced item after priced ones); stable otherwise.
bool before(const advice_item& x, const advice_item& y) {
  if (x.gain_half != y.gain_half) return x.gain_half > y.gain_half;
  if (x.step.has_value() != y.step.has_value()) return x.step.has_value();
  if (x.step && x.step->option.effort != y.step->option.effort) return x.step->option.effort < y.step->option.effort;
  return false;
}

std::optional<next_star_gap> gap_to_next_star(const assessment& a) {
  const rule_pack& pack = *a.pack;
  for (auto it = pack.stars.rbegin(); it != pack.stars.rend(); ++it) {
    if (it->stars <= a.star->stars) continue;
    // Smallest whole number of half points h with total + h/2 >= threshold (scaled if needed).
    rational threshold = it->min;
    if (a.max_half != pack.total_max_half && a.max_half > 0)
      threshold = threshold * rational(a.max_half) / rational(pack.total_max_half);
    rational twice = threshold * rational(2) - rational(a.total_half);
    int needed = static_cast<int>(twice.to_double());
    while (rational(needed) < twice) ++needed;
    while (needed > 0 && rational(needed - 1) >= twice) --needed;
    return next_star_gap{it->stars, it->min, needed};
  }
  return std::nullopt;
}

}  // namespace

advice advise(const assessment& a, const plans& goals) {
  advice out;
  const plan* best = goals.next_star && !goals.next_star->plans.empty() ? &goals.next_star->plans.front() : nullptr;

  std::vector<advice_item> planned, rest, unreachable;
  if (best)
    for (const auto& s : best->steps) planned.push_back(from_step(s, true));

  auto cands = plan_candidates(a);
  for (const auto& ir : a.indicators) {
    bool in_plan = std::any_of(planned.begin(), planned.end(), [&](const advice_item& i) { return i.indicator == &ir; });
    if (in_plan) continue;
    auto c = std::find_if(cands.begin(), cands.end(), [&](const plan_candidate& k) { return k.indicator == &ir; });
    if (c == cands.end()) {
      if (auto item = unpriced(ir)) rest.push_back(*item);
      continue;
    }
    // The best tier reachable in practice (options run from the nearest tier to the best; the
    // least effort wins a tie); with none, the nearest tier, labelled unreachable.
    const plan_option* pick = nullptr;
    for (const auto& o : c->options)
      if (!o.unreachable && (!pick || o.gain_half > pick->gain_half ||
                             (o.gain_half == pick->gain_half && o.effort < pick->effort)))
        pick = &o;
    if (pick) rest.push_back(from_step(make_step(ir, *pick), false));
    else unreachable.push_back(from_step(make_step(ir, c->options.front()), false));
  }
  std::stable_sort(planned.begin(), planned.end(), before);
  std::stable_sort(rest.begin(), rest.end(), before);
  std::stable_sort(unreachable.begin(), unreachable.end(), before);
  // An unreachable target is the way forward only when nothing else is left.
  bool other_route = !planned.empty() || !rest.empty();
  for (auto& item : unreachable) item.recommended = !other_route;

  out.items = std::move(planned);
  out.items.insert(out.items.end(), rest.begin(), rest.end());
  out.items.insert(out.items.end(), unreachable.begin(), unreachable.end());
  out.next_star = gap_to_next_star(a);
  return out;
}

}  // namespace starsheet
