// The worker owns the wasm module: the page sends text in and gets text out, so long imports
// never block the page. Requests are {id, op, args}; replies {id, ok, result} or {id, ok:false, error}.
'use strict';
/* global createStarsheet, importScripts */
if (typeof createStarsheet === 'undefined') importScripts('starsheet_web.js');

const ready = createStarsheet();
let scorer = null;

async function getScorer() {
  const module = await ready;
  if (!scorer) scorer = new module.Scorer('');
  return scorer;
}

const ops = {
  async defaultRules() {
    return (await ready).defaultRules();
  },
  async score({ period, lang, format }) {
    const s = await getScorer();
    const r = s.score(period, format || 'json', lang || 'zh');
    return { ok: r.ok, output: r.output, error: r.error };
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
