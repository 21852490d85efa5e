#include "workbook.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "test_support.h"
#include "workbook_internal.h"

using namespace starsheet;

namespace {

std::string fixture(const std::string& name) {
  return test::read_file(STARSHEET_SOURCE_DIR "/tests/fixtures/workbooks/" + name);
}

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

void put16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}
void put64(std::string& s, std::uint64_t v) {
  put32(s, static_cast<std::uint32_t>(v));
  put32(s, static_cast<std::uint32_t>(v >> 32));
}
void put_double(std::string& s, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  put64(s, bits);
}
std::string utf16le(std::u16string_view text) {
  std::string s;
  for (char16_t c : text) put16(s, c);
  return s;
}

// --- a ZIP writer for workbooks made in memory ------------------------------------------------

struct zip_part {
  std::string name, data;
  std::uint16_t method = 0;  // 0: data stored; otherwise data is already compressed
  std::uint64_t size = UINT64_MAX;  // declared size (default: data's)
  std::uint32_t crc = 0;            // for compressed data
  std::uint16_t flags = 0;
};

std::string make_zip(const std::vector<zip_part>& parts) {
  std::string out, dir;
  for (const zip_part& p : parts) {
    std::uint64_t size = p.size == UINT64_MAX ? p.data.size() : p.size;
    std::uint32_t crc = p.method == 0 ? wb::crc32(0, p.data) : p.crc;
    bool zip64 = size >= 0xFFFFFFFFu;
    std::uint32_t offset = static_cast<std::uint32_t>(out.size());
    auto header = [&](std::string& s, bool central) {
      put32(s, central ? 0x02014b50 : 0x04034b50);
      if (central) put16(s, 45);
      put16(s, 45);
      put16(s, p.flags);
      put16(s, p.method);
      put32(s, 0);  // time, date
      // With a data descriptor (flag 8) the local header leaves CRC and sizes to it.
      bool later = !central && (p.flags & 8);
      put32(s, later ? 0 : crc);
      put32(s, later ? 0 : static_cast<std::uint32_t>(p.data.size()));
      put32(s, later ? 0 : zip64 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(size));
      put16(s, static_cast<unsigned>(p.name.size()));
      put16(s, zip64 ? 12 : 0);
      if (central) {
        put16(s, 0);  // comment
        put16(s, 0);  // disk
        put16(s, 0);
        put32(s, 0);
        put32(s, offset);
      }
      s += p.name;
      if (zip64) {
        put16(s, 1);
        put16(s, 8);
        put64(s, size);
      }
    };
    header(out, false);
    out += p.data;
    if (p.flags & 8) {
      put32(out, 0x08074b50);
      put32(out, crc);
      put32(out, static_cast<std::uint32_t>(p.data.size()));
      put32(out, static_cast<std::uint32_t>(size));
    }
    header(dir, true);
  }
  std::uint32_t dir_at = static_cast<std::uint32_t>(out.size());
  out += dir;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<unsigned>(parts.size() & 0xFFFF));
  put16(out, static_cast<unsigned>(parts.size() & 0xFFFF));
  put32(out, static_cast<std::uint32_t>(dir.size()));
  put32(out, dir_at);
  put16(out, 0);
  return out;
}

constexpr const char* main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

std::vector<zip_part> xlsx_parts(const std::string& sheet_xml) {
  std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return {
      {"[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + main_ns + "\" xmlns:r=\"" + rel +
                              "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
       "Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", sheet_xml},
  };
}

std::string make_xlsx(const std::string& sheet_data) {
  return make_zip(xlsx_parts(std::string("<worksheet xmlns=\"") + main_ns + "\"><sheetData>" + sheet_data +
                             "</sheetData></worksheet>"));
}

std::string make_ods(const std::string& table_body) {
  std::string content =
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
      "<table:table table:name=\"T\">" +
      table_body + "</table:table></office:spreadsheet></office:body></office:document-content>";
  return make_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", content}});
}

// A raw DEFLATE stream of `matches` × 258 + 1 zero bytes in one fixed-Huffman block: thirteen
// bits per 258 bytes, as a zip bomb would have it. Without the first literal, the first copy
// reaches before the start.
std::string zeros_deflate(std::size_t matches, bool literal = true) {
  std::string out;
  std::uint64_t acc = 0;
  int n = 0;
  auto bits = [&](std::uint32_t v, int count) {
    acc |= static_cast<std::uint64_t>(v) << n;
    n += count;
    while (n >= 8) {
      out += static_cast<char>(acc & 0xFF);
      acc >>= 8;
      n -= 8;
    }
  };
  auto code = [&](std::uint32_t c, int len) {  // Huffman codes go most significant bit first
    std::uint32_t rev = 0;
    for (int b = 0; b < len; ++b) rev |= ((c >> b) & 1u) << (len - 1 - b);
    bits(rev, len);
  };
  bits(1, 1);        // final block
  bits(1, 2);        // fixed Huffman
  if (literal) code(0x30, 8);  // literal 0
  for (std::size_t i = 0; i < matches; ++i) {
    code(0xC5, 8);   // length 258 (symbol 285)
    code(0, 5);      // distance 1
  }
  code(0, 7);        // end of block
  bits(0, 7);
  return out;
}

// --- an OLE2 compound file writer -----------------------------------------------------------------

struct cfb_stream {
  std::u16string name;
  std::string data;
};

struct cfb_file {
  std::string bytes;
  std::vector<std::uint32_t> start;  // first sector (or mini sector) of each stream
  std::size_t fat_at = 0;            // byte offset of the first FAT sector
};

