#include "drilldown_report.h"

#include <algorithm>
#include <cmath>

#include "datetime.h"
#include "failing_report.h"
#include "improvement_rules.h"
#include "report.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

record_kind kind_of(drill_rate r) {
  return r == drill_rate::resolution || r == drill_rate::response ? record_kind::inquiries : record_kind::shipments;
}

// An average's unit in seconds, as the importer derives its total (exception hours, reply minutes).
std::int64_t unit_of(drill_rate r) { return r == drill_rate::exceptions ? seconds_per_hour : seconds_per_minute; }

// The derivation's measures: a rate's {denominator, numerator} ("orders_total",
// "orders_on_time"); an average's {count, total} ("exception_cases", "exception_hours_total").
const std::vector<std::string>* rate_measures(drill_rate r, const import_rules& rules) {
  for (const auto& d : rules.kind(kind_of(r)).derivation)
    if (d.id == drill_rate_id(r) && d.measures.size() == 2) return &d.measures;
  return nullptr;
}

std::optional<std::int64_t> whole(const period_data& p, const std::string& pointer) {
  auto it = p.measures.find(pointer);
  if (it == p.measures.end() || !it->second.number.is_integer()) return std::nullopt;
  double d = it->second.number.to_double();
  if (d < 0 || d > 9.0e15) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

rational percent(std::int64_t part, std::int64_t whole) { return rational(part) * rational(100) / rational(whole); }

// An average's events' mean in its unit (hours, minutes).
rational average(drill_rate r, const drill_count& n) { return rational(n.seconds) / rational(n.events * unit_of(r)); }

// The points the total gains, in halves, when `fixed` more of a rate's events succeed (the
// numerator grows by one each), or an average's events take `fixed` seconds less in all (its
// total shrinks by a second's worth each).
class gains {
 public:
  gains(const assessment& a, std::string pointer, rational base, rational step)
      : a_(a), pointer_(std::move(pointer)), base_(std::move(base)), step_(std::move(step)) {}
  int operator()(std::int64_t fixed) {
    if (fixed <= 0) return 0;
    for (const auto& [k, g] : memo_)
      if (k == fixed) return g;
    period_data p = *a_.period;
    p.measures[pointer_].number = base_ + step_ * rational(fixed);
    auto r = assess(p, *a_.pack);
    int g = r ? r->actual_total_half - a_.actual_total_half : 0;
    memo_.emplace_back(fixed, g);
    return g;
  }

 private:
  const assessment& a_;
  std::string pointer_;
  rational base_, step_;
  std::vector<std::pair<std::int64_t, int>> memo_;  // a few dozen distinct counts at most
};

// The tier above the indicator's (in its value, or for a benchmark ratio in its ratio).
const tier* next_tier(const indicator_result& ir) {
  const auto& tiers = ir.rule->tiers;
  if (tiers.empty() || ir.tier == 0) return nullptr;
  return &tiers[ir.tier < 0 ? tiers.size() - 1 : static_cast<std::size_t>(ir.tier - 1)];
}

// The least k in (0, most] for which `reaches(k)` holds (reaching is monotone in k), if any and
// if reaches(0) does not already hold.
template <class Reaches>
std::optional<std::int64_t> least_reaching(std::int64_t most, Reaches reaches) {
  if (reaches(0) || !reaches(most)) return std::nullopt;
  std::int64_t lo = 0, hi = most;  // reaches(hi), not reaches(lo)
  while (hi - lo > 1) {
    std::int64_t mid = lo + (hi - lo) / 2;
    (reaches(mid) ? hi : lo) = mid;
  }
  return hi;
}

// A rate's: the fewest fixes that lift the segment's rate to the indicator's next tier, if any.
std::optional<std::int64_t> fixes_to_next_tier(const indicator_result& ir, const drill_count& n) {
  const tier* next = next_tier(ir);
  if (!next || n.events == 0) return std::nullopt;
  std::int64_t ok = n.events - n.failures;
  return least_reaching(n.failures, [&](std::int64_t k) { return satisfies(percent(ok + k, n.events), next->op, next->bound); });
}

// An average's: the fewest seconds the segment's events must take less in all for its average
// to reach the indicator's next tier, if any.
std::optional<std::int64_t> cut_to_next_tier(const indicator_result& ir, const drill_count& n, std::int64_t unit) {
  const tier* next = next_tier(ir);
  if (!next || n.events == 0) return std::nullopt;
  return least_reaching(n.seconds, [&](std::int64_t cut) {
    return satisfies(rational(n.seconds - cut) / rational(n.events * unit), next->op, next->bound);
  });
}

// A transit segment's: the least whole percent its transit times must all shrink by for its
// ratio to reach the indicator's next tier, if any.
std::optional<std::int64_t> percent_to_next_tier(const indicator_result& ir, const rational& ratio) {
  const tier* next = next_tier(ir);
  if (!next) return std::nullopt;
  return least_reaching(100, [&](std::int64_t p) {
    return satisfies(ratio * rational(100 - p) / rational(100), next->op, next->bound);
  });
}

// The points the total gains, in halves, when each mode's transit days in all (`pointers`)
// shrink by `cut`.
int transit_gain(const assessment& a, const std::array<std::string, 3>& pointers, const std::array<rational, 3>& cut) {
  period_data p = *a.period;
  bool any = false;
  for (std::size_t m = 0; m < 3; ++m) {
    if (cut[m].is_zero()) continue;
    auto& v = p.measures.at(pointers[m]).number;
    v = v - cut[m];
    any = true;
  }
  if (!any) return 0;
  auto r = assess(p, *a.pack);
  return r ? r->actual_total_half - a.actual_total_half : 0;
}

// Adds `from`'s counts to `to`'s (a file's segment to the merged one, a segment to "other").
void add_counts(drill_segment_points& to, const drill_segment_points& from) {
  to.n.events += from.n.events;
  to.n.failures += from.n.failures;
  to.n.seconds += from.n.seconds;
  to.n.excess += from.n.excess;
  for (std::size_t m = 0; m < 3; ++m) {
    auto& t = to.modes[m];
    const auto& f = from.modes[m];
    t.shipments += f.shipments;
    t.slow += f.slow;
    if (!f.days.is_zero()) t.days = t.days + f.days;
    if (!f.excess.is_zero()) t.excess = t.excess + f.excess;
  }
}

drill_segment_points sum_of(const drill_split& split) {
  drill_segment_points sum;
  for (const auto& g : split.segments) add_counts(sum, g);
  return sum;
}

// Each column's segments over the files `use` accepts, in order of first appearance (a column
// holds at most drilldown_values_max values: plain searches are enough); `counts` gives a file's
// segment as the split counts it, or nothing when none of its events is in the split.
template <class Use, class Counts>
std::vector<drill_split> merged_columns(const std::vector<imported_file>& files, Use use, Counts counts) {
  std::vector<drill_split> merged;
  for (const auto& f : files) {
    if (!use(f)) continue;
    for (const auto& c : f.summary.drill) {
      auto split = std::find_if(merged.begin(), merged.end(),
                                [&](const drill_split& m) { return m.derived == c.derived && m.by == c.by; });
      if (split == merged.end()) {
        merged.emplace_back();
        split = merged.end() - 1;
        split->derived = c.derived;
        split->by = c.by;
      }
      for (const auto& s : c.segments) {
        std::optional<drill_segment_points> n = counts(f, s);
        if (!n) continue;
        auto g = std::find_if(split->segments.begin(), split->segments.end(),
                              [&](const drill_segment_points& x) { return x.value == s.value; });
        if (g == split->segments.end()) {
          split->segments.emplace_back();
          g = split->segments.end() - 1;
          g->value = s.value;
        }
        add_counts(*g, *n);
      }
    }
  }
  return merged;
}

bool more_failures(const drill_segment_points& a, const drill_segment_points& b) {
  if (a.n.failures != b.n.failures) return a.n.failures > b.n.failures;
  if (a.n.events != b.n.events) return a.n.events > b.n.events;
  return a.value < b.value;
}

// The split's listed segment whose fix gains most (most failures on a tie), or npos.
std::size_t best_segment(const drill_split& s) {
  std::size_t best = std::string::npos;
  for (std::size_t i = 0; i < s.segments.size(); ++i) {
    const auto& g = s.segments[i];
    if (g.other || g.gain_half <= 0) continue;
    if (best == std::string::npos || g.gain_half > s.segments[best].gain_half) best = i;
  }
  return best;
}

double rounded(double v, double scale) { return std::round(v * scale) / scale; }

// An amount of hours or minutes to two decimals; a whole one as an integer (385, not 385.0).
json amount_json(const rational& v) { return v.is_integer() ? number_json(v) : json(rounded(v.to_double(), 100)); }

// A stable insertion sort: the lists here are short (a column's listed values, the splits), and
// each std::sort or std::stable_sort instantiation costs the page's module kilobytes.
template <class T, class Before>
void sort_short(std::vector<T>& v, Before before) {
  for (std::size_t i = 1; i < v.size(); ++i)
    for (std::size_t j = i; j > 0 && before(v[j], v[j - 1]); --j) std::swap(v[j], v[j - 1]);
}

// Keeps a split that says where the failures come from, its segments with most failures first
// and those past the listed ones as one "other"; false for one that says nothing: a single
// value, nearly one value an event (an id, an amount or text), or a column whose every value is
// all failures or all successes (it restates the outcome, as a "late" flag the mapping did not use).
bool shape_split(drill_split& split, const drill_count& total, const import_rules& rules) {
  if (split.segments.size() < 2) return false;
  if (split.segments.size() * 100 > rules.drilldown_distinct_max_percent * static_cast<std::size_t>(total.events)) return false;
  if (std::all_of(split.segments.begin(), split.segments.end(),
                  [](const drill_segment_points& g) { return g.n.failures == 0 || g.n.failures == g.n.events; }))
    return false;
  sort_short(split.segments, more_failures);
  if (split.segments.size() > rules.drilldown_segments_listed) {
    drill_segment_points other;
    other.other = true;
    other.values = 0;
    for (std::size_t i = rules.drilldown_segments_listed; i < split.segments.size(); ++i) {
      add_counts(other, split.segments[i]);
      ++other.values;
    }
    split.segments.resize(rules.drilldown_segments_listed);
    split.segments.push_back(std::move(other));
  }
  return true;
}

struct writer {
  const import_rules& rules;
  lang l;
  const rule_pack* pack;

  const std::string& msg(const std::string& key) const { return rules.message(key).in(l); }

  std::string by_text(const drill_split& s) const {
    if (s.derived.empty()) return s.by;
    return msg(s.derived == "weekday" ? "drill_by_weekday" : s.derived == "iso_week" ? "drill_by_iso_week" : "drill_by_delay_band");
  }
  std::string value_text(const drill_split& s, const drill_segment_points& g) const {
    if (g.other) return fill(msg("drill_other"), {{"values", std::to_string(g.values)}});
    if (g.value.empty()) return msg("drill_blank");
    if (s.derived == "weekday") return msg("weekday_" + g.value);
    if (s.derived == "delay_band") {
      if (g.value == drill_on_time) return msg("drill_band_on_time");
      if (pack)
        for (const auto& band : improvement_of(*pack).recovery.late)
          if (band.id == g.value) return band.label.in(l);
    }
    return g.value;
  }
  // A rate's percentage, an average in its unit ("8.5 小时"), or a transit's ratio to the
  // industry averages ("1.12 × 行业平均").
  std::string rate_text(const drill_split& s, const drill_segment_points& g) const {
    const drill_count& n = g.n;
    if (n.events == 0) return "—";
    if (drill_is_transit(s.rate))
      return g.ratio ? fill(msg("drill_ratio"), {{"value", format_near_bounds(*g.ratio, s.indicator->rule->tiers)}}) : "—";
    if (!drill_is_mean(s.rate))
      return format_near_bounds(percent(n.events - n.failures, n.events), s.indicator->rule->tiers) + "%";
    return amount_text(s.rate, format_near_bounds(average(s.rate, n), s.indicator->rule->tiers));
  }
  // What reaching the next tier does to the total: "+2 分", or that it stays (the segment's tier
  // is not the indicator's).
  std::string next_gain_text(int gain_half) const {
    return gain_half > 0 ? fill(msg("drill_next_gain"), {{"gain", half_text(gain_half)}}) : msg("drill_next_no_gain");
  }
  std::string amount_text(drill_rate rate, const std::string& value) const {
    return fill(msg(rate == drill_rate::exceptions ? "drill_hours" : "drill_minutes"), {{"value", value}});
  }
  std::string failure_text(const drill_split& s) const {
    const std::string& text = msg(std::string("drill_failure_") + drill_rate_id(s.rate));
    if (!drill_is_mean(s.rate) || !s.limit) return text;
    return fill(text, {{"limit", amount_text(s.rate, format_number(rational(*s.limit) / rational(unit_of(s.rate)), 2))}});
  }
  // A transit split's limits by mode ("满分时限…：陆运 <3.8 天；空运 <5.7 天"); "" for the others.
  std::string limits_text(const drill_split& s) const {
    if (!drill_is_transit(s.rate)) return "";
    return fill(msg("drill_transit_limits"), {{"limits", transit_limits_text(s.slow, rules, l)}});
  }
  std::string share_text(const drill_split& s, const drill_count& n) const {
    if (s.total.failures == 0) return "0%";
    return format_number(rational(n.failures) * rational(100) / rational(s.total.failures), 1) + "%";
  }
  std::string top_line(const drilldown& d, const drilldown::pick& p) const {
    const drill_split& s = d.splits[p.split];
    const drill_segment_points& g = s.segments[p.segment];
    return fill(msg("drill_top_line"), {{"indicator", s.indicator->rule->label.in(l)},
                                        {"by", by_text(s)},
                                        {"value", value_text(s, g)},
                                        {"failures", format_number(rational(g.n.failures), 0)},
                                        {"failure", failure_text(s)},
                                        {"share", share_text(s, g.n)},
                                        {"gain", half_text(g.gain_half)}});
  }
};

}  // namespace

