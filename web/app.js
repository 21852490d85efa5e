// The page's shared state and small helpers (texts, elements, JSON pointers, numbers, language).
// The page's features are one file each and meet on window.Starsheet.app: measures_form.js (the
// measures form), result.js (scoring and drawing the report), what_if.js, sharing.js (link,
// downloads, print form) and input.js (paste, files, start). Every text taken from user data is
// inserted with textContent, never as HTML.
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
    const words = ns.messages || {};  // the built page loads each language's words when it is needed
    let s = (words[state.lang] && words[state.lang][key]) || (words.en && words.en[key]) || key;
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

  // Counts with the grouping of the page's language (12,480), by one formatter a language:
  // making one per number took 60 ms of drawing a report with a drill-down.
  const countFormats = {};
  function formatCount(n) {
    if (n === null || n === undefined) return '—';
    const locale = state.lang === 'zh' ? 'zh-CN' : 'en-US';
    countFormats[locale] = countFormats[locale] || new Intl.NumberFormat(locale);
    return countFormats[locale].format(n);
  }

  function formatNumber(v, decimals) {
    if (v === null || v === undefined) return '—';
    const d = decimals === undefined ? 2 : decimals;
    return Number(v.toFixed(d)).toString();
  }




  function setStatus(id, text) { $(id).textContent = text || ''; }

  // The input error box. `what` is a text, a function giving the text in the page's language (a
  // message of the page), or an engine error in both languages ({zh, en} of {message, field,
  // pointer}): the last two are shown again in the new language on a switch. An engine error
  // names the field by its label; its JSON pointer follows in small type.
  function showError(what) {
    const box = $('input-error');
    state.shownError = what || null;
    let text = what || '';
    let pointer = '';
    if (typeof what === 'function') text = what();
    else if (what && typeof what === 'object') {
      const d = what[state.lang] || what.zh || what.en || {};
      text = d.message || '';
      if (d.field && d.pointer) pointer = d.pointer;  // without a label the line starts with the pointer
    }
    box.replaceChildren(text, ...(pointer ? [' ', el('small', { class: 'pointer', text: pointer })] : []));
    box.hidden = !text;
  }

  // The rule pack's text, inflated once from rules.js (deflated and base64-encoded there).
  let packTextPromise = null;
  function packText() {
    if (!packTextPromise) {
      packTextPromise = self.starsheetUnpack(window.STARSHEET_RULES.packed).text();
    }
    return packTextPromise;
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
    if (state.rules) ns.app.buildMeasuresForm();
    if (state.shownError && typeof state.shownError !== 'string') showError(state.shownError);
  }

  ns.app = { $, state, t, el, label, pointerTokens, getAt, setAt, formatCount, formatNumber, setStatus, showError, preferredLang, applyLang,
    packText };
})(window.Starsheet);
