// Normalization layers: BatchNormalization, LayerNormalization,
// GroupNormalization, RMSNormalization, UnitNormalization.
//   BatchNormalization() on (None, 32, 32, 64) → same shape; 4·64 = 256 params:
//   gamma and beta (64 each) are trainable, moving_mean and moving_variance
//   (64 each) are not. LayerNormalization(axis=[-2, -1]) on (None, 10, 8) has
//   gamma and beta of shape (10, 8). GroupNormalization(groups=8) needs the
//   channel count to be a multiple of 8.
import { LayerError, UnknownValueError } from '../errors';
import { formatDim, formatShape, pyRepr, pyStr } from '../format';
import type { ArgReader } from '../args';
import { canonicalAxis, singleInput, weight } from '../shapeUtils';
import type { LayerSpec } from '../spec';
import type { Dim, ExplainStep, PyValue, Shape, Weight } from '../types';
import { knownValue, passThrough, pyCompare, pyTypeName } from './regularization';

/** Python's `int(v)` as BatchNormalization applies it to `axis`. */
function pyInt(v: PyValue, name: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      throw new LayerError('invalid-argument', `cannot convert float ${v > 0 ? 'infinity' : v < 0 ? '-infinity' : 'NaN'} to integer (${name}=${pyStr(v)})`, 'construct');
    }
    return Math.trunc(v);
  }
  if (typeof v === 'string') {
    if (/^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
    throw new LayerError('invalid-argument', `invalid literal for int() with base 10: ${pyRepr(v)} (${name}=${pyRepr(v)})`, 'construct');
  }
  const t = pyTypeName(v);
  if (t === undefined) throw new UnknownValueError(`\`${name}\` is not known statically`);
  throw new LayerError(
    'invalid-argument',
    `int() argument must be a string, a bytes-like object or a real number, not '${t}' (${name}=${pyRepr(v)})`,
    'construct',
  );
}

/** Python's `float(v)`: only the failure matters here. */
function checkPyFloat(a: ArgReader, name: string): void {
  const v = knownValue(a, name);
  if (v === undefined || typeof v === 'number' || typeof v === 'boolean') return;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t !== '' && (!Number.isNaN(Number(t)) || /^[+-]?(inf|infinity|nan)$/i.test(t))) return;
    throw new LayerError('invalid-argument', `could not convert string to float: ${pyRepr(v)} (${name}=${pyRepr(v)})`, 'construct');
  }
  throw new LayerError(
    'invalid-argument',
    `float() argument must be a string or a real number, not '${pyTypeName(v) ?? 'object'}' (${name}=${pyRepr(v)})`,
    'construct',
  );
}

/** `input_shape[axis]` in Python: IndexError outside the rank, TypeError for non-integers. */
function indexShape(shape: Shape, axis: PyValue, argName: string): number {
  if (typeof axis === 'boolean') axis = axis ? 1 : 0;
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    const t = pyTypeName(axis);
    if (t === undefined) throw new UnknownValueError(`\`${argName}\` is not known statically`);
    throw new LayerError('invalid-argument', `tuple indices must be integers or slices, not ${t} (${argName}=${pyRepr(axis)})`);
  }
  const i = canonicalAxis(axis, shape.length);
  if (i === undefined) {
    throw new LayerError(
      'invalid-argument',
      `tuple index out of range: ${argName}=${axis} does not exist in an input of rank ${shape.length} ${formatShape(shape)}`,
    );
  }
  return i;
}

function axisLabel(shape: Shape, i: number, given: number): string {
  return `axis ${given} of ${formatShape(shape)} (size ${formatDim(shape[i])})`;
}

// ---------------------------------------------------------------- BatchNormalization

