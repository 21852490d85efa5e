// The report: `starsheet-report/1` JSON (the public contract) and a readable text rendering.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "advice.h"
#include "rules.h"
#include "scoring.h"

namespace starsheet {

/// The report as JSON (members in reading order), texts in `language`.
nlohmann::ordered_json report_json(const assessment& a, const advice& adv, lang language);

/// The report as plain text for a terminal, in `language`.
std::string report_text(const assessment& a, const advice& adv, lang language);

/// The rule pack as a readable table (`starsheet rules`).
std::string rules_text(const rule_pack& pack, lang language);

/// A number for people: at most `decimals` decimals, no trailing zeros ("98.75", "4.5", "7").
std::string format_number(const rational& r, int decimals = 2);

/// Replaces each "{key}" in `pattern` by its value; unknown keys stay as written.
std::string fill(const std::string& pattern, std::initializer_list<std::pair<const char*, std::string>> values);

std::string_view to_string(indicator_status s);

/// Whole numbers as JSON integers, everything else as the nearest double.
nlohmann::ordered_json number_json(const rational& r);

/// Points kept in halves as a JSON number (7 → 3.5, 8 → 4).
nlohmann::ordered_json points_json(int half);

/// Points kept in halves for people ("3.5").
std::string half_text(int half);

/// "≥", ">", "≤", "<".
std::string op_symbol(tier_op op);

/// Two decimals, or more when two would show a tier bound the value does not reach.
std::string format_near_bounds(const rational& v, const std::vector<tier>& tiers);

}  // namespace starsheet
