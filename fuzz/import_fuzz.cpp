// libFuzzer target for the record importer beyond the CSV tokenizer (core/import.cpp): table
// search, mapping proposal, cell reading, derivations and the records section of the report.
// The first byte chooses the record kind, the header row option and the date order, the
// second how the rest (the file) is cut into chunks. The importer must derive the same
// summary whatever the chunks, and a summary must score with the period and render.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate.h"
#include "failing_report.h"
#include "fuzz_support.h"
#include "import.h"
#include "import_report.h"
#include "period.h"
#include "recovery.h"

namespace {

// With industry averages for every mode: transits are judged slow, and split, as on the page.
const char* const period_text = R"({"format":"starsheet-period/1",
  "period":{"kind":"month","start":"2026-10-01","end":"2026-10-31"},"measures":{"tax_due":10,"tax_guarantee":10},
  "benchmarks":{"transit_days":{"land":3,"sea":20,"air":1.5}}})";

struct outcome {
  bool ok = false;
  std::string error;
  std::string measures;  // the derived measures and counts, printed
  std::size_t rows_read = 0, problems = 0;
};

std::string print(const starsheet::record_summary& s) {
  std::string out;
  for (const auto& [k, v] : s.measures) out += k + "=" + v.str() + ";";
  for (const auto& [k, v] : s.counts) out += k + "=" + std::to_string(v) + ";";
  return out;
}

outcome run(starsheet::record_kind kind, const starsheet::import_options& options, std::string_view file,
            std::size_t step, starsheet::record_summary* keep) {
  starsheet::record_importer importer(kind, fuzz::import_rules(), options);
  for (std::size_t at = 0; at < file.size(); at += step) importer.feed(file.substr(at, step));
  auto summary = importer.finish();
  outcome o;
  if (!summary) {
    fuzz::check_error(summary.error());
    o.error = summary.error().where + ": " + summary.error().message + summary.error().key;
    return o;
  }
  o.ok = true;
  o.measures = print(*summary);
  o.rows_read = summary->rows_read;
  o.problems = summary->problems_total;
  if (keep) *keep = std::move(*summary);
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& pack = fuzz::pack();
  const auto& rules = fuzz::import_rules();
  std::string_view file(reinterpret_cast<const char*>(data) + 2, size - 2);
  auto kind = data[0] & 1 ? starsheet::record_kind::inquiries : starsheet::record_kind::shipments;
  starsheet::import_options options;
  switch ((data[0] >> 1) & 3) {
    case 1: options.header_row = 0; break;
    case 2: options.header_row = 1 + (data[1] >> 4); break;
    default: break;
  }
  const starsheet::date_order orders[] = {starsheet::date_order::unknown, starsheet::date_order::mdy,
                                          starsheet::date_order::dmy, starsheet::date_order::unknown};
  options.order = orders[(data[0] >> 3) & 3];
  auto period = starsheet::parse_period(period_text, pack);
  if (!period) std::abort();
  if (data[0] & 0x20) {
    options.period_start = starsheet::period_start_instant(*period);
    options.period_end = starsheet::period_end_instant(*period);
  }
  options.recovery = starsheet::recovery_targets_of(pack);
  options.slow = starsheet::slow_limits_of(pack, rules, &*period);

  (void)starsheet::propose_table(kind, file.substr(0, 1 << 14), rules, options);
  starsheet::record_summary summary;
  outcome whole = run(kind, options, file, file.size() + 1, &summary);
  outcome cut = run(kind, options, file, 1 + (data[1] & 15) * 7, nullptr);
  if (whole.ok != cut.ok || whole.error != cut.error || whole.measures != cut.measures ||
      whole.rows_read != cut.rows_read || whole.problems != cut.problems)
    std::abort();
  if (!whole.ok) return 0;
  std::vector<starsheet::imported_file> files(1);
  files[0].name = "fuzz.csv";
  files[0].summary = std::move(summary);
  auto model = starsheet::evaluate(*period, files, pack, &rules);
  if (model) fuzz::check_json(starsheet::render_json(*model, starsheet::lang::zh), "starsheet-report/1");
  else fuzz::check_error(model.error());
  (void)starsheet::records_text(files, rules, pack, starsheet::lang::en);
  return 0;
}
