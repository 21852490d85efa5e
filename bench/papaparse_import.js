// The reference: the same derivation written in plain JavaScript on Papa Parse, as a page
// without wasm would do it. It reads the shipments exports of scripts/gen-shipments (Chinese
// headers; dates as YYYY-MM-DD HH:MM, promises as dates) and follows the rules of the report:
// on time = delivered ≤ promised (a promise without a time lasts to the end of its day); an
// undelivered order is late once its promise passed before the period end, else left out;
// transit days = delivered − shipped per mode; goods intact = status 完好; exception hours =
// closed − opened; for the service-recovery estimate, late parcels by delay band (< 24 h,
// 24–48 h inclusive, > 48 h; an undelivered order's delay runs to the period end; lost parcels
// are not banded) and damaged and lost counts. Prints one JSON line like starsheet_bench.
// Usage: node bench/papaparse_import.js FILE [--period-end YYYY-MM-DD]
'use strict';
const fs = require('fs');
const Papa = require('papaparse');

const args = process.argv.slice(2);
const file = args[0];
const periodEnd = args.includes('--period-end') ? args[args.indexOf('--period-end') + 1] : '';
const day = 86400;

// Seconds since 1970 for "YYYY-MM-DD[ HH:MM[:SS]]" (UTC, as the importer reads zone-less times).
function seconds(text, endOfDay) {
  if (!text) return null;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const base = Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000;
  if (m[4] === undefined) return endOfDay ? base + day - 1 : base;
  return base + (+m[4]) * 3600 + (+m[5]) * 60 + (m[6] ? +m[6] : 0);
}

const modes = { 陆运: 'land', 海运: 'sea', 空运: 'air' };
const end = periodEnd ? seconds(periodEnd) + day : null;
let header = null, col = {};
let rows = 0, ordersTotal = 0, onTime = 0, goodsTotal = 0, goodsIntact = 0, exceptionCases = 0, exceptionSeconds = 0;
const transit = { land: [0, 0], sea: [0, 0], air: [0, 0] };
const bands = [0, 0, 0];
let damaged = 0, lost = 0;
function band(delay) { bands[delay < 24 * 3600 ? 0 : delay <= 48 * 3600 ? 1 : 2]++; }
let peakRss = process.memoryUsage().rss;
const start = process.hrtime.bigint();

function row(r) {
  if (!header) {
    header = r;
    r.forEach((h, i) => { col[h.trim()] = i; });
    return;
  }
  if (r.length === 1 && r[0] === '') return;
  rows++;
  const mode = modes[(r[col['运输方式']] || '').trim()];
  const shipped = seconds(r[col['出库时间']]);
  const status = (r[col['货物状态']] || '').trim();
  // A lost parcel was never delivered, whatever its delivery column says (the contract's TMS
  // status table): late once its promise passed, and no transit time.
  const delivered = status === '丢失' ? null : seconds(r[col['签收时间']]);
  const promised = seconds(r[col['承诺送达时间']], true);
  if (promised != null) {
    if (delivered != null) {
      ordersTotal++;
      if (delivered <= promised) onTime++;
      else if (status !== '丢失') band(delivered - promised);
    } else if (end != null && promised < end) {
      ordersTotal++;
      if (status !== '丢失') band(end - promised);
    }
  }
  if (shipped != null && delivered != null && delivered >= shipped && mode) {
    transit[mode][0]++;
    transit[mode][1] += delivered - shipped;
  }
  if (['完好', '破损', '丢失', '错发', '少货'].includes(status)) {
    goodsTotal++;
    if (status === '完好') goodsIntact++;
    if (status === '破损') damaged++;
    if (status === '丢失') lost++;
  }
  const opened = seconds(r[col['异常发现时间']]), closed = seconds(r[col['异常解决时间']]);
  if (opened != null && closed != null && closed >= opened) {
    exceptionCases++;
    exceptionSeconds += closed - opened;
  }
}

Papa.parse(fs.createReadStream(file, { highWaterMark: 4 << 20 }), {
  skipEmptyLines: false,
  chunk(results) {
    for (const r of results.data) row(r);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  },
  complete() {
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    const bytes = fs.statSync(file).size;
    const m = {
      '/measures/exception_cases': exceptionCases, '/measures/exception_hours_total': exceptionSeconds / 3600,
      '/measures/goods_intact': goodsIntact, '/measures/goods_total': goodsTotal,
      '/measures/orders_on_time': onTime, '/measures/orders_total': ordersTotal,
      '/measures/recovery/damaged': damaged, '/measures/recovery/late_24_to_48h': bands[1],
      '/measures/recovery/late_over_48h': bands[2], '/measures/recovery/late_under_24h': bands[0],
      '/measures/recovery/lost': lost,
    };
    for (const k of ['air', 'land', 'sea']) {
      if (!transit[k][0]) continue;
      m[`/measures/transit/${k}/days_total`] = transit[k][1] / day;
      m[`/measures/transit/${k}/shipments`] = transit[k][0];
    }
    const measures = {};
    for (const key of Object.keys(m).sort()) measures[key] = String(m[key]);
    console.log(JSON.stringify({
      implementation: 'papaparse', file_bytes: bytes, seconds: Number(secs.toFixed(4)),
      mb_per_s: Number((bytes / 1e6 / secs).toFixed(1)), peak_rss_mb: Number((peakRss / 1048576).toFixed(1)),
      rows, measures,
    }));
  },
});
