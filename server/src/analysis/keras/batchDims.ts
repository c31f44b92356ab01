// tf.keras 2's convolutions on extra batch dimensions. Its `Conv` base
// (tf_keras/layers/convolutional/base_conv.py: `InputSpec(min_ndim=rank + 2)`,
// `compute_output_shape` keeping `input_shape[:batch_rank]` with
// `batch_rank = len(input_shape) - rank - 1`) takes every axis before the
// last rank + 1 as batch: Conv1D on (4, 7, 10, 128) gives (4, 7, 8, 32).
// Keras 3's convolutions want exactly rank + 2 axes and raise.
//
// Under kerasVersion 'tf.keras2' such a call is evaluated on the folded shape
// (one batch axis) and the extra axes are put back in front of the result;
// the weights do not depend on them.
import type { LayerInput, Shape } from '../../engine';
import type { LayerObj } from '../values';
import type { KerasContext } from './context';

/** Spatial rank of the tf.keras 2 layers built on `Conv` that keep `min_ndim` (transposed, separable and depthwise ones check `ndim`). */
const CONV_RANK: Readonly<Record<string, number>> = {
  Conv1D: 1,
  Conv2D: 2,
  Conv3D: 3,
  Convolution1D: 1,
  Convolution2D: 2,
  Convolution3D: 3,
};

export interface FoldedCall {
  /** The input with the extra batch axes folded into one. */
  readonly input: LayerInput;
  /** An output shape of the folded call back with the input's batch axes. */
  readonly unfold: (out: Shape) => Shape;
}

/** The folded call of a tf.keras 2 convolution on more than one batch axis; undefined for any other call. */
export function batchDimsFolded(k: KerasContext, layer: LayerObj, input: LayerInput): FoldedCall | undefined {
  if (k.host.config.kerasVersion !== 'tf.keras2') return undefined;
  const rank = CONV_RANK[layer.className];
  if (rank === undefined || input.shapes.length !== 1 || input.isList) return undefined;
  const shape = input.shapes[0];
  const batchRank = shape.length - rank - 1;
  if (batchRank <= 1) return undefined;
  const batch = shape.slice(0, batchRank);
  return {
    input: { ...input, shapes: [[null, ...shape.slice(batchRank)]] },
    unfold: (out) => [...batch, ...out.slice(1)],
  };
}
