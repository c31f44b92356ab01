// What the application constructors share: binding the call's arguments,
// the checks of `imagenet_utils.obtain_input_shape`, the `weights`/`classes`
// checks, the input tensor and the usual classification head.
import { ACTIVATION_NAMES } from '../activations';
import { pyRepr } from '../format';
import type { Dim, PyValue, Shape } from '../types';
import { Graph, type Tensor } from './graph';
import { cannotTell, raise, type ApplicationArgs } from './types';

export interface ParamSpec {
  readonly name: string;
  readonly default: PyValue;
}

export const p = (name: string, def: PyValue): ParamSpec => ({ name, default: def });

/** `include_top, weights, input_tensor, input_shape, pooling, classes, classifier_activation, name`. */
export function standardParams(defaultName: string): ParamSpec[] {
  return [
    p('include_top', true),
    p('weights', 'imagenet'),
    p('input_tensor', null),
    p('input_shape', null),
    p('pooling', null),
    p('classes', 1000),
    p('classifier_activation', 'softmax'),
    p('name', defaultName),
  ];
}

function isUnknownValue(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'unknown';
}

/** Python's truth value of a plain value. */
export function truthy(v: PyValue): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** The bound arguments of one constructor call. */
export class AppArgs {
  private readonly values = new Map<string, PyValue>();
  private readonly passed = new Set<string>();
  /** The shape of `input_tensor` when one was given. */
  readonly inputTensor: Shape | undefined;
  readonly inputTensorName: string | undefined;

  constructor(
    readonly constructorName: string,
    params: readonly ParamSpec[],
    args: ApplicationArgs,
  ) {
    const positional = args.positional ?? [];
    if (positional.length > params.length) {
      raise('TypeError', `${constructorName}() takes from 0 to ${params.length} positional arguments but ${positional.length} were given`);
    }
    positional.forEach((v, i) => {
      this.values.set(params[i].name, v);
      this.passed.add(params[i].name);
    });
    for (const [k, v] of Object.entries(args.keywords ?? {})) {
      if (!params.some((q) => q.name === k)) raise('TypeError', `${constructorName}() got an unexpected keyword argument '${k}'`);
      if (this.passed.has(k)) raise('TypeError', `${constructorName}() got multiple values for argument '${k}'`);
      this.values.set(k, v);
      this.passed.add(k);
    }
    for (const q of params) if (!this.values.has(q.name)) this.values.set(q.name, q.default);
    this.inputTensor = args.inputTensor?.shape;
    this.inputTensorName = args.inputTensor?.name;
    if (this.inputTensor !== undefined) this.values.set('input_tensor', { kind: 'opaque', repr: '<KerasTensor>' });
    else if (this.values.get('input_tensor') !== null) cannotTell('`input_tensor` is given, but not as a tensor of known shape');
  }

  has(name: string): boolean {
    return this.passed.has(name);
  }

  get(name: string): PyValue {
    const v = this.values.get(name) ?? null;
    if (isUnknownValue(v)) cannotTell(`the value of \`${name}\` is not known statically`);
    return v;
  }

  bool(name: string): boolean {
    return truthy(this.get(name));
  }

  num(name: string): number {
    const v = this.get(name);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number') cannotTell(`\`${name}\` must be a number here; received ${pyRepr(v)}`);
    return v;
  }

  /** `input_shape` as given: undefined for None, or a tuple of dims. */
  inputShape(): readonly Dim[] | undefined {
    const v = this.get('input_shape');
    if (v === null) return undefined;
    if (!Array.isArray(v)) cannotTell(`\`input_shape\` must be a tuple; received ${pyRepr(v)}`);
    const dims = v as readonly PyValue[];
    for (const d of dims) if (d !== null && typeof d !== 'number') cannotTell(`\`input_shape\` must hold integers or None; received ${pyRepr(v)}`);
    return dims as readonly Dim[];
  }
}

/** Keras's wording of the `weights` and `classes` checks, which differs between files. */
export interface CheckMessages {
  readonly weights: (weights: string) => string;
  readonly classes: (classes: string) => string;
}

