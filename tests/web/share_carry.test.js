// Everything travels: after importing a shipments file, the share link, the downloaded period
// and a reload carry the measures derived from its rows (aggregates, never rows), where they
// came from (file, kind, rows used) and the language, and what-ifs stay apart from actual values.
// A link the decoder would refuse is never copied: the page says why instead.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const { launch, openPage, fileUrl, root } = require('./support');

const records = path.join(root, 'tests', 'fixtures', 'records');
const cli = path.join(root, 'build', 'bin', 'starsheet');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.importing === 'false' && window.Starsheet.app.state.report &&
    !document.querySelector('.file-panel .busy'), null, { timeout: 30000 });
}

const report = (page) => page.evaluate(() => {
  const r = window.Starsheet.app.state.report;
  return { total: r.total, stars: r.stars, points: Object.fromEntries(r.indicators.map((i) => [i.id, i.points])), ignored: r.ignored };
});
const shared = (page) => page.evaluate(() => window.Starsheet.share.decode(location.hash));

// The link is made after the result is shown: polls the decoded link until `ok` holds.
async function linkWhere(page, ok) {
  for (const end = Date.now() + 20000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const link = await shared(page);
    if (link && ok(link)) return link;
  }
  throw new Error('the link never became what was expected: ' + JSON.stringify(await shared(page)));
}
const linked = (page) => linkWhere(page, (l) => l.settings.sources);

// The period file and the shipments file of tests/fixtures/records: the period gives goods
// (10, 9 intact), which win over the file's (8, 4); the file gives orders (9, 5 on time),
// transit by mode, exceptions and the recovery counts. The CLI scores the two at 9 points, 1 star.
async function imported(locale) {
  const page = await openPage(browser, fileUrl, { locale });
  await page.setInputFiles('[data-testid=file]', [path.join(records, 'cn-period.json'), path.join(records, 'cn-shipments.utf8.csv')]);
  await page.waitForFunction(() => document.querySelectorAll('.file-panel').length === 1, null, { timeout: 30000 });
  await settled(page);
  await linked(page);
  return page;
}

test('a shipments file imported on the page: the link opened in a fresh browser gives the same total, with where it came from', async () => {
  const page = await imported('zh-CN');
  const before = await report(page);
  assert.strictEqual(before.total, 9);
  assert.strictEqual(before.stars, 1);
  assert.match(await page.textContent('[data-testid=total]'), /总分 9 \/ 100/);
  assert.match(await page.textContent('[data-testid=provenance]'), /“cn-shipments\.utf8\.csv”（运单记录，使用 10 行，\d+ 项测量值）/);

  const link = await shared(page);
  assert.strictEqual(link.settings.lang, 'zh');
  assert.deepStrictEqual(link.settings.sources.map((s) => [s.file, s.kind, s.rows]), [['cn-shipments.utf8.csv', 'shipments', 10]]);
  assert.ok(link.settings.sources[0].measures.includes('/measures/orders_total'));
  assert.ok(!link.settings.sources[0].measures.includes('/measures/goods_total'), 'the period\'s own goods won');
  assert.strictEqual(link.period.measures.orders_total, 9);
  assert.strictEqual(link.period.measures.goods_total, 10);
  assert.ok(!('sources' in link.period), 'provenance is not a member of the period');
  assert.ok(!JSON.stringify(link).includes('SF1001'), 'no row travels');

  // A fresh browser: its own context, no files, nothing remembered.
  const other = await launch();
  try {
    const fresh = await openPage(other, page.url(), { locale: 'en-US' });
    await fresh.waitForSelector('#result:not([hidden])');
    assert.deepStrictEqual(await report(fresh), before);
    assert.match(await fresh.textContent('[data-testid=total]'), /总分 9 \/ 100/);  // the link's language
    assert.match(await fresh.textContent('[data-testid=stars]'), /1/);
    const note = await fresh.textContent('[data-testid=provenance]');
    assert.match(note, /部分测量值随分享链接带来/);
    assert.match(note, /“cn-shipments\.utf8\.csv”（运单记录，使用 10 行/);
    // The derived measures are shown as derived, not as the user's own entries.
    assert.strictEqual(await fresh.inputValue('[data-pointer="/measures/orders_total"]'), '');
    assert.match(await fresh.getAttribute('[data-pointer="/measures/orders_total"]', 'placeholder'), /^9 \(运单记录\)$/);
    assert.strictEqual(await fresh.inputValue('[data-pointer="/measures/goods_total"]'), '10');
    assert.deepStrictEqual(fresh.errors, []);
    // Its own link carries the same again.
    await fresh.waitForFunction(() => location.hash.startsWith('#v1.'));
    assert.deepStrictEqual(await shared(fresh), link);
  } finally {
    await other.close();
  }
});

