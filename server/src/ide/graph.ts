// The models of an analysis as graphs, like Keras's plot_model: one node per
// summary row (Input layers included), one edge per tensor a layer takes in,
// labelled with that tensor's shape. A nested model is one node that carries
// its own graph (`nested`) when the file builds it too. Plain data, in the
// JSON shape `keras-shapes plot --format json` prints:
//
//   {"models": [{"name": "model", "line": 9,
//     "nodes": [{"id": "conv2d", "name": "conv2d", "class": "Conv2D",
//                "output_shapes": [[null, 61, 61, 24]], "params": 4632, "line": 5, "end_line": 5}],
//     "edges": [{"from": "input_layer", "to": "conv2d", "shape": [null, 128, 128, 3]}]}]}
//
// Edges come from the summary's "Connected to" cells (`layer[node][tensor]`)
// when the model branches, else they chain the rows in order. Lines are
// 1-based; a row is matched to its layer call by the Keras layer name (else
// by class and output shape), so a layer whose call is not found (an Input, a
// layer built by Keras itself) has `line: null`. In a Jupyter notebook the
// lines are in the cell named by `cell` (1-based, every cell counted).
import type { AnalysisResult, LayerCall, ModelInfo, SummaryRow } from '../analysis/types';
import type { Shape } from '../engine';
import { LineIndex } from './positions';

export interface GraphNode {
  /** Unique in its graph (the layer name; `name#2` if a name repeats). */
  readonly id: string;
  readonly name: string;
  readonly class: string;
  /** null when unknown (`?`). */
  readonly output_shapes: Shape[] | null;
  readonly params: number | null;
  /** 1-based line of the layer's call, null when not found. */
  readonly line: number | null;
  /** 1-based line where that call ends. */
  readonly end_line?: number;
  /** In a notebook, the cell (1-based) that `line` and `end_line` are in. */
  readonly cell?: number;
  /** Why the shape or the count is unknown. */
  readonly unknown_reason?: string;
  /** A nested model's own graph, when the file builds that model. */
  readonly nested?: GraphBody;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Shape of the tensor along the edge; null when unknown. */
  readonly shape: Shape | null;
}

