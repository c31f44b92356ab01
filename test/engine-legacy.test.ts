// Old Keras spellings (Keras 1, Keras 2's legacy interfaces, tf.keras 2):
// a table of old calls with their Keras 3 translation and notes, checked
// under the version that accepted them (translated) and under Keras 3
// (reported, left as written); then translated calls through the engine,
// with shapes and parameter counts worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LEGACY_CODES,
  evaluateLayer,
  legacyBackendCall,
  parseKerasVersion,
  renderFixText,
  translateLegacyCall,
  type ArgRef,
  type KerasVersion,
  type LayerResult,
  type LegacyEdit,
  type LegacyTranslation,
  type PyValue,
  type Shape,
} from '../server/src/engine';

const a: PyValue = { kind: 'opaque', repr: 'a' };
const b: PyValue = { kind: 'opaque', repr: 'b' };

interface Row {
  readonly name: string;
  readonly old: readonly [className: string, positional: PyValue[], keywords: Record<string, PyValue>];
  /** The version that accepted the old spelling (the call is translated under it). */
  readonly version: Exclude<KerasVersion, '3'>;
  readonly keras3: {
    readonly className: string;
    readonly positional: PyValue[];
    readonly keywords: Record<string, PyValue>;
    readonly applyTo?: PyValue;
    readonly batchSize?: number | null;
  };
  /** Each note: code, the old spelling, its Keras 3 spelling. */
  readonly notes: readonly (readonly [code: string, old: string, keras3: string | null])[];
  /** The first note's Keras 3 behaviour under version '3', when it is worth pinning. */
  readonly keras3Error?: string;
  /** Under version '3' the call raises (info notes) or silently means something else (a warning). */
  readonly misread?: boolean;
  /** Valid Keras 3 with another meaning and nothing else in the call says it is old code: no note under '3'. */
  readonly silentUnder3?: boolean;
}

