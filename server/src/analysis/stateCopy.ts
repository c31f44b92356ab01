// Copies of an analysis state (the interpreter's values, layers, tensors)
// that keep identity and share what never changes, and freezing a state in
// place so that runs can share it (see checkpoint.ts).
import { SyntaxNode } from '../python/syntax';
import { FunctionalModel, InputLayerObj, LambdaLayer, SequentialModel, SubclassInstance } from './keras/models';
import {
  BoundMethod,
  KerasBaseRef,
  LayerClassRef,
  LayerObj,
  Namespace,
  PyClass,
  PyDict,
  PyEllipsis,
  PyFloat,
  PyFunction,
  PyInstance,
  PyList,
  PyRange,
  PySlice,
  PyTuple,
  SuperProxy,
  Tensor,
  TensorNode,
  Unknown,
} from './values';

/** The state holds a value the copier cannot copy. */
export class Uncopyable extends Error {}

/** How objects of one prototype are copied. */
const enum How {
  /** Never changes: the copy shares it. */
  Share,
  /** Made by the class's constructor and filled by a FastCopy. */
  Fast,
  /** Object.create of the prototype, own fields copied except `shared` ones. */
  Fields,
  /** A plain object literal. */
  Plain,
  Array,
  Map,
  Set,
}

interface Handler {
  readonly how: How;
  readonly fast?: FastCopy;
  /** Fields that hold immutable data (engine results, shapes, memos, ranges): a copy shares them. */
  readonly shared?: ReadonlySet<string>;
}

/**
 * Copies of the most common classes made with their constructors (so the
 * copies have the same hidden classes as the originals and the interpreter's
 * inline caches stay monomorphic), filled field by field. The fields written
 * must be all of the class's fields: a test compares FAST_COPY_FIELDS with real objects.
 */
interface FastCopy {
  /** Fields holding immutable data, not frozen with a checkpoint. */
  readonly shared: ReadonlySet<string>;
  shell(from: object): object;
  fill(from: object, to: object, copier: StateCopier): void;
}

/** The fields each fast copy writes. */
export const FAST_COPY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Tensor: ['kind', 'id', 'outputIndex', 'shape', 'node', 'symbolic', 'name'],
  LayerObj: ['kind', 'trainable', 'weights', 'lastOutputs', 'broken', 'memo', 'inboundNodes', 'className', 'args', 'ctorRange', 'name', 'docPath'],
  PyList: ['kind', 'items'],
  PyTuple: ['kind', 'items'],
  TensorNode: ['rerun', 'layer', 'inputs', 'opaque'],
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const TENSOR_COPY: FastCopy = {
  shared: new Set(['shape']),
  shell: (f) => {
    const from = f as Tensor;
    const t = new Tensor(from.shape, null, from.symbolic, from.name) as Mutable<Tensor>;
    t.id = from.id;
    if (from.outputIndex !== undefined) t.outputIndex = from.outputIndex;
    return t;
  },
  fill: (f, t, c) => {
    (t as Mutable<Tensor>).node = c.ref((f as Tensor).node);
  },
};

const LAYER_COPY: FastCopy = {
  shared: new Set(['args', 'memo', 'ctorRange', 'weights', 'lastOutputs', 'docPath']),
  shell: (f) => {
    const from = f as LayerObj;
    const l = new LayerObj(from.className, from.args, from.ctorRange, from.name, from.docPath);
    l.trainable = from.trainable;
    l.weights = from.weights;
    l.lastOutputs = from.lastOutputs;
    l.broken = from.broken;
    l.memo = from.memo;
    return l;
  },
  fill: (f, l, c) => {
    (l as LayerObj).inboundNodes = c.ref((f as LayerObj).inboundNodes);
  },
};

const NODE_COPY: FastCopy = {
  shared: new Set(),
  shell: (f) => new TensorNode(null, [], (f as TensorNode).opaque),
  fill: (f, n, c) => {
    const from = f as TensorNode;
    const to = n as Mutable<TensorNode>;
    to.layer = c.ref(from.layer);
    to.inputs = c.ref(from.inputs);
    to.rerun = c.ref(from.rerun);
  },
};

const LIST_COPY: FastCopy = {
  shared: new Set(),
  shell: () => new PyList([]),
  fill: (f, l, c) => {
    (l as PyList).items = c.ref((f as PyList).items);
  },
};

const TUPLE_COPY: FastCopy = {
  shared: new Set(),
  shell: () => new PyTuple([]),
  fill: (f, l, c) => {
    (l as Mutable<PyTuple>).items = c.ref((f as PyTuple).items);
  },
};

let handlers: Map<object, Handler> | null = null;

/** The handler of each prototype a state may hold; anything else is refused rather than copied wrongly. Built on first use (keras.ts and this module import each other's users). */
function handlerOf(proto: object | null): Handler | undefined {
  if (handlers === null) {
    const h = new Map<object, Handler>();
    h.set(Array.prototype, { how: How.Array });
    h.set(Map.prototype, { how: How.Map });
    h.set(Set.prototype, { how: How.Set });
    h.set(Object.prototype, { how: How.Plain });
    for (const c of [Unknown, PyFloat, PyRange, PyEllipsis, Namespace, LayerClassRef, KerasBaseRef, SyntaxNode]) h.set(c.prototype, { how: How.Share });
    h.set(Tensor.prototype, { how: How.Fast, fast: TENSOR_COPY });
    h.set(LayerObj.prototype, { how: How.Fast, fast: LAYER_COPY });
    h.set(PyList.prototype, { how: How.Fast, fast: LIST_COPY });
    h.set(TensorNode.prototype, { how: How.Fast, fast: NODE_COPY });
    h.set(PyTuple.prototype, { how: How.Fast, fast: TUPLE_COPY });
    for (const c of [PyDict, PySlice, PyFunction, BoundMethod, PyClass, PyInstance, SuperProxy]) h.set(c.prototype, { how: How.Fields });
    const layerShared = ['args', 'memo', 'ctorRange', 'weights', 'lastOutputs', 'docPath'];
    h.set(SequentialModel.prototype, { how: How.Fields, shared: new Set([...layerShared, 'inputShape', 'outputShape']) });
    h.set(FunctionalModel.prototype, { how: How.Fields, shared: new Set([...layerShared, 'inputKeys', 'outputKeys']) });
    h.set(InputLayerObj.prototype, { how: How.Fields, shared: new Set([...layerShared, 'shape']) });
    for (const c of [LambdaLayer, SubclassInstance]) h.set(c.prototype, { how: How.Fields, shared: new Set(layerShared) });
    handlers = h;
  }
  return proto === null ? undefined : handlers.get(proto);
}

