#include "json_text.h"

#include <cmath>
#include <set>
#include <vector>

#include "messages.h"

namespace starsheet {

using json = nlohmann::ordered_json;

namespace {

// The subtype that marks a binary node as a number literal (see json_text.h).
constexpr std::uint64_t literal_subtype = 0x4e;  // 'N'
// Far beyond any period, pack or mapping file; keeps a hostile file from building a DOM whose
// recursive destruction or rendering could exhaust the stack.
constexpr std::size_t max_depth = 256;
// Digits and exponent of a number literal. Exact arithmetic on a literal costs in its length and
// exponent; no measure needs more than a few dozen digits.
constexpr std::size_t max_literal = 400;

std::size_t exponent_of(const std::string& literal) {
  auto e = literal.find_first_of("eE");
  if (e == std::string::npos) return 0;
  std::size_t v = 0;
  for (std::size_t i = e + 1; i < literal.size(); ++i)
    if (literal[i] >= '0' && literal[i] <= '9' && (v = v * 10 + static_cast<std::size_t>(literal[i] - '0')) > 100000) return v;
  return v;
}

// Builds the DOM from nlohmann's SAX events. Ours rather than nlohmann's builder for three
// reasons: members are appended in O(1) (ordered_map's own insert searches linearly, so an
// object of n members cost O(n²)), a member written twice is an error that names it, and a
// number whose literal a double cannot hold exactly is kept as its literal text.
class dom_builder {
 public:
  explicit dom_builder(json& root) : root_(root) {}

  bool null() { return put(json(nullptr)); }
  bool boolean(bool v) { return put(json(v)); }
  bool number_integer(json::number_integer_t v) { return put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
  bool number_float(json::number_float_t v, const std::string& literal) {
    // A double is kept when it gives back exactly the decimal that was written (its shortest
    // round-trip form is that literal): "0.95", "12.5". Otherwise ("98.99999999999999999",
    // "9900.000000000000001", a 25-digit integer, "1e-400") the literal itself is kept.
    if (literal.size() > max_literal || exponent_of(literal) > max_literal) {
      std::string shown = literal.substr(0, 40) + (literal.size() > 40 ? "…" : "");
      error = input_error{pointer_here(),
                          "the number " + shown + " has more digits or a larger exponent than Starsheet reads (" +
                              std::to_string(max_literal) + ")",
                          "error_json_long_number", {{"number", shown}, {"max", std::to_string(max_literal)}}};
      return false;
    }
    auto exact = rational::from_decimal(literal);
    if (exact && std::isfinite(v) && *exact == rational::from_double(v)) return put(json(v));
    return put(json::binary(json::binary_t::container_type(literal.begin(), literal.end()), literal_subtype));
  }
  bool string(std::string& v) { return put(json(std::move(v))); }
  bool binary(json::binary_t& v) { return put(json(std::move(v))); }

  bool start_object(std::size_t) {
    if (!open(json::object())) return false;
    keys_.emplace_back();
    return true;
  }
  bool key(std::string& k) {
    auto& seen = keys_.back();
    if (!seen.insert(k).second) {
      error = input_error{pointer(), "the member \"" + k + "\" is written twice; keep one", "error_json_duplicate", {{"name", k}}};
      return false;
    }
    auto& members = static_cast<json::object_t::Container&>(stack_.back()->get_ref<json::object_t&>());
    members.emplace_back(k, nullptr);
    slot_ = &members.back().second;
    tokens_.push_back(k);
    return true;
  }
  bool end_object() {
    keys_.pop_back();
    return close();
  }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() { return close(); }

  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& ex) {
    std::string what = ex.what();
    // Drop the "[json.exception.parse_error.101] " tag: users need the place and the reason.
    if (auto close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what.erase(0, close + 2);
    if (error) return false;
    error = input_error{"", "not valid JSON: " + what, "error_json_invalid", {}};
    // "parse error at line 7, column 5: syntax error while parsing …": the place, for the packs.
    unsigned line = 0, column = 0;
    if (auto at = what.find(" at line "); at != std::string::npos &&
        std::sscanf(what.c_str() + at, " at line %u, column %u", &line, &column) == 2) {
      error->key = "error_json_syntax";
      auto colon = what.find(": ", at);
      error->args = {{"line", grouped(std::to_string(line))}, {"column", grouped(std::to_string(column))},
                     {"detail", colon == std::string::npos ? std::string() : what.substr(colon + 2)}};
    }
    return false;
  }

  std::optional<input_error> error;

 private:
  // Places a scalar where the next value goes: the root, the end of the open array, or the slot
  // of the member whose key came last.
  bool put(json&& v) {
    place(std::move(v));
    if (!stack_.empty() && stack_.back()->is_object()) tokens_.pop_back();
    return true;
  }
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      auto& items = top.get_ref<json::array_t&>();
      items.push_back(std::move(v));
      return &items.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }
  bool open(json&& container) {
    if (stack_.size() >= max_depth) {
      error = input_error{pointer(), "the document is nested more than " + std::to_string(max_depth) + " levels deep",
                          "error_json_deep", {{"max", std::to_string(max_depth)}}};
      return false;
    }
    bool in_array = !stack_.empty() && stack_.back()->is_array();
    if (in_array) tokens_.push_back(std::to_string(stack_.back()->size()));
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    if (!stack_.empty()) tokens_.pop_back();  // the key or index this container was stored under
    return true;
  }
  // The pointer of the value about to be placed (its key is already on tokens_ in an object).
  std::string pointer_here() const {
    std::string out = pointer();
    if (!stack_.empty() && stack_.back()->is_array()) out = pointer_append(out, std::to_string(stack_.back()->size()));
    return out;
  }
  std::string pointer() const {
    std::string out;
    for (const auto& t : tokens_) out = pointer_append(out, t);
    return out;
  }

