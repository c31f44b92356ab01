// The values of the abstract interpreter: Python values it can follow
// (numbers, strings, tuples, lists, dicts, functions, classes), Keras objects
// (layers, models, symbolic tensors) and `UNKNOWN` for anything it cannot know;
// and how each class is copied with an analysis state (stateCopy.ts).
import type { LayerHandle } from './engineCache';
import type { CallArgs, EngineConfig, Shape, Weight } from '../engine';
import { SyntaxNode } from '../python/syntax';
import { declareCopy, type StateCopier } from './stateCopy';
import type { CallFailure, TextRange } from './types';

export class Unknown {
  readonly kind = 'unknown';
  constructor(
    readonly why = '',
    /** Known to be an int (`len(x)`, the size of an array read from a file): NumPy makes an array of that many items of it. */
    readonly isInt = false,
    /** Known to be a string (`"<start> " + token`: Python adds a string only to a string): a text layer takes it. */
    readonly isStr = false,
    /** A list of unknown length whose items all have this array's shape and dtype (filled by a loop over data). */
    readonly itemLike?: Tensor,
  ) {}
}

/** A string the analysis does not know, saying why. */
export function unknownStr(why: string): Unknown {
  return new Unknown(why, false, true);
}
export const UNKNOWN = new Unknown();

/** An int the analysis does not know, saying why. */
export function unknownInt(why: string): Unknown {
  return new Unknown(why, true);
}

/** An unknown value given back as the result of something else: only its reason (an int's attribute or item is not an int, nor a list's a list). */
export function plainUnknown(u: Unknown): Unknown {
  return u.isInt || u.isStr || u.itemLike !== undefined ? unknownBecause(u.why) : u;
}

/** An unknown value that says why (origin line and construct). */
export function unknownBecause(why: string): Unknown {
  return why === '' ? UNKNOWN : new Unknown(why);
}

/** Why a value is unknown (an Unknown's reason, or an unknown-shaped tensor's), '' when it does not say. */
/** The reason of a value left unknown by an error Keras raises: it names the error's line. */
export function errorWhy(line: number): string {
  return `the error at line ${line}`;
}

/** `because …` before a reason: `because of the error at line 6`, `because \`n\` is not known`. */
export function because(why: string): string {
  return why.startsWith('the error at line ') ? `because of ${why}` : `because ${why}`;
}

/**
 * Whether the reason of an unknown shape says why: it names a cause (`… because
 * \`pd.read_csv(…)\` on line 4 is not analysed`, an engine's own reason), not
 * only that something is not known.
 */
export function reasonSaysWhy(reason: string | undefined): boolean {
  return reason !== undefined && reason !== '' && (reason.includes(' because ') || !/ not known$/.test(reason));
}

export function whyOf(v: Value | undefined): string {
  if (v instanceof Unknown) return v.why;
  if (v instanceof PySet) return v.unknownItems ?? '';
  // What iterating over it gives: a DataFrame's column labels, an Index's labels.
  if (v instanceof DataFrame) return v.columns === null || v.columns.some((c) => c instanceof Unknown) ? v.columnsWhy : '';
  if (v instanceof PandasIndex) return v.labels === null || v.labels.some((c) => c instanceof Unknown) ? v.why : '';
  if (v instanceof Tensor && v.shape === null) return v.why ?? '';
  if (v instanceof PyList || v instanceof PyTuple) {
    for (const x of v.items) {
      const w = whyOf(x);
      if (w !== '') return w;
    }
  }
  return '';
}

/** The reason of the first argument of a call that carries one, '' when none does. */
export function argumentsWhy(args: CallSiteArgs): string {
  for (const v of args.positional) {
    const w = whyOf(v);
    if (w !== '') return w;
  }
  for (const v of args.keywords.values()) {
    const w = whyOf(v);
    if (w !== '') return w;
  }
  return '';
}

export class PyFloat {
  readonly kind = 'float';
  constructor(readonly v: number) {}
}

export class PyList {
  readonly kind = 'list';
  constructor(public items: Value[]) {}
}
export class PyTuple {
  readonly kind = 'tuple';
  constructor(readonly items: readonly Value[]) {}
}
export class PyDict {
  readonly kind = 'dict';
  readonly map = new Map<string, [Value, Value]>();
}
/**
 * A Python set of hashable values the analysis knows (`dictKey` of each),
 * without duplicates, in the order they were added (iteration follows it).
 */
