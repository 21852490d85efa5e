#include "improvement_rules.h"

#include <fmt/format.h>

#include <set>

#include "json_reader.h"
#include "json_text.h"
#include "period.h"
#include "plans.h"
#include "scoring.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

// The loader's reads (json_reader), with numbers that must not be negative unless said
// otherwise, and members that name things of the rule pack.
class reader : public json_reader {
 public:
  // A number, required to be above 0 (positive) or at least 0.
  std::optional<rational> number(const json& obj, const char* key, const std::string& at, bool required = true,
                                 bool positive = false) {
    auto r = json_reader::number(obj, key, at, required);
    if (r && (positive ? !(*r > rational(0)) : r->is_negative())) {
      fail(pointer_append(at, key), fmt::format("expected a number {} 0, got {}", positive ? ">" : "≥", r->str()));
      return std::nullopt;
    }
    return r;
  }

  // A member naming an indicator of the pack.
  std::string indicator(const json& obj, const char* key, const std::string& at, const rule_pack& pack) {
    std::string id = string(obj, key, at);
    if (!failed() && !pack.find_indicator(id)) fail(pointer_append(at, key), "unknown indicator " + id);
    return id;
  }

  // A member naming a measure of the catalogue, of one of `types`.
  std::string measure(const json& obj, const char* key, const std::string& at, const rule_pack& pack,
                      std::initializer_list<measure_type> types) {
    std::string pointer = string(obj, key, at);
    if (failed()) return pointer;
    const measure_rule* m = pack.find_measure(pointer);
    if (!m) {
      fail(pointer_append(at, key), "unknown measure " + pointer);
      return pointer;
    }
    for (auto t : types)
      if (m->type == t) return pointer;
    fail(pointer_append(at, key), "measure " + pointer + " has a type this rule cannot use");
    return pointer;
  }

  citation source(const json& obj, const std::string& at, const improvement_rules& imp) {
    const json* v = member(obj, "source", at);
    if (!v) return {};
    std::string sat = at + "/source";
    citation c{string(*v, "doc", sat), string(*v, "section", sat)};
    if (!failed() && !imp.find_source(c.doc)) fail(sat + "/doc", "unknown source document " + c.doc);
    return c;
  }
};

const auto quantity = {measure_type::count, measure_type::amount};

void read_sources(reader& r, const json& doc, improvement_rules& imp) {
  const json& list = r.array(doc, "sources", "");
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = fmt::format("/sources/{}", i);
    source_doc s{r.string(list[i], "id", at), r.string(list[i], "file", at), r.bilingual(list[i], "title", at)};
    if (!r.failed() && imp.find_source(s.id)) return r.fail(at + "/id", "duplicate source " + s.id);
    imp.sources.push_back(std::move(s));
  }
}

