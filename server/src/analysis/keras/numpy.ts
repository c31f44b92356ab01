// NumPy arrays with shapes and dtypes: the array makers (`np.zeros`,
// `np.random.rand`, `np.arange`, `np.array(literal)`), `np.prod` of a shape,
// `keras.utils.to_categorical` / `pad_sequences`, sklearn's
// `train_test_split`, and the arrays of `keras.datasets.<name>.load_data()`.
// An array is a concrete (non-symbolic) Tensor; a dimension the code does
// not fix is null in its shape and reads back as unknown (see attributes.ts).
// Everything else NumPy does goes to the op catalogue (ops.ts).
//
//   np.zeros((100, 8))                          → array (100, 8) float64
//   keras.datasets.mnist.load_data()[0][0]      → array (60000, 28, 28) uint8
import type { Shape } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import { DataFrame, Namespace, PyFloat, PyList, PyTuple, Series, Tensor, Unknown, UNKNOWN, PyRange, numberOf, unknownBecause, unknownInt, whyOf, type CallSiteArgs, type Value } from '../values';
import { shapeFromValue } from './convert';
import { withLength } from './pandas';

/** What the NumPy rules need of their caller. */
export interface NumpyHost {
  lineOf(node: SyntaxNode): number;
}

const OTHER_PATHS = new Set([
  'keras.utils.to_categorical',
  'keras.utils.np_utils.to_categorical',
  'keras.utils.pad_sequences',
  'keras.preprocessing.sequence.pad_sequences',
  'sklearn.model_selection.train_test_split',
]);

export function isNumpyPath(path: string): boolean {
  return path.startsWith('numpy.') || path.startsWith('keras.datasets.') || OTHER_PATHS.has(path);
}

/** NumPy functions whose shapes follow the `keras.ops` op of the same name (keras.ops.numpy mirrors NumPy). */
export const NUMPY_AS_OPS: ReadonlySet<string> = new Set(
  (
    'hstack vstack dstack column_stack mean sum max min amax amin std var argmax argmin abs absolute sqrt exp log log1p square clip where ' +
    'maximum minimum cumsum cumprod sort argsort flip roll tanh sin cos floor ceil round sign add subtract multiply divide power ' +
    'dot tensordot outer zeros_like ones_like full_like any all diff tril triu diag trace pad meshgrid logical_and logical_or logical_not'
  ).split(' '),
);

/** Arrays up to this many elements keep their values (for `np.unique`, `len(set(...))`). */
const MAX_VALUES = 10_000;

/** The flattened elements of a nested literal of numbers or strings; undefined when any is unknown or too many. */
function literalValues(v: Value): (number | string)[] | undefined {
  const out: (number | string)[] = [];
  const visit = (x: Value): boolean => {
    if (out.length > MAX_VALUES) return false;
    const n = numberOf(x);
    if (n !== undefined) out.push(n);
    else if (typeof x === 'string') out.push(x);
    else if (x instanceof PyList || x instanceof PyTuple) return x.items.every(visit);
    else if (x instanceof Tensor && x.values) out.push(...x.values);
    else return false;
    return true;
  };
  return visit(v) ? out : undefined;
}

export function array(shape: Shape, dtype: string | null): Tensor {
  const t = new Tensor(shape, null, false);
  t.dtype = dtype;
  return t;
}

/** An array's dtype, `dflt` when not recorded; null (the backend's own) stays null. */
function dtypeOf(t: Tensor, dflt: string): string | null {
  return t.dtype === undefined ? dflt : t.dtype;
}

/** The dtype a `dtype=` argument names ("float32", np.float32 given as a string path), or the default. */
function dtypeArg(v: Value | undefined, dflt: string | null): string | null {
  if (typeof v === 'string') return v;
  return dflt;
}

function dimsOf(v: Value | undefined): Shape | undefined {
  if (v === undefined) return undefined;
  return shapeFromValue(v);
}

/** A size the code computes but the analysis does not know: an unknown value, or a scalar tensor of unknown value. */
function unknownSize(v: Value): boolean {
  return v instanceof Unknown || (v instanceof Tensor && v.shape !== null && v.shape.length === 0 && v.values === undefined);
}

