// A `starsheet-period/1` document: one period of a carrier's measures, validated against the
// measure catalogue of the rule pack.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exact.h"
#include "result.h"
#include "rules.h"

namespace starsheet {

struct period_info {
  std::string kind, start, end;  // kind from the pack's period kinds; dates YYYY-MM-DD
};

/// One measure's value and where it came from ("period", or a record kind such as "shipments").
struct measure_value {
  rational number;                 // every type but set
  std::vector<std::string> items;  // set; choice (the one id chosen)
  std::vector<rational> numbers;   // amounts
  std::string source = "period";
};

struct period_data {
  std::string provider;
  std::optional<period_info> period;
  std::map<std::string, measure_value> measures;  // by JSON pointer
  std::vector<std::string> ignored;               // pointers of members no rule knows
  /// What-if values by indicator id: scored in place of the computed value (for indicators
  /// scored on a ratio to a benchmark, the ratio). Lets the page and consultants ask "what if
  /// on-time were 99 %?" without inventing counts.
  std::map<std::string, rational> what_if;
};

/// Parses and type-checks a period document. Checks between measures (a numerator above its
/// denominator) belong to scoring, after record-derived measures are merged in.
result<period_data> parse_period(std::string_view json_text, const rule_pack& pack);

/// Days since 1970-01-01 for a valid "YYYY-MM-DD", else nullopt.
std::optional<long> parse_iso_date(std::string_view text);

}  // namespace starsheet
