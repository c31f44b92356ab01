// Convolution layers through the engine: tables of our own cases, each worked
// out from Keras's arithmetic (e.g. Conv2D(24, (8, 8), strides=2) on
// (None, 128, 128, 3): floor((128 − 8) / 2) + 1 = 61, 8·8·3·24 + 24 = 4,632),
// plus the confusions users hit most and the errors Keras raises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';
import { convOutputLength, convTransposeOutputLength } from '../server/src/engine/convArithmetic';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape, positional: PyValue[] = []): LayerResult {
  return evaluateLayer(layer, { positional, keywords }, { shapes: [shape], isList: false });
}

interface OkCase {
  readonly name: string;
  readonly layer: string;
  readonly positional?: PyValue[];
  readonly args: Record<string, PyValue>;
  readonly input: Shape;
  readonly output: Shape;
  readonly trainable: number;
  readonly nonTrainable?: number;
  readonly weights: [string, number[]][];
}

const okCases: OkCase[] = [
  {
    name: 'the classic: Conv2D(24, (8, 8), strides=2) on 128×128×3',
    layer: 'Conv2D',
    args: { filters: 24, kernel_size: [8, 8], strides: 2 },
    input: [null, 128, 128, 3],
    output: [null, 61, 61, 24],
    trainable: 4632,
    weights: [['kernel', [8, 8, 3, 24]], ['bias', [24]]],
  },
  {
    name: 'Conv1D on (steps=600, channels=300)',
    layer: 'Conv1D',
    args: { filters: 64, kernel_size: 3 },
    input: [null, 600, 300],
    output: [null, 598, 64],
    trainable: 3 * 300 * 64 + 64,
    weights: [['kernel', [3, 300, 64]], ['bias', [64]]],
  },
  {
    name: 'Conv1D on the transposed data (steps=300, channels=600): a different layer entirely',
    layer: 'Conv1D',
    args: { filters: 64, kernel_size: 3 },
    input: [null, 300, 600],
    output: [null, 298, 64],
    trainable: 3 * 600 * 64 + 64,
    weights: [['kernel', [3, 600, 64]], ['bias', [64]]],
  },
  {
    name: 'Conv1D channels_first reads (None, 300, 600) as 300 channels of 600 steps',
    layer: 'Conv1D',
    args: { filters: 64, kernel_size: 3, data_format: 'channels_first' },
    input: [null, 300, 600],
    output: [null, 64, 598],
    trainable: 3 * 300 * 64 + 64,
    weights: [['kernel', [3, 300, 64]], ['bias', [64]]],
  },
  {
    name: 'Conv2D(64, (3, 300)) on (600, 300, 1): same weights as Conv1D(64, 3) on (600, 300)',
    layer: 'Conv2D',
    args: { filters: 64, kernel_size: [3, 300] },
    input: [null, 600, 300, 1],
    output: [null, 598, 1, 64],
    trainable: 3 * 300 * 64 + 64,
    weights: [['kernel', [3, 300, 1, 64]], ['bias', [64]]],
  },
  {
    name: 'same padding with stride 2 rounds up',
    layer: 'Conv2D',
    args: { filters: 32, kernel_size: 3, padding: 'same', strides: 2 },
    input: [null, 31, 31, 3],
    output: [null, 16, 16, 32],
    trainable: 896,
    weights: [['kernel', [3, 3, 3, 32]], ['bias', [32]]],
  },
  {
    name: 'dilation 2 makes a 3×3 kernel span 5',
    layer: 'Conv2D',
    args: { filters: 16, kernel_size: 3, dilation_rate: 2 },
    input: [null, 28, 28, 1],
    output: [null, 24, 24, 16],
    trainable: 160,
    weights: [['kernel', [3, 3, 1, 16]], ['bias', [16]]],
  },
  {
    name: 'channels_first with a rectangular kernel',
    layer: 'Conv2D',
    args: { filters: 16, kernel_size: [3, 5], data_format: 'channels_first' },
    input: [null, 3, 32, 40],
    output: [null, 16, 30, 36],
    trainable: 736,
    weights: [['kernel', [3, 5, 3, 16]], ['bias', [16]]],
  },
  {
    name: 'groups=4 gives each filter 32 / 4 = 8 input channels',
    layer: 'Conv2D',
    args: { filters: 64, kernel_size: 3, groups: 4 },
    input: [null, 10, 10, 32],
    output: [null, 8, 8, 64],
    trainable: 3 * 3 * 8 * 64 + 64,
    weights: [['kernel', [3, 3, 8, 64]], ['bias', [64]]],
  },
  {
    name: 'unknown spatial dims stay None',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3 },
    input: [null, null, null, 3],
    output: [null, null, null, 8],
    trainable: 224,
    weights: [['kernel', [3, 3, 3, 8]], ['bias', [8]]],
  },
  {
    name: 'concrete batch, no bias',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3, use_bias: false },
    input: [4, 9, 9, 2],
    output: [4, 7, 7, 8],
    trainable: 144,
    weights: [['kernel', [3, 3, 2, 8]]],
  },
  {
    name: 'positional arguments: Conv2D(8, 3, 2, "same")',
    layer: 'Conv2D',
    positional: [8, 3, 2, 'same'],
    args: {},
    input: [null, 9, 9, 1],
    output: [null, 5, 5, 8],
    trainable: 80,
    weights: [['kernel', [3, 3, 1, 8]], ['bias', [8]]],
  },
  {
    name: 'Conv3D',
    layer: 'Conv3D',
    args: { filters: 8, kernel_size: 3 },
    input: [null, 10, 12, 14, 2],
    output: [null, 8, 10, 12, 8],
    trainable: 440,
    weights: [['kernel', [3, 3, 3, 2, 8]], ['bias', [8]]],
  },
  {
    name: 'causal Conv1D keeps the length',
    layer: 'Conv1D',
    args: { filters: 8, kernel_size: 3, padding: 'causal', dilation_rate: 2 },
    input: [null, 50, 4],
    output: [null, 50, 8],
    trainable: 104,
    weights: [['kernel', [3, 4, 8]], ['bias', [8]]],
  },
  {
    name: 'Conv1D valid on exactly kernel-size steps gives length 1',
    layer: 'Conv1D',
    args: { filters: 4, kernel_size: 5 },
    input: [null, 5, 1],
    output: [null, 1, 4],
    trainable: 24,
    weights: [['kernel', [5, 1, 4]], ['bias', [4]]],
  },
  {
    name: 'LoRA freezes the kernel and adds two trainable factors',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3, lora_rank: 4 },
    input: [null, 28, 28, 2],
    output: [null, 26, 26, 8],
    trainable: 8 + 72 + 32,
    nonTrainable: 144,
    weights: [['kernel', [3, 3, 2, 8]], ['bias', [8]], ['lora_kernel_a', [3, 3, 2, 4]], ['lora_kernel_b', [4, 8]]],
  },
  {
    name: 'Conv1DTranspose valid: (10 − 1)·2 + 3 = 21',
    layer: 'Conv1DTranspose',
    args: { filters: 16, kernel_size: 3, strides: 2 },
    input: [null, 10, 8],
    output: [null, 21, 16],
    trainable: 3 * 16 * 8 + 16,
    weights: [['kernel', [3, 16, 8]], ['bias', [16]]],
  },
  {
    name: 'Conv1DTranspose same: 10·2 = 20',
    layer: 'Conv1DTranspose',
    args: { filters: 16, kernel_size: 3, strides: 2, padding: 'same' },
    input: [null, 10, 8],
    output: [null, 20, 16],
    trainable: 400,
    weights: [['kernel', [3, 16, 8]], ['bias', [16]]],
  },
  {
    name: 'Conv1DTranspose valid + output_padding=1: (10 − 1)·2 + 3 + 1 = 22',
    layer: 'Conv1DTranspose',
    args: { filters: 16, kernel_size: 3, strides: 2, output_padding: 1 },
    input: [null, 10, 8],
    output: [null, 22, 16],
    trainable: 400,
    weights: [['kernel', [3, 16, 8]], ['bias', [16]]],
  },
  {
    name: 'Conv1DTranspose same + output_padding=1: (10 − 1)·2 + 3 mod 2 + 1 = 20',
    layer: 'Conv1DTranspose',
    args: { filters: 16, kernel_size: 3, strides: 2, padding: 'same', output_padding: 1 },
    input: [null, 10, 8],
    output: [null, 20, 16],
    trainable: 400,
    weights: [['kernel', [3, 16, 8]], ['bias', [16]]],
  },
  {
    name: 'Conv2DTranspose same doubles',
    layer: 'Conv2DTranspose',
    args: { filters: 8, kernel_size: 3, strides: 2, padding: 'same' },
    input: [null, 7, 7, 16],
    output: [null, 14, 14, 8],
    trainable: 1160,
    weights: [['kernel', [3, 3, 8, 16]], ['bias', [8]]],
  },
  {
    name: 'Conv2DTranspose valid with stride > kernel: (10 − 1)·3 + max(2, 3) = 30',
    layer: 'Conv2DTranspose',
    args: { filters: 8, kernel_size: 2, strides: 3 },
    input: [null, 10, 10, 4],
    output: [null, 30, 30, 8],
    trainable: 136,
    weights: [['kernel', [2, 2, 8, 4]], ['bias', [8]]],
  },
  {
    name: 'Conv2DTranspose with dilation: kernel spans 5, (10 − 1) + 5 = 14',
    layer: 'Conv2DTranspose',
    args: { filters: 2, kernel_size: 3, dilation_rate: 2 },
    input: [null, 10, 10, 3],
    output: [null, 14, 14, 2],
    trainable: 3 * 3 * 2 * 3 + 2,
    weights: [['kernel', [3, 3, 2, 3]], ['bias', [2]]],
  },
  {
    name: 'Conv2DTranspose positional output_padding comes before data_format',
    layer: 'Conv2DTranspose',
    positional: [4, 3, 2, 'valid', 1],
    args: {},
    input: [null, 10, 10, 3],
    output: [null, 22, 22, 4],
    trainable: 3 * 3 * 4 * 3 + 4,
    weights: [['kernel', [3, 3, 4, 3]], ['bias', [4]]],
  },
  {
    name: 'Conv3DTranspose positional data_format comes before output_padding',
    layer: 'Conv3DTranspose',
    positional: [4, 3, 2, 'valid', 'channels_first', 1],
    args: {},
    input: [null, 2, 5, 5, 5],
    output: [null, 4, 12, 12, 12],
    trainable: 27 * 4 * 2 + 4,
    weights: [['kernel', [3, 3, 3, 4, 2]], ['bias', [4]]],
  },
  {
    name: 'DepthwiseConv2D multiplies channels, never mixes them',
    layer: 'DepthwiseConv2D',
    args: { kernel_size: 3, depth_multiplier: 2 },
    input: [null, 32, 32, 16],
    output: [null, 30, 30, 32],
    trainable: 3 * 3 * 16 * 2 + 32,
    weights: [['kernel', [3, 3, 16, 2]], ['bias', [32]]],
  },
  {
    name: 'DepthwiseConv1D same with stride 2',
    layer: 'DepthwiseConv1D',
    args: { kernel_size: 5, strides: 2, padding: 'same' },
    input: [null, 21, 6],
    output: [null, 11, 6],
    trainable: 36,
    weights: [['kernel', [5, 6, 1]], ['bias', [6]]],
  },
  {
    name: 'SeparableConv2D: depthwise then pointwise',
    layer: 'SeparableConv2D',
    args: { filters: 64, kernel_size: 3, padding: 'same' },
    input: [null, 32, 32, 32],
    output: [null, 32, 32, 64],
    trainable: 288 + 2048 + 64,
    weights: [['depthwise_kernel', [3, 3, 32, 1]], ['pointwise_kernel', [1, 1, 32, 64]], ['bias', [64]]],
  },
  {
    name: 'SeparableConv1D channels_first with depth_multiplier',
    layer: 'SeparableConv1D',
    args: { filters: 16, kernel_size: 3, depth_multiplier: 2, data_format: 'channels_first' },
    input: [null, 8, 20],
    output: [null, 16, 18],
    trainable: 48 + 256 + 16,
    weights: [['depthwise_kernel', [3, 8, 2]], ['pointwise_kernel', [1, 16, 16]], ['bias', [16]]],
  },
  {
    name: 'alias Convolution2D',
    layer: 'Convolution2D',
    args: { filters: 24, kernel_size: 8, strides: 2 },
    input: [null, 128, 128, 3],
    output: [null, 61, 61, 24],
    trainable: 4632,
    weights: [['kernel', [8, 8, 3, 24]], ['bias', [24]]],
  },
  {
    name: 'alias Convolution1DTranspose',
    layer: 'Convolution1DTranspose',
    args: { filters: 16, kernel_size: 3, strides: 2 },
    input: [null, 10, 8],
    output: [null, 21, 16],
    trainable: 400,
    weights: [['kernel', [3, 16, 8]], ['bias', [16]]],
  },
  {
    name: 'alias SeparableConvolution1D',
    layer: 'SeparableConvolution1D',
    args: { filters: 4, kernel_size: 2 },
    input: [null, 10, 3],
    output: [null, 9, 4],
    trainable: 6 + 12 + 4,
    weights: [['depthwise_kernel', [2, 3, 1]], ['pointwise_kernel', [1, 3, 4]], ['bias', [4]]],
  },
];