/**
 * An array's shape given as a tuple whose sizes may be unknown (`(n, 3)` with
 * `n` read from data): their number is the rank, and an unknown one is null
 * (the array's size there is the data's); undefined when not a shape.
 */
function partialDims(v: Value | undefined, what: string): { shape: Shape; why: string } | undefined {
  if (v === undefined) return undefined;
  const s = shapeFromValue(v);
  if (s) return { shape: s, why: '' };
  // An int not known: one dimension of that size.
  if (v instanceof Unknown && v.isInt) return { shape: [null], why: v.why || `the shape of ${what} is not known` };
  if (!(v instanceof PyTuple || v instanceof PyList)) return undefined;
  const dims: (number | null)[] = [];
  let why = '';
  for (const it of v.items) {
    if (typeof it === 'number' && Number.isInteger(it)) dims.push(it);
    else if (unknownSize(it)) {
      dims.push(null);
      why ||= whyOf(it) || (it instanceof Tensor ? (it.why ?? '') : '');
    } else return undefined;
  }
  return { shape: dims, why: why || `the shape of ${what} is not known` };
}

/** A new array of a partly known shape. */
function arrayOf(dims: { shape: Shape; why: string }, dtype: string | null): Tensor {
  const t = array(dims.shape, dtype);
  if (dims.shape.includes(null)) t.why = dims.why;
  return t;
}

/**
 * `x.reshape(shape)` / `np.reshape(x, shape)` of an array whose size or
 * target is not all known: the target's sizes, -1 the size left when the
 * others and the array's are known; undefined when both are known (the op
 * catalogue computes it, and its errors).
 */
export function reshapeArray(x: Tensor, target: Value | undefined, line: number): Value | undefined {
  const items = typeof target === 'number' ? [target] : target instanceof PyTuple || target instanceof PyList ? target.items : undefined;
  if (items === undefined) return target instanceof Unknown ? unknownBecause(target.why || `the shape given to \`reshape\` on line ${line} is not known`) : undefined;
  const dims: (number | null)[] = [];
  let why = '';
  for (const it of items) {
    if (typeof it === 'number' && Number.isInteger(it) && it >= -1) dims.push(it);
    else if (unknownSize(it)) {
      dims.push(null);
      why ||= whyOf(it) || (it instanceof Tensor ? (it.why ?? '') : '');
    } else return undefined;
  }
  const inputKnown = x.shape !== null && !x.shape.includes(null);
  const unknownItems = dims.filter((d) => d === null).length;
  if ((inputKnown && unknownItems === 0) || dims.filter((d) => d === -1).length > 1) return undefined;
  const rest = dims.findIndex((d) => d === -1 || d === null);
  const others = dims.filter((_d, i) => i !== rest);
  // One size to find (the -1, or the one unknown item): the array's size over the others'.
  if (inputKnown && rest >= 0 && dims.filter((d) => d === -1 || d === null).length === 1 && others.every((d) => d !== null)) {
    const total = (x.shape as number[]).reduce((a, b) => a * b, 1);
    const part = (others as number[]).reduce((a, b) => a * b, 1);
    if (part === 0 || total % part !== 0) return undefined;
    dims[rest] = total / part;
  }
  // Reshaping keeps the dtype, recorded or not.
  const out = array(dims.map((d) => (d === -1 ? null : d)), null);
  out.dtype = x.dtype;
  if (out.shape?.includes(null)) out.why = why || x.why || `the shape of \`reshape(…)\` on line ${line} is not known`;
  return out;
}

/** The shape of a nested Python literal, and whether it holds floats; undefined when ragged or unknown. */
export function literalShape(v: Value): { shape: Shape; float: boolean } | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return { shape: [], float: typeof v === 'number' && !Number.isInteger(v) };
  if (v instanceof PyFloat) return { shape: [], float: true };
  if (v instanceof Tensor) return v.shape && !v.symbolic && !v.shape.includes(null) ? { shape: v.shape, float: (v.dtype ?? 'float').includes('float') } : undefined;
  if (v instanceof PyList || v instanceof PyTuple) {
    let inner: Shape | undefined;
    let float = false;
    for (const x of v.items) {
      const s = literalShape(x);
      if (!s) return undefined;
      if (inner && (inner.length !== s.shape.length || inner.some((d, i) => d !== s.shape[i]))) return undefined;
      inner = s.shape;
      float ||= s.float;
    }
    return { shape: [v.items.length, ...(inner ?? [])], float };
  }
  return undefined;
}

