// The rule pack of rules/appendix-a.json, compiled into the binary.
#pragma once

#include <string_view>

namespace starsheet {

/// The text of the default rule pack.
std::string_view default_rules_json();

}  // namespace starsheet
