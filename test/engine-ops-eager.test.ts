// Ops run eagerly on Python values, where the result's dtype is the backend's
// own (NumPy's `np.abs(5)` is int64, TensorFlow's int32): the shape is known
// and the dtype left unknown, and later ops on such a tensor are evaluated
// under every dtype it could have, keeping what all agree on.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateOp, float, int, list, resultValue, tensor, tuple } from '../server/src/engine/ops';
import type { OpResult, OpValue } from '../server/src/engine/ops';

const untyped = (shape: number[], concrete = true): OpValue => ({ kind: 'untyped-tensor', shape, ...(concrete ? { concrete: true } : {}) });
const pyList = (...items: OpValue[]): OpValue => list(...items);

function shapeDtype(r: OpResult): [readonly (number | null)[], string | null] {
  assert.equal(r.kind, 'tensor', JSON.stringify(r));
  return r.kind === 'tensor' ? [r.shape, r.dtype] : [[], null];
}

test('eager calls on Python values whose dtype NumPy decides: the shape, no dtype', () => {
  const rows: [string, OpValue[], (number | null)[]][] = [
    ['keras.ops.abs', [int(5)], []],
    ['keras.ops.sign', [pyList(pyList(int(-1), int(3)), pyList(int(2), int(0)))], [2, 2]],
    ['keras.ops.round', [float(2.5)], []],
    ['keras.ops.sigmoid', [int(10)], []],
    ['keras.activations.softplus', [true], []],
    ['keras.ops.broadcast_to', [int(0), tuple(int(3), int(4))], [3, 4]],
  ];
  for (const [path, args, shape] of rows) {
    const r = evaluateOp(path, args, {});
    assert.deepEqual(shapeDtype(r), [shape, null], path);
    assert.equal(r.kind === 'tensor' && r.concrete, true, path);
  }
  // Where every backend converts first and Keras's rule applies, the dtype is known.
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.fabs', [float(0.5)], {})), [[], 'float32']);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.erf', [pyList(int(1), int(2))], {})), [[2], 'int32']);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.left_shift', [int(5), int(3)], {})), [[], 'int32']);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.bitwise_not', [int(5)], {})), [[], 'int32']);
  // On symbolic tensors nothing changes.
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.abs', [tensor([null, 3], 'int8')], {})), [[null, 3], 'int8']);
});

test('NumPy refusals on Python values are errors', () => {
  const rows: [string, OpValue[], string][] = [
    ['keras.ops.bitwise_not', [float(3.5)], "TypeError: ufunc 'invert' not supported for the input types"],
    ['keras.ops.bitwise_and', [int(3), float(1.5)], "TypeError: ufunc 'bitwise_and' not supported"],
    ['keras.ops.right_shift', [float(6), int(1)], "TypeError: ufunc 'right_shift' not supported"],
    ['keras.ops.negative', [true], 'TypeError: The numpy boolean negative'],
    ['keras.ops.map', [{ kind: 'function', call: () => ({ kind: 'unknown', reason: '' }) }, pyList(float(1), float(2))], 'IndexError: tuple index out of range'],
  ];
  for (const [path, args, start] of rows) {
    const r = evaluateOp(path, args, {});
    assert.ok(r.kind === 'error' && `${r.errorType}: ${r.message}`.startsWith(start), `${path}: ${JSON.stringify(r)}`);
  }
  // The same ops on symbolic tensors follow Keras's rule, which does not check.
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.bitwise_not', [tensor([2], 'float32')], {})), [[2], 'float32']);
});

test('Python values the NumPy backend returns as they are', () => {
  const rows: [string, OpValue[], OpValue][] = [
    ['keras.ops.real', [int(5)], int(5)],
    ['keras.ops.imag', [float(2.5)], float(0)],
    ['keras.ops.real', [true], int(1)],
    ['keras.ops.stop_gradient', [int(-1)], int(-1)],
    ['keras.ops.allclose', [false, int(3)], false],
    ['keras.ops.allclose', [pyList(float(1), float(2)), float(1)], false],
    ['keras.ops.allclose', [pyList(float(1), float(1.000001)), int(1)], true],
  ];
  for (const [path, args, want] of rows) {
    const r = evaluateOp(path, args, {});
    assert.deepEqual(r.kind === 'value' && [r.value, r.backend], [want, true], `${path}: ${JSON.stringify(r)}`);
  }
  const arr = evaluateOp('keras.ops.imag', [pyList(int(1), int(2))], {});
  assert.deepEqual(shapeDtype(arr), [[2], null]);
});

