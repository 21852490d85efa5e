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

# expect_usage FIRST_LINE ARGS... : a usage error: exit 2, FIRST_LINE then the usage on stderr,
# nothing on stdout.
expect_usage() {
  local want_err=$1; shift
  local out err status
  out=$("$bin" "$@" 2>/tmp/starsheet-cli-err.$$); status=$?
  err=$(cat /tmp/starsheet-cli-err.$$); rm -f /tmp/starsheet-cli-err.$$
  if [ "$status" != 2 ]; then fail "$* exited $status, expected 2"; return; fi
  if [ "${err%%$'\n'*}" != "$want_err" ]; then fail "$*: stderr began [${err%%$'\n'*}], expected [$want_err]"; return; fi
  case "$err" in *$'\nUsage:\n  starsheet '*) ;; *) fail "$*: no usage after the message"; return ;; esac
  if [ -n "$out" ]; then fail "$*: printed on stdout on a usage error"; return; fi
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
# Input errors in the --lang language (issue 10 item 5): the field by its label, its pointer in
# brackets, numbers grouped; the default is zh.
expect 2 "starsheet: $bad/not_json.json: not valid JSON: parse error at line 1, column 46: syntax error while parsing object key - unexpected end of input; expected string literal" score $bad/not_json.json --lang en
expect 2 "starsheet: $bad/not_json.json: 不是有效的 JSON：第 1 行第 46 列有语法错误" score $bad/not_json.json
expect 2 "starsheet: $bad/wrong_format.json: File format (/format): expected \"starsheet-period/1\", got \"starsheet-period/2\"" score $bad/wrong_format.json --lang en
expect 2 "starsheet: $bad/wrong_format.json: 文件格式（/format）：应为格式标识 \"starsheet-period/1\"，实为 \"starsheet-period/2\"" score $bad/wrong_format.json
expect 2 "starsheet: $bad/negative_count.json: Orders in the period (/measures/orders_total): expected a whole number ≥ 0, got -3" score $bad/negative_count.json --lang en
expect 2 "starsheet: $bad/negative_count.json: 订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 -3" score $bad/negative_count.json
expect 2 "starsheet: $bad/fractional_count.json: Orders in the period (/measures/orders_total): expected a whole number ≥ 0, got 12.5" score $bad/fractional_count.json --lang en
expect 2 "starsheet: $bad/string_count.json: Orders in the period (/measures/orders_total): expected a whole number ≥ 0, got a string (\"12000\")" score $bad/string_count.json --lang en
expect 2 "starsheet: $bad/string_count.json: 订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 文本 \"12000\"" score $bad/string_count.json
expect 2 "starsheet: $bad/numerator_above_denominator.json: Orders delivered on time (/measures/orders_on_time): 101 is more than orders in the period (100); the part cannot exceed the whole" score $bad/numerator_above_denominator.json --lang en
expect 2 "starsheet: $bad/numerator_above_denominator.json: 准时送达订单数（/measures/orders_on_time）：101 大于订单总数（100）；部分不能超过整体" score $bad/numerator_above_denominator.json
expect 2 "starsheet: $bad/deduction_out_of_range.json: Weighted violation deductions (/measures/violation_deductions): expected a number from 0 to 1, got 1.5" score $bad/deduction_out_of_range.json --lang en
expect 2 "starsheet: $bad/digital_level_out_of_range.json: Digital technology stage (/measures/digital_level): expected a whole number from 1 to 5, got 6" score $bad/digital_level_out_of_range.json --lang en
expect 2 "starsheet: $bad/digital_level_out_of_range.json: 数字化技术应用阶段（/measures/digital_level）：应为介于 1 和 5 之间的整数，实为 6" score $bad/digital_level_out_of_range.json
expect 2 "starsheet: $bad/unknown_qualification.json: Supplier qualifications met, item 2 (/measures/supplier_qualifications/1): unknown qualification \"iso27001\" (expected one of: road_transport_license, iso9001, iso14001, ohsas18001, safety_standardization_level2)" score $bad/unknown_qualification.json --lang en
expect 2 "starsheet: $bad/end_before_start.json: Period end (/period/end): the period ends (2026-09-30) before it starts (2026-10-01)" score $bad/end_before_start.json --format json --lang en
expect 2 "starsheet: $bad/end_before_start.json: 周期结束日（/period/end）：2026-09-30 早于周期开始日（2026-10-01）" score $bad/end_before_start.json --format json
# Numbers in messages are grouped in both languages.
printf '{"format":"starsheet-period/1","measures":{"orders_total":13000,"orders_on_time":13105}}' > /tmp/starsheet-grouped.$$.json
expect 2 "starsheet: /tmp/starsheet-grouped.$$.json: 准时送达订单数（/measures/orders_on_time）：13,105 大于订单总数（13,000）；部分不能超过整体" score /tmp/starsheet-grouped.$$.json
expect 2 "starsheet: /tmp/starsheet-grouped.$$.json: Orders delivered on time (/measures/orders_on_time): 13,105 is more than orders in the period (13,000); the part cannot exceed the whole" score /tmp/starsheet-grouped.$$.json --lang en
rm -f /tmp/starsheet-grouped.$$.json
expect 2 "starsheet: no-such-file.json: cannot read the file" score no-such-file.json --lang en
expect 2 "starsheet: no-such-file.json: 无法读取此文件（请检查文件名和路径，以及是否有读取权限）" score no-such-file.json
expect_usage "starsheet: unknown option --colour" score examples/huayun-2026-10.json --colour
expect_usage "starsheet: --format expects json, text, xlsx or html" score examples/huayun-2026-10.json --format xml
expect_usage "starsheet: --lang expects zh or en" score examples/huayun-2026-10.json --lang fr
expect_usage "starsheet: score expects one PERIOD.json" score
expect_usage "starsheet: unknown command grade" grade x.json
expect_usage "starsheet: compare expects two or more PERIOD.json files, oldest first" compare examples/huayun-2026-10.json
expect 2 "starsheet: $bad/negative_count.json: Orders in the period (/measures/orders_total): expected a whole number ≥ 0, got -3" compare examples/huayun-2026-10.json $bad/negative_count.json --lang en
expect 2 "starsheet: $bad/negative_count.json: 订单总数（/measures/orders_total）：应为不小于 0 的整数，实为 -3" compare examples/huayun-2026-10.json $bad/negative_count.json
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
# tests/import_test.cpp): 425.55 to 1999.05 CNY for the October fixture.
# Freight is in yuan unless the period says otherwise: the 1000 USD cap is 7100 CNY at the pack's
# reference rate, so A8's 5 × 300 = 1500 is no longer capped at 1000 (was 425.55–1499.05).
expect_out "Estimated compensation this period: 425.55–1,999.05 CNY" score $rec/recovery-period.json --shipments $rec/recovery-shipments.csv --lang en
# The drill-down in points (issue 13): the channel and the destination behind the late parcels,
# with the points their fix adds, in both languages and in the JSON report.
expect_out "1. On-time delivery rate: 物流渠道 “燕文经济”: 30 late (88.2% of all), all fixed: +5 points" score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv --lang en
expect_out "2. 准时送达率：目的国为“US”的 28 单未准时（占全部未准时 82.4%），全部改正 +5 分" score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv
expect_out "按“物流渠道”：燕文经济 30/80（62.5%）+5 分；云途专线 3/90（96.67%）；4PX标准 1/70（98.57%）" score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv
expect_out '"gain_if_fixed": 5,' score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv --format json
# Data quality in points: each finding with its rows and the period scored without them.
expect_out "  签收早于出库：11 行（如第 3、4、5、8、11 行）" score $rec/drilldown-period.json --shipments $rec/quality-shipments.csv
expect_out "    去掉这些行：3 分，1★ — 这些数据让总分多了 1 分" score $rec/drilldown-period.json --shipments $rec/quality-shipments.csv
expect_out "  duplicate ids (the second and later rows) — 1 row(s), first: 10" score $rec/drilldown-period.json --shipments $rec/quality-shipments.csv --lang en
expect_out '"finding": "outside_period",' score $rec/drilldown-period.json --shipments $rec/quality-shipments.csv --format json
expect_out "承诺送达时间早于出库时间 × 1" import shipments $rec/quality-shipments.csv
# The failing parcels (issue 13 item 2): --failing-rows writes the rows behind the failures, as
# written, with their row number and why; .xlsx by the name; one record file.
out=$(mktemp -d)
expect_out "准时送达率" score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv --failing-rows "$out/todo.csv"
if [ "$(sed -n 2p "$out/todo.csv")" = $'3,晚于承诺时效,YW00002,燕文经济,US,义乌仓,2026-10-20 16:00,2026-10-29 04:59,2026-10-28 23:59,已签收,客户备注2\r' ] &&
   [ "$(wc -l < "$out/todo.csv")" = 39 ] && [ "$(head -c 3 "$out/todo.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then ok
else fail "--failing-rows CSV: $(sed -n 2p "$out/todo.csv"), $(wc -l < "$out/todo.csv") lines"; fi
expect_out "on-time" import shipments $rec/drilldown-shipments.csv --failing-rows "$out/todo.xlsx" --lang en
if [ "$(head -c 2 "$out/todo.xlsx")" = PK ]; then ok; else fail "--failing-rows .xlsx is no workbook"; fi
expect 2 "starsheet: --failing-rows lists the failing rows of one record file; give one --shipments or --inquiries file" score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv --shipments $rec/recovery-shipments.csv --failing-rows "$out/two.csv" --lang en
expect 2 "starsheet: --failing-rows 列出一个记录文件的未达标行；请只给一个 --shipments 或 --inquiries 文件" score $rec/drilldown-period.json --shipments $rec/drilldown-shipments.csv --inquiries $rec/cn-inquiries.utf8.tsv --failing-rows "$out/two.csv"
# Inquiries first answered after the 15-minute limit are failing rows that name it; the text
# report splits the exception hours and the reply minutes by channel and agent.
expect_out "首次响应分钟" import inquiries $rec/slow-inquiries.csv --failing-rows "$out/slow.csv"
if [ "$(sed -n 2p "$out/slow.csv")" = $'2,首次回复超过 15 分钟（满分时限）,Q0001,小王,2026-10-01 09:00,2026-10-01 09:50,是\r' ] &&
   [ "$(grep -c '首次回复超过' "$out/slow.csv")" = 7 ]; then ok
else fail "--failing-rows slow replies: $(sed -n 2p "$out/slow.csv"), $(grep -c '首次回复超过' "$out/slow.csv") slow"; fi
expect_out "按“物流渠道”：燕文经济 15/20（31.25 小时）+2 分" score $rec/drilldown-period.json --shipments $rec/slow-shipments.csv
expect_out "by “客服”: 小王 7/14 (29 min) +1 pts" score $rec/drilldown-period.json --inquiries $rec/slow-inquiries.csv --lang en
# Transits over their mode's full-points line (the period's industry average × 0.95) are failing
# rows naming their mode's line, and the transit splits by channel with its ratio (make_transit.py).
expect_out "按“物流渠道”：燕文经济 15/20（行业比 1.46）+3 分" score $rec/transit-period.json --shipments $rec/transit-shipments.csv
expect_out "1. Average transit time: 物流渠道 “燕文经济”: 15 in transit beyond the full-points limit (100% of all), all fixed: +3 points" score $rec/transit-period.json --shipments $rec/transit-shipments.csv --lang en
expect_out "平均运输时效" score $rec/transit-period.json --shipments $rec/transit-shipments.csv --failing-rows "$out/transit.csv"
if [ "$(sed -n 2p "$out/transit.csv")" = $'43,运输未在满分时限内（空运 <5.7 天）,T00042,燕文经济,空运,FR,2026-10-02 10:00,2026-10-12 10:00,已签收\r' ] &&
   [ "$(grep -c '运输未在满分时限内' "$out/transit.csv")" = 15 ]; then ok
else fail "--failing-rows slow transits: $(sed -n 2p "$out/transit.csv"), $(grep -c '运输未在满分时限内' "$out/transit.csv") slow"; fi
rm -rf "$out"
# Compensation in the right currency (issue 10 item 7): the result names the currency and the rate,
# unpriced parts ask for a freight instead of printing 0–0, equal ends are one number.
expect_out "运费按人民币计，1 USD = 7.1 CNY（规则包的参考汇率：2026-11-30 的约数，仅供估算；可在“汇率”一栏填写本期汇率）" score examples/huayun-2026-11.json
expect_out "本期估计赔付：68,522.4–97,166.4 CNY（每件平均运费 186）" score examples/huayun-2026-11.json
expect_out "Freight in Chinese yuan; 1 USD = 7.0885 CNY (the rate given for this period)" score $rec/recovery-rates.json --lang en
expect_out "at most 7,088.5 CNY (1,000 USD) each = 4,260–7,088.5" score $rec/recovery-rates.json --lang en
expect_out "运费按人民币计，1 USD = 7.1 CNY（本期填写的汇率）" score $rec/recovery-older-rate.json
expect_out "每件最多 7,100 CNY（1,000 USD） = 4,260–7,100" score $rec/recovery-older-rate.json
expect_out "Late by less than 24 h: 4 parcels, not priced — enter Average freight per parcel" score $rec/recovery-no-freight.json --lang en
expect_out "破损和丢失：2 件，未计价——请填写每件平均运费" score $rec/recovery-no-freight.json
expect_out "延误24–48小时：0 件 × 平均运费 × 20% = 0" score $rec/recovery-no-freight.json
expect_out '"total_low": null' score $rec/recovery-no-freight.json --format json
if "$bin" score $rec/recovery-no-freight.json --lang en | grep -q -e '0–0' -e 'Estimated compensation'; then
  fail "a period without freight printed 0–0 or a total"
else ok; fi
expect 2 "starsheet: $rec/recovery-bad-currency.json: 运费币种（/measures/recovery/freight_currency）：未知的取值“RMB”（应为以下之一：CNY, USD, HKD, EUR）" score $rec/recovery-bad-currency.json
expect 2 "starsheet: $rec/recovery-bad-currency.json: Freight currency (/measures/recovery/freight_currency): unknown value \"RMB\" (expected one of: CNY, USD, HKD, EUR)" score $rec/recovery-bad-currency.json --lang en
expect 2 "starsheet: $rec/recovery-usd-rate.json: Exchange rate: freight currency per US dollar (/measures/recovery/usd_rate): freight is in USD (freight currency), the cap's own currency, so the rate is 1, not 7.1" score $rec/recovery-usd-rate.json --lang en
expect_out '"/measures/recovery/late_over_48h_freight": 365' import shipments $rec/recovery-shipments.csv --period-end 2026-10-31 --format json
expect 2 "starsheet: $rec/cn-period.json: row 1: no column is recognized as a field of shipment records (expected headers such as order_id / 运单号, mode / 运输方式, shipped_at / 出库时间, delivered_at / 签收时间, promised_at / 承诺送达时间); name the columns in a mapping file (--map), or export with the column names of starsheet template" score $rec/cn-period.json --shipments $rec/cn-period.json --lang en
expect 2 "starsheet: $rec/cn-period.json: 第 1 行：没有一列能识别为运单记录的字段（例如：order_id / 运单号, mode / 运输方式, shipped_at / 出库时间, delivered_at / 签收时间, promised_at / 承诺送达时间）；请用映射文件（--map）指定各列，或按 starsheet template 的列名导出" score $rec/cn-period.json --shipments $rec/cn-period.json
expect 2 "starsheet: $rec/cn-shipments-gbk.csv: row 1: the mapping sets delivered_at to column \"签收\", which the header does not have (it has: 运单号, 运输方式, 出库时间, 签收时间, 承诺送达时间, 货物状态, 异常发现时间, 异常解决时间, 备注)" import shipments $rec/cn-shipments-gbk.csv --map $rec/bad.map.json --lang en
expect 2 "starsheet: $rec/cn-shipments-gbk.csv: 第 1 行：映射把 delivered_at 设为“签收”列，但表头里没有这一列（现有：运单号, 运输方式, 出库时间, 签收时间, 承诺送达时间, 货物状态, 异常发现时间, 异常解决时间, 备注）" import shipments $rec/cn-shipments-gbk.csv --map $rec/bad.map.json
expect 2 "starsheet: no-such.csv: cannot read the file" score $rec/cn-period.json --shipments no-such.csv --lang en
expect 2 "starsheet: no-such.csv: 无法读取此文件（请检查文件名和路径，以及是否有读取权限）" score $rec/cn-period.json --shipments no-such.csv
expect_usage "starsheet: --encoding expects auto, utf-8, utf-16, utf-16le, utf-16be or gb18030" score $rec/cn-period.json --shipments $rec/cn-shipments-gbk.csv --encoding latin1

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
expect 2 "starsheet: $report.edited: /total: does not add up to the indicators' points (was the report edited?)" compare "$report.edited" examples/huayun-2026-11.json --lang en
expect 2 "starsheet: $report.edited: /total: 与各指标得分之和不符（报告是否被修改过？）" compare "$report.edited" examples/huayun-2026-11.json
sed 's/"version": "1.4.0"/"version": "0.9.0"/' "$report" > "$report.old"
expect 2 "starsheet: $report.old: /rules: the report was made with another rule pack (this one is cbel-guide-appendix-a 1.4.0)" compare "$report.old" examples/huayun-2026-11.json --lang en
# A pack edited under the same id and version is told apart by its content hash.
sed '0,/"points": 5$/s//"points": 4.5/' rules/appendix-a.json > "$report.pack"
"$bin" score examples/huayun-2026-10.json --format json --rules "$report.pack" > "$report.edited"
expect 2 "starsheet: $report.edited: /rules/sha256: the report was made with an edited copy of rule pack cbel-guide-appendix-a 1.4.0 (its content differs from this one's)" compare "$report.edited" examples/huayun-2026-11.json --lang en
expect 2 "starsheet: $report.edited: /rules/sha256: 这份报告是用规则包 cbel-guide-appendix-a 1.4.0 的修改版生成的（内容与本规则包不同）" compare "$report.edited" examples/huayun-2026-11.json
rm -f "$report" "$report.edited" "$report.old" "$report.pack"

# Templates: CSV with a BOM and the recognised headers, .xlsx as a ZIP (never to a terminal),
# bad arguments exit 2; a filled measures template is a period that `score` reads.
tpl=$(mktemp -d)
first_bytes() { head -c "$1" | od -An -tx1 | tr -d ' \n'; }
if [ "$("$bin" template shipments | first_bytes 3)" = efbbbf ]; then ok; else fail "template shipments: no UTF-8 BOM"; fi
expect_out "运单号,运输方式,出库时间,签收时间,承诺送达时间,货物状态" template shipments
expect_out "inquiry id,asked at,first reply at,resolved" template inquiries --lang en
expect_out "/measures/orders_total,订单总数,单," template measures --format csv
expect_out "/benchmarks/transit_days/air,Industry average transit time by air,days," template measures --lang en
for kind in shipments inquiries measures; do
  for lang in zh en; do
    "$bin" template $kind --format xlsx --lang $lang --output "$tpl/$kind-$lang.xlsx"; status=$?
    if [ $status = 0 ] && [ "$(first_bytes 4 < "$tpl/$kind-$lang.xlsx")" = 504b0304 ]; then ok
    else fail "template $kind --format xlsx --lang $lang --output: exit $status, not a ZIP"; fi
  done
done
"$bin" template inquiries --format xlsx > "$tpl/stdout.xlsx"; status=$?
if [ $status = 0 ] && cmp -s "$tpl/stdout.xlsx" "$tpl/inquiries-zh.xlsx"; then ok; else fail "template --format xlsx to a pipe: exit $status or other bytes"; fi
"$bin" template measures --lang en --output "$tpl/measures.csv"; status=$?
if [ $status = 0 ] && cmp -s "$tpl/measures.csv" <("$bin" template measures --lang en); then ok; else fail "template --output FILE: exit $status or other bytes"; fi
if command -v script > /dev/null; then
  out=$(script -qec "$bin template shipments --format xlsx" /dev/null 2>&1 | tr -d '\r'); status=$?
  case "$out" in
    "starsheet: an .xlsx workbook is not written to a terminal: use --output FILE or redirect the output") ok ;;
    *) fail "template --format xlsx to a terminal: printed [$out]" ;;
  esac
