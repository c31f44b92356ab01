// Conversion and introspection: cast, saturate_cast, convert_to_tensor,
// array, convert_to_numpy, view, view_as_real/complex, and the ops that
// return Python values (shape, dtype, is_tensor, size on Python values).
import type { OpDef, OpDefs } from './def';
import { FLOATX, promoTypeOf, resultType, standardizeDtype } from './dtypes';
import { OpFailure, notModelled, valueError } from './failure';
import type { DType, OpValue } from './types';
import { int, isSeq, isTensor, out, pyArrayShape, shapeRepr, tuple, typeName, valueOut } from './values';
import type { Dim } from '../types';

const SYMBOLIC_TO_NUMPY = "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any actual numerical value. You cannot convert it to a NumPy array.";

const ITEMSIZE: Readonly<Record<string, number>> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, float16: 2, bfloat16: 2, int32: 4, uint32: 4, float32: 4,
  int64: 8, uint64: 8, float64: 8, complex64: 8, complex128: 16,
};

/** The shape of a Python value as an array; a ragged nesting raises NumPy's error. */
function arrayShape(v: OpValue): number[] {
  const s = pyArrayShape(v);
  if (!s) {
    raggedError(v);
    return notModelled('a non-numeric Python value');
  }
  return s.shape;
}

/** NumPy's error for nested sequences of unequal lengths (only when every leaf is a number). */
function raggedError(v: OpValue): void {
  const dims: number[] = [];
  let level: OpValue[] = [v];
  for (;;) {
    const seqs = level.filter(isSeq);
    if (seqs.length === 0) return;
    if (seqs.length !== level.length) break;
    const lens = new Set(seqs.map((q) => q.items.length));
    if (lens.size !== 1) break;
    dims.push(seqs[0].items.length);
    level = seqs.flatMap((q) => [...q.items]);
  }
  const leaves = (x: OpValue): boolean => (isSeq(x) ? x.items.every(leaves) : pyArrayShape(x) !== undefined);
  if (!leaves(v)) return;
  valueError(
    `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${dims.length} dimensions. The detected shape was (${dims.join(', ')}${dims.length === 1 ? ',' : ''}) + inhomogeneous part.`,
  );
}

/** Keras's dtype for a Python value converted by `convert_to_tensor` (Python int → int32, float → float32). */
function kerasValueDtype(v: OpValue): DType {
  const s = pyArrayShape(v);
  if (!s) {
    raggedError(v);
    return notModelled('a non-numeric Python value');
  }
  if (s.shape.length === 0) return resultType(promoTypeOf(v));
  return s.kind === 'bool' ? 'bool' : s.kind === 'int' ? 'int32' : FLOATX;
}

function castDef(summary: string): OpDef {
  return {
    summary,
    eager: 'own',
    compute: (a, ctx) => {
      const dtype = standardizeDtype(a.get('dtype'));
      const x = a.get('x');
      if (ctx.eager) return out(arrayShape(x), dtype, { concrete: true });
      if (!isTensor(x)) return notModelled('`x` is not a tensor');
      return out(x.shape, dtype);
    },
  };
}

function convertDef(summary: string): OpDef {
  return {
    summary,
    eager: 'own',
    compute: (a, ctx) => {
      const dv = a.get('dtype');
      const given = dv === null ? null : standardizeDtype(dv);
      const x = a.get('x');
      if (ctx.eager) return out(arrayShape(x), given ?? kerasValueDtype(x), { concrete: true });
      if (!isTensor(x)) return notModelled('`x` is not a tensor');
      return out(x.shape, given ?? x.dtype);
    },
  };
}

