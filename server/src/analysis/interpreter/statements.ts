// Python statements: assignments, if / for / while over known values,
// try, with, imports, def and class. What a branch the analysis cannot
// decide may bind becomes unknown after it.
//
//   for f in (32, 64): x = block(x, f)   → the body runs twice
//   if flag: x = a                       → x unknown after it when flag is
import {
  AsPattern,
  Assignment,
  Attribute,
  Call,
  AugmentedAssignment,
  ClassDefinition,
  DecoratedDefinition,
  DefaultParameter,
  ElifClause,
  ElseClause,
  ForStatement,
  FunctionDefinition,
  IfStatement,
  Subscript,
  TryStatement,
  WhileStatement,
  WithItem,
  WithStatement,
} from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import { PyClass, PyFloat, PyFunction, PyList, PyRange, Tensor, UNKNOWN, Unknown, truthy, unknownBecause, whyOf, type Scope, type Value } from '../values';
import { BREAK, BudgetExhausted, CONTINUE, RAISE, LOOP_PROBE_ITERATIONS, MAX_LOOP_ITERATIONS, MAX_SUMMARISED_LOOP_LENGTH, NORMAL, SUMMARISED_LOOP_LENGTH, UNKNOWN_RETURN, type Evaluator, type Flow } from './evaluator';
import type { ActivityMark } from './library';
import { evaluate } from './expressions';
import { deleteTarget, rebindWhereDefined } from './assignment';
import { conditionWhy, quote } from './strings';
import { followBoth, runAndUndo } from './branches';

/** The annotated names of a class body (`units: int = 64`), in order: a dataclass's fields. */
function dataclassFields(cls: SyntaxNode): string[] {
  const out: string[] = [];
  for (const s of body(ClassDefinition.body(cls))) {
    if (s.type !== 'expression_statement') continue;
    const a = s.namedChildren[0];
    if (a?.type !== 'assignment' || !a.namedChildren.some((c) => c.type === 'type')) continue;
    const left = Assignment.left(a);
    if (left?.type === 'identifier' && !out.includes(left.text)) out.push(left.text);
  }
  return out;
}

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

export function execBlock(ev: Evaluator, stmts: readonly SyntaxNode[], scope: Scope): Flow {
  for (const s of stmts) {
    const f = execStmt(ev, s, scope);
    if (f !== NORMAL) return f;
  }
  return NORMAL;
}

export function body(node: SyntaxNode | null): SyntaxNode[] {
  if (!node) return [];
  return node.type === 'block' ? node.namedChildren : [node];
}