/** `x` with its first dimension replaced (a split or a filter of the samples). */
function withFirst(t: Tensor, n: number | null): Tensor {
  const out = array([n, ...(t.shape ?? []).slice(1)], dtypeOf(t, 'float64'));
  out.why = t.why;
  return out;
}

export function callNumpy(path: string, args: CallSiteArgs, host: NumpyHost): Value | undefined {
  const pos = args.positional;
  const kw = args.keywords;
  const arg = (i: number, n: string): Value | undefined => kw.get(n) ?? pos[i];
  const line = args.node ? host.lineOf(args.node) : 0;
  if (path.startsWith('keras.datasets.')) return loadData(path, args, line);
  if (path.endsWith('to_categorical')) {
    const y = arg(0, 'x') ?? arg(0, 'y');
    const n = numberOf(arg(1, 'num_classes') ?? null);
    if (!(y instanceof Tensor) || !y.shape) return unknownBecause(whyOf(y) || `the labels of \`to_categorical(…)\` on line ${line} are not known`);
    // Keras drops a trailing axis of 1 ((N, 1) labels give (N, classes)).
    const base = y.shape.length > 1 && y.shape[y.shape.length - 1] === 1 ? y.shape.slice(0, -1) : y.shape;
    const out = array([...base, n ?? null], 'float32');
    out.why = n === undefined ? `the number of classes of \`to_categorical(…)\` on line ${line} depends on the data` : y.why;
    return out;
  }
  if (path.endsWith('pad_sequences')) {
    const seqs = arg(0, 'sequences');
    const maxlen = numberOf(arg(1, 'maxlen') ?? null);
    const n = seqs instanceof Tensor && seqs.shape ? seqs.shape[0] : seqs instanceof PyList || seqs instanceof PyTuple ? seqs.items.length : null;
    const out = array([n ?? null, maxlen ?? null], dtypeArg(kw.get('dtype'), 'int32'));
    out.why = maxlen === undefined ? `\`pad_sequences(…)\` on line ${line} pads to the longest sequence in the data` : whyOf(seqs) || `the number of sequences on line ${line} depends on the data`;
    return out;
  }
  if (path === 'sklearn.model_selection.train_test_split') return trainTestSplit(args);
  const name = path.slice('numpy.'.length);
  const scalar = scalarMath(name, pos, kw);
  if (scalar !== undefined) return scalar;
  switch (name) {
    case 'zeros':
    case 'ones':
    case 'empty':
    case 'full': {
      const s = partialDims(arg(0, 'shape'), `\`np.${name}(…)\` on line ${line}`);
      if (!s) return unknownBecause(whyOf(arg(0, 'shape')) || `the shape of \`np.${name}(…)\` on line ${line} is not known`);
      return arrayOf(s, dtypeArg(kw.get('dtype'), 'float64'));
    }
    case 'eye':
    case 'identity': {
      const nArg = arg(0, 'N') ?? null;
      const mArg = arg(1, 'M') ?? null;
      const n = numberOf(nArg);
      const m = numberOf(mArg);
      const dim = (v: Value, k: number | undefined): number | null | undefined => (k !== undefined ? k : v instanceof Unknown && v.isInt ? null : undefined);
      const rows = dim(nArg, n);
      const cols = mArg === null ? rows : dim(mArg, m);
      if (rows === undefined || cols === undefined) return unknownBecause(whyOf(nArg) || whyOf(mArg) || `the size of \`np.${name}(…)\` on line ${line} is not known`);
      const t = array([rows, cols], 'float64');
      if (rows === null || cols === null) t.why = whyOf(nArg) || whyOf(mArg) || `the shape of \`np.${name}(…)\` on line ${line} is not known`;
      return t;
    }
    case 'array':
    case 'asarray':
    case 'stack': {
      const v = arg(0, name === 'stack' ? 'arrays' : 'object');
      if (v instanceof Unknown && v.itemLike?.shape && (name !== 'stack' || (kw.get('axis') ?? pos[1] ?? 0) === 0)) {
        // A list of unknown length of like arrays (filled by a loop over data): one more axis, its size the data's.
        const out = array([null, ...v.itemLike.shape], dtypeArg(kw.get('dtype'), v.itemLike.dtype ?? 'float64'));
        out.why = v.why;
        return out;
      }
      if (name === 'stack') return undefined;
      if (v instanceof Tensor) {
        const out = array(v.shape ?? [], dtypeArg(kw.get('dtype'), dtypeOf(v, 'float64')));
        if (!v.shape) return unknownBecause(v.why ?? '');
        out.why = v.why;
        return out;
      }
      const s = v === undefined ? undefined : literalShape(v);
      if (!s) return unknownBecause(whyOf(v) || `the contents of \`np.${name}(…)\` on line ${line} are not known`);
      const out = array(s.shape, dtypeArg(kw.get('dtype'), s.float ? 'float64' : 'int64'));
      const values = v === undefined ? undefined : literalValues(v);
      if (values) out.values = values;
      return out;
    }
    case 'random.rand':
    case 'random.randn':
    case 'random.random_sample':
    case 'random.ranf':
    case 'random.sample': {
      const dims = name === 'random.rand' || name === 'random.randn' ? new PyTuple(pos) : (arg(0, 'size') ?? null);
      if (dims === null) return unknownBecause('');
      const s = partialDims(dims, `\`np.${name}(…)\` on line ${line}`);
      return s ? arrayOf(s, 'float64') : unknownBecause(`the size of \`np.${name}(…)\` on line ${line} is not known`);
    }
    case 'random.random':
    case 'random.normal':
    case 'random.uniform':
    case 'random.randint':
    case 'random.choice':
    case 'random.binomial':
    case 'random.poisson': {
      const at = name === 'random.random' ? 0 : name === 'random.choice' ? 1 : name === 'random.binomial' ? 2 : name === 'random.poisson' ? 1 : 2;
      const size = arg(at, 'size');
      if (name === 'random.choice' && (size === undefined || size === null)) return choiceOf(arg(0, 'a'), `the result of \`np.random.choice(…)\` on line ${line} is not known`);
      if (size === undefined || size === null) return unknownBecause('');
      const s = partialDims(size, `\`np.${name}(…)\` on line ${line}`);
      const choice = name === 'random.choice' ? arg(0, 'a') : undefined;
      // `np.random.choice(a, size)` has the items' dtype.
      const dtype = name === 'random.randint' || name === 'random.binomial' || name === 'random.poisson' || (choice !== undefined && intItems(choice)) ? 'int64' : choice instanceof Tensor && typeof choice.dtype === 'string' ? choice.dtype : 'float64';
      return s ? arrayOf(s, dtype) : unknownBecause(whyOf(size) || `the size of \`np.${name}(…)\` on line ${line} is not known`);
    }
    case 'random.seed':
    case 'random.shuffle':
      return null;
    case 'random.default_rng':
    case 'random.RandomState':
      // A generator: its methods are NumPy's random functions with the same arguments.
      return new Namespace('numpy.random');
    case 'random.integers': {
      const size = arg(2, 'size');
      if (size === undefined || size === null) return unknownBecause('');
      const s = dimsOf(size);
      return s ? array(s, 'int64') : unknownBecause(whyOf(size) || `the size of \`rng.integers(…)\` on line ${line} is not known`);
    }
    case 'random.permutation': {
      const x = arg(0, 'x');
      const n = numberOf(x ?? null);
      if (n !== undefined) return array([n], 'int64');
      if (x instanceof Unknown && x.isInt) return arrayOf({ shape: [null], why: x.why || `the shape of \`np.random.permutation(…)\` on line ${line} is not known` }, 'int64');
      if (x instanceof Tensor && x.shape) return array(x.shape, dtypeOf(x, 'float64'));
      return unknownBecause(whyOf(x) || `the size of \`np.random.permutation(…)\` on line ${line} is not known`);
    }
    case 'arange': {
      const nums = pos.map((v) => numberOf(v));
      if (nums.length > 0 && nums.length <= 3 && nums.some((n) => n === undefined) && pos.every((v) => v instanceof Unknown || numberOf(v) !== undefined)) {
        // Bounds not known: one dimension all the same (arange takes numbers only); ints give ints.
        const ints = pos.every((v) => typeof v === 'number' || (v instanceof Unknown && v.isInt));
        const t = array([null], ints ? 'int64' : 'float64');
        if (!ints && pos.some((v) => v instanceof Unknown && !v.isInt)) t.dtype = undefined;
        t.why = pos.map((v) => whyOf(v)).find((w) => w !== '') || `the shape of \`np.arange(…)\` on line ${line} is not known`;
        return t;
      }
      if (nums.length === 0 || nums.some((n) => n === undefined)) return unknownBecause(`the bounds of \`np.arange(…)\` on line ${line} are not known`);
      const [a, b, c] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, (nums[2] ?? 1) as number];
      if (c === 0) return undefined;
      const float = pos.some((v) => v instanceof PyFloat);
      const n = Math.max(0, Math.ceil((b - a) / c));
      const out = array([n], float ? 'float64' : 'int64');
      if (n <= MAX_VALUES) out.values = Array.from({ length: n }, (_, i) => a + i * c);
      return out;
    }
    case 'linspace': {
      const num = arg(2, 'num');
      const n = num === undefined ? 50 : numberOf(num);
      if (n === undefined && num instanceof Unknown && num.isInt) return arrayOf({ shape: [null], why: num.why || `the shape of \`np.linspace(…)\` on line ${line} is not known` }, 'float64');
      if (n === undefined) return unknownBecause(`the number of points of \`np.linspace(…)\` on line ${line} is not known`);
      const out = array([n], 'float64');
      const values = linspaceValues(args, true);
      if (values !== undefined && values.length === n) out.values = values;
      return out;
    }
    case 'reshape': {
      const x = arg(0, 'a');
      if (!(x instanceof Tensor) || x.symbolic) return undefined;
      return reshapeArray(x, arg(1, 'newshape') ?? kw.get('shape'), line);
    }
    case 'prod': {
      const x = arg(0, 'a');
      if (x instanceof PyList || x instanceof PyTuple) {
        let p = 1;
        for (const it of x.items) {
          const n = numberOf(it);
          if (n === undefined) return unknownBecause(whyOf(it) || `\`np.prod(…)\` on line ${line} multiplies unknown values`);
          p *= n;
        }
        return p;
      }
      return unknownBecause(whyOf(x) || `\`np.prod(…)\` on line ${line} depends on the values of an array`);
    }
    case 'unique': {
      const x = arg(0, 'ar');
      const items = x instanceof Tensor ? x.values : x instanceof PyList || x instanceof PyTuple ? literalValues(x) : undefined;
      if (items) {
        const distinct = [...new Set(items)].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
        const out = array([distinct.length], x instanceof Tensor ? dtypeOf(x, 'int64') : 'int64');
        out.values = distinct;
        return out;
      }
      const out = array([null], x instanceof Tensor ? dtypeOf(x, 'float64') : 'float64');
      out.why = `\`np.unique(…)\` on line ${line} depends on the values of the data`;
      return out;
    }
    default:
      return undefined;
  }
}

