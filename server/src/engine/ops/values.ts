// Building and reading op values: constructors for tests and callers, Python
// truthiness and ints, the shape a Python value would have as an array, and
// result constructors.
import { notModelled, typeError } from './failure';
import type { DType, FloatValue, IntValue, OpResult, OpValue, SeqValue, TensorOut, TensorValue, UntypedTensorValue, ValueOut, ContainerOut, OutItem } from './types';
import type { Dim, Shape } from '../types';

export const tensor = (shape: Shape, dtype: DType = 'float32', extra?: { sparse?: boolean; concrete?: boolean }): TensorValue => ({
  kind: 'tensor',
  shape,
  dtype,
  ...extra,
});
export const int = (value: number): IntValue => ({ kind: 'int', value });
export const float = (value: number): FloatValue => ({ kind: 'float', value });
export const tuple = (...items: OpValue[]): SeqValue => ({ kind: 'tuple', items });
export const list = (...items: OpValue[]): SeqValue => ({ kind: 'list', items });

export function isTensor(v: OpValue | undefined): v is TensorValue {
  return typeof v === 'object' && v !== null && v.kind === 'tensor';
}
export function isUntypedTensor(v: OpValue | undefined): v is UntypedTensorValue {
  return typeof v === 'object' && v !== null && v.kind === 'untyped-tensor';
}
export function isSeq(v: OpValue | undefined): v is SeqValue {
  return typeof v === 'object' && v !== null && (v.kind === 'tuple' || v.kind === 'list');
}
export function isUnknownValue(v: OpValue | undefined): boolean {
  return typeof v === 'object' && v !== null && v.kind === 'unknown';
}
/** A Python int (bool counts, as for `operator.index`), else undefined. */
export function pyInt(v: OpValue | undefined): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object' && v !== null && v.kind === 'int') return v.value;
  return undefined;
}
/** A Python int or float's value, else undefined. */
export function pyNumber(v: OpValue | undefined): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object' && v !== null && (v.kind === 'int' || v.kind === 'float')) return v.value;
  return undefined;
}
export function isPyScalar(v: OpValue | undefined): boolean {
  return typeof v === 'boolean' || (typeof v === 'object' && v !== null && (v.kind === 'int' || v.kind === 'float'));
}

/** True when a symbolic (non-concrete) tensor occurs anywhere in the values. */
export function anySymbolic(values: readonly OpValue[]): boolean {
  for (const v of values) {
    if ((isTensor(v) || isUntypedTensor(v)) && !v.concrete) return true;
    if (isSeq(v) && anySymbolic(v.items)) return true;
    if (typeof v === 'object' && v !== null && v.kind === 'dict' && anySymbolic(Object.values(v.entries))) return true;
  }
  return false;
}
/** True when an unknown value occurs anywhere in the values. */
export function anyUnknown(values: readonly OpValue[]): boolean {
  for (const v of values) {
    if (isUnknownValue(v)) return true;
    if (isSeq(v) && anyUnknown(v.items)) return true;
  }
  return false;
}

/** Python's `repr`. */
export function repr(v: OpValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'float':
      return floatRepr(v.value);
    case 'tuple': {
      const s = v.items.map(repr);
      return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
    }
    case 'list':
      return `[${v.items.map(repr).join(', ')}]`;
    case 'tensor':
      return `<KerasTensor shape=${shapeRepr(v.shape)}, dtype=${v.dtype}>`;
    case 'untyped-tensor':
      return `<array shape=${shapeRepr(v.shape)}>`;
    case 'slice':
      return `slice(${repr(v.start)}, ${repr(v.stop)}, ${repr(v.step)})`;
    case 'ellipsis':
      return 'Ellipsis';
    case 'unknown':
      return '?';
    case 'function':
      return '<function>';
    case 'dict':
      return `{${Object.entries(v.entries).map(([k, x]) => `'${k}': ${repr(x)}`).join(', ')}}`;
  }
}
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}
export function dimRepr(d: Dim): string {
  return d === null ? 'None' : String(d);
}
/** A shape as a Python tuple: `(None, 3)`. */
export function shapeRepr(s: Shape): string {
  return `(${s.map(dimRepr).join(', ')}${s.length === 1 ? ',' : ''})`;
}
/** A shape as a Python list: `[None, 3]`. */
export function shapeListRepr(s: Shape): string {
  return `[${s.map(dimRepr).join(', ')}]`;
}
/** Python's `str`. */
export function str(v: OpValue): string {
  return typeof v === 'string' ? v : repr(v);
}

