// The bounded fuzz run of `npm test` (about 40 seconds): no exception, no
// step-budget overrun, no case over its wall-clock bound, every range inside
// the text. The seed is fixed so a failure reproduces; set KERAS_SHAPES_FUZZ_SEED
// to try another one, or run the long fuzzer: `npm run fuzz -- --seconds 600`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runFuzz } from './fuzz/harness';

const seed = Number(process.env.KERAS_SHAPES_FUZZ_SEED ?? 20_260_101);
const seconds = Number(process.env.KERAS_SHAPES_FUZZ_SECONDS ?? 40);

test(`fuzz: parse + analysis + views survive mutated inputs (seed ${seed})`, { timeout: (seconds + 120) * 1000 }, async (t) => {
  const report = await runFuzz({ seed, seconds, corpus: { stdlibFiles: 30 } });
  for (const line of formatReport(report).split('\n')) t.diagnostic(line);
  assert.ok(report.cases > 0, 'no case ran');
  assert.deepEqual(
    report.failures.map((f) => `[${f.kind}] ${f.source}: ${f.problem}`),
    [],
    `fuzz seed ${seed} found failures; rerun with KERAS_SHAPES_FUZZ_SEED=${seed}`,
  );
});