for (const c of okCases) {
  test(`conv ok: ${c.name}`, () => {
    const r = run(c.layer, c.args, c.input, c.positional);
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

test('Conv1D(64, 3) on (600, 300) and Conv2D(64, (3, 300)) on (600, 300, 1) have the same params', () => {
  const a = run('Conv1D', { filters: 64, kernel_size: 3 }, [null, 600, 300]);
  const b = run('Conv2D', { filters: 64, kernel_size: [3, 300] }, [null, 600, 300, 1]);
  assert.ok(a.kind === 'ok' && b.kind === 'ok');
  assert.equal(a.trainableParams, b.trainableParams);
  assert.equal(a.trainableParams, 57664);
  // Same steps and filters; Conv2D only keeps the collapsed width axis of 1.
  assert.deepEqual(a.outputs[0], [null, 598, 64]);
  assert.deepEqual(b.outputs[0], [null, 598, 1, 64]);
});

interface ErrCase {
  readonly name: string;
  readonly layer: string;
  readonly args: Record<string, PyValue>;
  readonly input: Shape;
  readonly code: string;
  readonly phase: 'construct' | 'call';
  readonly message: RegExp;
}

const errCases: ErrCase[] = [
  {
    name: 'kernel larger than the input',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 30 },
    input: [null, 28, 28, 1],
    code: 'negative-dim',
    phase: 'call',
    message: /^Computed output size would be zero or negative\. Received `inputs shape=\(None, 28, 28, 1\)`, `kernel shape=\(30, 30, 1, 8\)`, `dilation_rate=\[1 1\]`, `strides=\(1, 1\)`, `padding=valid`/,
  },
  {
    name: 'Conv1D one step short of its kernel',
    layer: 'Conv1D',
    args: { filters: 4, kernel_size: 5 },
    input: [null, 4, 1],
    code: 'negative-dim',
    phase: 'call',
    message: /zero or negative/,
  },
  {
    name: 'dilation makes the kernel too large',
    layer: 'Conv1D',
    args: { filters: 4, kernel_size: 3, dilation_rate: 5 },
    input: [null, 10, 1],
    code: 'negative-dim',
    phase: 'call',
    message: /dilation_rate=\[5\]/,
  },
  {
    name: 'Conv2D on a rank-3 input',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3 },
    input: [null, 28, 28],
    code: 'incompatible-input',
    phase: 'call',
    message: /expected min_ndim=4, found ndim=3\. Full shape received: \(None, 28, 28\)/,
  },
  {
    name: 'Conv1D on a rank-4 input',
    layer: 'Conv1D',
    args: { filters: 32, kernel_size: 3 },
    input: [4, 7, 10, 128],
    code: 'incompatible-input',
    phase: 'call',
    message: /^Kernel shape must have the same length as input, but received kernel of shape \(3, 128, 32\) and input of shape \(4, 7, 10, 128\)\./,
  },
  {
    name: 'Conv2DTranspose on a rank-5 input',
    layer: 'Conv2DTranspose',
    args: { filters: 8, kernel_size: 3 },
    input: [null, 4, 8, 8, 3],
    code: 'incompatible-input',
    phase: 'call',
    message: /rank-4 input/,
  },
  {
    name: 'unknown channel axis',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3 },
    input: [null, 28, 28, null],
    code: 'undefined-dim',
    phase: 'call',
    message: /channel axis/,
  },
  {
    name: 'unknown channel axis, transpose (kernel cannot be built)',
    layer: 'Conv2DTranspose',
    args: { filters: 8, kernel_size: 3, data_format: 'channels_first' },
    input: [null, null, 8, 8],
    code: 'undefined-dim',
    phase: 'call',
    message: /fully-defined/,
  },
  {
    name: 'unknown channel axis, depthwise',
    layer: 'DepthwiseConv2D',
    args: { kernel_size: 3 },
    input: [null, 8, 8, null],
    code: 'undefined-dim',
    phase: 'call',
    message: /channel axis/,
  },
  {
    name: 'input channels not divisible by groups',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3, groups: 4 },
    input: [null, 28, 28, 6],
    code: 'incompatible-input',
    phase: 'call',
    message: /input channels must be evenly divisible by the number of groups\. Received groups=4, but the input has 6 channels/,
  },
  {
    name: 'filters not divisible by groups',
    layer: 'Conv2D',
    args: { filters: 10, kernel_size: 3, groups: 4 },
    input: [null, 28, 28, 8],
    code: 'invalid-argument',
    phase: 'construct',
    message: /filters must be evenly divisible by the number of groups\. Received: groups=4, filters=10\./,
  },
  {
    name: 'output_padding must be smaller than strides',
    layer: 'Conv1DTranspose',
    args: { filters: 16, kernel_size: 3, strides: 2, output_padding: 2 },
    input: [null, 10, 8],
    code: 'invalid-argument',
    phase: 'construct',
    message: /`output_padding` must be strictly less than `strides`.*At dimension 0, `output_padding` is 2 but `strides` is 2/,
  },
  {
    name: 'strides and dilation both > 1',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3, strides: 2, dilation_rate: 2 },
    input: [null, 28, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /^`strides > 1` not supported in conjunction with `dilation_rate > 1`\. Received: strides=\(2, 2\) and dilation_rate=\(2, 2\)/,
  },
  {
    name: 'causal padding outside Conv1D',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3, padding: 'causal' },
    input: [null, 28, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /The `padding` argument must be a list\/tuple or one of .*Received: causal/,
  },
  {
    name: 'causal padding on SeparableConv1D',
    layer: 'SeparableConv1D',
    args: { filters: 8, kernel_size: 3, padding: 'causal' },
    input: [null, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /Received: causal/,
  },
  {
    name: 'unknown padding mode',
    layer: 'Conv1D',
    args: { filters: 8, kernel_size: 3, padding: 'full' },
    input: [null, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /Received: full/,
  },
  {
    name: 'non-positive filters',
    layer: 'Conv2D',
    args: { filters: -4, kernel_size: 3 },
    input: [null, 28, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /^Invalid value for argument `filters`\. Expected a strictly positive value\. Received filters=-4\.$/,
  },
  {
    name: 'zero depth_multiplier',
    layer: 'DepthwiseConv2D',
    args: { kernel_size: 3, depth_multiplier: 0 },
    input: [null, 28, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /depth_multiplier/,
  },
  {
    name: 'kernel_size of the wrong length',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: [3] },
    input: [null, 28, 28, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /The `kernel_size` argument must be a tuple of 2 integers/,
  },
  {
    name: 'zero strides',
    layer: 'Conv3D',
    args: { filters: 8, kernel_size: 3, strides: 0 },
    input: [null, 8, 8, 8, 1],
    code: 'invalid-argument',
    phase: 'construct',
    message: /The `strides` argument must be a tuple of 3 integers/,
  },
  {
    name: 'misspelt keyword',
    layer: 'Conv2D',
    args: { filters: 8, kernel_size: 3, stride: 2 },
    input: [null, 28, 28, 1],
    code: 'unknown-argument',
    phase: 'construct',
    message: /Unrecognized keyword arguments passed to Conv2D: \{'stride': 2\}/,
  },
  {
    name: 'groups is not a keyword of Conv2DTranspose',
    layer: 'Conv2DTranspose',
    args: { filters: 8, kernel_size: 3, groups: 2 },
    input: [null, 28, 28, 2],
    code: 'unknown-argument',
    phase: 'construct',
    message: /groups/,
  },
];

for (const c of errCases) {
  test(`conv error: ${c.name}`, () => {
    const r = run(c.layer, c.args, c.input);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind !== 'error') return;
    assert.equal(r.code, c.code);
    assert.equal(r.phase, c.phase);
    assert.match(r.message, c.message);
  });
}

test('unknown argument values make the result unknown, not wrong', () => {
  const r = run('Conv2D', { filters: 8, kernel_size: { kind: 'unknown' } }, [null, 28, 28, 1]);
  assert.equal(r.kind, 'unknown');
});

function explainOf(r: LayerResult): Record<string, string> {
  assert.equal(r.kind, 'ok', JSON.stringify(r));
  if (r.kind !== 'ok') return {};
  return Object.fromEntries(r.explain.map((s) => [s.label, s.text]));
}

test('explain: per-axis formula with the user numbers, kernel spans all channels', () => {
  const e = explainOf(run('Conv2D', { filters: 24, kernel_size: [8, 8], strides: 2 }, [null, 128, 128, 3]));
  assert.equal(e.height, 'floor((128 − 8) / 2) + 1 = 61');
  assert.equal(e.width, 'floor((128 − 8) / 2) + 1 = 61');
  assert.match(e.kernel, /^\(8, 8, 3, 24\): .*all 3 input channels.*\(3 → 24\)/);
  assert.equal(e.params, '8·8·3·24 + 24 = 4,632');
});

test('explain: Conv1D says its input is (steps, channels), and hints when that looks swapped', () => {
  const wide = explainOf(run('Conv1D', { filters: 64, kernel_size: 3 }, [null, 300, 600]));
  assert.match(wide.input, /\(batch, steps, channels\)/);
  assert.match(wide.input, /300 steps/);
  assert.match(wide.input, /channels_first/);
  assert.match(wide.kernel, /Conv2D\(64, \(3, 600\)\)/);
  const tall = explainOf(run('Conv1D', { filters: 64, kernel_size: 3 }, [null, 600, 300]));
  assert.doesNotMatch(tall.input, /channels_first/);
  assert.equal(tall.steps, '600 − 3 + 1 = 598');
});

test('explain: transpose formulas follow Keras per padding mode', () => {
  const cases: [Record<string, PyValue>, string][] = [
    [{}, '(10 − 1)·2 + 3 = 21'],
    [{ padding: 'same' }, 'same padding: 10·2 = 20'],
    [{ output_padding: 1 }, '(10 − 1)·2 + 3 + 1 = 22'],
    [{ padding: 'same', output_padding: 1 }, '(10 − 1)·2 + (3 mod 2) + 1 = 20'],
  ];
  for (const [extra, formula] of cases) {
    const e = explainOf(run('Conv1DTranspose', { filters: 16, kernel_size: 3, strides: 2, ...extra }, [null, 10, 8]));
    assert.ok(e.steps.includes(formula), `${e.steps} should contain ${formula}`);
    assert.match(e.rule, /\(in − 1\)·stride \+ kernel − 2·pad \+ output_padding/);
    assert.match(e.kernel, /^\(3, 16, 8\)/);
  }
});

test('explain: dilation and same padding', () => {
  const d = explainOf(run('Conv2D', { filters: 16, kernel_size: 3, dilation_rate: 2 }, [null, 28, 28, 1]));
  assert.match(d.height, /28 − 5 \+ 1 = 24/);
  assert.match(d.height, /\(3 − 1\)·2 \+ 1 = 5/);
  const s = explainOf(run('Conv2D', { filters: 32, kernel_size: 3, padding: 'same', strides: 2 }, [null, 31, 31, 3]));
  assert.equal(s.height, 'same padding: ceil(31 / 2) = 16');
});

test('convOutputLength and convTransposeOutputLength', () => {
  const rows: [ReturnType<typeof convOutputLength>, number | null][] = [
    [convOutputLength(128, 8, 2, 'valid', 1), 61],
    [convOutputLength(31, 3, 2, 'same', 1), 16],
    [convOutputLength(50, 3, 1, 'causal', 2), 50],
    [convOutputLength(28, 3, 1, 'valid', 2), 24],
    [convOutputLength(4, 5, 1, 'valid', 1), 0],
    [convOutputLength(null, 3, 1, 'valid', 1), null],
    [convTransposeOutputLength(10, 3, 2, 'valid', null, 1), 21],
    [convTransposeOutputLength(10, 3, 2, 'same', null, 1), 20],
    [convTransposeOutputLength(10, 3, 2, 'valid', 1, 1), 22],
    [convTransposeOutputLength(10, 3, 2, 'same', 1, 1), 20],
    [convTransposeOutputLength(10, 2, 3, 'valid', null, 1), 30],
    [convTransposeOutputLength(10, 3, 1, 'valid', null, 2), 14],
    [convTransposeOutputLength(10, 4, 2, 'same', 0, 1), 18],
    [convTransposeOutputLength(null, 3, 2, 'same', null, 1), null],
  ];
  rows.forEach(([step, expected], i) => assert.equal(step.length, expected, `row ${i}: ${step.formula}`));
  assert.equal(convOutputLength(128, 8, 2, 'valid', 1).formula, 'floor((128 − 8) / 2) + 1 = 61');
  assert.equal(convOutputLength(4, 6, 1, 'valid', 1).formula, '4 − 6 + 1 = −1');
});
