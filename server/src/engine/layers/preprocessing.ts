// Preprocessing layers: Rescaling, Resizing, CenterCrop, RandomCrop,
// Normalization, CategoryEncoding, Discretization, Hashing, and Keras 3's
// random image augmentations (RandomFlip, RandomRotation, RandomZoom, ...),
// which keep the shape.
//   Resizing(224, 128) on (None, 18, 8, 3)             → (None, 224, 128, 3)
//   Normalization() on (None, 20, 64, 32)              → same shape; mean/variance (32,) + count = 65 non-trainable
//   CategoryEncoding(10, output_mode='one_hot') on (None, 8) → (None, 8, 10)
import type { ArgReader } from '../args';
import { fail, failConstruct, unknown } from '../errors';
import { formatDim, formatShape, pyRepr, pyStr } from '../format';
import { singleInput, weight } from '../shapeUtils';
import type { LayerSpec, ParamDef } from '../spec';
import type { Dim, ExplainStep, PyValue, Shape, Weight } from '../types';

/** Python's `seq[i]` index rule; undefined when out of range. */
function pyIndex(i: number, length: number): number | undefined {
  const j = i < 0 ? i + length : i;
  return j >= 0 && j < length ? j : undefined;
}

/** Python's `str()` of a value inside an f-string, with lists shown as lists (how users write them). */
function pyListStr(v: PyValue): string {
  if (Array.isArray(v)) return `[${(v as readonly PyValue[]).map(pyListStr).join(', ')}]`;
  return pyStr(v);
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

const unchanged = (shape: Shape, why: string): ExplainStep[] => [{ label: 'output', text: `${formatShape(shape)} unchanged: ${why}` }];

/** Base image layers take `factor`, `bounding_box_format` and `data_format` through **kwargs. */
function imageKeywords(params: readonly ParamDef[]): string[] {
  return ['factor', 'bounding_box_format', 'data_format'].filter((k) => !params.some((p) => p.name === k));
}

/** Layers whose class turns the base `factor` off reject it when it is given. */
function rejectBaseFactor(a: ArgReader, className: string): void {
  const v = a.raw('factor');
  if (v !== null) failConstruct('invalid-argument', `Layer ${className} does not take a \`factor\` argument. Received: factor=${pyListStr(v)}`);
}

function isNumber(v: PyValue): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}
function num(v: number | boolean): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** The base image layer's `factor`: a number or a pair, within the class's bounds. */
function checkBaseFactor(v: PyValue, lo: number, hi: number): void {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return; // opaque or unknown
  const msg = `The \`factor\` argument should be a number (or a list of two numbers) in the range [${lo}, ${hi}]. Received: factor=${pyListStr(v)}`;
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    if (items.length !== 2) failConstruct('invalid-argument', msg);
    if (!isNumber(items[0]) || !isNumber(items[1])) return;
    if (num(items[0]) > hi || num(items[1]) < lo) failConstruct('invalid-argument', msg);
  } else if (isNumber(v)) {
    if (num(v) < lo || num(v) > hi) failConstruct('invalid-argument', msg);
  } else failConstruct('invalid-argument', msg);
}

/** RandomZoom's and RandomTranslation's own factor rule (zoom excludes −1: the image would vanish). */
function checkSidedFactor(a: ArgReader, name: string, prefix: string, excludeMinusOne: boolean): void {
  const v = a.raw(name);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return;
  const range = (x: PyValue): void => {
    if (!isNumber(x)) return;
    const n = num(x);
    if (n > 1 || (excludeMinusOne ? n <= -1 : n < -1)) failConstruct('invalid-argument', `${prefix}Received: input_number=${pyStr(x)}`);
  };
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    if (items.length !== 2) failConstruct('invalid-argument', `${prefix}Received: ${name}=${pyListStr(v)}`);
    range(items[0]);
    range(items[1]);
  } else if (isNumber(v)) range(v);
  else failConstruct('invalid-argument', `${prefix}Received: ${name}=${pyListStr(v)}`);
}

const FILL_MODES = ['reflect', 'wrap', 'constant', 'nearest'] as const;
const INTERPOLATIONS = ['nearest', 'bilinear'] as const;

