// Reading a Python file for analysis (rejecting binary and non-UTF-8 files
// with a reason) and analysing it without ever letting an exception escape.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisResult, type ModuleContext } from '../analysis';
import { chooseKerasVersion, nodeManifestReader, type KerasVersionChoice } from '../analysis/kerasVersion';
import { parseKerasVersion, type KerasVersion } from '../engine';
import { UsageError } from './args';

export type SourceFile =
  | { readonly kind: 'text'; readonly text: string }
  /** Readable, but not something to analyse (binary, not UTF-8): warn and skip. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** Could not be read at all. */
  | { readonly kind: 'unreadable'; readonly reason: string };

export function readSourceFile(filePath: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (e) {
    return { kind: 'unreadable', reason: errorText(e) };
  }
  if (bytes.includes(0)) return { kind: 'skipped', reason: 'binary file (contains NUL bytes)' };
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const line = bytes.subarray(0, bad).filter((b) => b === 10).length + 1;
    const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    return { kind: 'skipped', reason: `not UTF-8 text (byte 0x${hex} on line ${line})` };
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { kind: 'text', text };
}

/** Byte offset of the first byte that breaks UTF-8, or -1 when the buffer is valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated sequence at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export type AnalysisOutcome =
  | { readonly ok: true; readonly result: AnalysisResult }
  | { readonly ok: false; readonly reason: string };

/** Parses and analyses `text` (its imports of workspace modules read through `modules`). The analysis promises not to throw; this guards anyway. */
export function analyzeSource(parser: Parser, text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG, modules?: ModuleContext): AnalysisOutcome {
  try {
    return { ok: true, result: analyzeText(parser, text, config, undefined, modules) };
  } catch (e) {
    return { ok: false, reason: `internal error in the analysis: ${errorText(e)}` };
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'is a directory';
    return e.message;
  }
  return String(e);
}

/** The version a `--keras-version` option gives (undefined when absent); a bad value is a usage error. */
export function kerasVersionOption(value: string | true | undefined): KerasVersion | undefined {
  if (value === undefined) return undefined;
  return configForKerasVersion(value).kerasVersion;
}

/**
 * The version for a file: the option's, else the one the nearest manifest
 * pins, from the file's directory up to the repository (the nearest
 * directory with `.git`) or the file system's root; else Keras 3.
 */
export function kerasVersionChoice(option: KerasVersion | undefined, file: string): KerasVersionChoice {
  if (option !== undefined) return { version: option, source: 'given' };
  return chooseKerasVersion(undefined, file, projectRootOf(file), nodeManifestReader);
}

function projectRootOf(file: string): string {
  let dir = path.dirname(file);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return dir;
    dir = parent;
  }
}

/** The analysis configuration of a version choice. */
export function configForChoice(choice: KerasVersionChoice): AnalysisConfig {
  return { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion: choice.version };
}

/** A version choice as JSON output records it. */
export function choiceJson(choice: KerasVersionChoice, shownFile: (file: string) => string): object {
  const base = { version: choice.version, source: choice.source === 'given' ? 'option' : choice.source };
  return choice.source === 'manifest' ? { ...base, manifest: shownFile(choice.file), line: choice.line, text: choice.text } : base;
}

/** The analysis configuration of a `--keras-version` option (`3` when not given). */
export function configForKerasVersion(value: string | true | undefined): AnalysisConfig {
  if (value === undefined) return DEFAULT_ANALYSIS_CONFIG;
  const version = value === true ? undefined : parseKerasVersion(value);
  if (version === undefined) throw new UsageError(`option '--keras-version' must be one of 3, 2, 1, tf.keras2 (got '${String(value)}')`);
  return { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion: version };
}
