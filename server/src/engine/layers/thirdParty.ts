// Layers of libraries built on Keras: keras_cv.layers.DropPath,
// tensorflow_addons.layers.InstanceNormalization and WeightNormalization,
// keras_nlp (keras_hub) TokenAndPositionEmbedding, PositionEmbedding,
// SinePositionEncoding, TransformerEncoder, TransformerDecoder, FNetEncoder.
//   The rules follow the libraries' sources: keras-cv 0.9, tensorflow-addons
//   0.23 and keras-hub 0.16 (whose layers keras_nlp exports under the same
//   names). The composite keras_nlp layers are Keras layers put together in
//   `build`, so their weights are those of the Keras layers they make:
//   TransformerEncoder(64, 4) on (None, 10, 32) has a MultiHeadAttention of
//   4 heads of 32 // 4 = 8, two LayerNormalizations of 32 and Dense 32 → 64 → 32.
//   These classes are not in `keras.layers`: the names each library's module
//   exports are in THIRD_PARTY_LAYERS.
import { isLayerValue, isUnknown, type ArgReader } from '../args';
import { LayerError, fail, failConstruct, unknown } from '../errors';
import { formatShape } from '../format';
import { checkUnitInterval } from './regularization';
import { singleInput, weight } from '../shapeUtils';
import type { EngineContext, LayerComputation, LayerSpec } from '../spec';
import type { CallArgs, PyValue, Shape, Weight } from '../types';

/** The layer classes each library module exports, by module path; the first two are the same classes. */
export const THIRD_PARTY_LAYERS: Readonly<Record<string, readonly string[]>> = {
  'keras_cv.layers': ['DropPath'],
  'keras_nlp.layers': ['TokenAndPositionEmbedding', 'PositionEmbedding', 'SinePositionEncoding', 'TransformerEncoder', 'TransformerDecoder', 'FNetEncoder'],
  'keras_hub.layers': ['TokenAndPositionEmbedding', 'PositionEmbedding', 'SinePositionEncoding', 'TransformerEncoder', 'TransformerDecoder', 'FNetEncoder'],
  // GroupNormalization of tensorflow_addons is Keras's own (same arguments, weights and checks).
  'tensorflow_addons.layers': ['InstanceNormalization', 'WeightNormalization', 'GroupNormalization'],
};

/** Output and weights of a Keras layer a composite layer makes in its `build`, its weights under `prefix/`. */
function sublayer(ctx: EngineContext, prefix: string, className: string, keywords: Record<string, PyValue>, shapes: readonly Shape[]): { out: Shape; weights: Weight[] } {
  const r = ctx.evaluate(className, { positional: [], keywords }, { shapes, isList: false });
  if (r.kind === 'error') throw new LayerError(r.code, r.message, 'call');
  if (r.kind === 'unknown') unknown(r.reason);
  return { out: r.outputs[0], weights: r.weights.map((w) => ({ ...w, name: `${prefix}/${w.name}` })) };
}

/** The input's last size, which the layer's sublayers are built for: `None // num_heads` is Python's TypeError. */
function hiddenSize(shape: Shape): number {
  const d = shape.length === 0 ? null : shape[shape.length - 1];
  if (d === null) fail('invalid-argument', "unsupported operand type(s) for //: 'NoneType' and 'int'");
  return d;
}

/** `keras.layers.Dropout(rate=dropout)` made in `build`: Keras checks the rate then, at the first call. */
function checkDropoutAtBuild(a: ArgReader): void {
  try {
    checkUnitInterval(a, 'dropout');
  } catch (e) {
    if (e instanceof LayerError) throw new LayerError(e.code, e.message, 'call');
    throw e;
  }
}

/** LayerNormalization, Dense(intermediate) then Dense(hidden) on the output of the attention: the feed-forward half of a transformer block. */
function feedForward(a: ArgReader, ctx: EngineContext, shape: Shape, hidden: number, names: { readonly norm: string; readonly inner: string; readonly outer: string }): Weight[] {
  const intermediate = a.int('intermediate_dim');
  const inner = sublayer(ctx, names.inner, 'Dense', { units: intermediate }, [shape]);
  const outer = sublayer(ctx, names.outer, 'Dense', { units: hidden }, [inner.out]);
  return [...sublayer(ctx, names.norm, 'LayerNormalization', {}, [shape]).weights, ...inner.weights, ...outer.weights];
}