export class PySet {
  readonly kind = 'set';
  constructor(public items: Value[]) {}
  /** Set when a change the analysis could not follow left its items unknown: why. */
  unknownItems: string | undefined = undefined;
}

/** A set of `items`, or unknown when one of them is unknown or not hashable. */
export function makeSet(items: readonly Value[]): PySet | Unknown {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const it of items) {
    const k = dictKey(it);
    if (k === undefined) return unknownBecause(whyOf(it));
    if (!seen.has(k)) {
      seen.add(k);
      out.push(it);
    }
  }
  return new PySet(out);
}

export class PyRange {
  readonly kind = 'range';
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {}
  get length(): number {
    if (this.step > 0) return Math.max(0, Math.ceil((this.stop - this.start) / this.step));
    return Math.max(0, Math.ceil((this.start - this.stop) / -this.step));
  }
}
export class PySlice {
  readonly kind = 'slice';
  constructor(
    readonly start: Value,
    readonly stop: Value,
    readonly step: Value,
  ) {}
}
export class PyEllipsis {
  readonly kind = 'ellipsis';
}

export interface Scope {
  readonly vars: Map<string, Value>;
  readonly parent: Scope | null;
  /** Names declared `global` in a function scope. */
  globals?: Set<string>;
  /** Set on the global scope of an imported workspace module (its names are its own, not the analysed file's). */
  readonly module?: ModuleSource;
}

/** An imported workspace module's file: where code run from it comes from. */
export class ModuleSource {
  private lineStarts: number[] | undefined;
  constructor(
    /** The dotted module name. */
    readonly name: string,
    readonly path: string,
    readonly text: string,
    /** Whether the module is a package's `__init__.py` (its relative imports count from it). */
    readonly isPackage: boolean,
  ) {}

