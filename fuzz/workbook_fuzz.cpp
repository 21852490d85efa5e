// libFuzzer target for the workbook reader: any bytes, under tight limits, must give a sheet
// list and CSV that the CSV reader reads back as a rectangle, or one of the five error keys;
// never a crash, a hang or a sanitizer report; and the XML reader gives the same tokens when
// its input comes in two pieces.
// Random bytes seldom make a valid container, so unless the input starts as a workbook does
// (a ZIP or compound file signature: the seeds are whole workbooks), its first byte chooses
// whether the rest is read as a file, wrapped as the sheet XML of an .xlsx, the content.xml
// of an .ods or the Workbook stream of an .xls, or handed to the inflater alone. Built and
// run by scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv_reader.h"
#include "workbook.h"
#include "workbook_internal.h"

namespace {

void put16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}

// A ZIP of stored entries.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string out, dir;
  for (const auto& [name, data] : parts) {
    std::uint32_t offset = static_cast<std::uint32_t>(out.size()), crc = starsheet::wb::crc32(0, data);
    for (int central = 0; central < 2; ++central) {
      std::string& s = central ? dir : out;
      put32(s, central ? 0x02014b50 : 0x04034b50);
      if (central) put16(s, 20);
      put16(s, 20);
      put16(s, 0);
      put16(s, 0);
      put32(s, 0);
      put32(s, crc);
      put32(s, static_cast<std::uint32_t>(data.size()));
      put32(s, static_cast<std::uint32_t>(data.size()));
      put16(s, static_cast<unsigned>(name.size()));
      put16(s, 0);
      if (central) {
        put16(s, 0);
        put16(s, 0);
        put16(s, 0);
        put32(s, 0);
        put32(s, offset);
      }
      s += name;
      if (!central) s += data;
    }
  }
  std::uint32_t dir_at = static_cast<std::uint32_t>(out.size());
  out += dir;
  put32(out, 0x06054b50);
  put32(out, 0);
  put16(out, static_cast<unsigned>(parts.size()));
  put16(out, static_cast<unsigned>(parts.size()));
  put32(out, static_cast<std::uint32_t>(dir.size()));
  put32(out, dir_at);
  put16(out, 0);
  return out;
}

