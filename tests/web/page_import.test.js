// A real export, first time right: the same shipments table of a small carrier as a TMS exports
// it (title and export-information rows above the header, a totals row and a notes row below,
// TMS status words, ￥ freights) in four files made by real writers
// (tests/fixtures/records/page/make_page_fixtures.py): GBK CSV with CRLF, .xlsx, .xls, .ods.
// Each is dropped on the page with no manual step and must reach a score whose derived measures
// equal the count below; then the corrections: header row, status meaning, a suggested column,
// several files at once, templates. Screenshots go to build/screenshots/.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const fs = require('node:fs');
const { launch, openPage, fileUrl, root } = require('./support');

const dir = path.join(root, 'tests', 'fixtures', 'records', 'page');
const files = {
  csv: path.join(dir, 'huayun-2026-10-gbk.csv'),
  xlsx: path.join(dir, 'huayun-2026-10.xlsx'),
  xls: path.join(dir, 'huayun-2026-10.xls'),
  ods: path.join(dir, 'huayun-2026-10.ods'),
};

// The count, by hand, from the 14 rows of make_page_fixtures.py (no period given: the period
// ends with the last day of the data, 2026-10-31; the status table of the contract):
//   on time  HY…01 03 04(破损, delivered in time) 10 11(10-31 20:00, promise 10-31 = end of day)
//            13(已妥投) 14(问题件, delivered in time)                                         = 7
//   late     HY…02 (delivered after the promise), 05 (派送中, promise 10-15 passed),
//            07 (退回, promise passed), 08 (丢失, promise passed), 12 (已签收 without a time)  = 5
//   left out HY…06 (派送中, promise 11-03 after the period end), 09 (已取消)
//   → orders_total 12, orders_on_time 7
//   goods    every status understood, cancelled left out: 01–08, 10–13 = 12; not intact: 04 破损,
//            08 丢失 → goods_intact 10 (问题件 is not understood: not counted until it is given a meaning)
//   transit  (delivered − picked up) air 01 3.5 + 02 6 + 10 3 + 13 3.5 = 16 days over 4;
//            sea 03 19.5 over 1; land 04 2 + 11 11.5 + 14 2.5 = 16 over 3
const expected = {
  '/measures/orders_total': 12, '/measures/orders_on_time': 7,
  '/measures/goods_total': 12, '/measures/goods_intact': 10,
  '/measures/transit/air/shipments': 4, '/measures/transit/air/days_total': 16,
  '/measures/transit/sea/shipments': 1, '/measures/transit/sea/days_total': 19.5,
  '/measures/transit/land/shipments': 3, '/measures/transit/land/days_total': 16,
};

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

async function settled(page, panels) {
  await page.waitForFunction((n) => document.querySelectorAll('.file-panel').length === n &&
    document.body.dataset.importing === 'false' && window.Starsheet.app.state.report, panels, { timeout: 30000 });
}

async function drop(page, list) {
  await page.setInputFiles('[data-testid=file]', list);
  await settled(page, Array.isArray(list) ? list.length : 1);
}

/** The inputs of the scored report, by pointer, for every indicator. */
const inputs = (page) => page.evaluate(() => {
  const out = {};
  for (const ind of window.Starsheet.app.state.report.indicators) Object.assign(out, ind.inputs || {});
  return out;
});
const indicator = (page, id) => page.evaluate((i) => window.Starsheet.app.state.report.indicators.find((x) => x.id === i), id);
const pick = (all, keys) => Object.fromEntries(keys.map((k) => [k, all[k]]));

// Words of Latin letters that are not data, names of formats, or the file names.
function englishWords(text) {
  const allowed = new Set(['GB', 'UTF', 'CSV', 'Excel', 'xlsx', 'xls', 'et', 'ods', 'WPS', 'json', 'JSON', 'Starsheet',
    'huayun', 'gbk', 'csv', 'tsv', 'txt', 'HY', 'PDF', 'English', 'unknown', 'promise', 'header', 'broken']);
  return (text.match(/[A-Za-z]{2,}/g) || []).filter((w) => !allowed.has(w));
}

async function assertCleanText(page) {
  const text = await page.evaluate(() => document.getElementById('input').innerText + '\n' + document.getElementById('mapping').innerText);
  assert.doesNotMatch(text, /--[a-z]/, 'no command-line flag');
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b|NaN|\[object/, 'no programming remnant');
  assert.deepStrictEqual(englishWords(text), [], 'no English under the Chinese page');
}