function checkRenormClipping(a: ArgReader): void {
  const renorm = knownValue(a, 'renorm');
  if (renorm === undefined || !a.bool('renorm')) return;
  const v = knownValue(a, 'renorm_clipping');
  if (v === undefined || v === null) return;
  const supported = ['rmax', 'rmin', 'dmax'];
  if (typeof v !== 'object' || Array.isArray(v) || (v as { kind: string }).kind !== 'dict') {
    if (Array.isArray(v) && (v as readonly PyValue[]).length === 0) return;
    throw new LayerError(
      'invalid-argument',
      `Received invalid keys for \`renorm_clipping\` argument: ${pyRepr(v)}. Supported values: ['rmax', 'rmin', 'dmax'].`,
      'construct',
    );
  }
  const entries = (v as { entries: Readonly<Record<string, PyValue>> }).entries;
  if (Object.keys(entries).some((k) => !supported.includes(k))) {
    throw new LayerError(
      'invalid-argument',
      `Received invalid keys for \`renorm_clipping\` argument: ${pyRepr(v)}. Supported values: ['rmax', 'rmin', 'dmax'].`,
      'construct',
    );
  }
  const rmax = entries.rmax;
  const rmin = entries.rmin;
  const dmax = entries.dmax;
  if (typeof rmax === 'number' && typeof rmin === 'number' && rmax < rmin) {
    throw new LayerError(
      'invalid-argument',
      `rmax should be greater than rmin in the \`renorm_clipping\` argument. Received: rmax=${pyStr(rmax)}, rmin=${pyStr(rmin)}.`,
      'construct',
    );
  }
  if (typeof dmax === 'number' && dmax < 0) {
    throw new LayerError(
      'invalid-argument',
      `dmax should be non-negative in the \`renorm_clipping\` argument. Received: dmax=${pyStr(dmax)}.`,
      'construct',
    );
  }
}

const batchNormalization: LayerSpec = {
  className: 'BatchNormalization',
  docPath: 'normalization_layers/batch_normalization',
  params: [
    { name: 'axis', default: -1 },
    { name: 'momentum', default: 0.99 },
    { name: 'epsilon', default: 1e-3 },
    { name: 'center', default: true },
    { name: 'scale', default: true },
    { name: 'beta_initializer', default: 'zeros' },
    { name: 'gamma_initializer', default: 'ones' },
    { name: 'moving_mean_initializer', default: 'zeros' },
    { name: 'moving_variance_initializer', default: 'ones' },
    { name: 'beta_regularizer', default: null },
    { name: 'gamma_regularizer', default: null },
    { name: 'beta_constraint', default: null },
    { name: 'gamma_constraint', default: null },
    { name: 'renorm', default: false },
    { name: 'renorm_clipping', default: null },
    { name: 'renorm_momentum', default: 0.99 },
    // synchronized=True works with the TensorFlow backend only (other backends
    // raise in the constructor); the weights are the same, so it is accepted.
    { name: 'synchronized', default: false },
  ],
  construct: (a) => {
    const axis = knownValue(a, 'axis');
    if (axis !== undefined) pyInt(axis, 'axis');
    checkPyFloat(a, 'momentum');
    checkPyFloat(a, 'epsilon');
    checkRenormClipping(a);
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const axis = pyInt(a.get('axis'), 'axis');
    const i = indexShape(shape, axis, 'axis');
    const c = shape[i];
    const scale = a.bool('scale');
    const center = a.bool('center');
    const renorm = a.bool('renorm');
    const weights: Weight[] = [];
    if (scale) weights.push(weight('gamma', [c]));
    if (center) weights.push(weight('beta', [c]));
    weights.push(weight('moving_mean', [c], false));
    weights.push(weight('moving_variance', [c], false));
    if (renorm) {
      weights.push(weight('moving_stddev', [c], false));
      weights.push(weight('renorm_mean', [c], false));
      weights.push(weight('renorm_stddev', [c], false));
    }
    const trainableNames = [scale ? 'gamma' : undefined, center ? 'beta' : undefined].filter((s): s is string => s !== undefined);
    const explain: ExplainStep[] = [
      { label: 'channels', text: `${axisLabel(shape, i, axis)}: C = ${formatDim(c)}; statistics are taken over every other axis, batch included` },
      {
        label: 'weights',
        text:
          `${weights.length} vectors of C = ${formatDim(c)}: ` +
          (trainableNames.length > 0 ? `${trainableNames.join(', ')} trainable; ` : 'none trainable (center and scale off); ') +
          'moving mean and variance not trainable (running averages updated during training, used at inference)' +
          (renorm ? '; renorm adds moving_stddev, renorm_mean, renorm_stddev, also not trainable' : ''),
      },
      { label: 'output', text: `unchanged: ${formatShape(shape)}` },
    ];
    return { outputs: [shape], weights, explain };
  },
};

// ---------------------------------------------------------------- LayerNormalization

/** `canonicalize_axis`: operator.index, then the numpy-style bounds message. */
function canonicalizeAxes(v: PyValue, rank: number, argName: string): number[] {
  const items = Array.isArray(v) ? (v as readonly PyValue[]) : [v];
  return items.map((x) => {
    if (typeof x === 'boolean') x = x ? 1 : 0;
    if (typeof x !== 'number' || !Number.isInteger(x)) {
      const t = pyTypeName(x);
      if (t === undefined) throw new UnknownValueError(`\`${argName}\` is not known statically`);
      throw new LayerError('invalid-argument', `'${t}' object cannot be interpreted as an integer (${argName}=${pyRepr(v)})`);
    }
    const i = canonicalAxis(x, rank);
    if (i === undefined) throw new LayerError('invalid-argument', `axis ${x} is out of bounds for an array with dimension ${rank}.`);
    return i;
  });
}

