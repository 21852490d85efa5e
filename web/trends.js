// Trends over several periods (several period files chosen at once): a table, the total with
// the star thresholds, and each category as a share of its maximum. Not part of the first load:
// input.js loads this file the first time several periods are chosen. Everything is inserted as text.
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  const $ = (id) => document.getElementById(id);
  const app = () => ns.app;
  const fmt = (v) => (v === null || v === undefined ? '—' : Number(Number(v).toFixed(2)).toString());

  async function renderTrends(texts) {
    const { el, t, state } = app();
    const reports = [];
    for (const text of texts) {
      const r = await state.engine.score(text, state.lang, 'json');
      if (r.ok) reports.push(JSON.parse(r.output));
    }
    reports.sort((a, b) => ((a.period && a.period.start) || '').localeCompare((b.period && b.period.start) || ''));
    const section = $('trends');
    section.hidden = reports.length < 2;
    if (reports.length < 2) return;
    const name = (r) => (r.period ? r.period.start + '–' + r.period.end.slice(5) : r.provider);
    $('trends-table').tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col', text: t('trend_period') }),
      el('th', { scope: 'col', text: t('trend_total') }), reports[0].categories.map((c) => el('th', { scope: 'col', text: c.label }))));
    $('trends-table').tBodies[0].replaceChildren(...reports.map((r) => el('tr', {}, el('th', { scope: 'row', text: name(r) }),
      el('td', { class: 'num', text: fmt(r.total) + ' (' + r.stars + '★)' }), r.categories.map((c) => el('td', { class: 'num', text: fmt(c.score) + '/' + fmt(c.max) })))));
    $('trends-chart').replaceChildren(totalChart(reports, name));
    $('trends-categories-chart').replaceChildren(categoryChart(reports, name));
    renderIndicators(reports, name);
  }

  // Every indicator over the periods, as `starsheet compare` gives it: the value and points, and
  // a mark where the points changed, i.e. a tier bound was crossed.
  function renderIndicators(reports, name) {
    const { el, t } = app();
    let box = $('trends-indicators');
    if (!box) {
      box = el('div', { class: 'table-wrap', tabindex: '0' }, el('table', { id: 'trends-indicators', class: 'trends-table' }, el('thead'), el('tbody')));
      $('trends').append(el('h3', { id: 'trends-indicators-heading' }), box);
      box = $('trends-indicators');
    }
    $('trends-indicators-heading').textContent = t('trend_indicators');
    box.tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col', text: t('col_indicator') }),
      reports.map((r) => el('th', { scope: 'col', text: name(r) }))));
    box.tBodies[0].replaceChildren(...reports[0].indicators.map((ind, i) => el('tr', {}, el('th', { scope: 'row', text: ind.label }),
      reports.map((r, k) => {
        const now = r.indicators[i], before = k ? reports[k - 1].indicators[i] : null;
        const moved = before && now.points !== before.points ? (now.points > before.points ? ' ▲' : ' ▼') : '';
        return el('td', { class: 'num' + (moved ? ' crossed' : ''), 'data-crossed': moved ? moved.trim() : null,
          text: (now.display.value || '—') + ' · ' + fmt(now.points) + moved });
      }))));
  }

  // Drawn at the width it has on screen, so that its 11 px text stays 11 px on a phone.
  const width = () => Math.min(720, $('trends-chart').clientWidth || 640);
  // A period's name under its point, unless the points are too close for every name (then the ends).
  const named = (i, n, step) => step > 120 || i === 0 || i === n - 1;

  function svgCanvas(w, h, label) {
    const svgNS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('width', w);
    svg.setAttribute('height', h);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(svgNS, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text !== undefined) n.textContent = text;
      svg.append(n);
      return n;
    };
    return { svg, add };
  }

  // The total (0–100) over the periods, with the star thresholds as dashed lines.
  function totalChart(reports, name) {
    const { t, state } = app();
    const w = width(), h = 220, pad = 36, padX = 64;  // room for the period labels under the end points
    const { svg, add } = svgCanvas(w, h, t('trends_heading'));
    const x = (i) => padX + (i * (w - 2 * padX)) / Math.max(1, reports.length - 1);
    const y = (v) => h - pad - (v / 100) * (h - 2 * pad);
    for (const s of state.rules.stars.filter((s) => s.min > 0)) {
      add('line', { x1: padX, x2: w - padX, y1: y(s.min), y2: y(s.min), class: 'trend-threshold' });
      add('text', { x: w - padX + 4, y: y(s.min) + 4, class: 'trend-label' }, s.stars + '★');
    }
    add('polyline', { points: reports.map((r, i) => `${x(i)},${y(r.total)}`).join(' '), class: 'trend-line' });
    reports.forEach((r, i) => {
      add('circle', { cx: x(i), cy: y(r.total), r: 4, class: 'trend-point' });
      // The last value stands left of its point, clear of the star labels on the right.
      const last = i === reports.length - 1;
      add('text', { x: x(i) - (last ? 8 : 0), y: y(r.total) - 8, 'text-anchor': last ? 'end' : 'middle', class: 'trend-label' }, fmt(r.total));
      if (named(i, reports.length, x(1) - x(0))) add('text', { x: x(i), y: h - pad + 16, 'text-anchor': 'middle', class: 'trend-label' }, name(r));
    });
    return svg;
  }

  // Each category as a share of its maximum (so that a 7-point and a 25-point category can be
  // read on one axis), one line per category, with a legend; each point's title gives the points.
  function categoryChart(reports, name) {
    const { t } = app();
    const cats = reports[0].categories;
    const w = width(), cols = w < 560 ? 1 : 2, legendRows = Math.ceil(cats.length / cols), pad = 36, padX = 64, plotH = 200;
    const h = plotH + 28 + legendRows * 18;
    const { svg, add } = svgCanvas(w, h, t('trend_categories'));
    const x = (i) => padX + (i * (w - 2 * padX)) / Math.max(1, reports.length - 1);
    const y = (share) => plotH - pad - share * (plotH - 2 * pad);
    for (const share of [0, 0.5, 1]) {
      add('line', { x1: padX, x2: w - padX, y1: y(share), y2: y(share), class: 'trend-threshold' });
      add('text', { x: padX - 20, y: y(share) + 4, 'text-anchor': 'end', class: 'trend-label' }, Math.round(share * 100) + '%');
    }
    reports.forEach((r, i) => named(i, reports.length, x(1) - x(0)) && add('text', { x: x(i), y: plotH - pad + 16, 'text-anchor': 'middle', class: 'trend-label' }, name(r)));
    cats.forEach((cat, k) => {
      const points = reports.map((r, i) => {
        const c = r.categories.find((rc) => rc.id === cat.id) || { score: 0, max: cat.max };
        return { i, share: c.max ? c.score / c.max : 0, c };
      });
      const series = 'trend-cat trend-cat-' + (k % 8);
      add('polyline', { points: points.map((p) => `${x(p.i)},${y(p.share)}`).join(' '), class: series, 'data-category': cat.id });
      for (const p of points) {
        const dot = add('circle', { cx: x(p.i), cy: y(p.share), r: 3, class: series + ' trend-cat-point' });
        const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.textContent = `${cat.label} · ${name(reports[p.i])}: ${fmt(p.c.score)}/${fmt(p.c.max)}`;
        dot.append(title);
      }
      const lx = padX + (k % cols) * ((w - 2 * padX) / 2), ly = plotH + 14 + Math.floor(k / cols) * 18;
      add('line', { x1: lx, x2: lx + 18, y1: ly - 4, y2: ly - 4, class: series });
      add('text', { x: lx + 24, y: ly, class: 'trend-label' }, cat.label);
    });
    return svg;
  }

  ns.trends = { renderTrends };
})(window.Starsheet);
