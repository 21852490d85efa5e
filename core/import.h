// Record import: a shipments or inquiries file (UTF-8 CSV/TSV bytes, fed in chunks) in, the
// measures it derives out, with every cell that could not be read listed and every row that
// could be read used. Memory is bounded by the chunk size, a sample of the first rows and a
// fixed-size duplicate-id table, never by the file.
//
// Use: record_importer imp(kind, rules, options); imp.feed(chunk)…; auto summary = imp.finish();
// then merge_records() into the period before scoring.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "datetime.h"
#include "drilldown.h"
#include "exact.h"
#include "failing_rows.h"
#include "import_rules.h"
#include "period.h"
#include "result.h"

namespace starsheet {

/// Where the service-recovery counts go and where the delay bands end (recovery.h builds it
/// from the scoring pack, whose recovery section owns the band edges).
struct recovery_targets {
  struct band {
    std::string id;                ///< the pack's id of the band ("late_under_24h")
    std::string parcels, freight;  ///< measure pointers
    /// The longest delay in the band, in whole microseconds; absent for the last band.
    std::optional<std::int64_t> max_delay_us;
  };
  std::vector<band> late;  ///< shortest delay first
  std::string damaged, lost, freights;
};

struct import_options {
  std::optional<mapping_override> mapping;  ///< the user's overrides of the proposed mapping
  date_order order = date_order::unknown;   ///< --date-order; wins over the mapping file's
  /// When the period ends (exclusive, seconds as in datetime.h): orders still undelivered by
  /// then are judged against it. Unset: the end of the day of the latest recorded event.
  std::optional<std::int64_t> period_end;
  /// When the period starts (seconds): with period_end, the times far outside the period are a
  /// data-quality finding. Unset: only the times far after the end are.
  std::optional<std::int64_t> period_start;
  /// Derive late parcels by delay band and damaged and lost parcels (with their freight when
  /// a freight column is mapped). Unset: not derived.
  std::optional<recovery_targets> recovery;
  /// Rows slower than these are failing rows (failing_rows.h). Unset limits: not judged.
  slow_limits slow;
  /// The header's row (1-based, as in the file); 0: the file has no header row. Unset: found
  /// among the first rows by the column names it recognises.
  std::optional<std::size_t> header_row;
  csv_options csv;
};

/// A cell that could not be read.
struct row_problem {
  std::size_t row = 0;
  std::size_t column = 0;  ///< 1-based; 0 for the whole row
  std::string header;      ///< the column's header
  std::string text;        ///< the cell as written (cut to 80 bytes)
  std::string why;         ///< message key in the import rules ("why_not_a_date", …)
  std::size_t cells = 0;   ///< for why_ragged: cells in the row
};

/// Something readable but suspicious.
struct row_flag {
  std::size_t row = 0;
  std::string what;    ///< message key ("flag_duplicate_id", …)
  std::string detail;  ///< for duplicates: the row where the id first appeared
};

/// A row that is not a record: above the header, a totals row or a note.
struct skipped_row {
  std::size_t row = 0;
  std::string why;   ///< message key ("skip_above_header", "skip_totals", "skip_notes", "skip_repeated_header")
  std::string text;  ///< its non-empty cells, joined (cut to 80 bytes)
};

/// Why an indicator's measures could not be derived, and which columns could give them.
struct import_need {
  std::string what;                 ///< derivation id: on_time, transit, goods, exceptions, response, resolution
  std::string why;                  ///< message key: need_line, need_no_rows or need_status_unreadable
  std::vector<std::vector<std::string>> fields;  ///< alternatives, each the field ids it needs together
  struct candidate {
    std::string field;       ///< the field the column could be
    std::size_t column = 0;  ///< 1-based
    std::string header;
  };
  std::vector<candidate> candidates;
  std::size_t unknown = 0, total = 0;  ///< need_status_unreadable: rows with an unknown status / with a status
};

struct unknown_value {
  std::string field, value;
  std::size_t count = 0;
};

/// Per transport mode: orders in the on-time rate and transit totals.
struct mode_totals {
  std::int64_t orders = 0, on_time = 0, shipments = 0;
  rational days_total;
};

/// A data-quality finding: rows whose values cannot all be true (or a clock every delivery
/// shares), and the file's measures without those rows (for a shared clock: with the delivery
/// times read as dates, at the end of their day), so a report can score the period both ways.
struct quality_finding {
  /// "delivered_before_shipped", "promised_before_shipped", "closed_before_opened",
  /// "reply_before_asked", "implausible_transit", "outside_period", "duplicate_id",
  /// "delivered_at_midnight" or "delivered_at_eight".
  std::string id;
  std::size_t rows = 0;
  std::size_t of = 0;                   ///< for a shared clock: the delivery times in all
  std::vector<std::size_t> first_rows;  ///< the first quality_rows_listed of them
  /// False when the measures without them could not be derived (duplicates past the rows kept
  /// aside): then `measures` and `lists` are empty.
  bool rescored = true;
  std::map<std::string, rational> measures;
  std::map<std::string, std::vector<rational>> lists;
};

struct record_summary {
  record_kind kind = record_kind::shipments;
  column_mapping mapping;  ///< the mapping used
  csv_stats csv;
  date_order order = date_order::unknown;  ///< the day/month order used for A/B/YYYY dates
  std::string order_how = "none";          ///< "user", "detected", "assumed" or "none" (no such dates)
  std::size_t order_row = 0;               ///< the row whose value decided it
  std::vector<std::string> end_of_day_fields;  ///< promise columns read as the end of the day
  std::size_t sampled_rows = 0;
  std::optional<std::int64_t> as_of;  ///< the period end used
  std::string as_of_how = "unknown";  ///< "period", "data" or "unknown"

