// Internal to the core (not public API): typed reads from a JSON document that keep the first
// error, for the rule-pack loaders. After a failure every call returns a neutral value, so a
// loader reads straight through and checks once at the end.
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exact.h"
#include "json_text.h"
#include "result.h"
#include "rules.h"

namespace starsheet {

class json_reader {
 public:
  using json = nlohmann::ordered_json;

  bool failed() const { return error_.has_value(); }
  const input_error& error() const { return *error_; }

  void fail(std::string where, std::string message) {
    if (!error_) error_ = input_error{std::move(where), std::move(message)};
  }

  const json* member(const json& obj, const char* key, const std::string& at, bool required = true) {
    if (failed()) return nullptr;
    if (!obj.is_object()) {
      fail(at, "expected an object");
      return nullptr;
    }
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(pointer_append(at, key), "required member is missing");
      return nullptr;
    }
    return &*it;
  }

  std::string string(const json& obj, const char* key, const std::string& at) {
    const json* v = member(obj, key, at);
    if (!v) return {};
    if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
      fail(pointer_append(at, key), "expected a non-empty string");
      return {};
    }
    return v->get<std::string>();
  }

  std::vector<std::string> strings(const json& obj, const char* key, const std::string& at) {
    std::vector<std::string> out;
    const json* v = member(obj, key, at, false);
    if (!v) return out;
    if (!v->is_array()) {
      fail(pointer_append(at, key), "expected an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) {
        fail(pointer_append(pointer_append(at, key), std::to_string(i)), "expected a string");
        return out;
      }
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }

  text bilingual(const json& obj, const char* key, const std::string& at) {
    const json* v = member(obj, key, at);
    if (!v) return {};
    std::string where = pointer_append(at, key);
    return text{string(*v, "zh", where), string(*v, "en", where)};
  }

  std::optional<rational> number(const json& obj, const char* key, const std::string& at, bool required = true) {
    const json* v = member(obj, key, at, required);
    if (!v) return std::nullopt;
    if (!is_number_literal(*v)) {
      fail(pointer_append(at, key), "expected a number");
      return std::nullopt;
    }
    return exact_number(*v);
  }

  // Points are multiples of half a point; stored as whole half-points.
  int half_points(const json& obj, const char* key, const std::string& at) {
    auto v = number(obj, key, at);
    if (!v) return 0;
    rational twice = *v * rational(2);
    if (v->is_negative() || !twice.is_integer() || twice > rational(2000)) {
      fail(pointer_append(at, key), fmt::format("expected points as a non-negative multiple of 0.5, got {}", v->str()));
      return 0;
    }
    return static_cast<int>(twice.to_double());
  }

  const json& array(const json& obj, const char* key, const std::string& at, bool allow_empty = false) {
    static const json empty = json::array();
    const json* v = member(obj, key, at);
    if (!v) return empty;
    if (!v->is_array() || (v->empty() && !allow_empty)) {
      fail(pointer_append(at, key), allow_empty ? "expected an array" : "expected a non-empty array");
      return empty;
    }
    return *v;
  }

  template <class Enum>
  Enum choice(const json& obj, const char* key, const std::string& at,
              std::initializer_list<std::pair<const char*, Enum>> options) {
    std::string s = string(obj, key, at);
    if (failed()) return options.begin()->second;
    std::string names;
    for (auto& [name, value] : options) {
      if (s == name) return value;
      names += names.empty() ? "" : ", ";
      names += name;
    }
    fail(pointer_append(at, key), fmt::format("unknown value \"{}\" (expected one of: {})", s, names));
    return options.begin()->second;
  }

 private:
  std::optional<input_error> error_;
};

}  // namespace starsheet
