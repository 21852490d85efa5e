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
  in.freight_currency = "USD";  // the cap's own currency: the cap is 1000
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
                              {"average_freight", 20}, {"freight_currency", "USD"}}}});
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
  // Equal ends are one number, in the freight currency (CNY unless another is chosen).
  CHECK(report->find("Estimated compensation this period: 12.34 CNY (each parcel's own freight)") != std::string::npos);
  CHECK(report->find("12.34–12.34") == std::string::npos);
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

// --- issue 10 item 7: compensation in the right currency ------------------------------------

TEST_CASE("the pack's freight currency and reference rate", "[recovery][currency]") {
  const recovery_exchange& x = improvement_of(default_pack()).recovery.exchange;
  CHECK(x.freight_currency == "/measures/recovery/freight_currency");
  CHECK(x.default_currency == "CNY");
  CHECK(x.rate == "/measures/recovery/usd_rate");
  CHECK(x.older_rate == "/measures/recovery/freight_per_usd");
  REQUIRE(x.find("CNY"));
  CHECK(x.find("CNY")->rate == dec("7.1"));
  CHECK(x.find("CNY")->as_of == "2026-11-30");
  CHECK_FALSE(x.find("HKD"));  // no reference rate: the user gives one
}

TEST_CASE("a CNY freight under the USD cap: reference rate, cap edge and one unit each side", "[recovery][currency]") {
  recovery_input in;
  in.lost = rational(1);
  // Cap 1000 USD × 7.1 = 7100 CNY. 5 × 1420 = 7100 sits on the cap exactly.
  in.average_freight = rational(1420);
  recovery_estimate e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(e.currency == "CNY");
  CHECK(e.rate_from == rate_source::reference);
  CHECK(*e.rate == dec("7.1"));
  REQUIRE(e.reference);
  CHECK(e.reference->as_of == "2026-11-30");
  REQUIRE(e.cap_in_freight);
  CHECK(*e.cap_in_freight == rational(7100));
  CHECK(part(e, recovery_part_kind::uninsured).low == rational(4260));   // 3 × 1420
  CHECK(part(e, recovery_part_kind::uninsured).high == rational(7100));  // 5 × 1420 = the cap
  // One yuan below: 5 × 1419 = 7095, under the cap.
  in.average_freight = rational(1419);
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(part(e, recovery_part_kind::uninsured).low == rational(4257));
  CHECK(part(e, recovery_part_kind::uninsured).high == rational(7095));
  // One yuan above: 5 × 1421 = 7105, capped at 7100.
  in.average_freight = rational(1421);
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(part(e, recovery_part_kind::uninsured).high == rational(7100));
  // Taken 1:1 as USD (the old default) it would have been capped at 1000: 7100 is not 1000.
  CHECK(e.high == rational(7100));
}

TEST_CASE("a CNY freight under the USD cap at the user's rate, exactly", "[recovery][currency]") {
  recovery_input in;
  in.lost = rational(1);
  in.average_freight = rational(1420);
  in.rate = dec("7.0885");  // cap 7088.5: 5 × 1420 = 7100 is now above it
  recovery_estimate e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(e.rate_from == rate_source::given);
  CHECK(e.reference == nullptr);
  CHECK(*e.cap_in_freight == dec("7088.5"));
  CHECK(part(e, recovery_part_kind::uninsured).low == rational(4260));
  CHECK(part(e, recovery_part_kind::uninsured).high == dec("7088.5"));
  // One unit below the converted cap: 5 × 1417.7 = 7088.5 exactly on it; 5 × 1417.69 = 7088.45 under it.
  in.average_freight = dec("1417.7");
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(part(e, recovery_part_kind::uninsured).high == dec("7088.5"));
  in.average_freight = dec("1417.69");
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(part(e, recovery_part_kind::uninsured).high == dec("7088.45"));
  // A rate with many decimals stays exact: 1000 × 7.123456789 = 7123.456789.
  in.rate = dec("7.123456789");
  in.average_freight = rational(2000);
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(*e.cap_in_freight == dec("7123.456789"));
  CHECK(part(e, recovery_part_kind::uninsured).high == dec("7123.456789"));
}

