// The other keras.ops.nn functions: one_hot/multi_hot, normalisations,
// losses (crossentropies, psnr, ctc) and dot_product_attention.
import type { OpDefs } from './def';
import { FLOATX, resultType, standardizeDtype, strong } from './dtypes';
import { OpFailure, notModelled, valueError } from './failure';
import { canonicalizeAxis } from './shapes';
import type { OpValue, TensorValue } from './types';
import { isSeq, isTensor, out, pyInt, shapeRepr, tupleOut } from './values';
import type { Dim, Shape } from '../types';

const sameShape = (p: Shape, q: Shape): boolean => shapeRepr(p) === shapeRepr(q);

/** An argument Keras reads `.shape` from: None raises AttributeError. */
function shaped(v: OpValue, what: string): TensorValue {
  if (isTensor(v)) return v;
  if (v === null) throw new OpFailure('AttributeError', "'NoneType' object has no attribute 'shape'");
  return notModelled(`\`${what}\` is not a tensor`);
}

function encoded(x: TensorValue, n: number, axis: number): Dim[] {
  const s: Dim[] = [...x.shape];
  if (axis === -1) s.push(n);
  else if (axis >= 0 && axis < s.length) s.splice(axis, 0, n);
  else valueError(`axis must be -1 or between [0, ${x.shape.length}), but received ${axis}.`);
  return s;
}