else
  echo "cli: skipped the terminal check of template --format xlsx (no script command)"
fi
expect_usage "starsheet: template expects shipments, inquiries or measures" template orders
expect_usage "starsheet: template expects shipments, inquiries or measures" template
expect_usage "starsheet: --format expects csv or xlsx" template shipments --format pdf
expect_usage "starsheet: --lang expects zh or en" template shipments --lang fr
expect_usage "starsheet: unknown option --colour" template shipments --colour
expect 2 "starsheet: /no-such-dir/t.csv: cannot write the file (No such file or directory)" template shipments --output /no-such-dir/t.csv --lang en
expect 2 "starsheet: /no-such-dir/t.csv: 无法写入此文件（No such file or directory）" template shipments --output /no-such-dir/t.csv

# A filled measures template (values typed as a person would: a thousands separator, a unit).
fill() { sed "s#^$1,\(.*\),\r\$#$1,\1,$2\r#"; }
fill /provider "Test Carrier" < "$tpl/measures.csv" | fill /period/kind month | fill /period/start 2026-10-01 |
  fill /period/end 2026-10-31 | fill /measures/orders_total '"12,000"' | fill /measures/orders_on_time "11850 orders" > "$tpl/filled.csv"
expect_out '"value": 98.75,' score "$tpl/filled.csv" --format json
expect_out '"provider": "Test Carrier"' score "$tpl/filled.csv" --format json
fill /measures/orders_total 12.4.5 < "$tpl/measures.csv" > "$tpl/bad.csv"
expect 2 "starsheet: $tpl/bad.csv: row 6: Orders in the period (/measures/orders_total): \"12.4.5\" is not a number (write digits, e.g. 12480, 12,480 or 2071.5, with or without the unit)" score "$tpl/bad.csv" --lang en
expect 2 "starsheet: $tpl/bad.csv: 第 6 行：订单总数（/measures/orders_total）：“12.4.5”不是数字（请写数字，例如 12480、12,480 或 2071.5，可带单位）" score "$tpl/bad.csv"

