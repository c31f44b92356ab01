// What some element-wise ops do on Python values, where Keras hands them to
// the backend as they are (keras/src/backend/numpy/numpy.py): `real`, `imag`
// and `stop_gradient` give Python numbers back, `allclose` a Python bool, and
// NumPy's bitwise ufuncs refuse floats (every backend does).
//
//   ops.real(5)            → 5 (the NumPy backend's own: a Python int)
//   ops.allclose(1, 1.0)   → True
//   ops.bitwise_not(2.5)   → TypeError: ufunc 'invert' not supported …
import { OpFailure, notModelled } from './failure';
import type { OpValue, OutItem } from './types';
import { isPyScalar, isSeq, out, pyArrayShape, pyNumber } from './values';
import { broadcastShapes } from './shapes';

/** A Python value the NumPy backend returns as it is (Python numbers, lists). */
export function backendValue(value: OpValue): OutItem {
  return { kind: 'value', value, backend: true };
}

/**
 * `np.real(x)` / `np.imag(x)` on a Python value: a number's `.real`/`.imag`
 * (a Python int or float; a bool's is an int), a sequence as an array of its
 * shape whose dtype is NumPy's.
 */
export function realImag(x: OpValue, part: 'real' | 'imag'): OutItem {
  if (typeof x === 'boolean') return backendValue({ kind: 'int', value: part === 'real' ? Number(x) : 0 });
  if (typeof x === 'object' && x !== null && (x.kind === 'int' || x.kind === 'float')) {
    return backendValue(part === 'real' ? x : { kind: x.kind, value: 0 });
  }
  const s = pyArrayShape(x);
  if (s && isSeq(x)) return out(s.shape, null, { concrete: true });
  return notModelled(`\`x\` is not a number or a numeric sequence`);
}

/** The elements of a Python number or (rectangular) nested sequence, flattened, with its shape. */
function flatNumbers(v: OpValue): { shape: number[]; items: number[] } | undefined {
  const s = pyArrayShape(v);
  if (!s) return undefined;
  const items: number[] = [];
  const visit = (x: OpValue): boolean => {
    const n = pyNumber(x);
    if (n !== undefined) return items.push(n) > 0;
    return isSeq(x) && x.items.every(visit);
  };
  return visit(v) ? { shape: s.shape, items } : undefined;
}

/** `np.isclose` of two numbers. */
function close(a: number, b: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return equalNan && Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** `np.allclose(x1, x2, rtol, atol, equal_nan)` on Python values: a Python bool. */
export function allcloseValue(x1: OpValue, x2: OpValue, rtolV: OpValue, atolV: OpValue, equalNanV: OpValue): OutItem {
  const a = flatNumbers(x1);
  const b = flatNumbers(x2);
  const rtol = pyNumber(rtolV);
  const atol = pyNumber(atolV);
  if (!a || !b) return notModelled('`x1` and `x2` are not numbers or numeric sequences');
  if (rtol === undefined || atol === undefined || !isPyScalar(rtolV) || !isPyScalar(atolV)) return notModelled('`rtol`/`atol` are not numbers');
  let shape: (number | null)[];
  try {
    shape = broadcastShapes(a.shape, b.shape);
  } catch {
    return notModelled('NumPy cannot broadcast the operands (its message is not modelled)');
  }
  const total = shape.reduce<number>((p, d) => p * (d ?? 0), 1);
  // Broadcasting: the element of each operand for an output position (a size-1 axis repeats).
  const offset = (src: { shape: number[] }, index: number): number => {
    let off = 0;
    let stride = 1;
    let rest = index;
    for (let k = shape.length - 1; k >= 0; k--) {
      const d = shape[k] as number;
      const i = rest % d;
      rest = Math.floor(rest / d);
      const j = k - (shape.length - src.shape.length);
      if (j >= 0) {
        const sd = src.shape[j];
        off += (sd === 1 ? 0 : i) * stride;
        stride *= sd;
      }
    }
    return off;
  };
  const equalNan = equalNanV === true || (typeof equalNanV === 'object' && equalNanV !== null && 'value' in equalNanV && equalNanV.value !== 0);
  for (let i = 0; i < total; i++) {
    if (!close(a.items[offset(a, i)], b.items[offset(b, i)], rtol, atol, equalNan)) return backendValue(false);
  }
  return backendValue(true);
}

/** NumPy's refusal of a float in a bitwise ufunc (`invert`, `bitwise_and`, `left_shift`, …). */
export function bitwiseRefusesFloat(ufunc: string): never {
  throw new OpFailure(
    'TypeError',
    `ufunc '${ufunc}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`,
  );
}

/** Whether a dtype is refused by the bitwise ufuncs (floats and complex numbers). */
export function notBitwise(dtype: string): boolean {
  return dtype.includes('float') || dtype.includes('complex');
}
