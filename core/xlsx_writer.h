// A small writer of Office Open XML workbooks (.xlsx): sheets of text and number cells, bold
// header rows, wrapped text, column widths and a frozen first row. Pure: bytes out, no I/O, no
// globals, nothing thrown. The package is a ZIP of stored (uncompressed) entries with inline
// strings, so no shared-strings part and no compressor are needed; Excel, WPS and LibreOffice
// open it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace starsheet::xlsx {

struct cell {
  std::string text;     ///< UTF-8; characters XML 1.0 does not allow are dropped, and text past
                        ///< Excel's 32,767 characters a cell is cut
  bool number = false;  ///< text is a decimal ("98.999", "-12", "1.5e3") written as a number cell;
                        ///< text that is not one is written as a string
  bool bold = false;
  bool wrap = false;
};

/// A text cell.
inline cell text_cell(std::string text, bool bold = false, bool wrap = false) {
  cell c;
  c.text = std::move(text);
  c.bold = bold;
  c.wrap = wrap;
  return c;
}

using row = std::vector<cell>;

struct sheet {
  std::string name;                  ///< made valid: at most 31 characters, no []:*?/\, unique
  std::vector<row> rows;             ///< row 1 first; empty cells are left out
  std::vector<double> column_widths; ///< in characters, column A first; 0 keeps the default
  bool freeze_first_row = false;
};

struct workbook {
  std::vector<sheet> sheets;  ///< at least one is written (an empty "Sheet1" when none)
  std::string title;          ///< docProps/core.xml dc:title (optional)
};

/// The .xlsx bytes of the workbook.
std::string write_workbook(const workbook& book);

/// CRC-32 (ISO-HDLC, as ZIP uses: reflected 0xEDB88320, initial and final 0xFFFFFFFF).
std::uint32_t crc32(std::string_view bytes);

/// A ZIP archive of stored entries (method 0), in the order given; names are ASCII paths.
struct zip_entry {
  std::string name;
  std::string data;
};
std::string write_zip(const std::vector<zip_entry>& entries);

/// Text made safe for XML 1.0 content and attribute values: invalid UTF-8 and characters XML
/// does not allow are dropped, & < > " are escaped, and "_xHHHH_" (which Excel reads as an
/// escaped character) is protected.
std::string xml_text(std::string_view text);

/// The column letters of a 0-based column index (0 → "A", 26 → "AA").
std::string column_name(std::size_t index);

}  // namespace starsheet::xlsx