const WEIGHTS_TEXT = 'The `weights` argument should be either `None` (random initialization), ';

/** The wording of resnet.py and vgg*.py. */
export const RESNET_MESSAGES: CheckMessages = {
  weights: (w) => `${WEIGHTS_TEXT}'imagenet' (pre-training on ImageNet), or the path to the weights file to be loaded.  Received: weights=${w}`,
  classes: (c) => `If using \`weights='imagenet'\` with \`include_top=True\`, \`classes\` should be 1000.  Received classes=${c}`,
};

/** The start of the `weights` message with `imagenet` in backquotes, completed by `tail`. */
export function weightsMessage(tail: (w: string) => string): (w: string) => string {
  return (w) => `${WEIGHTS_TEXT}\`imagenet\` (pre-training on ImageNet), or the path to the weights file to be loaded.${tail(w)}`;
}

/** `weights` must be None, 'imagenet' or a path. */
export function checkWeights(a: AppArgs, messages: CheckMessages): void {
  const w = a.get('weights');
  if (w === null || typeof w === 'string') return;
  raise('ValueError', messages.weights(pyStrOf(w)));
}

export function pyStrOf(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

export function isImagenet(a: AppArgs): boolean {
  return a.get('weights') === 'imagenet';
}

/** With ImageNet weights and the top, `classes` must be 1000. */
export function checkClasses(a: AppArgs, messages: CheckMessages): void {
  const classes = a.get('classes');
  if (isImagenet(a) && a.bool('include_top') && classes !== 1000) raise('ValueError', messages.classes(pyStrOf(classes)));
}

export function dimsRepr(dims: readonly Dim[]): string {
  return pyRepr(dims as readonly PyValue[]);
}

function sameDims(x: readonly Dim[], y: readonly Dim[]): boolean {
  return x.length === y.length && x.every((d, i) => d === y[i]);
}

/** Keras's `obtain_input_shape` (channels_last): the (H, W, C) the model is built for. */
export function obtainInputShape(
  g: Graph,
  given: readonly Dim[] | undefined,
  defaultSize: number,
  minSize: number,
  requireFlatten: boolean,
  weights: PyValue,
): readonly Dim[] {
  let defaultShape: readonly Dim[];
  if (weights !== 'imagenet' && given !== undefined && given.length === 3) {
    const ch = given[2];
    if (ch !== 1 && ch !== 3) {
      g.warnings.push(`This model usually expects 1 or 3 input channels. However, it was passed an input_shape with ${ch === null ? 'None' : ch} input channels.`);
    }
    defaultShape = [defaultSize, defaultSize, ch];
  } else defaultShape = [defaultSize, defaultSize, 3];
  if (weights === 'imagenet' && requireFlatten) {
    if (given !== undefined && !sameDims(given, defaultShape)) {
      raise(
        'ValueError',
        `When setting \`include_top=True\` and loading \`imagenet\` weights, \`input_shape\` should be ${dimsRepr(defaultShape)}.  Received: input_shape=${dimsRepr(given)}`,
      );
    }
    return defaultShape;
  }
  let shape: readonly Dim[];
  if (given !== undefined && given.length > 0) {
    if (given.length !== 3) raise('ValueError', '`input_shape` must be a tuple of three integers.');
    if (given[2] !== 3 && weights === 'imagenet') raise('ValueError', `The input must have 3 channels; Received \`input_shape=${dimsRepr(given)}\``);
    if ((given[0] !== null && given[0] < minSize) || (given[1] !== null && given[1] < minSize)) {
      raise('ValueError', `Input size must be at least ${minSize}x${minSize}; Received: input_shape=${dimsRepr(given)}`);
    }
    shape = given;
  } else shape = requireFlatten ? defaultShape : [null, null, 3];
  if (requireFlatten && shape.includes(null)) {
    raise('ValueError', `If \`include_top\` is True, you should specify a static \`input_shape\`. Received: input_shape=${dimsRepr(shape)}`);
  }
  return shape;
}

/** The model's input: `input_tensor` when given, else `Input(shape=input_shape)`. */
export function makeInput(g: Graph, a: AppArgs, shape: readonly Dim[]): Tensor {
  if (a.inputTensor !== undefined) return g.input(a.inputTensor, a.inputTensorName ?? 'input_layer');
  return g.input([null, ...shape]);
}

/** `validate_activation`: with pretrained weights only None and softmax. */
export function validateClassifierActivation(a: AppArgs): void {
  const act = a.get('classifier_activation');
  if (a.get('weights') === null) return;
  if (typeof act === 'string' && !ACTIVATION_NAMES.has(act)) raise('ValueError', `Could not interpret activation function identifier: ${act}`);
  if (act === null || act === 'softmax' || act === 'linear') return;
  raise(
    'ValueError',
    'Only `None` and `softmax` activations are allowed for the `classifier_activation` argument when using pretrained weights, ' +
      `with \`include_top=True\`; Received: classifier_activation=${typeof act === 'string' ? `<function ${act}>` : pyStrOf(act)}`,
  );
}

/** The checks most constructors start with, and their input. */
export function standardStart(g: Graph, a: AppArgs, defaultSize: number, minSize: number, messages: CheckMessages): Tensor {
  checkWeights(a, messages);
  checkClasses(a, messages);
  const shape = obtainInputShape(g, a.inputShape(), defaultSize, minSize, a.bool('include_top'), a.get('weights'));
  return makeInput(g, a, shape);
}

/** `pooling="avg"` / `"max"` without the top; anything else adds nothing. */
export function optionalPooling(g: Graph, a: AppArgs, x: Tensor, avgName: string | null, maxName: string | null): Tensor {
  const pooling = a.get('pooling');
  if (pooling === 'avg') return g.layer('GlobalAveragePooling2D', avgName === null ? {} : { name: avgName }, x);
  if (pooling === 'max') return g.layer('GlobalMaxPooling2D', maxName === null ? {} : { name: maxName }, x);
  return x;
}

/** The usual head: global average pooling then `Dense(classes)` named `predictions`, or optional pooling. */
export function standardHead(g: Graph, a: AppArgs, x: Tensor, avgName = 'avg_pool', maxName = 'max_pool'): Tensor {
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', { name: avgName }, x);
    validateClassifierActivation(a);
    return g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  }
  return optionalPooling(g, a, x, avgName, maxName);
}

