// `keras.applications` models as real models: the engine builds each one as
// data (buildApplication), and this module turns its summary rows into
// layers and symbolic tensors, so `.output`, `.layers`, `get_layer(...)`,
// `trainable` and calls work as on any functional model, and a model built
// on `base.input` holds the backbone's layers flattened, as in Keras.
//
//   base = keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 3))
//   base.output                                   → (None, 7, 7, 2048)
//   base.get_layer("conv4_block6_out").output     → (None, 14, 14, 1024)
import { applicationParams, buildApplication, type ApplicationArgs, type ApplicationModel, type ApplicationResult, type PyValue, type Shape } from '../../engine';
import { declareCopy } from '../stateCopy';
import type { TextRange } from '../types';
import { Builtin, LAYER_SHARED_FIELDS, LayerObj, PyList, Tensor, TensorNode, UNKNOWN, Unknown, numberOf, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';
import type { KerasContext } from './context';
import { sameExceptBatch, shapeTuple, tensorsIn, toPy } from './convert';
import { callFunctional, collectGraphLayers } from './functional';
import { inputRowName } from './graph';
import { FunctionalModel, InputLayerObj } from './models';
import { CallEvent } from './records';
import { replayable, unaryResult } from './tensors';

/** One layer of an application (a row of its summary): its weights and the tensors of its one call are known; it cannot be called again. */
export class AppLayerObj extends LayerObj {
  /** The tensors its call took (`layer.input`). */
  inputs: Tensor[] = [];
  /** The tensors its call gave (`layer.output`). */
  outputs: Tensor[] = [];
  constructor(
    className: string,
    ctorRange: TextRange,
    name: string,
    /** A `keras.ops` operation (`x + y` in the application's code): a summary row, not one of `model.layers`. */
    readonly isOp: boolean,
  ) {
    super(className, { positional: [], keywords: {} }, ctorRange, name);
  }
}

/** What `keras.applications.<Constructor>(...)` returned. */
export class ApplicationModelObj extends FunctionalModel {
  constructorName = '';
  family = '';
  /** `model.layers`: the input layer, then every layer that is not an operation, in summary order. */
  kerasLayers: LayerObj[] = [];
  /** The arguments it was built with (a call on other input sizes builds it again). */
  appArgs: ApplicationArgs = {};
}

declareCopy(AppLayerObj, { kind: 'fields', shared: LAYER_SHARED_FIELDS });
declareCopy(ApplicationModelObj, { kind: 'fields', shared: [...LAYER_SHARED_FIELDS, 'inputKeys', 'outputKeys', 'appArgs'] });

/** `keras.applications.ResNet50`, `keras.applications.resnet50.preprocess_input`: what calling this path does, if it is an application's. */
export function isApplicationPath(path: string): boolean {
  // `imagenet_utils` holds helpers on tensors (`correct_pad`), which the op rules know.
  return path.startsWith('keras.applications.') && (!path.startsWith('keras.applications.imagenet_utils.') || /\.(preprocess_input|decode_predictions)$/.test(path));
}

/** A call of a `keras.applications` path: a constructor, a `preprocess_input` or a `decode_predictions`. */
export function callApplicationPath(k: KerasContext, path: string, args: CallSiteArgs, range: TextRange): Value {
  const last = path.slice(path.lastIndexOf('.') + 1);
  if (last === 'preprocess_input') {
    const x = args.positional[0] ?? args.keywords.get('x') ?? UNKNOWN;
    if (x instanceof Tensor) return replayable(unaryResult(x), { kind: 'unary', t: x });
    return new Unknown('preprocess_input returns an array of its input’s shape, which is not a known tensor here');
  }
  if (last === 'decode_predictions') return new Unknown('decode_predictions returns Python lists of (class, description, score), not a tensor');
  if (!/^[A-Z]/.test(last)) return new Unknown(`${path} is not modelled`);
  return constructApplication(k, path, args, range);
}

function constructApplication(k: KerasContext, path: string, args: CallSiteArgs, range: TextRange): Value {
  const positional: PyValue[] = [];
  const keywords: Record<string, PyValue> = {};
  let inputTensor: Tensor | undefined;
  const tensorAt = (applicationParams(path.slice(path.lastIndexOf('.') + 1)) ?? []).findIndex((p) => p.name === 'input_tensor');
  // A Keras tensor as `input_tensor` goes to the engine as its shape; anywhere else the engine says what Keras does with it.
  const convert = (v: Value, param: boolean): PyValue => {
    if (param && v instanceof Tensor && v.symbolic) {
      inputTensor = v;
      return null;
    }
    return toPy(v);
  };
  args.positional.forEach((v, i) => positional.push(convert(v, i === tensorAt)));
  for (const [name, v] of args.keywords) keywords[name] = convert(v, name === 'input_tensor');
  const given: Tensor | undefined = inputTensor;
  if (given !== undefined && given.shape === null) return new Unknown('the shape of `input_tensor` is not known');
  const appArgs: ApplicationArgs = given === undefined ? { positional, keywords } : { positional, keywords, inputTensor: { shape: given.shape as Shape, name: given.name ?? 'input_layer' } };
  const result = buildWithSessionNames(k, path, appArgs);
  if (result.kind === 'unknown') return new Unknown(result.reason);
  if (result.kind === 'error') {
    const code = /unexpected keyword argument/.test(result.message) ? 'unknown-argument' : 'invalid-argument';
    k.host.report(range, 'error', code, `${result.errorClass}: ${result.message}`);
    return new Unknown(result.message);
  }
  for (const w of result.warnings) k.host.report(range, 'warning', 'invalid-argument', `UserWarning: ${w}`);
  for (const [prefix, n] of Object.entries(result.autoNameCounts)) for (let i = 0; i < n; i++) k.uniqueName(prefix);
  const model = modelFromRows(result, range, given);
  model.appArgs = appArgs;
  k.record(new CallEvent(range, args.node.endIndex, model, model.inputs.map((t) => t.shape), [result.outputShape], [], undefined));
  model.lastOutputs = [result.outputShape];
  k.recordModel({ model });
  return model;
}

/** The model built with the session's name counters: `add_18` after eighteen `add`s. */
function buildWithSessionNames(k: KerasContext, path: string, args: ApplicationArgs): ApplicationResult {
  const options = { cache: k.applications, config: k.host.config.engine };
  const plain = buildApplication(path, args, options);
  if (plain.kind !== 'ok') return plain;
  const nameOffsets: Record<string, number> = {};
  let shifted = false;
  for (const prefix of Object.keys(plain.autoNameCounts)) {
    const n = k.nameCount(prefix);
    nameOffsets[prefix] = n;
    if (n > 0) shifted = true;
  }
  return shifted ? buildApplication(path, args, { ...options, nameOffsets }) : plain;
}

/** Layers and tensors for the model's rows, the input row standing for `inputTensor` when one was given. */
function modelFromRows(m: ApplicationModel, range: TextRange, inputTensor: Tensor | undefined): ApplicationModelObj {
  const byName = new Map<string, Tensor>();
  const layers: AppLayerObj[] = [];
  const kerasLayers: LayerObj[] = [];
  let input: Tensor | undefined;
  m.rows.forEach((row, i) => {
    if (i === 0 && row.className === 'InputLayer') {
      input = inputTensor ?? new Tensor(row.outputShapes[0] ?? null, null, true, row.name);
      byName.set(row.name, input);
      const layer = new AppLayerObj('InputLayer', range, inputTensor?.node?.layer?.name ?? row.name, false);
      layer.outputs = [input];
      layer.weights = [];
      layer.lastOutputs = row.outputShapes;
      kerasLayers.push(layer);
      return;
    }
    const layer = new AppLayerObj(row.className, range, row.name, row.op);
    layer.weights = [...row.weights];
    layer.lastOutputs = row.outputShapes;
    layer.inputs = row.inbound.map((name) => byName.get(name)).filter((t): t is Tensor => t !== undefined);
    const node = new TensorNode(layer, layer.inputs);
    layer.inboundNodes = [node];
    layer.outputs = row.outputShapes.map((s, j) => {
      const t = new Tensor(s, node, true);
      t.outputIndex = j;
      return t;
    });
    if (layer.outputs.length > 0) byName.set(row.name, layer.outputs[0]);
    layers.push(layer);
    if (!row.op) kerasLayers.push(layer);
  });
  const output = byName.get(m.rows[m.rows.length - 1].name) as Tensor;
  const inputs = sourceInputs(input as Tensor);
  const graphLayers = inputTensor !== undefined && inputTensor.node !== null ? collectGraphLayers(inputs, [output]) : { layers, opaque: false };
  const model = new ApplicationModelObj({ positional: [], keywords: {} }, range, m.name, inputs, [output], false, graphLayers.layers);
  model.opaque = graphLayers.opaque;
  model.constructorName = m.constructorName;
  model.family = m.family;
  model.kerasLayers = kerasLayers;
  return model;
}

/** The model inputs behind a tensor (Keras's `get_source_inputs`). */
function sourceInputs(t: Tensor): Tensor[] {
  const out: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack = [t];
  while (stack.length > 0) {
    const x = stack.pop() as Tensor;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.node === null || x.node.inputs.length === 0) out.push(x);
    else stack.push(...[...x.node.inputs].reverse());
  }
  return out;
}

