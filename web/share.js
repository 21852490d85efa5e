// Share links: the URL fragment carries the period (measures and settings, never rows),
// deflated with CompressionStream and base64url-encoded. The fragment never reaches a server.
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  const prefix = 'v1.';

  async function pipe(bytes, stream) {
    const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
    return new Uint8Array(await out.arrayBuffer());
  }

  function toBase64Url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64Url(text) {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    const binary = atob(b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** {period, settings} → fragment text (without '#'). */
  async function encode(state) {
    const json = new TextEncoder().encode(JSON.stringify(state));
    return prefix + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
  }

  // A period with every measure filled in deflates to a few KB; these bounds leave ample room
  // and keep a crafted link from taking the tab's memory (deflate expands up to 1032:1).
  const maxFragment = 64 * 1024;      // characters after '#v1.'
  const maxInflated = 1024 * 1024;    // bytes of JSON
  const feedBytes = 1024;             // input given to the inflater at a time: ≤ ~1 MB of output each

  /** A link that cannot be opened; `key` names its message in messages.js, `message` is in the page's language. */
  class LinkError extends Error {
    constructor(key, values) {
      const app = ns.app;
      super(app ? app.t(key, values) : key);
      this.key = key;
    }
  }
  const tooLarge = () => new LinkError('share_link_too_large', { kb: maxFragment / 1024, mb: maxInflated / (1024 * 1024) });

  // Inflates with a running count and stops as soon as it passes `cap`. The input goes in by
  // small pieces because the browser's DecompressionStream inflates a whole input chunk before
  // any of its output can be read (one chunk of a 1.4 MB link made 1 GiB at once).
  async function inflateCapped(bytes, cap) {
    const stream = new DecompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    let stopped = false;
    const feeding = (async () => {
      for (let at = 0; at < bytes.length && !stopped; at += feedBytes) await writer.write(bytes.subarray(at, at + feedBytes));
      if (!stopped) await writer.close();
    })();
    feeding.catch(() => {});  // its failure is the reader's too
    const chunks = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > cap) {
          stopped = true;
          reader.cancel().catch(() => {});
          throw tooLarge();
        }
        chunks.push(value);
      }
      await feeding;
    } catch (e) {
      stopped = true;
      if (e instanceof LinkError) throw e;
      throw new LinkError('share_link_damaged');  // not deflate data, or cut short
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /**
   * Fragment text → {period, settings}, or null when it is not a share link. A link that is
   * one but cannot be read throws a LinkError whose message says so in the page's language.
   */
  async function decode(fragment) {
    const text = fragment.replace(/^#/, '');
    if (!text.startsWith(prefix)) return null;
    const body = text.slice(prefix.length);
    if (body.length > maxFragment) throw tooLarge();
    let bytes;
    try {
      bytes = fromBase64Url(body);
    } catch (e) {
      throw new LinkError('share_link_damaged');  // atob: characters outside base64url
    }
    const json = await inflateCapped(bytes, maxInflated);
    try {
      const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      return value;
    } catch (e) {
      throw new LinkError('share_link_damaged');
    }
  }

  ns.share = { encode, decode, LinkError, limits: { maxFragment, maxInflated } };
})(window.Starsheet);
