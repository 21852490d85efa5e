// Compensation in the right currency (issue 10 item 7) on the page: the result says which currency
// freight is in and how the USD cap was converted (the pack's dated reference rate, or the rate the
// user enters beside the recovery inputs), parts with no freight say what to enter instead of
// 0–0, and the currency and rate travel in the share link like any other measure.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { launch, openPage, fileUrl, root, score } = require('./support');

// Screenshots of the recovery section, to look at (not compared).
const shots = process.env.STARSHEET_SHOTS || path.join(os.tmpdir(), 'starsheet-shots');
async function shoot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.locator('#recovery-body').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, name + '.png') });
}

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

const november = fs.readFileSync(path.join(root, 'examples', 'huayun-2026-11.json'), 'utf8');
const noFreight = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'records', 'recovery-no-freight.json'), 'utf8');
const currency = (page) => page.textContent('#recovery-currency');
const body = (page) => page.textContent('#recovery-body');
const waitFor = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById('recovery-body').textContent),
  re.source, { timeout: 20000 });
const shared = (page) => page.evaluate(() => window.Starsheet.share.decode(location.hash));

test('the November example: yuan at the pack\'s reference rate, stated in the result', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, november);
  await page.waitForSelector('#recovery-currency');
  assert.strictEqual(await currency(page), '运费按人民币计，1 USD = 7.1 CNY（规则包的参考汇率：2026-11-30 的约数，仅供估算；可在“汇率”一栏填写本期汇率）');
  assert.match(await body(page), /破损和丢失：77 件未保价 × 运费的 3–5 倍，每件最多 7,100 CNY（1,000 USD） = 42,966–71,610/);
  assert.match(await page.textContent('#recovery-body .recovery-total'), /^本期估计赔付：68,522\.4–97,166\.4 CNY（每件平均运费 186）/);
  // The currency and rate inputs sit with the other recovery inputs.
  assert.strictEqual(await page.inputValue('#m_measures_recovery_freight_currency'), 'CNY');
  assert.strictEqual(await page.inputValue('#m_measures_recovery_usd_rate'), '');
  // Left blank, the currency is the pack's default, and the blank choice says which.
  assert.strictEqual(await page.textContent('#m_measures_recovery_freight_currency option[value=""]'), '（未填写：按人民币）');
  await shoot(page, 'recovery-currency-zh-1280');
});

test('a rate the user enters replaces the reference rate, and travels in the link', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, november);
  await page.waitForSelector('#recovery-currency');
  assert.strictEqual(await currency(page), 'Freight in Chinese yuan; 1 USD = 7.1 CNY (the rule pack\'s reference rate: approximate, as of 2026-11-30, for estimates only; enter the period\'s rate under Exchange rate)');
  // 1000 USD × 7.0885 = 7088.5 CNY, still above 5 × 186 = 930: the amounts stay, the sentence changes.
  await page.fill('#m_measures_recovery_usd_rate', '7.0885');
  await waitFor(page, /1 USD = 7\.0885 CNY \(the rate given for this period\)/);
  assert.match(await body(page), /at most 7,088\.5 CNY \(1,000 USD\) each = 42,966–71,610/);
  let link;
  for (const end = Date.now() + 20000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    link = await shared(page);
    if (link && link.period.measures.recovery.usd_rate === 7.0885) break;
  }
  assert.strictEqual(link.period.measures.recovery.usd_rate, 7.0885);
  assert.strictEqual(link.period.measures.recovery.freight_currency, 'CNY');
  // Freight in US dollars: no conversion, the cap shown once; this too travels.
  await page.fill('#m_measures_recovery_usd_rate', '');
  await page.selectOption('#m_measures_recovery_freight_currency', 'USD');
  await waitFor(page, /Freight in US dollars, the currency of the compensation cap: no conversion/);
  // 3 × 186 = 558 and 5 × 186 = 930 are under 1000 USD: 77 × 558 = 42966 to 77 × 930 = 71610.
  assert.match(await body(page), /at most 1,000 USD each = 42,966–71,610/);
  assert.match(await body(page), /Estimated compensation this period: 68,522\.4–97,166\.4 USD/);
  for (const end = Date.now() + 20000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    link = await shared(page);
    if (link && link.period.measures.recovery.freight_currency === 'USD') break;
  }
  assert.strictEqual(link.period.measures.recovery.freight_currency, 'USD');
  // The link opened in a fresh browser shows the same sentence.
  const other = await launch();
  try {
    const fresh = await openPage(other, page.url(), { locale: 'en-US' });
    await fresh.waitForSelector('#recovery-currency');
    assert.strictEqual(await currency(fresh), 'Freight in US dollars, the currency of the compensation cap: no conversion');
    assert.strictEqual(await fresh.inputValue('#m_measures_recovery_freight_currency'), 'USD');
  } finally {
    await other.close();
  }
});

test('no freight: each part says "not priced — enter an average freight", never 0–0', async () => {
  for (const [locale, notPriced] of [['zh-CN', /延误不足24小时：4 件，未计价——请填写每件平均运费/], ['en-US', /Late by less than 24 h: 4 parcels, not priced — enter Average freight per parcel/]]) {
    const page = await openPage(browser, fileUrl, { locale });
    await score(page, noFreight);
    await page.waitForSelector('#recovery-currency');
    const text = await body(page);
    assert.match(text, notPriced);
    assert.doesNotMatch(text, /0–0/);
    assert.doesNotMatch(text, /null/);
    assert.strictEqual(await page.$('#recovery-body .recovery-total'), null);
    assert.strictEqual(await page.locator('#recovery-body li.unpriced').count(), 2);
    // The button leads to the average freight field; with it, the total appears as one range.
    await page.click('#recovery-enter-freight');
    assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'm_measures_recovery_average_freight');
    await page.keyboard.type('1420');
    // 4 × 1420 × 10 % = 568; lost 2 × 4260 to 2 × 7100: 9088–14768.
    await waitFor(page, /9,088–14,768 CNY/);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await shoot(page, `recovery-no-freight-${locale}-${width}`);
    }
  }
});
