// Data quality in points on the page (issue 13 item 3): a period and a shipments file with rows
// that cannot be true (delivered before shipped, promised before shipped, a date a year outside
// the period, a repeated id; make_quality.py) are dropped; the page lists each finding with its rows and the
// score as the file says and without those rows — the same report as the CLI's — in zh and en
// and on a phone. A clean file shows no such section and loads none of its code.
// Screenshots go to build/screenshots/.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { launch, openPage, fileUrl, root } = require('./support');

const records = path.join(root, 'tests', 'fixtures', 'records');
const fixture = path.join(records, 'quality-shipments.csv');
const period = path.join(records, 'drilldown-period.json');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

async function drop(page) {
  await page.setInputFiles('[data-testid=file]', [period, fixture]);
  await page.waitForSelector('#quality:not([hidden]) #quality-list li', { timeout: 30000 });
}
async function screenshot(page, name) {
  const dir = path.join(root, 'build', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await (await page.$('#quality')).screenshot({ path: path.join(dir, name + '.png') });
}
const items = (page) => page.$$eval('#quality-list li', (lis) => lis.map((li) => li.textContent));

test('each finding is listed with its rows and the score without them, as the CLI reports it', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page);
  const zh = await items(page);
  assert.strictEqual(zh.length, 4);
  assert.strictEqual(zh[0], '签收早于出库：11 行（如第 3、4、5、8、11 行）按文件原样：4 分，1★ → 去掉这些行：3 分，1★ — 这些数据让总分多了 1 分');
  assert.strictEqual(await page.getAttribute('#quality-list li:first-child', 'class'), 'flatters');
  assert.match(zh[2], /^日期在考核期 90 天之外：1 行（如第 12 行）/);
  assert.match(zh[3], /^重复单号（第二次及以后出现的行）：1 行（如第 10 行）/);
  assert.deepStrictEqual(await page.$$eval('#quality-list li', (lis) => lis.map((li) => li.dataset.finding)),
    ['delivered_before_shipped', 'promised_before_shipped', 'outside_period', 'duplicate_id']);

  // One engine: the page's data_quality is the CLI's (the file named as the page names it).
  const cli = JSON.parse(execFileSync(path.join(root, 'build', 'bin', 'starsheet'),
    ['score', period, '--shipments', 'quality-shipments.csv', '--format', 'json'], { cwd: records }).toString());
  const pageJson = await page.evaluate(() => window.Starsheet.app.state.report.data_quality);
  assert.deepStrictEqual(pageJson, cli.data_quality);
  await screenshot(page, 'quality-1366-zh');

  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('#quality-heading').textContent === 'What the data quality does to the score');
  const en = await items(page);
  assert.strictEqual(en[0], 'delivered before shipped — 11 row(s), first: 3, 4, 5, 8, 11as the file says: 4 points, 1★ → without these rows: 3 points, 1★ — this data adds 1 point(s) the score may not deserve');
  await screenshot(page, 'quality-1366-en');

  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.$eval('#quality', (s) => s.scrollWidth <= s.clientWidth);
  assert.ok(wide, 'no sideways scroll on a phone');
  await screenshot(page, 'quality-390-en');
  await page.selectOption('#lang', 'zh');
  await page.waitForFunction(() => document.querySelector('#quality-heading').textContent === '数据质量对得分的影响');
  await screenshot(page, 'quality-390-zh');
  await page.close();
});

test('a clean file shows no data-quality section and loads none of its code', async () => {
  const page = await openPage(browser, fileUrl);
  await page.setInputFiles('[data-testid=file]', [period, path.join(records, 'drilldown-shipments.csv')]);
  await page.waitForSelector('#drilldown:not([hidden]) #drill-table tbody tr', { timeout: 30000 });
  assert.deepStrictEqual(await page.evaluate(() => window.Starsheet.app.state.report.data_quality), []);
  assert.strictEqual(await page.isHidden('#quality'), true);
  assert.strictEqual(await page.evaluate(() => window.Starsheet.quality), undefined);
  await page.close();
});
