// MobileNetV3Small/Large: inverted residual blocks with hard-swish and
// squeeze-and-excitation; no default input size (H and W stay unknown).
import { AppArgs, checkClasses, checkWeights, correctPad, dimsRepr, makeDivisible, modelName, optionalPooling, p, validateClassifierActivation, weightsMessage, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';
import { raise } from './types';
import type { Dim } from '../types';

const MESSAGES: CheckMessages = {
  weights: weightsMessage((w) => `  Received weights=${w}`),
  classes: (c) => `If using \`weights="imagenet"\` with \`include_top\` as true, \`classes\` should be 1000.  Received classes=${c}`,
};

type Act = (g: Graph, x: Tensor) => Tensor;

const relu: Act = (g, x) => g.layer('ReLU', {}, x);
const hardSwish: Act = (g, x) => g.layer('Activation', { activation: 'hard_swish' }, x);

/** `relu6(x + 3) * (1 / 6)`, written with `keras.ops` arithmetic. */
function hardSigmoid(g: Graph, x: Tensor): Tensor {
  const shifted = g.op('Add', [x]);
  const r = g.layer('ReLU', { max_value: 6.0 }, shifted);
  return g.op('Multiply', [r]);
}

function seBlock(g: Graph, inputs: Tensor, filters: number, ratio: number, prefix: string): Tensor {
  let x = g.layer('GlobalAveragePooling2D', { keepdims: true, name: `${prefix}squeeze_excite_avg_pool` }, inputs);
  x = g.layer('Conv2D', { filters: makeDivisible(filters * ratio, 8), kernel_size: 1, padding: 'same', name: `${prefix}squeeze_excite_conv` }, x);
  x = g.layer('ReLU', { name: `${prefix}squeeze_excite_relu` }, x);
  x = g.layer('Conv2D', { filters, kernel_size: 1, padding: 'same', name: `${prefix}squeeze_excite_conv_1` }, x);
  x = hardSigmoid(g, x);
  return g.layer('Multiply', { name: `${prefix}squeeze_excite_mul` }, [inputs, x]);
}

function invertedResBlock(g: Graph, x: Tensor, expansion: number, filters: number, kernel: number, stride: number, se: number | null, act: Act, id: number): Tensor {
  const shortcut = x;
  let prefix = 'expanded_conv_';
  const inCh = x.shape[x.shape.length - 1];
  const bn = { axis: -1, epsilon: 0.001, momentum: 0.999 };
  const expanded = inCh === null ? null : makeDivisible(inCh * expansion, 8);
  if (id !== 0) {
    prefix = `expanded_conv_${id}_`;
    x = g.layer('Conv2D', { filters: expanded, kernel_size: 1, padding: 'same', use_bias: false, name: `${prefix}expand` }, x);
    x = g.layer('BatchNormalization', { ...bn, name: `${prefix}expand_bn` }, x);
    x = act(g, x);
  }
  if (stride === 2) x = g.layer('ZeroPadding2D', { padding: correctPad(x.shape, kernel), name: `${prefix}depthwise_pad` }, x);
  x = g.layer('DepthwiseConv2D', { kernel_size: kernel, strides: stride, padding: stride === 1 ? 'same' : 'valid', use_bias: false, name: `${prefix}depthwise` }, x);
  x = g.layer('BatchNormalization', { ...bn, name: `${prefix}depthwise_bn` }, x);
  x = act(g, x);
  if (se !== null && se !== 0 && expanded !== null) x = seBlock(g, x, expanded, se, prefix);
  x = g.layer('Conv2D', { filters, kernel_size: 1, padding: 'same', use_bias: false, name: `${prefix}project` }, x);
  x = g.layer('BatchNormalization', { ...bn, name: `${prefix}project_bn` }, x);
  if (stride === 1 && inCh === filters) x = g.layer('Add', { name: `${prefix}add` }, [shortcut, x]);
  return x;
}

/** One block: expansion, filters (before alpha), kernel (null: the model's), stride, squeeze-excite, activation ('relu' or the model's). */
type BlockSpec = readonly [number, number, number | null, number, boolean, 'relu' | 'model'];

const SMALL: readonly BlockSpec[] = [
  [1, 16, 3, 2, true, 'relu'], [72.0 / 16, 24, 3, 2, false, 'relu'], [88.0 / 24, 24, 3, 1, false, 'relu'],
  [4, 40, null, 2, true, 'model'], [6, 40, null, 1, true, 'model'], [6, 40, null, 1, true, 'model'], [3, 48, null, 1, true, 'model'],
  [3, 48, null, 1, true, 'model'], [6, 96, null, 2, true, 'model'], [6, 96, null, 1, true, 'model'], [6, 96, null, 1, true, 'model'],
];

const LARGE: readonly BlockSpec[] = [
  [1, 16, 3, 1, false, 'relu'], [4, 24, 3, 2, false, 'relu'], [3, 24, 3, 1, false, 'relu'], [3, 40, null, 2, true, 'relu'],
  [3, 40, null, 1, true, 'relu'], [3, 40, null, 1, true, 'relu'], [6, 80, 3, 2, false, 'model'], [2.5, 80, 3, 1, false, 'model'],
  [2.3, 80, 3, 1, false, 'model'], [2.3, 80, 3, 1, false, 'model'], [6, 112, 3, 1, true, 'model'], [6, 112, 3, 1, true, 'model'],
  [6, 160, null, 2, true, 'model'], [6, 160, null, 1, true, 'model'], [6, 160, null, 1, true, 'model'],
];

function mobilenetV3(a: AppArgs, g: Graph, blocks: readonly BlockSpec[], lastPointCh: number): BuiltModel {
  checkWeights(a, MESSAGES);
  checkClasses(a, MESSAGES);
  let shape = a.inputShape();
  const tensor = a.inputTensor;
  if (shape !== undefined && tensor !== undefined && tensor[2] !== shape[1]) {
    raise('ValueError', `input_shape[1] must equal input_tensor.shape[2].  Received input_shape=${dimsRepr(shape)}, input_tensor.shape=${dimsRepr(tensor)}`);
  }
  if (shape === undefined && tensor !== undefined) shape = [tensor[2], tensor[1], 3];
  if (shape === undefined) shape = [null, null, 3];
  const rows: Dim | undefined = shape[0];
  const cols: Dim | undefined = shape[1];
  if (rows && cols && (rows < 32 || cols < 32)) raise('ValueError', `Input size must be at least 32x32; Received \`input_shape=${dimsRepr(shape)}\``);
  const alpha = a.num('alpha');
  const minimalistic = a.bool('minimalistic');
  if (a.get('weights') === 'imagenet') {
    if ((!minimalistic && alpha !== 0.75 && alpha !== 1.0) || (minimalistic && alpha !== 1.0)) {
      raise('ValueError', 'If imagenet weights are being loaded, alpha can be one of `0.75`, `1.0` for non minimalistic or `1.0` for minimalistic only.');
    }
    if (rows !== cols || rows !== 224) {
      g.warnings.push('`input_shape` is undefined or non-square, or `rows` is not 224. Weights for input shape (224, 224) will be loaded as the default.');
    }
  }
  const input = tensor !== undefined ? g.input(tensor, a.inputTensorName ?? 'input_layer') : g.input([null, ...shape]);
  const kernel = minimalistic ? 3 : 5;
  const act: Act = minimalistic ? relu : hardSwish;
  const se = minimalistic ? null : 0.25;
  const bn = { axis: -1, epsilon: 0.001, momentum: 0.999 };
  let x = input;
  if (a.bool('include_preprocessing')) x = g.layer('Rescaling', { scale: 1.0 / 127.5, offset: -1.0 }, x);
  x = g.layer('Conv2D', { filters: 16, kernel_size: 3, strides: [2, 2], padding: 'same', use_bias: false, name: 'conv' }, x);
  x = g.layer('BatchNormalization', { ...bn, name: 'conv_bn' }, x);
  x = act(g, x);
  blocks.forEach(([expansion, filters, k, stride, withSe, which], id) => {
    x = invertedResBlock(g, x, expansion, makeDivisible(filters * alpha, 8), k ?? kernel, stride, withSe ? se : null, which === 'relu' ? relu : act, id);
  });
  const ch = x.shape[x.shape.length - 1];
  const lastConv = ch === null ? null : makeDivisible(ch * 6, 8);
  const lastPoint = alpha > 1.0 ? makeDivisible(lastPointCh * alpha, 8) : lastPointCh;
  x = g.layer('Conv2D', { filters: lastConv, kernel_size: 1, padding: 'same', use_bias: false, name: 'conv_1' }, x);
  x = g.layer('BatchNormalization', { ...bn, name: 'conv_1_bn' }, x);
  x = act(g, x);
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', { keepdims: true }, x);
    x = g.layer('Conv2D', { filters: lastPoint, kernel_size: 1, padding: 'same', use_bias: true, name: 'conv_2' }, x);
    x = act(g, x);
    const dropout = a.get('dropout_rate');
    if (typeof dropout === 'number' && dropout > 0) x = g.layer('Dropout', { rate: dropout }, x);
    x = g.layer('Conv2D', { filters: a.get('classes'), kernel_size: 1, padding: 'same', name: 'logits' }, x);
    x = g.layer('Flatten', {}, x);
    validateClassifierActivation(a);
    x = g.layer('Activation', { activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, 'avg_pool', 'max_pool');
  return { name: modelName(a), input, output: x };
}

function params(defaultName: string): ReturnType<typeof p>[] {
  return [
    p('input_shape', null), p('alpha', 1.0), p('minimalistic', false), p('include_top', true), p('weights', 'imagenet'), p('input_tensor', null),
    p('classes', 1000), p('pooling', null), p('dropout_rate', 0.2), p('classifier_activation', 'softmax'), p('include_preprocessing', true), p('name', defaultName),
  ];
}

export const mobilenetV3Applications: readonly ApplicationDef[] = [
  { name: 'MobileNetV3Small', family: 'MobileNet', params: params('MobileNetV3Small'), build: (a, g) => mobilenetV3(a, g, SMALL, 1024) },
  { name: 'MobileNetV3Large', family: 'MobileNet', params: params('MobileNetV3Large'), build: (a, g) => mobilenetV3(a, g, LARGE, 1280) },
];
