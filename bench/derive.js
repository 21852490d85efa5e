// The derivation every JavaScript reference of scripts/bench shares, so that they differ only in
// how they read and split the CSV: one fast date parser and one set of rules.
//
// The rules are the importer's, for the shipments exports of scripts/gen-shipments (Chinese
// headers; times as YYYY-MM-DD HH:MM, promises as dates): on time = delivered ≤ promised (a
// promise without a time lasts to the end of its day); an undelivered order is late once its
// promise passed before the period end, else left out; a lost parcel (丢失) was never delivered,
// whatever its delivery column says (the contract's TMS status table): late once its promise
// passed, no transit time and no delay band; transit days = delivered − shipped per mode; goods
// intact = status 完好; exception hours = closed − opened; for the service-recovery estimate,
// late parcels by delay band (< 24 h, 24–48 h inclusive, > 48 h; an undelivered order's delay
// runs to the period end) and damaged and lost counts.
//
// The date parser reads the forms the generated file holds — "YYYY-MM-DD", "YYYY-MM-DD HH:MM"
// (also with ":SS" or a "T"), surrounding spaces ignored — with char codes, no regex and no Date.
// The core reads many more forms (see core/datetime.h); a file with other forms would give other
// measures here, and scripts/bench would say so: it checks every run's measures against native.
'use strict';

const day = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), y ≥ 0.
function daysFromCivil(y, m, d) {
  if (m <= 2) y -= 1;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y, m) {
  if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
  return (m === 4 || m === 6 || m === 9 || m === 11) ? 30 : 31;
}

const isSpace = (c) => c === 32 || c === 9;
const digit = (c) => c - 48 >>> 0 < 10;  // c is '0'..'9'

/// Seconds since 1970 of "YYYY-MM-DD[( |T)H[H]:MM[:SS]]" read as UTC (the importer reads
/// zone-less times as written); a date alone is its first second, or its last with endOfDay.
/// null for an empty cell, undefined for anything else it does not read.
function seconds(s, endOfDay) {
  if (s == null) return null;
  let i = 0, n = s.length;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  while (n > i && isSpace(s.charCodeAt(n - 1))) n--;
  if (i === n) return null;
  if (n - i < 8) return undefined;
  let c0 = s.charCodeAt(i), c1 = s.charCodeAt(i + 1), c2 = s.charCodeAt(i + 2), c3 = s.charCodeAt(i + 3);
  if (!digit(c0) || !digit(c1) || !digit(c2) || !digit(c3) || s.charCodeAt(i + 4) !== 45) return undefined;
  const y = (c0 - 48) * 1000 + (c1 - 48) * 100 + (c2 - 48) * 10 + (c3 - 48);
  i += 5;
  // month and day: one or two digits each
  let c = s.charCodeAt(i);
  if (!digit(c)) return undefined;
  let mo = c - 48;
  c = s.charCodeAt(++i);
  if (digit(c)) { mo = mo * 10 + c - 48; c = s.charCodeAt(++i); }
  if (c !== 45) return undefined;
  c = s.charCodeAt(++i);
  if (!digit(c)) return undefined;
  let d = c - 48;
  c = s.charCodeAt(++i);
  if (digit(c)) { d = d * 10 + c - 48; ++i; }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const base = daysFromCivil(y, mo, d) * day;
  if (i === n) return endOfDay ? base + day - 1 : base;
  c = s.charCodeAt(i);
  if (c !== 32 && c !== 84) return undefined;  // ' ' or 'T'
  c = s.charCodeAt(++i);
  if (!digit(c)) return undefined;
  let h = c - 48;
  c = s.charCodeAt(++i);
  if (digit(c)) { h = h * 10 + c - 48; c = s.charCodeAt(++i); }
  if (c !== 58 || n - i < 3) return undefined;
  c0 = s.charCodeAt(i + 1); c1 = s.charCodeAt(i + 2);
  if (!digit(c0) || !digit(c1)) return undefined;
  const mi = (c0 - 48) * 10 + (c1 - 48);
  i += 3;
  let se = 0;
  if (i < n) {
    if (n - i !== 3 || s.charCodeAt(i) !== 58) return undefined;
    c0 = s.charCodeAt(i + 1); c1 = s.charCodeAt(i + 2);
    if (!digit(c0) || !digit(c1)) return undefined;
    se = (c0 - 48) * 10 + (c1 - 48);
  }
  if (h > 23 || mi > 59 || se > 59) return undefined;
  return base + h * 3600 + mi * 60 + se;
}

const headers = {
  mode: '运输方式', shipped: '出库时间', delivered: '签收时间', promised: '承诺送达时间',
  status: '货物状态', opened: '异常发现时间', closed: '异常解决时间',
};

/// The running derivation. Give it the header, then each row as an array of strings (extra or
/// missing trailing cells are fine), then ask for measures().
class Deriver {
  /// periodEnd: "YYYY-MM-DD" or ''.
  constructor(periodEnd) {
    this.end = periodEnd ? seconds(periodEnd) + day : null;
    this.col = null;
    this.rows = 0;
    this.ordersTotal = 0; this.onTime = 0;
    this.goodsTotal = 0; this.goodsIntact = 0; this.damaged = 0; this.lost = 0;
    this.exceptionCases = 0; this.exceptionSeconds = 0;
    this.transitCount = [0, 0, 0]; this.transitSeconds = [0, 0, 0];  // land, sea, air
    this.bands = [0, 0, 0];
  }

