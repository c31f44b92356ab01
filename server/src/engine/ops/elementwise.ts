// Element-wise ops of one and two inputs (keras/src/ops/numpy.py, math.py):
// broadcasting and each op's dtype rule (`result_type` with Python scalars as
// weak types, int → float for transcendental functions, bool for predicates).
import type { OpArgs } from './bind';
import type { OpDef, OpDefs } from './def';
import { FLOATX, promoTypeOf, resultType, strong, strongTypeOf, WEAK_FLOAT } from './dtypes';
import { OpFailure, notModelled, valueError } from './failure';
import { broadcastShapes } from './shapes';
import type { DType, OpValue, OutItem, TensorOut, TensorValue } from './types';
import { isSeq, isTensor, isUnknownValue, out, pyArrayShape, typeName } from './values';
import { allcloseValue, backendValue, bitwiseRefusesFloat, notBitwise, realImag } from './eager';
import type { Shape } from '../types';

const INTS_TO_FLOAT = ['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32'];

/** The dtype rules of one-input ops, by the input's dtype. */
export const UNARY_RULES: Readonly<Record<string, (d: DType) => DType>> = {
  same: (d) => d,
  // cos, log, sqrt, …: int64 → floatx, else promoted with a Python float.
  toFloat: (d) => (d === 'int64' ? FLOATX : resultType(strong(d), WEAK_FLOAT)),
  // exp, expm1, fabs: ints and bool → floatx.
  intToFloatx: (d) => (d.includes('int') || d === 'bool' ? FLOATX : d),
  // deg2rad, rad2deg, i0: 64-bit → float64, half precision kept, else floatx.
  wide: (d) => (d === 'int64' || d === 'float64' ? 'float64' : d === 'bfloat16' || d === 'float16' ? d : FLOATX),
  cbrt: (d) => (d === 'bool' || INTS_TO_FLOAT.includes(d) ? FLOATX : d === 'int64' ? 'float64' : d),
  bool: () => 'bool',
  boolToInt: (d) => (d === 'bool' ? 'int32' : d),
  floatx: () => FLOATX,
  promoteFloat: (d) => resultType(strong(d), WEAK_FLOAT),
};

const UNARY: readonly [string, keyof typeof UNARY_RULES, string][] = [
  ['abs absolute', 'same', 'The absolute value, element-wise; same shape and dtype.'],
  ['fabs', 'intToFloatx', 'The absolute value as a float, element-wise (ints and bool become floatx).'],
  ['angle', 'toFloat', 'The argument of each (complex) element, as a float tensor of the same shape.'],
  ['arccos arccosh arcsin arcsinh arctan arctanh cos cosh sin sinh tan tanh sinc', 'toFloat', 'A trigonometric or hyperbolic function, element-wise; ints become floats.'],
  ['ceil floor', 'toFloat', 'Rounds each element; the result is a float tensor of the same shape.'],
  ['log log10 log1p log2 sqrt', 'toFloat', 'A logarithm or square root, element-wise; ints become floats.'],
  ['exp exp2 expm1', 'intToFloatx', 'An exponential, element-wise; ints and bool become floatx.'],
  ['deg2rad rad2deg i0', 'wide', 'Element-wise; 64-bit inputs give float64, others floatx (half precision kept).'],
  ['cbrt', 'cbrt', 'The cube root, element-wise; ints become floats (int64 → float64).'],
  ['bitwise_invert bitwise_not', 'same', 'Bitwise NOT, element-wise; same shape and dtype.'],
  ['conj conjugate copy imag real negative sign trunc', 'same', 'Element-wise; same shape and dtype as the input.'],
  ['isfinite isinf isnan isneginf isposinf isreal signbit logical_not', 'bool', 'An element-wise test; a bool tensor of the same shape.'],
  ['square', 'boolToInt', 'The square, element-wise; bool becomes int32.'],
  ['reciprocal', 'floatx', 'The reciprocal 1/x, element-wise; Keras declares it floatx.'],
  ['erf erfinv rsqrt', 'same', 'Element-wise; Keras keeps the input dtype.'],
  ['erfc', 'promoteFloat', 'The complementary error function, element-wise; ints become floats.'],
];

