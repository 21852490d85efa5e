#include "starsheet.h"

#include "evaluate.h"

namespace starsheet {

result<std::string> score_period(std::string_view period_json, const rule_pack& pack, report_format format,
                                 lang language) {
  auto model = evaluate(period_json, {}, pack, nullptr);
  if (!model) return model.error();
  return render(*model, format, language);
}

std::string describe(const input_error& e) { return e.where.empty() ? e.message : e.where + ": " + e.message; }

}  // namespace starsheet