const rows: Row[] = [
  {
    name: "Keras 1's Convolution2D(32, 3, 3, border_mode='same')",
    old: ['Convolution2D', [32, 3, 3], { border_mode: 'same', input_shape: [28, 28, 1] }],
    version: '1',
    keras3: { className: 'Convolution2D', positional: [32, [3, 3]], keywords: { padding: 'same', input_shape: [28, 28, 1] } },
    notes: [
      ['legacy-argument', '3, 3', '(3, 3)'],
      ['legacy-argument', "border_mode='same'", "padding='same'"],
    ],
  },
  {
    name: 'Convolution2D(32, 3, 3) alone: Keras 3 reads strides 3',
    old: ['Convolution2D', [32, 3, 3], {}],
    version: '1',
    keras3: { className: 'Convolution2D', positional: [32, [3, 3]], keywords: {} },
    notes: [['legacy-argument', '3, 3', '(3, 3)']],
    misread: true,
  },
  {
    name: 'Keras 2 read Conv2D(64, 5, 5) as a 5×5 kernel',
    old: ['Conv2D', [64, 5, 5], { activation: 'relu' }],
    version: '2',
    keras3: { className: 'Conv2D', positional: [64, [5, 5]], keywords: { activation: 'relu' } },
    notes: [['legacy-argument', '5, 5', '(5, 5)']],
    silentUnder3: true,
  },
  {
    name: 'nb_row/nb_col keywords',
    old: ['Convolution2D', [], { nb_filter: 16, nb_row: 3, nb_col: 5, subsample: [2, 2] }],
    version: '1',
    keras3: { className: 'Convolution2D', positional: [], keywords: { filters: 16, kernel_size: [3, 5], strides: [2, 2] } },
    notes: [
      ['legacy-argument', 'nb_row=3, nb_col=5', 'kernel_size=(3, 5)'],
      ['legacy-argument', 'nb_filter=16', 'filters=16'],
      ['legacy-argument', 'subsample=(2, 2)', 'strides=(2, 2)'],
    ],
    keras3Error: "ValueError: Unrecognized keyword arguments passed to Conv2D: {'nb_row': 3, 'nb_col': 5}",
  },
  {
    name: 'Convolution3D(8, 3, 3, 3)',
    old: ['Convolution3D', [8, 3, 3, 3], { dim_ordering: 'tf' }],
    version: '1',
    keras3: { className: 'Convolution3D', positional: [8, [3, 3, 3]], keywords: { data_format: 'channels_last' } },
    notes: [
      ['legacy-argument', '3, 3, 3', '(3, 3, 3)'],
      ['legacy-argument', "dim_ordering='tf'", "data_format='channels_last'"],
    ],
  },
  {
    name: "dim_ordering='default' is simply dropped",
    old: ['MaxPooling2D', [[2, 2]], { dim_ordering: 'default' }],
    version: '2',
    keras3: { className: 'MaxPooling2D', positional: [[2, 2]], keywords: {} },
    notes: [['legacy-argument', "dim_ordering='default'", '']],
  },
  {
    name: 'Dense(output_dim=64, init=…, W_regularizer=…, bias=False)',
    old: ['Dense', [], { output_dim: 64, init: 'uniform', W_regularizer: 'l2', bias: false, input_dim: 784 }],
    version: '1',
    keras3: { className: 'Dense', positional: [], keywords: { units: 64, kernel_initializer: 'uniform', kernel_regularizer: 'l2', use_bias: false, input_dim: 784 } },
    notes: [
      ['legacy-argument', 'output_dim=64', 'units=64'],
      ['legacy-argument', "init='uniform'", "kernel_initializer='uniform'"],
      ['legacy-argument', "W_regularizer='l2'", "kernel_regularizer='l2'"],
      ['legacy-argument', 'bias=False', 'use_bias=False'],
    ],
    keras3Error: "ValueError: Unrecognized keyword arguments passed to Dense: {'output_dim': 64}",
  },
  {
    name: 'both the old and the new keyword: the old one goes',
    old: ['Dense', [8], { init: 'zeros', kernel_initializer: 'ones' }],
    version: '2',
    keras3: { className: 'Dense', positional: [8], keywords: { kernel_initializer: 'ones' } },
    notes: [['legacy-argument', "init='zeros'", '']],
  },
  {
    name: 'LSTM with Keras 1 keywords and input_dim/input_length',
    old: ['LSTM', [32], { input_dim: 10, input_length: 5, inner_init: 'orthogonal', dropout_W: 0.2, dropout_U: 0.1, consume_less: 'gpu', return_sequences: true }],
    version: '1',
    keras3: {
      className: 'LSTM',
      positional: [32],
      keywords: { input_shape: [5, 10], recurrent_initializer: 'orthogonal', dropout: 0.2, recurrent_dropout: 0.1, implementation: 2, return_sequences: true },
    },
    notes: [
      ['legacy-argument', "inner_init='orthogonal'", "recurrent_initializer='orthogonal'"],
      ['legacy-argument', 'dropout_W=0.2', 'dropout=0.2'],
      ['legacy-argument', 'dropout_U=0.1', 'recurrent_dropout=0.1'],
      ['legacy-argument', "consume_less='gpu'", 'implementation=2'],
      ['legacy-argument', 'input_dim=10, input_length=5', 'input_shape=(5, 10)'],
    ],
  },
  {
    name: "forget_bias_init='one' on LSTM",
    old: ['LSTM', [4], { forget_bias_init: 'one' }],
    version: '1',
    keras3: { className: 'LSTM', positional: [4], keywords: { unit_forget_bias: true } },
    notes: [['legacy-argument', "forget_bias_init='one'", 'unit_forget_bias=True']],
  },
  {
    name: 'input_dim alone on an RNN: Keras 3 makes it a one-axis input shape',
    old: ['GRU', [16], { input_dim: 8 }],
    version: 'tf.keras2',
    keras3: { className: 'GRU', positional: [16], keywords: { input_shape: [null, 8] } },
    notes: [['legacy-argument', 'input_dim=8', 'input_shape=(None, 8)']],
    misread: true,
  },
  {
    name: "consume_less on SimpleRNN, which has no implementation in Keras 3",
    old: ['SimpleRNN', [8], { consume_less: 'mem' }],
    version: '1',
    keras3: { className: 'SimpleRNN', positional: [8], keywords: {} },
    notes: [['legacy-argument', "consume_less='mem'", '']],
  },
  {
    name: 'Convolution1D with Keras 1 names and input_dim/input_length',
    old: ['Convolution1D', [], { nb_filter: 64, filter_length: 3, subsample_length: 1, input_dim: 32, input_length: 100 }],
    version: '1',
    keras3: { className: 'Convolution1D', positional: [], keywords: { filters: 64, kernel_size: 3, strides: 1, input_shape: [100, 32] } },
    notes: [
      ['legacy-argument', 'nb_filter=64', 'filters=64'],
      ['legacy-argument', 'filter_length=3', 'kernel_size=3'],
      ['legacy-argument', 'subsample_length=1', 'strides=1'],
      ['legacy-argument', 'input_dim=32, input_length=100', 'input_shape=(100, 32)'],
    ],
  },
  {
    name: 'MaxPooling1D(pool_length=…, stride=…, border_mode=…)',
    old: ['MaxPooling1D', [], { pool_length: 2, stride: 2, border_mode: 'valid' }],
    version: '1',
    keras3: { className: 'MaxPooling1D', positional: [], keywords: { pool_size: 2, strides: 2, padding: 'valid' } },
    notes: [
      ['legacy-argument', 'pool_length=2', 'pool_size=2'],
      ['legacy-argument', 'stride=2', 'strides=2'],
      ['legacy-argument', "border_mode='valid'", "padding='valid'"],
    ],
  },
  {
    name: "MaxPooling2D(border_mode='same', dim_ordering='th')",
    old: ['MaxPooling2D', [[2, 2]], { border_mode: 'same', dim_ordering: 'th' }],
    version: '1',
    keras3: { className: 'MaxPooling2D', positional: [[2, 2]], keywords: { padding: 'same', data_format: 'channels_first' } },
    notes: [
      ['legacy-argument', "border_mode='same'", "padding='same'"],
      ['legacy-argument', "dim_ordering='th'", "data_format='channels_first'"],
    ],
  },
  {
    name: 'AveragePooling2D() took pool_size=(2, 2) by default',
    old: ['AveragePooling2D', [], {}],
    version: 'tf.keras2',
    keras3: { className: 'AveragePooling2D', positional: [], keywords: { pool_size: [2, 2] } },
    notes: [['legacy-argument', 'AveragePooling2D()', 'pool_size=(2, 2)']],
    keras3Error: "TypeError: AveragePooling2D.__init__() missing 1 required positional argument: 'pool_size'",
  },
  {
    name: 'AvgPool1D(strides=1): pool_size=2 by default',
    old: ['AvgPool1D', [], { strides: 1 }],
    version: '2',
    keras3: { className: 'AvgPool1D', positional: [], keywords: { strides: 1, pool_size: 2 } },
    notes: [['legacy-argument', 'AvgPool1D(…)', 'pool_size=2']],
  },
  {
    name: "Keras 1's AveragePooling1D(pool_length=3) needs no default",
    old: ['AveragePooling1D', [], { pool_length: 3 }],
    version: '1',
    keras3: { className: 'AveragePooling1D', positional: [], keywords: { pool_size: 3 } },
    notes: [['legacy-argument', 'pool_length=3', 'pool_size=3']],
  },
  {
    name: 'Embedding(init=…, dropout=…)',
    old: ['Embedding', [1000, 64], { init: 'uniform', input_length: 10, dropout: 0.2 }],
    version: '1',
    keras3: { className: 'Embedding', positional: [1000, 64], keywords: { embeddings_initializer: 'uniform', input_length: 10 } },
    notes: [
      ['legacy-argument', "init='uniform'", "embeddings_initializer='uniform'"],
      ['legacy-argument', 'dropout=0.2', ''],
    ],
  },
  {
    name: 'Dropout(p=0.5), GaussianNoise(sigma=…)',
    old: ['Dropout', [], { p: 0.5 }],
    version: '1',
    keras3: { className: 'Dropout', positional: [], keywords: { rate: 0.5 } },
    notes: [['legacy-argument', 'p=0.5', 'rate=0.5']],
  },
  {
    name: 'GaussianNoise(sigma=0.1)',
    old: ['GaussianNoise', [], { sigma: 0.1 }],
    version: '1',
    keras3: { className: 'GaussianNoise', positional: [], keywords: { stddev: 0.1 } },
    notes: [['legacy-argument', 'sigma=0.1', 'stddev=0.1']],
  },
  {
    name: 'SpatialDropout2D(p=…, dim_ordering=…): Python rejects the keyword',
    old: ['SpatialDropout2D', [], { p: 0.2, dim_ordering: 'th' }],
    version: '1',
    keras3: { className: 'SpatialDropout2D', positional: [], keywords: { rate: 0.2, data_format: 'channels_first' } },
    notes: [
      ['legacy-argument', 'p=0.2', 'rate=0.2'],
      ['legacy-argument', "dim_ordering='th'", "data_format='channels_first'"],
    ],
    keras3Error: "TypeError: SpatialDropout2D.__init__() got an unexpected keyword argument 'p'",
  },
  {
    name: 'UpSampling1D(length=2)',
    old: ['UpSampling1D', [], { length: 2 }],
    version: '1',
    keras3: { className: 'UpSampling1D', positional: [], keywords: { size: 2 } },
    notes: [['legacy-argument', 'length=2', 'size=2']],
  },
  {
    name: "ZeroPadding2D's dict padding",
    old: ['ZeroPadding2D', [], { padding: { kind: 'dict', entries: { top_pad: 1, bottom_pad: 2, left_pad: 3 } } }],
    version: '2',
    keras3: { className: 'ZeroPadding2D', positional: [], keywords: { padding: [[1, 2], [3, 0]] } },
    notes: [['legacy-argument', "padding={'top_pad': 1, 'bottom_pad': 2, 'left_pad': 3}", 'padding=((1, 2), (3, 0))']],
    keras3Error: "ValueError: `padding` should have two elements. Received: padding={'top_pad': 1, 'bottom_pad': 2, 'left_pad': 3}.",
  },
  {
    name: 'PReLU(init=…)',
    old: ['PReLU', [], { init: 'zero' }],
    version: '1',
    keras3: { className: 'PReLU', positional: [], keywords: { alpha_initializer: 'zero' } },
    notes: [['legacy-argument', "init='zero'", "alpha_initializer='zero'"]],
  },
  {
    name: 'BatchNormalization(mode=0, beta_init=…)',
    old: ['BatchNormalization', [], { mode: 0, axis: 1, beta_init: 'zero' }],
    version: '1',
    keras3: { className: 'BatchNormalization', positional: [], keywords: { axis: 1, beta_initializer: 'zero' } },
    notes: [
      ['legacy-argument', 'beta_init=\'zero\'', "beta_initializer='zero'"],
      ['legacy-argument', 'mode=0', ''],
    ],
  },
  {
    name: "tf.keras 2's BatchNormalization(fused=True)",
    old: ['BatchNormalization', [], { fused: true }],
    version: 'tf.keras2',
    keras3: { className: 'BatchNormalization', positional: [], keywords: {} },
    notes: [['legacy-argument', 'fused=True', '']],
  },
  {
    name: 'SeparableConvolution2D(32, 3, 3, init=…)',
    old: ['SeparableConvolution2D', [32, 3, 3], { init: 'he_normal' }],
    version: '1',
    keras3: {
      className: 'SeparableConvolution2D',
      positional: [32, [3, 3]],
      keywords: { depthwise_initializer: 'he_normal', pointwise_initializer: 'he_normal' },
    },
    notes: [
      ['legacy-argument', '3, 3', '(3, 3)'],
      ['legacy-argument', "init='he_normal'", "depthwise_initializer='he_normal', pointwise_initializer='he_normal'"],
    ],
  },
  {
    name: 'Deconvolution2D(3, 3, 3, output_shape, subsample=…)',
    old: ['Deconvolution2D', [3, 3, 3, [null, 56, 56, 3]], { subsample: [2, 2], border_mode: 'same' }],
    version: '1',
    keras3: { className: 'Conv2DTranspose', positional: [3, [3, 3]], keywords: { strides: [2, 2], padding: 'same' } },
    notes: [
      ['legacy-layer', 'Deconvolution2D', 'Conv2DTranspose'],
      ['legacy-argument', '(None, 56, 56, 3)', ''],
      ['legacy-argument', '3, 3', '(3, 3)'],
      ['legacy-argument', 'subsample=(2, 2)', 'strides=(2, 2)'],
      ['legacy-argument', "border_mode='same'", "padding='same'"],
    ],
    keras3Error: "AttributeError: module 'keras.layers' has no attribute 'Deconvolution2D'",
  },
  {
    name: 'AtrousConvolution2D(16, 3, 3, atrous_rate=(2, 2))',
    old: ['AtrousConvolution2D', [16, 3, 3], { atrous_rate: [2, 2] }],
    version: '1',
    keras3: { className: 'Conv2D', positional: [16, [3, 3]], keywords: { dilation_rate: [2, 2] } },
    notes: [
      ['legacy-layer', 'AtrousConvolution2D', 'Conv2D'],
      ['legacy-argument', '3, 3', '(3, 3)'],
      ['legacy-argument', 'atrous_rate=(2, 2)', 'dilation_rate=(2, 2)'],
    ],
  },
  {
    name: 'Keras 2’s Deconv3D',
    old: ['Deconv3D', [4, 3], {}],
    version: '2',
    keras3: { className: 'Conv3DTranspose', positional: [4, 3], keywords: {} },
    notes: [['legacy-layer', 'Deconv3D', 'Conv3DTranspose']],
  },
  {
    name: 'CuDNNGRU(16)',
    old: ['CuDNNGRU', [16], { return_sequences: true }],
    version: 'tf.keras2',
    keras3: { className: 'GRU', positional: [16], keywords: { return_sequences: true } },
    notes: [['legacy-layer', 'CuDNNGRU', 'GRU']],
  },
  {
    name: 'ThresholdedReLU(theta=0.5)',
    old: ['ThresholdedReLU', [], { theta: 0.5 }],
    version: 'tf.keras2',
    keras3: { className: 'ReLU', positional: [], keywords: { threshold: 0.5 } },
    notes: [
      ['legacy-layer', 'ThresholdedReLU', 'ReLU'],
      ['legacy-argument', 'theta=0.5', 'threshold=0.5'],
    ],
  },
  {
    name: 'ThresholdedReLU(): theta defaulted to 1.0',
    old: ['ThresholdedReLU', [], {}],
    version: '2',
    keras3: { className: 'ReLU', positional: [], keywords: { threshold: 1.0 } },
    notes: [
      ['legacy-layer', 'ThresholdedReLU', 'ReLU'],
      ['legacy-argument', 'ThresholdedReLU()', 'threshold=1.0'],
    ],
  },
  {
    name: 'TimeDistributedDense(10, input_dim=8, input_length=5, init=…)',
    old: ['TimeDistributedDense', [10], { input_dim: 8, input_length: 5, init: 'normal', activation: 'relu' }],
    version: '1',
    keras3: {
      className: 'TimeDistributed',
      positional: [{ kind: 'layer', className: 'Dense', args: { positional: [10], keywords: { kernel_initializer: 'normal', activation: 'relu' } } }],
      keywords: { input_shape: [5, 8] },
    },
    notes: [
      ['legacy-layer', 'TimeDistributedDense(…)', 'TimeDistributed(Dense(…))'],
      ['legacy-argument', "init='normal'", "kernel_initializer='normal'"],
      ['legacy-argument', 'input_dim=8, input_length=5', 'input_shape=(5, 8)'],
    ],
  },
  {
    name: "merge([a, b], mode='concat', concat_axis=1)",
    old: ['merge', [[a, b]], { mode: 'concat', concat_axis: 1 }],
    version: '1',
    keras3: { className: 'Concatenate', positional: [], keywords: { axis: 1 }, applyTo: [a, b] },
    notes: [['legacy-layer', "merge(…, mode='concat')", 'Concatenate(axis=1)([a, b])']],
    keras3Error: "AttributeError: module 'keras.layers' has no attribute 'merge'",
  },
  {
    name: 'merge([a, b]): the default mode is sum',
    old: ['merge', [[a, b]], { name: 'added' }],
    version: '2',
    keras3: { className: 'Add', positional: [], keywords: { name: 'added' }, applyTo: [a, b] },
    notes: [['legacy-layer', "merge(…, mode='sum')", "Add(name='added')([a, b])"]],
  },
  {
    name: "Merge([a, b], mode='cos', dot_axes=1)",
    old: ['Merge', [[a, b]], { mode: 'cos', dot_axes: 1 }],
    version: '1',
    keras3: { className: 'Dot', positional: [], keywords: { axes: 1, normalize: true }, applyTo: [a, b] },
    notes: [['legacy-layer', "Merge(…, mode='cos')", 'Dot(axes=1, normalize=True)([a, b])']],
  },
  {
    name: "merge([a, b], mode='sum', concat_axis=1): the axis of another mode goes",
    old: ['merge', [[a, b], 'sum', 1], {}],
    version: '1',
    keras3: { className: 'Add', positional: [], keywords: {}, applyTo: [a, b] },
    notes: [['legacy-layer', "merge(…, mode='sum')", 'Add()([a, b])']],
  },
  {
    name: "merge(inputs=[a, b], mode='ave')",
    old: ['merge', [], { inputs: [a, b], mode: 'ave' }],
    version: '1',
    keras3: { className: 'Average', positional: [], keywords: {}, applyTo: [a, b] },
    notes: [['legacy-layer', "merge(…, mode='ave')", 'Average()([a, b])']],
  },
  {
    name: 'Model(input=…, output=…)',
    old: ['Model', [], { input: a, output: b, name: 'net' }],
    version: '1',
    keras3: { className: 'Model', positional: [], keywords: { inputs: a, outputs: b, name: 'net' } },
    notes: [
      ['legacy-argument', 'input=a', 'inputs=a'],
      ['legacy-argument', 'output=b', 'outputs=b'],
    ],
    keras3Error: "ValueError: Unrecognized keyword arguments passed to Model: {'input': a}",
  },
  {
    name: 'Input(shape=1024): tf.keras 2 took an int',
    old: ['Input', [], { shape: 1024 }],
    version: 'tf.keras2',
    keras3: { className: 'Input', positional: [], keywords: { shape: [1024] } },
    notes: [['legacy-argument', 'shape=1024', 'shape=(1024,)']],
    keras3Error: "ValueError: Cannot convert '1024' to a shape.",
  },
  {
    name: 'Input(784) positionally',
    old: ['Input', [784], {}],
    version: 'tf.keras2',
    keras3: { className: 'Input', positional: [[784]], keywords: {} },
    notes: [['legacy-argument', '784', '(784,)']],
  },
  {
    name: 'Input(input_dtype=…)',
    old: ['Input', [], { shape: [3], input_dtype: 'int32' }],
    version: '1',
    keras3: { className: 'Input', positional: [], keywords: { shape: [3], dtype: 'int32' } },
    notes: [['legacy-argument', "input_dtype='int32'", "dtype='int32'"]],
  },
  {
    name: 'batch_input_shape on a first layer',
    old: ['LSTM', [8], { batch_input_shape: [32, 10, 4], stateful: true }],
    version: 'tf.keras2',
    keras3: { className: 'LSTM', positional: [8], keywords: { input_shape: [10, 4], stateful: true }, batchSize: 32 },
    notes: [['legacy-argument', 'batch_input_shape=(32, 10, 4)', 'input_shape=(10, 4)']],
    keras3Error: "ValueError: Unrecognized keyword arguments passed to LSTM: {'batch_input_shape': (32, 10, 4)}",
  },
  {
    name: "tf.keras 2's Input(batch_input_shape=…)",
    old: ['Input', [], { batch_input_shape: [8, 3] }],
    version: 'tf.keras2',
    keras3: { className: 'Input', positional: [], keywords: { batch_shape: [8, 3] } },
    notes: [['legacy-argument', 'batch_input_shape=(8, 3)', 'batch_shape=(8, 3)']],
    keras3Error: "TypeError: Input() got an unexpected keyword argument 'batch_input_shape'",
  },
  {
    name: 'batch_size and weights on a layer',
    old: ['Dense', [4], { input_shape: [3], batch_size: 16, weights: { kind: 'unknown' } }],
    version: 'tf.keras2',
    keras3: { className: 'Dense', positional: [4], keywords: { input_shape: [3] }, batchSize: 16 },
    notes: [
      ['legacy-argument', 'batch_size=16', ''],
      ['legacy-argument', 'weights=…', ''],
    ],
  },
  {
    name: 'GlobalAveragePooling2D(dim_ordering=…)',
    old: ['GlobalAveragePooling2D', [], { dim_ordering: 'th' }],
    version: '2',
    keras3: { className: 'GlobalAveragePooling2D', positional: [], keywords: { data_format: 'channels_first' } },
    notes: [['legacy-argument', "dim_ordering='th'", "data_format='channels_first'"]],
  },
];

