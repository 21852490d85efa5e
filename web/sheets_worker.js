// The second worker: it owns the second wasm module (starsheet_sheets: record import, scoring
// with the imported files, the spreadsheet reader, the templates and the exports), which the page
// starts only when a file is dropped, records are pasted, a template or an export is asked for —
// never at page load, so the first load stays small (worker.js scores a period on its own).
// Bytes in, text or bytes out: a workbook's sheet comes back as CSV text, which the page then
// imports through this worker too. Requests are {id, op, args}; replies {id, ok, result} or
// {id, ok:false, error}; during an import, {progress: {id, bytes, total}}; {op: 'cancel'} stops one.
'use strict';
/* global starsheetModule, createStarsheetSheets, importScripts, STARSHEET_SHEETS_WASM */
// As in worker.js: the .wasm arrives deflated and base64-encoded in a script (no fetch,
// connect-src stays 'none'); the single-file page has both scripts inline in this worker's Blob.
if (typeof createStarsheetSheets === 'undefined') importScripts('starsheet_sheets_web.js');
if (typeof STARSHEET_SHEETS_WASM === 'undefined') importScripts('starsheet_sheets_wasm.js');

// Compiled as it is inflated (unpack.js).
const ready = starsheetModule(createStarsheetSheets, STARSHEET_SHEETS_WASM);
let loaded = null;  // init's promise (the page sends init first): every other request waits for it
// A call imports a MB at a time: big enough that the call costs nothing, small enough that the
// browser fills the next one while this one is imported.
const chunkBytes = 1 << 20;
const headBytes = 256 * 1024;  // what the mapping step looks at
const sampleRows = 40;         // rows shown in the preview (the header is looked for in the first 30)
let workspace = null;
let templates = null;  // the measures sheet's columns of the template rules (to recognise a filled one)
let cancelled = false;

function need() {
  if (!workspace) throw new Error('the engine is not initialised');
  return workspace;
}

// Copies UTF-8 bytes into the importer's buffer, or decodes them first (UTF-16, GB18030).
function feed(module, ws, bytes, decoder) {
  if (!decoder) {
    const ptr = ws.bufferFor(bytes.length);
    module.HEAPU8.set(bytes, ptr);
    ws.commit(bytes.length);
    return;
  }
  const text = decoder.decode(bytes, { stream: bytes.length > 0 });
  if (!text) return;
  const replaced = text.split('\uFFFD').length - 1;
  if (replaced) ws.noteUndecodable(replaced);
  const room = text.length * 3;
  const ptr = ws.bufferFor(room);
  const { written } = new TextEncoder().encodeInto(text, module.HEAPU8.subarray(ptr, ptr + room));
  ws.commit(written);
}

// ignoreBOM keeps a byte-order mark as U+FEFF, so the importer sees and reports it exactly as
// the CLI (whose iconv keeps it) does.
function decoderFor(encoding) {
  return encoding === 'UTF-8' ? null : new TextDecoder(encoding.toLowerCase(), { ignoreBOM: true });
}

// The first bytes as UTF-8 text, for proposing a mapping.
function sampleText(bytes, encoding) {
  return encoding === 'UTF-8' ? bytes : new TextEncoder().encode(decoderFor(encoding).decode(bytes));
}

function isWorkbook(bytes) {
  const b = bytes;
  return (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) ||
    (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0);
}

// A filled measures template: a row among the first ones names its measure column and its
// value column (the headers of rules/templates.json, either language, or their synonyms).
const squash = (s) => String(s || '').trim().toLowerCase().replace(/[\s_]+/g, ' ');
function names(id) {
  const col = templates.measures.columns.find((c) => c.id === id);
  return col ? [col.header.zh, col.header.en, ...(col.synonyms || [])].map(squash) : [];
}
function isMeasuresTable(rows) {
  if (!templates) return false;
  const measure = names('measure'), value = names('value');
  for (const r of rows.slice(0, 10)) {
    const cells = r.cells.map(squash);
    const first = cells.find((c) => c !== '');
    if (first !== undefined && measure.includes(first) && cells.some((c) => value.includes(c))) return true;
  }
  return false;
}

// Proposals of both record kinds for a file's first bytes (or a text, UTF-8).
function proposeBoth(ws, sample, headerRow, mappings, lang) {
  const one = (kind) => JSON.parse(ws.propose(kind, sample, sampleRows, headerRow, (mappings && mappings[kind]) || '', lang));
  return { shipments: one('shipments'), inquiries: one('inquiries') };
}

