// Keras's dtype rules: the promotion lattice behind `keras.backend.result_type`
// (Python int/float are "weak" types; 64-bit results narrow to 32 bits outside
// TensorFlow), `standardize_dtype`, and the dtype a Python value counts as.
import { OpFailure } from './failure';
import type { DType, OpValue } from './types';

export const FLOATX = 'float32';
export const INT_DTYPES = ['uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64'];
export const FLOAT_DTYPES = ['bfloat16', 'float16', 'float32', 'float64'];
export const ALLOWED_DTYPES = [
  'float16', 'float32', 'float64', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64',
  'bfloat16', 'bool', 'string', 'float8_e4m3fn', 'float8_e5m2', 'complex64', 'complex128',
];

/** A dtype for promotion: a name plus whether it is weak (a Python int/float). */
export interface PromoType {
  readonly dtype: DType;
  readonly weak: boolean;
}

// Each type → the types immediately above it. `int`/`float` are the weak types.
const LATTICE: Readonly<Record<string, readonly string[]>> = {
  bool: ['int'],
  uint8: ['int16', 'uint16'],
  uint16: ['int32', 'uint32'],
  uint32: ['int64', 'uint64'],
  uint64: ['float'],
  int: ['uint8', 'int8', 'complex64'],
  int8: ['int16'],
  int16: ['int32'],
  int32: ['int64'],
  int64: ['float'],
  float: ['bfloat16', 'float16'],
  bfloat16: ['float32'],
  float16: ['float32'],
  float32: ['float64', 'complex64'],
  float64: ['complex128'],
  complex64: ['complex128'],
  complex128: [],
};

const UPPER: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const m = new Map<string, Set<string>>();
  for (const n of Object.keys(LATTICE)) {
    const seen = new Set<string>([n]);
    const todo = [n];
    while (todo.length) for (const u of LATTICE[todo.pop() as string]) if (!seen.has(u)) (seen.add(u), todo.push(u));
    m.set(n, seen);
  }
  return m;
})();

function leastUpperBound(nodes: readonly string[]): string {
  const set = [...new Set(nodes)];
  for (const n of set) {
    if (!UPPER.has(n)) throw new OpFailure('ValueError', `dtype='${n}' is not a valid dtype for Keras type promotion.`);
  }
  let common = new Set(UPPER.get(set[0]));
  for (const n of set.slice(1)) common = new Set([...common].filter((x) => UPPER.get(n)?.has(x)));
  const inNodes = [...common].filter((c) => set.includes(c));
  const lub = inNodes.length ? inNodes : [...common].filter((c) => [...common].every((o) => UPPER.get(c)?.has(o)));
  if (lub.length === 1) return lub[0];
  throw new OpFailure(
    'ValueError',
    `Input dtypes (${set.map((n) => `'${n}'`).join(', ')}${set.length === 1 ? ',' : ''}) have no available implicit dtype promotion path. Try explicitly casting inputs to the desired output type.`,
  );
}

function weakName(dtype: DType): string {
  if (dtype === 'bool') return dtype;
  if (dtype.includes('float')) return 'float';
  if (dtype.includes('int')) return 'int';
  return 'complex';
}

function resolveWeak(dtype: string): DType {
  const ind = dtype === 'bfloat16' ? 'f' : dtype[0];
  if (ind === 'b') return 'bool';
  if (ind === 'i') return 'int32';
  if (ind === 'u') return 'uint32';
  return 'float32';
}

const NARROW: Readonly<Record<string, string>> = { int64: 'int32', uint64: 'uint32', float64: 'float32', complex128: 'complex64' };

/** `keras.backend.result_type` over promotion types (no argument: floatx). */
export function resultType(...types: readonly PromoType[]): DType {
  if (types.length === 0) return FLOATX;
  for (const t of types) {
    if (t.dtype.startsWith('float8')) {
      throw new OpFailure('ValueError', `There is no implicit conversions from float8 dtypes to others. You must cast it internally. Received: (${types.map((x) => `'${x.dtype}'`).join(', ')})`);
    }
  }
  let out: string;
  let outWeak: boolean;
  const dts = types.map((t) => t.dtype);
  if (types.length === 1) {
    out = dts[0];
    outWeak = types[0].weak;
  } else if (new Set(dts).size === 1 && !types.every((t) => t.weak)) {
    out = dts[0];
    outWeak = false;
  } else if (types.every((t) => t.weak)) {
    out = leastUpperBound(dts);
    outWeak = true;
  } else {
    out = leastUpperBound(types.map((t) => (t.weak ? weakName(t.dtype) : t.dtype)));
    outWeak = out === 'int' || out === 'float';
  }
  outWeak = out !== 'bool' && outWeak;
  if (outWeak) out = resolveWeak(out);
  return NARROW[out] ?? out;
}

/** A strong (tensor) dtype for promotion. */
export function strong(dtype: DType): PromoType {
  return { dtype, weak: false };
}
export const WEAK_INT: PromoType = { dtype: 'int32', weak: true };
export const WEAK_FLOAT: PromoType = { dtype: 'float32', weak: true };

/** The promotion type of an argument as Keras sees it: `getattr(x, "dtype", type(x))`. */
export function promoTypeOf(v: OpValue): PromoType {
  if (v === null) throw new OpFailure('ValueError', 'Invalid dtype: NoneType');
  if (typeof v === 'boolean') return strong('bool');
  if (typeof v === 'string') return strong('string');
  switch (v.kind) {
    case 'tensor':
      return strong(v.dtype);
    case 'int':
      return WEAK_INT;
    case 'float':
      return WEAK_FLOAT;
    case 'list':
      throw new OpFailure('ValueError', 'Invalid dtype: list');
    case 'unknown':
      throw new OpFailure('unknown', 'an argument is not known statically');
    default:
      throw new OpFailure('unknown', `a ${v.kind} where a tensor is expected is not modelled`);
  }
}

/** `standardize_dtype(getattr(x, "dtype", type(x)))`: a Python int/float becomes a strong int32/float32. */
export function strongTypeOf(v: OpValue): PromoType {
  return strong(promoTypeOf(v).dtype);
}

/** `standardize_dtype` for a dtype argument (a name, or None → floatx). */
export function standardizeDtype(v: OpValue): DType {
  if (v === null) return FLOATX;
  if (typeof v === 'string') {
    const d = v === 'int' ? 'int32' : v;
    if (!ALLOWED_DTYPES.includes(d)) throw new OpFailure('ValueError', `Invalid dtype: ${d}`);
    return d;
  }
  if (typeof v === 'object' && v.kind === 'unknown') throw new OpFailure('unknown', 'the dtype is not known statically');
  throw new OpFailure('ValueError', `Invalid dtype: ${typeof v === 'boolean' ? 'bool' : (v as { kind: string }).kind}`);
}

export const isInt = (d: DType): boolean => d.includes('int');
export const isFloat = (d: DType): boolean => d.includes('float');
