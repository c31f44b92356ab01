// MobileNet (depthwise-separable blocks) and MobileNetV2 (inverted residual
// blocks); both scale their widths by `alpha` and name the model after it.
import { AppArgs, checkClasses, checkWeights, correctPad, dimsRepr, fixed2, dimText, makeDivisible, makeInput, obtainInputShape, optionalPooling, p, pyStrOf, validateClassifierActivation, weightsMessage, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';
import { raise } from './types';
import type { Dim } from '../types';

const V1_MESSAGES: CheckMessages = {
  weights: (w) =>
    `The \`weights\` argument should be either \`None\` (random initialization), 'imagenet' (pre-training on ImageNet), or the path to the weights file to be loaded. Received weights=${w}`,
  classes: (c) => `If using \`weights='imagenet'\` with \`include_top=True\`, \`classes\` should be 1000.  Received classes=${c}`,
};

const V2_MESSAGES: CheckMessages = {
  weights: weightsMessage((w) => `  Received \`weights=${w}\``),
  classes: (c) => `If using \`weights="imagenet"\` with \`include_top\` as true, \`classes\` should be 1000. Received \`classes=${c}\``,
};

/** The default size: the input's own when square and one of `sizes`. */
function sizeFrom(shape: readonly Dim[] | undefined, sizes: readonly number[]): number {
  if (shape === undefined) return 224;
  if (shape.length < 2) raise('IndexError', 'tuple index out of range');
  const rows = shape[0];
  return rows !== null && rows === shape[1] && sizes.includes(rows) ? rows : 224;
}

function convBlock(g: Graph, x: Tensor, filters: number, alpha: number): Tensor {
  x = g.layer('Conv2D', { filters: Math.trunc(filters * alpha), kernel_size: [3, 3], padding: 'same', use_bias: false, strides: [2, 2], name: 'conv1' }, x);
  x = g.layer('BatchNormalization', { axis: -1, name: 'conv1_bn' }, x);
  return g.layer('ReLU', { max_value: 6.0, name: 'conv1_relu' }, x);
}

function depthwiseBlock(g: Graph, x: Tensor, filters: number, alpha: number, depthMultiplier: number, stride: number, id: number): Tensor {
  if (stride !== 1) x = g.layer('ZeroPadding2D', { padding: [[0, 1], [0, 1]], name: `conv_pad_${id}` }, x);
  x = g.layer(
    'DepthwiseConv2D',
    { kernel_size: [3, 3], padding: stride === 1 ? 'same' : 'valid', depth_multiplier: depthMultiplier, strides: [stride, stride], use_bias: false, name: `conv_dw_${id}` },
    x,
  );
  x = g.layer('BatchNormalization', { axis: -1, name: `conv_dw_${id}_bn` }, x);
  x = g.layer('ReLU', { max_value: 6.0, name: `conv_dw_${id}_relu` }, x);
  x = g.layer('Conv2D', { filters: Math.trunc(filters * alpha), kernel_size: [1, 1], padding: 'same', use_bias: false, strides: [1, 1], name: `conv_pw_${id}` }, x);
  x = g.layer('BatchNormalization', { axis: -1, name: `conv_pw_${id}_bn` }, x);
  return g.layer('ReLU', { max_value: 6.0, name: `conv_pw_${id}_relu` }, x);
}

/** (filters, stride) of MobileNet's 13 depthwise-separable blocks. */
const V1_BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

function mobilenet(a: AppArgs, g: Graph): BuiltModel {
  checkWeights(a, V1_MESSAGES);
  checkClasses(a, V1_MESSAGES);
  const given = a.inputShape();
  const imagenet = a.get('weights') === 'imagenet';
  const shape = obtainInputShape(g, given, sizeFrom(given, [128, 160, 192, 224]), 32, a.bool('include_top'), a.get('weights'));
  let rows: Dim = shape[0];
  const alpha = a.num('alpha');
  const depthMultiplier = a.num('depth_multiplier');
  if (imagenet) {
    if (depthMultiplier !== 1) raise('ValueError', `If imagenet weights are being loaded, depth multiplier must be 1.  Received depth_multiplier=${pyStrOf(a.get('depth_multiplier'))}`);
    if (![0.25, 0.5, 0.75, 1.0].includes(alpha)) {
      raise('ValueError', `If imagenet weights are being loaded, alpha can be one of\`0.25\`, \`0.50\`, \`0.75\` or \`1.0\` only.  Received alpha=${pyStrOf(a.get('alpha'))}`);
    }
    if (rows !== shape[1] || rows === null || ![128, 160, 192, 224].includes(rows)) {
      rows = 224;
      g.warnings.push('`input_shape` is undefined or non-square, or `rows` is not in [128, 160, 192, 224]. Weights for input shape (224, 224) will be loaded as the default.');
    }
  }
  const input = makeInput(g, a, shape);
  let x = convBlock(g, input, 32, alpha);
  V1_BLOCKS.forEach(([filters, stride], i) => (x = depthwiseBlock(g, x, filters, alpha, depthMultiplier, stride, i + 1)));
  if (a.bool('include_top')) {
    const classes = a.get('classes');
    x = g.layer('GlobalAveragePooling2D', { keepdims: true }, x);
    x = g.layer('Dropout', { rate: a.get('dropout'), name: 'dropout' }, x);
    x = g.layer('Conv2D', { filters: classes, kernel_size: [1, 1], padding: 'same', name: 'conv_preds' }, x);
    x = g.layer('Reshape', { target_shape: [classes], name: 'reshape_2' }, x);
    validateClassifierActivation(a);
    x = g.layer('Activation', { activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  const name = a.get('name');
  return { name: name === null ? `mobilenet_${fixed2(alpha)}_${dimText(rows)}` : pyStrOf(name), input, output: x };
}

function invertedResBlock(g: Graph, inputs: Tensor, expansion: number, stride: number, alpha: number, filters: number, id: number): Tensor {
  const inCh = inputs.shape[inputs.shape.length - 1];
  const pointwise = makeDivisible(Math.trunc(filters * alpha), 8);
  let x = inputs;
  let prefix = `block_${id}_`;
  const bn = { axis: -1, epsilon: 0.001, momentum: 0.999 };
  if (id !== 0) {
    x = g.layer('Conv2D', { filters: inCh === null ? null : expansion * inCh, kernel_size: 1, padding: 'same', use_bias: false, activation: null, name: `${prefix}expand` }, x);
    x = g.layer('BatchNormalization', { ...bn, name: `${prefix}expand_BN` }, x);
    x = g.layer('ReLU', { max_value: 6.0, name: `${prefix}expand_relu` }, x);
  } else prefix = 'expanded_conv_';
  if (stride === 2) x = g.layer('ZeroPadding2D', { padding: correctPad(x.shape, 3), name: `${prefix}pad` }, x);
  x = g.layer(
    'DepthwiseConv2D',
    { kernel_size: 3, strides: stride, activation: null, use_bias: false, padding: stride === 1 ? 'same' : 'valid', name: `${prefix}depthwise` },
    x,
  );
  x = g.layer('BatchNormalization', { ...bn, name: `${prefix}depthwise_BN` }, x);
  x = g.layer('ReLU', { max_value: 6.0, name: `${prefix}depthwise_relu` }, x);
  x = g.layer('Conv2D', { filters: pointwise, kernel_size: 1, padding: 'same', use_bias: false, activation: null, name: `${prefix}project` }, x);
  x = g.layer('BatchNormalization', { ...bn, name: `${prefix}project_BN` }, x);
  if (inCh === pointwise && stride === 1) return g.layer('Add', { name: `${prefix}add` }, [inputs, x]);
  return x;
}

/** (filters, stride, expansion) of MobileNetV2's 17 inverted residual blocks. */
const V2_BLOCKS: readonly (readonly [number, number, number])[] = [
  [16, 1, 1], [24, 2, 6], [24, 1, 6], [32, 2, 6], [32, 1, 6], [32, 1, 6], [64, 2, 6], [64, 1, 6], [64, 1, 6],
  [64, 1, 6], [96, 1, 6], [96, 1, 6], [96, 1, 6], [160, 2, 6], [160, 1, 6], [160, 1, 6], [320, 1, 6],
];
const V2_SIZES = [96, 128, 160, 192, 224];

function mobilenetV2(a: AppArgs, g: Graph): BuiltModel {
  checkWeights(a, V2_MESSAGES);
  checkClasses(a, V2_MESSAGES);
  const given = a.inputShape();
  const tensor = a.inputTensor;
  if (given !== undefined && tensor !== undefined && tensor[2] !== given[1]) {
    raise('ValueError', `input_tensor.shape[2] must equal input_shape[1]; Received \`input_tensor.shape=${dimsRepr(tensor)}\`, \`input_shape=${dimsRepr(given)}\``);
  }
  const defaultSize = given === undefined && tensor !== undefined ? sizeFrom(tensor.slice(1), V2_SIZES) : sizeFrom(given, V2_SIZES);
  const shape = obtainInputShape(g, given, defaultSize, 32, a.bool('include_top'), a.get('weights'));
  let rows: Dim = shape[0];
  const alpha = a.num('alpha');
  if (a.get('weights') === 'imagenet') {
    if (![0.35, 0.5, 0.75, 1.0, 1.3, 1.4].includes(alpha)) {
      raise('ValueError', `If imagenet weights are being loaded, alpha must be one of \`0.35\`, \`0.50\`, \`0.75\`, \`1.0\`, \`1.3\` or \`1.4\` only; Received \`alpha=${pyStrOf(a.get('alpha'))}\``);
    }
    if (rows !== shape[1] || rows === null || !V2_SIZES.includes(rows)) {
      rows = 224;
      g.warnings.push('`input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192, 224]. Weights for input shape (224, 224) will be loaded as the default.');
    }
  }
  const input = makeInput(g, a, shape);
  const bn = { axis: -1, epsilon: 0.001, momentum: 0.999 };
  let x = g.layer('Conv2D', { filters: makeDivisible(32 * alpha, 8), kernel_size: 3, strides: [2, 2], padding: 'same', use_bias: false, name: 'Conv1' }, input);
  x = g.layer('BatchNormalization', { ...bn, name: 'bn_Conv1' }, x);
  x = g.layer('ReLU', { max_value: 6.0, name: 'Conv1_relu' }, x);
  V2_BLOCKS.forEach(([filters, stride, expansion], id) => (x = invertedResBlock(g, x, expansion, stride, alpha, filters, id)));
  x = g.layer('Conv2D', { filters: alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280, kernel_size: 1, use_bias: false, name: 'Conv_1' }, x);
  x = g.layer('BatchNormalization', { ...bn, name: 'Conv_1_bn' }, x);
  x = g.layer('ReLU', { max_value: 6.0, name: 'out_relu' }, x);
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', {}, x);
    validateClassifierActivation(a);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  const name = a.get('name');
  return { name: name === null ? `mobilenetv2_${fixed2(alpha)}_${dimText(rows)}` : pyStrOf(name), input, output: x };
}

export const mobilenetApplications: readonly ApplicationDef[] = [
  {
    name: 'MobileNet',
    family: 'MobileNet',
    params: [
      p('input_shape', null), p('alpha', 1.0), p('depth_multiplier', 1), p('dropout', 0.001), p('include_top', true), p('weights', 'imagenet'),
      p('input_tensor', null), p('pooling', null), p('classes', 1000), p('classifier_activation', 'softmax'), p('name', null),
    ],
    build: mobilenet,
  },
  {
    name: 'MobileNetV2',
    family: 'MobileNet',
    params: [
      p('input_shape', null), p('alpha', 1.0), p('include_top', true), p('weights', 'imagenet'), p('input_tensor', null),
      p('pooling', null), p('classes', 1000), p('classifier_activation', 'softmax'), p('name', null),
    ],
    build: mobilenetV2,
  },
];