function pyListRepr(v: PyValue): string {
  return Array.isArray(v) ? `[${(v as readonly PyValue[]).map(pyRepr).join(', ')}]` : pyRepr(v);
}

const layerNormalization: LayerSpec = {
  className: 'LayerNormalization',
  docPath: 'normalization_layers/layer_normalization',
  params: [
    { name: 'axis', default: -1 },
    { name: 'epsilon', default: 1e-3 },
    { name: 'center', default: true },
    { name: 'scale', default: true },
    { name: 'beta_initializer', default: 'zeros' },
    { name: 'gamma_initializer', default: 'ones' },
    { name: 'beta_regularizer', default: null },
    { name: 'gamma_regularizer', default: null },
    { name: 'beta_constraint', default: null },
    { name: 'gamma_constraint', default: null },
  ],
  // Deprecated (scales by the variance, not the RMS) but still accepted.
  extraKeywords: ['rms_scaling'],
  construct: (a) => {
    const v = knownValue(a, 'axis');
    if (v === undefined || Array.isArray(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) return;
    throw new LayerError(
      'invalid-argument',
      `Expected an int or a list/tuple of ints for the argument 'axis', but received: ${pyRepr(v)}`,
      'construct',
    );
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const axisArg = a.get('axis');
    const axes = canonicalizeAxes(axisArg, shape.length, 'axis');
    if (new Set(axes).size !== axes.length) {
      throw new LayerError('invalid-argument', `Duplicate axes are not allowed. Received: axis=${pyListRepr(axisArg)}`);
    }
    const sorted = [...axes].sort((x, y) => x - y);
    const wshape: Dim[] = sorted.map((i) => shape[i]);
    const rms = a.has('rms_scaling') && a.bool('rms_scaling');
    const weights: Weight[] = [];
    if (a.bool('scale') || rms) weights.push(weight('gamma', wshape));
    if (a.bool('center') && !rms) weights.push(weight('beta', wshape));
    const over = sorted.map((i) => `axis ${i} (size ${formatDim(shape[i])})`).join(' and ');
    const explain: ExplainStep[] = [
      { label: 'normalized', text: `each sample over ${over}; no batch statistics, so no moving mean/variance` },
    ];
    if (weights.length > 0) {
      explain.push({
        label: 'weights',
        text: `${weights.map((w) => w.name).join(' and ')} of shape ${formatShape(wshape)}, all trainable${rms ? ' (rms_scaling: gamma only)' : ''}`,
      });
    }
    explain.push({ label: 'output', text: `unchanged: ${formatShape(shape)}` });
    return { outputs: [shape], weights, explain };
  },
};

// ---------------------------------------------------------------- GroupNormalization

const groupNormalization: LayerSpec = {
  className: 'GroupNormalization',
  docPath: 'normalization_layers/group_normalization',
  params: [
    { name: 'groups', default: 32 },
    { name: 'axis', default: -1 },
    { name: 'epsilon', default: 1e-3 },
    { name: 'center', default: true },
    { name: 'scale', default: true },
    { name: 'beta_initializer', default: 'zeros' },
    { name: 'gamma_initializer', default: 'ones' },
    { name: 'beta_regularizer', default: null },
    { name: 'gamma_regularizer', default: null },
    { name: 'beta_constraint', default: null },
    { name: 'gamma_constraint', default: null },
  ],
  construct: (a) => {
    const g = knownValue(a, 'groups');
    if (g === undefined) return;
    const n = typeof g === 'boolean' ? (g ? 1 : 0) : g;
    if (typeof n !== 'number' || !Number.isInteger(n) || (n <= 0 && n !== -1)) {
      throw new LayerError(
        'invalid-argument',
        `Received an invalid value for argument \`groups\`, expected a positive integer (or \`-1\` for instance normalization). Received: groups=${pyStr(g)}`,
        'construct',
      );
    }
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const g0 = a.get('groups');
    const groupsArg = typeof g0 === 'boolean' ? (g0 ? 1 : 0) : (g0 as number);
    const axisArg = a.get('axis');
    const i = indexShape(shape, axisArg, 'axis');
    const dim = shape[i];
    if (dim === null) {
      throw new LayerError(
        'undefined-dim',
        `Axis ${pyStr(axisArg)} of input tensor should have a defined dimension but the layer received an input with shape ${formatShape(shape)}.`,
      );
    }
    const groups = groupsArg === -1 ? dim : groupsArg;
    if (dim < groups) {
      throw new LayerError('invalid-argument', `Number of groups (${groups}) cannot be more than the number of channels (${dim}).`);
    }
    if (dim % groups !== 0) {
      // Keras's wording has the relation backwards: the channels must be a multiple of the groups.
      throw new LayerError(
        'invalid-argument',
        `Number of groups (${groups}) must be a multiple of the number of channels (${dim}). (${dim} channels cannot be split into ${groups} equal groups.)`,
      );
    }
    const weights: Weight[] = [];
    if (a.bool('scale')) weights.push(weight('gamma', [dim]));
    if (a.bool('center')) weights.push(weight('beta', [dim]));
    const explain: ExplainStep[] = [
      {
        label: 'groups',
        text:
          `${axisLabel(shape, i, typeof axisArg === 'number' ? axisArg : i)}: ${dim} channels in ${groups} groups of ${dim / groups}` +
          (groupsArg === -1 ? ' (groups=-1: one group per channel, instance normalization)' : '') +
          '; statistics per sample and group',
      },
    ];
    if (weights.length > 0) {
      explain.push({ label: 'weights', text: `${weights.map((w) => w.name).join(' and ')}: one per channel (${dim}), trainable` });
    }
    explain.push({ label: 'output', text: `unchanged: ${formatShape(shape)}` });
    return { outputs: [shape], weights, explain };
  },
};

// ---------------------------------------------------------------- RMSNormalization

const rmsNormalization: LayerSpec = {
  className: 'RMSNormalization',
  docPath: 'normalization_layers/rms_normalization',
  params: [
    { name: 'axis', default: -1 },
    { name: 'epsilon', default: 1e-6 },
  ],
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const axisArg = a.get('axis');
    let given: PyValue[];
    if (Array.isArray(axisArg)) {
      given = [...(axisArg as readonly PyValue[])];
      // Keras sorts the raw values (negatives first), and the weight follows that order.
      if (given.every((x) => typeof x === 'number' || typeof x === 'boolean')) {
        given.sort((x, y) => Number(x) - Number(y));
      }
    } else given = [axisArg];
    const idx = given.map((x) => indexShape(shape, x, 'axis'));
    const wshape = idx.map((i) => shape[i]);
    const weights = [weight('scale', wshape)];
    const over = idx.map((i) => `axis ${i} (size ${formatDim(shape[i])})`).join(' and ');
    return {
      outputs: [shape],
      weights,
      explain: [
        { label: 'normalized', text: `each sample divided by its root mean square over ${over}; no centering, so no beta` },
        { label: 'weights', text: `scale ${formatShape(wshape)}, trainable` },
        { label: 'output', text: `unchanged: ${formatShape(shape)}` },
      ],
    };
  },
};

