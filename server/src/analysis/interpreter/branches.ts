// Both branches of an `if` whose condition the analysis cannot decide.
// Python runs one of them; the analysis runs each from the state before the
// `if` and keeps, after it, what both leave equal: a name or attribute both
// bind to the same value (a tensor of the same shape and dtype, the same
// Python value) keeps it, one they leave different becomes unknown because
// of the condition. The layer calls of both branches stay recorded; a layer
// built or given weights differently by the two has params that are unknown.
//
//   if self.use_bias: x = x + self.bias     → x keeps its shape after the if
//
// The state is the objects the code can reach (scopes, instances, lists,
// dicts, layers) walked from the scopes in use; each one's contents are kept
// before the if and after each branch, and written back in place, so every
// reference to an object still sees it. What the join cannot express (a list
// grown by one branch, a model changed by one) falls back to forgetting what
// the `if` may bind, as when the branches are not followed.
import { SyntaxNode } from '../../python/syntax';
import { walkRule } from '../stateCopy';
import { Builtin, LayerObj, PyDict, PyFloat, PyList, PyTuple, Tensor, TensorNode, Unknown, unknownBecause, unknownInt, whyOf, type Scope, type Value } from '../values';
import { NORMAL, RAISE, type Evaluator, type Flow } from './evaluator';
import { sameNames } from './library';

/** Undecided `if`s followed inside one another; deeper ones are forgotten as before. */
const MAX_JOIN_DEPTH = 2;
/** Objects a state may have for both branches to be followed (each is walked and compared). */
const MAX_STATE_OBJECTS = 20_000;
/** Items and fields those objects may hold in all. */
const MAX_STATE_ITEMS = 200_000;

/** Fields of a layer that record what happened to it (its calls, its failures), not what it is: both branches' are kept. */
const LAYER_HISTORY = new Set(['lastOutputs', 'lastPartial', 'inboundNodes', 'firstOutputs', 'failure', 'broken', 'memo']);
/**
 * Fields of a layer whose contents Python code can change (a subclass's
 * attributes and weights, a Sequential's layers); the rest (a functional
 * model's graph, an application's layers) is made once.
 */
const LAYER_WALKED = new Set(['attrs', 'ownWeights', 'entries']);

/** What the slots of a container are: Python values (`slots`: a scope's names, an object's attributes), a list's items, a dict's entries, or internal data. */
type Role = 'slots' | 'items' | 'dict' | 'internal';
type Kind = 'array' | 'map' | 'set' | 'fields';

interface Entry {
  readonly obj: object;
  readonly kind: Kind;
  readonly role: Role;
  /** The object whose field this container is. */
  readonly owner: object | undefined;
  /** Its contents before the `if`: items, or keys and values in turn. */
  readonly before: unknown[];
}

interface PendingReturn {
  readonly value: Value;
  readonly why: string;
}

interface BranchState {
  depth: number;
  /** Per running function: the values returned by a branch the analysis could not decide, joined with the function's result. */
  readonly frames: PendingReturn[][];
}

const states = new WeakMap<Evaluator, BranchState>();

function stateOf(ev: Evaluator): BranchState {
  let s = states.get(ev);
  if (s === undefined) {
    s = { depth: 0, frames: [] };
    states.set(ev, s);
  }
  return s;
}

/** Runs a function's body: its result joined with what an undecided branch returned earlier (see `followBoth`). */
export function runFunctionBody(ev: Evaluator, run: () => Value): Value {
  const { frames } = stateOf(ev);
  const pending: PendingReturn[] = [];
  frames.push(pending);
  try {
    let v = run();
    for (const p of pending) v = joinValues(p.value, v, p.why);
    return v;
  } finally {
    frames.pop();
  }
}

function fieldKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  return obj instanceof LayerObj ? keys.filter((k) => !LAYER_HISTORY.has(k)) : keys;
}

function kindOf(obj: object): Kind {
  return Array.isArray(obj) ? 'array' : obj instanceof Map ? 'map' : obj instanceof Set ? 'set' : 'fields';
}

