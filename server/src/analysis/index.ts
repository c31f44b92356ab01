// Public surface of the analysis: one call turns a parsed Python file into an
// AnalysisResult (layer calls, models, diagnostics).
export * from './types';
export { analyzeTree, analyzeText } from './analyze';
export { SyntaxCache } from '../python/syntax';
