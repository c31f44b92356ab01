// EfficientNet B0–B7 and EfficientNetV2 B0–B3/S/M/L: MBConv (and, in V2,
// fused MBConv) blocks with squeeze-and-excitation, widths and depths scaled
// per variant.
import {
  AppArgs, correctPad, modelName, optionalPooling, p, pyStrOf, standardStart, validateClassifierActivation, weightsMessage, type CheckMessages, type ParamSpec,
} from './common';
import type { Graph, Tensor } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';
import { raise } from './types';

/** One stage: kernel, repeats, filters in, filters out, expansion, squeeze-excite ratio, stride (and, in V2, fused). */
interface StageArgs {
  readonly kernel: number;
  readonly repeats: number;
  readonly filtersIn: number;
  readonly filtersOut: number;
  readonly expand: number;
  readonly se: number;
  readonly strides: number;
  readonly fused?: boolean;
}

const st = (kernel: number, repeats: number, filtersIn: number, filtersOut: number, expand: number, se: number, strides: number, fused = false): StageArgs => ({
  kernel, repeats, filtersIn, filtersOut, expand, se, strides, fused,
});

/** EfficientNet's seven stages before width and depth scaling. */
const B_STAGES: readonly StageArgs[] = [
  st(3, 1, 32, 16, 1, 0.25, 1), st(3, 2, 16, 24, 6, 0.25, 2), st(5, 2, 24, 40, 6, 0.25, 2), st(3, 3, 40, 80, 6, 0.25, 2),
  st(5, 3, 80, 112, 6, 0.25, 1), st(5, 4, 112, 192, 6, 0.25, 2), st(3, 1, 192, 320, 6, 0.25, 1),
];

// ---------------------------------------------------------------- EfficientNet

const B_MESSAGES: CheckMessages = {
  weights: weightsMessage(() => ''),
  classes: () => 'If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000',
};

function bBlock(g: Graph, inputs: Tensor, dropRate: number, name: string, s: StageArgs): Tensor {
  const act = 'swish';
  const filters = s.filtersIn * s.expand;
  let x = inputs;
  if (s.expand !== 1) {
    x = g.layer('Conv2D', { filters, kernel_size: 1, padding: 'same', use_bias: false, name: `${name}expand_conv` }, x);
    x = g.layer('BatchNormalization', { axis: 3, name: `${name}expand_bn` }, x);
    x = g.layer('Activation', { activation: act, name: `${name}expand_activation` }, x);
  }
  let pad = 'same';
  if (s.strides === 2) {
    x = g.layer('ZeroPadding2D', { padding: correctPad(x.shape, s.kernel), name: `${name}dwconv_pad` }, x);
    pad = 'valid';
  }
  x = g.layer('DepthwiseConv2D', { kernel_size: s.kernel, strides: s.strides, padding: pad, use_bias: false, name: `${name}dwconv` }, x);
  x = g.layer('BatchNormalization', { axis: 3, name: `${name}bn` }, x);
  x = g.layer('Activation', { activation: act, name: `${name}activation` }, x);
  if (s.se > 0 && s.se <= 1) x = squeezeExcite(g, x, filters, Math.max(1, Math.trunc(s.filtersIn * s.se)), act, name);
  x = g.layer('Conv2D', { filters: s.filtersOut, kernel_size: 1, padding: 'same', use_bias: false, name: `${name}project_conv` }, x);
  x = g.layer('BatchNormalization', { axis: 3, name: `${name}project_bn` }, x);
  if (s.strides === 1 && s.filtersIn === s.filtersOut) {
    if (dropRate > 0) x = g.layer('Dropout', { rate: dropRate, noise_shape: [null, 1, 1, 1], name: `${name}drop` }, x);
    x = g.layer('Add', { name: `${name}add` }, [x, inputs]);
  }
  return x;
}

function squeezeExcite(g: Graph, x: Tensor, filters: number, filtersSe: number, act: string, name: string): Tensor {
  let se = g.layer('GlobalAveragePooling2D', { name: `${name}se_squeeze` }, x);
  se = g.layer('Reshape', { target_shape: [1, 1, filters], name: `${name}se_reshape` }, se);
  se = g.layer('Conv2D', { filters: filtersSe, kernel_size: 1, padding: 'same', activation: act, name: `${name}se_reduce` }, se);
  se = g.layer('Conv2D', { filters, kernel_size: 1, padding: 'same', activation: 'sigmoid', name: `${name}se_expand` }, se);
  return g.layer('Multiply', { name: `${name}se_excite` }, [x, se]);
}