/** Ops whose backends convert Python values with `convert_to_tensor` before the same dtype rule. */
const EAGER_CONVERT = new Set(
  ('erf fabs angle arccos arccosh arcsin arcsinh arctan arctanh cbrt ceil cos cosh deg2rad rad2deg exp exp2 expm1 floor i0 ' +
    'isneginf isposinf isreal log log10 log1p log2 sin sinc sinh tan tanh trunc square sqrt ' +
    'add subtract multiply divide true_divide floor_divide power maximum minimum fmax fmin mod fmod arctan2 ' +
    'logaddexp logaddexp2 nextafter heaviside hypot gcd lcm ldexp bitwise_and bitwise_or bitwise_xor bitwise_invert bitwise_not divide_no_nan').split(' '),
);

/**
 * Ops whose NumPy backend calls NumPy on a Python value as it is: the shape is
 * the converted value's, the dtype NumPy's own (`np.abs(5)` is int64, where
 * TensorFlow gives int32), so it is left unknown.
 */
const EAGER_BACKEND = new Set('abs absolute conj conjugate copy negative sign reciprocal erfinv'.split(' '));

/** NumPy refuses a bool for these on Python values (`np.negative(True)`). */
const NO_BOOL: Readonly<Record<string, readonly [string, string]>> = {
  negative: ['TypeError', 'The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.'],
  sign: ['UFuncTypeError', "ufunc 'sign' did not contain a loop with signature matching types <class 'numpy.dtypes.BoolDType'> -> None"],
};

/** The bitwise ufunc NumPy runs for an op, which refuses float operands on Python values. */
const BITWISE_UFUNC: Readonly<Record<string, string>> = {
  bitwise_invert: 'invert',
  bitwise_not: 'invert',
  bitwise_and: 'bitwise_and',
  bitwise_or: 'bitwise_or',
  bitwise_xor: 'bitwise_xor',
};

function unaryDef(rule: (d: DType) => DType, summary: string, param = 'x', name = ''): OpDef {
  return {
    summary,
    compute: (a, ctx) => {
      const x = a.tensor(param);
      if (ctx.eager) {
        const refused = NO_BOOL[name];
        if (refused && x.dtype === 'bool') throw new OpFailure(refused[0], refused[1]);
        if (BITWISE_UFUNC[name] && notBitwise(x.dtype)) bitwiseRefusesFloat(BITWISE_UFUNC[name]);
      }
      return out(x.shape, rule(x.dtype), x.sparse ? { sparse: true } : undefined);
    },
  };
}

/** The shape Keras reads from an argument: `getattr(x, "shape", [])`. */
export function shapeOf(v: OpValue): Shape {
  if (isTensor(v)) return v.shape;
  if (isUnknownValue(v)) throw new OpFailure('unknown', 'an argument is not known statically');
  if (isSeq(v) && v.kind === 'tuple') throw new OpFailure('unknown', 'a tuple where a tensor is expected is not modelled');
  return [];
}

/** `x.dtype` / `x.shape` on a Python value raises AttributeError. */
export function needTensor(v: OpValue, attr: 'dtype' | 'shape'): TensorValue {
  if (isTensor(v)) return v;
  if (isUnknownValue(v)) throw new OpFailure('unknown', 'an argument is not known statically');
  if (isSeq(v) && v.kind === 'tuple') throw new OpFailure('unknown', 'a tuple where a tensor is expected is not modelled');
  throw new OpFailure('AttributeError', `'${typeName(v)}' object has no attribute '${attr}'`);
}

type BinaryRule = (x1: OpValue, x2: OpValue) => { dtype: DType; sparse?: boolean };
const sparseOf = (v: OpValue, dflt: boolean): boolean => (isTensor(v) ? Boolean(v.sparse) : dflt);

