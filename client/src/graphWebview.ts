// The graph webview's page (no VS Code API here, so it can be tested in
// Node): HTML with a strict Content-Security-Policy, the theme-following
// style, and the script that draws the server's laid-out graph as SVG,
// pans and zooms, highlights the layer under the cursor and asks the
// extension to reveal a layer's line when its box is clicked. A click on a
// nested model's box (dashed) also opens it into a frame of its layers; a
// click on a frame's title closes it again.
import { webviewPage } from './webviewPage';

/** The page: strict Content-Security-Policy, the style and the script allowed by `nonce` alone. */
export function webviewHtml(cspSource: string, nonce: string): string {
  return webviewPage(cspSource, nonce, { style: STYLE, body: BODY, script: SCRIPT });
}

/** The toolbar and the drawing surface. */
const BODY = `<div id="toolbar">
  <select id="model" title="Model" hidden></select>
  <button id="fit" title="Fit the graph to the view">Fit</button>
  <button id="rankdir" title="Top to bottom or left to right">TB</button>
  <button id="expand" title="Draw nested models' layers inside a frame" hidden>Expand nested</button>
  <span id="status"></span>
</div>
<svg id="canvas" xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs><g id="viewport"></g></svg>`;

export const STYLE = `
  html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); }
  #toolbar { position: absolute; top: 0; left: 0; right: 0; display: flex; gap: 6px; align-items: center; padding: 4px 8px; background: var(--vscode-editor-background); border-bottom: 1px solid var(--vscode-panel-border, transparent); z-index: 1; }
  #toolbar button, #toolbar select { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; font: inherit; cursor: pointer; }
  #toolbar select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border-color: var(--vscode-dropdown-border, transparent); }
  #status { color: var(--vscode-descriptionForeground); }
  #canvas { position: absolute; top: 32px; left: 0; width: 100%; height: calc(100% - 32px); cursor: grab; }
  #canvas.dragging { cursor: grabbing; }
  .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-editorWidget-border, var(--vscode-contrastBorder, #888)); stroke-width: 1.2; }
  .node.nested rect { stroke-dasharray: 5 3; }
  .node.linked, .node.nested, .cluster-title { cursor: pointer; }
  .node.linked:hover rect { stroke: var(--vscode-focusBorder); }
  .node.current rect { stroke: var(--vscode-focusBorder); stroke-width: 2.5; fill: var(--vscode-editor-selectionBackground); }
  .node text { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; fill: var(--vscode-editor-foreground); }
  .node .name { font-weight: bold; }
  .node .class { fill: var(--vscode-descriptionForeground); }
  .node .unknown { fill: var(--vscode-errorForeground); }
  .cluster rect { fill: none; stroke: var(--vscode-descriptionForeground); stroke-dasharray: 4 3; }
  .cluster-title text { font-size: 12px; fill: var(--vscode-descriptionForeground); }
  .cluster-title .label-bg { fill: var(--vscode-editor-background); opacity: 0.9; }
  .edge path { fill: none; stroke: var(--vscode-editorLineNumber-foreground); stroke-width: 1.2; }
  .edge text { font-family: var(--vscode-editor-font-family, monospace); font-size: 11px; fill: var(--vscode-descriptionForeground); }
  .edge .label-bg { fill: var(--vscode-editor-background); opacity: 0.85; }
  marker path { fill: var(--vscode-editorLineNumber-foreground); }
  .message { font-size: 13px; fill: var(--vscode-descriptionForeground); }
`;

