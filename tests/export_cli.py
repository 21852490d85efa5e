#!/usr/bin/env python3
"""The CLI's exports read by an independent reader: `starsheet score --format xlsx -o FILE` opened
with openpyxl (Debian's python3-openpyxl), cell by cell; `--format html` checked for its strings.
usage: export_cli.py path/to/starsheet   (run from the source root)"""
import json, os, subprocess, sys, tempfile

try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl is for Debian's python3
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    raise

bin_ = sys.argv[1]
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(*args, **kw):
    return subprocess.run([bin_, *args], capture_output=True, **kw)


tmp = tempfile.mkdtemp(prefix="starsheet-export-")
xlsx = os.path.join(tmp, "report.xlsx")

r = run("score", "examples/huayun-2026-11.json", "--format", "xlsx", "-o", xlsx)
check(r.returncode == 0 and r.stdout == b"", "score --format xlsx -o writes the file and prints nothing")
wb = openpyxl.load_workbook(xlsx)
check(wb.sheetnames == ["表A.2", "指标明细", "升星方案与建议"], f"sheet names {wb.sheetnames}")
form = wb["表A.2"]
rows = [[c.value for c in row] for row in form.iter_rows()]
col_a = [row[0] for row in rows]
head = col_a.index("序号")
check(rows[head + 1][:8] == [1, "运输时效", 25, "准时送达率", 7, "99.12%", 7, 19], f"first form row {rows[head + 1][:8]}")
total = col_a.index("总分")
check(rows[total][7] == 79, f"total {rows[total][7]!r}")
check(rows[total + 1][0] == "评定星级" and rows[total + 1][7] == "4 星（四星级）", f"stars {rows[total + 1]}")
sign = col_a.index("填表人：")
check(rows[sign][3] == "审核人：" and rows[sign][5] == "日期：", f"sign line {rows[sign]}")
inds = wb["指标明细"]
check(inds.freeze_panes == "A2", f"indicators header frozen ({inds.freeze_panes})")
by_label = {row[1].value: [c.value for c in row] for row in inds.iter_rows(min_row=2)}
check(len(by_label) == 31, f"31 indicators ({len(by_label)})")
check(by_label["合规装载率"][2:7] == ["97.8%", "≥ 95%", 3, 5, "已评分"], f"compliant loading {by_label['合规装载率']}")

# Standard output, when it is not a terminal, gets the same bytes.
r = run("score", "examples/huayun-2026-11.json", "--format", "xlsx")
check(r.returncode == 0 and r.stdout == open(xlsx, "rb").read(), "xlsx on standard output is the same file")

# A what-if result is marked on every sheet and in the form's total.
period = json.load(open("examples/huayun-2026-11.json", encoding="utf-8"))
period["what_if"] = {"compliant_loading_rate": 99}
period["provider"] = "<b>A&B</b> \u202eevil"
pfile = os.path.join(tmp, "what-if.json")
json.dump(period, open(pfile, "w", encoding="utf-8"), ensure_ascii=False)
r = run("score", pfile, "--format", "xlsx", "--lang", "en", "-o", xlsx)
check(r.returncode == 0, "what-if export")
wb = openpyxl.load_workbook(xlsx)
for ws in wb.worksheets:
    top = [c.value for c in ws[1]] + [c.value for c in ws[2]]
    check(any(isinstance(v, str) and v.startswith("[WHAT-IF RESULT] 1 indicator(s)") for v in top), f"banner on {ws.title}")
form_rows = [[c.value for c in row] for row in wb["Table A.2"].iter_rows()]
labels = [row[0] for row in form_rows]
check("Total (assumed)" in labels and form_rows[labels.index("Total (assumed)")][7] == 81, "assumed total 81")
check(form_rows[1][0].endswith("Actual: 79 points, 4★ → what-if: 81 points, 4★") or "Actual:" not in form_rows[1][0],
      f"actual beside the what-if: {form_rows[1][0]}")
check(any(row[5] == "99% (assumed)" for row in form_rows), "the what-if value is marked")
check(form_rows[2][0] == "Provider: <b>A&B</b> \\u202eevil", f"provider as data, bidi escaped: {form_rows[2][0]!r}")

# HTML: standalone, in the report's language, escaped.
r = run("score", pfile, "--format", "html", "--lang", "en")
html = r.stdout.decode("utf-8")
check(r.returncode == 0 and html.startswith('<!DOCTYPE html>\n<html lang="en">'), "html document in English")
check("<script" not in html.lower(), "no script")
check("<bdi>&lt;b&gt;A&amp;B&lt;/b&gt; \\u202eevil</bdi>" in html, "provider escaped and isolated")
check("\u202e" not in html, "no raw bidi override")
check('<p class="what-if" role="note">[WHAT-IF RESULT]' in html, "what-if banner")
check("<span>Completed by:</span><span>Reviewed by:</span><span>Date:</span>" in html, "sign lines")
r = run("score", "examples/huayun-2026-11.json", "--format", "html")
check('<html lang="zh-CN">' in r.stdout.decode() and "<span>填表人：</span>" in r.stdout.decode(), "html in Chinese")

# Exports are for score only; a bad format is a usage error.
r = run("compare", "examples/huayun-2026-10.json", "examples/huayun-2026-11.json", "--format", "xlsx")
check(r.returncode == 2 and b"--format xlsx and html are for score only" in r.stderr, "compare refuses xlsx")
r = run("score", "examples/huayun-2026-11.json", "--format", "pdf")
check(r.returncode == 2 and b"--format expects json, text, xlsx or html" in r.stderr, "unknown format")

print(f"export_cli: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
