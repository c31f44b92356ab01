// Shape manipulation: reshape, transpose, expand_dims, squeeze, moveaxis,
// swapaxes, broadcast_to, tile, repeat, ravel, flips, rot90, pad, rearrange
// (keras/src/ops/numpy.py, einops.py, operation_utils.py).
import type { OpDefs } from './def';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import { broadcastShapes, canonicalizeAxis, dimProduct } from './shapes';
import type { OpValue, TensorValue } from './types';
import { isSeq, isTensor, out, pyArrayShape, pyInt, repr, shapeListRepr, shapeRepr } from './values';
import type { Dim, Shape } from '../types';

/** Python list indexing (negative from the end); out of range raises IndexError. */
function pyIndex(i: number, n: number): number {
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw new OpFailure('IndexError', 'list index out of range');
  return j;
}

/** An int or a sequence of ints/None, as a list (None kept as null). */
function dimsOf(v: OpValue, what: string): { dims: Dim[]; asTuple: OpValue } {
  const n = pyInt(v);
  if (n !== undefined) return { dims: [n], asTuple: { kind: 'tuple', items: [v] } };
  if (isSeq(v)) {
    const dims = v.items.map((x) => {
      if (x === null) return null;
      const i = pyInt(x);
      if (i === undefined) return notModelled(`${what} holds a non-integer`);
      return i;
    });
    return { dims, asTuple: { kind: 'tuple', items: v.items } };
  }
  return notModelled(`${what} is not an int or a sequence`);
}

function intsOf(v: OpValue, what: string): number[] {
  const n = pyInt(v);
  if (n !== undefined) return [n];
  if (isSeq(v)) return v.items.map((x) => pyInt(x) ?? notModelled(`${what} holds a non-integer`));
  return notModelled(`${what} is not an int or a sequence`);
}

function reshapeShape(input: Shape, newshape: OpValue): Dim[] {
  if (isTensor(newshape)) {
    const s = newshape.shape;
    return s.length === 1 && s[0] !== null ? new Array<Dim>(s[0]).fill(null) : [null];
  }
  const { dims, asTuple } = dimsOf(newshape, '`newshape`');
  let negOnes = 0;
  for (const d of dims) {
    if (d === null) continue;
    if (d < -1) valueError(`Each dimension in \`newshape\` must be a non-negative integer, or \`-1\` for a single unknown dimension. Received: newshape=${repr(asTuple)}.`);
    if (d === -1) negOnes++;
  }
  if (negOnes > 1) valueError(`There must be at most one unknown dimension (-1) in \`newshape\`. Received: newshape=${repr(asTuple)}.`);
  if (input.includes(null) || dims.includes(null)) return dims.map((d) => (d === -1 ? null : d));
  const size = dimProduct(input) as number;
  const tupleRepr = shapeRepr(dims);
  if (negOnes === 0) {
    if (size !== (dimProduct(dims) as number)) valueError(`The total size of the tensor must be unchanged. Received: input_shape=${shapeRepr(input)}, newshape=${tupleRepr}`);
    return dims;
  }
  const known = dims.reduce<number>((p, d) => (d === -1 ? p : p * (d as number)), 1);
  if (known === 0 || size % known !== 0) {
    valueError(`The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in newshape. Received: input_shape=${shapeRepr(input)}, newshape=${tupleRepr}`);
  }
  return dims.map((d) => (d === -1 ? size / known : d));
}

export function transposeShape(shape: Shape, axes: OpValue): Dim[] {
  if (axes === null) return [...shape].reverse();
  if (!isSeq(axes)) return notModelled('`axes` is not a sequence');
  const n = shape.length;
  if (axes.items.length !== n) valueError(`axis must be a list of the same length as the input shape, expected ${n}, but received ${axes.items.length}.`);
  const listRepr = `[${axes.items.map(repr).join(', ')}]`;
  const norm = axes.items.map((v) => {
    const a = typeof v === 'object' && v !== null && v.kind === 'int' ? v.value : undefined;
    if (a === undefined || a < -n || a >= n) valueError(`Each axis in \`axes\` must be an integer in [-${n}, ${n}). Received: axes=${listRepr}.`);
    return ((a % n) + n) % n;
  });
  if (new Set(norm).size !== n) valueError(`\`axes\` must be a valid permutation of the input dimensions (no duplicates). Received: axes=${listRepr} for input of rank ${n}.`);
  return norm.map((a) => shape[a]);
}

