// The drill-down in points: each rate derived from record files, split by the values of each
// categorical column, with the exact points the total gains if a segment's failures became
// successes and if the segment reached the indicator's next tier. The averages (exception
// handling, first reply) are split the same way: their failures are the events slower than
// the full-points limit, fixed when they take no longer than it. Computed once from the
// imported files' counts (drilldown.h) and the scored period; the renderers only present it.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "drilldown.h"
#include "failing_rows.h"
#include "import_report.h"
#include "import_rules.h"
#include "scoring.h"

namespace starsheet {

struct drill_segment_points {
  std::string value;        ///< as written; "" for the blank cells; unused for `other`
  bool other = false;       ///< the segments past the listed ones, as one
  std::size_t values = 1;   ///< distinct values in it (more than one only for `other`)
  drill_count n;
  /// Total points gained if every failure here succeeded (an average's: if every event over the
  /// limit took the limit), in halves.
  int gain_half = 0;
  /// The indicator's next tier: failures to fix for this segment's rate to reach its bound (an
  /// average's: seconds to take off its events in all), and the points that gains; absent at the
  /// top tier, or when the segment already reaches it.
  std::optional<std::int64_t> next_fixes;
  int next_gain_half = 0;
  /// A transit split's, by mode (land, sea, air): shipments, the slow ones, and their days in all
  /// and past the limit. `n` holds the modes' shipments and slow ones added up.
  struct mode_days {
    std::int64_t shipments = 0, slow = 0;
    rational days, excess;
  };
  std::array<mode_days, 3> modes{};
  /// A transit split's: the segment's ratio to the industry averages (as the indicator's).
  std::optional<rational> ratio;
};

struct drill_split {
  drill_rate rate = drill_rate::on_time;
  const indicator_result* indicator = nullptr;
  std::string by;       ///< the column's header as written (a derived column: its key)
  std::string derived;  ///< "", "weekday", "iso_week" or "delay_band"
  drill_count total;    ///< the indicator's own counts: the segments add up to them
  /// An average's full-points limit in seconds (failing_rows.h): its failures are the events over it.
  std::optional<std::int64_t> limit;
  /// A transit split's limits by mode (its failures are the shipments over their mode's).
  slow_limits slow;
  std::vector<drill_segment_points> segments;  ///< most failures first; `other` last
};

struct drilldown {
  const rule_pack* pack = nullptr;  ///< the scoring pack: the delay bands' labels
  std::vector<drill_split> splits;  ///< by rate, then in the file's column order
  struct pick {
    std::size_t split = 0, segment = 0;
  };
  std::vector<pick> top;  ///< the segments whose fix gains most, one per split, best first
};

/// The drill-down of `files` (already merged into `scored`'s period). A rate is split only when
/// its measures came from the files and each column's segments add up to them; the transit
/// only when the files' rows were judged against the period's own industry averages.
drilldown compute_drilldown(const std::vector<imported_file>& files, const assessment& scored, const import_rules& rules);

/// The report's "drilldown" (splits) and "drilldown_top" members, texts in `language`.
nlohmann::ordered_json drilldown_json(const drilldown& d, const import_rules& rules, lang language);
nlohmann::ordered_json drilldown_top_json(const drilldown& d, const import_rules& rules, lang language);

/// The same for a terminal ("" when there is nothing to split).
std::string drilldown_text(const drilldown& d, const import_rules& rules, lang language);

}  // namespace starsheet
