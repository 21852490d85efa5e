#include "xlsx_writer.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace starsheet::xlsx {

namespace {

// --- ZIP ---------------------------------------------------------------------------------

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> crc_table = make_crc_table();

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

// A fixed time stamp (1980-01-01 00:00, the DOS epoch) keeps the output deterministic.
constexpr std::uint32_t dos_time = 0;
constexpr std::uint32_t dos_date = (0 << 9) | (1 << 5) | 1;

// --- XML ---------------------------------------------------------------------------------

// Decodes one UTF-8 character at s[i]; returns its length (0 when invalid) and the code point.
std::size_t utf8_char(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

bool xml_allowed(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_decimal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

// Sheet names: 1–31 characters, none of []:*?/\, not starting or ending with an apostrophe.
std::string sheet_name(const std::string& wanted, std::size_t index, const std::vector<std::string>& taken) {
  std::string clean;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < wanted.size() && chars < 31;) {
    std::uint32_t cp = 0;
    std::size_t n = utf8_char(wanted, i, cp);
    if (n == 0) {
      ++i;
      continue;
    }
    bool bad = cp < 0x20 || cp == '[' || cp == ']' || cp == ':' || cp == '*' || cp == '?' || cp == '/' ||
               cp == '\\' || !xml_allowed(cp);
    if (!bad) {
      clean.append(wanted, i, n);
      ++chars;
    }
    i += n;
  }
  while (!clean.empty() && clean.front() == '\'') clean.erase(0, 1);
  while (!clean.empty() && clean.back() == '\'') clean.pop_back();
  if (clean.empty()) clean = "Sheet" + std::to_string(index + 1);
  auto lower = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
  };
  std::string name = clean;
  for (int k = 2; std::any_of(taken.begin(), taken.end(), [&](const std::string& t) { return lower(t) == lower(name); });
       ++k) {
    std::string suffix = " (" + std::to_string(k) + ")";
    std::string base = clean;
    // Cut whole characters until base + suffix fits in 31 characters.
    auto count = [](const std::string& s) {
      std::size_t c = 0;
      for (unsigned char ch : s)
        if ((ch & 0xC0) != 0x80) ++c;
      return c;
    };
    while (!base.empty() && count(base) + suffix.size() > 31) {
      base.pop_back();
      while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80) base.pop_back();
      if (!base.empty() && static_cast<unsigned char>(base.back()) >= 0xC0) base.pop_back();
    }
    name = base + suffix;
  }
  return name;
}

// Excel refuses a workbook with a cell over 32,767 characters (UTF-16 units): longer text is cut.
std::string_view cell_text(std::string_view s) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    std::size_t n = utf8_char(s, i, cp);
    if (n == 0) n = 1;  // dropped later by xml_text
    units += cp > 0xFFFF ? 2 : 1;
    if (units > 32767) return s.substr(0, i);
    i += n;
  }
  return s;
}

std::string format_width(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", w);
  return buf;
}

constexpr const char* xml_decl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

std::string content_types(std::size_t sheets) {
  std::string s = xml_decl;
  s += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/xl/workbook.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
       "<Override PartName=\"/xl/styles.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  for (std::size_t i = 1; i <= sheets; ++i)
    s += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i) +
         ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  s += "<Override PartName=\"/docProps/core.xml\" "
       "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
       "<Override PartName=\"/docProps/app.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
       "</Types>";
  return s;
}

std::string root_rels() {
  return std::string(xml_decl) +
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" "
         "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
         "Target=\"xl/workbook.xml\"/>"
         "<Relationship Id=\"rId2\" "
         "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
         "Target=\"docProps/core.xml\"/>"
         "<Relationship Id=\"rId3\" "
         "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
         "Target=\"docProps/app.xml\"/>"
         "</Relationships>";
}

std::string core_props(const std::string& title) {
  std::string s = xml_decl;
  s += "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  if (!title.empty()) s += "<dc:title>" + xml_text(title) + "</dc:title>";
  s += "<dc:creator>Starsheet</dc:creator></cp:coreProperties>";
  return s;
}

std::string app_props() {
  return std::string(xml_decl) +
         "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
         "<Application>Starsheet</Application></Properties>";
}

std::string workbook_xml(const std::vector<std::string>& names) {
  std::string s = xml_decl;
  s += "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
       "<bookViews><workbookView/></bookViews><sheets>";
  for (std::size_t i = 0; i < names.size(); ++i)
    s += "<sheet name=\"" + xml_text(names[i]) + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" +
         std::to_string(i + 1) + "\"/>";
  s += "</sheets></workbook>";
  return s;
}

std::string workbook_rels(std::size_t sheets) {
  std::string s = xml_decl;
  s += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t i = 1; i <= sheets; ++i)
    s += "<Relationship Id=\"rId" + std::to_string(i) +
         "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
         "Target=\"worksheets/sheet" +
         std::to_string(i) + ".xml\"/>";
  s += "<Relationship Id=\"rId" + std::to_string(sheets + 1) +
       "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
       "Target=\"styles.xml\"/>";
  s += "</Relationships>";
  return s;
}

// Cell formats: 0 plain, 1 bold, 2 wrapped, 3 bold and wrapped (all top-aligned when wrapped).
std::string styles_xml() {
  return std::string(xml_decl) +
         "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
         "<fonts count=\"2\">"
         "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
         "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
         "</fonts>"
         "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
         "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
         "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
         "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
         "<cellXfs count=\"4\">"
         "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
         "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
         "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
         "<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
         "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">"
         "<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
         "</cellXfs>"
         "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
         "</styleSheet>";
}

