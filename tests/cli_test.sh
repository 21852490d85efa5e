#!/usr/bin/env bash
# The CLI's contract: exit codes, one precise line on stderr for bad input, reports on stdout.
# Usage: tests/cli_test.sh path/to/starsheet   (run from the repository root)
set -u
bin=$1
passed=0 failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

# expect_exit CODE EXPECTED_STDERR ARGS... : exit status and the exact stderr line.
expect() {
  local code=$1 want_err=$2; shift 2
  local out err status
  out=$("$bin" "$@" 2>/tmp/starsheet-cli-err.$$); status=$?
  err=$(cat /tmp/starsheet-cli-err.$$); rm -f /tmp/starsheet-cli-err.$$
  if [ "$status" != "$code" ]; then fail "$* exited $status, expected $code"; return; fi
  if [ "$err" != "$want_err" ]; then fail "$*: stderr was [$err], expected [$want_err]"; return; fi
  if [ "$code" = 2 ] && [ -n "$out" ]; then fail "$*: printed a report on bad input"; return; fi
  ok
}

# expect_out PATTERN ARGS... : exit 0 and stdout contains PATTERN.
expect_out() {
  local pattern=$1; shift
  local out
  if ! out=$("$bin" "$@" 2>&1); then fail "$* failed"; return; fi
  case "$out" in *"$pattern"*) ok ;; *) fail "$*: output lacks [$pattern]" ;; esac
}

bad=tests/fixtures/bad
expect 2 "starsheet: $bad/not_json.json: not valid JSON: parse error at line 1, column 46: syntax error while parsing object key - unexpected end of input; expected string literal" score $bad/not_json.json
expect 2 "starsheet: $bad/wrong_format.json: /format: expected \"starsheet-period/1\", got \"starsheet-period/2\"" score $bad/wrong_format.json
expect 2 "starsheet: $bad/negative_count.json: /measures/orders_total: expected a whole number ≥ 0, got -3" score $bad/negative_count.json
expect 2 "starsheet: $bad/fractional_count.json: /measures/orders_total: expected a whole number ≥ 0, got 12.5" score $bad/fractional_count.json
expect 2 "starsheet: $bad/string_count.json: /measures/orders_total: expected a whole number ≥ 0, got a string (\"12000\")" score $bad/string_count.json
expect 2 "starsheet: $bad/numerator_above_denominator.json: /measures/orders_on_time: 101 is more than /measures/orders_total (100); the part cannot exceed the whole" score $bad/numerator_above_denominator.json
expect 2 "starsheet: $bad/deduction_out_of_range.json: /measures/violation_deductions: expected a number from 0 to 1, got 1.5" score $bad/deduction_out_of_range.json
expect 2 "starsheet: $bad/digital_level_out_of_range.json: /measures/digital_level: expected a whole number from 1 to 5, got 6" score $bad/digital_level_out_of_range.json
expect 2 "starsheet: $bad/unknown_qualification.json: /measures/supplier_qualifications/1: unknown qualification \"iso27001\" (expected one of: road_transport_license, iso9001, iso14001, ohsas18001, safety_standardization_level2)" score $bad/unknown_qualification.json
expect 2 "starsheet: $bad/end_before_start.json: /period/end: the period ends (2026-09-30) before it starts (2026-10-01)" score $bad/end_before_start.json --format json
expect 2 "starsheet: no-such-file.json: cannot read the file" score no-such-file.json
expect 2 "starsheet: unknown option --colour (see starsheet --help)" score examples/huayun-2026-10.json --colour
expect 2 "starsheet: --format expects json or text" score examples/huayun-2026-10.json --format xml
expect 2 "starsheet: --lang expects zh or en" score examples/huayun-2026-10.json --lang fr
expect 2 "starsheet: score expects one PERIOD.json (see starsheet --help)" score
expect 2 "starsheet: unknown command grade (see starsheet --help)" grade x.json
expect 2 "starsheet: compare expects two or more PERIOD.json files, oldest first (see starsheet --help)" compare examples/huayun-2026-10.json
expect 2 "starsheet: $bad/negative_count.json: /measures/orders_total: expected a whole number ≥ 0, got -3" compare examples/huayun-2026-10.json $bad/negative_count.json
expect 2 "starsheet: $bad/wrong_format.json: /format: expected \"starsheet-rules/1\", got \"starsheet-period/2\"" rules --rules $bad/wrong_format.json

