// starsheet: the command-line shell around the core. Reads files, picks options, prints.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "compare.h"
#include "decode.h"
#include "default_import_rules.h"
#include "default_rules.h"
#include "evaluate.h"
#include "export.h"
#include "import_report.h"
#include "messages.h"
#include "record_files.h"
#include "report.h"
#include "rules.h"
#include "starsheet.h"
#include "template_command.h"
#include "usage.h"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;

// One line on stderr; text from the data in it (file names, cells) shows its controls escaped.
int fail(const std::string& message) {
  std::cerr << "starsheet: " << starsheet::visible_controls(message, true) << "\n";
  return exit_bad_input;
}

// A usage error: the line, then the command's synopsis, all on stderr.
int usage_error(const std::string& message, const std::string& command) {
  fail(message);
  std::cerr << starsheet::shell::usage_synopsis(command);
  return exit_bad_input;
}

// Help and version: English, as the usage is.
int emit(const std::string& text) {
  if (auto err = starsheet::shell::write_stdout(text)) return fail(err->message);
  return exit_ok;
}

// Options that take a value, in every command (template has --output and -o too).
bool takes_value(const std::string& name) {
  static const char* const names[] = {"--format", "--lang",       "--rules",      "--shipments",  "--inquiries",
                                      "--map",    "--encoding",   "--date-order", "--period-end", "--save-map",
                                      "--header-row", "--sheet",  "--output",     "-o",  "--failing-rows"};
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

bool is_flag(const std::string& a) { return a == "--help" || a == "-h" || a == "--version" || a == "-V"; }

// The arguments with every --opt=value split in two, the command found (the first word that
// is neither an option nor an option's value), and --help / --version noted wherever they are.
struct command_line {
  std::vector<std::string> args;
  std::string command;
  bool help = false, version = false;
  std::string error;  // a usage error found while splitting
};

command_line normalize(int argc, char** argv) {
  command_line c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
      std::string name = a.substr(0, a.find('='));
      if (takes_value(name)) {
        c.args.push_back(name);
        c.args.push_back(a.substr(name.size() + 1));
      } else if (c.error.empty()) {
        c.error = is_flag(name) ? name + " takes no value" : "unknown option " + name;
      }
      continue;
    }
    c.args.push_back(a);
    if (a == "--help" || a == "-h") c.help = true;
    else if (a == "--version" || a == "-V") c.version = true;
    else if (takes_value(a) && i + 1 < argc) c.args.push_back(argv[++i]);
    else if (c.command.empty() && (a == "-" || a[0] != '-')) c.command = a;
  }
  return c;
}

struct options {
  std::string command;
  std::vector<std::string> files;
  starsheet::report_format format = starsheet::report_format::text;
  starsheet::lang language = starsheet::lang::zh;
  std::string rules_file;
  std::optional<starsheet::export_format> exported;  // score: --format xlsx|html
  std::string output;  // score: write the report here instead of standard output
  starsheet::shell::record_args records;
};

// Returns an error message, or empty when the arguments parse.
std::string parse_args(int argc, char** argv, options& o) {
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string(argv[++i]);
    };
    if (a == "--format") {
      auto v = value("--format");
      o.exported.reset();
      if (v == "json") o.format = starsheet::report_format::json;
      else if (v == "text") o.format = starsheet::report_format::text;
      else if (v == "xlsx") o.exported = starsheet::export_format::xlsx;
      else if (v == "html") o.exported = starsheet::export_format::html;
      else return "--format expects json, text, xlsx or html";
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
    } else if (a == "--output" || a == "-o") {
      auto v = value("--output");
      if (!v || v->empty()) return "--output expects a file";
      o.output = *v;
    } else if (a.size() > 1 && a[0] == '-') {
      return "unknown option " + a;
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      o.files.push_back(a);
    }
  }
  return {};
}

// Reads a JSON input (period, report, rule pack) of at most 16 MiB, as UTF-8; the error does
// not name the file.
starsheet::result<std::string> read_json_file(const std::string& path, const char* what) {
  auto bytes = starsheet::shell::read_small_file(path, what);
  if (!bytes) return bytes.error();
  return starsheet::shell::json_text_as_utf8(std::move(*bytes));
}

}  // namespace

