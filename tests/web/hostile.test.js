// Hostile input on the page (issue 12): workbooks built to exhaust the tab (a value two billion
// rows down, a zip bomb, crafted archives) and share links that are damaged, oversized or
// inflate without end. Each must end in a message in the page's language, never in a tab of
// several GB or a raw browser error. Fixtures: tests/fixtures/workbooks/make_hostile.py.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const zlib = require('node:zlib');
const fs = require('node:fs');
const os = require('node:os');
const { execFileSync } = require('node:child_process');
const { launch, openPage, fileUrl, root, example } = require('./support');

const fixtures = path.join(root, 'tests', 'fixtures', 'workbooks');
let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

// Drops a workbook and returns the error its panel shows.
async function dropError(page, name) {
  await page.setInputFiles('[data-testid=file]', path.join(fixtures, name));
  await page.waitForSelector('.file-panel .file-error', { timeout: 30000 });
  await page.waitForFunction(() => document.body.dataset.importing === 'false', null, { timeout: 30000 });
  return page.$eval('.file-panel .file-error', (e) => e.textContent);
}

// The JS heap of the page (not its workers), in MB (Chromium's performance metrics).
async function heapMb(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapTotalSize').value / (1 << 20);
}

test('a value two billion rows down: the sheet and the row are named, in Chinese and in English', async () => {
  const zh = await openPage(browser, fileUrl);
  assert.strictEqual(await dropError(zh, 'hostile_far_row.xlsx'),
    '工作表「运单」第 2,000,000,000 行有数据，超出了工作表的最大行数 1,048,576；Excel 和 WPS 不会保存这样的文件，' +
    '为保护浏览器和电脑没有读取。请在 Excel 或 WPS 中打开它，另存为 .xlsx 或 CSV（UTF-8）后再导入。');
  const en = await openPage(browser, fileUrl, { locale: 'en-US' });
  assert.match(await dropError(en, 'hostile_far_cell.xlsx'),
    /^Sheet "运单" has a value in row 2,000,000,000, below the last row a worksheet can have \(1,048,576\);/);
  assert.deepStrictEqual(zh.errors, []);
});

test('a zip bomb is refused with its sizes before it is inflated', async () => {
  const page = await openPage(browser, fileUrl);
  const text = await dropError(page, 'hostile_bomb.xlsx');
  assert.match(text, /^这个表格文件解压后有 10[01] MB，超过了按它的大小允许的 64 MB（压缩比异常/);
  assert.ok(await heapMb(page) < 100, 'the page heap stays small');
});

test('crafted archives: a name outside the archive, entity expansion', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  const damaged = /^This spreadsheet file is damaged or incomplete and cannot be read\./;
  assert.match(await dropError(page, 'hostile_traversal.xlsx'), damaged);
  assert.match(await dropError(page, 'hostile_laughs.xlsx'), damaged);
});

test('a workbook of 100,000 entries (zip64, 12 MB, more than the first wasm heap) is read', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starsheet-hostile-'));
  execFileSync('/usr/bin/python3', [path.join(fixtures, 'make_hostile.py'), '--entries', dir]);
  const page = await openPage(browser, fileUrl);
  await page.setInputFiles('[data-testid=file]', path.join(dir, 'entries_100k.xlsx'));
  await page.waitForSelector('.file-panel .file-error, .file-panel .import-rows', { timeout: 60000 });
  await page.waitForFunction(() => document.body.dataset.importing === 'false', null, { timeout: 60000 });
  assert.strictEqual(await page.locator('.file-panel .file-error').count(), 0);
  // Two orders, one on time: the sheet was read and imported.
  const rate = await page.evaluate(() => window.Starsheet.app.state.report.indicators.find((x) => x.id === 'on_time_rate'));
  assert.strictEqual(rate.value, 50);
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- share links --------------------------------------------------------------------------------

async function openLink(fragment, locale) {
  const page = await openPage(browser, fileUrl + '#' + fragment, { locale });
  return { page, error: await page.$eval('#input-error', (e) => (e.hidden ? '' : e.textContent)) };
}
const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const damagedZh = '这个分享链接已损坏或不完整（可能复制时被截断），无法打开。请向对方要一个完整的链接。';

test('share links: damaged or cut short, a clear message instead of the browser\'s', async () => {
  const good = 'v1.' + b64url(zlib.deflateRawSync(JSON.stringify({ period: JSON.parse(example), settings: { lang: 'zh' } })));
  // A link cut in half, characters atob refuses, a valid base64 of no deflate data, JSON that is not a state.
  for (const fragment of [good.slice(0, good.length >> 1), 'v1.ab$c!', 'v1.' + b64url(Buffer.from('not deflate at all')),
    'v1.' + b64url(zlib.deflateRawSync('[1,2]'))]) {
    const { error } = await openLink(fragment, 'zh-CN');
    assert.strictEqual(error, damagedZh, fragment.slice(0, 40));
  }
  const en = await openLink('v1.ab$c!', 'en-US');
  assert.strictEqual(en.error, 'This share link is damaged or incomplete (perhaps cut off when it was copied) and cannot be opened. Ask for the whole link again.');
  const ok = await openLink(good, 'zh-CN');
  assert.strictEqual(ok.error, '');
  assert.ok(await ok.page.$eval('[data-testid=stars]', (e) => /\d/.test(e.textContent)));
});

test('share links: an oversized fragment and one that inflates past 1 MB are refused with a message', async () => {
  const tooLarge = '这个分享链接过大（超过 64 KB，或解压后超过 1 MB），不是本页面生成的链接，没有打开。';
  const long = await openLink('v1.' + 'A'.repeat(64 * 1024 + 1), 'zh-CN');
  assert.strictEqual(long.error, tooLarge);
  // 40 KB of link text that inflates to 32 MB: stopped at the cap while inflating.
  const bomb = 'v1.' + b64url(zlib.deflateRawSync(Buffer.alloc(32 << 20, 0x20), { level: 9 }));
  assert.ok(bomb.length < 64 * 1024);
  const { page, error } = await openLink(bomb, 'zh-CN');
  assert.strictEqual(error, tooLarge);
  assert.ok(await heapMb(page) < 100, 'the page heap stays small');
  const en = await openLink('v1.' + 'A'.repeat(64 * 1024 + 1), 'en-US');
  assert.strictEqual(en.error, 'This share link is too large (over 64 KB, or over 1 MB once inflated); this page never makes such links, so it was not opened.');
});
