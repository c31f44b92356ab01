// Keras's "Connected to" column: a functional model that branches, merges or
// shares a layer is summarised in four columns (108 wide by default), each
// layer listing its inbound tensors as `layer[node_index][tensor_index]`;
// a plain chain keeps the three-column table. Expected tables follow
// keras/src/utils/summary_utils.py and rich's column layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModelSummary } from '../server/src/ide/summaryTable';
import { analyzeSource } from './analysisHarness';

const TOY_RESNET = `import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3), name="img")
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.Conv2D(64, 3, activation="relu")(x)
block_1_output = layers.MaxPooling2D(3)(x)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1_output)
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
block_2_output = layers.add([x, block_1_output])
x = layers.GlobalAveragePooling2D()(block_2_output)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs, name="toy_resnet")
`;

test('a residual model gets the Connected to column, wrapped and cut like rich at 76 columns', async () => {
  const result = await analyzeSource(TOY_RESNET);
  const [model] = result.models;
  assert.equal(model.sequentialLike, false);
  const expected = [
    'Model: "toy_resnet"',
    '┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓',
    '┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃',
    '┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩',
    '│ img (InputLayer)    │ (None, 32, 32, 3) │          0 │ -                 │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ conv2d (Conv2D)     │ (None, 30, 30,    │        896 │ img[0][0]         │',
    '│                     │ 32)               │            │                   │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ conv2d_1 (Conv2D)   │ (None, 28, 28,    │     18,496 │ conv2d[0][0]      │',
    '│                     │ 64)               │            │                   │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ max_pooling2d       │ (None, 9, 9, 64)  │          0 │ conv2d_1[0][0]    │',
    '│ (MaxPooling2D)      │                   │            │                   │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ conv2d_2 (Conv2D)   │ (None, 9, 9, 64)  │     36,928 │ max_pooling2d[0]… │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ conv2d_3 (Conv2D)   │ (None, 9, 9, 64)  │     36,928 │ conv2d_2[0][0]    │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ add (Add)           │ (None, 9, 9, 64)  │          0 │ conv2d_3[0][0],   │',
    '│                     │                   │            │ max_pooling2d[0]… │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ global_average_poo… │ (None, 64)        │          0 │ add[0][0]         │',
    '│ (GlobalAveragePool… │                   │            │                   │',
    '├─────────────────────┼───────────────────┼────────────┼───────────────────┤',
    '│ dense (Dense)       │ (None, 10)        │        650 │ global_average_p… │',
    '└─────────────────────┴───────────────────┴────────────┴───────────────────┘',
    ' Total params: 93,898 (366.79 KB)',
    ' Trainable params: 93,898 (366.79 KB)',
    ' Non-trainable params: 0 (0.00 B)',
    '',
  ].join('\n');
  // A piped terminal: Python assumes 80 columns, so min(108, 80 - 4).
  assert.equal(renderModelSummary(model, { terminalColumns: 80 }), expected);
});

test('a shared layer has one node per call, and a layer with several outputs names each tensor', async () => {
  const result = await analyzeSource(`import keras
from keras import layers

a = keras.Input(shape=(8,), name="left")
b = keras.Input(shape=(8,), name="right")
shared = layers.Dense(4)
merged = layers.concatenate([shared(a), shared(b)])
seq, h, c = layers.LSTM(4, return_state=True)(layers.Reshape((2, 4))(merged))
out = layers.Add()([h, c])
model = keras.Model([a, b], out)
`);
  const [model] = result.models;
  assert.deepEqual(
    model.rows.map((r) => [r.name, r.connectedTo]),
    [
      ['left', []],
      ['right', []],
      ['dense', ['left[0][0]', 'right[0][0]']],
      ['concatenate', ['dense[0][0]', 'dense[1][0]']],
      ['reshape', ['concatenate[0][0]']],
      ['lstm', ['reshape[0][0]']],
      ['add', ['lstm[0][1]', 'lstm[0][2]']],
    ],
  );
  const expected = [
    'Model: "functional"',
    '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓',
    '┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃',
    '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩',
    '│ left (InputLayer)             │ (None, 8)                 │               0 │ -                          │',
    '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
    '│ right (InputLayer)            │ (None, 8)                 │               0 │ -                          │',
    '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
    '│ dense (Dense)                 │ (None, 4)                 │              36 │ left[0][0], right[0][0]    │',
    '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
    '│ concatenate (Concatenate)     │ (None, 8)                 │               0 │ dense[0][0], dense[1][0]   │',
    '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
    '│ reshape (Reshape)             │ (None, 2, 4)              │               0 │ concatenate[0][0]          │',
    '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
    '│ lstm (LSTM)                   │ [(None, 4), (None, 4),    │             144 │ reshape[0][0]              │',
    '│                               │ (None, 4)]                │                 │                            │',
    '├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤',
    '│ add (Add)                     │ (None, 4)                 │               0 │ lstm[0][1], lstm[0][2]     │',
    '└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘',
    ' Total params: 180 (720.00 B)',
    ' Trainable params: 180 (720.00 B)',
    ' Non-trainable params: 0 (0.00 B)',
    '',
  ].join('\n');
  // Keras's default width with the fourth column: 108 (columns of 29, 25, 15 and 26 characters).
  assert.equal(renderModelSummary(model), expected);
});

