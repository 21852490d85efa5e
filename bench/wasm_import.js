// The wasm importer in Node: pieces of 1 MB, as the page's worker feeds it (sheets_worker.js), or
// --chunk-bytes, read from the file straight into the importer's buffer in wasm memory (the
// page's worker copies each piece of a File there). Prints one
// JSON line like starsheet_bench. The clock starts where every implementation's does, just
// before the file is opened (the importer's begin() included, as native's import includes
// making its importer); loading and instantiating the module comes before it and is reported on
// its own as instantiate_seconds (scripts/bench's whole-process time includes it).
// Usage: node bench/wasm_import.js FILE [--period-end YYYY-MM-DD] [--chunk-bytes N]
//                                       [--wasm build-wasm/bin/starsheet_node.js]
'use strict';
const fs = require('fs');
const path = require('path');
const { options, report } = require('./derive');

const o = options(process.argv);
const args = process.argv.slice(2);
const chunkBytes = args.includes('--chunk-bytes') ? o.chunkBytes : 1 << 20;
const wasmPath = path.resolve(args.includes('--wasm') ? args[args.indexOf('--wasm') + 1]
  : path.join(__dirname, '..', 'build-wasm', 'bin', 'starsheet_node.js'));

(async () => {
  const loadStart = process.hrtime.bigint();
  const module = await require(wasmPath)();
  const ws = new module.Workspace('', '');
  const instantiate = Number(process.hrtime.bigint() - loadStart) / 1e9;
  const period = o.periodEnd
    ? JSON.stringify({ format: 'starsheet-period/1', period: { kind: 'month', start: o.periodEnd.slice(0, 8) + '01', end: o.periodEnd } })
    : '';
  let peakHeap = module.HEAPU8.length;
  const start = process.hrtime.bigint();
  const err = ws.begin('shipments', '', period, path.basename(o.file), 'UTF-8', -1, '');  // header found, no sheet
  if (err) throw new Error(err);
  const fd = fs.openSync(o.file, 'r');
  let bytes = 0;
  for (;;) {
    // Read straight into the importer's buffer, as native reads into its own: no copy.
    // bufferFor may grow the memory, so the view is taken after it.
    const ptr = ws.bufferFor(chunkBytes);
    const n = fs.readSync(fd, module.HEAPU8, ptr, chunkBytes, null);
    if (n === 0) break;
    ws.commit(n);
    bytes += n;
    peakHeap = Math.max(peakHeap, module.HEAPU8.length);
  }
  fs.closeSync(fd);
  const result = JSON.parse(ws.finish('en'));
  if (!result.ok) throw new Error(result.error);
  const f = result.records.files[0];
  const measures = {};
  for (const key of Object.keys(f.measures).sort()) measures[key] = String(f.measures[key]);
  peakHeap = Math.max(peakHeap, module.HEAPU8.length);
  report('wasm', start, bytes, f.rows.read, measures, {
    instantiate_seconds: Number(instantiate.toFixed(4)), wasm_heap_mb: Number((peakHeap / 1048576).toFixed(1)),
    problems: f.problems.total,
  });
})().catch((e) => { console.error(e.message || e); process.exit(2); });
