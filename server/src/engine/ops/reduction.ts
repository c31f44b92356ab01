// Reductions (sum, mean, max, std, quantile, norm, moments, …) and ops along
// one axis (cumsum, sort, flip, roll, diff, trapezoid): `reduce_shape` with
// Keras's axis handling and each op's dtype rule.
import type { OpArgs } from './bind';
import type { OpDef, OpDefs } from './def';
import { FLOATX, promoTypeOf, resultType, standardizeDtype, strong, WEAK_FLOAT } from './dtypes';
import { OpFailure, notModelled, valueError } from './failure';
import { axisValue, canonicalizeAxis, dimProduct, reduceShape } from './shapes';
import type { DType, OpValue } from './types';
import { isSeq, isTensor, out, pyInt, pyNumber, repr, shapeRepr, tupleOut } from './values';
import type { Dim, Shape } from '../types';

/** Like reduce_shape, but a repeated axis that runs past the end raises Python's IndexError. */
function reduce(shape: Shape, axis: OpValue, keepdims: boolean): Dim[] {
  const axes = axisValue(axis);
  if (axes !== null && !keepdims) {
    const canon = axes.map((a) => canonicalizeAxis(a, shape.length)).sort((x, y) => y - x);
    let n = shape.length;
    for (const a of canon) {
      if (a >= n) throw new OpFailure('IndexError', 'list assignment index out of range');
      n--;
    }
  }
  return reduceShape(shape, axes, keepdims);
}

const SUM_NARROW = (d: DType): DType => {
  const r = resultType(strong(d));
  return ['bool', 'int8', 'int16'].includes(r) ? 'int32' : ['uint8', 'uint16'].includes(r) ? 'uint32' : r;
};
const TO_FLOAT = (d: DType): DType => (d === 'int64' ? FLOATX : resultType(strong(d), WEAK_FLOAT));
const INT_TO_FLOATX = (d: DType): DType => (d.includes('int') || d === 'bool' ? FLOATX : d);

const RULES: Readonly<Record<string, (d: DType, a: OpArgs) => DType>> = {
  same: (d) => d,
  sum: SUM_NARROW,
  prod: (d, a) => {
    const given = a.get('dtype');
    if (given !== null) return standardizeDtype(given);
    return d === 'bool' || d === 'int8' || d === 'int16' ? 'int32' : d === 'uint8' || d === 'uint16' ? 'uint32' : d;
  },
  nanprod: (d) => (d === 'bool' || d === 'int8' || d === 'int16' ? 'int32' : d === 'uint8' || d === 'uint16' ? 'uint32' : d),
  bool: () => 'bool',
  int32: () => 'int32',
  mean: (d) => (d.includes('int') || d === 'bool' ? resultType(strong(d), strong('float32')) : d),
  std: INT_TO_FLOATX,
  promoteFloat: (d) => resultType(strong(d), WEAK_FLOAT),
  narrow: (d) => resultType(strong(d)),
  toFloat: TO_FLOAT,
};

const REDUCE: readonly [string, keyof typeof RULES, string][] = [
  ['sum nansum', 'sum', 'The sum over `axis` (None: all); bool and small ints sum as int32, 64-bit narrows to 32.'],
  ['max min amax amin ptp', 'same', 'The maximum/minimum over `axis`; same dtype.'],
  ['nanmax nanmin', 'narrow', 'The maximum/minimum over `axis`, ignoring NaN.'],
  ['prod', 'prod', 'The product over `axis`; small ints and bool give int32.'],
  ['nanprod', 'nanprod', 'The product over `axis`, ignoring NaN; small ints and bool give int32.'],
  ['all any', 'bool', 'A logical reduction over `axis`; a bool tensor.'],
  ['argmax argmin', 'int32', 'The index of the maximum/minimum along `axis`; int32.'],
  ['mean', 'mean', 'The mean over `axis`; ints give float32, floats keep their dtype.'],
  ['std', 'std', 'The standard deviation over `axis`; ints give floatx.'],
  ['var nanvar nanstd nanmean nanmedian logsumexp', 'promoteFloat', 'A statistic over `axis`; a float dtype (64-bit narrows to 32).'],
  ['median', 'toFloat', 'The median over `axis`; a float dtype.'],
];

