// Core layers: Dense, Embedding.
//   Dense(5) on (None, 2, 3, 1) → (None, 2, 3, 5): acts on the last axis only;
//   kernel (1, 5) + bias (5,) = 10 params.
//   Embedding(50000, 16) on (None, 20) → (None, 20, 16): one 16-vector per token id.
import { checkActivation } from '../activations';
import { argumentTeaching, type ArgReader } from '../args';
import { LayerError, fail, failConstruct } from '../errors';
import { formatShape, pyStr } from '../format';
import { checkInputSpec, layerNameOf, singleInput, weight, type LayerNameRef } from '../shapeUtils';
import type { LayerSpec } from '../spec';
import type { Dim, ExplainStep, PyValue, Weight } from '../types';

/** Names `keras.initializers.get` resolves: class names, their snake_case, and Keras's aliases. */
const INITIALIZER_NAMES: ReadonlySet<string> = new Set([
  'Initializer', 'Constant', 'Identity', 'Ones', 'STFT', 'Zeros', 'GlorotNormal', 'GlorotUniform',
  'HeNormal', 'HeUniform', 'LecunNormal', 'LecunUniform', 'Orthogonal', 'RandomNormal',
  'RandomUniform', 'TruncatedNormal', 'VarianceScaling',
  'initializer', 'constant', 'identity', 'ones', 'stft', 'zeros', 'glorot_normal', 'glorot_uniform',
  'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform', 'orthogonal', 'random_normal',
  'random_uniform', 'truncated_normal', 'variance_scaling',
  'IdentityInitializer', 'normal', 'one', 'STFTInitializer', 'OrthogonalInitializer', 'uniform', 'zero',
]);

/** `keras.initializers.get` on a string argument: unknown names raise in the constructor. */
export function checkInitializer(a: ArgReader, name: string): void {
  const v = a.raw(name);
  if (typeof v === 'string' && !INITIALIZER_NAMES.has(v)) {
    failConstruct('invalid-argument', `Could not interpret initializer identifier: ${v}`);
  }
}

/** Python's `type(x).__name__`, as Keras prints it in some messages. */
export function pyTypeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'tuple';
  return 'object';
}

/** A weight whose shape may contain `None`, with Keras's variable path in the message. */
function layerWeight(layer: LayerNameRef, name: string, shape: readonly Dim[], trainable = true): Weight {
  if (shape.some((d) => d === null)) {
    fail(
      'undefined-dim',
      `Shapes used to initialize variables must be fully-defined (no \`None\` dimensions). Received: shape=${formatShape(shape)} for variable path='${layerNameOf(layer)}/${name}'`,
      { kind: 'variable', name, shape },
    );
  }
  return weight(name, shape, trainable);
}

/** `lora_rank` as Keras reads it: any truthy value enables LoRA when the layer is built. */
function loraRank(a: ArgReader): number | null {
  const v = a.get('lora_rank');
  if (v === null || v === false || v === 0) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) a.invalid('lora_rank', 'a positive integer');
  return v;
}

