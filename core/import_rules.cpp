#include "import_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "json_text.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

struct known_field {
  const char* id;
  field_type type;
};

// The fields the importer implements, in the order the pack must list them.
const std::vector<known_field>& known_fields(record_kind k) {
  static const std::vector<known_field> shipments = {
      {"order_id", field_type::id},
      {"mode", field_type::mode},
      {"shipped_at", field_type::datetime},
      {"delivered_at", field_type::datetime},
      {"promised_at", field_type::promise},
      {"status", field_type::goods_status},
      {"exception_opened_at", field_type::datetime},
      {"exception_closed_at", field_type::datetime},
      {"transit_days", field_type::days},
      {"promised_days", field_type::days},
      {"late_flag", field_type::flag},
      {"on_time_flag", field_type::flag},
      {"order_status", field_type::order_status},
      {"freight", field_type::amount}};
  static const std::vector<known_field> inquiries = {{"inquiry_id", field_type::id},
                                                     {"asked_at", field_type::datetime},
                                                     {"first_reply_at", field_type::datetime},
                                                     {"resolved", field_type::flag}};
  return k == record_kind::shipments ? shipments : inquiries;
}

// Value sets and the canonical values each must define.
const std::vector<std::pair<std::string, std::vector<std::string>>>& required_values() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> v = {
      {"mode", {"land", "sea", "air"}},
      {"goods_status", {"delivered", "intact", "in_transit", "returned", "damaged", "lost", "cancelled", "ignore"}},
      {"flag", {"yes", "no"}},
      {"order_status", {"cancelled"}}};
  return v;
}

const std::vector<std::string>& required_import_message_keys() {
  static const std::vector<std::string> keys = {
      "heading_records", "file_line", "rows_line", "heading_mapping", "mapping_line", "mapping_none",
      "mapping_default", "how_header", "how_user", "date_order_line", "order_detected", "order_assumed",
      "order_user", "end_of_day_line", "as_of_period", "as_of_data", "as_of_unknown", "heading_derived",
      "derived_line", "derived_list_line", "derived_overridden", "heading_counts", "heading_by_mode", "by_mode_line", "mode_land", "mode_sea",
      "mode_air", "heading_problems", "problem_line", "problem_row_line",
      "problems_more", "heading_unknown_values", "unknown_value_line", "heading_flags", "flag_line",
      "heading_rules", "no_problems", "why_not_a_date", "why_no_such_date", "why_bad_time",
      "why_order_conflict", "why_bad_number", "why_unknown_value", "why_ragged", "why_empty",
      "why_unclosed_quote", "flag_delivered_before_shipped", "flag_long_transit", "flag_implausible_transit", "flag_duplicate_id",
      "flag_reply_before_asked", "flag_closed_before_opened", "duplicate_limit", "count_rows_in_rate",
      "count_undelivered_late", "count_undelivered_pending", "count_no_promise", "count_transit_no_mode",
      "count_unanswered", "why_bad_amount", "count_late_unbanded", "count_freight_missing",
      "count_freights_not_kept", "header_line", "header_detected", "header_user", "header_values", "header_none",
      "heading_skipped", "skipped_line", "skip_above_header", "skip_totals", "skip_notes", "rows_line_skipped",
      "heading_needs", "need_line", "need_columns", "need_status_unreadable", "need_no_rows", "need_or", "need_and",
      "what_on_time", "what_transit", "what_goods", "what_exceptions", "what_response", "what_resolution",
      "heading_drilldown", "heading_drill_top", "drill_top_line", "drill_indicator_line", "drill_column_line",
      "drill_segment", "drill_gain", "drill_other", "drill_blank", "drill_more_columns", "drill_by_weekday",
      "drill_by_iso_week", "drill_failure_on_time", "drill_failure_goods", "drill_failure_resolution",
      "drill_next_tier", "drill_sep", "failing_late", "failing_late_undelivered", "failing_lost", "failing_damaged",
      "failing_unresolved", "failing_col_row", "failing_col_reason", "failing_sheet", "failing_sep", "failing_listed_all",
      "failing_listed_some", "failing_none", "weekday_1", "weekday_2", "weekday_3", "weekday_4", "weekday_5", "weekday_6", "weekday_7",
      "count_delivered_no_time", "count_status_unknown", "count_status_not_delivered", "count_status_ignored", "skip_repeated_header",
      "error_header_row_empty", "how_values", "error_header_row_missing", "error_mapping_kind", "error_mapping_same_column", "error_no_columns", "error_empty",
      // reading and writing files (the shells)
      "file_unreadable", "file_is_directory", "file_read_failed", "file_too_large", "file_empty", "what_period_file",
      "what_mapping_file", "what_rule_pack", "what_period_or_report", "file_encoding_unsupported", "file_encoding_bad",
      "file_unwritable", "file_write_failed", "stdout_write_failed", "workbook_sheet_missing", "mapping_kind_missing",
      "mapping_kind_unused", "mapping_second", "mapping_column_beyond", "mapping_column_missing",
      // a mapping file's own mistakes
      "mapping_not_object", "mapping_format", "mapping_kind_value", "mapping_columns_object", "mapping_unknown_field",
      "mapping_column_value", "mapping_fields_object", "mapping_no_value_list", "mapping_value_id", "mapping_cells_object",
      "mapping_date_order", "mapping_unknown_member",
      // the slow rows and the averages in the drill-down
      "failing_slow_exception", "failing_slow_reply", "failing_slow_transit", "transit_limit", "drill_failure_exceptions",
      "drill_failure_response", "drill_failure_transit", "drill_transit_limits", "drill_ratio", "drill_next_tier_ratio",
      "drill_by_delay_band", "drill_band_on_time",
      "drill_hours", "drill_minutes", "drill_next_tier_mean", "drill_next_gain", "drill_next_no_gain",
      // data quality in points
      "flag_outside_period", "flag_promised_before_shipped", "heading_quality", "quality_line", "quality_without",
      "quality_as_dates", "quality_sep", "quality_file", "quality_not_rescored", "quality_costs", "quality_flatters",
      "quality_no_effect", "quality_delivered_before_shipped", "quality_promised_before_shipped",
      "quality_closed_before_opened", "quality_reply_before_asked", "quality_implausible_transit",
      "quality_outside_period", "quality_duplicate_id", "quality_delivered_at_midnight", "quality_delivered_at_eight"};
  return keys;
}

