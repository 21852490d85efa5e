#include "csv_reader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace starsheet;

namespace {

struct parsed {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> rows, lines;
  csv_stats stats;
  bool failed = false;
};

// Reads `input` fed in pieces cut at `cuts` (sorted byte offsets).
parsed read(const std::string& input, std::vector<std::size_t> cuts = {}, csv_options options = {}) {
  parsed out;
  csv_reader reader(
      [&](const csv_record& r) {
        out.records.emplace_back(r.fields->begin(), r.fields->end());
        out.rows.push_back(r.row);
        out.lines.push_back(r.line);
      },
      options);
  std::size_t from = 0;
  for (std::size_t c : cuts) {
    reader.feed(std::string_view(input).substr(from, c - from));
    from = c;
  }
  reader.feed(std::string_view(input).substr(from));
  reader.finish();
  out.stats = reader.stats();
  out.failed = reader.failed();
  return out;
}

using rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("plain comma-separated lines with LF", "[csv_reader]") {
  auto p = read("a,b,c\n1,2,3\n4,5,6\n");
  CHECK(p.records == rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "6"}});
  CHECK(p.rows == std::vector<std::size_t>{1, 2, 3});
  CHECK(p.stats.delimiter == ',');
  CHECK_FALSE(p.stats.crlf);
}

