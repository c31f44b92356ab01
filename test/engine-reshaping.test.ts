// Reshaping layers against Keras's arithmetic: Flatten's product (None when a
// dim is unknown, never an error), Reshape's -1 inference and size check,
// Permute's 1-based axes, UpSampling/ZeroPadding/Cropping per axis.
//   Flatten() on (None, 7, 7, 64) → (None, 3136); Reshape((-1, 8)) on (None, 4, 6) → (None, 3, 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type DiagnosticCode, type PyValue, type Shape } from '../server/src/engine';

interface Case {
  readonly name: string;
  readonly layer: string;
  readonly args?: Readonly<Record<string, PyValue>>;
  readonly positional?: readonly PyValue[];
  readonly input: Shape;
  readonly out?: Shape;
  readonly error?: DiagnosticCode;
  readonly phase?: 'construct' | 'call';
  readonly explains?: readonly string[];
  readonly message?: string;
}

const cases: readonly Case[] = [
  // Flatten
  { name: 'conv feature map', layer: 'Flatten', input: [null, 7, 7, 64], out: [null, 3136], explains: ['7·7·64 = 3,136'] },
  { name: 'unknown dim gives None, no error', layer: 'Flatten', input: [null, null, 5], out: [null, null] },
  { name: 'batch only', layer: 'Flatten', input: [8], out: [8, 1] },
  { name: 'already flat', layer: 'Flatten', input: [null, 10], out: [null, 10] },
  { name: 'channels_first gives the same length', layer: 'Flatten', args: { data_format: 'channels_first' }, input: [null, 3, 4, 5], out: [null, 60] },
  { name: 'concrete batch kept', layer: 'Flatten', input: [32, 2, 3], out: [32, 6] },
  { name: 'bad data_format', layer: 'Flatten', args: { data_format: 'NHWC' }, input: [null, 2, 2], error: 'invalid-argument', phase: 'construct' },

  // Reshape: the target excludes the batch axis.
  { name: '-1 inferred', layer: 'Reshape', positional: [[-1, 8]], input: [null, 4, 6], out: [null, 3, 8], explains: ['24 / 8 = 3'] },
  { name: '-1 in the middle', layer: 'Reshape', args: { target_shape: [2, -1, 3] }, input: [5, 4, 9], out: [5, 2, 6, 3], explains: ['36 / (2·3) = 6'] },
  { name: 'target excludes batch', layer: 'Reshape', args: { target_shape: [1, 12] }, input: [null, 12], out: [null, 1, 12] },
  { name: 'add a channel axis', layer: 'Reshape', args: { target_shape: [28, 28, 1] }, input: [null, 784], out: [null, 28, 28, 1] },
  { name: 'None input: -1 stays None', layer: 'Reshape', args: { target_shape: [-1, 3] }, input: [null, null, 6], out: [null, null, 3] },
  { name: 'None input: size not checked', layer: 'Reshape', args: { target_shape: [7] }, input: [null, null, 6], out: [null, 7] },
  { name: 'size mismatch', layer: 'Reshape', args: { target_shape: [5, 5] }, input: [null, 4, 6], error: 'invalid-reshape', phase: 'call', message: 'The total size of the tensor must be unchanged' },
  { name: 'size not divisible for -1', layer: 'Reshape', args: { target_shape: [5, -1] }, input: [null, 4, 6], error: 'invalid-reshape', phase: 'call', message: 'cannot by divided' },
  { name: 'including the batch is a classic mistake', layer: 'Reshape', args: { target_shape: [32, 28, 28] }, input: [32, 28, 28], error: 'invalid-reshape' },
  { name: 'two -1', layer: 'Reshape', args: { target_shape: [-1, -1] }, input: [null, 4], error: 'invalid-argument', phase: 'construct' },
  { name: 'below -1', layer: 'Reshape', args: { target_shape: [-2, 2] }, input: [null, 4], error: 'invalid-argument', phase: 'construct' },
  { name: 'int target', layer: 'Reshape', args: { target_shape: 12 }, input: [null, 12], error: 'invalid-argument', phase: 'construct' },
  { name: 'missing target', layer: 'Reshape', input: [null, 12], error: 'invalid-argument', phase: 'construct' },

  // Permute: 1-based, the batch axis never moves.
  { name: 'swap time and features', layer: 'Permute', positional: [[2, 1]], input: [null, 10, 64], out: [null, 64, 10] },
  { name: 'rotate three axes', layer: 'Permute', args: { dims: [3, 1, 2] }, input: [4, 5, null, 7], out: [4, 7, 5, null] },
  { name: '0-based dims rejected', layer: 'Permute', args: { dims: [0, 1] }, input: [null, 3, 4], error: 'invalid-argument', phase: 'construct' },
  { name: 'repeated dims rejected', layer: 'Permute', args: { dims: [1, 1] }, input: [null, 3, 4], error: 'invalid-argument', phase: 'construct' },
  { name: 'rank mismatch', layer: 'Permute', args: { dims: [2, 1] }, input: [null, 3, 4, 5], error: 'incompatible-input', phase: 'call' },

  // RepeatVector
  { name: 'repeat', layer: 'RepeatVector', positional: [3], input: [null, 8], out: [null, 3, 8] },
  { name: 'on a sequence', layer: 'RepeatVector', args: { n: 3 }, input: [null, 5, 8], error: 'incompatible-input' },
  { name: 'n = 0', layer: 'RepeatVector', args: { n: 0 }, input: [null, 8], error: 'invalid-argument', phase: 'construct' },
  { name: 'float n', layer: 'RepeatVector', args: { n: 2.5 }, input: [null, 8], error: 'invalid-argument', phase: 'construct' },

  // UpSampling
  { name: '1D default', layer: 'UpSampling1D', input: [null, 10, 3], out: [null, 20, 3] },
  { name: '1D tuple size rejected', layer: 'UpSampling1D', args: { size: [2] }, input: [null, 10, 3], error: 'invalid-argument', phase: 'construct' },
  { name: '2D asymmetric', layer: 'UpSampling2D', args: { size: [2, 3] }, input: [null, 7, 7, 16], out: [null, 14, 21, 16], explains: ['7·3 = 21'] },
  { name: '2D channels_first', layer: 'UpSampling2D', args: { size: 2, data_format: 'channels_first' }, input: [1, 16, 5, null], out: [1, 16, 10, null] },
  { name: '2D with a 3-tuple', layer: 'UpSampling2D', args: { size: [2, 2, 2] }, input: [null, 7, 7, 16], error: 'invalid-argument', phase: 'construct' },
  { name: '3D default', layer: 'UpSampling3D', input: [null, 2, 3, 4, 1], out: [null, 4, 6, 8, 1] },

  // ZeroPadding: int, pair, pair of pairs.
  { name: '1D default', layer: 'ZeroPadding1D', input: [null, 10, 3], out: [null, 12, 3] },
  { name: '1D asymmetric', layer: 'ZeroPadding1D', args: { padding: [1, 2] }, input: [null, 10, 3], out: [null, 13, 3], explains: ['10 + 1 + 2 = 13'] },
  { name: '1D channels_first pads the last axis', layer: 'ZeroPadding1D', args: { padding: 2, data_format: 'channels_first' }, input: [null, 3, 10], out: [null, 3, 14] },
  { name: '2D int', layer: 'ZeroPadding2D', args: { padding: 3 }, input: [null, 224, 224, 3], out: [null, 230, 230, 3] },
  { name: '2D symmetric pair (height, width)', layer: 'ZeroPadding2D', args: { padding: [1, 2] }, input: [null, 10, 10, 3], out: [null, 12, 14, 3] },
  { name: '2D pair of pairs', layer: 'ZeroPadding2D', args: { padding: [[0, 1], [2, 3]] }, input: [null, 10, 10, 3], out: [null, 11, 15, 3] },
  { name: '2D channels_first', layer: 'ZeroPadding2D', args: { data_format: 'channels_first' }, input: [null, 3, 10, null], out: [null, 3, 12, null] },
  { name: '2D with three entries', layer: 'ZeroPadding2D', args: { padding: [1, 1, 1] }, input: [null, 10, 10, 3], error: 'invalid-argument', phase: 'construct' },
  { name: '2D negative inner value', layer: 'ZeroPadding2D', args: { padding: [[1, -1], [0, 0]] }, input: [null, 10, 10, 3], error: 'invalid-argument', phase: 'construct' },
  { name: '3D default', layer: 'ZeroPadding3D', input: [null, 4, 5, 6, 2], out: [null, 6, 7, 8, 2] },
  { name: '3D mixed', layer: 'ZeroPadding3D', args: { padding: [[1, 0], 2, [0, 3]] }, input: [null, 4, 5, 6, 2], out: [null, 5, 9, 9, 2] },

  // Cropping: removing as much as the axis holds is an error.
  { name: '1D default', layer: 'Cropping1D', input: [null, 10, 3], out: [null, 8, 3] },
  { name: '1D too much', layer: 'Cropping1D', args: { cropping: [5, 5] }, input: [null, 10, 3], error: 'negative-dim', phase: 'call', message: 'must be smaller than the input length' },
  { name: '2D pair of pairs', layer: 'Cropping2D', args: { cropping: [[2, 3], [0, 0]] }, input: [null, 28, 28, 1], out: [null, 23, 28, 1], explains: ['28 − 2 − 3 = 23'] },
  { name: '2D default crops nothing', layer: 'Cropping2D', input: [null, 28, 28, 1], out: [null, 28, 28, 1] },
  { name: '2D int', layer: 'Cropping2D', args: { cropping: 4 }, input: [null, 28, null, 1], out: [null, 20, null, 1] },
  { name: '2D too much', layer: 'Cropping2D', args: { cropping: 14 }, input: [null, 28, 28, 1], error: 'negative-dim', phase: 'call', message: 'should be smaller than the corresponding spatial dimension' },
  { name: '2D negative int', layer: 'Cropping2D', args: { cropping: -1 }, input: [null, 28, 28, 1], error: 'invalid-argument', phase: 'construct' },
  { name: '2D channels_first', layer: 'Cropping2D', args: { cropping: [1, 2], data_format: 'channels_first' }, input: [null, 3, 10, 10], out: [null, 3, 8, 6] },
  { name: '3D default', layer: 'Cropping3D', input: [null, 4, 5, 6, 2], out: [null, 2, 3, 4, 2] },
  { name: '3D too much on depth', layer: 'Cropping3D', args: { cropping: [[1, 1], 0, 0] }, input: [null, 2, 5, 6, 2], error: 'negative-dim' },
  { name: '3D with two entries', layer: 'Cropping3D', args: { cropping: [1, 1] }, input: [null, 4, 5, 6, 2], error: 'invalid-argument', phase: 'construct' },
];

