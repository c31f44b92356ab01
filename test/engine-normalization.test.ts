// Normalization layers, table-driven: BatchNormalization's 4·C split
// (2·C non-trainable), LayerNormalization's multi-axis weights,
// GroupNormalization's groups/channels checks, RMSNormalization, UnitNormalization.
// Expected values come from Keras's build() arithmetic, worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape): LayerResult {
  return evaluateLayer(layer, { positional: [], keywords }, { shapes: [shape], isList: false });
}

interface OkCase {
  layer: string;
  args: Record<string, PyValue>;
  input: Shape;
  weights: [string, number[], boolean][];
  why: string;
}

const okCases: OkCase[] = [
  // BatchNormalization(C): gamma, beta trainable; moving mean/variance not.
  {
    layer: 'BatchNormalization', args: {}, input: [null, 32, 32, 64], why: 'C = last axis = 64 → 128 + 128',
    weights: [['gamma', [64], true], ['beta', [64], true], ['moving_mean', [64], false], ['moving_variance', [64], false]],
  },
  {
    layer: 'BatchNormalization', args: { axis: 1 }, input: [null, 16, 7, 7], why: 'channels_first: C = axis 1, not the last',
    weights: [['gamma', [16], true], ['beta', [16], true], ['moving_mean', [16], false], ['moving_variance', [16], false]],
  },
  {
    layer: 'BatchNormalization', args: { axis: -2 }, input: [2, 9, 5], why: 'negative axis counts from the end',
    weights: [['gamma', [9], true], ['beta', [9], true], ['moving_mean', [9], false], ['moving_variance', [9], false]],
  },
  {
    layer: 'BatchNormalization', args: { center: false }, input: [null, 10], why: 'no beta; moving stats stay',
    weights: [['gamma', [10], true], ['moving_mean', [10], false], ['moving_variance', [10], false]],
  },
  {
    layer: 'BatchNormalization', args: { scale: false, center: false }, input: [null, 5], why: 'only the non-trainable pair',
    weights: [['moving_mean', [5], false], ['moving_variance', [5], false]],
  },
  {
    layer: 'BatchNormalization', args: { renorm: true, scale: false }, input: [null, 4], why: 'renorm adds three non-trainable vectors',
    weights: [
      ['beta', [4], true], ['moving_mean', [4], false], ['moving_variance', [4], false],
      ['moving_stddev', [4], false], ['renorm_mean', [4], false], ['renorm_stddev', [4], false],
    ],
  },
  {
    layer: 'BatchNormalization', args: { axis: 1.9 }, input: [null, 6, 11], why: 'Keras applies int(): 1.9 → 1',
    weights: [['gamma', [6], true], ['beta', [6], true], ['moving_mean', [6], false], ['moving_variance', [6], false]],
  },
  {
    layer: 'BatchNormalization', args: { synchronized: true }, input: [null, 3], why: 'synchronized keeps the same weights',
    weights: [['gamma', [3], true], ['beta', [3], true], ['moving_mean', [3], false], ['moving_variance', [3], false]],
  },
  // LayerNormalization: weights span the normalized axes, sorted.
  { layer: 'LayerNormalization', args: {}, input: [null, 7, 12], why: 'last axis', weights: [['gamma', [12], true], ['beta', [12], true]] },
  {
    layer: 'LayerNormalization', args: { axis: [-1, 1] }, input: [null, 3, 4], why: 'axes sorted after canonicalising: (1, 2)',
    weights: [['gamma', [3, 4], true], ['beta', [3, 4], true]],
  },
  { layer: 'LayerNormalization', args: { rms_scaling: true }, input: [null, 6], why: 'rms_scaling: gamma only', weights: [['gamma', [6], true]] },
  {
    layer: 'LayerNormalization', args: { scale: false, rms_scaling: true }, input: [null, 6], why: 'rms_scaling forces gamma',
    weights: [['gamma', [6], true]],
  },
  { layer: 'LayerNormalization', args: { center: false, scale: false }, input: [null, 6], why: 'no weights at all', weights: [] },
  // GroupNormalization: one gamma/beta per channel, groups only constrain.
  { layer: 'GroupNormalization', args: { groups: 4 }, input: [null, 8, 8, 32], why: '32 channels in 4 groups of 8', weights: [['gamma', [32], true], ['beta', [32], true]] },
  { layer: 'GroupNormalization', args: { groups: -1 }, input: [null, 5, 7], why: 'instance norm: groups = 7', weights: [['gamma', [7], true], ['beta', [7], true]] },
  { layer: 'GroupNormalization', args: { groups: 2, axis: 1 }, input: [null, 6, null], why: 'axis 1 defined; other None fine', weights: [['gamma', [6], true], ['beta', [6], true]] },
  // RMSNormalization: a single trainable `scale`.
  { layer: 'RMSNormalization', args: {}, input: [null, 10, 20], why: 'last axis', weights: [['scale', [20], true]] },
  { layer: 'RMSNormalization', args: { axis: [2, 1] }, input: [null, 3, 5], why: 'axes sorted: (1, 2)', weights: [['scale', [3, 5], true]] },
  // UnitNormalization: no weights.
  { layer: 'UnitNormalization', args: { axis: [1, 2] }, input: [null, 3, 5], why: 'no weights', weights: [] },
];

for (const c of okCases) {
  test(`${c.layer}(${JSON.stringify(c.args)}) on ${JSON.stringify(c.input)}: ${c.why}`, () => {
    const r = run(c.layer, c.args, c.input);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [c.input]);
    assert.deepEqual(
      r.weights.map((w) => [w.name, w.shape, w.trainable]),
      c.weights,
    );
    const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);
    assert.equal(r.trainableParams, c.weights.filter((w) => w[2]).reduce((n, w) => n + size(w[1]), 0));
    assert.equal(r.nonTrainableParams, c.weights.filter((w) => !w[2]).reduce((n, w) => n + size(w[1]), 0));
  });
}

