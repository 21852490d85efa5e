#include "reference_checks.h"

namespace starsheet {

namespace {

const measure_value* find(const period_data& p, const std::string& pointer) {
  auto it = p.measures.find(pointer);
  return it == p.measures.end() ? nullptr : &it->second;
}

}  // namespace

std::vector<check_result> run_reference_checks(const assessment& a) {
  std::vector<check_result> out;
  for (const auto& rule : improvement_of(*a.pack).checks) {
    check_result r;
    r.rule = &rule;
    if (rule.input == check_input::indicator) {
      for (const auto& ir : a.indicators) {
        if (ir.rule->id != rule.indicator) continue;
        if (ir.status == indicator_status::scored) r.value = ir.value;
        else if (ir.status == indicator_status::not_applicable) r.status = check_status::no_events;
        else r.absent = ir.absent;
      }
    } else {
      const measure_value* num = find(*a.period, rule.numerator);
      const measure_value* den = find(*a.period, rule.denominator);
      if (!num) r.absent.push_back(rule.numerator);
      if (!den) r.absent.push_back(rule.denominator);
      if (num && den) {
        if (den->number.is_zero()) r.status = check_status::no_events;
        else r.value = (rule.input == check_input::ratio_percent ? rational(100) : rational(1)) * num->number / den->number;
      }
    }
    if (r.value) {
      r.status = satisfies(*r.value, rule.op, rule.bound) ? check_status::met : check_status::not_met;
      if (rule.alt_bound) r.meets_alt = satisfies(*r.value, rule.op, *rule.alt_bound);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string_view to_string(check_status s) {
  switch (s) {
    case check_status::met: return "met";
    case check_status::not_met: return "not_met";
    case check_status::not_measured: return "not_measured";
    case check_status::no_events: return "no_events";
  }
  return "";
}

}  // namespace starsheet