/** `int(hidden_dim // num_heads)`, which must not be 0. */
function headSize(a: ArgReader, hidden: number, what: 'key_dim' | 'head_dim'): number {
  const heads = a.int('num_heads');
  if (heads === 0) fail('invalid-argument', 'integer division or modulo by zero');
  const size = Math.floor(hidden / heads);
  if (size === 0) {
    fail(
      'invalid-argument',
      `Attention \`${what}\` computed cannot be zero. The \`hidden_dim\` value of ${hidden} has to be equal to or greater than \`num_heads\` value of ${heads}.`,
    );
  }
  return size;
}

const TRANSFORMER_PARAMS = [
  { name: 'intermediate_dim' },
  { name: 'num_heads' },
  { name: 'dropout', default: 0 },
  { name: 'activation', default: 'relu' },
  { name: 'layer_norm_epsilon', default: 1e-5 },
  { name: 'kernel_initializer', default: 'glorot_uniform' },
  { name: 'bias_initializer', default: 'zeros' },
  { name: 'normalize_first', default: false },
] as const;

const transformerEncoder: LayerSpec = {
  className: 'TransformerEncoder',
  params: TRANSFORMER_PARAMS,
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const hidden = hiddenSize(shape);
    const keyDim = headSize(a, hidden, 'key_dim');
    checkDropoutAtBuild(a);
    const attention = sublayer(ctx, 'self_attention_layer', 'MultiHeadAttention', { num_heads: a.int('num_heads'), key_dim: keyDim }, [shape, shape]);
    const norm = sublayer(ctx, 'self_attention_layer_norm', 'LayerNormalization', {}, [shape]);
    const ff = feedForward(a, ctx, shape, hidden, { norm: 'feedforward_layer_norm', inner: 'feedforward_intermediate_dense', outer: 'feedforward_output_dense' });
    return {
      outputs: [shape],
      weights: [...attention.weights, ...norm.weights, ...ff],
      explain: [{ label: 'attention', text: `${a.int('num_heads')} heads of ${hidden} // ${a.int('num_heads')} = ${keyDim}` }],
    };
  },
};

const transformerDecoder: LayerSpec = {
  className: 'TransformerDecoder',
  params: TRANSFORMER_PARAMS,
  extraKeywords: ['decoder_sequence_shape', 'encoder_sequence_shape'],
  callTensors: ['decoder_sequence', 'encoder_sequence'],
  compute: (a, input, ctx) => {
    if (a.has('decoder_sequence_shape') && a.raw('decoder_sequence_shape') !== null) unknown('`TransformerDecoder(decoder_sequence_shape=…)` is not modelled');
    const cached = ['self_attention_cache', 'cross_attention_cache'].some((k) => input.tensorKeywords?.[k] !== undefined || (input.callKeywords?.[k] ?? null) !== null);
    if (cached) unknown('`TransformerDecoder(…)(…, self_attention_cache=…)` is not modelled');
    const [decoder, encoder] = input.shapes;
    const hidden = hiddenSize(decoder);
    const headDim = headSize(a, hidden, 'head_dim');
    checkDropoutAtBuild(a);
    const heads = a.int('num_heads');
    const weights: Weight[] = [
      ...sublayer(ctx, 'self_attention', 'MultiHeadAttention', { num_heads: heads, key_dim: headDim }, [decoder, decoder]).weights,
      ...sublayer(ctx, 'self_attention_layer_norm', 'LayerNormalization', {}, [decoder]).weights,
    ];
    if (encoder !== undefined) {
      weights.push(
        ...sublayer(ctx, 'cross_attention', 'MultiHeadAttention', { num_heads: heads, key_dim: headDim, value_dim: headDim }, [decoder, encoder]).weights,
        ...sublayer(ctx, 'cross_attention_layer_norm', 'LayerNormalization', {}, [decoder]).weights,
      );
    }
    weights.push(...feedForward(a, ctx, decoder, hidden, { norm: 'feedforward_layer_norm', inner: 'feedforward_intermediate_dense', outer: 'feedforward_output_dense' }));
    return {
      outputs: [decoder],
      weights,
      explain: [{ label: 'attention', text: `${heads} heads of ${hidden} // ${heads} = ${headDim}${encoder === undefined ? ', self-attention only' : ', self-attention and cross-attention over the encoder sequence'}` }],
    };
  },
};