// ---------------------------------------------------------------- UnitNormalization

const unitNormalization: LayerSpec = {
  className: 'UnitNormalization',
  docPath: 'normalization_layers/unit_normalization',
  params: [{ name: 'axis', default: -1 }],
  construct: (a) => {
    const v = knownValue(a, 'axis');
    if (v === undefined || Array.isArray(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v))) return;
    throw new LayerError(
      'invalid-argument',
      `Invalid value for \`axis\` argument: expected an int or a list/tuple of ints. Received: axis=${pyStr(v)}`,
      'construct',
    );
  },
  compute: (a, input, ctx) => {
    const axisArg = a.get('axis');
    const axes = Array.isArray(axisArg) ? (axisArg as readonly PyValue[]) : [axisArg];
    return passThrough(input, ctx, (shape) => {
      const rank = shape.length;
      for (const x of axes) {
        const tooBig = !pyCompare(x, '<', rank, 'axis');
        const tooSmall = pyCompare(x, '<', -rank, 'axis');
        if (tooBig || tooSmall) {
          throw new LayerError(
            'invalid-argument',
            `Axis ${pyListRepr(axisArg)} is out of bounds for input shape ${formatShape(shape)}.`,
          );
        }
      }
      const sizes = axes.map((x) => {
        const i = canonicalAxis(Number(x), rank);
        return i === undefined ? '?' : formatDim(shape[i]);
      });
      return [
        {
          label: 'normalized',
          text: `each vector along axis ${pyListRepr(axisArg)} (size ${sizes.join('·')}) scaled to L2 norm 1; no weights`,
        },
      ];
    });
  },
};

export const specs: LayerSpec[] = [batchNormalization, layerNormalization, groupNormalization, rmsNormalization, unitNormalization];