  std::size_t rows_read = 0;       ///< data rows (header and empty lines excluded)
  std::size_t rows_used = 0;       ///< rows that fed at least one measure
  std::size_t rows_bad = 0;        ///< rows with at least one problem
  std::size_t rows_cancelled = 0;  ///< rows left out as cancelled orders
  std::size_t rows_blank = 0;      ///< empty lines and rows of empty cells
  std::size_t rows_above_header = 0, rows_totals = 0, rows_notes = 0;  ///< rows that are not records
  std::vector<skipped_row> skipped;  ///< the first flags_listed of them

  /// The header's rows (1-based; two for a header of parent and child rows; none when the file
  /// has no header) and how it was found: "detected", "user", "values" (no name recognised:
  /// columns guessed from their values) or "none" (no header row: named A, B, …).
  std::vector<std::size_t> header_rows;
  std::string header_how = "detected";
  std::vector<std::string> header;  ///< the column names used (a two-row header: "parent / child")
  std::vector<import_need> needs;

  std::map<std::string, rational> measures;     ///< derived, by pointer
  std::map<std::string, std::vector<rational>> lists;  ///< derived lists (amounts), by pointer
  std::map<std::string, std::int64_t> counts;   ///< by message key (count_*)
  std::map<std::string, mode_totals> by_mode;   ///< land / sea / air
  std::vector<row_problem> problems;            ///< the first problems_listed
  std::size_t problems_total = 0;
  std::vector<row_flag> flags;                  ///< the first flags_listed
  std::map<std::string, std::size_t> flag_counts;
  std::vector<unknown_value> unknown_values;
  std::size_t duplicate_ids_checked = 0;  ///< ids the duplicate check compared
  bool duplicate_check_complete = true;   ///< false when more ids came than it holds
  /// Each rate's events and failures by the values of each categorical column (drilldown.h).
  std::vector<drill_column> drill;
  /// The unit of the transits in `drill`, per day: 86,400 (seconds, from shipping and delivery
  /// times) or 1,000,000 (millionths of a day, from a transit-days column).
  std::int64_t transit_per_day = 86400;
  /// The rows behind the failures, as written (failing_rows.h); never part of a report.
  failing_rows failing;
  /// What each data-quality finding changes in the measures, in the order of the ids above.
  std::vector<quality_finding> quality;
};

class record_importer {
 public:
  /// `rules` must outlive the importer.
  record_importer(record_kind kind, const import_rules& rules, import_options options = {});
  ~record_importer();
  record_importer(const record_importer&) = delete;
  record_importer& operator=(const record_importer&) = delete;

  /// Reads the next chunk of UTF-8 bytes (any size; a few MB suits wasm). Ignored after an error.
  void feed(std::string_view chunk);
  /// The same without a copy: write up to `n` bytes at the returned address (valid until the
  /// next call on the importer; wasm: fill it from JS, then commit), then commit() their count.
  char* buffer_for(std::size_t n);
  void commit(std::size_t n);
  /// The records (lines of the table, the header's too) read so far: for a progress bar.
  std::size_t records_read() const;
  /// Whether the import has stopped on an error: more input would be ignored, so a reader
  /// can stop reading (finish() returns the error).
  bool stopped() const;
  /// Ends the input (call once) and returns what was derived, or the error that stopped the
  /// import (where = "row N", the message names the column; "" for the whole file).
  result<record_summary> finish();

  /// The mapping in use, once the header has been read (else nullptr).
  const column_mapping* mapping() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Imports the whole lines of the first bytes of a file: the header found, the rows skipped
/// and the proposed mapping, for a page that shows them before the import.
result<record_summary> propose_table(record_kind kind, std::string_view first_bytes, const import_rules& rules,
                                     import_options options = {});

/// Finds the header in the first bytes of a file and proposes a mapping (empty when no column
/// is recognised).
result<column_mapping> propose_from_sample(record_kind kind, std::string_view first_bytes, const import_rules& rules);

/// Where the importer puts a transport mode's transit measures (`mode` as in the import
/// rules' "mode" values): "/measures/transit/<mode>/shipments" and "…/days_total".
std::string transit_shipments_pointer(const std::string& mode);
std::string transit_days_pointer(const std::string& mode);

/// The instant a period ends: the start of the day after period.end, or nullopt.
std::optional<std::int64_t> period_end_instant(const period_data& period);
/// The instant a period starts: the start of period.start, or nullopt.
std::optional<std::int64_t> period_start_instant(const period_data& period);

/// Adds the derived measures to the period, source = the record kind. Explicit period
/// measures win: a derivation group (e.g. orders_total + orders_on_time) is taken whole or not
/// at all. Returns the pointers not taken because the period gave their group.
std::vector<std::string> merge_records(period_data& period, const record_summary& summary, const import_rules& rules);

}  // namespace starsheet
