#include "evaluate.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "default_import_rules.h"
#include "import.h"
#include "recovery.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::read_file;

namespace {

const import_rules& rules() {
  static const import_rules r = *load_import_rules(default_import_rules_json());
  return r;
}

const std::string records = STARSHEET_SOURCE_DIR "/tests/fixtures/records/";

// A shipments file as the CLI and the page import it: read against the period's end, with the
// pack's recovery bands.
imported_file shipments(const std::string& name, const std::string& text, const period_data& period) {
  import_options o;
  o.period_end = period_end_instant(period);
  o.recovery = recovery_targets_of(default_pack());
  record_importer imp(record_kind::shipments, rules(), std::move(o));
  imp.feed(text);
  auto s = imp.finish();
  if (!s) FAIL(s.error().where << ": " << s.error().message);
  imported_file f;
  f.name = name;
  f.summary = std::move(*s);
  return f;
}

// The reviewed report of tests/golden_test.sh, without the exit line it appends.
std::string golden(const std::string& name) {
  std::string g = read_file(STARSHEET_SOURCE_DIR "/tests/fixtures/expected/" + name);
  const std::string trailer = "exit=0\n";
  REQUIRE(g.size() >= trailer.size());
  REQUIRE(g.compare(g.size() - trailer.size(), trailer.size(), trailer) == 0);
  return g.substr(0, g.size() - trailer.size());
}

}  // namespace

TEST_CASE("evaluate: a period with no files renders exactly score_period's bytes", "[evaluate]") {
  for (const char* name : {"huayun-2026-10", "huayun-2026-11"}) {
    std::string text = test::example(std::string(name) + ".json");
    for (lang l : {lang::zh, lang::en})
      for (report_format f : {report_format::json, report_format::text}) {
        std::string suffix = std::string(l == lang::zh ? ".zh" : ".en") + (f == report_format::json ? ".json" : ".text");
        auto model = evaluate(text, {}, default_pack(), nullptr);
        REQUIRE(model);
        CHECK(model->files.empty());
        std::string bytes = render(*model, f, l);
        auto direct = score_period(text, default_pack(), f, l);
        REQUIRE(direct);
        CHECK(bytes == *direct);
        CHECK(bytes == golden(name + suffix));
        // No records section without record files.
        CHECK(bytes.find(f == report_format::json ? "\"records\"" : "Record import") == std::string::npos);
      }
  }
}

TEST_CASE("evaluate: a parsed period and its text give the same model, which survives a move", "[evaluate]") {
  std::string text = test::example("huayun-2026-11.json");
  auto period = parse_period(text, default_pack());
  REQUIRE(period);
  auto from_parsed = evaluate(std::move(*period), {}, default_pack(), nullptr);
  REQUIRE(from_parsed);
  // The assessment, advice and plans point into the period the model owns: moving the model
  // must not leave them dangling.
  report_model moved = std::move(*from_parsed);
  CHECK(moved.scored.period == moved.period.get());
  CHECK(render_json(moved, lang::en) == golden("huayun-2026-11.en.json"));
  CHECK(render_text(moved, lang::zh) == golden("huayun-2026-11.zh.text"));
}

TEST_CASE("evaluate: insured parcels above the damaged and lost are refused with and without a shipments file",
          "[evaluate]") {
  std::string text = read_file(records + "insured-above-parcels.json");
  auto period = parse_period(text, default_pack());
  REQUIRE(period);
  const std::string where = "/measures/recovery/insured_parcels";
  const std::string none_lost =
      "999999 insured parcels, but only 0 damaged or lost (/measures/recovery/damaged + /measures/recovery/lost)";

  auto alone = evaluate(text, {}, default_pack(), &rules());
  REQUIRE_FALSE(alone);
  CHECK(alone.error().where == where);
  CHECK(alone.error().message == none_lost);

  // Two intact deliveries add no damaged or lost parcel: the very same refusal.
  std::vector<imported_file> intact{shipments("intact.csv",
                                              "order_id,mode,shipped_at,delivered_at,promised_at,status\n"
                                              "A1,air,2026-10-01 08:00,2026-10-03 11:00,2026-10-03 12:00,intact\n"
                                              "A2,air,2026-10-02 08:00,2026-10-04 11:00,2026-10-04 12:00,intact\n",
                                              *period)};
  auto with_intact = evaluate(*period, intact, default_pack(), &rules());
  REQUIRE_FALSE(with_intact);
  CHECK(with_intact.error().where == where);
  CHECK(with_intact.error().message == none_lost);

  // A file with damaged and lost parcels is counted in before the check.
  std::vector<imported_file> damaged{shipments("recovery-shipments.csv", read_file(records + "recovery-shipments.csv"), *period)};
  auto with_damaged = evaluate(*period, damaged, default_pack(), &rules());
  REQUIRE_FALSE(with_damaged);
  CHECK(with_damaged.error().where == where);
  CHECK(with_damaged.error().message ==
        "999999 insured parcels, but only 3 damaged or lost (/measures/recovery/damaged + /measures/recovery/lost)");
}

TEST_CASE("evaluate: record files are merged and reported in a records section", "[evaluate]") {
  auto period = parse_period(read_file(records + "recovery-period.json"), default_pack());
  REQUIRE(period);
  std::vector<imported_file> files{shipments("recovery-shipments.csv", read_file(records + "recovery-shipments.csv"), *period)};
  auto model = evaluate(*period, files, default_pack(), &rules());
  REQUIRE(model);
  REQUIRE(model->files.size() == 1);
  CHECK(model->period->measures.at("/measures/orders_total").source == "shipments");
  auto j = nlohmann::json::parse(render_json(*model, lang::en));
  REQUIRE(j["records"]["files"].size() == 1);
  CHECK(j["records"]["files"][0]["file"] == "recovery-shipments.csv");
  CHECK(render_text(*model, lang::en).find("\nRecord import") != std::string::npos);

  auto without_rules = evaluate(*period, files, default_pack(), nullptr);
  REQUIRE_FALSE(without_rules);
  CHECK(without_rules.error().message == "record files need the import rules they were read with");
}
