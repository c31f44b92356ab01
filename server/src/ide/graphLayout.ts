// Coordinates for a model graph (./graph.ts), laid out by dagre's layered
// layout top to bottom like Keras's plot_model (or left to right). Each node
// is a box whose text rows (name, class, and on request the output shape and
// the parameter count) are measured in a monospace font; with `expandNested`
// a nested model becomes a cluster holding its own layers, its inbound edges
// going to its inputs and its outbound edges leaving from its outputs.
// Shapes are drawn at each edge's midpoint rather than given to dagre as
// labels: label dummies double the ranks and the layout time (see
// bench/graph-layout.ts). Plain data out, for the SVG renderer and the editor's
// webview alike.
import dagre from '@dagrejs/dagre';
import { formatCount } from '../engine';
import { formatNodeShapes, formatShape, type GraphBody, type GraphNode, type ModelGraph } from './graph';

export type RankDir = 'TB' | 'LR';

export interface GraphLayoutOptions {
  readonly rankdir?: RankDir;
  /** Output shapes in the boxes and on the edges. */
  readonly showShapes?: boolean;
  readonly showParams?: boolean;
  /** Nested models as clusters of their layers instead of one box. */
  readonly expandNested?: boolean;
  /** Only these nested models (by their ids in the layout, `backbone/block`) as clusters, when not all are. */
  readonly expand?: ReadonlySet<string>;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface NodeTextRow {
  readonly kind: 'name' | 'class' | 'shape' | 'params';
  readonly text: string;
  /** Why the value is unknown, for a `?`. */
  readonly title?: string;
}

export interface LaidOutNode {
  /** Unique in the layout: the node's id, prefixed by its clusters' ids (`backbone/conv2d`). */
  readonly id: string;
  readonly name: string;
  readonly class: string;
  /** Top-left corner and size. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly rows: NodeTextRow[];
  readonly line: number | null;
  readonly end_line?: number;
  /** In a notebook, the cell (1-based) of `line`. */
  readonly cell?: number;
  /** A nested model drawn as one box that could be expanded. */
  readonly collapsed?: boolean;
}

export interface LaidOutCluster {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly line: number | null;
  readonly cell?: number;
}

export interface LaidOutEdge {
  readonly from: string;
  readonly to: string;
  readonly points: Point[];
  /** The tensor's shape, when shapes are shown. */
  readonly label?: string;
  readonly labelAt?: Point;
}

export interface ModelLayout {
  readonly width: number;
  readonly height: number;
  readonly rankdir: RankDir;
  readonly nodes: LaidOutNode[];
  readonly clusters: LaidOutCluster[];
  readonly edges: LaidOutEdge[];
}

/** Width of one character of the 12px monospace font the boxes are drawn in, and the height of a text row. */
export const CHAR_WIDTH = 7.3;
export const ROW_HEIGHT = 16;
const PADDING_X = 12;
const PADDING_Y = 8;
const MIN_WIDTH = 90;
const CLUSTER_LABEL_HEIGHT = 20;
const MARGIN = 16;
/** Above this many nodes, rank by longest path: network simplex's ranking grows fast with size. */
const LARGE_GRAPH = 500;

export function nodeRows(node: GraphNode, options: GraphLayoutOptions): NodeTextRow[] {
  const rows: NodeTextRow[] = [
    { kind: 'name', text: node.name },
    { kind: 'class', text: node.class },
  ];
  const reason = node.unknown_reason ?? 'unknown';
  if (options.showShapes) {
    rows.push(node.output_shapes === null ? { kind: 'shape', text: '?', title: reason } : { kind: 'shape', text: formatNodeShapes(node.output_shapes) });
  }
  if (options.showParams) {
    rows.push(node.params === null ? { kind: 'params', text: '? params', title: reason } : { kind: 'params', text: `${formatCount(node.params)} params` });
  }
  return rows;
}

function boxSize(rows: readonly NodeTextRow[]): { width: number; height: number } {
  const chars = Math.max(...rows.map((r) => r.text.length));
  return { width: Math.max(MIN_WIDTH, Math.ceil(chars * CHAR_WIDTH + 2 * PADDING_X)), height: rows.length * ROW_HEIGHT + 2 * PADDING_Y };
}

interface FlatNode {
  readonly id: string;
  readonly node: GraphNode;
  readonly parent?: string;
  readonly collapsed: boolean;
}

interface FlatGraph {
  readonly nodes: FlatNode[];
  readonly clusters: { id: string; node: GraphNode; parent?: string }[];
  readonly edges: { from: string; to: string; shape: GraphEdgeShape }[];
}

type GraphEdgeShape = GraphBody['edges'][number]['shape'];

/**
 * The graph with nested models expanded into clusters (when asked): node ids
 * prefixed by their cluster's, edges into a cluster sent to the nested
 * model's sources (nodes without inbound edges), edges out of it from its sinks.
 */
function flatten(body: GraphBody, expand: (id: string) => boolean, prefix = '', parent?: string, out: FlatGraph = { nodes: [], clusters: [], edges: [] }): { sources: string[]; sinks: string[] } {
  const entry = new Map<string, string[]>();
  const exit = new Map<string, string[]>();
  for (const node of body.nodes) {
    const id = prefix + node.id;
    if (node.nested && node.nested.nodes.length > 0 && expand(id)) {
      out.clusters.push({ id, node, parent });
      const inner = flatten(node.nested, expand, `${id}/`, id, out);
      entry.set(node.id, inner.sources);
      exit.set(node.id, inner.sinks);
    } else {
      out.nodes.push({ id, node, parent, collapsed: node.nested !== undefined });
      entry.set(node.id, [id]);
      exit.set(node.id, [id]);
    }
  }
  for (const edge of body.edges) {
    for (const from of exit.get(edge.from) ?? []) for (const to of entry.get(edge.to) ?? []) out.edges.push({ from, to, shape: edge.shape });
  }
  const hasIn = new Set(body.edges.map((e) => e.to));
  const hasOut = new Set(body.edges.map((e) => e.from));
  return {
    sources: body.nodes.filter((n) => !hasIn.has(n.id)).flatMap((n) => entry.get(n.id) ?? []),
    sinks: body.nodes.filter((n) => !hasOut.has(n.id)).flatMap((n) => exit.get(n.id) ?? []),
  };
}

export function layoutModel(model: ModelGraph, options: GraphLayoutOptions = {}): ModelLayout {
  const rankdir = options.rankdir ?? 'TB';
  const flat: FlatGraph = { nodes: [], clusters: [], edges: [] };
  const only = options.expand;
  flatten(model, options.expandNested === true ? () => true : only ? (id) => only.has(id) : () => false, '', undefined, flat);
  const compound = flat.clusters.length > 0;
  const g = new dagre.graphlib.Graph({ multigraph: true, compound });
  g.setGraph({
    rankdir,
    nodesep: 24,
    // Left to right, a shape label lies across the gap between ranks: make room for the widest.
    ranksep: !options.showShapes ? 32 : rankdir === 'LR' ? Math.max(44, ...flat.edges.map((e) => edgeLabelWidth(formatShape(e.shape)) + 24)) : 44,
    edgesep: 12,
    marginx: MARGIN,
    marginy: MARGIN,
    ranker: flat.nodes.length > LARGE_GRAPH ? 'longest-path' : 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  const rowsOf = new Map<string, NodeTextRow[]>();
  for (const n of flat.nodes) {
    const rows = nodeRows(n.node, options);
    rowsOf.set(n.id, rows);
    g.setNode(n.id, boxSize(rows));
  }
  for (const c of flat.clusters) g.setNode(c.id, {});
  if (compound) {
    for (const n of flat.nodes) if (n.parent !== undefined) g.setParent(n.id, n.parent);
    for (const c of flat.clusters) if (c.parent !== undefined) g.setParent(c.id, c.parent);
  }
  flat.edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, `e${i}`));
  dagre.layout(g);

  const box = (id: string) => {
    const d = g.node(id) as { x: number; y: number; width: number; height: number };
    return { x: round(d.x - d.width / 2), y: round(d.y - d.height / 2), width: round(d.width), height: round(d.height) };
  };
  const nodes: LaidOutNode[] = flat.nodes.map((n) => ({
    id: n.id,
    name: n.node.name,
    class: n.node.class,
    ...box(n.id),
    rows: rowsOf.get(n.id) ?? [],
    line: n.node.line,
    ...(n.node.end_line !== undefined ? { end_line: n.node.end_line } : {}),
    ...(n.node.cell !== undefined ? { cell: n.node.cell } : {}),
    ...(n.collapsed ? { collapsed: true } : {}),
  }));
  // dagre leaves no room for a cluster's title: the box grows upwards by one row for it.
  const clusters: LaidOutCluster[] = flat.clusters.map((c) => {
    const b = box(c.id);
    return { id: c.id, label: `${c.node.name} (${c.node.class})`, ...b, y: b.y - CLUSTER_LABEL_HEIGHT, height: b.height + CLUSTER_LABEL_HEIGHT, line: c.node.line, ...(c.node.cell !== undefined ? { cell: c.node.cell } : {}) };
  });
  const edges: LaidOutEdge[] = flat.edges.map((e, i) => {
    const label = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points?: Point[] } | undefined;
    const points = (label?.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) }));
    if (!options.showShapes || points.length === 0) return { from: e.from, to: e.to, points };
    return { from: e.from, to: e.to, points, label: formatShape(e.shape), labelAt: midpoint(points) };
  });
  return fitToMargins({ width: 0, height: 0, rankdir, nodes, clusters, edges });
}

