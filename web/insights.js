// The parts of the report that go beyond the Appendix A table: exact plans to the next star,
// practical measures with their sources, reference checks, service-recovery exposure, the
// uncertainty of each rate, and trends over several periods. Texts come from the report (the
// rule pack) and the page's catalogue; everything is inserted as text.
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  const $ = (id) => document.getElementById(id);
  const app = () => ns.app;
  const fmt = (v) => (v === null || v === undefined ? '—' : Number(Number(v).toFixed(2)).toString());

  function plan(p, key) {
    const { el, t } = app();
    if (!p) return null;
    if (!p.reachable) return el('p', { class: 'warning', text: t('plan_unreachable', { stars: p.stars }) });
    const head = t(key, { stars: p.stars, needed: fmt(p.needed), gain: fmt(p.gain), total: fmt(p.total_after), effort: fmt(p.effort) });
    const steps = (s) => el('ol', { class: 'plan-steps' }, s.steps.map((x) => el('li', { text: x.text })));
    const alts = (p.alternatives || []).map((a) => el('div', { class: 'alternative' },
      el('p', { text: t(key, { stars: p.stars, needed: fmt(p.needed), gain: fmt(a.gain), total: fmt(a.total_after), effort: fmt(a.effort) }) }), steps(a)));
    return el('div', { class: 'plan' }, el('p', { class: 'plan-head', text: head }), steps(p),
      alts.length ? el('details', {}, el('summary', { text: t('alternatives') }), alts) : null);
  }

  function renderPlans(rep) {
    const { t } = app();
    const body = $('plans-body');
    const parts = [];
    if (!rep.plans || (!rep.plans.next_star && !rep.plans.five_stars)) parts.push(app().el('p', { text: t('plan_top') }));
    if (rep.plans && rep.plans.next_star) parts.push(plan(rep.plans.next_star, 'plan_next'));
    if (rep.plans && rep.plans.five_stars && rep.plans.five_stars.stars !== (rep.plans.next_star || {}).stars) parts.push(plan(rep.plans.five_stars, 'plan_five'));
    body.replaceChildren(...parts.filter(Boolean));
  }

  function renderPractices(rep) {
    const { el } = app();
    const labels = new Map(rep.indicators.map((i) => [i.id, i.label]));
    $('practices-body').replaceChildren(...(rep.practices || []).map((p) => el('li', { class: p.in_plan ? 'in-plan' : '' },
      el('span', { text: p.text }), ' ',
      el('span', { class: 'cite', text: '[' + p.source.cite + ']' }),
      el('div', { class: 'moves', text: '→ ' + (p.indicators || []).map((i) => labels.get(i) || i).join(', ') }))));
  }

  function renderReference(rep) {
    const { el } = app();
    const mark = { met: '✓', not_met: '✗', not_measured: '○' };
    $('reference-body').replaceChildren(...(rep.reference_checks || []).map((c) =>
      el('li', { class: 'ref-' + c.status }, el('span', { class: 'ref-mark', 'aria-hidden': 'true', text: mark[c.status] || '' }), ' ', c.text,
        c.note ? el('div', { class: 'note', text: c.note }) : null)));
  }

  // The labels of the parts with no amount yet (their text is "label: N parcels").
  const unpriced = (r) => r.parts.filter((p) => !p.priced).map((p) => p.text.split(/[:：]/)[0]).join(', ');

  function renderRecovery(rep) {
    const { el, t } = app();
    const r = rep.recovery;
    const body = $('recovery-body');
    if (!r || !r.measured) {
      body.replaceChildren(el('p', { class: 'hint', text: t('recovery_not_measured') + (r ? ' [' + r.source.cite + ']' : '') }));
      return;
    }
    // Unpriced parts need an average freight: a button takes the user to that field of the form.
    const freightField = document.getElementById('m_measures_recovery_average_freight');
    const needsFreight = r.parts.some((p) => !p.priced) && freightField;
    const toFreight = needsFreight ? el('button', { type: 'button', class: 'button secondary', id: 'recovery-enter-freight', text: t('recovery_enter_freight') }) : null;
    if (toFreight) toFreight.addEventListener('click', () => {
      const form = $('measures');
      if (form) form.hidden = false;
      const group = freightField.closest('details');
      if (group) group.open = true;
      freightField.scrollIntoView({ block: 'center' });
      freightField.focus();
    });
    body.replaceChildren(
      el('ul', {}, r.parts.map((p) => el('li', { text: p.text }))),
      toFreight,
      r.total_low !== null ? el('p', { class: 'recovery-total', text: t('recovery_total', {
        low: fmt(r.total_low), high: fmt(r.total_high), removed_low: fmt(r.removed_by_next_star_plan_low), removed_high: fmt(r.removed_by_next_star_plan_high),
      }) + (r.priced ? '' : ' ' + t('recovery_partial', { parts: unpriced(r) })) + ' [' + r.source.cite + ']' }) : null);
  }

  // Adds each rate's interval, and a visible warning where the tier is not certain, to the
  // indicator table that app.js drew.
  function renderUncertainty(rep) {
    const { el, t } = app();
    if (!rep.uncertainty) return;
    const rows = [...document.querySelectorAll('#indicators tbody tr:not(.cat-row)')];
    const byId = new Map(rep.uncertainty.rates.map((r) => [r.indicator, r]));
    rep.indicators.forEach((ind, i) => {
      const u = byId.get(ind.id);
      const cell = rows[i] && rows[i].cells[1];
      if (!u || !cell) return;
      cell.append(el('div', { class: 'interval', text: t('interval', { low: fmt(u.low), high: fmt(u.high) }) }));
      if (!u.tier_certain) cell.append(el('div', { class: 'uncertain', text: '⚠ ' + t('tier_uncertain') }));
      if (u.small_sample) cell.append(el('div', { class: 'uncertain', text: '⚠ ' + t('small_sample') }));
    });
  }

  function render(rep) {
    renderPlans(rep);
    renderPractices(rep);
    renderReference(rep);
    renderRecovery(rep);
    renderUncertainty(rep);
  }

  // ---- trends: several period files at once ------------------------------------------------------
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
  }

  function svgCanvas(w, h, label) {
    const svgNS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
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
    const w = 640, h = 220, pad = 36, padX = 64;  // room for the period labels under the end points
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
      add('text', { x: x(i), y: y(r.total) - 8, 'text-anchor': 'middle', class: 'trend-label' }, fmt(r.total));
      add('text', { x: x(i), y: h - pad + 16, 'text-anchor': 'middle', class: 'trend-label' }, name(r));
    });
    return svg;
  }

  // Each category as a share of its maximum (so that a 7-point and a 25-point category can be
  // read on one axis), one line per category, with a legend; each point's title gives the points.
  function categoryChart(reports, name) {
    const { t } = app();
    const cats = reports[0].categories;
    const w = 640, legendRows = Math.ceil(cats.length / 2), pad = 36, padX = 64, plotH = 200;
    const h = plotH + 28 + legendRows * 18;
    const { svg, add } = svgCanvas(w, h, t('trend_categories'));
    const x = (i) => padX + (i * (w - 2 * padX)) / Math.max(1, reports.length - 1);
    const y = (share) => plotH - pad - share * (plotH - 2 * pad);
    for (const share of [0, 0.5, 1]) {
      add('line', { x1: padX, x2: w - padX, y1: y(share), y2: y(share), class: 'trend-threshold' });
      add('text', { x: padX - 20, y: y(share) + 4, 'text-anchor': 'end', class: 'trend-label' }, Math.round(share * 100) + '%');
    }
    reports.forEach((r, i) => add('text', { x: x(i), y: plotH - pad + 16, 'text-anchor': 'middle', class: 'trend-label' }, name(r)));
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
      const lx = padX + (k % 2) * ((w - 2 * padX) / 2), ly = plotH + 14 + Math.floor(k / 2) * 18;
      add('line', { x1: lx, x2: lx + 18, y1: ly - 4, y2: ly - 4, class: series });
      add('text', { x: lx + 24, y: ly, class: 'trend-label' }, cat.label);
    });
    return svg;
  }

  ns.insights = { render, renderTrends };
})(window.Starsheet);
