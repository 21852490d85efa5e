#include "import.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "import_tallies.h"
#include "text_hash.h"

namespace starsheet {

namespace {

using import_detail::late_parcels;
using import_detail::tallies;
using import_detail::undelivered;

// Field slots, in the order of the pack's fields (import_rules.cpp checks the order).
enum shipment_field : std::size_t {
  s_order_id, s_mode, s_shipped, s_delivered, s_promised, s_status, s_exception_opened, s_exception_closed,
  s_transit_days, s_promised_days, s_late, s_on_time, s_order_status, s_freight, shipment_fields
};
enum inquiry_field : std::size_t { q_inquiry_id, q_asked, q_reply, q_resolved, inquiry_fields };
constexpr std::size_t max_fields = shipment_fields;
constexpr std::size_t no_column = std::numeric_limits<std::size_t>::max();
constexpr std::size_t text_cut = 80;

// The few helpers called per row or per cell, inlined whatever the build's inlining settings
// (the wasm build's global -Oz adds -fno-inline-functions to every file).
#if defined(__GNUC__)
#define STARSHEET_PER_ROW inline __attribute__((always_inline))
#else
#define STARSHEET_PER_ROW inline
#endif

// Duplicate ids, found without a hash table: each id is kept as a 64-bit hash and its row,
// appended in row order to one of 256 lists chosen by the hash's top bits (a list's open block
// stays in cache, so this costs next to nothing per row). At the end each list, about 1/256 of
// the ids and small enough for the cache, is sorted by hash, so equal hashes sit together,
// earliest row first; the lists are taken in order, so duplicates come out in hash order. A
// table probed once per row would miss the cache and the TLB on nearly every row of a large
// file. Exact up to a 64-bit hash collision (about 1 in 10^7 at a million ids) for the first
// `max_ids` ids; ids after those are not checked, and the report says so. Memory: 12 bytes an
// id in fixed-size blocks that never move (a single array copied itself at every doubling and
// needed a second one to sort into: in wasm, where new memory is dear, a large part of the
// import).
class id_list {
 public:
  explicit id_list(std::size_t max_ids) : max_ids_(max_ids), lists_(256) {}

  /// Keeps the id's hash `h` and its row; false once the list is full (the id is not checked).
  STARSHEET_PER_ROW bool add(std::uint64_t h, std::size_t row) {
    if (size_ >= max_ids_) {
      full_ = true;
      return false;
    }
    list& l = lists_[h >> 56];
    if (l.open == block_entries) {
      if (chunk_blocks_used_ == chunk_blocks) {
        chunks_.emplace_back(new entry[chunk_blocks * block_entries]);
        chunk_blocks_used_ = 0;
      }
      l.blocks.push_back(chunks_.back().get() + chunk_blocks_used_++ * block_entries);
      l.open = 0;
    }
    l.blocks.back()[l.open++] = {static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(row)};
    ++size_;
    return true;
  }
  std::size_t size() const { return size_; }
  bool full() const { return full_; }

  /// Calls on_duplicate(row, first_row) for every row whose id appeared in an earlier row,
  /// and frees the list.
  template <class F>
  void find_duplicates(F on_duplicate) {
    std::vector<entry> taken, sorted;
    std::vector<std::uint32_t> sub;
    for (list& l : lists_) {
      if (l.blocks.empty()) continue;
      std::size_t size = (l.blocks.size() - 1) * block_entries + l.open;
      taken.clear();
      for (std::size_t b = 0; b < l.blocks.size(); ++b)
        taken.insert(taken.end(), l.blocks[b], l.blocks[b] + (b + 1 < l.blocks.size() ? block_entries : l.open));
      l = list{};
      // A stable counting sort by the hash's next bits; the last few entries that share
      // those bits are put in order one by one.
      int bits = 0;
      while (bits < 16 && (std::size_t{1} << bits) < size) ++bits;
      sub.assign((std::size_t{1} << bits) + 1, 0);
      auto digit = [bits](std::uint64_t h) { return bits ? static_cast<std::size_t>((h >> (56 - bits)) & ((1u << bits) - 1)) : 0; };
      for (const auto& e : taken) ++sub[digit(e.hash()) + 1];
      for (std::size_t i = 1; i < sub.size(); ++i) sub[i] += sub[i - 1];
      sorted.resize(size);
      for (const auto& e : taken) sorted[sub[digit(e.hash())]++] = e;
      // Insertion sort by hash (stable: equal hashes keep row order); runs are tiny here.
      for (std::size_t i = 1; i < size; ++i) {
        entry e = sorted[i];
        std::size_t j = i;
        for (; j > 0 && sorted[j - 1].hash() > e.hash(); --j) sorted[j] = sorted[j - 1];
        sorted[j] = e;
      }
      std::size_t run = 0;  // the earliest row of the current hash
      for (std::size_t i = 1; i < size; ++i) {
        if (sorted[i].hash() == sorted[run].hash()) on_duplicate(sorted[i].row, sorted[run].row);
        else run = i;
      }
    }
    chunks_.clear();
    chunk_blocks_used_ = chunk_blocks;
    size_ = 0;
  }

  STARSHEET_PER_ROW static std::uint64_t hash(std::string_view s) { return text_hash(s); }

 private:
  // 12 bytes, not 16: a 64-bit member would pad the entry. Every new page of memory costs
  // (about 11 µs a page on the reference VM), and the list is most of the importer's memory.
  struct entry {
    std::uint32_t hash_high, hash_low, row;
    std::uint64_t hash() const { return std::uint64_t{hash_high} << 32 | hash_low; }
  };
  // 6 KB a block: the 256 open blocks together stay in cache, and the last blocks' unused
  // room is at most 1.5 MB. Blocks are cut from 768 KB chunks: one allocation per block cost
  // more than the ids themselves with the page's small allocator.
  static constexpr std::size_t block_entries = 512, chunk_blocks = 128;
  struct list {
    std::vector<entry*> blocks;
    std::size_t open = block_entries;  // entries in the last block
  };
  std::vector<std::unique_ptr<entry[]>> chunks_;
  std::size_t chunk_blocks_used_ = chunk_blocks;
  std::size_t size_ = 0;
  std::size_t max_ids_;
  std::vector<list> lists_;
  bool full_ = false;
};

// Reads cells of a field with a value list. Real columns repeat a handful of values, so the
// raw bytes of the first distinct values are cached and normalization runs once per value. The
// cache is a plain array of short byte strings: compared through std::string and std::vector
// it cost several calls per entry in wasm, where this file is built without inlining.
class value_reader {
 public:
  static constexpr int empty = -2, unknown = -1;

  void setup(const std::vector<std::string>* ids, const std::map<std::string, std::string>* pack,
             const std::map<std::string, std::string>* user) {
    ids_ = ids;
    pack_ = pack;
    user_ = user;
  }
  STARSHEET_PER_ROW int read(std::string_view cell) {
    for (std::size_t i = 0; i < cached_; ++i)
      if (same_text({cache_[i].bytes, cache_[i].size}, cell)) return cache_[i].code;
    int code = lookup(cell);
    if (cached_ < cache_.size() && cell.size() <= sizeof cache_[0].bytes) {  // a longer cell is looked up each time
      cached_value& c = cache_[cached_++];
      std::memcpy(c.bytes, cell.data(), cell.size());
      c.size = static_cast<std::uint8_t>(cell.size());
      c.code = code;
    }
    return code;
  }
  const std::string& id(int code) const { return (*ids_)[static_cast<std::size_t>(code)]; }
  int code_of(std::string_view id) const {
    for (std::size_t i = 0; i < ids_->size(); ++i)
      if ((*ids_)[i] == id) return static_cast<int>(i);
    return unknown;
  }

 private:
  int lookup(std::string_view cell) const {
    std::string key = normalize_key(cell);
    if (key.empty()) return empty;
    const std::string* canon = nullptr;
    if (user_)
      if (auto it = user_->find(key); it != user_->end()) canon = &it->second;
    if (!canon)
      if (auto it = pack_->find(key); it != pack_->end()) canon = &it->second;
    return canon ? code_of(*canon) : unknown;
  }
  const std::vector<std::string>* ids_ = nullptr;
  const std::map<std::string, std::string>* pack_ = nullptr;
  const std::map<std::string, std::string>* user_ = nullptr;
  struct cached_value {
    char bytes[47];
    std::uint8_t size;
    int code;
  };
  std::array<cached_value, 32> cache_;
  std::size_t cached_ = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A number of days ≥ 0 in millionths ("5", "2.5"); nullopt if it is not one.
std::optional<std::int64_t> parse_micro_days(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 15) return std::nullopt;
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  std::size_t i = 0, digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) whole = whole * 10 + (s[i] - '0');
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (frac_digits == 6) return std::nullopt;  // finer than a millionth of a day: not a day count
      frac = frac * 10 + (s[i] - '0');
      ++frac_digits;
    }
  }
  if (i != s.size() || digits == 0) return std::nullopt;
  for (int k = frac_digits; k < 6; ++k) frac *= 10;
  return whole * 1000000 + frac;
}

const char* why_of(date_problem p) {
  switch (p) {
    case date_problem::no_such_date: return "why_no_such_date";
    case date_problem::bad_time: return "why_bad_time";
    case date_problem::order_conflict: return "why_order_conflict";
    case date_problem::empty: return "why_empty";
    default: return "why_not_a_date";
  }
}

std::string cut(std::string_view s) {
  if (s.size() <= text_cut) return std::string(s);
  std::size_t n = text_cut;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // whole UTF-8 characters
  return std::string(s.substr(0, n)) + "…";
}

// A plain decimal with 16 or more significant digits and more than 6 decimals is a binary
// float written out in full ("87.01000000000001", how Excel and many TMS store 87.01): the text
// of its 15 significant digits, which is what the spreadsheet showed. Else nullopt.
std::optional<std::string> excel_rounded(std::string_view s) {
  std::size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || s.size() - dot - 1 <= 6) return std::nullopt;
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == dot) continue;
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    digits += s[i];
  }
  std::size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos || digits.size() - lead < 16) return std::nullopt;
  // Round half up at the 15th significant digit, carrying to the left.
  std::size_t keep = lead + 15;
  bool up = digits[keep] >= '5';
  digits.resize(keep);
  for (std::size_t i = keep; up && i-- > 0;) {
    if (digits[i] == '9') digits[i] = '0';
    else digits[i] = static_cast<char>(digits[i] + 1), up = false;
  }
  std::size_t int_digits = dot;
  if (up) digits.insert(digits.begin(), '1'), ++int_digits;
  while (digits.size() < int_digits) digits += '0';
  std::string out = digits.substr(0, int_digits);
  std::string frac = digits.substr(int_digits);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return out;
}

