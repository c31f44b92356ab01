// The Keras side of a run: the state the Keras modules share (records,
// automatic names, namespace memo, the host's engine cache) and the dispatch
// between them. The
// interpreter reaches Keras only through this class's public methods; the
// modules reach each other through KerasContext.
//
//   inputs = keras.Input((128, 128, 3))                 → Tensor (None, 128, 128, 3)
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)   → record (None, 61, 61, 24) · 4,632
import { callDatasetPath, datasetAttr, datasetItems } from './datasets';
import { knownLayerNames, type ApplicationCache, type EngineConfig, type ImageDataFormat, type Shape } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import type { EngineCache } from '../engineCache';
import type { AnalysisHost } from '../host';
import type { ForkableLibrary } from '../interpreter/interpreter';
import type { ActivityMark, NamesState } from '../interpreter/library';
import type { StateCopier } from '../stateCopy';
import type { ImportedLayerCall, LayerCall, ModelInfo, TextRange } from '../types';
import { KerasBaseRef, LayerClassRef, LayerObj, Namespace, UNKNOWN, isPandas, type CallSiteArgs, type Dataset, type PandasValue, type PyClass, type Rerun, type Tensor, type Value } from '../values';
import { AppLayerObj, ApplicationModelObj, callAppLayer, callApplicationModel, callApplicationPath, isApplicationPath } from './applications';
import { isLayerInstance, lengthOf, objectAttr, setLayerAttr } from './attributes';
import type { KerasContext } from './context';
import { substituteArgs, substituteValue } from './convert';
import { callFunctional, constructFunctional } from './functional';
import type { KerasHost } from './host';
import { callEngineLayer, callLambda, constructInputLayer, constructLambda, constructLayerObj, makeInput, nearestName } from './layers';
import { backendCall, translateCall, withImageDataFormat, type TranslatedCall } from './legacy';
import { FunctionalModel, InputLayerObj, LambdaLayer, SequentialModel, SubclassInstance } from './models';
import { MERGE_HELPERS, NamespaceMemo, moduleValue, namespaceAttr, wildcardExports } from './namespaces';
import { callOp, type OpHost } from './ops';
import { CallEvent, type ModelEntry } from './records';
import { callsAreFinal, results } from './results';
import { callSequential, constructSequential } from './sequential';
import { callSubclass, instantiateSubclass, userClassOf } from './subclass';
import { compareArrays, firstResult, recordInboundNode, replayable, tensorBinary, tensorSubscript, unaryResult } from './tensors';
import { pandasBinary, pandasCompare, pandasDeleteItem, pandasDict, pandasLength, pandasSetAttr, pandasSetItem, pandasUnary } from './pandas';
import { pandasAttr, pandasSubscript } from './pandasAccess';
import { pandasArgsAsArrays } from './pandasMake';
import { asLayerInput } from './partial';

/**
 * How Keras 2 named what the code does not name (Keras 3: `input_layer`,
 * `functional`, `conv2d`, `conv2d_1`, ...):
 * - the multi-backend Keras 2 (keras/engine/base_layer.py, input_layer.py:
 *   `prefix + '_' + str(K.get_uid(prefix))`) numbers everything from 1:
 *   `input_1`, `conv2d_1`, `conv2d_2`, `model_1`, `sequential_1`;
 * - tf.keras 2 (tf_keras/engine/base_layer.py `_init_set_name`:
 *   `unique_object_name(..., zero_based=True)`; functional.py names the
 *   functional class "Model"; input_layer.py keeps `'input_' + get_uid('input')`)
 *   numbers layers and models from 0 (`conv2d`, `conv2d_1`, `model`,
 *   `sequential`) and inputs from 1 (`input_1`).
 */
function keras2Naming(base: string, version: '2' | 'tf.keras2'): { prefix: string; oneBased: boolean } {
  if (base === 'input_layer') return { prefix: 'input', oneBased: true };
  return { prefix: base === 'functional' ? 'model' : base, oneBased: version === '2' };
}

/** Steps charged for one layer call. */
const LAYER_CALL_STEPS = 25;

