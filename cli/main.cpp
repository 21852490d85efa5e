// starsheet: the command-line shell around the core. Reads files, picks options, prints.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "compare.h"
#include "default_import_rules.h"
#include "default_rules.h"
#include "import_report.h"
#include "record_files.h"
#include "report.h"
#include "rules.h"
#include "starsheet.h"
#include "template_command.h"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;

const char* usage =
    "starsheet — self-assessment of a cross-border e-commerce logistics provider\n"
    "           (Appendix A of the cross-border e-commerce logistics service guide)\n"
    "\n"
    "Usage:\n"
    "  starsheet score PERIOD.json [--format json|text] [--lang zh|en] [--rules FILE]\n"
    "                  [--shipments FILE] [--inquiries FILE] [--map MAPPING.json]\n"
    "                  [--encoding auto|utf-8|utf-16|gb18030] [--date-order mdy|dmy]\n"
    "      Score one period and print the report (text by default).\n"
    "  starsheet import shipments|inquiries FILE [--map MAPPING.json] [--save-map FILE]\n"
    "                  [--encoding …] [--date-order mdy|dmy] [--period-end YYYY-MM-DD] [--format json|text]\n"
    "      Read a record file (CSV/TSV): print the proposed column mapping, the measures it\n"
    "      derives and every cell that could not be read.\n"
    "  starsheet compare A.json B.json [C.json …] [--format json|text] [--lang zh|en] [--rules FILE]\n"
    "      Compare periods (oldest first): how the total, categories and indicators moved, and\n"
    "      which tier bounds were crossed. Each file is a period or a JSON report made with the\n"
    "      same rule pack (starsheet score --format json).\n"
    "  starsheet rules [--lang zh|en] [--rules FILE]\n"
    "      Print the active rule pack: categories, indicators, tiers, star levels.\n"
    "  starsheet template shipments|inquiries|measures [--format csv|xlsx] [--lang zh|en] [--output FILE]\n"
    "      Write a template to fill in (CSV by default). A filled measures template is a period:\n"
    "      starsheet score MEASURES.csv\n"
    "  starsheet --help | --version\n"
    "\n"
    "Options:\n"
    "  --format json|text   report format (default text)\n"
    "  --lang zh|en         report language (default zh)\n"
    "  --rules FILE         use this rule pack instead of the built-in one\n"
    "  --shipments FILE     derive order, transit, goods and exception measures from shipment rows\n"
    "                       (CSV/TSV or a workbook: .xlsx, .xls, .et, .ods; repeat it: the files add up)\n"
    "  --inquiries FILE     derive response and resolution measures from inquiry rows\n"
    "                       (measures given in PERIOD.json win; the report says which came from where)\n"
    "  --map MAPPING.json   column mapping overrides (starsheet-mapping/1; --save-map writes one)\n"
    "  --encoding E         text encoding of the record files (default auto: BOM, UTF-8, else GB18030)\n"
    "  --date-order O       read A/B/YYYY dates month first (mdy) or day first (dmy); default: detected\n"
    "  --header-row N       the header is row N (0: the file has no header row); default: found by the\n"
    "                       column names it recognises, skipping title and information rows\n"
    "  --sheet NAME|N       the workbook sheet to read (default: the first visible one)\n"
    "\n"
    "Exit status: 0 on success; 2 on bad input, with one line on stderr naming the file and\n"
    "the field (as a JSON pointer) and what was expected.\n";

