// The translation tables: which old keyword becomes which Keras 3 keyword for
// each layer family (after Keras 2's own legacy table), old class names and
// the Keras 3 class each stands for, and value conversions.
import { ALL_OLD, KERAS12, show, type ArgRef, type FixPiece, type KerasVersion } from './legacyCore';
import type { PyValue } from './types';

export type Rename = readonly [old: string, now: string];

export const WEIGHT_RENAMES: readonly Rename[] = [
  ['init', 'kernel_initializer'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['W_constraint', 'kernel_constraint'],
  ['b_constraint', 'bias_constraint'],
  ['bias', 'use_bias'],
];
export const DENSE: readonly Rename[] = [['output_dim', 'units'], ...WEIGHT_RENAMES];
export const CONV_ND: readonly Rename[] = [
  ['nb_filter', 'filters'],
  ['subsample', 'strides'],
  ['border_mode', 'padding'],
  ['dim_ordering', 'data_format'],
  ...WEIGHT_RENAMES,
];
export const ATROUS: readonly Rename[] = [['atrous_rate', 'dilation_rate']];
export const CONV_1D: readonly Rename[] = [
  ['nb_filter', 'filters'],
  ['filter_length', 'kernel_size'],
  ['subsample_length', 'strides'],
  ['border_mode', 'padding'],
  ...WEIGHT_RENAMES,
];
export const SEPARABLE: readonly Rename[] = [
  ['nb_filter', 'filters'],
  ['subsample', 'strides'],
  ['border_mode', 'padding'],
  ['dim_ordering', 'data_format'],
  ['b_regularizer', 'bias_regularizer'],
  ['b_constraint', 'bias_constraint'],
  ['bias', 'use_bias'],
];
export const RECURRENT: readonly Rename[] = [
  ['output_dim', 'units'],
  ['init', 'kernel_initializer'],
  ['inner_init', 'recurrent_initializer'],
  ['inner_activation', 'recurrent_activation'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['U_regularizer', 'recurrent_regularizer'],
  ['dropout_W', 'dropout'],
  ['dropout_U', 'recurrent_dropout'],
  ['consume_less', 'implementation'],
];
export const CONV_LSTM: readonly Rename[] = [
  ['nb_filter', 'filters'],
  ['subsample', 'strides'],
  ['border_mode', 'padding'],
  ['dim_ordering', 'data_format'],
  ['init', 'kernel_initializer'],
  ['inner_init', 'recurrent_initializer'],
  ['W_regularizer', 'kernel_regularizer'],
  ['U_regularizer', 'recurrent_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['inner_activation', 'recurrent_activation'],
  ['dropout_W', 'dropout'],
  ['dropout_U', 'recurrent_dropout'],
  ['bias', 'use_bias'],
];
export const EMBEDDING: readonly Rename[] = [
  ['init', 'embeddings_initializer'],
  ['W_regularizer', 'embeddings_regularizer'],
  ['W_constraint', 'embeddings_constraint'],
];
export const DIM_ORDERING: readonly Rename[] = [['dim_ordering', 'data_format']];
export const POOL_1D: readonly Rename[] = [
  ['pool_length', 'pool_size'],
  ['stride', 'strides'],
  ['border_mode', 'padding'],
];
export const POOL_ND: readonly Rename[] = [
  ['border_mode', 'padding'],
  ['dim_ordering', 'data_format'],
];
export const RATE: readonly Rename[] = [['p', 'rate']];

export interface Family {
  readonly renames: readonly Rename[];
  /** Keras 1's kernel given as separate numbers (`nb_row, nb_col` / `kernel_dim1..3`). */
  readonly kernelRank?: 2 | 3;
  /** Keras 1's Deconvolution2D `output_shape`, which Keras 2 dropped. */
  readonly deconv?: boolean;
  /** SeparableConvolution2D's `init`: both initializers. */
  readonly separableInit?: boolean;
  /** `forget_bias_init='one'` → `unit_forget_bias=True`. */
  readonly forgetBias?: boolean;
  /** `input_dim`/`input_length` → `input_shape=(input_length, input_dim)`, with the versions that read it so. */
  readonly inputDims?: readonly KerasVersion[];
  /** The pool size Keras 1/2 and tf.keras 2 defaulted to (Keras 3 requires it). */
  readonly poolDefault?: PyValue;
}

export const FAMILIES: Readonly<Record<string, Family>> = {
  Dense: { renames: DENSE },
  Conv1D: { renames: [...CONV_1D, ...ATROUS], inputDims: KERAS12 },
  Conv2D: { renames: [...CONV_ND, ...ATROUS], kernelRank: 2 },
  Conv3D: { renames: CONV_ND, kernelRank: 3 },
  Conv2DTranspose: { renames: CONV_ND, kernelRank: 2, deconv: true },
  Conv3DTranspose: { renames: CONV_ND, kernelRank: 3 },
  SeparableConv2D: { renames: SEPARABLE, kernelRank: 2, separableInit: true },
  ConvLSTM2D: { renames: CONV_LSTM, kernelRank: 2, forgetBias: true },
  SimpleRNN: { renames: RECURRENT, inputDims: ALL_OLD },
  LSTM: { renames: RECURRENT, forgetBias: true, inputDims: ALL_OLD },
  GRU: { renames: RECURRENT, inputDims: ALL_OLD },
  Embedding: { renames: EMBEDDING },
  Dropout: { renames: RATE },
  GaussianDropout: { renames: RATE },
  SpatialDropout1D: { renames: RATE },
  SpatialDropout2D: { renames: [...RATE, ...DIM_ORDERING] },
  SpatialDropout3D: { renames: [...RATE, ...DIM_ORDERING] },
  GaussianNoise: { renames: [['sigma', 'stddev']] },
  MaxPooling1D: { renames: POOL_1D },
  AveragePooling1D: { renames: POOL_1D, poolDefault: 2 },
  MaxPooling2D: { renames: POOL_ND },
  AveragePooling2D: { renames: POOL_ND, poolDefault: [2, 2] },
  MaxPooling3D: { renames: POOL_ND },
  AveragePooling3D: { renames: POOL_ND, poolDefault: [2, 2, 2] },
  GlobalMaxPooling1D: { renames: DIM_ORDERING },
  GlobalAveragePooling1D: { renames: DIM_ORDERING },
  GlobalMaxPooling2D: { renames: DIM_ORDERING },
  GlobalAveragePooling2D: { renames: DIM_ORDERING },
  GlobalMaxPooling3D: { renames: DIM_ORDERING },
  GlobalAveragePooling3D: { renames: DIM_ORDERING },
  UpSampling1D: { renames: [['length', 'size']] },
  UpSampling2D: { renames: DIM_ORDERING },
  UpSampling3D: { renames: DIM_ORDERING },
  ZeroPadding2D: { renames: DIM_ORDERING },
  ZeroPadding3D: { renames: DIM_ORDERING },
  Cropping2D: { renames: DIM_ORDERING },
  Cropping3D: { renames: DIM_ORDERING },
  PReLU: { renames: [['init', 'alpha_initializer']] },
  BatchNormalization: {
    renames: [
      ['beta_init', 'beta_initializer'],
      ['gamma_init', 'gamma_initializer'],
    ],
  },
  Model: {
    renames: [
      ['input', 'inputs'],
      ['output', 'outputs'],
    ],
  },
  Input: { renames: [['input_dtype', 'dtype']] },
  InputLayer: { renames: [['input_dtype', 'dtype']] },
};

/** Old class names and their Keras 3 class. */
export interface ClassRename {
  readonly to: string;
  readonly era: string;
  readonly validIn: readonly KerasVersion[];
  readonly detail?: string;
}
export const CLASS_RENAMES: Readonly<Record<string, ClassRename>> = {
  Deconvolution2D: { to: 'Conv2DTranspose', era: "Keras 1's", validIn: KERAS12 },
  Deconv2D: { to: 'Conv2DTranspose', era: "Keras 1's", validIn: KERAS12 },
  Deconvolution3D: { to: 'Conv3DTranspose', era: "Keras 2's", validIn: ['2'] },
  Deconv3D: { to: 'Conv3DTranspose', era: "Keras 2's", validIn: ['2'] },
  AtrousConvolution1D: { to: 'Conv1D', era: "Keras 1's", validIn: KERAS12, detail: 'Its `atrous_rate` is `dilation_rate`.' },
  AtrousConv1D: { to: 'Conv1D', era: "Keras 1's", validIn: KERAS12, detail: 'Its `atrous_rate` is `dilation_rate`.' },
  AtrousConvolution2D: { to: 'Conv2D', era: "Keras 1's", validIn: KERAS12, detail: 'Its `atrous_rate` is `dilation_rate`.' },
  AtrousConv2D: { to: 'Conv2D', era: "Keras 1's", validIn: KERAS12, detail: 'Its `atrous_rate` is `dilation_rate`.' },
  CuDNNLSTM: {
    to: 'LSTM',
    era: "Keras 2's (and tf.compat.v1's)",
    validIn: ['2', 'tf.keras2'],
    detail: 'CuDNNLSTM kept two bias vectors (8·units); the LSTM counted here has one (4·units). Keras 3 picks the cuDNN kernel by itself.',
  },
  CuDNNGRU: {
    to: 'GRU',
    era: "Keras 2's (and tf.compat.v1's)",
    validIn: ['2', 'tf.keras2'],
    detail: "Keras 3's GRU (reset_after=True) has the same weights and picks the cuDNN kernel by itself.",
  },
  ThresholdedReLU: { to: 'ReLU', era: "Keras 2's", validIn: ALL_OLD, detail: '`theta` becomes `threshold` (an element equal to it is kept by ReLU; the shape is the same).' },
};

/** Old layers without a Keras 3 counterpart. */
export const REMOVED_LAYERS: Readonly<Record<string, string>> = {
  MaxoutDense: "Keras 1's MaxoutDense (kept by Keras 2 until 2.2)",
  Highway: "Keras 1's Highway layer (kept by Keras 2 until 2.2)",
  LocallyConnected1D: "Keras 1/2's and tf.keras 2's LocallyConnected1D",
  LocallyConnected2D: "Keras 1/2's and tf.keras 2's LocallyConnected2D",
};

/** Class names only Keras 1 code uses: evidence that positional numbers follow Keras 1's order. */
export const KERAS1_CONV_NAMES = new Set([
  'Convolution2D',
  'Convolution3D',
  'Deconvolution2D',
  'Deconv2D',
  'AtrousConvolution2D',
  'AtrousConv2D',
]);

export const VALUE_CONVERSIONS: Readonly<Record<string, Readonly<Record<string, PyValue>>>> = {
  dim_ordering: { tf: 'channels_last', th: 'channels_first', default: null },
  consume_less: { cpu: 0, mem: 1, gpu: 2 },
};

export function src(ref: ArgRef): FixPiece {
  return { sourceOf: ref };
}

export function kwText(name: string, v: PyValue | undefined): string {
  return `${name}=${show(v)}`;
}

/** The Keras 3 class a call's class name stands for, when the name is an old one. */
export function targetClass(className: string): string {
  return CLASS_RENAMES[className]?.to ?? (className === 'TimeDistributedDense' ? 'Dense' : className);
}

/**
 * Every keyword some rule reads, and the classes some rule looks at whatever
 * their keywords: a call with neither (and at most two positional arguments)
 * needs no rule, which spares the common Keras 3 call any work.
 */
export const RULE_KEYWORDS: ReadonlySet<string> = new Set([
  ...Object.values(FAMILIES).flatMap((f) => f.renames.map(([old]) => old)),
  'nb_row',
  'nb_col',
  'kernel_dim1',
  'kernel_dim2',
  'kernel_dim3',
  'output_shape',
  'forget_bias_init',
  'input_dim',
  'input_length',
  'batch_input_shape',
  'batch_size',
  'weights',
  'fused',
]);
export const RULE_CLASSES: ReadonlySet<string> = new Set([
  ...Object.keys(CLASS_RENAMES),
  ...Object.keys(REMOVED_LAYERS),
  'Merge',
  'merge',
  'TimeDistributedDense',
  'Input',
  'InputLayer',
  'Embedding',
  'SimpleRNN',
  'BatchNormalization',
  'ZeroPadding2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'AveragePooling3D',
  'AvgPool1D',
  'AvgPool2D',
  'AvgPool3D',
]);
