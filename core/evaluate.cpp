#include "evaluate.h"

#include "json_text.h"
#include "report.h"

namespace starsheet {

result<report_model> evaluate(period_data period, std::vector<imported_file> files, const rule_pack& pack,
                              const import_rules* rules) {
  // The period as given, for re-scoring the files' data-quality findings.
  std::optional<period_data> given;
  if (!files.empty()) {
    if (!rules) return input_error{"", "record files need the import rules they were read with"};
    for (const auto& f : files)
      if (!f.summary.quality.empty() && !given) given = period;
    merge_files(period, files, *rules);
  }
  report_model m;
  // On the heap, so that the pointers into it survive moving the model.
  m.period = std::make_unique<const period_data>(std::move(period));
  auto scored = assess(*m.period, pack);
  if (!scored) return scored.error();
  if (auto err = check_improvement_inputs(*scored)) return *err;
  m.scored = std::move(*scored);
  m.sections = improve(m.scored);
  m.list = advise(m.scored, m.sections.goals);  // the plan's steps lead the list
  m.files = std::move(files);
  m.import = m.files.empty() ? nullptr : rules;
  if (m.import) m.drill = compute_drilldown(m.files, m.scored, *m.import);
  if (m.import && given) m.quality = compute_data_quality(*given, m.files, m.scored, *m.import);
  return result<report_model>(std::move(m));
}

result<report_model> evaluate(std::string_view period_json, std::vector<imported_file> files, const rule_pack& pack,
                              const import_rules* rules) {
  auto period = parse_period(period_json, pack);
  if (!period) return period.error();
  return evaluate(std::move(*period), std::move(files), pack, rules);
}

nlohmann::ordered_json report_document(const report_model& m, lang l) {
  auto j = report_json(m.scored, m.list, m.sections, l);
  if (!m.files.empty()) {
    j["records"] = records_json(m.files, *m.import, *m.scored.pack, l);
    j["drilldown"] = drilldown_json(m.drill, *m.import, l);
    j["drilldown_top"] = drilldown_top_json(m.drill, *m.import, l);
    j["data_quality"] = data_quality_json(m.quality, m.files, *m.import, l);
  }
  return j;
}

std::string render_json(const report_model& m, lang l) { return dump_json(report_document(m, l)); }

std::string render_text(const report_model& m, lang l) {
  std::string out = report_text(m.scored, m.list, m.sections, l);
  if (!m.files.empty()) {
    out += "\n" + records_text(m.files, *m.import, *m.scored.pack, l);
    if (std::string drill = drilldown_text(m.drill, *m.import, l); !drill.empty()) out += "\n" + drill;
    if (std::string quality = data_quality_text(m.quality, m.files, *m.import, l); !quality.empty()) out += "\n" + quality;
  }
  return out;
}

std::string render(const report_model& m, report_format format, lang l) {
  return format == report_format::json ? render_json(m, l) : render_text(m, l);
}

}  // namespace starsheet
