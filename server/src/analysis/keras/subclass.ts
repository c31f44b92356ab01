// User subclasses of keras.Model and keras.layers.Layer: instances made by
// running `__init__`, built by the user's `build()`, called through the
// user's `call()` (or `compute_output_shape()` when `call` gives no shape),
// weights made by `add_weight`.
//
//   class Block(layers.Layer): def call(self, x): return self.dense(x)
import { partialShapeOf, partialShapeTuple } from './partial';
import type { PartialShape, TextRange } from '../types';
import type { Shape } from '../../engine';
import { PyClass, PyDict, PyFunction, PyList, PyTuple, Tensor, TensorNode, UNKNOWN, Unknown, whyOf, because, type CallSiteArgs, type LayerObj, type Value } from '../values';
import { snakeCase } from '../../engine';
import type { KerasContext } from './context';
import { shapeFromValue, shapeTuple, tensorsIn, tensorsOf } from './convert';
import { SubclassInstance } from './models';
import { CallEvent } from './records';

export function instantiateSubclass(k: KerasContext, cls: PyClass, args: CallSiteArgs): Value {
  const range = k.host.range(args.node);
  const nameArg = args.keywords.get('name');
  const obj = new SubclassInstance(cls, range, typeof nameArg === 'string' ? nameArg : k.uniqueName(snakeCase(cls.name)));
  if (obj.isModel) k.recordModel({ model: obj });
  const init = cls.lookup('__init__');
  if (init && init.value instanceof PyFunction) k.host.callFunction(init.value, { ...args, positional: [obj, ...args.positional] }, init.owner);
  return obj;
}

export function userClassOf(layer: LayerObj): PyClass | undefined {
  return layer instanceof SubclassInstance ? layer.cls : undefined;
}

export function runUserBuild(k: KerasContext, obj: SubclassInstance, shapeValue: Value): void {
  const build = obj.cls.lookup('build');
  if (build && build.value instanceof PyFunction) {
    k.host.callFunction(build.value, { positional: [obj, shapeValue], keywords: new Map(), node: build.value.node }, build.owner);
  }
  obj.built = true;
}

