// What the Keras modules use of each other through the runtime (runtime.ts):
// the host, the records, unique layer names, and the calls that recurse
// through every kind of layer (a Sequential applies its layers, a
// functional model replays its graph). Only types: the runtime implements it.
import type { ApplicationCache, EngineConfig, ImageDataFormat } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import type { EngineCache } from '../engineCache';
import type { TextRange } from '../types';
import type { CallSiteArgs, LayerObj, Rerun, Tensor, Value } from '../values';
import type { KerasHost } from './host';
import type { CallEvent, ModelEntry } from './records';

export interface KerasContext {
  readonly host: KerasHost;
  readonly events: CallEvent[];
  /** Adds a call to the records (marked as an imported module's when its code is running). */
  record(e: CallEvent): void;
  readonly modelEntries: ModelEntry[];
  /** Adds a model to the records (marked as an imported module's when its top level is running). */
  recordModel(entry: ModelEntry): void;
  /** The engine's memoised results (the AnalysisHost's). */
  readonly cache: EngineCache;
  /** The layer name nearest to a misspelt one (a suggestion), remembered across runs. */
  nearestLayerName(name: string): string | undefined;
  /** The image data format the code has set so far (`K.set_image_data_format`), else the configuration's. */
  imageDataFormat: ImageDataFormat;
  /**
   * How many layer `call()`s Keras is tracing on symbolic tensors right now:
   * there a size Keras leaves None (the batch) is a scalar tensor (`ops.shape`).
   */
  tracedCalls: number;
  /** The engine configuration with that format: what layers made now default to. */
  readonly engineConfig: EngineConfig;
  /** Keras's automatic name: `dense`, then `dense_1`, `dense_2`, … per base. */
  uniqueName(base: string): string;
  /** How many automatic names of `base` the session has used. */
  nameCount(base: string): number;
  /** The `keras.applications` models built so far (the AnalysisHost's). */
  readonly applications: ApplicationCache;
  /** A layer or model called on `args`, recorded at `site` with its hint at `hint`. */
  applyLayer(layer: LayerObj, args: CallSiteArgs, site: TextRange, hint: number): Value;
  /** The recorded call `r` made again with every tensor argument replaced by `map`. */
  rerun(r: Rerun, map: (t: Tensor) => Tensor): Value;
  /** `l op r` with a tensor operand, recorded for replays. */
  tensorBinary(op: string, l: Value, r: Value, node: SyntaxNode): Value;
  /** An op (`keras.ops.reshape`, `tf.concat`, `np.zeros`), recorded for replays. */
  callOp(path: string, args: CallSiteArgs): Value;
}
