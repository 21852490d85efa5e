// The report sections of "advice that pays": plans, practices, reference checks, recovery
// exposure and sample-size notes, as JSON members and as readable text (report.cpp calls these).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "outlook.h"
#include "plans.h"
#include "practices.h"
#include "recovery.h"
#include "reference_checks.h"
#include "scoring.h"
#include "uncertainty.h"

namespace starsheet {

/// Everything the sections show, computed once from an assessment.
struct improvement {
  plans goals;
  std::vector<practice_advice> practices;
  std::vector<check_result> checks;
  recovery_estimate recovery;
  starsheet::uncertainty uncertainty;
  starsheet::outlook outlook;
};

/// Computes the sections' content (the assessment must outlive it).
improvement improve(const assessment& a);

/// Checks between the period's recovery measures and the rest of the period (see
/// check_recovery_input); the front door rejects such a period like any other bad input.
std::optional<input_error> check_improvement_inputs(const assessment& a);

/// What a step asks, in the pack's words ("about 1 in 3 late orders must become on time"), never
/// as the bare effort index.
std::string effort_words(const plan_step& step, const rule_pack& pack, lang language);

/// Adds "plans", "practices", "reference_checks", "recovery", "uncertainty" and "outlook" to a report.
void append_improvement_json(nlohmann::ordered_json& report, const assessment& a, const improvement& imp,
                             lang language);

/// The same sections as text, each ending with a blank line.
std::string improvement_text(const assessment& a, const improvement& imp, lang language);

}  // namespace starsheet
