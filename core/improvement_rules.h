// The rule pack's improvement sections: the effort model behind plans, practice-level advice,
// reference checks beside the score, the service-recovery compensation scheme and the
// sample-size parameters. They live in rules/appendix-a.json under the top-level keys
// "sources", "plans", "practices", "reference_checks", "recovery" and "uncertainty".
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exact.h"
#include "result.h"
#include "rules.h"

namespace starsheet {

/// A source document the advice is drawn from (shared/seeds).
struct source_doc {
  std::string id;    ///< short id used in citations, e.g. "004"
  std::string file;  ///< file name of the capture
  text title;
};

/// Where a piece of advice or a benchmark comes from: document id and section.
struct citation {
  std::string doc, section;  ///< section as cited: "§7.8.2", "¶2"
};

/// How the effort of raising an indicator from one value to another is counted.
enum class effort_kind {
  failure_cut,   ///< higher-is-better rate: weight × share of the remaining failures removed
  relative_cut,  ///< lower-is-better quantity: weight × share of the current value removed
  per_unit,      ///< weight × distance in the scored quantity's unit (counts, levels, sets, points of reduction)
};

struct effort_rule {
  std::string indicator;
  effort_kind kind = effort_kind::per_unit;
  rational weight;
  /// Smallest step of the scored quantity; a strict tier's target is one step inside its bound.
  std::optional<rational> resolution;
  /// failure_cut only: what removing a share of the failures asks of this indicator, with a
  /// "{share}" slot ("{share} late orders must become on time"); empty: the pack's generic words.
  text words;
  /// Targets at or beyond this value of the scored quantity (at least it for higher-is-better,
  /// at most it for lower-is-better) are unreachable in practice, for a period not there already.
  std::optional<rational> unreachable_from;
  std::string unreachable_reading;  ///< the reading of the pack that says why
};

struct practice {
  std::string id;
  std::vector<std::string> indicators;  ///< the indicators it moves
  citation source;
  text body;
};

enum class check_input { indicator, ratio_percent, mean };

/// A benchmark from a source document, checked beside (never inside) the Appendix A score.
struct reference_check_rule {
  std::string id;
  text label;
  citation source;
  check_input input = check_input::indicator;
  std::string indicator;               ///< input == indicator: its computed value
  std::string numerator, denominator;  ///< ratio_percent; for mean: total and count
  std::string unit;                    ///< a unit of the pack
  tier_op op = tier_op::ge;
  rational bound;
  std::optional<rational> alt_bound;   ///< a second reading of the same benchmark, if the source is ambiguous
  text note;
};

/// One part of the compensation scheme priced as a share of freight per parcel.
struct recovery_share {
  std::string id;
  text label;
  std::string parcels;   ///< measure pointer: parcels in this part
  std::string freight;   ///< measure pointer: their freight in total (optional; else the average freight)
  rational share;        ///< of the parcel's freight
  std::string moved_by;  ///< indicator whose failures these parcels are, or empty
  /// Delay bands: the band's upper edge in hours (absent for the last band) and whether a
  /// delay of exactly that many hours still belongs to it; for the record importer.
  std::optional<rational> max_hours;
  bool max_inclusive = false;
};

/// A rate the pack carries for converting the cap: 1 cap unit = `rate` of `currency`, as fixed
/// on `as_of` (YYYY-MM-DD). Used when the period gives no rate of its own.
struct reference_rate {
  std::string currency;
  rational rate;
  std::string as_of;
};

/// The currency of freight and how the cap is converted into it.
struct recovery_exchange {
  std::string freight_currency;  ///< measure pointer (a choice of currency codes)
  std::string default_currency;  ///< when the period names none, e.g. "CNY"
  std::string rate;              ///< measure pointer: freight currency per cap unit
  std::string older_rate;        ///< measure pointer: an older name of the rate, read when `rate` is absent
  std::vector<reference_rate> reference_rates;
  const reference_rate* find(const std::string& currency) const {
    for (const auto& r : reference_rates)
      if (r.currency == currency) return &r;
    return nullptr;
  }
};

struct recovery_rules {
  citation source;
  std::string currency;                  ///< the currency of the cap, e.g. "USD"
  std::vector<recovery_share> late;      ///< delay bands, shortest delay first
  recovery_share information_lag;
  std::string damaged, lost;             ///< measure pointers: damaged and lost parcels
  std::string freights;                  ///< measure pointer: the freight of each of them (a list)
  std::string insured_parcels, insured_value;
  std::string average_freight;
  recovery_exchange exchange;
  rational uninsured_multiple_low, uninsured_multiple_high;  ///< × freight for an uninsured parcel
  rational cap;                          ///< per uninsured parcel, in `currency`
  rational insured_share;                ///< of the insured value
  std::string damage_moved_by;           ///< indicator whose failures damaged and lost parcels are
};

struct uncertainty_rules {
  rational z;                  ///< normal quantile of the interval (1.96 for 95 %)
  int confidence_percent = 95;
  rational small_sample;       ///< denominators below this are called too small to read as a rate
  std::vector<std::string> complete_counts;  ///< rates over a complete list, not a sample: no interval
  int outlook_draws = 0;              ///< Monte Carlo draws of the next-period outlook
  std::uint64_t outlook_seed = 0;     ///< its generator's seed (the same draws for the same period)
};

/// The improvement sections of a validated pack.
struct improvement_rules {
  std::vector<source_doc> sources;
  rational start_measuring;    ///< effort of starting to measure a missing indicator
  rational failure_ceiling;    ///< a failure_cut rate's value with no failures left (100 %)
  std::vector<effort_rule> effort;  ///< one per indicator, in the pack's indicator order
  std::vector<practice> practices;
  std::vector<reference_check_rule> checks;
  recovery_rules recovery;
  uncertainty_rules uncertainty;

  const source_doc* find_source(const std::string& id) const;
  const effort_rule* find_effort(const std::string& indicator) const;
};

/// The improvement sections of a pack loaded by load_rules (always present there).
const improvement_rules& improvement_of(const rule_pack& pack);

/// Reads and validates the improvement sections of a rules document whose other sections are
/// already in `pack` (the loader calls it last). Errors point into the document
/// ("/practices/3/indicators/1: unknown indicator on_time").
std::optional<input_error> load_improvement(const nlohmann::ordered_json& doc, rule_pack& pack);

/// "004 §7.8.2", "000 ¶2"
std::string cite(const citation& c);

std::string_view to_string(effort_kind k);

}  // namespace starsheet
