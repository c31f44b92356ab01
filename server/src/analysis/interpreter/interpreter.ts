// The abstract interpreter for the part of Python that model code uses:
// assignments, arithmetic, tuples/lists/dicts, if/for/while on known values,
// functions, classes, imports. Values it does not model itself (Keras's
// modules, layers, tensors) go to its Library. It never executes user code
// for real: every step is counted against a budget, and anything it cannot
// know becomes UNKNOWN.
//
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)   → a Tensor (None, 61, 61, 24)
//   for f in (32, 64): x = block(x, f)                 → two records at the block's lines
import { Call } from '../../python/nodes';
import type { SyntaxNode, SyntaxProblem } from '../../python/syntax';
import { StateCopier } from '../stateCopy';
import type { ModuleContext } from '../modules';
import type { AnalysisConfig, Diagnostic, DiagnosticFix, TextRange } from '../types';
import type { Teaching } from '../../engine';
import {
  Builtin,
  BoundMethod,
  KerasBaseRef,
  LayerClassRef,
  LayerObj,
  ModuleSource,
  Namespace,
  PyClass,
  PyModule,
  PyFunction,
  PyInstance,
  PyPartial,
  DataclassField,
  PyRange,
  SuperProxy,
  Tensor,
  Dataset,
  PyIterator,
  UNKNOWN,
  Unknown,
  isPandas,
  argumentsWhy,
  iterItems,
  plainUnknown,
  unknownBecause,

  type CallSiteArgs,
  type Scope,
  type Value,
} from '../values';
import { assign, assignName, forgetAssigned } from './assignment';
import { makeBuiltins } from './builtins';
import { NO_KEYWORDS, bindArguments, collectArgs, runBody } from './calls';
import { BudgetExhausted, MAX_LOOP_ITERATIONS, type Evaluator, type Flow } from './evaluator';
import { evaluate } from './expressions';
import { ModuleLoader, execImport, moduleAttr, type ImportingEvaluator } from './imports';
import type { Library } from './library';
import { methodOf } from './methods';
import { binary } from './operators';
import { defineFunction, execBlock, execStmt } from './statements';

/** Steps between two looks at the clock when a time budget is set. */
const CLOCK_EVERY = 1024;

/** A library that can hand its state to another run's (a checkpoint's fork). */
export interface ForkableLibrary extends Library {
  /** Gives `out`, a fresh library, a copy of this one's state made by `copier`. */
  forkInto(out: this, copier: StateCopier): void;
}

/** Where code of an imported module was entered from the analysed file: its records and reports stay out of the file's results. */
export interface ImportedFrame {
  readonly module: ModuleSource;
  /** The analysed file's statement or call that led into the module's code. */
  readonly site: TextRange;
  /** Whether an import led there (the module's top level runs), not a call of the file's. */
  readonly byImport: boolean;
}

export class Interpreter<L extends ForkableLibrary = ForkableLibrary> implements Evaluator, ImportingEvaluator {
  steps = 0;
  private runningStatement: SyntaxNode | null = null;
  /** The imported module whose code runs now (undefined: the analysed file's own). */
  private frame: ImportedFrame | undefined = undefined;
  /** The workspace modules this run loaded; undefined when the analysis follows no workspace imports. */
  loader: ModuleLoader | undefined;
  readonly diagnostics: Diagnostic[] = [];
  readonly keras: L;
  readonly globals: Scope;
  private callDepth = 0;
  private deadline: number | undefined;
  private nextClockCheck = CLOCK_EVERY;
  private readonly builtins: Map<string, Value>;

  /** `makeLibrary`: the library semantics of this run (keras/runtime.ts), given this interpreter as its host. */
  constructor(
    /** The analysed text (a prepared copy gets its run's text from startRun). */
    public text: string,
    readonly config: AnalysisConfig,
    private readonly makeLibrary: (host: Interpreter<L>) => L,
    /** How the workspace's modules are found; without it, imports of them are unknown. */
    readonly modules?: ModuleContext,
  ) {
    this.loader = modules ? new ModuleLoader(modules) : undefined;
    this.builtins = makeBuiltins(this);
    this.globals = { vars: new Map<string, Value>([['__name__', '__main__']]), parent: null };
    this.keras = makeLibrary(this);
    this.deadline = config.timeBudgetMs === undefined ? undefined : performance.now() + config.timeBudgetMs;
  }

