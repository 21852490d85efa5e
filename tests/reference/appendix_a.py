#!/usr/bin/env python3
"""An independent scorer of Appendix A (31 indicators, 100 points, 1-5 stars).

Written from the specification only (spec/appendix-a.md and spec/period-data.md), not from the
rule pack or the C++ core: it is the reference the differential test (differential.py) compares
the CLI with. Exact throughout: every number is read from the JSON literal text as an int or a
fractions.Fraction, and no float is ever formed.

Usage as a script:  appendix_a.py PERIOD.json   prints the indicators, the total and the stars,
exit 2 with one line on stderr when the period is an input error.

Readings implemented (defaults of the spec):
- missing: an input absent -> 0 points, status "missing".
- not applicable: inputs present, denominator 0 -> full points, status "not_applicable".
- input error: a negative count or amount, a count that is not whole, a numerator above its
  denominator (except tax_guarantee_coverage: a guarantee may exceed the tax due, top tier),
  violation_deductions outside 0..1, digital_level outside 1..5, an unknown qualification.
- avg_transit_days: per mode with shipments > 0, r_m = (days_total / shipments) / benchmark_m;
  r = shipment-weighted mean of r_m; a mode with shipments but no benchmark (or no days_total)
  -> missing; modes present but 0 shipments in all -> not applicable.
- stars: total >= 85 -> 5, >= 70 -> 4, >= 55 -> 3, >= 40 -> 2, else 1.
"""
import json
import sys
from fractions import Fraction as F

# (id, category, max) in the order of Table A.2
CATEGORIES = [
    ("transport_timeliness", 25), ("cargo_safety", 20), ("information_transparency", 15),
    ("customer_service", 10), ("cost_control", 10), ("compliance", 10),
    ("green_logistics", 5), ("risk_prevention", 5),
]

H = F(1, 2)


def ge_tiers(*pairs):
    """[(bound, points)] read as value >= bound -> points, highest bound first."""
    return [(F(b), F(p)) for b, p in pairs]


# Part-of-whole rates: id, category, max, numerator measure, denominator measure, >= tiers,
# floor points (points below the lowest tier).
RATES = [
    ("on_time_rate", "transport_timeliness", 7, "orders_on_time", "orders_total",
     ge_tiers((99, 7), (95, 5), (92, 3), (90, 1)), 0),
    ("emergency_response_rate", "transport_timeliness", 6, "incidents_handled_in_time", "incidents_total",
     ge_tiers((99, 6), (95, 3), (92, 2), (90, 1)), 0),
    ("inspection_rate", "cargo_safety", 5, "inspection_batches_done", "inspection_batches_required",
     ge_tiers((99, 5), (95, 3), (92, 1)), 0),
    ("compliant_loading_rate", "cargo_safety", 5, "loaded_vehicles_compliant", "loaded_vehicles_total",
     ge_tiers((99, 5), (95, 3), (92, 1)), 0),
    ("intact_rate", "cargo_safety", 5, "goods_intact", "goods_total",
     ge_tiers((99, 5), (95, 3), (92, 1)), 0),
    ("info_disclosure_rate", "information_transparency", 8, "info_items_disclosed", "info_items_required",
     ge_tiers((99, 8), (97, 6), (95, 4), (92, 2), (90, 1)), 0),
    ("realtime_query_rate", "information_transparency", 7, "status_fields_queryable", "status_fields_required",
     ge_tiers((99, 7), (97, 6), (95, 4), (92, 2), (90, 1)), 0),
    ("resolution_rate", "customer_service", 2, "problems_resolved", "problems_total",
     ge_tiers((99, 2), (92, 1)), 0),
    ("multi_currency_coverage", "customer_service", 2, "orders_multi_currency", "orders_total",
     ge_tiers((80, 2), (50, 1)), 0),
    ("feedback_effective_rate", "customer_service", 2, "feedback_effective", "feedback_total",
     ge_tiers((99, 2), (90, 1)), 0),
    ("license_completeness", "compliance", 3, "licenses_obtained", "licenses_required",
     ge_tiers((99, 3), (90, 2)), 1),
    ("data_encryption_compliance", "compliance", 2, "sensitive_fields_encrypted", "sensitive_fields_total",
     ge_tiers((99, 2), (90, 1)), 0),
    ("insurance_coverage", "risk_prevention", 2, "insured_km", "transport_km_total",
     ge_tiers((99, 2), (92, 1)), 0),
    ("safety_device_coverage", "risk_prevention", 1, "fleet_vehicles_dms_adas", "fleet_vehicles",
     ge_tiers((99, 1), (92, H)), 0),
    ("receivable_on_time_rate", "risk_prevention", 1, "receivables_on_time", "receivables_due",
     ge_tiers((99, 1), (92, H)), 0),
    ("customs_filing_compliance", "risk_prevention", 1, "customs_filings_compliant", "customs_filings_required",
     ge_tiers((99, 1), (92, H)), 0),
]

