// Embind shim for record import: no logic of its own. A Workspace holds the rule packs and the
// record files imported so far; the worker writes each chunk of UTF-8 bytes straight into the
// importer's buffer (bufferFor / commit: one copy, from the file into wasm memory), and scores
// a period with the imported files merged in, exactly as `starsheet score --shipments …` does.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "default_import_rules.h"
#include "default_rules.h"
#include "encoding.h"
#include "evaluate.h"
#include "failing_report.h"
#include "import.h"
#include "import_report.h"
#include "import_rules.h"
#include "json_text.h"
#include "messages.h"
#include "period.h"
#include "recovery.h"
#include "report_output.h"
#include "rules.h"
#include "report.h"
#include "starsheet.h"

namespace {

using nlohmann::ordered_json;

starsheet::lang parse_lang(const std::string& l) { return l == "en" ? starsheet::lang::en : starsheet::lang::zh; }

std::string error_json(const std::string& message) {
  return starsheet::dump_json(ordered_json{{"ok", false}, {"error", message}});
}

/// The output, or the error line the CLI would print after the file name and, for the page,
/// the error as {message, field, pointer, key} (messages.h).
struct outcome {
  bool ok = false;
  std::string output;
  std::string error;
  std::string detail;
};

class workspace {
 public:
  /// Empty texts select the built-in packs (the page's build has none built in: it passes them).
  workspace(const std::string& rules_json, const std::string& import_rules_json) {
    auto pack = starsheet::load_rules(rules_json.empty() ? starsheet::default_rules_json() : rules_json);
    auto rules = starsheet::load_import_rules(import_rules_json.empty() ? starsheet::default_import_rules_json()
                                                                        : import_rules_json);
    if (!pack) load_error_ = "rules: " + starsheet::describe(pack.error());
    else if (!rules) load_error_ = "import rules: " + starsheet::describe(rules.error());
    else {
      pack_ = std::move(*pack);
      rules_ = std::move(*rules);
    }
  }

  std::string load_error() const { return load_error_; }

  /// The encoding to decode a file from, judged from its first bytes.
  std::string detect(const std::string& first_bytes) const {
    return std::string(starsheet::encoding_name(starsheet::detect_encoding(first_bytes)));
  }

  /// The table found in the first bytes of a file, for the mapping step of the page: the first
  /// rows as they are (with their row numbers), the header found (or the one the user chose:
  /// `header_row` 1-based, 0 for none, -1 to find it), the rows that are not records, the
  /// proposed mapping (with the user's `mapping_json` applied, if any) and what the sample
  /// could not derive — the records section of the sample.
  std::string propose(const std::string& kind_name, const std::string& first_bytes, int sample_rows, int header_row,
                      const std::string& mapping_json, const std::string& lang) const {
    auto kind = starsheet::record_kind_from(kind_name);
    if (!kind) return error_json("unknown record kind " + kind_name);
    starsheet::import_options options;
    if (header_row >= 0) options.header_row = static_cast<std::size_t>(header_row);
    if (!mapping_json.empty()) {
      auto user = starsheet::parse_mapping(mapping_json, rules_, *kind);
      if (user) options.mapping = *user;
    }
    ordered_json rows = ordered_json::array();
    starsheet::csv_reader reader([&](const starsheet::csv_record& r) {
      if (static_cast<int>(rows.size()) >= sample_rows) return;
      ordered_json cells = ordered_json::array();
      for (std::size_t i = 0; i < r.size(); ++i) cells.push_back(std::string(r[i]));
      rows.push_back(ordered_json{{"row", r.row}, {"cells", std::move(cells)}});
    });
    std::size_t end = first_bytes.rfind('\n');
    reader.feed(end == std::string::npos ? std::string_view(first_bytes) : std::string_view(first_bytes).substr(0, end + 1));
    reader.finish();
    auto table = starsheet::propose_table(*kind, first_bytes, rules_, options);
    ordered_json out{{"ok", static_cast<bool>(table)}, {"rows", rows}};
    if (!table) {
      out["error"] = localized(table.error(), lang);
      out["error_key"] = table.error().key;
      return starsheet::dump_json(out);
    }
    starsheet::imported_file sample;
    sample.summary = std::move(*table);
    out["mapping"] = ordered_json::parse(starsheet::mapping_json(sample.summary.mapping));
    out["sample"] = starsheet::records_json({sample}, rules_, pack_, parse_lang(lang))["files"][0];
    return starsheet::dump_json(out);
  }

