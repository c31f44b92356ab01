// Python's slicing of a sequence of known length: the indices a slice picks.
//
//   sliceIndices(slice(1, None, 2), 6) → [1, 3, 5]
import { numberOf, type PySlice, type Value } from './values';

/** The indices `s` picks from a sequence of length `len`; undefined when a bound is unknown. */
export function sliceIndices(s: PySlice, len: number): number[] | undefined {
  const step = s.step === null ? 1 : numberOf(s.step);
  if (step === undefined || step === 0) return undefined;
  const bound = (v: Value, dflt: number): number | undefined => {
    if (v === null) return dflt;
    const n = numberOf(v);
    if (n === undefined) return undefined;
    if (n < 0) return Math.max(step > 0 ? 0 : -1, len + n);
    return Math.min(n, step > 0 ? len : len - 1);
  };
  const start = bound(s.start, step > 0 ? 0 : len - 1);
  const stop = bound(s.stop, step > 0 ? len : -1);
  if (start === undefined || stop === undefined) return undefined;
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}
