// The function `keras.ops.vectorize` returns, called on arrays or Python
// values (the NumPy backend's `np.vectorize`; the other backends loop the same
// way). The loop shape is the arguments' broadcast shape, without their core
// dimensions when a gufunc signature is given; the function runs once on one
// element of each argument (a 0-d or core-shaped array whose dtype, for a
// Python value, is the backend's own), and each output stacks its result over
// the loop shape. The outputs' dtype is the backend's: the function works on
// the backend's arrays, whose operators follow the backend's dtype rules.
//
//   vectorize(lambda v: v + 1)([[2, 3, 5]])                      → (1, 3)
//   vectorize(lambda v: ops.sum(v), signature="(n)->()")([[1., 2.], [3., 4.5]]) → (2,)
import { OpFailure } from './failure';
import { broadcastShapes } from './shapes';
import type { DType, OpResult, OpValue, OutItem } from './types';
import { isSeq, isTensor, isUntypedTensor, pyArrayShape } from './values';

type Call = (args: readonly OpValue[]) => OpResult;

/** A gufunc signature's core dimension names: `(n),(n)->()` → inputs [['n'], ['n']], outputs [[]]. */
function parseSignature(sig: string): { inputs: string[][]; outputs: string[][] } {
  const side = (s: string): string[][] => [...s.matchAll(/\(([^)]*)\)/g)].map((m) => (m[1].trim() === '' ? [] : m[1].split(',').map((d) => d.trim())));
  const [ins, outs] = sig.replace(/\s+/g, '').split('->');
  return { inputs: side(ins), outputs: side(outs) };
}

/** What a Python value's elements can be as an array (NumPy makes ints int64, TensorFlow int32). */
const PY_DTYPES: Readonly<Record<'bool' | 'int' | 'float', readonly DType[]>> = { bool: ['bool'], int: ['int32', 'int64'], float: ['float32', 'float64'] };

/** An argument as an array: its shape and the dtypes it can have. */
function asArray(v: OpValue): { shape: number[]; dtypes?: readonly DType[] } | undefined {
  if (isTensor(v) || isUntypedTensor(v)) {
    if (v.shape.some((d) => d === null)) return undefined;
    return { shape: v.shape as number[], dtypes: isTensor(v) ? [v.dtype] : v.dtypes };
  }
  const s = pyArrayShape(v);
  return s ? { shape: s.shape, dtypes: PY_DTYPES[s.kind] } : undefined;
}

const unknown = (reason: string): OpResult => ({ kind: 'unknown', reason });

/** The shape of one output of the function for one element, or undefined when it is not an array or a number. */
function outputShape(v: OpValue): number[] | undefined {
  if (isTensor(v) || isUntypedTensor(v)) return v.shape.every((d) => d !== null) ? (v.shape as number[]) : undefined;
  if (typeof v === 'boolean' || (typeof v === 'object' && v !== null && (v.kind === 'int' || v.kind === 'float'))) return [];
  return undefined;
}

export function vectorized(call: Call, signature: string | null, args: readonly OpValue[]): OpResult {
  const arrays = args.map(asArray);
  if (arrays.some((x) => x === undefined)) return unknown('an argument of the vectorised function is not an array or a numeric Python value');
  const sig = signature === null ? null : parseSignature(signature);
  if (sig && sig.inputs.length !== args.length) {
    return { kind: 'error', errorType: 'TypeError', message: `wrong number of positional arguments: expected ${sig.inputs.length}, got ${args.length}`, code: 'invalid-argument' };
  }
  const sizes = new Map<string, number>();
  const loops: number[][] = [];
  const elements: OpValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const { shape, dtypes } = arrays[i] as { shape: number[]; dtypes?: readonly DType[] };
    const core = sig ? sig.inputs[i] : [];
    if (shape.length < core.length) return unknown('an argument has fewer dimensions than its core dimensions');
    const coreShape = shape.slice(shape.length - core.length);
    for (let k = 0; k < core.length; k++) {
      const known = sizes.get(core[k]);
      if (known !== undefined && known !== coreShape[k]) {
        return { kind: 'error', errorType: 'ValueError', message: `inconsistent size for core dimension '${core[k]}': ${coreShape[k]} vs ${known}`, code: 'incompatible-shapes' };
      }
      sizes.set(core[k], coreShape[k]);
    }
    loops.push(shape.slice(0, shape.length - core.length));
    elements.push(
      dtypes?.length === 1 ? { kind: 'tensor', shape: coreShape, dtype: dtypes[0], concrete: true } : { kind: 'untyped-tensor', shape: coreShape, ...(dtypes ? { dtypes } : {}), concrete: true },
    );
  }
  let loop: number[] = [];
  try {
    for (const l of loops) loop = broadcastShapes(loop, l) as number[];
  } catch (e) {
    if (e instanceof OpFailure) return unknown('NumPy cannot broadcast the arguments (its message is not modelled)');
    throw e;
  }
  // On an empty loop NumPy cannot call the function to learn the output types.
  if (loop.includes(0)) return unknown('the loop is empty');
  const r = call(elements);
  if (r.kind === 'error' || r.kind === 'unknown') return r;
  const nout = sig ? sig.outputs.length : r.kind === 'tensors' && r.container === 'tuple' ? r.items.length : r.kind === 'value' && typeof r.value === 'object' && r.value !== null && r.value.kind === 'tuple' ? r.value.items.length : 1;
  const results: OpValue[] = [];
  if (nout === 1) {
    const single = resultOf(r);
    if (single === undefined) return unknown("the vectorised function's result");
    results.push(single);
  } else {
    const all = resultOf(r);
    if (all === undefined || !isSeq(all) || all.kind !== 'tuple' || all.items.length !== nout) return unknown(`the vectorised function does not return ${nout} outputs`);
    results.push(...all.items);
  }
  const items: OutItem[] = [];
  for (let i = 0; i < results.length; i++) {
    const shape = outputShape(results[i]);
    if (!shape) return unknown("the vectorised function's result is not an array or a number");
    const core = sig ? sig.outputs[i] : [];
    if (shape.length !== core.length) return unknown("the vectorised function's result does not have its core dimensions");
    for (let k = 0; k < core.length; k++) {
      const known = sizes.get(core[k]);
      if (known !== undefined && known !== shape[k]) return unknown(`the core dimension '${core[k]}' of the result differs from the arguments'`);
      sizes.set(core[k], shape[k]);
    }
    // The function runs on the backend's arrays, whose operators (`v + 1`) follow the backend's own dtype rules.
    items.push({ kind: 'tensor', shape: [...loop, ...shape], dtype: null, concrete: true });
  }
  const explain = { explain: 'The vectorised function applied over the loop shape.', op: 'keras.ops.vectorize' };
  return items.length === 1 && nout === 1 ? { ...items[0], ...explain } : { kind: 'tensors', container: 'tuple', items, ...explain };
}

/** A call's result as a value (tensors, numbers, tuples of them). */
function resultOf(r: OpResult): OpValue | undefined {
  if (r.kind === 'tensor') return r.dtype === null ? { kind: 'untyped-tensor', shape: r.shape, ...(r.dtypes ? { dtypes: r.dtypes } : {}) } : { kind: 'tensor', shape: r.shape, dtype: r.dtype };
  if (r.kind === 'value') return r.value;
  if (r.kind === 'tensors') {
    const items: OpValue[] = [];
    for (const it of r.items) {
      const v = it.kind === 'tensors' ? undefined : resultOf({ ...it, explain: '', op: '' });
      if (v === undefined) return undefined;
      items.push(v);
    }
    return { kind: r.container, items };
  }
  return undefined;
}
