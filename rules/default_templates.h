// The template rules of rules/templates.json, compiled into the binary.
#pragma once

#include <string_view>

namespace starsheet {

/// The text of the default template rules (sample values, notes, the measures sheet's columns).
std::string_view default_templates_json();

}  // namespace starsheet
