// Reshaping layers: Flatten, Reshape, Permute, RepeatVector,
// UpSampling1D/2D/3D, ZeroPadding1D/2D/3D, Cropping1D/2D/3D. None of them has weights.
//   Flatten() on (None, 7, 7, 64) → (None, 3136): 7·7·64 = 3,136; on (None, None, 5) → (None, None), no error.
//   Reshape((-1, 8)) on (None, 4, 6) → (None, 3, 8): -1 = 24 / 8 = 3.
//   Cropping2D(((2, 3), (0, 0))) on (None, 28, 28, 1) → (None, 23, 28, 1).
import { isUnknown, type ArgReader } from '../args';
import { fail, failConstruct, unknown } from '../errors';
import { formatCount, formatShape, pyRepr, pyStr } from '../format';
import { checkInputSpec, singleInput } from '../shapeUtils';
import type { EngineContext, LayerComputation, LayerSpec } from '../spec';
import type { Dim, ExplainStep, PyValue, Shape } from '../types';

type DataFormat = 'channels_last' | 'channels_first';

// ---------------------------------------------------------------------------
// Helpers mirroring Keras's argument validation and shape standardisation

function isNumber(v: PyValue): v is number {
  return typeof v === 'number';
}

function pyTypeName(v: PyValue): string {
  if (v === null) return "<class 'NoneType'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (Array.isArray(v)) return "<class 'tuple'>";
  return "<class 'object'>";
}

/** Keras's `standardize_tuple` for a value that may be nested inside another argument. */
function standardizeTuple(value: PyValue, n: number, name: string, allowZero: boolean): number[] {
  if (isUnknown(value)) unknown(`\`${name}\` is not known statically`);
  let msg = `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${pyStr(value)}`;
  let items: number[];
  if (typeof value === 'boolean') items = new Array<number>(n).fill(value ? 1 : 0);
  else if (isNumber(value) && Number.isInteger(value)) items = new Array<number>(n).fill(value);
  else if (Array.isArray(value) || typeof value === 'string') {
    const raw: readonly PyValue[] = typeof value === 'string' ? [...value] : (value as readonly PyValue[]);
    if (raw.length !== n) failConstruct('invalid-argument', msg);
    items = raw.map((x) => {
      if (isUnknown(x)) return unknown(`\`${name}\` is not known statically`);
      if (typeof x === 'boolean') return x ? 1 : 0;
      if (isNumber(x)) return x;
      return failConstruct('invalid-argument', `${msg}including element ${pyStr(x)} of type ${pyTypeName(x)}`);
    });
  } else {
    return failConstruct('invalid-argument', msg);
  }
  const bad = [...new Set(items.filter((x) => (allowZero ? x < 0 : x <= 0)))];
  if (bad.length > 0) {
    msg += `, including values {${bad.join(', ')}} that do not satisfy \`value ${allowZero ? '>= 0' : '> 0'}\``;
    failConstruct('invalid-argument', msg);
  }
  return items;
}

/**
 * What Keras does when it turns a computed output shape into a tensor: None
 * stays, other dims must be non-negative integers.
 */
function finishShape(out: readonly (number | null)[]): Dim[] {
  const text = formatShape(out);
  for (const d of out) {
    if (d !== null && !Number.isInteger(d)) {
      fail('invalid-argument', `Cannot convert '${text}' to a shape. Found invalid dimension '${d}' of type '<class 'float'>'.`);
    }
  }
  if (out.some((d) => d !== null && d < 0)) {
    fail('negative-dim', `Cannot convert '${text}' to a shape. Negative dimensions are not allowed.`);
  }
  return [...out];
}

function dimText(d: Dim): string {
  return d === null ? 'None' : String(d);
}

/** An int that must not be a bool (RepeatVector's `n`, UpSampling1D's `size`), and positive. */
function strictPositiveInt(a: ArgReader, name: string): number {
  const v = a.get(name);
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    failConstruct('invalid-argument', `Expected an integer value for \`${name}\`, got ${pyTypeName(v)}.`);
  }
  if (v <= 0) failConstruct('invalid-argument', `Argument \`${name}\` should be a positive integer. Received: ${name}=${v}`);
  return v;
}

