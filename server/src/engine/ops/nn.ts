// Convolution and pooling ops (keras/src/ops/nn.py with operation_utils'
// output-shape arithmetic, numpy broadcasting of pool sizes included),
// adaptive pooling, depth_to_space/space_to_depth, unfold/fold.
import type { OpArgs } from './bind';
import type { OpCallContext, OpDef, OpDefs } from './def';
import { OpFailure, notModelled, valueError } from './failure';
import type { OpValue, TensorValue } from './types';
import { isSeq, isTensor, out, pyInt, repr, shapeListRepr, shapeRepr, str } from './values';
import type { Dim, Shape } from '../types';

export function dataFormat(v: OpValue, ctx: OpCallContext): 'channels_last' | 'channels_first' {
  if (v === null) return ctx.config.imageDataFormat;
  const s = str(v).toLowerCase();
  if (s !== 'channels_first' && s !== 'channels_last') {
    valueError(`The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${s}`);
  }
  return s;
}

function lowerPadding(v: OpValue): string {
  if (typeof v !== 'string') return notModelled('`padding` is not a string');
  return v.toLowerCase();
}

/** An int (a NumPy scalar) or a sequence of ints. */
export interface NpInts {
  readonly scalar: boolean;
  readonly values: number[];
}
export function npInts(v: OpValue, what: string): NpInts {
  const n = pyInt(v);
  if (n !== undefined) return { scalar: true, values: [n] };
  if (isSeq(v)) return { scalar: false, values: v.items.map((x) => pyInt(x) ?? notModelled(`${what} holds a non-integer`)) };
  return notModelled(`${what} is not an int or a sequence`);
}
/** NumPy broadcasting of 1-D operands to a common length. */
function npBroadcast(parts: NpInts[]): number {
  let n = 1;
  for (const p of parts) if (!p.scalar) n = p.values.length === 1 ? n : n === 1 || n === p.values.length ? p.values.length : notModelled('operands NumPy cannot broadcast');
  for (const p of parts) if (!p.scalar && p.values.length !== 1 && p.values.length !== n) notModelled('operands NumPy cannot broadcast');
  return n;
}
const at = (p: NpInts, i: number): number => (p.scalar || p.values.length === 1 ? p.values[0] : p.values[i]);
/** How NumPy prints a 1-D int array or a scalar: `[2 2]`, `5`. */
const npRepr = (p: NpInts): string => (p.scalar ? String(p.values[0]) : `[${p.values.join(' ')}]`);
const npShapeRepr = (s: Shape): string => `[${s.map((d) => (d === null ? 'None' : String(d))).join(' ')}]`;

function poolDef(summary: string): OpDef {
  return {
    summary,
    compute: (a, ctx) => {
      const fmt = dataFormat(a.get('data_format'), ctx);
      const padding = lowerPadding(a.get('padding'));
      const x = a.tensor('inputs');
      const poolV = a.get('pool_size');
      const stridesV = a.get('strides');
      const pool = npInts(poolV, '`pool_size`');
      const strides = stridesV === null ? pool : npInts(stridesV, '`strides`');
      const spatial = fmt === 'channels_last' ? x.shape.slice(1, -1) : x.shape.slice(2);
      const sp: NpInts = { scalar: false, values: spatial.map((d) => (d === null ? -1 : d)) };
      const n = npBroadcast([sp, pool, strides]);
      const res: Dim[] = [];
      for (let i = 0; i < n; i++) {
        const s = at(sp, i);
        let o: number;
        if (padding === 'valid') o = Math.floor((s - at(pool, i)) / at(strides, i)) + 1;
        else if (padding === 'same') o = Math.floor((s - 1) / at(strides, i)) + 1;
        else return valueError(`Argument \`padding\` must be either 'valid' or 'same'. Received: padding=${padding}`);
        const isNone = spatial.length === 1 ? spatial[0] === null : spatial[i] === null;
        if (padding === 'valid' && !isNone && o <= 0) {
          valueError(`Computed output size would be zero or negative. Received: \`inputs.shape=${npShapeRepr(x.shape)}\`, \`pool_size=${npRepr(pool)}\`, \`strides=${stridesV === null ? repr(poolV) : repr(stridesV)}\`, \`padding=${padding}\`.`);
        }
        res.push(isNone && spatial.length > i ? null : o);
      }
      if (spatial.length === 1 && n > 1 && spatial[0] === null) return notModelled('a broadcast unknown dimension');
      const shape = fmt === 'channels_last' ? [x.shape[0], ...res, x.shape[x.shape.length - 1]] : [x.shape[0], x.shape[1], ...res];
      return out(shape, x.dtype);
    },
  };
}

