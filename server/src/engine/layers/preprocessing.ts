// Preprocessing layers: Rescaling, Resizing, CenterCrop, RandomCrop,
// Normalization, CategoryEncoding, Discretization, Hashing; and Keras 3's
// random image augmentations, which keep the shape (augmentation.ts).
//   Resizing(224, 128) on (None, 18, 8, 3)             → (None, 224, 128, 3)
//   Normalization() on (None, 20, 64, 32)              → same shape; mean/variance (32,) + count = 65 non-trainable
//   CategoryEncoding(10, output_mode='one_hot') on (None, 8) → (None, 8, 10)
import type { ArgReader } from '../args';
import { fail, failConstruct, unknown } from '../errors';
import { formatDim, formatShape, pyRepr, pyStr } from '../format';
import { singleInput, weight } from '../shapeUtils';
import type { LayerSpec, ParamDef } from '../spec';
import type { Dim, ExplainStep, PyValue, Shape, Weight } from '../types';

import { augmentationSpecs, imageKeywords, pyListStr, rejectBaseFactor, unchanged } from './augmentation';
/** Python's `seq[i]` index rule; undefined when out of range. */
function pyIndex(i: number, length: number): number | undefined {
  const j = i < 0 ? i + length : i;
  return j >= 0 && j < length ? j : undefined;
}


/** `shape[axis] = value` on a Python list: an out-of-range axis raises IndexError. */
function setAxis(shape: Dim[], axis: number, value: number, layer: string): void {
  const i = pyIndex(axis, shape.length);
  if (i === undefined) {
    fail(
      'incompatible-input',
      `list assignment index out of range: ${layer} needs an image input (height, width, channels), with or without a batch axis; received rank ${shape.length}`,
    );
  }
  shape[i] = value;
}

// ---------------------------------------------------------------------------

const rescaling: LayerSpec = {
  className: 'Rescaling',
  docPath: 'preprocessing_layers/image_preprocessing/rescaling',
  params: [{ name: 'scale' }, { name: 'offset', default: 0.0 }],
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const scale = a.raw('scale');
    const offset = a.raw('offset');
    return {
      outputs: [shape],
      weights: [],
      explain: unchanged(shape, `every value becomes x · ${pyRepr(scale)} + ${pyRepr(offset)}`),
    };
  },
};

/** Keras's Resizing/CenterCrop placement of height and width: axes 1, 2 (batched) or 0, 1 (unbatched), shifted by one for channels_first. */
function placeHeightWidth(shape: Shape, height: number, width: number, channelsFirst: boolean, layer: string): Dim[] {
  const out = [...shape];
  const base = shape.length === 4 ? 1 : 0;
  const h = base + (channelsFirst ? 1 : 0);
  setAxis(out, h, height, layer);
  setAxis(out, h + 1, width, layer);
  return out;
}

const resizingParams: ParamDef[] = [
  { name: 'height' },
  { name: 'width' },
  { name: 'interpolation', default: 'bilinear' },
  { name: 'crop_to_aspect_ratio', default: false },
  { name: 'pad_to_aspect_ratio', default: false },
  { name: 'fill_mode', default: 'constant' },
  { name: 'fill_value', default: 0.0 },
  { name: 'antialias', default: false },
  { name: 'data_format', default: null },
];

const resizing: LayerSpec = {
  className: 'Resizing',
  docPath: 'preprocessing_layers/image_preprocessing/resizing',
  params: resizingParams,
  extraKeywords: imageKeywords(resizingParams),
  construct: (a, ctx) => {
    a.dataFormat(ctx.config.imageDataFormat);
    rejectBaseFactor(a, 'Resizing');
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const height = a.int('height');
    const width = a.int('width');
    const channelsFirst = a.dataFormat(ctx.config.imageDataFormat) === 'channels_first';
    const out = placeHeightWidth(shape, height, width, channelsFirst, 'Resizing');
    const hi = (shape.length === 4 ? 1 : 0) + (channelsFirst ? 1 : 0);
    const inH = formatDim(shape[hi]);
    const inW = formatDim(shape[hi + 1]);
    let how = 'stretched (aspect ratio not kept)';
    if (a.bool('pad_to_aspect_ratio')) how = 'padded to the target aspect ratio, then resized';
    else if (a.bool('crop_to_aspect_ratio')) how = 'center-cropped to the target aspect ratio, then resized';
    return {
      outputs: [out],
      weights: [],
      explain: [{ label: 'output', text: `${inH} × ${inW} → ${height} × ${width}, ${how}; other axes unchanged` }],
    };
  },
};

