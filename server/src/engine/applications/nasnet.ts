// NASNetMobile and NASNetLarge: stacks of searched "normal" and
// "reduction" cells. Whether a cell's previous input needs a strided
// adjustment depends on whether two widths compare as different, so the
// graph differs when H and W are unknown.
import { AppArgs, checkClasses, checkWeights, correctPad, dimsRepr, makeInput, modelName, obtainInputShape, optionalPooling, p, validateClassifierActivation, weightsMessage, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';
import { raise } from './types';

const MESSAGES: CheckMessages = {
  weights: weightsMessage(() => ''),
  classes: () => 'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000',
};

const BN = { axis: -1, momentum: 0.9997, epsilon: 0.001 };

function relu(g: Graph, x: Tensor, name?: string): Tensor {
  return g.layer('Activation', name === undefined ? { activation: 'relu' } : { activation: 'relu', name }, x);
}

function sepBlock(g: Graph, ip: Tensor, filters: number, kernel: number, stride: number, id: string): Tensor {
  let x = relu(g, ip);
  let pad = 'same';
  if (stride === 2) {
    x = g.layer('ZeroPadding2D', { padding: correctPad(x.shape, kernel), name: `separable_conv_1_pad_${id}` }, x);
    pad = 'valid';
  }
  x = g.layer('SeparableConv2D', { filters, kernel_size: [kernel, kernel], strides: [stride, stride], name: `separable_conv_1_${id}`, padding: pad, use_bias: false }, x);
  x = g.layer('BatchNormalization', { ...BN, name: `separable_conv_1_bn_${id}` }, x);
  x = relu(g, x);
  x = g.layer('SeparableConv2D', { filters, kernel_size: [kernel, kernel], name: `separable_conv_2_${id}`, padding: 'same', use_bias: false }, x);
  return g.layer('BatchNormalization', { ...BN, name: `separable_conv_2_bn_${id}` }, x);
}

/** Brings the previous cell's output `prev` to the width and channel count of `ip`. */
function adjust(g: Graph, prev: Tensor | null, ip: Tensor, filters: number, id: string): Tensor {
  if (prev === null) return ip;
  const w = (t: Tensor): number | null => t.shape[t.shape.length - 2];
  if (w(prev) !== w(ip)) {
    const q = relu(g, prev, `adjust_relu_1_${id}`);
    let p1 = g.layer('AveragePooling2D', { pool_size: [1, 1], strides: [2, 2], padding: 'valid', name: `adjust_avg_pool_1_${id}` }, q);
    p1 = g.layer('Conv2D', { filters: Math.floor(filters / 2), kernel_size: [1, 1], padding: 'same', use_bias: false, name: `adjust_conv_1_${id}` }, p1);
    let p2 = g.layer('ZeroPadding2D', { padding: [[0, 1], [0, 1]] }, q);
    p2 = g.layer('Cropping2D', { cropping: [[1, 0], [1, 0]] }, p2);
    p2 = g.layer('AveragePooling2D', { pool_size: [1, 1], strides: [2, 2], padding: 'valid', name: `adjust_avg_pool_2_${id}` }, p2);
    p2 = g.layer('Conv2D', { filters: Math.floor(filters / 2), kernel_size: [1, 1], padding: 'same', use_bias: false, name: `adjust_conv_2_${id}` }, p2);
    const cat = g.layer('Concatenate', { axis: -1 }, [p1, p2]);
    return g.layer('BatchNormalization', { ...BN, name: `adjust_bn_${id}` }, cat);
  }
  if (prev.shape[prev.shape.length - 1] !== filters) {
    let q = relu(g, prev);
    q = g.layer('Conv2D', { filters, kernel_size: [1, 1], strides: [1, 1], padding: 'same', name: `adjust_conv_projection_${id}`, use_bias: false }, q);
    return g.layer('BatchNormalization', { ...BN, name: `adjust_bn_${id}` }, q);
  }
  return prev;
}

/** The cell's own input: ReLU, 1×1 convolution, batch normalization. */
function squeeze(g: Graph, ip: Tensor, filters: number, kind: 'normal' | 'reduction', id: string): Tensor {
  let h = relu(g, ip);
  h = g.layer('Conv2D', { filters, kernel_size: [1, 1], strides: [1, 1], padding: 'same', name: `${kind}_conv_1_${id}`, use_bias: false }, h);
  return g.layer('BatchNormalization', { ...BN, name: `${kind}_bn_1_${id}` }, h);
}

function add(g: Graph, a: Tensor, b: Tensor, name?: string): Tensor {
  return g.layer('Add', name === undefined ? {} : { name }, [a, b]);
}

function avgPool(g: Graph, x: Tensor, stride: number, padding: string, name: string): Tensor {
  return g.layer('AveragePooling2D', { pool_size: [3, 3], strides: [stride, stride], padding, name }, x);
}

function normalCell(g: Graph, ip: Tensor, prev: Tensor | null, filters: number, id: string): [Tensor, Tensor] {
  const q = adjust(g, prev, ip, filters, id);
  const h = squeeze(g, ip, filters, 'normal', id);
  const x1 = add(g, sepBlock(g, h, filters, 5, 1, `normal_left1_${id}`), sepBlock(g, q, filters, 3, 1, `normal_right1_${id}`), `normal_add_1_${id}`);
  const x2 = add(g, sepBlock(g, q, filters, 5, 1, `normal_left2_${id}`), sepBlock(g, q, filters, 3, 1, `normal_right2_${id}`), `normal_add_2_${id}`);
  const x3 = add(g, avgPool(g, h, 1, 'same', `normal_left3_${id}`), q, `normal_add_3_${id}`);
  const x4 = add(g, avgPool(g, q, 1, 'same', `normal_left4_${id}`), avgPool(g, q, 1, 'same', `normal_right4_${id}`), `normal_add_4_${id}`);
  const x5 = add(g, sepBlock(g, h, filters, 3, 1, `normal_left5_${id}`), h, `normal_add_5_${id}`);
  const x = g.layer('Concatenate', { axis: -1, name: `normal_concat_${id}` }, [q, x1, x2, x3, x4, x5]);
  return [x, ip];
}

function reductionCell(g: Graph, ip: Tensor, prev: Tensor | null, filters: number, id: string): [Tensor, Tensor] {
  const q = adjust(g, prev, ip, filters, id);
  const h = squeeze(g, ip, filters, 'reduction', id);
  const h3 = g.layer('ZeroPadding2D', { padding: correctPad(h.shape, 3), name: `reduction_pad_1_${id}` }, h);
  const x1 = add(g, sepBlock(g, h, filters, 5, 2, `reduction_left1_${id}`), sepBlock(g, q, filters, 7, 2, `reduction_right1_${id}`), `reduction_add_1_${id}`);
  const x2l = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'valid', name: `reduction_left2_${id}` }, h3);
  const x2 = add(g, x2l, sepBlock(g, q, filters, 7, 2, `reduction_right2_${id}`), `reduction_add_2_${id}`);
  const x3l = avgPool(g, h3, 2, 'valid', `reduction_left3_${id}`);
  const x3 = add(g, x3l, sepBlock(g, q, filters, 5, 2, `reduction_right3_${id}`), `reduction_add3_${id}`);
  const x4 = add(g, x2, avgPool(g, x1, 1, 'same', `reduction_left4_${id}`));
  const x5l = sepBlock(g, x1, filters, 3, 1, `reduction_left4_${id}`);
  const x5r = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'valid', name: `reduction_right5_${id}` }, h3);
  const x5 = add(g, x5l, x5r, `reduction_add4_${id}`);
  const x = g.layer('Concatenate', { axis: -1, name: `reduction_concat_${id}` }, [x2, x3, x4, x5]);
  return [x, ip];
}

