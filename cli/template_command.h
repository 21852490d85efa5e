// `starsheet template`: writes a downloadable template (CSV or .xlsx), and reads a filled
// measures template back as a period for `starsheet score`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "rules.h"

namespace starsheet::shell {

/// `starsheet template shipments|inquiries|measures [--format csv|xlsx] [--lang zh|en]
/// [--output FILE] [--rules FILE]`. `argv` holds the arguments after "template". Writes the
/// template to FILE or stdout (an .xlsx is never written to a terminal); returns the exit
/// status, printing one line on stderr when it is not 0.
int template_command(int argc, char** argv);

/// A filled measures table (rows of cell texts, from a CSV or a sheet) as a
/// `starsheet-period/1` text, read with the built-in template rules. Errors name the row.
result<std::string> period_text_from_table_rows(const std::vector<std::vector<std::string>>& rows,
                                                const rule_pack& pack);

/// For `score FILE`: when the file is not JSON (does not start with '{' after a byte order mark
/// and white space) but a measures table (CSV/TSV in UTF-8, UTF-16 or GB18030), its period text
/// or the error in it; nullopt when the file is to be read as JSON.
std::optional<result<std::string>> period_text_if_measures_table(std::string_view file_bytes, const rule_pack& pack);

}  // namespace starsheet::shell
