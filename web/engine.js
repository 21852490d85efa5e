// The page's handle on the wasm engine, which lives in two workers, each owning its module:
// worker.js (scoring a period) starts with the page; sheets_worker.js (record import and scoring
// with the imported files, the spreadsheet reader, the templates and the exports) starts the first
// time a file or records are given or a template or export is asked for, so its module is never
// part of the first load. A period is scored by the main worker until the other's workspace is
// built, then by the other, which holds the imported records and has its score code compiled
// (the main worker again if it fails with none imported). In the single-file build each
// worker's sources are embedded as inert text and started from a Blob URL (no server needed).
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
      this.imported = new Map();  // name → kind of the record files the sheets worker holds
      this.warmed = null;         // expectFile's warm-up, once it started one
      this.ready = ns.app.packText().then((pack) => this.main.call('init', { pack }));
    }

    /**
     * Resolves once the sheets worker's workspace is built (on the first record request; the
     * import rules, 12 KB gzipped, come with it: see importRules).
     */
    workspaceReady() {
      if (!this.workspaceBuilt) {
        const channel = this.sheets();
        const built = channel.initDone.then(() => this.importRules())
          .then((text) => channel.call('workspace', { importRules: text }));
        this.workspaceBuilt = built;
        built.then(() => { this.workspaceDone = built; }, () => { if (this.workspaceBuilt === built) this.workspaceBuilt = null; });
      }
      return this.workspaceBuilt;
    }

    /**
     * A file is on its way (the pointer on the choose-file button, a drag of files into the
     * window): the sheets worker starts, and while no file has come it takes a few thousand rows
     * the whole way once (its warm operation), so that the file's own way is compiled, and fast,
     * already. `warmed` (a test hook) resolves to whether that warm-up went the whole way.
     */
    expectFile() {
      const fresh = !this.workspaceBuilt;
      const built = this.workspaceReady();
      if (fresh) {
        this.warmed = built.then(() => (this.sheetsChannel.pending.size ? false : this.sheetsChannel.call('warm', {})));
        this.warmed.catch(() => {});
      }
      return built;
    }

    /** Whether the sheets worker's workspace is built now (not only asked for). */
    workspaceIsBuilt() { return Boolean(this.workspaceBuilt) && this.workspaceBuilt === this.workspaceDone; }

    /** A request about records: to the sheets worker, once its workspace is built. */
    recordsCall(op, args, onProgress) {
      // Sent at once when the workspace is built, so a caller can draw while the worker works
      // (records.js afterImport); else after it.
      if (this.workspaceIsBuilt()) return this.sheetsChannel.call(op, args, onProgress);
      return this.workspaceReady().then(() => this.sheetsChannel.call(op, args, onProgress));
    }

    /** The import rules' text, from import_rules.js (added to the page on first use). */
    importRules() {
      if (!this.importRulesText) {
        this.importRulesText = (window.STARSHEET_IMPORT_RULES ? Promise.resolve() : ns.app.loadScript('import_rules'))
          .then(() => window.STARSHEET_IMPORT_RULES);
      }
      return this.importRulesText;
    }

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
          .then(([pack, importRules]) => started.call('init', { pack, importRules, measuresColumns: rules().measuresColumns }));
        started.initDone.catch(() => {
          if (this.sheetsChannel !== started) return;
          this.sheetsChannel = null;
          this.workspaceBuilt = null;
          this.imported.clear();  // its rows went with it
        });
      }
      return this.sheetsChannel;
    }

    /** Scores period JSON text with the imported records merged in; resolves to {ok, output, error}. */
    async score(periodText, lang, format) {
      // The sheets worker holds the imported records. Once its workspace is built it also scores
      // a period alone: it has compiled its score code (warm, or an import), and a file that
      // comes with the period starts there next; the first-load worker, cold beside it, took
      // 0.25 s while the file's head was read.
      const args = { period: periodText, lang, format };
      if (this.imported.size) return this.recordsCall('score', args);
      if (this.workspaceIsBuilt()) {
        try {
          return await this.recordsCall('score', args);
        } catch (e) { /* the sheets worker failed (a module stopped by a huge file): the main worker scores */ }
      }
      await this.ready;
      return this.main.call('score', args);
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

    /**
     * The table in a File's (or a text's) first rows, for each record kind; with `sniff`, a File
     * that is a workbook gives {workbook: true} instead.
     */
    async propose(args) {
      return this.recordsCall('propose', args);
    }

    /** Imports a File or text; progress(bytes, total) is called as chunks are read. */
    async importRecords(args, progress) {
      const result = await this.recordsCall('importRecords', args, progress);
      if (result && result.ok) this.imported.set(args.name, result.kind);
      return result;
    }

    /** Forgets one imported file (by the name it was imported under). */
    async remove(name) {
      this.imported.delete(name);
      return this.recordsCall('remove', { name });
    }

    /**
     * The failing rows of an imported file, filtered ({name, reasons, column, derived, value,
     * lang}): the view as JSON, or with format 'csv' / 'xlsx' the download's bytes (Uint8Array).
     */
    async failingRows(args) {
      return this.recordsCall('failingRows', args);
    }

    /** A template's bytes (Uint8Array): kind shipments|inquiries|measures, format csv|xlsx. */
    async template(kind, format, lang) {
      return this.sheetsCall('template', { kind, format, lang });
    }

    /** The report (its JSON text) as an export's bytes (Uint8Array): format xlsx or html. */
    async exportReport(reportText, format) {
      return this.sheetsCall('exportReport', { report: reportText, format });
    }

    cancel() { if (this.sheetsChannel) this.sheetsChannel.worker.postMessage({ op: 'cancel' }); }

    async clear(kind) {
      for (const [name, k] of [...this.imported]) if (!kind || k === kind) this.imported.delete(name);
      if (!this.sheetsChannel) return true;  // nothing was imported
      return this.recordsCall('clear', { kind });
    }
  }

  ns.Engine = Engine;
})(window.Starsheet);
