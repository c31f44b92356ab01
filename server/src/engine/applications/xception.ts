// Xception: depthwise-separable convolutions in entry, middle and exit
// flows, with 1×1 strided residual projections.
import { AppArgs, RESNET_MESSAGES, modelName, optionalPooling, standardParams, standardStart, validateClassifierActivation, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';

const MESSAGES: CheckMessages = {
  weights: () =>
    "The `weights` argument should be either `None` (random initialization), 'imagenet' (pre-training on ImageNet), or the path to the weights file to be loaded.",
  classes: RESNET_MESSAGES.classes,
};

function sep(g: Graph, x: Tensor, filters: number, name: string): Tensor {
  x = g.layer('SeparableConv2D', { filters, kernel_size: [3, 3], padding: 'same', use_bias: false, name }, x);
  return g.layer('BatchNormalization', { axis: -1, name: `${name}_bn` }, x);
}

function relu(g: Graph, x: Tensor, name: string): Tensor {
  return g.layer('Activation', { activation: 'relu', name }, x);
}

/** A strided 1×1 projection of the block's input, auto-named. */
function projection(g: Graph, x: Tensor, filters: number): Tensor {
  const r = g.layer('Conv2D', { filters, kernel_size: [1, 1], strides: [2, 2], padding: 'same', use_bias: false }, x);
  return g.layer('BatchNormalization', { axis: -1 }, r);
}

/** An entry/exit block: [relu] sepconv, relu, sepconv, max pool, plus the projection. */
function downBlock(g: Graph, x: Tensor, block: number, f1: number, f2: number, firstRelu: boolean): Tensor {
  const residual = projection(g, x, f2);
  if (firstRelu) x = relu(g, x, `block${block}_sepconv1_act`);
  x = sep(g, x, f1, `block${block}_sepconv1`);
  x = relu(g, x, `block${block}_sepconv2_act`);
  x = sep(g, x, f2, `block${block}_sepconv2`);
  x = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 'same', name: `block${block}_pool` }, x);
  return g.layer('Add', {}, [x, residual]);
}

function xception(a: AppArgs, g: Graph): BuiltModel {
  const input = standardStart(g, a, 299, 71, MESSAGES);
  let x = g.layer('Conv2D', { filters: 32, kernel_size: [3, 3], strides: [2, 2], use_bias: false, name: 'block1_conv1' }, input);
  x = g.layer('BatchNormalization', { axis: -1, name: 'block1_conv1_bn' }, x);
  x = relu(g, x, 'block1_conv1_act');
  x = g.layer('Conv2D', { filters: 64, kernel_size: [3, 3], use_bias: false, name: 'block1_conv2' }, x);
  x = g.layer('BatchNormalization', { axis: -1, name: 'block1_conv2_bn' }, x);
  x = relu(g, x, 'block1_conv2_act');
  x = downBlock(g, x, 2, 128, 128, false);
  x = downBlock(g, x, 3, 256, 256, true);
  x = downBlock(g, x, 4, 728, 728, true);
  for (let i = 0; i < 8; i++) {
    const residual = x;
    const prefix = `block${i + 5}`;
    for (let k = 1; k <= 3; k++) {
      x = relu(g, x, `${prefix}_sepconv${k}_act`);
      x = sep(g, x, 728, `${prefix}_sepconv${k}`);
    }
    x = g.layer('Add', {}, [x, residual]);
  }
  x = downBlock(g, x, 13, 728, 1024, true);
  x = sep(g, x, 1536, 'block14_sepconv1');
  x = relu(g, x, 'block14_sepconv1_act');
  x = sep(g, x, 2048, 'block14_sepconv2');
  x = relu(g, x, 'block14_sepconv2_act');
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    validateClassifierActivation(a);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  return { name: modelName(a), input, output: x };
}

export const xceptionApplications: readonly ApplicationDef[] = [{ name: 'Xception', family: 'Xception', params: standardParams('xception'), build: xception }];