function noteSummary(t: LegacyTranslation): [string, string, string | null][] {
  return t.notes.map((n) => [n.code, n.old, n.keras3]);
}

for (const row of rows) {
  test(`legacy: ${row.name} (kerasVersion '${row.version}': translated)`, () => {
    const [cls, pos, kw] = row.old;
    const t = translateLegacyCall(cls, pos, kw, row.version);
    assert.equal(t.className, row.keras3.className);
    assert.deepEqual(t.positional, row.keras3.positional);
    assert.deepEqual(t.keywords, row.keras3.keywords);
    assert.deepEqual(t.applyTo, row.keras3.applyTo);
    assert.equal(t.batchSize, row.keras3.batchSize);
    assert.equal(t.changed, true);
    assert.deepEqual(noteSummary(t), row.notes);
    for (const n of t.notes) {
      assert.equal(n.applied, true, n.message);
      assert.equal(n.severity, 'info');
      assert.ok(n.message.includes(`kerasVersion is '${row.version}'`), n.message);
    }
    assert.deepEqual(t.keras3Call.keywords, row.keras3.keywords);
  });

  test(`legacy: ${row.name} (kerasVersion '3': reported, left as written)`, () => {
    const [cls, pos, kw] = row.old;
    const t = translateLegacyCall(cls, pos, kw, '3');
    assert.equal(t.changed, false);
    assert.equal(t.className, cls);
    assert.deepEqual(t.positional, pos);
    assert.deepEqual(t.keywords, kw);
    if (row.silentUnder3 === true) {
      assert.deepEqual(t.notes, []);
      return;
    }
    assert.equal(t.keras3Call.className, row.keras3.className);
    assert.deepEqual(t.keras3Call.positional, row.keras3.positional);
    assert.deepEqual(t.keras3Call.keywords, row.keras3.keywords);
    assert.deepEqual(noteSummary(t), row.notes);
    for (const n of t.notes) {
      assert.equal(n.applied, false);
      assert.ok(n.message.startsWith(n.message.charAt(0)) && n.message.includes('Keras 3'), n.message);
      assert.ok(n.fix.length > 0, `a quick fix for ${n.old}`);
      assert.ok(n.fixTitle !== undefined && n.fixTitle.length > 0);
    }
    if (row.keras3Error !== undefined) {
      const first = t.notes[0].behaviour;
      assert.equal(first.kind, 'raises');
      assert.equal(first.kind === 'raises' ? first.error : '', row.keras3Error);
      assert.ok(t.notes[0].message.includes(row.keras3Error));
    }
    const misreads = t.notes.filter((n) => n.behaviour.kind === 'misreads');
    if (row.misread === true) {
      assert.ok(misreads.length > 0);
      for (const n of misreads) assert.equal(n.severity, 'warning');
    }
  });
}

