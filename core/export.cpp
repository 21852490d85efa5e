#include "export.h"

#include <string>
#include <vector>

#include "evaluate.h"
#include "report.h"
#include "xlsx_writer.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

// --- reading the document: never throws (the wasm build has no exceptions) -----------------

const json& null_json() {
  static const json n;
  return n;
}

const json& at(const json& o, const char* key) {
  if (!o.is_object()) return null_json();
  auto it = o.find(key);
  return it == o.end() ? null_json() : *it;
}

std::string str(const json& v) { return v.is_string() ? v.get_ref<const std::string&>() : std::string(); }

// A number of the document as it is written there ("79", "3.5"); points are kept in halves, so
// this is the value itself, not a rounding of it.
std::string num(const json& v) { return v.is_number() ? v.dump() : std::string(); }

const json& list(const json& v) {
  static const json empty = json::array();
  return v.is_array() ? v : empty;
}

// --- what every export shows ---------------------------------------------------------------

struct reader {
  const json& rep;
  const rule_pack& pack;
  lang l;
  const import_rules* words;  // the headings of the sections from record files; null: no such sections

  // Where the points are lost (the segments whose fix pays most) and what the data quality does
  // to the score: the report's own lines, under the import rules' headings.
  struct section {
    std::string heading;
    std::vector<std::pair<std::string, std::string>> lines;  // a line and its detail ("" for none)
  };
  std::vector<section> record_sections() const {
    std::vector<section> out;
    if (!words) return out;
    section top{words->message("heading_drilldown").in(l), {}};
    for (const auto& t : list(at(rep, "drilldown_top"))) top.lines.emplace_back(str(at(t, "text")), "");
    if (!top.lines.empty()) out.push_back(std::move(top));
    section quality{words->message("heading_quality").in(l), {}};
    for (const auto& q : list(at(rep, "data_quality"))) {
      std::string effect = str(at(q, "effect_text"));
      // The finding, then the score without its rows and what that means (as the text report).
      quality.lines.emplace_back(str(at(q, "text")), str(at(q, "score_text")) + (effect.empty() ? "" : " — " + effect));
    }
    if (!quality.lines.empty()) out.push_back(std::move(quality));
    return out;
  }

  std::string msg(const char* key) const {
    auto it = pack.messages.find(key);
    return it == pack.messages.end() ? std::string() : it->second.in(l);
  }

  bool assumed() const { return at(rep, "what_if_banner").is_string(); }

  // The what-if banner with the actual result after it, or empty for an actual result.
  std::string what_if_line() const {
    if (!assumed()) return {};
    std::string out = str(at(rep, "what_if_banner"));
    std::string actual = str(at(at(rep, "actual"), "text"));
    return actual.empty() ? out : out + " " + actual;
  }

  // Text from the data: controls and bidirectional formatting shown as escapes.
  static std::string data(const std::string& s) { return visible_controls(s, true); }

  std::string provider() const { return data(str(at(rep, "provider"))); }

  std::string period() const {
    const json& p = at(rep, "period");
    if (!p.is_object()) return {};
    std::string kind = str(at(p, "label"));
    if (kind.empty()) kind = str(at(p, "kind"));
    return fill(msg("period_range"), {{"kind", data(kind)}, {"start", data(str(at(p, "start")))},
                                      {"end", data(str(at(p, "end")))}});
  }

  std::string rules() const {
    const json& r = at(rep, "rules");
    return data(str(at(r, "id"))) + " " + data(str(at(r, "version")));
  }

  std::string total_label() const { return msg("export_total") + (assumed() ? msg("export_assumed") : std::string()); }
  std::string star_label() const { return msg("export_star_level") + (assumed() ? msg("export_assumed") : std::string()); }
  std::string star_value() const {
    return fill(msg("export_star_value"), {{"stars", num(at(rep, "stars"))}, {"label", str(at(at(rep, "star_level"), "label"))}});
  }

  // An indicator's value as the report shows it, marked when it is a what-if.
  std::string value(const json& ind) const {
    std::string v = str(at(at(ind, "display"), "value"));
    return at(ind, "what_if") == true ? v + msg("export_assumed") : v;
  }

