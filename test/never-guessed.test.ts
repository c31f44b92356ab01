// Never a guessed value: an analysis that knows less must not know more.
// For every fixture and golden program, and for fuzz cases made from them
// (a fixed seed of random token edits, as the fuzzer makes), each top-level `NAME = <integer>`
// and each integer first argument of a class call (`Dense(64)`), up to a few
// per file, is replaced in turn by a value read at run time (`int(input())`),
// and the file analysed again. Whatever that analysis still
// reports as known must hold for every value the name could have — in
// particular for the original one: each known shape, each known size of a
// partly known shape and each known params count must be the original
// analysis's at the same place, and no error may appear that the original
// did not report. A call the original never ran (a branch its value does not
// take, followed when the condition is not known) has nothing to contradict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lineRecords, type LineRecord } from '../server/src/ide/records';
import { analyzeSource, lineOf } from './analysisHarness';
import { goldenDir, sourceDir } from './goldenPath';
import { Rng, mutateTokens } from './fuzz/harness';

/** Fuzz cases added to the sources: token edits of the fixtures and programs, the same ones each run. */
const FUZZ_CASES = 40;
const FUZZ_SEED = 20261207;

/** Constants replaced per file: enough to touch most models, few enough to keep the test fast. */
const PER_FILE = 10;
const CONSTANT = /^([A-Za-z_]\w*)\s*=\s*(\d+)\s*(#.*)?$/gm;
const FIRST_ARGUMENT = /\b([A-Z]\w*)\((\d+)[,)]/g;

/** Where the integers to make unknown are: [what is replaced, start, end] in the text. */
function targets(text: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (const m of [...text.matchAll(CONSTANT)].slice(0, PER_FILE)) {
    const start = (m.index ?? 0) + m[0].indexOf(m[2], m[0].indexOf('='));
    out.push([m[1], start, start + m[2].length]);
  }
  for (const m of [...text.matchAll(FIRST_ARGUMENT)].slice(0, PER_FILE)) {
    const start = (m.index ?? 0) + m[1].length + 1;
    out.push([`${m[1]}(${m[2]})`, start, start + m[2].length]);
  }
  return out;
}

function sources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const fixtures = sourceDir('fixtures', 'analysis');
  for (const f of fs.readdirSync(fixtures).filter((x) => x.endsWith('.py')).sort()) out.push({ name: `fixtures/${f}`, text: fs.readFileSync(path.join(fixtures, f), 'utf8') });
  const programs = path.join(goldenDir(), 'programs');
  if (fs.existsSync(programs)) {
    for (const f of fs.readdirSync(programs).filter((x) => x.endsWith('.py')).sort()) out.push({ name: `programs/${f}`, text: fs.readFileSync(path.join(programs, f), 'utf8') });
  }
  const rng = new Rng(FUZZ_SEED);
  const originals = [...out];
  for (let i = 0; i < FUZZ_CASES; i++) {
    const base = rng.pick(originals);
    out.push({ name: `fuzz ${i} of ${base.name}`, text: mutateTokens(base.text, rng) });
  }
  return out;
}

type Dims = readonly (number | null | '?')[];

/** Whether `known` (sizes of the less-known analysis, `?` for unknown) agrees with `full` everywhere it knows a size. */
function agrees(known: Dims, full: Dims): boolean {
  return known.length === full.length && known.every((d, i) => d === '?' || d === full[i]);
}

function consistent(rec: LineRecord, originals: readonly LineRecord[]): boolean {
  return originals.some((o) => {
    if (o.class !== rec.class) return false;
    if (rec.output_shapes !== null) {
      if (o.output_shapes === null || o.output_shapes.length !== rec.output_shapes.length) return false;
      if (!rec.output_shapes.every((s, i) => agrees(s, (o.output_shapes as Dims[])[i]))) return false;
    }
    if (rec.trainable_params !== null && rec.trainable_params !== o.trainable_params) return false;
    if (rec.non_trainable_params !== null && rec.non_trainable_params !== o.non_trainable_params) return false;
    return true;
  });
}

test('an analysis that knows less never reports a known value the full one contradicts', async () => {
  let mutations = 0;
  let knownAfter = 0;
  const problems: string[] = [];
  for (const { name, text } of sources()) {
    const original = await analyzeSource(text);
    const byLine = new Map<number, LineRecord[]>();
    for (const r of lineRecords(text, original)) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
    const errors = new Set(original.diagnostics.filter((d) => d.severity === 'error').map((d) => `${lineOf(text, d.range.start)} ${d.code}`));
    for (const [what, start, end] of targets(text)) {
      const mutated = `${text.slice(0, start)}int(input())${text.slice(end)}`;
      mutations++;
      const r = await analyzeSource(mutated);
      for (const rec of lineRecords(mutated, r)) {
        if (rec.output_shapes === null && rec.trainable_params === null) continue;
        knownAfter++;
        if (!byLine.has(rec.line)) continue;
        if (!consistent(rec, byLine.get(rec.line) ?? [])) {
          problems.push(`${name} with ${what} unknown: line ${rec.line} ${rec.class} ${JSON.stringify(rec.output_shapes)} · ${String(rec.trainable_params)}, the full analysis has ${JSON.stringify((byLine.get(rec.line) ?? []).map((o) => [o.output_shapes, o.trainable_params]))}`);
        }
      }
      for (const d of r.diagnostics) {
        if (d.severity !== 'error') continue;
        const key = `${lineOf(mutated, d.range.start)} ${d.code}`;
        if (!errors.has(key)) problems.push(`${name} with ${what} unknown: a new error at ${key}: ${d.message}`);
      }
    }
  }
  assert.ok(mutations > 200, `only ${mutations} constants were made unknown`);
  assert.ok(knownAfter > 500, `only ${knownAfter} records stayed known: the comparison checks little`);
  assert.deepEqual(problems, []);
});
