// Keras 2's model.summary(): the table and the layer names of the
// multi-backend Keras 2 (kerasVersion '2': `conv2d_1`, `model_1`) and of
// tf.keras 2 ('tf.keras2': `conv2d`, `input_1`, `model`), against Keras 3's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisResult } from '../server/src/analysis';
import type { KerasVersion } from '../server/src/engine';
import { codeLenses } from '../server/src/ide/codeLens';
import { renderModelSummary } from '../server/src/ide/summaryTable';
import { analyzeSource } from './analysisHarness';

const analyze = (text: string, kerasVersion: KerasVersion): Promise<AnalysisResult> => analyzeSource(text, { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion });

// A Conv2D model as Keras 1/2 answers wrote it, `Model(input=, output=)`.
const CONV2D_MODEL = `from keras.layers import Input, Conv2D, Flatten, Dense
from keras.models import Model

def create_model():
    image = Input(shape=(128,128,3))
    x = Conv2D(24, kernel_size=(8,8), strides=(2,2), activation='relu', name='conv_1')(image)
    x = Conv2D(24, kernel_size=(8,8), strides=(2,2), activation='relu', name='conv_2')(x)
    x = Conv2D(24, kernel_size=(8,8), strides=(2,2), activation='relu', name='conv_3')(x)
    flatten = Flatten(name='flatten')(x)
    output = Dense(1, activation='relu', name='output')(flatten)
    model = Model(input=image, output=output)
    return model

model = create_model()
model.summary()
`;

test("kerasVersion '2': the Conv2D model of Model(input=, output=) has its hints, 80,809 params and Keras 2's table", async () => {
  const r = await analyze(CONV2D_MODEL, '2');
  assert.equal(r.models.length, 1);
  const [m] = r.models;
  assert.equal(m.totalParams, 80_809);
  assert.equal(m.summaryLayout, '2');
  const shapes = r.calls.filter((c) => c.className === 'Conv2D').map((c) => c.outcomes[0]?.outputShapes);
  assert.deepEqual(shapes, [[[null, 61, 61, 24]], [[null, 27, 27, 24]], [[null, 10, 10, 24]]]);
  assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  // The lens on `Model(...)`.
  const lens = codeLenses(r).find((l) => l.kind !== 'graph');
  assert.equal(lens?.offset, CONV2D_MODEL.indexOf('Model(input='));
  assert.match(lens?.title ?? '', /80,809/);
  assert.equal(
    renderModelSummary(m),
    [
      'Model: "model_1"',
      '_________________________________________________________________',
      'Layer (type)                 Output Shape              Param #   ',
      '=================================================================',
      'input_1 (InputLayer)         (None, 128, 128, 3)       0         ',
      '_________________________________________________________________',
      'conv_1 (Conv2D)              (None, 61, 61, 24)        4632      ',
      '_________________________________________________________________',
      'conv_2 (Conv2D)              (None, 27, 27, 24)        36888     ',
      '_________________________________________________________________',
      'conv_3 (Conv2D)              (None, 10, 10, 24)        36888     ',
      '_________________________________________________________________',
      'flatten (Flatten)            (None, 2400)              0         ',
      '_________________________________________________________________',
      'output (Dense)               (None, 1)                 2401      ',
      '=================================================================',
      'Total params: 80,809',
      'Trainable params: 80,809',
      'Non-trainable params: 0',
      '_________________________________________________________________',
      '',
    ].join('\n'),
  );
});

test("kerasVersion '3': the same model is Keras 3's error with its quick fix; the analysis goes on, Keras 3's table", async () => {
  const r = await analyze(CONV2D_MODEL, '3');
  const errors = r.diagnostics.filter((d) => d.severity === 'error' && d.code === 'legacy-argument');
  assert.equal(errors.length, 2);
  assert.ok(errors.every((d) => d.fixes && d.fixes.length > 0));
  assert.equal(r.models[0].totalParams, 80_809);
  assert.equal(r.models[0].summaryLayout, undefined);
  assert.match(renderModelSummary(r.models[0]), /^Model: "functional"\n┏/);
});

const SEQUENTIAL = `import keras
nn = keras.Sequential()
nn.add(keras.layers.Conv2D(8, kernel_size=(2, 2), input_shape=(4, 5, 1)))
nn.add(keras.layers.Conv2D(1, kernel_size=(2, 2)))
nn.add(keras.layers.Flatten())
nn.add(keras.layers.Dense(5))
nn.add(keras.layers.Dense(1))
other = keras.Sequential([keras.layers.Dense(3, input_shape=(4,))])
`;

