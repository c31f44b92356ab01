// The Keras part of the abstract interpreter: modules and aliases (`keras`,
// `tf.keras`, `keras.layers`, `keras.ops`, numpy), layer construction and
// calls through the shape engine, Sequential / functional / subclassed models,
// tensor operators, and the records every view is rendered from.
//
//   inputs = keras.Input((128, 128, 3))                 → Tensor (None, 128, 128, 3)
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)   → record (None, 61, 61, 24) · 4,632
import {
  findSpec,
  knownLayerNames,
  formatShape,
  snakeCase,
  type CallArgs,
  type ExplainStep,
  type LayerInput,
  type PyValue,
  type Shape,
  type Weight,
} from '../engine';
import { cachedConstruct, cachedEvaluate, keptAtSite, layerMemo, type LayerHandle } from './engineCache';
import { broadcastShapes, concatShapes, matmulShape, reshapeShape, stackShapes } from './tensorShapes';
import type { SyntaxNode } from '../python/syntax';
import type { StateCopier } from './checkpoint';
import type { Interpreter } from './interpreter';
import { sliceIndices } from './interpreter';
import type { CallOutcome, LayerCall, ModelInfo, SummaryRow, TextRange } from './types';
import {
  BoundMethod,
  Builtin,
  KerasBaseRef,
  LayerClassRef,
  LayerObj,
  Namespace,
  PyClass,
  PyDict,
  PyEllipsis,
  PyFloat,
  PyFunction,
  PyList,
  PySlice,
  PyTuple,
  Tensor,
  UNKNOWN,
  Unknown,
  dictKey,
  iterItems,
  writable,
  type Rerun,
  TensorNode,
  numberOf,
  type CallSiteArgs,
  type Value,
} from './values';

// ------------------------------------------------------------------ models

export class SequentialModel extends LayerObj {
  entries: { layer: LayerObj; site: TextRange; hint: number }[] = [];
  inputShape: Shape | null = null;
  built = false;
  outputShape: Shape | null = null;
  failed = false;
}

export class FunctionalModel extends LayerObj {
  constructor(
    args: CallArgs,
    ctorRange: TextRange,
    name: string,
    readonly inputs: Tensor[],
    readonly outputs: Tensor[],
    readonly outputIsList: boolean,
    readonly layers: LayerObj[],
    /** Keys of a dict of inputs, one per flattened input (sorted, as Keras flattens dicts). */
    readonly inputKeys: readonly string[] | null = null,
    /** Keys of a dict of outputs, one per flattened output: calls return a dict. */
    readonly outputKeys: readonly Value[] | null = null,
  ) {
    super('Functional', args, ctorRange, name);
  }
  /** Its graph holds a value we could not follow, so its totals are unknown. */
  opaque = false;
}

/** `keras.layers.Lambda(function, output_shape=None, arguments=None)`: no weights; its shape is the function's. */
export class LambdaLayer extends LayerObj {
  constructor(
    ctorRange: TextRange,
    name: string,
    readonly fn: Value,
    readonly outputShape: Value,
    readonly fnArguments: Value,
    /** The constructor call: a Sequential calls its layers from no call of the user's, and the function's errors point here then. */
    readonly ctorNode: SyntaxNode,
  ) {
    super('Lambda', { positional: [], keywords: {} }, ctorRange, name, 'core_layers/lambda/');
  }
}

export class SubclassInstance extends LayerObj {
  readonly attrs = new Map<string, Value>();
  readonly ownWeights: Weight[] = [];
  /** `add_weight` was called with a shape we could not determine. */
  weightsUnknown = false;
  built = false;
  constructor(
    readonly cls: PyClass,
    ctorRange: TextRange,
    name: string,
  ) {
    super(cls.name, { positional: [], keywords: {} }, ctorRange, name);
  }
  get isModel(): boolean {
    return this.cls.kerasBase === 'model';
  }
}

/** `keras.layers.InputLayer(shape=...)` as the first element of a Sequential. */
export class InputLayerObj extends LayerObj {
  constructor(
    ctorRange: TextRange,
    name: string,
    readonly shape: Shape | null,
  ) {
    super('InputLayer', { positional: [], keywords: {} }, ctorRange, name);
  }
}

class CallEvent {
  constructor(
    readonly site: TextRange,
    readonly hint: number,
    readonly layer: LayerObj,
    readonly inputShapes: readonly (Shape | null)[],
    readonly outputs: readonly Shape[] | null,
    readonly weights: readonly Weight[],
    readonly unknownReason: string | undefined,
    /** The engine result whose explanation (built when first read) this call shows; none for models and lambdas. */
    readonly explainFrom: { readonly explain: readonly ExplainStep[] } | undefined = undefined,
  ) {}
}

const NO_STEPS: readonly ExplainStep[] = [];

/** One distinct result of a call site; the explanation is read from the engine only when a hover asks. */
class Outcome implements CallOutcome {
  count = 1;
  constructor(
    readonly inputShapes: readonly (Shape | null)[],
    readonly outputShapes: readonly Shape[] | null,
    readonly trainableParams: number | null,
    readonly nonTrainableParams: number | null,
    readonly weights: readonly Weight[],
    readonly unknownReason: string | undefined,
    private readonly explainFrom: { readonly explain: readonly ExplainStep[] } | undefined,
  ) {}

  get explain(): readonly ExplainStep[] {
    return this.explainFrom ? this.explainFrom.explain : NO_STEPS;
  }
}

interface ModelEntry {
  readonly model: LayerObj;
  varName?: string;
}

/** The keywords of a layer call that passes none (the engine only reads them). */
const NO_CALL_KEYWORDS: Record<string, PyValue> = Object.freeze({});
const NO_TENSOR_KEYWORDS: Record<string, Shape[]> = Object.freeze({});

/** Layers whose call takes (query, value, key) rather than inputs. */
const ATTENTION_CLASSES = new Set(['MultiHeadAttention', 'GroupQueryAttention', 'GroupedQueryAttention']);

/** Steps charged for one layer call. */
const LAYER_CALL_STEPS = 25;

const MERGE_HELPERS: Record<string, string> = {
  concatenate: 'Concatenate',
  add: 'Add',
  subtract: 'Subtract',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  dot: 'Dot',
};

type Params = { trainable: number; nonTrainable: number };

/** A call site while results are gathered: its range and the class called there. */
class CallSite {
  readonly outcomes: Outcome[] = [];
  constructor(
    readonly className: string,
    readonly range: TextRange,
    readonly hintOffset: number,
    readonly layerName: string,
    readonly docPath: string | undefined,
  ) {}
}

/** A constructor call's last arguments for one layer name, what they gave, and the engine memo they found. */
class KeptConstruction {
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

/** What the constructor call `args` kept for a layer of this name, when it is given the same arguments again. */
function keptConstruction(args: CallSiteArgs, className: string, options: { readonly config?: object; readonly layerName: string }): KeptConstruction | undefined {
  if (args.node === undefined) return undefined;
  const k = keptAtSite(args.node)?.get(options.layerName);
  if (!(k instanceof KeptConstruction) || k.className !== className || k.config !== options.config) return undefined;
  const positional = args.positional;
  if (k.positional.length !== positional.length || k.keywordNames.length !== args.keywords.size) return undefined;
  for (let i = 0; i < positional.length; i++) if (!sameArgument(k.positional[i], positional[i])) return undefined;
  if (args.keywords.size === 0) return k;
  // Same names in the same order (the engine reads them in order), same values.
  let i = 0;
  for (const name of args.keywords.keys()) if (k.keywordNames[i++] !== name) return undefined;
  for (let j = 0; j < k.keywordNames.length; j++) if (!sameArgument(k.keywordValues[j], args.keywords.get(k.keywordNames[j]) as Value)) return undefined;
  return k;
}

function keepConstruction(args: CallSiteArgs, className: string, options: { readonly config?: object; readonly layerName: string }, callArgs: CallArgs, handle: LayerHandle | null): void {
  const byName = args.node === undefined ? undefined : keptAtSite(args.node);
  if (!byName) return;
  if (byName.size >= MAX_KEPT_NAMES) byName.clear();
  byName.set(options.layerName, new KeptConstruction(className, options.config, args.positional.slice(), [...args.keywords.keys()], [...args.keywords.values()], callArgs, handle));
}

/** Numbered layer names made so far, by base: every analysis names its layers again, and the same string objects keep their hashes (map lookups by name hash them). */
const numberedNames = new Map<string, string[]>();

/** `${base}_${n}`, the same string each time. */
function numberedName(base: string, n: number): string {
  let names = numberedNames.get(base);
  if (names === undefined) {
    if (numberedNames.size >= 1024) numberedNames.clear();
    numberedNames.set(base, (names = []));
  }
  if (n >= 100_000) return `${base}_${n}`;
  return (names[n] ??= `${base}_${n}`);
}

/** Canonical module path: `tensorflow.keras.layers` and `tf.keras.layers` are `keras.layers`. */
export function resolveModulePath(path: string): string {
  let p = path.replace(/\s+/g, '');
  p = p.replace(/^tensorflow\.python\.keras/, 'keras').replace(/^tensorflow\.keras/, 'keras').replace(/^tf_keras/, 'keras');
  p = p.replace(/^keras\.src\./, 'keras.').replace(/^keras\.api\./, 'keras.');
  p = p.replace(/^keras\.layers\.(core|convolutional|pooling|recurrent|merge|normalization|advanced_activations|embeddings|wrappers)$/, 'keras.layers');
  return p;
}

export class KerasRuntime {
  private readonly events: CallEvent[] = [];
  private readonly modelEntries: ModelEntry[] = [];
  private readonly nameCounters = new Map<string, number>();
  /** Layers a call gave an unknown result to before they were built, so their weights are unknown (set by `results`). */
  private unknownBuilt = new Set<LayerObj>();

  constructor(private readonly interp: Interpreter) {}

  /** The layers and models of this runtime's state, for freezing a checkpoint. */
  stateRoots(): object[] {
    const roots: object[] = [];
    for (const e of this.events) roots.push(e.layer);
    for (const m of this.modelEntries) roots.push(m.model);
    return roots;
  }

  /**
   * Gives `out`, a fresh runtime, this runtime's state (Interpreter.fork): its
   * objects copied by `copier`, or shared without one. Records never change,
   * so they are shared unless their layer is copied.
   */
  forkInto(out: KerasRuntime, copier: StateCopier | undefined): void {
    for (const e of this.events) {
      out.events.push(copier ? new CallEvent(e.site, e.hint, copier.copy(e.layer), e.inputShapes, e.outputs, e.weights, e.unknownReason, e.explainFrom) : e);
    }
    for (const m of this.modelEntries) {
      const model = copier ? copier.copy(m.model) : m.model;
      out.modelEntries.push(m.varName === undefined ? { model } : { model, varName: m.varName });
    }
    for (const [k, n] of this.nameCounters) out.nameCounters.set(k, n);
    for (const [k, memo] of this.attrMemo) out.attrMemo.set(k, new Map(memo));
  }

