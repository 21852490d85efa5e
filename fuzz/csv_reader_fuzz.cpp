// libFuzzer target for the CSV reader: any bytes, cut into chunks at places the input itself
// chooses, must give exactly the records of the same bytes fed whole, never crash, and keep
// every view inside the record. Built and run by scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "encoding.h"

namespace {

struct out {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> rows;
  starsheet::csv_stats stats;
};

out read(std::string_view data, const std::vector<std::size_t>& cuts, char delimiter) {
  out o;
  starsheet::csv_options opt;
  opt.delimiter = delimiter;
  opt.max_record_bytes = 1 << 16;
  starsheet::csv_reader r(
      [&](const starsheet::csv_record& rec) {
        o.records.emplace_back(rec.fields->begin(), rec.fields->end());
        o.rows.push_back(rec.row);
      },
      opt);
  std::size_t from = 0;
  for (std::size_t c : cuts) {
    if (c < from || c > data.size()) continue;
    r.feed(data.substr(from, c - from));
    from = c;
  }
  r.feed(data.substr(from));
  r.finish();
  o.stats = r.stats();
  if (r.failed()) o.records.clear();
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size < 3) return 0;
  // The first bytes choose the cuts and the delimiter; the rest is the file.
  std::vector<std::size_t> cuts;
  std::string_view data(reinterpret_cast<const char*>(bytes) + 3, size - 3);
  std::size_t step = 1 + bytes[0] % 64;
  for (std::size_t c = bytes[1] % (data.size() + 1); c < data.size(); c += step) cuts.push_back(c);
  const char delimiters[] = {0, ',', '\t', ';'};
  char delim = delimiters[bytes[2] % 4];
  out whole = read(data, {}, delim);
  out split = read(data, cuts, delim);
  if (whole.records != split.records || whole.rows != split.rows) std::abort();
  (void)starsheet::detect_encoding(data);
  return 0;
}