// As in worker.js: the result, or the input error in both languages.
function scored(engine, period, lang, format) {
  const r = engine.score(period, format || 'json', lang || 'zh');
  return r.ok ? { ok: true, output: r.output, error: '' } : { ok: false, output: '', error: r.error, details: JSON.parse(r.detail) };
}

let packText = '';
let workspaceRules = '';  // the import rules' text the workspace was built with

// The rows and period warm() takes the file path with (see there): a month of parcels of each
// mode and a few statuses, made up as an export would write them.
const warmHeader = '运单号,运输方式,出库时间,签收时间,承诺送达时间,货物状态,运费\n';
const warmPeriod = JSON.stringify({ format: 'starsheet-period/1', period: { kind: 'month', start: '2026-10-01', end: '2026-10-31' } });
const warmModes = ['空运', '海运', '陆运'];
const warmStatuses = ['已签收', '运输中', '破损', '已签收'];
const two = (n) => String(n).padStart(2, '0');
function warmRows(from, count) {
  let rows = '';
  for (let i = from; i < from + count; i++) {
    const day = 1 + (i % 25);
    const late = i % 7 === 0 ? 3 : 0;
    rows += `W${100000 + i},${warmModes[i % 3]},2026-10-${two(day)} ${two(i % 24)}:${two(i % 60)},` +
      (i % 11 === 0 ? '' : `2026-10-${two(day + 2 + late)} ${two((i * 7) % 24)}:05`) +
      `,2026-10-${two(day + 4)} 18:00,${warmStatuses[i % 4]},${(i % 900) / 4 + 3}\n`;
  }
  return rows;
}
// How many rows warm() imports, in pieces. Chromium runs a wasm function in baseline code first
// and compiles it for speed in the background once it has run long enough: a few rows only
// compiled the file's way, these make its busy functions fast before the file comes. Measured
// in Chromium (8 interleaved rounds, 100 MB after intent): 2,000, 6,000 and 15,000 rows each
// took the result from 0.88 s to 0.78-0.79 s; the warm-up itself takes 0.2-0.25 s.
const warmRowCount = 3000;
const warmPieceRows = 500;
let requestsSeen = 0;  // every request but warm: a warm-up in progress stops for it

// A Blob's bytes in pieces of chunkBytes (the last one shorter), read into one reused buffer
// (each piece is copied into the importer's buffer before the next is read). A stream read
// into the caller's buffer ("byob") lets the browser fill the next piece while the worker
// imports this one: 100 MB come in about 0.05 s more than the import takes, where a slice()
// read per piece, awaited in turn, added 0.5 s. Where byob reads are missing, slices.
async function* pieces(blob) {
  let reader = null;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch (e) {
    for (let offset = 0; offset < blob.size; offset += chunkBytes)
      yield new Uint8Array(await blob.slice(offset, offset + chunkBytes).arrayBuffer());
    return;
  }
  let buffer = new ArrayBuffer(chunkBytes);
  let filled = 0;
  let done = false;
  try {
    while (!done) {
      const read = await reader.read(new Uint8Array(buffer, filled));
      done = read.done;
      if (read.value) {
        buffer = read.value.buffer;  // the read transferred it: the same memory under a new handle
        filled += read.value.length;
      }
      if ((done || filled === chunkBytes) && filled > 0) {
        yield new Uint8Array(buffer, 0, filled);
        filled = 0;
      }
    }
  } finally {
    if (!done) reader.cancel();  // the import stopped early (cancelled): the browser stops reading
  }
}

// The bytes of a request: a File or Blob (read here, off the page's thread) or an ArrayBuffer.
async function bytesOf({ file, bytes }) {
  if (bytes) return new Uint8Array(bytes);
  return new Uint8Array(await file.arrayBuffer());
}

// The rule packs' texts for the templates, the exports and the measures tables, parsed by the
// first of those (usePacks): an import does not need them, and parsing them at init, before the
// first import could start, took 0.1-0.25 s in Chromium.
let templateImportRules = null;  // init's import rules until usePacks has passed them on
let templatePacksError = '';
function usePacks(module) {
  if (templateImportRules !== null) {
    templatePacksError = module.useTemplateRules(packText, templateImportRules, '');
    templateImportRules = null;
  }
  if (templatePacksError) throw new Error(templatePacksError);
}

