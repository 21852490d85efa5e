// Accessibility in Chromium: axe-core at the first view, the mapping step, the result (zh and en)
// and trends, with no critical, serious or moderate violation; then the phone view (390 px) and
// the keyboard: cards for the indicators, chart text at 11 px or more, no sideways scroll,
// visible focus, focus on the result after scoring. Build first: scripts/build-web.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { launch, fileUrl, example, root } = require('./support');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const period = (name) => path.join(root, 'examples', name);
const shipments = path.join(root, 'tests', 'fixtures', 'records', 'cn-shipments.utf8.csv');
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

// The page's policy pins its own scripts by hash; axe is injected only in these contexts.
async function open({ locale = 'zh-CN', width = 1366, height = 900 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height }, bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(fileUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return page;
}

// Every violation of impact moderate or above, as "id (impact): targets" lines.
async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => ['critical', 'serious', 'moderate'].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function scoreExample(page) {
  await page.setInputFiles('[data-testid=file]', period('huayun-2026-10.json'));
  await page.waitForSelector('#result:not([hidden])', { timeout: 10000 });
}

async function importShipments(page) {
  await page.setInputFiles('[data-testid=file]', shipments);
  await page.waitForSelector('.file-panel .import-rows', { timeout: 30000 });
  await page.waitForFunction(() => document.body.dataset.importing === 'false', null, { timeout: 30000 });
  await page.$$eval('#mapping details', (list) => list.forEach((d) => { d.open = true; }));
}

// A period and a shipments file with channel, destination and warehouse columns and rows that
// cannot be true: the data quality in points, the drill-down in points and the failing parcels.
async function showDrilldown(page) {
  const records = path.join(root, 'tests', 'fixtures', 'records');
  await page.setInputFiles('[data-testid=file]', [path.join(records, 'drilldown-period.json'), path.join(records, 'quality-shipments.csv')]);
  await page.waitForSelector('#quality:not([hidden]) #quality-list li', { timeout: 30000 });
  await page.waitForSelector('#drilldown:not([hidden]) #drill-table tbody tr', { timeout: 30000 });
  await page.waitForSelector('#parcels:not([hidden]) #parcels-table tbody tr', { timeout: 30000 });
}

// The drill-down of one indicator of a period and its shipments file (tests/fixtures/records).
const drilldownOf = (periodFile, shipments, indicator) => async (page) => {
  const records = path.join(root, 'tests', 'fixtures', 'records');
  await page.setInputFiles('[data-testid=file]', [path.join(records, periodFile), path.join(records, shipments)]);
  await page.waitForSelector('#drilldown:not([hidden]) #drill-table tbody tr', { timeout: 30000 });
  await page.selectOption('[data-testid=drill-indicator]', indicator);
  await page.waitForSelector('#parcels:not([hidden]) #parcels-table tbody tr', { timeout: 30000 });
};
// An average's: exception hours by channel (make_slow.py); the transit's: its ratio to the
// industry averages by channel, with each mode's limit (make_transit.py).
const showAverageDrilldown = drilldownOf('drilldown-period.json', 'slow-shipments.csv', 'exception_handling_hours');
const showTransitDrilldown = drilldownOf('transit-period.json', 'transit-shipments.csv', 'avg_transit_days');

// The local history's panel, opted in, with a kept period.
async function showHistory(page) {
  await page.click('#history summary');
  await page.check('[data-testid=history-on]');
  await scoreExample(page);
  await page.waitForSelector('[data-testid=history-list] li');
}

async function showTrends(page) {
  await page.setInputFiles('[data-testid=file]', [period('huayun-2026-10.json'), period('huayun-2026-11.json')]);
  await page.waitForSelector('#trends:not([hidden]) svg', { timeout: 15000 });
}

const views = [
  ['the first view', 'zh-CN', async () => {}],
  ['the mapping step', 'zh-CN', importShipments],
  ['the result (zh)', 'zh-CN', scoreExample],
  ['the result (en)', 'en-US', scoreExample],
  ['trends (zh)', 'zh-CN', showTrends],
  ['trends (en)', 'en-US', showTrends],
  ['the drill-down (zh)', 'zh-CN', showDrilldown],
  ['the drill-down (en)', 'en-US', showDrilldown],
  ['the drill-down of an average (zh)', 'zh-CN', showAverageDrilldown],
  ['the drill-down of the transit (zh)', 'zh-CN', showTransitDrilldown],
  ['the local history (zh)', 'zh-CN', showHistory],
  ['the local history (en)', 'en-US', showHistory],
];
for (const [name, locale, reach] of views) {
  test(`axe: no critical, serious or moderate violation at ${name}`, async () => {
    const page = await open({ locale });
    await reach(page);
    const found = await axeViolations(page);
    assert.deepStrictEqual(found, [], `axe found at ${name}:\n  ${found.join('\n  ')}`);
    assert.deepStrictEqual(page.errors, []);
    await page.context().close();
  });
}

for (const [name, locale, reach] of [['the mapping step', 'zh-CN', importShipments], ['the result', 'en-US', scoreExample],
  ['the drill-down', 'en-US', showDrilldown], ['the drill-down of an average', 'en-US', showAverageDrilldown],
  ['the drill-down of the transit', 'en-US', showTransitDrilldown]]) {
  test(`axe at 390 px: no critical, serious or moderate violation at ${name}`, async () => {
    const page = await open({ locale, width: 390, height: 844 });
    await reach(page);
    const found = await axeViolations(page);
    assert.deepStrictEqual(found, [], `axe found at ${name} (390 px):\n  ${found.join('\n  ')}`);
    await page.context().close();
  });
}

// Table cells laid out with fewer than two characters a line (a column squeezed to one character).
const squeezedCells = (page, scope) => page.$$eval(`${scope} th, ${scope} td`, (cells) => cells.filter((c) => {
  const chars = c.textContent.replace(/\s/g, '').length;
  if (chars < 3 || !c.getClientRects().length) return false;
  // The lines of its text: the line boxes of its text nodes, by their tops.
  const tops = [];
  const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
  }
  tops.sort((a, b) => a - b);
  const lines = tops.filter((top, i) => i === 0 || top > tops[i - 1] + 4).length;
  return lines > 0 && chars / lines < 2;
}).map((c) => c.textContent.trim().slice(0, 30)));

