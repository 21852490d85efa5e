// What the rows of a record file add up to, before they become measures (import.cpp only).
// The import keeps one `tallies` for the whole file. A row with a data-quality finding is first
// tallied on its own, so that each finding can keep what its rows add (with the sign turned):
// the file's tallies plus a finding's difference are the file without those rows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "exact.h"

namespace starsheet::import_detail {

// An exact sum of amounts in millionths: an int64 that spills into a rational before it
// would overflow.
class money_sum {
 public:
  void add(std::int64_t micro) {
    std::int64_t sum;
    if (__builtin_add_overflow(micro_, micro, &sum)) {
      spill_ = spill_ + rational(micro_) + rational(micro);
      micro_ = 0;
    } else {
      micro_ = sum;
    }
  }
  void add(const money_sum& o, int sign = 1) {
    if (!o.spill_.is_zero()) spill_ = sign > 0 ? spill_ + o.spill_ : spill_ - o.spill_;
    if (sign > 0) return add(o.micro_);
    if (o.micro_ == INT64_MIN) spill_ = spill_ - rational(o.micro_);
    else add(-o.micro_);
  }
  rational value() const { return (spill_ + rational(micro_)) / rational(1000000); }
  bool is_zero() const { return micro_ == 0 && spill_.is_zero(); }

 private:
  std::int64_t micro_ = 0;
  rational spill_;
};

// Late parcels and their freight; parcels with no readable freight are counted apart, so that
// a freight total is only given when it covers every parcel.
struct late_parcels {
  std::int64_t parcels = 0, freight_missing = 0;
  money_sum freight;

  void add(std::optional<std::int64_t> micro, bool freight_mapped) {
    ++parcels;
    if (micro) freight.add(*micro);
    else freight_missing += freight_mapped;
  }
  void add(const late_parcels& o, int sign = 1) {
    parcels += sign * o.parcels;
    freight_missing += sign * o.freight_missing;
    freight.add(o.freight, sign);
  }
  bool empty() const { return parcels == 0 && freight_missing == 0 && freight.is_zero(); }
};

// Orders not delivered while the period end is unknown, by promise: decided at the end.
struct undelivered {
  std::int64_t orders = 0;
  late_parcels banded;  // the orders not lost: late by a delay band if the promise passed
};

struct tallies {
  std::int64_t orders_total = 0, orders_on_time = 0;
  std::array<std::int64_t, 3> mode_orders{}, mode_on_time{}, mode_shipments{}, mode_seconds{}, mode_micro{};
  std::int64_t goods_total = 0, goods_intact = 0, exception_cases = 0, exception_seconds = 0;
  std::int64_t inquiries_total = 0, reply_seconds = 0, problems_total = 0, problems_resolved = 0;
  // Service recovery: late parcels by delay band, damaged and lost parcels with their freight.
  std::vector<late_parcels> bands;
  std::int64_t late_unbanded = 0, damaged = 0, lost = 0, list_missing = 0, list_not_kept = 0;
  std::vector<std::int64_t> freights;          // the damaged and lost parcels' freight, micro
  std::vector<std::int64_t> freights_removed;  // a difference's freights to take out
  std::map<std::int64_t, undelivered> undelivered_by_promise;

  /// Adds `o` (sign 1) or takes it away (sign −1). Freights past `list_max` are only counted.
  void add(const tallies& o, int sign, std::size_t list_max) {
    orders_total += sign * o.orders_total;
    orders_on_time += sign * o.orders_on_time;
    for (std::size_t m = 0; m < 3; ++m) {
      mode_orders[m] += sign * o.mode_orders[m];
      mode_on_time[m] += sign * o.mode_on_time[m];
      mode_shipments[m] += sign * o.mode_shipments[m];
      mode_seconds[m] += sign * o.mode_seconds[m];
      mode_micro[m] += sign * o.mode_micro[m];
    }
    goods_total += sign * o.goods_total;
    goods_intact += sign * o.goods_intact;
    exception_cases += sign * o.exception_cases;
    exception_seconds += sign * o.exception_seconds;
    inquiries_total += sign * o.inquiries_total;
    reply_seconds += sign * o.reply_seconds;
    problems_total += sign * o.problems_total;
    problems_resolved += sign * o.problems_resolved;
    if (bands.size() < o.bands.size()) bands.resize(o.bands.size());
    for (std::size_t b = 0; b < o.bands.size(); ++b) bands[b].add(o.bands[b], sign);
    late_unbanded += sign * o.late_unbanded;
    damaged += sign * o.damaged;
    lost += sign * o.lost;
    list_missing += sign * o.list_missing;
    list_not_kept += sign * o.list_not_kept;
    auto& into = sign > 0 ? freights : freights_removed;
    auto& out = sign > 0 ? freights_removed : freights;
    for (auto v : o.freights) {
      if (sign < 0 || freights.size() < list_max) into.push_back(v);
      else ++list_not_kept;
    }
    out.insert(out.end(), o.freights_removed.begin(), o.freights_removed.end());
    for (const auto& [promise, u] : o.undelivered_by_promise) {
      undelivered& mine = undelivered_by_promise[promise];
      mine.orders += sign * u.orders;
      mine.banded.add(u.banded, sign);
      if (mine.orders == 0 && mine.banded.empty()) undelivered_by_promise.erase(promise);
    }
  }

  /// Takes the removed freights out of the list, one for each, keeping the list's order; a
  /// removed freight not in it was one past the list, only counted.
  void settle_removed() {
    if (freights_removed.empty()) return;
    std::map<std::int64_t, std::int64_t> removed;
    for (auto v : freights_removed) ++removed[v];
    std::vector<std::int64_t> kept;
    kept.reserve(freights.size());
    for (auto v : freights) {
      auto it = removed.find(v);
      if (it != removed.end() && it->second > 0) --it->second;
      else kept.push_back(v);
    }
    for (const auto& [v, n] : removed) list_not_kept -= n;
    freights = std::move(kept);
    freights_removed.clear();
  }

  /// Back to nothing, keeping the band slots (a row's tallies are reused row after row).
  void clear() {
    std::size_t nbands = bands.size();
    std::vector<late_parcels> b = std::move(bands);
    std::vector<std::int64_t> f = std::move(freights), fr = std::move(freights_removed);
    *this = tallies{};
    b.assign(nbands, late_parcels{});
    f.clear();
    fr.clear();
    bands = std::move(b);
    freights = std::move(f);
    freights_removed = std::move(fr);
  }
};

}  // namespace starsheet::import_detail
