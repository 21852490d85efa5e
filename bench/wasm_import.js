// The wasm importer in Node, fed the way the page's worker feeds it: 4 MB chunks copied straight
// into the importer's buffer in wasm memory. Prints one JSON line like starsheet_bench.
// Usage: node bench/wasm_import.js FILE [--period-end YYYY-MM-DD] [--wasm build-wasm/bin/starsheet_node.js]
'use strict';
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const periodEnd = opt('--period-end', '');
const wasmPath = path.resolve(opt('--wasm', path.join(__dirname, '..', 'build-wasm', 'bin', 'starsheet_node.js')));
const chunkBytes = 4 << 20;

(async () => {
  const module = await require(wasmPath)();
  const ws = new module.Workspace('', '');
  const period = periodEnd
    ? JSON.stringify({ format: 'starsheet-period/1', period: { kind: 'month', start: periodEnd.slice(0, 8) + '01', end: periodEnd } })
    : '';
  let peakRss = process.memoryUsage().rss, peakHeap = module.HEAPU8.length;
  const start = process.hrtime.bigint();
  const err = ws.begin('shipments', '', period, path.basename(file), 'UTF-8', -1, '');  // header found, no sheet
  if (err) throw new Error(err);
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(chunkBytes);
  let bytes = 0, n;
  while ((n = fs.readSync(fd, buf, 0, chunkBytes, null)) > 0) {
    const ptr = ws.bufferFor(n);
    module.HEAPU8.set(buf.subarray(0, n), ptr);
    ws.commit(n);
    bytes += n;
    peakHeap = Math.max(peakHeap, module.HEAPU8.length);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  fs.closeSync(fd);
  const result = JSON.parse(ws.finish('en'));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!result.ok) throw new Error(result.error);
  const f = result.records.files[0];
  const measures = {};
  for (const key of Object.keys(f.measures).sort()) measures[key] = String(f.measures[key]);
  peakHeap = Math.max(peakHeap, module.HEAPU8.length);
  console.log(JSON.stringify({
    implementation: 'wasm', file_bytes: bytes, seconds: Number(seconds.toFixed(4)),
    mb_per_s: Number((bytes / 1e6 / seconds).toFixed(1)), peak_rss_mb: Number((peakRss / 1048576).toFixed(1)),
    wasm_heap_mb: Number((peakHeap / 1048576).toFixed(1)), rows: f.rows.read, problems: f.problems.total, measures,
  }));
})().catch((e) => { console.error(e.message || e); process.exit(2); });
