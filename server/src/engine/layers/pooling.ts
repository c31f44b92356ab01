// Pooling layers: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D (and their
// MaxPool/AvgPool aliases), GlobalMax/GlobalAveragePooling1D/2D/3D, and
// AdaptiveMax/AdaptiveAveragePooling1D/2D/3D.
//   MaxPooling2D() on (None, 5, 5, 3) → (None, 2, 2, 3): floor((5 − 2) / 2) + 1 = 2;
//   with padding='same' → (None, 3, 3, 3): floor((5 − 1) / 2) + 1 = 3. No weights.
import type { ArgReader } from '../args';
import { convOutputLength } from '../convArithmetic';
import { fail, failConstruct } from '../errors';
import { formatShape, pyRepr, pyStr } from '../format';
import { checkInputSpec, singleInput } from '../shapeUtils';
import type { EngineContext, LayerSpec, ParamDef } from '../spec';
import type { Dim, ExplainStep, PyValue, Shape, Teaching } from '../types';

type DataFormat = 'channels_last' | 'channels_first';

const AXIS_LABELS: Readonly<Record<number, readonly string[]>> = {
  1: ['steps'],
  2: ['height', 'width'],
  3: ['depth', 'height', 'width'],
};

/** Indices of the spatial axes of a rank-`rank` tensor in `format`. */
function spatialAxes(rank: number, format: DataFormat): number[] {
  const axes: number[] = [];
  const start = format === 'channels_last' ? 1 : 2;
  const end = format === 'channels_last' ? rank - 1 : rank;
  for (let i = start; i < end; i++) axes.push(i);
  return axes;
}

/** numpy's `str` of a 1-D array: an int array pads every item to the widest; an object array (with None) does not. */
function numpyArray(items: readonly Dim[]): string {
  if (items.some((d) => d === null)) return `[${items.map((d) => (d === null ? 'None' : String(d))).join(' ')}]`;
  const texts = items.map(String);
  const width = Math.max(...texts.map((t) => t.length));
  return `[${texts.map((t) => t.padStart(width)).join(' ')}]`;
}

