// Preprocessing layers against Keras 3's compute_output_shape rules: where
// Resizing/CenterCrop/RandomCrop put height and width, Normalization's
// non-trainable statistics, the encoding layers' output axis, and the
// shape-preserving augmentations.
//   Normalization() on (None, 20, 64, 32) → mean (32,) + variance (32,) + count = 65 non-trainable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape, positional: PyValue[] = []): LayerResult {
  return evaluateLayer(layer, { positional, keywords }, { shapes: [shape], isList: false });
}

const okCases: {
  layer: string;
  positional?: PyValue[];
  keywords?: Record<string, PyValue>;
  input: Shape;
  output: Shape;
  nonTrainable?: number;
  weights?: [string, number[]][];
}[] = [
  { layer: 'Rescaling', positional: [1 / 255], input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'Resizing', positional: [100, 50], input: [null, 20, 30, 3], output: [null, 100, 50, 3] },
  { layer: 'Resizing', keywords: { height: 10, width: 12, data_format: 'channels_first' }, input: [null, 3, 40, 40], output: [null, 3, 10, 12] },
  // Unbatched images: height and width are the first two axes.
  { layer: 'Resizing', keywords: { height: 8, width: 9, pad_to_aspect_ratio: true }, input: [40, 30, 1], output: [8, 9, 1] },
  { layer: 'CenterCrop', keywords: { height: 24, width: 24 }, input: [null, 32, 32, 3], output: [null, 24, 24, 3] },
  // Bigger than the input is not an error: Keras resizes up.
  { layer: 'CenterCrop', keywords: { height: 64, width: 64 }, input: [null, 32, 32, 3], output: [null, 64, 64, 3] },
  { layer: 'RandomCrop', keywords: { height: 5, width: 6 }, input: [null, 10, null, 2], output: [null, 5, 6, 2] },
  { layer: 'RandomCrop', keywords: { height: 5, width: 6, data_format: 'channels_first' }, input: [null, 2, 10, 10], output: [null, 2, 5, 6] },
  { layer: 'Normalization', input: [null, 10, 7], output: [null, 10, 7], nonTrainable: 15, weights: [['mean', [7]], ['variance', [7]], ['count', []]] },
  { layer: 'Normalization', keywords: { axis: [1, 2] }, input: [null, 2, 3, 4], output: [null, 2, 3, 4], nonTrainable: 13, weights: [['mean', [2, 3]], ['variance', [2, 3]], ['count', []]] },
  { layer: 'Normalization', keywords: { axis: null }, input: [null, 5], output: [null, 5], nonTrainable: 3, weights: [['mean', []], ['variance', []], ['count', []]] },
  { layer: 'Normalization', keywords: { mean: [1, 2, 3], variance: [1, 1, 1] }, input: [null, 8, 3], output: [null, 8, 3], weights: [] },
  { layer: 'CategoryEncoding', keywords: { num_tokens: 6, output_mode: 'one_hot' }, input: [null, 4], output: [null, 4, 6] },
  // one_hot replaces a trailing axis of size 1; multi_hot and count fold the last axis.
  { layer: 'CategoryEncoding', keywords: { num_tokens: 6, output_mode: 'one_hot' }, input: [null, 1], output: [null, 6] },
  { layer: 'CategoryEncoding', keywords: { num_tokens: 6 }, input: [null, 4], output: [null, 6] },
  { layer: 'CategoryEncoding', keywords: { num_tokens: 6, output_mode: 'count' }, input: [null, 3, 4], output: [null, 3, 6] },
  { layer: 'Discretization', keywords: { bin_boundaries: [0, 1, 2] }, input: [null, 5], output: [null, 5] },
  { layer: 'Discretization', keywords: { bin_boundaries: [0, 1, 2], output_mode: 'one_hot' }, input: [null, 5], output: [null, 5, 4] },
  { layer: 'Discretization', keywords: { bin_boundaries: [0, 1, 2], output_mode: 'multi_hot' }, input: [null, 5], output: [null, 4] },
  { layer: 'Discretization', keywords: { num_bins: 7, output_mode: 'count' }, input: [null, 2, 5], output: [null, 5, 7] },
  { layer: 'Hashing', keywords: { num_bins: 3, output_mode: 'one_hot' }, input: [null, 1], output: [null, 3] },
  { layer: 'Hashing', keywords: { num_bins: 3 }, input: [null, 4], output: [null, 4] },
  { layer: 'RandomFlip', keywords: { mode: 'horizontal' }, input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'RandomRotation', positional: [0.1], input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'RandomZoom', keywords: { height_factor: [-0.2, 0.3] }, input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'RandomTranslation', positional: [0.1, 0.2], input: [16, 9, 9, 3], output: [16, 9, 9, 3] },
  { layer: 'RandomContrast', positional: [0.5], input: [null, 9, 9, 3], output: [null, 9, 9, 3] },
  { layer: 'RandomBrightness', positional: [[-0.2, 0.2]], input: [null, 9, 9, 3], output: [null, 9, 9, 3] },
];

