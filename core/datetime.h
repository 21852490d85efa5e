// Dates and times as real exports write them: "2026-10-03 09:05[:07]", "2026/10/3 9:05",
// "10/3/2026 9:05 PM" (month first as US systems write it, or day first), "2026年10月3日",
// ISO 8601 with "T", fractions and offsets, date-only values, and Excel serial numbers.
// Times are whole seconds since 1970-01-01 00:00:00: UTC when the text gave an offset,
// otherwise the wall-clock time as written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace starsheet {

/// How "A/B/YYYY" is read: month first (US), day first, or not known yet.
enum class date_order { unknown, mdy, dmy };

struct datetime_options {
  /// For A/B/YYYY only. When unknown, a value that only reads one way is read that way and any
  /// other is read month first.
  date_order order = date_order::unknown;
  /// Accept Excel serial day numbers (days since 1899-12-30) in this range.
  bool excel_serial = true;
  double excel_min = 20000, excel_max = 80000;
};

enum class date_problem {
  none,
  empty,           ///< the cell is empty
  not_a_date,      ///< no date form matches
  no_such_date,    ///< a month or day out of range ("2026-02-30")
  bad_time,        ///< an hour, minute or second out of range
  order_conflict,  ///< A/B/YYYY that reads only in the other day/month order than the one set
};

struct parsed_datetime {
  std::int64_t seconds = 0;
  bool has_time = false;  ///< false for a date only
  bool midnight = false;  ///< a time of 00:00:00 was written
  bool had_offset = false;
  date_problem problem = date_problem::not_a_date;
  explicit operator bool() const { return problem == date_problem::none; }
};

/// Parses one cell (surrounding spaces are ignored).
parsed_datetime parse_datetime(std::string_view text, const datetime_options& options = {});

/// What one value says about the day/month order of its column: not an A/B/YYYY date, an
/// A/B/YYYY date that reads both ways (both ≤ 12), or one that reads only one way.
enum class order_evidence { none, ambiguous, month_first, day_first };
order_evidence date_order_evidence(std::string_view text);

/// Days since 1970-01-01 of a calendar date, or nullopt when it does not exist.
std::optional<std::int64_t> days_from_civil(int year, int month, int day);

struct civil_date {
  std::int64_t year = 1970;
  int month = 1, day = 1;
};
/// The calendar date of the day `days` since 1970-01-01.
civil_date civil_from_days(std::int64_t days);

/// "YYYY-MM-DD HH:MM:SS" for messages.
std::string format_datetime(std::int64_t seconds);

constexpr std::int64_t seconds_per_day = 86400;
constexpr std::int64_t seconds_per_hour = 3600;
constexpr std::int64_t seconds_per_minute = 60;

}  // namespace starsheet
