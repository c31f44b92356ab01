// Regularization layers: Dropout, SpatialDropout1D/2D/3D, GaussianNoise,
// GaussianDropout, AlphaDropout, ActivityRegularization.
//   Dropout(0.2) on (None, 10, 64) → (None, 10, 64), no weights: the noise only
//   exists in training and never changes a shape. SpatialDropout2D wants rank 4
//   and drops whole channels (noise shape (batch, 1, 1, C)).
//   Also home of the small Python-semantics helpers (type names, comparisons)
//   that the activation and normalization families share.
import { isUnknown } from '../args';
import type { ArgReader } from '../args';
import { LayerError, UnknownValueError } from '../errors';
import { formatDim, formatShape, pyRepr, pyStr } from '../format';
import { checkInputSpec, singleInput, type LayerNameRef } from '../shapeUtils';
import type { LayerComputation, LayerSpec } from '../spec';
import type { ExplainStep, LayerInput, PyValue, Shape } from '../types';

/** Python's `type(v).__name__`; undefined for values the engine cannot see into. */
export function pyTypeName(v: PyValue): string | undefined {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'tuple';
  const o = v as Exclude<PyValue, null | boolean | number | string | readonly PyValue[]>;
  if (o.kind === 'dict') return 'dict';
  if (o.kind === 'layer') return o.className;
  return undefined;
}

/** The bound value when it is known; undefined for unknown or opaque values, whose checks are skipped. */
export function knownValue(a: ArgReader, name: string): PyValue | undefined {
  const v = a.raw(name);
  if (isUnknown(v)) return undefined;
  if (Array.isArray(v) && (v as readonly PyValue[]).some(isUnknown)) return undefined;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'opaque') return undefined;
  return v;
}

/** A Python number (bools count, as in Python); undefined when a comparison would raise TypeError. */
function asPyNumber(v: PyValue): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  return undefined;
}

/**
 * Python's `left OP right` where one side is a literal number; raises the
 * TypeError Python would for a string, None, a tuple, …
 */
export function pyCompare(
  left: PyValue,
  op: '<' | '<=',
  right: PyValue,
  argName: string,
  /** The side that is a float literal in Keras's source (`x < 0.0`), for the TypeError text. */
  floatLiteral?: 'left' | 'right',
): boolean {
  const l = asPyNumber(left);
  const r = asPyNumber(right);
  if (l === undefined || r === undefined) {
    const lt = floatLiteral === 'left' ? 'float' : pyTypeName(left);
    const rt = floatLiteral === 'right' ? 'float' : pyTypeName(right);
    if (lt === undefined || rt === undefined) throw new UnknownValueError(`\`${argName}\` is not known statically`);
    throw new LayerError(
      'invalid-argument',
      `'${op}' not supported between instances of '${lt}' and '${rt}' (${argName}=${pyRepr(l === undefined ? left : right)})`,
      'construct',
    );
  }
  return op === '<' ? l < r : l <= r;
}

/** `if not 0 <= value <= 1: raise ValueError(...)`, the check of every dropout-like layer. */
export function checkUnitInterval(a: ArgReader, name: string): void {
  const v = knownValue(a, name);
  if (v === undefined) return;
  if (!(pyCompare(0, '<=', v, name) && pyCompare(v, '<=', 1, name))) {
    throw new LayerError(
      'invalid-argument',
      `Invalid value received for argument \`${name}\`. Expected a float value between 0 and 1. Received: ${name}=${pyStr(v)}`,
      'construct',
    );
  }
}

/** Keras creates a SeedGenerator only for a positive rate, and it wants an integer seed. */
function checkSeed(a: ArgReader, rateName: string): void {
  const rate = knownValue(a, rateName);
  const seed = knownValue(a, 'seed');
  if (rate === undefined || seed === undefined || seed === null) return;
  const r = asPyNumber(rate);
  if (r === undefined || r <= 0) return;
  if (typeof seed === 'boolean' || (typeof seed === 'number' && Number.isInteger(seed))) return;
  throw new LayerError('invalid-argument', `Argument \`seed\` must be an integer. Received: seed=${pyStr(seed)}`, 'construct');
}