function refKey(r: ArgRef): string {
  return r.kind === 'positional' ? `p${r.index}` : r.kind === 'keyword' ? `k:${r.name}` : r.kind;
}

function editKeys(e: LegacyEdit): string[] {
  if (e.kind === 'append') return ['append'];
  if (e.kind === 'after') return ['after'];
  if (e.kind === 'remove') return [refKey(e.target)];
  if (e.through !== undefined && e.target.kind === 'positional' && e.through.kind === 'positional') {
    const keys: string[] = [];
    for (let i = e.target.index; i <= e.through.index; i++) keys.push(`p${i}`);
    return keys;
  }
  return [refKey(e.target)];
}

test('legacy: the edits of one call never touch the same argument twice, and refer to arguments that exist', () => {
  for (const row of rows) {
    const [cls, pos, kw] = row.old;
    const t = translateLegacyCall(cls, pos, kw, '3');
    const seen = new Set<string>();
    for (const n of t.notes) {
      for (const e of n.fix) {
        for (const k of editKeys(e)) {
          if (k === 'append' || k === 'after') continue;
          assert.ok(!seen.has(k), `${row.name}: ${k} edited twice`);
          seen.add(k);
          if (k.startsWith('p')) assert.ok(Number(k.slice(1)) < pos.length, `${row.name}: ${k}`);
          if (k.startsWith('k:')) assert.ok(k.slice(2) in kw, `${row.name}: ${k}`);
        }
      }
    }
  }
});

