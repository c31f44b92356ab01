// Hint labels of one call site: its distinct results, counted when the site
// ran more than once, the most useful first, within VS Code's 43 characters
// (the tooltip lists all); the compact style; the labels in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallOutcome, LayerCall } from '../server/src/analysis';
import type { Shape } from '../server/src/engine';
import { hintOptions, parseSettings, viewLocale } from '../server/src/lsp/settings';
import { callLabel, DEFAULT_HINT_OPTIONS, inlayHints, MAX_HINT_LENGTH, type HintOptions } from '../server/src/ide/inlayHints';

function outcome(shape: Shape | null, params: number | null, count = 1, frozen = 0): CallOutcome {
  return {
    inputShapes: [[null, 8]],
    outputShapes: shape === null ? null : [shape],
    trainableParams: params === null ? null : params - frozen,
    nonTrainableParams: params === null ? null : frozen,
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
  // Params too when everything fits in 43 characters…
  ['two short results', [outcome([2], 18, 2), outcome([1], 9)], '(2,) · 18 params ×2 | (1,) · 9 params'],
  // …else the shapes of all…
  ['two results', [outcome([null, 32], 288, 2), outcome([null, 16], 144)], '(None, 32) ×2 | (None, 16)'],
  ['three results', [outcome([null, 1], 9), outcome([null, 2], 18), outcome([null, 3], 27)], '(None, 1) | (None, 2) | (None, 3)'],
  // …else as many as fit and a count.
  [
    'five results: two and a count',
    [outcome([null, 1], 9, 4), outcome([null, 2], 18), outcome([null, 3], 27), outcome([null, 4], 36), outcome(null, null)],
    '(None, 1) ×4 | (None, 2) · +3 more',
  ],
  [
    'long shapes: the most frequent one and a count',
    [outcome([null, 64, 64, 16], 2320), outcome([null, 128, 128, 16], 2320, 2), outcome([null, 32, 32, 16], 2320)],
    '(None, 128, 128, 16) ×2 · +2 more',
  ],
  [
    'results that read the same without params count together',
    [outcome([null, 64, 64, 16], 2320), outcome([null, 128, 128, 16], 448), outcome([null, 128, 128, 16], 2320), outcome([null, 32, 32, 16], 2320)],
    '(None, 128, 128, 16) ×2 · +2 more',
  ],
  ['an unknown result comes last', [outcome(null, null, 3), outcome([null, 4], 36)], '(None, 4) · 36 params | ? ×3'],
];

for (const [name, outcomes, label] of CASES) {
  test(`hint label: ${name}`, () => {
    assert.equal(callLabel(call(outcomes), DEFAULT_HINT_OPTIONS), label);
  });
}

test('the tooltip of a site with more results than its label shows lists them all', () => {
  const outcomes = Array.from({ length: 7 }, (_, i) => outcome([null, i + 1], 9 * (i + 1)));
  const [hint] = inlayHints({ calls: [call(outcomes)] });
  assert.match(hint.label, / · \+4 more$/);
  for (let i = 1; i <= 7; i++) assert.ok(hint.tooltip.includes(`\`(None, ${i})\``), `result ${i} missing from the tooltip`);
});

test('no label of a site with several results is longer than VS Code shows', () => {
  for (let n = 1; n <= 12; n++) {
    const outcomes = Array.from({ length: n }, (_, i) => outcome([null, 100 + i, 100 + i, 16], 2320 + i, 1 + (i % 3)));
    const label = callLabel(call(outcomes));
    assert.ok(label.length <= MAX_HINT_LENGTH, `${n} results: ${label} (${label.length})`);
  }
});

test('a count of one is never printed, in labels or tooltips', () => {
  const outcomes = [outcome([null, 32], 288, 2), outcome([null, 16], 144, 1, 16), outcome([null, 8], 72, 1)];
  const [hint] = inlayHints({ calls: [call(outcomes)] });
  assert.ok(!hint.label.includes('×1'), hint.label);
  assert.ok(!hint.tooltip.includes('×1'), hint.tooltip);
  assert.match(hint.tooltip, /^- `\(None, 8\)` → `\(None, 32\)` ×2 · 288 params$/m);
  assert.match(hint.tooltip, /^- `\(None, 8\)` → `\(None, 16\)` · 144 params \(trainable 128, non-trainable 16\)$/m);
  assert.match(hint.tooltip, /^- `\(None, 8\)` → `\(None, 8\)` · 72 params$/m);
});

test('compact hints: the most useful shape alone', () => {
  const compact: HintOptions = { ...DEFAULT_HINT_OPTIONS, compact: true };
  assert.equal(callLabel(call([outcome([null, 32], 288, 3)]), compact), '(None, 32)');
  assert.equal(callLabel(call([outcome([null, 16], 144), outcome([null, 32], 288, 2)]), compact), '(None, 32) · +1 more');
  assert.equal(callLabel(call([outcome([null, 16], 144), outcome([null, 16], 288)]), compact), '(None, 16)');
  assert.equal(callLabel(call([outcome(null, null)]), compact), '?');
});

test('settings: compact hints and the language, read from the kerasShapes section', () => {
  const s = parseSettings({ inlayHints: { compact: true }, locale: 'zh-cn' });
  assert.deepEqual(hintOptions(s, viewLocale(s, 'en')), { showParams: true, batchDim: 'None', compact: true, locale: 'zh-cn' });
  const dotted = parseSettings({ 'inlayHints.compact': true, locale: 'fr' });
  assert.equal(dotted.compactHints, true);
  assert.equal(dotted.locale, 'auto');
  assert.equal(viewLocale(dotted, 'zh-cn'), 'zh-cn');
  assert.equal(viewLocale(parseSettings({ locale: 'en' }), 'zh-cn'), 'en');
  assert.deepEqual(hintOptions(parseSettings({})), DEFAULT_HINT_OPTIONS);
});

test('hint labels and tooltips in Chinese', () => {
  const zh: HintOptions = { ...DEFAULT_HINT_OPTIONS, locale: 'zh-cn' };
  assert.equal(callLabel(call([outcome([null, 32], 288, 2)]), zh), '(None, 32) · 288 个参数 ×2');
  const long = [outcome([null, 128, 128, 16], 2320, 2), outcome([null, 64, 64, 16], 2320), outcome([null, 32, 32, 16], 2320)];
  assert.equal(callLabel(call(long), zh), '(None, 128, 128, 16) ×2 · 另 2 种');
  const [hint] = inlayHints({ calls: [call([outcome([null, 32], 288, 1, 64)])] }, undefined, zh);
  assert.match(hint.tooltip, /· 288 个参数（可训练 224，不可训练 64）$/m);
});
