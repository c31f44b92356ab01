// Activation layers, table-driven: PReLU's alpha shape under shared_axes
// (the one layer here with weights), the argument checks of Activation, ReLU
// and LeakyReLU, and the shape-preserving layers (ELU, Softmax, Masking, Identity).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape): LayerResult {
  return evaluateLayer(layer, { positional: [], keywords }, { shapes: [shape], isList: false });
}

// alpha = input shape without the batch axis, with each shared axis i (1-based,
// counting the batch) set to 1.
const preluCases: [PyValue, Shape, number[], string][] = [
  [null, [null, 10], [10], 'one slope per feature'],
  [null, [null, 4, 5, 3], [4, 5, 3], 'one slope per position and channel'],
  [[1, 2], [null, 28, 28, 16], [1, 1, 16], 'conv feature map: one slope per channel'],
  [1, [null, 50, 8], [1, 8], 'a scalar shared axis is wrapped in a list'],
  [[1], [null, null, 8], [1, 8], 'sharing the unknown time axis makes alpha defined'],
  [[1, 2, 3], [null, null, null, null], [1, 1, 1], 'everything shared: a single slope'],
  [[3], [null, 4, 5, 6], [4, 5, 1], 'sharing the channel axis'],
  [[0], [null, 4, 5], [4, 1], 'Python indexing: param_shape[-1] = 1'],
  [[-1], [null, 4, 5, 6], [4, 1, 6], 'Python indexing: param_shape[-2] = 1'],
  [[], [null, 4, 5], [4, 5], 'an empty list shares nothing'],
];

for (const [shared, input, alpha, why] of preluCases) {
  test(`PReLU(shared_axes=${JSON.stringify(shared)}) on ${JSON.stringify(input)} → alpha ${JSON.stringify(alpha)}: ${why}`, () => {
    const r = run('PReLU', { shared_axes: shared }, input);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [input]);
    assert.deepEqual(r.weights, [{ name: 'alpha', shape: alpha, trainable: true }]);
    assert.equal(r.trainableParams, alpha.reduce((p, d) => p * d, 1));
    assert.equal(r.nonTrainableParams, 0);
  });
}

const passCases: [string, Record<string, PyValue>, Shape][] = [
  ['Activation', { activation: 'relu' }, [null, 4]],
  ['Activation', { activation: 'softmax' }, [null, 3, 5]],
  ['Activation', { activation: null }, [null, 4]],
  ['Activation', { activation: { kind: 'opaque', repr: 'tf.nn.relu' } }, [null, 4]],
  ['ReLU', { max_value: 6 }, [null, 4]],
  ['ReLU', { negative_slope: 0.1, threshold: 0.5 }, [null, 4]],
  ['LeakyReLU', {}, [null, 4]],
  ['LeakyReLU', { negative_slope: 0 }, [null, 4]],
  ['LeakyReLU', { alpha: 0.2 }, [null, 4]],
  ['ELU', { alpha: 0.5 }, [null, null, 3]],
  ['Softmax', { axis: 1 }, [null, 4, 5]],
  // Keras does not check Softmax's axis until the layer runs on data.
  ['Softmax', { axis: 7 }, [null, 4, 5]],
  ['Masking', { mask_value: -1 }, [null, null, 8]],
  ['Identity', {}, [null]],
];

for (const [layer, args, shape] of passCases) {
  test(`${layer}(${JSON.stringify(args)}) keeps ${JSON.stringify(shape)} with no weights`, () => {
    const r = run(layer, args, shape);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [shape]);
    assert.deepEqual(r.weights, []);
  });
}

test('Identity on a list returns the list', () => {
  const r = evaluateLayer('Identity', { positional: [], keywords: {} }, { shapes: [[null, 2], [3, 4, 5]], isList: true });
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') {
    assert.deepEqual(r.outputs, [[null, 2], [3, 4, 5]]);
    assert.equal(r.multiple, true);
  }
});

const errCases: [string, Record<string, PyValue>, Shape, RegExp, string][] = [
  ['PReLU', { shared_axes: [4] }, [null, 4, 5], /list assignment index out of range/, 'shared axis beyond the rank'],
  ['PReLU', {}, [null, null, 8], /fully-defined/, 'alpha cannot have an unknown dim unless that axis is shared'],
  ['PReLU', { shared_axes: ['x'] }, [null, 4, 5], /unsupported operand type/, 'string shared axis'],
  ['Activation', { activation: 'relu7' }, [null, 4], /Could not interpret activation function identifier: relu7/, 'unknown name'],
  ['Activation', { activation: 'ReLU' }, [null, 4], /Could not interpret activation function identifier: ReLU/, 'names are case-sensitive'],
  ['Activation', { activation: 3 }, [null, 4], /Could not interpret activation function identifier: 3/, 'not callable'],
  ['Activation', {}, [null, 4], /missing 1 required positional argument: 'activation'/, 'required'],
  ['ReLU', { max_value: -1 }, [null, 4], /max_value of a ReLU layer cannot be a negative value/, 'negative cap'],
  ['ReLU', { negative_slope: -0.1 }, [null, 4], /negative_slope of a ReLU layer cannot be None or a negative value/, 'negative slope'],
  ['ReLU', { negative_slope: null }, [null, 4], /Received: negative_slope=None/, 'None slope'],
  ['ReLU', { threshold: -1 }, [null, 4], /threshold of a ReLU layer cannot be None or a negative value/, 'negative threshold'],
  ['ReLU', { max_value: 'six' }, [null, 4], /'<' not supported between instances of 'str' and 'float'/, 'string cap'],
  ['LeakyReLU', { negative_slope: null }, [null, 4], /cannot be None or negative value\. Expected a float\. Received: negative_slope=None/, 'None slope'],
  ['LeakyReLU', { negative_slope: -0.3 }, [null, 4], /Received: negative_slope=-0.3/, 'negative slope'],
  ['LeakyReLU', { alpha: -1 }, [null, 4], /Received: negative_slope=-1/, 'the deprecated alpha is checked as negative_slope'],
  ['ELU', { alpah: 1 }, [null, 4], /Unrecognized keyword arguments passed to ELU/, 'misspelt keyword'],
  ['Identity', { units: 3 }, [null, 4], /Unrecognized keyword arguments passed to Identity/, 'no arguments'],
];

for (const [layer, args, shape, message, why] of errCases) {
  test(`${layer}(${JSON.stringify(args)}) on ${JSON.stringify(shape)} fails: ${why}`, () => {
    const r = run(layer, args, shape);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind === 'error') assert.match(r.message, message);
  });
}

test('PReLU explains the alpha shape with the shared axes', () => {
  const r = run('PReLU', { shared_axes: [1, 2] }, [null, 28, 28, 16]);
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  const alpha = r.explain.find((e) => e.label === 'alpha');
  assert.ok(alpha);
  assert.match(alpha.text, /^\(1, 1, 16\):.*axes 1, 2 shared/);
});
