// Public surface of the analysis: one call turns a Python file's text into an
// AnalysisResult (layer calls, models, diagnostics).
export * from './types';
export { analyzeRange, analyzeSource, analyzeText } from './analyze';
export { CheckpointStore } from './checkpoint';
export { AnalysisHost, defaultAnalysisHost } from './host';
export { SyntaxCache } from '../python/syntax';
export { because, errorWhy, reasonSaysWhy } from './values';
export { MAX_IMPORTED_MODULES, MAX_IMPORT_DEPTH, MemoryModuleFiles, ModuleParses, type ModuleContext, type ModuleFiles } from './modules';
export { DiskModuleFiles } from './diskModules';
