// Model graphs as text for `keras-shapes plot`: SVG drawn from our own layout
// (one <g class="node"> per box, one <g class="edge"> per tensor connection,
// a `?` carrying its reason as a <title>), Graphviz DOT, and a Mermaid
// flowchart for Markdown. Several models go one under the other in the SVG,
// as separate digraphs in DOT, and as subgraphs of one Mermaid flowchart.
import { formatShape, type GraphBody, type GraphNode, type ModelGraph } from './graph';
import { edgeLabelWidth, nodeRows, ROW_HEIGHT, type GraphLayoutOptions, type ModelLayout, type RankDir } from './graphLayout';

/** Text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** XML 1.0 forbids most control characters, even escaped. */
function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

const SVG_STYLE = `
  .model-title { font: bold 14px sans-serif; fill: #222; }
  .node rect { fill: #f7f9fc; stroke: #4a6fa5; stroke-width: 1.2; }
  .node.nested rect { stroke-dasharray: 5 3; }
  .node text { font: 12px monospace; fill: #222; }
  .node .name { font-weight: bold; }
  .node .class { fill: #555; }
  .node .unknown { fill: #b3261e; }
  .cluster rect { fill: #eef2f8; fill-opacity: 0.5; stroke: #8aa0c0; stroke-dasharray: 4 3; }
  .cluster-title text { font: bold 12px sans-serif; fill: #445; }
  .cluster-title .label-bg { fill: #fff; fill-opacity: 0.9; }
  .edge path { fill: none; stroke: #555; stroke-width: 1.2; }
  .edge text { font: 11px monospace; fill: #333; }
  .edge .label-bg { fill: #fff; fill-opacity: 0.85; stroke: none; }
`;

const TITLE_HEIGHT = 28;
const GAP = 24;