# Measures that count things: whole numbers. Everything else (money, km, hours, minutes, kWh,
# days, benchmarks) may carry decimals but may not be negative.
COUNTS = {
    "orders_total", "orders_on_time", "orders_multi_currency", "incidents_total",
    "incidents_handled_in_time", "inspection_batches_required", "inspection_batches_done",
    "loaded_vehicles_total", "loaded_vehicles_compliant", "goods_total", "goods_intact",
    "exception_cases", "info_items_required", "info_items_disclosed", "status_fields_required",
    "status_fields_queryable", "inquiries_total", "problems_total", "problems_resolved",
    "languages_supported", "feedback_total", "feedback_effective", "licenses_required",
    "licenses_obtained", "sensitive_fields_total", "sensitive_fields_encrypted", "fleet_vehicles",
    "fleet_vehicles_dms_adas", "customs_filings_required", "customs_filings_compliant",
}
AMOUNTS = {
    "route_km_before", "route_km_after", "exception_hours_total", "first_reply_minutes_total",
    "tax_due", "tax_guarantee", "vehicle_kwh_total", "vehicle_km_total", "transport_km_total",
    "insured_km", "receivables_due", "receivables_on_time", "violation_deductions",
}
MODES = ("land", "sea", "air")
COST_KINDS = ("transport", "warehouse", "packaging", "labor", "operations")
QUALIFICATIONS = {"road_transport_license", "iso9001", "iso14001", "ohsas18001",
                  "safety_standardization_level2"}


class InputError(Exception):
    pass


def is_number(v):
    return isinstance(v, (int, F)) and not isinstance(v, bool)


def check_count(name, v):
    if not is_number(v):
        raise InputError(f"{name}: not a number")
    if F(v).denominator != 1:
        raise InputError(f"{name}: a count must be whole")
    if v < 0:
        raise InputError(f"{name}: negative")
    return F(v)


def check_amount(name, v):
    if not is_number(v):
        raise InputError(f"{name}: not a number")
    if v < 0:
        raise InputError(f"{name}: negative")
    return F(v)


def result(ind_id, cat, mx, status, points):
    return {"id": ind_id, "category": cat, "max": F(mx), "status": status, "points": F(points)}


