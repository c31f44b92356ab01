// Where the golden data recorded from real Keras lives: the shared folder
// beside the checkout when present, else the copy kept under test/golden.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function goldenDir(): string {
  const env = process.env.KERAS_SHAPES_GOLDEN;
  if (env) return env;
  const shared = path.resolve(repoRoot, '..', 'shared', 'golden');
  if (fs.existsSync(path.join(shared, 'layers.jsonl'))) return shared;
  return path.join(repoRoot, 'test', 'golden');
}
