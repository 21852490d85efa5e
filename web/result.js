// Scoring the page's period in the engine (wasm worker) and drawing the finished report model:
// headline, categories, radar, advice, indicators. Texts and numbers come formatted from the core.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, t, el, label, formatNumber, showError } = app;

  const ADVICE_SHOWN = 5;  // advice items shown before 'more' (at least the plan's steps)
  // The width at which the indicator table becomes cards (style.css); crossing it redraws.
  const PHONE = matchMedia('(max-width: 480px)');
  PHONE.addEventListener('change', () => { if (state.report) renderReport(); });

  // ---- scoring -----------------------------------------------------------------------------------
  let scoreTimer = null;
  function scheduleScore() {
    clearTimeout(scoreTimer);
    scoreTimer = setTimeout(() => scoreCurrent(), 120);
  }

  async function scoreCurrent() {
    if (!state.period) return;
    const seq = ++state.scoreSeq;
    const r = await state.engine.score(JSON.stringify(app.scoredPeriod()), state.lang, 'json');
    if (seq !== state.scoreSeq) return;  // a newer edit is already being scored
    if (!r.ok) {
      showError(r.details || r.error);
      // Beside the form's own field: the sentence without the field's name.
      const d = r.details && r.details[state.lang];
      app.markField(d ? d.pointer : '', d ? d.text : r.error);
      return;
    }
    if (!state.pasteFailed) showError('');  // a refused paste or table stays said until the next is read
    app.markField('', '');
    state.report = JSON.parse(r.output);
    renderReport();
    app.showDerivedMeasures();
    app.updateFragment();
    keepInHistory();
  }
  // A period text replaces the page's period; `carried` the measures a link brought with it.
  // With draw false the period is checked and kept but not drawn: record files chosen with it
  // are about to be imported, and the result shown is the one with them (drawing this one first
  // held up the start of a 100 MB import by 0.25 s).
  async function scoreText(text, carried, { draw = true } = {}) {
    let parsed = null;
    try { parsed = JSON.parse(text); } catch (e) { /* the engine gives the precise message */ }
    state.carried = carried || null;
    const r = await state.engine.score(carried ? JSON.stringify(app.scoredPeriod(parsed)) : text, state.lang, 'json');
    state.pasteFailed = !r.ok;
    if (!r.ok) {
      showError(r.details || r.error);
      return false;
    }
    state.period = parsed;
    showError('');
    app.buildMeasuresForm();
    if (!draw) return true;
    state.report = JSON.parse(r.output);
    renderReport();
    app.showDerivedMeasures();
    app.updateFragment();
    keepInHistory();
    return true;
  }

  // ---- rendering the report -----------------------------------------------------------------------
  function renderReport() {
    const rep = state.report;
    $('result').hidden = false;
    $('measures').hidden = false;
    const maxStars = Math.max(...state.rules.stars.map((s) => s.stars));
    $('stars').textContent = '★'.repeat(rep.stars) + '☆'.repeat(maxStars - rep.stars) + ' ' + rep.stars + t(rep.stars === 1 ? 'star_suffix_one' : 'stars_suffix');
    $('stars').setAttribute('aria-label', rep.stars + t(rep.stars === 1 ? 'star_suffix_one' : 'stars_suffix'));
    $('star-label').textContent = rep.star_level.label;
    $('total').textContent = t('total_prefix') + formatNumber(rep.total) + ' / ' + formatNumber(rep.max);
    $('next-star').textContent = rep.next_star ? rep.next_star.text : t('next_star_none');
    // Next period's chances, drawn in the core from this period's counts (its basis as a tooltip).
    const outlook = rep.outlook;
    $('outlook').hidden = !outlook;
    $('outlook').replaceChildren(...(outlook ? [outlook.next_period.keep_text,
      ...(outlook.after_plan ? [el('br'), outlook.after_plan.reach_text] : [])] : []));
    $('outlook').title = outlook ? outlook.basis : '';
    // Coverage and the what-if banner come finished from the report: the page only shows them.
    $('coverage').textContent = rep.coverage.text;
    $('coverage').classList.toggle('provisional', rep.coverage.provisional);
    // A what-if result is never shown alone: the actual result first, then every assumed value.
    $('what-if-banner').hidden = !rep.what_if_banner;
    $('what-if-text').textContent = rep.what_if_banner || '';
    $('what-if-actual').textContent = rep.actual ? rep.actual.text : '';
    $('what-if-list').replaceChildren(...rep.indicators.filter((i) => i.what_if)
      .map((i) => el('li', { text: t('what_if_item', { label: i.label, value: i.display.value }) })));
    $('star-description').textContent = rep.star_level.description;
    $('star-suggestion').textContent = rep.star_level.suggestion;

    const cats = $('categories').tBodies[0];
    cats.replaceChildren(...rep.categories.map((c) => {
      const pct = c.max ? Math.round((100 * c.score) / c.max) : 0;
      return el('tr', {},
        el('th', { scope: 'row', text: c.label }),
        el('td', { class: 'num', text: formatNumber(c.score) + ' / ' + formatNumber(c.max) }),
        el('td', {}, el('div', { class: 'bar', role: 'img', 'aria-label': pct + '%' },
          el('div', { class: 'bar-fill', style: null, 'data-pct': pct }), el('span', { class: 'bar-text', text: pct + '%' }))),
        el('td', {}, el('span', { class: 'band', text: '[' + c.band + '] ' }), c.verdict));
    }));
    // Inline styles are barred by the CSP; widths go through CSSOM, which the policy allows.
    for (const fill of cats.querySelectorAll('.bar-fill')) fill.style.width = fill.dataset.pct + '%';

    // The plan's steps and the best few others stay in view; the rest are one click away (on a
    // phone 31 items with their practices were seven screens).
    const item = (a) => el('li', {},
      el('span', { class: 'gain', text: t('gain', { gain: formatNumber(a.gain) }) }), ' ',
      el('span', { class: 'advice-text', text: a.text }),
      el('div', { class: 'practice', text: a.practice }));
    const shown = Math.max(ADVICE_SHOWN, rep.advice.filter((a) => a.in_plan).length);
    $('advice').replaceChildren(...rep.advice.slice(0, shown).map(item));
    const rest = rep.advice.slice(shown);
    $('advice-more').hidden = !rest.length;
    $('advice-more-summary').textContent = t('advice_more', { n: rest.length });
    $('advice-rest').start = shown + 1;
    $('advice-rest').replaceChildren(...rest.map(item));

    // From record files: the segments whose fix pays most, as advice; each opens its table in
    // the drill-down below (drilldown.js, loaded with such a report).
    const top = rep.drilldown_top || [];
    $('drill-top').replaceChildren(...top.map((p) => {
      const show = el('button', { type: 'button', class: 'show-segment no-print', text: t('drill_top_show') });
      show.addEventListener('click', () => ns.drilldown && ns.drilldown.show(p.indicator, p.derived || p.by));
      return el('li', {},
        el('span', { class: 'gain', text: t('gain', { gain: formatNumber(p.gain_if_fixed) }) }), ' ',
        el('span', { class: 'advice-text', text: p.text }), ' ', show);
    }));
    $('drill-advice').hidden = !top.length;

    // On a phone each category's cards fold under its name; a category with nothing measured
    // starts folded (31 cards of "missing" were ten screens), the user's choice is kept.
    const phone = PHONE.matches;
    state.categoriesOpen = state.categoriesOpen || {};
    const rows = [];
    for (const c of rep.categories) {
      const open = !phone || (c.id in state.categoriesOpen ? state.categoriesOpen[c.id] : c.measured > 0);
      const heading = phone
        ? el('button', { type: 'button', class: 'cat-toggle', 'aria-expanded': String(open), 'data-category': c.id },
          c.label, el('span', { class: 'cat-count', text: t('category_measured', { measured: c.measured, of: c.of }) }))
        : c.label;
      rows.push(el('tr', { class: 'cat-row' }, el('th', { colspan: '6', scope: 'rowgroup' }, heading)));
      for (const ind of rep.indicators.filter((i) => i.category === c.id)) {
        // Value and tier texts come formatted from the core (never rounded into a tier here).
        const tier = ind.display.tier || '—';
        const value = ind.display.value;
        const sources = [...new Set(Object.entries(ind.sources || {}).map(([p, s]) => app.sourceOf(p, s)))].map((s) => t('source_' + s)).join(', ');
        const whatIf = el('input', {
          type: 'text', inputmode: 'decimal', class: 'what-if', id: 'what-if-' + ind.id,
          'aria-label': t('what_if_label') + ' ' + ind.label, placeholder: t('what_if_placeholder'),
          value: state.period && state.period.what_if && state.period.what_if[ind.id] !== undefined ? String(state.period.what_if[ind.id]) : '',
        });
        whatIf.addEventListener('change', () => app.onWhatIf(ind.id, whatIf.value.trim()));
        rows.push(el('tr', { class: 'status-' + ind.status + (open ? '' : ' folded'), 'data-category': c.id },
          el('th', { scope: 'row' }, el('span', { text: ind.label }), el('div', { class: 'formula', text: ind.formula }),
            ind.note ? el('div', { class: 'note', text: ind.note }) : null),
          el('td', { class: 'num' }, el('span', { text: value }), ind.what_if ? el('div', { class: 'what-if-tag', text: t('what_if_tag') }) : null, whatIf),
          el('td', { class: ind.display.tier ? null : 'empty', text: tier }),
          el('td', { class: 'num', text: formatNumber(ind.points) + ' / ' + formatNumber(ind.max) }),
          el('td', {}, el('span', { class: 'status-tag', text: t('status_' + ind.status) })),
          el('td', { class: sources ? null : 'empty', text: sources || '—' })));
      }
    }
    $('indicators').tBodies[0].replaceChildren(...rows);
    for (const button of $('indicators').querySelectorAll('.cat-toggle')) button.addEventListener('click', () => toggleCategory(button));
    // Each cell names its column, shown on a phone where the rows are cards.
    const heads = [...$('indicators').tHead.rows[0].cells].map((c) => c.textContent);
    for (const r of rows) [...r.cells].forEach((c, i) => { c.dataset.label = heads[i]; });
    $('readings').replaceChildren(...rep.readings.map((r) => el('li', { text: r.text })));
    const ignored = $('ignored');
    ignored.hidden = !rep.ignored.length;
    ignored.textContent = rep.ignored.length ? t('ignored') + rep.ignored.join(', ') : '';
    app.renderPrintForm(rep);
    app.renderProvenance();
    ns.insights.render(rep);
    renderQuality(rep);
    renderDrilldown(rep);
    renderParcels(rep);
    // Last: fitting the radar reads the layout, which is then laid out once with all of the
    // above (drawn before the rest, a 1M-row result was laid out twice, 0.05-0.08 s each).
    renderRadar(rep.categories);
    // The first result's parts below its first screen are laid out after that screen is shown
    // (style.css, .result-drawn): in the next frame's task, once this frame is painted.
    if (!document.body.classList.contains('result-drawn')) {
      requestAnimationFrame(() => setTimeout(() => document.body.classList.add('result-drawn')));
    }
  }
  // Data quality in points: its code loads with the first report that has a finding.
  async function renderQuality(rep) {
    if (!(rep.data_quality || []).length) {
      $('quality').hidden = true;
      return;
    }
    if (!ns.quality) await app.loadScript('quality');
    if (state.report === rep) ns.quality.render(rep);
  }
  // Once the user opted in, each scored result is kept on this machine (history.js, loaded then).
  function keepInHistory() {
    if (localStorage.getItem('starsheet.history.on') !== '1') return;
    (ns.history ? Promise.resolve() : app.loadScript('history')).then(() => ns.history.keep());
  }
  // The drill-down's code loads with the first report that has one (records imported).
  async function renderDrilldown(rep) {
    if (!(rep.drilldown || []).length) {
      $('drilldown').hidden = true;
      return;
    }
    if (!ns.drilldown) await app.loadScript('drilldown');
    if (state.report === rep) ns.drilldown.render(rep);
  }
  // The failing parcels' code loads with the first report that has imported records.
  async function renderParcels(rep) {
    if (!state.engine.imported.size) {
      $('parcels').hidden = true;
      return;
    }
    if (!ns.parcels) await app.loadScript('parcels');
    if (state.report === rep) await ns.parcels.render(rep);
  }
  function toggleCategory(button) {
    const id = button.dataset.category;
    const open = button.getAttribute('aria-expanded') !== 'true';
    state.categoriesOpen[id] = open;
    button.setAttribute('aria-expanded', String(open));
    for (const row of $('indicators').querySelectorAll(`tr[data-category="${id}"]:not(.cat-row)`)) row.classList.toggle('folded', !open);
  }

  // Drawn at its size on screen (12 px labels, two words on two lines), then fitted to what it drew.
  function renderRadar(categories) {
    const svgNS = 'http://www.w3.org/2000/svg';
    const c0 = 200, r = 72, n = categories.length;
    const svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('class', 'radar-svg');
    const point = (i, f) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return [c0 + Math.cos(angle) * r * f, c0 + Math.sin(angle) * r * f];
    };
    const add = (tag, attrs, text, parent = svg) => {
      const node = document.createElementNS(svgNS, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = text;
      parent.append(node);
      return node;
    };
    for (const f of [0.25, 0.5, 0.75, 1]) {
      add('polygon', { points: categories.map((_, i) => point(i, f).join(',')).join(' '), class: 'radar-grid' });
    }
    categories.forEach((c, i) => {
      const [x, y] = point(i, 1);
      add('line', { x1: c0, y1: c0, x2: x, y2: y, class: 'radar-axis' });
      const [lx, ly] = point(i, 1.17);
      const lines = c.label.length > 12 ? c.label.split(' ') : [c.label];
      // Lines above the top point, below the bottom one, centred beside the others.
      const mid = Math.abs(lx - c0) < 5, up = mid ? (ly < c0 ? lines.length - 1 : 0) : (lines.length - 1) / 2;
      const text = add('text', { y: ly - up * 14, class: 'radar-label', 'text-anchor': mid ? 'middle' : lx < c0 ? 'end' : 'start', 'dominant-baseline': 'middle' });
      lines.forEach((line, k) => add('tspan', { x: lx, dy: k && 14 }, line, text));
    });
    add('polygon', { points: categories.map((c, i) => point(i, c.max ? c.score / c.max : 0).join(',')).join(' '), class: 'radar-area' });
    $('radar').replaceChildren(svg);
    const b = svg.getBBox();
    svg.setAttribute('viewBox', `${b.x - 2} ${b.y - 2} ${b.width + 4} ${b.height + 4}`);
    svg.setAttribute('width', b.width + 4);
    svg.setAttribute('height', b.height + 4);
  }
  // After a score the user asked for (the button, the example, files), the keyboard goes on at the
  // result: its heading takes the focus and comes into view only if it is not in view already.
  // In the next frame, before it is laid out: where the heading is needs a layout, which the
  // frame then uses (read now, the page was laid out once for it and again for the frame).
  function toResult() {
    requestAnimationFrame(() => {
      const h = $('result-heading'), top = h.getBoundingClientRect().top;
      if ($('result').hidden || !$('input-error').hidden) return;
      h.focus({ preventScroll: true });
      if (top < 0 || top > innerHeight - 40) h.scrollIntoView();
    });
  }

  Object.assign(app, { scheduleScore, scoreCurrent, scoreText, renderReport, renderRadar, toResult });
})(window.Starsheet);