  std::string status(const json& ind) const {
    if (at(ind, "what_if") == true) return msg("status_what_if");
    std::string s = str(at(ind, "status"));
    if (s == "missing") return msg("status_missing");
    if (s == "not_applicable") return msg("status_not_applicable");
    return msg("status_scored");
  }

  std::vector<const json*> indicators_of(const json& category) const {
    std::vector<const json*> out;
    std::string id = str(at(category, "id"));
    for (const auto& ind : list(at(rep, "indicators")))
      if (str(at(ind, "category")) == id) out.push_back(&ind);
    return out;
  }

  // The plan goals that exist: to the next star, then to five stars when that is further (as
  // the text report shows them).
  std::vector<const json*> goals() const {
    std::vector<const json*> out;
    const json& next = at(at(rep, "plans"), "next_star");
    const json& five = at(at(rep, "plans"), "five_stars");
    if (next.is_object()) out.push_back(&next);
    if (five.is_object() && !(next.is_object() && at(next, "stars") == at(five, "stars"))) out.push_back(&five);
    return out;
  }
};

// --- .xlsx -----------------------------------------------------------------------------------

using xlsx::text_cell;

xlsx::cell number_cell(const json& v, bool bold = false) {
  xlsx::cell c;
  c.text = num(v);
  c.number = true;
  c.bold = bold;
  return c;
}

// Every sheet of a what-if result starts with the banner.
void banner_row(const reader& r, xlsx::sheet& sh) {
  if (r.assumed()) sh.rows.push_back({text_cell(r.what_if_line(), true)});
}

xlsx::sheet form_sheet(const reader& r) {
  xlsx::sheet sh;
  sh.name = r.msg("export_sheet_form");
  sh.column_widths = {6, 12, 6, 26, 6, 18, 7, 12};
  sh.rows.push_back({text_cell(r.msg("export_form_heading"), true)});
  banner_row(r, sh);
  if (!r.provider().empty()) sh.rows.push_back({text_cell(r.msg("provider") + r.provider())});
  if (!r.period().empty()) sh.rows.push_back({text_cell(r.msg("period") + r.period())});
  sh.rows.push_back({text_cell(r.msg("rules") + r.rules())});
  sh.rows.push_back({text_cell(str(at(at(r.rep, "coverage"), "text")))});
  sh.rows.push_back({});
  sh.rows.push_back({text_cell(r.msg("export_col_no"), true), text_cell(r.msg("export_col_category"), true),
                     text_cell(r.msg("export_col_category_max"), true), text_cell(r.msg("export_col_indicator"), true),
                     text_cell(r.msg("export_col_indicator_max"), true), text_cell(r.msg("export_col_value"), true),
                     text_cell(r.msg("export_col_points"), true), text_cell(r.msg("export_col_category_score"), true)});
  int n = 0;
  for (const auto& c : list(at(r.rep, "categories"))) {
    ++n;
    bool first = true;
    for (const json* ind : r.indicators_of(c)) {
      xlsx::row row;
      if (first) {
        xlsx::cell no;
        no.text = std::to_string(n);
        no.number = true;
        row = {no, text_cell(str(at(c, "label"))), number_cell(at(c, "max"))};
      } else {
        row = {xlsx::cell{}, xlsx::cell{}, xlsx::cell{}};
      }
      row.push_back(text_cell(str(at(*ind, "label"))));
      row.push_back(number_cell(at(*ind, "max")));
      row.push_back(text_cell(r.value(*ind)));
      row.push_back(number_cell(at(*ind, "points")));
      row.push_back(first ? number_cell(at(c, "score")) : xlsx::cell{});
      sh.rows.push_back(std::move(row));
      first = false;
    }
  }
  auto summary = [&](std::string label, xlsx::cell value) {
    xlsx::row row(8);
    row[0] = text_cell(std::move(label), true);
    row[7] = std::move(value);
    sh.rows.push_back(std::move(row));
  };
  summary(r.total_label(), number_cell(at(r.rep, "total"), true));
  summary(r.star_label(), text_cell(r.star_value(), true));
  sh.rows.push_back({});
  // The lines a manager signs: each label, then room to write beside it.
  xlsx::row sign(8);
  sign[0] = text_cell(r.msg("export_filled_by"), true);
  sign[3] = text_cell(r.msg("export_reviewed_by"), true);
  sign[5] = text_cell(r.msg("export_date"), true);
  sh.rows.push_back(std::move(sign));
  return sh;
}

