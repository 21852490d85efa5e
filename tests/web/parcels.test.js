// The failing parcels on the page (issue 13 item 2): after a shipments file is dropped, the page
// lists the rows behind the failures with their row number, why and the values that made them
// fail; filters them by reason and by a drill-down segment; downloads them as CSV and .xlsx
// byte for byte as `starsheet --failing-rows` writes them; and never lets a row into the share
// link or the downloaded period. Screenshots go to build/screenshots/.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { launch, openPage, screenshot, fileUrl, root } = require('./support');

const fixture = path.join(root, 'tests', 'fixtures', 'records', 'drilldown-shipments.csv');
const cli = path.join(root, 'build', 'bin', 'starsheet');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

// The CLI's list of the same file (no period end given on either side: the data's).
function cliFailingRows(lang, format) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starsheet-parcels-'));
  try {
    const file = path.join(dir, 'todo.' + format);
    execFileSync(cli, ['import', 'shipments', fixture, '--lang', lang, '--failing-rows', file]);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function dropFixture(page) {
  await page.setInputFiles('[data-testid=file]', fixture);
  await page.waitForSelector('#parcels:not([hidden]) #parcels-table tbody tr', { timeout: 30000 });
}

const rows = (page) => page.$$eval('#parcels-table tbody tr', (trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
const listed = (page) => page.getAttribute('#parcels-table', 'data-rows');

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

test('the failing rows are listed with row, why and their values, and download as the CLI writes them', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFixture(page);
  const csv = cliFailingRows('zh', 'csv').toString('utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.strictEqual(lines.length, 39);  // the header and 38 rows: 34 late, 5 damaged, one both
  assert.strictEqual(await page.textContent('[data-testid=parcels-note]'), '共 38 行未达标，全部列出。');
  assert.strictEqual(await listed(page), '38');
  const first = (await rows(page))[0];
  assert.deepStrictEqual(first.slice(0, 3), ['3', '晚于承诺时效', 'YW00002']);
  assert.ok(first.includes('2026-10-29 04:59') && first.includes('2026-10-28 23:59'), first.join(' | '));

  const d = await download(page, 'parcels-csv');
  assert.strictEqual(d.name, 'drilldown-shipments-failing.csv');
  assert.ok(d.bytes.equals(Buffer.from(csv, 'utf8')), 'the page\'s CSV is the CLI\'s');
  const x = await download(page, 'parcels-xlsx');
  assert.ok(x.bytes.equals(cliFailingRows('zh', 'xlsx')), 'the page\'s .xlsx is the CLI\'s');

  // By reason: the five damaged parcels.
  await page.selectOption('[data-testid=parcels-reason]', 'damaged');
  await page.waitForFunction(() => document.querySelector('#parcels-table').dataset.rows === '5');
  assert.ok((await rows(page)).every((r) => /货物不完好/.test(r[1])));
  assert.match(await page.textContent('[data-testid=parcels-note]'), /符合筛选的 5 行。$/);
  await page.selectOption('[data-testid=parcels-reason]', '');

  // From the drill-down: the parcels of one channel, as many as the CLI's list has.
  const yanwen = lines.slice(1).filter((l) => l.split(',')[3] === '燕文经济').length;
  assert.ok(yanwen >= 30);
  await page.click('#drill-table tbody tr:first-child [data-testid=drill-parcels]');
  await page.waitForFunction((n) => document.querySelector('#parcels-table').dataset.rows === String(n), yanwen);
  assert.strictEqual(await page.inputValue('[data-testid=parcels-by]'), '物流渠道');
  assert.strictEqual(await page.inputValue('[data-testid=parcels-value]'), '燕文经济');
  const filtered = await download(page, 'parcels-csv');
  assert.strictEqual(filtered.bytes.toString('utf8').trim().split('\r\n').length, 1 + yanwen);
  await screenshot(page, 'parcels-zh-desktop');

  // The rows never travel: not in the share link's period nor in the downloaded period.
  const travelling = await page.evaluate(() => JSON.stringify(window.Starsheet.app.travelling()));
  assert.ok(!travelling.includes('YW0000'), 'an order id is in the travelling period');
  assert.deepStrictEqual(page.errors, []);
});

test('the parcels of a delay band: from the intact rate split by how late the orders were', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFixture(page);
  await page.selectOption('[data-testid=drill-indicator]', 'intact_rate');
  await page.selectOption('[data-testid=drill-by]', 'delay_band');
  const bands = await page.$$eval('#drill-table tbody tr', (trs) => trs.map((r) => [r.querySelector('.segment').textContent, r.cells[1].textContent]));
  // 206 orders on time (4 damaged), 13 late by under 24 h, 13 by 24–48 h (1 damaged), 8 by more.
  assert.deepStrictEqual(bands.sort(), [['准时', '4 / 206'], ['延误24–48小时', '1 / 13'], ['延误不足24小时', '0 / 13'], ['延误超过48小时', '0 / 8']]);
  const row = page.locator('#drill-table tbody tr', { hasText: '延误24–48小时' });
  await row.locator('[data-testid=drill-parcels]').click();
  // Every order of a late band is a failing row: the 13 late by 24–48 h.
  await page.waitForFunction(() => document.querySelector('#parcels-table').dataset.rows === '13');
  assert.strictEqual(await page.inputValue('[data-testid=parcels-by]'), 'delay_band');
  assert.strictEqual(await page.inputValue('[data-testid=parcels-value]'), 'late_24_to_48h');
  assert.ok((await rows(page)).every((r) => /晚于承诺时效/.test(r[1])));
  assert.deepStrictEqual(page.errors, []);
});

test('the failing parcels follow a language switch, and on a phone each row is a card', async () => {
  for (const [lang, locale] of [['zh', 'zh-CN'], ['en', 'en-US']]) {
    const page = await openPage(browser, fileUrl, { locale });
    await page.setViewportSize({ width: 390, height: 844 });
    await dropFixture(page);
    if (lang === 'en') {
      await page.waitForFunction(() => /failing rows/.test(document.querySelector('[data-testid=parcels-note]').textContent));
      assert.strictEqual(await page.textContent('#parcels-heading'), 'The failing parcels');
      assert.deepStrictEqual((await rows(page))[0].slice(0, 2), ['3', 'late']);
      const d = await download(page, 'parcels-csv');
      assert.ok(d.bytes.equals(cliFailingRows('en', 'csv')), 'the English CSV is the CLI\'s');
    }
    // A card: the cells stack, each named by its column.
    const display = await page.$eval('#parcels-table tbody tr', (r) => getComputedStyle(r).display);
    assert.strictEqual(display, 'block');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    await page.$eval('#parcels', (s) => s.scrollIntoView());
    await screenshot(page, `parcels-${lang}-phone`);
    assert.deepStrictEqual(page.errors, []);
  }
});
