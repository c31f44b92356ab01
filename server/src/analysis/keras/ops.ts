// Shape rules of ops outside layers: `keras.ops.*`, `keras.backend.*`,
// `keras.random.*`, and their TensorFlow and NumPy spellings. One entry,
// `callOp(path, args, host)`: the op's path as the code names it (resolved
// through namespaces.ts), the call's arguments, and what the rules need of
// the caller (diagnostics, elementwise operators). Anything it does not know
// gives an unknown tensor (or an unknown value when no tensor is involved).
//
//   callOp('keras.ops.reshape', (x (None, 8), (2, 4))) → Tensor (2, 4)
import type { Shape } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import { concatShapes, reshapeShape, stackShapes } from '../tensorShapes';
import type { TextRange } from '../types';
import { PyList, PyTuple, Tensor, TensorNode, UNKNOWN, iterItems, numberOf, type CallSiteArgs, type Value } from '../values';
import { shapeFromValue, shapeTuple } from './convert';

/** What the op rules need of their caller. */
export interface OpHost {
  report(at: SyntaxNode | TextRange, severity: 'error', code: 'incompatible-shapes', message: string): void;
  /** An elementwise (`+`) or matrix (`@`) product of two values, one of them a tensor. */
  binary(op: '+' | '@', l: Value, r: Value, node: SyntaxNode): Value;
}

