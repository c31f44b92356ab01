// Python expressions: literals, names, containers, attributes, subscripts,
// operators, comprehensions, f-strings and calls. Values the interpreter
// cannot follow evaluate to UNKNOWN; tensors go to the library.
//
//   (3, 3)          → PyTuple(3, 3)
//   f"conv_{i}"     → 'conv_2' where i is 2
import { Attribute, BinaryOperator, BooleanOperator, Call, Comprehension, ForInClause, Interpolation, NamedExpression, NotOperator, Pair, Subscript, UnaryOperator } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import { PyClass, PyDict, PyEllipsis, PyFloat, PyList, PySlice, PyTuple, SuperProxy, Tensor, UNKNOWN, Unknown, dictKey, isPandas, isUnknown, makeSet, numberOf, plainUnknown, truthy, unknownBecause, unknownInt, whyOf, type Scope, type Value } from '../values';
import { expressionWhy, loopWhy } from './reasons';
import type { Evaluator } from './evaluator';
import { compare } from './operators';
import { subscriptValue } from './methods';
import { comparisonOperators, conditionWhy, floatLiteral, formatInterpolation, integerLiteral, quote, unescapePython } from './strings';
import { LOOP_PROBE_ITERATIONS, SUMMARISED_LOOP_LENGTH } from './evaluator';

export function evaluate(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const v = evaluateNode(ev, node, scope);
  // An unknown that does not say why starts here: this expression is its origin. (A name or an
  // attribute only passes on what it holds: `lib.fn(…)` is named at the call.)
  return v === UNKNOWN && node.type !== 'identifier' && node.type !== 'attribute' ? unknownBecause(expressionWhy(ev, node)) : v;
}

