// Embind shim for record import: no logic of its own. A Workspace holds the rule packs and the
// record files imported so far; the worker writes each chunk of UTF-8 bytes straight into the
// importer's buffer (bufferFor / commit: one copy, from the file into wasm memory), and scores
// a period with the imported files merged in, exactly as `starsheet score --shipments …` does.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "default_import_rules.h"
#include "default_rules.h"
#include "encoding.h"
#include "import.h"
#include "import_report.h"
#include "import_rules.h"
#include "json_text.h"
#include "period.h"
#include "recovery.h"
#include "rules.h"
#include "starsheet.h"

namespace {

using nlohmann::ordered_json;

starsheet::lang parse_lang(const std::string& l) { return l == "en" ? starsheet::lang::en : starsheet::lang::zh; }

std::string error_json(const std::string& message) {
  return starsheet::dump_json(ordered_json{{"ok", false}, {"error", message}});
}

struct outcome {
  bool ok = false;
  std::string output;
  std::string error;
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

  /// The proposed mapping and the first rows, for the mapping step of the page.
  std::string propose(const std::string& kind_name, const std::string& first_bytes, int sample_rows) const {
    auto kind = starsheet::record_kind_from(kind_name);
    if (!kind) return error_json("unknown record kind " + kind_name);
    auto mapping = starsheet::propose_from_sample(*kind, first_bytes, rules_);
    if (!mapping) return error_json(starsheet::describe(mapping.error()));
    ordered_json rows = ordered_json::array();
    starsheet::csv_reader reader([&](const starsheet::csv_record& r) {
      if (static_cast<int>(rows.size()) > sample_rows) return;
      ordered_json row = ordered_json::array();
      for (std::size_t i = 0; i < r.size(); ++i) row.push_back(std::string(r[i]));
      rows.push_back(std::move(row));
    });
    reader.feed(first_bytes);
    reader.finish();
    return starsheet::dump_json(ordered_json{{"ok", true},
                                             {"mapping", ordered_json::parse(starsheet::mapping_json(*mapping))},
                                             {"rows", rows}});
  }

  /// Starts importing one file. `mapping_json` is a starsheet-mapping/1 document or empty;
  /// `period_json` (or empty) gives the period end. Returns "" or the error line.
  std::string begin(const std::string& kind_name, const std::string& mapping_json, const std::string& period_json,
                    const std::string& name, const std::string& encoding) {
    auto kind = starsheet::record_kind_from(kind_name);
    if (!kind) return "unknown record kind " + kind_name;
    starsheet::import_options options;
    options.recovery = starsheet::recovery_targets_of(pack_);
    if (!mapping_json.empty()) {
      auto user = starsheet::parse_mapping(mapping_json, rules_);
      if (!user) return "mapping: " + starsheet::describe(user.error());
      options.mapping = *user;
    }
    if (!period_json.empty()) {
      auto period = starsheet::parse_period(period_json, pack_);
      if (period) options.period_end = starsheet::period_end_instant(*period);
    }
    current_ = std::make_unique<starsheet::record_importer>(*kind, rules_, options);
    current_file_ = starsheet::imported_file{};
    current_file_.name = name;
    current_file_.encoding = encoding;
    return "";
  }

  /// Address in wasm memory where the next `n` bytes go (valid until the next call).
  std::uintptr_t buffer_for(std::size_t n) { return reinterpret_cast<std::uintptr_t>(current_->buffer_for(n)); }
  void commit(std::size_t n) { current_->commit(n); }
  void note_undecodable(std::size_t bytes) { current_file_.undecodable_bytes += bytes; }

  /// Ends the file; keeps it for scoring (replacing an earlier file of the same kind) and
  /// returns {ok, error} or {ok, mapping, records} (the report's records section for it).
  std::string finish(const std::string& lang) {
    if (!current_) return error_json("no import under way");
    auto summary = current_->finish();
    current_.reset();
    if (!summary) return error_json(current_file_.name + ": " + starsheet::describe(summary.error()));
    current_file_.summary = std::move(*summary);
    for (auto it = files_.begin(); it != files_.end(); ++it)
      if (it->summary.kind == current_file_.summary.kind) {
        files_.erase(it);
        break;
      }
    files_.push_back(std::move(current_file_));
    const starsheet::imported_file& file = files_.back();
    std::vector<starsheet::imported_file> one{file};
    return starsheet::dump_json(
        ordered_json{{"ok", true},
                     {"kind", std::string(starsheet::to_string(file.summary.kind))},
                     {"mapping", ordered_json::parse(starsheet::mapping_json(file.summary.mapping))},
                     {"records", starsheet::records_json(one, rules_, pack_, parse_lang(lang))}});
  }

  /// Forgets the imported files (all of them, or those of one kind).
  void clear(const std::string& kind_name) {
    auto kind = starsheet::record_kind_from(kind_name);
    std::vector<starsheet::imported_file> kept;
    for (auto& f : files_)
      if (kind && f.summary.kind != *kind) kept.push_back(std::move(f));
    files_ = std::move(kept);
  }

  /// Scores a period with the imported files merged in (explicit measures win).
  outcome score(const std::string& period_json, const std::string& format, const std::string& lang) {
    if (!load_error_.empty()) return {false, "", load_error_};
    auto f = format == "text" ? starsheet::report_format::text : starsheet::report_format::json;
    if (files_.empty()) {
      auto report = starsheet::score_period(period_json, pack_, f, parse_lang(lang));
      if (!report) return {false, "", starsheet::describe(report.error())};
      return {true, *report, ""};
    }
    auto period = starsheet::parse_period(period_json, pack_);
    if (!period) return {false, "", starsheet::describe(period.error())};
    std::vector<starsheet::imported_file> files = files_;
    auto report = starsheet::score_with_records(std::move(*period), files, pack_, rules_, f, parse_lang(lang));
    if (!report) return {false, "", starsheet::describe(report.error())};
    return {true, *report, ""};
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
      .field("error", &outcome::error);
  emscripten::class_<workspace>("Workspace")
      .constructor<std::string, std::string>()
      .function("loadError", &workspace::load_error)
      .function("detect", &workspace::detect)
      .function("propose", &workspace::propose)
      .function("begin", &workspace::begin)
      .function("bufferFor", &workspace::buffer_for)
      .function("commit", &workspace::commit)
      .function("noteUndecodable", &workspace::note_undecodable)
      .function("finish", &workspace::finish)
      .function("clear", &workspace::clear)
      .function("score", &workspace::score);
}
