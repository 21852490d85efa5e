#include "import_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

rational sum_of(const std::vector<rational>& list) {
  rational sum;
  for (const auto& v : list) sum = sum + v;
  return sum;
}

json records_number(const rational& r) {
  if (r.is_integer()) {
    double d = r.to_double();
    if (std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  return r.to_double();
}

std::string delimiter_name(char d) {
  switch (d) {
    case '\t': return "tab";
    case ';': return ";";
    default: return ",";
  }
}

std::string order_name(date_order o) {
  switch (o) {
    case date_order::mdy: return "mdy";
    case date_order::dmy: return "dmy";
    default: return "none";
  }
}

struct writer {
  const import_rules& rules;
  const rule_pack& pack;
  lang l;

  const std::string& msg(const std::string& key) const { return rules.message(key).in(l); }

  std::string field_label(const record_summary& s, const std::string& id) const {
    for (const auto& f : rules.kind(s.kind).fields)
      if (f.id == id) return f.label.in(l);
    return id;
  }
  std::string measure_label(const std::string& pointer) const {
    const measure_rule* m = pack.find_measure(pointer);
    return m ? m->label.in(l) : pointer;
  }
  std::string why(const row_problem& p, std::size_t header_cells) const {
    if (p.why == "why_ragged")
      return fill(msg(p.why), {{"cells", std::to_string(p.cells)}, {"header", std::to_string(header_cells)}});
    return msg(p.why);
  }
  std::string flag_text(const row_flag& f) const {
    return fill(msg(f.what), {{"days", std::to_string(rules.suspicious_transit_days)},
                              {"max_days", std::to_string(rules.implausible_transit_days)},
                              {"first", f.detail}});
  }
  std::string as_of_text(const record_summary& s) const {
    if (!s.as_of) return msg("as_of_unknown");
    std::string end = format_datetime(*s.as_of - 1).substr(0, 10);
    return fill(msg(s.as_of_how == "period" ? "as_of_period" : "as_of_data"), {{"end", end}});
  }
  std::string order_text(const record_summary& s) const {
    std::string how = s.order_how == "user"       ? msg("order_user")
                      : s.order_how == "detected" ? fill(msg("order_detected"), {{"row", std::to_string(s.order_row)}})
                                                  : msg("order_assumed");
    return fill(msg("date_order_line"), {{"order", order_name(s.order)}, {"how", how}});
  }

  std::string header_text(const record_summary& s) const {
    std::string rows;
    for (auto r : s.header_rows) rows += (rows.empty() ? "" : "–") + std::to_string(r);
    if (rows.empty()) rows = "—";
    return fill(msg("header_line"), {{"rows", rows}, {"how", msg("header_" + s.header_how)}});
  }

  std::string need_text(const record_summary& s, const import_need& n) const {
    std::string what = msg("what_" + n.what);
    auto labels = [&](const std::vector<std::string>& ids) {
      std::string t;
      for (const auto& id : ids) t += (t.empty() ? "" : msg("need_and")) + field_label(s, id);
      return t;
    };
    std::string fields;
    for (const auto& alt : n.fields)
      if (!alt.empty()) fields += (fields.empty() ? "" : msg("need_or")) + labels(alt);
    if (n.why == "need_status_unreadable")
      return fill(msg(n.why), {{"what", what}, {"unknown", std::to_string(n.unknown)}, {"total", std::to_string(n.total)}});
    if (n.why == "need_no_rows") return fill(msg(n.why), {{"what", what}, {"fields", fields}});
    std::string columns;
    for (const auto& c : n.candidates)
      columns += (columns.empty() ? "" : l == lang::zh ? "、" : ", ") +
                 fmt::format(l == lang::zh ? "第 {} 列“{}”（{}）" : "column {} \"{}\" ({})", c.column, c.header, field_label(s, c.field));
    return fill(msg(n.why), {{"what", what},
                             {"fields", fields},
                             {"columns", columns.empty() ? std::string() : fill(msg("need_columns"), {{"columns", columns}})}});
  }

  json file_json(const imported_file& file) const {
    const record_summary& s = file.summary;
    json j;
    j["kind"] = to_string(s.kind);
    j["file"] = file.name;
    j["encoding"] = file.encoding;
    if (!file.sheet.empty()) j["sheet"] = file.sheet;
    if (file.undecodable_bytes) j["undecodable_bytes"] = file.undecodable_bytes;
    j["csv"] = {{"delimiter", delimiter_name(s.csv.delimiter)},
                {"bom", s.csv.bom},
                {"line_ends", s.csv.cr_only ? "cr" : s.csv.crlf ? "crlf" : "lf"},
                {"header_cells", s.csv.header_fields},
                {"ragged_rows", s.csv.ragged_rows}};
    json mapping = json::array();
    for (const auto& f : rules.kind(s.kind).fields) {
      json m = {{"field", f.id}, {"label", f.label.in(l)}};
      auto c = s.mapping.columns.find(f.id);
      auto k = s.mapping.constants.find(f.id);
      if (c != s.mapping.columns.end()) {
        m["column"] = c->second.column + 1;
        m["header"] = c->second.header;
        m["how"] = c->second.by_user ? "user" : c->second.guessed ? "values" : "header";
      } else if (k != s.mapping.constants.end()) {
        m["column"] = nullptr;
        m["value"] = k->second;
        m["how"] = "user";
      } else {
        m["column"] = nullptr;
      }
      if (auto v = s.mapping.values.find(f.id); v != s.mapping.values.end()) m["values"] = v->second;
      mapping.push_back(m);
    }
    j["mapping"] = mapping;
    j["date_order"] = {{"order", order_name(s.order)}, {"how", s.order_how}};
    if (s.order_how == "detected") j["date_order"]["row"] = s.order_row;
    j["end_of_day"] = s.end_of_day_fields;
    if (s.kind == record_kind::shipments)
      j["period_end"] = {{"at", s.as_of ? json(format_datetime(*s.as_of)) : json(nullptr)}, {"how", s.as_of_how}};
    j["header"] = {{"rows", s.header_rows}, {"how", s.header_how}, {"names", s.header}, {"text", header_text(s)}};
    j["rows"] = {{"read", s.rows_read},
                 {"used", s.rows_used},
                 {"bad", s.rows_bad},
                 {"cancelled", s.rows_cancelled},
                 {"blank", s.rows_blank},
                 {"above_header", s.rows_above_header},
                 {"totals", s.rows_totals},
                 {"notes", s.rows_notes}};
    json skipped = json::array();
    for (const auto& k : s.skipped)
      skipped.push_back({{"row", k.row}, {"why", k.why.substr(5)}, {"text", k.text}, {"message", msg(k.why)}});
    j["skipped"] = skipped;
    json needs = json::array();
    for (const auto& n : s.needs) {
      json nj = {{"what", n.what}, {"why", n.why.substr(5)}, {"fields", n.fields}};
      json cands = json::array();
      for (const auto& c : n.candidates)
        cands.push_back({{"field", c.field}, {"column", c.column}, {"header", c.header}});
      nj["candidates"] = cands;
      if (n.why == "need_status_unreadable") nj["unknown"] = n.unknown, nj["total"] = n.total;
      nj["message"] = need_text(s, n);
      needs.push_back(nj);
    }
    j["needs"] = needs;
    json measures = json::object();
    for (const auto& [p, v] : s.measures) measures[p] = records_number(v);
    // A list (the freight of each damaged or lost parcel) can be long: its length and sum.
    for (const auto& [p, list] : s.lists) measures[p] = {{"items", list.size()}, {"total", records_number(sum_of(list))}};
    j["measures"] = measures;
    j["overridden"] = file.overridden;
    if (!s.by_mode.empty()) {
      json bm = json::object();
      for (const auto& [mode, t] : s.by_mode)
        bm[mode] = {{"orders", t.orders}, {"on_time", t.on_time}, {"shipments", t.shipments}, {"days_total", records_number(t.days_total)}};
      j["by_mode"] = bm;
    }
    j["counts"] = s.counts;
    json listed = json::array();
    for (const auto& p : s.problems) {
      json pj = {{"row", p.row}};
      pj["column"] = p.column ? json(p.column) : json(nullptr);
      pj["header"] = p.header;
      pj["text"] = p.text;
      pj["why"] = p.why.substr(4);
      pj["message"] = why(p, s.csv.header_fields);
      listed.push_back(pj);
    }
    j["problems"] = {{"total", s.problems_total}, {"listed", listed}};
    json unknown = json::array();
    for (const auto& u : s.unknown_values) unknown.push_back({{"field", u.field}, {"value", u.value}, {"count", u.count}});
    j["unknown_values"] = unknown;
    json flags = json::array();
    for (const auto& f : s.flags)
      flags.push_back({{"row", f.row}, {"what", f.what.substr(5)}, {"detail", f.detail}, {"message", flag_text(f)}});
    json flag_counts = json::object();
    for (const auto& [k, n] : s.flag_counts) flag_counts[k.substr(5)] = n;
    j["suspicious"] = {{"counts", flag_counts}, {"listed", flags}};
    j["duplicate_check"] = {{"distinct_ids", s.duplicate_ids_checked}, {"complete", s.duplicate_check_complete}};
    json rules_j = json::array();
    for (const auto& d : rules.kind(s.kind).derivation)
      rules_j.push_back({{"id", d.id}, {"measures", d.measures}, {"text", d.body.in(l)}});
    j["derivation"] = rules_j;
    return j;
  }

  std::string file_text(const imported_file& file) const {
    const record_summary& s = file.summary;
    std::string out;
    auto line = [&](const std::string& t) { out += t + "\n"; };
    line(fill(msg("file_line"), {{"kind", rules.kind(s.kind).label.in(l)},
                                 {"file", file.sheet.empty() ? file.name : file.name + " — " + file.sheet},
                                 {"encoding", file.encoding},
                                 {"delimiter", delimiter_name(s.csv.delimiter)}}));
    std::size_t not_records = s.rows_above_header + s.rows_totals + s.rows_notes;
    line("  " + fill(msg("rows_line"), {{"read", std::to_string(s.rows_read)},
                                        {"used", std::to_string(s.rows_used)},
                                        {"bad", std::to_string(s.rows_bad)},
                                        {"cancelled", std::to_string(s.rows_cancelled)},
                                        {"blank", std::to_string(s.rows_blank)}}) +
         (not_records ? fill(msg("rows_line_skipped"), {{"skipped", std::to_string(not_records)},
                                                         {"above", std::to_string(s.rows_above_header)},
                                                         {"totals", std::to_string(s.rows_totals)},
                                                         {"notes", std::to_string(s.rows_notes)}})
                      : std::string()));
    line("  " + header_text(s));
    if (!s.skipped.empty()) {
      line("  " + msg("heading_skipped"));
      for (std::size_t i = 0; i < s.skipped.size() && i < 10; ++i)
        line("    " + fill(msg("skipped_line"), {{"row", std::to_string(s.skipped[i].row)},
                                                  {"why", msg(s.skipped[i].why)},
                                                  {"text", s.skipped[i].text}}));
    }
    line("  " + msg("heading_mapping"));
    for (const auto& f : rules.kind(s.kind).fields) {
      auto c = s.mapping.columns.find(f.id);
      auto k = s.mapping.constants.find(f.id);
      if (c != s.mapping.columns.end())
        line("    " + fill(msg("mapping_line"), {{"field", f.label.in(l)},
                                                  {"column", std::to_string(c->second.column + 1)},
                                                  {"header", c->second.header},
                                                  {"how", msg(c->second.by_user    ? "how_user"
                                                              : c->second.guessed ? "how_values"
                                                                                  : "how_header")}}));
      else if (k != s.mapping.constants.end())
        line("    " + fill(msg("mapping_default"), {{"field", f.label.in(l)}, {"value", k->second}}));
    }
    std::string unmapped;
    for (const auto& f : rules.kind(s.kind).fields)
      if (!s.mapping.columns.count(f.id) && !s.mapping.constants.count(f.id))
        unmapped += (unmapped.empty() ? "" : ", ") + f.label.in(l);
    if (!unmapped.empty()) line("    " + fill(msg("mapping_none"), {{"field", unmapped}}));
    if (s.order_how != "none") line("  " + order_text(s));
    for (const auto& f : s.end_of_day_fields)
      line("  " + fill(msg("end_of_day_line"), {{"field", field_label(s, f)}, {"rows", std::to_string(s.sampled_rows)}}));
    if (s.mapping.columns.count("promised_at")) line("  " + as_of_text(s));

    if (!s.needs.empty()) {
      line("  " + msg("heading_needs"));
      for (const auto& n : s.needs) line("    " + need_text(s, n));
    }
    line("  " + msg("heading_derived"));
    if (s.measures.empty() && s.lists.empty()) line("    " + msg("no_problems"));
    for (const auto& [p, v] : s.measures) {
      bool over = std::find(file.overridden.begin(), file.overridden.end(), p) != file.overridden.end();
      line("    " + fill(msg("derived_line"), {{"measure", measure_label(p) + " (" + p.substr(10) + ")"}, {"value", format_number(v)}}) +
           (over ? msg("derived_overridden") : ""));
    }
    for (const auto& [p, list] : s.lists) {
      bool over = std::find(file.overridden.begin(), file.overridden.end(), p) != file.overridden.end();
      line("    " + fill(msg("derived_list_line"), {{"measure", measure_label(p) + " (" + p.substr(10) + ")"},
                                                   {"items", std::to_string(list.size())},
                                                   {"total", format_number(sum_of(list))}}) +
           (over ? msg("derived_overridden") : ""));
    }
    if (!s.by_mode.empty()) {
      line("  " + msg("heading_by_mode"));
      for (const auto& [mode, t] : s.by_mode)
        line("    " + fill(msg("by_mode_line"), {{"mode", msg("mode_" + mode)},
                                                 {"orders", std::to_string(t.orders)},
                                                 {"on_time", std::to_string(t.on_time)},
                                                 {"shipments", std::to_string(t.shipments)},
                                                 {"days", format_number(t.days_total)}}));
    }
    if (!s.counts.empty()) {
      line("  " + msg("heading_counts"));
      for (const auto& [k, n] : s.counts) line(fmt::format("    {}: {}", msg(k), n));
    }
    if (!s.unknown_values.empty()) {
      line("  " + msg("heading_unknown_values"));
      for (const auto& u : s.unknown_values)
        line("    " + fill(msg("unknown_value_line"), {{"field", field_label(s, u.field)}, {"value", u.value}, {"count", std::to_string(u.count)}}));
    }
    line("  " + msg("heading_problems") + fmt::format(" ({})", s.problems_total));
    if (s.problems_total == 0) line("    " + msg("no_problems"));
    constexpr std::size_t shown_in_text = 20;
    for (std::size_t i = 0; i < s.problems.size() && i < shown_in_text; ++i) {
      const row_problem& p = s.problems[i];
      if (p.column == 0)
        line("    " + fill(msg("problem_row_line"), {{"row", std::to_string(p.row)}, {"why", why(p, s.csv.header_fields)}}));
      else
        line("    " + fill(msg("problem_line"), {{"row", std::to_string(p.row)},
                                                  {"column", std::to_string(p.column)},
                                                  {"header", p.header},
                                                  {"text", p.text},
                                                  {"why", why(p, s.csv.header_fields)}}));
    }
    std::size_t shown = std::min(s.problems.size(), shown_in_text);
    if (s.problems_total > shown)
      line("    " + fill(msg("problems_more"), {{"count", std::to_string(s.problems_total - shown)},
                                                 {"listed", std::to_string(rules.problems_listed)}}));
    std::size_t flagged = 0;
    for (const auto& [k, n] : s.flag_counts) flagged += n;
    line("  " + msg("heading_flags") + fmt::format(" ({})", flagged));
    for (const auto& [k, n] : s.flag_counts) {
      row_flag sample{0, k, "…"};
      line(fmt::format("    {} × {}", flag_text(sample), n));
    }
    std::size_t flags_shown = 0;
    for (const auto& f : s.flags) {
      if (++flags_shown > 10) break;
      line("      " + fill(msg("flag_line"), {{"row", std::to_string(f.row)}, {"why", flag_text(f)}}));
    }
    if (!s.duplicate_check_complete)
      line("    " + fill(msg("duplicate_limit"), {{"ids", std::to_string(s.duplicate_ids_checked)}}));
    line("  " + msg("heading_rules"));
    for (const auto& d : rules.kind(s.kind).derivation) line("    - " + d.body.in(l));
    return out;
  }
};

}  // namespace

json records_json(const std::vector<imported_file>& files, const import_rules& rules, const rule_pack& pack, lang l) {
  writer w{rules, pack, l};
  json j;
  j["rules"] = {{"id", rules.id}, {"version", rules.version}};
  j["files"] = json::array();
  for (const auto& f : files) j["files"].push_back(w.file_json(f));
  return j;
}

std::string records_text(const std::vector<imported_file>& files, const import_rules& rules, const rule_pack& pack, lang l) {
  writer w{rules, pack, l};
  std::string out = w.msg("heading_records") + "\n";
  for (const auto& f : files) out += w.file_text(f);
  return visible_controls(out);  // cells, headers and file names come from the data
}

std::string error_text(const input_error& e, const import_rules& rules, lang l, std::string_view shell) {
  auto it = rules.messages.end();
  if (!e.key.empty() && !shell.empty()) it = rules.messages.find(e.key + "_" + std::string(shell));
  if (!e.key.empty() && it == rules.messages.end()) it = rules.messages.find(e.key);
  if (it == rules.messages.end()) return e.message;
  std::string text = it->second.in(l);
  for (const auto& [name, raw] : e.args) {
    // A record kind is named by its label ("运单记录"), not its id.
    auto kind = record_kind_from(raw);
    std::string value = kind && (name == "kind" || name == "mapping") ? rules.kind(*kind).label.in(l) : raw;
    // What a file should be is a message of its own ("期间文件").
    if (auto what = rules.messages.find(raw); name == "what" && what != rules.messages.end()) value = what->second.in(l);
    std::string slot = "{" + name + "}";
    for (std::size_t at = text.find(slot); at != std::string::npos; at = text.find(slot, at + value.size()))
      text.replace(at, slot.size(), value);
  }
  return text;
}

void merge_files(period_data& period, std::vector<imported_file>& files, const import_rules& rules) {
  // Files of one kind are parts of one period (two TMS exports, two channels): every derived
  // measure is a count or a sum, so the parts add up; then they are merged as one.
  for (record_kind kind : {record_kind::shipments, record_kind::inquiries}) {
    record_summary all;
    all.kind = kind;
    bool any = false;
    for (const auto& f : files) {
      if (f.summary.kind != kind) continue;
      any = true;
      for (const auto& [p, v] : f.summary.measures) {
        auto it = all.measures.find(p);
        if (it == all.measures.end()) all.measures.emplace(p, v);
        else it->second = it->second + v;
      }
      for (const auto& [p, list] : f.summary.lists) {
        auto& into = all.lists[p];
        into.insert(into.end(), list.begin(), list.end());
      }
    }
    if (!any) continue;
    auto overridden = merge_records(period, all, rules);
    for (auto& f : files)
      if (f.summary.kind == kind) {
        f.overridden.clear();
        for (const auto& p : overridden)
          if (f.summary.measures.count(p) || f.summary.lists.count(p)) f.overridden.push_back(p);
      }
  }
}

}  // namespace starsheet