for (const [format, file] of Object.entries(files)) {
  test(`a ${format} export with a title row, totals and notes scores with no manual step`, async () => {
    const page = await openPage(browser, fileUrl);
    await drop(page, file);
    assert.deepStrictEqual(pick(await inputs(page), Object.keys(expected)), expected);
    const onTime = await indicator(page, 'on_time_rate');
    assert.strictEqual(onTime.sources['/measures/orders_total'], 'shipments');
    assert.match(await page.textContent('[data-testid=total]'), /\d/);
    // The header is row 4, highlighted; the rows above it, the totals and the notes are greyed
    // with their reason; the status not understood is listed with its count.
    const panel = page.locator('.file-panel');
    assert.deepStrictEqual(await panel.locator('tr.row-header').evaluateAll((r) => r.map((x) => x.dataset.row)), ['4']);
    const skipped = await panel.locator('tr.row-skipped').evaluateAll((r) => r.map((x) => [x.dataset.row, x.querySelector('.row-why').textContent]));
    assert.deepStrictEqual(skipped.map(([row]) => row), ['1', '2', '19', '20']);
    assert.match(skipped[0][1], /表头上方/);
    assert.match(skipped[2][1], /合计/);
    assert.match(skipped[3][1], /备注/);
    assert.strictEqual(await panel.locator('select.header-row-select').inputValue(), '4');
    assert.deepStrictEqual(await panel.locator('select.status-meaning').evaluateAll((s) => s.map((x) => x.dataset.value)), ['问题件']);
    assert.match(await panel.locator('.status-values').textContent(), /问题件\s*1/);
    assert.match(await panel.locator('.import-rows').textContent(), /使用 13 行/);
    await assertCleanText(page);
    assert.deepStrictEqual(page.errors, []);
  });
}

test('the header row picker re-proposes and re-imports', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, files.csv);
  const panel = page.locator('.file-panel');
  await panel.locator('select.header-row-select').selectOption('1');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    document.querySelector('.file-panel tr.row-header') && document.querySelector('.file-panel tr.row-header').dataset.row === '1');
  // With the title as the header nothing is recognised: the page says so instead of a silent 0.
  assert.ok(await panel.locator('.need, .file-error').count() > 0);
  await panel.locator('select.header-row-select').selectOption('4');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    document.querySelector('.file-panel tr.row-header').dataset.row === '4');
  assert.deepStrictEqual(pick(await inputs(page), ['/measures/orders_total', '/measures/orders_on_time']),
    { '/measures/orders_total': 12, '/measures/orders_on_time': 7 });
});

test('a status meaning chosen on the page changes the intact rate and is remembered', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, files.csv);
  const before = await indicator(page, 'intact_rate');
  assert.deepStrictEqual([before.inputs['/measures/goods_total'], before.inputs['/measures/goods_intact']], [12, 10]);
  await page.selectOption('.file-panel select.status-meaning', 'damaged');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    window.Starsheet.app.state.report.indicators.find((x) => x.id === 'intact_rate').inputs['/measures/goods_total'] === 13);
  const after = await indicator(page, 'intact_rate');
  // 问题件 read as 破损: 13 parcels, 10 intact.
  assert.strictEqual(after.inputs['/measures/goods_intact'], 10);
  assert.ok(after.value < before.value);
  // The mapping file carries it, and the next import of the same export uses it.
  const saved = await page.evaluate(() => window.Starsheet.records.entries[0].result.mapping);
  assert.strictEqual(saved.values.status['问题件'], 'damaged');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await drop(page, files.csv);
  assert.strictEqual((await indicator(page, 'intact_rate')).inputs['/measures/goods_total'], 13);
  assert.match(await page.textContent('.file-panel'), /已沿用上次保存的对应关系/);
  await page.evaluate(() => localStorage.clear());
});

test('a column the engine suggests for what is missing is mapped with one click', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, path.join(dir, 'unknown-promise-header.csv'));
  const need = page.locator('.file-panel .need[data-what=on_time]');
  assert.match(await need.textContent(), /承诺送达时间/);
  const button = need.locator('button.need-candidate[data-field=promised_at]');
  assert.match(await button.textContent(), /第 5 列“客户要求时间”/);
  await button.click();
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    (window.Starsheet.app.state.report.indicators[0].inputs || {})['/measures/orders_total'] === 4);
  // HY…01 on time, 02 late, 03 on time, 04 (破损) delivered in time.
  assert.strictEqual((await indicator(page, 'on_time_rate')).inputs['/measures/orders_on_time'], 3);
  assert.strictEqual(await page.locator('.file-panel .need[data-what=on_time]').count(), 0);
  assert.strictEqual(await page.locator('.file-panel select.column-select[data-field=promised_at]').inputValue(), '5');
  await page.evaluate(() => localStorage.clear());
});

