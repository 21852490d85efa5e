// What leaves the page: the link, the downloads, the print form, and where derived measures came from.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, t, el, label, getAt, setAt, formatCount, formatNumber, setStatus } = app;

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
    // A what-if total and star level are marked as assumed on the form itself, as in the exports.
    const assumed = rep.what_if_banner ? t('form_assumed') : '';
    const starsText = rep.stars + t(rep.stars === 1 ? 'star_suffix_one' : 'stars_suffix') + ' ' + rep.star_level.label;
    $('form-table').tFoot.replaceChildren(
      el('tr', {}, el('td', { colspan: '7', text: t('form_total') + assumed }), el('td', { class: 'num', text: formatNumber(rep.total) })),
      el('tr', {}, el('td', { colspan: '7', text: t('form_result') + assumed }), el('td', { text: starsText })));
    // The summary above the table: the headline as the page shows it.
    $('print-summary').textContent = t('form_summary', { stars: starsText, total: formatNumber(rep.total), max: formatNumber(rep.max),
      coverage: rep.coverage.text }) + assumed;
    const meta = [rep.provider, rep.period ? `${rep.period.label || rep.period.kind} ${rep.period.start} – ${rep.period.end}` : '', `${rep.rules.id} ${rep.rules.version}`];
    $('print-meta').textContent = meta.filter(Boolean).join(' · ');
    // The printed form of a what-if result says so above the table, with the actual result.
    $('print-what-if').hidden = !rep.what_if_banner;
    $('print-what-if').textContent = rep.what_if_banner ? rep.what_if_banner + ' ' + rep.actual.text : '';
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
    const omitted = [...new Set(sources.flatMap((s) => s.omitted))].map((p) => label((app.measureRule(p) || {}).label) || p);
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

  function download(name, data, type = 'application/json') {
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // The workbook (.xlsx) and the standalone page (.html), written by the core's exports from the
  // report shown, in its language; a what-if result is marked as assumed in both. The module that
  // writes them is the on-demand one (started here, not at page load).
  const exportTypes = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', html: 'text/html;charset=utf-8' };
  async function exportFile(format) {
    if (!state.report || !exportTypes[format]) return;
    const button = $('download-' + format);
    button.disabled = true;
    $('share-status').classList.remove('warning');
    try {
      const bytes = await state.engine.exportReport(JSON.stringify(state.report), format);
      download('starsheet-report.' + format, bytes, exportTypes[format]);
      setStatus('share-status', '');
    } catch (e) {
      $('share-status').classList.add('warning');
      setStatus('share-status', t('export_failed'));
    } finally {
      button.disabled = false;
    }
  }

  // Print the whole report, or only the form (the summary, Table A.2 and the lines to sign).
  function printReport(formOnly) {
    document.body.classList.toggle('print-form-only', formOnly);
    window.print();
  }
  window.addEventListener('afterprint', () => document.body.classList.remove('print-form-only'));

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
  // ---- a link's carried measures -------------------------------------------------------------
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

  Object.assign(app, { renderPrintForm, liveKinds, carriedSources, sourceOf, scoredPeriod, travelling, renderProvenance, updateFragment, download, exportFile, printReport, copyLink, splitCarried });
})(window.Starsheet);
