// Table-driven checks of the op catalogue's trickier rules: Keras's dtype
// promotion, Python-style binding messages, broadcasting with None, eager
// results on Python values, and the TensorFlow/NumPy name table.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateOp, evaluateForeignOp, float, int, knownOpPaths, list, resultType, tensor, tuple } from '../server/src/engine/ops';
import type { OpResult } from '../server/src/engine/ops';

const F = (d: string) => ({ dtype: d, weak: false });
const WI = { dtype: 'int32', weak: true };
const WF = { dtype: 'float32', weak: true };

test('result_type follows the promotion lattice and narrows 64-bit results', () => {
  const rows: [{ dtype: string; weak: boolean }[], string][] = [
    [[F('int32'), F('float32')], 'float32'],
    [[F('int8'), WI], 'int8'],
    [[F('int8'), WF], 'float32'],
    [[F('float16'), WF], 'float16'],
    [[F('bfloat16'), F('float16')], 'float32'],
    [[F('float64'), F('float64')], 'float32'],
    [[F('int64'), F('int64')], 'int32'],
    [[F('uint8'), F('int8')], 'int16'],
    [[F('bool'), WI], 'int32'],
    [[F('bool'), F('bool')], 'bool'],
    [[WI, WF], 'float32'],
    [[F('uint32'), F('int32')], 'int32'],
    [[F('complex64'), F('float64')], 'complex64'],
  ];
  for (const [types, want] of rows) assert.equal(resultType(...types), want, JSON.stringify(types));
});

function tensorOf(r: OpResult): { shape: readonly (number | null)[]; dtype: string; concrete?: boolean } {
  assert.equal(r.kind, 'tensor', JSON.stringify(r));
  return r as unknown as { shape: (number | null)[]; dtype: string; concrete?: boolean };
}

test('element-wise ops broadcast None like Keras and promote Python scalars weakly', () => {
  const rows: [string, Parameters<typeof evaluateOp>[1], (number | null)[], string][] = [
    ['keras.ops.add', [tensor([null, 1, 5], 'int32'), int(2)], [null, 1, 5], 'int32'],
    ['keras.ops.add', [tensor([null, 1, 5], 'int32'), float(2)], [null, 1, 5], 'float32'],
    ['keras.ops.add', [tensor([null, 1]), tensor([4, null, 3])], [4, null, 3], 'float32'],
    ['keras.ops.divide', [tensor([3], 'int32'), tensor([3], 'int32')], [3], 'float32'],
    ['keras.ops.sqrt', [tensor([2], 'int32')], [2], 'float32'],
    ['keras.ops.rsqrt', [tensor([2], 'int32')], [2], 'int32'],
    ['keras.ops.abs', [tensor([2], 'float64')], [2], 'float64'],
    ['keras.ops.cos', [tensor([2], 'float64')], [2], 'float32'],
    ['keras.ops.where', [tensor([null, 3], 'bool')], [null, 3], 'int32'],
  ];
  for (const [path, args, shape, dtype] of rows) {
    const t = tensorOf(evaluateOp(path, args, {}));
    assert.deepEqual([t.shape, t.dtype], [shape, dtype], path);
  }
});

test('binding reports CPython TypeErrors', () => {
  const rows: [string, Parameters<typeof evaluateOp>[1], Parameters<typeof evaluateOp>[2], string][] = [
    ['keras.ops.abs', [tensor([2])], { out: null }, "abs() got an unexpected keyword argument 'out'"],
    ['keras.ops.add', [tensor([2]), tensor([2]), int(1)], {}, 'add() takes 2 positional arguments but 3 were given'],
    ['keras.ops.elu', [tensor([2]), float(1), float(2)], {}, 'elu() takes from 1 to 2 positional arguments but 3 were given'],
    ['keras.ops.top_k', [tensor([2])], {}, "top_k() missing 1 required positional argument: 'k'"],
    ['keras.ops.swish', [tensor([2]), int(1)], {}, 'silu() takes 1 positional argument but 2 were given'],
    ['keras.ops.sum', [tensor([2]), int(0)], { axis: int(0) }, "sum() got multiple values for argument 'axis'"],
  ];
  for (const [path, args, kwargs, msg] of rows) {
    const r = evaluateOp(path, args, kwargs);
    assert.equal(r.kind, 'error');
    if (r.kind === 'error') assert.equal(`${r.errorType}: ${r.message}`, `TypeError: ${msg}`);
  }
});

