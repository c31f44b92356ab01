// Keras layers made and called through the shape engine: constructing one
// (arguments converted once, engine memo found by call site), calling it on
// tensors (inputs gathered as the class's call convention says), `Input`,
// `InputLayer`, and `Lambda`, whose shape comes from its Python function.
//
//   layers.Conv2D(24, (8, 8), strides=2)(inputs)   → Tensor (None, 61, 61, 24), one record
import { evaluateLayer, findSpec, formatShape, isKerasLayerName, snakeCase, UNDESCRIBED_LAYERS, type EngineConfig, type LayerInput, type PyValue, type Shape, type Teaching, type Weight } from '../../engine';
import { Call } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import type { CallFailure, PartialShape, TextRange } from '../types';
import { Builtin, LayerObj, PyDict, PyFloat, PyFunction, PyList, PyTuple, Tensor, TensorNode, UNKNOWN, Unknown, numberOf, whyOf, because, errorWhy, unknownBecause, type CallSiteArgs, type Value } from '../values';
import type { KerasContext } from './context';
import { engineArguments } from './constructions';
import { sameWeights, shapeFromValue, shapeTuple, tensorsIn, tensorsOf, toPy } from './convert';
import { keywordFixes } from './fixes';
import { mayHaveLegacySpelling } from '../../engine';
import { FunctionalModel, InputLayerObj, LambdaLayer, SequentialModel, SubclassInstance, isComposite } from './models';
import { PROBE_SIZES, mergeProbes, probeShapesFromValue, probesOf, type ProbeShapes } from './partial';
import { CallEvent } from './records';
import { batchDimsFolded } from './batchDims';
import { dataSizedOutputs, listInput } from './listInputs';

/** The keywords of a layer call that passes none (the engine only reads them). */
const NO_CALL_KEYWORDS: Record<string, PyValue> = Object.freeze({});
const NO_TENSOR_KEYWORDS: Record<string, Shape[]> = Object.freeze({});

/** The call's tensor arguments by position of a layer that takes several rather than `inputs` (the catalogue's `callTensors`). */
function callTensorsOf(className: string): readonly string[] | undefined {
  return findSpec(className)?.callTensors;
}

