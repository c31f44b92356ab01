// Ops outside layers, through the engine's op catalogue: `keras.ops.*`,
// `keras.activations.*` called as functions, and the TensorFlow and NumPy
// names the catalogue maps (`tf.concat`, `np.reshape`). Interpreter values
// become op values (tensors, Python numbers and sequences, NumPy arrays as
// concrete tensors, unknowns with their reason) and the op's result comes
// back as tensors or Python values. NumPy's own array makers live in
// numpy.ts; what neither knows is unknown with the reason.
//
//   callOp('keras.ops.reshape', (x (None, 8), (2, 4))) → Tensor (2, 4)
//   callOp('keras.ops.shape', (x (None, 8)))          → (None, 8)
import { PROBE_SIZES, mergeProbes, partialShapeTuple } from './partial';
import { ops, type ImageDataFormat, type Shape, type Teaching } from '../../engine';
import type { SyntaxNode } from '../../python/syntax';
import type { Diagnostic, TextRange } from '../types';
import {
  Namespace,
  PyDict,
  PyEllipsis,
  PyFloat,
  PyList,
  PySlice,
  PyTuple,
  Tensor,
  TensorNode,
  Unknown,
  unknownBecause,
  whyOf,
  argumentsWhy,
  type CallSiteArgs,
  type Value,
} from '../values';
import { shapeFromValue } from './convert';
import { callStdlib, isStdlibPath } from './stdlib';
import { isInitializerPath, makeInitializer } from './initializers';
import { NUMPY_AS_OPS, callNumpy, isNumpyPath, linspaceValues } from './numpy';
import { callDataFile, isDataFilePath } from './dataFiles';
import { callPandas, isPandasPath, pandasArgsAsArrays } from './pandasMake';

/** What the op rules need of their caller. */
export interface OpHost {
  report(at: SyntaxNode | TextRange, severity: 'error', code: Diagnostic['code'], message: string, fixes?: undefined, teach?: Teaching): void;
  /** An elementwise (`+`) or matrix (`@`) product of two values, one of them a tensor. */
  binary(op: '+' | '@', l: Value, r: Value, node: SyntaxNode): Value;
  /** `line N` of a syntax node, for reasons. */
  lineOf(node: SyntaxNode): number;
  /** The image data format the code has set so far (Keras's default for `data_format=None`). */
  imageDataFormat(): ImageDataFormat;
  /** Whether Keras is tracing a layer's call() on symbolic tensors (where `ops.shape` gives scalar tensors for None sizes). */
  traced(): boolean;
}

/** Keras's backend helpers that are catalogue ops under another name. */
const BACKEND_ALIASES: Readonly<Record<string, string>> = {
  int_shape: 'keras.ops.shape',
  shape: 'keras.ops.shape',
};

/** The catalogue's name for a call path, or undefined when no entry answers it. */
function catalogueName(path: string): { name: string; foreign: boolean } | undefined {
  if (path.startsWith('keras.ops.') || path.startsWith('keras.activations.')) return ops.findOp(path) ? { name: path, foreign: false } : undefined;
  const backend = /^keras\.backend\.(\w+)$/.exec(path);
  if (backend) return BACKEND_ALIASES[backend[1]] ? { name: BACKEND_ALIASES[backend[1]], foreign: false } : undefined;
  if (path.startsWith('tensorflow.')) {
    const tf = `tf.${path.slice('tensorflow.'.length)}`;
    if (ops.resolveForeignOp(tf)) return { name: tf, foreign: true };
    // TensorFlow exports its math functions at the top level too (`tf.exp` is `tf.math.exp`).
    const top = /^tf\.(\w+)$/.exec(tf);
    if (top && ops.resolveForeignOp(`tf.math.${top[1]}`)) return { name: `tf.math.${top[1]}`, foreign: true };
    const math = /^tf\.math\.(\w+)$/.exec(tf);
    if (math && ops.resolveForeignOp(`tf.${math[1]}`)) return { name: `tf.${math[1]}`, foreign: true };
    return undefined;
  }
  if (path.startsWith('numpy.')) {
    const np = `np.${path.slice('numpy.'.length)}`;
    if (ops.resolveForeignOp(np)) return { name: np, foreign: true };
    const name = path.slice('numpy.'.length);
    if (NUMPY_AS_OPS.has(name) && ops.findOp(`keras.ops.${name}`)) return { name: `keras.ops.${name}`, foreign: false };
    return undefined;
  }
  return undefined;
}

