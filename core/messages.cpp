#include "messages.h"

#include <cctype>

#include "json_text.h"
#include "report.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

const std::string* message_of(const rule_pack& pack, const std::string& key, lang l) {
  auto it = pack.messages.find(key);
  return it == pack.messages.end() ? nullptr : &it->second.in(l);
}

// Every "{name}" of `pattern` replaced by `value` (one pass, so a value holding braces stays as is).
std::string replace_all(const std::string& pattern, const std::string& name, const std::string& value) {
  std::string slot = "{" + name + "}", out;
  std::size_t from = 0;
  for (std::size_t at = pattern.find(slot); at != std::string::npos; at = pattern.find(slot, from)) {
    out.append(pattern, from, at - from);
    out += value;
    from = at + slot.size();
  }
  out.append(pattern, from, std::string::npos);
  return out;
}

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A label inside an English sentence starts lower case ("more than orders in the period"),
// unless it starts with an abbreviation ("DMS/ADAS …").
std::string inside_sentence(std::string label, lang l) {
  if (l == lang::en && label.size() > 1 && std::isupper(static_cast<unsigned char>(label[0])) &&
      std::islower(static_cast<unsigned char>(label[1])))
    label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
  return label;
}

// One pass over `text`: each "{name}" of an arg is replaced by its shown value (a value from the
// data that holds braces is never read as a slot).
std::string fill_args(const std::string& text, const input_error& e, const rule_pack& pack, lang l, int depth = 0) {
  std::string got_kind;
  for (const auto& [name, value] : e.args)
    if (name == "got_kind") got_kind = value;
  auto shown = [&](const std::string& name, const std::string& value) {
    if (ends_with(name, "field")) {
      std::string label = field_label(value, pack, l);
      return label.empty() ? value : inside_sentence(label, l);
    }
    if (name == "period_kind")
      for (const auto& k : pack.period_kinds)
        if (k.id == value) return k.label.in(l);
    if (name == "expected" && depth == 0)
      if (const std::string* m = message_of(pack, value, l)) return fill_args(*m, e, pack, l, depth + 1);
    if (name == "got" && !got_kind.empty())
      if (const std::string* m = message_of(pack, "got_" + got_kind, l)) return replace_all(*m, "value", value);
    return value;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{')
      for (const auto& [name, value] : e.args)
        if (text.compare(i + 1, name.size(), name) == 0 && text.compare(i + 1 + name.size(), 1, "}") == 0) {
          out += shown(name, value);
          i += name.size() + 2;
          replaced = true;
          break;
        }
    if (!replaced) out += text[i++];
  }
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string grouped(std::string_view number) {
  std::string_view sign, whole = number, fraction;
  if (!whole.empty() && whole[0] == '-') sign = whole.substr(0, 1), whole.remove_prefix(1);
  if (auto dot = whole.find('.'); dot != std::string_view::npos) fraction = whole.substr(dot), whole = whole.substr(0, dot);
  if (!all_digits(whole) || (!fraction.empty() && !all_digits(fraction.substr(1)))) return std::string(number);
  std::string out(sign);
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  out += fraction;
  return out;
}

std::string grouped(const rational& number) { return grouped(number.str()); }

void add_got(input_error& e, const json& v) {
  if (is_number_literal(v)) {
    e.args.emplace_back("got", grouped(number_text(v)));
    return;
  }
  std::string kind = v.is_string() ? "string" : v.is_boolean() ? "boolean" : v.is_array() ? "array" : v.is_object() ? "object" : "null";
  e.args.emplace_back("got_kind", kind);
  e.args.emplace_back("got", v.is_array() || v.is_object() ? std::string() : v.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string field_label(std::string_view pointer, const rule_pack& pack, lang l) {
  if (pointer.empty()) return {};
  if (const measure_rule* m = pack.find_measure(pointer)) return m->label.in(l);
  auto named = [&](const char* key) -> std::string {
    const std::string* m = message_of(pack, key, l);
    return m ? *m : std::string();
  };
  // An item of a list measure: "/measures/supplier_qualifications/1".
  if (auto slash = pointer.rfind('/'); slash != std::string_view::npos && slash > 0 && all_digits(pointer.substr(slash + 1))) {
    if (const measure_rule* m = pack.find_measure(pointer.substr(0, slash))) {
      std::string n = std::to_string(std::stoul(std::string(pointer.substr(slash + 1))) + 1);
      return replace_all(replace_all(named("field_item"), "field", m->label.in(l)), "n", n);
    }
  }
  static const std::pair<const char*, const char*> parts[] = {
      {"/format", "field_format"},         {"/provider", "field_provider"},   {"/period", "field_period"},
      {"/period/kind", "field_period_kind"}, {"/period/start", "field_period_start"},
      {"/period/end", "field_period_end"}, {"/what_if", "field_what_if"},   {"/measures", "field_measures"},
      {"/benchmarks", "field_benchmarks"}};
  for (const auto& [at, key] : parts)
    if (pointer == at) return named(key);
  if (pointer.rfind("/what_if/", 0) == 0)
    if (const indicator_rule* ind = pack.find_indicator(pointer.substr(9)))
      return replace_all(named("field_what_if_item"), "indicator", ind->label.in(l));
  return {};
}

localized_error localize(const input_error& e, const rule_pack& pack, lang l) {
  localized_error out;
  out.pointer = e.where;
  const std::string* text = e.key.empty() ? nullptr : message_of(pack, e.key, l);
  if (!text) {  // English as it was made: "pointer: message", no label of another language
    out.message = e.message;
    return out;
  }
  bool in_row = false;
  for (const auto& [name, value] : e.args) {
    if (name == "row") out.row = value, in_row = true;
    if (name == "pointer") out.pointer = value;
  }
  if (in_row && out.pointer == e.where) out.pointer.clear();  // "row N" is the log's, not a field
  out.field = field_label(out.pointer, pack, l);
  out.key = e.key;
  out.message = fill_args(*text, e, pack, l);
  return out;
}

std::string error_line(const localized_error& e, const rule_pack& pack, lang l, bool with_pointer) {
  const std::string* pattern = nullptr;
  if (!e.field.empty()) pattern = message_of(pack, with_pointer && !e.pointer.empty() ? "error_line_pointer" : "error_line", l);
  std::string line = pattern ? fill(*pattern, {{"field", e.field}, {"pointer", e.pointer}, {"message", e.message}})
                     : e.pointer.empty() ? e.message
                                         : e.pointer + ": " + e.message;
  if (e.row.empty()) return line;
  const std::string* at_row = message_of(pack, "error_at_row", l);
  return at_row ? fill(*at_row, {{"row", e.row}, {"line", line}}) : line;
}

std::string describe(const input_error& e, const rule_pack& pack, lang l) {
  return error_line(localize(e, pack, l), pack, l, true);
}

json error_json(const input_error& e, const rule_pack& pack, lang l) {
  localized_error le = localize(e, pack, l);
  json out{{"message", error_line(le, pack, l, false)}, {"field", le.field}, {"pointer", le.pointer},
            {"text", le.message}, {"key", le.key}};
  if (!le.row.empty()) out["row"] = le.row;
  return out;
}

const std::vector<std::string>& error_message_keys() {
  static const std::vector<std::string> keys = {
      "error_line", "error_line_pointer", "error_at_row",
      // what a field is, when it is not a measure
      "field_format", "field_provider", "field_period", "field_period_kind", "field_period_start", "field_period_end",
      "field_what_if", "field_what_if_item", "field_measures", "field_benchmarks", "field_item",
      // what a value was
      "got_string", "got_boolean", "got_array", "got_object", "got_null",
      // what a value should be
      "error_expected", "expect_count", "expect_amount", "expect_positive", "expect_fraction", "expect_level",
      "expect_id_list", "expect_id", "expect_amounts", "expect_object", "expect_group", "expect_document",
      "expect_format", "expect_provider", "expect_period", "expect_string", "expect_date", "expect_what_if",
      "expect_number", "expect_percent", "expect_percent_any", "expect_reduction", "expect_nonnegative",
      "expect_whole", "expect_choice",
      // the period document
      "error_missing", "error_format_missing", "error_unknown_item", "error_item_twice", "error_unknown_period_kind",
      "error_unknown_choice", "error_rate_two_names", "error_rate_same_currency",
      "error_period_reversed", "error_period_too_long", "error_unknown_indicator",
      // JSON text
      "error_json_syntax", "error_json_invalid", "error_json_long_number", "error_json_duplicate", "error_json_deep",
      // measures that contradict each other
      "error_part_above_whole", "error_no_baseline", "error_total_without_cases",
      "error_insured_above_damaged", "error_damaged_above_goods", "error_freights_without_parcels",
      "error_freights_count", "error_freight_without_parcels", "error_freight_zero_parcels", "error_late_above_orders",
      // a report read back for compare
      "error_report_other_pack", "error_report_edited_pack", "error_report_indicators", "error_report_no_entry",
      "error_report_status", "error_report_points", "error_report_total",
      // a filled measures template
      "table_not_measures", "table_value_without_measure", "table_unknown_measure", "table_measure_twice",
      "table_unknown_item", "table_unknown_value", "table_not_amounts", "table_not_number", "table_not_number_unit"};
  return keys;
}

}  // namespace starsheet