// Streams under 4096 bytes go to the mini stream, as real writers put them. `sector_size` 512
// (version 3) or 4096 (version 4); `difat_sector` lists the FAT in a DIFAT sector instead of
// the header.
cfb_file make_cfb(const std::vector<cfb_stream>& streams, std::size_t sector_size = 512, bool difat_sector = false) {
  const std::uint32_t eoc = 0xFFFFFFFE, none = 0xFFFFFFFF;
  std::vector<std::string> sectors;
  std::vector<std::uint32_t> fat;
  auto chain = [&](const std::string& data) -> std::uint32_t {
    if (data.empty()) return eoc;
    auto first = static_cast<std::uint32_t>(sectors.size());
    for (std::size_t at = 0; at < data.size(); at += sector_size) {
      std::string s = data.substr(at, sector_size);
      s.resize(sector_size, '\0');
      sectors.push_back(s);
      fat.push_back(at + sector_size < data.size() ? static_cast<std::uint32_t>(sectors.size()) : eoc);
    }
    return first;
  };
  cfb_file f;
  std::string mini, mini_fat;
  f.start.resize(streams.size());
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const std::string& d = streams[i].data;
    if (d.size() >= 4096) continue;
    f.start[i] = static_cast<std::uint32_t>(mini.size() / 64);
    for (std::size_t at = 0; at < d.size(); at += 64) put32(mini_fat, at + 64 < d.size() ? static_cast<std::uint32_t>(mini.size() / 64 + at / 64 + 1) : eoc);
    std::string padded = d;
    padded.resize((d.size() + 63) / 64 * 64, '\0');
    mini += padded;
  }
  for (std::size_t i = 0; i < streams.size(); ++i)
    if (streams[i].data.size() >= 4096) f.start[i] = chain(streams[i].data);
  std::uint32_t mini_start = chain(mini), mini_fat_start = chain(mini_fat);
  auto dir_entry = [&](std::u16string_view name, int type, std::uint32_t right, std::uint32_t child, std::uint32_t start,
                       std::uint64_t size) {
    std::string e = utf16le(name);
    e.resize(64, '\0');
    put16(e, static_cast<unsigned>((name.size() + 1) * 2));
    e += static_cast<char>(type);
    e += '\x01';
    put32(e, none);
    put32(e, right);
    put32(e, child);
    e.append(16 + 4 + 16, '\0');
    put32(e, start);
    put64(e, size);
    return e;
  };
  std::string dir = dir_entry(u"Root Entry", 5, none, streams.empty() ? none : 1, mini_start, mini.size());
  for (std::size_t i = 0; i < streams.size(); ++i)
    dir += dir_entry(streams[i].name, 2, i + 1 < streams.size() ? static_cast<std::uint32_t>(i + 2) : none, none,
                     f.start[i], streams[i].data.size());
  std::uint32_t dir_start = chain(dir);
  const std::size_t per = sector_size / 4;
  std::uint32_t difat_at = eoc;
  if (difat_sector) {
    difat_at = static_cast<std::uint32_t>(sectors.size());
    sectors.emplace_back(sector_size, '\0');
    fat.push_back(0xFFFFFFFC);
  }
  std::size_t fat_count = 1;
  while (sectors.size() + fat_count > fat_count * per) ++fat_count;
  auto fat_first = static_cast<std::uint32_t>(sectors.size());
  for (std::size_t k = 0; k < fat_count; ++k) {
    sectors.emplace_back(sector_size, '\0');
    fat.push_back(0xFFFFFFFD);
  }
  fat.resize(fat_count * per, none);
  for (std::size_t k = 0; k < fat_count; ++k) {
    std::string s;
    for (std::size_t j = 0; j < per; ++j) put32(s, fat[k * per + j]);
    sectors[fat_first + k] = s;
  }
  if (difat_sector) {
    std::string s;
    for (std::size_t j = 0; j + 1 < per; ++j) put32(s, j < fat_count ? static_cast<std::uint32_t>(fat_first + j) : none);
    put32(s, eoc);
    sectors[difat_at] = s;
  }
  std::string h("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  h.append(16, '\0');
  put16(h, 0x3E);
  put16(h, sector_size == 512 ? 3 : 4);
  put16(h, 0xFFFE);
  put16(h, sector_size == 512 ? 9 : 12);
  put16(h, 6);
  h.append(6, '\0');
  put32(h, 0);
  put32(h, static_cast<std::uint32_t>(fat_count));
  put32(h, dir_start);
  put32(h, 0);
  put32(h, 4096);
  put32(h, mini_fat_start);
  put32(h, static_cast<std::uint32_t>((mini_fat.size() + sector_size - 1) / sector_size));
  put32(h, difat_at);
  put32(h, difat_sector ? 1 : 0);
  for (std::size_t k = 0; k < 109; ++k)
    put32(h, !difat_sector && k < fat_count ? static_cast<std::uint32_t>(fat_first + k) : none);
  h.resize(sector_size, '\0');
  f.bytes = h;
  for (const std::string& s : sectors) f.bytes += s;
  f.fat_at = sector_size + fat_first * sector_size;
  return f;
}

// --- BIFF8 records ------------------------------------------------------------------------------

std::string rec(unsigned type, const std::string& data) {
  std::string r;
  put16(r, type);
  put16(r, static_cast<unsigned>(data.size()));
  return r + data;
}

std::string cell_head(unsigned row, unsigned col, unsigned xf = 0) {
  std::string s;
  put16(s, row);
  put16(s, col);
  put16(s, xf);
  return s;
}

std::string bof(unsigned version, unsigned type) {
  std::string s;
  put16(s, version);
  put16(s, type);
  s.append(12, '\0');
  return s;
}

std::string compressed_string(const std::string& latin1) {
  std::string s;
  put16(s, static_cast<unsigned>(latin1.size()));
  s += '\0';
  return s + latin1;
}

std::string rk_cell(unsigned row, unsigned col, std::uint32_t rk) {
  std::string s = cell_head(row, col);
  put32(s, rk);
  return rec(0x027E, s);
}

struct biff_options {
  unsigned codepage = 1200;
  bool filepass = false;
  unsigned version = 0x0600;
};

// A Workbook stream: globals (two XFs: General and date format 14, an SST split over three
// CONTINUE records) and one sheet "Data" of `cells`.
std::string biff_stream(const std::string& cells, const biff_options& o = {}) {
  std::string g = rec(0x0809, bof(o.version, 0x0005));
  if (o.filepass) g += rec(0x002F, std::string(6, '\0'));
  std::string cp;
  put16(cp, o.codepage);
  g += rec(0x0042, cp);
  for (unsigned fmt : {0u, 14u}) {
    std::string xf;
    put16(xf, 0);
    put16(xf, fmt);
    xf.append(16, '\0');
    g += rec(0x00E0, xf);
  }
  std::string sheet_rec;
  put32(sheet_rec, 0);  // offset, patched below
  sheet_rec += '\0';
  sheet_rec += '\0';
  sheet_rec += '\x04';
  sheet_rec += '\0';
  sheet_rec += "Data";
  std::size_t offset_at = g.size() + 4;
  g += rec(0x0085, sheet_rec);
  // SST: "alpha", "ABCD" + (UTF-16) "中文字符串甲", rich "rich" whose runs cross a record,
  // "omega", and (UTF-16) "汉" + (compressed) "xyz".
  std::string sst;
  put32(sst, 5);
  put32(sst, 5);
  sst += compressed_string("alpha");
  put16(sst, 10);
  sst += '\0';
  sst += "ABCD";
  g += rec(0x00FC, sst);
  std::string c1 = "\x01" + utf16le(u"中文字符串甲");
  put16(c1, 4);
  c1 += '\x08';
  put16(c1, 2);
  c1 += "rich";
  c1.append(4, '\x07');
  g += rec(0x003C, c1);
  std::string c2(4, '\x07');
  c2 += compressed_string("omega");
  put16(c2, 4);
  c2 += '\x01';
  c2 += utf16le(u"汉");
  g += rec(0x003C, c2);
  g += rec(0x003C, std::string("\x00xyz", 4));
  g += rec(0x000A, "");
  std::uint32_t sheet_at = static_cast<std::uint32_t>(g.size());
  for (int k = 0; k < 4; ++k) g[offset_at + k] = static_cast<char>((sheet_at >> (8 * k)) & 0xFF);
  g += rec(0x0809, bof(o.version, 0x0010));
  g += cells;
  g += rec(0x000A, "");
  return g;
}

