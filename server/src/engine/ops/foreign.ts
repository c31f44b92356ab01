// TensorFlow and NumPy names mapped onto the catalogue, only where the
// semantics are the same as the Keras op's (guards send the other cases to
// 'unknown' with the difference as the reason). Each entry lists the foreign
// parameters in order: `a>x1` renames, `p=v` is optional, `p=v~` is dropped
// (e.g. `name`), `p=v!` must keep its default, `*p` takes the remaining
// positionals (as a tuple), and the parameters after it are keywords.
//
//   evaluateForeignOp('tf.concat', [list(a, b)], { axis: int(-1) })  // as keras.ops.concatenate
import { DEFAULT_ENGINE_CONFIG } from '../types';
import type { EngineConfig } from '../types';
import { bindCall, parseLiteral } from './bind';
import type { Signature } from './bind';
import { evaluateOp } from './catalogue';
import { OpFailure, notModelled } from './failure';
import type { DType, OpParam, OpResult, OpValue, OutItem } from './types';
import { anySymbolic, isSeq, isTensor, isUnknownValue, out, pyInt, repr } from './values';
import { holdsTensors, tfConstant, tfConvertPython, tfConvertToTensor, tfEinsum, tfFill, tfFilled, tfFilledLike, tfRange, tfReshape, tfSplitSizes, tfStft, tfTile } from './tfops';
import { tfCentralCrop, tfConvertImageDtype, tfCropToBox, tfDecodeDtype, tfDecodeImage, tfPadToBox, tfRandomCrop, tfReadFile, tfResizeWithCropOrPad } from './tfimage';
import { countUntyped, evaluateUntyped } from './untyped';

export interface ForeignOp {
  /** The foreign name: `tf.concat`, `np.concatenate`. */
  readonly name: string;
  /** The catalogue path it evaluates as (empty for entries computed here). */
  readonly target: string;
  /** The foreign parameters in order (see the file comment). */
  readonly params: string;
  /** How the foreign function differs from the Keras op, if at all. */
  readonly note?: string;
  /** Refuses calls whose semantics differ: returns the reason, or undefined when the call maps. */
  readonly guard?: (kw: Readonly<Record<string, OpValue>>) => string | undefined;
  /** Fixes up the Keras keywords (defaults that differ, values that translate). */
  readonly adapt?: (kw: Record<string, OpValue>) => void;
  /** For entries that are not a Keras op (tf.shape): the result itself. */
  readonly compute?: (kw: Readonly<Record<string, OpValue>>) => OpResult;
  /**
   * Keras parameters TensorFlow converts with `convert_to_tensor` first: a
   * Python number or numeric sequence there becomes an int32, float32 or bool
   * tensor (the result is concrete when no argument is symbolic).
   */
  readonly converts?: readonly string[];
  /**
   * TensorFlow's NumPy API (`tf.experimental.numpy`): shapes as the Keras op,
   * dtypes promoted its own way, so the dtype is known only where every operand
   * is a tensor of the one dtype the Keras op keeps.
   */
  readonly numpyApi?: boolean;
}

/** TensorFlow does not promote dtypes: the Keras result matches only for one dtype, not 64-bit (Keras narrows). */
function sameDtypes(...names: string[]): (kw: Readonly<Record<string, OpValue>>) => string | undefined {
  return (kw) => {
    const dts = new Set<string>();
    let floatScalar = false;
    for (const n of names) {
      const v = kw[n];
      if (isTensor(v)) dts.add(v.dtype);
      else if (typeof v === 'object' && v !== null && v.kind === 'float') floatScalar = true;
      else if (isSeq(v)) return 'a Python sequence beside a tensor (TensorFlow converts it, Keras refuses lists)';
    }
    if (dts.size > 1) return `TensorFlow does not promote mixed dtypes (${[...dts].join(', ')}); Keras does`;
    const d = [...dts][0];
    if (d && d.includes('64')) return 'TensorFlow keeps 64-bit dtypes; Keras narrows them to 32 bits';
    if (d && floatScalar && !d.includes('float')) return 'TensorFlow refuses a Python float beside an integer tensor; Keras promotes';
    return undefined;
  };
}
/** A reduction whose Keras dtype rule equals TensorFlow's only for these dtypes. */
function reduceDtypes(allowed: readonly string[]): (kw: Readonly<Record<string, OpValue>>) => string | undefined {
  return (kw) => {
    const x = kw.x;
    if (isTensor(x) && !allowed.includes(x.dtype)) return `for ${x.dtype} inputs TensorFlow's result dtype differs from Keras's`;
    return undefined;
  };
}
const floatsOnly = reduceDtypes(['float16', 'bfloat16', 'float32']);
const sumDtypes = reduceDtypes(['float16', 'bfloat16', 'float32', 'int32', 'uint32']);
const keepDtypes = reduceDtypes(['float16', 'bfloat16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32']);
/** TensorFlow's `axis=None` on softmax means the last axis. */
const lastAxisIfNone = (kw: Record<string, OpValue>): void => {
  if (kw.axis === null) delete kw.axis;
};

/** Keras's matmul gives int32 for int8 operands. */
function matmulGuard(kw: Readonly<Record<string, OpValue>>): string | undefined {
  const x = kw.x1;
  if (isTensor(x) && x.dtype === 'int8') return 'Keras multiplies int8 matrices into int32';
  return sameDtypes('x1', 'x2')(kw);
}

