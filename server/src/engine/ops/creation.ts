// Creating tensors: arange, linspace/logspace/geomspace, eye, tri, identity,
// ones/zeros/empty/full and their `_like` forms, meshgrid, vander, window
// functions. Most run eagerly on Python values and give concrete arrays.
import type { OpArgs } from './bind';
import type { OpCallContext, OpDef, OpDefs } from './def';
import { FLOATX, promoTypeOf, resultType, standardizeDtype, strong, WEAK_FLOAT, ALLOWED_DTYPES } from './dtypes';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import { broadcastShapes, canonicalizeAxis, dimProduct } from './shapes';
import type { DType, OpValue, OutItem } from './types';
import { isPyScalar, isSeq, isTensor, listOut, out, pyArrayShape, pyInt, pyNumber, typeName } from './values';
import type { Dim } from '../types';

const SYMBOLIC_TO_NUMPY = "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any actual numerical value. You cannot convert it to a NumPy array.";

/** A `dtype=` argument the numpy backend would pass to NumPy (`dtype or floatx`). */
function npDtype(v: OpValue): DType {
  if (v === null || v === '') return FLOATX;
  if (typeof v === 'string' && ALLOWED_DTYPES.includes(v)) return v;
  return notModelled('a dtype NumPy would interpret itself');
}

/** A concrete shape argument of ones/zeros/empty/full (NumPy's rules). */
function npShape(v: OpValue): number[] {
  const items = pyInt(v) !== undefined ? [v] : isSeq(v) ? v.items : notModelled('`shape` is not an int or a sequence');
  const dims = items.map((x) => {
    const n = pyInt(x);
    if (n === undefined) {
      if (x === null || (typeof x === 'object' && x.kind === 'float')) typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
      return notModelled('`shape` holds a non-integer');
    }
    return n;
  });
  if (dims.some((d) => d < 0)) valueError('negative dimensions are not allowed');
  return dims;
}

/** `standardize_shape` of a symbolic op's shape argument. */
function kerasShape(v: OpValue): Dim[] {
  if (isSeq(v)) return v.items.map((x) => (x === null ? null : pyInt(x) ?? notModelled('`shape` holds a non-integer')));
  const n = pyNumber(v);
  if (n !== undefined) valueError(`Cannot convert '${n}' to a shape.`);
  return notModelled('`shape` is not a sequence');
}

/** NumPy's dtype for an array built from Python values. */
function npValueDtype(v: OpValue): DType {
  const s = pyArrayShape(v);
  if (!s) return notModelled('a ragged or non-numeric Python value');
  return s.kind === 'bool' ? 'bool' : s.kind === 'int' ? 'int64' : 'float64';
}

/** The shape of `np.arange(start, stop, step)`. */
function arangeLength(start: number, stop: number, step: number): number {
  if (step === 0) throw new OpFailure('ZeroDivisionError', 'division by zero');
  return Math.max(0, Math.ceil((stop - start) / step));
}

function spaceDef(kind: 'linspace' | 'logspace' | 'geomspace', summary: string): OpDef {
  return {
    summary,
    eager: 'own',
    compute: (a, ctx) => {
      const start = a.get('start');
      const stop = a.get('stop');
      const num = pyInt(a.get('num'));
      if (num === undefined) return notModelled('`num` is not an int');
      const dv = a.get('dtype');
      const given = kind !== 'linspace' && dv !== null ? standardizeDtype(dv) : dv;
      if (ctx.eager) {
        if (!isPyScalar(start) || !isPyScalar(stop)) return notModelled('array-valued start/stop');
        if (kind === 'geomspace' && (pyNumber(start) === 0 || pyNumber(stop) === 0)) valueError('Geometric sequence cannot include zero');
        if (num < 0) {
          if (kind === 'geomspace') return notModelled('a negative num');
          valueError(`Number of samples, ${num}, must be non-negative.`);
        }
        if (kind === 'linspace' && a.get('retstep') === true) return notModelled('`retstep=True` returns a tuple with a Python float');
        const dtype = given !== null ? npDtype(given) : kind === 'geomspace' ? FLOATX : resultType(promoTypeOf(start), promoTypeOf(stop), WEAK_FLOAT);
        return out([num], dtype, { concrete: true });
      }
      const shape = broadcastShapes(isTensor(start) ? start.shape : [], isTensor(stop) ? stop.shape : []);
      const axis = canonicalizeAxis(pyInt(a.get('axis')) ?? notModelled('`axis` is not an int'), shape.length + 1);
      shape.splice(axis, 0, num);
      const base = given !== null ? standardizeDtype(given) : strong(promoTypeOf(start).dtype).dtype;
      const dtype = resultType(strong(base), WEAK_FLOAT);
      if (kind === 'linspace' && a.get('retstep') === true) {
        valueError('All operation outputs must be tensors. Operation <Operation name=linspace> returned a non-tensor. Non-tensor received: None');
      }
      return out(shape, dtype);
    },
  };
}

