// The page in a real browser: the test hooks, the single file from disk, sharing, languages,
// safety and privacy. Build first: scripts/build-web.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { launch, openPage, serveDist, screenshot, score, fileUrl, example, root } = require('./support');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

// The page may load its own files and blob:/data: URLs; nothing else, ever.
function assertOnlyOwnFiles(page, origin) {
  const foreign = page.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepStrictEqual(foreign, []);
}

test('pasting the example JSON gives 3 stars and 66 points (single file from disk)', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  assert.match(await page.textContent('[data-testid=stars]'), /3/);
  assert.match(await page.textContent('[data-testid=total]'), /66/);
  assert.match(await page.textContent('#star-label'), /三星级/);
  assert.strictEqual(await page.locator('#categories tbody tr').count(), 8);
  assert.strictEqual(await page.locator('#indicators tbody tr:not(.cat-row)').count(), 31);
  // The advice leads with the next-star plan's step: real-time status 90 % → 97 %, +5.
  assert.match(await page.textContent('#advice li:first-child'), /\+5/);
  await screenshot(page, 'result-zh');
  assertOnlyOwnFiles(page, 'file://');
  assert.deepStrictEqual(page.errors, []);
});

test('the headline says how many indicators were measured; too few make the stars provisional', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, example);
  assert.match(await page.textContent('[data-testid=coverage]'), /^31 of 31 indicators measured$/);
  assert.strictEqual(await page.isVisible('[data-testid=what-if-banner]'), false);
  await score(page, JSON.stringify({ format: 'starsheet-period/1', measures: { orders_total: 100, orders_on_time: 90 } }));
  await page.waitForFunction(() => /^1 of 31 /.test(document.querySelector('[data-testid=coverage]').textContent));
  assert.match(await page.textContent('#star-description'), /^Provisional: based on 1 of 31 indicators/);
  assert.doesNotMatch(await page.textContent('#result'), /reform/);
  assert.match(await page.textContent('#categories'), /No indicator of this category was measured/);
});

test('values are shown as the core formats them: 98,999 of 100,000 is 98.999 %, never 99 %', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, JSON.stringify({ format: 'starsheet-period/1', measures: { orders_total: 100000, orders_on_time: 98999 } }));
  const row = page.locator('#indicators tbody tr.status-scored').first();
  assert.match(await row.textContent(), /98\.999%/);
  assert.match(await row.textContent(), /≥ 95%/);
  assert.doesNotMatch(await page.textContent('#indicators'), /(^|[^.\d])99%/);
  assert.doesNotMatch(await page.innerText('body'), /\bnull\b/);  // rendered text only, not the inline scripts
});

test('what-if fields read 97%, full-width digits and grouping, refuse junk and question a fraction', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, example);
  const field = '#what-if-realtime_query_rate';
  for (const [typed, message] of [['abc', /Cannot read "abc"/], ['0.97', /"0\.97" looks like a fraction: enter percentages as 97/], ['150', /expected a percentage from 0 to 100, got 150/]]) {
    await page.fill(field, typed);
    await page.press(field, 'Enter');
    // Each message is waited for itself: the box still shows the previous one meanwhile.
    await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('input-error').textContent), message.source);
    assert.strictEqual(await page.isVisible('#input-error'), true);
    assert.match(await page.textContent('[data-testid=total]'), /66/);
  }
  await page.fill(field, '９７％');
  await page.press(field, 'Enter');
  await page.waitForFunction(() => /71/.test(document.querySelector('[data-testid=total]').textContent));
  assert.strictEqual(await page.isHidden('#input-error'), true);
});

test('the hosted build works from a static server and asks for nothing else', async () => {
  const server = await serveDist();
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const page = await openPage(browser, origin + '/index.html', { locale: 'en-US' });
    await score(page, example);
    assert.match(await page.textContent('[data-testid=total]'), /66/);
    assert.match(await page.textContent('#star-label'), /Three stars/);
    assertOnlyOwnFiles(page, origin);
    await screenshot(page, 'result-en-hosted');
  } finally {
    server.close();
  }
});