// A version 3 compound file with one stream, "Workbook", kept out of the mini stream.
std::string compound_file(std::string stream) {
  if (stream.size() < 4096) stream.resize(4096, '\0');
  const std::uint32_t eoc = 0xFFFFFFFE, none = 0xFFFFFFFF;
  std::uint32_t data_sectors = static_cast<std::uint32_t>((stream.size() + 511) / 512);
  std::uint32_t dir_sector = data_sectors, fat_first = data_sectors + 1;
  std::uint32_t fat_count = 1;
  while (data_sectors + 1 + fat_count > fat_count * 128) ++fat_count;
  if (fat_count > 109) return {};
  std::string h("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  h.append(16, '\0');
  put16(h, 0x3E);
  put16(h, 3);
  put16(h, 0xFFFE);
  put16(h, 9);
  put16(h, 6);
  h.append(10, '\0');
  put32(h, fat_count);
  put32(h, dir_sector);
  put32(h, 0);
  put32(h, 4096);
  put32(h, eoc);
  put32(h, 0);
  put32(h, eoc);
  put32(h, 0);
  for (std::uint32_t k = 0; k < 109; ++k) put32(h, k < fat_count ? fat_first + k : none);
  stream.resize(data_sectors * 512, '\0');
  std::string dir;
  auto entry = [&](std::u16string_view name, int type, std::uint32_t child, std::uint32_t start, std::uint32_t size) {
    std::string e;
    for (char16_t c : name) put16(e, c);
    e.resize(64, '\0');
    put16(e, static_cast<unsigned>((name.size() + 1) * 2));
    e += static_cast<char>(type);
    e += '\x01';
    put32(e, none);
    put32(e, none);
    put32(e, child);
    e.append(36, '\0');
    put32(e, start);
    put32(e, size);
    put32(e, 0);
    dir += e;
  };
  entry(u"Root Entry", 5, 1, eoc, 0);
  entry(u"Workbook", 2, none, 0, static_cast<std::uint32_t>(stream.size()));
  dir.resize(512, '\0');
  std::string fat;
  for (std::uint32_t s = 0; s < data_sectors; ++s) put32(fat, s + 1 < data_sectors ? s + 1 : eoc);
  put32(fat, eoc);
  for (std::uint32_t k = 0; k < fat_count; ++k) put32(fat, 0xFFFFFFFD);
  fat.resize(fat_count * 512, '\xFF');
  return h + stream + dir + fat;
}

const char* const keys[] = {"workbook_damaged",          "workbook_encrypted",    "workbook_too_large",
                            "workbook_unsupported",      "workbook_no_sheet",     "workbook_row_limit",
                            "workbook_inflate_limit",    "workbook_too_many_entries"};

void check_error(const starsheet::workbook_error& e) {
  for (const char* k : keys)
    if (e.key == k) return;
  std::abort();
}

void read_all(std::string_view bytes) {
  starsheet::workbook_limits limits;
  limits.max_inflated_bytes = 4u << 20;
  limits.max_inflated_factor = 50;
  limits.max_cells = 100000;
  limits.max_columns = 1000;
  (void)starsheet::sniff_workbook(bytes);
  auto sheets = starsheet::list_sheets(bytes, limits);
  if (!sheets) check_error(sheets.error());
  std::size_t count = sheets ? sheets->size() : 1;
  for (std::size_t i = 0; i <= count && i < 4; ++i) {
    auto csv = starsheet::read_sheet_csv(bytes, i, limits);
    if (!csv) {
      check_error(csv.error());
      continue;
    }
    // The CSV reader reads it back as `rows` rows (the last one holding values), each record
    // `columns` cells wide, with no stray quote; and it is within the limits.
    if (csv->rows * csv->columns > limits.max_cells || csv->columns > limits.max_columns) std::abort();
    if (csv->csv.size() > limits.max_inflated_bytes) std::abort();
    std::size_t last_row = 0;
    bool ragged = false;
    starsheet::csv_options options;
    options.delimiter = ',';
    starsheet::csv_reader reader(
        [&](const starsheet::csv_record& r) {
          last_row = r.row;
          ragged = ragged || r.size() != csv->columns;
        },
        options);
    reader.feed(csv->csv);
    reader.finish();
    if (reader.failed() || ragged || last_row != csv->rows || reader.stats().stray_quote_rows) std::abort();
    if (csv->rows && csv->csv.back() != '\n') std::abort();
  }
}

// Sheets are read in pieces (see stream_xml_part): the XML reader must give the same tokens
// when its input is cut at `cut` and the unread rest is joined to what follows.
std::string tokens_of(std::string_view doc, std::size_t cut) {
  std::string out;
  starsheet::wb::xml_reader x;
  bool final = cut >= doc.size();
  x.set_input(doc.substr(0, cut), final);
  for (;;) {
    auto t = x.next();
    if (t == starsheet::wb::xml_reader::more) {
      if (final) std::abort();
      final = true;
      std::string_view rest = doc.substr(x.consumed());
      x.set_input(rest, true);
      continue;
    }
    out += static_cast<char>('0' + t);
    if (t == starsheet::wb::xml_reader::end) return out;
    if (t == starsheet::wb::xml_reader::bad) return out + x.problem();
    if (t == starsheet::wb::xml_reader::text) x.append_text(out);
    else out += x.name();
    if (t == starsheet::wb::xml_reader::start_tag)
      for (const auto& a : x.attrs()) out.append(a.name).append("=").append(a.value);
  }
}

void check_pieces(std::string_view doc, std::size_t cut) {
  if (tokens_of(doc, cut) != tokens_of(doc, doc.size())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view whole(reinterpret_cast<const char*>(data), size);
  check_pieces(whole.substr(1), data[0] * 131u % size);
  if (whole.substr(0, 2) == "PK" || whole.substr(0, 8) == starsheet::wb::cfb_magic) {
    read_all(whole);
    return 0;
  }
  std::string_view rest = whole.substr(1);
  const std::string main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  switch (data[0] % 5) {
    case 0:
      read_all(rest);
      break;
    case 1:
      read_all(stored_zip({
          {"xl/workbook.xml", "<workbook xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel +
                                  "\"><workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
          {"xl/_rels/workbook.xml.rels",
           "<Relationships><Relationship Id=\"rId1\" Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "</Relationships>"},
          {"xl/styles.xml", "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd h:mm\"/></numFmts>"
                            "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"20\"/>"
                            "</cellXfs></styleSheet>"},
          {"xl/sharedStrings.xml", "<sst><si><t>a,b</t></si><si><r><t>x</t></r><rPh><t>y</t></rPh></si></sst>"},
          {"xl/worksheets/sheet1.xml", std::string(rest)},
      }));
      break;
    case 2:
      read_all(stored_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", std::string(rest)}}));
      break;
    case 3:
      if (rest.size() <= 1 << 16) read_all(compound_file(std::string(rest)));
      break;
    default: {
      std::string out;
      auto s = starsheet::wb::inflate(rest, out, 1 << 20);
      if (s == starsheet::wb::inflate_status::ok && out.size() > (1u << 20)) std::abort();
      break;
    }
  }
  return 0;
}