/** Window functions (NumPy's lengths), refused on symbolic tensors. */
function windowDef(name: string, length: (m: number) => number): OpDef {
  return {
    summary: `The ${name} window of length x, as a floatx vector (Python values only).`,
    eager: 'own',
    compute: (a, ctx) => {
      if (!ctx.eager) typeError(`${name} operation does not support symbolic tensors. Received input x = <KerasTensor> of type <class 'keras.src.backend.common.keras_tensor.KerasTensor'>`);
      const m = pyNumber(a.get('x'));
      if (m === undefined) return notModelled('`x` is not a number');
      return out([length(m)], FLOATX, { concrete: true });
    },
  };
}
const symmetricLength = (m: number): number => (m < 1 ? 0 : m === 1 ? 1 : Math.ceil((2 * m - 1) / 2));

function likeDef(summary: string): OpDef {
  return {
    summary,
    eager: 'own',
    compute: (a, ctx) => {
      const x = a.get('x');
      const dv = a.get('dtype');
      const given = dv === null ? null : standardizeDtype(dv);
      if (ctx.eager) {
        const s = pyArrayShape(x);
        if (!s) return notModelled('`x` is not an array-like Python value');
        return out(s.shape, given ?? npValueDtype(x), { concrete: true });
      }
      const t = a.tensor('x');
      return out(t.shape, given ?? t.dtype);
    },
  };
}

function filledDef(summary: string): OpDef {
  return {
    summary,
    eager: 'own',
    compute: (a) => out(npShape(a.get('shape')), npDtype(a.get('dtype')), { concrete: true }),
  };
}

