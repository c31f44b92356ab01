// Indexing (get_item, take, take_along_axis, slice, slice_update, scatter,
// scatter_update) and diagonals/triangles (diagonal, trace, diag, diagflat,
// tril, triu).
import type { OpDefs } from './def';
import { notModelled, valueError } from './failure';
import { broadcastShapes, canonicalizeAxis } from './shapes';
import type { OpValue } from './types';
import { isSeq, isTensor, out, pyArrayShape, pyInt, repr, shapeListRepr, shapeRepr, str } from './values';
import type { Dim, Shape } from '../types';

/** `len(range(*slice(start, stop, step).indices(n)))`. */
function sliceLength(s: OpValue, n: number): number {
  if (typeof s !== 'object' || s === null || s.kind !== 'slice') return notModelled('not a slice');
  const num = (v: OpValue): number | null => (v === null ? null : pyInt(v) ?? notModelled('a slice bound that is not an int'));
  const step = num(s.step) ?? 1;
  if (step === 0) return notModelled('a zero slice step');
  const clamp = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const start = step > 0 ? clamp(num(s.start), 0, 0, n) : clamp(num(s.start), n - 1, -1, n - 1);
  const stop = step > 0 ? clamp(num(s.stop), n, 0, n) : clamp(num(s.stop), -1, -1, n - 1);
  const len = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
  return Math.max(0, len);
}

function getItemShape(shape: Shape, key: OpValue): Dim[] {
  let keys: OpValue[];
  if (pyInt(key) !== undefined) keys = [key];
  else if (isSeq(key)) keys = [...key.items];
  else if (typeof key === 'object' && key !== null && key.kind === 'unknown') return notModelled('the key is not known statically');
  else return valueError(`Unsupported key type for array slice. Received: \`${str(key)}\``);
  const isEll = (k: OpValue) => typeof k === 'object' && k !== null && k.kind === 'ellipsis';
  const ells = keys.filter(isEll).length;
  if (ells > 1) valueError(`Slice should only have one ellipsis. Received: \`${str(key)}\``);
  if (ells === 0) keys.push({ kind: 'ellipsis' });
  let remaining: Dim[] = [...shape];
  const res: Dim[] = [];
  while (keys.length) {
    const k = keys.shift() as OpValue;
    if (isEll(k)) {
      const needed = keys.length - keys.filter((q) => q === null).length;
      const consumed = remaining.length - needed;
      // Python slicing with a negative count keeps all but the last |consumed|.
      const cut = consumed < 0 ? Math.max(0, remaining.length + consumed) : Math.min(consumed, remaining.length);
      res.push(...remaining.slice(0, cut));
      remaining = remaining.slice(cut);
      continue;
    }
    if (k === null) {
      res.push(1);
      continue;
    }
    if (isTensor(k)) return notModelled('a tensor index');
    if (!remaining.length) valueError(`Array has shape ${shapeRepr(shape)} but slice has to many indices. Received: \`${str(key)}\``);
    const length = remaining.shift() as Dim;
    const i = pyInt(k);
    if (i !== undefined) {
      if (length !== null) {
        const index = i >= 0 ? i : i + length;
        if (index < 0 || index >= length) valueError(`Array has shape ${shapeRepr(shape)} but out-of-bounds index ${str(key)} was requested.`);
      }
    } else if (typeof k === 'object' && k.kind === 'slice') {
      res.push(length === null ? null : sliceLength(k, length));
    } else valueError(`Unsupported key type for array slice. Received: \`${str(key)}\``);
  }
  return res;
}

function diagLength(a: Dim, b: Dim, offset: number): Dim {
  if (a === null || b === null) return null;
  const shorter = Math.min(a, b);
  const remaining = offset > 0 ? b - offset : a + offset;
  return Math.max(0, Math.min(remaining, shorter));
}

const intArg = (v: OpValue, what: string): number => pyInt(v) ?? notModelled(`\`${what}\` is not an int`);

