// Practice-level advice: the rule pack's concrete measures (each naming the indicators it moves
// and its source), selected for the indicators of a period that can still gain points.
#pragma once

#include <vector>

#include "improvement_rules.h"
#include "plans.h"
#include "scoring.h"

namespace starsheet {

struct practice_advice {
  const practice* item = nullptr;
  std::vector<const indicator_result*> moves;   ///< indicators it moves that can still gain (pack order)
  std::vector<const category_rule*> categories; ///< their categories (pack order)
  bool in_plan = false;                         ///< moves an indicator of the best next-star plan
};

/// The practices that move at least one indicator below its maximum or missing, in pack order.
std::vector<practice_advice> practices_for(const assessment& a, const plan* next_star_plan);

}  // namespace starsheet
