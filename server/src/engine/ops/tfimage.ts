// TensorFlow's image functions by TensorFlow's own shape rules: crops and pads
// to a box (`tf.image.crop_to_bounding_box`, `pad_to_bounding_box`,
// `resize_with_crop_or_pad`, `central_crop`, `random_crop`), and reading
// images from files (`tf.io.read_file`, `tf.image.decode_jpeg/png/image`,
// `convert_image_dtype`). A target size that is a scalar tensor is None in the
// graph; a box that provably does not fit (TensorFlow raises) is unknown with
// the reason.
//
//   tf.image.crop_to_bounding_box(x (None, 32, 32, 3), 0, 2, 28, 28) → (None, 28, 28, 3)
//   tf.image.decode_jpeg(tf.io.read_file(path), channels=3)          → (None, None, 3) uint8
import { notModelled } from './failure';
import { tfConvertPython, tfDtype, tfSize } from './tfops';
import type { DType, OpValue, OutItem, TensorValue } from './types';
import { anySymbolic, isTensor, isSeq, out, pyInt, pyNumber } from './values';
import type { Dim } from '../types';

/** A 3-D image or a 4-D batch of them (TensorFlow refuses other ranks). */
function imageOf(v: OpValue): TensorValue {
  if (!isTensor(v)) {
    const py = tfConvertPython(v);
    if (!py) return notModelled('`image` is not a tensor');
    v = { kind: 'tensor', shape: py.shape, dtype: py.dtype, concrete: true };
  }
  if (v.shape.length !== 3 && v.shape.length !== 4) return notModelled(`\`image\` has rank ${v.shape.length}; TensorFlow takes 3-D images or 4-D batches`);
  if (v.shape.slice(-3).some((d) => d === 0)) return notModelled('an image with a size of 0');
  return v;
}

/** The image with a new height and width (the batch and channels kept). */
function withBox(img: TensorValue, h: Dim, w: Dim, also: readonly OpValue[]): OutItem {
  const s = [...img.shape];
  s[s.length - 3] = h;
  s[s.length - 2] = w;
  return out(s, img.dtype, anySymbolic([img, ...also]) ? undefined : { concrete: true });
}

const heightOf = (img: TensorValue): Dim => img.shape[img.shape.length - 3];
const widthOf = (img: TensorValue): Dim => img.shape[img.shape.length - 2];

/** The image and the four sizes of a bounding-box function (`crop_to_bounding_box`, `pad_to_bounding_box`). */
function boxArgs(image: OpValue, offH: OpValue, offW: OpValue, targetH: OpValue, targetW: OpValue): { img: TensorValue; oh: Dim; ow: Dim; th: Dim; tw: Dim } {
  return {
    img: imageOf(image),
    oh: tfSize(offH, '`offset_height`'),
    ow: tfSize(offW, '`offset_width`'),
    th: tfSize(targetH, '`target_height`'),
    tw: tfSize(targetW, '`target_width`'),
  };
}

/** `tf.image.crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width)`. */
export function tfCropToBox(image: OpValue, offH: OpValue, offW: OpValue, targetH: OpValue, targetW: OpValue): OutItem {
  const { img, oh, ow, th, tw } = boxArgs(image, offH, offW, targetH, targetW);
  if (th === 0 || tw === 0) return notModelled('a target size of 0 (TensorFlow needs > 0)');
  const h = heightOf(img);
  const w = widthOf(img);
  if (h !== null && th !== null && oh !== null && th + oh > h) return notModelled(`the box ends at row ${th + oh}, past the image height ${h} (TensorFlow refuses it)`);
  if (w !== null && tw !== null && ow !== null && tw + ow > w) return notModelled(`the box ends at column ${tw + ow}, past the image width ${w} (TensorFlow refuses it)`);
  return withBox(img, th, tw, [offH, offW, targetH, targetW]);
}

/** `tf.image.pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width)`. */
export function tfPadToBox(image: OpValue, offH: OpValue, offW: OpValue, targetH: OpValue, targetW: OpValue): OutItem {
  const { img, oh, ow, th, tw } = boxArgs(image, offH, offW, targetH, targetW);
  const h = heightOf(img);
  const w = widthOf(img);
  if (h !== null && th !== null && oh !== null && h + oh > th) return notModelled(`the image and offset need ${h + oh} rows, the target height is ${th} (TensorFlow refuses it)`);
  if (w !== null && tw !== null && ow !== null && w + ow > tw) return notModelled(`the image and offset need ${w + ow} columns, the target width is ${tw} (TensorFlow refuses it)`);
  return withBox(img, th, tw, [offH, offW, targetH, targetW]);
}

/** `tf.image.resize_with_crop_or_pad(image, target_height, target_width)`: the target size, cropping or padding centrally. */
export function tfResizeWithCropOrPad(image: OpValue, targetH: OpValue, targetW: OpValue): OutItem {
  const img = imageOf(image);
  const th = tfSize(targetH, '`target_height`');
  const tw = tfSize(targetW, '`target_width`');
  if (th === 0 || tw === 0) return notModelled('a target size of 0 (TensorFlow needs > 0)');
  return withBox(img, th, tw, [targetH, targetW]);
}

