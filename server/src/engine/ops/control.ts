// Control flow (keras/src/ops/core.py): fori_loop and while_loop keep their
// loop variables' specs; map, vectorized_map, scan, associative_scan, switch
// and cond need the callable's output, which a caller provides through
// `FunctionValue.call` (else the answer is 'unknown').
import type { OpDefs } from './def';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import type { FunctionValue, OpResult, OpValue, OutItem, TensorValue } from './types';
import { isSeq, isTensor, isUntypedTensor, out, pyInt, resultValue, valueItem, valueOut } from './values';
import { vectorized } from './vectorize';
import type { Dim } from '../types';

function callable(v: OpValue, what: string): NonNullable<FunctionValue['call']> {
  if (typeof v === 'object' && v !== null && v.kind === 'function') {
    if (v.call) return v.call;
    return notModelled(`\`${what}\` needs an interpreter to evaluate the callable`);
  }
  return notModelled(`\`${what}\` is not a callable`);
}

/** The callable's result as a value, or stop: its error is the op's error, its unknown the op's. */
function applied(r: OpResult): OpValue {
  if (r.kind === 'error') throw new OpFailure(r.errorType, r.message, r.code);
  if (r.kind === 'unknown') return notModelled(`the callable's result is unknown (${r.reason})`);
  const v = resultValue(r);
  return v === undefined ? notModelled("the callable's result") : v;
}

/** Maps every tensor of a structure. */
function mapTensors(v: OpValue, f: (t: TensorValue) => OpValue): OpValue {
  if (isTensor(v)) return f(v);
  if (isSeq(v)) return { kind: v.kind, items: v.items.map((x) => mapTensors(x, f)) };
  return notModelled('a structure holding non-tensors');
}
function firstTensor(v: OpValue): TensorValue {
  if (isTensor(v)) return v;
  if (isSeq(v) && v.items.length) return firstTensor(v.items[0]);
  return notModelled('no tensor in the structure');
}
function item(v: OpValue): OutItem {
  return valueItem(v) ?? notModelled('a result that is not tensors');
}
const element = (t: TensorValue): OpValue => {
  if (!t.shape.length) return notModelled('indexing a scalar');
  return { kind: 'tensor', shape: t.shape.slice(1), dtype: t.dtype };
};
const stacked = (n: Dim) => (t: TensorValue): OpValue => ({ kind: 'tensor', shape: [n, ...t.shape], dtype: t.dtype, ...(t.sparse ? { sparse: true } : {}) });

/** The first leaf of a structure in `tree.flatten`'s order (tuples and lists in order, dicts by sorted key). */
function firstLeaf(v: OpValue): OpValue | undefined {
  if (isSeq(v)) return v.items.length ? firstLeaf(v.items[0]) : undefined;
  if (typeof v === 'object' && v !== null && v.kind === 'dict') {
    const keys = Object.keys(v.entries).sort();
    return keys.length ? firstLeaf(v.entries[keys[0]]) : undefined;
  }
  return v;
}

function mapLike(fnName: string, xsName: string, summary: string, eager = false): OpDefs[string] {
  return {
    summary,
    ...(eager ? { eager: 'own' as const } : {}),
    compute: (a, ctx) => {
      const xs = a.get(xsName);
      if (ctx.eager) {
        // The loop converts each leaf of `xs` and takes the length of the first: a Python number has no first axis.
        const leaf = firstLeaf(xs);
        if (typeof leaf === 'boolean' || (typeof leaf === 'object' && leaf !== null && (leaf.kind === 'int' || leaf.kind === 'float'))) {
          throw new OpFailure('IndexError', 'tuple index out of range');
        }
        return notModelled(`\`${xsName}\` holds arrays: the loop runs eagerly`);
      }
      const f = callable(a.get(fnName), fnName);
      const n = firstTensor(xs).shape[0] ?? null;
      const y = applied(f([mapTensors(xs, element)]));
      return item(mapTensors(y, stacked(n)));
    },
  };
}

/** Structures equal in kind, shapes and dtypes (cond's check). */
function sameSpec(p: OpValue, q: OpValue): boolean {
  if (isTensor(p) && isTensor(q)) return p.dtype === q.dtype && p.shape.length === q.shape.length && p.shape.every((d, i) => d === q.shape[i]);
  if (isSeq(p) && isSeq(q)) return p.kind === q.kind && p.items.length === q.items.length && p.items.every((x, i) => sameSpec(x, q.items[i]));
  return false;
}

