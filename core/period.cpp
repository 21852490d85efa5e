#include "period.h"

#include <fmt/format.h>

#include "json_text.h"
#include "messages.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

std::string got(const json& v) {
  if (v.is_string()) return fmt::format("a string ({})", v.dump(-1, ' ', false, json::error_handler_t::replace));
  if (v.is_boolean()) return fmt::format("a boolean ({})", v.dump());
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return number_text(v);
}

// "expected …, got …": the English message, and the key of what was expected for the packs.
input_error expected(std::string at, const std::string& english, const char* key, const json& v,
                     std::vector<std::pair<std::string, std::string>> args = {}) {
  input_error e{std::move(at), fmt::format("expected {}, got {}", english, got(v)), "error_expected", std::move(args)};
  e.args.emplace_back("expected", key);
  add_got(e, v);
  return e;
}

input_error not_a_date(std::string at, const std::string& written) {
  return input_error{std::move(at), fmt::format("expected a date as YYYY-MM-DD, got \"{}\"", written), "error_expected",
                     {{"expected", "expect_date"}, {"got", "\"" + written + "\""}}};
}

std::optional<input_error> read_set(const json& v, const std::string& at, const measure_rule& rule,
                                    measure_value& out) {
  if (!v.is_array()) return expected(at, "a list of qualification ids", "expect_id_list", v);
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string item_at = pointer_append(at, std::to_string(i));
    if (!v[i].is_string()) return expected(item_at, "a qualification id", "expect_id", v[i]);
    const auto& id = v[i].get_ref<const std::string&>();
    bool known = false;
    std::string names;
    for (const auto& a : rule.allowed) {
      known = known || a.id == id;
      names += (names.empty() ? "" : ", ") + a.id;
    }
    if (!known)
      return input_error{item_at, fmt::format("unknown qualification \"{}\" (expected one of: {})", id, names),
                         "error_unknown_item", {{"id", id}, {"names", names}}};
    for (const auto& seen : out.items)
      if (seen == id) return input_error{item_at, fmt::format("\"{}\" is listed twice", id), "error_item_twice", {{"id", id}}};
    out.items.push_back(id);
  }
  return std::nullopt;
}

std::optional<input_error> read_choice(const json& v, const std::string& at, const measure_rule& rule,
                                       measure_value& out) {
  std::string names;
  for (const auto& a : rule.allowed) names += (names.empty() ? "" : ", ") + a.id;
  if (!v.is_string()) return expected(at, "one of: " + names, "expect_choice", v, {{"names", names}});
  const auto& id = v.get_ref<const std::string&>();
  for (const auto& a : rule.allowed)
    if (a.id == id) {
      out.items = {id};
      return std::nullopt;
    }
  return input_error{at, fmt::format("unknown value \"{}\" (expected one of: {})", id, names), "error_unknown_choice",
                     {{"id", id}, {"names", names}}};
}

std::optional<input_error> read_amounts(const json& v, const std::string& at, measure_value& out) {
  if (!v.is_array()) return expected(at, "a list of numbers ≥ 0", "expect_amounts", v);
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string item_at = pointer_append(at, std::to_string(i));
    if (!is_number_literal(v[i])) return expected(item_at, "a number ≥ 0", "expect_amount", v[i]);
    rational n = exact_number(v[i]);
    if (n.is_negative()) return expected(item_at, "a number ≥ 0", "expect_amount", v[i]);
    out.numbers.push_back(std::move(n));
  }
  return std::nullopt;
}

std::optional<input_error> read_measure(const json& v, const std::string& at, const measure_rule& rule,
                                        measure_value& out) {
  if (rule.type == measure_type::set) return read_set(v, at, rule, out);
  if (rule.type == measure_type::amounts) return read_amounts(v, at, out);
  if (rule.type == measure_type::choice) return read_choice(v, at, rule, out);
  std::string english;
  const char* key = "";
  std::vector<std::pair<std::string, std::string>> range;
  switch (rule.type) {
    case measure_type::count: english = "a whole number ≥ 0", key = "expect_count"; break;
    case measure_type::amount: english = "a number ≥ 0", key = "expect_amount"; break;
    case measure_type::positive: english = "a number > 0", key = "expect_positive"; break;
    case measure_type::fraction: english = "a number from 0 to 1", key = "expect_fraction"; break;
    case measure_type::level:
      english = fmt::format("a whole number from {} to {}", rule.min->str(), rule.max->str()), key = "expect_level";
      range = {{"min", grouped(*rule.min)}, {"max", grouped(*rule.max)}};
      break;
    case measure_type::set:
    case measure_type::amounts:
    case measure_type::choice: break;
  }
  if (!is_number_literal(v)) return expected(at, english, key, v, range);
  rational n = exact_number(v);
  bool ok = true;
  switch (rule.type) {
    case measure_type::count: ok = !n.is_negative() && n.is_integer(); break;
    case measure_type::amount: ok = !n.is_negative(); break;
    case measure_type::positive: ok = n > rational(0); break;
    case measure_type::fraction: ok = !n.is_negative() && n <= rational(1); break;
    case measure_type::level: ok = n.is_integer() && n >= *rule.min && n <= *rule.max; break;
    case measure_type::set:
    case measure_type::amounts:
    case measure_type::choice: break;
  }
  if (!ok) return expected(at, english, key, v, range);
  out.number = n;
  return std::nullopt;
}

