// Pooling layers against Keras's arithmetic: per-axis output length
// floor((in − pool) / stride) + 1 ('valid') or floor((in − 1) / stride) + 1
// ('same'), strides defaulting to the pool size, global and adaptive pooling.
//   MaxPooling2D() on (None, 5, 5, 3) → (None, 2, 2, 3); with padding='same' → (None, 3, 3, 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type DiagnosticCode, type PyValue, type Shape } from '../server/src/engine';

interface Case {
  readonly name: string;
  readonly layer: string;
  readonly args?: Readonly<Record<string, PyValue>>;
  readonly positional?: readonly PyValue[];
  readonly input: Shape;
  readonly channelsFirstConfig?: boolean;
  /** Expected output shape, or an expected error code (and phase). */
  readonly out?: Shape;
  readonly error?: DiagnosticCode;
  readonly phase?: 'construct' | 'call';
  /** Substrings (or patterns) the explanation must contain. */
  readonly explains?: readonly (string | RegExp)[];
  readonly message?: string;
}

const cases: readonly Case[] = [
  // The classic: valid vs same on an odd size.
  { name: '2x2 max pool, valid, on 5x5', layer: 'MaxPooling2D', input: [null, 5, 5, 3], out: [null, 2, 2, 3], explains: ['floor((5 − 2) / 2) + 1 = 2'] },
  { name: '2x2 max pool, same, on 5x5', layer: 'MaxPooling2D', args: { padding: 'same' }, input: [null, 5, 5, 3], out: [null, 3, 3, 3], explains: [/height: .*5.*2.* = 3/] },
  // strides default to the pool size, not 1.
  { name: 'strides default to pool_size', layer: 'MaxPooling1D', positional: [3], input: [null, 10, 4], out: [null, 3, 4], explains: ['floor((10 − 3) / 3) + 1 = 3'] },
  { name: 'explicit stride 1', layer: 'MaxPooling1D', args: { pool_size: 3, strides: 1 }, input: [null, 10, 4], out: [null, 8, 4] },
  { name: 'asymmetric pool and strides', layer: 'MaxPool2D', args: { pool_size: [3, 2], strides: [1, 2] }, input: [8, 9, 11, 16], out: [8, 7, 5, 16] },
  { name: 'same padding, stride 3', layer: 'AveragePooling2D', args: { pool_size: 2, strides: 3, padding: 'same' }, input: [null, 10, 11, 1], out: [null, 4, 4, 1] },
  // channels_first pools the last axes and keeps axis 1.
  { name: 'AvgPool3D channels_first', layer: 'AvgPool3D', args: { pool_size: 2, data_format: 'channels_first' }, input: [null, 4, 8, 9, 10], out: [null, 4, 4, 4, 5] },
  { name: 'configured channels_first', layer: 'MaxPooling2D', input: [null, 3, 32, 32], channelsFirstConfig: true, out: [null, 3, 16, 16] },
  { name: 'MaxPooling3D default window', layer: 'MaxPooling3D', input: [2, 6, 7, 8, 1], out: [2, 3, 3, 4, 1] },
  // None spatial dims stay None and skip the size check.
  { name: 'None spatial dim', layer: 'MaxPooling2D', input: [null, null, 7, 2], out: [null, null, 3, 2] },
  { name: 'None with a huge pool', layer: 'AveragePooling1D', args: { pool_size: 50 }, input: [null, null, 2], out: [null, null, 2] },
  // Errors.
  { name: 'pool larger than input (valid)', layer: 'MaxPooling2D', args: { pool_size: 6 }, input: [null, 5, 5, 3], error: 'negative-dim', phase: 'call', message: 'Computed output size would be zero or negative' },
  { name: 'pool larger than input (same) is fine', layer: 'MaxPooling2D', args: { pool_size: 6, padding: 'same' }, input: [null, 5, 5, 3], out: [null, 1, 1, 3] },
  { name: 'causal padding rejected when called', layer: 'MaxPooling1D', args: { padding: 'causal' }, input: [null, 8, 2], error: 'invalid-argument', phase: 'call', message: "must be either 'valid' or 'same'" },
  { name: 'upper-case padding is not lower-cased', layer: 'MaxPooling1D', args: { padding: 'SAME' }, input: [null, 8, 2], error: 'invalid-argument' },
  { name: 'zero stride accepted, then fails', layer: 'AveragePooling1D', args: { pool_size: 2, strides: 0 }, input: [null, 8, 2], error: 'invalid-argument', phase: 'call' },
  { name: 'negative stride', layer: 'AveragePooling1D', args: { pool_size: 2, strides: -1 }, input: [null, 8, 2], error: 'invalid-argument', phase: 'construct' },
  { name: 'zero pool size', layer: 'MaxPooling2D', args: { pool_size: 0 }, input: [null, 8, 8, 2], error: 'invalid-argument', phase: 'construct' },
  { name: 'AveragePooling needs pool_size', layer: 'AveragePooling2D', input: [null, 8, 8, 2], error: 'invalid-argument', phase: 'construct' },
  { name: '2D pooling on a sequence', layer: 'MaxPooling2D', input: [null, 28, 28], error: 'incompatible-input', phase: 'call' },
  { name: 'misspelt keyword', layer: 'MaxPooling2D', args: { poolsize: 2 }, input: [null, 8, 8, 2], error: 'unknown-argument' },

  // Global pooling drops the spatial axes (or keeps them as 1).
  { name: 'GAP 2D', layer: 'GlobalAveragePooling2D', input: [null, 7, 7, 512], out: [null, 512] },
  { name: 'GAP 2D keepdims', layer: 'GlobalAveragePooling2D', args: { keepdims: true }, input: [null, 7, 7, 512], out: [null, 1, 1, 512] },
  { name: 'GAP 2D channels_first keepdims', layer: 'GlobalAvgPool2D', args: { keepdims: true, data_format: 'channels_first' }, input: [null, 512, 7, 7], out: [null, 512, 1, 1] },
  { name: 'GMP 1D alias, unknown steps', layer: 'GlobalMaxPool1D', input: [null, null, 16], out: [null, 16] },
  { name: 'GMP 3D channels_first', layer: 'GlobalMaxPooling3D', args: { data_format: 'channels_first' }, input: [4, 8, 3, 3, 3], out: [4, 8] },
  { name: 'GAP 1D keepdims channels_first', layer: 'GlobalAveragePooling1D', args: { keepdims: true, data_format: 'channels_first' }, input: [null, 6, 20], out: [null, 6, 1] },
  { name: 'GMP 2D on rank 3', layer: 'GlobalMaxPooling2D', input: [null, 10, 4], error: 'incompatible-input' },
  { name: 'bad data_format', layer: 'GlobalAveragePooling3D', args: { data_format: 'NCHW' }, input: [null, 2, 2, 2, 2], error: 'invalid-argument', phase: 'construct' },

  // Adaptive pooling: a fixed output size, whatever the input.
  { name: 'adaptive avg 2D int', layer: 'AdaptiveAveragePooling2D', args: { output_size: 7 }, input: [null, 13, 17, 8], out: [null, 7, 7, 8] },
  { name: 'adaptive max 2D tuple channels_first', layer: 'AdaptiveMaxPooling2D', args: { output_size: [3, 5], data_format: 'channels_first' }, input: [2, 8, 40, 41], out: [2, 8, 3, 5] },
  { name: 'adaptive avg 1D, unknown length', layer: 'AdaptiveAveragePooling1D', positional: [4], input: [null, null, 3], out: [null, 4, 3] },
  { name: 'adaptive max 3D', layer: 'AdaptiveMaxPooling3D', args: { output_size: [1, 2, 3] }, input: [null, 9, 9, 9, 5], out: [null, 1, 2, 3, 5] },
  { name: 'adaptive: no rank check in Keras', layer: 'AdaptiveMaxPooling1D', args: { output_size: 5 }, input: [null, 256], out: [null, 5, 256] },
  { name: 'adaptive 1D with two sizes', layer: 'AdaptiveAveragePooling1D', args: { output_size: [2, 2] }, input: [null, 8, 3], error: 'invalid-argument', phase: 'construct' },
  { name: 'adaptive 2D with three sizes', layer: 'AdaptiveMaxPooling2D', args: { output_size: [2, 2, 2] }, input: [null, 8, 8, 3], error: 'invalid-argument', phase: 'construct' },
  { name: 'adaptive negative size', layer: 'AdaptiveAveragePooling2D', args: { output_size: -1 }, input: [null, 8, 8, 3], error: 'negative-dim', phase: 'call' },
  { name: 'adaptive bad data_format', layer: 'AdaptiveAveragePooling2D', args: { output_size: 2, data_format: 'Channels_Last' }, input: [null, 8, 8, 3], error: 'invalid-argument', phase: 'construct' },
];