// An amount of money ≥ 0 in millionths, as spreadsheets and TMS exports write it: a currency
// sign or code before or after ("$12.50", "¥1,280", "12.50 USD", "35元"); thousands grouped by
// ',' '.' or ' ' in groups of three; the decimal mark is the last of ',' and '.' when both
// occur, a lone '.', or a lone ',' not followed by exactly three digits ("12,5" but "1,280").
// At most 6 decimals and below 10^12; nullopt if it is not such an amount.
std::optional<std::int64_t> parse_micro_amount(std::string_view s) {
  s = trim(s);
  static constexpr std::string_view signs[] = {"US$", "$", "¥", "￥", "€", "£", "元", "USD", "CNY", "RMB", "EUR", "GBP"};
  for (bool again = true; again;) {
    again = false;
    for (auto sign : signs) {
      if (s.size() >= sign.size() && s.substr(0, sign.size()) == sign) s = trim(s.substr(sign.size())), again = true;
      if (s.size() >= sign.size() && s.substr(s.size() - sign.size()) == sign)
        s = trim(s.substr(0, s.size() - sign.size())), again = true;
    }
  }
  if (s.empty() || s.size() > 32) return std::nullopt;
  std::string rounded;
  if (auto r = excel_rounded(s)) rounded = std::move(*r), s = rounded;
  auto count = [&](char c) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), c)); };
  std::size_t commas = count(','), dots = count('.');
  char decimal = 0, thousands = ' ';
  if (commas && dots) {
    decimal = s.rfind(',') > s.rfind('.') ? ',' : '.';
    thousands = decimal == ',' ? '.' : ',';
  } else if (dots) {
    (dots == 1 ? decimal : thousands) = '.';
  } else if (commas) {
    (commas == 1 && s.size() - s.find(',') - 1 != 3 ? decimal : thousands) = ',';
  }
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0, group = 0;  // digits in the current group of the whole part
  bool grouped = false, in_frac = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (in_frac) {
        if (++frac_digits > 6) return std::nullopt;
        frac = frac * 10 + (c - '0');
      } else {
        whole = whole * 10 + (c - '0');
        if (whole >= 1000000000000) return std::nullopt;
        ++group;
      }
    } else if (!in_frac && (c == thousands || c == ' ')) {
      if (group == 0 || (grouped ? group != 3 : group > 3)) return std::nullopt;
      grouped = true;
      group = 0;
    } else if (!in_frac && c == decimal) {
      if (group == 0 && grouped) return std::nullopt;
      in_frac = true;
      if (grouped && group != 3) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (!in_frac && (group == 0 || (grouped && group != 3))) return std::nullopt;
  if (in_frac && frac_digits == 0 && group == 0) return std::nullopt;
  for (int k = frac_digits; k < 6; ++k) frac *= 10;
  return whole * 1000000 + frac;
}

// Which ids may have been seen before, before the file ends (the id list knows only then): a
// Bloom filter of two bits an id, both in one 64-bit word, 16 bits an id for the first `max_ids`
// ids (import rules quality_duplicate_ids), so that about 1 id in 70 is a false "maybe". A row
// whose id may be a duplicate keeps its tallies aside until the end says. Small enough to stay
// in the cache: a table for a million ids (4 MB) missed it on nearly every row and cost a third
// of the import; past its ids, duplicates are counted but not re-scored. Allocated at the first id.
class seen_filter {
 public:
  explicit seen_filter(std::size_t max_ids) : max_ids_(max_ids) {
    while (bits_ < max_ids * 16) bits_ <<= 1;
  }
  /// Whether the filter still takes ids.
  bool open() const { return added_ < max_ids_; }
  /// Whether the hash may have been added before; adds it. Only while open().
  STARSHEET_PER_ROW bool test_and_add(std::uint64_t h) {
    if (words_.empty()) words_.assign(bits_ / 64, 0);
    ++added_;
    std::uint64_t& word = words_[static_cast<std::size_t>(h) & (bits_ / 64 - 1)];
    std::uint64_t mask = (std::uint64_t{1} << ((h >> 40) & 63)) | (std::uint64_t{1} << ((h >> 46) & 63));
    bool seen = (word & mask) == mask;
    word |= mask;
    return seen;
  }

 private:
  std::size_t max_ids_, added_ = 0, bits_ = 64;
  std::vector<std::uint64_t> words_;
};

// Data-quality findings, one bit each in a row's findings.
enum class finding : std::uint8_t {
  delivered_before_shipped,
  promised_before_shipped,
  closed_before_opened,
  reply_before_asked,
  implausible_transit,
  outside_period,
  duplicate_id,
  delivered_at_midnight,  // file-level: most delivery times at 00:00
  delivered_at_eight,     // file-level: most delivery times at 08:00
  count
};
constexpr std::size_t findings = static_cast<std::size_t>(finding::count);
constexpr std::array<const char*, findings> finding_ids = {
    "delivered_before_shipped", "promised_before_shipped", "closed_before_opened",
    "reply_before_asked",       "implausible_transit",     "outside_period",
    "duplicate_id",             "delivered_at_midnight",   "delivered_at_eight"};
constexpr std::uint16_t bit(finding f) { return static_cast<std::uint16_t>(1u << static_cast<unsigned>(f)); }
constexpr std::uint16_t clock_bits = bit(finding::delivered_at_midnight) | bit(finding::delivered_at_eight);

// The start of the day after the instant `t`.
std::int64_t day_end_after(std::int64_t t) { return (floor_days(t) + 1) * seconds_per_day; }

rational days_of(std::int64_t seconds, std::int64_t micro_days) {
  return rational(seconds) / rational(seconds_per_day) + rational(micro_days) / rational(1000000);
}

}  // namespace

struct record_importer::impl {
  record_kind kind;
  const import_rules& rules;
  import_options opt;
  csv_reader reader;
  std::size_t nfields;
  std::array<std::size_t, max_fields> col{};
  std::array<field_type, max_fields> type{};
  std::array<int, max_fields> constant{};
  std::array<value_reader, max_fields> values{};
  std::array<bool, max_fields> end_of_day{};
  std::vector<std::string> header;
  bool header_done = false, failed = false;
  input_error error;
  datetime_options dates;
  record_summary s;

  // The first rows, kept (mapped cells only) until the column formats are decided.
  struct sample_row {
    std::size_t row = 0, cells = 0;
    std::array<std::string, max_fields> v;
    std::vector<std::string> all;  // every cell, for the drill-down
  };
  bool sampling = true;
  std::vector<sample_row> sample;
  std::size_t ragged = 0;
  bool named_header = true;  // false when the file has no header row (columns named A, B, …)
  std::vector<status_meaning> meanings;  // by goods-status code
  std::int64_t status_known = 0, status_unknown = 0;

  id_list ids;
  // Drill-down: each row's outcomes counted by the values of its categorical columns.
  drill_collector drill;
  drill_row row_drill;
  // The failing rows, for the carrier's to-do list; row_failure: this row's failure_reason bits.
  failing_collector failing;
  std::uint8_t row_failure = 0;
  std::vector<std::vector<unknown_value>> unknown;
  bool row_bad = false, row_used = false;
  // The latest event: of the whole file, of this row, of the rows without findings, and (for
  // the end the data shows when the period's is unknown) of the rows each finding keeps.
  using latest = std::optional<std::int64_t>;
  latest latest_event, row_latest, latest_clean;
  std::array<latest, findings> latest_kept;
  STARSHEET_PER_ROW static void later(latest& l, latest t) {
    if (t && (!l || *t > *l)) l = t;
  }
  // What the rows add up to (import_tallies.h). A row with a data-quality finding is tallied
  // in row_tally first; delta[f]: what taking finding f's rows away (or, for a shared delivery
  // clock, reading their deliveries as dates) changes.
  tallies totals, row_tally, alt_tally;
  std::array<tallies, findings> delta;
  std::array<std::size_t, findings> finding_rows{};
  std::array<std::vector<std::size_t>, findings> finding_first;
  std::uint16_t row_findings = 0;
  // The row's id hash, tested against the seen filter once the row's cells are read.
  std::uint64_t row_hash = 0;
  bool row_hash_set = false;
  seen_filter seen;
  // Rows whose id may be a duplicate, in row order, with their tallies; full: some were not kept.
  struct maybe_duplicate {
    std::size_t row;
    tallies tally;
    std::optional<std::int64_t> latest;
    bool duplicate = false;
  };
  std::vector<maybe_duplicate> maybe_duplicates;
  bool maybe_duplicates_full = false;
  std::size_t delivered_times = 0;  // rows with a delivery time (the clock findings' whole)
  int cancelled_code = -1, intact_code = -1, damaged_code = -1, lost_code = -1, yes_code = -1;

  std::int64_t long_transit_seconds = 0, long_transit_micro = 0;
  std::int64_t impossible_transit_seconds = 0, impossible_transit_micro = 0;

  impl(record_kind k, const import_rules& r, import_options o)
      : kind(k),
        rules(r),
        opt(std::move(o)),
        reader([this](const csv_record& rec) { on_record(rec); }, opt.csv),
        nfields(k == record_kind::shipments ? std::size_t{shipment_fields} : std::size_t{inquiry_fields}),
        ids(r.duplicate_check_ids),
        drill(r.drilldown_values_max, r.drilldown_deferred_max, r.drilldown_columns_max),
        failing(r.failing_rows_max, r.failing_bytes_max, r.failing_cell_max),
        seen(r.quality_duplicate_ids) {
    s.kind = k;
    col.fill(no_column);
    constant.fill(value_reader::unknown);
    dates.excel_min = r.excel_serial_min;
    dates.excel_max = r.excel_serial_max;
    for (const auto& w : r.totals_words)
      if (w.size() >= 2) totals_starts[starts_index(w)] = true;
    long_transit_seconds = r.suspicious_transit_days * seconds_per_day;
    long_transit_micro = r.suspicious_transit_days * 1000000;
    impossible_transit_seconds = r.implausible_transit_days * seconds_per_day;
    impossible_transit_micro = r.implausible_transit_days * 1000000;
    unknown.resize(nfields);
    if (opt.recovery)
      for (tallies* t : {&totals, &row_tally, &alt_tally}) t->bands.resize(opt.recovery->late.size());
  }

  const field_rule& field(std::size_t f) const { return rules.kind(kind).fields[f]; }
  STARSHEET_PER_ROW bool mapped(std::size_t f) const { return col[f] != no_column; }

  void fail(input_error e) {
    if (!failed) {
      failed = true;
      error = std::move(e);
    }
  }