// What a what-if value may be for an indicator, from its formula: a share of a whole is 0–100 %,
// a reduction at most 100 %, a mean or ratio at least 0, a level or count a whole number in its range.
struct what_if_range {
  std::string english;
  const char* key;
  std::vector<std::pair<std::string, std::string>> args;
};

std::optional<what_if_range> what_if_out_of_range(const indicator_rule& rule, const rule_pack& pack, const rational& v) {
  const formula& f = rule.calc;
  const rational zero(0), hundred(100);
  auto whole_range = [](const rational& lo, const rational& hi) {
    return what_if_range{fmt::format("a whole number from {} to {}", lo.str(), hi.str()), "expect_level",
                         {{"min", grouped(lo)}, {"max", grouped(hi)}}};
  };
  switch (f.kind) {
    case formula_kind::ratio_percent:
      if (!f.numerator_is_part)
        return v.is_negative() ? std::optional<what_if_range>({"a percentage of 0 or more", "expect_percent_any", {}}) : std::nullopt;
      [[fallthrough]];
    case formula_kind::complement_percent:
      return v < zero || v > hundred ? std::optional<what_if_range>({"a percentage from 0 to 100", "expect_percent", {}}) : std::nullopt;
    case formula_kind::reduction_percent:
      return v > hundred ? std::optional<what_if_range>({"a reduction of at most 100 %", "expect_reduction", {}}) : std::nullopt;
    case formula_kind::mean:
    case formula_kind::benchmark_ratio:
      return v.is_negative() ? std::optional<what_if_range>({"a number of 0 or more", "expect_nonnegative", {}}) : std::nullopt;
    case formula_kind::set_count: {
      const measure_rule* m = pack.find_measure(f.measure);
      auto most = static_cast<std::int64_t>(m ? m->allowed.size() : 0);
      if (!v.is_integer() || v.is_negative() || v > rational(most)) return whole_range(rational(0), rational(most));
      return std::nullopt;
    }
    case formula_kind::value: {
      const measure_rule* m = pack.find_measure(f.measure);
      if (m && m->type == measure_type::level && m->min && m->max) {
        if (!v.is_integer() || v < *m->min || v > *m->max) return whole_range(*m->min, *m->max);
        return std::nullopt;
      }
      return !v.is_integer() || v.is_negative() ? std::optional<what_if_range>({"a whole number of 0 or more", "expect_whole", {}})
                                                : std::nullopt;
    }
  }
  return std::nullopt;
}

// The first measure of the pack inside the group `pointer` ("/measures/transit"), or null when
// `pointer` names no group of measures.
const measure_rule* first_measure_under(const rule_pack& pack, const std::string& pointer) {
  std::string prefix = pointer + "/";
  for (const auto& m : pack.measures)
    if (m.pointer.rfind(prefix, 0) == 0) return &m;
  return nullptr;
}