function trainTestSplit(args: CallSiteArgs): Value {
  const kw = args.keywords;
  const arrays = args.positional;
  const out: Value[] = [];
  const test = kw.get('test_size') ?? null;
  const train = kw.get('train_size') ?? null;
  for (const a of arrays) {
    if (a instanceof DataFrame || a instanceof Series) {
      const n = a instanceof DataFrame ? a.rows : a.length;
      const [nTrain, nTest] = splitSizes(n, test, train);
      const why = a instanceof DataFrame ? a.rowsWhy : a.why;
      out.push(withLength(a, nTrain, why || 'the split of `train_test_split(…)` is not known'), withLength(a, nTest, why || 'the split of `train_test_split(…)` is not known'));
      continue;
    }
    if (!(a instanceof Tensor) || !a.shape || a.shape.length === 0) {
      const why = whyOf(a);
      out.push(unknownBecause(why), unknownBecause(why));
      continue;
    }
    const [nTrain, nTest] = splitSizes(a.shape[0], test, train);
    out.push(withFirst(a, nTrain), withFirst(a, nTest));
  }
  return new PyList(out);
}

/** The sizes of the train and test parts of `n` samples; null when not known. */
function splitSizes(n: number | null, test: Value, train: Value): [number | null, number | null] {
  let nTest: number | undefined;
  let nTrain: number | undefined;
  if (n !== null) {
    const t = test === null && train === null ? 0.25 : test;
    if (t instanceof PyFloat) nTest = Math.ceil(t.v * n);
    else if (typeof t === 'number') nTest = t;
    if (train instanceof PyFloat) nTrain = Math.floor(train.v * n);
    else if (typeof train === 'number') nTrain = train;
    if (nTest === undefined && nTrain !== undefined) nTest = n - nTrain;
    if (nTrain === undefined && nTest !== undefined) nTrain = n - nTest;
  }
  return [nTrain ?? null, nTest ?? null];
}

