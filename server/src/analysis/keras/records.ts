// What a run records for the views: one CallEvent per layer call (a call
// site run in a loop records several), and the models made, in order. The
// results (results.ts) are computed from them at the end of a run.
import type { ExplainStep, Shape, Weight } from '../../engine';
import type { CallFailure, PartialShape, TextRange } from '../types';
import type { LayerObj } from '../values';

export class CallEvent {
  constructor(
    readonly site: TextRange,
    readonly hint: number,
    readonly layer: LayerObj,
    readonly inputShapes: readonly (Shape | null)[],
    readonly outputs: readonly Shape[] | null,
    readonly weights: readonly Weight[],
    readonly unknownReason: string | undefined,
    /** The engine result whose explanation (built when first read) this call shows; none for models and lambdas. */
    readonly explainFrom: { readonly explain: readonly ExplainStep[] } | undefined = undefined,
    /** Set when Keras raises at this call. */
    readonly failure: CallFailure | undefined = undefined,
    /** Set when the output is unknown because of an error Keras raises upstream: that error's line. */
    readonly blockedBy: number | undefined = undefined,
    /** When `outputs` is null but the ranks are known: the shapes with `'?'` for the unknown dimensions. */
    readonly partial: readonly PartialShape[] | undefined = undefined,
  ) {}
}

export interface ModelEntry {
  readonly model: LayerObj;
  varName?: string;
}

/** The records of one run. */
export interface Records {
  readonly events: CallEvent[];
  readonly modelEntries: ModelEntry[];
}