function contentsOf(obj: object, kind: Kind): unknown[] {
  switch (kind) {
    case 'array':
      return [...(obj as unknown[])];
    case 'set':
      return [...(obj as Set<unknown>)];
    case 'map': {
      const out: unknown[] = [];
      for (const [k, v] of obj as Map<unknown, unknown>) out.push(k, v);
      return out;
    }
    case 'fields': {
      const out: unknown[] = [];
      const rec = obj as Record<string, unknown>;
      for (const k of fieldKeys(obj)) out.push(k, rec[k]);
      return out;
    }
  }
}

function writeContents(obj: object, kind: Kind, contents: readonly unknown[]): void {
  switch (kind) {
    case 'array': {
      const a = obj as unknown[];
      a.length = 0;
      for (const v of contents) a.push(v);
      return;
    }
    case 'set': {
      const s = obj as Set<unknown>;
      s.clear();
      for (const v of contents) s.add(v);
      return;
    }
    case 'map': {
      const m = obj as Map<unknown, unknown>;
      m.clear();
      for (let i = 0; i < contents.length; i += 2) m.set(contents[i], contents[i + 1]);
      return;
    }
    case 'fields': {
      const rec = obj as Record<string, unknown>;
      const keep = new Set<unknown>();
      for (let i = 0; i < contents.length; i += 2) {
        keep.add(contents[i]);
        rec[contents[i] as string] = contents[i + 1];
      }
      for (const k of fieldKeys(obj)) if (!keep.has(k)) delete rec[k];
      return;
    }
  }
}

/** The role of the container in field `key` of `owner`. */
function roleOf(owner: object, key: string, value: object): Role {
  if (owner instanceof PyList && key === 'items') return 'items';
  if (owner instanceof PyDict && key === 'map') return 'dict';
  if (value instanceof Map && (key === 'vars' || key === 'attrs' || key === 'dict')) return 'slots';
  return 'internal';
}

function isFileScope(obj: object): boolean {
  const s = obj as Partial<Scope>;
  return Object.getPrototypeOf(obj) === Object.prototype && s.vars instanceof Map && s.parent === null && s.module === undefined;
}

/** The mutable objects reachable from `roots` with their contents; undefined when there are too many. */
function walkState(fileScope: Scope, roots: readonly object[]): Entry[] | undefined {
  const seen = new Set<object>();
  const out: Entry[] = [];
  let size = 0;
  const stack: { obj: object; role: Role; owner: object | undefined }[] = roots.map((obj) => ({ obj, role: 'internal', owner: undefined }));
  const visit = (v: unknown, role: Role, owner: object | undefined): void => {
    if (typeof v === 'object' && v !== null && !seen.has(v)) stack.push({ obj: v, role, owner });
  };
  while (stack.length > 0) {
    const { obj, role, owner } = stack.pop() as { obj: object; role: Role; owner: object | undefined };
    if (seen.has(obj)) continue;
    seen.add(obj);
    // Tensors and their graph never change once made; syntax is shared.
    if (obj instanceof Tensor || obj instanceof TensorNode || obj instanceof SyntaxNode) continue;
    // The analysed file's global scope is the run's own (Interpreter.lookup): one a function of a checkpoint's state closes over is not used.
    if (isFileScope(obj) && obj !== fileScope) continue;
    const kind = kindOf(obj);
    let shared: ReadonlySet<string> | undefined;
    if (kind === 'fields') {
      const rule = walkRule(obj);
      if (rule.kind === 'share') continue;
      if (rule.kind === 'opaque') {
        // A set's method keeps the set it changes.
        if (obj instanceof Builtin) visit(obj.changes, 'internal', undefined);
        continue;
      }
      shared = rule.shared;
    }
    const before = contentsOf(obj, kind);
    out.push({ obj, kind, role, owner, before });
    size += before.length;
    if (kind === 'fields') {
      for (let i = 0; i < before.length; i += 2) {
        const key = before[i] as string;
        const v = before[i + 1];
        if (shared?.has(key) || (obj instanceof LayerObj && !LAYER_WALKED.has(key))) continue;
        if (typeof v === 'object' && v !== null) visit(v, roleOf(obj, key, v), obj);
      }
    } else for (const v of before) visit(v, 'internal', obj);
    if (out.length > MAX_STATE_OBJECTS || size > MAX_STATE_ITEMS) return undefined;
  }
  return out;
}

