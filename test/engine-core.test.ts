// Dense and Embedding against Keras 3's arithmetic: output shapes, param
// counts, weight order (LoRA included) and the constructor/build errors.
//   Dense(5) on (None, 2, 3, 1) → (None, 2, 3, 5), 1·5 + 5 = 10 params.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape, positional: PyValue[] = []): LayerResult {
  return evaluateLayer(layer, { positional, keywords }, { shapes: [shape], isList: false });
}

interface OkCase {
  name: string;
  layer: string;
  positional?: PyValue[];
  keywords?: Record<string, PyValue>;
  input: Shape;
  output: Shape;
  trainable: number;
  nonTrainable?: number;
  weights: [string, number[]][];
}

const okCases: OkCase[] = [
  // The classic confusion: Dense on a rank-4 tensor only touches the last axis.
  { name: 'Dense on rank 4 acts on the last axis', layer: 'Dense', positional: [5], input: [null, 2, 3, 1], output: [null, 2, 3, 5], trainable: 10, weights: [['kernel', [1, 5]], ['bias', [5]]] },
  { name: 'Dense plain', layer: 'Dense', keywords: { units: 10 }, input: [null, 784], output: [null, 10], trainable: 7850, weights: [['kernel', [784, 10]], ['bias', [10]]] },
  { name: 'Dense without bias', layer: 'Dense', keywords: { units: 3, use_bias: false }, input: [8, 4], output: [8, 3], trainable: 12, weights: [['kernel', [4, 3]]] },
  { name: 'Dense keeps unknown middle dims', layer: 'Dense', keywords: { units: 7 }, input: [null, null, 6], output: [null, null, 7], trainable: 49, weights: [['kernel', [6, 7]], ['bias', [7]]] },
  // LoRA freezes the kernel; the two factors are trainable and come after the bias.
  {
    name: 'Dense with lora_rank',
    layer: 'Dense',
    keywords: { units: 6, lora_rank: 2 },
    input: [null, 10],
    output: [null, 6],
    trainable: 6 + 10 * 2 + 2 * 6,
    nonTrainable: 60,
    weights: [['kernel', [10, 6]], ['bias', [6]], ['lora_kernel_a', [10, 2]], ['lora_kernel_b', [2, 6]]],
  },
  { name: 'Embedding 2-D ids', layer: 'Embedding', positional: [1000, 64], input: [null, 10], output: [null, 10, 64], trainable: 64000, weights: [['embeddings', [1000, 64]]] },
  { name: 'Embedding appends an axis to any rank', layer: 'Embedding', keywords: { input_dim: 20, output_dim: 4 }, input: [null, 3, 5], output: [null, 3, 5, 4], trainable: 80, weights: [['embeddings', [20, 4]]] },
  { name: 'Embedding legacy input_length', layer: 'Embedding', keywords: { input_dim: 300, output_dim: 8, input_length: 12 }, input: [null, 12], output: [null, 12, 8], trainable: 2400, weights: [['embeddings', [300, 8]]] },
  { name: 'Embedding mask_zero', layer: 'Embedding', keywords: { input_dim: 50, output_dim: 2, mask_zero: true }, input: [4, null], output: [4, null, 2], trainable: 100, weights: [['embeddings', [50, 2]]] },
  {
    name: 'Embedding with lora_rank',
    layer: 'Embedding',
    keywords: { input_dim: 100, output_dim: 16, lora_rank: 4 },
    input: [null, 7],
    output: [null, 7, 16],
    trainable: 100 * 4 + 4 * 16,
    nonTrainable: 1600,
    weights: [['embeddings', [100, 16]], ['lora_embeddings_a', [100, 4]], ['lora_embeddings_b', [4, 16]]],
  },
];

for (const c of okCases) {
  test(c.name, () => {
    const r = run(c.layer, c.keywords ?? {}, c.input, c.positional);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [c.output]);
    assert.equal(r.trainableParams, c.trainable);
    assert.equal(r.nonTrainableParams, c.nonTrainable ?? 0);
    assert.deepEqual(
      r.weights.map((w) => [w.name, w.shape]),
      c.weights,
    );
  });
}

interface ErrCase {
  name: string;
  layer: string;
  keywords: Record<string, PyValue>;
  input: Shape;
  message: RegExp;
  phase: 'construct' | 'call';
}

const errCases: ErrCase[] = [
  { name: 'Dense units 0', layer: 'Dense', keywords: { units: 0 }, input: [null, 4], message: /expected a positive integer. Received: units=0/, phase: 'construct' },
  { name: 'Dense on rank 1', layer: 'Dense', keywords: { units: 4 }, input: [null], message: /expected min_ndim=2, found ndim=1/, phase: 'call' },
  { name: 'Dense unknown last dim', layer: 'Dense', keywords: { units: 4 }, input: [null, 3, null], message: /fully-defined.*shape=\(None, 4\) for variable path='dense\/kernel'/, phase: 'call' },
  { name: 'Dense bad activation', layer: 'Dense', keywords: { units: 4, activation: 'rleu' }, input: [null, 3], message: /Could not interpret activation function identifier: rleu/, phase: 'construct' },
  { name: 'Dense bad initializer', layer: 'Dense', keywords: { units: 4, kernel_initializer: 'glorot' }, input: [null, 3], message: /Could not interpret initializer identifier: glorot/, phase: 'construct' },
  { name: 'Dense lora with kernel constraint', layer: 'Dense', keywords: { units: 4, lora_rank: 2, kernel_constraint: 'max_norm' }, input: [null, 3], message: /Lora is incompatible with kernel constraints/, phase: 'call' },
  { name: 'Embedding input_dim 0', layer: 'Embedding', keywords: { input_dim: 0, output_dim: 3 }, input: [null, 3], message: /`input_dim` must be a positive integer. Received: input_dim=0 \(of type int\)\./, phase: 'construct' },
  { name: 'Embedding float output_dim', layer: 'Embedding', keywords: { input_dim: 10, output_dim: 2.5 }, input: [null, 3], message: /output_dim=2.5 \(of type float\)/, phase: 'construct' },
  { name: 'Embedding missing output_dim', layer: 'Embedding', keywords: { input_dim: 10 }, input: [null, 3], message: /missing 1 required positional argument: 'output_dim'/, phase: 'construct' },
  { name: 'Embedding bad initializer', layer: 'Embedding', keywords: { input_dim: 10, output_dim: 2, embeddings_initializer: 'gaussian' }, input: [null, 3], message: /Could not interpret initializer identifier: gaussian/, phase: 'construct' },
];

for (const c of errCases) {
  test(c.name, () => {
    const r = run(c.layer, c.keywords, c.input);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind !== 'error') return;
    assert.match(r.message, c.message);
    assert.equal(r.phase, c.phase);
  });
}

test('Dense explains the last-axis rule with the user numbers', () => {
  const r = run('Dense', { units: 5 }, [null, 2, 3, 1]);
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  const text = r.explain.map((s) => `${s.label}: ${s.text}`).join('\n');
  assert.match(text, /last axis only: \(None, 2, 3, 1\) → \(None, 2, 3, 5\)/);
  assert.match(text, /params: 1·5 \+ 5 = 10/);
});

test('unknown units makes the result unknown, not an error', () => {
  const r = run('Dense', { units: { kind: 'unknown' } }, [null, 3]);
  assert.equal(r.kind, 'unknown');
});
