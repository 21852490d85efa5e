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

  /** Fragment text → {period, settings}, or null when it is not a share link. */
  async function decode(fragment) {
    const text = fragment.replace(/^#/, '');
    if (!text.startsWith(prefix)) return null;
    const bytes = await pipe(fromBase64Url(text.slice(prefix.length)), new DecompressionStream('deflate-raw'));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  ns.share = { encode, decode };
})(window.Starsheet);