for (const c of cases) {
  test(`${c.layer}: ${c.name}`, () => {
    const r = evaluateLayer(c.layer, { positional: c.positional ?? [], keywords: c.args ?? {} }, { shapes: [c.input], isList: false });
    if (c.error !== undefined) {
      assert.equal(r.kind, 'error', JSON.stringify(r));
      if (r.kind !== 'error') return;
      assert.equal(r.code, c.error, r.message);
      if (c.phase) assert.equal(r.phase, c.phase);
      if (c.message) assert.ok(r.message.includes(c.message), r.message);
      return;
    }
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [c.out]);
    assert.deepEqual(r.weights, []);
    const text = r.explain.map((s) => `${s.label}: ${s.text}`).join('\n');
    for (const e of c.explains ?? []) assert.ok(text.includes(e), `missing "${e}" in\n${text}`);
  });
}

test('Flatten of an unknown length, then Dense: the Dense fails, not the Flatten', () => {
  const f = evaluateLayer('Flatten', { positional: [], keywords: {} }, { shapes: [[null, null, 5]], isList: false });
  assert.equal(f.kind, 'ok');
  if (f.kind !== 'ok') return;
  const d = evaluateLayer('Dense', { positional: [10], keywords: {} }, { shapes: f.outputs, isList: false });
  assert.equal(d.kind, 'error');
  if (d.kind === 'error') assert.equal(d.code, 'undefined-dim');
});
