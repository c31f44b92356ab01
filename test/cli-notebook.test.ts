// Jupyter notebooks on the command line: `check` walks .ipynb files with the
// .py files and places diagnostics by cell (text, JSON, SARIF, GitHub);
// `summary` reads a notebook's code cells as one program; a notebook that is
// not nbformat 4 JSON is a clear error for that file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './goldenPath';

const BIN = path.join(repoRoot, 'bin', 'keras-shapes.js');
const NOTEBOOKS = path.join(repoRoot, 'test', 'fixtures', 'notebooks');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd = NOTEBOOKS): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', COLUMNS: '' } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

const BUG_MESSAGE = /Input 0 with name 'None' of layer 'conv2d_1' is incompatible with the layer: expected min_ndim=4, found ndim=2/;

test('check on a notebook names the cell, the line and column in it, and shows the cell line', async () => {
  const r = await run(['check', 'bug.ipynb']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^bug\.ipynb:cell 5:2:7: error\[incompatible-input\]: /);
  assert.match(lines[0], BUG_MESSAGE);
  assert.equal(lines[1], '  |');
  assert.equal(lines[2], '2 | bad = layers.Conv2D(4, 3)(outputs)');
  assert.equal(lines[3], '  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^');
  assert.match(r.stdout, /Found 1 error in 1 file \(1 file checked\)\n$/);
  assert.equal(r.stderr, '');
});

test('check walks notebooks with Python files; magics, %%time and %%bash cells are no syntax errors', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-nb-'));
  for (const name of ['mnist.ipynb', 'bug.ipynb', 'string-source.ipynb']) fs.copyFileSync(path.join(NOTEBOOKS, name), path.join(root, name));
  fs.writeFileSync(path.join(root, 'model.py'), 'import keras\nfrom keras import layers\nx = keras.Input(shape=(4,))\ny = layers.Dense(2)(x)\n');
  fs.mkdirSync(path.join(root, '.ipynb_checkpoints'));
  fs.copyFileSync(path.join(NOTEBOOKS, 'bug.ipynb'), path.join(root, '.ipynb_checkpoints', 'bug-checkpoint.ipynb'));
  const r = await run(['check', '--format', 'json', '.'], root);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files_checked: number; diagnostics: Record<string, unknown>[] };
  assert.equal(report.files_checked, 4, 'three notebooks and a .py file; checkpoints (a hidden folder) skipped');
  assert.equal(report.diagnostics.length, 1, JSON.stringify(report.diagnostics));
  const [d] = report.diagnostics;
  assert.deepEqual(
    { file: d.file, cell: d.cell, line: d.line, column: d.column, end_line: d.end_line, end_column: d.end_column, code: d.code },
    { file: 'bug.ipynb', cell: 5, line: 2, column: 7, end_line: 2, end_column: 35, code: 'incompatible-input' },
  );
  fs.rmSync(root, { recursive: true, force: true });
});

test('check --format sarif: a logical location for the cell and a region in it', async () => {
  const r = await run(['check', '--format', 'sarif', 'bug.ipynb']);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as {
    runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: object }; logicalLocations: object[]; properties: object }[] }[] }[];
  };
  const [result] = log.runs[0].results;
  const [location] = result.locations;
  assert.equal(location.physicalLocation.artifactLocation.uri, 'bug.ipynb');
  assert.deepEqual(location.physicalLocation.region, { startLine: 2, startColumn: 7, endLine: 2, endColumn: 35 });
  assert.deepEqual(location.logicalLocations, [{ name: 'cell 5', fullyQualifiedName: 'bug.ipynb:cell 5', kind: 'notebookCell' }]);
  assert.deepEqual(location.properties, { cell: 5, regionRelativeTo: 'cell' });
});

test('check --format github: an annotation on the line of the .ipynb file holding the code, its title naming the cell and line', async () => {
  const r = await run(['check', '--format', 'github', 'bug.ipynb']);
  assert.equal(r.code, 1, r.stderr);
  const [annotation] = r.stdout.split('\n');
  const fileLines = fs.readFileSync(path.join(NOTEBOOKS, 'bug.ipynb'), 'utf8').split('\n');
  const line = fileLines.findIndex((l) => l.includes('"bad = layers.Conv2D(4, 3)(outputs)')) + 1;
  const column = fileLines[line - 1].indexOf('layers') + 1;
  assert.equal(
    annotation.slice(0, annotation.indexOf('::Input')),
    `::error file=bug.ipynb,line=${line},col=${column},title=keras-shapes [incompatible-input] cell 5%2C line 2%2C column 7`,
  );
  assert.match(annotation, /::Input 0 with name 'None' of layer 'conv2d_1' is incompatible/);
});

