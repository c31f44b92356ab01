// Shared helpers for analysis tests: parse and analyse a source text once the
// parser is loaded, and turn results into the 1-based line records of the
// golden programs format.
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisResult } from '../server/src/analysis';
import { loadPythonParser } from '../server/src/python/parser';

export async function analyzeSource(text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG): Promise<AnalysisResult> {
  const parser = await loadPythonParser();
  return analyzeText(parser, text, config);
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

