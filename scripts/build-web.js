// Assembles dist/ from web/ and the wasm bundle. The single-file page inlines every script and
// style and pins each by its hash in the Content-Security-Policy, so nothing else may run.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'web');
const dist = path.join(root, 'dist');
const wasmBundle = path.join(root, 'build-wasm', 'bin', 'starsheet_web.js');
const wasmModule = path.join(root, 'build-wasm', 'bin', 'starsheet_web.wasm');

const read = (p) => fs.readFileSync(p, 'utf8');
const sha256 = (text) => "'sha256-" + crypto.createHash('sha256').update(text, 'utf8').digest('base64') + "'";

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

const example = JSON.parse(read(path.join(root, 'examples', 'huayun-2026-10.json')));
const exampleJs = "'use strict';\nwindow.Starsheet = window.Starsheet || {};\nwindow.Starsheet.example = " +
  JSON.stringify(example) + ';\n';

// --- dist/index.html and its assets -------------------------------------------------------------
// The rule packs travel as text in rules.js (minified JSON strings): the main page reads the
// labels from it and hands the texts to the worker.
const minified = (name) => JSON.stringify(JSON.parse(read(path.join(root, 'rules', name))));
const rulesJs = "'use strict';\nself.STARSHEET_RULES = " +
  JSON.stringify({ pack: minified('appendix-a.json'), importRules: minified('import.json') }) + ';\n';

// Every file of web/ is an asset; example.js and rules.js are generated; the wasm bundle comes
// from its build.
// The .wasm travels deflated and base64-encoded in a script: gzip cannot see through base64, so
// compressing first saves about a third, and a script needs no fetch (connect-src stays 'none').
const wasmJs = "self.STARSHEET_WASM = '" +
  zlib.deflateRawSync(fs.readFileSync(wasmModule), { level: 9 }).toString('base64') + "';\n";
const assets = { 'example.js': exampleJs, 'rules.js': rulesJs, 'starsheet_web.js': read(wasmBundle),
  'starsheet_wasm.js': wasmJs };
for (const name of fs.readdirSync(web)) if (/\.(js|css)$/.test(name)) assets[name] = read(path.join(web, name));
for (const [name, text] of Object.entries(assets)) fs.writeFileSync(path.join(dist, name), text);
const indexHtml = read(path.join(web, 'index.html'));
fs.writeFileSync(path.join(dist, 'index.html'), indexHtml);

// --- dist/starsheet.html: one file ---------------------------------------------------------------
function inlineSafe(name, text) {
  if (/<\/script/i.test(text) || /<!--/.test(text)) throw new Error(`${name} contains text that would end an inline script`);
  return text;
}
const hashes = [];
let single = indexHtml.replace('<link rel="stylesheet" href="style.css">', () => {
  hashes.push(['style', sha256(assets['style.css'])]);
  return '<style>' + assets['style.css'] + '</style>';
});
single = single.replace(/<script src="([^"]+)"><\/script>/g, (match, name) => {
  if (!(name in assets)) throw new Error('unknown script ' + name);
  const text = inlineSafe(name, assets[name]);
  hashes.push(['script', sha256(text)]);
  return '<script>' + text + '</script>';
});
// The worker runs the module and the worker code from a Blob made of this (inert) text.
const workerSource = inlineSafe('worker', assets['starsheet_wasm.js'] + assets['starsheet_web.js'] + '\n' + assets['worker.js']);
single = single.replace('</body>', '<script type="text/plain" id="worker-source">' + workerSource + '</script>\n</body>');
const scriptHashes = hashes.filter(([k]) => k === 'script').map(([, h]) => h).join(' ');
const styleHashes = hashes.filter(([k]) => k === 'style').map(([, h]) => h).join(' ');
const csp = `default-src 'none'; script-src ${scriptHashes} 'wasm-unsafe-eval'; worker-src blob:; style-src ${styleHashes}; ` +
  "img-src data: blob:; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'";
single = single.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
fs.writeFileSync(path.join(dist, 'starsheet.html'), single);

// --- sizes ----------------------------------------------------------------------------------------
const gz = (text) => zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
let siteRaw = 0, siteGz = 0;
for (const name of fs.readdirSync(dist).filter((n) => n !== 'starsheet.html')) {
  const text = read(path.join(dist, name));
  siteRaw += Buffer.byteLength(text);
  siteGz += gz(text);
}
const singleGz = gz(single);
console.log(`dist/index.html + assets: ${kb(siteRaw)} raw, ${kb(siteGz)} gzipped`);
console.log(`dist/starsheet.html (single file): ${kb(Buffer.byteLength(single))} raw, ${kb(singleGz)} gzipped`);
const budget = 300 * 1024;
if (siteGz > budget || singleGz > budget) {
  console.error(`build-web: over the 300 KB gzipped budget`);
  process.exit(1);
}
