// TensorFlow functions whose semantics differ from the Keras op of the same
// idea, computed with TensorFlow's own rules: `tf.einsum` (case-sensitive
// labels, spaces ignored, labelled sizes must agree; Keras's symbolic einsum
// refuses upper-case labels and broadcasts), `tf.range` (a scalar tensor bound
// gives a length of None; an empty range the wrong way raises) and
// `tf.convert_to_tensor` (Python ints int32, floats float32, lists of tensors
// stacked), `tf.zeros/ones/fill/constant` and the `_like` forms (float32 by
// default, strings string), `tf.split` with a list of sizes (one may be -1) and
// `tf.tile` (one multiple per axis; a scalar tensor multiple gives None).
// TensorFlow does not promote dtypes: mixed dtypes are unknown.
//
//   tf.einsum("bhwc, bHWc->bhwHW", q (None, 8, 8, 64), k (None, 8, 8, 64)) → (None, 8, 8, 8, 8)
//   tf.range(0, tf.shape(x)[1])                                          → (None,) int32
//   tf.convert_to_tensor([image (32, 32, 3) uint8])                      → (1, 32, 32, 3) uint8
//   tf.split(x (None, 8, 10), [2, 3, -1], axis=-1)                       → [(None, 8, 2), (None, 8, 3), (None, 8, 5)]
import { OpFailure, notModelled } from './failure';
import { ALLOWED_DTYPES, standardizeDtype } from './dtypes';
import type { DType, OpValue, OutItem, TensorValue } from './types';
import { anySymbolic, isSeq, isTensor, out, pyArrayShape, pyInt, pyNumber } from './values';
import type { Dim } from '../types';

/** `convert_to_tensor` of a Python number or numeric sequence: ints int32, floats float32, bools bool (never mixed with numbers). */
export function tfConvertPython(v: OpValue): { shape: number[]; dtype: DType } | undefined {
  const s = pyArrayShape(v);
  if (!s) return undefined;
  let bools = 0;
  let numbers = 0;
  let tooBig = false;
  const visit = (x: OpValue): void => {
    if (typeof x === 'boolean') bools++;
    else if (isSeq(x)) x.items.forEach(visit);
    else {
      numbers++;
      const n = pyInt(x);
      if (n !== undefined && Math.abs(n) > 2 ** 31 - 1) tooBig = true;
    }
  };
  visit(v);
  // TensorFlow refuses bools mixed with numbers; ints beyond int32 become int64.
  if ((bools > 0 && numbers > 0) || tooBig) return undefined;
  return { shape: s.shape, dtype: s.kind === 'bool' ? 'bool' : s.kind === 'int' ? 'int32' : 'float32' };
}

// ---------------------------------------------------------------- einsum

/** The labels of one operand's subscript, with `...` as one entry. */
function labels(spec: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    if (spec.startsWith('...', i)) {
      if (out.includes('...')) return undefined;
      out.push('...');
      i += 2;
    } else if (/[A-Za-z]/.test(spec[i])) out.push(spec[i]);
    else return undefined;
  }
  return out;
}

/** `tf.einsum(equation, *inputs)`: the output shape by TensorFlow's rules. */
export function tfEinsum(equation: OpValue, inputs: readonly OpValue[]): OutItem {
  if (typeof equation !== 'string') return notModelled('`equation` is not a string');
  if (!inputs.length) return notModelled('no inputs');
  const tensors = inputs.map((x) => (isTensor(x) ? x : notModelled('an input is not a tensor')));
  const dtypes = new Set(tensors.map((t) => t.dtype));
  if (dtypes.size > 1) return notModelled(`TensorFlow does not promote mixed dtypes (${[...dtypes].join(', ')})`);
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs, more] = eq.split('->');
  if (more !== undefined) return notModelled('more than one `->`');
  const specs = lhs.split(',').map(labels);
  if (specs.length !== tensors.length || specs.some((s) => s === undefined)) return notModelled('the subscripts do not match the inputs');
  const sizes = new Map<string, Dim>();
  let ellipsis: Dim[] | undefined;
  const counts = new Map<string, number>();
  for (let n = 0; n < tensors.length; n++) {
    const spec = specs[n] as string[];
    const shape = tensors[n].shape;
    const named = spec.filter((l) => l !== '...').length;
    const hasDots = spec.includes('...');
    if (hasDots ? shape.length < named : shape.length !== named) return notModelled(`the rank of input ${n} does not match its subscript`);
    let axis = 0;
    for (const l of spec) {
      if (l === '...') {
        const dims = shape.slice(axis, axis + shape.length - named);
        axis += dims.length;
        ellipsis = ellipsis === undefined ? dims : broadcastDims(ellipsis, dims);
        continue;
      }
      counts.set(l, (counts.get(l) ?? 0) + 1);
      const d = shape[axis++];
      const known = sizes.get(l);
      // A label's sizes must agree; None takes the other's size.
      if (known !== undefined && known !== null && d !== null && known !== d) return notModelled(`the sizes of label ${l} differ (${known} and ${d})`);
      if (known === undefined || known === null) sizes.set(l, d);
    }
  }
  const outLabels = rhs !== undefined ? labels(rhs) : ['...', ...[...counts.keys()].filter((l) => counts.get(l) === 1).sort()];
  if (!outLabels) return notModelled('the output subscript');
  const shape: Dim[] = [];
  for (const l of outLabels) {
    if (l === '...') shape.push(...(ellipsis ?? []));
    else if (sizes.has(l)) shape.push(sizes.get(l) as Dim);
    else return notModelled(`the output label ${l} is not an input label`);
  }
  return out(shape, tensors[0].dtype);
}