function checkChannels(x: TensorValue, kernelIn: Dim, fmt: string): void {
  const c = fmt === 'channels_last' ? x.shape[x.shape.length - 1] : x.shape[1];
  if (c !== null && c !== undefined && kernelIn !== null && c !== kernelIn) {
    valueError(`The number of input channels must match the kernel's input channels. Received: input channels=${c}, kernel input channels=${kernelIn}, data_format='${fmt}'.`);
  }
}

/** `compute_conv_output_shape` on the call's `strides` and `dilation_rate`. */
function convShape(x: TensorValue, filters: Dim, kernelSize: Shape, a: OpArgs, fmt: string, padding: string): Dim[] {
  return convOutputShape(x.shape, filters, kernelSize, npInts(a.get('strides'), '`strides`'), npInts(a.get('dilation_rate'), '`dilation_rate`'), padding, fmt);
}

/** `compute_conv_output_shape`: the kernel is `kernelSize + (channels, filters)`. */
export function convOutputShape(
  input: Shape,
  filters: Dim,
  kernelSize: Shape,
  strides: NpInts,
  dil: NpInts,
  padding: string,
  fmt: string,
  inputAsList = false,
): Dim[] {
  const spatial = fmt === 'channels_last' ? input.slice(1, -1) : input.slice(2);
  const inC = fmt === 'channels_last' ? input[input.length - 1] : input[1];
  const kernelShape = [...kernelSize, inC, filters];
  if (kernelShape.length !== input.length) {
    valueError(`Kernel shape must have the same length as input, but received kernel of shape ${shapeRepr(kernelShape)} and input of shape ${shapeListRepr(input)}.`);
  }
  if (!dil.scalar && dil.values.length !== spatial.length) return notModelled('a dilation of another length than the spatial axes');
  if (kernelSize.includes(null)) return notModelled('an unknown kernel size');
  const res: Dim[] = [];
  for (let i = 0; i < spatial.length; i++) {
    const s = spatial[i] ?? -1;
    const st = strides.scalar ? strides.values[0] : strides.values[i] ?? notModelled('strides of another length');
    let o: number;
    if (padding === 'valid') {
      o = Math.floor((s - at(dil, i) * ((kernelSize[i] as number) - 1) - 1) / st) + 1;
      if (spatial[i] !== null && o <= 0) {
        const n = spatial.length;
        const dils = dil.scalar ? new Array<number>(n).fill(dil.values[0]) : dil.values;
        const strs = strides.scalar ? new Array<number>(n).fill(strides.values[0]) : strides.values;
        const tupleOf = (v: readonly Dim[]) => shapeRepr(v);
        valueError(
          `Computed output size would be zero or negative. Received \`inputs shape=${inputAsList ? shapeListRepr(input) : shapeRepr(input)}\`, \`kernel shape=${tupleOf(kernelShape)}\`, \`dilation_rate=[${dils.join(' ')}]\`, \`strides=${tupleOf(strs)}\`, \`padding=${padding}\`.`,
        );
      }
    } else if (padding === 'same' || padding === 'causal') o = Math.floor((s - 1) / st) + 1;
    else return valueError(`\`padding\` must be either \`'valid'\` or \`'same'\`. Received ${padding}.`);
    res.push(spatial[i] === null ? null : o);
  }
  return fmt === 'channels_last' ? [input[0], ...res, filters] : [input[0], filters, ...res];
}

function kernelOf(a: OpArgs, name: string): TensorValue {
  const k = a.get(name);
  return isTensor(k) ? k : notModelled(`\`${name}\` is not a tensor`);
}

const mulDim = (p: Dim, q: Dim): Dim => (p === null || q === null ? null : p * q);

function adaptiveDef(summary: string): OpDef {
  return {
    summary,
    compute: (a, ctx) => {
      const fv = a.get('data_format');
      const fmt = fv === null ? ctx.config.imageDataFormat : str(fv);
      const x = a.tensor('inputs');
      const size = a.get('output_size');
      if (pyInt(size) !== undefined) throw new OpFailure('TypeError', "object of type 'int' has no len()");
      if (!isSeq(size) || size.kind !== 'tuple') return notModelled('`output_size` is not a tuple');
      const dims = size.items.map((v) => pyInt(v) ?? notModelled('`output_size` holds a non-integer'));
      // Keras keeps `inputs.shape[:-len(output_size)]`, so the input's last spatial axes are the ones dropped.
      if (fmt === 'channels_last') return out([...x.shape.slice(0, Math.max(0, x.shape.length - dims.length)), ...dims, x.shape[x.shape.length - 1]], x.dtype);
      return out([x.shape[0], x.shape[1], ...dims], x.dtype);
    },
  };
}

