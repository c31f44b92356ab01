// `tf.data` pipelines as far as shapes go: a dataset is the structure of one
// element (the element spec's shapes, `None` for a batch size that varies)
// and how many elements there are. Iterating it (`for x, y in ds.take(1)`,
// `next(iter(ds))`) gives concrete tensors whose batch size is the real one
// when the rows are known (the last batch of 1,000 rows in batches of 64 has
// 40), and `?` otherwise. A step the analysis cannot follow (`ds.map(f)`)
// leaves the element unknown, with the reason.
//
//   ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))  # x_train (60000, 28, 28)
//   ds = ds.shuffle(1024).batch(128)      → element ((None, 28, 28), (None,)), 469 batches
//   images, labels = next(iter(ds))       → (128, 28, 28), (128,)
import { literalShape } from './numpy';
import { PROBE_SIZES } from './partial';
import type { KerasContext } from './context';
import { Builtin, Dataset, PyDict, PyIterator, PyList, PyTuple, Tensor, UNKNOWN, Unknown, numberOf, unknownBecause, whyOf, type CallSiteArgs, type DatasetRows, type Value } from '../values';
import type { Shape } from '../../engine';

/** The element tensors' structure, mapped (tuples, lists and dicts kept); an unknown anywhere makes it unknown. */
function mapElement(v: Value, f: (t: Tensor) => Value): Value {
  if (v instanceof Tensor) return f(v);
  if (v instanceof PyTuple) {
    const items = v.items.map((x) => mapElement(x, f));
    const bad = items.find((x) => x instanceof Unknown);
    return bad ?? new PyTuple(items);
  }
  if (v instanceof PyDict) {
    const out = new PyDict();
    for (const [key, [k, x]] of v.map) {
      const m = mapElement(x, f);
      if (m instanceof Unknown) return m;
      out.map.set(key, [k, m]);
    }
    return out;
  }
  return v instanceof Unknown ? v : UNKNOWN;
}

function tensorsOfElement(v: Value): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (v instanceof PyTuple || v instanceof PyList) return v.items.flatMap(tensorsOfElement);
  if (v instanceof PyDict) return [...v.map.values()].flatMap(([, x]) => tensorsOfElement(x));
  return [];
}

function specTensor(shape: Shape, dtype: string | null | undefined): Tensor {
  const t = new Tensor(shape, null, false);
  if (dtype !== undefined) t.dtype = dtype;
  return t;
}

/** A Python value `from_tensor_slices` converts to a tensor: an array, or a list of numbers or strings. */
function asTensor(v: Value): Tensor | undefined {
  if (v instanceof Tensor) return v.shape === null ? undefined : v;
  if (v instanceof PyList || v instanceof PyTuple) {
    if (v.items.length > 0 && v.items.every((x) => typeof x === 'string')) return specTensor([v.items.length], 'string');
    const lit = literalShape(v);
    if (lit) return specTensor(lit.shape, lit.float ? 'float32' : 'int32');
  }
  return undefined;
}

/**
 * `from_tensor_slices(x)`: the element is x without its first axis, for each
 * array of the structure (a tuple or dict of arrays); they must agree on that
 * axis, whose size is the number of elements.
 */
function fromTensorSlices(v: Value, why: string): Dataset {
  let rows: number | null | undefined;
  let agree = true;
  let rowsUnknown = false;
  const slice = (x: Value, component = false): Value => {
    const t = asTensor(x);
    if (component && (t === undefined ? x instanceof Unknown || x instanceof PyList : t.shape === null)) {
      // A component of a known structure whose data is not known: a tensor of unknown shape (a traced `set_shape` may fix it).
      const spec = new Tensor(null, null, false);
      spec.why = whyOf(x) || why;
      if (t?.dtype !== undefined) spec.dtype = t.dtype;
      rowsUnknown = true;
      return spec;
    }
    if (!t || t.shape === null || t.shape.length === 0) return unknownBecause(whyOf(x) || why);
    const n = t.shape[0];
    if (rows === undefined) rows = n;
    else if (rows !== n) agree = false;
    return specTensor(t.shape.slice(1), t.dtype);
  };
  let element: Value;
  // A tuple is a structure of components; a list is one tensor (TensorFlow converts it), unless it holds arrays.
  if (v instanceof PyTuple) element = mapElement(new PyTuple(v.items.map((x) => slice(x, true))), (t) => t);
  else if (v instanceof PyDict) {
    const out = new PyDict();
    for (const [key, [k, x]] of v.map) out.map.set(key, [k, slice(x, true)]);
    element = mapElement(out, (t) => t);
  } else element = slice(v);
  const count = agree && !rowsUnknown && rows !== undefined && rows !== null ? rows : null;
  return new Dataset(agree ? element : unknownBecause(why), count, null, false);
}

