// The shape of a catalogue entry. A group file exports `defs: OpDefs`, keyed
// by the first path of the op's signature (`ops.sum`, `ops.image.resize`,
// `activations.relu`); `catalogue.ts` joins them with the signatures.
import type { OpArgs } from './bind';
import type { OpContext, OutItem } from './types';

export interface OpCallContext extends OpContext {
  /** True when no argument holds a symbolic tensor: Keras runs the backend eagerly. */
  readonly eager: boolean;
}

export interface OpDef {
  /** One or two sentences for hovers: what the op computes and its output shape. */
  readonly summary: string;
  /** The result for a bound call; throws OpFailure where Keras raises or the engine cannot answer. */
  readonly compute: (a: OpArgs, ctx: OpCallContext) => OutItem;
  /**
   * Calls on Python values only: 'same' — the eager result has the shape and
   * dtype `compute` gives (marked concrete); 'own' — `compute` handles it
   * (reads `ctx.eager`); 'convert' — Python values are first converted the
   * way `convert_to_tensor` does (int → int32, float → float32) and `compute`
   * runs on them; 'backend' — converted the same way, but only the shape of
   * `compute`'s result holds: its dtype is the backend's own (NumPy's
   * `np.abs(5)` is int64, TensorFlow's int32), so it is left unknown;
   * absent — the result is 'unknown' (the backend decides).
   */
  readonly eager?: 'same' | 'own' | 'convert' | 'backend';
}

export type OpDefs = Readonly<Record<string, OpDef>>;