std::string sheet_xml(const sheet& sh, bool selected) {
  std::string s = xml_decl;
  s += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">";
  std::size_t rows = sh.rows.size(), cols = 0;
  for (const auto& r : sh.rows) cols = std::max(cols, r.size());
  if (rows > 0 && cols > 0) s += "<dimension ref=\"A1:" + column_name(cols - 1) + std::to_string(rows) + "\"/>";
  s += "<sheetViews><sheetView workbookViewId=\"0\"";
  if (selected) s += " tabSelected=\"1\"";
  if (sh.freeze_first_row) {
    s += "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
         "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView>";
  } else {
    s += "/>";
  }
  s += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
  bool any_width = std::any_of(sh.column_widths.begin(), sh.column_widths.end(), [](double w) { return w > 0; });
  if (any_width) {
    s += "<cols>";
    for (std::size_t c = 0; c < sh.column_widths.size(); ++c) {
      double w = sh.column_widths[c];
      if (!(w > 0)) continue;
      w = std::min(w, 255.0);
      std::string n = std::to_string(c + 1);
      s += "<col min=\"" + n + "\" max=\"" + n + "\" width=\"" + format_width(w) + "\" customWidth=\"1\"/>";
    }
    s += "</cols>";
  }
  s += "<sheetData>";
  for (std::size_t r = 0; r < rows; ++r) {
    const auto& row = sh.rows[r];
    std::string rn = std::to_string(r + 1);
    s += "<row r=\"" + rn + "\">";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const cell& x = row[c];
      if (x.text.empty()) continue;
      int style = (x.bold ? 1 : 0) + (x.wrap ? 2 : 0);
      std::string ref = column_name(c) + rn;
      std::string st = style ? " s=\"" + std::to_string(style) + "\"" : "";
      if (x.number && is_decimal(x.text)) {
        s += "<c r=\"" + ref + "\"" + st + "><v>" + x.text + "</v></c>";
      } else {
        s += "<c r=\"" + ref + "\"" + st + " t=\"inlineStr\"><is><t xml:space=\"preserve\">" + xml_text(cell_text(x.text)) +
             "</t></is></c>";
      }
    }
    s += "</row>";
  }
  s += "</sheetData>";
  s += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>";
  s += "</worksheet>";
  return s;
}

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = crc_table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string write_zip(const std::vector<zip_entry>& entries) {
  std::string out, central;
  for (const auto& e : entries) {
    std::uint32_t offset = static_cast<std::uint32_t>(out.size());
    std::uint32_t crc = crc32(e.data);
    auto size = static_cast<std::uint32_t>(e.data.size());
    auto name_len = static_cast<std::uint32_t>(e.name.size());
    // Local file header.
    put32(out, 0x04034b50);
    put16(out, 20);  // version needed to extract
    put16(out, 0);   // flags
    put16(out, 0);   // method: stored
    put16(out, dos_time);
    put16(out, dos_date);
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name_len);
    put16(out, 0);  // extra field length
    out += e.name;
    out += e.data;
    // Central directory record.
    put32(central, 0x02014b50);
    put16(central, 20);  // version made by (MS-DOS attributes)
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put16(central, dos_time);
    put16(central, dos_date);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, name_len);
    put16(central, 0);  // extra
    put16(central, 0);  // comment
    put16(central, 0);  // disk number
    put16(central, 0);  // internal attributes
    put32(central, 0);  // external attributes
    put32(central, offset);
    central += e.name;
  }
  auto cd_offset = static_cast<std::uint32_t>(out.size());
  auto cd_size = static_cast<std::uint32_t>(central.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put32(out, cd_size);
  put32(out, cd_offset);
  put16(out, 0);  // comment length
  return out;
}

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t n = utf8_char(text, i, cp);
    if (n == 0) {
      ++i;
      continue;
    }
    if (!xml_allowed(cp)) {
      i += n;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\r': out += "&#13;"; break;  // kept as written (a parser would turn a bare CR into LF)
      case '_':
        // Excel decodes "_x0041_" in cell text as "A"; "_x005F_" is its escaped underscore.
        if (i + 7 <= text.size() && text[i + 1] == 'x' && is_hex(text[i + 2]) && is_hex(text[i + 3]) &&
            is_hex(text[i + 4]) && is_hex(text[i + 5]) && text[i + 6] == '_')
          out += "_x005F_";
        else
          out += '_';
        break;
      default: out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

std::string column_name(std::size_t index) {
  std::string name;
  std::size_t n = index + 1;
  while (n > 0) {
    std::size_t r = (n - 1) % 26;
    name.insert(name.begin(), static_cast<char>('A' + r));
    n = (n - 1) / 26;
  }
  return name;
}

std::string write_workbook(const workbook& book) {
  std::vector<sheet> sheets = book.sheets;
  if (sheets.empty()) sheets.push_back(sheet{"Sheet1", {}, {}, false});
  std::vector<std::string> names;
  for (std::size_t i = 0; i < sheets.size(); ++i) names.push_back(sheet_name(sheets[i].name, i, names));

  std::vector<zip_entry> entries;
  entries.push_back({"[Content_Types].xml", content_types(sheets.size())});
  entries.push_back({"_rels/.rels", root_rels()});
  entries.push_back({"docProps/core.xml", core_props(book.title)});
  entries.push_back({"docProps/app.xml", app_props()});
  entries.push_back({"xl/workbook.xml", workbook_xml(names)});
  entries.push_back({"xl/_rels/workbook.xml.rels", workbook_rels(sheets.size())});
  entries.push_back({"xl/styles.xml", styles_xml()});
  for (std::size_t i = 0; i < sheets.size(); ++i)
    entries.push_back({"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", sheet_xml(sheets[i], i == 0)});
  return write_zip(entries);
}

}  // namespace starsheet::xlsx
