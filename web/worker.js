// The worker owns the wasm module: the page sends text or files in and gets text out, so long
// imports never block the page. Requests are {id, op, args}; replies {id, ok, result} or
// {id, ok:false, error}; during an import, {progress: {id, bytes, total}} messages.
'use strict';
/* global createStarsheet, importScripts, STARSHEET_WASM */
// The module's code arrives as a script (starsheet_wasm.js: the .wasm deflated and base64-encoded,
// so it needs no fetch and the page keeps connect-src 'none'); the single-file page has it inline.
if (typeof createStarsheet === 'undefined') importScripts('starsheet_web.js');
if (typeof STARSHEET_WASM === 'undefined') importScripts('starsheet_wasm.js');

async function wasmBinary() {
  const packed = Uint8Array.from(atob(STARSHEET_WASM), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const ready = wasmBinary().then((binary) => createStarsheet({ wasmBinary: binary }));
const chunkBytes = 4 << 20;  // a few MB a call keeps V8 on its optimised wasm tier
let workspace = null;
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

const ops = {
  async init({ pack, importRules }) {
    const module = await ready;
    workspace = new module.Workspace(pack || '', importRules || '');
    const err = workspace.loadError();
    if (err) throw new Error(err);
    return true;
  },
  async score({ period, lang, format }) {
    const r = need().score(period, format || 'json', lang || 'zh');
    return { ok: r.ok, output: r.output, error: r.error };
  },
  // Proposes a mapping for each record kind from the first bytes of a file.
  async propose({ bytes, encoding }) {
    const ws = need();
    const head = new Uint8Array(bytes);
    const enc = encoding && encoding !== 'auto' ? encoding : ws.detect(head.subarray(0, 65536));
    const sample = sampleText(head, enc);
    return {
      encoding: enc,
      shipments: JSON.parse(ws.propose('shipments', sample, 5)),
      inquiries: JSON.parse(ws.propose('inquiries', sample, 5)),
    };
  },
  // Imports a File (or text) in chunks; the result is the records section for it.
  async importRecords({ id, kind, file, text, mapping, period, encoding, name, lang }) {
    const module = await ready;
    const ws = need();
    cancelled = false;
    const source = file || new Blob([text], { type: 'text/plain' });
    let enc = encoding;
    if (!enc || enc === 'auto') enc = ws.detect(new Uint8Array(await source.slice(0, 65536).arrayBuffer()));
    if (text !== undefined) enc = 'UTF-8';
    const err = ws.begin(kind, mapping || '', period || '', name || (file && file.name) || 'pasted rows', enc);
    if (err) throw new Error(err);
    const decoder = decoderFor(enc);
    const total = source.size;
    // Lines read so far, for the progress bar (a line break inside a quoted cell counts too,
    // so this is an estimate; the import summary gives the exact rows).
    let lines = 0;
    const newline = enc === 'UTF-16LE' || enc === 'UTF-16BE' ? null : 10;
    for (let offset = 0; offset < total; offset += chunkBytes) {
      const bytes = new Uint8Array(await source.slice(offset, offset + chunkBytes).arrayBuffer());
      if (cancelled) {
        ws.finish(lang || 'zh');
        ws.clear(kind);
        throw new Error('cancelled');
      }
      if (newline !== null) for (let i = bytes.indexOf(newline); i >= 0; i = bytes.indexOf(newline, i + 1)) lines++;
      else lines = Math.round((offset + bytes.length) / 2 / 60);
      feed(module, ws, bytes, decoder);
      self.postMessage({ progress: { id, bytes: Math.min(offset + chunkBytes, total), total, rows: lines } });
    }
    if (decoder) feed(module, ws, new Uint8Array(0), decoder);
    return JSON.parse(ws.finish(lang || 'zh'));
  },
  async clear({ kind }) {
    need().clear(kind || '');
    return true;
  },
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  if (op === 'cancel') {
    cancelled = true;
    return;
  }
  try {
    if (!ops[op]) throw new Error('unknown operation ' + op);
    self.postMessage({ id, ok: true, result: await ops[op](Object.assign({ id }, args || {})) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