/**
 * Deep copies of interpreter values that keep identity: each object is copied
 * once, and every reference to it in the copy points to that one copy.
 * `seed` maps objects to their counterparts given in advance (the global
 * scope, builtins). Throws Uncopyable on functions and unknown classes
 * (a builtin method bound to an object).
 */
export class StateCopier {
  private readonly copies = new Map<object, unknown>();
  /** Objects copied but not filled in yet, their copies and handlers (no recursion: a functional graph is thousands of links deep). */
  private readonly from: object[] = [];
  private readonly to: unknown[] = [];
  private readonly how: Handler[] = [];

  constructor(seed: Iterable<readonly [object, object]>) {
    for (const [from, to] of seed) this.copies.set(from, to);
  }

  copy<T>(v: T): T {
    const out = this.ref(v);
    while (this.from.length > 0) this.fill(this.from.pop() as object, this.to.pop(), this.how.pop() as Handler);
    return out;
  }

  /** The copy of `v`: made now (an empty shell for objects), filled in by `copy` (the fast copies call this). */
  ref<T>(v: T): T {
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'function') throw new Uncopyable('a function value');
      return v;
    }
    const done = this.copies.get(v);
    if (done !== undefined) return done as T;
    const proto = Object.getPrototypeOf(v) as object | null;
    const h = handlerOf(proto);
    if (h === undefined) throw new Uncopyable(`an object of class ${String((proto as { constructor?: { name?: string } } | null)?.constructor?.name)}`);
    let out: unknown;
    switch (h.how) {
      case How.Share:
        return v;
      case How.Array:
        out = new Array((v as unknown[]).length);
        break;
      case How.Map:
        out = new Map();
        break;
      case How.Set:
        out = new Set();
        break;
      case How.Plain:
        out = {};
        break;
      case How.Fast:
        out = (h.fast as FastCopy).shell(v);
        break;
      case How.Fields:
        out = Object.create(proto);
        break;
    }
    this.copies.set(v, out);
    this.from.push(v);
    this.to.push(out);
    this.how.push(h);
    return out as T;
  }

  private fill(from: object, to: unknown, h: Handler): void {
    switch (h.how) {
      case How.Array: {
        const src = from as unknown[];
        const out = to as unknown[];
        for (let i = 0; i < src.length; i++) out[i] = this.ref(src[i]);
        return;
      }
      case How.Map: {
        const out = to as Map<unknown, unknown>;
        for (const [k, v] of from as Map<unknown, unknown>) out.set(this.ref(k), this.ref(v));
        return;
      }
      case How.Set: {
        const out = to as Set<unknown>;
        for (const v of from as Set<unknown>) out.add(this.ref(v));
        return;
      }
      case How.Plain: {
        const src = from as Record<string, unknown>;
        const out = to as Record<string, unknown>;
        for (const k in src) out[k] = this.ref(src[k]);
        return;
      }
      case How.Fast:
        (h.fast as FastCopy).fill(from, to as object, this);
        return;
      case How.Fields: {
        const src = from as Record<string, unknown>;
        const out = to as Record<string, unknown>;
        const shared = h.shared;
        for (const k of Object.keys(src)) out[k] = shared !== undefined && shared.has(k) ? src[k] : this.ref(src[k]);
        return;
      }
      case How.Share:
        return;
    }
  }
}

/**
 * Freezes every object of a state reachable from `roots`: objects and arrays
 * with Object.freeze, Maps and Sets marked so (`writable` checks the mark
 * before each write). Shared data (engine results, syntax) is left alone.
 * Returns false when the state holds an object of no known class (a builtin,
 * which acts on its own interpreter): a shallow fork must not share it.
 */
export function freezeState(roots: readonly unknown[]): boolean {
  const stack: unknown[] = [...roots];
  let shareable = true;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    const h = handlerOf(Object.getPrototypeOf(v) as object | null);
    if (h === undefined) {
      shareable = false;
      continue;
    }
    switch (h.how) {
      case How.Share:
        continue;
      case How.Array:
        for (const x of v as unknown[]) stack.push(x);
        break;
      case How.Map:
        for (const [k, x] of v as Map<unknown, unknown>) stack.push(k, x);
        break;
      case How.Set:
        for (const x of v as Set<unknown>) stack.push(x);
        break;
      default: {
        const shared = h.how === How.Fast ? h.fast?.shared : h.shared;
        const o = v as Record<string, unknown>;
        for (const k of Object.keys(o)) if (!shared?.has(k)) stack.push(o[k]);
      }
    }
    Object.freeze(v);
  }
  return shareable;
}

/**
 * Whether this code runs in strict mode, where writing to a frozen object
 * throws; in sloppy code the write would be dropped silently. Without it,
 * nothing is frozen and runs never share a checkpoint's objects.
 */
export const STRICT = (function (this: unknown): boolean {
  return this === undefined;
})();