# Record files: a GBK, CRLF, Excel-dated shipments export with Chinese headers scores with no
# mapping flags; a UTF-16 inquiries TSV alongside; bad record files exit 2 naming file and row.
rec=tests/fixtures/records
expect_out '"value": 55.55555555555556,' score $rec/cn-period.json --shipments $rec/cn-shipments-gbk.csv --format json
expect_out '"/measures/orders_on_time": "shipments"' score $rec/cn-period.json --shipments $rec/cn-shipments-gbk.csv --inquiries $rec/cn-inquiries-utf16.tsv --format json
expect_out "row 9, column 3 (出库时间) \"待定\": not a date and time in a known form" score $rec/cn-period.json --shipments $rec/cn-shipments-gbk.csv --lang en
expect_out "首次回复时间 ← 第 3 列" import inquiries $rec/cn-inquiries-utf16.tsv
expect_out '"/measures/orders_on_time": 2374' import shipments "${STARSHEET_REAL_DATA:-../shared/data/real}/dataco_supply_chain_sample.csv" --format json
# Service-recovery exposure from a shipments file with a freight column (hand-checked in
# tests/import_test.cpp): 425.55 to 1499.05 for the October fixture.
expect_out "Estimated compensation this period: 425.55–1499.05" score $rec/recovery-period.json --shipments $rec/recovery-shipments.csv --lang en
expect_out '"/measures/recovery/late_over_48h_freight": 365' import shipments $rec/recovery-shipments.csv --period-end 2026-10-31 --format json
expect 2 "starsheet: $rec/cn-period.json: row 1: no column is recognized as a shipments field (expected headers such as order_id / 运单号, mode / 运输方式, shipped_at / 出库时间, delivered_at / 签收时间, promised_at / 承诺送达时间); name the columns in a mapping file (--map)" score $rec/cn-period.json --shipments $rec/cn-period.json
expect 2 "starsheet: $rec/cn-shipments-gbk.csv: row 1: the mapping sets delivered_at to column \"签收\", which the header does not have (it has: 运单号, 运输方式, 出库时间, 签收时间, 承诺送达时间, 货物状态, 异常发现时间, 异常解决时间, 备注)" import shipments $rec/cn-shipments-gbk.csv --map $rec/bad.map.json
expect 2 "starsheet: no-such.csv: cannot read the file" score $rec/cn-period.json --shipments no-such.csv
expect 2 "starsheet: --encoding expects auto, utf-8, utf-16, utf-16le, utf-16be or gb18030" score $rec/cn-period.json --shipments $rec/cn-shipments-gbk.csv --encoding latin1

expect_out "Usage:" --help
expect_out "总分 66 / 100" score examples/huayun-2026-10.json
expect_out "total 66 / 100" score examples/huayun-2026-10.json --lang en
expect_out '"format": "starsheet-report/1"' score examples/huayun-2026-10.json --format json
expect_out '"total": 66' score examples/huayun-2026-10.json --format json --lang en
expect_out '"stars": 3,' score examples/huayun-2026-10.json --format json
expect_out "on_time_rate" rules
expect_out "Total 66 → 79 (+13), 3 → 4 stars" compare examples/huayun-2026-10.json examples/huayun-2026-11.json --lang en
expect_out '"format": "starsheet-compare/1"' compare examples/huayun-2026-10.json examples/huayun-2026-11.json --format json
expect_out "升星方案" score examples/huayun-2026-10.json
expect_out "total 66 / 100" score examples/huayun-2026-10.json --lang en --rules rules/appendix-a.json

# compare reads back reports made with the same rule pack, and refuses edited ones.
report=$(mktemp); "$bin" score examples/huayun-2026-10.json --format json > "$report"
expect_out "Total 66 → 79 (+13), 3 → 4 stars" compare "$report" examples/huayun-2026-11.json --lang en
sed 's/"total": 66/"total": 67/' "$report" > "$report.edited"
expect 2 "starsheet: $report.edited: /total: does not add up to the indicators' points (was the report edited?)" compare "$report.edited" examples/huayun-2026-11.json
sed 's/"version": "1.0.0"/"version": "0.9.0"/' "$report" > "$report.old"
expect 2 "starsheet: $report.old: /rules: the report was made with another rule pack (this one is cbel-guide-appendix-a 1.0.0)" compare "$report.old" examples/huayun-2026-11.json
rm -f "$report" "$report.edited" "$report.old"

out=$("$bin" 2>&1); status=$?
if [ $status = 2 ] && [ "${out#*Usage:}" != "$out" ]; then ok; else fail "no arguments: exit $status"; fi

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