std::string the_cells() {
  std::string c;
  for (unsigned i = 0; i < 5; ++i) {
    std::string s = cell_head(0, i);
    put32(s, i);
    c += rec(0x00FD, s);
  }
  std::string n = cell_head(1, 0);
  put_double(n, 87.01000000000001);
  c += rec(0x0203, n);
  c += rk_cell(1, 1, (1234567u << 2) | 2);   // integer
  c += rk_cell(1, 2, (8701u << 2) | 3);      // integer / 100
  c += rk_cell(1, 3, 0x3FE00000u);           // the top of the double 0.5
  c += rk_cell(1, 4, 0x3FF00000u | 1);       // 1.0 / 100
  c += rk_cell(1, 5, static_cast<std::uint32_t>(-5 * 4) | 2);
  std::string mulrk;
  put16(mulrk, 2);
  put16(mulrk, 0);
  for (std::uint32_t v : {1u, 2u, 3u}) {
    put16(mulrk, 0);
    put32(mulrk, (v << 2) | 2);
  }
  put16(mulrk, 2);
  c += rec(0x00BD, mulrk);
  c += rec(0x0205, cell_head(3, 0) + std::string("\x01\x00", 2));
  c += rec(0x0205, cell_head(3, 1) + std::string("\x07\x01", 2));
  auto formula = [&](unsigned col, const std::string& result) {
    std::string f = cell_head(3, col) + result;
    f.append(2 + 4 + 2, '\0');
    return rec(0x0006, f);
  };
  std::string r42;
  put_double(r42, 42);
  c += formula(2, r42);
  c += formula(3, std::string("\x00\x00\x00\x00\x00\x00\xFF\xFF", 8));
  c += rec(0x04BC, std::string(8, '\0'));  // SHRFMLA may come before the STRING
  std::string str;
  put16(str, 6);
  str += '\0';
  str += "abc";
  c += rec(0x0207, str);
  c += rec(0x003C, "\x01" + utf16le(u"def"));
  c += formula(4, std::string("\x01\x00\x00\x00\x00\x00\xFF\xFF", 8));
  c += rec(0x0204, cell_head(4, 0) + compressed_string("label, x"));
  std::string date = cell_head(4, 1, 1);
  put_double(date, 46298.5);
  c += rec(0x0203, date);
  c += rec(0x0204, cell_head(5, 0) + compressed_string("m"));
  std::string merged;
  put16(merged, 1);
  put16(merged, 5);
  put16(merged, 5);
  put16(merged, 0);
  put16(merged, 2);
  c += rec(0x00E5, merged);
  return c;
}

const char* const the_cells_csv =
    "alpha,ABCD中文字符串甲,rich,omega,汉xyz,\n"
    "87.01,1234567,87.01,0.5,0.01,-5\n"
    "1,2,3,,,\n"
    "TRUE,,42,abcdef,FALSE,\n"
    "\"label, x\",2026-10-03 12:00:00,,,,\n"
    "m,m,m,,,\n";

std::string number_text(double v) {
  std::string s;
  wb::append_number(s, v);
  return s;
}

std::string decimal_text(std::string_view v) {
  std::string s;
  if (!wb::append_decimal(s, v)) return "<not a number>";
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const char* const shipments_csv =
    "华运物流 2026年10月 运单明细,华运物流 2026年10月 运单明细,华运物流 2026年10月 运单明细,华运物流 2026年10月 运单明细,"
    "华运物流 2026年10月 运单明细,华运物流 2026年10月 运单明细,华运物流 2026年10月 运单明细\n"
    "导出时间：2026-11-01 08:30  导出人：张三,,,,,,\n"
    "\n"
    "运单号,运输方式,时间,时间,运费（元）,重量（kg）,已签收\n"
    "运单号,运输方式,发货日期,签收时间,运费（元）,重量（kg）,已签收\n"
    "SF001,空运,2026-10-03,2026-10-05 14:30:00,87.01,1234567,TRUE\n"
    "SF002,海运,2026-10-04,2026-10-20 09:05:07,0.3,0.000001234,FALSE\n"
    "\"SF003, \"\"特快\"\"\",陆运,2026-10-05,2026-10-06,-12.5,-12.5,TRUE\n"
    "合计,,,,74.81,123456789012345000000,\n";

}  // namespace

TEST_CASE("workbook: the same export as xlsx, xls, et and ods gives the same CSV", "[workbook]") {
  struct file {
    const char* name;
    workbook_kind kind;
  };
  for (file f : {file{"shipments.xlsx", workbook_kind::xlsx}, file{"shipments.xls", workbook_kind::xls},
                 file{"shipments.et", workbook_kind::xls}, file{"shipments.ods", workbook_kind::ods}}) {
    INFO(f.name);
    std::string bytes = fixture(f.name);
    CHECK(sniff_workbook(bytes) == f.kind);
    auto sheets = list_sheets(bytes);
    REQUIRE(sheets);
    REQUIRE(sheets->size() == 2);
    CHECK((*sheets)[0].name == "运单明细");
    CHECK_FALSE((*sheets)[0].hidden);
    CHECK((*sheets)[1].name == "说明");
    CHECK((*sheets)[1].hidden);
    auto csv = read_sheet_csv(bytes, 0);
    REQUIRE(csv);
    CHECK(csv->csv == shipments_csv);
    CHECK(csv->rows == 9);
    CHECK(csv->columns == 7);
    CHECK(csv->merged_ranges == 7);
    CHECK(csv->date_cells == 6);
    CHECK(csv->formulas_without_value == 0);
    auto notes = read_sheet_csv(bytes, 1);
    REQUIRE(notes);
    CHECK(notes->csv == "字段,说明\n运单号,承运商单号\n");
    auto missing = read_sheet_csv(bytes, 2);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().key == "workbook_no_sheet");
  }
}

TEST_CASE("workbook: the CSV it gives is what the CSV reader reads, row for row", "[workbook]") {
  // Row N of the sheet is line N: the blank third row is an empty line, and merged headers repeat.
  auto csv = read_sheet_csv(fixture("shipments.xlsx"), 0);
  REQUIRE(csv);
  std::vector<std::size_t> rows;
  std::vector<std::string> first;
  csv_reader reader([&](const csv_record& r) {
    rows.push_back(r.row);
    first.emplace_back((*r.fields)[0]);
  });
  reader.feed(csv->csv);
  reader.finish();
  CHECK(rows == std::vector<std::size_t>{1, 2, 4, 5, 6, 7, 8, 9});
  CHECK(first[5] == "SF002");
  CHECK(first[6] == "SF003, \"特快\"");
}

TEST_CASE("workbook: line breaks inside cells are written as LF", "[workbook]") {
  // A lone CR in the first row would otherwise make the CSV reader take CR for the line end.
  auto r = read_sheet_csv(make_xlsx("<row><c t=\"inlineStr\"><is><t>a&#13;b</t></is></c><c t=\"inlineStr\"><is><t>"
                                    "c_x000D_\nd</t></is></c></row><row><c><v>1</v></c></row>"),
                          0);
  REQUIRE(r);
  CHECK(r->csv == "\"a\nb\",\"c\nd\"\n1,\n");
  std::size_t records = 0;
  csv_reader reader([&](const csv_record& rec) {
    ++records;
    CHECK(rec.size() == 2);
  });
  reader.feed(r->csv);
  reader.finish();
  CHECK(records == 2);
}

TEST_CASE("workbook: numbers show 15 significant digits and never an exponent", "[workbook]") {
  CHECK(number_text(87.01000000000001) == "87.01");
  CHECK(number_text(0.1 + 0.2) == "0.3");
  CHECK(number_text(1234567) == "1234567");
  CHECK(number_text(1e21) == "1000000000000000000000");
  CHECK(number_text(1.23456789012345e+20) == "123456789012345000000");
  CHECK(number_text(123456789012345678.0) == "123456789012346000");
  CHECK(number_text(-0.0) == "0");
  CHECK(number_text(0) == "0");
  CHECK(number_text(0.000001234) == "0.000001234");
  CHECK(number_text(-12.5) == "-12.5");
  CHECK(number_text(2.0 / 3) == "0.666666666666667");
  CHECK(number_text(999999999999999.9) == "1000000000000000");
  CHECK(number_text(1e-7) == "0.0000001");
  CHECK(number_text(46298.375) == "46298.375");
  // Decimal text (xlsx <v>, ods office:value) rounds the same way without a double.
  CHECK(decimal_text("87.01000000000001") == "87.01");
  CHECK(decimal_text("0.30000000000000004") == "0.3");
  CHECK(decimal_text("1.23456789012345E+20") == "123456789012345000000");
  CHECK(decimal_text("1e21") == "1000000000000000000000");
  CHECK(decimal_text("-0") == "0");
  CHECK(decimal_text("  42 ") == "42");
  CHECK(decimal_text("0.000001234") == "0.000001234");
  CHECK(decimal_text("1E-3") == "0.001");
  CHECK(decimal_text("99.99999999999999") == "100");
  CHECK(decimal_text("007") == "7");
  CHECK(decimal_text("12abc") == "<not a number>");
  CHECK(decimal_text("") == "<not a number>");
  CHECK(decimal_text("1e999999") == "<not a number>");
}

