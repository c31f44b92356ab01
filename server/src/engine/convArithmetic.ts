// The convolution length arithmetic, the way Keras computes it
// (keras/src/ops/operation_utils.py and backend_utils.py), keeping `None`
// and recording the formula with the user's numbers for the hover.
//
//   convOutputLength(128, 8, 2, 'valid', 1) → { length: 61, formula: 'floor((128 − 8) / 2) + 1 = 61' }
//   convTransposeOutputLength(10, 3, 2, 'valid', 1) → { length: 22, formula: '(10 − 1)·2 + 3 + 1 = 22 (valid, …)' }
import type { Dim } from './types';

export type Padding = 'valid' | 'same' | 'causal';

export interface LengthStep {
  readonly length: Dim;
  readonly formula: string;
}

/** A number with a proper minus sign, matching the formulas' typography. */
function n(x: number): string {
  return x < 0 ? `−${-x}` : `${x}`;
}

/** `(k − 1)·d + 1`: the span of a dilated kernel. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

function dilationNote(kernel: number, dilation: number): string {
  if (dilation === 1) return '';
  return ` (dilated kernel: (${kernel} − 1)·${dilation} + 1 = ${effectiveKernel(kernel, dilation)})`;
}

/** Output length of a convolution along one axis. */
export function convOutputLength(input: Dim, kernel: number, stride: number, padding: Padding, dilation = 1): LengthStep {
  if (input === null) return { length: null, formula: 'None (unknown input length stays unknown)' };
  if (padding === 'same' || padding === 'causal') {
    // Keras: floor((in − 1) / s) + 1, which is ceil(in / s) for in ≥ 0.
    const out = Math.floor((input - 1) / stride) + 1;
    if (padding === 'causal') {
      const left = (kernel - 1) * dilation;
      const tail = stride === 1 ? `length stays ${out}` : `ceil(${input} / ${stride}) = ${n(out)}`;
      return { length: out, formula: `causal: pads ${left} step${left === 1 ? '' : 's'} on the left only, ${tail}` };
    }
    if (stride === 1) return { length: out, formula: `same padding, stride 1: length stays ${out}` };
    return { length: out, formula: `same padding: ceil(${input} / ${stride}) = ${n(out)}` };
  }
  const effective = effectiveKernel(kernel, dilation);
  const out = Math.floor((input - effective) / stride) + 1;
  const formula =
    stride === 1
      ? `${input} − ${effective} + 1 = ${n(out)}`
      : `floor((${input} − ${effective}) / ${stride}) + 1 = ${n(out)}`;
  return { length: out, formula: formula + dilationNote(kernel, dilation) };
}

/**
 * Output length of a transposed convolution along one axis, with Keras's
 * treatment of the padding modes (`_get_output_shape_given_tf_padding`):
 * - valid: (in − 1)·stride + kernel + output_padding, where a missing
 *   output_padding fills the gap when the stride exceeds the kernel
 *   (so the default is (in − 1)·stride + max(kernel, stride));
 * - same: in·stride, or with output_padding (in − 1)·stride + (kernel mod 2) + output_padding.
 * The kernel is the dilated one.
 */
export function convTransposeOutputLength(
  input: Dim,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
  outputPadding: number | null,
  dilation = 1,
): LengthStep {
  if (input === null) return { length: null, formula: 'None (unknown input length stays unknown)' };
  const k = effectiveKernel(kernel, dilation);
  const note = dilationNote(kernel, dilation);
  const base = `(${input} − 1)·${stride}`;
  if (padding === 'valid') {
    if (outputPadding === null) {
      const out = (input - 1) * stride + Math.max(k, stride);
      const formula =
        stride > k
          ? `${base} + max(${k}, ${stride}) = ${n(out)} (valid: the stride exceeds the kernel, Keras fills the gap)`
          : `${base} + ${k} = ${n(out)}`;
      return { length: out, formula: formula + note };
    }
    const out = (input - 1) * stride + k + outputPadding;
    return { length: out, formula: `${base} + ${k} + ${outputPadding} = ${n(out)} (valid, output_padding=${outputPadding})${note}` };
  }
  if (outputPadding === null) {
    const out = input * stride;
    return { length: out, formula: `same padding: ${input}·${stride} = ${n(out)}` };
  }
  const out = (input - 1) * stride + (k % 2) + outputPadding;
  return {
    length: out,
    formula: `same with output_padding: ${base} + (${k} mod 2) + ${outputPadding} = ${n(out)}${note}`,
  };
}