export function execStmt(ev: Evaluator, node: SyntaxNode, scope: Scope): Flow {
  ev.statement = node;
  ev.tick();
  switch (node.type) {
    case 'expression_statement': {
      for (const c of node.namedChildren) evalStatementExpr(ev, c, scope);
      return NORMAL;
    }
    case 'if_statement':
      return execIf(ev, node, scope);
    case 'for_statement':
      return execFor(ev, node, scope);
    case 'while_statement':
      return execWhile(ev, node, scope);
    case 'function_definition':
      ev.assignName(FunctionDefinition.name(node), defineFunction(ev, node, scope), scope);
      return NORMAL;
    case 'class_definition':
      ev.assignName(ClassDefinition.name(node), defineClass(ev, node, scope), scope);
      return NORMAL;
    case 'decorated_definition': {
      const def = DecoratedDefinition.definition(node);
      if (!def) return NORMAL;
      execStmt(ev, def, scope);
      // A decorator may replace the definition with anything: only keep it when it is known to be harmless.
      const decorators = node.namedChildren.filter((c) => c.type === 'decorator').map((d) => d.text);
      if (def.type === 'class_definition' && decorators.length === 1 && /^@(dataclasses\.)?dataclass(\(.*\))?$/s.test(decorators[0].replace(/\s+/g, ''))) {
        const cls = ev.lookup(ClassDefinition.name(def), scope);
        if (cls instanceof PyClass) cls.dataclassFields = dataclassFields(def);
        return NORMAL;
      }
      const harmless = decorators.every((d) => {
        const text = d.replace(/\s+/g, '');
        return /^@(staticmethod|classmethod|property)$/.test(text) || ev.keras.keepsDefinition(text);
      });
      if (!harmless) ev.assignName(FunctionDefinition.name(def), UNKNOWN, scope);
      return NORMAL;
    }
    case 'return_statement': {
      const e = node.namedChildren[0];
      return { kind: 'return', value: e ? evaluate(ev, e, scope) : null };
    }
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      ev.importStatement(node, scope);
      return NORMAL;
    case 'break_statement':
      return BREAK;
    case 'continue_statement':
      return CONTINUE;
    case 'with_statement': {
      for (const item of node.descendantsOfType('with_item')) {
        const v = WithItem.value(item);
        if (!v) continue;
        if (v.type === 'as_pattern') {
          const value = evaluate(ev, v.namedChildren[0], scope);
          const target = AsPattern.alias(v)?.namedChildren[0];
          if (target) ev.assign(target, value, scope);
        } else evaluate(ev, v, scope);
      }
      return execBlock(ev, body(WithStatement.body(node)), scope);
    }
    case 'try_statement': {
      // Run the try body; handlers are for failures we cannot see, so names they bind become unknown.
      const f = execBlock(ev, body(TryStatement.body(node)), scope);
      for (const c of node.namedChildren) {
        if (c.type === 'except_clause' || c.type === 'except_group_clause') ev.forgetAssigned(c, scope);
        if (c.type === 'else_clause' && f === NORMAL) {
          const g = execBlock(ev, body(ElseClause.body(c)), scope);
          if (g !== NORMAL) return g;
        }
        if (c.type === 'finally_clause') {
          const g = execBlock(ev, c.namedChildren.filter((x) => x.type === 'block').flatMap((b) => b.namedChildren), scope);
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
      for (const t of node.namedChildren.flatMap((c) => (c.type === 'expression_list' ? c.namedChildren : [c]))) deleteTarget(ev, t, scope);
      return NORMAL;
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
      return RAISE;
    case 'match_statement':
      ev.forgetAssigned(node, scope);
      return NORMAL;
    case 'ERROR':
      // A half-typed statement: evaluate the complete expressions inside it, best effort.
      for (const c of node.namedChildren) {
        if (c.type.endsWith('statement') || c.type === 'call' || c.type === 'assignment') {
          try {
            if (c.type.endsWith('statement')) execStmt(ev, c, scope);
            else evalStatementExpr(ev, c, scope);
          } catch (e) {
            if (e instanceof BudgetExhausted) throw e;
          }
        }
      }
      return NORMAL;
    default:
      return NORMAL;
  }
}

function evalStatementExpr(ev: Evaluator, node: SyntaxNode, scope: Scope): void {
  switch (node.type) {
    case 'assignment':
      execAssignment(ev, node, scope);
      return;
    case 'augmented_assignment': {
      const left = AugmentedAssignment.left(node);
      const right = AugmentedAssignment.right(node);
      const op = AugmentedAssignment.operator(node);
      if (!left || !right) return;
      const cur = evaluate(ev, left, scope);
      const v = ev.binary(op.replace('=', ''), cur, evaluate(ev, right, scope), node);
      // `xs += [...]` extends the list in place.
      if (cur instanceof PyList && v instanceof PyList && op === '+=') {
        cur.items = v.items;
        return;
      }
      ev.assign(left, v, scope);
      return;
    }
    default:
      evaluate(ev, node, scope);
  }
}

function execAssignment(ev: Evaluator, node: SyntaxNode, scope: Scope): void {
  const left = Assignment.left(node);
  const right = Assignment.right(node);
  if (!left || !right) return;
  let value: Value;
  if (right.type === 'assignment') {
    // a = b = value
    execAssignment(ev, right, scope);
    let inner: SyntaxNode = right;
    for (let next = Assignment.right(inner); next !== null && next.type === 'assignment'; next = Assignment.right(inner)) inner = next;
    const target = Assignment.left(inner);
    value = target ? evaluate(ev, target, scope) : UNKNOWN;
  } else {
    value = evaluate(ev, right, scope);
  }
  ev.assign(left, value, scope);
}


/** Leaving a function at a return that may or may not run, because of `why`. */
function unknownReturn(why: string): Flow {
  return why ? { kind: 'return', value: unknownBecause(why) } : UNKNOWN_RETURN;
}

function execIf(ev: Evaluator, node: SyntaxNode, scope: Scope): Flow {
  const alternatives = IfStatement.alternatives(node);
  return execBranch(ev, node, IfStatement.condition(node), IfStatement.consequence(node), alternatives, 0, scope);
}

/**
 * `if cond: consequence` followed by `alternatives` from `next` on (elif and
 * else clauses). An undecidable condition runs both ways and joins them
 * (branches.ts); when they cannot be joined, neither branch is known to run,
 * so what they bind is unknown afterwards, and a branch that may return
 * leaves the function's result unknown.
 */
function execBranch(ev: Evaluator, node: SyntaxNode, condNode: SyntaxNode, consequence: SyntaxNode | null, alternatives: readonly SyntaxNode[], next: number, scope: Scope): Flow {
  const cond = truthy(evaluate(ev, condNode, scope));
  if (cond === true) return execBlock(ev, body(consequence), scope);
  if (cond === false) return execAlternatives(ev, node, alternatives, next, scope);
  const why = conditionWhy(ev.lineOf(condNode), condNode);
  const joined = followBoth(
    ev,
    node,
    scope,
    why,
    () => execBlock(ev, body(consequence), scope),
    () => execAlternatives(ev, node, alternatives, next, scope),
  );
  if (joined !== undefined) return joined;
  ev.forgetAssigned(node, scope, why);
  return mayReturn(node) ? unknownReturn(why) : NORMAL;
}

function execAlternatives(ev: Evaluator, node: SyntaxNode, alternatives: readonly SyntaxNode[], from: number, scope: Scope): Flow {
  const alt = alternatives[from];
  if (alt === undefined) return NORMAL;
  if (alt.type === 'elif_clause') return execBranch(ev, node, ElifClause.condition(alt), ElifClause.consequence(alt), alternatives, from + 1, scope);
  if (alt.type === 'else_clause') return execBlock(ev, body(ElseClause.body(alt)), scope);
  return execAlternatives(ev, node, alternatives, from + 1, scope);
}

function execFor(ev: Evaluator, node: SyntaxNode, scope: Scope): Flow {
  const left = ForStatement.left(node);
  const rightNode = ForStatement.right(node);
  const iterable = evaluate(ev, rightNode, scope);
  const bodyStmts = body(ForStatement.body(node));
  const loopWhy = (): string => whyOf(iterable) || `the loop over ${quote(rightNode)} on line ${ev.lineOf(node)} is not followed`;
  const run = (item: Value): Flow | 'stop' => {
    ev.tick();
    ev.assign(left, item, scope);
    const f = execBlock(ev, bodyStmts, scope);
    if (f.kind === 'break') return 'stop';
    if (f.kind === 'return') return f;
    return NORMAL;
  };
  // A long loop whose first iterations touch no Keras value (data, training) is summarised.
  const activity = ev.keras.activity();
  const summarise = (): Flow => {
    // The records of the first iterations are unknown or repeat themselves, and their counts would be wrong: dropped.
    ev.keras.dropSince(activity);
    ev.forgetAssigned(node, scope, `the loop over ${quote(rightNode)} on line ${ev.lineOf(node)} is not followed through all its iterations`);
    return mayReturn(node) ? UNKNOWN_RETURN : NORMAL;
  };
  // A long loop whose second iteration only repeats the first's records (a training loop on known data) is summarised too.
  let second: ActivityMark | undefined;
  const nothingNew = (n: number): boolean => {
    if (n === 1) second = ev.keras.activity();
    return n === LOOP_PROBE_ITERATIONS && (ev.keras.onlyUnknownSince(activity) || (second !== undefined && ev.keras.repeatsSince(activity, second)));
  };
  if (iterable instanceof PyRange) {
    const long = iterable.length > SUMMARISED_LOOP_LENGTH && iterable.length <= MAX_SUMMARISED_LOOP_LENGTH;
    // Lazily, so `range(10**12)` costs budget steps, not memory.
    let broke = false;
    let n = 0;
    for (let i = iterable.start; iterable.step > 0 ? i < iterable.stop : i > iterable.stop; i += iterable.step) {
      if (long && nothingNew(n++)) return summarise();
      const r = run(i);
      if (r === 'stop') {
        broke = true;
        break;
      }
      if (r !== NORMAL) return r;
    }
    return broke ? NORMAL : execElse(ev, node, scope);
  }
  const items = ev.iterate(iterable);
  if (!items) {
    const filled = filledLists(ev, node, left, bodyStmts, scope, loopWhy());
    ev.forgetAssigned(node, scope, loopWhy());
    for (const [name, item] of filled) rebindWhereDefined(ev, name, new Unknown(loopWhy(), false, false, item), scope);
    return mayReturn(node) ? UNKNOWN_RETURN : NORMAL;
  }
  const long = items.length > SUMMARISED_LOOP_LENGTH;
  let n = 0;
  for (const item of [...items]) {
    if (long && nothingNew(n++)) return summarise();
    const r = run(item);
    if (r === 'stop') return NORMAL;
    if (r !== NORMAL) return r;
  }
  return execElse(ev, node, scope);
}

/**
 * The lists, empty before a loop over data the analysis cannot enumerate, that
 * its body only appends to: the body runs once on an unknown item (and is
 * undone), and a list whose appended items are arrays of one known shape (or
 * numbers of one kind) is a list of unknown length of such items, as every
 * iteration appends the same (what the body computes without knowing the
 * item holds for each item). `np.array(xs)` is then `(?, …)`.
 */
function filledLists(ev: Evaluator, node: SyntaxNode, left: SyntaxNode, bodyStmts: readonly SyntaxNode[], scope: Scope, why: string): [string, Tensor][] {
  const names = new Set<string>();
  const others = new Set<string>();
  for (const c of node.descendantsOfType('call')) {
    const fn = Call.function(c);
    const obj = fn.type === 'attribute' ? Attribute.object(fn) : undefined;
    if (obj?.type !== 'identifier') continue;
    (Attribute.attribute(fn) === 'append' ? names : others).add(obj.text);
  }
  // A list the body also assigns to, item or whole, is not only appended to.
  for (const a of node.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const target = Assignment.left(a);
    const base = target?.type === 'subscript' ? Subscript.value(target) : target;
    if (base?.type === 'identifier') others.add(base.text);
  }
  const lists = new Map<string, PyList>();
  for (const name of names) {
    const v = ev.lookup(name, scope);
    // Appended to only, and empty before the loop.
    if (v instanceof PyList && v.items.length === 0 && !others.has(name)) lists.set(name, v);
  }
  if (lists.size === 0) return [];
  const found = runAndUndo(
    ev,
    scope,
    () => {
      ev.assign(left, unknownBecause(why), scope);
      execBlock(ev, bodyStmts, scope);
    },
    () => {
      const out: [string, Tensor][] = [];
      for (const [name, list] of lists) {
        if (ev.lookup(name, scope) !== list || list.items.length === 0) continue;
        const item = itemLike(list.items);
        if (item) out.push([name, item]);
      }
      return out;
    },
  );
  return found ?? [];
}

/** The array all of `items` are like: arrays of one known shape and dtype, or numbers of one kind; undefined otherwise. */
function itemLike(items: readonly Value[]): Tensor | undefined {
  const of = (v: Value): Tensor | undefined => {
    if (v instanceof Tensor) return v.symbolic || v.shape === null || typeof v.dtype !== 'string' ? undefined : v;
    if (typeof v === 'number' || v instanceof PyFloat) {
      const t = new Tensor([], null, false);
      t.dtype = typeof v === 'number' && Number.isInteger(v) ? 'int64' : 'float64';
      return t;
    }
    return undefined;
  };
  const first = of(items[0]);
  if (!first?.shape) return undefined;
  for (const v of items) {
    const t = of(v);
    if (!t?.shape || t.dtype !== first.dtype || t.shape.length !== first.shape.length || t.shape.some((d, i) => d !== first.shape?.[i])) return undefined;
  }
  const out = new Tensor(first.shape, null, false);
  out.dtype = first.dtype;
  if (first.why !== undefined) out.why = first.why;
  return out;
}

function execElse(ev: Evaluator, node: SyntaxNode, scope: Scope): Flow {
  // for_statement and while_statement both name it `alternative`.
  const alt = ForStatement.alternative(node);
  return alt ? execBlock(ev, body(ElseClause.body(alt)), scope) : NORMAL;
}

function execWhile(ev: Evaluator, node: SyntaxNode, scope: Scope): Flow {
  const condNode = WhileStatement.condition(node);
  const bodyStmts = body(WhileStatement.body(node));
  const activity = ev.keras.activity();
  for (let i = 0; ; i++) {
    ev.tick();
    if (i === SUMMARISED_LOOP_LENGTH && ev.keras.onlyUnknownSince(activity)) {
      ev.keras.dropSince(activity);
      // A long loop that touches no Keras value (data, training): summarised.
      ev.forgetAssigned(node, scope, `the loop \`while ${condNode.text.replace(/\s+/g, ' ').slice(0, 30)}\` on line ${ev.lineOf(node)} is not followed through all its iterations`);
      return mayReturn(node) ? UNKNOWN_RETURN : NORMAL;
    }
    const c = truthy(evaluate(ev, condNode, scope));
    if (c === false) return execElse(ev, node, scope);
    if (c === undefined || i >= MAX_LOOP_ITERATIONS) {
      if (c !== undefined) {
        ev.report(
          { start: node.startIndex, end: node.startIndex + 5 },
          'info',
          'budget-exhausted',
          `This loop was not followed past ${MAX_LOOP_ITERATIONS.toLocaleString('en-US')} iterations; what it assigns is unknown after it.`,
        );
      }
      ev.forgetAssigned(node, scope, c === undefined ? conditionWhy(ev.lineOf(condNode), condNode) : `the loop on line ${ev.lineOf(node)} is not followed`);
      return mayReturn(node) ? UNKNOWN_RETURN : NORMAL;
    }
    const f = execBlock(ev, bodyStmts, scope);
    if (f.kind === 'break') return NORMAL;
    if (f.kind === 'return') return f;
  }
}

export function defineFunction(ev: Evaluator, node: SyntaxNode, scope: Scope): PyFunction {
  const defaults = new Map<string, Value>();
  // function_definition and lambda both name them `parameters`.
  const params = FunctionDefinition.parameters(node);
  for (const p of params?.namedChildren ?? []) {
    if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const name = DefaultParameter.name(p);
      const v = DefaultParameter.value(p);
      defaults.set(name, v ? evaluate(ev, v, scope) : null);
    }
  }
  const fn = new PyFunction(FunctionDefinition.nameNode(node)?.text ?? '<lambda>', node, scope, defaults, node.type === 'lambda');
  if (ev.currentModule !== undefined) fn.module = ev.currentModule;
  return fn;
}

function defineClass(ev: Evaluator, node: SyntaxNode, scope: Scope): PyClass {
  const bases: Value[] = [];
  for (const b of ClassDefinition.superclasses(node)?.namedChildren ?? []) {
    if (b.type === 'keyword_argument') continue;
    bases.push(evaluate(ev, b, scope));
  }
  let kerasBase: PyClass['kerasBase'] = null;
  for (const b of bases) {
    const base = b instanceof PyClass ? b.kerasBase : ev.keras.baseKind(b);
    if (base) kerasBase = base;
  }
  const cls = new PyClass(ClassDefinition.name(node), bases, node, kerasBase);
  const classScope: Scope = { vars: cls.dict, parent: scope };
  // Methods close over the enclosing scope, not the class body.
  for (const s of body(ClassDefinition.body(node))) {
    if (s.type === 'function_definition') {
      cls.dict.set(FunctionDefinition.name(s), defineFunction(ev, s, scope));
    } else if (s.type === 'decorated_definition') {
      const def = DecoratedDefinition.definition(s);
      if (def?.type === 'function_definition') cls.dict.set(FunctionDefinition.name(def), defineFunction(ev, def, scope));
    } else {
      execStmt(ev, s, classScope);
    }
  }
  return cls;
}

// ---------------------------------------------------------------- expressions
