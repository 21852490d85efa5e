#include "starsheet.h"

#include "advice.h"
#include "improvement_report.h"
#include "json_text.h"
#include "period.h"
#include "report.h"
#include "scoring.h"

namespace starsheet {

result<std::string> score_period(std::string_view period_json, const rule_pack& pack, report_format format,
                                 lang language) {
  auto period = parse_period(period_json, pack);
  if (!period) return period.error();
  auto scored = assess(*period, pack);
  if (!scored) return scored.error();
  if (auto err = check_improvement_inputs(*scored)) return *err;
  advice adv = first_advice(*scored);
  if (format == report_format::json) return dump_json(report_json(*scored, adv, language));
  return report_text(*scored, adv, language);
}

std::string describe(const input_error& e) { return e.where.empty() ? e.message : e.where + ": " + e.message; }

}  // namespace starsheet