function pyTuple(items: readonly number[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

// ---------------------------------------------------------------------------
// MaxPooling / AveragePooling

/** The axes a pooling layer reads: `(batch, height, width, channels)`. */
function poolLayout(dims: number, format: DataFormat): string {
  const labels = AXIS_LABELS[dims].join(', ');
  return format === 'channels_first' ? `(batch, channels, ${labels})` : `(batch, ${labels}, channels)`;
}

interface PoolConfig {
  poolSize: number[];
  strides: number[];
  padding: PyValue;
  dataFormat: DataFormat;
}

function readPool(a: ArgReader, dims: number, ctx: EngineContext): PoolConfig {
  const poolSize = a.intTuple('pool_size', dims);
  // Keras falls back to the pool size when strides is None, and allows 0 there.
  const strides = a.raw('strides') === null ? [...poolSize] : a.intTuple('strides', dims, true);
  const dataFormat = a.dataFormat(ctx.config.imageDataFormat);
  return { poolSize, strides, padding: a.get('padding'), dataFormat };
}

/**
 * A zero stride is accepted by the constructor and only breaks the output
 * length arithmetic; Keras's error depends on whether the shape holds a None
 * (Python integer division) or not (numpy float division, then int()).
 */
function zeroStrideError(shape: Shape, spatial: readonly Dim[], cfg: PoolConfig, padding: 'valid' | 'same'): never {
  if (shape.some((d) => d === null)) fail('invalid-argument', 'division by zero: `strides` contains 0');
  const values = spatial.map((d, i) => {
    const num = padding === 'valid' ? (d as number) - cfg.poolSize[i] : (d as number) - 1;
    return cfg.strides[i] === 0 ? num / 0 : Math.floor(num / cfg.strides[i]) + 1;
  });
  if (padding === 'valid' && values.some((v) => v <= 0)) zeroOrNegative(shape, cfg);
  for (const v of values) {
    if (Number.isNaN(v)) fail('invalid-argument', 'cannot convert float NaN to integer: `strides` contains 0');
    if (!Number.isFinite(v)) fail('invalid-argument', 'cannot convert float infinity to integer: `strides` contains 0');
  }
  fail('invalid-argument', '`strides` contains 0');
}

function zeroOrNegative(shape: Shape, cfg: PoolConfig, tooShort: Teaching | undefined = undefined): never {
  fail(
    'negative-dim',
    `Computed output size would be zero or negative. Received: \`inputs.shape=${numpyArray(shape)}\`, ` +
      `\`pool_size=${numpyArray(cfg.poolSize)}\`, \`strides=${pyTuple(cfg.strides)}\`, \`padding=${pyStr(cfg.padding)}\`.`,
    tooShort,
  );
}

function poolingSpec(className: string, alias: string, docPath: string, dims: number, mode: 'max' | 'average', poolDefault?: PyValue): LayerSpec {
  const params: ParamDef[] = [
    poolDefault === undefined ? { name: 'pool_size' } : { name: 'pool_size', default: poolDefault },
    { name: 'strides', default: null },
    { name: 'padding', default: 'valid' },
    { name: 'data_format', default: null },
    { name: 'name', default: null },
  ];
  return {
    className,
    aliases: [alias],
    docPath,
    params,
    construct: (a, ctx) => {
      readPool(a, dims, ctx);
    },
    compute: (a, input, ctx) => {
      const cfg = readPool(a, dims, ctx);
      const shape = singleInput(input, ctx);
      checkInputSpec(shape, { ndim: dims + 2, layout: poolLayout(dims, cfg.dataFormat) }, ctx);
      if (cfg.padding !== 'valid' && cfg.padding !== 'same') {
        fail('invalid-argument', `Argument \`padding\` must be either 'valid' or 'same'. Received: padding=${pyStr(cfg.padding)}`);
      }
      const padding = cfg.padding;
      const axes = spatialAxes(shape.length, cfg.dataFormat);
      const spatial = axes.map((i) => shape[i]);
      if (cfg.strides.some((s) => s === 0)) zeroStrideError(shape, spatial, cfg, padding);
      const out = [...shape];
      const explain: ExplainStep[] = [];
      const tooShort: { label: string; input: number; window: number; formula: string }[] = [];
      axes.forEach((axis, i) => {
        const step = convOutputLength(spatial[i], cfg.poolSize[i], cfg.strides[i], padding);
        out[axis] = step.length;
        const label = AXIS_LABELS[dims][i];
        if (step.length !== null && step.length <= 0) tooShort.push({ label, input: spatial[i] as number, window: cfg.poolSize[i], formula: step.formula });
        explain.push({ label, text: step.formula });
      });
      if (tooShort.length > 0) zeroOrNegative(shape, cfg, { kind: 'output-size', window: 'pool', shape, axes: tooShort });
      const channelAxis = cfg.dataFormat === 'channels_last' ? shape.length - 1 : 1;
      explain.push({
        label: 'output',
        text:
          `${mode} pooling with ${cfg.poolSize.length === 1 ? `a window of ${cfg.poolSize[0]}` : `a ${cfg.poolSize.join('×')} window`}, strides ${pyTuple(cfg.strides)}, padding '${padding}': ` +
          `${formatShape(shape)} → ${formatShape(out)}; the ${shape[channelAxis] === null ? 'None' : shape[channelAxis]} channels are kept, no weights`,
      });
      return { outputs: [out], weights: [], explain };
    },
  };
}

// ---------------------------------------------------------------------------
// GlobalMaxPooling / GlobalAveragePooling

function globalSpec(className: string, alias: string, docPath: string, dims: number, mode: 'max' | 'average'): LayerSpec {
  return {
    className,
    aliases: [alias],
    docPath,
    params: [
      { name: 'data_format', default: null },
      { name: 'keepdims', default: false },
    ],
    construct: (a, ctx) => {
      a.dataFormat(ctx.config.imageDataFormat);
    },
    compute: (a, input, ctx) => {
      const format = a.dataFormat(ctx.config.imageDataFormat);
      const keepdims = a.bool('keepdims');
      const shape = singleInput(input, ctx);
      checkInputSpec(shape, { ndim: dims + 2, layout: poolLayout(dims, format) }, ctx);
      const channels = format === 'channels_last' ? shape[shape.length - 1] : shape[1];
      const ones: Dim[] = new Array<Dim>(shape.length - 2).fill(1);
      let out: Dim[];
      if (!keepdims) out = [shape[0], channels];
      else if (format === 'channels_last') out = [shape[0], ...ones, channels];
      else out = [shape[0], channels, ...ones];
      const axes = spatialAxes(shape.length, format).map((i) => shape[i]);
      const reduced = axes.map((d) => (d === null ? 'None' : String(d))).join('×');
      const what = mode === 'max' ? 'the maximum' : 'the mean';
      return {
        outputs: [out],
        weights: [],
        explain: [
          {
            label: 'output',
            text:
              `${what} over all ${reduced} ${dims === 1 ? 'steps' : 'positions'} of each of the ${channels === null ? 'None' : channels} channels: ` +
              `${formatShape(shape)} → ${formatShape(out)}${keepdims ? ' (keepdims keeps the reduced axes as 1)' : ''}`,
          },
        ],
      };
    },
  };
}

// ---------------------------------------------------------------------------
// AdaptiveMaxPooling / AdaptiveAveragePooling

function pyTypeName(v: PyValue): string {
  if (v === null) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (Array.isArray(v)) return "<class 'tuple'>";
  return "<class 'object'>";
}

const ADAPTIVE_TUPLE_TEXT: Readonly<Record<number, string>> = {
  2: '(height, width) tuple',
  3: '(depth, height, width) tuple',
};

/** The output size tuple the constructor builds (None items survive as None). */
function readOutputSize(a: ArgReader, dims: number): PyValue[] {
  const v = a.get('output_size');
  if (typeof v === 'number' && Number.isInteger(v)) return new Array<PyValue>(dims).fill(v);
  if (typeof v === 'boolean') return new Array<PyValue>(dims).fill(v ? 1 : 0);
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    if (dims === 1 && items.length !== 1) {
      failConstruct('invalid-argument', `For 1D input, \`output_size\` tuple must have length 1. Received: ${pyStr(v)}`);
    }
    if (items.length === dims) return [...items];
  }
  const expected = dims === 1 ? 'tuple of 1 integer' : ADAPTIVE_TUPLE_TEXT[dims];
  return failConstruct('invalid-argument', `\`output_size\` must be an integer or ${expected}. Received: ${pyStr(v)} of type ${pyTypeName(v)}`);
}

function adaptiveDataFormat(a: ArgReader, ctx: EngineContext): DataFormat {
  // Unlike most layers, no lower-casing here: `data_format or image_data_format()`.
  const v = a.get('data_format');
  if (v === null || v === '' || v === false || v === 0) return ctx.config.imageDataFormat;
  if (v === 'channels_last' || v === 'channels_first') return v;
  return failConstruct('invalid-argument', `Invalid data_format: ${pyStr(v)}. Expected 'channels_first' or 'channels_last'.`);
}

function adaptiveSpec(className: string, docPath: string, dims: number, mode: 'max' | 'average'): LayerSpec {
  return {
    className,
    docPath,
    params: [{ name: 'output_size' }, { name: 'data_format', default: null }],
    construct: (a, ctx) => {
      readOutputSize(a, dims);
      adaptiveDataFormat(a, ctx);
    },
    compute: (a, input, ctx) => {
      const size = readOutputSize(a, dims);
      const format = adaptiveDataFormat(a, ctx);
      const shape = singleInput(input, ctx);
      // No InputSpec: Keras computes the shape from the batch and channel axes only.
      if (format === 'channels_first' && shape.length < 2) {
        fail('incompatible-input', `IndexError: tuple index out of range (channels_first input of shape ${formatShape(shape)} has no channel axis)`);
      }
      const channels = format === 'channels_last' ? shape[shape.length - 1] : shape[1];
      const outText = `(${[shape[0], ...(format === 'channels_last' ? [...size, channels] : [channels, ...size])].map(pyRepr).join(', ')})`;
      const dimsOut: Dim[] = size.map((d) => {
        if (d === null) return null;
        if (typeof d === 'boolean') return d ? 1 : 0;
        if (typeof d !== 'number' || !Number.isInteger(d)) {
          return fail('invalid-argument', `Cannot convert '${outText}' to a shape. Found invalid dimension '${pyStr(d)}' of type '${pyTypeName(d)}'.`);
        }
        return d;
      });
      if (dimsOut.some((d) => d !== null && d < 0)) {
        fail('negative-dim', `Cannot convert '${outText}' to a shape. Negative dimensions are not allowed.`);
      }
      const out: Dim[] = format === 'channels_last' ? [shape[0], ...dimsOut, channels] : [shape[0], channels, ...dimsOut];
      const sizeText = dimsOut.map((d) => (d === null ? 'None' : String(d))).join('×');
      return {
        outputs: [out],
        weights: [],
        explain: [
          {
            label: 'output',
            text:
              `adaptive ${mode} pooling to a fixed ${sizeText} output whatever the input size (window and stride are derived from it): ` +
              `${formatShape(shape)} → ${formatShape(out)}`,
          },
        ],
      };
    },
  };
}

const P = 'pooling_layers/';

export const specs: LayerSpec[] = [
  poolingSpec('MaxPooling1D', 'MaxPool1D', `${P}max_pooling1d`, 1, 'max', 2),
  poolingSpec('MaxPooling2D', 'MaxPool2D', `${P}max_pooling2d`, 2, 'max', [2, 2]),
  poolingSpec('MaxPooling3D', 'MaxPool3D', `${P}max_pooling3d`, 3, 'max', [2, 2, 2]),
  poolingSpec('AveragePooling1D', 'AvgPool1D', `${P}average_pooling1d`, 1, 'average'),
  poolingSpec('AveragePooling2D', 'AvgPool2D', `${P}average_pooling2d`, 2, 'average'),
  poolingSpec('AveragePooling3D', 'AvgPool3D', `${P}average_pooling3d`, 3, 'average'),
  globalSpec('GlobalMaxPooling1D', 'GlobalMaxPool1D', `${P}global_max_pooling1d`, 1, 'max'),
  globalSpec('GlobalMaxPooling2D', 'GlobalMaxPool2D', `${P}global_max_pooling2d`, 2, 'max'),
  globalSpec('GlobalMaxPooling3D', 'GlobalMaxPool3D', `${P}global_max_pooling3d`, 3, 'max'),
  globalSpec('GlobalAveragePooling1D', 'GlobalAvgPool1D', `${P}global_average_pooling1d`, 1, 'average'),
  globalSpec('GlobalAveragePooling2D', 'GlobalAvgPool2D', `${P}global_average_pooling2d`, 2, 'average'),
  globalSpec('GlobalAveragePooling3D', 'GlobalAvgPool3D', `${P}global_average_pooling3d`, 3, 'average'),
  adaptiveSpec('AdaptiveMaxPooling1D', `${P}adaptive_max_pooling1d`, 1, 'max'),
  adaptiveSpec('AdaptiveMaxPooling2D', `${P}adaptive_max_pooling2d`, 2, 'max'),
  adaptiveSpec('AdaptiveMaxPooling3D', `${P}adaptive_max_pooling3d`, 3, 'max'),
  adaptiveSpec('AdaptiveAveragePooling1D', `${P}adaptive_average_pooling1d`, 1, 'average'),
  adaptiveSpec('AdaptiveAveragePooling2D', `${P}adaptive_average_pooling2d`, 2, 'average'),
  adaptiveSpec('AdaptiveAveragePooling3D', `${P}adaptive_average_pooling3d`, 3, 'average'),
];