  private uniqueName(base: string): string {
    const n = this.nameCounters.get(base) ?? 0;
    this.nameCounters.set(base, n + 1);
    return n === 0 ? base : numberedName(base, n);
  }

  // ---------------------------------------------------------------- modules

  moduleValue(path: string): Value {
    const p = resolveModulePath(path);
    if (p === 'keras' || p.startsWith('keras.')) return new Namespace(p);
    if (p === 'tensorflow' || p.startsWith('tensorflow.')) return new Namespace(p);
    if (p === 'numpy' || p.startsWith('numpy.')) return new Namespace(p);
    return UNKNOWN;
  }

  wildcardExports(mod: Value): [string, Value][] {
    if (!(mod instanceof Namespace)) return [];
    const out: [string, Value][] = [];
    if (mod.path === 'keras.layers') {
      for (const name of ['Input', 'InputLayer', 'Layer', ...Object.keys(MERGE_HELPERS)]) out.push([name, this.namespaceAttr(mod, name)]);
      for (const name of knownLayerClassNames()) out.push([name, new LayerClassRef(name)]);
    } else if (mod.path === 'keras.models') {
      for (const name of ['Sequential', 'Model']) out.push([name, this.namespaceAttr(mod, name)]);
    } else if (mod.path === 'keras') {
      for (const name of ['Input', 'Sequential', 'Model', 'layers', 'models', 'ops']) out.push([name, this.namespaceAttr(mod, name)]);
    }
    return out;
  }

  /** Namespace attributes are pure functions of (path, name) and immutable values: remembered per analysis. */
  private readonly attrMemo = new Map<string, Map<string, Value>>();
  /** Each namespace object's entry in `attrMemo`, found without building the path key again. */
  private readonly attrMemoOf = new WeakMap<Namespace, Map<string, Value>>();

  namespaceAttr(obj: Namespace | KerasBaseRef | LayerClassRef, name: string): Value {
    if (!(obj instanceof Namespace)) return UNKNOWN;
    let memo = this.attrMemoOf.get(obj);
    if (memo === undefined) {
      memo = this.attrMemo.get(obj.path);
      if (memo === undefined) this.attrMemo.set(obj.path, (memo = new Map()));
      this.attrMemoOf.set(obj, memo);
    }
    let v = memo.get(name);
    if (v === undefined) {
      v = this.namespaceAttrUncached(obj.path, name);
      memo.set(name, v);
    }
    return v;
  }

  private namespaceAttrUncached(p: string, name: string): Value {
    if (p === 'tensorflow') {
      if (name === 'keras') return new Namespace('keras');
      return new Namespace(`tensorflow.${name}`);
    }
    if (p.startsWith('tensorflow.') || p === 'numpy' || p.startsWith('numpy.')) return new Namespace(`${p}.${name}`);
    const full = resolveModulePath(`${p}.${name}`);
    if (p === 'keras' || p === 'keras.models' || p === 'keras.layers') {
      if (name === 'Sequential') return new KerasBaseRef('Sequential');
      if (name === 'Model' || name === 'Functional') return new KerasBaseRef('Model');
      if (name === 'Layer' && p === 'keras.layers') return new KerasBaseRef('Layer');
      if (name === 'Input' && p !== 'keras.models') return new Namespace('keras.Input');
    }
    if (p === 'keras.layers') {
      if (MERGE_HELPERS[name]) return new Namespace(`keras.layers.${name}`);
      if (name === 'InputLayer') return new Namespace('keras.layers.InputLayer');
      if (/^[A-Z]/.test(name)) return new LayerClassRef(name);
      return new Namespace(full);
    }
    return new Namespace(full);
  }

  // ---------------------------------------------------------------- conversions

  toPy(v: Value): PyValue {
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
    if (v instanceof PyFloat) return v.v;
    if (v instanceof PyTuple || v instanceof PyList) return v.items.map((x) => this.toPy(x));
    if (v instanceof PyDict) {
      const entries: Record<string, PyValue> = {};
      for (const [k, x] of v.map.values()) {
        if (typeof k !== 'string') return { kind: 'opaque', repr: 'dict' };
        entries[k] = this.toPy(x);
      }
      return { kind: 'dict', entries };
    }
    if (v instanceof LayerObj) return { kind: 'layer', className: v.className, args: v.args };
    if (v instanceof Unknown) return { kind: 'unknown' };
    if (v instanceof Tensor) return { kind: 'opaque', repr: 'array' };
    return { kind: 'opaque', repr: v.kind };
  }

  private shapeFromValue(v: Value): Shape | undefined {
    if (typeof v === 'number' && Number.isInteger(v)) return [v];
    const items = v instanceof PyTuple || v instanceof PyList ? v.items : undefined;
    if (!items) return undefined;
    const dims: (number | null)[] = [];
    for (const it of items) {
      if (it === null) dims.push(null);
      else if (typeof it === 'number' && Number.isInteger(it)) dims.push(it);
      else return undefined;
    }
    return dims;
  }

  private shapeTuple(shape: Shape): PyTuple {
    return new PyTuple(shape.map((d) => d));
  }

  // ---------------------------------------------------------------- calls

  callKerasCallable(fn: LayerClassRef | KerasBaseRef | Namespace, args: CallSiteArgs): Value {
    const range = this.interp.range(args.node);
    if (fn instanceof LayerClassRef && fn.className === 'Lambda') return this.constructLambda(args, range);
    if (fn instanceof LayerClassRef) return this.constructLayerObj(fn.className, args, range);
    if (fn instanceof KerasBaseRef) {
      if (fn.which === 'Sequential') return this.constructSequential(args, range);
      if (fn.which === 'Model') return this.constructFunctional(args, range);
      return UNKNOWN;
    }
    const p = fn.path;
    if (p === 'keras.Input') return this.makeInput(args);
    if (p === 'keras.layers.InputLayer') {
      const shape = this.shapeFromValue(args.keywords.get('shape') ?? args.keywords.get('input_shape') ?? args.positional[0] ?? UNKNOWN);
      const batch = numberOf(args.keywords.get('batch_size') ?? null) ?? null;
      return new InputLayerObj(range, this.uniqueName('input_layer'), shape ? [batch, ...shape] : null);
    }
    const helper = /^keras\.layers\.(\w+)$/.exec(p);
    if (helper && MERGE_HELPERS[helper[1]]) {
      const [inputs, ...rest] = args.positional;
      const kw = new Map(args.keywords);
      const inputsValue = inputs ?? kw.get('inputs') ?? UNKNOWN;
      kw.delete('inputs');
      const layer = this.constructLayerObj(MERGE_HELPERS[helper[1]], { positional: rest, keywords: kw, node: args.node }, range);
      if (!(layer instanceof LayerObj)) return UNKNOWN;
      const callArgs: CallSiteArgs = { positional: [inputsValue], keywords: new Map(), node: args.node };
      const out = this.applyLayer(layer, callArgs, range, args.node.endIndex);
      this.recordInboundNode(layer, out);
      return this.replayable(out, { kind: 'layer', layer, args: callArgs });
    }
    return this.callOp(p, args);
  }

  private makeInput(args: CallSiteArgs): Value {
    const names = ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'name', 'tensor'];
    const get = (name: string): Value | undefined => {
      const i = names.indexOf(name);
      return args.keywords.get(name) ?? (i < args.positional.length ? args.positional[i] : undefined);
    };
    const batchShape = get('batch_shape');
    const given = batchShape ?? get('shape');
    if (typeof given === 'number' || typeof given === 'string' || typeof given === 'boolean' || given instanceof PyFloat) {
      // Keras needs an iterable: `Input(shape=5)` raises before any layer sees it.
      this.interp.report(args.node, 'error', 'invalid-argument', `Cannot convert '${typeof given === 'string' ? given : given instanceof PyFloat ? given.v : given === true ? 'True' : given === false ? 'False' : given}' to a shape. Write the shape as a tuple: (${typeof given === 'number' ? given : '…'},).`);
      return new Tensor(null, null, true);
    }
    let shape: Shape | null = null;
    if (batchShape !== undefined && batchShape !== null) shape = this.shapeFromValue(batchShape) ?? null;
    else {
      const s = get('shape');
      const dims = s === undefined ? undefined : this.shapeFromValue(s);
      const bs = get('batch_size');
      const batch = bs === undefined || bs === null ? null : (numberOf(bs) ?? null);
      if (dims) shape = [batch, ...dims];
    }
    const name = get('name');
    return new Tensor(shape, null, true, typeof name === 'string' ? name : undefined);
  }

  private constructLambda(args: CallSiteArgs, range: TextRange): Value {
    const names = ['function', 'output_shape', 'mask', 'arguments'];
    const get = (n: string): Value | undefined => args.keywords.get(n) ?? args.positional[names.indexOf(n)];
    const nameArg = args.keywords.get('name');
    const layer = new LambdaLayer(range, typeof nameArg === 'string' ? nameArg : this.uniqueName('lambda'), get('function') ?? UNKNOWN, get('output_shape') ?? null, get('arguments') ?? null, args.node);
    layer.weights = [];
    return layer;
  }

  /** Keras takes a Lambda's shape from `output_shape` when given (batch axis added), else from running the function. */
  private callLambda(layer: LambdaLayer, args: CallSiteArgs, site: TextRange, hint: number): Value {
    const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
    const callNode = (args.node as SyntaxNode | undefined) ?? layer.ctorNode;
    const given = tensorsIn(x);
    const node = new TensorNode(layer, given);
    const symbolic = given.some((t) => t.symbolic) || given.length === 0;
    const inputShapes = given.map((t) => t.shape);
    let shapes: Shape[] | null = null;
    if (given.length > 0 && inputShapes.every((s) => s !== null)) {
      const os = layer.outputShape;
      if (os instanceof PyFunction || os instanceof Builtin) {
        const shapeArg = x instanceof Tensor ? this.shapeTuple(x.shape as Shape) : new PyList(given.map((t) => this.shapeTuple(t.shape as Shape)));
        const s = this.shapeFromValue(this.interp.callValue(os, { positional: [shapeArg], keywords: new Map(), node: callNode }));
        shapes = s ? [s] : null;
      } else if (os !== null) {
        const s = this.shapeFromValue(os);
        shapes = s ? [[(inputShapes[0] as Shape)[0] ?? null, ...s]] : null;
      } else {
        const keywords = new Map<string, Value>();
        if (layer.fnArguments instanceof PyDict) for (const [k, v] of layer.fnArguments.map.values()) if (typeof k === 'string') keywords.set(k, v);
        const r = this.interp.callValue(layer.fn, { positional: [x], keywords, node: callNode });
        const outs = tensorsOf(r);
        shapes = outs && outs.every((t) => t.shape !== null) ? outs.map((t) => t.shape as Shape) : null;
      }
    }
    layer.lastOutputs = shapes;
    this.events.push(new CallEvent(site, hint, layer, inputShapes, shapes, [], shapes ? undefined : 'the output shape of the function is not known'));
    const outs = (shapes ?? [null]).map((s) => new Tensor(s, node, symbolic));
    return outs.length === 1 ? outs[0] : new PyList(outs);
  }