# The workbooks open in a real reader: openpyxl (and LibreOffice when installed).
if /usr/bin/python3 -c "import openpyxl" 2> /dev/null; then
  if out=$(/usr/bin/python3 - "$tpl" << 'PY' 2>&1
import sys, zipfile, openpyxl
d = sys.argv[1]
want = {("shipments", "zh"): ("运单号", "SF1234567890", 14), ("shipments", "en"): ("order id", "SF1234567890", 14),
        ("inquiries", "zh"): ("咨询编号", "ZX20261003001", 4), ("inquiries", "en"): ("inquiry id", "ZX20261003001", 4),
        ("measures", "zh"): ("度量项", "/provider", 5), ("measures", "en"): ("measure", "/provider", 5)}
for (kind, lang), (a1, a2, cols) in want.items():
    path = f"{d}/{kind}-{lang}.xlsx"
    assert zipfile.ZipFile(path).testzip() is None, path + ": bad CRC"
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A1"].value == a1 and ws["A2"].value == a2, (path, ws["A1"].value, ws["A2"].value)
    assert ws.max_column == cols, (path, ws.max_column)
    assert ws.freeze_panes == "A2" and ws["A1"].font.b and not ws["A2"].font.b, path
    assert ws.column_dimensions["A"].width >= 10, path
    last = ws.cell(row=ws.max_row, column=1).value
    assert last.startswith("注：" if lang == "zh" else "Note:"), (path, last)
ws = openpyxl.load_workbook(f"{d}/shipments-en.xlsx").worksheets[0]
assert ws["N2"].value == 35.5 and ws["I2"].value == 3.8, (ws["N2"].value, ws["I2"].value)
PY
  ); then ok; else fail "openpyxl could not read the templates: $out"; fi
