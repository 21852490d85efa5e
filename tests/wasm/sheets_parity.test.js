// The second wasm module (starsheet_sheets: the spreadsheet reader and the templates, which the
// page loads only on demand) against the native CLI: every template is byte-identical to
// `starsheet template`, with the built-in packs and with the packs' texts passed in as the page
// passes them; a filled measures template read back in wasm scores exactly as `starsheet score
// filled.csv`; a workbook that cannot be read gives a key the import rules have a message for.
// Usage: STARSHEET_BIN=build/bin/starsheet STARSHEET_WASM=build-wasm/bin/starsheet_node.js
//        STARSHEET_SHEETS_WASM=build-wasm/bin/starsheet_sheets_node.js node --test tests/wasm/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { root, bin, wasm, sheetsWasm, rulesText, native } = require('./targets');

const kinds = ['shipments', 'inquiries', 'measures'];

test('templates: wasm and native agree byte for byte', async (t) => {
  const sheets = await require(sheetsWasm)();
  for (const packs of ['built in', 'passed as text']) {
    if (packs === 'passed as text') {
      assert.strictEqual(sheets.useTemplateRules(rulesText('appendix-a.json'), rulesText('import.json'), ''), '');
    }
    for (const kind of kinds) {
      for (const format of ['csv', 'xlsx']) {
        for (const lang of ['zh', 'en']) {
          await t.test(`${kind} ${format} ${lang} (${packs})`, () => {
            const want = native(['template', kind, '--format', format, '--lang', lang]);
            assert.strictEqual(want.status, 0, want.stderr);
            const got = format === 'xlsx' ? sheets.templateXlsx(kind, lang) : sheets.templateCsv(kind, lang);
            assert.ok(got instanceof Uint8Array);
            assert.ok(got.length > 0);
            assert.ok(Buffer.from(got).equals(want.stdout), `${kind}.${format} ${lang} differs`);
          });
        }
      }
    }
  }
  assert.strictEqual(sheets.templateCsv('nothing', 'en').length, 0);
});

test('a filled measures template read in wasm scores as the CLI scores it', async () => {
  const sheets = await require(sheetsWasm)();
  const main = await require(wasm)();
  const lines = Buffer.from(sheets.templateCsv('measures', 'en')).toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
  const fill = (pointer, value) => {
    const i = lines.findIndex((l) => l.startsWith(pointer + ','));
    assert.ok(i > 0, pointer);
    lines[i] = lines[i].replace(/,[^,]*$/, ',' + value);
  };
  fill('/measures/orders_total', '200');
  fill('/measures/orders_on_time', '190');
  const text = '\uFEFF' + lines.join('\r\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starsheet-sheets-'));
  const file = path.join(dir, 'filled-measures.csv');
  fs.writeFileSync(file, text);
  try {
    // The page hands the sheets worker the text as the browser decodes it (UTF-8: BOM dropped).
    const read = JSON.parse(sheets.periodFromMeasuresTable(text.replace(/^\uFEFF/, '')));
    assert.ok(read.ok, read.error);
    const ws = new main.Workspace('', '');
    for (const lang of ['zh', 'en']) {
      for (const format of ['json', 'text']) {
        const want = native(['score', file, '--lang', lang, '--format', format]);
        assert.strictEqual(want.status, 0, want.stderr);
        const got = ws.score(read.period, format, lang);
        assert.ok(got.ok, got.error);
        assert.strictEqual(got.output, want.stdout.toString('utf8'), `${lang} ${format}`);
      }
    }
    ws.delete();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a workbook that cannot be read names a message of the import rules', async () => {
  const sheets = await require(sheetsWasm)();
  const messages = JSON.parse(rulesText('import.json')).messages;
  const read = (bytes) => {
    const reader = new sheets.WorkbookReader();
    sheets.HEAPU8.set(bytes, reader.bufferFor(bytes.length));
    const out = { kind: reader.kind(), sheets: JSON.parse(reader.sheets()) };
    reader.release();
    reader.delete();
    return out;
  };
  const broken = read(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]));
  assert.strictEqual(broken.sheets.ok, false);
  assert.ok(messages[broken.sheets.key], `no message for ${broken.sheets.key}`);
  assert.ok(messages[broken.sheets.key].zh && messages[broken.sheets.key].en);
  const text = read(Buffer.from('order_id,status\nA1,ok\n'));
  assert.strictEqual(text.kind, 'none');
  assert.strictEqual(text.sheets.ok, false);
  assert.ok(messages[text.sheets.key], `no message for ${text.sheets.key}`);
  // A readable one lists its sheets, hidden ones marked.
  const book = read(fs.readFileSync(path.join(root, 'tests', 'fixtures', 'workbooks', 'shipments.xlsx')));
  assert.strictEqual(book.kind, 'xlsx');
  assert.ok(book.sheets.ok);
  assert.ok(book.sheets.sheets.length >= 2);
  assert.ok(book.sheets.sheets.some((s) => s.hidden));
});
