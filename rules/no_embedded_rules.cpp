// For the page's wasm build: the rule packs travel as their own script (rules.js), which
// compresses far better than bytes inside the module, and the page passes their text in.
#include "default_import_rules.h"
#include "default_rules.h"

std::string_view starsheet::default_rules_json() { return {}; }
std::string_view starsheet::default_import_rules_json() { return {}; }