  json& root_;
  std::vector<json*> stack_;                          // open containers, outermost first
  std::vector<std::set<std::string>> keys_;  // member names of each open object (a set type the core already has)
  std::vector<std::string> tokens_;                    // JSON pointer of the value being read
  json* slot_ = nullptr;
};

}  // namespace

result<json> parse_json(std::string_view text) {
  json root;
  dom_builder builder(root);
  bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true);
  if (builder.error) return *builder.error;
  if (!ok) return input_error{"", "not valid JSON: parse error", "error_json_invalid", {}};
  return root;
}

bool is_number_literal(const json& v) {
  return v.is_number() || (v.is_binary() && v.get_binary().has_subtype() && v.get_binary().subtype() == literal_subtype);
}

rational exact_number(const json& n) {
  if (n.is_binary()) {
    const auto& bytes = n.get_binary();
    // Only dom_builder makes these, from a literal the JSON lexer accepted.
    return *rational::from_decimal(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  if (n.is_number_unsigned()) {
    auto v = n.get<std::uint64_t>();
    return rational(false, big_uint(v), big_uint(1));
  }
  if (n.is_number_integer()) return rational(n.get<std::int64_t>());
  return rational::from_double(n.get<double>());
}

std::string number_text(const json& n) {
  if (n.is_binary()) {
    const auto& bytes = n.get_binary();
    return std::string(bytes.begin(), bytes.end());
  }
  return n.dump();
}

namespace {

// A JSON number literal as a plain decimal with no superfluous zeros and no exponent: "5.0",
// "5" and "5e0" are all "5", "0.50" and "5E-1" are "0.5". Literals are at most max_literal long,
// so the expansion is bounded.
std::string plain_decimal(const std::string& literal) {
  std::size_t i = 0;
  bool negative = i < literal.size() && literal[i] == '-';
  if (negative) ++i;
  std::string digits;
  long point = 0;
  bool after_point = false;
  for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
    if (literal[i] == '.') after_point = true;
    else digits += literal[i], point += after_point ? 0 : 1;
  }
  long exponent = 0;
  if (i < literal.size()) {
    bool minus = ++i < literal.size() && literal[i] == '-';
    if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) ++i;
    for (; i < literal.size(); ++i) exponent = exponent * 10 + (literal[i] - '0');  // ≤ max_literal digits long
    if (minus) exponent = -exponent;
  }
  point += exponent;
  std::size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) return "0";
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  digits.erase(digits.find_last_not_of('0') + 1);
  std::string out = negative ? "-" : "";
  auto size = static_cast<long>(digits.size());
  if (point <= 0) out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  else if (point >= size) out += digits + std::string(static_cast<std::size_t>(point - size), '0');
  else out += digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
  return out;
}

void append_canonical(const json& v, std::string& out) {
  if (v.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : v.items()) {
      if (!first) out += ',';
      first = false;
      out += json(key).dump(-1, ' ', false, json::error_handler_t::replace);
      out += ':';
      append_canonical(member, out);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      append_canonical(v[i], out);
    }
    out += ']';
  } else if (is_number_literal(v)) {
    out += plain_decimal(number_text(v));
  } else {
    out += v.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

}  // namespace

std::string canonical_text(const json& value) {
  std::string out;
  append_canonical(value, out);
  return out;
}

std::string dump_json(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string pointer_append(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace starsheet
