// Record import on the page: rows pasted from Excel/WPS, CSV/TSV files and .xlsx workbooks.
// The engine proposes which record kind and which columns; the page imports at once with that
// proposal (so a first-time user sees a score straight away), shows the mapping with sample
// rows to correct, and remembers a corrected mapping for next period. Files are read by the
// worker in chunks with a progress bar; the page stays responsive and can cancel.
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  const $ = (id) => document.getElementById(id);
  const app = () => ns.app;
  let importRules = null;
  let current = null;  // {source: File|null, text, name, proposal, kind, encoding, mapping}

  function rules() {
    if (!importRules) importRules = JSON.parse(window.STARSHEET_RULES.importRules);
    return importRules;
  }

  function t(key, values) { return app().t(key, values); }

  // ---- remembered mappings ------------------------------------------------------------------
  // A mapping is remembered per record kind and header row, so next period's export of the same
  // system is read the same way.
  function memoryKey(kind, header) { return 'starsheet.mapping.' + kind + '.' + header.join('\u241F'); }

  function remembered(kind, header) {
    try { return JSON.parse(localStorage.getItem(memoryKey(kind, header)) || 'null'); } catch (e) { return null; }
  }

  function remember(kind, header, mapping) {
    try { localStorage.setItem(memoryKey(kind, header), JSON.stringify(mapping)); } catch (e) { /* private mode */ }
  }

  // ---- proposing ---------------------------------------------------------------------------------
  function mappedCount(p) { return p && p.ok ? Object.keys(p.mapping.columns || {}).length : -1; }

  async function start(source, text, name, workbook) {
    const { engine } = app().state;
    app().showError('');
    let head;
    if (source) head = await source.slice(0, 256 * 1024).arrayBuffer();
    else head = new TextEncoder().encode(text.slice(0, 256 * 1024)).buffer;
    const proposal = await engine.propose(head, source ? 'auto' : 'UTF-8');
    const kind = mappedCount(proposal.inquiries) > mappedCount(proposal.shipments) ? 'inquiries' : 'shipments';
    if (!proposal[kind].ok) {
      app().showError(proposal[kind].error);
      return;
    }
    const header = proposal[kind].rows[0] || [];
    const saved = remembered(kind, header);
    current = { source, text, name, proposal, kind, encoding: proposal.encoding, header, workbook,
      mapping: saved || proposal[kind].mapping, fromMemory: !!saved };
    renderMapping();
    await runImport();
  }

  /** Rows pasted as text (TSV from Excel/WPS, or CSV). */
  function importText(text, name) { return start(null, text, name || t('pasted_rows')); }

  /** A dropped or chosen file: .xlsx through the workbook reader, anything else as CSV/TSV. */
  async function importFile(file) {
    if (/\.xlsx$/i.test(file.name)) {
      try {
        const buffer = await file.arrayBuffer();
        return readWorkbookSheet({ buffer, sheets: await ns.xlsx.listSheets(buffer), index: 0, name: file.name });
      } catch (e) {
        app().showError(file.name + ': ' + e.message);
        return undefined;
      }
    }
    return start(file, null, file.name);
  }

  // One sheet of a workbook (the first unless the user picks another in the mapping step).
  async function readWorkbookSheet(workbook) {
    const rows = await ns.xlsx.readSheet(workbook.buffer, workbook.index);
    const sheet = workbook.sheets[workbook.index];
    return start(null, ns.xlsx.toCsv(rows), workbook.sheets.length > 1 ? `${workbook.name} — ${sheet.name}` : workbook.name, workbook);
  }

  // ---- the mapping step ------------------------------------------------------------------------
  function renderMapping() {
    const { el, label } = app();
    const kindRule = rules().kinds[current.kind];
    const proposal = current.proposal[current.kind];
    const header = proposal.rows[0] || [];
    const samples = proposal.rows.slice(1, 4);
    const columns = current.mapping.columns || {};

    const kindSelect = el('select', { id: 'record-kind', 'aria-label': t('record_kind') },
      ['shipments', 'inquiries'].map((k) => el('option', { value: k, selected: k === current.kind, text: label(rules().kinds[k].label) })));
    kindSelect.addEventListener('change', () => {
      current.kind = kindSelect.value;
      current.header = current.proposal[current.kind].rows[0] || [];
      current.mapping = remembered(current.kind, current.header) || current.proposal[current.kind].mapping;
      renderMapping();
    });

    const rows = kindRule.fields.map((f) => {
      const id = 'map-' + f.id;
      const chosen = columns[f.id];
      const select = el('select', { id, 'data-field': f.id },
        el('option', { value: '', text: t('not_mapped') }),
        header.map((h, i) => el('option', { value: String(i), text: `${i + 1}: ${h}`, selected: chosen === h })));
      const sampleCell = el('td', { class: 'samples' });
      const showSamples = () => {
        const i = select.value === '' ? -1 : Number(select.value);
        sampleCell.textContent = i < 0 ? '—' : samples.map((r) => r[i] || '').filter((v) => v !== '').join(' · ') || '—';
      };
      select.addEventListener('change', () => {
        const cols = Object.assign({}, current.mapping.columns || {});
        if (select.value === '') cols[f.id] = null;
        else cols[f.id] = header[Number(select.value)];
        current.mapping = Object.assign({}, current.mapping, { columns: cols });
        showSamples();
      });
      showSamples();
      return el('tr', {}, el('th', { scope: 'row' }, el('label', { for: id, text: label(f.label) })), el('td', {}, select), sampleCell);
    });

    const apply = el('button', { type: 'button', class: 'button primary', id: 'apply-mapping', text: t('apply_mapping') });
    apply.addEventListener('click', async () => {
      remember(current.kind, current.header, current.mapping);
      await runImport();
    });
    const save = el('button', { type: 'button', class: 'button secondary', text: t('save_mapping') });
    save.addEventListener('click', () => {
      const doc = Object.assign({ format: 'starsheet-mapping/1', kind: current.kind }, current.mapping);
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 1) + '\n'], { type: 'application/json' }));
      const a = el('a', { href: url, download: `starsheet-mapping-${current.kind}.json` });
      document.body.append(a);
      a.click();
      a.remove();
    });
    const load = el('input', { type: 'file', accept: '.json', id: 'mapping-file', class: 'visually-hidden-file' });
    load.addEventListener('change', async () => {
      try {
        const doc = JSON.parse(await load.files[0].text());
        if (doc.kind && doc.kind !== current.kind) current.kind = doc.kind;
        current.mapping = doc;
        renderMapping();
        await runImport();
      } catch (e) {
        app().showError(e.message);
      }
    });

    let sheetPicker = null;
    if (current.workbook && current.workbook.sheets.length > 1) {
      const wb = current.workbook;
      const select = el('select', { id: 'sheet', 'aria-label': t('sheet') },
        wb.sheets.map((s, i) => el('option', { value: String(i), selected: i === wb.index, text: s.name })));
      select.addEventListener('change', () => readWorkbookSheet(Object.assign({}, wb, { index: Number(select.value) })));
      sheetPicker = el('span', {}, ' · ', t('sheet'), ' ', select);
    }
    $('mapping').hidden = false;
    $('mapping-body').replaceChildren(
      el('p', {}, el('strong', { text: current.name }), ' · ', t('encoding'), ' ', current.encoding, ' · ', t('record_kind'), ' ', kindSelect, sheetPicker),
      current.fromMemory ? el('p', { class: 'hint', text: t('mapping_remembered') }) : null,
      el('div', { class: 'table-wrap' }, el('table', { class: 'mapping-table' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('field') }), el('th', { scope: 'col', text: t('column') }),
          el('th', { scope: 'col', text: t('samples') }))),
        el('tbody', {}, rows))),
      el('div', { class: 'actions' }, apply, save, el('label', { class: 'button secondary', for: 'mapping-file', text: t('load_mapping') }), load),
      el('div', { id: 'import-summary', 'aria-live': 'polite' }));
  }

  // ---- importing -----------------------------------------------------------------------------------
  function showProgress(on) {
    $('progress').hidden = !on;
    if (!on) return;
    $('progress-bar').value = 0;
    $('progress-text').textContent = '';
  }

  async function runImport() {
    const { state } = app();
    const started = performance.now();
    showProgress(!!current.source);
    const progress = ({ bytes, total, rows }) => {
      const seconds = (performance.now() - started) / 1000;
      const rate = bytes / 1048576 / Math.max(seconds, 0.001);
      const eta = rate > 0 ? (total - bytes) / 1048576 / rate : 0;
      $('progress-bar').value = total ? bytes / total : 1;
      $('progress-text').textContent = t('progress', {
        rows: rows.toLocaleString(), mb: (bytes / 1048576).toFixed(1), total: (total / 1048576).toFixed(1),
        rate: rate.toFixed(1), eta: eta.toFixed(0),
      });
    };
    const mapping = Object.assign({ format: 'starsheet-mapping/1', kind: current.kind }, current.mapping);
    let result;
    try {
      result = await state.engine.importRecords({
        kind: current.kind, file: current.source || undefined, text: current.source ? undefined : current.text,
        mapping: JSON.stringify(mapping), period: state.period ? JSON.stringify(state.period) : '',
        encoding: current.source ? current.encoding : 'UTF-8', name: current.name, lang: state.lang,
      }, progress);
    } catch (e) {
      showProgress(false);
      app().showError(e.message === 'cancelled' ? t('import_cancelled') : e.message);
      return;
    }
    showProgress(false);
    if (!result.ok) {
      app().showError(result.error);
      return;
    }
    renderSummary(result.records.files[0]);
    if (!state.period) state.period = { format: 'starsheet-period/1', measures: {} };
    await app().scoreCurrent();
  }

  function renderSummary(file) {
    const { el } = app();
    const box = $('import-summary');
    if (!box || !file) return;
    const r = file.rows;
    const problems = file.problems.listed.slice(0, 20).map((p) =>
      el('li', { text: t('problem', { row: p.row, column: p.column, header: p.header || '', text: p.text, why: p.message }) }));
    const suspicious = (file.suspicious.listed || []).slice(0, 10).map((s) => el('li', { text: t('flag', { row: s.row, message: s.message }) }));
    box.replaceChildren(
      el('p', { class: 'import-rows', text: t('rows_summary', { read: r.read, used: r.used, bad: r.bad, cancelled: r.cancelled }) }),
      file.problems.total ? el('details', { open: file.problems.total <= 20 },
        el('summary', { text: t('problems_heading', { n: file.problems.total }) }), el('ul', {}, problems)) : null,
      suspicious.length ? el('details', {}, el('summary', { text: t('suspicious_heading') }), el('ul', {}, suspicious)) : null,
      file.unknown_values.length ? el('p', { class: 'warning', text: t('unknown_values') + file.unknown_values.map((u) => `${u.field}: ${u.value} (${u.count})`).join('; ') }) : null);
  }

  function cancel() { app().state.engine.cancel(); }

  ns.records = { importText, importFile, cancel };
})(window.Starsheet);