for (const c of cases) {
  test(`${c.layer}: ${c.name}`, () => {
    const r = evaluateLayer(
      c.layer,
      { positional: c.positional ?? [], keywords: c.args ?? {} },
      { shapes: [c.input], isList: false },
      c.channelsFirstConfig ? { config: { imageDataFormat: 'channels_first' } } : undefined,
    );
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
    assert.equal(r.trainableParams + r.nonTrainableParams, 0);
    assert.deepEqual(r.weights, []);
    const text = r.explain.map((s) => `${s.label}: ${s.text}`).join('\n');
    for (const e of c.explains ?? []) {
      assert.ok(typeof e === 'string' ? text.includes(e) : e.test(text), `missing "${String(e)}" in\n${text}`);
    }
  });
}

test('every Keras alias resolves to its class', () => {
  const aliases: Record<string, string> = {
    MaxPool1D: 'MaxPooling1D',
    MaxPool2D: 'MaxPooling2D',
    MaxPool3D: 'MaxPooling3D',
    AvgPool1D: 'AveragePooling1D',
    AvgPool2D: 'AveragePooling2D',
    AvgPool3D: 'AveragePooling3D',
    GlobalMaxPool1D: 'GlobalMaxPooling1D',
    GlobalMaxPool2D: 'GlobalMaxPooling2D',
    GlobalMaxPool3D: 'GlobalMaxPooling3D',
    GlobalAvgPool1D: 'GlobalAveragePooling1D',
    GlobalAvgPool2D: 'GlobalAveragePooling2D',
    GlobalAvgPool3D: 'GlobalAveragePooling3D',
  };
  for (const [alias, cls] of Object.entries(aliases)) {
    const dims = Number(cls.slice(-2, -1));
    const input: Shape = [null, ...new Array<number>(dims).fill(4), 2];
    const args: Record<string, PyValue> = cls.startsWith('Average') ? { pool_size: 2 } : {};
    const r = evaluateLayer(alias, { positional: [], keywords: args }, { shapes: [input], isList: false });
    assert.equal(r.kind, 'ok', `${alias}: ${JSON.stringify(r)}`);
    if (r.kind === 'ok') assert.equal(r.className, cls);
  }
});