TEST_CASE("the rate from the period: the new name, the older one, and contradictions", "[recovery][currency]") {
  auto input_of = [](const json& recovery) {
    auto s = run({{"recovery", recovery}});
    return estimate_recovery(recovery_input_from(s->period, default_pack()), default_pack(), nullptr);
  };
  recovery_estimate e = input_of({{"lost", 1}, {"average_freight", 100}, {"usd_rate", 7.2}});
  CHECK(e.rate_from == rate_source::given);
  CHECK(*e.cap_in_freight == rational(7200));
  // The older name is still read, as the same rate.
  e = input_of({{"lost", 1}, {"average_freight", 100}, {"freight_per_usd", 7.25}});
  CHECK(e.rate_from == rate_source::given);
  CHECK(*e.cap_in_freight == rational(7250));
  // Freight in US dollars: no conversion.
  e = input_of({{"lost", 1}, {"average_freight", 100}, {"freight_currency", "USD"}});
  CHECK(e.rate_from == rate_source::same_currency);
  CHECK(*e.cap_in_freight == rational(1000));
  // Hong Kong dollars: the pack has no reference rate; with the user's rate it prices.
  e = input_of({{"lost", 1}, {"average_freight", 100}, {"freight_currency", "HKD"}, {"usd_rate", 7.8}});
  CHECK(e.currency == "HKD");
  CHECK(*e.cap_in_freight == rational(7800));
  CHECK(e.priced);

  auto error_of = [](const json& recovery) {
    auto r = score_period(period_with({{"recovery", recovery}}), default_pack(), report_format::json, lang::en);
    REQUIRE_FALSE(r);
    return describe(r.error());
  };
  CHECK(error_of({{"lost", 1}, {"usd_rate", 7.2}, {"freight_per_usd", 7.1}}) ==
        "/measures/recovery/freight_per_usd: /measures/recovery/freight_per_usd is the older name of "
        "/measures/recovery/usd_rate, which gives another rate (7.1 and 7.2)");
  CHECK(error_of({{"lost", 1}, {"freight_currency", "USD"}, {"usd_rate", 7.1}}) ==
        "/measures/recovery/usd_rate: freight is in USD (/measures/recovery/freight_currency), the cap's own currency, "
        "so the rate is 1, not 7.1");
  CHECK(error_of({{"freight_currency", "RMB"}}) ==
        "/measures/recovery/freight_currency: unknown value \"RMB\" (expected one of: CNY, USD, HKD, EUR)");
  CHECK(error_of({{"freight_currency", 1}}) ==
        "/measures/recovery/freight_currency: expected one of: CNY, USD, HKD, EUR, got 1");
  CHECK(error_of({{"usd_rate", 0}}) == "/measures/recovery/usd_rate: expected a number > 0, got 0");
  // The same rate under both names is no contradiction.
  CHECK(score_period(period_with({{"recovery", {{"lost", 1}, {"usd_rate", 7.1}, {"freight_per_usd", 7.1}}}}),
                     default_pack(), report_format::json, lang::en));
}

