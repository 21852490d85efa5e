#include "record_files.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "decode.h"
#include "encoding.h"
#include "failing_report.h"
#include "json_text.h"
#include "recovery.h"
#include "report.h"
#include "starsheet.h"
#include "workbook.h"

namespace starsheet::shell {

namespace {

std::optional<text_encoding> named_encoding(const std::string& name, std::string_view first) {
  if (name == "utf-8" || name == "utf8") return text_encoding::utf8;
  if (name == "utf-16le") return text_encoding::utf16le;
  if (name == "utf-16be") return text_encoding::utf16be;
  if (name == "utf-16") {
    auto guess = detect_encoding(first);
    return guess == text_encoding::utf16be ? text_encoding::utf16be : text_encoding::utf16le;
  }
  if (name == "gb18030" || name == "gbk" || name == "gb2312") return text_encoding::gb18030;
  return std::nullopt;
}

}  // namespace

std::string check_encoding_name(const std::string& name) {
  if (name == "auto" || named_encoding(name, {})) return {};
  return "--encoding expects auto, utf-8, utf-16, utf-16le, utf-16be or gb18030";
}

namespace {

input_error cannot_read() { return input_error{"", "cannot read the file", "file_unreadable"}; }

input_error read_failed(int error_number) {
  std::string reason = std::strerror(error_number);
  return input_error{"", "reading the file failed (" + reason + ")", "file_read_failed", {{"reason", reason}}};
}

// A workbook is read whole (its directory is at the end); the limit keeps a mistaken path to a
// huge file from exhausting memory.
constexpr std::size_t workbook_max_bytes = std::size_t{1} << 30;

bool looks_like_workbook(std::string_view first) {
  return (first.size() >= 4 && first.substr(0, 4) == std::string_view("PK\x03\x04", 4)) ||
         (first.size() >= 8 && first.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
}

input_error workbook_failure(const workbook_error& e) {
  // The user-facing text comes from the import rules by key; the detail is for the log.
  // The limits' messages name what the reader found.
  auto mb = [](std::uint64_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20); };
  return input_error{"",
                     "cannot read this spreadsheet (" + e.key + (e.detail.empty() ? "" : ": " + e.detail) + ")",
                     e.key,
                     {{"sheet", e.sheet},
                      {"row", std::to_string(e.row)},
                      {"count", std::to_string(e.count)},
                      {"limit", std::to_string(e.limit)},
                      {"count_mb", mb(e.count)},
                      {"limit_mb", mb(e.limit)}}};
}

}  // namespace

result<imported_file> import_record_file(const std::string& path, record_kind kind, const import_rules& rules,
                                         import_options options, const record_file_options& fo) {
  input_error open_error;
  int fd = open_input(path, open_error);
  if (fd < 0) return open_error;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(::fdopen(fd, "rb"), &std::fclose);
  if (!f) {
    ::close(fd);
    return cannot_read();
  }
  std::vector<char> buf(fo.chunk_bytes ? fo.chunk_bytes : 1 << 20);
  std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
  std::string_view first(buf.data(), n);
  imported_file out;
  out.name = input_name(path);
  if (looks_like_workbook(first)) {
    // .xlsx/.xls/.et/.ods: the core's reader turns the sheet into CSV text, which is imported
    // as UTF-8 exactly as the page does it.
    std::string bytes(first);
    while (n > 0 && bytes.size() <= workbook_max_bytes) {
      n = std::fread(buf.data(), 1, buf.size(), f.get());
      bytes.append(buf.data(), n);
    }
    if (std::ferror(f.get())) return read_failed(errno);
    if (bytes.size() > workbook_max_bytes) return input_error{"", "the spreadsheet is larger than 1 GB", "workbook_too_large", {}};
    auto sheets = list_sheets(bytes);
    if (!sheets) return workbook_failure(sheets.error());
    std::size_t index = sheets->size();
    if (fo.sheet.empty()) {
      for (std::size_t i = 0; i < sheets->size() && index == sheets->size(); ++i)
        if (!(*sheets)[i].hidden) index = i;
      if (index == sheets->size() && !sheets->empty()) index = 0;
    } else {
      for (std::size_t i = 0; i < sheets->size() && index == sheets->size(); ++i)
        if ((*sheets)[i].name == fo.sheet) index = i;
      if (index == sheets->size() && fo.sheet.find_first_not_of("0123456789") == std::string::npos && fo.sheet.size() < 6) {
        std::size_t k = std::stoul(fo.sheet);
        if (k >= 1 && k <= sheets->size()) index = k - 1;
      }
      if (index == sheets->size()) {
        std::string names;
        for (const auto& s : *sheets) names += (names.empty() ? "" : ", ") + s.name;
        return input_error{"", "the workbook has no sheet \"" + fo.sheet + "\" (it has: " + names + ")",
                           "workbook_sheet_missing", {{"sheet", fo.sheet}, {"names", names}}};
      }
    }
    if (index == sheets->size()) return workbook_failure({"workbook_no_sheet", ""});
    auto sheet = read_sheet_csv(bytes, index);
    if (!sheet) return workbook_failure(sheet.error());
    std::string().swap(bytes);
    out.encoding = "UTF-8";
    out.sheet = (*sheets)[index].name;
    record_importer importer(kind, rules, std::move(options));
    importer.feed(sheet->csv);
    auto summary = importer.finish();
    if (!summary) return summary.error();
    out.summary = std::move(*summary);
    return out;
  }
  text_encoding enc = fo.encoding == "auto" ? detect_encoding(first.substr(0, 64 * 1024))
                                            : named_encoding(fo.encoding, first).value_or(text_encoding::utf8);
  out.encoding = std::string(encoding_name(enc));
  std::unique_ptr<iconv_decoder> decoder;
  if (enc != text_encoding::utf8) {
    decoder = std::make_unique<iconv_decoder>(std::string(encoding_name(enc)).c_str());
    if (!decoder->ok()) return cannot_decode(out.encoding);
  }
  record_importer importer(kind, rules, std::move(options));
  if (!decoder) {
    // UTF-8: the first chunk (read for detection) is fed, the rest read straight into the
    // importer's buffer.
    // Reading stops as soon as the importer does (an error it will report): /dev/zero or an
    // endless pipe must not be read for ever.
    importer.feed(first);
    while (n > 0 && !importer.stopped()) {
      n = std::fread(importer.buffer_for(buf.size()), 1, buf.size(), f.get());
      importer.commit(n);
    }
  } else {
    for (;;) {
      std::string_view chunk(buf.data(), n);
      importer.feed(decoder->decode(chunk, n == 0));
      if (n == 0 || importer.stopped()) break;
      n = std::fread(buf.data(), 1, buf.size(), f.get());
    }
  }
  if (std::ferror(f.get()) && !importer.stopped()) return read_failed(errno);
  auto summary = importer.finish();
  if (!summary) return summary.error();
  out.summary = std::move(*summary);
  if (decoder) out.undecodable_bytes = decoder->replaced();
  return out;
}

std::string input_name(const std::string& path) { return path == "-" ? "standard input" : path; }

int open_input(const std::string& path, input_error& error) {
  // Standard input is duplicated so that closing the file leaves descriptor 0 alone.
  // Elsewhere O_NONBLOCK makes opening a FIFO with no writer return at once; the flag is
  // cleared before reading, so a FIFO whose writer never comes reads as empty.
  int fd = path == "-" ? ::dup(0) : ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = cannot_read();
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = input_error{"", "is a directory, not a file", "file_is_directory"};
    return -1;
  }
  if (path != "-") {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  return fd;
}

result<std::string> read_small_file(const std::string& path, const char* what) {
  input_error error;
  int fd = open_input(path, error);
  if (fd < 0) return error;
  // The English name of `what`, for the log's message; users read the import rules' text.
  std::string_view kind = what;
  std::string english = kind == small_file::period      ? "a period file"
                        : kind == small_file::mapping   ? "a mapping file"
                        : kind == small_file::rule_pack ? "a rule pack"
                                                        : "a period or report file";
  std::optional<input_error> failed;
  std::string bytes;
  char chunk[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed = read_failed(errno);
      break;
    }
    if (n == 0) break;
    // The cap is checked while reading, so an endless source stops at it.
    if (bytes.size() + static_cast<std::size_t>(n) > small_file_max_bytes) {
      std::string mib = std::to_string(small_file_max_bytes >> 20);
      failed = input_error{"", "the file is larger than " + mib + " MiB, the limit for " + english, "file_too_large",
                           {{"limit_mib", mib}, {"what", what}}};
      break;
    }
    bytes.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (failed) return *failed;
  if (bytes.empty()) return input_error{"", "the file is empty (expected " + english + ")", "file_empty", {{"what", what}}};
  return bytes;
}

std::optional<input_error> write_file(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::string reason = std::strerror(errno);
    return input_error{"", "cannot write the file (" + reason + ")", "file_unwritable", {{"reason", reason}}};
  }
  // A full disk shows at the write, the flush or the close: each is checked.
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0;
  int saved = errno;
  if (std::fclose(f) != 0 && ok) ok = false, saved = errno;
  if (ok) return std::nullopt;
  std::string reason = std::strerror(saved);
  return input_error{"", "writing the file failed (" + reason + ")", "file_write_failed", {{"reason", reason}}};
}

