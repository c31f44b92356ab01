// Assignment targets: names (module scope or local), tuples and starred
// unpacking, attributes and subscripts; and forgetting what a branch the
// analysis could not decide may have bound.
//
//   a, *rest = (1, 2, 3)   → a = 1, rest = [2, 3]
import { Assignment, Attribute, Call, ForStatement, Subscript } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import { DataFrame, LayerObj, PyDict, PyList, PySet, PySlice, PyTuple, Series, Tensor, UNKNOWN, dictKey, isPandas, unknownBecause, whyOf, iterItems, numberOf, type Scope, type Value } from '../values';
import { sliceIndices } from '../slices';
import { BudgetExhausted, type Evaluator } from './evaluator';
import { evaluate } from './expressions';

export function assign(ev: Evaluator, target: SyntaxNode, value: Value, scope: Scope): void {
  switch (target.type) {
    case 'identifier':
      assignName(ev, target.text, value, scope);
      if (value instanceof LayerObj) ev.keras.nameHint(value, target.text);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'expression_list':
    case 'tuple':
    case 'list': {
      const targets = target.namedChildren;
      const items = unpack(ev, value, targets.length);
      const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
      if (star >= 0 && items) {
        const after = targets.length - star - 1;
        targets.forEach((t, i) => {
          if (i < star) assign(ev, t, items[i], scope);
          else if (i === star) assign(ev, t.namedChildren[0], new PyList(items.slice(star, items.length - after)), scope);
          else assign(ev, t, items[items.length - (targets.length - i)], scope);
        });
        return;
      }
      const missing = unknownBecause(whyOf(value));
      targets.forEach((t, i) => assign(ev, t, items && items.length === targets.length ? items[i] : missing, scope));
      return;
    }
    case 'parenthesized_expression':
      if (target.namedChildren[0]) assign(ev, target.namedChildren[0], value, scope);
      return;
    case 'attribute': {
      const obj = evaluate(ev, Attribute.object(target), scope);
      const name = Attribute.attribute(target);
      ev.setAttr(obj, name, value);
      return;
    }
    case 'subscript': {
      const obj = evaluate(ev, Subscript.value(target), scope);
      const subs = Subscript.subscripts(target);
      if (isPandas(obj)) {
        const keys = subs.map((k) => evaluate(ev, k, scope));
        ev.keras.dataSetItem(obj, keys.length === 1 ? keys[0] : new PyTuple(keys), value);
        return;
      }
      if (subs.length !== 1) return;
      const key = evaluate(ev, subs[0], scope);
      if (obj instanceof PyList) {
        const i = numberOf(key);
        if (i !== undefined && Number.isInteger(i)) {
          const idx = i < 0 ? obj.items.length + i : i;
          if (idx >= 0 && idx < obj.items.length) obj.items[idx] = value;
        } else obj.items = obj.items.map(() => UNKNOWN);
      } else if (obj instanceof PyDict) {
        const k = dictKey(key);
        if (k !== undefined) obj.map.set(k, [key, value]);
        else for (const [kk, [kv]] of obj.map) obj.map.set(kk, [kv, UNKNOWN]);
      }
      return;
    }
    case 'list_splat_pattern':
      if (target.namedChildren[0]) assign(ev, target.namedChildren[0], iterItems(value) ? new PyList([...(iterItems(value) ?? [])]) : UNKNOWN, scope);
      return;
    default:
      return;
  }
}

/** `del target`: an item of a list or dict, a DataFrame's column. A name or attribute deleted is left as it was (Python raises if it is used again). */
export function deleteTarget(ev: Evaluator, target: SyntaxNode, scope: Scope): void {
  if (target.type !== 'subscript') return;
  const objNode = Subscript.value(target);
  const obj = evaluate(ev, objNode, scope);
  const keys = Subscript.subscripts(target).map((k) => evaluate(ev, k, scope));
  if (isPandas(obj)) {
    ev.keras.dataDeleteItem(obj, keys.length === 1 ? keys[0] : new PyTuple(keys), target);
    return;
  }
  if (!(obj instanceof PyList || obj instanceof PyDict) || keys.length !== 1) return;
  const key = keys[0];
  if (obj instanceof PyDict) {
    const k = dictKey(key);
    if (k !== undefined) obj.map.delete(k);
    else if (objNode.type === 'identifier') rebindWhereDefined(ev, objNode.text, unknownBecause(whyOf(key)), scope);
    return;
  }
  const n = numberOf(key);
  const idx = key instanceof PySlice ? sliceIndices(key, obj.items.length) : n !== undefined && Number.isInteger(n) && typeof key !== 'boolean' ? [n < 0 ? obj.items.length + n : n] : undefined;
  if (idx !== undefined && idx.every((i) => i >= 0 && i < obj.items.length)) {
    const drop = new Set(idx);
    obj.items = obj.items.filter((_x, i) => !drop.has(i));
  } else if (objNode.type === 'identifier') rebindWhereDefined(ev, objNode.text, unknownBecause(whyOf(key)), scope);
}