export function callOp(path: string, args: CallSiteArgs, host: OpHost): Value {
  const name = path.replace(/^(keras\.ops\.numpy|keras\.ops\.nn|keras\.ops|keras\.backend|keras\.random|tensorflow\.random|tensorflow\.math|tensorflow\.nn|tensorflow|numpy\.random|numpy)\./, '');
  const family = path.startsWith('numpy')
    ? 'np'
    : path.startsWith('tensorflow')
      ? 'tf'
      : path.startsWith('keras.ops') || path.startsWith('keras.backend') || path.startsWith('keras.random')
        ? 'ops'
        : 'other';
  if (family === 'other') return anyTensorArg(args) ? new Tensor(null, new TensorNode(null, tensorArgs(args)), true) : UNKNOWN;
  const pos = args.positional;
  const kw = args.keywords;
  const arg = (i: number, n: string): Value | undefined => kw.get(n) ?? pos[i];
  const tensors = tensorArgs(args);
  const symbolic = tensors.some((t) => t.symbolic);
  const gnode = new TensorNode(null, tensors);
  const result = (shape: Shape | null | undefined): Value => new Tensor(shape ?? null, gnode, symbolic);
  // NumPy cannot take a symbolic Keras tensor (Keras raises "You cannot convert it to a NumPy array").
  if (family === 'np' && symbolic) return result(null);
  const x = arg(0, 'x');
  const xs = x instanceof Tensor ? x.shape : null;
  switch (name) {
    case 'zeros':
    case 'ones':
    case 'empty':
    case 'full': {
      const s = shapeFromValue(arg(0, 'shape') ?? UNKNOWN);
      return new Tensor(s ?? null, null, false);
    }
    case 'normal':
    case 'uniform':
    case 'randint':
    case 'random_normal':
    case 'random_uniform': {
      const s = shapeFromValue(kw.get('size') ?? kw.get('shape') ?? (family === 'np' ? pos[2] : pos[0]) ?? UNKNOWN);
      // A shape with a None (the batch of a symbolic tensor) only exists symbolically.
      return new Tensor(s ?? null, null, s ? s.includes(null) : false);
    }
    case 'rand':
    case 'randn': {
      const s = shapeFromValue(new PyTuple(pos));
      return new Tensor(s ?? null, null, false);
    }
    case 'prod':
      if (family === 'np' && !(x instanceof Tensor)) {
        const items = iterItems(x ?? UNKNOWN);
        if (!items) return UNKNOWN;
        let p = 1;
        for (const it of items) {
          const n = numberOf(it);
          if (n === undefined) return UNKNOWN;
          p *= n;
        }
        return p;
      }
      return reduceOp(xs, arg(1, 'axis'), arg(2, 'keepdims'), result);
    case 'zeros_like':
    case 'ones_like':
    case 'cast':
    case 'convert_to_tensor':
    case 'array':
    case 'asarray':
    case 'constant':
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
    case 'log_softmax':
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'abs':
    case 'square':
    case 'gelu':
    case 'silu':
    case 'swish':
    case 'negative':
    case 'stop_gradient':
    case 'clip':
    case 'normalize':
    case 'l2_normalize':
    case 'identity':
    case 'dropout':
      return x instanceof Tensor ? result(xs) : family === 'np' || family === 'tf' ? UNKNOWN : result(null);
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'divide':
    case 'maximum':
    case 'minimum':
    case 'power':
    case 'true_divide':
      return host.binary('+', pos[0] ?? UNKNOWN, pos[1] ?? UNKNOWN, args.node);
    case 'matmul':
      return host.binary('@', pos[0] ?? UNKNOWN, pos[1] ?? UNKNOWN, args.node);
    case 'shape':
      return xs ? shapeTuple(xs) : UNKNOWN;
    case 'reshape': {
      const target = shapeFromValue(arg(1, family === 'np' ? 'newshape' : 'newshape') ?? kw.get('shape') ?? UNKNOWN);
      if (!xs || !target) return result(null);
      return result(reshapeShape(xs, target));
    }
    case 'expand_dims': {
      const ax = numberOf(arg(1, 'axis') ?? UNKNOWN);
      if (!xs || ax === undefined) return result(null);
      const rank = xs.length + 1;
      const a = ax < 0 ? rank + ax : ax;
      if (a < 0 || a >= rank) return result(null);
      return result([...xs.slice(0, a), 1, ...xs.slice(a)]);
    }
    case 'squeeze': {
      if (!xs) return result(null);
      const axv = arg(1, 'axis');
      if (axv === undefined || axv === null) return xs.some((d) => d === null) ? result(null) : result(xs.filter((d) => d !== 1));
      const ax = numberOf(axv);
      if (ax === undefined) return result(null);
      const a = ax < 0 ? xs.length + ax : ax;
      return result(xs.filter((_, i) => i !== a));
    }
    case 'transpose': {
      if (!xs) return result(null);
      const perm = shapeFromValue(arg(1, family === 'tf' ? 'perm' : 'axes') ?? null);
      if (!perm) return result([...xs].reverse());
      return result(perm.map((p) => (p === null ? null : xs[p < 0 ? xs.length + p : p] ?? null)));
    }
    case 'concatenate':
    case 'concat':
    case 'stack': {
      const list = arg(0, family === 'tf' ? 'values' : 'xs');
      const items = list instanceof PyList || list instanceof PyTuple ? list.items : undefined;
      if (!items || !items.every((t) => t instanceof Tensor && t.shape)) return result(null);
      const shapes = (items as Tensor[]).map((t) => t.shape as Shape);
      const ax = numberOf(arg(1, 'axis') ?? (name === 'concat' ? UNKNOWN : 0));
      if (ax === undefined) return result(null);
      const out = name === 'stack' ? stackShapes(shapes, ax) : concatShapes(shapes, ax);
      if (typeof out === 'string') {
        host.report(args.node, 'error', 'incompatible-shapes', out);
        return result(null);
      }
      return new Tensor(out, new TensorNode(null, items as Tensor[]), (items as Tensor[]).some((t) => t.symbolic));
    }
    case 'mean':
    case 'sum':
    case 'max':
    case 'min':
    case 'reduce_mean':
    case 'reduce_sum':
    case 'reduce_max':
    case 'reduce_min':
    case 'std':
    case 'var':
      return x instanceof Tensor ? reduceOp(xs, arg(1, 'axis'), arg(2, family === 'tf' ? 'keepdims' : 'keepdims'), result) : UNKNOWN;
    case 'argmax':
    case 'argmin':
      return x instanceof Tensor ? reduceOp(xs, arg(1, 'axis'), false, result) : UNKNOWN;
    default:
      return tensors.length > 0 ? result(null) : UNKNOWN;
  }
}

function reduceOp(xs: Shape | null, axisValue: Value | undefined, keepValue: Value | undefined, result: (s: Shape | null) => Value): Value {
  if (!xs) return result(null);
  const keep = keepValue === true;
  if (axisValue === undefined || axisValue === null) return result(keep ? xs.map(() => 1) : []);
  const axes = typeof axisValue === 'number' ? [axisValue] : iterItems(axisValue)?.map(numberOf);
  if (!axes || axes.some((a) => a === undefined)) return result(null);
  const norm = new Set((axes as number[]).map((a) => (a < 0 ? xs.length + a : a)));
  return result(keep ? xs.map((d, i) => (norm.has(i) ? 1 : d)) : xs.filter((_, i) => !norm.has(i)));
}

function tensorArgs(args: CallSiteArgs): Tensor[] {
  const out: Tensor[] = [];
  const visit = (v: Value): void => {
    if (v instanceof Tensor) out.push(v);
    else if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(visit);
  };
  args.positional.forEach(visit);
  args.keywords.forEach(visit);
  return out;
}

function anyTensorArg(args: CallSiteArgs): boolean {
  return tensorArgs(args).length > 0;
}

// ---------------------------------------------------------------- results