std::optional<input_error> write_stdout(std::string_view bytes) {
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size();
  ok = std::fflush(stdout) == 0 && ok && !std::ferror(stdout);
  if (ok) return std::nullopt;
  std::string reason = std::strerror(errno);
  return input_error{"", "writing to standard output failed (" + reason + ")", "stdout_write_failed", {{"reason", reason}}};
}

bool parse_record_option(int argc, char** argv, int& i, record_args& a, std::string& error) {
  std::string opt = argv[i];
  static const char* const names[] = {"--shipments", "--inquiries", "--map",      "--encoding", "--date-order",
                                      "--period-end", "--save-map",  "--header-row", "--sheet",  "--failing-rows"};
  bool known = false;
  for (const char* n : names) known = known || opt == n;
  if (!known) return false;
  if (i + 1 >= argc) {
    error = opt + " expects a value";
    return true;
  }
  std::string v = argv[++i];
  if (opt == "--shipments") a.shipments.push_back(v);
  else if (opt == "--inquiries") a.inquiries.push_back(v);
  else if (opt == "--sheet") a.sheet = v;
  else if (opt == "--header-row") {
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
      error = "--header-row expects a row number (0: the file has no header row)";
    else a.header_row = static_cast<std::size_t>(std::stoul(v));
  }
  else if (opt == "--map") a.maps.push_back(v);
  else if (opt == "--encoding") {
    error = check_encoding_name(v);
    a.encoding = v;
  } else if (opt == "--date-order") {
    if (v == "mdy") a.order = date_order::mdy;
    else if (v == "dmy") a.order = date_order::dmy;
    else if (v != "auto") error = "--date-order expects mdy, dmy or auto";
  } else if (opt == "--period-end") {
    if (!parse_iso_date(v)) error = "--period-end expects a date as YYYY-MM-DD";
    a.period_end = v;
  } else if (opt == "--save-map") {
    a.save_map = v;
  } else if (opt == "--failing-rows") {
    a.failing_rows = v;
  }
  return true;
}

