// Sequential models: layers added in the constructor or with `.add()`, built
// when the input shape becomes known (an Input first, `input_shape=` on the
// first layer, `build()`, or the first call), with Keras's build errors shown
// at the call that builds the model.
//
//   model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])   → built at once
import { evaluateLayer, type PyValue, type Shape } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import type { TextRange } from '../types';
import { LayerObj, Tensor, TensorNode, UNKNOWN, Unknown, because, errorWhy, iterItems, whyOf, type CallSiteArgs, type Value } from '../values';
import type { KerasContext } from './context';
import { batchAxisFix, intShapeFix } from './fixes';
import { applyQuiet, unknownInputReason } from './layers';
import { FunctionalModel, InputLayerObj, SequentialModel, setTrainable } from './models';
import { mergeProbes, probeShapesFromPy, type ProbeShapes } from './partial';
import { CallEvent } from './records';

export function constructSequential(k: KerasContext, args: CallSiteArgs, range: TextRange): Value {
  const nameArg = args.keywords.get('name') ?? (typeof args.positional[1] === 'string' ? args.positional[1] : undefined);
  const model = new SequentialModel('Sequential', { positional: [], keywords: {} }, range, typeof nameArg === 'string' ? nameArg : k.uniqueName('sequential'));
  k.recordModel({ model });
  const layersValue = args.positional[0] ?? args.keywords.get('layers') ?? null;
  if (layersValue instanceof Unknown) {
    model.failed = true;
    model.failedWhy = layersValue.why || `the layers given to \`Sequential(…)\` on line ${lineAt(k, range.start)} are not known`;
    return model;
  }
  const items = iterItems(layersValue) ?? [];
  for (const it of items) sequentialAdd(k, model, it, undefined);
  if (args.keywords.get('trainable') === false) setTrainable(model, false);
  return model;
}

export function sequentialAdd(k: KerasContext, model: SequentialModel, item: Value, addNode: SyntaxNode | undefined): void {
  // Keras builds the layers inside this call: the constructor's, or `.add()`'s.
  const trigger = addNode ? k.host.range(addNode) : model.ctorRange;
  if (item instanceof Tensor) {
    if (model.entries.length === 0 && item.node === null) {
      model.inputShape = item.shape;
      if (item.shape === null) {
        model.inputWhy = item.why;
        model.inputProbes = item.probes ?? null;
      }
      buildSequential(k, model, trigger);
    }
    return;
  }
  if (item instanceof InputLayerObj) {
    if (model.entries.length === 0) {
      model.inputShape = item.shape;
      buildSequential(k, model, trigger);
    }
    return;
  }
  if (!(item instanceof LayerObj)) {
    // Something we cannot follow: the model's shapes are unknown from here.
    model.failed = true;
    model.failedWhy ??= whyOf(item) || `what is added to the Sequential on line ${lineAt(k, trigger.start)} is not a layer the analysis follows`;
    return;
  }
  const site = addNode ? k.host.range(addNode) : item.ctorRange;
  const hint = addNode ? addNode.endIndex : item.ctorRange.end;
  model.entries.push({ layer: item, site, hint });
  if (model.built) {
    runSequentialEntry(k, model, model.entries[model.entries.length - 1], trigger);
    return;
  }
  if (model.entries.length === 1 && model.inputShape === null) {
    const legacy = item.args.keywords.input_shape;
    if (typeof legacy === 'number') {
      // Keras makes an InputLayer from it, which needs an iterable shape.
      const fix = intShapeFix(k.host.text, item.ctorRange, legacy);
      k.host.report(firstLine(k, trigger), 'error', 'invalid-argument', `Cannot convert '${legacy}' to a shape. Write input_shape as a tuple: (${legacy},).`, fix && [fix]);
      model.failed = true;
      model.failedWhy = errorWhy(lineAt(k, trigger.start));
      return;
    }
    const declared = declaredInputShape(item);
    if (declared) {
      model.inputShape = declared;
      const before = k.host.diagnostics.length;
      buildSequential(k, model, trigger);
      offerBatchAxisFix(k, item, before);
    } else {
      const why = unknownDeclaredShape(item);
      if (why !== undefined) {
        // Keras builds it here; the analysis cannot know on what shape, so its layers show `?` with the reason.
        model.inputWhy = why;
        const kw = item.args.keywords;
        model.inputProbes = probeShapesFromPy(kw.input_shape, [typeof kw.batch_size === 'number' ? kw.batch_size : (item.declaredBatch ?? null)]);
        buildSequential(k, model, trigger);
      }
    }
  }
}

/**
 * A first layer's rank error from an `input_shape` that includes the batch
 * axis (`(None, 28, 28, 1)` on a Conv2D): the fix drops it when the layer
 * accepts the shape without it.
 */
