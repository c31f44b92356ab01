// Products and contractions: matmul, dot, vdot, inner, outer, kron,
// tensordot, cross, corrcoef. Like Keras, contracted sizes are checked only
// where Keras checks them (not for tensordot with an int `axes`).
import type { OpDefs } from './def';
import { promoTypeOf, resultType, strong, strongTypeOf, WEAK_FLOAT } from './dtypes';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import { shapeOf } from './elementwise';
import { broadcastShapes, dimProduct } from './shapes';
import type { OpValue } from './types';
import { isSeq, isTensor, out, pyInt, shapeRepr, shapeListRepr } from './values';
import type { Dim, Shape } from '../types';

function matmulShape(a: Shape, b: Shape): Dim[] {
  if (!a.length || !b.length) throw new OpFailure('IndexError', 'tuple index out of range');
  const a1 = a.length === 1;
  const b1 = b.length === 1;
  const s1: Shape = a1 ? [1, a[0]] : a;
  const s2: Shape = b1 ? [b[0], 1] : b;
  const k1 = s1[s1.length - 1];
  const k2 = s2[s2.length - 2];
  if (k1 !== null && k2 !== null && k1 !== k2) {
    valueError(`Inner dimensions (\`x1.shape[-1]\` and \`x2.shape[-2]\`) must be equal, but received \`x1.shape=${shapeRepr(s1)}\` and \`x2.shape=${shapeRepr(s2)}\`.`, undefined, { kind: 'matmul', left: a, right: b });
  }
  const res = [...broadcastShapes(s1.slice(0, -2), s2.slice(0, -2)), s1[s1.length - 2], s2[s2.length - 1]];
  if (a1) res.splice(res.length - 2, 1);
  if (b1) res.splice(res.length - 1, 1);
  return res;
}

const pair = (a: { get(n: string): OpValue }) => [a.get('x1'), a.get('x2')] as const;

