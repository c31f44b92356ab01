// InceptionV3: a convolutional stem, then eleven "mixed" blocks whose
// parallel branches are concatenated along the channels.
import { AppArgs, modelName, optionalPooling, standardParams, standardStart, validateClassifierActivation, weightsMessage, type CheckMessages } from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';

export const INCEPTION_MESSAGES: CheckMessages = {
  weights: weightsMessage(() => ''),
  classes: (c) => `If using \`weights="imagenet"\` with \`include_top=True\`, \`classes\` should be 1000. Received classes=${c}`,
};

const V3_MESSAGES: CheckMessages = {
  weights: (w) =>
    `The \`weights\` argument should be either \`None\` (random initialization), \`imagenet\` (pre-training on ImageNet), or the path to the weights file to be loaded; Received: weights=${w}`,
  classes: INCEPTION_MESSAGES.classes,
};

/** Conv2D (no bias) + BatchNormalization without scale + ReLU, auto-named. */
function cbr(g: Graph, x: Tensor, filters: number, rows: number, cols: number, padding = 'same', stride = 1): Tensor {
  x = g.layer('Conv2D', { filters, kernel_size: [rows, cols], strides: [stride, stride], padding, use_bias: false }, x);
  x = g.layer('BatchNormalization', { axis: 3, scale: false }, x);
  return g.layer('Activation', { activation: 'relu' }, x);
}

/** A chain of `cbr` steps: [filters, rows, cols] each. */
function chain(g: Graph, x: Tensor, steps: readonly (readonly [number, number, number])[]): Tensor {
  for (const [f, r, c] of steps) x = cbr(g, x, f, r, c);
  return x;
}

function avgPoolBranch(g: Graph, x: Tensor, filters: number): Tensor {
  const pool = g.layer('AveragePooling2D', { pool_size: [3, 3], strides: [1, 1], padding: 'same' }, x);
  return cbr(g, pool, filters, 1, 1);
}

function concat(g: Graph, branches: readonly Tensor[], name?: string): Tensor {
  return g.layer('Concatenate', name === undefined ? { axis: 3 } : { axis: 3, name }, branches);
}

function inceptionV3(a: AppArgs, g: Graph): BuiltModel {
  const input = standardStart(g, a, 299, 75, V3_MESSAGES);
  let x = cbr(g, input, 32, 3, 3, 'valid', 2);
  x = cbr(g, x, 32, 3, 3, 'valid');
  x = cbr(g, x, 64, 3, 3);
  x = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2] }, x);
  x = cbr(g, x, 80, 1, 1, 'valid');
  x = cbr(g, x, 192, 3, 3, 'valid');
  x = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2] }, x);
  // mixed 0–2: 35×35
  [32, 64, 64].forEach((poolFilters, i) => {
    const b1 = cbr(g, x, 64, 1, 1);
    const b5 = chain(g, x, [[48, 1, 1], [64, 5, 5]]);
    const b3 = chain(g, x, [[64, 1, 1], [96, 3, 3], [96, 3, 3]]);
    const bp = avgPoolBranch(g, x, poolFilters);
    x = concat(g, [b1, b5, b3, bp], `mixed${i}`);
  });
  // mixed 3: down to 17×17
  {
    const b3 = cbr(g, x, 384, 3, 3, 'valid', 2);
    let bd = chain(g, x, [[64, 1, 1], [96, 3, 3]]);
    bd = cbr(g, bd, 96, 3, 3, 'valid', 2);
    const bp = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2] }, x);
    x = concat(g, [b3, bd, bp], 'mixed3');
  }
  // mixed 4–7: factorised 7×7
  [128, 160, 160, 192].forEach((f, i) => {
    const b1 = cbr(g, x, 192, 1, 1);
    const b7 = chain(g, x, [[f, 1, 1], [f, 1, 7], [192, 7, 1]]);
    const bd = chain(g, x, [[f, 1, 1], [f, 7, 1], [f, 1, 7], [f, 7, 1], [192, 1, 7]]);
    const bp = avgPoolBranch(g, x, 192);
    x = concat(g, [b1, b7, bd, bp], `mixed${4 + i}`);
  });
  // mixed 8: down to 8×8
  {
    let b3 = cbr(g, x, 192, 1, 1);
    b3 = cbr(g, b3, 320, 3, 3, 'valid', 2);
    let b7 = chain(g, x, [[192, 1, 1], [192, 1, 7], [192, 7, 1]]);
    b7 = cbr(g, b7, 192, 3, 3, 'valid', 2);
    const bp = g.layer('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2] }, x);
    x = concat(g, [b3, b7, bp], 'mixed8');
  }
  // mixed 9–10: expanded filter banks
  for (let i = 0; i < 2; i++) {
    const b1 = cbr(g, x, 320, 1, 1);
    const b3 = cbr(g, x, 384, 1, 1);
    const b3m = concat(g, [cbr(g, b3, 384, 1, 3), cbr(g, b3, 384, 3, 1)], `mixed9_${i}`);
    const bd = chain(g, x, [[448, 1, 1], [384, 3, 3]]);
    const bdm = concat(g, [cbr(g, bd, 384, 1, 3), cbr(g, bd, 384, 3, 1)]);
    const bp = avgPoolBranch(g, x, 192);
    x = concat(g, [b1, b3m, bdm, bp], `mixed${9 + i}`);
  }
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    validateClassifierActivation(a);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  return { name: modelName(a), input, output: x };
}

export const inceptionV3Applications: readonly ApplicationDef[] = [
  { name: 'InceptionV3', family: 'Inception', params: standardParams('inception_v3'), build: inceptionV3 },
];
