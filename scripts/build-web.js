// Assembles dist/ from web/ and the two wasm modules. The single-file page inlines every script and
// style and pins each by its hash in the Content-Security-Policy, so nothing else may run.
//
// The budget: the page's FIRST LOAD — everything it loads before the user does anything — is at
// most 300 KB gzipped, and the build fails above it. The second module (starsheet_sheets: record
// import and scoring with records, the spreadsheet reader, the templates and the exports) is not
// part of it: the page starts its worker only when a file or records are given, a template or an
// export is asked for. So in
// dist/ the first load is every file except the lazy ones (sheets_worker.js, the sheets module's
// two scripts, and trends.js, the page's code for several periods at once); in starsheet.html it
// is the file without its inert <script type="text/plain"> blocks of the sheets worker and of
// trends.js, which the browser never runs until the page makes the worker's Blob of the one or a
// script of the other. The lazy part's size and the single file's total are printed too.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'web');
const dist = path.join(root, 'dist');
const wasmBin = path.join(root, 'build-wasm', 'bin');
const wasmBundle = path.join(wasmBin, 'starsheet_web.js');
const wasmModule = path.join(wasmBin, 'starsheet_web.wasm');
const sheetsBundle = path.join(wasmBin, 'starsheet_sheets_web.js');
const sheetsModule = path.join(wasmBin, 'starsheet_sheets_web.wasm');
for (const f of [wasmBundle, wasmModule, sheetsBundle, sheetsModule]) {
  if (!fs.existsSync(f)) {
    console.error(`build-web: ${path.relative(root, f)} is missing; run scripts/build-wasm first`);
    process.exit(1);
  }
}
// Loaded only on demand (see the budget above).
// trends.js (several periods at once) is the page's own code for a later action: the page adds it
// as a script when first needed; the single file carries it as inert text pinned by its hash.
// import_rules.js (the record import rules) likewise: the engine adds it with its first request.
// example.js (the example period) is added when its button is pressed.
// drilldown.js (the drill-down table) is added when a report first has a drill-down (records),
// record_panels.js (the panels of imported files) with the first file, history.js (the opt-in
// local history) when its panel is opened or, once opted in, with a score, parcels.js (the failing
// parcels) with the first result that has imported records, quality.js (data quality in points)
// with the first result that has a data-quality finding.
const lazy = new Set(['sheets_worker.js', 'starsheet_sheets_web.js', 'starsheet_sheets_wasm.js', 'trends.js', 'import_rules.js',
  'example.js', 'drilldown.js', 'record_panels.js', 'history.js', 'parcels.js', 'quality.js']);
// The page's own words (web/messages.js) ship as one script per language, messages_zh.js and
// messages_en.js: the page loads the one of its language before it shows anything, the other
// only when the language is switched. The first load counts the larger of the two.
const languages = ['zh', 'en'];
const languageFiles = languages.map((l) => `messages_${l}.js`);

const read = (p) => fs.readFileSync(p, 'utf8');
const sha256 = (text) => "'sha256-" + crypto.createHash('sha256').update(text, 'utf8').digest('base64') + "'";

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

const example = JSON.parse(read(path.join(root, 'examples', 'huayun-2026-10.json')));
const exampleJs = "'use strict';\nwindow.Starsheet = window.Starsheet || {};\nwindow.Starsheet.example = " +
  JSON.stringify(example) + ';\n';

// --- dist/index.html and its assets -------------------------------------------------------------
// The rule packs travel as text in rules.js (minified JSON strings): the main page reads the
// labels from it and hands the texts to the workers. Of the template rules (built into the
// sheets module) the main worker needs only the measures sheet's measure and value columns, by
// which it recognises a filled measures template.
const minified = (name) => JSON.stringify(JSON.parse(read(path.join(root, 'rules', name))));
const templateRules = JSON.parse(read(path.join(root, 'rules', 'templates.json')));
const measuresColumns = JSON.stringify({ measures: { columns:
  templateRules.measures.columns.filter((c) => c.id === 'measure' || c.id === 'value') } });
