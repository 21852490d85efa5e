// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the built
// site in dist/, a localhost static server, and a record of every request the page makes.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'build', 'screenshots');

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A page whose requests are recorded in page.requests; `locale` sets the browser language. */
async function openPage(browser, url, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('worker', (w) => w.on('console', () => {}));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return page;
}

/** Serves dist/ on a free localhost port; server.served lists the files asked for, in order. */
function serveDist() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const served = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    served.push(name);
    const file = path.join(dist, path.normalize(name));
    if (!file.startsWith(dist) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  server.served = served;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function screenshot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
}

async function score(page, text) {
  await page.fill('[data-testid=paste]', text);
  await page.click('[data-testid=run]');
  await page.waitForSelector('#result:not([hidden])', { timeout: 10000 });
}

const fileUrl = 'file://' + path.join(dist, 'starsheet.html');
const example = fs.readFileSync(path.join(root, 'examples', 'huayun-2026-10.json'), 'utf8');

// The drill-down table's rows as text; a segment's cell holds its name and a button to its
// parcels: the name is what is compared.
const drillCells = (page) => page.$$eval('#drill-table tbody tr', (rows) => rows.map((r) => [...r.cells]
  .map((c) => (c.querySelector('.segment') || c).textContent)));

// At 390 px in zh and en, once `reach` has shown a drill-down: the page does not scroll
// sideways, and the first card's cell `cell` (a selector within the row) names its column
// (`labels.zh`, `labels.en`). The screenshots go to build/screenshots/`shot`-{lang}-phone.png.
async function drillCardsOnPhone(browser, reach, cell, labels, shot) {
  const assert = require('node:assert');
  for (const [lang, locale] of [['zh', 'zh-CN'], ['en', 'en-US']]) {
    const page = await openPage(browser, fileUrl, { locale });
    await page.setViewportSize({ width: 390, height: 844 });
    await reach(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide at 390 px`);
    const label = await page.$eval(`#drill-table tbody tr ${cell}`, (td) => getComputedStyle(td, '::before').content);
    assert.strictEqual(label, JSON.stringify(labels[lang]));
    await page.$eval('#drilldown', (e) => e.scrollIntoView());
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `${shot}-${lang}-phone.png`) });
  }
}

module.exports = { launch, openPage, serveDist, screenshot, score, fileUrl, example, root, dist, drillCells, drillCardsOnPhone };
