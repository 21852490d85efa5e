// Data quality in points: the report's `data_quality` (each finding of the imported files — rows
// whose dates cannot all be true, duplicate ids, a clock every delivery shares — with the period
// scored as the file says and without those rows) as a list. Every number and sentence comes
// finished from the core; this only draws. Loaded when a report first has a finding (not part of
// the first load): its words and its style come with it.
'use strict';
(function (ns) {
  const app = ns.app;
  const { $, state, el, formatNumber } = app;

  const WORDS = {
    zh: {
      quality_heading: '数据质量对得分的影响',
      quality_hint: '这些行的数据不可能全部属实（如签收早于出库、重复单号）。每一项都由评分引擎去掉这些行后重新计分，让您看到坏数据让总分少了还是多了。请先核对这些行再对外提交结果。',
      quality_with: '按文件原样：{total} 分，{stars}★',
    },
    en: {
      quality_heading: 'What the data quality does to the score',
      quality_hint: 'These rows hold values that cannot all be true (delivered before shipped, duplicate ids, …). Each finding is re-scored by the engine without its rows, so you see whether the bad data costs or adds points. Check these rows before you pass the result on.',
      quality_with: 'as the file says: {total} points, {stars}★',
    },
  };
  const w = (key) => (WORDS[state.lang] || WORDS.en)[key];

  // Its style rules come with it (CSSOM: the page's CSP allows it, and the first load stays small).
  const STYLE = [
    '.quality-list { list-style: none; padding: 0; margin: .5rem 0; }',
    '.quality-list li { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: .45rem .7rem; margin: .45rem 0; background: var(--card); }',
    '.quality-list li.costs { border-left-color: var(--bad); }',
    '.quality-list li.flatters { border-left-color: var(--warn); }',
    '.quality-list .finding { font-weight: 600; overflow-wrap: anywhere; }',
    '.quality-list .scores { margin: .2rem 0 0; color: var(--muted); }',
    '.quality-list .effect { font-weight: 700; }',
    '.quality-list li.costs .effect { color: var(--bad); }',
    '.quality-list li.flatters .effect { color: var(--warn); }',
  ];

  function build() {
    if ($('quality-list')) return;
    const sheet = document.styleSheets[0];
    for (const rule of STYLE) sheet.insertRule(rule, sheet.cssRules.length);
    $('quality').append(
      el('h3', { id: 'quality-heading' }),
      el('p', { id: 'quality-hint', class: 'hint' }),
      el('ul', { id: 'quality-list', 'data-testid': 'quality-list', class: 'quality-list' }));
  }

  function render(rep) {
    const findings = rep.data_quality || [];
    const box = $('quality');
    box.hidden = !findings.length;
    if (!findings.length) return;
    build();
    $('quality-heading').textContent = w('quality_heading');
    $('quality-hint').textContent = w('quality_hint');
    const files = new Set(findings.map((f) => f.file));
    $('quality-list').replaceChildren(...findings.map((f) => {
      const withText = w('quality_with').replace('{total}', formatNumber(f.total_with)).replace('{stars}', f.stars_with);
      return el('li', { class: f.effect, 'data-finding': f.finding },
        el('div', { class: 'finding', text: (files.size > 1 ? f.file + ' · ' : '') + f.text }),
        el('p', { class: 'scores' }, withText + ' → ' + f.score_text,
          f.effect_text ? ' — ' : '', f.effect_text ? el('span', { class: 'effect', text: f.effect_text }) : ''));
    }));
  }

  ns.quality = { render };
})(window.Starsheet);
