// The shape of a layer definition in the catalogue. A family file exports
// `specs: LayerSpec[]`; `index.ts` collects them.
//
//   export const specs: LayerSpec[] = [{
//     className: 'Dense',
//     params: [{ name: 'units' }, { name: 'activation', default: null }, ...],
//     compute: (a, input, ctx) => { ... return { outputs: [...], weights: [...] }; },
//   }];
import type { ArgReader } from './args';
import type { EngineConfig, ExplainStep, LayerInput, LayerResult, Shape, Weight, CallArgs } from './types';

export interface ParamDef {
  readonly name: string;
  /** Absent means required. */
  readonly default?: import('./types').PyValue;
}

export interface LayerComputation {
  readonly outputs: readonly Shape[];
  /** True when Keras returns several tensors (or a list), even of length 1. Default: outputs.length > 1. */
  readonly multiple?: boolean;
  /** Only when Keras nests the returned tensors (`[output, [h, c], state]`); `outputs` stays flat. */
  readonly outputStructure?: import('./types').OutputStructure;
  readonly weights: readonly Weight[];
  /** Arithmetic steps with the user's numbers; the param formula is added automatically.
   * A function is called only when the explanation is read (it is text for the hover). */
  readonly explain?: readonly ExplainStep[] | (() => readonly ExplainStep[]);
}

export interface EngineContext {
  readonly config: EngineConfig;
  /** Keras's name for this layer instance (`conv2d`), used in messages. */
  readonly layerName: string;
  /** Evaluates a nested layer (the `layer` of `Bidirectional`, `TimeDistributed`, RNN cells). */
  evaluate(className: string, args: CallArgs, input: LayerInput): LayerResult;
}

export interface LayerSpec {
  /** The Keras class name, as in `keras.layers.<className>`. */
  readonly className: string;
  /** Other names of the same class (`Convolution2D`, `MaxPool2D`). */
  readonly aliases?: readonly string[];
  /** Constructor parameters in positional order, Keras 3 names and defaults. */
  readonly params: readonly ParamDef[];
  /** Keyword-only arguments accepted besides `params` and the base Layer's. */
  readonly extraKeywords?: readonly string[];
  /** Accept any keyword (the class forwards `**kwargs` somewhere permissive). */
  readonly anyKeywords?: boolean;
  /** Path of the layer's page under https://keras.io/api/layers/ (e.g. `convolution_layers/convolution2d`). */
  readonly docPath?: string;
  /** The call's tensor arguments by position, when the layer takes several (attention's `query, value, key`) rather than one `inputs`. */
  readonly callTensors?: readonly string[];
  /** Several outputs come back as a tuple, not a list (MultiHeadAttention with `return_attention_scores`). */
  readonly returnsTuple?: boolean;
  /** The functional helper of `keras.layers` that makes this layer and calls it on its first argument (`add` for Add). */
  readonly helper?: string;
  /** Checks Keras makes in the constructor; throws LayerError (phase 'construct'). */
  readonly construct?: (a: ArgReader, ctx: EngineContext) => void;
  /** Output shapes and weights for an input; throws LayerError / UnknownValueError. */
  readonly compute: (a: ArgReader, input: LayerInput, ctx: EngineContext) => LayerComputation;
}