/** An application's layer called again: its arguments are not known to the analysis, so its output is not either. */
export function callAppLayer(layer: AppLayerObj, args: CallSiteArgs): Value {
  const given = tensorsIn(args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN);
  return new Tensor(null, new TensorNode(layer, given, true), given.some((t) => t.symbolic));
}

/**
 * An application model called on a tensor: its recorded outputs when the
 * input matches, else the model built again for that input size (Keras
 * replays the same layers on it); unknown when that build fails.
 */
export function callApplicationModel(k: KerasContext, model: ApplicationModelObj, args: CallSiteArgs, site: TextRange, hint: number): Value {
  const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
  const want = model.inputs[0]?.shape ?? null;
  if (!(x instanceof Tensor) || x.shape === null || model.inputs.length !== 1 || want === null || sameExceptBatch(x.shape, want) || x.shape.length !== want.length) {
    return callFunctional(k, model, args, site, hint);
  }
  if (want.some((d, j) => j > 0 && d !== null && x.shape?.[j] !== null && d !== x.shape?.[j])) return callFunctional(k, model, args, site, hint);
  const params = applicationParams(model.constructorName) ?? [];
  const keywords: Record<string, PyValue> = {};
  (model.appArgs.positional ?? []).forEach((v, i) => {
    if (i < params.length) keywords[params[i].name] = v;
  });
  Object.assign(keywords, model.appArgs.keywords ?? {}, { input_shape: x.shape.slice(1) });
  const rebuilt = buildApplication(model.constructorName, { keywords: withoutInputTensor(keywords) }, { cache: k.applications, config: k.host.config.engine });
  if (rebuilt.kind !== 'ok' || model.outputs.length !== 1) return callFunctional(k, model, args, site, hint);
  const out = rebuilt.outputShape;
  const shape: Shape = [x.shape[0], ...out.slice(1)];
  k.record(new CallEvent(site, hint, model, [x.shape], [shape], [], undefined));
  model.lastOutputs = [shape];
  return new Tensor(shape, new TensorNode(model, [x]), x.symbolic);
}