export function callOp(path: string, args: CallSiteArgs, host: OpHost): Value {
  if (isPandasPath(path)) return callPandas(path, args, host);
  if (isDataFilePath(path)) return callDataFile(path, args, host);
  // NumPy, Keras and TensorFlow take a DataFrame or Series as its array (scikit-learn's splits keep them).
  if (path !== 'sklearn.model_selection.train_test_split') args = pandasArgsAsArrays(args);
  // NumPy and TensorFlow take a list of like arrays of unknown length (filled by a loop over data) as one array.
  if (!path.startsWith('keras.') && !/\.(concatenate|[hvd]stack|concat)$/.test(path) && (args.positional.some(isFilledList) || [...args.keywords.values()].some(isFilledList))) {
    args = { ...args, positional: args.positional.map(filledArray), keywords: new Map([...args.keywords].map(([k, v]) => [k, filledArray(v)])) };
  }
  const where = args.node ? ` on line ${host.lineOf(args.node)}` : '';
  const tensors = tensorArgs(args);
  const symbolic = tensors.some((t) => t.symbolic);
  const unknownResult = (why: string): Value => {
    // A tensor op on tensors gives a tensor, even when its shape is unknown; anything else is simply unknown.
    if (tensors.length > 0 && (path.startsWith('keras.ops') || path.startsWith('keras.activations') || path.startsWith('tensorflow'))) {
      const t = new Tensor(null, new TensorNode(null, tensors), symbolic);
      t.why = why;
      return t;
    }
    return unknownBecause(why);
  };
  if (path.startsWith('numpy.') && symbolic) {
    // NumPy cannot take a symbolic Keras tensor (Keras raises "You cannot convert it to a NumPy array").
    return unknownResult(`\`${path.replace(/^numpy\./, 'np.')}(…)\`${where} is given a symbolic Keras tensor, which NumPy cannot take`);
  }
  const random = /^(?:keras|tensorflow)\.random\.(normal|uniform|truncated_normal|gamma|binomial|beta)$/.exec(path);
  if (random) {
    const s = shapeFromValue(args.keywords.get('shape') ?? args.positional[0] ?? null) ?? tracedShape(args.keywords.get('shape') ?? args.positional[0] ?? null);
    if (!s) return unknownResult(whyOf(args.keywords.get('shape') ?? args.positional[0]) || `the shape of \`keras.random.${random[1]}(…)\`${where} is not known`);
    // A shape with a None (the batch of a symbolic tensor) only exists symbolically.
    const made = new Tensor(s, new TensorNode(null, tensors), s.includes(null) || symbolic);
    const dtype = args.keywords.get('dtype');
    if (typeof dtype === 'string') made.dtype = dtype;
    return made;
  }
  if (path === 'tensorflow.shape' && args.positional[0] instanceof Tensor && args.positional[0].shape) {
    // TensorFlow's dynamic shape: the dimensions fixed in the graph are numbers, the others scalar tensors.
    const x = args.positional[0];
    return new PyTuple(
      (x.shape as Shape).map((d) => {
        if (d !== null) return d;
        const t = new Tensor([], new TensorNode(null, [x]), x.symbolic);
        t.dtype = 'int32';
        return t;
      }),
    );
  }
  if (isStdlibPath(path)) return callStdlib(path, args);
  if (isInitializerPath(path)) return makeInitializer(path, args.node ? host.lineOf(args.node) : undefined);
  const shapeOf = args.positional[0] ?? args.keywords.get('x');
  const dynamicSize = (x: Tensor): Tensor => {
    const t = new Tensor([], new TensorNode(null, [x]), true);
    t.dtype = 'int32';
    NONE_SIZES.add(t);
    return t;
  };
  if ((path === 'keras.ops.shape' || path === 'keras.ops.core.shape') && host.traced() && shapeOf instanceof Tensor && shapeOf.symbolic && shapeOf.shape !== null && shapeOf.shape.includes(null)) {
    // In a traced call(), a size Keras leaves None is a scalar tensor (TensorFlow's dynamic shape).
    const x = shapeOf;
    return new PyTuple((x.shape as Shape).map((d) => (d === null ? dynamicSize(x) : d)));
  }
  if ((path === 'keras.ops.shape' || path === 'keras.ops.core.shape') && shapeOf instanceof Tensor && shapeOf.shape === null && shapeOf.symbolic) {
    // A symbolic tensor's shape is a tuple of Python values, never a tensor: its known sizes, unknown values for the others.
    const why = shapeOf.why ?? `the shape of the tensor given to \`ops.shape\`${where} is not known`;
    // A None size (the batch) is None outside a layer's call() and a scalar tensor inside it, where Keras traces the call.
    return partialShapeTuple(shapeOf, why, host.traced() ? dynamicSize(shapeOf) : unknownBecause(`the batch size${where} is not known until the model runs`)) ?? unknownBecause(why);
  }
  if (path === 'keras.applications.imagenet_utils.correct_pad') return correctPad(args);
  if (path === 'keras.activations.get' && typeof args.positional[0] === 'string') {
    const name = args.positional[0];
    return ops.findOp(`keras.activations.${name}`) ? new Namespace(`keras.activations.${name}`) : unknownBecause(`\`keras.activations.get("${name}")\`${where} is not an activation the analysis knows`);
  }
  if ((path === 'tensorflow.identity' || path === 'keras.ops.identity' || path === 'tensorflow_io.audio.dbscale') && args.positional[0] instanceof Tensor) {
    // tensorflow_io's `dbscale` converts power to decibels elementwise (clipped `top_db` below the peak): the same shape and dtype.
    const x = args.positional[0];
    const out = new Tensor(x.shape, new TensorNode(null, [x]), x.symbolic);
    out.dtype = x.dtype;
    out.why = x.why;
    return out;
  }
  if (path === 'keras.Variable' || path === 'tensorflow.Variable') {
    // A variable has its initial value's shape (or the `shape=` given with an initializer).
    const init = args.keywords.get('initializer') ?? args.keywords.get('initial_value') ?? args.positional[0];
    const given = shapeFromValue(args.keywords.get('shape') ?? null);
    const shape = given ?? (init instanceof Tensor ? init.shape : typeof init === 'number' || init instanceof PyFloat ? [] : null);
    if (!shape) return unknownBecause(whyOf(init) || `the shape of \`${shortPath(path)}(…)\`${where} is not known`);
    const v = new Tensor(shape, null, false);
    const dtype = args.keywords.get('dtype');
    v.dtype = typeof dtype === 'string' ? dtype : init instanceof Tensor && init.dtype ? init.dtype : 'float32';
    // A Keras variable is a weight of the layer it is assigned to (a TensorFlow one is not tracked by Keras).
    if (path === 'keras.Variable') {
      const name = args.keywords.get('name');
      v.variable = { name: typeof name === 'string' ? name : 'variable', trainable: args.keywords.get('trainable') !== false };
    }
    return v;
  }
  if (path === 'tensorflow.eye' || path === 'tensorflow.linalg.eye') {
    // TensorFlow's identity matrices: `batch_shape` + (rows, columns); a size that is a scalar tensor is None.
    const get = (i: number, k: string): Value | undefined => args.keywords.get(k) ?? args.positional[i];
    const rows = get(0, 'num_rows');
    const cols = get(1, 'num_columns') ?? null;
    const batch = get(2, 'batch_shape') ?? null;
    const dtype = get(3, 'dtype') ?? 'float32';
    const size = (v: Value): number | null | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : isDynamicSize(v) ? null : undefined);
    const batchItems = batch === null ? [] : batch instanceof PyList || batch instanceof PyTuple ? batch.items : undefined;
    const dims = batchItems === undefined || rows === undefined ? undefined : [...batchItems.map(size), size(rows), cols === null ? size(rows) : size(cols)];
    if (dims !== undefined && dims.every((d) => d !== undefined) && typeof dtype === 'string') {
      const t = new Tensor(dims as Shape, new TensorNode(null, tensors), dims.includes(null) || symbolic);
      t.dtype = dtype;
      return t;
    }
  }
  if (path === 'tensorflow.image.extract_patches') {
    const mapped = tfExtractPatches(args);
    if (mapped) return callOp('keras.ops.image.extract_patches', mapped, host);
  }
  const compare = /\.(equal|not_equal|greater|greater_equal|less|less_equal)$/.exec(path);
  if (compare && args.positional.length === 2 && args.positional.every((v) => typeof v === 'number')) {
    // Two Python numbers compared eagerly: a boolean (what `if tf.math.equal(a, b):` tests).
    const [a, b] = args.positional as number[];
    return { equal: a === b, not_equal: a !== b, greater: a > b, greater_equal: a >= b, less: a < b, less_equal: a <= b }[compare[1] as 'equal'];
  }
  if (isNumpyPath(path)) {
    const r = callNumpy(path, args, host);
    if (r !== undefined) return r;
  }
  if (host.traced()) {
    const dynamic = withDynamicSizes(path, args);
    if (dynamic !== undefined) return dynamic;
  }
  const entry = catalogueName(path);
  const shortName = path.replace(/^tensorflow\./, 'tf.').replace(/^numpy\./, 'np.');
  if (!entry) {
    const inherited = argumentsWhy(args);
    return unknownResult(inherited !== '' ? inherited : `\`${shortName}(…)\`${where} is not modelled`);
  }
  if (tensors.some((t) => t.shape === null && t.probes !== undefined)) {
    // A partly known tensor: the op under each probe size of its unknown dimensions (partial.ts).
    const out = probedOp(entry, args, tensors, symbolic);
    return out ?? unknownResult(argumentsWhy(args) || `\`${shortName}(…)\`${where} is not known for these partly known shapes`);
  }
  // NumPy arrays are concrete; their shapes follow the same rules as a symbolic tensor's.
  const r = evaluateEntry(entry, args);
  if (r.kind === 'unknown') {
    // An unknown argument is the cause (with its own reason, if it has one), not the op.
    if (hasUnknownArg(args)) return unknownResult(argumentsWhy(args));
    return unknownResult(`\`${shortName}(…)\`${where}: ${r.reason}`);
  }
  if (r.kind === 'error') {
    // Keras refuses a symbolic value where it needs a number; inside a layer's call() the value is a real tensor
    // there, so the analysis cannot tell whether this fails: unknown, not an error.
    if (/KerasTensor|symbolic/.test(r.message)) return unknownResult(`\`${shortName}(…)\`${where} needs the value of a tensor`);
    // A TensorFlow or NumPy call the mapping cannot bind (variadic operands, other signatures): unknown, not the user's error.
    if (entry.foreign && r.errorType === 'TypeError') return unknownResult(`\`${shortName}(…)\`${where} is not modelled with these arguments`);
    if (args.node) host.report(args.node, 'error', r.code, r.message, undefined, r.teach);
    return unknownResult(`\`${shortName}(…)\`${where} fails: ${r.message}`);
  }
  const gnode = new TensorNode(null, tensors);
  const out = fromOut(r, gnode, symbolic);
  if (/\.linspace$/.test(path) && out instanceof Tensor && !symbolic) {
    const values = linspaceValues(args, !path.startsWith('tensorflow.'));
    if (values !== undefined && out.shape?.length === 1 && out.shape[0] === values.length) out.values = values;
  }
  return out;
}


