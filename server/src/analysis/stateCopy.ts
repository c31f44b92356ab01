// Deep copies of an analysis state (the interpreter's values, layers,
// tensors, models) that keep identity: each object is copied once, and every
// reference to it in the copy points to that one copy (two names for one list
// stay one list). Each value class declares how it is copied (declareCopy,
// next to the class): shared when it never changes, made by its constructor
// and filled field by field (the common classes, so copies keep the
// originals' hidden classes), or field by field with some fields shared
// (engine results, shapes, ranges). A class not declared is refused rather
// than copied wrongly.
//
//   const copy = new StateCopier([[oldGlobals, newGlobals]]).copy(value);

/** The state holds a value the copier cannot copy. */
export class Uncopyable extends Error {}

/** How the objects of one class are copied. */
export type CopyRule =
  /** Never changes: the copy shares it. */
  | { readonly kind: 'share' }
  /** Made by the class's constructor (`shell`) and filled by `fill`, which must write every field in `fields` (a test checks them against real objects). */
  | {
      readonly kind: 'fast';
      readonly fields: readonly string[];
      shell(from: object): object;
      fill(from: object, to: object, copier: StateCopier): void;
    }
  /**
   * Object.create of the prototype, own fields copied, those in `shared`
   * (immutable data) shared; the whole object shared when `shareWhen` says
   * nothing in it can change.
   */
  | { readonly kind: 'fields'; readonly shared?: readonly string[]; shareWhen?(obj: object): boolean };

const enum How {
  Share,
  Fast,
  Fields,
  Plain,
  Array,
  Map,
  Set,
}

interface Handler {
  readonly how: How;
  readonly fast?: Extract<CopyRule, { kind: 'fast' }>;
  readonly shared?: ReadonlySet<string>;
  readonly shareWhen?: (obj: object) => boolean;
}

const handlers = new Map<object, Handler>([
  [Array.prototype, { how: How.Array }],
  [Map.prototype, { how: How.Map }],
  [Set.prototype, { how: How.Set }],
  [Object.prototype, { how: How.Plain }],
]);

/** The names of the classes with a fast copy, and the fields each one's `fill` and `shell` write. */
const fastFields: Record<string, readonly string[]> = {};

/** Declares how objects of exactly this class (not its subclasses) are copied. */
export function declareCopy(cls: abstract new (...args: never[]) => object, rule: CopyRule): void {
  const proto = cls.prototype as object;
  switch (rule.kind) {
    case 'share':
      handlers.set(proto, { how: How.Share });
      return;
    case 'fast':
      handlers.set(proto, { how: How.Fast, fast: rule });
      fastFields[cls.name] = rule.fields;
      return;
    case 'fields':
      handlers.set(proto, { how: How.Fields, shared: rule.shared ? new Set(rule.shared) : undefined, shareWhen: rule.shareWhen });
      return;
  }
}

/**
 * How a state walk (interpreter/branches.ts) sees an object: `share` when it
 * never changes, `opaque` when its class is not declared, else the fields
 * holding immutable data (looked at, not walked into).
 */
export function walkRule(obj: object): { readonly kind: 'share' } | { readonly kind: 'opaque' } | { readonly kind: 'walk'; readonly shared: ReadonlySet<string> | undefined } {
  const proto = Object.getPrototypeOf(obj) as object | null;
  const h = proto === null ? undefined : handlers.get(proto);
  if (h === undefined) return { kind: 'opaque' };
  if (h.how === How.Share || (h.shareWhen !== undefined && h.shareWhen(obj))) return { kind: 'share' };
  return { kind: 'walk', shared: h.shared };
}

/** The classes with a fast copy and the fields it writes, by class name. */
export function fastCopyFields(): Readonly<Record<string, readonly string[]>> {
  return fastFields;
}

/**
 * Deep copies of interpreter values (see the top of this file). `seed` maps
 * objects to their counterparts given in advance (the global scope,
 * builtins). Throws Uncopyable on functions and classes not declared (a
 * builtin method bound to an object).
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
    const h = proto === null ? undefined : handlers.get(proto);
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
        out = (h.fast as Extract<CopyRule, { kind: 'fast' }>).shell(v);
        break;
      case How.Fields:
        if (h.shareWhen !== undefined && h.shareWhen(v as object)) {
          this.copies.set(v, v);
          return v;
        }
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
        (h.fast as Extract<CopyRule, { kind: 'fast' }>).fill(from, to as object, this);
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
