// Local history (issue 13 item 5): opt-in; each scored period kept in this browser (measures,
// never rows or what-ifs); every kept period as trends with tier crossings per indicator; export
// to one file, import from it, delete on request. Nothing is sent anywhere.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { launch, openPage, score, fileUrl, root } = require('./support');

const october = fs.readFileSync(path.join(root, 'examples', 'huayun-2026-10.json'), 'utf8');
const november = fs.readFileSync(path.join(root, 'examples', 'huayun-2026-11.json'), 'utf8');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

const kept = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('starsheet.history.periods') || '[]'));

async function openHistory(page) {
  await page.click('#history summary');
  await page.waitForSelector('[data-testid=history-on]');
}

test('nothing is kept until the user opts in', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, october);
  await page.waitForTimeout(300);
  assert.deepStrictEqual(await kept(page), []);
  assert.strictEqual(await page.evaluate(() => Boolean(window.Starsheet.history)), false);  // its code never loaded
});

test('opted in: two periods kept, surviving a reload, shown as trends with tier crossings', async () => {
  const page = await openPage(browser, fileUrl);
  await openHistory(page);
  await page.check('[data-testid=history-on]');
  await score(page, october);
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('starsheet.history.periods') || '[]')).length === 1);
  await score(page, november);
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('starsheet.history.periods') || '[]')).length === 2);
  // A what-if is not what happened: not kept.
  await page.fill('#what-if-on_time_rate', '99.5');
  await page.press('#what-if-on_time_rate', 'Enter');
  await page.waitForSelector('#what-if-banner:not([hidden])');
  const list = await kept(page);
  assert.deepStrictEqual(list.map((e) => e.period.period.start), ['2026-10-01', '2026-11-01']);
  assert.ok(list.every((e) => !e.period.what_if), 'a what-if was kept');
  assert.strictEqual(list[0].total, 66);
  assert.strictEqual(list[0].stars, 3);

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await openHistory(page);
  assert.strictEqual(await page.isChecked('[data-testid=history-on]'), true);
  assert.strictEqual(await page.locator('[data-testid=history-list] li').count(), 2);
  await page.click('[data-testid=history-show]');
  await page.waitForSelector('#trends:not([hidden]) #trends-indicators tbody tr');
  assert.strictEqual(await page.locator('#trends-table tbody tr').count(), 2);
  assert.strictEqual(await page.locator('#trends-indicators tbody tr').count(), 31);
  assert.ok(await page.locator('#trends-indicators td[data-crossed]').count() > 0, 'no tier crossing marked');
});

test('the history exports to one file, is deleted on request and comes back from the file', async () => {
  const page = await openPage(browser, fileUrl);
  await openHistory(page);
  await page.check('[data-testid=history-on]');
  await score(page, october);
  await score(page, november);
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('starsheet.history.periods') || '[]')).length === 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=history-export]')]);
  const file = path.join(root, 'build', 'history-export.json');
  await download.saveAs(file);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.strictEqual(doc.format, 'starsheet-history/1');
  assert.strictEqual(doc.periods.length, 2);

  await page.click('[data-testid=history-delete]');
  assert.deepStrictEqual(await kept(page), []);
  assert.strictEqual(await page.evaluate(() => localStorage.getItem('starsheet.history.on')), '0');
  assert.match(await page.textContent('[data-testid=history-status]'), /已删除/);

  await page.setInputFiles('[data-testid=history-file]', file);
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('starsheet.history.periods') || '[]')).length === 2);
  assert.match(await page.textContent('[data-testid=history-status]'), /已导入 2 个周期/);
  // A file that is not a history is refused, and the history stays as it was.
  const other = path.join(root, 'examples', 'huayun-2026-10.json');
  await page.setInputFiles('[data-testid=history-file]', other);
  await page.waitForFunction(() => /starsheet-history/.test(document.querySelector('[data-testid=history-status]').textContent));
  assert.strictEqual((await kept(page)).length, 2);
});
