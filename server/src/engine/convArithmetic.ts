// The convolution length arithmetic, the way Keras computes it
// (keras/src/ops/operation_utils.py), keeping `None` and recording the
// formula with the user's numbers for the hover.
//
//   convOutputLength(128, 8, 2, 'valid', 1) → { length: 61, formula: 'floor((128 − 8) / 2) + 1 = 61' }
import type { Dim } from './types';

export type Padding = 'valid' | 'same' | 'causal';

export interface LengthStep {
  readonly length: Dim;
  readonly formula: string;
}

/** Output length of a convolution along one axis. */
export function convOutputLength(input: Dim, kernel: number, stride: number, padding: Padding, dilation = 1): LengthStep {
  const effective = (kernel - 1) * dilation + 1;
  const kText = dilation === 1 ? `${kernel}` : `${effective}`;
  if (input === null) return { length: null, formula: 'None (unknown input length)' };
  if (padding === 'same' || padding === 'causal') {
    const out = Math.floor((input - 1) / stride) + 1;
    return { length: out, formula: `floor((${input} − 1) / ${stride}) + 1 = ${out}` };
  }
  const out = Math.floor((input - effective) / stride) + 1;
  const dil = dilation === 1 ? '' : ` (dilated kernel (${kernel} − 1)·${dilation} + 1 = ${effective})`;
  return { length: out, formula: `floor((${input} − ${kText}) / ${stride}) + 1 = ${out}${dil}` };
}
