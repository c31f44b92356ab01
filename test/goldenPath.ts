// Where the test data lives: the golden data recorded from real Keras (the
// shared folder beside the checkout when present, else the copy kept under
// test/golden) and the folders of Python sources under test/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function goldenDir(): string {
  const env = process.env.KERAS_SHAPES_GOLDEN;
  if (env) return env;
  const shared = path.resolve(repoRoot, '..', 'shared', 'golden');
  if (fs.existsSync(path.join(shared, 'layers.jsonl'))) return shared;
  return path.join(repoRoot, 'test', 'golden');
}

/** A folder under test/ (compiled tests run from out/test; the data stays in the source tree). */
export function sourceDir(...parts: string[]): string {
  for (const dir of [path.join(__dirname, ...parts), path.join(repoRoot, 'test', ...parts)]) if (fs.existsSync(dir)) return dir;
  throw new Error(`test/${parts.join('/')} not found`);
}

/** The `.py` files of a folder, sorted by name, as [name, text]. */
export function pythonFiles(dir: string): [string, string][] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f): [string, string] => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
}

/**
 * The non-empty lines of a golden `.jsonl` file; the copy under test/golden
 * keeps the largest ones gzipped (`applications.jsonl.gz`).
 */
export function goldenLines(name: string): string[] {
  const file = path.join(goldenDir(), name);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : gunzipSync(fs.readFileSync(`${file}.gz`)).toString('utf8');
  return text.split('\n').filter((l) => l.trim() !== '');
}
