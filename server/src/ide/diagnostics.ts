// Diagnostics from an AnalysisResult, each with its code and a link to the
// code's documentation (docs/codes.md), plus the docs of the codes the
// analysis adds to the engine's. In a language other than English a message
// starts with the explanation of its code, then Keras's words as they are.
import { DIAGNOSTIC_CODES } from '../engine';
import type { CodeDoc } from '../engine/codes';
import type { AnalysisCode, AnalysisResult, Severity, TextRange } from '../analysis';
import { diagnosticMessage, msg, type Locale } from './messages';
import { plainLines, reasonText, type LinePlacer } from './reasons';

export const CODES_DOC_URL = 'https://github.com/keras-shapes/keras-shapes/blob/main/docs/codes.md';

/** Codes produced by the analysis itself rather than by a layer. */
export const ANALYSIS_CODES: Readonly<Record<Exclude<AnalysisCode, keyof typeof DIAGNOSTIC_CODES>, CodeDoc>> = {
  'syntax-error': {
    summary: 'Python cannot parse this part of the file (so it would not run it): a bracket left open, a missing `:` or `)`, or an invisible character such as a non-breaking space (U+00A0). The analysis reads what it can of the statement and goes on with the rest.',
    fix: 'Finish or fix the statement; retype a line that looks right but does not parse, to replace an invisible character.',
  },
  'shapes-lost': {
    summary: 'A note, once per model whose totals are not known: where the analysis first lost track of its shapes, and why (data read at run time, a library it does not follow, a condition it cannot decide). The layers after it show `?` where a size depends on it.',
    fix: 'Nothing is wrong with the code. To see the shapes, give the size the note names as a constant (`Input(shape=(128,))`), or keep the model-building code apart from the data loading.',
  },
  'budget-exhausted': {
    summary: 'The file needs more interpretation steps than the analysis budget allows (very long loops or deep recursion); shapes after that point are not shown.',
    fix: 'Raise `kerasShapes.analysisBudget`, or keep loop counts small in model-building code.',
  },
};

/** Every code with its doc, engine codes first. */
export function allCodeDocs(): [string, CodeDoc][] {
  return [...Object.entries(DIAGNOSTIC_CODES), ...Object.entries(ANALYSIS_CODES)];
}

export function codeDocUrl(code: string): string {
  return `${CODES_DOC_URL}#${code}`;
}

export interface DiagnosticView {
  readonly range: TextRange;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly href: string;
}

/** The file's diagnostics in the user's words; `where` places the lines a note names (a notebook's cells). */
export function diagnostics(result: AnalysisResult, locale: Locale = 'en', where: LinePlacer = plainLines(locale)): DiagnosticView[] {
  return result.diagnostics.map((d) => ({
    range: d.range,
    severity: d.severity,
    code: d.code,
    message: d.lost !== undefined ? msg(locale, 'diagnostic.shapesLost', { model: d.lost.model, reason: reasonText(locale, d.lost.reason, where) }) : diagnosticMessage(locale, d.code, d.message),
    href: codeDocUrl(d.code),
  }));
}

/** docs/codes.md, generated from the code docs (a test keeps the file in step). */
export function codesMarkdown(): string {
  const lines = [
    '# Diagnostic codes',
    '',
    'Every diagnostic of Keras Shapes carries one of these codes; the editor links',
    'each code to its section here. This file is generated from the code docs in',
    '`server/src/engine/codes.ts` and `server/src/ide/diagnostics.ts`',
    '(`UPDATE_CODES_DOC=1 npm test` rewrites it).',
    '',
  ];
  for (const [code, doc] of allCodeDocs()) {
    lines.push(`## ${code}`, '', doc.summary, '', `**Fix:** ${doc.fix}`, '');
  }
  return lines.join('\n');
}