const fnetEncoder: LayerSpec = {
  className: 'FNetEncoder',
  params: [
    { name: 'intermediate_dim' },
    { name: 'dropout', default: 0 },
    { name: 'activation', default: 'relu' },
    { name: 'layer_norm_epsilon', default: 1e-5 },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
  ],
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    // The LayerNormalization built first refuses a None last axis.
    const mixing = sublayer(ctx, 'mixing_layer_norm', 'LayerNormalization', {}, [shape]);
    const hidden = hiddenSize(shape);
    checkDropoutAtBuild(a);
    const ff = feedForward(a, ctx, shape, hidden, { norm: 'output_layer_norm', inner: 'intermediate_dense', outer: 'output_dense' });
    return { outputs: [shape], weights: [...mixing.weights, ...ff] };
  },
};

/** `if x is None: raise ValueError(...)` then `int(x)`, as the keras_nlp embedding layers check their sizes. */
function requiredSize(a: ArgReader, name: string): number {
  const v = a.raw(name);
  if (v === null) failConstruct('invalid-argument', `\`${name}\` must be an Integer, received \`None\`.`);
  return a.int(name);
}

const positionEmbedding: LayerSpec = {
  className: 'PositionEmbedding',
  params: [{ name: 'sequence_length' }, { name: 'initializer', default: 'glorot_uniform' }],
  construct: (a) => {
    if (!isUnknown(a.raw('sequence_length'))) requiredSize(a, 'sequence_length');
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const length = requiredSize(a, 'sequence_length');
    return { outputs: [shape], weights: [weight('embeddings', [length, shape[shape.length - 1] ?? null])] };
  },
};

const tokenAndPositionEmbedding: LayerSpec = {
  className: 'TokenAndPositionEmbedding',
  params: [
    { name: 'vocabulary_size' },
    { name: 'sequence_length' },
    { name: 'embedding_dim' },
    { name: 'tie_weights', default: true },
    { name: 'embeddings_initializer', default: 'uniform' },
    { name: 'mask_zero', default: false },
  ],
  construct: (a) => {
    for (const name of ['vocabulary_size', 'sequence_length', 'embedding_dim']) if (a.raw(name) === null) requiredSize(a, name);
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const vocabulary = requiredSize(a, 'vocabulary_size');
    const length = requiredSize(a, 'sequence_length');
    const dim = requiredSize(a, 'embedding_dim');
    const weights = [weight('token_embedding/embeddings', [vocabulary, dim])];
    if (!a.bool('tie_weights')) weights.push(weight('token_embedding/reverse_embeddings', [dim, vocabulary]));
    weights.push(weight('position_embedding/embeddings', [length, dim]));
    return {
      outputs: [[...shape, dim]],
      weights,
      explain: [{ label: 'embeddings', text: `${vocabulary} tokens × ${dim} plus ${length} positions × ${dim}, added` }],
    };
  },
};

/** Layers whose output is their input and that have no weights (in inference, which is what shapes follow). */
function identitySpec(className: string, params: LayerSpec['params']): LayerSpec {
  return { className, params, compute: (_a, input, ctx) => ({ outputs: [singleInput(input, ctx)], weights: [] }) };
}

const GROUP_NORMALIZATION_KEYWORDS = [
  'groups',
  'axis',
  'epsilon',
  'center',
  'scale',
  'beta_initializer',
  'gamma_initializer',
  'beta_regularizer',
  'gamma_regularizer',
  'beta_constraint',
  'gamma_constraint',
];