for (const c of okCases) {
  test(`${c.layer}(${JSON.stringify(c.positional ?? [])}, ${JSON.stringify(c.keywords ?? {})}) on ${JSON.stringify(c.input)}`, () => {
    const r = run(c.layer, c.keywords ?? {}, c.input, c.positional);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [c.output]);
    assert.equal(r.trainableParams, 0);
    assert.equal(r.nonTrainableParams, c.nonTrainable ?? 0);
    assert.deepEqual(
      r.weights.map((w) => [w.name, w.shape]),
      c.weights ?? [],
    );
    assert.ok(r.weights.every((w) => !w.trainable));
  });
}

const errCases: { layer: string; positional?: PyValue[]; keywords?: Record<string, PyValue>; input: Shape; message: RegExp }[] = [
  { layer: 'Rescaling', keywords: { offset: 1 }, input: [null, 3], message: /missing 1 required positional argument: 'scale'/ },
  { layer: 'CenterCrop', keywords: { height: 2, width: 2 }, input: [null, 8], message: /rank-1 with size 3 \(unbatched\) or 4 \(batched\)/ },
  { layer: 'RandomCrop', keywords: { height: 2, width: 2 }, input: [null, 8], message: /index out of range/ },
  { layer: 'Resizing', keywords: { height: 2, width: 2, data_format: 'channels_middle' }, input: [null, 8, 8, 3], message: /data_format/ },
  { layer: 'Normalization', keywords: { mean: 0.5 }, input: [null, 3], message: /both `mean` and `variance` must be set/ },
  { layer: 'Normalization', keywords: { axis: 3 }, input: [null, 4, 4], message: /All `axis` values must be in the range \[-ndim, ndim\)\. Received inputs with ndim=3, while axis=\(3,\)/ },
  { layer: 'Normalization', input: [null, 4, null], message: /must have a known shape/ },
  { layer: 'Normalization', keywords: { mean: [1, 2], variance: [1, 1] }, input: [null, 3], message: /cannot be broadcast/ },
  { layer: 'CategoryEncoding', keywords: { output_mode: 'one_hot' }, input: [null, 1], message: /num_tokens must be set/ },
  { layer: 'CategoryEncoding', keywords: { num_tokens: 3, output_mode: 'tf_idf' }, input: [null, 1], message: /Unknown arg for output_mode: tf_idf/ },
  { layer: 'Discretization', input: [null, 1], message: /You need to set either `num_bins` or `bin_boundaries`/ },
  { layer: 'Discretization', keywords: { num_bins: 3, bin_boundaries: [1] }, input: [null, 1], message: /should not be set/ },
  { layer: 'Hashing', keywords: { num_bins: 0 }, input: [null, 1], message: /cannot be `None` or non-positive/ },
  { layer: 'RandomRotation', keywords: { factor: 0.1, fill_mode: 'mirror' }, input: [null, 8, 8, 3], message: /Unknown `fill_mode` mirror/ },
  { layer: 'RandomRotation', keywords: { factor: 1.5 }, input: [null, 8, 8, 3], message: /in the range \[-1, 1\]/ },
  { layer: 'RandomZoom', keywords: { height_factor: -1.0 }, input: [null, 8, 8, 3], message: /\(-1\.0, 1\.0\]/ },
  { layer: 'RandomContrast', keywords: { factor: 2 }, input: [null, 8, 8, 3], message: /in the range \[0, 1\]/ },
  { layer: 'RandomFlip', keywords: { factor: 0.5 }, input: [null, 8, 8, 3], message: /does not take a `factor` argument/ },
];

for (const c of errCases) {
  test(`${c.layer} error: ${c.message.source}`, () => {
    const r = run(c.layer, c.keywords ?? {}, c.input, c.positional);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind === 'error') assert.match(r.message, c.message);
  });
}

test('Resizing explains which axes change', () => {
  const r = run('Resizing', { height: 64, width: 32, crop_to_aspect_ratio: true }, [null, 128, 56, 3]);
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') assert.match(r.explain[0].text, /128 × 56 → 64 × 32, center-cropped/);
});