namespace {

// The splits of one rate or average (drill_rate: on_time … response).
void rate_splits(drill_rate rate, const std::vector<imported_file>& files, const assessment& scored,
                 const import_rules& rules, drilldown& out) {
  const auto* measures = rate_measures(rate, rules);
  if (!measures) return;
  const bool mean = drill_is_mean(rate);
  const std::string& denominator = (*measures)[0];  // an average's count
  const std::string& numerator = (*measures)[1];    // an average's total
  const indicator_result* ir = nullptr;
  for (const auto& r : scored.indicators) {
    const formula& c = r.rule->calc;
    if (mean ? c.kind == formula_kind::mean && c.total == numerator && c.count == denominator
             : c.kind == formula_kind::ratio_percent && c.numerator == numerator && c.denominator == denominator)
      ir = &r;
  }
  if (!ir) return;
  auto events = whole(*scored.period, denominator);
  if (!events || *events == 0) return;
  auto source = scored.period->measures.at(denominator).source;
  if (source != to_string(kind_of(rate))) return;  // the period's own measures: no rows behind them
  std::size_t r = static_cast<std::size_t>(rate);
  const std::int64_t unit = mean ? unit_of(rate) : 1;
  drill_count total{*events, 0};
  std::optional<rational> base;  // what a fix changes: a rate's successes, an average's total
  if (mean) {
    auto t = scored.period->measures.find(numerator);
    if (t == scored.period->measures.end()) return;
    rational seconds = t->second.number * rational(unit);
    if (!seconds.is_integer() || seconds.to_double() < 0 || seconds.to_double() > 9.0e15) return;
    total.seconds = static_cast<std::int64_t>(seconds.to_double());
    base = t->second.number;
  } else {
    auto successes = whole(*scored.period, numerator);
    if (!successes || *successes > *events) return;
    total.failures = *events - *successes;
    base = rational(*successes);
  }
  auto use = [&](const imported_file& f) {
    return f.summary.kind == kind_of(rate) && f.summary.measures.count(denominator) &&
           std::find(f.overridden.begin(), f.overridden.end(), denominator) == f.overridden.end();
  };
  std::optional<std::int64_t> limit;  // an average's full-points limit, in seconds
  for (const auto& f : files)
    if (mean && use(f)) limit = rate == drill_rate::exceptions ? f.summary.failing.slow.exception_seconds
                                                               : f.summary.failing.slow.reply_seconds;
  std::vector<drill_split> merged =
      merged_columns(files, use, [&](const imported_file&, const drill_segment& s) -> std::optional<drill_segment_points> {
        if (s.n[r].events == 0) return std::nullopt;
        drill_segment_points g;
        g.n = s.n[r];
        return g;
      });
  if (mean) {
    // An average's failures (the events over the limit) are no measure of the period: they are
    // what every column that saw all the events counted.
    for (const auto& split : merged) {
      drill_count sum = sum_of(split).n;
      if (sum.events == total.events && sum.seconds == total.seconds) {
        total.failures = sum.failures, total.excess = sum.excess;
        break;
      }
    }
  }
  gains gain(scored, numerator, *base, mean ? rational(-1) / rational(unit) : rational(1));
  for (auto& split : merged) {
    split.rate = rate;
    split.indicator = ir;
    split.total = total;
    split.limit = limit;
    // Only a column that saw every event splits the rate (a file without it would not add up).
    drill_count sum = sum_of(split).n;
    if (sum.events != total.events || sum.failures != total.failures || sum.seconds != total.seconds ||
        sum.excess != total.excess || !shape_split(split, total, rules))
      continue;
    for (auto& g : split.segments) {
      g.gain_half = gain(mean ? g.n.excess : g.n.failures);
      if (auto k = mean ? cut_to_next_tier(*ir, g.n, unit) : fixes_to_next_tier(*ir, g.n)) {
        g.next_fixes = *k;
        g.next_gain_half = gain(*k);
      }
    }
    out.splits.push_back(std::move(split));
  }
}

// The splits of the transit days (avg_transit_days): each mode's shipments, slow when over the
// mode's limit. The indicator scores the shipment-weighted mean of each mode's average over its
// industry average, which is the mean over shipments of each one's days over its mode's average:
// a segment's ratio is the same mean over its own shipments, and fixing it takes days off its modes.
void transit_splits(const std::vector<imported_file>& files, const assessment& scored, const import_rules& rules,
                    drilldown& out) {
  const auto& modes = rules.value_ids.at("mode");
  std::array<std::string, 3> shipments_at, days_at;  // the importer's measures, by mode
  for (std::size_t m = 0; m < 3 && m < modes.size(); ++m) {
    shipments_at[m] = transit_shipments_pointer(modes[m]);
    days_at[m] = transit_days_pointer(modes[m]);
  }
  auto is_transit = [&](const std::string& pointer) {
    for (std::size_t m = 0; m < 3; ++m)
      if (!days_at[m].empty() && (pointer == days_at[m] || pointer == shipments_at[m])) return true;
    return false;
  };
  const indicator_result* ir = nullptr;
  for (const auto& r : scored.indicators)
    if (r.rule->calc.kind == formula_kind::benchmark_ratio)
      for (const auto& g : r.rule->calc.groups)
        if (is_transit(g.total)) ir = &r;
  if (!ir || ir->status != indicator_status::scored || !ir->ratio) return;
  const period_data& period = *scored.period;
  std::array<std::int64_t, 3> shipments{};
  std::array<rational, 3> days, benchmark;
  drill_count total;
  for (std::size_t m = 0; m < 3 && m < modes.size(); ++m) {
    auto n = whole(period, shipments_at[m]);
    if (!n || *n == 0) continue;
    auto d = period.measures.find(days_at[m]);
    // The period's own measures: no rows behind them.
    if (d == period.measures.end() || d->second.source != "shipments" || period.measures.at(shipments_at[m]).source != "shipments")
      return;
    const benchmark_group* group = nullptr;
    for (const auto& g : ir->rule->calc.groups)
      if (g.total == days_at[m]) group = &g;
    auto b = group ? period.measures.find(group->benchmark) : period.measures.end();
    if (b == period.measures.end()) return;
    shipments[m] = *n;
    days[m] = d->second.number;
    benchmark[m] = b->second.number;
    total.events += *n;
  }
  if (total.events == 0) return;
  // The rows' verdicts hold only against the averages they were judged by.
  slow_limits slow;
  auto use = [&](const imported_file& f) {
    if (f.summary.kind != record_kind::shipments) return false;
    bool any = false;
    for (std::size_t m = 0; m < 3; ++m) any = any || f.summary.measures.count(shipments_at[m]);
    return any;
  };
  for (const auto& f : files) {
    if (!use(f)) continue;
    for (const auto& o : f.overridden)
      if (is_transit(o)) return;
    for (std::size_t m = 0; m < 3; ++m)
      if (f.summary.measures.count(shipments_at[m]) &&
          (!f.summary.failing.slow.transit_benchmark[m] || !(*f.summary.failing.slow.transit_benchmark[m] == benchmark[m])))
        return;
    slow = f.summary.failing.slow;
  }
  std::vector<drill_split> merged =
      merged_columns(files, use, [&](const imported_file& f, const drill_segment& s) -> std::optional<drill_segment_points> {
        drill_segment_points g;
        const rational per_day(f.summary.transit_per_day);
        for (std::size_t m = 0; m < 3; ++m) {
          const drill_count& c = s.n[static_cast<std::size_t>(drill_transit(m))];
          if (c.events == 0) continue;
          g.modes[m] = {c.events, c.failures, rational(c.seconds) / per_day, rational(c.excess) / per_day};
          g.n.events += c.events;
          g.n.failures += c.failures;
        }
        if (g.n.events == 0) return std::nullopt;
        return g;
      });
  // Each mode's shipments and days as the period has them; the slow ones are no measure of the
  // period: they are what every column that saw all the shipments counted.
  auto adds_up = [&](const drill_segment_points& sum) {
    for (std::size_t m = 0; m < 3; ++m)
      if (sum.modes[m].shipments != shipments[m] || !(sum.modes[m].days == days[m])) return false;
    return true;
  };
  for (const auto& split : merged)
    if (drill_segment_points sum = sum_of(split); adds_up(sum)) {
      total.failures = sum.n.failures;
      break;
    }
  for (auto& split : merged) {
    split.rate = drill_rate::transit_land;
    split.indicator = ir;
    split.total = total;
    split.slow = slow;
    drill_segment_points sum = sum_of(split);
    if (!adds_up(sum) || sum.n.failures != total.failures || !shape_split(split, total, rules)) continue;
    for (auto& g : split.segments) {
      rational relative;
      std::array<rational, 3> excess;
      for (std::size_t m = 0; m < 3; ++m) {
        if (g.modes[m].shipments == 0) continue;
        relative = relative + g.modes[m].days / benchmark[m];
        excess[m] = g.modes[m].excess;
      }
      g.ratio = relative / rational(g.n.events);
      g.gain_half = transit_gain(scored, days_at, excess);
      if (auto p = percent_to_next_tier(*ir, *g.ratio)) {
        std::array<rational, 3> cut;
        for (std::size_t m = 0; m < 3; ++m) cut[m] = g.modes[m].days * rational(*p) / rational(100);
        g.next_fixes = *p;
        g.next_gain_half = transit_gain(scored, days_at, cut);
      }
    }
    out.splits.push_back(std::move(split));
  }
}

}  // namespace

