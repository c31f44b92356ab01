// Tensors made outside layers: operators (`x + y`, `x @ w`, `-x`), indexing
// (`x[:, 0]`), and how every tensor remembers the call that made it, so a
// functional model can replay its graph on other input shapes.
//
//   x[:, 1:3]   on (None, 8)    → (None, 2)
//   x @ w       (None, 4)·(4, 5) → (None, 5)
import type { Shape, Teaching } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import { broadcastShapes, matmulShape } from '../tensorShapes';
import { PyEllipsis, PyFloat, PySlice, PyTuple, Tensor, TensorNode, Unknown, arrayItems, unknownBecause, whyOf, errorWhy, type LayerObj, type Rerun, type Value } from '../values';
import { sliceIndices } from '../slices';
import { flattenTensors } from './convert';
import { isDynamicSize } from './ops';
import { PROBE_SIZES, mergeProbes, partialShapeOf, probesOf, type ProbeShapes } from './partial';
import type { PartialShape } from '../types';
import type { KerasHost } from './host';

export function recordInboundNode(layer: LayerObj, out: Value): void {
  if (out instanceof Tensor) addInboundNode(layer, out);
  else for (const t of flattenTensors(out)) addInboundNode(layer, t);
}

function addInboundNode(layer: LayerObj, t: Tensor): void {
  // A call traced by TensorFlow (in a `ds.map` function) makes no Keras node.
  if (!t.symbolic || !t.node || t.node.layer !== layer || t.node.traced) return;
  const nodes = (layer.inboundNodes ??= []);
  if (!nodes.includes(t.node)) nodes.push(t.node);
  if (t.node === nodes[0]) {
    const outs = (layer.firstOutputs ??= []);
    if (!outs.includes(t)) outs.push(t);
  }
}

/**
 * Remembers how `out` was computed, so a functional model called on inputs
 * of other shapes can run its graph again: `rerun` recomputes the same call
 * with every tensor argument replaced.
 */
export function replayable(out: Value, rerun: Rerun): Value {
  if (out instanceof Tensor) {
    if (out.node && !out.node.rerun) {
      out.node.rerun = rerun;
      out.outputIndex = 0;
    }
    return out;
  }
  const claimed = new Set<TensorNode>();
  flattenTensors(out).forEach((t, i) => {
    if (!t.node || (t.node.rerun && !claimed.has(t.node))) return;
    t.node.rerun = rerun;
    t.outputIndex = i;
    claimed.add(t.node);
  });
  return out;
}

/** A tensor of unknown shape made from `from`, keeping the first reason among them (else `fallback`'s). */
function unknownFrom(gnode: TensorNode, symbolic: boolean, from: readonly Value[], fallback?: () => string): Tensor {
  const t = new Tensor(null, gnode, symbolic);
  for (const v of from) {
    const w = whyOf(v);
    if (w) {
      t.why = w;
      return t;
    }
  }
  const w = fallback?.();
  if (w) t.why = w;
  return t;
}

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** "`x + y` on line N is not modelled". */
function notModelledWhy(host: KerasHost, node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, ' ');
  return `\`${text.length > 40 ? `${text.slice(0, 37)}…` : text}\` on line ${host.lineOf(node)} is not modelled`;
}

export function unaryResult(x: Tensor): Tensor {
  const t = new Tensor(x.shape, new TensorNode(null, [x]), x.symbolic);
  if (x.why) t.why = x.why;
  return t;
}

/** The first axis sliced away (iterating over a tensor). */
export function firstResult(x: Tensor): Tensor {
  const t = new Tensor(x.shape ? x.shape.slice(1) : null, new TensorNode(null, [x]), x.symbolic);
  if (x.why) t.why = x.why;
  return t;
}