interface DatasetSplit {
  readonly train: number;
  readonly test: number;
  readonly x: Shape;
  readonly y: Shape;
  readonly xDtype: string;
  readonly yDtype: string;
  /** Sequences of words: ragged, and `maxlen` filters the samples. */
  readonly ragged?: boolean;
  /** Samples split by `test_split` (train = int(n * (1 - test_split))). */
  readonly total?: number;
}

/** The arrays of keras.datasets, from Keras's own loaders (image data channels last). */
const DATASETS: Readonly<Record<string, DatasetSplit>> = {
  mnist: { train: 60000, test: 10000, x: [28, 28], y: [], xDtype: 'uint8', yDtype: 'uint8' },
  fashion_mnist: { train: 60000, test: 10000, x: [28, 28], y: [], xDtype: 'uint8', yDtype: 'uint8' },
  cifar10: { train: 50000, test: 10000, x: [32, 32, 3], y: [1], xDtype: 'uint8', yDtype: 'uint8' },
  cifar100: { train: 50000, test: 10000, x: [32, 32, 3], y: [1], xDtype: 'uint8', yDtype: 'int64' },
  imdb: { train: 25000, test: 25000, x: [], y: [], xDtype: 'object', yDtype: 'int64', ragged: true },
  reuters: { train: 0, test: 0, x: [], y: [], xDtype: 'object', yDtype: 'int64', ragged: true, total: 11228 },
  boston_housing: { train: 0, test: 0, x: [13], y: [], xDtype: 'float64', yDtype: 'float64', total: 506 },
  california_housing: { train: 0, test: 0, x: [8], y: [], xDtype: 'float64', yDtype: 'float64', total: 20640 },
};