/** A Python value's array shape (`np.array(v).shape`) and whether it holds floats; undefined if ragged. */
export function pyArrayShape(v: OpValue): { shape: number[]; kind: 'bool' | 'int' | 'float' } | undefined {
  if (typeof v === 'boolean') return { shape: [], kind: 'bool' };
  if (v === null || typeof v === 'string') return undefined;
  if (v.kind === 'int') return { shape: [], kind: 'int' };
  if (v.kind === 'float') return { shape: [], kind: 'float' };
  if (v.kind !== 'tuple' && v.kind !== 'list') return undefined;
  if (v.items.length === 0) return { shape: [0], kind: 'float' };
  let first: { shape: number[]; kind: 'bool' | 'int' | 'float' } | undefined;
  let kind: 'bool' | 'int' | 'float' = 'bool';
  for (const it of v.items) {
    const s = pyArrayShape(it);
    if (!s) return undefined;
    if (first && first.shape.join(',') !== s.shape.join(',')) return undefined;
    first ??= s;
    if (s.kind === 'float' || (s.kind === 'int' && kind === 'bool')) kind = s.kind;
  }
  return { shape: [v.items.length, ...(first as { shape: number[] }).shape], kind };
}

/** A tuple/list/int of ints (e.g. a shape argument). */
export function intList(v: OpValue, what: string): number[] {
  const n = pyInt(v);
  if (n !== undefined) return [n];
  if (isSeq(v)) {
    return v.items.map((x) => {
      const i = pyInt(x);
      if (i === undefined) {
        if (isUnknownValue(x)) notModelled(`${what} is not known statically`);
        typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
      }
      return i;
    });
  }
  if (isUnknownValue(v)) notModelled(`${what} is not known statically`);
  return typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** Python's type name of a value. */
export function typeName(v: OpValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  switch (v.kind) {
    case 'tensor':
    case 'untyped-tensor':
      return 'KerasTensor';
    case 'ellipsis':
      return 'ellipsis';
    case 'unknown':
      return 'object';
    case 'dict':
      return 'dict';
    default:
      return v.kind;
  }
}

// Results.
export const out = (shape: Shape, dtype: DType | null, extra?: { sparse?: boolean; concrete?: boolean }): TensorOut => {
  const r: { kind: 'tensor'; shape: Shape; dtype: DType | null; sparse?: boolean; concrete?: boolean } = { kind: 'tensor', shape, dtype };
  if (extra?.sparse) r.sparse = true;
  if (extra?.concrete) r.concrete = true;
  return r;
};
export const tupleOut = (...items: OutItem[]): ContainerOut => ({ kind: 'tensors', container: 'tuple', items });
export const listOut = (items: OutItem[]): ContainerOut => ({ kind: 'tensors', container: 'list', items });
export const valueOut = (value: OpValue): ValueOut => ({ kind: 'value', value });

/** An op result as a value to pass on (a tensor, a tuple/list of them, a Python value); undefined for errors and unknowns. */
export function resultValue(r: OpResult | OutItem): OpValue | undefined {
  switch (r.kind) {
    case 'tensor': {
      const extra = { ...(r.sparse ? { sparse: true } : {}), ...(r.concrete ? { concrete: true } : {}) };
      if (r.dtype !== null) return { kind: 'tensor', shape: r.shape, dtype: r.dtype, ...extra };
      return { kind: 'untyped-tensor', shape: r.shape, ...(r.dtypes ? { dtypes: r.dtypes } : {}), ...extra };
    }
    case 'tensors': {
      const items: OpValue[] = [];
      for (const it of r.items) {
        const v = resultValue(it);
        if (v === undefined) return undefined;
        items.push(v);
      }
      return { kind: r.container, items };
    }
    case 'value':
      return r.value;
    default:
      return undefined;
  }
}

/** A value as a result item: tensors and tuples/lists of tensors; undefined for anything else. */
export function valueItem(v: OpValue): OutItem | undefined {
  if (isTensor(v)) return out(v.shape, v.dtype, { sparse: v.sparse, concrete: v.concrete });
  if (isUntypedTensor(v)) return { ...out(v.shape, null, { sparse: v.sparse, concrete: v.concrete }), ...(v.dtypes ? { dtypes: v.dtypes } : {}) };
  if (isSeq(v)) {
    const items: OutItem[] = [];
    for (const x of v.items) {
      const it = valueItem(x);
      if (!it) return undefined;
      items.push(it);
    }
    return { kind: 'tensors', container: v.kind, items };
  }
  return undefined;
}
