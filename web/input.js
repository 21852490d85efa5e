// Input: the paste box, files (periods, records, workbooks), and the page's start.
'use strict';
(function (ns) {
  const app = ns.app;
  const { state, $, t, el, setStatus, showError, preferredLang, applyLang } = app;

  // ---- input ----------------------------------------------------------------------------------------
  async function runInput() {
    const text = $('paste').value.trim();
    if (!text) return;
    if (!text.startsWith('{')) await ns.records.importText(text);
    // A refused period must not leave the last one's "scored" beside its error.
    else setStatus('input-status', (await app.scoreText(text)) ? t('scored_at') : '');
    app.toResult();
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
    state.pasteFailed = false;  // an earlier refused paste or table is no longer what the page shows
    const isJson = (f) => /\.json$/i.test(f.name);
    const periods = files.filter(isJson);
    const others = files.filter((f) => !isJson(f));
    // The sheets worker and its module start now, while the period is scored: records (and
    // templates) need it, and it takes a few hundred ms to start.
    if (others.length) state.engine.workspaceReady().catch(() => {});
    let periodChecked = Promise.resolve();
    if (periods.length > 1) {
      // Several period files at once: the last one (by period) is shown, all of them as trends.
      const texts = await Promise.all(periods.map((f) => f.text()));
      const starts = texts.map((x) => { try { return (JSON.parse(x).period || {}).start || ''; } catch (e) { return ''; } });
      const latest = starts.indexOf([...starts].sort().pop());
      $('paste').value = texts[latest];
      await app.scoreText(texts[latest]);
      if (!ns.trends) await loadScript('trends');
      await ns.trends.renderTrends(texts);
    } else if (periods.length === 1) {
      const text = await periods[0].text();
      $('paste').value = text;
      // Checked while the records' heads are read: the records need the period only when their
      // import begins (they count up to its end).
      periodChecked = app.scoreText(text, undefined, { draw: !others.length });
    }
    if (periods.length && ns.records.entries.length) {
      await periodChecked;
      await ns.records.reimportAll();
    }
    await (others.length ? ns.records.addFiles(others, periodChecked) : periodChecked);
    app.toResult();
  }
  // The built page has each language's words in a script of its own (messages_zh.js, …), loaded
  // before that language is shown; the source page has them all in messages.js.
  async function loadWords(lang) {
    if (ns.messages && ns.messages[lang]) return;
    try {
      await loadScript('messages_' + lang);
    } catch (e) { /* t() falls back to English or the key; the page still works */ }
  }

  async function start() {
    state.lang = preferredLang();
    await loadWords(state.lang);
    applyLang();
    setStatus('input-status', t('loading_engine'));
    state.rules = JSON.parse(await app.packText());
    state.engine = new ns.Engine();
    await state.engine.ready;
    setStatus('input-status', '');
    app.buildMeasuresForm();
    ns.records.renderTemplatesMenu();

    $('run').addEventListener('click', runInput);
    $('example').addEventListener('click', async () => {
      if (!ns.example) await loadScript('example');  // not part of the first load
      $('paste').value = JSON.stringify(ns.example, null, 2);
      runInput();
    });
    $('lang').addEventListener('change', async () => {
      await loadWords($('lang').value);
      state.lang = $('lang').value;
      localStorage.setItem('starsheet.lang', state.lang);
      applyLang();
      if (ns.records.entries.length) ns.records.relocalize();
      else {
        ns.records.renderTemplatesMenu();
        if (state.period) app.scoreCurrent();
      }
    });
    $('file').addEventListener('change', () => readFiles([...$('file').files]));
    const drop = $('drop');
    // A file is on its way: the pointer on the choose-file button, the file input focused, or a
    // drag of files into the window (before it reaches the drop zone). The sheets worker starts
    // then, so the 0.3-0.5 s it needs to be ready, and warming a file's way through it, pass
    // while the user picks the file (merely scoring a period, or dragging text, never starts it).
    const fileExpected = () => state.engine.expectFile().catch(() => {});
    drop.querySelector('label[for=file]').addEventListener('pointerenter', fileExpected);
    $('file').addEventListener('focus', fileExpected);
    document.addEventListener('dragenter', (e) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')) fileExpected();
    });
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      readFiles([...e.dataTransfer.files]);
    });
    for (const id of ['provider', 'period-kind', 'period-start', 'period-end']) $(id).addEventListener('input', app.onPeriodFieldsChanged);
    $('copy-link').addEventListener('click', app.copyLink);
    $('what-if-reset').addEventListener('click', app.resetWhatIfs);
    // The full report prints every suggestion, also those folded away on screen.
    window.addEventListener('beforeprint', () => { $('advice-more').open = true; });
    $('download-report').addEventListener('click', () => state.report && app.download('starsheet-report.json', JSON.stringify(state.report, null, 2) + '\n'));
    $('download-period').addEventListener('click', () => state.period && app.download('starsheet-period.json', JSON.stringify(app.travelling().period, null, 2) + '\n'));
    $('download-xlsx').addEventListener('click', () => app.exportFile('xlsx'));
    $('download-html').addEventListener('click', () => app.exportFile('html'));
    $('print-form-only').addEventListener('click', () => app.printReport(true));
    $('print').addEventListener('click', () => app.printReport(false));
    $('cancel').addEventListener('click', () => ns.records.cancel());
    // The local history's panel and code load when it is first opened.
    $('history').addEventListener('toggle', async () => {
      if (!$('history').open) return;
      if (!ns.history) await loadScript('history');
      ns.history.render();
    });

    if (location.hash.length > 1) {
      try {
        const shared = await ns.share.decode(location.hash);
        if (shared && shared.period) {
          // The link's language opens the page for a recipient who never chose one here; a
          // language chosen on this machine wins (a reload right after a switch keeps it, too,
          // before the fragment has caught up with the switch).
          const chosen = localStorage.getItem('starsheet.lang');
          if (!chosen && shared.settings && (shared.settings.lang === 'zh' || shared.settings.lang === 'en')) {
            await loadWords(shared.settings.lang);
            state.lang = shared.settings.lang;
            applyLang();
          }
          // The paste box shows the whole period; the page keeps the carried part apart.
          $('paste').value = JSON.stringify(shared.period, null, 2);
          const carried = app.splitCarried(shared);
          await app.scoreText(JSON.stringify(shared.period), carried);
        }
      } catch (e) {
        showError(String(e.message || e));
      }
    }
    document.body.dataset.ready = 'true';
  }

  Object.assign(app, { runInput, loadScript, readFiles, start });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window.Starsheet);
