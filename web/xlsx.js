// Reads an .xlsx workbook with the browser's own tools: the ZIP container through
// DecompressionStream('deflate-raw'), the sheets through DOMParser. The result is CSV text that
// goes through the same importer as a pasted or dropped CSV. (DOMParser exists only on the main
// thread, so this runs there; the importer itself runs in the worker.)
'use strict';
window.Starsheet = window.Starsheet || {};
(function (ns) {
  const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

  // ---- ZIP -----------------------------------------------------------------------------------
  function zipEntries(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) throw new Error('not an .xlsx file (no ZIP directory found)');
    const count = view.getUint16(eocd + 10, true);
    let p = view.getUint32(eocd + 16, true);
    const entries = new Map();
    const decoder = new TextDecoder();
    for (let k = 0; k < count; k++) {
      if (view.getUint32(p, true) !== 0x02014b50) throw new Error('damaged .xlsx file (bad ZIP directory)');
      const method = view.getUint16(p + 10, true);
      const compressedSize = view.getUint32(p + 20, true);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      const localOffset = view.getUint32(p + 42, true);
      const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
      entries.set(name, { method, compressedSize, localOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return { view, entries };
  }

  async function readEntry(bytes, zip, name) {
    const e = zip.entries.get(name);
    if (!e) return null;
    const local = e.localOffset;
    const start = local + 30 + zip.view.getUint16(local + 26, true) + zip.view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + e.compressedSize);
    if (e.method === 0) return new TextDecoder().decode(data);
    if (e.method !== 8) throw new Error(`unsupported ZIP compression ${e.method} in ${name}`);
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new TextDecoder().decode(await new Response(stream).arrayBuffer());
  }

  function parseXml(text, name) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) throw new Error(`damaged .xlsx file (${name} is not XML)`);
    return doc;
  }

  const byTag = (node, tag) => Array.from(node.getElementsByTagNameNS(MAIN_NS, tag));

  // ---- workbook parts --------------------------------------------------------------------------
  async function openWorkbook(buffer) {
    const bytes = new Uint8Array(buffer);
    const zip = zipEntries(bytes);
    const read = (name) => readEntry(bytes, zip, name);
    const workbookText = await read('xl/workbook.xml');
    if (!workbookText) throw new Error('not an .xlsx workbook (no xl/workbook.xml)');
    const workbook = parseXml(workbookText, 'workbook.xml');
    const rels = parseXml((await read('xl/_rels/workbook.xml.rels')) || '<Relationships/>', 'workbook.xml.rels');
    const targets = new Map(Array.from(rels.getElementsByTagName('Relationship')).map((r) => [r.getAttribute('Id'), r.getAttribute('Target')]));
    const sheets = byTag(workbook, 'sheet').map((s) => {
      const target = targets.get(s.getAttributeNS(REL_NS, 'id')) || '';
      const path = target.startsWith('/') ? target.slice(1) : 'xl/' + target.replace(/^\.\//, '');
      return { name: s.getAttribute('name'), path };
    });
    const pr = byTag(workbook, 'workbookPr')[0];
    const date1904 = !!pr && /^(1|true)$/.test(pr.getAttribute('date1904') || '');
    return { read, sheets, date1904 };
  }

  async function sharedStrings(book) {
    const text = await book.read('xl/sharedStrings.xml');
    if (!text) return [];
    // A shared string is all the <t> runs of its <si>, phonetic runs (<rPh>) excluded.
    return byTag(parseXml(text, 'sharedStrings.xml'), 'si').map((si) =>
      byTag(si, 't').filter((t) => t.parentNode.localName !== 'rPh').map((t) => t.textContent).join(''));
  }

  // Which cell styles are dates, and whether they show a time: built-in number formats 14–22 and
  // 45–47, or a custom format with date/time letters outside quotes and brackets. Returns a map
  // from style index to true (date and time) or false (date only).
  async function dateStyles(book) {
    const text = await book.read('xl/styles.xml');
    if (!text) return new Map();
    const doc = parseXml(text, 'styles.xml');
    const custom = new Map(byTag(doc, 'numFmt').map((f) => [Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') || '']));
    const dateKind = (id) => {
      if (id >= 14 && id <= 17) return false;
      if ((id >= 18 && id <= 22) || (id >= 45 && id <= 47)) return true;
      const code = (custom.get(id) || '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
      if (!/[dmyhs]/i.test(code) || /^[#0.,%\s]*$/.test(code)) return null;
      return /[hs]/i.test(code);
    };
    const xfs = byTag(doc, 'cellXfs')[0];
    const out = new Map();
    if (xfs) byTag(xfs, 'xf').forEach((xf, i) => {
      const kind = dateKind(Number(xf.getAttribute('numFmtId') || 0));
      if (kind !== null) out.set(i, kind);
    });
    return out;
  }

  function serialToText(serial, date1904, withTime) {
    // Excel's day 0 is 1899-12-30 (which absorbs its 1900 leap-year bug) or 1904-01-01.
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    const ms = Math.round(serial * 86400) * 1000;
    const d = new Date(epoch + ms);
    const pad = (n) => String(n).padStart(2, '0');
    const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return withTime || !Number.isInteger(serial) ? date + ' ' + time : date;
  }

  function columnIndex(ref) {
    let n = 0;
    for (const ch of ref) {
      const c = ch.charCodeAt(0);
      if (c < 65 || c > 90) break;
      n = n * 26 + (c - 64);
    }
    return n - 1;
  }

  /** The sheets of a workbook: [{name, path}]. */
  async function listSheets(buffer) {
    return (await openWorkbook(buffer)).sheets;
  }

  /** One sheet (by index, default the first) as an array of rows of cell texts. */
  async function readSheet(buffer, index) {
    const book = await openWorkbook(buffer);
    const sheet = book.sheets[index || 0];
    if (!sheet) throw new Error('the workbook has no such sheet');
    const [strings, dates, text] = await Promise.all([sharedStrings(book), dateStyles(book), book.read(sheet.path)]);
    if (!text) throw new Error(`the sheet ${sheet.name} is missing from the workbook`);
    const rows = [];
    for (const row of byTag(parseXml(text, sheet.path), 'row')) {
      const r = Number(row.getAttribute('r')) - 1;
      const cells = [];
      let next = 0;
      for (const c of byTag(row, 'c')) {
        const ref = c.getAttribute('r');
        const col = ref ? columnIndex(ref) : next;
        next = col + 1;
        const type = c.getAttribute('t') || 'n';
        const v = byTag(c, 'v')[0];
        let value = '';
        if (type === 's') value = v ? strings[Number(v.textContent)] || '' : '';
        else if (type === 'inlineStr') value = byTag(c, 't').map((t) => t.textContent).join('');
        else if (type === 'b') value = v && v.textContent === '1' ? 'TRUE' : 'FALSE';
        else if (v) {
          value = v.textContent;
          const style = Number(c.getAttribute('s') || 0);
          if (type === 'n' && dates.has(style) && value !== '' && !isNaN(Number(value))) {
            value = serialToText(Number(value), book.date1904, dates.get(style));
          }
        }
        cells[col] = value;
      }
      rows[Number.isFinite(r) && r >= 0 ? r : rows.length] = Array.from(cells, (x) => (x === undefined ? '' : x));
    }
    return Array.from(rows, (x) => x || []);
  }

  /** Rows as RFC 4180 CSV (the importer's input). */
  function toCsv(rows) {
    const quote = (s) => (/[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
    return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  }

  ns.xlsx = { listSheets, readSheet, toCsv };
})(window.Starsheet);
