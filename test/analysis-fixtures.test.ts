// Every analyser fixture (test/fixtures/analysis/*.py) through the analysis:
// the hints, model totals and diagnostics written in its comments must be
// exactly what the analysis reports (see fixtureExpectations.ts for the
// notation). Set FIXTURE_DRAFT=1 to print a failing fixture rewritten from the
// analysis — a starting point to check by hand, never to paste unchecked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYSIS_CONFIG } from '../server/src/analysis';
import { analyzeSource } from './analysisHarness';
import { sourceDir } from './goldenPath';
import { compareFixture, draftExpectations, fixtureConfig, readExpectations } from './fixtureExpectations';

const dir = sourceDir('fixtures', 'analysis');
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();

test('there are analyser fixtures', () => {
  assert.ok(fixtures.length > 0);
});

for (const file of fixtures) {
  test(`fixture ${file}`, async () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const expect = readExpectations(text);
    const result = await analyzeSource(text, fixtureConfig(DEFAULT_ANALYSIS_CONFIG, expect));
    const problems = compareFixture(text, result, expect);
    if (problems.length > 0 && process.env.FIXTURE_DRAFT) process.stdout.write(`\n----- ${file} (draft)\n${draftExpectations(text, result)}\n`);
    assert.ok(problems.length === 0, `${file}: ${problems.length} mismatch(es)\n  ${problems.join('\n  ')}`);
  });
}

// The reader itself: a wrong expectation, a missing one and an extra one are all reported.
test('fixture reader reports every kind of mismatch', async () => {
  const text = [
    'import keras',
    'from keras import layers',
    'inputs = keras.Input((8,))',
    'x = layers.Dense(4)(inputs)',
    '#   ^ (None, 4) · 99',
    'y = layers.Dense(2)(x)',
    'z = layers.Reshape((3,))(y)',
    '#   ^ ?',
    'w = layers.Flatten()(x)  # error: incompatible-input',
    '# note: budget-exhausted',
    'm = keras.Model(inputs, y)',
    '# model: 47 (trainable 47, non-trainable 0)',
  ].join('\n');
  const problems = compareFixture(text, await analyzeSource(text));
  const joined = problems.join('\n');
  assert.match(joined, /4:5 on `x = layers.Dense\(4\)\(inputs\)`\n {4}expected: \(None, 4\) · 99\n {4}got: {6}\(None, 4\) · 36/);
  assert.match(joined, /6:5 unexpected hint on `y = layers.Dense\(2\)\(x\)`: # {3}\^ \(None, 2\) · 10/);
  assert.match(joined, /7:5 on `z = layers.Reshape\(\(3,\)\)\(y\)`\n {4}expected: \?\n {4}got: {6}✗ invalid-reshape/);
  assert.match(joined, /7 unexpected error on .*# error: invalid-reshape/);
  assert.match(joined, /9 on `w = layers.Flatten\(\)\(x\)  # error: incompatible-input`\n {4}expected: error incompatible-input/);
  assert.match(joined, /notes\n {4}expected: budget-exhausted/);
  assert.match(joined, /11 models on .*\n {4}expected: # model: 47 .*\n {4}got: {6}# model: 46 \(trainable 46/);
});

test('fixture reader: caret positions, trailing errors and column-0 calls', () => {
  const e = readExpectations(['s = keras.Sequential()', 'model.add(layers.Dense(4))', '# ^ (None, 4) · 36', 'x = f(y)  # error: negative-dim "zero or negative"', '', '  # comment with ^ inside is ignored', '#   ^ (None, 2)'].join('\n'));
  assert.deepEqual(e.hints, [
    { line: 1, column: 2, label: '(None, 4) · 36' },
    { line: 3, column: 4, label: '(None, 2)' },
  ]);
  assert.deepEqual(e.errors, [{ line: 3, code: 'negative-dim', text: 'zero or negative' }]);
});
