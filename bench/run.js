// The runner of scripts/bench: runs every implementation on one file, interleaved (A B C … A B C)
// for several rounds, checks that every run derived the native measures, and prints per
// implementation the median and min–max of its in-process and whole-process times, MB/s (on the
// in-process median) and peak memory, then the speedup lines.
//
// In-process time is each implementation's own clock, with the same boundaries for all: from
// just before the file is opened to the measures ready (one-time setup — Node's start, loading a
// library, instantiating the wasm module, opening DuckDB, loading rules — comes before it).
// Whole-process time is this runner's clock from spawning the process to its exit: it includes
// all of that setup. Peak RSS is the process's own ru_maxrss (the largest over the rounds).
//
// Usage: node bench/run.js FILE --native BIN --wasm JS [--period-end D] [--rounds N]
//          [--gb18030 FILE] [--only a,b,…] [--chunk-bytes N] [--smoke (the measures check only)]
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const file = args[0];
const native = opt('--native');
const wasm = opt('--wasm');
const periodEnd = opt('--period-end', '');
const rounds = Number(opt('--rounds', 5));
const gb = opt('--gb18030', '');
const only = opt('--only', '') ? new Set(opt('--only').split(',')) : null;
const chunkBytes = opt('--chunk-bytes', '');  // for the JS and wasm readers (native reads 4 MB)
const smoke = args.includes('--smoke');  // the measures check only: no times are printed
if (!file || !native || !wasm || !(rounds >= 1)) {
  console.error('usage: node bench/run.js FILE --native BIN --wasm JS [--period-end D] [--rounds N] [--gb18030 FILE] [--only a,b] [--chunk-bytes N]');
  process.exit(2);
}

const here = __dirname;
const pe = periodEnd ? ['--period-end', periodEnd] : [];
const cb = chunkBytes ? ['--chunk-bytes', chunkBytes] : [];
const node = (script, ...rest) => [process.execPath, path.join(here, script), file, ...rest, ...pe];
// Kinds: 'js' are the JavaScript references (speedup_wasm_vs_best_js is taken over them);
// 'duckdb' is DuckDB's C++ engine driven from Node; 'gb' are the native GB18030 lines.
const all = [
  { name: 'native', kind: 'native', cmd: [native, file, ...pe] },
  { name: 'wasm', kind: 'wasm', cmd: node('wasm_import.js', '--wasm', wasm, ...cb) },
  { name: 'papaparse-whole', kind: 'js', cmd: node('papaparse_import.js', '--mode', 'whole') },
  { name: 'papaparse-stream', kind: 'js', cmd: node('papaparse_import.js', '--mode', 'stream', ...cb) },
  { name: 'udsv-whole', kind: 'js', cmd: node('udsv_import.js', '--mode', 'whole') },
  { name: 'udsv-stream', kind: 'js', cmd: node('udsv_import.js', '--mode', 'stream', ...cb) },
  { name: 'duckdb-1t', kind: 'duckdb', cmd: node('duckdb_import.js', '--threads', '1') },
  { name: 'duckdb-default', kind: 'duckdb', cmd: node('duckdb_import.js', '--threads', 'default') },
];
if (gb) {
  // iconv alone (decoding only, no measures), then the import of the GB18030 file.
  all.push({ name: 'iconv-gb18030', kind: 'gb', noMeasures: true,
    cmd: [native, gb, '--encoding', 'GB18030', '--decode-only', ...pe] });
  all.push({ name: 'native+gb18030', kind: 'gb', cmd: [native, gb, '--encoding', 'gb18030', ...pe] });
}
const impls = all.filter((i) => !only || only.has(i.name) || i.name === 'native');
for (const i of impls) i.runs = [];

function run(impl) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(impl.cmd[0], impl.cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code, signal) => {
      const whole = Number(process.hrtime.bigint() - t0) / 1e9;
      let json = null;
      try { json = JSON.parse(out.trim().split('\n').pop()); } catch { /* reported below */ }
      resolve({ code, signal, whole, json, err: err.trim() });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 3) => x.toFixed(d);

