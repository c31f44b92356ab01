// Signal processing (fft, fft2, ifft2, rfft, irfft, stft, istft,
// extract_sequences) and segment reductions (keras/src/ops/math.py). Complex
// values travel as (real, imaginary) pairs of tensors.
import type { OpArgs } from './bind';
import type { OpDef, OpDefs } from './def';
import { OpFailure, notModelled, valueError } from './failure';
import type { OpValue, TensorValue } from './types';
import { isSeq, isTensor, out, pyInt, repr, shapeRepr, tupleOut } from './values';
import type { Dim } from '../types';

const PAIR = 'Input `x` should be a tuple of two tensors - real and imaginary.';
const floorDiv = (p: number, q: number): number => Math.floor(p / q);

/** The (real, imaginary) pair of a complex argument, with Keras's checks. */
function complexPair(x: OpValue, minRank: number): [TensorValue, TensorValue] {
  if (!isSeq(x) || x.items.length !== 2) {
    if (isTensor(x)) throw new OpFailure('TypeError', 'A symbolic KerasTensor cannot be used as a boolean.');
    return valueError(`${PAIR} Received: x=${repr(x)}`);
  }
  const [re, im] = x.items;
  if (!isTensor(re) || !isTensor(im)) return notModelled('a pair of non-tensors');
  if (shapeRepr(re.shape) !== shapeRepr(im.shape)) {
    valueError(`${PAIR} Both the real and imaginary parts should have the same shape. Received: x[0].shape = ${shapeRepr(re.shape)}, x[1].shape = ${shapeRepr(im.shape)}`);
  }
  if (re.shape.length < minRank) valueError(`Input should have rank >= ${minRank}. Received: input.shape = ${shapeRepr(re.shape)}`);
  return [re, im];
}

function fft2Def(summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const [re, im] = complexPair(a.get('x'), 2);
      if (re.shape[re.shape.length - 2] === null || re.shape[re.shape.length - 1] === null) {
        valueError(`Input should have its (-2, -1) axes fully-defined. Received: input.shape = ${shapeRepr(re.shape)}`);
      }
      return tupleOut(out(re.shape, re.dtype), out(im.shape, im.dtype));
    },
  };
}

function strideCheck(a: OpArgs): number {
  const s = a.get('sequence_stride');
  const v = typeof s === 'object' && s !== null && s.kind === 'int' ? s.value : undefined;
  if (v === undefined || v <= 0) valueError(`\`sequence_stride\` must be a positive integer. Received: sequence_stride=${repr(s)}`);
  return v;
}
const intOf = (a: OpArgs, n: string): number => pyInt(a.get(n)) ?? notModelled(`\`${n}\` is not an int`);

function segmentDef(summary: string): OpDef {
  return {
    summary,
    compute: (a) => {
      const data = a.tensor('data');
      const ids = a.tensor('segment_ids');
      if (ids.shape.length > 1) {
        valueError(`Argument \`segment_ids\` should be an 1-D vector, got shape: ${ids.shape.length}. Consider either flatten input with segment_ids.reshape((-1)) and data.reshape((-1, ) + data.shape[len(segment_ids.shape):]) or vectorize with vmap.`);
      }
      if (!ids.shape.length || !data.shape.length) return notModelled('a scalar data or segment_ids');
      if (ids.shape[0] !== null && data.shape[0] !== null && ids.shape[0] !== data.shape[0]) {
        valueError(`Argument \`segment_ids\` and \`data\` should have same leading dimension. Got ${shapeRepr(ids.shape)} v.s. ${shapeRepr(data.shape)}.`);
      }
      const nv = a.get('num_segments');
      const n: Dim = nv === null ? null : pyInt(nv) ?? notModelled('`num_segments` is not an int');
      return out([n, ...data.shape.slice(1)], data.dtype);
    },
  };
}

