// Linear algebra (keras/src/ops/linalg.py, numpy.py slogdet, math.py logdet):
// batched matrices on the last two axes, with Keras's rank and squareness checks.
import type { OpDef, OpDefs } from './def';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import type { TensorValue } from './types';
import { isTensor, out, repr, shapeRepr, tupleOut } from './values';
import type { Dim } from '../types';

function assert2d(x: TensorValue): void {
  if (x.shape.length < 2) valueError(`Expected input to have rank >= 2. Received input with shape ${shapeRepr(x.shape)}.`);
}
function assertSquare(x: TensorValue): void {
  if (x.shape.length < 2) valueError(`not enough values to unpack (expected 2, got ${x.shape.length})`);
  const m = x.shape[x.shape.length - 2];
  const n = x.shape[x.shape.length - 1];
  if (m !== n) valueError(`Expected a square matrix. Received non-square input with shape ${shapeRepr(x.shape)}`);
}
/** Python's `min(a, b)` on dimensions: None cannot be compared. */
function pyMin(a: Dim, b: Dim): number {
  if (a === null || b === null) {
    throw new OpFailure('TypeError', `'<' not supported between instances of '${b === null ? 'NoneType' : 'int'}' and '${a === null ? 'NoneType' : 'int'}'`);
  }
  return Math.min(a, b);
}
const last2 = (x: TensorValue): [Dim, Dim] => [x.shape[x.shape.length - 2], x.shape[x.shape.length - 1]];
const batch = (x: TensorValue): Dim[] => x.shape.slice(0, -2);

function squareSame(summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const x = a.tensor('x');
      assert2d(x);
      assertSquare(x);
      return out(x.shape, x.dtype);
    },
  };
}

function solveDef(summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const A = a.tensor('a');
      const b = a.tensor('b');
      assert2d(A);
      assertSquare(A);
      if (b.shape.length < 1) return notModelled('a scalar `b`');
      const ra = A.shape.length;
      const rb = b.shape.length;
      const msg = (which: string) =>
        `Incompatible shapes between \`a\` and \`b\`. Expected \`a.shape[${which}] == b.shape[${which}]\`. Received: a.shape=${shapeRepr(A.shape)}, b.shape=${shapeRepr(b.shape)}`;
      if (ra === rb && A.shape[ra - 2] !== b.shape[rb - 2]) valueError(msg('-2'));
      if (ra === rb - 1 && A.shape[ra - 1] !== b.shape[rb - 1]) valueError(msg('-1'));
      return out(b.shape, b.dtype);
    },
  };
}

