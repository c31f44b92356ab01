// Memoised engine calls. The engine is pure, so the same class, arguments,
// input and options always give the same result; re-analysing a file after a
// keystroke asks for the same layers again (with the same instance names), and
// a block called in a loop asks for the same configuration many times.
//
//   cachedEvaluate('Dense', args, input, options)  // evaluateLayer's result, computed once per key
//
// Results are shared between callers: treat them as immutable (as the engine's
// types say). A cached analysis equals a fresh one (test/incremental.test.ts).
import { constructLayer, evaluateLayer, type CallArgs, type EvaluateOptions, type LayerInput, type LayerResult } from '../engine';

/** Entries kept; beyond this the oldest half is dropped. */
const MAX_ENTRIES = 50_000;

const evaluated = new Map<string, LayerResult>();
const constructed = new Map<string, ReturnType<typeof constructLayer> | null>();

/**
 * The memo key, or undefined when JSON cannot tell the values apart exactly
 * (it writes NaN, ±Infinity and null alike, and -0 as 0): those are not cached.
 */
function keyOf(className: string, args: CallArgs, input: LayerInput | null, options: EvaluateOptions): string | undefined {
  if (hasInexactNumber(args) || hasInexactNumber(input)) return undefined;
  return JSON.stringify([className, options.layerName ?? null, options.config ?? null, args, input]);
}

function hasInexactNumber(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(hasInexactNumber);
  for (const k in v) if (hasInexactNumber((v as Record<string, unknown>)[k])) return true;
  return false;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_ENTRIES) {
    let drop = map.size / 2;
    for (const k of map.keys()) {
      if (drop-- <= 0) break;
      map.delete(k);
    }
  }
  map.set(key, value);
}

export function cachedEvaluate(className: string, args: CallArgs, input: LayerInput, options: EvaluateOptions): LayerResult {
  const key = keyOf(className, args, input, options);
  if (key === undefined) return evaluateLayer(className, args, input, options);
  let r = evaluated.get(key);
  if (r === undefined) {
    r = evaluateLayer(className, args, input, options);
    remember(evaluated, key, r);
  }
  return r;
}

export function cachedConstruct(className: string, args: CallArgs, options: EvaluateOptions): ReturnType<typeof constructLayer> {
  const key = keyOf(className, args, null, options);
  if (key === undefined) return constructLayer(className, args, options);
  let r = constructed.get(key);
  if (r === undefined) {
    r = constructLayer(className, args, options) ?? null;
    remember(constructed, key, r);
  }
  return r ?? undefined;
}

/** Forgets every memoised result (tests compare against analyses from scratch). */
export function clearEngineCache(): void {
  evaluated.clear();
  constructed.clear();
}
