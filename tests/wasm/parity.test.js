// One engine, two targets: every period fixture the native suite scores is scored again through
// the wasm build in Node, and the outputs must be byte-identical to the native CLI's — reports
// in both languages and formats, and error lines for bad input.
// Usage: STARSHEET_BIN=build/bin/starsheet STARSHEET_WASM=build-wasm/bin/starsheet_node.js node --test tests/wasm/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { root, bin, wasm } = require('./targets');

function fixtures(dir) {
  return fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

function native(args) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('wasm and native agree byte for byte', async (t) => {
  const module = await require(wasm)();
  const scorer = new module.Scorer('');
  assert.strictEqual(scorer.loadError(), '');
  const periods = [...fixtures('tests/fixtures/periods'), ...fixtures('examples')];
  for (const file of periods) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const lang of ['zh', 'en']) {
      for (const format of ['json', 'text']) {
        await t.test(`${file} ${lang} ${format}`, () => {
          const want = native(['score', file, '--lang', lang, '--format', format]);
          assert.strictEqual(want.status, 0, want.stderr);
          const got = scorer.score(text, format, lang);
          assert.ok(got.ok, got.error);
          assert.strictEqual(got.output, want.stdout);
        });
      }
    }
  }
  for (const file of fixtures('tests/fixtures/bad')) {
    for (const lang of ['zh', 'en']) {
      await t.test(`${file} error ${lang}`, () => {
        const want = native(['score', file, '--lang', lang]);
        assert.strictEqual(want.status, 2);
        const got = scorer.score(fs.readFileSync(path.join(root, file), 'utf8'), 'json', lang);
        assert.strictEqual(got.ok, false);
        assert.strictEqual(`starsheet: ${file}: ${got.error}\n`, want.stderr);
        // The page's form of it: the same sentence without the pointer, the pointer apart.
        const detail = JSON.parse(got.detail)[lang];  // both languages, for the page's switch
        if (detail.field) assert.ok(got.error.startsWith(detail.field), got.error);
        if (detail.pointer) assert.ok(got.error.includes(detail.pointer), got.error);
      });
    }
  }
  await t.test('rule pack table', () => {
    for (const lang of ['zh', 'en']) assert.strictEqual(scorer.rulesTable(lang), native(['rules', '--lang', lang]).stdout);
  });
  scorer.delete();
});

test('a broken rule pack is reported, not thrown', async () => {
  const module = await require(wasm)();
  const scorer = new module.Scorer('{"format":"starsheet-rules/0"}');
  assert.strictEqual(scorer.loadError(), '/format: expected "starsheet-rules/1", got "starsheet-rules/0"');
  const r = scorer.score('{"format":"starsheet-period/1"}', 'json', 'en');
  assert.deepStrictEqual([r.ok, r.error], [false, scorer.loadError()]);
  scorer.delete();
});