export const defs: OpDefs = {
  'ops.cholesky': squareSame('The Cholesky factor of square matrices; same shape.'),
  'ops.cholesky_inverse': squareSame('The inverse from a Cholesky factor; same shape.'),
  'ops.inv': squareSame('The inverse of square matrices; same shape.'),
  'ops.det': {
    summary: 'The determinant of square matrices: the batch shape.',
    compute: (a) => {
      const x = a.tensor('x');
      assert2d(x);
      assertSquare(x);
      return out(batch(x), x.dtype);
    },
  },
  'ops.logdet': {
    summary: 'log(det(x)) of matrices: the batch shape (no checks).',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape.slice(0, -2), x.dtype);
    },
  },
  'ops.slogdet': {
    summary: 'Sign and log|det|: a tuple of a scalar and a batch-shaped tensor.',
    compute: (a) => {
      const x = a.tensor('x');
      return tupleOut(out([], x.dtype), out(x.shape.slice(0, -2), x.dtype));
    },
  },
  'ops.eig': {
    summary: 'Eigenvalues and eigenvectors of square matrices: (…, n) and (…, n, n).',
    compute: (a) => {
      const x = a.tensor('x');
      assertSquare(x);
      assert2d(x);
      return tupleOut(out(x.shape.slice(0, -1), x.dtype), out(x.shape, x.dtype));
    },
  },
  'ops.eigh': {
    summary: 'Eigenvalues and eigenvectors of symmetric matrices: (…, n) and (…, n, n).',
    compute: (a) => {
      const x = a.tensor('x');
      assertSquare(x);
      assert2d(x);
      return tupleOut(out(x.shape.slice(0, -1), x.dtype), out(x.shape, x.dtype));
    },
  },
  'ops.lu_factor': {
    summary: 'The LU factorisation: the (…, m, n) factors and (…, min(m, n)) pivots.',
    compute: (a) => {
      const x = a.tensor('x');
      assert2d(x);
      const [m, n] = last2(x);
      const k = pyMin(m, n);
      return tupleOut(out([...batch(x), m, n], x.dtype), out([...batch(x), k], x.dtype));
    },
  },
  'ops.matrix_power': {
    summary: 'x raised to the integer power n (matrix products); same shape.',
    compute: (a) => {
      const nv = a.get('n');
      if (!(typeof nv === 'object' && nv !== null && nv.kind === 'int') && typeof nv !== 'boolean') {
        if (isTensor(nv)) return notModelled('`n` as a tensor');
        const t = nv === null ? 'NoneType' : typeof nv === 'string' ? 'str' : nv.kind;
        typeError(`n must be an integer. Received: n=${repr(nv)} of type <class '${t}'>`);
      }
      const x = a.tensor('x');
      assert2d(x);
      assertSquare(x);
      return out(x.shape, x.dtype);
    },
  },
  'ops.matrix_rank': {
    summary: 'The rank of matrices: an int32 tensor of the batch shape.',
    compute: (a) => {
      const x = a.tensor('x');
      assert2d(x);
      return out(batch(x), 'int32');
    },
  },
  'ops.pinv': {
    summary: 'The pseudo-inverse: (…, n, m) for (…, m, n).',
    compute: (a) => {
      const x = a.tensor('x');
      assert2d(x);
      const [m, n] = last2(x);
      return out([...batch(x), n, m], x.dtype);
    },
  },
  'ops.qr': {
    summary: "The QR decomposition: Q and R ('reduced': (…, m, k), (…, k, n); 'complete': (…, m, m), (…, m, n)).",
    compute: (a) => {
      const mode = a.get('mode');
      if (mode !== 'reduced' && mode !== 'complete') {
        valueError(`\`mode\` argument value not supported. Expected one of {'reduced', 'complete'}. Received: mode=${typeof mode === 'string' ? mode : repr(mode)}`);
      }
      const x = a.tensor('x');
      if (x.shape.length < 2) valueError(`Input should have rank >= 2. Received: input.shape = ${shapeRepr(x.shape)}`);
      const [m, n] = last2(x);
      if (m === null || n === null) valueError(`Input should have its last 2 dimensions fully-defined. Received: input.shape = ${shapeRepr(x.shape)}`);
      const k = Math.min(m, n);
      const b = batch(x);
      if (mode === 'reduced') return tupleOut(out([...b, m, k], x.dtype), out([...b, k, n], x.dtype));
      return tupleOut(out([...b, m, m], x.dtype), out([...b, m, n], x.dtype));
    },
  },
  'ops.svd': {
    summary: 'The singular value decomposition: (u, s, v), or s alone without `compute_uv`.',
    compute: (a) => {
      const x = a.tensor('x');
      assert2d(x);
      const [r, c] = last2(x);
      const b = batch(x);
      const k = pyMin(r, c);
      const s = out([...b, k], x.dtype);
      const full = a.get('full_matrices') === true;
      const u = full ? [...b, r, r] : [...b, r, k];
      const v = full ? [...b, c, c] : [...b, k, c];
      if (a.get('compute_uv') === true) return tupleOut(out(u, x.dtype), s, out(v, x.dtype));
      if (a.get('compute_uv') === false) return s;
      return notModelled('`compute_uv` is not a bool');
    },
  },
  'ops.solve': solveDef('Solves a x = b for x: the shape of b.'),
  'ops.solve_triangular': solveDef('Solves a triangular system a x = b: the shape of b.'),
  'ops.lstsq': {
    summary: 'The least-squares solution of a x = b: (n,) or (n, k).',
    compute: (a) => {
      const A = a.tensor('a');
      const b = a.tensor('b');
      if (A.shape.length !== 2) valueError(`Expected a to have rank 2. Received: a.shape=${shapeRepr(A.shape)}`);
      if (b.shape.length !== 1 && b.shape.length !== 2) valueError(`Expected b to have rank 1 or 2. Received: b.shape=${shapeRepr(b.shape)}`);
      const [m, n] = A.shape;
      if (b.shape[0] !== m) valueError(`Expected b.shape[0] to be equal to a.shape[0]. Received: a.shape=${shapeRepr(A.shape)}, b.shape=${shapeRepr(b.shape)}`);
      return out(b.shape.length === 2 ? [n, b.shape[1]] : [n], A.dtype);
    },
  },
};