drilldown compute_drilldown(const std::vector<imported_file>& files, const assessment& scored, const import_rules& rules) {
  drilldown out;
  out.pack = scored.pack;
  // In the indicators' order: on-time, transit, goods, exceptions, resolution, first reply.
  for (drill_rate rate : {drill_rate::on_time, drill_rate::transit_land, drill_rate::goods, drill_rate::exceptions,
                          drill_rate::resolution, drill_rate::response}) {
    if (drill_is_transit(rate)) transit_splits(files, scored, rules, out);
    else rate_splits(rate, files, scored, rules, out);
  }
  for (std::size_t i = 0; i < out.splits.size(); ++i)
    if (std::size_t b = best_segment(out.splits[i]); b != std::string::npos) out.top.push_back({i, b});
  sort_short(out.top, [&](const drilldown::pick& a, const drilldown::pick& b) {
    const auto& x = out.splits[a.split].segments[a.segment];
    const auto& y = out.splits[b.split].segments[b.segment];
    if (x.gain_half != y.gain_half) return x.gain_half > y.gain_half;
    return x.n.failures > y.n.failures;
  });
  if (out.top.size() > rules.drilldown_top) out.top.resize(rules.drilldown_top);
  return out;
}

json drilldown_json(const drilldown& d, const import_rules& rules, lang l) {
  writer w{rules, l, d.pack};
  json out = json::array();
  for (const auto& s : d.splits) {
    json segs = json::array();
    for (const auto& g : s.segments) {
      json j;
      j["value"] = g.other ? json(nullptr) : json(g.value);
      j["label"] = w.value_text(s, g);
      if (g.other) j["values"] = g.values;
      j["events"] = g.n.events;
      j["failures"] = g.n.failures;
      if (drill_is_transit(s.rate))
        j["ratio"] = g.ratio ? json(rounded(g.ratio->to_double(), 10000)) : json(nullptr);
      else if (drill_is_mean(s.rate))
        j["average"] = amount_json(average(s.rate, g.n));
      else
        j["rate"] = rounded(percent(g.n.events - g.n.failures, g.n.events).to_double(), 100);
      j["rate_text"] = w.rate_text(s, g);
      j["share_of_failures"] = s.total.failures ? rounded(double(g.n.failures) / double(s.total.failures), 10000) : 0.0;
      j["gain_if_fixed"] = points_json(g.gain_half);
      if (g.next_fixes && drill_is_transit(s.rate)) {
        const tier* t = next_tier(*s.indicator);
        json& next = j["next_tier"];
        next["ratio"] = number_json(t->bound);
        next["cut_percent"] = *g.next_fixes;
        next["gain"] = points_json(g.next_gain_half);
        next["text"] = fill(w.msg("drill_next_tier_ratio"), {{"ratio", op_symbol(t->op) + format_number(t->bound)},
                                                             {"percent", std::to_string(*g.next_fixes)},
                                                             {"gain_text", w.next_gain_text(g.next_gain_half)}});
      } else if (g.next_fixes && drill_is_mean(s.rate)) {
        const tier* t = next_tier(*s.indicator);
        json& next = j["next_tier"];
        rational cut = rational(*g.next_fixes) / rational(unit_of(s.rate));
        next["average"] = number_json(t->bound);
        next["cut"] = amount_json(cut);
        next["gain"] = points_json(g.next_gain_half);
        next["text"] = fill(w.msg("drill_next_tier_mean"),
                            {{"average", op_symbol(t->op) + w.amount_text(s.rate, format_number(t->bound))},
                             {"cut", w.amount_text(s.rate, format_number(cut, 2))},
                             {"gain_text", w.next_gain_text(g.next_gain_half)}});
      } else if (g.next_fixes) {
        const tier* t = next_tier(*s.indicator);
        json& next = j["next_tier"];
        next["rate"] = number_json(t->bound);
        next["fixes"] = *g.next_fixes;
        next["gain"] = points_json(g.next_gain_half);
        next["text"] = fill(w.msg("drill_next_tier"), {{"rate", op_symbol(t->op) + format_number(t->bound) + "%"},
                                                       {"fixes", format_number(rational(*g.next_fixes), 0)},
                                                       {"gain_text", w.next_gain_text(g.next_gain_half)}});
      } else {
        j["next_tier"] = nullptr;
      }
      segs.push_back(std::move(j));
    }
    json j;
    j["indicator"] = s.indicator->rule->id;
    j["by"] = w.by_text(s);
    j["derived"] = s.derived.empty() ? json(nullptr) : json(s.derived);
    j["measure"] = drill_is_transit(s.rate) ? "ratio" : drill_is_mean(s.rate) ? "average" : "rate";
    j["events"] = s.total.events;
    j["failures"] = s.total.failures;
    j["failure"] = w.failure_text(s);
    if (drill_is_mean(s.rate)) {
      j["unit"] = s.rate == drill_rate::exceptions ? "hours" : "minutes";
      j["limit"] = s.limit ? amount_json(rational(*s.limit) / rational(unit_of(s.rate))) : json(nullptr);
    }
    if (drill_is_transit(s.rate)) {
      // Each mode's full-points line in days: its industry average times the top tier's bound.
      json limits = json::object();
      const auto& modes = rules.value_ids.at("mode");
      for (std::size_t m = 0; m < 3 && m < modes.size(); ++m)
        if (s.slow.transit_line[m]) limits[modes[m]] = number_json(*s.slow.transit_line[m]);
      j["unit"] = "days";
      j["limits"] = std::move(limits);
      j["limits_text"] = w.limits_text(s);
    }
    j["segments"] = std::move(segs);
    out.push_back(std::move(j));
  }
  return out;
}

