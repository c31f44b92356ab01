// Old Keras spellings at the call sites the analysis evaluates: each layer,
// `Model`, `Input`, `InputLayer` and `merge` call goes through the engine's
// translation (engine/legacy.ts) for the configured Keras version, its notes
// become diagnostics with quick fixes, and the call is constructed as
// translated. Also the backend's image-format functions
// (`K.set_image_dim_ordering('th')`, `K.image_data_format()`), which change
// the format later layers default to.
//
//   Convolution2D(32, 3, 3, border_mode='same')   (kerasVersion '1') → Conv2D(32, (3, 3), padding='same'), two info notes
import {
  DEFAULT_KERAS_VERSION,
  legacyBackendCall,
  mayHaveLegacySpelling,
  translateLegacyCall,
  type ArgRef,
  type EngineConfig,
  type ImageDataFormat,
  type KerasVersion,
  type LegacyNote,
  type LegacyTranslation,
  type PyValue,
} from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import type { Diagnostic, DiagnosticFix, TextEdit, TextRange } from '../types';
import { PyFloat, PyTuple, UNKNOWN, type CallSiteArgs, type Value } from '../values';
import { CallSyntax } from './callEdits';
import type { KerasContext } from './context';
import { keptArguments, sameArguments, type KeptArguments } from './constructions';
import { toPy } from './convert';

/** A call as the analysis constructs it after translation. */
export interface TranslatedCall {
  readonly className: string;
  readonly args: CallSiteArgs;
  /** Keras 1's `merge(...)` built a layer and called it: what to call it on. */
  readonly applyTo?: Value;
  /** The batch size of `batch_input_shape=` / `batch_size=` on a first layer. */
  readonly batchSize?: number | null;
}

/** A call at a syntax node whose arguments held no old spelling: the same arguments there hold none again. */
class NothingToTranslate {
  constructor(
    readonly className: string,
    readonly version: KerasVersion,
    readonly args: KeptArguments,
  ) {}
}

export function kerasVersionOf(k: KerasContext): KerasVersion {
  return k.host.config.kerasVersion ?? DEFAULT_KERAS_VERSION;
}

/**
 * Translates a call of `className` and reports its notes. `construct` makes
 * a nested layer the translation introduces (TimeDistributedDense's Dense).
 * Undefined when the call holds no old spelling. `finish` runs after the
 * caller constructed the call: a raising spelling's fix joins the error the
 * construction reported.
 */
