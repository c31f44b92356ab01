// Memoised engine calls. The engine is pure, so the same class, arguments,
// input and options always give the same result; re-analysing a file after a
// keystroke asks for the same layers again, and a block called in a loop asks
// for the same configuration many times under new instance names. The name
// enters a result only when the engine reads it (mostly for an error message):
// a result that did not read it is shared by every instance of the
// configuration, one that did is remembered per name.
//
//   const handle = cache.layerMemo('Dense', args, options, callNode); // once per layer
//   cache.construct(handle, 'Dense', args, options);                 // constructLayer's outcome, computed once
//   cache.evaluate(handle, 'Dense', args, input, options);           // evaluateLayer's result, once per input
//
// One EngineCache lives in each AnalysisHost (host.ts): a server's or a CLI
// run's analyses share it.
//
// Results are shared between callers: treat them as immutable (as the engine's
// types say). A cached analysis equals a fresh one (test/incremental.test.ts).
import {
  constructLayerNamed,
  evaluateLayer,
  evaluateLayerNamed,
  type CallArgs,
  type EvaluateOptions,
  type LayerInput,
  type LayerResult,
} from '../engine';

/** Layer configurations kept; beyond this the oldest half is dropped. */
const MAX_LAYERS = 20_000;
/** Inputs (or names and inputs) remembered per layer configuration; beyond this its results are forgotten. */
const MAX_INPUTS_PER_LAYER = 256;

type Constructed = ReturnType<typeof constructLayerNamed>['result'];
/** Marks an outcome that read the layer's name: look it up under the name. */
const BY_NAME = Symbol('by name');

/** What is remembered for one layer configuration (class, arguments, engine options). */
export interface LayerMemo {
  /** constructLayer's outcome (null: it succeeds), or BY_NAME. */
  constructed?: Constructed | null | typeof BY_NAME;
  /** By input key: the result, or BY_NAME. */
  readonly evaluated: Map<string, LayerResult | typeof BY_NAME>;
  /** Outcomes that read the name, by name and (for results) input key. */
  named?: Map<string, LayerResult | Constructed | null>;
  /** The input of the last cached result that read no name, and that result: a layer is mostly called again on the same shapes. */
  lastInput?: LayerInput;
  lastResult?: LayerResult;
}


/** One layer's way to its configuration's memo, with the last input it was called on and the result. */
export interface LayerHandle {
  readonly memo: LayerMemo;
  /** A layer is mostly called again on the same shapes (and, after a keystroke, so is the layer of the same name there). */
  lastInput?: LayerInput;
  lastResult?: LayerResult;
}

/** A configuration a call site gave: the same arguments there find their memo without serialising. */
interface SiteEntry {
  readonly className: string;
  readonly config: string;
  readonly args: CallArgs;
  readonly handle: LayerHandle;
}

/** What one call site (the text of a constructor call) gave. */
class Site {
  /** Per layer name, the last configuration: a re-analysis names the same layers again. */
  readonly byName = new Map<string, SiteEntry>();
  /** The configurations it gave, latest first: a loop's next call names a new layer of a configuration seen. */
  readonly recent: SiteEntry[] = [];
  /** What the caller keeps here per layer name (keptAtSite). */
  readonly kept = new Map<string, unknown>();
  constructor(
    /** The cache it belongs to, in the generation it was made (see EngineCache.clear). */
    readonly cache: EngineCache,
    readonly generation: number,
  ) {}
}

/** The constructor call's syntax node: its `memo` keeps its Site (the site depends only on the node's text). */
export interface SiteNode {
  readonly text: string;
  memo: unknown;
}

/** Call texts remembered; beyond this all are forgotten. */
const MAX_SITES = 20_000;
/** Configurations remembered per call text in `recent`. */
const MAX_RECENT = 8;

function sameEntry(e: SiteEntry, className: string, config: string, args: CallArgs): boolean {
  return e.className === className && e.config === config && sameValue(e.args, args);
}

/** Deep equality of argument values as JSON would see them, numbers compared exactly (no allocation). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number') return Object.is(a, b);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const k in ra) {
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !sameValue(ra[k], rb[k])) return false;
    count++;
  }
  for (const _ in rb) count--;
  return count === 0;
}

/** The memo key of one call's input: its shapes, and keywords when there are any; undefined when not exact. */
function inputKey(input: LayerInput): string | undefined {
  let k = input.isList ? 'L' : 'S';
  for (const shape of input.shapes) {
    k += '|';
    for (const d of shape) {
      if (d === null) k += 'N,';
      else if (Number.isFinite(d) && !Object.is(d, -0)) k += `${d},`;
      else return undefined;
    }
  }
  if (hasEntries(input.callKeywords) || hasEntries(input.tensorKeywords)) {
    if (hasInexactNumber(input.callKeywords) || hasInexactNumber(input.tensorKeywords)) return undefined;
    k += `\u0000${JSON.stringify([input.callKeywords ?? null, input.tensorKeywords ?? null])}`;
  }
  return k;
}