/** `ds.batch(size, drop_remainder)`: each element gains a leading batch axis, `None` unless the short last batch is dropped. */
function batch(ds: Dataset, size: number, drop: boolean): Dataset {
  const element = mapElement(ds.element, (t) => withLeading(t, drop ? size : null));
  const count = ds.count === null ? null : ds.count === Infinity ? Infinity : drop ? Math.floor(ds.count / size) : Math.ceil(ds.count / size);
  // The real size of each batch is known when the rows are counted and not already batched.
  const rows: DatasetRows | null = ds.count !== null && !ds.batched ? { total: ds.count, size, drop, skip: 0 } : null;
  return new Dataset(element, count, rows, true);
}

/** A spec tensor with a leading axis of size `d` (its probes too, when it is partly known). */
function withLeading(t: Tensor, d: number | null): Value {
  if (t.shape !== null) return specOf(t, [d, ...t.shape], undefined);
  // A component whose shape is not known stays a tensor of unknown shape (the structure is kept).
  if (t.probes === undefined) return specOf(t, null, undefined);
  return specOf(t, null, [
    [d, ...t.probes[0]],
    [d, ...t.probes[1]],
  ]);
}

/** A tensor with `t`'s dtype and reason, of this shape (or, when it is null, these probe shapes). */
function specOf(t: Tensor, shape: Shape | null, probes: readonly [Shape, Shape] | undefined, symbolic = false): Tensor {
  const out = new Tensor(shape, null, symbolic);
  if (t.dtype !== undefined) out.dtype = t.dtype;
  if (shape === null && probes !== undefined) out.probes = probes;
  if (t.why !== undefined) out.why = t.why;
  return out;
}

/** Each batch's size: the full size, the last one shorter (unless dropped); undefined when not known. */
function batchSize(ds: Dataset, index: number): number | undefined {
  const r = ds.rows;
  if (r === null) return undefined;
  const i = index + r.skip;
  if (r.drop || r.total === Infinity) return r.size;
  const left = r.total - i * r.size;
  return left <= 0 ? undefined : Math.min(r.size, left);
}

/** Whether every batch has the same size, so their order does not matter. */
function evenBatches(r: DatasetRows): boolean {
  return r.drop || r.total === Infinity || r.total % r.size === 0;
}

/**
 * The element at `index` as iterating gives it: concrete tensors, each
 * `None` of the spec replaced by the real batch size when known, else an
 * unknown size (`?`).
 */
function concreteElement(ds: Dataset, index: number): Value {
  const size = ds.batched ? batchSize(ds, index) : undefined;
  const fill = (shape: Shape, probe: number): (number | undefined)[] => shape.map((d, i) => (d !== null ? d : i === 0 && ds.batched && size !== undefined ? size : probe));
  return mapElement(ds.element, (t) => {
    if (t.shape === null && t.probes === undefined) return ds.element instanceof Tensor ? unknownBecause(t.why ?? '') : specOf(t, null, undefined);
    const [a, b] = t.shape !== null ? [t.shape, t.shape] : (t.probes as readonly [Shape, Shape]);
    const first = fill(a, PROBE_SIZES[0]) as number[];
    const second = fill(b, PROBE_SIZES[1]) as number[];
    if (first.every((d, i) => d === second[i])) return specTensor(first, t.dtype);
    const out = new Tensor(null, null, false);
    if (t.dtype !== undefined) out.dtype = t.dtype;
    out.probes = [first, second];
    out.why = t.why ?? 'the batch size of the data is not known';
    return out;
  });
}