std::string got(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

struct loader {
  std::optional<input_error> error;

  bool fail(std::string where, std::string message) {
    if (!error) error = input_error{std::move(where), std::move(message)};
    return false;
  }
  const json* member(const json& obj, const char* key, const std::string& at) {
    if (error) return nullptr;
    if (!obj.is_object()) return fail(at, "expected an object"), nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) return fail(pointer_append(at, key), "required member is missing"), nullptr;
    return &*it;
  }
  std::string string(const json& obj, const char* key, const std::string& at) {
    const json* v = member(obj, key, at);
    if (!v) return {};
    if (!v->is_string() || v->get_ref<const std::string&>().empty())
      return fail(pointer_append(at, key), "expected a non-empty string, got " + got(*v)), std::string();
    return v->get<std::string>();
  }
  text bilingual(const json& obj, const char* key, const std::string& at) {
    const json* v = member(obj, key, at);
    if (!v) return {};
    std::string where = pointer_append(at, key);
    text t;
    t.zh = string(*v, "zh", where);
    t.en = string(*v, "en", where);
    return t;
  }
  std::int64_t whole(const json& obj, const char* key, const std::string& at, std::int64_t min) {
    const json* v = member(obj, key, at);
    if (!v) return 0;
    if (!v->is_number_integer() || v->get<std::int64_t>() < min)
      return fail(pointer_append(at, key), fmt::format("expected a whole number ≥ {}, got {}", min, got(*v))), 0;
    return v->get<std::int64_t>();
  }
  std::vector<std::string> strings(const json& obj, const char* key, const std::string& at) {
    std::vector<std::string> out;
    const json* v = member(obj, key, at);
    if (!v) return out;
    std::string where = pointer_append(at, key);
    if (!v->is_array()) return fail(where, "expected an array of strings"), out;
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string() || (*v)[i].get_ref<const std::string&>().empty())
        return fail(pointer_append(where, std::to_string(i)), "expected a non-empty string"), out;
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }
};

