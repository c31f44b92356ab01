// The summary webview's page (no VS Code API here, so it can be tested in
// Node): each model's summary as an HTML table whose columns share the
// view's width and wrap their cells (a long shape or "Connected to" list
// breaks inside its cell instead of pushing Param # off screen), the totals
// below it, and a ▸ before each row that is another model of the file, which
// expands to that model's rows. Redraws (as the code changes) keep what is
// expanded and where the view is scrolled.
import { webviewPage } from './webviewPage';

/** The page: strict Content-Security-Policy, the style and the script allowed by `nonce` alone. */
export function summaryHtml(cspSource: string, nonce: string): string {
  return webviewPage(cspSource, nonce, { style: SUMMARY_STYLE, body: '<div id="content"></div>', script: SUMMARY_SCRIPT });
}

export const SUMMARY_STYLE = `
  body { margin: 0; padding: 8px 16px 24px; background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
  h3 { font-size: 1.05em; font-weight: 600; margin: 16px 0 6px; }
  h3 .variable { color: var(--vscode-descriptionForeground); font-weight: normal; margin-left: 8px; }
  table.summary { width: 100%; max-width: 1100px; border-collapse: collapse; table-layout: fixed; }
  table.summary th { text-align: left; font-weight: 600; border-bottom: 2px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #888)); padding: 4px 8px; }
  table.summary td { border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #8884)); padding: 3px 8px; vertical-align: top; overflow-wrap: anywhere; }
  table.summary th.num, table.summary td.num { text-align: right; }
  td.shape, td.num, td.connected { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 13px); }
  td.num { font-variant-numeric: tabular-nums; }
  td.unknown { color: var(--vscode-errorForeground); }
  tr.child td { background: var(--vscode-editorWidget-background, transparent); }
  tr.child td.layer { color: var(--vscode-descriptionForeground); }
  button.toggle { background: none; border: none; color: var(--vscode-foreground); cursor: pointer; padding: 0 4px 0 0; font: inherit; width: 1.2em; }
  button.toggle:focus { outline: 1px solid var(--vscode-focusBorder); }
  .spacer { display: inline-block; width: 1.2em; }
  button.toggle, .spacer { vertical-align: top; }
  td.layer .name { display: inline-block; max-width: calc(100% - 1.6em); vertical-align: top; }
  .totals { margin: 6px 0 0; font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 13px); }
  .totals .why { color: var(--vscode-errorForeground); font-family: var(--vscode-font-family); margin-top: 2px; }
  pre.message { color: var(--vscode-descriptionForeground); white-space: pre-wrap; }
`;

// The webview's own script (plain JavaScript, no template substitutions). The
// extension posts {type: 'summary', tables, model, text, labels}: `tables` as
// the server's kerasShapes/summary gives them, `model` the index to show (all
// when null), `text` what to show when there is no model.
export const SUMMARY_SCRIPT = String.raw`
(function () {
  const vscode = acquireVsCodeApi();
  const content = document.getElementById('content');
  let state = vscode.getState() || {};
  let expanded = state.expanded || {};
  let last = state.last || null;
  const WIDTHS = { 3: ['45%', '35%', '20%'], 4: ['30%', '26%', '14%', '30%'] };
  const MAX_DEPTH = 6;

  function save() { vscode.setState({ expanded: expanded, last: last }); }
  function el(name, cls, parent) {
    const e = document.createElement(name);
    if (cls) e.setAttribute('class', cls);
    if (parent) parent.appendChild(e);
    return e;
  }

  function cellClass(index, value) {
    const kind = index === 0 ? 'layer' : index === 1 ? 'shape' : index === 2 ? 'num' : 'connected';
    return value === '?' ? kind + ' unknown' : kind;
  }

  /** The rows of table t under tbody; a nested model's rows follow its row when expanded. */
  function addRows(tbody, tables, t, key, depth, seen, labels, columns) {
    tables[t].rows.forEach(function (row, i) {
      // A nested model's rows fill the columns of the table they are shown in.
      const cells = row.cells.slice(0, columns);
      while (cells.length < columns) cells.push('');
      const rowKey = key + '/' + i;
      const tr = el('tr', depth > 0 ? 'child' : '', tbody);
      const canExpand = row.nested !== undefined && depth < MAX_DEPTH && seen.indexOf(row.nested) < 0;
      cells.forEach(function (value, c) {
        const td = el('td', cellClass(c, value), tr);
        if (c === 0) {
          if (depth > 0) td.setAttribute('style', 'padding-left: ' + (8 + depth * 18) + 'px');
          if (canExpand) {
            const open = expanded[rowKey] === true;
            const b = el('button', 'toggle', td);
            b.setAttribute('data-key', rowKey);
            b.setAttribute('aria-expanded', String(open));
            b.setAttribute('title', open ? labels.collapse : labels.expand);
            b.textContent = open ? '▾' : '▸';
          } else el('span', 'spacer', td);
          el('span', 'name', td).textContent = value;
        } else td.textContent = value;
      });
      if (canExpand && expanded[rowKey] === true) addRows(tbody, tables, row.nested, rowKey, depth + 1, seen.concat([row.nested]), labels, columns);
    });
  }

  function draw() {
    content.textContent = '';
    if (!last) return;
    const tables = last.tables || [];
    if (tables.length === 0) { el('pre', 'message', content).textContent = last.text || ''; return; }
    const shown = last.model === null || last.model === undefined || !tables[last.model] ? tables.map(function (_, i) { return i; }) : [last.model];
    const labels = last.labels || { expand: 'Expand', collapse: 'Collapse' };
    shown.forEach(function (t) {
      const table = tables[t];
      const section = el('section', 'model', content);
      const h = el('h3', '', section);
      h.textContent = table.title;
      if (table.name) el('span', 'variable', h).textContent = table.name;
      const tableEl = el('table', 'summary', section);
      const colgroup = el('colgroup', '', tableEl);
      const widths = WIDTHS[table.headers.length] || [];
      table.headers.forEach(function (_, c) { const col = el('col', '', colgroup); if (widths[c]) col.setAttribute('style', 'width: ' + widths[c]); });
      const head = el('tr', '', el('thead', '', tableEl));
      table.headers.forEach(function (name, c) { el('th', table.alignRight[c] ? 'num' : '', head).textContent = name; });
      addRows(el('tbody', '', tableEl), tables, t, String(t), 0, [t], labels, table.headers.length);
      const totals = el('div', 'totals', section);
      table.totals.forEach(function (line, i) { el('div', i >= 3 ? 'why' : '', totals).textContent = line; });
    });
  }

  content.addEventListener('click', function (event) {
    const target = event.target;
    const key = target && target.getAttribute ? target.getAttribute('data-key') : null;
    if (!key) return;
    expanded[key] = !expanded[key];
    save();
    draw();
  });

  window.addEventListener('message', function (event) {
    const m = event.data;
    if (!m || m.type !== 'summary') return;
    last = { tables: m.tables, model: m.model, text: m.text, labels: m.labels };
    save();
    draw();
  });

  draw();
  vscode.postMessage({ type: 'ready' });
})();
`;
