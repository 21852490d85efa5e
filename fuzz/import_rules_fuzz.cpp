// libFuzzer target for the import-rules loader and the mapping-file loader
// (core/import_rules.cpp). The first byte chooses:
//   '/'  edits ("POINTER JSON" per line) of the default import rules, then loaded;
//   '#'  the rest is a whole import-rules document;
//   else the input is a mapping file: parsed against the default rules, applied to the
//        proposal for a typical header, saved with mapping_json and read back, which must give
//        the same mapping, and used to import a few rows.
// Refusals must say what is wrong; nothing may crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "import.h"

namespace {

const std::vector<std::string_view> header = {"运单号", "运输方式", "发货时间", "签收时间", "承诺时效", "状态", "运费", "备注"};
const char* const rows =
    "运单号,运输方式,发货时间,签收时间,承诺时效,状态,运费,备注\n"
    "A1,空运,2026-10-01 08:00,2026-10-04 09:00,2026-10-05,已签收,12.5,\n"
    "A2,海运,2026-10-02,,2026-10-20,派送中,\"1,280\",x\n"
    "A3,陆运,10/3/2026,10/9/2026,2026-10-08,破损,3,\n";

void use_mapping(std::string_view text) {
  const auto& rules = fuzz::import_rules();
  auto user = starsheet::parse_mapping(text, rules);
  if (!user) {
    fuzz::check_error(user.error());
    return;
  }
  starsheet::record_kind kind = user->kind.value_or(starsheet::record_kind::shipments);
  auto applied = starsheet::apply_override(starsheet::propose_mapping(kind, header, rules), *user, header, rules);
  if (!applied) {
    fuzz::check_error(applied.error());
  } else {
    // What --save-map writes must read back as the same mapping.
    std::string saved = starsheet::mapping_json(*applied);
    auto again = starsheet::parse_mapping(saved, rules);
    if (!again) std::abort();
    auto reapplied = starsheet::apply_override(starsheet::propose_mapping(kind, header, rules), *again, header, rules);
    if (!reapplied || starsheet::mapping_json(*reapplied) != saved) std::abort();
  }
  starsheet::import_options options;
  options.mapping = *user;
  starsheet::record_importer importer(kind, rules, options);
  importer.feed(rows);
  auto summary = importer.finish();
  if (!summary) fuzz::check_error(summary.error());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && (text[0] == '/' || text[0] == '#')) {
    std::string doc_text;
    if (text[0] == '/') {
      auto doc = nlohmann::ordered_json::parse(starsheet::default_import_rules_json());
      fuzz::apply_edits(doc, text);
      doc_text = fuzz::dump(doc);
    } else {
      doc_text = std::string(text.substr(1));
    }
    auto rules = starsheet::load_import_rules(doc_text);
    if (!rules) {
      fuzz::check_error(rules.error());
      return 0;
    }
    // Rules the loader accepts must import a file.
    starsheet::record_importer importer(starsheet::record_kind::shipments, *rules);
    importer.feed(rows);
    auto summary = importer.finish();
    if (!summary) fuzz::check_error(summary.error());
    return 0;
  }
  use_mapping(text);
  return 0;
}