else
  echo "cli: skipped the openpyxl check of the .xlsx templates (install python3-openpyxl)"
fi
if command -v soffice > /dev/null; then
  soffice --headless --convert-to csv --outdir "$tpl/lo" "$tpl/shipments-en.xlsx" > /dev/null 2>&1
  if head -n 1 "$tpl/lo/shipments-en.csv" 2> /dev/null | grep -q "^order id,transport mode,"; then ok
  else fail "LibreOffice could not convert the shipments template"; fi
else
  echo "cli: skipped the LibreOffice check of the .xlsx templates (not installed)"
fi
rm -rf "$tpl"

out=$("$bin" 2>&1); status=$?
if [ $status = 2 ] && [ "${out#*Usage:}" != "$out" ]; then ok; else fail "no arguments: exit $status"; fi

# Real exports as carriers have them, in every format, with no flags: a title row, an export-info
# row, a blank row, a channel column, TMS statuses, ￥ freight, a 合计 row and a note. Every
# format derives the same, and it is what a count of the rows by the contract gives (12 orders,
# 7 on time; 12 goods, 10 intact; see tests/fixtures/records/page/make_page_fixtures.py).
page=tests/fixtures/records/page
for f in $page/huayun-2026-10-gbk.csv $page/huayun-2026-10.xlsx $page/huayun-2026-10.xls $page/huayun-2026-10.ods; do
  for want in '"/measures/orders_total": 12' '"/measures/orders_on_time": 7' '"/measures/goods_total": 12' \
              '"/measures/goods_intact": 10' '"/measures/transit/sea/days_total": 19.5' '"totals": 1' '"above_header": 2'; do
    expect_out "$want" score $page/period.json --shipments "$f" --format json
  done
  expect_out "row 19: totals row" import shipments "$f" --lang en
