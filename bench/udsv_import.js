// The uDSV references: the derivation of bench/derive.js on uDSV, whose README calls its string
// tuples ("stringArrs", no value typing) the native and fastest output. Each row goes to our own
// handler (uDSV's documented non-accumulating form), so no rows pile up. Prints one JSON line
// like starsheet_bench.
//   --mode whole   the whole file read as one string, inferSchema + initParser, then
//                  parser.stringArrs(text, onRow). A file that decodes to more than V8's longest
//                  string (about 1 GB of this file's text) is reported as skipped.
//   --mode stream  uDSV's incremental API, parser.chunk(text, parser.stringArrs, onRow), fed by
//                  fs.createReadStream with encoding 'utf8' in --chunk-bytes pieces (4 MB): its
//                  StringDecoder keeps a character split across two reads whole (uDSV's README
//                  example decodes each Buffer on its own, which would not).
// Usage: node bench/udsv_import.js FILE --mode whole|stream [--period-end YYYY-MM-DD] [--chunk-bytes N]
'use strict';
const fs = require('fs');
const { inferSchema, initParser } = require('udsv');
const { Deriver, options, report, skipIfTooLong } = require('./derive');

const o = options(process.argv);
if (o.mode !== 'whole' && o.mode !== 'stream') throw new Error('--mode whole|stream');
const name = `udsv-${o.mode}`;
const bytes = fs.statSync(o.file).size;
const derive = new Deriver(o.periodEnd);
const onRow = (row) => { derive.row(row); };
const start = process.hrtime.bigint();

if (o.mode === 'whole') {
  let text;
  try { text = fs.readFileSync(o.file, 'utf8'); } catch (e) { skipIfTooLong(name, e, bytes); }
  const parser = initParser(inferSchema(text));
  derive.header(parser.schema.cols.map((c) => c.name));
  parser.stringArrs(text, onRow);
  report(name, start, bytes, derive.rows, derive.measures());
} else {
  let parser = null;
  const stream = fs.createReadStream(o.file, { encoding: 'utf8', highWaterMark: o.chunkBytes });
  stream.on('data', (text) => {
    if (!parser) {
      parser = initParser(inferSchema(text));
      derive.header(parser.schema.cols.map((c) => c.name));
    }
    parser.chunk(text, parser.stringArrs, onRow);
  });
  stream.on('end', () => {
    parser.end();
    report(name, start, bytes, derive.rows, derive.measures());
  });
}