TEST_CASE("workbook: date formats are told from number formats", "[workbook]") {
  using wb::number_style;
  CHECK(wb::classify_format_code("yyyy-mm-dd") == number_style::date);
  CHECK(wb::classify_format_code("yyyy\"年\"m\"月\"d\"日\"") == number_style::date);
  CHECK(wb::classify_format_code("[$-F800]dddd, mmmm dd, yyyy") == number_style::date);
  CHECK(wb::classify_format_code("yyyy/m/d h:mm") == number_style::date);
  CHECK(wb::classify_format_code("h:mm AM/PM") == number_style::time_of_day);
  CHECK(wb::classify_format_code("mm:ss") == number_style::time_of_day);
  CHECK(wb::classify_format_code("[h]:mm") == number_style::number);
  CHECK(wb::classify_format_code("[h]:mm:ss") == number_style::number);
  CHECK(wb::classify_format_code("yyyy-mm-dd [h]:mm") == number_style::date);
  CHECK(wb::classify_format_code("0.00") == number_style::number);
  CHECK(wb::classify_format_code("#,##0") == number_style::number);
  CHECK(wb::classify_format_code("[Red]#,##0.00;[Red]\\-#,##0.00") == number_style::number);
  CHECK(wb::classify_format_code("\"day\" 0") == number_style::number);
  CHECK(wb::classify_format_code("_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)") == number_style::number);
  CHECK(wb::classify_format_code("General") == number_style::number);
  CHECK(wb::classify_format_code("0.00E+00") == number_style::number);
  CHECK(wb::classify_builtin_format(14) == number_style::date);
  CHECK(wb::classify_builtin_format(22) == number_style::date);
  CHECK(wb::classify_builtin_format(31) == number_style::date);
  CHECK(wb::classify_builtin_format(20) == number_style::time_of_day);
  CHECK(wb::classify_builtin_format(46) == number_style::number);
  CHECK(wb::classify_builtin_format(4) == number_style::number);
}

TEST_CASE("workbook: serial dates in both date systems", "[workbook]") {
  auto date = [](double serial, bool date1904, wb::number_style s = wb::number_style::date) {
    std::string out;
    if (!wb::append_serial_date(out, serial, date1904, s)) return std::string("<number>");
    return out;
  };
  CHECK(date(1, false) == "1900-01-01");
  CHECK(date(59, false) == "1900-02-28");
  CHECK(date(60, false) == "1900-02-29");  // Excel's day that never was
  CHECK(date(61, false) == "1900-03-01");
  CHECK(date(46298, false) == "2026-10-03");
  CHECK(date(46298.375, false) == "2026-10-03 09:00:00");
  CHECK(date(46298.99999999, false) == "2026-10-04 00:00:00");
  CHECK(date(46298 + 14.0 / 24 + 30.4 / 1440, false) == "2026-10-03 14:30:24");
  CHECK(date(0, true) == "1904-01-01");
  CHECK(date(44836, true) == "2026-10-03");
  CHECK(date(0.75, false, wb::number_style::time_of_day) == "18:00:00");
  CHECK(date(-1, false) == "<number>");
  CHECK(date(0, false) == "<number>");
  CHECK(date(2958465, false) == "9999-12-31");
  CHECK(date(2958466, false) == "<number>");
  std::string iso;
  CHECK(wb::append_iso_date(iso, "2026-10-03T09:05:07.6+08:00"));
  CHECK(iso == "2026-10-03 09:05:08");
  iso.clear();
  CHECK(wb::append_iso_date(iso, "2026-10-06T00:00:00"));
  CHECK(iso == "2026-10-06");
  iso.clear();
  CHECK_FALSE(wb::append_iso_date(iso, "2026-02-30"));

  for (const char* name : {"dates1904.xlsx", "dates1904.xls"}) {
    INFO(name);
    auto csv = read_sheet_csv(fixture(name), 0);
    REQUIRE(csv);
    CHECK(csv->csv == "2026-10-03,2026-10-05 14:30:00,1462\n");
    CHECK(csv->date_cells == 2);
  }
}

TEST_CASE("workbook: a hand-written xlsx: cached formulas, prefixes, rich text, positions", "[workbook]") {
  std::string bytes = fixture("handmade.xlsx");
  auto sheets = list_sheets(bytes);
  REQUIRE(sheets);
  // The chart sheet is not listed; the very hidden sheet is, as hidden.
  REQUIRE(sheets->size() == 2);
  CHECK((*sheets)[0].name == "公式");
  CHECK_FALSE((*sheets)[0].hidden);
  CHECK((*sheets)[1].name == "Veiled");
  CHECK((*sheets)[1].hidden);
  auto csv = read_sheet_csv(bytes, 0);
  REQUIRE(csv);
  CHECK(csv->csv ==
        "运单号,华运 ,\"第一行\n第二行\",A & B <中文>,,,,,,,\n"
        "1,2,3,x1,TRUE,,,,,,\n"
        "1900-01-01,1900-02-28,1900-02-29,1900-03-01,2026-10-03 09:00:00,1.5,18:00:00,3.14159,1000,12,"
        "2026-10-03 09:05:07\n"
        "\n"
        "内联,\" a, b \",\"<cdata> & \"\"q\"\"\",-1,0,0.001,,,,,\n");
  CHECK(csv->formulas_without_value == 2);
  CHECK(csv->date_cells == 7);
  CHECK(csv->rows == 5);
  CHECK(csv->columns == 11);
  auto veiled = read_sheet_csv(bytes, 1);  // its target is "worksheets/../worksheets/sheet2.xml"
  REQUIRE(veiled);
  CHECK(veiled->csv == "\n,veiled\n");
}

TEST_CASE("workbook: xls records: SST over CONTINUE, RK forms, MULRK, formulas, merges", "[workbook]") {
  cfb_file f = make_cfb({{u"Workbook", biff_stream(the_cells())}});
  CHECK(sniff_workbook(f.bytes) == workbook_kind::xls);
  auto sheets = list_sheets(f.bytes);
  REQUIRE(sheets);
  REQUIRE(sheets->size() == 1);
  CHECK((*sheets)[0].name == "Data");
  auto csv = read_sheet_csv(f.bytes, 0);
  REQUIRE(csv);
  CHECK(csv->csv == the_cells_csv);
  CHECK(csv->merged_ranges == 1);
  CHECK(csv->date_cells == 1);

  SECTION("4096-byte sectors, a stream in regular sectors, the FAT listed through a DIFAT sector") {
    std::string big = biff_stream(the_cells());
    big.resize(20000, '\0');  // after the last EOF: never read
    for (bool difat : {false, true}) {
      cfb_file v4 = make_cfb({{u"Workbook", big}}, 4096, difat);
      auto r = read_sheet_csv(v4.bytes, 0);
      REQUIRE(r);
      CHECK(r->csv == the_cells_csv);
      cfb_file v3 = make_cfb({{u"Workbook", big}}, 512, difat);
      auto r3 = read_sheet_csv(v3.bytes, 0);
      REQUIRE(r3);
      CHECK(r3->csv == the_cells_csv);
    }
  }
}

