// The second module is loaded on demand: the page starts with one worker (scoring a period); the
// sheets worker (record import, spreadsheet reader, templates, exports) starts only when a file is
// on its way (the pointer on the choose-file button, a drag of files into the window) or dropped,
// records are pasted, a template is asked for or a filled measures template is read —
// from the single file opened from disk and from the hosted build, whose lazy assets are not
// fetched before then.
// Build first: scripts/build-wasm && node scripts/build-web.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { launch, openPage, serveDist, fileUrl, root, example, score } = require('./support');

const xlsx = path.join(root, 'tests', 'fixtures', 'records', 'page', 'huayun-2026-10.xlsx');
const csv = path.join(root, 'tests', 'fixtures', 'records', 'page', 'huayun-2026-10-gbk.csv');
const lazyAssets = ['sheets_worker.js', 'starsheet_sheets_web.js', 'starsheet_sheets_wasm.js'];

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

const sheetsStarts = (page) => page.evaluate(() => window.Starsheet.app.state.engine.sheetsStarts);
const ordersTotal = (page) => page.evaluate(() => {
  const r = window.Starsheet.app.state.report;
  const ind = r && r.indicators.find((x) => x.id === 'on_time_rate');
  return ind && ind.inputs ? ind.inputs['/measures/orders_total'] : undefined;
});

async function dropAndSettle(page, file, panels) {
  await page.setInputFiles('[data-testid=file]', file);
  await page.waitForFunction((n) => document.querySelectorAll('.file-panel').length === n &&
    document.body.dataset.importing === 'false' && window.Starsheet.app.state.report, panels, { timeout: 30000 });
}

test('single file from disk: no sheets worker at load, the first file starts it once, an .xlsx uses it too', async () => {
  const page = await openPage(browser, fileUrl);
  // Its sources are in the page as inert text, never run by the page itself.
  assert.strictEqual(await page.getAttribute('#sheets-worker-source', 'type'), 'text/plain');
  await page.waitForTimeout(300);
  assert.strictEqual(page.workers().length, 1, 'only the main worker at load');
  assert.strictEqual(await sheetsStarts(page), 0);
  await dropAndSettle(page, csv, 1);
  assert.strictEqual(await ordersTotal(page), 12);
  // Record import lives in the sheets worker's module: the first-load module only scores.
  assert.strictEqual(page.workers().length, 2, 'the CSV file started the sheets worker');
  assert.strictEqual(await sheetsStarts(page), 1);
  await dropAndSettle(page, xlsx, 2);
  assert.strictEqual(page.workers().length, 2, 'the .xlsx is read by the same worker');
  assert.strictEqual(await sheetsStarts(page), 1);
  // 12 orders from each file; the workbook's sheet is named in its file section.
  assert.strictEqual(await ordersTotal(page), 24);
  const sheet = await page.evaluate(() => window.Starsheet.records.entries.find((e) => /xlsx$/.test(e.name)).result.records.files[0].sheet);
  assert.strictEqual(sheet, '运单明细');
  // Another sheet of it goes through the same worker.
  await page.selectOption('.file-panel[data-file="huayun-2026-10.xlsx"] select.sheet-select', '1');
  await page.waitForFunction(() => document.body.dataset.importing === 'false' &&
    document.querySelector('.file-panel[data-file="huayun-2026-10.xlsx"] select.sheet-select').value === '1');
  assert.strictEqual(await sheetsStarts(page), 1);
  assert.strictEqual(page.workers().length, 2);
  assert.deepStrictEqual(page.errors, []);
});

test('the pointer on the choose-file button starts the sheets worker before the file comes, once', async () => {
  const page = await openPage(browser, fileUrl);
  await page.hover('[data-testid=paste]');
  assert.strictEqual(await sheetsStarts(page), 0);
  await page.hover('#drop label[for=file]');
  await page.waitForFunction(() => window.Starsheet.app.state.engine.workspaceBuilt, null, { timeout: 10000 });
  assert.strictEqual(await sheetsStarts(page), 1);
  assert.strictEqual(page.workers().length, 2, 'started on the hover');
  // Hovering again, and then the file itself, use the same worker.
  await page.hover('[data-testid=paste]');
  await page.hover('#drop label[for=file]');
  await dropAndSettle(page, csv, 1);
  assert.strictEqual(await ordersTotal(page), 12);
  assert.strictEqual(await sheetsStarts(page), 1);
  assert.strictEqual(page.workers().length, 2);
  assert.deepStrictEqual(page.errors, []);
});