// Walks a measures or benchmarks subtree: known leaves are read, known groups recursed into,
// anything else is recorded as ignored so that a typo stays visible.
std::optional<input_error> walk(const json& node, const std::string& at, const rule_pack& pack, period_data& out) {
  if (!node.is_object()) return expected(at, "an object", "expect_object", node);
  for (auto& [key, value] : node.items()) {
    std::string child = pointer_append(at, key);
    if (const measure_rule* rule = pack.find_measure(child)) {
      if (value.is_null()) continue;  // an explicit null reads as absent
      measure_value mv;
      if (auto err = read_measure(value, child, *rule, mv)) return err;
      out.measures[child] = std::move(mv);
    } else if (const measure_rule* inside = first_measure_under(pack, child)) {
      // A group of measures ("transit", "cost") given as a number or string is a mistake to
      // name, not a member to list as ignored.
      if (value.is_null()) continue;
      if (!value.is_object())
        return expected(child, "an object of measures (such as " + inside->pointer + ")", "expect_group", value,
                        {{"example_field", inside->pointer}});
      if (auto err = walk(value, child, pack, out)) return err;
    } else {
      out.ignored.push_back(child);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<long> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> long {
    long v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  long y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > month_days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  // Days from civil (Howard Hinnant's algorithm).
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

result<period_data> parse_period(std::string_view json_text, const rule_pack& pack) {
  auto parsed = parse_json(json_text);
  if (!parsed) return parsed.error();
  const json& doc = *parsed;
  if (!doc.is_object()) return expected("", "a JSON object (a starsheet-period/1 document)", "expect_document", doc);

  auto format = doc.find("format");
  if (format == doc.end())
    return input_error{"/format", "required member is missing (expected \"starsheet-period/1\")", "error_format_missing", {}};
  if (!format->is_string() || *format != "starsheet-period/1") {
    input_error e{"/format", "expected \"starsheet-period/1\", got " + format->dump(), "error_expected", {{"expected", "expect_format"}}};
    e.args.emplace_back("got", format->is_string() ? format->dump() : got(*format));  // the value as written
    return e;
  }

  period_data out;
  for (auto& [key, value] : doc.items()) {
    std::string at = pointer_append("", key);
    if (key == "format") continue;
    if (key == "provider") {
      if (!value.is_string()) return expected(at, "the provider's name as a string", "expect_provider", value);
      out.provider = value.get<std::string>();
    } else if (key == "period") {
      if (!value.is_object()) return expected(at, "an object with kind, start and end", "expect_period", value);
      period_info info;
      for (const char* field : {"kind", "start", "end"}) {
        auto it = value.find(field);
        std::string fat = pointer_append(at, field);
        if (it == value.end()) return input_error{fat, "required member is missing", "error_missing", {}};
        if (!it->is_string()) return expected(fat, "a string", "expect_string", *it);
      }
      info.kind = value["kind"].get<std::string>();
      std::string kinds;
      const period_kind* known = nullptr;
      for (const auto& k : pack.period_kinds) {
        if (k.id == info.kind) known = &k;
        kinds += (kinds.empty() ? "" : ", ") + k.id;
      }
      if (!known)
        return input_error{at + "/kind", fmt::format("unknown period kind \"{}\" (expected one of: {})", info.kind, kinds),
                           "error_unknown_period_kind", {{"kind", info.kind}, {"kinds", kinds}}};
      info.start = value["start"].get<std::string>();
      info.end = value["end"].get<std::string>();
      auto start = parse_iso_date(info.start);
      if (!start) return not_a_date(at + "/start", info.start);
      auto end = parse_iso_date(info.end);
      if (!end) return not_a_date(at + "/end", info.end);
      if (*end < *start)
        return input_error{at + "/end", fmt::format("the period ends ({}) before it starts ({})", info.end, info.start),
                           "error_period_reversed", {{"start", info.start}, {"end", info.end}}};
      if (*end - *start + 1 > known->max_days)
        return input_error{at + "/end",
                           fmt::format("a {} covers at most {} days; {} to {} is {} days", info.kind, known->max_days,
                                       info.start, info.end, *end - *start + 1),
                           "error_period_too_long",
                           {{"period_kind", info.kind}, {"max", grouped(rational(known->max_days))},
                            {"start", info.start}, {"end", info.end}, {"days", grouped(rational(*end - *start + 1))}}};
      for (auto& [pkey, pvalue] : value.items())
        if (pkey != "kind" && pkey != "start" && pkey != "end") out.ignored.push_back(pointer_append(at, pkey));
      out.period = info;
    } else if (key == "what_if") {
      if (!value.is_object()) return expected(at, "an object of indicator ids and values", "expect_what_if", value);
      for (auto& [id, v] : value.items()) {
        std::string vat = pointer_append(at, id);
        const indicator_rule* rule = pack.find_indicator(id);
        if (!rule) return input_error{vat, fmt::format("unknown indicator \"{}\"", id), "error_unknown_indicator", {{"id", id}}};
        if (v.is_null()) continue;
        if (!is_number_literal(v)) return expected(vat, "a number", "expect_number", v);
        rational n = exact_number(v);
        if (auto range = what_if_out_of_range(*rule, pack, n)) return expected(vat, range->english, range->key, v, range->args);
        out.what_if[id] = std::move(n);
      }
    } else if (key == "measures" || key == "benchmarks") {
      if (auto err = walk(value, at, pack, out)) return *err;
    } else {
      out.ignored.push_back(at);
    }
  }
  return out;
}

}  // namespace starsheet
