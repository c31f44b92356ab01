// Shapes whose rank is known but some dimensions are not: `Input(shape=(maxlen,))`
// with `maxlen` read from data is `(None, ?)`. The analysis follows them by
// running the engine twice, with each unknown dimension replaced by one of two
// probe sizes: a dimension that comes out the same both times does not depend
// on the unknown ones and is known; one that differs is `?`. Weights that come
// out the same both times are known, so params usually stay exact:
//
//   inputs = keras.Input(shape=(maxlen,))   → (None, ?)
//   x = layers.Embedding(20000, 128)(inputs)  → (None, ?, 128) · 2,560,000
//   x = layers.Dense(64)(x)                 → (None, ?, 64) · 8,256
//
// A probe run that fails (the probe sizes do not fit, e.g. an Add with a known
// dimension) gives an unknown result and no diagnostic: the real sizes might fit.
import type { PyValue, Shape } from '../../engine';
import type { PartialShape } from '../types';
import { PyList, PyTuple, Tensor, Unknown, unknownBecause, type Value } from '../values';

/**
 * The two sizes an unknown dimension takes. Large, different, and divisible by
 * every small stride and pool size, so arithmetic that does not depend on them
 * gives the same result both times.
 */
export const PROBE_SIZES: readonly [number, number] = [720_720, 2_162_160];

/** A shape under both probes. */
export type ProbeShapes = readonly [Shape, Shape];

/** The shapes of `t` under both probes: its shape twice when known, its probes when partial, null otherwise. */
export function probesOf(t: Tensor): ProbeShapes | null {
  if (t.shape !== null) return [t.shape, t.shape];
  return t.probes ?? null;
}

/**
 * A concrete array given to a layer: a size the analysis does not know (null
 * in an array's shape) is a size of the data, not Keras's `None`, so the
 * array goes in as a partly known tensor (its shape under both probes).
 */
export function asLayerInput(v: Value): Value {
  if (v instanceof Tensor && !v.symbolic && v.shape !== null && v.shape.includes(null)) {
    const at = (size: number): Shape => (v.shape as Shape).map((d) => (d === null ? size : d));
    const t = new Tensor(null, v.node, false, v.name);
    t.probes = [at(PROBE_SIZES[0]), at(PROBE_SIZES[1])];
    if (v.dtype !== undefined) t.dtype = v.dtype;
    t.why = v.why ?? 'the size of the data is not known';
    return t;
  }
  if (v instanceof PyList && v.items.some((x) => x instanceof Tensor && !x.symbolic)) return new PyList(v.items.map(asLayerInput));
  if (v instanceof PyTuple && v.items.some((x) => x instanceof Tensor && !x.symbolic)) return new PyTuple(v.items.map(asLayerInput));
  return v;
}

/** What both probe runs agree on: a dimension that differs is `?`; null when the ranks differ. */
export function mergeProbes(a: Shape, b: Shape): PartialShape | null {
  if (a.length !== b.length) return null;
  return a.map((d, i) => (d === b[i] ? d : '?'));
}

/**
 * A partly known shape as Python reads it (`x.shape`, the `input_shape` a
 * `build` gets): a tuple of its known sizes and an unknown value, with `why`,
 * for each other; Keras's None is `none` (None itself unless said). Null when
 * even the rank is not known.
 */
export function partialShapeTuple(t: Tensor, why: string, none: Value = null): PyTuple | null {
  const partial = partialShapeOf(t);
  return partial === null ? null : new PyTuple(partial.map((d) => (d === '?' ? unknownBecause(why) : d === null ? none : d)));
}

/** The partial shape of a tensor, when its rank is known. */
export function partialShapeOf(t: Tensor): PartialShape | null {
  const p = t.shape === null ? (t.probes ?? null) : null;
  return p === null ? null : mergeProbes(p[0], p[1]);
}

/** The probe shapes of shape items (an int or None each, `undefined` for an unknown one); null when none is unknown. */
function probeShapes(items: readonly (number | null | undefined)[], prefix: readonly (number | null)[]): ProbeShapes | null {
  if (!items.includes(undefined)) return null;
  const at = (size: number): Shape => [...prefix, ...items.map((d) => (d === undefined ? size : d))];
  return [at(PROBE_SIZES[0]), at(PROBE_SIZES[1])];
}

/**
 * The probe shapes of a shape value whose items are ints, None or unknown
 * (`(maxlen, 128)` with `maxlen` unknown); null when it is not one or has no
 * unknown item.
 */
export function probeShapesFromValue(v: Value, prefix: readonly (number | null)[] = []): ProbeShapes | null {
  const items = v instanceof PyTuple || v instanceof PyList ? v.items : undefined;
  if (items === undefined) return null;
  const dims: (number | null | undefined)[] = [];
  for (const it of items) {
    if (it === null || (typeof it === 'number' && Number.isInteger(it))) dims.push(it);
    // An unknown value, or a scalar tensor (`ops.shape(x)[1]` of an unknown dim).
    else if (it instanceof Unknown || (it instanceof Tensor && it.shape !== null && it.shape.length === 0 && it.values === undefined)) dims.push(undefined);
    else return null;
  }
  return probeShapes(dims, prefix);
}

/** `probeShapesFromValue` for a value already converted for the engine (`input_shape=` on a first layer). */
export function probeShapesFromPy(v: PyValue | undefined, prefix: readonly (number | null)[] = []): ProbeShapes | null {
  if (!Array.isArray(v)) return null;
  const dims: (number | null | undefined)[] = [];
  for (const it of v as readonly PyValue[]) {
    if (it === null || (typeof it === 'number' && Number.isInteger(it))) dims.push(it);
    else if (typeof it === 'object' && !Array.isArray(it) && (it as { kind?: string }).kind === 'unknown') dims.push(undefined);
    else return null;
  }
  return probeShapes(dims, prefix);
}
