// Exports a manager uses, in the browser: "下载 Excel" / "下载 HTML" give the bytes the CLI's
// `score --format xlsx|html` writes (a what-if result marked as assumed), the standalone HTML opens
// from disk with scripts off and asks for nothing, and "只打印表格" prints the summary, Table A.2 and
// the 填表人 / 审核人 / 日期 lines on at most 2 A4 pages. Build first: scripts/build-web.
// STARSHEET_BIN (default build/bin/starsheet) is the CLI the bytes are compared with.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { launch, openPage, screenshot, score, fileUrl, example, root } = require('./support');

const cli = path.resolve(root, process.env.STARSHEET_BIN || path.join('build', 'bin', 'starsheet'));
const out = path.join(root, 'build', 'exports-page');
const shots = path.join(root, 'build', 'screenshots');

let browser;
test.before(async () => { browser = await launch(); fs.mkdirSync(out, { recursive: true }); });
test.after(async () => { await browser.close(); });

async function save(page, selector, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = path.join(out, name);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file), file };
}

// Pages of a PDF: its page objects (not the /Pages tree).
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;

test('the buttons, and the downloads are the CLI\'s bytes', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  for (const [id, text] of [['download-xlsx', '下载 Excel'], ['download-html', '下载 HTML'],
    ['print-form-only', '只打印表格'], ['print', '打印完整报告']]) {
    assert.strictEqual((await page.textContent('#' + id)).trim(), text);
  }
  const xlsx = await save(page, '#download-xlsx', 'page.xlsx');
  assert.strictEqual(xlsx.name, 'starsheet-report.xlsx');
  assert.strictEqual(xlsx.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  const html = await save(page, '#download-html', 'page.html');
  assert.strictEqual(html.name, 'starsheet-report.html');
  assert.match(html.bytes.toString('utf8'), /^<!DOCTYPE html>\n<html lang="zh-CN">/);
  if (fs.existsSync(cli)) {
    for (const [format, got] of [['xlsx', xlsx.bytes], ['html', html.bytes]]) {
      const want = spawnSync(cli, ['score', 'examples/huayun-2026-10.json', '--format', format], { cwd: root });
      assert.strictEqual(want.status, 0, String(want.stderr));
      assert.ok(got.equals(want.stdout), `${format}: the page's export differs from the CLI's`);
    }
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.locator('.share-actions').screenshot({ path: path.join(shots, 'export-buttons-zh-1366.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.share-actions').screenshot({ path: path.join(shots, 'export-buttons-zh-390.png') });
  assert.deepStrictEqual(page.errors, []);
});

test('the standalone HTML opens from disk with scripts off and asks for nothing', async () => {
  const page = await openPage(browser, fileUrl, { locale: 'en-US' });
  await score(page, example);
  const html = await save(page, '#download-html', 'page-en.html');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 900 } });
  try {
    const view = await context.newPage();
    const requests = [];
    view.on('request', (r) => requests.push(r.url()));
    await view.goto('file://' + html.file);
    assert.strictEqual(await view.getAttribute('html', 'lang'), 'en');
    assert.match(await view.textContent('h1'), /self-assessment/);
    assert.match(await view.textContent('.form'), /Completed by:\s*Reviewed by:\s*Date:/);
    assert.match(await view.textContent('.form tfoot'), /Total\s*66/);
    assert.deepStrictEqual(requests, ['file://' + html.file]);
    await view.screenshot({ path: path.join(shots, 'export-html-en.png') });
  } finally {
    await context.close();
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.share-actions').screenshot({ path: path.join(shots, 'export-buttons-en-390.png') });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.locator('.share-actions').screenshot({ path: path.join(shots, 'export-buttons-en-1366.png') });
});

test('a what-if result is exported as assumed', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  await page.fill('#what-if-emergency_response_rate', '99');
  await page.press('#what-if-emergency_response_rate', 'Enter');
  await page.waitForFunction(() => /69/.test(document.querySelector('[data-testid=total]').textContent));
  const xlsx = (await save(page, '#download-xlsx', 'what-if.xlsx')).bytes.toString('utf8');
  assert.match(xlsx, /【假设结果】1 项指标按假设值计分，这不是实际自评结果。/);
  assert.match(xlsx, /总分（假设值）/);
  const html = (await save(page, '#download-html', 'what-if.html')).bytes.toString('utf8');
  assert.match(html, /<p class="what-if" role="note">【假设结果】1 项指标/);
  // The printed form says so too, beside the total.
  await page.emulateMedia({ media: 'print' });
  assert.match(await page.textContent('#form-table tfoot'), /总分（假设值）\s*69/);
});

test('"print the form only": summary, Table A.2 and the lines to sign on at most 2 A4 pages', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  await page.evaluate(() => { window.print = () => {}; });  // the dialog itself is the browser's
  const full = pdfPages(await page.pdf({ format: 'A4' }));
  await page.click('#print-form-only');
  assert.strictEqual(await page.evaluate(() => document.body.classList.contains('print-form-only')), true);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('#form-table'));
  assert.strictEqual(await page.isVisible('#categories'), false);
  assert.strictEqual(await page.isVisible('#input'), false);
  assert.match(await page.textContent('#print-summary'), /^3 星 三星级 · 总分 66 \/ 100 · 已测量 31\/31 项指标$/);
  assert.match(await page.textContent('#print-form .sign-lines'), /^填表人：审核人：日期：$/);
  for (const s of ['填表人：', '审核人：', '日期：']) assert.ok(await page.getByText(s, { exact: true }).isVisible());
  const pdf = await page.pdf({ format: 'A4' });
  fs.mkdirSync(shots, { recursive: true });
  fs.writeFileSync(path.join(shots, 'print-form-only.pdf'), pdf);
  const pages = pdfPages(pdf);
  assert.ok(pages >= 1 && pages <= 2, `the form printed on ${pages} pages`);
  assert.ok(full > pages, `the full report (${full} pages) is longer than the form (${pages})`);
  await screenshot(page, 'print-form-only');
  // Printing the full report afterwards prints everything again.
  await page.emulateMedia({ media: 'screen' });
  await page.click('#print');
  assert.strictEqual(await page.evaluate(() => document.body.classList.contains('print-form-only')), false);
});
