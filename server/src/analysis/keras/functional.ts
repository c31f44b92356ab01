// Functional models: `keras.Model(inputs, outputs)` over the graph of
// recorded tensor nodes, and calls of such a model on new tensors (its
// recorded output shapes when the inputs match, else its graph replayed).
//
//   model = keras.Model(inp, out); model(other)   → out's shape with other's batch
import { formatShape, type Shape } from '../../engine';
import type { TextRange } from '../types';
import { LayerObj, PyDict, PyList, PyTuple, Tensor, TensorNode, UNKNOWN, because, dictKey, errorWhy, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';
import type { KerasContext } from './context';
import { dictKeyText, flattenTensors, sameExceptBatch, sortedDictEntries, tensorsIn } from './convert';
import { FunctionalModel, setTrainable } from './models';
import { CallEvent } from './records';

export function constructFunctional(k: KerasContext, args: CallSiteArgs, range: TextRange): Value {
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
  if (!inputs || !outputs) {
    const which = !inputs ? inputsValue : outputsValue;
    return unknownBecause(whyOf(which) || `the ${!inputs ? 'inputs' : 'outputs'} given to the model on line ${k.host.text.slice(0, range.start).split('\n').length} are not tensors the analysis follows`);
  }
  const { layers, opaque } = collectGraphLayers(inputs, outputs);
  const name = typeof nameArg === 'string' ? nameArg : k.uniqueName('functional');
  const inputKeys = inputsValue instanceof PyDict ? sortedDictEntries(inputsValue).map(([k]) => dictKeyText(k)) : null;
  const outputKeys = outputsValue instanceof PyDict ? sortedDictEntries(outputsValue).map(([k]) => k) : null;
  const model = new FunctionalModel({ positional: [], keywords: {} }, range, name, inputs, outputs, !(outputsValue instanceof Tensor), layers, inputKeys, outputKeys);
  model.opaque = opaque;
  if (args.keywords.get('trainable') === false) setTrainable(model, false);
  k.recordModel({ model });
  return model;
}

/** "the input shapes are not known", with where that comes from when known. */
function unknownInputsReason(why: string): string {
  return why ? `the input shapes are not known ${because(why)}` : 'the input shapes are not known';
}

export function callFunctional(k: KerasContext, model: FunctionalModel, args: CallSiteArgs, site: TextRange, hint: number): Value {
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
  // Why an output is unknown: the reason given for the call (or the model's own output's), carried to what uses it.
  let outWhy = '';
  let errorLine: number | undefined;
  const wrap = (shapes: (Shape | null)[]): Value => {
    const tensors = shapes.map((s, i) => {
      const t = new Tensor(s, node, symbolic);
      if (s === null) {
        const w = (errorLine === undefined && whyOf(model.outputs[i])) || outWhy;
        if (w) t.why = w;
        if (errorLine !== undefined) t.errorLine = errorLine;
      }
      return t;
    });
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
  outWhy = given.map((t) => whyOf(t)).find((w) => w !== '') || whyOf(x);
  let reason = unknownInputsReason(outWhy);
  if (given.length === model.inputs.length && given.every((t) => t.shape)) {
    // Keras checks each input against the model's own (batch axis free): a fixed size that differs is an error.
    for (let i = 0; i < given.length; i++) {
      const want = model.inputs[i].shape;
      const got = given[i].shape as Shape;
      if (!want || want.length !== got.length) continue;
      if (want.some((d, j) => j > 0 && d !== null && got[j] !== null && d !== got[j])) {
        const spec: Shape = [null, ...want.slice(1)];
        k.host.report(site, 'error', 'incompatible-input', `Input ${i} of layer "${model.name}" is incompatible with the layer: expected shape=${formatShape(spec)}, found shape=${formatShape(got)}`);
        errorLine = k.host.text.slice(0, site.start).split('\n').length;
        outWhy = errorWhy(errorLine);
        return wrap(model.outputs.map(() => null));
      }
    }
    if (given.every((t, i) => t.shape && sameExceptBatch(t.shape, model.inputs[i].shape))) {
      const batch = given[0].shape?.[0] ?? null;
      const modelBatch = model.inputs[0].shape?.[0] ?? null;
      const each = model.outputs.map((o) => (o.shape ? (modelBatch === o.shape[0] ? [batch, ...o.shape.slice(1)] : o.shape) : null));
      if (each.some((o) => o === null)) {
        // Some outputs are unknown: the call's record is `?`, but the known outputs still flow on.
        const why = model.outputs.map((o) => whyOf(o)).find((w) => w !== '') ?? '';
        k.record(new CallEvent(site, hint, model, given.map((t) => t.shape), null, [], why ? `some outputs of the model are not known ${because(why)}` : 'some outputs of the model are not known'));
        return wrap(each);
      }
      outs = each as Shape[];
    } else {
      outs = replayGraph(k, model, given.map((t) => t.shape as Shape));
      // Its own outputs not known (a size read from data): that is why; else the replay failed.
      outWhy = model.outputs.map((o) => whyOf(o)).find((w) => w !== '') ?? '';
      reason = outWhy ? `the output shape is not known ${because(outWhy)}` : 'the model could not be run again on these input shapes';
    }
  }
  k.record(new CallEvent(site, hint, model, given.map((t) => t.shape), outs, [], outs ? undefined : reason));
  if (outs) model.lastOutputs = outs;
  return wrap(outs ?? model.outputs.map(() => null));
}

/**
 * A functional model's graph run again on new input shapes, the way Keras
 * replays its nodes: each layer and tensor operation recomputed from the
 * replayed shapes of its inputs, quietly (no records, no diagnostics; a
 * failure makes the outputs unknown). Null when any output is unknown.
 */
function replayGraph(k: KerasContext, model: FunctionalModel, shapes: readonly Shape[]): Shape[] | null {
  const events = k.events.length;
  const diags = k.host.diagnostics.length;
  const lastOutputs = model.layers.map((l) => l.lastOutputs);
  const memo = new Map<Tensor, Shape | null>();
  model.inputs.forEach((t, i) => memo.set(t, shapes[i]));
  const reruns = new Map<TensorNode, Tensor[] | null>();
  const sameShape = (a: Shape | null, b: Shape | null): boolean => a === b || (a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]));
  const shapeOf = (t: Tensor): Shape | null => {
    const known = memo.get(t);
    if (known !== undefined) return known;
    k.host.tick();
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
              k.rerun(rerun, (old) => {
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
    k.events.length = events;
    k.host.diagnostics.length = diags;
    model.layers.forEach((l, i) => (l.lastOutputs = lastOutputs[i]));
  }
}

// ---------------------------------------------------------------- subclassed

/** Every layer between the inputs and the outputs of a functional model, in call order. */
export function collectGraphLayers(inputs: readonly Tensor[], outputs: readonly Tensor[]): { layers: LayerObj[]; opaque: boolean } {
  const stop = new Set(inputs);
  const seenTensors = new Set<Tensor>();
  const layers = new Map<LayerObj, number>();
  let opaque = false;
  const stack = [...outputs];
  while (stack.length > 0) {
    const t = stack.pop() as Tensor;
    if (seenTensors.has(t) || stop.has(t)) continue;
    seenTensors.add(t);
    const node = t.node;
    if (!node) continue;
    if (node.opaque) opaque = true;
    if (node.layer) {
      const prev = layers.get(node.layer);
      if (prev === undefined || t.id < prev) layers.set(node.layer, t.id);
    }
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) stack.push(inputs[i]);
  }
  return { layers: [...layers.entries()].sort((a, b) => a[1] - b[1]).map(([l]) => l), opaque };
}