function checkNoiseShape(a: ArgReader): void {
  const v = knownValue(a, 'noise_shape');
  if (v === undefined || v === null) return;
  const head = 'Invalid value received for argument `noise_shape`.';
  if (typeof v === 'string') {
    throw new LayerError('invalid-argument', `${head} Expected a tuple or list of integers. Received: noise_shape=${v}`, 'construct');
  }
  let items: readonly PyValue[];
  if (Array.isArray(v)) items = v as readonly PyValue[];
  else if (typeof v === 'object' && (v as { kind: string }).kind === 'dict') {
    items = Object.keys((v as { entries: Record<string, PyValue> }).entries);
  } else {
    throw new LayerError(
      'invalid-argument',
      `${head} Expected an iterable of integers (e.g., a tuple or list). Received: noise_shape=${pyStr(v)}`,
      'construct',
    );
  }
  items.forEach((dim, i) => {
    if (dim === null) return;
    const isInt = typeof dim === 'boolean' || (typeof dim === 'number' && Number.isInteger(dim));
    if (!isInt) {
      throw new LayerError(
        'invalid-argument',
        `${head} Expected all elements to be integers or None. Received element at index ${i}: ${pyStr(dim)} (type: ${pyTypeName(dim) ?? 'object'})`,
        'construct',
      );
    }
    if ((asPyNumber(dim) ?? 0) <= 0) {
      throw new LayerError(
        'invalid-argument',
        `${head} Expected all dimensions to be positive integers or None. Received negative or zero value at index ${i}: ${pyStr(dim)}`,
        'construct',
      );
    }
  });
}

/**
 * Layers whose `compute_output_shape` returns the input shape unchanged;
 * Keras maps that over a list input too.
 */
export function passThrough(input: LayerInput, layer: LayerNameRef, explain: (shape: Shape) => ExplainStep[]): LayerComputation {
  if (input.isList) {
    return { outputs: input.shapes, multiple: true, weights: [], explain: [{ label: 'output', text: 'each input keeps its shape' }] };
  }
  const shape = singleInput(input, layer);
  return { outputs: [shape], weights: [], explain: [...explain(shape), { label: 'output', text: `unchanged: ${formatShape(shape)}, no weights` }] };
}

function describeRate(a: ArgReader, name: string): string {
  const v = knownValue(a, name);
  return v === undefined ? name : `${name}=${pyStr(v)}`;
}

const dropout: LayerSpec = {
  className: 'Dropout',
  docPath: 'regularization_layers/dropout',
  params: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }],
  construct: (a) => {
    checkUnitInterval(a, 'rate');
    checkSeed(a, 'rate');
    checkNoiseShape(a);
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => {
      const steps: ExplainStep[] = [
        { label: 'dropout', text: `${describeRate(a, 'rate')}: zeroes that fraction of values during training only (survivors scaled by 1/(1 − rate))` },
      ];
      const ns = knownValue(a, 'noise_shape');
      if (Array.isArray(ns)) {
        steps.push({ label: 'noise_shape', text: `${pyRepr(ns)}: a size-1 axis shares one keep/drop decision along it; None takes the input's size` });
      }
      return steps;
    }),
};

/** SpatialDropout's signature has no **kwargs: base-layer keywords other than name/dtype raise TypeError. */
function rejectLayerKeywords(a: ArgReader, className: string): void {
  for (const k of ['trainable', 'autocast', 'activity_regularizer', 'input_shape', 'input_dim']) {
    if (a.has(k)) {
      throw new LayerError('unknown-argument', `${className}.__init__() got an unexpected keyword argument '${k}'`, 'construct');
    }
  }
}

