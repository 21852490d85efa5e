// One engine, two targets, for record files: every period + record-file case the native CLI
// scores is imported and scored again through the wasm Workspace in Node, fed the way the page's
// worker feeds it (UTF-8 bytes straight into the importer's buffer; other encodings decoded by
// TextDecoder first), and the reports must be byte-identical in both languages and formats. A
// workbook goes the page's way too: the sheets module's WorkbookReader turns its first visible
// sheet into CSV text, which the Workspace imports with the sheet's name; the CLI reads the same
// file itself (--shipments book.xlsx).
// Usage: STARSHEET_BIN=build/bin/starsheet STARSHEET_WASM=build-wasm/bin/starsheet_node.js
//        STARSHEET_SHEETS_WASM=build-wasm/bin/starsheet_sheets_node.js node --test tests/wasm/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { root, bin, wasm, sheetsWasm } = require('./targets');
const rec = 'tests/fixtures/records';
const real = process.env.STARSHEET_REAL_DATA || '../shared/data/real';

const page = `${rec}/page`;

// period, shipments [, mapping], inquiries
const cases = [
  { period: `${rec}/recovery-period.json`, shipments: `${rec}/recovery-shipments.csv` },
  // Channel, destination and warehouse columns: the drill-down in points (drilldown_test.cpp).
  { period: `${rec}/drilldown-period.json`, shipments: `${rec}/drilldown-shipments.csv` },
  { period: `${rec}/drilldown-period.json`, shipments: `${rec}/quality-shipments.csv` },
  // Exceptions and first replies over the full-points limit, split by channel and agent (make_slow.py).
  { period: `${rec}/drilldown-period.json`, shipments: `${rec}/slow-shipments.csv`, inquiries: `${rec}/slow-inquiries.csv` },
  // Transits over their mode's line against the period's industry averages, split by channel (make_transit.py).
  { period: `${rec}/transit-period.json`, shipments: `${rec}/transit-shipments.csv` },
  { period: `${rec}/cn-period.json`, shipments: `${rec}/cn-shipments-gbk.csv`, inquiries: `${rec}/cn-inquiries-utf16.tsv` },
  { period: `${rec}/cn-period.json`, shipments: `${rec}/cn-shipments-gb18030.csv` },
  { period: `${rec}/recovery-period-uninsured.json`, shipments: `${real}/dataco_supply_chain_sample.csv`, map: `${rec}/dataco.map.json` },
  { period: `${rec}/recovery-period-uninsured.json`, shipments: `${real}/ecommerce_shipping_train.csv` },
  { period: `${rec}/recovery-period-uninsured.json`, shipments: `${real}/olist_orders_sample.csv`, map: `${rec}/olist.map.json` },
  // A TMS export with title rows, totals and notes, as GBK CSV and as workbooks from real
  // writers (tests/fixtures/records/page/make_page_fixtures.py).
  { period: `${page}/period.json`, shipments: `${page}/huayun-2026-10-gbk.csv` },
  { period: `${page}/period.json`, shipments: `${page}/huayun-2026-10.xlsx` },
  { period: `${page}/period.json`, shipments: `${page}/huayun-2026-10.xls` },
  { period: `${page}/period.json`, shipments: `${page}/huayun-2026-10.ods` },
  // The reader's fixtures (tests/fixtures/workbooks/make_workbooks.py): merged two-row headers,
  // date and date-time formats, floats with binary artefacts, a hidden sheet; the .xls under
  // WPS's name (.et); formulas with and without cached values.
  // large.xlsx (make_large.py): 1,500 rows whose sheet XML the reader takes in pieces.
  ...['shipments.xlsx', 'shipments.xls', 'shipments.et', 'shipments.ods', 'handmade.xlsx', 'large.xlsx']
    .map((name) => ({ period: `${page}/period.json`, shipments: `tests/fixtures/workbooks/${name}` })),
];

function native(args) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const isWorkbook = (b) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) ||
  b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));

// The sheets worker's reading, without the worker: the file's bytes into the reader at once,
// the first visible sheet out as CSV text.
function readWorkbook(sheets, bytes) {
  const reader = new sheets.WorkbookReader();
  try {
    sheets.HEAPU8.set(bytes, reader.bufferFor(bytes.length));
    assert.notStrictEqual(reader.kind(), 'none');
    const list = JSON.parse(reader.sheets());
    assert.ok(list.ok, list.key);
    const index = Math.max(0, list.sheets.findIndex((s) => !s.hidden));
    const sheet = JSON.parse(reader.sheet(index));
    assert.ok(sheet.ok, sheet.key);
    return { csv: sheet.csv, name: list.sheets[index].name };
  } finally {
    reader.release();
    reader.delete();
  }
}