function hasEntries(o: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!o) return false;
  for (const _ in o) return true;
  return false;
}

function hasInexactNumber(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(hasInexactNumber);
  for (const k in v) if (hasInexactNumber((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** The result from `memo` (computed into it when new), or undefined when the input cannot be a key. */
function memoEvaluate(memo: LayerMemo, className: string, args: CallArgs, input: LayerInput, options: EvaluateOptions): LayerResult | undefined {
  if (memo.lastInput !== undefined && sameShapesOnly(memo.lastInput, input)) return memo.lastResult as LayerResult;
  const ik = inputKey(input);
  if (ik === undefined) return undefined;
  let r = memo.evaluated.get(ik);
  if (r === BY_NAME) return byName(memo, options, ik, () => evaluateLayer(className, args, input, options));
  if (r === undefined) {
    const outcome = evaluateLayerNamed(className, args, input, options);
    if (memo.evaluated.size >= MAX_INPUTS_PER_LAYER) memo.evaluated.clear();
    if (outcome.usesName) {
      memo.evaluated.set(ik, BY_NAME);
      return byName(memo, options, ik, () => outcome.result);
    }
    r = outcome.result;
    memo.evaluated.set(ik, r);
  }
  if (!hasEntries(input.callKeywords) && !hasEntries(input.tensorKeywords)) {
    memo.lastInput = input;
    memo.lastResult = r;
  }
  return r;
}

/** The outcome for this layer name (and input key; '' for the constructor) in `memo`, computed when new. */
function byName<T extends LayerResult | Constructed | null>(memo: LayerMemo, options: EvaluateOptions, key: string, compute: () => T): T {
  const nk = `${options.layerName ?? ''}\u0000${key}`;
  const named = (memo.named ??= new Map());
  let v = named.get(nk) as T | undefined;
  if (v === undefined) {
    v = compute();
    remember(named, nk, v);
  }
  return v;
}

function remember<V>(m: Map<string, V>, k: string, v: V): void {
  if (m.size >= MAX_INPUTS_PER_LAYER) m.clear();
  m.set(k, v);
}

/** Whether `b` has the shapes of `a` (exactly: numbers by Object.is) and neither has keywords. */
function sameShapesOnly(a: LayerInput, b: LayerInput): boolean {
  if (a.isList !== b.isList || a.shapes.length !== b.shapes.length || hasEntries(b.callKeywords) || hasEntries(b.tensorKeywords)) return false;
  for (let i = 0; i < a.shapes.length; i++) {
    const x = a.shapes[i];
    const y = b.shapes[i];
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) return false;
  }
  return true;
}

/** Memoised engine calls (see the top of this file). */
export class EngineCache {
  private readonly memos = new Map<string, LayerMemo>();
  /** JSON of each engine configuration object seen (there are one or two per process). */
  private readonly configKeys = new WeakMap<object, string>();
  /** By the text of the constructor call: a call parsed again after an edit elsewhere in its chunk finds its entries. */
  private readonly bySite = new Map<string, Site>();
  /** Bumped by clear: sites kept on syntax nodes before it are not used. */
  private generation = 0;
  /** What a caller keeps per call syntax node besides its site (keptAtNode). */
  private byNode = new WeakMap<object, unknown>();

  private configKey(options: EvaluateOptions): string {
    const config = options.config;
    if (!config) return 'null';
    let k = this.configKeys.get(config);
    if (k === undefined) {
      k = JSON.stringify(config);
      this.configKeys.set(config, k);
    }
    return k;
  }

  private siteOf(node: SiteNode): Site | undefined {
    const kept = node.memo;
    if (kept instanceof Site && kept.cache === this && kept.generation === this.generation) return kept;
    const site = this.bySite.get(node.text);
    if (site) node.memo = site;
    return site;
  }

  /**
   * The handle of a layer's configuration, or null when JSON cannot tell its
   * arguments apart exactly (it writes NaN, ±Infinity and null alike, and -0 as
   * 0): those are not cached. `site` (the constructor call's syntax node) lets
   * a re-analysis, or the next call of a loop, find the memo of the same
   * arguments there again without serialising them.
   */
  layerMemo(className: string, args: CallArgs, options: EvaluateOptions, site?: SiteNode): LayerHandle | null {
    const config = this.configKey(options);
    const name = options.layerName ?? '';
    let at: Site | undefined;
    if (site) {
      at = this.siteOf(site);
      if (at) {
        const last = at.byName.get(name);
        if (last && sameEntry(last, className, config, args)) return last.handle;
        const recent = at.recent;
        for (let i = 0; i < recent.length; i++) {
          const e = recent[i];
          if (sameEntry(e, className, config, args)) {
            if (i > 0) {
              recent.splice(i, 1);
              recent.unshift(e);
            }
            const entry = { className, config, args, handle: { memo: e.handle.memo } };
            remember(at.byName, name, entry);
            return entry.handle;
          }
        }
      }
    }
    if (hasInexactNumber(args)) return null;
    const key = `${className}\u0000${config}\u0000${JSON.stringify(args)}`;
    let memo = this.memos.get(key);
    if (memo === undefined) {
      if (this.memos.size >= MAX_LAYERS) {
        let drop = this.memos.size / 2;
        for (const k of this.memos.keys()) {
          if (drop-- <= 0) break;
          this.memos.delete(k);
        }
      }
      memo = { evaluated: new Map() };
      this.memos.set(key, memo);
    }
    const handle: LayerHandle = { memo };
    if (site) {
      if (!at) {
        if (this.bySite.size >= MAX_SITES) this.bySite.clear();
        at = new Site(this, this.generation);
        // A copy: a slice of the document would keep the text it was cut from alive.
        this.bySite.set((' ' + site.text).slice(1), at);
        site.memo = at;
      }
      const entry = { className, config, args, handle };
      if (at.recent.length >= MAX_RECENT) at.recent.pop();
      at.recent.unshift(entry);
      remember(at.byName, name, entry);
    }
    return handle;
  }

  /** `evaluateLayer`, remembered in the handle's memo (from `layerMemo` for these class, arguments and options). */
  evaluate(handle: LayerHandle | null, className: string, args: CallArgs, input: LayerInput, options: EvaluateOptions): LayerResult {
    if (handle === null) return evaluateLayer(className, args, input, options);
    if (handle.lastInput !== undefined && sameShapesOnly(handle.lastInput, input)) return handle.lastResult as LayerResult;
    const r = memoEvaluate(handle.memo, className, args, input, options);
    if (r !== undefined && !hasEntries(input.callKeywords) && !hasEntries(input.tensorKeywords)) {
      handle.lastInput = input;
      handle.lastResult = r;
    }
    return r ?? evaluateLayer(className, args, input, options);
  }

  /** `constructLayer`, remembered in the handle's memo (from `layerMemo` for these class, arguments and options). */
  construct(handle: LayerHandle | null, className: string, args: CallArgs, options: EvaluateOptions): Constructed {
    if (handle === null) return constructLayerNamed(className, args, options).result;
    const memo = handle.memo;
    if (memo.constructed === BY_NAME) return byName(memo, options, '', () => constructLayerNamed(className, args, options).result ?? null) ?? undefined;
    if (memo.constructed === undefined) {
      const outcome = constructLayerNamed(className, args, options);
      if (outcome.usesName) {
        memo.constructed = BY_NAME;
        return byName(memo, options, '', () => outcome.result ?? null) ?? undefined;
      }
      memo.constructed = outcome.result ?? null;
    }
    return memo.constructed ?? undefined;
  }

  /**
   * What the caller keeps per layer name at the site of a constructor call
   * whose memo was looked up (layerMemo with `site`), forgotten with the cache;
   * undefined before that lookup.
   */
  keptAtSite(node: SiteNode): Map<string, unknown> | undefined {
    const site = node.memo;
    return site instanceof Site && site.cache === this && site.generation === this.generation ? site.kept : undefined;
  }

  /**
   * What the caller kept at the syntax node `node` (setKeptAtNode), forgotten
   * with the cache; undefined when nothing was.
   */
  keptAtNode(node: object): unknown {
    return this.byNode.get(node);
  }

  setKeptAtNode(node: object, value: unknown): void {
    this.byNode.set(node, value);
  }

  /** Forgets every memoised result (tests compare against analyses from scratch). */
  clear(): void {
    this.memos.clear();
    this.bySite.clear();
    this.byNode = new WeakMap();
    this.generation++;
  }
}
