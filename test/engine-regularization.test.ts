// Regularization layers, table-driven: they never change a shape or add a
// weight, but Keras checks their arguments (rate in [0, 1], noise_shape,
// seed) in the constructor, and SpatialDropoutND checks the input rank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape, positional: PyValue[] = []): LayerResult {
  return evaluateLayer(layer, { positional, keywords }, { shapes: [shape], isList: false });
}

const passCases: [string, Record<string, PyValue>, Shape][] = [
  ['Dropout', { rate: 0.5 }, [null, 10]],
  ['Dropout', { rate: 0 }, [null, null, null]],
  ['Dropout', { rate: 1 }, [4, 3]],
  ['Dropout', { rate: 0.2, noise_shape: [null, 1, 8] }, [null, 5, 8]],
  // noise_shape is only used in training: a wrong rank is not caught symbolically.
  ['Dropout', { rate: 0.2, noise_shape: [1, 2, 3, 4] }, [null, 5]],
  ['Dropout', { rate: 0.2, seed: 42 }, [2, 3, 4, 5]],
  ['SpatialDropout1D', { rate: 0.1 }, [null, 20, 64]],
  ['SpatialDropout2D', { rate: 0.1 }, [null, 8, 8, 3]],
  ['SpatialDropout2D', { rate: 0.1, data_format: 'channels_first' }, [null, 3, 8, 8]],
  ['SpatialDropout3D', { rate: 0.1 }, [null, 4, 8, 8, 3]],
  ['GaussianNoise', { stddev: 0.1 }, [null, 7]],
  ['GaussianNoise', { stddev: 0 }, [null, 7]],
  ['GaussianDropout', { rate: 0.3 }, [null, 2, 9]],
  ['AlphaDropout', { rate: 0.1, noise_shape: [null, 1] }, [null, 6]],
  ['ActivityRegularization', { l1: 0.01, l2: 0.001 }, [null, 6]],
  ['ActivityRegularization', { l1: null }, [null, 6]],
];

for (const [layer, args, shape] of passCases) {
  test(`${layer}(${JSON.stringify(args)}) keeps ${JSON.stringify(shape)} with no weights`, () => {
    const r = run(layer, args, shape);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [shape]);
    assert.deepEqual(r.weights, []);
    assert.equal(r.trainableParams + r.nonTrainableParams, 0);
  });
}

test('Dropout takes rate positionally', () => {
  const r = run('Dropout', {}, [null, 4], [0.25]);
  assert.equal(r.kind, 'ok');
});

test('Dropout on a list maps over the inputs', () => {
  const r = evaluateLayer('Dropout', { positional: [0.1], keywords: {} }, { shapes: [[null, 2], [null, 3]], isList: true });
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') assert.deepEqual(r.outputs, [[null, 2], [null, 3]]);
});

test('SpatialDropout2D explains which axis is the channel axis', () => {
  const r = run('SpatialDropout2D', { rate: 0.5, data_format: 'channels_first' }, [null, 16, 8, 8]);
  assert.equal(r.kind, 'ok');
  if (r.kind === 'ok') assert.match(r.explain.map((e) => e.text).join('\n'), /noise shape \(batch, 16, 1, 1\)/);
});

const errCases: [string, Record<string, PyValue>, Shape, RegExp, string][] = [
  ['Dropout', { rate: 1.5 }, [null, 4], /Expected a float value between 0 and 1\. Received: rate=1.5/, 'rate above 1'],
  ['Dropout', { rate: -0.1 }, [null, 4], /Received: rate=-0.1/, 'negative rate'],
  ['Dropout', { rate: 'half' }, [null, 4], /'<=' not supported between instances of 'int' and 'str'/, 'string rate: Python comparison fails'],
  ['Dropout', { rate: null }, [null, 4], /'<=' not supported between instances of 'int' and 'NoneType'/, 'None rate'],
  ['Dropout', {}, [null, 4], /missing 1 required positional argument: 'rate'/, 'rate is required'],
  ['Dropout', { dropout_rate: 0.2 }, [null, 4], /./, 'Keras 2 name'],
  ['Dropout', { rate: 0.2, noise_shape: 'batch' }, [null, 4], /Expected a tuple or list of integers/, 'string noise_shape'],
  ['Dropout', { rate: 0.2, noise_shape: [null, 0] }, [null, 4], /Received negative or zero value at index 1: 0/, 'zero in noise_shape'],
  ['Dropout', { rate: 0.2, noise_shape: [null, 1.5] }, [null, 4], /Received element at index 1: 1.5 \(type: float\)/, 'float in noise_shape'],
  ['Dropout', { rate: 0.2, noise_shape: 3 }, [null, 4], /Expected an iterable of integers/, 'scalar noise_shape'],
  ['Dropout', { rate: 0.2, seed: 'abc' }, [null, 4], /Argument `seed` must be an integer/, 'string seed'],
  ['SpatialDropout1D', { rate: 0.2 }, [null, 4, 5, 6], /expected ndim=3, found ndim=4/, 'SpatialDropout1D wants (batch, steps, channels)'],
  ['SpatialDropout2D', { rate: 0.2 }, [null, 4, 5], /expected ndim=4, found ndim=3/, 'SpatialDropout2D wants rank 4'],
  ['SpatialDropout3D', { rate: 0.2 }, [null, 4, 5, 6], /expected ndim=5, found ndim=4/, 'SpatialDropout3D wants rank 5'],
  ['SpatialDropout2D', { rate: 2 }, [null, 4, 5, 6], /Received: rate=2/, 'rate above 1'],
  ['SpatialDropout2D', { rate: 0.2, data_format: 'nhwc' }, [null, 4, 5, 6], /data_format/, 'bad data_format'],
  ['SpatialDropout1D', { rate: 0.2, noise_shape: [null, 1, 3] }, [null, 4, 5], /noise_shape/, 'no noise_shape argument'],
  ['SpatialDropout1D', { rate: 0.2, trainable: false }, [null, 4, 5], /unexpected keyword argument 'trainable'/, 'signature has no **kwargs'],
  ['GaussianNoise', { stddev: -0.5 }, [null, 4], /Received: stddev=-0.5/, 'negative stddev'],
  ['GaussianNoise', { stddev: 'high' }, [null, 4], /'<=' not supported between instances of 'int' and 'str'/, 'string stddev'],
  ['GaussianDropout', { rate: 1.01 }, [null, 4], /Received: rate=1.01/, 'rate above 1'],
  ['AlphaDropout', { rate: -1 }, [null, 4], /Received: rate=-1/, 'negative rate'],
  ['ActivityRegularization', { l1: -0.1 }, [null, 4], /Invalid value for argument l1: expected a non-negative float\.Received: l1=-0.1/, 'negative penalty'],
  ['ActivityRegularization', { l2: 'strong' }, [null, 4], /Invalid value for argument l2/, 'string penalty'],
];

for (const [layer, args, shape, message, why] of errCases) {
  test(`${layer}(${JSON.stringify(args)}) fails: ${why}`, () => {
    const r = run(layer, args, shape);
    assert.equal(r.kind, 'error', JSON.stringify(r));
    if (r.kind === 'error') assert.match(r.message, message);
  });
}

test('an unknown rate does not hide the output shape', () => {
  const r = run('Dropout', { rate: { kind: 'unknown' } }, [null, 4]);
  assert.equal(r.kind, 'ok');
});
