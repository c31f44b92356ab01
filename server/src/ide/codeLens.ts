// Code lenses above each model: `Total params: 80,809 · Show summary`, which
// runs the summary command for that model (by its index in the result), and
// `Show graph`, which opens the model's graph beside the code.
import { formatCount } from '../engine';
import type { AnalysisResult } from '../analysis';

export interface CodeLensView {
  /** Start of the model's constructor; the lens sits on that line. */
  readonly offset: number;
  readonly title: string;
  /** Index into `AnalysisResult.models`. */
  readonly modelIndex: number;
  /** What the lens opens: the model's summary or its graph. */
  readonly kind: 'summary' | 'graph';
}

export function codeLenses(result: AnalysisResult): CodeLensView[] {
  return result.models.flatMap((model, modelIndex): CodeLensView[] => [
    {
      offset: model.range.start,
      title: `Total params: ${model.totalParams === null ? '?' : formatCount(model.totalParams)} · Show summary`,
      modelIndex,
      kind: 'summary',
    },
    { offset: model.range.start, title: 'Show graph', modelIndex, kind: 'graph' },
  ]);
}
