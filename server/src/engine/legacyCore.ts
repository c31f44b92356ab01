// The data model of old-spelling translation: Keras versions, notes with
// their quick-fix edits, and the recorder that applies each translation to
// the call the analysis evaluates (per the version policy) and to the full
// Keras 3 spelling. Rules live in `legacyRules.ts`; the entry point in `legacy.ts`.
import { BASE_KEYWORDS } from './args';
import { findSpec } from './evaluate';
import { pyRepr } from './format';
import type { Dim, PyValue } from './types';

/**
 * Which Keras the analysed code was written for. '3' (the default) reports
 * what Keras 3 does with an old spelling and offers the translation; '1', '2'
 * and 'tf.keras2' read the spellings that version accepted as it did.
 */
export type KerasVersion = '1' | '2' | 'tf.keras2' | '3';
export const KERAS_VERSIONS: readonly KerasVersion[] = ['1', '2', 'tf.keras2', '3'];
export const DEFAULT_KERAS_VERSION: KerasVersion = '3';

/** An argument value as the analysis passes it to the engine. */
export type LegacyArg = PyValue;

/** Codes of the notes; the analysis shows them as info (or warning) diagnostics. */
export type LegacyCode = 'legacy-argument' | 'legacy-layer' | 'legacy-function';

/**
 * Where a note or an edit applies, in the call as written:
 * - `positional`/`keyword`: that argument (a keyword means the whole `name=value`);
 * - `callee`: the last name of the called expression (`Deconvolution2D` in `layers.Deconvolution2D`);
 * - `call`: the whole call expression.
 */
export type ArgRef =
  | { readonly kind: 'positional'; readonly index: number }
  | { readonly kind: 'keyword'; readonly name: string }
  | { readonly kind: 'callee' }
  | { readonly kind: 'call' };

/** Text of a fix: literal text, or the source text of an argument's value (without `name=`). */
export type FixPiece = string | { readonly sourceOf: ArgRef };

/**
 * One edit of a quick fix. Edits of a note never overlap one another, nor
 * the edits of other notes of the same call.
 * - `replace`: the target (through `through`, inclusive, when given) becomes `text`;
 * - `remove`: delete the argument and its separating comma;
 * - `append`: add `text` as a new last argument (with a separating comma when needed);
 * - `after`: insert `text` right after the call's closing parenthesis.
 */
export type LegacyEdit =
  | { readonly kind: 'replace'; readonly target: ArgRef; readonly through?: ArgRef; readonly text: readonly FixPiece[] }
  | { readonly kind: 'remove'; readonly target: ArgRef }
  | { readonly kind: 'append'; readonly text: readonly FixPiece[] }
  | { readonly kind: 'after'; readonly text: readonly FixPiece[] };

/** What Keras 3 does with the old spelling. */
export type Keras3Behaviour =
  /** Raises; `error` is `Type: message` as Python prints it. */
  | { readonly kind: 'raises'; readonly error: string }
  /** Runs, but means something else (`Conv2D(32, 3, 3)`: strides 3). */
  | { readonly kind: 'misreads'; readonly text: string };

export interface LegacyNote {
  readonly code: LegacyCode;
  /** The argument (or callee) the diagnostic should underline. */
  readonly at: ArgRef;
  /** The old spelling, as code (`border_mode='same'`). */
  readonly old: string;
  /** Its Keras 3 spelling, as code (`padding='same'`); empty when the argument is simply removed; null when Keras 3 has no equivalent. */
  readonly keras3: string | null;
  /** The Keras versions that accepted the old spelling with this meaning. */
  readonly validIn: readonly KerasVersion[];
  readonly behaviour: Keras3Behaviour;
  /** Whether the call returned for evaluation reads the spelling the old way. */
  readonly applied: boolean;
  /** 'warning' when Keras 3 silently means something else and the old meaning was not applied; 'info' otherwise. */
  readonly severity: 'info' | 'warning';
  /** The diagnostic text. */
  readonly message: string;
  /** Title of the quick fix (`Write padding='same'`); absent with `fix`. */
  readonly fixTitle?: string;
  /** The quick fix's edits; empty when there is no mechanical fix. */
  readonly fix: readonly LegacyEdit[];
}