(async () => {
  let failed = false;
  let reference = null;  // native's measures text (the first native run)
  for (let r = 1; r <= rounds; r++) {
    for (const impl of impls) {
      if (impl.skipped || impl.failed) continue;
      const res = await run(impl);
      if (res.code !== 0 || !res.json) {
        console.log(`${impl.name}: FAILED in round ${r} (exit ${res.code ?? res.signal})${res.err ? `: ${res.err.split('\n').slice(-3).join(' | ')}` : ''}`);
        impl.failed = failed = true;
        continue;
      }
      if (res.json.skipped) {
        impl.skipped = res.json.skipped;
        continue;
      }
      if (!impl.noMeasures) {
        const m = JSON.stringify(res.json.measures);
        if (impl.name === 'native' && reference === null) reference = m;
        if (m !== reference) {
          console.log(`MEASURES DIFFER: ${impl.name} in round ${r}`);
          console.log(`  native: ${reference}`);
          console.log(`  ${impl.name}: ${m}`);
          impl.differs = failed = true;
        }
      }
      impl.runs.push({ inProcess: res.json.seconds, whole: res.whole, json: res.json });
    }
    process.stderr.write(`bench: round ${r}/${rounds} done\n`);
  }

  const bytes = fs.statSync(file).size;
  if (smoke) {
    for (const impl of impls)
      console.log(`${impl.name}: ${impl.skipped ? `skipped: ${impl.skipped}` : impl.failed ? 'FAILED' : impl.differs ? 'MEASURES DIFFER' : impl.noMeasures ? 'ran' : 'measures equal to native'}`);
    console.log(failed ? 'bench smoke: FAILED' : `bench smoke: all ${impls.length} implementations ran on ${file}, measures equal`);
    process.exit(failed ? 1 : 0);
  }
  console.log(`${'implementation'.padEnd(17)} ${'in-process s: median [min–max]'.padEnd(31)} ${'whole-process s: median [min–max]'.padEnd(34)} ${'MB/s'.padStart(7)} ${'peak RSS'.padStart(9)}`);
  for (const impl of impls) {
    if (impl.skipped) { console.log(`${impl.name.padEnd(17)} skipped: ${impl.skipped}`); continue; }
    if (!impl.runs.length) continue;
    const ins = impl.runs.map((x) => x.inProcess), wh = impl.runs.map((x) => x.whole);
    impl.median = median(ins);
    const implBytes = impl.runs[0].json.file_bytes;
    const rss = Math.max(...impl.runs.map((x) => x.json.peak_rss_mb));
    let extra = '';
    if (impl.name === 'wasm') {
      const heap = Math.max(...impl.runs.map((x) => x.json.wasm_heap_mb));
      const inst = median(impl.runs.map((x) => x.json.instantiate_seconds));
      extra = `  wasm heap ${heap.toFixed(1)} MB; instantiation ${fmt(inst)} s (median, in whole-process only)`;
    }
    if (impl.kind === 'duckdb') extra = `  ${impl.runs[0].json.threads} thread(s)`;
    if (impl.kind === 'gb') extra = `  (${implBytes} bytes of GB18030)`;
    const span = (xs) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;
    console.log(`${impl.name.padEnd(17)} ${span(ins).padEnd(31)} ${span(wh).padEnd(34)} ${(implBytes / 1e6 / impl.median).toFixed(1).padStart(7)} ${(rss.toFixed(1) + ' MB').padStart(9)}${extra}${impl.differs ? '  MEASURES DIFFER' : ''}`);
  }
  const checked = impls.filter((i) => !i.noMeasures && i.runs.length);
  const runsChecked = checked.reduce((n, i) => n + i.runs.length, 0);
  console.log(`file: ${file} (${bytes} bytes); rounds: ${rounds}, interleaved in the order above`);
  console.log(`measures: ${reference}`);
  console.log(failed ? 'measures_equal: NO (see above)'
    : `measures_equal: yes — all ${runsChecked} runs of ${checked.length} implementations (${checked.map((i) => i.name).join(', ')})`);

  const byName = Object.fromEntries(impls.map((i) => [i.name, i]));
  const w = byName.wasm, n = byName.native;
  const js = impls.filter((i) => i.kind === 'js' && i.median !== undefined && !i.differs);
  if (w && w.median !== undefined && js.length) {
    const best = js.reduce((a, b) => (b.median < a.median ? b : a));
    console.log(`best_js: ${best.name} (${fmt(best.median)} s; of ${js.map((i) => i.name).join(', ')})`);
    console.log(`speedup_wasm_vs_best_js: ${(best.median / w.median).toFixed(2)}`);
    for (const d of impls.filter((i) => i.kind === 'duckdb' && i.median !== undefined))
      console.log(`speedup_wasm_vs_${d.name}: ${(d.median / w.median).toFixed(2)}`);
  }
  if (w && n && w.median !== undefined && n.median !== undefined)
    console.log(`wasm_vs_native_time: ${(w.median / n.median).toFixed(2)}`);
  process.exit(failed ? 1 : 0);
})();