void read_kind(loader& l, const json& doc, record_kind k, const std::string& at, kind_rule& out) {
  out.label = l.bilingual(doc, "label", at);
  const json* fields = l.member(doc, "fields", at);
  if (!fields) return;
  const auto& known = known_fields(k);
  std::string fat = at + "/fields";
  if (!fields->is_array() || fields->size() != known.size()) {
    std::string ids;
    for (const auto& f : known) ids += (ids.empty() ? "" : ", ") + std::string(f.id);
    l.fail(fat, fmt::format("expected {} fields in this order: {}", known.size(), ids));
    return;
  }
  std::map<std::string, std::string> seen;  // normalized header → field
  for (std::size_t i = 0; i < known.size() && !l.error; ++i) {
    std::string iat = fmt::format("{}/{}", fat, i);
    field_rule f;
    f.id = l.string((*fields)[i], "id", iat);
    if (!l.error && f.id != known[i].id)
      return (void)l.fail(iat + "/id", fmt::format("expected field \"{}\" here, got \"{}\"", known[i].id, f.id));
    std::string type = l.string((*fields)[i], "type", iat);
    static const std::map<std::string, field_type> types = {
        {"id", field_type::id},           {"mode", field_type::mode},     {"datetime", field_type::datetime},
        {"promise", field_type::promise}, {"goods_status", field_type::goods_status},
        {"days", field_type::days},       {"flag", field_type::flag},     {"order_status", field_type::order_status},
        {"amount", field_type::amount}};
    auto t = types.find(type);
    if (!l.error && (t == types.end() || t->second != known[i].type))
      return (void)l.fail(iat + "/type", fmt::format("field {} cannot have type \"{}\"", f.id, type));
    if (l.error) return;
    f.type = t->second;
    f.label = l.bilingual((*fields)[i], "label", iat);
    f.headers = l.strings((*fields)[i], "headers", iat);
    for (std::size_t h = 0; h < f.headers.size() && !l.error; ++h) {
      std::string key = normalize_key(f.headers[h]);
      f.header_keys.push_back(key);
      auto [it, fresh] = seen.emplace(key, f.id);
      if (!fresh && it->second != f.id)
        l.fail(fmt::format("{}/headers/{}", iat, h),
               fmt::format("header \"{}\" already belongs to field {}", f.headers[h], it->second));
    }
    out.fields.push_back(std::move(f));
  }
}

void read_derivation(loader& l, const json& doc, const std::string& at, kind_rule& out) {
  if (l.error) return;
  if (!doc.is_array() || doc.empty()) return (void)l.fail(at, "expected a non-empty array");
  for (std::size_t i = 0; i < doc.size() && !l.error; ++i) {
    std::string iat = fmt::format("{}/{}", at, i);
    derivation_rule d;
    d.id = l.string(doc[i], "id", iat);
    if (doc[i].is_object() && doc[i].contains("measures")) d.measures = l.strings(doc[i], "measures", iat);
    d.body = l.bilingual(doc[i], "text", iat);
    out.derivation.push_back(std::move(d));
  }
}

}  // namespace

std::string_view to_string(record_kind k) { return k == record_kind::shipments ? "shipments" : "inquiries"; }

std::optional<record_kind> record_kind_from(std::string_view name) {
  if (name == "shipments") return record_kind::shipments;
  if (name == "inquiries") return record_kind::inquiries;
  return std::nullopt;
}

std::string_view value_set_of(field_type t) {
  switch (t) {
    case field_type::mode: return "mode";
    case field_type::goods_status: return "goods_status";
    case field_type::flag: return "flag";
    case field_type::order_status: return "order_status";
    default: return "";
  }
}

std::string normalize_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '(' || c == ')' || c == '[' || c == ']' ||
          c == '/' || c == ':' || c == '\t' || c == '"' || c == '\'')
        continue;
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      continue;
    }
    // Full-width forms of the same punctuation, the ideographic space and a stray BOM.
    static const std::string_view skip[] = {"\xE3\x80\x80", "\xEF\xBC\x88", "\xEF\xBC\x89", "\xEF\xBC\x9A",
                                            "\xEF\xBC\xBF", "\xEF\xBC\x8D", "\xEF\xBB\xBF", "\xE3\x80\x81"};
    bool skipped = false;
    for (auto k : skip)
      if (s.compare(i, k.size(), k) == 0) {
        i += k.size();
        skipped = true;
        break;
      }
    if (!skipped) out += s[i++];
  }
  return out;
}

