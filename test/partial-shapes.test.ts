// Shapes with a known rank and unknown sizes, as every view shows them: the
// hint, the CLI's JSON (an unknown size is "?", Keras's None stays null) and
// the summary table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inlayHints } from '../server/src/ide/inlayHints';
import { formatSummaryShapes } from '../server/src/ide/summaryTable';
import { analyzeSource } from './analysisHarness';

const TEXT = [
  'import keras',
  'from keras import layers',
  'maxlen = int(open("maxlen.txt").read())',
  'inputs = keras.Input(shape=(maxlen,))',
  'x = layers.Embedding(20000, 128)(inputs)',
  'x = layers.Dense(64)(x)',
  'model = keras.Model(inputs, x)',
  '',
].join('\n');

test('the hint shows the known sizes and the params', async () => {
  const r = await analyzeSource(TEXT);
  const labels = inlayHints(r).map((h) => h.label);
  assert.deepEqual(labels, ['(None, ?, 128) · 2,560,000 params', '(None, ?, 64) · 8,256 params']);
  const dense = r.calls.find((c) => c.className === 'Dense');
  assert.match(dense?.outcomes[0].unknownReason ?? '', /some dimensions are not known because .*line 3/);
});

test('the summary rows and totals', async () => {
  const r = await analyzeSource(TEXT);
  const m = r.models.find((x) => x.name === 'model');
  assert.ok(m);
  assert.equal(m.totalParams, 2_568_256);
  assert.deepEqual(m.rows.map((row) => formatSummaryShapes(row.outputShapes ?? row.partialShapes)), ['(None, ?)', '(None, ?, 128)', '(None, ?, 64)']);
});

test('summary --json writes an unknown size as "?"', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-partial-'));
  const file = path.join(dir, 'model.py');
  fs.writeFileSync(file, TEXT);
  const cli = path.join(__dirname, '..', 'server', 'src', 'cli', 'main.js');
  const out = spawnSync(process.execPath, [cli, 'summary', '--json', file], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const json = JSON.parse(out.stdout) as { layers: { output_shapes: unknown }[] };
  assert.deepEqual(json.layers.map((l) => l.output_shapes), [[[null, '?', 128]], [[null, '?', 64]]]);
});

test('summary --json gives a model whose totals are not known the place it was lost and why; a layer whose params are not known, its reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-partial-'));
  const file = path.join(dir, 'model.py');
  fs.writeFileSync(file, 'import keras\nfrom keras import layers\nimport numpy as np\nfeatures = np.load("f.npy")\nm = keras.Sequential([keras.Input((features.shape[1],)), layers.Dense(4), layers.Dense(2)])\n');
  const cli = path.join(__dirname, '..', 'server', 'src', 'cli', 'main.js');
  const out = spawnSync(process.execPath, [cli, 'summary', '--json', file], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  type Reason = { line: number | null; text: string };
  const json = JSON.parse(out.stdout) as { layers: { output_shapes: unknown; trainable_params: number | null; unknown_reason?: Reason }[]; models: { total_params: number | null; unknown_reason?: Reason }[]; diagnostics: { line: number; code: string }[] };
  const [first, second] = json.layers;
  assert.equal(first.trainable_params, null);
  assert.equal(first.unknown_reason?.line, 4);
  assert.match(first.unknown_reason?.text ?? '', /its weights are not known because the shape depends on the data `np.load\(…\)` reads on line 4/);
  assert.deepEqual([second.output_shapes, second.trainable_params, second.unknown_reason], [[[null, 2]], 10, undefined]);
  assert.equal(json.models[0].total_params, null);
  assert.equal(json.models[0].unknown_reason?.line, 4);
  // One note, where the analysis lost track of the model.
  assert.deepEqual(json.diagnostics.map((d) => [d.line, d.code]), [[5, 'shapes-lost']]);
});
