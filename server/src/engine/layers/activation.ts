// Activation layers and shape-preserving helpers: Activation, ReLU, LeakyReLU,
// PReLU, ELU, Softmax, Masking, Identity.
//   PReLU() on (None, 10, 64, 8) learns one slope per position: alpha
//   (10, 64, 8) = 5,120 params; PReLU(shared_axes=[1, 2]) shares it over the
//   spatial axes: alpha (1, 1, 8) = 8 params. Everything else has no weights
//   and returns the input shape.
import { ACTIVATION_NAMES } from '../activations';
import type { ArgReader } from '../args';
import { LayerError, UnknownValueError } from '../errors';
import { formatDim, formatShape, pyRepr, pyStr } from '../format';
import { canonicalAxis, singleInput, weight } from '../shapeUtils';
import type { LayerSpec } from '../spec';
import type { Dim, PyValue } from '../types';
import { knownValue, passThrough, pyCompare, pyTypeName } from './regularization';

/** `activations.get`: None is linear, strings must be known names, other non-callables are rejected. */
function checkActivationIdentifier(a: ArgReader): void {
  const v = knownValue(a, 'activation');
  if (v === undefined || v === null) return;
  const bad =
    typeof v === 'string'
      ? !ACTIVATION_NAMES.has(v)
      : typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v);
  if (bad) {
    throw new LayerError('invalid-argument', `Could not interpret activation function identifier: ${pyStr(v)}`, 'construct');
  }
}

function activationName(a: ArgReader): string {
  const v = knownValue(a, 'activation');
  if (v === null) return 'linear';
  return typeof v === 'string' ? v : 'the given function';
}

const activation: LayerSpec = {
  className: 'Activation',
  docPath: 'core_layers/activation',
  params: [{ name: 'activation' }],
  construct: checkActivationIdentifier,
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => [
      {
        label: 'activation',
        text:
          activationName(a) === 'softmax' || activationName(a) === 'log_softmax'
            ? `${activationName(a)} over the last axis`
            : `${activationName(a)} applied elementwise`,
      },
    ]),
};

/** ReLU's checks: `x < 0.0` raises ValueError, None too unless allowed; non-numbers raise Python's TypeError. */
function checkNonNegative(a: ArgReader, name: string, allowNone: boolean, message: (v: string) => string): void {
  const v = knownValue(a, name);
  if (v === undefined) return;
  if (v === null) {
    if (allowNone) return;
    throw new LayerError('invalid-argument', message('None'), 'construct');
  }
  if (pyCompare(v, '<', 0, name, 'right')) throw new LayerError('invalid-argument', message(pyStr(v)), 'construct');
}

const relu: LayerSpec = {
  className: 'ReLU',
  docPath: 'activation_layers/relu',
  params: [
    { name: 'max_value', default: null },
    { name: 'negative_slope', default: 0.0 },
    { name: 'threshold', default: 0.0 },
  ],
  construct: (a) => {
    checkNonNegative(a, 'max_value', true, (v) => `max_value of a ReLU layer cannot be a negative value. Received: max_value=${v}`);
    checkNonNegative(
      a,
      'negative_slope',
      false,
      (v) => `negative_slope of a ReLU layer cannot be None or a negative value. Received: negative_slope=${v}`,
    );
    checkNonNegative(
      a,
      'threshold',
      false,
      (v) => `threshold of a ReLU layer cannot be None or a negative value. Received: threshold=${v}`,
    );
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => {
      const mv = knownValue(a, 'max_value');
      const ns = knownValue(a, 'negative_slope');
      const th = knownValue(a, 'threshold');
      const parts = [
        `x ≥ ${th === undefined ? 'threshold' : pyStr(th)} passes`,
        mv !== null ? `capped at ${mv === undefined ? 'max_value' : pyStr(mv)}` : undefined,
        `below it ${ns === 0 ? 'becomes 0' : `is scaled by ${ns === undefined ? 'negative_slope' : pyStr(ns)}`}`,
      ].filter((s): s is string => s !== undefined);
      return [{ label: 'relu', text: `elementwise: ${parts.join(', ')}` }];
    }),
};

const leakyRelu: LayerSpec = {
  className: 'LeakyReLU',
  docPath: 'activation_layers/leaky_relu',
  params: [{ name: 'negative_slope', default: 0.3 }],
  // The Keras 2 name, still accepted (with a deprecation warning) and taking precedence.
  extraKeywords: ['alpha'],
  construct: (a) => {
    const name = a.has('alpha') ? 'alpha' : 'negative_slope';
    const v = knownValue(a, name);
    if (v === undefined) return;
    const msg = (s: string): string =>
      `The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negative_slope=${s}`;
    if (v === null) throw new LayerError('invalid-argument', msg('None'), 'construct');
    if (pyCompare(v, '<', 0, 'negative_slope')) throw new LayerError('invalid-argument', msg(pyStr(v)), 'construct');
  },
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => {
      const v = knownValue(a, a.has('alpha') ? 'alpha' : 'negative_slope');
      return [{ label: 'leaky_relu', text: `elementwise: x if x ≥ 0 else ${v === undefined ? 'negative_slope' : pyStr(v)}·x` }];
    }),
};

