// The report: `starsheet-report/1` JSON (the public contract) and a readable text rendering.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "advice.h"
#include "rules.h"
#include "scoring.h"

namespace starsheet {

struct improvement;

/// The report as JSON (members in reading order), texts in `language`; `imp` holds the plans and
/// other sections computed from `a`.
nlohmann::ordered_json report_json(const assessment& a, const advice& adv, const improvement& imp, lang language);

/// The report as plain text for a terminal, in `language`.
std::string report_text(const assessment& a, const advice& adv, const improvement& imp, lang language);

/// Text made safe for a terminal: every control character that the text renderers do not write
/// themselves — C0 controls other than line feed and tab, DEL, C1 controls (U+0080–U+009F) — is
/// shown as its JSON escape (`\u001b`), and a byte that is not UTF-8 as `\xff`. With
/// `data_field`, line feed and tab are escaped too (a value from the data stays on its line).
/// Applied to every text report, so the page and the CLI show the same bytes.
std::string visible_controls(std::string_view text, bool data_field = false);

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
