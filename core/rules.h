// The rule pack: Tables A.2 and A.3 of the guide as data. Every threshold, point value, band,
// star level, label and advice text the engine uses comes from here; the C++ only knows the
// shapes of formulas (a rate, a reduction, a mean, …).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exact.h"
#include "result.h"

namespace starsheet {

/// Report language.
enum class lang { zh, en };

/// A text in both languages.
struct text {
  std::string zh, en;
  const std::string& in(lang l) const { return l == lang::zh ? zh : en; }
};

enum class tier_op { ge, gt, le, lt };
enum class direction { higher_is_better, lower_is_better };
/// What an indicator earns when its inputs are present but its denominator is zero.
enum class zero_denominator_policy { full_points, zero_points, exclude };
enum class formula_kind {
  ratio_percent,      ///< 100 × numerator / denominator
  reduction_percent,  ///< 100 × (before − after) / before
  mean,               ///< total / count
  complement_percent, ///< 100 × (1 − measure)
  value,              ///< the measure itself (a count or a level)
  set_count,          ///< how many distinct allowed items the list holds
  benchmark_ratio,    ///< Σ total / Σ count, scored as the count-weighted ratio to a benchmark
};
/// amounts: a list of numbers ≥ 0, one per item (e.g. the freight of each damaged parcel).
/// `choice`: one id from `allowed` (a setting such as the freight currency, not a quantity).
enum class measure_type { count, amount, fraction, level, set, positive, amounts, choice };

/// A scoring tier: value `op` bound earns `half_points` / 2.
struct tier {
  tier_op op;
  rational bound;
  int half_points;
};

/// One comparison group of a benchmark_ratio formula (a transport mode, or the fleet).
struct benchmark_group {
  std::string id, total, count, benchmark;  // measure pointers
};

/// The formula of an indicator; which pointers are set depends on the kind.
struct formula {
  formula_kind kind;
  std::string numerator, denominator;  // ratio_percent
  // ratio_percent: the numerator counts part of the denominator (on-time orders of all orders),
  // so a numerator above it is an input error. Off for coverage of an amount (a tax guarantee
  // of the tax due), which may exceed 100 %.
  bool numerator_is_part = true;
  std::string before, after;           // reduction_percent
  std::string total, count;            // mean
  std::string measure;                 // complement_percent, value, set_count
  std::vector<benchmark_group> groups; // benchmark_ratio
};

struct indicator_rule {
  std::string id, category;
  text label;
  std::string unit;
  int max_half;
  formula calc;
  text formula_text;
  direction dir;
  std::vector<tier> tiers;  // best first
  int otherwise_half = 0;   // earned by a scored value below every tier
  bool tiers_on_ratio = false;
  zero_denominator_policy zero_denominator;
  text advice;
  std::vector<std::string> readings;
};

struct band {
  int min_half, max_half;
  text verdict;
};

struct category_rule {
  std::string id;
  text label;
  int max_half;
  std::vector<band> bands;  // best first
};

struct star_rule {
  int stars;
  rational min;
  text label, description, suggestion;
};

struct allowed_item {
  std::string id;
  text label;
};

struct measure_rule {
  std::string pointer;  // e.g. "/measures/orders_total", "/benchmarks/vehicle_kwh_per_km"
  measure_type type;
  text label, unit;
  std::optional<rational> min, max;  // level
  std::vector<allowed_item> allowed; // set
};

struct reading {
  std::string id;
  std::vector<std::string> applies_to;  // indicator or category ids
  text body;
};

struct period_kind {
  std::string id;
  text label;
  int max_days;  ///< the longest span, first to last day inclusive, a period of this kind may cover
};

struct improvement_rules;

/// A validated rule pack.
struct rule_pack {
  std::string id, version;
  std::string content_hash;  ///< SHA-256 of the pack's text: tells an edited pack from this one
  text title;
  int total_max_half;
  /// The star level is marked provisional when fewer than this percentage of the indicators
  /// were measured (missing ones score 0, as on the paper form).
  int provisional_below_percent = 0;
  std::map<std::string, text> units;
  std::vector<reading> readings;
  std::vector<star_rule> stars;  // best first
  std::vector<category_rule> categories;
  std::vector<indicator_rule> indicators;
  std::vector<measure_rule> measures;
  std::vector<period_kind> period_kinds;
  std::map<std::string, text> messages;  // report headings and phrases, by key
  /// Effort model, practices, reference checks, recovery scheme, sample-size rules
  /// (improvement_rules.h); always set by load_rules.
  std::shared_ptr<const improvement_rules> improvement;

  const measure_rule* find_measure(std::string_view pointer) const;
  const indicator_rule* find_indicator(std::string_view id) const;
  const category_rule* find_category(std::string_view id) const;
  const reading* find_reading(std::string_view id) const;
  const text& unit_label(const std::string& unit) const;
  /// A report phrase; the loader guarantees every key the renderers use is present.
  const text& message(const std::string& key) const { return messages.at(key); }
};

/// Parses and validates a `starsheet-rules/1` document. Errors point into it
/// ("/indicators/4/tiers/1/bound: tiers out of order …").
result<rule_pack> load_rules(std::string_view json_text);

/// The message keys the report renderers use; a pack must define them all.
const std::vector<std::string>& required_message_keys();

std::string_view to_string(tier_op op);
std::string_view to_string(zero_denominator_policy p);

}  // namespace starsheet