/** The head shared by both generations: pooling, dropout, `predictions`. */
function head(g: Graph, a: AppArgs, x: Tensor, dropout: number): Tensor {
  if (a.bool('include_top')) {
    x = g.layer('GlobalAveragePooling2D', { name: 'avg_pool' }, x);
    if (dropout > 0) x = g.layer('Dropout', { rate: dropout, name: 'top_dropout' }, x);
    validateClassifierActivation(a);
    return g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  }
  return optionalPooling(g, a, x, 'avg_pool', 'max_pool');
}

function efficientnet(a: AppArgs, g: Graph, width: number, depth: number, size: number, dropout: number): BuiltModel {
  const input = standardStart(g, a, size, 32, B_MESSAGES);
  const roundFilters = (f: number): number => {
    const v = f * width;
    let n = Math.max(8, Math.floor(Math.trunc(v + 4) / 8) * 8);
    if (n < 0.9 * v) n += 8;
    return n;
  };
  const roundRepeats = (r: number): number => Math.ceil(depth * r);
  let x = g.layer('Rescaling', { scale: 1.0 / 255.0 }, input);
  x = g.layer('Normalization', { axis: 3 }, x);
  if (a.get('weights') === 'imagenet') x = g.layer('Rescaling', { scale: [0.229, 0.224, 0.225].map((s) => 1.0 / Math.sqrt(s)) }, x);
  x = g.layer('ZeroPadding2D', { padding: correctPad(x.shape, 3), name: 'stem_conv_pad' }, x);
  x = g.layer('Conv2D', { filters: roundFilters(32), kernel_size: 3, strides: 2, padding: 'valid', use_bias: false, name: 'stem_conv' }, x);
  x = g.layer('BatchNormalization', { axis: 3, name: 'stem_bn' }, x);
  x = g.layer('Activation', { activation: 'swish', name: 'stem_activation' }, x);
  const total = B_STAGES.reduce((n, s) => n + roundRepeats(s.repeats), 0);
  let b = 0;
  B_STAGES.forEach((s, i) => {
    let args: StageArgs = { ...s, filtersIn: roundFilters(s.filtersIn), filtersOut: roundFilters(s.filtersOut) };
    for (let j = 0; j < roundRepeats(s.repeats); j++) {
      if (j > 0) args = { ...args, strides: 1, filtersIn: args.filtersOut };
      x = bBlock(g, x, (0.2 * b) / total, `block${i + 1}${String.fromCharCode(97 + j)}_`, args);
      b++;
    }
  });
  x = g.layer('Conv2D', { filters: roundFilters(1280), kernel_size: 1, padding: 'same', use_bias: false, name: 'top_conv' }, x);
  x = g.layer('BatchNormalization', { axis: 3, name: 'top_bn' }, x);
  x = g.layer('Activation', { activation: 'swish', name: 'top_activation' }, x);
  return { name: modelName(a), input, output: head(g, a, x, dropout) };
}

function params(defaultName: string, withPreprocessing: boolean): ParamSpec[] {
  const list = [p('include_top', true), p('weights', 'imagenet'), p('input_tensor', null), p('input_shape', null), p('pooling', null), p('classes', 1000), p('classifier_activation', 'softmax')];
  if (withPreprocessing) list.push(p('include_preprocessing', true));
  list.push(p('name', defaultName));
  return list;
}

/** [variant, width, depth, default size, dropout] */
const B_VARIANTS: readonly (readonly [string, number, number, number, number])[] = [
  ['B0', 1.0, 1.0, 224, 0.2], ['B1', 1.0, 1.1, 240, 0.2], ['B2', 1.1, 1.2, 260, 0.3], ['B3', 1.2, 1.4, 300, 0.3],
  ['B4', 1.4, 1.8, 380, 0.4], ['B5', 1.6, 2.2, 456, 0.4], ['B6', 1.8, 2.6, 528, 0.5], ['B7', 2.0, 3.1, 600, 0.5],
];

// -------------------------------------------------------------- EfficientNetV2

const V2_MESSAGES: CheckMessages = {
  weights: weightsMessage((w) => `Received: weights=${w}`),
  classes: () => 'If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000',
};

const V2_B_STAGES: readonly StageArgs[] = [
  st(3, 1, 32, 16, 1, 0, 1, true), st(3, 2, 16, 32, 4, 0, 2, true), st(3, 2, 32, 48, 4, 0, 2, true),
  st(3, 3, 48, 96, 4, 0.25, 2), st(3, 5, 96, 112, 6, 0.25, 1), st(3, 8, 112, 192, 6, 0.25, 2),
];