done
expect_out '"sheet": "运单明细"' score $page/period.json --shipments $page/huayun-2026-10.xls --format json
# Two exports of one period add up.
expect_out '"/measures/orders_total": 24' score $page/period.json --shipments $page/huayun-2026-10.xlsx --shipments $page/huayun-2026-10.ods --format json
# The header row and the sheet can be chosen; a bad choice is an error that names the row or sheet.
expect_out 'Header: row 4 (as chosen)' import shipments $page/huayun-2026-10-gbk.csv --header-row 4 --lang en
expect 2 "starsheet: $page/huayun-2026-10-gbk.csv: row 3: an empty row cannot be the header row; choose another row" import shipments $page/huayun-2026-10-gbk.csv --header-row 3 --lang en
expect 2 "starsheet: $page/huayun-2026-10-gbk.csv: row 99: the file has no such row to be the header; choose another row" import shipments $page/huayun-2026-10-gbk.csv --header-row 99 --lang en
expect_usage "starsheet: --header-row expects a row number (0: the file has no header row)" import shipments $page/huayun-2026-10-gbk.csv --header-row x
expect 2 "starsheet: $page/huayun-2026-10.xlsx: the workbook has no sheet \"Sheet9\" (it has: 运单明细, 导出说明)" import shipments $page/huayun-2026-10.xlsx --sheet Sheet9 --lang en
expect 2 "starsheet: $page/huayun-2026-10.xlsx: 工作簿里没有名为“Sheet9”的工作表（现有：运单明细, 导出说明）" import shipments $page/huayun-2026-10.xlsx --sheet Sheet9
# A damaged workbook says how to save it instead, in the report's language.
head -c 3000 $page/huayun-2026-10.xlsx > /tmp/starsheet-cut.$$.xlsx
expect 2 "starsheet: /tmp/starsheet-cut.$$.xlsx: This spreadsheet file is damaged or incomplete and cannot be read. Open it in Excel or WPS, save it as .xlsx or CSV (UTF-8) and import that file." import shipments /tmp/starsheet-cut.$$.xlsx --lang en
rm -f /tmp/starsheet-cut.$$.xlsx