test('BatchNormalization(C) has 4·C params of which 2·C are non-trainable', () => {
  for (const c of [1, 3, 64, 512]) {
    const r = run('BatchNormalization', {}, [null, 8, c]);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') continue;
    assert.equal(r.trainableParams + r.nonTrainableParams, 4 * c);
    assert.equal(r.nonTrainableParams, 2 * c);
    const text = r.explain.map((e) => e.text).join('\n');
    assert.match(text, /gamma, beta trainable/);
    assert.match(text, /moving mean and variance not trainable/);
  }
});

interface ErrCase {
  layer: string;
  args: Record<string, PyValue>;
  input: Shape;
  message: RegExp;
  phase?: 'construct' | 'call';
  why: string;
}

const errCases: ErrCase[] = [
  { layer: 'GroupNormalization', args: { groups: 5 }, input: [null, 4, 12], message: /Number of groups \(5\) must be a multiple of the number of channels \(12\)/, phase: 'call', why: '12 channels do not split into 5 groups' },
  { layer: 'GroupNormalization', args: { groups: 32 }, input: [null, 10, 16], message: /Number of groups \(32\) cannot be more than the number of channels \(16\)/, phase: 'call', why: 'default groups=32 on 16 channels' },
  { layer: 'GroupNormalization', args: { groups: 0 }, input: [null, 4], message: /expected a positive integer \(or `-1` for instance normalization\)/, phase: 'construct', why: 'groups=0' },
  { layer: 'GroupNormalization', args: { groups: -2 }, input: [null, 4], message: /Received: groups=-2/, phase: 'construct', why: 'only -1 is a valid negative' },
  { layer: 'GroupNormalization', args: { groups: 2.5 }, input: [null, 4], message: /groups=2.5/, phase: 'construct', why: 'groups must be an int' },
  { layer: 'GroupNormalization', args: { groups: 2 }, input: [null, 4, null], message: /Axis -1 of input tensor should have a defined dimension.*\(None, 4, None\)/, why: 'channels unknown' },
  { layer: 'GroupNormalization', args: { groups: 2, axis: 3 }, input: [null, 4, 8], message: /tuple index out of range/, why: 'axis beyond rank' },
  { layer: 'BatchNormalization', args: { axis: 3 }, input: [null, 4, 8], message: /tuple index out of range/, why: 'axis beyond rank' },
  { layer: 'BatchNormalization', args: { axis: -4 }, input: [null, 4, 8], message: /tuple index out of range/, why: 'negative axis beyond rank' },
  { layer: 'BatchNormalization', args: {}, input: [null, 4, null], message: /fully-defined/, why: 'channels unknown' },
  { layer: 'BatchNormalization', args: { axis: 'channels' }, input: [null, 4], message: /invalid literal for int\(\)/, phase: 'construct', why: 'int("channels")' },
  { layer: 'BatchNormalization', args: { momentum: 'fast' }, input: [null, 4], message: /could not convert string to float/, phase: 'construct', why: 'float("fast")' },
  { layer: 'BatchNormalization', args: { renorm: true, renorm_clipping: { kind: 'dict', entries: { rmax: 1, bad: 2 } } }, input: [null, 4], message: /invalid keys for `renorm_clipping`/, phase: 'construct', why: 'unknown clipping key' },
  { layer: 'BatchNormalization', args: { momentun: 0.9 }, input: [null, 4], message: /Unrecognized keyword arguments passed to BatchNormalization/, phase: 'construct', why: 'misspelt keyword' },
  { layer: 'LayerNormalization', args: { axis: 2 }, input: [null, 5], message: /axis 2 is out of bounds for an array with dimension 2\./, why: 'numpy-style bounds message' },
  { layer: 'LayerNormalization', args: { axis: [1, -1] }, input: [null, 5], message: /Duplicate axes are not allowed/, why: '1 and -1 are the same axis of a rank-2 input' },
  { layer: 'LayerNormalization', args: { axis: 'last' }, input: [null, 5], message: /Expected an int or a list\/tuple of ints for the argument 'axis'/, phase: 'construct', why: 'string axis' },
  { layer: 'LayerNormalization', args: {}, input: [null, null], message: /fully-defined/, why: 'gamma would have a None dim' },
  { layer: 'RMSNormalization', args: { axis: 3 }, input: [null, 5, 6], message: /tuple index out of range/, why: 'axis beyond rank' },
  { layer: 'UnitNormalization', args: { axis: 1.5 }, input: [null, 5], message: /expected an int or a list\/tuple of ints\. Received: axis=1.5/, phase: 'construct', why: 'float axis' },
  { layer: 'UnitNormalization', args: { axis: 2 }, input: [null, 5], message: /Axis 2 is out of bounds for input shape \(None, 5\)/, why: 'axis beyond rank' },
];

for (const c of errCases) {
  test(`${c.layer}(${JSON.stringify(c.args)}) on ${JSON.stringify(c.input)} fails: ${c.why}`, () => {
    const r = run(c.layer, c.args, c.input);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind !== 'error') return;
    assert.match(r.message, c.message);
    if (c.phase) assert.equal(r.phase, c.phase);
  });
}

test('an unknown axis makes BatchNormalization unknown, not wrong', () => {
  const r = run('BatchNormalization', { axis: { kind: 'unknown' } }, [null, 4, 8]);
  assert.equal(r.kind, 'unknown');
});