  private constructLayerObj(className: string, args: CallSiteArgs, range: TextRange): Value {
    const spec = findSpec(className);
    const nameArg = args.keywords.get('name');
    const realName = spec?.className ?? className;
    const name = typeof nameArg === 'string' ? nameArg : this.uniqueName(snakeCase(realName));
    const options = { config: this.interp.config.engine, layerName: name };
    // The same call giving a layer of the same name the same arguments as last time: its arguments and memo again.
    const kept = keptConstruction(args, realName, options);
    let callArgs: CallArgs;
    if (kept) callArgs = kept.callArgs;
    else {
      const keywords: Record<string, PyValue> = {};
      for (const [k, v] of args.keywords) keywords[k] = this.toPy(v);
      callArgs = { positional: args.positional.map((v) => this.toPy(v)), keywords };
    }
    const layer = new LayerObj(realName, callArgs, range, name, spec?.docPath);
    const trainableArg = args.keywords.get('trainable');
    if (trainableArg === false) layer.trainable = false;
    if (kept) layer.memo = kept.handle;
    else {
      layer.memo = layerMemo(layer.className, callArgs, options, args.node);
      keepConstruction(args, realName, options, callArgs, layer.memo);
    }
    const constructMemo = className === layer.className ? layer.memo : layerMemo(className, callArgs, options);
    const err = cachedConstruct(constructMemo, className, callArgs, options);
    if (err && err.kind === 'error') {
      this.interp.report(range, 'error', err.code, err.message);
      layer.broken = true;
    }
    return layer;
  }

  /** A layer's call: the engine for Keras layers, the model machinery for models. */
  callLayer(layer: LayerObj, args: CallSiteArgs): Value {
    const out = this.applyLayer(layer, args, this.interp.range(args.node), args.node.endIndex);
    this.recordInboundNode(layer, out);
    return this.replayable(out, { kind: 'layer', layer, args });
  }

  /** Adds the node of a symbolic call of `layer` to the layer's inbound nodes. */
  private recordInboundNode(layer: LayerObj, out: Value): void {
    if (out instanceof Tensor) this.addInboundNode(layer, out);
    else for (const t of flattenTensors(out)) this.addInboundNode(layer, t);
  }

  private addInboundNode(layer: LayerObj, t: Tensor): void {
    if (!t.symbolic || !t.node || t.node.layer !== layer) return;
    const nodes = (layer.inboundNodes ??= []);
    if (!nodes.includes(t.node)) nodes.push(t.node);
  }

  /**
   * Remembers how `out` was computed, so a functional model called on inputs
   * of other shapes can run its graph again: `rerun` recomputes the same call
   * with every tensor argument replaced.
   */
  private replayable(out: Value, rerun: Rerun): Value {
    if (out instanceof Tensor) {
      if (out.node && !out.node.rerun) {
        out.node.rerun = rerun;
        out.outputIndex = 0;
      }
      return out;
    }
    const claimed = new Set<TensorNode>();
    flattenTensors(out).forEach((t, i) => {
      if (!t.node || (t.node.rerun && !claimed.has(t.node))) return;
      t.node.rerun = rerun;
      t.outputIndex = i;
      claimed.add(t.node);
    });
    return out;
  }

  private applyLayer(layer: LayerObj, args: CallSiteArgs, site: TextRange, hint: number): Value {
    // A layer call costs far more than a plain step (engine, records): charge it so the budget bounds time and memory.
    this.interp.tick(LAYER_CALL_STEPS);
    if (layer instanceof SequentialModel) return this.callSequential(layer, args, site, hint);
    if (layer instanceof FunctionalModel) return this.callFunctional(layer, args, site, hint);
    if (layer instanceof SubclassInstance) return this.callSubclass(layer, args, site, hint);
    if (layer instanceof InputLayerObj) return args.positional[0] ?? UNKNOWN;
    if (layer instanceof LambdaLayer) return this.callLambda(layer, args, site, hint);
    return this.callEngineLayer(layer, args, site, hint, true);
  }

  private gatherInputs(layer: LayerObj, args: CallSiteArgs): { tensors: Value[]; isList: boolean; keywords: ReadonlyMap<string, Value> } {
    if (ATTENTION_CLASSES.has(layer.className)) {
      const keywords = new Map(args.keywords);
      const names = ['query', 'value', 'key'];
      const tensors: Value[] = [];
      names.forEach((n, i) => {
        const v = i < args.positional.length ? args.positional[i] : keywords.get(n);
        keywords.delete(n);
        if (v !== undefined && v !== null) tensors.push(v);
      });
      return { tensors, isList: false, keywords };
    }
    const first = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
    // The keywords left for the call; copied only when `inputs` must come out.
    let keywords = args.keywords;
    if (keywords.has('inputs')) {
      const without = new Map(keywords);
      without.delete('inputs');
      keywords = without;
    }
    const rest = args.positional.slice(1);
    if (first instanceof PyList || first instanceof PyTuple) return { tensors: [...first.items, ...rest], isList: true, keywords };
    return { tensors: [first, ...rest], isList: false, keywords };
  }

  private callEngineLayer(layer: LayerObj, args: CallSiteArgs, site: TextRange, hint: number, record: boolean): Value {
    let tensors: readonly Value[];
    let isList = false;
    let keywords = args.keywords;
    let inputTensors: Tensor[];
    let inputShapes: (Shape | null)[];
    const first = args.positional[0];
    if (args.positional.length === 1 && keywords.size === 0 && first instanceof Tensor && !ATTENTION_CLASSES.has(layer.className)) {
      // The common call, `layer(x)`: its one tensor (the argument list is never changed).
      inputTensors = args.positional as Tensor[];
      tensors = inputTensors;
      inputShapes = [first.shape];
    } else {
      ({ tensors, isList, keywords } = this.gatherInputs(layer, args));
      inputTensors = tensors.filter((t): t is Tensor => t instanceof Tensor);
      inputShapes = tensors.map((t) => (t instanceof Tensor ? t.shape : null));
    }
    // Tensors passed by keyword (`initial_state=`, `mask=`) are inputs of the graph node too.
    const keywordTensors: Tensor[] = [];
    if (keywords.size > 0) for (const v of keywords.values()) keywordTensors.push(...tensorsIn(v));
    const node = new TensorNode(layer, keywordTensors.length > 0 ? [...inputTensors, ...keywordTensors] : inputTensors, inputTensors.length < tensors.length);
    const symbolic = inputTensors.some((t) => t.symbolic) || inputTensors.length === 0;
    if (layer.broken) return new Tensor(null, node, symbolic);
    if (tensors.length === 0 || inputShapes.some((s) => s === null)) {
      if (record) this.events.push(new CallEvent(site, hint, layer, inputShapes, null, [], 'the input shape is not known'));
      return new Tensor(null, node, symbolic);
    }
    let callKeywords: Record<string, PyValue> = NO_CALL_KEYWORDS;
    let tensorKeywords: Record<string, Shape[]> = NO_TENSOR_KEYWORDS;
    if (keywords.size > 0) {
      callKeywords = {};
      tensorKeywords = {};
    }
    for (const [k, v] of keywords) {
      if (v instanceof Tensor) {
        if (v.shape) tensorKeywords[k] = [v.shape];
      } else if ((v instanceof PyList || v instanceof PyTuple) && v.items.some((x) => x instanceof Tensor)) {
        tensorKeywords[k] = v.items.map((x) => (x instanceof Tensor && x.shape ? x.shape : [])).filter((s) => s.length > 0);
      } else callKeywords[k] = this.toPy(v);
    }
    const input: LayerInput = { shapes: inputShapes as Shape[], isList, callKeywords, tensorKeywords };
    const options = { config: this.interp.config.engine, layerName: layer.name };
    if (layer.memo === undefined) layer.memo = layerMemo(layer.className, layer.args, options);
    const r = cachedEvaluate(layer.memo, layer.className, layer.args, input, options);
    if (r.kind === 'unknown') {
      if (record) this.events.push(new CallEvent(site, hint, layer, inputShapes, null, [], r.reason));
      return new Tensor(null, node, symbolic);
    }
    if (r.kind === 'error') {
      this.interp.report(r.phase === 'construct' ? layer.ctorRange : site, 'error', r.code, r.message);
      if (r.phase === 'construct') layer.broken = true;
      return new Tensor(null, node, symbolic);
    }
    if (layer.weights === null) layer.weights = [...r.weights];
    else if (!sameWeights(layer.weights, r.weights)) {
      this.interp.report(
        site,
        'error',
        'incompatible-input',
        `Layer '${layer.name}' was already built for other input shapes (weights ${layer.weights.map((w) => formatShape(w.shape)).join(', ')}); it cannot be called on ${inputShapes.map((s) => formatShape(s as Shape)).join(', ')}.`,
      );
      return new Tensor(null, node, symbolic);
    }
    layer.lastOutputs = r.outputs;
    if (record) {
      // The engine builds explanation steps when first read: only a hover needs them.
      this.events.push(new CallEvent(site, hint, layer, inputShapes, r.outputs, r.weights, undefined, r));
    }
    if (!r.multiple && r.outputs.length === 1) return new Tensor(r.outputs[0], node, symbolic);
    const outs = r.outputs.map((s) => new Tensor(s, node, symbolic));
    if (r.multiple) return layer.className === 'MultiHeadAttention' ? new PyTuple(outs) : new PyList(outs);
    return outs[0];
  }

  // ---------------------------------------------------------------- Sequential

