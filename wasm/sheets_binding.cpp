// Embind shim for spreadsheet files: no logic of its own. A WorkbookReader holds one file's bytes
// (copied in once through bufferFor, as the import does) and hands out its sheets as CSV text,
// which the page then imports like pasted rows. It lives in the second module
// (starsheet_sheets), with the templates, which the page loads only when a workbook or a
// template is asked for: the first load stays small.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include "json_text.h"
#include "workbook.h"

namespace {

using nlohmann::ordered_json;

std::string error_json(const starsheet::workbook_error& e) {
  // The page shows the import rules' text for the key, in its language,
  // with what the reader found (sheet, row, sizes and the limit passed) for the sentence.
  return starsheet::dump_json(ordered_json{{"ok", false},
                                           {"key", e.key},
                                           {"detail", e.detail},
                                           {"sheet", e.sheet},
                                           {"row", e.row},
                                           {"count", e.count},
                                           {"limit", e.limit}});
}

class workbook_reader {
 public:
  /// Address where the file's `n` bytes go (valid until the next call).
  std::uintptr_t buffer_for(std::size_t n) {
    bytes_.assign(n, '\0');
    return reinterpret_cast<std::uintptr_t>(bytes_.data());
  }

  /// "xlsx", "ods", "xls" or "none".
  std::string kind() const {
    switch (starsheet::sniff_workbook(bytes_)) {
      case starsheet::workbook_kind::xlsx: return "xlsx";
      case starsheet::workbook_kind::ods: return "ods";
      case starsheet::workbook_kind::xls: return "xls";
      default: return "none";
    }
  }

  /// {ok, sheets: [{name, hidden}]} or {ok: false, key, detail}.
  std::string sheets() const {
    auto list = starsheet::list_sheets(bytes_);
    if (!list) return error_json(list.error());
    ordered_json out = ordered_json::array();
    for (const auto& s : *list) out.push_back({{"name", s.name}, {"hidden", s.hidden}});
    return starsheet::dump_json(ordered_json{{"ok", true}, {"sheets", out}});
  }

  /// {ok, csv, rows, columns, merged_ranges, formulas_without_value, date_cells} or an error.
  std::string sheet(int index) const {
    auto s = starsheet::read_sheet_csv(bytes_, static_cast<std::size_t>(index < 0 ? 0 : index));
    if (!s) return error_json(s.error());
    return starsheet::dump_json(ordered_json{{"ok", true},
                                             {"csv", s->csv},
                                             {"rows", s->rows},
                                             {"columns", s->columns},
                                             {"merged_ranges", s->merged_ranges},
                                             {"formulas_without_value", s->formulas_without_value},
                                             {"date_cells", s->date_cells}});
  }

  void release() { std::string().swap(bytes_); }

 private:
  std::string bytes_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(starsheet_sheets) {
  emscripten::class_<workbook_reader>("WorkbookReader")
      .constructor<>()
      .function("bufferFor", &workbook_reader::buffer_for)
      .function("kind", &workbook_reader::kind)
      .function("sheets", &workbook_reader::sheets)
      .function("sheet", &workbook_reader::sheet)
      .function("release", &workbook_reader::release);
}