/** A layer (or Model / Input / merge) call: class name and arguments. */
export interface LegacyCall {
  readonly className: string;
  readonly positional: readonly PyValue[];
  readonly keywords: Readonly<Record<string, PyValue>>;
  /**
   * Set when the old call both built a layer and applied it (`merge([a, b],
   * mode='sum')`): the value the Keras 3 layer is to be called on.
   */
  readonly applyTo?: PyValue;
  /** The batch size fixed by `batch_input_shape` / `batch_size` on a first layer (`None` → null). */
  readonly batchSize?: Dim;
}

export interface LegacyTranslation extends LegacyCall {
  /** The notes, in argument order as far as the rules go (class first). */
  readonly notes: readonly LegacyNote[];
  /** True when the returned call differs from the one passed in. */
  readonly changed: boolean;
  /** The complete Keras 3 spelling (every translation applied), whatever the version. */
  readonly keras3Call: LegacyCall;
}

export const VERSION_LABEL: Readonly<Record<KerasVersion, string>> = {
  '1': 'Keras 1',
  '2': 'Keras 2',
  'tf.keras2': 'tf.keras 2',
  '3': 'Keras 3',
};

export const KERAS12: readonly KerasVersion[] = ['1', '2'];
export const KERAS1: readonly KerasVersion[] = ['1'];
export const ALL_OLD: readonly KerasVersion[] = ['1', '2', 'tf.keras2'];
export const TF_KERAS2: readonly KerasVersion[] = ['tf.keras2'];

/** A value as code in a message; `…` for a value the analysis does not know. */
export function show(v: PyValue | undefined): string {
  if (v === undefined) return '…';
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as { kind: string };
    if (o.kind === 'unknown') return '…';
    if (o.kind === 'layer') return `${(v as { className: string }).className}(…)`;
  }
  if (Array.isArray(v) && (v as readonly PyValue[]).some((x) => isUnknownValue(x))) {
    const items = (v as readonly PyValue[]).map(show);
    return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  return pyRepr(v);
}

export function isUnknownValue(v: PyValue | undefined): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'unknown';
}
export function isTuple(v: PyValue | undefined): v is readonly PyValue[] {
  return Array.isArray(v);
}
export function isInt(v: PyValue | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** The mutable working copy of a call. */
export interface Work {
  className: string;
  positional: PyValue[];
  keywords: Map<string, PyValue>;
  applyTo?: PyValue;
  batchSize?: Dim;
}

function workOf(c: LegacyCall): Work {
  const w: Work = { className: c.className, positional: [...c.positional], keywords: new Map(Object.entries(c.keywords)) };
  if (c.applyTo !== undefined) w.applyTo = c.applyTo;
  if (c.batchSize !== undefined) w.batchSize = c.batchSize;
  return w;
}

export function callOf(w: Work): LegacyCall {
  const keywords: Record<string, PyValue> = {};
  for (const [k, v] of w.keywords) keywords[k] = v;
  const c: { -readonly [K in keyof LegacyCall]: LegacyCall[K] } = { className: w.className, positional: w.positional, keywords };
  if (w.applyTo !== undefined) c.applyTo = w.applyTo;
  if (w.batchSize !== undefined) c.batchSize = w.batchSize;
  return c;
}

/** Renames a keyword in place (keeping the argument order), converting its value; drops it when `to` is already passed. */
export function renameKeyword(w: Work, from: string, to: string, value: PyValue): void {
  if (!w.keywords.has(from)) return;
  if (w.keywords.has(to)) {
    w.keywords.delete(from);
    return;
  }
  const entries = [...w.keywords];
  w.keywords.clear();
  for (const [k, v] of entries) {
    if (k === from) w.keywords.set(to, value);
    else w.keywords.set(k, v);
  }
}

/** Whether Keras 3's class of that name accepts the keyword (false for classes the engine does not know). */
export function keras3Accepts(className: string, keyword: string): boolean {
  const spec = findSpec(className);
  if (spec === undefined) return false;
  if (spec.anyKeywords === true) return true;
  return spec.params.some((p) => p.name === keyword) || BASE_KEYWORDS.includes(keyword) || (spec.extraKeywords ?? []).includes(keyword);
}

/** The keyword arguments Keras 3's class of that name accepts; undefined for a class the engine does not know or one taking any keyword. */
export function keras3Keywords(className: string): readonly string[] | undefined {
  const spec = findSpec(className);
  if (spec === undefined || spec.anyKeywords === true) return undefined;
  return [...spec.params.map((p) => p.name), ...BASE_KEYWORDS, ...(spec.extraKeywords ?? [])];
}

/** Keras 3's own name of a class (`Convolution2D` → `Conv2D`), as its messages print it. */
export function keras3ClassName(className: string): string {
  return findSpec(className)?.className ?? className;
}

/** What a rule records: the note's content; the recorder adds the policy and the message's ending. */
export interface NoteInput {
  readonly code: LegacyCode;
  readonly at: ArgRef;
  readonly old: string;
  readonly keras3: string | null;
  readonly validIn: readonly KerasVersion[];
  readonly behaviour: Keras3Behaviour;
  /** First part of the message: what the old spelling meant (`` `border_mode='same'` is Keras 1's spelling of `padding='same'` ``). */
  readonly meaning: string;
  /** A further sentence (a caveat about the translation). */
  readonly detail?: string;
  readonly fix?: readonly LegacyEdit[];
  /** Title of the fix when `keras3` does not say it well (`Remove dropout=0.2`). */
  readonly fixTitle?: string;
}

/**
 * Records translations of one call. Each change is applied to the full Keras 3
 * spelling, and to the call to evaluate when the version policy says so.
 */
export class Recorder {
  readonly notes: LegacyNote[] = [];
  readonly full: Work;
  readonly used: Work;
  changed = false;

  constructor(
    readonly original: LegacyCall,
    readonly version: KerasVersion,
  ) {
    this.full = workOf(original);
    this.used = workOf(original);
  }

  /** An original keyword argument's value (undefined: not passed). */
  kw(name: string): PyValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.original.keywords, name) ? this.original.keywords[name] : undefined;
  }
  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.original.keywords, name);
  }

  /** Records a note; `mutate` (when given) translates a working call. */
  add(n: NoteInput, mutate?: (w: Work) => void): void {
    const applied = mutate !== undefined && n.validIn.includes(this.version);
    if (mutate !== undefined) {
      mutate(this.full);
      if (applied) {
        mutate(this.used);
        this.changed = true;
      }
    }
    this.notes.push(finishNote(n, applied, this.version));
  }
}

