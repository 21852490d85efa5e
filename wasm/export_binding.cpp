// Embind shim for the exports: no logic of its own. exportReport turns the report document the
// page shows (starsheet-report/1 text, as Scorer/Workspace.score gave it) into the .xlsx or
// standalone HTML bytes `starsheet score --format xlsx|html` writes, with the rule pack the
// templates use (the built-in one, or the text passed to useTemplateRules) and the import rules'
// headings for the sections from record files. Lives in the
// on-demand module with the other workbook writer, so the first load does not grow.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "export.h"
#include "sheets_packs.h"

namespace {

// Copies the bytes into a new Uint8Array (a view of wasm memory would be detached by growth).
emscripten::val to_bytes(const std::string& s) {
  emscripten::val view(emscripten::typed_memory_view(s.size(), reinterpret_cast<const unsigned char*>(s.data())));
  return view.call<emscripten::val>("slice");
}

/// The export's bytes; an empty array when the packs do not load, the text is not a report
/// document or the format is neither "xlsx" nor "html".
emscripten::val export_report(const std::string& report_json, const std::string& format) {
  const starsheet::rule_pack* pack = starsheet::wasm::sheets_rule_pack();
  if (!pack || (format != "xlsx" && format != "html")) return to_bytes({});
  auto out = starsheet::export_report(report_json, *pack,
                                      format == "xlsx" ? starsheet::export_format::xlsx : starsheet::export_format::html,
                                      starsheet::wasm::sheets_import_rules());
  return to_bytes(out ? *out : std::string());
}

}  // namespace

EMSCRIPTEN_BINDINGS(starsheet_exports) { emscripten::function("exportReport", &export_report); }