/**
 * `tf.image.central_crop(image, central_fraction)`: a known size h becomes
 * h - 2 * int((h - h * fraction) / 2) (Python floats); an unknown one stays None.
 */
export function tfCentralCrop(image: OpValue, fractionV: OpValue): OutItem {
  const img = imageOf(image);
  const f = pyNumber(fractionV);
  if (f === undefined || typeof fractionV === 'boolean') return notModelled('`central_fraction` is not a Python number');
  if (f <= 0 || f > 1) return notModelled(`\`central_fraction\` ${f} is outside (0, 1] (TensorFlow refuses it)`);
  if (f === 1) return withBox(img, heightOf(img), widthOf(img), []);
  const crop = (d: Dim): Dim => (d === null ? null : d - 2 * Math.trunc((d - d * f) / 2));
  return withBox(img, crop(heightOf(img)), crop(widthOf(img)), []);
}

/** `tf.image.random_crop(value, size)`: the shape `size`, one size per axis of `value`. */
export function tfRandomCrop(value: OpValue, size: OpValue): OutItem {
  if (!isTensor(value)) return notModelled('`value` is not a tensor');
  if (!isSeq(size)) return notModelled('`size` is not a list of sizes');
  if (size.items.length !== value.shape.length) return notModelled(`${size.items.length} sizes for a tensor of rank ${value.shape.length} (TensorFlow needs one per axis)`);
  const dims = size.items.map((v, i) => {
    const n = tfSize(v, 'a size');
    const d = value.shape[i];
    if (n !== null && d !== null && n > d) return notModelled(`a crop of ${n} on an axis of ${d} (TensorFlow refuses it when it runs)`);
    return n;
  });
  return out(dims, value.dtype, anySymbolic([value, size]) ? undefined : { concrete: true });
}

// ---------------------------------------------------------------- files

/** `tf.io.read_file(filename)`: the file's bytes as a scalar string tensor. */
export function tfReadFile(filename: OpValue): OutItem {
  if (isTensor(filename)) {
    if (filename.shape.length !== 0 || filename.dtype !== 'string') return notModelled('`filename` is not a scalar string tensor');
    return out([], 'string', filename.concrete ? { concrete: true } : undefined);
  }
  // A Python string, or a path the analysis does not know: the result is one string either way.
  if (typeof filename === 'string' || (typeof filename === 'object' && filename !== null && filename.kind === 'unknown')) return out([], 'string', { concrete: true });
  return notModelled('`filename` is not a string');
}

/** The encoded image: a scalar string tensor, a Python string or an unknown value. */
function contentsOf(v: OpValue): { concrete: boolean } {
  if (isTensor(v)) {
    if (v.shape.length !== 0 || v.dtype !== 'string') return notModelled('`contents` is not a scalar string tensor');
    return { concrete: v.concrete === true };
  }
  if (typeof v === 'string' || (typeof v === 'object' && v !== null && v.kind === 'unknown')) return { concrete: true };
  return notModelled('`contents` is not a string');
}

/**
 * A decoded image: (None, None, channels) of `dtype`, None channels for 0
 * (the file's own). Height and width are the file's: None in the graph.
 */
export function tfDecodeImage(contents: OpValue, channelsV: OpValue, allowed: readonly number[], dtype: DType): OutItem {
  const c = contentsOf(contents);
  const channels = channelsV === null ? 0 : pyInt(channelsV);
  if (channels === undefined || typeof channelsV === 'boolean' || !allowed.includes(channels)) return notModelled(`\`channels\` must be one of ${allowed.join(', ')}`);
  return out([null, null, channels === 0 ? null : channels], dtype, c.concrete ? { concrete: true } : undefined);
}

/** The dtype of `tf.image.decode_png`/`decode_image` (`dtype=`). */
export function tfDecodeDtype(v: OpValue, allowed: readonly DType[]): DType {
  const d = tfDtype(v, 'uint8');
  return allowed.includes(d) ? d : notModelled(`\`dtype=${d}\` is not one TensorFlow decodes to`);
}

/** `tf.image.convert_image_dtype(image, dtype)`: the same shape in `dtype` (integer and float dtypes only). */
export function tfConvertImageDtype(image: OpValue, dtypeV: OpValue): OutItem {
  let img: TensorValue;
  if (isTensor(image)) img = image;
  else {
    const py = tfConvertPython(image);
    if (!py) return notModelled('`image` is not a tensor');
    img = { kind: 'tensor', shape: py.shape, dtype: py.dtype, concrete: true };
  }
  const numeric = (d: DType): boolean => d.includes('int') || d.includes('float');
  if (!numeric(img.dtype)) return notModelled(`a ${img.dtype} image (TensorFlow converts integer and float images only)`);
  const dtype = tfDtype(dtypeV, img.dtype);
  if (dtypeV === null || !numeric(dtype)) return notModelled('`dtype` is not an integer or float dtype');
  return out(img.shape, dtype, img.concrete ? { concrete: true } : undefined);
}
