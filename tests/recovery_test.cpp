#include "recovery.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>

#include "period.h"
#include "starsheet.h"
#include "test_support.h"

using namespace starsheet;
using starsheet::test::default_pack;
using starsheet::test::period_with;
using nlohmann::json;

namespace {

using scored = starsheet::test::scored_period;

std::unique_ptr<scored> run(const json& measures) { return starsheet::test::score_measures(measures); }

rational dec(const char* s) { return *rational::from_decimal(s); }

const recovery_part& part(const recovery_estimate& e, recovery_part_kind kind, std::size_t nth = 0) {
  for (const auto& p : e.parts)
    if (p.kind == kind && nth-- == 0) return p;
  FAIL("no such part");
  return e.parts.front();
}

}  // namespace

TEST_CASE("the pack's compensation scheme", "[recovery]") {
  const recovery_rules& r = improvement_of(default_pack()).recovery;
  CHECK(cite(r.source) == "003 §3.1.3");
  REQUIRE(r.late.size() == 3);
  CHECK(r.late[0].share == dec("0.1"));
  CHECK(*r.late[0].max_hours == rational(24));
  CHECK_FALSE(r.late[0].max_inclusive);  // under 24 h
  CHECK(r.late[1].share == dec("0.2"));
  CHECK(r.late[1].max_inclusive);        // 24–48 h includes 48 h
  CHECK(r.late[2].share == dec("0.3"));
  CHECK_FALSE(r.late[2].max_hours);      // over 48 h
  CHECK(r.information_lag.share == dec("0.5"));
  CHECK(r.uninsured_multiple_low == rational(3));
  CHECK(r.uninsured_multiple_high == rational(5));
  CHECK(r.cap == rational(1000));
  CHECK(r.currency == "USD");
}

TEST_CASE("the November example, by hand", "[recovery]") {
  auto s = starsheet::test::score_text(starsheet::test::example("huayun-2026-11.json"));
  recovery_estimate e = estimate_recovery(recovery_input_from(s->period, default_pack()), default_pack(), nullptr);
  REQUIRE(e.measured);
  REQUIRE(e.priced);
  // Average freight 186; late under 24 h: 70 × 186 × 10 % = 1302
  CHECK(part(e, recovery_part_kind::late, 0).low == dec("1302"));
  // late 24–48 h: 31 × 186 × 20 % = 1153.2
  CHECK(part(e, recovery_part_kind::late, 1).low == dec("1153.2"));
  // late over 48 h: 14 × 186 × 30 % = 781.2
  CHECK(part(e, recovery_part_kind::late, 2).low == dec("781.2"));
  // Damaged 84 + lost 5 = 89, of which 12 insured: 77 uninsured. The cap is 1000 USD × 7.1 =
  // 7100 per parcel, above 5 × 186 = 930, so: 77 × 3 × 186 = 42966 to 77 × 5 × 186 = 71610.
  const recovery_part& un = part(e, recovery_part_kind::uninsured);
  CHECK(un.parcels == rational(77));
  CHECK(e.cap_in_freight == rational(7100));
  CHECK(un.low == rational(42966));
  CHECK(un.high == rational(71610));
  // Insured: 100 % of the insured value 18600.
  CHECK(part(e, recovery_part_kind::insured).low == rational(18600));
  // Stalled tracking: 40 × 186 × 50 % = 3720.
  CHECK(part(e, recovery_part_kind::information_lag).low == rational(3720));
  // Total: 1302 + 1153.2 + 781.2 + 42966 + 18600 + 3720 = 68522.4, and with 71610: 97166.4.
  CHECK(e.low == dec("68522.4"));
  CHECK(e.high == dec("97166.4"));
  CHECK(e.removed_low.is_zero());
}

TEST_CASE("the cap applies per parcel when records give each parcel's freight", "[recovery]") {
  recovery_input in;
  in.lost = rational(2);
  in.damaged_lost_freights = std::vector<rational>{rational(100), rational(400)};
  // Freight 100: 3× = 300, 5× = 500; freight 400: 3× = 1200 → cap 1000, 5× = 2000 → cap 1000.
  // Low 300 + 1000 = 1300; high 500 + 1000 = 1500.
  recovery_estimate e = estimate_recovery(in, default_pack(), nullptr);
  const recovery_part& un = part(e, recovery_part_kind::uninsured);
  CHECK(un.low == rational(1300));
  CHECK(un.high == rational(1500));
  // The same parcels priced at an average freight of 250: 3 × 250 = 750 and 5 × 250 = 1250 →
  // capped at 1000: 2 × 750 = 1500 to 2 × 1000 = 2000 (the average hides the spread).
  in.damaged_lost_freights.reset();
  in.average_freight = rational(250);
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(part(e, recovery_part_kind::uninsured).low == rational(1500));
  CHECK(part(e, recovery_part_kind::uninsured).high == rational(2000));
  // Freight sums per delay band replace count × average: 10 % of 555 = 55.5.
  in.late = {{rational(3), rational(555)}, {}, {}};
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(part(e, recovery_part_kind::late).low == dec("55.5"));
  CHECK(part(e, recovery_part_kind::late).own_freight);
  CHECK(part(e, recovery_part_kind::late).freight == rational(555));
}