test("kerasVersion '2' numbers every automatic name from 1, per class", async () => {
  const r = await analyze(SEQUENTIAL, '2');
  assert.deepEqual(r.models.map((m) => m.kerasName), ['sequential_1', 'sequential_2']);
  assert.deepEqual(r.models[0].rows.map((x) => x.name), ['conv2d_1', 'conv2d_2', 'flatten_1', 'dense_1', 'dense_2']);
  assert.deepEqual(r.models[1].rows.map((x) => x.name), ['dense_3']);
  const text = renderModelSummary(r.models[0]).split('\n');
  assert.equal(text[4], 'conv2d_1 (Conv2D)            (None, 3, 4, 8)           40        ');
  assert.equal(text[8], 'flatten_1 (Flatten)          (None, 6)                 0         ');
  assert.equal(text[14], 'Total params: 114');
});

test("kerasVersion 'tf.keras2' numbers layers and models from 0, inputs from 1; input rows print as lists", async () => {
  const r = await analyze(SEQUENTIAL, 'tf.keras2');
  assert.deepEqual(r.models.map((m) => m.kerasName), ['sequential', 'sequential_1']);
  assert.deepEqual(r.models[0].rows.map((x) => x.name), ['conv2d', 'conv2d_1', 'flatten', 'dense', 'dense_1']);
  const f = await analyze(CONV2D_MODEL.replace('Model(input=image, output=output)', 'Model(inputs=image, outputs=output)'), 'tf.keras2');
  assert.equal(f.models[0].kerasName, 'model');
  const lines = renderModelSummary(f.models[0]).split('\n');
  assert.equal(lines[0], 'Model: "model"');
  assert.equal(lines[4], 'input_1 (InputLayer)         [(None, 128, 128, 3)]     0         ');
});

test("kerasVersion '3' keeps Keras 3's names and table", async () => {
  const r = await analyze(SEQUENTIAL, '3');
  assert.deepEqual(r.models[0].rows.map((x) => x.name), ['conv2d', 'conv2d_1', 'flatten', 'dense', 'dense_1']);
  assert.equal(r.models[0].summaryLayout, undefined);
  assert.match(renderModelSummary(r.models[0]), /┏━/);
});

test("Keras 2's four-column table: a branching model, one connection per line", async () => {
  const r = await analyze(
    `from keras.layers import Input, Dense, concatenate
from keras.models import Model
a = Input(shape=(4,))
b = Input(shape=(6,))
x = Dense(8)(a)
z = Dense(2)(b)
y = concatenate([x, z])
m = Model(inputs=[a, b], outputs=y)
`,
    '2',
  );
  const text = renderModelSummary(r.models[0]);
  assert.equal(
    text,
    [
      'Model: "model_1"',
      '_'.repeat(98),
      'Layer (type)                    Output Shape         Param #     Connected to                     ',
      '='.repeat(98),
      'input_1 (InputLayer)            (None, 4)            0                                            ',
      '_'.repeat(98),
      'input_2 (InputLayer)            (None, 6)            0                                            ',
      '_'.repeat(98),
      'dense_1 (Dense)                 (None, 8)            40          input_1[0][0]                    ',
      '_'.repeat(98),
      'dense_2 (Dense)                 (None, 2)            14          input_2[0][0]                    ',
      '_'.repeat(98),
      'concatenate_1 (Concatenate)     (None, 10)           0           dense_1[0][0]                    ',
      '                                                                 dense_2[0][0]                    ',
      '='.repeat(98),
      'Total params: 54',
      'Trainable params: 54',
      'Non-trainable params: 0',
      '_'.repeat(98),
      '',
    ].join('\n'),
  );
});

test("Keras 2's rows in model.layers order: an input that joins late comes after the deeper layers", async () => {
  const r = await analyze(
    `from keras.layers import Input, Dense, concatenate
from keras.models import Model
a = Input(shape=(4,))
b = Input(shape=(6,))
x = Dense(8)(a)
y = concatenate([x, b])
m = Model(inputs=[a, b], outputs=y)
`,
    '2',
  );
  const lines = renderModelSummary(r.models[0]).split('\n');
  assert.deepEqual(
    lines.filter((l) => /^\w+ \([A-Z]/.test(l)).map((l) => l.split(' ')[0]),
    ['input_1', 'dense_1', 'input_2', 'concatenate_1'],
  );
  assert.ok(lines.includes('concatenate_1 (Concatenate)     (None, 14)           0           dense_1[0][0]                    '));
  assert.ok(lines.includes('                                                                 input_2[0][0]                    '));
});

test("Keras 2's summary says `multiple` for a layer whose calls gave different shapes", async () => {
  const text = `from keras.layers import Input, Dense, Flatten, concatenate
from keras.models import Model
a = Input(shape=(3, 4))
b = Input(shape=(4,))
shared = Dense(2)
x = Flatten()(shared(a))
y = shared(b)
m = Model(inputs=[a, b], outputs=concatenate([x, y]))
`;
  const lines = renderModelSummary((await analyze(text, '2')).models[0]).split('\n');
  assert.ok(lines.includes('dense_1 (Dense)                 multiple             10          input_1[0][0]                    '), lines.join('\n'));
  // Keras 3's table keeps the last call's shape.
  assert.doesNotMatch(renderModelSummary((await analyze(text, '3')).models[0]), /multiple/);
});
