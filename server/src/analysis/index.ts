// Public surface of the analysis: one call turns a Python file's text into an
// AnalysisResult (layer calls, models, diagnostics).
export * from './types';
export { analyzeRange, analyzeSource, analyzeText } from './analyze';
export { CheckpointStore } from './checkpoint';
export { AnalysisHost, defaultAnalysisHost } from './host';
export { SyntaxCache } from '../python/syntax';
export { because, errorWhy } from './values';