  /**
   * An interpreter that runs on from a copy of this one's state with the
   * syntax of `text` (checkpoint.ts): its values, layers and records copied,
   * so that neither run can change the other's. Throws Uncopyable when the
   * state holds what cannot be copied.
   */
  fork(text: string): Interpreter<L> {
    const out = new Interpreter(text, this.config, this.makeLibrary, this.modules);
    const seed: [object, object][] = [
      // Never changed: shared.
      [NO_KEYWORDS, NO_KEYWORDS],
      [this, out],
      [this.globals, out.globals],
      [this.keras, out.keras],
    ];
    for (const [name, b] of this.builtins) {
      const twin = out.builtins.get(name);
      if (typeof b === 'object' && b !== null && typeof twin === 'object' && twin !== null) seed.push([b, twin]);
    }
    const copier = new StateCopier(seed);
    for (const [k, v] of this.globals.vars) out.globals.vars.set(k, copier.copy(v));
    if (this.globals.globals) out.globals.globals = new Set(this.globals.globals);
    this.keras.forkInto(out.keras, copier);
    if (this.loader) out.loader = this.loader.copy(copier);
    out.steps = this.steps;
    out.nextClockCheck = this.steps + CLOCK_EVERY;
    out.diagnostics.push(...this.diagnostics);
    return out;
  }

  /** Makes a copy prepared ahead of time (a checkpoint's spare) the state of a run of `text` starting now. */
  startRun(text: string): void {
    this.text = text;
    this.deadline = this.config.timeBudgetMs === undefined ? undefined : performance.now() + this.config.timeBudgetMs;
  }

  tick(n = 1): void {
    this.steps += n;
    if (this.steps > this.config.stepBudget) throw new BudgetExhausted('steps');
    if (this.deadline !== undefined && this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + CLOCK_EVERY;
      if (performance.now() > this.deadline) throw new BudgetExhausted('time');
    }
  }

  /** The statement being run (where a budget note points): the analysed file's, while an imported module's code runs too. */
  get statement(): SyntaxNode | null {
    return this.runningStatement;
  }

  set statement(node: SyntaxNode | null) {
    if (this.frame === undefined) this.runningStatement = node;
    else this.frameStatement = node;
  }

  /** The imported module's statement being run (where its reports are said to come from). */
  private frameStatement: SyntaxNode | null = null;

  range(node: SyntaxNode): TextRange {
    // A node of an imported module: the analysed file's place that ran it.
    if (this.frame !== undefined) return this.frame.site;
    return { start: node.startIndex, end: node.endIndex };
  }

  get currentModule(): ModuleSource | undefined {
    return this.frame?.module;
  }

  /** Where imported code runs from now: the module and the analysed file's place that led there; undefined for the file's own code. */
  get importedFrame(): ImportedFrame | undefined {
    return this.frame;
  }

  runImported(source: ModuleSource, body: () => void): void {
    this.enter(source, this.runningStatement, true, body);
  }

  /** Runs `body` as code of `module` (undefined: the analysed file's), entered at `node` when coming from the file. */
  private enter<T>(module: ModuleSource | undefined, node: SyntaxNode | null, byImport: boolean, body: () => T): T {
    const saved = this.frame;
    if (module === undefined) this.frame = undefined;
    else if (saved !== undefined) this.frame = { module, site: saved.site, byImport: saved.byImport || byImport };
    else this.frame = { module, site: node ? { start: node.startIndex, end: node.endIndex } : { start: 0, end: 0 }, byImport };
    try {
      return body();
    } finally {
      this.frame = saved;
    }
  }