/** Stages per model name, as Keras looks them up (`blocks_args = DEFAULT_BLOCKS_ARGS[name]`). */
const V2_STAGES: Readonly<Record<string, readonly StageArgs[]>> = {
  'efficientnetv2-s': [
    st(3, 2, 24, 24, 1, 0, 1, true), st(3, 4, 24, 48, 4, 0, 2, true), st(3, 4, 48, 64, 4, 0, 2, true),
    st(3, 6, 64, 128, 4, 0.25, 2), st(3, 9, 128, 160, 6, 0.25, 1), st(3, 15, 160, 256, 6, 0.25, 2),
  ],
  'efficientnetv2-m': [
    st(3, 3, 24, 24, 1, 0, 1, true), st(3, 5, 24, 48, 4, 0, 2, true), st(3, 5, 48, 80, 4, 0, 2, true),
    st(3, 7, 80, 160, 4, 0.25, 2), st(3, 14, 160, 176, 6, 0.25, 1), st(3, 18, 176, 304, 6, 0.25, 2), st(3, 5, 304, 512, 6, 0.25, 1),
  ],
  'efficientnetv2-l': [
    st(3, 4, 32, 32, 1, 0, 1, true), st(3, 7, 32, 64, 4, 0, 2, true), st(3, 7, 64, 96, 4, 0, 2, true),
    st(3, 10, 96, 192, 4, 0.25, 2), st(3, 19, 192, 224, 6, 0.25, 1), st(3, 25, 224, 384, 6, 0.25, 2), st(3, 7, 384, 640, 6, 0.25, 1),
  ],
  'efficientnetv2-b0': V2_B_STAGES,
  'efficientnetv2-b1': V2_B_STAGES,
  'efficientnetv2-b2': V2_B_STAGES,
  'efficientnetv2-b3': V2_B_STAGES,
};

function v2Block(g: Graph, inputs: Tensor, survival: number, name: string, s: StageArgs): Tensor {
  const act = 'swish';
  const bn = { axis: 3, momentum: 0.9 };
  const filters = s.filtersIn * s.expand;
  let x = inputs;
  if (s.fused) {
    if (s.expand !== 1) {
      x = g.layer('Conv2D', { filters, kernel_size: s.kernel, strides: s.strides, padding: 'same', use_bias: false, name: `${name}expand_conv` }, x);
      x = g.layer('BatchNormalization', { ...bn, name: `${name}expand_bn` }, x);
      x = g.layer('Activation', { activation: act, name: `${name}expand_activation` }, x);
    }
    if (s.se > 0 && s.se <= 1) x = squeezeExcite(g, x, filters, Math.max(1, Math.trunc(s.filtersIn * s.se)), act, name);
    const one = s.expand !== 1;
    x = g.layer('Conv2D', { filters: s.filtersOut, kernel_size: one ? 1 : s.kernel, strides: one ? 1 : s.strides, padding: 'same', use_bias: false, name: `${name}project_conv` }, x);
    x = g.layer('BatchNormalization', { ...bn, name: `${name}project_bn` }, x);
    if (!one) x = g.layer('Activation', { activation: act, name: `${name}project_activation` }, x);
  } else {
    if (s.expand !== 1) {
      x = g.layer('Conv2D', { filters, kernel_size: 1, strides: 1, padding: 'same', use_bias: false, name: `${name}expand_conv` }, x);
      x = g.layer('BatchNormalization', { ...bn, name: `${name}expand_bn` }, x);
      x = g.layer('Activation', { activation: act, name: `${name}expand_activation` }, x);
    }
    x = g.layer('DepthwiseConv2D', { kernel_size: s.kernel, strides: s.strides, padding: 'same', use_bias: false, name: `${name}dwconv2` }, x);
    x = g.layer('BatchNormalization', { ...bn, name: `${name}bn` }, x);
    x = g.layer('Activation', { activation: act, name: `${name}activation` }, x);
    if (s.se > 0 && s.se <= 1) x = squeezeExcite(g, x, filters, Math.max(1, Math.trunc(s.filtersIn * s.se)), act, name);
    x = g.layer('Conv2D', { filters: s.filtersOut, kernel_size: 1, strides: 1, padding: 'same', use_bias: false, name: `${name}project_conv` }, x);
    x = g.layer('BatchNormalization', { ...bn, name: `${name}project_bn` }, x);
  }
  if (s.strides === 1 && s.filtersIn === s.filtersOut) {
    if (survival !== 0) x = g.layer('Dropout', { rate: survival, noise_shape: [null, 1, 1, 1], name: `${name}drop` }, x);
    x = g.layer('Add', { name: `${name}add` }, [x, inputs]);
  }
  return x;
}