/** Width of an edge label's box, in the 11px monospace font edges are labelled in. */
export function edgeLabelWidth(label: string): number {
  return Math.ceil(label.length * 6.7 + 6);
}

/**
 * Moves everything so the drawing starts at the margin and sizes it to what
 * is drawn: dagre knows neither the clusters' titles nor the edges' labels,
 * which can stick out of its own bounds.
 */
function fitToMargins(layout: ModelLayout): ModelLayout {
  const xs: number[] = [];
  const ys: number[] = [];
  const box = (b: { x: number; y: number; width: number; height: number }) => {
    xs.push(b.x, b.x + b.width);
    ys.push(b.y, b.y + b.height);
  };
  layout.nodes.forEach(box);
  layout.clusters.forEach(box);
  for (const e of layout.edges) {
    for (const p of e.points) box({ x: p.x, y: p.y, width: 0, height: 0 });
    if (e.label !== undefined && e.labelAt) box({ x: e.labelAt.x - edgeLabelWidth(e.label) / 2, y: e.labelAt.y - 8, width: edgeLabelWidth(e.label), height: 15 });
  }
  if (xs.length === 0) return { ...layout, width: 2 * MARGIN, height: 2 * MARGIN };
  const dx = MARGIN - Math.min(...xs);
  const dy = MARGIN - Math.min(...ys);
  const p = (q: Point) => ({ x: round(q.x + dx), y: round(q.y + dy) });
  return {
    ...layout,
    width: Math.ceil(Math.max(...xs) + dx + MARGIN),
    height: Math.ceil(Math.max(...ys) + dy + MARGIN),
    nodes: layout.nodes.map((n) => ({ ...n, ...p(n) })),
    clusters: layout.clusters.map((c) => ({ ...c, ...p(c) })),
    edges: layout.edges.map((e) => ({ ...e, points: e.points.map(p), ...(e.labelAt ? { labelAt: p(e.labelAt) } : {}) })),
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The point halfway along a polyline. */
export function midpoint(points: readonly Point[]): Point {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let half = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (half <= lengths[i] && lengths[i] > 0) {
      const t = half / lengths[i];
      return { x: round(points[i].x + t * (points[i + 1].x - points[i].x)), y: round(points[i].y + t * (points[i + 1].y - points[i].y)) };
    }
    half -= lengths[i];
  }
  return points[points.length - 1];
}