const BINARY_RULES: Readonly<Record<string, BinaryRule>> = {
  promote: (a, b) => ({ dtype: resultType(promoTypeOf(a), promoTypeOf(b)), sparse: sparseOf(a, false) && sparseOf(b, false) }),
  promoteNoSparse: (a, b) => ({ dtype: resultType(promoTypeOf(a), promoTypeOf(b)) }),
  multiply: (a, b) => ({ dtype: resultType(promoTypeOf(a), promoTypeOf(b)), sparse: sparseOf(a, true) || sparseOf(b, true) }),
  divide: (a, b) => ({ dtype: resultType(promoTypeOf(a), promoTypeOf(b), WEAK_FLOAT), sparse: sparseOf(a, false) && !sparseOf(b, false) }),
  promoteFloat: (a, b) => ({ dtype: resultType(promoTypeOf(a), promoTypeOf(b), WEAK_FLOAT) }),
  mod: (a, b) => {
    const d = resultType(promoTypeOf(a), promoTypeOf(b));
    return { dtype: d === 'bool' ? 'int32' : d };
  },
  strong: (a, b) => ({ dtype: resultType(strongTypeOf(a), strongTypeOf(b)) }),
  strongFloat: (a, b) => ({ dtype: resultType(strongTypeOf(a), strongTypeOf(b), WEAK_FLOAT) }),
  arctan2: (a, b) => ({
    dtype: resultType(isTensor(a) ? strong(a.dtype) : strong(FLOATX), isTensor(b) ? strong(b.dtype) : strong(FLOATX), WEAK_FLOAT),
  }),
  intToFloat: (a, b) => {
    const d = resultType(strong(needTensor(a, 'dtype').dtype), strong(needTensor(b, 'dtype').dtype));
    return { dtype: INTS_TO_FLOAT.includes(d) ? FLOATX : d === 'int64' ? 'float64' : d };
  },
  bool: () => ({ dtype: 'bool' }),
};

const BINARY: readonly [string, keyof typeof BINARY_RULES, string][] = [
  ['add subtract maximum minimum fmax fmin', 'promote', 'Element-wise with broadcasting; the dtype follows Keras type promotion.'],
  ['power floor_divide bitwise_and bitwise_or bitwise_xor left_shift right_shift bitwise_left_shift bitwise_right_shift', 'promoteNoSparse', 'Element-wise with broadcasting; the dtype follows Keras type promotion.'],
  ['multiply', 'multiply', 'The element-wise product with broadcasting; the dtype follows Keras type promotion.'],
  ['divide true_divide divide_no_nan', 'divide', 'Element-wise division with broadcasting; always a float dtype.'],
  ['logaddexp logaddexp2', 'promoteFloat', 'log(exp(x1) + exp(x2)) with broadcasting; a float dtype.'],
  ['mod fmod', 'mod', 'The element-wise remainder with broadcasting; bool becomes int32.'],
  ['gcd lcm', 'strong', 'Element-wise with broadcasting; Python ints count as int32 tensors.'],
  ['ldexp nextafter', 'strongFloat', 'Element-wise with broadcasting; a float dtype (Python scalars count as 32-bit tensors).'],
  ['arctan2', 'arctan2', 'The element-wise arc tangent of x1/x2 with broadcasting; a float dtype.'],
  ['heaviside hypot', 'intToFloat', 'Element-wise with broadcasting; both arguments must be tensors; ints become floats.'],
  ['equal not_equal greater greater_equal less less_equal logical_and logical_or logical_xor', 'bool', 'An element-wise comparison with broadcasting; a bool tensor.'],
];

function binaryDef(rule: BinaryRule, summary: string, p1 = 'x1', p2 = 'x2', name = ''): OpDef {
  return {
    summary,
    compute: (a: OpArgs, ctx) => {
      const x1 = a.get(p1);
      const x2 = a.get(p2);
      const shape = broadcastShapes(shapeOf(x1), shapeOf(x2));
      const r = rule(x1, x2);
      if (ctx.eager && BITWISE_UFUNC[name] && notBitwise(r.dtype)) bitwiseRefusesFloat(BITWISE_UFUNC[name]);
      return out(shape, r.dtype, r.sparse ? { sparse: true } : undefined);
    },
  };
}