  private constructSequential(args: CallSiteArgs, range: TextRange): Value {
    const nameArg = args.keywords.get('name') ?? (typeof args.positional[1] === 'string' ? args.positional[1] : undefined);
    const model = new SequentialModel('Sequential', { positional: [], keywords: {} }, range, typeof nameArg === 'string' ? nameArg : this.uniqueName('sequential'));
    this.modelEntries.push({ model });
    const layersValue = args.positional[0] ?? args.keywords.get('layers') ?? null;
    if (layersValue instanceof Unknown) {
      model.failed = true;
      return model;
    }
    const items = iterItems(layersValue) ?? [];
    for (const it of items) this.sequentialAdd(model, it, undefined);
    if (args.keywords.get('trainable') === false) this.setTrainable(model, false);
    return model;
  }

  private sequentialAdd(model: SequentialModel, item: Value, addNode: SyntaxNode | undefined): void {
    // Keras builds the layers inside this call: the constructor's, or `.add()`'s.
    const trigger = addNode ? this.interp.range(addNode) : model.ctorRange;
    if (item instanceof Tensor) {
      if (model.entries.length === 0 && item.node === null) {
        model.inputShape = item.shape;
        this.buildSequential(model, trigger);
      }
      return;
    }
    if (item instanceof InputLayerObj) {
      if (model.entries.length === 0) {
        model.inputShape = item.shape;
        this.buildSequential(model, trigger);
      }
      return;
    }
    if (!(item instanceof LayerObj)) {
      // Something we cannot follow: the model's shapes are unknown from here.
      model.failed = true;
      return;
    }
    const site = addNode ? this.interp.range(addNode) : item.ctorRange;
    const hint = addNode ? addNode.endIndex : item.ctorRange.end;
    model.entries.push({ layer: item, site, hint });
    if (model.built) {
      this.runSequentialEntry(model, model.entries[model.entries.length - 1], trigger);
      return;
    }
    if (model.entries.length === 1 && model.inputShape === null) {
      const legacy = item.args.keywords.input_shape;
      if (typeof legacy === 'number') {
        // Keras makes an InputLayer from it, which needs an iterable shape.
        this.interp.report(this.firstLine(trigger), 'error', 'invalid-argument', `Cannot convert '${legacy}' to a shape. Write input_shape as a tuple: (${legacy},).`);
        model.failed = true;
        return;
      }
      const declared = this.declaredInputShape(item);
      if (declared) {
        model.inputShape = declared;
        this.buildSequential(model, trigger);
      }
    }
  }

  /** `input_shape=` / `input_dim=` on the first layer (legacy style), or a nested model's own input. */
  private declaredInputShape(layer: LayerObj): Shape | null {
    const kw = layer.args.keywords;
    const toShape = (v: PyValue | undefined): number[] | null =>
      Array.isArray(v) && v.every((d) => d === null || typeof d === 'number') ? (v as number[]) : typeof v === 'number' ? [v] : null;
    const s = toShape(kw.input_shape) ?? (typeof kw.input_dim === 'number' ? [kw.input_dim] : null);
    if (s) {
      const batch = typeof kw.batch_size === 'number' ? kw.batch_size : null;
      return [batch, ...s];
    }
    if (layer instanceof SequentialModel && layer.built) return layer.inputShape;
    if (layer instanceof FunctionalModel && layer.inputs.length === 1) return layer.inputs[0].shape;
    return null;
  }

  /** Builds the layers added so far; `trigger` is the call in which Keras does it (and raises). */
  private buildSequential(model: SequentialModel, trigger: TextRange): void {
    if (model.built || model.failed) return;
    model.built = true;
    model.outputShape = model.inputShape;
    for (const e of model.entries) this.runSequentialEntry(model, e, trigger);
  }

  private runSequentialEntry(model: SequentialModel, e: { layer: LayerObj; site: TextRange; hint: number }, trigger: TextRange): void {
    const input = new Tensor(model.outputShape, null, true);
    const before = this.interp.diagnostics.length;
    const out = this.applyLayer(e.layer, { positional: [input], keywords: new Map(), node: undefined as unknown as SyntaxNode }, e.site, e.hint);
    model.outputShape = out instanceof Tensor ? out.shape : null;
    if (trigger.start !== e.site.start || trigger.end !== e.site.end) this.moveErrorsToTrigger(before, e, trigger);
  }

  /** The part of a range on its first line (a multi-line constructor underlined on one line). */
  private firstLine(r: TextRange): TextRange {
    const lineEnd = this.interp.text.indexOf('\n', r.start);
    return { start: r.start, end: lineEnd === -1 || lineEnd > r.end ? r.end : lineEnd };
  }

  /**
   * Keras raises a Sequential's build errors from the call that builds it (the
   * constructor, `build()`, the first call), so that is where the error is
   * shown; the message names the layer and its line.
   */
  private moveErrorsToTrigger(from: number, e: { layer: LayerObj; site: TextRange }, trigger: TextRange): void {
    const diags = this.interp.diagnostics;
    const range = this.firstLine(trigger);
    const line = this.interp.text.slice(0, e.site.start).split('\n').length;
    for (let i = from; i < diags.length; i++) {
      const d = diags[i];
      if (d.severity !== 'error' || d.range.start !== e.site.start || d.range.end !== e.site.end) continue;
      diags[i] = { ...d, range, message: `${d.message} (raised while building the Sequential model, by layer '${e.layer.name}' (${e.layer.className}) on line ${line})` };
    }
  }

  private callSequential(model: SequentialModel, args: CallSiteArgs, site: TextRange, hint: number): Value {
    const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
    const inputTensors = x instanceof Tensor ? [x] : [];
    const node = new TensorNode(model, inputTensors);
    if (!(x instanceof Tensor) || x.shape === null || model.failed) {
      this.events.push(new CallEvent(site, hint, model, [null], null, [], 'the input shape is not known'));
      return new Tensor(null, node, true);
    }
    let out: Shape | null;
    if (!model.built) {
      model.inputShape = x.shape;
      this.buildSequential(model, site);
      out = model.outputShape;
    } else {
      // Already built: run the layers again without records (Keras shows them where the model was built).
      let cur: Shape | null = x.shape;
      for (const e of model.entries) {
        if (cur === null) break;
        const t = this.applyQuiet(e.layer, new Tensor(cur, null, true));
        cur = t instanceof Tensor ? t.shape : null;
      }
      out = cur;
    }
    this.events.push(new CallEvent(site, hint, model, [x.shape], out ? [out] : null, [], out ? undefined : 'the output shape is not known'));
    model.lastOutputs = out ? [out] : null;
    return new Tensor(out, node, x.symbolic);
  }

  /** Shape of a layer applied to a shape, with no records and no diagnostics. */
  private applyQuiet(layer: LayerObj, input: Tensor): Value {
    if (layer instanceof SequentialModel || layer instanceof FunctionalModel || layer instanceof SubclassInstance) {
      const before = this.events.length;
      const diags = this.interp.diagnostics.length;
      const r = this.applyLayer(layer, { positional: [input], keywords: new Map(), node: undefined as unknown as SyntaxNode }, { start: 0, end: 0 }, 0);
      this.events.length = before;
      this.interp.diagnostics.length = diags;
      return r;
    }
    return this.callEngineLayer(layer, { positional: [input], keywords: new Map(), node: undefined as unknown as SyntaxNode }, { start: 0, end: 0 }, 0, false);
  }

  // ---------------------------------------------------------------- functional

  private constructFunctional(args: CallSiteArgs, range: TextRange): Value {
    const inputsValue = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
    const outputsValue = args.positional[1] ?? args.keywords.get('outputs') ?? UNKNOWN;
    const nameArg = args.keywords.get('name');
    const flat = (v: Value): Tensor[] | undefined => {
      if (v instanceof Tensor) return [v];
      if (v instanceof PyList || v instanceof PyTuple) {
        const out: Tensor[] = [];
        for (const it of v.items) {
          const f = flat(it);
          if (!f) return undefined;
          out.push(...f);
        }
        return out;
      }
      if (v instanceof PyDict) {
        const out: Tensor[] = [];
        for (const [, it] of sortedDictEntries(v)) {
          const f = flat(it);
          if (!f) return undefined;
          out.push(...f);
        }
        return out;
      }
      return undefined;
    };
    const inputs = flat(inputsValue);
    const outputs = flat(outputsValue);
    if (!inputs || !outputs) return UNKNOWN;
    const { layers, opaque } = collectGraphLayers(inputs, outputs);
    const name = typeof nameArg === 'string' ? nameArg : this.uniqueName('functional');
    const inputKeys = inputsValue instanceof PyDict ? sortedDictEntries(inputsValue).map(([k]) => dictKeyText(k)) : null;
    const outputKeys = outputsValue instanceof PyDict ? sortedDictEntries(outputsValue).map(([k]) => k) : null;
    const model = new FunctionalModel({ positional: [], keywords: {} }, range, name, inputs, outputs, !(outputsValue instanceof Tensor), layers, inputKeys, outputKeys);
    model.opaque = opaque;
    if (args.keywords.get('trainable') === false) this.setTrainable(model, false);
    this.modelEntries.push({ model });
    return model;
  }

  private callFunctional(model: FunctionalModel, args: CallSiteArgs, site: TextRange, hint: number): Value {
    const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
    let given: Tensor[];
    if (model.inputKeys && x instanceof PyDict) {
      given = [];
      for (const k of model.inputKeys) {
        const t = x.map.get(k)?.[1];
        if (t instanceof Tensor) given.push(t);
      }
    } else given = x instanceof PyDict ? flattenTensors(x) : tensorsIn(x);
    const node = new TensorNode(model, given);
    const symbolic = given.some((t) => t.symbolic);
    const wrap = (shapes: (Shape | null)[]): Value => {
      const tensors = shapes.map((s) => new Tensor(s, node, symbolic));
      if (model.outputKeys) {
        const d = new PyDict();
        model.outputKeys.forEach((k, i) => {
          const key = dictKey(k);
          if (key !== undefined) d.map.set(key, [k, tensors[i]]);
        });
        return d;
      }
      return model.outputIsList ? new PyList(tensors) : tensors[0];
    };
    let outs: Shape[] | null = null;
    let reason = 'the input shapes are not known';
    if (given.length === model.inputs.length && given.every((t) => t.shape)) {
      // Keras checks each input against the model's own (batch axis free): a fixed size that differs is an error.
      for (let i = 0; i < given.length; i++) {
        const want = model.inputs[i].shape;
        const got = given[i].shape as Shape;
        if (!want || want.length !== got.length) continue;
        if (want.some((d, j) => j > 0 && d !== null && got[j] !== null && d !== got[j])) {
          const spec: Shape = [null, ...want.slice(1)];
          this.interp.report(site, 'error', 'incompatible-input', `Input ${i} of layer "${model.name}" is incompatible with the layer: expected shape=${formatShape(spec)}, found shape=${formatShape(got)}`);
          return wrap(model.outputs.map(() => null));
        }
      }
      if (given.every((t, i) => t.shape && sameExceptBatch(t.shape, model.inputs[i].shape))) {
        const batch = given[0].shape?.[0] ?? null;
        const modelBatch = model.inputs[0].shape?.[0] ?? null;
        const each = model.outputs.map((o) => (o.shape ? (modelBatch === o.shape[0] ? [batch, ...o.shape.slice(1)] : o.shape) : null));
        if (each.some((o) => o === null)) {
          // Some outputs are unknown: the call's record is `?`, but the known outputs still flow on.
          this.events.push(new CallEvent(site, hint, model, given.map((t) => t.shape), null, [], 'some outputs of the model are not known'));
          return wrap(each);
        }
        outs = each as Shape[];
      } else {
        outs = this.replayGraph(model, given.map((t) => t.shape as Shape));
        reason = 'the model could not be run again on these input shapes';
      }
    }
    this.events.push(new CallEvent(site, hint, model, given.map((t) => t.shape), outs, [], outs ? undefined : reason));
    if (outs) model.lastOutputs = outs;
    return wrap(outs ?? model.outputs.map(() => null));
  }

