// Local history (issue 13 item 5), opt-in: each scored period is kept in this browser's own
// storage — its measures and settings as the period file would carry them (derived measures
// included), never a row of a record file, never a what-if — and every kept period is shown as
// trends (trends.js). The history exports to one file, imports from it, and is deleted on request.
// Nothing leaves the device. Loaded when the panel is opened or, once opted in, with a score; its
// words come with it.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, el } = app;
  const ON = 'starsheet.history.on';
  const STORE = 'starsheet.history.periods';
  const FORMAT = 'starsheet-history/1';
  const KEPT_MAX = 120;  // ten years of months; the oldest go first

  const WORDS = {
    zh: {
      opt_in: '在本机保存每次评分的结果（仅汇总数据，不含明细行；不会上传）',
      none: '本机尚未保存任何周期。',
      kept: '本机已保存 {n} 个周期：',
      show: '显示趋势',
      export: '导出历史文件',
      import: '导入历史文件',
      delete: '删除本机历史',
      deleted: '已删除本机保存的全部周期。',
      imported: '已导入 {n} 个周期。',
      bad_file: '这不是 Starsheet 历史文件（starsheet-history/1）。',
      need_two: '至少需要两个周期才能显示趋势。',
      result: '{total} 分 · {stars}★',
    },
    en: {
      opt_in: 'Keep each scored result in this browser (totals only, never the rows; nothing is uploaded)',
      none: 'No period is kept in this browser yet.',
      kept: '{n} periods kept in this browser:',
      show: 'Show trends',
      export: 'Export the history file',
      import: 'Import a history file',
      delete: 'Delete this browser\'s history',
      deleted: 'Every kept period was deleted from this browser.',
      imported: '{n} periods imported.',
      bad_file: 'This is not a Starsheet history file (starsheet-history/1).',
      need_two: 'Trends need at least two periods.',
      result: '{total} pts · {stars}★',
    },
  };
  const w = (key, values) => String((WORDS[state.lang] || WORDS.en)[key]).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? values[k] : m));

  const entries = () => {
    try {
      const list = JSON.parse(localStorage.getItem(STORE) || '[]');
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  };
  const save = (list) => localStorage.setItem(STORE, JSON.stringify(list.slice(-KEPT_MAX)));
  const keyOf = (period) => (period.provider || '') + '|' + (period.period ? period.period.start + '|' + period.period.end : '');
  const startOf = (e) => (e.period.period && e.period.period.start) || '';

  // One period per provider and dates: a later score of the same period replaces it.
  function merge(list, more) {
    const byKey = new Map(list.map((e) => [e.key, e]));
    for (const e of more) byKey.set(e.key, e);
    return [...byKey.values()].sort((a, b) => startOf(a).localeCompare(startOf(b)) || a.key.localeCompare(b.key));
  }

  function keep() {
    if (localStorage.getItem(ON) !== '1' || !state.report || !state.period) return;
    const period = JSON.parse(JSON.stringify(app.travelling().period));
    delete period.what_if;  // a what-if is not what happened
    // The actual result: with what-ifs, the report's `actual` says it.
    const actual = state.report.actual || state.report;
    const entry = { key: keyOf(period), saved: new Date().toISOString(), total: actual.total, stars: actual.stars, period };
    save(merge(entries(), [entry]));
    if (!$('history').hidden && $('history').open) render();
  }

  function valid(e) {
    return e && typeof e.key === 'string' && e.period && e.period.format === 'starsheet-period/1' && typeof e.period.measures === 'object';
  }

  function render(status) {
    const list = entries();
    const on = el('input', { type: 'checkbox', id: 'history-on', 'data-testid': 'history-on' });
    on.checked = localStorage.getItem(ON) === '1';
    on.addEventListener('change', () => {
      localStorage.setItem(ON, on.checked ? '1' : '0');
      if (on.checked) keep();
      render();
    });
    const button = (key, action, testid) => {
      const b = el('button', { type: 'button', class: 'button secondary small', 'data-testid': testid, text: w(key) });
      b.addEventListener('click', action);
      return b;
    };
    const fileId = 'history-file';
    const file = el('input', { type: 'file', id: fileId, accept: '.json,application/json', class: 'visually-hidden-file', 'data-testid': 'history-file' });
    file.addEventListener('change', async () => {
      let doc = null;
      try { doc = JSON.parse(await file.files[0].text()); } catch (e) { /* said below */ }
      const more = doc && doc.format === FORMAT && Array.isArray(doc.periods) ? doc.periods.filter(valid) : null;
      if (!more) return render(w('bad_file'));
      save(merge(entries(), more));
      render(w('imported', { n: more.length }));
    });
    $('history-body').replaceChildren(
      el('label', { class: 'history-on' }, on, ' ', w('opt_in')),
      el('p', { text: list.length ? w('kept', { n: list.length }) : w('none') }),
      list.length ? el('ul', { class: 'history-list', 'data-testid': 'history-list' }, list.map((e) => el('li', {
        text: (e.period.provider ? e.period.provider + ' · ' : '') + (e.period.period ? e.period.period.start + ' – ' + e.period.period.end : '—') +
          ' · ' + w('result', { total: e.total, stars: e.stars }) }))) : null,
      el('div', { class: 'actions' },
        list.length ? button('show', showTrends, 'history-show') : null,
        list.length ? button('export', exportFile, 'history-export') : null,
        el('label', { class: 'button secondary small', for: fileId, text: w('import') }), file,
        list.length ? button('delete', remove, 'history-delete') : null),
      el('p', { class: 'status', role: 'status', 'data-testid': 'history-status', text: status || '' }));
  }

  async function showTrends() {
    const list = entries();
    if (list.length < 2) return render(w('need_two'));
    if (!ns.trends) await app.loadScript('trends');
    await ns.trends.renderTrends(list.map((e) => JSON.stringify(e.period)));
    $('trends').scrollIntoView();
  }

  function exportFile() {
    app.download('starsheet-history.json', JSON.stringify({ format: FORMAT, periods: entries() }, null, 2) + '\n');
  }

  function remove() {
    localStorage.removeItem(STORE);
    localStorage.setItem(ON, '0');
    render(w('deleted'));
  }

  ns.history = { keep, render };
})(window.Starsheet);