function offerBatchAxisFix(k: KerasContext, first: LayerObj, from: number): void {
  const diags = k.host.diagnostics;
  const i = diags.findIndex((d, j) => j >= from && d.severity === 'error' && d.code === 'incompatible-input');
  if (i < 0) return;
  const candidate = batchAxisFix(k.host.text, first.ctorRange);
  if (candidate === undefined) return;
  const input = { shapes: [[null, ...candidate.shape]], isList: false };
  const r = evaluateLayer(first.className, first.args, input, { config: first.engineConfig ?? k.host.config.engine, layerName: first.name });
  if (r.kind !== 'ok') return;
  diags[i] = { ...diags[i], fixes: [...(diags[i].fixes ?? []), candidate.fix] };
}

/** `input_shape=` / `input_dim=` on the first layer (legacy style), or a nested model's own input. */
function declaredInputShape(layer: LayerObj): Shape | null {
  const kw = layer.args.keywords;
  const toShape = (v: PyValue | undefined): number[] | null =>
    Array.isArray(v) && v.every((d) => d === null || typeof d === 'number') ? (v as number[]) : typeof v === 'number' ? [v] : null;
  const s = toShape(kw.input_shape) ?? (typeof kw.input_dim === 'number' ? [kw.input_dim] : null);
  if (s) {
    const batch = typeof kw.batch_size === 'number' ? kw.batch_size : (layer.declaredBatch ?? null);
    return [batch, ...s];
  }
  if (layer instanceof SequentialModel && layer.built) return layer.inputShape;
  if (layer instanceof FunctionalModel && layer.inputs.length === 1) return layer.inputs[0].shape;
  return null;
}

/** The reason when the first layer declares an input shape the analysis cannot know (`input_shape=X.shape[1:]`). */
function unknownDeclaredShape(layer: LayerObj): string | undefined {
  const kw = layer.args.keywords;
  const v = kw.input_shape ?? kw.input_dim;
  if (v === undefined || v === null) return undefined;
  const whyIn = (x: PyValue): string | undefined => {
    if (Array.isArray(x)) for (const d of x as readonly PyValue[]) {
      const w = whyIn(d);
      if (w !== undefined) return w;
    }
    else if (typeof x === 'object' && x !== null && 'kind' in x && x.kind === 'unknown') return x.why ?? '';
    return undefined;
  };
  const w = whyIn(v);
  if (w === undefined) return undefined;
  return w || `the input shape of '${layer.name}' is not known`;
}

/** Builds the layers added so far; `trigger` is the call in which Keras does it (and raises). */
export function buildSequential(k: KerasContext, model: SequentialModel, trigger: TextRange): void {
  if (model.built || model.failed) return;
  model.built = true;
  model.outputShape = model.inputShape;
  model.outputProbes = model.inputProbes;
  for (const e of model.entries) runSequentialEntry(k, model, e, trigger);
}

