// The op catalogue: every public function of keras.ops, keras.ops.image and
// keras.activations, joined from the signature table and the group files,
// and `evaluateOp`, the public entry.
//
//   evaluateOp('keras.ops.concatenate', [list(tensor([null, 128]), tensor([8, 4]))], { axis: int(1) })
//   // → { kind: 'tensor', shape: [null, 132], dtype: 'float32', ... }
import { DEFAULT_ENGINE_CONFIG } from '../types';
import type { EngineConfig } from '../types';
import { bindCall, parseSignature } from './bind';
import type { Signature } from './bind';
import type { OpDef, OpDefs } from './def';
import { OpFailure } from './failure';
import { SIGNATURES } from './signatures';
import type { OpResult, OpValue, OutItem } from './types';
import { anySymbolic, pyArrayShape, shapeRepr } from './values';
import { FLOATX } from './dtypes';
import { countUntyped, evaluateUntyped } from './untyped';
import { defs as elementwise } from './elementwise';
import { defs as activations } from './activations';
import { defs as reduction } from './reduction';
import { defs as shape } from './shape';
import { defs as joining } from './joining';
import { defs as indexing } from './indexing';
import { defs as creation } from './creation';
import { defs as conversion } from './conversion';
import { defs as products } from './products';
import { defs as linalg } from './linalg';
import { defs as nn } from './nn';
import { defs as image } from './image';
import { defs as signal } from './signal';
import { defs as nnmisc } from './nnmisc';
import { defs as einsum } from './einsum';
import { defs as control } from './control';
import { defs as search } from './search';

const GROUPS: readonly OpDefs[] = [
  elementwise, activations, reduction, shape, joining, indexing, creation, conversion, products, einsum, linalg, nn, nnmisc, image, signal, search, control,
];

export interface OpEntry {
  readonly signature: Signature;
  /** Absent when the op is listed but its output is not modelled (the result is 'unknown'). */
  readonly def?: OpDef;
}

const ENTRIES: ReadonlyMap<string, OpEntry> = (() => {
  const all: Record<string, OpDef> = {};
  for (const g of GROUPS) {
    for (const [k, d] of Object.entries(g)) {
      if (all[k]) throw new Error(`op ${k} is defined twice`);
      all[k] = d;
    }
  }
  const m = new Map<string, OpEntry>();
  const used = new Set<string>();
  for (const text of SIGNATURES) {
    const signature = parseSignature(text);
    const key = signature.paths[0];
    const def = all[key];
    if (def) used.add(key);
    for (const p of signature.paths) m.set(p, { signature, def });
  }
  for (const k of Object.keys(all)) if (!used.has(k)) throw new Error(`op ${k} has no signature`);
  return m;
})();

/** The catalogue entry for a dotted path (`keras.ops.sum`, `ops.numpy.sum`, `keras.activations.relu`). */
export function findOp(path: string): OpEntry | undefined {
  return ENTRIES.get(path.startsWith('keras.') ? path.slice(6) : path);
}

/** Every path the catalogue knows, with `keras.` (aliases included). */
export function knownOpPaths(): string[] {
  return [...ENTRIES.keys()].map((p) => `keras.${p}`);
}

/** The short explanation of an op, for hovers. */
export function opSummary(path: string): string | undefined {
  return findOp(path)?.def?.summary;
}

/** KerasTensor refuses negative dimensions (most op shapes are tuples, printed as such). */
function checkDims(o: OutItem): void {
  if (o.kind === 'tensor' && o.shape.some((d) => d !== null && d < 0)) {
    throw new OpFailure('ValueError', `Cannot convert '${shapeRepr(o.shape)}' to a shape. Negative dimensions are not allowed.`);
  }
  if (o.kind === 'tensors') o.items.forEach(checkDims);
}

