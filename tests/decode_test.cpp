// The native shell's decoding (iconv) and file import, on the encoded fixtures that
// tests/fixtures/records/make-fixtures.sh writes from their UTF-8 sources.
#include "decode.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "default_import_rules.h"
#include "encoding.h"
#include "record_files.h"

using namespace starsheet;

namespace {

const std::string fixtures = STARSHEET_SOURCE_DIR "/tests/fixtures/records/";

std::string slurp(const std::string& path) { return starsheet::test::read_file(path); }

const import_rules& rules() {
  static const import_rules r = *load_import_rules(default_import_rules_json());
  return r;
}

rational m(const imported_file& f, const std::string& name) { return f.summary.measures.at("/measures/" + name); }

std::string crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("the encoding is detected from the first bytes", "[decode]") {
  CHECK(detect_encoding(slurp(fixtures + "cn-shipments-gbk.csv")) == text_encoding::gb18030);
  CHECK(detect_encoding(slurp(fixtures + "cn-shipments-gb18030.csv")) == text_encoding::gb18030);
  CHECK(detect_encoding(slurp(fixtures + "cn-inquiries-utf16.tsv")) == text_encoding::utf16le);
  CHECK(detect_encoding(slurp(fixtures + "cn-shipments.utf8.csv")) == text_encoding::utf8);
  CHECK(detect_encoding("\xEF\xBB\xBFID") == text_encoding::utf8);
  CHECK(detect_encoding("\xFE\xFF\x00I") == text_encoding::utf16be);
  CHECK(detect_encoding(std::string("I\0D\0,\0x\0", 8)) == text_encoding::utf16le);
  CHECK(detect_encoding("运单号,\xE8\xBF") == text_encoding::utf8);  // a character cut at the end
  CHECK_FALSE(is_valid_utf8("\xE8\xBF", false));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF", true));  // overlong
  CHECK(encoding_name(text_encoding::gb18030) == "GB18030");
}

TEST_CASE("iconv decodes GB18030 and UTF-16 split at every byte", "[decode]") {
  struct sample {
    std::string file, source, from;
  };
  for (const auto& s : {sample{"cn-shipments-gbk.csv", "cn-shipments.utf8.csv", "GB18030"},
                        sample{"cn-shipments-gb18030.csv", "cn-shipments-gb18030.utf8.csv", "GB18030"},
                        sample{"cn-inquiries-utf16.tsv", "cn-inquiries.utf8.tsv", "UTF-16LE"}}) {
    std::string bytes = slurp(fixtures + s.file);
    std::string want = crlf(slurp(fixtures + s.source));
    if (s.from == "UTF-16LE") want = "\xEF\xBB\xBF" + want;  // the BOM decodes to U+FEFF
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
      shell::iconv_decoder d(s.from.c_str());
      REQUIRE(d.ok());
      std::string got(d.decode(std::string_view(bytes).substr(0, cut)));
      got += d.decode(std::string_view(bytes).substr(cut));
      got += d.decode({}, true);
      INFO(s.file << " cut at " << cut);
      REQUIRE(got == want);
      REQUIRE(d.replaced() == 0);
    }
  }
}

TEST_CASE("bytes that are not GB18030 become U+FFFD and are counted", "[decode]") {
  shell::iconv_decoder d("GB18030");
  std::string got(d.decode("A\xFF" "B"));
  got += d.decode("\x81", true);  // a lead byte with nothing after it
  CHECK(got == "A\xEF\xBF\xBD" "B\xEF\xBF\xBD");
  CHECK(d.replaced() == 2);
}

