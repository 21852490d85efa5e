// The second worker: it owns the second wasm module (starsheet_sheets: the spreadsheet reader
// and the templates), which the page starts only when a workbook is read, a template is asked
// for or a filled measures template is read — never at page load, so the first load stays
// small. Bytes in, text or bytes out: a workbook's sheet comes back as CSV text, which the page
// then imports through the main worker. Requests are {id, op, args}; replies {id, ok, result}
// or {id, ok:false, error}.
'use strict';
/* global createStarsheetSheets, importScripts, STARSHEET_SHEETS_WASM */
// As in worker.js: the .wasm arrives deflated and base64-encoded in a script (no fetch,
// connect-src stays 'none'); the single-file page has both scripts inline in this worker's Blob.
if (typeof createStarsheetSheets === 'undefined') importScripts('starsheet_sheets_web.js');
if (typeof STARSHEET_SHEETS_WASM === 'undefined') importScripts('starsheet_sheets_wasm.js');

async function wasmBinary() {
  const packed = Uint8Array.from(atob(STARSHEET_SHEETS_WASM), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const ready = wasmBinary().then((binary) => createStarsheetSheets({ wasmBinary: binary }));
let loaded = null;  // init's promise (the page sends init first): every other request waits for it

// The bytes of a request: a File or Blob (read here, off the page's thread) or an ArrayBuffer.
async function bytesOf({ file, bytes }) {
  if (bytes) return new Uint8Array(bytes);
  return new Uint8Array(await file.arrayBuffer());
}

const ops = {
  // The page's build has no rule packs built in: the template functions get their texts once
  // (the template rules are built in: '' selects them).
  async init({ pack, importRules }) {
    const module = await ready;
    const err = module.useTemplateRules(pack || '', importRules || '', '');
    if (err) throw new Error(err);
    return true;
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
    return format === 'xlsx' ? module.templateXlsx(kind, lang || 'zh') : module.templateCsv(kind, lang || 'zh');
  },
  // The report the page shows as an export's bytes: format xlsx (the workbook) or html (the
  // standalone page), exactly as `starsheet score --format xlsx|html` writes them.
  async exportReport({ report, format }) {
    const module = await ready;
    const bytes = module.exportReport(report, format);
    if (!bytes.length) throw new Error('the report could not be exported');
    return bytes;
  },
  // A filled measures template read back as a period: {ok, period} or {ok: false, error}. The
  // table comes as text (pasted rows, a workbook's sheet) or as a file in the given encoding.
  async measures({ file, text, encoding }) {
    const module = await ready;
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
  try {
    if (!ops[op]) throw new Error('unknown operation ' + op);
    if (op === 'init') loaded = ops.init(args || {});
    else await loaded;  // a pack that did not load fails every request with its reason
    const result = op === 'init' ? await loaded : await ops[op](args || {});
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