TEST_CASE("CRLF, CR-only and a missing final line break", "[csv_reader]") {
  auto crlf = read("a,b\r\n1,2\r\n3,4");
  CHECK(crlf.records == rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
  CHECK(crlf.stats.crlf);
  auto cr = read("a,b\r1,2\r3,4\r");
  CHECK(cr.records == rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
  CHECK(cr.stats.cr_only);
  auto lf_end_cr = read("a,b\n1,2\r");
  CHECK(lf_end_cr.records == rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("bare CRs in an LF or CRLF file end lines, except inside quotes", "[csv_reader]") {
  // Five good rows: CRLF, a bare CR, a bare CR after a quoted field with a CR inside it.
  const std::string text = "id,name\r\n1,a\r2,b\r\n3,\"c\rd\"\r4,d\r\n5,e\r\n";
  const rows expected{{"id", "name"}, {"1", "a"}, {"2", "b"}, {"3", "c\rd"}, {"4", "d"}, {"5", "e"}};
  CHECK(read(text).records == expected);
  // Cut everywhere, a CR at the end of a piece is not taken for a bare CR before its LF arrives.
  for (std::size_t cut = 1; cut < text.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK(read(text, {cut}).records == expected);
  }
  auto lf = read("a,b\n1,2\r3,4\n\r\n5,6");
  CHECK(lf.records == rows{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}});  // the empty line is skipped
}

TEST_CASE("a UTF-8 byte order mark is dropped", "[csv_reader]") {
  auto p = read("\xEF\xBB\xBFID,名称\r\n1,货\r\n");
  CHECK(p.stats.bom);
  CHECK(p.records == rows{{"ID", "名称"}, {"1", "货"}});
}

TEST_CASE("quoted fields: delimiters, doubled quotes, line breaks", "[csv_reader]") {
  auto p = read("id,addr,note\n1,\"深圳, 南山\",\"he said \"\"hi\"\"\"\n2,\"two\nlines\",\"crlf\r\ninside\"\n3,\"\",x\n");
  REQUIRE(p.records.size() == 4);
  CHECK(p.records[1] == std::vector<std::string>{"1", "深圳, 南山", "he said \"hi\""});
  CHECK(p.records[2] == std::vector<std::string>{"2", "two\nlines", "crlf\r\ninside"});
  CHECK(p.records[3] == std::vector<std::string>{"3", "", "x"});
  CHECK(p.rows == std::vector<std::size_t>{1, 2, 3, 4});
  CHECK(p.lines == std::vector<std::size_t>{1, 2, 3, 6});  // row 3 holds two line breaks
}

TEST_CASE("quoted fields in a CRLF file, quotes at the line end", "[csv_reader]") {
  auto p = read("a,b\r\n\"x\",\"y\"\r\n\"1\r\n2\",\"\"\"\"\r\n");
  CHECK(p.records == rows{{"a", "b"}, {"x", "y"}, {"1\r\n2", "\""}});
}

TEST_CASE("empty fields and a trailing delimiter", "[csv_reader]") {
  auto p = read("a,b,c\n,,\n1,,\n,\"\",3\n");
  CHECK(p.records == rows{{"a", "b", "c"}, {"", "", ""}, {"1", "", ""}, {"", "", "3"}});
}

TEST_CASE("empty lines are skipped but keep their row numbers", "[csv_reader]") {
  auto p = read("a,b\n\n1,2\r\n\r\n3,4\n\n\n");
  CHECK(p.records == rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
  CHECK(p.rows == std::vector<std::size_t>{1, 3, 5});
  CHECK(p.stats.blank_lines == 4);
}

TEST_CASE("tab and semicolon delimiters are detected", "[csv_reader]") {
  auto tsv = read("运单号\t签收时间\tnote\nA1\t2026-10-03 09:05\ta,b\n");
  CHECK(tsv.stats.delimiter == '\t');
  CHECK(tsv.records[1] == std::vector<std::string>{"A1", "2026-10-03 09:05", "a,b"});
  auto semi = read("a;b;c\n1,5;2;3\n");
  CHECK(semi.stats.delimiter == ';');
  CHECK(semi.records[1] == std::vector<std::string>{"1,5", "2", "3"});
  auto quoted_commas = read("\"a,b\";\"c,d\";e\n1;2;3\n");
  CHECK(quoted_commas.stats.delimiter == ';');
  auto one_column = read("id\n1\n2\n");
  CHECK(one_column.stats.delimiter == ',');
  CHECK(one_column.records == rows{{"id"}, {"1"}, {"2"}});
  auto forced = read("a,b;c\n", {}, csv_options{';'});
  CHECK(forced.records == rows{{"a,b", "c"}});
}

TEST_CASE("ragged rows are delivered and counted", "[csv_reader]") {
  auto p = read("a,b,c\n1,2\n1,2,3,4\n1,2,3\n");
  CHECK(p.records.size() == 4);
  CHECK(p.records[1].size() == 2);
  CHECK(p.records[2].size() == 4);
  CHECK(p.stats.ragged_rows == 2);
  CHECK(p.stats.header_fields == 3);
}

TEST_CASE("text after a closing quote and quotes inside plain fields are kept", "[csv_reader]") {
  auto p = read("a,b\n\"x\"y,5\"2\n");
  CHECK(p.records[1] == std::vector<std::string>{"xy", "5\"2"});
  CHECK(p.stats.stray_quote_rows == 1);
}

TEST_CASE("a quote left open runs to the end and is reported", "[csv_reader]") {
  auto p = read("a,b\n1,\"open\n2,3\n");
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[1] == std::vector<std::string>{"1", "open\n2,3\n"});
  CHECK(p.stats.unclosed_quote_row == 2);
}

TEST_CASE("a record longer than the limit stops the reader with the row", "[csv_reader]") {
  csv_options o;
  o.max_record_bytes = 1 << 20;
  std::string input = "a,b\n1,\"" + std::string(3 << 20, 'x');
  parsed p;
  csv_reader reader([&](const csv_record&) {}, o);
  for (std::size_t i = 0; i < input.size(); i += 65536) reader.feed(std::string_view(input).substr(i, 65536));
  REQUIRE(reader.failed());
  CHECK(reader.error().where == "row 2");
  CHECK(reader.error().message.find("longer than 1 MB") != std::string::npos);
}

TEST_CASE("a record over the limit says why: binary data, a long line or an open quote", "[csv_reader]") {
  csv_options o;
  o.max_record_bytes = 1 << 20;
  auto stop = [&](const std::string& input) {
    csv_reader reader([&](const csv_record&) {}, o);
    for (std::size_t i = 0; i < input.size() && !reader.failed(); i += 65536) reader.feed(std::string_view(input).substr(i, 65536));
    REQUIRE(reader.failed());
    return reader.error();
  };
  // A file of NUL bytes (/dev/zero, a disk image) is not a table, and has no quote at all.
  input_error binary = stop(std::string(3 << 20, '\0'));
  CHECK(binary.key == "error_binary");
  CHECK(binary.where == "row 1");
  CHECK(binary.message.find("NUL") != std::string::npos);
  // One line of 3 MB with no quote: its line number, and no word about quotes.
  input_error line = stop("a,b\n1,2\n" + std::string(3 << 20, 'x'));
  CHECK(line.key == "error_line_too_long");
  CHECK(line.message == "line 3 is longer than 1 MB with no line break; this is not a row of a text table");
  // The unclosed quote keeps its message, also when the layout is still being detected.
  CHECK(stop("\"" + std::string(3 << 20, 'x')).key == "error_unclosed_quote_long");
  CHECK(stop("a,b\n1,\"" + std::string(3 << 20, 'x')).key == "error_unclosed_quote_long");
}

TEST_CASE("every chunk boundary gives the same records", "[csv_reader]") {
  // Quoted fields with delimiters and line breaks, CRLF, a BOM, multi-byte characters.
  const std::string input =
      "\xEF\xBB\xBF运单号,运输方式,备注\r\n"
      "SF001,陆运,\"深圳, 南山\"\r\n"
      "SF002,空运,\"多行\r\n备注 \"\"引号\"\"\"\r\n"
      "\r\n"
      "SF003,海运,\r\n"
      "SF004,\"陆运\",末行";
  auto whole = read(input);
  REQUIRE(whole.records.size() == 5);
  CHECK(whole.records[2][2] == "多行\r\n备注 \"引号\"");
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    auto p = read(input, {cut});
    INFO("cut at byte " << cut);
    REQUIRE(p.records == whole.records);
    REQUIRE(p.rows == whole.rows);
    REQUIRE(p.lines == whole.lines);
  }
  for (std::size_t a = 0; a <= input.size(); a += 3)
    for (std::size_t b = a; b <= input.size(); b += 2) {
      auto p = read(input, {a, b});
      INFO("cuts at " << a << " and " << b);
      REQUIRE(p.records == whole.records);
    }
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < input.size(); ++i) every.push_back(i);
  CHECK(read(input, every).records == whole.records);
}

TEST_CASE("every chunk boundary in a TSV with LF and CR-only files", "[csv_reader]") {
  for (const std::string& input : {std::string("a\tb\n\"x\ty\"\t2\n3\t\"\"\"\"\n"), std::string("a,b\r1,\"x\ry\"\r2,3\r")}) {
    auto whole = read(input);
    REQUIRE(whole.records.size() == 3);
    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
      INFO("cut at byte " << cut);
      REQUIRE(read(input, {cut}).records == whole.records);
    }
  }
}