test('the downloaded period holds the derived measures and the CLI scores it the same', async () => {
  const page = await imported('zh-CN');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-period')]);
  const saved = path.join(root, 'build', 'share-carry', 'starsheet-period.json');
  fs.mkdirSync(path.dirname(saved), { recursive: true });
  await download.saveAs(saved);
  const period = JSON.parse(fs.readFileSync(saved, 'utf8'));
  assert.strictEqual(period.format, 'starsheet-period/1');
  const m = period.measures;
  assert.deepStrictEqual([m.orders_total, m.orders_on_time, m.exception_cases, m.exception_hours_total], [9, 5, 2, 30.5]);
  assert.deepStrictEqual(m.transit.sea, { shipments: 2, days_total: 38.5 });
  assert.deepStrictEqual(m.transit.air, { shipments: 1, days_total: 1 });
  assert.strictEqual(m.transit.land.shipments, 3);
  assert.deepStrictEqual([m.goods_total, m.goods_intact], [10, 9]);  // the period's own
  assert.deepStrictEqual(m.recovery, { damaged: 1, lost: 1, late_under_24h: 2, late_24_to_48h: 0, late_over_48h: 1 });
  assert.deepStrictEqual(Object.keys(period).sort(), ['benchmarks', 'format', 'measures', 'period', 'provider']);
  if (fs.existsSync(cli)) {
    const r = spawnSync(cli, ['score', saved, '--format', 'json'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.strictEqual(rep.total, 9);
    assert.deepStrictEqual(rep.ignored, []);
    assert.deepStrictEqual({ total: rep.total, stars: rep.stars, points: Object.fromEntries(rep.indicators.map((i) => [i.id, i.points])) },
      (({ total, stars, points }) => ({ total, stars, points }))(await report(page)));
  }
});

test('a reload keeps the derived measures and the what-if, kept apart from the actual values', async () => {
  const page = await imported('en-US');
  // On time 5 of 9 (55.56 %, 0 points): what if 99 %? (+7 → 16)
  await page.fill('#what-if-on_time_rate', '99');
  await page.press('#what-if-on_time_rate', 'Enter');
  await page.waitForFunction(() => /16/.test(document.querySelector('[data-testid=total]').textContent));
  const link = await linkWhere(page, (l) => l.period.what_if);
  assert.deepStrictEqual(link.period.what_if, { on_time_rate: 99 });
  assert.deepStrictEqual([link.period.measures.orders_total, link.period.measures.orders_on_time], [9, 5]);
  const before = await report(page);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('#result:not([hidden])');
  assert.deepStrictEqual(await report(page), before);
  assert.match(await page.textContent('[data-testid=total]'), /Total 16 \/ 100/);
  assert.strictEqual(await page.isVisible('[data-testid=what-if-banner]'), true);
  assert.strictEqual(await page.inputValue('#what-if-on_time_rate'), '99');
  assert.match(await page.textContent('[data-testid=provenance]'), /came with the share link.*"cn-shipments\.utf8\.csv" \(shipment records; rows used: 10/);
});

test('a file imported after opening a link replaces what the link carried of its kind', async () => {
  const page = await imported('zh-CN');
  const fresh = await openPage(browser, page.url());
  await fresh.waitForSelector('#result:not([hidden])');
  await fresh.setInputFiles('[data-testid=file]', path.join(records, 'recovery-shipments.csv'));
  await fresh.waitForFunction(() => document.querySelectorAll('.file-panel').length === 1, null, { timeout: 30000 });
  await settled(fresh);
  await linkWhere(fresh, (l) => l.settings.sources && l.settings.sources[0].file === 'recovery-shipments.csv');
  const note = await fresh.textContent('[data-testid=provenance]');
  assert.doesNotMatch(note, /cn-shipments|随分享链接/);
  const inputs = await fresh.evaluate(() => window.Starsheet.app.state.report.indicators.find((i) => i.id === 'on_time_rate').inputs);
  assert.deepStrictEqual(inputs, { '/measures/orders_on_time': 3, '/measures/orders_total': 11 });
  const link = await shared(fresh);
  assert.deepStrictEqual(link.settings.sources.map((s) => s.file), ['recovery-shipments.csv']);
});

test('what a link cannot carry is said before copying: one freight a parcel stays on the page', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await page.setInputFiles('[data-testid=file]', path.join(records, 'recovery-shipments.csv'));
  await page.waitForFunction(() => document.querySelectorAll('.file-panel').length === 1, null, { timeout: 30000 });
  await settled(page);
  await linked(page);
  assert.match(await page.textContent('[data-testid=provenance]'), /\nNot carried by the link or the download \(one amount per parcel is row data\): Freight of each damaged or lost parcel/);
  const link = await shared(page);
  assert.deepStrictEqual(link.settings.sources[0].omitted, ['/measures/recovery/damaged_lost_freights']);
  assert.strictEqual(link.period.measures.recovery.late_over_48h_freight, 340);
  assert.ok(!('damaged_lost_freights' in link.period.measures.recovery));
  const fresh = await openPage(browser, page.url(), { locale: 'en-US' });
  await fresh.waitForSelector('#result:not([hidden])');
  assert.strictEqual((await report(fresh)).total, (await report(page)).total);
  assert.match(await fresh.textContent('[data-testid=provenance]'), /Not carried by the link/);
});

test('a link too large to open is not copied: the page says why, in the page\'s language', async () => {
  for (const [locale, message] of [['zh-CN', /数据太多：链接会超过 64 KB，无法打开，因此没有复制/], ['en-US', /Too much data: the link would exceed 64 KB/]]) {
    const page = await openPage(browser, fileUrl, { locale });
    await page.evaluate(() => {
      window.copiedTexts = [];
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text) => { window.copiedTexts.push(text); } } });
    });
    // A provider name of 90,000 random base64 characters deflates to no less than 66 KB, 88 KB as base64.
    const noise = crypto.randomBytes(67500).toString('base64');
    await page.fill('[data-testid=paste]', JSON.stringify({ format: 'starsheet-period/1', provider: noise, measures: { orders_total: 10, orders_on_time: 9 } }));
    await page.click('[data-testid=run]');
    await page.waitForSelector('#result:not([hidden])');
    await page.waitForFunction(() => window.Starsheet.app.state.linkTooLarge === true);
    await page.click('#copy-link');
    assert.match(await page.textContent('#share-status'), message);
    assert.deepStrictEqual(await page.evaluate(() => window.copiedTexts), []);
    assert.strictEqual(await page.evaluate(() => location.hash), '', 'no link the decoder would refuse is kept for a reload');
    // A small period again: the link is copied.
    await page.fill('[data-testid=paste]', JSON.stringify({ format: 'starsheet-period/1', measures: { orders_total: 10, orders_on_time: 9 } }));
    await page.click('[data-testid=run]');
    await page.waitForFunction(() => location.hash.startsWith('#v1.'));
    await page.click('#copy-link');
    await page.waitForFunction(() => window.copiedTexts.length === 1);
    assert.match(await page.evaluate(() => window.copiedTexts[0]), /#v1\./);
  }
});
