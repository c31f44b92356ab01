// Activation functions: the ones of keras.ops (keras/src/ops/nn.py) and of
// keras.activations (keras/src/activations/activations.py). All keep the
// input's shape and dtype except `glu` (halves an axis) and `exponential`.
import type { OpArgs } from './bind';
import type { OpCallContext, OpDef, OpDefs } from './def';
import { FLOATX } from './dtypes';
import { UNARY_RULES } from './elementwise';
import { OpFailure, notModelled, valueError } from './failure';
import { canonicalizeAxis } from './shapes';
import type { OutItem } from './types';
import { isSeq, out, pyArrayShape, pyInt, shapeRepr, valueOut } from './values';
import type { Dim } from '../types';

const SAME = 'relu relu6 sigmoid softplus softsign silu log_sigmoid hard_sigmoid hard_silu hard_tanh selu sparse_plus sparse_sigmoid tanh_shrink elu celu gelu leaky_relu hard_shrink soft_shrink squareplus threshold';

const sameShape = (a: OpArgs): OutItem => {
  const x = a.tensor('x');
  return out(x.shape, x.dtype);
};

/** Activations that keep integer inputs integer (max/min/clip based). */
const INT_KEEPING = new Set(['relu', 'relu6', 'hard_tanh', 'sparse_sigmoid']);

/**
 * On Python values the backend runs eagerly: a float converts to float32 and
 * stays float32; ints stay int32 only for the max/min-based activations;
 * elsewhere the shape is the value's and the dtype the backend's own (NumPy
 * gives float64 for an int, float16 for a bool).
 */
function activationOn(name: string, then: (a: OpArgs, ctx: OpCallContext) => OutItem) {
  return (a: OpArgs, ctx: OpCallContext): OutItem => {
    if (!ctx.eager) return then(a, ctx);
    const s = pyArrayShape(a.get('x'));
    if (!s) return notModelled('`x` is not a numeric Python value');
    if (s.kind === 'float') return out(s.shape, FLOATX, { concrete: true });
    if (s.kind === 'int' && INT_KEEPING.has(name)) return out(s.shape, 'int32', { concrete: true });
    return out(s.shape, null, { concrete: true });
  };
}

/** softmax/log_softmax: an int or a tuple of axes, each range-checked. */
function axesChecked(a: OpArgs): OutItem {
  const x = a.tensor('x');
  const axis = a.get('axis');
  if (axis !== null) {
    const n = pyInt(axis);
    if (n !== undefined) canonicalizeAxis(n, x.shape.length);
    else if (isSeq(axis)) {
      for (const v of axis.items) {
        const i = pyInt(v);
        if (i === undefined) notModelled('`axis` holds a non-integer');
        canonicalizeAxis(i, x.shape.length);
      }
    } else notModelled('`axis` is not an int or a tuple');
  }
  return out(x.shape, x.dtype);
}

/** sparsemax: one int axis; a tuple is a TypeError. */
function intAxisChecked(a: OpArgs): OutItem {
  const x = a.tensor('x');
  const axis = a.get('axis');
  const n = pyInt(axis);
  if (n === undefined) {
    if (isSeq(axis)) throw new OpFailure('TypeError', `'${axis.kind}' object cannot be interpreted as an integer`);
    notModelled('`axis` is not an int');
  }
  canonicalizeAxis(n, x.shape.length);
  return out(x.shape, x.dtype);
}

function glu(a: OpArgs): OutItem {
  const x = a.tensor('x');
  const axis = pyInt(a.get('axis'));
  if (axis === undefined) return notModelled('`axis` is not an int');
  const i = canonicalizeAxis(axis, x.shape.length);
  const shape: Dim[] = [...x.shape];
  const d = shape[i];
  if (d !== null) {
    if (d % 2 !== 0) valueError(`axis size must be divisible by 2. Received: x.shape=${shapeRepr(x.shape)} with axis=${axis}`);
    shape[i] = d / 2;
  }
  return out(shape, x.dtype);
}

const ACTIVATION = 'An activation function, element-wise: same shape and dtype as the input.';

/** keras.activations functions that convert their input with the backend first fail on symbolic tensors (numpy backend). */
function convertsFirst(then: (a: OpArgs, ctx: OpCallContext) => OutItem) {
  return (a: OpArgs, ctx: OpCallContext): OutItem => {
    if (!ctx.eager) throw new OpFailure('TypeError', 'KerasTensor.__array__() takes 1 positional argument but 2 were given');
    return then(a, ctx);
  };
}

const defs0: Record<string, OpDef> = {};
for (const n of SAME.split(' ')) {
  defs0[`ops.${n}`] = { summary: ACTIVATION, compute: activationOn(n, sameShape), eager: 'own' };
  defs0[`activations.${n}`] = { summary: ACTIVATION, compute: activationOn(n, sameShape), eager: 'own' };
}

export const defs: OpDefs = {
  ...defs0,
  'ops.softmax': { summary: 'Softmax along `axis` (an int or a tuple); same shape and dtype.', compute: axesChecked },
  'ops.log_softmax': { summary: 'Log-softmax along `axis`; same shape and dtype.', compute: axesChecked },
  'ops.sparsemax': { summary: 'Sparsemax along one `axis`; same shape and dtype.', compute: intAxisChecked },
  'ops.glu': { summary: 'Gated linear unit: splits `axis` in two halves, so that axis halves.', compute: glu },
  'activations.softmax': { summary: 'Softmax along `axis`; same shape and dtype.', compute: axesChecked },
  'activations.log_softmax': { summary: 'Log-softmax along `axis`; same shape and dtype.', compute: axesChecked },
  'activations.glu': { summary: 'Gated linear unit: splits `axis` in two halves, so that axis halves.', compute: glu },
  'activations.relu': {
    summary: 'ReLU with optional slope, cap and threshold; same shape and dtype.',
    compute: sameShape,
  },
  'activations.tanh': {
    summary: 'tanh, element-wise (as keras.ops.tanh: ints become floats).',
    eager: 'convert',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, UNARY_RULES.toFloat(x.dtype));
    },
  },
  'activations.exponential': {
    summary: 'exp(x), element-wise; ints and bool become floatx.',
    eager: 'convert',
    compute: (a) => {
      const x = a.tensor('x');
      return out(x.shape, x.dtype.includes('int') || x.dtype === 'bool' ? FLOATX : x.dtype);
    },
  },
  'activations.linear': {
    summary: 'The identity: returns its argument unchanged.',
    eager: 'own',
    compute: (a) => {
      const x = a.get('x');
      if (typeof x === 'object' && x !== null && x.kind === 'tensor') return out(x.shape, x.dtype, x.concrete ? { concrete: true } : undefined);
      return valueOut(x);
    },
  },
  'activations.hard_silu': { summary: 'Hard SiLU; on symbolic tensors it fails converting them to arrays.', eager: 'own', compute: convertsFirst(activationOn('hard_silu', sameShape)) },
  'activations.mish': { summary: 'Mish, x·tanh(softplus(x)); on symbolic tensors it fails converting them to arrays.', eager: 'own', compute: convertsFirst(activationOn('mish', sameShape)) },
  'activations.sparsemax': { summary: 'Sparsemax; on symbolic tensors it fails converting them to arrays.', compute: convertsFirst(intAxisChecked) },
};