/** A list of unknown length whose items are like one array (a loop over data appended them). */
function isFilledList(v: Value): v is Unknown & { itemLike: Tensor } {
  return v instanceof Unknown && v.itemLike?.shape !== undefined && v.itemLike.shape !== null;
}

/** Such a list as NumPy converts it: one more axis first, of the data's size. */
function filledArray(v: Value): Value {
  if (!isFilledList(v)) return v;
  const t = new Tensor([null, ...(v.itemLike.shape as Shape)], null, false);
  if (v.itemLike.dtype !== undefined) t.dtype = v.itemLike.dtype;
  t.why = v.why;
  return t;
}

/** The scalar tensors `ops.shape` gives for sizes Keras leaves None in a traced call (not sums or products of them). */
const NONE_SIZES = new WeakSet<Tensor>();

/** A size that is a scalar tensor of a traced call (`ops.shape(x)[0]` of a None size, and arithmetic on it). */
export function isDynamicSize(v: Value | undefined): boolean {
  return v instanceof Tensor && v.symbolic && v.shape !== null && v.shape.length === 0 && v.values === undefined && (v.dtype === 'int32' || v.dtype === 'int64');
}

/**
 * Keras ops given sizes that are scalar tensors while Keras traces a call():
 * the backend reshapes, tiles, repeats or fills with them, and each such size
 * is None in the traced shape. Undefined when no size is one (the catalogue's
 * rules apply).
 */
