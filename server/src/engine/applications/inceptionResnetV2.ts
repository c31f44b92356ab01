// InceptionResNetV2: the Inception stem, then three kinds of residual
// Inception blocks (35×35, 17×17, 8×8) joined by reduction blocks.
import { AppArgs, modelName, optionalPooling, standardParams, standardStart, validateClassifierActivation } from './common';
import type { Graph, Tensor } from './graph';
import { INCEPTION_MESSAGES } from './inceptionV3';
import type { ApplicationDef, BuiltModel } from './registry';

interface ConvOptions {
  readonly strides?: number;
  readonly padding?: string;
  readonly activation?: string | null;
  readonly useBias?: boolean;
  readonly name?: string;
}

/** Conv2D, BatchNormalization without scale (when there is no bias), activation. */
function cbn(g: Graph, x: Tensor, filters: number | null, kernel: number | readonly number[], o: ConvOptions = {}): Tensor {
  const useBias = o.useBias ?? false;
  const named = (suffix: string): { name?: string } => (o.name === undefined ? {} : { name: `${o.name}${suffix}` });
  x = g.layer('Conv2D', { filters, kernel_size: kernel, strides: o.strides ?? 1, padding: o.padding ?? 'same', use_bias: useBias, ...named('') }, x);
  if (!useBias) x = g.layer('BatchNormalization', { axis: 3, scale: false, ...named('_bn') }, x);
  const act = o.activation === undefined ? 'relu' : o.activation;
  if (act !== null) x = g.layer('Activation', { activation: act, ...named('_ac') }, x);
  return x;
}

/**
 * InceptionResNetV2's `CustomScaleLayer` (a custom layer of the application
 * code): `inputs[0] + inputs[1] * scale`, no weights. Both inputs have the
 * same shape here (the residual branch projects back to the block's
 * channels), so the output has the shape of the first.
 */
function customScale(g: Graph, x: Tensor, up: Tensor): Tensor {
  return g.custom(g.autoName('custom_scale_layer'), 'CustomScaleLayer', [x, up], x.shape, []);
}

type BlockType = 'block35' | 'block17' | 'block8';

function resBlock(g: Graph, x: Tensor, type: BlockType, idx: number, activation: string | null = 'relu'): Tensor {
  let branches: Tensor[];
  if (type === 'block35') {
    const b0 = cbn(g, x, 32, 1);
    const b1 = cbn(g, cbn(g, x, 32, 1), 32, 3);
    const b2 = cbn(g, cbn(g, cbn(g, x, 32, 1), 48, 3), 64, 3);
    branches = [b0, b1, b2];
  } else if (type === 'block17') {
    const b0 = cbn(g, x, 192, 1);
    const b1 = cbn(g, cbn(g, cbn(g, x, 128, 1), 160, [1, 7]), 192, [7, 1]);
    branches = [b0, b1];
  } else {
    const b0 = cbn(g, x, 192, 1);
    const b1 = cbn(g, cbn(g, cbn(g, x, 192, 1), 224, [1, 3]), 256, [3, 1]);
    branches = [b0, b1];
  }
  const name = `${type}_${idx}`;
  const mixed = g.layer('Concatenate', { axis: 3, name: `${name}_mixed` }, branches);
  const up = cbn(g, mixed, x.shape[3], 1, { activation: null, useBias: true, name: `${name}_conv` });
  x = customScale(g, x, up);
  if (activation !== null) x = g.layer('Activation', { activation, name: `${name}_ac` }, x);
  return x;
}

function inceptionResnetV2(a: AppArgs, g: Graph): BuiltModel {
  const input = standardStart(g, a, 299, 75, INCEPTION_MESSAGES);
  let x = cbn(g, input, 32, 3, { strides: 2, padding: 'valid' });
  x = cbn(g, x, 32, 3, { padding: 'valid' });
  x = cbn(g, x, 64, 3);
  x = g.layer('MaxPooling2D', { pool_size: 3, strides: 2 }, x);
  x = cbn(g, x, 80, 1, { padding: 'valid' });
  x = cbn(g, x, 192, 3, { padding: 'valid' });
  x = g.layer('MaxPooling2D', { pool_size: 3, strides: 2 }, x);
  {
    const b0 = cbn(g, x, 96, 1);
    const b1 = cbn(g, cbn(g, x, 48, 1), 64, 5);
    const b2 = cbn(g, cbn(g, cbn(g, x, 64, 1), 96, 3), 96, 3);
    const bp = cbn(g, g.layer('AveragePooling2D', { pool_size: 3, strides: 1, padding: 'same' }, x), 64, 1);
    x = g.layer('Concatenate', { axis: 3, name: 'mixed_5b' }, [b0, b1, b2, bp]);
  }
  for (let i = 1; i <= 10; i++) x = resBlock(g, x, 'block35', i);
  {
    const b0 = cbn(g, x, 384, 3, { strides: 2, padding: 'valid' });
    const b1 = cbn(g, cbn(g, cbn(g, x, 256, 1), 256, 3), 384, 3, { strides: 2, padding: 'valid' });
    const bp = g.layer('MaxPooling2D', { pool_size: 3, strides: 2, padding: 'valid' }, x);
    x = g.layer('Concatenate', { axis: 3, name: 'mixed_6a' }, [b0, b1, bp]);
  }
  for (let i = 1; i <= 20; i++) x = resBlock(g, x, 'block17', i);
  {
    const b0 = cbn(g, cbn(g, x, 256, 1), 384, 3, { strides: 2, padding: 'valid' });
    const b1 = cbn(g, cbn(g, x, 256, 1), 288, 3, { strides: 2, padding: 'valid' });
    const b2 = cbn(g, cbn(g, cbn(g, x, 256, 1), 288, 3), 320, 3, { strides: 2, padding: 'valid' });
    const bp = g.layer('MaxPooling2D', { pool_size: 3, strides: 2, padding: 'valid' }, x);
    x = g.layer('Concatenate', { axis: 3, name: 'mixed_7a' }, [b0, b1, b2, bp]);
  }
  for (let i = 1; i <= 9; i++) x = resBlock(g, x, 'block8', i);
  x = resBlock(g, x, 'block8', 10, null);
  x = cbn(g, x, 1536, 1, { name: 'conv_7b' });
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    validateClassifierActivation(a);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  return { name: modelName(a), input, output: x };
}

export const inceptionResnetV2Applications: readonly ApplicationDef[] = [
  { name: 'InceptionResNetV2', family: 'Inception', params: standardParams('inception_resnet_v2'), build: inceptionResnetV2 },
];