const centerCropParams: ParamDef[] = [{ name: 'height' }, { name: 'width' }, { name: 'data_format', default: null }];

const centerCrop: LayerSpec = {
  className: 'CenterCrop',
  docPath: 'preprocessing_layers/image_preprocessing/center_crop',
  params: centerCropParams,
  extraKeywords: imageKeywords(centerCropParams),
  construct: (a, ctx) => {
    a.dataFormat(ctx.config.imageDataFormat);
    rejectBaseFactor(a, 'CenterCrop');
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    if (shape.length !== 3 && shape.length !== 4) {
      fail(
        'incompatible-input',
        '`input_shape` must be a non-nested tuple or list of rank-1 with size 3 (unbatched) or 4 (batched).',
      );
    }
    const height = a.int('height');
    const width = a.int('width');
    const channelsFirst = a.dataFormat(ctx.config.imageDataFormat) === 'channels_first';
    const out = placeHeightWidth(shape, height, width, channelsFirst, 'CenterCrop');
    const hi = (shape.length === 4 ? 1 : 0) + (channelsFirst ? 1 : 0);
    return { outputs: [out], weights: [], explain: cropExplain(shape[hi], shape[hi + 1], height, width) };
  },
};

/** A crop bigger than the image is not an error in Keras 3: it crops to the aspect ratio and resizes up. */
function cropExplain(inH: Dim, inW: Dim, height: number, width: number): ExplainStep[] {
  const fits = inH !== null && inW !== null && inH >= height && inW >= width;
  const small = (inH !== null && inH < height) || (inW !== null && inW < width);
  const text = fits
    ? `${inH} × ${inW} cropped to ${height} × ${width}`
    : small
      ? `${formatDim(inH)} × ${formatDim(inW)} is smaller than ${height} × ${width}: Keras crops to the target aspect ratio and resizes up instead`
      : `${formatDim(inH)} × ${formatDim(inW)} → ${height} × ${width}`;
  return [{ label: 'output', text }];
}

const randomCropParams: ParamDef[] = [
  { name: 'height' },
  { name: 'width' },
  { name: 'seed', default: null },
  { name: 'data_format', default: null },
  { name: 'name', default: null },
];

const randomCrop: LayerSpec = {
  className: 'RandomCrop',
  docPath: 'preprocessing_layers/image_augmentation/random_crop',
  params: randomCropParams,
  extraKeywords: imageKeywords(randomCropParams),
  construct: (a, ctx) => {
    a.dataFormat(ctx.config.imageDataFormat);
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const height = a.int('height');
    const width = a.int('width');
    const channelsFirst = a.dataFormat(ctx.config.imageDataFormat) === 'channels_first';
    const [hAxis, wAxis] = channelsFirst ? [-2, -1] : [-3, -2];
    const out = [...shape];
    setAxis(out, hAxis, height, 'RandomCrop');
    setAxis(out, wAxis, width, 'RandomCrop');
    const inH = shape[shape.length + hAxis];
    const inW = shape[shape.length + wAxis];
    return { outputs: [out], weights: [], explain: cropExplain(inH, inW, height, width) };
  },
};

// ---------------------------------------------------------------------------