TEST_CASE("unpriced parts ask for what prices them, and no rate leaves the capped part unpriced", "[recovery][currency]") {
  recovery_input in;
  in.late = {{rational(4), std::nullopt}, {rational(0), std::nullopt}, {}};
  in.lost = rational(2);
  recovery_estimate e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(e.measured);
  CHECK_FALSE(e.priced);
  CHECK_FALSE(e.total_known);  // nothing with parcels has an amount: no total, not "0"
  CHECK_FALSE(part(e, recovery_part_kind::late, 0).priced);
  CHECK(part(e, recovery_part_kind::late, 0).needs == std::vector<std::string>{"/measures/recovery/average_freight"});
  // A band with no parcel costs nothing, freight or not.
  CHECK(part(e, recovery_part_kind::late, 1).priced);
  CHECK(part(e, recovery_part_kind::late, 1).low.is_zero());
  CHECK(part(e, recovery_part_kind::uninsured).needs == std::vector<std::string>{"/measures/recovery/average_freight"});
  // Euros and no rate: the share parts price, the capped part needs the rate.
  in.average_freight = rational(20);
  in.freight_currency = "EUR";
  e = estimate_recovery(in, default_pack(), nullptr);
  CHECK(e.rate_from == rate_source::none);
  CHECK_FALSE(e.cap_in_freight);
  CHECK(e.total_known);
  CHECK(part(e, recovery_part_kind::late, 0).low == rational(8));  // 4 × 20 × 10 %
  CHECK_FALSE(part(e, recovery_part_kind::uninsured).priced);
  CHECK(part(e, recovery_part_kind::uninsured).needs == std::vector<std::string>{"/measures/recovery/usd_rate"});
  CHECK(e.low == rational(8));
  CHECK(e.high == rational(8));
}

TEST_CASE("the result states the currency and the rate, and never prints 0–0", "[recovery][currency]") {
  auto text = [](const json& recovery, lang l) {
    auto r = score_period(period_with({{"orders_total", 100}, {"orders_on_time", 90}, {"recovery", recovery}}),
                          default_pack(), report_format::text, l);
    REQUIRE(r);
    return *r;
  };
  auto json_of = [](const json& recovery) {
    auto r = score_period(period_with({{"orders_total", 100}, {"orders_on_time", 90}, {"recovery", recovery}}),
                          default_pack(), report_format::json, lang::zh);
    REQUIRE(r);
    return json::parse(*r)["recovery"];
  };
  const json priced = {{"late_under_24h", 3}, {"lost", 1}, {"average_freight", 1420}};
  std::string zh = text(priced, lang::zh);
  CHECK_THAT(zh, Catch::Contains("运费按人民币计，1 USD = 7.1 CNY（规则包的参考汇率：2026-11-30 的约数，仅供估算；可在“汇率”一栏填写本期汇率）"));
  CHECK_THAT(zh, Catch::Contains("破损和丢失：1 件未保价 × 运费的 3–5 倍，每件最多 7,100 CNY（1,000 USD） = 4,260–7,100"));
  // 3 × 1420 × 10 % = 426; total 426 + 4260 = 4686 to 426 + 7100 = 7526.
  CHECK_THAT(zh, Catch::Contains("本期估计赔付：4,686–7,526 CNY（每件平均运费 1,420）"));
  std::string en = text(priced, lang::en);
  CHECK_THAT(en, Catch::Contains("Freight in Chinese yuan; 1 USD = 7.1 CNY (the rule pack's reference rate: approximate, as of 2026-11-30, for estimates only; enter the period's rate under Exchange rate)"));
  CHECK_THAT(text({{"lost", 1}, {"average_freight", 100}, {"usd_rate", 7.25}}, lang::zh),
             Catch::Contains("运费按人民币计，1 USD = 7.25 CNY（本期填写的汇率）"));
  CHECK_THAT(text({{"lost", 1}, {"average_freight", 100}, {"freight_currency", "USD"}}, lang::en),
             Catch::Contains("Freight in US dollars, the currency of the compensation cap: no conversion"));

  // No freight: each part says what to enter, and there is no total at all.
  const json unpriced = {{"late_under_24h", 4}, {"lost", 2}};
  std::string none = text(unpriced, lang::en);
  CHECK_THAT(none, Catch::Contains("Late by less than 24 h: 4 parcels, not priced — enter Average freight per parcel"));
  CHECK_THAT(none, Catch::Contains("Damaged and lost: 2 parcels, not priced — enter Average freight per parcel"));
  CHECK(none.find("0–0") == std::string::npos);
  CHECK(none.find("Estimated compensation") == std::string::npos);
  CHECK_THAT(text(unpriced, lang::zh), Catch::Contains("延误不足24小时：4 件，未计价——请填写每件平均运费"));
  json j = json_of(unpriced);
  CHECK(j["total_low"].is_null());
  CHECK(j["total_high"].is_null());
  CHECK(j["total_text"].is_null());
  CHECK(j["parts"][0]["needs"] == json::array({"/measures/recovery/average_freight"}));
  CHECK(j["parts"][0]["text"] == "延误不足24小时：4 件，未计价——请填写每件平均运费");

  // The JSON carries the currency, the rate and where it came from.
  j = json_of(priced);
  CHECK(j["freight_currency"] == "CNY");
  CHECK(j["freight_currency_label"] == "人民币");
  CHECK(j["exchange_rate"]["from"] == "USD");
  CHECK(j["exchange_rate"]["to"] == "CNY");
  CHECK(j["exchange_rate"]["rate"] == 7.1);
  CHECK(j["exchange_rate"]["source"] == "rule_pack");
  CHECK(j["exchange_rate"]["as_of"] == "2026-11-30");
  CHECK(j["cap_in_freight_currency"] == 7100);
  CHECK(j["currency_text"] == "运费按人民币计，1 USD = 7.1 CNY（规则包的参考汇率：2026-11-30 的约数，仅供估算；可在“汇率”一栏填写本期汇率）");
  CHECK(j["total_text"] == "本期估计赔付：4,686–7,526 CNY（每件平均运费 1,420）");
  j = json_of({{"lost", 1}, {"average_freight", 100}, {"usd_rate", 7.25}});
  CHECK(j["exchange_rate"]["source"] == "period");
  CHECK(j["exchange_rate"]["as_of"].is_null());
  // Euros without a rate: the sentence asks for one, the cap part says so.
  std::string eur = text({{"late_under_24h", 4}, {"lost", 2}, {"average_freight", 20}, {"freight_currency", "EUR"}}, lang::en);
  CHECK_THAT(eur, Catch::Contains("Freight in euros; the rule pack has no reference rate for EUR: enter Exchange rate: "
                                  "freight currency per US dollar, or the cap cannot be converted"));
  CHECK_THAT(eur, Catch::Contains("Damaged and lost: 2 parcels, not priced — enter Exchange rate: freight currency per US dollar"));
  CHECK_THAT(eur, Catch::Contains("Estimated compensation this period: 8 EUR (average freight 20 per parcel); "
                                  "not priced and not in the total: Damaged and lost"));
  CHECK(json_of({{"lost", 2}, {"average_freight", 20}, {"freight_currency", "EUR"}})["exchange_rate"]["source"] == "none");
}

