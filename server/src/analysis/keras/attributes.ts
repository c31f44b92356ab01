// Attributes of Keras objects: a layer's or model's (`.add`, `.build`,
// `.layers`, `.output_shape`, `.trainable`, a subclass's own attributes and
// methods) and a tensor's (`.shape`, `.ndim`, `.T`, `.reshape`).
//
//   model.add(layers.Dense(4))   → a builtin bound to the model
import { PROBE_SIZES, partialShapeOf, partialShapeTuple } from './partial';
import { Builtin, BoundMethod, Dataset, KerasBaseRef, LayerClassRef, LayerObj, PyFunction, PyList, PyTuple, Tensor, TensorNode, UNKNOWN, unknownBecause, unknownInt, type CallSiteArgs, type Value } from '../values';
import { LOOKUP_LAYERS, argumentAttribute, vocabularySize, type Shape } from '../../engine';
import { AppLayerObj, modelGraphAttr } from './applications';
import { datasetInputs } from './datasets';
import { pandasAsArray } from './pandasMake';
import type { KerasContext } from './context';
import { shapeFromValue, shapeTuple } from './convert';
import { applyQuiet } from './layers';
import { FunctionalModel, SequentialModel, SubclassInstance, setTrainable } from './models';
import { buildSequential, sequentialAdd } from './sequential';
import { addWeight, runUserBuild } from './subclass';

export function objectAttr(k: KerasContext, obj: Tensor | LayerObj, name: string): Value {
  if (obj instanceof Tensor) return tensorAttr(k, obj, name);
  if (obj instanceof SubclassInstance) {
    const own = obj.attrs.get(name);
    if (own !== undefined) return own;
    const m = obj.cls.lookup(name);
    if (m) return m.value instanceof PyFunction ? new BoundMethod(obj, m.value, m.owner) : m.value;
  }
  const graphAttr = modelGraphAttr(k, obj, name);
  if (graphAttr !== undefined) return graphAttr;
  const b = (f: (a: CallSiteArgs) => Value): Builtin => new Builtin(name, f);
  switch (name) {
    case 'vocabulary_size':
      if (LOOKUP_LAYERS.includes(obj.className)) {
        return b(() => {
          if (obj.vocabularyFromData) return unknownBecause(`the vocabulary of '${obj.name}' is set from data`);
          const r = vocabularySize(obj.className, obj.args);
          return r.kind === 'ok' ? r.size : unknownBecause(`the vocabulary size of '${obj.name}' is not known: ${r.reason}`);
        });
      }
      break;
    case 'adapt':
    case 'set_vocabulary':
      if (LOOKUP_LAYERS.includes(obj.className)) {
        return b(() => {
          obj.vocabularyFromData = true;
          return null;
        });
      }
      break;
    case 'trainable':
      return obj.trainable;
    case 'name':
      return obj.name;
    case 'add':
      if (obj instanceof SequentialModel) return b((a) => {
        sequentialAdd(k, obj, a.positional[0] ?? a.keywords.get('layer') ?? UNKNOWN, a.node);
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
          const s = shapeFromValue(shapeValue);
          if (s && !obj.built) {
            obj.inputShape = s;
            buildSequential(k, obj, k.host.range(a.node));
          }
        } else if (obj instanceof SubclassInstance) {
          if (!obj.built) runUserBuild(k, obj, shapeValue);
        } else if (!(obj instanceof FunctionalModel)) {
          const s = shapeFromValue(shapeValue);
          if (s) applyQuiet(k, obj, new Tensor(s, null, true), k.host.range(a.node));
        }
        return null;
      });
    case 'add_weight':
      return b((a) => addWeight(obj, a));
    case 'layers':
      if (obj instanceof SequentialModel) return new PyList(obj.entries.map((e) => e.layer));
      if (obj instanceof FunctionalModel) return new PyList([...obj.layers]);
      return UNKNOWN;
    case 'output_shape':
    case 'input_shape':
      return modelShape(k, obj, name);
    case 'output':
      if (obj instanceof FunctionalModel) return obj.outputs.length === 1 ? obj.outputs[0] : new PyList(obj.outputs);
      // Keras refuses `.output` of a layer called more than once; its first call's otherwise.
      if (obj.inboundNodes?.length === 1 && obj.firstOutputs) return obj.firstOutputs.length === 1 ? obj.firstOutputs[0] : new PyList(obj.firstOutputs);
      return UNKNOWN;
    case 'input':
      if (obj instanceof FunctionalModel) return obj.inputs.length === 1 ? obj.inputs[0] : new PyList(obj.inputs);
      if (obj.inboundNodes?.length === 1) {
        const ins = obj.inboundNodes[0].inputs;
        return ins.length === 1 ? ins[0] : new PyList([...ins]);
      }
      return UNKNOWN;
    case 'inputs':
      return obj instanceof FunctionalModel ? new PyList(obj.inputs) : UNKNOWN;
    case 'outputs':
      return obj instanceof FunctionalModel ? new PyList(obj.outputs) : UNKNOWN;
    case 'fit':
    case 'evaluate':
    case 'predict':
    case 'train_on_batch':
    case 'test_on_batch':
    case 'predict_on_batch':
      return b((a) => {
        const given = a.positional[0] ?? a.keywords.get('x') ?? UNKNOWN;
        // A dataset gives batches of its element's first component (its features); a DataFrame, its array.
        const x = given instanceof Dataset ? (datasetInputs(given) ?? UNKNOWN) : pandasAsArray(given);
        buildOnData(k, obj, x, name, a);
        return name === 'predict' || name === 'predict_on_batch' ? predict(k, obj, x) : UNKNOWN;
      });
    case 'summary':
    case 'compile':
    case 'save':
    case 'save_weights':
    case 'load_weights':
      return b(() => null);
    case 'get_layer':
      if (obj instanceof SequentialModel || obj instanceof FunctionalModel) return b((a) => getLayer(obj, a));
      return b(() => UNKNOWN);
    case 'count_params':
    case 'get_config':
    case 'call':
      return b(() => (name === 'count_params' || name === 'call' ? UNKNOWN : null));
  }
  if (obj.reassigned?.includes(name)) return unknownBecause(`\`${obj.name}.${name}\` is set by the code`);
  // An attribute Keras keeps of a constructor argument (`self.use_bias` in a subclass of Conv2D).
  const kept = argumentAttribute(obj.className, obj.args, name);
  if (kept !== undefined) return kept;
  // An attribute the analysis does not model (a parent layer's `convolution_op`, `kernel` of a layer not built here).
  return unknownBecause(`\`${obj.name}.${name}\` is not modelled`);
}

