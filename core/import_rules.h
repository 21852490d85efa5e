// The import rule pack (rules/import.json) and column mappings. Which header names a column
// may carry, which cell values mean what (陆运 = Road = land, 完好 = intact, 是 = yes, …),
// the importer's limits and its texts are data; the C++ knows only what each field means.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "datetime.h"
#include "result.h"
#include "rules.h"

namespace starsheet {

enum class record_kind { shipments, inquiries };

std::string_view to_string(record_kind k);
std::optional<record_kind> record_kind_from(std::string_view name);

/// How a field's cells are read.
enum class field_type {
  id,            ///< any text; duplicates flagged
  mode,          ///< land / sea / air
  datetime,      ///< a point in time
  promise,       ///< a point in time; a date alone means the end of that day
  goods_status,  ///< a TMS or goods status: delivered, in transit, returned, damaged, lost, … (status_meaning)
  days,          ///< a number of days ≥ 0
  flag,          ///< yes / no
  order_status,  ///< "cancelled" excludes the row; any other value keeps it
  amount,        ///< a sum of money ≥ 0 ("12.50", "¥1,280", "1.280,5" is not one)
};

struct field_rule {
  std::string id;
  field_type type;
  text label;
  std::vector<std::string> headers;  // as written in the pack
  std::vector<std::string> header_keys;  // the same, normalized (normalize_key)
};

struct derivation_rule {
  std::string id;
  std::vector<std::string> measures;  // pointers derived under this rule (may be empty)
  text body;
};

struct kind_rule {
  text label;
  std::vector<field_rule> fields;  // in the order the C++ expects (see import.cpp)
  std::vector<derivation_rule> derivation;
};

/// What a goods-status value says about a row (the contract's TMS status table).
struct status_meaning {
  enum class delivery { yes, no, by_time };
  delivery delivered = delivery::by_time;  ///< yes: delivered; no: not (yet); by_time: if a delivery time is given
  bool intact = true;                      ///< counts as intact goods
  bool excluded = false;                   ///< the row is left out of every measure (cancelled)
  bool ignored = false;                    ///< the value says nothing: as if the cell were empty
};

/// A validated import rule pack.
struct import_rules {
  std::string id, version;
  std::size_t sample_rows = 0, problems_listed = 0, flags_listed = 0, unknown_values_listed = 0;
  std::size_t duplicate_check_ids = 0;
  std::size_t freight_list_max = 0;  ///< damaged and lost parcels whose freight is kept one by one
  std::int64_t suspicious_transit_days = 0;
  /// Longer transits are dates gone wrong: flagged and left out of the average, not summed.
  std::int64_t implausible_transit_days = 0;
  double excel_serial_min = 0, excel_serial_max = 0;
  std::size_t header_scan_rows = 0;  ///< rows searched for the header (title and info rows above it)
  std::size_t status_unknown_max_percent = 0;  ///< above this share of unknown statuses, no intact rate
  /// Drill-down: distinct values a column may have to be split on, undecided orders kept until
  /// the period end is known, segments listed per column (the rest as one), top segments advised,
  /// columns a text report lists per indicator, and the most distinct values a split column may
  /// have per 100 events (more look like ids, amounts or free text).
  std::size_t drilldown_values_max = 0, drilldown_deferred_max = 0, drilldown_segments_listed = 0, drilldown_top = 0;
  /// The failing rows kept for the to-do list: rows, cell bytes in all, bytes of one cell.
  std::size_t failing_rows_max = 0, failing_bytes_max = 0, failing_cell_max = 0;
  std::size_t drilldown_columns_listed = 0, drilldown_distinct_max_percent = 0;
  /// The most columns of one file counted (the first ones; memory and time per row stay bounded).
  std::size_t drilldown_columns_max = 0;
  /// Data quality: how far outside the period (days) a time is far; the share of delivery
  /// times (percent) at one clock (00:00, 08:00) that reads as a shifted or missing time;
  /// rows a maybe-duplicate id keeps aside until the duplicates are known; rows named per finding.
  std::int64_t quality_outside_days = 0;
  std::size_t quality_one_clock_percent = 0, quality_pending_max = 0, quality_rows_listed = 0;
  /// Duplicate ids are re-scored among the first this many ids (a filter of 2 bytes an id).
  std::size_t quality_duplicate_ids = 0;
  /// Canonical goods-status value → what it says.
  std::map<std::string, status_meaning> status_meanings;
  /// Normalized first cells of totals rows (合计, total, …) and prefixes of notes rows (注, note, …).
  std::vector<std::string> totals_words, note_prefixes;
  kind_rule shipments, inquiries;
  /// Value set ("mode", "goods_status", "flag", "order_status") → normalized synonym → canonical value.
  std::map<std::string, std::map<std::string, std::string>> values;
  /// Canonical values of each value set, in pack order.
  std::map<std::string, std::vector<std::string>> value_ids;
  std::map<std::string, text> messages;