result<import_rules> load_import_rules(std::string_view json_text) {
  auto parsed = parse_json(json_text);
  if (!parsed) return parsed.error();
  const json& d = *parsed;
  loader l;
  import_rules r;
  std::string format = l.string(d, "format", "");
  if (!l.error && format != "starsheet-import-rules/1")
    l.fail("/format", fmt::format("expected \"starsheet-import-rules/1\", got \"{}\"", format));
  r.id = l.string(d, "id", "");
  r.version = l.string(d, "version", "");
  if (const json* p = l.member(d, "parameters", "")) {
    r.sample_rows = static_cast<std::size_t>(l.whole(*p, "sample_rows", "/parameters", 1));
    r.suspicious_transit_days = l.whole(*p, "suspicious_transit_days", "/parameters", 1);
    r.implausible_transit_days = l.whole(*p, "implausible_transit_days", "/parameters", 1);
    if (!l.error && r.implausible_transit_days < r.suspicious_transit_days)
      l.fail("/parameters/implausible_transit_days", "expected at least suspicious_transit_days");
    r.problems_listed = static_cast<std::size_t>(l.whole(*p, "problems_listed", "/parameters", 0));
    r.flags_listed = static_cast<std::size_t>(l.whole(*p, "flags_listed", "/parameters", 0));
    r.unknown_values_listed = static_cast<std::size_t>(l.whole(*p, "unknown_values_listed", "/parameters", 0));
    r.duplicate_check_ids = static_cast<std::size_t>(l.whole(*p, "duplicate_check_ids", "/parameters", 0));
    r.freight_list_max = static_cast<std::size_t>(l.whole(*p, "freight_list_max", "/parameters", 0));
    r.excel_serial_min = static_cast<double>(l.whole(*p, "excel_serial_min", "/parameters", 1));
    r.excel_serial_max = static_cast<double>(l.whole(*p, "excel_serial_max", "/parameters", 1));
    r.header_scan_rows = static_cast<std::size_t>(l.whole(*p, "header_scan_rows", "/parameters", 1));
    r.status_unknown_max_percent = static_cast<std::size_t>(l.whole(*p, "status_unknown_max_percent", "/parameters", 0));
    r.drilldown_values_max = static_cast<std::size_t>(l.whole(*p, "drilldown_values_max", "/parameters", 0));
    r.drilldown_deferred_max = static_cast<std::size_t>(l.whole(*p, "drilldown_deferred_max", "/parameters", 0));
    r.drilldown_segments_listed = static_cast<std::size_t>(l.whole(*p, "drilldown_segments_listed", "/parameters", 1));
    r.drilldown_top = static_cast<std::size_t>(l.whole(*p, "drilldown_top", "/parameters", 0));
    r.drilldown_columns_listed = static_cast<std::size_t>(l.whole(*p, "drilldown_columns_listed", "/parameters", 0));
    r.drilldown_distinct_max_percent = static_cast<std::size_t>(l.whole(*p, "drilldown_distinct_max_percent", "/parameters", 1));
    r.drilldown_columns_max = static_cast<std::size_t>(l.whole(*p, "drilldown_columns_max", "/parameters", 0));
    r.failing_rows_max = static_cast<std::size_t>(l.whole(*p, "failing_rows_max", "/parameters", 0));
    r.failing_bytes_max = static_cast<std::size_t>(l.whole(*p, "failing_bytes_max", "/parameters", 0));
    r.failing_cell_max = static_cast<std::size_t>(l.whole(*p, "failing_cell_max", "/parameters", 1));
    r.quality_outside_days = l.whole(*p, "quality_outside_days", "/parameters", 1);
    r.quality_one_clock_percent = static_cast<std::size_t>(l.whole(*p, "quality_one_clock_percent", "/parameters", 1));
    r.quality_pending_max = static_cast<std::size_t>(l.whole(*p, "quality_pending_max", "/parameters", 0));
    r.quality_rows_listed = static_cast<std::size_t>(l.whole(*p, "quality_rows_listed", "/parameters", 0));
    r.quality_duplicate_ids = static_cast<std::size_t>(l.whole(*p, "quality_duplicate_ids", "/parameters", 0));
    if (!l.error && r.quality_duplicate_ids > (std::size_t{1} << 24))
      l.fail("/parameters/quality_duplicate_ids", "at most 16777216 (memory stays bounded)");
    if (!l.error && r.quality_one_clock_percent > 100) l.fail("/parameters/quality_one_clock_percent", "at most 100");
    if (!l.error && r.quality_pending_max > (std::size_t{1} << 20))
      l.fail("/parameters/quality_pending_max", "at most 1048576 (memory stays bounded)");
    if (!l.error && r.quality_outside_days > 36600) l.fail("/parameters/quality_outside_days", "at most 36600");
    if (!l.error && r.failing_bytes_max > (std::size_t{1} << 28))
      l.fail("/parameters/failing_bytes_max", "at most 268435456 (memory stays bounded)");
    if (!l.error && r.failing_rows_max > (std::size_t{1} << 22))
      l.fail("/parameters/failing_rows_max", "at most 4194304 (memory stays bounded)");
    if (!l.error && r.drilldown_columns_max > 1024)
      l.fail("/parameters/drilldown_columns_max", "at most 1024 (memory stays bounded)");
    if (!l.error && r.drilldown_distinct_max_percent > 100)
      l.fail("/parameters/drilldown_distinct_max_percent", "at most 100");
    if (!l.error && r.drilldown_values_max > 4096)
      l.fail("/parameters/drilldown_values_max", "at most 4096 (each split column holds this many values in memory)");
    if (!l.error && r.drilldown_deferred_max > (std::size_t{1} << 22))
      l.fail("/parameters/drilldown_deferred_max", "at most 4194304 (memory stays bounded)");
    if (!l.error && r.header_scan_rows > 1000) l.fail("/parameters/header_scan_rows", "at most 1000 (rows are kept in memory until the header is found)");
    if (!l.error && r.status_unknown_max_percent > 100) l.fail("/parameters/status_unknown_max_percent", "at most 100");
    if (!l.error && r.excel_serial_max <= r.excel_serial_min)
      l.fail("/parameters/excel_serial_max", "must be above excel_serial_min");
    if (!l.error && r.duplicate_check_ids > (std::size_t{1} << 26))
      l.fail("/parameters/duplicate_check_ids", "at most 67108864 (memory stays bounded)");
    if (!l.error && r.freight_list_max > (std::size_t{1} << 24))
      l.fail("/parameters/freight_list_max", "at most 16777216 (memory stays bounded)");
  }
  if (const json* kinds = l.member(d, "kinds", "")) {
    for (record_kind k : {record_kind::shipments, record_kind::inquiries})
      if (const json* kd = l.member(*kinds, std::string(to_string(k)).c_str(), "/kinds"))
        read_kind(l, *kd, k, "/kinds/" + std::string(to_string(k)), k == record_kind::shipments ? r.shipments : r.inquiries);
  }
  if (const json* values = l.member(d, "values", "")) {
    for (const auto& [set, canon] : required_values()) {
      const json* vs = l.member(*values, set.c_str(), "/values");
      if (!vs) break;
      std::string sat = "/values/" + set;
      if (!vs->is_object()) {
        l.fail(sat, "expected an object of value → synonyms");
        break;
      }
      for (const auto& c : canon)
        if (!vs->contains(c)) l.fail(sat + "/" + c, "required value is missing");
      if (set == "mode" && vs->size() != canon.size())
        l.fail(sat, "the modes are exactly land, sea and air (the transit measures of Appendix A)");
      for (auto& [value, list] : vs->items()) {
        if (l.error) break;
        r.value_ids[set].push_back(value);
        std::vector<std::string> syn = l.strings(*vs, value.c_str(), sat);
        syn.push_back(value);
        for (std::size_t i = 0; i < syn.size() && !l.error; ++i) {
          auto [it, fresh] = r.values[set].emplace(normalize_key(syn[i]), value);
          if (!fresh && it->second != value)
            l.fail(fmt::format("{}/{}/{}", sat, value, i),
                   fmt::format("\"{}\" already means {}", syn[i], it->second));
        }
      }
    }
  }
  if (const json* sm = l.member(d, "status_meanings", "")) {
    if (!sm->is_object()) l.fail("/status_meanings", "expected an object of goods-status value → meaning");
    for (const auto& value : r.value_ids["goods_status"]) {
      if (l.error) break;
      std::string at = pointer_append("/status_meanings", value);
      auto it = sm->find(value);
      if (it == sm->end() || !it->is_object()) {
        l.fail(at, "every goods-status value needs a meaning (delivered, intact, excluded or ignored)");
        break;
      }
      status_meaning m;
      for (auto& [key, v] : it->items()) {
        std::string kat = pointer_append(at, key);
        if (key == "delivered") {
          if (v == "yes") m.delivered = status_meaning::delivery::yes;
          else if (v == "no") m.delivered = status_meaning::delivery::no;
          else if (v == "by_time") m.delivered = status_meaning::delivery::by_time;
          else l.fail(kat, "expected \"yes\", \"no\" or \"by_time\", got " + got(v));
        } else if (key == "intact" || key == "excluded" || key == "ignored") {
          if (!v.is_boolean()) l.fail(kat, "expected true or false, got " + got(v));
          else (key == "intact" ? m.intact : key == "excluded" ? m.excluded : m.ignored) = v.get<bool>();
        } else {
          l.fail(kat, "unknown member (expected delivered, intact, excluded, ignored)");
        }
      }
      r.status_meanings[value] = m;
    }
    for (auto& [key, v] : sm->items())
      if (!l.error && key.rfind('_', 0) != 0 && !r.status_meanings.count(key))
        l.fail(pointer_append("/status_meanings", key), "not a goods-status value of /values/goods_status");
  }
  if (const json* nr = l.member(d, "non_records", "")) {
    for (auto& w : l.strings(*nr, "totals", "/non_records")) r.totals_words.push_back(normalize_key(w));
    for (auto& w : l.strings(*nr, "note_prefixes", "/non_records")) r.note_prefixes.push_back(normalize_key(w).empty() ? w : normalize_key(w));
  }
  if (const json* der = l.member(d, "derivation", "")) {
    for (record_kind k : {record_kind::shipments, record_kind::inquiries})
      if (const json* kd = l.member(*der, std::string(to_string(k)).c_str(), "/derivation"))
        read_derivation(l, *kd, "/derivation/" + std::string(to_string(k)),
                        k == record_kind::shipments ? r.shipments : r.inquiries);
  }
  if (const json* messages = l.member(d, "messages", "")) {
    if (!messages->is_object()) l.fail("/messages", "expected an object");
    else
      for (auto& [key, value] : messages->items()) r.messages[key] = l.bilingual(*messages, key.c_str(), "/messages");
    for (const auto& key : required_import_message_keys())
      if (!l.error && !r.messages.count(key)) l.fail(pointer_append("/messages", key), "required message is missing");
  }
  if (l.error) return *l.error;
  return r;
}