/** A TensorFlow function computed by its own rules (tfops.ts), as a result. */
function tfResult(name: string, f: () => OutItem, explain: string): OpResult {
  try {
    return { ...f(), explain, op: name };
  } catch (e) {
    if (e instanceof OpFailure) {
      return e.errorType === 'unknown' ? { kind: 'unknown', reason: `${name}: ${e.message}` } : { kind: 'error', errorType: e.errorType, message: e.message, code: e.code };
    }
    throw e;
  }
}

/** Tensors made from a shape or a value, by TensorFlow's dtype rules (float32 by default; Python ints int32). */
const TF_MAKERS: ForeignOp[] = [
  ...(['zeros', 'ones'] as const).map((n): ForeignOp => ({
    name: `tf.${n}`,
    target: '',
    params: 'shape, dtype=float32, name=None~, layout=None!',
    note: 'float32 unless `dtype`; a size that is a scalar tensor (from `tf.shape`) is None.',
    compute: (kw) => tfResult(`tf.${n}`, () => tfFilled(kw.shape, kw.dtype ?? 'float32'), `A tensor of ${n} of \`shape\`.`),
  })),
  ...(['zeros_like', 'ones_like'] as const).map((n): ForeignOp => ({
    name: `tf.${n}`,
    target: '',
    params: 'input, dtype=None, name=None~, layout=None!',
    note: 'The shape of `input`, its dtype unless `dtype` (Python values converted: ints int32, floats float32).',
    compute: (kw) => tfResult(`tf.${n}`, () => tfFilledLike(kw.input, kw.dtype ?? null), `${n === 'zeros_like' ? 'Zeros' : 'Ones'} shaped like \`input\`.`),
  })),
  {
    name: 'tf.fill',
    target: '',
    params: 'dims, value, name=None~, layout=None!',
    note: 'The dtype of `value`: Python ints int32, floats float32.',
    compute: (kw) => tfResult('tf.fill', () => tfFill(kw.dims, kw.value), 'A tensor of `dims` filled with `value`.'),
  },
  {
    name: 'tf.constant',
    target: '',
    params: 'value, dtype=None, shape=None, name=None~',
    note: 'Python values only: ints int32, floats float32, strings string; `shape` fills a scalar or reshapes.',
    compute: (kw) => tfResult('tf.constant', () => tfConstant(kw.value, kw.dtype ?? null, kw.shape ?? null), 'A constant tensor of `value`.'),
  },
];

/** `[1, s, s, 1]` (TensorFlow's per-axis strides or dilations of NHWC) as Keras's `(s, s)`; other forms as they are. */
function spatialPair(v: OpValue | undefined): OpValue | undefined {
  if (!isSeq(v) || v.items.length !== 4) return v;
  return { kind: 'tuple', items: v.items.slice(1, 3) };
}

/** tf.nn.conv2d as keras.ops.conv: NHWC only, `SAME`/`VALID` padding, strides and dilations given per axis with 1 for batch and channels. */
const TF_CONV: ForeignOp = {
  name: 'tf.nn.conv2d',
  target: 'keras.ops.conv',
  params: 'input>inputs, filters>kernel, strides, padding, data_format=NHWC!, dilations>dilation_rate=None, name=None~',
  note: "TensorFlow's padding names are upper case; its strides and dilations may list all four axes (1 for batch and channels).",
  guard: (kw) => {
    if (typeof kw.padding !== 'string' || !['same', 'valid'].includes(kw.padding.toLowerCase())) return 'explicit paddings are not mapped';
    for (const v of [kw.strides, kw.dilation_rate]) {
      if (isSeq(v) && v.items.length === 4 && (pyInt(v.items[0]) !== 1 || pyInt(v.items[3]) !== 1)) return 'a stride or dilation over the batch or channel axis';
    }
    const above1 = (v: OpValue | undefined): boolean => (isSeq(v) ? v.items.some((x) => (pyInt(x) ?? 1) > 1) : (pyInt(v ?? null) ?? 1) > 1);
    if (above1(kw.strides) && above1(kw.dilation_rate)) return 'TensorFlow refuses strides and dilations both above 1';
    return undefined;
  },
  adapt: (kw) => {
    kw.padding = (kw.padding as string).toLowerCase();
    kw.strides = spatialPair(kw.strides) ?? { kind: 'int', value: 1 };
    if (kw.dilation_rate === null || kw.dilation_rate === undefined) delete kw.dilation_rate;
    else kw.dilation_rate = spatialPair(kw.dilation_rate) as OpValue;
  },
};