function loadData(path: string, args: CallSiteArgs, line: number): Value | undefined {
  const m = /^keras\.datasets\.(\w+)\.load_data$/.exec(path);
  if (!m) return undefined;
  const d = DATASETS[m[1]];
  if (!d) return unknownBecause(`\`${m[1]}.load_data()\` on line ${line} is not a dataset the analysis knows`);
  let train: number | null = d.train;
  let test: number | null = d.test;
  if (d.total !== undefined) {
    let total = d.total;
    if (m[1] === 'california_housing' && args.keywords.get('version') === 'small') total = 600;
    else if (m[1] === 'california_housing' && args.keywords.has('version') && args.keywords.get('version') !== 'large') return unknownBecause('');
    const ts = args.keywords.get('test_split') ?? 0.2;
    const split = ts instanceof PyFloat ? ts.v : typeof ts === 'number' ? ts : undefined;
    if (split === undefined) {
      train = null;
      test = null;
    } else {
      train = Math.trunc(total * (1 - split));
      test = total - train;
    }
  }
  let why: string | undefined;
  const maxlen = args.keywords.get('maxlen');
  if (d.ragged && maxlen !== undefined && maxlen !== null) {
    // Sequences longer than maxlen are dropped: how many remain depends on the data.
    train = null;
    test = null;
    why = `\`${m[1]}.load_data(maxlen=…)\` on line ${line} drops the sequences longer than maxlen`;
  }
  if (train === null) why ??= `the split of \`${m[1]}.load_data(…)\` on line ${line} is not known`;
  const make = (n: number | null, rest: Shape, dtype: string): Tensor => {
    const t = array([n, ...rest], dtype);
    if (why) t.why = why;
    return t;
  };
  const part = (n: number | null): PyTuple => new PyTuple([make(n, d.x, d.xDtype), make(n, d.y, d.yDtype)]);
  return new PyTuple([part(train), part(test)]);
}