TEST_CASE("leading empty lines wait for a record before the delimiter is chosen", "[csv_reader]") {
  // Found by fuzz/csv_reader_fuzz.cpp: a chunk of empty lines alone used to fix the delimiter.
  const std::string input = "\n\n\na;b\n1;2";
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    auto p = read(input, {cut});
    INFO("cut at " << cut);
    REQUIRE(p.stats.delimiter == ';');
    REQUIRE(p.records == rows{{"a", "b"}, {"1", "2"}});
    REQUIRE(p.rows == std::vector<std::size_t>{4, 5});
  }
}

TEST_CASE("runs of quotes and delimiters at the end of the input", "[csv_reader]") {
  // Found by fuzz/csv_reader_fuzz.cpp: a field left empty after a delimiter at the very end
  // inherited the previous field's kind and was unescaped from before its start.
  const std::string input = "\"\"\"\"\";;\"\"\"\"\";";
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    auto p = read(input, {cut});
    INFO("cut at " << cut);
    REQUIRE(p.records == rows{{"\"\";;\"\"", ""}});
  }
  CHECK(read("a,b\n\"x\",").records == rows{{"a", "b"}, {"x", ""}});
  CHECK(read("a,b\n\"x\"\"\",\"").records == rows{{"a", "b"}, {"x\"", ""}});
}