// Each chart text's size on screen: its font size times the chart's scale.
const smallChartText = (page) => page.$$eval('#result svg text, #trends svg text', (texts) => texts
  .map((x) => ({ text: x.textContent, px: parseFloat(getComputedStyle(x).fontSize) * x.getScreenCTM().a }))
  .filter((x) => x.px < 11 - 1e-6));

for (const locale of ['zh-CN', 'en-US']) {
  test(`at 390 px (${locale}): the indicators are cards, chart text is 11 px or more, nothing scrolls sideways`, async () => {
    const page = await open({ locale, width: 390, height: 844 });
    await showTrends(page);
    const row = await page.$eval('#indicators tbody tr:not(.cat-row)', (r) => ({
      display: getComputedStyle(r).display, head: getComputedStyle(r.closest('table').tHead).display,
      label: getComputedStyle(r.cells[1], '::before').content,
    }));
    assert.ok(['block', 'grid', 'flex'].includes(row.display), `an indicator row displays as ${row.display}`);
    assert.strictEqual(row.head, 'none');
    assert.match(row.label, locale === 'en-US' ? /Value/ : /数值/);  // each line names its column
    assert.ok(await page.locator('#radar svg text').count() >= 8);
    assert.ok(await page.locator('#trends svg text').count() >= 8);
    assert.deepStrictEqual(await smallChartText(page), []);
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 390, 'the page scrolls sideways');
    assert.deepStrictEqual(await squeezedCells(page, 'main'), []);
    await page.context().close();
  });
}

test('at 390 px the mapping step fits: no sideways scroll, no column one character wide', async () => {
  const page = await open({ width: 390, height: 844 });
  await importShipments(page);
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth) <= 390, 'the page scrolls sideways');
  assert.deepStrictEqual(await squeezedCells(page, 'main'), []);
  await page.context().close();
});