export interface GraphBody {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

export interface ModelGraph extends GraphBody {
  readonly name: string;
  /** 1-based line of the model's constructor. */
  readonly line: number;
  /** In a notebook, the cell (1-based) that `line` is in. */
  readonly cell?: number;
}

export interface FileGraph {
  readonly models: ModelGraph[];
}

/** How deep nested models are followed (a model cannot contain itself, but names can mislead). */
const MAX_NESTING = 8;

/** Where an offset of the analysed text is for a reader: a 1-based line, and in a notebook the cell (1-based) it is in. */
export type GraphPlace = (offset: number) => { readonly cell?: number; readonly line: number };

/** The graphs of the models of `text`; `place` says where offsets are (by default, lines of `text`). */
export function buildGraph(result: AnalysisResult, text: string, place?: GraphPlace): FileGraph {
  const lines = new LineIndex(text);
  const at: GraphPlace = place ?? ((offset) => ({ line: lines.position(offset).line + 1 }));
  const calls = callsByName(result.calls);
  const ctx: Context = { result, place: at, calls };
  return {
    models: result.models.map((model) => {
      const p = at(model.range.start);
      return {
        name: model.name,
        line: p.line,
        ...(p.cell !== undefined ? { cell: p.cell } : {}),
        ...modelBody(ctx, model, [model]),
      };
    }),
  };
}

interface Context {
  readonly result: AnalysisResult;
  readonly place: GraphPlace;
  readonly calls: ReadonlyMap<string, readonly LayerCall[]>;
  /** Calls by class and output shapes, made when first needed. */
  byOutput?: Map<string, LayerCall[]>;
}

function callsByName(calls: readonly LayerCall[]): Map<string, LayerCall[]> {
  const byName = new Map<string, LayerCall[]>();
  for (const call of calls) {
    if (call.layerName === undefined) continue;
    const list = byName.get(call.layerName);
    if (list) list.push(call);
    else byName.set(call.layerName, [call]);
  }
  return byName;
}

function modelBody(ctx: Context, model: ModelInfo, path: readonly ModelInfo[]): GraphBody {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const nodes = model.rows.map((row) => {
    let id = row.name;
    for (let k = 2; used.has(id); k++) id = `${row.name}#${k}`;
    used.add(id);
    if (!ids.has(row.name)) ids.set(row.name, id);
    return rowNode(ctx, model, row, id, path);
  });
  return { nodes, edges: modelEdges(model.rows, nodes, ids) };
}

function rowNode(ctx: Context, model: ModelInfo, row: SummaryRow, id: string, path: readonly ModelInfo[]): GraphNode {
  const call = callOf(ctx, model, row);
  const outcome = call?.outcomes.find((o) => o.outputShapes === null || o.trainableParams === null) ?? call?.outcomes[0];
  const unknown = row.outputShapes === null || row.params === null;
  const reason = unknown ? (outcome?.unknownReason ?? 'not known without running the code') : undefined;
  const nestedModel = path.length < MAX_NESTING ? nestedModelOf(ctx, row, path) : undefined;
  const start = call ? ctx.place(call.range.start) : undefined;
  // A call ends in the cell it starts in (a range is never split between cells).
  const end = call ? ctx.place(Math.max(call.range.start, call.range.end)) : undefined;
  const node: GraphNode = {
    id,
    name: row.name,
    class: row.className,
    output_shapes: row.outputShapes === null ? null : row.outputShapes.map((s) => [...s]),
    params: row.params,
    line: start ? start.line : null,
    ...(start && end ? { end_line: end.cell === start.cell ? end.line : start.line } : {}),
    ...(start?.cell !== undefined ? { cell: start.cell } : {}),
    ...(reason !== undefined ? { unknown_reason: reason } : {}),
    ...(nestedModel ? { nested: modelBody(ctx, nestedModel, [...path, nestedModel]) } : {}),
  };
  return node;
}

/**
 * The call that made a row's layer: among the calls with its Keras name, the
 * first inside the model's constructor (a Sequential's list), else the last
 * one before it (a functional graph is called before the model is built),
 * else the first.
 */
function callOf(ctx: Context, model: ModelInfo, row: SummaryRow): LayerCall | undefined {
  let candidates: readonly LayerCall[] = (ctx.calls.get(row.name) ?? []).filter((c) => c.className === row.className);
  if (candidates.length === 0) candidates = sameClassAndShape(ctx, row);
  if (candidates.length === 0) return undefined;
  const inside = candidates.find((c) => c.range.start >= model.range.start && c.range.end <= model.range.end);
  if (inside) return inside;
  const before = candidates.filter((c) => c.range.start < model.range.start);
  return before.length > 0 ? before[before.length - 1] : candidates[0];
}

/**
 * A call site that makes several layers (a helper called in a loop) is named
 * after one of them only: the others are found by their class and output.
 */
function sameClassAndShape(ctx: Context, row: SummaryRow): readonly LayerCall[] {
  if (row.outputShapes === null) return [];
  if (!ctx.byOutput) {
    ctx.byOutput = new Map();
    for (const call of ctx.result.calls) {
      for (const key of new Set(call.outcomes.flatMap((o) => (o.outputShapes === null ? [] : [`${call.className} ${JSON.stringify(o.outputShapes)}`])))) {
        const list = ctx.byOutput.get(key);
        if (list) list.push(call);
        else ctx.byOutput.set(key, [call]);
      }
    }
  }
  const same = ctx.byOutput.get(`${row.className} ${JSON.stringify(row.outputShapes)}`) ?? [];
  // Two calls of a helper often give the same shape with other weights (16 → 32 and 32 → 32 filters): the count decides.
  const shapes = JSON.stringify(row.outputShapes);
  const counted = same.filter((c) =>
    c.outcomes.some((o) => o.outputShapes !== null && JSON.stringify(o.outputShapes) === shapes && o.trainableParams !== null && o.nonTrainableParams !== null && o.trainableParams + o.nonTrainableParams === row.params),
  );
  return counted.length > 0 ? counted : same;
}

/** The model a row stands for: another model of the file with that Keras name (or variable name) and class. */
function nestedModelOf(ctx: Context, row: SummaryRow, path: readonly ModelInfo[]): ModelInfo | undefined {
  const candidates = ctx.result.models.filter((m) => !path.includes(m) && m.className === row.className && m.rows.length > 0);
  return candidates.find((m) => m.kerasName === row.name) ?? candidates.find((m) => m.name === row.name);
}

const INBOUND = /^(.*)\[(\d+)\]\[(\d+)\]$/;

function modelEdges(rows: readonly SummaryRow[], nodes: readonly GraphNode[], ids: ReadonlyMap<string, string>): GraphEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: GraphEdge[] = [];
  const branches = rows.some((r) => r.connectedTo !== undefined);
  if (!branches) {
    for (let i = 1; i < nodes.length; i++) edges.push({ from: nodes[i - 1].id, to: nodes[i].id, shape: onlyShape(nodes[i - 1].output_shapes) });
    return edges;
  }
  rows.forEach((row, i) => {
    for (const inbound of row.connectedTo ?? []) {
      const m = INBOUND.exec(inbound.trim());
      const sourceName = m ? m[1] : inbound.trim();
      const from = ids.get(sourceName);
      if (from === undefined) continue;
      const tensor = m ? Number(m[3]) : 0;
      const shapes = byId.get(from)?.output_shapes ?? null;
      edges.push({ from, to: nodes[i].id, shape: shapes?.[tensor] ?? null });
    }
  });
  return edges;
}

function onlyShape(shapes: Shape[] | null): Shape | null {
  return shapes !== null && shapes.length === 1 ? shapes[0] : null;
}

/** `(None, 61, 61, 24)` as the summary writes it; `?` when unknown. */
export function formatShape(shape: Shape | null): string {
  if (shape === null) return '?';
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** A node's output: one shape, a list of shapes, or `?`. */
export function formatNodeShapes(shapes: readonly Shape[] | null): string {
  if (shapes === null || shapes.length === 0) return '?';
  return shapes.length === 1 ? formatShape(shapes[0]) : `[${shapes.map(formatShape).join(', ')}]`;
}