test('a tensor of unknown dtype: shapes follow, the dtype where every dtype agrees', () => {
  const add = evaluateOp('keras.ops.add', [untyped([2, 3], false), int(1)], {});
  assert.deepEqual(shapeDtype(add), [[2, 3], null]);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.greater', [untyped([2, 3], false), int(1)], {})), [[2, 3], 'bool']);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.cast', [untyped([4], false)], { dtype: 'float16' })), [[4], 'float16']);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.reshape', [untyped([6], false), tuple(int(2), int(3))], {})), [[2, 3], null]);
  // Every dtype raises the same error: the error.
  const bad = evaluateOp('keras.ops.reshape', [untyped([6], false), tuple(int(4))], {});
  assert.equal(bad.kind, 'error');
  // Only some dtypes raise (fabs refuses complex numbers): unknown.
  assert.equal(evaluateOp('keras.ops.fabs', [untyped([3], false)], {}).kind, 'unknown');
  // The dtype of an introspection is a value that differs by dtype: unknown.
  assert.equal(evaluateOp('keras.ops.dtype', [untyped([3], false)], {}).kind, 'unknown');
  // Two of them in one call are tried together; three are too many.
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.multiply', [untyped([3, 1], false), untyped([4], false)], {})), [[3, 4], null]);
  const three = evaluateOp('keras.ops.concatenate', [list(untyped([1], false), untyped([1], false), untyped([1], false))], {});
  assert.equal(three.kind, 'unknown');
  // A result of unknown dtype passes on as such, with the dtypes the runs gave (Keras narrows 64-bit ones).
  assert.deepEqual(resultValue(add), {
    kind: 'untyped-tensor',
    shape: [2, 3],
    dtypes: ['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32', 'bfloat16', 'float16', 'float32', 'complex64'],
  });
  // Those dtypes narrow what a later op can give.
  const floats: OpValue = { kind: 'untyped-tensor', shape: [2], dtypes: ['float32', 'float64'] };
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.add', [floats, float(1)], {})), [[2], 'float32']);
  assert.deepEqual(shapeDtype(evaluateOp('keras.ops.negative', [{ ...floats, concrete: true }], {})), [[2], null]);
});

test('vectorize on Python values: the loop shape, the core dimensions of the signature', () => {
  const call = (fn: (args: readonly OpValue[]) => OpResult, sig: string | null, args: OpValue[]): OpResult => {
    const v = evaluateOp('keras.ops.vectorize', [{ kind: 'function', call: fn }], sig === null ? {} : { signature: sig });
    assert.equal(v.kind, 'value');
    const f = v.kind === 'value' ? v.value : null;
    assert.ok(f !== null && typeof f === 'object' && f.kind === 'function' && f.call);
    return f.call(args);
  };
  const plusOne = (args: readonly OpValue[]): OpResult => evaluateOp('keras.ops.add', [args[0], int(1)], {});
  const sum = (args: readonly OpValue[]): OpResult => evaluateOp('keras.ops.sum', [args[0]], {});
  const rows = pyList(pyList(float(1), float(2), float(3)), pyList(float(4), float(5), float(6)));
  assert.deepEqual(shapeDtype(call(plusOne, null, [rows])), [[2, 3], null]);
  assert.deepEqual(shapeDtype(call(sum, '(n)->()', [rows])), [[2], null]);
  // Each output stacks the function's result over the loop: (n)->(n) keeps the core axis.
  const twice = (args: readonly OpValue[]): OpResult => evaluateOp('keras.ops.concatenate', [list(args[0], args[0])], {});
  assert.equal(call(twice, '(n)->(n)', [rows]).kind, 'unknown');
  const same = (args: readonly OpValue[]): OpResult => evaluateOp('keras.ops.negative', [args[0]], {});
  assert.deepEqual(shapeDtype(call(same, '(n)->(n)', [rows])), [[2, 3], null]);
  // The function runs on the backend's arrays: even a bool result's dtype is the backend's to give.
  const positive = (args: readonly OpValue[]): OpResult => evaluateOp('keras.ops.greater', [args[0], int(0)], {});
  assert.deepEqual(shapeDtype(call(positive, null, [rows])), [[2, 3], null]);
  // NumPy's own checks of a signature.
  const inconsistent = call(sum, '(n),(n)->()', [rows, pyList(float(1), float(2))]);
  assert.ok(inconsistent.kind === 'error' && inconsistent.message === "inconsistent size for core dimension 'n': 2 vs 3", JSON.stringify(inconsistent));
  const count = call(sum, '(n),(n)->()', [rows]);
  assert.ok(count.kind === 'error' && count.message === 'wrong number of positional arguments: expected 2, got 1');
  // Symbolic tensors cannot be vectorised.
  assert.equal(call(plusOne, null, [tensor([null, 3])]).kind, 'error');
});
