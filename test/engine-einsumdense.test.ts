// EinsumDense through the engine: output, kernel and bias shapes as Keras's
// _analyze_einsum_string computes them, including its quirks, and its errors.
//   'ab,bc->ac', output_shape=64, bias_axes='c' on (None, 32) → (None, 64), kernel (32, 64), bias (64,)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type PyValue, type Shape } from '../server/src/engine';

interface OkCase {
  name: string;
  args: Record<string, PyValue>;
  input: Shape;
  output: Shape;
  weights: [string, number[], boolean?][];
  trainable: number;
  nonTrainable?: number;
}

const ok: OkCase[] = [
  {
    name: 'plain dense: ab,bc->ac',
    args: { equation: 'ab,bc->ac', output_shape: 64, bias_axes: 'c' },
    input: [null, 32],
    output: [null, 64],
    weights: [['kernel', [32, 64]], ['bias', [64]]],
    trainable: 32 * 64 + 64,
  },
  {
    name: 'no bias_axes, no bias',
    args: { equation: 'ab,bc->ac', output_shape: [10] },
    input: [4, 7],
    output: [4, 10],
    weights: [['kernel', [7, 10]]],
    trainable: 70,
  },
  {
    name: 'left ellipsis on rank 3: ...b,bc->...c',
    args: { equation: '...b,bc->...c', output_shape: 64, bias_axes: 'c' },
    input: [null, 32, 128],
    output: [null, 32, 64],
    weights: [['kernel', [128, 64]], ['bias', [64]]],
    trainable: 128 * 64 + 64,
  },
  {
    // Keras inserts the ellipsis axes one by one at position 1, so they come out reversed.
    name: 'left ellipsis on rank 4 reverses the middle axes (Keras quirk)',
    args: { equation: '...b,bc->...c', output_shape: 8 },
    input: [null, 5, 7, 16],
    output: [null, 7, 5, 8],
    weights: [['kernel', [16, 8]]],
    trainable: 128,
  },
  {
    name: 'right ellipsis: ab...,bc->ac... appends the extra axes; bias gets trailing 1s',
    args: { equation: 'ab...,bc->ac...', output_shape: 10, bias_axes: 'c' },
    input: [null, 6, 3, 5],
    output: [null, 10, 3, 5],
    weights: [['kernel', [6, 10]], ['bias', [10, 1, 1]]],
    trainable: 60 + 10,
  },
  {
    // No ellipsis but a rank-3 input: Keras appends the unmatched axis instead of failing.
    name: 'ab,bc->ac on a rank-3 input keeps the extra last axis',
    args: { equation: 'ab,bc->ac', output_shape: 32, bias_axes: 'c' },
    input: [null, 10, 5],
    output: [null, 32, 5],
    weights: [['kernel', [10, 32]], ['bias', [32, 1]]],
    trainable: 320 + 32,
  },
  {
    name: 'sequence dense: abc,cd->abd with None in output_shape',
    args: { equation: 'abc,cd->abd', output_shape: [null, 64], bias_axes: 'd' },
    input: [null, 32, 128],
    output: [null, null, 64],
    weights: [['kernel', [128, 64]], ['bias', [64]]],
    trainable: 128 * 64 + 64,
  },
  {
    name: 'head projection: abc,cde->abde, bias over two axes',
    args: { equation: 'abc,cde->abde', output_shape: [10, 4, 8], bias_axes: 'de' },
    input: [null, 10, 32],
    output: [null, 10, 4, 8],
    weights: [['kernel', [32, 4, 8]], ['bias', [4, 8]]],
    trainable: 32 * 32 + 32,
  },
  {
    name: 'bias on an inner axis broadcasts over the later ones',
    args: { equation: 'abc,cde->abde', output_shape: [null, 4, 8], bias_axes: 'd' },
    input: [2, 10, 32],
    output: [2, null, 4, 8],
    weights: [['kernel', [32, 4, 8]], ['bias', [4, 1]]],
    trainable: 1024 + 4,
  },
  {
    name: 'contracting two axes: abc,bcd->ad',
    args: { equation: 'abc,bcd->ad', output_shape: 50 },
    input: [null, 6, 9],
    output: [null, 50],
    weights: [['kernel', [6, 9, 50]]],
    trainable: 2700,
  },
  {
    name: 'LoRA freezes the kernel and adds two factors',
    args: { equation: 'ab,bc->ac', output_shape: 16, lora_rank: 4 },
    input: [null, 8],
    output: [null, 16],
    weights: [
      ['kernel', [8, 16], false],
      ['lora_kernel_a', [8, 4]],
      ['lora_kernel_b', [4, 16]],
    ],
    trainable: 32 + 64,
    nonTrainable: 128,
  },
];

