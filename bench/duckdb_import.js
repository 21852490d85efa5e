// The DuckDB references: the derivation of bench/derive.js written as one SQL query over
// read_csv, run by DuckDB (@duckdb/node-api, DuckDB's own Node client) in an in-memory
// database. The columns are given their types (DuckDB's docs: explicit types skip the sniffer),
// so DuckDB's C++ reader parses the timestamps itself; a value it cannot read as a timestamp
// stops the query (the JS references would leave it out), which on the generated file does not
// happen. Prints one JSON line like starsheet_bench; the clock starts just before the query,
// after the database is open.
//   --threads 1        DuckDB on one thread, as the other implementations run
//   --threads default  DuckDB's default: one thread per core (the name says how many)
// Usage: node bench/duckdb_import.js FILE [--threads 1|default] [--period-end YYYY-MM-DD]
'use strict';
const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');
const { measureTexts, options, report } = require('./derive');

const o = options(process.argv);
const args = process.argv.slice(2);
const threads = args.includes('--threads') ? args[args.indexOf('--threads') + 1] : 'default';
const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;
if (o.periodEnd && !/^\d{4}-\d{2}-\d{2}$/.test(o.periodEnd)) throw new Error('--period-end YYYY-MM-DD');
const end = o.periodEnd ? `(epoch(DATE ${quote(o.periodEnd)})::BIGINT + 86400)` : 'NULL::BIGINT';
const secs = (col) => `epoch(${col})::BIGINT`;
const transit = (mode, name) =>
  `count(*) FILTER (mode = '${mode}' AND delivered >= shipped) AS ${name}_shipments,
   coalesce(sum(delivered - shipped) FILTER (mode = '${mode}' AND delivered >= shipped), 0)::DOUBLE AS ${name}_seconds`;
const sql = `
WITH t AS (
  SELECT trim("运输方式") AS mode, trim("货物状态") AS status,
         ${secs('"出库时间"')} AS shipped,
         CASE WHEN trim("货物状态") = '丢失' THEN NULL ELSE ${secs('"签收时间"')} END AS delivered,
         ${secs('"承诺送达时间"')} + 86399 AS promised,
         ${secs('"异常发现时间"')} AS opened, ${secs('"异常解决时间"')} AS closed
  FROM read_csv(${quote(o.file)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false,
    columns = {'运单号': 'VARCHAR', '运输方式': 'VARCHAR', '出库时间': 'TIMESTAMP', '签收时间': 'TIMESTAMP',
               '承诺送达时间': 'DATE', '货物状态': 'VARCHAR', '异常发现时间': 'TIMESTAMP',
               '异常解决时间': 'TIMESTAMP', '收货地址': 'VARCHAR'})
), d AS (
  SELECT *, CASE
      WHEN promised IS NULL THEN NULL
      WHEN delivered IS NOT NULL THEN CASE WHEN delivered > promised THEN delivered - promised END
      WHEN promised < ${end} AND status <> '丢失' THEN ${end} - promised
    END AS delay
  FROM t
)
SELECT count(*) AS rows,
  count(*) FILTER (promised IS NOT NULL AND (delivered IS NOT NULL OR promised < ${end})) AS orders_total,
  count(*) FILTER (delivered <= promised) AS orders_on_time,
  count(*) FILTER (delay < 86400) AS late_under_24h,
  count(*) FILTER (delay >= 86400 AND delay <= 172800) AS late_24_to_48h,
  count(*) FILTER (delay > 172800) AS late_over_48h,
  count(*) FILTER (status IN ('完好', '破损', '丢失', '错发', '少货')) AS goods_total,
  count(*) FILTER (status = '完好') AS goods_intact,
  count(*) FILTER (status = '破损') AS damaged,
  count(*) FILTER (status = '丢失') AS lost,
  count(*) FILTER (closed >= opened) AS exception_cases,
  coalesce(sum(closed - opened) FILTER (closed >= opened), 0)::DOUBLE AS exception_seconds,
  ${transit('陆运', 'land')}, ${transit('海运', 'sea')}, ${transit('空运', 'air')}
FROM d`;

(async () => {
  const bytes = fs.statSync(o.file).size;
  const instance = await DuckDBInstance.create(':memory:', threads === 'default' ? {} : { threads: String(threads) });
  const connection = await instance.connect();
  const used = Number((await connection.runAndReadAll("SELECT current_setting('threads') AS n")).getRowObjectsJS()[0].n);
  const start = process.hrtime.bigint();
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0];
  const totals = {};
  for (const [k, v] of Object.entries(row)) totals[k] = Number(v);  // counts come as BigInt
  report(`duckdb-${used}t`, start, bytes, totals.rows, measureTexts(totals), { threads: used });
})().catch((e) => { console.error(e.message || e); process.exit(2); });