function evaluateNode(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  ev.tick();
  switch (node.type) {
    case 'identifier':
      return ev.lookup(node.text, scope);
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
      return evalString(ev, node, scope);
    case 'concatenated_string': {
      let s = '';
      for (const c of node.namedChildren) {
        const v = evaluate(ev, c, scope);
        if (typeof v !== 'string') return isUnknown(v) ? v : UNKNOWN;
        s += v;
      }
      return s;
    }
    case 'parenthesized_expression':
      return node.namedChildren[0] ? evaluate(ev, node.namedChildren[0], scope) : UNKNOWN;
    case 'tuple':
    case 'expression_list':
      return new PyTuple(evalItems(ev, node.namedChildren, scope));
    case 'list':
      return new PyList(evalItems(ev, node.namedChildren, scope));
    case 'set':
      return makeSet(evalItems(ev, node.namedChildren, scope));
    case 'dictionary':
      return evalDict(ev, node, scope);
    case 'attribute': {
      const obj = evaluate(ev, Attribute.object(node), scope);
      return ev.getAttr(obj, Attribute.attribute(node));
    }
    case 'subscript':
      return evalSubscript(ev, node, scope);
    case 'slice': {
      const parts: (Value | undefined)[] = [undefined, undefined, undefined];
      let idx = 0;
      for (const c of node.children) {
        if (c.type === ':') idx++;
        else if (c.isNamed) parts[idx] = evaluate(ev, c, scope);
      }
      return new PySlice(parts[0] ?? null, parts[1] ?? null, parts[2] ?? null);
    }
    case 'call':
      return evalCall(ev, node, scope);
    case 'binary_operator': {
      const l = evaluate(ev, BinaryOperator.left(node), scope);
      const r = evaluate(ev, BinaryOperator.right(node), scope);
      return ev.binary(BinaryOperator.operator(node), l, r, node);
    }
    case 'unary_operator': {
      const v = evaluate(ev, UnaryOperator.argument(node), scope);
      const op = UnaryOperator.operator(node);
      if (v instanceof Tensor) return ev.keras.tensorUnary(v);
      if (isPandas(v)) return ev.keras.dataUnary(v);
      const n = numberOf(v);
      // The negation of an int is an int.
      if (n === undefined) return v instanceof Unknown ? (v.isInt ? unknownInt(v.why) : v) : UNKNOWN;
      const r = op === '-' ? -n : op === '+' ? n : op === '~' ? ~n : UNKNOWN;
      return v instanceof PyFloat && typeof r === 'number' ? new PyFloat(r) : r;
    }
    case 'not_operator': {
      const t = truthy(evaluate(ev, NotOperator.argument(node), scope));
      return t === undefined ? unknownBecause(conditionWhy(ev.lineOf(NotOperator.argument(node)), NotOperator.argument(node))) : !t;
    }
    case 'boolean_operator': {
      const op = BooleanOperator.operator(node);
      const l = evaluate(ev, BooleanOperator.left(node), scope);
      const t = truthy(l);
      if (t === undefined) return unknownBecause(conditionWhy(ev.lineOf(BooleanOperator.left(node)), BooleanOperator.left(node)));
      if (op === 'and') return t ? evaluate(ev, BooleanOperator.right(node), scope) : l;
      return t ? l : evaluate(ev, BooleanOperator.right(node), scope);
    }
    case 'comparison_operator':
      return evalComparison(ev, node, scope);
    case 'conditional_expression': {
      const [a, cond, b] = node.namedChildren;
      const t = truthy(evaluate(ev, cond, scope));
      if (t === undefined) return joinBranches(ev, a, b, cond, scope);
      return evaluate(ev, t ? a : b, scope);
    }
    case 'list_comprehension':
    case 'generator_expression': {
      const items = evalComprehension(ev, node, scope);
      return Array.isArray(items) ? new PyList(items) : unknownBecause(items);
    }
    case 'set_comprehension': {
      const items = evalComprehension(ev, node, scope);
      return Array.isArray(items) ? makeSet(items) : unknownBecause(items);
    }
    case 'dictionary_comprehension':
      return evalDictComprehension(ev, node, scope);
    case 'lambda':
      return ev.defineFunction(node, scope);
    case 'named_expression': {
      const v = evaluate(ev, NamedExpression.value(node), scope);
      ev.assignName(NamedExpression.name(node), v, scope);
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

function evalItems(ev: Evaluator, nodes: readonly SyntaxNode[], scope: Scope): Value[] {
  const out: Value[] = [];
  for (const c of nodes) {
    if (c.type === 'list_splat') {
      const v = evaluate(ev, c.namedChildren[0], scope);
      const items = ev.iterate(v);
      if (items) out.push(...items);
      else out.push(UNKNOWN);
    } else if (c.type !== 'comment') out.push(evaluate(ev, c, scope));
  }
  return out;
}

function evalDict(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const d = new PyDict();
  for (const c of node.namedChildren) {
    if (c.type === 'pair') {
      const k = evaluate(ev, Pair.key(c), scope);
      const v = evaluate(ev, Pair.value(c), scope);
      const key = dictKey(k);
      if (key === undefined) return UNKNOWN;
      d.map.set(key, [k, v]);
    } else if (c.type === 'dictionary_splat') {
      const v = evaluate(ev, c.namedChildren[0], scope);
      if (!(v instanceof PyDict)) return UNKNOWN;
      for (const [k, e] of v.map) d.map.set(k, e);
    }
  }
  return d;
}

function evalString(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  // Without replacement fields a string's value depends on its text alone.
  if (node.memo !== undefined) return node.memo as Value;
  const constant = !node.children.some((c) => c.type === 'interpolation');
  const value = evalStringParts(ev, node, scope);
  if (constant) node.memo = value;
  return value;
}

function evalStringParts(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const start = node.children[0]?.text ?? '';
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('b')) return UNKNOWN;
  let s = '';
  for (const c of node.children) {
    if (c.type === 'string_content') s += prefix.includes('r') ? c.text : unescapePython(c.text);
    else if (c.type === 'escape_sequence') s += unescapePython(c.text);
    else if (c.type === 'interpolation') {
      const e = Interpolation.expression(c);
      if (!e) return UNKNOWN;
      const v = evaluate(ev, e, scope);
      if (isUnknown(v)) return v;
      const spec = Interpolation.formatSpecifier(c)?.replace(/^:/, '');
      const conv = Interpolation.typeConversion(c);
      s += formatInterpolation(v, spec, conv);
    }
  }
  return s;
}

const ELEMENTWISE: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

function evalComparison(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const operands = node.namedChildren;
  const ops = (node.memo ??= comparisonOperators(node)) as readonly string[];
  let left = evaluate(ev, operands[0], scope);
  if (ops.length === 1 && ELEMENTWISE.has(ops[0])) {
    const right = evaluate(ev, operands[1], scope);
    // Arrays and pandas values compare item by item.
    const e = ev.keras.compareElementwise(ops[0], left, right, node);
    if (e !== undefined) return e;
    // A tensor compared elementwise (`y == 1`): a boolean tensor.
    if (left instanceof Tensor || right instanceof Tensor) return ev.binary(ops[0], left, right, node);
    const r = compare(ops[0], left, right);
    if (r === undefined) return unknownBecause((isUnknown(left) && left.why) || (isUnknown(right) && right.why) || conditionWhy(ev.lineOf(node), node));
    return r;
  }
  let result: Value = true;
  for (let i = 0; i < ops.length; i++) {
    const right = evaluate(ev, operands[i + 1], scope);
    const r = compare(ops[i], left, right);
    if (r === undefined) return unknownBecause((isUnknown(left) && left.why) || (isUnknown(right) && right.why) || conditionWhy(ev.lineOf(node), node));
    if (!r) return false;
    result = true;
    left = right;
  }
  return result;
}

/**
 * Runs the `for`/`if` clauses of a comprehension in its own scope, calling
 * `emit` for each element (which gives '' to go on, or why it cannot); ''
 * when all ran, else why not (an iterable or condition is unknown). A long
 * comprehension whose first elements cost many steps each, touch no Keras
 * value and are not plain Python values (`[schedule(step) for step in
 * range(10_000)]`) is not followed through, as a long loop is not
 * (`plainSoFar` says whether they are plain).
 */
function runComprehension(ev: Evaluator, node: SyntaxNode, scope: Scope, emit: (inner: Scope) => string, plainSoFar: () => boolean): string {
  const clauses = node.namedChildren.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const inner: Scope = { vars: new Map(), parent: scope };
  const step = (i: number): string => {
    ev.tick();
    if (i === clauses.length) return emit(inner);
    const c = clauses[i];
    if (c.type === 'if_clause') {
      const t = truthy(evaluate(ev, c.namedChildren[0], inner));
      if (t === undefined) return conditionWhy(ev.lineOf(c.namedChildren[0]), c.namedChildren[0]);
      return t ? step(i + 1) : '';
    }
    const iterable = evaluate(ev, ForInClause.right(c), inner);
    const items = ev.iterate(iterable);
    // What it would have iterated over says why (an array of the data's size, its reason).
    if (!items) return whyOf(iterable) || (iterable instanceof Tensor ? (iterable.why ?? '') : '') || loopWhy(ev, ForInClause.right(c));
    const long = i === 0 && items.length > SUMMARISED_LOOP_LENGTH;
    const activity = long ? ev.keras.activity() : undefined;
    const spent = ev.steps;
    let n = 0;
    for (const item of items) {
      if (activity !== undefined && n++ === LOOP_PROBE_ITERATIONS && (ev.steps - spent) / LOOP_PROBE_ITERATIONS > HEAVY_ELEMENT_STEPS && ev.keras.onlyUnknownSince(activity) && !plainSoFar()) {
        ev.keras.dropSince(activity);
        return `the loop over ${quote(ForInClause.right(c))} on line ${ev.lineOf(ForInClause.right(c))} is not followed through all its iterations`;
      }
      ev.assign(ForInClause.left(c), item, inner);
      const stop = step(i + 1);
      if (stop !== '') return stop;
    }
    return '';
  };
  return step(0);
}

/** Budget steps an element of a long comprehension may cost (a slice, an expression) before the comprehension may be summarised (a function run per element). */
const HEAVY_ELEMENT_STEPS = 32;

/** A value of plain Python (a number, a string, a bool, None), which a long comprehension is followed through for. */
function isPlainValue(v: Value): boolean {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof PyFloat;
}

/** The elements of a comprehension, or why they are not known. */
function evalComprehension(ev: Evaluator, node: SyntaxNode, scope: Scope): Value[] | string {
  const bodyNode = Comprehension.body(node);
  const out: Value[] = [];
  const stop = runComprehension(
    ev,
    node,
    scope,
    (inner) => {
      out.push(evaluate(ev, bodyNode, inner));
      return '';
    },
    () => out.every(isPlainValue),
  );
  return stop === '' ? out : stop;
}

function evalDictComprehension(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const pair = Comprehension.body(node);
  if (!pair) return UNKNOWN;
  const d = new PyDict();
  const stop = runComprehension(ev, node, scope, (inner) => {
    const k = evaluate(ev, Pair.key(pair), inner);
    const key = dictKey(k);
    if (key === undefined) return whyOf(k) || expressionWhy(ev, Pair.key(pair));
    d.map.set(key, [k, evaluate(ev, Pair.value(pair), inner)]);
    return '';
  }, () => [...d.map.values()].every(([, v]) => isPlainValue(v)));
  return stop === '' ? d : unknownBecause(stop);
}

function evalSubscript(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const obj = evaluate(ev, Subscript.value(node), scope);
  const subs = Subscript.subscripts(node).map((s) => evaluate(ev, s, scope));
  if (obj instanceof Tensor) return ev.keras.tensorSubscript(obj, subs, node);
  if (isPandas(obj)) return ev.keras.dataSubscript(obj, subs.length === 1 ? subs[0] : new PyTuple(subs), node);
  if (subs.length !== 1) return isUnknown(obj) ? plainUnknown(obj) : UNKNOWN;
  return subscriptValue(obj, subs[0]);
}


function evalCall(ev: Evaluator, node: SyntaxNode, scope: Scope): Value {
  const fnNode = Call.function(node);
  // `super()` needs the enclosing class and self.
  if (fnNode.type === 'identifier' && fnNode.text === 'super' && ev.isBuiltin(ev.lookup('super', scope), 'super')) {
    const self = ev.lookup('self', scope);
    const owner = ev.lookup('__class__', scope);
    return owner instanceof PyClass ? new SuperProxy(self, owner) : UNKNOWN;
  }
  const fn = evaluate(ev, fnNode, scope);
  const args = ev.collectArgs(node, scope);
  return ev.callValue(fn, args);
}

/** Expressions whose evaluation changes nothing: literals, names, attributes, containers and operators of them (no call). */
const PLAIN_EXPRESSIONS = new Set(['identifier', 'integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string', 'tuple', 'list', 'parenthesized_expression', 'unary_operator', 'binary_operator', 'attribute', 'keyword_argument']);

function isPlain(node: SyntaxNode): boolean {
  if (!PLAIN_EXPRESSIONS.has(node.type)) return false;
  if (node.type === 'string') return !node.namedChildren.some((c) => c.type === 'interpolation');
  return node.namedChildren.every(isPlain);
}

/** The same Python value, for the values both branches of a conditional expression can give (numbers, strings, tuples of them). */
function sameValue(x: Value, y: Value): boolean {
  if (x === y) return typeof x !== 'object' || x === null || !isUnknown(x);
  if (x instanceof PyFloat && y instanceof PyFloat) return x.v === y.v;
  if (x instanceof PyTuple && y instanceof PyTuple) return x.items.length === y.items.length && x.items.every((v, i) => sameValue(v, y.items[i]));
  return false;
}

/**
 * `a if cond else b` with `cond` unknown: when both sides are plain (evaluating
 * them changes nothing) and give the same value, that value; otherwise unknown
 * because of the condition.
 */
function joinBranches(ev: Evaluator, a: SyntaxNode, b: SyntaxNode, cond: SyntaxNode, scope: Scope): Value {
  if (isPlain(a) && isPlain(b)) {
    const x = evaluate(ev, a, scope);
    if (sameValue(x, evaluate(ev, b, scope))) return x;
  }
  return unknownBecause(conditionWhy(ev.lineOf(cond), cond));
}
