// Layers that are more than one engine call: Sequential and functional
// models, user subclasses of keras.Model / keras.layers.Layer, Lambda and
// InputLayer; and what holds for all of them (sublayers, `trainable`).
//
//   model = keras.Sequential([layers.Dense(4)])   → SequentialModel, one entry
import type { ProbeShapes } from './partial';
import type { CallArgs, Shape, Weight } from '../../engine';
import { declareCopy } from '../stateCopy';
import { LAYER_SHARED_FIELDS, LayerObj, PyDict, PyList, PyTuple, type PyClass, type Tensor, type Value } from '../values';
import type { SyntaxNode } from '../../python/syntax';
import type { TextRange } from '../types';

export class SequentialModel extends LayerObj {
  entries: { layer: LayerObj; site: TextRange; hint: number }[] = [];
  inputShape: Shape | null = null;
  built = false;
  outputShape: Shape | null = null;
  failed = false;
  /** When `failed`: why its layers are not known (what was given instead of a layer, or the error). */
  failedWhy: string | undefined = undefined;
  /** Why its input shape is unknown, when it was built on one (`input_shape=X.shape[1:]` from data). */
  inputWhy: string | undefined = undefined;
  /** When `inputShape` / `outputShape` is null but the rank is known: the shape under each probe size (keras/partial.ts). */
  inputProbes: ProbeShapes | null = null;
  outputProbes: ProbeShapes | null = null;
  /** When that reason is an error Keras raises (a layer before fails): its line. */
  inputErrorLine: number | undefined = undefined;
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

declareCopy(SequentialModel, { kind: 'fields', shared: [...LAYER_SHARED_FIELDS, 'inputShape', 'outputShape', 'inputProbes', 'outputProbes'] });
declareCopy(FunctionalModel, { kind: 'fields', shared: [...LAYER_SHARED_FIELDS, 'inputKeys', 'outputKeys'] });
declareCopy(InputLayerObj, { kind: 'fields', shared: [...LAYER_SHARED_FIELDS, 'shape'] });
declareCopy(LambdaLayer, { kind: 'fields', shared: [...LAYER_SHARED_FIELDS, 'ctorNode'] });
declareCopy(SubclassInstance, { kind: 'fields', shared: LAYER_SHARED_FIELDS });

export type Params = { trainable: number; nonTrainable: number };

/** Keras's `trainable` setter: the flag reaches every sublayer. */
export function setTrainable(obj: LayerObj, value: boolean): void {
  obj.trainable = value;
  for (const sub of sublayers(obj)) setTrainable(sub, value);
}

export function sublayers(obj: LayerObj): LayerObj[] {
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

export function isBuilt(model: LayerObj): boolean {
  if (model instanceof SequentialModel) return model.built;
  if (model instanceof SubclassInstance) return model.built;
  return true;
}

/** Whether `l` is a model or subclass (its weights are its sublayers'), not one engine layer. */
export function isComposite(l: LayerObj): boolean {
  return l instanceof SequentialModel || l instanceof FunctionalModel || l instanceof SubclassInstance;
}