int main(int argc, char** argv) {
  namespace shell = starsheet::shell;
  command_line cl = normalize(argc, argv);
  bool known = shell::find_command_usage(cl.command) != nullptr;
  if (cl.version) {
    auto pack = starsheet::load_rules(starsheet::default_rules_json());
    std::string rules = pack ? pack->id + " " + pack->version : std::string("(built-in rule pack unreadable)");
    return emit("starsheet " + std::string(shell::program_version) + "\nrule pack " + rules + "\n");
  }
  if (cl.help) return emit(shell::usage_text(known ? cl.command : std::string()));
  if (!cl.error.empty()) return usage_error(cl.error, known ? cl.command : std::string());
  if (cl.command.empty()) {
    std::cerr << shell::usage_text();
    return exit_bad_input;
  }
  std::vector<char*> args;
  for (auto& a : cl.args) args.push_back(a.data());
  if (cl.args.front() == "template") return shell::template_command(static_cast<int>(args.size()) - 1, args.data() + 1);

  options o;
  if (auto err = parse_args(static_cast<int>(args.size()), args.data(), o); !err.empty())
    return usage_error(err, known ? cl.command : std::string());
  if (!known) return usage_error("unknown command " + o.command, {});
  if (o.command != "score" && o.exported) return usage_error("--format xlsx and html are for score only", o.command);
  if (o.command != "score" && !o.output.empty()) return usage_error("--output is for score only", o.command);
  if (o.exported == starsheet::export_format::xlsx && o.output.empty() && isatty(fileno(stdout)))
    return fail("an .xlsx workbook is not written to a terminal: use --output FILE or redirect the output");
  // Standard input can be read once.
  int stdin_uses = (o.rules_file == "-");
  for (const auto* list : {&o.files, &o.records.shipments, &o.records.inquiries, &o.records.maps})
    for (const auto& f : *list) stdin_uses += f == "-";
  if (stdin_uses > 1) return usage_error("standard input (-) can be read for one file only", o.command);

  // The import rules say the errors of reading and writing files in the --lang language.
  auto import_rules = starsheet::load_import_rules(starsheet::default_import_rules_json());
  if (!import_rules) return fail("built-in import rules: " + starsheet::describe(import_rules.error()));
  auto file_failed = [&](const std::string& path, const starsheet::input_error& e) {
    return fail(shell::in_file(path, e, *import_rules, o.language).message);
  };
  auto emit_output = [&](const std::string& text) {
    if (auto err = shell::write_stdout(text)) return fail(starsheet::error_text(*err, *import_rules, o.language, "cli"));
    return exit_ok;
  };

  std::string rules_text(starsheet::default_rules_json());
  std::string rules_name = "built-in rules";
  if (!o.rules_file.empty()) {
    auto text = read_json_file(o.rules_file, shell::small_file::rule_pack);
    if (!text) return file_failed(o.rules_file, text.error());
    rules_text = *text;
    rules_name = shell::input_name(o.rules_file);
  }
  auto pack = starsheet::load_rules(rules_text);
  if (!pack) return fail(rules_name + ": " + starsheet::describe(pack.error()));

  if (o.command == "rules") {
    if (!o.files.empty()) return usage_error("rules takes no file (use --rules FILE)", o.command);
    return emit_output(starsheet::rules_text(*pack, o.language));
  }
  if (o.command == "score") {
    if (o.files.size() != 1) return usage_error("score expects one PERIOD.json", o.command);
    const std::string name = shell::input_name(o.files[0]);
    auto bytes = shell::read_small_file(o.files[0], shell::small_file::period);
    if (!bytes) return file_failed(o.files[0], bytes.error());
    std::string text;
    if (auto table = shell::period_text_if_measures_table(*bytes, *pack)) {  // a filled measures template
      if (!*table) return fail(name + ": " + starsheet::describe(table->error(), *pack, o.language));
      text = **table;
    } else {
      auto json = shell::json_text_as_utf8(std::move(*bytes));
      if (!json) return file_failed(o.files[0], json.error());
      text = std::move(*json);
    }
    auto period = starsheet::parse_period(text, *pack);
    // Input errors in the --lang language, the field by its label, then its pointer.
    if (!period) return fail(name + ": " + starsheet::describe(period.error(), *pack, o.language));
    // Record files (none is an empty list) are read against the period's end.
    auto files = shell::import_records(o.records, starsheet::period_start_instant(*period),
                                       starsheet::period_end_instant(*period), *pack, o.language,
                                       *import_rules, &*period);
    if (!files) return fail(files.error().message);
    if (auto err = shell::write_failing_rows(o.records, *files, *import_rules, o.language)) return fail(err->message);
    auto model = starsheet::evaluate(std::move(*period), std::move(*files), *pack, &*import_rules);
    if (!model) return fail(name + ": " + starsheet::describe(model.error(), *pack, o.language));
    std::string report = o.exported ? starsheet::render_export(*model, *o.exported, o.language)
                                    : starsheet::render(*model, o.format, o.language);
    if (o.output.empty()) return emit_output(report);
    if (auto err = shell::write_file(o.output, report)) return file_failed(o.output, *err);
    return exit_ok;
  }
  if (o.command == "import") {
    if (o.files.size() != 2) return usage_error("import expects shipments or inquiries, then a FILE", o.command);
    auto out = shell::import_command(o.files[0], o.files[1], o.records, *import_rules, *pack,
                                     o.format == starsheet::report_format::json, o.language);
    if (!out) return fail(out.error().message);
    return emit_output(*out);
  }
  // compare
  if (o.files.size() < 2) return usage_error("compare expects two or more PERIOD.json files, oldest first", o.command);
  std::vector<std::string> texts, names;
  for (const auto& path : o.files) {
    auto text = read_json_file(path, shell::small_file::period_or_report);
    if (!text) return file_failed(path, text.error());
    texts.push_back(std::move(*text));
    names.push_back(shell::input_name(path));
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::size_t failed = 0;
  auto out = starsheet::compare_period_texts(views, names, *pack, o.format, o.language, &failed);
  if (!out) return fail(names[failed] + ": " + starsheet::describe(out.error(), *pack, o.language));
  return emit_output(*out);
}