function sameContents(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Keys and values of a map's contents. */
function pairs(contents: readonly unknown[]): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  for (let i = 0; i < contents.length; i += 2) m.set(contents[i], contents[i + 1]);
  return m;
}

function isUnknownTensor(v: Value): boolean {
  return v instanceof Tensor && v.shape === null && v.probes === undefined;
}

function sameShape(a: Tensor, b: Tensor): boolean {
  return a.shape !== null && b.shape !== null && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape?.[i]);
}

/**
 * One value for what two branches left in one place: the value when both
 * agree (the same object, the same Python value, tensors of the same shape and
 * dtype), else unknown because of `why`.
 */
export function joinValues(a: Value | undefined, b: Value | undefined, why: string): Value {
  if (a === b && a !== undefined) return a;
  if (a === undefined || b === undefined) return unknownBecause(why);
  if (a instanceof PyFloat && b instanceof PyFloat && Object.is(a.v, b.v)) return a;
  if (a instanceof Unknown && b instanceof Unknown) {
    if (a.why === b.why && a.isInt === b.isInt) return a;
    // Unknown either way: each side's own reason is a cause, the condition is not.
    const own = a.why || b.why || why;
    return a.isInt && b.isInt ? unknownInt(own) : unknownBecause(own);
  }
  // Unknown either way (a value, a tensor of unknown shape): one side's reason.
  if ((a instanceof Unknown && isUnknownTensor(b)) || (b instanceof Unknown && isUnknownTensor(a))) return unknownBecause(whyOf(a) || whyOf(b) || why);
  if (a instanceof Tensor && b instanceof Tensor && a.shape === null && b.shape === null && a.probes === undefined && b.probes === undefined && a.symbolic === b.symbolic) {
    const t = new Tensor(null, a.symbolic ? new TensorNode(null, [a, b], true) : null, a.symbolic);
    const own = a.why || b.why;
    if (own) t.why = own;
    if (own && own === a.why && a.errorLine !== undefined) t.errorLine = a.errorLine;
    else if (own && own === b.why && b.errorLine !== undefined) t.errorLine = b.errorLine;
    return t;
  }
  if (a instanceof PyTuple && b instanceof PyTuple && a.items.length === b.items.length) {
    const items = a.items.map((x, i) => joinValues(x, b.items[i], why));
    return items.every((x, i) => x === a.items[i]) ? a : new PyTuple(items);
  }
  if (a instanceof Tensor && b instanceof Tensor && sameShape(a, b) && a.dtype === b.dtype && a.symbolic === b.symbolic && a.traced === b.traced && a.variable === undefined && b.variable === undefined) {
    // Either branch's tensor: the same shape, made by different calls (a model built on it has a graph the analysis cannot tell).
    const t = new Tensor(a.shape, a.symbolic ? new TensorNode(null, [a, b], true) : null, a.symbolic);
    if (a.dtype !== undefined) t.dtype = a.dtype;
    if (a.traced) t.traced = true;
    if (a.values !== undefined && b.values !== undefined && sameContents(a.values, b.values)) t.values = a.values;
    return t;
  }
  return unknownBecause(why);
}

function holdsLayer(v: unknown): boolean {
  if (v instanceof LayerObj) return true;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.some(holdsLayer);
  if (v instanceof PyDict) return [...v.map.values()].some(([, x]) => holdsLayer(x));
  return false;
}

/** A layer whose own build state (weights, built flag) two branches left different: plain layers and subclass instances (`ownWeights`). */
function poisonable(layer: LayerObj): boolean {
  return layer.constructor === LayerObj || 'ownWeights' in layer;
}

/**
 * Writes into the live state (which is `live`'s contents) the join with
 * `other`'s. false when it cannot be expressed. `keep`: a container whose
 * live contents stay (the locals of the path that goes on).
 */