test('ops on Python values run eagerly and give concrete results', () => {
  const t = tensorOf(evaluateOp('keras.ops.arange', [int(0), int(10), int(2)], {}));
  assert.deepEqual([t.shape, t.dtype, t.concrete], [[5], 'int32', true]);
  const c = tensorOf(evaluateOp('keras.ops.cast', [float(2)], { dtype: 'float32' }));
  assert.deepEqual([c.shape, c.concrete], [[], true]);
  const s = evaluateOp('keras.ops.shape', [tensor([null, 8])], {});
  assert.deepEqual(s.kind === 'value' ? s.value : s, tuple(null, int(8)));
  const n = evaluateOp('keras.ops.size', [int(10)], {});
  assert.deepEqual(n.kind === 'value' ? n.value : n, int(1));
  // A backend-specific eager dtype is not guessed: the shape is known, the dtype left to the backend.
  const a = evaluateOp('keras.ops.abs', [int(5)], {});
  assert.deepEqual(a.kind === 'tensor' && [a.shape, a.dtype, a.concrete], [[], null, true]);
});

test('slicing a symbolic tensor needs a tuple key', () => {
  const bad = evaluateOp('keras.ops.get_item', [tensor([2, 4]), { kind: 'slice', start: int(1), stop: null, step: null }], {});
  assert.equal(bad.kind === 'error' && bad.message, 'Unsupported key type for array slice. Received: `slice(1, None, None)`');
  const ok = tensorOf(evaluateOp('keras.ops.get_item', [tensor([null, 10, 4]), tuple({ kind: 'ellipsis' }, { kind: 'slice', start: int(1), stop: null, step: null })], {}));
  assert.deepEqual(ok.shape, [null, 10, 3]);
});

test('TensorFlow and NumPy names map only where the semantics agree', () => {
  const cat = tensorOf(evaluateForeignOp('tf.concat', [list(tensor([null, 3]), tensor([null, 5]))], { axis: int(-1) }));
  assert.deepEqual(cat.shape, [null, 8]);
  const tr = tensorOf(evaluateForeignOp('tf.transpose', [tensor([2, 3, 4])], { perm: tuple(int(2), int(0), int(1)) }));
  assert.deepEqual(tr.shape, [4, 2, 3]);
  const rs = tensorOf(evaluateForeignOp('tf.reduce_sum', [tensor([null, 3, 4])], { axis: int(1), keepdims: true }));
  assert.deepEqual(rs.shape, [null, 1, 4]);
  const oh = tensorOf(evaluateForeignOp('tf.one_hot', [tensor([null], 'int32'), int(10)], {}));
  assert.deepEqual([oh.shape, oh.dtype], [[null, 10], 'float32']);
  const sh = tensorOf(evaluateForeignOp('tf.shape', [tensor([null, 3, 4])], {}));
  assert.deepEqual([sh.shape, sh.dtype], [[3], 'int32']);
  const r = tensorOf(evaluateForeignOp('tf.range', [int(10)], {}));
  assert.deepEqual([r.shape, r.dtype], [[10], 'int32']);
  assert.equal(evaluateForeignOp('tf.add', [tensor([2], 'int32'), tensor([2], 'float32')], {}).kind, 'unknown');
  assert.equal(evaluateForeignOp('tf.split', [tensor([6]), tuple(int(2), int(3))], {}).kind, 'unknown');
  assert.equal(evaluateForeignOp('tf.matmul', [tensor([2, 3]), tensor([3, 4])], { adjoint_a: true }).kind, 'unknown');
  const sp = evaluateForeignOp('np.split', [tensor([6, 2]), int(3)], {});
  assert.equal(sp.kind === 'tensors' && sp.items.length, 3);
  const unk = evaluateForeignOp('tf.concat', [list(tensor([2]))], { axis: int(0), bogus: int(1) });
  assert.equal(unk.kind === 'error' && unk.message, "concat() got an unexpected keyword argument 'bogus'");
});