function spatialAxes(rank: number, format: DataFormat): number[] {
  const axes: number[] = [];
  const start = format === 'channels_last' ? 1 : 2;
  const end = format === 'channels_last' ? rank - 1 : rank;
  for (let i = start; i < end; i++) axes.push(i);
  return axes;
}

const AXIS_LABELS: Readonly<Record<number, readonly string[]>> = {
  1: ['steps'],
  2: ['height', 'width'],
  3: ['depth', 'height', 'width'],
};

const ORDINALS = ['1st', '2nd', '3rd'];

function noWeights(out: Dim[], explain: ExplainStep[]): LayerComputation {
  return { outputs: [out], weights: [], explain };
}

// ---------------------------------------------------------------------------
// Flatten

const flatten: LayerSpec = {
  className: 'Flatten',
  docPath: 'reshaping_layers/flatten',
  params: [{ name: 'data_format', default: null }],
  construct: (a, ctx) => {
    a.dataFormat(ctx.config.imageDataFormat);
  },
  compute: (a, input, ctx) => {
    const format = a.dataFormat(ctx.config.imageDataFormat);
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { minNdim: 1 }, ctx);
    const rest = shape.slice(1);
    let flat: Dim;
    let text: string;
    if (rest.length === 0) {
      flat = 1;
      text = 'no axes besides the batch: each sample becomes a vector of length 1';
    } else if (rest.some((d) => d === null)) {
      flat = null;
      text = `${rest.map(dimText).join('·')} = None: a non-batch dimension is None, so the flattened length is unknown until run time (a Dense after this cannot build its kernel)`;
    } else {
      flat = (rest as number[]).reduce((p, d) => p * d, 1);
      text = rest.length === 1 ? `${formatCount(flat)} (already flat)` : `${rest.join('·')} = ${formatCount(flat)}`;
    }
    const out = [shape[0], flat];
    const explain: ExplainStep[] = [{ label: 'length', text }];
    if (format === 'channels_first' && shape.length > 2) {
      explain.push({ label: 'order', text: 'channels_first: the channel axis is moved last before flattening (same length, different element order)' });
    }
    return noWeights(out, explain);
  },
};

// ---------------------------------------------------------------------------
// Reshape

/** The target shape as Keras stores it: a tuple whose non-int items count as None. */
function readTargetShape(a: ArgReader): Dim[] {
  const v = a.get('target_shape');
  let items: readonly PyValue[];
  if (Array.isArray(v)) items = v as readonly PyValue[];
  else if (typeof v === 'string') items = [...v];
  else if (typeof v === 'object' && v !== null && (v as { kind: string }).kind === 'opaque') {
    return unknown('`target_shape` is not known statically');
  } else {
    const type = v === null ? 'NoneType' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'object';
    return failConstruct('invalid-argument', `'${type}' object is not iterable (\`target_shape\` must be a tuple)`);
  }
  const dims: Dim[] = items.map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : isNumber(x) && Number.isInteger(x) ? x : null));
  const shown = `(${items.map(pyRepr).join(', ')}${items.length === 1 ? ',' : ''})`;
  if (dims.some((d) => d !== null && d < -1)) {
    failConstruct(
      'invalid-argument',
      `Each dimension in \`target_shape\` must be a non-negative integer, or \`-1\` for a single unknown dimension. Received: target_shape=${shown}.`,
    );
  }
  if (dims.filter((d) => d === -1).length > 1) {
    failConstruct('invalid-argument', `There must be at most one unknown dimension (-1) in \`target_shape\`. Received: target_shape=${shown}.`);
  }
  return dims;
}

