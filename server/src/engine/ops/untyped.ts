// Calls on tensors whose dtype is not known (`UntypedTensorValue`: an eager
// result whose dtype is the backend's own). The call is evaluated once under
// each dtype such a tensor could have, and only what every run agrees on is
// kept: the shapes when they all agree, the dtype when it is the same in all,
// an error when all raise the same one; anything else is 'unknown'.
//
//   ops.add(ops.abs(5), 1)   → shape (), dtype unknown (int32 … complex64 by the input's)
//   ops.greater(ops.abs(5), 1) → shape (), bool
import type { DType, OpResult, OpValue, OutItem } from './types';
import { isSeq, isUntypedTensor, repr } from './values';

/** Every dtype an eager result on Python numbers can have under some backend. */
const CANDIDATES: readonly DType[] = [
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
  'bfloat16', 'float16', 'float32', 'float64', 'complex64', 'complex128',
];

/** Beyond this many untyped tensors in one call, the runs would be too many: 'unknown'. */
const MAX_UNTYPED = 2;

const WHY = 'the dtype of an argument is the backend\'s own, and the result depends on it';

/** How many untyped tensors the values hold (in tuples, lists and dicts too). */
export function countUntyped(values: readonly OpValue[]): number {
  let n = 0;
  for (const v of values) {
    if (isUntypedTensor(v)) n++;
    else if (isSeq(v)) n += countUntyped(v.items);
    else if (typeof v === 'object' && v !== null && v.kind === 'dict') n += countUntyped(Object.values(v.entries));
  }
  return n;
}

/** The candidate dtypes of each untyped tensor, in the order `countUntyped` counts them. */
function candidates(values: readonly OpValue[], into: (readonly DType[])[] = []): (readonly DType[])[] {
  for (const v of values) {
    if (isUntypedTensor(v)) into.push(v.dtypes ?? CANDIDATES);
    else if (isSeq(v)) candidates(v.items, into);
    else if (typeof v === 'object' && v !== null && v.kind === 'dict') candidates(Object.values(v.entries), into);
  }
  return into;
}

/** The values with the k-th untyped tensor given dtype `dtypes[k]`, in the order `countUntyped` counts them. */
function typed(values: readonly OpValue[], dtypes: readonly DType[], next: { i: number }): OpValue[] {
  return values.map((v): OpValue => {
    if (isUntypedTensor(v)) {
      const { kind: _, dtypes: __, ...rest } = v;
      return { kind: 'tensor', ...rest, dtype: dtypes[next.i++] };
    }
    if (isSeq(v)) return { kind: v.kind, items: typed(v.items, dtypes, next) };
    if (typeof v === 'object' && v !== null && v.kind === 'dict') {
      const keys = Object.keys(v.entries);
      const items = typed(Object.values(v.entries), dtypes, next);
      return { kind: 'dict', entries: Object.fromEntries(keys.map((k, i) => [k, items[i]])) };
    }
    return v;
  });
}

/**
 * The result of a call whose arguments hold untyped tensors: `evaluate` runs
 * it under every combination of candidate dtypes and the runs are merged.
 */
export function evaluateUntyped(
  args: readonly OpValue[],
  kwargs: Readonly<Record<string, OpValue>>,
  evaluate: (args: readonly OpValue[], kwargs: Readonly<Record<string, OpValue>>) => OpResult,
): OpResult {
  const keys = Object.keys(kwargs);
  const all = [...args, ...keys.map((k) => kwargs[k])];
  const slots = candidates(all);
  const n = slots.length;
  if (n > MAX_UNTYPED) return { kind: 'unknown', reason: `the dtypes of ${n} arguments are the backend's own` };
  const results: OpResult[] = [];
  const pick: number[] = new Array<number>(n).fill(0);
  for (;;) {
    const values = typed(all, pick.map((i, k) => slots[k][i]), { i: 0 });
    const kw: Record<string, OpValue> = {};
    keys.forEach((k, i) => (kw[k] = values[args.length + i]));
    results.push(evaluate(values.slice(0, args.length), kw));
    let k = 0;
    while (k < n && ++pick[k] === slots[k].length) pick[k++] = 0;
    if (k === n) break;
  }
  return merge(results);
}

function merge(results: readonly OpResult[]): OpResult {
  const first = results[0];
  const unknown = results.find((r) => r.kind === 'unknown');
  if (unknown) return unknown;
  if (first.kind === 'error') {
    const same = results.every((r) => r.kind === 'error' && r.errorType === first.errorType && r.message === first.message);
    return same ? first : { kind: 'unknown', reason: WHY };
  }
  if (first.kind === 'unknown' || results.some((r) => r.kind === 'error' || r.kind === 'unknown')) return { kind: 'unknown', reason: WHY };
  const item = mergeItems(results as readonly OutItem[]);
  return item ? { ...item, explain: first.explain, op: first.op } : { kind: 'unknown', reason: WHY };
}

function mergeItems(items: readonly OutItem[]): OutItem | undefined {
  const first = items[0];
  switch (first.kind) {
    case 'tensor': {
      const all = items.filter((x): x is typeof first => x.kind === 'tensor');
      if (all.length !== items.length) return undefined;
      const sameShape = all.every((t) => t.shape.length === first.shape.length && t.shape.every((d, i) => d === first.shape[i]));
      if (!sameShape || !all.every((t) => Boolean(t.sparse) === Boolean(first.sparse) && Boolean(t.concrete) === Boolean(first.concrete))) return undefined;
      // The dtypes the result can have: those of every run (a run's unknown dtype: any).
      const { dtypes: _, ...base } = first;
      const seen = new Set<DType>();
      for (const t of all) {
        if (t.dtype !== null) seen.add(t.dtype);
        else if (t.dtypes) t.dtypes.forEach((d) => seen.add(d));
        else return { ...base, dtype: null };
      }
      if (seen.size === 1) return { ...base, dtype: [...seen][0] };
      if ([...seen].some((d) => !CANDIDATES.includes(d))) return { ...base, dtype: null };
      return { ...base, dtype: null, dtypes: CANDIDATES.filter((d) => seen.has(d)) };
    }
    case 'tensors': {
      const all = items.filter((x): x is typeof first => x.kind === 'tensors');
      if (all.length !== items.length || !all.every((c) => c.container === first.container && c.items.length === first.items.length)) return undefined;
      const merged: OutItem[] = [];
      for (let i = 0; i < first.items.length; i++) {
        const m = mergeItems(all.map((c) => c.items[i]));
        if (!m) return undefined;
        merged.push(m);
      }
      return { kind: 'tensors', container: first.container, items: merged };
    }
    case 'value': {
      // Functions cannot be compared; other values by their repr (an untyped tensor prints without a dtype).
      if (typeof first.value === 'object' && first.value !== null && first.value.kind === 'function') return undefined;
      const text = repr(first.value);
      return items.every((x) => x.kind === 'value' && Boolean(x.backend) === Boolean(first.backend) && repr(x.value) === text) ? first : undefined;
    }
  }
}
