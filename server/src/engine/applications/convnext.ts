// ConvNeXt Tiny/Small/Base/Large/XLarge: a patchify stem and three
// downsampling blocks (nested Sequential models), then blocks of 7×7
// depthwise convolution, an MLP and a per-channel layer scale, summed with
// the block input by `keras.ops` addition.
import { AppArgs, obtainInputShape, checkClasses, checkWeights, makeInput, p, pyStrOf, validateClassifierActivation, weightsMessage, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';
import { raise } from './types';

const MESSAGES: CheckMessages = {
  weights: weightsMessage(() => ''),
  classes: (c) => `If using \`weights="imagenet"\` with \`include_top=True\`, \`classes\` should be 1000. Received classes=${c}`,
};

/**
 * ConvNeXt's `LayerScale` (a custom layer of the application code, not in
 * the catalogue): `x * gamma` with one trainable weight of shape (C,); the
 * output has the input's shape (here C always equals the last dimension).
 */
function layerScale(g: Graph, x: Tensor, dim: number, name: string): Tensor {
  return g.custom(name, 'LayerScale', [x], x.shape, [{ name: 'gamma', shape: [dim], trainable: true }]);
}

function block(g: Graph, inputs: Tensor, dim: number, name: string): Tensor {
  let x = g.layer('Conv2D', { filters: dim, kernel_size: 7, padding: 'same', groups: dim, name: `${name}_depthwise_conv` }, inputs);
  x = g.layer('LayerNormalization', { epsilon: 1e-6, name: `${name}_layernorm` }, x);
  x = g.layer('Dense', { units: 4 * dim, name: `${name}_pointwise_conv_1` }, x);
  x = g.layer('Activation', { activation: 'gelu', name: `${name}_gelu` }, x);
  x = g.layer('Dense', { units: dim, name: `${name}_pointwise_conv_2` }, x);
  x = layerScale(g, x, dim, `${name}_layer_scale`);
  x = g.layer('Activation', { activation: 'linear', name: `${name}_identity` }, x);
  return g.op('Add', [inputs, x]);
}

function convnext(a: AppArgs, g: Graph, variant: string, depths: readonly number[], dims: readonly number[]): BuiltModel {
  checkWeights(a, MESSAGES);
  checkClasses(a, MESSAGES);
  const shape = obtainInputShape(g, a.inputShape(), 224, 32, a.bool('include_top'), a.get('weights'));
  const input = makeInput(g, a, shape);
  const name = pyStrOf(a.get('name'));
  let x = input;
  if (a.bool('include_preprocessing') && shape[2] === 3) {
    x = g.layer(
      'Normalization',
      {
        mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
        variance: [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
        name: `${name}_prestem_normalization`,
      },
      x,
    );
  }
  for (let i = 0; i < 4; i++) {
    if (i === 0) {
      x = g.sequential(
        `${name}_stem`,
        [
          { className: 'Conv2D', keywords: { filters: dims[0], kernel_size: 4, strides: 4, name: `${name}_stem_conv` } },
          { className: 'LayerNormalization', keywords: { epsilon: 1e-6, name: `${name}_stem_layernorm` } },
        ],
        x,
      );
    } else {
      x = g.sequential(
        `${name}_downsampling_block_${i - 1}`,
        [
          { className: 'LayerNormalization', keywords: { epsilon: 1e-6, name: `${name}_downsampling_layernorm_${i - 1}` } },
          { className: 'Conv2D', keywords: { filters: dims[i], kernel_size: 2, strides: 2, name: `${name}_downsampling_conv_${i - 1}` } },
        ],
        x,
      );
    }
    for (let j = 0; j < depths[i]; j++) x = block(g, x, dims[i], `${name}_stage_${i}_block_${j}`);
  }
  if (a.bool('include_top')) {
    validateClassifierActivation(a);
    x = g.layer('GlobalAveragePooling2D', { name: `${name}_head_gap` }, x);
    x = g.layer('LayerNormalization', { epsilon: 1e-6, name: `${name}_head_layernorm` }, x);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: `${name}_head_dense` }, x);
  } else {
    const pooling = a.get('pooling');
    if (pooling === 'avg') x = g.layer('GlobalAveragePooling2D', {}, x);
    else if (pooling === 'max') x = g.layer('GlobalMaxPooling2D', {}, x);
    x = g.layer('LayerNormalization', { epsilon: 1e-6 }, x);
  }
  const weightsName = `convnext_${variant}`;
  if (a.get('weights') === 'imagenet' && !name.includes(weightsName)) {
    raise(
      'ValueError',
      `Model name "${name}" does not match weights variant "${weightsName}". When using imagenet weights, model name must contain the weights variant (e.g., "${weightsName}").`,
    );
  }
  return { name, input, output: x };
}

const SMALL_DEPTHS = [3, 3, 27, 3];
/** [variant, depths, projection dims] */
const VARIANTS: readonly (readonly [string, readonly number[], readonly number[]])[] = [
  ['tiny', [3, 3, 9, 3], [96, 192, 384, 768]],
  ['small', SMALL_DEPTHS, [96, 192, 384, 768]],
  ['base', SMALL_DEPTHS, [128, 256, 512, 1024]],
  ['large', SMALL_DEPTHS, [192, 384, 768, 1536]],
  ['xlarge', SMALL_DEPTHS, [256, 512, 1024, 2048]],
];


export const convnextApplications: readonly ApplicationDef[] = VARIANTS.map(([variant, depths, dims]) => ({
  name: `ConvNeXt${variant === 'xlarge' ? 'XLarge' : variant[0].toUpperCase() + variant.slice(1)}`,
  family: 'ConvNeXt',
  params: [
    p('include_top', true), p('include_preprocessing', true), p('weights', 'imagenet'), p('input_tensor', null), p('input_shape', null),
    p('pooling', null), p('classes', 1000), p('classifier_activation', 'softmax'), p('name', `convnext_${variant}`),
  ],
  build: (a: AppArgs, g: Graph) => convnext(a, g, variant, depths, dims),
}));
