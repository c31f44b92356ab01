// ResNet50/101/152 and ResNet50V2/101V2/152V2: bottleneck residual stacks
// (post-activation in V1, pre-activation in V2) after a 7×7 stem.
import { AppArgs, RESNET_MESSAGES, modelName, standardHead, standardParams, standardStart } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';

const EPS = 1.001e-5;

function bn(g: Graph, x: Tensor, name: string): Tensor {
  return g.layer('BatchNormalization', { axis: 3, epsilon: EPS, name }, x);
}

function blockV1(g: Graph, x: Tensor, filters: number, stride: number, convShortcut: boolean, name: string): Tensor {
  let shortcut = x;
  if (convShortcut) {
    shortcut = g.layer('Conv2D', { filters: 4 * filters, kernel_size: 1, strides: stride, name: `${name}_0_conv` }, x);
    shortcut = bn(g, shortcut, `${name}_0_bn`);
  }
  x = g.layer('Conv2D', { filters, kernel_size: 1, strides: stride, name: `${name}_1_conv` }, x);
  x = bn(g, x, `${name}_1_bn`);
  x = g.layer('Activation', { activation: 'relu', name: `${name}_1_relu` }, x);
  x = g.layer('Conv2D', { filters, kernel_size: 3, padding: 'SAME', name: `${name}_2_conv` }, x);
  x = bn(g, x, `${name}_2_bn`);
  x = g.layer('Activation', { activation: 'relu', name: `${name}_2_relu` }, x);
  x = g.layer('Conv2D', { filters: 4 * filters, kernel_size: 1, name: `${name}_3_conv` }, x);
  x = bn(g, x, `${name}_3_bn`);
  x = g.layer('Add', { name: `${name}_add` }, [shortcut, x]);
  return g.layer('Activation', { activation: 'relu', name: `${name}_out` }, x);
}

function stackV1(g: Graph, x: Tensor, filters: number, blocks: number, stride1: number, name: string): Tensor {
  x = blockV1(g, x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) x = blockV1(g, x, filters, 1, false, `${name}_block${i}`);
  return x;
}

function blockV2(g: Graph, x: Tensor, filters: number, stride: number, convShortcut: boolean, name: string): Tensor {
  let preact = bn(g, x, `${name}_preact_bn`);
  preact = g.layer('Activation', { activation: 'relu', name: `${name}_preact_relu` }, preact);
  let shortcut: Tensor;
  if (convShortcut) shortcut = g.layer('Conv2D', { filters: 4 * filters, kernel_size: 1, strides: stride, name: `${name}_0_conv` }, preact);
  else shortcut = stride > 1 ? g.layer('MaxPooling2D', { pool_size: 1, strides: stride }, x) : x;
  x = g.layer('Conv2D', { filters, kernel_size: 1, strides: 1, use_bias: false, name: `${name}_1_conv` }, preact);
  x = bn(g, x, `${name}_1_bn`);
  x = g.layer('Activation', { activation: 'relu', name: `${name}_1_relu` }, x);
  x = g.layer('ZeroPadding2D', { padding: [[1, 1], [1, 1]], name: `${name}_2_pad` }, x);
  x = g.layer('Conv2D', { filters, kernel_size: 3, strides: stride, use_bias: false, name: `${name}_2_conv` }, x);
  x = bn(g, x, `${name}_2_bn`);
  x = g.layer('Activation', { activation: 'relu', name: `${name}_2_relu` }, x);
  x = g.layer('Conv2D', { filters: 4 * filters, kernel_size: 1, name: `${name}_3_conv` }, x);
  return g.layer('Add', { name: `${name}_out` }, [shortcut, x]);
}

function stackV2(g: Graph, x: Tensor, filters: number, blocks: number, stride1: number, name: string): Tensor {
  x = blockV2(g, x, filters, 1, true, `${name}_block1`);
  for (let i = 2; i < blocks; i++) x = blockV2(g, x, filters, 1, false, `${name}_block${i}`);
  return blockV2(g, x, filters, stride1, false, `${name}_block${blocks}`);
}

/** Blocks per stage (conv2 … conv5). */
type Depths = readonly [number, number, number, number];

function resnet(a: AppArgs, g: Graph, preact: boolean, depths: Depths): BuiltModel {
  const input = standardStart(g, a, 224, 32, RESNET_MESSAGES);
  let x = g.layer('ZeroPadding2D', { padding: [[3, 3], [3, 3]], name: 'conv1_pad' }, input);
  x = g.layer('Conv2D', { filters: 64, kernel_size: 7, strides: 2, use_bias: true, name: 'conv1_conv' }, x);
  if (!preact) {
    x = bn(g, x, 'conv1_bn');
    x = g.layer('Activation', { activation: 'relu', name: 'conv1_relu' }, x);
  }
  x = g.layer('ZeroPadding2D', { padding: [[1, 1], [1, 1]], name: 'pool1_pad' }, x);
  x = g.layer('MaxPooling2D', { pool_size: 3, strides: 2, name: 'pool1_pool' }, x);
  const filters = [64, 128, 256, 512];
  if (preact) {
    // V2 strides at the end of each stack, except the last.
    filters.forEach((f, i) => (x = stackV2(g, x, f, depths[i], i === 3 ? 1 : 2, `conv${i + 2}`)));
    x = bn(g, x, 'post_bn');
    x = g.layer('Activation', { activation: 'relu', name: 'post_relu' }, x);
  } else {
    filters.forEach((f, i) => (x = stackV1(g, x, f, depths[i], i === 0 ? 1 : 2, `conv${i + 2}`)));
  }
  const output = standardHead(g, a, x);
  return { name: modelName(a), input, output };
}

function def(name: string, family: string, preact: boolean, depths: Depths): ApplicationDef {
  return { name, family, params: standardParams(name.toLowerCase()), build: (a, g) => resnet(a, g, preact, depths) };
}

export const resnetApplications: readonly ApplicationDef[] = [
  def('ResNet50', 'ResNet', false, [3, 4, 6, 3]),
  def('ResNet101', 'ResNet', false, [3, 4, 23, 3]),
  def('ResNet152', 'ResNet', false, [3, 8, 36, 3]),
  def('ResNet50V2', 'ResNetV2', true, [3, 4, 6, 3]),
  def('ResNet101V2', 'ResNetV2', true, [3, 4, 23, 3]),
  def('ResNet152V2', 'ResNetV2', true, [3, 8, 36, 3]),
];