export const defs: OpDefs = {
  'ops.one_hot': {
    summary: 'One-hot encoding: a new axis of `num_classes` at `axis` (default last); floatx unless `dtype`.',
    compute: (a) => {
      const dtype = standardizeDtype(a.get('dtype'));
      const x = a.tensor('x');
      const n = pyInt(a.get('num_classes')) ?? notModelled('`num_classes` is not an int');
      const axis = pyInt(a.get('axis')) ?? notModelled('`axis` is not an int');
      return out(encoded(x, n, axis), dtype, a.get('sparse') === true ? { sparse: true } : undefined);
    },
  },
  'ops.multi_hot': {
    summary: 'Multi-hot encoding of a batch of index lists: (batch, num_classes).',
    compute: (a) => {
      let nv = a.get('num_classes');
      if (nv === null && 'num_tokens' in a.varkw) nv = a.varkw.num_tokens;
      if (nv === null) valueError('Argument `num_classes` must be specified.');
      standardizeDtype(a.get('dtype'));
      const x = a.tensor('inputs');
      const n = pyInt(nv) ?? notModelled('`num_classes` is not an int');
      const axis = pyInt(a.get('axis')) ?? notModelled('`axis` is not an int');
      const s = encoded(x, n, axis);
      return out(s.length === 2 ? [s[1]] : [s[0], ...s.slice(2)], x.dtype, a.get('sparse') === true ? { sparse: true } : undefined);
    },
  },
  'ops.normalize': {
    summary: 'Normalises along `axis` by the chosen norm; Keras declares the shape of `x` and floatx.',
    compute: (a) => {
      const x = a.tensor('x');
      const axis = a.get('axis');
      if (axis !== null) {
        const n = pyInt(axis);
        const axes = n !== undefined ? [n] : isSeq(axis) ? axis.items.map((v) => pyInt(v) ?? notModelled('a non-integer axis')) : notModelled('`axis`');
        for (const v of axes) canonicalizeAxis(v, x.shape.length);
      }
      return out(x.shape, FLOATX);
    },
  },
  'ops.batch_normalization': {
    summary: 'Normalises with given mean/variance (vectors of length x.shape[axis]); same shape.',
    compute: (a) => {
      const x = a.tensor('x');
      const axis = pyInt(a.get('axis')) ?? notModelled('`axis` is not an int');
      const i = axis < 0 ? axis + x.shape.length : axis;
      if (i < 0 || i >= x.shape.length) throw new OpFailure('IndexError', 'tuple index out of range');
      const expected: Shape = [x.shape[i]];
      const check = (name: string, t: TensorValue) => {
        if (!sameShape(t.shape, expected)) {
          valueError(`Arguments \`${name}\` must be a vector of length \`x.shape[axis]\`. Expected: \`${shapeRepr(expected)}\`. Received: \`${shapeRepr(t.shape)}.`);
        }
      };
      check('mean', shaped(a.get('mean'), 'mean'));
      check('variance', shaped(a.get('variance'), 'variance'));
      const offset = a.get('offset');
      const scale = a.get('scale');
      if (offset !== null) check('offset', shaped(offset, 'offset'));
      if (!(offset === null && scale === null)) check('scale', shaped(scale, 'scale'));
      return out(x.shape, x.dtype);
    },
  },
  'ops.layer_normalization': {
    summary: 'Layer normalisation over `axis`; same shape and dtype.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, x.dtype);
    },
  },
  'ops.rms_normalization': {
    summary: 'RMS normalisation over `axis`; same shape and dtype.',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, x.dtype);
    },
  },
  'ops.binary_crossentropy': {
    summary: 'Element-wise binary crossentropy; target and output must have the same shape.',
    compute: (a) => {
      const t = a.tensor('target');
      const o = a.tensor('output');
      if (!sameShape(t.shape, o.shape)) valueError(`Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=${shapeRepr(t.shape)}, output.shape=${shapeRepr(o.shape)}`);
      return out(o.shape, o.dtype);
    },
  },
  'ops.categorical_crossentropy': {
    summary: 'Categorical crossentropy over the last axis: the output shape without it.',
    compute: (a) => {
      const t = a.tensor('target');
      const o = a.tensor('output');
      if (!sameShape(t.shape, o.shape)) valueError(`Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=${shapeRepr(t.shape)}, output.shape=${shapeRepr(o.shape)}`);
      if (t.shape.length < 1) valueError(`Arguments \`target\` and \`output\` must be at least rank 1. Received: target.shape=${shapeRepr(t.shape)}, output.shape=${shapeRepr(o.shape)}`);
      return out(o.shape.slice(0, -1), o.dtype);
    },
  },
  'ops.sparse_categorical_crossentropy': {
    summary: 'Crossentropy with integer targets: the output shape without the class axis.',
    compute: (a) => {
      const t = a.tensor('target');
      const o = a.tensor('output');
      if (o.shape.length < 1) valueError(`Argument \`output\` must be at least rank 1. Received: output.shape=${shapeRepr(o.shape)}`);
      const axis = canonicalizeAxis(pyInt(a.get('axis')) ?? notModelled('`axis` is not an int'), o.shape.length);
      let ts: Shape = t.shape;
      if (ts.length === o.shape.length && ts[ts.length - 1] === 1) ts = ts.slice(0, -1);
      const without = [...o.shape.slice(0, axis), ...o.shape.slice(axis + 1)];
      if (!sameShape(ts, without)) {
        valueError(`Arguments \`target\` and \`output\` must have the same shape up until the last dimension: target.shape=${shapeRepr(t.shape)}, output.shape=${shapeRepr(o.shape)}`);
      }
      return out(without, o.dtype);
    },
  },
  'ops.psnr': {
    summary: 'Peak signal-to-noise ratio: a float32 scalar.',
    compute: (a) => {
      const x1 = a.tensor('x1');
      const x2 = a.tensor('x2');
      if (x1.shape.length !== x2.shape.length) valueError('Inputs must have the same rank');
      return out([], FLOATX);
    },
  },
  'ops.ctc_loss': {
    summary: 'The CTC loss per batch element: (batch,).',
    compute: (a) => {
      const t = a.tensor('target');
      const o = a.tensor('output');
      const tl = a.tensor('target_length');
      const ol = a.tensor('output_length');
      const first = (n1: string, s1: Shape, n2: string, s2: Shape) => {
        if (!s1.length || !s2.length) return notModelled('a scalar argument');
        if (s1[0] !== s2[0]) valueError(`Arguments \`${n1}\` and \`${n2}\` must have the same first dimension. Received shapes: \`${shapeRepr(s1)}\` and \`${shapeRepr(s2)}\`.`);
      };
      first('target', t.shape, 'output', o.shape);
      first('target_length', tl.shape, 'target', t.shape);
      first('output_length', ol.shape, 'output', o.shape);
      return out([t.shape[0]], resultType(strong(o.dtype), strong('float32')));
    },
  },
  'ops.ctc_decode': {
    summary: 'CTC decoding: int32 paths (top_paths, batch, steps) and their float scores (batch, top_paths).',
    compute: (a) => {
      const x = a.tensor('inputs');
      if (x.shape.length < 2) return notModelled('inputs of rank < 2');
      const strategy = a.get('strategy');
      const top = strategy === 'greedy' ? 1 : pyInt(a.get('top_paths')) ?? notModelled('`top_paths` is not an int');
      return tupleOut(out([top, x.shape[0], x.shape[1]], 'int32'), out([x.shape[0], top], resultType(strong(x.dtype), strong('float32'))));
    },
  },
  'ops.dot_product_attention': {
    summary: 'Scaled dot-product attention: the shape of `query`, the promoted dtype of q, k, v.',
    compute: (a) => {
      if (a.get('attn_logits_soft_cap') !== null) {
        valueError('attn_logits_soft_cap is only supported for JAX on TPU. Set attn_logits_soft_cap=None when not using JAX on TPU.');
      }
      const q = a.tensor('query');
      const k = a.tensor('key');
      const v = a.tensor('value');
      return out(q.shape, resultType(strong(q.dtype), strong(k.dtype), strong(v.dtype)));
    },
  },
};