/** Broadcasting of ellipsis dimensions (None beside n: unknown here, as TensorFlow checks at run time). */
function broadcastDims(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const n = Math.max(a.length, b.length);
  const pa = [...new Array<Dim>(n - a.length).fill(1), ...a];
  const pb = [...new Array<Dim>(n - b.length).fill(1), ...b];
  return pa.map((x, i) => {
    const y = pb[i];
    if (x === 1) return y;
    if (y === 1 || x === y) return x;
    return notModelled('the broadcast dimensions of `...` do not agree');
  });
}

// ---------------------------------------------------------------- range

/** TensorFlow's order for inferring `tf.range`'s dtype. */
const RANGE_DTYPES = ['int32', 'int64', 'float32', 'float64'];

/** `tf.range(start, limit, delta, dtype)`. */
export function tfRange(start: OpValue, limit: OpValue, delta: OpValue, dtypeV: OpValue): OutItem {
  if (limit === null) [start, limit] = [{ kind: 'int', value: 0 }, start];
  const args = [start, limit, delta];
  const dtypeOf = (v: OpValue): DType => {
    if (isTensor(v)) {
      if (v.shape.length !== 0) return notModelled('a bound that is not a scalar');
      return v.dtype;
    }
    if (typeof v === 'object' && v !== null && v.kind === 'int') return 'int32';
    if (typeof v === 'object' && v !== null && v.kind === 'float') return 'float32';
    return notModelled('a bound that is not a number or a scalar tensor');
  };
  const inferred = args.map(dtypeOf);
  if (inferred.some((d) => !RANGE_DTYPES.includes(d))) return notModelled(`a bound of dtype ${inferred.find((d) => !RANGE_DTYPES.includes(d))}`);
  const dtype = dtypeV === null ? inferred.reduce((a, b) => (RANGE_DTYPES.indexOf(b) > RANGE_DTYPES.indexOf(a) ? b : a)) : standardizeDtype(dtypeV);
  if (!RANGE_DTYPES.includes(dtype)) return notModelled(`\`dtype=${dtype}\``);
  const concrete = !anySymbolic(args) ? { concrete: true } : undefined;
  if (args.some((v) => isTensor(v))) return out([null], dtype, concrete);
  const [s, l, d] = args.map((v) => pyNumber(v) as number);
  const integral = dtype.startsWith('int');
  if (integral && ![s, l, d].every(Number.isInteger)) return notModelled('float bounds cast to an integer dtype');
  if (d === 0) throw new OpFailure('InvalidArgumentError', 'Requires delta != 0: 0');
  if (d > 0 ? s > l : s < l) {
    throw new OpFailure('InvalidArgumentError', `Requires start ${d > 0 ? '<=' : '>='} limit when delta ${d > 0 ? '>' : '<'} 0: ${s}/${l}`);
  }
  let size: number;
  if (integral) size = Math.floor((Math.abs(l - s) + Math.abs(d) - 1) / Math.abs(d));
  else if (dtype === 'float32') {
    const f = Math.fround;
    size = Math.ceil(Math.abs(f(f(f(l) - f(s)) / f(d))));
  } else size = Math.ceil(Math.abs((l - s) / d));
  return out([size], dtype, concrete);
}

// ---------------------------------------------------------------- reshape

/** Whether a `tf.reshape` shape holds scalar tensors (sizes read from `tf.shape`), which Keras's reshape refuses. */
export function holdsTensors(shape: OpValue): boolean {
  return isSeq(shape) && shape.items.some((v) => isTensor(v));
}

