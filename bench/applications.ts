// What a `keras.applications` backbone costs at keystroke time: a
// transfer-learning file (backbone, frozen, new head, `keras.Model` on
// `base.input`) analysed with a fresh host (cold: the engine builds the
// model) and with the host that already holds it (warm: what every keystroke
// after the first pays). Also run by `npm run bench` (bench/run.ts).
// Run alone: `node out/bench/applications.js`.
//
//   ResNet50          175 layers · cold 14.9 ms (first 120.3 ms) · warm 1.7 ms   (target warm ≤ 10 ms)
import { performance } from 'node:perf_hooks';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG } from '../server/src/analysis';
import { AnalysisHost } from '../server/src/analysis/host';
import { loadPythonParser } from '../server/src/python/parser';

export interface ApplicationTiming {
  readonly constructorName: string;
  /** Layers of the backbone (`len(base.layers)`). */
  readonly layers: number;
  /** The very first analysis in this process (JIT cold too), ms. */
  readonly firstMs: number;
  /** Median analysis with a fresh host (the model built from scratch), ms. */
  readonly coldMs: number;
  /** Median analysis with the host that already built the model, ms. */
  readonly warmMs: number;
}

/** The backbones timed: a small, a deep and a wide one. */
export const BENCH_APPLICATIONS: readonly [string, string][] = [
  ['ResNet50', '(224, 224, 3)'],
  ['EfficientNetB7', '(600, 600, 3)'],
  ['ConvNeXtXLarge', '(224, 224, 3)'],
];

function transferLearning(ctor: string, inputShape: string): string {
  return [
    'import keras',
    'from keras import layers',
    '',
    `base = keras.applications.${ctor}(include_top=False, weights="imagenet", input_shape=${inputShape})`,
    'base.trainable = False',
    'x = layers.GlobalAveragePooling2D()(base.output)',
    'out = layers.Dense(10, activation="softmax")(x)',
    'model = keras.Model(base.input, out)',
    '',
  ].join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchApplications(runs = 15): Promise<ApplicationTiming[]> {
  const parser = await loadPythonParser();
  const out: ApplicationTiming[] = [];
  for (const [ctor, shape] of BENCH_APPLICATIONS) {
    const text = transferLearning(ctor, shape);
    const time = (host: AnalysisHost): number => {
      const t0 = performance.now();
      const r = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG, host);
      const ms = performance.now() - t0;
      if (r.models.length !== 2 || r.models[1].totalParams === null) throw new Error(`${ctor}: the benchmark file did not analyse`);
      return ms;
    };
    const firstMs = time(new AnalysisHost());
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) cold.push(time(new AnalysisHost()));
    const host = new AnalysisHost();
    time(host);
    const warm: number[] = [];
    // Warm runs are short: more of them, so a busy machine's pauses stay out of the median.
    for (let i = 0; i < runs * 4; i++) warm.push(time(host));
    const layers = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG, host).models[0].application?.layerCount ?? 0;
    out.push({ constructorName: ctor, layers, firstMs, coldMs: median(cold), warmMs: median(warm) });
  }
  return out;
}

export function formatApplicationTimings(ts: readonly ApplicationTiming[]): string {
  return ts
    .map((t) => `${t.constructorName.padEnd(16)} ${String(t.layers).padStart(4)} layers · cold ${t.coldMs.toFixed(1)} ms (first ${t.firstMs.toFixed(1)} ms) · warm ${t.warmMs.toFixed(1)} ms`)
    .join('\n');
}

if (require.main === module) {
  void benchApplications().then((ts) => {
    process.stdout.write(`applications (transfer-learning file: backbone + head; target warm ResNet50 ≤ 10 ms)\n${formatApplicationTimings(ts)}\n`);
    process.stdout.write(JSON.stringify({ applications: ts }) + '\n');
  });
}