/** The elements from `from`, at most `limit` of them; undefined when their number is not known (and `limit` does not bound it). */
export function datasetItems(ds: Dataset, from: number, limit: number): readonly Value[] | undefined {
  const end = ds.count === null ? (limit === Infinity ? undefined : from + limit) : Math.min(ds.count, from + limit);
  if (end === undefined || end === Infinity) return undefined;
  const out: Value[] = [];
  for (let i = from; i < end; i++) out.push(concreteElement(ds, i));
  return out;
}

function intArg(a: CallSiteArgs, index: number, name: string): number | undefined | null {
  const v = a.positional[index] ?? a.keywords.get(name);
  if (v === undefined || v === null) return null;
  const n = numberOf(v);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

function boolArg(a: CallSiteArgs, index: number, name: string): boolean | undefined {
  const v = a.positional[index] ?? a.keywords.get(name) ?? false;
  return typeof v === 'boolean' ? v : undefined;
}

/** A dataset method: `batch`, `shuffle`, `take`, `repeat`, … (the same dataset where shapes do not change). */
export function datasetAttr(k: KerasContext, ds: Dataset, name: string): Value {
  const b = (f: (a: CallSiteArgs) => Value): Builtin => new Builtin(name, f);
  const where = (a: CallSiteArgs): string => `\`ds.${name}(…)\` on line ${k.host.lineOf(a.node)}`;
  const unknownElement = (a: CallSiteArgs, what: string): Dataset => new Dataset(unknownBecause(`${where(a)} ${what}`), ds.count, null, ds.batched);
  switch (name) {
    case 'batch':
      return b((a) => {
        const size = intArg(a, 0, 'batch_size');
        const drop = boolArg(a, 1, 'drop_remainder');
        if (typeof size !== 'number' || size <= 0 || drop === undefined) return unknownElement(a, 'has a batch size the analysis does not know');
        return batch(ds, size, drop);
      });
    case 'shuffle':
      // Shuffled batches come in any order: their sizes are known only when they are all the same.
      return b(() => (ds.rows !== null && !evenBatches(ds.rows) ? new Dataset(ds.element, ds.count, null, ds.batched) : ds));
    case 'prefetch':
    case 'cache':
    case 'with_options':
      return b(() => ds);
    case 'take':
      return b((a) => {
        const n = intArg(a, 0, 'count');
        if (typeof n !== 'number') return new Dataset(ds.element, null, ds.rows, ds.batched);
        // Of a dataset whose size is not known, `take(n)` is read as n elements (the data is not shorter): what `for x in ds.take(1)` means.
        return new Dataset(ds.element, n < 0 ? ds.count : ds.count === null ? n : Math.min(ds.count, n), ds.rows, ds.batched);
      });
    case 'skip':
      return b((a) => {
        const n = intArg(a, 0, 'count');
        if (typeof n !== 'number' || n < 0 || ds.count === null) return new Dataset(ds.element, null, null, ds.batched);
        const rows = ds.rows && { ...ds.rows, skip: ds.rows.skip + n };
        return new Dataset(ds.element, Math.max(0, ds.count - n), rows, ds.batched);
      });
    case 'repeat':
      return b((a) => {
        const n = intArg(a, 0, 'count');
        const count = n === null || n === -1 ? Infinity : typeof n === 'number' && ds.count !== null ? ds.count * n : null;
        // Batches repeated keep their sizes in turn; the analysis keeps them only when they are all the same.
        const rows = ds.rows !== null && evenBatches(ds.rows) ? { ...ds.rows, total: Infinity } : null;
        return new Dataset(ds.element, count, rows, ds.batched);
      });
    case 'unbatch':
      return b(() => {
        const element = mapElement(ds.element, (t) => (t.shape !== null && t.shape.length > 0 ? specTensor(t.shape.slice(1), t.dtype) : UNKNOWN));
        const count = ds.rows !== null && ds.rows.total !== Infinity && ds.rows.skip === 0 && ds.count !== null ? (ds.rows.drop ? ds.count * ds.rows.size : ds.rows.total) : ds.count === Infinity ? Infinity : null;
        return new Dataset(element, count, null, false);
      });
    case 'map':
      return b((a) => mapDataset(k, ds, a, where(a)));
    case 'filter':
      return b(() => new Dataset(ds.element, null, null, ds.batched));
    case 'as_numpy_iterator':
      return b(() => new PyIterator(ds, 0));
    case 'cardinality':
      return b(() => UNKNOWN);
  }
  return unknownBecause(`\`ds.${name}\` of a tf.data dataset is not modelled`);
}

/**
 * `ds.map(f)`: TensorFlow traces `f` once, on tensors of the element spec's
 * shapes (an element that is a tuple is passed as separate arguments); its
 * result is the new element. The batches' real sizes are not kept: `f` may
 * change the leading axis.
 */
function mapDataset(k: KerasContext, ds: Dataset, a: CallSiteArgs, where: string): Dataset {
  const fn = a.positional[0] ?? a.keywords.get('map_func');
  const lost = (why: string): Dataset => new Dataset(unknownBecause(why), ds.count, null, ds.batched);
  if (fn === undefined) return lost(`${where} has no function`);
  if (ds.element instanceof Unknown) return lost(ds.element.why);
  // Only a structure of tensors is traced: a component that is no tensor at all is lost.
  if (ds.element instanceof PyTuple && ds.element.items.some((x) => !(x instanceof Tensor || x instanceof PyTuple || x instanceof PyDict))) return lost(whyOf(ds.element) || `${where} maps elements the analysis does not know`);
  // Traced in a graph: a size that varies from batch to batch is `None` there, as in a symbolic tensor.
  const traced = (t: Tensor): Value => {
    const out = specOf(t, t.shape, t.probes, true);
    out.traced = true;
    return out;
  };
  const args = (ds.element instanceof PyTuple ? ds.element.items : [ds.element]).map((x) => mapElement(x, traced));
  const out = k.host.callValue(fn, { positional: args, keywords: new Map(), node: a.node });
  const failed = `${where} maps the elements to values the analysis does not know`;
  if (!(out instanceof Tensor || out instanceof PyTuple || out instanceof PyDict)) return lost(whyOf(out) || failed);
  const element = mapElement(out, (t) => {
    if (t.shape === null && t.probes === undefined) return out instanceof Tensor ? unknownBecause(t.why ?? failed) : specOf(t, null, undefined);
    const spec = specOf(t, t.shape, t.probes);
    spec.why ??= ds.batched ? `the sizes of the batches ${where} gives are not followed` : undefined;
    return spec;
  });
  return element instanceof Unknown ? lost(element.why || failed) : new Dataset(element, ds.count, null, ds.batched);
}

/** `tf.data.Dataset.<name>(…)`, `keras.utils.image_dataset_from_directory(…)`: a dataset; undefined for another path. */
export function callDatasetPath(k: KerasContext, path: string, a: CallSiteArgs): Value | undefined {
  const line = k.host.lineOf(a.node);
  const short = path.replace(/^tensorflow\./, 'tf.');
  const why = `the data given to \`${short}(…)\` on line ${line} has no shape the analysis knows`;
  switch (path) {
    case 'tensorflow.data.Dataset.from_tensor_slices':
      return fromTensorSlices(a.positional[0] ?? a.keywords.get('tensors') ?? UNKNOWN, why);
    case 'tensorflow.data.Dataset.from_tensors': {
      const v = a.positional[0] ?? a.keywords.get('tensors') ?? UNKNOWN;
      const element = mapElement(v instanceof PyList ? (asTensor(v) ?? UNKNOWN) : v, (t) => (t.shape === null ? unknownBecause(t.why ?? why) : specTensor(t.shape, t.dtype)));
      return new Dataset(element instanceof Unknown ? unknownBecause(whyOf(v) || why) : element, 1, null, false);
    }
    case 'tensorflow.data.Dataset.range': {
      const nums = a.positional.map(numberOf);
      if (nums.length === 0 || nums.some((n) => n === undefined || !Number.isInteger(n))) return new Dataset(specTensor([], 'int64'), null, null, false);
      const [start, stop, step] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, (nums[2] ?? 1) as number];
      const count = step === 0 ? null : Math.max(0, Math.ceil((stop - start) / step));
      return new Dataset(specTensor([], 'int64'), count, null, false);
    }
    case 'tensorflow.data.Dataset.zip': {
      const v = a.positional[0] ?? a.keywords.get('datasets') ?? UNKNOWN;
      const parts = v instanceof PyTuple ? v.items : a.positional.length > 1 ? a.positional : null;
      if (parts === null || !parts.every((p) => p instanceof Dataset)) return undefined;
      const sets = parts as Dataset[];
      const counts = sets.map((s) => s.count);
      const count = counts.includes(null) ? null : Math.min(...(counts as number[]));
      return new Dataset(new PyTuple(sets.map((s) => s.element)), count, null, false);
    }
    case 'keras.utils.image_dataset_from_directory':
    case 'keras.preprocessing.image_dataset_from_directory':
      return imageDataset(k, a, line);
  }
  return undefined;
}