  importStatement(node: SyntaxNode, scope: Scope): void {
    execImport(this, this.loader, node, scope);
  }

  report(node: SyntaxNode | TextRange, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string, fixes?: readonly DiagnosticFix[], teach?: Teaching): void {
    if (this.frame !== undefined) {
      // An imported module's own reports (its top level) are its file's. An error or warning of its code that a call of
      // the file's ran is the file's, at that call, saying where in the module (its quick fixes would edit the module).
      if (this.frame.byImport || severity === 'info') return;
      const at = 'startIndex' in node ? node.startIndex : this.frameStatement?.startIndex;
      const where = `${baseName(this.frame.module.path)}${at === undefined ? '' : `:${this.frame.module.lineAt(at)}`}`;
      const site = this.frame.site;
      const text = `${where}: ${message}`;
      if (!this.diagnostics.some((d) => d.range.start === site.start && d.range.end === site.end && d.message === text)) this.diagnostics.push({ range: site, severity, code, message: text });
      return;
    }
    const range = 'startIndex' in node ? this.range(node) : node;
    // One diagnostic per place and message: a helper run in a loop reports once.
    if (this.diagnostics.some((d) => d.range.start === range.start && d.range.end === range.end && d.message === message)) return;
    const d: Diagnostic = fixes !== undefined && fixes.length > 0 ? { range, severity, code, message, fixes } : { range, severity, code, message };
    this.diagnostics.push(teach === undefined ? d : { ...d, teach });
  }

  runModule(root: SyntaxNode): void {
    for (const stmt of root.namedChildren) if (!this.runTopLevel(stmt)) return;
  }

  /** Runs one top-level statement; false when it ends the module (a `return` at top level). */
  runTopLevel(stmt: SyntaxNode): boolean {
    const problem = stmt.syntaxProblem();
    if (problem) this.reportSyntaxProblem(stmt, problem);
    try {
      return this.execStmt(stmt, this.globals).kind !== 'return';
    } catch (e) {
      // Code nested deeper than the JS stack allows: skip this statement, keep the others.
      if (!(e instanceof RangeError)) throw e;
      this.report({ start: stmt.startIndex, end: stmt.startIndex }, 'info', 'budget-exhausted', 'This statement is nested too deeply to follow; it was skipped.');
      this.forgetAssigned(stmt, this.globals);
      return true;
    }
  }

  /** Code the parser could not read in a top-level statement: Python would not run the file. */
  private reportSyntaxProblem(stmt: SyntaxNode, problem: SyntaxProblem): void {
    const text = this.text.slice(stmt.startIndex, stmt.endIndex);
    const nbsp = text.indexOf('\u00a0');
    if (nbsp >= 0) {
      const at = stmt.startIndex + nbsp;
      this.report({ start: at, end: at + 1 }, 'error', 'syntax-error', 'A non-breaking space (U+00A0) outside a string: Python reads it as an invalid character. Replace it with a plain space.');
      return;
    }
    if (problem.missing !== null) {
      // Zero-width: underline the character before the place the token is missing (or after it at the start).
      const at = problem.start > stmt.startIndex ? problem.start - 1 : problem.start;
      this.report({ start: at, end: at + 1 }, 'error', 'syntax-error', `Python expects \`${problem.missing}\` here; the analysis reads the statement as if it were there.`);
      return;
    }
    // The first line of the unreadable part: an unclosed bracket can make the rest of the file one ERROR node.
    const lineEnd = this.text.indexOf('\n', problem.start);
    const end = lineEnd < 0 || lineEnd > problem.end ? problem.end : lineEnd;
    this.report({ start: problem.start, end: Math.max(end, problem.start + 1) }, 'error', 'syntax-error', 'Python cannot parse this; the analysis reads what it can of the statement and goes on with the rest.');
  }

  // ---------------------------------------------------------------- the modules, through Evaluator

  execBlock(stmts: readonly SyntaxNode[], scope: Scope): Flow {
    return execBlock(this, stmts, scope);
  }

