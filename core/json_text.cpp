#include "json_text.h"

namespace starsheet {

namespace {

// nlohmann builds the DOM through this SAX interface; wrapping it lets us keep the parser's
// own error text (with line and column) without enabling exceptions.
class dom_builder : public nlohmann::detail::json_sax_dom_parser<nlohmann::ordered_json> {
 public:
  explicit dom_builder(nlohmann::ordered_json& root) : json_sax_dom_parser(root, false) {}

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& ex) {
    std::string what = ex.what();
    // Drop the "[json.exception.parse_error.101] " tag: users need the place and the reason.
    if (auto close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what.erase(0, close + 2);
    message = what;
    return json_sax_dom_parser::parse_error(position, token, ex);
  }

  std::string message;
};

}  // namespace

result<nlohmann::ordered_json> parse_json(std::string_view text) {
  nlohmann::ordered_json root;
  dom_builder builder(root);
  bool ok = nlohmann::ordered_json::sax_parse(text.begin(), text.end(), &builder,
                                      nlohmann::ordered_json::input_format_t::json, true);
  if (!ok || !builder.message.empty())
    return input_error{"", "not valid JSON: " + (builder.message.empty() ? std::string("parse error") : builder.message)};
  return root;
}

rational exact_number(const nlohmann::ordered_json& n) {
  if (n.is_number_unsigned()) {
    auto v = n.get<std::uint64_t>();
    return rational(false, big_uint(v), big_uint(1));
  }
  if (n.is_number_integer()) return rational(n.get<std::int64_t>());
  return rational::from_double(n.get<double>());
}

std::string dump_json(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
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
