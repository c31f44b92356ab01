// keras.ops.image: resize, crop/pad, patches, colour conversions, blurs and
// geometric transforms (keras/src/ops/image.py).
import type { OpArgs } from './bind';
import type { OpCallContext, OpDef, OpDefs } from './def';
import { typeError, notModelled, valueError } from './failure';
import { convOutputShape, dataFormat, npInts } from './nn';
import type { NpInts } from './nn';
import type { OpValue, TensorValue } from './types';
import { isSeq, isTensor, out, pyInt, repr, shapeListRepr, shapeRepr, typeName } from './values';
import type { Dim } from '../types';

const RANK_34 = 'Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images).';

function rank34(x: TensorValue, list: boolean, name = 'images'): void {
  if (x.shape.length !== 3 && x.shape.length !== 4) {
    valueError(list ? `${RANK_34} Received: ${name}.shape=${shapeListRepr(x.shape)}` : `${RANK_34} Received input with shape: ${name}.shape=${shapeRepr(x.shape)}`);
  }
}

function sameShapeImage(summary: string, param = 'images'): OpDef {
  return {
    summary,
    compute: (a, ctx) => {
      dataFormat(a.get('data_format'), ctx);
      const x = a.tensor(param);
      rank34(x, false);
      return out(x.shape, x.dtype);
    },
  };
}

const optInt = (a: OpArgs, n: string): number | null => {
  const v = a.get(n);
  return v === null ? null : pyInt(v) ?? notModelled(`\`${n}\` is not an int`);
};
const pyNone = (v: number | null): string => (v === null ? 'None' : String(v));

/** pad_images / crop_images: two of (before, after, target) per axis. */
function padOrCrop(kind: 'padding' | 'cropping'): (a: OpArgs, ctx: OpCallContext) => ReturnType<OpDef['compute']> {
  return (a, ctx) => {
    const fmt = dataFormat(a.get('data_format'), ctx);
    const x = a.tensor('images');
    const [top, left, bottom, right] = ['top', 'left', 'bottom', 'right'].map((s) => optInt(a, `${s}_${kind}`));
    const th = optInt(a, 'target_height');
    const tw = optInt(a, 'target_width');
    if (x.shape.length !== 3 && x.shape.length !== 4) valueError(`${RANK_34} Received: images.shape=${shapeListRepr(x.shape)}`);
    const nulls = (...v: (number | null)[]) => v.filter((q) => q === null).length;
    if (nulls(top, bottom, th) !== 1) valueError(`Must specify exactly two of top_${kind}, bottom_${kind}, target_height. Received: top_${kind}=${pyNone(top)}, bottom_${kind}=${pyNone(bottom)}, target_height=${pyNone(th)}`);
    if (nulls(left, right, tw) !== 1) valueError(`Must specify exactly two of left_${kind}, right_${kind}, target_width. Received: left_${kind}=${pyNone(left)}, right_${kind}=${pyNone(right)}, target_width=${pyNone(tw)}`);
    const nonNeg = (v: number | null, n: string) => {
      if (v !== null && v < 0) valueError(`${n} must be >= 0. Received: ${n}=${v}`);
    };
    nonNeg(top, `top_${kind}`);
    nonNeg(bottom, `bottom_${kind}`);
    nonNeg(th, 'target_height');
    nonNeg(left, `left_${kind}`);
    nonNeg(right, `right_${kind}`);
    nonNeg(tw, 'target_width');
    const [hAx, wAx] = fmt === 'channels_last' ? [x.shape.length - 3, x.shape.length - 2] : [x.shape.length - 2, x.shape.length - 1];
    const h = x.shape[hAx];
    const w = x.shape[wAx];
    const sign = kind === 'padding' ? 1 : -1;
    const axis = (size: Dim, before: number | null, after: number | null, target: number | null, names: [string, string, string]): Dim => {
      if (kind === 'cropping' && size === null && target === null) {
        valueError(`When the ${names[2] === 'target_height' ? 'height' : 'width'} of the images is unknown, \`${names[2]}\` must be specified.Received images.shape=${shapeListRepr(x.shape)} and ${names[2]}=None`);
      }
      let t: Dim = target;
      if (t === null && size !== null) t = size + sign * ((before as number) + (after as number));
      if (size !== null) {
        const tt = t as number;
        const b = before ?? sign * (tt - size) - (after as number);
        const f = after ?? sign * (tt - size) - b;
        nonNeg(b, names[0]);
        nonNeg(f, names[1]);
        nonNeg(tt, names[2]);
      }
      return t;
    };
    const shape: Dim[] = [...x.shape];
    shape[hAx] = axis(h, top, bottom, th, [`top_${kind}`, `bottom_${kind}`, 'target_height']);
    shape[wAx] = axis(w, left, right, tw, [`left_${kind}`, `right_${kind}`, 'target_width']);
    return out(shape, x.dtype);
  };
}