test('every op answers odd argument mixes with a result, never an exception', () => {
  const T = (s: (number | null)[], d = 'float32') => tensor(s, d);
  const vals: Parameters<typeof evaluateOp>[1] = [
    T([null, 4, 4, 3]), T([2, 3]), T([]), T([5], 'int32'), T([null]), int(0), int(2), int(-1), float(0.5), true, null, 'same', 'float32',
    tuple(int(1), int(2)), list(T([2, 3]), T([2, 3])), { kind: 'unknown' }, { kind: 'function' }, { kind: 'untyped-tensor', shape: [2, 3], concrete: true },
    { kind: 'slice', start: null, stop: int(2), step: null }, { kind: 'ellipsis' }, tuple(), { kind: 'dict', entries: {} },
  ];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (const p of knownOpPaths()) {
    for (let i = 0; i < 40; i++) {
      const args = Array.from({ length: rnd(4) }, () => vals[rnd(vals.length)]);
      const kw: Record<string, (typeof vals)[number]> = rnd(3) === 0 ? { axis: vals[rnd(vals.length)] } : {};
      const r = evaluateOp(p, args, kw);
      assert.ok(['tensor', 'tensors', 'value', 'error', 'unknown'].includes(r.kind), p);
    }
  }
});

test('TensorFlow twins follow TensorFlow: einsum, range, reduce_prod, convert_to_tensor, reshape, the NumPy API', () => {
  const T = (s: (number | null)[], d = 'float32') => tensor(s, d);
  // tf.einsum: spaces ignored, upper-case labels (Keras's symbolic einsum refuses them), one dtype.
  const e = tensorOf(evaluateForeignOp('tf.einsum', ['bhwc, bHWc->bhwHW', T([null, 8, 8, 64]), T([null, 8, 8, 64])], {}));
  assert.deepEqual([e.shape, e.dtype], [[null, 8, 8, 8, 8], 'float32']);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.einsum', ['ij,jk', T([2, 3]), T([3, 5])], {})).shape, [2, 5]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.einsum', ['...ij,...jk->...ik', T([null, 4, 2, 3]), T([3, 5])], {})).shape, [null, 4, 2, 5]);
  assert.equal(evaluateForeignOp('tf.einsum', ['ij,jk->ik', T([2, 3]), T([4, 5])], {}).kind, 'unknown');
  assert.equal(evaluateForeignOp('tf.einsum', ['ij,jk->ik', T([2, 3]), T([3, 5], 'float16')], {}).kind, 'unknown');
  assert.equal(evaluateOp('keras.ops.einsum', ['bhwc,bHWc->bhwHW', T([null, 8, 8, 64]), T([null, 8, 8, 64])], {}).kind, 'unknown');
  // tf.range: TensorFlow's dtype order, a scalar tensor bound gives None, the wrong way raises.
  const r = tensorOf(evaluateForeignOp('tf.range', [int(0), T([], 'int32')], { delta: int(1) }));
  assert.deepEqual([r.shape, r.dtype], [[null], 'int32']);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.range', [int(3), float(7.5)], {})).shape, [5]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.range', [int(8)], { dtype: 'float32' })).dtype, 'float32');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.range', [T([], 'int64')], {})).dtype, 'int64');
  const back = evaluateForeignOp('tf.range', [int(5), int(0)], {});
  assert.ok(back.kind === 'error' && back.message === 'Requires start <= limit when delta > 0: 5/0', JSON.stringify(back));
  assert.equal(evaluateForeignOp('tf.range', [T([], 'int8')], {}).kind, 'unknown');
  // tf.math.reduce_prod on a Python tuple: converted to int32 first, a concrete int32 scalar.
  const p = tensorOf(evaluateForeignOp('tf.reduce_prod', [tuple(int(5), int(9), int(9))], {}));
  assert.deepEqual([p.shape, p.dtype, p.concrete], [[], 'int32', true]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.reduce_prod', [T([null, 3, 4])], { axis: int(-1), keepdims: true })).shape, [null, 3, 1]);
  assert.equal(evaluateForeignOp('tf.reduce_prod', [T([3], 'int8')], {}).kind, 'unknown');
  // tf.convert_to_tensor: Python ints int32, floats float32, a list of arrays stacked.
  const c = tensorOf(evaluateForeignOp('tf.convert_to_tensor', [list(T([32, 32, 3], 'uint8'))], {}));
  assert.deepEqual([c.shape, c.dtype], [[1, 32, 32, 3], 'uint8']);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.convert_to_tensor', [list(list(int(1), int(2)), list(int(3), int(4)))], {})).dtype, 'int32');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.convert_to_tensor', [list(int(1), float(2.5))], { dtype: 'float16' })).dtype, 'float16');
  assert.equal(evaluateForeignOp('tf.convert_to_tensor', [list(float(1.5))], { dtype: 'int32' }).kind, 'unknown');
  assert.equal(evaluateForeignOp('tf.convert_to_tensor', [list(T([2]), T([3]))], {}).kind, 'unknown');
  // tf.reshape with sizes read from tf.shape: None in the graph.
  const rs = tensorOf(evaluateForeignOp('tf.reshape', [T([null, 8, 8, 64]), list(T([], 'int32'), int(8), int(8), int(64))], {}));
  assert.deepEqual(rs.shape, [null, 8, 8, 64]);
  assert.equal(evaluateForeignOp('tf.reshape', [T([null, 8, 8, 64]), list(T([], 'int32'), int(-1))], {}).kind, 'unknown');
  // tf.experimental.numpy: Keras's shapes; the dtype only for tensors of one dtype.
  const m = tensorOf(evaluateForeignOp('tf.experimental.numpy.matmul', [T([null, 4]), T([4, 3])], {}));
  assert.deepEqual([m.shape, m.dtype], [[null, 3], 'float32']);
  const mx = evaluateForeignOp('tf.experimental.numpy.maximum', [T([null, 4]), float(0)], {});
  assert.deepEqual(mx.kind === 'tensor' && [mx.shape, mx.dtype], [[null, 4], null]);
  const mixed = evaluateForeignOp('tf.experimental.numpy.matmul', [T([null, 4], 'float64'), T([4, 3])], {});
  assert.deepEqual(mixed.kind === 'tensor' && [mixed.shape, mixed.dtype], [[null, 3], null]);
});

