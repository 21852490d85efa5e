// The page's handle on the wasm engine, which lives in two workers, each owning its module:
// worker.js (scoring and record import) starts with the page; sheets_worker.js (the spreadsheet
// reader and the templates) starts the first time a workbook is read, a template is asked for or
// a filled measures template is read, so its module is never part of the first load. In the
// single-file build each worker's sources are embedded as inert text and started from a Blob URL
// (no server needed).
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  function startWorker(sourceId, file) {
    const embedded = document.getElementById(sourceId);
    if (embedded) {
      const blob = new Blob([embedded.textContent], { type: 'text/javascript' });
      return new Worker(URL.createObjectURL(blob));
    }
    return new Worker(file);
  }

  // One worker and its requests: {id, op, args} out, {id, ok, result | error} back.
  class Channel {
    constructor(worker) {
      this.worker = worker;
      this.nextId = 1;
      this.pending = new Map();
      worker.onmessage = (event) => {
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
      worker.onerror = (event) => {
        for (const p of this.pending.values()) p.reject(new Error(event.message || 'worker failed'));
        this.pending.clear();
      };
    }

    call(op, args, onProgress, transfer) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject, onProgress });
        this.worker.postMessage({ id, op, args }, transfer || []);
      });
    }
  }

  const rules = () => window.STARSHEET_RULES;

  class Engine {
    constructor() {
      this.main = new Channel(startWorker('worker-source', 'worker.js'));
      this.worker = this.main.worker;
      this.sheetsChannel = null;  // the sheets worker, once something needs it
      this.sheetsStarts = 0;      // how many times it was started (a test hook: 0 after page load)
      // The import rules (12 KB gzipped) are not in the first load: the first request adds
      // import_rules.js and hands them to the worker, which builds its workspace then.
      this.ready = ns.app.packText().then((pack) => this.main.call('init', { pack, measuresColumns: rules().measuresColumns }));
    }

    /** Resolves once the worker's workspace is built (on the first request: see importRules). */
    workspaceReady() {
      if (!this.workspaceBuilt) {
        this.workspaceBuilt = this.ready.then(() => this.importRules())
          .then((text) => this.main.call('workspace', { importRules: text }));
        this.workspaceBuilt.catch(() => { this.workspaceBuilt = null; });
      }
      return this.workspaceBuilt;
    }

    /** The import rules' text, from import_rules.js (added to the page on first use). */
    importRules() {
      if (!this.importRulesText) {
        this.importRulesText = (window.STARSHEET_IMPORT_RULES ? Promise.resolve() : ns.app.loadScript('import_rules'))
          .then(() => window.STARSHEET_IMPORT_RULES);
      }
      return this.importRulesText;
    }

    call(op, args, onProgress) { return this.main.call(op, args, onProgress); }

    /** A request to the sheets worker, after its init. */
    async sheetsCall(op, args) {
      const channel = this.sheets();
      await channel.initDone;
      return channel.call(op, args);
    }

    /** The sheets worker, started on first use (its init is queued before any request). */
    sheets() {
      if (!this.sheetsChannel) {
        this.sheetsChannel = new Channel(startWorker('sheets-worker-source', 'sheets_worker.js'));
        this.sheetsStarts++;
        const started = this.sheetsChannel;
        // A worker that failed to start is started again by the next request.
        // The template rules are built into that module; the rule packs are not.
        started.initDone = Promise.all([ns.app.packText(), this.importRules()])
          .then(([pack, importRules]) => started.call('init', { pack, importRules }));
        started.initDone.catch(() => { if (this.sheetsChannel === started) this.sheetsChannel = null; });
      }
      return this.sheetsChannel;
    }

    /** Scores period JSON text with the imported records merged in; resolves to {ok, output, error}. */
    async score(periodText, lang, format) {
      await this.workspaceReady();
      return this.call('score', { period: periodText, lang, format });
    }

    /** What a File is: {type: 'workbook'} or {type: 'text', encoding}. */
    async sniff(file) {
      await this.workspaceReady();
      return this.call('sniff', { file });
    }

    /**
     * One sheet of a workbook File as CSV text (index: a number, or null for the first visible):
     * {ok, csv, sheets, index, format} or {ok: false, key, detail} (key: a message of the import
     * rules). Read by the sheets worker.
     */
    async workbook(file, index) {
      return this.sheetsCall('workbook', { file, index });
    }

    /** A filled measures template (a File in `encoding`, or text) as a period: {ok, period} or {ok: false, error}. */
    async measuresTable(args) {
      return this.sheetsCall('measures', args);
    }

    /** The table in a File's (or a text's) first rows, for each record kind. */
    async propose(args) {
      await this.workspaceReady();
      return this.call('propose', args);
    }

    /** Imports a File or text; progress(bytes, total) is called as chunks are read. */
    async importRecords(args, progress) {
      await this.workspaceReady();
      return this.call('importRecords', args, progress);
    }

    /** Forgets one imported file (by the name it was imported under). */
    async remove(name) {
      await this.workspaceReady();
      return this.call('remove', { name });
    }

    /** A template's bytes (Uint8Array): kind shipments|inquiries|measures, format csv|xlsx. */
    async template(kind, format, lang) {
      return this.sheetsCall('template', { kind, format, lang });
    }

    /** The report (its JSON text) as an export's bytes (Uint8Array): format xlsx or html. */
    async exportReport(reportText, format) {
      return this.sheetsCall('exportReport', { report: reportText, format });
    }

    cancel() { this.worker.postMessage({ op: 'cancel' }); }

    async clear(kind) {
      await this.workspaceReady();
      return this.call('clear', { kind });
    }
  }

  ns.Engine = Engine;
})(window.Starsheet);