/** `np.shape` of a nested list of numbers; undefined when the value is not a plain array. */
function npShape(v: PyValue): number[] | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return [];
  if (!Array.isArray(v)) return undefined;
  const items = v as readonly PyValue[];
  if (items.length === 0) return [0];
  const inner = items.map(npShape);
  const first = inner[0];
  if (first === undefined || inner.some((s) => s === undefined || s.join(',') !== first.join(','))) return undefined;
  return [items.length, ...first];
}

function normalizationAxes(a: ArgReader): number[] {
  const v = a.get('axis');
  if (v === null) return [];
  if (typeof v === 'number') return [a.int('axis')];
  if (Array.isArray(v)) {
    return (v as readonly PyValue[]).map((x) => {
      if (typeof x !== 'number' || !Number.isInteger(x)) a.invalid('axis', 'an integer or a tuple of integers');
      return x;
    });
  }
  return a.invalid('axis', 'an integer, a tuple of integers or None');
}

const normalization: LayerSpec = {
  className: 'Normalization',
  docPath: 'preprocessing_layers/numerical/normalization',
  params: [{ name: 'axis', default: -1 }, { name: 'mean', default: null }, { name: 'variance', default: null }, { name: 'invert', default: false }],
  construct: (a) => {
    const axes = normalizationAxes(a);
    const mean = a.raw('mean');
    const variance = a.raw('variance');
    if ((mean !== null) !== (variance !== null)) {
      failConstruct(
        'invalid-argument',
        `When setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${pyListStr(mean)} and variance=${pyListStr(variance)}`,
      );
    }
    if (mean === null) return;
    const ms = npShape(mean);
    const vs = npShape(variance);
    if (ms === undefined || vs === undefined) return;
    if (ms.join(',') !== vs.join(',')) {
      failConstruct(
        'invalid-argument',
        `When setting values directly, \`mean\` and \`variance\` must have the same shape. Received: mean shape ${formatShape(ms)} and variance shape ${formatShape(vs)}`,
      );
    }
    if (ms.length > axes.length) {
      failConstruct(
        'invalid-argument',
        `The rank of \`mean\` must be less than or equal to the number of axes (${axes.length}). Received: mean shape ${formatShape(ms)} for axis ${pyRepr(axes)}`,
      );
    }
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const axes = normalizationAxes(a);
    const ndim = shape.length;
    if (axes.some((d) => d < -ndim || d >= ndim)) {
      fail('incompatible-input', `All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${ndim}, while axis=${pyRepr(axes)}`);
    }
    // Keras keeps repeated axes as given (no de-duplication).
    const keep = axes.map((d) => (d < 0 ? d + ndim : d)).sort((x, y) => x - y);
    for (const d of keep) {
      if (shape[d] === null) {
        fail(
          'undefined-dim',
          `All \`axis\` values to be kept must have a known shape. Received axis=${pyRepr(axes)}, inputs.shape=${formatShape(shape)}, with unknown axis at index ${d}`,
        );
      }
    }
    const statShape = keep.map((d) => shape[d] as number);
    const mean = a.raw('mean');
    const explain: ExplainStep[] = [];
    const what = keep.length === 0 ? 'one mean and variance over all values' : `one mean and variance per position of axes ${pyRepr(keep)}, shape ${formatShape(statShape)}`;
    if (mean === null) {
      const weights: Weight[] = [weight('mean', statShape, false), weight('variance', statShape, false), weight('count', [], false)];
      explain.push({ label: 'output', text: `shape unchanged; ${what}, set by adapt()` });
      return { outputs: [shape], weights, explain };
    }
    // Given values are broadcast to the kept axes when the layer is built.
    const ms = npShape(mean);
    if (ms !== undefined && ms.length > 0) {
      for (let i = 1; i <= ms.length && i <= keep.length; i++) {
        const want = shape[keep[keep.length - i]] as number;
        const have = ms[ms.length - i];
        if (have !== want && have !== 1) {
          fail(
            'incompatible-shapes',
            `\`mean\` and \`variance\` of shape ${formatShape(ms)} cannot be broadcast to the normalized axes ${formatShape(statShape)} of input ${formatShape(shape)}`,
          );
        }
      }
    }
    explain.push({ label: 'output', text: `shape unchanged; ${what}, given as constants (no weights)` });
    return { outputs: [shape], weights: [], explain };
  },
};

