// The abstract interpreter for the part of Python that model code uses:
// assignments, arithmetic, tuples/lists/dicts, if/for/while on known values,
// functions, classes, imports. Keras objects are handled by KerasRuntime
// (keras.ts). It never executes user code for real: every step is counted
// against a budget, and anything it cannot know becomes UNKNOWN.
//
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)   → a Tensor (None, 61, 61, 24)
//   for f in (32, 64): x = block(x, f)                 → two records at the block's lines
import type { SyntaxNode } from '../python/syntax';
import { freezeState, StateCopier } from './checkpoint';
import { KerasRuntime } from './keras';
import type { AnalysisConfig, Diagnostic, TextRange } from './types';
import {
  Builtin,
  BoundMethod,
  KerasBaseRef,
  LayerClassRef,
  LayerObj,
  Namespace,
  PyClass,
  PyDict,
  PyEllipsis,
  PyFloat,
  PyFunction,
  PyInstance,
  PyList,
  PyRange,
  PySlice,
  PyTuple,
  SuperProxy,
  Tensor,
  UNKNOWN,
  Unknown,
  dictKey,
  isUnknown,
  iterItems,
  numberOf,
  truthy,
  writable,
  type CallSiteArgs,
  type Scope,
  type Value,
} from './values';

export class BudgetExhausted extends Error {
  constructor(readonly by: 'steps' | 'time') {
    super(by);
  }
}

/** Steps between two looks at the clock when a time budget is set. */
const CLOCK_EVERY = 1024;

type Flow = { kind: 'normal' } | { kind: 'return'; value: Value } | { kind: 'break' } | { kind: 'continue' };
const NORMAL: Flow = { kind: 'normal' };
const BREAK: Flow = { kind: 'break' };
const CONTINUE: Flow = { kind: 'continue' };
/** Leaving a function at a return we cannot tell will run: its result is unknown. */
const UNKNOWN_RETURN: Flow = { kind: 'return', value: UNKNOWN };

/** Whether a `return` of the enclosing function appears inside `node` (not in nested functions or classes). */
function mayReturn(node: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [...node.namedChildren];
  while (stack.length > 0) {
    const n = stack.pop() as SyntaxNode;
    if (n.type === 'return_statement') return true;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda' || n.type === 'decorated_definition') continue;
    for (const c of n.namedChildren) stack.push(c);
  }
  return false;
}

/** Iterations a loop over an unknown-length or huge iterable may run before we give up on it. */
const MAX_LOOP_ITERATIONS = 100_000;

/** The keywords of a call that passes none. */
const NO_KEYWORDS: ReadonlyMap<string, Value> = new Map();

export class Interpreter {
  steps = 0;
  readonly diagnostics: Diagnostic[] = [];
  readonly keras: KerasRuntime;
  readonly globals: Scope;
  private callDepth = 0;
  private readonly deadline: number | undefined;
  private nextClockCheck = CLOCK_EVERY;
  /** The innermost call expression being evaluated, for records inside helpers. */
  private readonly builtins: Map<string, Value>;

  constructor(
    readonly text: string,
    readonly config: AnalysisConfig,
  ) {
    this.builtins = makeBuiltins(this);
    this.globals = { vars: new Map<string, Value>([['__name__', '__main__']]), parent: null };
    this.keras = new KerasRuntime(this);
    this.deadline = config.timeBudgetMs === undefined ? undefined : performance.now() + config.timeBudgetMs;
  }

  /**
   * Set on a shallow fork: its state shares the objects of a frozen
   * checkpoint, and a write to one of them throws a TypeError, which the run
   * must not swallow (it starts again from a deep copy).
   */
  shallow = false;

  /**
   * An interpreter that runs on from this one's state with the syntax of
   * `text` (checkpoint.ts): a deep copy, or (`deep` false, for a frozen
   * checkpoint's state) a new module scope and record lists that share the
   * objects. Throws Uncopyable when the state holds what cannot be copied.
   */
  fork(text: string, deep = true): Interpreter {
    const out = new Interpreter(text, this.config);
    let copier: StateCopier | undefined;
    if (deep) {
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
      copier = new StateCopier(seed);
    }
    for (const [k, v] of this.globals.vars) out.globals.vars.set(k, copier ? copier.copy(v) : v);
    if (this.globals.globals) out.globals.globals = new Set(this.globals.globals);
    this.keras.forkInto(out.keras, copier);
    out.steps = this.steps;
    out.nextClockCheck = this.steps + CLOCK_EVERY;
    out.diagnostics.push(...this.diagnostics);
    out.shallow = !deep;
    return out;
  }

  /** Freezes this interpreter's state (it becomes a checkpoint's); false when it holds what a shallow fork must not share. */
  freezeState(): boolean {
    const roots: unknown[] = [this.globals, ...this.keras.stateRoots()];
    return freezeState(roots);
  }

  tick(n = 1): void {
    this.steps += n;
    if (this.steps > this.config.stepBudget) throw new BudgetExhausted('steps');
    if (this.deadline !== undefined && this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + CLOCK_EVERY;
      if (performance.now() > this.deadline) throw new BudgetExhausted('time');
    }
  }

  range(node: SyntaxNode): TextRange {
    return { start: node.startIndex, end: node.endIndex };
  }

  report(node: SyntaxNode | TextRange, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string): void {
    const range = 'startIndex' in node ? this.range(node) : node;
    // One diagnostic per place and message: a helper run in a loop reports once.
    if (this.diagnostics.some((d) => d.range.start === range.start && d.range.end === range.end && d.message === message)) return;
    this.diagnostics.push({ range, severity, code, message });
  }

  runModule(root: SyntaxNode): void {
    for (const stmt of root.namedChildren) if (!this.runTopLevel(stmt)) return;
  }

