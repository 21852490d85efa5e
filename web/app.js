// The page: input (paste, files), the measures form (what-if), the result, sharing and print.
// Scoring happens in the wasm engine; this file only moves text and renders the report. Every
// text taken from user data is inserted with textContent, never as HTML.
'use strict';
(function (ns) {
  const $ = (id) => document.getElementById(id);
  const state = {
    lang: 'zh',
    rules: null,       // the rule pack (labels, measures catalogue, categories)
    period: null,      // the current starsheet-period/1 object (the user's own measures)
    carried: null,     // measures a link brought, derived from files not here: {sources, values}
    report: null,      // the last report object
    engine: null,
    scoreSeq: 0,
  };

  // ---- small helpers -------------------------------------------------------------------------
  function t(key, values) {
    let s = (ns.messages[state.lang] && ns.messages[state.lang][key]) || ns.messages.en[key] || key;
    for (const [k, v] of Object.entries(values || {})) s = s.split('{' + k + '}').join(String(v));
    return s;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  function label(obj) { return obj ? obj[state.lang] || obj.en || '' : ''; }

  function pointerTokens(pointer) {
    return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }

  function getAt(obj, pointer) {
    let node = obj;
    for (const token of pointerTokens(pointer)) {
      if (node === null || typeof node !== 'object' || !(token in node)) return undefined;
      node = node[token];
    }
    return node;
  }

  function setAt(obj, pointer, value) {
    const tokens = pointerTokens(pointer);
    let node = obj;
    const path = [];
    for (const token of tokens.slice(0, -1)) {
      if (node[token] === null || typeof node[token] !== 'object' || Array.isArray(node[token])) node[token] = {};
      path.push([node, token]);
      node = node[token];
    }
    const last = tokens[tokens.length - 1];
    if (value === undefined) {
      delete node[last];
      // Drop objects left empty so the shared period stays minimal.
      for (let i = path.length - 1; i >= 0; i--) {
        const [parent, key] = path[i];
        if (Object.keys(parent[key]).length === 0 && pointerTokens(pointer).length > 2) delete parent[key];
        else break;
      }
    } else {
      node[last] = value;
    }
  }

  // Counts with the grouping of the page's language (12,480).
  function formatCount(n) {
    if (n === null || n === undefined) return '—';
    return new Intl.NumberFormat(state.lang === 'zh' ? 'zh-CN' : 'en-US').format(n);
  }

  function formatNumber(v, decimals) {
    if (v === null || v === undefined) return '—';
    const d = decimals === undefined ? 2 : decimals;
    return Number(v.toFixed(d)).toString();
  }




  function setStatus(id, text) { $(id).textContent = text || ''; }

  function showError(text) {
    const box = $('input-error');
    box.textContent = text || '';
    box.hidden = !text;
  }

  // ---- language --------------------------------------------------------------------------------
  function preferredLang() {
    const saved = localStorage.getItem('starsheet.lang');
    if (saved === 'zh' || saved === 'en') return saved;
    const langs = navigator.languages || [navigator.language || 'zh'];
    for (const l of langs) {
      if (/^zh/i.test(l)) return 'zh';
      if (/^en/i.test(l)) return 'en';
    }
    return 'zh';
  }

  function applyLang() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app_title');
    $('lang').value = state.lang;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    if (state.rules) buildMeasuresForm();
  }

  // ---- the measures form (what-if) ------------------------------------------------------------
  function measureRule(pointer) { return state.rules.measures.find((m) => m.pointer === pointer); }

  function formulaInputs(f) {
    const out = [];
    for (const k of ['numerator', 'denominator', 'before', 'after', 'total', 'count', 'measure']) if (f[k]) out.push(f[k]);
    for (const g of f.groups || []) out.push(g.count, g.total, g.benchmark);
    return out;
  }

  function measureField(m) {
    const id = 'm' + m.pointer.replace(/[^a-z0-9]/gi, '_');
    const current = state.period ? getAt(state.period, m.pointer) : undefined;
    const err = el('span', { class: 'field-error', id: id + '-err', 'aria-live': 'polite' });
    let control;
    if (m.type === 'set') {
      control = el('fieldset', { class: 'set', 'data-pointer': m.pointer, id },
        el('legend', { text: label(m.label) }),
        m.allowed.map((a) => {
          const box = el('input', { type: 'checkbox', value: a.id, checked: Array.isArray(current) && current.includes(a.id) });
          box.addEventListener('change', () => {
            const chosen = [...control.querySelectorAll('input:checked')].map((b) => b.value);
            onMeasureChanged(m.pointer, chosen);
          });
          return el('label', { class: 'check' }, box, ' ', label(a.label));
        }));
      return el('div', { class: 'field field-set' }, control, err);
    }
    if (m.type === 'level') {
      control = el('select', { id, 'data-pointer': m.pointer, 'aria-describedby': id + '-err' },
        el('option', { value: '', text: t('none_selected') }));
      for (let v = m.min; v <= m.max; v++) control.append(el('option', { value: String(v), text: 'L' + v, selected: current === v }));
      control.addEventListener('change', () => onMeasureChanged(m.pointer, control.value === '' ? undefined : Number(control.value)));
    } else {
      control = el('input', {
        id, type: 'text', inputmode: 'decimal', autocomplete: 'off', 'data-pointer': m.pointer,
        'aria-describedby': id + '-err', value: current === undefined || current === null ? '' : String(current),
      });
      control.addEventListener('input', () => {
        const text = control.value.trim();
        if (text === '') return onMeasureChanged(m.pointer, undefined);
        if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
          markField(m.pointer, t('field_error') + (state.lang === 'zh' ? '请输入数字' : 'enter a number'));
          return;
        }
        onMeasureChanged(m.pointer, Number(text));
      });
    }
    const unit = label(m.unit);
    return el('div', { class: 'field' },
      el('label', { for: id }, label(m.label), unit ? el('span', { class: 'unit', text: ' (' + unit + ')' }) : null),
      control, err);
  }

  function buildMeasuresForm() {
    const groups = $('measure-groups');
    groups.replaceChildren();
    const done = new Set();
    for (const cat of state.rules.categories) {
      const fs = el('fieldset', { class: 'category-group' }, el('legend', { text: label(cat.label) }));
      for (const ind of state.rules.indicators.filter((i) => i.category === cat.id)) {
        const fields = formulaInputs(ind.formula).filter((p) => !done.has(p)).map((p) => { done.add(p); return measureField(measureRule(p)); });
        fs.append(el('div', { class: 'indicator-group' },
          el('h3', { text: label(ind.label) }),
          el('p', { class: 'formula', text: label(ind.formula_text) }),
          fields.length ? el('div', { class: 'fields' }, fields) : el('p', { class: 'hint', text: '↑' })));
      }
      groups.append(fs);
    }
    // Measures used beside the score (service recovery, reference checks): same form, own group.
    // A list measure (each damaged parcel's freight) comes from record files or a period file.
    const beside = state.rules.measures.filter((m) => !done.has(m.pointer) && m.type !== 'amounts' && m.pointer.startsWith('/measures/'));
    if (beside.length) {
      groups.append(el('fieldset', { class: 'category-group', id: 'beside-score' },
        el('legend', { text: t('beside_score_legend') }),
        el('p', { class: 'hint', text: t('beside_score_hint') }),
        el('div', { class: 'fields' }, beside.map(measureField))));
    }
    const kind = $('period-kind');
    kind.replaceChildren(el('option', { value: '', text: t('none_selected') }),
      ...state.rules.period_kinds.map((k) => el('option', { value: k.id, text: label(k.label) })));
    fillPeriodFields();
  }

  function fillPeriodFields() {
    const p = state.period || {};
    $('provider').value = p.provider || '';
    $('period-kind').value = (p.period && p.period.kind) || '';
    $('period-start').value = (p.period && p.period.start) || '';
    $('period-end').value = (p.period && p.period.end) || '';
  }

  function onPeriodFieldsChanged() {
    ensurePeriod();
    const provider = $('provider').value;
    if (provider) state.period.provider = provider; else delete state.period.provider;
    const kind = $('period-kind').value, start = $('period-start').value, end = $('period-end').value;
    if (kind || start || end) state.period.period = { kind, start, end };
    else delete state.period.period;
    scheduleScore();
  }

  function ensurePeriod() {
    if (!state.period) state.period = { format: 'starsheet-period/1', measures: {} };
    if (!state.period.measures) state.period.measures = {};
  }

  function onMeasureChanged(pointer, value) {
    ensurePeriod();
    setAt(state.period, pointer, value);
    markField(pointer, '');
    scheduleScore();
  }

  function markField(pointer, message) {
    for (const node of document.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
    for (const node of document.querySelectorAll('.field-error')) node.textContent = '';
    if (!message) return;
    const fields = [...document.querySelectorAll('[data-pointer]')];
    const field = fields.find((f) => pointer === f.dataset.pointer || pointer.startsWith(f.dataset.pointer + '/'));
    if (!field) return;
    field.setAttribute('aria-invalid', 'true');
    const err = document.getElementById(field.id + '-err');
    if (err) err.textContent = message;
  }

  // ---- scoring -----------------------------------------------------------------------------------
  let scoreTimer = null;
  function scheduleScore() {
    clearTimeout(scoreTimer);
    scoreTimer = setTimeout(() => scoreCurrent(), 120);
  }

  async function scoreCurrent() {
    if (!state.period) return;
    const seq = ++state.scoreSeq;
    const r = await state.engine.score(JSON.stringify(scoredPeriod()), state.lang, 'json');
    if (seq !== state.scoreSeq) return;  // a newer edit is already being scored
    if (!r.ok) {
      showError(r.error);
      const pointer = r.error.startsWith('/') ? r.error.split(':')[0] : '';
      markField(pointer, r.error.slice(pointer.length + 2));
      return;
    }
    showError('');
    markField('', '');
    state.report = JSON.parse(r.output);
    renderReport();
    showDerivedMeasures();
    updateFragment();
  }

  // Measures derived from records fill the form's empty fields as placeholders: typing a value
  // overrides them (explicit measures win), clearing it brings them back.
  function showDerivedMeasures() {
    const derived = new Map();
    for (const ind of state.report.indicators) {
      for (const [pointer, given] of Object.entries(ind.sources || {})) {
        const source = sourceOf(pointer, given);
        if (source !== 'period') derived.set(pointer, { value: ind.inputs[pointer], source });
      }
    }
    for (const input of document.querySelectorAll('#measure-groups input[type=text][data-pointer]')) {
      const d = derived.get(input.dataset.pointer);
      input.placeholder = d ? `${formatNumber(d.value, 4)} (${t('source_' + d.source)})` : '';
    }
  }

  // A period text replaces the page's period; `carried` the measures a link brought with it.
  async function scoreText(text, carried) {
    let parsed = null;
    try { parsed = JSON.parse(text); } catch (e) { /* the engine gives the precise message */ }
    state.carried = carried || null;
    const r = await state.engine.score(carried ? JSON.stringify(scoredPeriod(parsed)) : text, state.lang, 'json');
    if (!r.ok) {
      showError(r.error);
      return false;
    }
    state.period = parsed;
    state.report = JSON.parse(r.output);
    showError('');
    buildMeasuresForm();
    renderReport();
    showDerivedMeasures();
    updateFragment();
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
    $('next-star').textContent = rep.next_star
      ? (state.lang === 'zh'
        ? `距 ${rep.next_star.stars} 星还差 ${formatNumber(rep.next_star.points_needed)} 分`
        : `${formatNumber(rep.next_star.points_needed)} more points reach ${rep.next_star.stars} stars`)
      : t('next_star_none');
    // Coverage and the what-if banner come finished from the report: the page only shows them.
    $('coverage').textContent = rep.coverage.text;
    $('coverage').classList.toggle('provisional', rep.coverage.provisional);
    $('what-if-banner').hidden = !rep.what_if_banner;
    $('what-if-banner').textContent = rep.what_if_banner || '';
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

    renderRadar(rep.categories);

    $('advice').replaceChildren(...rep.advice.map((a) => el('li', {},
      el('span', { class: 'gain', text: t('gain', { gain: formatNumber(a.gain) }) }), ' ',
      el('span', { class: 'advice-text', text: a.text }),
      el('div', { class: 'practice', text: a.practice }))));

    const rows = [];
    for (const c of rep.categories) {
      rows.push(el('tr', { class: 'cat-row' }, el('th', { colspan: '6', scope: 'rowgroup', text: c.label })));
      for (const ind of rep.indicators.filter((i) => i.category === c.id)) {
        // Value and tier texts come formatted from the core (never rounded into a tier here).
        const tier = ind.display.tier || '—';
        const value = ind.display.value;
        const sources = [...new Set(Object.entries(ind.sources || {}).map(([p, s]) => sourceOf(p, s)))].map((s) => t('source_' + s)).join(', ');
        const whatIf = el('input', {
          type: 'text', inputmode: 'decimal', class: 'what-if', id: 'what-if-' + ind.id,
          'aria-label': t('what_if_label') + ' ' + ind.label, placeholder: t('what_if_placeholder'),
          value: state.period && state.period.what_if && state.period.what_if[ind.id] !== undefined ? String(state.period.what_if[ind.id]) : '',
        });
        whatIf.addEventListener('change', () => onWhatIf(ind.id, whatIf.value.trim()));
        rows.push(el('tr', { class: 'status-' + ind.status },
          el('th', { scope: 'row' }, el('span', { text: ind.label }), el('div', { class: 'formula', text: ind.formula }),
            ind.note ? el('div', { class: 'note', text: ind.note }) : null),
          el('td', { class: 'num' }, el('span', { text: value }), ind.what_if ? el('div', { class: 'what-if-tag', text: t('what_if_tag') }) : null, whatIf),
          el('td', { text: tier }),
          el('td', { class: 'num', text: formatNumber(ind.points) + ' / ' + formatNumber(ind.max) }),
          el('td', {}, el('span', { class: 'status-tag', text: t('status_' + ind.status) })),
          el('td', { text: sources || '—' })));
      }
    }
    $('indicators').tBodies[0].replaceChildren(...rows);
    // Each cell names its column, shown on a phone where the rows are cards.
    const heads = [...$('indicators').tHead.rows[0].cells].map((c) => c.textContent);
    for (const r of rows) [...r.cells].forEach((c, i) => { c.dataset.label = heads[i]; });
    $('readings').replaceChildren(...rep.readings.map((r) => el('li', { text: r.text })));
    const ignored = $('ignored');
    ignored.hidden = !rep.ignored.length;
    ignored.textContent = rep.ignored.length ? t('ignored') + rep.ignored.join(', ') : '';
    renderPrintForm(rep);
    renderProvenance();
    ns.insights.render(rep);
  }

  // A what-if value for one indicator: scored in place of its measures (the engine reads
  // period.what_if), shared in the link like any other setting of the period.
  // A number as people type it: full-width digits (９７), a percent sign (97%), grouping commas
  // (12,480). Returns { number, percent } or null when it is not a number.
  function readTypedNumber(text) {
    let s = text.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48))
      .replace(/\uFF0E/g, '.').replace(/\uFF05/g, '%').replace(/[\uFF0C\u3001]/g, ',').replace(/\uFF0D|\u2212/g, '-').trim();
    const percent = s.endsWith('%');
    if (percent) s = s.slice(0, -1).trim();
    if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
    return { number: Number(s), percent };
  }

  function onWhatIf(id, text) {
    ensurePeriod();
    const what = Object.assign({}, state.period.what_if || {});
    const input = document.getElementById('what-if-' + id);
    const refuse = (message) => {
      if (input) input.setAttribute('aria-invalid', 'true');
      showError(message);
    };
    if (text === '') {
      delete what[id];
    } else {
      const typed = readTypedNumber(text);
      if (!typed) return refuse(t('what_if_invalid', { text }));
      const ind = state.report && state.report.indicators.find((i) => i.id === id);
      // 0.97 for a percentage is far more often 97 % than 0.97 %: ask rather than guess.
      if (ind && ind.unit === 'percent' && !typed.percent && typed.number > 0 && typed.number < 1)
        return refuse(t('what_if_fraction', { text, pct: String(Math.round(typed.number * 10000) / 100) }));
      what[id] = typed.number;
    }
    if (input) input.removeAttribute('aria-invalid');
    if (Object.keys(what).length) state.period.what_if = what;
    else delete state.period.what_if;
    const focused = document.activeElement && document.activeElement.id;
    scoreCurrent().then(() => {
      const again = focused && document.getElementById(focused);
      if (again) again.focus();
    });
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

  function renderPrintForm(rep) {
    const body = $('form-table').tBodies[0];
    const rows = [];
    rep.categories.forEach((c, ci) => {
      const inds = rep.indicators.filter((i) => i.category === c.id);
      inds.forEach((ind, k) => {
        const cells = [];
        if (k === 0) {
          cells.push(el('td', { rowspan: inds.length, text: String(ci + 1) }), el('td', { rowspan: inds.length, text: c.label }),
            el('td', { rowspan: inds.length, class: 'num', text: formatNumber(c.max) }));
        }
        cells.push(el('td', { text: ind.label }), el('td', { class: 'num', text: formatNumber(ind.max) }),
          el('td', { class: 'num', text: ind.display.value }), el('td', { class: 'num', text: formatNumber(ind.points) }));
        if (k === 0) cells.push(el('td', { rowspan: inds.length, class: 'num', text: formatNumber(c.score) }));
        rows.push(el('tr', {}, cells));
      });
    });
    body.replaceChildren(...rows);
    $('form-table').tFoot.replaceChildren(
      el('tr', {}, el('td', { colspan: '7', text: t('form_total') }), el('td', { class: 'num', text: formatNumber(rep.total) })),
      el('tr', {}, el('td', { colspan: '7', text: t('form_result') }), el('td', { text: rep.stars + t(rep.stars === 1 ? 'star_suffix_one' : 'stars_suffix') + ' ' + rep.star_level.label })));
    const meta = [rep.provider, rep.period ? `${rep.period.label || rep.period.kind} ${rep.period.start} – ${rep.period.end}` : '', `${rep.rules.id} ${rep.rules.version}`];
    $('print-meta').textContent = meta.filter(Boolean).join(' · ');
  }

  // ---- sharing, downloads -----------------------------------------------------------------------
  // What travels (the link, the downloaded period, a reload) is the period as scored: the user's
  // measures, and the measures derived from record files as aggregates, never rows. Where those
  // came from (file, kind, rows used, measures) goes in the link's settings.sources: the period
  // contract has no member for it, and the period stays one the CLI scores the same. An opened
  // link has no files: what it brought is kept apart (state.carried), under the user's own
  // measures, until a file of the same kind is imported here.
  function liveKinds() { return new Set(ns.records.entries.filter((e) => e.result && e.result.ok).map((e) => e.kind)); }

  function carriedSources() {
    const live = liveKinds();
    return state.carried ? state.carried.sources.filter((s) => !live.has(s.kind)) : [];
  }

  function sourceOf(pointer, source) {
    const s = source === 'period' && carriedSources().find((c) => c.measures.includes(pointer));
    return s ? s.kind : source;
  }

  function scoredPeriod(own) {
    const period = JSON.parse(JSON.stringify(own || state.period));
    for (const s of carriedSources()) {
      for (const p of s.measures) if (getAt(period, p) === undefined) setAt(period, p, state.carried.values[p]);
    }
    return period;
  }

  // {period, sources}: the derived measures exactly as the engine merged them for the shown
  // result — each indicator's inputs that came from records; the records section for those
  // beside the score (files of one kind add up). A list of one amount a parcel is rows: it
  // stays here, and the source says so (omitted).
  function travelling() {
    const period = scoredPeriod();
    const sources = carriedSources().map((s) => Object.assign({}, s, { measures: s.measures.filter((p) => getAt(state.period, p) === undefined) }));
    const rep = state.report;
    const derived = {}, beside = {};
    for (const ind of rep ? rep.indicators : []) {
      for (const [p, s] of Object.entries(ind.sources || {})) if (s !== 'period') derived[p] = ind.inputs[p];
    }
    for (const f of rep && rep.records ? rep.records.files : []) {
      const source = { file: f.file, kind: f.kind, rows: f.rows.used, measures: [], omitted: [] };
      for (const [p, v] of Object.entries(f.measures)) {
        if (f.overridden.includes(p)) continue;
        if (typeof v !== 'number') source.omitted.push(p);
        else {
          if (!(p in derived)) beside[p] = (beside[p] || 0) + v;
          source.measures.push(p);
        }
      }
      sources.push(source);
    }
    for (const [p, v] of Object.entries(Object.assign(beside, derived))) setAt(period, p, v);
    return { period, sources };
  }

  // Under the headline: which files the derived measures came from, and what a link leaves out.
  function renderProvenance() {
    const { sources } = travelling();
    const fromLink = carriedSources().length > 0;
    const list = sources.map((s) => t('provenance_file', { file: s.file, kind: t('source_' + s.kind), rows: formatCount(s.rows), n: s.measures.length }));
    const omitted = [...new Set(sources.flatMap((s) => s.omitted))].map((p) => label((measureRule(p) || {}).label) || p);
    const note = $('provenance');
    note.hidden = !list.length;
    note.textContent = list.length ? t(fromLink ? 'provenance_link' : 'provenance', { list: list.join(t('list_sep')) }) +
      (omitted.length ? '\n' + t('not_carried', { list: omitted.join(t('list_sep')) }) : '') : '';
  }

  let fragmentSeq = 0;
  async function updateFragment() {
    if (!state.period) return;
    const { period, sources } = travelling();
    const settings = { lang: state.lang };
    if (sources.length) settings.sources = sources;
    const seq = ++fragmentSeq;
    const fragment = await ns.share.encode({ period, settings });
    if (seq !== fragmentSeq) return;  // a newer result's link is being made
    const { maxFragment, maxInflated } = ns.share.limits;
    // A link its own decoder would refuse is never made: the copy button says so instead.
    state.linkTooLarge = fragment.length - 3 > maxFragment || new Blob([JSON.stringify({ period, settings })]).size > maxInflated;
    history.replaceState(null, '', state.linkTooLarge ? location.href.split('#')[0] : '#' + fragment);
  }

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function copyLink() {
    $('share-status').classList.toggle('warning', !!state.linkTooLarge);
    if (state.linkTooLarge) return setStatus('share-status', t('link_too_large', { kb: ns.share.limits.maxFragment / 1024 }));
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('share-status', t('copied'));
    } catch (e) {
      setStatus('share-status', t('copy_failed'));
    }
  }

  // After a score the user asked for (the button, the example, files), the keyboard goes on at the
  // result: its heading takes the focus and comes into view only if it is not in view already.
  function toResult() {
    const h = $('result-heading'), top = h.getBoundingClientRect().top;
    if ($('result').hidden || !$('input-error').hidden) return;
    h.focus({ preventScroll: true });
    if (top < 0 || top > innerHeight - 40) h.scrollIntoView();
  }

  // ---- input ----------------------------------------------------------------------------------------
  async function runInput() {
    const text = $('paste').value.trim();
    if (!text) return;
    if (!text.startsWith('{')) await ns.records.importText(text);
    else if (await scoreText(text)) setStatus('input-status', t('scored_at'));
    toResult();
  }

  // Code needed only after some action (trends) is not in the first load: trends.js beside the
  // page, or in the single file an inert copy that the page's policy pins by its hash.
  function loadScript(name) {
    return new Promise((resolve, reject) => {
      const inert = $(name + '-source');
      const script = el('script', inert ? { text: inert.textContent } : { src: name + '.js' });
      script.onload = resolve;
      script.onerror = () => reject(new Error(name + '.js'));
      document.head.append(script);
      if (inert) resolve();  // an inline script has run once it is in the document
    });
  }

  // Period files (.json) first, so record files count up to their period's end; then records
  // (CSV/TSV/text and workbooks, whatever their extension says: the engine looks at the bytes)
  // and filled measures templates.
  async function readFiles(files) {
    const isJson = (f) => /\.json$/i.test(f.name);
    const periods = files.filter(isJson);
    const others = files.filter((f) => !isJson(f));
    if (periods.length > 1) {
      // Several period files at once: the last one (by period) is shown, all of them as trends.
      const texts = await Promise.all(periods.map((f) => f.text()));
      const starts = texts.map((x) => { try { return (JSON.parse(x).period || {}).start || ''; } catch (e) { return ''; } });
      const latest = starts.indexOf([...starts].sort().pop());
      $('paste').value = texts[latest];
      await scoreText(texts[latest]);
      if (!ns.trends) await loadScript('trends');
      await ns.trends.renderTrends(texts);
    } else if (periods.length === 1) {
      const text = await periods[0].text();
      $('paste').value = text;
      await scoreText(text);
    }
    if (periods.length && ns.records.entries.length) await ns.records.reimportAll();
    if (others.length) await ns.records.addFiles(others);
    toResult();
  }

  // ---- start -----------------------------------------------------------------------------------------
  // The measures a link's sources name leave its period for state.carried (they are not the
  // user's own: a file imported here replaces them). Anything malformed is simply not carried.
  function splitCarried({ period, settings }) {
    const values = {}, sources = [];
    const strings = (list) => (Array.isArray(list) ? list.filter((p) => typeof p === 'string' && p.startsWith('/measures/')) : []);
    for (const s of (typeof period === 'object' && settings && settings.sources) || []) {
      if (!s || typeof s.file !== 'string' || !['shipments', 'inquiries'].includes(s.kind)) continue;
      const measures = strings(s.measures).filter((p) => getAt(period, p) !== undefined);
      for (const p of measures) values[p] = getAt(period, p);
      sources.push({ file: s.file, kind: s.kind, rows: Number(s.rows) || 0, measures, omitted: strings(s.omitted) });
    }
    for (const p in values) setAt(period, p, undefined);
    if (!sources.length) return null;
    period.measures = period.measures || {};
    return { sources, values };
  }

  async function start() {
    state.lang = preferredLang();
    applyLang();
    setStatus('input-status', t('loading_engine'));
    state.rules = JSON.parse(window.STARSHEET_RULES.pack);
    state.engine = new ns.Engine();
    await state.engine.ready;
    setStatus('input-status', '');
    buildMeasuresForm();
    ns.records.renderTemplatesMenu();

    $('run').addEventListener('click', runInput);
    $('example').addEventListener('click', () => {
      $('paste').value = JSON.stringify(ns.example, null, 2);
      runInput();
    });
    $('lang').addEventListener('change', () => {
      state.lang = $('lang').value;
      localStorage.setItem('starsheet.lang', state.lang);
      applyLang();
      if (ns.records.entries.length) ns.records.relocalize();
      else {
        ns.records.renderTemplatesMenu();
        if (state.period) scoreCurrent();
      }
    });
    $('file').addEventListener('change', () => readFiles([...$('file').files]));
    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      readFiles([...e.dataTransfer.files]);
    });
    for (const id of ['provider', 'period-kind', 'period-start', 'period-end']) $(id).addEventListener('input', onPeriodFieldsChanged);
    $('copy-link').addEventListener('click', copyLink);
    $('download-report').addEventListener('click', () => state.report && download('starsheet-report.json', JSON.stringify(state.report, null, 2) + '\n'));
    $('download-period').addEventListener('click', () => state.period && download('starsheet-period.json', JSON.stringify(travelling().period, null, 2) + '\n'));
    $('print').addEventListener('click', () => window.print());
    $('cancel').addEventListener('click', () => ns.records.cancel());

    if (location.hash.length > 1) {
      try {
        const shared = await ns.share.decode(location.hash);
        if (shared && shared.period) {
          if (shared.settings && (shared.settings.lang === 'zh' || shared.settings.lang === 'en')) {
            state.lang = shared.settings.lang;
            applyLang();
          }
          // The paste box shows the whole period; the page keeps the carried part apart.
          $('paste').value = JSON.stringify(shared.period, null, 2);
          const carried = splitCarried(shared);
          await scoreText(JSON.stringify(shared.period), carried);
        }
      } catch (e) {
        showError(String(e.message || e));
      }
    }
    document.body.dataset.ready = 'true';
  }

  ns.app = { state, t, el, label, showError, setStatus, scoreText, scoreCurrent, buildMeasuresForm, formatCount };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window.Starsheet);