test('a mapping file is loaded on the page; a damaged one is refused with a message', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, path.join(dir, 'unknown-promise-header.csv'));
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'starsheet-map-'));
  const good = path.join(tmp, 'good.json'), bad = path.join(tmp, 'bad.json');
  fs.writeFileSync(good, JSON.stringify({ format: 'starsheet-mapping/1', kind: 'shipments', columns: { promised_at: '客户要求时间' } }));
  fs.writeFileSync(bad, JSON.stringify({ format: 'starsheet-mapping/1', kind: 'shipments', columns: '客户要求时间' }));
  await page.setInputFiles('.file-panel input.load-mapping', good);
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    (window.Starsheet.app.state.report.indicators[0].inputs || {})['/measures/orders_total'] === 4);
  assert.strictEqual((await indicator(page, 'on_time_rate')).inputs['/measures/orders_on_time'], 3);
  await page.setInputFiles('.file-panel input.load-mapping', bad);
  await page.waitForFunction(() => /对应关系文件/.test(document.getElementById('mapping').innerText));
  assert.match(await page.locator('#mapping').innerText(), /不是 Starsheet 的对应关系文件/);
  await page.evaluate(() => localStorage.clear());
});

test('switching the language redraws the panels with the engine\'s texts in that language', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, files.xls);
  await page.selectOption('[data-testid=lang]', 'en');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    /rows read/.test(document.querySelector('.file-panel .import-rows').textContent));
  assert.match(await page.textContent('.file-panel .header-text'), /Header: row 4/);
  assert.match(await page.textContent('.file-panel tr[data-row="1"] .row-why'), /above header/);
  assert.match(await page.textContent('.file-panel .status-values'), /Choose a meaning/);
  assert.deepStrictEqual(pick(await inputs(page), Object.keys(expected)), expected);
  await page.evaluate(() => localStorage.clear());
});

test('dates written A/B/YYYY: the day/month order is shown and can be chosen', async () => {
  const page = await openPage(browser, fileUrl);
  // No value decides the order: month first is assumed (on time: delivered Feb 10, due Oct 1).
  await page.fill('[data-testid=paste]', 'order_id,shipped_at,delivered_at,promised_at\nX1,01/10/2026,02/10/2026,10/01/2026\n');
  await page.click('[data-testid=run]');
  await settled(page, 1);
  assert.match(await page.textContent('.file-panel .date-order'), /暂按月在前/);
  assert.strictEqual((await indicator(page, 'on_time_rate')).inputs['/measures/orders_on_time'], 1);
  // Day first: delivered Oct 2, due Jan 10 — late.
  await page.selectOption('.file-panel select.date-order-select', 'dmy');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    window.Starsheet.app.state.report.indicators[0].inputs['/measures/orders_on_time'] === 0);
  assert.match(await page.textContent('.file-panel .date-order'), /已手动指定/);
  await page.evaluate(() => localStorage.clear());
});

test('two files at once: both listed, each with its panel, and summed in the score', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, [files.csv, files.xlsx]);
  const names = await page.locator('.file-panel .file-name').allTextContents();
  assert.deepStrictEqual(names, ['huayun-2026-10-gbk.csv', 'huayun-2026-10.xlsx']);
  const all = await inputs(page);
  assert.strictEqual(all['/measures/orders_total'], 24);
  assert.strictEqual(all['/measures/orders_on_time'], 14);
  assert.strictEqual(all['/measures/transit/air/days_total'], 32);
  assert.match(await page.textContent('.files-summary'), /共 2 个文件，合计使用 26 行/);
  // Each panel corrects and removes on its own.
  await page.locator('.file-panel[data-file="huayun-2026-10.xlsx"] button.remove-file').click();
  await settled(page, 1);
  assert.strictEqual((await inputs(page))['/measures/orders_total'], 12);
  await assertCleanText(page);
});

test('a workbook with several sheets: the first visible is read, another can be chosen', async () => {
  const page = await openPage(browser, fileUrl);
  await drop(page, files.xlsx);
  const sheets = await page.locator('.file-panel select.sheet-select option').allTextContents();
  assert.deepStrictEqual(sheets, ['运单明细', '导出说明']);
  await page.selectOption('.file-panel select.sheet-select', '1');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    document.querySelector('.file-panel select.sheet-select').value === '1');
  assert.ok(await page.locator('.file-panel .need, .file-panel .file-error').count() > 0);
});