void read_plans(reader& r, const json& doc, const rule_pack& pack, improvement_rules& imp) {
  const json* plans = r.member(doc, "plans", "");
  if (!plans) return;
  const std::string at = "/plans";
  if (auto v = r.number(*plans, "start_measuring", at, true, true)) imp.start_measuring = *v;
  if (auto v = r.number(*plans, "failure_ceiling", at, true, true)) imp.failure_ceiling = *v;
  const json& list = r.array(*plans, "effort", at);
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string eat = fmt::format("/plans/effort/{}", i);
    effort_rule e;
    e.indicator = r.indicator(list[i], "indicator", eat, pack);
    e.kind = r.choice<effort_kind>(list[i], "kind", eat,
                                   {{"failure_cut", effort_kind::failure_cut},
                                    {"relative_cut", effort_kind::relative_cut},
                                    {"per_unit", effort_kind::per_unit}});
    if (auto w = r.number(list[i], "weight", eat, true, true)) e.weight = *w;
    if (r.member(list[i], "resolution", eat, false)) e.resolution = r.number(list[i], "resolution", eat, true, true);
    if (r.member(list[i], "words", eat, false)) e.words = r.bilingual(list[i], "words", eat);
    if (r.member(list[i], "unreachable_from", eat, false)) {
      e.unreachable_from = r.number(list[i], "unreachable_from", eat);
      e.unreachable_reading = r.string(list[i], "unreachable_reading", eat);
    }
    if (r.failed()) return;
    if (imp.find_effort(e.indicator)) return r.fail(eat + "/indicator", "duplicate effort rule for " + e.indicator);
    const indicator_rule& rule = *pack.find_indicator(e.indicator);
    bool higher = rule.dir == direction::higher_is_better;
    if (e.unreachable_from) {
      // The label the report puts on such a target points at the reading that explains it.
      bool explained = false;
      for (const auto& rd : pack.readings)
        if (rd.id == e.unreachable_reading)
          for (const auto& id : rd.applies_to) explained = explained || id == e.indicator;
      if (!explained)
        return r.fail(eat + "/unreachable_reading",
                      "expected a reading of the pack that applies to " + e.indicator + ", got " + e.unreachable_reading);
    }
    if (e.kind == effort_kind::failure_cut && (!higher || rule.tiers_on_ratio || rule.unit != "percent"))
      return r.fail(eat + "/kind", "failure_cut fits only a higher-is-better percentage; " + e.indicator + " is not one");
    if (e.kind == effort_kind::relative_cut && higher)
      return r.fail(eat + "/kind", "relative_cut fits only a lower-is-better indicator; " + e.indicator + " is higher-is-better");
    if (!e.words.en.empty() || !e.words.zh.empty()) {
      if (e.kind != effort_kind::failure_cut)
        return r.fail(eat + "/words", "words describe a share of failures removed; " + e.indicator + " is not failure_cut");
      for (const auto* w : {&e.words.zh, &e.words.en})
        if (w->find("{share}") == std::string::npos)
          return r.fail(eat + "/words", "each language's words need a {share} slot");
    }
    // Every tier must have a target that reaches exactly that tier (a strict bound needs a
    // resolution to step inside it, and the step must not reach the next tier up).
    for (std::size_t t = 0; t < rule.tiers.size(); ++t) {
      auto target = tier_target(rule, static_cast<int>(t), e);
      if (!target)
        return r.fail(eat + "/resolution", fmt::format("tier {} of {} has a strict bound; give the smallest step of "
                                                       "its quantity as resolution", t, e.indicator));
      if (tier_reached(rule, *target) != static_cast<int>(t))
        return r.fail(eat + "/resolution", fmt::format("one resolution step inside tier {}'s bound of {} lands in another tier",
                                                       t, e.indicator));
      if (e.kind == effort_kind::failure_cut && *target >= imp.failure_ceiling && t + 1 < rule.tiers.size())
        return r.fail(eat + "/kind", fmt::format("tier {} of {} is at the failure ceiling", t, e.indicator));
    }
    imp.effort.push_back(e);
  }
  if (r.failed()) return;
  // One rule per indicator, in pack order, so that every candidate has a model.
  std::vector<effort_rule> ordered;
  for (const auto& ind : pack.indicators) {
    const effort_rule* e = imp.find_effort(ind.id);
    if (!e) return r.fail("/plans/effort", "no effort rule for indicator " + ind.id);
    ordered.push_back(*e);
  }
  imp.effort = std::move(ordered);
}

void read_practices(reader& r, const json& doc, const rule_pack& pack, improvement_rules& imp) {
  const json& list = r.array(doc, "practices", "");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = fmt::format("/practices/{}", i);
    practice p;
    p.id = r.string(list[i], "id", at);
    if (!r.failed() && !ids.insert(p.id).second) return r.fail(at + "/id", "duplicate practice " + p.id);
    const json& inds = r.array(list[i], "indicators", at);
    for (std::size_t k = 0; k < inds.size() && !r.failed(); ++k) {
      std::string iat = fmt::format("{}/indicators/{}", at, k);
      if (!inds[k].is_string()) return r.fail(iat, "expected an indicator id");
      std::string id = inds[k].get<std::string>();
      if (!pack.find_indicator(id)) return r.fail(iat, "unknown indicator " + id);
      p.indicators.push_back(id);
    }
    p.source = r.source(list[i], at, imp);
    p.body = r.bilingual(list[i], "text", at);
    imp.practices.push_back(std::move(p));
  }
}