test('TensorFlow functions by their own rules: split sizes, tile, makers, matmul transposes, argmax', () => {
  const T = (s: (number | null)[], d = 'float32') => tensor(s, d);
  const shapes = (r: OpResult) => {
    assert.equal(r.kind, 'tensors', JSON.stringify(r));
    return (r as unknown as { items: { shape: (number | null)[] }[] }).items.map((i) => i.shape);
  };
  // tf.split with sizes: -1 takes the rest; an axis of None keeps the sized pieces, the -1 piece is None.
  assert.deepEqual(shapes(evaluateForeignOp('tf.split', [T([null, 8, 10]), list(int(2), int(3), int(-1))], { axis: int(-1) })), [[null, 8, 2], [null, 8, 3], [null, 8, 5]]);
  assert.deepEqual(shapes(evaluateForeignOp('tf.split', [T([null, null, 6]), list(int(2), int(-1))], { axis: int(1) })), [[null, 2, 6], [null, null, 6]]);
  assert.deepEqual(shapes(evaluateForeignOp('tf.split', [T([null, null]), list(int(2), int(4))], { axis: int(1) })), [[null, 2], [null, 4]]);
  assert.deepEqual(shapes(evaluateForeignOp('tf.split', [T([6, 4]), int(3)], {})), [[2, 4], [2, 4], [2, 4]]);
  for (const sizes of [list(int(3), int(4)), list(int(-1), int(-1)), list(int(8), int(-1)), list(int(-2), int(8))]) {
    assert.equal(evaluateForeignOp('tf.split', [T([6]), sizes], {}).kind, 'unknown', JSON.stringify(sizes));
  }
  // tf.tile: one multiple per axis; a scalar tensor multiple (from tf.shape) gives None.
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.tile', [T([1, 16, 8]), list(T([], 'int32'), int(1), int(2))], {})).shape, [null, 16, 16]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.tile', [T([null, 3], 'int32'), tuple(int(2), int(2))], {})).shape, [null, 6]);
  assert.equal(evaluateForeignOp('tf.tile', [T([4, 3]), list(int(2))], {}).kind, 'unknown');
  // Makers: float32 by default, Python ints int32, strings string; sizes from tf.shape are None.
  const z = tensorOf(evaluateForeignOp('tf.zeros', [tuple(int(1), int(1), int(192))], {}));
  assert.deepEqual([z.shape, z.dtype, z.concrete], [[1, 1, 192], 'float32', true]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.ones', [int(3)], { dtype: 'int64' })).dtype, 'int64');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.zeros', [list(T([], 'int32'), int(4))], {})).shape, [null, 4]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.fill', [list(int(2), int(3)), int(7)], {})).dtype, 'int32');
  assert.equal(evaluateForeignOp('tf.fill', [list(int(2)), list(int(1), int(2))], {}).kind, 'unknown');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.zeros_like', [T([null, 5], 'int8')], {})).dtype, 'int8');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.ones_like', [list(float(1), float(2))], {})).shape, [2]);
  const words = tensorOf(evaluateForeignOp('tf.constant', [list('a b', 'c', 'd')], {}));
  assert.deepEqual([words.shape, words.dtype], [[3], 'string']);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.constant', [list(int(1), int(2))], {})).dtype, 'int32');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.constant', [float(0.5)], { shape: tuple(int(2), int(3)) })).shape, [2, 3]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.constant', [list(int(1), int(2), int(3), int(4))], { shape: list(int(2), int(2)), dtype: 'float32' })).dtype, 'float32');
  assert.equal(evaluateForeignOp('tf.constant', [list(int(1), int(2), int(3))], { shape: list(int(2), int(2)) }).kind, 'unknown');
  assert.equal(evaluateForeignOp('tf.constant', [T([null, 3])], {}).kind, 'unknown');
  // tf.matmul with transposes; tf.argmax/argmin: axis 0 by default, int64 unless output_type.
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.matmul', [T([null, 64]), T([512, 64])], { transpose_b: true })).shape, [null, 512]);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.matmul', [T([4, 3, 2]), T([4, 3, 5])], { transpose_a: true })).shape, [4, 2, 5]);
  const am = tensorOf(evaluateForeignOp('tf.argmin', [T([null, 512])], { axis: int(1) }));
  assert.deepEqual([am.shape, am.dtype], [[null], 'int64']);
  const ax0 = tensorOf(evaluateForeignOp('tf.argmax', [T([7, 3])], { output_type: 'int32' }));
  assert.deepEqual([ax0.shape, ax0.dtype], [[3], 'int32']);
  // tf.cast to a dtype the analysis does not know keeps the shape.
  const cast = evaluateForeignOp('tf.cast', [T([2, 3])], { dtype: { kind: 'unknown' } });
  assert.deepEqual(cast.kind === 'tensor' && [cast.shape, cast.dtype], [[2, 3], null]);
});

