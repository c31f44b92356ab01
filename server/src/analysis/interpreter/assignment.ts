// Assignment targets: names (module scope or local), tuples and starred
// unpacking, attributes and subscripts; and forgetting what a branch the
// analysis could not decide may have bound.
//
//   a, *rest = (1, 2, 3)   → a = 1, rest = [2, 3]
import { Assignment, Attribute, ForStatement, Subscript } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import { LayerObj, PyDict, PyList, Tensor, UNKNOWN, dictKey, iterItems, numberOf, type Scope, type Value } from '../values';
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
      targets.forEach((t, i) => assign(ev, t, items && items.length === targets.length ? items[i] : UNKNOWN, scope));
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

export function assignName(ev: Evaluator, name: string, value: Value, scope: Scope): void {
  if (!name) return;
  if (scope.globals?.has(name) || scope.parent === null) ev.globals.vars.set(name, value);
  else scope.vars.set(name, value);
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

/** Makes every name a subtree may bind unknown (a branch we could not decide). */
export function forgetAssigned(ev: Evaluator, node: SyntaxNode, scope: Scope): void {
  ev.tick();
  for (const a of node.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern_target'])) {
    // augmented_assignment names it `left` too.
    const left = a.type === 'as_pattern_target' ? a : a.type === 'for_statement' ? ForStatement.left(a) : Assignment.left(a);
    if (!left) continue;
    for (const id of left.type === 'identifier' ? [left] : left.descendantsOfType('identifier')) {
      if (left.type === 'attribute' || id.parent?.type === 'attribute') continue;
      assignName(ev, id.text, UNKNOWN, scope);
    }
    if (left.type === 'attribute') {
      const objNode = Attribute.object(left);
      if (objNode?.type === 'identifier') {
        try {
          const obj = evaluate(ev, objNode, scope);
          ev.setAttr(obj, Attribute.attribute(left), UNKNOWN);
        } catch (e) {
          if (e instanceof BudgetExhausted) throw e;
        }
      }
    }
  }
}

