// An AnalysisResult is plain data: JSON round-trips it unchanged (no getters,
// no class instances, no undefined fields), for every golden program and
// analyser fixture, whole and partial; and each model's graph agrees with
// its summary rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeRange, analyzeText, DEFAULT_ANALYSIS_CONFIG, SyntaxCache, type AnalysisResult } from '../server/src/analysis';
import { loadPythonParser } from '../server/src/python/parser';
import { goldenDir, pythonFiles, sourceDir } from './goldenPath';

const sources: [string, string][] = [...pythonFiles(path.join(goldenDir(), 'programs')), ...pythonFiles(sourceDir('fixtures', 'analysis'))];

function roundTrip(result: AnalysisResult): unknown {
  return JSON.parse(JSON.stringify(result)) as unknown;
}

test('there are programs to check', () => {
  assert.ok(sources.length > 10, `${sources.length} programs`);
});

for (const [name, text] of sources) {
  test(`the result is plain data: ${name}`, async () => {
    const parser = await loadPythonParser();
    const result = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG);
    assert.equal(result.partial, false);
    assert.deepEqual(roundTrip(result), result);
    for (const m of result.models) {
      const names = new Set(m.graph.nodes.map((n) => n.name));
      for (const e of m.graph.edges) assert.ok(names.has(e.from) && names.has(e.to), `${m.name}: edge ${e.from} → ${e.to} between nodes of the graph`);
      // Every summary row is a node of the graph (a functional model's inputs included).
      for (const r of m.rows) assert.ok(names.has(r.name), `${m.name}: row ${r.name} has no graph node`);
    }
    // A partial run of the second half of the file gives the same type, marked partial.
    const range = { start: Math.floor(text.length / 2), end: text.length };
    const partial = analyzeRange(parser, text, DEFAULT_ANALYSIS_CONFIG, new SyntaxCache(), undefined, range);
    if (partial) {
      assert.equal(partial.partial, true);
      assert.deepEqual(partial.models, []);
      assert.deepEqual(roundTrip(partial), partial);
      const fresh = result.calls.filter((c) => c.hintOffset >= range.start && c.hintOffset <= range.end);
      assert.deepEqual(partial.calls, fresh);
    }
  });
}

test('a functional model that branches has its merge in the graph', async () => {
  const parser = await loadPythonParser();
  const text = [
    'import keras',
    'from keras import layers',
    'inp = keras.Input((8,))',
    'a = layers.Dense(4, name="a")(inp)',
    'b = layers.Dense(4, name="b")(inp)',
    's = layers.Add(name="s")([a, b * 2])',
    'model = keras.Model(inp, s)',
    '',
  ].join('\n');
  const [model] = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).models;
  // In `model.layers` order: by depth from the output, deepest first. `b * 2` is
  // an operation of the graph, so b lies one step deeper than a.
  assert.deepEqual(
    model.graph.nodes.map((n) => [n.name, n.className, n.params]),
    [
      ['input_layer', 'InputLayer', 0],
      ['b', 'Dense', 36],
      ['a', 'Dense', 36],
      ['s', 'Add', 0],
    ],
  );
  // `b * 2` is a tensor operation: the edge goes from b itself.
  assert.deepEqual(model.graph.edges, [
    { from: 'input_layer', to: 'a' },
    { from: 'input_layer', to: 'b' },
    { from: 'a', to: 's' },
    { from: 'b', to: 's' },
  ]);
  // An input that joins late comes after the layers deeper than it (Keras's map_graph).
  const late = analyzeText(
    parser,
    [
      'import keras',
      'from keras import layers',
      'a = keras.Input((4,), name="a")',
      'b = keras.Input((6,), name="b")',
      'x = layers.Dense(8, name="x")(a)',
      'y = layers.Dense(8, name="y")(x)',
      'z = layers.Concatenate(name="z")([y, b])',
      'model = keras.Model([a, b], z)',
      '',
    ].join('\n'),
    DEFAULT_ANALYSIS_CONFIG,
  ).models[0];
  assert.deepEqual(late.rows.map((r) => r.name), ['a', 'x', 'y', 'b', 'z']);
  assert.equal(model.sequentialLike, false);
});

test('a Sequential model is a chain', async () => {
  const parser = await loadPythonParser();
  const text = 'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="x"), layers.Dense(1, name="y")])\n';
  const [model] = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).models;
  assert.deepEqual(model.graph, {
    nodes: [
      { name: 'x', className: 'Dense', outputShapes: [[null, 2]], params: 8 },
      { name: 'y', className: 'Dense', outputShapes: [[null, 1]], params: 3 },
    ],
    edges: [{ from: 'x', to: 'y' }],
  });
});