test('a drag of files into the window starts the sheets worker; a drag of text does not', async () => {
  const page = await openPage(browser, fileUrl);
  const dragEnter = (files) => page.evaluate((withFile) => {
    const data = new DataTransfer();
    if (withFile) data.items.add(new File(['运单号\n'], 'a.csv', { type: 'text/csv' }));
    else data.setData('text/plain', '运单号');
    // Into the page's header, far from the drop zone.
    document.querySelector('h1').dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: data }));
  }, files);
  await dragEnter(false);
  await page.waitForTimeout(300);
  assert.strictEqual(await sheetsStarts(page), 0, 'text dragged');
  await dragEnter(true);
  await page.waitForFunction(() => window.Starsheet.app.state.engine.workspaceBuilt, null, { timeout: 10000 });
  assert.strictEqual(await sheetsStarts(page), 1);
  await dragEnter(true);
  assert.strictEqual(await sheetsStarts(page), 1, 'once');
  assert.deepStrictEqual(page.errors, []);
});

test('the warm-up on the hover goes the whole way when left alone, and stops for a file that comes meanwhile', async () => {
  const page = await openPage(browser, fileUrl);
  await page.hover('#drop label[for=file]');
  await page.waitForFunction(() => window.Starsheet.app.state.engine.warmed, null, { timeout: 10000 });
  assert.strictEqual(await page.evaluate(() => window.Starsheet.app.state.engine.warmed), true);
  // A second warm-up, and a request right behind it: the warm-up leaves off (false) at its first
  // piece of rows, and the request is answered as it would be without one.
  const [warm, cleared] = await page.evaluate(async () => {
    const channel = window.Starsheet.app.state.engine.sheetsChannel;
    const warm = channel.call('warm', {});
    const cleared = channel.call('clear', { kind: '' });
    return [await warm, await cleared];
  });
  assert.deepStrictEqual([warm, cleared], [false, true]);
  // Then the file: the workspace the warm-up left behind is the file's own, untouched by it.
  await dropAndSettle(page, csv, 1);
  assert.strictEqual(await ordersTotal(page), 12);
  assert.strictEqual(await sheetsStarts(page), 1);
  assert.deepStrictEqual(page.errors, []);
});

test('single file from disk: scoring needs no sheets worker, a template download starts it', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  assert.match(await page.textContent('[data-testid=total]'), /66/);
  assert.strictEqual(await sheetsStarts(page), 0);
  await page.click('#templates summary');
  assert.strictEqual(await sheetsStarts(page), 0, 'opening the menu loads nothing');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-template="shipments.xlsx"]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  assert.strictEqual(await sheetsStarts(page), 1);
  assert.strictEqual(page.workers().length, 2);
});

test('hosted build: the sheets assets are fetched only when a workbook is dropped', async () => {
  const server = await serveDist();
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const page = await openPage(browser, origin + '/index.html');
    await page.waitForTimeout(300);
    for (const name of lazyAssets) assert.ok(!server.served.includes(name), `${name} fetched at load`);
    // The import rules and the example period are not part of the first load either.
    assert.ok(!server.served.includes('import_rules.js') && !server.served.includes('example.js'), server.served.join(' '));
    assert.ok(server.served.includes('starsheet_wasm.js'), 'the main module is loaded at once');
    // The icon is inline: the host is not asked for a /favicon.ico it does not have.
    assert.ok(!server.served.includes('favicon.ico'), server.served.join(' '));
    assert.strictEqual(await sheetsStarts(page), 0);
    await dropAndSettle(page, xlsx, 1);
    assert.strictEqual(await ordersTotal(page), 12);
    for (const name of lazyAssets) assert.ok(server.served.includes(name), `${name} not fetched for the workbook`);
    assert.ok(server.served.includes('import_rules.js'), 'the import rules are fetched for the first import');
    assert.strictEqual(await sheetsStarts(page), 1);
    assert.strictEqual(page.workers().length, 2);
    assert.deepStrictEqual(page.errors, []);
  } finally {
    server.close();
  }
});
