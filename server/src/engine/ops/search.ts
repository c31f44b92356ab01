// Searching and counting: searchsorted, digitize, isin, bincount, histogram,
// nonzero, unique, unravel_index, top_k, in_top_k. Value-dependent sizes are
// None, as Keras declares them.
import type { OpDefs } from './def';
import { OpFailure, notModelled, typeError, valueError } from './failure';
import { needTensor } from './elementwise';
import { canonicalizeAxis } from './shapes';
import type { OutItem } from './types';
import { isSeq, isTensor, out, pyArrayShape, pyInt, repr, shapeRepr, tupleOut, listOut } from './values';
import type { Dim } from '../types';

export const defs: OpDefs = {
  'ops.searchsorted': {
    summary: 'Insertion indices of `values` into a 1-D sorted sequence: the shape of `values`, int32.',
    compute: (a) => {
      const s = needTensor(a.get('sorted_sequence'), 'shape');
      const v = needTensor(a.get('values'), 'shape');
      if (s.shape.length !== 1) valueError('searchsorted only supports 1-D sorted sequences. Usekeras.ops.vectorized_map to extend to N-D sequences.');
      return out(v.shape, s.shape[0] !== null ? 'int32' : 'int64');
    },
  },
  'ops.digitize': {
    summary: 'The bin index of each element of `x`: int32, the shape of `x`.',
    compute: (a) => {
      const x = a.tensor('x');
      const bins = needTensor(a.get('bins'), 'shape');
      // Keras's message also prints the tensor's auto name, which depends on the program.
      if (bins.shape.length > 1) valueError(`\`bins\` must be a 1D array. Received: bins=<KerasTensor shape=${shapeRepr(bins.shape)}, dtype=${bins.dtype}> with shape bins.shape=${shapeRepr(bins.shape)}`);
      return out(x.shape, 'int32');
    },
  },
  'ops.isin': {
    summary: 'Whether each element of x1 is in x2: bool, the shape of x1.',
    compute: (a) => out(needTensor(a.get('x1'), 'shape').shape, 'bool'),
  },
  'ops.bincount': {
    summary: 'Counts of each value: the last axis becomes None (its length depends on the values).',
    compute: (a) => {
      const x = a.tensor('x');
      if (isTensor(a.get('weights'))) throw new OpFailure('TypeError', 'KerasTensor.__array__() takes 1 positional argument but 2 were given');
      if (a.get('weights') !== null) return notModelled('Python weights');
      return out([...x.shape.slice(0, -1), null], 'int32', a.get('sparse') === true || x.sparse ? { sparse: true } : undefined);
    },
  },
  'ops.histogram': {
    summary: 'Counts and bin edges: shapes (bins,) and (bins + 1,).',
    compute: (a) => {
      const b = a.get('bins');
      const bins = typeof b === 'object' && b !== null && b.kind === 'int' ? b.value : undefined;
      if (bins === undefined) typeError(`Argument \`bins\` must be of type \`int\`. Received: bins=${repr(b)}`);
      if (bins < 0) valueError(`Argument \`bins\` should be a non-negative integer. Received: bins=${bins}`);
      const r = a.get('range');
      if (r !== null && r !== false) {
        if (!isSeq(r) || r.kind !== 'tuple' || r.items.length < 2) return notModelled('a `range` that is not a pair');
        const lo = pyInt(r.items[0]) ?? (typeof r.items[0] === 'object' && r.items[0] !== null && r.items[0].kind === 'float' ? r.items[0].value : undefined);
        const hi = pyInt(r.items[1]) ?? (typeof r.items[1] === 'object' && r.items[1] !== null && r.items[1].kind === 'float' ? r.items[1].value : undefined);
        if (lo === undefined || hi === undefined) return notModelled('a non-numeric `range`');
        if (hi < lo) valueError(`The second element of \`range\` must be greater than the first. Received: range=${repr(r)}`);
      }
      const x = a.tensor('x');
      return tupleOut(out([bins], x.dtype), out([bins + 1], x.dtype));
    },
  },
  'ops.nonzero': {
    summary: 'The indices of non-zero elements: one (None,) int32 tensor per axis, as a tuple.',
    compute: (a) => {
      const x = a.tensor('x');
      return tupleOut(...x.shape.map(() => out([null], 'int32')));
    },
  },
  'ops.unique': {
    summary: 'The unique values (length None unless `size`), with optional indices, inverse and counts.',
    compute: (a) => {
      const x = a.tensor('x');
      const sv = a.get('size');
      const u: Dim = sv === null ? null : pyInt(sv) ?? notModelled('`size` is not an int');
      const axisV = a.get('axis');
      let values: Dim[];
      let axis = -1;
      if (axisV === null) values = [u];
      else {
        axis = canonicalizeAxis(pyInt(axisV) ?? notModelled('`axis` is not an int'), x.shape.length);
        values = [...x.shape];
        values[axis] = u;
      }
      const outs: OutItem[] = [out(values, x.dtype)];
      if (a.get('return_index') === true) outs.push(out([u], 'int32'));
      if (a.get('return_inverse') === true) outs.push(out(axisV === null ? x.shape : [x.shape[axis]], 'int32'));
      if (a.get('return_counts') === true) outs.push(out([u], 'int32'));
      return outs.length === 1 ? outs[0] : tupleOut(...outs);
    },
  },
  'ops.unravel_index': {
    summary: 'Flat indices to coordinate arrays: one tensor per dimension of `shape`, as a list.',
    compute: (a) => {
      const idx = a.tensor('indices');
      const sv = a.get('shape');
      if (pyInt(sv) !== undefined) typeError("argument of type 'int' is not iterable");
      if (!isSeq(sv)) return notModelled('`shape` is not a sequence');
      const dims = sv.items.map((d) => (d === null ? null : pyInt(d) ?? notModelled('`shape` holds a non-integer')));
      const each: Dim[] = dims.includes(null) ? [null] : [...idx.shape];
      return listOut(dims.map(() => out(each, idx.dtype)));
    },
  },
  'ops.top_k': {
    summary: 'The k largest values along the last axis and their int32 indices: two tensors (…, k).',
    compute: (a) => {
      const x = a.tensor('x');
      const k = pyInt(a.get('k')) ?? notModelled('`k` is not an int');
      if (!x.shape.length) throw new OpFailure('IndexError', 'list assignment index out of range');
      const s: Dim[] = [...x.shape];
      s[s.length - 1] = k;
      return tupleOut(out(s, x.dtype), out(s, 'int32'));
    },
  },
  'ops.in_top_k': {
    summary: 'Whether each target is among the top k predictions: bool, the shape of `targets`.',
    compute: (a) => {
      const t = a.get('targets');
      if (!isTensor(t)) {
        const s = pyArrayShape(t);
        return s ? notModelled('Python targets') : notModelled('`targets`');
      }
      return out(t.shape, 'bool');
    },
  },
};

