// Record import in the page: each real export of ../shared/data/real dropped in, an .xlsx
// workbook (read by the engine), a GB18030 file with Chinese headers, and rows pasted from a spreadsheet. The derived
// numbers are those computed independently by tests/fixtures/records/real_expected.py.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');
const { launch, openPage, fileUrl, root, screenshot } = require('./support');

const real = process.env.STARSHEET_REAL_DATA || path.join(root, '..', 'shared', 'data', 'real');
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

async function dropFile(page, file) {
  await page.setInputFiles('[data-testid=file]', file);
  await page.waitForSelector('#mapping:not([hidden])', { timeout: 20000 });
  await page.waitForSelector('.file-panel .import-rows', { timeout: 30000 });
  await page.waitForSelector('#result:not([hidden])', { timeout: 30000 });
  await page.waitForFunction(() => document.body.dataset.importing === 'false', null, { timeout: 30000 });
}

const indicator = (page, id) => page.evaluate((i) => window.Starsheet.app.state.report.indicators.find((x) => x.id === i), id);
const mapped = (page, field) => page.$eval(`.file-panel select.column-select[data-field=${field}]`, (s) => (s.value === '' ? '' : s.options[s.selectedIndex].text));

test('the Olist export: mapping proposed, estimated dates as end of day, a score', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFile(page, path.join(real, 'olist_orders_sample.csv'));
  assert.strictEqual(await mapped(page, 'delivered_at'), '7: order_delivered_customer_date');
  assert.strictEqual(await mapped(page, 'promised_at'), '8: order_estimated_delivery_date');
  const onTime = await indicator(page, 'on_time_rate');
  assert.deepStrictEqual([onTime.inputs['/measures/orders_total'], onTime.inputs['/measures/orders_on_time']], [4051, 3691]);
  assert.strictEqual(onTime.sources['/measures/orders_total'], 'shipments');
  assert.strictEqual(onTime.points, 1);  // 91.1 % → [90, 92)
  assert.match(await page.textContent('[data-testid=total]'), /\d/);
  assert.match(await page.textContent('[data-testid=stars]'), /1/);
  await screenshot(page, 'import-olist');
});

test('the DataCo export: cancelled orders left out, duplicates flagged', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFile(page, path.join(real, 'dataco_supply_chain_sample.csv'));
  const onTime = await indicator(page, 'on_time_rate');
  assert.deepStrictEqual([onTime.inputs['/measures/orders_total'], onTime.inputs['/measures/orders_on_time']], [5739, 2374]);
  assert.match(await page.textContent('.file-panel .import-rows'), /读取 6,000 行/);
});

test('the e-commerce export (BOM, CRLF, late flag): on-time per mode', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await dropFile(page, path.join(real, 'ecommerce_shipping_train.csv'));
  assert.strictEqual(await mapped(page, 'late_flag'), '12: Reached.on.Time_Y.N');
  const onTime = await indicator(page, 'on_time_rate');
  assert.deepStrictEqual([onTime.inputs['/measures/orders_total'], onTime.inputs['/measures/orders_on_time']], [10999, 4436]);
  assert.match(await page.textContent('.file-panel .import-rows'), /10,999 rows read/);
});

test('a GB18030 export with Chinese headers maps itself and scores', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFile(page, path.join(root, 'tests', 'fixtures', 'records', 'cn-shipments-gb18030.csv'));
  assert.match(await page.textContent('#mapping-body'), /GB18030/);
  assert.match(await mapped(page, 'order_id'), /运单号|订单号/);
  const intact = await indicator(page, 'intact_rate');
  assert.strictEqual(intact.status, 'scored');
  assert.strictEqual(intact.sources['/measures/goods_total'], 'shipments');
});

test('an .xlsx workbook is read by the engine and scored', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFile(page, path.join(root, 'tests', 'fixtures', 'records', 'shipments.xlsx'));
  // SF001 on time, SF002 late (delivered 11-04, promised 10-30), SF003 on time, SF004 undelivered.
  const onTime = await indicator(page, 'on_time_rate');
  assert.strictEqual(onTime.inputs['/measures/orders_on_time'], 2);
  assert.strictEqual(await mapped(page, 'mode'), '2: 运输方式');
});

