#include "plans.h"

#include <algorithm>
#include <cmath>

namespace starsheet {

namespace {

// The quantity an indicator's tiers apply to.
std::optional<rational> scored_quantity(const indicator_result& ir) {
  return ir.rule->tiers_on_ratio ? ir.ratio : ir.value;
}

// The half-points needed from the current total to reach `stars`, or -1 if no total can.
int needed_for(const assessment& a, int stars) {
  for (int h = 0; a.total_half + h <= a.max_half; ++h)
    if (star_for(*a.pack, a.total_half + h, a.max_half).stars >= stars) return h;
  return -1;
}

// --- the exact multiple-choice knapsack -----------------------------------------------------
//
// Candidates are taken one after another; a state is (G, m): G the half-points gained so far,
// m the smallest "one tier lower" loss among the chosen steps. A plan is minimal when
// G - m < needed (lowering any step by a tier falls short), and since G only grows and m only
// shrinks, a state that is not minimal never becomes minimal again: it is dropped at once.
// Each state keeps its best `k` partial plans; because plans in one state extend identically,
// the k best complete plans are among them. Efforts are compared as doubles when they clearly
// differ and as exact rationals otherwise, so the order is exact.

struct node {
  double effort = 0;
  int steps = 0;
  int parent = -1;  // index in the previous layer
  int option = -1;  // option of this layer's candidate, -1 for no change
  mutable std::optional<rational> exact;  // the exact effort, computed when a tie needs it
};

class solver {
 public:
  // Candidates are processed last-to-first, so that walking a partial plan back from its newest
  // layer meets the candidates in pack order: the pack-order tie-break needs no allocation.
  solver(const std::vector<plan_candidate>& cands, int needed, std::size_t k)
      : cands_(cands.rbegin(), cands.rend()), needed_(needed), k_(k) {
    for (const auto& c : cands_) {
      int prev = 0;
      std::vector<int> deltas;
      std::vector<double> efforts;
      for (const auto& o : c.options) {
        deltas.push_back(o.gain_half - prev);
        efforts.push_back(o.effort.to_double());
        max_delta_ = std::max(max_delta_, o.gain_half - prev);
        prev = o.gain_half;
      }
      deltas_.push_back(std::move(deltas));
      efforts_.push_back(std::move(efforts));
    }
    none_ = max_delta_ + 1;
    // rest_[c]: the most the candidates from c on can still add (each one's best option).
    rest_.assign(cands_.size() + 1, 0);
    for (std::size_t c = cands_.size(); c-- > 0;)
      rest_[c] = rest_[c + 1] + (cands_[c].options.empty() ? 0 : cands_[c].options.back().gain_half);
  }

  // The k best minimal plans, best first, as option indices per candidate (in pack order).
  std::vector<std::vector<int>> run() {
    layers_.assign(1, std::vector<node>{node{}});
    std::vector<std::vector<int>> table(states());
    table[key(0, none_)] = {0};
    for (std::size_t c = 0; c < cands_.size(); ++c) {
      layers_.emplace_back();
      std::vector<std::vector<int>> next(states());
      for (int g = 0; g < g_limit(); ++g)
        for (int m = 1; m <= none_; ++m)
          for (int idx : table[key(g, m)]) {
            const double from_effort = layers_[c][idx].effort;
            const int from_steps = layers_[c][idx].steps;
            for (int o = -1; o < static_cast<int>(cands_[c].options.size()); ++o) {
              int g2 = g + (o < 0 ? 0 : cands_[c].options[o].gain_half);
              int m2 = o < 0 ? m : std::min(m, deltas_[c][o]);
              if (m2 != none_ && g2 >= needed_ + m2) continue;  // not minimal, now or later
              if (g2 >= g_limit()) continue;
              // A partial plan that cannot reach the goal even with every later candidate at its
              // best never completes; its state holds only such plans, so dropping it changes no result.
              if (g2 + rest_[c + 1] < needed_) continue;
              insert(next[key(g2, m2)], node{from_effort + (o < 0 ? 0.0 : efforts_[c][o]), from_steps + (o < 0 ? 0 : 1), idx, o, {}});
            }
          }
      table = std::move(next);
    }
    // Complete plans: every surviving state with enough points is minimal.
    std::vector<std::pair<int, int>> finals;  // (gain, node)
    for (int g = needed_; g < g_limit(); ++g)
      for (int m = 1; m <= none_; ++m)
        for (int idx : table[key(g, m)]) finals.push_back({g, idx});
    std::size_t last = layers_.size() - 1;
    std::sort(finals.begin(), finals.end(), [&](const auto& x, const auto& y) {
      int c = compare_cost(last, x.second, y.second);
      if (c != 0) return c < 0;
      if (x.first != y.first) return x.first > y.first;  // more points for the same effort
      return compare_order(last, x.second, y.second) < 0;
    });
    std::vector<std::vector<int>> out;
    for (std::size_t i = 0; i < finals.size() && i < k_; ++i) out.push_back(choices(last, finals[i].second));
    return out;
  }