TEST_CASE("a GBK CRLF Excel-dated export with Chinese headers imports with no mapping", "[decode]") {
  import_options o;
  o.period_end = (*days_from_civil(2026, 10, 31) + 1) * seconds_per_day;
  shell::record_file_options fo;
  fo.chunk_bytes = 7;  // cuts through two-byte characters and CRLFs
  auto f = shell::import_record_file(fixtures + "cn-shipments-gbk.csv", record_kind::shipments, rules(), o, fo);
  REQUIRE(f);
  CHECK(f->encoding == "GB18030");
  CHECK(f->summary.csv.crlf);
  CHECK(f->summary.mapping.columns.size() == 8);
  CHECK(m(*f, "orders_total") == rational(9));
  CHECK(m(*f, "orders_on_time") == rational(5));
  CHECK(m(*f, "goods_intact") == rational(4));
  CHECK(f->summary.problems.at(0).header == "出库时间");

  auto gb = shell::import_record_file(fixtures + "cn-shipments-gb18030.csv", record_kind::shipments, rules(), {}, fo);
  REQUIRE(gb);
  CHECK(m(*gb, "orders_total") == rational(2));
  CHECK(m(*gb, "orders_on_time") == rational(1));
  CHECK(m(*gb, "transit/land/days_total") == rational(5));
  CHECK(gb->summary.flags.empty());

  auto q = shell::import_record_file(fixtures + "cn-inquiries-utf16.tsv", record_kind::inquiries, rules(), {}, fo);
  REQUIRE(q);
  CHECK(q->encoding == "UTF-16LE");
  CHECK(m(*q, "first_reply_minutes_total") == rational(105));
  CHECK(m(*q, "problems_resolved") == rational(3));

  auto missing = shell::import_record_file(fixtures + "no-such.csv", record_kind::shipments, rules(), {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "cannot read the file");
}

TEST_CASE("a JSON file saved as UTF-16 or with a UTF-8 BOM is read as UTF-8", "[decode]") {
  const std::string utf8 = "{\"provider\":\"华运\"}";
  // 华 U+534E, 运 U+8FD0, as Notepad writes them: UTF-16LE with a BOM.
  std::string le = "\xFF\xFE";
  for (char c : std::string("{\"provider\":\"")) le += c, le += '\0';
  le += "\x4E\x53\xD0\x8F";
  for (char c : std::string("\"}")) le += c, le += '\0';
  auto decoded = shell::json_text_as_utf8(le);
  REQUIRE(decoded);
  CHECK(*decoded == utf8);
  CHECK(*shell::json_text_as_utf8(le.substr(2)) == utf8);  // without its BOM, detected by the zero bytes
  CHECK(*shell::json_text_as_utf8("\xEF\xBB\xBF" + utf8) == utf8);
  // A lone low surrogate is not UTF-16: the error says so rather than a JSON error later.
  auto broken = shell::json_text_as_utf8(le.substr(0, le.size() - 4) + std::string("\x00\xDC\x7D\x00", 4));
  REQUIRE(!broken);
  CHECK(broken.error().message == "the file looks like UTF-16LE but 1 byte sequences are not UTF-16LE; save it as UTF-8");
}

TEST_CASE("a small file is read with a cap, and named when it is a directory or empty", "[decode]") {
  auto rules = load_import_rules(default_import_rules_json());
  REQUIRE(rules);
  auto said = [&](const std::string& path, const input_error& e, lang l) { return shell::in_file(path, e, *rules, l).message; };
  auto dir = shell::read_small_file(STARSHEET_SOURCE_DIR "/tests", shell::small_file::period);
  REQUIRE(!dir);
  CHECK(dir.error().key == "file_is_directory");
  CHECK(said("tests", dir.error(), lang::en) == "tests: is a directory, not a file");
  CHECK(said("tests", dir.error(), lang::zh) == "tests: 这是一个文件夹，不是文件");
  auto zero = shell::read_small_file("/dev/zero", shell::small_file::period);
  REQUIRE(!zero);
  CHECK(zero.error().message == "the file is larger than 16 MiB, the limit for a period file");
  CHECK(said("/dev/zero", zero.error(), lang::zh) == "/dev/zero: 文件大于 16 MiB，超出了期间数据文件的上限");
  auto empty = shell::read_small_file("/dev/null", shell::small_file::mapping);
  REQUIRE(!empty);
  CHECK(said("/dev/null", empty.error(), lang::en) == "/dev/null: the file is empty (expected a mapping file)");
  CHECK(said("/dev/null", empty.error(), lang::zh) == "/dev/null: 文件是空的（应为映射文件）");
  CHECK(said("-", shell::read_small_file("/no/such", shell::small_file::rule_pack).error(), lang::en) ==
        "standard input: cannot read the file");
}