export function callSubclass(k: KerasContext, obj: SubclassInstance, args: CallSiteArgs, site: TextRange, hint: number): Value {
  const call = obj.cls.lookup('call');
  const x = args.positional[0] ?? args.keywords.get('inputs') ?? UNKNOWN;
  const given = tensorsIn(x);
  const node = new TensorNode(obj, given);
  if (!obj.built) {
    // The shape `build` gets: a partly known one keeps its known sizes (`input_shape[-1]` of a batch of data).
    const shapeOf = (t: Value): Value => {
      if (!(t instanceof Tensor)) return UNKNOWN;
      return t.shape ? shapeTuple(t.shape) : (partialShapeTuple(t, t.why ?? '') ?? UNKNOWN);
    };
    const shapeValue = x instanceof Tensor ? shapeOf(x) : x instanceof PyList || x instanceof PyTuple ? new PyList(x.items.map(shapeOf)) : UNKNOWN;
    runUserBuild(k, obj, shapeValue);
  }
  let result: Value = UNKNOWN;
  if (call && call.value instanceof PyFunction) {
    // On symbolic tensors Keras traces call(): a size it leaves None is a scalar tensor there.
    const traced = given.some((t) => t.symbolic);
    if (traced) k.tracedCalls++;
    try {
      result = k.host.callFunction(call.value, { ...args, positional: [obj, ...args.positional] }, call.owner);
    } finally {
      if (traced) k.tracedCalls--;
    }
  }
  let outs = tensorsOf(result);
  if ((!outs || outs.some((t) => t.shape === null)) && x instanceof Tensor && x.shape) {
    const cos = obj.cls.lookup('compute_output_shape');
    if (cos && cos.value instanceof PyFunction) {
      const s = shapeFromValue(k.host.callFunction(cos.value, { positional: [obj, shapeTuple(x.shape)], keywords: new Map(), node: cos.value.node }, cos.owner));
      if (s) outs = [new Tensor(s, null, x.symbolic)];
    }
  }
  const shapes = outs && outs.every((t) => t.shape !== null) ? outs.map((t) => t.shape as Shape) : null;
  obj.lastOutputs = shapes;
  // Outputs whose ranks are known but some sizes not (partial.ts): shown with `?` for those sizes.
  const partial = shapes === null && outs && outs.length > 0 ? outs.map((t) => (t.shape !== null ? (t.shape as PartialShape) : partialShapeOf(t))) : null;
  const ranked = partial !== null && partial.every((p) => p !== null) ? (partial as PartialShape[]) : undefined;
  obj.lastPartial = ranked ?? null;
  const why = shapes ? '' : whyOf(result) || whyOf(x) || subclassResultWhy(obj, call !== undefined, result);
  const reason = shapes ? undefined : ranked ? (why ? `some dimensions are not known ${because(why)}` : 'some dimensions are not known') : why ? `the output of call() is not known ${because(why)}` : 'the output of call() is not known';
  k.record(new CallEvent(site, hint, obj, given.map((t) => t.shape), shapes, [], reason, undefined, undefined, undefined, ranked));
  const symbolic = given.some((t) => t.symbolic);
  // Outside, the model is one node of the graph.
  // Each output tensor keeps why its shape is unknown (the first unknown one of a tuple says for the call).
  const outside = (t: Tensor): Tensor => {
    const out = new Tensor(t.shape, node, symbolic);
    if (t.shape === null) {
      if (t.probes !== undefined) out.probes = t.probes;
      if (t.dtype !== undefined) out.dtype = t.dtype;
      const w = t.why || why;
      if (w) out.why = w;
      if (t.errorLine !== undefined && t.why === w) out.errorLine = t.errorLine;
    }
    return out;
  };
  if (result instanceof Tensor) return outside(result);
  if (result instanceof PyList || result instanceof PyTuple) {
    const items = result.items.map((t) => (t instanceof Tensor ? outside(t) : t));
    return result instanceof PyList ? new PyList(items) : new PyTuple(items);
  }
  if (result instanceof PyDict) return result;
  const out = new Tensor(null, node, symbolic);
  if (why) out.why = why;
  return out;
}

/** Why a subclass's call gave no shapes when neither its result nor its input says. */
function subclassResultWhy(obj: SubclassInstance, hasCall: boolean, result: Value): string {
  const base = obj.cls.engineBase();
  if (!hasCall) return base === undefined ? `\`${obj.cls.name}\` defines no call()` : `\`${obj.cls.name}\` takes call() from keras.layers.${base}, which the analysis does not follow in a subclass`;
  if (result instanceof Tensor || result instanceof Unknown) return `the result of \`${obj.cls.name}.call()\` is not known`;
  return `\`${obj.cls.name}.call()\` returns ${result === null ? 'None' : 'a structure that is not a tensor or a flat list of tensors'}`;
}

// ---------------------------------------------------------------- attributes

export function addWeight(obj: LayerObj, a: CallSiteArgs): Value {
  const order = ['shape', 'initializer', 'dtype', 'trainable', 'autocast', 'regularizer', 'constraint', 'aggregation', 'overwrite_with_gradient', 'name'];
  const get = (n: string): Value | undefined => a.keywords.get(n) ?? a.positional[order.indexOf(n)];
  const shapeValue = get('shape');
  const shape = shapeValue === undefined || shapeValue === null ? [] : shapeFromValue(shapeValue);
  const trainable = get('trainable');
  const nameValue = get('name');
  if (obj instanceof SubclassInstance) {
    if (shape && shape.every((d) => d !== null)) obj.ownWeights.push({ name: typeof nameValue === 'string' ? nameValue : 'variable', shape: shape as number[], trainable: trainable !== false });
    else obj.weightsUnknown = true;
  }
  return new Tensor(shape ?? null, null, false);
}
