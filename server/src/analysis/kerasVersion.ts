// The Keras a project is written for, read from its dependency manifests
// (requirements*.txt, pyproject.toml, setup.py / setup.cfg, environment.yml,
// Pipfile): the pins of keras, tf-keras and tensorflow decide, the highest
// version a pin allows being the one an install gets.
//   keras==2.2.4 / keras<2.4 → '2' (the multi-backend Keras 2, up to 2.3.1)
//   keras==2.4.3 / keras<3 → 'tf.keras2' (from 2.4 on the keras package is tf.keras)
//   keras==1.2.2 → '1'   keras>=3 → '3'   tf-keras (any pin) → 'tf.keras2'
//   tensorflow==2.12 / tensorflow<2.16 (no keras pin) → 'tf.keras2'   tensorflow>=2.16 → '3'
// A name without a version (`keras`, `tensorflow = "*"`) decides nothing.
import * as fs from 'node:fs';
import { DEFAULT_KERAS_VERSION, type KerasVersion } from '../engine';

/** A version read from a manifest, with the line that decided it. */
export interface ManifestVersion {
  readonly version: KerasVersion;
  /** 1-based line of the deciding requirement. */
  readonly line: number;
  /** That line, trimmed. */
  readonly text: string;
}

/** A version found for a file: the manifest it came from (a path) and the deciding line. */
export interface DetectedKerasVersion extends ManifestVersion {
  readonly file: string;
}

/** Whether a file name is one of the manifests read. */
export function isKerasManifest(name: string): boolean {
  return /^requirements[\w.-]*\.txt$/i.test(name) || /^(pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml|Pipfile)$/.test(name);
}

type Package = 'keras' | 'tf-keras' | 'tensorflow';
const NAME = /(?<![\w.-])(tensorflow(?:[-_](?:gpu|cpu|macos|intel|aarch64))?|tf[-_]keras|keras)(?![\w.-])/gi;
const SPEC = /(===|==|~=|!=|<=|>=|<|>|=|\^|~)?\s*v?(\d+(?:\.(?:\d+|\*))*)/g;

interface Bound {
  readonly parts: readonly number[];
  readonly inclusive: boolean;
}

const parse = (v: string): number[] => v.split('.').filter((p) => p !== '*').map(Number);
const bump = (parts: readonly number[], at: number): number[] => [...parts.slice(0, at), (parts[at] ?? 0) + 1];

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The upper bound of one constraint, if it has one. */
function upperOf(op: string, version: string): Bound | undefined {
  const p = parse(version);
  if (p.length === 0) return undefined;
  const wildcard = version.endsWith('*');
  switch (op) {
    case '==':
    case '===':
      return wildcard ? { parts: bump(p, p.length - 1), inclusive: false } : { parts: p, inclusive: true };
    case '=': // conda: a prefix
      return { parts: bump(p, p.length - 1), inclusive: false };
    case '<':
      return { parts: p, inclusive: false };
    case '<=':
      return { parts: p, inclusive: true };
    case '~=':
      return p.length >= 2 ? { parts: bump(p, p.length - 2), inclusive: false } : undefined;
    case '^': {
      const first = p.findIndex((x) => x !== 0);
      return { parts: bump(p, first < 0 ? p.length - 1 : first), inclusive: false };
    }
    case '~':
      return { parts: bump(p, p.length >= 2 ? 1 : 0), inclusive: false };
    default:
      return undefined;
  }
}

/** The lowest upper bound of a specifier text (`>=2.4,<3`, `^2.4`, `2.4.3`), or undefined when unbounded / no version at all. */
function upperBound(spec: string): { bound?: Bound; pinned: boolean } {
  let bound: Bound | undefined;
  let pinned = false;
  for (const m of spec.matchAll(SPEC)) {
    pinned = true;
    const b = upperOf(m[1] ?? '==', m[2]);
    if (!b) continue;
    const c = bound ? compare(b.parts, bound.parts) : -1;
    if (!bound || c < 0 || (c === 0 && !b.inclusive)) bound = b;
  }
  return { bound, pinned };
}