const reshape: LayerSpec = {
  className: 'Reshape',
  docPath: 'reshaping_layers/reshape',
  params: [{ name: 'target_shape' }],
  construct: (a) => {
    readTargetShape(a);
  },
  compute: (a, input, ctx) => {
    const target = readTargetShape(a);
    const shape = singleInput(input, ctx);
    const rest = shape.slice(1);
    const explain: ExplainStep[] = [];
    let resolved: Dim[];
    if (rest.some((d) => d === null) || target.some((d) => d === null)) {
      resolved = target.map((d) => (d === -1 ? null : d));
      const why = rest.some((d) => d === null) ? `the input ${formatShape(rest)} has a None dimension` : 'the target has an unknown entry';
      explain.push({
        label: 'size',
        text: target.includes(-1) ? `-1 stays None because ${why}; Keras checks the size only at run time` : `not checked: ${why}`,
      });
    } else {
      const inDims = rest as number[];
      const inSize = inDims.reduce((p, d) => p * d, 1);
      const inText = inDims.length === 0 ? '1' : inDims.length === 1 ? formatCount(inSize) : `${inDims.join('·')} = ${formatCount(inSize)}`;
      const unknownIndex = target.indexOf(-1);
      const known = (target as number[]).filter((d) => d !== -1);
      const knownSize = known.reduce((p, d) => p * d, 1);
      if (unknownIndex < 0) {
        if (knownSize !== inSize) {
          fail(
            'invalid-reshape',
            `The total size of the tensor must be unchanged. Received: input_shape=${formatShape(rest)}, target_shape=${formatShape(target)}` +
              ` (${formatCount(inSize)} elements per sample, the target has ${formatCount(knownSize)})`,
            { kind: 'reshape', input: rest, target: known, inputSize: inSize, targetSize: knownSize, inferred: false },
          );
        }
        resolved = [...target];
        explain.push({
          label: 'size',
          text: `${inText} elements per sample = ${target.length > 1 ? `${target.join('·')} = ` : ''}${formatCount(knownSize)}`,
        });
      } else {
        if (knownSize === 0 || inSize % knownSize !== 0) {
          fail(
            'invalid-reshape',
            'The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. ' +
              `Received: input_shape=${formatShape(rest)}, target_shape=${formatShape(target)}` +
              ` (${formatCount(inSize)} elements per sample is not a multiple of ${formatCount(knownSize)})`,
            { kind: 'reshape', input: rest, target: target as number[], inputSize: inSize, targetSize: knownSize, inferred: true },
          );
        }
        resolved = [...target];
        resolved[unknownIndex] = inSize / knownSize;
        const knownText = known.length > 1 ? `(${known.join('·')})` : `${knownSize}`;
        explain.push({
          label: '-1',
          text: `${formatCount(inSize)} / ${knownText} = ${formatCount(inSize / knownSize)} (the input has ${inText} elements per sample)`,
        });
      }
    }
    const out = finishShape([shape[0], ...resolved]);
    explain.push({ label: 'output', text: `${formatShape(shape)} → ${formatShape(out)}; the batch axis is left alone` });
    return noWeights(out, explain);
  },
};

// ---------------------------------------------------------------------------
// Permute

function readDims(a: ArgReader): number[] {
  const v = a.get('dims');
  if (!Array.isArray(v)) {
    return failConstruct('invalid-argument', `\`dims\` must be a tuple of axis indices starting from 1. Received dims=${pyStr(v)}`);
  }
  const items = v as readonly PyValue[];
  const nums = items.map((x) => (typeof x === 'boolean' ? (x ? 1 : 0) : x));
  const sorted = nums.every(isNumber) ? [...(nums as number[])].sort((x, y) => x - y) : undefined;
  if (sorted === undefined || sorted.some((d, i) => d !== i + 1)) {
    failConstruct(
      'invalid-argument',
      `Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${pyStr(v)}`,
    );
  }
  return nums as number[];
}

