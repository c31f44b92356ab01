// Subscripts and methods of plain Python values: `xs[1:]`, `d[k]`,
// list.append, dict.items, str.format, …
//
//   ", ".join(["a", "b"])   → 'a, b'
import { Builtin, PyDict, PyList, PyRange, PySet, PySlice, PyTuple, UNKNOWN, Unknown, dictKey, isUnknown, makeSet, plainUnknown, numberOf, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';
import { sliceIndices } from '../slices';
import type { Evaluator } from './evaluator';
import { formatInterpolation } from './strings';

function normIndex(i: number, len: number): number | undefined {
  const j = i < 0 ? len + i : i;
  return j >= 0 && j < len ? j : undefined;
}

export function subscriptValue(obj: Value, key: Value): Value {
  if (isUnknown(obj)) return plainUnknown(obj);
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
    if (key instanceof PySlice) {
      // A slice of a range is a range: `range(4)[::-1]` is range(3, -1, -1).
      const idx = sliceIndices(key, obj.length);
      const sliceStep = key.step === null ? 1 : numberOf(key.step);
      if (!idx || sliceStep === undefined) return UNKNOWN;
      const step = obj.step * sliceStep;
      const start = idx.length > 0 ? obj.start + idx[0] * obj.step : 0;
      return new PyRange(start, start + idx.length * step, step);
    }
    const n = numberOf(key);
    if (n === undefined) return UNKNOWN;
    const i = normIndex(n, obj.length);
    return i === undefined ? UNKNOWN : obj.start + i * obj.step;
  }
  return UNKNOWN;
}

/** Methods of plain Python values: list.append, dict.items, str.format, … */
export function methodOf(interp: Evaluator, obj: Value, name: string): Value {
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
          obj.map.delete(k);
          return v;
        });
      case 'update':
        return b((a) => {
          const other = a.positional[0];
          if (other instanceof PyDict) for (const [k, e] of other.map) obj.map.set(k, e);
          for (const [k, v] of a.keywords) obj.map.set(`s:${k}`, [k, v]);
          return null;
        });
      case 'setdefault':
        return b((a) => {
          const k = dictKey(a.positional[0] ?? UNKNOWN);
          if (k === undefined) return UNKNOWN;
          if (!obj.map.has(k)) obj.map.set(k, [a.positional[0], a.positional[1] ?? null]);
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
  if (obj instanceof PySet) return setMethod(interp, obj, name);
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

/** Methods of a set; one that changes it with values not known leaves it unknown (a set that says so). */
function setMethod(interp: Evaluator, obj: PySet, name: string): Value {
  const changes = ['add', 'update', 'discard', 'remove', 'difference_update', 'intersection_update', 'pop', 'clear'].includes(name) ? obj : undefined;
  const b = (f: (a: CallSiteArgs) => Value): Builtin => new Builtin(name, f, changes);
  /** The items of each argument as a set; an Unknown when one is not known. */
  const others = (a: CallSiteArgs): PySet[] | Unknown => {
    const out: PySet[] = [];
    for (const v of a.positional) {
      const items = interp.iterate(v);
      const s = items === undefined ? unknownBecause(whyOf(v)) : makeSet(items);
      if (s instanceof Unknown) return s;
      out.push(s);
    }
    return out;
  };
  const keys = (s: PySet): Set<string | undefined> => new Set(s.items.map((x) => dictKey(x)));
  /** Sets `obj`'s items, or marks them unknown. */
  const set = (items: Value[] | Unknown): null => {
    if (items instanceof Unknown) {
      obj.items = [];
      obj.unknownItems = items.why || 'the items of the set are not known';
    } else obj.items = items;
    return null;
  };
  if (obj.unknownItems !== undefined) {
    const why = obj.unknownItems;
    return new Builtin(name, () => (name === 'copy' || name === 'union' || name === 'difference' || name === 'intersection' ? setOfUnknown(why) : name === 'clear' ? set([]) : ['add', 'update', 'discard', 'remove', 'difference_update', 'intersection_update', 'pop'].includes(name) ? null : UNKNOWN));
  }
  switch (name) {
    case 'add':
      return b((a) => {
        const s = makeSet([...obj.items, a.positional[0] ?? UNKNOWN]);
        return set(s instanceof Unknown ? s : s.items);
      });
    case 'update':
    case 'difference_update':
    case 'intersection_update':
    case 'union':
    case 'difference':
    case 'intersection':
      return b((a) => {
        const os = others(a);
        if (os instanceof Unknown) return name.endsWith('_update') || name === 'update' ? set(os) : setOfUnknown(os.why);
        let items = obj.items;
        for (const o of os) {
          const k = keys(o);
          if (name === 'update' || name === 'union') {
            const mine = new Set(items.map((x) => dictKey(x)));
            items = [...items, ...o.items.filter((x) => !mine.has(dictKey(x)))];
          } else if (name.startsWith('difference')) items = items.filter((x) => !k.has(dictKey(x)));
          else items = items.filter((x) => k.has(dictKey(x)));
        }
        return name === 'union' || name === 'difference' || name === 'intersection' ? new PySet(items) : set(items);
      });
    case 'discard':
    case 'remove':
      return b((a) => {
        const k = dictKey(a.positional[0] ?? UNKNOWN);
        return set(k === undefined ? unknownBecause(whyOf(a.positional[0] ?? UNKNOWN)) : obj.items.filter((x) => dictKey(x) !== k));
      });
    case 'clear':
      return b(() => {
        obj.unknownItems = undefined;
        return set([]);
      });
    case 'copy':
      return b(() => new PySet([...obj.items]));
    case 'pop':
      // Which item comes out is Python's hash order.
      return b(() => {
        set(unknownBecause('the items of the set are not known'));
        return UNKNOWN;
      });
    case 'issubset':
    case 'issuperset':
    case 'isdisjoint':
      return b((a) => {
        const os = others(a);
        if (os instanceof Unknown || os.length !== 1) return UNKNOWN;
        const mine = keys(obj);
        const theirs = keys(os[0]);
        if (name === 'issubset') return [...mine].every((k) => theirs.has(k));
        if (name === 'issuperset') return [...theirs].every((k) => mine.has(k));
        return [...mine].every((k) => !theirs.has(k));
      });
  }
  return UNKNOWN;
}

function setOfUnknown(why: string): PySet {
  const s = new PySet([]);
  s.unknownItems = why || 'the items of the set are not known';
  return s;
}
