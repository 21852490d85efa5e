#include "period.h"

#include <fmt/format.h>

#include "json_text.h"

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

std::optional<input_error> read_set(const json& v, const std::string& at, const measure_rule& rule,
                                    measure_value& out) {
  if (!v.is_array()) return input_error{at, "expected a list of qualification ids, got " + got(v)};
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string item_at = pointer_append(at, std::to_string(i));
    if (!v[i].is_string()) return input_error{item_at, "expected a qualification id, got " + got(v[i])};
    const auto& id = v[i].get_ref<const std::string&>();
    bool known = false;
    std::string names;
    for (const auto& a : rule.allowed) {
      known = known || a.id == id;
      names += (names.empty() ? "" : ", ") + a.id;
    }
    if (!known) return input_error{item_at, fmt::format("unknown qualification \"{}\" (expected one of: {})", id, names)};
    for (const auto& seen : out.items)
      if (seen == id) return input_error{item_at, fmt::format("\"{}\" is listed twice", id)};
    out.items.push_back(id);
  }
  return std::nullopt;
}

std::optional<input_error> read_amounts(const json& v, const std::string& at, measure_value& out) {
  if (!v.is_array()) return input_error{at, "expected a list of numbers ≥ 0, got " + got(v)};
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::string item_at = pointer_append(at, std::to_string(i));
    if (!is_number_literal(v[i])) return input_error{item_at, "expected a number ≥ 0, got " + got(v[i])};
    rational n = exact_number(v[i]);
    if (n.is_negative()) return input_error{item_at, "expected a number ≥ 0, got " + number_text(v[i])};
    out.numbers.push_back(std::move(n));
  }
  return std::nullopt;
}

std::optional<input_error> read_measure(const json& v, const std::string& at, const measure_rule& rule,
                                        measure_value& out) {
  if (rule.type == measure_type::set) return read_set(v, at, rule, out);
  if (rule.type == measure_type::amounts) return read_amounts(v, at, out);
  std::string expected;
  switch (rule.type) {
    case measure_type::count: expected = "a whole number ≥ 0"; break;
    case measure_type::amount: expected = "a number ≥ 0"; break;
    case measure_type::positive: expected = "a number > 0"; break;
    case measure_type::fraction: expected = "a number from 0 to 1"; break;
    case measure_type::level:
      expected = fmt::format("a whole number from {} to {}", rule.min->str(), rule.max->str());
      break;
    case measure_type::set:
    case measure_type::amounts: break;
  }
  if (!is_number_literal(v)) return input_error{at, fmt::format("expected {}, got {}", expected, got(v))};
  rational n = exact_number(v);
  bool ok = true;
  switch (rule.type) {
    case measure_type::count: ok = !n.is_negative() && n.is_integer(); break;
    case measure_type::amount: ok = !n.is_negative(); break;
    case measure_type::positive: ok = n > rational(0); break;
    case measure_type::fraction: ok = !n.is_negative() && n <= rational(1); break;
    case measure_type::level: ok = n.is_integer() && n >= *rule.min && n <= *rule.max; break;
    case measure_type::set:
    case measure_type::amounts: break;
  }
  if (!ok) return input_error{at, fmt::format("expected {}, got {}", expected, number_text(v))};
  out.number = n;
  return std::nullopt;
}