input_error in_file(const std::string& path, const input_error& e, const import_rules& rules, lang language) {
  std::string text = error_text(e, rules, language, "cli");
  std::string_view row = e.where;
  bool at_row = row.rfind("row ", 0) == 0 && row.size() > 4 && row.find_first_not_of("0123456789", 4) == std::string_view::npos;
  if (at_row) text = fill(rules.messages.at("problem_row_line").in(language), {{"row", std::string(row.substr(4))}, {"why", text}});
  else if (!e.where.empty()) text = e.where + ": " + text;
  return input_error{"", input_name(path) + ": " + text};
}

result<std::vector<imported_file>> import_records(const record_args& a, std::optional<std::int64_t> period_start,
                                                  std::optional<std::int64_t> period_end,
                                                  const rule_pack& pack, lang language,
                                                  const import_rules& rules, const period_data* period) {
  std::vector<std::pair<record_kind, std::string>> files;
  for (const auto& f : a.shipments) files.emplace_back(record_kind::shipments, f);
  for (const auto& f : a.inquiries) files.emplace_back(record_kind::inquiries, f);
  // Each mapping file applies to the record file of its kind.
  std::map<record_kind, mapping_override> maps;
  for (const auto& path : a.maps) {
    auto bytes = read_small_file(path, small_file::mapping);
    if (!bytes) return in_file(path, bytes.error(), rules, language);
    auto text = json_text_as_utf8(std::move(*bytes));
    if (!text) return in_file(path, text.error(), rules, language);
    record_kind k = files.empty() ? record_kind::shipments : files.front().first;
    auto m = parse_mapping(*text, rules, k);
    if (!m) return in_file(path, m.error(), rules, language);
    if (m->kind) k = *m->kind;
    else if (!a.shipments.empty() && !a.inquiries.empty())
      return in_file(path,
                     {"/kind", "say which records this mapping is for (\"shipments\" or \"inquiries\")", "mapping_kind_missing"},
                     rules, language);
    // A mapping for records that were not given would be ignored without a word.
    std::string kind(to_string(k));
    bool used = std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == k; });
    if (!used)
      return in_file(path,
                     {"/kind", fmt::format("this mapping is for {} records, but no --{} file was given", kind, kind),
                      "mapping_kind_unused", {{"kind", kind}, {"option", kind}}},
                     rules, language);
    if (maps.count(k))
      return in_file(path,
                     {"", fmt::format("a second mapping for {} records; give one mapping per kind", kind),
                      "mapping_second", {{"kind", kind}}},
                     rules, language);
    maps[k] = std::move(*m);
  }
  std::vector<imported_file> out;
  for (const auto& [kind, path] : files) {
    import_options o;
    if (auto it = maps.find(kind); it != maps.end()) o.mapping = it->second;
    o.order = a.order;
    o.period_end = period_end;
    o.period_start = period_start;
    o.recovery = recovery_targets_of(pack);
    o.slow = slow_limits_of(pack, rules, period);
    o.header_row = a.header_row;
    record_file_options fo;
    fo.encoding = a.encoding;
    fo.sheet = a.sheet;
    auto f = import_record_file(path, kind, rules, o, fo);
    if (!f) return in_file(path, f.error(), rules, language);
    out.push_back(std::move(*f));
  }
  return out;
}