test('legacy: Keras 3 calls and unknown classes pass through without notes', () => {
  const cases: [string, PyValue[], Record<string, PyValue>][] = [
    ['Conv2D', [32, [3, 3]], { padding: 'same', strides: 2 }],
    ['Conv2D', [32, 3, 2], { padding: 'same' }],
    ['Convolution2D', [32, 3, 2], { strides: 1 }],
    ['Dense', [64], { input_dim: 784, activation: 'relu' }],
    ['Embedding', [1000, 64], { input_length: 10 }],
    ['LSTM', [32], { dropout: 0.2, implementation: 2 }],
    ['AveragePooling2D', [2], {}],
    ['MyLayer', [1, 2, 3], { init: 'x', border_mode: 'same' }],
    ['Input', [], { shape: [784] }],
    ['Input', [], { batch_size: 32, shape: [3] }],
    ['Model', [a, b], {}],
    ['LeakyReLU', [], { alpha: 0.1 }],
  ];
  for (const v of ['1', '2', 'tf.keras2', '3'] as const) {
    for (const [cls, pos, kw] of cases) {
      const t = translateLegacyCall(cls, pos, kw, v);
      if ((v === '1' || v === '2') && cls === 'Conv2D' && pos.length === 3 && Object.keys(kw).length === 0) continue;
      assert.deepEqual(t.notes, [], `${cls} under ${v}: ${t.notes.map((n) => n.message).join(' | ')}`);
      assert.equal(t.changed, false);
      assert.deepEqual(t.keywords, kw);
    }
  }
});

test('legacy: a spelling is translated only under the versions that accepted it', () => {
  // Keras 1 keyword: translated by Keras 1 and 2 (its legacy interface), not tf.keras 2.
  for (const [v, applied] of [['1', true], ['2', true], ['tf.keras2', false], ['3', false]] as const) {
    const t = translateLegacyCall('Dense', [8], { init: 'zeros' }, v);
    assert.equal(t.notes[0].applied, applied, v);
    assert.deepEqual(t.keywords, applied ? { kernel_initializer: 'zeros' } : { init: 'zeros' });
  }
  // Only tf.keras 2 took an int shape.
  for (const [v, applied] of [['1', false], ['2', false], ['tf.keras2', true], ['3', false]] as const) {
    assert.equal(translateLegacyCall('Input', [], { shape: 8 }, v).notes[0].applied, applied, v);
  }
  // tf.keras 2 read Conv2D(32, 3, 3) as strides 3 too: a warning, not a translation.
  const tf = translateLegacyCall('Convolution2D', [32, 3, 3], {}, 'tf.keras2');
  assert.equal(tf.changed, false);
  assert.equal(tf.notes[0].severity, 'warning');
  assert.match(tf.notes[0].message, /Keras 3 reads it as `kernel_size=3, strides=3`/);
  // A Keras 1 keyword in the call is evidence enough for Conv2D's positional kernel too.
  assert.equal(translateLegacyCall('Conv2D', [32, 3, 3], { init: 'he_normal' }, '3').notes.length, 2);
  // Keras 2 refused to guess when Keras 2 keywords came with the positional numbers.
  assert.deepEqual(translateLegacyCall('Convolution2D', [32, 3, 2], { padding: 'same' }, '2').notes, []);
  // Keras 1 only: TimeDistributedDense.
  assert.equal(translateLegacyCall('TimeDistributedDense', [4], {}, '2').className, 'TimeDistributedDense');
});

