// Reference checks: benchmarks from the source documents (parcel loss rate, door-to-door
// on-time rate, complaint and response times), computed from the period where the data allow
// and reported beside the Appendix A score, never inside it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exact.h"
#include "improvement_rules.h"
#include "scoring.h"

namespace starsheet {

enum class check_status { met, not_met, not_measured, no_events };

struct check_result {
  const reference_check_rule* rule = nullptr;
  check_status status = check_status::not_measured;
  std::optional<rational> value;        ///< in the check's unit
  std::optional<bool> meets_alt;        ///< under the rule's second reading, if it has one
  std::vector<std::string> absent;      ///< inputs not given (not measured)
};

/// Runs every reference check of the pack against an assessed period.
std::vector<check_result> run_reference_checks(const assessment& a);

std::string_view to_string(check_status s);

}  // namespace starsheet