function runSequentialEntry(k: KerasContext, model: SequentialModel, e: { layer: LayerObj; site: TextRange; hint: number }, trigger: TextRange): void {
  const input = new Tensor(model.outputShape, null, true);
  if (model.outputShape === null) {
    input.why = model.inputWhy;
    if (model.outputProbes !== null) input.probes = model.outputProbes;
    if (model.inputErrorLine !== undefined) input.errorLine = model.inputErrorLine;
  }
  const before = k.host.diagnostics.length;
  const out = k.applyLayer(e.layer, { positional: [input], keywords: new Map(), node: undefined as unknown as SyntaxNode }, e.site, e.hint);
  model.outputShape = out instanceof Tensor ? out.shape : null;
  model.outputProbes = out instanceof Tensor && out.shape === null ? (out.probes ?? null) : null;

  // The next layers' reason: why this output is unknown (the error of this layer, when it fails).
  if (model.outputShape === null && out instanceof Tensor && out.why !== undefined) {
    model.inputWhy = out.why;
    model.inputErrorLine = out.errorLine;
  }
  if (trigger.start !== e.site.start || trigger.end !== e.site.end) moveErrorsToTrigger(k, before, e, trigger);
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The 1-based line of an offset of the analysed text. */
function lineAt(k: KerasContext, offset: number): number {
  return k.host.text.slice(0, offset).split('\n').length;
}

/** The part of a range on its first line (a multi-line constructor underlined on one line). */
function firstLine(k: KerasContext, r: TextRange): TextRange {
  const lineEnd = k.host.text.indexOf('\n', r.start);
  return { start: r.start, end: lineEnd === -1 || lineEnd > r.end ? r.end : lineEnd };
}

/**
 * Keras raises a Sequential's build errors from the call that builds it (the
 * constructor, `build()`, the first call), so that is where the error is
 * shown; the message names the layer and its line.
 */
function moveErrorsToTrigger(k: KerasContext, from: number, e: { layer: LayerObj; site: TextRange }, trigger: TextRange): void {
  const diags = k.host.diagnostics;
  const range = firstLine(k, trigger);
  const line = k.host.text.slice(0, e.site.start).split('\n').length;
  for (let i = from; i < diags.length; i++) {
    const d = diags[i];
    if (d.severity !== 'error' || d.range.start !== e.site.start || d.range.end !== e.site.end) continue;
    diags[i] = { ...d, range, message: `${d.message} (raised while building the Sequential model, by layer '${e.layer.name}' (${e.layer.className}) on line ${line})` };
  }
}

export function callSequential(k: KerasContext, model: SequentialModel, args: CallSiteArgs, site: TextRange, hint: number): Value {
  const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
  const inputTensors = x instanceof Tensor ? [x] : [];
  const node = new TensorNode(model, inputTensors);
  if (x instanceof Tensor && x.shape === null && x.probes !== undefined && !model.failed) {
    // Called on a partly known shape: built on it (the first call), or its layers run again quietly on each probe.
    let probes: ProbeShapes | null;
    if (!model.built) {
      model.inputProbes = x.probes;
      model.inputWhy = x.why;
      buildSequential(k, model, site);
      probes = model.outputProbes;
    } else {
      const [a, b] = x.probes.map((probe) => runQuietly(k, model, probe));
      probes = a !== null && b !== null ? [a, b] : null;
    }
    const partial = probes === null ? null : mergeProbes(probes[0], probes[1]);
    k.record(new CallEvent(site, hint, model, [null], null, [], unknownInputReason(x.why ?? ''), undefined, undefined, undefined, partial === null ? undefined : [partial]));
    const out = new Tensor(null, node, true);
    if (probes !== null && partial !== null) out.probes = probes;
    out.why = x.why;
    return out;
  }
  if (!(x instanceof Tensor) || x.shape === null || model.failed) {
    const why = model.failed ? (model.failedWhy ?? '') : whyOf(x);
    k.record(new CallEvent(site, hint, model, [null], null, [], model.failed ? (why ? `the model's layers are not known ${because(why)}` : "the model's layers are not known") : unknownInputReason(why)));
    const out = new Tensor(null, node, true);
    if (why) out.why = why;
    return out;
  }
  let out: Shape | null;
  let why = '';
  let errorLine: number | undefined;
  if (!model.built) {
    model.inputShape = x.shape;
    buildSequential(k, model, site);
    out = model.outputShape;
    if (out === null) {
      why = model.inputWhy ?? '';
      errorLine = model.inputErrorLine;
    }
  } else if (model.outputShape === null && model.outputProbes === null && model.inputShape !== null && sameShape(model.inputShape, x.shape)) {
    // Built on this very shape, and its layers failed then: the same reason (and no second report of the error).
    out = null;
    why = model.inputWhy ?? '';
    errorLine = model.inputErrorLine;
  } else if (!model.entries.some((e) => k.events.some((ev) => ev.layer === e.layer))) {
    // Built where no record was kept (quietly, on the first batch given to fit()): its layers show this call.
    out = runShown(k, model, x.shape);
    if (out === null) why = model.inputWhy ?? '';
  } else {
    // Already built: run the layers again without records (Keras shows them where the model was built).
    const again = runAgain(k, model, x.shape, site);
    out = again.shape;
    if (out === null) {
      why = again.why ?? '';
      errorLine = again.errorLine;
    }
  }
  k.record(new CallEvent(site, hint, model, [x.shape], out ? [out] : null, [], out ? undefined : why ? `the output shape is not known ${because(why)}` : 'the output shape is not known'));
  model.lastOutputs = out ? [out] : null;
  const result = new Tensor(out, node, x.symbolic);
  if (why) result.why = why;
  if (errorLine !== undefined) result.errorLine = errorLine;
  return result;
}


/** A built model's layers run again on `shape`, each recorded at its place in the model; the output shape, null when unknown. */
function runShown(k: KerasContext, model: SequentialModel, shape: Shape): Shape | null {
  let cur: Value = new Tensor(shape, null, true);
  for (const e of model.entries) {
    cur = k.applyLayer(e.layer, { positional: [cur], keywords: new Map(), node: undefined as unknown as SyntaxNode }, e.site, e.hint);
    if (!(cur instanceof Tensor) || cur.shape === null) return null;
  }
  return cur instanceof Tensor ? cur.shape : null;
}

/** The output shape of a built model's layers run again on `shape`, without records; null when unknown. */
function runQuietly(k: KerasContext, model: SequentialModel, shape: Shape): Shape | null {
  return runAgain(k, model, shape).shape;
}

/**
 * A built model's layers run again on `shape` without records: the last
 * output (an unknown one says why). A layer that raises does so at
 * `raisedAt`, the call that ran them; with none, quietly.
 */
function runAgain(k: KerasContext, model: SequentialModel, shape: Shape, raisedAt?: TextRange): Tensor {
  let cur = new Tensor(shape, null, true);
  for (const e of model.entries) {
    const t = applyQuiet(k, e.layer, cur, raisedAt);
    if (!(t instanceof Tensor)) {
      const out = new Tensor(null, null, true);
      const why = whyOf(t);
      if (why) out.why = why;
      return out;
    }
    cur = t;
    if (cur.shape === null) break;
  }
  return cur;
}
