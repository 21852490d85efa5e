// The worker of the first load: it owns the small wasm module that scores a period (Scorer), so
// the page shows a result without loading anything else. Record files (their import, mapping and
// scoring with them merged in), workbooks and templates are the other module's, in the worker the
// page starts only when needed (sheets_worker.js). Requests are {id, op, args}; replies
// {id, ok, result} or {id, ok:false, error}.
'use strict';
/* global starsheetModule, createStarsheet, importScripts, STARSHEET_WASM */
// The module's code arrives as a script (starsheet_wasm.js: the .wasm deflated and base64-encoded,
// so it needs no fetch and the page keeps connect-src 'none'); the single-file page has it inline.
if (typeof createStarsheet === 'undefined') importScripts('starsheet_web.js');
if (typeof STARSHEET_WASM === 'undefined') importScripts('starsheet_wasm.js');

// Compiled as it is inflated (unpack.js).
const ready = starsheetModule(createStarsheet, STARSHEET_WASM);
let scorer = null;

// The result, or the input error in both languages ({message, field, pointer, text, key} from
// the rule pack: a language switch re-renders it without scoring again).
function scored(engine, period, lang, format) {
  const r = engine.score(period, format || 'json', lang || 'zh');
  return r.ok ? { ok: true, output: r.output, error: '' } : { ok: false, output: '', error: r.error, details: JSON.parse(r.detail) };
}

const ops = {
  async init({ pack }) {
    const module = await ready;
    const s = new module.Scorer(pack || '');
    const err = s.loadError();
    if (err) throw new Error(err);
    scorer = s;
    return true;
  },
  async score({ period, lang, format }) {
    if (!scorer) throw new Error('the engine is not initialised');
    return scored(scorer, period, lang, format);
  },
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    if (!ops[op]) throw new Error('unknown operation ' + op);
    self.postMessage({ id, ok: true, result: await ops[op](args || {}) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