/** TensorFlow's complex parts and Fourier transforms: shapes kept, dtypes by TensorFlow's rules. */
const REAL_OF: Readonly<Record<string, string>> = { complex64: 'float32', complex128: 'float64' };
const TF_COMPLEX: ForeignOp[] = [
  ...(['real', 'imag'] as const).map((n): ForeignOp => ({
    name: `tf.math.${n}`,
    target: '',
    params: 'input, name=None~',
    note: 'The shape of `input`; a complex64 input gives float32, complex128 float64 (Keras keeps the complex dtype).',
    compute: (kw): OpResult => {
      const x = kw.input;
      if (!isTensor(x)) return { kind: 'unknown', reason: `tf.math.${n} of a value that is not a tensor` };
      const dtype = REAL_OF[x.dtype] ?? (n === 'real' && /^(float|bfloat)/.test(x.dtype) ? x.dtype : undefined);
      if (dtype === undefined) return { kind: 'unknown', reason: `tf.math.${n} of a ${x.dtype} tensor` };
      return { ...out(x.shape, dtype as DType), explain: `The ${n} part, element-wise.`, op: `tf.math.${n}` };
    },
  })),
  {
    name: 'tf.math.abs',
    target: '',
    params: 'x, name=None~',
    note: 'The magnitude: a complex input gives its real dtype; float inputs as keras.ops.abs.',
    compute: (kw): OpResult => {
      const x = kw.x;
      if (isTensor(x) && x.dtype in REAL_OF) return { ...out(x.shape, REAL_OF[x.dtype] as DType), explain: 'The magnitude, element-wise.', op: 'tf.math.abs' };
      const refused = floatsOnly(kw);
      return refused !== undefined ? { kind: 'unknown', reason: refused } : evaluateOp('keras.ops.abs', [], { x });
    },
  },
  {
    name: 'tf.signal.stft',
    target: '',
    params: 'signals, frame_length, frame_step, fft_length=None, window_fn=None~, pad_end=False, name=None~',
    note: 'Frames of the last axis (with `pad_end`, ceil(samples / frame_step) of them), each with fft_length // 2 + 1 complex bins; fft_length defaults to the next power of 2.',
    compute: (kw): OpResult => tfResult('tf.signal.stft', () => tfStft(kw.signals, kw.frame_length, kw.frame_step, kw.fft_length ?? null, kw.pad_end ?? false), 'The short-time Fourier transform of the last axis.'),
  },
  {
    name: 'tf.signal.linear_to_mel_weight_matrix',
    target: '',
    params: 'num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000, lower_edge_hertz=125.0, upper_edge_hertz=3800.0, dtype=float32, name=None~',
    note: 'A (num_spectrogram_bins, num_mel_bins) matrix.',
    compute: (kw): OpResult => {
      const bins = pyInt(kw.num_spectrogram_bins ?? { kind: 'int', value: 129 });
      const mels = pyInt(kw.num_mel_bins ?? { kind: 'int', value: 20 });
      const dtype = typeof kw.dtype === 'string' ? kw.dtype : 'float32';
      if (bins === undefined || mels === undefined || bins <= 0 || mels <= 0) return { kind: 'unknown', reason: 'the numbers of bins are not known' };
      return { ...out([bins, mels], dtype as DType, { concrete: true }), explain: 'The mel filterbank matrix.', op: 'tf.signal.linear_to_mel_weight_matrix' };
    },
  },
  ...(['fft', 'ifft', 'fft2d', 'ifft2d', 'fft3d', 'ifft3d'] as const).map((n): ForeignOp => ({
    name: `tf.signal.${n}`,
    target: '',
    params: 'input, name=None~',
    note: 'A complex tensor of the same shape and dtype, transformed over its innermost axes.',
    compute: (kw): OpResult => {
      const x = kw.input;
      const rank = n.endsWith('3d') ? 3 : n.endsWith('2d') ? 2 : 1;
      if (!isTensor(x) || !(x.dtype in REAL_OF) || x.shape.length < rank) return { kind: 'unknown', reason: `tf.signal.${n} takes a complex tensor of rank ${rank} or more` };
      return { ...out(x.shape, x.dtype), explain: `The ${rank}-D discrete Fourier transform of the innermost axes.`, op: `tf.signal.${n}` };
    },
  })),
];