// The webview's own script (plain JavaScript, no template substitutions): it
// keeps the last graph and the pan/zoom in its state, so redraws and hidden
// tabs keep the view where the user left it.
export const SCRIPT = String.raw`
(function () {
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.getElementById('canvas');
  const viewport = document.getElementById('viewport');
  const select = document.getElementById('model');
  const status = document.getElementById('status');
  const rankdirButton = document.getElementById('rankdir');
  const expandButton = document.getElementById('expand');
  let state = vscode.getState() || {};
  let view = state.view || null;
  let graph = state.graph || null;
  let model = state.model || 0;
  let rankdir = state.rankdir || 'TB';
  let expanded = state.expanded || false;
  let cursor = null;
  let framesOpen = false;
  // In a notebook, the cell (1-based) the cursor is in.
  let cursorCell = undefined;

  function save() { vscode.setState({ view: view, graph: graph, model: model, rankdir: rankdir, expanded: expanded }); }
  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, value, attrs) { const t = el('text', attrs, parent); t.textContent = value; return t; }
  function applyView() { if (view) viewport.setAttribute('transform', 'translate(' + view.x + ' ' + view.y + ') scale(' + view.k + ')'); }

  function fit() {
    const m = graph && graph.models[model];
    if (!m) return;
    const w = svg.clientWidth || 600, h = svg.clientHeight || 400;
    const k = Math.min(1.5, Math.max(0.05, Math.min(w / (m.layout.width + 20), h / (m.layout.height + 20))));
    view = { x: (w - m.layout.width * k) / 2, y: Math.max(0, (h - m.layout.height * k) / 2), k: k };
    applyView();
    save();
  }

  function message(value) {
    viewport.textContent = '';
    viewport.removeAttribute('transform');
    text(viewport, value, { x: 16, y: 28, class: 'message' });
  }

  // Where a layer is: its line, in a notebook also its cell.
  function where(x) {
    return (x.cell !== undefined ? 'cell ' + x.cell + ', ' : '') + 'line ' + x.line;
  }

  function draw() {
    viewport.textContent = '';
    if (!graph || graph.models.length === 0) { message('No Keras model found in this file.'); status.textContent = ''; return; }
    if (model >= graph.models.length) model = 0;
    select.textContent = '';
    graph.models.forEach(function (m, i) {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = m.name + ' (' + where(m) + ')';
      if (i === model) o.selected = true;
      select.appendChild(o);
    });
    select.hidden = graph.models.length < 2;
    rankdirButton.textContent = rankdir;
    const m = graph.models[model];
    expandButton.hidden = !m.nodes.some(function (n) { return n.nested !== undefined; });
    const L = m.layout;
    // Frames open (all of them, or some opened by a click) make the button close them.
    framesOpen = expanded || L.clusters.length > 0;
    expandButton.textContent = framesOpen ? 'Collapse nested' : 'Expand nested';
    status.textContent = m.nodes.length + ' layers';
    for (const c of L.clusters) el('rect', { x: c.x, y: c.y, width: c.width, height: c.height, rx: 6 }, el('g', { class: 'cluster' }, viewport));
    for (const e of L.edges) {
      const g = el('g', { class: 'edge' }, viewport);
      el('path', { d: e.points.map(function (p, i) { return (i ? 'L ' : 'M ') + p.x + ' ' + p.y; }).join(' '), 'marker-end': 'url(#arrow)' }, g);
      if (e.label !== undefined && e.labelAt) {
        const w = e.label.length * 6.7 + 6;
        el('rect', { class: 'label-bg', x: e.labelAt.x - w / 2, y: e.labelAt.y - 8, width: w, height: 15 }, g);
        text(g, e.label, { x: e.labelAt.x, y: e.labelAt.y + 4, 'text-anchor': 'middle' });
      }
    }
    for (const c of L.clusters) {
      const g = el('g', { class: 'cluster-title', 'data-id': c.id }, viewport);
      el('title', {}, g).textContent = 'Click to collapse';
      g.addEventListener('click', function (ev) { ev.stopPropagation(); vscode.postMessage({ type: 'expandNode', id: c.id, value: false }); });
      el('rect', { class: 'label-bg', x: c.x + 4, y: c.y + 3, width: c.label.length * 7.2 + 8, height: 16 }, g);
      text(g, c.label, { x: c.x + 8, y: c.y + 15 });
    }
    for (const n of L.nodes) {
      const g = el('g', { class: 'node' + (n.collapsed ? ' nested' : '') + (n.line !== null ? ' linked' : ''), 'data-id': n.id }, viewport);
      el('title', {}, g).textContent = n.name + ' (' + n.class + ')' + (n.line !== null ? ' · ' + where(n) : '');
      el('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: 4 }, g);
      n.rows.forEach(function (r, i) {
        const t = text(g, r.text, { x: n.x + n.width / 2, y: n.y + 20 + 16 * i, 'text-anchor': 'middle', class: r.kind + (r.title !== undefined ? ' unknown' : '') });
        if (r.title !== undefined) el('title', {}, t).textContent = r.title;
      });
      g.addEventListener('click', function (ev) {
        ev.stopPropagation();
        if (n.collapsed) vscode.postMessage({ type: 'expandNode', id: n.id, value: true });
        if (n.line !== null) vscode.postMessage({ type: 'reveal', line: n.line, cell: n.cell });
      });
    }
    if (view) applyView(); else fit();
    highlight();
  }

  function highlight() {
    for (const g of viewport.querySelectorAll('.node.current')) g.classList.remove('current');
    const m = graph && graph.models[model];
    if (!m || cursor === null) return;
    let best = null;
    for (const n of m.layout.nodes) {
      if (n.line === null || n.cell !== cursorCell) continue;
      const end = n.end_line !== undefined ? n.end_line : n.line;
      if (cursor >= n.line && cursor <= end && (!best || end - n.line < best.span)) best = { id: n.id, span: end - n.line };
    }
    if (!best) return;
    for (const g of viewport.querySelectorAll('.node')) if (g.getAttribute('data-id') === best.id) g.classList.add('current');
  }

  window.addEventListener('message', function (event) {
    const msg = event.data;
    if (msg.type === 'graph') {
      // Another document or model: fit it; the same one redrawn keeps its pan and zoom.
      if (!graph || graph.uri !== msg.graph.uri || msg.model !== model || msg.rankdir !== rankdir || msg.expandNested !== expanded) view = null;
      graph = msg.graph;
      model = msg.model;
      rankdir = msg.rankdir;
      expanded = msg.expandNested === true;
      cursor = msg.cursor;
      cursorCell = msg.cursorCell === null ? undefined : msg.cursorCell;
      draw();
      save();
    } else if (msg.type === 'cursor') {
      cursor = msg.line;
      cursorCell = msg.cell === null ? undefined : msg.cell;
      highlight();
    } else if (msg.type === 'error') {
      status.textContent = msg.message;
      if (!graph) message(msg.message);
    }
  });

  select.addEventListener('change', function () {
    model = Number(select.value);
    view = null;
    vscode.postMessage({ type: 'model', index: model });
    draw();
    save();
  });
  document.getElementById('fit').addEventListener('click', fit);
  rankdirButton.addEventListener('click', function () {
    vscode.postMessage({ type: 'rankdir', value: rankdir === 'TB' ? 'LR' : 'TB' });
  });

  expandButton.addEventListener('click', function () {
    vscode.postMessage({ type: 'expand', value: !framesOpen });
  });

  let drag = null;
  svg.addEventListener('pointerdown', function (ev) {
    if (!view || ev.button !== 0 || (ev.target.closest && (ev.target.closest('.node') || ev.target.closest('.cluster-title')))) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(ev.pointerId);
    svg.classList.add('dragging');
  });
  svg.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    view.x = drag.vx + ev.clientX - drag.x;
    view.y = drag.vy + ev.clientY - drag.y;
    applyView();
  });
  function endDrag() { if (drag) { drag = null; svg.classList.remove('dragging'); save(); } }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('wheel', function (ev) {
    if (!view) return;
    ev.preventDefault();
    const rect = svg.getBoundingClientRect();
    const px = ev.clientX - rect.left, py = ev.clientY - rect.top;
    const k = Math.min(4, Math.max(0.03, view.k * Math.exp(-ev.deltaY * 0.0015)));
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    applyView();
    save();
  }, { passive: false });

  if (graph) draw(); else message('Loading…');
  vscode.postMessage({ type: 'ready' });
})();
`;