def score_period(doc):
    """doc: the period parsed with parse_float=Fraction, parse_int=int. Returns
    {"indicators": [...], "categories": {...}, "total": Fraction, "stars": int}, raises InputError."""
    if not isinstance(doc, dict):
        raise InputError("not an object")
    m = doc.get("measures", {})
    b = doc.get("benchmarks", {})
    if not isinstance(m, dict) or not isinstance(b, dict):
        raise InputError("measures/benchmarks not objects")

    def get(name):
        if name not in m or m[name] is None:
            return None
        if name in COUNTS:
            return check_count(name, m[name])
        return check_amount(name, m[name])

    # Validate every known flat measure up front: an input error anywhere refuses the period,
    # whether or not its indicator could be scored.
    for name in COUNTS | AMOUNTS:
        get(name)
    vd = get("violation_deductions")
    if vd is not None and vd > 1:
        raise InputError("violation_deductions above 1")

    out = {}

    def rate(numer, denom, allow_above=False):
        n, d = get(numer), get(denom)
        if n is None or d is None:
            return None
        if n > d and not allow_above:
            raise InputError(f"{numer} above {denom}")
        if d == 0:
            return "na"
        return 100 * n / d

    def by_ge(value, tiers, floor=0):
        for bound, pts in tiers:
            if value >= bound:
                return pts
        return F(floor)

    def put(ind_id, cat, mx, value_or_flag, points_fn):
        if value_or_flag is None:
            out[ind_id] = result(ind_id, cat, mx, "missing", 0)
        elif isinstance(value_or_flag, str) and value_or_flag == "na":
            out[ind_id] = result(ind_id, cat, mx, "not_applicable", mx)
        else:
            out[ind_id] = result(ind_id, cat, mx, "scored", points_fn(value_or_flag))

    for ind_id, cat, mx, numer, denom, tiers, floor in RATES:
        put(ind_id, cat, mx, rate(numer, denom), lambda v, t=tiers, f=floor: by_ge(v, t, f))

    # tax_guarantee_coverage: coverage of an amount, may exceed 100 % (top tier).
    put("tax_guarantee_coverage", "compliance", 3, rate("tax_guarantee", "tax_due", allow_above=True),
        lambda v: by_ge(v, ge_tiers((99, 3), (90, 2)), 1))

    # Reductions: (before - after) / before. after <= before is the unambiguous domain; a rise
    # (after > before) gives a negative reduction, read here as 0 points (below every tier).
    def reduction(before, after):
        if before is None or after is None:
            return None
        if before == 0:
            return "na"
        return 100 * (before - after) / before

    put("route_optimization_rate", "transport_timeliness", 6,
        reduction(get("route_km_before"), get("route_km_after")),
        lambda v: by_ge(v, ge_tiers((99, 6), (95, 3), (92, 2), (90, 1))))

    cost = m.get("cost")
    if cost is not None and not isinstance(cost, dict):
        raise InputError("cost not an object")
    for kind in COST_KINDS:
        ind_id = f"{kind}_cost_reduction"
        c = (cost or {}).get(kind)
        bef = aft = None
        if isinstance(c, dict):
            if c.get("before") is not None:
                bef = check_amount(f"cost.{kind}.before", c["before"])
            if c.get("after") is not None:
                aft = check_amount(f"cost.{kind}.after", c["after"])
        elif c is not None:
            raise InputError(f"cost.{kind} not an object")
        put(ind_id, "cost_control", 2, reduction(bef, aft),
            lambda v: by_ge(v, ge_tiers((10, 2), (5, 1))))

    # Averages: total / count, lower is better.
    def average(total, count):
        t, c = get(total), get(count)
        if t is None or c is None:
            return None
        if c == 0:
            return "na"
        return t / c

    def by_le(value, tiers):
        for bound, pts in tiers:
            if value <= bound:
                return F(pts)
        return F(0)

    put("exception_handling_hours", "cargo_safety", 5, average("exception_hours_total", "exception_cases"),
        lambda v: by_le(v, [(12, 5), (24, 3), (48, 1)]))
    put("response_minutes", "customer_service", 2, average("first_reply_minutes_total", "inquiries_total"),
        lambda v: by_le(v, [(15, 2), (30, 1)]))

    # avg_transit_days
    transit = m.get("transit")
    tb = b.get("transit_days")
    if tb is not None and not isinstance(tb, dict):
        raise InputError("benchmarks.transit_days not an object")
    tb = tb or {}
    tv = None
    if transit is not None:
        if not isinstance(transit, dict):
            raise InputError("transit not an object")
        weighted = F(0)
        ships = F(0)
        missing = False
        for mode in MODES:
            md = transit.get(mode)
            if md is None:
                continue
            if not isinstance(md, dict):
                raise InputError(f"transit.{mode} not an object")
            s = md.get("shipments")
            dt = md.get("days_total")
            s = check_count(f"transit.{mode}.shipments", s) if s is not None else None
            dt = check_amount(f"transit.{mode}.days_total", dt) if dt is not None else None
            bm = tb.get(mode)
            bm = check_amount(f"benchmarks.transit_days.{mode}", bm) if bm is not None else None
            if s is None or dt is None:
                missing = True
                continue
            if s == 0:
                continue
            if bm is None or bm == 0:
                missing = True
                continue
            weighted += s * ((dt / s) / bm)
            ships += s
        if missing:
            tv = None
        elif ships == 0:
            tv = "na"
        else:
            tv = weighted / ships

    def transit_points(r):
        if r < F(95, 100):
            return F(6)
        if r <= F(105, 100):
            return F(3)
        if r <= F(120, 100):
            return F(1)
        return F(0)

    put("avg_transit_days", "transport_timeliness", 6, tv, transit_points)

    # languages_supported: a count, no denominator.
    lang = get("languages_supported")
    put("languages_supported", "customer_service", 2, lang,
        lambda v: by_ge(v, ge_tiers((10, 2), (2, 1))))

    # operation_compliance_rate: (1 - deductions) x 100 %.
    put("operation_compliance_rate", "compliance", 2, None if vd is None else 100 * (1 - vd),
        lambda v: by_ge(v, ge_tiers((99, 2), (90, 1))))

    # supplier_qualifications
    q = m.get("supplier_qualifications")
    qv = None
    if q is not None:
        if not isinstance(q, list) or any(not isinstance(x, str) or x not in QUALIFICATIONS for x in q):
            raise InputError("supplier_qualifications: unknown item")
        qv = F(len(set(q)))
    put("supplier_qualifications", "green_logistics", 2, qv,
        lambda v: by_ge(v, ge_tiers((3, 2), (2, 1), (1, H))))

    # digital_level 1..5
    dl = m.get("digital_level")
    dv = None
    if dl is not None:
        dv = check_count("digital_level", dl)
        if not 1 <= dv <= 5:
            raise InputError("digital_level outside 1..5")
    put("digital_level", "green_logistics", 1, dv, lambda v: F(1) if v >= 2 else H)

    # vehicle_energy_per_km: (kWh / km) / benchmark, lower is better.
    kwh, km = get("vehicle_kwh_total"), get("vehicle_km_total")
    bk = b.get("vehicle_kwh_per_km")
    bk = check_amount("benchmarks.vehicle_kwh_per_km", bk) if bk is not None else None
    ev = None
    if kwh is not None and km is not None and bk is not None and bk != 0:
        ev = "na" if km == 0 else (kwh / km) / bk
    put("vehicle_energy_per_km", "green_logistics", 2, ev,
        lambda r: by_le(r, [(F(80, 100), 2), (F(95, 100), 1)]))

    order = [
        "on_time_rate", "avg_transit_days", "route_optimization_rate", "emergency_response_rate",
        "inspection_rate", "compliant_loading_rate", "intact_rate", "exception_handling_hours",
        "info_disclosure_rate", "realtime_query_rate",
        "response_minutes", "resolution_rate", "languages_supported", "multi_currency_coverage",
        "feedback_effective_rate",
        "transport_cost_reduction", "warehouse_cost_reduction", "packaging_cost_reduction",
        "labor_cost_reduction", "operations_cost_reduction",
        "license_completeness", "tax_guarantee_coverage", "operation_compliance_rate",
        "data_encryption_compliance",
        "supplier_qualifications", "digital_level", "vehicle_energy_per_km",
        "insurance_coverage", "safety_device_coverage", "receivable_on_time_rate",
        "customs_filing_compliance",
    ]
    assert len(order) == 31 and set(order) == set(out), sorted(set(order) ^ set(out))
    indicators = [out[i] for i in order]
    assert sum(i["max"] for i in indicators) == 100
    categories = {c: F(0) for c, _ in CATEGORIES}
    for i in indicators:
        categories[i["category"]] += i["points"]
    for c, mx in CATEGORIES:
        assert sum(i["max"] for i in indicators if i["category"] == c) == mx, c
    total = sum(categories.values(), F(0))
    stars = 5 if total >= 85 else 4 if total >= 70 else 3 if total >= 55 else 2 if total >= 40 else 1
    return {"indicators": indicators, "categories": categories, "total": total, "stars": stars}


def parse(text):
    return json.loads(text, parse_float=F, parse_int=int)


def score_text(text):
    return score_period(parse(text))


def main(argv):
    if len(argv) != 2:
        print("usage: appendix_a.py PERIOD.json", file=sys.stderr)
        return 64
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        r = score_text(text)
    except InputError as e:
        print(f"{argv[1]}: {e}", file=sys.stderr)
        return 2
    for i in r["indicators"]:
        print(f"{i['id']:28} {i['status']:15} {str(i['points']):>4} / {i['max']}")
    print(f"total {r['total']}  stars {r['stars']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
