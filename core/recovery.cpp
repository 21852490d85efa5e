#include "recovery.h"

#include <algorithm>

#include <fmt/format.h>

#include "messages.h"

namespace starsheet {

namespace {

std::optional<rational> get(const period_data& p, const std::string& pointer) {
  if (pointer.empty()) return std::nullopt;
  auto it = p.measures.find(pointer);
  if (it == p.measures.end()) return std::nullopt;
  return it->second.number;
}

std::optional<std::string> get_choice(const period_data& p, const std::string& pointer) {
  if (pointer.empty()) return std::nullopt;
  auto it = p.measures.find(pointer);
  if (it == p.measures.end() || it->second.items.empty()) return std::nullopt;
  return it->second.items.front();
}

std::optional<std::vector<rational>> get_list(const period_data& p, const std::string& pointer) {
  if (pointer.empty()) return std::nullopt;
  auto it = p.measures.find(pointer);
  if (it == p.measures.end()) return std::nullopt;
  return it->second.numbers;
}

recovery_input::part part_from(const period_data& p, const recovery_share& rule) {
  return {get(p, rule.parcels), get(p, rule.freight)};
}

rational min_of(const rational& a, const rational& b) { return a < b ? a : b; }

const plan_step* step_on(const plan* p, const std::string& indicator) {
  if (!p || indicator.empty()) return nullptr;
  for (const auto& s : p->steps)
    if (s.indicator->rule->id == indicator && s.option.failure_cut) return &s;
  return nullptr;
}

void remove_by(recovery_part& part, const plan_step* step) {
  part.step = step;
  if (!step || !part.priced) return;
  part.removed_low = part.low * *step->option.failure_cut;
  part.removed_high = part.high * *step->option.failure_cut;
}

}  // namespace

recovery_targets recovery_targets_of(const rule_pack& pack) {
  const recovery_rules& r = improvement_of(pack).recovery;
  recovery_targets t;
  const rational us_per_hour(3600000000);
  for (const auto& band : r.late) {
    recovery_targets::band b{band.id, band.parcels, band.freight, std::nullopt};
    if (band.max_hours) {
      // The longest whole-microsecond delay inside the band: found near the double estimate,
      // then settled by exact comparison with the edge.
      rational edge = *band.max_hours * us_per_hour;
      auto inside = [&](std::int64_t d) { return band.max_inclusive ? rational(d) <= edge : rational(d) < edge; };
      auto d = static_cast<std::int64_t>(edge.to_double());
      while (!inside(d)) --d;
      while (inside(d + 1)) ++d;
      b.max_delay_us = d;
    }
    t.late.push_back(std::move(b));
  }
  t.damaged = r.damaged;
  t.lost = r.lost;
  t.freights = r.freights;
  return t;
}

recovery_input recovery_input_from(const period_data& period, const rule_pack& pack) {
  const recovery_rules& r = improvement_of(pack).recovery;
  recovery_input in;
  for (const auto& band : r.late) in.late.push_back(part_from(period, band));
  in.information_lag = part_from(period, r.information_lag);
  in.damaged = get(period, r.damaged);
  in.lost = get(period, r.lost);
  in.damaged_lost_freights = get_list(period, r.freights);
  in.insured_parcels = get(period, r.insured_parcels);
  in.insured_value = get(period, r.insured_value);
  in.average_freight = get(period, r.average_freight);
  in.freight_currency = get_choice(period, r.exchange.freight_currency);
  in.rate = get(period, r.exchange.rate);
  if (!in.rate) in.rate = get(period, r.exchange.older_rate);  // the older name, still read
  return in;
}

std::optional<input_error> check_recovery_input(const period_data& period, const rule_pack& pack) {
  const recovery_rules& r = improvement_of(pack).recovery;
  recovery_input in = recovery_input_from(period, pack);
  rational damaged_lost = in.damaged.value_or(rational(0)) + in.lost.value_or(rational(0));
  if (in.insured_parcels && *in.insured_parcels > damaged_lost)
    return input_error{r.insured_parcels,
                       fmt::format("{} insured parcels, but only {} damaged or lost ({} + {})",
                                   in.insured_parcels->str(), damaged_lost.str(), r.damaged, r.lost),
                       "error_insured_above_damaged",
                       {{"insured", grouped(*in.insured_parcels)}, {"count", grouped(damaged_lost)},
                        {"damaged_field", r.damaged}, {"lost_field", r.lost}}};
  if (auto goods = get(period, "/measures/goods_total"); goods && (in.damaged || in.lost) && damaged_lost > *goods)
    return input_error{in.lost ? r.lost : r.damaged,
                       fmt::format("{} damaged or lost parcels, more than /measures/goods_total ({})", damaged_lost.str(),
                                   goods->str()),
                       "error_damaged_above_goods",
                       {{"count", grouped(damaged_lost)}, {"goods_field", "/measures/goods_total"}, {"goods", grouped(*goods)}}};
  if (in.damaged_lost_freights) {
    if (!in.damaged && !in.lost)
      return input_error{r.freights,
                         fmt::format("freights are listed, but not how many parcels were damaged ({}) or lost ({})",
                                     r.damaged, r.lost),
                         "error_freights_without_parcels", {{"damaged_field", r.damaged}, {"lost_field", r.lost}}};
    if (rational(static_cast<std::int64_t>(in.damaged_lost_freights->size())) != damaged_lost)
      return input_error{r.freights,
                         fmt::format("{} freights listed, but {} parcels damaged or lost ({} + {}); "
                                     "list one freight per parcel",
                                     in.damaged_lost_freights->size(), damaged_lost.str(), r.damaged, r.lost),
                         "error_freights_count",
                         {{"listed", grouped(rational(static_cast<std::int64_t>(in.damaged_lost_freights->size())))},
                          {"count", grouped(damaged_lost)}, {"damaged_field", r.damaged}, {"lost_field", r.lost}}};
  }
  auto freight_without_parcels = [&](const recovery_share& rule, const recovery_input::part& part) -> std::optional<input_error> {
    if (part.freight_total && !part.parcels)
      return input_error{rule.freight, fmt::format("a freight total is given, but not the number of parcels ({})", rule.parcels),
                         "error_freight_without_parcels", {{"parcels_field", rule.parcels}}};
    if (part.freight_total && part.parcels->is_zero() && !part.freight_total->is_zero())
      return input_error{rule.freight, fmt::format("a freight of {} for 0 parcels ({})", part.freight_total->str(), rule.parcels),
                         "error_freight_zero_parcels",
                         {{"freight", grouped(*part.freight_total)}, {"parcels_field", rule.parcels}}};
    return std::nullopt;
  };
  for (std::size_t i = 0; i < r.late.size() && i < in.late.size(); ++i)
    if (auto e = freight_without_parcels(r.late[i], in.late[i])) return e;
  if (auto e = freight_without_parcels(r.information_lag, in.information_lag)) return e;
  const recovery_exchange& ex = r.exchange;
  auto rate = get(period, ex.rate), older = get(period, ex.older_rate);
  if (rate && older && *rate != *older)
    return input_error{ex.older_rate,
                       fmt::format("{} is the older name of {}, which gives another rate ({} and {})", ex.older_rate,
                                   ex.rate, older->str(), rate->str()),
                       "error_rate_two_names",
                       {{"older_field", ex.older_rate}, {"rate_field", ex.rate}, {"older", grouped(*older)}, {"rate", grouped(*rate)}}};
  std::string currency = in.freight_currency.value_or(ex.default_currency);
  if (in.rate && currency == r.currency && *in.rate != rational(1))
    return input_error{rate ? ex.rate : ex.older_rate,
                       fmt::format("freight is in {} ({}), the cap's own currency, so the rate is 1, not {}", r.currency,
                                   ex.freight_currency, in.rate->str()),
                       "error_rate_same_currency",
                       {{"currency", r.currency}, {"currency_field", ex.freight_currency}, {"rate", grouped(*in.rate)}}};
  rational late;
  bool any_late = false;
  for (const auto& p : in.late)
    if (p.parcels) {
      late = late + *p.parcels;
      any_late = true;
    }
  if (auto orders = get(period, "/measures/orders_total"); orders && any_late && late > *orders)
    return input_error{r.late.front().parcels,
                       fmt::format("{} late parcels in the delay bands, more than /measures/orders_total ({})",
                                   late.str(), orders->str()),
                       "error_late_above_orders",
                       {{"late", grouped(late)}, {"orders_field", "/measures/orders_total"}, {"orders", grouped(*orders)}}};
  return std::nullopt;
}

recovery_estimate estimate_recovery(const recovery_input& in, const rule_pack& pack, const plan* p) {
  const recovery_rules& r = improvement_of(pack).recovery;
  recovery_estimate out;
  out.average_freight = in.average_freight;
  out.currency = in.freight_currency.value_or(r.exchange.default_currency);
  if (out.currency == r.currency) {
    out.rate_from = rate_source::same_currency;
    out.rate = rational(1);
  } else if (in.rate) {
    out.rate_from = rate_source::given;
    out.rate = *in.rate;
  } else if ((out.reference = r.exchange.find(out.currency))) {
    out.rate_from = rate_source::reference;
    out.rate = out.reference->rate;
  }
  if (out.rate) out.cap_in_freight = r.cap * *out.rate;
  out.priced = true;

  auto share_part = [&](recovery_part_kind kind, const recovery_share& rule, const recovery_input::part& data) {
    if (!data.parcels) return;
    recovery_part part;
    part.kind = kind;
    part.rule = &rule;
    part.parcels = *data.parcels;
    std::optional<rational> freight = data.freight_total;
    part.own_freight = freight.has_value();
    if (!freight && in.average_freight) freight = *data.parcels * *in.average_freight;
    if (!freight && data.parcels->is_zero()) freight = rational(0);  // no parcel: nothing to price
    if (freight) {
      part.priced = true;
      part.freight = *freight;
      part.low = part.high = rule.share * *freight;
    } else {
      part.needs = {r.average_freight};
    }
    remove_by(part, step_on(p, rule.moved_by));
    out.parts.push_back(part);
  };
  for (std::size_t i = 0; i < r.late.size() && i < in.late.size(); ++i) share_part(recovery_part_kind::late, r.late[i], in.late[i]);

  if (in.damaged || in.lost) {
    rational all = in.damaged.value_or(rational(0)) + in.lost.value_or(rational(0));
    rational insured = in.insured_parcels.value_or(rational(0));
    recovery_part part;
    part.kind = recovery_part_kind::uninsured;
    part.parcels = insured < all ? all - insured : rational(0);
    bool own = in.damaged_lost_freights &&
               rational(static_cast<std::int64_t>(in.damaged_lost_freights->size())) == all;
    if (!part.parcels.is_zero()) {
      // A freight (own or average) and the cap in the freight currency price it.
      if (!own && !in.average_freight) part.needs.push_back(r.average_freight);
      if (!out.cap_in_freight) part.needs.push_back(r.exchange.rate);
    }
    if (part.parcels.is_zero()) {
      part.priced = true;  // no uninsured parcel: nothing to pay, whatever is missing
      part.own_freight = own;
    } else if (!part.needs.empty()) {
      // not priced: the text asks for what it needs
    } else if (own) {
      const rational& cap = *out.cap_in_freight;
      // Compensation grows with freight, so the cheapest uninsured parcels give the low end
      // and the dearest the high end.
      std::vector<rational> f = *in.damaged_lost_freights;
      std::sort(f.begin(), f.end());
      std::size_t uninsured = static_cast<std::size_t>(part.parcels.to_double());
      part.priced = part.own_freight = true;
      for (std::size_t i = 0; i < uninsured; ++i) {
        part.low = part.low + min_of(r.uninsured_multiple_low * f[i], cap);
        part.high = part.high + min_of(r.uninsured_multiple_high * f[f.size() - 1 - i], cap);
      }
    } else {
      const rational& cap = *out.cap_in_freight;
      part.priced = true;
      part.low = part.parcels * min_of(r.uninsured_multiple_low * *in.average_freight, cap);
      part.high = part.parcels * min_of(r.uninsured_multiple_high * *in.average_freight, cap);
    }
    remove_by(part, step_on(p, r.damage_moved_by));
    out.parts.push_back(part);
  }
  if (in.insured_value) {
    recovery_part part;
    part.kind = recovery_part_kind::insured;
    part.parcels = in.insured_parcels.value_or(rational(0));
    part.priced = true;
    part.low = part.high = r.insured_share * *in.insured_value;
    remove_by(part, step_on(p, r.damage_moved_by));
    out.parts.push_back(part);
  }
  share_part(recovery_part_kind::information_lag, r.information_lag, in.information_lag);

  out.measured = !out.parts.empty();
  for (const auto& part : out.parts) {
    out.priced = out.priced && part.priced;
    out.total_known = out.total_known || (part.priced && (!part.parcels.is_zero() || part.kind == recovery_part_kind::insured));
    out.low = out.low + part.low;
    out.high = out.high + part.high;
    out.removed_low = out.removed_low + part.removed_low;
    out.removed_high = out.removed_high + part.removed_high;
  }
  if (!out.measured) out.priced = false;
  return out;
}

}  // namespace starsheet
