// Data read from files at run time, outside pandas: NumPy's readers
// (`np.loadtxt`, `np.genfromtxt`, `np.load`, `np.fromfile`), the path
// `keras.utils.get_file` downloads to, and the datasets of
// `tfds.load`. What a file holds is known only when the code runs: the
// sizes are unknown with the reason, and the rank is known only where
// NumPy's own rules fix it.
//
//   np.loadtxt(path, delimiter=",")             → array, rank unknown (one row is squeezed to 1-D)
//   np.loadtxt(path, delimiter=",", ndmin=2)    → array (?, ?)
//   np.loadtxt(path, usecols=[0, 2], ndmin=2)   → array (?, 2)
//   np.fromfile(path, dtype="uint8")            → array (?,)
//   keras.utils.get_file(origin=url)            → a path (unknown text)
import type { ImageDataFormat, Shape } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import { Builtin, Dataset, PyList, PyTuple, Tensor, numberOf, truthy, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';
import { calleeText } from './pandasMake';
import { tfdsDataset } from './tfdsCatalog';

/** What the readers need of their caller. */
export interface DataFileHost {
  lineOf(node: SyntaxNode): number;
  /** The image data format in effect (`data_format=None`). */
  imageDataFormat(): ImageDataFormat;
}

const IMAGE_PATHS = new Set(['keras.utils.load_img', 'keras.preprocessing.image.load_img', 'keras.utils.img_to_array', 'keras.preprocessing.image.img_to_array']);

/**
 * The sample images scikit-image ships in `skimage.data`, as its
 * documentation gives them: (rows, columns[, channels]), uint8 (`horse` is
 * boolean).
 */
const SKIMAGE_SAMPLES: Readonly<Record<string, { shape: Shape; dtype: string }>> = {
  astronaut: { shape: [512, 512, 3], dtype: 'uint8' },
  camera: { shape: [512, 512], dtype: 'uint8' },
  cat: { shape: [300, 451, 3], dtype: 'uint8' },
  chelsea: { shape: [300, 451, 3], dtype: 'uint8' },
  coffee: { shape: [400, 600, 3], dtype: 'uint8' },
  coins: { shape: [303, 384], dtype: 'uint8' },
  horse: { shape: [328, 400], dtype: 'bool' },
  moon: { shape: [512, 512], dtype: 'uint8' },
  page: { shape: [191, 384], dtype: 'uint8' },
  text: { shape: [172, 448], dtype: 'uint8' },
};

export function isDataFilePath(path: string): boolean {
  return IMAGE_PATHS.has(path) || path.startsWith('skimage.data.') || path === 'numpy.loadtxt' || path === 'numpy.genfromtxt' || path === 'numpy.load' || path === 'numpy.fromfile' || path === 'numpy.frombuffer' || path === 'keras.utils.get_file' || path.startsWith('tensorflow_datasets.');
}

/** A plain dtype as NumPy names it (`"float32"`, `np.int64`, `float`); undefined for a structured or unknown one. */
function plainDtype(v: Value | undefined, dflt: string): string | undefined {
  if (v === undefined || v === null) return v === null ? undefined : dflt;
  if (v instanceof Builtin) return v.name === 'float' ? 'float64' : v.name === 'int' ? 'int64' : v.name === 'bool' ? 'bool' : v.name === 'str' ? 'str' : undefined;
  if (typeof v === 'string' && /^(float|int|uint|complex)(8|16|32|64|128)?$|^bool$|^str$|^[<>=]?[fiub][1248]$|^U\d*$/.test(v)) return v;
  return undefined;
}

function array(shape: Shape | null, dtype: string | undefined, why: string): Tensor {
  const t = new Tensor(shape, null, false);
  if (dtype !== undefined) t.dtype = dtype;
  t.why = why;
  return t;
}

export function callDataFile(path: string, args: CallSiteArgs, host: DataFileHost): Value {
  const line = host.lineOf(args.node);
  const name = path.slice(path.lastIndexOf('.') + 1);
  if (path === 'keras.utils.get_file') return unknownBecause(`\`${calleeText(args.node, 'keras.utils.get_file')}(…)\` on line ${line} gives a path known only when it runs`);
  if (path.startsWith('tensorflow_datasets.')) return tfds(path, args, line);
  if (path.startsWith('skimage.data.')) {
    const sample = SKIMAGE_SAMPLES[name];
    if (sample === undefined) return unknownBecause(`\`skimage.data.${name}(…)\` on line ${line} is not modelled`);
    const t = new Tensor(sample.shape, null, false);
    t.dtype = sample.dtype;
    return t;
  }
  if (path.endsWith('.load_img')) return loadImage(args, line);
  if (path.endsWith('.img_to_array')) return imageToArray(args, host.imageDataFormat());
  const callee = calleeText(args.node, `np.${name}`);
  const why = `the shape depends on the data \`${callee}(…)\` reads on line ${line}`;
  const kw = args.keywords;
  const pos = args.positional;
  if (name === 'load') return array(null, undefined, why);
  if (name === 'fromfile' || name === 'frombuffer') {
    // Always one-dimensional (a structured dtype gives records, still 1-D).
    return array([null], plainDtype(kw.get('dtype') ?? pos[1], 'float64'), why);
  }
  // loadtxt(fname, dtype, comments, delimiter, converters, skiprows, usecols, unpack, ndmin); genfromtxt by keyword.
  const loadtxt = name === 'loadtxt';
  const get = (i: number, k: string): Value | undefined => kw.get(k) ?? (loadtxt ? pos[i] : k === 'dtype' ? pos[1] : undefined);
  const dtype = plainDtype(get(1, 'dtype'), 'float64');
  const unknownRank = array(null, dtype, why);
  // A structured dtype (records), or genfromtxt's field names: one-dimensional arrays of records, or a tuple of columns.
  if (dtype === undefined || (!loadtxt && kw.has('names') && kw.get('names') !== null && kw.get('names') !== false)) return array(null, undefined, why);
  const ndmin = numberOf(get(8, 'ndmin') ?? 0);
  const unpack = truthy(get(7, 'unpack') ?? false);
  const usecols = get(6, 'usecols') ?? null;
  // One column: an int or a list of one; several: a list of ints (repeats read again).
  const used = typeof usecols === 'number' ? 1 : usecols instanceof PyList || usecols instanceof PyTuple ? (usecols.items.every((x) => typeof x === 'number') ? usecols.items.length : undefined) : usecols === null ? null : undefined;
  if (unpack === undefined) return unknownRank;
  if (ndmin === 2) {
    // Rows × columns (columns × rows unpacked). genfromtxt reads an empty file as one column whatever usecols says.
    const cols = loadtxt && used !== null && used !== undefined ? used : null;
    return array(unpack ? [cols, null] : [null, cols], dtype, why);
  }
  // Without ndmin=2 a single row or column is squeezed away: the rank is the data's, except for one column at ndmin=1.
  if (ndmin === 1 && used === 1) return array([null], dtype, why);
  return unknownRank;
}

/**
 * The (input, target) element of `tfds.load(name, as_supervised=True)` for a
 * dataset of the TFDS catalogue (tfdsCatalog.ts); a batch dimension first
 * when it batches. Without as_supervised an element is a dict of all the
 * dataset's features, more than the catalogue lists: not known.
 */
function supervisedElement(args: CallSiteArgs, batched: boolean): Value | undefined {
  const name = args.positional[0] ?? args.keywords.get('name');
  if (typeof name !== 'string' || truthy(args.keywords.get('as_supervised') ?? false) !== true) return undefined;
  const pair = tfdsDataset(name)?.supervised;
  const features = tfdsDataset(name)?.features;
  if (pair === undefined || features === undefined) return undefined;
  return new PyTuple(
    pair.map((f) => {
      const t = new Tensor(batched ? [null, ...features[f].shape] : [...features[f].shape], null, false);
      t.dtype = features[f].dtype;
      return t;
    }),
  );
}

/**
 * `keras.utils.load_img(path, color_mode=, target_size=)`: a PIL image, here
 * the array `np.asarray` makes of it: (height, width, 3) for "rgb", 4
 * channels for "rgba", (height, width) for "grayscale"; its size is the
 * file's unless `target_size` fixes it.
 */
function loadImage(args: CallSiteArgs, line: number): Value {
  const kw = args.keywords;
  const mode = kw.get('color_mode') ?? args.positional[1] ?? 'rgb';
  const target = kw.get('target_size') ?? args.positional[2] ?? null;
  const channels = mode === 'rgb' ? [3] : mode === 'rgba' ? [4] : mode === 'grayscale' ? [] : undefined;
  const callee = calleeText(args.node, 'keras.utils.load_img');
  const why = `the shape depends on the data \`${callee}(…)\` reads on line ${line}`;
  if (channels === undefined) return unknownBecause(whyOf(mode) || why);
  const size = target instanceof PyTuple || target instanceof PyList ? target.items : null;
  const dim = (v: Value | undefined): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  if (target !== null && (size === null || size.length !== 2)) return unknownBecause(whyOf(target) || why);
  const shape = [size === null ? null : dim(size[0]), size === null ? null : dim(size[1]), ...channels];
  const t = array(shape, 'uint8', why);
  if (!shape.includes(null)) t.why = undefined;
  else if (size !== null) t.why = whyOf(size[0]) || whyOf(size[1]) || why;
  return t;
}

/** `keras.utils.img_to_array(img)`: the image's array with a channels axis (last, or first with data_format="channels_first"). */
function imageToArray(args: CallSiteArgs, dflt: ImageDataFormat): Value {
  const img = args.positional[0] ?? args.keywords.get('img');
  const format = args.keywords.get('data_format') ?? args.positional[1] ?? dflt;
  if (!(img instanceof Tensor) || img.shape === null || (img.shape.length !== 2 && img.shape.length !== 3) || (format !== 'channels_last' && format !== 'channels_first')) return unknownBecause(whyOf(img));
  const [h, w, c] = img.shape.length === 2 ? [img.shape[0], img.shape[1], 1] : img.shape;
  const out = array(format === 'channels_first' ? [c, h, w] : [h, w, c], 'float32', img.why ?? '');
  const dtype = args.keywords.get('dtype');
  if (typeof dtype === 'string') out.dtype = dtype;
  if (out.why === '') out.why = undefined;
  return out;
}

function tfds(path: string, args: CallSiteArgs, line: number): Value {
  const callee = calleeText(args.node, path.replace(/^tensorflow_datasets\./, 'tfds.'));
  if (path !== 'tensorflow_datasets.load') return unknownBecause(`\`${callee}(…)\` on line ${line} is not modelled`);
  const why = `the elements of the dataset \`${callee}(…)\` loads on line ${line} are not known`;
  const kw = args.keywords;
  const split = kw.get('split') ?? args.positional[1] ?? null;
  // batch_size=-1 gives the whole split as tensors, another size batches the elements.
  const batchSize = kw.get('batch_size') ?? null;
  if (batchSize !== null && numberOf(batchSize) !== undefined && numberOf(batchSize) !== -1 && !Number.isInteger(numberOf(batchSize))) return unknownBecause(why);
  const batched = batchSize !== null;
  const element = supervisedElement(args, batched) ?? unknownBecause(why);
  const dataset = (): Value => (batchSize !== null && numberOf(batchSize) === undefined ? unknownBecause(why) : batchSize !== null && numberOf(batchSize) === -1 ? unknownBecause(why) : new Dataset(element, null, null, batched));
  // A list of splits gives a list of datasets; one split, one dataset; none, a dict of them.
  const ds: Value = split instanceof PyList || split instanceof PyTuple ? new PyList(split.items.map(dataset)) : split === null ? unknownBecause(why) : dataset();
  const withInfo = truthy(kw.get('with_info') ?? false);
  if (withInfo === undefined) return unknownBecause(why);
  return withInfo ? new PyTuple([ds, unknownBecause(`the information \`${callee}(…, with_info=True)\` gives on line ${line} is known only when it runs`)]) : ds;
}
