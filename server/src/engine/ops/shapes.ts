// Shape rules shared by the op groups: Keras's broadcasting, axis
// canonicalisation and reduction shapes (keras/src/ops/operation_utils.py).
import type { Dim, Shape } from '../types';
import { OpFailure, notModelled, valueError } from './failure';
import { isSeq, isUnknownValue, pyInt, shapeListRepr, repr } from './values';
import type { OpValue } from './types';

/** Keras's `broadcast_shapes`: a None beside n gives n, beside 1 gives None. */
export function broadcastShapes(a: Shape, b: Shape): Dim[] {
  let s1 = [...a];
  let s2 = [...b];
  if (s1.length > s2.length) s2 = [...new Array<Dim>(s1.length - s2.length).fill(1), ...s2];
  if (s1.length < s2.length) s1 = [...new Array<Dim>(s2.length - s1.length).fill(1), ...s1];
  const out: Dim[] = [...s1];
  for (let i = 0; i < s1.length; i++) {
    const d1 = s1[i];
    const d2 = s2[i];
    if (d1 === 1) out[i] = d2;
    else if (d1 === null) out[i] = d2 === 1 ? null : d2;
    else if (d2 === 1 || d2 === null || d2 === d1) out[i] = d1;
    else {
      throw new OpFailure(
        'ValueError',
        `Cannot broadcast shape, the failure dim has value ${d1}, which cannot be broadcasted to ${d2}. Input shapes are: ${shapeListRepr(a)} and ${shapeListRepr(b)}.`,
        'incompatible-shapes',
      );
    }
  }
  return out;
}

/** `canonicalize_axis`: -1 is the last axis; out of range raises Keras's ValueError. */
export function canonicalizeAxis(axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) valueError(`axis ${axis} is out of bounds for an array with dimension ${rank}.`);
  return axis < 0 ? axis + rank : axis;
}

/** An `axis` argument: None, an int, or a tuple/list of ints. */
export function axisValue(v: OpValue, name = 'axis'): number[] | null {
  if (v === null) return null;
  if (isUnknownValue(v)) notModelled(`\`${name}\` is not known statically`);
  const n = pyInt(v);
  if (n !== undefined) return [n];
  if (isSeq(v)) {
    return v.items.map((x) => {
      const i = pyInt(x);
      if (i === undefined) notModelled(`\`${name}\`=${repr(v)} is not a tuple of ints`);
      return i;
    });
  }
  return notModelled(`\`${name}\`=${repr(v)} is not an int or a tuple of ints`);
}

/** `reduce_shape`: the shape after reducing `axes` (None: all). */
export function reduceShape(shape: Shape, axes: readonly number[] | null, keepdims: boolean): Dim[] {
  if (axes === null) return keepdims ? shape.map(() => 1) : [];
  const canon = axes.map((a) => canonicalizeAxis(a, shape.length));
  const out: Dim[] = [...shape];
  if (keepdims) {
    for (const a of canon) out[a] = 1;
    return out;
  }
  // Like Keras: deleting in descending order, a repeated axis removes two dims.
  for (const a of [...canon].sort((x, y) => y - x)) out.splice(a, 1);
  return out;
}

export function dimProduct(shape: Shape): Dim {
  let p = 1;
  for (const d of shape) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}
