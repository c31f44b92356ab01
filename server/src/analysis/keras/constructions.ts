// The engine arguments of a layer constructor call, converted once per call
// site and layer name: a re-analysis (or the next turn of a loop) that gives
// the same call the same arguments finds what it converted last time and the
// handle of the engine memo they found, without converting or serialising
// again. What is kept lives in the AnalysisHost's engine cache, at the site.
//
//   const { callArgs, handle } = engineArguments(cache, args, 'Dense', options);
import type { CallArgs, EvaluateOptions, PyValue } from '../../engine';
import type { EngineCache, LayerHandle } from '../engineCache';
import { PyDict, PyFloat, PyList, PyTuple, type CallSiteArgs, type Value } from '../values';
import { toPy } from './convert';

/** A constructor call's last arguments for one layer name, what they gave, and the engine memo they found. */
class KeptConstruction implements KeptArguments {
  constructor(
    readonly className: string,
    readonly config: object | undefined,
    readonly positional: readonly Value[],
    readonly keywordNames: readonly string[],
    readonly keywordValues: readonly Value[],
    readonly callArgs: CallArgs,
    readonly handle: LayerHandle | null,
  ) {}
}

/** Layer names remembered per constructor call (a loop names a new layer on each turn). */
const MAX_KEPT_NAMES = 512;

/**
 * Whether `a` and `b` convert to the same engine argument (toPy): numbers
 * alike exactly, floats by value, tuples item by item; never a list or dict
 * (one kept may have changed since); any other object by identity (its
 * conversion depends only on fields that never change).
 */
function sameArgument(a: Value, b: Value): boolean {
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  if (typeof a !== 'object' || a === null) return a === b;
  if (a instanceof PyList || a instanceof PyDict) return false;
  if (a instanceof PyTuple) {
    if (!(b instanceof PyTuple) || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!sameArgument(a.items[i], b.items[i])) return false;
    return true;
  }
  if (a instanceof PyFloat) return b instanceof PyFloat && Object.is(a.v, b.v);
  return a === b;
}

/** A call's argument values as kept: positional, and keyword names (in order) with their values. */
export interface KeptArguments {
  readonly positional: readonly Value[];
  readonly keywordNames: readonly string[];
  readonly keywordValues: readonly Value[];
}

/** The argument values of `args`, to be compared with a later call's by sameArguments. */
export function keptArguments(args: CallSiteArgs): KeptArguments {
  return { positional: args.positional.slice(), keywordNames: [...args.keywords.keys()], keywordValues: [...args.keywords.values()] };
}

/**
 * Whether `args` gives the same arguments as `kept` did: as many, each the
 * same (sameArgument), keywords under the same names in the same order (the
 * engine reads them in order).
 */
export function sameArguments(kept: KeptArguments, args: CallSiteArgs): boolean {
  const positional = args.positional;
  if (kept.positional.length !== positional.length || kept.keywordNames.length !== args.keywords.size) return false;
  for (let i = 0; i < positional.length; i++) if (!sameArgument(kept.positional[i], positional[i])) return false;
  if (args.keywords.size === 0) return true;
  let i = 0;
  for (const name of args.keywords.keys()) if (kept.keywordNames[i++] !== name) return false;
  for (let j = 0; j < kept.keywordNames.length; j++) if (!sameArgument(kept.keywordValues[j], args.keywords.get(kept.keywordNames[j]) as Value)) return false;
  return true;
}

/** What the constructor call `args` kept for a layer of this name, when it is given the same arguments again. */
function keptConstruction(cache: EngineCache, args: CallSiteArgs, className: string, options: { readonly config?: object; readonly layerName: string }): KeptConstruction | undefined {
  if (args.node === undefined) return undefined;
  const k = cache.keptAtSite(args.node)?.get(options.layerName);
  if (!(k instanceof KeptConstruction) || k.className !== className || k.config !== options.config) return undefined;
  return sameArguments(k, args) ? k : undefined;
}

function keepConstruction(cache: EngineCache, args: CallSiteArgs, className: string, options: { readonly config?: object; readonly layerName: string }, callArgs: CallArgs, handle: LayerHandle | null): void {
  const byName = args.node === undefined ? undefined : cache.keptAtSite(args.node);
  if (!byName) return;
  if (byName.size >= MAX_KEPT_NAMES) byName.clear();
  byName.set(options.layerName, new KeptConstruction(className, options.config, args.positional.slice(), [...args.keywords.keys()], [...args.keywords.values()], callArgs, handle));
}

/**
 * The engine arguments of the constructor call `args` of a `className` layer
 * named `options.layerName`, and the handle of their engine memo: those kept
 * at the call site for a layer of this name when the call gives the same
 * arguments again, else converted now (and kept).
 */
export function engineArguments(cache: EngineCache, args: CallSiteArgs, className: string, options: EvaluateOptions & { readonly layerName: string }): { callArgs: CallArgs; handle: LayerHandle | null } {
  const kept = keptConstruction(cache, args, className, options);
  if (kept) return { callArgs: kept.callArgs, handle: kept.handle };
  const keywords: Record<string, PyValue> = {};
  for (const [k, v] of args.keywords) keywords[k] = toPy(v);
  const callArgs: CallArgs = { positional: args.positional.map((v) => toPy(v)), keywords };
  const handle = cache.layerMemo(className, callArgs, options, args.node);
  keepConstruction(cache, args, className, options, callArgs, handle);
  return { callArgs, handle };
}