/** A keyword of a class whose `__init__` takes only `**kwargs`: its value, or the default when not given. */
function keywordOr(a: ArgReader, name: string, fallback: PyValue): PyValue {
  return a.has(name) ? a.get(name) : fallback;
}

const instanceNormalization: LayerSpec = {
  className: 'InstanceNormalization',
  params: [],
  extraKeywords: GROUP_NORMALIZATION_KEYWORDS,
  construct: (a) => {
    if (keywordOr(a, 'axis', -1) === 0) {
      failConstruct('invalid-argument', 'You are trying to normalize your batch axis. Do you want to use tf.layer.batch_normalization instead');
    }
  },
  compute: (a, input, ctx) => {
    const shape = singleInput(input, ctx);
    const axis = keywordOr(a, 'axis', -1);
    if (typeof axis !== 'number' || !Number.isInteger(axis)) unknown('`axis` is not known statically');
    const at = axis < 0 ? shape.length + axis : axis;
    if (at < 0 || at >= shape.length) unknown(`\`axis=${axis}\` is not modelled`);
    const dim = shape[at];
    if (dim === null) {
      fail('undefined-dim', `Axis ${axis} of input tensor should have a defined dimension but the layer received an input with shape ${formatShape(shape)}.`);
    }
    const weights: Weight[] = [];
    if (pyTruth(keywordOr(a, 'scale', true))) weights.push(weight('gamma', [dim]));
    if (pyTruth(keywordOr(a, 'center', true))) weights.push(weight('beta', [dim]));
    return { outputs: [shape], weights, explain: [{ label: 'groups', text: `one group per channel: ${dim}` }] };
  },
};

function pyTruth(v: PyValue): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Keras classes whose weight matrix is the attribute `kernel`, the one WeightNormalization reparameterises. */
const KERNEL_LAYERS = ['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose'];

const weightNormalization: LayerSpec = {
  className: 'WeightNormalization',
  params: [{ name: 'layer' }, { name: 'data_init', default: true }],
  construct: (a) => {
    const v = a.raw('layer');
    if (isUnknown(v) || !isLayerValue(v)) unknown('`layer` is not known statically');
  },
  compute: (a, input, ctx): LayerComputation => {
    const inner = a.layer('layer');
    if (!KERNEL_LAYERS.includes(inner.className)) unknown(`\`WeightNormalization(${inner.className}(…))\` is not modelled`);
    const args: CallArgs = inner.args;
    const r = ctx.evaluate(inner.className, args, input);
    if (r.kind === 'error') throw new LayerError(r.code, r.message, r.phase);
    if (r.kind === 'unknown') unknown(r.reason);
    const kernel = r.weights.find((w) => w.name === 'kernel');
    if (kernel === undefined) unknown(`\`WeightNormalization(${inner.className}(…))\` is not modelled`);
    const depth = kernel.shape[kernel.shape.length - 1];
    const weights: Weight[] = [...r.weights, weight('g', [depth]), weight('initialized', [], false)];
    // With data_init, a frozen copy of the wrapped layer is built and tracked: its weights count as non-trainable.
    const dataInit = a.bool('data_init');
    if (dataInit) weights.push(...r.weights.map((w) => ({ ...w, name: `naked_clone/${w.name}`, trainable: false })));
    return {
      outputs: r.outputs,
      weights,
      explain: [
        { label: 'g', text: `one scale per slice of the last axis of the kernel ${formatShape(kernel.shape)}: ${depth}` },
        ...(dataInit ? [{ label: 'data_init', text: `a frozen copy of ${inner.className} for the data-dependent initialisation: its weights are non-trainable` }] : []),
      ],
    };
  },
};

export const specs: LayerSpec[] = [
  identitySpec('DropPath', [{ name: 'rate', default: 0.5 }, { name: 'seed', default: null }]),
  identitySpec('SinePositionEncoding', [{ name: 'max_wavelength', default: 10000 }]),
  positionEmbedding,
  tokenAndPositionEmbedding,
  transformerEncoder,
  transformerDecoder,
  fnetEncoder,
  instanceNormalization,
  weightNormalization,
];
