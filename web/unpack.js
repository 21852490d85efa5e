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

/**
 * The Emscripten module made by `create` (a MODULARIZE factory) from the .wasm packed in
 * `base64`, compiled while it is inflated (instantiateStreaming on the inflating stream, through
 * the instantiateWasm hook), not after the last byte. Rejects on an error, which the factory's
 * own promise would never report.
 */
self.starsheetModule = function (create, base64) {
  return new Promise((resolve, reject) => {
    const instantiateWasm = (imports, receive) => {
      const body = self.starsheetUnpack(base64).body;
      const compiled = typeof WebAssembly.instantiateStreaming === 'function'
        ? WebAssembly.instantiateStreaming(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }), imports)
        : new Response(body).arrayBuffer().then((bytes) => WebAssembly.instantiate(bytes, imports));
      compiled.then((r) => receive(r.instance, r.module), reject);
      return {};
    };
    create({ instantiateWasm }).then(resolve, reject);
  });
};