  /** Runs one top-level statement; false when it ends the module (a `return` at top level). */
  runTopLevel(stmt: SyntaxNode): boolean {
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

  // ---------------------------------------------------------------- statements

  execBlock(stmts: readonly SyntaxNode[], scope: Scope): Flow {
    for (const s of stmts) {
      const f = this.execStmt(s, scope);
      if (f !== NORMAL) return f;
    }
    return NORMAL;
  }

  private body(node: SyntaxNode | null): SyntaxNode[] {
    if (!node) return [];
    return node.type === 'block' ? node.namedChildren : [node];
  }

  execStmt(node: SyntaxNode, scope: Scope): Flow {
    this.tick();
    switch (node.type) {
      case 'expression_statement': {
        for (const c of node.namedChildren) this.evalStatementExpr(c, scope);
        return NORMAL;
      }
      case 'if_statement':
        return this.execIf(node, scope);
      case 'for_statement':
        return this.execFor(node, scope);
      case 'while_statement':
        return this.execWhile(node, scope);
      case 'function_definition':
        this.assignName(node.childForFieldName('name')?.text ?? '', this.defineFunction(node, scope), scope);
        return NORMAL;
      case 'class_definition':
        this.assignName(node.childForFieldName('name')?.text ?? '', this.defineClass(node, scope), scope);
        return NORMAL;
      case 'decorated_definition': {
        const def = node.childForFieldName('definition');
        if (!def) return NORMAL;
        this.execStmt(def, scope);
        // A decorator may replace the definition with anything: only keep it when it is known to be harmless.
        const decorators = node.namedChildren.filter((c) => c.type === 'decorator').map((d) => d.text);
        const harmless = decorators.every((d) => /^@(staticmethod|classmethod|property|keras\.saving\.register_keras_serializable.*|tf\.function.*|register_keras_serializable.*)$/.test(d.replace(/\s+/g, '')));
        if (!harmless) this.assignName(def.childForFieldName('name')?.text ?? '', UNKNOWN, scope);
        return NORMAL;
      }
      case 'return_statement': {
        const e = node.namedChildren[0];
        return { kind: 'return', value: e ? this.eval(e, scope) : null };
      }
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        this.execImport(node, scope);
        return NORMAL;
      case 'break_statement':
        return BREAK;
      case 'continue_statement':
        return CONTINUE;
      case 'with_statement': {
        for (const item of node.descendantsOfType('with_item')) {
          const v = item.childForFieldName('value');
          if (!v) continue;
          if (v.type === 'as_pattern') {
            const value = this.eval(v.namedChildren[0], scope);
            const target = v.childForFieldName('alias')?.namedChildren[0];
            if (target) this.assign(target, value, scope);
          } else this.eval(v, scope);
        }
        return this.execBlock(this.body(node.childForFieldName('body')), scope);
      }
      case 'try_statement': {
        // Run the try body; handlers are for failures we cannot see, so names they bind become unknown.
        const f = this.execBlock(this.body(node.childForFieldName('body')), scope);
        for (const c of node.namedChildren) {
          if (c.type === 'except_clause' || c.type === 'except_group_clause') this.forgetAssigned(c, scope);
          if (c.type === 'else_clause' && f === NORMAL) {
            const g = this.execBlock(this.body(c.childForFieldName('body')), scope);
            if (g !== NORMAL) return g;
          }
          if (c.type === 'finally_clause') {
            const g = this.execBlock(c.namedChildren.filter((x) => x.type === 'block').flatMap((b) => b.namedChildren), scope);
            if (g !== NORMAL) return g;
          }
        }
        return f;
      }
      case 'global_statement': {
        const fnScope = scope;
        fnScope.globals ??= new Set();
        for (const n of node.namedChildren) fnScope.globals.add(n.text);
        return NORMAL;
      }
      case 'delete_statement':
      case 'pass_statement':
      case 'nonlocal_statement':
      case 'assert_statement':
      case 'comment':
      case 'print_statement':
      case 'exec_statement':
      case 'type_alias_statement':
        return NORMAL;
      case 'raise_statement':
        // The script stops here when this runs; nothing after it can be known.
        return { kind: 'return', value: UNKNOWN };
      case 'match_statement':
        this.forgetAssigned(node, scope);
        return NORMAL;
      case 'ERROR':
        // A half-typed statement: evaluate the complete expressions inside it, best effort.
        for (const c of node.namedChildren) {
          if (c.type.endsWith('statement') || c.type === 'call' || c.type === 'assignment') {
            try {
              if (c.type.endsWith('statement')) this.execStmt(c, scope);
              else this.evalStatementExpr(c, scope);
            } catch (e) {
              if (e instanceof BudgetExhausted || (this.shallow && e instanceof TypeError)) throw e;
            }
          }
        }
        return NORMAL;
      default:
        return NORMAL;
    }
  }

  private evalStatementExpr(node: SyntaxNode, scope: Scope): void {
    switch (node.type) {
      case 'assignment':
        this.execAssignment(node, scope);
        return;
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text ?? '';
        if (!left || !right) return;
        const cur = this.eval(left, scope);
        const v = this.binary(op.replace('=', ''), cur, this.eval(right, scope), node);
        // `xs += [...]` extends the list in place.
        if (cur instanceof PyList && v instanceof PyList && op === '+=') {
          cur.items = v.items;
          return;
        }
        this.assign(left, v, scope);
        return;
      }
      default:
        this.eval(node, scope);
    }
  }

