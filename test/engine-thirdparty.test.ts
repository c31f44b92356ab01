// Layers of libraries built on Keras (keras_cv, keras_nlp/keras_hub,
// tensorflow_addons): shapes, weights as their sources build them, the checks
// they make, and that they are not names of keras.layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { THIRD_PARTY_LAYERS, evaluateLayer, knownLayerNames, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, positional: PyValue[], keywords: Record<string, PyValue>, shapes: Shape[]): LayerResult {
  return evaluateLayer(layer, { positional, keywords }, { shapes, isList: false });
}

function ok(r: LayerResult): { outputs: readonly Shape[]; trainable: number; nonTrainable: number } {
  assert.equal(r.kind, 'ok', JSON.stringify(r));
  if (r.kind !== 'ok') throw new Error('not ok');
  return { outputs: r.outputs, trainable: r.trainableParams, nonTrainable: r.nonTrainableParams };
}

test('the layers of other libraries are not names of keras.layers', () => {
  const keras = new Set(knownLayerNames());
  for (const names of Object.values(THIRD_PARTY_LAYERS)) {
    for (const name of names) if (name !== 'GroupNormalization') assert.ok(!keras.has(name), name);
  }
  assert.ok(keras.has('GroupNormalization'));
});

test('DropPath and SinePositionEncoding keep the shape and have no weights', () => {
  assert.deepEqual(ok(run('DropPath', [0.2], {}, [[null, 49, 96]])), { outputs: [[null, 49, 96]], trainable: 0, nonTrainable: 0 });
  assert.deepEqual(ok(run('SinePositionEncoding', [], {}, [[2, 5, 6]])), { outputs: [[2, 5, 6]], trainable: 0, nonTrainable: 0 });
});

test('TransformerEncoder counts its MultiHeadAttention, LayerNormalizations and Dense layers', () => {
  // key_dim 128 // 8 = 16: 4·(128·128 + 128) = 66,048; LN 512; 128·512 + 512 + 512·128 + 128 = 131,712.
  assert.deepEqual(ok(run('TransformerEncoder', [512, 8], {}, [[null, 64, 128]])), { outputs: [[null, 64, 128]], trainable: 198272, nonTrainable: 0 });
  const r = run('TransformerEncoder', [64, 8], {}, [[null, 10, 4]]);
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.match(r.message, /`key_dim` computed cannot be zero. The `hidden_dim` value of 4/);
  assert.equal(run('TransformerEncoder', [64, 2], {}, [[null, 10, null]]).kind, 'error');
  assert.equal(run('FNetEncoder', [64], {}, [[null, 10, null]]).kind, 'error');
  assert.equal(run('TransformerEncoder', [64, 2], { dropout: 1.5 }, [[null, 10, 8]]).kind, 'error');
});

test('TransformerDecoder adds a cross-attention only with an encoder sequence', () => {
  const alone = ok(run('TransformerDecoder', [64, 4], {}, [[null, 10, 32]]));
  assert.equal(alone.trainable, 8544);
  const crossed = ok(run('TransformerDecoder', [64, 4], {}, [[null, 10, 32], [null, 7, 16]]));
  assert.deepEqual(crossed.outputs, [[null, 10, 32]]);
  assert.equal(crossed.trainable, 8544 + 3264);
  const cached = evaluateLayer('TransformerDecoder', { positional: [64, 4], keywords: {} }, { shapes: [[null, 10, 32]], isList: false, tensorKeywords: { self_attention_cache: [[2, 2, 4, 10, 8]] } });
  assert.equal(cached.kind, 'unknown');
});

test('TokenAndPositionEmbedding: token table, its transpose when untied, position table', () => {
  assert.deepEqual(ok(run('TokenAndPositionEmbedding', [100, 8, 4], {}, [[null, 8]])), { outputs: [[null, 8, 4]], trainable: 432, nonTrainable: 0 });
  assert.equal(ok(run('TokenAndPositionEmbedding', [100, 8, 4, false], {}, [[null, 8]])).trainable, 832);
  const r = run('TokenAndPositionEmbedding', [null, 8, 4], {}, [[null, 8]]);
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.equal(r.message, '`vocabulary_size` must be an Integer, received `None`.');
});

test('PositionEmbedding and FNetEncoder', () => {
  assert.equal(ok(run('PositionEmbedding', [50], {}, [[null, 50, 16]])).trainable, 800);
  assert.equal(run('PositionEmbedding', [50], {}, [[null, 50, null]]).kind, 'error');
  assert.equal(ok(run('FNetEncoder', [64], {}, [[null, 10, 32]])).trainable, 4320);
});

test('InstanceNormalization: gamma and beta per channel, keywords only, a defined channel axis', () => {
  assert.deepEqual(ok(run('InstanceNormalization', [], {}, [[null, 8, 8, 3]])), { outputs: [[null, 8, 8, 3]], trainable: 6, nonTrainable: 0 });
  assert.equal(ok(run('InstanceNormalization', [], { axis: 1, scale: false }, [[null, 5, 8, 3]])).trainable, 5);
  assert.equal(run('InstanceNormalization', [-1], {}, [[null, 8]]).kind, 'error');
  assert.equal(run('InstanceNormalization', [], { axis: 0 }, [[null, 8]]).kind, 'error');
  const r = run('InstanceNormalization', [], {}, [[null, 8, null]]);
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.match(r.message, /^Axis -1 of input tensor should have a defined dimension/);
});

test('WeightNormalization: g per slice of the kernel’s last axis, the initialized flag, the frozen copy with data_init', () => {
  const dense = { kind: 'layer', className: 'Dense', args: { positional: [10], keywords: {} } } as const;
  // Dense 5 → 10: 60, g 10; non-trainable: initialized 1 + the copy's 60.
  assert.deepEqual(ok(run('WeightNormalization', [dense], {}, [[null, 5]])), { outputs: [[null, 10]], trainable: 70, nonTrainable: 61 });
  assert.deepEqual(ok(run('WeightNormalization', [dense], { data_init: false }, [[null, 5]])), { outputs: [[null, 10]], trainable: 70, nonTrainable: 1 });
  const embedding = { kind: 'layer', className: 'Embedding', args: { positional: [10, 4], keywords: {} } } as const;
  assert.equal(run('WeightNormalization', [embedding], {}, [[null, 5]]).kind, 'unknown');
});
