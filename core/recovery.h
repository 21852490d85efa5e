// Service-recovery exposure: what the period's failures would cost under the tiered
// compensation scheme of the service-recovery study (late deliveries by delay band, damaged and
// lost parcels, stalled tracking), and how much of it the next-star plan would remove. All
// shares, multiples and the cap are rule-pack parameters (improvement_rules.h).
#pragma once

#include <optional>
#include <vector>

#include "exact.h"
#include "improvement_rules.h"
#include "period.h"
#include "plans.h"
#include "result.h"

namespace starsheet {

/// What the estimate needs. A period file gives counts and an average freight under
/// /measures/recovery/…; the record importer can fill the rest from shipment rows.
struct recovery_input {
  struct part {
    std::optional<rational> parcels;
    std::optional<rational> freight_total;  ///< sum of these parcels' freight, when rows carry freight
  };
  std::vector<part> late;  ///< one per delay band of the pack, shortest delay first
  part information_lag;
  std::optional<rational> damaged, lost;
  std::optional<rational> insured_parcels;  ///< of the damaged and lost ones
  std::optional<rational> insured_value;    ///< their insured value, paid at the pack's insured share
  /// Freight of each uninsured damaged or lost parcel, when rows carry freight: the per-parcel
  /// cap then applies parcel by parcel instead of to the average.
  std::vector<rational> uninsured_freights;
  std::optional<rational> average_freight;
  std::optional<rational> freight_per_cap_unit;  ///< freight currency per unit of the cap's currency (1 if absent)
};

enum class recovery_part_kind { late, information_lag, uninsured, insured };

struct recovery_part {
  recovery_part_kind kind = recovery_part_kind::late;
  const recovery_share* rule = nullptr;  ///< late and information_lag
  rational parcels;
  bool priced = false;                   ///< an amount could be computed
  rational low, high;                    ///< compensation, freight currency (equal unless a multiple range applies)
  const plan_step* step = nullptr;       ///< the plan step that removes part of it
  rational removed_low, removed_high;
};

struct recovery_estimate {
  bool measured = false;  ///< some recovery count was given
  bool priced = false;    ///< every measured part has an amount
  std::vector<recovery_part> parts;
  rational low, high;                  ///< sums over priced parts
  rational removed_low, removed_high;  ///< by the plan
  std::optional<rational> average_freight;
  rational cap_in_freight;             ///< per-parcel cap converted to the freight currency
};

/// The recovery input held by a period's /measures/recovery/… measures.
recovery_input recovery_input_from(const period_data& period, const rule_pack& pack);

/// Contradictions between recovery measures and the period (more insured than damaged and lost
/// parcels, more late parcels than orders, more damaged and lost than goods), naming the measure.
std::optional<input_error> check_recovery_input(const period_data& period, const rule_pack& pack);

/// Prices the input; `plan` (the next-star plan, may be null) removes the share of each part
/// that its step on the part's indicator removes of that indicator's failures.
recovery_estimate estimate_recovery(const recovery_input& in, const rule_pack& pack, const plan* p);

}  // namespace starsheet