/** One SVG document: each model's title, then its layout. */
export function renderSvg(models: readonly { readonly model: ModelGraph; readonly layout: ModelLayout }[]): string {
  const width = Math.ceil(Math.max(200, ...models.map((m) => m.layout.width)));
  let y = 0;
  const parts: string[] = [];
  for (const { model, layout } of models) {
    parts.push(`<g class="model" data-model="${escapeXml(model.name)}" transform="translate(0 ${y})">`);
    parts.push(`<text class="model-title" x="16" y="20">${escapeXml(model.name)}</text>`);
    parts.push(`<g transform="translate(0 ${TITLE_HEIGHT})">`, ...layoutSvg(layout), '</g>', '</g>');
    y += TITLE_HEIGHT + Math.ceil(layout.height) + GAP;
  }
  const height = Math.max(40, y - GAP);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker>',
    '</defs>',
    `<style>${SVG_STYLE}</style>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function layoutSvg(layout: ModelLayout): string[] {
  const out: string[] = [];
  // Frames under the edges, their titles over them (edges cross a frame's top to reach its inputs).
  for (const c of layout.clusters) out.push(`<g class="cluster" data-id="${escapeXml(c.id)}"><title>${escapeXml(c.label)}</title><rect x="${c.x}" y="${c.y}" width="${c.width}" height="${c.height}" rx="6"/></g>`);
  for (const e of layout.edges) {
    const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
    let label = '';
    if (e.label !== undefined && e.labelAt) {
      const w = edgeLabelWidth(e.label);
      label =
        `<rect class="label-bg" x="${e.labelAt.x - w / 2}" y="${e.labelAt.y - 8}" width="${w}" height="15"/>` +
        `<text x="${e.labelAt.x}" y="${e.labelAt.y + 4}" text-anchor="middle">${escapeXml(e.label)}</text>`;
    }
    out.push(`<g class="edge" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><path d="${d}" marker-end="url(#arrow)"/>${label}</g>`);
  }
  for (const c of layout.clusters) {
    out.push(
      `<g class="cluster-title"><rect class="label-bg" x="${c.x + 4}" y="${c.y + 3}" width="${Math.ceil(c.label.length * 7.2 + 8)}" height="16"/>` +
        `<text x="${c.x + 8}" y="${c.y + 15}">${escapeXml(c.label)}</text></g>`,
    );
  }
  for (const n of layout.nodes) {
    const rows = n.rows.map((r, i) => {
      const ty = n.y + 8 + ROW_HEIGHT * i + 12;
      const cls = r.title !== undefined ? `${r.kind} unknown` : r.kind;
      const text = `<text class="${cls}" x="${n.x + n.width / 2}" y="${ty}" text-anchor="middle">${escapeXml(r.text)}</text>`;
      return r.title !== undefined ? `<g><title>${escapeXml(r.title)}</title>${text}</g>` : text;
    });
    const line = n.line === null ? '' : ` data-line="${n.line}"`;
    out.push(
      `<g class="node${n.collapsed ? ' nested' : ''}" data-id="${escapeXml(n.id)}"${line}><title>${escapeXml(`${n.name} (${n.class})`)}</title>` +
        `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="4"/>${rows.join('')}</g>`,
    );
  }
  return out;
}

/** Graphviz's double-quoted ID: backslashes and quotes escaped, newlines as `\n` escapes. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function nodeLabel(node: GraphNode, options: GraphLayoutOptions): string {
  return nodeRows(node, options)
    .map((r) => r.text)
    .join('\n');
}

/** DOT: one digraph per model, nested models as `cluster_` subgraphs when expanded. */
export function renderDot(models: readonly ModelGraph[], options: GraphLayoutOptions = {}): string {
  return models.map((m) => dotGraph(m, options)).join('\n');
}

function dotGraph(model: ModelGraph, options: GraphLayoutOptions): string {
  const rankdir: RankDir = options.rankdir ?? 'TB';
  const lines = [
    `digraph ${dotString(model.name)} {`,
    `  rankdir=${rankdir};`,
    '  node [shape=box, style="rounded,filled", fillcolor="#f7f9fc", color="#4a6fa5", fontname="monospace", fontsize=11];',
    '  edge [fontname="monospace", fontsize=10, color="#555555"];',
  ];
  dotBody(model, options, '', '  ', lines);
  lines.push('}', '');
  return lines.join('\n');
}

/** Writes a body's nodes and edges; returns the ids edges into and out of it should use. */
function dotBody(body: GraphBody, options: GraphLayoutOptions, prefix: string, indent: string, out: string[]): { sources: string[]; sinks: string[] } {
  const entry = new Map<string, string[]>();
  const exit = new Map<string, string[]>();
  for (const node of body.nodes) {
    const id = prefix + node.id;
    if (options.expandNested && node.nested && node.nested.nodes.length > 0) {
      out.push(`${indent}subgraph ${dotString(`cluster_${id}`)} {`, `${indent}  label=${dotString(`${node.name} (${node.class})`)};`, `${indent}  style=dashed;`);
      const inner = dotBody(node.nested, options, `${id}/`, `${indent}  `, out);
      out.push(`${indent}}`);
      entry.set(node.id, inner.sources);
      exit.set(node.id, inner.sinks);
      continue;
    }
    const attrs = [`label=${dotString(nodeLabel(node, options))}`];
    if (node.unknown_reason !== undefined) attrs.push(`tooltip=${dotString(node.unknown_reason)}`);
    if (node.nested) attrs.push('peripheries=2');
    out.push(`${indent}${dotString(id)} [${attrs.join(', ')}];`);
    entry.set(node.id, [id]);
    exit.set(node.id, [id]);
  }
  for (const e of body.edges) {
    const attrs = options.showShapes ? ` [label=${dotString(formatShape(e.shape))}]` : '';
    for (const from of exit.get(e.from) ?? []) for (const to of entry.get(e.to) ?? []) out.push(`${indent}${dotString(from)} -> ${dotString(to)}${attrs};`);
  }
  const hasIn = new Set(body.edges.map((e) => e.to));
  const hasOut = new Set(body.edges.map((e) => e.from));
  return {
    sources: body.nodes.filter((n) => !hasIn.has(n.id)).flatMap((n) => entry.get(n.id) ?? []),
    sinks: body.nodes.filter((n) => !hasOut.has(n.id)).flatMap((n) => exit.get(n.id) ?? []),
  };
}

/** Mermaid label text: quotes and characters Mermaid reads as markup become entity codes. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>&|]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** A Mermaid flowchart (`flowchart TB`); several models become subgraphs. */
export function renderMermaid(models: readonly ModelGraph[], options: GraphLayoutOptions = {}): string {
  const lines = [`flowchart ${options.rankdir ?? 'TB'}`];
  let counter = 0;
  const single = models.length === 1;
  models.forEach((m, i) => {
    const indent = single ? '  ' : '    ';
    if (!single) lines.push(`  subgraph model${i}["${mermaidText(m.name)}"]`);
    mermaidBody(m, options, indent, lines, () => `n${counter++}`);
    if (!single) lines.push('  end');
  });
  return lines.join('\n') + '\n';
}

function mermaidBody(body: GraphBody, options: GraphLayoutOptions, indent: string, out: string[], fresh: () => string): { sources: string[]; sinks: string[] } {
  const entry = new Map<string, string[]>();
  const exit = new Map<string, string[]>();
  for (const node of body.nodes) {
    if (options.expandNested && node.nested && node.nested.nodes.length > 0) {
      const sub = fresh();
      out.push(`${indent}subgraph ${sub}["${mermaidText(`${node.name} (${node.class})`)}"]`);
      const inner = mermaidBody(node.nested, options, `${indent}  `, out, fresh);
      out.push(`${indent}end`);
      entry.set(node.id, inner.sources);
      exit.set(node.id, inner.sinks);
      continue;
    }
    const id = fresh();
    const label = nodeRows(node, options)
      .map((r, k) => (k === 0 ? `<b>${mermaidText(r.text)}</b>` : mermaidText(r.text)))
      .join('<br/>');
    out.push(`${indent}${id}["${label}"]`);
    entry.set(node.id, [id]);
    exit.set(node.id, [id]);
  }
  for (const e of body.edges) {
    const arrow = options.showShapes ? `-->|"${mermaidText(formatShape(e.shape))}"|` : '-->';
    for (const from of exit.get(e.from) ?? []) for (const to of entry.get(e.to) ?? []) out.push(`${indent}${from} ${arrow} ${to}`);
  }
  const hasIn = new Set(body.edges.map((e) => e.to));
  const hasOut = new Set(body.edges.map((e) => e.from));
  return {
    sources: body.nodes.filter((n) => !hasIn.has(n.id)).flatMap((n) => entry.get(n.id) ?? []),
    sinks: body.nodes.filter((n) => !hasOut.has(n.id)).flatMap((n) => exit.get(n.id) ?? []),
  };
}