const categoryEncoding: LayerSpec = {
  className: 'CategoryEncoding',
  docPath: 'preprocessing_layers/categorical/category_encoding',
  params: [{ name: 'num_tokens', default: null }, { name: 'output_mode', default: 'multi_hot' }, { name: 'sparse', default: false }],
  construct: (a) => {
    categoryMode(a);
    categoryTokens(a);
  },
  compute: (a, input, ctx) => {
    const mode = categoryMode(a);
    const n = categoryTokens(a);
    const shape = singleInput(input, ctx);
    let out: Dim[];
    let how: string;
    if (shape.length === 0) {
      out = [n];
      how = 'a scalar becomes one vector';
    } else if (mode === 'one_hot' && (shape[shape.length - 1] !== 1 || shape.length === 1)) {
      out = [...shape, n];
      how = 'one_hot: each id gets its own vector of length ' + n;
    } else {
      out = [...shape.slice(0, -1), n];
      how =
        mode === 'one_hot'
          ? `one_hot: the last axis of size 1 becomes ${n}`
          : `${mode}: the ids along the last axis are folded into one vector of ${n}`;
    }
    return { outputs: [out], weights: [], explain: [{ label: 'output', text: `${formatShape(shape)} → ${formatShape(out)}; ${how}` }] };
  },
};

function categoryMode(a: ArgReader): 'one_hot' | 'multi_hot' | 'count' {
  let v = a.get('output_mode');
  if (v === 'binary') v = 'multi_hot';
  if (v !== 'count' && v !== 'one_hot' && v !== 'multi_hot') failConstruct('invalid-argument', `Unknown arg for output_mode: ${pyStr(v)}`);
  return v;
}

function categoryTokens(a: ArgReader): number {
  const v = a.get('num_tokens');
  if (v === null) {
    failConstruct(
      'invalid-argument',
      'num_tokens must be set to use this layer. If the number of tokens is not known beforehand, use the IntegerLookup layer instead.',
    );
  }
  const n = a.int('num_tokens');
  if (n < 1) failConstruct('invalid-argument', `\`num_tokens\` must be >= 1. Received: num_tokens=${n}.`);
  return n;
}

const ENCODE_MODES = ['int', 'one_hot', 'multi_hot', 'count'] as const;

function checkEncodeMode(a: ArgReader, className: string, message: (v: PyValue) => string): string {
  const v = a.get('output_mode');
  if (typeof v !== 'string' || !(ENCODE_MODES as readonly string[]).includes(v)) failConstruct('invalid-argument', message(v));
  if (a.bool('sparse') && v === 'int') {
    failConstruct(
      'invalid-argument',
      className === 'Hashing'
        ? `\`sparse\` may only be true if \`output_mode\` is \`"one_hot"\`, \`"multi_hot"\`, or \`"count"\`. Received: sparse=True and output_mode=int`
        : `\`sparse=True\` may only be used if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, or \`'count'\`. Received: sparse=True and output_mode=int`,
    );
  }
  return v;
}

const discretizationMode = (a: ArgReader): string =>
  checkEncodeMode(
    a,
    'Discretization',
    (v) =>
      `Unknown value for \`output_mode\` argument of Discretization. Allowed values are: ('int', 'one_hot', 'multi_hot', 'count'). Received: output_mode=${pyStr(v)}`,
  );

