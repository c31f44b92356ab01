// Lookup layers (StringLookup, IntegerLookup, TextVectorization) against
// Keras 3's compute_output_shape: ids keep the input's shape, encodings end in
// the vocabulary's width, and a vocabulary made by `adapt()` leaves that
// width unknown with a reason rather than a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

function run(layer: string, keywords: Record<string, PyValue>, shape: Shape, positional: PyValue[] = []): LayerResult {
  return evaluateLayer(layer, { positional, keywords }, { shapes: [shape], isList: false });
}

const cases: [string, Record<string, PyValue>, Shape, Shape | RegExp, string][] = [
  ['StringLookup', {}, [null, 1], [null, 1], 'int ids keep the shape'],
  ['StringLookup', { vocabulary: ['a', 'b'] }, [null, 5, 2], [null, 5, 2], 'int ids of any rank'],
  ['IntegerLookup', { max_tokens: 100 }, [null, 3], [null, 3], 'IntegerLookup ids'],
  ['StringLookup', { output_mode: 'one_hot', max_tokens: 20, pad_to_max_tokens: true }, [null, 1], [null, 20], 'one_hot replaces a last axis of 1'],
  ['StringLookup', { output_mode: 'one_hot', max_tokens: 20, pad_to_max_tokens: true }, [null, 3], [null, 3, 20], 'one_hot adds an axis otherwise'],
  ['StringLookup', { output_mode: 'multi_hot', vocabulary: ['a', 'b', 'c'] }, [null, 4], [null, 4], 'three tokens and one OOV index'],
  ['StringLookup', { output_mode: 'count', vocabulary: ['a', 'b', 'c'], num_oov_indices: 2 }, [null, 4], [null, 5], 'two OOV indices'],
  ['IntegerLookup', { output_mode: 'binary', vocabulary: [1, 2, 3, 4] }, [null, 2], [null, 5], '`binary` is multi_hot'],
  ['StringLookup', { output_mode: 'multi_hot' }, [null, 4], /adapt\(\)/, 'an adapted vocabulary has no static size'],
  ['StringLookup', { output_mode: 'multi_hot', vocabulary: ['a', '[UNK]'] }, [null, 4], /special or repeated/, 'the OOV token in the vocabulary'],
  ['TextVectorization', { max_tokens: 20000, output_sequence_length: 200 }, [null], [null, 200], 'int sequences of a fixed length'],
  ['TextVectorization', {}, [null, 1], [null, null], 'int sequences of any length'],
  ['TextVectorization', { output_mode: 'multi_hot', max_tokens: 5000, pad_to_max_tokens: true }, [null], [null, 5000], 'multi_hot of whole texts'],
  ['TextVectorization', { output_mode: 'tf_idf', max_tokens: 50, pad_to_max_tokens: true }, [null, 1], [null, 1, 50], 'tf_idf keeps the text axis of (None, 1)'],
];

for (const [layer, keywords, input, expected, why] of cases) {
  test(`${layer}(${JSON.stringify(keywords)}) on ${JSON.stringify(input)}: ${why}`, () => {
    const r = run(layer, keywords, input);
    if (expected instanceof RegExp) {
      assert.equal(r.kind, 'unknown');
      if (r.kind === 'unknown') assert.match(r.reason, expected);
      return;
    }
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs, [expected]);
    assert.equal(r.trainableParams + r.nonTrainableParams, 0, 'lookup tables are not weights');
  });
}

const errors: [string, Record<string, PyValue>, RegExp][] = [
  ['StringLookup', { output_mode: 'onehot' }, /Unknown value for `output_mode` argument of StringLookup\. Allowed values are: \('int', 'one_hot', 'multi_hot', 'count', 'tf_idf'\)\. Received: output_mode=onehot/],
  ['StringLookup', { invert: true, output_mode: 'one_hot' }, /`output_mode` must be `'int'` when `invert` is true/],
  ['IntegerLookup', { sparse: true }, /`sparse` may only be true if `output_mode` is/],
  ['TextVectorization', { output_mode: 'multi_hot', output_sequence_length: 10 }, /`output_sequence_length` must not be set/],
];
for (const [layer, keywords, message] of errors) {
  test(`${layer}(${JSON.stringify(keywords)}) raises like Keras`, () => {
    const r = run(layer, keywords, [null, 1]);
    assert.equal(r.kind, 'error');
    if (r.kind === 'error') assert.match(r.message, message);
  });
}