/**
 * A Sequential model without an input shape, given data: Keras builds it on
 * the first batch of the data, whose size depends on how the data is batched
 * (`batch_size`, a dataset's batches), so the batch size is `?`; the other
 * sizes, and the params, are the data's.
 */
function buildOnData(k: KerasContext, model: LayerObj, x: Value, method: string, a: CallSiteArgs): void {
  if (!(x instanceof Tensor)) return;
  // The data's sizes: known, or (a size of the data the analysis does not know) under each probe.
  const shapes = x.shape !== null ? (x.symbolic ? [x.shape, x.shape] : [x.shape.map((d) => d ?? PROBE_SIZES[0]), x.shape.map((d) => d ?? PROBE_SIZES[1])]) : (x.probes ?? null);
  if (shapes === null || shapes[0].length === 0) return;
  const probes: [Shape, Shape] = [
    [PROBE_SIZES[0], ...shapes[0].slice(1)],
    [PROBE_SIZES[1], ...shapes[1].slice(1)],
  ];
  const unknownSizes = probes[0].some((d, i) => i > 0 && d !== probes[1][i]);
  const why = unknownSizes && x.why ? x.why : `Keras builds it on the first batch of the data given to \`${method}()\` on line ${k.host.lineOf(a.node)}, whose size depends on the batching`;
  if (model instanceof SequentialModel && !model.built && !model.failed) {
    model.inputShape = null;
    model.inputProbes = probes;
    model.inputWhy = why;
    buildSequential(k, model, k.host.range(a.node));
  } else if (model instanceof SubclassInstance && !model.built) {
    // Its call() runs on the first batch (quietly: Keras shows no layer output for it).
    const batch = new Tensor(null, null, true);
    batch.probes = probes;
    batch.why = why;
    applyQuiet(k, model, batch);
  }
}

/** `model.predict(x)` on an array of known shape: arrays of the output shapes (the batch is x's). */
function predict(k: KerasContext, model: LayerObj, x: Value): Value {
  if (!(x instanceof Tensor) || !x.shape || x.symbolic) return UNKNOWN;
  const out = applyQuiet(k, model, new Tensor(x.shape, null, true));
  const concrete = (t: Value): Value => {
    if (!(t instanceof Tensor) || !t.shape) return UNKNOWN;
    const arr = new Tensor(t.shape, null, false);
    arr.dtype = t.dtype;
    return arr;
  };
  if (out instanceof Tensor) return concrete(out);
  if (out instanceof PyList) return new PyList(out.items.map(concrete));
  return UNKNOWN;
}