  /**
   * A functional model's graph run again on new input shapes, the way Keras
   * replays its nodes: each layer and tensor operation recomputed from the
   * replayed shapes of its inputs, quietly (no records, no diagnostics; a
   * failure makes the outputs unknown). Null when any output is unknown.
   */
  private replayGraph(model: FunctionalModel, shapes: readonly Shape[]): Shape[] | null {
    const events = this.events.length;
    const diags = this.interp.diagnostics.length;
    const lastOutputs = model.layers.map((l) => l.lastOutputs);
    const memo = new Map<Tensor, Shape | null>();
    model.inputs.forEach((t, i) => memo.set(t, shapes[i]));
    const reruns = new Map<TensorNode, Tensor[] | null>();
    const sameShape = (a: Shape | null, b: Shape | null): boolean => a === b || (a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]));
    const shapeOf = (t: Tensor): Shape | null => {
      const known = memo.get(t);
      if (known !== undefined) return known;
      this.interp.tick();
      let s: Shape | null = t.shape;
      const n = t.node;
      if (n && n.inputs.length > 0) {
        const inputs = n.inputs.map(shapeOf);
        if (!n.inputs.every((x, i) => sameShape(x.shape, inputs[i]))) {
          if (inputs.some((x) => x === null) || !n.rerun) s = null;
          else {
            let outs = reruns.get(n);
            if (outs === undefined) {
              const rerun = n.rerun;
              const replaced = new Map<Tensor, Tensor>();
              outs = flattenTensors(
                this.rerun(rerun, (old) => {
                  let r = replaced.get(old);
                  if (!r) {
                    r = new Tensor(shapeOf(old), null, old.symbolic);
                    replaced.set(old, r);
                  }
                  return r;
                }),
              );
              reruns.set(n, outs);
            }
            s = outs?.[t.outputIndex ?? 0]?.shape ?? null;
          }
        }
      }
      memo.set(t, s);
      return s;
    };
    try {
      const outs = model.outputs.map(shapeOf);
      return outs.every((o) => o !== null) ? (outs as Shape[]) : null;
    } finally {
      this.events.length = events;
      this.interp.diagnostics.length = diags;
      model.layers.forEach((l, i) => (l.lastOutputs = lastOutputs[i]));
    }
  }

  // ---------------------------------------------------------------- subclassed

  instantiateSubclass(cls: PyClass, args: CallSiteArgs): Value {
    const range = this.interp.range(args.node);
    const nameArg = args.keywords.get('name');
    const obj = new SubclassInstance(cls, range, typeof nameArg === 'string' ? nameArg : this.uniqueName(snakeCase(cls.name)));
    if (obj.isModel) this.modelEntries.push({ model: obj });
    const init = cls.lookup('__init__');
    if (init && init.value instanceof PyFunction) this.interp.callFunction(init.value, { ...args, positional: [obj, ...args.positional] }, init.owner);
    return obj;
  }

  userClassOf(layer: LayerObj): PyClass | undefined {
    return layer instanceof SubclassInstance ? layer.cls : undefined;
  }

  private runUserBuild(obj: SubclassInstance, shapeValue: Value): void {
    const build = obj.cls.lookup('build');
    if (build && build.value instanceof PyFunction) {
      this.interp.callFunction(build.value, { positional: [obj, shapeValue], keywords: new Map(), node: build.value.node }, build.owner);
    }
    obj.built = true;
  }

  private callSubclass(obj: SubclassInstance, args: CallSiteArgs, site: TextRange, hint: number): Value {
    const call = obj.cls.lookup('call');
    const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
    const given = tensorsIn(x);
    const node = new TensorNode(obj, given);
    if (!obj.built) {
      const shapeValue = x instanceof Tensor && x.shape ? this.shapeTuple(x.shape) : x instanceof PyList || x instanceof PyTuple ? new PyList(x.items.map((t) => (t instanceof Tensor && t.shape ? this.shapeTuple(t.shape) : UNKNOWN))) : UNKNOWN;
      this.runUserBuild(obj, shapeValue);
    }
    let result: Value = UNKNOWN;
    if (call && call.value instanceof PyFunction) {
      result = this.interp.callFunction(call.value, { ...args, positional: [obj, ...args.positional] }, call.owner);
    }
    let outs = tensorsOf(result);
    if ((!outs || outs.some((t) => t.shape === null)) && x instanceof Tensor && x.shape) {
      const cos = obj.cls.lookup('compute_output_shape');
      if (cos && cos.value instanceof PyFunction) {
        const s = this.shapeFromValue(this.interp.callFunction(cos.value, { positional: [obj, this.shapeTuple(x.shape)], keywords: new Map(), node: cos.value.node }, cos.owner));
        if (s) outs = [new Tensor(s, null, x.symbolic)];
      }
    }
    const shapes = outs && outs.every((t) => t.shape !== null) ? outs.map((t) => t.shape as Shape) : null;
    obj.lastOutputs = shapes;
    this.events.push(new CallEvent(site, hint, obj, given.map((t) => t.shape), shapes, [], shapes ? undefined : 'the output of call() is not known'));
    const symbolic = given.some((t) => t.symbolic);
    // Outside, the model is one node of the graph.
    if (result instanceof Tensor) return new Tensor(result.shape, node, symbolic);
    if (result instanceof PyList || result instanceof PyTuple) {
      const items = result.items.map((t) => (t instanceof Tensor ? new Tensor(t.shape, node, symbolic) : t));
      return result instanceof PyList ? new PyList(items) : new PyTuple(items);
    }
    if (result instanceof PyDict) return result;
    return new Tensor(null, node, symbolic);
  }

  // ---------------------------------------------------------------- attributes

  objectAttr(obj: Tensor | LayerObj, name: string): Value {
    if (obj instanceof Tensor) return this.tensorAttr(obj, name);
    if (obj instanceof SubclassInstance) {
      const own = obj.attrs.get(name);
      if (own !== undefined) return own;
      const m = obj.cls.lookup(name);
      if (m) return m.value instanceof PyFunction ? new BoundMethod(obj, m.value, m.owner) : m.value;
    }
    const b = (f: (a: CallSiteArgs) => Value): Builtin => new Builtin(name, f);
    switch (name) {
      case 'trainable':
        return obj.trainable;
      case 'name':
        return obj.name;
      case 'add':
        if (obj instanceof SequentialModel) return b((a) => {
          this.sequentialAdd(obj, a.positional[0] ?? a.keywords.get('layer') ?? UNKNOWN, a.node);
          return null;
        });
        break;
      case 'pop':
        if (obj instanceof SequentialModel) return b(() => {
          const e = obj.entries.pop();
          return e ? e.layer : UNKNOWN;
        });
        break;
      case 'build':
        return b((a) => {
          const shapeValue = a.positional[0] ?? a.keywords.get('input_shape') ?? UNKNOWN;
          if (obj instanceof SequentialModel) {
            const s = this.shapeFromValue(shapeValue);
            if (s && !obj.built) {
              obj.inputShape = s;
              this.buildSequential(obj, this.interp.range(a.node));
            }
          } else if (obj instanceof SubclassInstance) {
            if (!obj.built) this.runUserBuild(obj, shapeValue);
          } else if (!(obj instanceof FunctionalModel)) {
            const s = this.shapeFromValue(shapeValue);
            if (s) this.applyQuiet(obj, new Tensor(s, null, true));
          }
          return null;
        });
      case 'add_weight':
        return b((a) => this.addWeight(obj, a));
      case 'layers':
        if (obj instanceof SequentialModel) return new PyList(obj.entries.map((e) => e.layer));
        if (obj instanceof FunctionalModel) return new PyList([...obj.layers]);
        return UNKNOWN;
      case 'output_shape':
        return obj.lastOutputs && obj.lastOutputs.length === 1 ? this.shapeTuple(obj.lastOutputs[0]) : UNKNOWN;
      case 'output':
        if (obj instanceof FunctionalModel) return obj.outputs.length === 1 ? obj.outputs[0] : new PyList(obj.outputs);
        return UNKNOWN;
      case 'input':
        if (obj instanceof FunctionalModel) return obj.inputs.length === 1 ? obj.inputs[0] : new PyList(obj.inputs);
        return UNKNOWN;
      case 'summary':
      case 'compile':
      case 'fit':
      case 'evaluate':
      case 'save':
      case 'save_weights':
      case 'load_weights':
      case 'predict':
      case 'count_params':
      case 'get_layer':
      case 'get_config':
      case 'call':
        return b(() => (name === 'predict' || name === 'count_params' || name === 'get_layer' || name === 'call' ? UNKNOWN : null));
    }
    return UNKNOWN;
  }

  private addWeight(obj: LayerObj, a: CallSiteArgs): Value {
    const order = ['shape', 'initializer', 'dtype', 'trainable', 'autocast', 'regularizer', 'constraint', 'aggregation', 'overwrite_with_gradient', 'name'];
    const get = (n: string): Value | undefined => a.keywords.get(n) ?? a.positional[order.indexOf(n)];
    const shapeValue = get('shape');
    const shape = shapeValue === undefined || shapeValue === null ? [] : this.shapeFromValue(shapeValue);
    const trainable = get('trainable');
    const nameValue = get('name');
    if (obj instanceof SubclassInstance) {
      if (shape && shape.every((d) => d !== null)) obj.ownWeights.push({ name: typeof nameValue === 'string' ? nameValue : 'variable', shape: shape as number[], trainable: trainable !== false });
      else obj.weightsUnknown = true;
    }
    return new Tensor(shape ?? null, null, false);
  }

  setLayerAttr(obj: LayerObj, name: string, value: Value): void {
    if (name === 'trainable') {
      if (typeof value === 'boolean') this.setTrainable(obj, value);
      return;
    }
    if (obj instanceof SubclassInstance) writable(obj.attrs).set(name, value);
  }

  /** Keras's `trainable` setter: the flag reaches every sublayer. */
  private setTrainable(obj: LayerObj, value: boolean): void {
    obj.trainable = value;
    for (const sub of this.sublayers(obj)) this.setTrainable(sub, value);
  }

  private sublayers(obj: LayerObj): LayerObj[] {
    if (obj instanceof SequentialModel) return obj.entries.map((e) => e.layer);
    if (obj instanceof FunctionalModel) return [...obj.layers];
    if (obj instanceof SubclassInstance) {
      const out: LayerObj[] = [];
      const visit = (v: Value): void => {
        if (v instanceof LayerObj) out.push(v);
        else if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(visit);
        else if (v instanceof PyDict) for (const [, x] of v.map.values()) visit(x);
      };
      for (const v of obj.attrs.values()) visit(v);
      return out;
    }
    return [];
  }

  lengthOf(obj: LayerObj): Value {
    if (obj instanceof SequentialModel) return obj.entries.length;
    return UNKNOWN;
  }

  nameHint(layer: LayerObj, varName: string): void {
    const entry = this.modelEntries.find((e) => e.model === layer);
    if (entry && entry.varName === undefined) entry.varName = varName;
  }

  // ---------------------------------------------------------------- tensors

  private tensorAttr(t: Tensor, name: string): Value {
    switch (name) {
      case 'shape':
        return t.shape ? this.shapeTuple(t.shape) : UNKNOWN;
      case 'ndim':
        return t.shape ? t.shape.length : UNKNOWN;
      case 'astype':
      case 'numpy':
        return new Builtin(name, () => t);
      case 'reshape':
        return new Builtin(name, (a) => this.callOp('keras.ops.reshape', { ...a, positional: [t, a.positional.length === 1 ? a.positional[0] : new PyTuple(a.positional)] }));
      case 'T':
        return t.shape ? new Tensor([...t.shape].reverse(), new TensorNode(null, [t]), t.symbolic) : new Tensor(null, new TensorNode(null, [t]), t.symbolic);
      default:
        return UNKNOWN;
    }
  }

  tensorUnary(t: Tensor): Value {
    return this.replayable(unaryResult(t), { kind: 'unary', t });
  }

  sliceFirst(t: Tensor): Value {
    return this.replayable(firstResult(t), { kind: 'first', t });
  }

  tensorBinary(op: string, l: Value, r: Value, node: SyntaxNode): Value {
    const out = this.tensorBinaryRaw(op, l, r, node);
    return this.replayable(out, { kind: 'binary', op, l, r, node });
  }

  tensorSubscript(t: Tensor, subs: readonly Value[], node: SyntaxNode): Value {
    const out = this.tensorSubscriptRaw(t, subs, node);
    return this.replayable(out, { kind: 'subscript', t, subs, node });
  }

  private callOp(path: string, args: CallSiteArgs): Value {
    const out = this.callOpRaw(path, args);
    return this.replayable(out, { kind: 'op', path, args });
  }

  /** The recorded call `r` made again with every tensor argument replaced by `map`. */
  private rerun(r: Rerun, map: (t: Tensor) => Tensor): Value {
    switch (r.kind) {
      case 'layer':
        return this.applyLayer(r.layer, substituteArgs(r.args, map), { start: 0, end: 0 }, 0);
      case 'unary':
        return unaryResult(map(r.t));
      case 'first':
        return firstResult(map(r.t));
      case 'binary':
        return this.tensorBinaryRaw(r.op, substituteValue(r.l, map), substituteValue(r.r, map), r.node);
      case 'subscript':
        return this.tensorSubscriptRaw(map(r.t), r.subs, r.node);
      case 'op':
        return this.callOpRaw(r.path, substituteArgs(r.args, map));
    }
  }

  private tensorBinaryRaw(op: string, l: Value, r: Value, node: SyntaxNode): Value {
    const ts = [l, r].filter((v): v is Tensor => v instanceof Tensor);
    const symbolic = ts.some((t) => t.symbolic);
    const gnode = new TensorNode(null, ts);
    const shapeOf = (v: Value): Shape | null | undefined => {
      if (v instanceof Tensor) return v.shape;
      if (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat) return [];
      return undefined;
    };
    const a = shapeOf(l);
    const b = shapeOf(r);
    if (a === undefined || b === undefined) return new Tensor(null, gnode, symbolic);
    if (a === null || b === null) return new Tensor(null, gnode, symbolic);
    if (op === '@') {
      const m = matmulShape(a, b);
      if (typeof m === 'string') {
        this.interp.report(node, 'error', 'incompatible-shapes', m);
        return new Tensor(null, gnode, symbolic);
      }
      return new Tensor(m, gnode, symbolic);
    }
    const out = broadcastShapes(a, b);
    if (typeof out === 'string') {
      this.interp.report(node, 'error', 'incompatible-shapes', out);
      return new Tensor(null, gnode, symbolic);
    }
    return new Tensor(out, gnode, symbolic);
  }

  private tensorSubscriptRaw(t: Tensor, subs: readonly Value[], node: SyntaxNode): Value {
    void node;
    const gnode = new TensorNode(null, [t]);
    if (!t.shape) return new Tensor(null, gnode, t.symbolic);
    const parts = subs.length === 1 && subs[0] instanceof PyTuple ? subs[0].items : subs;
    const out: (number | null)[] = [];
    const explicit = parts.filter((p) => !(p instanceof PyEllipsis) && p !== null).length;
    let axis = 0;
    for (const p of parts) {
      if (p instanceof PyEllipsis) {
        const skip = t.shape.length - explicit;
        for (let i = 0; i < skip; i++) out.push(t.shape[axis++]);
      } else if (p === null) out.push(1);
      else if (p instanceof PySlice) {
        const d = t.shape[axis++];
        if (d === undefined) return new Tensor(null, gnode, t.symbolic);
        if (d === null) {
          const trivial = p.start === null && p.stop === null && p.step === null;
          out.push(trivial ? null : null);
        } else {
          const idx = sliceIndices(p, d);
          out.push(idx ? idx.length : null);
        }
      } else if (typeof p === 'number') {
        if (axis >= t.shape.length) return new Tensor(null, gnode, t.symbolic);
        axis++;
      } else return new Tensor(null, gnode, t.symbolic);
    }
    while (axis < t.shape.length) out.push(t.shape[axis++]);
    return new Tensor(out, gnode, t.symbolic);
  }

  // ---------------------------------------------------------------- ops

  private callOpRaw(path: string, args: CallSiteArgs): Value {
    const name = path.replace(/^(keras\.ops\.numpy|keras\.ops\.nn|keras\.ops|keras\.backend|keras\.random|tensorflow\.random|tensorflow\.math|tensorflow\.nn|tensorflow|numpy\.random|numpy)\./, '');
    const family = path.startsWith('numpy')
      ? 'np'
      : path.startsWith('tensorflow')
        ? 'tf'
        : path.startsWith('keras.ops') || path.startsWith('keras.backend') || path.startsWith('keras.random')
          ? 'ops'
          : 'other';
    if (family === 'other') return this.anyTensorArg(args) ? new Tensor(null, new TensorNode(null, this.tensorArgs(args)), true) : UNKNOWN;
    const pos = args.positional;
    const kw = args.keywords;
    const arg = (i: number, n: string): Value | undefined => kw.get(n) ?? pos[i];
    const tensors = this.tensorArgs(args);
    const symbolic = tensors.some((t) => t.symbolic);
    const gnode = new TensorNode(null, tensors);
    const result = (shape: Shape | null | undefined): Value => new Tensor(shape ?? null, gnode, symbolic);
    // NumPy cannot take a symbolic Keras tensor (Keras raises "You cannot convert it to a NumPy array").
    if (family === 'np' && symbolic) return result(null);
    const x = arg(0, 'x');
    const xs = x instanceof Tensor ? x.shape : null;
    switch (name) {
      case 'zeros':
      case 'ones':
      case 'empty':
      case 'full': {
        const s = this.shapeFromValue(arg(0, 'shape') ?? UNKNOWN);
        return new Tensor(s ?? null, null, false);
      }
      case 'normal':
      case 'uniform':
      case 'randint':
      case 'random_normal':
      case 'random_uniform': {
        const s = this.shapeFromValue(kw.get('size') ?? kw.get('shape') ?? (family === 'np' ? pos[2] : pos[0]) ?? UNKNOWN);
        // A shape with a None (the batch of a symbolic tensor) only exists symbolically.
        return new Tensor(s ?? null, null, s ? s.includes(null) : false);
      }
      case 'rand':
      case 'randn': {
        const s = this.shapeFromValue(new PyTuple(pos));
        return new Tensor(s ?? null, null, false);
      }
      case 'prod':
        if (family === 'np' && !(x instanceof Tensor)) {
          const items = iterItems(x ?? UNKNOWN);
          if (!items) return UNKNOWN;
          let p = 1;
          for (const it of items) {
            const n = numberOf(it);
            if (n === undefined) return UNKNOWN;
            p *= n;
          }
          return p;
        }
        return this.reduceOp(xs, arg(1, 'axis'), arg(2, 'keepdims'), result);
      case 'zeros_like':
      case 'ones_like':
      case 'cast':
      case 'convert_to_tensor':
      case 'array':
      case 'asarray':
      case 'constant':
      case 'relu':
      case 'sigmoid':
      case 'tanh':
      case 'softmax':
      case 'log_softmax':
      case 'exp':
      case 'log':
      case 'sqrt':
      case 'abs':
      case 'square':
      case 'gelu':
      case 'silu':
      case 'swish':
      case 'negative':
      case 'stop_gradient':
      case 'clip':
      case 'normalize':
      case 'l2_normalize':
      case 'identity':
      case 'dropout':
        return x instanceof Tensor ? result(xs) : family === 'np' || family === 'tf' ? UNKNOWN : result(null);
      case 'add':
      case 'subtract':
      case 'multiply':
      case 'divide':
      case 'maximum':
      case 'minimum':
      case 'power':
      case 'true_divide':
        return this.tensorBinary('+', pos[0] ?? UNKNOWN, pos[1] ?? UNKNOWN, args.node);
      case 'matmul':
        return this.tensorBinary('@', pos[0] ?? UNKNOWN, pos[1] ?? UNKNOWN, args.node);
      case 'shape':
        return xs ? this.shapeTuple(xs) : UNKNOWN;
      case 'reshape': {
        const target = this.shapeFromValue(arg(1, family === 'np' ? 'newshape' : 'newshape') ?? kw.get('shape') ?? UNKNOWN);
        if (!xs || !target) return result(null);
        return result(reshapeShape(xs, target));
      }
      case 'expand_dims': {
        const ax = numberOf(arg(1, 'axis') ?? UNKNOWN);
        if (!xs || ax === undefined) return result(null);
        const rank = xs.length + 1;
        const a = ax < 0 ? rank + ax : ax;
        if (a < 0 || a >= rank) return result(null);
        return result([...xs.slice(0, a), 1, ...xs.slice(a)]);
      }
      case 'squeeze': {
        if (!xs) return result(null);
        const axv = arg(1, 'axis');
        if (axv === undefined || axv === null) return xs.some((d) => d === null) ? result(null) : result(xs.filter((d) => d !== 1));
        const ax = numberOf(axv);
        if (ax === undefined) return result(null);
        const a = ax < 0 ? xs.length + ax : ax;
        return result(xs.filter((_, i) => i !== a));
      }
      case 'transpose': {
        if (!xs) return result(null);
        const perm = this.shapeFromValue(arg(1, family === 'tf' ? 'perm' : 'axes') ?? null);
        if (!perm) return result([...xs].reverse());
        return result(perm.map((p) => (p === null ? null : xs[p < 0 ? xs.length + p : p] ?? null)));
      }
      case 'concatenate':
      case 'concat':
      case 'stack': {
        const list = arg(0, family === 'tf' ? 'values' : 'xs');
        const items = list instanceof PyList || list instanceof PyTuple ? list.items : undefined;
        if (!items || !items.every((t) => t instanceof Tensor && t.shape)) return result(null);
        const shapes = (items as Tensor[]).map((t) => t.shape as Shape);
        const ax = numberOf(arg(1, 'axis') ?? (name === 'concat' ? UNKNOWN : 0));
        if (ax === undefined) return result(null);
        const out = name === 'stack' ? stackShapes(shapes, ax) : concatShapes(shapes, ax);
        if (typeof out === 'string') {
          this.interp.report(args.node, 'error', 'incompatible-shapes', out);
          return result(null);
        }
        return new Tensor(out, new TensorNode(null, items as Tensor[]), (items as Tensor[]).some((t) => t.symbolic));
      }
      case 'mean':
      case 'sum':
      case 'max':
      case 'min':
      case 'reduce_mean':
      case 'reduce_sum':
      case 'reduce_max':
      case 'reduce_min':
      case 'std':
      case 'var':
        return x instanceof Tensor ? this.reduceOp(xs, arg(1, 'axis'), arg(2, family === 'tf' ? 'keepdims' : 'keepdims'), result) : UNKNOWN;
      case 'argmax':
      case 'argmin':
        return x instanceof Tensor ? this.reduceOp(xs, arg(1, 'axis'), false, result) : UNKNOWN;
      default:
        return tensors.length > 0 ? result(null) : UNKNOWN;
    }
  }

  private reduceOp(xs: Shape | null, axisValue: Value | undefined, keepValue: Value | undefined, result: (s: Shape | null) => Value): Value {
    if (!xs) return result(null);
    const keep = keepValue === true;
    if (axisValue === undefined || axisValue === null) return result(keep ? xs.map(() => 1) : []);
    const axes = typeof axisValue === 'number' ? [axisValue] : iterItems(axisValue)?.map(numberOf);
    if (!axes || axes.some((a) => a === undefined)) return result(null);
    const norm = new Set((axes as number[]).map((a) => (a < 0 ? xs.length + a : a)));
    return result(keep ? xs.map((d, i) => (norm.has(i) ? 1 : d)) : xs.filter((_, i) => !norm.has(i)));
  }

  private tensorArgs(args: CallSiteArgs): Tensor[] {
    const out: Tensor[] = [];
    const visit = (v: Value): void => {
      if (v instanceof Tensor) out.push(v);
      else if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(visit);
    };
    args.positional.forEach(visit);
    args.keywords.forEach(visit);
    return out;
  }

  private anyTensorArg(args: CallSiteArgs): boolean {
    return this.tensorArgs(args).length > 0;
  }

  // ---------------------------------------------------------------- results

  /** Param counts of a layer or model as `model.summary()` counts them at the end of the script. */
  paramsOf(layer: LayerObj): Params | null {
    if (layer.constructor === LayerObj) return plainLayerParams(layer, this.unknownBuilt.has(layer));
    const leaves = new Set<LayerObj>();
    let unknown = false;
    const visit = (l: LayerObj): void => {
      if (leaves.has(l)) return;
      leaves.add(l);
      if (l instanceof SubclassInstance && l.weightsUnknown) unknown = true;
      // Part of its graph came from something we could not follow: its totals are unknown.
      if (l instanceof FunctionalModel && l.opaque) unknown = true;
      for (const s of this.sublayers(l)) visit(s);
    };
    visit(layer);
    let trainable = 0;
    let nonTrainable = 0;
    for (const l of leaves) {
      const ws = l instanceof SubclassInstance ? l.ownWeights : l.weights;
      if (!ws) {
        if (!(l instanceof SequentialModel || l instanceof FunctionalModel || l instanceof SubclassInstance || l instanceof InputLayerObj) && this.unknownBuilt.has(l)) unknown = true;
        continue;
      }
      for (const w of ws) {
        let n = 1;
        for (const d of w.shape) n *= d;
        if (w.trainable && l.trainable) trainable += n;
        else nonTrainable += n;
      }
    }
    return unknown ? null : { trainable, nonTrainable };
  }

  isBuilt(model: LayerObj): boolean {
    if (model instanceof SequentialModel) return model.built;
    if (model instanceof SubclassInstance) return model.built;
    return true;
  }

  /**
   * The calls whose hints lie in `range`, when what the rest of the program
   * does cannot change them (see analyzeRange): each is of a plain layer or a
   * Lambda, and no Sequential model holds a layer built there. Null otherwise.
   */
  finalCallsIn(range: TextRange): LayerCall[] | null {
    const inRange = (offset: number): boolean => offset >= range.start && offset <= range.end;
    for (const entry of this.modelEntries) {
      if (entry.model instanceof SequentialModel && entry.model.entries.some((e) => inRange(e.hint))) return null;
    }
    for (const e of this.events) {
      if (inRange(e.hint) && e.layer.constructor !== LayerObj && !(e.layer instanceof LambdaLayer)) return null;
    }
    return this.results(range).calls;
  }

  /** The calls and the built models; only the calls whose hints lie in `range` when given (and then no models). */
  results(range?: TextRange): { calls: LayerCall[]; models: ModelInfo[] } {
    // Params no longer change once the script has run: count each layer once.
    const params = new Map<LayerObj, Params | null>();
    this.markUnknownBuilt();
    const calls = this.callsAtSites(range, params);
    return { calls, models: range ? [] : this.builtModels(params) };
  }

  /** Params of `l` at the end of the script, remembered in `memo`. */
  private paramsAtEnd(l: LayerObj, memo: Map<LayerObj, Params | null>): Params | null {
    let p = memo.get(l);
    if (p === undefined) {
      p = this.paramsOf(l);
      memo.set(l, p);
    }
    return p;
  }

  /** Layers whose call gave unknown: their weights are unknown, so totals that include them are too. */
  private markUnknownBuilt(): void {
    this.unknownBuilt = new Set();
    for (const e of this.events) {
      if (e.outputs === null && e.layer.weights === null && !(e.layer instanceof SequentialModel || e.layer instanceof FunctionalModel || e.layer instanceof SubclassInstance)) this.unknownBuilt.add(e.layer);
    }
  }

  /** One LayerCall per call site (its range and the class called there), with its distinct outcomes, in text order. */
  private callsAtSites(range: TextRange | undefined, memo: Map<LayerObj, Params | null>): LayerCall[] {
    // Sites by start offset.
    const byStart = new Map<number, CallSite[]>();
    const sites: CallSite[] = [];
    for (const e of this.events) {
      if (range && (e.hint < range.start || e.hint > range.end)) continue;
      const className = e.layer.className;
      let here = byStart.get(e.site.start);
      if (!here) {
        here = [];
        byStart.set(e.site.start, here);
      }
      let entry: CallSite | undefined;
      for (const x of here) if (x.range.end === e.site.end && x.className === className) entry = x;
      if (!entry) {
        entry = new CallSite(className, e.site, e.hint, e.layer.name, e.layer.docPath);
        here.push(entry);
        sites.push(entry);
      }
      const params = e.outputs ? this.paramsAtEnd(e.layer, memo) : null;
      let same: Outcome | undefined;
      for (const o of entry.outcomes) {
        if (sameOutcome(o, e.outputs, params)) {
          same = o;
          break;
        }
      }
      if (same) same.count++;
      else entry.outcomes.push(new Outcome(e.inputShapes, e.outputs, params ? params.trainable : null, params ? params.nonTrainable : null, e.weights, e.unknownReason, e.explainFrom));
    }
    const calls: LayerCall[] = [];
    for (const c of sites) {
      calls.push(
        c.docPath === undefined
          ? { className: c.className, range: c.range, hintOffset: c.hintOffset, layerName: c.layerName, outcomes: c.outcomes }
          : { className: c.className, range: c.range, hintOffset: c.hintOffset, layerName: c.layerName, docPath: c.docPath, outcomes: c.outcomes },
      );
    }
    return calls.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  }

  private builtModels(memo: Map<LayerObj, Params | null>): ModelInfo[] {
    const models: ModelInfo[] = [];
    for (const entry of this.modelEntries) {
      const m = entry.model;
      if (!this.isBuilt(m)) continue;
      const p = this.paramsAtEnd(m, memo);
      // Summary rows walk the model's graph: built only when a summary is shown, not on every keystroke.
      let rows: SummaryRow[] | undefined;
      let sequentialLike: boolean | undefined;
      const runtime = this;
      models.push({
        name: entry.varName ?? m.name,
        kerasName: m.name,
        className: m.className,
        range: m.ctorRange,
        totalParams: p ? p.trainable + p.nonTrainable : null,
        trainableParams: p ? p.trainable : null,
        nonTrainableParams: p ? p.nonTrainable : null,
        get rows(): SummaryRow[] {
          rows ??= runtime.summaryRows(m);
          return rows;
        },
        get sequentialLike(): boolean {
          sequentialLike ??= m instanceof FunctionalModel ? runtime.functionalGraph(m).sequentialLike : true;
          return sequentialLike;
        },
      });
    }
    return models;
  }

  private summaryRows(m: LayerObj): SummaryRow[] {
    const row = (l: LayerObj): SummaryRow => {
      const p = this.paramsOf(l);
      return { name: l.name, className: l.className, outputShapes: l.lastOutputs, params: p ? p.trainable + p.nonTrainable : null };
    };
    if (m instanceof SequentialModel) return m.entries.map((e) => row(e.layer));
    if (m instanceof FunctionalModel) {
      const graph = this.functionalGraph(m);
      const inputs: SummaryRow[] = m.inputs.map((t, i) => ({ name: inputRowName(t, i), className: 'InputLayer', outputShapes: t.shape ? [t.shape] : null, params: 0 }));
      if (graph.sequentialLike) return [...inputs, ...m.layers.map(row)];
      return [...inputs.map((r) => ({ ...r, connectedTo: [] })), ...m.layers.map((l) => ({ ...row(l), connectedTo: graph.connectedTo(l) }))];
    }
    if (m instanceof SubclassInstance) return this.sublayers(m).map(row);
    return [];
  }

  /**
   * A functional model's graph as Keras's summary sees it: whether it is
   * Sequential-like (no depth holds two nodes, no node takes several tensors,
   * no layer is called twice) and each layer's "Connected to" entries.
   * Model inputs stand for their InputLayer nodes; tensor operations
   * (`x + y`), which have no row here, pass their own inputs through.
   */
  private functionalGraph(m: FunctionalModel): { sequentialLike: boolean; connectedTo: (l: LayerObj) => string[] } {
    type GraphNode = TensorNode | Tensor;
    const inputNames = new Map<Tensor, string>(m.inputs.map((t, i) => [t, inputRowName(t, i)]));
    const keyOf = (t: Tensor): GraphNode | null => (inputNames.has(t) ? t : t.node);
    const parentsOf = (n: GraphNode): GraphNode[] => {
      if (n instanceof Tensor) return [];
      const out: GraphNode[] = [];
      for (const i of n.inputs) {
        const k = keyOf(i);
        if (k && !out.includes(k)) out.push(k);
      }
      return out;
    };
    // Post-order walk from the outputs: nodes from the inputs to the outputs.
    const order: GraphNode[] = [];
    const seen = new Set<GraphNode>();
    for (const o of m.outputs) {
      const root = keyOf(o);
      if (!root || seen.has(root)) continue;
      seen.add(root);
      const stack: { node: GraphNode; parents: GraphNode[]; next: number }[] = [{ node: root, parents: parentsOf(root), next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top.next < top.parents.length) {
          const p = top.parents[top.next++];
          if (!seen.has(p)) {
            seen.add(p);
            stack.push({ node: p, parents: parentsOf(p), next: 0 });
          }
          continue;
        }
        stack.pop();
        order.push(top.node);
      }
    }
    // Depths as Keras's map_graph gives them: outputs at 0, a shared layer at its deepest call.
    const opOf = (n: GraphNode): object => (n instanceof Tensor ? n : (n.layer ?? n));
    const nodeDepth = new Map<GraphNode, number>();
    const opDepth = new Map<object, number>();
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i];
      const depth = Math.max(nodeDepth.get(n) ?? 0, opDepth.get(opOf(n)) ?? 0);
      opDepth.set(opOf(n), depth);
      nodeDepth.set(n, depth);
      for (const p of parentsOf(n)) nodeDepth.set(p, Math.max(depth + 1, nodeDepth.get(p) ?? 0));
    }
    for (const t of m.inputs) if (!nodeDepth.has(t)) nodeDepth.set(t, 0);
    const perDepth = new Map<number, number>();
    for (const d of nodeDepth.values()) perDepth.set(d, (perDepth.get(d) ?? 0) + 1);
    const callsPerLayer = new Map<LayerObj, number>();
    for (const n of order) if (!(n instanceof Tensor) && n.layer) callsPerLayer.set(n.layer, (callsPerLayer.get(n.layer) ?? 0) + 1);
    const sequentialLike =
      [...perDepth.values()].every((c) => c <= 1) &&
      order.every((n) => n instanceof Tensor || n.inputs.length <= 1) &&
      [...callsPerLayer.values()].every((c) => c <= 1);

    const inGraph = new Set(order);
    // A layer's nodes in call order; calls the analysis did not record come after, in graph order.
    const nodesOf = (l: LayerObj): TensorNode[] => {
      const nodes = [...(l.inboundNodes ?? [])];
      for (const n of order) if (!(n instanceof Tensor) && n.layer === l && !nodes.includes(n)) nodes.push(n);
      return nodes;
    };
    const describe = (t: Tensor, out: string[], through: Set<TensorNode>): void => {
      const name = inputNames.get(t);
      if (name !== undefined) {
        out.push(`${name}[0][0]`);
        return;
      }
      const n = t.node;
      if (!n) return;
      if (n.layer) {
        out.push(`${n.layer.name}[${Math.max(0, nodesOf(n.layer).indexOf(n))}][${t.outputIndex ?? 0}]`);
        return;
      }
      if (through.has(n)) return;
      through.add(n);
      for (const i of n.inputs) describe(i, out, through);
    };
    const connectedTo = (l: LayerObj): string[] => {
      const out: string[] = [];
      for (const n of nodesOf(l)) {
        if (!inGraph.has(n)) continue;
        for (const t of n.inputs) describe(t, out, new Set());
      }
      return out;
    };
    return { sequentialLike, connectedTo };
  }
}