test('rows pasted from a spreadsheet (tab-separated) become a score', async () => {
  const page = await openPage(browser, fileUrl);
  const rows = ['运单号\t运输方式\t发货时间\t签收时间\t承诺送达时间\t货物状态',
    'A1\t空运\t2026/10/3 9:05\t2026/10/6 10:00\t2026/10/7\t完好',
    'A2\t海运\t2026/10/3 9:05\t2026/11/2 10:00\t2026/10/30\t破损',
    'A3\t陆运\t2026/10/4 8:00\t2026/10/8 18:30\t2026/10/8\t完好'].join('\n');
  await page.fill('[data-testid=paste]', rows);
  await page.click('[data-testid=run]');
  await page.waitForSelector('#result:not([hidden])', { timeout: 20000 });
  const onTime = await indicator(page, 'on_time_rate');
  assert.deepStrictEqual([onTime.inputs['/measures/orders_total'], onTime.inputs['/measures/orders_on_time']], [3, 2]);
  const intact = await indicator(page, 'intact_rate');
  assert.deepStrictEqual([intact.inputs['/measures/goods_total'], intact.inputs['/measures/goods_intact']], [3, 2]);
  // The measures form shows the derived values as placeholders.
  assert.match(await page.getAttribute('[data-pointer="/measures/orders_total"]', 'placeholder'), /^3 /);
  await screenshot(page, 'import-pasted');
});

test('a corrected mapping is remembered for next time', async () => {
  const page = await openPage(browser, fileUrl);
  const csv = 'ref,sent,arrived,due\nX1,2026-10-01 08:00,2026-10-03 08:00,2026-10-04\nX2,2026-10-01 08:00,2026-10-06 08:00,2026-10-04\n';
  await page.fill('[data-testid=paste]', csv);
  await page.click('[data-testid=run]');
  await page.waitForSelector('#mapping:not([hidden])');
  await page.waitForFunction(() => document.body.dataset.importing === 'false');
  // Each choice re-imports at once.
  for (const [field, label] of [['shipped_at', '2: sent'], ['delivered_at', '3: arrived'], ['promised_at', '4: due']]) {
    await page.selectOption(`.file-panel select.column-select[data-field=${field}]`, { label });
    await page.waitForFunction(() => document.body.dataset.importing === 'false');
  }
  await page.waitForFunction(() => {
    const r = window.Starsheet.app.state.report;
    return r && r.indicators[0].inputs['/measures/orders_total'] === 2;
  });
  assert.strictEqual((await indicator(page, 'on_time_rate')).inputs['/measures/orders_on_time'], 1);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('[data-testid=paste]', csv);
  await page.click('[data-testid=run]');
  await page.waitForSelector('.file-panel .hint');
  await page.waitForFunction(() => document.body.dataset.importing === 'false');
  assert.strictEqual(await mapped(page, 'delivered_at'), '3: arrived');
  await page.evaluate(() => localStorage.clear());
});

test('large files are read in chunks with progress, and the page stays responsive', async () => {
  const page = await openPage(browser, fileUrl);
  const big = path.join(root, 'build', 'big-shipments.csv');
  if (!fs.existsSync(big)) {
    const lines = ['order_id,mode,shipped_at,delivered_at,promised_at,status'];
    for (let i = 0; i < 300000; i++) lines.push(`N${i},air,2026-10-01 08:00,2026-10-0${1 + (i % 5)} 20:00,2026-10-04,intact`);
    fs.writeFileSync(big, lines.join('\n') + '\n');
  }
  await page.setInputFiles('[data-testid=file]', big);
  await page.waitForSelector('#result:not([hidden])', { timeout: 60000 });
  const onTime = await indicator(page, 'on_time_rate');
  assert.strictEqual(onTime.inputs['/measures/orders_total'], 300000);
  // The promise (10-04, a date alone) runs to the end of that day: deliveries on days 1–4 of
  // every 5 are on time, 240000 of 300000.
  assert.strictEqual(onTime.inputs['/measures/orders_on_time'], 240000);
});

test('a workbook with several sheets: the sheet can be chosen', async () => {
  const page = await openPage(browser, fileUrl);
  await dropFile(page, path.join(root, 'tests', 'fixtures', 'records', 'shipments.xlsx'));
  assert.deepStrictEqual(await page.$$eval('.file-panel select.sheet-select option', (o) => o.map((x) => x.textContent)), ['运单', '说明']);
  await page.selectOption('.file-panel select.sheet-select', '1');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    document.querySelector('.file-panel select.sheet-select').value === '1');
  // The notes sheet has no table of shipments: the panel says why instead of a silent zero.
  assert.ok(await page.locator('.file-panel .need, .file-panel .file-error').count() > 0);
});

test('the progress line counts rows while a large file is read', async () => {
  const page = await openPage(browser, fileUrl);
  await page.setInputFiles('[data-testid=file]', path.join(root, 'build', 'big-shipments.csv'));
  await page.waitForFunction(() => /约 [\d,]+ 行/.test(document.getElementById('progress-text').textContent), null, { timeout: 30000 });
  await page.waitForSelector('#result:not([hidden])', { timeout: 60000 });
});
