// The page in Chromium: a shipments file chosen on the page, timed from the file input's change
// event to the score shown (the page reads the file's head, proposes the mapping, imports it in
// the sheets worker and scores the period), while a requestAnimationFrame loop on the page notes
// every frame: the longest gap between two frames says whether the page stayed responsive.
// Each round is two new pages, one of each kind:
//   cold    the file input's change event with nothing before it: the sheets worker and its
//           module start with the file
//   intent  as a user reaches the file: the pointer rests on the choose-file button for 1 s (far
//           less than picking a file in the browser's dialog takes), which starts the sheets
//           worker, then the file is chosen; the clock starts at the change event as in cold
// Prints one JSON line per round and one summary line; not a test (nothing is asserted but the
// rows read and the measures, which must be the native importer's).
// Usage: node bench/page_import.js FILE --period PERIOD.json --native-measures JSON [--rounds N]
'use strict';
const fs = require('fs');
const path = require('path');
// The browser tests' set-up (tests/web): Debian's Chromium through their pinned playwright-core,
// and dist/ served on localhost.
const { launch, serveDist, dist } = require('../tests/web/support');

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const file = path.resolve(args[0]);
const rounds = Number(opt('--rounds', 3));
const expected = JSON.parse(opt('--native-measures', '{}'));
const periodFile = args.includes('--period') ? path.resolve(opt('--period')) : null;

// In the page: arms the clock on the next change of the file input; resolves when the import
// is done and scored, with the time and the frames seen meanwhile.
// Each engine request is timed too (from the page's call to its reply), so a round shows where
// its time went: starting the sheets worker, reading the file's head, importing, scoring.
function armInPage() {
  const input = document.querySelector('[data-testid=file]');
  const engine = window.Starsheet.app.state.engine;
  const phases = [];
  let t0 = 0;
  const ms = (t) => Math.round(t - t0);
  for (const name of ['sheets', 'workspaceReady', 'propose', 'importRecords', 'score']) {
    const original = engine[name].bind(engine);
    engine[name] = (...a) => {
      const start = performance.now();
      const out = original(...a);
      const settled = name === 'sheets' ? out.initDone : out;
      if (name !== 'sheets' || !phases.some((p) => p.phase === 'sheets')) {
        const entry = { phase: name === 'sheets' ? 'sheets worker start' : name, from_ms: ms(start) };
        phases.push(entry);
        Promise.resolve(settled).then(() => { entry.to_ms = ms(performance.now()); }, () => {});
      }
      return out;
    };
  }
  window.__bench = new Promise((resolve) => {
    input.addEventListener('change', () => {
      t0 = performance.now();
      const frames = [t0];
      let seenBusy = false;
      const frame = () => {
        const now = performance.now();
        frames.push(now);
        const busy = document.body.dataset.importing === 'true';
        seenBusy = seenBusy || busy;
        const result = document.getElementById('result');
        if (seenBusy && !busy && result && !result.hidden) {
          let longest = 0, over100 = 0;
          for (let i = 1; i < frames.length; i++) {
            const gap = frames[i] - frames[i - 1];
            longest = Math.max(longest, gap);
            over100 += gap > 100;
          }
          const entry = window.Starsheet.records.entries.find((e) => e.result && e.result.ok);
          const f = entry && entry.result.records.files[0];
          resolve({ seconds: (now - t0) / 1000, frames: frames.length, longest_frame_ms: Math.round(longest),
            frames_over_100ms: over100, rows: f ? f.rows.read : null, measures: f ? f.measures : null,
            phases: phases.filter((p) => p.from_ms >= 0) });
          return;
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }, { capture: true, once: true });
  });
}

function measuresDiffer(got) {
  const diff = [];
  for (const [pointer, v] of Object.entries(expected)) {
    const x = got[pointer];
    if (x === undefined || Number(x) !== Number(v)) diff.push(`${pointer}: ${x} (native ${v})`);
  }
  return diff;
}

(async () => {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`no built page in ${dist} (node scripts/build-web.js)`);
  const server = await serveDist();
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  const browser = await launch();
  const bytes = fs.statSync(file).size;
  const times = { cold: [], intent: [] };
  let failed = false;
  try {
    for (let r = 0; r < rounds; r++) for (const kind of ['cold', 'intent']) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      page.on('crash', () => console.error('bench: the page crashed'));
      page.on('pageerror', (e) => console.error('bench: page error: ' + e.message));
      page.on('console', (m) => { if (m.type() === 'error') console.error('bench: console: ' + m.text()); });
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
      {
        if (kind === 'intent') {
          await page.hover('#drop label[for=file]');
          await page.waitForTimeout(1000);
        }
        await page.evaluate(armInPage);
        // With a period file beside it (the period's end decides undelivered orders), as
        // scripts/bench gives every implementation.
        await page.setInputFiles('[data-testid=file]', periodFile ? [periodFile, file] : file);
        const got = await page.evaluate(() => window.__bench);
        const diff = got.measures ? measuresDiffer(got.measures) : ['no measures on the page'];
        if (diff.length) failed = true;
        times[kind].push(got.seconds);
        console.log(JSON.stringify({ implementation: `page (Chromium, ${kind})`, round: r + 1, seconds: Number(got.seconds.toFixed(3)),
          mb_per_s: Number((bytes / 1048576 / got.seconds).toFixed(1)), longest_frame_ms: got.longest_frame_ms,
          frames_over_100ms: got.frames_over_100ms, frames: got.frames, rows: got.rows,
          measures_equal: diff.length ? diff : 'yes' }));
        console.log('  phases (ms from the change event): ' + got.phases.map((p) => `${p.phase} ${p.from_ms}–${p.to_ms}`).join(', '));
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const line = (xs) => `${median(xs).toFixed(3)} [${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}]`;
  const about = `(${(bytes / 1048576).toFixed(1)} MB, ${rounds} rounds, Chromium ${browser.version()})`;
  console.log(`page_seconds: ${line(times.cold)}  ${about}`);
  console.log(`page_seconds_after_intent: ${line(times.intent)}  ${about}`);
  if (failed) process.exit(1);
})().catch((e) => { console.error(e.stack || e.message || e); process.exit(2); });