/**
 * `tf.reshape(tensor, shape)` with scalar tensors among the sizes: those sizes
 * are None in the graph (TensorFlow checks the element count at run time);
 * -1 beside them is not inferred here.
 */
export function tfReshape(x: OpValue, shape: OpValue): OutItem {
  if (!isTensor(x)) return notModelled('`tensor` is not a tensor');
  if (!isSeq(shape)) return notModelled('`shape` is not a list');
  const dims: Dim[] = shape.items.map((v) => {
    if (isTensor(v)) {
      if (v.shape.length !== 0 || !['int32', 'int64'].includes(v.dtype)) return notModelled('a size that is not an integer scalar');
      // A symbolic size is None in the graph; an array's value is not known here.
      return v.concrete ? notModelled('a size read from an array') : null;
    }
    const n = pyInt(v);
    if (n === undefined || typeof v === 'boolean') return notModelled('a size that is not an int or a scalar tensor');
    if (n < 0) return notModelled(n === -1 ? '-1 beside sizes that are tensors' : 'a negative size');
    return n;
  });
  return out(dims, x.dtype);
}

// ---------------------------------------------------------------- convert_to_tensor

/** `tf.convert_to_tensor(value, dtype)`: a tensor as it is, Python values and lists of tensors converted. */
export function tfConvertToTensor(value: OpValue, dtypeV: OpValue, hint: OpValue): OutItem {
  const given = dtypeV === null ? null : standardizeDtype(dtypeV);
  const concrete = !anySymbolic([value]) ? { concrete: true } : undefined;
  if (isTensor(value)) {
    // A tensor of another dtype is refused (a NumPy array would be cast: which one it is, is not known here).
    if (given !== null && given !== value.dtype) return notModelled(`a ${value.dtype} tensor converted to ${given}`);
    return out(value.shape, value.dtype, { ...concrete, ...(value.sparse ? { sparse: true } : {}) });
  }
  const py = tfConvertPython(value);
  if (py) {
    if (hint !== null) return notModelled('`dtype_hint` on Python values');
    if (given === null || given === py.dtype) return out(py.shape, py.dtype, concrete);
    // Python ints convert to any numeric dtype, floats to float dtypes only.
    const ok = py.dtype === 'int32' ? given !== 'bool' && given !== 'string' : py.dtype === 'float32' ? given.includes('float') || given.includes('complex') : false;
    return ok ? out(py.shape, given, concrete) : notModelled(`Python values converted to ${given}`);
  }
  // A list or tuple of tensors (and nested lists of them) of one shape and dtype: stacked.
  const packed = packTensors(value);
  if (!packed) return notModelled('`value` is not a tensor, a numeric Python value or a list of tensors of one shape and dtype');
  if (given !== null && given !== packed.dtype) return notModelled(`tensors of dtype ${packed.dtype} converted to ${given}`);
  return out(packed.shape, packed.dtype, concrete);
}

function packTensors(v: OpValue): TensorValue | undefined {
  if (isTensor(v)) return v;
  if (!isSeq(v) || v.items.length === 0) return undefined;
  const items = v.items.map(packTensors);
  const first = items[0];
  if (!first || !items.every((t) => t && t.dtype === first.dtype && t.shape.length === first.shape.length && t.shape.every((d, i) => d === first.shape[i]))) return undefined;
  // An unknown size (None) cannot be stacked statically: TensorFlow checks at run time.
  if (first.shape.includes(null)) return undefined;
  return { kind: 'tensor', shape: [items.length, ...first.shape], dtype: first.dtype };
}

// ---------------------------------------------------------------- dtypes and sizes

/** A `dtype=` TensorFlow accepts, as a name (others are not modelled). */
export function tfDtype(v: OpValue, dflt: DType): DType {
  if (v === null) return dflt;
  if (typeof v === 'string') {
    const d = v === 'int' ? 'int32' : v === 'float' ? 'float32' : v;
    if (ALLOWED_DTYPES.includes(d)) return d;
  }
  return notModelled('a `dtype` TensorFlow would interpret itself');
}

/**
 * A size TensorFlow packs into a shape tensor: a Python int (>= 0), or an
 * integer scalar tensor, whose value the graph does not know (None).
 */
export function tfSize(v: OpValue, what: string): Dim {
  if (isTensor(v)) {
    if (v.shape.length !== 0 || !['int32', 'int64'].includes(v.dtype)) return notModelled(`${what} is not an integer scalar`);
    // An eager tensor's value fixes the size, and that value is not known here.
    return v.concrete ? notModelled(`${what} is read from an array`) : null;
  }
  const n = pyInt(v);
  if (n === undefined || typeof v === 'boolean') return notModelled(`${what} is not an int or a scalar tensor`);
  if (n < 0) return notModelled(`${what} is negative`);
  return n;
}