int fail(const std::string& message) {
  std::cerr << "starsheet: " << message << "\n";
  return exit_bad_input;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct options {
  std::string command;
  std::vector<std::string> files;
  starsheet::report_format format = starsheet::report_format::text;
  starsheet::lang language = starsheet::lang::zh;
  std::string rules_file;
  starsheet::shell::record_args records;
};

// Returns an error message, or empty when the arguments parse.
std::string parse_args(int argc, char** argv, options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string(argv[++i]);
    };
    if (a == "--help" || a == "-h" || a == "--version") {
      o.command = a == "--version" ? "version" : "help";
      return {};
    } else if (a == "--format") {
      auto v = value("--format");
      if (v == "json") o.format = starsheet::report_format::json;
      else if (v == "text") o.format = starsheet::report_format::text;
      else return "--format expects json or text";
    } else if (a == "--lang") {
      auto v = value("--lang");
      if (v == "zh") o.language = starsheet::lang::zh;
      else if (v == "en") o.language = starsheet::lang::en;
      else return "--lang expects zh or en";
    } else if (std::string err; starsheet::shell::parse_record_option(argc, argv, i, o.records, err)) {
      if (!err.empty()) return err;
    } else if (a == "--rules") {
      auto v = value("--rules");
      if (!v) return "--rules expects a file";
      o.rules_file = *v;
    } else if (a.rfind("--", 0) == 0) {
      return "unknown option " + a + " (see starsheet --help)";
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      o.files.push_back(a);
    }
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "template") return starsheet::shell::template_command(argc - 2, argv + 2);
  options o;
  if (auto err = parse_args(argc, argv, o); !err.empty()) return fail(err);
  if (o.command.empty() || o.command == "help") {
    std::cout << usage;
    return o.command.empty() ? exit_bad_input : exit_ok;
  }
  if (o.command == "version") {
    std::cout << "starsheet 0.1.0\n";
    return exit_ok;
  }

  std::string rules_text(starsheet::default_rules_json());
  std::string rules_name = "built-in rules";
  if (!o.rules_file.empty()) {
    auto text = read_file(o.rules_file);
    if (!text) return fail(o.rules_file + ": cannot read the file");
    rules_text = *text;
    rules_name = o.rules_file;
  }
  auto pack = starsheet::load_rules(rules_text);
  if (!pack) return fail(rules_name + ": " + starsheet::describe(pack.error()));

  if (o.command == "rules") {
    std::cout << starsheet::rules_text(*pack, o.language);
    return exit_ok;
  }
  if (o.command == "score") {
    if (o.files.size() != 1) return fail("score expects one PERIOD.json (see starsheet --help)");
    const std::string& path = o.files[0];
    auto text = read_file(path);
    if (!text) return fail(path + ": cannot read the file");
    if (auto table = starsheet::shell::period_text_if_measures_table(*text, *pack)) {  // a filled measures template
      if (!*table) return fail(path + ": " + starsheet::describe(table->error()));
      text = **table;
    }
    if (o.records.any()) {
      // Record files: import them against the period's end, merge, score.
      auto import_rules = starsheet::load_import_rules(starsheet::default_import_rules_json());
      if (!import_rules) return fail("built-in import rules: " + starsheet::describe(import_rules.error()));
      auto period = starsheet::parse_period(*text, *pack);
      if (!period) return fail(path + ": " + starsheet::describe(period.error()));
      auto files = starsheet::shell::import_records(o.records, starsheet::period_end_instant(*period), *pack, o.language,
                                                    *import_rules);
      if (!files) return fail(files.error().message);
      auto report = starsheet::score_with_records(*period, *files, *pack, *import_rules, o.format, o.language);
      if (!report) return fail(path + ": " + starsheet::describe(report.error()));
      std::cout << *report;
      return exit_ok;
    }
    auto report = starsheet::score_period(*text, *pack, o.format, o.language);
    if (!report) return fail(path + ": " + starsheet::describe(report.error()));
    std::cout << *report;
    return exit_ok;
  }
  if (o.command == "import") {
    if (o.files.size() != 2) return fail("import expects shipments or inquiries, then a FILE (see starsheet --help)");
    auto import_rules = starsheet::load_import_rules(starsheet::default_import_rules_json());
    if (!import_rules) return fail("built-in import rules: " + starsheet::describe(import_rules.error()));
    auto out = starsheet::shell::import_command(o.files[0], o.files[1], o.records, *import_rules, *pack,
                                                o.format == starsheet::report_format::json, o.language);
    if (!out) return fail(out.error().message);
    std::cout << *out;
    return exit_ok;
  }
  if (o.command == "compare") {
    if (o.files.size() < 2) return fail("compare expects two or more PERIOD.json files, oldest first (see starsheet --help)");
    std::vector<std::string> texts;
    for (const auto& path : o.files) {
      auto text = read_file(path);
      if (!text) return fail(path + ": cannot read the file");
      texts.push_back(std::move(*text));
    }
    std::vector<std::string_view> views(texts.begin(), texts.end());
    std::size_t failed = 0;
    auto out = starsheet::compare_period_texts(views, o.files, *pack, o.format, o.language, &failed);
    if (!out) return fail(o.files[failed] + ": " + starsheet::describe(out.error()));
    std::cout << *out;
    return exit_ok;
  }
  return fail("unknown command " + o.command + " (see starsheet --help)");
}
