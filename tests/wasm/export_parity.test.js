// The exports, two targets: the report the page shows, passed to the on-demand module's
// exportReport (as the page passes it: its parsed report, stringified again), gives the bytes
// `starsheet score --format xlsx|html` writes — for every period fixture and example, with a
// what-if, and with record files merged in; in both languages.
// Usage: STARSHEET_BIN=build/bin/starsheet STARSHEET_WASM=build-wasm/bin/starsheet_node.js
//        STARSHEET_SHEETS_WASM=build-wasm/bin/starsheet_sheets_node.js node --test tests/wasm/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { root, bin, wasm, sheetsWasm, rulesText, native } = require('./targets');

function fixtures(dir) {
  return fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

test('exports: wasm and native agree byte for byte', async (t) => {
  const sheets = await require(sheetsWasm)();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'starsheet-export-'));
  // A what-if on the 11th example, and a provider name with markup and a bidi override.
  const whatIf = JSON.parse(fs.readFileSync(path.join(root, 'examples/huayun-2026-11.json'), 'utf8'));
  whatIf.what_if = { compliant_loading_rate: 99 };
  whatIf.provider = '<b>A&B</b> \u202eevil';
  fs.writeFileSync(path.join(tmp, 'what-if.json'), JSON.stringify(whatIf));
  const cases = [...fixtures('tests/fixtures/periods'), ...fixtures('examples')].map((f) => [f]);
  cases.push([path.join(tmp, 'what-if.json')]);
  cases.push(['tests/fixtures/records/recovery-period.json', '--shipments', 'tests/fixtures/records/recovery-shipments.csv']);
  // Where the points are lost and the data quality, under the import rules' headings.
  cases.push(['tests/fixtures/records/drilldown-period.json', '--shipments', 'tests/fixtures/records/quality-shipments.csv']);
  for (const packs of ['built in', 'passed as text']) {
    if (packs === 'passed as text') {
      assert.strictEqual(sheets.useTemplateRules(rulesText('appendix-a.json'), rulesText('import.json'), ''), '');
    }
    for (const args of cases) {
      for (const lang of ['zh', 'en']) {
        const report = native(['score', ...args, '--lang', lang, '--format', 'json']);
        assert.strictEqual(report.status, 0, report.stderr);
        const shown = JSON.stringify(JSON.parse(report.stdout.toString('utf8')));  // the page's copy
        for (const format of ['xlsx', 'html']) {
          await t.test(`${args.join(' ')} ${lang} ${format} (${packs})`, () => {
            const want = native(['score', ...args, '--lang', lang, '--format', format]);
            assert.strictEqual(want.status, 0, want.stderr);
            const got = sheets.exportReport(shown, format);
            assert.ok(got.length > 0);
            assert.ok(Buffer.from(got).equals(want.stdout), `${format} differs (${got.length} vs ${want.stdout.length} bytes)`);
          });
        }
      }
    }
  }
  await t.test('what is not a report gives no bytes', () => {
    assert.strictEqual(sheets.exportReport('{"format":"starsheet-period/1"}', 'xlsx').length, 0);
    assert.strictEqual(sheets.exportReport('not json', 'html').length, 0);
    assert.strictEqual(sheets.exportReport(native(['score', 'examples/huayun-2026-11.json', '--format', 'json']).stdout.toString(), 'pdf').length, 0);
  });
  fs.rmSync(tmp, { recursive: true, force: true });
});
