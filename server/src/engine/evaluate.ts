// The engine's entry points: look a layer class up, bind its arguments,
// validate like Keras's constructor, compute output shapes and weights.
//
//   evaluateLayer('Dense', { positional: [5], keywords: {} }, { shapes: [[null, 2, 3, 1]], isList: false })
//   → { kind: 'ok', outputs: [[null, 2, 3, 5]], trainableParams: 10, ... }
import { bindArguments } from './args';
import { LayerError, UnknownValueError } from './errors';
import { formatCount, snakeCase } from './format';
import { product } from './shapeUtils';
import type { EngineContext, LayerComputation, LayerSpec } from './spec';
import {
  DEFAULT_ENGINE_CONFIG,
  type CallArgs,
  type EngineConfig,
  type ExplainStep,
  type LayerErr,
  type LayerInput,
  type LayerOk,
  type LayerResult,
  type OutputStructure,
  type Shape,
  type Weight,
} from './types';
import { allSpecs, thirdPartySpecs } from './catalogue';
import { LIST_INPUT_LAYERS, LOOKUP_LAYERS, listInputSupport, lookupVocabularySize } from './layers/lookup';

function byName(specs: readonly LayerSpec[]): Map<string, LayerSpec> {
  const m = new Map<string, LayerSpec>();
  for (const s of specs) {
    m.set(s.className, s);
    for (const a of s.aliases ?? []) m.set(a, s);
  }
  return m;
}

const kerasSpecsByName: ReadonlyMap<string, LayerSpec> = byName(allSpecs);
const specsByName: ReadonlyMap<string, LayerSpec> = byName([...thirdPartySpecs, ...allSpecs]);

export function findSpec(className: string): LayerSpec | undefined {
  return specsByName.get(className);
}

/** The layer names of `keras.layers` the catalogue describes (the layers of other libraries are not among them). */
export function knownLayerNames(): string[] {
  return [...kerasSpecsByName.keys()];
}

/** Whether keras.layers itself has a class of this name that the catalogue describes. */
export function isKerasLayerName(name: string): boolean {
  return kerasSpecsByName.has(name);
}

export interface EvaluateOptions {
  readonly config?: EngineConfig;
  /** The instance name Keras would use in messages; defaults to the class's snake_case. */
  readonly layerName?: string;
}

function makeContext(spec: LayerSpec, options: EvaluateOptions | undefined, depth: number): Context {
  return new Context(options?.config ?? DEFAULT_ENGINE_CONFIG, options?.layerName ?? snakeCase(spec.className), depth);
}

class Context implements EngineContext {
  /** Whether the layer's name was read: only then can the result differ between instances of the layer. */
  nameRead = false;

  constructor(
    readonly config: EngineConfig,
    private readonly name: string,
    private readonly depth: number,
  ) {}

  get layerName(): string {
    this.nameRead = true;
    return this.name;
  }

  evaluate(className: string, args: CallArgs, input: LayerInput): LayerResult {
    return evaluateAt(className, args, input, { config: this.config }, this.depth + 1);
  }
}

const CONV_ATTRIBUTES = { filters: 'filters', use_bias: 'use_bias' } as const;
const RNN_ATTRIBUTES = { units: 'units', use_bias: 'use_bias' } as const;

/**
 * The attributes Keras keeps of a layer's constructor arguments unchanged
 * (`self.use_bias = use_bias`, or a property returning it), by class: the
 * attribute's name → the argument's. Arguments Keras normalises
 * (`kernel_size`, `strides`, `padding`, `activation`) are not listed.
 */
const ARGUMENT_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Dense: RNN_ATTRIBUTES,
  LSTM: RNN_ATTRIBUTES,
  GRU: RNN_ATTRIBUTES,
  SimpleRNN: RNN_ATTRIBUTES,
  Conv1D: CONV_ATTRIBUTES,
  Conv2D: CONV_ATTRIBUTES,
  Conv3D: CONV_ATTRIBUTES,
  Conv1DTranspose: CONV_ATTRIBUTES,
  Conv2DTranspose: CONV_ATTRIBUTES,
  Conv3DTranspose: CONV_ATTRIBUTES,
  SeparableConv1D: CONV_ATTRIBUTES,
  SeparableConv2D: CONV_ATTRIBUTES,
  ConvLSTM1D: CONV_ATTRIBUTES,
  ConvLSTM2D: CONV_ATTRIBUTES,
  ConvLSTM3D: CONV_ATTRIBUTES,
  DepthwiseConv1D: { use_bias: 'use_bias' },
  DepthwiseConv2D: { use_bias: 'use_bias' },
  Embedding: { input_dim: 'input_dim', output_dim: 'output_dim' },
  MultiHeadAttention: { num_heads: 'num_heads', key_dim: 'key_dim', use_bias: 'use_bias', _num_heads: 'num_heads', _key_dim: 'key_dim', _use_bias: 'use_bias' },
};