/** TensorFlow's image functions (tfimage.ts). */
const TF_IMAGE: ForeignOp[] = [
  ...(['crop_to_bounding_box', 'pad_to_bounding_box'] as const).map((n): ForeignOp => ({
    name: `tf.image.${n}`,
    target: '',
    params: 'image, offset_height, offset_width, target_height, target_width',
    note: 'A 3-D image or a 4-D batch; the target sizes replace height and width (None where they are scalar tensors).',
    compute: (kw) =>
      tfResult(`tf.image.${n}`, () => (n === 'crop_to_bounding_box' ? tfCropToBox : tfPadToBox)(kw.image, kw.offset_height, kw.offset_width, kw.target_height, kw.target_width), `The image ${n === 'crop_to_bounding_box' ? 'cropped' : 'padded'} to the box.`),
  })),
  {
    name: 'tf.image.resize_with_crop_or_pad',
    target: '',
    params: 'image, target_height, target_width',
    compute: (kw) => tfResult('tf.image.resize_with_crop_or_pad', () => tfResizeWithCropOrPad(kw.image, kw.target_height, kw.target_width), 'The image cropped or padded centrally to the target size.'),
  },
  {
    name: 'tf.image.central_crop',
    target: '',
    params: 'image, central_fraction',
    note: 'A known size h becomes h - 2 * int((h - h * fraction) / 2).',
    compute: (kw) => tfResult('tf.image.central_crop', () => tfCentralCrop(kw.image, kw.central_fraction), 'The central part of the image.'),
  },
  {
    name: 'tf.image.random_crop',
    target: '',
    params: 'value, size, seed=None~, name=None~',
    compute: (kw) => tfResult('tf.image.random_crop', () => tfRandomCrop(kw.value, kw.size), 'A random slice of shape `size`.'),
  },
  {
    name: 'tf.io.read_file',
    target: '',
    params: 'filename, name=None~',
    compute: (kw) => tfResult('tf.io.read_file', () => tfReadFile(kw.filename), "The file's contents as a scalar string tensor."),
  },
  {
    name: 'tf.image.convert_image_dtype',
    target: '',
    params: 'image, dtype, saturate=False~, name=None~',
    compute: (kw) => tfResult('tf.image.convert_image_dtype', () => tfConvertImageDtype(kw.image, kw.dtype), 'The image in `dtype`, rescaled.'),
  },
  ...['tf.image', 'tf.io'].flatMap((m): ForeignOp[] => [
    {
      name: `${m}.decode_jpeg`,
      target: '',
      params: 'contents, channels=0, ratio=1~, fancy_upscaling=True~, try_recover_truncated=False~, acceptable_fraction=1~, dct_method=None~, name=None~',
      note: "(None, None, channels) uint8: the height and width are the file's.",
      compute: (kw) => tfResult(`${m}.decode_jpeg`, () => tfDecodeImage(kw.contents, kw.channels ?? null, [0, 1, 3], 'uint8'), 'The decoded JPEG image.'),
    },
    {
      name: `${m}.decode_png`,
      target: '',
      params: 'contents, channels=0, dtype=uint8, name=None~',
      note: "(None, None, channels) uint8 or uint16: the height and width are the file's.",
      compute: (kw) => tfResult(`${m}.decode_png`, () => tfDecodeImage(kw.contents, kw.channels ?? null, [0, 1, 3, 4], tfDecodeDtype(kw.dtype ?? 'uint8', ['uint8', 'uint16'])), 'The decoded PNG image.'),
    },
    {
      name: `${m}.decode_image`,
      target: '',
      params: 'contents, channels=None, dtype=uint8, name=None~, expand_animations=True',
      note: 'Only with `expand_animations=False` is the rank fixed (3); otherwise a GIF gives 4 dimensions.',
      compute: (kw) =>
        tfResult(`${m}.decode_image`, () => {
          if (kw.expand_animations !== false) return notModelled('with `expand_animations=True` the rank depends on the file (4 for a GIF, 3 otherwise)');
          return tfDecodeImage(kw.contents, kw.channels ?? null, [0, 1, 3, 4], tfDecodeDtype(kw.dtype ?? 'uint8', ['uint8', 'uint16', 'float32']));
        }, 'The decoded image.'),
    },
  ]),
];

const REDUCE_TF = ['x'];

const UNARY_TF = 'abs exp log sqrt square sin cos tan tanh sigmoid floor ceil round sign negative erf'.split(' ');