/** `model.get_layer(name)` / `get_layer(index=i)`: the layer itself, as Keras finds it. */
function getLayer(model: SequentialModel | FunctionalModel, a: CallSiteArgs): Value {
  const layers = model instanceof SequentialModel ? model.entries.map((e) => e.layer) : [...model.layers];
  const name = a.positional[0] ?? a.keywords.get('name') ?? null;
  const index = a.positional[1] ?? a.keywords.get('index') ?? null;
  if (typeof name === 'string') return layers.find((l) => l.name === name) ?? UNKNOWN;
  if (typeof index === 'number' && index >= 0 && index < layers.length) return layers[index];
  return UNKNOWN;
}

export function setLayerAttr(obj: LayerObj, name: string, value: Value): void {
  if (name === 'trainable') {
    if (typeof value === 'boolean') setTrainable(obj, value);
    return;
  }
  if (obj instanceof SubclassInstance) {
    obj.attrs.set(name, value);
    trackVariables(obj, value);
  } else obj.reassigned = [...(obj.reassigned ?? []), name];
}

/** Keras variables assigned to a layer (alone or in a list) are its weights, as `add_weight`'s are. */
function trackVariables(obj: SubclassInstance, value: Value): void {
  if (value instanceof PyList || value instanceof PyTuple) {
    for (const v of value.items) trackVariables(obj, v);
    return;
  }
  if (!(value instanceof Tensor) || value.variable === undefined) return;
  if (value.shape !== null && value.shape.every((d) => d !== null)) obj.ownWeights.push({ name: value.variable.name, shape: value.shape as number[], trainable: value.variable.trainable });
  else obj.weightsUnknown = true;
}


export function lengthOf(obj: LayerObj): Value {
  if (obj instanceof SequentialModel) return obj.entries.length;
  return UNKNOWN;
}

function tensorAttr(k: KerasContext, t: Tensor, name: string): Value {
  switch (name) {
    case 'shape':
      if (!t.shape) {
        // A partly known shape: its known sizes, and unknown values for the others.
        return partialShapeTuple(t, t.why ?? '') ?? unknownBecause(t.why ?? '');
      }
      // An array's dimensions are all fixed when it runs: one the analysis does not know reads as unknown, not None.
      return t.symbolic ? shapeTuple(t.shape) : new PyTuple(t.shape.map((d) => (d === null ? unknownInt(t.why ?? '') : d)));
    case 'ndim':
      return t.shape ? t.shape.length : (partialShapeOf(t)?.length ?? unknownInt(t.why ?? ''));
    case 'astype':
      return new Builtin(name, (a) => {
        const out = new Tensor(t.shape, t.node, t.symbolic, t.name);
        out.why = t.why;
        const d = a.positional[0] ?? a.keywords.get('dtype');
        if (typeof d === 'string') out.dtype = d;
        return out;
      });
    case 'numpy':
    case 'copy':
      return new Builtin(name, () => t);
    case 'mean':
    case 'sum':
    case 'std':
    case 'var':
    case 'max':
    case 'min':
    case 'prod':
    case 'argmax':
    case 'argmin':
    case 'squeeze':
    case 'transpose':
    case 'flatten':
    case 'ravel':
      // An array's methods are NumPy's functions on it (symbolic tensors have none of them).
      if (t.symbolic) return UNKNOWN;
      if (name === 'flatten' || name === 'ravel') return new Builtin(name, (a) => k.callOp('numpy.reshape', { ...a, positional: [t, -1] }));
      if (name === 'transpose') {
        return new Builtin(name, (a) => k.callOp('numpy.transpose', { ...a, positional: a.positional.length > 1 ? [t, new PyTuple(a.positional)] : [t, ...a.positional] }));
      }
      return new Builtin(name, (a) => k.callOp(`numpy.${name}`, { ...a, positional: [t, ...a.positional] }));
    case 'dtype':
      return t.dtype ?? UNKNOWN;
    case 'reshape':
      // An array's reshape is NumPy's (its sizes may be the data's); a symbolic tensor's, Keras's.
      return new Builtin(name, (a) => k.callOp(t.symbolic ? 'keras.ops.reshape' : 'numpy.reshape', { ...a, positional: [t, a.positional.length === 1 ? (a.positional[0] ?? a.keywords.get('shape') ?? UNKNOWN) : new PyTuple(a.positional)] }));
    case 'T':
      return t.shape ? new Tensor([...t.shape].reverse(), new TensorNode(null, [t]), t.symbolic) : new Tensor(null, new TensorNode(null, [t]), t.symbolic);
    case 'set_shape':
      // A tensor TensorFlow traces (`ds.map(f)`): the static shape merged with the one given, in place.
      if (!t.traced) return UNKNOWN;
      return new Builtin(name, (a) => {
        setShape(t, shapeFromValue(a.positional[0] ?? a.keywords.get('shape') ?? null));
        return null;
      });
    default:
      return UNKNOWN;
  }
}

