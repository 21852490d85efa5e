// The record panels: what each imported file gave, and the controls that correct it (header row,
// columns, status meanings, date order, mapping files). Split from records.js so that its code
// loads with the first file, not with the page; records.js hands it the helpers it shares.
'use strict';
(function (ns) {
  ns.recordPanels = function (api) {
    const { app, download, entries, fieldLabel, fileSection, headerNames, kinds, num, override, readMappingFile, refresh, remember, removeEntry, ruleText, rules, setColumn, setHeaderRow, setStatusMeaning, statusChoices, t } = api;
    const $ = (id) => document.getElementById(id);

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

    return { render };
  };
})(window.Starsheet);
