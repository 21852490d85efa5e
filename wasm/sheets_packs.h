// The packs the on-demand module holds (template_binding.cpp owns them): the built-in ones, or
// those passed to useTemplateRules.
#pragma once

#include "import_rules.h"
#include "rules.h"

namespace starsheet::wasm {

/// The rule pack, or null when the packs passed in did not load.
const rule_pack* sheets_rule_pack();
/// The import rules, or null when the packs passed in did not load.
const import_rules* sheets_import_rules();

}  // namespace starsheet::wasm