function withDynamicSizes(path: string, args: CallSiteArgs): Value | undefined {
  if (!path.startsWith('keras.ops.')) return undefined;
  const arg = (i: number, name: string): Value | undefined => args.keywords.get(name) ?? args.positional[i];
  const items = (v: Value | undefined): readonly Value[] | undefined => (v instanceof PyTuple || v instanceof PyList ? v.items : undefined);
  const sizes = (v: Value | undefined, inferred = false): (number | null)[] | undefined => {
    const it = items(v);
    if (it === undefined || !it.some(isDynamicSize)) return undefined;
    const out: (number | null)[] = [];
    let inferredOnce = false;
    for (const d of it) {
      if (isDynamicSize(d)) out.push(null);
      else if (typeof d === 'number' && Number.isInteger(d) && d >= 0) out.push(d);
      else if (inferred && d === -1 && !inferredOnce) {
        // Beside a size that is a tensor, the one `-1` of a reshape cannot be inferred (Keras's and TensorFlow's rule).
        inferredOnce = true;
        out.push(null);
      } else return undefined;
    }
    return out;
  };
  const made = (x: Tensor | undefined, shape: (number | null)[], dtype: string | undefined): Tensor => {
    const t = new Tensor(shape, new TensorNode(null, x ? [x] : []), true);
    if (dtype !== undefined) t.dtype = dtype;
    return t;
  };
  const x = arg(0, 'x');
  const name = path.replace(/^keras\.ops\.(numpy\.|core\.)?/, '');
  if (name === 'reshape' && x instanceof Tensor && x.shape !== null) {
    const given = items(arg(1, 'newshape'));
    const s = sizes(arg(1, 'newshape'), true);
    if (s === undefined || given === undefined) return undefined;
    const inferred = given.findIndex((d) => d === -1);
    if (inferred < 0) return made(x, s, x.dtype ?? undefined);
    // Keras traces with every None size one value (83, then 89, under its numpy and jax backends): when the sizes given
    // as tensors are read straight from as many None sizes of the input, they cancel and the `-1` is exact; otherwise it
    // depends on them, and is `?` (the backends differ).
    const nonesIn = x.shape.filter((d) => d === null).length;
    const direct = given.filter(isDynamicSize);
    const knownIn = x.shape.reduce<number>((p, d) => p * (d ?? 1), 1);
    const knownOut = s.reduce<number>((p, d, i) => (i === inferred ? p : p * (d ?? 1)), 1);
    if (direct.length === nonesIn && direct.every((d) => NONE_SIZES.has(d as Tensor)) && knownOut > 0 && knownIn % knownOut === 0) {
      return made(x, s.map((d, i) => (i === inferred ? knownIn / knownOut : d)), x.dtype ?? undefined);
    }
    const t = made(x, s, x.dtype ?? undefined);
    const probe = (size: number): Shape => s.map((d, i) => (i === inferred ? size : d));
    const out = new Tensor(null, t.node, true);
    out.probes = [probe(PROBE_SIZES[0]), probe(PROBE_SIZES[1])];
    if (x.dtype !== undefined) out.dtype = x.dtype;
    out.why = `the size \`-1\` stands for beside sizes that are tensors is not known`;
    return out;
  }
  if ((name === 'zeros' || name === 'ones' || name === 'empty') && arg(0, 'shape') !== undefined) {
    const s = sizes(arg(0, 'shape'));
    const dtype = arg(1, 'dtype');
    return s === undefined ? undefined : made(undefined, s, typeof dtype === 'string' ? dtype : 'float32');
  }
  if (name === 'broadcast_to' && x instanceof Tensor && x.shape !== null) {
    const s = sizes(arg(1, 'shape'));
    return s === undefined || s.length < x.shape.length ? undefined : made(x, s, x.dtype ?? undefined);
  }
  if (name === 'tile' && x instanceof Tensor && x.shape !== null) {
    const s = sizes(arg(1, 'repeats'));
    if (s === undefined || s.length !== x.shape.length) return undefined;
    // A known size times a tensor is not known (the backends differ); a None size stays None.
    if (x.shape.some((d, i) => d !== null && s[i] === null)) return undefined;
    return made(x, x.shape.map((d, i) => (d === null || s[i] === null ? null : d * (s[i] as number))), x.dtype ?? undefined);
  }
  if (name === 'arange') {
    // A bound that is a tensor: as many items as it says, not known here.
    const bounds = [arg(0, 'start'), arg(1, 'stop'), arg(2, 'step')].filter((v) => v !== undefined && v !== null);
    if (!bounds.some(isDynamicSize) || !bounds.every((v) => isDynamicSize(v) || typeof v === 'number')) return undefined;
    const dtype = arg(3, 'dtype');
    return made(undefined, [null], typeof dtype === 'string' ? dtype : bounds.every((v) => isDynamicSize(v) || Number.isInteger(v)) ? 'int32' : 'float32');
  }
  if (name === 'repeat' && x instanceof Tensor && x.shape !== null && isDynamicSize(arg(1, 'repeats'))) {
    const axis = arg(2, 'axis');
    if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -x.shape.length || axis >= x.shape.length) return undefined;
    const at = axis < 0 ? axis + x.shape.length : axis;
    if (x.shape[at] !== null) return undefined;
    return made(x, x.shape.map((d, i) => (i === at ? null : d)), x.dtype ?? undefined);
  }
  return undefined;
}