  execStmt(node: SyntaxNode, scope: Scope): Flow {
    return execStmt(this, node, scope);
  }

  eval(node: SyntaxNode, scope: Scope): Value {
    return evaluate(this, node, scope);
  }

  assign(target: SyntaxNode, value: Value, scope: Scope): void {
    assign(this, target, value, scope);
  }

  assignName(name: string, value: Value, scope: Scope): void {
    assignName(this, name, value, scope);
  }

  /** Makes every name a subtree may bind unknown (a branch we could not decide). */
  forgetAssigned(node: SyntaxNode, scope: Scope, why = ''): void {
    forgetAssigned(this, node, scope, why);
  }

  private lineStarts: number[] | undefined;

  lineOf(node: SyntaxNode): number {
    if (this.frame !== undefined) return this.frame.module.lineAt(node.startIndex);
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    const at = node.startIndex;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  defineFunction(node: SyntaxNode, scope: Scope): PyFunction {
    return defineFunction(this, node, scope);
  }

  collectArgs(node: SyntaxNode, scope: Scope): CallSiteArgs {
    return collectArgs(this, node, scope);
  }

  binary(op: string, l: Value, r: Value, node: SyntaxNode): Value {
    return binary(this, op, l, r, node);
  }

  /** The items of an iterable, or undefined when unknown. Ranges are produced lazily by forEach. */
  iterate(v: Value): readonly Value[] | undefined {
    if (v instanceof PyRange) {
      if (v.length > MAX_LOOP_ITERATIONS) return undefined;
      const out: Value[] = [];
      for (let i = v.start; v.step > 0 ? i < v.stop : i > v.stop; i += v.step) out.push(i);
      return out;
    }
    // A dataset is iterated when its length is known and not huge (each element is made).
    if (v instanceof Dataset) return v.count !== null && v.count <= MAX_LOOP_ITERATIONS ? this.keras.datasetItems(v, 0, v.count) : undefined;
    if (v instanceof PyIterator) {
      // What is left of it; iterating takes it all.
      const src = v.source;
      const rest = src instanceof Dataset ? (src.count !== null && src.count <= MAX_LOOP_ITERATIONS ? this.keras.datasetItems(src, v.position, src.count) : undefined) : this.iterate(src)?.slice(v.position);
      if (rest) v.position += rest.length;
      return rest;
    }
    return iterItems(v);
  }

  lookup(name: string, scope: Scope): Value {
    for (let s: Scope | null = scope; s; s = s.parent) {
      // The module scope is this interpreter's own: functions of a checkpoint's state close over the checkpoint's.
      const v = (s.parent === null && s.module === undefined ? this.globals : s).vars.get(name);
      if (v !== undefined) return v;
    }
    return this.builtins.get(name) ?? unknownBecause(`\`${name}\` is not defined in what the analysis reads`);
  }

  // ---------------------------------------------------------------- attributes

  getAttr(obj: Value, name: string): Value {
    this.tick();
    if (obj instanceof Unknown) return plainUnknown(obj);
    if (obj instanceof PyModule) return moduleAttr(this, this.loader, obj, name);
    if (obj instanceof Namespace || obj instanceof KerasBaseRef || obj instanceof LayerClassRef) return this.keras.namespaceAttr(obj, name);
    if (obj instanceof Tensor || obj instanceof LayerObj || isPandas(obj)) return this.keras.objectAttr(obj, name);
    if (obj instanceof Dataset) return this.keras.datasetAttr(obj, name);
    if (obj instanceof PyInstance) {
      const own = obj.attrs.get(name);
      if (own !== undefined) return own;
      const m = obj.cls.lookup(name);
      if (m) return m.value instanceof PyFunction ? new BoundMethod(obj, m.value, m.owner) : m.value;
      return UNKNOWN;
    }
    if (obj instanceof PyClass) {
      const m = obj.lookup(name);
      return m ? m.value : UNKNOWN;
    }
    if (obj instanceof SuperProxy) {
      const cls = obj.self instanceof PyInstance ? obj.self.cls : obj.self instanceof LayerObj ? this.keras.userClassOf(obj.self) : undefined;
      if (cls) {
        const mro = linearize(cls);
        const i = mro.indexOf(obj.after);
        for (const c of mro.slice(i + 1)) {
          const v = c.dict.get(name);
          if (v instanceof PyFunction) return new BoundMethod(obj.self, v, c);
          if (v !== undefined) return v;
        }
      }
      // Keras's own base methods (`super().__init__(**kwargs)`, `super().build(...)`): nothing to follow.
      const engineBase = cls?.engineBase();
      if (engineBase !== undefined && name !== '__init__' && name !== 'build' && name !== 'get_config') {
        // What a Keras layer's own method computes for a subclass (`super().call(x)` of a Dense) is not followed.
        return new Builtin(`super().${name}`, () => unknownBecause(`\`super().${name}(…)\` of keras.layers.${engineBase} is not followed in a subclass`));
      }
      return new Builtin(`super().${name}`, () => null);
    }
    return methodOf(this, obj, name);
  }

  setAttr(obj: Value, name: string, value: Value): void {
    this.tick();
    if (obj instanceof PyInstance) obj.attrs.set(name, value);
    else if (obj instanceof LayerObj) this.keras.setLayerAttr(obj, name, value);
    else if (isPandas(obj)) this.keras.dataSetAttr(obj, name, value);
    else if (obj instanceof PyClass) obj.dict.set(name, value);
  }

  // ---------------------------------------------------------------- calls

  isBuiltin(v: Value, name: string): boolean {
    return v === this.builtins.get(name);
  }

  // ---------------------------------------------------------------- calls

  callValue(fn: Value, args: CallSiteArgs): Value {
    this.tick();
    if (!(fn instanceof PyFunction || fn instanceof BoundMethod || fn instanceof PyClass || fn instanceof PyPartial)) this.escape(fn, args);
    if (fn instanceof Builtin) {
      const r = fn.call(args);
      // A builtin that cannot know its result says why: an argument's reason, else the call itself (an int stays an int).
      if (!(r instanceof Unknown) || r.why !== '') return r;
      const why = argumentsWhy(args) || this.notAnalysed(args);
      return why === '' ? r : new Unknown(why, r.isInt);
    }
    if (fn instanceof PyFunction) return this.callFunction(fn, args, undefined);
    if (fn instanceof BoundMethod) return this.callFunction(fn.fn, { ...args, positional: [fn.self, ...args.positional] }, fn.cls);
    if (fn instanceof PyClass) return this.instantiate(fn, args);
    if (fn instanceof PyInstance) {
      // An object whose class defines `__call__`.
      const m = fn.cls.lookup('__call__');
      if (m && m.value instanceof PyFunction) return this.callFunction(m.value, { ...args, positional: [fn, ...args.positional] }, m.owner);
      return unknownBecause(`\`${fn.cls.name}\` objects are not callable`);
    }
    if (fn instanceof Namespace && fn.path === 'dataclasses.field') return new DataclassField(args.keywords.get('default'), args.keywords.get('default_factory'));
    if (fn instanceof Namespace && fn.path === 'functools.partial') {
      const [target, ...rest] = args.positional;
      return target === undefined ? UNKNOWN : new PyPartial(target, rest, args.keywords);
    }
    // Keras is never called with arguments the analysis could not expand: its checks would see the wrong ones.
    if (args.unknownSplat !== undefined && (fn instanceof LayerClassRef || fn instanceof KerasBaseRef || fn instanceof Namespace || fn instanceof LayerObj)) return unknownBecause(args.unknownSplat);
    if (fn instanceof LayerClassRef || fn instanceof KerasBaseRef || fn instanceof Namespace) return this.keras.callKerasCallable(fn, args);
    if (fn instanceof LayerObj) return this.keras.callLayer(fn, args);
    if (fn instanceof PyPartial) {
      const keywords = new Map(fn.keywords);
      for (const [k, v] of args.keywords) keywords.set(k, v);
      return this.callValue(fn.fn, { positional: [...fn.positional, ...args.positional], keywords, node: args.node });
    }
    if (fn instanceof Unknown) {
      // The origin of an unknown value is the first call the analysis could not follow.
      if (fn.why) return plainUnknown(fn);
      return unknownBecause(this.notAnalysed(args));
    }
    return UNKNOWN;
  }

  /**
   * A set's method given to code the analysis does not follow (a library
   * function, an unknown callable) may change the set: its items become unknown.
   */
  private escape(fn: Value, args: CallSiteArgs): void {
    if (fn instanceof Builtin && fn.changes !== undefined) return;
    const positional = args.positional;
    for (let i = 0; i < positional.length; i++) this.escapeArgument(positional[i], args);
    if (args.keywords.size > 0) for (const v of args.keywords.values()) this.escapeArgument(v, args);
  }

  private escapeArgument(v: Value, args: CallSiteArgs): void {
    if (v instanceof Builtin && v.changes !== undefined && v.changes.unknownItems === undefined) {
      const callee = args.node?.type === 'call' ? Call.function(args.node).text.replace(/\s+/g, '') : 'a call';
      v.changes.items = [];
      v.changes.unknownItems = `the set is changed by \`${callee.length > 40 ? `${callee.slice(0, 37)}…` : callee}(…)\` on line ${this.lineOf(args.node)}, which the analysis does not follow`;
    }
  }

  /** "`f(…)` on line N is not analysed" for the call of `args`; '' when it has no call node. */
  private notAnalysed(args: CallSiteArgs): string {
    const callee = args.node?.type === 'call' ? Call.function(args.node) : undefined;
    if (!callee) return '';
    const t = callee.text.replace(/\s+/g, '');
    return `\`${t.length > 40 ? `${t.slice(0, 37)}…` : t}(…)\` on line ${this.lineOf(args.node)} is not analysed`;
  }

  private instantiate(cls: PyClass, args: CallSiteArgs): Value {
    if (cls.kerasBase) return this.keras.instantiateSubclass(cls, args);
    const inst = new PyInstance(cls);
    const init = cls.lookup('__init__');
    if (cls.dataclassFields && !init) {
      // The generated __init__: fields by position, then by name, else their defaults.
      cls.dataclassFields.forEach((name, i) => {
        let v: Value | undefined = i < args.positional.length ? args.positional[i] : args.keywords.get(name);
        if (v === undefined) {
          const d = cls.dict.get(name);
          v = d instanceof DataclassField ? (d.factory !== undefined ? this.callValue(d.factory, { positional: [], keywords: NO_KEYWORDS, node: args.node }) : (d.dflt ?? UNKNOWN)) : (d ?? UNKNOWN);
        }
        inst.attrs.set(name, v);
      });
      return inst;
    }
    if (init && init.value instanceof PyFunction) this.callFunction(init.value, { ...args, positional: [inst, ...args.positional] }, init.owner);
    return inst;
  }

  callFunction(fn: PyFunction, args: CallSiteArgs, ownerClass: PyClass | undefined): Value {
    if (this.callDepth >= this.config.maxCallDepth) return UNKNOWN;
    const local = bindArguments(fn, args, ownerClass);
    this.callDepth++;
    try {
      // A function of an imported module runs as that module's code; one of the file's (a callback) as the file's.
      if (fn.module !== this.frame?.module) return this.enter(fn.module, args.node ?? null, false, () => runBody(this, fn, local));
      return runBody(this, fn, local);
    } finally {
      this.callDepth--;
    }
  }
}

/** The last part of a path (`/ws/models/blocks.py` → `blocks.py`). */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function linearize(cls: PyClass): PyClass[] {
  const out: PyClass[] = [];
  const visit = (c: PyClass): void => {
    if (out.includes(c)) return;
    out.push(c);
    for (const b of c.bases) if (b instanceof PyClass) visit(b);
  };
  visit(cls);
  return out;
}