export class KerasRuntime implements KerasContext, ForkableLibrary {
  readonly events: CallEvent[] = [];
  readonly modelEntries: ModelEntry[] = [];
  private readonly nameCounters = new Map<string, number>();
  /** The counters as namesState gave them, until the next name is given; null when not made. */
  private namesSnapshot: NamesState | null = null;
  /** Attribute assignments on layers so far (`layer.trainable = False`): activity a loop summary must not drop. */
  private layerChanges = 0;
  tracedCalls = 0;
  private readonly namespaces = new NamespaceMemo();

  /** What the op rules use: diagnostics, and operators recorded for replays like the script's own. */
  private readonly opHost: OpHost;

  readonly cache: EngineCache;
  imageDataFormat: ImageDataFormat;

  constructor(
    readonly host: KerasHost,
    private readonly analysisHost: AnalysisHost,
  ) {
    this.cache = analysisHost.engine;
    this.imageDataFormat = host.config.engine.imageDataFormat;
    this.opHost = {
      report: (at, severity, code, message, fixes, teach) => host.report(at, severity, code, message, fixes, teach),
      binary: (op, l, r, node) => this.tensorBinary(op, l, r, node),
      lineOf: (node) => host.lineOf(node),
      imageDataFormat: () => this.imageDataFormat,
      traced: () => this.tracedCalls > 0,
    };
  }

  /**
   * Gives `out`, a fresh runtime, a copy of this runtime's state
   * (Interpreter.fork). A record is copied with its layer only: the rest of
   * it never changes.
   */
  forkInto(out: KerasRuntime, copier: StateCopier): void {
    for (const e of this.events) {
      const copy = new CallEvent(e.site, e.hint, copier.copy(e.layer), e.inputShapes, e.outputs, e.weights, e.unknownReason, e.explainFrom, e.failure, e.blockedBy, e.partial);
      copy.imported = e.imported;
      out.events.push(copy);
    }
    for (const m of this.modelEntries) {
      const model = copier.copy(m.model);
      const entry: ModelEntry = m.varName === undefined ? { model } : { model, varName: m.varName };
      if (m.byImport) entry.byImport = true;
      out.modelEntries.push(entry);
    }
    for (const [k, n] of this.nameCounters) out.nameCounters.set(k, n);
    out.namesSnapshot = null;
    out.imageDataFormat = this.imageDataFormat;
    out.layerChanges = this.layerChanges;
    out.tracedCalls = this.tracedCalls;
    this.namespaces.copyInto(out.namespaces);
  }

  nearestLayerName(name: string): string | undefined {
    return this.analysisHost.nearest(name, (n) => nearestName(n, knownLayerNames()));
  }

  get engineConfig(): EngineConfig {
    return withImageDataFormat(this.host.config.engine, this.imageDataFormat);
  }

  nameCount(base: string): number {
    return this.nameCounters.get(base) ?? 0;
  }

  get applications(): ApplicationCache {
    return this.analysisHost.applications;
  }

  uniqueName(base: string): string {
    const version = this.host.config.kerasVersion;
    if (version === '2' || version === 'tf.keras2') {
      const { prefix, oneBased } = keras2Naming(base, version);
      const n = this.nameCounters.get(prefix) ?? 0;
      this.nameCounters.set(prefix, n + 1);
      this.namesSnapshot = null;
      if (oneBased) return this.analysisHost.numberedName(prefix, n + 1);
      return n === 0 ? prefix : this.analysisHost.numberedName(prefix, n);
    }
    const n = this.nameCounters.get(base) ?? 0;
    this.nameCounters.set(base, n + 1);
    this.namesSnapshot = null;
    return n === 0 ? base : this.analysisHost.numberedName(base, n);
  }

  // ---------------------------------------------------------------- what the interpreter asks

  activity(): ActivityMark {
    return { records: this.events.length, models: this.modelEntries.length, changes: this.layerChanges };
  }

  onlyUnknownSince(mark: ActivityMark): boolean {
    if (this.modelEntries.length !== mark.models || this.layerChanges !== mark.changes) return false;
    for (let i = mark.records; i < this.events.length; i++) if (this.events[i].outputs !== null) return false;
    return true;
  }

