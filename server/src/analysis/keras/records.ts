// What a run records for the views: one CallEvent per layer call (a call
// site run in a loop records several), and the models made, in order. The
// results (results.ts) are computed from them at the end of a run.
import type { ExplainStep, Shape, Weight } from '../../engine';
import type { CallFailure, PartialShape, TextRange } from '../types';
import type { LayerObj } from '../values';

/** Where a call recorded while an imported module's code ran was made: in that module, from the analysed file's `site`. */
export interface ImportedCall {
  /** The module's file and dotted name. */
  readonly path: string;
  readonly module: string;
  /** The 1-based line of the call in the module. */
  readonly line: number;
  /** The analysed file's statement or call that ran the module's code. */
  readonly site: TextRange;
  /** Whether the module's code ran from an import (its top level), not from a call of the file's. */
  readonly byImport: boolean;
}

export class CallEvent {
  /** Set for a call made by an imported module's code: it is not the analysed file's (results leave it out of the file's calls). */
  imported: ImportedCall | undefined = undefined;

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
  /** Built while an imported module ran its top level: that module's model, not the analysed file's. */
  byImport?: true;
}

/** The records of one run. */
export interface Records {
  readonly events: CallEvent[];
  readonly modelEntries: ModelEntry[];
}
