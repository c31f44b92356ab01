// einsum, correlate and cdist: Keras's symbolic shape rules for them (einsum
// maps each operand onto the output spec and broadcasts; contracted sizes
// are not checked).
import type { OpDefs } from './def';
import { promoTypeOf, resultType, strong, strongTypeOf, WEAK_FLOAT } from './dtypes';
import { OpFailure, notModelled, valueError } from './failure';
import { shapeOf } from './elementwise';
import { broadcastShapes } from './shapes';
import type { OpValue } from './types';
import { out, shapeListRepr, shapeRepr } from './values';
import type { Dim, Shape } from '../types';

const isAlpha = (c: string): boolean => /^[A-Za-z]$/.test(c);

function einsumShape(subscripts: string, operands: readonly OpValue[]): Dim[] {
  const parts = subscripts.split('->');
  if (parts.length > 2) valueError(`At most one '->' is supported in \`einsum\` subscripts, but received ${subscripts}.`);
  const lhs = parts[0];
  const outputSpec = parts.length === 2 ? parts[1] : null;
  const inputSpecs = lhs.split(',');
  if (inputSpecs.length !== operands.length) {
    valueError(`Number of operands (${operands.length}) does not match the number of input specs (${inputSpecs.length}) in \`einsum\`, received subscripts=${subscripts}.`);
  }
  let kept = new Set<string>();
  let reduced = new Set<string>();
  for (const c of lhs) {
    if (!isAlpha(c)) continue;
    if (!reduced.has(c) && !kept.has(c)) kept.add(c);
    else if (kept.has(c)) {
      kept.delete(c);
      reduced.add(c);
    }
  }
  if (outputSpec !== null) {
    const k2 = new Set(kept);
    const r2 = new Set(reduced);
    for (const d of kept) if (!outputSpec.includes(d)) (k2.delete(d), r2.add(d));
    for (const d of reduced) if (outputSpec.includes(d)) (r2.delete(d), k2.add(d));
    kept = k2;
    reduced = r2;
  }
  const target = outputSpec ?? `...${[...kept].sort().join('')}`;
  const shapes: Dim[][] = operands.map((x, n) => {
    const xs = shapeOf(x).map((d) => (d === null ? -1 : d));
    const spec = inputSpecs[n];
    const split = spec.split('...');
    let exp = target;
    if (split.length === 1) {
      if (xs.length !== split[0].length) {
        valueError(`Number of dimensions in the subscript does not match the number of dimensions in the operand, received subscript \`${spec}\` and operand of shape ${shapeListRepr(xs)}.`);
      }
      for (let i = 0; i < xs.length; i++) exp = exp.split(split[0][i]).join(`${xs[i]} `);
      exp = exp.split('...').join('');
    } else {
      const [head, tail] = split;
      for (let i = 0; i < head.length; i++) exp = exp.split(head[i]).join(`${xs[i]} `);
      for (let i = 0; i < tail.length; i++) exp = exp.split(tail[tail.length - 1 - i]).join(`${xs[xs.length - 1 - i]} `);
      const end = tail.length === 0 ? xs.length : xs.length - tail.length;
      const wild = xs.slice(head.length, Math.max(head.length, end));
      exp = exp.split('...').join(`${wild.join(' ')} `);
    }
    exp = exp.replace(/[a-z]/g, '1 ');
    return exp
      .split(/\s+/)
      .filter((t) => t !== '')
      .map((t) => {
        if (!/^-?\d+$/.test(t)) return notModelled('a subscript Keras cannot map');
        return t === '-1' ? null : Number(t);
      });
  });
  let res: Dim[] = shapes[0];
  for (const s of shapes.slice(1)) res = broadcastShapes(res, s);
  return res;
}

export const defs: OpDefs = {
  'ops.einsum': {
    summary: 'Einstein summation: output axes from the subscripts (Keras does not check contracted sizes).',
    compute: (a) => {
      const sub = a.get('subscripts');
      if (typeof sub !== 'string') return notModelled('`subscripts` is not a string');
      if (Object.keys(a.varkw).length) return notModelled('keyword arguments passed on to the backend');
      const ops = a.varargs;
      if (!ops.length) return notModelled('no operands');
      const shape = einsumShape(sub, ops);
      const dts = [...new Set(ops.map((x) => strongTypeOf(x).dtype))];
      const dtype = dts.length === 1 && dts[0] === 'int8' ? 'int32' : resultType(...dts.map(strong));
      return out(shape, dtype);
    },
  },
  'ops.correlate': {
    summary: 'The cross-correlation of two 1-D tensors: length by `mode` (valid, same, full).',
    compute: (a) => {
      const x1 = a.get('x1');
      const x2 = a.get('x2');
      const s1 = shapeOf(x1);
      const s2 = shapeOf(x2);
      if (s1.length !== 1) valueError(`\`x1\` must be a 1-dimensional tensor, but receivedshape ${shapeRepr(s1)}`);
      if (s2.length !== 1) valueError(`\`x2\` must be a 1-dimensional tensor, but receivedshape ${shapeRepr(s2)}`);
      const [n1, n2] = [s1[0], s2[0]];
      if (n1 === null || n2 === null) {
        // NumPy compares the lengths first, and None cannot be compared.
        throw new OpFailure('TypeError', `'>=' not supported between instances of '${n1 === null ? 'NoneType' : 'int'}' and '${n2 === null ? 'NoneType' : 'int'}'`);
      }
      const mode = a.get('mode');
      let n = Math.max(n1, n2) - Math.min(n1, n2) + 1;
      if (mode === 'same') n = Math.max(n1, n2);
      else if (mode === 'full') n = n1 + n2 - 1;
      else if (mode !== 'valid') valueError(`\`mode\` must be either \`valid\`, \`same\`, or \`full\`, butreceived: ${typeof mode === 'string' ? mode : String(mode)}`);
      const d = resultType(promoTypeOf(x1), promoTypeOf(x2));
      return out([n], d === 'int64' ? 'float64' : ['bfloat16', 'float16', 'float64'].includes(d) ? d : 'float32');
    },
  },
  'ops.cdist': {
    summary: 'Pairwise Euclidean distances of (…, m, d) and (…, n, d): (…, m, n).',
    compute: (a) => {
      const x = a.tensor('x');
      const y = a.tensor('y');
      const msg = `Received shapes: x.shape=${shapeRepr(x.shape)}, y.shape=${shapeRepr(y.shape)}`;
      if (x.shape.length < 2 || y.shape.length < 2) valueError(`Inputs to \`cdist\` must have rank >= 2. ${msg}`);
      const dx = x.shape[x.shape.length - 1];
      const dy = y.shape[y.shape.length - 1];
      if (dx !== null && dy !== null && dx !== dy) valueError(`The last dimension of inputs to \`cdist\` must match. ${msg}`);
      let batch: Shape;
      try {
        batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2));
      } catch {
        return valueError(`Batch dimensions of inputs to \`cdist\` must be broadcastable. ${msg}`);
      }
      return out([...batch, x.shape[x.shape.length - 2], y.shape[y.shape.length - 2]], resultType(strong(x.dtype), strong(y.dtype), WEAK_FLOAT));
    },
  },
};