const permute: LayerSpec = {
  className: 'Permute',
  docPath: 'reshaping_layers/permute',
  params: [{ name: 'dims' }],
  construct: (a) => {
    readDims(a);
  },
  compute: (a, input, ctx) => {
    const dims = readDims(a);
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: dims.length + 1 }, ctx);
    const out = [shape[0], ...dims.map((d) => shape[d])];
    const moves = dims.map((d, i) => `axis ${i + 1} ← input axis ${d} (${dimText(shape[d])})`).join(', ');
    return noWeights(out, [{ label: 'output', text: `${moves}; axis 0 is the batch and is not permuted` }]);
  },
};

// ---------------------------------------------------------------------------
// RepeatVector

const repeatVector: LayerSpec = {
  className: 'RepeatVector',
  docPath: 'reshaping_layers/repeat_vector',
  params: [{ name: 'n' }],
  construct: (a) => {
    strictPositiveInt(a, 'n');
  },
  compute: (a, input, ctx) => {
    const n = strictPositiveInt(a, 'n');
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: 2 }, ctx);
    const out = [shape[0], n, shape[1]];
    return noWeights(out, [
      { label: 'output', text: `each ${dimText(shape[1])}-vector is repeated ${n} times along a new time axis: ${formatShape(shape)} → ${formatShape(out)}` },
    ]);
  },
};

// ---------------------------------------------------------------------------
// UpSampling

function upsamplingCompute(shape: Shape, size: readonly number[], format: DataFormat): LayerComputation {
  const out: Dim[] = [...shape];
  const explain: ExplainStep[] = [];
  spatialAxes(shape.length, format).forEach((axis, i) => {
    const d = shape[axis];
    out[axis] = d === null ? null : d * size[i];
    explain.push({ label: AXIS_LABELS[size.length][i], text: d === null ? `None·${size[i]} = None` : `${d}·${size[i]} = ${d * size[i]}` });
  });
  return noWeights(finishShape(out), explain);
}

const upSampling1D: LayerSpec = {
  className: 'UpSampling1D',
  docPath: 'reshaping_layers/up_sampling1d',
  params: [{ name: 'size', default: 2 }],
  construct: (a) => {
    strictPositiveInt(a, 'size');
  },
  compute: (a, input, ctx) => {
    const size = strictPositiveInt(a, 'size');
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: 3 }, ctx);
    return upsamplingCompute(shape, [size], 'channels_last');
  },
};

function readUpSampling2D(a: ArgReader, ctx: EngineContext): { format: DataFormat; size: number[] } {
  const format = a.dataFormat(ctx.config.imageDataFormat);
  const size = standardizeTuple(a.get('size'), 2, 'size', false);
  const interpolation = a.get('interpolation');
  if (typeof interpolation !== 'string') {
    failConstruct('invalid-argument', `'${pyTypeName(interpolation).slice(8, -2)}' object has no attribute 'lower' (\`interpolation\` must be a string)`);
  }
  return { format, size };
}

const upSampling2D: LayerSpec = {
  className: 'UpSampling2D',
  docPath: 'reshaping_layers/up_sampling2d',
  params: [
    { name: 'size', default: [2, 2] },
    { name: 'data_format', default: null },
    { name: 'interpolation', default: 'nearest' },
  ],
  construct: (a, ctx) => {
    readUpSampling2D(a, ctx);
  },
  compute: (a, input, ctx) => {
    const { format, size } = readUpSampling2D(a, ctx);
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: 4 }, ctx);
    return upsamplingCompute(shape, size, format);
  },
};

function readUpSampling3D(a: ArgReader, ctx: EngineContext): { format: DataFormat; size: number[] } {
  const format = a.dataFormat(ctx.config.imageDataFormat);
  return { format, size: standardizeTuple(a.get('size'), 3, 'size', false) };
}

const upSampling3D: LayerSpec = {
  className: 'UpSampling3D',
  docPath: 'reshaping_layers/up_sampling3d',
  params: [
    { name: 'size', default: [2, 2, 2] },
    { name: 'data_format', default: null },
  ],
  construct: (a, ctx) => {
    readUpSampling3D(a, ctx);
  },
  compute: (a, input, ctx) => {
    const { format, size } = readUpSampling3D(a, ctx);
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: 5 }, ctx);
    return upsamplingCompute(shape, size, format);
  },
};