/**
 * The points of `linspace(start, stop, num)` on Python numbers (`endpoint=`
 * too for Keras's and NumPy's), when their values are fixed: none is left
 * when a point other than the ends comes within rounding of zero (its
 * truthiness would depend on the floating-point arithmetic).
 */
export function linspaceValues(args: CallSiteArgs, hasEndpoint: boolean): number[] | undefined {
  const get = (i: number, k: string): Value | undefined => args.positional[i] ?? args.keywords.get(k);
  const start = numberOf(get(0, 'start') ?? UNKNOWN);
  const stop = numberOf(get(1, 'stop') ?? UNKNOWN);
  const num = numberOf(get(2, 'num') ?? 50);
  const endpoint = hasEndpoint ? (get(3, 'endpoint') ?? true) : true;
  if (start === undefined || stop === undefined || num === undefined || !Number.isInteger(num) || num < 0 || num > 10_000 || typeof endpoint !== 'boolean') return undefined;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const values = Array.from({ length: num }, (_, i) => (endpoint && i === num - 1 && num > 1 ? stop : start + i * step));
  const scale = Math.max(Math.abs(start), Math.abs(stop));
  if (values.some((v, i) => i > 0 && !(endpoint && i === num - 1) && Math.abs(v) <= 1e-6 * scale)) return undefined;
  return values;
}

/** NumPy's math on one Python number, giving a float64 (`int(np.log2(256))` sizes a model). */
const SCALAR_MATH: Readonly<Record<string, (x: number) => number>> = {
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  exp: Math.exp,
  floor: Math.floor,
  ceil: Math.ceil,
};

/**
 * `np.log2(x)` and its kin on a Python number: the value, when it is finite
 * and not within rounding of an integer it is not (where `int()` of NumPy's
 * and this machine's last bits could differ); undefined for anything else.
 */
function scalarMath(name: string, pos: readonly Value[], kw: ReadonlyMap<string, Value>): Value | undefined {
  const f = SCALAR_MATH[name];
  if (f === undefined || pos.length !== 1 || kw.size > 0) return undefined;
  const x = pos[0];
  const v = typeof x === 'number' ? x : x instanceof PyFloat ? x.v : undefined;
  if (v === undefined) return undefined;
  const y = f(v);
  if (!Number.isFinite(y)) return undefined;
  const nearest = Math.round(y);
  if (y !== nearest && Math.abs(y - nearest) < 1e-9 * Math.max(1, Math.abs(y))) return unknownBecause(`\`np.${name}(${v})\` is within rounding of an integer`);
  return new PyFloat(y);
}

/** One item of `a` picked at random (`np.random.choice(a)` without `size`): an int when `a` is an int, a range or an array of ints. */
function choiceOf(a: Value | undefined, why: string): Value {
  return a !== undefined && intItems(a) ? unknownInt(why) : unknownBecause(why);
}

/** Whether `np.random.choice(a)` picks ints: `a` an int (`range(a)`), a range, an array or list of ints. */
function intItems(a: Value): boolean {
  if (typeof a === 'number') return Number.isInteger(a);
  if (a instanceof Unknown) return a.isInt;
  if (a instanceof PyRange) return true;
  if (a instanceof Tensor) return typeof a.dtype === 'string' && /^u?int/.test(a.dtype);
  return (a instanceof PyList || a instanceof PyTuple) && a.items.length > 0 && a.items.every((x) => typeof x === 'number' && Number.isInteger(x));
}