/**
 * A reduction. Run eagerly on an array it has the same shape, the dtype the
 * backend's own (NumPy's sum keeps int64 where Keras declares int32); on a
 * Python value the backends differ (NumPy's reads `x.dtype` and fails).
 */
function reduceDef(rule: (d: DType, a: OpArgs) => DType, summary: string, keepdims = true): OpDef {
  return {
    summary,
    eager: 'own',
    compute: (a, ctx) => {
      if (ctx.eager && !isTensor(a.get('x'))) return notModelled('on a Python value the backends differ (NumPy\'s reads `x.dtype` and fails)');
      const x = a.tensor('x');
      const shape = reduce(x.shape, a.get('axis'), keepdims ? a.get('keepdims') === true : false);
      return ctx.eager ? out(shape, null, { concrete: true }) : out(shape, rule(x.dtype, a));
    },
  };
}

/** nanargmax/nanargmin: one int axis. */
function singleAxisArg(summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const x = a.tensor('x');
      const axis = a.get('axis');
      if (axis !== null && pyInt(axis) === undefined) notModelled('`axis` is not an int');
      return out(reduce(x.shape, axis, a.get('keepdims') === true), 'int32');
    },
  };
}

/** Quantiles prepend `len(q)` for a sequence of more than one q; percentiles for any sequence. */
function quantileDef(summary: string, kind: 'quantile' | 'percentile' | 'nanpercentile' = 'quantile'): OpDef {
  return {
    summary,
    compute: (a) => {
      const x = a.tensor('x');
      const q = a.get('q');
      let shape: Dim[] = reduce(x.shape, a.get('axis'), a.get('keepdims') === true);
      if (isTensor(q)) {
        if (q.shape.length > 0) shape = [q.shape[0], ...shape];
      } else if (isSeq(q)) {
        if (q.items.length > 1 || kind !== 'quantile') shape = [q.items.length, ...shape];
      } else if (pyNumber(q) === undefined) notModelled('`q` is not a number, a sequence or a tensor');
      const d = x.dtype;
      if (kind === 'percentile') return out(shape, d.includes('float') ? d : FLOATX);
      if (kind === 'nanpercentile') return out(shape, d.includes('int') ? FLOATX : resultType(strong(d), WEAK_FLOAT));
      return out(shape, TO_FLOAT(d));
    },
  };
}

/** cumsum/sort/argsort: None flattens; else a checked axis and the same shape. */
function flatOrSame(x: { shape: Shape }, axis: OpValue, check = true): Shape {
  if (axis === null) return [dimProduct(x.shape)];
  const n = pyInt(axis);
  if (n === undefined) return notModelled('`axis` is not an int');
  if (check) canonicalizeAxis(n, x.shape.length);
  return x.shape;
}

function cumulative(check: boolean): OpDef {
  return {
    summary: 'A cumulative sum/product along `axis` (None: over the flattened input); bool becomes int32.',
    compute: (a) => {
      const x = a.tensor('x');
      const given = a.get('dtype');
      let d = given === null ? x.dtype : standardizeDtype(given);
      if (d === 'bool') d = 'int32';
      return out(flatOrSame(x, a.get('axis'), check), d);
    },
  };
}

/** `canonicalize_axes` over an int or a tuple/list. */
function checkAxes(axis: OpValue, rank: number): void {
  const axes = axisValue(axis);
  if (axes) for (const v of axes) canonicalizeAxis(v, rank);
}

const defs0: Record<string, OpDef> = {};
for (const [names, rule, summary] of REDUCE) for (const n of names.split(' ')) defs0[`ops.${n}`] = reduceDef(RULES[rule], summary);