// ---------------------------------------------------------------------------
// ZeroPadding and Cropping share the ((before, after), ...) argument forms

/**
 * The 2D/3D form: an int (used as is on every side, Keras checks nothing for
 * padding and only the sign for cropping), or `dims` entries each an int or a
 * pair. `what` is 'padding' or 'cropping'.
 */
function readPairs(a: ArgReader, dims: 2 | 3, what: 'padding' | 'cropping'): number[][] {
  const v = a.get(what);
  if (typeof v === 'boolean' || (isNumber(v) && Number.isInteger(v))) {
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (what === 'cropping' && n < 0) failConstruct('invalid-argument', `\`cropping\` cannot be negative. Received: cropping=${n}.`);
    return new Array<number[]>(dims).fill([n, n]);
  }
  if (Array.isArray(v) || typeof v === 'string') {
    const items: readonly PyValue[] = typeof v === 'string' ? [...v] : (v as readonly PyValue[]);
    if (items.length !== dims) {
      failConstruct(
        'invalid-argument',
        dims === 2 ? `\`${what}\` should have two elements. Received: ${what}=${pyStr(v)}.` : `\`${what}\` should have 3 elements. Received: ${pyStr(v)}.`,
      );
    }
    return items.map((x, i) => standardizeTuple(x, 2, `${ORDINALS[i]} entry of ${what}`, true));
  }
  const forms =
    dims === 2
      ? `an int, a tuple of 2 ints (symmetric_height_${what === 'padding' ? 'pad' : 'crop'}, symmetric_width_${what === 'padding' ? 'pad' : 'crop'}), or a tuple of 2 tuples of 2 ints`
      : `an int, a tuple of 3 ints, or a tuple of 3 tuples of 2 ints`;
  return failConstruct('invalid-argument', `\`${what}\` should be either ${forms}. Received: ${what}=${pyStr(v)}.`);
}

function pairsRepr(pairs: readonly number[][]): string {
  return `(${pairs.map((p) => `(${p[0]}, ${p[1]})`).join(', ')})`;
}

function zeroPaddingCompute(shape: Shape, pairs: readonly number[][], format: DataFormat): LayerComputation {
  const out: (number | null)[] = [...shape];
  const explain: ExplainStep[] = [];
  spatialAxes(shape.length, format).forEach((axis, i) => {
    const d = shape[axis];
    const [before, after] = pairs[i];
    out[axis] = d === null ? null : d + before + after;
    explain.push({ label: AXIS_LABELS[pairs.length][i], text: d === null ? 'None (unknown input length)' : `${d} + ${before} + ${after} = ${d + before + after}` });
  });
  return noWeights(finishShape(out), explain);
}

function readZeroPadding1D(a: ArgReader, ctx: EngineContext): { format: DataFormat; pairs: number[][] } {
  const format = a.dataFormat(ctx.config.imageDataFormat);
  return { format, pairs: [standardizeTuple(a.get('padding'), 2, 'padding', true)] };
}

const zeroPadding1D: LayerSpec = {
  className: 'ZeroPadding1D',
  docPath: 'reshaping_layers/zero_padding1d',
  params: [
    { name: 'padding', default: 1 },
    { name: 'data_format', default: null },
  ],
  construct: (a, ctx) => {
    readZeroPadding1D(a, ctx);
  },
  compute: (a, input, ctx) => {
    const { format, pairs } = readZeroPadding1D(a, ctx);
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: 3 }, ctx);
    return zeroPaddingCompute(shape, pairs, format);
  },
};