/**
 * Layer classes no other public Keras 3 layer class extends: a layer of
 * another class is not an instance of them (`isinstance(layer,
 * layers.BatchNormalization)` when unfreezing all but the normalisations).
 */
const LEAF_LAYER_CLASSES: ReadonlySet<string> = new Set(['BatchNormalization', 'LayerNormalization', 'Dense', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Activation']);

/** `isinstance(obj, cls)`; undefined when the analysis cannot tell (a user subclass, a class with subclasses). */
export function isLayerInstance(obj: LayerObj, cls: Value): boolean | undefined {
  if (cls instanceof PyTuple) {
    const each = cls.items.map((c) => isLayerInstance(obj, c));
    return each.includes(true) ? true : each.every((x) => x === false) ? false : undefined;
  }
  const plain = obj.constructor === LayerObj || (obj instanceof AppLayerObj && obj.className !== 'Sequential' && obj.className !== 'Functional');
  if (cls instanceof KerasBaseRef) {
    if (cls.which === 'Layer') return true;
    if (cls.which === 'Model') return plain ? false : obj instanceof SequentialModel || obj instanceof FunctionalModel || obj instanceof AppLayerObj ? true : undefined;
    return plain ? false : obj instanceof SequentialModel ? true : undefined;
  }
  if (cls instanceof LayerClassRef && plain) {
    if (obj.className === cls.className) return true;
    return LEAF_LAYER_CLASSES.has(cls.className) ? false : undefined;
  }
  return undefined;
}

/**
 * `t.set_shape(shape)` on a traced tensor: each size it does not know takes
 * the given one (TensorFlow checks the rest when the data flows); a shape it
 * cannot merge leaves the tensor as it is.
 */
function setShape(t: Tensor, given: Shape | undefined | null): void {
  if (!given) return;
  const current: readonly (number | null | '?')[] | null = t.shape ?? partialShapeOf(t);
  if (current !== null && current.length !== given.length) return;
  const merged: (number | null)[] = given.map((d, i) => {
    const c = current?.[i];
    return c === undefined || c === null || c === '?' ? d : c;
  });
  if (current !== null && current.some((c, i) => typeof c === 'number' && given[i] !== null && given[i] !== c)) return;
  (t as { shape: Shape | null }).shape = merged;
  t.probes = undefined;
  if (!merged.includes(null)) t.why = undefined;
}

/**
 * `model.output_shape` / `model.input_shape`: a functional model's are its
 * outputs' / inputs' shapes (one as a tuple, several as a list), whatever it
 * was called on since; a Sequential's, those it was built with. Keras 3's
 * other layers have no such attribute; tf.keras 2's had their last call's.
 */
function modelShape(k: KerasContext, obj: LayerObj, name: 'output_shape' | 'input_shape'): Value {
  const tupleOf = (t: Value): Value => (t instanceof Tensor ? (t.shape ? shapeTuple(t.shape) : (partialShapeTuple(t, t.why ?? '') ?? unknownBecause(t.why ?? ''))) : UNKNOWN);
  if (obj instanceof FunctionalModel) {
    const ts = name === 'output_shape' ? obj.outputs : obj.inputs;
    return ts.length === 1 ? tupleOf(ts[0]) : new PyList(ts.map(tupleOf));
  }
  if (obj instanceof SequentialModel) {
    if (!obj.built) return unknownBecause(`Sequential model '${obj.name}' has no defined ${name === 'output_shape' ? 'output' : 'input'} shape yet`);
    const shape = name === 'output_shape' ? obj.outputShape : obj.inputShape;
    return shape !== null ? shapeTuple(shape) : unknownBecause(obj.inputWhy ?? '');
  }
  if ((k.host.config.kerasVersion ?? '3') === '3') return unknownBecause(`\`${obj.name}.${name}\` is not an attribute of a Keras 3 layer`);
  if (name === 'input_shape') return UNKNOWN;
  return obj.lastOutputs && obj.lastOutputs.length === 1 ? shapeTuple(obj.lastOutputs[0]) : UNKNOWN;
}