export const defs: OpDefs = {
  ...defs0,
  'ops.count_nonzero': reduceDef(RULES.int32, 'The number of non-zero elements over `axis`; int32.', false),
  'ops.nanargmax': singleAxisArg('The index of the maximum along `axis`, ignoring NaN; int32.'),
  'ops.nanargmin': singleAxisArg('The index of the minimum along `axis`, ignoring NaN; int32.'),
  'ops.quantile': quantileDef('The q-th quantile(s) over `axis`; several q values add a leading axis.'),
  'ops.percentile': quantileDef('The q-th percentile(s) over `axis`; a sequence of q adds a leading axis.', 'percentile'),
  'ops.nanquantile': quantileDef('The q-th quantile(s) over `axis`, ignoring NaN; several q add a leading axis.'),
  'ops.nanpercentile': quantileDef('The q-th percentile(s) over `axis`, ignoring NaN; a sequence of q adds a leading axis.', 'nanpercentile'),
  'ops.average': {
    summary: 'The (weighted) average over `axis`; a float dtype. Weights must match `x` or the axis.',
    compute: (a) => {
      const x = a.tensor('x');
      const w = a.get('weights');
      const axis = a.get('axis');
      const types = [strong(x.dtype), WEAK_FLOAT];
      if (w !== null) {
        if (!isTensor(w)) notModelled('`weights` is not a symbolic tensor');
        types.push(promoTypeOf(w));
      }
      const dtype = resultType(...types);
      if (w === null) return out(reduce(x.shape, axis, false), dtype);
      const eq = (p: Shape, q: Shape) => p.length === q.length && p.every((d, i) => d === null || q[i] === null || d === q[i]);
      const shapeMatch = eq(x.shape, w.shape);
      if (axis === null) {
        if (shapeMatch) return out([], dtype);
        valueError(`\`weights\` must have the same shape as \`x\` when \`axis=None\`, but received \`weights.shape=${shapeRepr(w.shape)}\` and \`x.shape=${shapeRepr(x.shape)}\`.`);
      }
      const axes = axisValue(axis) as number[];
      const single = pyInt(axis) !== undefined || axes.length === 1;
      const ax = axes[0];
      const atAxis = single ? x.shape[ax < 0 ? ax + x.shape.length : ax] : undefined;
      if (single && atAxis === undefined) notModelled('`axis` out of range');
      const onAxis = single ? eq([atAxis as Dim], w.shape) : false;
      if (onAxis || shapeMatch) return out(reduce(x.shape, axis, false), dtype);
      if (!single) notModelled('weights with several axes');
      valueError(`\`weights\` must have the same size as \`x\` at axis=${ax} but received \`weights.shape=${shapeRepr(w.shape)}\` while x.shape at axis=${ax} is \`${atAxis === null ? 'None' : String(atAxis)}\`.`);
    },
  },
  'ops.norm': {
    summary: 'A vector or matrix norm over `axis`; ints become floatx.',
    compute: (a) => {
      const x = a.tensor('x');
      const ord = a.get('ord');
      if (typeof ord === 'string' && ord !== 'fro' && ord !== 'nuc') {
        valueError(`Invalid \`ord\` argument. Expected one of {'fro', 'nuc'} when using string. Received: ord=${ord}`);
      }
      const axis = a.get('axis');
      const axes = axisValue(axis);
      const n = axes === null ? x.shape.length : axes.length;
      if (n === 1 && typeof ord === 'string') valueError(`Invalid \`ord\` argument for vector norm. Received: ord=${ord}`);
      if (n === 2 && ord !== null && ord !== 'fro' && ord !== 'nuc') {
        const v = pyNumber(ord);
        if (v === undefined || ![Infinity, -Infinity, 1, -1, 2, -2].includes(v)) valueError(`Invalid \`ord\` argument for matrix norm. Received: ord=${repr(ord)}`);
      }
      return out(reduce(x.shape, axis, a.get('keepdims') === true), INT_TO_FLOATX(x.dtype));
    },
  },
  'ops.moments': {
    summary: 'The mean and variance over `axes`: a tuple of two tensors of the reduced shape.',
    compute: (a) => {
      const x = a.tensor('x');
      const s = reduce(x.shape, a.get('axes'), a.get('keepdims') === true);
      return tupleOut(out(s, x.dtype), out(s, x.dtype));
    },
  },
  'ops.cumsum': cumulative(true),
  'ops.cumprod': cumulative(true),
  'ops.nancumsum': cumulative(false),
  'ops.nancumprod': cumulative(false),
  'ops.sort': {
    summary: 'Sorted along `axis` (None: the flattened input); same dtype.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(flatOrSame(x, a.get('axis')), x.dtype);
    },
  },
  'ops.argsort': {
    summary: 'The indices that sort along `axis` (None: flattened); int32.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(flatOrSame(x, a.get('axis')), 'int32');
    },
  },
  'ops.argpartition': {
    summary: 'Indices that partition along `axis` around the `kth` element; int32, same shape.',
    compute: (a) => {
      const x = a.tensor('x');
      const kth = a.get('kth');
      if (!(typeof kth === 'object' && kth !== null && kth.kind === 'int') && typeof kth !== 'boolean') {
        // For a tensor Keras's message also prints its auto name, which depends on the program.
        if (isTensor(kth)) valueError(`kth must be an integer. Received:kth = <KerasTensor shape=${shapeRepr(kth.shape)}, dtype=${kth.dtype}>`);
        valueError(`kth must be an integer. Received:kth = ${repr(kth)}`);
      }
      const axis = a.get('axis');
      return out(axis === null ? [dimProduct(x.shape)] : x.shape, 'int32');
    },
  },
  'ops.flip': {
    summary: 'Reverses the order along `axis` (None: all axes); same shape and dtype.',
    compute: (a) => {
      const x = a.tensor('x');
      const axis = a.get('axis');
      if (axis !== null) checkAxes(axis, x.shape.length);
      return out(x.shape, x.dtype);
    },
  },
  'ops.roll': {
    summary: 'Rolls elements by `shift` along `axis`; same shape and dtype.',
    compute: (a) => {
      const x = a.tensor('x');
      const axis = a.get('axis');
      if (axis !== null) {
        const shift = a.get('shift');
        const asList = (v: OpValue): number[] => {
          const n = pyInt(v);
          if (n !== undefined) return [n];
          if (isSeq(v)) return v.items.map((i) => pyInt(i) ?? notModelled('a non-int shift/axis'));
          return notModelled('`shift`/`axis` is not an int or a sequence');
        };
        let shifts = asList(shift);
        let axes = asList(axis);
        if (shifts.length === 1) shifts = axes.map(() => shifts[0]);
        if (axes.length === 1) axes = shifts.map(() => axes[0]);
        if (shifts.length !== axes.length) {
          valueError(`\`shift\` and \`axis\` must be broadcastable to the same length. Received: shift=${repr(shift)}, axis=${repr(axis)}`);
        }
        for (const v of axes) canonicalizeAxis(v, x.shape.length);
      }
      return out(x.shape, x.dtype);
    },
  },
  'ops.diff': {
    summary: 'The n-th discrete difference along `axis`: that axis shrinks by n.',
    compute: (a) => {
      const x = a.tensor('a');
      const axis = pyInt(a.get('axis'));
      const n = pyInt(a.get('n'));
      if (axis === undefined || n === undefined) return notModelled('`axis`/`n` is not an int');
      const i = canonicalizeAxis(axis, x.shape.length);
      const shape: Dim[] = [...x.shape];
      const d = shape[i];
      if (d !== null) shape[i] = Math.max(d - n, 0);
      return out(shape, x.dtype);
    },
  },
  'ops.trapezoid': {
    summary: 'Integrates along `axis` with the trapezoidal rule: that axis is removed; a float dtype.',
    compute: (a) => {
      const y = a.tensor('y');
      const axis = a.get('axis');
      const shape: Dim[] = [...y.shape];
      if (axis !== null && shape.length > 0) {
        const n = pyInt(axis);
        if (n === undefined) return notModelled('`axis` is not an int');
        shape.splice(((n % shape.length) + shape.length) % shape.length, 1);
      }
      return out(shape, resultType(strong(y.dtype), WEAK_FLOAT));
    },
  },
};