export function expandDimsShape(shape: Shape, axis: OpValue): Dim[] {
  const axes = intsOf(axis, '`axis`');
  const outRank = axes.length + shape.length;
  const canon = axes.map((a) => canonicalizeAxis(a, outRank));
  const res: Dim[] = [];
  let k = 0;
  for (let i = 0; i < outRank; i++) res.push(canon.includes(i) ? 1 : shape[k++]);
  if (k > shape.length) notModelled('repeated axes');
  return res;
}

export function squeezeShape(shape: Shape, axis: OpValue): Dim[] {
  if (axis === null) return shape.filter((d) => d !== 1);
  const axes = intsOf(axis, '`axis`');
  for (const a of axes) if (shape[pyIndex(a, shape.length)] !== 1) valueError(`Cannot squeeze axis ${a}, because the dimension is not 1.`);
  const canon = axes.map((a) => canonicalizeAxis(a, shape.length));
  const res: Dim[] = [...shape];
  for (const a of [...canon].sort((p, q) => q - p)) res.splice(a, 1);
  return res;
}

/** einops-style `rearrange` on a fully known shape. */
function rearrangeShape(shape: Shape, pattern: string, lengths: Readonly<Record<string, OpValue>>): Dim[] {
  const [inP, outP, extra] = pattern.split(/\s*->\s*/);
  if (outP === undefined || extra !== undefined) return notModelled('the pattern has no single `->`');
  const tokens = (p: string) => p.match(/\w+|\(.*?\)/g) ?? [];
  const inAxes = tokens(inP);
  const outAxes = tokens(outP);
  const known: Record<string, number> = {};
  for (const [k, v] of Object.entries(lengths)) {
    const n = pyInt(v);
    if (n === undefined) return notModelled(`axis length ${k} is not an int`);
    known[k] = n;
  }
  const map: Record<string, Dim> = {};
  const count = Math.min(inAxes.length, shape.length);
  for (let i = 0; i < count; i++) {
    const ax = inAxes[i];
    const dim = shape[i];
    const g = /^\(([\w\s]+)\)/.exec(ax);
    if (g) {
      const inner = g[1].split(/\s+/).filter((s) => s);
      const inferred = inner.filter((a) => !(a in known));
      if (inferred.length) {
        const p = inner.filter((a) => a in known).reduce((x, a) => x * known[a], 1);
        if (dim === null) typeError("unsupported operand type(s) for //: 'NoneType' and 'int'");
        known[inferred[0]] = Math.floor(dim / p);
      }
      for (const a of inner) {
        if (!(a in known)) return notModelled(`axis ${a} has no length`);
        map[a] = known[a];
      }
    } else map[ax] = dim;
  }
  return outAxes.map((ax) => {
    const g = /^\(([\w\s]+)\)/.exec(ax);
    const group = g ? g[1].split(/\s+/).filter((s) => s) : [ax];
    let size = 1;
    for (const a of group) {
      if (!(a in map)) return notModelled(`output axis ${a} is not in the input pattern`);
      const d = map[a];
      if (d === null) typeError("unsupported operand type(s) for *=: 'int' and 'NoneType'");
      size *= d;
    }
    return size;
  });
}

function padShape(x: TensorValue, padWidth: OpValue): Dim[] {
  let pw: OpValue[];
  const n = pyInt(padWidth);
  if (n !== undefined) pw = [{ kind: 'tuple', items: [padWidth, padWidth] }];
  else if (isSeq(padWidth) && padWidth.items.length && pyInt(padWidth.items[0]) !== undefined) pw = [padWidth];
  else if (isSeq(padWidth)) pw = [...padWidth.items];
  else return notModelled('`pad_width` is not an int or a sequence');
  const pairs = pw.map((p) => {
    if (!isSeq(p)) return notModelled('`pad_width` entries are not sequences');
    const v = p.items.map((i) => pyInt(i) ?? notModelled('`pad_width` holds a non-integer'));
    if (v.length === 1) return [v[0], v[0]];
    if (v.length !== 2) return notModelled('`pad_width` entries of unusual length');
    return v;
  });
  const rank = x.shape.length;
  let widths: number[][];
  if (pairs.length === 1) widths = x.shape.map(() => pairs[0]);
  else if (pairs.length === rank) widths = pairs;
  else {
    const shown: OpValue = isSeq(padWidth) ? padWidth : { kind: 'tuple', items: pw };
    return valueError(
      `\`pad_width\` must have the same length as \`x.shape\`. Received: pad_width=${repr(shown)} (of length ${pairs.length}) and x.shape=${shapeRepr(x.shape)} (of length ${rank})`,
    );
  }
  return x.shape.map((d, i) => (d === null ? null : d + widths[i][0] + widths[i][1]));
}