  void problem(std::size_t row, std::size_t f, std::string_view text, const char* why) {
    row_bad = true;
    ++s.problems_total;
    if (s.problems.size() >= rules.problems_listed) return;
    row_problem p;
    p.row = row;
    if (f < nfields) {
      p.column = col[f] + 1;
      p.header = header[col[f]];
    }
    p.text = cut(text);
    p.why = why;
    s.problems.push_back(std::move(p));
  }

  // The first flags_listed of each kind are kept (duplicates are found in batches, out of
  // row order); the list is sorted by row at the end.
  void flag(std::size_t row, const char* what, std::string_view detail = {}) {
    std::size_t& n = s.flag_counts[what];
    if (n++ < rules.flags_listed) s.flags.push_back({row, what, cut(detail)});
  }

  void note_unknown(std::size_t f, std::string_view value) {
    for (auto& u : unknown[f])
      if (u.value == value) return (void)++u.count;
    if (unknown[f].size() < rules.unknown_values_listed) unknown[f].push_back({field(f).id, cut(value), 1});
  }

  // -- finding the table ------------------------------------------------------------------
  // Real exports put title, export-information and blank rows above the header, sometimes a
  // header of two rows (a merged parent over its children), and sometimes no header at all
  // (rows pasted from a sheet). The first header_scan_rows rows are held until the header is
  // chosen: the row (or pair of rows) that names the most known fields.
  struct held_row {
    std::size_t row = 0;
    std::vector<std::string> cells;
  };
  std::vector<held_row> held;
  std::size_t held_bytes = 0;
  static constexpr std::size_t held_bytes_max = 4u << 20;
  std::vector<std::vector<std::string>> profile;  // data rows held when the header was chosen
  std::vector<bool> totals_starts = std::vector<bool>(1 << 16);  // first two bytes of the totals words

  STARSHEET_PER_ROW static std::size_t starts_index(std::string_view w) {
    auto lower = [](unsigned char b) { return b >= 'A' && b <= 'Z' ? b + 32u : b; };
    return lower(static_cast<unsigned char>(w[0])) << 8 | lower(static_cast<unsigned char>(w[1]));
  }

  static bool blank_cells(const std::vector<std::string>& cells) {
    for (const auto& c : cells)
      if (!trim(c).empty()) return false;
    return true;
  }

  static std::string joined(const std::vector<std::string_view>& cells) {
    std::string t;
    for (auto c : cells) {
      c = trim(c);
      if (c.empty()) continue;
      if (!t.empty()) t += " | ";
      t.append(c.data(), c.size());
      if (t.size() > text_cut) break;
    }
    return cut(t);
  }

  void skip(std::size_t row, const char* why, const std::vector<std::string_view>& cells) {
    if (s.skipped.size() < rules.flags_listed) s.skipped.push_back({row, why, joined(cells)});
  }

  void hold(const csv_record& rec) {
    if (opt.header_row && *opt.header_row > 0) {
      std::size_t want = *opt.header_row;
      std::vector<std::string_view> cells(rec.fields->begin(), rec.fields->end());
      if (rec.row < want) {
        bool empty = true;
        for (auto c : cells) empty = empty && trim(c).empty();
        if (empty) ++s.rows_blank;
        else ++s.rows_above_header, skip(rec.row, "skip_above_header", cells);
        return;
      }
      if (rec.row > want)
        return fail({fmt::format("row {}", want), "an empty row cannot be the header row",
                     "error_header_row_empty", {{"row", std::to_string(want)}}});
      std::vector<std::vector<std::string>> names;
      for (auto c : cells) names.push_back({std::string(c)});
      s.header_how = "user";
      return read_header(names, {rec.row});
    }
    held_row h{rec.row, {}};
    for (auto c : *rec.fields) {
      h.cells.emplace_back(c);
      held_bytes += c.size() + sizeof(std::string);
    }
    held.push_back(std::move(h));
    if (held.size() >= rules.header_scan_rows || held_bytes > held_bytes_max) choose_header();
  }

  // The names each column could go by when rows i and i+1 are a parent and a child header row.
  // A parent cell merged over several columns is written once (CSV) or repeated (a workbook):
  // an empty parent cell takes the parent to its left when the child below it is not empty.
  std::vector<std::vector<std::string>> pair_names(const held_row& parent, const held_row& child) const {
    std::size_t n = std::max(parent.cells.size(), child.cells.size());
    std::vector<std::vector<std::string>> names(n);
    std::string last_parent;
    for (std::size_t c = 0; c < n; ++c) {
      std::string p = c < parent.cells.size() ? std::string(trim(parent.cells[c])) : std::string();
      std::string k = c < child.cells.size() ? std::string(trim(child.cells[c])) : std::string();
      if (!p.empty()) last_parent = p;
      else if (!k.empty()) p = last_parent;
      auto& v = names[c];
      if (p.empty() || k.empty() || p == k) {
        v.push_back(k.empty() ? p : k);
        continue;
      }
      v.push_back(p + " / " + k);  // shown
      v.push_back(p + k);
      v.push_back(k + p);
      v.push_back(k);
    }
    return names;
  }

  static std::vector<std::vector<std::string>> single_names(const held_row& r) {
    std::vector<std::vector<std::string>> names;
    for (const auto& c : r.cells) names.push_back({c});
    return names;
  }

  // How many fields a header would name: by the pack's synonyms and by the user's mapping.
  std::size_t header_score(const std::vector<std::vector<std::string>>& names) const {
    std::size_t score = propose_mapping(kind, names, rules).columns.size();
    if (opt.mapping)
      for (const auto& [field, ref] : opt.mapping->columns) {
        if (ref.header.empty()) continue;
        std::string want = normalize_key(ref.header);
        for (const auto& v : names)
          if (!v.empty() && (v.front() == ref.header || normalize_key(v.front()) == want)) {
            ++score;
            break;
          }
      }
    return score;
  }

  // A cell that reads as data rather than a column name: a time, a number or an amount.
  bool data_like(std::string_view cell) const {
    cell = trim(cell);
    if (cell.empty()) return false;
    auto t = parse_datetime(cell, dates);
    if (t || t.problem == date_problem::order_conflict) return true;
    return parse_micro_amount(cell).has_value();
  }

  void choose_header() {
    if (header_done || failed) return;
    std::size_t best = 0, at = held.size();
    bool pair = false;
    std::vector<std::size_t> single(held.size(), 0);
    for (std::size_t i = 0; i < held.size(); ++i)
      if (!blank_cells(held[i].cells)) single[i] = header_score(single_names(held[i]));
    for (std::size_t i = 0; i < held.size(); ++i) {
      if (blank_cells(held[i].cells)) continue;
      std::size_t one = single[i];
      if (one > best) best = one, at = i, pair = false;
      // A pair only where the upper row names something: a data row under a header is no child.
      if (one > 0 && i + 1 < held.size() && held[i + 1].row == held[i].row + 1 && !blank_cells(held[i + 1].cells)) {
        std::size_t two = header_score(pair_names(held[i], held[i + 1]));
        if (two > best && two > one && two > single[i + 1]) best = two, at = i, pair = true;
      }
    }
    std::vector<std::vector<std::string>> names;
    std::vector<std::size_t> rows;
    std::size_t first_data = 0;
    if (at < held.size()) {
      names = pair ? pair_names(held[at], held[at + 1]) : single_names(held[at]);
      rows.push_back(held[at].row);
      if (pair) rows.push_back(held[at + 1].row);
      first_data = at + (pair ? 2 : 1);
      s.header_how = opt.header_row ? "user" : "detected";
    } else {
      // No known name anywhere. A first row of plain words over rows with times or numbers is
      // a header of unknown names; otherwise the rows are data (pasted without their header).
      std::size_t first = 0;
      while (first < held.size() && blank_cells(held[first].cells)) ++first;
      bool header_like = false;
      if (!(opt.header_row && *opt.header_row == 0) && first + 1 < held.size()) {
        std::size_t words = 0, data = 0, below = 0;
        for (const auto& c : held[first].cells) {
          if (data_like(c)) ++data;
          else if (!trim(c).empty()) ++words;
        }
        for (const auto& c : held[first + 1].cells) below += data_like(c);
        header_like = words >= 2 && data == 0 && below > 0;
      }
      if (header_like) {
        names = single_names(held[first]);
        rows.push_back(held[first].row);
        first_data = first + 1;
        at = first;
        s.header_how = "values";
      } else {
        std::size_t width = 0;
        for (const auto& r : held) width = std::max(width, r.cells.size());
        for (std::size_t c = 0; c < width; ++c) names.push_back({column_letters(c)});
        first_data = 0;
        at = 0;
        s.header_how = "none";
      }
    }
    for (std::size_t i = 0; i < at; ++i) {
      if (blank_cells(held[i].cells)) {
        ++s.rows_blank;
        continue;
      }
      ++s.rows_above_header;
      std::vector<std::string_view> cells(held[i].cells.begin(), held[i].cells.end());
      skip(held[i].row, "skip_above_header", cells);
    }
    for (std::size_t i = first_data; i < held.size(); ++i)
      if (!blank_cells(held[i].cells)) profile.push_back(held[i].cells);
    read_header(names, rows);
    std::vector<held_row> rest;
    for (std::size_t i = first_data; i < held.size(); ++i) rest.push_back(std::move(held[i]));
    held.clear();
    held.shrink_to_fit();
    held_bytes = 0;
    std::vector<std::string_view> cells;
    for (const auto& r : rest) {
      if (failed) break;
      cells.assign(r.cells.begin(), r.cells.end());
      data_row(r.row, cells);
    }
  }