// The rule pack travels deflated and base64-encoded as the .wasm does (below): 1.8 KB gzipped
// less than its JSON; the page inflates it once (app.packText). The measures columns are small.
const rulesScript = () => "'use strict';\nself.STARSHEET_RULES = { packed: '" +
  deflateText(minified('appendix-a.json')).toString('base64') + "', measuresColumns: " + JSON.stringify(measuresColumns) + ' };\n';
// The import rules only matter once the page is asked to do something (engine.js adds them).
const importRulesJs = "'use strict';\nself.STARSHEET_IMPORT_RULES = JSON.stringify(" + minified('import.json') + ');\n';

// Every file of web/ is an asset; example.js and rules.js are generated; the wasm bundle comes
// from its build.
// The .wasm travels deflated and base64-encoded in a script: gzip cannot see through base64, so
// compressing first saves about a third, and a script needs no fetch (connect-src stays 'none').
// Zopfli (Debian package zopfli) writes a deflate stream about 5 % smaller than zlib's best,
// which the first load needs; the page inflates either with DecompressionStream('deflate-raw').
const zopfli = spawnSync('zopfli', ['-h'], { stdio: 'ignore' }).error ? null : 'zopfli';
if (!zopfli) console.warn('build-web: zopfli is not installed (apt-get install zopfli): the .wasm is deflated by zlib, ~10 KB larger');
function deflate(file) {
  if (zopfli) {
    const r = spawnSync(zopfli, ['--deflate', '-c', file], { maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`zopfli failed on ${file}: ${r.stderr}`);
    if (!zlib.inflateRawSync(r.stdout).equals(fs.readFileSync(file))) throw new Error(`zopfli: ${file} does not inflate back`);
    return r.stdout;
  }
  return zlib.deflateRawSync(fs.readFileSync(file), { level: 9 });
}
function deflateText(text) {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'starsheet-web-'));
  try {
    fs.writeFileSync(path.join(dir, 'text'), text);
    return deflate(path.join(dir, 'text'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const packed = (variable, file) => `self.${variable} = '` + deflate(file).toString('base64') + "';\n";
const catalogue = (() => {
  const sandbox = { window: {} };
  require('vm').runInNewContext(read(path.join(web, 'messages.js')), sandbox);
  return sandbox.window.Starsheet.messages;
})();
if (languages.some((l) => !catalogue[l])) throw new Error('web/messages.js lacks a language');
const languageJs = (l) => "'use strict';\nwindow.Starsheet = window.Starsheet || {};\n" +
  `(window.Starsheet.messages = window.Starsheet.messages || {}).${l} = ${JSON.stringify(catalogue[l])};\n`;
const assets = { 'example.js': exampleJs, 'rules.js': rulesScript(), 'import_rules.js': importRulesJs, 'starsheet_web.js': read(wasmBundle),
  'starsheet_wasm.js': packed('STARSHEET_WASM', wasmModule), 'starsheet_sheets_web.js': read(sheetsBundle),
  'starsheet_sheets_wasm.js': packed('STARSHEET_SHEETS_WASM', sheetsModule),
  ...Object.fromEntries(languages.map((l) => [`messages_${l}.js`, languageJs(l)])) };
// The page's own scripts ship without their comment lines and indentation: about 6 KB gzipped of
// the first-load budget. Safe for these files because none has a template literal or string that
// spans lines (checked below), so no line break or leading space inside a literal is touched.
function stripped(name, text) {
  if (text.split('\n').some((line) => (line.match(/`/g) || []).length % 2 === 1))
    throw new Error(`${name}: a template literal spans lines; build-web cannot strip it safely`);
  return text.split('\n').map((line) => line.replace(/^\s+/, '')).filter((line) => !/^\/\/( |$)/.test(line)).join('\n');
}
// Then terser (scripts/web-tools, a build-time npm package) shortens local names and drops what
// is dead: about 10 KB gzipped of the first load, of which 4 KB in the Emscripten glue. Top-level
// names are kept (the scripts share window.Starsheet and a worker's globals), and so are class
// names (errors are told apart by them).
function terser() {
  try {
    return require(path.join(root, 'scripts', 'web-tools', 'node_modules', 'terser'));
  } catch (e) {
    console.error('build-web: terser is missing; run (cd scripts/web-tools && npm ci) — scripts/run and scripts/test do');
    process.exit(1);
  }
}
async function terserOutput(name, text) {
  const out = await terser().minify(text, { ecma: 2020, compress: { passes: 1 }, mangle: true, keep_classnames: true,
    format: { comments: false } });
  if (!out.code) throw new Error(`${name}: terser gave nothing`);
  return out.code;
}
// The page's UI is one source file per feature (web/app.js first, then the files index.html
// lists after it); the page gets them as one script, app.js: one request, and one gzip stream
// that sees the features' shared words (separately they cost about 3.5 KB more gzipped).
const uiScripts = [...read(path.join(web, 'index.html')).matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]);
// The page's other first-load scripts of web/ (share.js, …) join it the same way; messages.js is
// split by language instead (see languageFiles).
const generated = ['rules.js', 'messages.js'];
const uiBundle = ['app.js', ...uiScripts.filter((n) => n !== 'app.js' && !generated.includes(n))];
const uiOrder = uiScripts.filter((n) => !generated.includes(n));
async function main() {
for (const name of fs.readdirSync(web)) {
  if ((uiBundle.includes(name) && name !== 'app.js') || name === 'messages.js') continue;  // bundled, or split by language
  if (name === 'app.js') {
    const text = uiOrder.map((n) => stripped(n, read(path.join(web, n)))).join('\n');
    assets[name] = await terserOutput(name, text);
  } else if (/\.js$/.test(name)) assets[name] = await terserOutput(name, stripped(name, read(path.join(web, name))));
  else if (/\.css$/.test(name)) {
    assets[name] = read(path.join(web, name)).replace(/\/\*[\s\S]*?\*\//g, '').split('\n')
      .map((line) => line.trim()).filter(Boolean).join('\n') + '\n';
  }
}
for (const name of ['starsheet_web.js', 'starsheet_sheets_web.js']) assets[name] = await terserOutput(name, assets[name]);
// Each packed script carries its own unpacking (web/unpack.js): a worker has it with its module.
for (const name of ['rules.js', 'starsheet_wasm.js', 'starsheet_sheets_wasm.js']) assets[name] += assets['unpack.js'] + '\n';
delete assets['unpack.js'];
for (const [name, text] of Object.entries(assets)) fs.writeFileSync(path.join(dist, name), text);
let indexHtml = read(path.join(web, 'index.html'));
for (const n of [...uiBundle.slice(1), 'messages.js']) indexHtml = indexHtml.replace(`<script src="${n}"></script>\n`, '');
if (indexHtml.includes('"messages.js"')) throw new Error('index.html still loads messages.js');
if (uiBundle.slice(1).some((n) => indexHtml.includes(`"${n}"`))) throw new Error('a page script is left out of the app.js bundle');
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
// The rule pack's script goes last, beside the worker's base64 text: zlib codes the two base64
// parts better together (3 KB gzipped less). Nothing reads the pack before the page starts.
let rulesScript = '';
single = single.replace(/<script src="([^"]+)"><\/script>\n?/g, (match, name) => {
  if (!(name in assets)) throw new Error('unknown script ' + name);
  const text = inlineSafe(name, assets[name]);
  hashes.push(['script', sha256(text)]);
  if (name !== 'rules.js') return '<script>' + text + '</script>\n';
  rulesScript = '<script>' + text + '</script>\n';
  return '';
});
if (!rulesScript) throw new Error('index.html does not load rules.js');
// Each worker runs its module and its code from a Blob made of this (inert) text: the main
// worker at load, the sheets worker on demand (engine.js).
const workerSource = inlineSafe('worker', assets['starsheet_wasm.js'] + assets['starsheet_web.js'] + '\n' + assets['worker.js']);
const sheetsSource = inlineSafe('sheets worker',
  assets['starsheet_sheets_wasm.js'] + assets['starsheet_sheets_web.js'] + '\n' + assets['sheets_worker.js']);
// The page's lazy scripts, each an inert block the page turns into a script on first use
// (app.loadScript), pinned by its hash.
const lazyScripts = ['trends', 'drilldown', 'parcels', 'record_panels', 'history', 'import_rules', 'example', 'quality'];
const lazyBlocks = lazyScripts.map((n) => {
  const text = inlineSafe(n + '.js', assets[n + '.js']);
  hashes.push(['script', sha256(text)]);
  return `<script type="text/plain" id="${n}-source">` + text + '</script>\n';
});
const languageBlocks = languages.map((l) => {
  const text = inlineSafe(`messages_${l}.js`, assets[`messages_${l}.js`]);
  hashes.push(['script', sha256(text)]);
  return `<script type="text/plain" id="messages_${l}-source">` + text + '</script>\n';
});
const sheetsBlock = languageBlocks.join('') + '<script type="text/plain" id="sheets-worker-source">' + sheetsSource + '</script>\n' +
  lazyBlocks.join('');
single = single.replace('</body>', () => rulesScript + '<script type="text/plain" id="worker-source">' + workerSource +
  '</script>\n' + sheetsBlock + '</body>');
const scriptHashes = hashes.filter(([k]) => k === 'script').map(([, h]) => h).join(' ');
const styleHashes = hashes.filter(([k]) => k === 'style').map(([, h]) => h).join(' ');
const csp = `default-src 'none'; script-src ${scriptHashes} 'wasm-unsafe-eval'; worker-src blob:; style-src ${styleHashes}; ` +
  "img-src data: blob:; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'";
single = single.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
fs.writeFileSync(path.join(dist, 'starsheet.html'), single);

// --- sizes (the budget is explained at the top) --------------------------------------------------
const gz = (text) => zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const budget = 300 * 1024;
const files = fs.readdirSync(dist).filter((n) => n !== 'starsheet.html').sort();
const sizes = files.map((name) => {
  const text = read(path.join(dist, name));
  return { name, raw: Buffer.byteLength(text), gz: gz(text), lazy: lazy.has(name) };
});
const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
// Of the two languages, the larger counts in the first load.
const words = sizes.filter((f) => languageFiles.includes(f.name)).sort((a, b) => b.gz - a.gz);
const first = sizes.filter((f) => !f.lazy && !languageFiles.includes(f.name)).concat(words.slice(0, 1));
const later = sizes.filter((f) => f.lazy || f === words[1]);
const line = (f) => `  ${f.name.padEnd(26)} ${kb(f.gz).padStart(9)} gzipped (${kb(f.raw)} raw)`;
console.log('dist/ first load (index.html and what it loads before any user action):');
for (const f of first.sort((a, b) => b.gz - a.gz)) console.log(line(f));
console.log(`  = ${kb(sum(first, 'gz'))} gzipped (${kb(sum(first, 'raw'))} raw), budget ${kb(budget)}`);
console.log('dist/ lazy part (the sheets worker, started by the first file, records, template or export; the lazy scripts):');
for (const f of later.sort((a, b) => b.gz - a.gz)) console.log(line(f));
console.log(`  = ${kb(sum(later, 'gz'))} gzipped (${kb(sum(later, 'raw'))} raw)`);
const singleGz = gz(single);
// Without the inert blocks, but with the larger language's words.
const largerLanguage = languageBlocks[languages.indexOf(words[0].name.slice(9, 11))];
const singleFirst = single.replace(sheetsBlock, largerLanguage);
if (singleFirst === single) throw new Error('the lazy blocks are not in the single file');
const singleFirstGz = gz(singleFirst);
console.log(`dist/starsheet.html (single file): ${kb(singleGz)} gzipped in all (${kb(Buffer.byteLength(single))} raw); ` +
  `first load (without the inert sheets worker and trends text) ${kb(singleFirstGz)} gzipped, budget ${kb(budget)}`);
const over = [];
if (sum(first, 'gz') > budget) over.push(`dist/ first load ${kb(sum(first, 'gz'))}`);
if (singleFirstGz > budget) over.push(`starsheet.html first load ${kb(singleFirstGz)}`);
if (over.length) {
  console.error(`build-web: over the 300 KB gzipped first-load budget: ${over.join(', ')}`);
  process.exit(1);
}
}
main().catch((e) => { console.error('build-web: ' + (e && e.message ? e.message : e)); process.exit(1); });
