// Drill-down counts: while a record file is imported, each rate indicator's events and
// failures are counted per value of every categorical column (mapped or not) and per weekday
// and ISO week of shipping, so the report can say which channel, lane or destination the
// late, damaged or unresolved parcels come from. Memory is bounded: a column with more
// distinct values than the import rules allow looks like ids or free text and is dropped.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace starsheet {

/// The derivations a drill-down splits, by their derivation id in the import rules: three
/// rates, two averages (exception handling, first reply) and the transit days of each mode,
/// whose failures are the events slower than the full-points limit (failing_rows.h, slow_limits).
enum class drill_rate : std::size_t { on_time, goods, resolution, exceptions, response, transit_land, transit_sea, transit_air };
constexpr std::size_t drill_rates = 8;
/// "on_time", "goods", "resolution", "exceptions", "response"; "transit" for each mode.
const char* drill_rate_id(drill_rate r);
/// An average (exceptions, response), not a rate.
constexpr bool drill_is_mean(drill_rate r) { return r == drill_rate::exceptions || r == drill_rate::response; }
/// A mode's transit days: an average over the mode's industry average (avg_transit_days).
constexpr bool drill_is_transit(drill_rate r) { return r >= drill_rate::transit_land; }
/// The transit of the mode with this index in the import rules' "mode" values (land, sea, air).
constexpr drill_rate drill_transit(std::size_t mode) {
  return static_cast<drill_rate>(static_cast<std::size_t>(drill_rate::transit_land) + mode);
}

struct drill_count {
  std::int64_t events = 0, failures = 0;
  /// An average's events: their seconds in all, and the seconds the failures took past the
  /// limit. A transit's are in the file's transit unit (record_summary::transit_per_day).
  std::int64_t seconds = 0, excess = 0;
};

struct drill_segment {
  std::string value;  ///< the cell as written, trimmed ("" for an empty cell)
  std::array<drill_count, drill_rates> n{};
};

/// One column's segments, in order of first appearance.
struct drill_column {
  std::string by;       ///< the column's header as written; for a derived column, its key
  /// "" for a column of the file; "weekday" (values "1"–"7", Monday 1), "iso_week" ("2026-W43")
  /// or "delay_band" (drill_on_time, or the id of the pack's delay band the order was late by)
  std::string derived;
  std::vector<drill_segment> segments;
};

/// A row's delay band: not known (not decided, or late by a flag only), on time, or the index
/// of the pack's delay band (0 the shortest).
constexpr int drill_band_unknown = -2, drill_band_on_time = -1;
/// The "delay_band" value of the orders on time.
constexpr const char* drill_on_time = "on_time";

/// What one row said, for the drill-down.
struct drill_row {
  /// Per rate: -1 not counted, 0 failure, 1 success.
  std::array<signed char, drill_rates> outcome{{-1, -1, -1, -1, -1, -1, -1, -1}};
  /// An average's event: its seconds (a transit's: in the file's transit unit), and those past
  /// the limit (0 for a success).
  std::array<std::int64_t, drill_rates> seconds{}, excess{};
  /// An order not delivered whose lateness depends on the period end, decided at finish().
  std::optional<std::int64_t> deferred_promise;
  std::optional<std::int64_t> shipped;  ///< seconds, for the weekday and ISO week
  int delay_band = drill_band_unknown;
};

class drill_collector {
 public:
  /// `values_max`: distinct values a column may have; `deferred_max`: undecided orders kept;
  /// `columns_max`: the file's columns counted (the first eligible ones).
  drill_collector(std::size_t values_max, std::size_t deferred_max, std::size_t columns_max);
  drill_collector(drill_collector&&) = default;
  drill_collector& operator=(drill_collector&&) = default;

  /// The file's columns (header names) and which of them may be split on; `weekdays`: add the
  /// weekday and ISO week of shipping; `delay_bands` (the pack's band ids, shortest first; none:
  /// no such column): add the delay band of each order decided on time or late.
  void set_columns(const std::vector<std::string>& header, const std::vector<bool>& eligible, bool weekdays,
                   const std::vector<std::string>& delay_bands = {});
  /// A row's "delay_band" value ("" when not known).
  std::string_view delay_band_of(int band) const;
  /// One row's cells (all columns of the file) and what it said.
  void add(const std::vector<std::string_view>& cells, const drill_row& row);
  /// Ends the counting: an undecided order is late when its promise is before `as_of`.
  std::vector<drill_column> finish(std::optional<std::int64_t> as_of);

 private:
  struct column {
    std::size_t index = 0;  // in the file's row; unused for a derived column
    std::string by, derived;
    bool derived_column = false;
    bool band_column = false;  // the delay band, not a day's
    bool dropped = false;
    std::vector<drill_segment> segments;
    std::vector<std::uint64_t> hashes;  // by segment
    std::vector<std::uint32_t> slots;   // open addressing: segment + 1, 0 for a free slot
    std::size_t last = 0;               // the segment found last (+1; 0 for none): runs of one value cost one compare
    // A derived column: the segment of each recent shipping day or of each delay band
    // (direct-mapped by its key), so a row costs a lookup, not a date computed and formatted.
    std::array<std::pair<std::int64_t, std::uint32_t>, 64> days{};
  };
  std::uint32_t segment_of(column& c, std::string_view value);

  std::size_t values_max_, deferred_max_, columns_max_;
  std::vector<std::string> delay_bands_;
  std::vector<column> columns_;
  struct deferred {
    std::int64_t promise;
    std::vector<std::uint32_t> segments;  ///< by column; no_segment when the column was dropped
  };
  std::vector<deferred> deferred_;
  bool deferred_overflow_ = false;
};

/// "YYYY-Www" of the ISO week holding the day `days` since 1970-01-01.
std::string iso_week_of(std::int64_t days);
/// The ISO weekday (Monday 1 … Sunday 7) of the day `days` since 1970-01-01.
int iso_weekday(std::int64_t days);
/// The day (since 1970-01-01) holding the instant `seconds`, also before 1970.
#if defined(__GNUC__)
[[gnu::always_inline]]  // called per row; the wasm build's -Oz would leave it a call
#endif
inline std::int64_t floor_days(std::int64_t seconds) {
  constexpr std::int64_t day = 86400;
  return seconds >= 0 ? seconds / day : -((-seconds + day - 1) / day);
}

}  // namespace starsheet
