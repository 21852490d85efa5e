// The measures form: one field per measure of the pack, the period fields, and the derived
// measures shown as placeholders. Editing a field rescores (result.js).
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, t, el, label, getAt, setAt, formatNumber } = app;

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
    } else if (m.type === 'choice') {
      // One id of a list (the freight currency): empty means the pack's default, which it names.
      const exchange = (state.rules.recovery || {}).exchange || {};
      const fallback = exchange.freight_currency === m.pointer && m.allowed.find((a) => a.id === exchange.default_currency);
      control = el('select', { id, 'data-pointer': m.pointer, 'aria-describedby': id + '-err' },
        el('option', { value: '', text: fallback ? t('none_selected_default', { choice: label(fallback.label) }) : t('none_selected') }));
      for (const a of m.allowed) control.append(el('option', { value: a.id, text: label(a.label) + ' (' + a.id + ')', selected: current === a.id }));
      control.addEventListener('change', () => onMeasureChanged(m.pointer, control.value === '' ? undefined : control.value));
    } else {
      control = el('input', {
        id, type: 'text', inputmode: 'decimal', autocomplete: 'off', 'data-pointer': m.pointer,
        'aria-describedby': id + '-err', value: current === undefined || current === null ? '' : String(current),
      });
      control.addEventListener('input', () => {
        const text = control.value.trim();
        if (text === '') return onMeasureChanged(m.pointer, undefined);
        if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
          markField(m.pointer, t('field_not_number'));
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

  // Each category's fields fold: open on a wide screen, closed on a phone, where the whole form
  // was nine screens long. What the user opened or closed stays so when the form is rebuilt.
  function group(id, title, ...children) {
    state.groupsOpen = state.groupsOpen || {};
    const open = id in state.groupsOpen ? state.groupsOpen[id] : !matchMedia('(max-width: 600px)').matches;
    const node = el('details', { class: 'category-group', id: 'group-' + id, open }, el('summary', { text: title }), ...children);
    node.addEventListener('toggle', () => { state.groupsOpen[id] = node.open; });
    return node;
  }

  function buildMeasuresForm() {
    const groups = $('measure-groups');
    groups.replaceChildren();
    const done = new Set();
    for (const cat of state.rules.categories) {
      const fs = group(cat.id, label(cat.label));
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
    // The older name of the exchange rate gets a field only when a period still uses it.
    const older = state.rules.recovery && state.rules.recovery.exchange && state.rules.recovery.exchange.older_rate;
    const shown = (m) => m.pointer !== older || (state.period && getAt(state.period, m.pointer) !== undefined);
    const beside = state.rules.measures.filter((m) => !done.has(m.pointer) && m.type !== 'amounts' && m.pointer.startsWith('/measures/') && shown(m));
    if (beside.length) {
      groups.append(group('beside-score', t('beside_score_legend'),
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
    app.scheduleScore();
  }

  function ensurePeriod() {
    if (!state.period) state.period = { format: 'starsheet-period/1', measures: {} };
    if (!state.period.measures) state.period.measures = {};
  }

  function onMeasureChanged(pointer, value) {
    ensurePeriod();
    setAt(state.period, pointer, value);
    markField(pointer, '');
    app.scheduleScore();
    // Shipments are judged slow against the industry averages as they are imported: once the
    // typing stops, a changed average imports the record files again (from this browser's
    // memory) and scores; until then the drill-down leaves the transit out rather than show
    // verdicts against the old average.
    if (pointer.startsWith('/benchmarks/') && ns.records && ns.records.entries.length) {
      clearTimeout(reimportTimer);
      reimportTimer = setTimeout(() => ns.records.reimportAll(), 600);
    }
  }
  let reimportTimer = 0;

  function markField(pointer, message) {
    for (const node of document.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
    for (const node of document.querySelectorAll('.field-error')) node.textContent = '';
    if (!message) return;
    const fields = [...document.querySelectorAll('[data-pointer]')];
    const field = fields.find((f) => pointer === f.dataset.pointer || pointer.startsWith(f.dataset.pointer + '/'));
    if (!field) return;
    field.setAttribute('aria-invalid', 'true');
    const folded = field.closest('details');
    if (folded) folded.open = true;
    const err = document.getElementById(field.id + '-err');
    if (err) err.textContent = message;
  }
  // Measures derived from records fill the form's empty fields as placeholders: typing a value
  // overrides them (explicit measures win), clearing it brings them back.
  function showDerivedMeasures() {
    const derived = new Map();
    for (const ind of state.report.indicators) {
      for (const [pointer, given] of Object.entries(ind.sources || {})) {
        const source = app.sourceOf(pointer, given);
        if (source !== 'period') derived.set(pointer, { value: ind.inputs[pointer], source });
      }
    }
    for (const input of document.querySelectorAll('#measure-groups input[type=text][data-pointer]')) {
      const d = derived.get(input.dataset.pointer);
      input.placeholder = d ? `${formatNumber(d.value, 4)} (${t('source_' + d.source)})` : '';
    }
  }

  Object.assign(app, { measureRule, formulaInputs, measureField, buildMeasuresForm, fillPeriodFields, onPeriodFieldsChanged, ensurePeriod, onMeasureChanged, markField, showDerivedMeasures });
})(window.Starsheet);