/** The list Keras keeps: None, `[shared_axes]` for a scalar, or the list itself. */
function sharedAxesList(a: ArgReader): readonly PyValue[] | null {
  const v = a.get('shared_axes');
  if (v === null) return null;
  return Array.isArray(v) ? (v as readonly PyValue[]) : [v];
}

const prelu: LayerSpec = {
  className: 'PReLU',
  docPath: 'activation_layers/prelu',
  params: [
    { name: 'alpha_initializer', default: 'Zeros' },
    { name: 'alpha_regularizer', default: null },
    { name: 'alpha_constraint', default: null },
    { name: 'shared_axes', default: null },
  ],
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const shared = sharedAxesList(a);
    const param: Dim[] = shape.slice(1);
    const sharedAxes: number[] = [];
    for (const ax of shared ?? []) {
      if (typeof ax === 'string' || ax === null || Array.isArray(ax)) {
        throw new LayerError('invalid-argument', `unsupported operand type(s) for -: '${pyTypeName(ax)}' and 'int' (shared_axes=${pyRepr(a.get('shared_axes'))})`);
      }
      if (typeof ax !== 'number' && typeof ax !== 'boolean') throw new UnknownValueError('`shared_axes` is not known statically');
      const i = typeof ax === 'boolean' ? (ax ? 1 : 0) : ax;
      if (!Number.isInteger(i)) {
        throw new LayerError('invalid-argument', `list indices must be integers or slices, not float (shared_axes=${pyRepr(a.get('shared_axes'))})`);
      }
      // Keras writes `param_shape[i - 1] = 1`: Python indexing, negatives from the end.
      const idx = canonicalAxis(i - 1, param.length);
      if (idx === undefined) {
        throw new LayerError(
          'invalid-argument',
          `list assignment index out of range: shared axis ${i} does not exist in an input of rank ${shape.length} ${formatShape(shape)}`,
        );
      }
      param[idx] = 1;
      sharedAxes.push(idx + 1);
    }
    const alpha = weight('alpha', param);
    const sharedText =
      sharedAxes.length === 0
        ? `one slope per value of ${formatShape(shape.slice(1))} (no shared axes)`
        : `input ${formatShape(shape)} with axes ${[...new Set(sharedAxes)].sort((x, y) => x - y).join(', ')} shared (size 1)`;
    return {
      outputs: [shape],
      weights: [alpha],
      explain: [
        { label: 'alpha', text: `${formatShape(param)}: ${sharedText}; the batch axis is never in alpha` },
        { label: 'output', text: `unchanged: ${formatShape(shape)}` },
      ],
    };
  },
};

const elu: LayerSpec = {
  className: 'ELU',
  docPath: 'activation_layers/elu',
  params: [{ name: 'alpha', default: 1.0 }],
  compute: (a, input, ctx) =>
    passThrough(input, ctx, () => {
      const v = knownValue(a, 'alpha');
      return [{ label: 'elu', text: `elementwise: x if x > 0 else ${v === undefined ? 'alpha' : pyStr(v)}·(exp(x) − 1)` }];
    }),
};

const softmax: LayerSpec = {
  className: 'Softmax',
  docPath: 'activation_layers/softmax',
  params: [{ name: 'axis', default: -1 }],
  compute: (a, input, ctx) =>
    passThrough(input, ctx, (shape) => {
      const v = knownValue(a, 'axis');
      const axes = typeof v === 'number' ? [v] : Array.isArray(v) ? (v as readonly PyValue[]) : [];
      const described = axes
        .map((x) => {
          const i = typeof x === 'number' ? canonicalAxis(x, shape.length) : undefined;
          return i === undefined ? undefined : `axis ${pyStr(x)} (size ${formatDim(shape[i])})`;
        })
        .filter((s): s is string => s !== undefined);
      const over = described.length > 0 && described.length === axes.length ? described.join(' and ') : `axis=${v === undefined ? '?' : pyStr(v)}`;
      return [{ label: 'softmax', text: `normalises over ${over}: those values sum to 1` }];
    }),
};

const masking: LayerSpec = {
  className: 'Masking',
  docPath: 'core_layers/masking',
  params: [{ name: 'mask_value', default: 0.0 }],
  compute: (a, input, ctx) =>
    passThrough(input, ctx, (shape) => {
      const v = knownValue(a, 'mask_value');
      const steps = shape.length >= 2 ? formatShape(shape.slice(0, -1)) : 'per sample';
      return [
        {
          label: 'mask',
          text: `a timestep whose features all equal ${v === undefined ? 'mask_value' : pyStr(v)} is skipped downstream; the mask has shape ${steps}`,
        },
      ];
    }),
};

const identity: LayerSpec = {
  className: 'Identity',
  docPath: 'core_layers/identity',
  params: [],
  compute: (_a, input, ctx) => passThrough(input, ctx, () => []),
};

export const specs: LayerSpec[] = [activation, relu, leakyRelu, prelu, elu, softmax, masking, identity];
