// Record import on the page: rows pasted from Excel/WPS, CSV/TSV files and workbooks (.xlsx,
// .xlsm, .xls, .et, .ods, read by the engine itself: a sheet becomes CSV text in the sheets
// worker, started on the first workbook, and is imported like pasted rows with its sheet named). Each file gets its own panel: the engine
// finds the table (header row, title rows above it, totals and notes rows below), proposes the
// record kind and the columns, and the page imports at once with that proposal, so a first-time
// user sees a score straight away. The panel then shows what was read and lets the user correct
// it: the header row, a column, the meaning of a status value, one click on a column the engine
// suggests for what is missing. Corrections are remembered per kind and header for next period.
// Files of one kind add up (two exports of one month are one period). All engine work goes
// through one queue: the worker holds one import at a time.
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  const $ = (id) => document.getElementById(id);
  const app = () => ns.app;
  const kinds = ['shipments', 'inquiries'];
  // The meanings a user can give a status value (rules/import.json values.goods_status).
  const statusChoices = ['delivered', 'in_transit', 'returned', 'damaged', 'lost', 'wrong', 'cancelled', 'ignore'];
  let importRules = null;
  const entries = [];
  let nextId = 1;
  let queue = Promise.resolve();
  let pending = 0;  // imports asked for and not yet scored (body[data-importing] says so too)

  function busyWhile(promise) {
    pending++;
    document.body.dataset.importing = 'true';
    return promise.finally(() => {
      if (--pending === 0) document.body.dataset.importing = 'false';
    });
  }

  function rules() {
    // import_rules.js is on the page by now: every import goes through the engine first.
    if (!importRules) importRules = JSON.parse(window.STARSHEET_IMPORT_RULES);
    return importRules;
  }
  function t(key, values) { return app().t(key, values); }
  function num(n) { return app().formatCount(n); }
  function ruleText(key) {
    const m = rules().messages[key];
    return m ? m[app().state.lang] || m.en : key;
  }
  function fieldLabel(kind, id) {
    const f = rules().kinds[kind].fields.find((x) => x.id === id);
    return f ? app().label(f.label) : id;
  }

  // Engine work runs one piece at a time, in order.
  function serial(fn) {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  }

  // ---- remembered corrections -----------------------------------------------------------------
  // The user's corrections (columns, status meanings) are remembered per record kind and header
  // row, so next period's export of the same system is read the same way.
  function memoryKey(kind, header) { return 'starsheet.mapping.' + kind + '.' + header.join('\u241F'); }
  function remembered(kind, header) {
    if (!header.length) return null;
    try { return JSON.parse(localStorage.getItem(memoryKey(kind, header)) || 'null'); } catch (e) { return null; }
  }
  function remember(kind, header, mapping) {
    if (!header.length) return;
    try { localStorage.setItem(memoryKey(kind, header), JSON.stringify(mapping)); } catch (e) { /* private mode */ }
  }

  // ---- the entries ------------------------------------------------------------------------------
  // entry: {id, name, file, text, type: 'text'|'workbook'|'pasted', encoding, workbook, csv,
  //   headerRow (-1 find, 0 none, N), kind, kindChosen, overrides {kind: mapping doc}, fromMemory,
  //   proposal, result, error, busy, version}
  function findEntry(name) { return entries.find((e) => e.name === name); }

  function newEntry(name, fields) {
    let entry = findEntry(name);
    if (entry) {
      // The same file again replaces itself, corrections kept.
      Object.assign(entry, fields, { proposal: null, result: null, error: null });
      return entry;
    }
    entry = Object.assign({ id: nextId++, name, headerRow: -1, kind: 'shipments', kindChosen: null,
      overrides: {}, fromMemory: false, proposal: null, result: null, error: null, busy: false, version: 0,
      workbook: null, csv: null, encoding: 'UTF-8' }, fields);
    entries.push(entry);
    return entry;
  }

  function fileSection(entry) {
    return entry.result && entry.result.ok ? entry.result.records.files[0] : null;
  }
  function headerNames(entry) {
    const f = fileSection(entry);
    if (f) return f.header.rows.length ? f.header.names : [];
    const p = entry.proposal && entry.proposal[entry.kind];
    return p && p.ok && p.sample.header.rows.length ? p.sample.header.names : [];
  }
  function override(entry) {
    if (!entry.overrides[entry.kind]) entry.overrides[entry.kind] = { format: 'starsheet-mapping/1', kind: entry.kind, columns: {} };
    const o = entry.overrides[entry.kind];
    if (!o.columns) o.columns = {};
    return o;
  }

  // Why a workbook cannot be read, from the import rules, in the page's language, with what the
  // reader found (the sheet and row, the sizes and the limit passed) put into the sentence.
  function workbookError(wb) {
    if (!wb.key || !rules().messages[wb.key]) return t('engine_failed');
    const mb = (bytes) => num(Math.ceil(bytes / (1024 * 1024)));
    const values = { sheet: wb.sheet || '', row: num(wb.row || 0), count: num(wb.count || 0), limit: num(wb.limit || 0),
      count_mb: mb(wb.count || 0), limit_mb: mb(wb.limit || 0) };
    let text = ruleText(wb.key);
    for (const [k, v] of Object.entries(values)) text = text.split('{' + k + '}').join(String(v));
    return text;
  }

  // ---- reading --------------------------------------------------------------------------------
  // Reads the workbook sheet (if any) and proposes the table. Returns {measures} with the
  // period when the file is a filled measures template. `fresh`: a file just chosen, which may
  // turn out to be a workbook.
  async function prepare(entry, fresh) {
    const { engine, lang } = app().state;
    entry.error = null;
    if (entry.type === 'workbook') {
      const wb = await engine.workbook(entry.file, entry.workbook ? entry.workbook.index : null);
      if (!wb.ok) {
        entry.error = workbookError(wb);
        return null;
      }
      entry.workbook = { sheets: wb.sheets, index: wb.index, format: wb.format };
      entry.csv = wb.csv;
    }
    const mappings = {};
    for (const k of kinds) if (entry.overrides[k]) mappings[k] = JSON.stringify(entry.overrides[k]);
    const text = entry.type === 'text' ? undefined : entry.type === 'workbook' ? entry.csv : entry.text;
    const p = await engine.propose({ file: entry.type === 'text' ? entry.file : undefined, text,
      encoding: entry.type === 'text' ? 'auto' : 'UTF-8', headerRow: entry.headerRow, mappings, lang,
      sniff: Boolean(fresh && entry.type === 'text') });
    if (p.workbook) {
      entry.type = 'workbook';
      return prepare(entry);
    }
    if (p.measuresTable) {
      const args = entry.type === 'text' ? { file: entry.file, encoding: p.encoding } : { text };
      return { measures: await engine.measuresTable(args) };
    }
    entry.proposal = p;
    entry.encoding = entry.type === 'text' ? p.encoding : 'UTF-8';
    const count = (k) => (p[k].ok ? Object.keys(p[k].mapping.columns || {}).length : -1);
    entry.kind = entry.kindChosen || (count('inquiries') > count('shipments') ? 'inquiries' : 'shipments');
    if (!p[entry.kind].ok) {
      entry.error = p[entry.kind].error;
      return null;
    }
    if (!entry.overrides[entry.kind]) {
      const sample = p[entry.kind].sample;
      const saved = remembered(entry.kind, sample.header.rows.length ? sample.header.names : []);
      if (saved) {
        entry.overrides[entry.kind] = saved;
        entry.fromMemory = true;
      }
    }
    return { ok: true };
  }

  function showProgress(on) {
    $('progress').hidden = !on;
    if (!on) return;
    $('progress-bar').value = 0;
    $('progress-text').textContent = '';
  }

  // An import error in the user's language, its place ("row 12") too.
  function importError(entry, r) {
    let text = r.error || '';
    const prefix = entry.name + ': ' + (r.where ? r.where + ': ' : '');
    if (text.startsWith(prefix)) text = text.slice(prefix.length);
    if (r.error_key === 'begin') return t('mapping_invalid') + (app().state.lang === 'en' ? ' (' + text + ')' : '');
    const row = /^row (\d+)$/.exec(r.where || '');
    return (row ? t('at_row', { row: num(Number(row[1])) }) : '') + text;
  }

  async function runImport(entry) {
    const { state } = app();
    const started = performance.now();
    const big = entry.type === 'text' && entry.file.size > 0;
    showProgress(big);
    // Four times a second at most: the worker reports every MB (a hundred times a second), and
    // each change of the line cost the page's thread a style, layout and paint (in Chromium
    // 0.6 s of such work while 100 MB were imported, on the cores the import runs on).
    let shown = 0;
    const progress = ({ bytes, total, rows }) => {
      const now = performance.now();
      if (now - shown < 250 && bytes < total) return;
      shown = now;
      const seconds = (now - started) / 1000;
      const rate = bytes / 1048576 / Math.max(seconds, 0.001);
      const eta = rate > 0 ? (total - bytes) / 1048576 / rate : 0;
      $('progress-bar').value = total ? bytes / total : 1;
      $('progress-text').textContent = t('progress', {
        rows: num(rows), mb: (bytes / 1048576).toFixed(1), total: (total / 1048576).toFixed(1),
        rate: rate.toFixed(1), eta: eta.toFixed(0),
      });
    };
    const o = entry.overrides[entry.kind];
    const mapping = o ? JSON.stringify(Object.assign({}, o, { format: 'starsheet-mapping/1', kind: entry.kind })) : '';
    let result;
    try {
      result = await state.engine.importRecords({
        kind: entry.kind, file: entry.type === 'text' ? entry.file : undefined,
        text: entry.type === 'text' ? undefined : entry.type === 'workbook' ? entry.csv : entry.text,
        mapping, period: state.period ? JSON.stringify(state.period) : '', headerRow: entry.headerRow,
        encoding: entry.encoding, name: entry.name, lang: state.lang,
        sheet: entry.workbook ? entry.workbook.sheets[entry.workbook.index].name : '',
      }, progress);
    } catch (e) {
      showProgress(false);
      entry.result = null;
      entry.error = e.message === 'cancelled' ? t('import_cancelled') : t('engine_failed');
      return;
    }
    showProgress(false);
    entry.result = result;
    entry.error = result.ok ? null : importError(entry, result);
  }

  // Re-reads an entry (from the sheet, from proposing, or just the import) and scores again.
  // A newer request for the same entry makes an older one that has not started yet moot.
  function refresh(entry, from) {
    const version = ++entry.version;
    entry.busy = true;
    render();
    return busyWhile(serial(async () => {
      if (version !== entry.version || !entries.includes(entry)) return;
      try {
        if (from !== 'import') {
          const prepared = await prepare(entry);
          if (prepared && prepared.measures) return;  // not expected once it was records
          if (!prepared) {
            await app().state.engine.remove(entry.name);
            entry.result = null;
            return;
          }
        }
        await runImport(entry);
        if (!entry.result || !entry.result.ok) await app().state.engine.remove(entry.name);
      } catch (e) {
        entry.result = null;
        entry.error = t('engine_failed');
      } finally {
        entry.busy = version !== entry.version;
      }
    }).then(afterImport));
  }

  // The panels are drawn while the engine scores (scoreCurrent has sent its request when it
  // first waits): drawing them first held the score up by 0.05-0.1 s after a large import.
  async function afterImport() {
    const { state } = app();
    if (!state.period) state.period = { format: 'starsheet-period/1', measures: {} };
    await serial(() => {
      const scored = app().scoreCurrent();
      render();
      return scored;
    });
  }

  /** Files chosen or dropped together (not .json): records, or filled measures templates.
   *  `periodChecked`: a period chosen with them, still being checked; awaited before the first
   *  import or measures table (the files' heads are read meanwhile). */
  function addFiles(files, periodChecked) { return busyWhile(addFilesNow(files, periodChecked || Promise.resolve())); }

  async function addFilesNow(files, periodChecked) {
    loadPanels();  // while the files are read
    const { engine } = app().state;
    app().showError('');
    const added = [];
    let periodChanged = false;
    for (const file of files) {
      await serial(async () => {
        const entry = newEntry(file.name, { file, type: 'text', text: null, csv: null });
        entry.version++;
        entry.busy = true;
        added.push(entry);
        try {
          const prepared = await prepare(entry, true);
          if (prepared && prepared.measures) {
            entries.splice(entries.indexOf(entry), 1);
            added.pop();
            await periodChecked;  // the table's period comes after the file's
            periodChanged = (await usePeriodTable(file.name, prepared.measures)) || periodChanged;
          }
        } catch (e) {
          entry.error = t('engine_failed');  // the browser could not read the file, or the engine stopped
        }
      });
    }
    // Drawn in the next task: by then the first import is asked for (when the period is checked
    // already), so the worker starts while the page draws the panels (15-20 ms).
    setTimeout(render);
    await periodChecked;
    // With a new period the files read before count up to its end: import them again.
    const todo = periodChanged ? entries.slice() : added;
    for (const entry of todo) {
      await serial(async () => {
        if (!entries.includes(entry)) return;
        try {
          if (!entry.error) await runImport(entry);
          if (!entry.result || !entry.result.ok) await engine.remove(entry.name);
        } finally {
          entry.busy = false;
        }
      });
      if (entry !== todo[todo.length - 1]) render();  // the last: afterImport draws it
    }
    if (todo.length) await afterImport();
  }

  // A filled measures template: its period replaces the page's. True when it was read.
  async function usePeriodTable(name, measures) {
    if (!measures.ok) {
      // Said again in the other language when the language is switched, and kept when the
      // period shown is scored again (as a refused paste is: until the next input is read).
      app().state.pasteFailed = true;
      app().showError(() => {
        const lang = app().state.lang;
        const said = measures.details ? measures.details[lang].message : measures.error;
        return t('measures_table_bad', { file: name }) + (lang === 'en' ? ' ' : '\n') + said;
      });
      return false;
    }
    $('paste').value = measures.period;
    await app().scoreText(measures.period);
    app().setStatus('input-status', t('measures_table_read', { file: name }));
    return true;
  }

  /** Rows pasted as text (TSV from Excel/WPS, or CSV): one entry, replaced by the next paste. */
  function importText(text) { return busyWhile(importTextNow(text)); }

  async function importTextNow(text) {
    loadPanels();
    const existing = entries.find((e) => e.type === 'pasted');
    const entry = newEntry(existing ? existing.name : t('pasted_rows'), { type: 'pasted', text, file: null });
    const prepared = await serial(() => prepare(entry));
    if (prepared && prepared.measures) {
      entries.splice(entries.indexOf(entry), 1);
      await usePeriodTable(entry.name, prepared.measures);
      render();
      return;
    }
    await refresh(entry, 'import');
  }

  function removeEntry(entry) {
    entries.splice(entries.indexOf(entry), 1);
    entry.version++;
    return busyWhile(serial(() => app().state.engine.remove(entry.name)).then(afterImport));
  }

  /** After a language change: the engine's texts (needs, skipped rows…) in the new language. */
  async function relocalize() {
    renderTemplatesMenu();
    for (const entry of entries) refresh(entry, entry.type === 'workbook' ? 'sheet' : 'propose');
    if (!entries.length) render();
  }

  /** After the period changed (a period file): the files count up to its end. */
  function reimportAll() {
    return Promise.all(entries.map((e) => refresh(e, 'import')));
  }

  // ---- corrections ------------------------------------------------------------------------------
  // A column as a mapping names it: by its header when that is unique, else by its number.
  function columnRef(entry, column) {
    const names = fileSection(entry) ? headerNames(entry) : [];
    const name = names[column - 1];
    if (name && names.filter((n) => n === name).length === 1) return name;
    return column;
  }

  function setColumn(entry, field, column) {
    const o = override(entry);
    const f = fileSection(entry);
    if (column && f) {
      // No column feeds two fields: the field that had it lets it go.
      for (const m of f.mapping) if (m.column === column && m.field !== field) o.columns[m.field] = null;
    }
    o.columns[field] = column ? columnRef(entry, column) : null;
    remember(entry.kind, headerNames(entry), o);
    return refresh(entry, 'import');
  }

  function setStatusMeaning(entry, value, id) {
    const o = override(entry);
    o.values = o.values || {};
    o.values.status = Object.assign({}, o.values.status || {});
    if (id) o.values.status[value] = id;
    else delete o.values.status[value];
    remember(entry.kind, headerNames(entry), o);
    return refresh(entry, 'import');
  }

  function setHeaderRow(entry, row) {
    entry.headerRow = row;
    delete entry.overrides[entry.kind];  // columns named after another header no longer apply
    entry.fromMemory = false;
    return refresh(entry, 'propose');
  }

  // A mapping file of the user: checked here, so a mistake reads as a sentence, not a pointer.
  // A mapping file's text, checked against the import rules: the mapping, or null when it is not
  // one this page can use (the engine checks the values again when it applies them). Pure, so
  // tests/js_fuzz can throw any text at it.
  function readMappingFile(text, importRules) {
    let doc;
    try { doc = JSON.parse(text); } catch (e) { return null; }
    const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isObject(doc) || doc.format !== 'starsheet-mapping/1') return null;
    const members = ['format', 'kind', 'columns', 'values', 'constants', 'date_order'];
    if (Object.keys(doc).some((k) => !members.includes(k))) return null;
    const kind = doc.kind === undefined ? 'shipments' : doc.kind;
    if (!kinds.includes(kind)) return null;
    const ids = importRules.kinds[kind].fields.map((f) => f.id);
    for (const part of ['columns', 'values', 'constants']) {
      if (doc[part] === undefined) continue;
      if (!isObject(doc[part])) return null;
      for (const [k, v] of Object.entries(doc[part])) {
        if (!ids.includes(k)) return null;
        if (part === 'columns' && !(v === null || typeof v === 'string' || (Number.isInteger(v) && v >= 1))) return null;
        if (part === 'values' && !(isObject(v) && Object.values(v).every((x) => typeof x === 'string'))) return null;
        if (part === 'constants' && typeof v !== 'string') return null;
      }
    }
    if (doc.date_order !== undefined && !['mdy', 'dmy', 'auto'].includes(doc.date_order)) return null;
    return Object.assign({}, doc, { kind });
  }

  // One download helper for the page (sharing.js), looked up at call time.
  function download(name, bytes, type) { app().download(name, bytes, type); }

  // ---- rendering ----------------------------------------------------------------------------------
  // The panels' code (record_panels.js) loads with the first file, not with the page.
  let panels = null, panelsLoading = null;
  function loadPanels() {
    if (!panelsLoading) {
      panelsLoading = app().loadScript('record_panels').then(() => {
        panels = ns.recordPanels({ app, download, entries, fieldLabel, fileSection, headerNames, kinds, num, override, readMappingFile, refresh, remember, removeEntry, ruleText, rules, setColumn, setHeaderRow, setStatusMeaning, statusChoices, t });
      });
    }
    return panelsLoading;
  }
  function render() {
    if (panels) panels.render();
    else loadPanels().then(() => panels.render());
  }

  // ---- templates -----------------------------------------------------------------------------------
  function renderTemplatesMenu() {
    const { el } = app();
    const box = $('templates-body');
    if (!box) return;
    const rows = ['shipments', 'inquiries', 'measures'].map((kind) => {
      const button = (format) => {
        const b = el('button', { type: 'button', class: 'button secondary small', 'data-template': kind + '.' + format,
          text: format === 'xlsx' ? t('template_xlsx') : t('template_csv') });
        b.addEventListener('click', async () => {
          const { engine, lang } = app().state;
          try {
            const bytes = await engine.template(kind, format, lang);
            if (!bytes || !bytes.length) throw new Error('empty');
            download(t('template_file_' + kind) + '.' + format, bytes,
              format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');
          } catch (e) {
            app().showError(t('template_failed'));
          }
        });
        return b;
      };
      return el('li', {}, el('span', { class: 'template-kind', text: t('template_' + kind) }), ' ', button('xlsx'), ' ', button('csv'));
    });
    box.replaceChildren(el('p', { class: 'hint', text: t('templates_hint') }), el('ul', { class: 'template-list' }, rows));
  }

  function cancel() { app().state.engine.cancel(); }

  ns.records = { addFiles, importText, cancel, relocalize, reimportAll, renderTemplatesMenu, entries, readMappingFile,
    busy: () => pending > 0 };
})(window.Starsheet);