namespace {

const field_rule* find_field(const import_rules& rules, record_kind k, std::string_view id) {
  for (const auto& f : rules.kind(k).fields)
    if (f.id == id) return &f;
  return nullptr;
}

std::string field_ids(const import_rules& rules, record_kind k) {
  std::string s;
  for (const auto& f : rules.kind(k).fields) s += (s.empty() ? "" : ", ") + f.id;
  return s;
}

}  // namespace

result<mapping_override> parse_mapping(std::string_view json_text, const import_rules& rules, record_kind default_kind) {
  auto parsed = parse_json(json_text);
  if (!parsed) return parsed.error();
  const json& d = *parsed;
  if (!d.is_object()) return input_error{"", "expected a starsheet-mapping/1 object", "mapping_not_object"};
  auto format = d.find("format");
  if (format == d.end() || *format != "starsheet-mapping/1")
    return input_error{"/format", "expected \"starsheet-mapping/1\"", "mapping_format"};
  mapping_override m;
  record_kind k = default_kind;
  auto unknown_field = [&](const std::string& at, const std::string& field) {
    std::string allowed = field_ids(rules, k);
    return input_error{at, fmt::format("unknown field \"{}\" (expected one of: {})", field, allowed), "mapping_unknown_field",
                       {{"name", field}, {"allowed", allowed}}};
  };
  if (auto it = d.find("kind"); it != d.end()) {
    auto kk = it->is_string() ? record_kind_from(it->get<std::string>()) : std::nullopt;
    if (!kk) return input_error{"/kind", "expected \"shipments\" or \"inquiries\", got " + got(*it), "mapping_kind_value", {{"got", got(*it)}}};
    m.kind = k = *kk;
  }
  for (auto& [key, value] : d.items()) {
    std::string at = pointer_append("", key);
    if (key == "format" || key == "kind") continue;
    if (key == "columns") {
      if (!value.is_object()) return input_error{at, "expected an object of field → column", "mapping_columns_object"};
      for (auto& [field, col] : value.items()) {
        std::string fat = pointer_append(at, field);
        if (!find_field(rules, k, field)) return unknown_field(fat, field);
        if (col.is_null()) m.columns[field] = {};
        else if (col.is_string() && !col.get_ref<const std::string&>().empty()) m.columns[field] = {col.get<std::string>(), 0};
        else if (col.is_number_integer() && col.get<std::int64_t>() >= 1 && col.get<std::int64_t>() < 100000)
          m.columns[field] = {"", static_cast<std::size_t>(col.get<std::int64_t>())};
        else return input_error{fat, "expected a header name, a column number from 1, or null, got " + got(col), "mapping_column_value", {{"got", got(col)}}};
      }
    } else if (key == "values" || key == "constants") {
      if (!value.is_object()) return input_error{at, "expected an object keyed by field", "mapping_fields_object"};
      for (auto& [field, spec] : value.items()) {
        std::string fat = pointer_append(at, field);
        const field_rule* f = find_field(rules, k, field);
        if (!f) return unknown_field(fat, field);
        std::string_view set = value_set_of(f->type);
        if (set.empty()) return input_error{fat, "this field has no value list to map", "mapping_no_value_list"};
        const auto& ids = rules.value_ids.at(std::string(set));
        auto check = [&](const json& v, const std::string& vat) -> std::optional<input_error> {
          std::string names;
          for (const auto& id : ids) names += (names.empty() ? "" : ", ") + id;
          if (v.is_string())
            for (const auto& id : ids)
              if (id == v.get_ref<const std::string&>()) return std::nullopt;
          return input_error{vat, fmt::format("expected one of: {}; got {}", names, got(v)), "mapping_value_id", {{"allowed", names}, {"got", got(v)}}};
        };
        if (key == "constants") {
          if (auto err = check(spec, fat)) return *err;
          m.constants[field] = spec.get<std::string>();
        } else {
          if (!spec.is_object()) return input_error{fat, "expected an object of cell text → value", "mapping_cells_object"};
          for (auto& [cell, canon] : spec.items()) {
            if (auto err = check(canon, pointer_append(fat, cell))) return *err;
            m.values[field][normalize_key(cell)] = canon.get<std::string>();
          }
        }
      }
    } else if (key == "date_order") {
      if (value == "mdy") m.order = date_order::mdy;
      else if (value == "dmy") m.order = date_order::dmy;
      else if (!(value == "auto")) return input_error{at, "expected \"mdy\", \"dmy\" or \"auto\", got " + got(value), "mapping_date_order", {{"got", got(value)}}};
    } else {
      return input_error{at, "unknown member (expected format, kind, columns, values, constants, date_order)", "mapping_unknown_member"};
    }
  }
  return m;
}

