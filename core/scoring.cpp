#include "scoring.h"

#include <fmt/format.h>

#include "messages.h"

namespace starsheet {

namespace {

// The outcome of evaluating a formula on the period's measures.
struct evaluation {
  indicator_status status = indicator_status::scored;
  std::optional<rational> value, ratio;
  std::vector<std::string> absent;
};

class evaluator {
 public:
  explicit evaluator(const period_data& p) : period_(p) {}

  const measure_value* get(const std::string& pointer, evaluation& e) const {
    auto it = period_.measures.find(pointer);
    if (it == period_.measures.end()) {
      e.absent.push_back(pointer);
      return nullptr;
    }
    return &it->second;
  }

  result<evaluation> run(const formula& f) const {
    evaluation e;
    switch (f.kind) {
      case formula_kind::ratio_percent: {
        auto num = get(f.numerator, e), den = get(f.denominator, e);
        if (!num || !den) return missing(e);
        if (f.numerator_is_part && num->number > den->number)
          return input_error{f.numerator,
                             fmt::format("{} is more than {} ({}); the part cannot exceed the whole", num->number.str(),
                                         f.denominator, den->number.str()),
                             "error_part_above_whole",
                             {{"value", grouped(num->number)}, {"whole_field", f.denominator}, {"whole", grouped(den->number)}}};
        if (den->number.is_zero()) return not_applicable(e);
        e.value = rational(100) * num->number / den->number;
        return e;
      }
      case formula_kind::reduction_percent: {
        auto before = get(f.before, e), after = get(f.after, e);
        if (!before || !after) return missing(e);
        if (before->number.is_zero()) {
          if (!after->number.is_zero())
            return input_error{f.before,
                               fmt::format("is 0 while {} is {}; a reduction needs a baseline above 0", f.after,
                                           after->number.str()),
                               "error_no_baseline", {{"after_field", f.after}, {"after", grouped(after->number)}}};
          return not_applicable(e);
        }
        e.value = rational(100) * (before->number - after->number) / before->number;
        return e;
      }
      case formula_kind::mean: {
        auto total = get(f.total, e), count = get(f.count, e);
        if (!total || !count) return missing(e);
        if (count->number.is_zero()) {
          if (!total->number.is_zero())
            return input_error{f.total,
                               fmt::format("is {} while {} is 0; a total needs cases to average over",
                                           total->number.str(), f.count),
                               "error_total_without_cases", {{"total", grouped(total->number)}, {"count_field", f.count}}};
          return not_applicable(e);
        }
        e.value = total->number / count->number;
        return e;
      }
      case formula_kind::complement_percent: {
        auto m = get(f.measure, e);
        if (!m) return missing(e);
        e.value = rational(100) * (rational(1) - m->number);
        return e;
      }
      case formula_kind::value: {
        auto m = get(f.measure, e);
        if (!m) return missing(e);
        e.value = m->number;
        return e;
      }
      case formula_kind::set_count: {
        auto m = get(f.measure, e);
        if (!m) return missing(e);
        e.value = rational(static_cast<std::int64_t>(m->items.size()));
        return e;
      }
      case formula_kind::benchmark_ratio: return benchmark(f, e);
    }
    return missing(e);
  }

 private:
  static evaluation missing(evaluation& e) {
    e.status = indicator_status::missing;
    return e;
  }
  static evaluation not_applicable(evaluation& e) {
    e.status = indicator_status::not_applicable;
    return e;
  }

  // Σ total / Σ count, scored as r = Σ_g (total_g / benchmark_g) / Σ_g count_g: the
  // count-weighted mean of each group's own average over its benchmark (appendix-a.md reading).
  result<evaluation> benchmark(const formula& f, evaluation& e) const {
    rational sum_total, sum_count, sum_relative;
    bool any_group = false, incomplete = false;
    for (const auto& g : f.groups) {
      auto t = period_.measures.find(g.total), c = period_.measures.find(g.count);
      bool has_t = t != period_.measures.end(), has_c = c != period_.measures.end();
      if (!has_t && !has_c) continue;  // a mode the carrier does not run
      any_group = true;
      if (!has_t || !has_c) {
        e.absent.push_back(has_t ? g.count : g.total);
        incomplete = true;
        continue;
      }
      if (c->second.number.is_zero()) {
        if (!t->second.number.is_zero())
          return input_error{g.total,
                             fmt::format("is {} while {} is 0; a total needs cases to average over",
                                         t->second.number.str(), g.count),
                             "error_total_without_cases",
                             {{"total", grouped(t->second.number)}, {"count_field", g.count}}};
        continue;
      }
      auto b = period_.measures.find(g.benchmark);
      if (b == period_.measures.end()) {
        e.absent.push_back(g.benchmark);
        incomplete = true;
        continue;
      }
      sum_total = sum_total + t->second.number;
      sum_count = sum_count + c->second.number;
      sum_relative = sum_relative + t->second.number / b->second.number;
    }
    if (!any_group) {
      for (const auto& g : f.groups) {
        e.absent.push_back(g.count);
        e.absent.push_back(g.total);
      }
      return missing(e);
    }
    if (incomplete) return missing(e);
    if (sum_count.is_zero()) return not_applicable(e);
    e.value = sum_total / sum_count;
    e.ratio = sum_relative / sum_count;
    return e;
  }

