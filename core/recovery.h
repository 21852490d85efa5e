// Service-recovery exposure: what the period's failures would cost under the tiered
// compensation scheme of the service-recovery study (late deliveries by delay band, damaged and
// lost parcels, stalled tracking), and how much of it the next-star plan would remove. All
// shares, multiples and the cap are rule-pack parameters (improvement_rules.h).
#pragma once

#include <optional>
#include <vector>

#include "exact.h"
#include "import.h"
#include "improvement_rules.h"
#include "period.h"
#include "plans.h"
#include "result.h"

namespace starsheet {

/// What the estimate needs. A period file gives counts and an average freight under
/// /measures/recovery/…; the record importer derives the delay-band counts, the damaged and
/// lost counts and, when the rows carry freight, each part's freight.
struct recovery_input {
  struct part {
    std::optional<rational> parcels;
    std::optional<rational> freight_total;  ///< sum of these parcels' freight, when known
  };
  std::vector<part> late;  ///< one per delay band of the pack, shortest delay first
  part information_lag;
  std::optional<rational> damaged, lost;
  std::optional<rational> insured_parcels;  ///< of the damaged and lost ones
  std::optional<rational> insured_value;    ///< their insured value, paid at the pack's insured share
  /// Freight of each damaged or lost parcel, when known: the per-parcel cap then applies
  /// parcel by parcel instead of to the average.
  std::optional<std::vector<rational>> damaged_lost_freights;
  std::optional<rational> average_freight;
  std::optional<std::string> freight_currency;  ///< a currency code of the pack (its default if absent)
  std::optional<rational> rate;                 ///< freight currency per unit of the cap's currency, as given
};

/// Where the rate that converts the cap into the freight currency came from.
enum class rate_source {
  same_currency,  ///< freight is in the cap's currency: no conversion
  given,          ///< the period's rate
  reference,      ///< the pack's reference rate for the freight currency
  none            ///< no rate: the cap cannot be converted
};

enum class recovery_part_kind { late, information_lag, uninsured, insured };

struct recovery_part {
  recovery_part_kind kind = recovery_part_kind::late;
  const recovery_share* rule = nullptr;  ///< late and information_lag
  rational parcels;
  bool priced = false;                   ///< an amount could be computed
  std::vector<std::string> needs;        ///< unpriced: the measures that would price it
  bool own_freight = false;              ///< priced on these parcels' own freight, not the average
  rational freight;                      ///< late, information_lag: the freight the share applies to
  rational low, high;                    ///< compensation, freight currency (equal unless a multiple range applies)
  const plan_step* step = nullptr;       ///< the plan step that removes part of it
  rational removed_low, removed_high;
};

struct recovery_estimate {
  bool measured = false;  ///< some recovery count was given
  bool priced = false;    ///< every measured part has an amount
  /// Some part with parcels (or an insured value) has an amount: low and high are worth showing.
  /// Otherwise their 0 would read as "no exposure" while nothing was priced.
  bool total_known = false;
  std::vector<recovery_part> parts;
  rational low, high;                  ///< sums over priced parts
  rational removed_low, removed_high;  ///< by the plan
  std::optional<rational> average_freight;
  std::string currency;                    ///< the freight currency code
  rate_source rate_from = rate_source::none;
  std::optional<rational> rate;            ///< freight currency per unit of the cap's currency
  const reference_rate* reference = nullptr;  ///< rate_from == reference: the pack's rate and its date
  std::optional<rational> cap_in_freight;  ///< per-parcel cap converted to the freight currency, if a rate is known
};

/// What the shipment importer derives for the estimate: the pack's delay bands (their edges
/// as the longest delay in whole microseconds each band holds) and measure pointers.
recovery_targets recovery_targets_of(const rule_pack& pack);

/// The recovery input held by a period's /measures/recovery/… measures.
recovery_input recovery_input_from(const period_data& period, const rule_pack& pack);

/// Contradictions between recovery measures and the period (more insured than damaged and lost
/// parcels, more late parcels than orders, more damaged and lost than goods, a freight list
/// whose length is not the number of damaged and lost parcels, freight for parcels not
/// counted), naming the measure.
std::optional<input_error> check_recovery_input(const period_data& period, const rule_pack& pack);

/// Prices the input; an uninsured parcel earns between the pack's low and high multiple of
/// its freight, capped per parcel. When the freights are listed parcel by parcel but some of
/// the parcels are insured, which ones is not known: the low end takes the cheapest parcels as
/// the uninsured ones, the high end the dearest. `plan` (the next-star plan, may be null) removes the share of each part
/// that its step on the part's indicator removes of that indicator's failures.
recovery_estimate estimate_recovery(const recovery_input& in, const rule_pack& pack, const plan* p);

}  // namespace starsheet
