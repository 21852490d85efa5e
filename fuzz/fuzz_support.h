// Shared by the libFuzzer targets: the default packs loaded once, and the checks every target
// makes on what the core returns. Built into each target by scripts/fuzz.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "default_import_rules.h"
#include "default_rules.h"
#include "import_rules.h"
#include "result.h"
#include "rules.h"

namespace fuzz {

inline const starsheet::rule_pack& pack() {
  static const starsheet::rule_pack p = [] {
    auto r = starsheet::load_rules(starsheet::default_rules_json());
    if (!r) std::abort();
    return std::move(*r);
  }();
  return p;
}

inline const starsheet::import_rules& import_rules() {
  static const starsheet::import_rules r = [] {
    auto x = starsheet::load_import_rules(starsheet::default_import_rules_json());
    if (!x) std::abort();
    return std::move(*x);
  }();
  return r;
}

/// An error must say what is wrong (the CLI prints it as the only line about the failure).
inline void check_error(const starsheet::input_error& e) {
  if (e.message.empty() && e.key.empty()) std::abort();
}

/// A JSON report must be JSON of the named format.
inline void check_json(const std::string& text, std::string_view format) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", std::string()) != format) std::abort();
}

/// Applies edits to a JSON document: each line "POINTER JSON" sets the member at the pointer
/// (creating it), so the fuzzer explores the meaning of a pack rather than its syntax. Lines
/// that are not edits are skipped.
inline void apply_edits(nlohmann::ordered_json& doc, std::string_view edits) {
  while (!edits.empty()) {
    std::size_t end = edits.find('\n');
    std::string_view line = edits.substr(0, end);
    edits = end == std::string_view::npos ? std::string_view() : edits.substr(end + 1);
    std::size_t space = line.find(' ');
    if (line.empty() || line[0] != '/' || space == std::string_view::npos) continue;
    auto value = nlohmann::ordered_json::parse(line.substr(space + 1), nullptr, false);
    if (value.is_discarded()) continue;
    try {
      nlohmann::ordered_json::json_pointer ptr(std::string(line.substr(0, space)));
      doc[ptr] = std::move(value);
    } catch (const nlohmann::json::exception&) {
      // A pointer through a scalar or past an array's end: not an edit.
    }
  }
}

/// The edited document as text: an edit may hold a string that is not UTF-8, which dump()
/// would throw on; it is replaced (the raw-text inputs test the readers on such bytes).
inline std::string dump(const nlohmann::ordered_json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace fuzz