test("legacy: the diagnostic text says what the old code meant, Keras 3's error and the fix", () => {
  const t = translateLegacyCall('Conv2D', [32, [3, 3]], { border_mode: 'same' }, '3');
  assert.equal(
    t.notes[0].message,
    "`border_mode='same'` is Keras 1's spelling of `padding='same'`; Keras 3 raises " +
      "`ValueError: Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same'}` — write `padding='same'`.",
  );
  assert.equal(t.notes[0].fixTitle, "Write `padding='same'`");
  assert.deepEqual(t.notes[0].at, { kind: 'keyword', name: 'border_mode' });
  assert.deepEqual(t.notes[0].fix, [
    { kind: 'replace', target: { kind: 'keyword', name: 'border_mode' }, text: ['padding=', { sourceOf: { kind: 'keyword', name: 'border_mode' } }] },
  ]);
  const k = translateLegacyCall('Convolution2D', [32, 3, 3], {}, '3').notes[0];
  assert.equal(
    k.message,
    "In `Convolution2D(32, 3, 3)`, `3, 3` is Keras 1's form of the kernel size, one number per axis (a 3×3 kernel); " +
      'Keras 3 reads it as `kernel_size=3, strides=3` — write `(3, 3)`.',
  );
  assert.deepEqual(k.fix, [
    {
      kind: 'replace',
      target: { kind: 'positional', index: 1 },
      through: { kind: 'positional', index: 2 },
      text: ['(', { sourceOf: { kind: 'positional', index: 1 } }, ', ', { sourceOf: { kind: 'positional', index: 2 } }, ')'],
    },
  ]);
  // Values the analysis does not know are shown as … and copied from the source by the fix.
  const u = translateLegacyCall('Dense', [8], { init: { kind: 'unknown' } }, '3').notes[0];
  assert.equal(u.old, 'init=…');
  assert.match(u.message, /Unrecognized keyword arguments passed to Dense: \{'init': …\}/);
});

test('legacy: layers Keras 3 no longer has are reported without a translation', () => {
  for (const cls of ['MaxoutDense', 'Highway', 'LocallyConnected2D']) {
    const t = translateLegacyCall(cls, [8], {}, '1');
    assert.equal(t.changed, false);
    assert.equal(t.notes.length, 1);
    assert.equal(t.notes[0].code, 'legacy-layer');
    assert.equal(t.notes[0].keras3, null);
    assert.deepEqual(t.notes[0].fix, []);
    assert.match(t.notes[0].message, new RegExp(`no attribute '${cls}'`));
  }
  const lambda = translateLegacyCall('merge', [[a, b]], { mode: { kind: 'opaque', repr: '<lambda>' } }, '1');
  assert.equal(lambda.changed, false);
  assert.equal(lambda.notes[0].keras3, null);
  const badBn = translateLegacyCall('BatchNormalization', [], { mode: 2 }, '1');
  assert.equal(badBn.changed, false);
  assert.equal(badBn.notes[0].keras3, null);
});

test('legacy: keywords as a Map, and the version setting', () => {
  const t = translateLegacyCall('Dense', [8], new Map<string, PyValue>([['output_dim', 3]]), '1');
  assert.deepEqual(t.keywords, { units: 3 });
  assert.equal(parseKerasVersion('3'), '3');
  assert.equal(parseKerasVersion(' 1 '), '1');
  assert.equal(parseKerasVersion('tf.keras'), 'tf.keras2');
  assert.equal(parseKerasVersion('tf-keras'), 'tf.keras2');
  assert.equal(parseKerasVersion('tf.keras2'), 'tf.keras2');
  assert.equal(parseKerasVersion('4'), undefined);
});

// ---------------------------------------------------------------------------
// Through the engine

function runTranslated(cls: string, pos: PyValue[], kw: Record<string, PyValue>, version: KerasVersion, shapes: Shape[], isList = false): LayerResult {
  const t = translateLegacyCall(cls, pos, kw, version);
  return evaluateLayer(t.className, { positional: t.positional, keywords: t.keywords }, { shapes, isList });
}

interface EngineCase {
  readonly name: string;
  readonly old: readonly [string, PyValue[], Record<string, PyValue>];
  readonly version: KerasVersion;
  readonly input: Shape[];
  readonly isList?: boolean;
  readonly output: Shape;
  readonly trainable: number;
  readonly nonTrainable?: number;
}