void read_checks(reader& r, const json& doc, const rule_pack& pack, improvement_rules& imp) {
  const json& list = r.array(doc, "reference_checks", "");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string at = fmt::format("/reference_checks/{}", i);
    const json& c = list[i];
    reference_check_rule rule;
    rule.id = r.string(c, "id", at);
    if (!r.failed() && !ids.insert(rule.id).second) return r.fail(at + "/id", "duplicate reference check " + rule.id);
    rule.label = r.bilingual(c, "label", at);
    rule.source = r.source(c, at, imp);
    const json* in = r.member(c, "input", at);
    if (!in) return;
    std::string iat = at + "/input";
    rule.input = r.choice<check_input>(*in, "kind", iat,
                                       {{"indicator", check_input::indicator},
                                        {"ratio_percent", check_input::ratio_percent},
                                        {"mean", check_input::mean}});
    if (r.failed()) return;
    if (rule.input == check_input::indicator) {
      rule.indicator = r.indicator(*in, "indicator", iat, pack);
    } else {
      rule.numerator = r.measure(*in, rule.input == check_input::mean ? "total" : "numerator", iat, pack, quantity);
      rule.denominator = r.measure(*in, rule.input == check_input::mean ? "count" : "denominator", iat, pack, quantity);
    }
    rule.unit = r.string(c, "unit", at);
    if (!r.failed() && !pack.units.count(rule.unit)) return r.fail(at + "/unit", "unknown unit " + rule.unit);
    rule.op = r.choice<tier_op>(c, "op", at, {{">=", tier_op::ge}, {">", tier_op::gt}, {"<=", tier_op::le}, {"<", tier_op::lt}});
    if (auto b = r.number(c, "bound", at)) rule.bound = *b;
    if (r.member(c, "alt_bound", at, false)) rule.alt_bound = r.number(c, "alt_bound", at);
    rule.note = r.bilingual(c, "note", at);
    imp.checks.push_back(std::move(rule));
  }
}

recovery_share read_share(reader& r, const json& obj, const std::string& at, const rule_pack& pack) {
  recovery_share s;
  s.id = r.string(obj, "id", at);
  s.label = r.bilingual(obj, "label", at);
  s.parcels = r.measure(obj, "parcels", at, pack, {measure_type::count});
  if (r.member(obj, "freight", at, false)) s.freight = r.measure(obj, "freight", at, pack, {measure_type::amount});
  if (auto v = r.number(obj, "share_of_freight", at)) s.share = *v;
  if (!r.failed() && s.share > rational(1)) r.fail(at + "/share_of_freight", "a share of freight is at most 1");
  if (r.member(obj, "moved_by", at, false)) s.moved_by = r.indicator(obj, "moved_by", at, pack);
  if (r.member(obj, "max_hours", at, false)) {
    s.max_hours = r.number(obj, "max_hours", at, true, true);
    if (!r.failed() && s.max_hours && *s.max_hours > rational(1000000))
      r.fail(at + "/max_hours", "at most 1000000 hours");
    if (const json* inc = r.member(obj, "max_inclusive", at)) {
      if (!inc->is_boolean()) r.fail(at + "/max_inclusive", "expected true or false");
      else s.max_inclusive = inc->get<bool>();
    }
  }
  return s;
}

