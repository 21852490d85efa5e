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
  // period when the file is a filled measures template.
  async function prepare(entry) {
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
      encoding: entry.type === 'text' ? 'auto' : 'UTF-8', headerRow: entry.headerRow, mappings, lang });
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
    const progress = ({ bytes, total, rows }) => {
      const seconds = (performance.now() - started) / 1000;
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

  async function afterImport() {
    render();
    const { state } = app();
    if (!state.period) state.period = { format: 'starsheet-period/1', measures: {} };
    await serial(() => app().scoreCurrent());
  }

  /** Files chosen or dropped together (not .json): records, or filled measures templates. */
  function addFiles(files) { return busyWhile(addFilesNow(files)); }

  async function addFilesNow(files) {
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
          entry.type = (await engine.sniff(file)).type;
          const prepared = await prepare(entry);
          if (prepared && prepared.measures) {
            entries.splice(entries.indexOf(entry), 1);
            added.pop();
            periodChanged = (await usePeriodTable(file.name, prepared.measures)) || periodChanged;
          }
        } catch (e) {
          entry.error = t('engine_failed');  // the browser could not read the file, or the engine stopped
        }
      });
    }
    render();
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
      render();
    }
    if (todo.length) await afterImport();
  }

  // A filled measures template: its period replaces the page's. True when it was read.
  async function usePeriodTable(name, measures) {
    if (!measures.ok) {
      // Said again in the other language when the language is switched.
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
  // Panels are drawn again after every change; the control that had the focus gets it back.
  function render() {
    const body = $('mapping-body');
    const active = document.activeElement;
    const focusKey = active && body.contains(active) ? active.dataset.focus : null;
    $('mapping').hidden = entries.length === 0;
    const panels = entries.map(renderPanel);
    if (entries.length > 1) panels.unshift(app().el('p', { class: 'files-summary', text: filesSummary() }));
    body.replaceChildren(...panels);
    if (focusKey) {
      const again = [...body.querySelectorAll('[data-focus]')].find((n) => n.dataset.focus === focusKey);
      if (again) again.focus();
    }
  }

  // A <details> that stays as the user left it across redraws.
  function details(entry, key, openByDefault, attrs, ...children) {
    const ui = entry.ui || (entry.ui = {});
    const node = app().el('details', Object.assign({}, attrs, { open: key in ui ? ui[key] : openByDefault }), ...children);
    node.addEventListener('toggle', () => { ui[key] = node.open; });
    return node;
  }

  function filesSummary() {
    let used = 0;
    for (const e of entries) { const f = fileSection(e); if (f) used += f.rows.used; }
    return t('files_summary', { n: num(entries.length), used: num(used) });
  }

  function renderPanel(entry) {
    const { el, label } = app();
    const f = fileSection(entry);
    const panel = el('article', { class: 'file-panel' + (entry.busy ? ' busy' : ''), 'data-file': entry.name,
      'data-testid': 'file-panel', 'aria-busy': entry.busy ? 'true' : null });

    // The head: name, sheet, encoding, kind, remove.
    const meta = [];
    if (entry.workbook && entry.workbook.sheets.length > 1) {
      const sheet = el('select', { class: 'sheet-select', 'aria-label': t('sheet'), 'data-focus': entry.id + ':sheet' },
        entry.workbook.sheets.map((s, i) => el('option', { value: String(i), selected: i === entry.workbook.index,
          text: s.name + (s.hidden ? t('sheet_hidden') : '') })));
      sheet.addEventListener('change', () => {
        entry.workbook.index = Number(sheet.value);
        entry.headerRow = -1;
        refresh(entry, 'sheet');
      });
      meta.push(el('label', { class: 'meta-item' }, t('sheet'), ' ', sheet));
    } else if (entry.workbook) {
      meta.push(el('span', { class: 'meta-item' }, t('sheet'), ' ', entry.workbook.sheets[entry.workbook.index].name));
    }
    if (entry.type === 'text') meta.push(el('span', { class: 'meta-item' }, t('encoding'), ' ', entry.encoding));
    const kindSelect = el('select', { class: 'kind-select', 'aria-label': t('record_kind'), 'data-focus': entry.id + ':kind' },
      kinds.map((k) => el('option', { value: k, selected: k === entry.kind, text: label(rules().kinds[k].label) })));
    kindSelect.addEventListener('change', () => {
      entry.kindChosen = kindSelect.value;
      entry.kind = kindSelect.value;
      refresh(entry, 'propose');
    });
    meta.push(el('label', { class: 'meta-item' }, t('record_kind'), ' ', kindSelect));
    const remove = el('button', { type: 'button', class: 'button secondary small remove-file', text: t('remove_file') });
    remove.addEventListener('click', () => removeEntry(entry));
    panel.append(el('div', { class: 'file-head' },
      el('h3', { class: 'file-name', text: entry.name }),
      el('div', { class: 'file-meta' }, meta), remove));

    if (entry.busy && !f && !entry.error) panel.append(el('p', { class: 'status', text: t('reading_file') }));
    if (entry.error) panel.append(el('p', { class: 'error file-error', role: 'alert', text: entry.error }));
    if (entry.fromMemory) panel.append(el('p', { class: 'hint', text: t('mapping_remembered') }));
    if (f) {
      panel.append(el('p', { class: 'import-rows', text: rowsLine(f) }));
      if (f.date_order && f.date_order.order !== 'none') panel.append(dateOrderBox(entry, f));
      panel.append(...needsBox(entry, f));
      const statuses = statusBox(entry, f);
      if (statuses) panel.append(statuses);
      const others = f.unknown_values.filter((u) => !(entry.kind === 'shipments' && u.field === 'status'));
      if (others.length) {
        panel.append(el('p', { class: 'warning', text: t('unknown_values') +
          others.map((u) => `${fieldLabel(entry.kind, u.field)}: ${u.value} (${num(u.count)})`).join('; ') }));
      }
    }
    if (entry.proposal && entry.proposal[entry.kind] && entry.proposal[entry.kind].rows) panel.append(previewBox(entry, f));
    if (!f && entry.proposal && entry.proposal[entry.kind] && !entry.busy) panel.append(mappingBox(entry, bareSection(entry)));
    if (f) {
      panel.append(mappingBox(entry, f));
      // A date that reads only in the other day/month order: the choice is on this page.
      const why = (p) => (p.why === 'order_conflict' ? t('why_order_conflict') : p.message);
      const problems = f.problems.listed.slice(0, 20).map((p) =>
        el('li', { text: t('problem', { row: num(p.row), column: p.column === null ? '—' : p.column, header: p.header || '', text: p.text, why: why(p) }) }));
      if (f.problems.total) {
        panel.append(details(entry, 'problems', f.rows.used === 0 || f.problems.total <= 5, { class: 'problems' },
          el('summary', { text: t('problems_heading', { n: num(f.problems.total) }) }), el('ul', {}, problems)));
      }
      const suspicious = (f.suspicious.listed || []).slice(0, 10).map((s) => el('li', { text: t('flag', { row: num(s.row), message: s.message }) }));
      if (suspicious.length) panel.append(details(entry, 'suspicious', false, {}, el('summary', { text: t('suspicious_heading') }), el('ul', {}, suspicious)));
    }
    panel.append(mappingActions(entry));
    return panel;
  }

  function rowsLine(f) {
    const r = f.rows;
    let s = t('rows_summary', { read: num(r.read), used: num(r.used), bad: num(r.bad), cancelled: num(r.cancelled) });
    const skipped = [];
    if (r.above_header) skipped.push(t('skipped_above', { n: num(r.above_header) }));
    if (r.totals) skipped.push(t('skipped_totals', { n: num(r.totals) }));
    if (r.notes) skipped.push(t('skipped_notes', { n: num(r.notes) }));
    if (skipped.length) s += ' ' + t('skipped_summary', { list: skipped.join(t('list_sep')) });
    return s;
  }

  // Dates written A/B/YYYY: which is the day, as detected or assumed, and the user's choice.
  function dateOrderBox(entry, f) {
    const { el } = app();
    const select = el('select', { class: 'date-order-select', 'aria-label': t('date_order_label'), 'data-focus': entry.id + ':dates' },
      ['dmy', 'mdy'].map((o) => el('option', { value: o, selected: f.date_order.order === o, text: t('date_order_' + o) })));
    select.addEventListener('change', () => {
      const o = override(entry);
      o.date_order = select.value;
      remember(entry.kind, headerNames(entry), o);
      refresh(entry, 'import');
    });
    const how = f.date_order.how === 'detected' ? t('date_order_detected', { row: num(f.date_order.row) })
      : f.date_order.how === 'user' ? t('date_order_user') : t('date_order_assumed');
    return el('p', { class: f.date_order.how === 'assumed' ? 'warning date-order' : 'date-order' },
      el('label', {}, t('date_order_label'), ' ', select), ' ', el('span', { class: 'hint', text: how }));
  }

  // What could not be derived, and the columns that could give it: one click maps one.
  function needsBox(entry, f) {
    const { el } = app();
    const out = [];
    if (f.rows.used === 0 && !f.needs.length) {
      out.push(el('p', { class: 'warning need', text: f.problems.total ? t('none_used_problems') : t('none_used') }));
    }
    for (const n of f.needs) {
      const buttons = (n.candidates || []).map((c) => {
        const b = el('button', { type: 'button', class: 'button secondary small need-candidate', 'data-field': c.field,
          'data-column': String(c.column),
          text: t('use_column', { column: c.column, header: c.header || '', field: fieldLabel(entry.kind, c.field) }) });
        b.addEventListener('click', () => setColumn(entry, c.field, c.column));
        return b;
      });
      // A need the file can meet (a column could be it, or nothing could be used) is a warning;
      // a measure the file simply has no columns for is a note.
      const urgent = buttons.length || n.why !== 'line' || f.rows.used === 0;
      out.push(el('div', { class: (urgent ? 'warning' : 'note') + ' need', 'data-what': n.what },
        el('p', { class: 'need-message', text: n.message }),
        buttons.length ? el('div', { class: 'need-candidates' }, buttons) : null));
    }
    return out;
  }

  // Status values not understood (and those the user has given a meaning), each with a select.
  function statusBox(entry, f) {
    const { el } = app();
    if (entry.kind !== 'shipments') return null;
    const unknown = f.unknown_values.filter((u) => u.field === 'status');
    const o = entry.overrides[entry.kind];
    const given = (o && o.values && o.values.status) || {};
    const values = unknown.map((u) => ({ value: u.value, count: u.count, id: '' }));
    for (const [value, id] of Object.entries(given)) if (!values.some((v) => v.value === value)) values.push({ value, count: null, id });
    if (!values.length) return null;
    const rows = values.map((v) => {
      const select = el('select', { class: 'status-meaning', 'data-value': v.value, 'data-focus': entry.id + ':status:' + v.value,
        'aria-label': t('status_meaning_of', { value: v.value }) },
        el('option', { value: '', text: t('status_choose') }),
        statusChoices.map((id) => el('option', { value: id, selected: id === v.id, text: ruleText('status_' + id) })));
      select.addEventListener('change', () => setStatusMeaning(entry, v.value, select.value));
      return el('tr', {}, el('th', { scope: 'row', text: v.value }),
        el('td', { class: 'num', text: v.count === null ? '—' : num(v.count) }), el('td', {}, select));
    });
    return el('div', { class: 'status-values' + (unknown.length ? ' warning' : '') },
      el('p', { class: 'status-values-title', text: unknown.length ? t('status_unknown_heading') : t('status_given_heading') }),
      el('table', { class: 'status-table' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('status_value') }), el('th', { scope: 'col', class: 'num', text: t('status_count') }),
          el('th', { scope: 'col', text: t('status_meaning') }))),
        el('tbody', {}, rows)));
  }

  // The first rows as they are, with their numbers: the header highlighted, the rows that are
  // not records greyed with the reason. The header row can be chosen here.
  function previewBox(entry, f) {
    const { el } = app();
    const p = entry.proposal[entry.kind];
    const section = f || (p.ok ? p.sample : null);
    const headerRows = section ? section.header.rows : entry.headerRow > 0 ? [entry.headerRow] : [];
    const skipped = new Map();
    for (const s of (section ? section.skipped : [])) skipped.set(s.row, s);
    const rows = p.rows || [];
    const width = Math.max(1, ...rows.map((r) => r.cells.length));

    const current = entry.headerRow === -1 ? (headerRows.length ? headerRows[0] : 0) : entry.headerRow;
    const options = [];
    const maxRow = Math.min(30, rows.length ? rows[rows.length - 1].row : 1);
    for (let n = 1; n <= maxRow; n++) options.push(el('option', { value: String(n), selected: n === current, text: t('header_at_row', { row: n }) }));
    options.push(el('option', { value: '0', selected: current === 0, text: t('header_none') }));
    const picker = el('select', { class: 'header-row-select', 'aria-label': t('header_row_label'), 'data-focus': entry.id + ':header' }, options);
    picker.addEventListener('change', () => setHeaderRow(entry, Number(picker.value)));

    const how = section ? section.header.how : '';
    const trs = rows.map((r) => {
      const isHeader = headerRows.includes(r.row);
      const why = skipped.get(r.row);
      const cells = [];
      const filled = r.cells.filter((c) => c !== '').length;
      if (why && filled <= 1 && r.cells[0]) {
        // A title or a note: one cell across the table, so it does not widen the first column.
        cells.push(el('td', { colspan: String(width), class: 'row-span', text: r.cells[0] }));
      } else {
        for (let i = 0; i < width; i++) cells.push(el(isHeader ? 'th' : 'td', { text: r.cells[i] || '', title: (r.cells[i] || '').length > 24 ? r.cells[i] : null }));
      }
      const tag = isHeader ? t('header_tag') : why ? t('skip_' + why.why) : '';
      return el('tr', { class: isHeader ? 'row-header' : why ? 'row-skipped' : null, 'data-row': String(r.row) },
        el('th', { scope: 'row', class: 'row-number', text: String(r.row) }),
        el('td', { class: 'row-why', text: tag, title: why ? why.message : null }), cells);
    });
    return el('div', { class: 'preview' },
      el('div', { class: 'preview-head' },
        el('label', {}, t('header_row_label'), ' ', picker),
        section ? el('span', { class: 'hint header-text' + (how === 'values' || how === 'none' ? ' check' : ''), text: section.header.text }) : null),
      el('div', { class: 'preview-wrap', tabindex: '0', role: 'region', 'aria-label': t('preview_label') },
        el('table', { class: 'preview-table' }, el('tbody', {}, trs))));
  }

  // Without an import (nothing was recognised), the fields as the rules list them and the
  // columns of the chosen header row: choosing a column imports again.
  function bareSection(entry) {
    const p = entry.proposal[entry.kind];
    const o = entry.overrides[entry.kind] || { columns: {} };
    const row = (p.rows || []).find((r) => r.row === entry.headerRow);
    const names = row ? row.cells : [];
    const mapping = rules().kinds[entry.kind].fields.map((fld) => {
      const ref = (o.columns || {})[fld.id];
      const column = typeof ref === 'number' ? ref : ref ? names.indexOf(ref) + 1 || null : null;
      return { field: fld.id, label: app().label(fld.label), column, how: column ? 'user' : undefined };
    });
    return { header: { names, rows: row ? [row.row] : [] }, skipped: [], mapping, rows: { used: 0 }, needs: [] };
  }

  // Which column feeds each field, with sample values; a column guessed from its values says so.
  function mappingBox(entry, f) {
    const { el } = app();
    const names = f.header.names || [];
    const p = entry.proposal && entry.proposal[entry.kind];
    const lastHeader = f.header.rows.length ? f.header.rows[f.header.rows.length - 1] : 0;
    const skippedRows = new Set(f.skipped.map((s) => s.row));
    const dataRows = ((p && p.rows) || []).filter((r) => r.row > lastHeader && !skippedRows.has(r.row)).slice(0, 3);
    const width = Math.max(names.length, ...((p && p.rows) || []).map((r) => r.cells.length));
    const columnName = (i) => (names[i] ? `${i + 1}: ${names[i]}` : t('column_n', { n: i + 1 }));
    let check = false;
    // The fields that have a column first; those without one after them, quieter.
    const ordered = f.mapping.filter((m) => m.column).concat(f.mapping.filter((m) => !m.column));
    const rows = ordered.map((m) => {
      const select = el('select', { class: 'column-select', 'data-field': m.field, 'aria-label': m.label, 'data-focus': entry.id + ':column:' + m.field },
        el('option', { value: '', text: t('not_mapped') }));
      for (let i = 0; i < width; i++) select.append(el('option', { value: String(i + 1), selected: m.column === i + 1, text: columnName(i) }));
      select.addEventListener('change', () => setColumn(entry, m.field, select.value === '' ? null : Number(select.value)));
      const samples = m.column ? dataRows.map((r) => r.cells[m.column - 1] || '').filter((v) => v !== '').join(' · ') || '—' : '—';
      if (m.how === 'values') check = true;
      return el('tr', { class: m.how === 'values' ? 'guessed' : m.column ? null : 'unmapped' },
        el('th', { scope: 'row', text: m.label }),
        el('td', {}, select, m.how === 'values' ? el('span', { class: 'check-tag', text: t('please_check') }) : null),
        el('td', { class: 'samples', text: samples }));
    });
    const mapped = f.mapping.filter((m) => m.column).length;
    return details(entry, 'mapping', check || f.rows.used === 0 || !!f.needs.length, { class: 'mapping-details' },
      el('summary', { text: t('mapping_summary', { n: mapped, total: f.mapping.length }) + (check ? ' · ' + t('please_check') : '') }),
      el('div', { class: 'table-wrap' }, el('table', { class: 'mapping-table' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('field') }), el('th', { scope: 'col', text: t('column') }),
          el('th', { scope: 'col', text: t('samples') }))),
        el('tbody', {}, rows))));
  }

  function mappingActions(entry) {
    const { el } = app();
    const save = el('button', { type: 'button', class: 'button secondary small save-mapping', text: t('save_mapping') });
    save.disabled = !(entry.result && entry.result.ok);
    save.addEventListener('click', () => {
      const doc = Object.assign({}, entry.result.mapping, { format: 'starsheet-mapping/1', kind: entry.kind });
      download(`starsheet-mapping-${entry.kind}.json`, JSON.stringify(doc, null, 1) + '\n', 'application/json');
    });
    const inputId = 'mapping-file-' + entry.id;
    const load = el('input', { type: 'file', accept: '.json', id: inputId, class: 'visually-hidden-file load-mapping' });
    load.addEventListener('change', async () => {
      const doc = readMappingFile(await load.files[0].text(), rules());
      if (!doc) {
        entry.error = t('mapping_file_bad');
        render();
        return;
      }
      entry.kindChosen = entry.kind = doc.kind;
      entry.overrides[entry.kind] = doc;
      refresh(entry, 'propose');
    });
    return el('div', { class: 'actions' }, save,
      el('label', { class: 'button secondary small', for: inputId, text: t('load_mapping') }), load);
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