export const defs: OpDefs = {
  'ops.matmul': {
    summary: 'The matrix product of the last two axes, broadcasting the leading ones (1-D operands promoted).',
    compute: (a) => {
      const [x1, x2] = pair(a);
      const t1 = strongTypeOf(x1).dtype;
      const t2 = strongTypeOf(x2).dtype;
      const dtype = t1 === 'int8' && t2 === 'int8' ? 'int32' : resultType(strong(t1), strong(t2));
      return out(matmulShape(shapeOf(x1), shapeOf(x2)), dtype);
    },
  },
  'ops.dot': {
    summary: 'The dot product: last axis of x1 with the second-to-last of x2 (or the only one).',
    compute: (a, ctx) => {
      const [x1, x2] = pair(a);
      const s1 = [...shapeOf(x1)];
      const s2 = [...shapeOf(x2)];
      const dtype = resultType(promoTypeOf(x1), promoTypeOf(x2));
      if (!s1.length || !s2.length) {
        // Keras multiplies when either operand is a scalar.
        const r = ctx.evaluate('keras.ops.multiply', [x1, x2], {});
        if (r.kind === 'tensor') return out(r.shape, r.dtype, r.sparse ? { sparse: true } : undefined);
        if (r.kind === 'error') throw new OpFailure(r.errorType, r.message, r.code);
        return notModelled('a scalar operand');
      }
      if (s1.length === 1 && s2.length === 1) return out([], dtype);
      if (s2.length === 1) {
        if (s1[s1.length - 1] !== s2[0]) {
          valueError(`Shape must match on the last axis of \`x1\` and \`x2\` when \`x1\` is N-d array while \`x2\` is 1-D, but receive shape \`x1.shape=${shapeRepr(s1)}\` and x2.shape=\`${shapeRepr(s2)}\`.`);
        }
        return out(s1.slice(0, -1), dtype);
      }
      const k1 = s1[s1.length - 1];
      const k2 = s2[s2.length - 2];
      if (k1 === null || k2 === null || k1 === k2) {
        s1.splice(s1.length - 1, 1);
        s2.splice(s2.length - 2, 1);
        return out([...s1, ...s2], dtype);
      }
      return valueError(`Shape must match on the last axis of \`x1\` and second last axis of \`x2\` when \`x1\` is N-d array while \`x2\` is M-D, but received \`x1.shape=${shapeRepr(shapeOf(x1))}\` and x2.shape=\`${shapeRepr(shapeOf(x2))}\`.`);
    },
  },
  'ops.vdot': {
    summary: 'The dot product of the flattened inputs: a scalar (sizes are not checked).',
    compute: (a) => {
      const [x1, x2] = pair(a);
      return out([], resultType(promoTypeOf(x1), promoTypeOf(x2)));
    },
  },
  'ops.inner': {
    summary: 'The inner product over the last axes: x1.shape[:-1] + x2.shape[:-1].',
    compute: (a) => {
      const [x1, x2] = pair(a);
      const dtype = resultType(promoTypeOf(x1), promoTypeOf(x2));
      const s1 = shapeOf(x1);
      const s2 = shapeOf(x2);
      if (!s1.length) return out(s2, dtype);
      if (!s2.length) return out(s1, dtype);
      const d1 = s1[s1.length - 1];
      const d2 = s2[s2.length - 1];
      if (d1 !== null && d2 !== null && d1 !== d2) {
        valueError(`\`inner\` requires the last dimension of \`x1\` and \`x2\` to match. Received: x1.shape=${shapeRepr(s1)}, x2.shape=${shapeRepr(s2)}.`);
      }
      return out([...s1.slice(0, -1), ...s2.slice(0, -1)], dtype);
    },
  },
  'ops.outer': {
    summary: 'The outer product of the flattened inputs: (size(x1), size(x2)).',
    compute: (a) => {
      const [x1, x2] = pair(a);
      const s1 = isTensor(x1) ? x1.shape : [1];
      const s2 = isTensor(x2) ? x2.shape : [1];
      return out([dimProduct(s1), dimProduct(s2)], resultType(promoTypeOf(x1), promoTypeOf(x2)));
    },
  },
  'ops.kron': {
    summary: 'The Kronecker product: dimensions multiply pairwise (Keras pairs the leading axes).',
    compute: (a) => {
      const [x1, x2] = pair(a);
      const s1 = shapeOf(x1);
      const s2 = shapeOf(x2);
      const n = Math.min(s1.length, s2.length);
      const shape: Dim[] = [];
      for (let i = 0; i < n; i++) shape.push(s1[i] === null || s2[i] === null ? null : (s1[i] as number) * (s2[i] as number));
      return out(shape, resultType(strongTypeOf(x1), strongTypeOf(x2)));
    },
  },
  'ops.tensordot': {
    summary: 'Contracts `axes` of x1 with those of x2 (an int: the last n of x1 with the first n of x2).',
    compute: (a) => {
      const [x1, x2] = pair(a);
      const s1 = [...shapeOf(x1)];
      const s2 = [...shapeOf(x2)];
      const dtype = resultType(promoTypeOf(x1), promoTypeOf(x2));
      const axes = a.get('axes');
      const n = pyInt(axes);
      if (n !== undefined) {
        if (n <= 0) return out([...s1, ...s2], dtype);
        if (n > s1.length || n > s2.length) return notModelled('more axes than dimensions');
        return out([...s1.slice(0, s1.length - n), ...s2.slice(n)], dtype);
      }
      if (!isSeq(axes) || axes.items.length !== 2) return notModelled('`axes` is not an int or a pair');
      const lists = axes.items.map((v) => {
        if (pyInt(v) !== undefined) typeError(`'${typeof v === 'boolean' ? 'bool' : 'int'}' object is not iterable`);
        if (isSeq(v)) return v.items.map((x) => pyInt(x) ?? notModelled('a non-integer axis'));
        return notModelled('an axis list of an unusual kind');
      });
      const idx = (s: Shape, ax: number) => {
        const j = ax < 0 ? ax + s.length : ax;
        if (j < 0 || j >= s.length) return notModelled('an axis out of range');
        return j;
      };
      const i1 = lists[0].map((ax) => idx(s1, ax));
      const i2 = lists[1].map((ax) => idx(s2, ax));
      const sel1 = i1.map((j) => s1[j]);
      const sel2 = i2.map((j) => s2[j]);
      const eq = sel1.length === sel2.length && sel1.every((d, k) => d === null || sel2[k] === null || d === sel2[k]);
      if (!eq) valueError(`Shape mismatch on \`x1[axes[0]]\` and \`x2[axes[1]]\`, received ${shapeListRepr(sel1)} and ${shapeListRepr(sel2)}.`);
      // Keras marks contracted axes with -1 and drops every -1.
      const r1 = s1.filter((_d, j) => !i1.includes(j));
      const r2 = s2.filter((_d, j) => !i2.includes(j));
      return out([...r1, ...r2], dtype);
    },
  },
  'ops.cross': {
    summary: 'The cross product of 2- or 3-vectors along the chosen axes, broadcasting the rest.',
    compute: (a) => {
      const x1 = a.tensor('x1');
      const x2 = a.tensor('x2');
      const axis = a.get('axis');
      const pick = (n: string) => pyInt(axis !== null ? axis : a.get(n)) ?? notModelled(`\`${n}\` is not an int`);
      const axa = pick('axisa');
      const axb = pick('axisb');
      const axc = pick('axisc');
      const at = (s: Shape, ax: number) => {
        const j = ax < 0 ? ax + s.length : ax;
        if (j < 0 || j >= s.length) return notModelled('an axis out of range');
        return j;
      };
      const ja = at(x1.shape, axa);
      const jb = at(x2.shape, axb);
      const v1 = x1.shape[ja];
      const v2 = x2.shape[jb];
      const shape = broadcastShapes(x1.shape.filter((_d, j) => j !== ja), x2.shape.filter((_d, j) => j !== jb));
      if (v1 !== null && v1 !== 2 && v1 !== 3) valueError(`\`x1\`'s dim on \`axis={axisa}\` must be either 2 or 3, but received: ${v1}`);
      if (v2 !== null && v2 !== 2 && v2 !== 3) valueError(`\`x2\`'s dim on \`axis={axisb}\` must be either 2 or 3, but received: ${v2}`);
      const extra = v1 === 3 || v2 === 3 ? [3] : [];
      const rank = shape.length + extra.length;
      if (axc < -rank || axc >= rank) valueError(`axis ${axc} is out of bounds for an array with dimension ${rank}.`);
      const c = axc < 0 ? axc + rank : axc;
      return out([...shape.slice(0, c), ...extra, ...shape.slice(c)], resultType(strong(x1.dtype), strong(x2.dtype)));
    },
  },
  'ops.corrcoef': {
    summary: 'Pearson correlation coefficients; Keras declares the shape of `x` and a float dtype.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, x.dtype === 'int64' ? 'float64' : resultType(strong(x.dtype), WEAK_FLOAT));
    },
  },
};
