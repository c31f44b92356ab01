// The quick fixes the analysis attaches to its diagnostics, each applied to
// the source: afterwards the analysis has nothing left to report (and where
// no fix is certain, none is offered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from '../server/src/analysis';
import { closestName, editDistance } from '../server/src/analysis/keras/fixes';
import { applyEdits } from '../server/src/ide/codeActions';
import { analyzeSource } from './analysisHarness';

const HEAD = 'import keras\nfrom keras import layers\nfrom keras import backend as K\n';

interface Case {
  readonly name: string;
  readonly line: string;
  readonly code: string;
  readonly title: string;
  readonly fixed: string;
  readonly config?: AnalysisConfig;
}

const cases: Case[] = [
  {
    name: 'Input(shape=28)',
    line: 'x = keras.Input(shape=28)',
    code: 'invalid-argument',
    title: 'Write shape=(28,)',
    fixed: 'x = keras.Input(shape=(28,))',
  },
  {
    name: 'a misspelt keyword',
    line: "x = layers.Conv2D(8, kernal_size=3, activaton='relu')(keras.Input((28, 28, 1)))",
    code: 'invalid-argument',
    title: 'Rename kernal_size to kernel_size, activaton to activation',
    fixed: "x = layers.Conv2D(8, kernel_size=3, activation='relu')(keras.Input((28, 28, 1)))",
  },
  {
    name: 'a misspelt layer class',
    line: 'x = layers.Denes(10)(keras.Input((4,)))',
    code: 'unknown-layer',
    title: 'Write Dense',
    fixed: 'x = layers.Dense(10)(keras.Input((4,)))',
  },
  {
    name: 'input_shape with the batch axis',
    line: 'm = keras.Sequential([layers.Conv2D(8, 3, input_shape=(None, 28, 28, 1)), layers.Flatten()])',
    code: 'incompatible-input',
    title: 'Drop the batch axis: input_shape=(28, 28, 1)',
    fixed: 'm = keras.Sequential([layers.Conv2D(8, 3, input_shape=(28, 28, 1)), layers.Flatten()])',
  },
  {
    name: 'input_shape=8 on a first layer',
    line: 'm = keras.Sequential([layers.Dense(4, input_shape=8), layers.Dense(1)])',
    code: 'invalid-argument',
    title: 'Write input_shape=(8,)',
    fixed: 'm = keras.Sequential([layers.Dense(4, input_shape=(8,)), layers.Dense(1)])',
  },
  {
    name: "Keras 1's set_image_dim_ordering",
    line: "K.set_image_dim_ordering('th')",
    code: 'legacy-function',
    title: "Write set_image_data_format('channels_first')",
    fixed: "K.set_image_data_format('channels_first')",
  },
  {
    name: 'Model(input=, output=)',
    line: 'i = keras.Input((3,))\nm = keras.Model(input=i, output=layers.Dense(2)(i))',
    code: 'legacy-argument',
    title: 'Rewrite the call in Keras 3 spelling',
    fixed: 'i = keras.Input((3,))\nm = keras.Model(inputs=i, outputs=layers.Dense(2)(i))',
  },
  {
    name: "merge(mode='sum')",
    line: "a = keras.Input((3,))\nb = layers.merge([a, a], mode='sum')",
    code: 'legacy-layer',
    title: 'Write Add()([a, a])',
    fixed: 'a = keras.Input((3,))\nb = layers.Add()([a, a])',
  },
  {
    name: 'TimeDistributedDense',
    line: 'y = layers.TimeDistributedDense(4)(keras.Input((5, 3)))',
    code: 'legacy-layer',
    title: 'Write TimeDistributed(Dense(…))',
    fixed: 'y = layers.TimeDistributed(layers.Dense(4))(keras.Input((5, 3)))',
  },
];

for (const c of cases) {
  test(`quick fix: ${c.name}`, async () => {
    const text = HEAD + c.line + '\n';
    const result = await analyzeSource(text, c.config ?? DEFAULT_ANALYSIS_CONFIG);
    const d = result.diagnostics.find((x) => x.code === c.code);
    assert.ok(d, JSON.stringify(result.diagnostics));
    const fix = (d.fixes ?? []).find((f) => f.title === c.title);
    assert.ok(fix, JSON.stringify(d.fixes));
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, HEAD + c.fixed + '\n');
    const after = await analyzeSource(fixed, c.config ?? DEFAULT_ANALYSIS_CONFIG);
    assert.deepEqual(after.diagnostics, []);
  });
}

test('no fix where it is not certain', async () => {
  const text =
    HEAD +
    [
      // No real keyword is close.
      'a = layers.Dense(4, colour=True)(keras.Input((3,)))',
      // A batch size that is not None: is 32 the batch or a dimension?
      'm = keras.Sequential([layers.Conv2D(8, 3, input_shape=(32, 28, 28, 1))])',
      // A name far from every layer.
      'x = layers.Frobnicate(3)(keras.Input((3,)))',
    ].join('\n');
  const result = await analyzeSource(text, DEFAULT_ANALYSIS_CONFIG);
  for (const d of result.diagnostics) assert.deepEqual(d.fixes ?? [], [], `${d.code}: ${d.message}`);
  // The far name is still an error (Keras has no such layer), only without a suggestion.
  const unknownLayer = result.diagnostics.filter((d) => d.code === 'unknown-layer');
  assert.deepEqual(unknownLayer.map((d) => d.message), ["keras.layers has no layer 'Frobnicate'."]);
});

test('edit distance and the closest name', () => {
  assert.equal(editDistance('kernal_size', 'kernel_size'), 1);
  assert.equal(editDistance('Dnese', 'Dense'), 1);
  assert.equal(editDistance('abc', 'abc'), 0);
  assert.equal(closestName('kernal_size', ['kernel_size', 'strides']), 'kernel_size');
  assert.equal(closestName('unit', ['units', 'unix']), undefined);
  assert.equal(closestName('xyz', ['units']), undefined);
});
