// Code lenses above each model: `Total params: 80,809 · Show summary`, which
// runs the summary command for that model (by its index in the result).
import { formatCount } from '../engine';
import type { AnalysisResult } from '../analysis';
import { msg, type Locale } from './messages';

export interface CodeLensView {
  /** Start of the model's constructor; the lens sits on that line. */
  readonly offset: number;
  readonly title: string;
  /** Index into `AnalysisResult.models`. */
  readonly modelIndex: number;
}

export function codeLenses(result: AnalysisResult, locale: Locale = 'en'): CodeLensView[] {
  return result.models.map((model, modelIndex) => ({
    offset: model.range.start,
    title: msg(locale, 'lens.title', { count: model.totalParams === null ? '?' : formatCount(model.totalParams) }),
    modelIndex,
  }));
}
