// Property-based fuzzing (fast-check) of the share-link decoder, web/share.js, in Node: the
// module is a browser script, so it is loaded as one, with `window` as its global; Node 20 has
// every web API it uses (atob, Blob, Response, CompressionStream('deflate-raw'), TextDecoder).
// Properties: any fragment gives null (not a share link), the period object, or a LinkError
// with a message, never anything else; an encoded state decodes to itself; every decode ends
// within a bound, however the link was crafted.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const zlib = require('node:zlib');
const fc = require('fast-check');

globalThis.window = globalThis.window || {};
require(path.join(__dirname, '../../web/share.js'));
const { encode, decode, LinkError, limits } = window.Starsheet.share;

const bound_ms = 2000;
// Settles `promise` or fails the property after bound_ms: a decode must never hang.
async function settled(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${bound_ms} ms`)), bound_ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The one contract every fragment meets.
async function checkDecode(fragment) {
  const out = await settled(decode(fragment), `decode(${JSON.stringify(fragment).slice(0, 60)})`);
  if ('error' in out) {
    assert.ok(out.error instanceof LinkError, `threw ${out.error && out.error.name}: ${out.error && out.error.message}`);
    assert.equal(typeof out.error.message, 'string');
    assert.ok(out.error.message.length > 0, 'a LinkError has a message');
    assert.ok(['share_link_damaged', 'share_link_too_large'].includes(out.error.key), `unknown key ${out.error.key}`);
    return out;
  }
  const v = out.value;
  assert.ok(v === null || (typeof v === 'object' && !Array.isArray(v)), `decoded to ${typeof v}`);
  return out;
}

const deflated = (bytes) => zlib.deflateRawSync(Buffer.from(bytes));
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const base64urlChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''));

test('any text as a fragment: null, an object or a LinkError', async () => {
  await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (s) => {
    await checkDecode(s);
    await checkDecode('#v1.' + s);
  }), { numRuns: 300 });
});

test('any base64url body, cut anywhere: an object or a LinkError', async () => {
  await fc.assert(fc.asyncProperty(fc.array(base64urlChars, { maxLength: 400 }).map((a) => a.join('')), async (body) => {
    const out = await checkDecode('#v1.' + body);
    assert.ok(out.error || (out.value && typeof out.value === 'object'), 'a v1. link never decodes to null');
  }), { numRuns: 300 });
});

test('well-formed deflate of any bytes that are not a JSON object: share_link_damaged', async () => {
  const notObject = fc.uint8Array({ maxLength: 300 }).filter((b) => {
    try {
      const v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b));
      return !(v && typeof v === 'object' && !Array.isArray(v));
    } catch (e) {
      return true;
    }
  });
  await fc.assert(fc.asyncProperty(notObject, async (bytes) => {
    const out = await checkDecode('#v1.' + b64url(deflated(bytes)));
    assert.equal(out.error && out.error.key, 'share_link_damaged');
  }), { numRuns: 300 });
});

test('encode then decode gives the state back', async () => {
  const state = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 })
    .map((o) => JSON.parse(JSON.stringify(o)));  // as JSON carries it (-0 is 0)
  await fc.assert(fc.asyncProperty(state, async (s) => {
    const fragment = await encode(s);
    assert.match(fragment, /^v1\.[A-Za-z0-9_-]*$/);
    const out = await checkDecode('#' + fragment);
    assert.deepStrictEqual(out.value, s);
  }), { numRuns: 200 });
});

test('a flipped or cut byte in a real link: an object or a LinkError, within the bound', async () => {
  const period = { period: { format: 'starsheet-period/1', measures: { orders_total: 12480, orders_on_time: 12105 } },
                   settings: { lang: 'zh' } };
  const link = await encode(period);
  const body = Buffer.from(link.slice(3), 'base64url');
  await fc.assert(fc.asyncProperty(fc.nat(body.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(body.length),
    async (at, xor, cut) => {
      const b = Buffer.from(body);
      b[at] ^= xor;
      await checkDecode('#v1.' + b64url(b));
      await checkDecode('#v1.' + b64url(body.subarray(0, cut)));
    }), { numRuns: 300 });
});

test('inflate bombs of any shape stop at the cap with share_link_too_large', async () => {
  // Highly compressible JSON just over the inflated cap: a short link that would inflate past it.
  await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.constantFrom(' ', '0', 'a'), async (times, fill) => {
    const text = '{"a":"' + fill.repeat(limits.maxInflated * times) + '"}';
    const fragment = '#v1.' + b64url(deflated(Buffer.from(text)));
    assert.ok(fragment.length < limits.maxFragment, 'the bomb is a link the size check lets through');
    const out = await checkDecode(fragment);
    assert.equal(out.error && out.error.key, 'share_link_too_large');
  }), { numRuns: 12 });
});

test('a fragment above the size cap is refused before it is read', async () => {
  const out = await checkDecode('#v1.' + 'A'.repeat(limits.maxFragment + 1));
  assert.equal(out.error.key, 'share_link_too_large');
});