test('TensorFlow image functions: boxes, central crops, random crops, files', () => {
  const T = (s: (number | null)[], d = 'float32') => tensor(s, d);
  const box = (name: string, img: Parameters<typeof evaluateOp>[1][number], ...sizes: Parameters<typeof evaluateOp>[1]) => evaluateForeignOp(`tf.image.${name}`, [img, ...sizes], {});
  assert.deepEqual(tensorOf(box('crop_to_bounding_box', T([null, 32, 32, 3]), int(0), int(2), int(30), int(28))).shape, [null, 30, 28, 3]);
  assert.deepEqual(tensorOf(box('crop_to_bounding_box', T([32, 32, 3], 'uint8'), int(1), int(1), T([], 'int32'), int(8))).shape, [null, 8, 3]);
  assert.equal(box('crop_to_bounding_box', T([32, 32, 3]), int(4), int(0), int(30), int(8)).kind, 'unknown');
  assert.equal(box('crop_to_bounding_box', T([32, 32]), int(0), int(0), int(8), int(8)).kind, 'unknown');
  assert.deepEqual(tensorOf(box('pad_to_bounding_box', T([null, 30, 28, 3]), int(1), int(2), int(32), int(32))).shape, [null, 32, 32, 3]);
  assert.equal(box('pad_to_bounding_box', T([null, 32, 32, 3]), int(1), int(0), int(32), int(32)).kind, 'unknown');
  assert.deepEqual(tensorOf(box('resize_with_crop_or_pad', T([null, null, 3]), int(40), int(20))).shape, [40, 20, 3]);
  // central_crop: h - 2 * int((h - h * f) / 2) for a known size, None stays None.
  assert.deepEqual(tensorOf(box('central_crop', T([null, 224, 17, 3]), float(0.875))).shape, [null, 196, 15, 3]);
  assert.deepEqual(tensorOf(box('central_crop', T([33, null, 3]), float(0.3))).shape, [11, null, 3]);
  assert.deepEqual(tensorOf(box('central_crop', T([33, 9, 3]), float(1))).shape, [33, 9, 3]);
  assert.equal(box('central_crop', T([33, 9, 3]), float(1.5)).kind, 'unknown');
  assert.deepEqual(tensorOf(box('random_crop', T([null, 32, 32, 3]), tuple(T([], 'int32'), int(24), int(24), int(3)))).shape, [null, 24, 24, 3]);
  assert.equal(box('random_crop', T([32, 32, 3]), tuple(int(40), int(24), int(3))).kind, 'unknown');
  assert.equal(box('random_crop', T([32, 32, 3]), tuple(int(24), int(24))).kind, 'unknown');
  // Files: a scalar string, decoded to (None, None, channels).
  const bytes = tensorOf(evaluateForeignOp('tf.io.read_file', [{ kind: 'unknown' }], {}));
  assert.deepEqual([bytes.shape, bytes.dtype], [[], 'string']);
  const jpeg = tensorOf(evaluateForeignOp('tf.image.decode_jpeg', [T([], 'string')], { channels: int(3) }));
  assert.deepEqual([jpeg.shape, jpeg.dtype], [[null, null, 3], 'uint8']);
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.io.decode_png', [T([], 'string')], { dtype: 'uint16' })).shape, [null, null, null]);
  assert.equal(evaluateForeignOp('tf.image.decode_jpeg', [T([], 'string')], { channels: int(4) }).kind, 'unknown');
  assert.equal(evaluateForeignOp('tf.image.decode_image', [T([], 'string')], { channels: int(3) }).kind, 'unknown');
  assert.deepEqual(tensorOf(evaluateForeignOp('tf.image.decode_image', [T([], 'string')], { channels: int(3), expand_animations: false })).shape, [null, null, 3]);
  const f = tensorOf(evaluateForeignOp('tf.image.convert_image_dtype', [T([null, null, 3], 'uint8'), 'float32'], {}));
  assert.deepEqual([f.shape, f.dtype], [[null, null, 3], 'float32']);
  // tf.image.resize: float32 for every method but nearest.
  assert.equal(tensorOf(evaluateForeignOp('tf.image.resize', [T([null, null, 3], 'uint8'), tuple(int(8), int(8))], {})).dtype, 'float32');
  assert.equal(tensorOf(evaluateForeignOp('tf.image.resize', [T([null, null, 3], 'uint8'), tuple(int(8), int(8))], { method: 'nearest' })).dtype, 'uint8');
});
