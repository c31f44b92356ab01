// Merging layers against Keras 3's rules: right-aligned broadcasting with a
// batch axis kept apart, Concatenate's "all but the axis must match", and
// Dot's batch-dot shape.
//   Add()([(4, 5), (1, 5)]) → (4, 5);  Add()([(4, 5), (4, 6)]) raises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function merge(layer: string, keywords: Record<string, PyValue>, shapes: Shape[]): LayerResult {
  return evaluateLayer(layer, { positional: [], keywords }, { shapes, isList: true });
}

const okCases: { layer: string; keywords?: Record<string, PyValue>; inputs: Shape[]; output: Shape }[] = [
  // A 1 stretches: per-sample shapes (4, 5) + (1, 5) work.
  { layer: 'Add', inputs: [[null, 4, 5], [null, 1, 5]], output: [null, 4, 5] },
  { layer: 'Add', inputs: [[null, 64, 1], [null, 64, 2], [null, 64, 2]], output: [null, 64, 2] },
  // Shapes of different rank are aligned from the right.
  { layer: 'Add', inputs: [[null, 3, 4, 5], [null, 5]], output: [null, 3, 4, 5] },
  // A known batch size wins over None.
  { layer: 'Multiply', inputs: [[null, 8], [2, 8]], output: [2, 8] },
  { layer: 'Subtract', inputs: [[null, 6, null], [null, 1, 9]], output: [null, 6, null] },
  { layer: 'Average', inputs: [[null, 2, 1], [null, 1, 3]], output: [null, 2, 3] },
  { layer: 'Maximum', inputs: [[null, 7]], output: [null, 7] },
  { layer: 'Minimum', inputs: [[5, 1], [5, 4]], output: [5, 4] },
  { layer: 'Concatenate', inputs: [[null, 4, 64], [null, 4, 32]], output: [null, 4, 96] },
  { layer: 'Concatenate', keywords: { axis: 1 }, inputs: [[null, 2, 8], [null, 3, 8], [null, 5, 8]], output: [null, 10, 8] },
  { layer: 'Concatenate', keywords: { axis: -2 }, inputs: [[null, 2, 8], [null, null, 8]], output: [null, null, 8] },
  // None on a non-concatenation axis matches any size; the first input's dims are kept.
  { layer: 'Concatenate', inputs: [[null, null, 3], [null, 7, 2]], output: [null, null, 5] },
  { layer: 'Dot', keywords: { axes: 1 }, inputs: [[null, 32], [null, 32]], output: [null, 1] },
  { layer: 'Dot', keywords: { axes: [2, 1] }, inputs: [[null, 32, 5], [null, 5, 10]], output: [null, 32, 10] },
  { layer: 'Dot', keywords: { axes: [1, 2] }, inputs: [[null, 3, 5], [null, 10, 3]], output: [null, 5, 10] },
  { layer: 'Dot', keywords: { axes: -1, normalize: true }, inputs: [[null, 4, 6], [null, 9, 6]], output: [null, 4, 9] },
];

for (const c of okCases) {
  test(`${c.layer}${JSON.stringify(c.keywords ?? {})} on ${JSON.stringify(c.inputs)}`, () => {
    const r = merge(c.layer, c.keywords ?? {}, c.inputs);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [c.output]);
    assert.equal(r.trainableParams + r.nonTrainableParams, 0);
    assert.deepEqual(r.weights, []);
  });
}

const errCases: { layer: string; keywords?: Record<string, PyValue>; inputs: Shape[]; message: string | RegExp }[] = [
  { layer: 'Add', inputs: [[null, 4, 5], [null, 4, 6]], message: 'Inputs have incompatible shapes. Received shapes (4, 5) and (4, 6)' },
  // The longer shape is printed first, as Keras swaps them.
  { layer: 'Multiply', inputs: [[null, 3], [null, 2, 4]], message: 'Inputs have incompatible shapes. Received shapes (2, 4) and (3,)' },
  { layer: 'Add', inputs: [[2, 3], [4, 3]], message: /Cannot merge tensors with different batch sizes. Received tensors with shapes \[\(2, 3\), \(4, 3\)\]/ },
  { layer: 'Subtract', inputs: [[null, 2], [null, 2], [null, 2]], message: 'A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=[(None, 2), (None, 2), (None, 2)]' },
  {
    layer: 'Concatenate',
    inputs: [[null, 4, 5], [null, 3, 6]],
    message: 'A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[(None, 4, 5), (None, 3, 6)]',
  },
  { layer: 'Concatenate', keywords: { axis: 1 }, inputs: [[null, 2], [null, 2, 3]], message: /requires inputs with matching shapes/ },
  { layer: 'Concatenate', keywords: { axis: -4 }, inputs: [[null, 2, 3], [null, 2, 3]], message: /index out of range/ },
  { layer: 'Dot', keywords: { axes: 1 }, inputs: [[null, 3], [null, 4]], message: 'Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1). Full input shapes: (None, 3), (None, 4)' },
  { layer: 'Dot', keywords: { axes: 1 }, inputs: [[null, 3], [null, 3], [null, 3]], message: /A `Dot` layer should be called on a list of 2 inputs/ },
  { layer: 'Dot', keywords: { axes: [1, 2, 3] }, inputs: [[null, 3], [null, 3]], message: /it should contain two elements/ },
];

for (const c of errCases) {
  test(`${c.layer} error on ${JSON.stringify(c.inputs)}`, () => {
    const r = merge(c.layer, c.keywords ?? {}, c.inputs);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind !== 'error') return;
    if (typeof c.message === 'string') assert.equal(r.message, c.message);
    else assert.match(r.message, c.message);
  });
}

test('a merge layer on a single tensor (not a list) is an error', () => {
  const r = evaluateLayer('Add', { positional: [], keywords: {} }, { shapes: [[null, 4]], isList: false });
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.match(r.message, /should be called on a list of inputs/);
});

test('Concatenate explains the axis sum', () => {
  const r = merge('Concatenate', {}, [[null, 64], [null, 32]]);
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') assert.ok(r.explain.some((s) => s.text === 'axis -1: 64 + 32 = 96'), JSON.stringify(r.explain));
});

test('Add rejects unknown keywords like Keras', () => {
  const r = merge('Add', { axis: 1 }, [[null, 2], [null, 2]]);
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.match(r.message, /Unrecognized keyword arguments passed to Add/);
});