/**
 * A shape whose items are ints and symbolic scalars (`(tf.shape(x)[0], 1, 1)`
 * while Keras traces a layer's call): such a size is None in the traced
 * shape, as TensorFlow gives it; undefined for anything else.
 */
function tracedShape(v: Value): Shape | undefined {
  const items = v instanceof PyTuple || v instanceof PyList ? v.items : undefined;
  if (!items) return undefined;
  const dims: (number | null)[] = [];
  for (const it of items) {
    if (typeof it === 'number' && Number.isInteger(it)) dims.push(it);
    else if (it instanceof Tensor && it.symbolic && it.shape !== null && it.shape.length === 0 && it.values === undefined) dims.push(null);
    else return undefined;
  }
  return dims;
}

function shortPath(path: string): string {
  return path.replace(/^tensorflow\./, 'tf.').replace(/^numpy\./, 'np.');
}

function hasUnknownArg(args: CallSiteArgs): boolean {
  const visit = (v: Value): boolean =>
    v instanceof Unknown || (v instanceof Tensor && v.shape === null) || ((v instanceof PyList || v instanceof PyTuple) && v.items.some(visit));
  return args.positional.some(visit) || [...args.keywords.values()].some(visit);
}


/**
 * Ops whose result sizes can depend on an unknown size through a minimum
 * (`diagonal` of a (5, ?) matrix has min(5, ?) items; `qr`, `svd`): the two
 * large probe sizes would agree on a size that is not known, so they are not
 * run on partly known tensors.
 */