  std::string localized(const starsheet::input_error& e, const std::string& lang) const {
    return starsheet::error_text(e, rules_, parse_lang(lang));
  }

  /// Starts importing one file. `mapping_json` is a starsheet-mapping/1 document or empty;
  /// `period_json` (or empty) gives the period end; `header_row` as in propose(); `sheet` the
  /// workbook sheet the text came from ("" for a text file). Returns "" or the error line.
  std::string begin(const std::string& kind_name, const std::string& mapping_json, const std::string& period_json,
                    const std::string& name, const std::string& encoding, int header_row, const std::string& sheet) {
    auto kind = starsheet::record_kind_from(kind_name);
    if (!kind) return "unknown record kind " + kind_name;
    starsheet::import_options options;
    options.recovery = starsheet::recovery_targets_of(pack_);
    if (header_row >= 0) options.header_row = static_cast<std::size_t>(header_row);
    if (!mapping_json.empty()) {
      auto user = starsheet::parse_mapping(mapping_json, rules_, *kind);
      if (!user) return "mapping: " + starsheet::describe(user.error());
      options.mapping = *user;
    }
    // The period gives its end, and the industry averages transits are judged by.
    std::optional<starsheet::period_data> period;
    if (!period_json.empty())
      if (auto parsed = starsheet::parse_period(period_json, pack_)) period = std::move(*parsed);
    if (period) {
      options.period_start = starsheet::period_start_instant(*period);
      options.period_end = starsheet::period_end_instant(*period);
    }
    options.slow = starsheet::slow_limits_of(pack_, rules_, period ? &*period : nullptr);
    current_ = std::make_unique<starsheet::record_importer>(*kind, rules_, options);
    current_file_ = starsheet::imported_file{};
    current_file_.name = name;
    current_file_.encoding = encoding;
    current_file_.sheet = sheet;
    return "";
  }

  /// Address in wasm memory where the next `n` bytes go (valid until the next call).
  std::uintptr_t buffer_for(std::size_t n) { return reinterpret_cast<std::uintptr_t>(current_->buffer_for(n)); }
  void commit(std::size_t n) { current_->commit(n); }
  void note_undecodable(std::size_t bytes) { current_file_.undecodable_bytes += bytes; }
  /// The records read so far, for the progress bar (0 with no import under way).
  std::size_t records_read() const { return current_ ? current_->records_read() : 0; }

  /// Ends the file; keeps it for scoring (replacing an earlier file of the same kind) and
  /// returns {ok, error} or {ok, mapping, records} (the report's records section for it).
  std::string finish(const std::string& lang) {
    if (!current_) return error_json("no import under way");
    auto summary = current_->finish();
    current_.reset();
    if (!summary) {
      const auto& e = summary.error();
      std::string where = e.where.empty() ? "" : e.where + ": ";
      return starsheet::dump_json(ordered_json{{"ok", false},
                                               {"error", current_file_.name + ": " + where + localized(e, lang)},
                                               {"error_key", e.key},
                                               {"where", e.where}});
    }
    current_file_.summary = std::move(*summary);
    // A file imported again (another mapping, header row or sheet) replaces itself; files of
    // one kind with other names add up.
    for (auto it = files_.begin(); it != files_.end(); ++it)
      if (it->name == current_file_.name) {
        files_.erase(it);
        break;
      }
    // The file is lent to its report, not copied: the copy took its failing rows too (a profile
    // of a 1M-row import put 56 ms of self time here, the profiler's overhead included).
    std::vector<starsheet::imported_file> one;
    one.push_back(std::move(current_file_));
    const starsheet::imported_file& file = one.front();
    std::string out = starsheet::dump_json(
        ordered_json{{"ok", true},
                     {"kind", std::string(starsheet::to_string(file.summary.kind))},
                     {"mapping", ordered_json::parse(starsheet::mapping_json(file.summary.mapping))},
                     {"records", starsheet::records_json(one, rules_, pack_, parse_lang(lang))}});
    files_.push_back(std::move(one.front()));
    return out;
  }