xlsx::sheet indicators_sheet(const reader& r) {
  xlsx::sheet sh;
  sh.name = r.msg("export_sheet_indicators");
  sh.column_widths = {12, 26, 18, 18, 7, 7, 10, 40, 40};
  banner_row(r, sh);
  sh.freeze_first_row = !r.assumed();
  sh.rows.push_back({text_cell(r.msg("export_col_category"), true), text_cell(r.msg("export_col_indicator"), true),
                     text_cell(r.msg("export_col_value"), true), text_cell(r.msg("export_col_tier"), true),
                     text_cell(r.msg("export_col_points"), true), text_cell(r.msg("export_col_indicator_max"), true),
                     text_cell(r.msg("export_col_status"), true), text_cell(r.msg("export_col_note"), true),
                     text_cell(r.msg("formula"), true)});
  for (const auto& c : list(at(r.rep, "categories")))
    for (const json* ind : r.indicators_of(c))
      sh.rows.push_back({text_cell(str(at(c, "label"))), text_cell(str(at(*ind, "label"))), text_cell(r.value(*ind)),
                         text_cell(str(at(at(*ind, "display"), "tier"))), number_cell(at(*ind, "points")),
                         number_cell(at(*ind, "max")), text_cell(r.status(*ind)),
                         text_cell(str(at(*ind, "note")), false, true), text_cell(str(at(*ind, "formula")), false, true)});
  return sh;
}

xlsx::sheet plan_sheet(const reader& r) {
  xlsx::sheet sh;
  sh.name = r.msg("export_sheet_plan");
  sh.column_widths = {5, 110};
  banner_row(r, sh);
  auto numbered = [&](int n, std::string t) {
    xlsx::cell no;
    no.text = std::to_string(n);
    no.number = true;
    sh.rows.push_back({no, text_cell(std::move(t), false, true)});
  };
  auto steps = [&](const json& plan) {
    int n = 0;
    for (const auto& s : list(at(plan, "steps"))) numbered(++n, str(at(s, "text")));
  };
  sh.rows.push_back({xlsx::cell{}, text_cell(r.msg("heading_plans"), true)});
  for (const json* g : r.goals()) {
    sh.rows.push_back({xlsx::cell{}, text_cell(str(at(*g, "goal_text")), true, true)});
    if (at(*g, "text").is_string()) {
      sh.rows.push_back({xlsx::cell{}, text_cell(str(at(*g, "text")), false, true)});
      steps(*g);
    }
    for (const auto& alt : list(at(*g, "alternatives"))) {
      sh.rows.push_back({xlsx::cell{}, text_cell(str(at(alt, "text")), false, true)});
      steps(alt);
    }
  }
  if (r.goals().empty()) sh.rows.push_back({xlsx::cell{}, text_cell(r.msg("top_level"))});
  sh.rows.push_back({});
  sh.rows.push_back({xlsx::cell{}, text_cell(r.msg("heading_advice"), true)});
  int n = 0;
  for (const auto& a : list(at(r.rep, "advice"))) numbered(++n, str(at(a, "text")));
  if (n == 0) sh.rows.push_back({xlsx::cell{}, text_cell(r.msg("advice_none"))});
  for (const auto& section : r.record_sections()) {
    sh.rows.push_back({});
    sh.rows.push_back({xlsx::cell{}, text_cell(section.heading, true)});
    n = 0;
    for (const auto& [line, detail] : section.lines) numbered(++n, detail.empty() ? line : line + "\n" + detail);
  }
  return sh;
}

// --- HTML ------------------------------------------------------------------------------------