std::optional<input_error> write_failing_rows(const record_args& a, const std::vector<imported_file>& files,
                                             const import_rules& rules, lang language) {
  if (a.failing_rows.empty()) return std::nullopt;
  if (files.size() != 1)
    return input_error{"", error_text({"", "", "failing_rows_one_file"}, rules, language)};
  template_table table = failing_table(files.front(), rules, language);
  const std::string& path = a.failing_rows;
  bool xlsx = path.size() >= 5 && path.compare(path.size() - 5, 5, ".xlsx") == 0;
  std::string bytes = xlsx ? template_xlsx(table, table.sheet_name) : template_csv(table);
  if (auto err = write_file(path, bytes)) return in_file(path, *err, rules, language);
  return std::nullopt;
}

result<std::string> import_command(const std::string& kind_name, const std::string& file, record_args a,
                                   const import_rules& rules, const rule_pack& pack, bool json, lang language) {
  auto kind = record_kind_from(kind_name);
  if (!kind) return input_error{"", "import expects shipments or inquiries, then a FILE (see starsheet --help)"};
  a.shipments.clear();
  a.inquiries.clear();
  (*kind == record_kind::shipments ? a.shipments : a.inquiries).push_back(file);
  std::optional<std::int64_t> end;
  if (!a.period_end.empty()) end = (static_cast<std::int64_t>(*parse_iso_date(a.period_end)) + 1) * seconds_per_day;
  auto files = import_records(a, std::nullopt, end, pack, language, rules);
  if (!files) return files.error();
  if (!a.save_map.empty()) {
    if (auto err = write_file(a.save_map, mapping_json(files->front().summary.mapping)))
      return in_file(a.save_map, *err, rules, language);
  }
  if (auto err = write_failing_rows(a, *files, rules, language)) return *err;
  if (json) return dump_json(records_json(*files, rules, pack, language)) + "\n";
  return records_text(*files, rules, pack, language);
}

}  // namespace starsheet::shell