// ------------------------------------------------------------------ shape helpers

function knownLayerClassNames(): string[] {
  return knownNames;
}
const knownNames = knownLayerNames();

function sameWeights(a: readonly Weight[], b: readonly Weight[]): boolean {
  return a.length === b.length && a.every((w, i) => w.shape.length === b[i].shape.length && w.shape.every((d, j) => d === b[i].shape[j]));
}

function sameExceptBatch(a: Shape, b: Shape | null): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function tensorsIn(v: Value): Tensor[] {
  if (v instanceof Tensor) return [v];
  const out: Tensor[] = [];
  if (v instanceof PyList || v instanceof PyTuple) for (const t of v.items) if (t instanceof Tensor) out.push(t);
  return out;
}

/** Every tensor in a value, in Keras's flattening order (dicts by sorted key). */
function flattenTensors(v: Value): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (v instanceof PyList || v instanceof PyTuple) return v.items.flatMap(flattenTensors);
  if (v instanceof PyDict) return sortedDictEntries(v).flatMap(([, x]) => flattenTensors(x));
  return [];
}

function sortedDictEntries(d: PyDict): [Value, Value][] {
  return [...d.map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

function dictKeyText(k: Value): string {
  return dictKey(k) ?? '';
}

/** An elementwise unary operation (`-x`): the same shape. */
function unaryResult(x: Tensor): Tensor {
  return new Tensor(x.shape, new TensorNode(null, [x]), x.symbolic);
}

/** The first axis sliced away (iterating over a tensor). */
function firstResult(x: Tensor): Tensor {
  return new Tensor(x.shape ? x.shape.slice(1) : null, new TensorNode(null, [x]), x.symbolic);
}

function substituteValue(v: Value, map: (t: Tensor) => Tensor): Value {
  if (v instanceof Tensor) return map(v);
  if (v instanceof PyList) return new PyList(v.items.map((x) => substituteValue(x, map)));
  if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => substituteValue(x, map)));
  if (v instanceof PyDict) {
    const d = new PyDict();
    for (const [k, [kv, x]] of v.map) d.map.set(k, [kv, substituteValue(x, map)]);
    return d;
  }
  return v;
}