const engineCases: EngineCase[] = [
  {
    // 3·3·1·32 + 32 = 320; 'same' keeps 28×28.
    name: "Convolution2D(32, 3, 3, border_mode='same', input_shape=(28, 28, 1))",
    old: ['Convolution2D', [32, 3, 3], { border_mode: 'same', input_shape: [28, 28, 1] }],
    version: '1',
    input: [[null, 28, 28, 1]],
    output: [null, 28, 28, 32],
    trainable: 320,
  },
  {
    // Read as Keras 3 does: kernel 3, strides 3 → floor((28 − 3) / 3) + 1 = 9.
    name: 'Convolution2D(32, 3, 3) under Keras 3: strides 3',
    old: ['Convolution2D', [32, 3, 3], {}],
    version: '3',
    input: [[null, 28, 28, 1]],
    output: [null, 9, 9, 32],
    trainable: 320,
  },
  {
    // 784·64 + 64 = 50,240.
    name: "Dense(output_dim=64, init='uniform', input_dim=784)",
    old: ['Dense', [], { output_dim: 64, init: 'uniform', input_dim: 784 }],
    version: '1',
    input: [[null, 784]],
    output: [null, 64],
    trainable: 50240,
  },
  {
    // 4·(32·(10 + 32) + 32) = 5,504.
    name: 'LSTM(32, input_dim=10, input_length=5, dropout_W=0.2, consume_less=gpu)',
    old: ['LSTM', [32], { input_dim: 10, input_length: 5, dropout_W: 0.2, consume_less: 'gpu' }],
    version: '1',
    input: [[null, 5, 10]],
    output: [null, 32],
    trainable: 5504,
  },
  {
    name: 'AveragePooling2D() on 28×28',
    old: ['AveragePooling2D', [], {}],
    version: 'tf.keras2',
    input: [[null, 28, 28, 1]],
    output: [null, 14, 14, 1],
    trainable: 0,
  },
  {
    name: "merge([a, b], mode='concat')",
    old: ['merge', [[a, b]], { mode: 'concat' }],
    version: '1',
    input: [
      [null, 10],
      [null, 5],
    ],
    isList: true,
    output: [null, 15],
    trainable: 0,
  },
  {
    name: "merge([a, b], mode='cos', dot_axes=1)",
    old: ['merge', [[a, b]], { mode: 'cos', dot_axes: 1 }],
    version: '1',
    input: [
      [null, 10],
      [null, 10],
    ],
    isList: true,
    output: [null, 1],
    trainable: 0,
  },
  {
    // 8·10 + 10 = 90, applied at each of the 5 steps.
    name: 'TimeDistributedDense(10, input_dim=8, input_length=5)',
    old: ['TimeDistributedDense', [10], { input_dim: 8, input_length: 5 }],
    version: '1',
    input: [[null, 5, 8]],
    output: [null, 5, 10],
    trainable: 90,
  },
  {
    // (28 − 1)·2 + 3 = 57 with 'valid'; 3·3·3·3 + 3 = 84.
    name: 'Deconvolution2D(3, 3, 3, output_shape, subsample=(2, 2))',
    old: ['Deconvolution2D', [3, 3, 3, [null, 57, 57, 3]], { subsample: [2, 2] }],
    version: '1',
    input: [[null, 28, 28, 3]],
    output: [null, 57, 57, 3],
    trainable: 84,
  },
  {
    // Dilation 2 makes the 3×3 kernel span 5: 32 − 5 + 1 = 28; 3·3·3·16 + 16 = 448.
    name: 'AtrousConvolution2D(16, 3, 3, atrous_rate=(2, 2))',
    old: ['AtrousConvolution2D', [16, 3, 3], { atrous_rate: [2, 2] }],
    version: '1',
    input: [[null, 32, 32, 3]],
    output: [null, 28, 28, 16],
    trainable: 448,
  },
  {
    // depthwise 3·3·3 = 27, pointwise 3·32 = 96, bias 32 → 155.
    name: "SeparableConvolution2D(32, 3, 3, init='he_normal')",
    old: ['SeparableConvolution2D', [32, 3, 3], { init: 'he_normal' }],
    version: '1',
    input: [[null, 28, 28, 3]],
    output: [null, 26, 26, 32],
    trainable: 155,
  },
  {
    // 3·3·3·1·8 + 8 = 224.
    name: 'Convolution3D(8, 3, 3, 3)',
    old: ['Convolution3D', [8, 3, 3, 3], {}],
    version: '1',
    input: [[null, 10, 10, 10, 1]],
    output: [null, 8, 8, 8, 8],
    trainable: 224,
  },
  {
    // 3·32·64 + 64 = 6,208.
    name: 'Convolution1D(nb_filter=64, filter_length=3, input_dim=32, input_length=100)',
    old: ['Convolution1D', [], { nb_filter: 64, filter_length: 3, input_dim: 32, input_length: 100 }],
    version: '1',
    input: [[null, 100, 32]],
    output: [null, 98, 64],
    trainable: 6208,
  },
  {
    name: 'MaxPooling1D(pool_length=2, stride=2)',
    old: ['MaxPooling1D', [], { pool_length: 2, stride: 2 }],
    version: '1',
    input: [[null, 10, 4]],
    output: [null, 5, 4],
    trainable: 0,
  },
  {
    name: "MaxPooling2D(dim_ordering='th') pools the last two axes",
    old: ['MaxPooling2D', [[2, 2]], { dim_ordering: 'th' }],
    version: '1',
    input: [[null, 3, 32, 32]],
    output: [null, 3, 16, 16],
    trainable: 0,
  },
  {
    name: "Embedding(1000, 64, input_length=10, init='uniform', dropout=0.2)",
    old: ['Embedding', [1000, 64], { input_length: 10, init: 'uniform', dropout: 0.2 }],
    version: '1',
    input: [[null, 10]],
    output: [null, 10, 64],
    trainable: 64000,
  },
  {
    // gamma and beta trainable (2·3), moving mean and variance not (2·3).
    name: 'BatchNormalization(mode=0, axis=1)',
    old: ['BatchNormalization', [], { mode: 0, axis: 1 }],
    version: '1',
    input: [[null, 3, 8, 8]],
    output: [null, 3, 8, 8],
    trainable: 6,
    nonTrainable: 6,
  },
  {
    // Keras 3's GRU (reset_after): 3·(16·(8 + 16) + 2·16) = 1,248.
    name: 'CuDNNGRU(16)',
    old: ['CuDNNGRU', [16], {}],
    version: 'tf.keras2',
    input: [[null, 5, 8]],
    output: [null, 16],
    trainable: 1248,
  },
  {
    name: 'Dense(4, batch_input_shape=(32, 3))',
    old: ['Dense', [4], { batch_input_shape: [32, 3] }],
    version: 'tf.keras2',
    input: [[32, 3]],
    output: [32, 4],
    trainable: 16,
  },
  {
    name: 'ThresholdedReLU(theta=0.5)',
    old: ['ThresholdedReLU', [], { theta: 0.5 }],
    version: '2',
    input: [[null, 7]],
    output: [null, 7],
    trainable: 0,
  },
];

for (const c of engineCases) {
  test(`legacy through the engine: ${c.name}`, () => {
    const [cls, pos, kw] = c.old;
    const r = runTranslated(cls, pos, kw, c.version, c.input, c.isList ?? false);
    assert.equal(r.kind, 'ok', JSON.stringify(r));
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.outputs[0], c.output);
    assert.equal(r.trainableParams, c.trainable);
    assert.equal(r.nonTrainableParams, c.nonTrainable ?? 0);
  });
}

test('legacy through the engine: under Keras 3 the untranslated call gets the error the note quotes', () => {
  const t = translateLegacyCall('Convolution2D', [32, [3, 3]], { border_mode: 'same' }, '3');
  const r = evaluateLayer(t.className, { positional: t.positional, keywords: t.keywords }, { shapes: [[null, 28, 28, 1]], isList: false });
  assert.equal(r.kind, 'error');
  const note = t.notes[0].behaviour;
  assert.equal(note.kind, 'raises');
  if (r.kind === 'error' && note.kind === 'raises') {
    assert.equal(r.code, 'unknown-argument');
    assert.equal(`ValueError: ${r.message}`, note.error);
  }
  const p = translateLegacyCall('AveragePooling2D', [], {}, '3');
  const rp = evaluateLayer(p.className, { positional: p.positional, keywords: p.keywords }, { shapes: [[null, 28, 28, 1]], isList: false });
  assert.equal(rp.kind, 'error');
  const pn = p.notes[0].behaviour;
  if (rp.kind === 'error' && pn.kind === 'raises') assert.equal(`TypeError: ${rp.message}`, pn.error);
  // The full translation is what the quick fix leads to: it evaluates.
  const k3 = p.keras3Call;
  const ok = evaluateLayer(k3.className, { positional: k3.positional, keywords: k3.keywords }, { shapes: [[null, 28, 28, 1]], isList: false });
  assert.equal(ok.kind, 'ok');
});