/** The model's name argument, as a string; `None` gives a Functional model its auto name. */
export function modelName(a: AppArgs): string {
  const name = a.get('name');
  return name === null ? 'functional' : pyStrOf(name);
}

/** `imagenet_utils.correct_pad`: the asymmetric padding before a strided k×k convolution. */
export function correctPad(shape: Shape, kernel: number): PyValue {
  const h = shape[1];
  const w = shape[2];
  let adjust: [number, number];
  if (h === null) adjust = [1, 1];
  else {
    if (w === null) raise('TypeError', "unsupported operand type(s) for %: 'NoneType' and 'int'");
    adjust = [1 - (h % 2), 1 - (w % 2)];
  }
  const c = Math.floor(kernel / 2);
  return [
    [c - adjust[0], c],
    [c - adjust[1], c],
  ];
}

/** The MobileNet/EfficientNet channel rounding: the nearest multiple of `divisor`, never 10 % below `v`. */
export function makeDivisible(v: number, divisor: number, minValue?: number): number {
  const min = minValue ?? divisor;
  let n = Math.max(min, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (n < 0.9 * v) n += divisor;
  return n;
}

/** Python's `f"{x:0.2f}"`. */
export function fixed2(x: PyValue): string {
  return typeof x === 'number' ? x.toFixed(2) : pyStrOf(x);
}

/** `rows` as an f-string shows it. */
export function dimText(d: Dim | undefined): string {
  return d === null || d === undefined ? 'None' : String(d);
}