function substituteArgs(args: CallSiteArgs, map: (t: Tensor) => Tensor): CallSiteArgs {
  const keywords = new Map<string, Value>();
  for (const [k, v] of args.keywords) keywords.set(k, substituteValue(v, map));
  return { positional: args.positional.map((v) => substituteValue(v, map)), keywords, node: args.node };
}

function tensorsOf(v: Value): Tensor[] | null {
  if (v instanceof Tensor) return [v];
  if (v instanceof PyList || v instanceof PyTuple) return v.items.every((t) => t instanceof Tensor) ? (v.items as Tensor[]) : null;
  return null;
}

/** Every layer between the inputs and the outputs of a functional model, in call order. */
/** The summary row name of a functional model's `i`-th input: its tensor's name, else Keras's default. */
function inputRowName(t: Tensor, i: number): string {
  return t.name ?? (i === 0 ? 'input_layer' : `input_layer_${i}`);
}

/** The params of an engine layer (no sublayers), as `paramsOf` counts them. */
function plainLayerParams(l: LayerObj, builtUnknown: boolean): Params | null {
  const ws = l.weights;
  if (!ws) return builtUnknown ? null : { trainable: 0, nonTrainable: 0 };
  let trainable = 0;
  let nonTrainable = 0;
  for (const w of ws) {
    let n = 1;
    for (const d of w.shape) n *= d;
    if (w.trainable && l.trainable) trainable += n;
    else nonTrainable += n;
  }
  return { trainable, nonTrainable };
}

