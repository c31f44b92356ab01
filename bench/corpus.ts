// `npm run corpus -- DIR`: how much of real code the analysis answers. Every
// `.py` file under DIR (for the keras-io examples: `examples/*/*.py`) is
// analysed as the CLI would; the figures are
//   records  layer records (one per distinct line/result) with a known output
//            shape, and with at least a known rank (`(None, ?, 64)`)
//   models   models with a known total of params
//   reasons  records with an unknown shape whose reason does not say why
//            (only "the input shape is not known"): must stay 0
//   errors   error diagnostics in files written for Keras 3 (no `tf.keras`,
//            `tensorflow.keras` or `from tensorflow import keras`):
//            each is a false alarm or a real bug in the example
//   files    files that crashed, ran out of budget, or gave no record at all
// and the most common reasons given for unknown shapes, and the constructs
// they come from. With `--json` one JSON
// object is printed instead of the table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, reasonSaysWhy } from '../server/src/analysis';
import { lineRecords } from '../server/src/ide/records';
import { loadPythonParser } from '../server/src/python/parser';

interface FileFigures {
  readonly file: string;
  readonly records: number;
  readonly knownRecords: number;
  readonly rankedRecords: number;
  readonly models: number;
  /** Records of an unknown shape whose reason does not say why, as `file:line: reason`. */
  readonly withoutReason: readonly string[];
  readonly keras3Errors: readonly string[];
  readonly knownModels: number;
  readonly crashed: boolean;
  readonly budgetExhausted: boolean;
  readonly ms: number;
}

function pythonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function percent(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: node out/bench/corpus.js DIR [--json]\n');
    process.exit(2);
  }
  const parser = await loadPythonParser();
  const files: FileFigures[] = [];
  const reasons = new Map<string, number>();
  const causes = new Map<string, { records: number; files: Set<string> }>();
  for (const file of pythonFilesUnder(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const t0 = performance.now();
    let figures: FileFigures;
    try {
      const r = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG);
      const recs = lineRecords(text, r);
      const withoutReason: string[] = [];
      for (const call of r.calls)
        for (const o of call.outcomes)
          if (o.outputShapes === null) {
            if (!reasonSaysWhy(o.unknownReason)) withoutReason.push(`${path.relative(dir, file)}:${text.slice(0, call.range.start).split('\n').length}: ${o.unknownReason ?? '(no reason given)'}`);
            const full = o.unknownReason ?? '(no reason given)';
            const why = full.replace(/`[^`]*`/g, '`…`').replace(/\d+/g, 'N');
            reasons.set(why, (reasons.get(why) ?? 0) + 1);
            const construct = /`([^`(\[]*)/.exec(full)?.[1]?.trim() ?? why;
            const c = causes.get(construct) ?? { records: 0, files: new Set<string>() };
            c.records++;
            c.files.add(path.relative(dir, file));
            causes.set(construct, c);
          }
      const crashed = r.diagnostics.some((d) => /internal error/i.test(d.message));
      figures = {
        file: path.relative(dir, file),
        records: recs.length,
        knownRecords: recs.filter((x) => x.output_shapes !== null && x.output_shapes.every((s) => !(s as readonly unknown[]).includes('?'))).length,
        rankedRecords: recs.filter((x) => x.output_shapes !== null).length,
        withoutReason,
        keras3Errors: /\btf\.keras\b|\btensorflow\.keras\b|from tensorflow import keras/.test(text) ? [] : r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${path.relative(dir, file)}:${text.slice(0, d.range.start).split('\n').length}: ${d.code}: ${d.message.slice(0, 100)}`),
        models: r.models.length,
        knownModels: r.models.filter((m) => m.totalParams !== null).length,
        crashed,
        budgetExhausted: r.budgetExhausted,
        ms: performance.now() - t0,
      };
    } catch {
      figures = { file: path.relative(dir, file), records: 0, knownRecords: 0, rankedRecords: 0, withoutReason: [], keras3Errors: [], models: 0, knownModels: 0, crashed: true, budgetExhausted: false, ms: performance.now() - t0 };
    }
    files.push(figures);
  }
  const sum = (f: (x: FileFigures) => number): number => files.reduce((a, x) => a + f(x), 0);
  const totals = {
    files: files.length,
    records: sum((x) => x.records),
    knownRecords: sum((x) => x.knownRecords),
    rankedRecords: sum((x) => x.rankedRecords),
    withoutReason: files.flatMap((x) => x.withoutReason),
    keras3Errors: files.flatMap((x) => x.keras3Errors),
    models: sum((x) => x.models),
    knownModels: sum((x) => x.knownModels),
    crashed: files.filter((x) => x.crashed).map((x) => x.file),
    budgetExhausted: files.filter((x) => x.budgetExhausted).map((x) => x.file),
    noRecord: files.filter((x) => x.records === 0).length,
    totalMs: Math.round(sum((x) => x.ms)),
    topReasons: [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15),
    topCauses: [...causes.entries()].sort((a, b) => b[1].records - a[1].records).slice(0, 40).map(([what, c]) => ({ what, records: c.records, files: c.files.size })),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(totals)}\n`);
    return;
  }
  const lines = [
    `files                 ${totals.files}`,
    `layer records known   ${totals.knownRecords} / ${totals.records} (${percent(totals.knownRecords, totals.records)})`,
    `layer records ranked  ${totals.rankedRecords} / ${totals.records} (${percent(totals.rankedRecords, totals.records)})`,
    `model totals known    ${totals.knownModels} / ${totals.models} (${percent(totals.knownModels, totals.models)})`,
    `records with no reason ${totals.withoutReason.length}`,
    ...totals.withoutReason.slice(0, 20).map((e) => `    ${e}`),
    `Keras 3 file errors   ${totals.keras3Errors.length}`,
    ...totals.keras3Errors.map((e) => `    ${e}`),
    `files with no record  ${totals.noRecord}`,
    `internal errors       ${totals.crashed.length}${totals.crashed.length ? `: ${totals.crashed.join(', ')}` : ''}`,
    `budget exhausted      ${totals.budgetExhausted.length}${totals.budgetExhausted.length ? `: ${totals.budgetExhausted.join(', ')}` : ''}`,
    `analysis time         ${totals.totalMs} ms in all`,
    'most common reasons for an unknown shape:',
    ...totals.topReasons.map(([why, n]) => `  ${String(n).padStart(5)}  ${why}`),
    'what the unknown shapes come from (records, files):',
    ...totals.topCauses.map((c) => `  ${String(c.records).padStart(5)} ${String(c.files).padStart(4)}  ${c.what}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
