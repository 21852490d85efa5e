// Embind shim for templates: no logic of its own. templateCsv / templateXlsx give a template's
// bytes (a Uint8Array copied out of wasm memory at once), periodFromMeasuresTable reads a filled
// measures template (CSV text) back as a period. The packs are the built-in ones unless the
// page, whose build has none built in, passes their texts once with useTemplateRules.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "default_import_rules.h"
#include "default_rules.h"
#include "default_templates.h"
#include "import_rules.h"
#include "json_text.h"
#include "messages.h"
#include "rules.h"
#include "sheets_packs.h"
#include "starsheet.h"
#include "templates.h"

namespace {

using nlohmann::ordered_json;

struct packs {
  starsheet::rule_pack pack;
  starsheet::import_rules import;
  starsheet::template_rules templates;
  std::string error;  // why loading failed, or empty
};

std::unique_ptr<packs>& current() {
  static std::unique_ptr<packs> p;  // the module's one instance, as the page uses it
  return p;
}

std::unique_ptr<packs> load(const std::string& rules_json, const std::string& import_json,
                            const std::string& templates_json) {
  auto out = std::make_unique<packs>();
  auto pack = starsheet::load_rules(rules_json.empty() ? starsheet::default_rules_json() : rules_json);
  auto import = starsheet::load_import_rules(import_json.empty() ? starsheet::default_import_rules_json() : import_json);
  auto templates =
      starsheet::load_template_rules(templates_json.empty() ? starsheet::default_templates_json() : templates_json);
  if (!pack) out->error = "rules: " + starsheet::describe(pack.error());
  else if (!import) out->error = "import rules: " + starsheet::describe(import.error());
  else if (!templates) out->error = "template rules: " + starsheet::describe(templates.error());
  else {
    out->pack = std::move(*pack);
    out->import = std::move(*import);
    out->templates = std::move(*templates);
  }
  return out;
}

const packs& loaded() {
  if (!current()) current() = load("", "", "");
  return *current();
}

/// Selects the packs (empty texts: the built-in ones); returns "" or why they do not load.
std::string use_template_rules(const std::string& rules_json, const std::string& import_json,
                               const std::string& templates_json) {
  current() = load(rules_json, import_json, templates_json);
  return current()->error;
}

std::string template_bytes(const std::string& kind_name, const std::string& lang, bool xlsx) {
  const packs& p = loaded();
  if (!p.error.empty()) return {};
  auto kind = starsheet::template_kind_from(kind_name);
  if (!kind) return {};
  auto l = lang == "en" ? starsheet::lang::en : starsheet::lang::zh;
  auto table = starsheet::make_template(*kind, l, p.templates, p.import, p.pack);
  if (!table) return {};
  return xlsx ? starsheet::template_xlsx(*table, p.templates.title.in(l)) : starsheet::template_csv(*table);
}

// Copies the bytes into a new Uint8Array (a view of wasm memory would be detached by growth).
emscripten::val to_bytes(const std::string& s) {
  emscripten::val view(emscripten::typed_memory_view(s.size(), reinterpret_cast<const unsigned char*>(s.data())));
  return view.call<emscripten::val>("slice");
}

/// The template's CSV bytes (UTF-8 with BOM); empty for an unknown kind.
emscripten::val template_csv(const std::string& kind, const std::string& lang) {
  return to_bytes(template_bytes(kind, lang, false));
}

/// The template's .xlsx bytes; empty for an unknown kind.
emscripten::val template_xlsx(const std::string& kind, const std::string& lang) {
  return to_bytes(template_bytes(kind, lang, true));
}

/// {"ok": true, "period": "<starsheet-period/1 text>"} or {"ok": false, "error": "row N: …" (the
/// English log line), "details": {"zh": …, "en": …}} (what the page shows, in each language:
/// message, field, pointer, row).
std::string period_from_measures_table(const std::string& csv_text) {
  const packs& p = loaded();
  if (!p.error.empty()) return starsheet::dump_json(ordered_json{{"ok", false}, {"error", p.error}});
  auto period = starsheet::period_from_measures_table(starsheet::rows_from_csv(csv_text), p.pack, p.templates);
  if (!period) {
    const auto& e = period.error();
    return starsheet::dump_json(ordered_json{
        {"ok", false},
        {"error", starsheet::describe(e)},
        {"details", {{"zh", starsheet::error_json(e, p.pack, starsheet::lang::zh)},
                     {"en", starsheet::error_json(e, p.pack, starsheet::lang::en)}}}});
  }
  return starsheet::dump_json(ordered_json{{"ok", true}, {"period", *period}});
}

std::string default_templates() { return std::string(starsheet::default_templates_json()); }

}  // namespace

const starsheet::rule_pack* starsheet::wasm::sheets_rule_pack() {
  const packs& p = loaded();
  return p.error.empty() ? &p.pack : nullptr;
}

const starsheet::import_rules* starsheet::wasm::sheets_import_rules() {
  const packs& p = loaded();
  return p.error.empty() ? &p.import : nullptr;
}

EMSCRIPTEN_BINDINGS(starsheet_templates) {
  emscripten::function("useTemplateRules", &use_template_rules);
  emscripten::function("templateCsv", &template_csv);
  emscripten::function("templateXlsx", &template_xlsx);
  emscripten::function("periodFromMeasuresTable", &period_from_measures_table);
  emscripten::function("defaultTemplates", &default_templates);
}