 private:
  int g_limit() const { return needed_ + max_delta_; }
  std::size_t states() const { return static_cast<std::size_t>(g_limit()) * (none_ + 1); }
  std::size_t key(int g, int m) const { return static_cast<std::size_t>(g) * (none_ + 1) + m; }

  // Option per candidate of a node, in pack order.
  std::vector<int> choices(std::size_t layer, int idx) const {
    std::vector<int> out;
    for (std::size_t l = layer; l > 0; --l) {
      out.push_back(layers_[l][idx].option);
      idx = layers_[l][idx].parent;
    }
    return out;  // newest layer first = first candidate of the pack first
  }

  const rational& exact(std::size_t layer, int idx) const {
    const node& n = layers_[layer][idx];
    if (!n.exact) {
      if (layer == 0) n.exact = rational(0);
      else if (n.option < 0) n.exact = exact(layer - 1, n.parent);
      else n.exact = exact(layer - 1, n.parent) + cands_[layer - 1].options[n.option].effort;
    }
    return *n.exact;
  }

  // Effort, then fewer steps.
  int compare_cost(std::size_t layer, int xi, int yi) const {
    const node &x = layers_[layer][xi], &y = layers_[layer][yi];
    double tol = 1e-9 * (1.0 + std::fabs(x.effort) + std::fabs(y.effort));
    if (x.effort < y.effort - tol) return -1;
    if (x.effort > y.effort + tol) return 1;
    if (int c = compare(exact(layer, xi), exact(layer, yi)); c != 0) return c;
    if (x.steps != y.steps) return x.steps < y.steps ? -1 : 1;
    return 0;
  }

  // Pack order: at the first indicator (in the pack) where they differ, the plan that goes
  // further there comes first.
  int compare_order(std::size_t layer, int xi, int yi) const {
    for (std::size_t l = layer; l > 0 && xi != yi; --l) {
      const node &x = layers_[l][xi], &y = layers_[l][yi];
      if (x.option != y.option) return x.option > y.option ? -1 : 1;
      xi = x.parent;
      yi = y.parent;
    }
    return 0;
  }

  void insert(std::vector<int>& best, node n) {
    std::size_t layer = layers_.size() - 1;
    auto& nodes = layers_[layer];
    nodes.push_back(std::move(n));
    int idx = static_cast<int>(nodes.size() - 1);
    std::size_t pos = best.size();
    while (pos > 0) {
      int c = compare_cost(layer, idx, best[pos - 1]);
      if (c == 0) c = compare_order(layer, idx, best[pos - 1]);
      if (c >= 0) break;
      --pos;
    }
    if (pos >= k_) {
      nodes.pop_back();
      return;
    }
    best.insert(best.begin() + static_cast<std::ptrdiff_t>(pos), idx);
    if (best.size() > k_) best.pop_back();
  }

