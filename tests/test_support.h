// Shared helpers for the tests: the built-in pack, loaded once, and small period builders.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "default_rules.h"
#include "rules.h"

namespace starsheet::test {

inline const rule_pack& default_pack() {
  static const rule_pack pack = *load_rules(default_rules_json());
  return pack;
}

/// A period document with the given measures (and optional benchmarks).
inline std::string period_with(const nlohmann::json& measures, const nlohmann::json& benchmarks = nullptr) {
  nlohmann::json doc = {{"format", "starsheet-period/1"}, {"measures", measures}};
  if (!benchmarks.is_null()) doc["benchmarks"] = benchmarks;
  return doc.dump();
}

}  // namespace starsheet::test
