// Embind shim for scoring: no logic of its own. A scorer holds a loaded rule pack so that
// what-if edits on the page re-score without re-reading the pack.
#include <emscripten/bind.h>

#include <string>

#include "default_rules.h"
#include "evaluate.h"
#include "json_text.h"
#include "messages.h"
#include "report.h"
#include "report_output.h"
#include "rules.h"
#include "starsheet.h"

namespace {

/// What crosses the boundary: the output, or the error line the CLI would print after the
/// file name and, for the page, the error as {message, field, pointer, key} (messages.h).
struct outcome {
  bool ok = false;
  std::string output;
  std::string error;
  std::string detail;
};

starsheet::lang parse_lang(const std::string& l) { return l == "en" ? starsheet::lang::en : starsheet::lang::zh; }

class scorer {
 public:
  /// An empty rules text selects the built-in pack.
  explicit scorer(const std::string& rules_json) {
    auto pack = starsheet::load_rules(rules_json.empty() ? starsheet::default_rules_json() : rules_json);
    if (pack) pack_ = std::move(*pack);
    else load_error_ = starsheet::describe(pack.error());
  }

  std::string load_error() const { return load_error_; }

  outcome score(const std::string& period_json, const std::string& format, const std::string& lang) const {
    if (!load_error_.empty()) return {false, "", load_error_, ""};
    auto model = starsheet::evaluate(period_json, {}, pack_, nullptr);  // the scorer holds no record files
    if (!model)
      return {false, "", starsheet::describe(model.error(), pack_, parse_lang(lang)),
              starsheet::wasm::error_details(model.error(), pack_)};
    auto output = starsheet::wasm::rendered(*model, format, parse_lang(lang));
    if (!output) return {false, "", starsheet::wasm::text_not_in_page_module(), ""};
    return {true, *output, "", ""};
  }

  std::string rules_table(const std::string& lang) const {
#if STARSHEET_PAGE_JSON_ONLY
    (void)lang;
    return "";  // the page shows the rules from the pack itself
#else
    return load_error_.empty() ? starsheet::rules_text(pack_, parse_lang(lang)) : "";
#endif
  }

 private:
  starsheet::rule_pack pack_;
  std::string load_error_;
};

std::string default_rules() { return std::string(starsheet::default_rules_json()); }

}  // namespace

EMSCRIPTEN_BINDINGS(starsheet_score) {
  emscripten::value_object<outcome>("Outcome")
      .field("ok", &outcome::ok)
      .field("output", &outcome::output)
      .field("error", &outcome::error)
      .field("detail", &outcome::detail);
  emscripten::class_<scorer>("Scorer")
      .constructor<std::string>()
      .function("loadError", &scorer::load_error)
      .function("score", &scorer::score)
      .function("rulesTable", &scorer::rules_table);
  emscripten::function("defaultRules", &default_rules);
}