export function translateCall(
  k: KerasContext,
  className: string,
  args: CallSiteArgs,
  construct: (className: string, args: CallSiteArgs) => Value,
): { call: TranslatedCall; finish: () => void } | undefined {
  if (!mayHaveLegacySpelling(className, args.positional.length, args.keywords.keys())) return undefined;
  const version = kerasVersionOf(k);
  // The translation depends only on the class, the version, the argument values and the call's text.
  const node: SyntaxNode | undefined = args.node;
  if (node !== undefined && node !== null) {
    const kept = k.cache.keptAtNode(node);
    if (kept instanceof NothingToTranslate && kept.className === className && kept.version === version && sameArguments(kept.args, args)) return undefined;
  }
  const syntax = CallSyntax.of(args.node);
  const originals = new Map<object, Value>();
  // Tensors and other objects are shown in messages as written (`[a, b]`, not `[array, array]`).
  const py = (v: Value, ref: ArgRef): PyValue => {
    let p = toPy(v);
    if (isOpaque(p)) p = { kind: 'opaque', repr: syntax?.sourceOf(ref) ?? p.repr };
    else if (Array.isArray(p)) {
      const items = p as readonly PyValue[];
      const sources = syntax?.itemSources(ref);
      if (sources !== undefined && sources.length === items.length && items.some(isOpaque)) {
        p = items.map((x, i) => (isOpaque(x) ? { kind: 'opaque', repr: sources[i] } : x));
      }
    }
    if (typeof p === 'object' && p !== null) originals.set(p, v);
    return p;
  };
  const keywords: Record<string, PyValue> = {};
  for (const [name, v] of args.keywords) keywords[name] = py(v, { kind: 'keyword', name });
  const t = translateLegacyCall(className, args.positional.map((v, index) => py(v, { kind: 'positional', index })), keywords, version);
  if (t.notes.length === 0) {
    if (node !== undefined && node !== null) k.cache.setKeptAtNode(node, new NothingToTranslate(className, version, keptArguments(args)));
    return undefined;
  }

  const raising = t.notes.filter((n) => !n.applied && n.behaviour.kind === 'raises');
  // What the engine would not report itself (a class Keras 3 lacks, Model's keywords): read as the fix writes it.
  const useFull = raising.some((n) => n.code === 'legacy-layer') || (className === 'Model' && raising.length > 0);
  const chosen = useFull ? t.keras3Call : t;
  const changed = useFull || t.changed;

  const back = (p: PyValue): Value => {
    if (typeof p === 'object' && p !== null) {
      const kept = originals.get(p);
      if (kept !== undefined) return kept;
      if (Array.isArray(p)) return new PyTuple((p as readonly PyValue[]).map(back));
      const o = p as Exclude<PyValue, null | boolean | number | string | readonly PyValue[]>;
      if (o.kind === 'layer') {
        const inner: CallSiteArgs = { positional: o.args.positional.map(back), keywords: new Map(Object.entries(o.args.keywords).map(([n, v]) => [n, back(v)])), node: args.node };
        return construct(o.className, inner);
      }
      return UNKNOWN;
    }
    if (typeof p === 'number' && !Number.isInteger(p)) return new PyFloat(p);
    return p;
  };
  let callArgs = args;
  if (changed) {
    const kw = new Map<string, Value>();
    for (const [name, v] of Object.entries(chosen.keywords)) kw.set(name, back(v));
    callArgs = { positional: chosen.positional.map(back), keywords: kw, node: args.node };
  }
  const call: { -readonly [K in keyof TranslatedCall]: TranslatedCall[K] } = { className: changed ? chosen.className : className, args: callArgs };
  if (changed && chosen.applyTo !== undefined) call.applyTo = back(chosen.applyTo);
  if (changed && chosen.batchSize !== undefined) call.batchSize = typeof chosen.batchSize === 'number' || chosen.batchSize === null ? chosen.batchSize : null;

  const finish = (): void => {
    // A quiet replay has no call site: nothing to report.
    if (args.node === undefined || args.node === null) return;
    const callRange = k.host.range(args.node);
    const all = combinedFix(t, syntax);
    // The errors the construction reported at this call (now, or on an earlier run of a loop or helper, when
    // the same error is not reported twice): a raising spelling's fix goes with them.
    const errors: number[] = [];
    const diags = k.host.diagnostics;
    for (let i = 0; i < diags.length; i++) {
      const d = diags[i];
      if (d.severity === 'error' && d.range.start === callRange.start && d.range.end === callRange.end) errors.push(i);
    }
    const joined: DiagnosticFix[] = [];
    for (const n of t.notes) {
      const fixes = fixesOf(n, syntax, all);
      const raises = !n.applied && n.behaviour.kind === 'raises';
      if (raises && !useFull && errors.length > 0) {
        joined.push(...fixes);
        continue;
      }
      const at = syntax?.rangeOf(n.at) ?? callRange;
      k.host.report(at, raises ? 'error' : n.severity, n.code, n.message, fixes);
    }
    if (joined.length > 0) {
      for (const i of errors) diags[i] = withFixes(diags[i], unique(joined));
    }
  };
  return { call, finish };
}

function isOpaque(p: PyValue): p is { readonly kind: 'opaque'; readonly repr: string } {
  return typeof p === 'object' && p !== null && !Array.isArray(p) && (p as { kind: string }).kind === 'opaque';
}