/** The specifier text after a package name: `==2.4.3`, or the value of `keras = "^2.4"` / `keras = {version = "^2.4"}`. */
function specAfter(rest: string): string {
  const r = rest.replace(/^\s*\[[^\]]*\]/, '');
  const quoted = /^\s*[=:]\s*(["'])([^"']*)\1/.exec(r);
  if (quoted) return quoted[2] === '*' ? '' : quoted[2];
  const table = /^\s*=\s*\{([^}]*)\}?/.exec(r);
  if (table) return /version\s*=\s*["']([^"']*)["']/.exec(table[1])?.[1] ?? '';
  // A requirement: the name is followed by an operator (`keras==2.4`, `keras >=2,<3`, conda's `keras=2.2`).
  if (!/^\s*\(?\s*(===|==|~=|!=|<=|>=|<|>|=)/.test(r)) return '';
  return /^[^"';#\]),]*(?:,[^"';#\]),]*)*/.exec(r)?.[0] ?? '';
}

/** Whether every version a bound allows is below `v`. */
function below(b: Bound, v: readonly number[]): boolean {
  const c = compare(b.parts, v);
  return c < 0 || (c === 0 && !b.inclusive);
}

/** Keras 1 below 2.0; the multi-backend Keras 2 up to 2.3.x; from 2.4 the keras package is tf.keras; 3.0 on, Keras 3. */
function kerasPackageVersion(b: Bound | undefined): KerasVersion {
  if (!b) return '3';
  if (below(b, [2])) return '1';
  if (below(b, [2, 4])) return '2';
  return below(b, [3]) ? 'tf.keras2' : '3';
}

/** TensorFlow before 2.16 ships tf.keras 2; 2.16 on, Keras 3. */
function tensorflowVersion(b: Bound | undefined): KerasVersion {
  if (!b) return '3';
  return below(b, [2, 16]) ? 'tf.keras2' : '3';
}

interface Pin {
  readonly pkg: Package;
  readonly version: KerasVersion;
  readonly line: number;
  readonly text: string;
}

/**
 * The Keras version a manifest's text pins, with the deciding line; undefined
 * when it pins none of keras, tf-keras, tensorflow. A keras pin decides over
 * tf-keras, which decides over tensorflow.
 */
export function kerasVersionFromManifest(text: string): ManifestVersion | undefined {
  const pins: Pin[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    for (const m of line.matchAll(NAME)) {
      const name = m[1].toLowerCase().replace(/_/g, '-');
      const pkg: Package = name === 'keras' ? 'keras' : name === 'tf-keras' ? 'tf-keras' : 'tensorflow';
      const { bound, pinned } = upperBound(specAfter(line.slice((m.index ?? 0) + m[0].length)));
      // tf-keras decides even unpinned (every release is tf.keras 2), when the line is that requirement alone.
      if (!pinned && (pkg !== 'tf-keras' || !/^[\s\-'",]*tf[-_]keras\s*(\[[^\]]*\])?\s*['",]*\s*$/i.test(line))) continue;
      const version = pkg === 'keras' ? kerasPackageVersion(bound) : pkg === 'tf-keras' ? 'tf.keras2' : tensorflowVersion(bound);
      pins.push({ pkg, version, line: i + 1, text: raw.trim() });
    }
  });
  const pick = pins.find((p) => p.pkg === 'keras') ?? pins.find((p) => p.pkg === 'tf-keras') ?? pins.find((p) => p.pkg === 'tensorflow');
  return pick && { version: pick.version, line: pick.line, text: pick.text };
}

/** The manifests of one directory, in the order they are consulted. */
const MANIFEST_ORDER = (names: readonly string[]): string[] =>
  names
    .filter(isKerasManifest)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

function rank(name: string): number {
  if (/^requirements\.txt$/i.test(name)) return 0;
  if (/^requirements/i.test(name)) return 1;
  return ['pyproject.toml', 'setup.py', 'setup.cfg', 'environment.yml', 'environment.yaml', 'Pipfile'].indexOf(name) + 2;
}

/** What discovery needs of a file system. */
export interface ManifestReader {
  /** The file names of a directory ([] when unreadable). */
  list(dir: string): readonly string[];
  /** A file's text (undefined when unreadable). */
  read(file: string): string | undefined;
}

/**
 * The version pinned by the nearest manifest above `file` (its directory
 * first, then each parent up to and including `root`); undefined when none
 * pins it. Paths are joined with '/' (pass normalised paths).
 */
export function findKerasVersion(file: string, root: string, fs: ManifestReader): DetectedKerasVersion | undefined {
  const trim = (p: string): string => p.replace(/[\\/]+$/, '');
  const top = trim(root);
  let dir = trim(file.replace(/[\\/][^\\/]*$/, ''));
  for (let depth = 0; depth < 64; depth++) {
    for (const name of MANIFEST_ORDER(fs.list(dir))) {
      const path = `${dir}/${name}`;
      const text = fs.read(path);
      const found = text === undefined ? undefined : kerasVersionFromManifest(text);
      if (found) return { ...found, file: path };
    }
    if (dir === top || !dir.startsWith(top)) return undefined;
    const parent = dir.replace(/[\\/][^\\/]*$/, '');
    if (parent === dir || parent.length < top.length) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Reads manifests from the disk. */
export const nodeManifestReader: ManifestReader = {
  list(dir) {
    try {
      return fs.readdirSync(dir === '' ? '/' : dir);
    } catch {
      return [];
    }
  },
  read(file) {
    try {
      const stat = fs.statSync(file);
      // A manifest is small; anything else of that name is not read.
      return stat.isFile() && stat.size <= 1_000_000 ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
};

/** The version in effect for a file, and why. */
export type KerasVersionChoice =
  /** Given by the user: the `kerasShapes.kerasVersion` setting or the `--keras-version` option. */
  | { readonly version: KerasVersion; readonly source: 'given' }
  /** Read from a manifest (`file` as passed in, its deciding line). */
  | ({ readonly source: 'manifest' } & DetectedKerasVersion)
  /** Nothing given, no manifest pins keras, tf-keras or tensorflow: Keras 3. */
  | { readonly version: KerasVersion; readonly source: 'default' };

/** The version given, else the one the nearest manifest pins (see findKerasVersion), else Keras 3. */
export function chooseKerasVersion(given: KerasVersion | undefined, file: string | undefined, root: string | undefined, reader: ManifestReader): KerasVersionChoice {
  if (given !== undefined) return { version: given, source: 'given' };
  const found = file === undefined ? undefined : findKerasVersion(file, root ?? file.replace(/[\\/][^\\/]*$/, ''), reader);
  return found ? { ...found, source: 'manifest' } : { version: DEFAULT_KERAS_VERSION, source: 'default' };
}
