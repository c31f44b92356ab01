// The engine cache shares a result between instances of one layer
// configuration when the evaluation read no instance name. That is sound only
// if such a result is the same under every name, explanation included: every
// golden layer case is evaluated under two names and compared. Results that
// read the name (error messages, weight paths) stay per name, in the engine
// and through the analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  constructLayerNamed,
  evaluateLayerNamed,
  parseLayerCase,
  type LayerResult,
} from '../server/src/engine';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG } from '../server/src/analysis';
import { analyzeSource } from '../server/src/analysis/analyze';
import { SyntaxCache } from '../server/src/python/syntax';
import { defaultAnalysisHost } from '../server/src/analysis/host';
import { loadPythonParser } from '../server/src/python/parser';
import { goldenDir } from './goldenPath';

const cases = fs
  .readFileSync(path.join(goldenDir(), 'layers.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => parseLayerCase(JSON.parse(l) as Record<string, unknown>));

/** Everything a caller can read of a result, the lazily built explanation too. */
function observable(r: LayerResult | undefined): unknown {
  if (r === undefined || r.kind !== 'ok') return r;
  return { outputs: r.outputs, weights: r.weights, params: [r.trainableParams, r.nonTrainableParams], multiple: r.multiple, explain: r.explain };
}

test('a result that read no layer name is the same under any name', () => {
  let nameFree = 0;
  let named = 0;
  for (const c of cases) {
    const first = evaluateLayerNamed(c.className, c.args, c.input, { layerName: 'first_layer_7' });
    const second = evaluateLayerNamed(c.className, c.args, c.input, { layerName: 'second_layer_9' });
    assert.equal(first.usesName, second.usesName, `${c.className}: reading the name depends on the name`);
    if (first.usesName) {
      named++;
      continue;
    }
    nameFree++;
    const a = observable(first.result);
    assert.deepEqual(observable(second.result), a, `${c.className} ${JSON.stringify(c.args)}`);
    assert.ok(!JSON.stringify(a).includes('first_layer_7'), `${c.className}: the name is in a result said not to read it`);
  }
  // Most layers read their name only to report an error.
  assert.ok(nameFree > cases.length / 2, `${nameFree} name-free of ${cases.length}`);
  assert.ok(named > 0, 'no case read the layer name');
});

test('an error that names the layer is reported as reading the name', () => {
  const dense = { positional: [3], keywords: {} };
  const r = evaluateLayerNamed('Dense', dense, { shapes: [[null]], isList: false }, { layerName: 'head' });
  assert.equal(r.usesName, true);
  assert.equal(r.result.kind, 'error');
  assert.match(r.result.kind === 'error' ? r.result.message : '', /layer 'head'/);
  const ok = evaluateLayerNamed('Dense', dense, { shapes: [[null, 4]], isList: false }, { layerName: 'head' });
  assert.equal(ok.usesName, false);
  const bad = constructLayerNamed('Dense', { positional: [-1], keywords: {} }, { layerName: 'head' });
  assert.equal(bad.result?.kind, 'error');
});

test('layers sharing a configuration keep their own names in messages', async () => {
  const parser = await loadPythonParser();
  const text = [
    'import keras',
    'from keras import layers',
    'x = keras.Input(shape=())',
    'a = layers.Dense(3)(x)',
    'b = layers.Dense(3)(x)',
    'c = layers.Dense(3, name="head")(x)',
    'ok1 = layers.Dense(3)(keras.Input(shape=(4,)))',
    'ok2 = layers.Dense(3)(keras.Input(shape=(4,)))',
    '',
  ].join('\n');
  defaultAnalysisHost().clear();
  const result = analyzeText(parser, text);
  const messages = result.diagnostics.filter((d) => d.code === 'incompatible-input').map((d) => d.message);
  assert.equal(messages.length, 3, JSON.stringify(messages));
  assert.match(messages[0], /layer 'dense'/);
  assert.match(messages[1], /layer 'dense_1'/);
  assert.match(messages[2], /layer 'head'/);
  // The same again through the warm cache, and the layers without errors share one result.
  assert.deepEqual(analyzeText(parser, text), result);
  const dense = result.calls.filter((c) => c.className === 'Dense' && c.outcomes.some((o) => o.outputShapes !== null));
  assert.deepEqual(
    dense.map((c) => [c.layerName, c.outcomes[0].outputShapes]),
    [
      ['dense_2', [[null, 3]]],
      ['dense_3', [[null, 3]]],
    ],
  );
});

test('a constructor call met again with other argument values builds the layer those values give', async () => {
  const parser = await loadPythonParser();
  // Only the first statement changes: the helper's chunk (and its constructor call's node) is kept, and
  // its layers get the same names on every analysis, with other argument values each time.
  const text = (units: string): string =>
    [
      `U = ${units}`,
      'import keras',
      'from keras import layers',
      '',
      'def block(x, n):',
      '    return layers.Reshape((n, 1))(layers.Dense(n, use_bias=n > 2)(x))',
      '',
      'y = block(keras.Input((8,)), U)',
      '',
    ].join('\n');
  const cache = new SyntaxCache();
  for (const [units, params] of [
    ['4', 36],
    ['5', 45],
    ['2', 16],
    ['4', 36],
    ['3', 27],
  ] as const) {
    const result = analyzeSource(parser, text(units), DEFAULT_ANALYSIS_CONFIG, cache);
    const dense = result.calls.find((c) => c.className === 'Dense');
    assert.ok(dense, units);
    assert.equal(dense.outcomes[0].trainableParams, params, `U = ${units}`);
    const reshape = result.calls.find((c) => c.className === 'Reshape');
    assert.deepEqual(reshape?.outcomes[0].outputShapes, [[null, Number(units), 1]], `U = ${units}`);
  }
});

test('a call whose values held no old spelling is translated again when its values change', async () => {
  const parser = await loadPythonParser();
  // The loop's first turn gives the call no old spelling; its second gives Keras 1's kernel size, at the same node.
  const text = ['import keras', 'from keras import layers', 'x = keras.Input((32, 32, 3))', 'for v in ["valid", 3, "valid", 3]:', '    y = layers.Conv2D(8, 3, v)(x)', ''].join('\n');
  const config = { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion: '1' as const };
  for (let run = 0; run < 2; run++) {
    const result = analyzeText(parser, text, config);
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'legacy-argument').map((d) => d.message.slice(0, 22)),
      ['In `Conv2D(8, 3, 3)`, '],
      `run ${run}`,
    );
    assert.deepEqual(result.calls[0].outcomes.map((o) => o.outputShapes), [null, [[null, 30, 30, 8]]], `run ${run}`);
  }
});
