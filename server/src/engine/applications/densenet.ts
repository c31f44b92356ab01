// DenseNet121/169/201: dense blocks whose layers concatenate 32 new
// channels each, separated by halving transition blocks.
import { AppArgs, modelName, standardHead, standardParams, standardStart, weightsMessage, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';

const EPS = 1.001e-5;

const MESSAGES: CheckMessages = {
  weights: weightsMessage(() => ''),
  classes: () => 'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000',
};

function convBlock(g: Graph, x: Tensor, growth: number, name: string): Tensor {
  let y = g.layer('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_0_bn` }, x);
  y = g.layer('Activation', { activation: 'relu', name: `${name}_0_relu` }, y);
  y = g.layer('Conv2D', { filters: 4 * growth, kernel_size: 1, use_bias: false, name: `${name}_1_conv` }, y);
  y = g.layer('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_1_bn` }, y);
  y = g.layer('Activation', { activation: 'relu', name: `${name}_1_relu` }, y);
  y = g.layer('Conv2D', { filters: growth, kernel_size: 3, padding: 'same', use_bias: false, name: `${name}_2_conv` }, y);
  return g.layer('Concatenate', { axis: 3, name: `${name}_concat` }, [x, y]);
}

function transition(g: Graph, x: Tensor, reduction: number, name: string): Tensor {
  x = g.layer('BatchNormalization', { axis: 3, epsilon: EPS, name: `${name}_bn` }, x);
  x = g.layer('Activation', { activation: 'relu', name: `${name}_relu` }, x);
  const ch = x.shape[3];
  x = g.layer('Conv2D', { filters: ch === null ? null : Math.trunc(ch * reduction), kernel_size: 1, use_bias: false, name: `${name}_conv` }, x);
  return g.layer('AveragePooling2D', { pool_size: 2, strides: 2, name: `${name}_pool` }, x);
}

function densenet(a: AppArgs, g: Graph, blocks: readonly number[]): BuiltModel {
  const input = standardStart(g, a, 224, 32, MESSAGES);
  let x = g.layer('ZeroPadding2D', { padding: [[3, 3], [3, 3]] }, input);
  x = g.layer('Conv2D', { filters: 64, kernel_size: 7, strides: 2, use_bias: false, name: 'conv1_conv' }, x);
  x = g.layer('BatchNormalization', { axis: 3, epsilon: EPS, name: 'conv1_bn' }, x);
  x = g.layer('Activation', { activation: 'relu', name: 'conv1_relu' }, x);
  x = g.layer('ZeroPadding2D', { padding: [[1, 1], [1, 1]] }, x);
  x = g.layer('MaxPooling2D', { pool_size: 3, strides: 2, name: 'pool1' }, x);
  blocks.forEach((n, i) => {
    for (let b = 1; b <= n; b++) x = convBlock(g, x, 32, `conv${i + 2}_block${b}`);
    if (i < 3) x = transition(g, x, 0.5, `pool${i + 2}`);
  });
  x = g.layer('BatchNormalization', { axis: 3, epsilon: EPS, name: 'bn' }, x);
  x = g.layer('Activation', { activation: 'relu', name: 'relu' }, x);
  return { name: modelName(a), input, output: standardHead(g, a, x) };
}

function def(name: string, blocks: readonly number[]): ApplicationDef {
  return { name, family: 'DenseNet', params: standardParams(name.toLowerCase()), build: (a, g) => densenet(a, g, blocks) };
}

export const densenetApplications: readonly ApplicationDef[] = [
  def('DenseNet121', [6, 12, 24, 16]),
  def('DenseNet169', [6, 12, 32, 32]),
  def('DenseNet201', [6, 12, 48, 32]),
];
