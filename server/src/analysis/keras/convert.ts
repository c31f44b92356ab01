// Conversions between interpreter values and what the engine and the views
// take: engine arguments (`toPy`), shapes from Python tuples and back, and
// the tensors inside a value in Keras's flattening order.
//
//   toPy(PyTuple(3, 3))   → [3, 3]
//   shapeFromValue((None, 8)) → [null, 8]
import type { PyValue, Shape, Weight } from '../../engine';
import { LayerObj, PyDict, PyFloat, PyList, PyTuple, Tensor, Unknown, dictKey, type CallSiteArgs, type Value } from '../values';

export function toPy(v: Value): PyValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof PyFloat) return v.v;
  if (v instanceof PyTuple || v instanceof PyList) return v.items.map((x) => toPy(x));
  if (v instanceof PyDict) {
    const entries: Record<string, PyValue> = {};
    for (const [k, x] of v.map.values()) {
      if (typeof k !== 'string') return { kind: 'opaque', repr: 'dict' };
      entries[k] = toPy(x);
    }
    return { kind: 'dict', entries };
  }
  if (v instanceof LayerObj) return { kind: 'layer', className: v.className, args: v.args };
  if (v instanceof Unknown) return v.why ? { kind: 'unknown', why: v.why } : { kind: 'unknown' };
  if (v instanceof Tensor) return { kind: 'opaque', repr: 'array' };
  return { kind: 'opaque', repr: v.kind };
}

export function shapeFromValue(v: Value): Shape | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  const items = v instanceof PyTuple || v instanceof PyList ? v.items : undefined;
  if (!items) return undefined;
  const dims: (number | null)[] = [];
  for (const it of items) {
    if (it === null) dims.push(null);
    else if (typeof it === 'number' && Number.isInteger(it)) dims.push(it);
    else return undefined;
  }
  return dims;
}

export function shapeTuple(shape: Shape): PyTuple {
  return new PyTuple(shape.map((d) => d));
}

// ---------------------------------------------------------------- calls

export function sameWeights(a: readonly Weight[], b: readonly Weight[]): boolean {
  return a.length === b.length && a.every((w, i) => w.shape.length === b[i].shape.length && w.shape.every((d, j) => d === b[i].shape[j]));
}

export function sameExceptBatch(a: Shape, b: Shape | null): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function tensorsIn(v: Value): Tensor[] {
  if (v instanceof Tensor) return [v];
  const out: Tensor[] = [];
  if (v instanceof PyList || v instanceof PyTuple) for (const t of v.items) if (t instanceof Tensor) out.push(t);
  return out;
}

/** Every tensor in a value, in Keras's flattening order (dicts by sorted key). */
export function flattenTensors(v: Value): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (v instanceof PyList || v instanceof PyTuple) return v.items.flatMap(flattenTensors);
  if (v instanceof PyDict) return sortedDictEntries(v).flatMap(([, x]) => flattenTensors(x));
  return [];
}

export function sortedDictEntries(d: PyDict): [Value, Value][] {
  return [...d.map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

export function dictKeyText(k: Value): string {
  return dictKey(k) ?? '';
}

export function substituteValue(v: Value, map: (t: Tensor) => Tensor): Value {
  if (v instanceof Tensor) return map(v);
  if (v instanceof PyList) return new PyList(v.items.map((x) => substituteValue(x, map)));
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => substituteValue(x, map)));
  if (v instanceof PyDict) {
    const d = new PyDict();
    for (const [k, [kv, x]] of v.map) d.map.set(k, [kv, substituteValue(x, map)]);
    return d;
  }
  return v;
}

export function substituteArgs(args: CallSiteArgs, map: (t: Tensor) => Tensor): CallSiteArgs {
  const keywords = new Map<string, Value>();
  for (const [k, v] of args.keywords) keywords.set(k, substituteValue(v, map));
  return { positional: args.positional.map((v) => substituteValue(v, map)), keywords, node: args.node };
}

export function tensorsOf(v: Value): Tensor[] | null {
  if (v instanceof Tensor) return [v];
  if (v instanceof PyList || v instanceof PyTuple) return v.items.every((t) => t instanceof Tensor) ? (v.items as Tensor[]) : null;
  return null;
}