test('the share link reproduces the result in a fresh page', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  await page.waitForFunction(() => location.hash.startsWith('#v1.'));
  const link = page.url();
  assert.ok(!link.includes('12480'), 'the fragment is compressed, not plain JSON');
  const fresh = await openPage(browser, link);
  await fresh.waitForSelector('#result:not([hidden])');
  assert.match(await fresh.textContent('[data-testid=stars]'), /3/);
  assert.match(await fresh.textContent('[data-testid=total]'), /66/);
  assert.strictEqual(await fresh.inputValue('#provider'), '华运跨境物流（深圳）有限公司');
});

test('what-if: editing a measure re-scores at once', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  // 44 of 46 incidents in time is 95.65 % (3 points); 46 of 46 is 100 % (6 points): 66 → 69.
  const field = page.locator('[data-pointer="/measures/incidents_handled_in_time"]');
  await field.fill('46');
  await page.waitForFunction(() => /69/.test(document.querySelector('[data-testid=total]').textContent));
  // 5 more points on top (e.g. licences) would lift it; an impossible value is flagged instead.
  await field.fill('47');
  await page.waitForFunction(() => document.querySelector('[data-pointer="/measures/incidents_handled_in_time"]').getAttribute('aria-invalid') === 'true');
  // In the page's language, the fields by their labels, the pointer in small type (issue 10 item 5).
  assert.strictEqual(await page.textContent('#input-error'),
    '突发状况及时处理次数：47 大于突发状况总次数（46）；部分不能超过整体 /measures/incidents_handled_in_time');
  assert.strictEqual(await page.textContent('#m_measures_incidents_handled_in_time-err'), '47 大于突发状况总次数（46）；部分不能超过整体');
  assert.match(await page.textContent('[data-testid=total]'), /69/);
});

test('a provider name with HTML shows as text', async () => {
  const page = await openPage(browser, fileUrl);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  const period = JSON.parse(example);
  period.provider = '<img src=x onerror=alert(1)>';
  await score(page, JSON.stringify(period));
  assert.strictEqual(await page.inputValue('#provider'), '<img src=x onerror=alert(1)>');
  assert.match(await page.textContent('#print-meta'), /<img src=x onerror=alert\(1\)>/);
  assert.strictEqual(await page.locator('img').count(), 0);
  await page.waitForTimeout(300);
  assert.strictEqual(dialogs, 0);
});

test('the language switch changes every text and is remembered', async () => {
  const page = await openPage(browser, fileUrl);
  assert.strictEqual(await page.getAttribute('html', 'lang'), 'zh-CN');
  await score(page, example);
  assert.match(await page.textContent('#categories tbody tr:first-child th'), /运输时效/);
  await page.selectOption('[data-testid=lang]', 'en');
  await page.waitForFunction(() => /Transport timeliness/.test(document.querySelector('#categories tbody tr th').textContent));
  assert.match(await page.textContent('[data-testid=run]'), /Compute score/);
  assert.match(await page.textContent('#star-label'), /Three stars/);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.strictEqual(await page.getAttribute('html', 'lang'), 'en');
});

test('a link\'s language opens the page for a new reader; a language chosen here wins over it', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  await page.selectOption('[data-testid=lang]', 'en');
  await page.waitForFunction(() => /Transport timeliness/.test(document.querySelector('#categories tbody tr th').textContent));
  // The fragment catches up with the switch on its own; wait until it carries English.
  const linkLang = (url) => {
    const hash = new URL(url).hash;
    if (!hash.startsWith('#v1.')) return null;
    return JSON.parse(zlib.inflateRawSync(Buffer.from(hash.slice(4), 'base64url'))).settings.lang;
  };
  for (let i = 0; i < 100 && linkLang(page.url()) !== 'en'; i++) await page.waitForTimeout(50);
  const link = page.url();
  assert.strictEqual(linkLang(link), 'en');
  const fresh = await openPage(browser, link);  // a new browser profile: no language chosen there
  await fresh.waitForSelector('#result:not([hidden])');
  assert.strictEqual(await fresh.getAttribute('html', 'lang'), 'en');
  assert.match(await fresh.textContent('#star-label'), /Three stars/);
  // The reader switches to Chinese and opens the English link again: Chinese stays.
  await fresh.selectOption('[data-testid=lang]', 'zh');
  await fresh.goto('about:blank');
  await fresh.goto(link);
  await fresh.waitForSelector('body[data-ready="true"]');
  await fresh.waitForSelector('#result:not([hidden])');
  assert.strictEqual(await fresh.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await fresh.textContent('#star-label'), /三星级/);
});

