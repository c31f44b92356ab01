// Hint labels of one call site: its distinct results, counted when the site
// ran more than once, at most three inline (the tooltip lists all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallOutcome, LayerCall } from '../server/src/analysis';
import type { Shape } from '../server/src/engine';
import { callLabel, DEFAULT_HINT_OPTIONS, inlayHints } from '../server/src/ide/inlayHints';

function outcome(shape: Shape | null, params: number | null, count = 1): CallOutcome {
  return {
    inputShapes: [[null, 8]],
    outputShapes: shape === null ? null : [shape],
    trainableParams: params,
    nonTrainableParams: params === null ? null : 0,
    weights: [],
    explain: [],
    count,
  };
}

function call(outcomes: CallOutcome[]): LayerCall {
  return { className: 'Dense', range: { start: 0, end: 10 }, hintOffset: 10, layerName: 'dense', outcomes };
}

// Each case: the results of a call site, and its label.
const CASES: [string, CallOutcome[], string][] = [
  ['one result', [outcome([null, 32], 288)], '(None, 32) · 288 params'],
  ['no weights', [outcome([null, 32], 0)], '(None, 32)'],
  ['unknown', [outcome(null, null)], '?'],
  ['one result, twice', [outcome([null, 32], 288, 2)], '(None, 32) · 288 params ×2'],
  ['two results', [outcome([null, 32], 288, 2), outcome([null, 16], 144)], '(None, 32) · 288 params ×2 | (None, 16) · 144 params'],
  ['three results', [outcome([null, 1], 9), outcome([null, 2], 18), outcome([null, 3], 27)], '(None, 1) · 9 params | (None, 2) · 18 params | (None, 3) · 27 params'],
  [
    'five results: two and a count',
    [outcome([null, 1], 9, 4), outcome([null, 2], 18), outcome([null, 3], 27), outcome([null, 4], 36), outcome(null, null)],
    '(None, 1) · 9 params ×4 | (None, 2) · 18 params | +3 more',
  ],
];

for (const [name, outcomes, label] of CASES) {
  test(`hint label: ${name}`, () => {
    assert.equal(callLabel(call(outcomes), DEFAULT_HINT_OPTIONS), label);
  });
}

test('the tooltip of a site with more results than its label shows lists them all', () => {
  const outcomes = Array.from({ length: 7 }, (_, i) => outcome([null, i + 1], 9 * (i + 1)));
  const [hint] = inlayHints({ calls: [call(outcomes)] });
  assert.match(hint.label, /\| \+5 more$/);
  for (let i = 1; i <= 7; i++) assert.ok(hint.tooltip.includes(`\`(None, ${i})\``), `result ${i} missing from the tooltip`);
});
