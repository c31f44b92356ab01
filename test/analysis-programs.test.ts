// Every golden program (recorded from real Keras 3.16) through the analysis:
// each expected layer record at its line, each model's totals, the error line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkGolden } from './goldenPending';
import { goldenDir } from './goldenPath';
import { analyzeSource, lineOf } from './analysisHarness';
import { lineRecords, type LineRecord } from '../server/src/ide/records';

interface ProgramExpect {
  layers: Omit<LineRecord, 'column'>[];
  models: { line: number; total_params: number; trainable_params: number; non_trainable_params: number }[];
  error: { line: number; message: string } | null;
}

const dir = path.join(goldenDir(), 'programs');
const programs = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();

for (const file of programs) {
  test(`golden program ${file}`, () => checkGolden(file.replace(/\.py$/, ''), async () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const expect = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.py$/, '.expect.json')), 'utf8')) as ProgramExpect;
    const r = await analyzeSource(text);
    const got = lineRecords(text, r);
    const key = (x: Omit<LineRecord, 'column'>): string => JSON.stringify([x.line, x.class, x.output_shapes, x.trainable_params, x.non_trainable_params, x.count]);
    const gotKeys = new Set(got.map(key));
    const missing = expect.layers.filter((e) => !gotKeys.has(key(e)));
    const errorLine = expect.error?.line ?? Infinity;
    const expectedLines = new Set(expect.layers.map((e) => e.line));
    const extra = got.filter((g) => g.line < errorLine && g.output_shapes !== null && !expectedLines.has(g.line));
    assert.deepEqual(missing, [], `records not reproduced in ${file}`);
    assert.deepEqual(extra, [], `records on lines Keras has none for in ${file}`);
    // A script that raised never got past its error line: models built after it are exempt.
    const errorLineForModels = expect.error?.line ?? Infinity;
    // A model whose build raised is one Keras never built: no totals, and none expected on its line.
    const modelLines = new Set(expect.models.map((m) => m.line));
    const built = r.models.filter((m) => m.totalParams !== null || modelLines.has(lineOf(text, m.range.start)));
    const models = built.filter((m) => lineOf(text, m.range.start) <= errorLineForModels).map((m) => ({
      line: lineOf(text, m.range.start),
      total_params: m.totalParams,
      trainable_params: m.trainableParams,
      non_trainable_params: m.nonTrainableParams,
    }));
    assert.deepEqual(models, expect.models, `model totals in ${file}`);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (expect.error) {
      assert.ok(errors.some((d) => lineOf(text, d.range.start) === expect.error?.line), `expected an error on line ${expect.error.line}, got ${JSON.stringify(errors)}`);
    } else {
      assert.deepEqual(errors.map((d) => `${lineOf(text, d.range.start)}: ${d.message}`), [], `no shape error expected in ${file}`);
    }
  }));
}