function join(entries: readonly Entry[], live: readonly unknown[][], other: readonly unknown[][], why: string, keep: object | undefined): boolean {
  const poisoned = new Map<LayerObj, [unknown[], unknown[]]>();
  const writes: (() => void)[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const a = other[i];
    const b = live[i];
    if (e.obj === keep || sameContents(a, b)) continue;
    const layer = e.obj instanceof LayerObj ? e.obj : e.owner instanceof LayerObj ? e.owner : undefined;
    switch (e.role) {
      case 'slots': {
        const pa = pairs(a);
        const pb = pairs(b);
        const m = e.obj as Map<unknown, Value>;
        for (const k of new Set([...pa.keys(), ...pb.keys()])) {
          const va = pa.get(k) as Value | undefined;
          const vb = pb.get(k) as Value | undefined;
          if (va === vb) continue;
          if (layer !== undefined && (holdsLayer(va) || holdsLayer(vb))) {
            if (!poisonable(layer)) return false;
            poisoned.set(layer, [[], []]);
          }
          writes.push(() => m.set(k, joinValues(va, vb, why)));
        }
        break;
      }
      case 'items': {
        if (a.length !== b.length) return false;
        const items = e.obj as Value[];
        for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) writes.push(() => (items[j] = joinValues(a[j] as Value, b[j] as Value, why)));
        break;
      }
      case 'dict': {
        const pa = pairs(a);
        const pb = pairs(b);
        if (pa.size !== pb.size || [...pa.keys()].some((k) => !pb.has(k))) return false;
        const m = e.obj as Map<string, [Value, Value]>;
        for (const [k, entry] of pa) {
          const x = entry as [Value, Value];
          const y = pb.get(k) as [Value, Value];
          if (x !== y && x[1] !== y[1]) writes.push(() => m.set(k as string, [y[0], joinValues(x[1], y[1], why)]));
        }
        break;
      }
      case 'internal':
        if (layer === undefined || !poisonable(layer)) return false;
        if (!poisoned.has(layer) || e.obj === layer) poisoned.set(layer, e.obj === layer ? [a, b] : poisoned.get(layer) ?? [[], []]);
        break;
    }
  }
  for (const w of writes) w();
  for (const [layer, [a, b]] of poisoned) {
    if (layer.constructor === LayerObj) {
      const wa = pairs(a).get('weights');
      const wb = pairs(b).get('weights');
      // Built in one branch only, with no weights: none either way.
      const empty = (w: unknown): boolean => Array.isArray(w) && w.length === 0;
      if ((wa === null && empty(wb)) || (wb === null && empty(wa))) {
        layer.weights = [];
        continue;
      }
      // Built by one branch, or differently: its weights are the next call's, or not known.
      layer.weights = null;
      layer.probeWeights = null;
    } else if ((pairs(a).get('built') ?? false) === true) (layer as LayerObj & { built: boolean }).built = true;
    layer.weightsUnknown = true;
  }
  return true;
}