export const defs: OpDefs = {
  'ops.arange': {
    summary: 'Evenly spaced values in [start, stop) by step: ceil((stop − start) / step) elements.',
    eager: 'own',
    compute: (a: OpArgs, ctx: OpCallContext): OutItem => {
      const dv = a.get('dtype');
      const given = dv === null ? null : standardizeDtype(dv);
      if (!ctx.eager) valueError(SYMBOLIC_TO_NUMPY);
      const start = a.get('start');
      const stop = a.get('stop');
      const step = a.get('step');
      const vals = [start, stop, step].filter((v) => v !== null);
      const nums = vals.map((v) => pyNumber(v) ?? notModelled('a non-number argument'));
      const dtype = given ?? resultType(...vals.map(promoTypeOf));
      const [s0, s1, s2] = stop === null ? [0, nums[0], step === null ? 1 : nums[1]] : [nums[0], nums[1], step === null ? 1 : nums[2]];
      return out([arangeLength(s0, s1, s2)], dtype, { concrete: true });
    },
  },
  'ops.linspace': spaceDef('linspace', 'num evenly spaced samples from start to stop, inserted at `axis`.'),
  'ops.logspace': spaceDef('logspace', 'num samples evenly spaced on a log scale, inserted at `axis`.'),
  'ops.geomspace': spaceDef('geomspace', 'num samples in geometric progression, inserted at `axis`.'),
  'ops.eye': {
    summary: 'An N×M matrix with ones on the k-th diagonal (Python values only).',
    eager: 'own',
    compute: (a) => {
      const n = a.get('N');
      const m = a.get('M');
      const isFloat = (v: OpValue) => (typeof v === 'object' && v !== null && v.kind === 'float') || (isTensor(v) && v.dtype.includes('float'));
      if (isFloat(n)) typeError('Argument `N` must be an integer or an integer tensor.');
      if (isFloat(m)) typeError('Argument `M` must be an integer, an integer tensor, or `None`.');
      if (isTensor(n) || isTensor(m)) typeError("'KerasTensor' object cannot be interpreted as an integer");
      const rows = pyInt(n) ?? notModelled('`N` is not an int');
      const cols = m === null ? rows : pyInt(m) ?? notModelled('`M` is not an int');
      if (rows < 0 || cols < 0) valueError('negative dimensions are not allowed');
      return out([rows, cols], npDtype(a.get('dtype')), { concrete: true });
    },
  },
  'ops.identity': {
    summary: 'The n×n identity matrix (Python values only).',
    eager: 'own',
    compute: (a) => {
      const v = a.get('n');
      const n = pyInt(v);
      if (n === undefined) {
        if (typeof v === 'object' && v !== null && v.kind === 'float') typeError("'float' object cannot be interpreted as an integer");
        return notModelled('`n` is not an int');
      }
      if (n < 0) valueError('negative dimensions are not allowed');
      return out([n, n], npDtype(a.get('dtype')), { concrete: true });
    },
  },
  'ops.tri': {
    summary: 'An N×M lower-triangular matrix of ones (Python values only).',
    eager: 'own',
    compute: (a, ctx) => {
      if (!ctx.eager) typeError('A symbolic KerasTensor cannot be used as a boolean.');
      const n = pyInt(a.get('N')) ?? notModelled('`N` is not an int');
      const mv = a.get('M');
      const m = mv === null ? n : pyInt(mv) ?? Math.ceil(pyNumber(mv) ?? notModelled('`M` is not a number'));
      return out([Math.max(n, 0), Math.max(m, 0)], npDtype(a.get('dtype')), { concrete: true });
    },
  },
  'ops.ones': filledDef('A tensor of ones of `shape` (Python values only; floatx unless `dtype`).'),
  'ops.zeros': filledDef('A tensor of zeros of `shape` (Python values only; floatx unless `dtype`).'),
  'ops.empty': filledDef('An uninitialised tensor of `shape` (Python values only; floatx unless `dtype`).'),
  'ops.full': {
    summary: 'A tensor of `shape` filled with `fill_value`; floatx unless `dtype`.',
    eager: 'own',
    compute: (a, ctx) => {
      const dv = a.get('dtype');
      const given = dv === null ? null : standardizeDtype(dv);
      if (ctx.eager) return out(npShape(a.get('shape')), given ?? FLOATX, { concrete: true });
      if (!isTensor(a.get('fill_value'))) return notModelled('a symbolic tensor inside `shape`');
      return out(kerasShape(a.get('shape')), given ?? FLOATX);
    },
  },
  'ops.ones_like': likeDef('Ones with the shape of `x` (its dtype unless `dtype`).'),
  'ops.zeros_like': likeDef('Zeros with the shape of `x` (its dtype unless `dtype`).'),
  'ops.empty_like': likeDef('An uninitialised tensor with the shape of `x` (its dtype unless `dtype`).'),
  'ops.full_like': {
    summary: 'A tensor shaped like `x` filled with `fill_value` (the dtype of `x` unless `dtype`).',
    eager: 'own',
    compute: (a, ctx) => {
      const dv = a.get('dtype');
      const given = dv === null ? null : standardizeDtype(dv);
      const x = a.get('x');
      if (ctx.eager) {
        const s = pyArrayShape(x);
        if (!s) return notModelled('`x` is not an array-like Python value');
        return out(s.shape, given ?? npValueDtype(x), { concrete: true });
      }
      if (!isTensor(x)) return notModelled('`x` is not a tensor');
      return out(x.shape, given ?? x.dtype);
    },
  },
  'ops.meshgrid': {
    summary: "Coordinate grids from 1-D vectors: one tensor per input, shaped by all their lengths ('xy' swaps the first two).",
    compute: (a) => {
      const indexing = a.get('indexing');
      if (indexing !== 'xy' && indexing !== 'ij') valueError("Valid values for `indexing` are 'xy' and 'ij', but received {index}.");
      const xs = a.varargs.map((v) => (isTensor(v) ? v : notModelled('a non-tensor input')));
      if (!xs.length) return notModelled('no inputs');
      const shape: Dim[] = xs.map((x) => (x.shape.length === 0 ? 1 : dimProduct(x.shape)));
      if (indexing === 'ij') return listOut(xs.map(() => out(shape, FLOATX)));
      if (shape.length < 2) throw new OpFailure('IndexError', 'list index out of range');
      [shape[0], shape[1]] = [shape[1], shape[0]];
      const last = xs[xs.length - 1].dtype;
      return listOut(xs.map(() => out(shape, last)));
    },
  },
  'ops.vander': {
    summary: 'The Vandermonde matrix of a 1-D `x`: shape (len(x), N).',
    compute: (a) => {
      const x = a.tensor('x');
      if (x.shape.length !== 1) valueError(`Input tensor must be 1-dimensional. Received: input.shape=(${x.shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${x.shape.length === 1 ? ',' : ''})`);
      const nv = a.get('N');
      let n: Dim = x.shape[0];
      if (nv !== null) {
        const v = typeof nv === 'object' && nv.kind === 'int' ? nv.value : undefined;
        if (v === undefined) return notModelled('`N` is not an int');
        if (v < 0) valueError(`Argument 'N' must be nonnegative. Received: N=${v}`);
        n = v;
      }
      if (typeof a.get('increasing') !== 'boolean') return notModelled('`increasing` is not a bool');
      return out([...x.shape, n], x.dtype);
    },
  },
  'ops.hamming': windowDef('Hamming', symmetricLength),
  'ops.hanning': windowDef('Hanning', symmetricLength),
  'ops.bartlett': windowDef('Bartlett', symmetricLength),
  'ops.blackman': windowDef('Blackman', symmetricLength),
  'ops.kaiser': windowDef('Kaiser', (m) => (m === 1 ? 1 : Math.max(0, Math.ceil(m)))),
};

