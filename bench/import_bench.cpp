// The native half of scripts/bench: imports one record file in chunks the way the CLI does,
// and prints one JSON line with the wall time, throughput, peak memory and the derived
// measures (so other implementations can be checked against the same numbers).
// Usage: starsheet_bench FILE [--kind shipments|inquiries] [--chunk-mb N] [--encoding E]
//                             [--period-end YYYY-MM-DD] [--decode-only]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "decode.h"
#include "default_import_rules.h"
#include "default_rules.h"
#include "failing_report.h"
#include "import.h"
#include "period.h"
#include "record_files.h"
#include "recovery.h"
#include "rules.h"

using namespace starsheet;

namespace {

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux reports KB
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: starsheet_bench FILE [--kind K] [--chunk-mb N] [--encoding E] [--period-end DATE] [--decode-only]\n";
    return 2;
  }
  std::string path = argv[1], kind_name = "shipments", encoding = "auto", period_end;
  std::size_t chunk_mb = 4;
  bool decode_only = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--kind") kind_name = next();
    else if (a == "--chunk-mb") chunk_mb = std::stoul(next());
    else if (a == "--encoding") encoding = next();
    else if (a == "--period-end") period_end = next();
    else if (a == "--decode-only") decode_only = true;
  }
  auto start = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  std::string out;
  if (decode_only) {
    // Only the iconv step, to measure what decoding costs on its own.
    shell::iconv_decoder dec(encoding.c_str());
    if (!dec.ok()) return std::cerr << "iconv cannot decode " << encoding << "\n", 2;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) return std::cerr << path << ": cannot read the file\n", 2;
    std::vector<char> buf(chunk_mb << 20);
    std::size_t n, decoded = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
      bytes += n;
      decoded += dec.decode({buf.data(), n}).size();
    }
    decoded += dec.decode({}, true).size();
    out = "\"decoded_bytes\":" + std::to_string(decoded) + ",\"replaced\":" + std::to_string(dec.replaced());
  } else {
    auto rules = load_import_rules(default_import_rules_json());
    if (!rules) return std::cerr << "import rules: " << rules.error().message << "\n", 2;
    import_options options;
    // As the CLI and the page import: with the service-recovery delay bands of the built-in pack.
    auto pack = load_rules(default_rules_json());
    if (!pack) return std::cerr << "rules: " << pack.error().message << "\n", 2;
    options.recovery = recovery_targets_of(*pack);
    options.slow = slow_limits_of(*pack, *rules);
    if (!period_end.empty()) {
      auto day = parse_iso_date(period_end);
      if (!day) return std::cerr << "--period-end expects YYYY-MM-DD\n", 2;
      options.period_end = (static_cast<std::int64_t>(*day) + 1) * seconds_per_day;
    }
    shell::record_file_options fo;
    fo.encoding = encoding;
    fo.chunk_bytes = chunk_mb << 20;
    auto kind = record_kind_from(kind_name).value_or(record_kind::shipments);
    auto file = shell::import_record_file(path, kind, *rules, options, fo);
    if (!file) return std::cerr << path << ": " << file.error().where << " " << file.error().message << "\n", 2;
    bytes = file->summary.csv.bytes;
    if (file->encoding != "UTF-8") {
      std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
      std::fseek(f.get(), 0, SEEK_END);
      bytes = static_cast<std::size_t>(std::ftell(f.get()));
    }
    out = "\"encoding\":\"" + file->encoding + "\",\"rows\":" + std::to_string(file->summary.rows_read) +
          ",\"problems\":" + std::to_string(file->summary.problems_total) + ",\"measures\":{";
    bool first = true;
    for (const auto& [p, v] : file->summary.measures) {
      out += (first ? "" : ",") + std::string("\"") + p + "\":\"" + v.str() + "\"";
      first = false;
    }
    out += "}";
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"implementation\":\"native\",\"file_bytes\":%zu,\"seconds\":%.4f,\"mb_per_s\":%.1f,\"peak_rss_mb\":%.1f,%s}\n",
              bytes, secs, static_cast<double>(bytes) / 1e6 / secs, peak_rss_mb(), out.c_str());
  return 0;
}