function withFixes(d: Diagnostic, fixes: readonly DiagnosticFix[]): Diagnostic {
  return { ...d, fixes: unique([...(d.fixes ?? []), ...fixes]) };
}

function unique(fixes: readonly DiagnosticFix[]): DiagnosticFix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function plainTitle(title: string): string {
  return title.replace(/`/g, '');
}

function fixesOf(n: LegacyNote, syntax: CallSyntax | undefined, all: DiagnosticFix | undefined): DiagnosticFix[] {
  const out: DiagnosticFix[] = [];
  if (syntax !== undefined && n.fix.length > 0 && n.fixTitle !== undefined) {
    const edits = syntax.edits(n.fix);
    if (edits !== undefined) out.push({ title: plainTitle(n.fixTitle), edits });
  }
  if (all !== undefined && out.length > 0) out.push(all);
  return out;
}

/** Every note's fix of the call at once, when there are several (each alone leaves the others' diagnostics). */
function combinedFix(t: LegacyTranslation, syntax: CallSyntax | undefined): DiagnosticFix | undefined {
  if (syntax === undefined) return undefined;
  const fixable = t.notes.filter((n) => n.fix.length > 0);
  if (fixable.length < 2) return undefined;
  const edits: TextEdit[] = [];
  for (const n of fixable) {
    const e = syntax.edits(n.fix);
    if (e === undefined) return undefined;
    edits.push(...e);
  }
  edits.sort((a, b) => a.range.start - b.range.start);
  for (let i = 1; i < edits.length; i++) if (edits[i].range.start < edits[i - 1].range.end) return undefined;
  return { title: 'Rewrite the call in Keras 3 spelling', edits };
}

// ---------------------------------------------------------------- image data format

const formatConfigs = new WeakMap<EngineConfig, Map<ImageDataFormat, EngineConfig>>();

/** The engine configuration `base` with another image data format: one object per pair (engine results are remembered per configuration object). */
export function withImageDataFormat(base: EngineConfig, format: ImageDataFormat): EngineConfig {
  if (base.imageDataFormat === format) return base;
  let byFormat = formatConfigs.get(base);
  if (byFormat === undefined) formatConfigs.set(base, (byFormat = new Map()));
  let c = byFormat.get(format);
  if (c === undefined) byFormat.set(format, (c = { ...base, imageDataFormat: format }));
  return c;
}

/**
 * `K.set_image_dim_ordering('th')`, `keras.config.image_data_format()` and
 * the like (`path` is the resolved callee, `keras.backend.<name>` or
 * `keras.config.<name>`): their value, with the format they set applied;
 * undefined for other functions.
 */
export function backendCall(k: KerasContext, path: string, args: CallSiteArgs, range: TextRange): Value | undefined {
  const m = /^keras\.(?:backend|config)\.(\w+)$/.exec(path);
  if (m === null) return undefined;
  const given = args.positional[0] ?? args.keywords.get('dim_ordering') ?? args.keywords.get('data_format');
  const values = given === undefined ? [] : [toPy(given)];
  const effect = legacyBackendCall(m[1], values, k.imageDataFormat, kerasVersionOf(k));
  if (effect === undefined) return undefined;
  k.imageDataFormat = effect.imageDataFormat;
  const syntax = CallSyntax.of(args.node);
  for (const n of effect.notes) {
    const fixes = fixesOf(n, syntax, undefined);
    k.host.report(syntax?.rangeOf(n.at) ?? range, n.applied ? n.severity : 'error', n.code, n.message, fixes);
  }
  if (effect.notes.length === 0 && effect.raises !== undefined) k.host.report(range, 'error', 'invalid-argument', `Keras raises \`${effect.raises}\`.`);
  const r = effect.returns;
  return typeof r === 'string' || r === null ? r : UNKNOWN;
}