const ops = {
  // The page's build has no rule packs built in: the template functions get their texts once
  // (the template rules are built in: '' selects them), the workspace its own.
  async init({ pack, importRules, measuresColumns }) {
    await ready;
    packText = pack || '';
    templateImportRules = importRules || '';
    templates = measuresColumns ? JSON.parse(measuresColumns) : null;
    return true;
  },
  async workspace({ importRules }) {
    const module = await ready;
    const ws = new module.Workspace(packText, importRules || '');
    const err = ws.loadError();
    if (err) throw new Error(err);
    workspace = ws;
    workspaceRules = importRules || '';
    return true;
  },
  // While the page waits for a file it expects (the pointer on the choose-file button): rows
  // go the whole way a file goes (proposed, imported, scored with a period) in a workspace of
  // their own, and are dropped. Chromium compiles a wasm function when it is first called (on
  // a fresh worker, 0.1 s of the mapping step and 0.1 s of the first score were that), and
  // for speed only once it has run a while (warmRowCount). Resolves to whether it went the
  // whole way: false when a request came meanwhile, which the warm-up leaves to at once.
  async warm() {
    const module = await ready;
    const seen = requestsSeen;
    const ws = new module.Workspace(packText, workspaceRules);
    try {
      const encoder = new TextEncoder();
      const head = encoder.encode(warmHeader + warmRows(0, 3));
      proposeBoth(ws, head, -1, {}, 'zh');
      if (ws.begin('shipments', '', warmPeriod, 'warm.csv', 'UTF-8', -1, '')) return false;
      feed(module, ws, encoder.encode(warmHeader), null);
      for (let at = 0; at < warmRowCount; at += warmPieceRows) {
        // Between pieces the worker takes its messages: a file that comes now goes first.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (requestsSeen !== seen) return false;
        feed(module, ws, encoder.encode(warmRows(at, warmPieceRows)), null);
      }
      ws.finish('zh');
      ws.score(warmPeriod, 'json', 'zh');
      return true;
    } finally {
      ws.delete();
    }
  },
  // A period scored with the imported files merged in.
  async score({ period, lang, format }) {
    return scored(need(), period, lang, format);
  },
  // The table in a file's first bytes (or in a text) for each record kind: its first rows,
  // the header found, the proposed mapping and the records section of the sample. A filled
  // measures template is recognised (measuresTable: true): the sheets worker reads it as a period.
  // A file not looked at yet (sniff) may be a workbook: then only {workbook: true}. Looking at
  // the head read here, not in a request of its own, saves the page a round trip and a read.
  async propose({ file, text, encoding, headerRow, mappings, lang, sniff }) {
    const ws = need();
    let sample;
    let enc = 'UTF-8';
    if (file) {
      const head = new Uint8Array(await file.slice(0, headBytes).arrayBuffer());
      if (sniff && isWorkbook(head)) return { workbook: true };
      enc = encoding && encoding !== 'auto' ? encoding : ws.detect(head.subarray(0, 65536));
      sample = sampleText(head, enc);
    } else {
      sample = new TextEncoder().encode(text.slice(0, headBytes));
    }
    const out = proposeBoth(ws, sample, typeof headerRow === 'number' ? headerRow : -1, mappings, lang || 'zh');
    out.encoding = enc;
    if (isMeasuresTable(out.shipments.rows || out.inquiries.rows || [])) out.measuresTable = true;
    return out;
  },
  // Imports a File (or text) in chunks; the result is the records section for it.
  async importRecords({ id, kind, file, text, mapping, period, encoding, name, lang, headerRow, sheet }) {
    const module = await ready;
    const ws = need();
    cancelled = false;
    const source = file || new Blob([text], { type: 'text/plain' });
    let enc = encoding;
    if (!enc || enc === 'auto') enc = ws.detect(new Uint8Array(await source.slice(0, 65536).arrayBuffer()));
    if (text !== undefined) enc = 'UTF-8';
    const row = typeof headerRow === 'number' ? headerRow : -1;
    const err = ws.begin(kind, mapping || '', period || '', name, enc, row, sheet || '');
    if (err) return { ok: false, error: err, error_key: 'begin' };
    const decoder = decoderFor(enc);
    const total = source.size;
    let bytes = 0;
    for await (const piece of pieces(source)) {
      if (cancelled) {
        ws.finish(lang || 'zh');
        ws.remove(name);
        throw new Error('cancelled');
      }
      feed(module, ws, piece, decoder);
      bytes += piece.length;
      // The importer's count, not the line breaks counted here: that loop took 0.5 s of 100 MB.
      self.postMessage({ progress: { id, bytes, total, rows: ws.recordsRead() } });
    }
    if (decoder) feed(module, ws, new Uint8Array(0), decoder);
    return JSON.parse(ws.finish(lang || 'zh'));
  },
  async remove({ name }) {
    need().remove(name);
    return true;
  },
  async clear({ kind }) {
    need().clear(kind || '');
    return true;
  },
  // The failing rows of one imported file (failing_report.h), filtered: format 'json' (the
  // default) {file, header, shown, rows, total, listed, matched, complete, note}; 'csv' or 'xlsx'
  // the download's bytes, as `starsheet --failing-rows FILE` writes them.
  async failingRows({ name, reasons, column, derived, value, format, lang }) {
    const out = need().failingRows(name, reasons || '', typeof column === 'number' ? column : -1, derived || '',
      value === undefined || value === null ? '' : String(value), format || 'json', lang || 'zh');
    if (out === null) throw new Error('no failing rows for ' + name);
    return typeof out === 'string' ? JSON.parse(out) : out;
  },
  // One sheet of a workbook as CSV text: the sheet `index`, or the first visible one. Returns
  // {ok, format, sheets, index, csv, rows, columns, …} or {ok: false, format, key, detail},
  // where key names a message of the import rules (shown in the page's language).
  async workbook(args) {
    const module = await ready;
    const bytes = await bytesOf(args);
    const reader = new module.WorkbookReader();
    try {
      // bufferFor may grow the memory, which detaches the HEAPU8 of before: ask for it after.
      const buffer = reader.bufferFor(bytes.length);
      module.HEAPU8.set(bytes, buffer);
      const format = reader.kind();
      const list = JSON.parse(reader.sheets());
      if (!list.ok) return Object.assign(list, { format });
      let at = typeof args.index === 'number' ? args.index : list.sheets.findIndex((s) => !s.hidden);
      if (at < 0 || at >= list.sheets.length) at = 0;
      const sheet = JSON.parse(reader.sheet(at));
      return Object.assign(sheet, { format, sheets: list.sheets, index: at });
    } finally {
      reader.release();
      reader.delete();
    }
  },
  // A template's bytes (CSV or .xlsx) in the given language; its buffer is transferred.
  async template({ kind, format, lang }) {
    const module = await ready;
    usePacks(module);
    return format === 'xlsx' ? module.templateXlsx(kind, lang || 'zh') : module.templateCsv(kind, lang || 'zh');
  },
  // The report the page shows as an export's bytes: format xlsx (the workbook) or html (the
  // standalone page), exactly as `starsheet score --format xlsx|html` writes them.
  async exportReport({ report, format }) {
    const module = await ready;
    usePacks(module);
    const bytes = module.exportReport(report, format);
    if (!bytes.length) throw new Error('the report could not be exported');
    return bytes;
  },
  // A filled measures template read back as a period: {ok, period} or {ok: false, error}. The
  // table comes as text (pasted rows, a workbook's sheet) or as a file in the given encoding.
  async measures({ file, text, encoding }) {
    const module = await ready;
    usePacks(module);
    let whole = text;
    if (whole === undefined) {
      const enc = encoding || 'UTF-8';
      // As the import does: a UTF-8 byte-order mark is dropped, any other kept as U+FEFF.
      whole = enc === 'UTF-8' ? await file.text()
        : new TextDecoder(enc.toLowerCase(), { ignoreBOM: true }).decode(await file.arrayBuffer());
    }
    return JSON.parse(module.periodFromMeasuresTable(whole));
  },
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  if (op === 'cancel') {
    cancelled = true;
    return;
  }
  if (op !== 'warm') requestsSeen++;
  try {
    if (!ops[op]) throw new Error('unknown operation ' + op);
    if (op === 'init') loaded = ops.init(args || {});
    else await loaded;
    const result = op === 'init' ? await loaded : await ops[op](Object.assign({ id }, args || {}));
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
