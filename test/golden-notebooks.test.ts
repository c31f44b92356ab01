// Every golden program (recorded from real Keras 3.16) as a Jupyter notebook:
// the imports in cell 1, a `%matplotlib inline` cell, then each top-level
// statement in a cell of its own (without the blank lines around it, as
// people write cells), with markdown cells in between. Read as an .ipynb
// file, the notebook must give the records of the .py file, each placed in
// the cell that holds its line and at the line in that cell: the layer
// records, the model totals and the error line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG } from '../server/src/analysis';
import { programOf, type Place } from '../server/src/cli/programs';
import { loadPythonParser, parsePython } from '../server/src/python/parser';
import { checkGolden } from './goldenPending';
import { goldenDir } from './goldenPath';

interface LayerExpect {
  line: number;
  class: string;
  output_shapes: (number | null)[][] | null;
  trainable_params: number | null;
  non_trainable_params: number | null;
  count: number;
}

interface ProgramExpect {
  layers: LayerExpect[];
  models: { line: number; total_params: number; trainable_params: number; non_trainable_params: number }[];
  error: { line: number; message: string } | null;
}

/** A cell of the generated notebook, and (for a code cell from the program) the program line it starts at. */
interface GeneratedCell {
  readonly kind: 'code' | 'markdown';
  readonly text: string;
  readonly firstLine?: number;
}

const IMPORT = /^(?:import|from)\s/;

/** The program as notebook cells, split at its top-level statements. */
async function asCells(text: string): Promise<GeneratedCell[]> {
  const parser = await loadPythonParser();
  const tree = parsePython(parser, text);
  const lines = text.split('\n');
  // 0-based first lines of the top-level statements (comments go with the statement before them).
  const starts: number[] = [];
  const imports: boolean[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node || node.type === 'comment') continue;
    const row = node.startPosition.row;
    if (starts.length > 0 && starts[starts.length - 1] === row) continue;
    starts.push(row);
    imports.push(IMPORT.test(node.text));
  }
  tree.delete();
  // The docstring and the leading imports make cell 1.
  let first = 1;
  while (first < starts.length && imports[first]) first++;
  const bounds = [0, ...starts.slice(first)];
  const cells: GeneratedCell[] = [];
  for (let k = 0; k < bounds.length; k++) {
    const from = bounds[k];
    const to = k + 1 < bounds.length ? bounds[k + 1] : lines.length;
    const body = lines.slice(from, to).join('\n').replace(/\s+$/, '');
    if (body === '') continue;
    cells.push({ kind: 'code', text: body, firstLine: from + 1 });
    if (k === 0) cells.push({ kind: 'code', text: '%matplotlib inline' });
    else if (k % 3 === 0) cells.push({ kind: 'markdown', text: `## Part ${k / 3}\nWhat comes next.` });
  }
  return cells;
}

/** The .ipynb JSON of the cells, sources as lists of lines as Jupyter writes them. */
function ipynb(cells: readonly GeneratedCell[]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
      cells: cells.map((c) => ({
        cell_type: c.kind,
        metadata: {},
        source: c.text.split(/(?<=\n)/),
        ...(c.kind === 'code' ? { execution_count: null, outputs: [] } : {}),
      })),
    },
    null,
    1,
  );
}

/** Where a line of the program is in the notebook: the cell (1-based, every cell counted) and the line in it. */
function placeOfLine(cells: readonly GeneratedCell[], line: number): { cell: number; line: number } {
  let at: { cell: number; line: number } | undefined;
  cells.forEach((c, i) => {
    if (c.firstLine !== undefined && c.firstLine <= line) at = { cell: i + 1, line: line - c.firstLine + 1 };
  });
  if (!at) throw new Error(`line ${line} is in no cell`);
  return at;
}

const dir = path.join(goldenDir(), 'programs');
const programs = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();

