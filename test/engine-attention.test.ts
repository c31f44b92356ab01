// The attention layers through the engine: output shapes, weights in Keras's
// order and their param counts, attention scores, and Keras's errors.
//   MultiHeadAttention(num_heads=4, key_dim=16)(q (None, 10, 64), v (None, 10, 64))
//   → (None, 10, 64), 4 · (64·4·16 + 4·16) adjusted for the output layer = 16,640 params.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerInput, type PyValue, type Shape } from '../server/src/engine';

interface OkCase {
  name: string;
  layer: string;
  args: Record<string, PyValue>;
  input: LayerInput;
  outputs: Shape[];
  weights: [string, number[]][];
  trainable: number;
}

const call = (...shapes: Shape[]): LayerInput => ({ shapes, isList: false });
const callScores = (...shapes: Shape[]): LayerInput => ({ shapes, isList: false, callKeywords: { return_attention_scores: true } });
const list = (...shapes: Shape[]): LayerInput => ({ shapes, isList: true });
const listScores = (...shapes: Shape[]): LayerInput => ({ shapes, isList: true, callKeywords: { return_attention_scores: true } });

const ok: OkCase[] = [
  {
    name: 'MHA self-attention param count',
    layer: 'MultiHeadAttention',
    args: { num_heads: 4, key_dim: 16 },
    input: call([null, 10, 64], [null, 10, 64]),
    outputs: [[null, 10, 64]],
    weights: [
      ['query/kernel', [64, 4, 16]],
      ['query/bias', [4, 16]],
      ['key/kernel', [64, 4, 16]],
      ['key/bias', [4, 16]],
      ['value/kernel', [64, 4, 16]],
      ['value/bias', [4, 16]],
      ['attention_output/kernel', [4, 16, 64]],
      ['attention_output/bias', [64]],
    ],
    trainable: 3 * (64 * 64 + 64) + (64 * 64 + 64),
  },
  {
    // The output keeps the query's shape: the value's length and width never show up in it.
    name: 'MHA cross-attention with a different value width and value_dim',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8, value_dim: 32 },
    input: call([null, 5, 16], [null, 7, 24]),
    outputs: [[null, 5, 16]],
    weights: [
      ['query/kernel', [16, 2, 8]],
      ['query/bias', [2, 8]],
      ['key/kernel', [24, 2, 8]],
      ['key/bias', [2, 8]],
      ['value/kernel', [24, 2, 32]],
      ['value/bias', [2, 32]],
      ['attention_output/kernel', [2, 32, 16]],
      ['attention_output/bias', [16]],
    ],
    trainable: 272 + 400 + 1600 + 1040,
  },
  {
    name: 'MHA with a separate key of another width',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8, use_bias: false },
    input: call([null, 5, 16], [null, 7, 24], [null, 7, 12]),
    outputs: [[null, 5, 16]],
    weights: [
      ['query/kernel', [16, 2, 8]],
      ['key/kernel', [12, 2, 8]],
      ['value/kernel', [24, 2, 8]],
      ['attention_output/kernel', [2, 8, 16]],
    ],
    trainable: 256 + 192 + 384 + 256,
  },
  {
    // Keras reports the scores as (batch, heads, Tq, Tq) symbolically, whatever the key length.
    name: 'MHA return_attention_scores and output_shape',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8, output_shape: 32 },
    input: callScores([null, 5, 16], [null, 7, 16]),
    outputs: [
      [null, 5, 32],
      [null, 2, 5, 5],
    ],
    weights: [
      ['query/kernel', [16, 2, 8]],
      ['query/bias', [2, 8]],
      ['key/kernel', [16, 2, 8]],
      ['key/bias', [2, 8]],
      ['value/kernel', [16, 2, 8]],
      ['value/bias', [2, 8]],
      ['attention_output/kernel', [2, 8, 32]],
      ['attention_output/bias', [32]],
    ],
    trainable: 3 * (256 + 16) + 512 + 32,
  },
  {
    name: 'MHA gate sits between key and value',
    layer: 'MultiHeadAttention',
    args: { num_heads: 1, key_dim: 4, value_dim: 2, use_gate: true, use_bias: false },
    input: call([null, 3, 6], [null, 3, 6]),
    outputs: [[null, 3, 6]],
    weights: [
      ['query/kernel', [6, 1, 4]],
      ['key/kernel', [6, 1, 4]],
      ['gate/kernel', [6, 1, 2]],
      ['value/kernel', [6, 1, 2]],
      ['attention_output/kernel', [1, 2, 6]],
    ],
    trainable: 24 + 24 + 12 + 12 + 12,
  },
  {
    name: 'MHA over two attention axes of a rank-4 input',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 4, attention_axes: [1, 2] },
    input: call([null, 4, 4, 8], [null, 4, 4, 8]),
    outputs: [[null, 4, 4, 8]],
    weights: [
      ['query/kernel', [8, 2, 4]],
      ['query/bias', [2, 4]],
      ['key/kernel', [8, 2, 4]],
      ['key/bias', [2, 4]],
      ['value/kernel', [8, 2, 4]],
      ['value/bias', [2, 4]],
      ['attention_output/kernel', [2, 4, 8]],
      ['attention_output/bias', [8]],
    ],
    trainable: 4 * (64 + 8),
  },
  {
    name: 'GQA: key/value heads are fewer than query heads',
    layer: 'GroupQueryAttention',
    args: { head_dim: 16, num_query_heads: 8, num_key_value_heads: 2 },
    input: callScores([null, 10, 64], [null, 12, 64]),
    outputs: [
      [null, 10, 64],
      [null, 8, 10, 12],
    ],
    weights: [
      ['query/kernel', [64, 8, 16]],
      ['query/bias', [8, 16]],
      ['key/kernel', [64, 2, 16]],
      ['key/bias', [2, 16]],
      ['value/kernel', [64, 2, 16]],
      ['value/bias', [2, 16]],
      ['attention_output/kernel', [8, 16, 64]],
      ['attention_output/bias', [64]],
    ],
    trainable: 8320 + 2080 + 2080 + 8256,
  },
  {
    name: 'Attention dot: no weights; output takes the value width',
    layer: 'Attention',
    args: {},
    input: listScores([null, 10, 32], [null, 20, 32]),
    outputs: [
      [null, 10, 32],
      [null, 10, 20],
    ],
    weights: [],
    trainable: 0,
  },
  {
    name: 'Attention concat with scale: two scalar weights',
    layer: 'Attention',
    args: { use_scale: true, score_mode: 'concat' },
    input: list([2, 10, 32], [2, 20, 32], [2, 20, 32]),
    outputs: [[2, 10, 32]],
    weights: [
      ['scale', []],
      ['concat_score_weight', []],
    ],
    trainable: 2,
  },
  {
    name: 'AdditiveAttention: one scale per query feature',
    layer: 'AdditiveAttention',
    args: {},
    input: list([null, 10, 48], [null, 20, 48]),
    outputs: [[null, 10, 48]],
    weights: [['scale', [48]]],
    trainable: 48,
  },
  {
    name: 'AdditiveAttention accepts score_mode but adds no weight for it',
    layer: 'AdditiveAttention',
    args: { use_scale: false, score_mode: 'concat' },
    input: list([null, 10, 48], [null, 20, 48]),
    outputs: [[null, 10, 48]],
    weights: [],
    trainable: 0,
  },
];

