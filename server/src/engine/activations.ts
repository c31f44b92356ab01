// Activation identifiers Keras 3 accepts by name (keras.activations.get);
// anything else raises "Could not interpret activation function identifier".
import { LayerError } from './errors';
import type { ArgReader } from './args';
import { pyStr } from './format';

export const ACTIVATION_NAMES: ReadonlySet<string> = new Set([
  'relu', 'leaky_relu', 'relu6', 'softmax', 'celu', 'elu', 'selu', 'softplus', 'softsign',
  'squareplus', 'soft_shrink', 'sparse_plus', 'silu', 'gelu', 'glu', 'tanh', 'tanh_shrink',
  'threshold', 'sigmoid', 'sparse_sigmoid', 'exponential', 'hard_sigmoid', 'hard_silu',
  'hard_tanh', 'hard_shrink', 'linear', 'mish', 'log_softmax', 'log_sigmoid', 'sparsemax',
  'swish', 'hard_swish',
]);

/** Validates an activation argument (a name, None, or an opaque callable). */
export function checkActivation(a: ArgReader, name = 'activation'): void {
  const v = a.raw(name);
  if (typeof v === 'string' && !ACTIVATION_NAMES.has(v)) {
    throw new LayerError('invalid-argument', `Could not interpret activation function identifier: ${pyStr(v)}`, 'construct');
  }
}
