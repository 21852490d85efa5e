// libFuzzer target for compare's report reader (core/compare.cpp): documents separated by a
// 0x1E byte, each a period or a starsheet-report/1 document, are compared; the result is a
// starsheet-compare/1 document or an error that names the document at fault.
// An input whose first line starts with '/' is read as edits ("POINTER JSON" per line) of the
// JSON report of a fixed period, compared after that period: this reaches the reader's checks
// that random text would not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compare.h"
#include "fuzz_support.h"
#include "starsheet.h"

namespace {

const char* const base_period = R"({"format":"starsheet-period/1","provider":"fuzz",
 "period":{"kind":"month","start":"2026-10-01","end":"2026-10-31"},
 "measures":{"orders_total":1000,"orders_on_time":960,"goods_total":1000,"goods_intact":998,
  "inquiries_total":50,"first_reply_minutes_total":500,"digital_level":3,
  "transit":{"air":{"shipments":10,"days_total":50}}},
 "benchmarks":{"transit_days":{"air":5}}})";

const std::string& base_report() {
  static const std::string r = [] {
    auto x = starsheet::score_period(base_period, fuzz::pack(), starsheet::report_format::json, starsheet::lang::en);
    if (!x) std::abort();
    return *x;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> docs;
  if (!input.empty() && input[0] == '/') {
    auto doc = nlohmann::ordered_json::parse(base_report());
    fuzz::apply_edits(doc, input);
    docs = {base_period, fuzz::dump(doc)};
  } else {
    while (docs.size() < 4) {
      std::size_t sep = input.find('\x1e');
      docs.emplace_back(input.substr(0, sep));
      if (sep == std::string_view::npos) break;
      input = input.substr(sep + 1);
    }
    if (docs.size() < 2) docs.insert(docs.begin(), base_report());
  }
  std::vector<std::string_view> views(docs.begin(), docs.end());
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < docs.size(); ++i) labels.push_back("p" + std::to_string(i));
  std::size_t failed = docs.size();
  auto json = starsheet::compare_period_texts(views, labels, fuzz::pack(), starsheet::report_format::json,
                                              starsheet::lang::en, &failed);
  if (json) {
    fuzz::check_json(*json, "starsheet-compare/1");
    auto text = starsheet::compare_period_texts(views, labels, fuzz::pack(), starsheet::report_format::text,
                                                starsheet::lang::zh);
    if (!text) std::abort();
  } else {
    fuzz::check_error(json.error());
    if (failed >= docs.size()) std::abort();  // the error names a document
  }
  return 0;
}