export const defs: OpDefs = {
  'ops.reshape': {
    summary: 'Gives `x` the shape `newshape`; one -1 is inferred from the total size (None when unknown).',
    compute: (a) => {
      const x = a.tensor('x');
      return out(reshapeShape(x.shape, a.get('newshape')), x.dtype);
    },
  },
  'ops.transpose': {
    summary: 'Permutes the axes (`axes`, default: reversed).',
    compute: (a) => {
      const x = a.tensor('x');
      return out(transposeShape(x.shape, a.get('axes')), x.dtype);
    },
  },
  'ops.expand_dims': {
    summary: 'Inserts a size-1 axis at `axis` (an int or several).',
    compute: (a) => {
      const x = a.tensor('x');
      const axis = a.get('axis');
      if (pyInt(axis) === undefined && !isSeq(axis)) {
        valueError(`The \`axis\` argument to \`expand_dims\` should be an integer, tuple or list. Received axis=${repr(axis)}`);
      }
      return out(expandDimsShape(x.shape, axis), x.dtype);
    },
  },
  'ops.squeeze': {
    summary: 'Removes size-1 axes (`axis`, default: all of them; a None axis cannot be squeezed).',
    compute: (a) => {
      const x = a.tensor('x');
      return out(squeezeShape(x.shape, a.get('axis')), x.dtype);
    },
  },
  'ops.moveaxis': {
    summary: 'Moves axes `source` to positions `destination`; the others keep their order.',
    compute: (a) => {
      const x = a.tensor('x');
      const src = intsOf(a.get('source'), '`source`');
      const dst = intsOf(a.get('destination'), '`destination`');
      if (src.length !== dst.length) {
        valueError(`\`source\` and \`destination\` arguments must have the same number of elements, but received \`source=${repr(a.get('source'))}\` and \`destination=${repr(a.get('destination'))}\`.`);
      }
      const n = x.shape.length;
      const s = src.map((v) => canonicalizeAxis(v, n));
      const d = dst.map((v) => canonicalizeAxis(v, n));
      const res: (Dim | undefined)[] = new Array<Dim | undefined>(n).fill(undefined);
      const rest: (Dim | undefined)[] = [...x.shape];
      s.forEach((sc, i) => {
        res[d[i]] = x.shape[sc];
        rest[sc] = undefined;
      });
      const left = rest.filter((_v, i) => !s.includes(i)) as Dim[];
      let k = 0;
      for (let i = 0; i < n; i++) if (res[i] === undefined) res[i] = left[k++];
      if (res.some((v) => v === undefined)) notModelled('repeated axes');
      return out(res as Dim[], x.dtype);
    },
  },
  'ops.swapaxes': {
    summary: 'Swaps two axes.',
    compute: (a) => {
      const x = a.tensor('x');
      const n = x.shape.length;
      const i = canonicalizeAxis(pyInt(a.get('axis1')) ?? notModelled('`axis1` is not an int'), n);
      const j = canonicalizeAxis(pyInt(a.get('axis2')) ?? notModelled('`axis2` is not an int'), n);
      const s: Dim[] = [...x.shape];
      [s[i], s[j]] = [s[j], s[i]];
      return out(s, x.dtype);
    },
  },
  'ops.broadcast_to': {
    summary: 'Broadcasts `x` to `shape`; the result has exactly that shape.',
    // On a Python value NumPy's `np.broadcast_to` runs on it as it is: the dtype is NumPy's own.
    eager: 'own',
    compute: (a, ctx) => {
      const py = ctx.eager ? pyArrayShape(a.get('x')) : undefined;
      const x = py ?? a.tensor('x');
      const { dims } = dimsOf(a.get('shape'), '`shape`');
      broadcastShapes(x.shape, dims);
      if (!ctx.eager) return out(dims, (x as TensorValue).dtype);
      return out(dims, py ? null : (x as TensorValue).dtype, { concrete: true });
    },
  },
  'ops.tile': {
    summary: 'Repeats `x` `repeats` times along each axis (repeats aligned to the last axes).',
    compute: (a) => {
      const x = a.tensor('x');
      const r = a.get('repeats');
      if (typeof r === 'object' && r !== null && r.kind === 'float') typeError("'float' object is not iterable");
      let reps = intsOf(r, '`repeats`');
      let shape: Dim[] = [...x.shape];
      if (shape.length > reps.length) reps = [...new Array<number>(shape.length - reps.length).fill(1), ...reps];
      else shape = [...new Array<Dim>(reps.length - shape.length).fill(1), ...shape];
      return out(shape.map((d, i) => (d === null ? null : d * reps[i])), x.dtype);
    },
  },
  'ops.repeat': {
    summary: 'Repeats each element `repeats` times along `axis` (None: the flattened input).',
    compute: (a) => {
      const x = a.tensor('x');
      const reps = intsOf(a.get('repeats'), '`repeats`');
      const broadcast = reps.length === 1;
      const axis = a.get('axis');
      const shape: Dim[] = [...x.shape];
      const sum = reps.reduce((p, q) => p + q, 0);
      if (axis === null) {
        if (shape.includes(null)) return out([null], x.dtype);
        const size = dimProduct(shape) as number;
        if (broadcast) return out([size * reps[0]], x.dtype);
        if (reps.length !== size) valueError(`Size of \`repeats\` and dimensions of \`x\` after flattening should be compatible. Received: ${reps.length} and ${size}`);
        return out([sum], x.dtype);
      }
      const ax = pyInt(axis) ?? notModelled('`axis` is not an int');
      const i = pyIndex(ax, shape.length);
      const d = shape[i];
      if (d === null) return out(shape, x.dtype);
      if (broadcast) shape[i] = d * reps[0];
      else if (d !== reps.length) valueError(`Size of \`repeats\` and dimensions of \`axis ${ax} of x\` should be compatible. Received: ${reps.length} and ${shapeListRepr(x.shape)}`);
      else shape[i] = sum;
      return out(shape, x.dtype);
    },
  },
  'ops.ravel': {
    summary: 'Flattens to one axis (None when any dimension is unknown).',
    compute: (a) => {
      const x = a.tensor('x');
      return out([dimProduct(x.shape)], x.dtype);
    },
  },
  'ops.fliplr': {
    summary: 'Reverses axis 1; needs rank ≥ 2.',
    compute: (a) => {
      const x = a.tensor('x');
      if (x.shape.length < 2) valueError(`\`fliplr\` requires input with 2 or more dimensions. Received: x.shape=${shapeRepr(x.shape)}`);
      return out(x.shape, x.dtype);
    },
  },
  'ops.flipud': {
    summary: 'Reverses axis 0; needs rank ≥ 1.',
    compute: (a) => {
      const x = a.tensor('x');
      if (x.shape.length < 1) valueError(`\`flipud\` requires input with 1 or more dimensions. Received: x.shape=${shapeRepr(x.shape)}`);
      return out(x.shape, x.dtype);
    },
  },
  'ops.rot90': {
    summary: 'Rotates by 90° `k` times in the plane of `axes`: those two axes swap.',
    compute: (a) => {
      const x = a.tensor('array');
      const shape: Dim[] = [...x.shape];
      if (shape.length < 2) valueError(`Input array must have at least 2 dimensions. Received: array.shape=${shapeListRepr(shape)}`);
      const axesV = a.get('axes');
      const axes = intsOf(axesV, '`axes`');
      if (axes.length !== 2 || axes[0] === axes[1]) valueError(`Invalid axes: ${repr(axesV)}. Axes must be a tuple of two different dimensions.`);
      const i = pyIndex(axes[0], shape.length);
      const j = pyIndex(axes[1], shape.length);
      [shape[i], shape[j]] = [shape[j], shape[i]];
      return out(shape, x.dtype);
    },
  },
  'ops.pad': {
    summary: 'Pads each axis by (before, after) from `pad_width`; None axes stay None.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(padShape(x, a.get('pad_width')), x.dtype);
    },
  },
  'ops.rearrange': {
    summary: 'einops-style rearrangement by `pattern` ("b h w c -> b (h w) c"); Keras needs every dimension known.',
    compute: (a) => {
      const x = a.tensor('tensor');
      const pattern = a.get('pattern');
      if (typeof pattern !== 'string') return notModelled('`pattern` is not a string');
      return out(rearrangeShape(x.shape, pattern, a.varkw), x.dtype);
    },
  },
};

