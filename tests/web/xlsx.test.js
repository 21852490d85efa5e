// The page's .xlsx reader in Chromium: shared strings, date styles (date-only and date-time),
// quoting of cells with commas and quotes, empty cells, and the list of sheets.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { launch, openPage, fileUrl, root } = require('./support');

test('an Excel workbook becomes CSV text for the importer', async () => {
  const browser = await launch();
  try {
    const page = await openPage(browser, fileUrl);
    const b64 = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'records', 'shipments.xlsx')).toString('base64');
    const out = await page.evaluate(async (data) => {
      const bin = atob(data);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const sheets = await window.Starsheet.xlsx.listSheets(bytes.buffer);
      const rows = await window.Starsheet.xlsx.readSheet(bytes.buffer, 0);
      const second = await window.Starsheet.xlsx.readSheet(bytes.buffer, 1);
      return { sheets: sheets.map((s) => s.name), csv: window.Starsheet.xlsx.toCsv(rows), second };
    }, b64);
    assert.deepStrictEqual(out.sheets, ['运单', '说明']);
    assert.strictEqual(out.csv, [
      '运单号,运输方式,发货时间,签收时间,承诺送达时间,货物状态',
      // 46298.375 = 2026-10-03 09:00 (style 22, date and time); 46303 in yyyy/m/d is a date only.
      'SF001,空运,2026-10-03 09:00:00,2026-10-07 12:00:00,2026-10-08,完好',
      'SF002,海运,2026-10-03 12:00:00,2026-11-04 06:00:00,2026-10-30,破损',
      // A whole serial in a date-time column keeps its time.
      'SF003,陆运,2026-10-04 00:00:00,2026-10-09 18:00:00,2026-10-10,完好',
      '"SF004, ""特快""",空运,2026-10-05 06:00:00,,2026-10-09,完好',
      ''].join('\r\n'));
    assert.deepStrictEqual(out.second, [['导出说明']]);
  } finally {
    await browser.close();
  }
});