// The main worker's feeding, without the worker: 1 MB chunks so that records cross chunk edges.
// A workbook's sheet is imported as UTF-8 text, the report naming the sheet as the CLI's does.
function importFile(module, sheets, ws, kind, file, mapping, period) {
  let bytes = fs.readFileSync(path.resolve(root, file));
  let enc;
  let sheetName = '';
  if (isWorkbook(bytes)) {
    const sheet = readWorkbook(sheets, bytes);
    sheetName = sheet.name;
    bytes = Buffer.from(sheet.csv, 'utf8');
    enc = 'UTF-8';
  } else {
    enc = ws.detect(bytes.subarray(0, 65536));
  }
  const err = ws.begin(kind, mapping, period, file, enc, -1, sheetName);
  assert.strictEqual(err, '');
  const decoder = enc === 'UTF-8' ? null : new TextDecoder(enc.toLowerCase(), { ignoreBOM: true });
  const put = (utf8) => {
    const ptr = ws.bufferFor(utf8.length);
    module.HEAPU8.set(utf8, ptr);
    ws.commit(utf8.length);
  };
  const chunk = 1 << 20;
  for (let at = 0; at <= bytes.length; at += chunk) {
    const part = bytes.subarray(at, at + chunk);
    if (!decoder) {
      if (part.length) put(part);
      continue;
    }
    const last = at + chunk > bytes.length;
    const text = decoder.decode(part, { stream: !last });
    const replaced = text.split('\uFFFD').length - 1;
    if (replaced) ws.noteUndecodable(replaced);
    put(new TextEncoder().encode(text));
  }
  const done = JSON.parse(ws.finish('en'));
  assert.ok(done.ok, done.error);
}

test('record files: wasm and native agree byte for byte', async (t) => {
  const module = await require(wasm)();
  const sheets = await require(sheetsWasm)();
  for (const c of cases) {
    const args = ['score', c.period, '--shipments', c.shipments];
    if (c.inquiries) args.push('--inquiries', c.inquiries);
    if (c.map) args.push('--map', c.map);
    const period = fs.readFileSync(path.resolve(root, c.period), 'utf8');
    const mapping = c.map ? fs.readFileSync(path.resolve(root, c.map), 'utf8') : '';
    const ws = new module.Workspace('', '');
    assert.strictEqual(ws.loadError(), '');
    importFile(module, sheets, ws, 'shipments', c.shipments, mapping, period);
    if (c.inquiries) importFile(module, sheets, ws, 'inquiries', c.inquiries, '', period);
    for (const lang of ['zh', 'en']) {
      for (const format of ['json', 'text']) {
        await t.test(`${args.slice(1).join(' ')} ${lang} ${format}`, () => {
          const want = native([...args, '--lang', lang, '--format', format]);
          assert.strictEqual(want.status, 0, want.stderr);
          const got = ws.score(period, format, lang);
          assert.ok(got.ok, got.error);
          assert.strictEqual(got.output, want.stdout);
        });
      }
      // The failing rows (the carrier's to-do list): the page's download is the CLI's file.
      if (c.inquiries) continue;
      for (const format of ['csv', 'xlsx']) {
        await t.test(`${args.slice(1).join(' ')} --failing-rows ${lang} ${format}`, () => {
          const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'starsheet-failing-'));
          try {
            const file = path.join(dir, 'todo.' + format);
            const want = native([...args, '--lang', lang, '--failing-rows', file]);
            assert.strictEqual(want.status, 0, want.stderr);
            const got = ws.failingRows(c.shipments, '', -1, '', '', format, lang);
            assert.ok(got instanceof Uint8Array);
            assert.ok(Buffer.from(got).equals(fs.readFileSync(file)), `${format} bytes differ`);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    }
    ws.delete();
  }
});

test('the recovery fixture derives its delay bands in wasm too', async () => {
  const module = await require(wasm)();
  const ws = new module.Workspace('', '');
  const period = fs.readFileSync(path.join(root, rec, 'recovery-period.json'), 'utf8');
  importFile(module, null, ws, 'shipments', `${rec}/recovery-shipments.csv`, '', period);
  const report = JSON.parse(ws.score(period, 'json', 'en').output);
  assert.strictEqual(report.recovery.total_low, 425.55);
  // Freight in yuan by default: the 1000 USD cap is 7100 CNY, so A8's 5 × 300 = 1500 is not capped.
  assert.strictEqual(report.recovery.total_high, 1999.05);
  assert.strictEqual(report.recovery.freight_currency, 'CNY');
  ws.delete();
});

test('recordsRead counts the records read so far, the header included (the page\'s progress)', async () => {
  const module = await require(wasm)();
  const ws = new module.Workspace('', '');
  assert.strictEqual(ws.recordsRead(), 0);
  const err = ws.begin('shipments', '', '', 'progress.csv', 'UTF-8', -1, '');
  assert.strictEqual(err, '');
  const put = (text) => {
    const bytes = new TextEncoder().encode(text);
    const ptr = ws.bufferFor(bytes.length);
    module.HEAPU8.set(bytes, ptr);
    ws.commit(bytes.length);
  };
  put('运单号,出库时间\n' + 'A1,2026-10-01 08:00\n'.repeat(1000) + '"A2",2026-10-02');  // the last line not ended yet
  assert.strictEqual(ws.recordsRead(), 1001);
  put(' 09:00\n' + 'A3,2026-10-03 10:00\n'.repeat(500));
  assert.strictEqual(ws.recordsRead(), 1502);
  ws.finish('en');
  assert.strictEqual(ws.recordsRead(), 0);
});