/** A Python number, bool or numeric sequence as `convert_to_tensor` makes it; other values unchanged. */
function converted(v: OpValue): OpValue {
  if (v === null || typeof v === 'string') return v;
  const s = pyArrayShape(v);
  if (!s) return v;
  if (s.shape.length === 0 && typeof v === 'object' && (v.kind === 'int' || v.kind === 'float')) {
    return { kind: 'tensor', shape: [], dtype: v.kind === 'int' ? 'int32' : FLOATX, concrete: true };
  }
  if (s.shape.length === 0 && typeof v === 'boolean') return { kind: 'tensor', shape: [], dtype: 'bool', concrete: true };
  if (typeof v === 'object' && (v.kind === 'tuple' || v.kind === 'list')) {
    return { kind: 'tensor', shape: s.shape, dtype: s.kind === 'bool' ? 'bool' : s.kind === 'int' ? 'int32' : FLOATX, concrete: true };
  }
  return v;
}
function mapValues(o: Readonly<Record<string, OpValue>>, f: (v: OpValue) => OpValue): Record<string, OpValue> {
  const r: Record<string, OpValue> = {};
  for (const [k, v] of Object.entries(o)) r[k] = f(v);
  return r;
}

function markConcrete(o: OutItem): OutItem {
  if (o.kind === 'tensor') return { ...o, concrete: true };
  if (o.kind === 'tensors') return { ...o, items: o.items.map(markConcrete) };
  return o;
}

/** An eager result whose dtype is the backend's: the shape stays, the dtype is unknown. */
function backendDtype(o: OutItem): OutItem {
  if (o.kind === 'tensor') return { ...o, dtype: null, concrete: true };
  if (o.kind === 'tensors') return { ...o, items: o.items.map(backendDtype) };
  return o;
}

/**
 * The result of calling the op at `path` with these arguments: its output
 * tensor(s) or value, Keras's error, or 'unknown' with the reason. Arguments
 * whose dtype is unknown (`UntypedTensorValue`) are tried with every dtype.
 */
export function evaluateOp(
  path: string,
  args: readonly OpValue[],
  kwargs: Readonly<Record<string, OpValue>>,
  config: EngineConfig = DEFAULT_ENGINE_CONFIG,
): OpResult {
  const entry = findOp(path);
  if (!entry) return { kind: 'unknown', reason: `${path} is not in the op catalogue` };
  if (countUntyped(args) > 0 || countUntyped(Object.values(kwargs)) > 0) {
    return evaluateUntyped(args, kwargs, (a, k) => evaluateEntry(entry, a, k, config));
  }
  return evaluateEntry(entry, args, kwargs, config);
}

function evaluateEntry(entry: OpEntry, args: readonly OpValue[], kwargs: Readonly<Record<string, OpValue>>, config: EngineConfig): OpResult {
  const opName = `keras.${entry.signature.paths[0]}`;
  try {
    const a = bindCall(entry.signature, args, kwargs);
    const def = entry.def;
    if (!def) return { kind: 'unknown', reason: `${opName}: its output is not modelled` };
    const eager = !anySymbolic([...args, ...Object.values(kwargs)]);
    if (eager && !def.eager) {
      return { kind: 'unknown', reason: `${opName} runs eagerly on Python values; the backend decides its result` };
    }
    const ctx = {
      config,
      path: opName,
      eager,
      evaluate: (p: string, x: readonly OpValue[], k: Readonly<Record<string, OpValue>>): OpResult => evaluateOp(p, x, k, config),
    };
    const convert = eager && (def.eager === 'convert' || def.eager === 'backend');
    let o = def.compute(convert ? bindCall(entry.signature, args.map(converted), mapValues(kwargs, converted)) : a, ctx);
    checkDims(o);
    if (eager && (def.eager === 'same' || def.eager === 'convert')) o = markConcrete(o);
    if (eager && def.eager === 'backend') o = backendDtype(o);
    return { ...o, explain: def.summary, op: opName };
  } catch (e) {
    if (e instanceof OpFailure) {
      if (e.errorType === 'unknown') return { kind: 'unknown', reason: `${opName}: ${e.message}` };
      return e.teach === undefined ? { kind: 'error', errorType: e.errorType, message: e.message, code: e.code } : { kind: 'error', errorType: e.errorType, message: e.message, code: e.code, teach: e.teach };
    }
    throw e;
  }
}