test('bad input shows the engine\'s precise message', async () => {
  const page = await openPage(browser, fileUrl);
  await page.fill('[data-testid=paste]', '{"format":"starsheet-period/1","measures":{"orders_total":-3}}');
  await page.click('[data-testid=run]');
  await page.waitForSelector('#input-error:not([hidden])');
  assert.strictEqual(await page.textContent('#input-error'), '订单总数：应为不小于 0 的整数，实为 -3 /measures/orders_total');
  assert.strictEqual(await page.textContent('#input-error small.pointer'), '/measures/orders_total');
});

test('keyboard alone: paste, tab to the button, press Enter', async () => {
  const page = await openPage(browser, fileUrl);
  await page.focus('[data-testid=paste]');
  await page.keyboard.insertText(example);
  // Tab order follows the page: the file chooser, then the button that computes.
  await page.keyboard.press('Tab');
  assert.strictEqual(await page.evaluate(() => document.activeElement.dataset.testid), 'file');
  await page.keyboard.press('Tab');
  assert.strictEqual(await page.evaluate(() => document.activeElement.dataset.testid), 'run');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#result:not([hidden])');
  assert.match(await page.textContent('[data-testid=total]'), /66/);
});

test('a period JSON file chosen with the file input is scored', async () => {
  const page = await openPage(browser, fileUrl);
  await page.setInputFiles('[data-testid=file]', path.join(root, 'examples', 'huayun-2026-10.json'));
  await page.waitForSelector('#result:not([hidden])');
  assert.match(await page.textContent('[data-testid=total]'), /66/);
});

test('print layout shows the filled-in Table A.2 form', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('#form-table'));
  assert.strictEqual(await page.locator('#form-table tbody tr').count(), 31);
  assert.match(await page.textContent('#form-table tfoot'), /66/);
  assert.ok(!(await page.isVisible('#input')));
  const pdf = await page.pdf({ format: 'A4' });
  fs.mkdirSync(path.join(root, 'build', 'screenshots'), { recursive: true });
  fs.writeFileSync(path.join(root, 'build', 'screenshots', 'report.pdf'), pdf);
  await screenshot(page, 'print');
});

test('the first result shows its first screen, then lays out the parts below it; print has them all', async () => {
  const page = await openPage(browser, fileUrl);
  await page.fill('[data-testid=paste]', example);
  // Read in the task that draws the result (a mutation observer runs right after it).
  const drawing = await page.evaluate(() => new Promise((resolve) => {
    const result = document.getElementById('result');
    const observer = new MutationObserver(() => {
      if (result.hidden) return;
      observer.disconnect();
      resolve({ measures: getComputedStyle(document.getElementById('measures')).contentVisibility,
        summary: getComputedStyle(document.querySelector('#result .summary')).contentVisibility,
        drawn: document.body.classList.contains('result-drawn') });
    });
    observer.observe(result, { attributes: true, attributeFilter: ['hidden'] });
    document.querySelector('[data-testid=run]').click();
  }));
  assert.deepStrictEqual(drawing, { measures: 'auto', summary: 'visible', drawn: false });
  await page.waitForSelector('body.result-drawn');
  assert.strictEqual(await page.$eval('#measures', (e) => getComputedStyle(e).contentVisibility), 'visible');
  // Laid out in full: 31 indicator rows of real height, not the placeholder's.
  const rowHeights = await page.$$eval('#indicators tbody tr:not(.cat-row)', (rows) => rows.map((r) => r.getBoundingClientRect().height));
  assert.strictEqual(rowHeights.filter((h) => h > 10).length, 31);
  // Printed before that frame came, nothing would be skipped.
  const fresh = await openPage(browser, fileUrl);
  await fresh.emulateMedia({ media: 'print' });
  assert.strictEqual(await fresh.$eval('#measures', (e) => getComputedStyle(e).contentVisibility), 'visible');
  assert.deepStrictEqual(page.errors, []);
});

