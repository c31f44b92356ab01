// Joining and splitting: concatenate, stack, h/v/dstack, column_stack,
// append, split, array_split, h/v/dsplit, unstack.
import type { OpArgs } from './bind';
import type { OpDef, OpDefs } from './def';
import { promoTypeOf, resultType } from './dtypes';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import { canonicalizeAxis, dimProduct } from './shapes';
import type { OpValue, OutItem, TensorValue } from './types';
import { isSeq, isTensor, listOut, out, pyInt, repr, shapeListRepr, shapeRepr } from './values';
import type { Dim, Shape } from '../types';

/** The tensors of a list/tuple argument; anything else is not modelled. */
function tensorsOf(v: OpValue, name: string): TensorValue[] {
  if (!isSeq(v)) return notModelled(`\`${name}\` is not a list of tensors`);
  return v.items.map((t) => (isTensor(t) ? t : notModelled(`\`${name}\` holds a non-tensor`)));
}

/** Keras's `shape_equal`: same rank, equal except on `ignore` axes, None matching anything. */
function shapeEqual(a: Shape, b: Shape, ignore: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const skip = new Set<number>();
  for (const ax of ignore) {
    const i = ax < 0 ? ax + a.length : ax;
    if (i < 0 || i >= a.length) throw new OpFailure('IndexError', 'list assignment index out of range');
    skip.add(i);
  }
  return a.every((d, i) => skip.has(i) || d === null || b[i] === null || d === b[i]);
}

/** Joins along one axis of `shapes`, checking the others; `fmt` prints shapes in the message. */
function joinAlong(shapes: Shape[], axis: number, fmt: (s: Shape) => string, what = '`xs`'): Dim[] {
  const first = shapes[0];
  let total: Dim = 0;
  for (const s of shapes) {
    if (!shapeEqual(s, first, [axis])) {
      valueError(`Every value in ${what} must have the same shape except on the \`axis\` dim. But found element of shape ${fmt(s)}, which is different from the first element's shape ${fmt(first)}.`);
    }
    total = total === null || s[axis] === null ? null : total + (s[axis] as number);
  }
  const res: Dim[] = [...first];
  res[axis] = total;
  return res;
}

const dtypeOf = (xs: TensorValue[]) => resultType(...xs.map(promoTypeOf));

function fixedAxisJoin(axisOf: (rank: number) => number, summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const xs = tensorsOf(a.get('xs'), 'xs');
      if (!xs.length) return notModelled('an empty list');
      return out(joinAlong(xs.map((x) => x.shape), axisOf(xs[0].shape.length), shapeRepr), dtypeOf(xs));
    },
  };
}

/** `_compute_split_output_spec`: equal sections, or pieces between indices. */
function splitShapes(x: TensorValue, sections: OpValue, axisIn: number): OutItem {
  const shape: Dim[] = [...x.shape];
  const axis = canonicalizeAxis(axisIn, shape.length);
  const size = shape[axis];
  const n = pyInt(sections);
  if (n !== undefined) {
    if (size === null) return listOut(Array.from({ length: n }, () => out(shape, x.dtype)));
    if (n === 0) throw new OpFailure('ZeroDivisionError', 'integer division or modulo by zero');
    if (size % n !== 0) {
      valueError(`\`x\` size on given \`axis\` must be divisible by \`indices_or_sections\` when \`indices_or_sections\` is an int. But received ${size} and ${n}.`);
    }
    shape[axis] = size / n;
    return listOut(Array.from({ length: n }, () => out(shape, x.dtype)));
  }
  if (!isSeq(sections)) return notModelled('`indices_or_sections` is not an int or a sequence');
  const idx: Dim[] = [0, ...sections.items.map((v) => pyInt(v) ?? notModelled('a non-integer index')), size];
  const items: OutItem[] = [];
  for (let i = 0; i + 1 < idx.length; i++) {
    const s = idx[i];
    const e = idx[i + 1];
    const piece: Dim[] = [...shape];
    piece[axis] = s === null || e === null ? null : e - s;
    if ((piece[axis] ?? 0) < 0) valueError(`Cannot convert '${shapeListRepr(piece)}' to a shape. Negative dimensions are not allowed.`);
    items.push(out(piece, x.dtype));
  }
  return listOut(items);
}