namespace {

// A header cell without its bracketed parts: "时效截止时间(北京时间)" → "时效截止时间", "运费(USD)" → "运费".
std::string without_brackets(std::string_view s) {
  static constexpr std::string_view open[] = {"(", "[", "\xEF\xBC\x88", "\xE3\x80\x90"};   // ( [ （ 【
  static constexpr std::string_view close[] = {")", "]", "\xEF\xBC\x89", "\xE3\x80\x91"};  // ) ] ） 】
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    bool matched = false;
    for (std::size_t k = 0; k < 4 && !matched; ++k) {
      if (s.compare(i, open[k].size(), open[k]) == 0) ++depth, i += open[k].size(), matched = true;
      else if (s.compare(i, close[k].size(), close[k]) == 0) depth = depth > 0 ? depth - 1 : 0, i += close[k].size(), matched = true;
    }
    if (matched) continue;
    if (depth == 0) out += s[i];
    ++i;
  }
  return out;
}

}  // namespace

column_mapping propose_mapping(record_kind kind, const std::vector<std::vector<std::string>>& names, const import_rules& rules) {
  column_mapping m;
  m.kind = kind;
  std::vector<std::vector<std::string>> keys(names.size());
  for (std::size_t c = 0; c < names.size(); ++c)
    for (const auto& n : names[c])
      for (const std::string& k : {normalize_key(n), normalize_key(without_brackets(n))})
        if (!k.empty() && std::find(keys[c].begin(), keys[c].end(), k) == keys[c].end()) keys[c].push_back(k);
  std::vector<bool> taken(names.size(), false);
  for (const auto& f : rules.kind(kind).fields) {
    bool found = false;
    for (std::size_t h = 0; h < f.header_keys.size() && !found; ++h) {
      const std::string& want = f.header_keys[h];
      for (std::size_t c = 0; c < keys.size() && !found; ++c)
        if (!taken[c] && std::find(keys[c].begin(), keys[c].end(), want) != keys[c].end()) {
          m.columns[f.id] = column_choice{c, names[c].empty() ? std::string() : names[c].front(), false};
          taken[c] = found = true;
        }
    }
  }
  return m;
}