const discretization: LayerSpec = {
  className: 'Discretization',
  docPath: 'preprocessing_layers/numerical/discretization',
  params: [
    { name: 'bin_boundaries', default: null },
    { name: 'num_bins', default: null },
    { name: 'epsilon', default: 0.01 },
    { name: 'output_mode', default: 'int' },
    { name: 'sparse', default: false },
    { name: 'dtype', default: null },
    { name: 'name', default: null },
  ],
  construct: (a) => {
    discretizationMode(a);
    discretizationDepth(a);
  },
  compute: (a, input, ctx) => {
    const mode = discretizationMode(a);
    const depth = discretizationDepth(a);
    const shape = singleInput(input, ctx);
    let out: Dim[];
    if (mode === 'int') out = [...shape];
    else if (mode === 'one_hot') {
      out = shape.length > 1 && shape[shape.length - 1] === 1 ? [...shape.slice(0, -1), depth] : [...shape, depth];
    } else out = shape.length >= 2 ? [shape[0], ...shape.slice(2), depth] : [depth];
    const bins = a.raw('bin_boundaries') !== null ? `${depth - 1} boundaries → ${depth} bins` : `${depth} bins`;
    const text = mode === 'int' ? `shape unchanged; each value replaced by its bin index (${bins})` : `${mode} over ${bins}: ${formatShape(shape)} → ${formatShape(out)}`;
    return { outputs: [out], weights: [], explain: [{ label: 'output', text }] };
  },
};

function discretizationDepth(a: ArgReader): number {
  const numBins = a.get('num_bins');
  const bounds = a.get('bin_boundaries');
  if (typeof numBins === 'number' && numBins < 0) {
    failConstruct('invalid-argument', `\`num_bins\` must be greater than or equal to 0. Received: \`num_bins=${numBins}\``);
  }
  if (numBins !== null && bounds !== null) {
    failConstruct(
      'invalid-argument',
      `Both \`num_bins\` and \`bin_boundaries\` should not be set. Received: \`num_bins=${pyStr(numBins)}\` and \`bin_boundaries=${pyListStr(bounds)}\``,
    );
  }
  if (numBins === null && bounds === null) failConstruct('invalid-argument', 'You need to set either `num_bins` or `bin_boundaries`.');
  if (bounds !== null) {
    if (!Array.isArray(bounds)) return unknown('`bin_boundaries` is not a list the engine can count');
    return (bounds as readonly PyValue[]).length + 1;
  }
  return a.int('num_bins');
}

const hashing: LayerSpec = {
  className: 'Hashing',
  docPath: 'preprocessing_layers/categorical/hashing',
  params: [
    { name: 'num_bins' },
    { name: 'mask_value', default: null },
    { name: 'salt', default: null },
    { name: 'output_mode', default: 'int' },
    { name: 'sparse', default: false },
  ],
  construct: (a) => {
    hashingBins(a);
    hashingMode(a);
  },
  compute: (a, input, ctx) => {
    const n = hashingBins(a);
    const mode = hashingMode(a);
    const shape = singleInput(input, ctx);
    const out: Dim[] = mode === 'int' ? [...shape] : shape.length === 0 ? [n] : [...shape.slice(0, -1), n];
    const text = mode === 'int' ? `shape unchanged; each value hashed to a bin in 0…${n - 1}` : `${mode} over ${n} bins: ${formatShape(shape)} → ${formatShape(out)}`;
    return { outputs: [out], weights: [], explain: [{ label: 'output', text }] };
  },
};

function hashingBins(a: ArgReader): number {
  const v = a.get('num_bins');
  if (v === null || (typeof v === 'number' && v <= 0)) {
    failConstruct('invalid-argument', `The \`num_bins\` for \`Hashing\` cannot be \`None\` or non-positive values. Received: num_bins=${pyStr(v)}.`);
  }
  return a.int('num_bins');
}

const hashingMode = (a: ArgReader): string =>
  checkEncodeMode(
    a,
    'Hashing',
    (v) => `Invalid value for argument \`output_mode\`. Expected one of ('int', 'one_hot', 'multi_hot', 'count'). Received: output_mode=${pyStr(v)}`,
  );

export const specs: LayerSpec[] = [
  rescaling,
  resizing,
  centerCrop,
  randomCrop,
  normalization,
  categoryEncoding,
  discretization,
  hashing,
  ...augmentationSpecs,
];