test('every control shows a visible focus outline when reached with the keyboard', async () => {
  const page = await open({ locale: 'en-US' });
  await scoreExample(page);
  await page.$$eval('details', (list) => list.forEach((d) => { d.open = true; }));
  await page.focus('#lang');
  const seen = [];
  for (let i = 0; i < 600; i++) {
    const focus = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return null;
      // The file input is hidden; its label is the visible chooser.
      const shown = a.id === 'file' ? document.querySelector('label[for=file]') : a;
      const s = getComputedStyle(shown);
      return { what: a.id || a.tagName + '.' + a.className, style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
    });
    if (!focus || (seen.length && focus.what === seen[0].what)) break;
    seen.push(focus);
    await page.keyboard.press('Tab');
  }
  assert.ok(seen.length > 50, `only ${seen.length} controls reached`);
  assert.ok(seen.some((f) => f.what === 'file'), 'the file chooser is reached');
  const invisible = seen.filter((f) => f.style === 'none' || f.width < 2);
  assert.deepStrictEqual(invisible, []);
  await page.context().close();
});

test('after scoring, the focus is on the result heading, in view; a what-if keeps its field', async () => {
  const page = await open({ locale: 'en-US', width: 390, height: 844 });
  await page.fill('[data-testid=paste]', example);
  await page.focus('[data-testid=run]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'result-heading', null, { timeout: 10000 });
  const box = await page.$eval('#result-heading', (h) => h.getBoundingClientRect().toJSON());
  assert.ok(box.top >= 0 && box.bottom <= 844, `the heading is out of view at ${box.top}`);
  assert.notStrictEqual(await page.$eval('#result-heading', (h) => getComputedStyle(h).outlineStyle), 'none');
  // Files chosen: the same.
  await page.focus('#lang');
  await page.setInputFiles('[data-testid=file]', period('huayun-2026-11.json'));
  await page.waitForFunction(() => /79/.test(document.querySelector('[data-testid=total]').textContent));
  await page.waitForFunction(() => document.activeElement.id === 'result-heading');
  // A what-if re-scores in place: the focus stays in its field.
  await page.fill('#what-if-realtime_query_rate', '97');
  await page.press('#what-if-realtime_query_rate', 'Enter');
  await page.waitForFunction(() => !/79/.test(document.querySelector('[data-testid=total]').textContent));
  assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'what-if-realtime_query_rate');
  await page.context().close();
});

test('at 390 px a category with nothing measured folds under its name; a tap opens it', async () => {
  const page = await open({ width: 390, height: 844 });
  await importShipments(page);
  await page.waitForSelector('#result:not([hidden])', { timeout: 10000 });
  const report = await page.evaluate(() => window.Starsheet.app.state.report);
  const measured = report.categories.filter((c) => c.measured > 0);
  const shown = () => page.$$eval('#indicators tbody tr:not(.cat-row)', (rows) => rows.filter((r) => r.getClientRects().length).length);
  // Only the cards of the categories with a measured indicator are shown.
  assert.ok(measured.length > 0 && measured.length < report.categories.length);
  assert.strictEqual(await shown(), measured.reduce((n, c) => n + c.of, 0));
  const folded = report.categories.find((c) => c.measured === 0);
  const toggle = page.locator(`.cat-toggle[data-category="${folded.id}"]`);
  assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
  assert.match(await toggle.innerText(), new RegExp(`${folded.label}[\\s\\S]*已测 0/${folded.of} 项`));
  await toggle.click();
  assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
  assert.strictEqual(await shown(), measured.reduce((n, c) => n + c.of, 0) + folded.of);
  // A redraw (a language switch) keeps what the user opened.
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('.cat-toggle').textContent.includes('measured'));
  assert.strictEqual(await page.locator(`.cat-toggle[data-category="${folded.id}"]`).getAttribute('aria-expanded'), 'true');
  const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
  console.log(`# page height at 390 px after a shipments import, one category opened: ${height} px`);
  assert.deepStrictEqual(await squeezedCells(page, 'main'), []);
  await page.context().close();
});