/** The `shape` of tf.zeros/ones/fill: a list of sizes (an int alone where `scalar` allows it). */
function tfShapeArg(v: OpValue, scalar: boolean): Dim[] {
  if (scalar && pyInt(v) !== undefined && typeof v !== 'boolean') return [tfSize(v, 'the size')];
  if (!isSeq(v)) return notModelled('`shape` is not a list of sizes');
  return v.items.map((x) => tfSize(x, 'a size'));
}

/** The dtype TensorFlow gives a Python value or a tensor it converts. */
function tfValueDtype(v: OpValue): { shape: Dim[]; dtype: DType } {
  if (isTensor(v)) return { shape: [...v.shape], dtype: v.dtype };
  if (typeof v === 'string') return { shape: [], dtype: 'string' };
  const py = tfConvertPython(v);
  if (py) return py;
  const strings = stringArrayShape(v);
  if (strings) return { shape: strings, dtype: 'string' };
  return notModelled('a value that is not a tensor, a number, a string or a regular list of them');
}

/** The shape of a nested list of Python strings, if regular. */
function stringArrayShape(v: OpValue): number[] | undefined {
  if (typeof v === 'string') return [];
  if (!isSeq(v) || v.items.length === 0) return undefined;
  const inner = v.items.map(stringArrayShape);
  const first = inner[0];
  if (!first || !inner.every((s) => s && s.join(',') === first.join(','))) return undefined;
  return [v.items.length, ...first];
}

const concreteIf = (values: readonly OpValue[]): { concrete: true } | undefined => (anySymbolic(values) ? undefined : { concrete: true });

// ---------------------------------------------------------------- filled tensors

/** `tf.zeros(shape, dtype)` / `tf.ones`: float32 unless `dtype`; sizes that are scalar tensors are None. */
export function tfFilled(shape: OpValue, dtypeV: OpValue): OutItem {
  return out(tfShapeArg(shape, true), tfDtype(dtypeV, 'float32'), concreteIf([shape]));
}

/** `tf.fill(dims, value)`: the dtype of `value` (Python ints int32, floats float32). */
export function tfFill(dims: OpValue, value: OpValue): OutItem {
  const v = tfValueDtype(value);
  if (v.shape.length !== 0) return notModelled('`value` is not a scalar');
  return out(tfShapeArg(dims, false), v.dtype, concreteIf([dims, value]));
}

/** `tf.zeros_like(input, dtype)` / `tf.ones_like`: the shape of `input`, its dtype unless `dtype`. */
export function tfFilledLike(input: OpValue, dtypeV: OpValue): OutItem {
  const v = tfValueDtype(input);
  return out(v.shape, tfDtype(dtypeV, v.dtype), concreteIf([input]));
}

/** `tf.constant(value, dtype, shape)`: Python values (and eager tensors) only; `shape` fills a scalar or reshapes. */
export function tfConstant(value: OpValue, dtypeV: OpValue, shapeV: OpValue): OutItem {
  if (isTensor(value) && !value.concrete) return notModelled('a symbolic tensor given to `tf.constant`, which takes values only');
  if (isSeq(value) && holdsAnyTensor(value)) return notModelled('a list holding tensors');
  const v = tfValueDtype(value);
  let dtype = v.dtype;
  if (dtypeV !== null) {
    const given = tfDtype(dtypeV, v.dtype);
    if (isTensor(value) || v.dtype === 'string' || v.dtype === 'bool') {
      if (given !== v.dtype) return notModelled(`a ${v.dtype} value given \`dtype=${given}\``);
    } else {
      const converted = tfConvertToTensor(value, given, null);
      if (converted.kind !== 'tensor' || converted.dtype === null) return notModelled(`a ${v.dtype} value given \`dtype=${given}\``);
    }
    dtype = given;
  }
  let shape: Dim[] = v.shape;
  if (shapeV !== null) {
    const wanted = isSeq(shapeV) ? shapeV.items.map((x) => (isTensor(x) ? notModelled('`shape` holds a tensor') : tfSize(x, 'a size'))) : notModelled('`shape` is not a list of sizes');
    const count = (s: readonly Dim[]): number => s.reduce<number>((a, d) => a * (d ?? 0), 1);
    // A scalar is filled out to the shape; otherwise the element counts must agree.
    if (v.shape.length !== 0 && count(v.shape) !== count(wanted)) return notModelled(`${count(v.shape)} elements do not fill \`shape\` ${JSON.stringify(wanted)}`);
    shape = wanted;
  }
  return out(shape, dtype, { concrete: true });
}

