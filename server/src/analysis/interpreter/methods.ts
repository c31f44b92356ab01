// Subscripts and methods of plain Python values: `xs[1:]`, `d[k]`,
// list.append, dict.items, str.format, …
//
//   ", ".join(["a", "b"])   → 'a, b'
import { Builtin, PyDict, PyList, PyRange, PySlice, PyTuple, UNKNOWN, dictKey, isUnknown, numberOf, sliceIndices, type CallSiteArgs, type Value } from '../values';
import type { Evaluator } from './evaluator';
import { formatInterpolation } from './strings';

function normIndex(i: number, len: number): number | undefined {
  const j = i < 0 ? len + i : i;
  return j >= 0 && j < len ? j : undefined;
}

export function subscriptValue(obj: Value, key: Value): Value {
  if (isUnknown(obj)) return obj;
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