column_mapping propose_mapping(record_kind kind, const std::vector<std::string_view>& header, const import_rules& rules) {
  std::vector<std::vector<std::string>> names;
  names.reserve(header.size());
  for (auto h : header) names.push_back({std::string(h)});
  return propose_mapping(kind, names, rules);
}

result<column_mapping> apply_override(column_mapping m, const mapping_override& user,
                                      const std::vector<std::string_view>& header, const import_rules& rules) {
  for (const auto& [field, col] : user.columns) {
    if (col.header.empty() && col.number == 0) {
      m.columns.erase(field);
      continue;
    }
    std::optional<std::size_t> at;
    if (col.number > 0) {
      std::size_t n = col.number;
      if (n > header.size())
        return input_error{"row 1",
                           fmt::format("the mapping sets {} to column {}, but the header has {} columns", field, n, header.size()),
                           "mapping_column_beyond",
                           {{"field", field}, {"column", std::to_string(n)}, {"count", std::to_string(header.size())}}};
      at = n - 1;
    } else {
      for (std::size_t c = 0; c < header.size() && !at; ++c)
        if (header[c] == col.header) at = c;
      std::string want = normalize_key(col.header);
      for (std::size_t c = 0; c < header.size() && !at; ++c)
        if (normalize_key(header[c]) == want) at = c;
      if (!at) {
        std::string names;
        for (std::size_t c = 0; c < header.size() && c < 12; ++c) names += (c ? ", " : "") + std::string(header[c]);
        if (header.size() > 12) names += ", …";
        return input_error{"row 1",
                           fmt::format("the mapping sets {} to column \"{}\", which the header does not have (it has: {})",
                                       field, col.header, names),
                           "mapping_column_missing", {{"field", field}, {"header", col.header}, {"names", names}}};
      }
    }
    m.columns[field] = column_choice{*at, std::string(header[*at]), true};
  }
  // Two points in time read from one column make every transit or response 0: a mapping slip
  // (delivered_at set to the shipped_at column), never a layout.
  const auto& fields = rules.kind(m.kind).fields;
  auto is_time = [&](const std::string& id) {
    for (const auto& f : fields)
      if (f.id == id) return f.type == field_type::datetime || f.type == field_type::promise;
    return false;
  };
  for (auto a = m.columns.begin(); a != m.columns.end(); ++a)
    for (auto b = std::next(a); b != m.columns.end(); ++b)
      if (a->second.column == b->second.column && is_time(a->first) && is_time(b->first) &&
          (user.columns.count(a->first) || user.columns.count(b->first)))
        return input_error{"row 1",
                           fmt::format("the mapping reads both {} and {} from column \"{}\"; two times from one column "
                                       "would make every duration 0",
                                       a->first, b->first, a->second.header),
                           "error_mapping_same_column",
                           {{"first", a->first}, {"second", b->first}, {"column", a->second.header}}};
  for (const auto& [field, vals] : user.values)
    for (const auto& [cell, canon] : vals) m.values[field][cell] = canon;
  for (const auto& [field, value] : user.constants) m.constants[field] = value;
  if (user.order != date_order::unknown) m.order = user.order;
  return m;
}

std::string mapping_json(const column_mapping& m) {
  nlohmann::ordered_json j;
  j["format"] = "starsheet-mapping/1";
  j["kind"] = to_string(m.kind);
  j["columns"] = nlohmann::ordered_json::object();
  for (const auto& [field, c] : m.columns) j["columns"][field] = c.header;
  if (!m.values.empty()) j["values"] = m.values;
  if (!m.constants.empty()) j["constants"] = m.constants;
  if (m.order != date_order::unknown) j["date_order"] = m.order == date_order::mdy ? "mdy" : "dmy";
  return dump_json(j) + "\n";
}

}  // namespace starsheet
