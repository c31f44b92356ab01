// Python operators on the values the interpreter follows: arithmetic with
// Python's int / float rules (exact only below 2**53), sequence `+` and `*`,
// comparisons and equality (unknown when an operand is).
//
//   7 // 2 → 3     2 ** 0.5 → PyFloat     (1, 2) + (3,) → (1, 2, 3)
import type { SyntaxNode } from '../../python/syntax';
import { PyDict, PyFloat, PyList, PySet, PyTuple, Tensor, UNKNOWN, Unknown, dictKey, isPandas, isUnknown, iterItems, numberOf, plainUnknown, unknownBecause, unknownInt, unknownStr, type Value } from '../values';
import type { Evaluator } from './evaluator';

export function binary(ev: Evaluator, op: string, l: Value, r: Value, node: SyntaxNode): Value {
  if (isPandas(l) || isPandas(r)) return ev.keras.dataBinary(op, l, r, node);
  if (l instanceof Tensor || r instanceof Tensor) return ev.keras.tensorBinary(op, l, r, node);
  if (l instanceof PySet && r instanceof PySet) return setOperation(op, l, r);
  if (isUnknown(l) || isUnknown(r)) {
    const u = isUnknown(l) && l.why ? l : isUnknown(r) && r.why ? r : UNKNOWN;
    // Ints added, subtracted, multiplied, floor-divided give an int.
    const int = (v: Value): boolean => (v instanceof Unknown && v.isInt) || typeof v === 'number' || typeof v === 'boolean';
    if ((op === '+' || op === '-' || op === '*' || op === '//' || op === '%') && int(l) && int(r)) return unknownInt(u.why);
    // A string added to a string is a string (Python adds nothing else to one).
    const str = (v: Value): boolean => typeof v === 'string' || (v instanceof Unknown && v.isStr);
    if (op === '+' && (str(l) || str(r))) return unknownStr(u.why);
    return plainUnknown(u);
  }
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
    ev.tick(n * l.items.length);
    const items: Value[] = [];
    for (let i = 0; i < n; i++) items.push(...l.items);
    return l instanceof PyList ? new PyList(items) : new PyTuple(items);
  }
  return UNKNOWN;
}


/** `a - b`, `a | b`, `a & b`, `a ^ b` of two sets. */
function setOperation(op: string, a: PySet, b: PySet): Value {
  if (a.unknownItems !== undefined || b.unknownItems !== undefined) return unknownBecause(a.unknownItems ?? b.unknownItems ?? '');
  const inB = new Set(b.items.map((x) => dictKey(x)));
  const inA = new Set(a.items.map((x) => dictKey(x)));
  switch (op) {
    case '-':
      return new PySet(a.items.filter((x) => !inB.has(dictKey(x))));
    case '&':
      return new PySet(a.items.filter((x) => inB.has(dictKey(x))));
    case '|':
      return new PySet([...a.items, ...b.items.filter((x) => !inA.has(dictKey(x)))]);
    case '^':
      return new PySet([...a.items.filter((x) => !inB.has(dictKey(x))), ...b.items.filter((x) => !inA.has(dictKey(x)))]);
    default:
      return UNKNOWN;
  }
}

/**
 * A Python int as a JS number, or unknown beyond 2**53 where numbers stop being
 * exact: `Dense(10**30)` gets an unknown width rather than a rounded one.
 */
export function exactInt(n: number): Value {
  return Number.isSafeInteger(n) ? n : new Unknown('an integer beyond 2**53, which the analysis does not represent exactly');
}

export function compare(op: string, l: Value, r: Value): boolean | undefined {
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
  if (l instanceof PySet && r instanceof PySet) {
    if (l.unknownItems !== undefined || r.unknownItems !== undefined) return undefined;
    if (l.items.length !== r.items.length) return false;
    const keys = new Set(l.items.map((x) => dictKey(x)));
    return r.items.every((x) => keys.has(dictKey(x)));
  }
  if (isPandas(l) || isPandas(r)) return undefined;
  return l === r;
}
