// The failing parcels: while a record file is imported, the rows behind each failure (a late
// order, a lost or damaged parcel, an exception or a first reply slower than the indicator's
// full-points limit, an unresolved problem) are kept with their cells as written,
// so the carrier gets its own rows back as a to-do list. Memory is bounded by the import rules
// (rows and bytes kept); past the bound the rows are still counted.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exact.h"
#include "rules.h"

namespace starsheet {

/// Why a row failed; a row may fail for several reasons (late and damaged).
enum failure_reason : std::uint8_t {
  failure_late = 1,              ///< delivered after the promise (or late by the file's flag)
  failure_late_undelivered = 2,  ///< not delivered, and the promise passed before the period end
  failure_lost = 4,
  failure_damaged = 8,           ///< goods not intact: damaged, wrong, short, returned as damaged
  failure_unresolved = 16,       ///< an inquiry's problem not resolved
  failure_slow_exception = 32,   ///< an exception handled in longer than slow_limits allows
  failure_slow_reply = 64,       ///< an inquiry first answered later than slow_limits allows
  failure_slow_transit = 128,    ///< a shipment in transit longer than slow_limits allows its mode
};
constexpr std::uint8_t failure_reasons_all = 255;

/// The longest exception handling, first reply and transit of each mode that still earn their
/// indicator's full points (from the scoring pack's top tier): a row slower than that is a
/// failing row. Unset: not judged. Averages have no failing event of their own; the rows over
/// the full-points limit are the ones that pull the average away from it.
struct slow_limits {
  std::optional<std::int64_t> exception_seconds, reply_seconds;
  /// By mode (the import rules' "mode" values: land, sea, air), from the period's industry
  /// average of the mode: the longest transit in whole seconds (from shipping and delivery
  /// times) and in whole millionths of a day (from a transit-days column).
  std::array<std::optional<std::int64_t>, 3> transit_seconds, transit_micro;
  /// The industry averages (days) the transit limits came from: a report on other averages
  /// cannot use the rows' verdicts.
  std::array<std::optional<rational>, 3> transit_benchmark;
  /// For the reason's words: the days a transit must stay within ("< 4.75"): the average times
  /// the top tier's bound, and the tier's comparison.
  std::array<std::optional<rational>, 3> transit_line;
  tier_op transit_op = tier_op::lt;
};

/// One failing row of the file.
struct failing_row {
  std::size_t row = 0;             ///< as in the file (1-based, header rows counted)
  std::uint8_t reasons = 0;        ///< failure_reason bits
  std::vector<std::string> cells;  ///< the row's cells, trimmed, each cut to the import rules' length
  std::string weekday, iso_week;   ///< of the shipping day ("1"–"7", "2026-W43"); "" when unknown
  std::string delay_band;          ///< as in the drill-down (drilldown.h); "" when unknown
  int transit_mode = -1;           ///< a slow transit's mode (index in the import rules' "mode" values)
};

struct failing_rows {
  std::vector<failing_row> rows;  ///< in file order
  std::size_t total = 0;          ///< every failing row, listed or not
  bool complete = true;           ///< false when the bound left rows out of the list
  slow_limits slow;               ///< the limits the slow rows were judged by
};

class failing_collector {
 public:
  /// `rows_max`: rows kept; `bytes_max`: bytes kept in all (each cell counts 16 more than its
  /// text); `cell_max`: bytes kept of a cell.
  failing_collector(std::size_t rows_max, std::size_t bytes_max, std::size_t cell_max);

  /// A row that failed (`reasons` ≠ 0), or an undelivered order whose lateness depends on the
  /// period end (`pending_promise`: late when the promise is before it; reasons may be 0).
  void add(std::size_t row, const std::vector<std::string_view>& cells, std::uint8_t reasons,
           std::optional<std::int64_t> pending_promise, std::optional<std::int64_t> shipped,
           std::string_view delay_band = {}, int transit_mode = -1);
  /// Decides the pending orders: late when their promise is before `as_of` (kept only then).
  failing_rows finish(std::optional<std::int64_t> as_of);

 private:
  std::size_t rows_max_, bytes_max_, cell_max_, bytes_ = 0;
  bool full_ = false;  // the byte bound was reached: rows listed in file order, none after a gap
  failing_rows out_;
  std::vector<std::pair<std::size_t, std::int64_t>> pending_;  // listed row index, promise
  std::map<std::int64_t, std::size_t> pending_unlisted_;       // promise → rows past the bound
};

/// Which failing rows a table shows: those with any of `reasons`, and when `column` is set,
/// those whose cell in that column (0-based; or the derived "weekday", "iso_week" or
/// "delay_band") is `value`.
struct failing_filter {
  std::uint8_t reasons = failure_reasons_all;
  std::optional<std::size_t> column;
  std::string derived;  ///< "weekday", "iso_week" or "delay_band" instead of a column
  std::string value;
};

}  // namespace starsheet
