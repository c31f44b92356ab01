// Stable diagnostic codes, each with a short doc (what it means, what to do).
import type { DiagnosticCode } from './types';
import type { LegacyCode } from './legacyCore';

export interface CodeDoc {
  readonly summary: string;
  readonly fix: string;
}

/** Codes of the notes on old Keras spellings (`legacy.ts`); part of DIAGNOSTIC_CODES. */
export const LEGACY_CODES: Readonly<Record<LegacyCode, CodeDoc>> = {
  'legacy-argument': {
    summary:
      "An argument spelled the Keras 1 / Keras 2 / tf.keras 2 way (`border_mode=`, `init=`, `output_dim=`, `Convolution2D(32, 3, 3)`, `batch_input_shape=`, `Input(shape=1024)`); Keras 3 rejects it or reads it differently.",
    fix: "Use the Keras 3 spelling the note gives (e.g. `padding='same'`, `kernel_initializer=`, `units=`, `kernel_size=(3, 3)`); the quick fix rewrites it. Set `kerasShapes.kerasVersion` to read old code the old way.",
  },
  'legacy-layer': {
    summary:
      "A layer class Keras 3 no longer has under that name (`Deconvolution2D`, `AtrousConvolution2D`, `TimeDistributedDense`, `Merge` / `merge(mode=…)`, `CuDNNLSTM`, `ThresholdedReLU`), or no longer has at all (`MaxoutDense`, `Highway`, `LocallyConnected2D`).",
    fix: 'Use the Keras 3 layer the note names (`Conv2DTranspose`, `Conv2D(dilation_rate=…)`, `TimeDistributed(Dense(…))`, `Concatenate`/`Add`/`Dot`, `LSTM`, `ReLU(threshold=…)`).',
  },
  'legacy-function': {
    summary: "A backend function of Keras 1 (`K.set_image_dim_ordering('th')`, `K.image_dim_ordering()`) that Keras 3 does not have.",
    fix: "Use `keras.config.set_image_data_format('channels_first')` / `keras.config.image_data_format()`, comparing with 'channels_first' / 'channels_last'.",
  },
};

export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, CodeDoc>> = {
  'incompatible-input': {
    summary: "The tensor's rank or a fixed axis does not match what the layer accepts (Keras's InputSpec check).",
    fix: 'Check the axis order (Conv1D wants (steps, channels)); add a Reshape, Flatten or GlobalPooling layer before it.',
  },
  'negative-dim': {
    summary: 'An output dimension would be zero or negative: the kernel or pool window is larger than the input.',
    fix: "Use padding='same', a smaller kernel or stride, or fewer downsampling steps before this layer.",
  },
  'invalid-argument': {
    summary: 'An argument value Keras rejects (wrong type, out of range, unknown option).',
    fix: 'Use a value of the documented type and range.',
  },
  'unknown-argument': {
    summary: 'A keyword argument the layer does not accept, often a misspelling.',
    fix: 'Check the spelling against the layer signature (e.g. `kernel_size`, `strides`, `activation`).',
  },
  'incompatible-shapes': {
    summary: 'Inputs of a merging layer (Add, Concatenate, Dot, …) whose shapes cannot be combined.',
    fix: 'Make the shapes equal (or broadcastable) except on the concatenation axis.',
  },
  'undefined-dim': {
    summary: 'A weight would depend on a dimension that is unknown (`None`), e.g. Dense after Flatten of an unknown length.',
    fix: 'Give the input a fixed size on the axes the layer builds weights from.',
  },
  'invalid-reshape': {
    summary: 'A Reshape whose target size does not match the number of elements of the input.',
    fix: 'Make the product of the target shape equal the product of the input shape (without the batch axis), or use -1 once.',
  },
  'unknown-layer': {
    summary: 'A class of `keras.layers` the analysis does not know: a name Keras does not have (an error, most often a misspelling such as `layers.Denes`, with the nearest layer name), or a Keras layer the analysis does not describe (a note). Its output shape is shown as unknown.',
    fix: 'Fix the spelling as the message suggests; for a Keras layer the analysis does not describe there is nothing to fix.',
  },
  ...LEGACY_CODES,
};