export function makeInput(k: KerasContext, args: CallSiteArgs): Value {
  const names = ['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'name', 'tensor'];
  const get = (name: string): Value | undefined => {
    const i = names.indexOf(name);
    return args.keywords.get(name) ?? (i < args.positional.length ? args.positional[i] : undefined);
  };
  const batchShape = get('batch_shape');
  const given = batchShape ?? get('shape');
  if (typeof given === 'number' || typeof given === 'string' || typeof given === 'boolean' || given instanceof PyFloat) {
    // Keras needs an iterable: `Input(shape=5)` raises before any layer sees it.
    k.host.report(args.node, 'error', 'invalid-argument', `Cannot convert '${typeof given === 'string' ? given : given instanceof PyFloat ? given.v : given === true ? 'True' : given === false ? 'False' : given}' to a shape. Write the shape as a tuple: (${typeof given === 'number' ? given : '…'},).`);
    // What follows is unknown because of this error, as after a failing layer call.
    const failed = new Tensor(null, null, true);
    const line = k.host.lineOf(args.node);
    failed.why = errorWhy(line);
    failed.errorLine = line;
    return failed;
  }
  let shape: Shape | null = null;
  if (batchShape !== undefined && batchShape !== null) shape = shapeFromValue(batchShape) ?? null;
  else {
    const s = get('shape');
    const dims = s === undefined ? undefined : shapeFromValue(s);
    const bs = get('batch_size');
    const batch = bs === undefined || bs === null ? null : (numberOf(bs) ?? null);
    if (dims) shape = [batch, ...dims];
  }
  const name = get('name');
  const t = new Tensor(shape, null, true, typeof name === 'string' ? name : k.uniqueName('input_layer'));
  const dtype = get('dtype');
  if (typeof dtype === 'string') t.dtype = dtype;
  if (shape === null) {
    t.why = whyOf(given) || `the shape of \`Input(…)\` on line ${k.host.lineOf(args.node)} is not known`;
    // Its rank is known when the shape is a tuple with some unknown sizes: `(None, ?)`.
    const bs = get('batch_size');
    const probes = given === undefined ? null : batchShape !== undefined ? probeShapesFromValue(given) : probeShapesFromValue(given, [bs === undefined || bs === null ? null : (numberOf(bs) ?? null)]);
    if (probes !== null) t.probes = probes;
  }
  return t;
}

/** `keras.layers.InputLayer(shape=...)`, as the first element of a Sequential. */
export function constructInputLayer(k: KerasContext, args: CallSiteArgs, range: TextRange): Value {
  const shape = shapeFromValue(args.keywords.get('shape') ?? args.keywords.get('input_shape') ?? args.positional[0] ?? UNKNOWN);
  const batch = numberOf(args.keywords.get('batch_size') ?? null) ?? null;
  return new InputLayerObj(range, k.uniqueName('input_layer'), shape ? [batch, ...shape] : null);
}

export function constructLambda(k: KerasContext, args: CallSiteArgs, range: TextRange): Value {
  const names = ['function', 'output_shape', 'mask', 'arguments'];
  const get = (n: string): Value | undefined => args.keywords.get(n) ?? args.positional[names.indexOf(n)];
  const nameArg = args.keywords.get('name');
  const layer = new LambdaLayer(range, typeof nameArg === 'string' ? nameArg : k.uniqueName('lambda'), get('function') ?? UNKNOWN, get('output_shape') ?? null, get('arguments') ?? null, args.node);
  layer.weights = [];
  return layer;
}

/** Keras takes a Lambda's shape from `output_shape` when given (batch axis added), else from running the function. */
export function callLambda(k: KerasContext, layer: LambdaLayer, args: CallSiteArgs, site: TextRange, hint: number): Value {
  const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
  const callNode = (args.node as SyntaxNode | undefined) ?? layer.ctorNode;
  const given = tensorsIn(x);
  const node = new TensorNode(layer, given);
  const symbolic = given.some((t) => t.symbolic) || given.length === 0;
  const inputShapes = given.map((t) => t.shape);
  let shapes: Shape[] | null = null;
  // Why the output is unknown: the input's reason, or the function's (or `output_shape`'s) result's.
  let why = '';
  if (given.length > 0 && inputShapes.every((s) => s !== null)) {
    const os = layer.outputShape;
    if (os instanceof PyFunction || os instanceof Builtin) {
      const shapeArg = x instanceof Tensor ? shapeTuple(x.shape as Shape) : new PyList(given.map((t) => shapeTuple(t.shape as Shape)));
      const r = k.host.callValue(os, { positional: [shapeArg], keywords: new Map(), node: callNode });
      const s = shapeFromValue(r);
      shapes = s ? [s] : null;
      why = whyOf(r);
    } else if (os !== null) {
      const s = shapeFromValue(os);
      shapes = s ? [[(inputShapes[0] as Shape)[0] ?? null, ...s]] : null;
      why = whyOf(os);
    } else if (layer.fn instanceof Unknown) {
      why = layer.fn.why || `the function given to the Lambda layer on line ${lineAtOffset(k.host.text, layer.ctorRange.start)} is not known`;
    } else {
      const keywords = new Map<string, Value>();
      if (layer.fnArguments instanceof PyDict) for (const [k, v] of layer.fnArguments.map.values()) if (typeof k === 'string') keywords.set(k, v);
      const r = k.host.callValue(layer.fn, { positional: [x], keywords, node: callNode });
      const outs = tensorsOf(r);
      shapes = outs && outs.every((t) => t.shape !== null) ? outs.map((t) => t.shape as Shape) : null;
      why = whyOf(r);
    }
  } else why = whyOf(x);
  if (shapes !== null) why = '';
  else if (why === '') why = `the function of the Lambda layer on line ${lineAtOffset(k.host.text, layer.ctorRange.start)} gives no tensor the analysis follows`;
  layer.lastOutputs = shapes;
  const inputKnown = given.length > 0 && inputShapes.every((s) => s !== null);
  k.record(new CallEvent(site, hint, layer, inputShapes, shapes, [], shapes ? undefined : inputKnown ? `the output shape of the function is not known ${because(why)}` : unknownInputReason(why)));
  const outs = (shapes ?? [null]).map((s) => {
    const t = new Tensor(s, node, symbolic);
    if (s === null) t.why = why;
    return t;
  });
  return outs.length === 1 ? outs[0] : new PyList(outs);
}

/**
 * Keras 1, 2 and tf.keras 2 convert a scalar array argument with `int()` or
 * `float()` (tf.keras 2's `Dense(tf.reduce_prod(shape))`), where Keras 3
 * refuses it: under those versions its value, which the analysis does not
 * follow, is unknown.
 */
function scalarArraysUnknown(k: KerasContext, args: CallSiteArgs): CallSiteArgs {
  if ((k.host.config.kerasVersion ?? '3') === '3') return args;
  const scalar = (v: Value): boolean => v instanceof Tensor && !v.symbolic && v.shape !== null && v.shape.length === 0;
  if (!args.positional.some(scalar) && ![...args.keywords.values()].some(scalar)) return args;
  const where = args.node ? ` on line ${k.host.lineOf(args.node)}` : '';
  const unknown = (v: Value): Value => (scalar(v) ? unknownBecause(`the value of the scalar array passed${where} is not known`) : v);
  return { positional: args.positional.map(unknown), keywords: new Map([...args.keywords].map(([n, v]) => [n, unknown(v)])), node: args.node };
}

export function constructLayerObj(k: KerasContext, className: string, given: CallSiteArgs, range: TextRange, library?: string): Value {
  const args = scalarArraysUnknown(k, given);
  // keras.layers has only Keras's own classes; another library's (keras_cv's DropPath) only through that library.
  const spec = library !== undefined || isKerasLayerName(className) ? findSpec(className) : undefined;
  if (spec === undefined) reportUnknownLayer(k, className, args, range);
  const nameArg = args.keywords.get('name');
  const realName = spec?.className ?? className;
  const name = typeof nameArg === 'string' ? nameArg : k.uniqueName(snakeCase(realName));
  const options = { config: k.engineConfig, layerName: name };
  const { callArgs, handle } = engineArguments(k.cache, args, realName, options);
  const layer = new LayerObj(realName, callArgs, range, name, spec?.docPath);
  if (options.config !== k.host.config.engine) layer.engineConfig = options.config;
  const trainableArg = args.keywords.get('trainable');
  if (trainableArg === false) layer.trainable = false;
  layer.memo = handle;
  // A class keras.layers does not have (another library's, asked of keras.layers): Keras raises, the layer gives nothing.
  if (spec === undefined && findSpec(className) !== undefined) {
    layer.broken = true;
    layer.failure = callFailure(k, range, 'unknown-layer', `keras.layers has no layer '${className}'.`, undefined);
    return layer;
  }
  const constructMemo = className === layer.className ? layer.memo : k.cache.layerMemo(className, callArgs, options);
  const err = k.cache.construct(constructMemo, className, callArgs, options);
  if (err && err.kind === 'error') {
    k.host.report(range, 'error', err.code, err.message, keywordFixes(realName, args), err.teach);
    layer.broken = true;
    layer.failure = callFailure(k, range, err.code, err.message, err.teach);
  }
  return layer;
}


function gatherInputs(layer: LayerObj, args: CallSiteArgs): { tensors: Value[]; isList: boolean; keywords: ReadonlyMap<string, Value> } {
  const names = callTensorsOf(layer.className);
  if (names) {
    const keywords = new Map(args.keywords);
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

/**
 * The output of a call Keras refuses: unknown because of the error (whose
 * line the reasons downstream name), and a record of the failing call, which
 * shows the error as its hint.
 */
function failedOutput(k: KerasContext, layer: LayerObj, node: TensorNode, symbolic: boolean, site: TextRange, hint: number, inputShapes: readonly (Shape | null)[], failure: CallFailure, record: boolean): Tensor {
  const out = new Tensor(null, node, symbolic);
  out.why = errorWhy(failure.line);
  out.errorLine = failure.line;
  if (record) k.record(new CallEvent(site, hint, layer, inputShapes, null, [], `Keras raises an error here (${failure.code})`, undefined, failure));
  return out;
}

/** The failure of a call, for its record and for the layer (a failed layer's params are unknown). */
function callFailure(k: KerasContext, at: TextRange, code: CallFailure['code'], message: string, teach: Teaching | undefined): CallFailure {
  const line = lineAtOffset(k.host.text, at.start);
  return teach === undefined ? { code, message, line } : { code, message, line, teach };
}

function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Whether a layer's constructor got a value the analysis does not know (at the top level of an argument). */
function hasUnknownArgument(args: LayerObj['args']): boolean {
  const unknown = (v: PyValue): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'unknown';
  return args.positional.some(unknown) || Object.values(args.keywords).some(unknown);
}

/** Whether a layer's sizes that the analysis does not know (an argument, a vocabulary learnt by `adapt()`) take the probe sizes. */
function probesArguments(layer: LayerObj): boolean {
  return hasUnknownArgument(layer.args) || layer.vocabularyFromData === true;
}

/** The reason carried by the first unknown argument of a layer's constructor, '' when none says. */
function unknownArgWhy(args: LayerObj['args']): string {
  const visit = (v: PyValue): string => {
    if (Array.isArray(v)) {
      for (const x of v as readonly PyValue[]) {
        const w = visit(x);
        if (w) return w;
      }
      return '';
    }
    if (typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'unknown') return v.why ?? '';
    return '';
  };
  for (const v of args.positional) {
    const w = visit(v);
    if (w) return w;
  }
  for (const v of Object.values(args.keywords)) {
    const w = visit(v);
    if (w) return w;
  }
  return '';
}

/** "the input shape is not known", with where that comes from when known. */
export function unknownInputReason(why: string): string {
  return why ? `the input shape is not known ${because(why)}` : 'the input shape is not known';
}

/**
 * A layer built for one input called on another: when only the last axis
 * differs (a Dense built on 64 features called on 32), Keras's input spec
 * check of that axis, with its numbers.
 */
function rebuiltTeaching(built: readonly Weight[], wanted: readonly Weight[], inputShapes: readonly (Shape | null)[]): Teaching | undefined {
  const shape = inputShapes[0];
  if (inputShapes.length !== 1 || !shape || built.length === 0 || wanted.length !== built.length) return undefined;
  const [b, w] = [built[0].shape, wanted[0].shape];
  // The kernel's first axis is the input's last (Dense, EinsumDense-free cases): compare it alone.
  if (b.length !== w.length || b.length < 2 || b.slice(1).some((d, i) => d !== w[i + 1]) || b[0] === w[0]) return undefined;
  return { kind: 'axis', axis: -1, expected: b[0], found: w[0], shape };
}

export function callEngineLayer(k: KerasContext, layer: LayerObj, args: CallSiteArgs, site: TextRange, hint: number, record: boolean): Value {
  let tensors: readonly Value[];
  let isList = false;
  let keywords = args.keywords;
  let inputTensors: Tensor[];
  let inputShapes: (Shape | null)[];
  if (args.positional[0] instanceof PyList || args.positional[0] instanceof PyTuple) {
    // A layer that makes its own tensor of a Python list (`vectorizer(["the cat sat"])`).
    const data = listInput(layer, args.positional[0], lineAtOffset(k.host.text, site.start));
    if (data !== undefined) args = { ...args, positional: [data, ...args.positional.slice(1)] };
  }
  const first = args.positional[0];
  if (args.positional.length === 1 && keywords.size === 0 && first instanceof Tensor && callTensorsOf(layer.className) === undefined) {
    // The common call, `layer(x)`: its one tensor (the argument list is never changed).
    inputTensors = args.positional as Tensor[];
    tensors = inputTensors;
    inputShapes = [first.shape];
  } else {
    ({ tensors, isList, keywords } = gatherInputs(layer, args));
    inputTensors = tensors.filter((t): t is Tensor => t instanceof Tensor);
    inputShapes = tensors.map((t) => (t instanceof Tensor ? t.shape : null));
  }
  // Tensors passed by keyword (`initial_state=`, `mask=`) are inputs of the graph node too.
  const keywordTensors: Tensor[] = [];
  if (keywords.size > 0) for (const v of keywords.values()) keywordTensors.push(...tensorsIn(v));
  const node = new TensorNode(layer, keywordTensors.length > 0 ? [...inputTensors, ...keywordTensors] : inputTensors, inputTensors.length < tensors.length);
  const symbolic = inputTensors.some((t) => t.symbolic) || inputTensors.length === 0;
  if (layer.broken) {
    const failure = layer.failure ?? callFailure(k, layer.ctorRange, 'invalid-argument', `Layer '${layer.name}' could not be built.`, undefined);
    return failedOutput(k, layer, node, symbolic, site, hint, inputShapes, failure, record);
  }
  const unknownInput = tensors.length === 0 || inputShapes.some((s) => s === null);
  if (unknownInput && !(tensors.length > 0 && keywordTensors.length === 0 && tensors.every((t) => t instanceof Tensor && probesOf(t) !== null))) return unknownInputOutput(k, layer, tensors, { site, hint, record, node, symbolic, inputShapes });
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
    } else callKeywords[k] = toPy(v);
  }
  const options = { config: layer.engineConfig ?? k.host.config.engine, layerName: layer.name };
  if (layer.memo === undefined) layer.memo = k.cache.layerMemo(layer.className, layer.args, options);
  if (unknownInput) {
    const probed = callOnPartialShapes(k, layer, tensors as Tensor[], { isList, callKeywords, tensorKeywords }, { site, hint, record, node, symbolic, inputShapes, options });
    return probed ?? unknownInputOutput(k, layer, tensors, { site, hint, record, node, symbolic, inputShapes });
  }
  const input: LayerInput = { shapes: inputShapes as Shape[], isList, callKeywords, tensorKeywords };
  const folded = batchDimsFolded(k, layer, input);
  const r = k.cache.evaluate(layer.memo, layer.className, layer.args, folded?.input ?? input, options);
  if (r.kind === 'unknown' && probesArguments(layer)) {
    // An argument the analysis does not know (`Dense(len(vocab))`): what does not depend on it is still known.
    const probed = callOnPartialShapes(k, layer, tensors as Tensor[], { isList, callKeywords, tensorKeywords }, { site, hint, record, node, symbolic, inputShapes, options });
    if (probed !== null) return probed;
  }
  if (r.kind === 'unknown') {
    const argWhy = unknownArgWhy(layer.args);
    const reason = argWhy ? `${r.reason} ${because(argWhy)}` : r.reason;
    if (record) k.record(new CallEvent(site, hint, layer, inputShapes, null, [], reason));
    const out = new Tensor(null, node, symbolic);
    out.why = `the output of '${layer.name}' is not known (${r.reason})`;
    return out;
  }
  if (r.kind === 'error') {
    const at = r.phase === 'construct' ? layer.ctorRange : site;
    k.host.report(at, 'error', r.code, r.message, undefined, r.teach);
    const failure = callFailure(k, at, r.code, r.message, r.teach);
    if (r.phase === 'construct') layer.broken = true;
    // A quiet replay (another input for a built model) leaves the layer as the script left it.
    if (record || r.phase === 'construct') layer.failure ??= failure;
    return failedOutput(k, layer, node, symbolic, site, hint, inputShapes, failure, record);
  }
  if (layer.weights === null && layer.probeWeights !== null && r.weights.length > 0) {
    // Built before on sizes the analysis does not know: whether these inputs fit its weights is not known.
    const reason = `whether '${layer.name}' accepts these inputs is not known because it was built on sizes that are not known`;
    if (record) k.record(new CallEvent(site, hint, layer, inputShapes, null, [], reason));
    const out = new Tensor(null, node, symbolic);
    out.why = reason;
    return out;
  }
  if (layer.weights === null) layer.weights = [...r.weights];
  else if (!sameWeights(layer.weights, r.weights)) {
    const message = `Layer '${layer.name}' was already built for other input shapes (weights ${layer.weights.map((w) => formatShape(w.shape)).join(', ')}); it cannot be called on ${inputShapes.map((s) => formatShape(s as Shape)).join(', ')}.`;
    const teach = layer.className === 'Dense' ? rebuiltTeaching(layer.weights, r.weights, inputShapes) : undefined;
    k.host.report(site, 'error', 'incompatible-input', message, undefined, teach);
    return failedOutput(k, layer, node, symbolic, site, hint, inputShapes, callFailure(k, site, 'incompatible-input', message, teach), record);
  }
  const outputs = folded ? r.outputs.map(folded.unfold) : r.outputs;
  if (!symbolic && outputs.some((o) => o.includes(null)) && inputShapes.every((i) => i !== null && !i.includes(null))) {
    // Run at once on arrays of known shapes: a size the layer leaves open is the data's.
    const { partial, probes } = dataSizedOutputs(outputs);
    const why = `the sizes of the output of '${layer.name}' on line ${lineAtOffset(k.host.text, site.start)} depend on the values of its data`;
    layer.lastPartial = partial;
    if (record) k.record(new CallEvent(site, hint, layer, inputShapes, null, r.weights, `some dimensions are not known because ${why}`, undefined, undefined, undefined, partial));
    const outs = probes.map((p, i) => {
      const t = new Tensor(null, node, symbolic);
      t.probes = p;
      t.why = why;
      if (probes.length > 1) t.outputIndex = i;
      return t;
    });
    if (!r.multiple && outs.length === 1) return outs[0];
    if (r.multiple) return findSpec(layer.className)?.returnsTuple ? new PyTuple(outs) : new PyList(outs);
    return outs[0];
  }
  layer.lastOutputs = outputs;
  if (record) {
    // The engine builds explanation steps when first read: only a hover needs them (not for a folded call, whose steps show the folded shape).
    k.record(new CallEvent(site, hint, layer, inputShapes, outputs, r.weights, undefined, folded ? undefined : r));
  }
  if (!r.multiple && outputs.length === 1) return new Tensor(outputs[0], node, symbolic);
  const outs = outputs.map((s) => new Tensor(s, node, symbolic));
  if (r.multiple) return findSpec(layer.className)?.returnsTuple ? new PyTuple(outs) : new PyList(outs);
  return outs[0];
}

/** A call on inputs the analysis does not know: no known output; it passes on why (and the line of an error upstream). */
function unknownInputOutput(
  k: KerasContext,
  layer: LayerObj,
  tensors: readonly Value[],
  at: { site: TextRange; hint: number; record: boolean; node: TensorNode; symbolic: boolean; inputShapes: (Shape | null)[] },
): Tensor {
  const source = tensors.find((t) => whyOf(t) !== '');
  const why = source === undefined ? '' : whyOf(source);
  const errorLine = source instanceof Tensor && source.why === why ? source.errorLine : undefined;
  if (at.record) k.record(new CallEvent(at.site, at.hint, layer, at.inputShapes, null, [], unknownInputReason(why), undefined, undefined, errorLine));
  const out = new Tensor(null, at.node, at.symbolic);
  if (why) out.why = why;
  if (errorLine !== undefined) out.errorLine = errorLine;
  return out;
}

/**
 * A layer called on tensors whose ranks are known and some dimensions are not
 * (keras/partial.ts): the engine runs once per probe size; the dimensions and
 * weights both runs agree on are known. Anything else is unknown, with no
 * diagnostic (the real sizes might fit where the probes do not): null, and
 * the caller records the call as unknown.
 */
function callOnPartialShapes(
  k: KerasContext,
  layer: LayerObj,
  tensors: readonly Tensor[],
  rest: Omit<LayerInput, 'shapes'>,
  at: { site: TextRange; hint: number; record: boolean; node: TensorNode; symbolic: boolean; inputShapes: (Shape | null)[]; options: { config: EngineConfig; layerName: string } },
): Value | null {
  const probeArgs = probesArguments(layer);
  const why = tensors.map((t) => whyOf(t)).find((w) => w !== '') || (probeArgs ? unknownArgWhy(layer.args) || (layer.vocabularyFromData ? `the vocabulary of '${layer.name}' is set from data` : '') : '');
  const probes = tensors.map((t) => probesOf(t) as ProbeShapes);
  const runs = [0, 1].map((i) => {
    const input = { ...rest, shapes: probes.map((p) => p[i]) };
    // Unknown arguments take the probe sizes too (read as integers only): such runs are not remembered.
    return probeArgs ? evaluateLayer(layer.className, { ...layer.args, probe: PROBE_SIZES[i] }, input, at.options) : k.cache.evaluate(layer.memo ?? null, layer.className, layer.args, input, at.options);
  });
  const [a, b] = runs;
  const partial: PartialShape[] = [];
  if (a.kind === 'ok' && b.kind === 'ok' && a.outputs.length === b.outputs.length && a.multiple === b.multiple) {
    for (let i = 0; i < a.outputs.length; i++) {
      const m = mergeProbes(a.outputs[i], b.outputs[i]);
      if (m === null) break;
      partial.push(m);
    }
  }
  if (a.kind !== 'ok' || b.kind !== 'ok' || partial.length !== a.outputs.length || partial.length === 0) return null;
  // Built before on sizes the analysis does not know: these inputs fit its weights whatever the sizes only if each probe's weights are the same.
  if (layer.weights === null && layer.probeWeights !== null && !(sameWeights(layer.probeWeights[0], a.weights) && sameWeights(layer.probeWeights[1], b.weights))) return null;
  const weightsKnown = sameWeights(a.weights, b.weights) && (layer.weights === null || sameWeights(layer.weights, a.weights));
  if (weightsKnown) {
    if (layer.weights === null) layer.weights = [...a.weights];
  } else {
    layer.weightsUnknown = true;
    layer.probeWeights ??= [a.weights, b.weights];
  }
  const reason = why ? `some dimensions are not known because ${why}` : 'some dimensions are not known';
  // Outputs that do not depend on the unknown sizes (a global pooling) are known again.
  const known = partial.every((p) => !p.includes('?')) ? (partial as Shape[]) : null;
  if (known !== null) layer.lastOutputs = known;
  else if (known === null) layer.lastPartial = partial;
  if (at.record) {
    if (known !== null) k.record(new CallEvent(at.site, at.hint, layer, at.inputShapes, known, weightsKnown ? a.weights : [], weightsKnown ? undefined : why ? `its weights are not known because ${why}` : 'its weights are not known'));
    else k.record(new CallEvent(at.site, at.hint, layer, at.inputShapes, null, weightsKnown ? a.weights : [], reason, undefined, undefined, undefined, partial));
  }
  const outs = a.outputs.map((s, i) => {
    const t = new Tensor(known === null ? null : known[i], at.node, at.symbolic);
    if (known === null) {
      t.probes = [s, b.outputs[i]];
      if (why) t.why = why;
    }
    if (a.outputs.length > 1) t.outputIndex = i;
    return t;
  });
  if (!a.multiple && outs.length === 1) return outs[0];
  if (a.multiple) return findSpec(layer.className)?.returnsTuple ? new PyTuple(outs) : new PyList(outs);
  return outs[0];
}

/**
 * Shape of a layer applied to a shape, with no records. A layer of Keras's
 * that raises does so at `raisedAt` (the user's call that ran it: `build()`,
 * a model called again); with no such call its diagnostics are dropped, as
 * are those of the layers inside a model.
 */
export function applyQuiet(k: KerasContext, layer: LayerObj, input: Tensor, raisedAt?: TextRange): Value {
  const args = { positional: [input], keywords: new Map(), node: undefined as unknown as SyntaxNode };
  const diags = k.host.diagnostics.length;
  if (layer instanceof SequentialModel || layer instanceof FunctionalModel || layer instanceof SubclassInstance) {
    const before = k.events.length;
    const r = k.applyLayer(layer, args, NOWHERE, 0);
    // Its records are dropped; a layer it left unbuilt on sizes not known has weights not known, not none.
    for (const e of k.events.slice(before)) {
      const l = e.layer;
      if (e.outputs === null && l.weights === null && !isComposite(l) && !(l instanceof InputLayerObj)) l.weightsUnknown = true;
    }
    k.events.length = before;
    k.host.diagnostics.length = diags;
    return r;
  }
  const r = callEngineLayer(k, layer, args, raisedAt ?? NOWHERE, 0, false);
  if (raisedAt === undefined) k.host.diagnostics.length = diags;
  return r;
}

const NOWHERE: TextRange = { start: 0, end: 0 };

// ---------------------------------------------------------------- functional

/**
 * A class of keras.layers the catalogue does not describe: a Keras layer the
 * analysis does not follow (info), or a name Keras does not have, most often
 * a misspelling (error, with the nearest layer name).
 */
function reportUnknownLayer(k: KerasContext, className: string, args: CallSiteArgs, range: TextRange): void {
  const at = args.node?.type === 'call' ? k.host.range(Call.function(args.node)) : range;
  if (UNDESCRIBED_LAYERS.includes(className)) {
    k.host.report(at, 'info', 'unknown-layer', `The analysis does not describe keras.layers.${className}: its output shape is shown as unknown.`);
    return;
  }
  // A Keras 1/2 class has its own note (keras/legacy.ts).
  if (mayHaveLegacySpelling(className, 0, [])) return;
  const near = k.nearestLayerName(className);
  const callee = args.node?.type === 'call' ? Call.function(args.node) : undefined;
  const writesName = near !== undefined && callee !== undefined && (callee.type === 'identifier' || callee.type === 'attribute') && k.host.text.slice(at.end - className.length, at.end) === className;
  const fixes = writesName ? [{ title: `Write ${near}`, edits: [{ range: { start: at.end - className.length, end: at.end }, newText: near }] }] : undefined;
  k.host.report(at, 'error', 'unknown-layer', `keras.layers has no layer '${className}'.${near ? ` Did you mean \`${near}\`?` : ''}`, fixes);
}

/** The name in `names` nearest to `name` (case aside), when it is near enough to be what was meant. */
export function nearestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of names) {
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions, or `limit` when it is at least that. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= limit) return limit;
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[b.length], limit);
}
