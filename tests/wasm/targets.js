// What every parity test compares: the native CLI and the two wasm modules for Node, chosen by
// STARSHEET_BIN, STARSHEET_WASM and STARSHEET_SHEETS_WASM (defaults: build/ and build-wasm/).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const bin = path.resolve(root, process.env.STARSHEET_BIN || 'build/bin/starsheet');
const wasm = path.resolve(root, process.env.STARSHEET_WASM || 'build-wasm/bin/starsheet_node.js');
const sheetsWasm = path.resolve(root, process.env.STARSHEET_SHEETS_WASM ||
  path.join(path.dirname(wasm), 'starsheet_sheets_node.js'));
const rulesText = (name) => fs.readFileSync(path.join(root, 'rules', name), 'utf8');

/** The CLI run from the repository root: {status, stdout (bytes), stderr (text)}. */
function native(args) {
  const r = spawnSync(bin, args, { cwd: root, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

module.exports = { root, bin, wasm, sheetsWasm, rulesText, native };
