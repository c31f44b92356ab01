// The narrow interface through which the Keras modules use the interpreter:
// positions, diagnostics, the step budget, and calling Python callables
// (a Lambda's function, a subclass's `call`, `build`, `compute_output_shape`).
// The interpreter implements it; nothing here knows how Python is run.
import type { SyntaxNode } from '../../python/syntax';
import type { Teaching } from '../../engine';
import type { AnalysisConfig, Diagnostic, DiagnosticFix, TextRange } from '../types';
import type { CallSiteArgs, ModuleSource, PyClass, PyFunction, Value } from '../values';

export interface KerasHost {
  /** The analysed text (for line numbers in messages). */
  readonly text: string;
  readonly config: AnalysisConfig;
  /** Diagnostics so far, in order: quiet replays truncate it back to where they started. */
  readonly diagnostics: Diagnostic[];
  /** A node's range; while an imported module's code runs, the analysed file's place that ran it. */
  range(node: SyntaxNode): TextRange;
  /** The imported module whose code runs now and the analysed file's place that ran it; undefined for the file's own code. */
  readonly importedFrame: { readonly module: ModuleSource; readonly site: TextRange; readonly byImport: boolean } | undefined;
  /** The 1-based line of a node (for reasons). */
  lineOf(node: SyntaxNode): number;
  report(at: SyntaxNode | TextRange, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string, fixes?: readonly DiagnosticFix[], teach?: Teaching): void;
  /** Charges `n` steps (default 1) against the budget; throws when it runs out. */
  tick(n?: number): void;
  callValue(fn: Value, args: CallSiteArgs): Value;
  callFunction(fn: PyFunction, args: CallSiteArgs, ownerClass: PyClass | undefined): Value;
}