test('a functional chain keeps the three-column table', async () => {
  const result = await analyzeSource(`import keras
from keras import layers

inputs = keras.Input(shape=(8,))
x = layers.Dense(4)(inputs)
outputs = layers.Dense(2)(x)
model = keras.Model(inputs, outputs)
`);
  const [model] = result.models;
  assert.equal(model.sequentialLike, true);
  assert.ok(model.rows.every((r) => r.connectedTo === undefined));
  const expected = [
    'Model: "functional"',
    '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
    '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
    '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
    '│ input_layer (InputLayer)        │ (None, 8)              │             0 │',
    '├─────────────────────────────────┼────────────────────────┼───────────────┤',
    '│ dense (Dense)                   │ (None, 4)              │            36 │',
    '├─────────────────────────────────┼────────────────────────┼───────────────┤',
    '│ dense_1 (Dense)                 │ (None, 2)              │            10 │',
    '└─────────────────────────────────┴────────────────────────┴───────────────┘',
    ' Total params: 46 (184.00 B)',
    ' Trainable params: 46 (184.00 B)',
    ' Non-trainable params: 0 (0.00 B)',
    '',
  ].join('\n');
  assert.equal(renderModelSummary(model, { terminalColumns: 80 }), expected);
});

test('Sequential-like follows Keras: an intermediate output alone does not branch, two heads do', async () => {
  const intermediate = await analyzeSource(`import keras
from keras import layers
inputs = keras.Input(shape=(8,))
x = layers.Dense(4)(inputs)
y = layers.Dense(2)(x)
model = keras.Model(inputs, [x, y])
`);
  assert.equal(intermediate.models[0].sequentialLike, true);
  const heads = await analyzeSource(`import keras
from keras import layers
inputs = keras.Input(shape=(8,))
x = layers.Dense(4)(inputs)
model = keras.Model(inputs, [layers.Dense(2)(x), layers.Dense(3)(x)])
`);
  assert.equal(heads.models[0].sequentialLike, false);
  assert.deepEqual(heads.models[0].rows.map((r) => r.connectedTo), [[], ['input_layer[0][0]'], ['dense[0][0]'], ['dense[0][0]']]);
  const sequential = await analyzeSource(`import keras
from keras import layers
model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4), layers.Dense(2)])
`);
  assert.equal(sequential.models[0].sequentialLike, true);
});

test('a layer called twice in one model is shared: four columns, the second call at node 1', async () => {
  const result = await analyzeSource(`import keras
from keras import layers
inputs = keras.Input(shape=(8,))
shared = layers.Dense(8)
outputs = shared(shared(inputs))
model = keras.Model(inputs, outputs)
`);
  const [model] = result.models;
  assert.equal(model.sequentialLike, false);
  assert.deepEqual(model.rows.map((r) => [r.name, r.connectedTo]), [
    ['input_layer', []],
    ['dense', ['input_layer[0][0]', 'dense[0][0]']],
  ]);
});