/** ZeroPadding2D/3D and Cropping2D/3D: one argument of per-axis pairs, the same checks, their own arithmetic. */
function pairsSpec(
  className: string,
  docPath: string,
  argument: 'padding' | 'cropping',
  dims: 2 | 3,
  defaultPairs: PyValue,
  computePairs: (shape: Shape, pairs: readonly number[][], format: DataFormat) => LayerComputation,
): LayerSpec {
  const read = (a: ArgReader, ctx: EngineContext) => {
    const format = a.dataFormat(ctx.config.imageDataFormat);
    return { format, pairs: readPairs(a, dims, argument) };
  };
  return {
    className,
    docPath,
    params: [
      { name: argument, default: defaultPairs },
      { name: 'data_format', default: null },
    ],
    construct: (a, ctx) => {
      read(a, ctx);
    },
    compute: (a, input, ctx) => {
      const { format, pairs } = read(a, ctx);
      const shape = singleInput(input, ctx);
      checkInputSpec(shape, { ndim: dims + 2 }, ctx);
      return computePairs(shape, pairs, format);
    },
  };
}

function zeroPaddingSpec(dims: 2 | 3, defaultPadding: PyValue): LayerSpec {
  return pairsSpec(`ZeroPadding${dims}D`, `reshaping_layers/zero_padding${dims}d`, 'padding', dims, defaultPadding, zeroPaddingCompute);
}

function croppingError(shape: Shape, pairs: readonly number[][], label: string, d: number): never {
  const [before, after] = pairs[pairs.length === 1 ? 0 : AXIS_LABELS[pairs.length].indexOf(label)];
  const detail = ` (${label}: ${d} − ${before} − ${after} = ${d - before - after})`;
  if (pairs.length === 1) {
    fail(
      'negative-dim',
      `\`cropping\` parameter of \`Cropping1D\` layer must be smaller than the input length. Received: input_shape=${formatShape(shape)}, cropping=(${before}, ${after})${detail}`,
    );
  }
  fail(
    'negative-dim',
    `Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=${formatShape(shape)}, cropping=${pairsRepr(pairs)}${detail}`,
  );
}

function croppingCompute(shape: Shape, pairs: readonly number[][], format: DataFormat): LayerComputation {
  const out: (number | null)[] = [...shape];
  const explain: ExplainStep[] = [];
  const axes = spatialAxes(shape.length, format);
  // Keras checks every axis before computing any; the first failing axis is reported.
  axes.forEach((axis, i) => {
    const d = shape[axis];
    const label = AXIS_LABELS[pairs.length][i];
    if (d !== null && d - pairs[i][0] - pairs[i][1] <= 0) croppingError(shape, pairs, label, d);
  });
  axes.forEach((axis, i) => {
    const d = shape[axis];
    const [before, after] = pairs[i];
    out[axis] = d === null ? null : d - before - after;
    explain.push({ label: AXIS_LABELS[pairs.length][i], text: d === null ? 'None (unknown input length)' : `${d} − ${before} − ${after} = ${d - before - after}` });
  });
  return noWeights(finishShape(out), explain);
}

const cropping1D: LayerSpec = {
  className: 'Cropping1D',
  docPath: 'reshaping_layers/cropping1d',
  params: [{ name: 'cropping', default: [1, 1] }],
  construct: (a) => {
    standardizeTuple(a.get('cropping'), 2, 'cropping', true);
  },
  compute: (a, input, ctx) => {
    const pair = standardizeTuple(a.get('cropping'), 2, 'cropping', true);
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { ndim: 3 }, ctx);
    return croppingCompute(shape, [pair], 'channels_last');
  },
};

function croppingSpec(dims: 2 | 3, defaultCropping: PyValue): LayerSpec {
  return pairsSpec(`Cropping${dims}D`, `reshaping_layers/cropping${dims}d`, 'cropping', dims, defaultCropping, croppingCompute);
}

export const specs: LayerSpec[] = [
  flatten,
  reshape,
  permute,
  repeatVector,
  upSampling1D,
  upSampling2D,
  upSampling3D,
  zeroPadding1D,
  zeroPaddingSpec(2, [1, 1]),
  zeroPaddingSpec(3, [
    [1, 1],
    [1, 1],
    [1, 1],
  ]),
  cropping1D,
  croppingSpec(2, [
    [0, 0],
    [0, 0],
  ]),
  croppingSpec(3, [
    [1, 1],
    [1, 1],
    [1, 1],
  ]),
];
