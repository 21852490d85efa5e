// The import rule pack of rules/import.json, compiled into the binary.
#pragma once

#include <string_view>

namespace starsheet {

/// The text of the default import rules (header and value synonyms, limits, texts).
std::string_view default_import_rules_json();

}  // namespace starsheet