/**
 * A bit shift on Python values: `x` is converted, a Python int `y` stays a
 * Python int (the result keeps `x`'s dtype), another `y` is converted and both
 * take their promoted dtype; a float operand is refused by NumPy's ufunc.
 */
function eagerShift(ufunc: string) {
  return (a: OpArgs): OutItem => {
    const x = converted(a.get('x'));
    const yv = a.get('y');
    const pyIntY = typeof yv === 'boolean' || (typeof yv === 'object' && yv !== null && yv.kind === 'int');
    const y = pyIntY ? undefined : converted(yv);
    if (!x || (!pyIntY && !y)) return notModelled('an operand is not a number, a numeric sequence or an array');
    if (notBitwise(x.dtype) || (y && notBitwise(y.dtype))) bitwiseRefusesFloat(ufunc);
    const shape = broadcastShapes(x.shape, y ? y.shape : []);
    // A bool shifted by a Python int takes NumPy's default integer (int64 there): the backend's.
    const dtype = y ? resultType(strong(x.dtype), strong(y.dtype)) : x.dtype === 'bool' ? null : x.dtype;
    return out(shape, dtype, { concrete: true });
  };
}

/** An eager result on an array: an array too. */
function concrete(o: OutItem): OutItem {
  return o.kind === 'tensor' ? { ...o, concrete: true } : o;
}

/** A Python value as `convert_to_tensor` makes it (int → int32, float → float32), a tensor as it is. */
function converted(v: OpValue): { shape: Shape; dtype: DType } | undefined {
  if (isTensor(v)) return v;
  const s = pyArrayShape(v);
  if (!s) return undefined;
  return { shape: s.shape, dtype: s.kind === 'bool' ? 'bool' : s.kind === 'int' ? 'int32' : FLOATX };
}

const defs0: Record<string, OpDef> = {};
// Predicates and comparisons give bool whatever the backend does with the Python values.
const withEager = (n: string, rule: string, d: OpDef): OpDef =>
  EAGER_CONVERT.has(n) || rule === 'bool' ? { ...d, eager: 'convert' } : EAGER_BACKEND.has(n) ? { ...d, eager: 'backend' } : d;
for (const [names, rule, summary] of UNARY) for (const n of names.split(' ')) defs0[`ops.${n}`] = withEager(n, rule, unaryDef(UNARY_RULES[rule], summary, 'x', n));
for (const [names, rule, summary] of BINARY) {
  for (const n of names.split(' ')) {
    const xy = n.startsWith('bitwise_') || n.endsWith('_shift');
    defs0[`ops.${n}`] = withEager(n, rule, binaryDef(BINARY_RULES[rule], summary, xy ? 'x' : 'x1', xy ? 'y' : 'x2', n));
  }
}
for (const [n, ufunc] of [['left_shift', 'left_shift'], ['bitwise_left_shift', 'left_shift'], ['right_shift', 'right_shift'], ['bitwise_right_shift', 'right_shift']]) {
  const symbolic = defs0[`ops.${n}`];
  defs0[`ops.${n}`] = { ...symbolic, eager: 'own', compute: (a, ctx) => (ctx.eager ? eagerShift(ufunc)(a) : symbolic.compute(a, ctx)) };
}
for (const part of ['real', 'imag'] as const) {
  const symbolic = defs0[`ops.${part}`];
  defs0[`ops.${part}`] = { ...symbolic, eager: 'own', compute: (a, ctx) => (ctx.eager ? (isTensor(a.get('x')) ? concrete(symbolic.compute(a, ctx)) : realImag(a.get('x'), part)) : symbolic.compute(a, ctx)) };
}

function tensorOut(shape: Shape, dtype: DType): TensorOut {
  return out(shape, dtype);
}