function pair(v: OpValue, what: string): [number, number] {
  const n = pyInt(v);
  if (n !== undefined) return [n, n];
  if (isSeq(v) && v.items.length === 2) return [pyInt(v.items[0]) ?? notModelled(what), pyInt(v.items[1]) ?? notModelled(what)];
  return notModelled(`${what} is not an int or a pair`);
}

export const defs: OpDefs = {
  'ops.conv': {
    summary: 'An N-D convolution with `kernel` (spatial…, in, out): each spatial axis follows floor((in − d·(k−1) − 1)/s) + 1 (valid) or ceil(in/s) (same).',
    compute: (a, ctx) => {
      const fmt = dataFormat(a.get('data_format'), ctx);
      const padding = lowerPadding(a.get('padding'));
      const x = a.tensor('inputs');
      const k = kernelOf(a, 'kernel');
      checkChannels(x, k.shape[k.shape.length - 2], fmt);
      return out(convShape(x, k.shape[k.shape.length - 1], k.shape.slice(0, -2), a, fmt, padding), x.dtype);
    },
  },
  'ops.depthwise_conv': {
    summary: 'A depthwise convolution: output channels = in × multiplier (kernel (spatial…, in, multiplier)).',
    compute: (a, ctx) => {
      const fmt = dataFormat(a.get('data_format'), ctx);
      const padding = lowerPadding(a.get('padding'));
      const x = a.tensor('inputs');
      const k = kernelOf(a, 'kernel');
      checkChannels(x, k.shape[k.shape.length - 2], fmt);
      const filters = mulDim(k.shape[k.shape.length - 1], k.shape[k.shape.length - 2]);
      return out(convShape(x, filters, k.shape.slice(0, -2), a, fmt, padding), x.dtype);
    },
  },
  'ops.separable_conv': {
    summary: 'A depthwise then pointwise convolution: spatial axes as the depthwise one, channels from the pointwise kernel.',
    compute: (a, ctx) => {
      const fmt = dataFormat(a.get('data_format'), ctx);
      const padding = lowerPadding(a.get('padding'));
      const x = a.tensor('inputs');
      const k = kernelOf(a, 'depthwise_kernel');
      const p = kernelOf(a, 'pointwise_kernel');
      checkChannels(x, k.shape[k.shape.length - 2], fmt);
      const filters = mulDim(k.shape[k.shape.length - 1], k.shape[k.shape.length - 2]);
      const shape = convShape(x, filters, k.shape.slice(0, -2), a, fmt, padding);
      shape[fmt === 'channels_last' ? shape.length - 1 : 1] = p.shape[p.shape.length - 1];
      return out(shape, x.dtype);
    },
  },
  'ops.conv_transpose': {
    summary: 'A transposed convolution with `kernel` (spatial…, out, in): (in − 1)·s + k (+ output_padding) per spatial axis (valid), in·s (same).',
    compute: (a, ctx) => {
      const fmt = dataFormat(a.get('data_format'), ctx);
      const padding = lowerPadding(a.get('padding'));
      const x = a.tensor('inputs');
      const k = kernelOf(a, 'kernel');
      checkChannels(x, k.shape[k.shape.length - 1], fmt);
      const ks = k.shape.slice(0, -2);
      const filters = k.shape[k.shape.length - 2];
      const nsp = x.shape.length - 2;
      const spatial = fmt === 'channels_last' ? x.shape.slice(1, -1) : x.shape.slice(2);
      const strides = npInts(a.get('strides'), '`strides`');
      const dil = npInts(a.get('dilation_rate'), '`dilation_rate`');
      const opV = a.get('output_padding');
      const op = opV === null ? null : npInts(opV, '`output_padding`');
      if (padding !== 'valid' && padding !== 'same') valueError(`The \`padding\` argument must be one of 'valid', 'same'. Received: padding=${padding}`);
      const res: Dim[] = [];
      for (let i = 0; i < nsp; i++) {
        const size = spatial[i];
        if (size === null) {
          res.push(null);
          continue;
        }
        const kk = ks[i];
        if (kk === null || kk === undefined) return notModelled('an unknown kernel size');
        const s = strides.scalar ? strides.values[0] : strides.values[i] ?? notModelled('strides of another length');
        const d = dil.scalar ? dil.values[0] : dil.values[i] ?? notModelled('dilation of another length');
        const o = op === null ? null : op.scalar ? op.values[0] : op.values[i] ?? notModelled('output_padding of another length');
        const eff = (kk - 1) * d + 1;
        if (padding === 'valid') res.push((size - 1) * s + eff + (o === null ? Math.max(eff, s) - eff : o));
        else res.push(o === null ? size * s : (size - 1) * s + (eff % 2) + o);
      }
      return out(fmt === 'channels_last' ? [x.shape[0], ...res, filters] : [x.shape[0], filters, ...res], x.dtype);
    },
  },
  'ops.max_pool': poolDef('Max pooling: each spatial axis floor((in − pool)/stride) + 1 (valid) or ceil(in/stride) (same).'),
  'ops.average_pool': poolDef('Average pooling: each spatial axis floor((in − pool)/stride) + 1 (valid) or ceil(in/stride) (same).'),
  'ops.adaptive_max_pool': adaptiveDef('Adaptive max pooling to the spatial size `output_size` (a tuple).'),
  'ops.adaptive_average_pool': adaptiveDef('Adaptive average pooling to the spatial size `output_size` (a tuple).'),
  'ops.depth_to_space': {
    summary: 'Moves channel blocks into space: H·b, W·b, C/b².',
    compute: (a) => {
      const x = a.tensor('x');
      const b = pyInt(a.get('block_size')) ?? notModelled('`block_size` is not an int');
      const fv = a.get('data_format');
      const fmt = fv === null ? 'channels_last' : str(fv).toLowerCase();
      if (x.shape.length !== 4) valueError(`\`depth_to_space\` requires a 4D input tensor. Received: x.shape=${shapeRepr(x.shape)}`);
      const last = fmt === 'channels_last';
      const [n, h, w, c] = last ? x.shape : [x.shape[0], x.shape[2], x.shape[3], x.shape[1]];
      if (c !== null && c % (b * b) !== 0) valueError(`The number of channels (${c}) must be divisible by block_size**2 (${b * b}).`);
      const nc = c === null ? null : Math.floor(c / (b * b));
      const nh = h === null ? null : h * b;
      const nw = w === null ? null : w * b;
      return out(last ? [n, nh, nw, nc] : [n, nc, nh, nw], x.dtype);
    },
  },
  'ops.space_to_depth': {
    summary: 'Moves spatial blocks into channels: H/b, W/b, C·b².',
    compute: (a) => {
      const x = a.tensor('x');
      const b = pyInt(a.get('block_size')) ?? notModelled('`block_size` is not an int');
      const fv = a.get('data_format');
      const fmt = fv === null ? 'channels_last' : str(fv).toLowerCase();
      if (x.shape.length !== 4) valueError(`\`space_to_depth\` requires a 4D input tensor. Received: x.shape=${shapeRepr(x.shape)}`);
      const last = fmt === 'channels_last';
      const [n, h, w, c] = last ? x.shape : [x.shape[0], x.shape[2], x.shape[3], x.shape[1]];
      if (h !== null && h % b !== 0) valueError(`Height (${h}) must be divisible by block_size (${b}).`);
      if (w !== null && w % b !== 0) valueError(`Width (${w}) must be divisible by block_size (${b}).`);
      const nc = c === null ? null : c * b * b;
      const nh = h === null ? null : Math.floor(h / b);
      const nw = w === null ? null : Math.floor(w / b);
      return out(last ? [n, nh, nw, nc] : [n, nc, nh, nw], x.dtype);
    },
  },
  'ops.unfold': {
    summary: 'Extracts sliding blocks of a (N, C, H, W) input: (N, C·kH·kW, L).',
    compute: (a) => {
      const x = a.tensor('x');
      if (x.shape.length !== 4) valueError(`Input must be a 4D tensor. Received: input.shape=${shapeRepr(x.shape)}`);
      const [n, c, h, w] = x.shape;
      const [kh, kw] = pair(a.get('kernel_size'), '`kernel_size`');
      const [dh, dw] = pair(a.get('dilation'), '`dilation`');
      const [ph, pw] = pair(a.get('padding'), '`padding`');
      const [sh, sw] = pair(a.get('stride'), '`stride`');
      if (h === null || w === null || c === null) return notModelled('unknown spatial or channel sizes (Keras computes with None)');
      const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
      const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
      return out([n, c * kh * kw, oh * ow], x.dtype);
    },
  },
  'ops.fold': {
    summary: 'Combines sliding blocks (N, C·kH·kW, L) into (N, C, H, W) of `output_size`.',
    compute: (a) => {
      const x = a.tensor('x');
      if (x.shape.length !== 3) valueError(`Input must be a 3D tensor. Received: input.shape=${shapeRepr(x.shape)}`);
      const [n, ckk] = x.shape;
      const [kh, kw] = pair(a.get('kernel_size'), '`kernel_size`');
      const [oh, ow] = pair(a.get('output_size'), '`output_size`');
      if (ckk !== null && ckk % (kh * kw) !== 0) valueError(`The second dimension of the input (${ckk}) must be divisible by kernel_size product (${kh * kw}).`);
      return out([n, ckk === null ? null : Math.floor(ckk / (kh * kw)), oh, ow], x.dtype);
    },
  },
};
