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
        if (event.data.progress) {
          const p = this.pending.get(event.data.progress.id);
          if (p && p.onProgress) p.onProgress(event.data.progress);
          return;
        }
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
      const rules = window.STARSHEET_RULES;
      this.ready = this.call('init', { pack: rules.pack, importRules: rules.importRules });
    }

    call(op, args, onProgress) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject, onProgress });
        this.worker.postMessage({ id, op, args });
      });
    }

    /** Scores period JSON text with the imported records merged in; resolves to {ok, output, error}. */
    async score(periodText, lang, format) {
      await this.ready;
      return this.call('score', { period: periodText, lang, format });
    }

    /** The proposed mapping of each record kind for the first bytes of a file. */
    async propose(bytes, encoding) {
      await this.ready;
      return this.call('propose', { bytes, encoding });
    }

    /** Imports a File or text; progress(bytes, total) is called as chunks are read. */
    async importRecords(args, progress) {
      await this.ready;
      return this.call('importRecords', args, progress);
    }

    cancel() { this.worker.postMessage({ op: 'cancel' }); }

    async clear(kind) {
      await this.ready;
      return this.call('clear', { kind });
    }
  }

  ns.Engine = Engine;
})(window.Starsheet);
