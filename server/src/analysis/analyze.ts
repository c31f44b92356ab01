// Entry points of the analysis: a file's text in, an AnalysisResult out.
// The interpreter (interpreter.ts, keras.ts) runs under a step budget; when
// the budget runs out the result holds everything found so far and a note.
import type { Parser } from 'web-tree-sitter';
import { parseModule, type SyntaxCache } from '../python/syntax';
import { BudgetExhausted, Interpreter } from './interpreter';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisResult, type Diagnostic } from './types';

/**
 * Parses and analyses a file. Never throws on user input. `syntaxCache` (one
 * per open document) lets the next analysis of the same document reuse the
 * syntax of unchanged top-level chunks; the result is the same with or without it.
 */
export function analyzeSource(parser: Parser, text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG, syntaxCache?: SyntaxCache): AnalysisResult {
  const root = parseModule(parser, text, syntaxCache);
  const interp = new Interpreter(text, config);
  let budgetExhausted = false;
  const extra: Diagnostic[] = [];
  try {
    interp.runModule(root);
  } catch (e) {
    if (e instanceof BudgetExhausted) {
      budgetExhausted = true;
      extra.push({
        range: { start: 0, end: 0 },
        severity: 'info',
        code: 'budget-exhausted',
        message:
          e.by === 'steps'
            ? `Analysis stopped after ${config.stepBudget.toLocaleString('en-US')} steps (a loop or recursion too long to follow); results after that point are not shown.`
            : `Analysis stopped after ${config.timeBudgetMs ?? 0} ms (a loop or recursion too long to follow); results after that point are not shown.`,
      });
    } else if (e instanceof RangeError) {
      // Deeply nested code can exhaust the JS stack: keep what was found.
      extra.push({ range: { start: 0, end: 0 }, severity: 'info', code: 'budget-exhausted', message: 'Analysis stopped: the code is nested too deeply to follow.' });
    } else {
      throw e;
    }
  }
  let calls: AnalysisResult['calls'] = [];
  let models: AnalysisResult['models'] = [];
  try {
    ({ calls, models } = interp.keras.results());
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  return {
    calls,
    models,
    diagnostics: [...interp.diagnostics, ...extra].sort((a, b) => a.range.start - b.range.start),
    steps: Math.min(interp.steps, config.stepBudget),
    budgetExhausted,
  };
}

export function analyzeText(parser: Parser, text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG): AnalysisResult {
  return analyzeSource(parser, text, config);
}