const CHANNELS: Readonly<Record<string, number>> = { rgb: 3, rgba: 4, grayscale: 1 };

/**
 * `image_dataset_from_directory`: batches of images `(None, height, width,
 * channels)` (float32), with labels by `label_mode`: int `(None,)` (int32),
 * binary `(None, 1)`, categorical `(None, classes)` (float32); the number of
 * images, and of classes unless `class_names=` lists them, is the
 * directory's: not known.
 */
function imageDataset(k: KerasContext, a: CallSiteArgs, line: number): Value {
  const kw = (name: string, dflt: Value): Value => a.keywords.get(name) ?? dflt;
  const size = kw('image_size', new PyTuple([256, 256]));
  const mode = kw('color_mode', 'rgb');
  const labelMode = kw('label_mode', 'int');
  const labels = kw('labels', 'inferred');
  const batchSizeArg = kw('batch_size', 32);
  const format = kw('data_format', null);
  const classNames = kw('class_names', null);
  const what = `\`image_dataset_from_directory(…)\` on line ${line}`;
  const hw = size instanceof PyTuple || size instanceof PyList ? size.items.map(numberOf) : [];
  const channels = typeof mode === 'string' ? CHANNELS[mode] : undefined;
  if (hw.length !== 2 || hw.some((d) => d === undefined || !Number.isInteger(d)) || channels === undefined || (format !== null && format !== 'channels_last' && format !== 'channels_first')) {
    return unknownBecause(`${what} has arguments the analysis does not know`);
  }
  const [h, w] = hw as number[];
  const channelsFirst = format === 'channels_first' || (format === null && k.imageDataFormat === 'channels_first');
  const image: Shape = channelsFirst ? [channels, h, w] : [h, w, channels];
  const classes = classNames instanceof PyList || classNames instanceof PyTuple ? classNames.items.length : undefined;
  let label: Value | undefined;
  if (labels === null || labelMode === null) label = undefined;
  else if (labelMode === 'int') label = specTensor([], 'int32');
  else if (labelMode === 'binary') label = specTensor([1], 'float32');
  else if (labelMode === 'categorical') {
    if (classes !== undefined) label = specTensor([classes], 'float32');
    else {
      const t = new Tensor(null, null, false);
      t.dtype = 'float32';
      t.probes = [[PROBE_SIZES[0]], [PROBE_SIZES[1]]];
      t.why = `the number of classes of ${what} is the number of folders it finds`;
      label = t;
    }
  } else return unknownBecause(`${what} has a label_mode the analysis does not know`);
  const images = specTensor(image, 'float32');
  // Its batches' sizes depend on how many images the folders hold.
  images.why = `the number of images ${what} finds is not known`;
  const element: Value = label === undefined ? images : new PyTuple([images, label]);
  const unbatched = new Dataset(element, null, null, false);
  const subset = kw('subset', null);
  const make = (): Value => {
    if (batchSizeArg === null) return unbatched;
    const n = numberOf(batchSizeArg);
    return n !== undefined && Number.isInteger(n) && n > 0 ? batch(unbatched, n, false) : unknownBecause(`${what} has a batch size the analysis does not know`);
  };
  return subset === 'both' ? new PyList([make(), make()]) : make();
}

/** The inputs Keras builds a model on when `fit` is given a dataset: the first component of a batch (its batch size `?`). */
export function datasetInputs(ds: Dataset): Tensor | undefined {
  const x = ds.element instanceof PyTuple ? ds.element.items[0] : ds.element;
  if (!(x instanceof Tensor) || !ds.batched) return undefined;
  return tensorsOfElement(x).length === 1 ? x : undefined;
}