// What a what-if value may be for an indicator, from its formula: a share of a whole is 0–100 %,
// a reduction at most 100 %, a mean or ratio at least 0, a level or count a whole number in its range.
std::optional<std::string> what_if_out_of_range(const indicator_rule& rule, const rule_pack& pack, const rational& v) {
  const formula& f = rule.calc;
  const rational zero(0), hundred(100);
  switch (f.kind) {
    case formula_kind::ratio_percent:
      if (!f.numerator_is_part) return v.is_negative() ? std::optional<std::string>("a percentage of 0 or more") : std::nullopt;
      [[fallthrough]];
    case formula_kind::complement_percent:
      return v < zero || v > hundred ? std::optional<std::string>("a percentage from 0 to 100") : std::nullopt;
    case formula_kind::reduction_percent:
      return v > hundred ? std::optional<std::string>("a reduction of at most 100 %") : std::nullopt;
    case formula_kind::mean:
    case formula_kind::benchmark_ratio:
      return v.is_negative() ? std::optional<std::string>("a number of 0 or more") : std::nullopt;
    case formula_kind::set_count: {
      const measure_rule* m = pack.find_measure(f.measure);
      auto most = static_cast<std::int64_t>(m ? m->allowed.size() : 0);
      if (!v.is_integer() || v.is_negative() || v > rational(most))
        return fmt::format("a whole number from 0 to {}", most);
      return std::nullopt;
    }
    case formula_kind::value: {
      const measure_rule* m = pack.find_measure(f.measure);
      if (m && m->type == measure_type::level && m->min && m->max) {
        if (!v.is_integer() || v < *m->min || v > *m->max)
          return fmt::format("a whole number from {} to {}", m->min->str(), m->max->str());
        return std::nullopt;
      }
      return !v.is_integer() || v.is_negative() ? std::optional<std::string>("a whole number of 0 or more") : std::nullopt;
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
  if (!node.is_object()) return input_error{at, "expected an object, got " + got(node)};
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
        return input_error{child, "expected an object of measures (such as " + inside->pointer + "), got " + got(value)};
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
  if (!doc.is_object()) return input_error{"", "expected a JSON object (a starsheet-period/1 document), got " + got(doc)};

  auto format = doc.find("format");
  if (format == doc.end()) return input_error{"/format", "required member is missing (expected \"starsheet-period/1\")"};
  if (!format->is_string() || *format != "starsheet-period/1")
    return input_error{"/format", "expected \"starsheet-period/1\", got " + format->dump()};

  period_data out;
  for (auto& [key, value] : doc.items()) {
    std::string at = pointer_append("", key);
    if (key == "format") continue;
    if (key == "provider") {
      if (!value.is_string()) return input_error{at, "expected the provider's name as a string, got " + got(value)};
      out.provider = value.get<std::string>();
    } else if (key == "period") {
      if (!value.is_object()) return input_error{at, "expected an object with kind, start and end, got " + got(value)};
      period_info info;
      for (const char* field : {"kind", "start", "end"}) {
        auto it = value.find(field);
        std::string fat = pointer_append(at, field);
        if (it == value.end()) return input_error{fat, "required member is missing"};
        if (!it->is_string()) return input_error{fat, "expected a string, got " + got(*it)};
      }
      info.kind = value["kind"].get<std::string>();
      std::string kinds;
      const period_kind* known = nullptr;
      for (const auto& k : pack.period_kinds) {
        if (k.id == info.kind) known = &k;
        kinds += (kinds.empty() ? "" : ", ") + k.id;
      }
      if (!known) return input_error{at + "/kind", fmt::format("unknown period kind \"{}\" (expected one of: {})", info.kind, kinds)};
      info.start = value["start"].get<std::string>();
      info.end = value["end"].get<std::string>();
      auto start = parse_iso_date(info.start);
      if (!start) return input_error{at + "/start", fmt::format("expected a date as YYYY-MM-DD, got \"{}\"", info.start)};
      auto end = parse_iso_date(info.end);
      if (!end) return input_error{at + "/end", fmt::format("expected a date as YYYY-MM-DD, got \"{}\"", info.end)};
      if (*end < *start)
        return input_error{at + "/end", fmt::format("the period ends ({}) before it starts ({})", info.end, info.start)};
      if (*end - *start + 1 > known->max_days)
        return input_error{at + "/end", fmt::format("a {} covers at most {} days; {} to {} is {} days", info.kind,
                                                    known->max_days, info.start, info.end, *end - *start + 1)};
      for (auto& [pkey, pvalue] : value.items())
        if (pkey != "kind" && pkey != "start" && pkey != "end") out.ignored.push_back(pointer_append(at, pkey));
      out.period = info;
    } else if (key == "what_if") {
      if (!value.is_object()) return input_error{at, "expected an object of indicator ids and values, got " + got(value)};
      for (auto& [id, v] : value.items()) {
        std::string vat = pointer_append(at, id);
        const indicator_rule* rule = pack.find_indicator(id);
        if (!rule) return input_error{vat, fmt::format("unknown indicator \"{}\"", id)};
        if (v.is_null()) continue;
        if (!is_number_literal(v)) return input_error{vat, "expected a number, got " + got(v)};
        rational n = exact_number(v);
        if (auto expected = what_if_out_of_range(*rule, pack, n))
          return input_error{vat, fmt::format("expected {}, got {}", *expected, number_text(v))};
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
