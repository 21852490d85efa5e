// The drill-down in points: the report's `drilldown` (each rate from records split by each
// column of the file) as one sortable table with bars; `drilldown_top` (the segments whose fix
// gains most) is listed with the advice by result.js and opens its table here. Every number and
// text comes finished from the core; this only draws and sorts. Loaded when a report first has
// a drill-down (not part of the first load): its words and its markup come with it.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, t, el, formatCount, formatNumber } = app;

  const WORDS = {
    zh: {
      drill_heading: '失分在哪里',
      drill_hint: '记录文件中每一列（渠道、目的地、仓库、发货星期……）拆分未达标的订单；“全部改正”是该分组的未达标全部变为达标时总分增加的分数，由评分引擎精确重算。时效类指标（异常处理、首次回复、运输时效）以超过满分时限的单数计，“全部改正”即这些单都在时限内完成；运输时效的满分时限是各运输方式的行业平均时效乘以满分档比值，行业比是该分组运输天数与行业平均之比的平均。',
      drill_indicator: '指标',
      drill_by: '拆分依据',
      drill_col_segment: '分组',
      drill_col_failures: '未达标 / 单数',
      drill_col_share: '占全部未达标',
      drill_col_rate: '达标率',
      drill_col_failures_mean: '超时 / 单数',
      drill_col_share_mean: '占全部超时',
      drill_col_average: '平均',
      drill_col_ratio: '行业比',
      drill_col_gain: '全部改正',
      drill_col_next: '达到下一档',
      drill_sort: '按此列排序',
      drill_parcels: '看包裹',
      drill_parcels_of: '看包裹：“{value}”的未达标包裹',
    },
    en: {
      drill_heading: 'Where the points are lost',
      drill_hint: 'The failing orders split by every column of the record file (channel, destination, warehouse, weekday shipped, …); “all fixed” is what the total gains if every failure in the segment succeeded, re-scored exactly by the engine. For the times (exception handling, first reply, transit) the failures are the cases over the full-points limit, and “all fixed” brings each of them within it; a transit’s limit is its mode’s industry average times the top tier’s ratio, and a segment’s ratio is the mean of its transits over their industry averages.',
      drill_indicator: 'Indicator',
      drill_by: 'Split by',
      drill_col_segment: 'Segment',
      drill_col_failures: 'Failed / orders',
      drill_col_share: 'Share of failures',
      drill_col_rate: 'Rate',
      drill_col_failures_mean: 'Over the limit / cases',
      drill_col_share_mean: 'Share over the limit',
      drill_col_average: 'Average',
      drill_col_ratio: 'Ratio to industry',
      drill_col_gain: 'All fixed',
      drill_col_next: 'To the next tier',
      drill_sort: 'Sort by this column',
      drill_parcels: 'parcels',
      drill_parcels_of: 'Show the failing parcels of “{value}”',
    },
  };
  const w = (key) => (WORDS[state.lang] || WORDS.en)[key];

  // Its style rules come with it too (CSSOM: the page's CSP allows it, and the first load stays small).
  const STYLE = [
    '.drill-controls { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; margin: .5rem 0; }',
    '.drill-controls label { display: flex; gap: .4em; align-items: baseline; }',
    '.drill-controls select { max-width: 20rem; }',
    '.drill-table th button.sort { border: 0; background: none; padding: 0; font: inherit; color: inherit; cursor: pointer; text-align: inherit; }',
    '.drill-table th[aria-sort="ascending"] button.sort::after { content: " ▲"; }',
    '.drill-table th[aria-sort="descending"] button.sort::after { content: " ▼"; }',
    '.drill-table tbody th { font-weight: 600; overflow-wrap: anywhere; }',
    '.drill-table tr.other th { font-weight: normal; font-style: italic; }',
    '.drill-table td.up { color: var(--good); font-weight: 700; }',
    '.drill-table button.parcels-link { margin-left: .5em; font-size: .85em; padding: .1em .45em; }',
    '@media (max-width: 480px) { ' +
      '.drill-table, .drill-table :is(tbody, tr, th, td) { display: block; } ' +
      '.drill-table thead { display: flex; flex-wrap: wrap; gap: .2rem .8rem; } ' +
      '.drill-table thead tr { display: contents; } ' +
      '.drill-table thead th { border: 0; padding: 0; } ' +
      '.drill-table tbody tr { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .3rem .6rem; } ' +
      '.drill-table tbody th, .drill-table td { border: 0; padding: .15rem 0; text-align: left; } ' +
      // The label is the card row's first grid column: a long one wraps within its row.
      '.drill-table td { display: grid; grid-template-columns: 9em minmax(0, 1fr); gap: .5em; white-space: normal; } ' +
      '.drill-table td::before { content: attr(data-label); color: var(--muted); font-weight: normal; } ' +
      '.drill-table td.empty { display: none; } ' +
      '.drill-table .bar { min-width: 0; } ' +
      '}',
  ];

  // The section's parts, made once (index.html has only the empty section).
  function build() {
    const box = $('drilldown');
    if ($('drill-table')) return;
    const sheet = document.styleSheets[0];
    for (const rule of STYLE) sheet.insertRule(rule, sheet.cssRules.length);
    box.append(
      el('h3', { id: 'drill-heading' }),
      el('p', { id: 'drill-hint', class: 'hint' }),
      el('div', { class: 'drill-controls no-print' },
        el('label', {}, el('span', { id: 'drill-indicator-label' }), el('select', { id: 'drill-indicator', 'data-testid': 'drill-indicator' })),
        el('label', {}, el('span', { id: 'drill-by-label' }), el('select', { id: 'drill-by', 'data-testid': 'drill-by' }))),
      el('p', { id: 'drill-limits', 'data-testid': 'drill-limits', class: 'hint', hidden: true }),
      el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'drill-table', 'data-testid': 'drill-table', class: 'drill-table' },
        el('thead'), el('tbody'))));
  }

  // What the user picked survives a re-score or a language switch while it still exists.
  const pick = { indicator: null, by: null, sort: 'failures', desc: true };
  // A rate's table, an average's (exception hours, first reply) or the transit's: the failures
  // of the last two are the cases over the full-points limit, and they show the segment's
  // average, or its ratio to the industry averages, where a rate shows the rate.
  const MEASURED = { rate: ['rate', 'drill_col_rate'], average: ['average', 'drill_col_average'], ratio: ['ratio', 'drill_col_ratio'] };
  const columnsOf = (split) => {
    const timed = split.measure !== 'rate';
    const [key, head] = MEASURED[split.measure] || MEASURED.rate;
    return [
      { key: 'label', head: 'drill_col_segment' },
      { key: 'failures', head: timed ? 'drill_col_failures_mean' : 'drill_col_failures', num: true },
      { key: 'share_of_failures', head: timed ? 'drill_col_share_mean' : 'drill_col_share', num: true },
      { key, head, num: true },
      { key: 'gain_if_fixed', head: 'drill_col_gain', num: true },
      { key: 'next', head: 'drill_col_next' },
    ];
  };

  function render(rep) {
    const splits = rep.drilldown || [];
    const box = $('drilldown');
    box.hidden = !splits.length;
    if (!splits.length) return;
    build();
    $('drill-heading').textContent = w('drill_heading');
    $('drill-hint').textContent = w('drill_hint');
    $('drill-indicator-label').textContent = w('drill_indicator');
    $('drill-by-label').textContent = w('drill_by');

    const labels = Object.fromEntries(rep.indicators.map((i) => [i.id, i.label]));
    const indicators = [...new Set(splits.map((s) => s.indicator))];
    if (!indicators.includes(pick.indicator)) {
      // First the indicator of the best fix, else the first with a split.
      const top = (rep.drilldown_top || [])[0];
      pick.indicator = top ? top.indicator : indicators[0];
      pick.by = top ? top.derived || top.by : null;
    }
    fill($('drill-indicator'), indicators.map((id) => [id, labels[id] || id]), pick.indicator);
    const ofIndicator = splits.filter((s) => s.indicator === pick.indicator);
    // A derived column (weekday) is named in the report's language: keep it across a switch by its key.
    const keyOf = (s) => s.derived || s.by;
    if (!ofIndicator.some((s) => keyOf(s) === pick.by)) {
      // The column whose best segment's fix gains most (the file's order on a tie).
      const best = (s) => Math.max(0, ...s.segments.filter((g) => g.value !== null).map((g) => g.gain_if_fixed));
      pick.by = keyOf(ofIndicator.reduce((a, b) => (best(b) > best(a) ? b : a)));
    }
    fill($('drill-by'), ofIndicator.map((s) => [keyOf(s), s.by]), pick.by);
    $('drill-indicator').onchange = () => { pick.indicator = $('drill-indicator').value; pick.by = null; render(rep); };
    $('drill-by').onchange = () => { pick.by = $('drill-by').value; render(rep); };
    drawTable(ofIndicator.find((s) => keyOf(s) === pick.by), rep);
  }

  function fill(select, options, value) {
    select.replaceChildren(...options.map(([v, text]) => el('option', { value: v, text })));
    select.value = value;
  }

  function sortValue(seg, key) {
    if (key === 'label') return seg.label;
    if (key === 'next') return seg.next_tier ? seg.next_tier.gain : -1;
    return seg[key];
  }

  function drawTable(split, rep) {
    const table = $('drill-table');
    const columns = columnsOf(split);
    // The sort survives a switch between a rate's, an average's and the transit's table by its column's place.
    if (!columns.some((c) => c.key === pick.sort)) pick.sort = columns[3].key;
    // The transit's limits differ by mode: said under the table's controls.
    $('drill-limits').textContent = split.limits_text || '';
    $('drill-limits').hidden = !split.limits_text;
    const head = el('tr', {}, ...columns.map((c) => {
      const sorted = pick.sort === c.key;
      const button = el('button', { type: 'button', class: 'sort', title: w('drill_sort'), text: w(c.head) });
      button.addEventListener('click', () => {
        pick.desc = sorted ? !pick.desc : c.key !== 'label';
        pick.sort = c.key;
        drawTable(split, rep);
      });
      return el('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': sorted ? (pick.desc ? 'descending' : 'ascending') : 'none' }, button);
    }));
    table.tHead.replaceChildren(head);
    // "Other values" stays last whatever the order: it is not one segment.
    const listed = split.segments.filter((s) => s.value !== null);
    const other = split.segments.filter((s) => s.value === null);
    const dir = pick.desc ? -1 : 1;
    listed.sort((a, b) => {
      const x = sortValue(a, pick.sort), y = sortValue(b, pick.sort);
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return c ? dir * c : b.failures - a.failures;
    });
    // Each segment opens its failing parcels (parcels.js) in the list below.
    const parcelsLink = (s) => {
      if (s.value === null || !state.engine.imported.size) return '';
      const b = el('button', { type: 'button', class: 'parcels-link no-print', 'data-testid': 'drill-parcels',
        text: w('drill_parcels'), 'aria-label': w('drill_parcels_of').replace('{value}', s.label) });
      b.addEventListener('click', async () => {
        if (!ns.parcels) await app.loadScript('parcels');
        ns.parcels.showSegment(split.derived || split.by, s.value);
      });
      return b;
    };
    const rows = [...listed, ...other].map((s) => el('tr', { class: s.value === null ? 'other' : null },
      el('th', { scope: 'row' }, el('span', { class: 'segment', text: s.label }), parcelsLink(s)),
      el('td', { class: 'num', text: formatCount(s.failures) + ' / ' + formatCount(s.events) }),
      el('td', {}, el('div', { class: 'bar', role: 'img', 'aria-label': formatNumber(100 * s.share_of_failures, 1) + '%' },
        el('div', { class: 'bar-fill', 'data-pct': 100 * s.share_of_failures }),
        el('span', { class: 'bar-text', text: formatNumber(100 * s.share_of_failures, 1) + '%' }))),
      el('td', { class: 'num', text: s.rate_text }),
      el('td', { class: 'num' + (s.gain_if_fixed > 0 ? ' up' : ''), text: s.gain_if_fixed > 0 ? t('gain', { gain: formatNumber(s.gain_if_fixed) }) : '—' }),
      el('td', { class: s.next_tier ? null : 'empty', text: s.next_tier ? s.next_tier.text : '—' })));
    table.tBodies[0].replaceChildren(...rows);
    // Inline styles are barred by the CSP; widths go through CSSOM, which the policy allows.
    for (const fill of table.querySelectorAll('.bar-fill')) fill.style.width = fill.dataset.pct + '%';
    // Each cell names its column, shown on a phone where the rows are cards.
    const heads = columns.map((c) => w(c.head));
    for (const r of rows) [...r.cells].forEach((c, i) => { c.dataset.label = heads[i]; });
    table.dataset.rows = String(rows.length);
    table.setAttribute('aria-label', w('drill_heading') + ': ' + split.by);
  }

  // From the advice: one segment's table, in view.
  function show(indicator, key) {
    pick.indicator = indicator;
    pick.by = key;
    render(state.report);
    $('drilldown').scrollIntoView({ block: 'start' });
    $('drill-table').closest('.table-wrap').focus({ preventScroll: true });
  }

  ns.drilldown = { render, show };
})(window.Starsheet);