function patches(a: OpArgs, ctx: OpCallContext, images: TensorValue, sizeV: OpValue): ReturnType<OpDef['compute']> {
  const fmt = dataFormat(a.get('data_format'), ctx);
  const n = pyInt(sizeV);
  const size = n !== undefined ? [n, n] : isSeq(sizeV) ? sizeV.items.map((v) => pyInt(v) ?? notModelled('`size` holds a non-integer')) : notModelled('`size`');
  const is3d = size.length === 3;
  const stridesV = a.get('strides');
  const strides: NpInts = stridesV === null ? { scalar: false, values: size } : npInts(stridesV, '`strides`');
  const dil = npInts(a.get('dilation_rate'), '`dilation_rate`');
  const padding = a.get('padding');
  if (typeof padding !== 'string') return notModelled('`padding` is not a string');
  let shape: Dim[] = [...images.shape];
  const ndim = shape.length;
  const cin = fmt === 'channels_last' ? shape[ndim - 1] : shape[ndim - (is3d ? 4 : 3)];
  if (cin === undefined) return notModelled('a rank too small for the channel axis');
  if ((is3d && ndim === 4) || (!is3d && ndim === 3)) shape = [1, ...shape];
  const vol = size.reduce((p, q) => p * q, 1);
  const filters = cin === null ? notModelled('an unknown channel count') : vol * cin;
  let res = convOutputShape(shape, filters, size, strides, dil, padding, fmt, true);
  if ((is3d && ndim === 4) || (!is3d && ndim === 3)) res = res.slice(1);
  return out(res, images.dtype);
}

const hsv = (summary: string): OpDef => ({
  summary,
  compute: (a, ctx) => {
    const fmt = dataFormat(a.get('data_format'), ctx);
    const x = a.tensor('images');
    rank34(x, true);
    if (!x.dtype.includes('float')) valueError(`Invalid images dtype: expected float dtype. Received: images.dtype=${x.dtype}`);
    const c = x.shape[fmt === 'channels_last' ? x.shape.length - 1 : x.shape.length - 3];
    if (c !== null && c !== 3) valueError(`Input images must have 3 channels, but received images with ${c} channels.`);
    return out(x.shape, x.dtype);
  },
});

