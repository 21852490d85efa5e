// Property-based fuzzing (fast-check) of the mapping-file loader of the page,
// Starsheet.records.readMappingFile (web/records.js), in Node with the real import rules.
// Properties: any text, and any JSON value, gives null or a mapping whose every field belongs to
// its kind — never an exception; a mapping made from the rules' own fields is read back as it was;
// nothing takes long, however large or deep the file.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');

globalThis.window = globalThis.window || {};
window.Starsheet = window.Starsheet || {};
require(path.join(__dirname, '../../web/records.js'));
const { readMappingFile } = window.Starsheet.records;
const importRules = JSON.parse(fs.readFileSync(path.join(__dirname, '../../rules/import.json'), 'utf8'));
const fieldsOf = (kind) => importRules.kinds[kind].fields.map((f) => f.id);

function checkResult(result) {
  if (result === null) return;
  assert.equal(typeof result, 'object');
  assert.equal(result.format, 'starsheet-mapping/1');
  assert.ok(['shipments', 'inquiries'].includes(result.kind));
  const ids = fieldsOf(result.kind);
  for (const part of ['columns', 'values', 'constants'])
    for (const k of Object.keys(result[part] || {})) assert.ok(ids.includes(k), `${part}.${k} is not a ${result.kind} field`);
}

test('any text gives null or a checked mapping, never an exception', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
    checkResult(readMappingFile(text, importRules));
  }), { numRuns: 3000 });
});

test('any JSON value, and any mapping-shaped object, gives null or a checked mapping', () => {
  const field = fc.constantFrom(...fieldsOf('shipments'), ...fieldsOf('inquiries'), '__proto__', 'constructor', 'x');
  const shaped = fc.record({
    format: fc.constantFrom('starsheet-mapping/1', 'starsheet-mapping/2', 1),
    kind: fc.constantFrom('shipments', 'inquiries', 'orders', undefined, null),
    columns: fc.option(fc.dictionary(field, fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.jsonValue()))),
    values: fc.option(fc.dictionary(field, fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()))),
  }, { requiredKeys: ['format'] });
  fc.assert(fc.property(fc.oneof(fc.jsonValue(), shaped), (value) => {
    checkResult(readMappingFile(JSON.stringify(value), importRules));
  }), { numRuns: 3000 });
});

test('a mapping of the rules\' own fields is read back as written', () => {
  fc.assert(fc.property(fc.constantFrom('shipments', 'inquiries'), fc.array(fc.nat(1000), { maxLength: 8 }), (kind, picks) => {
    const ids = fieldsOf(kind);
    const columns = {};
    for (const p of picks) columns[ids[p % ids.length]] = p % 2 ? `列${p}` : p + 1;
    const doc = { format: 'starsheet-mapping/1', kind, columns };
    assert.deepEqual(readMappingFile(JSON.stringify(doc), importRules), doc);
  }));
  // Without a kind, a mapping is for shipments.
  assert.equal(readMappingFile('{"format":"starsheet-mapping/1"}', importRules).kind, 'shipments');
  assert.equal(readMappingFile('{"format":"starsheet-mapping/1","columns":{"asked_at":"x"}}', importRules), null);
  assert.equal(readMappingFile('{"format":"starsheet-mapping/1","extra":1}', importRules), null);
});

test('large and deep files are refused or read quickly', () => {
  const many = { format: 'starsheet-mapping/1', values: { mode: {} } };
  for (let i = 0; i < 50000; i++) many.values.mode['synonym ' + i] = 'air';
  let started = Date.now();
  checkResult(readMappingFile(JSON.stringify(many), importRules));
  assert.ok(Date.now() - started < 2000, '50,000 value synonyms took over 2 s');
  started = Date.now();
  assert.equal(readMappingFile('['.repeat(5000) + ']'.repeat(5000), importRules), null);
  assert.ok(Date.now() - started < 2000);
});
