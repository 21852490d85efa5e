// The bytes build-web packs into a script (the .wasm modules, the rule pack): deflated, then
// base64-encoded. build-web appends this file to each such script, so the page and both workers
// unpack the same way, with no fetch. Uint8Array.fromBase64 decodes the sheets module's 480 KB
// of base64 in 2 ms where Uint8Array.from(atob(…), charCodeAt) took 50-140 ms; the loop is for
// browsers without it.
'use strict';
/** A Response of the inflated bytes of `base64` (read it with .arrayBuffer() or .text()). */
self.starsheetUnpack = function (base64) {
  let bytes;
  if (Uint8Array.fromBase64) {
    bytes = Uint8Array.fromBase64(base64);
  } else {
    const text = atob(base64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  }
  return new Response(new Response(bytes).body.pipeThrough(new DecompressionStream('deflate-raw')));
};