/** `NotImplementedError: Unknown `fill_mode` mirror. Expected of one (...)` */
function checkChoice(a: ArgReader, name: string, options: readonly string[]): void {
  const v = a.raw(name);
  if (typeof v === 'object' && v !== null) return;
  if (typeof v !== 'string' || !options.includes(v)) {
    failConstruct('invalid-argument', `Unknown \`${name}\` ${pyStr(v)}. Expected of one (${options.map((o) => `'${o}'`).join(', ')}).`);
  }
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

// ---------------------------------------------------------------------------
// Random augmentations and other image layers whose output shape is the input's.

interface AugmentationDef {
  readonly className: string;
  readonly params: readonly ParamDef[];
  readonly docPath?: string;
  /** Bounds of the base class's `factor` check, when the class uses it on its `factor` param. */
  readonly factorBounds?: readonly [number, number];
  /** The class does not take the base `factor` keyword. */
  readonly noBaseFactor?: boolean;
  readonly check?: (a: ArgReader) => void;
  readonly what: string;
}

const ZOOM_PREFIX =
  'The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range (-1.0, 1.0]. ';
const TRANSLATION_PREFIX = 'The `factor` argument should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ';

const fillAndInterpolation = (a: ArgReader): void => {
  checkChoice(a, 'fill_mode', FILL_MODES);
  checkChoice(a, 'interpolation', INTERPOLATIONS);
};

const AUGMENTATIONS: readonly AugmentationDef[] = [
  {
    className: 'RandomFlip',
    docPath: 'preprocessing_layers/image_augmentation/random_flip',
    params: [{ name: 'mode', default: 'horizontal_and_vertical' }, { name: 'seed', default: null }, { name: 'data_format', default: null }],
    noBaseFactor: true,
    what: 'images are flipped at random during training',
  },
  {
    className: 'RandomRotation',
    docPath: 'preprocessing_layers/image_augmentation/random_rotation',
    params: [
      { name: 'factor' },
      { name: 'fill_mode', default: 'reflect' },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'seed', default: null },
      { name: 'fill_value', default: 0.0 },
      { name: 'data_format', default: null },
    ],
    // The base class reads `factor or 0.0`, so None is accepted here.
    check: (a) => {
      const f = a.raw('factor');
      checkBaseFactor(f === null || f === false || f === 0 ? 0 : f, -1, 1);
      fillAndInterpolation(a);
    },
    what: 'images are rotated at random during training (fraction of 2π)',
  },
  {
    className: 'RandomZoom',
    docPath: 'preprocessing_layers/image_augmentation/random_zoom',
    params: [
      { name: 'height_factor' },
      { name: 'width_factor', default: null },
      { name: 'fill_mode', default: 'reflect' },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'seed', default: null },
      { name: 'fill_value', default: 0.0 },
      { name: 'data_format', default: null },
    ],
    noBaseFactor: true,
    check: (a) => {
      checkSidedFactor(a, 'height_factor', ZOOM_PREFIX, true);
      if (a.raw('width_factor') !== null) checkSidedFactor(a, 'width_factor', ZOOM_PREFIX, true);
      fillAndInterpolation(a);
    },
    what: 'images are zoomed at random during training, keeping their size',
  },
  {
    className: 'RandomTranslation',
    docPath: 'preprocessing_layers/image_augmentation/random_translation',
    params: [
      { name: 'height_factor' },
      { name: 'width_factor' },
      { name: 'fill_mode', default: 'reflect' },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'seed', default: null },
      { name: 'fill_value', default: 0.0 },
      { name: 'data_format', default: null },
    ],
    noBaseFactor: true,
    check: (a) => {
      checkSidedFactor(a, 'height_factor', TRANSLATION_PREFIX, false);
      checkSidedFactor(a, 'width_factor', TRANSLATION_PREFIX, false);
      fillAndInterpolation(a);
    },
    what: 'images are shifted at random during training, keeping their size',
  },
  {
    className: 'RandomContrast',
    docPath: 'preprocessing_layers/image_augmentation/random_contrast',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'seed', default: null }],
    factorBounds: [0, 1],
    what: 'contrast is changed at random during training',
  },
  {
    className: 'RandomBrightness',
    docPath: 'preprocessing_layers/image_augmentation/random_brightness',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'seed', default: null }],
    factorBounds: [-1, 1],
    what: 'brightness is changed at random during training',
  },
  {
    className: 'RandomHue',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    factorBounds: [0, 1],
    what: 'hue is shifted at random during training',
  },
  {
    className: 'RandomSaturation',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    factorBounds: [-1, 1],
    what: 'saturation is changed at random during training',
  },
  {
    className: 'RandomSharpness',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    factorBounds: [0, 1],
    what: 'sharpness is changed at random during training',
  },
  {
    className: 'RandomPosterization',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    factorBounds: [1, 8],
    what: 'colour bits are reduced at random during training',
  },
  {
    className: 'RandomColorDegeneration',
    params: [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    factorBounds: [-1, 1],
    what: 'colour is blended towards grey at random during training',
  },
  {
    className: 'RandomInvert',
    params: [{ name: 'factor', default: 1.0 }, { name: 'value_range', default: [0, 255] }, { name: 'seed', default: null }, { name: 'data_format', default: null }],
    factorBounds: [0, 1],
    what: 'images are inverted at random during training',
  },
  {
    className: 'RandomGrayscale',
    params: [{ name: 'factor', default: 0.5 }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    check: (a) => {
      const f = a.raw('factor');
      if (typeof f === 'number' && (f < 0 || f > 1)) failConstruct('invalid-argument', `\`factor\` should be between 0 and 1. Received: factor=${f}`);
    },
    what: 'images are turned grey at random during training (channels kept)',
  },
  {
    className: 'RandomGaussianBlur',
    params: [
      { name: 'factor', default: 1.0 },
      { name: 'kernel_size', default: 3 },
      { name: 'sigma', default: 1.0 },
      { name: 'value_range', default: [0, 255] },
      { name: 'data_format', default: null },
      { name: 'seed', default: null },
    ],
    factorBounds: [0, 1],
    what: 'images are blurred at random during training',
  },
  {
    className: 'RandomErasing',
    params: [
      { name: 'factor', default: 1.0 },
      { name: 'scale', default: [0.02, 0.33] },
      { name: 'fill_value', default: null },
      { name: 'value_range', default: [0, 255] },
      { name: 'seed', default: null },
      { name: 'data_format', default: null },
    ],
    factorBounds: [0, 1],
    what: 'rectangles are erased at random during training',
  },
  {
    className: 'RandomPerspective',
    params: [
      { name: 'factor', default: 1.0 },
      { name: 'scale', default: 1.0 },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'fill_value', default: 0.0 },
      { name: 'seed', default: null },
      { name: 'data_format', default: null },
    ],
    factorBounds: [0, 1],
    check: (a) => {
      const s = a.raw('scale');
      if (typeof s === 'number' && (s < 0 || s > 1)) {
        failConstruct('invalid-argument', `The \`scale\` argument should be a number in the range [0,1]. Received: scale=${s}`);
      }
      checkChoice(a, 'interpolation', INTERPOLATIONS);
    },
    what: 'a random perspective warp is applied during training',
  },
  {
    className: 'RandomElasticTransform',
    params: [
      { name: 'factor', default: 1.0 },
      { name: 'scale', default: 1.0 },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'fill_mode', default: 'reflect' },
      { name: 'fill_value', default: 0.0 },
      { name: 'value_range', default: [0, 255] },
      { name: 'seed', default: null },
      { name: 'data_format', default: null },
    ],
    factorBounds: [0, 1],
    check: (a) => {
      checkChoice(a, 'interpolation', INTERPOLATIONS);
      checkChoice(a, 'fill_mode', ['constant', 'nearest', 'wrap', 'mirror', 'reflect']);
    },
    what: 'a random elastic distortion is applied during training',
  },
  {
    className: 'RandomShear',
    params: [
      { name: 'x_factor', default: 0.0 },
      { name: 'y_factor', default: 0.0 },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'fill_mode', default: 'reflect' },
      { name: 'fill_value', default: 0.0 },
      { name: 'data_format', default: null },
      { name: 'seed', default: null },
    ],
    noBaseFactor: true,
    check: fillAndInterpolation,
    what: 'images are sheared at random during training',
  },
  {
    className: 'RandomColorJitter',
    params: [
      { name: 'value_range', default: [0, 255] },
      { name: 'brightness_factor', default: null },
      { name: 'contrast_factor', default: null },
      { name: 'saturation_factor', default: null },
      { name: 'hue_factor', default: null },
      { name: 'seed', default: null },
      { name: 'data_format', default: null },
    ],
    what: 'brightness, contrast, saturation and hue are changed at random during training',
  },
  {
    className: 'AugMix',
    params: [
      { name: 'value_range', default: [0, 255] },
      { name: 'num_chains', default: 3 },
      { name: 'chain_depth', default: 3 },
      { name: 'factor', default: 0.3 },
      { name: 'alpha', default: 1.0 },
      { name: 'all_ops', default: true },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'seed', default: null },
      { name: 'data_format', default: null },
    ],
    factorBounds: [0, 1],
    what: 'chains of random augmentations are mixed during training',
  },
  {
    className: 'RandAugment',
    params: [
      { name: 'value_range', default: [0, 255] },
      { name: 'num_ops', default: 2 },
      { name: 'factor', default: 0.5 },
      { name: 'interpolation', default: 'bilinear' },
      { name: 'seed', default: null },
      { name: 'data_format', default: null },
    ],
    factorBounds: [0, 1],
    what: 'random augmentations are applied during training',
  },
  {
    className: 'CutMix',
    params: [{ name: 'factor', default: 1.0 }, { name: 'seed', default: null }, { name: 'data_format', default: null }],
    factorBounds: [0, 1],
    what: 'patches are swapped between images of the batch during training',
  },
  {
    className: 'MixUp',
    params: [{ name: 'alpha', default: 0.2 }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    what: 'images of the batch are blended during training',
  },
  {
    className: 'AutoContrast',
    params: [{ name: 'value_range', default: [0, 255] }],
    noBaseFactor: true,
    what: 'contrast is stretched to the value range',
  },
  {
    className: 'Equalization',
    params: [{ name: 'value_range', default: [0, 255] }, { name: 'bins', default: 256 }, { name: 'data_format', default: null }],
    what: 'histograms are equalised',
  },
  {
    className: 'ContrastLimitedAdaptiveHistogramEqualization',
    params: [
      { name: 'value_range', default: [0, 255] },
      { name: 'clip_limit', default: 4.0 },
      { name: 'tile_grid_size', default: [8, 8] },
      { name: 'data_format', default: null },
    ],
    what: 'local histograms are equalised',
  },
  {
    className: 'Solarization',
    params: [
      { name: 'addition_factor', default: 0.0 },
      { name: 'threshold_factor', default: 0.0 },
      { name: 'value_range', default: [0, 255] },
      { name: 'seed', default: null },
    ],
    noBaseFactor: true,
    what: 'bright values are inverted at random during training',
  },
];