export function tensorBinary(host: KerasHost, op: string, l: Value, r: Value, node: SyntaxNode): Value {
  const ts = [l, r].filter((v): v is Tensor => v instanceof Tensor);
  const symbolic = ts.some((t) => t.symbolic);
  const gnode = new TensorNode(null, ts);
  const shapeOf = (v: Value): Shape | null | undefined => {
    if (v instanceof Tensor) return v.shape;
    if (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat) return [];
    return undefined;
  };
  if (op === '==' && ts.some((t) => t.symbolic)) {
    // A symbolic Keras tensor has no elementwise `==` (its `!=`, `<`… are ops): Python compares the objects.
    const other = ts.length === 1 ? (l instanceof Tensor ? r : l) : undefined;
    if (other instanceof Unknown) return other.why ? other : unknownBecause(notModelledWhy(host, node));
    return ts.every((t) => t.symbolic) || ts.length === 1 ? l === r : unknownFrom(gnode, symbolic, [], () => notModelledWhy(host, node));
  }
  const a = shapeOf(l);
  const b = shapeOf(r);
  // An operand of another kind (a string, a list): the operation is what the analysis does not follow.
  if (a === undefined || b === undefined) return unknownFrom(gnode, symbolic, [l, r], () => notModelledWhy(host, node));
  if (a === null || b === null) return partialBinary(op, l, r, gnode, symbolic);
  if (COMPARISONS.has(op)) {
    // Elementwise, to a boolean tensor of the broadcast shape; shapes that do not broadcast are left unknown.
    const out = broadcastShapes(a, b);
    if (typeof out === 'string') return unknownFrom(gnode, symbolic, [], () => notModelledWhy(host, node));
    const t = new Tensor(out, gnode, symbolic);
    t.dtype = 'bool';
    return t;
  }
  // Keras raises here: the result is unknown because of this error, which says what was checked.
  const failed = (message: string, teach: Teaching): Tensor => {
    host.report(node, 'error', 'incompatible-shapes', message, undefined, teach);
    const t = new Tensor(null, gnode, symbolic);
    t.errorLine = host.lineOf(node);
    t.why = errorWhy(t.errorLine);
    return t;
  };
  if (op === '@') {
    const m = matmulShape(a, b);
    if (typeof m === 'string') return failed(m, { kind: 'matmul', left: a, right: b });
    return new Tensor(m, gnode, symbolic);
  }
  const out = broadcastShapes(a, b);
  if (typeof out === 'string') return failed(out, { kind: 'broadcast', left: a, right: b });
  const t = new Tensor(out, gnode, symbolic);
  // Integer arithmetic on integer scalars (sizes read with `ops.shape` in a traced call) stays integer.
  const intDtype = (v: Value): string | undefined => (v instanceof Tensor ? (typeof v.dtype === 'string' && /^int(32|64)$/.test(v.dtype) ? v.dtype : undefined) : typeof v === 'number' && Number.isInteger(v) ? 'python-int' : undefined);
  const li = intDtype(l);
  const ri = intDtype(r);
  if ((op === '+' || op === '-' || op === '*' || op === '//' || op === '%') && li !== undefined && ri !== undefined && (li === ri || li === 'python-int' || ri === 'python-int')) t.dtype = li === 'python-int' ? ri : li;
  // An array's size the analysis does not know keeps its reason.
  if (!symbolic && out.includes(null)) t.why = whyOfSizes(l) || whyOfSizes(r);
  return t;
}

function whyOfSizes(v: Value): string | undefined {
  return v instanceof Tensor ? v.why : undefined;
}

/**
 * `l op r` with a partly known operand (partial.ts): the rule under each
 * probe, and what both agree on; unknown when a probe does not fit (the real
 * sizes might), never an error.
 */
function partialBinary(op: string, l: Value, r: Value, gnode: TensorNode, symbolic: boolean): Tensor {
  const probes = (v: Value): ProbeShapes | null => (v instanceof Tensor ? probesOf(v) : typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat ? [[], []] : null);
  const pa = probes(l);
  const pb = probes(r);
  if (pa === null || pb === null) return unknownFrom(gnode, symbolic, [l, r]);
  const rule = (x: Shape, y: Shape): Shape | string => (op === '@' ? matmulShape(x, y) : broadcastShapes(x, y));
  const r0 = rule(pa[0], pb[0]);
  const r1 = rule(pa[1], pb[1]);
  if (typeof r0 === 'string' || typeof r1 === 'string' || mergeProbes(r0, r1) === null) return unknownFrom(gnode, symbolic, [l, r]);
  const t = new Tensor(null, gnode, symbolic);
  t.probes = [r0, r1];
  if (COMPARISONS.has(op)) t.dtype = 'bool';
  const why = [l, r].map((v) => (v instanceof Tensor && v.shape === null ? v.why : undefined)).find((w) => w !== undefined && w !== '');
  if (why !== undefined) t.why = why;
  return t;
}

