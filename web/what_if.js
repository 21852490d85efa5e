// What-ifs: a value typed for one indicator is scored in place of its measures.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, t, showError } = app;

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
    app.ensurePeriod();
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
      // As functions of the language: a switch shows them in the new one.
      if (!typed) return refuse(() => t('what_if_invalid', { text }));
      const ind = state.report && state.report.indicators.find((i) => i.id === id);
      // 0.97 for a percentage is far more often 97 % than 0.97 %: ask rather than guess.
      if (ind && ind.unit === 'percent' && !typed.percent && typed.number > 0 && typed.number < 1)
        return refuse(() => t('what_if_fraction', { text, pct: String(Math.round(typed.number * 10000) / 100) }));
      what[id] = typed.number;
    }
    if (input) input.removeAttribute('aria-invalid');
    if (Object.keys(what).length) state.period.what_if = what;
    else delete state.period.what_if;
    const focused = document.activeElement && document.activeElement.id;
    app.scoreCurrent().then(() => {
      const again = focused && document.getElementById(focused);
      if (again) again.focus();
    });
  }

  // Every what-if at once: the result goes back to the actual one.
  function resetWhatIfs() {
    if (!state.period || !state.period.what_if) return;
    delete state.period.what_if;
    app.scoreCurrent().then(() => $('result-heading').focus());
  }

  Object.assign(app, { resetWhatIfs, readTypedNumber, onWhatIf });
})(window.Starsheet);