function spatialDropout(rank: 1 | 2 | 3): LayerSpec {
  const className = `SpatialDropout${rank}D`;
  const ndim = rank + 2;
  const hasFormat = rank > 1;
  return {
    className,
    docPath: `regularization_layers/spatial_dropout${rank}d`,
    params: [
      { name: 'rate' },
      ...(hasFormat ? [{ name: 'data_format', default: null }] : []),
      { name: 'seed', default: null },
      { name: 'name', default: null },
      { name: 'dtype', default: null },
    ],
    construct: (a, ctx) => {
      rejectLayerKeywords(a, className);
      checkUnitInterval(a, 'rate');
      checkSeed(a, 'rate');
      if (hasFormat) a.dataFormat(ctx.config.imageDataFormat);
    },
    compute: (a, input, ctx) => {
      const shape = singleInput(input, ctx);
      checkInputSpec(shape, { ndim }, ctx);
      const format = hasFormat ? a.dataFormat(ctx.config.imageDataFormat) : 'channels_last';
      const channelAxis = format === 'channels_first' ? 1 : ndim - 1;
      const noise = shape.map((d, i) => (i === 0 ? 'batch' : i === channelAxis ? formatDim(d) : '1'));
      return {
        outputs: [shape],
        weights: [],
        explain: [
          {
            label: 'dropout',
            text: `${describeRate(a, 'rate')}, noise shape (${noise.join(', ')}): whole channels (${format}, channel axis ${channelAxis}) are dropped during training`,
          },
          { label: 'output', text: `unchanged: ${formatShape(shape)}, no weights` },
        ],
      };
    },
  };
}

const gaussianNoise: LayerSpec = {
  className: 'GaussianNoise',
  docPath: 'regularization_layers/gaussian_noise',
  params: [{ name: 'stddev' }, { name: 'seed', default: null }],
  construct: (a) => {
    checkUnitInterval(a, 'stddev');
    checkSeed(a, 'stddev');
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => [
      { label: 'noise', text: `adds zero-mean Gaussian noise (${describeRate(a, 'stddev')}) during training only` },
    ]),
};

const gaussianDropout: LayerSpec = {
  className: 'GaussianDropout',
  docPath: 'regularization_layers/gaussian_dropout',
  params: [{ name: 'rate' }, { name: 'seed', default: null }],
  construct: (a) => {
    checkUnitInterval(a, 'rate');
    checkSeed(a, 'rate');
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => [
      { label: 'noise', text: `${describeRate(a, 'rate')}: multiplies by N(1, rate/(1 − rate)) noise during training only` },
    ]),
};

const alphaDropout: LayerSpec = {
  className: 'AlphaDropout',
  docPath: 'regularization_layers/alpha_dropout',
  params: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }],
  construct: (a) => {
    checkUnitInterval(a, 'rate');
    checkSeed(a, 'rate');
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => [
      { label: 'dropout', text: `${describeRate(a, 'rate')}: SELU-preserving dropout (keeps mean and variance) during training only` },
    ]),
};

/** `regularizers.L1L2`'s check: a finite non-negative int or float (None means 0). */
function checkPenalty(a: ArgReader, name: string): void {
  const v = knownValue(a, name);
  if (v === undefined || v === null) return;
  const ok = (typeof v === 'number' && Number.isFinite(v) && v >= 0) || typeof v === 'boolean';
  if (!ok) {
    throw new LayerError(
      'invalid-argument',
      `Invalid value for argument ${name}: expected a non-negative float.Received: ${name}=${pyStr(v)}`,
      'construct',
    );
  }
}

const activityRegularization: LayerSpec = {
  className: 'ActivityRegularization',
  docPath: 'regularization_layers/activity_regularization',
  params: [{ name: 'l1', default: 0.0 }, { name: 'l2', default: 0.0 }],
  construct: (a) => {
    if (a.has('activity_regularizer')) {
      throw new LayerError(
        'invalid-argument',
        "keras.src.layers.layer.Layer.__init__() got multiple values for keyword argument 'activity_regularizer'",
        'construct',
      );
    }
    checkPenalty(a, 'l1');
    checkPenalty(a, 'l2');
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => [
      {
        label: 'penalty',
        text: `adds l1·sum(|x|) + l2·sum(x²) to the loss (${describeRate(a, 'l1')}, ${describeRate(a, 'l2')}); the values pass through`,
      },
    ]),
};

export const specs: LayerSpec[] = [
  dropout,
  spatialDropout(1),
  spatialDropout(2),
  spatialDropout(3),
  gaussianNoise,
  gaussianDropout,
  alphaDropout,
  activityRegularization,
];
