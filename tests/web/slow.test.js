// Slow exceptions on the page (issue 13 items 1 and 2 for the averages): a shipments file whose
// exceptions in one channel take longer than the full-points limit. The drill-down splits the
// exception hours by channel with the average and the points its fix adds (the CLI's numbers),
// and the failing parcels list the slow rows under their own reason. Screenshots go to
// build/screenshots/.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { launch, openPage, screenshot, fileUrl, root, drillCells, drillCardsOnPhone } = require('./support');

const fixture = path.join(root, 'tests', 'fixtures', 'records', 'slow-shipments.csv');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

async function dropFixture(page) {
  await page.setInputFiles('[data-testid=file]', fixture);
  await page.waitForSelector('#drilldown:not([hidden]) #drill-table tbody tr', { timeout: 30000 });
}

const cells = drillCells;
const heads = (page) => page.$$eval('#drill-table thead th', (ths) => ths.map((th) => th.textContent));

test('exception hours split by channel: the average, the slow cases and the points their fix adds', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFixture(page);
  await page.selectOption('[data-testid=drill-indicator]', 'exception_handling_hours');
  assert.strictEqual(await page.inputValue('[data-testid=drill-by]'), '物流渠道');
  assert.deepStrictEqual(await heads(page), ['分组', '超时 / 单数', '占全部超时', '平均', '全部改正', '达到下一档']);
  const rows = await cells(page);
  // 15 of 燕文经济's 20 exceptions take 40 h: 625 h / 20 = 31.25 h. Handled in 12 h each, the
  // 60 cases average 8.75 h: full points, +2.
  assert.deepStrictEqual(rows[0], ['燕文经济', '15 / 20', '100%', '31.25 小时', '+2 分', '该分组平均降到 ≤12 小时 需共减少 385 小时，+2 分']);
  assert.deepStrictEqual(rows.slice(1).map((r) => r.slice(0, 4)), [['云途专线', '0 / 23', '0%', '5 小时'], ['4PX标准', '0 / 17', '0%', '5 小时']]);

  // Sorted by the average, lowest first; the page's numbers are the CLI's.
  await page.click('#drill-table thead th:nth-child(4) button');
  await page.click('#drill-table thead th:nth-child(4) button');
  assert.deepStrictEqual((await cells(page)).map((r) => r[3]), ['5 小时', '5 小时', '31.25 小时']);
  const cli = JSON.parse(execFileSync(path.join(root, 'build', 'bin', 'starsheet'),
    ['score', '-', '--shipments', fixture, '--format', 'json'],
    { input: '{"format":"starsheet-period/1","measures":{}}' }).toString());
  const drilldown = await page.evaluate(() => window.Starsheet.app.state.report.drilldown);
  assert.deepStrictEqual(drilldown, cli.drilldown);
  await page.$eval('#drilldown', (e) => e.scrollIntoView());
  await screenshot(page, 'drilldown-exceptions-zh-desktop');

  // The slow rows are failing parcels of their own reason, naming the limit.
  await page.waitForSelector('#parcels:not([hidden]) #parcels-table tbody tr', { timeout: 30000 });
  await page.selectOption('[data-testid=parcels-reason]', 'slow_exception');
  await page.waitForFunction(() => document.querySelector('#parcels-table').dataset.rows === '15');
  const slow = await page.$$eval('#parcels-table tbody tr', (trs) => trs.map((r) => r.cells[1].textContent));
  assert.ok(slow.every((why) => why.includes('异常处理超过 12 小时（满分时限）')), slow.join(' | '));

  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('#drill-table thead th:nth-child(4)').textContent === 'Average');
  assert.deepStrictEqual((await heads(page)).slice(1, 4), ['Over the limit / cases', 'Share over the limit', 'Average']);
  assert.ok((await cells(page)).some((r) => r[3] === '31.25 h'));
  await page.$eval('#drilldown', (e) => e.scrollIntoView());
  await screenshot(page, 'drilldown-exceptions-en-desktop');
});

test('on a phone the average\'s cards name their columns', async () => {
  const reach = async (page) => {
    await dropFixture(page);
    await page.selectOption('[data-testid=drill-indicator]', 'exception_handling_hours');
  };
  await drillCardsOnPhone(browser, reach, 'td', { zh: '超时 / 单数', en: 'Over the limit / cases' }, 'drilldown-exceptions');
});