  std::vector<plan_candidate> cands_;  // reversed
  int needed_;
  std::size_t k_;
  int max_delta_ = 0, none_ = 1;
  std::vector<std::vector<int>> deltas_;
  std::vector<std::vector<double>> efforts_;
  std::vector<std::vector<node>> layers_;
  std::vector<int> rest_;
};

}  // namespace

plan_step make_step(const indicator_result& ir, const plan_option& o) {
  plan_step s;
  s.indicator = &ir;
  s.option = o;
  s.from_value = ir.value;
  s.from_scored = scored_quantity(ir);
  if (!ir.rule->tiers_on_ratio) {
    s.target_value = s.option.target_scored;
  } else if (ir.value && ir.ratio && !ir.ratio->is_zero()) {
    // At today's mix every group's days scale together: value / ratio is fixed.
    s.target_value = *ir.value * s.option.target_scored / *ir.ratio;
  }
  return s;
}

namespace {

plan build_plan(const assessment& a, const std::vector<plan_candidate>& cands, const std::vector<int>& ch) {
  plan p;
  for (std::size_t c = 0; c < cands.size(); ++c) {
    if (ch[c] < 0) continue;
    plan_step s = make_step(*cands[c].indicator, cands[c].options[ch[c]]);
    p.effort = p.effort + s.option.effort;
    p.gain_half += s.option.gain_half;
    p.steps.push_back(std::move(s));
  }
  p.total_after_half = a.total_half + p.gain_half;
  p.stars_after = star_for(*a.pack, p.total_after_half, a.max_half).stars;
  return p;
}

const measure_value* find(const period_data& p, const std::string& pointer) {
  auto it = p.measures.find(pointer);
  return it == p.measures.end() ? nullptr : &it->second;
}

void put(period_data& p, const std::string& pointer, const rational& v) {
  measure_value& m = p.measures[pointer];
  m.number = v;
  m.items.clear();
  m.source = "plan";
}

// A present, non-zero base measure, or `fallback` written into the period.
rational base(period_data& p, const std::string& pointer, std::int64_t fallback) {
  const measure_value* m = find(p, pointer);
  if (m && !m->number.is_zero()) return m->number;
  put(p, pointer, rational(fallback));
  return rational(fallback);
}

void apply_step(const assessment& a, period_data& p, const plan_step& s) {
  const indicator_rule& rule = *s.indicator->rule;
  const formula& f = rule.calc;
  const rational& t = s.option.target_scored;
  const rational hundred(100);
  switch (f.kind) {
    case formula_kind::ratio_percent: put(p, f.numerator, t / hundred * base(p, f.denominator, 100)); break;
    case formula_kind::reduction_percent: {
      rational before = base(p, f.before, 100);
      put(p, f.after, before * (rational(1) - t / hundred));
      break;
    }
    case formula_kind::mean: put(p, f.total, t * base(p, f.count, 1)); break;
    case formula_kind::complement_percent: put(p, f.measure, rational(1) - t / hundred); break;
    case formula_kind::value: put(p, f.measure, t); break;
    case formula_kind::set_count: {
      measure_value& m = p.measures[f.measure];
      m.source = "plan";
      for (const auto& item : a.pack->find_measure(f.measure)->allowed) {
        if (!(rational(static_cast<std::int64_t>(m.items.size())) < t)) break;
        if (std::find(m.items.begin(), m.items.end(), item.id) == m.items.end()) m.items.push_back(item.id);
      }
      break;
    }
    case formula_kind::benchmark_ratio: {
      if (s.indicator->status == indicator_status::scored) {
        rational factor = t / *s.indicator->ratio;
        for (const auto& g : f.groups)
          if (const measure_value* total = find(p, g.total)) put(p, g.total, total->number * factor);
        break;
      }
      // Missing: every group that has data (or the first) gets total = target × benchmark × count,
      // so each group's ratio, and therefore the weighted ratio, is the target.
      bool any = false;
      for (const auto& g : f.groups) any = any || find(p, g.total) || find(p, g.count);
      std::vector<const benchmark_group*> active;
      for (std::size_t i = 0; i < f.groups.size(); ++i)
        if (any ? find(p, f.groups[i].total) || find(p, f.groups[i].count) : i == 0) active.push_back(&f.groups[i]);
      bool counted = false;
      for (const benchmark_group* g : active) {
        const measure_value* c = find(p, g->count);
        rational count = c ? c->number : rational(1);
        const measure_value* b = find(p, g->benchmark);
        rational bench = b ? b->number : rational(1);
        put(p, g->count, count);
        put(p, g->benchmark, bench);
        put(p, g->total, t * bench * count);
        counted = counted || !count.is_zero();
      }
      if (!counted) {  // every group had zero shipments: give the first one a shipment
        const benchmark_group* g = active.front();
        put(p, g->count, rational(1));
        put(p, g->total, t * find(p, g->benchmark)->number);
      }
      break;
    }
  }
}

}  // namespace

std::optional<rational> tier_target(const indicator_rule& rule, int tier, const effort_rule& effort) {
  const starsheet::tier& t = rule.tiers[tier];
  switch (t.op) {
    case tier_op::ge:
    case tier_op::le: return t.bound;
    case tier_op::gt:
      if (!effort.resolution) return std::nullopt;
      return t.bound + *effort.resolution;
    case tier_op::lt:
      if (!effort.resolution) return std::nullopt;
      return t.bound - *effort.resolution;
  }
  return std::nullopt;
}

std::optional<rational> step_effort(const effort_rule& effort, const rational& from, const rational& to,
                                    const rational& failure_ceiling) {
  switch (effort.kind) {
    case effort_kind::failure_cut:
      if (from >= failure_ceiling) return std::nullopt;
      return effort.weight * (to - from) / (failure_ceiling - from);
    case effort_kind::relative_cut:
      if (!(from > rational(0))) return std::nullopt;
      return effort.weight * (from - to) / from;
    case effort_kind::per_unit: return effort.weight * (to >= from ? to - from : from - to);
  }
  return std::nullopt;
}

std::vector<plan_candidate> plan_candidates(const assessment& a) {
  const improvement_rules& imp = improvement_of(*a.pack);
  std::vector<plan_candidate> out;
  for (std::size_t i = 0; i < a.indicators.size(); ++i) {
    const indicator_result& ir = a.indicators[i];
    const indicator_rule& rule = *ir.rule;
    const effort_rule& effort = imp.effort[i];
    bool missing = ir.status == indicator_status::missing;
    if (!missing && !(ir.status == indicator_status::scored && ir.half_points < ir.max_half)) continue;
    // A missing indicator is assumed, once measured, to sit at the lowest tier's target: that
    // tier costs only the start of measuring, better tiers the climb from there on top.
    int lowest = static_cast<int>(rule.tiers.size()) - 1;
    std::optional<rational> from = missing ? tier_target(rule, lowest, effort) : scored_quantity(ir);
    if (!from) continue;
    // A period already at the practical limit shows that, for this carrier, it is not one.
    auto beyond = [&](const rational& v) {
      return rule.dir == direction::higher_is_better ? v >= *effort.unreachable_from : v <= *effort.unreachable_from;
    };
    bool limited = effort.unreachable_from && (missing || !beyond(*from));
    plan_candidate cand{&ir, {}};
    for (int t = lowest; t >= 0; --t) {
      int gain = rule.tiers[t].half_points - ir.half_points;
      if (gain <= 0) continue;
      auto target = tier_target(rule, t, effort);
      if (!target) continue;
      auto cost = step_effort(effort, *from, *target, imp.failure_ceiling);
      if (!cost) continue;
      plan_option o{t, gain, missing ? imp.start_measuring + *cost : *cost, *target, std::nullopt, false};
      o.unreachable = limited && beyond(*target);
      if (!missing && effort.kind == effort_kind::failure_cut) o.failure_cut = (*target - *from) / (imp.failure_ceiling - *from);
      cand.options.push_back(std::move(o));
    }
    if (!cand.options.empty()) out.push_back(std::move(cand));
  }
  return out;
}

long plan_states_of(int total_max_half, int largest_indicator_half) {
  return (static_cast<long>(total_max_half) + largest_indicator_half + 1) * (largest_indicator_half + 2);
}

std::vector<plan_candidate> planning_candidates(const std::vector<plan_candidate>& cands, int needed) {
  std::vector<plan_candidate> practical;
  int possible = 0;
  for (const auto& c : cands) {
    plan_candidate kept{c.indicator, {}};
    for (const auto& o : c.options)
      if (!o.unreachable) kept.options.push_back(o);
    if (kept.options.empty()) continue;
    possible += kept.options.back().gain_half;
    practical.push_back(std::move(kept));
  }
  return possible >= needed ? practical : cands;
}

plan_goal solve_plans(const assessment& a, int stars, std::size_t max_plans) {
  plan_goal goal;
  goal.stars = stars;
  for (const auto& s : a.pack->stars)
    if (s.stars == stars) goal.threshold = s.min;
  goal.needed_half = needed_for(a, stars);
  if (goal.needed_half < 0) return goal;
  auto cands = plan_candidates(a);
  int possible = 0;
  for (const auto& c : cands) possible += c.options.back().gain_half;
  goal.reachable = possible >= goal.needed_half;
  if (!goal.reachable || max_plans == 0) return goal;
  if (goal.needed_half == 0) {
    goal.plans.push_back(build_plan(a, cands, std::vector<int>(cands.size(), -1)));
    return goal;
  }
  cands = planning_candidates(cands, goal.needed_half);
  for (const auto& ch : best_choices(cands, goal.needed_half, max_plans)) goal.plans.push_back(build_plan(a, cands, ch));
  return goal;
}

std::vector<std::vector<int>> best_choices(const std::vector<plan_candidate>& cands, int needed, std::size_t k) {
  if (k == 0) return {};
  return solver(cands, needed, k).run();
}

plans make_plans(const assessment& a) {
  plans out;
  const rule_pack& pack = *a.pack;
  int now = a.star->stars, top = pack.stars.front().stars;
  if (now >= top) return out;
  int next = top;
  for (const auto& s : pack.stars)
    if (s.stars > now) next = std::min(next, s.stars);
  out.next_star = solve_plans(a, next);
  out.five_stars = next == top ? out.next_star : solve_plans(a, top);
  return out;
}

period_data apply_plan(const assessment& a, const plan& p) {
  period_data out = *a.period;
  for (const auto& s : p.steps) apply_step(a, out, s);
  return out;
}

}  // namespace starsheet