  /** The 1-based line of `offset` in this module's text. */
  lineAt(offset: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** An imported workspace module: its global scope holds its names. */
export class PyModule {
  readonly kind = 'module';
  constructor(
    readonly source: ModuleSource | null,
    /** The dotted name (a namespace package has no source). */
    readonly name: string,
    readonly scope: Scope,
    /** A package's folder (its submodules are there); undefined for a plain module. */
    readonly folder: string | undefined,
  ) {}
}

export class PyFunction {
  readonly kind = 'function';
  constructor(
    readonly name: string,
    readonly node: SyntaxNode,
    readonly closure: Scope,
    /** Defaults evaluated at definition time, by parameter name. */
    readonly defaults: Map<string, Value>,
    readonly isLambda = false,
  ) {}
  /** The imported module the function was defined in; undefined for the analysed file's own. */
  module?: ModuleSource;
}

export class BoundMethod {
  readonly kind = 'bound';
  constructor(
    readonly self: Value,
    readonly fn: PyFunction,
    readonly cls: PyClass,
  ) {}
}

export class PyClass {
  readonly kind = 'class';
  readonly dict = new Map<string, Value>();
  constructor(
    readonly name: string,
    readonly bases: readonly Value[],
    readonly node: SyntaxNode,
    /** 'model' for keras.Model subclasses, 'layer' for keras.layers.Layer subclasses. */
    readonly kerasBase: 'model' | 'layer' | null,
  ) {}
  /** The fields of a `@dataclass`, in order (its generated `__init__` takes them); null otherwise. */
  dataclassFields: string[] | null = null;

  /** The Keras layer class (`MultiHeadAttention`) this class derives from, when one does. */
  engineBase(): string | undefined {
    for (const b of this.bases) {
      if (b instanceof LayerClassRef) return b.className;
      if (b instanceof PyClass) {
        const e = b.engineBase();
        if (e !== undefined) return e;
      }
    }
    return undefined;
  }

  lookup(name: string): { value: Value; owner: PyClass } | undefined {
    const own = this.dict.get(name);
    if (own !== undefined) return { value: own, owner: this };
    for (const b of this.bases) if (b instanceof PyClass) {
      const r = b.lookup(name);
      if (r) return r;
    }
    return undefined;
  }
}

/** `dataclasses.field(default=..., default_factory=...)` as a class attribute's default. */
export class DataclassField {
  readonly kind = 'field';
  constructor(
    readonly dflt: Value | undefined,
    readonly factory: Value | undefined,
  ) {}
}

export class PyInstance {
  readonly kind = 'instance';
  readonly attrs = new Map<string, Value>();
  constructor(readonly cls: PyClass) {}
}

/** `super()` bound to an instance and the class whose method called it. */
export class SuperProxy {
  readonly kind = 'super';
  constructor(
    readonly self: Value,
    readonly after: PyClass,
  ) {}
}

export interface CallSiteArgs {
  readonly positional: Value[];
  readonly keywords: ReadonlyMap<string, Value>;
  readonly node: SyntaxNode;
  /** Set when a `*args` / `**kwargs` splat could not be expanded: which arguments were passed is unknown, and why. */
  readonly unknownSplat?: string;
}

export class Builtin {
  readonly kind = 'builtin';
  constructor(
    readonly name: string,
    readonly call: (args: CallSiteArgs) => Value,
    /** The set a method changes (`vocabulary.update`): given to code the analysis does not follow, its items become unknown. */
    readonly changes?: PySet,
  ) {}
}

/** `functools.partial(fn, *args, **kwargs)`: calling it calls `fn` with those arguments first. */
export class PyPartial {
  readonly kind = 'partial';
  constructor(
    readonly fn: Value,
    readonly positional: readonly Value[],
    readonly keywords: ReadonlyMap<string, Value>,
  ) {}
}

/** Rows a dataset batches: how many (Infinity after `repeat()`), the batch size, whether the last short batch is dropped, and the batches skipped. */
export interface DatasetRows {
  readonly total: number;
  readonly size: number;
  readonly drop: boolean;
  readonly skip: number;
}

/**
 * A `tf.data.Dataset` as far as shapes go (keras/datasets.ts): one element's
 * structure (tensors whose shapes are the element spec's, `None` for a batch
 * size that varies, in tuples and dicts) and how many elements there are.
 */
export class Dataset {
  readonly kind = 'dataset';
  constructor(
    /** One element; unknown (with the reason) when the analysis cannot tell. */
    readonly element: Value,
    /** How many elements: Infinity after `repeat()`, null when not known. */
    readonly count: number | null,
    /** When it batches a known number of rows: what gives each batch's real size. */
    readonly rows: DatasetRows | null,
    /** Whether each element is a batch: the leading `None` of its tensors is the batch size. */
    readonly batched: boolean,
  ) {}
}

/** `iter(x)` of a list, tuple, range, string, dict or dataset: `next()` takes its items in turn. */
export class PyIterator {
  readonly kind = 'iterator';
  constructor(
    readonly source: Value,
    public position: number,
  ) {}
}

/** A module or namespace we model (`keras`, `keras.layers`, `numpy`, `tensorflow`). */
export class Namespace {
  readonly kind = 'namespace';
  constructor(readonly path: string) {}
}

/** A Keras layer class the engine knows (`keras.layers.Conv2D`). */
export class LayerClassRef {
  readonly kind = 'layerClass';
  constructor(
    readonly className: string,
    /** Set for a layer of a library built on Keras (`keras_cv.layers.DropPath`): keras.layers itself has no such class. */
    readonly library?: string,
  ) {}
}

/** keras.Model / keras.Sequential / keras.layers.Layer: callable and subclassable. */
export class KerasBaseRef {
  readonly kind = 'kerasBase';
  constructor(readonly which: 'Model' | 'Sequential' | 'Layer') {}
}

/**
 * A pandas DataFrame (keras/pandas.ts): its column labels when the code fixes
 * them (an unknown label is an Unknown item, so their number can be known
 * without all of them), its number of rows when known, and why what is not
 * known is not.
 */
export class DataFrame {
  readonly kind = 'dataframe';
  constructor(
    /** Column labels in order; null when not even their number is known. */
    public columns: Value[] | null,
    /** Number of rows; null when not known. */
    public rows: number | null,
    /** Why the number of rows is not known. */
    public rowsWhy: string,
    /** Why the columns (or some labels) are not known. */
    public columnsWhy: string,
    /** Whether no two columns share a label (so `df[label]` is one column). */
    public uniqueColumns: boolean,
  ) {}
}

/** A pandas Series: one-dimensional, its length when known. */
export class Series {
  readonly kind = 'series';
  constructor(
    public length: number | null,
    /** Why its length is not known. */
    public why: string,
    /** Its `name` (the column label it came from); undefined when not known. */
    public name: Value | undefined,
  ) {}
  /** Its dtype when known (`bool` for a comparison's result, a mask). */
  dtype: string | undefined = undefined;
}

/** A pandas Index (`df.columns`, `df.index`): its labels when known, its length when known. */
export class PandasIndex {
  readonly kind = 'index';
  constructor(
    readonly labels: readonly Value[] | null,
    readonly length: number | null,
    readonly why: string,
  ) {}
}

/** `df.iloc`, `df.loc`, `df.at`, `df.iat` (and a Series's): indexing by position or label. */
export class PandasIndexer {
  readonly kind = 'indexer';
  constructor(
    readonly of: DataFrame | Series,
    readonly by: 'iloc' | 'loc' | 'iat' | 'at',
  ) {}
}

/** The pandas values the library models. */
export type PandasValue = DataFrame | Series | PandasIndex | PandasIndexer;

export function isPandas(v: Value): v is PandasValue {
  return v instanceof DataFrame || v instanceof Series || v instanceof PandasIndex || v instanceof PandasIndexer;
}

/** Where a tensor came from, for walking a functional graph back to its inputs. */
export class TensorNode {
  /** How to make the same call again with every tensor argument replaced: how a functional graph is replayed. */
  rerun: Rerun | undefined = undefined;
  /** A call on tensors TensorFlow traces (a `ds.map` function's): graph tensors, not Keras's, so no Keras node. */
  readonly traced: boolean;
  constructor(
    readonly layer: LayerObj | null,
    readonly inputs: readonly Tensor[],
    /** A value we could not follow (an unknown model, another library's result) fed this node. */
    readonly opaque = false,
  ) {
    this.traced = inputs.some((t) => t.traced === true || t.node?.traced === true);
  }
}

/**
 * A recorded call that made a tensor, as data (so an analysis state can be
 * copied): a layer call, or a tensor operation. KerasRuntime.rerun replays it.
 */
export type Rerun =
  | { readonly kind: 'layer'; readonly layer: LayerObj; readonly args: CallSiteArgs }
  | { readonly kind: 'unary'; readonly t: Tensor }
  | { readonly kind: 'first'; readonly t: Tensor }
  | { readonly kind: 'binary'; readonly op: string; readonly l: Value; readonly r: Value; readonly node: SyntaxNode }
  | { readonly kind: 'subscript'; readonly t: Tensor; readonly subs: readonly Value[]; readonly node: SyntaxNode }
  | { readonly kind: 'op'; readonly path: string; readonly args: CallSiteArgs };

let tensorIds = 0;
export class Tensor {
  readonly kind = 'tensor';
  readonly id = ++tensorIds;
  /** Which of its node's outputs this tensor is (LSTM with return_state gives several). */
  outputIndex?: number;
  /** Its dtype when known (Keras's floatx is assumed when undefined); null: the backend's own (an eager result on Python values). */
  dtype?: string | null;
  /** Why its shape (or part of it) is unknown: the origin line and construct. */
  why?: string;
  /** When `why` is an error Keras raises: that error's line (for views that say so in the user's language). */
  errorLine?: number;
  /** A small concrete array's elements, flattened, when the code fixes them (`np.array([0, 2, 1])`). */
  values?: readonly (number | string)[];
  /** When `shape` is null but the rank is known: the shape under each probe size of the unknown dimensions (keras/partial.ts). */
  probes?: readonly [Shape, Shape];
  /** An argument of a function TensorFlow traces (`ds.map(f)`): symbolic, but a graph tensor, not a Keras one. */
  traced?: true;
  /** Set on a `keras.Variable`: a layer it is assigned to tracks it as one of its weights. */
  variable?: { readonly name: string; readonly trainable: boolean };
  constructor(
    /** null when even the rank is unknown. */
    readonly shape: Shape | null,
    readonly node: TensorNode | null,
    /** A symbolic Keras tensor (Input and layer outputs) vs a concrete array. */
    readonly symbolic: boolean,
    readonly name?: string,
  ) {}
}

/** A layer instance: an engine layer, or a model / user subclass (see keras/models.ts). */
export class LayerObj {
  readonly kind = 'layer';
  trainable = true;
  /** Weights created by the first build; null until built. */
  weights: Weight[] | null = null;
  /** Output shapes of the most recent call, for summaries. */
  lastOutputs: readonly Shape[] | null = null;
  /** When `lastOutputs` is null but the ranks are known: the shapes with `'?'` for the unknown sizes. */
  lastPartial: readonly (readonly (number | null | '?')[])[] | null = null;
  /** Set when the constructor failed: calls give unknown without new diagnostics. */
  broken = false;
  /** The error of its constructor (when `broken`), shown again at each of its calls. */
  failure: CallFailure | undefined = undefined;
  /** The engine results remembered for this layer's class, arguments and name (engineCache.layerMemo); null when not cacheable. */
  memo: LayerHandle | null | undefined = undefined;
  /** Its symbolic calls in order, like Keras's `_inbound_nodes`: a node's index there is its `[node_index]`. */
  inboundNodes: TensorNode[] | null = null;
  /** The engine configuration when it was made (the image data format the code had set then); undefined: the run's. */
  engineConfig: EngineConfig | undefined = undefined;
  /** The batch size an old spelling fixed for a first layer (`batch_input_shape=(32, 10)`); undefined when none. */
  declaredBatch: number | null | undefined = undefined;
  /** Its output shapes are known but its weights are not (an Embedding of unknown vocabulary). */
  weightsUnknown = false;
  /** A lookup layer whose vocabulary was set again (`set_vocabulary`, `adapt`): its size is the data's. */
  vocabularyFromData = false;
  /** Its weights under each probe size, when it was built on sizes the analysis does not know (keras/partial.ts). */
  probeWeights: readonly [readonly Weight[], readonly Weight[]] | null = null;
  /** The output tensors of its first symbolic call (`layer.output`). */
  firstOutputs: Tensor[] | null = null;
  /** Attributes the code set on it (`dense.units = 8`): no longer what its arguments say. Replaced, never changed in place. */
  reassigned: readonly string[] | null = null;
  constructor(
    readonly className: string,
    readonly args: CallArgs,
    readonly ctorRange: TextRange,
    public name: string,
    readonly docPath?: string,
  ) {}
}

export type Value =
  | null
  | boolean
  | number
  | string
  | Unknown
  | PyFloat
  | PyList
  | PyTuple
  | PyDict
  | PySet
  | PyRange
  | PySlice
  | PyEllipsis
  | PyFunction
  | PyModule
  | BoundMethod
  | PyClass
  | PyInstance
  | SuperProxy
  | Builtin
  | PyPartial
  | Dataset
  | PyIterator
  | DataclassField
  | Namespace
  | LayerClassRef
  | KerasBaseRef
  | Tensor
  | LayerObj
  | DataFrame
  | Series
  | PandasIndex
  | PandasIndexer;

export function isUnknown(v: Value): v is Unknown {
  return v instanceof Unknown;
}

export function numberOf(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.v;
  return undefined;
}

/** Python truthiness; undefined when unknown. */
export function truthy(v: Value): boolean | undefined {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyFloat) return v.v !== 0;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.map.size > 0;
  if (v instanceof PySet) return v.unknownItems !== undefined ? undefined : v.items.length > 0;
  // pandas refuses the truth value of a DataFrame or Series; an Index's is ambiguous too.
  if (isPandas(v)) return undefined;
  if (v instanceof PyRange) return v.length > 0;
  if (v instanceof Unknown) return undefined;
  // An actual array of one element (`if drop_prob:` of an item of `tf.linspace(…)`): Python asks its value; a symbolic tensor has none.
  if (v instanceof Tensor) return !v.symbolic && v.values?.length === 1 && v.shape !== null && v.shape.every((d) => d === 1) ? v.values[0] !== 0 && v.values[0] !== '' : undefined;
  return true;
}

export function iterItems(v: Value): readonly Value[] | undefined {
  if (v instanceof PyList || v instanceof PyTuple) return v.items;
  if (typeof v === 'string') return [...v];
  if (v instanceof PyDict) return [...v.map.values()].map(([k]) => k);
  if (v instanceof PySet) return v.unknownItems !== undefined ? undefined : v.items;
  if (v instanceof Tensor) return arrayItems(v);
  // Iterating over a DataFrame gives its column labels; over an Index, its labels.
  if (v instanceof DataFrame) return v.columns !== null && v.columns.every((c) => dictKey(c) !== undefined) ? v.columns : undefined;
  if (v instanceof PandasIndex) return v.labels !== null && v.labels.every((c) => dictKey(c) !== undefined) ? v.labels : undefined;
  return undefined;
}

export function dictKey(v: Value): string | undefined {
  if (v === null) return 'None';
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `n:${Number(v)}`;
  if (v instanceof PyFloat) return `n:${v.v}`;
  if (v instanceof PyTuple) {
    const parts = v.items.map(dictKey);
    return parts.every((p) => p !== undefined) ? `t:(${parts.join(',')})` : undefined;
  }
  return undefined;
}

// ------------------------------------------------------------------ copies

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

for (const c of [Unknown, PyFloat, PyRange, PyEllipsis, PandasIndex, ModuleSource, Namespace, LayerClassRef, KerasBaseRef, SyntaxNode]) declareCopy(c, { kind: 'share' });
for (const c of [PySet, DataFrame, Series, PandasIndexer, PyDict, PySlice, PyModule, BoundMethod, PyClass, PyInstance, SuperProxy, PyPartial, DataclassField, Dataset, PyIterator]) declareCopy(c, { kind: 'fields' });

/** Values no run can change and `is` cannot tell from a copy (shared by copies: see stateCopy.ts). */
function neverChanges(v: Value): boolean {
  return typeof v !== 'object' || v === null || v instanceof PyFloat || v instanceof Unknown || v instanceof PyRange || v instanceof PyEllipsis || v instanceof Namespace || v instanceof LayerClassRef || v instanceof KerasBaseRef;
}

// A function is never changed after its definition: a module-level one (its
// scope is whichever module scope runs it: Interpreter.lookup) whose defaults
// never change is shared by copies. Files of many helpers hold thousands.
declareCopy(PyFunction, {
  kind: 'fields',
  shareWhen: (f) => {
    const fn = f as PyFunction;
    if (fn.closure.parent !== null || fn.closure.module !== undefined) return false;
    for (const d of fn.defaults.values()) if (!neverChanges(d)) return false;
    return true;
  },
});

/** The fields of a layer that hold immutable data (engine arguments, results, memos, ranges): copies share them. */
export const LAYER_SHARED_FIELDS = ['args', 'memo', 'ctorRange', 'weights', 'lastOutputs', 'lastPartial', 'docPath', 'engineConfig'] as const;

// The most common classes are made by their constructors, so that copies keep the originals' hidden classes.
declareCopy(Tensor, {
  kind: 'fast',
  fields: ['kind', 'id', 'outputIndex', 'dtype', 'why', 'errorLine', 'values', 'probes', 'variable', 'traced', 'shape', 'node', 'symbolic', 'name'],
  shell: (f) => {
    const from = f as Tensor;
    const t = new Tensor(from.shape, null, from.symbolic, from.name) as Mutable<Tensor>;
    t.id = from.id;
    if (from.outputIndex !== undefined) t.outputIndex = from.outputIndex;
    if (from.dtype !== undefined) t.dtype = from.dtype;
    if (from.why !== undefined) t.why = from.why;
    if (from.errorLine !== undefined) t.errorLine = from.errorLine;
    if (from.values !== undefined) t.values = from.values;
    if (from.probes !== undefined) t.probes = from.probes;
    if (from.variable !== undefined) t.variable = from.variable;
    if (from.traced !== undefined) t.traced = from.traced;
    return t;
  },
  fill: (f, t, c) => {
    (t as Mutable<Tensor>).node = c.ref((f as Tensor).node);
  },
});

declareCopy(LayerObj, {
  kind: 'fast',
  fields: ['kind', 'trainable', 'weights', 'lastOutputs', 'lastPartial', 'broken', 'failure', 'weightsUnknown', 'vocabularyFromData', 'probeWeights', 'memo', 'inboundNodes', 'firstOutputs', 'reassigned', 'engineConfig', 'declaredBatch', 'className', 'args', 'ctorRange', 'name', 'docPath'],
  shell: (f) => {
    const from = f as LayerObj;
    const l = new LayerObj(from.className, from.args, from.ctorRange, from.name, from.docPath);
    l.trainable = from.trainable;
    l.weights = from.weights;
    l.lastOutputs = from.lastOutputs;
    l.lastPartial = from.lastPartial;
    l.broken = from.broken;
    l.failure = from.failure;
    l.weightsUnknown = from.weightsUnknown;
    l.vocabularyFromData = from.vocabularyFromData;
    l.probeWeights = from.probeWeights;
    l.memo = from.memo;
    l.engineConfig = from.engineConfig;
    l.declaredBatch = from.declaredBatch;
    l.reassigned = from.reassigned;
    return l;
  },
  fill: (f, l, c) => {
    // Its own array, referenced from nowhere else: made here rather than through the copier.
    const nodes = (f as LayerObj).inboundNodes;
    (l as LayerObj).inboundNodes = nodes === null ? null : nodes.map((n) => c.ref(n));
    (l as LayerObj).firstOutputs = c.ref((f as LayerObj).firstOutputs);
  },
});

declareCopy(TensorNode, {
  kind: 'fast',
  fields: ['rerun', 'layer', 'inputs', 'opaque', 'traced'],
  shell: (f) => new TensorNode(null, [], (f as TensorNode).opaque),
  fill: (f, n, c) => {
    const from = f as TensorNode;
    const to = n as Mutable<TensorNode>;
    to.traced = from.traced;
    to.layer = c.ref(from.layer);
    // Through the copier: an op's node may take a list's own items array (`ops.concatenate(xs)`), which the list may change.
    to.inputs = c.ref(from.inputs);
    to.rerun = from.rerun === undefined ? undefined : copyRerun(from.rerun, c);
  },
});

/**
 * A copy of a rerun record whose own objects (the record, its arguments and
 * their arrays) are made here, not through the copier: nothing changes them
 * or compares them by identity, and a functional model has one per layer
 * call. The values in them are copied by the copier, as everywhere.
 */
function copyRerun(r: Rerun, c: StateCopier): Rerun {
  switch (r.kind) {
    case 'layer':
      return { kind: 'layer', layer: c.ref(r.layer), args: copyArgs(r.args, c) };
    case 'unary':
      return { kind: 'unary', t: c.ref(r.t) };
    case 'first':
      return { kind: 'first', t: c.ref(r.t) };
    case 'binary':
      return { kind: 'binary', op: r.op, l: c.ref(r.l), r: c.ref(r.r), node: r.node };
    case 'subscript':
      return { kind: 'subscript', t: c.ref(r.t), subs: r.subs.map((v) => c.ref(v)), node: r.node };
    case 'op':
      return { kind: 'op', path: r.path, args: copyArgs(r.args, c) };
  }
}

function copyArgs(a: CallSiteArgs, c: StateCopier): CallSiteArgs {
  const positional: Value[] = [];
  for (const v of a.positional) positional.push(c.ref(v));
  let keywords = a.keywords;
  if (keywords.size > 0) {
    const copied = new Map<string, Value>();
    for (const [k, v] of keywords) copied.set(k, c.ref(v));
    keywords = copied;
  }
  return { positional, keywords, node: a.node };
}

declareCopy(PyList, {
  kind: 'fast',
  fields: ['kind', 'items'],
  shell: () => new PyList([]),
  fill: (f, l, c) => {
    (l as PyList).items = c.ref((f as PyList).items);
  },
});

declareCopy(PyTuple, {
  kind: 'fast',
  fields: ['kind', 'items'],
  shell: () => new PyTuple([]),
  fill: (f, l, c) => {
    (l as Mutable<PyTuple>).items = c.ref((f as PyTuple).items);
  },
});

/** The items of an actual array whose values the code fixes, along its first axis (each with its values); undefined otherwise. */
export function arrayItems(t: Tensor): Tensor[] | undefined {
  const shape = t.shape;
  const values = t.values;
  if (t.symbolic || shape === null || shape.length === 0 || values === undefined) return undefined;
  const n = shape[0];
  if (n === null || n === 0 || values.length % n !== 0) return undefined;
  const size = values.length / n;
  return Array.from({ length: n }, (_, i) => {
    const item = new Tensor(shape.slice(1), null, false);
    if (t.dtype !== undefined) item.dtype = t.dtype;
    item.values = values.slice(i * size, (i + 1) * size);
    return item;
  });
}
