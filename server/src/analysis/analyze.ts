// Entry points of the analysis (the interpreter lives in interpreter.ts).
import type { Parser } from 'web-tree-sitter';
import { parsePython, type SyntaxTree } from '../python/parser';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisResult } from './types';

/** Analyses a parsed file. Never throws on user input. */
export function analyzeTree(tree: SyntaxTree, text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG): AnalysisResult {
  void tree;
  void text;
  void config;
  return { calls: [], models: [], diagnostics: [], steps: 0, budgetExhausted: false };
}

export function analyzeText(parser: Parser, text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG): AnalysisResult {
  const tree = parsePython(parser, text);
  try {
    return analyzeTree(tree, text, config);
  } finally {
    tree.delete();
  }
}
