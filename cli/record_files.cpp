#include "record_files.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <memory>
#include <optional>
#include <vector>

#include "decode.h"
#include "encoding.h"
#include "json_text.h"
#include "recovery.h"

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

result<imported_file> import_record_file(const std::string& path, record_kind kind, const import_rules& rules,
                                         import_options options, const record_file_options& fo) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return input_error{"", "cannot read the file"};
  std::vector<char> buf(fo.chunk_bytes ? fo.chunk_bytes : 1 << 20);
  std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
  std::string_view first(buf.data(), n);
  text_encoding enc = fo.encoding == "auto" ? detect_encoding(first.substr(0, 64 * 1024))
                                            : named_encoding(fo.encoding, first).value_or(text_encoding::utf8);
  imported_file out;
  out.name = path;
  out.encoding = std::string(encoding_name(enc));
  std::unique_ptr<iconv_decoder> decoder;
  if (enc != text_encoding::utf8) {
    decoder = std::make_unique<iconv_decoder>(std::string(encoding_name(enc)).c_str());
    if (!decoder->ok()) return input_error{"", "this system's iconv cannot decode " + out.encoding};
  }
  record_importer importer(kind, rules, std::move(options));
  if (!decoder) {
    // UTF-8: the first chunk (read for detection) is fed, the rest read straight into the
    // importer's buffer.
    importer.feed(first);
    while (n > 0) {
      n = std::fread(importer.buffer_for(buf.size()), 1, buf.size(), f.get());
      importer.commit(n);
    }
  } else {
    for (;;) {
      std::string_view chunk(buf.data(), n);
      importer.feed(decoder->decode(chunk, n == 0));
      if (n == 0) break;
      n = std::fread(buf.data(), 1, buf.size(), f.get());
    }
  }
  if (std::ferror(f.get())) return input_error{"", "reading the file failed"};
  auto summary = importer.finish();
  if (!summary) return summary.error();
  out.summary = std::move(*summary);
  if (decoder) out.undecodable_bytes = decoder->replaced();
  return out;
}

bool parse_record_option(int argc, char** argv, int& i, record_args& a, std::string& error) {
  std::string opt = argv[i];
  static const char* const names[] = {"--shipments", "--inquiries", "--map", "--encoding", "--date-order", "--period-end", "--save-map"};
  bool known = false;
  for (const char* n : names) known = known || opt == n;
  if (!known) return false;
  if (i + 1 >= argc) {
    error = opt + " expects a value";
    return true;
  }
  std::string v = argv[++i];
  if (opt == "--shipments") a.shipments = v;
  else if (opt == "--inquiries") a.inquiries = v;
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
  }
  return true;
}

namespace {

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

input_error line(const std::string& file, const input_error& e) {
  return input_error{"", file + ": " + describe(e)};
}

}  // namespace

result<std::vector<imported_file>> import_records(const record_args& a, std::optional<std::int64_t> period_end,
                                                  const rule_pack& pack,
                                                  const import_rules& rules) {
  std::vector<std::pair<record_kind, std::string>> files;
  if (!a.shipments.empty()) files.emplace_back(record_kind::shipments, a.shipments);
  if (!a.inquiries.empty()) files.emplace_back(record_kind::inquiries, a.inquiries);
  // Each mapping file applies to the record file of its kind.
  std::map<record_kind, mapping_override> maps;
  for (const auto& path : a.maps) {
    auto text = read_whole(path);
    if (!text) return input_error{"", path + ": cannot read the file"};
    auto m = parse_mapping(*text, rules);
    if (!m) return line(path, m.error());
    record_kind k = files.empty() ? record_kind::shipments : files.front().first;
    if (m->kind) k = *m->kind;
    else if (files.size() > 1)
      return input_error{"", path + ": /kind: say which records this mapping is for (\"shipments\" or \"inquiries\")"};
    maps[k] = std::move(*m);
  }
  std::vector<imported_file> out;
  for (const auto& [kind, path] : files) {
    import_options o;
    if (auto it = maps.find(kind); it != maps.end()) o.mapping = it->second;
    o.order = a.order;
    o.period_end = period_end;
    o.recovery = recovery_targets_of(pack);
    record_file_options fo;
    fo.encoding = a.encoding;
    auto f = import_record_file(path, kind, rules, o, fo);
    if (!f) return line(path, f.error());
    out.push_back(std::move(*f));
  }
  return out;
}

result<std::string> import_command(const std::string& kind_name, const std::string& file, record_args a,
                                   const import_rules& rules, const rule_pack& pack, bool json, lang language) {
  auto kind = record_kind_from(kind_name);
  if (!kind) return input_error{"", "import expects shipments or inquiries, then a FILE (see starsheet --help)"};
  a.shipments = a.inquiries = "";
  (*kind == record_kind::shipments ? a.shipments : a.inquiries) = file;
  std::optional<std::int64_t> end;
  if (!a.period_end.empty()) end = (static_cast<std::int64_t>(*parse_iso_date(a.period_end)) + 1) * seconds_per_day;
  auto files = import_records(a, end, pack, rules);
  if (!files) return files.error();
  if (!a.save_map.empty()) {
    std::ofstream out(a.save_map, std::ios::binary);
    out << mapping_json(files->front().summary.mapping);
    if (!out) return input_error{"", a.save_map + ": cannot write the file"};
  }
  if (json) return dump_json(records_json(*files, rules, pack, language)) + "\n";
  return records_text(*files, rules, pack, language);
}

}  // namespace starsheet::shell