export const defs: OpDefs = {
  'ops.get_item': {
    summary: 'x[key] for a tuple/int key: ints drop an axis, slices resize it, None inserts one (a bare slice is refused).',
    compute: (a) => {
      const x = a.tensor('x');
      return out(getItemShape(x.shape, a.get('key')), x.dtype);
    },
  },
  'ops.take': {
    summary: 'Gathers along `axis` (None: from the flattened input): the indices shape replaces that axis.',
    compute: (a) => {
      const x = a.tensor('x');
      const idx = a.get('indices');
      let ishape: Shape;
      if (isTensor(idx)) ishape = idx.shape;
      else {
        const s = pyArrayShape(idx);
        if (!s) return notModelled('indices that are not an array-like value');
        ishape = s.shape;
      }
      const axis = a.get('axis');
      if (axis === null) return out(ishape, x.dtype);
      const ax = canonicalizeAxis(intArg(axis, 'axis'), x.shape.length);
      return out([...x.shape.slice(0, ax), ...ishape, ...x.shape.slice(ax + 1)], x.dtype);
    },
  },
  'ops.take_along_axis': {
    summary: 'Gathers along `axis` with indices of the same rank; the other axes broadcast.',
    compute: (a) => {
      const x = a.tensor('x');
      const idx = a.tensor('indices');
      const axisV = a.get('axis');
      let xs: Dim[] = [...x.shape];
      if (axisV === null) xs = [xs.includes(null) ? null : xs.reduce<number>((p, q) => p * (q as number), 1)];
      if (xs.length !== idx.shape.length) {
        valueError(`\`x\` and \`indices\` must have the same number of dimensions, but receive shape ${shapeListRepr(xs)} and ${shapeListRepr(idx.shape)}.`);
      }
      const ax = axisV === null ? 0 : canonicalizeAxis(intArg(axisV, 'axis'), xs.length);
      xs[ax] = idx.shape[ax];
      return out(broadcastShapes(xs, idx.shape), x.dtype);
    },
  },
  'ops.slice': {
    summary: 'A block of `shape` starting at `start_indices` (-1: to the end).',
    compute: (a) => {
      const x = a.tensor('inputs');
      const start = a.get('start_indices');
      const sv = a.get('shape');
      if (!isSeq(sv)) return notModelled('`shape` is not a sequence');
      const shape = sv.items.map((v) => intArg(v, 'shape'));
      if (shape.length !== x.shape.length) {
        valueError(`The number of dimensions in \`inputs\` must match the number of dimensions in \`shape\`. Received inputs.shape=${shapeRepr(x.shape)} and shape=${repr(sv)}`);
      }
      const starts = isTensor(start) ? null : isSeq(start) ? start.items.map((v) => intArg(v, 'start_indices')) : notModelled('`start_indices`');
      if (starts && starts.length !== x.shape.length) {
        valueError(`The number of dimensions in \`start_indices\` must match the number of dimensions in \`inputs\`. Received start_indices=${repr(start)} and inputs.shape=${shapeRepr(x.shape)}`);
      }
      return out(
        shape.map((d, i) => (d !== -1 ? d : starts === null || x.shape[i] === null ? null : (x.shape[i] as number) - starts[i])),
        x.dtype,
      );
    },
  },
  'ops.slice_update': {
    summary: 'Writes `updates` into `inputs` at `start_indices`; the shape of `inputs`.',
    compute: (a) => {
      const x = a.tensor('inputs');
      return out(x.shape, x.dtype);
    },
  },
  'ops.scatter': {
    summary: 'A zero tensor of `shape` with `values` written at `indices`; the dtype of `values`.',
    compute: (a) => {
      const v = a.tensor('values');
      const sv = a.get('shape');
      if (!isSeq(sv)) return notModelled('`shape` is not a sequence');
      return out(sv.items.map((d) => (d === null ? null : intArg(d, 'shape'))), v.dtype);
    },
  },
  'ops.scatter_update': {
    summary: 'Writes `updates` into `inputs` at `indices`; the shape of `inputs`.',
    compute: (a) => {
      const r = a.get('reduction');
      if (r !== null) {
        const s = typeof r === 'string' ? r.toLowerCase() : notModelled('`reduction` is not a string');
        if (!['add', 'max', 'min', 'mul'].includes(s)) valueError(`Invalid reduction: ${s}. Supported values are: None, 'add', 'max', 'min', 'mul'.`);
      }
      const x = a.tensor('inputs');
      return out(x.shape, x.dtype);
    },
  },
  'ops.diagonal': {
    summary: 'The diagonal over axes (axis1, axis2), moved to the end.',
    compute: (a) => {
      const x = a.tensor('x');
      const n = x.shape.length;
      const i1 = intArg(a.get('axis1'), 'axis1');
      const i2 = intArg(a.get('axis2'), 'axis2');
      const j1 = canonicalizeAxis(i1, n);
      const j2 = canonicalizeAxis(i2, n);
      if (j1 === j2) valueError(`\`axis1\` and \`axis2\` cannot be the same. Received: axis1=${i1}, axis2=${i2}`);
      if (n < 2) valueError(`\`diagonal\` requires an array of at least two dimensions, but \`x\` is of shape ${shapeRepr(x.shape)}.`);
      const rest = x.shape.filter((_d, i) => i !== j1 && i !== j2);
      return out([...rest, diagLength(x.shape[j1], x.shape[j2], intArg(a.get('offset'), 'offset'))], x.dtype);
    },
  },
  'ops.trace': {
    summary: 'The sum along a diagonal: axes axis1 and axis2 are removed; small ints sum as int32.',
    compute: (a) => {
      const x = a.tensor('x');
      const n = x.shape.length;
      const i1 = intArg(a.get('axis1'), 'axis1');
      const i2 = intArg(a.get('axis2'), 'axis2');
      const j1 = canonicalizeAxis(i1, n);
      const j2 = canonicalizeAxis(i2, n);
      if (j1 === j2) valueError(`\`axis1\` and \`axis2\` must be different. Received: axis1=${i1}, axis2=${i2}`);
      const d = x.dtype;
      const dtype = ['bool', 'int8', 'int16'].includes(d) ? 'int32' : ['uint8', 'uint16'].includes(d) ? 'uint32' : d;
      return out(x.shape.filter((_q, i) => i !== j1 && i !== j2), dtype);
    },
  },
  'ops.diag': {
    summary: 'A 1-D input becomes a square matrix (size + |k|); a 2-D input gives its k-th diagonal.',
    compute: (a) => {
      const x = a.tensor('x');
      const k = intArg(a.get('k'), 'k');
      if (x.shape.length === 1) {
        const n = x.shape[0];
        return out(n === null ? [null, null] : [n + Math.abs(k), n + Math.abs(k)], x.dtype);
      }
      if (x.shape.length === 2) return out([x.shape.includes(null) ? null : diagLength(x.shape[0], x.shape[1], k)], x.dtype);
      return valueError(`\`x\` must be 1-D or 2-D, but received shape ${shapeRepr(x.shape)}.`);
    },
  },
  'ops.diagflat': {
    summary: 'A square matrix with the flattened input on the k-th diagonal.',
    compute: (a) => {
      const x = a.tensor('x');
      const k = intArg(a.get('k'), 'k');
      const size = x.shape.length === 0 ? 1 : x.shape.includes(null) ? null : x.shape.reduce<number>((p, q) => p * (q as number), 1);
      return out(size === null ? [null, null] : [size + Math.abs(k), size + Math.abs(k)], x.dtype);
    },
  },
  'ops.tril': {
    summary: 'The lower triangle (below diagonal k); same shape.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, x.dtype);
    },
  },
  'ops.triu': {
    summary: 'The upper triangle (above diagonal k); same shape.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, x.dtype);
    },
  },
};
