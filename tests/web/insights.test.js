// Issue 5 on the page: plans to the next star, practical measures with sources, reference
// checks, recovery exposure, rate intervals, and trends over several periods — in both languages.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { launch, openPage, serveDist, fileUrl, root, score, example, screenshot } = require('./support');

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
  assert.match(await page.textContent('#recovery-body'), /No late, damaged or lost parcel counts yet/);
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
  // Every category drawn as a share of its maximum, with the points in each dot's title.
  assert.strictEqual(await page.locator('#trends-categories-chart polyline').count(), 8);
  const timeliness = await page.getAttribute('#trends-categories-chart polyline[data-category=transport_timeliness]', 'points');
  assert.strictEqual(timeliness.split(' ').length, 2);
  const titles = await page.$$eval('#trends-categories-chart circle title', (ts) => ts.map((x) => x.textContent));
  assert.strictEqual(titles.length, 16);
  assert.ok(titles.some((x) => /^Transport timeliness · 2026-11-01–11-30: 19\/25$/.test(x)), titles.join('\n'));
  assert.match(await page.inputValue('[data-testid=paste]'), /2026-11-01/);
  await screenshot(page, 'trends');
});

test('the trends code is not part of the first load: it loads when several periods are chosen, hosted or from disk', async () => {
  const periods = [path.join(root, 'examples', 'huayun-2026-11.json'), path.join(root, 'examples', 'huayun-2026-10.json')];
  const server = await serveDist();
  try {
    const hosted = await openPage(browser, `http://127.0.0.1:${server.address().port}/index.html`, { locale: 'en-US' });
    await score(hosted, example);
    assert.ok(!server.served.includes('trends.js'), server.served.join(' '));
    await hosted.setInputFiles('[data-testid=file]', periods);
    await hosted.waitForSelector('#trends:not([hidden])', { timeout: 20000 });
    assert.ok(server.served.includes('trends.js'));
    assert.strictEqual(await hosted.locator('#trends-table tbody tr').count(), 2);
    assert.deepStrictEqual(hosted.errors, []);
  } finally {
    server.close();
  }
  // The single file carries it as inert text, run as a script (pinned by its hash) on first use.
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  assert.strictEqual(await page.getAttribute('#trends-source', 'type'), 'text/plain');
  assert.strictEqual(await page.evaluate(() => 'trends' in window.Starsheet), false);
  await page.setInputFiles('[data-testid=file]', periods);
  await page.waitForSelector('#trends:not([hidden])', { timeout: 20000 });
  assert.deepStrictEqual(page.errors, []);
});

test('shipment records price the compensation; an average freight fills the gaps', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await page.setInputFiles('[data-testid=file]', path.join(root, 'tests', 'fixtures', 'records', 'recovery-shipments.csv'));
  await page.waitForSelector('#result:not([hidden])', { timeout: 30000 });
  await page.waitForSelector('#recovery-body li', { timeout: 20000 });
  // No period end: the data's end (10-11 00:00) is used, so A9 (promise 10-20) is not late yet.
  const body = () => page.textContent('#recovery-body');
  assert.match(await body(), /Late by less than 24 h: 1 parcels, their freight 20.5 × 10% = 2.05/);
  assert.match(await body(), /Late by more than 48 h: 2 parcels, their freight 340 × 30% = 102/);
  const items = await page.$$eval('#recovery-body li', (li) => li.map((x) => x.textContent));
  assert.ok(items.includes('Late by 24–48 h: 3 parcels, not priced — enter Average freight per parcel'), items.join('\n'));
  // Freight in yuan (the default) with the cap at 1000 USD × 7.1 = 7100 CNY: A8's 5 × 300 = 1500 is
  // not capped. Low 2.05 + 102 + 3 × (55.5 + 12.5 + 300) = 1208.05; high 2.05 + 102 + 277.5 + 62.5 + 1500 = 1944.05.
  assert.match(await body(), /Freight in Chinese yuan; 1 USD = 7\.1 CNY \(the rule pack's reference rate: approximate, as of 2026-11-30, for estimates only; enter the period's rate under Exchange rate\)/);
  assert.match(await body(), /1,208\.05–1,944\.05 CNY.*not priced and not in the total: Late by 24–48 h/);
  // A10 has no freight, so the 24–48 h band needs an average: the button leads to that field.
  await page.click('#recovery-enter-freight');
  assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'm_measures_recovery_average_freight');
  await page.keyboard.type('50');
  await page.waitForFunction(() => /3 parcels × average freight × 20% = 30/.test(document.getElementById('recovery-body').textContent), null, { timeout: 20000 });
  // 2.05 + 30 + 102 + uninsured 3 × (55.5 + 12.5 + 300) = 1104 → 1238.05; high: 277.5 + 62.5 +
  // min(1500, 7100) = 1840 → 1974.05.
  assert.match(await body(), /1,238\.05–1,974\.05 CNY/);
  assert.strictEqual(await page.$('#recovery-enter-freight'), null);
  await screenshot(page, 'recovery-records');
});
