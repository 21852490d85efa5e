#include "practices.h"

#include <algorithm>

namespace starsheet {

std::vector<practice_advice> practices_for(const assessment& a, const plan* next_star_plan) {
  std::vector<practice_advice> out;
  auto improvable = [](const indicator_result& ir) {
    return ir.status == indicator_status::missing ||
           (ir.status == indicator_status::scored && ir.half_points < ir.max_half);
  };
  for (const auto& pr : improvement_of(*a.pack).practices) {
    practice_advice adv;
    adv.item = &pr;
    for (const auto& ir : a.indicators) {
      if (std::find(pr.indicators.begin(), pr.indicators.end(), ir.rule->id) == pr.indicators.end()) continue;
      if (!improvable(ir)) continue;
      adv.moves.push_back(&ir);
      if (next_star_plan)
        for (const auto& s : next_star_plan->steps) adv.in_plan = adv.in_plan || s.indicator == &ir;
    }
    if (adv.moves.empty()) continue;
    for (const auto& cat : a.pack->categories)
      for (const auto* ir : adv.moves)
        if (ir->rule->category == cat.id) {
          adv.categories.push_back(&cat);
          break;
        }
    out.push_back(std::move(adv));
  }
  return out;
}

}  // namespace starsheet