test('legacy: every full translation of the table evaluates in the engine, or is not an engine layer', () => {
  const inputs: Record<string, Shape> = {};
  for (const row of rows) {
    const [cls, pos, kw] = row.old;
    const k3 = translateLegacyCall(cls, pos, kw, '3').keras3Call;
    const r = evaluateLayer(k3.className, { positional: k3.positional, keywords: k3.keywords }, { shapes: [inputs[k3.className] ?? [null, 8, 8, 8, 8]], isList: false });
    if (r.kind === 'error') assert.notEqual(r.phase, 'construct', `${row.name}: ${r.message}`);
  }
});

// ---------------------------------------------------------------------------
// The backend's image-format functions

test("legacy backend: K.set_image_dim_ordering('th') under each version", () => {
  const k1 = legacyBackendCall('set_image_dim_ordering', ['th'], 'channels_last', '1');
  assert.ok(k1);
  assert.equal(k1.imageDataFormat, 'channels_first');
  assert.equal(k1.raises, undefined);
  assert.equal(k1.notes[0].applied, true);
  const k3 = legacyBackendCall('set_image_dim_ordering', ['th'], 'channels_last', '3');
  assert.ok(k3);
  // The intended format is kept, so one error does not become a cascade.
  assert.equal(k3.imageDataFormat, 'channels_first');
  assert.equal(k3.raises, "AttributeError: module 'keras.backend' has no attribute 'set_image_dim_ordering'");
  assert.equal(k3.notes[0].code, 'legacy-function');
  assert.equal(k3.notes[0].keras3, "set_image_data_format('channels_first')");
  assert.equal(legacyBackendCall('set_image_dim_ordering', ['tf'], 'channels_first', '2')?.imageDataFormat, 'channels_last');
  assert.match(legacyBackendCall('set_image_dim_ordering', ['xy'], 'channels_last', '1')?.raises ?? '', /Unknown dim_ordering/);
});

test('legacy backend: image_dim_ordering() and image_data_format() return the current format', () => {
  assert.equal(legacyBackendCall('image_dim_ordering', [], 'channels_first', '1')?.returns, 'th');
  assert.equal(legacyBackendCall('image_dim_ordering', [], 'channels_last', '2')?.returns, 'tf');
  assert.ok(legacyBackendCall('image_dim_ordering', [], 'channels_last', '3')?.raises);
  const g = legacyBackendCall('image_data_format', [], 'channels_first', '3');
  assert.equal(g?.returns, 'channels_first');
  assert.equal(g?.raises, undefined);
  assert.equal(legacyBackendCall('image_data_format', [], 'channels_first', '1')?.raises, "AttributeError: module 'keras.backend' has no attribute 'image_data_format'");
});

test('legacy backend: set_image_data_format', () => {
  assert.equal(legacyBackendCall('set_image_data_format', ['channels_first'], 'channels_last', '3')?.imageDataFormat, 'channels_first');
  // Keras 3 lower-cases the value; Keras 2 did not.
  assert.equal(legacyBackendCall('set_image_data_format', ['Channels_First'], 'channels_last', '3')?.imageDataFormat, 'channels_first');
  assert.match(legacyBackendCall('set_image_data_format', ['Channels_First'], 'channels_last', '2')?.raises ?? '', /Unknown data_format/);
  assert.match(
    legacyBackendCall('set_image_data_format', ['nchw'], 'channels_last', '3')?.raises ?? '',
    /must be one of \{'channels_first', 'channels_last'\}\. Received: data_format=nchw/,
  );
  assert.equal(legacyBackendCall('floatx', [], 'channels_last', '3'), undefined);
});

test('legacy: every note code has a doc', () => {
  const codes = new Set<string>();
  for (const row of rows) for (const n of translateLegacyCall(row.old[0], row.old[1], row.old[2], '3').notes) codes.add(n.code);
  for (const n of legacyBackendCall('set_image_dim_ordering', ['th'], 'channels_last', '3')?.notes ?? []) codes.add(n.code);
  assert.deepEqual([...codes].sort(), Object.keys(LEGACY_CODES).sort());
});

test('legacy: the merge fix rewrites every argument', () => {
  const t = translateLegacyCall('merge', [[a, b], 'concat', 2], { name: 'cat' }, '3');
  const source = (ref: ArgRef): string | undefined =>
    ref.kind === 'positional' ? ['[x, y]', "'concat'", '2'][ref.index] : ref.kind === 'keyword' && ref.name === 'name' ? "'cat'" : undefined;
  const edits = t.notes[0].fix.map((e) => [e.kind, 'target' in e ? JSON.stringify(e.target) : '', e.kind === 'remove' ? '' : renderFixText(e.text, source)]);
  assert.deepEqual(edits, [
    ['replace', '{"kind":"callee"}', 'Concatenate'],
    ['replace', '{"kind":"positional","index":2}', 'axis=2'],
    ['remove', '{"kind":"positional","index":0}', ''],
    ['remove', '{"kind":"positional","index":1}', ''],
    ['after', '', '([x, y])'],
  ]);
});

test('legacy: renderFixText fills in the source of arguments', () => {
  const t = translateLegacyCall('Convolution2D', [32, { kind: 'unknown' }, { kind: 'unknown' }], { border_mode: 'same' }, '3');
  const source = (ref: ArgRef): string | undefined =>
    ref.kind === 'positional' ? ['32', 'k', 'k'][ref.index] : ref.kind === 'keyword' && ref.name === 'border_mode' ? "'same'" : undefined;
  const texts = t.notes.flatMap((n) => n.fix.map((e) => (e.kind === 'remove' ? '' : renderFixText(e.text, source))));
  assert.deepEqual(texts, ['(k, k)', "padding='same'"]);
  assert.equal(renderFixText([{ sourceOf: { kind: 'keyword', name: 'nope' } }], source), undefined);
});