interface NasnetConfig {
  readonly penultimate: number;
  readonly blocks: number;
  readonly stemFilters: number;
  readonly skipReduction: boolean;
  readonly defaultSize: number;
}

function nasnet(a: AppArgs, g: Graph, c: NasnetConfig, mobile: boolean): BuiltModel {
  let given = a.inputShape();
  if (mobile && !a.bool('include_top') && given === undefined) given = [224, 224, 3];
  checkWeights(a, MESSAGES);
  checkClasses(a, MESSAGES);
  if (given !== undefined && given.includes(null) && a.get('weights') === 'imagenet') {
    raise(
      'ValueError',
      `When specifying the input shape of a NASNet and loading \`ImageNet\` weights, the input_shape argument must be static (no None entries). Got: \`input_shape=${dimsRepr(given)}\`.`,
    );
  }
  const shape = obtainInputShape(g, given, c.defaultSize, 32, a.bool('include_top'), a.get('weights'));
  const input = makeInput(g, a, shape);
  const mult = 2;
  const filters = Math.floor(c.penultimate / 24);
  let x = g.layer('Conv2D', { filters: c.stemFilters, kernel_size: [3, 3], strides: [2, 2], padding: 'valid', use_bias: false, name: 'stem_conv1' }, input);
  x = g.layer('BatchNormalization', { ...BN, name: 'stem_bn1' }, x);
  let prev: Tensor | null = null;
  [x, prev] = reductionCell(g, x, prev, Math.floor(filters / mult ** 2), 'stem_1');
  [x, prev] = reductionCell(g, x, prev, Math.floor(filters / mult), 'stem_2');
  for (let stage = 0; stage < 3; stage++) {
    const width = filters * mult ** stage;
    if (stage > 0) {
      let p0: Tensor;
      [x, p0] = reductionCell(g, x, prev, width, `reduce_${stage * c.blocks}`);
      if (!c.skipReduction) prev = p0;
    }
    for (let i = 0; i < c.blocks; i++) [x, prev] = normalCell(g, x, prev, width, `${stage * c.blocks + i + (stage > 0 ? 1 : 0)}`);
  }
  x = relu(g, x);
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', {}, x);
    validateClassifierActivation(a);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  return { name: modelName(a), input, output: x };
}

function params(defaultName: string): ReturnType<typeof p>[] {
  return [
    p('input_shape', null), p('include_top', true), p('weights', 'imagenet'), p('input_tensor', null), p('pooling', null),
    p('classes', 1000), p('classifier_activation', 'softmax'), p('name', defaultName),
  ];
}

export const nasnetApplications: readonly ApplicationDef[] = [
  {
    name: 'NASNetMobile',
    family: 'NASNet',
    params: params('nasnet_mobile'),
    build: (a, g) => nasnet(a, g, { penultimate: 1056, blocks: 4, stemFilters: 32, skipReduction: false, defaultSize: 224 }, true),
  },
  {
    name: 'NASNetLarge',
    family: 'NASNet',
    params: params('nasnet_large'),
    build: (a, g) => nasnet(a, g, { penultimate: 4032, blocks: 6, stemFilters: 96, skipReduction: true, defaultSize: 331 }, false),
  },
];
