// Stable diagnostic codes, each with a short doc (what it means, what to do).
import type { DiagnosticCode } from './types';

export interface CodeDoc {
  readonly summary: string;
  readonly fix: string;
}

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
};
