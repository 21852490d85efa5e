// Issue 5 on the page: plans to the next star, practical measures with sources, reference
// checks, recovery exposure, rate intervals, and trends over several periods — in both languages.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { launch, openPage, fileUrl, root, score, example, screenshot } = require('./support');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

test('the example shows its plan, practices, reference checks and intervals', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, example);
  // 66 points: 4 more reach 4 stars; the least-effort plan lifts real-time status to ≥ 97 %.
  assert.match(await page.textContent('#plans-body .plan-head'), /To 4 stars: 4 points needed/);
  assert.match(await page.textContent('#plans-body .plan-steps'), /Real-time status query rate: 90% → ≥ 97%, \+5/);
  assert.ok((await page.locator('#practices-body li').count()) > 10);
  assert.match(await page.textContent('#practices-body'), /\[00[1-4] /);
  assert.match(await page.textContent('#reference-body'), /Door-to-door on-time rate: 97% \(target ≥ 98%\) not met \[002 §1.2\]/);
  assert.match(await page.textContent('#recovery-body'), /needed to estimate compensation/);
  // 44 of 46 incidents: the interval spans three tiers.
  assert.match(await page.textContent('#indicators'), /tier not yet certain/);
  assert.match(await page.textContent('#indicators'), /95% interval 96.68–97.28/);
  await screenshot(page, 'insights-en');
});

test('the same in Chinese', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  assert.match(await page.textContent('#plans-body .plan-head'), /升到 4 星：还差 4 分/);
  assert.match(await page.textContent('#reference-body'), /002 §1.2/);
  assert.match(await page.textContent('#indicators'), /样本不足以确定档位/);
});

test('several periods at once: the latest is shown and trends are drawn', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await page.setInputFiles('[data-testid=file]', [
    path.join(root, 'examples', 'huayun-2026-11.json'), path.join(root, 'examples', 'huayun-2026-10.json')]);
  await page.waitForSelector('#trends:not([hidden])', { timeout: 20000 });
  assert.strictEqual(await page.locator('#trends-table tbody tr').count(), 2);
  const first = await page.textContent('#trends-table tbody tr:first-child th');
  assert.match(first, /^2026-10-01/);
  assert.strictEqual(await page.locator('#trends-chart polyline').count(), 1);
  assert.match(await page.inputValue('[data-testid=paste]'), /2026-11-01/);
  await screenshot(page, 'trends');
});
