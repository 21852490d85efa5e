// The parts of the report that go beyond the Appendix A table: exact plans to the next star,
// practical measures with their sources, reference checks, service-recovery exposure, the
// uncertainty of each rate (trends over several periods are in trends.js, loaded on first use).
// Texts come from the report (the rule pack) and the page's catalogue; everything is inserted as text.
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
    const head = t(key, { stars: p.stars, needed: fmt(p.needed), gain: fmt(p.gain), total: fmt(p.total_after), effort_text: p.effort_text });
    const steps = (s) => el('ol', { class: 'plan-steps' }, s.steps.map((x) => el('li', { text: x.text })));
    const alts = (p.alternatives || []).map((a) => el('div', { class: 'alternative' },
      el('p', { text: t(key, { stars: p.stars, needed: fmt(p.needed), gain: fmt(a.gain), total: fmt(a.total_after), effort_text: a.effort_text }) }), steps(a)));
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

  function renderRecovery(rep) {
    const { el, t } = app();
    const r = rep.recovery;
    const body = $('recovery-body');
    if (!r || !r.measured) {
      body.replaceChildren(el('p', { class: 'hint', text: t('recovery_not_measured') + (r ? ' [' + r.source.cite + ']' : '') }));
      return;
    }
    // Unpriced parts say what they need (an average freight; for the capped part, an exchange
    // rate): a button for each takes the user to that field of the form.
    const pack = app().state.rules.recovery || {};
    const kinds = [['freight', pack.average_freight], ['rate', pack.exchange && pack.exchange.rate]];
    const needed = new Set(r.parts.flatMap((p) => (p.priced ? [] : p.needs || [])));
    const buttons = kinds.filter(([, pointer]) => pointer && needed.has(pointer)).map(([kind, pointer]) => {
      const field = document.getElementById('m' + pointer.replace(/[^a-z0-9]/gi, '_'));
      if (!field) return null;
      const button = el('button', { type: 'button', class: 'button secondary', id: 'recovery-enter-' + kind, text: t('recovery_enter_' + kind) });
      button.addEventListener('click', () => {
        const form = $('measures');
        if (form) form.hidden = false;
        const group = field.closest('details');
        if (group) group.open = true;
        field.scrollIntoView({ block: 'center' });
        field.focus();
      });
      return button;
    });
    // Every sentence comes from the core: the currency and its rate, each part, the total (one
    // number when its ends are equal; none while nothing is priced), what the plan removes.
    // (replaceChildren would print a null as the text "null": absent parts are left out.)
    body.replaceChildren(...[
      el('p', { class: 'recovery-currency', id: 'recovery-currency', text: r.currency_text }),
      el('ul', {}, r.parts.map((p) => el('li', { class: p.priced ? null : 'unpriced', text: p.text }))),
      ...buttons,
      r.total_text ? el('p', { class: 'recovery-total', text: r.total_text + ' [' + r.source.cite + ']' }) : null,
      r.removed_text ? el('p', { class: 'recovery-removed', text: r.removed_text }) : null,
    ].filter(Boolean));
  }

  // Adds each rate's interval, and a visible warning where the tier is not certain, to the
  // indicator table that result.js drew.
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

  ns.insights = { render };
})(window.Starsheet);