test('the golden programs split into several cells each', async () => {
  const text = fs.readFileSync(path.join(dir, 'bug_dense_before_conv.py'), 'utf8');
  const cells = await asCells(text);
  assert.ok(cells.filter((c) => c.kind === 'code').length > 5, JSON.stringify(cells));
  assert.match(cells[0].text, /^"""DCGAN[^]*from tensorflow\.keras import layers$/);
  assert.equal(cells[1].text, '%matplotlib inline');
  assert.deepEqual(placeOfLine(cells, 11), { cell: 5, line: 2 });
});

for (const file of programs) {
  test(`golden program ${file} as a notebook`, () => checkGolden(file.replace(/\.py$/, ''), async () => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const expect = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.py$/, '.expect.json')), 'utf8')) as ProgramExpect;
    const cells = await asCells(text);
    const outcome = programOf(file.replace(/\.py$/, '.ipynb'), ipynb(cells));
    assert.equal(outcome.kind, 'program');
    if (outcome.kind !== 'program') return;
    const program = outcome.program;
    const r = analyzeText(await loadPythonParser(), program.text, DEFAULT_ANALYSIS_CONFIG);
    const where = (p: Place): string => `cell ${p.cell}:${p.line}`;
    const inCell = (line: number): string => {
      const p = placeOfLine(cells, line);
      return `cell ${p.cell}:${p.line}`;
    };
    // Layer records by place, as lineRecords makes them for a file.
    const got = new Map<string, number>();
    const gotPlaces = new Set<string>();
    for (const call of r.calls) {
      const at = where(program.place(call.range.start));
      for (const o of call.outcomes) {
        const shapes = o.outputShapes ? o.outputShapes.map((s) => [...s]) : null;
        const key = JSON.stringify([at, call.className, shapes, o.trainableParams, o.nonTrainableParams]);
        got.set(key, (got.get(key) ?? 0) + o.count);
        if (shapes !== null) gotPlaces.add(at);
      }
    }
    const missing = expect.layers.filter((e) => {
      const key = JSON.stringify([inCell(e.line), e.class, e.output_shapes, e.trainable_params, e.non_trainable_params]);
      return got.get(key) !== e.count;
    });
    assert.deepEqual(missing, [], `records not reproduced, or not in their cell, in ${file}`);
    // No record at a place Keras has none for, before the error.
    const expectedPlaces = new Set(expect.layers.map((e) => inCell(e.line)));
    const errorPlace = expect.error ? placeOfLine(cells, expect.error.line) : undefined;
    const beforeError = (p: Place, orAt = false): boolean =>
      !errorPlace ||
      (p.cell ?? 0) < errorPlace.cell ||
      ((p.cell ?? 0) === errorPlace.cell && (p.line < errorPlace.line || (orAt && p.line === errorPlace.line)));
    const extra = r.calls
      .filter((c) => c.outcomes.some((o) => o.outputShapes !== null))
      .map((c) => program.place(c.range.start))
      .filter((p) => beforeError(p) && !expectedPlaces.has(where(p)))
      .map(where);
    assert.deepEqual(extra, [], `records at places Keras has none for in ${file}`);
    const modelPlaces = new Set(expect.models.map((m) => inCell(m.line)));
    const models = r.models
      .filter((m) => m.totalParams !== null || modelPlaces.has(where(program.place(m.range.start))))
      // A script that raised never got past its error line: models built after it are exempt.
      .filter((m) => beforeError(program.place(m.range.start), true))
      .map((m) => ({ at: where(program.place(m.range.start)), total_params: m.totalParams, trainable_params: m.trainableParams, non_trainable_params: m.nonTrainableParams }));
    assert.deepEqual(
      models,
      expect.models.map((m) => ({ at: inCell(m.line), total_params: m.total_params, trainable_params: m.trainable_params, non_trainable_params: m.non_trainable_params })),
      `model totals in ${file}`,
    );
    const errors = program.placeDiagnostics(file, r.diagnostics.filter((d) => d.severity === 'error'));
    if (expect.error) {
      const line = expect.error.line;
      assert.ok(errors.some((d) => `cell ${d.cell}:${d.line}` === inCell(line)), `expected an error at ${inCell(line)}, got ${JSON.stringify(errors)}`);
    } else {
      assert.deepEqual(errors.map((d) => `cell ${d.cell}:${d.line}: ${d.message}`), [], `no shape error expected in ${file}`);
    }
  }));
}
