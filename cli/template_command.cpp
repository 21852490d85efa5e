#include "template_command.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "decode.h"
#include "record_files.h"
#include "default_import_rules.h"
#include "default_rules.h"
#include "default_templates.h"
#include "encoding.h"
#include "import_rules.h"
#include "starsheet.h"
#include "report.h"
#include "templates.h"
#include "usage.h"
#include "workbook.h"

namespace starsheet::shell {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;

int fail(const std::string& message) {
  std::cerr << "starsheet: " << visible_controls(message, true) << "\n";
  return exit_bad_input;
}

// A usage error: the line, then the synopsis of `starsheet template`.
int usage_error(const std::string& message) {
  fail(message);
  std::cerr << usage_synopsis("template");
  return exit_bad_input;
}

}  // namespace

int template_command(int argc, char** argv) {
  std::string kind_name, format = "csv", output, rules_file;
  lang language = lang::zh;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (a == "--format") {
      auto v = value();
      if (v != "csv" && v != "xlsx") return usage_error("--format expects csv or xlsx");
      format = *v;
    } else if (a == "--lang") {
      auto v = value();
      if (v == "zh") language = lang::zh;
      else if (v == "en") language = lang::en;
      else return usage_error("--lang expects zh or en");
    } else if (a == "--output" || a == "-o") {
      auto v = value();
      if (!v || v->empty()) return usage_error("--output expects a file");
      output = *v;
    } else if (a == "--rules") {
      auto v = value();
      if (!v) return usage_error("--rules expects a file");
      rules_file = *v;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option " + a);
    } else if (kind_name.empty()) {
      kind_name = a;
    } else {
      return usage_error("template expects one kind: shipments, inquiries or measures");
    }
  }
  auto kind = template_kind_from(kind_name);
  if (!kind) return usage_error("template expects shipments, inquiries or measures");
  if (format == "xlsx" && output.empty() && isatty(fileno(stdout)))
    return fail("an .xlsx workbook is not written to a terminal: use --output FILE or redirect the output");

  // The import rules say the errors of reading and writing files in the --lang language.
  auto import = load_import_rules(default_import_rules_json());
  if (!import) return fail("built-in import rules: " + describe(import.error()));
  std::string rules_text(default_rules_json()), rules_name = "built-in rules";
  if (!rules_file.empty()) {
    auto bytes = read_small_file(rules_file, small_file::rule_pack);
    if (!bytes) return fail(in_file(rules_file, bytes.error(), *import, language).message);
    auto text = json_text_as_utf8(std::move(*bytes));
    if (!text) return fail(in_file(rules_file, text.error(), *import, language).message);
    rules_text = *text;
    rules_name = input_name(rules_file);
  }
  auto pack = load_rules(rules_text);
  if (!pack) return fail(rules_name + ": " + describe(pack.error()));
  auto templates = load_template_rules(default_templates_json());
  if (!templates) return fail("built-in template rules: " + describe(templates.error()));

  auto table = make_template(*kind, language, *templates, *import, *pack);
  if (!table) return fail("built-in template rules: " + describe(table.error()));
  std::string bytes = format == "xlsx" ? template_xlsx(*table, templates->title.in(language)) : template_csv(*table);

  if (output.empty()) {
    if (auto err = write_stdout(bytes)) return fail(error_text(*err, *import, language, "cli"));
  } else if (auto err = write_file(output, bytes)) {
    return fail(in_file(output, *err, *import, language).message);
  }
  return exit_ok;
}

result<std::string> period_text_from_table_rows(const std::vector<std::vector<std::string>>& rows,
                                                const rule_pack& pack) {
  auto templates = load_template_rules(default_templates_json());
  if (!templates) return input_error{"", "built-in template rules: " + describe(templates.error())};
  return period_from_measures_table(rows, pack, *templates);
}

std::optional<result<std::string>> period_text_if_measures_table(std::string_view file_bytes, const rule_pack& pack) {
  text_encoding enc = detect_encoding(file_bytes.substr(0, 64 * 1024));
  std::string utf8;
  if (sniff_workbook(file_bytes) != workbook_kind::none) {
    // A filled .xlsx/.xls/.ods measures template: its first visible sheet, read as CSV.
    auto sheets = list_sheets(file_bytes);
    if (!sheets) return std::nullopt;
    std::size_t index = 0;
    while (index + 1 < sheets->size() && (*sheets)[index].hidden) ++index;
    auto sheet = read_sheet_csv(file_bytes, index);
    if (!sheet) return std::nullopt;
    utf8 = std::move(sheet->csv);
  } else if (enc == text_encoding::utf8) {
    utf8 = std::string(file_bytes);
  } else {
    iconv_decoder decoder(std::string(encoding_name(enc)).c_str());
    if (!decoder.ok()) return std::nullopt;
    utf8 = std::string(decoder.decode(file_bytes, true));
  }
  std::size_t i = utf8.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  while (i < utf8.size() && (utf8[i] == ' ' || utf8[i] == '\t' || utf8[i] == '\r' || utf8[i] == '\n')) ++i;
  if (i < utf8.size() && utf8[i] == '{') return std::nullopt;
  auto templates = load_template_rules(default_templates_json());
  if (!templates) return std::nullopt;
  auto rows = rows_from_csv(utf8);
  if (!is_measures_table(rows, *templates)) return std::nullopt;
  return period_from_measures_table(rows, pack, *templates);
}

}  // namespace starsheet::shell
