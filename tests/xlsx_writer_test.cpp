#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "xlsx_writer.h"

using namespace starsheet::xlsx;

namespace {

std::uint32_t u32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

std::uint32_t u16(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}

// The stored entries of a ZIP written by write_zip, by walking its local headers.
std::vector<zip_entry> read_stored(const std::string& zip) {
  std::vector<zip_entry> out;
  std::size_t at = 0;
  while (at + 30 <= zip.size() && u32(zip, at) == 0x04034b50) {
    REQUIRE(u16(zip, at + 8) == 0);  // stored
    std::uint32_t crc = u32(zip, at + 14), size = u32(zip, at + 18);
    REQUIRE(u32(zip, at + 22) == size);
    std::size_t name_len = u16(zip, at + 26), extra = u16(zip, at + 28);
    zip_entry e{zip.substr(at + 30, name_len), zip.substr(at + 30 + name_len + extra, size)};
    REQUIRE(crc32(e.data) == crc);
    out.push_back(e);
    at += 30 + name_len + extra + size;
  }
  return out;
}

const zip_entry* find(const std::vector<zip_entry>& entries, const std::string& name) {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("crc32 of known strings", "[xlsx_writer]") {
  CHECK(crc32("") == 0x00000000u);
  CHECK(crc32("a") == 0xE8B7BE43u);
  CHECK(crc32("123456789") == 0xCBF43926u);  // the standard check value of CRC-32/ISO-HDLC
  CHECK(crc32("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
  CHECK(crc32(std::string("\0\0\0\0", 4)) == 0x2144DF1Cu);
}

TEST_CASE("column names run A to Z, then AA", "[xlsx_writer]") {
  CHECK(column_name(0) == "A");
  CHECK(column_name(25) == "Z");
  CHECK(column_name(26) == "AA");
  CHECK(column_name(51) == "AZ");
  CHECK(column_name(52) == "BA");
  CHECK(column_name(701) == "ZZ");
  CHECK(column_name(702) == "AAA");
  CHECK(column_name(16383) == "XFD");  // Excel's last column
}

TEST_CASE("xml text escapes markup and drops what XML 1.0 forbids", "[xlsx_writer]") {
  CHECK(xml_text("a < b & c > \"d\"") == "a &lt; b &amp; c &gt; &quot;d&quot;");
  CHECK(xml_text("订单\t总数\n") == "订单\t总数\n");
  CHECK(xml_text(std::string("a\x01" "b\x1F" "c\x00", 6) + "d") == "abcd");                  // control characters
  CHECK(xml_text("x\xEF\xBF\xBEy") == "xy");                                     // U+FFFE
  CHECK(xml_text("bad\xC3(utf8\xFF") == "bad(utf8");                              // invalid UTF-8
  CHECK(xml_text("\xED\xA0\x80surrogate") == "surrogate");                        // an encoded surrogate
  CHECK(xml_text("emoji \xF0\x9F\x93\xA6") == "emoji \xF0\x9F\x93\xA6");          // U+1F4E6 kept
  CHECK(xml_text("r\rn") == "r&#13;n");
  CHECK(xml_text("_x0041_ and _x12_") == "_x005F_x0041_ and _x12_");             // Excel's escapes
}

TEST_CASE("a stored zip carries each entry with its crc and a central directory", "[xlsx_writer]") {
  std::string zip = write_zip({{"a.txt", "hello"}, {"dir/b.xml", "<x/>"}});
  auto entries = read_stored(zip);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].name == "a.txt");
  CHECK(entries[0].data == "hello");
  CHECK(entries[1].name == "dir/b.xml");
  CHECK(entries[1].data == "<x/>");
  // End of central directory: the last 22 bytes, two entries, the directory right after the data.
  std::size_t eocd = zip.size() - 22;
  CHECK(u32(zip, eocd) == 0x06054b50u);
  CHECK(u16(zip, eocd + 10) == 2);
  std::uint32_t cd_size = u32(zip, eocd + 12), cd_offset = u32(zip, eocd + 16);
  CHECK(cd_offset + cd_size == eocd);
  CHECK(u32(zip, cd_offset) == 0x02014b50u);
  CHECK(u32(zip, cd_offset + 16) == crc32("hello"));
  CHECK(cd_offset == (30 + 5 + 5) + (30 + 9 + 4));
}

TEST_CASE("a workbook holds the package parts and the cells as written", "[xlsx_writer]") {
  workbook book;
  book.title = "Test";
  sheet s;
  s.name = "度量";
  s.freeze_first_row = true;
  s.column_widths = {20, 0, 12.5};
  s.rows.push_back({{"measure", false, true, false}, {"value", false, true, false}});
  s.rows.push_back({{"/measures/orders_total"}, {"98.999", true}});
  s.rows.push_back({{"a & b"}, {"not a number", true}, {"wrapped", false, false, true}});
  s.rows.push_back({});
  s.rows.push_back({{""}, {"B5 only"}});
  book.sheets.push_back(s);
  book.sheets.push_back(sheet{"度量", {{{"second"}}}, {}, false});  // the same name again
  book.sheets.push_back(sheet{"a[b]:c*?/\\d that is far longer than thirty-one", {}, {}, false});
  auto entries = read_stored(write_workbook(book));

  REQUIRE(entries.size() == 10);
  CHECK(entries[0].name == "[Content_Types].xml");
  for (const char* part : {"_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                           "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                           "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"})
    CHECK(find(entries, part) != nullptr);

  const std::string& wb = find(entries, "xl/workbook.xml")->data;
  CHECK(wb.find("<sheet name=\"度量\" sheetId=\"1\" r:id=\"rId1\"/>") != std::string::npos);
  CHECK(wb.find("<sheet name=\"度量 (2)\" sheetId=\"2\" r:id=\"rId2\"/>") != std::string::npos);
  CHECK(wb.find("<sheet name=\"abcd that is far longer than th\" sheetId=\"3\"") != std::string::npos);

  const std::string& s1 = find(entries, "xl/worksheets/sheet1.xml")->data;
  CHECK(s1.find("<dimension ref=\"A1:C5\"/>") != std::string::npos);
  CHECK(s1.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>") != std::string::npos);
  CHECK(s1.find("<col min=\"1\" max=\"1\" width=\"20.00\" customWidth=\"1\"/>") != std::string::npos);
  CHECK(s1.find("<col min=\"2\"") == std::string::npos);
  CHECK(s1.find("<col min=\"3\" max=\"3\" width=\"12.50\" customWidth=\"1\"/>") != std::string::npos);
  CHECK(s1.find("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">measure</t></is></c>") !=
        std::string::npos);
  CHECK(s1.find("<c r=\"B2\"><v>98.999</v></c>") != std::string::npos);
  CHECK(s1.find("<c r=\"A3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">a &amp; b</t></is></c>") != std::string::npos);
  CHECK(s1.find("<c r=\"B3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">not a number</t></is></c>") !=
        std::string::npos);
  CHECK(s1.find("<c r=\"C3\" s=\"2\" t=\"inlineStr\">") != std::string::npos);
  CHECK(s1.find("<row r=\"4\"></row>") != std::string::npos);
  CHECK(s1.find("<c r=\"A5\"") == std::string::npos);
  CHECK(s1.find("<c r=\"B5\" t=\"inlineStr\">") != std::string::npos);

  const std::string& styles = find(entries, "xl/styles.xml")->data;
  CHECK(styles.find("<cellXfs count=\"4\">") != std::string::npos);
  CHECK(styles.find("<font><b/>") != std::string::npos);
  CHECK(find(entries, "docProps/core.xml")->data.find("<dc:title>Test</dc:title>") != std::string::npos);
}

TEST_CASE("cell text is cut at 32767 characters, as Excel requires", "[xlsx_writer]") {
  std::string longer(40000, 'x');
  std::string wide;
  for (int i = 0; i < 20000; ++i) wide += "\xF0\x9F\x93\xA6";  // U+1F4E6 counts two units
  workbook book;
  book.sheets.push_back(sheet{"s", {{{longer}, {wide}, {std::string(32767, 'y')}}}, {}, false});
  auto entries = read_stored(write_workbook(book));
  const std::string& xml = find(entries, "xl/worksheets/sheet1.xml")->data;
  CHECK(xml.find(std::string(32767, 'x') + "</t>") != std::string::npos);
  CHECK(xml.find(std::string(32768, 'x')) == std::string::npos);
  std::size_t b = xml.find("\xF0\x9F\x93\xA6");
  std::size_t e = xml.find("</t>", b);
  CHECK((e - b) / 4 == 16383);
  CHECK(xml.find(std::string(32767, 'y') + "</t>") != std::string::npos);
}

TEST_CASE("a workbook without sheets still has one, and the output is deterministic", "[xlsx_writer]") {
  workbook empty;
  auto entries = read_stored(write_workbook(empty));
  REQUIRE(find(entries, "xl/workbook.xml") != nullptr);
  CHECK(find(entries, "xl/workbook.xml")->data.find("<sheet name=\"Sheet1\"") != std::string::npos);
  CHECK(write_workbook(empty) == write_workbook(empty));
}
