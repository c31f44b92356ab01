// The few Python standard-library functions model code computes sizes with:
// `math.ceil/floor/sqrt/log/prod/...` on known numbers, and `copy.copy` /
// `copy.deepcopy` of plain values (containers copied, the rest shared).
// What they cannot compute is unknown with the argument's reason.
//
//   math.ceil(37 / 8)          → 5
//   copy.deepcopy({"a": [1]})  → a new dict with a new list
import { LayerObj, PyDict, PyFloat, PyInstance, PyList, PyTuple, Tensor, numberOf, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';

export function isStdlibPath(path: string): boolean {
  return path.startsWith('math.') || path.startsWith('copy.');
}

/** The constants of `math`. */
export function mathConstant(name: string): Value | undefined {
  if (name === 'pi') return new PyFloat(Math.PI);
  if (name === 'e') return new PyFloat(Math.E);
  if (name === 'inf') return new PyFloat(Infinity);
  if (name === 'tau') return new PyFloat(2 * Math.PI);
  return undefined;
}

const INT_RESULTS: Readonly<Record<string, (x: number) => number>> = { ceil: Math.ceil, floor: Math.floor, trunc: Math.trunc, isqrt: (x) => Math.floor(Math.sqrt(x)) };
const FLOAT_RESULTS: Readonly<Record<string, (x: number) => number>> = {
  sqrt: Math.sqrt,
  log2: Math.log2,
  log10: Math.log10,
  exp: Math.exp,
  fabs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
};

/** Whether a value holds only plain data (no layers or tensors, whose copies Keras would build anew). */
function plain(v: Value, depth = 0): boolean {
  if (depth > 20) return false;
  if (v instanceof LayerObj || v instanceof Tensor) return false;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.every((x) => plain(x, depth + 1));
  if (v instanceof PyDict) return [...v.map.values()].every(([, x]) => plain(x, depth + 1));
  if (v instanceof PyInstance) return [...v.attrs.values()].every((x) => plain(x, depth + 1));
  return true;
}

function deepCopy(v: Value, deep: boolean): Value {
  if (v instanceof PyList) return new PyList(deep ? v.items.map((x) => deepCopy(x, true)) : [...v.items]);
  if (v instanceof PyTuple) return deep ? new PyTuple(v.items.map((x) => deepCopy(x, true))) : v;
  if (v instanceof PyDict) {
    const d = new PyDict();
    for (const [k, [kv, x]] of v.map) d.map.set(k, [kv, deep ? deepCopy(x, true) : x]);
    return d;
  }
  if (v instanceof PyInstance) {
    const o = new PyInstance(v.cls);
    for (const [k, x] of v.attrs) o.attrs.set(k, deep ? deepCopy(x, true) : x);
    return o;
  }
  return v;
}

export function callStdlib(path: string, args: CallSiteArgs): Value {
  const pos = args.positional;
  if (path === 'copy.copy' || path === 'copy.deepcopy') {
    const v = pos[0] ?? args.keywords.get('x');
    if (v === undefined || !plain(v)) return unknownBecause(whyOf(v));
    // Only plain values are copied; objects (layers, instances) would need their own copy semantics.
    if (v === null || typeof v !== 'object' || v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PyFloat || v instanceof PyInstance) return deepCopy(v, path === 'copy.deepcopy');
    return unknownBecause(whyOf(v));
  }
  const name = path.slice('math.'.length);
  const nums = pos.map((v) => numberOf(v));
  const firstWhy = pos.map((v) => whyOf(v)).find((w) => w !== '') ?? '';
  if (nums.some((n) => n === undefined)) return unknownBecause(firstWhy);
  const x = nums[0];
  if (INT_RESULTS[name] && x !== undefined && Number.isFinite(x)) return INT_RESULTS[name](x);
  if (FLOAT_RESULTS[name] && x !== undefined) return new PyFloat(FLOAT_RESULTS[name](x));
  if (name === 'log' && x !== undefined) return new PyFloat(nums.length > 1 ? Math.log(x) / Math.log(nums[1] as number) : Math.log(x));
  if (name === 'pow' && nums.length === 2) return new PyFloat((x as number) ** (nums[1] as number));
  if (name === 'gcd') return nums.reduce<number>((a, b) => {
    let p = Math.abs(a);
    let q = Math.abs(b as number);
    while (q) [p, q] = [q, p % q];
    return p;
  }, 0);
  if (name === 'prod' || name === 'fsum') {
    const items = pos[0] instanceof PyList || pos[0] instanceof PyTuple ? pos[0].items.map((v) => numberOf(v)) : undefined;
    if (!items || items.some((n) => n === undefined)) return unknownBecause(whyOf(pos[0]));
    return name === 'prod' ? (items as number[]).reduce((a, b) => a * b, 1) : new PyFloat((items as number[]).reduce((a, b) => a + b, 0));
  }
  return unknownBecause(firstWhy);
}