void read_recovery(reader& r, const json& doc, const rule_pack& pack, improvement_rules& imp) {
  const json* rec = r.member(doc, "recovery", "");
  if (!rec) return;
  const std::string at = "/recovery";
  recovery_rules& out = imp.recovery;
  out.source = r.source(*rec, at, imp);
  out.currency = r.string(*rec, "currency", at);
  const json& bands = r.array(*rec, "late", at);
  for (std::size_t i = 0; i < bands.size() && !r.failed(); ++i)
    out.late.push_back(read_share(r, bands[i], fmt::format("{}/late/{}", at, i), pack));
  for (std::size_t i = 0; i < out.late.size() && !r.failed(); ++i)
    if (out.late[i].max_hours.has_value() != (i + 1 < out.late.size()))
      r.fail(fmt::format("{}/late/{}/max_hours", at, i), "every delay band but the last needs max_hours; the last has none");
  for (std::size_t i = 1; i < out.late.size() && !r.failed(); ++i)
    if (out.late[i].max_hours && !(*out.late[i].max_hours > *out.late[i - 1].max_hours))
      r.fail(fmt::format("{}/late/{}/max_hours", at, i), "delay bands go from the shortest delay to the longest");
  for (std::size_t i = 1; i < out.late.size() && !r.failed(); ++i)
    if (out.late[i].share < out.late[i - 1].share)
      r.fail(fmt::format("{}/late/{}/share_of_freight", at, i), "delay bands go from the shortest delay to the longest; "
                                                                "a longer delay cannot be compensated less");
  if (const json* lag = r.member(*rec, "information_lag", at)) out.information_lag = read_share(r, *lag, at + "/information_lag", pack);
  const json* dl = r.member(*rec, "damage_loss", at);
  if (!dl) return;
  std::string dat = at + "/damage_loss";
  out.damaged = r.measure(*dl, "damaged", dat, pack, {measure_type::count});
  out.lost = r.measure(*dl, "lost", dat, pack, {measure_type::count});
  if (r.member(*dl, "freights", dat, false)) out.freights = r.measure(*dl, "freights", dat, pack, {measure_type::amounts});
  out.insured_parcels = r.measure(*dl, "insured_parcels", dat, pack, {measure_type::count});
  out.insured_value = r.measure(*dl, "insured_value", dat, pack, quantity);
  if (auto v = r.number(*dl, "insured_share", dat)) out.insured_share = *v;
  if (auto v = r.number(*dl, "uninsured_multiple_low", dat, true, true)) out.uninsured_multiple_low = *v;
  if (auto v = r.number(*dl, "uninsured_multiple_high", dat, true, true)) out.uninsured_multiple_high = *v;
  if (!r.failed() && out.uninsured_multiple_high < out.uninsured_multiple_low)
    return r.fail(dat + "/uninsured_multiple_high", "the high multiple is below the low one");
  if (auto v = r.number(*dl, "cap", dat, true, true)) out.cap = *v;
  if (r.member(*dl, "moved_by", dat, false)) out.damage_moved_by = r.indicator(*dl, "moved_by", dat, pack);
  out.average_freight = r.measure(*rec, "average_freight", at, pack, {measure_type::amount, measure_type::positive});
  if (const json* ex = r.member(*rec, "exchange", at)) {
    std::string eat = at + "/exchange";
    recovery_exchange& e = out.exchange;
    e.freight_currency = r.measure(*ex, "freight_currency", eat, pack, {measure_type::choice});
    e.default_currency = r.string(*ex, "default_currency", eat);
    e.rate = r.measure(*ex, "rate", eat, pack, {measure_type::positive});
    if (r.member(*ex, "older_rate", eat, false)) e.older_rate = r.measure(*ex, "older_rate", eat, pack, {measure_type::positive});
    if (r.failed()) return;
    const measure_rule* codes = pack.find_measure(e.freight_currency);
    auto allowed = [&](const std::string& code) {
      for (const auto& a : codes->allowed)
        if (a.id == code) return true;
      return false;
    };
    if (!allowed(e.default_currency))
      return r.fail(eat + "/default_currency", "not one of the currencies of " + e.freight_currency);
    if (!allowed(out.currency))
      return r.fail(at + "/currency", "the cap's currency must be one of the currencies of " + e.freight_currency);
    const json& rates = r.array(*ex, "reference_rates", eat);
    for (std::size_t i = 0; i < rates.size() && !r.failed(); ++i) {
      std::string rat = fmt::format("{}/reference_rates/{}", eat, i);
      reference_rate rr{r.string(rates[i], "currency", rat), rational(0), r.string(rates[i], "as_of", rat)};
      if (auto v = r.number(rates[i], "rate", rat)) rr.rate = *v;
      if (r.failed()) return;
      if (!allowed(rr.currency)) return r.fail(rat + "/currency", "not one of the currencies of " + e.freight_currency);
      if (rr.currency == out.currency) return r.fail(rat + "/currency", "the cap's own currency needs no rate");
      if (e.find(rr.currency)) return r.fail(rat + "/currency", "a second rate for " + rr.currency);
      if (!(rr.rate > rational(0))) return r.fail(rat + "/rate", "a rate is above 0");
      if (!parse_iso_date(rr.as_of)) return r.fail(rat + "/as_of", "expected a date YYYY-MM-DD");
      e.reference_rates.push_back(std::move(rr));
    }
  }
  if (r.failed()) return;
  // The share of a part the plan removes is the failure cut of the indicator that moves it.
  auto check_mover = [&](const std::string& id, const std::string& where) {
    if (id.empty() || r.failed()) return;
    const effort_rule* e = imp.find_effort(id);
    if (!e || e->kind != effort_kind::failure_cut)
      r.fail(where, id + " has no failure_cut effort rule, so a plan step on it removes no known share of these parcels");
  };
  for (std::size_t i = 0; i < out.late.size(); ++i) check_mover(out.late[i].moved_by, fmt::format("{}/late/{}/moved_by", at, i));
  check_mover(out.information_lag.moved_by, at + "/information_lag/moved_by");
  check_mover(out.damage_moved_by, dat + "/moved_by");
}

