// Python's builtin functions as the interpreter follows them: range, len,
// int, str, min/max, zip, enumerate, sorted, isinstance, … Those whose
// result cannot be known (open, eval, getattr, …) give UNKNOWN.
import { Builtin, Dataset, LayerObj, PyDict, PyIterator, PyFloat, PyList, PyRange, PySet, PyTuple, Tensor, UNKNOWN, Unknown, unknownBecause, dictKey, isPandas, isUnknown, iterItems, makeSet, numberOf, truthy, plainUnknown, unknownInt, whyOf, type CallSiteArgs, type Value } from '../values';
import type { Evaluator } from './evaluator';
import { exactInt } from './operators';
import { pyStrOf } from './strings';

/** Python's ordering of numbers, strings and tuples of them; undefined when they do not compare. */
function pyCompare(x: Value, y: Value): number | undefined {
  const a = numberOf(x);
  const b = numberOf(y);
  if (a !== undefined && b !== undefined) return a - b;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (x instanceof PyTuple && y instanceof PyTuple) {
    for (let i = 0; i < Math.min(x.items.length, y.items.length); i++) {
      const c = pyCompare(x.items[i], y.items[i]);
      if (c === undefined || c !== 0) return c;
    }
    return x.items.length - y.items.length;
  }
  return undefined;
}

export function makeBuiltins(interp: Evaluator): Map<string, Value> {
  const m = new Map<string, Value>();
  const def = (name: string, f: (a: CallSiteArgs) => Value): void => {
    // An unknown result of an unknown argument keeps the argument's reason.
    m.set(name, new Builtin(name, (a) => {
      const r = f(a);
      if (r !== UNKNOWN) return r;
      for (const x of a.positional) if (x instanceof Unknown && x.why) return plainUnknown(x);
      // An array's items are the data's: the reason its size is not known, if it says.
      for (const x of a.positional) if (x instanceof Tensor && x.why) return unknownBecause(x.why);
      return r;
    }));
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
  // A length is an int, even when the analysis does not know it.
  const length = (v: Value): Value => {
    if (v instanceof PyRange) return v.length;
    if (v instanceof Tensor) return v.shape && v.shape.length > 0 && v.shape[0] !== null ? v.shape[0] : v.why ?? '';
    if (v instanceof LayerObj || isPandas(v)) return interp.keras.lengthOf(v);
    // TensorFlow raises for a dataset whose length is infinite or not known.
    if (v instanceof Dataset) return v.count !== null && v.count !== Infinity ? v.count : '';
    const items = iterItems(v);
    return items ? items.length : whyOf(v) || (v instanceof Unknown ? v.why : '');
  };
  m.set('len', new Builtin('len', (a) => {
    const n = length(a.positional[0] ?? UNKNOWN);
    return typeof n === 'string' ? unknownInt(n) : n instanceof Unknown ? unknownInt(n.why) : n;
  }));
  def('int', (a) => {
    const v = a.positional[0] ?? 0;
    if (typeof v === 'string') return /^\s*-?\d+\s*$/.test(v) ? exactInt(parseInt(v, 10)) : UNKNOWN;
    const n = numberOf(v);
    // int() gives an int or raises.
    return n === undefined ? unknownInt(whyOf(v) || (v instanceof Tensor ? (v.why ?? '') : '')) : Math.trunc(n);
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
  // The items of an array or a pandas value are the data's: unknown, with the reason its length is.
  const dataWhy = (v: Value): string => (v instanceof Tensor ? (v.why ?? '') : isPandas(v) ? whyOf(interp.keras.lengthOf(v)) : '');
  def('list', (a) => {
    if (a.positional.length === 0) return new PyList([]);
    const items = interp.iterate(a.positional[0]);
    return items ? new PyList([...items]) : unknownBecause(dataWhy(a.positional[0]));
  });
  def('tuple', (a) => {
    if (a.positional.length === 0) return new PyTuple([]);
    const items = interp.iterate(a.positional[0]);
    return items ? new PyTuple([...items]) : unknownBecause(dataWhy(a.positional[0]));
  });
  def('dict', (a) => {
    const d = new PyDict();
    const src = a.positional[0];
    if (src !== undefined && isPandas(src)) return interp.keras.dataDict(src);
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
    if (a.positional.length === 0) return new PySet([]);
    const items = interp.iterate(a.positional[0]);
    return items ? makeSet(items) : unknownBecause(dataWhy(a.positional[0]));
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
    // Tuples (`sorted(d.items())`) compare item by item, as Python does.
    let comparable = true;
    const sorted = [...items].sort((x, y) => {
      const c = pyCompare(x, y);
      if (c === undefined) comparable = false;
      return c ?? 0;
    });
    if (!comparable) return UNKNOWN;
    return new PyList(truthy(a.keywords.get('reverse') ?? false) ? sorted.reverse() : sorted);
  });
  def('isinstance', (a) => {
    const [v, t] = a.positional;
    if (v instanceof LayerObj && t !== undefined) return interp.keras.isInstance(v, t) ?? UNKNOWN;
    if (t instanceof Builtin) {
      const expect: Record<string, (x: Value) => boolean> = {
        int: (x) => typeof x === 'number',
        float: (x) => x instanceof PyFloat,
        str: (x) => typeof x === 'string',
        list: (x) => x instanceof PyList,
        tuple: (x) => x instanceof PyTuple,
        dict: (x) => x instanceof PyDict,
        set: (x) => x instanceof PySet,
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
  def('iter', (a) => {
    const v = a.positional[0] ?? UNKNOWN;
    if (v instanceof PyIterator) return v;
    if (v instanceof Dataset || v instanceof PyList || v instanceof PyTuple || v instanceof PyRange || v instanceof PyDict || typeof v === 'string') return new PyIterator(v, 0);
    return UNKNOWN;
  });
  def('next', (a) => {
    const it = a.positional[0] ?? UNKNOWN;
    if (!(it instanceof PyIterator)) return UNKNOWN;
    const items = it.source instanceof Dataset ? interp.keras.datasetItems(it.source, it.position, 1) : interp.iterate(it.source)?.slice(it.position, it.position + 1);
    if (items === undefined) return UNKNOWN;
    it.position++;
    // Exhausted: the default, else Python raises StopIteration.
    return items.length > 0 ? items[0] : (a.positional[1] ?? UNKNOWN);
  });
  m.set('super', new Builtin('super', () => UNKNOWN));
  m.set('__name__', '__main__');
  return m;
}