for (const c of ok) {
  test(`EinsumDense ${c.name}`, () => {
    const r = evaluateLayer('EinsumDense', { positional: [], keywords: c.args }, { shapes: [c.input], isList: false });
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [c.output]);
    assert.deepEqual(
      r.weights.map((w) => [w.name, w.shape]),
      c.weights.map(([n, s]) => [n, s]),
    );
    assert.deepEqual(
      r.weights.map((w) => w.trainable),
      c.weights.map(([, , t]) => t ?? true),
    );
    assert.equal(r.trainableParams, c.trainable);
    assert.equal(r.nonTrainableParams, c.nonTrainable ?? 0);
    assert.ok(r.explain.some((s) => s.label === 'kernel'));
  });
}

interface ErrCase {
  name: string;
  args: Record<string, PyValue>;
  input: Shape;
  code: string;
  phase: 'construct' | 'call';
  message: RegExp;
}

const errors: ErrCase[] = [
  {
    name: 'bias axis not in the output',
    args: { equation: 'ab,bc->ac', output_shape: 8, bias_axes: 'z' },
    input: [null, 4],
    code: 'invalid-argument',
    phase: 'call',
    message: /Bias dimension 'z' was requested, but is not part of the output spec 'ac'/,
  },
  {
    name: 'output_shape disagrees with the input on a shared axis',
    args: { equation: 'abc,cd->abd', output_shape: [64, 16] },
    input: [null, 32, 8],
    code: 'incompatible-input',
    phase: 'call',
    message: /do not match at shared dimension 'b'. Input shape is 32, and output shape is 64/,
  },
  {
    name: 'output letter from nowhere',
    args: { equation: 'ab,bc->ad', output_shape: 8 },
    input: [null, 4],
    code: 'invalid-argument',
    phase: 'call',
    message: /Dimension 'd' was specified in the output 'ad'/,
  },
  {
    name: 'kernel letter from nowhere',
    args: { equation: 'ab,bcx->ac', output_shape: 8 },
    input: [null, 4],
    code: 'invalid-argument',
    phase: 'call',
    message: /Weight dimension 'x' did not have a match/,
  },
  {
    name: 'input of lower rank than the equation',
    args: { equation: 'abcd,cde->abe', output_shape: [null, 8] },
    input: [null, 4, 4],
    code: 'incompatible-input',
    phase: 'call',
    message: /tuple index out of range/,
  },
  {
    name: 'malformed equation',
    args: { equation: 'ab->b', output_shape: 8 },
    input: [null, 4],
    code: 'invalid-argument',
    phase: 'call',
    message: /Invalid einsum equation 'ab->b'/,
  },
  {
    name: 'kernel from an unknown input axis',
    args: { equation: 'ab,bc->ac', output_shape: 8 },
    input: [null, null],
    code: 'undefined-dim',
    phase: 'call',
    message: /shape=\(None, 8\) for variable path='einsum_dense\/kernel'/,
  },
  {
    name: 'output_shape is required',
    args: { equation: 'ab,bc->ac' },
    input: [null, 4],
    code: 'invalid-argument',
    phase: 'construct',
    message: /missing 1 required positional argument: 'output_shape'/,
  },
  {
    name: 'unknown activation',
    args: { equation: 'ab,bc->ac', output_shape: 8, activation: 'relu7' },
    input: [null, 4],
    code: 'invalid-argument',
    phase: 'construct',
    message: /Could not interpret activation function identifier: relu7/,
  },
];

for (const c of errors) {
  test(`EinsumDense error: ${c.name}`, () => {
    const r = evaluateLayer('EinsumDense', { positional: [], keywords: c.args }, { shapes: [c.input], isList: false });
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind !== 'error') return;
    assert.equal(r.code, c.code);
    assert.equal(r.phase, c.phase);
    assert.match(r.message, c.message);
  });
}

test('EinsumDense takes equation and output_shape positionally', () => {
  const r = evaluateLayer('EinsumDense', { positional: ['ab,bc->ac', 12], keywords: {} }, { shapes: [[3, 5]], isList: false });
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') assert.deepEqual(r.outputs, [[3, 12]]);
});
