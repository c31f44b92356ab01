// Old code keeps working: Keras 1, Keras 2 and tf.keras 2 spellings of layer
// calls read as Keras 3 calls, with a note per old spelling. Pure: the
// analysis passes a call's class name and argument values, and gets back the
// call to evaluate plus notes (message, range hint, quick-fix edits).
//
//   translateLegacyCall('Convolution2D', [32, 3, 3], { border_mode: 'same' }, '1')
//   → { className: 'Convolution2D', positional: [32, [3, 3]], keywords: { padding: 'same' }, notes: [2 notes], ... }
import { Recorder, callOf, type ArgRef, type FixPiece, type KerasVersion, type LegacyArg, type LegacyCall, type LegacyTranslation } from './legacyCore';
import { applyRules } from './legacyRules';
import { RULE_CLASSES, RULE_KEYWORDS } from './legacyTables';
import type { PyValue } from './types';

export { KERAS_VERSIONS, DEFAULT_KERAS_VERSION, VERSION_LABEL, keras3Keywords } from './legacyCore';
export type {
  ArgRef,
  FixPiece,
  Keras3Behaviour,
  KerasVersion,
  LegacyArg,
  LegacyCall,
  LegacyCode,
  LegacyEdit,
  LegacyNote,
  LegacyTranslation,
} from './legacyCore';
export { legacyBackendCall, IMAGE_DATA_FORMAT_FUNCTIONS } from './legacyBackend';
export type { BackendCallEffect, ImageDataFormat } from './legacyBackend';

/** Reads a `kerasShapes.kerasVersion` setting / `--keras-version` option (`tf.keras`, `tf-keras`, `tf.keras2` all mean tf.keras 2). */
export function parseKerasVersion(text: string): KerasVersion | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === '1' || t === '2' || t === '3') return t;
  if (t === 'tf.keras2' || t === 'tf.keras' || t === 'tf-keras' || t === 'tf_keras' || t === 'tfkeras' || t === 'tf.keras-2') return 'tf.keras2';
  return undefined;
}

/**
 * Translates one call of a layer class (or `Model`, `Input`, `InputLayer`,
 * Keras 1's `merge`) written with old spellings.
 *
 * The returned call is the one to evaluate under `version`: with '1', '2' or
 * 'tf.keras2' the spellings that version accepted are read the old way; with
 * '3' the call comes back unchanged (Keras 3 raises, or means something else),
 * and the notes say what the old code meant and how to write it.
 * `keras3Call` is always the full translation.
 */
export function translateLegacyCall(
  className: string,
  positional: readonly LegacyArg[],
  keywords: Readonly<Record<string, LegacyArg>> | ReadonlyMap<string, LegacyArg>,
  version: KerasVersion,
): LegacyTranslation {
  let kw: Readonly<Record<string, PyValue>>;
  if (isMap(keywords)) {
    const copy: Record<string, PyValue> = {};
    for (const [k, v] of keywords) copy[k] = v;
    kw = copy;
  } else kw = keywords;
  if (!mayNeedRules(className, positional, kw)) {
    const call: LegacyCall = { className, positional, keywords: kw };
    return { ...call, notes: [], changed: false, keras3Call: call };
  }
  const r = new Recorder({ className, positional, keywords: kw }, version);
  applyRules(r);
  const used = r.changed ? callOf(r.used) : r.original;
  return { ...used, notes: r.notes, changed: r.changed, keras3Call: callOf(r.full) };
}

/**
 * Whether a call of `className` with that many positional arguments and these
 * keyword names may hold an old spelling: false means translateLegacyCall
 * would return it unchanged without notes (a cheap test before converting
 * argument values).
 */
export function mayHaveLegacySpelling(className: string, positionalCount: number, keywordNames: Iterable<string>): boolean {
  if (positionalCount > 2 || RULE_CLASSES.has(className)) return true;
  for (const k of keywordNames) if (RULE_KEYWORDS.has(k)) return true;
  return false;
}

function mayNeedRules(className: string, positional: readonly PyValue[], keywords: Readonly<Record<string, PyValue>>): boolean {
  if (positional.length > 2 || RULE_CLASSES.has(className)) return true;
  for (const k in keywords) if (RULE_KEYWORDS.has(k)) return true;
  return false;
}

function isMap(k: Readonly<Record<string, LegacyArg>> | ReadonlyMap<string, LegacyArg>): k is ReadonlyMap<string, LegacyArg> {
  return k instanceof Map;
}

/**
 * The text of a fix's pieces, given the source text of the call's arguments
 * (`sourceOf` returns the value's text as written, or undefined when the
 * argument is not there); undefined when a piece cannot be filled.
 */
export function renderFixText(pieces: readonly FixPiece[], sourceOf: (ref: ArgRef) => string | undefined): string | undefined {
  let out = '';
  for (const p of pieces) {
    if (typeof p === 'string') out += p;
    else {
      const t = sourceOf(p.sourceOf);
      if (t === undefined) return undefined;
      out += t;
    }
  }
  return out;
}