  repeatsSince(first: ActivityMark, second: ActivityMark): boolean {
    if (this.modelEntries.length !== first.models || this.layerChanges !== first.changes) return false;
    const n = second.records - first.records;
    if (n === 0 || this.events.length - second.records !== n) return false;
    for (let i = 0; i < n; i++) {
      const a = this.events[first.records + i];
      const b = this.events[second.records + i];
      if (a.site.start !== b.site.start || a.layer !== b.layer || !sameOutputs(a.outputs, b.outputs) || a.failure !== undefined || b.failure !== undefined) return false;
    }
    return true;
  }

  dropSince(mark: ActivityMark): void {
    if (mark.records < this.events.length) this.events.length = mark.records;
    if (mark.models < this.modelEntries.length) this.modelEntries.length = mark.models;
  }

  namesState(): NamesState {
    return (this.namesSnapshot ??= [...this.nameCounters]);
  }

  setNamesState(state: NamesState): void {
    if (state === this.namesSnapshot) return;
    this.nameCounters.clear();
    for (const [k, n] of state) this.nameCounters.set(k, n);
    this.namesSnapshot = state;
  }

  moduleValue(path: string): Value {
    return moduleValue(path);
  }

  wildcardExports(mod: Value): [string, Value][] {
    return wildcardExports(this.namespaces, mod);
  }

  namespaceAttr(obj: Namespace | KerasBaseRef | LayerClassRef, name: string): Value {
    return namespaceAttr(this.namespaces, obj, name);
  }

  objectAttr(obj: Tensor | LayerObj | PandasValue, name: string): Value {
    if (isPandas(obj)) return pandasAttr(obj, name, this.host);
    return objectAttr(this, obj, name);
  }

  setLayerAttr(obj: LayerObj, name: string, value: Value): void {
    this.layerChanges++;
    setLayerAttr(obj, name, value);
  }

  userClassOf(layer: LayerObj): PyClass | undefined {
    return userClassOf(layer);
  }

  lengthOf(obj: LayerObj | PandasValue): Value {
    return isPandas(obj) ? pandasLength(obj) : lengthOf(obj);
  }

  isInstance(obj: LayerObj, cls: Value): boolean | undefined {
    return isLayerInstance(obj, cls);
  }

  nameHint(layer: LayerObj, varName: string): void {
    const entry = this.modelEntries.find((e) => e.model === layer);
    if (entry && entry.varName === undefined) entry.varName = varName;
  }

  baseKind(base: Value): 'model' | 'layer' | null {
    if (base instanceof KerasBaseRef) return base.which === 'Layer' ? 'layer' : 'model';
    return base instanceof LayerClassRef ? 'layer' : null;
  }

  keepsDefinition(decorator: string): boolean {
    // Registration for saving and tracing return the function itself.
    return /^@(keras\.saving\.register_keras_serializable.*|tf\.function.*|register_keras_serializable.*)$/.test(decorator);
  }

  instantiateSubclass(cls: PyClass, args: CallSiteArgs): Value {
    return instantiateSubclass(this, cls, args);
  }

  callKerasCallable(fn: LayerClassRef | KerasBaseRef | Namespace, args: CallSiteArgs): Value {
    const range = this.host.range(args.node);
    const legacyName = translatableName(fn);
    if (legacyName !== undefined) {
      const t = translateCall(this, legacyName, args, (className, a) => this.constructCall(className, a, range));
      if (t !== undefined) {
        const made = this.constructTranslated(t.call, range);
        t.finish();
        return made;
      }
    }
    if (fn instanceof Namespace) {
      const format = backendCall(this, fn.path, args, range);
      if (format !== undefined) return format;
    }
    if (fn instanceof LayerClassRef && fn.className === 'Lambda') return constructLambda(this, args, range);
    if (fn instanceof LayerClassRef) return constructLayerObj(this, fn.className, args, range, fn.library);
    if (fn instanceof KerasBaseRef) {
      if (fn.which === 'Sequential') return constructSequential(this, args, range);
      if (fn.which === 'Model') return constructFunctional(this, args, range);
      return UNKNOWN;
    }
    const p = fn.path;
    if (p === 'keras.Input') return makeInput(this, args);
    if (p === 'keras.layers.InputLayer') return constructInputLayer(this, args, range);
    const helper = /^keras\.layers\.(\w+)$/.exec(p);
    if (helper && MERGE_HELPERS[helper[1]]) {
      const [inputs, ...rest] = args.positional;
      const kw = new Map(args.keywords);
      const inputsValue = inputs ?? kw.get('inputs') ?? UNKNOWN;
      kw.delete('inputs');
      const layer = constructLayerObj(this, MERGE_HELPERS[helper[1]], { positional: rest, keywords: kw, node: args.node }, range);
      if (!(layer instanceof LayerObj)) return UNKNOWN;
      const callArgs: CallSiteArgs = { positional: [inputsValue], keywords: new Map(), node: args.node };
      const out = this.applyLayer(layer, callArgs, range, args.node.endIndex);
      recordInboundNode(layer, out);
      return replayable(out, { kind: 'layer', layer, args: callArgs });
    }
    if (isApplicationPath(p)) return callApplicationPath(this, p, args, range);
    // A DataFrame or Series given to a dataset is its array.
    const dataset = callDatasetPath(this, p, pandasArgsAsArrays(args));
    if (dataset !== undefined) return dataset;
    return this.callOp(p, args);
  }