function augmentationSpec(d: AugmentationDef): LayerSpec {
  return {
    className: d.className,
    params: d.params,
    docPath: d.docPath,
    extraKeywords: imageKeywords(d.params),
    construct: (a, ctx) => {
      a.dataFormat(ctx.config.imageDataFormat);
      if (d.noBaseFactor) rejectBaseFactor(a, d.className);
      if (d.factorBounds) checkBaseFactor(a.raw('factor'), d.factorBounds[0], d.factorBounds[1]);
      d.check?.(a);
    },
    compute: (a, input, ctx) => {
      const shape = singleInput(input, ctx);
      if (d.className === 'RandomColorDegeneration') colorImageCheck(a, shape, ctx.config.imageDataFormat);
      return { outputs: [shape], weights: [], explain: unchanged(shape, `${d.what}; inactive at inference`) };
    },
  };
}

/** RandomColorDegeneration needs RGB images. */
function colorImageCheck(a: ArgReader, shape: Shape, defaultFormat: 'channels_last' | 'channels_first'): void {
  if (shape.length !== 3 && shape.length !== 4) {
    fail(
      'incompatible-input',
      `Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). Received: input_shape=${formatShape(shape)}`,
    );
  }
  const channels = shape[a.dataFormat(defaultFormat) === 'channels_last' ? shape.length - 1 : shape.length - 3];
  if (channels !== null && channels !== 3) fail('incompatible-input', `Input images must have 3 channels, but received images with ${channels} channels.`);
}

export const specs: LayerSpec[] = [
  rescaling,
  resizing,
  centerCrop,
  randomCrop,
  normalization,
  categoryEncoding,
  discretization,
  hashing,
  ...AUGMENTATIONS.map(augmentationSpec),
];