export const defs: OpDefs = {
  'ops.jvp': {
    summary: "The Jacobian-vector product: (fun's outputs, tangents of the same specs), plus aux with `has_aux`.",
    compute: (a) => {
      const primals = a.get('primals');
      if (!isSeq(primals)) return notModelled('`primals` is not a tuple or list');
      const r = applied(callable(a.get('fun'), 'fun')(primals.items));
      const hasAux = a.get('has_aux') === true;
      let primalsOut = r;
      let aux: OpValue | undefined;
      if (hasAux) {
        if (!isSeq(r) || r.items.length !== 2) return notModelled('`fun` does not return an (output, aux) pair');
        [primalsOut, aux] = r.items;
      }
      const tangents = mapTensors(primalsOut, (t) => ({ kind: 'tensor', shape: t.shape, dtype: t.dtype }));
      const items = [item(primalsOut), item(tangents)];
      if (aux !== undefined) items.push(item(aux));
      return { kind: 'tensors', container: 'tuple', items };
    },
  },
  'ops.vectorize': {
    summary: 'Vectorises a Python function over arrays (NumPy semantics); the wrapper cannot take symbolic tensors.',
    eager: 'own',
    compute: (a) => {
      const f = a.get('pyfunc');
      const sig = a.get('signature');
      if (typeof sig === 'string') {
        const arg = String.raw`\((?:\w+(?:,\w+)*)?\)`;
        const list = `${arg}(?:,${arg})*`;
        const clean = sig.replace(/\s+/g, '');
        if (!new RegExp(`^${list}->${list}$`).test(clean)) valueError(`not a valid gufunc signature: ${clean}`);
      } else if (sig !== null) return notModelled('`signature` is not a string');
      const source = typeof f === 'object' && f !== null && f.kind === 'function' ? f.source : undefined;
      const excluded = a.get('excluded');
      const call = (args: readonly OpValue[]): OpResult => {
        const symbolic = args.some((x) => (isTensor(x) || isUntypedTensor(x)) && !x.concrete);
        if (symbolic) {
          return { kind: 'error', errorType: 'ValueError', message: "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any actual numerical value. You cannot convert it to a NumPy array.", code: 'invalid-argument' };
        }
        if (excluded !== null) return { kind: 'unknown', reason: '`excluded` arguments are not modelled' };
        if (typeof f !== 'object' || f === null || f.kind !== 'function' || !f.call) return { kind: 'unknown', reason: 'the vectorised function cannot be evaluated' };
        return vectorized(f.call, typeof sig === 'string' ? sig : null, args);
      };
      return valueOut({ kind: 'function', ...(source !== undefined ? { source } : {}), call });
    },
  },
  'ops.custom_gradient': {
    summary: 'Wraps `f` (returning (output, grad_fn)) into a function whose result is the output.',
    eager: 'own',
    compute: (a) => {
      const fv = a.get('f');
      const f = callable(fv, 'f');
      const source = typeof fv === 'object' && fv !== null && fv.kind === 'function' ? fv.source : undefined;
      const call = (args: readonly OpValue[]): OpResult => {
        const r = f(args);
        if (r.kind === 'tensor') return { kind: 'error', errorType: 'NotImplementedError', message: 'Iterating over a symbolic KerasTensor is not supported.', code: 'invalid-argument' };
        if (r.kind === 'tensors' && r.items.length === 2) {
          const first = r.items[0];
          return { ...first, explain: 'The output of the custom-gradient function.', op: 'keras.ops.custom_gradient' };
        }
        // A Python tuple `(output, grad_fn)`: the function is a value, not a tensor.
        if (r.kind === 'value' && typeof r.value === 'object' && r.value !== null && (r.value.kind === 'tuple' || r.value.kind === 'list') && r.value.items.length === 2) {
          const first = r.value.items[0];
          if (typeof first === 'object' && first !== null && first.kind === 'tensor') {
            return { kind: 'tensor', shape: first.shape, dtype: first.dtype, ...(first.concrete ? { concrete: true } : {}), explain: 'The output of the custom-gradient function.', op: 'keras.ops.custom_gradient' };
          }
        }
        return r.kind === 'error' || r.kind === 'unknown' ? r : { kind: 'unknown', reason: '`f` does not return (output, grad_fn)' };
      };
      return valueOut({ kind: 'function', ...(source !== undefined ? { source } : {}), call });
    },
  },
  'ops.fori_loop': {
    summary: 'Runs body_fun from lower to upper; the result has the spec of `init_val` (the body is not traced).',
    compute: (a) => {
      const v = a.get('init_val');
      if (isTensor(v)) return out(v.shape, v.dtype);
      if (isSeq(v)) throw new OpFailure('AttributeError', `'${v.kind}' object has no attribute 'shape'`);
      return notModelled('`init_val` is not a tensor');
    },
  },
  'ops.while_loop': {
    summary: 'Repeats `body` while `cond` holds; the loop variables keep their structure and specs.',
    compute: (a) => item(mapTensors(a.get('loop_vars'), (t) => ({ kind: 'tensor', shape: t.shape, dtype: t.dtype }))),
  },
  'ops.map': mapLike('f', 'xs', 'Applies `f` to each element along the first axis: its output stacked along a new first axis.', true),
  'ops.vectorized_map': mapLike('function', 'elements', 'Applies `function` to each element along the first axis, vectorised: the outputs stacked.'),
  'ops.scan': {
    summary: 'Loops `f(carry, x)` over the first axis: (final carry, stacked outputs).',
    compute: (a) => {
      const init = a.get('init');
      const xs = a.get('xs');
      const lengthV = a.get('length');
      let n: Dim;
      let x: OpValue = null;
      if (xs === null) {
        if (lengthV === null) typeError("int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
        n = pyInt(lengthV) ?? notModelled('`length` is not an int');
      } else {
        n = lengthV !== null ? pyInt(lengthV) ?? notModelled('`length` is not an int') : firstTensor(xs).shape[0] ?? null;
        x = isTensor(xs) ? element(xs) : isSeq(xs) && xs.items.length ? xs.items[0] : notModelled('`xs`');
      }
      const f = callable(a.get('f'), 'f');
      const r = applied(f([init, x]));
      if (!isSeq(r) || r.items.length !== 2) return notModelled('`f` does not return a (carry, y) pair');
      const [carry, y] = r.items;
      if (!isTensor(y)) return notModelled('`y` is not a single tensor');
      return { kind: 'tensors', container: 'tuple', items: [item(carry), out([n, ...y.shape], y.dtype)] };
    },
  },
  'ops.associative_scan': {
    summary: 'A parallel prefix scan with an associative `f`: the shape of `elems`.',
    compute: (a) => {
      const elems = a.get('elems');
      const axis = pyInt(a.get('axis')) ?? notModelled('`axis` is not an int');
      const flat: TensorValue[] = [];
      const collect = (v: OpValue): void => {
        if (isTensor(v)) flat.push(v);
        else if (isSeq(v)) v.items.forEach(collect);
        else notModelled('`elems` holds a non-tensor');
      };
      collect(elems);
      if (!flat.length) return notModelled('no tensors');
      const lens = flat.map((t) => {
        const i = axis < 0 ? axis + t.shape.length : axis;
        if (i < 0 || i >= t.shape.length) throw new OpFailure('IndexError', 'tuple index out of range');
        return t.shape[i];
      });
      if (new Set(lens).size !== 1) return notModelled('elements of different lengths (the message prints the shapes)');
      const f = callable(a.get('f'), 'f');
      const slice = mapTensors(elems, (t) => {
        const s: Dim[] = [...t.shape];
        s[axis < 0 ? axis + s.length : axis] = 1;
        return { kind: 'tensor', shape: s, dtype: t.dtype };
      });
      const y = applied(f([slice, slice]));
      return item(mapTensors(y, (t) => ({ kind: 'tensor', shape: flat[0].shape, dtype: t.dtype })));
    },
  },
  'ops.switch': {
    summary: "Applies one of `branches` to the operands; Keras declares the first branch's output.",
    compute: (a) => {
      const branches = a.get('branches');
      if (!isSeq(branches) || !branches.items.length) return notModelled('`branches` is not a list of callables');
      const f = callable(branches.items[0], 'branches[0]');
      return item(applied(f(a.varargs)));
    },
  },
  'ops.cond': {
    summary: "`true_fn()` or `false_fn()` by `pred`; both must return the same structure, shapes and dtypes.",
    eager: 'own',
    compute: (a, ctx) => {
      const t = applied(callable(a.get('true_fn'), 'true_fn')([]));
      const f = applied(callable(a.get('false_fn'), 'false_fn')([]));
      if (ctx.eager) {
        // A Python `pred` runs the chosen branch, unchecked.
        const p = a.get('pred');
        if (typeof p !== 'boolean') return notModelled('`pred` is not a bool');
        return item(p ? t : f);
      }
      if (!sameSpec(t, f)) {
        // Keras's message goes on to print both specs, with the tensors' auto names.
        valueError('`true_fn` and `false_fn` should return outputs of the same kind (struct, dtype and shape).');
      }
      return item(t);
    },
  },
};