  /** A call of a Keras class by name, as the translation of an old spelling gives it. */
  private constructCall(className: string, args: CallSiteArgs, range: TextRange): Value {
    if (className === 'Lambda') return constructLambda(this, args, range);
    if (className === 'Model' || className === 'Functional') return constructFunctional(this, args, range);
    if (className === 'Sequential') return constructSequential(this, args, range);
    if (className === 'Input') return makeInput(this, args);
    if (className === 'InputLayer') return constructInputLayer(this, args, range);
    return constructLayerObj(this, className, args, range);
  }

  private constructTranslated(call: TranslatedCall, range: TextRange): Value {
    const made = this.constructCall(call.className, call.args, range);
    if (made instanceof LayerObj && call.batchSize !== undefined) made.declaredBatch = call.batchSize;
    if (call.applyTo === undefined || !(made instanceof LayerObj)) return made;
    // Keras 1's merge(...) made the layer and called it.
    const callArgs: CallSiteArgs = { positional: [call.applyTo], keywords: new Map(), node: call.args.node };
    const out = this.applyLayer(made, callArgs, range, range.end);
    recordInboundNode(made, out);
    return replayable(out, { kind: 'layer', layer: made, args: callArgs });
  }

  /** A layer's call: the engine for Keras layers, the model machinery for models. */
  callLayer(layer: LayerObj, given: CallSiteArgs): Value {
    const args = layerInputs(given);
    const out = this.applyLayer(layer, args, this.host.range(args.node), args.node.endIndex);
    recordInboundNode(layer, out);
    return replayable(out, { kind: 'layer', layer, args });
  }

  tensorUnary(t: Tensor): Value {
    return replayable(unaryResult(t), { kind: 'unary', t });
  }

  sliceFirst(t: Tensor): Value {
    return replayable(firstResult(t), { kind: 'first', t });
  }

  tensorBinary(op: string, l: Value, r: Value, node: SyntaxNode): Value {
    const out = tensorBinary(this.host, op, l, r, node);
    return replayable(out, { kind: 'binary', op, l, r, node });
  }

  tensorSubscript(t: Tensor, subs: readonly Value[], node: SyntaxNode): Value {
    const out = tensorSubscript(this.host, t, subs, node);
    return replayable(out, { kind: 'subscript', t, subs, node });
  }

  dataSubscript(obj: PandasValue, key: Value, node: SyntaxNode): Value {
    return pandasSubscript(obj, key, this.host, node);
  }

  dataSetItem(obj: PandasValue, key: Value, value: Value): void {
    pandasSetItem(obj, key, value);
  }

  dataSetAttr(obj: PandasValue, name: string, value: Value): void {
    pandasSetAttr(obj, name, value);
  }

  dataDeleteItem(obj: PandasValue, key: Value, node: SyntaxNode): void {
    pandasDeleteItem(obj, key, this.host.lineOf(node));
  }

  dataBinary(op: string, l: Value, r: Value, node: SyntaxNode): Value {
    return pandasBinary(op, l, r, this.host, node);
  }

  dataUnary(v: PandasValue): Value {
    return pandasUnary(v);
  }

  dataDict(obj: PandasValue): Value {
    return pandasDict(obj);
  }