  const kind_rule& kind(record_kind k) const { return k == record_kind::shipments ? shipments : inquiries; }
  /// A phrase; the loader guarantees every key the renderers use.
  const text& message(const std::string& key) const { return messages.at(key); }
};

/// Parses and validates a `starsheet-import-rules/1` document.
result<import_rules> load_import_rules(std::string_view json_text);

/// The form header names and cell values are compared in: ASCII lower case, without spaces,
/// '_', '-', '.', brackets, slashes and colons (half and full width), so "Order_ID",
/// "order id" and "Order-Id" all read "orderid".
std::string normalize_key(std::string_view text);

/// The value set a field type reads from ("mode", …), or "" for types without one.
std::string_view value_set_of(field_type t);

/// Where a field's cells come from.
struct column_choice {
  std::size_t column = 0;  ///< 0-based
  std::string header;      ///< the header cell as written
  bool by_user = false;    ///< set by a mapping file rather than recognized
  bool guessed = false;    ///< guessed from the column's values (no header named it)
};

/// Which column feeds each field of a record kind, plus the user's value synonyms and
/// constants. Saved and reused as a `starsheet-mapping/1` JSON file.
struct column_mapping {
  record_kind kind = record_kind::shipments;
  std::map<std::string, column_choice> columns;                      // field id → column
  std::map<std::string, std::map<std::string, std::string>> values;  // field id → cell text → canonical
  std::map<std::string, std::string> constants;                      // field id → value for every row
  date_order order = date_order::unknown;                            // set by the user, or unknown
};

/// A mapping file as the user wrote it: overrides applied on top of the proposal.
struct mapping_override {
  std::optional<record_kind> kind;
  struct column_ref {
    std::string header;      ///< the header text, or
    std::size_t number = 0;  ///< a 1-based column number; neither: leave the field unmapped
  };
  std::map<std::string, column_ref> columns;  // field id → column
  std::map<std::string, std::map<std::string, std::string>> values;
  std::map<std::string, std::string> constants;
  date_order order = date_order::unknown;
};

/// Parses and checks a mapping file against the rules (fields and values must exist). A file
/// without "kind" is read as a mapping for `default_kind` records.
result<mapping_override> parse_mapping(std::string_view json_text, const import_rules& rules,
                                       record_kind default_kind = record_kind::shipments);

/// Proposes a mapping from a header row: each field takes the first column whose normalized
/// header is one of the field's synonyms.
column_mapping propose_mapping(record_kind kind, const std::vector<std::string_view>& header,
                               const import_rules& rules);
/// The same where each column may go by several names (a header of two rows: parent and child,
/// their combinations); the first name is the one shown. A name also matches without its
/// bracketed parts ("运费(元)" as 运费), and no column feeds two fields.
column_mapping propose_mapping(record_kind kind, const std::vector<std::vector<std::string>>& names,
                               const import_rules& rules);

/// Applies a user's overrides to a proposal. Fails (where = "row 1") when a named column is
/// not in the header.
result<column_mapping> apply_override(column_mapping proposal, const mapping_override& user,
                                      const std::vector<std::string_view>& header, const import_rules& rules);

/// The mapping as a `starsheet-mapping/1` document, by header name, ready to save and reuse.
std::string mapping_json(const column_mapping& mapping);

}  // namespace starsheet