for (const c of ok) {
  test(c.name, () => {
    const r = evaluateLayer(c.layer, { positional: [], keywords: c.args }, c.input);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, c.outputs);
    assert.equal(r.multiple, c.outputs.length > 1);
    assert.deepEqual(
      r.weights.map((w) => [w.name, w.shape]),
      c.weights,
    );
    assert.equal(r.trainableParams, c.trainable);
    assert.equal(r.nonTrainableParams, 0);
  });
}

test('MHA explains the query projection with the user numbers', () => {
  const r = evaluateLayer('MultiHeadAttention', { positional: [4, 16], keywords: {} }, call([null, 10, 64], [null, 10, 64]));
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  const q = r.explain.find((s) => s.label === 'query');
  assert.equal(q?.text, 'query (None, 10, 64) projected to (10, num_heads=4, key_dim=16); kernel (64, 4, 16)');
});

interface ErrCase {
  name: string;
  layer: string;
  args: Record<string, PyValue>;
  input: LayerInput;
  phase: 'construct' | 'call';
  message: RegExp;
}

const errors: ErrCase[] = [
  {
    name: 'MHA without a value',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8 },
    input: call([null, 5, 16]),
    phase: 'call',
    message: /missing a required argument: 'value'/,
  },
  {
    name: 'MHA called on a list (the Attention calling convention)',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8 },
    input: list([null, 5, 16], [null, 5, 16]),
    phase: 'call',
    message: /missing a required argument: 'value'/,
  },
  {
    name: 'MHA key and value of different lengths',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8 },
    input: call([null, 5, 16], [null, 7, 16], [null, 9, 16]),
    phase: 'call',
    message: /All dimensions of `value` and `key`, except the last one, must be equal. Received: value_shape=\(None, 7, 16\) and key_shape=\(None, 9, 16\)/,
  },
  {
    name: 'MHA num_heads=0',
    layer: 'MultiHeadAttention',
    args: { num_heads: 0, key_dim: 8 },
    input: call([null, 5, 16], [null, 5, 16]),
    phase: 'construct',
    message: /`num_heads`, expected a positive integer. Received: num_heads=0/,
  },
  {
    name: 'MHA value_dim=-1',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8, value_dim: -1 },
    input: call([null, 5, 16], [null, 5, 16]),
    phase: 'construct',
    message: /expected a positive integer or `None`/,
  },
  {
    name: 'MHA query with an unknown width',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8 },
    input: call([null, 5, null], [null, 5, 16]),
    phase: 'call',
    message: /shape=\(None, 2, 8\) for variable path='multi_head_attention\/query\/kernel'/,
  },
  {
    name: 'MHA attention axis beyond the projected rank',
    layer: 'MultiHeadAttention',
    args: { num_heads: 2, key_dim: 8, attention_axes: 4 },
    input: call([null, 5, 16], [null, 5, 16]),
    phase: 'call',
    message: /index 4 is out of bounds for axis 0 with size 4/,
  },
  {
    name: 'GQA heads not divisible',
    layer: 'GroupQueryAttention',
    args: { head_dim: 8, num_query_heads: 6, num_key_value_heads: 4 },
    input: call([null, 5, 16], [null, 5, 16]),
    phase: 'construct',
    message: /`num_query_heads` must be divisible by `num_key_value_heads`/,
  },
  {
    name: 'GQA query and value of different widths',
    layer: 'GroupQueryAttention',
    args: { head_dim: 8, num_query_heads: 4, num_key_value_heads: 2 },
    input: call([null, 5, 16], [null, 5, 24]),
    phase: 'call',
    message: /The last dimension of `query_shape` and `value_shape` must be equal, but are 16, 24/,
  },
  {
    name: 'GQA on a rank-2 value',
    layer: 'GroupQueryAttention',
    args: { head_dim: 8, num_query_heads: 4, num_key_value_heads: 2 },
    input: call([null, 5, 16], [null, 16]),
    phase: 'call',
    message: /tuple index out of range/,
  },
  {
    name: 'Attention called on one tensor',
    layer: 'Attention',
    args: {},
    input: call([null, 10, 32]),
    phase: 'call',
    message: /Attention layer must be called on a list of inputs/,
  },
  {
    name: 'Attention on four tensors',
    layer: 'Attention',
    args: {},
    input: list([null, 10, 32], [null, 10, 32], [null, 10, 32], [null, 10, 32]),
    phase: 'call',
    message: /accepts inputs list of length 2 or 3, .* Received length: 4\./,
  },
  {
    name: "Attention score_mode is case-sensitive ('Dot')",
    layer: 'Attention',
    args: { score_mode: 'Dot' },
    input: list([null, 10, 32], [null, 10, 32]),
    phase: 'construct',
    message: /Expected one of \{'dot', 'concat'\}. Received: score_mode=Dot/,
  },
  {
    name: 'AdditiveAttention scale over an unknown width',
    layer: 'AdditiveAttention',
    args: {},
    input: list([null, 10, null], [null, 10, 32]),
    phase: 'call',
    message: /variable path='additive_attention\/scale'/,
  },
];

for (const c of errors) {
  test(`error: ${c.name}`, () => {
    const r = evaluateLayer(c.layer, { positional: [], keywords: c.args }, c.input);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind !== 'error') return;
    assert.equal(r.phase, c.phase);
    assert.match(r.message, c.message);
  });
}