export function tensorSubscript(host: KerasHost, t: Tensor, subs: readonly Value[], node: SyntaxNode): Value {
  const gnode = new TensorNode(null, [t]);
  if (!t.shape) {
    const partial = partialShapeOf(t);
    return partial === null ? unknownFrom(gnode, t.symbolic, [t]) : partialSubscript(host, t, partial, subs, node, gnode);
  }
  // An index the analysis does not follow (a tensor, a list, past the rank): its reason, else the subscript's.
  const notModelled = (p?: Value): Tensor => {
    const out = new Tensor(null, gnode, t.symbolic);
    out.why = (p !== undefined && whyOf(p)) || `the subscript ${notModelledWhy(host, node)}`;
    return out;
  };
  const parts = subs.length === 1 && subs[0] instanceof PyTuple ? subs[0].items : subs;
  const index = parts.length === 1 ? parts[0] : undefined;
  if (!t.symbolic && index instanceof Tensor && !index.symbolic && index.shape !== null && index.shape.length === 1 && t.shape.length > 0) {
    // NumPy's indexing with an array: of positions, as many items as it has; of booleans, the ones it selects.
    const bool = index.dtype === 'bool';
    if (bool || (typeof index.dtype === 'string' && /^u?int/.test(index.dtype))) {
      const out = new Tensor([bool ? null : index.shape[0], ...t.shape.slice(1)], gnode, false);
      out.dtype = t.dtype;
      if (out.shape?.[0] === null) out.why = (bool ? undefined : index.why) ?? t.why ?? index.why ?? 'the items a mask selects depend on the data';
      return out;
    }
  }
  if (typeof index === 'number' && Number.isInteger(index) && t.values !== undefined) {
    // An item of an array whose values the code fixes keeps its values (`dpr[i] > 0` is then decided).
    const items = arrayItems(t);
    const item = items?.[index < 0 ? index + items.length : index];
    if (item !== undefined) return item;
  }
  const dims = subscriptDims(t.shape, parts);
  if (!Array.isArray(dims)) return notModelled(dims.bad);
  const out = dims as (number | null)[];
  const r = new Tensor(out, gnode, t.symbolic);
  // Indexing keeps the dtype; a size not known is the array's.
  if (t.dtype !== undefined) r.dtype = t.dtype;
  if (t.why !== undefined && out.includes(null) && !t.symbolic) r.why = t.why;
  return r;
}

/**
 * The dimensions `x[parts]` keeps (basic indexing: ints, slices, `...`,
 * `None`), for a shape whose sizes may be unknown (`'?'`): a slice of an
 * unknown size is unknown (`x[:, :5]` has min(5, d) items), an int drops its
 * axis whatever the size. `{ bad }` names an index the rule does not follow.
 */
function subscriptDims<D extends number | null | '?'>(shape: readonly D[], parts: readonly Value[]): (D | number | null | '?')[] | { bad?: Value } {
  const out: (D | number | null | '?')[] = [];
  const explicit = parts.filter((p) => !(p instanceof PyEllipsis) && p !== null).length;
  let axis = 0;
  for (const p of parts) {
    if (p instanceof PyEllipsis) {
      const skip = shape.length - explicit;
      for (let i = 0; i < skip; i++) out.push(shape[axis++]);
    } else if (p === null) out.push(1);
    else if (p instanceof PySlice) {
      if (axis >= shape.length) return {};
      const d = shape[axis++];
      const dynamic = [p.start, p.stop, p.step].some(isDynamicSize);
      // A bound that is a scalar tensor of a traced call: a size left None stays None; of a known size, not known.
      if (dynamic) {
        if (d !== null) return { bad: [p.start, p.stop, p.step].find(isDynamicSize) ?? undefined };
        out.push(null);
      } else if (d === null || d === '?') out.push(d === '?' && !(p.start === null && p.stop === null && p.step === null) ? '?' : d);
      else {
        const idx = sliceIndices(p, d as number);
        out.push(idx ? idx.length : null);
      }
    } else if (typeof p === 'number' || isDynamicSize(p) || (p instanceof Unknown && p.isInt)) {
      // An int (known or not), or a scalar int tensor of a traced call: the axis is dropped whatever its value (one out of range raises when the script runs).
      if (axis >= shape.length) return {};
      axis++;
    } else return { bad: p };
  }
  while (axis < shape.length) out.push(shape[axis++]);
  return out;
}

