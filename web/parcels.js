// The failing parcels: the rows behind each late, lost or damaged parcel, each exception, first
// reply or transit slower than its indicator's full-points limit and each unresolved problem, as
// written in the carrier's own file, with the row number and why (failing_report.h) — the
// to-do list. Filterable by reason and by a segment of the drill-down (a column's value, the
// weekday or ISO week shipped, the delay band), downloadable as CSV or .xlsx exactly as `starsheet --failing-rows`
// writes them. The rows stay in the browser: they never enter the report, the link or the
// history. Loaded with the first result that has imported records (not part of the first load):
// its words and its style rules come with it.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, el, formatCount } = app;

  const WORDS = {
    zh: {
      heading: '未达标的包裹',
      hint: '每一行都是您文件里的原始记录，附行号和未达标原因——改进的待办清单。这些行只留在本机浏览器中，不会进入分享链接、下载的数据或历史记录。',
      file: '文件',
      reason: '原因',
      all_reasons: '全部原因',
      by: '分组依据',
      no_segment: '不按分组',
      value: '分组',
      col_row: '行号',
      col_reason: '未达标原因',
      matched: '符合筛选的 {n} 行。',
      more: '再显示 {n} 行',
      csv: '下载 CSV',
      xlsx: '下载 Excel (.xlsx)',
      failed: '下载失败，请重试。',
      show_parcels: '查看包裹',
      weekday: '发货星期',
      iso_week: '发货周',
      delay_band: '延误时段',
    },
    en: {
      heading: 'The failing parcels',
      hint: 'Each row is a record of your own file as written, with its row number and why it failed — the to-do list. These rows stay in this browser: they never enter the share link, the downloaded data or the history.',
      file: 'File',
      reason: 'Reason',
      all_reasons: 'All reasons',
      by: 'Segment by',
      no_segment: 'No segment',
      value: 'Segment',
      col_row: 'Row',
      col_reason: 'Why it failed',
      matched: '{n} rows match the filter.',
      more: 'Show {n} more',
      csv: 'Download CSV',
      xlsx: 'Download Excel (.xlsx)',
      failed: 'The download failed; try again.',
      show_parcels: 'Show parcels',
      weekday: 'Weekday shipped',
      iso_week: 'Week shipped',
      delay_band: 'Delay band',
    },
  };
  const w = (key, values) => {
    let text = (WORDS[state.lang] || WORDS.en)[key];
    for (const [k, v] of Object.entries(values || {})) text = text.split('{' + k + '}').join(String(v));
    return text;
  };
  // Rows drawn at a time: a phone shows each row as a card, a screen height or so each five.
  const pageSize = () => (window.matchMedia('(max-width: 480px)').matches ? 10 : 50);

  const STYLE = [
    '.parcels-controls { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; margin: .5rem 0; align-items: baseline; }',
    '.parcels-controls label { display: flex; gap: .4em; align-items: baseline; }',
    '.parcels-controls select { max-width: 16rem; }',
    '.parcels-table td, .parcels-table th { white-space: nowrap; }',
    '.parcels-table td.why { white-space: normal; min-width: 8em; }',
    '.parcels-actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0; }',
    '@media (max-width: 480px) { ' +
      '.parcels-table, .parcels-table :is(tbody, tr, th, td) { display: block; } ' +
      '.parcels-table thead { display: none; } ' +
      '.parcels-table tbody tr { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .3rem .6rem; } ' +
      '.parcels-table td { border: 0; padding: .15rem 0 .15rem 8.5em; position: relative; text-align: left; white-space: normal; overflow-wrap: anywhere; } ' +
      '.parcels-table td::before { content: attr(data-label); position: absolute; left: 0; width: 8em; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; } ' +
      '}',
  ];

  function build() {
    if ($('parcels-table')) return;
    const sheet = document.styleSheets[0];
    for (const rule of STYLE) sheet.insertRule(rule, sheet.cssRules.length);
    const select = (id) => el('select', { id, 'data-testid': id });
    $('parcels').append(
      el('h3', { id: 'parcels-heading' }),
      el('p', { id: 'parcels-hint', class: 'hint' }),
      el('div', { class: 'parcels-controls no-print' },
        el('label', { id: 'parcels-file-box' }, el('span', { id: 'parcels-file-label' }), select('parcels-file')),
        el('label', {}, el('span', { id: 'parcels-reason-label' }), select('parcels-reason')),
        el('label', {}, el('span', { id: 'parcels-by-label' }), select('parcels-by')),
        el('label', { id: 'parcels-value-box' }, el('span', { id: 'parcels-value-label' }), select('parcels-value'))),
      el('p', { id: 'parcels-note', 'data-testid': 'parcels-note', role: 'status' }),
      // A wide file scrolls sideways: the keyboard must reach it too (axe: scrollable-region-focusable).
      el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'parcels-table', 'data-testid': 'parcels-table', class: 'parcels-table' },
        el('thead'), el('tbody'))),
      el('div', { class: 'parcels-actions no-print' },
        el('button', { type: 'button', id: 'parcels-more', 'data-testid': 'parcels-more' }),
        el('button', { type: 'button', id: 'parcels-csv', 'data-testid': 'parcels-csv' }),
        el('button', { type: 'button', id: 'parcels-xlsx', 'data-testid': 'parcels-xlsx' })),
      el('p', { id: 'parcels-status', class: 'hint', role: 'status' }));
    $('parcels-file').onchange = () => { pick.file = $('parcels-file').value; pick.reason = ''; refresh(); };
    $('parcels-reason').onchange = () => { pick.reason = $('parcels-reason').value; refresh(); };
    $('parcels-by').onchange = () => { pick.by = $('parcels-by').value; pick.value = null; refresh(); };
    $('parcels-value').onchange = () => { pick.value = $('parcels-value').value; refresh(); };
    $('parcels-more').onclick = () => { shown += pageSize(); drawRows(); };
    $('parcels-csv').onclick = () => save('csv');
    $('parcels-xlsx').onclick = () => save('xlsx');
  }

  // What the user picked survives a re-score or a language switch while it still exists.
  // by: '' (none), a split's key (its column header, or the derived 'weekday', 'iso_week' or 'delay_band').
  const pick = { file: null, reason: '', by: '', value: null };
  let view = null;  // the engine's answer for the current filter
  let shown = 0;
  let report = null;
  let seq = 0;

  function files() {
    return [...state.engine.imported.keys()];
  }

  // The drill-down's splits of the picked file's kind, one per column (any indicator): the
  // segment filter's choices.
  function splits() {
    const byKey = new Map();
    for (const s of (report && report.drilldown) || []) {
      const key = s.derived || s.by;
      if (!byKey.has(key)) byKey.set(key, s);
    }
    return byKey;
  }

  function fill(select, options, value) {
    select.replaceChildren(...options.map(([v, text]) => el('option', { value: v, text })));
    if (options.some(([v]) => v === value)) select.value = value;
    return select.value;
  }

  // The filter as the engine takes it: a column by its index in the file's header, or a derived one.
  function filter() {
    const f = { name: pick.file, reasons: pick.reason, lang: state.lang };
    const split = splits().get(pick.by);
    if (split && pick.value !== null) {
      if (split.derived) f.derived = split.derived;
      else f.column = view ? view.header.indexOf(split.by) : -1;
      f.value = pick.value;
    }
    return f;
  }

  async function render(rep) {
    report = rep;
    const names = files();
    const box = $('parcels');
    box.hidden = !names.length;
    if (!names.length) return;
    build();
    if (!names.includes(pick.file)) pick.file = names[0];
    await refresh();
  }

  async function refresh() {
    const mine = ++seq;
    // The whole list first (the header for a column's index, the reasons present, the picks
    // checked against them), then the rows of the filter.
    const whole = await state.engine.failingRows({ name: pick.file, lang: state.lang });
    if (mine !== seq) return;
    view = whole;
    drawControls(whole);
    const answer = pick.reason || pick.value !== null ? await state.engine.failingRows(filter()) : whole;
    if (mine !== seq) return;
    view = answer;
    $('parcels').hidden = whole.total === 0 && files().length === 1;
    shown = pageSize();
    drawRows();
  }

  function drawControls(whole) {
    $('parcels-heading').textContent = w('heading');
    $('parcels-hint').textContent = w('hint');
    $('parcels-file-label').textContent = w('file');
    $('parcels-reason-label').textContent = w('reason');
    $('parcels-by-label').textContent = w('by');
    $('parcels-value-label').textContent = w('value');
    const names = files();
    $('parcels-file-box').hidden = names.length < 2;
    fill($('parcels-file'), names.map((n) => [n, n]), pick.file);
    pick.reason = fill($('parcels-reason'), [['', w('all_reasons')],
      ...whole.by_reason.map((r) => [r.id, r.label + ' (' + formatCount(r.rows) + ')'])], pick.reason);
    const all = splits();
    // Only columns of this file (by header) and the derived ones of a shipments file.
    const usable = [...all.entries()].filter(([, s]) => (s.derived ? whole.kind === 'shipments' : whole.header.includes(s.by)));
    pick.by = fill($('parcels-by'), [['', w('no_segment')], ...usable.map(([key, s]) => [key, s.derived ? w(s.derived) : s.by])], pick.by);
    const split = all.get(pick.by);
    $('parcels-value-box').hidden = !split;
    if (split) {
      const values = split.segments.filter((g) => g.value !== null);
      if (!values.some((g) => g.value === pick.value)) pick.value = values.length ? values[0].value : null;
      fill($('parcels-value'), values.map((g) => [g.value, g.label]), pick.value);
    } else {
      pick.value = null;
    }
    $('parcels-csv').textContent = w('csv');
    $('parcels-xlsx').textContent = w('xlsx');
  }

  function drawRows() {
    const v = view;
    // The mapped columns, and the column filtered on when it is not one of them.
    const split = splits().get(pick.by);
    const extra = split && !split.derived ? v.header.indexOf(split.by) : -1;
    const shownColumns = extra >= 0 && !v.shown.includes(extra) ? [...v.shown, extra] : v.shown;
    const columns = [{ head: w('col_row'), cell: (r) => formatCount(r.row), cls: 'num' },
      { head: w('col_reason'), cell: (r) => r.reason, cls: 'why' },
      ...shownColumns.map((i) => ({ head: v.header[i], cell: (r) => (r.cells[i] === undefined ? '' : r.cells[i]) }))];
    const table = $('parcels-table');
    table.tHead.replaceChildren(el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', class: c.cls === 'num' ? 'num' : null, text: c.head }))));
    const rows = v.rows.slice(0, shown).map((r) => el('tr', { 'data-row': r.row },
      ...columns.map((c) => el('td', { class: c.cls || null, 'data-label': c.head, text: c.cell(r) }))));
    table.tBodies[0].replaceChildren(...rows);
    table.setAttribute('aria-label', w('heading'));
    table.dataset.rows = String(v.rows.length);
    const filtered = pick.reason || pick.value !== null;
    $('parcels-note').textContent = v.note + (filtered ? ' ' + w('matched', { n: formatCount(v.matched) }) : '');
    const more = Math.min(pageSize(), v.rows.length - shown);
    $('parcels-more').hidden = more <= 0;
    if (more > 0) $('parcels-more').textContent = w('more', { n: formatCount(more) });
    $('parcels-csv').disabled = $('parcels-xlsx').disabled = !v.rows.length;
  }

  async function save(format) {
    const button = $('parcels-' + format);
    button.disabled = true;
    $('parcels-status').textContent = '';
    try {
      const bytes = await state.engine.failingRows(Object.assign(filter(), { format }));
      const stem = pick.file.replace(/\.[^.]*$/, '');
      const types = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
      app.download(stem + '-failing.' + format, bytes, types[format]);
    } catch (e) {
      $('parcels-status').textContent = w('failed');
    } finally {
      button.disabled = false;
    }
  }

  /** Shows the parcels of one drill-down segment (its split's key and value) and scrolls to them. */
  async function showSegment(key, value) {
    pick.by = key;
    pick.value = value;
    await refresh();
    $('parcels').scrollIntoView({ block: 'start' });
  }

  ns.parcels = { render, showSegment, words: (key) => w(key) };
})(window.Starsheet);