const NOT_PROBED = /diag|trace|svd|qr|eig|lstsq|linalg|slogdet|\.det$|\.inv$|solve|cholesky/;

/** The catalogue's (or a foreign mapping's) result for these arguments; with `probe`, partly known tensors under that probe. */
function evaluateEntry(entry: { name: string; foreign: boolean }, args: CallSiteArgs, probe?: 0 | 1): ops.OpResult {
  const positional = args.positional.map((v) => toOpValue(v, probe));
  const kwargs: Record<string, ops.OpValue> = {};
  for (const [k, v] of args.keywords) kwargs[k] = toOpValue(v, probe);
  return entry.foreign ? ops.evaluateForeignOp(entry.name, positional, kwargs) : ops.evaluateOp(entry.name, positional, kwargs);
}

/**
 * An op on partly known tensors: run under each probe, the sizes both runs
 * agree on are known and the others `?`; undefined when a run fails (the real
 * sizes might fit) or gives something else than tensors.
 */
function probedOp(entry: { name: string; foreign: boolean }, args: CallSiteArgs, tensors: readonly Tensor[], symbolic: boolean): Value | undefined {
  if (NOT_PROBED.test(entry.name)) return undefined;
  const a = evaluateEntry(entry, args, 0);
  const b = evaluateEntry(entry, args, 1);
  if (a.kind === 'unknown' || a.kind === 'error' || b.kind === 'unknown' || b.kind === 'error') return undefined;
  const why = tensors.map((t) => (t.shape === null ? t.why : undefined)).find((w) => w !== undefined && w !== '');
  const gnode = new TensorNode(null, [...tensors]);
  const merge = (x: ops.OutItem, y: ops.OutItem): Value | undefined => {
    if (x.kind === 'tensor' && y.kind === 'tensor') {
      const partial = mergeProbes(x.shape as Shape, y.shape as Shape);
      if (partial === null) return undefined;
      const known = partial.every((d) => d !== '?');
      const t = new Tensor(known ? (partial as Shape) : null, gnode, symbolic);
      if (!known) t.probes = [x.shape as Shape, y.shape as Shape];
      t.dtype = x.dtype;
      if (why !== undefined) t.why = why;
      return t;
    }
    if (x.kind === 'tensors' && y.kind === 'tensors' && x.container === y.container && x.items.length === y.items.length) {
      const items: Value[] = [];
      for (let i = 0; i < x.items.length; i++) {
        const m = merge(x.items[i], y.items[i]);
        if (m === undefined) return undefined;
        items.push(m);
      }
      return x.container === 'tuple' ? new PyTuple(items) : new PyList(items);
    }
    // A Python value computed from probe sizes (a size, a count) is not known.
    return undefined;
  };
  return merge(a, b);
}

