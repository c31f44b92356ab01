// `keras-shapes check` carries the quick fixes: a suggestion line in text,
// `fixes` in JSON, SARIF 2.1.0 `fixes` (artifactChanges / replacements);
// and `--keras-version` reads old code the old way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ANALYSIS_CONFIG } from '../server/src/analysis';
import { LineIndex } from '../server/src/ide/positions';
import { placeDiagnostics, renderDiagnosticText, renderJson, renderSarif, tally } from '../server/src/cli/report';
import { configForKerasVersion } from '../server/src/cli/source';
import { UsageError } from '../server/src/cli/args';
import { PLAIN } from '../server/src/cli/terminal';
import { analyzeSource } from './analysisHarness';

const TEXT = `import keras
from keras import layers
inputs = keras.Input((8,))
y = layers.Dense(output_dim=4)(inputs)
`;

test('check output carries the fix in text, JSON and SARIF', async () => {
  const result = await analyzeSource(TEXT, DEFAULT_ANALYSIS_CONFIG);
  const placed = placeDiagnostics('old.py', new LineIndex(TEXT), result.diagnostics);
  assert.equal(placed.length, 1);
  const [d] = placed;
  assert.deepEqual(d.fixes, [{ title: 'Write units=4', edits: [{ line: 4, column: 18, endLine: 4, endColumn: 30, newText: 'units=4' }] }]);
  assert.match(renderDiagnosticText(d, PLAIN), /= suggestion: Write units=4\n/);
  const json = JSON.parse(renderJson(placed, tally(placed, 1, 0))) as { diagnostics: { fixes: unknown }[] };
  assert.deepEqual(json.diagnostics[0].fixes, [{ title: 'Write units=4', edits: [{ line: 4, column: 18, end_line: 4, end_column: 30, new_text: 'units=4' }] }]);
  const sarif = JSON.parse(renderSarif(placed, '0.0.0', '/work')) as { runs: { results: { fixes: unknown }[] }[] };
  assert.deepEqual(sarif.runs[0].results[0].fixes, [
    {
      description: { text: 'Write units=4' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'old.py', uriBaseId: '%SRCROOT%' },
          replacements: [{ deletedRegion: { startLine: 4, startColumn: 18, endLine: 4, endColumn: 30 }, insertedContent: { text: 'units=4' } }],
        },
      ],
    },
  ]);
});

test('--keras-version: 1 reads the old spelling, with an info note and the same fix', async () => {
  const config = configForKerasVersion('1');
  assert.equal(config.kerasVersion, '1');
  assert.equal(configForKerasVersion(undefined), DEFAULT_ANALYSIS_CONFIG);
  assert.equal(configForKerasVersion('tf.keras').kerasVersion, 'tf.keras2');
  assert.throws(() => configForKerasVersion('4'), UsageError);
  const result = await analyzeSource(TEXT, config);
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.code, d.fixes?.map((f) => f.title)]),
    [['info', 'legacy-argument', ['Write units=4']]],
  );
  assert.deepEqual(result.calls.find((c) => c.className === 'Dense')?.outcomes[0].outputShapes, [[null, 4]]);
});