function efficientnetV2(a: AppArgs, g: Graph, width: number, depth: number, size: number): BuiltModel {
  const name = modelName(a);
  const stages = Object.prototype.hasOwnProperty.call(V2_STAGES, name) ? V2_STAGES[name] : undefined;
  if (stages === undefined) raise('KeyError', pyStrOfKey(a.get('name')));
  const input = standardStart(g, a, size, 32, V2_MESSAGES);
  const shape = input.shape;
  const roundFilters = (f: number): number => Math.max(8, Math.floor(Math.trunc(f * width + 4) / 8) * 8);
  const roundRepeats = (r: number): number => Math.ceil(depth * r);
  let x = input;
  if (a.bool('include_preprocessing')) {
    const channels = a.inputTensor === undefined ? shape[3] : obtainedChannels(a);
    const parts = name.split('-');
    if (parts[parts.length - 1].startsWith('b') && channels === 3) {
      x = g.layer('Rescaling', { scale: 1.0 / 255 }, x);
      x = g.layer('Normalization', { mean: [0.485, 0.456, 0.406], variance: [0.229 ** 2, 0.224 ** 2, 0.225 ** 2], axis: 3 }, x);
    } else x = g.layer('Rescaling', { scale: 1.0 / 128.0, offset: -1 }, x);
  }
  x = g.layer('Conv2D', { filters: roundFilters(stages[0].filtersIn), kernel_size: 3, strides: 2, padding: 'same', use_bias: false, name: 'stem_conv' }, x);
  x = g.layer('BatchNormalization', { axis: 3, momentum: 0.9, name: 'stem_bn' }, x);
  x = g.layer('Activation', { activation: 'swish', name: 'stem_activation' }, x);
  const total = stages.reduce((n, s) => n + s.repeats, 0);
  let b = 0;
  stages.forEach((s, i) => {
    let args: StageArgs = { ...s, filtersIn: roundFilters(s.filtersIn), filtersOut: roundFilters(s.filtersOut) };
    for (let j = 0; j < roundRepeats(s.repeats); j++) {
      if (j > 0) args = { ...args, strides: 1, filtersIn: args.filtersOut };
      x = v2Block(g, x, (0.2 * b) / total, `block${i + 1}${String.fromCharCode(97 + j)}_`, args);
      b++;
    }
  });
  x = g.layer('Conv2D', { filters: roundFilters(1280), kernel_size: 1, strides: 1, padding: 'same', use_bias: false, name: 'top_conv' }, x);
  x = g.layer('BatchNormalization', { axis: 3, momentum: 0.9, name: 'top_bn' }, x);
  x = g.layer('Activation', { activation: 'swish', name: 'top_activation' }, x);
  return { name, input, output: head(g, a, x, 0.2) };
}

/** The channel count of the shape `obtain_input_shape` returned (not of an `input_tensor`). */
function obtainedChannels(a: AppArgs): number | null {
  const given = a.inputShape();
  if (given !== undefined && given.length === 3) return given[2];
  return 3;
}

/** Python's `str(KeyError(key))`: the key's repr. */
function pyStrOfKey(v: import('../types').PyValue): string {
  return typeof v === 'string' ? `'${v}'` : pyStrOf(v);
}

/** [variant, width, depth, default size] */
const V2_VARIANTS: readonly (readonly [string, number, number, number])[] = [
  ['B0', 1.0, 1.0, 224], ['B1', 1.0, 1.1, 240], ['B2', 1.1, 1.2, 260], ['B3', 1.2, 1.4, 300], ['S', 1.0, 1.0, 384], ['M', 1.0, 1.0, 480], ['L', 1.0, 1.0, 480],
];

export const efficientnetApplications: readonly ApplicationDef[] = [
  ...B_VARIANTS.map(([v, w, d, size, drop]): ApplicationDef => ({
    name: `EfficientNet${v}`,
    family: 'EfficientNet',
    params: params(`efficientnet${v.toLowerCase()}`, false),
    build: (a, g) => efficientnet(a, g, w, d, size, drop),
  })),
  ...V2_VARIANTS.map(([v, w, d, size]): ApplicationDef => ({
    name: `EfficientNetV2${v}`,
    family: 'EfficientNetV2',
    params: params(`efficientnetv2-${v.toLowerCase()}`, true),
    build: (a, g) => efficientnetV2(a, g, w, d, size),
  })),
];