/** An interpreter value as the catalogue takes it; with `probe`, a partly known tensor as its shape under that probe. */
export function toOpValue(v: Value, probe?: 0 | 1): ops.OpValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? ops.int(v) : ops.float(v);
  if (v instanceof PyFloat) return ops.float(v.v);
  if (v instanceof PyTuple) return { kind: 'tuple', items: v.items.map((x) => toOpValue(x, probe)) };
  if (v instanceof PyList) return { kind: 'list', items: v.items.map((x) => toOpValue(x, probe)) };
  if (v instanceof PySlice) return { kind: 'slice', start: toOpValue(v.start, probe), stop: toOpValue(v.stop, probe), step: toOpValue(v.step, probe) };
  if (v instanceof PyEllipsis) return { kind: 'ellipsis' };
  if (v instanceof Tensor) {
    if (v.shape === null && probe !== undefined && v.probes !== undefined) return v.dtype === null ? { kind: 'untyped-tensor', shape: v.probes[probe] } : ops.tensor(v.probes[probe], v.dtype ?? 'float32');
    if (v.shape === null) return v.why ? { kind: 'unknown', why: v.why } : { kind: 'unknown' };
    if (v.dtype === null) return { kind: 'untyped-tensor', shape: v.shape };
    return ops.tensor(v.shape, v.dtype ?? 'float32');
  }
  if (v instanceof PyDict) {
    const entries: Record<string, ops.OpValue> = {};
    for (const [k, x] of v.map.values()) {
      if (typeof k !== 'string') return { kind: 'unknown' };
      entries[k] = toOpValue(x, probe);
    }
    return { kind: 'dict', entries };
  }
  if (v instanceof Unknown) return v.why ? { kind: 'unknown', why: v.why } : { kind: 'unknown' };
  return { kind: 'unknown' };
}