const dense: LayerSpec = {
  className: 'Dense',
  docPath: 'core_layers/dense',
  params: [
    { name: 'units' },
    { name: 'activation', default: null },
    { name: 'use_bias', default: true },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'kernel_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'activity_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'quantization_config', default: null },
  ],
  construct: (a) => {
    a.positiveInt('units');
    checkActivation(a);
    checkInitializer(a, 'kernel_initializer');
    checkInitializer(a, 'bias_initializer');
  },
  compute: (a, input, ctx) => {
    const units = a.positiveInt('units');
    const shape = singleInput(input, ctx);
    checkInputSpec(shape, { minNdim: 2 }, ctx);
    const inDim = shape[shape.length - 1];
    const rank = loraRank(a);
    const weights: Weight[] = [layerWeight(ctx, 'kernel', [inDim, units], rank === null)];
    if (a.bool('use_bias')) weights.push(weight('bias', [units]));
    const out = [...shape.slice(0, -1), units];
    const explain: ExplainStep[] = [
      {
        label: 'output',
        text:
          shape.length > 2
            ? `Dense acts on the last axis only: ${formatShape(shape)} → ${formatShape(out)}`
            : `last axis ${inDim} → ${units} units`,
      },
      { label: 'kernel', text: `(${inDim}, ${units}): every one of the ${inDim} inputs connects to each of the ${units} units` },
    ];
    if (rank !== null) {
      // Keras enables LoRA at the end of build(): the kernel is frozen and two
      // low-rank factors become the trainable part.
      if (a.raw('kernel_constraint') !== null) {
        fail(
          'invalid-argument',
          'Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the `kernel_constraint` argument.',
        );
      }
      weights.push(weight('lora_kernel_a', [inDim, rank]), weight('lora_kernel_b', [rank, units]));
      explain.push({
        label: 'LoRA',
        text: `kernel (${inDim}, ${units}) frozen; trainable update A (${inDim}, ${rank}) · B (${rank}, ${units})`,
      });
    }
    return { outputs: [out], weights, explain };
  },
};

/** Embedding's own check on `input_dim` / `output_dim` (bools are rejected, unlike `isinstance(x, int)`). */
function positiveDim(a: ArgReader, name: string): number {
  const v = a.getInteger(name);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    failConstruct(
      'invalid-argument',
      `\`${name}\` must be a positive integer. Received: ${name}=${pyStr(v)} (of type ${pyTypeName(v)}).`,
      argumentTeaching(name, v, { type: 'positive integer' }),
    );
  }
  return v;
}

const embedding: LayerSpec = {
  className: 'Embedding',
  docPath: 'core_layers/embedding',
  params: [
    { name: 'input_dim' },
    { name: 'output_dim' },
    { name: 'embeddings_initializer', default: 'uniform' },
    { name: 'embeddings_regularizer', default: null },
    { name: 'embeddings_constraint', default: null },
    { name: 'mask_zero', default: false },
    { name: 'weights', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'quantization_config', default: null },
  ],
  // Keras 2's `input_length` is still accepted (and ignored with a warning).
  extraKeywords: ['input_length'],
  construct: (a) => {
    positiveDim(a, 'input_dim');
    positiveDim(a, 'output_dim');
    checkInitializer(a, 'embeddings_initializer');
  },
  compute: (a, input, ctx) => {
    const inputDim = positiveDim(a, 'input_dim');
    const outputDim = positiveDim(a, 'output_dim');
    const shape = singleInput(input, ctx);
    const out = [...shape, outputDim];
    const rank = loraRank(a);
    const weights: Weight[] = [weight('embeddings', [inputDim, outputDim], rank === null)];
    const explain: ExplainStep[] = [
      {
        label: 'output',
        text: `every integer id becomes a vector of ${outputDim}: ${formatShape(shape)} → ${formatShape(out)}`,
      },
      { label: 'embeddings', text: `(${inputDim}, ${outputDim}): one row of ${outputDim} per id 0…${inputDim - 1}` },
    ];
    if (a.bool('mask_zero')) {
      explain.push({ label: 'mask', text: `id 0 is padding and masked, so real ids are 1…${inputDim - 1}` });
    }
    if (rank !== null) {
      if (a.raw('embeddings_constraint') !== null) {
        throw new LayerError(
          'invalid-argument',
          'Lora is incompatible with embedding constraints. In order to enable lora on this layer, remove the `embeddings_constraint` argument.',
        );
      }
      weights.push(weight('lora_embeddings_a', [inputDim, rank]), weight('lora_embeddings_b', [rank, outputDim]));
      explain.push({
        label: 'LoRA',
        text: `embeddings (${inputDim}, ${outputDim}) frozen; trainable update A (${inputDim}, ${rank}) · B (${rank}, ${outputDim})`,
      });
    }
    return { outputs: [out], weights, explain };
  },
};

export const specs: LayerSpec[] = [dense, embedding];
