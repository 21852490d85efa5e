// The page's handle on the wasm engine, which lives in a worker. In the single-file build the
// module and worker sources are embedded as text and started from a Blob URL (no server needed).
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  function startWorker() {
    const embedded = document.getElementById('worker-source');
    if (embedded) {
      const blob = new Blob([embedded.textContent], { type: 'text/javascript' });
      return new Worker(URL.createObjectURL(blob));
    }
    return new Worker('worker.js');
  }

  class Engine {
    constructor() {
      this.worker = startWorker();
      this.nextId = 1;
      this.pending = new Map();
      this.worker.onmessage = (event) => {
        const { id, ok, result, error } = event.data;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        if (ok) p.resolve(result);
        else p.reject(new Error(error));
      };
      this.worker.onerror = (event) => {
        for (const p of this.pending.values()) p.reject(new Error(event.message || 'worker failed'));
        this.pending.clear();
      };
    }

    call(op, args, transfer) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.worker.postMessage({ id, op, args }, transfer || []);
      });
    }

    defaultRules() { return this.call('defaultRules'); }

    /** Scores period JSON text; resolves to {ok, output, error}. */
    score(periodText, lang, format) { return this.call('score', { period: periodText, lang, format }); }
  }

  ns.Engine = Engine;
})(window.Starsheet);
