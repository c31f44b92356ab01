// Layer evaluations per second of the shape engine on one core: every case of
// the golden layers file (real Keras results, all families, errors included)
// evaluated round-robin for a fixed time. Run: `node out/bench/engine.js`.
//
//   engine: 2,492 cases · N evaluations/s wall, M per CPU second (target ≥ 200,000/s)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateLayer, parseLayerCase, type LayerCase } from '../server/src/engine';
import { goldenDir } from '../test/goldenPath';

export interface EngineBenchResult {
  readonly cases: number;
  readonly evaluations: number;
  readonly seconds: number;
  /** Evaluations per second of wall-clock time. */
  readonly perSecond: number;
  /** Evaluations per second of this process's CPU time (steadier on a busy machine). */
  readonly perCpuSecond: number;
}

export function loadCases(): LayerCase[] {
  const text = fs.readFileSync(path.join(goldenDir(), 'layers.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseLayerCase(JSON.parse(l)));
}

/** Evaluates the cases round-robin for about `millis` ms (after a warm-up) and returns the rate. */
export function benchEngine(cases: readonly LayerCase[], millis = 2000): EngineBenchResult {
  let sink = 0;
  const round = (): void => {
    for (const c of cases) if (evaluateLayer(c.className, c.args, c.input).kind === 'ok') sink++;
  };
  for (let i = 0; i < 3; i++) round();
  let evaluations = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < millis) {
    round();
    evaluations += cases.length;
    elapsed = performance.now() - started;
  }
  if (sink < 0) console.log(sink); // keeps the results observable
  const cpu = process.cpuUsage(cpuStarted);
  const seconds = elapsed / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { cases: cases.length, evaluations, seconds, perSecond: evaluations / seconds, perCpuSecond: evaluations / cpuSeconds };
}

if (require.main === module) {
  const cases = loadCases();
  const r = benchEngine(cases, Number(process.env.BENCH_MILLIS ?? 3000));
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  console.log(`engine: ${n(r.cases)} cases · ${n(r.perSecond)} evaluations/s wall, ${n(r.perCpuSecond)} per CPU second (target ≥ 200,000/s)`);
  console.log(JSON.stringify({ bench: 'engine', cases: r.cases, evaluationsPerSecond: Math.round(r.perSecond), evaluationsPerCpuSecond: Math.round(r.perCpuSecond) }));
}