TEST_CASE("freight from the period: band totals and a per-parcel list", "[recovery]") {
  auto s = run({{"orders_total", 100}, {"orders_on_time", 90}, {"goods_total", 100}, {"goods_intact", 96},
                {"recovery", {{"late_under_24h", 6}, {"late_under_24h_freight", 123.4}, {"late_24_to_48h", 3},
                              {"late_over_48h", 1}, {"late_over_48h_freight", 80}, {"damaged", 3}, {"lost", 1},
                              {"damaged_lost_freights", {50, 10, 400, 250}}, {"insured_parcels", 1},
                              {"average_freight", 20}}}});
  recovery_estimate e = estimate_recovery(recovery_input_from(s->period, default_pack()), default_pack(), nullptr);
  // Under 24 h on its own freight: 10 % of 123.4 = 12.34.
  CHECK(part(e, recovery_part_kind::late, 0).low == dec("12.34"));
  CHECK(part(e, recovery_part_kind::late, 0).own_freight);
  // 24–48 h has no freight total: 3 × average 20 × 20 % = 12.
  CHECK(part(e, recovery_part_kind::late, 1).low == rational(12));
  CHECK_FALSE(part(e, recovery_part_kind::late, 1).own_freight);
  // Over 48 h: 30 % of 80 = 24.
  CHECK(part(e, recovery_part_kind::late, 2).low == rational(24));
  // 4 damaged or lost, 1 insured, 3 uninsured; sorted freights 10, 50, 250, 400.
  // Low: the three cheapest at 3×: 30 + 150 + 750 = 930.
  // High: the three dearest at 5×, capped at 1000: min(2000) + min(1250) + 250 = 1000 + 1000 + 250 = 2250.
  const recovery_part& un = part(e, recovery_part_kind::uninsured);
  CHECK(un.parcels == rational(3));
  CHECK(un.own_freight);
  CHECK(un.low == rational(930));
  CHECK(un.high == rational(2250));
  // Total: 12.34 + 12 + 24 + 930 = 978.34 to 12.34 + 12 + 24 + 2250 = 2298.34.
  CHECK(e.low == dec("978.34"));
  CHECK(e.high == dec("2298.34"));
  auto report = score_period(period_with({{"orders_total", 100}, {"orders_on_time", 90},
                                          {"recovery", {{"late_under_24h", 6}, {"late_under_24h_freight", 123.4}}}}),
                             default_pack(), report_format::text, lang::en);
  REQUIRE(report);
  CHECK(report->find("Late by less than 24 h: 6 parcels, their freight 123.4 × 10% = 12.34") != std::string::npos);
  CHECK(report->find("Estimated compensation this period: 12.34–12.34 (freight currency; each parcel's own freight)") !=
        std::string::npos);
}

TEST_CASE("recovery freights that contradict the counts are input errors", "[recovery]") {
  auto error_of = [](const json& recovery) {
    auto r = score_period(period_with({{"orders_total", 100}, {"orders_on_time", 90}, {"recovery", recovery}}),
                          default_pack(), report_format::json, lang::en);
    REQUIRE_FALSE(r);
    return describe(r.error());
  };
  CHECK(error_of({{"damaged", 2}, {"lost", 1}, {"damaged_lost_freights", {5, 6}}}) ==
        "/measures/recovery/damaged_lost_freights: 2 freights listed, but 3 parcels damaged or lost "
        "(/measures/recovery/damaged + /measures/recovery/lost); list one freight per parcel");
  CHECK(error_of({{"damaged_lost_freights", {5}}}) ==
        "/measures/recovery/damaged_lost_freights: freights are listed, but not how many parcels were damaged "
        "(/measures/recovery/damaged) or lost (/measures/recovery/lost)");
  CHECK(error_of({{"late_24_to_48h_freight", 50}}) ==
        "/measures/recovery/late_24_to_48h_freight: a freight total is given, but not the number of parcels "
        "(/measures/recovery/late_24_to_48h)");
  CHECK(error_of({{"late_over_48h", 0}, {"late_over_48h_freight", 50}}) ==
        "/measures/recovery/late_over_48h_freight: a freight of 50 for 0 parcels (/measures/recovery/late_over_48h)");
  CHECK(error_of({{"damaged", 1}, {"damaged_lost_freights", {-5}}}) ==
        "/measures/recovery/damaged_lost_freights/0: expected a number ≥ 0, got -5");
  CHECK(error_of({{"damaged", 1}, {"damaged_lost_freights", 5}}) ==
        "/measures/recovery/damaged_lost_freights: expected a list of numbers ≥ 0, got 5");
}