export function assignName(ev: Evaluator, name: string, value: Value, scope: Scope): void {
  if (!name) return;
  if (scope.globals?.has(name) || scope.parent === null) moduleScope(ev, scope).vars.set(name, value);
  else scope.vars.set(name, value);
}

/** The global scope of the module whose code `scope` belongs to: an imported module's own, else the analysed file's. */
export function moduleScope(ev: Evaluator, scope: Scope): Scope {
  let s = scope;
  while (s.parent !== null) s = s.parent;
  return s.module !== undefined ? s : ev.globals;
}

function unpack(ev: Evaluator, value: Value, n: number): readonly Value[] | undefined {
  if (value instanceof Tensor && value.shape && value.shape.length > 0) {
    const first = value.shape[0];
    if (first === n) return Array.from({ length: n }, () => ev.keras.sliceFirst(value));
    return undefined;
  }
  const items = ev.iterate(value);
  return items;
}

/** Methods that change their object in place (lists, dicts, sets, a Sequential's `add`). */
const MUTATORS = new Set([
  'append', 'extend', 'insert', 'pop', 'remove', 'update', 'setdefault', 'clear', 'add', 'discard', 'sort', 'reverse', 'popitem',
  'difference_update', 'intersection_update', 'symmetric_difference_update',
  // pandas methods that change their DataFrame with `inplace=True`.
  'drop', 'rename', 'fillna', 'dropna', 'set_index', 'reset_index', 'sort_values', 'sort_index', 'drop_duplicates', 'replace', 'query', 'where', 'mask', 'clip', 'interpolate',
]);

function isContainer(v: Value): boolean {
  return v instanceof PyList || v instanceof PyDict || v instanceof PyTuple || v instanceof PySet || v instanceof DataFrame || v instanceof Series;
}

/** Binds `name` to `value` in the scope that holds it (a container changed in place belongs to its own scope). */
export function rebindWhereDefined(ev: Evaluator, name: string, value: Value, scope: Scope): void {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const vars = s.parent === null && s.module === undefined ? ev.globals.vars : s.vars;
    if (vars.has(name)) {
      vars.set(name, value);
      return;
    }
  }
}

/**
 * Makes every name a subtree may bind, and every container it may change in
 * place (`xs.append(…)`, `d[k] = …`), unknown: a branch or loop the analysis
 * could not decide. `why` says which construct, for the `?` it leaves.
 */
export function forgetAssigned(ev: Evaluator, node: SyntaxNode, scope: Scope, why = ''): void {
  ev.tick();
  const unknown = unknownBecause(why);
  // `del xs[i]`, `del df["c"]`: the container changes.
  for (const d of node.descendantsOfType('delete_statement')) {
    for (const t of d.namedChildren.flatMap((c) => (c.type === 'expression_list' ? c.namedChildren : [c]))) {
      const objNode = t.type === 'subscript' ? Subscript.value(t) : undefined;
      if (objNode?.type === 'identifier' && isContainer(ev.lookup(objNode.text, scope))) rebindWhereDefined(ev, objNode.text, unknown, scope);
    }
  }
  const binders = node.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern_target']);
  // A loop summarised leaves its own target unknown too.
  if (node.type === 'for_statement' && !binders.includes(node)) binders.unshift(node);
  for (const a of binders) {
    // augmented_assignment names it `left` too.
    const left = a.type === 'as_pattern_target' ? a : a.type === 'for_statement' ? ForStatement.left(a) : Assignment.left(a);
    if (!left) continue;
    for (const id of left.type === 'identifier' ? [left] : left.descendantsOfType('identifier')) {
      if (left.type === 'attribute' || id.parent?.type === 'attribute') continue;
      if (left.type === 'subscript' && id !== Subscript.value(left)) continue;
      if (left.type === 'subscript') {
        if (isContainer(ev.lookup(id.text, scope))) rebindWhereDefined(ev, id.text, unknown, scope);
      }
      else assignName(ev, id.text, unknown, scope);
    }
    if (left.type === 'attribute') forgetAttribute(ev, left, unknown, scope);
  }
  for (const c of node.descendantsOfType('call')) {
    const fn = Call.function(c);
    if (fn.type !== 'attribute' || !MUTATORS.has(Attribute.attribute(fn))) continue;
    const obj = Attribute.object(fn);
    // Plain containers only: a model changed in the branch keeps its own record of what it was given.
    if (obj?.type === 'identifier' && isContainer(ev.lookup(obj.text, scope))) rebindWhereDefined(ev, obj.text, unknown, scope);
    else if (obj?.type === 'attribute') forgetAttribute(ev, obj, unknown, scope);
  }
}

/** `obj.name` made unknown, when `obj` is a plain name. */
function forgetAttribute(ev: Evaluator, target: SyntaxNode, unknown: Value, scope: Scope): void {
  const objNode = Attribute.object(target);
  if (objNode?.type !== 'identifier') return;
  try {
    const obj = evaluate(ev, objNode, scope);
    ev.setAttr(obj, Attribute.attribute(target), unknown);
  } catch (e) {
    if (e instanceof BudgetExhausted) throw e;
  }
}