function finishNote(n: NoteInput, applied: boolean, version: KerasVersion): LegacyNote {
  const b = n.behaviour;
  const keras3Part = b.kind === 'raises' ? `Keras 3 raises \`${b.error}\`` : `Keras 3 ${b.text}`;
  let action: string;
  if (n.keras3 === null) action = '';
  else if (n.keras3 === '') action = ' — remove it';
  else action = ` — write \`${n.keras3}\``;
  const readAs = applied ? ` (read the old way: kerasVersion is '${version}')` : '';
  let message = `${n.meaning}${readAs}; ${keras3Part}${action}.`;
  if (n.detail !== undefined) message += ` ${n.detail}`;
  const severity: 'info' | 'warning' = !applied && b.kind === 'misreads' ? 'warning' : 'info';
  const fix = n.fix ?? [];
  const note: { -readonly [K in keyof LegacyNote]: LegacyNote[K] } = {
    code: n.code,
    at: n.at,
    old: n.old,
    keras3: n.keras3,
    validIn: n.validIn,
    behaviour: b,
    applied,
    severity,
    message,
    fix,
  };
  if (fix.length > 0) note.fixTitle = n.fixTitle ?? (n.keras3 === '' ? `Remove \`${n.old}\`` : `Write \`${n.keras3}\``);
  return note;
}

export function keywordRef(name: string): ArgRef {
  return { kind: 'keyword', name };
}
export function positionalRef(index: number): ArgRef {
  return { kind: 'positional', index };
}
export const CALLEE: ArgRef = { kind: 'callee' };
export const CALL: ArgRef = { kind: 'call' };

/** `ValueError: Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same'}` */
export function unrecognized(className: string, entries: readonly (readonly [string, PyValue | undefined])[]): Keras3Behaviour {
  const name = keras3ClassName(className);
  // SpatialDropout's constructor has no **kwargs: Python itself rejects the first unknown keyword.
  if (/^SpatialDropout[123]D$/.test(name) && entries.length > 0) {
    return { kind: 'raises', error: `TypeError: ${name}.__init__() got an unexpected keyword argument '${entries[0][0]}'` };
  }
  const dict = entries.map(([k, v]) => `'${k}': ${show(v)}`).join(', ');
  return { kind: 'raises', error: `ValueError: Unrecognized keyword arguments passed to ${name}: {${dict}}` };
}

/** `AttributeError: module 'keras.layers' has no attribute 'Merge'` */
export function noAttribute(name: string, module = 'keras.layers'): Keras3Behaviour {
  return { kind: 'raises', error: `AttributeError: module '${module}' has no attribute '${name}'` };
}
