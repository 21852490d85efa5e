#include "data_quality.h"

#include "messages.h"
#include "report.h"

namespace starsheet {

namespace {

struct writer {
  const import_rules& rules;
  lang l;

  const std::string& msg(const std::string& key) const { return rules.message(key).in(l); }

  std::string label(const quality_finding& q) const {
    std::string percent = q.of ? format_number(rational(static_cast<std::int64_t>(q.rows)) * rational(100) /
                                                   rational(static_cast<std::int64_t>(q.of)),
                                               1) + "%"
                               : "";
    return fill(msg("quality_" + q.id), {{"days", std::to_string(rules.quality_outside_days)},
                                         {"max_days", std::to_string(rules.implausible_transit_days)},
                                         {"percent", percent}});
  }
  std::string line(const quality_finding& q) const {
    std::string rows;
    for (std::size_t i = 0; i < q.first_rows.size(); ++i) rows += (i ? msg("quality_sep") : "") + std::to_string(q.first_rows[i]);
    return fill(msg("quality_line"), {{"finding", label(q)}, {"rows", grouped(std::to_string(q.rows))}, {"first_rows", rows}});
  }
  std::string score(const quality_finding& q, const quality_effect& e, bool rescored) const {
    if (!rescored)
      return fill(msg("quality_not_rescored"), {{"ids", grouped(std::to_string(rules.quality_duplicate_ids))},
                                                {"max", grouped(std::to_string(rules.quality_pending_max))}});
    return fill(msg(q.of ? "quality_as_dates" : "quality_without"),
                {{"total", half_text(e.without_half)}, {"stars", std::to_string(e.without_star->stars) + "★"}});
  }
  // What the rows do to the score: with − without.
  std::string effect(const quality_effect& e, bool rescored) const {
    if (!rescored) return "";
    int d = e.with_half - e.without_half;
    if (d == 0) return msg("quality_no_effect");
    return fill(msg(d < 0 ? "quality_costs" : "quality_flatters"), {{"points", half_text(d < 0 ? -d : d)}});
  }
};

// Re-scored: the finding could be, and its period scored (see compute_data_quality).
bool rescored(const quality_finding& q, const quality_effect& e) { return q.rescored && e.without_star; }

const char* effect_id(const quality_effect& e, bool rescored) {
  if (!rescored) return "unknown";
  return e.with_half < e.without_half ? "costs" : e.with_half > e.without_half ? "flatters" : "none";
}

}  // namespace

std::vector<quality_effect> compute_data_quality(const period_data& period, const std::vector<imported_file>& files,
                                                 const assessment& scored, const import_rules& rules) {
  std::vector<quality_effect> out;
  // The files' measures alone: merging needs nothing else, and the rows kept for the to-do
  // list would be copied for nothing.
  std::vector<imported_file> light(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    light[i].summary.kind = files[i].summary.kind;
    light[i].summary.measures = files[i].summary.measures;
    light[i].summary.lists = files[i].summary.lists;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& quality = files[i].summary.quality;
    for (std::size_t k = 0; k < quality.size(); ++k) {
      const quality_finding& q = quality[k];
      quality_effect e;
      e.file = i;
      e.finding = k;
      e.with_half = scored.actual_total_half;
      e.with_star = scored.actual_star;
      if (q.rescored) {
        std::vector<imported_file> other = light;
        other[i].summary.measures = q.measures;
        other[i].summary.lists = q.lists;
        period_data p = period;
        merge_files(p, other, rules);
        auto r = assess(p, *scored.pack);
        // A re-scored period that contradicts itself cannot be: its measures are the file's
        // own counts with rows taken away. Should it happen, the finding is shown unscored.
        if (r) {
          e.without_half = r->actual_total_half;
          e.without_star = r->actual_star;
        }
      }
      out.push_back(e);
    }
  }
  return out;
}

nlohmann::ordered_json data_quality_json(const std::vector<quality_effect>& effects,
                                         const std::vector<imported_file>& files, const import_rules& rules,
                                         lang language) {
  writer w{rules, language};
  auto out = nlohmann::ordered_json::array();
  for (const auto& e : effects) {
    const quality_finding& q = files[e.file].summary.quality[e.finding];
    bool rescored = starsheet::rescored(q, e);
    nlohmann::ordered_json j;
    j["file"] = files[e.file].name;
    j["kind"] = std::string(to_string(files[e.file].summary.kind));
    j["finding"] = q.id;
    j["label"] = w.label(q);
    j["rows"] = q.rows;
    if (q.of) j["of"] = q.of;
    j["first_rows"] = q.first_rows;
    j["reading"] = q.of ? "as_dates" : "without_rows";
    j["rescored"] = rescored;
    j["total_with"] = points_json(e.with_half);
    j["stars_with"] = e.with_star->stars;
    if (rescored) {
      j["total_without"] = points_json(e.without_half);
      j["stars_without"] = e.without_star->stars;
      j["points"] = points_json(e.with_half - e.without_half);
    }
    j["effect"] = effect_id(e, rescored);
    j["text"] = w.line(q);
    j["score_text"] = w.score(q, e, rescored);
    j["effect_text"] = w.effect(e, rescored);
    out.push_back(std::move(j));
  }
  return out;
}

std::string data_quality_text(const std::vector<quality_effect>& effects, const std::vector<imported_file>& files,
                              const import_rules& rules, lang language) {
  if (effects.empty()) return "";
  writer w{rules, language};
  std::string out = w.msg("heading_quality") + "\n";
  for (const auto& e : effects) {
    const quality_finding& q = files[e.file].summary.quality[e.finding];
    bool rescored = starsheet::rescored(q, e);
    std::string file = files.size() > 1 ? fill(w.msg("quality_file"), {{"file", files[e.file].name}}) : "";
    out += "  " + file + w.line(q) + "\n";
    std::string effect = w.effect(e, rescored);
    out += "    " + w.score(q, e, rescored) + (effect.empty() ? "" : " — " + effect) + "\n";
  }
  return out;
}

}  // namespace starsheet