/** Whether a call with these results shows what `o` shows: all unknown results are one; known ones must have equal shapes and params. */
function sameOutcome(o: Outcome, outputs: readonly Shape[] | null, params: { trainable: number; nonTrainable: number } | null): boolean {
  if (outputs === null || o.outputShapes === null) return outputs === o.outputShapes;
  if (params === null ? o.trainableParams !== null : o.trainableParams !== params.trainable || o.nonTrainableParams !== params.nonTrainable) return false;
  const shapes = o.outputShapes;
  if (shapes.length !== outputs.length) return false;
  for (let i = 0; i < shapes.length; i++) {
    const a = shapes[i];
    const b = outputs[i];
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  }
  return true;
}

function collectGraphLayers(inputs: readonly Tensor[], outputs: readonly Tensor[]): { layers: LayerObj[]; opaque: boolean } {
  const stop = new Set(inputs);
  const seenTensors = new Set<Tensor>();
  const layers = new Map<LayerObj, number>();
  let opaque = false;
  const stack = [...outputs];
  while (stack.length > 0) {
    const t = stack.pop() as Tensor;
    if (seenTensors.has(t) || stop.has(t)) continue;
    seenTensors.add(t);
    if (!t.node) continue;
    if (t.node.opaque) opaque = true;
    if (t.node.layer) {
      const prev = layers.get(t.node.layer);
      if (prev === undefined || t.id < prev) layers.set(t.node.layer, t.id);
    }
    for (const i of t.node.inputs) stack.push(i);
  }
  return { layers: [...layers.entries()].sort((a, b) => a[1] - b[1]).map(([l]) => l), opaque };
}