/** `x[parts]` of a partly known tensor: its partial shape indexed, back as probes (or a known shape when no unknown size is left). */
function partialSubscript(host: KerasHost, t: Tensor, partial: PartialShape, subs: readonly Value[], node: SyntaxNode, gnode: TensorNode): Tensor {
  const parts = subs.length === 1 && subs[0] instanceof PyTuple ? subs[0].items : subs;
  const dims = subscriptDims(partial, parts);
  if (!Array.isArray(dims)) {
    const out = new Tensor(null, gnode, t.symbolic);
    out.why = (dims.bad !== undefined && whyOf(dims.bad)) || t.why || `the subscript ${notModelledWhy(host, node)}`;
    return out;
  }
  const known = dims.every((d) => d !== '?');
  const r = new Tensor(known ? (dims as Shape) : null, gnode, t.symbolic);
  if (!known) r.probes = [dims.map((d) => (d === '?' ? PROBE_SIZES[0] : d)), dims.map((d) => (d === '?' ? PROBE_SIZES[1] : d))];
  if (t.dtype !== undefined) r.dtype = t.dtype;
  if (t.why !== undefined) r.why = t.why;
  return r;
}

/**
 * `x < y` elementwise on NumPy arrays (one operand may be a Python number):
 * an array of booleans of the broadcast shape; undefined when no operand is
 * a concrete array (a symbolic tensor's comparison is Keras's).
 */
export function compareArrays(op: string, l: Value, r: Value, node: SyntaxNode, host: KerasHost): Value | undefined {
  const scalar = (v: Value): boolean => typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat || typeof v === 'string';
  const isArray = (v: Value): v is Tensor => v instanceof Tensor && !v.symbolic;
  if (!(isArray(l) || isArray(r)) || !((isArray(l) || scalar(l)) && (isArray(r) || scalar(r)))) return undefined;
  const shapeOf = (v: Value): Shape | null => (v instanceof Tensor ? v.shape : []);
  const a = shapeOf(l);
  const b = shapeOf(r);
  const out = a === null || b === null ? null : broadcastShapes(a, b);
  const t = new Tensor(typeof out === 'string' ? null : out, null, false);
  t.dtype = 'bool';
  // Values the code fixes on both sides (an item of `np.linspace` against a number): the comparison's values.
  const valuesOf = (v: Value): readonly (number | string)[] | undefined => (v instanceof Tensor ? v.values : typeof v === 'number' ? [v] : v instanceof PyFloat ? [v.v] : typeof v === 'boolean' ? [v ? 1 : 0] : undefined);
  const lv = valuesOf(l);
  const rv = valuesOf(r);
  const cmp = COMPARE[op];
  if (typeof out !== 'string' && out !== null && cmp !== undefined && lv !== undefined && rv !== undefined && lv.every((x) => typeof x === 'number') && rv.every((x) => typeof x === 'number')) {
    const n = out.reduce<number>((p, d) => p * (d ?? NaN), 1);
    const pairs = Number.isInteger(n) && (lv.length === n || lv.length === 1) && (rv.length === n || rv.length === 1) ? Array.from({ length: n }, (_, i) => [lv[lv.length === 1 ? 0 : i] as number, rv[rv.length === 1 ? 0 : i] as number] as const) : [];
    // Numbers within rounding of each other are left to the run (float arithmetic may differ in the last bits).
    const close = pairs.some(([a, b]) => a !== b && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
    if (pairs.length > 0 && !close) t.values = pairs.map(([a, b]) => (cmp(a, b) ? 1 : 0));
  }
  const why = whyOf(l) || whyOf(r) || (l instanceof Tensor ? l.why : undefined) || (r instanceof Tensor ? r.why : undefined);
  if (typeof out === 'string') t.why = `the shapes compared on line ${host.lineOf(node)} do not broadcast`;
  else if (why) t.why = why;
  return t;
}

// ---------------------------------------------------------------- ops