test('what-if on an indicator value: points, stars and advice follow, and the link keeps it', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, example);
  // Emergency response 95.65 % (3 of 6): what if 99 %? +3 → 69; real-time status 90 % → 97 %: +5 → 74.
  await page.fill('#what-if-emergency_response_rate', '99');
  await page.press('#what-if-emergency_response_rate', 'Enter');
  await page.waitForFunction(() => /69/.test(document.querySelector('[data-testid=total]').textContent));
  await page.fill('#what-if-realtime_query_rate', '97');
  await page.press('#what-if-realtime_query_rate', 'Enter');
  await page.waitForFunction(() => /74/.test(document.querySelector('[data-testid=total]').textContent));
  assert.match(await page.textContent('[data-testid=stars]'), /4/);
  assert.match(await page.textContent('#indicators'), /scored on a what-if value/);
  // A what-if result is never shown as if it were actual.
  assert.strictEqual(await page.isVisible('[data-testid=what-if-banner]'), true);
  assert.match(await page.textContent('[data-testid=what-if-banner]'), /WHAT-IF RESULT\] 2 indicator\(s\) scored on assumed values/);
  assert.doesNotMatch(await page.textContent('#advice'), /Emergency response rate: now/);
  await page.waitForFunction(() => location.hash.startsWith('#v1.'));
  const fresh = await openPage(browser, page.url(), { locale: 'en-US' });
  await fresh.waitForSelector('#result:not([hidden])');
  assert.match(await fresh.textContent('[data-testid=total]'), /74/);
  assert.strictEqual(await fresh.inputValue('#what-if-realtime_query_rate'), '97');
  // Actual and assumed side by side, every assumed value listed, the printed form marked too.
  assert.strictEqual(await fresh.textContent('[data-testid=what-if-actual]'), 'Actual: 66 points, 3★ → what-if: 74 points, 4★');
  assert.deepStrictEqual(await fresh.locator('#what-if-list li').allTextContents(),
    ['Emergency response rate: assumed 99%', 'Real-time status query rate: assumed 97%']);
  assert.match(await fresh.textContent('#print-what-if'), /^\[WHAT-IF RESULT\] 2 .* Actual: 66 points, 3★ → what-if: 74 points, 4★$/);
  await screenshot(fresh, 'what-if-en');
  // One button clears them all: back to the actual result, no banner, empty fields.
  await fresh.click('#what-if-reset');
  await fresh.waitForFunction(() => document.querySelector('[data-testid=what-if-banner]').hidden);
  assert.match(await fresh.textContent('[data-testid=total]'), /66/);
  assert.strictEqual(await fresh.inputValue('#what-if-realtime_query_rate'), '');
  assert.strictEqual(await fresh.isVisible('#print-what-if'), false);
});

test('the next-period outlook stands beside the stars, drawn in the core, in the page\'s language', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  const outlook = page.locator('[data-testid=outlook]');
  assert.strictEqual(await outlook.innerText(), '下期保持 3★ 或更高的概率：100%\n执行方案后下期达到 4★ 或更高的概率：39%');
  assert.match(await outlook.getAttribute('title'), /^把本期 9 项比率的计数看作样本/);
  const report = await page.evaluate(() => window.Starsheet.app.state.report);
  assert.strictEqual(report.outlook.next_period.draws, 4000);
  assert.strictEqual(Object.values(report.outlook.next_period.stars).reduce((a, b) => a + b, 0), 1);
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => /Chance of keeping/.test(document.querySelector('[data-testid=outlook]').textContent));
  assert.strictEqual(await outlook.innerText(),
    'Chance of keeping 3★ or better next period: 100%\nChance of 4★ or better next period after the plan: 39%');
  await page.close();
});