  compareElementwise(op: string, l: Value, r: Value, node: SyntaxNode): Value | undefined {
    if (isPandas(l) || isPandas(r)) return pandasCompare(l, r);
    return compareArrays(op, l, r, node, this.host);
  }

  datasetAttr(ds: Dataset, name: string): Value {
    return datasetAttr(this, ds, name);
  }

  datasetItems(ds: Dataset, from: number, limit: number): readonly Value[] | undefined {
    return datasetItems(ds, from, limit);
  }

  callOp(path: string, args: CallSiteArgs): Value {
    const out = callOp(path, args, this.opHost);
    return replayable(out, { kind: 'op', path, args });
  }


  // ---------------------------------------------------------------- dispatch between the modules

  applyLayer(layer: LayerObj, args: CallSiteArgs, site: TextRange, hint: number): Value {
    // A layer call costs far more than a plain step (engine, records): charge it so the budget bounds time and memory.
    this.host.tick(LAYER_CALL_STEPS);
    if (layer instanceof SequentialModel) return callSequential(this, layer, args, site, hint);
    if (layer instanceof ApplicationModelObj) return callApplicationModel(this, layer, args, site, hint);
    if (layer instanceof AppLayerObj) return callAppLayer(layer, args);
    if (layer instanceof FunctionalModel) return callFunctional(this, layer, args, site, hint);
    if (layer instanceof SubclassInstance) return callSubclass(this, layer, args, site, hint);
    if (layer instanceof InputLayerObj) return args.positional[0] ?? UNKNOWN;
    if (layer instanceof LambdaLayer) return callLambda(this, layer, args, site, hint);
    return callEngineLayer(this, layer, args, site, hint, true);
  }

  rerun(r: Rerun, map: (t: Tensor) => Tensor): Value {
    switch (r.kind) {
      case 'layer':
        return this.applyLayer(r.layer, substituteArgs(r.args, map), { start: 0, end: 0 }, 0);
      case 'unary':
        return unaryResult(map(r.t));
      case 'first':
        return firstResult(map(r.t));
      case 'binary':
        return tensorBinary(this.host, r.op, substituteValue(r.l, map), substituteValue(r.r, map), r.node);
      case 'subscript':
        return tensorSubscript(this.host, map(r.t), r.subs, r.node);
      case 'op':
        return callOp(r.path, substituteArgs(r.args, map), this.opHost);
    }
  }

  // ---------------------------------------------------------------- results

  record(e: CallEvent): void {
    const frame = this.host.importedFrame;
    if (frame !== undefined) e.imported = { path: frame.module.path, module: frame.module.name, line: frame.module.lineAt(e.hint), site: frame.site, byImport: frame.byImport };
    this.events.push(e);
  }

  recordModel(entry: ModelEntry): void {
    if (this.host.importedFrame?.byImport) entry.byImport = true;
    this.modelEntries.push(entry);
  }

  /** See results.ts: callsAreFinal. */
  callsAreFinal(range: TextRange): boolean {
    return callsAreFinal(this, range);
  }

  results(range?: TextRange): { calls: LayerCall[]; models: ModelInfo[]; importedCalls: ImportedLayerCall[] } {
    return results(this, range, this.host.config.kerasVersion);
  }
}

/** A layer's call arguments with arrays of sizes the analysis does not know as partly known tensors (partial.ts); the same when there are none. */
function layerInputs(args: CallSiteArgs): CallSiteArgs {
  const changed = args.positional.map(asLayerInput);
  if (changed.every((v, i) => v === args.positional[i])) return args;
  return { ...args, positional: changed };
}

/** The class name the old-spelling translation knows a Keras callable by. */
function translatableName(fn: LayerClassRef | KerasBaseRef | Namespace): string | undefined {
  if (fn instanceof LayerClassRef) return fn.className === 'Lambda' ? undefined : fn.className;
  if (fn instanceof KerasBaseRef) return fn.which === 'Model' ? 'Model' : undefined;
  switch (fn.path) {
    case 'keras.Input':
      return 'Input';
    case 'keras.layers.InputLayer':
      return 'InputLayer';
    case 'keras.layers.merge':
      return 'merge';
    default:
      return undefined;
  }
}

function sameOutputs(a: readonly Shape[] | null, b: readonly Shape[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((s, i) => s.length === b[i].length && s.every((d, j) => d === b[i][j]));
}