/** Whether a `break` or `continue` of an enclosing loop appears inside `node` (the join cannot express leaving a loop on one path). */
function leavesLoop(node: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [...node.namedChildren];
  while (stack.length > 0) {
    const n = stack.pop() as SyntaxNode;
    if (n.type === 'break_statement' || n.type === 'continue_statement') return true;
    if (n.type === 'for_statement' || n.type === 'while_statement' || n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
    for (const c of n.namedChildren) stack.push(c);
  }
  return false;
}

/**
 * Runs both branches of an undecided `if` and joins them (see the top of this
 * file). undefined when they cannot be followed that way: the state is back
 * as it was before, their records dropped, for the caller to forget what the
 * `if` may bind as before.
 */
export function followBoth(ev: Evaluator, node: SyntaxNode, scope: Scope, why: string, first: () => Flow, second: () => Flow): Flow | undefined {
  const st = stateOf(ev);
  if (leavesLoop(node)) return undefined;
  const snap = snapshot(ev, scope);
  if (snap === undefined) return undefined;
  const { entries, names, frame } = snap;
  const capture = (): unknown[][] => entries.map((e) => contentsOf(e.obj, e.kind));
  const restore = (contents: readonly unknown[][]): void => entries.forEach((e, i) => writeContents(e.obj, e.kind, contents[i]));
  // Back to `contents` from the state captured as `now`: only the containers whose contents differ are written.
  const restoreFrom = (now: readonly unknown[][], contents: readonly unknown[][]): void => {
    for (let i = 0; i < entries.length; i++) if (!sameContents(now[i], contents[i])) writeContents(entries[i].obj, entries[i].kind, contents[i]);
  };
  const before = entries.map((e) => e.before);
  const giveUp = (): undefined => {
    undo(ev, snap);
    return undefined;
  };
  st.depth++;
  try {
    const fa = first();
    const afterFirst = capture();
    const namesFirst = ev.keras.namesState();
    restoreFrom(afterFirst, before);
    ev.keras.setNamesState(names);
    const fb = second();
    ev.tick(entries.length * 2);
    // Layers named by one branch only would give the later ones names that depend on the branch.
    if (!sameNames(ev.keras.namesState(), namesFirst)) return giveUp();
    if (fa.kind === 'break' || fa.kind === 'continue' || fb.kind === 'break' || fb.kind === 'continue') return giveUp();
    if (fa === RAISE && fb === RAISE) return RAISE;
    // A branch that raises does not go on: the state after the `if` is the other's.
    if (fa === RAISE) return fb;
    if (fb === RAISE) {
      restore(afterFirst);
      return fa;
    }
    const afterSecond = capture();
    if (fa.kind === 'return' && fb.kind === 'return') {
      if (!join(entries, afterSecond, afterFirst, why, undefined)) return giveUp();
      return { kind: 'return', value: joinValues(fa.value, fb.value, why) };
    }
    if (fa.kind === 'return' || fb.kind === 'return') {
      // One branch returns: the function goes on in the other's state, its locals as that branch left them, and
      // its result is joined with the returned value.
      if (frame === undefined) return giveUp();
      const firstReturns = fa.kind === 'return';
      if (!firstReturns) restore(afterFirst);
      if (!join(entries, firstReturns ? afterSecond : afterFirst, firstReturns ? afterFirst : afterSecond, why, scope.vars)) return giveUp();
      frame.push({ value: fa.kind === 'return' ? fa.value : fb.kind === 'return' ? fb.value : null, why });
      return NORMAL;
    }
    if (!join(entries, afterSecond, afterFirst, why, undefined)) return giveUp();
    return NORMAL;
  } finally {
    st.depth--;
  }
}

/**
 * Runs `run` once on the state as it is and puts everything back: the state's
 * containers, the records, models, diagnostics and layer names made meanwhile.
 * `look` reads what it needs before the state goes back. Undefined when the
 * state is too large to keep, or `run` gives up.
 */
export function runAndUndo<T>(ev: Evaluator, scope: Scope, run: () => void, look: () => T): T | undefined {
  const st = stateOf(ev);
  const snap = snapshot(ev, scope);
  if (snap === undefined) return undefined;
  st.depth++;
  try {
    run();
    return look();
  } finally {
    st.depth--;
    undo(ev, snap);
  }
}

/** What a run followed and then undone changes: the state's containers as they were, and the marks of what it records. */
interface Snapshot {
  readonly entries: readonly Entry[];
  readonly mark: ReturnType<Evaluator['keras']['activity']>;
  readonly diagnostics: number;
  readonly names: ReturnType<Evaluator['keras']['namesState']>;
  readonly frame: PendingReturn[] | undefined;
  readonly pendingBefore: number;
}

/** The state before a run the analysis may undo; undefined when too deep or too large to keep. */
function snapshot(ev: Evaluator, scope: Scope): Snapshot | undefined {
  const st = stateOf(ev);
  if (st.depth >= MAX_JOIN_DEPTH) return undefined;
  const roots: object[] = [ev.globals];
  for (let s: Scope | null = scope; s; s = s.parent) roots.push(s);
  const entries = walkState(ev.globals, roots);
  if (entries === undefined) return undefined;
  ev.tick(entries.length);
  const frame = st.frames.length > 0 ? st.frames[st.frames.length - 1] : undefined;
  return { entries, mark: ev.keras.activity(), diagnostics: ev.diagnostics.length, names: ev.keras.namesState(), frame, pendingBefore: frame?.length ?? 0 };
}

/** Everything back as it was at `snap`: the containers, records, models, diagnostics and layer names. */
function undo(ev: Evaluator, snap: Snapshot): void {
  snap.entries.forEach((e) => writeContents(e.obj, e.kind, e.before));
  ev.keras.dropSince(snap.mark);
  ev.diagnostics.length = snap.diagnostics;
  ev.keras.setNamesState(snap.names);
  if (snap.frame) snap.frame.length = snap.pendingBefore;
}