export const defs: OpDefs = {
  'ops.cast': castDef('The same values as `dtype`; same shape.'),
  'ops.saturate_cast': castDef('Casts to `dtype`, clipping to its range; same shape.'),
  'ops.convert_to_tensor': convertDef('`x` as a tensor (of `dtype` if given); Python ints become int32, floats float32.'),
  'ops.array': convertDef('`x` as a tensor (of `dtype` if given); Python ints become int32, floats float32.'),
  'ops.convert_to_numpy': {
    summary: '`x` as a NumPy array; impossible for a symbolic tensor.',
    eager: 'own',
    compute: (a, ctx) => {
      const x = a.get('x');
      if (!ctx.eager) valueError(SYMBOLIC_TO_NUMPY);
      const s = pyArrayShape(x);
      if (!s) return notModelled('a ragged or non-numeric Python value');
      return out(s.shape, s.kind === 'bool' ? 'bool' : s.kind === 'int' ? 'int64' : 'float64', { concrete: true });
    },
  },
  'ops.shape': {
    summary: 'The shape as a Python tuple (None for unknown dimensions).',
    eager: 'own',
    compute: (a) => {
      const x = a.get('x');
      if (!isTensor(x)) return notModelled('`x` is not a tensor');
      return valueOut(tuple(...x.shape.map((d: Dim) => (d === null ? null : int(d)))));
    },
  },
  'ops.dtype': {
    summary: "The dtype's name as a string.",
    eager: 'own',
    compute: (a) => {
      const x = a.get('x');
      if (isTensor(x)) return valueOut(x.dtype);
      if (x === null || typeof x === 'boolean' || (typeof x === 'object' && (x.kind === 'int' || x.kind === 'float' || x.kind === 'list' || x.kind === 'tuple'))) {
        throw new OpFailure('AttributeError', `'${typeName(x)}' object has no attribute 'dtype'`);
      }
      return notModelled('`x` is not a tensor');
    },
  },
  'ops.is_tensor': {
    summary: 'Whether `x` is a backend tensor: False for symbolic tensors and Python values.',
    eager: 'own',
    compute: (a) => {
      const x = a.get('x');
      if (isTensor(x) && x.concrete) return notModelled('a concrete array');
      return valueOut(false);
    },
  },
  'ops.size': {
    summary: 'The number of elements: an int32 scalar tensor (a Python int for Python values).',
    eager: 'own',
    compute: (a, ctx) => {
      const x = a.get('x');
      if (ctx.eager) {
        const s = arrayShape(x);
        return valueOut(int(s.reduce((p, q) => p * q, 1)));
      }
      if (!isTensor(x)) return notModelled('`x` is not a tensor');
      return out([], 'int32');
    },
  },
  'ops.ndim': {
    summary: 'The rank; Keras declares it a float32 tensor of shape (rank,).',
    compute: (a) => out([a.tensor('x').shape.length], FLOATX),
  },
  'ops.view': {
    summary: 'The same bytes read as `dtype`: the last axis scales by the ratio of item sizes.',
    compute: (a) => {
      const x = a.tensor('x');
      const dv = a.get('dtype');
      const newD = standardizeDtype(dv === null || dv === '' ? x.dtype : dv);
      const oldSize = ITEMSIZE[x.dtype];
      const newSize = ITEMSIZE[newD];
      if (oldSize === undefined || newSize === undefined) return notModelled('an item size the engine does not know');
      if (oldSize === newSize) return out(x.shape, newD);
      if (!x.shape.length) valueError('Cannot view a scalar as a different dtype if item sizes are different.');
      const s: Dim[] = [...x.shape];
      const last = s[s.length - 1];
      if (last !== null) {
        if ((last * oldSize) % newSize !== 0) {
          valueError(`Cannot view array of shape ${shapeRepr(x.shape)} and dtype ${x.dtype} as dtype ${newD} because the total number of bytes is not divisible by the new itemsize.`);
        }
        s[s.length - 1] = (last * oldSize) / newSize;
      }
      return out(s, newD);
    },
  },
  'ops.view_as_real': {
    summary: 'A complex tensor as (…, 2) float32 pairs.',
    compute: (a) => out([...a.tensor('x').shape, 2], FLOATX),
  },
  'ops.view_as_complex': {
    summary: 'The last axis (real, imaginary) pairs as one complex64 value: the last axis is dropped.',
    compute: (a) => out(a.tensor('x').shape.slice(0, -1), 'complex64'),
  },
};
