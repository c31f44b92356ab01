// Keras 3's random image augmentations (RandomFlip, RandomRotation,
// RandomZoom, ...) and other image layers whose output shape is the
// input's, with the argument checks their constructors make; the factor,
// fill mode and interpolation checks are shared with preprocessing.ts.
//   RandomFlip() on (None, 32, 32, 3)   → (None, 32, 32, 3)
import type { ArgReader } from '../args';
import { fail, failConstruct } from '../errors';
import { formatShape, pyStr } from '../format';
import { singleInput } from '../shapeUtils';
import type { LayerSpec, ParamDef } from '../spec';
import type { ExplainStep, PyValue, Shape } from '../types';

/** Python's `str()` of a value inside an f-string, with lists shown as lists (how users write them). */
export function pyListStr(v: PyValue): string {
  if (Array.isArray(v)) return `[${(v as readonly PyValue[]).map(pyListStr).join(', ')}]`;
  return pyStr(v);
}

export const unchanged = (shape: Shape, why: string): ExplainStep[] => [{ label: 'output', text: `${formatShape(shape)} unchanged: ${why}` }];

/** Base image layers take `factor`, `bounding_box_format` and `data_format` through **kwargs. */
export function imageKeywords(params: readonly ParamDef[]): string[] {
  return ['factor', 'bounding_box_format', 'data_format'].filter((k) => !params.some((p) => p.name === k));
}

/** Layers whose class turns the base `factor` off reject it when it is given. */
export function rejectBaseFactor(a: ArgReader, className: string): void {
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

export const augmentationSpecs: LayerSpec[] = AUGMENTATIONS.map(augmentationSpec);