  const period_data& period_;
};

}  // namespace

rational from_half(int half) { return rational(half) / rational(2); }

bool satisfies(const rational& v, tier_op op, const rational& bound) {
  switch (op) {
    case tier_op::ge: return v >= bound;
    case tier_op::gt: return v > bound;
    case tier_op::le: return v <= bound;
    case tier_op::lt: return v < bound;
  }
  return false;
}

int tier_reached(const indicator_rule& rule, const rational& scored) {
  for (std::size_t i = 0; i < rule.tiers.size(); ++i)
    if (satisfies(scored, rule.tiers[i].op, rule.tiers[i].bound)) return static_cast<int>(i);
  return -1;
}

const star_rule& star_for(const rule_pack& pack, int total_half, int max_half) {
  rational total = from_half(total_half);
  // Excluded indicators shrink the attainable maximum; stars are judged on the scaled total.
  if (max_half != pack.total_max_half && max_half > 0)
    total = total * rational(pack.total_max_half) / rational(max_half);
  for (const auto& s : pack.stars)
    if (total >= s.min) return s;
  return pack.stars.back();
}

namespace {

// Tier, points and maximum of one indicator from its status and value.
void score_tiers(const indicator_rule& rule, indicator_result& ir) {
  switch (ir.status) {
    case indicator_status::scored: {
      ir.tier = tier_reached(rule, rule.tiers_on_ratio ? *ir.ratio : *ir.value);
      ir.half_points = ir.tier >= 0 ? rule.tiers[ir.tier].half_points : rule.otherwise_half;
      break;
    }
    case indicator_status::missing: ir.half_points = 0; break;
    case indicator_status::not_applicable:
      switch (rule.zero_denominator) {
        case zero_denominator_policy::full_points: ir.half_points = rule.max_half; break;
        case zero_denominator_policy::zero_points: ir.half_points = 0; break;
        case zero_denominator_policy::exclude:
          ir.excluded = true;
          ir.max_half = 0;
          break;
      }
      break;
  }
}

}  // namespace

result<assessment> assess(const period_data& period, const rule_pack& pack) {
  assessment a;
  a.pack = &pack;
  a.period = &period;
  evaluator eval(period);
  for (const auto& rule : pack.indicators) {
    auto e = eval.run(rule.calc);
    if (!e) return e.error();
    indicator_result ir;
    ir.rule = &rule;
    ir.status = e->status;
    ir.value = e->value;
    ir.ratio = e->ratio;
    ir.absent = e->absent;
    ir.max_half = rule.max_half;
    // The points on the measures alone, kept beside a what-if's for the actual headline.
    score_tiers(rule, ir);
    ir.actual_half_points = ir.half_points;
    ir.actual_max_half = ir.max_half;
    if (auto w = period.what_if.find(rule.id); w != period.what_if.end()) {
      // A what-if value replaces what the tiers read; a ratio indicator keeps its value in step.
      ir.what_if = true;
      ir.excluded = false;
      ir.max_half = rule.max_half;
      ir.status = indicator_status::scored;
      ir.absent.clear();
      if (rule.tiers_on_ratio) {
        ir.value = ir.value && ir.ratio && !ir.ratio->is_zero() ? std::optional<rational>(*ir.value * w->second / *ir.ratio)
                                                                 : std::nullopt;
        ir.ratio = w->second;
      } else {
        ir.value = w->second;
      }
      score_tiers(rule, ir);
    }
    a.indicators.push_back(std::move(ir));
  }
  sum_up(a);
  return a;
}

void sum_up(assessment& a) {
  const rule_pack& pack = *a.pack;
  a.categories.clear();
  a.total_half = a.max_half = a.measured = 0;
  for (const auto& cat : pack.categories) {
    category_result cr;
    cr.rule = &cat;
    for (const auto& ir : a.indicators)
      if (ir.rule->category == cat.id) {
        cr.half_score += ir.half_points;
        cr.half_max += ir.max_half;
        ++cr.indicators;
        if (ir.status != indicator_status::missing && !ir.what_if) ++cr.measured;
      }
    // Reading "bands": the highest band whose lower bound is at or below the score.
    for (const auto& b : cat.bands)
      if (b.min_half <= cr.half_score) {
        cr.reached = &b;
        break;
      }
    a.total_half += cr.half_score;
    a.max_half += cr.half_max;
    a.measured += cr.measured;
    a.categories.push_back(cr);
  }
  a.assumed = 0;
  a.actual_total_half = a.actual_max_half = 0;
  for (const auto& ir : a.indicators) {
    a.assumed += ir.what_if ? 1 : 0;
    a.actual_total_half += ir.what_if ? ir.actual_half_points : ir.half_points;
    a.actual_max_half += ir.what_if ? ir.actual_max_half : ir.max_half;
  }
  // The star level stays exactly as Appendix A computes it; it is only marked as resting on
  // too few measured indicators.
  a.provisional = a.measured * 100 < pack.provisional_below_percent * static_cast<int>(a.indicators.size());
  a.star = &star_for(pack, a.total_half, a.max_half);
  a.actual_star = &star_for(pack, a.actual_total_half, a.actual_max_half);
}

}  // namespace starsheet