  /// Forgets one imported file.
  void remove(const std::string& name) {
    for (auto it = files_.begin(); it != files_.end(); ++it)
      if (it->name == name) {
        files_.erase(it);
        return;
      }
  }

  /// Forgets the imported files (all of them, or those of one kind).
  void clear(const std::string& kind_name) {
    auto kind = starsheet::record_kind_from(kind_name);
    std::vector<starsheet::imported_file> kept;
    for (auto& f : files_)
      if (kind && f.summary.kind != *kind) kept.push_back(std::move(f));
    files_ = std::move(kept);
  }

  /// The failing rows of the imported file `name` that pass a filter: `reasons` ids joined by
  /// commas ("" for all); a `column` (0-based, -1 for none) or a `derived` one ("weekday",
  /// "iso_week", "delay_band") whose cell is `value`. `format` "json": the page's view (failing_report.h), a
  /// string; "csv" or "xlsx": the download's bytes (a Uint8Array), those of the CLI's
  /// --failing-rows; null for an unknown file or reason.
  emscripten::val failing_rows(const std::string& name, const std::string& reasons, int column,
                               const std::string& derived, const std::string& value, const std::string& format,
                               const std::string& lang) const {
    starsheet::failing_filter filter;
    auto bits = starsheet::failing_reasons_from(reasons);
    if (!bits) return emscripten::val::null();
    filter.reasons = *bits;
    if (column >= 0) filter.column = static_cast<std::size_t>(column);
    filter.derived = derived;
    filter.value = value;
    auto l = parse_lang(lang);
    for (const auto& f : files_) {
      if (f.name != name) continue;
      if (format == "json") return emscripten::val(starsheet::dump_json(starsheet::failing_json(f, rules_, l, filter)));
      auto table = starsheet::failing_table(f, rules_, l, filter);
      std::string bytes = format == "xlsx" ? starsheet::template_xlsx(table, table.sheet_name) : starsheet::template_csv(table);
      // Copied out at once: a view of wasm memory would be detached when the memory grows.
      emscripten::val view(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
      return view.call<emscripten::val>("slice");
    }
    return emscripten::val::null();
  }

  /// Scores a period with the imported files merged in (explicit measures win).
  outcome score(const std::string& period_json, const std::string& format, const std::string& lang) {
    if (!load_error_.empty()) return {false, "", load_error_, ""};
    auto model = starsheet::evaluate(period_json, files_, pack_, &rules_);
    if (!model)
      return {false, "", starsheet::describe(model.error(), pack_, parse_lang(lang)),
              starsheet::wasm::error_details(model.error(), pack_)};
    auto output = starsheet::wasm::rendered(*model, format, parse_lang(lang));
    if (!output) return {false, "", starsheet::wasm::text_not_in_page_module(), ""};
    return {true, *output, "", ""};
  }

 private:
  starsheet::rule_pack pack_;
  starsheet::import_rules rules_;
  std::string load_error_;
  std::unique_ptr<starsheet::record_importer> current_;
  starsheet::imported_file current_file_;
  std::vector<starsheet::imported_file> files_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(starsheet_import) {
  emscripten::value_object<outcome>("ImportOutcome")
      .field("ok", &outcome::ok)
      .field("output", &outcome::output)
      .field("error", &outcome::error)
      .field("detail", &outcome::detail);
  emscripten::class_<workspace>("Workspace")
      .constructor<std::string, std::string>()
      .function("loadError", &workspace::load_error)
      .function("detect", &workspace::detect)
      .function("propose", &workspace::propose)
      .function("begin", &workspace::begin)
      .function("bufferFor", &workspace::buffer_for)
      .function("commit", &workspace::commit)
      .function("noteUndecodable", &workspace::note_undecodable)
      .function("recordsRead", &workspace::records_read)
      .function("finish", &workspace::finish)
      .function("clear", &workspace::clear)
      .function("remove", &workspace::remove)
      .function("failingRows", &workspace::failing_rows)
      .function("score", &workspace::score);
}