  static std::string column_letters(std::size_t c) {
    std::string out;
    for (++c; c > 0; c = (c - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
    return out;
  }

  // -- the header -------------------------------------------------------------------------
  void read_header(const std::vector<std::vector<std::string>>& names, std::vector<std::size_t> rows) {
    header_done = true;
    named_header = s.header_how != "none";
    s.header_rows = std::move(rows);
    for (const auto& v : names) header.push_back(v.empty() ? std::string() : v.front());
    s.header = header;
    std::vector<std::string_view> shown(header.begin(), header.end());
    column_mapping m = propose_mapping(kind, names, rules);
    if (s.header_how == "values" || s.header_how == "none") m = propose_from_values(m);
    std::string header_where = s.header_rows.empty() ? "row 1" : fmt::format("row {}", s.header_rows.front());
    if (opt.mapping) {
      if (opt.mapping->kind && *opt.mapping->kind != kind)
        return fail({"", fmt::format("the mapping file is for {} records, not {}", to_string(*opt.mapping->kind), to_string(kind)),
                     "error_mapping_kind", {{"mapping", std::string(to_string(*opt.mapping->kind))}, {"kind", std::string(to_string(kind))}}});
      auto applied = apply_override(std::move(m), *opt.mapping, shown, rules);
      if (!applied) {
        input_error e = applied.error();
        e.where = header_where;
        return fail(std::move(e));
      }
      m = std::move(*applied);
    }
    if (opt.order != date_order::unknown) m.order = opt.order;
    const auto& fields = rules.kind(kind).fields;
    bool any = false;
    for (std::size_t f = 0; f < nfields; ++f) {
      type[f] = fields[f].type;
      if (auto it = m.columns.find(fields[f].id); it != m.columns.end()) col[f] = it->second.column, any = true;
      std::string_view set = value_set_of(type[f]);
      if (!set.empty()) {
        auto user = m.values.find(fields[f].id);
        values[f].setup(&rules.value_ids.at(std::string(set)), &rules.values.at(std::string(set)),
                        user == m.values.end() ? nullptr : &user->second);
        if (auto it = m.constants.find(fields[f].id); it != m.constants.end()) {
          constant[f] = values[f].code_of(it->second);
          any = true;
        }
        if (type[f] == field_type::order_status) cancelled_code = values[f].code_of("cancelled");
        if (type[f] == field_type::goods_status) {
          intact_code = values[f].code_of("intact");
          damaged_code = values[f].code_of("damaged");
          lost_code = values[f].code_of("lost");
          const auto& ids = rules.value_ids.at(std::string(set));
          meanings.clear();
          for (const auto& id : ids) meanings.push_back(rules.status_meanings.at(id));
        }
        if (type[f] == field_type::flag) yes_code = values[f].code_of("yes");
      }
    }
    s.mapping = std::move(m);
    // Split on every column but those read as times, amounts, ids, statuses or flags: they are
    // what the rates are made of, not where failures come from. The mode column is a category.
    std::vector<bool> categorical(header.size(), true);
    for (std::size_t f = 0; f < nfields; ++f)
      if (mapped(f) && col[f] < categorical.size()) categorical[col[f]] = type[f] == field_type::mode;
    // With the pack's delay bands, the orders decided on time or late are split by their delay too.
    std::vector<std::string> bands;
    if (kind == record_kind::shipments && opt.recovery)
      for (const auto& b : opt.recovery->late) bands.push_back(b.id);
    drill.set_columns(header, categorical, kind == record_kind::shipments && mapped(s_shipped), bands);
    if (!any) {
      std::string examples;
      for (std::size_t f = 0; f < nfields && f < 5; ++f) {
        const auto& names = fields[f].headers;
        auto chinese = std::find_if(names.begin(), names.end(), [](const std::string& h) {
          return !h.empty() && static_cast<unsigned char>(h.front()) >= 0x80;
        });
        examples += (f ? ", " : "") + names.front() + " / " + (chinese == names.end() ? names.back() : *chinese);
      }
      fail({header_where,
            fmt::format("no column is recognized as a {} field (expected headers such as {}); "
                        "name the columns in a mapping file (--map)",
                        to_string(kind), examples),
            "error_no_columns", {{"kind", std::string(to_string(kind))}, {"examples", examples}}});
    }
  }

  // -- what the values of a column look like -------------------------------------------------
  struct column_profile {
    std::size_t nonempty = 0, times = 0, modes = 0, statuses = 0, flags = 0, numbers = 0, distinct = 0;
    std::size_t shortest = std::numeric_limits<std::size_t>::max();
    bool digits = false;
  };

  std::vector<column_profile> profiles() const {
    std::size_t width = header.size();
    std::vector<column_profile> out(width);
    const auto& mode_set = rules.values.at("mode");
    const auto& status_set = rules.values.at("goods_status");
    const auto& flag_set = rules.values.at("flag");
    for (std::size_t c = 0; c < width; ++c) {
      column_profile& p = out[c];
      std::vector<std::string> seen;
      for (const auto& row : profile) {
        if (c >= row.size()) continue;
        std::string_view v = trim(row[c]);
        if (v.empty()) continue;
        ++p.nonempty;
        auto t = parse_datetime(v, dates);
        if (t || t.problem == date_problem::order_conflict) ++p.times;
        std::string key = normalize_key(v);
        p.modes += mode_set.count(key);
        p.statuses += status_set.count(key);
        p.flags += flag_set.count(key);
        if (parse_micro_amount(v)) ++p.numbers;
        if (std::find(seen.begin(), seen.end(), key) == seen.end()) seen.push_back(key);
        p.shortest = std::min(p.shortest, v.size());
        for (char ch : v) p.digits = p.digits || (ch >= '0' && ch <= '9');
      }
      p.distinct = seen.size();
    }
    return out;
  }

  // Whether a column's values fit a field's type (most of them do).
  static bool fits(const column_profile& p, field_type t) {
    if (p.nonempty < 2) return false;  // one value says too little
    auto most = [&](std::size_t n) { return n * 5 >= p.nonempty * 4; };
    switch (t) {
      case field_type::datetime:
      case field_type::promise: return most(p.times);
      case field_type::mode: return most(p.modes);
      case field_type::goods_status: return most(p.statuses);
      case field_type::flag: return most(p.flags) && p.statuses == 0;
      case field_type::days:
      case field_type::amount: return most(p.numbers) && p.times == 0;
      case field_type::id:
        return p.distinct == p.nonempty && p.digits && p.shortest >= 5 && p.times == 0 && p.modes == 0 && p.statuses == 0;
      case field_type::order_status: return false;
    }
    return false;
  }

  // Columns guessed from their values when no header names them: an id, a mode, a status, a
  // flag, and the columns of times from left to right (shipped, delivered, promised; asked,
  // replied). Shown as a proposal to confirm.
  column_mapping propose_from_values(column_mapping m) const {
    auto prof = profiles();
    std::vector<bool> taken(header.size(), false);
    for (const auto& [f, c] : m.columns) taken[c.column] = true;
    const auto& fields = rules.kind(kind).fields;
    auto take = [&](const std::string& field, field_type t) {
      if (m.columns.count(field)) return;
      for (std::size_t c = 0; c < prof.size(); ++c)
        if (!taken[c] && fits(prof[c], t)) {
          m.columns[field] = column_choice{c, header[c], false, true};
          taken[c] = true;
          return;
        }
    };
    for (const auto& f : fields)
      if (f.type == field_type::mode || f.type == field_type::goods_status) take(f.id, f.type);
    for (const auto& f : fields)
      if (f.type == field_type::datetime || f.type == field_type::promise) {
        bool time_field = f.id == "shipped_at" || f.id == "delivered_at" || f.id == "promised_at" || f.id == "asked_at" ||
                          f.id == "first_reply_at";
        if (time_field) take(f.id, f.type);
      }
    if (kind == record_kind::inquiries) take("resolved", field_type::flag);
    // An id alone derives nothing: without a time, status or flag column the rows are not
    // records this importer can read, and no guess is offered.
    bool derives = false;
    for (const auto& [f, c] : m.columns) derives = derives || c.guessed;
    if (!derives) return m;
    take(fields.front().id, field_type::id);
    return m;
  }

  // -- sampling: day/month order and end-of-day promise columns -----------------------------
  void end_sampling() {
    sampling = false;
    date_order order = s.mapping.order;
    if (order != date_order::unknown) {
      s.order_how = "user";
    } else {
      bool ambiguous = false;
      for (const auto& r : sample) {
        for (std::size_t f = 0; f < nfields && order == date_order::unknown; ++f) {
          if (!mapped(f) || (type[f] != field_type::datetime && type[f] != field_type::promise)) continue;
          switch (date_order_evidence(r.v[f])) {
            case order_evidence::month_first: order = date_order::mdy; break;
            case order_evidence::day_first: order = date_order::dmy; break;
            case order_evidence::ambiguous: ambiguous = true; break;
            case order_evidence::none: break;
          }
          if (order != date_order::unknown) s.order_row = r.row;
        }
        if (order != date_order::unknown) break;
      }
      if (order != date_order::unknown) s.order_how = "detected";
      else if (ambiguous) s.order_how = "assumed", order = date_order::mdy;
    }
    s.order = order;
    dates.order = order;
    // A promise column whose sampled times are all 00:00:00 holds dates: each means its day's end.
    for (std::size_t f = 0; f < nfields; ++f) {
      if (!mapped(f) || type[f] != field_type::promise) continue;
      bool midnight_seen = false, other_seen = false;
      for (const auto& r : sample) {
        auto t = parse_datetime(r.v[f], dates);
        if (!t || !t.has_time) continue;
        (t.midnight ? midnight_seen : other_seen) = true;
      }
      end_of_day[f] = midnight_seen && !other_seen;
      if (end_of_day[f]) s.end_of_day_fields.push_back(field(f).id);
    }
    s.sampled_rows = sample.size();
    std::array<std::string_view, max_fields> cells{};
    std::vector<std::string_view> all;
    for (const auto& r : sample) {
      for (std::size_t f = 0; f < nfields; ++f) cells[f] = r.v[f];
      all.assign(r.all.begin(), r.all.end());
      process(r.row, all, cells);
    }
    sample.clear();
    sample.shrink_to_fit();
  }

  // -- rows --------------------------------------------------------------------------------
  void on_record(const csv_record& rec) {
    if (failed) return;
    if (!header_done) return hold(rec);
    data_row(rec.row, *rec.fields);
  }

  // A totals row: its first non-empty cell is 合计, Total, … (a word of Latin letters must not
  // run on into more letters: "Totals" is one, "Totalmart" is not).
  bool totals_row(std::string_view first) const {
    std::string_view c = trim(first);
    // Most first cells are ids: only a cell whose first two bytes start a totals word is
    // normalized and compared.
    if (c.size() > 64 || c.size() < 2 || !totals_starts[starts_index(c)]) return false;
    std::string key = normalize_key(c);
    for (const auto& w : rules.totals_words) {
      if (key.compare(0, w.size(), w) != 0) continue;
      if (key.size() == w.size()) return true;
      unsigned char last = static_cast<unsigned char>(w.back()), next = static_cast<unsigned char>(key[w.size()]);
      bool word_goes_on = last < 0x80 && next >= 'a' && next <= 'z';
      if (!word_goes_on) return true;
    }
    return false;
  }

  // A notes row: one non-empty cell that starts like a note (注：, 备注, Note, *) or sits in a
  // column no field reads.
  bool notes_row(std::string_view cell, std::size_t at) const {
    std::string key = normalize_key(cell);
    if (key.empty()) key = std::string(trim(cell));
    for (const auto& p : rules.note_prefixes)
      if (key.compare(0, p.size(), p) == 0) return true;
    for (std::size_t f = 0; f < nfields; ++f)
      if (col[f] == at) return false;
    return true;
  }

  bool repeated_header(const std::vector<std::string_view>& cells) const {
    if (!named_header || cells.size() != header.size() || cells.empty() || !same_text(cells[0], header[0])) return false;
    std::size_t named = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (trim(cells[i]) != trim(header[i])) return false;
      named += !trim(header[i]).empty();
    }
    return named > 0;
  }

  void data_row(std::size_t row, const std::vector<std::string_view>& fields) {
    // One pass: how many cells hold something, and the first of them.
    std::size_t filled = 0, first = 0;
    for (std::size_t i = 0; i < fields.size() && filled < 2; ++i) {
      const std::string_view& c = fields[i];
      bool empty = c.empty() || ((c.front() == ' ' || c.front() == '\t') && trim(c).empty());
      if (!empty && filled++ == 0) first = i;
    }
    if (filled == 0) {
      ++s.rows_read;
      ++s.rows_blank;
      return;
    }
    if (totals_row(fields[first])) return (void)(++s.rows_totals, skip(row, "skip_totals", fields));
    if (repeated_header(fields)) return (void)(++s.rows_above_header, skip(row, "skip_repeated_header", fields));
    if (filled == 1 && notes_row(fields[first], first)) return (void)(++s.rows_notes, skip(row, "skip_notes", fields));
    ++s.rows_read;
    std::array<std::string_view, max_fields> cells{};
    for (std::size_t f = 0; f < nfields; ++f)
      if (col[f] < fields.size()) cells[f] = fields[col[f]];
    if (sampling) {
      sample_row r;
      r.row = row;
      r.cells = fields.size();
      for (std::size_t f = 0; f < nfields; ++f) r.v[f] = std::string(cells[f]);
      r.all.assign(fields.begin(), fields.end());
      sample.push_back(std::move(r));
      if (sample.size() >= rules.sample_rows) end_sampling();
      return;
    }
    process(row, fields, cells);
  }

  void process(std::size_t row, const std::vector<std::string_view>& all, const std::array<std::string_view, max_fields>& cells) {
    std::size_t ncells = all.size();
    row_bad = row_used = false;
    row_drill = drill_row{};
    row_failure = 0;
    row_findings = 0;
    row_hash_set = false;
    row_latest.reset();
    if (ncells != header.size() && named_header) {
      ++ragged;
      row_bad = true;
      ++s.problems_total;
      if (s.problems.size() < rules.problems_listed) {
        row_problem p;
        p.row = row;
        p.why = "why_ragged";
        p.cells = ncells;
        s.problems.push_back(std::move(p));
      }
    }
    if (kind == record_kind::shipments) shipment(row, cells);
    else inquiry(row, cells);
    bool maybe_duplicate = row_hash_set && seen.test_and_add(row_hash);
    if (maybe_duplicate) keep_maybe_duplicate(row);
    later(latest_event, row_latest);
    if (!row_findings && !maybe_duplicate) {
      later(latest_clean, row_latest);
    } else {
      for (std::size_t k = 0; k < findings; ++k)
        if (!(row_findings & (1u << k)) && !(maybe_duplicate && k == static_cast<std::size_t>(finding::duplicate_id)))
          later(latest_kept[k], row_latest);
    }
    drill.add(all, row_drill);
    if (row_failure || row_drill.deferred_promise) {
      // A row has one mode: the one whose transit was judged slow names its own limit.
      int slow_mode = -1;
      for (std::size_t m = 0; m < 3; ++m)
        if (row_drill.outcome[static_cast<std::size_t>(drill_transit(m))] == 0) slow_mode = static_cast<int>(m);
      failing.add(row, all, row_failure, row_drill.deferred_promise, row_drill.shipped,
                  drill.delay_band_of(row_drill.delay_band), slow_mode);
    }
    s.rows_used += row_used;
    s.rows_bad += row_bad;
  }

  // A time cell: nullopt when unmapped, empty (`*empty` set) or unreadable (listed).
  std::optional<std::int64_t> time_of(std::size_t row, std::size_t f, std::string_view cell, bool* empty = nullptr) {
    if (!mapped(f)) return std::nullopt;
    auto t = parse_datetime(cell, dates);
    if (!t) {
      if (t.problem == date_problem::empty) {
        if (empty) *empty = true;
      } else {
        problem(row, f, cell, why_of(t.problem));
      }
      return std::nullopt;
    }
    std::int64_t v = t.seconds;
    // A promise given as a date only, or in a midnight-only column, holds until the day ends.
    if (type[f] == field_type::promise && (!t.has_time || (t.midnight && end_of_day[f]))) v += seconds_per_day - 1;
    return v;
  }

  // A value-list cell: its code, value_reader::empty, or unknown (listed).
  int value_of(std::size_t row, std::size_t f, std::string_view cell, bool list_unknown = true) {
    if (constant[f] != value_reader::unknown && !mapped(f)) return constant[f];
    if (!mapped(f)) return value_reader::empty;
    int v = values[f].read(cell);
    if (v == value_reader::unknown && list_unknown) {
      problem(row, f, cell, "why_unknown_value");
      note_unknown(f, trim(cell));
    }
    return v;
  }

  std::optional<std::int64_t> days_cell(std::size_t row, std::size_t f, std::string_view cell) {
    if (!mapped(f) || trim(cell).empty()) return std::nullopt;
    auto d = parse_micro_days(cell);
    if (!d) problem(row, f, cell, "why_bad_number");
    return d;
  }

  void event(std::int64_t t) {
    later(row_latest, t);
  }

  void shipment(std::size_t row, const std::array<std::string_view, max_fields>& c) {
    if (mapped(s_order_status) && cancelled_code >= 0 &&
        value_of(row, s_order_status, c[s_order_status], false) == cancelled_code) {
      ++s.rows_cancelled;
      return;
    }
    // The status (a TMS status or the goods' condition) says whether the parcel was delivered,
    // whether its goods are intact, or that the row is no order at all (cancelled).
    int status = mapped(s_status) ? value_of(row, s_status, c[s_status]) : value_reader::empty;
    if (status == value_reader::unknown) ++status_unknown;
    const status_meaning* meaning = status >= 0 ? &meanings[static_cast<std::size_t>(status)] : nullptr;
    if (meaning && meaning->excluded) {
      ++s.rows_cancelled;
      return;
    }
    if (meaning && meaning->ignored) {
      ++s.counts["count_status_ignored"];
      status = value_reader::empty;
      meaning = nullptr;
    }
    if (meaning) ++status_known;
    if (mapped(s_order_id)) check_id(row, trim(c[s_order_id]));
    shipment_cells(row, c, status, meaning);
  }

  // An id: kept for the duplicate check; one that may have been seen makes the row a maybe-
  // duplicate (its tallies kept aside until the check says).
  void check_id(std::size_t row, std::string_view id) {
    if (id.empty()) return;
    std::uint64_t h = id_list::hash(id);
    if (!ids.add(h, row) || !seen.open()) return;
    row_hash = h;
    row_hash_set = true;
  }

  // A time far outside the period (known only when the period is).
  STARSHEET_PER_ROW bool outside_period(std::optional<std::int64_t> t) const {
    if (!t || !opt.period_end) return false;
    std::int64_t far = rules.quality_outside_days * seconds_per_day;
    return *t >= *opt.period_end + far || (opt.period_start && *t < *opt.period_start - far);
  }

  // What one shipment row says, once its cells are read.
  struct shipment_facts {
    int status = value_reader::empty, mode = value_reader::empty;
    int late_flag = value_reader::empty;  // the late or on-time flag's code
    const status_meaning* meaning = nullptr;
    bool lost = false, says_delivered = false, not_delivered = false, delivered_empty = false;
    std::optional<std::int64_t> shipped, delivered, promised, opened, closed, transit_micro, promised_micro, freight;
  };
  shipment_facts row_facts;

  // The row's transit, in seconds (from its times) or micro-days (from its transit column).
  struct transit {
    std::int64_t secs = -1, micro = -1;  // -1: not known that way
  };
  bool transit_by_time() const { return mapped(s_shipped) && mapped(s_delivered); }
  transit transit_of(const shipment_facts& f) const {
    transit t;
    if (f.shipped && f.delivered) {
      if (*f.delivered >= *f.shipped) t.secs = *f.delivered - *f.shipped;
    } else if (f.transit_micro && *f.transit_micro >= 0 && !f.not_delivered && !transit_by_time()) {
      t.micro = *f.transit_micro;
    }
    return t;
  }

  void shipment_cells(std::size_t row, const std::array<std::string_view, max_fields>& c, int status,
                      const status_meaning* meaning) {
    shipment_facts& f = row_facts;  // kept until the row ends (keep_maybe_duplicate)
    f = shipment_facts{};
    f.status = status;
    f.meaning = meaning;
    f.mode = value_of(row, s_mode, c[s_mode]);
    f.not_delivered = meaning && meaning->delivered == status_meaning::delivery::no;
    f.says_delivered = meaning && meaning->delivered == status_meaning::delivery::yes;
    f.shipped = time_of(row, s_shipped, c[s_shipped]);
    row_drill.shipped = f.shipped;
    if (f.not_delivered) {
      f.delivered_empty = true;  // a time in the delivery column of a parcel still on its way is not a delivery
      ++s.counts["count_status_not_delivered"];
    } else {
      f.delivered = time_of(row, s_delivered, c[s_delivered], &f.delivered_empty);
    }
    f.promised = time_of(row, s_promised, c[s_promised]);
    f.opened = time_of(row, s_exception_opened, c[s_exception_opened]);
    f.closed = time_of(row, s_exception_closed, c[s_exception_closed]);
    for (const auto* t : {&f.shipped, &f.delivered, &f.opened, &f.closed})
      if (*t) event(**t);
    f.transit_micro = days_cell(row, s_transit_days, c[s_transit_days]);
    f.promised_micro = days_cell(row, s_promised_days, c[s_promised_days]);
    f.freight = amount_cell(row, s_freight, c[s_freight]);
    f.lost = status >= 0 && status == lost_code;
    if (mapped(s_late) || mapped(s_on_time)) {
      std::size_t fl = mapped(s_late) ? s_late : s_on_time;
      f.late_flag = value_of(row, fl, c[fl]);
    }

    // The data-quality findings the row itself shows (duplicates: check_id).
    if (f.shipped && f.delivered && *f.delivered < *f.shipped) row_findings |= bit(finding::delivered_before_shipped);
    if (f.shipped && f.promised && *f.promised < *f.shipped) {
      row_findings |= bit(finding::promised_before_shipped);
      flag(row, "flag_promised_before_shipped");
    }
    if (f.opened && f.closed && *f.closed < *f.opened) row_findings |= bit(finding::closed_before_opened);
    transit tr = transit_of(f);
    if (tr.secs > impossible_transit_seconds || tr.micro > impossible_transit_micro)
      row_findings |= bit(finding::implausible_transit);
    if (outside_period(f.shipped) || outside_period(f.delivered) || outside_period(f.promised) ||
        outside_period(f.opened) || outside_period(f.closed)) {
      row_findings |= bit(finding::outside_period);
      flag(row, "flag_outside_period");
    }
    if (f.delivered) {
      ++delivered_times;
      std::int64_t clock = *f.delivered - floor_days(*f.delivered) * seconds_per_day;
      if (clock == 0) row_findings |= bit(finding::delivered_at_midnight);
      else if (clock == 8 * 3600) row_findings |= bit(finding::delivered_at_eight);
    }

    if (!row_findings) return tally_shipment(row, f, totals, true);
    tally_shipment(row, f, row_tally, true);
    if (row_findings & clock_bits) {
      // The other reading: the delivery time is a date, delivered by the end of that day.
      shipment_facts dated = f;
      dated.delivered = floor_days(*f.delivered) * seconds_per_day + seconds_per_day - 1;
      tally_shipment(row, dated, alt_tally, false);
      later(latest_kept[static_cast<std::size_t>(row_findings & bit(finding::delivered_at_midnight)
                                                   ? finding::delivered_at_midnight
                                                   : finding::delivered_at_eight)],
            std::max(*row_latest, *dated.delivered));
      tallies& d = delta[static_cast<std::size_t>(row_findings & bit(finding::delivered_at_midnight)
                                                      ? finding::delivered_at_midnight
                                                      : finding::delivered_at_eight)];
      // The freights are the same either way: left out, the list keeps its order.
      std::vector<std::int64_t> freights = std::move(row_tally.freights);
      row_tally.freights.clear();
      alt_tally.freights.clear();
      d.add(alt_tally, 1, rules.freight_list_max);
      d.add(row_tally, -1, rules.freight_list_max);
      row_tally.freights = std::move(freights);
      alt_tally.clear();
    }
    commit_findings(row);
  }

  // A row with findings: its tallies join the file's, and each finding that takes rows away
  // keeps them (with the sign turned). Duplicates: keep_maybe_duplicate, when the row ends.
  void commit_findings(std::size_t row) {
    totals.add(row_tally, 1, rules.freight_list_max);
    for (std::size_t k = 0; k < findings; ++k) {
      std::uint16_t b = static_cast<std::uint16_t>(1u << k);
      if (!(row_findings & b)) continue;
      if (!(b & clock_bits)) delta[k].add(row_tally, -1, rules.freight_list_max);
      note_finding(k, row);
    }
    row_tally.clear();
  }

  // A row whose id may have come before: what it added to the file (tallied again from what it
  // said) waits for the exact check at the end.
  void keep_maybe_duplicate(std::size_t row) {
    if (maybe_duplicates.size() >= rules.quality_pending_max) return (void)(maybe_duplicates_full = true);
    maybe_duplicate m{row, {}, row_latest};
    if (opt.recovery) m.tally.bands.resize(opt.recovery->late.size());
    if (kind == record_kind::shipments) tally_shipment(row, row_facts, m.tally, false);
    else tally_inquiry(row, row_inquiry, m.tally, false);
    maybe_duplicates.push_back(std::move(m));
  }

  void note_finding(std::size_t k, std::size_t row) {
    ++finding_rows[k];
    auto& first = finding_first[k];
    if (first.size() < rules.quality_rows_listed) first.insert(std::upper_bound(first.begin(), first.end(), row), row);
    else if (!first.empty() && row < first.back()) first.back() = row, std::sort(first.begin(), first.end());
  }

  // Adds one shipment row to `t`. `primary`: the row as read (flags, counts, drill-down and
  // failing rows follow it); not for another reading of the same row.
  void tally_shipment(std::size_t row, const shipment_facts& f, tallies& t, bool primary) {
    const int mode = f.mode;
    const status_meaning* meaning = f.meaning;
    const bool lost_parcel = f.lost, says_delivered = f.says_delivered, delivered_empty = f.delivered_empty;
    const auto &shipped = f.shipped, &delivered = f.delivered, &promised = f.promised;
    const auto &transit_micro = f.transit_micro, &promised_micro = f.promised_micro, &freight = f.freight;
    auto count = [&](const char* key) {
      if (primary) ++s.counts[key];
    };

    // On time: a flag decides; else delivered ≤ promised; else actual days ≤ promised days.
    std::optional<bool> on_time;
    bool decidable = true;
    if (mapped(s_late) || mapped(s_on_time)) {
      std::size_t fl = mapped(s_late) ? s_late : s_on_time;
      if (f.late_flag >= 0) on_time = (f.late_flag == yes_code) == (fl == s_on_time);
      else decidable = false;
    } else if (mapped(s_promised) && mapped(s_delivered)) {
      if (!promised) {
        decidable = false;
      } else if (delivered) {
        on_time = *delivered <= *promised;
      } else if (says_delivered && delivered_empty) {
        on_time = false;  // delivered, but with no time it cannot count as on time
        count("count_delivered_no_time");
      } else if (delivered_empty) {
        // Not delivered: late once the promise has passed by the period end.
        if (opt.period_end) {
          if (*promised < *opt.period_end) on_time = false, count("count_undelivered_late");
          else count("count_undelivered_pending"), row_used = row_used || primary;
        } else {
          undelivered& u = t.undelivered_by_promise[*promised];
          ++u.orders;
          if (!lost_parcel) u.banded.add(freight, mapped(s_freight));
          if (primary) row_drill.deferred_promise = *promised, row_used = true;
        }
      }
    } else if (mapped(s_transit_days) && mapped(s_promised_days)) {
      if (transit_micro && promised_micro) on_time = *transit_micro <= *promised_micro;
      else decidable = false;
    } else {
      decidable = false;
    }
    // A late order's delay band: none when it says delivered without a time.
    const int band = on_time && !*on_time && !(says_delivered && !delivered)
                         ? band_index(late_delay_us(delivered, promised, transit_micro, promised_micro))
                         : drill_band_unknown;
    if (on_time && !*on_time && opt.recovery && !lost_parcel) {
      if (band >= 0) t.bands[static_cast<std::size_t>(band)].add(freight, mapped(s_freight));
      else ++t.late_unbanded;
    }
    if (on_time) {
      if (primary) {
        row_drill.outcome[static_cast<std::size_t>(drill_rate::on_time)] = *on_time;
        row_drill.delay_band = *on_time ? drill_band_on_time : band;
        if (!*on_time) row_failure |= delivered || says_delivered || !delivered_empty ? failure_late : failure_late_undelivered;
        row_used = true;
      }
      ++t.orders_total;
      t.orders_on_time += *on_time;
      if (mode >= 0) ++t.mode_orders[static_cast<std::size_t>(mode)], t.mode_on_time[static_cast<std::size_t>(mode)] += *on_time;
    } else if (!decidable && (mapped(s_late) || mapped(s_on_time) || (mapped(s_promised) && mapped(s_delivered)) || mapped(s_promised_days))) {
      count("count_no_promise");
    }

    // Transit days: delivered − shipped, or the transit-days column.
    transit tr = transit_of(f);
    if (primary && shipped && delivered && *delivered < *shipped) flag(row, "flag_delivered_before_shipped");
    if (tr.secs > impossible_transit_seconds || tr.micro > impossible_transit_micro) {
      if (primary) flag(row, "flag_implausible_transit");
      tr = transit{};
    }
    if (tr.secs >= 0 || tr.micro >= 0) {
      if (primary && (tr.secs > long_transit_seconds || tr.micro > long_transit_micro)) flag(row, "flag_long_transit");
      if (mode >= 0) {
        auto m = static_cast<std::size_t>(mode);
        ++t.mode_shipments[m];
        t.mode_seconds[m] += std::max<std::int64_t>(tr.secs, 0);
        t.mode_micro[m] += std::max<std::int64_t>(tr.micro, 0);
        row_used = row_used || primary;
        if (primary) {
          // A file's transits are all from its times or all from its transit-days column (transit_of).
          bool by_time = tr.secs >= 0;
          judge_slow(drill_transit(m), by_time ? tr.secs : tr.micro,
                     by_time ? opt.slow.transit_seconds[m] : opt.slow.transit_micro[m], failure_slow_transit);
        }
      } else {
        count("count_transit_no_mode");
      }
    }

    if (meaning) {
      if (primary) {
        row_drill.outcome[static_cast<std::size_t>(drill_rate::goods)] = meaning->intact;
        if (!meaning->intact) row_failure |= lost_parcel ? failure_lost : failure_damaged;
        row_used = true;
      }
      ++t.goods_total;
      t.goods_intact += meaning->intact;
      if (opt.recovery && (f.status == damaged_code || lost_parcel)) {
        ++(lost_parcel ? t.lost : t.damaged);
        if (!freight) t.list_missing += mapped(s_freight);
        else if (t.freights.size() < rules.freight_list_max) t.freights.push_back(*freight);
        else ++t.list_not_kept;
      }
    }
    if (mapped(s_exception_opened) && mapped(s_exception_closed)) {
      row_used = row_used || primary;
      if (f.opened && f.closed) {
        if (*f.closed < *f.opened) {
          if (primary) flag(row, "flag_closed_before_opened");
        } else {
          ++t.exception_cases;
          t.exception_seconds += *f.closed - *f.opened;
          if (primary) judge_slow(drill_rate::exceptions, *f.closed - *f.opened, opt.slow.exception_seconds,
                                  failure_slow_exception);
        }
      }
    }
  }

  // How late a late order is, in microseconds: delivered − promised; undelivered, the time
  // from the promise to the period end (at least that late); with day counts, the days over.
  std::optional<std::int64_t> late_delay_us(std::optional<std::int64_t> delivered, std::optional<std::int64_t> promised,
                                            std::optional<std::int64_t> transit_micro,
                                            std::optional<std::int64_t> promised_micro) const {
    constexpr std::int64_t us = 1000000;
    if (promised && delivered) {
      if (*delivered > *promised) return (*delivered - *promised) * us;
    } else if (promised && !delivered && opt.period_end && *promised < *opt.period_end) {
      return (*opt.period_end - *promised) * us;
    } else if (transit_micro && promised_micro && *transit_micro > *promised_micro) {
      std::int64_t over = *transit_micro - *promised_micro;  // micro-days
      return over > std::numeric_limits<std::int64_t>::max() / seconds_per_day ? std::numeric_limits<std::int64_t>::max()
                                                                               : over * seconds_per_day;
    }
    return std::nullopt;  // late by a flag only, or a flag that times contradict
  }

  // The index of the delay band a delay falls in; drill_band_unknown when the delay is unknown
  // (or the pack has none).
  int band_index(std::optional<std::int64_t> delay_us) const {
    if (!delay_us || !opt.recovery || opt.recovery->late.empty()) return drill_band_unknown;
    const auto& late = opt.recovery->late;
    std::size_t b = 0;
    while (b + 1 < late.size() && late[b].max_delay_us && *delay_us > *late[b].max_delay_us) ++b;
    return static_cast<int>(b);
  }
  late_parcels* band_of(tallies& t, std::optional<std::int64_t> delay_us) {
    int b = band_index(delay_us);
    return b < 0 ? nullptr : &t.bands[static_cast<std::size_t>(b)];
  }

  // A freight cell: nullopt when unmapped, empty or unreadable (listed).
  std::optional<std::int64_t> amount_cell(std::size_t row, std::size_t f, std::string_view cell) {
    if (!mapped(f) || trim(cell).empty()) return std::nullopt;
    auto v = parse_micro_amount(cell);
    if (!v) problem(row, f, cell, "why_bad_amount");
    return v;
  }

  // What one inquiry row says, once its cells are read.
  struct inquiry_facts {
    std::optional<std::int64_t> asked, reply;
    bool reply_empty = false;
    int resolved = value_reader::empty;
  };
  inquiry_facts row_inquiry;

  void inquiry(std::size_t row, const std::array<std::string_view, max_fields>& c) {
    if (mapped(q_inquiry_id)) check_id(row, trim(c[q_inquiry_id]));
    inquiry_facts& f = row_inquiry;  // kept until the row ends (keep_maybe_duplicate)
    f = inquiry_facts{};
    f.asked = time_of(row, q_asked, c[q_asked]);
    f.reply = time_of(row, q_reply, c[q_reply], &f.reply_empty);
    f.resolved = mapped(q_resolved) ? value_of(row, q_resolved, c[q_resolved]) : value_reader::empty;
    if (f.asked && f.reply && *f.reply < *f.asked) row_findings |= bit(finding::reply_before_asked);
    if (outside_period(f.asked) || outside_period(f.reply)) {
      row_findings |= bit(finding::outside_period);
      flag(row, "flag_outside_period");
    }
    tally_inquiry(row, f, row_findings ? row_tally : totals, true);
    if (row_findings) commit_findings(row);
  }

  // An average's event of the row as read: in the drill-down, and a failing row when slower than
  // `limit` (unset: every event a success, so the average is split but nothing is called slow).
  // `seconds` and `limit` are in one unit: seconds, or for a transit from a days column
  // millionths of a day.
  void judge_slow(drill_rate rate, std::int64_t seconds, std::optional<std::int64_t> limit, failure_reason reason) {
    auto r = static_cast<std::size_t>(rate);
    bool slow = limit && seconds > *limit;
    row_drill.outcome[r] = !slow;
    row_drill.seconds[r] = seconds;
    row_drill.excess[r] = slow ? seconds - *limit : 0;
    if (slow) row_failure |= reason;
  }

  // Adds one inquiry row to `t`; `primary` as for tally_shipment.
  void tally_inquiry(std::size_t row, const inquiry_facts& f, tallies& t, bool primary) {
    if (f.asked && f.reply) {
      if (*f.reply < *f.asked) {
        if (primary) flag(row, "flag_reply_before_asked");
      } else {
        ++t.inquiries_total;
        t.reply_seconds += *f.reply - *f.asked;
        row_used = row_used || primary;
        if (primary) judge_slow(drill_rate::response, *f.reply - *f.asked, opt.slow.reply_seconds, failure_slow_reply);
      }
    } else if (f.asked && f.reply_empty && primary) {
      ++s.counts["count_unanswered"];
    }
    if (f.resolved >= 0) {
      if (primary) {
        row_drill.outcome[static_cast<std::size_t>(drill_rate::resolution)] = f.resolved == yes_code;
        if (f.resolved != yes_code) row_failure |= failure_unresolved;
        row_used = true;
      }
      ++t.problems_total;
      t.problems_resolved += f.resolved == yes_code;
    }
  }

  // -- what could not be derived, and why ------------------------------------------------------
  // "0 used" is never the whole answer: for each derivation that gave nothing, the fields it
  // needs and the unmapped columns whose values look like them.
  std::size_t field_index(const std::string& id) const {
    const auto& fields = rules.kind(kind).fields;
    for (std::size_t f = 0; f < fields.size(); ++f)
      if (fields[f].id == id) return f;
    return no_column;
  }
  bool given(std::size_t f) const { return mapped(f) || constant[f] != value_reader::unknown; }

  void find_needs() {
    auto prof = profiles();
    std::vector<bool> used(header.size(), false);
    for (std::size_t f = 0; f < nfields; ++f)
      if (mapped(f) && col[f] < used.size()) used[col[f]] = true;
    auto need = [&](const char* what, std::vector<std::vector<std::string>> alternatives, bool derived) {
      if (derived) return;
      import_need n;
      n.what = what;
      bool complete = false;  // some alternative is fully mapped
      for (const auto& alt : alternatives) {
        bool all = true;
        for (const auto& id : alt) all = all && given(field_index(id));
        complete = complete || all;
      }
      n.why = complete ? "need_no_rows" : "need_line";
      if (!complete) {
        // Only what is missing of each alternative.
        for (const auto& alt : alternatives) {
          std::vector<std::string> missing;
          for (const auto& id : alt)
            if (!given(field_index(id))) missing.push_back(id);
          n.fields.push_back(missing);
          for (const auto& id : missing) {
            std::size_t f = field_index(id), listed = 0;
            for (std::size_t c = 0; c < prof.size() && listed < 3; ++c)
              if (!used[c] && fits(prof[c], type[f])) {
                bool dup = false;
                for (const auto& k : n.candidates) dup = dup || (k.field == id && k.column == c + 1);
                if (!dup) n.candidates.push_back({id, c + 1, header[c]}), ++listed;
              }
          }
        }
      } else {
        for (const auto& alt : alternatives) {
          bool all = true;
          for (const auto& id : alt) all = all && given(field_index(id));
          if (all) n.fields.push_back(alt);
        }
      }
      s.needs.push_back(std::move(n));
    };
    auto has = [&](const char* pointer) { return s.measures.count(pointer) > 0; };
    if (kind == record_kind::shipments) {
      need("on_time", {{"promised_at", "delivered_at"}, {"on_time_flag"}, {"late_flag"}, {"transit_days", "promised_days"}},
           has("/measures/orders_total"));
      bool transit = false;
      for (const auto& [p, v] : s.measures) transit = transit || p.rfind("/measures/transit/", 0) == 0;
      need("transit", {{"mode", "shipped_at", "delivered_at"}, {"mode", "transit_days"}}, transit);
      if (mapped(s_status) && !statuses_understood()) {
        import_need n;
        n.what = "goods";
        n.why = "need_status_unreadable";
        n.fields.push_back({"status"});
        n.unknown = static_cast<std::size_t>(status_unknown);
        n.total = static_cast<std::size_t>(status_known + status_unknown);
        s.needs.push_back(std::move(n));
      } else {
        need("goods", {{"status"}}, has("/measures/goods_total"));
      }
      need("exceptions", {{"exception_opened_at", "exception_closed_at"}}, has("/measures/exception_cases"));
    } else {
      need("response", {{"asked_at", "first_reply_at"}}, has("/measures/inquiries_total"));
      need("resolution", {{"resolved"}}, has("/measures/problems_total"));
    }
  }

  // -- the end -----------------------------------------------------------------------------
  // Most status values not understood: an intact rate from the few that were would be shown as
  // measured when it is not (all unknown would read 0 %).
  bool statuses_understood() const {
    std::int64_t all = status_known + status_unknown;
    return all == 0 || status_unknown * 100 <= all * static_cast<std::int64_t>(rules.status_unknown_max_percent);
  }

  // Where a tallies' measures go: the file's own (its counts and modes go to the summary too)
  // or a data-quality finding's.
  struct measures_out {
    std::map<std::string, rational>& measures;
    std::map<std::string, std::vector<rational>>& lists;
    bool primary;
  };

  void recovery_measures(const tallies& t, bool rate_source, measures_out out) {
    const recovery_targets& r = *opt.recovery;
    std::int64_t banded = 0, freight_missing = t.list_missing;
    for (const auto& b : t.bands) banded += b.parcels, freight_missing += b.freight_missing;
    // Bands whose late orders all had no known delay would be zeros that are not true.
    if (rate_source && t.orders_total > 0 && (banded > 0 || t.late_unbanded == 0)) {
      for (std::size_t i = 0; i < t.bands.size(); ++i) {
        out.measures[r.late[i].parcels] = rational(t.bands[i].parcels);
        if (mapped(s_freight) && t.bands[i].freight_missing == 0) out.measures[r.late[i].freight] = t.bands[i].freight.value();
      }
    }
    if (mapped(s_status) && t.goods_total > 0 && statuses_understood()) {
      out.measures[r.damaged] = rational(t.damaged);
      out.measures[r.lost] = rational(t.lost);
      if (mapped(s_freight) && t.list_missing == 0 && t.list_not_kept == 0) {
        std::vector<rational>& list = out.lists[r.freights];
        for (auto micro : t.freights) list.push_back(rational(micro) / rational(1000000));
      }
    }
    if (!out.primary) return;
    if (t.late_unbanded) s.counts["count_late_unbanded"] = t.late_unbanded;
    if (freight_missing) s.counts["count_freight_missing"] = freight_missing;
    if (t.list_not_kept) s.counts["count_freights_not_kept"] = t.list_not_kept;
  }

  // Orders left undecided (no period end was given) are decided by the end the data shows.
  void decide_undelivered(tallies& t, latest as_of, bool primary) {
    for (const auto& [promise, u] : t.undelivered_by_promise) {
      if (as_of && promise < *as_of) {
        t.orders_total += u.orders;  // promise passed, not delivered: not on time
        if (primary) s.counts["count_undelivered_late"] += u.orders;
        if (opt.recovery && u.banded.parcels) {
          if (late_parcels* band = band_of(t, (*as_of - promise) * 1000000)) band->add(u.banded);
          else t.late_unbanded += u.banded.parcels;
        }
      } else if (primary) {
        s.counts["count_undelivered_pending"] += u.orders;
      }
    }
    t.undelivered_by_promise.clear();
  }

  // The measures `t` gives.
  void derive(const tallies& t, measures_out out) {
    const auto& mode_ids = rules.value_ids.at("mode");
    auto put = [&](const char* pointer, rational v) { out.measures[pointer] = std::move(v); };
    if (kind == record_kind::shipments) {
      bool rate_source = mapped(s_late) || mapped(s_on_time) || (mapped(s_promised) && mapped(s_delivered)) ||
                         (mapped(s_transit_days) && mapped(s_promised_days));
      if (rate_source && t.orders_total > 0) {
        put("/measures/orders_total", rational(t.orders_total));
        put("/measures/orders_on_time", rational(t.orders_on_time));
        if (out.primary) s.counts["count_rows_in_rate"] = t.orders_total;
      }
      for (std::size_t m = 0; m < mode_ids.size() && m < 3; ++m) {
        mode_totals mt;
        mt.orders = t.mode_orders[m];
        mt.on_time = t.mode_on_time[m];
        mt.shipments = t.mode_shipments[m];
        mt.days_total = days_of(t.mode_seconds[m], t.mode_micro[m]);
        if (t.mode_shipments[m] > 0) {
          out.measures[transit_shipments_pointer(mode_ids[m])] = rational(t.mode_shipments[m]);
          out.measures[transit_days_pointer(mode_ids[m])] = mt.days_total;
        }
        if (out.primary && (mt.orders || mt.shipments)) s.by_mode[mode_ids[m]] = std::move(mt);
      }
      if (mapped(s_status) && t.goods_total > 0 && statuses_understood()) {
        put("/measures/goods_total", rational(t.goods_total));
        put("/measures/goods_intact", rational(t.goods_intact));
      }
      if (mapped(s_exception_opened) && mapped(s_exception_closed) && s.rows_read > s.rows_blank) {
        put("/measures/exception_cases", rational(t.exception_cases));
        put("/measures/exception_hours_total", rational(t.exception_seconds) / rational(seconds_per_hour));
      }
      if (opt.recovery) recovery_measures(t, rate_source, out);
    } else {
      if (mapped(q_asked) && mapped(q_reply) && t.inquiries_total > 0) {
        put("/measures/inquiries_total", rational(t.inquiries_total));
        put("/measures/first_reply_minutes_total", rational(t.reply_seconds) / rational(seconds_per_minute));
      }
      if (mapped(q_resolved) && t.problems_total > 0) {
        put("/measures/problems_total", rational(t.problems_total));
        put("/measures/problems_resolved", rational(t.problems_resolved));
      }
    }
  }

  // Each finding with rows: the measures without them (for a clock most deliveries share: with
  // those deliveries read as dates). `file`: the tallies before the undecided orders were decided.
  void find_quality(const tallies& file) {
    for (std::size_t k = 0; k < findings; ++k) {
      if (finding_rows[k] == 0) continue;
      bool clock = (1u << k) & clock_bits;
      if (clock && finding_rows[k] * 100 < rules.quality_one_clock_percent * delivered_times) continue;
      quality_finding q;
      q.id = finding_ids[k];
      q.rows = finding_rows[k];
      if (clock) q.of = delivered_times;
      q.first_rows = std::move(finding_first[k]);
      q.rescored = !(k == static_cast<std::size_t>(finding::duplicate_id) && maybe_duplicates_full);
      if (q.rescored) {
        tallies t = file;
        t.add(delta[k], 1, rules.freight_list_max);
        t.settle_removed();
        // The end the data shows is the end of the rows the finding keeps.
        latest as_of = s.as_of;
        if (s.as_of_how == "data") {
          latest last = latest_clean;
          later(last, latest_kept[k]);
          as_of = last ? latest(day_end_after(*last)) : std::nullopt;
        }
        decide_undelivered(t, as_of, false);
        derive(t, {q.measures, q.lists, false});
      }
      s.quality.push_back(std::move(q));
    }
  }

  // The duplicate check's rows: each later row of an id is taken away with its tallies.
  void duplicate_found(std::size_t row, std::size_t first) {
    flag(row, "flag_duplicate_id", std::to_string(first));
    constexpr std::size_t k = static_cast<std::size_t>(finding::duplicate_id);
    note_finding(k, row);
    auto it = std::lower_bound(maybe_duplicates.begin(), maybe_duplicates.end(), row,
                               [](const maybe_duplicate& e, std::size_t r) { return e.row < r; });
    if (it != maybe_duplicates.end() && it->row == row) delta[k].add(it->tally, -1, rules.freight_list_max), it->duplicate = true;
    else maybe_duplicates_full = true;  // only when it was not kept aside
  }

  result<record_summary> finish() {
    if (!failed) reader.finish();
    if (!failed && reader.failed()) fail(reader.error());
    if (!failed && !header_done && opt.header_row && *opt.header_row > 0)
      fail({fmt::format("row {}", *opt.header_row), "the file has no such row to be the header",
            "error_header_row_missing", {{"row", std::to_string(*opt.header_row)}}});
    if (!failed && !header_done && !held.empty()) choose_header();
    if (!failed && !header_done) fail({"row 1", "the file is empty: expected a header row", "error_empty", {}});
    if (failed) return error;
    if (sampling) end_sampling();
    s.duplicate_ids_checked = ids.size();
    s.duplicate_check_complete = !ids.full();
    ids.find_duplicates([this](std::size_t row, std::size_t first) { duplicate_found(row, first); });
    for (const auto& m : maybe_duplicates)
      if (!m.duplicate) later(latest_kept[static_cast<std::size_t>(finding::duplicate_id)], m.latest);
    maybe_duplicates = {};
    std::stable_sort(s.flags.begin(), s.flags.end(), [](const row_flag& a, const row_flag& b) { return a.row < b.row; });
    s.csv = reader.stats();
    s.csv.header_fields = header.size();
    s.csv.ragged_rows = ragged;
    s.rows_blank += s.csv.blank_lines;
    if (s.csv.unclosed_quote_row) {
      ++s.problems_total;
      row_problem p;
      p.row = s.csv.unclosed_quote_row;
      p.why = "why_unclosed_quote";
      if (s.problems.size() < rules.problems_listed) s.problems.push_back(p);
    }
    if (opt.period_end) {
      s.as_of = opt.period_end;
      s.as_of_how = "period";
    } else if (latest_event) {
      s.as_of = day_end_after(*latest_event);
      s.as_of_how = "data";
    }
    bool any_finding = std::any_of(finding_rows.begin(), finding_rows.end(), [](std::size_t n) { return n > 0; });
    tallies file = any_finding ? totals : tallies{};
    decide_undelivered(totals, s.as_of, true);
    derive(totals, {s.measures, s.lists, true});
    if (any_finding) find_quality(file);
    for (auto& list : unknown)
      for (auto& u : list) s.unknown_values.push_back(std::move(u));
    if (status_unknown) s.counts["count_status_unknown"] = status_unknown;
    find_needs();
    s.drill = drill.finish(s.as_of);
    s.failing = failing.finish(s.as_of);
    s.failing.slow = opt.slow;
    s.transit_per_day = transit_by_time() ? seconds_per_day : 1000000;
    return std::move(s);
  }
};

record_importer::record_importer(record_kind kind, const import_rules& rules, import_options options)
    : impl_(std::make_unique<impl>(kind, rules, std::move(options))) {}

record_importer::~record_importer() = default;

void record_importer::feed(std::string_view chunk) {
  if (impl_->failed) return;
  impl_->reader.feed(chunk);
}

char* record_importer::buffer_for(std::size_t n) { return impl_->reader.buffer_for(n); }

void record_importer::commit(std::size_t n) {
  if (impl_->failed) return;
  impl_->reader.commit(n);
}

result<record_summary> record_importer::finish() { return impl_->finish(); }

std::size_t record_importer::records_read() const { return impl_->reader.stats().records; }

bool record_importer::stopped() const { return impl_->failed || impl_->reader.failed(); }

const column_mapping* record_importer::mapping() const { return impl_->header_done ? &impl_->s.mapping : nullptr; }

result<record_summary> propose_table(record_kind kind, std::string_view first_bytes, const import_rules& rules,
                                     import_options options) {
  // Only whole lines: the sample may end in the middle of a record.
  std::size_t end = first_bytes.rfind('\n');
  if (end != std::string_view::npos) first_bytes = first_bytes.substr(0, end + 1);
  options.recovery.reset();
  record_importer imp(kind, rules, std::move(options));
  imp.feed(first_bytes);
  return imp.finish();
}

result<column_mapping> propose_from_sample(record_kind kind, std::string_view first_bytes, const import_rules& rules) {
  auto table = propose_table(kind, first_bytes, rules);
  if (!table) {
    if (table.error().key == "error_no_columns") return column_mapping{kind, {}, {}, {}, date_order::unknown};
    return table.error();
  }
  return table->mapping;
}

std::optional<std::int64_t> period_end_instant(const period_data& period) {
  if (!period.period) return std::nullopt;
  auto day = parse_iso_date(period.period->end);
  if (!day) return std::nullopt;
  return (static_cast<std::int64_t>(*day) + 1) * seconds_per_day;
}

std::string transit_shipments_pointer(const std::string& mode) { return "/measures/transit/" + mode + "/shipments"; }
std::string transit_days_pointer(const std::string& mode) { return "/measures/transit/" + mode + "/days_total"; }

std::optional<std::int64_t> period_start_instant(const period_data& period) {
  if (!period.period) return std::nullopt;
  auto day = parse_iso_date(period.period->start);
  if (!day) return std::nullopt;
  return static_cast<std::int64_t>(*day) * seconds_per_day;
}

std::vector<std::string> merge_records(period_data& period, const record_summary& summary, const import_rules& rules) {
  std::vector<std::string> overridden;
  std::string source(to_string(summary.kind));
  for (const auto& rule : rules.kind(summary.kind).derivation) {
    if (rule.measures.empty()) continue;
    // Transit groups go mode by mode; every other group is taken whole.
    std::vector<std::vector<std::string>> groups;
    if (rule.id == "transit") {
      std::map<std::string, std::vector<std::string>> by_mode;  // "/measures/transit/land" → its pointers
      for (const auto& p : rule.measures) by_mode[p.substr(0, p.rfind('/'))].push_back(p);
      for (auto& [mode, ps] : by_mode) groups.push_back(ps);
    } else {
      groups.push_back(rule.measures);
    }
    for (const auto& g : groups) {
      bool explicit_given = false, derived = false;
      for (const auto& p : g) {
        explicit_given = explicit_given || period.measures.count(p);
        derived = derived || summary.measures.count(p) || summary.lists.count(p);
      }
      if (!derived) continue;
      for (const auto& p : g) {
        auto it = summary.measures.find(p);
        auto list = summary.lists.find(p);
        if (it == summary.measures.end() && list == summary.lists.end()) continue;
        if (explicit_given) {
          overridden.push_back(p);
          continue;
        }
        measure_value mv;
        if (it != summary.measures.end()) mv.number = it->second;
        else mv.numbers = list->second;
        mv.source = source;
        period.measures[p] = std::move(mv);
      }
    }
  }
  return overridden;
}

}  // namespace starsheet