/** A Python value the catalogue returned, back in the interpreter. */
export function fromOpValue(v: ops.OpValue): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  switch (v.kind) {
    case 'int':
      return v.value;
    case 'float':
      return new PyFloat(v.value);
    case 'tuple':
      return new PyTuple(v.items.map(fromOpValue));
    case 'list':
      return new PyList(v.items.map(fromOpValue));
    case 'unknown':
      return unknownBecause(v.why ?? '');
    case 'tensor':
    case 'untyped-tensor': {
      const t = new Tensor(v.shape, null, !v.concrete);
      t.dtype = v.kind === 'tensor' ? v.dtype : null;
      return t;
    }
    default:
      return unknownBecause('');
  }
}

function fromOut(o: ops.OutItem, gnode: TensorNode, symbolic: boolean): Value {
  switch (o.kind) {
    case 'tensor': {
      const t = new Tensor(o.shape as Shape, gnode, symbolic);
      t.dtype = o.dtype;
      return t;
    }
    case 'tensors': {
      const items = o.items.map((x) => fromOut(x, gnode, symbolic));
      return o.container === 'tuple' ? new PyTuple(items) : new PyList(items);
    }
    case 'value':
      return fromOpValue(o.value);
  }
}

function tensorArgs(args: CallSiteArgs): Tensor[] {
  const out: Tensor[] = [];
  const visit = (v: Value): void => {
    if (v instanceof Tensor) out.push(v);
    else if (v instanceof PyList || v instanceof PyTuple) v.items.forEach(visit);
  };
  args.positional.forEach(visit);
  args.keywords.forEach(visit);
  return out;
}

/** Keras's `imagenet_utils.correct_pad(inputs, kernel_size)` (channels last): the ZeroPadding2D padding before a strided conv. */
function correctPad(args: CallSiteArgs): Value {
  const x = args.positional[0] ?? args.keywords.get('inputs');
  const k = args.positional[1] ?? args.keywords.get('kernel_size');
  if (!(x instanceof Tensor) || !x.shape || x.shape.length < 3) return unknownBecause(whyOf(x));
  const ks = typeof k === 'number' ? [k, k] : k instanceof PyTuple || k instanceof PyList ? k.items : undefined;
  if (!ks || ks.length !== 2 || !ks.every((d) => typeof d === 'number')) return unknownBecause(whyOf(k));
  const [k0, k1] = ks as number[];
  const h = x.shape[1];
  const w = x.shape[2];
  const adjust = h === null || w === null ? [1, 1] : [1 - (h % 2), 1 - (w % 2)];
  const correct = [Math.floor(k0 / 2), Math.floor(k1 / 2)];
  return new PyTuple([new PyTuple([correct[0] - adjust[0], correct[0]]), new PyTuple([correct[1] - adjust[1], correct[1]])]);
}

/** `tf.image.extract_patches(images, sizes=[1, k, k, 1], strides=[1, s, s, 1], rates=[1, r, r, 1], padding="SAME")` as Keras's op, when it maps. */
function tfExtractPatches(args: CallSiteArgs): CallSiteArgs | undefined {
  const names = ['images', 'sizes', 'strides', 'rates', 'padding'];
  const get = (i: number): Value | undefined => args.keywords.get(names[i]) ?? args.positional[i];
  const inner = (v: Value | undefined): Value | undefined => {
    const items = v instanceof PyList || v instanceof PyTuple ? v.items : undefined;
    if (!items || items.length !== 4 || items[0] !== 1 || items[3] !== 1) return undefined;
    return new PyTuple([items[1], items[2]]);
  };
  const images = get(0);
  const size = inner(get(1));
  const strides = inner(get(2));
  const rates = inner(get(3));
  const padding = get(4);
  if (!images || !size || !strides || !rates || typeof padding !== 'string') return undefined;
  const keywords = new Map<string, Value>([
    ['size', size],
    ['strides', strides],
    ['dilation_rate', (rates as PyTuple).items[0]],
    ['padding', padding.toLowerCase()],
  ]);
  return { positional: [images], keywords, node: args.node };
}
