// Every case of golden/layers.jsonl (recorded from real Keras 3.16) through
// the engine: output shape(s), both param counts, every weight name and shape;
// error cases must report an error. Prints the pass count per family.
// GOLDEN_FAMILY=conv2d (a regex on the id prefix) narrows the run while developing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateLayer, parseLayerCase, resultToWire } from '../server/src/engine';
import { goldenDir } from './goldenPath';

interface GoldenExpect {
  output_shape?: unknown;
  trainable_params?: number;
  non_trainable_params?: number;
  weights?: [string, number[]][];
  error?: string;
}

const lines = fs.readFileSync(path.join(goldenDir(), 'layers.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const filter = process.env.GOLDEN_FAMILY ? new RegExp(`^(${process.env.GOLDEN_FAMILY})$`) : undefined;

function family(id: string): string {
  return id.replace(/-\d+$/, '');
}

/** Why a case fails, or undefined when it passes. */
export function checkCase(raw: Record<string, unknown>): string | undefined {
  const expect = raw.expect as GoldenExpect;
  const c = parseLayerCase(raw);
  const got = resultToWire(evaluateLayer(c.className, c.args, c.input));
  if (expect.error !== undefined) {
    return 'error' in got ? undefined : `expected error ${expect.error}, got ${JSON.stringify(got)}`;
  }
  if (!('output_shape' in got)) return `expected a result, got ${JSON.stringify(got)}`;
  try {
    assert.deepEqual(got.output_shape, expect.output_shape);
    assert.equal(got.trainable_params, expect.trainable_params);
    assert.equal(got.non_trainable_params, expect.non_trainable_params);
    assert.deepEqual(got.weights, expect.weights);
  } catch {
    return `expected ${JSON.stringify(expect)}, got ${JSON.stringify(got)}`;
  }
  return undefined;
}

test('golden layer cases from real Keras 3.16', () => {
  const perFamily = new Map<string, { pass: number; total: number }>();
  const failures: string[] = [];
  for (const line of lines) {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const id = String(raw.id);
    const fam = family(id);
    if (filter && !filter.test(fam)) continue;
    const entry = perFamily.get(fam) ?? { pass: 0, total: 0 };
    perFamily.set(fam, entry);
    entry.total++;
    const why = checkCase(raw);
    if (why === undefined) entry.pass++;
    else failures.push(`${id}: ${why}`);
  }
  let pass = 0;
  let total = 0;
  const rows: string[] = [];
  for (const [fam, e] of perFamily) {
    pass += e.pass;
    total += e.total;
    rows.push(`${fam.padEnd(26)} ${String(e.pass).padStart(4)} / ${e.total}`);
  }
  console.log(rows.join('\n'));
  console.log(`golden layer cases: ${pass} / ${total} passed`);
  if (failures.length > 0) console.log(failures.slice(0, Number(process.env.GOLDEN_SHOW ?? 20)).join('\n'));
  assert.ok(total > 0, 'no golden cases were run');
  assert.equal(pass, total, `${total - pass} golden cases failed`);
});