test('summary of a notebook: its models with their cell, then its diagnostics', async () => {
  const text = await run(['summary', 'mnist.ipynb']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^mnist\.ipynb:cell 3:5: model\nModel: "functional"/);
  assert.match(text.stdout, /│ conv2d \(Conv2D\) +│ \(None, 26, 26, 8\) +│ +80 │/);
  assert.match(text.stdout, /Total params: 54,170/);
  const bug = await run(['summary', 'bug.ipynb']);
  assert.match(bug.stdout, /bug\.ipynb:cell 5:2:7: error\[incompatible-input\]/);
  const json = await run(['summary', '--json', 'bug.ipynb']);
  assert.equal(json.code, 0, json.stderr);
  const summary = JSON.parse(json.stdout) as { layers: Record<string, unknown>[]; models: Record<string, unknown>[]; diagnostics: Record<string, unknown>[] };
  assert.deepEqual(summary.layers[0], {
    cell: 3,
    line: 2,
    column: 5,
    class: 'Conv2D',
    output_shapes: [[null, 26, 26, 8]],
    trainable_params: 80,
    non_trainable_params: 0,
    count: 1,
  });
  assert.deepEqual(summary.models.map((m) => [m.cell, m.line, m.name]), [[3, 5, 'model']]);
  assert.deepEqual(summary.diagnostics.map((d) => [d.cell, d.line, d.column, d.code]), [[5, 2, 7, 'incompatible-input']]);
});

test('plot of a notebook: the graph of its cells as one program, each layer with its cell and the line in it', async () => {
  const r = await run(['plot', '--format', 'json', 'mnist.ipynb']);
  assert.equal(r.code, 0, r.stderr);
  const graph = JSON.parse(r.stdout) as { models: { name: string; cell?: number; line: number; nodes: { class: string; cell?: number; line: number | null }[] }[] };
  assert.equal(graph.models.length, 1);
  const [m] = graph.models;
  assert.deepEqual([m.name, m.cell, m.line], ['model', 3, 5]);
  assert.deepEqual(
    m.nodes.map((n) => [n.class, n.cell, n.line]),
    [
      ['InputLayer', undefined, null],
      ['Conv2D', 3, 2],
      ['Flatten', 3, 3],
      ['Dense', 3, 4],
    ],
  );
  const bad = await run(['plot', 'invalid/truncated.ipynb']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a readable notebook/);
});

test('a notebook whose source is one string and whose metadata names no language', async () => {
  const r = await run(['summary', '--json', 'string-source.ipynb']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { layers: Record<string, unknown>[] };
  assert.deepEqual(summary.layers.map((l) => [l.cell, l.line, l.class, l.output_shapes]), [[1, 6, 'Dense', [[null, 2]]]]);
});

test('a notebook that is not valid JSON, or not nbformat 4, is an error for that file; the others are still checked', async () => {
  const r = await run(['check', 'invalid', 'bug.ipynb']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /^error: invalid\/nbformat3\.ipynb: not a readable notebook: nbformat 3 is not supported \(only nbformat 4\)$/m);
  assert.match(r.stderr, /^error: invalid\/truncated\.ipynb: not a readable notebook: not valid JSON: .*line \d+ column \d+/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.match(r.stdout, /bug\.ipynb:cell 5:2:7: error/);
  assert.match(r.stdout, /Found 1 error in 1 file \(1 file checked\)/);
  const summary = await run(['summary', 'invalid/truncated.ipynb']);
  assert.equal(summary.code, 2);
  assert.match(summary.stderr, /^error: invalid\/truncated\.ipynb: not a readable notebook: not valid JSON/);
});

test('a notebook of another language is skipped with a warning', async () => {
  const r = await run(['check', 'other']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /warning: skipped other\/r-kernel\.ipynb: not a Python notebook \(language: r\)/);
  assert.equal(r.stdout, 'No shape errors in 0 files (1 file skipped)\n');
});

test('an interactive Python file (# %% cells) stays an ordinary Python file', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-nb-'));
  fs.writeFileSync(
    path.join(root, 'cells.py'),
    '# %%\nimport keras\nfrom keras import layers\n\n# %% The model\nx = keras.Input(shape=(4,))\ny = layers.Dense(2)(x)\n',
  );
  const r = await run(['summary', '--json', 'cells.py'], root);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { layers: Record<string, unknown>[] };
  assert.deepEqual(summary.layers.map((l) => [l.cell, l.line, l.class]), [[undefined, 7, 'Dense']]);
  fs.rmSync(root, { recursive: true, force: true });
});