function withoutInputTensor(kw: Record<string, PyValue>): Record<string, PyValue> {
  const out: Record<string, PyValue> = {};
  for (const [key, v] of Object.entries(kw)) if (key !== 'input_tensor') out[key] = v;
  return out;
}

/**
 * Attributes of functional models and application layers beyond the common
 * ones: `inputs`, `outputs`, `get_layer`, an application's `layers`, and a
 * layer's `input` / `output`. Undefined for the common attributes.
 */
export function modelGraphAttr(k: KerasContext, obj: LayerObj, name: string): Value | undefined {
  if (obj instanceof AppLayerObj) {
    const one = (ts: Tensor[]): Value => (ts.length === 1 ? ts[0] : ts.length === 0 ? UNKNOWN : new PyList([...ts]));
    if (name === 'output') return one(obj.outputs);
    if (name === 'input') return one(obj.className === 'InputLayer' ? obj.outputs : obj.inputs);
    if (name === 'output_shape') return obj.outputs.length === 1 && obj.outputs[0].shape ? shapeTuple(obj.outputs[0].shape) : UNKNOWN;
    return undefined;
  }
  if (!(obj instanceof FunctionalModel)) return undefined;
  switch (name) {
    case 'inputs':
      return new PyList([...obj.inputs]);
    case 'outputs':
      return new PyList([...obj.outputs]);
    case 'layers':
      if (obj instanceof ApplicationModelObj) return new PyList([...obj.kerasLayers]);
      return obj.layers.some((l) => l instanceof AppLayerObj) ? new PyList(layersOfModelOnApplication(obj)) : undefined;
    case 'get_layer':
      return new Builtin('get_layer', (a) => getLayer(k, obj, a));
    case 'input_shape':
      return obj.inputs.length === 1 && obj.inputs[0].shape ? shapeTuple(obj.inputs[0].shape) : unknownBecause(obj.inputs.map((t) => whyOf(t)).find((w) => w !== '') ?? '');
  }
  return undefined;
}

/**
 * `model.layers` of a model built on an application's tensors, as Keras
 * lists them: its input layers first, operations left out (so
 * `model.layers[:N]` picks the same layers as in Keras).
 */
function layersOfModelOnApplication(m: FunctionalModel): LayerObj[] {
  const inputs = m.inputs.map((t, i) => new InputLayerObj(m.ctorRange, inputRowName(t, i), t.shape));
  return [...inputs, ...m.layers.filter((l) => !(l instanceof AppLayerObj && l.isOp))];
}

function getLayer(k: KerasContext, model: FunctionalModel, a: CallSiteArgs): Value {
  const nameArg = a.positional[0] ?? a.keywords.get('name') ?? null;
  const indexArg = a.positional[1] ?? a.keywords.get('index') ?? null;
  const layers = model instanceof ApplicationModelObj ? model.kerasLayers : model.layers.some((l) => l instanceof AppLayerObj) ? layersOfModelOnApplication(model) : model.layers;
  if (typeof nameArg === 'string') {
    const found = layers.find((l) => l.name === nameArg);
    if (found !== undefined) return found;
    // Only an application's names are all known exactly: elsewhere a miss may be a name the analysis gave differently.
    if (!(model instanceof ApplicationModelObj) || model.opaque) return new Unknown(`no layer named ${nameArg} is known in ${model.name}`);
    k.host.report(a.node, 'error', 'invalid-argument', `ValueError: No such layer: ${nameArg}. Existing layers are: ${JSON.stringify(layers.map((l) => l.name)).replace(/"/g, "'").replace(/,/g, ', ')}.`);
    return new Unknown(`No such layer: ${nameArg}`);
  }
  const index = numberOf(indexArg);
  if (index !== undefined && layers !== model.layers) return layers[index] ?? new Unknown(`Was asked to retrieve layer at index ${index} but model only has ${layers.length} layers`);
  return UNKNOWN;
}
