// Code lenses above each model: `Total params: 80,809 · Show summary`, which
// runs the summary command for that model (by its index in the result), and
// `Show graph`, which opens the model's graph beside the code. When a layer of
// the model fails, the lens names the error's line: `Total params: ? — error at line 6`.
import { plainLines, type LinePlacer } from './reasons';
import { formatCount } from '../engine';
import type { AnalysisResult } from '../analysis';
import { msg, type Locale } from './messages';

export interface CodeLensView {
  /** Start of the model's constructor; the lens sits on that line. */
  readonly offset: number;
  readonly title: string;
  /** Index into `AnalysisResult.models`. */
  readonly modelIndex: number;
  /** What the lens opens: the model's summary or its graph. */
  readonly kind: 'summary' | 'graph';
}

export function codeLenses(result: AnalysisResult, locale: Locale = 'en', where: LinePlacer = plainLines(locale)): CodeLensView[] {
  return result.models.flatMap((model, modelIndex): CodeLensView[] => [
    {
      offset: model.range.start,
      title:
        model.totalParams === null && model.errorLine !== undefined
          ? msg(locale, 'lens.titleError', { where: where(model.errorLine) })
          : msg(locale, 'lens.title', { count: model.totalParams === null ? '?' : formatCount(model.totalParams) }),
      modelIndex,
      kind: 'summary',
    },
    { offset: model.range.start, title: msg(locale, 'lens.graph'), modelIndex, kind: 'graph' },
  ]);
}