/**
 * `layer.<name>` for an attribute Keras keeps of a constructor argument
 * unchanged (`conv.use_bias`, `dense.units`): the argument's value or its
 * default; undefined when the class keeps no such attribute, or the value is
 * not a plain boolean or integer the arguments state.
 */
export function argumentAttribute(className: string, args: CallArgs, name: string): boolean | number | undefined {
  const spec = findSpec(className);
  const arg = spec && Object.hasOwn(ARGUMENT_ATTRIBUTES, spec.className) ? ARGUMENT_ATTRIBUTES[spec.className][name] : undefined;
  if (spec === undefined || arg === undefined) return undefined;
  try {
    const v = bindArguments(spec, args).raw(arg);
    return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `layer.vocabulary_size()` of a StringLookup, IntegerLookup or
 * TextVectorization made with these arguments: a number when the vocabulary
 * is written in the call, else unknown with the reason.
 */
export function vocabularySize(className: string, args: CallArgs): { readonly kind: 'ok'; readonly size: number } | { readonly kind: 'unknown'; readonly reason: string } {
  const spec = findSpec(className);
  if (!spec || !LOOKUP_LAYERS.includes(spec.className)) return { kind: 'unknown', reason: `${className} has no vocabulary` };
  try {
    return { kind: 'ok', size: lookupVocabularySize(bindArguments(spec, args)) };
  } catch (e) {
    const r = toResult(e);
    return { kind: 'unknown', reason: r.kind === 'error' ? r.message : r.kind === 'unknown' ? r.reason : 'unknown' };
  }
}

/**
 * A layer called on a Python list (`vectorizer(["the cat sat"])`): undefined
 * when it does not take one (the list is its inputs); 'ok' when its result is
 * what it computes for an input of the list's `shape`, with `leaf` values;
 * 'mode' or 'values' when that is not followed (see listInputSupport), or
 * when its arguments are not known.
 */
export function listInputCall(className: string, args: CallArgs, shape: Shape, leaf: 'str' | 'int' | 'float'): 'ok' | 'mode' | 'values' | undefined {
  const spec = findSpec(className);
  if (!spec || !LIST_INPUT_LAYERS.includes(spec.className)) return undefined;
  try {
    return listInputSupport(bindArguments(spec, args), shape, leaf);
  } catch {
    return 'mode';
  }
}

/** A result and whether it depends on `EvaluateOptions.layerName`; when it does not, it is the result under any name. */
export interface NamedOutcome<R> {
  readonly result: R;
  readonly usesName: boolean;
}

function errorResult(e: LayerError, phase: 'construct' | 'call'): LayerErr {
  return e.teach === undefined ? { kind: 'error', code: e.code, message: e.message, phase } : { kind: 'error', code: e.code, message: e.message, phase, teach: e.teach };
}

function toResult(e: unknown): LayerResult {
  if (e instanceof LayerError) return errorResult(e, e.phase);
  if (e instanceof UnknownValueError) return { kind: 'unknown', reason: e.message };
  // A bug in a layer function must not take the analysis down: report it as unknown.
  const msg = e instanceof Error ? e.message : String(e);
  return { kind: 'unknown', reason: `internal error: ${msg}` };
}

/**
 * Only the constructor's checks (bad arguments), for a layer that is built but
 * not (yet) called. Returns undefined when the constructor would succeed.
 */
export function constructLayer(className: string, args: CallArgs, options?: EvaluateOptions): LayerErr | LayerResult | undefined {
  return constructLayerNamed(className, args, options).result;
}

/** `constructLayer`, telling whether its outcome depends on the layer's name. */
export function constructLayerNamed(className: string, args: CallArgs, options?: EvaluateOptions): NamedOutcome<LayerErr | LayerResult | undefined> {
  const spec = findSpec(className);
  if (!spec) return { result: { kind: 'unknown', reason: `${className} is not a layer the engine knows` }, usesName: false };
  const ctx = makeContext(spec, options, 0);
  try {
    const reader = bindArguments(spec, args);
    spec.construct?.(reader, ctx);
    return { result: undefined, usesName: ctx.nameRead };
  } catch (e) {
    const r = toResult(e);
    return { result: r.kind === 'error' ? { ...r, phase: 'construct' } : r, usesName: ctx.nameRead };
  }
}

export function evaluateLayer(className: string, args: CallArgs, input: LayerInput, options?: EvaluateOptions): LayerResult {
  return evaluateAt(className, args, input, options, 0);
}

/** `evaluateLayer`, telling whether its result depends on the layer's name. */
export function evaluateLayerNamed(className: string, args: CallArgs, input: LayerInput, options?: EvaluateOptions): NamedOutcome<LayerResult> {
  const usage = { nameRead: false };
  const result = evaluateAt(className, args, input, options, 0, usage);
  return { result, usesName: usage.nameRead };
}

function evaluateAt(
  className: string,
  args: CallArgs,
  input: LayerInput,
  options: EvaluateOptions | undefined,
  depth: number,
  usage?: { nameRead: boolean },
): LayerResult {
  const spec = findSpec(className);
  if (!spec) return { kind: 'unknown', reason: `${className} is not a layer the engine knows` };
  if (depth > 20) return { kind: 'unknown', reason: 'layers nested too deeply' };
  const ctx = makeContext(spec, options, depth);
  try {
    const reader = bindArguments(spec, args);
    if (spec.construct !== undefined) {
      try {
        spec.construct(reader, ctx);
      } catch (e) {
        if (e instanceof LayerError) return errorResult(e, 'construct');
        throw e;
      }
    }
    const c = spec.compute(reader, input, ctx);
    const trainableParams = sumParams(c.weights, true);
    const nonTrainableParams = sumParams(c.weights, false);
    const multiple = c.multiple ?? c.outputs.length > 1;
    return new OkResult(spec.className, c, multiple, trainableParams, nonTrainableParams);
  } catch (e) {
    return toResult(e);
  } finally {
    if (usage) usage.nameRead = ctx.nameRead;
  }
}

/**
 * A successful result. The explanation is text for the hover: it is built the
 * first time `explain` is read, not for every layer call of every analysis.
 */
class OkResult implements LayerOk {
  readonly kind = 'ok';
  readonly outputs: readonly Shape[];
  readonly outputStructure?: OutputStructure;
  readonly weights: readonly Weight[];
  #steps: LayerComputation['explain'];
  #explain: readonly ExplainStep[] | undefined = undefined;

  constructor(
    readonly className: string,
    c: LayerComputation,
    readonly multiple: boolean,
    readonly trainableParams: number,
    readonly nonTrainableParams: number,
  ) {
    this.outputs = c.outputs;
    if (c.outputStructure !== undefined) this.outputStructure = c.outputStructure;
    this.weights = c.weights;
    this.#steps = c.explain;
  }

  get explain(): readonly ExplainStep[] {
    if (this.#explain === undefined) {
      this.#explain = explainSteps(this.#steps, this.weights);
      this.#steps = undefined;
    }
    return this.#explain;
  }
}

function explainSteps(steps: LayerComputation['explain'], weights: readonly Weight[]): readonly ExplainStep[] {
  const explain: ExplainStep[] = steps === undefined ? [] : typeof steps === 'function' ? steps().slice() : steps.slice();
  if (weights.length > 0) explain.push({ label: 'params', text: paramFormula(weights) });
  return explain;
}

function sumParams(weights: readonly Weight[], trainable: boolean): number {
  let n = 0;
  for (const w of weights) if (w.trainable === trainable) n += product(w.shape);
  return n;
}

/** `8·8·3·24 + 24 = 4,632`, non-trainable weights marked. */
export function paramFormula(weights: readonly Weight[]): string {
  const parts = weights.map((w) => {
    const f = w.shape.length === 0 ? '1' : w.shape.join('·');
    return w.trainable ? f : `${f} (non-trainable)`;
  });
  const total = weights.reduce((n, w) => n + product(w.shape), 0);
  return `${parts.join(' + ')} = ${formatCount(total)}`;
}
