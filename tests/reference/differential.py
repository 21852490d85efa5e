#!/usr/bin/env python3
"""Random differential: the CLI against the independent Appendix A scorer (appendix_a.py).

Usage: differential.py path/to/starsheet [N=600] [SEED=12]

Generates N deterministic periods (seeded) aimed at the places a scorer gets wrong: tier edges
exactly and one unit below (9900/10000 and 9899/10000), denominators 1-5, 10^7 and 10^20 (20-digit
counts such as 98999999999999999999 of 100000000000000000000), zero denominators, decimal amounts,
partial transit (some modes, some without benchmark, some with 0 shipments), missing indicators and
a few input errors. Each period is written to a temp dir, scored by `starsheet score FILE --format
json`, and compared with the reference: per-indicator points and status, category scores, total
and stars. Input errors: both must refuse (CLI exit 2). Exits 1 on any difference.

Then it runs a short list of probes: periods whose reading the spec leaves open. They are printed
(what the CLI does, what the reference assumes) but never fail the test.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import appendix_a  # noqa: E402


class Raw:
    """A number literal written exactly as given (e.g. a count that is not whole)."""
    def __init__(self, text):
        self.text = text


def dec(x):
    """Exact decimal literal of an int or a Fraction whose denominator is 2^a 5^b."""
    x = F(x)
    if x.denominator == 1:
        return str(x.numerator)
    k = 0
    while (10 ** k) % x.denominator:
        k += 1
        if k > 60:
            raise ValueError(f"not a terminating decimal: {x}")
    n = abs(x.numerator) * (10 ** k // x.denominator)
    s = str(n).rjust(k + 1, "0")
    s = s[:-k] + "." + s[-k:]
    s = s.rstrip("0").rstrip(".")
    return ("-" if x < 0 else "") + s


def dump(v, indent=""):
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (int, F)):
        return dec(v)
    if isinstance(v, list):
        return "[" + ", ".join(dump(x) for x in v) + "]"
    if isinstance(v, dict):
        inner = indent + "  "
        items = [f"{inner}{json.dumps(k)}: {dump(x, inner)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    raise TypeError(type(v))


# -- generation ---------------------------------------------------------------------------------
BIG = 10 ** 20


def pick_den(rng):
    r = rng.random()
    if r < 0.25:
        return rng.randint(1, 5)
    if r < 0.35:
        return 10 ** 7
    if r < 0.45:
        return BIG
    if r < 0.52:
        return rng.randint(10 ** 19, 10 ** 20 - 1)  # a random 20-digit count
    if r < 0.62:
        return rng.choice([10, 100, 1000, 10000])
    return rng.randint(6, 10 ** 6)


def ceil_div(a, b):
    return -((-a) // b)


TOP = [0.0]  # per period: the chance that a measure is steered to its top tier (so that every
             # star level, and totals right at 85 / 70 / 55 / 40, come up)


def part_of(rng, den, bounds):
    """A numerator 0..den: at a tier edge (the smallest reaching it), one unit below, or random."""
    if rng.random() < TOP[0]:
        return ceil_div(max(bounds) * den, 100) if rng.random() < 0.5 else den
    r = rng.random()
    if r < 0.35 or r < 0.65:
        b = F(rng.choice(bounds))
        edge = ceil_div(b * den, 100)
        edge = edge.numerator if isinstance(edge, F) else edge
        n = edge if r < 0.35 else edge - 1
        return max(0, min(den, int(n)))
    if r < 0.75:
        return den
    if r < 0.8:
        return 0
    return rng.randint(0, den)


RATE_BOUNDS = {}
for _id, _cat, _mx, _num, _den, _tiers, _floor in appendix_a.RATES:
    RATE_BOUNDS[_id] = (_num, _den, [int(b) for b, _ in _tiers])
DECIMAL_RATES = {"insurance_coverage", "receivable_on_time_rate"}  # amounts: km, money


def gen_period(rng, idx):
    m = {}
    bm = {}
    p = {"format": "starsheet-period/1", "provider": f"Differential {idx}",
         "period": {"kind": "month", "start": "2026-10-01", "end": "2026-10-31"},
         "measures": m, "benchmarks": bm}

    TOP[0] = rng.choice([0.0, 0.5, 0.75, 0.9, 0.97])

    def fate():
        r = rng.random()
        top = TOP[0]
        return "missing" if r < 0.08 * (1 - top) else "zero" if r < 0.14 * (1 - top / 2) else "normal"

    def top():
        return rng.random() < TOP[0]

    # orders_total is shared by on_time_rate and multi_currency_coverage
    f = fate()
    orders = 0 if f == "zero" else pick_den(rng)
    if f != "missing" or rng.random() < 0.5:
        m["orders_total"] = orders
    for ind_id, (num, den, bounds) in RATE_BOUNDS.items():
        if den == "orders_total":
            if rng.random() > 0.08:
                m[num] = part_of(rng, orders, bounds)
            continue
        f = fate()
        d = 0 if f == "zero" else pick_den(rng)
        n = part_of(rng, d, bounds)
        if ind_id in DECIMAL_RATES and rng.random() < 0.3:
            scale = F(1, rng.choice([10, 100, 1000]))
            d, n = d * scale, n * scale
        if f == "missing":
            which = rng.choice(["num", "den", "both"])
            if which != "num":
                m[num] = n
            if which != "den":
                m[den] = d
        else:
            m[num], m[den] = n, d

    # tax: may exceed the tax due
    f = fate()
    if f != "missing":
        due = 0 if f == "zero" else pick_den(rng)
        r = rng.random()
        if due == 0:
            g = 0
        elif top():
            g = ceil_div(99 * due, 100)
        elif r < 0.25:
            g = due + rng.randint(1, max(1, due // 10))
        elif r < 0.7:
            b = rng.choice([99, 90])
            g = ceil_div(b * due, 100) - (1 if r < 0.47 else 0)
        else:
            g = rng.randint(0, due)
        if rng.random() < 0.3:
            due, g = F(due, 100), F(g, 100)
        m["tax_due"], m["tax_guarantee"] = due, max(0, g)

    # reductions: route and the five costs
    def reduction_pair(bounds):
        before = pick_den(rng)
        if rng.random() < 0.3:
            before = F(before, 100)
        r = rng.random()
        if top():
            after = before * (1 - F(bounds[0]) / 100)
        elif r < 0.6:
            b = F(rng.choice(bounds))
            after = before * (1 - b / 100)
            if r < 0.3:  # one unit short of the edge
                after += F(1, 100) if rng.random() < 0.5 else 1
                after = min(after, before)
        elif r < 0.7:
            after = before
        else:
            after = F(rng.randint(0, 1000)) * before / 1000
        return before, after

    f = fate()
    if f != "missing":
        if f == "zero":
            m["route_km_before"], m["route_km_after"] = 0, 0
        else:
            m["route_km_before"], m["route_km_after"] = reduction_pair([99, 95, 92, 90])
    elif rng.random() < 0.5:
        m["route_km_before"] = pick_den(rng)
    cost = {}
    for kind in appendix_a.COST_KINDS:
        f = fate()
        if f == "missing":
            if rng.random() < 0.5:
                cost[kind] = {"before": pick_den(rng)}
            continue
        if f == "zero":
            cost[kind] = {"before": 0, "after": 0}
        else:
            b_, a_ = reduction_pair([10, 5])
            cost[kind] = {"before": b_, "after": a_}
    if cost or rng.random() < 0.5:
        m["cost"] = cost

    # averages
    def average_pair(bounds, unit):
        c = pick_den(rng)
        r = rng.random()
        if top():
            t = c * F(bounds[0])
        elif r < 0.6:
            t = c * F(rng.choice(bounds))
            if r < 0.3:
                t += unit
        else:
            t = c * F(rng.randint(0, 6000), 100)
        return c, t

    for cnt, tot, bounds, unit in (("exception_cases", "exception_hours_total", [12, 24, 48], F(1, 1000)),
                                   ("inquiries_total", "first_reply_minutes_total", [15, 30], F(1))):
        f = fate()
        if f == "zero":
            m[cnt], m[tot] = 0, 0
        elif f == "normal":
            m[cnt], m[tot] = average_pair(bounds, unit)
        elif rng.random() < 0.5:
            m[cnt] = pick_den(rng)

    # transit
    f = fate()
    if f != "missing":
        modes = [md for md in appendix_a.MODES if rng.random() < 0.6] or [rng.choice(appendix_a.MODES)]
        transit, tb = {}, {}
        target = F(rng.choice(["0.95", "1.05", "1.2", "1"])) if not top() else F("0.9")
        under = rng.random() < 0.4  # just off the edge
        ships = {}
        for md in modes:
            s = 0 if (f == "zero" or rng.random() < 0.12) else pick_den(rng)
            ships[md] = s
            bench = F(rng.randint(10, 400), 10)
            ratio = F(rng.randint(70, 140), 100)
            transit[md] = {"shipments": s, "days_total": s * bench * ratio}
            if s == 0 or rng.random() < 0.93:
                tb[md] = bench
        # steer the last mode with shipments so that the weighted mean lands on the target edge
        live = [md for md in modes if ships[md] > 0 and md in tb]
        if live and rng.random() < 0.6:
            last = live[-1]
            rest = sum(transit[md]["days_total"] / tb[md] for md in live[:-1])
            total_s = sum(ships[md] for md in live)
            need = target * total_s - rest  # = s_last * r_last
            if need >= 0:
                days = tb[last] * need
                if under:
                    days += F(1, 10 ** 6)
                transit[last]["days_total"] = days
        if rng.random() < 0.05:
            md = rng.choice(modes)
            del transit[md]["days_total"]
        m["transit"] = transit
        if tb or rng.random() < 0.5:
            bm["transit_days"] = tb

    # energy
    f = fate()
    bench = F(rng.randint(30, 200), 100)
    if f != "missing" or rng.random() < 0.5:
        bm["vehicle_kwh_per_km"] = bench
    if f == "zero":
        m["vehicle_km_total"], m["vehicle_kwh_total"] = 0, 0
    elif f == "normal" or rng.random() < 0.5:
        km = pick_den(rng)
        r = rng.random()
        if top():
            kwh = km * bench * F("0.8")
        elif r < 0.6:
            kwh = km * bench * F(rng.choice(["0.8", "0.95"]))
            if r < 0.3:
                kwh += F(1, 10 ** 6)
        else:
            kwh = km * bench * F(rng.randint(50, 130), 100)
        m["vehicle_km_total"], m["vehicle_kwh_total"] = km, kwh
        if f != "normal":
            del m[rng.choice(["vehicle_km_total", "vehicle_kwh_total"])]

    # single values
    if top():
        m["violation_deductions"] = F(1, 100)
    elif rng.random() > 0.08:
        m["violation_deductions"] = rng.choice(
            [F(0), F(1, 100), F(1, 100) + F(1, 10 ** 18), F(1, 10), F(1, 10) + F(1, 10 ** 9),
             F(rng.randint(0, 300), 1000), F(1)])
    if rng.random() > 0.08:
        m["languages_supported"] = 10 if top() else rng.choice([0, 1, 2, 9, 10, 11, rng.randint(0, 40), BIG])
    if rng.random() > 0.08:
        m["digital_level"] = rng.randint(2 if top() else 1, 5)
    if rng.random() > 0.08:
        q = sorted(appendix_a.QUALIFICATIONS)
        rng.shuffle(q)
        m["supplier_qualifications"] = q[:rng.randint(3 if top() else 0, 5)]

    # input errors, now and then
    r = rng.random()
    if r < 0.07:
        kind = rng.choice(["above", "negative", "fraction", "deduction", "level"])
        if kind == "above":
            num, den, _ = RATE_BOUNDS[rng.choice(list(RATE_BOUNDS))]
            m[den] = m.get(den) if isinstance(m.get(den), int) else 10000
            m[num] = m[den] + rng.choice([1, BIG])
        elif kind == "negative":
            m[rng.choice(sorted(appendix_a.COUNTS))] = -rng.choice([1, 5, BIG])
        elif kind == "fraction":
            m[rng.choice(sorted(appendix_a.COUNTS))] = Raw("9900.000000000000001")
        elif kind == "deduction":
            m["violation_deductions"] = F(1) + F(1, 10 ** 18)
        else:
            m["digital_level"] = rng.choice([0, 6])
    return p


# -- comparison --------------------------------------------------------------------------------
def run_cli(cli, path):
    pr = subprocess.run([cli, "score", path, "--format", "json"], capture_output=True)
    return pr.returncode, pr.stdout.decode("utf-8", "replace"), pr.stderr.decode("utf-8", "replace")


def compare(ref, rc, out, err):
    """Returns (kind, [differences]); kind in agree / refused / differ."""
    if isinstance(ref, appendix_a.InputError):
        if rc == 2:
            return "refused", []
        return "differ", [f"reference refuses ({ref}), CLI exit {rc}"]
    if rc != 0:
        return "differ", [f"reference scores {ref['total']}, CLI exit {rc}: {err.strip()[:300]}"]
    try:
        got = json.loads(out, parse_float=F, parse_int=int)
    except ValueError as e:
        return "differ", [f"CLI output is not JSON: {e}"]
    diffs = []
    gi = {i["id"]: i for i in got.get("indicators", [])}
    for i in ref["indicators"]:
        g = gi.get(i["id"])
        if g is None:
            diffs.append(f"{i['id']}: absent from the CLI report")
            continue
        if g.get("status") != i["status"] or F(g.get("points")) != i["points"]:
            diffs.append(f"{i['id']}: reference {i['status']} {i['points']}, "
                         f"CLI {g.get('status')} {g.get('points')} (value {g.get('value')}"
                         + (f", ratio {g.get('ratio')}" if "ratio" in g else "") + ")")
    if len(gi) != 31:
        diffs.append(f"CLI reports {len(gi)} indicators")
    for c in got.get("categories", []):
        if F(c.get("score")) != ref["categories"].get(c.get("id")):
            diffs.append(f"category {c.get('id')}: reference {ref['categories'].get(c.get('id'))}, "
                         f"CLI {c.get('score')}")
    if F(got.get("total")) != ref["total"]:
        diffs.append(f"total: reference {ref['total']}, CLI {got.get('total')}")
    if got.get("stars") != ref["stars"]:
        diffs.append(f"stars: reference {ref['stars']}, CLI {got.get('stars')}")
    return ("differ" if diffs else "agree"), diffs


def reference(text):
    try:
        return appendix_a.score_text(text)
    except appendix_a.InputError as e:
        return e


def check_one(cli, tmp, idx, text):
    path = os.path.join(tmp, f"p{idx:04d}.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    ref = reference(text)
    rc, out, err = run_cli(cli, path)
    kind, diffs = compare(ref, rc, out, err)
    return idx, kind, diffs, text


# Periods whose reading the spec leaves open: reported, never failing.
PROBES = [
    ("cost rises (after > before): reference reads a negative reduction, 0 points",
     {"cost": {"transport": {"before": 100, "after": 120}}}),
    ("route km rises (after > before): reference reads 0 points",
     {"route_km_before": 100, "route_km_after": 120}),
    ("tax_due 0 with a guarantee: reference reads not applicable (denominator 0)",
     {"tax_due": 0, "tax_guarantee": 5000}),
    ("transit present but empty {}: reference reads not applicable (no shipments in any mode)",
     {"transit": {}}),
    ("transit mode 0 shipments with days_total > 0: reference ignores the mode",
     {"transit": {"air": {"shipments": 0, "days_total": 12}}}),
    ("exception_cases 0 with hours > 0: reference reads not applicable",
     {"exception_cases": 0, "exception_hours_total": 5}),
    ("inquiries 0 with minutes > 0: reference reads not applicable",
     {"inquiries_total": 0, "first_reply_minutes_total": 5}),
    ("a whole count written 9900.0: reference accepts it as 9900",
     {"orders_total": Raw("10000"), "orders_on_time": Raw("9900.0")}),
    ("a count in exponent form 1E4: reference accepts it as 10000",
     {"orders_total": Raw("1E4"), "orders_on_time": Raw("9900")}),
    ("transit benchmark 0: reference reads missing",
     {"transit": {"air": {"shipments": 10, "days_total": 50}}, "_bench": {"transit_days": {"air": 0}}}),
    ("energy benchmark 0: reference reads missing",
     {"vehicle_kwh_total": 10, "vehicle_km_total": 10, "_bench": {"vehicle_kwh_per_km": 0}}),
    ("vehicle km 0 with kWh > 0: reference reads not applicable",
     {"vehicle_kwh_total": 10, "vehicle_km_total": 0, "_bench": {"vehicle_kwh_per_km": 1}}),
    ("duplicate qualification: reference counts distinct items",
     {"supplier_qualifications": ["iso9001", "iso9001", "iso14001"]}),
    ("unknown qualification: reference refuses",
     {"supplier_qualifications": ["iso9001", "iso27001"]}),
    ("digital_level 2.5: reference refuses (not whole)", {"digital_level": Raw("2.5")}),
    ("languages_supported 0: reference 0 points", {"languages_supported": 0}),
    ("negative cost amount: reference refuses", {"cost": {"labor": {"before": -100, "after": -120}}}),
    ("insured_km decimal above total by 0.001: reference refuses",
     {"transport_km_total": Raw("1000"), "insured_km": Raw("1000.001")}),
]


def run_probes(cli, tmp):
    print("probes (readings the spec leaves open; informative, never failing):")
    for n, (what, measures) in enumerate(PROBES):
        measures = dict(measures)
        bench = measures.pop("_bench", {})
        p = {"format": "starsheet-period/1", "provider": "probe",
             "period": {"kind": "month", "start": "2026-10-01", "end": "2026-10-31"},
             "measures": measures, "benchmarks": bench}
        text = dump(p)
        _, kind, diffs, _ = check_one(cli, tmp, 9000 + n, text)
        if kind == "differ":
            print(f"  CLI reads otherwise: {what}\n          " + "\n          ".join(diffs))
        else:
            print(f"  {kind}: {what}")


def main(argv):
    if len(argv) < 2:
        print("usage: differential.py path/to/starsheet [N] [SEED]", file=sys.stderr)
        return 64
    cli = os.path.abspath(argv[1])
    n = int(argv[2]) if len(argv) > 2 else 600
    seed = int(argv[3]) if len(argv) > 3 else 12
    rng = random.Random(seed)
    texts = [dump(gen_period(rng, i)) for i in range(n)]
    counts = {"agree": 0, "refused": 0, "differ": 0}
    failures = []
    with tempfile.TemporaryDirectory(prefix="starsheet-diff-") as tmp:
        with ThreadPoolExecutor(max_workers=2) as ex:
            for idx, kind, diffs, text in ex.map(lambda it: check_one(cli, tmp, *it), enumerate(texts)):
                counts[kind] += 1
                if diffs:
                    failures.append((idx, diffs, text))
        if os.environ.get("DIFFERENTIAL_PROBES", "1") != "0":
            run_probes(cli, tmp)
    for idx, diffs, text in failures[:5]:
        print(f"--- period {idx} (seed {seed}) differs:")
        for d in diffs[:12]:
            print(f"    {d}")
        print(text)
    agree = counts["agree"] + counts["refused"]
    print(f"differential: {n} periods, {agree} agree, {counts['differ']} differ "
          f"({counts['agree']} scored alike, {counts['refused']} input errors refused by both; seed {seed})")
    return 1 if counts["differ"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