  private execAssignment(node: SyntaxNode, scope: Scope): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    let value: Value;
    if (right.type === 'assignment') {
      // a = b = value
      this.execAssignment(right, scope);
      let inner: SyntaxNode = right;
      while (inner.type === 'assignment' && inner.childForFieldName('right')?.type === 'assignment') inner = inner.childForFieldName('right') as SyntaxNode;
      const target = inner.childForFieldName('left');
      value = target ? this.eval(target, scope) : UNKNOWN;
    } else {
      value = this.eval(right, scope);
    }
    this.assign(left, value, scope);
  }

  assign(target: SyntaxNode, value: Value, scope: Scope): void {
    switch (target.type) {
      case 'identifier':
        this.assignName(target.text, value, scope);
        if (value instanceof LayerObj) this.keras.nameHint(value, target.text);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'expression_list':
      case 'tuple':
      case 'list': {
        const targets = target.namedChildren;
        const items = this.unpack(value, targets.length);
        const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
        if (star >= 0 && items) {
          const after = targets.length - star - 1;
          targets.forEach((t, i) => {
            if (i < star) this.assign(t, items[i], scope);
            else if (i === star) this.assign(t.namedChildren[0], new PyList(items.slice(star, items.length - after)), scope);
            else this.assign(t, items[items.length - (targets.length - i)], scope);
          });
          return;
        }
        targets.forEach((t, i) => this.assign(t, items && items.length === targets.length ? items[i] : UNKNOWN, scope));
        return;
      }
      case 'parenthesized_expression':
        if (target.namedChildren[0]) this.assign(target.namedChildren[0], value, scope);
        return;
      case 'attribute': {
        const obj = this.eval(target.childForFieldName('object') as SyntaxNode, scope);
        const name = target.childForFieldName('attribute')?.text ?? '';
        this.setAttr(obj, name, value);
        return;
      }
      case 'subscript': {
        const obj = this.eval(target.childForFieldName('value') as SyntaxNode, scope);
        const subs = target.childrenForFieldName('subscript');
        if (subs.length !== 1) return;
        const key = this.eval(subs[0], scope);
        if (obj instanceof PyList) {
          const i = numberOf(key);
          if (i !== undefined && Number.isInteger(i)) {
            const idx = i < 0 ? obj.items.length + i : i;
            if (idx >= 0 && idx < obj.items.length) obj.items[idx] = value;
          } else obj.items = obj.items.map(() => UNKNOWN);
        } else if (obj instanceof PyDict) {
          const k = dictKey(key);
          if (k !== undefined) writable(obj.map).set(k, [key, value]);
          else for (const [kk, [kv]] of obj.map) writable(obj.map).set(kk, [kv, UNKNOWN]);
        }
        return;
      }
      case 'list_splat_pattern':
        if (target.namedChildren[0]) this.assign(target.namedChildren[0], iterItems(value) ? new PyList([...(iterItems(value) ?? [])]) : UNKNOWN, scope);
        return;
      default:
        return;
    }
  }

  assignName(name: string, value: Value, scope: Scope): void {
    if (!name) return;
    if (scope.globals?.has(name) || scope.parent === null) this.globals.vars.set(name, value);
    else writable(scope.vars).set(name, value);
  }

  private unpack(value: Value, n: number): readonly Value[] | undefined {
    if (value instanceof Tensor && value.shape && value.shape.length > 0) {
      const first = value.shape[0];
      if (first === n) return Array.from({ length: n }, () => this.keras.sliceFirst(value));
      return undefined;
    }
    const items = this.iterate(value);
    return items;
  }

  /** Makes every name a subtree may bind unknown (a branch we could not decide). */
  forgetAssigned(node: SyntaxNode, scope: Scope): void {
    this.tick();
    for (const a of node.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern_target'])) {
      const left = a.type === 'as_pattern_target' ? a : a.childForFieldName('left');
      if (!left) continue;
      for (const id of left.type === 'identifier' ? [left] : left.descendantsOfType('identifier')) {
        if (left.type === 'attribute' || id.parent?.type === 'attribute') continue;
        this.assignName(id.text, UNKNOWN, scope);
      }
      if (left.type === 'attribute') {
        const objNode = left.childForFieldName('object');
        if (objNode?.type === 'identifier') {
          try {
            const obj = this.eval(objNode, scope);
            this.setAttr(obj, left.childForFieldName('attribute')?.text ?? '', UNKNOWN);
          } catch (e) {
            if (e instanceof BudgetExhausted || (this.shallow && e instanceof TypeError)) throw e;
          }
        }
      }
    }
  }

  private execIf(node: SyntaxNode, scope: Scope): Flow {
    const cond = truthy(this.eval(node.childForFieldName('condition') as SyntaxNode, scope));
    if (cond === true) return this.execBlock(this.body(node.childForFieldName('consequence')), scope);
    if (cond === undefined) {
      // Undecidable: neither branch is known to run, so what they bind is unknown afterwards,
      // and a branch that may return leaves the function's result unknown.
      this.forgetAssigned(node, scope);
      return mayReturn(node) ? UNKNOWN_RETURN : NORMAL;
    }
    for (const alt of node.childrenForFieldName('alternative')) {
      if (alt.type === 'elif_clause') {
        const c = truthy(this.eval(alt.childForFieldName('condition') as SyntaxNode, scope));
        if (c === true) return this.execBlock(this.body(alt.childForFieldName('consequence')), scope);
        if (c === undefined) {
          this.forgetAssigned(node, scope);
          return mayReturn(node) ? UNKNOWN_RETURN : NORMAL;
        }
      } else if (alt.type === 'else_clause') {
        return this.execBlock(this.body(alt.childForFieldName('body')), scope);
      }
    }
    return NORMAL;
  }

  /** The items of an iterable, or undefined when unknown. Ranges are produced lazily by forEach. */
  iterate(v: Value): readonly Value[] | undefined {
    if (v instanceof PyRange) {
      if (v.length > MAX_LOOP_ITERATIONS) return undefined;
      const out: Value[] = [];
      for (let i = v.start; v.step > 0 ? i < v.stop : i > v.stop; i += v.step) out.push(i);
      return out;
    }
    return iterItems(v);
  }

  private execFor(node: SyntaxNode, scope: Scope): Flow {
    const left = node.childForFieldName('left') as SyntaxNode;
    const iterable = this.eval(node.childForFieldName('right') as SyntaxNode, scope);
    const bodyStmts = this.body(node.childForFieldName('body'));
    const run = (item: Value): Flow | 'stop' => {
      this.tick();
      this.assign(left, item, scope);
      const f = this.execBlock(bodyStmts, scope);
      if (f.kind === 'break') return 'stop';
      if (f.kind === 'return') return f;
      return NORMAL;
    };
    if (iterable instanceof PyRange) {
      // Lazily, so `range(10**12)` costs budget steps, not memory.
      let broke = false;
      for (let i = iterable.start; iterable.step > 0 ? i < iterable.stop : i > iterable.stop; i += iterable.step) {
        const r = run(i);
        if (r === 'stop') {
          broke = true;
          break;
        }
        if (r !== NORMAL) return r;
      }
      return broke ? NORMAL : this.execElse(node, scope);
    }
    const items = this.iterate(iterable);
    if (!items) {
      this.forgetAssigned(node, scope);
      return NORMAL;
    }
    for (const item of [...items]) {
      const r = run(item);
      if (r === 'stop') return NORMAL;
      if (r !== NORMAL) return r;
    }
    return this.execElse(node, scope);
  }

  private execElse(node: SyntaxNode, scope: Scope): Flow {
    const alt = node.childForFieldName('alternative');
    return alt ? this.execBlock(this.body(alt.childForFieldName('body')), scope) : NORMAL;
  }

  private execWhile(node: SyntaxNode, scope: Scope): Flow {
    const condNode = node.childForFieldName('condition') as SyntaxNode;
    const bodyStmts = this.body(node.childForFieldName('body'));
    for (let i = 0; ; i++) {
      this.tick();
      const c = truthy(this.eval(condNode, scope));
      if (c === false) return this.execElse(node, scope);
      if (c === undefined || i >= MAX_LOOP_ITERATIONS) {
        if (c !== undefined) {
          this.report(
            { start: node.startIndex, end: node.startIndex + 5 },
            'info',
            'budget-exhausted',
            `This loop was not followed past ${MAX_LOOP_ITERATIONS.toLocaleString('en-US')} iterations; what it assigns is unknown after it.`,
          );
        }
        this.forgetAssigned(node, scope);
        return NORMAL;
      }
      const f = this.execBlock(bodyStmts, scope);
      if (f.kind === 'break') return NORMAL;
      if (f.kind === 'return') return f;
    }
  }

  private execImport(node: SyntaxNode, scope: Scope): void {
    if (node.type === 'import_statement') {
      for (const n of node.childrenForFieldName('name')) {
        if (n.type === 'aliased_import') {
          const path = n.childForFieldName('name')?.text ?? '';
          const alias = n.childForFieldName('alias')?.text ?? '';
          this.assignName(alias, this.keras.moduleValue(path), scope);
        } else {
          // `import a.b.c` binds `a`.
          const path = n.text.replace(/\s+/g, '');
          const top = path.split('.')[0];
          this.assignName(top, this.keras.moduleValue(top), scope);
        }
      }
      return;
    }
    if (node.type === 'future_import_statement') return;
    const moduleNode = node.childForFieldName('module_name');
    const modulePath = (moduleNode?.text ?? '').replace(/\s+/g, '');
    if (modulePath.startsWith('.')) {
      // Relative imports are other files of the user's: we do not read them.
      for (const n of node.childrenForFieldName('name')) this.bindImported(n, UNKNOWN, scope);
      return;
    }
    const mod = this.keras.moduleValue(modulePath);
    if (node.namedChildren.some((c) => c.type === 'wildcard_import')) {
      for (const [name, v] of this.keras.wildcardExports(mod)) this.assignName(name, v, scope);
      return;
    }
    for (const n of node.childrenForFieldName('name')) {
      const name = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
      this.bindImported(n, this.getAttr(mod, name), scope);
    }
  }

  private bindImported(n: SyntaxNode, value: Value, scope: Scope): void {
    if (n.type === 'aliased_import') this.assignName(n.childForFieldName('alias')?.text ?? '', value, scope);
    else this.assignName(n.text.split('.')[0], value, scope);
  }

  private defineFunction(node: SyntaxNode, scope: Scope): PyFunction {
    const defaults = new Map<string, Value>();
    const params = node.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        const name = p.childForFieldName('name')?.text ?? '';
        const v = p.childForFieldName('value');
        defaults.set(name, v ? this.eval(v, scope) : null);
      }
    }
    return new PyFunction(node.childForFieldName('name')?.text ?? '<lambda>', node, scope, defaults, node.type === 'lambda');
  }

  private defineClass(node: SyntaxNode, scope: Scope): PyClass {
    const bases: Value[] = [];
    for (const b of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (b.type === 'keyword_argument') continue;
      bases.push(this.eval(b, scope));
    }
    let kerasBase: PyClass['kerasBase'] = null;
    for (const b of bases) {
      if (b instanceof KerasBaseRef) kerasBase = b.which === 'Layer' ? 'layer' : 'model';
      else if (b instanceof PyClass && b.kerasBase) kerasBase = b.kerasBase;
      else if (b instanceof LayerClassRef) kerasBase = 'layer';
    }
    const cls = new PyClass(node.childForFieldName('name')?.text ?? '', bases, node, kerasBase);
    const classScope: Scope = { vars: cls.dict, parent: scope };
    // Methods close over the enclosing scope, not the class body.
    for (const s of this.body(node.childForFieldName('body'))) {
      if (s.type === 'function_definition') {
        cls.dict.set(s.childForFieldName('name')?.text ?? '', this.defineFunction(s, scope));
      } else if (s.type === 'decorated_definition') {
        const def = s.childForFieldName('definition');
        if (def?.type === 'function_definition') cls.dict.set(def.childForFieldName('name')?.text ?? '', this.defineFunction(def, scope));
      } else {
        this.execStmt(s, classScope);
      }
    }
    return cls;
  }

  // ---------------------------------------------------------------- expressions

  eval(node: SyntaxNode, scope: Scope): Value {
    this.tick();
    switch (node.type) {
      case 'identifier':
        return this.lookup(node.text, scope);
      case 'integer':
        return (node.memo ??= integerLiteral(node.text)) as Value;
      case 'float': {
        const n = (node.memo ??= floatLiteral(node.text)) as number | null;
        return n === null ? UNKNOWN : new PyFloat(n);
      }
      case 'true':
        return true;
      case 'false':
        return false;
      case 'none':
        return null;
      case 'ellipsis':
        return new PyEllipsis();
      case 'string':
        return this.evalString(node, scope);
      case 'concatenated_string': {
        let s = '';
        for (const c of node.namedChildren) {
          const v = this.eval(c, scope);
          if (typeof v !== 'string') return UNKNOWN;
          s += v;
        }
        return s;
      }
      case 'parenthesized_expression':
        return node.namedChildren[0] ? this.eval(node.namedChildren[0], scope) : UNKNOWN;
      case 'tuple':
      case 'expression_list':
        return new PyTuple(this.evalItems(node.namedChildren, scope));
      case 'list':
        return new PyList(this.evalItems(node.namedChildren, scope));
      case 'set':
        return new PyTuple(this.evalItems(node.namedChildren, scope));
      case 'dictionary':
        return this.evalDict(node, scope);
      case 'attribute': {
        const obj = this.eval(node.childForFieldName('object') as SyntaxNode, scope);
        return this.getAttr(obj, node.childForFieldName('attribute')?.text ?? '');
      }
      case 'subscript':
        return this.evalSubscript(node, scope);
      case 'slice': {
        const parts: (Value | undefined)[] = [undefined, undefined, undefined];
        let idx = 0;
        for (const c of node.children) {
          if (c.type === ':') idx++;
          else if (c.isNamed) parts[idx] = this.eval(c, scope);
        }
        return new PySlice(parts[0] ?? null, parts[1] ?? null, parts[2] ?? null);
      }
      case 'call':
        return this.evalCall(node, scope);
      case 'binary_operator': {
        const l = this.eval(node.childForFieldName('left') as SyntaxNode, scope);
        const r = this.eval(node.childForFieldName('right') as SyntaxNode, scope);
        return this.binary(node.childForFieldName('operator')?.text ?? '', l, r, node);
      }
      case 'unary_operator': {
        const v = this.eval(node.childForFieldName('argument') as SyntaxNode, scope);
        const op = node.childForFieldName('operator')?.text ?? '';
        if (v instanceof Tensor) return this.keras.tensorUnary(v);
        const n = numberOf(v);
        if (n === undefined) return UNKNOWN;
        const r = op === '-' ? -n : op === '+' ? n : op === '~' ? ~n : UNKNOWN;
        return v instanceof PyFloat && typeof r === 'number' ? new PyFloat(r) : r;
      }
      case 'not_operator': {
        const t = truthy(this.eval(node.childForFieldName('argument') as SyntaxNode, scope));
        return t === undefined ? UNKNOWN : !t;
      }
      case 'boolean_operator': {
        const op = node.childForFieldName('operator')?.text;
        const l = this.eval(node.childForFieldName('left') as SyntaxNode, scope);
        const t = truthy(l);
        if (t === undefined) return UNKNOWN;
        if (op === 'and') return t ? this.eval(node.childForFieldName('right') as SyntaxNode, scope) : l;
        return t ? l : this.eval(node.childForFieldName('right') as SyntaxNode, scope);
      }
      case 'comparison_operator':
        return this.evalComparison(node, scope);
      case 'conditional_expression': {
        const [a, cond, b] = node.namedChildren;
        const t = truthy(this.eval(cond, scope));
        if (t === undefined) return UNKNOWN;
        return this.eval(t ? a : b, scope);
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        const items = this.evalComprehension(node, scope);
        return items ? new PyList(items) : UNKNOWN;
      }
      case 'dictionary_comprehension':
        return this.evalDictComprehension(node, scope);
      case 'lambda':
        return this.defineFunction(node, scope);
      case 'named_expression': {
        const v = this.eval(node.childForFieldName('value') as SyntaxNode, scope);
        this.assignName(node.childForFieldName('name')?.text ?? '', v, scope);
        return v;
      }
      case 'keyword_argument':
      case 'list_splat':
      case 'dictionary_splat':
        return UNKNOWN;
      case 'await':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private evalItems(nodes: readonly SyntaxNode[], scope: Scope): Value[] {
    const out: Value[] = [];
    for (const c of nodes) {
      if (c.type === 'list_splat') {
        const v = this.eval(c.namedChildren[0], scope);
        const items = this.iterate(v);
        if (items) out.push(...items);
        else out.push(UNKNOWN);
      } else if (c.type !== 'comment') out.push(this.eval(c, scope));
    }
    return out;
  }

  private evalDict(node: SyntaxNode, scope: Scope): Value {
    const d = new PyDict();
    for (const c of node.namedChildren) {
      if (c.type === 'pair') {
        const k = this.eval(c.childForFieldName('key') as SyntaxNode, scope);
        const v = this.eval(c.childForFieldName('value') as SyntaxNode, scope);
        const key = dictKey(k);
        if (key === undefined) return UNKNOWN;
        d.map.set(key, [k, v]);
      } else if (c.type === 'dictionary_splat') {
        const v = this.eval(c.namedChildren[0], scope);
        if (!(v instanceof PyDict)) return UNKNOWN;
        for (const [k, e] of v.map) d.map.set(k, e);
      }
    }
    return d;
  }

  private evalString(node: SyntaxNode, scope: Scope): Value {
    // Without replacement fields a string's value depends on its text alone.
    if (node.memo !== undefined) return node.memo as Value;
    const constant = !node.children.some((c) => c.type === 'interpolation');
    const value = this.evalStringParts(node, scope);
    if (constant) node.memo = value;
    return value;
  }

  private evalStringParts(node: SyntaxNode, scope: Scope): Value {
    const start = node.children[0]?.text ?? '';
    const prefix = start.replace(/['"]+$/, '').toLowerCase();
    if (prefix.includes('b')) return UNKNOWN;
    let s = '';
    for (const c of node.children) {
      if (c.type === 'string_content') s += prefix.includes('r') ? c.text : unescapePython(c.text);
      else if (c.type === 'escape_sequence') s += unescapePython(c.text);
      else if (c.type === 'interpolation') {
        const e = c.childForFieldName('expression');
        if (!e) return UNKNOWN;
        const v = this.eval(e, scope);
        if (isUnknown(v)) return UNKNOWN;
        const spec = c.childForFieldName('format_specifier')?.text.replace(/^:/, '');
        const conv = c.childForFieldName('type_conversion')?.text;
        s += formatInterpolation(v, spec, conv);
      }
    }
    return s;
  }

  private evalComparison(node: SyntaxNode, scope: Scope): Value {
    const operands = node.namedChildren;
    const ops = (node.memo ??= comparisonOperators(node)) as readonly string[];
    let left = this.eval(operands[0], scope);
    let result: Value = true;
    for (let i = 0; i < ops.length; i++) {
      const right = this.eval(operands[i + 1], scope);
      const r = compare(ops[i], left, right);
      if (r === undefined) return UNKNOWN;
      if (!r) return false;
      result = true;
      left = right;
    }
    return result;
  }

  /**
   * Runs the `for`/`if` clauses of a comprehension in its own scope, calling
   * `emit` for each element; false when an iterable or condition is unknown.
   */
  private runComprehension(node: SyntaxNode, scope: Scope, emit: (inner: Scope) => boolean): boolean {
    const clauses = node.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const inner: Scope = { vars: new Map(), parent: scope };
    const step = (i: number): boolean => {
      this.tick();
      if (i === clauses.length) return emit(inner);
      const c = clauses[i];
      if (c.type === 'if_clause') {
        const t = truthy(this.eval(c.namedChildren[0], inner));
        if (t === undefined) return false;
        return t ? step(i + 1) : true;
      }
      const items = this.iterate(this.eval(c.childForFieldName('right') as SyntaxNode, inner));
      if (!items) return false;
      for (const item of items) {
        this.assign(c.childForFieldName('left') as SyntaxNode, item, inner);
        if (!step(i + 1)) return false;
      }
      return true;
    };
    return step(0);
  }

  private evalComprehension(node: SyntaxNode, scope: Scope): Value[] | undefined {
    const bodyNode = node.childForFieldName('body') as SyntaxNode;
    const out: Value[] = [];
    const ok = this.runComprehension(node, scope, (inner) => {
      out.push(this.eval(bodyNode, inner));
      return true;
    });
    return ok ? out : undefined;
  }

  private evalDictComprehension(node: SyntaxNode, scope: Scope): Value {
    const pair = node.childForFieldName('body');
    if (!pair) return UNKNOWN;
    const d = new PyDict();
    const ok = this.runComprehension(node, scope, (inner) => {
      const k = this.eval(pair.childForFieldName('key') as SyntaxNode, inner);
      const key = dictKey(k);
      if (key === undefined) return false;
      d.map.set(key, [k, this.eval(pair.childForFieldName('value') as SyntaxNode, inner)]);
      return true;
    });
    return ok ? d : UNKNOWN;
  }

  private evalSubscript(node: SyntaxNode, scope: Scope): Value {
    const obj = this.eval(node.childForFieldName('value') as SyntaxNode, scope);
    const subs = node.childrenForFieldName('subscript').map((s) => this.eval(s, scope));
    if (obj instanceof Tensor) return this.keras.tensorSubscript(obj, subs, node);
    if (subs.length !== 1) return UNKNOWN;
    return subscriptValue(obj, subs[0]);
  }

  lookup(name: string, scope: Scope): Value {
    for (let s: Scope | null = scope; s; s = s.parent) {
      // The module scope is this interpreter's own: functions of a checkpoint's state close over the checkpoint's.
      const v = (s.parent === null ? this.globals : s).vars.get(name);
      if (v !== undefined) return v;
    }
    return this.builtins.get(name) ?? UNKNOWN;
  }

  // ---------------------------------------------------------------- attributes

  getAttr(obj: Value, name: string): Value {
    this.tick();
    if (obj instanceof Namespace || obj instanceof KerasBaseRef || obj instanceof LayerClassRef) return this.keras.namespaceAttr(obj, name);
    if (obj instanceof Tensor || obj instanceof LayerObj) return this.keras.objectAttr(obj, name);
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
      return new Builtin(`super().${name}`, () => null);
    }
    return methodOf(this, obj, name);
  }

  setAttr(obj: Value, name: string, value: Value): void {
    this.tick();
    if (obj instanceof PyInstance) writable(obj.attrs).set(name, value);
    else if (obj instanceof LayerObj) this.keras.setLayerAttr(obj, name, value);
    else if (obj instanceof PyClass) writable(obj.dict).set(name, value);
  }

  // ---------------------------------------------------------------- calls

  collectArgs(node: SyntaxNode, scope: Scope): CallSiteArgs {
    const argsNode = node.childForFieldName('arguments');
    const positional: Value[] = [];
    // Most calls pass no keywords: they share one empty map (call arguments are never changed).
    let keywords: Map<string, Value> | null = null;
    if (argsNode?.type === 'generator_expression') {
      positional.push(this.eval(argsNode, scope));
      return { positional, keywords: NO_KEYWORDS, node };
    }
    for (const a of argsNode?.namedChildren ?? []) {
      if (a.type === 'keyword_argument') {
        const v = a.childForFieldName('value');
        (keywords ??= new Map()).set(a.childForFieldName('name')?.text ?? '', v ? this.eval(v, scope) : UNKNOWN);
      } else if (a.type === 'list_splat') {
        const v = this.eval(a.namedChildren[0], scope);
        const items = this.iterate(v);
        if (items) positional.push(...items);
        else positional.push(UNKNOWN);
      } else if (a.type === 'dictionary_splat') {
        const v = this.eval(a.namedChildren[0], scope);
        if (v instanceof PyDict) {
          for (const [k, val] of v.map.values()) if (typeof k === 'string') (keywords ??= new Map()).set(k, val);
        }
      } else if (a.type !== 'comment') positional.push(this.eval(a, scope));
    }
    return { positional, keywords: keywords ?? NO_KEYWORDS, node };
  }

  private evalCall(node: SyntaxNode, scope: Scope): Value {
    const fnNode = node.childForFieldName('function') as SyntaxNode;
    // `super()` needs the enclosing class and self.
    if (fnNode.type === 'identifier' && fnNode.text === 'super' && this.lookup('super', scope) === this.builtins.get('super')) {
      const self = this.lookup('self', scope);
      const owner = this.lookup('__class__', scope);
      return owner instanceof PyClass ? new SuperProxy(self, owner) : UNKNOWN;
    }
    const fn = this.eval(fnNode, scope);
    const args = this.collectArgs(node, scope);
    return this.callValue(fn, args);
  }

  callValue(fn: Value, args: CallSiteArgs): Value {
    this.tick();
    if (fn instanceof Builtin) return fn.call(args);
    if (fn instanceof PyFunction) return this.callFunction(fn, args, undefined);
    if (fn instanceof BoundMethod) return this.callFunction(fn.fn, { ...args, positional: [fn.self, ...args.positional] }, fn.cls);
    if (fn instanceof PyClass) return this.instantiate(fn, args);
    if (fn instanceof LayerClassRef || fn instanceof KerasBaseRef || fn instanceof Namespace) return this.keras.callKerasCallable(fn, args);
    if (fn instanceof LayerObj) return this.keras.callLayer(fn, args);
    return UNKNOWN;
  }

  private instantiate(cls: PyClass, args: CallSiteArgs): Value {
    if (cls.kerasBase) return this.keras.instantiateSubclass(cls, args);
    const inst = new PyInstance(cls);
    const init = cls.lookup('__init__');
    if (init && init.value instanceof PyFunction) this.callFunction(init.value, { ...args, positional: [inst, ...args.positional] }, init.owner);
    return inst;
  }

  callFunction(fn: PyFunction, args: CallSiteArgs, ownerClass: PyClass | undefined): Value {
    if (this.callDepth >= this.config.maxCallDepth) return UNKNOWN;
    const local: Scope = { vars: new Map(), parent: fn.closure };
    if (ownerClass) local.vars.set('__class__', ownerClass);
    const params = fn.node.childForFieldName('parameters');
    // Arguments are taken in order (`next`) and keywords by name (`consumed` lists those taken).
    const positional = args.positional;
    let next = 0;
    const keywords = args.keywords;
    let consumed: string[] | null = null;
    const byName = (name: string): Value | undefined => {
      if (!keywords.has(name) || consumed?.includes(name)) return undefined;
      (consumed ??= []).push(name);
      return keywords.get(name);
    };
    const restPositional = (): PyTuple => {
      const rest = new PyTuple(positional.slice(next));
      next = positional.length;
      return rest;
    };
    const restKeywords = (): PyDict => {
      const d = new PyDict();
      for (const [k, v] of keywords) if (!consumed?.includes(k)) d.map.set(`s:${k}`, [k, v]);
      consumed = [...keywords.keys()];
      return d;
    };
    let keywordOnly = false;
    for (const p of params?.namedChildren ?? []) {
      switch (p.type) {
        case 'identifier':
        case 'typed_parameter': {
          const name = p.type === 'identifier' ? p.text : (p.namedChildren.find((c) => c.type === 'identifier')?.text ?? '');
          if (p.type === 'typed_parameter' && p.namedChildren[0]?.type === 'list_splat_pattern') {
            local.vars.set(p.namedChildren[0].namedChildren[0]?.text ?? '', restPositional());
            keywordOnly = true;
            break;
          }
          if (p.type === 'typed_parameter' && p.namedChildren[0]?.type === 'dictionary_splat_pattern') {
            local.vars.set(p.namedChildren[0].namedChildren[0]?.text ?? '', restKeywords());
            break;
          }
          if (!keywordOnly && next < positional.length) local.vars.set(name, positional[next++]);
          else {
            const v = byName(name);
            local.vars.set(name, v !== undefined ? v : UNKNOWN);
          }
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.childForFieldName('name')?.text ?? '';
          if (!keywordOnly && next < positional.length) local.vars.set(name, positional[next++]);
          else {
            const v = byName(name);
            local.vars.set(name, v !== undefined ? v : fn.defaults.has(name) ? (fn.defaults.get(name) as Value) : UNKNOWN);
          }
          break;
        }
        case 'list_splat_pattern':
          local.vars.set(p.namedChildren[0]?.text ?? '', restPositional());
          keywordOnly = true;
          break;
        case 'keyword_separator':
          keywordOnly = true;
          break;
        case 'dictionary_splat_pattern':
          local.vars.set(p.namedChildren[0]?.text ?? '', restKeywords());
          break;
        default:
          break;
      }
    }
    this.callDepth++;
    try {
      if (fn.isLambda) {
        const b = fn.node.childForFieldName('body');
        return b ? this.eval(b, local) : UNKNOWN;
      }
      const f = this.execBlock(this.body(fn.node.childForFieldName('body')), local);
      return f.kind === 'return' ? f.value : null;
    } finally {
      this.callDepth--;
    }
  }

  // ---------------------------------------------------------------- operators

  binary(op: string, l: Value, r: Value, node: SyntaxNode): Value {
    if (l instanceof Tensor || r instanceof Tensor) return this.keras.tensorBinary(op, l, r, node);
    if (isUnknown(l) || isUnknown(r)) return UNKNOWN;
    const a = numberOf(l);
    const b = numberOf(r);
    if (a !== undefined && b !== undefined && typeof l !== 'string' && typeof r !== 'string') {
      const isFloat = l instanceof PyFloat || r instanceof PyFloat;
      const wrap = (x: number): Value => (isFloat ? new PyFloat(x) : exactInt(x));
      switch (op) {
        case '+':
          return wrap(a + b);
        case '-':
          return wrap(a - b);
        case '*':
          return wrap(a * b);
        case '/':
          return b === 0 ? UNKNOWN : new PyFloat(a / b);
        case '//':
          return b === 0 ? UNKNOWN : wrap(Math.floor(a / b));
        case '%':
          return b === 0 ? UNKNOWN : wrap(((a % b) + b) % b);
        case '**': {
          const p = a ** b;
          return !isFloat && b >= 0 ? exactInt(p) : new PyFloat(p);
        }
        case '<<':
          return exactInt(a * 2 ** b);
        case '>>':
          return Math.floor(a / 2 ** b);
        case '&':
          return a & b;
        case '|':
          return a | b;
        case '^':
          return a ^ b;
        default:
          return UNKNOWN;
      }
    }
    if (typeof l === 'string' && typeof r === 'string' && op === '+') return l + r;
    if (typeof l === 'string' && typeof r === 'number' && op === '*') return l.repeat(Math.max(0, Math.min(r, 100_000)));
    if (typeof l === 'string' && op === '%') return UNKNOWN;
    if ((l instanceof PyList && r instanceof PyList) || (l instanceof PyTuple && r instanceof PyTuple)) {
      if (op === '+') return l instanceof PyList ? new PyList([...l.items, ...r.items]) : new PyTuple([...l.items, ...(r as PyTuple).items]);
    }
    if ((l instanceof PyList || l instanceof PyTuple) && typeof r === 'number' && op === '*') {
      const n = Math.max(0, r);
      if (n * l.items.length > 1_000_000) return UNKNOWN;
      this.tick(n * l.items.length);
      const items: Value[] = [];
      for (let i = 0; i < n; i++) items.push(...l.items);
      return l instanceof PyList ? new PyList(items) : new PyTuple(items);
    }
    return UNKNOWN;
  }
}

// ------------------------------------------------------------------ helpers

/**
 * A Python int as a JS number, or unknown beyond 2**53 where numbers stop being
 * exact: `Dense(10**30)` gets an unknown width rather than a rounded one.
 */
function exactInt(n: number): Value {
  return Number.isSafeInteger(n) ? n : new Unknown('an integer beyond 2**53, which the analysis does not represent exactly');
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

export function unescapePython(s: string): string {
  return s.replace(/\\(n|t|r|\\|'|"|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\n)/g, (_m, g: string) => {
    switch (g[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'x':
      case 'u':
        return String.fromCharCode(parseInt(g.slice(1), 16));
      case '\n':
        return '';
      default:
        return g;
    }
  });
}

export function pyStrOf(v: Value): string | undefined {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof PyFloat) return Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
  if (v instanceof PyTuple || v instanceof PyList) {
    const parts = v.items.map((x) => (typeof x === 'string' ? `'${x}'` : pyStrOf(x)));
    if (parts.some((p) => p === undefined)) return undefined;
    return v instanceof PyList ? `[${parts.join(', ')}]` : `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  }
  return undefined;
}

function formatInterpolation(v: Value, spec: string | undefined, conv: string | undefined): string {
  const s = conv === '!r' && typeof v === 'string' ? `'${v}'` : (pyStrOf(v) ?? '?');
  if (!spec) return s;
  const n = numberOf(v);
  const m = /^([<>^]?)(\d*)(,?)(?:\.(\d+))?([dfe%]?)$/.exec(spec);
  if (!m) return s;
  let body = s;
  if (n !== undefined && (m[4] !== undefined || m[5] === 'f')) body = n.toFixed(Number(m[4] ?? 6));
  if (n !== undefined && m[3] === ',') body = n.toLocaleString('en-US', { maximumFractionDigits: Number(m[4] ?? 0) });
  const width = Number(m[2] || 0);
  if (body.length < width) body = m[1] === '<' ? body.padEnd(width) : body.padStart(width);
  return body;
}

function compare(op: string, l: Value, r: Value): boolean | undefined {
  if (op === 'is' || op === 'is not') {
    if (isUnknown(l) || isUnknown(r)) return undefined;
    const same = l === r;
    return op === 'is' ? same : !same;
  }
  if (op === 'in' || op === 'not in') {
    const items = iterItems(r);
    if (isUnknown(l)) return undefined;
    if (typeof r === 'string' && typeof l === 'string') return op === 'in' ? r.includes(l) : !r.includes(l);
    if (r instanceof PyDict) {
      const k = dictKey(l);
      if (k === undefined) return undefined;
      return op === 'in' ? r.map.has(k) : !r.map.has(k);
    }
    if (!items) return undefined;
    let found = false;
    for (const it of items) {
      const e = equals(l, it);
      if (e === undefined) return undefined;
      if (e) found = true;
    }
    return op === 'in' ? found : !found;
  }
  if (op === '==' || op === '!=') {
    const e = equals(l, r);
    if (e === undefined) return undefined;
    return op === '==' ? e : !e;
  }
  const a = numberOf(l);
  const b = numberOf(r);
  if (a !== undefined && b !== undefined) return ordered(op, a, b);
  if (typeof l === 'string' && typeof r === 'string') return ordered(op, l, r);
  return undefined;
}

/** `<`, `<=`, `>`, `>=` on two numbers or two strings; undefined for another operator. */
function ordered<T extends number | string>(op: string, a: T, b: T): boolean | undefined {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

function equals(l: Value, r: Value): boolean | undefined {
  if (isUnknown(l) || isUnknown(r)) return undefined;
  if (l === null || r === null) return l === r;
  const a = numberOf(l);
  const b = numberOf(r);
  if (a !== undefined && b !== undefined) return a === b;
  if (typeof l === 'string' || typeof r === 'string') return l === r;
  if ((l instanceof PyTuple || l instanceof PyList) && (r instanceof PyTuple || r instanceof PyList)) {
    if (l.kind !== r.kind || l.items.length !== r.items.length) return false;
    for (let i = 0; i < l.items.length; i++) {
      const e = equals(l.items[i], r.items[i]);
      if (e !== true) return e;
    }
    return true;
  }
  if (l instanceof Tensor || r instanceof Tensor) return undefined;
  return l === r;
}

function normIndex(i: number, len: number): number | undefined {
  const j = i < 0 ? len + i : i;
  return j >= 0 && j < len ? j : undefined;
}

export function sliceIndices(s: PySlice, len: number): number[] | undefined {
  const step = s.step === null ? 1 : numberOf(s.step);
  if (step === undefined || step === 0) return undefined;
  const bound = (v: Value, dflt: number): number | undefined => {
    if (v === null) return dflt;
    const n = numberOf(v);
    if (n === undefined) return undefined;
    if (n < 0) return Math.max(step > 0 ? 0 : -1, len + n);
    return Math.min(n, step > 0 ? len : len - 1);
  };
  const start = bound(s.start, step > 0 ? 0 : len - 1);
  const stop = bound(s.stop, step > 0 ? len : -1);
  if (start === undefined || stop === undefined) return undefined;
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

export function subscriptValue(obj: Value, key: Value): Value {
  if (isUnknown(obj)) return UNKNOWN;
  if (obj instanceof PyList || obj instanceof PyTuple || typeof obj === 'string') {
    const items = typeof obj === 'string' ? [...obj] : obj.items;
    if (key instanceof PySlice) {
      const idx = sliceIndices(key, items.length);
      if (!idx) return UNKNOWN;
      const picked = idx.map((i) => items[i]);
      if (typeof obj === 'string') return picked.join('');
      return obj instanceof PyList ? new PyList(picked) : new PyTuple(picked);
    }
    const n = numberOf(key);
    if (n === undefined || !Number.isInteger(n)) return UNKNOWN;
    const i = normIndex(n, items.length);
    return i === undefined ? UNKNOWN : items[i];
  }
  if (obj instanceof PyDict) {
    const k = dictKey(key);
    return k === undefined ? UNKNOWN : (obj.map.get(k)?.[1] ?? UNKNOWN);
  }
  if (obj instanceof PyRange) {
    const n = numberOf(key);
    if (n === undefined) return UNKNOWN;
    const i = normIndex(n, obj.length);
    return i === undefined ? UNKNOWN : obj.start + i * obj.step;
  }
  return UNKNOWN;
}

/** Methods of plain Python values: list.append, dict.items, str.format, … */
function methodOf(interp: Interpreter, obj: Value, name: string): Value {
  const b = (f: (a: CallSiteArgs) => Value): Builtin => new Builtin(name, f);
  if (obj instanceof PyList) {
    switch (name) {
      case 'append':
        return b((a) => {
          obj.items.push(a.positional[0] ?? UNKNOWN);
          return null;
        });
      case 'extend':
        return b((a) => {
          const items = interp.iterate(a.positional[0] ?? UNKNOWN);
          if (items) obj.items.push(...items);
          else obj.items = [...obj.items, UNKNOWN];
          return null;
        });
      case 'insert':
        return b((a) => {
          const i = numberOf(a.positional[0] ?? UNKNOWN);
          if (i === undefined) obj.items = obj.items.map(() => UNKNOWN);
          else obj.items.splice(i < 0 ? obj.items.length + i : i, 0, a.positional[1] ?? UNKNOWN);
          return null;
        });
      case 'pop':
        return b((a) => {
          const i = a.positional.length ? numberOf(a.positional[0]) : -1;
          if (i === undefined || obj.items.length === 0) return UNKNOWN;
          const idx = i < 0 ? obj.items.length + i : i;
          return obj.items.splice(idx, 1)[0] ?? UNKNOWN;
        });
      case 'copy':
        return b(() => new PyList([...obj.items]));
      case 'reverse':
        return b(() => {
          obj.items.reverse();
          return null;
        });
      case 'index':
      case 'count':
      case 'sort':
      case 'remove':
      case 'clear':
        return b(() => {
          if (name === 'clear') obj.items = [];
          else if (name !== 'index' && name !== 'count') obj.items = obj.items.map(() => UNKNOWN);
          return UNKNOWN;
        });
    }
  }
  if (obj instanceof PyDict) {
    switch (name) {
      case 'items':
        return b(() => new PyList([...obj.map.values()].map(([k, v]) => new PyTuple([k, v]))));
      case 'keys':
        return b(() => new PyList([...obj.map.values()].map(([k]) => k)));
      case 'values':
        return b(() => new PyList([...obj.map.values()].map(([, v]) => v)));
      case 'get':
        return b((a) => {
          const k = dictKey(a.positional[0] ?? UNKNOWN);
          if (k === undefined) return UNKNOWN;
          return obj.map.get(k)?.[1] ?? a.positional[1] ?? null;
        });
      case 'pop':
        return b((a) => {
          const k = dictKey(a.positional[0] ?? UNKNOWN);
          if (k === undefined) return UNKNOWN;
          const v = obj.map.get(k)?.[1] ?? a.positional[1] ?? UNKNOWN;
          writable(obj.map).delete(k);
          return v;
        });
      case 'update':
        return b((a) => {
          const other = a.positional[0];
          if (other instanceof PyDict) for (const [k, e] of other.map) writable(obj.map).set(k, e);
          for (const [k, v] of a.keywords) writable(obj.map).set(`s:${k}`, [k, v]);
          return null;
        });
      case 'setdefault':
        return b((a) => {
          const k = dictKey(a.positional[0] ?? UNKNOWN);
          if (k === undefined) return UNKNOWN;
          if (!obj.map.has(k)) writable(obj.map).set(k, [a.positional[0], a.positional[1] ?? null]);
          return obj.map.get(k)?.[1] ?? UNKNOWN;
        });
      case 'copy':
        return b(() => {
          const d = new PyDict();
          for (const [k, e] of obj.map) d.map.set(k, e);
          return d;
        });
    }
  }
  if (typeof obj === 'string') {
    switch (name) {
      case 'upper':
        return b(() => obj.toUpperCase());
      case 'lower':
        return b(() => obj.toLowerCase());
      case 'strip':
        return b(() => obj.trim());
      case 'startswith':
        return b((a) => (typeof a.positional[0] === 'string' ? obj.startsWith(a.positional[0]) : UNKNOWN));
      case 'endswith':
        return b((a) => (typeof a.positional[0] === 'string' ? obj.endsWith(a.positional[0]) : UNKNOWN));
      case 'join':
        return b((a) => {
          const items = interp.iterate(a.positional[0] ?? UNKNOWN);
          if (!items || !items.every((x) => typeof x === 'string')) return UNKNOWN;
          return items.join(obj);
        });
      case 'split':
        return b((a) => {
          const sep = a.positional[0];
          const parts = typeof sep === 'string' ? obj.split(sep) : obj.trim().split(/\s+/);
          return new PyList(parts);
        });
      case 'replace':
        return b((a) => {
          const [x, y] = a.positional;
          return typeof x === 'string' && typeof y === 'string' ? obj.split(x).join(y) : UNKNOWN;
        });
      case 'format':
        return b((a) => {
          let i = 0;
          let ok = true;
          const out = obj.replace(/\{([^{}]*)\}/g, (_m, inner: string) => {
            const [field, spec] = inner.split(':');
            const v = field === '' ? a.positional[i++] : /^\d+$/.test(field) ? a.positional[Number(field)] : a.keywords.get(field);
            if (v === undefined || isUnknown(v)) {
              ok = false;
              return '';
            }
            return formatInterpolation(v, spec, undefined);
          });
          return ok ? out : UNKNOWN;
        });
    }
  }
  return UNKNOWN;
}

function makeBuiltins(interp: Interpreter): Map<string, Value> {
  const m = new Map<string, Value>();
  const def = (name: string, f: (a: CallSiteArgs) => Value): void => {
    m.set(name, new Builtin(name, f));
  };
  def('range', (a) => {
    const nums = a.positional.map(numberOf);
    if (nums.some((n) => n === undefined || !Number.isInteger(n))) return UNKNOWN;
    const [x, y, z] = nums as number[];
    if (nums.length === 1) return new PyRange(0, x, 1);
    if (nums.length === 2) return new PyRange(x, y, 1);
    if (nums.length === 3 && z !== 0) return new PyRange(x, y, z);
    return UNKNOWN;
  });
  def('len', (a) => {
    const v = a.positional[0] ?? UNKNOWN;
    if (v instanceof PyRange) return v.length;
    if (v instanceof Tensor) return v.shape && v.shape.length > 0 && v.shape[0] !== null ? v.shape[0] : UNKNOWN;
    if (v instanceof LayerObj) return interp.keras.lengthOf(v);
    const items = iterItems(v);
    return items ? items.length : UNKNOWN;
  });
  def('int', (a) => {
    const v = a.positional[0] ?? 0;
    if (typeof v === 'string') return /^\s*-?\d+\s*$/.test(v) ? exactInt(parseInt(v, 10)) : UNKNOWN;
    const n = numberOf(v);
    return n === undefined ? UNKNOWN : Math.trunc(n);
  });
  def('float', (a) => {
    const v = a.positional[0] ?? 0;
    const n = typeof v === 'string' ? Number(v) : numberOf(v);
    return n === undefined || Number.isNaN(n) ? UNKNOWN : new PyFloat(n);
  });
  def('str', (a) => {
    const s = pyStrOf(a.positional[0] ?? '');
    return s ?? UNKNOWN;
  });
  def('bool', (a) => {
    const t = truthy(a.positional[0] ?? false);
    return t === undefined ? UNKNOWN : t;
  });
  def('abs', (a) => {
    const v = a.positional[0] ?? UNKNOWN;
    const n = numberOf(v);
    return n === undefined ? UNKNOWN : v instanceof PyFloat ? new PyFloat(Math.abs(n)) : Math.abs(n);
  });
  const minmax = (pick: (xs: number[]) => number) => (a: CallSiteArgs): Value => {
    const items = a.positional.length === 1 ? interp.iterate(a.positional[0]) : a.positional;
    if (!items || items.length === 0) return UNKNOWN;
    const nums = items.map(numberOf);
    if (nums.some((n) => n === undefined)) return UNKNOWN;
    const r = pick(nums as number[]);
    return items[(nums as number[]).indexOf(r)];
  };
  def('min', minmax((xs) => Math.min(...xs)));
  def('max', minmax((xs) => Math.max(...xs)));
  def('sum', (a) => {
    const items = interp.iterate(a.positional[0] ?? UNKNOWN);
    if (!items) return UNKNOWN;
    let acc: Value = a.positional[1] ?? 0;
    for (const it of items) acc = interp.binary('+', acc, it, a.node);
    return acc;
  });
  def('round', (a) => {
    const n = numberOf(a.positional[0] ?? UNKNOWN);
    if (n === undefined) return UNKNOWN;
    const digits = numberOf(a.positional[1] ?? 0) ?? 0;
    if (a.positional.length < 2) {
      // Python rounds half to even.
      const f = Math.floor(n);
      const diff = n - f;
      return diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    }
    return new PyFloat(Math.round(n * 10 ** digits) / 10 ** digits);
  });
  def('list', (a) => {
    if (a.positional.length === 0) return new PyList([]);
    const items = interp.iterate(a.positional[0]);
    return items ? new PyList([...items]) : UNKNOWN;
  });
  def('tuple', (a) => {
    if (a.positional.length === 0) return new PyTuple([]);
    const items = interp.iterate(a.positional[0]);
    return items ? new PyTuple([...items]) : UNKNOWN;
  });
  def('dict', (a) => {
    const d = new PyDict();
    const src = a.positional[0];
    if (src instanceof PyDict) for (const [k, e] of src.map) d.map.set(k, e);
    else if (src !== undefined) {
      const items = interp.iterate(src);
      if (!items) return UNKNOWN;
      for (const it of items) {
        const pair = iterItems(it);
        const k = pair && pair.length === 2 ? dictKey(pair[0]) : undefined;
        if (!pair || k === undefined) return UNKNOWN;
        d.map.set(k, [pair[0], pair[1]]);
      }
    }
    for (const [k, v] of a.keywords) d.map.set(`s:${k}`, [k, v]);
    return d;
  });
  def('set', (a) => {
    if (a.positional.length === 0) return new PyTuple([]);
    const items = interp.iterate(a.positional[0]);
    return items ? new PyTuple([...items]) : UNKNOWN;
  });
  def('zip', (a) => {
    const lists = a.positional.map((p) => interp.iterate(p));
    if (lists.some((l) => !l)) return UNKNOWN;
    // `zip()` is empty (Math.min() of nothing would be Infinity).
    const n = lists.length === 0 ? 0 : Math.min(...(lists as Value[][]).map((l) => l.length));
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(new PyTuple((lists as Value[][]).map((l) => l[i])));
    return new PyList(out);
  });
  def('enumerate', (a) => {
    const items = interp.iterate(a.positional[0] ?? UNKNOWN);
    const start = numberOf(a.positional[1] ?? a.keywords.get('start') ?? 0) ?? 0;
    return items ? new PyList(items.map((x, i) => new PyTuple([i + start, x]))) : UNKNOWN;
  });
  def('reversed', (a) => {
    const items = interp.iterate(a.positional[0] ?? UNKNOWN);
    return items ? new PyList([...items].reverse()) : UNKNOWN;
  });
  def('sorted', (a) => {
    const items = interp.iterate(a.positional[0] ?? UNKNOWN);
    if (!items || a.keywords.has('key')) return UNKNOWN;
    const nums = items.map(numberOf);
    if (nums.every((n) => n !== undefined)) {
      const sorted = [...items].sort((x, y) => (numberOf(x) as number) - (numberOf(y) as number));
      return new PyList(truthy(a.keywords.get('reverse') ?? false) ? sorted.reverse() : sorted);
    }
    if (items.every((x) => typeof x === 'string')) return new PyList([...items].sort());
    return UNKNOWN;
  });
  def('isinstance', (a) => {
    const [v, t] = a.positional;
    if (t instanceof Builtin) {
      const expect: Record<string, (x: Value) => boolean> = {
        int: (x) => typeof x === 'number',
        float: (x) => x instanceof PyFloat,
        str: (x) => typeof x === 'string',
        list: (x) => x instanceof PyList,
        tuple: (x) => x instanceof PyTuple,
        dict: (x) => x instanceof PyDict,
        bool: (x) => typeof x === 'boolean',
      };
      const f = expect[t.name];
      if (f && v !== undefined && !isUnknown(v)) return f(v);
    }
    return UNKNOWN;
  });
  for (const name of ['print', 'setattr', 'exit', 'quit', 'help', 'breakpoint']) def(name, () => null);
  for (const name of ['open', 'input', 'eval', 'exec', 'compile', '__import__', 'getattr', 'hasattr', 'type', 'id', 'hash', 'iter', 'next', 'map', 'filter', 'any', 'all', 'vars', 'globals', 'locals', 'object', 'Exception', 'ValueError', 'TypeError', 'RuntimeError', 'NotImplementedError', 'KeyError', 'AssertionError', 'property', 'staticmethod', 'classmethod', 'divmod', 'pow', 'chr', 'ord', 'repr', 'format', 'callable', 'issubclass', 'bytes', 'frozenset', 'slice', 'memoryview', 'bytearray', 'complex']) {
    if (!m.has(name)) def(name, () => UNKNOWN);
  }
  def('any', (a) => {
    const items = interp.iterate(a.positional[0] ?? UNKNOWN);
    if (!items) return UNKNOWN;
    const ts = items.map(truthy);
    return ts.some((t) => t === true) ? true : ts.some((t) => t === undefined) ? UNKNOWN : false;
  });
  def('all', (a) => {
    const items = interp.iterate(a.positional[0] ?? UNKNOWN);
    if (!items) return UNKNOWN;
    const ts = items.map(truthy);
    return ts.some((t) => t === false) ? false : ts.some((t) => t === undefined) ? UNKNOWN : true;
  });
  def('map', (a) => {
    const [f, ...its] = a.positional;
    const lists = its.map((x) => interp.iterate(x));
    if (!f || lists.length === 0 || lists.some((l) => !l)) return UNKNOWN;
    const n = Math.min(...(lists as Value[][]).map((l) => l.length));
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(interp.callValue(f, { positional: (lists as Value[][]).map((l) => l[i]), keywords: new Map(), node: a.node }));
    return new PyList(out);
  });
  m.set('super', new Builtin('super', () => UNKNOWN));
  m.set('__name__', '__main__');
  return m;
}


/** The value of an integer literal (unknown for an imaginary one). */
function integerLiteral(text: string): Value {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('j')) return UNKNOWN;
  const n = t.startsWith('0o') ? parseInt(t.slice(2), 8) : Number(t.startsWith('0') && t.length > 1 && /^\d+$/.test(t) ? parseInt(t, 10) : t);
  return exactInt(n);
}

/** The number of a float literal, or null for an imaginary one. */
function floatLiteral(text: string): number | null {
  const t = text.replace(/_/g, '');
  return /j$/i.test(t) ? null : Number(t);
}

/** The operators of a comparison chain, in order (`not in`, `is not` as one each). */
function comparisonOperators(node: SyntaxNode): string[] {
  const ops: string[] = [];
  let pending = '';
  for (const c of node.children) {
    if (c.isNamed) {
      if (pending) ops.push(pending.trim().replace(/\s+/g, ' '));
      pending = '';
    } else pending += ` ${c.type}`;
  }
  return ops;
}
