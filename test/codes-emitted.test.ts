// Every documented diagnostic code is emitted, and every code emitted is
// documented: one small program per code shows it, and the programs cover
// exactly the codes of docs/codes.md (generated from allCodeDocs). The
// golden programs and fixtures emit documented codes only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from '../server/src/analysis';
import { allCodeDocs } from '../server/src/ide/diagnostics';
import { loadPythonParser } from '../server/src/python/parser';
import { goldenDir, pythonFiles, sourceDir } from './goldenPath';

const HEADER = 'import keras\nfrom keras import layers\n';

/** A program that makes the analysis emit each code, and the config it runs with. */
const EXAMPLES: Record<string, { readonly text: string; readonly config?: AnalysisConfig }> = {
  'incompatible-input': { text: `${HEADER}y = layers.Conv2D(2, 3)(keras.Input((8,)))\n` },
  'negative-dim': { text: `${HEADER}y = layers.Conv2D(2, 5)(keras.Input((3, 3, 1)))\n` },
  'invalid-argument': { text: `${HEADER}x = keras.Input(shape=5)\n` },
  'unknown-argument': { text: `${HEADER}d = layers.Dense(3, unitz=4)\n` },
  'incompatible-shapes': { text: `${HEADER}y = layers.Add()([keras.Input((3,)), keras.Input((4,))])\n` },
  'undefined-dim': { text: `${HEADER}y = layers.Dense(3)(layers.Flatten()(keras.Input((None, 4))))\n` },
  'invalid-reshape': { text: `${HEADER}y = layers.Reshape((5,))(keras.Input((4,)))\n` },
  'unknown-layer': { text: `${HEADER}y = layers.Denes(3)(keras.Input((4,)))\n` },
  'syntax-error': { text: `${HEADER}x = 1\u00a0+ 2\n` },
  // Read as Keras 1 code: the notes say what Keras 3 would make of it.
  'legacy-argument': { text: `${HEADER}y = layers.Conv2D(8, 3, border_mode='same')(keras.Input((28, 28, 1)))\n`, config: { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion: '1' } },
  'legacy-layer': { text: `${HEADER}y = layers.TimeDistributedDense(8)(keras.Input((5, 4)))\n`, config: { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion: '1' } },
  'legacy-function': { text: `${HEADER}from keras import backend as K\nK.set_image_dim_ordering('th')\n` },
  'shapes-lost': { text: `${HEADER}n = int(input())\nm = keras.Sequential([keras.Input((n,)), layers.Dense(4)])\n` },
  'budget-exhausted': { text: `${HEADER}for i in range(100000000):\n    x = i\n`, config: { ...DEFAULT_ANALYSIS_CONFIG, stepBudget: 1000 } },
};

test('the examples cover exactly the documented codes', () => {
  assert.deepEqual(Object.keys(EXAMPLES).sort(), allCodeDocs().map(([code]) => code).sort());
});

for (const [code, example] of Object.entries(EXAMPLES)) {
  test(`${code} is emitted`, async () => {
    const parser = await loadPythonParser();
    const result = analyzeText(parser, example.text, example.config ?? DEFAULT_ANALYSIS_CONFIG);
    assert.ok(
      result.diagnostics.some((d) => d.code === code),
      `no ${code} in ${JSON.stringify(result.diagnostics.map((d) => d.code))}`,
    );
  });
}

test('a misspelt layer class gets the nearest name; a Keras layer the analysis does not describe, a note', async () => {
  const parser = await loadPythonParser();
  const text = `${HEADER}a = layers.Denes(3)\nb = layers.Conv2d(4, 3)\nc = layers.MelSpectrogram()\n`;
  const diagnostics = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).diagnostics.map((d) => [text.slice(d.range.start, d.range.end), d.severity, d.message]);
  assert.deepEqual(diagnostics, [
    ['layers.Denes', 'error', "keras.layers has no layer 'Denes'. Did you mean `Dense`?"],
    ['layers.Conv2d', 'error', "keras.layers has no layer 'Conv2d'. Did you mean `Conv2D`?"],
    ['layers.MelSpectrogram', 'info', 'The analysis does not describe keras.layers.MelSpectrogram: its output shape is shown as unknown.'],
  ]);
});

test('a non-breaking space in code is a syntax error at that character, and the rest of the file is analysed', async () => {
  const parser = await loadPythonParser();
  const text = `${HEADER}x = 1\u00a0+ 2\ny = layers.Dense(3)(keras.Input((4,)))\n`;
  const result = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG);
  const [d] = result.diagnostics;
  assert.equal(result.diagnostics.length, 1);
  assert.equal(d.code, 'syntax-error');
  assert.equal(text.slice(d.range.start, d.range.end), '\u00a0');
  assert.equal(result.calls.length, 1);
});

test('the golden programs and fixtures emit documented codes only', async () => {
  const parser = await loadPythonParser();
  const documented = new Set(allCodeDocs().map(([code]) => code));
  for (const [name, text] of [...pythonFiles(path.join(goldenDir(), 'programs')), ...pythonFiles(sourceDir('fixtures', 'analysis'))]) {
    for (const d of analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).diagnostics) assert.ok(documented.has(d.code), `${name}: ${d.code}`);
  }
});
