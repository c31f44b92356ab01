// What the interpreter's modules (statements, expressions, calls, builtins)
// use of each other through the Interpreter, and the control flow a
// statement ends with. Only types and constants: the Interpreter implements
// Evaluator, so the modules need not import one another in a circle.
import type { SyntaxNode } from '../../python/syntax';
import type { AnalysisConfig, Diagnostic, TextRange } from '../types';
import { UNKNOWN, type CallSiteArgs, type ModuleSource, type PyClass, type PyFunction, type Scope, type Value } from '../values';
import type { Library } from './library';

export type Flow = { kind: 'normal' } | { kind: 'return'; value: Value } | { kind: 'break' } | { kind: 'continue' };
export const NORMAL: Flow = { kind: 'normal' };
export const BREAK: Flow = { kind: 'break' };
export const CONTINUE: Flow = { kind: 'continue' };
/** Leaving a function at a return we cannot tell will run: its result is unknown. */
export const UNKNOWN_RETURN: Flow = { kind: 'return', value: UNKNOWN };
/** Leaving at a `raise`: nothing after it runs (a branch that raises does not go on). */
export const RAISE: Flow = { kind: 'return', value: UNKNOWN };

export class BudgetExhausted extends Error {
  constructor(readonly by: 'steps' | 'time') {
    super(by);
  }
}

/** Iterations a loop over an unknown-length or huge iterable may run before we give up on it. */
export const MAX_LOOP_ITERATIONS = 100_000;

/**
 * Loops longer than this whose first iterations touch no Keras value (a
 * data or training loop) are summarised: what they assign or change becomes
 * unknown, without stepping through every iteration.
 */
export const SUMMARISED_LOOP_LENGTH = 64;
/**
 * Loops longer than this are not summarised: Python would not finish them in
 * any reasonable time, so what follows them is treated as never reached (the
 * budget runs out inside them, as it would for the script).
 */
export const MAX_SUMMARISED_LOOP_LENGTH = 10_000_000;
/** Iterations run before deciding whether a long loop touches Keras values. */
export const LOOP_PROBE_ITERATIONS = 2;

export interface Evaluator {
  readonly text: string;
  /** The statement being run (where a budget note points when the budget runs out). */
  statement: SyntaxNode | null;
  readonly config: AnalysisConfig;
  readonly diagnostics: Diagnostic[];
  readonly globals: Scope;
  /** What the interpreter does with values it does not model itself (Keras's). */
  readonly keras: Library;
  tick(n?: number): void;
  /** The budget steps spent so far. */
  readonly steps: number;
  range(node: SyntaxNode): TextRange;
  report(node: SyntaxNode | TextRange, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string): void;
  eval(node: SyntaxNode, scope: Scope): Value;
  execStmt(node: SyntaxNode, scope: Scope): Flow;
  assign(target: SyntaxNode, value: Value, scope: Scope): void;
  assignName(name: string, value: Value, scope: Scope): void;
  /** Makes what a subtree may bind or change unknown, because of `why`. */
  forgetAssigned(node: SyntaxNode, scope: Scope, why?: string): void;
  /** The 1-based line of a node (for reasons). */
  lineOf(node: SyntaxNode): number;
  defineFunction(node: SyntaxNode, scope: Scope): PyFunction;
  iterate(v: Value): readonly Value[] | undefined;
  lookup(name: string, scope: Scope): Value;
  /** Whether `v` is the builtin of that name (not shadowed by the script). */
  isBuiltin(v: Value, name: string): boolean;
  getAttr(obj: Value, name: string): Value;
  setAttr(obj: Value, name: string, value: Value): void;
  collectArgs(node: SyntaxNode, scope: Scope): CallSiteArgs;
  callValue(fn: Value, args: CallSiteArgs): Value;
  callFunction(fn: PyFunction, args: CallSiteArgs, ownerClass: PyClass | undefined): Value;
  binary(op: string, l: Value, r: Value, node: SyntaxNode): Value;
  /** The imported module whose code runs now; undefined for the analysed file's own. */
  readonly currentModule: ModuleSource | undefined;
  /** Runs an `import` or `from … import` statement (imports.ts). */
  importStatement(node: SyntaxNode, scope: Scope): void;
}