# A what-if on an indicator whose measures are absent is scored, never a crash (it segfaulted in
# the interval and advice code for 13 of the 31 indicators), in both formats and languages.
for id in $(sed -n 's/^  *"id": "\([a-z_]*\)",$/\1/p' rules/appendix-a.json | sort -u); do
  printf '{"format":"starsheet-period/1","what_if":{"%s":99}}' "$id" > /tmp/starsheet-whatif.$$.json
  for fmt in json text; do
    if "$bin" score /tmp/starsheet-whatif.$$.json --format $fmt >/dev/null 2>&1 || [ $? -eq 2 ]; then ok; else fail "what-if on $id alone ($fmt) crashed"; fi
  done
done
rm -f /tmp/starsheet-whatif.$$.json

# A measures template saved as .xlsx is a period too.
"$bin" template measures --format xlsx --output /tmp/starsheet-measures.$$.xlsx
expect_out '"total": 0' score /tmp/starsheet-measures.$$.xlsx --format json
rm -f /tmp/starsheet-measures.$$.xlsx

# Records or not, one period is refused the same way (score_with_records skipped this check):
# score has one path, and no record files is an empty list.
expect 2 "starsheet: $rec/insured-above-parcels.json: Insured parcels among the damaged and lost (/measures/recovery/insured_parcels): 999,999 insured parcels, but only 0 damaged or lost (damaged parcels + lost parcels)" score $rec/insured-above-parcels.json --lang en
expect 2 "starsheet: $rec/insured-above-parcels.json: Insured parcels among the damaged and lost (/measures/recovery/insured_parcels): 999,999 insured parcels, but only 3 damaged or lost (damaged parcels + lost parcels)" score $rec/insured-above-parcels.json --shipments $rec/recovery-shipments.csv --lang en
expect 2 "starsheet: $rec/insured-above-parcels.json: 破损和丢失包裹中已保价的件数（/measures/recovery/insured_parcels）：投保 999,999 件，但破损或丢失只有 3 件（破损包裹数 + 丢失包裹数）" score $rec/insured-above-parcels.json --shipments $rec/recovery-shipments.csv
# A mapping with no record file of its kind is refused with records or without (it was ignored).
expect 2 "starsheet: $rec/dataco.map.json: /kind: this mapping is for shipment records, but no --shipments file was given" score $rec/cn-period.json --map $rec/dataco.map.json --lang en
expect 2 "starsheet: $rec/dataco.map.json: /kind: 此映射用于运单记录，但没有给出 --shipments 文件" score $rec/cn-period.json --map $rec/dataco.map.json
odd=$(mktemp -d)
printf '{"format":"starsheet-mapping/1","kind":"shipments","date_order":"ymd"}' > "$odd/odd.map.json"
expect 2 "starsheet: $odd/odd.map.json: /date_order: 应为 \"mdy\"、\"dmy\" 或 \"auto\"，实为 \"ymd\"" import shipments $rec/cn-shipments-gbk.csv --map "$odd/odd.map.json"
expect 2 "starsheet: $odd/odd.map.json: /date_order: expected \"mdy\", \"dmy\" or \"auto\", got \"ymd\"" import shipments $rec/cn-shipments-gbk.csv --map "$odd/odd.map.json" --lang en
rm -rf "$odd"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
