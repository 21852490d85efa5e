// The Papa Parse references: the derivation of bench/derive.js on Papa Parse, as a page without
// wasm would do it. Prints one JSON line like starsheet_bench.
//   --mode whole   the whole file read as one string, Papa.parse(text, { step }) — a string is
//                  parsed in one piece, each row handed to step as it is split (Papa's docs: step
//                  keeps the rows from piling up in memory). A file that decodes to more than
//                  V8's longest string (about 1 GB of this file's text) is reported as skipped.
//   --mode stream  Papa's own Node stream input: fs.createReadStream with encoding 'utf8', whose
//                  StringDecoder keeps a character split across two reads whole (Papa decodes
//                  a Buffer chunk on its own, which turns a split character into U+FFFD), read
//                  in --chunk-bytes pieces (4 MB, as the page reads), each row to step.
// Usage: node bench/papaparse_import.js FILE [--mode whole|stream (default)] [--period-end YYYY-MM-DD] [--chunk-bytes N]
'use strict';
const fs = require('fs');
const Papa = require('papaparse');
const { Deriver, options, report, skipIfTooLong } = require('./derive');

const o = options(process.argv);
o.mode ||= 'stream';
if (o.mode !== 'whole' && o.mode !== 'stream') throw new Error('--mode whole|stream');
const name = `papaparse-${o.mode}`;
const bytes = fs.statSync(o.file).size;
const derive = new Deriver(o.periodEnd);
let first = true;
const config = {
  step(results) {
    if (first) { derive.header(results.data); first = false; } else derive.row(results.data);
  },
  complete() { report(name, start, bytes, derive.rows, derive.measures()); },
};

const start = process.hrtime.bigint();
if (o.mode === 'whole') {
  let text;
  try { text = fs.readFileSync(o.file, 'utf8'); } catch (e) { skipIfTooLong(name, e, bytes); }
  Papa.parse(text, config);
} else {
  Papa.parse(fs.createReadStream(o.file, { encoding: 'utf8', highWaterMark: o.chunkBytes }), config);
}
