// Core types of the shape engine: dimensions, shapes, Python-like argument
// values, layer specs and their results. Pure data, no I/O.
//
//   const r = evaluateLayer('Conv2D', { positional: [24, [8, 8]], keywords: { strides: 2 } },
//                           { shapes: [[null, 128, 128, 3]], isList: false });
//   // r.kind === 'ok', r.outputs[0] = [null, 61, 61, 24]

/** A dimension: a number, or `null` for Keras's `None` (unknown until run time). */
export type Dim = number | null;
export type Shape = readonly Dim[];
/** Keras's nesting of returned tensors, when it is deeper than a flat list:
 * an RNN over stacked LSTM cells returns `[output, [h, c], state]`. */
export type OutputStructure = Shape | readonly OutputStructure[];

/** A nested layer instance passed as an argument (`Bidirectional(LSTM(8))`). */
export interface LayerArgValue {
  readonly kind: 'layer';
  readonly className: string;
  readonly args: CallArgs;
}
/** A value the analysis could not determine statically. */
export interface UnknownArgValue {
  readonly kind: 'unknown';
  readonly why?: string;
}
/** A Python dict with string keys. */
export interface DictArgValue {
  readonly kind: 'dict';
  readonly entries: Readonly<Record<string, PyValue>>;
}
/** A value that exists but is opaque to the engine (a function, an initializer object, …). */
export interface OpaqueArgValue {
  readonly kind: 'opaque';
  readonly repr: string;
}
/** Python values the engine understands; arrays stand for tuples and lists. */
export type PyValue =
  | null
  | boolean
  | number
  | string
  | readonly PyValue[]
  | LayerArgValue
  | UnknownArgValue
  | DictArgValue
  | OpaqueArgValue;

export interface CallArgs {
  readonly positional: readonly PyValue[];
  readonly keywords: Readonly<Record<string, PyValue>>;
  /**
   * An argument the caller does not know, read as an integer, takes this
   * value instead of making the result unknown: running a layer with two
   * different probes tells which results do not depend on that argument.
   */
  readonly probe?: number;
}

/** What a layer is called on. `isList` is true for `layer([a, b])`; several
 * shapes with `isList` false mean separate positional tensors (`mha(q, v, k)`). */
export interface LayerInput {
  readonly shapes: readonly Shape[];
  readonly isList: boolean;
  /** Non-tensor keyword arguments of the call (`return_attention_scores=True`, `training=...`). */
  readonly callKeywords?: Readonly<Record<string, PyValue>>;
  /** Tensor keyword arguments of the call (`initial_state=`, `mask=`), by name. */
  readonly tensorKeywords?: Readonly<Record<string, readonly Shape[]>>;
}

export interface Weight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
}

/** One step of the arithmetic, rendered by the hover: `height: floor((128 − 8) / 2) + 1 = 61`. */
export interface ExplainStep {
  readonly label: string;
  readonly text: string;
}

export interface LayerOk {
  readonly kind: 'ok';
  readonly className: string;
  /** Output shapes in Keras's order. */
  readonly outputs: readonly Shape[];
  /** True when Keras returns a list/tuple of tensors (even of length 1). */
  readonly multiple: boolean;
  /** Present only when Keras nests the returned tensors; `outputs` is then the flattened list. */
  readonly outputStructure?: OutputStructure;
  readonly weights: readonly Weight[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly explain: readonly ExplainStep[];
}
export interface LayerErr {
  readonly kind: 'error';
  readonly code: DiagnosticCode;
  readonly message: string;
  /** 'construct' when Keras raises in `__init__`, 'call' when it raises when called. */
  readonly phase: 'construct' | 'call';
  /** What Keras checked, with the user's numbers, for the views to explain the error. */
  readonly teach?: Teaching;
}

/**
 * The check behind an error, with the numbers it compared: the views turn it
 * into a short hint (`✗ ndim 3, needs 4`) and a few lines that explain what
 * Keras checks, why it fails and what to do, in the user's language.
 */
export type Teaching =
  /** The input spec's rank check: `ndim` (exactly), `min_ndim` or `max_ndim`. */
  | {
      readonly kind: 'ndim';
      readonly check: 'ndim' | 'min_ndim' | 'max_ndim';
      readonly expected: number;
      readonly found: number;
      readonly shape: Shape;
      /** The axes the layer reads, `(batch, height, width, channels)`, when it says. */
      readonly layout?: string;
    }
  /** The input spec's fixed axis (a layer built for 64 features called on 32). */
  | { readonly kind: 'axis'; readonly axis: number; readonly expected: number; readonly found: number; readonly shape: Shape }
  /** A convolution or pooling window longer than its input under `padding='valid'`. */
  | {
      readonly kind: 'output-size';
      readonly window: 'kernel' | 'pool';
      readonly shape: Shape;
      /** The spatial axes whose output length would be zero or negative. */
      readonly axes: readonly { readonly label: string; readonly input: number; readonly window: number; readonly formula: string }[];
    }
  /** Inputs of a merge layer that cannot be combined (`axis` for Concatenate). */
  | { readonly kind: 'merge'; readonly shapes: readonly Shape[]; readonly axis?: number }
  /** A Reshape whose target holds another number of values than its input. */
  | { readonly kind: 'reshape'; readonly input: Shape; readonly target: readonly number[]; readonly inputSize: number; readonly targetSize: number; readonly inferred: boolean }
  /** A matrix product whose inner sizes differ: `x1.shape[-1]` and `x2.shape[-2]` (1-D operands as given). */
  | { readonly kind: 'matmul'; readonly left: Shape; readonly right: Shape }
  /** An elementwise operation (`x + y`) on shapes that do not broadcast. */
  | { readonly kind: 'broadcast'; readonly left: Shape; readonly right: Shape }
  /** Keyword arguments the layer does not take. */
  | { readonly kind: 'keyword'; readonly names: readonly string[] }
  /** A required argument not given. */
  | { readonly kind: 'missing'; readonly name: string }
  /** A weight whose shape would hold a None: the input axis it is made from is unknown. */
  | { readonly kind: 'variable'; readonly name: string; readonly shape: readonly (number | null)[] }
  /** An argument value Keras does not accept. */
  | { readonly kind: 'argument'; readonly name: string; readonly value: string; readonly expected: ArgExpectation };

/** What an argument must be, for the explanation of an invalid-argument error. */
export type ArgExpectation =
  | { readonly type: 'integer' | 'positive integer' | 'number' | 'string' }
  /** A tuple of `size` integers, each at least `min` (an int stands for `size` copies). */
  | { readonly type: 'tuple'; readonly size: number; readonly min: number }
  | { readonly type: 'one of'; readonly options: readonly string[] };
export interface LayerUnknown {
  readonly kind: 'unknown';
  readonly reason: string;
}
export type LayerResult = LayerOk | LayerErr | LayerUnknown;

/** Stable diagnostic codes; each has a short doc in `codes.ts`. */
export type DiagnosticCode =
  | 'incompatible-input'
  | 'negative-dim'
  | 'invalid-argument'
  | 'unknown-argument'
  | 'incompatible-shapes'
  | 'undefined-dim'
  | 'invalid-reshape'
  | 'unknown-layer'
  | 'legacy-argument'
  | 'legacy-layer'
  | 'legacy-function';

export interface EngineConfig {
  /** Keras's `image_data_format()`: the default for every `data_format=None`. */
  readonly imageDataFormat: 'channels_last' | 'channels_first';
}
export const DEFAULT_ENGINE_CONFIG: EngineConfig = { imageDataFormat: 'channels_last' };