// Escaped for HTML text and attribute values, after the controls are made visible.
std::string escape(const std::string& s, bool data_field = false) {
  std::string v = visible_controls(s, data_field), out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Text from the data, isolated so that its direction cannot reorder the line around it.
std::string bdi(const std::string& already_visible) { return "<bdi>" + escape(already_visible) + "</bdi>"; }

std::string tag(const char* name, const std::string& escaped, const char* cls = nullptr) {
  std::string open = std::string("<") + name + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">";
  return open + escaped + "</" + name + ">";
}

const char* const page_style =
    "body{font-family:\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",system-ui,sans-serif;color:#1b1f24;"
    "max-width:60rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5}"
    "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbc;padding:.2rem .4rem;"
    "text-align:left;vertical-align:top}td.num,th.num{text-align:right;white-space:nowrap}"
    ".meta{color:#555}.what-if{border:2px solid #b45309;background:#fff7ed;color:#7c2d12;padding:.5rem .75rem;"
    "font-weight:700}.stars{font-size:1.6rem;color:#b7791f;margin:.2rem 0}.total{font-size:1.3rem;font-weight:700}"
    ".assumed{color:#b45309;font-weight:700}.sign{display:flex;gap:2rem;margin-top:1.5rem}"
    ".sign span{flex:1;border-bottom:1px solid #333;padding-bottom:1.4rem}"
    ".form table{font-size:.85rem}.wrap{overflow-x:auto}.wrap>table{min-width:44rem}"
    "@media print{@page{size:A4;margin:14mm}body{max-width:none;margin:0;font-size:10pt}"
    ".wrap{overflow:visible}.wrap>table{min-width:0}.form{break-before:page}.form th,.form td{padding:1px 4px;font-size:8.5pt}tr,li{break-inside:avoid}}";

std::string html_document(const reader& r) {
  const json& rep = r.rep;
  std::string h;
  auto add = [&](const std::string& s) { h += s; h += "\n"; };
  std::string title = escape(r.pack.title.in(r.l));
  add("<!DOCTYPE html>");
  add(std::string("<html lang=\"") + (r.l == lang::en ? "en" : "zh-CN") + "\">");
  add("<head>");
  add("<meta charset=\"utf-8\">");
  add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
  // No script, no outside resource: the file is a document, not a program.
  add("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
  add("<title>" + title + (r.provider().empty() ? "" : " — " + escape(r.provider())) + "</title>");
  add(std::string("<style>") + page_style + "</style>");
  add("</head>");
  add("<body>");
  add("<main>");  // one landmark holds the whole report (axe: landmark-one-main, region)
  add("<h1>" + title + "</h1>");
  std::vector<std::string> meta;
  if (!r.provider().empty()) meta.push_back(escape(r.msg("provider")) + bdi(r.provider()));
  if (!r.period().empty()) meta.push_back(escape(r.msg("period")) + bdi(r.period()));
  meta.push_back(escape(r.msg("rules")) + bdi(r.rules()));
  std::string meta_line;
  for (const auto& m : meta) meta_line += (meta_line.empty() ? "" : "<br>") + m;
  add(tag("p", meta_line, "meta"));
  if (r.assumed()) add("<p class=\"what-if\" role=\"note\">" + escape(r.what_if_line()) + "</p>");

  // The headline.
  int shown = r.pack.stars.empty() ? 5 : r.pack.stars.front().stars;
  int stars = at(rep, "stars").is_number_integer() ? at(rep, "stars").get<int>() : 0;
  std::string glyphs;
  for (int i = 0; i < shown; ++i) glyphs += i < stars ? "★" : "☆";
  const json& level = at(rep, "star_level");
  add("<p class=\"stars\">" + glyphs + " " + escape(str(at(level, "label"))) + "</p>");
  add(tag("p", escape(fill(r.msg("total_line"), {{"total", num(at(rep, "total"))}, {"max", num(at(rep, "max"))}})) +
                   (r.assumed() ? "<span class=\"assumed\">" + escape(r.msg("export_assumed")) + "</span>" : "") +
                   " · " + escape(str(at(at(rep, "coverage"), "text"))),
          "total"));
  add(tag("p", escape(str(at(level, "description")))));
  add(tag("p", escape(r.msg("suggestion") + str(at(level, "suggestion")))));
  const json& next = at(at(rep, "plans"), "next_star");
  add(tag("p", escape(next.is_object() ? str(at(next, "goal_text")) : r.msg("top_level"))));

  // Categories.
  add(tag("h2", escape(r.msg("heading_categories"))));
  add("<table><thead><tr>" + tag("th", escape(r.msg("export_col_category"))) +
      "<th class=\"num\">" + escape(r.msg("export_col_points")) + "</th>" + tag("th", escape(r.msg("export_col_note"))) +
      "</tr></thead><tbody>");
  for (const auto& c : list(at(rep, "categories")))
    add("<tr>" + tag("td", escape(str(at(c, "label")))) + "<td class=\"num\">" + escape(num(at(c, "score"))) + " / " +
        escape(num(at(c, "max"))) + "</td>" + tag("td", escape(str(at(c, "verdict")))) + "</tr>");
  add("</tbody></table>");

  // The plan, then the one list of what to do.
  add(tag("h2", escape(r.msg("heading_plans"))));
  for (const json* g : r.goals()) {
    add(tag("h3", escape(str(at(*g, "goal_text")))));
    auto plan = [&](const json& p) {
      add(tag("p", escape(str(at(p, "text")))));
      std::string items;
      for (const auto& s : list(at(p, "steps"))) items += tag("li", escape(str(at(s, "text"))));
      if (!items.empty()) add(tag("ol", items));
    };
    if (at(*g, "text").is_string()) plan(*g);
    for (const auto& alt : list(at(*g, "alternatives"))) plan(alt);
  }
  if (r.goals().empty()) add(tag("p", escape(r.msg("top_level"))));
  add(tag("h2", escape(r.msg("heading_advice"))));
  std::string advice;
  for (const auto& a : list(at(rep, "advice")))
    advice += tag("li", escape(str(at(a, "text"))) + "<br><small>" + escape(str(at(a, "practice"))) + "</small>");
  add(advice.empty() ? tag("p", escape(r.msg("advice_none"))) : tag("ol", advice));
  for (const auto& section : r.record_sections()) {
    add(tag("h2", escape(section.heading)));
    std::string items;
    for (const auto& [line, detail] : section.lines)
      items += tag("li", escape(line) + (detail.empty() ? "" : "<br>" + escape(detail)));
    add(tag("ol", items));
  }

  // The 31 indicators.
  add(tag("h2", escape(r.msg("heading_indicators"))));
  // Wide tables scroll inside their box on a phone (not the page), and the keyboard reaches it.
  add("<div class=\"wrap\" tabindex=\"0\"><table><thead><tr>" + tag("th", escape(r.msg("export_col_indicator"))) + tag("th", escape(r.msg("export_col_value"))) +
      tag("th", escape(r.msg("export_col_tier"))) + "<th class=\"num\">" + escape(r.msg("export_col_points")) + "</th>" +
      tag("th", escape(r.msg("export_col_status"))) + tag("th", escape(r.msg("export_col_note"))) + "</tr></thead><tbody>");
  for (const auto& c : list(at(rep, "categories"))) {
    add("<tr><th colspan=\"6\">" + escape(str(at(c, "label"))) + "</th></tr>");
    for (const json* ind : r.indicators_of(c)) {
      bool what_if = at(*ind, "what_if") == true;
      add("<tr>" + tag("td", escape(str(at(*ind, "label")))) +
          tag("td", escape(r.value(*ind)), what_if ? "assumed" : nullptr) +
          tag("td", escape(str(at(at(*ind, "display"), "tier")))) + "<td class=\"num\">" +
          escape(num(at(*ind, "points"))) + " / " + escape(num(at(*ind, "max"))) + "</td>" +
          tag("td", escape(r.status(*ind)), what_if ? "assumed" : nullptr) + tag("td", escape(str(at(*ind, "note")))) +
          "</tr>");
    }
  }
  add("</tbody></table></div>");

  // Reference checks (outside the score).
  std::string checks;
  for (const auto& c : list(at(rep, "reference_checks"))) checks += tag("li", escape(str(at(c, "text"))));
  if (!checks.empty()) {
    add(tag("h2", escape(r.msg("heading_reference_checks"))));
    add(tag("ul", checks));
  }

  // Table A.2, as the form is filed, with the lines to sign.
  add("<section class=\"form\">");
  add(tag("h2", escape(r.msg("export_form_heading"))));
  add(tag("p", meta_line, "meta"));
  if (r.assumed()) add("<p class=\"what-if\">" + escape(r.what_if_line()) + "</p>");
  add("<div class=\"wrap\" tabindex=\"0\"><table><thead><tr>" + tag("th", escape(r.msg("export_col_no"))) + tag("th", escape(r.msg("export_col_category"))) +
      "<th class=\"num\">" + escape(r.msg("export_col_category_max")) + "</th>" +
      tag("th", escape(r.msg("export_col_indicator"))) + "<th class=\"num\">" +
      escape(r.msg("export_col_indicator_max")) + "</th>" + tag("th", escape(r.msg("export_col_value"))) +
      "<th class=\"num\">" + escape(r.msg("export_col_points")) + "</th><th class=\"num\">" +
      escape(r.msg("export_col_category_score")) + "</th></tr></thead><tbody>");
  int n = 0;
  for (const auto& c : list(at(rep, "categories"))) {
    ++n;
    auto inds = r.indicators_of(c);
    std::string span = std::to_string(inds.size());
    bool first = true;
    for (const json* ind : inds) {
      std::string row = "<tr>";
      if (first)
        row += "<td rowspan=\"" + span + "\">" + std::to_string(n) + "</td><td rowspan=\"" + span + "\">" +
               escape(str(at(c, "label"))) + "</td><td class=\"num\" rowspan=\"" + span + "\">" +
               escape(num(at(c, "max"))) + "</td>";
      bool what_if = at(*ind, "what_if") == true;
      row += tag("td", escape(str(at(*ind, "label")))) + "<td class=\"num\">" + escape(num(at(*ind, "max"))) + "</td>" +
             tag("td", escape(r.value(*ind)), what_if ? "assumed" : nullptr) + "<td class=\"num\">" +
             escape(num(at(*ind, "points"))) + "</td>";
      if (first)
        row += "<td class=\"num\" rowspan=\"" + span + "\">" + escape(num(at(c, "score"))) + "</td>";
      add(row + "</tr>");
      first = false;
    }
  }
  add("</tbody><tfoot>");
  add("<tr><th colspan=\"7\">" + escape(r.total_label()) + "</th><td class=\"num\">" + escape(num(at(rep, "total"))) +
      "</td></tr>");
  add("<tr><th colspan=\"7\">" + escape(r.star_label()) + "</th><td>" + escape(r.star_value()) + "</td></tr>");
  add("</tfoot></table></div>");
  add("<p class=\"sign\"><span>" + escape(r.msg("export_filled_by")) + "</span><span>" +
      escape(r.msg("export_reviewed_by")) + "</span><span>" + escape(r.msg("export_date")) + "</span></p>");
  add("</section>");

  // How the standard's ambiguities are read.
  std::string readings;
  for (const auto& rd : list(at(rep, "readings"))) readings += tag("li", escape(str(at(rd, "text"))));
  add(tag("h2", escape(r.msg("heading_readings"))));
  add(tag("ul", readings));
  add("</main>");
  add("</body>");
  add("</html>");
  return h;
}

lang report_lang(const json& report) { return str(at(report, "lang")) == "en" ? lang::en : lang::zh; }

}  // namespace

std::string report_xlsx(const json& report, const rule_pack& pack, const import_rules* words) {
  reader r{report, pack, report_lang(report), words};
  xlsx::workbook book;
  book.title = r.msg("export_form_heading");
  book.sheets.push_back(form_sheet(r));
  book.sheets.push_back(indicators_sheet(r));
  book.sheets.push_back(plan_sheet(r));
  return xlsx::write_workbook(book);
}

std::string report_html(const json& report, const rule_pack& pack, const import_rules* words) {
  return html_document(reader{report, pack, report_lang(report), words});
}

std::string render_export(const report_model& model, export_format format, lang language) {
  // The document the page has, so the page's exports are the same bytes.
  json doc = report_document(model, language);
  const rule_pack& pack = *model.scored.pack;
  return format == export_format::xlsx ? report_xlsx(doc, pack, model.import) : report_html(doc, pack, model.import);
}

result<std::string> export_report(std::string_view report_json, const rule_pack& pack, export_format format,
                                  const import_rules* words) {
  json doc = json::parse(report_json.begin(), report_json.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || str(at(doc, "format")) != "starsheet-report/1")
    return input_error{"", "not a starsheet-report/1 document"};
  return format == export_format::xlsx ? report_xlsx(doc, pack, words) : report_html(doc, pack, words);
}

}  // namespace starsheet
