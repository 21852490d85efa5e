// Shared helpers for the tests: the built-in pack, loaded once, and small period builders.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "default_rules.h"
#include "period.h"
#include "rules.h"
#include "scoring.h"

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

/// The bytes of a file; the test fails if it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The text of a file in examples/.
inline std::string example(const std::string& name) { return read_file(STARSHEET_SOURCE_DIR "/examples/" + name); }

/// A scored period: the assessment points into the period, so both live together.
struct scored_period {
  period_data period;
  assessment a;
};

/// Parses and scores a period document; the test fails if either step does.
inline std::unique_ptr<scored_period> score_text(const std::string& text, const rule_pack& pack = default_pack()) {
  auto out = std::make_unique<scored_period>();
  auto p = parse_period(text, pack);
  REQUIRE(p);
  out->period = *p;
  auto a = assess(out->period, pack);
  REQUIRE(a);
  out->a = *a;
  return out;
}

/// A period document of these measures (and benchmarks), parsed and scored.
inline std::unique_ptr<scored_period> score_measures(const nlohmann::json& measures,
                                                     const nlohmann::json& benchmarks = nullptr) {
  return score_text(period_with(measures, benchmarks));
}

}  // namespace starsheet::test