function holdsAnyTensor(v: OpValue): boolean {
  return isTensor(v) || (isSeq(v) && v.items.some(holdsAnyTensor));
}

// ---------------------------------------------------------------- split, tile

/**
 * `tf.split(value, [sizes], axis)` (TensorFlow's SplitV): one piece per size,
 * one size may be -1 for the rest; the sizes must add up to the axis's size
 * when it is known. With the axis's size None, a -1 piece is None.
 */
export function tfSplitSizes(x: OpValue, sizes: OpValue, axisV: OpValue): OutItem {
  if (!isTensor(x)) return notModelled('`value` is not a tensor');
  if (!isSeq(sizes) || sizes.items.length === 0) return notModelled('`num_or_size_splits` is not an int or a list of sizes');
  const axis = pyInt(axisV);
  if (axis === undefined || typeof axisV === 'boolean') return notModelled('`axis` is not an int');
  const rank = x.shape.length;
  if (axis < -rank || axis >= rank) return notModelled(`axis ${axis} is outside a tensor of rank ${rank}`);
  const ax = axis < 0 ? axis + rank : axis;
  const given = sizes.items.map((v) => {
    const n = pyInt(v);
    if (n === undefined || typeof v === 'boolean') return notModelled('a size that is not an int');
    if (n < -1) return notModelled('a negative size');
    return n;
  });
  if (given.filter((n) => n === -1).length > 1) return notModelled('more than one size is -1');
  const rest = given.includes(-1);
  const total = given.reduce((a, n) => (n === -1 ? a : a + n), 0);
  const dim = x.shape[ax];
  if (dim !== null && (rest ? total > dim : total !== dim)) {
    return notModelled(`the sizes add up to ${total}${rest ? ' besides -1' : ''}, the axis has ${dim} (TensorFlow refuses the split)`);
  }
  const items = given.map((n) => out(x.shape.map((d, i) => (i !== ax ? d : n !== -1 ? n : dim === null ? null : dim - total)), x.dtype, concreteIf([x])));
  return { kind: 'tensors', container: 'list', items };
}

/**
 * `tf.tile(input, multiples)`: one multiple per axis (TensorFlow refuses
 * another count); a multiple that is a scalar tensor gives None.
 */
export function tfTile(x: OpValue, multiples: OpValue): OutItem {
  if (!isTensor(x)) return notModelled('`input` is not a tensor');
  if (!isSeq(multiples)) return notModelled('`multiples` is not a list');
  if (multiples.items.length !== x.shape.length) return notModelled(`${multiples.items.length} multiples for a tensor of rank ${x.shape.length} (TensorFlow needs one per axis)`);
  const dims = multiples.items.map((v, i) => {
    const m = tfSize(v, 'a multiple');
    const d = x.shape[i];
    return m === null || d === null ? null : m * d;
  });
  return out(dims, x.dtype, concreteIf([x, multiples]));
}

// ---------------------------------------------------------------- stft

/**
 * `tf.signal.stft(signals, frame_length, frame_step, fft_length, pad_end)`:
 * the last axis cut into frames (1 + (samples - frame_length) // frame_step
 * of them, or ceil(samples / frame_step) with `pad_end`), each transformed
 * into fft_length // 2 + 1 complex bins; fft_length defaults to the smallest
 * power of 2 at least frame_length.
 */
export function tfStft(signals: OpValue, frameLength: OpValue, frameStep: OpValue, fftLength: OpValue, padEnd: OpValue): OutItem {
  if (!isTensor(signals) || signals.shape.length === 0) return notModelled('`signals` is not a tensor of rank 1 or more');
  const complex = signals.dtype === 'float32' ? 'complex64' : signals.dtype === 'float64' ? 'complex128' : undefined;
  if (complex === undefined) return notModelled(`a ${signals.dtype} signal`);
  const length = pyInt(frameLength);
  const step = pyInt(frameStep);
  if (length === undefined || step === undefined || length <= 0 || step <= 0 || typeof padEnd !== 'boolean') return notModelled('the frame length or step is not known');
  let fft = fftLength === null ? 1 : pyInt(fftLength);
  if (fft === undefined || fft <= 0) return notModelled('`fft_length` is not known');
  if (fftLength === null) while (fft < length) fft *= 2;
  const samples = signals.shape[signals.shape.length - 1];
  const frames = samples === null ? null : padEnd ? Math.ceil(samples / step) : Math.max(0, 1 + Math.floor((samples - length) / step));
  return out([...signals.shape.slice(0, -1), frames, Math.floor(fft / 2) + 1], complex);
}