export const defs: OpDefs = {
  'ops.fft': {
    summary: 'The FFT along the last axis of a (real, imaginary) pair: a pair of the same shape.',
    compute: (a) => {
      const [re, im] = complexPair(a.get('x'), 1);
      if (re.shape[re.shape.length - 1] === null) valueError(`Input should have its last dimension fully-defined. Received: input.shape = ${shapeRepr(re.shape)}`);
      return tupleOut(out(re.shape, re.dtype), out(im.shape, im.dtype));
    },
  },
  'ops.fft2': fft2Def('The 2-D FFT over the last two axes of a (real, imaginary) pair: a pair of the same shape.'),
  'ops.ifft2': fft2Def('The inverse 2-D FFT over the last two axes of a (real, imaginary) pair: a pair of the same shape.'),
  'ops.rfft': {
    summary: 'The real FFT along the last axis: a (real, imaginary) pair with n // 2 + 1 frequencies.',
    compute: (a) => {
      const x = a.tensor('x');
      if (!x.shape.length) valueError(`Input should have rank >= 1. Received: input.shape = ${shapeRepr(x.shape)}`);
      const fv = a.get('fft_length');
      const last = x.shape[x.shape.length - 1];
      const n: Dim = fv !== null ? floorDiv(pyInt(fv) ?? notModelled('`fft_length` is not an int'), 2) + 1 : last === null ? null : floorDiv(last, 2) + 1;
      const s = [...x.shape.slice(0, -1), n];
      return tupleOut(out(s, x.dtype), out(s, x.dtype));
    },
  },
  'ops.irfft': {
    summary: 'The inverse real FFT of a (real, imaginary) pair: 2·(n − 1) samples unless `fft_length`.',
    compute: (a) => {
      const [re] = complexPair(a.get('x'), 1);
      const fv = a.get('fft_length');
      const last = re.shape[re.shape.length - 1];
      const n: Dim = fv !== null ? pyInt(fv) ?? notModelled('`fft_length` is not an int') : last === null ? null : 2 * (last - 1);
      return out([...re.shape.slice(0, -1), n], re.dtype);
    },
  },
  'ops.stft': {
    summary: 'The short-time Fourier transform: a (real, imaginary) pair (…, frames, fft_length // 2 + 1).',
    compute: (a) => {
      const stride = strideCheck(a);
      const x = a.tensor('x');
      if (!x.shape.length) return notModelled('a scalar input');
      const fft = intOf(a, 'fft_length');
      const last = x.shape[x.shape.length - 1];
      const center = a.get('center');
      const padded = center === false ? 0 : floorDiv(fft, 2) * 2;
      const frames: Dim = last === null ? null : 1 + floorDiv(last + padded - fft, stride);
      const s = [...x.shape.slice(0, -1), frames, floorDiv(fft, 2) + 1];
      return tupleOut(out(s, x.dtype), out(s, x.dtype));
    },
  },
  'ops.istft': {
    summary: 'The inverse STFT of a (real, imaginary) pair: (…, samples).',
    compute: (a) => {
      const stride = strideCheck(a);
      const [re] = complexPair(a.get('x'), 2);
      const fft = intOf(a, 'fft_length');
      const lv = a.get('length');
      const length = lv === null ? null : pyInt(lv) ?? notModelled('`length` is not an int');
      const frames = re.shape[re.shape.length - 2];
      let size: Dim;
      if (frames !== null) {
        size = (frames - 1) * stride + fft;
        if (length !== null) size = length;
        else if (a.get('center') !== false && a.get('center') !== null) size -= floorDiv(fft, 2) * 2;
      } else size = length;
      return out([...re.shape.slice(0, -2), size], re.dtype);
    },
  },
  'ops.extract_sequences': {
    summary: 'Frames of `sequence_length` every `sequence_stride` along the last axis: (…, frames, length).',
    compute: (a) => {
      const x = a.tensor('x');
      if (!x.shape.length) valueError(`Input should have rank >= 1. Received: input.shape = ${shapeRepr(x.shape)}`);
      const len = intOf(a, 'sequence_length');
      const stride = intOf(a, 'sequence_stride');
      if (stride === 0) return notModelled('a zero stride');
      const last = x.shape[x.shape.length - 1];
      return out([...x.shape.slice(0, -1), last === null ? null : 1 + floorDiv(last - len, stride), len], x.dtype);
    },
  },
  'ops.segment_sum': segmentDef('Sums rows of `data` by segment: (num_segments, …) (None unless given).'),
  'ops.segment_max': segmentDef('The maximum of rows of `data` by segment: (num_segments, …).'),
  'ops.segment_min': segmentDef('The minimum of rows of `data` by segment: (num_segments, …).'),
  'ops.segment_prod': segmentDef('The product of rows of `data` by segment: (num_segments, …).'),
};