TEST_CASE("workbook: xls that cannot be read say why", "[workbook]") {
  SECTION("a FILEPASS record: password-protected") {
    biff_options o;
    o.filepass = true;
    auto r = list_sheets(make_cfb({{u"Workbook", biff_stream(the_cells(), o)}}).bytes);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_encrypted");
  }
  SECTION("an encrypted xlsx is a compound file holding EncryptedPackage") {
    cfb_file f = make_cfb({{u"EncryptionInfo", std::string(200, 'i')}, {u"EncryptedPackage", std::string(5000, 'p')}});
    CHECK(sniff_workbook(f.bytes) == workbook_kind::xlsx);
    auto r = read_sheet_csv(f.bytes, 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_encrypted");
  }
  SECTION("Excel 95 (BIFF5): a Book stream, or BIFF5 records") {
    auto book = list_sheets(make_cfb({{u"Book", std::string(600, '\0')}}).bytes);
    REQUIRE_FALSE(book);
    CHECK(book.error().key == "workbook_unsupported");
    biff_options o;
    o.version = 0x0500;
    auto biff5 = list_sheets(make_cfb({{u"Workbook", biff_stream(the_cells(), o)}}).bytes);
    REQUIRE_FALSE(biff5);
    CHECK(biff5.error().key == "workbook_unsupported");
  }
  SECTION("Excel 4 and older: a bare BIFF stream") {
    std::string biff4 = rec(0x0409, std::string("\x00\x00\x10\x00\x00\x00", 6)) + rec(0x000A, "");
    CHECK(sniff_workbook(biff4) == workbook_kind::xls);
    auto r = list_sheets(biff4);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_unsupported");
  }
  SECTION("8-bit text under a Chinese code page is not guessed at") {
    biff_options o;
    o.codepage = 936;
    std::string cells = rec(0x0204, cell_head(0, 0) + compressed_string("\xD4\xCB\xB5\xA5"));
    auto r = read_sheet_csv(make_cfb({{u"Workbook", biff_stream(cells, o)}}).bytes, 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_unsupported");
    // The same bytes under code page 1252 are Latin-1.
    o.codepage = 1252;
    auto latin = read_sheet_csv(make_cfb({{u"Workbook", biff_stream(cells, o)}}).bytes, 0);
    REQUIRE(latin);
    CHECK(latin->csv == "\xC3\x94\xC3\x8B\xC2\xB5\xC2\xA5\n");
  }
  SECTION("a FAT chain that loops is damaged, found at once") {
    std::string big = biff_stream(the_cells());
    big.resize(8 * 512, '\0');
    cfb_file f = make_cfb({{u"Workbook", big}});
    std::uint32_t s = f.start[0];
    std::size_t entry = f.fat_at + 4 * (s + 5);
    for (int k = 0; k < 4; ++k) f.bytes[entry + k] = static_cast<char>(((s + 1) >> (8 * k)) & 0xFF);
    auto t0 = std::chrono::steady_clock::now();
    auto r = read_sheet_csv(f.bytes, 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
    CHECK(seconds_since(t0) < 1.0);
  }
  SECTION("a truncated .xls") {
    std::string bytes = fixture("shipments.xls");
    for (std::size_t keep : {bytes.size() / 2, std::size_t{600}, std::size_t{100}}) {
      std::string cut = bytes.substr(0, keep);
      CHECK(sniff_workbook(cut) == workbook_kind::xls);
      auto r = read_sheet_csv(cut, 0);
      REQUIRE_FALSE(r);
      CHECK(r.error().key == "workbook_damaged");
    }
  }
}

TEST_CASE("workbook: truncated and damaged zip workbooks", "[workbook]") {
  for (const char* name : {"shipments.xlsx", "shipments.ods"}) {
    INFO(name);
    std::string bytes = fixture(name);
    workbook_kind kind = sniff_workbook(bytes);
    std::string cut = bytes.substr(0, bytes.size() / 2);
    CHECK(sniff_workbook(cut) == kind);
    auto r = read_sheet_csv(cut, 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
    auto l = list_sheets(bytes.substr(0, bytes.size() - 10));
    REQUIRE_FALSE(l);
    CHECK(l.error().key == "workbook_damaged");
  }
  SECTION("a CRC mismatch") {
    auto parts = xlsx_parts(std::string("<worksheet xmlns=\"") + main_ns + "\"><sheetData/></worksheet>");
    std::string zip = make_zip(parts);
    zip[zip.find("<workbook") + 3] = 'W';  // stored: the bytes change, the CRC does not
    auto r = list_sheets(zip);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
  }
  SECTION("a DOCTYPE is refused, never expanded") {
    std::string bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                       "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><worksheet><sheetData><row><c t=\"inlineStr\">"
                       "<is><t>&lol2;</t></is></c></row></sheetData></worksheet>";
    auto r = read_sheet_csv(make_zip(xlsx_parts(bomb)), 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
  }
  SECTION("not a workbook at all") {
    CHECK(sniff_workbook("运单号,运输方式\nSF001,空运\n") == workbook_kind::none);
    CHECK(sniff_workbook("") == workbook_kind::none);
    auto r = read_sheet_csv("a,b\n1,2\n", 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
  }
}

TEST_CASE("workbook: entries with data descriptors are read from the central directory", "[workbook]") {
  auto parts = xlsx_parts(std::string("<worksheet xmlns=\"") + main_ns +
                          "\"><sheetData><row><c t=\"inlineStr\"><is><t>ok</t></is></c></row></sheetData></worksheet>");
  for (auto& p : parts) p.flags = 8;
  auto r = read_sheet_csv(make_zip(parts), 0);
  REQUIRE(r);
  CHECK(r->csv == "ok\n");
}

TEST_CASE("workbook: zip formats it does not read", "[workbook]") {
  SECTION(".xlsb") {
    std::string xlsb = make_zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.bin", "\x83\x01\x00"}});
    CHECK(sniff_workbook(xlsb) == workbook_kind::xlsx);
    auto r = list_sheets(xlsb);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_unsupported");
  }
  SECTION("a compression method other than stored or deflate") {
    auto parts = xlsx_parts("<worksheet/>");
    parts[1].method = 12;  // bzip2
    parts[1].crc = 0;
    auto r = list_sheets(make_zip(parts));
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_unsupported");
  }
  SECTION("zip encryption") {
    auto parts = xlsx_parts("<worksheet/>");
    parts[1].flags = 1;
    auto r = list_sheets(make_zip(parts));
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_unsupported");
  }
}

TEST_CASE("workbook: a zip bomb stops early as too large", "[workbook]") {
  const std::size_t matches = 640000;  // about 1 MB of DEFLATE, 165 MB of zeros
  std::string bomb = zeros_deflate(matches);
  const std::uint64_t real = matches * 258 + 1;
  auto with_part = [&](std::uint64_t declared) {
    auto parts = xlsx_parts("<worksheet/>");
    parts[1].data = bomb;
    parts[1].method = 8;
    parts[1].size = declared;
    return make_zip(parts);
  };
  auto t0 = std::chrono::steady_clock::now();
  SECTION("its declared size is above the limit: refused before inflating") {
    workbook_limits tight;
    tight.max_inflated_factor = 10;  // 10 MB for this input, so the 64 MiB floor applies
    auto r = list_sheets(with_part(real), tight);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_inflate_limit");
    CHECK(r.error().count >= real);  // with the parts inflated before it
    CHECK(r.error().count < real + 1000);
    CHECK(r.error().limit == std::size_t{64} << 20);
    auto huge = list_sheets(with_part(std::uint64_t{1} << 40));  // zip64 size, default limits
    REQUIRE_FALSE(huge);
    CHECK(huge.error().key == "workbook_inflate_limit");
  }
  SECTION("it declares less than it holds: stopped at the declared size") {
    auto r = list_sheets(with_part(1000));
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
  }
  SECTION("the inflater itself stops at its bound") {
    std::string out;
    CHECK(wb::inflate(bomb, out, 8u << 20) == wb::inflate_status::too_large);
    CHECK(out.empty());
  }
  CHECK(seconds_since(t0) < 2.0);
}

TEST_CASE("workbook: a sheet that declares two billion rows", "[workbook]") {
  const std::string head = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c></row>";
  SECTION("an empty row far below is not emitted") {
    auto r = read_sheet_csv(make_xlsx(head + "<row r=\"2000000000\"/>"), 0);
    REQUIRE(r);
    CHECK(r->csv == "id\n");
    CHECK(r->rows == 1);
  }
  SECTION("a value there would make the CSV too large") {
    auto t0 = std::chrono::steady_clock::now();
    auto r = read_sheet_csv(make_xlsx(head + "<row r=\"2000000000\"><c r=\"A2000000000\"><v>1</v></c></row>"), 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_row_limit");
    CHECK(r.error().sheet == "S");
    CHECK(r.error().row == 2000000000);
    CHECK(seconds_since(t0) < 1.0);
  }
  SECTION("columns up to XFD; past the limit is too large") {
    auto xfd = read_sheet_csv(make_xlsx("<row r=\"1\"><c r=\"XFD1\"><v>7</v></c></row>"), 0);
    REQUIRE(xfd);
    CHECK(xfd->columns == 16384);
    CHECK(xfd->csv == std::string(16383, ',') + "7\n");
    auto past = read_sheet_csv(make_xlsx("<row r=\"1\"><c r=\"XFE1\"><v>7</v></c></row>"), 0);
    REQUIRE_FALSE(past);
    CHECK(past.error().key == "workbook_too_large");
  }
  SECTION("more cells than max_cells") {
    workbook_limits few;
    few.max_cells = 3;
    auto r = read_sheet_csv(make_xlsx("<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>"), 0, few);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_too_large");
  }
  SECTION("ods: a row of values repeated a billion times") {
    auto r = read_sheet_csv(make_ods("<table:table-row table:number-rows-repeated=\"1000000000\"><table:table-cell "
                                     "office:value-type=\"float\" office:value=\"1\"/></table:table-row>"),
                            0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_too_large");
  }
  SECTION("ods: repeated rows and cells with values are expanded, empty ones only counted") {
    auto r = read_sheet_csv(
        make_ods("<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:number-columns-repeated=\"2\" "
                 "office:value-type=\"string\"><text:p>a <text:span>b</text:span><text:s text:c=\"2\"/>c</text:p>"
                 "<text:p>d<text:tab/>e<text:line-break/>f</text:p><office:annotation><text:p>note</text:p>"
                 "</office:annotation></table:table-cell><table:table-cell table:number-columns-repeated=\"16000\"/>"
                 "</table:table-row><table:table-row table:number-rows-repeated=\"3\"><table:table-cell/>"
                 "</table:table-row><table:table-row><table:table-cell office:value-type=\"percentage\" "
                 "office:value=\"0.125\"><text:p>12.5%</text:p></table:table-cell><table:table-cell "
                 "office:value-type=\"time\" office:time-value=\"PT12H30M00S\"><text:p>12:30</text:p></table:table-cell>"
                 "<table:table-cell table:formula=\"of:=NOW()\"/></table:table-row><table:table-row "
                 "table:number-rows-repeated=\"1048571\"><table:table-cell table:number-columns-repeated=\"16384\"/>"
                 "</table:table-row>"),
        0);
    REQUIRE(r);
    CHECK(r->csv ==
          "\"a b  c\nd\te\nf\",\"a b  c\nd\te\nf\"\n\"a b  c\nd\te\nf\",\"a b  c\nd\te\nf\"\n\n\n\n0.125,12:30\n");
    CHECK(r->formulas_without_value == 1);
  }
}

TEST_CASE("workbook: inflating stored, fixed and dynamic blocks", "[workbook]") {
  auto check = [](std::string_view compressed_hex, const std::string& expected, std::uint32_t crc) {
    std::string out;
    REQUIRE(wb::inflate(unhex(compressed_hex), out, 1 << 20) == wb::inflate_status::ok);
    CHECK(out == expected);
    CHECK(wb::crc32(0, out) == crc);
  };
  // Vectors from Python's zlib (raw DEFLATE, wbits -15).
  check("011500eaff73746f72656420626c6f636b2c206c6576656c2030", "stored block, level 0", 0xd7c27182);
  check("4b4c4a4e44450a699915a9290a1ea56969b9897900", "abcabcabcabcabcabc fixed Huffman", 0xc831602e);
  std::string text = "运单号,运输方式,发货时间\n";
  for (int i = 0; i < 40; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "SF%04d,空运,2026-10-%02d 09:%02d\n", i, i % 28 + 1, i % 60);
    text += line;
  }
  check("6dd3cb4d03411084e1bba32080b53455bdaf210012202e6423040e0171b740580847b366c902abea464f5fff3e7d52ade7fdf2f0bc"
        "ec3ebaf5bc5fbf9f2e2f9fcbd7ae5b768febf1f57278ff3d1c37f777e57addcfdbe9fad3b170dca26c0b6e4abd2dc519295319ce4c"
        "3994e91c29f7cae1dca73c28f7ce43caa3f2e03ca63c298fce53cab3f2e43ca75c9567e7fa3fa32857652435480d56435283d46035"
        "2435480d56435283d460352435480d56435283d460352435480d56435283d460352435480d564352a3d4603526354a8d566352a3d4"
        "683526354a8d566352a3d4683526354a8d566352a3d4683526354a8d566352a3d46835ceed8dd16aaced8dd16a51da1b0bab05da1b"
        "0bab05db1b0bab45b43716568bbebdb1b05a0ced8d85d5626c6f2cac16537b6361b598db1b0bab456d6f2ceae60f",
        text, 0xb729705a);
  CHECK(wb::crc32(0, "123456789") == 0xcbf43926);
  std::string out;
  // Cut short, a bad block type, a distance before the start.
  CHECK(wb::inflate(unhex("4b4c4a4e44450a6999"), out, 1 << 20) == wb::inflate_status::damaged);
  CHECK(wb::inflate(unhex("07"), out, 1 << 20) == wb::inflate_status::damaged);
  CHECK(wb::inflate(zeros_deflate(2, false), out, 1 << 20) == wb::inflate_status::damaged);
  // A run of zeros: one literal and overlapping copies.
  REQUIRE(wb::inflate(zeros_deflate(1000), out, 1 << 20) == wb::inflate_status::ok);
  CHECK(out == std::string(258001, '\0'));
}

TEST_CASE("workbook: a zip of 100000 entries is read without quadratic lookups", "[workbook]") {
  std::vector<zip_part> parts = xlsx_parts(std::string("<worksheet xmlns=\"") + main_ns +
                                           "\"><sheetData><row><c><v>5</v></c></row></sheetData></worksheet>");
  for (int i = 0; i < 100000; ++i) parts.push_back({"customXml/item" + std::to_string(i) + ".xml", ""});
  std::string zip = make_zip(parts);
  // The plain end record holds the count modulo 65536; writers add the zip64 end records,
  // and so does the test.
  auto t0 = std::chrono::steady_clock::now();
  wb::context ctx(zip.size(), workbook_limits{});
  wb::zip_archive archive;
  std::size_t end = zip.size() - 22;
  std::uint64_t dir_size = 0, dir_at = 0;
  for (int k = 0; k < 4; ++k) {
    dir_size |= static_cast<std::uint64_t>(static_cast<unsigned char>(zip[end + 12 + k])) << (8 * k);
    dir_at |= static_cast<std::uint64_t>(static_cast<unsigned char>(zip[end + 16 + k])) << (8 * k);
  }
  std::string tail;
  std::uint64_t end64_at = end;
  put32(tail, 0x06064b50);
  put64(tail, 44);
  put16(tail, 45);
  put16(tail, 45);
  put32(tail, 0);
  put32(tail, 0);
  put64(tail, parts.size());
  put64(tail, parts.size());
  put64(tail, dir_size);
  put64(tail, dir_at);
  put32(tail, 0x07064b50);
  put32(tail, 0);
  put64(tail, end64_at);
  put32(tail, 1);
  zip.insert(end, tail);
  REQUIRE(archive.open(zip, ctx));
  CHECK(archive.entries().size() == parts.size());
  CHECK(archive.find("customXml/item99999.xml") != nullptr);
  CHECK(archive.find("/XL/Workbook.xml") != nullptr);
  auto r = read_sheet_csv(zip, 0);
  REQUIRE(r);
  CHECK(r->csv == "5\n");
  CHECK(seconds_since(t0) < 5.0);
}

// --- hostile workbooks of issue 12, written by Python's zipfile (make_hostile.py) -------------

TEST_CASE("workbook: a value two billion rows down is refused naming the sheet and the row", "[workbook][hostile]") {
  for (const char* name : {"hostile_far_row.xlsx", "hostile_far_cell.xlsx"}) {
    INFO(name);
    auto t0 = std::chrono::steady_clock::now();
    auto r = read_sheet_csv(fixture(name), 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_row_limit");
    CHECK(r.error().sheet == "运单");
    CHECK(r.error().row == 2000000000);
    CHECK(r.error().limit == 1048576);
    CHECK(r.error().detail == "sheet \"运单\": a value in row 2000000000, below the last row 1048576");
    CHECK(seconds_since(t0) < 1.0);
  }
}

TEST_CASE("workbook: Excel's last row is read, the row after it is refused", "[workbook][hostile]") {
  auto past = read_sheet_csv(fixture("hostile_sparse_rows.xlsx"), 0);
  REQUIRE_FALSE(past);
  CHECK(past.error().key == "workbook_row_limit");
  CHECK(past.error().row == 1048577);
  auto last = read_sheet_csv(make_xlsx("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\"><c "
                                       "r=\"B1048576\"><v>2</v></c></row>"),
                             0);
  REQUIRE(last);
  CHECK(last->rows == 1048576);
  CHECK(last->csv.size() == 3 + 1048574 + 3);  // "1,\n", the empty rows, ",2\n"
  // The same bound holds for .ods rows, which count their repeats.
  auto ods = read_sheet_csv(make_ods("<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell/>"
                                     "</table:table-row><table:table-row><table:table-cell office:value-type=\"float\" "
                                     "office:value=\"1\"/></table:table-row>"),
                            0);
  REQUIRE_FALSE(ods);
  CHECK(ods.error().key == "workbook_row_limit");
  CHECK(ods.error().sheet == "T");
  CHECK(ods.error().row == 1048577);
}

TEST_CASE("workbook: a sheet that inflates 1000:1 is refused before inflating, with the sizes", "[workbook][hostile]") {
  std::string bytes = fixture("hostile_bomb.xlsx");
  auto t0 = std::chrono::steady_clock::now();
  auto r = read_sheet_csv(bytes, 0);
  REQUIRE_FALSE(r);
  CHECK(r.error().key == "workbook_inflate_limit");
  CHECK(r.error().sheet == "运单");
  CHECK(r.error().limit == std::size_t{64} << 20);  // 200 × 103 KB is below the 64 MiB floor
  CHECK(r.error().count > std::uint64_t{100} << 20);
  CHECK(seconds_since(t0) < 0.5);
  // A larger input earns a larger budget: 200 bytes per byte.
  workbook_limits generous;
  generous.max_inflated_factor = 2000;
  auto read = read_sheet_csv(bytes, 0, generous);
  REQUIRE(read);
  CHECK(read->csv == "运单号\n");
}

TEST_CASE("workbook: crafted archives say what is wrong", "[workbook][hostile]") {
  SECTION("an entry named outside the archive") {
    auto r = list_sheets(fixture("hostile_traversal.xlsx"));
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
    CHECK(r.error().detail == "zip: entry name \"../../../../etc/passwd\" leaves the archive");
  }
  SECTION("entities declared in a DOCTYPE are never expanded") {
    auto r = read_sheet_csv(fixture("hostile_laughs.xlsx"), 0);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
    CHECK(r.error().detail == "sheet \"运单\": xl/worksheets/sheet1.xml: bad XML (DOCTYPE or other declaration)");
  }
  SECTION("more entries than the limit") {
    std::vector<zip_part> parts = xlsx_parts("<worksheet/>");
    for (int i = 0; i < 20; ++i) parts.push_back({"customXml/item" + std::to_string(i) + ".xml", ""});
    workbook_limits few;
    few.max_entries = 23;
    auto r = list_sheets(make_zip(parts), few);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_too_many_entries");
    CHECK(r.error().count == 24);
    CHECK(r.error().limit == 23);
    CHECK(workbook_limits{}.max_entries == 200000);
  }
  SECTION("an end record that counts more entries than its directory can hold") {
    std::string zip = make_xlsx("<row><c><v>1</v></c></row>");
    zip[zip.size() - 22 + 10] = '\xFF';  // entries in the directory: 0x??FF
    auto r = list_sheets(zip);
    REQUIRE_FALSE(r);
    CHECK(r.error().key == "workbook_damaged");
  }
}

TEST_CASE("workbook: zip64 extra fields in local and central headers", "[workbook][hostile]") {
  std::string bytes = fixture("hostile_zip64.xlsx");
  // The writer put a zip64 extra field (id 1) into every local header.
  CHECK(bytes.find(std::string("\x01\x00\x10\x00", 4)) != std::string::npos);
  auto r = read_sheet_csv(bytes, 0);
  REQUIRE(r);
  CHECK(r->csv == "运单号\n5\n");
}

// --- reading sheets in pieces ---------------------------------------------------------------

TEST_CASE("workbook: the XML reader gives the same tokens however its input is cut", "[workbook]") {
  const std::string doc =
      "<?xml version=\"1.0\"?><!-- a comment --><x:a x=\"1\" y='&lt;2&gt;'><b/>t&amp;u &#36816;"
      "<![CDATA[<c>]]></x:a ><d\te=\"\"/>tail";
  auto tokens = [](wb::xml_reader& x, std::string& out, bool stop_at_more) {
    for (;;) {
      auto t = x.next();
      if (t == wb::xml_reader::more && stop_at_more) return;
      REQUIRE(t != wb::xml_reader::bad);
      REQUIRE(t != wb::xml_reader::more);
      if (t == wb::xml_reader::end) return;
      out += std::to_string(t) + ":";
      if (t == wb::xml_reader::text) x.append_text(out);
      else out += std::string(x.name());
      if (t == wb::xml_reader::start_tag)
        for (const auto& a : x.attrs()) out += " " + std::string(a.name) + "=" + std::string(a.value);
      out += "|";
    }
  };
  std::string whole;
  wb::xml_reader all(doc);
  tokens(all, whole, false);
  CHECK(whole ==
        "0:a x=1 y=&lt;2&gt;|0:b|1:b|2:t&u 运|2:<c>|1:a|0:d e=|1:d|2:tail|");
  for (std::size_t cut = 0; cut <= doc.size(); ++cut) {
    CAPTURE(cut);
    std::string pieces;
    wb::xml_reader x;
    x.set_input(std::string_view(doc).substr(0, cut), false);
    tokens(x, pieces, true);
    std::string rest = doc.substr(x.consumed());
    x.set_input(rest, true);
    tokens(x, pieces, false);
    CHECK(pieces == whole);
  }
  // At the real end a cut token is bad XML, as before.
  wb::xml_reader cut_short;
  cut_short.set_input("<a><b x=\"1", true);
  CHECK(cut_short.next() == wb::xml_reader::start_tag);
  CHECK(cut_short.next() == wb::xml_reader::bad);
  CHECK(std::string(cut_short.problem()) == "unterminated attribute value");
}

namespace {

// Collects what an inflater hands over, piece by piece.
struct piece_collector : wb::inflate_sink {
  std::string all;
  std::vector<std::size_t> sizes;
  bool take(std::string_view piece) override {
    all.append(piece);
    sizes.push_back(piece.size());
    return true;
  }
};

}  // namespace

TEST_CASE("workbook: a part is inflated in pieces that hold only the window besides", "[workbook]") {
  std::string bytes = fixture("large.xlsx");
  wb::context ctx(bytes.size(), workbook_limits{});
  ctx.limits.piece_bytes = 1 << 16;
  wb::zip_archive zip;
  REQUIRE(zip.open(bytes, ctx));
  const wb::zip_entry* sheet = zip.find("xl/worksheets/sheet1.xml");
  REQUIRE(sheet);
  REQUIRE(sheet->method == 8);
  wb::byte_buffer storage;
  std::string_view whole;
  REQUIRE(zip.read(*sheet, storage, whole, ctx));
  REQUIRE(whole.size() == 624935);
  piece_collector pieces;
  REQUIRE(zip.read(*sheet, pieces, ctx));
  CHECK(pieces.all == whole);
  REQUIRE(pieces.sizes.size() >= 624935 / ((1 << 16) + (1 << 15)));
  // The first piece may include the window's first fill; every later one is one piece at most.
  CHECK(pieces.sizes.front() <= (1 << 16) + (1 << 15));
  for (std::size_t i = 1; i < pieces.sizes.size(); ++i) CHECK(pieces.sizes[i] <= (1 << 16));
  // A sink that stops ends the read early, and successfully when nothing failed.
  struct first_only : wb::inflate_sink {
    std::size_t calls = 0;
    bool take(std::string_view) override { return ++calls < 1; }
  } stop;
  CHECK(zip.read(*sheet, stop, ctx));
  CHECK(stop.calls == 1);
  CHECK_FALSE(ctx.failed);
}

TEST_CASE("workbook: a sheet read in pieces of any size gives the same CSV", "[workbook]") {
  std::string bytes = fixture("large.xlsx");
  auto r = read_sheet_csv(bytes, 0);
  REQUIRE(r);
  CHECK(r->rows == 1501);
  CHECK(r->columns == 8);
  CHECK(r->date_cells == 3000);
  const std::string& csv = r->csv;
  CHECK(csv.substr(0, csv.find('\n')) == "运单号,运输方式,发货日期,签收时间,运费（元）,重量（kg）,已签收,备注");
  CHECK(csv.find("\nSF000001,海运,2026-10-01,2026-10-04 08:20:00,1.25,0.1,TRUE,A&B <急> 第1件\n") !=
        std::string::npos);
  CHECK(csv.substr(csv.rfind('\n', csv.size() - 2) + 1) ==
        "SF001500,空运,2026-10-08,2026-10-10 15:13:00,1875,4.5,FALSE,A&B <急> 第1500件\n");
  for (std::size_t piece : {std::size_t{1} << 16, std::size_t{65537}, std::size_t{100003}, std::size_t{1}}) {
    CAPTURE(piece);
    workbook_limits small;
    small.piece_bytes = piece;  // below 64 KiB counts as 64 KiB
    auto again = read_sheet_csv(bytes, 0, small);
    REQUIRE(again);
    CHECK(again->csv == csv);
    CHECK(again->date_cells == 3000);
  }
}

TEST_CASE("workbook: shared strings and ODS content are read in pieces too", "[workbook]") {
  workbook_limits small;
  small.piece_bytes = 1 << 16;
  SECTION("20,000 shared strings") {
    std::vector<zip_part> parts = xlsx_parts(std::string("<worksheet xmlns=\"") + main_ns +
                                             "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                                             "<c r=\"B1\" t=\"s\"><v>19999</v></c></row></sheetData></worksheet>");
    std::string sst = std::string("<sst xmlns=\"") + main_ns + "\">";
    for (int i = 0; i < 20000; ++i) sst += "<si><t>运单&amp;" + std::to_string(i) + "</t></si>";
    sst += "</sst>";
    REQUIRE(sst.size() > 8 * (1 << 16));
    parts.push_back({"xl/sharedStrings.xml", sst});
    parts[2].data.insert(parts[2].data.find("</Relationships>"),
                         "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                         "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
    auto r = read_sheet_csv(make_zip(parts), 0, small);
    REQUIRE(r);
    CHECK(r->csv == "运单&0,运单&19999\n");
  }
  SECTION("an ODS table of 2 MB, and the reading stops after the wanted table") {
    std::string big;
    for (int i = 0; i < 20000; ++i)
      big += "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>第" + std::to_string(i) +
             "行</text:p></table:table-cell></table:table-row>";
    REQUIRE(big.size() > 2'000'000);
    std::string ods = make_ods(big);
    auto list = list_sheets(ods, small);
    REQUIRE(list);
    auto r = read_sheet_csv(ods, 0, small);
    REQUIRE(r);
    CHECK(r->rows == 20000);
    CHECK(r->csv.substr(r->csv.size() - 12) == "第19999行\n");
    // Bad XML in a second table: listing reads it and fails, reading the first table stops before it.
    std::string two = make_ods(big + "</table:table><table:table table:name=\"U\"><table:table-row><<");
    auto bad_list = list_sheets(two, small);
    REQUIRE_FALSE(bad_list);
    CHECK(bad_list.error().key == "workbook_damaged");
    auto first = read_sheet_csv(two, 0, small);
    REQUIRE(first);
    CHECK(first->csv == r->csv);
  }
}