TEST_CASE("a plan step removes its share of the failures' compensation", "[recovery]") {
  auto s = run({{"orders_total", 100}, {"orders_on_time", 93}, {"goods_total", 100}, {"goods_intact", 96},
                {"recovery", {{"late_under_24h", 4}, {"late_24_to_48h", 2}, {"late_over_48h", 1}, {"damaged", 3},
                              {"lost", 1}, {"information_lag", 2}, {"average_freight", 10}}}});
  const assessment& a = s->a;
  // A plan that takes on-time from 93 % to 95 % (removing 2/7 of late orders) and intact goods
  // from 96 % to 99 % (removing 3/4 of the damaged and lost).
  plan p;
  plan_step on_time, intact;
  on_time.indicator = &a.indicators[0];
  on_time.option = plan_option{1, 4, rational(2) / rational(7), rational(95), rational(2) / rational(7)};
  intact.indicator = &a.indicators[6];
  REQUIRE(intact.indicator->rule->id == "intact_rate");
  intact.option = plan_option{0, 4, dec("0.75"), rational(99), dec("0.75")};
  p.steps = {on_time, intact};
  recovery_estimate e = estimate_recovery(recovery_input_from(s->period, default_pack()), default_pack(), &p);
  // Late: 4 × 10 × 10 % = 4, 2 × 10 × 20 % = 4, 1 × 10 × 30 % = 3: 11; 2/7 of it = 22/7.
  CHECK(part(e, recovery_part_kind::late, 0).removed_low == rational(8) / rational(7));
  CHECK(part(e, recovery_part_kind::late, 1).removed_low == rational(8) / rational(7));
  CHECK(part(e, recovery_part_kind::late, 2).removed_low == rational(6) / rational(7));
  // Damaged and lost: 4 uninsured × 3 × 10 = 120 to 4 × 5 × 10 = 200; 3/4 of it = 90 to 150.
  CHECK(part(e, recovery_part_kind::uninsured).removed_low == rational(90));
  CHECK(part(e, recovery_part_kind::uninsured).removed_high == rational(150));
  // Stalled tracking (2 × 10 × 50 % = 10) moves with no indicator: nothing removed.
  CHECK(part(e, recovery_part_kind::information_lag).low == rational(10));
  CHECK(part(e, recovery_part_kind::information_lag).removed_low.is_zero());
  // Totals: 11 + 120 + 10 = 141 to 11 + 200 + 10 = 221; removed 22/7 + 90 to 22/7 + 150.
  CHECK(e.low == rational(141));
  CHECK(e.high == rational(221));
  CHECK(e.removed_low == rational(22) / rational(7) + rational(90));
  CHECK(e.removed_high == rational(22) / rational(7) + rational(150));
}

TEST_CASE("counts without an average freight are listed, not priced", "[recovery]") {
  auto s = run({{"recovery", {{"late_under_24h", 4}}}});
  recovery_estimate e = estimate_recovery(recovery_input_from(s->period, default_pack()), default_pack(), nullptr);
  CHECK(e.measured);
  CHECK_FALSE(e.priced);
  CHECK_FALSE(e.parts.front().priced);
  auto none = run({{"orders_total", 10}});
  CHECK_FALSE(estimate_recovery(recovery_input_from(none->period, default_pack()), default_pack(), nullptr).measured);
}

TEST_CASE("recovery measures that contradict the period are errors", "[recovery]") {
  auto s = run({{"recovery", {{"damaged", 2}, {"lost", 1}, {"insured_parcels", 4}}}});
  auto err = check_recovery_input(s->period, default_pack());
  REQUIRE(err);
  CHECK(err->where == "/measures/recovery/insured_parcels");
  CHECK(err->message == "4 insured parcels, but only 3 damaged or lost (/measures/recovery/damaged + /measures/recovery/lost)");
  s = run({{"goods_total", 10}, {"recovery", {{"damaged", 8}, {"lost", 3}}}});
  err = check_recovery_input(s->period, default_pack());
  REQUIRE(err);
  CHECK(err->where == "/measures/recovery/lost");
  CHECK(err->message == "11 damaged or lost parcels, more than /measures/goods_total (10)");
  s = run({{"orders_total", 10}, {"recovery", {{"late_under_24h", 8}, {"late_over_48h", 3}}}});
  err = check_recovery_input(s->period, default_pack());
  REQUIRE(err);
  CHECK(err->where == "/measures/recovery/late_under_24h");
  CHECK(err->message == "11 late parcels in the delay bands, more than /measures/orders_total (10)");
  s = run({{"orders_total", 10}, {"goods_total", 10}, {"recovery", {{"late_under_24h", 10}, {"damaged", 10}}}});
  CHECK_FALSE(check_recovery_input(s->period, default_pack()));
}

TEST_CASE("unknown members under recovery stay visible as ignored", "[recovery]") {
  auto s = run({{"recovery", {{"late_under_24h", 1}, {"late_under_12h", 5}}}, {"complaints", {{"reopened", 2}}}});
  CHECK(s->period.ignored == std::vector<std::string>{"/measures/complaints/reopened", "/measures/recovery/late_under_12h"});
  CHECK(s->period.measures.count("/measures/recovery/late_under_24h") == 1);
  // And a type error inside the object names the member.
  auto bad = parse_period(period_with({{"recovery", {{"lost", -1}}}}), default_pack());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "/measures/recovery/lost");
}
