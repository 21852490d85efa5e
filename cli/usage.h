// The command line's usage texts: the whole one (`starsheet --help`) and one per command
// (`starsheet score --help`), built from the same pieces so that they cannot drift apart.
#pragma once

#include <string>
#include <string_view>

namespace starsheet::shell {

/// The program's version, as project(VERSION) in CMakeLists.txt says.
inline constexpr std::string_view program_version = "0.1.0";

struct command_usage {
  std::string_view name;
  std::string_view synopsis;     // "  starsheet score …" lines
  std::string_view description;  // what it does, indented
  enum options_kind { report_options, report_and_record_options, import_options, template_options } options;
};

inline constexpr std::string_view usage_title =
    "starsheet — self-assessment of a cross-border e-commerce logistics provider\n"
    "           (Appendix A of the cross-border e-commerce logistics service guide)\n";

inline constexpr std::string_view option_common =
    "  --format json|text   report format (default text)\n"
    "  --lang zh|en         report language (default zh)\n"
    "  --rules FILE         use this rule pack instead of the built-in one\n";

inline constexpr std::string_view option_exports =
    "  --format xlsx|html   score only: the report as an Excel workbook (Table A.2 with its signature\n"
    "                       lines, the 31 indicators, the plan) or one standalone HTML page; a what-if\n"
    "                       result is marked as assumed (an .xlsx is never written to a terminal)\n"
    "  --output FILE, -o    score only: write the report to FILE instead of standard output\n";

inline constexpr std::string_view option_records =
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
    "  --failing-rows FILE  write the rows behind the failures (late, lost, damaged, unresolved, and\n"
    "                       exceptions or first replies slower than full points allow) with their\n"
    "                       row number and why: a to-do list (.xlsx by its name, else CSV); one\n"
    "                       record file\n";

inline constexpr std::string_view option_import =
    "  --save-map FILE      write the mapping used, to reuse with --map next period\n"
    "  --period-end DATE    the period's last day (YYYY-MM-DD): undelivered orders past their promise are late\n";

inline constexpr std::string_view usage_conventions =
    "Every option that takes a value accepts --opt value and --opt=value. A FILE of - is standard\n"
    "input (one file at most). A period, mapping or rule-pack file is at most 16 MiB.\n"
    "Text reports show control characters taken from the data as \\u001b-style escapes.\n"
    "\n"
    "Exit status: 0 on success; 2 on bad input or a failed write, with one line on stderr naming\n"
    "the file and the field (as a JSON pointer) and what was expected; 2 with the usage on a\n"
    "usage error.\n";

inline constexpr command_usage commands[] = {
    {"score",
     "  starsheet score PERIOD.json [--format json|text|xlsx|html] [--lang zh|en] [--rules FILE]\n"
     "                  [--output FILE]\n"
     "                  [--shipments FILE] [--inquiries FILE] [--map MAPPING.json]\n"
     "                  [--encoding auto|utf-8|utf-16|gb18030] [--date-order mdy|dmy]\n"
     "                  [--header-row N] [--sheet NAME|N] [--failing-rows FILE]\n",
     "      Score one period and print the report (text by default). PERIOD.json may also be a\n"
     "      filled measures template (CSV or workbook).\n",
     command_usage::report_and_record_options},
    {"import",
     "  starsheet import shipments|inquiries FILE [--map MAPPING.json] [--save-map FILE] [--failing-rows FILE]\n"
     "                  [--encoding …] [--date-order mdy|dmy] [--period-end YYYY-MM-DD] [--format json|text]\n",
     "      Read a record file (CSV/TSV or a workbook): print the proposed column mapping, the\n"
     "      measures it derives and every cell that could not be read.\n",
     command_usage::import_options},
    {"compare",
     "  starsheet compare A.json B.json [C.json …] [--format json|text] [--lang zh|en] [--rules FILE]\n",
     "      Compare periods (oldest first): how the total, categories and indicators moved, and\n"
     "      which tier bounds were crossed. Each file is a period or a JSON report made with the\n"
     "      same rule pack (starsheet score --format json).\n",
     command_usage::report_options},
    {"rules",
     "  starsheet rules [--lang zh|en] [--rules FILE]\n",
     "      Print the active rule pack: categories, indicators, tiers, star levels.\n",
     command_usage::report_options},
    {"template",
     "  starsheet template shipments|inquiries|measures [--format csv|xlsx] [--lang zh|en] [--output FILE]\n",
     "      Write a template to fill in (CSV by default; -o FILE is --output FILE). A filled\n"
     "      measures template is a period: starsheet score MEASURES.csv\n",
     command_usage::template_options},
};

inline const command_usage* find_command_usage(std::string_view name) {
  for (const auto& c : commands)
    if (c.name == name) return &c;
  return nullptr;
}

/// The usage of one command, or of all of them when `command` is empty or unknown.
inline std::string usage_text(std::string_view command = {}) {
  std::string out(usage_title);
  out += "\nUsage:\n";
  const command_usage* one = find_command_usage(command);
  for (const auto& c : commands)
    if (!one || one == &c) out += std::string(c.synopsis) + std::string(c.description);
  if (!one) out += "  starsheet COMMAND --help   the usage of one command\n  starsheet --help | -V, --version\n";
  out += "\nOptions:\n";
  auto which = one ? one->options : command_usage::import_options;
  if (which == command_usage::template_options) {
    out += "  --format csv|xlsx    template format (default csv; an .xlsx is never written to a terminal)\n"
           "  --lang zh|en         template language (default zh)\n"
           "  --output FILE, -o    write the template to FILE instead of standard output\n";
  } else {
    out += std::string(option_common);
    if (which == command_usage::report_and_record_options) out += std::string(option_exports);
    if (which != command_usage::report_options) out += std::string(option_records);
    if (which == command_usage::import_options) out += std::string(option_import);
  }
  out += "  -h, --help           this help\n\n";
  out += std::string(usage_conventions);
  return out;
}

/// The synopsis printed under a usage error: the command's own lines, or every command's.
inline std::string usage_synopsis(std::string_view command = {}) {
  std::string out = "Usage:\n";
  const command_usage* one = find_command_usage(command);
  for (const auto& c : commands)
    if (!one || one == &c) out += std::string(c.synopsis);
  out += std::string("See starsheet ") + (one ? std::string(one->name) + " " : std::string()) + "--help.\n";
  return out;
}

}  // namespace starsheet::shell