TEST_CASE("a range whose ends are equal is one number", "[recovery][currency]") {
  // All damaged and lost parcels insured: the uninsured part is 0, shown as "0", not "0–0".
  auto r = score_period(period_with({{"recovery", {{"damaged", 2}, {"insured_parcels", 2}, {"insured_value", 300},
                                                   {"average_freight", 50}}}}),
                        default_pack(), report_format::text, lang::en);
  REQUIRE(r);
  CHECK_THAT(*r, Catch::Contains("Damaged and lost: 0 uninsured parcels × 3–5 × freight, at most 7,100 CNY (1,000 USD) each = 0\n"));
  CHECK_THAT(*r, Catch::Contains("Estimated compensation this period: 300 CNY"));
  CHECK(r->find("0–0") == std::string::npos);
  CHECK(r->find("300–300") == std::string::npos);
}

TEST_CASE("freight in the cap's own currency shows the cap once", "[recovery][currency]") {
  auto r = score_period(period_with({{"recovery", {{"lost", 1}, {"average_freight", 300}, {"freight_currency", "USD"}}}}),
                        default_pack(), report_format::text, lang::en);
  REQUIRE(r);
  // 3 × 300 = 900 to 5 × 300 = 1500, capped at 1000.
  CHECK_THAT(*r, Catch::Contains("Damaged and lost: 1 uninsured parcels × 3–5 × freight, at most 1,000 USD each = 900–1,000\n"));
  CHECK_THAT(*r, Catch::Contains("Estimated compensation this period: 900–1,000 USD (average freight 300 per parcel)"));
}