const TABLE: ForeignOp[] = [
  {
    name: 'tf.range',
    target: '',
    params: 'start, limit=None, delta=1, dtype=None, name=None~',
    note: 'TensorFlow infers the dtype from its bounds (int32 < int64 < float32 < float64), takes scalar tensors as bounds (a length of None) and refuses an empty range the wrong way.',
    compute: (kw) => tfResult('tf.range', () => tfRange(kw.start, kw.limit ?? null, kw.delta ?? { kind: 'int', value: 1 }, kw.dtype ?? null), 'Evenly spaced values in [start, limit) by delta.'),
  },
  {
    name: 'tf.linspace',
    target: 'keras.ops.linspace',
    params: 'start, stop, num, name=None~, axis=0',
    note: 'As keras.ops.linspace with the end point included; TensorFlow takes float bounds only (Python floats become float32).',
    guard: (kw) => ([kw.start, kw.stop].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && (v.kind === 'float' || (isTensor(v) && v.dtype.startsWith('float')))) ? undefined : 'TensorFlow takes float bounds only'),
  },
  {
    name: 'tf.einsum',
    target: '',
    params: 'equation, *inputs, name=None~, optimize=greedy~',
    note: "TensorFlow's rules: spaces ignored, labels case-sensitive, a label's sizes must agree; one dtype for all inputs. Keras's symbolic einsum refuses upper-case labels.",
    compute: (kw) => tfResult('tf.einsum', () => tfEinsum(kw.equation, isSeq(kw.inputs) ? kw.inputs.items : []), 'Einstein summation: the output axes from the equation.'),
  },
  {
    name: 'tf.convert_to_tensor',
    target: '',
    params: 'value, dtype=None, dtype_hint=None, name=None~',
    note: 'Python ints become int32, floats float32; a list of tensors of one shape and dtype is stacked.',
    compute: (kw) => tfResult('tf.convert_to_tensor', () => tfConvertToTensor(kw.value, kw.dtype ?? null, kw.dtype_hint ?? null), '`value` as a tensor.'),
  },
  {
    name: 'tf.experimental.numpy.matmul',
    target: 'keras.ops.matmul',
    params: 'x1, x2',
    note: "NumPy's matmul (1-D operands promoted, batch axes broadcast), as keras.ops.matmul; the dtype is known for operands of one dtype.",
    numpyApi: true,
  },
  { name: 'tf.experimental.numpy.maximum', target: 'keras.ops.maximum', params: 'x1, x2', note: 'Broadcasting as keras.ops.maximum; the dtype is known for tensors of one dtype.', numpyApi: true },
  { name: 'tf.experimental.numpy.minimum', target: 'keras.ops.minimum', params: 'x1, x2', note: 'Broadcasting as keras.ops.minimum; the dtype is known for tensors of one dtype.', numpyApi: true },
  {
    name: 'tf.reshape',
    target: 'keras.ops.reshape',
    params: 'tensor>x, shape>newshape, name=None~',
    note: 'Sizes that are scalar tensors (from `tf.shape`) are None in the graph; Keras refuses them.',
    compute: (kw) =>
      holdsTensors(kw.newshape) ? tfResult('tf.reshape', () => tfReshape(kw.x, kw.newshape), 'The tensor with the given shape.') : evaluateOp('keras.ops.reshape', [], kw),
  },
  { name: 'tf.concat', target: 'keras.ops.concatenate', params: 'values>xs, axis, name=None~', note: '`axis` is required in TensorFlow.' },
  { name: 'tf.stack', target: 'keras.ops.stack', params: 'values>x, axis=0, name=None~' },
  {
    name: 'tf.split',
    target: 'keras.ops.split',
    params: 'value>x, num_or_size_splits>indices_or_sections, axis=0, num=None!, name=None~',
    note: 'An int number of splits maps onto keras.ops.split; a list of sizes (TensorFlow) is not a list of split indices (Keras) and is computed by TensorFlow\'s rule.',
    compute: (kw) =>
      pyInt(kw.indices_or_sections) !== undefined
        ? evaluateOp('keras.ops.split', [], kw)
        : tfResult('tf.split', () => tfSplitSizes(kw.x, kw.indices_or_sections, kw.axis ?? { kind: 'int', value: 0 }), 'Pieces of the given sizes along `axis` (-1: the rest).'),
  },
  { name: 'tf.stop_gradient', target: 'keras.ops.stop_gradient', params: 'input>variable, name=None~' },
  { name: 'tf.expand_dims', target: 'keras.ops.expand_dims', params: 'input>x, axis, name=None~' },
  { name: 'tf.squeeze', target: 'keras.ops.squeeze', params: 'input>x, axis=None, name=None~' },
  { name: 'tf.transpose', target: 'keras.ops.transpose', params: 'a>x, perm>axes=None, conjugate=False!, name=None~' },
  {
    name: 'tf.matmul',
    target: 'keras.ops.matmul',
    params: 'a>x1, b>x2, transpose_a=False, transpose_b=False, adjoint_a=False!, adjoint_b=False!, a_is_sparse=False!, b_is_sparse=False!, output_type=None!, grad_a=False!, grad_b=False!, name=None~',
    note: '`transpose_a`/`transpose_b` swap the last two axes of an operand of rank 2 or more first.',
    compute: (kw) => {
      const why = matmulGuard(kw);
      if (why) return { kind: 'unknown', reason: `tf.matmul: ${why}` };
      const operands: Record<string, OpValue> = { x1: kw.x1, x2: kw.x2 };
      for (const [flag, k] of [['transpose_a', 'x1'], ['transpose_b', 'x2']] as const) {
        const v = kw[flag] ?? false;
        if (typeof v !== 'boolean') return { kind: 'unknown', reason: `tf.matmul: \`${flag}\` is not a bool` };
        if (!v) continue;
        const x = operands[k];
        if (!isTensor(x) || x.shape.length < 2) return { kind: 'unknown', reason: `tf.matmul: \`${flag}\` on an operand that is not a tensor of rank 2 or more` };
        operands[k] = { ...x, shape: [...x.shape.slice(0, -2), x.shape[x.shape.length - 1], x.shape[x.shape.length - 2]] };
      }
      return evaluateOp('keras.ops.matmul', [], operands);
    },
  },
  { name: 'tf.reduce_sum', target: 'keras.ops.sum', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', guard: sumDtypes, converts: REDUCE_TF },
  { name: 'tf.reduce_mean', target: 'keras.ops.mean', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', note: 'TensorFlow keeps integer dtypes (integer mean); only float inputs map.', guard: floatsOnly, converts: REDUCE_TF },
  { name: 'tf.reduce_max', target: 'keras.ops.max', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', guard: keepDtypes, converts: REDUCE_TF },
  { name: 'tf.reduce_min', target: 'keras.ops.min', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', guard: keepDtypes, converts: REDUCE_TF },
  { name: 'tf.reduce_prod', target: 'keras.ops.prod', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', guard: sumDtypes, converts: REDUCE_TF },
  { name: 'tf.reduce_any', target: 'keras.ops.any', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', converts: REDUCE_TF },
  { name: 'tf.reduce_all', target: 'keras.ops.all', params: 'input_tensor>x, axis=None, keepdims=False, name=None~', converts: REDUCE_TF },
  ...(['argmax', 'argmin'] as const).map((n): ForeignOp => ({
    name: `tf.${n}`,
    target: `keras.ops.${n}`,
    params: 'input>x, axis=None, output_type=int64, name=None~',
    note: "TensorFlow's `axis=None` means axis 0; the indices are int64 unless `output_type`.",
    compute: (kw) => {
      const dtype = kw.output_type ?? 'int64';
      if (typeof dtype !== 'string' || !['int16', 'uint16', 'int32', 'int64'].includes(dtype)) return { kind: 'unknown', reason: `tf.${n}: \`output_type\` is not one TensorFlow takes` };
      const r = evaluateOp(`keras.ops.${n}`, [], { x: kw.x, axis: kw.axis === undefined || kw.axis === null ? { kind: 'int', value: 0 } : kw.axis });
      return r.kind === 'tensor' ? { ...r, dtype } : r;
    },
  })),
  {
    name: 'tf.cast',
    target: 'keras.ops.cast',
    params: 'x, dtype, name=None~',
    note: 'A dtype the analysis does not know (`y.dtype` of a tensor whose dtype is not followed) keeps the shape and leaves the dtype open.',
    compute: (kw) => (isTensor(kw.x) && isUnknownValue(kw.dtype) ? { ...out(kw.x.shape, null), explain: '`x` in another dtype.', op: 'tf.cast' } : evaluateOp('keras.ops.cast', [], kw)),
  },
  {
    name: 'tf.one_hot',
    target: 'keras.ops.one_hot',
    params: 'indices>x, depth>num_classes, on_value=None!, off_value=None!, axis=None, dtype=None, name=None~',
    note: "TensorFlow's `axis=None` means the last axis, like Keras's -1.",
    adapt: lastAxisIfNone,
  },
  {
    name: 'tf.shape',
    target: '',
    params: 'input, out_type=None!, name=None~',
    note: 'Unlike keras.ops.shape (a Python tuple), tf.shape returns a 1-D int32 tensor of length rank.',
    compute: (kw) => {
      const x = kw.input;
      if (!isTensor(x)) return { kind: 'unknown', reason: 'tf.shape of a non-tensor' };
      return { ...out([x.shape.length], 'int32'), explain: 'The shape as a 1-D int32 tensor.', op: 'tf.shape' };
    },
  },
  {
    name: 'tf.image.resize',
    target: 'keras.ops.image.resize',
    params: 'images, size, method>interpolation=bilinear, preserve_aspect_ratio=False!, antialias=False, name=None~',
    note: "Only `preserve_aspect_ratio=False` maps; TensorFlow's method names match Keras's interpolation names. TensorFlow returns float32 for every method but nearest (which keeps the dtype).",
    compute: (kw) => {
      const r = evaluateOp('keras.ops.image.resize', [], kw);
      return r.kind === 'tensor' && kw.interpolation !== 'nearest' ? { ...r, dtype: 'float32' } : r;
    },
  },
  { name: 'tf.nn.relu', target: 'keras.ops.relu', params: 'features>x, name=None~' },
  { name: 'tf.nn.relu6', target: 'keras.ops.relu6', params: 'features>x, name=None~' },
  { name: 'tf.nn.elu', target: 'keras.ops.elu', params: 'features>x, name=None~' },
  { name: 'tf.nn.selu', target: 'keras.ops.selu', params: 'features>x, name=None~' },
  { name: 'tf.nn.softplus', target: 'keras.ops.softplus', params: 'features>x, name=None~' },
  { name: 'tf.nn.softsign', target: 'keras.ops.softsign', params: 'features>x, name=None~' },
  { name: 'tf.nn.silu', target: 'keras.ops.silu', params: 'features>x, beta=1.0!, name=None~' },
  { name: 'tf.nn.swish', target: 'keras.ops.silu', params: 'features>x, beta=1.0!, name=None~' },
  { name: 'tf.nn.gelu', target: 'keras.ops.gelu', params: 'features>x, approximate=False, name=None~', note: 'TensorFlow defaults to the exact form (approximate=False), keras.ops.gelu to the tanh approximation; shapes and dtypes agree.' },
  { name: 'tf.nn.leaky_relu', target: 'keras.ops.leaky_relu', params: 'features>x, alpha>negative_slope=0.2, name=None~' },
  { name: 'tf.nn.sigmoid', target: 'keras.ops.sigmoid', params: 'x, name=None~' },
  { name: 'tf.nn.tanh', target: 'keras.ops.tanh', params: 'x, name=None~', guard: reduceDtypes(['float16', 'bfloat16', 'float32']) },
  { name: 'tf.nn.softmax', target: 'keras.ops.softmax', params: 'logits>x, axis=None, name=None~', adapt: lastAxisIfNone },
  { name: 'tf.nn.log_softmax', target: 'keras.ops.log_softmax', params: 'logits>x, axis=None, name=None~', adapt: lastAxisIfNone },
  { name: 'tf.add', target: 'keras.ops.add', params: 'x>x1, y>x2, name=None~', guard: sameDtypes('x1', 'x2') },
  { name: 'tf.subtract', target: 'keras.ops.subtract', params: 'x>x1, y>x2, name=None~', guard: sameDtypes('x1', 'x2') },
  { name: 'tf.multiply', target: 'keras.ops.multiply', params: 'x>x1, y>x2, name=None~', guard: sameDtypes('x1', 'x2') },
  { name: 'tf.maximum', target: 'keras.ops.maximum', params: 'x>x1, y>x2, name=None~', guard: sameDtypes('x1', 'x2') },
  { name: 'tf.minimum', target: 'keras.ops.minimum', params: 'x>x1, y>x2, name=None~', guard: sameDtypes('x1', 'x2') },
  { name: 'tf.where', target: 'keras.ops.where', params: 'condition, x>x1=None, y>x2=None, name=None~', note: 'With only `condition`, TensorFlow returns (n, rank) int64 coordinates; that form is not mapped.', guard: (kw) => (kw.x1 === undefined || kw.x1 === null ? 'tf.where(condition) returns int64 coordinates, not Keras\'s shape' : sameDtypes('x1', 'x2')(kw)) },
  { name: 'tf.clip_by_value', target: 'keras.ops.clip', params: 't>x, clip_value_min>x_min, clip_value_max>x_max, name=None~' },
  {
    name: 'tf.tile',
    target: '',
    params: 'input, multiples, name=None~',
    note: 'One multiple per axis (Keras pads short lists, TensorFlow refuses them); a multiple that is a scalar tensor gives None.',
    compute: (kw) => tfResult('tf.tile', () => tfTile(kw.input, kw.multiples), 'The tensor repeated `multiples` times along each axis.'),
  },
  { name: 'tf.gather', target: 'keras.ops.take', params: 'params>x, indices, validate_indices=None!, axis=None, batch_dims=0!, name=None~', note: "TensorFlow's `axis=None` means axis 0 (Keras: the flattened input).", adapt: (kw) => { if (kw.axis === undefined || kw.axis === null) kw.axis = { kind: 'int', value: 0 }; } },
  ...TF_MAKERS,
  ...TF_IMAGE,
  ...TF_COMPLEX,
  TF_CONV,
  {
    name: 'tf.pad',
    target: 'keras.ops.pad',
    params: 'tensor>x, paddings>pad_width, mode=CONSTANT, constant_values=0, name=None~',
    note: "TensorFlow's modes (CONSTANT, REFLECT, SYMMETRIC, in any case) are Keras's lower-case ones; the padded shape is the same for each.",
    guard: (kw) => (kw.mode !== undefined && (typeof kw.mode !== 'string' || !['constant', 'reflect', 'symmetric'].includes(kw.mode.toLowerCase())) ? 'TensorFlow pads only in CONSTANT, REFLECT or SYMMETRIC mode' : undefined),
    adapt: (kw) => {
      kw.mode = typeof kw.mode === 'string' ? kw.mode.toLowerCase() : 'constant';
      // Keras takes a fill value only in constant mode; TensorFlow ignores its default 0 in the others.
      if (kw.mode !== 'constant') delete kw.constant_values;
    },
  },

  { name: 'np.concatenate', target: 'keras.ops.concatenate', params: 'arrays>xs, axis=0, out=None!, dtype=None!, casting=same_kind!' },
  { name: 'np.stack', target: 'keras.ops.stack', params: 'arrays>x, axis=0, out=None!, dtype=None!, casting=same_kind!' },
  { name: 'np.reshape', target: 'keras.ops.reshape', params: 'a>x, newshape, order=C!' },
  { name: 'np.transpose', target: 'keras.ops.transpose', params: 'a>x, axes=None' },
  { name: 'np.expand_dims', target: 'keras.ops.expand_dims', params: 'a>x, axis' },
  { name: 'np.squeeze', target: 'keras.ops.squeeze', params: 'a>x, axis=None' },
  { name: 'np.swapaxes', target: 'keras.ops.swapaxes', params: 'a>x, axis1, axis2' },
  { name: 'np.moveaxis', target: 'keras.ops.moveaxis', params: 'a>x, source, destination' },
  { name: 'np.split', target: 'keras.ops.split', params: 'ary>x, indices_or_sections, axis=0', note: 'Same semantics: an int of equal sections or a list of split indices.' },
  { name: 'np.tile', target: 'keras.ops.tile', params: 'A>x, reps>repeats' },
  { name: 'np.repeat', target: 'keras.ops.repeat', params: 'a>x, repeats, axis=None' },
  { name: 'np.ravel', target: 'keras.ops.ravel', params: 'a>x, order=C!' },
  { name: 'np.flip', target: 'keras.ops.flip', params: 'm>x, axis=None' },
  { name: 'np.broadcast_to', target: 'keras.ops.broadcast_to', params: 'array>x, shape, subok=False!' },
  { name: 'np.take', target: 'keras.ops.take', params: 'a>x, indices, axis=None, out=None!, mode=raise!' },
  { name: 'np.matmul', target: 'keras.ops.matmul', params: 'x1, x2', guard: matmulGuard },
  { name: 'np.einsum', target: '', params: 'subscripts', note: 'Not mapped: NumPy keeps 64-bit dtypes and takes `*operands`; use keras.ops.einsum.', compute: () => ({ kind: 'unknown', reason: 'np.einsum is not mapped' }) },
];
for (const n of UNARY_TF) {
  if (!TABLE.some((t) => t.name === `tf.math.${n}`)) {
    TABLE.push({ name: `tf.math.${n}`, target: `keras.ops.${n}`, params: 'x, name=None~', guard: reduceDtypes(['float16', 'bfloat16', 'float32']), note: 'Float inputs only: TensorFlow keeps or refuses other dtypes where Keras converts.' });
  }
}

// keras.ops.reciprocal declares floatx whatever the input; TensorFlow keeps the float dtype.
TABLE.push({ name: 'tf.math.reciprocal', target: 'keras.ops.reciprocal', params: 'x, name=None~', guard: reduceDtypes(['float32']), note: 'float32 inputs only: Keras declares floatx for every input.' });

export const FOREIGN_OPS: Readonly<Record<string, ForeignOp>> = Object.fromEntries(TABLE.map((t) => [t.name, t]));

interface ParsedParam {
  readonly foreign: string;
  readonly keras: string | null;
  readonly mustKeep?: OpValue;
  /** `*inputs`: the remaining positionals. */
  readonly varargs?: boolean;
}
const parsed = new Map<string, { sig: Signature; params: ParsedParam[] }>();

function parse(op: ForeignOp): { sig: Signature; params: ParsedParam[] } {
  let p = parsed.get(op.name);
  if (p) return p;
  const params: ParsedParam[] = [];
  const sigParams: OpParam[] = [];
  let keywordOnly = false;
  for (const raw of op.params.split(',').map((s) => s.trim())) {
    if (raw.startsWith('*')) {
      sigParams.push({ name: raw.slice(1), kind: 'varargs' });
      params.push({ foreign: raw.slice(1), keras: raw.slice(1), varargs: true });
      keywordOnly = true;
      continue;
    }
    const m = /^(\w+)(?:>(\w+))?(?:=([^~!]*))?([~!])?$/.exec(raw);
    if (!m) throw new Error(`bad foreign parameter ${raw} in ${op.name}`);
    const [, foreign, renamed, dflt, mark] = m;
    const dv = dflt === undefined ? undefined : /^[A-Za-z_]+$/.test(dflt) && !['None', 'True', 'False'].includes(dflt) ? dflt : parseLiteral(dflt);
    const kind = keywordOnly ? 'keyword' : 'positional';
    sigParams.push(dv === undefined ? { name: foreign, kind } : { name: foreign, kind, default: dv });
    params.push({ foreign, keras: mark === '~' || mark === '!' ? null : renamed ?? foreign, mustKeep: mark === '!' ? dv : undefined });
  }
  const fn = op.name.slice(op.name.lastIndexOf('.') + 1);
  p = { sig: { fn, params: sigParams, paths: [op.name] }, params };
  parsed.set(op.name, p);
  return p;
}

/** The foreign entry for a name (`tf.concat`, `np.reshape`), if mapped. */
export function resolveForeignOp(name: string): ForeignOp | undefined {
  return FOREIGN_OPS[name];
}

/** Evaluates a TensorFlow/NumPy call through the Keras op it maps to (or 'unknown' where they differ). */
export function evaluateForeignOp(
  name: string,
  args: readonly OpValue[],
  kwargs: Readonly<Record<string, OpValue>>,
  config: EngineConfig = DEFAULT_ENGINE_CONFIG,
): OpResult {
  const op = FOREIGN_OPS[name];
  if (!op) return { kind: 'unknown', reason: `${name} is not mapped onto keras.ops` };
  // A tensor of unknown dtype: the guards and the rules run under each dtype it can have.
  if (countUntyped(args) > 0 || countUntyped(Object.values(kwargs)) > 0) {
    return evaluateUntyped(args, kwargs, (a, k) => evaluateForeignOp(name, a, k, config));
  }
  const { sig, params } = parse(op);
  let bound;
  try {
    bound = bindCall(sig, args, kwargs);
  } catch (e) {
    if (e instanceof OpFailure) return { kind: 'error', errorType: e.errorType, message: e.message, code: e.code };
    throw e;
  }
  const kw: Record<string, OpValue> = {};
  for (const p of params) {
    if (p.varargs) {
      kw[p.foreign] = { kind: 'tuple', items: bound.varargs };
      continue;
    }
    if (!bound.has(p.foreign)) continue;
    const v = bound.raw(p.foreign);
    if (p.mustKeep !== undefined) {
      if (repr(v) !== repr(p.mustKeep)) return { kind: 'unknown', reason: `${name} with ${p.foreign}=${repr(v)} has no Keras equivalent` };
      continue;
    }
    if (p.keras !== null) kw[p.keras] = v;
  }
  if (op.compute) return op.compute(kw);
  op.adapt?.(kw);
  // TensorFlow converts Python values first; the Keras rule then applies to the tensors (concrete if nothing was symbolic).
  const eager = !anySymbolic([...args, ...Object.values(kwargs)]);
  let converted = false;
  for (const k of op.converts ?? []) {
    const v = kw[k];
    if (v === undefined || v === null || isTensor(v)) continue;
    const t = tfConvertPython(v);
    if (!t) continue;
    kw[k] = { kind: 'tensor', shape: t.shape, dtype: t.dtype };
    converted = true;
  }
  const why = op.guard?.(kw);
  if (why) return { kind: 'unknown', reason: `${name}: ${why}` };
  const r = evaluateOp(op.target, [], kw, config);
  if (op.numpyApi) return numpyApiDtype(r, Object.values(kw));
  return converted && eager ? concreteResult(r) : r;
}

/** A result of TensorFlow's NumPy API: the Keras op's dtype where all operands are tensors of that one dtype, else unknown. */
function numpyApiDtype(r: OpResult, operands: readonly OpValue[]): OpResult {
  if (r.kind !== 'tensor') return r;
  const dtypes = new Set(operands.map((v) => (isTensor(v) ? v.dtype : null)));
  const only = dtypes.size === 1 ? [...dtypes][0] : null;
  return only !== null && only === r.dtype ? r : { ...r, dtype: null };
}

function concreteResult(r: OpResult): OpResult {
  const mark = (o: OutItem): OutItem => (o.kind === 'tensor' ? { ...o, concrete: true } : o.kind === 'tensors' ? { ...o, items: o.items.map(mark) } : o);
  return r.kind === 'tensor' || r.kind === 'tensors' ? { ...r, ...mark(r) } : r;
}