test('a file that cannot be read says so in the page language', async () => {
  const page = await openPage(browser, fileUrl);
  const broken = path.join(root, 'build', 'broken.xlsx');
  fs.mkdirSync(path.dirname(broken), { recursive: true });
  fs.writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
  await page.setInputFiles('[data-testid=file]', broken);
  await page.waitForSelector('.file-panel .file-error');
  const text = await page.textContent('.file-panel .file-error');
  assert.match(text, /另存为 \.xlsx 或 CSV/);
  await assertCleanText(page);
});

test('templates download in both formats; a filled measures template is read as the period', async () => {
  const page = await openPage(browser, fileUrl);
  await page.click('#templates summary');
  const got = {};
  for (const kind of ['shipments', 'inquiries', 'measures']) {
    for (const format of ['csv', 'xlsx']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-template="${kind}.${format}"]`)]);
      const saved = path.join(root, 'build', 'templates-page', download.suggestedFilename());
      fs.mkdirSync(path.dirname(saved), { recursive: true });
      await download.saveAs(saved);
      got[kind + '.' + format] = fs.readFileSync(saved);
      assert.match(download.suggestedFilename(), new RegExp('\\.' + format + '$'));
    }
  }
  assert.strictEqual(got['shipments.xlsx'].subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  assert.match(got['measures.csv'].toString('utf8'), /^\uFEFF?度量项/);
  // Fill the orders of the measures template and drop it back.
  const lines = got['measures.csv'].toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
  const at = (key) => lines.findIndex((l) => l.startsWith(key + ','));
  const fill = (key, value) => { const i = at(key); assert.ok(i > 0, key); lines[i] = lines[i].replace(/,[^,]*$/, ',' + value); };
  fill('/measures/orders_total', '200');
  fill('/measures/orders_on_time', '190');
  const filled = path.join(root, 'build', 'templates-page', 'filled-measures.csv');
  fs.writeFileSync(filled, '\uFEFF' + lines.join('\r\n'));
  await page.setInputFiles('[data-testid=file]', filled);
  await page.waitForFunction(() => window.Starsheet.app.state.report &&
    (window.Starsheet.app.state.report.indicators.find((x) => x.id === 'on_time_rate').inputs || {})['/measures/orders_total'] === 200);
  assert.strictEqual(await page.locator('.file-panel').count(), 0);
  const onTime = await indicator(page, 'on_time_rate');
  assert.strictEqual(onTime.sources['/measures/orders_total'], 'period');

  // A mistyped value is refused at its row, the measure by its label, in the page's language,
  // and said again in English after a switch.
  fill('/measures/orders_total', '12.4.5');
  const row = at('/measures/orders_total') + 1;
  const bad = path.join(root, 'build', 'templates-page', 'bad-measures.csv');
  fs.writeFileSync(bad, '\uFEFF' + lines.join('\r\n'));
  await page.setInputFiles('[data-testid=file]', bad);
  const error = page.locator('#input-error');
  await error.waitFor({ state: 'visible' });
  assert.strictEqual(await error.innerText(), '“bad-measures.csv”是指标数据表，但有填写错误：\n' +
    `第 ${row} 行：订单总数：“12.4.5”不是数字（请写数字，例如 12480、12,480 或 2071.5，可带单位）`);
  await page.selectOption('#lang', 'en');
  assert.strictEqual(await error.innerText(), '"bad-measures.csv" is a measures table, but something in it is wrong: ' +
    `row ${row}: Orders in the period: "12.4.5" is not a number (write digits, e.g. 12480, 12,480 or 2071.5, with or without the unit)`);
});

async function mappingShots(lang, locale) {
  for (const [width, height, tag] of [[1366, 900, 'desktop'], [390, 844, 'phone']]) {
    const page = await openPage(browser, fileUrl, { locale });
    await page.setViewportSize({ width, height });
    await drop(page, files.csv);
    await page.locator('#mapping').scrollIntoViewIfNeeded();
    await page.locator('#mapping').screenshot({ path: path.join(root, 'build', 'screenshots', `import-mapping-${lang}-${tag}.png`) });
    // The result as the user first sees it after the import (its top: stars, total, categories).
    const top = await page.evaluate(() => document.getElementById('result').getBoundingClientRect().top + window.scrollY);
    await page.screenshot({ path: path.join(root, 'build', 'screenshots', `import-result-${lang}-${tag}.png`),
      fullPage: true, clip: { x: 0, y: top, width, height: tag === 'phone' ? 1800 : 1100 } });
    await page.close();
  }
}

test('screenshots of the mapping step and the result (zh, en; desktop, phone)', async () => {
  fs.mkdirSync(path.join(root, 'build', 'screenshots'), { recursive: true });
  await mappingShots('zh', 'zh-CN');
  await mappingShots('en', 'en-US');
});