json drilldown_top_json(const drilldown& d, const import_rules& rules, lang l) {
  writer w{rules, l, d.pack};
  json out = json::array();
  for (const auto& p : d.top) {
    const drill_split& s = d.splits[p.split];
    const drill_segment_points& g = s.segments[p.segment];
    json j;
    j["indicator"] = s.indicator->rule->id;
    j["by"] = w.by_text(s);
    j["derived"] = s.derived.empty() ? json(nullptr) : json(s.derived);
    j["value"] = g.value;
    j["label"] = w.value_text(s, g);
    j["failures"] = g.n.failures;
    j["events"] = g.n.events;
    j["gain_if_fixed"] = points_json(g.gain_half);
    j["text"] = w.top_line(d, p);
    out.push_back(std::move(j));
  }
  return out;
}

std::string drilldown_text(const drilldown& d, const import_rules& rules, lang l) {
  if (d.splits.empty()) return "";
  writer w{rules, l, d.pack};
  std::string out = w.msg("heading_drilldown") + "\n";
  if (!d.top.empty()) {
    out += "  " + w.msg("heading_drill_top") + "\n";
    for (std::size_t i = 0; i < d.top.size(); ++i) out += "    " + std::to_string(i + 1) + ". " + w.top_line(d, d.top[i]) + "\n";
  }
  for (std::size_t i = 0; i < d.splits.size();) {
    // One indicator's splits: the columns whose best fix gains most first, then the file's order.
    std::size_t end = i;
    while (end < d.splits.size() && d.splits[end].rate == d.splits[i].rate) ++end;
    const drill_split& first = d.splits[i];
    out += "  " + fill(w.msg("drill_indicator_line"), {{"indicator", first.indicator->rule->label.in(l)},
                                                        {"events", format_number(rational(first.total.events), 0)},
                                                        {"failures", format_number(rational(first.total.failures), 0)},
                                                        {"failure", w.failure_text(first)}}) + "\n";
    if (std::string limits = w.limits_text(first); !limits.empty()) out += "    " + limits + "\n";
    std::vector<std::size_t> order;
    for (std::size_t k = i; k < end; ++k) order.push_back(k);
    auto best_gain = [&](std::size_t k) {
      std::size_t b = best_segment(d.splits[k]);
      return b == std::string::npos ? 0 : d.splits[k].segments[b].gain_half;
    };
    sort_short(order, [&](std::size_t a, std::size_t b) { return best_gain(a) > best_gain(b); });
    std::size_t listed = std::min(order.size(), rules.drilldown_columns_listed);
    for (std::size_t k = 0; k < listed; ++k) {
      const drill_split& s = d.splits[order[k]];
      std::string segments;
      for (std::size_t g = 0; g < s.segments.size() && g < rules.drilldown_top; ++g) {
        const auto& seg = s.segments[g];
        std::string gain = seg.gain_half > 0 ? fill(w.msg("drill_gain"), {{"gain", half_text(seg.gain_half)}}) : "";
        segments += (g ? w.msg("drill_sep") : "") +
                    fill(w.msg("drill_segment"), {{"value", w.value_text(s, seg)},
                                                  {"failures", format_number(rational(seg.n.failures), 0)},
                                                  {"events", format_number(rational(seg.n.events), 0)},
                                                  {"rate", w.rate_text(s, seg)},
                                                  {"gain", gain}});
      }
      out += "    " + fill(w.msg("drill_column_line"), {{"by", w.by_text(s)}, {"segments", segments}}) + "\n";
    }
    if (order.size() > listed)
      out += "    " + fill(w.msg("drill_more_columns"), {{"columns", std::to_string(order.size() - listed)}}) + "\n";
    i = end;
  }
  return out;
}

}  // namespace starsheet