export const defs: OpDefs = {
  'ops.image.rgb_to_hsv': hsv('RGB images to HSV; same shape (float images with 3 channels).'),
  'ops.image.hsv_to_rgb': hsv('HSV images to RGB; same shape (float images with 3 channels).'),
  'ops.image.perspective_transform': {
    summary: 'A perspective warp from 4 start points to 4 end points; same shape as the images.',
    compute: (a, ctx) => {
      dataFormat(a.get('data_format'), ctx);
      const x = a.tensor('images');
      const p = a.tensor('start_points');
      const q = a.tensor('end_points');
      rank34(x, false);
      const ok = (t: TensorValue) => (t.shape.length === 2 || t.shape.length === 3) && t.shape[t.shape.length - 2] === 4 && t.shape[t.shape.length - 1] === 2;
      if (!ok(p)) valueError(`Invalid start_points shape: expected (4,2) for a single image or (N,4,2) for a batch. Received shape: ${shapeRepr(p.shape)}`);
      if (!ok(q)) valueError(`Invalid end_points shape: expected (4,2) for a single image or (N,4,2) for a batch. Received shape: ${shapeRepr(q.shape)}`);
      if (shapeRepr(p.shape) !== shapeRepr(q.shape)) valueError(`start_points and end_points must have the same shape. Received start_points.shape=${shapeRepr(p.shape)}, end_points.shape=${shapeRepr(q.shape)}`);
      return out(x.shape, x.dtype);
    },
  },
  'ops.image.resize': {
    summary: 'Resizes images to `size` (height, width); batch and channels are kept.',
    compute: (a, ctx) => {
      const sizeV = a.get('size');
      if (!isSeq(sizeV)) return notModelled('`size` is not a sequence');
      if (sizeV.items.length !== 2) valueError(`Expected \`size\` to be a tuple of 2 integers. Received: size=${repr(sizeV)}`);
      const [hv, wv] = sizeV.items;
      const sh = pyInt(hv);
      const sw = pyInt(wv);
      if ((sh !== undefined && sh <= 0) || (sw !== undefined && sw <= 0)) valueError(`\`size\` must have positive height and width. Received: size=${repr(sizeV)}`);
      const x = a.tensor('images');
      rank34(x, false);
      if (a.get('pad_to_aspect_ratio') === true && a.get('crop_to_aspect_ratio') === true) valueError('Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.');
      const fmt = dataFormat(a.get('data_format'), ctx);
      const shape: Dim[] = [...x.shape];
      const [hAx, wAx] = fmt === 'channels_last' ? [shape.length - 3, shape.length - 2] : [shape.length - 2, shape.length - 1];
      shape[hAx] = sh ?? (hv === null ? null : notModelled('a non-integer size'));
      shape[wAx] = sw ?? (wv === null ? null : notModelled('a non-integer size'));
      return out(shape, x.dtype);
    },
  },
  'ops.image.affine_transform': {
    summary: 'Applies affine transforms (8 numbers each); same shape as the images.',
    compute: (a, ctx) => {
      dataFormat(a.get('data_format'), ctx);
      const x = a.tensor('images');
      const t = a.tensor('transform');
      rank34(x, false);
      if (t.shape.length !== 1 && t.shape.length !== 2) {
        valueError(`Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of transforms). Received input with shape: transform.shape=${shapeRepr(t.shape)}`);
      }
      return out(x.shape, x.dtype);
    },
  },
  'ops.image.pad_images': { summary: 'Pads images to a target height/width (two of before, after, target per axis).', compute: padOrCrop('padding') },
  'ops.image.crop_images': { summary: 'Crops images to a target height/width (two of before, after, target per axis).', compute: padOrCrop('cropping') },
  'ops.image.extract_patches': {
    summary: 'Extracts size×size patches as channels: spatial axes as a conv with that kernel and stride, channels size·size·C.',
    compute: (a, ctx) => {
      const sizeV = a.get('size');
      if (pyInt(sizeV) === undefined) {
        if (!isSeq(sizeV)) typeError(`Invalid \`size\` argument. Expected an int or a tuple. Received: size=${repr(sizeV)} of type ${typeName(sizeV)}`);
        if (sizeV.items.length !== 2 && sizeV.items.length !== 3) valueError(`Invalid \`size\` argument. Expected a tuple of length 2 or 3. Received: size=${repr(sizeV)} with length ${sizeV.items.length}`);
      }
      return patches(a, ctx, a.tensor('images'), sizeV);
    },
  },
  'ops.image.extract_patches_3d': {
    summary: 'Extracts 3-D patches of volumes as channels, like a 3-D conv with that kernel.',
    compute: (a, ctx) => {
      const sizeV = a.get('size');
      const n = pyInt(sizeV);
      return patches(a, ctx, a.tensor('volumes'), n !== undefined ? { kind: 'tuple', items: [sizeV, sizeV, sizeV] } : sizeV);
    },
  },
  'ops.image.gaussian_blur': sameShapeImage('A Gaussian blur; same shape as the images.'),
  'ops.image.elastic_transform': sameShapeImage('An elastic deformation; same shape as the images.'),
  'ops.image.sobel_edges': {
    summary: 'Sobel edge maps: a batch of images gains a trailing axis of 2 (dy, dx).',
    compute: (a) => {
      const x = a.tensor('images');
      if (x.shape.length !== 4) valueError(`Invalid images rank: expected rank 4 (batch of images). Received: images.shape=${shapeListRepr(x.shape)}`);
      return out([...x.shape, 2], x.dtype);
    },
  },
  'ops.image.rgb_to_grayscale': {
    summary: 'RGB (or gray) images to one channel.',
    compute: (a, ctx) => {
      const fmt = dataFormat(a.get('data_format'), ctx);
      const x = a.tensor('images');
      rank34(x, true);
      const ax = fmt === 'channels_last' ? x.shape.length - 1 : x.shape.length - 3;
      const c = x.shape[ax];
      if (c !== null && c !== 1 && c !== 3) valueError(`Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received input with shape: images.shape=${shapeRepr(x.shape)}`);
      const s: Dim[] = [...x.shape];
      s[ax] = 1;
      return out(s, x.dtype);
    },
  },
  'ops.image.map_coordinates': {
    summary: 'Samples `inputs` at `coordinates` (rank(inputs), …): the shape coordinates.shape[1:].',
    compute: (a) => {
      const x = a.tensor('inputs');
      const c = a.tensor('coordinates');
      if (!c.shape.length) return notModelled('scalar coordinates');
      if (c.shape[0] !== x.shape.length) {
        valueError(`First dim of \`coordinates\` must be the same as the rank of \`inputs\`. Received inputs with shape: ${shapeRepr(x.shape)} and coordinate leading dim of ${c.shape[0] === null ? 'None' : c.shape[0]}`);
      }
      if (c.shape.length < 2) valueError(`Invalid coordinates rank: expected at least rank 2. Received input with shape: ${shapeRepr(c.shape)}`);
      return out(c.shape.slice(1), x.dtype);
    },
  },
  'ops.image.reconstruct_patches': {
    summary: 'Rebuilds images of `output_size` from a grid of flattened patches: channels = flat / prod(size).',
    compute: (a, ctx) => {
      const sizeV = a.get('size');
      const n = pyInt(sizeV);
      if (n === undefined) {
        if (!isSeq(sizeV)) typeError(`Invalid \`size\` argument. Expected an int or a tuple. Received: size=${repr(sizeV)} of type ${typeName(sizeV)}`);
        if (sizeV.items.length !== 2 && sizeV.items.length !== 3) valueError(`Invalid \`size\` argument. Expected a tuple of length 2 or 3. Received: size=${repr(sizeV)} with length ${sizeV.items.length}`);
      }
      const osV = a.get('output_size');
      if (!isSeq(osV)) typeError(`Invalid \`output_size\` argument. Expected a tuple or list. Received: output_size=${repr(osV)} of type ${typeName(osV)}`);
      const fmt = dataFormat(a.get('data_format'), ctx);
      const p = a.tensor('patches');
      const size = n !== undefined ? [n, n] : (sizeV as { items: readonly OpValue[] }).items.map((v) => pyInt(v) ?? notModelled('`size` holds a non-integer'));
      const outSize = osV.items.map((v) => pyInt(v) ?? notModelled('`output_size` holds a non-integer'));
      const is3d = size.length === 3;
      const ps = p.shape;
      const rank = ps.length;
      const flat = fmt === 'channels_last' ? ps[rank - 1] : ps[rank - (is3d ? 4 : 3)];
      const vol = size.reduce((q, r) => q * r, 1);
      const channels: Dim = flat === null || flat === undefined ? null : Math.floor(flat / vol);
      const batched = is3d ? 5 : 4;
      if (rank !== batched && rank !== batched - 1) {
        valueError(`\`patches\` has unexpected rank for ${is3d ? '3D' : '2D'} reconstruction. Expected ${batched - 1} (unbatched) or ${batched} (batched). Received shape: ${shapeRepr(ps)}`);
      }
      if (flat !== null && flat !== undefined && flat % vol !== 0) valueError(`\`patches\` last dim (${flat}) is not divisible by prod(size) (${vol}).`);
      const grid = fmt === 'channels_last' ? ps.slice(rank === batched ? 1 : 0, (rank === batched ? 1 : 0) + size.length) : ps.slice(rank - size.length);
      const names = ['depth', 'height', 'width'].slice(3 - size.length);
      const padding = a.get('padding');
      for (let i = 0; i < Math.min(grid.length, size.length, outSize.length); i++) {
        const g = grid[i];
        if (g === null) continue;
        const [q, o] = [size[i], outSize[i]];
        if (padding === 'valid') {
          if (g * q !== o) valueError(`\`padding='valid'\` requires output_size to equal size * grid. Got output_size=${repr(osV.kind === 'tuple' ? osV : { kind: 'tuple', items: osV.items })}, grid ${names[i]}=${g}, size=${repr({ kind: 'tuple', items: size.map((v) => ({ kind: 'int', value: v })) })}.`);
        } else if (!(g * q - q < o && o <= g * q)) {
          valueError(`For \`padding='same'\`, \`output_size\` ${names[i]} (${o}) must be in the range ((g-1)*p, g*p], i.e. (${g * q - q}, ${g * q}]. Got: grid=${g}, patch=${q}.`);
        }
      }
      let shape: Dim[] = fmt === 'channels_last' ? [...outSize, channels] : [channels, ...outSize];
      if (rank === batched) shape = [ps[0], ...shape];
      return out(shape, p.dtype);
    },
  },
  'ops.image.scale_and_translate': {
    summary: 'Scales and translates images into `output_shape` (the result has exactly that shape).',
    compute: (a) => {
      const x = a.tensor('images');
      const sv = a.get('output_shape');
      if (!isSeq(sv)) return notModelled('`output_shape` is not a sequence');
      return out(sv.items.map((v) => (v === null ? null : pyInt(v) ?? notModelled('`output_shape` holds a non-integer'))), x.dtype);
    },
  },
  'ops.image.ssim': {
    summary: 'Structural similarity: a scalar per image (shape (batch,) or ()).',
    compute: (a) => {
      const x = a.get('image1');
      const y = a.get('image2');
      if (!isTensor(x) || !isTensor(y)) return notModelled('a non-tensor image');
      rank34(x, false, 'image1');
      rank34(y, false, 'image2');
      return out(x.shape.length === 3 ? [] : [x.shape[0]], x.dtype);
    },
  },
};

