// The report as a binding returns it. The page's module is built with STARSHEET_PAGE_JSON_ONLY:
// the page asks for JSON only, and leaving the text renderers out of it keeps the page's first
// load within its budget. The Node module renders both (the parity tests compare both with the
// CLI's bytes).
#pragma once

#include <optional>
#include <string>

#include "evaluate.h"
#include "json_text.h"
#include "messages.h"

namespace starsheet::wasm {

/// The report in `format` ("json" or "text"); nullopt for text in the page's module.
inline std::optional<std::string> rendered(const report_model& model, const std::string& format, lang language) {
#if STARSHEET_PAGE_JSON_ONLY
  if (format == "text") return std::nullopt;
  return render_json(model, language);
#else
  return render(model, format == "text" ? report_format::text : report_format::json, language);
#endif
}

/// An input error as the page shows it, in both languages ({"zh": {message, field, pointer,
/// text, key}, "en": …}), so a language switch re-renders it without scoring again.
inline std::string error_details(const input_error& error, const rule_pack& pack) {
  return dump_json(nlohmann::ordered_json{{"zh", error_json(error, pack, lang::zh)}, {"en", error_json(error, pack, lang::en)}});
}

/// Why a text report was not made (English: a developer's mistake, never a user's).
inline const char* text_not_in_page_module() { return "the page's module renders JSON only; text comes from the CLI"; }

}  // namespace starsheet::wasm