  header(names) {
    const at = new Map(names.map((h, i) => [String(h).trim(), i]));
    this.col = {};
    for (const [key, name] of Object.entries(headers)) {
      if (!at.has(name)) throw new Error(`no column ${name}`);
      this.col[key] = at.get(name);
    }
  }

  band(delay) { this.bands[delay < 24 * 3600 ? 0 : delay <= 48 * 3600 ? 1 : 2]++; }

  row(r) {
    if (r.length === 1 && r[0] === '') return;  // a blank line
    const col = this.col;
    this.rows++;
    const status = (r[col.status] || '').trim();
    const isLost = status === '丢失';
    const shipped = seconds(r[col.shipped], false);
    const delivered = isLost ? null : seconds(r[col.delivered], false);
    const promised = seconds(r[col.promised], true);
    if (promised != null) {
      if (delivered != null) {
        this.ordersTotal++;
        if (delivered <= promised) this.onTime++;
        else this.band(delivered - promised);
      } else if (this.end !== null && promised < this.end) {
        this.ordersTotal++;
        if (!isLost) this.band(this.end - promised);
      }
    }
    if (shipped != null && delivered != null && delivered >= shipped) {
      let m = -1;
      switch ((r[col.mode] || '').trim()) {
        case '陆运': m = 0; break;
        case '海运': m = 1; break;
        case '空运': m = 2; break;
      }
      if (m >= 0) {
        this.transitCount[m]++;
        this.transitSeconds[m] += delivered - shipped;
      }
    }
    switch (status) {
      case '完好': this.goodsTotal++; this.goodsIntact++; break;
      case '破损': this.goodsTotal++; this.damaged++; break;
      case '丢失': this.goodsTotal++; this.lost++; break;
      case '错发': case '少货': this.goodsTotal++; break;
    }
    const opened = seconds(r[col.opened], false);
    if (opened != null) {
      const closed = seconds(r[col.closed], false);
      if (closed != null && closed >= opened) {
        this.exceptionCases++;
        this.exceptionSeconds += closed - opened;
      }
    }
  }

  /// The measures as starsheet_bench prints them: sorted JSON pointers → shortest round-trip text.
  measures() {
    return measureTexts({
      exception_cases: this.exceptionCases, exception_seconds: this.exceptionSeconds,
      goods_intact: this.goodsIntact, goods_total: this.goodsTotal,
      orders_on_time: this.onTime, orders_total: this.ordersTotal,
      damaged: this.damaged, lost: this.lost,
      late_under_24h: this.bands[0], late_24_to_48h: this.bands[1], late_over_48h: this.bands[2],
      land_shipments: this.transitCount[0], land_seconds: this.transitSeconds[0],
      sea_shipments: this.transitCount[1], sea_seconds: this.transitSeconds[1],
      air_shipments: this.transitCount[2], air_seconds: this.transitSeconds[2],
    });
  }
}

/// The measures from the totals (counts, and sums of whole seconds), whoever added them up.
function measureTexts(t) {
  const m = {
    '/measures/exception_cases': t.exception_cases, '/measures/exception_hours_total': t.exception_seconds / 3600,
    '/measures/goods_intact': t.goods_intact, '/measures/goods_total': t.goods_total,
    '/measures/orders_on_time': t.orders_on_time, '/measures/orders_total': t.orders_total,
    '/measures/recovery/damaged': t.damaged, '/measures/recovery/late_24_to_48h': t.late_24_to_48h,
    '/measures/recovery/late_over_48h': t.late_over_48h, '/measures/recovery/late_under_24h': t.late_under_24h,
    '/measures/recovery/lost': t.lost,
  };
  for (const k of ['air', 'land', 'sea']) {
    if (!t[`${k}_shipments`]) continue;
    m[`/measures/transit/${k}/days_total`] = t[`${k}_seconds`] / day;
    m[`/measures/transit/${k}/shipments`] = t[`${k}_shipments`];
  }
  const out = {};
  for (const key of Object.keys(m).sort()) out[key] = String(m[key]);
  return out;
}

/// Command-line options shared by the references: FILE [--period-end D] [--chunk-bytes N] [--mode M].
function options(argv) {
  const args = argv.slice(2);
  const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  return {
    file: args[0],
    periodEnd: opt('--period-end', ''),
    chunkBytes: Number(opt('--chunk-bytes', 4 << 20)),
    mode: opt('--mode', ''),
  };
}

/// Prints the one JSON line scripts/bench reads. `startNs` is process.hrtime.bigint() taken just
/// before the file was opened; call this as soon as the measures are ready.
function report(name, startNs, bytes, rows, measures, extra = {}) {
  const secs = Number(process.hrtime.bigint() - startNs) / 1e9;
  console.log(JSON.stringify({
    implementation: name, file_bytes: bytes, seconds: Number(secs.toFixed(4)),
    mb_per_s: Number((bytes / 1e6 / secs).toFixed(1)),
    peak_rss_mb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),  // ru_maxrss, as native
    ...extra, rows, measures,
  }));
}

/// A file too long for one V8 string cannot be read whole: say so on the JSON line and stop.
function skipIfTooLong(name, e, bytes) {
  if (e && (e.code === 'ERR_STRING_TOO_LONG' || /string longer than/i.test(String(e.message)))) {
    console.log(JSON.stringify({ implementation: name, file_bytes: bytes,
      skipped: 'the file decodes to more than V8\'s longest string' }));
    process.exit(0);
  }
  throw e;
}

module.exports = { seconds, daysFromCivil, Deriver, measureTexts, options, report, skipIfTooLong, headers, day };
