// Input errors in the user's language (issue 10 item 5): the engine's message from the rule pack,
// the field named by its label and its JSON pointer in small type, numbers grouped; a language
// switch shows the same error in the other language with nothing left of the first.
// Build first: scripts/build-web.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { launch, openPage, screenshot, score, fileUrl, example } = require('./support');

let browser;
test.before(async () => { browser = await launch(); });
test.after(async () => { await browser.close(); });

const han = /[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\uff1b]/;  // Chinese characters and full-width punctuation

async function paste(page, text) {
  await page.fill('[data-testid=paste]', text);
  await page.click('[data-testid=run]');
  await page.waitForSelector('#input-error:not([hidden])', { timeout: 10000 });
}

// The box's sentence without the pointer, and the pointer.
async function shown(page) {
  return page.evaluate(() => {
    const box = document.getElementById('input-error');
    const small = box.querySelector('small.pointer');
    const text = [...box.childNodes].filter((n) => n !== small).map((n) => n.textContent).join('').trim();
    return { text, pointer: small ? small.textContent : '' };
  });
}

async function switchTo(page, lang, pattern) {
  await page.selectOption('#lang', lang);
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('input-error').textContent), pattern.source);
}

test('a bad period is refused in Chinese, then in English after a switch', async () => {
  const page = await openPage(browser, fileUrl);
  // Scored first: the refused period after it must not leave "已完成评分" beside its error.
  await score(page, example);
  assert.strictEqual(await page.textContent('#input-status'), '已完成评分。');
  await paste(page, JSON.stringify({ format: 'starsheet-period/1', measures: { orders_total: 13000, orders_on_time: 13105 } }));
  assert.deepStrictEqual(await shown(page),
    { text: '准时送达订单数：13,105 大于订单总数（13,000）；部分不能超过整体', pointer: '/measures/orders_on_time' });
  assert.strictEqual(await page.textContent('#input-status'), '');
  await screenshot(page, 'error-zh');
  await switchTo(page, 'en', /Orders delivered on time:/);
  assert.deepStrictEqual(await shown(page),
    { text: 'Orders delivered on time: 13,105 is more than orders in the period (13,000); the part cannot exceed the whole',
      pointer: '/measures/orders_on_time' });
  assert.doesNotMatch(await page.textContent('#input-error'), han);
  await screenshot(page, 'error-en');
  await switchTo(page, 'zh', /准时送达订单数：/);
  assert.strictEqual((await shown(page)).text, '准时送达订单数：13,105 大于订单总数（13,000）；部分不能超过整体');
  assert.doesNotMatch(await page.textContent('#input-error'), /null|undefined/);
  assert.deepStrictEqual(page.errors, []);
});

test('text that is not JSON: the line and column in the user\'s language', async () => {
  const page = await openPage(browser, fileUrl);
  const broken = '{\n "format": "starsheet-period/1",\n "measures": {\n  "orders_total": 100,\n  "orders_on_time": 90,\n'
    + '  "goods_total": 10\n  "goods_intact": 10\n }\n}\n';
  await paste(page, broken);
  assert.deepStrictEqual(await shown(page), { text: '不是有效的 JSON：第 7 行第 16 列有语法错误', pointer: '' });
  await switchTo(page, 'en', /not valid JSON/);
  assert.match((await shown(page)).text, /^not valid JSON: parse error at line 7, column 16: /);
  assert.doesNotMatch(await page.textContent('#input-error'), han);
});

test('a measure typed in the form: the message beside the field, in the new language after a switch', async () => {
  const page = await openPage(browser, fileUrl);
  await score(page, example);
  const field = '#m_measures_orders_total';
  await page.fill(field, '-5');
  await page.waitForFunction(() => /应为不小于 0 的整数，实为 -5/.test(document.getElementById('m_measures_orders_total-err').textContent));
  assert.strictEqual(await page.getAttribute(field, 'aria-invalid'), 'true');
  assert.deepStrictEqual(await shown(page), { text: '订单总数：应为不小于 0 的整数，实为 -5', pointer: '/measures/orders_total' });
  await switchTo(page, 'en', /Orders in the period:/);
  await page.waitForFunction(() => /expected a whole number ≥ 0, got -5/.test(document.getElementById('m_measures_orders_total-err').textContent));
  assert.strictEqual((await shown(page)).text, 'Orders in the period: expected a whole number ≥ 0, got -5');
  assert.doesNotMatch(await page.textContent('#input-error'), han);
  assert.doesNotMatch(await page.textContent('#m_measures_orders_total-err'), han);
});