export const defs: OpDefs = {
  ...defs0,
  'ops.fabs': {
    summary: 'The absolute value as a float, element-wise (ints and bool become floatx).',
    eager: 'convert',
    compute: (a) => {
      const x = a.tensor('x');
      if (x.dtype.includes('complex')) throw new OpFailure('TypeError', `fabs does not support complex inputs. Received: dtype=${x.dtype}`);
      return out(x.shape, UNARY_RULES.intToFloatx(x.dtype));
    },
  },
  'ops.stop_gradient': {
    ...unaryDef(UNARY_RULES.same, 'The input unchanged, with gradients blocked; same shape and dtype.', 'variable'),
    // The NumPy backend returns a Python value as it is.
    eager: 'own',
    compute: (a, ctx) => {
      const v = a.get('variable');
      if (ctx.eager && !isTensor(v)) return pyArrayShape(v) ? backendValue(v) : notModelled('`variable` is not a number or a numeric sequence');
      const o = unaryDef(UNARY_RULES.same, '', 'variable').compute(a, ctx);
      return ctx.eager ? concrete(o) : o;
    },
  },
  'ops.round': { ...unaryDef(UNARY_RULES.same, 'Rounds to `decimals` places, element-wise; same shape and dtype.'), eager: 'backend' },
  'ops.nan_to_num': unaryDef(UNARY_RULES.same, 'Replaces NaN and infinities, element-wise; same shape and dtype.'),
  'ops.clip': unaryDef(UNARY_RULES.boolToInt, 'Clips each element to [x_min, x_max]; the shape and dtype of `x` (bool becomes int32).'),
  'ops.isclose': { ...binaryDef(BINARY_RULES.bool, 'Element-wise closeness test with broadcasting; a bool tensor.'), eager: 'convert' },
  'ops.allclose': {
    summary: 'Whether all elements are close: one bool scalar (shapes are not checked symbolically).',
    eager: 'own',
    compute: (a, ctx) => (ctx.eager ? allcloseValue(a.get('x1'), a.get('x2'), a.get('rtol'), a.get('atol'), a.get('equal_nan')) : tensorOut([], 'bool')),
  },
  'ops.gammainc': {
    summary: 'The regularized lower incomplete gamma function with broadcasting; a float dtype.',
    eager: 'convert',
    compute: (a) => {
      const x1 = needTensor(a.get('x1'), 'shape');
      const x2 = needTensor(a.get('x2'), 'shape');
      return out(broadcastShapes(x1.shape, x2.shape), resultType(strong(x1.dtype), strong(x2.dtype), WEAK_FLOAT));
    },
  },
  'ops.polar': {
    summary: 'A complex tensor from magnitude and angle; Keras declares the shape of `abs_` and floatx.',
    compute: (a) => tensorOut(needTensor(a.get('abs_'), 'shape').shape, FLOATX),
  },
  'ops.where': {
    summary: 'Chooses from x1 or x2 by `condition`, with broadcasting; with only `condition`, an int32 tensor of its shape.',
    compute: (a) => {
      const c = a.get('condition');
      const x1 = a.get('x1');
      const x2 = a.get('x2');
      if ((x1 === null) !== (x2 === null)) valueError('`x1` and `x2` either both should be `None` or both should have non-None value.');
      const shape = broadcastShapes(broadcastShapes(shapeOf(c), shapeOf(x1)), shapeOf(x2));
      const t = (v: OpValue) => (v === null ? strong('int32') : promoTypeOf(v));
      return out(shape, resultType(t(x1), t(x2)));
    },
  },
  'ops.select': {
    summary: 'Picks from `choicelist` where each `condlist` entry holds; the broadcast shape of all of them.',
    compute: (a) => {
      const conds = a.get('condlist');
      const choices = a.get('choicelist');
      const dflt = a.get('default');
      if (!isSeq(conds) || !isSeq(choices)) throw new OpFailure('unknown', '`condlist`/`choicelist` are not lists');
      if (!conds.items.length || !choices.items.length) throw new OpFailure('unknown', 'empty `condlist`/`choicelist`');
      let shape: Shape = [];
      for (const v of [...conds.items, ...choices.items, dflt]) shape = broadcastShapes(shape, shapeOf(v));
      return out(shape, resultType(...choices.items.map(promoTypeOf), promoTypeOf(dflt)));
    },
  },
};