function splitDef(axisFor: (x: TensorValue, a: OpArgs) => number, summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const x = a.tensor('x');
      return splitShapes(x, a.get('indices_or_sections'), axisFor(x, a));
    },
  };
}

export const defs: OpDefs = {
  'ops.concatenate': {
    summary: 'Joins tensors along `axis`; the other dimensions must match (None matches anything).',
    compute: (a) => {
      const xs = tensorsOf(a.get('xs'), 'xs');
      const av = a.get('axis');
      if (av === null) valueError('`axis` cannot be None for `concatenate`.');
      if (!xs.length) return notModelled('an empty list');
      const axis = canonicalizeAxis(pyInt(av) ?? notModelled('`axis` is not an int'), xs[0].shape.length);
      return out(joinAlong(xs.map((x) => x.shape), axis, shapeRepr), dtypeOf(xs));
    },
  },
  'ops.stack': {
    summary: 'Stacks equally shaped tensors along a new axis `axis`.',
    compute: (a) => {
      const xs = tensorsOf(a.get('x'), 'x');
      if (!xs.length) return notModelled('an empty list');
      const first = xs[0].shape;
      const axis = canonicalizeAxis(pyInt(a.get('axis')) ?? notModelled('`axis` is not an int'), first.length + 1);
      for (const x of xs) {
        if (!shapeEqual(x.shape, first, [])) {
          valueError(`Every value in \`x\` must have the same shape. But found element of shape ${shapeRepr(x.shape)},  which is different from the first element's shape ${shapeRepr(first)}.`);
        }
      }
      const res: Dim[] = [...first];
      res.splice(axis, 0, xs.length);
      return out(res, dtypeOf(xs));
    },
  },
  'ops.hstack': fixedAxisJoin(() => 1, 'Joins tensors along axis 1.'),
  'ops.vstack': fixedAxisJoin(() => 0, 'Joins tensors along axis 0.'),
  'ops.dstack': {
    summary: 'Joins tensors along axis 2 (1-D and 2-D inputs are first made 3-D).',
    compute: (a) => {
      const xs = tensorsOf(a.get('xs'), 'xs');
      if (!xs.length) return notModelled('an empty list');
      const shapes = xs.map((x): Shape => {
        const s = x.shape;
        return s.length === 0 ? [1, 1, 1] : s.length === 1 ? [1, s[0], 1] : s.length === 2 ? [...s, 1] : s;
      });
      return out(joinAlong(shapes, 2, shapeListRepr), dtypeOf(xs));
    },
  },
  'ops.column_stack': {
    summary: 'Joins tensors as columns along axis 1 (1-D inputs become columns).',
    compute: (a) => {
      const xs = tensorsOf(a.get('xs'), 'xs');
      if (!xs.length) valueError('`column_stack` requires at least one tensor, but received an empty sequence.');
      const eff = (s: Shape): Shape => (s.length === 1 ? [s[0], 1] : s);
      for (const x of xs) {
        if (x.shape.length < 1) valueError(`\`column_stack\` requires tensors of at least 1 dimension. Received tensor with shape ${shapeRepr(x.shape)}.`);
      }
      const first = eff(xs[0].shape);
      let total: Dim = 0;
      for (const x of xs) {
        const s = eff(x.shape);
        if (!shapeEqual(s, first, [1])) {
          valueError(`Every value in xs must have the same shape except on the column axis (axis 1) after 1-D tensors are reshaped to 2-D columns. But found element of shape ${shapeRepr(x.shape)}, which is different from the first element's shape ${shapeRepr(xs[0].shape)}.`);
        }
        total = total === null || s[1] === null ? null : total + (s[1] as number);
      }
      const res: Dim[] = [...first];
      res[1] = total;
      return out(res, dtypeOf(xs));
    },
  },
  'ops.append': {
    summary: 'Appends x2 to x1 along `axis` (None: both flattened).',
    compute: (a) => {
      const x1 = a.tensor('x1');
      const x2 = a.tensor('x2');
      const dtype = resultType(promoTypeOf(x1), promoTypeOf(x2));
      const av = a.get('axis');
      if (av === null) {
        const p1 = dimProduct(x1.shape);
        const p2 = dimProduct(x2.shape);
        return out([p1 === null || p2 === null ? null : p1 + p2], dtype);
      }
      const axis = pyInt(av) ?? notModelled('`axis` is not an int');
      if (!shapeEqual(x1.shape, x2.shape, [axis])) {
        valueError(`\`append\` requires inputs to have the same shape except the \`axis=${axis}\`, but received shape ${shapeRepr(x1.shape)} and ${shapeRepr(x2.shape)}.`);
      }
      const i = axis < 0 ? axis + x1.shape.length : axis;
      const d1 = x1.shape[i];
      const d2 = x2.shape[i];
      if (d1 === null || d2 === null) {
        typeError(`unsupported operand type(s) for +: '${d1 === null ? 'NoneType' : 'int'}' and '${d2 === null ? 'NoneType' : 'int'}'`);
      }
      const res: Dim[] = [...x1.shape];
      res[i] = d1 + d2;
      return out(res, dtype);
    },
  },
  'ops.split': splitDef((_x, a) => pyInt(a.get('axis')) ?? notModelled('`axis` is not an int'), 'Splits into equal sections or at indices along `axis`: a list of tensors.'),
  'ops.hsplit': splitDef((x) => {
    if (x.shape.length < 1) valueError(`\`hsplit\` only works on arrays of at least 1 dimension. Received array with shape ${shapeRepr(x.shape)}.`);
    return x.shape.length === 1 ? 0 : 1;
  }, 'Splits along axis 1 (axis 0 for 1-D): a list of tensors.'),
  'ops.vsplit': splitDef((x) => {
    if (x.shape.length < 2) valueError(`\`vsplit\` only works on arrays of at least 2 dimensions. Received array with shape ${shapeRepr(x.shape)}.`);
    return 0;
  }, 'Splits along axis 0: a list of tensors.'),
  'ops.dsplit': splitDef((x) => {
    if (x.shape.length < 3) valueError(`\`dsplit\` only works on arrays of at least 3 dimensions. Received array with shape ${shapeRepr(x.shape)}.`);
    return 2;
  }, 'Splits along axis 2: a list of tensors.'),
  'ops.array_split': {
    summary: 'Splits into `indices_or_sections` nearly equal parts along `axis` (the first ones one larger).',
    compute: (a) => {
      const sv = a.get('indices_or_sections');
      const n = typeof sv === 'object' && sv !== null && sv.kind === 'int' ? sv.value : undefined;
      if (n === undefined) typeError(`Argument \`indices_or_sections\` must be of type \`int\`. Received: indices_or_sections=${repr(sv)}`);
      if (n <= 0) valueError(`Argument \`indices_or_sections\` must be a positive integer. Received: indices_or_sections=${n}`);
      const av = a.get('axis');
      const axis0 = typeof av === 'object' && av !== null && av.kind === 'int' ? av.value : undefined;
      if (axis0 === undefined) typeError(`Argument \`axis\` must be of type \`int\`. Received: ${repr(av)}`);
      const x = a.tensor('x');
      const axis = axis0 < 0 ? axis0 + x.shape.length : axis0;
      if (axis < 0 || axis >= x.shape.length) throw new OpFailure('IndexError', 'tuple index out of range');
      const size = x.shape[axis];
      const items: OutItem[] = [];
      for (let i = 0; i < n; i++) {
        const s: Dim[] = [...x.shape];
        s[axis] = size === null ? null : Math.floor(size / n) + (i < size % n ? 1 : 0);
        items.push(out(s, x.dtype));
      }
      return size === null ? { kind: 'tensors', container: 'tuple', items } : listOut(items);
    },
  },
  'ops.unstack': {
    summary: 'Splits along `axis` into that many tensors without the axis: a list.',
    compute: (a) => {
      const x = a.tensor('x');
      const axis = canonicalizeAxis(pyInt(a.get('axis')) ?? notModelled('`axis` is not an int'), x.shape.length);
      const rest = [...x.shape.slice(0, axis), ...x.shape.slice(axis + 1)];
      const nv = a.get('num');
      let num: Dim = nv === null ? x.shape[axis] : pyInt(nv) ?? notModelled('`num` is not an int');
      if (num === null) {
        valueError(`Cannot infer argument \`num\` from shape ${shapeRepr(x.shape)}. Either provide a tensor with a concrete shape in the \`axis\` dimension or explicitly pass the \`num\` argument.`);
      }
      num = Math.max(num, 0);
      return listOut(Array.from({ length: num }, () => out(rest, x.dtype)));
    },
  },
};
