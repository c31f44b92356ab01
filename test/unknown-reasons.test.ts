// Every unknown shape says why. Each layer record of the analyser fixtures and
// of the golden programs whose output is `?` (or partly `?`) carries a reason
// that names its cause (`… because \`pd.read_csv(…)\` on line 4 is not
// analysed`), never only "the input shape is not known".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_ANALYSIS_CONFIG, reasonSaysWhy } from '../server/src/analysis';
import { analyzeSource, lineOf } from './analysisHarness';
import { fixtureConfig, readExpectations } from './fixtureExpectations';
import { goldenDir, pythonFiles, sourceDir } from './goldenPath';

/** What the check reads of a layer call. */
interface CallView {
  readonly className: string;
  readonly range: { readonly start: number };
  readonly outcomes: readonly { readonly outputShapes: unknown; readonly unknownReason?: string }[];
}

/** The records with an unknown shape and no reason: `line: class: reason`. */
function withoutReason(text: string, calls: readonly CallView[]): string[] {
  const out: string[] = [];
  for (const c of calls) for (const o of c.outcomes) if (o.outputShapes === null && !reasonSaysWhy(o.unknownReason)) out.push(`${lineOf(text, c.range.start)}: ${c.className}: ${o.unknownReason ?? '(no reason)'}`);
  return out;
}

test('a reason says why only when it names a cause', () => {
  assert.equal(reasonSaysWhy(undefined), false);
  assert.equal(reasonSaysWhy(''), false);
  assert.equal(reasonSaysWhy('the input shape is not known'), false);
  assert.equal(reasonSaysWhy('the input shapes are not known'), false);
  assert.equal(reasonSaysWhy('the output of call() is not known'), false);
  assert.equal(reasonSaysWhy('some outputs of the model are not known'), false);
  assert.equal(reasonSaysWhy('the input shape is not known because `pd.read_csv(…)` on line 4 is not analysed'), true);
  assert.equal(reasonSaysWhy('the input shape is not known because the value of `x` on line 3 is not known'), true);
  assert.equal(reasonSaysWhy('Keras raises an error here (invalid-argument)'), true);
});

test('the check reports the records without a reason, by line', () => {
  const text = 'a = 1\nb = 2\n';
  const calls: CallView[] = [
    { className: 'Dense', range: { start: 0 }, outcomes: [{ outputShapes: [[null, 2]] }, { outputShapes: null, unknownReason: 'the input shape is not known because `f(…)` on line 1 is not analysed' }] },
    { className: 'Flatten', range: { start: 6 }, outcomes: [{ outputShapes: null, unknownReason: 'the input shape is not known' }, { outputShapes: null }] },
  ];
  assert.deepEqual(withoutReason(text, calls), ['2: Flatten: the input shape is not known', '2: Flatten: (no reason)']);
});

const fixtures = pythonFiles(sourceDir('fixtures', 'analysis'));
for (const [file, text] of fixtures) {
  test(`every unknown shape says why: fixture ${file}`, async () => {
    const r = await analyzeSource(text, fixtureConfig(DEFAULT_ANALYSIS_CONFIG, readExpectations(text)));
    assert.deepEqual(withoutReason(text, r.calls), []);
  });
}

const programs = pythonFiles(path.join(goldenDir(), 'programs'));
for (const [file, text] of programs) {
  test(`every unknown shape says why: golden program ${file}`, async () => {
    assert.deepEqual(withoutReason(text, (await analyzeSource(text)).calls), []);
  });
}