void read_uncertainty(reader& r, const json& doc, const rule_pack& pack, improvement_rules& imp) {
  const json* u = r.member(doc, "uncertainty", "");
  if (!u) return;
  const std::string at = "/uncertainty";
  if (auto v = r.number(*u, "z", at, true, true)) imp.uncertainty.z = *v;
  if (auto v = r.number(*u, "confidence_percent", at, true, true)) {
    if (!v->is_integer() || *v >= rational(100)) return r.fail(at + "/confidence_percent", "expected a whole percentage below 100");
    imp.uncertainty.confidence_percent = static_cast<int>(v->to_double());
  }
  if (auto v = r.number(*u, "small_sample", at)) imp.uncertainty.small_sample = *v;
  // The outlook's draws: enough for whole percents, few enough to score on every edit.
  if (auto v = r.number(*u, "outlook_draws", at, true, true)) {
    if (!v->is_integer() || *v > rational(100000)) return r.fail(at + "/outlook_draws", "expected a whole number from 1 to 100000");
    imp.uncertainty.outlook_draws = static_cast<int>(v->to_double());
  }
  if (auto v = r.number(*u, "outlook_seed", at)) {
    if (!v->is_integer() || *v > rational(std::int64_t{1} << 53)) return r.fail(at + "/outlook_seed", "expected a whole number from 0 to 2^53");
    imp.uncertainty.outlook_seed = static_cast<std::uint64_t>(v->to_double());
  }
  const json& list = r.array(*u, "complete_counts", at, true);
  for (std::size_t i = 0; i < list.size() && !r.failed(); ++i) {
    std::string iat = fmt::format("{}/complete_counts/{}", at, i);
    if (!list[i].is_string()) return r.fail(iat, "expected an indicator id");
    std::string id = list[i].get<std::string>();
    if (!pack.find_indicator(id)) return r.fail(iat, "unknown indicator " + id);
    imp.uncertainty.complete_counts.push_back(id);
  }
}

}  // namespace

const source_doc* improvement_rules::find_source(const std::string& id) const {
  for (const auto& s : sources)
    if (s.id == id) return &s;
  return nullptr;
}

const effort_rule* improvement_rules::find_effort(const std::string& indicator) const {
  for (const auto& e : effort)
    if (e.indicator == indicator) return &e;
  return nullptr;
}

const improvement_rules& improvement_of(const rule_pack& pack) { return *pack.improvement; }

std::optional<input_error> load_improvement(const json& doc, rule_pack& pack) {
  reader r;
  auto imp = std::make_shared<improvement_rules>();
  read_sources(r, doc, *imp);
  read_plans(r, doc, pack, *imp);
  read_practices(r, doc, pack, *imp);
  read_checks(r, doc, pack, *imp);
  read_recovery(r, doc, pack, *imp);
  read_uncertainty(r, doc, pack, *imp);
  if (r.failed()) return r.error();
  pack.improvement = std::move(imp);
  return std::nullopt;
}

std::string cite(const citation& c) { return c.doc + " " + c.section; }

std::string_view to_string(effort_kind k) {
  switch (k) {
    case effort_kind::failure_cut: return "failure_cut";
    case effort_kind::relative_cut: return "relative_cut";
    case effort_kind::per_unit: return "per_unit";
  }
  return "";
}

}  // namespace starsheet
