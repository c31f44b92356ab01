// The workspace's own modules: a fixture workspace (test/fixtures/workspace-imports/project)
// whose files import each other — a package with `__init__.py` re-exports,
// relative imports, a config module, an import cycle, a module Python cannot
// parse, and one outside the workspace (../outside, given as an import root).
// Every file's comments say what the analysis of that file shows
// (fixtureExpectations.ts); imports are read, never run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, DiskModuleFiles, ModuleParses, type AnalysisResult, type ModuleFiles } from '../server/src/analysis';
import { loadPythonParser } from '../server/src/python/parser';
import { repoRoot, sourceDir } from './goldenPath';
import { compareFixture, draftExpectations, readExpectations } from './fixtureExpectations';

const fixture = sourceDir('fixtures', 'workspace-imports');
const project = path.join(fixture, 'project');
const outside = path.join(fixture, 'outside');

function pythonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFilesUnder(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

async function analyzeFile(files: ModuleFiles, file: string, text = fs.readFileSync(file, 'utf8')): Promise<AnalysisResult> {
  const parser = await loadPythonParser();
  return analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG, undefined, { files, parser, parses: new ModuleParses(), file });
}

const disk = new DiskModuleFiles([project], [project, outside]);

for (const file of pythonFilesUnder(project)) {
  const name = path.relative(project, file);
  test(`workspace imports: ${name} shows what its comments say`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const result = await analyzeFile(disk, file, text);
    const problems = compareFixture(text, result);
    if (problems.length > 0 && process.env.FIXTURE_DRAFT) process.stdout.write(`\n----- ${name} (draft)\n${draftExpectations(text, result)}\n`);
    assert.ok(problems.length === 0, `${name}: ${problems.length} mismatch(es)\n  ${problems.join('\n  ')}`);
  });
}

// ---------------------------------------------------------------- the command line

const BIN = path.join(repoRoot, 'bin', 'keras-shapes.js');

function cli(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

interface JsonLayer {
  readonly line: number;
  readonly column: number;
  readonly output_shapes: (number | null)[][] | null;
  readonly trainable_params: number | null;
}
interface JsonSummary {
  readonly layers: JsonLayer[];
  readonly models: { line: number; total_params: number | null }[];
}

/** The hints and model totals that train.py's comments expect, as `summary --json` writes them. */
function expectedOfTrain(): { layers: string[]; models: string[] } {
  const text = fs.readFileSync(path.join(project, 'train.py'), 'utf8');
  const expect = readExpectations(text);
  return {
    layers: expect.hints.map((h) => `${h.line + 1}:${h.column + 1} ${h.label.replace(/ because .*/, '')}`).sort(),
    models: [...expect.models].flatMap(([line, labels]) => labels.map((l) => `${line + 1} ${l.replace(/ \(.*/, '')}`)).sort(),
  };
}

function summaryOf(json: JsonSummary): { layers: string[]; models: string[] } {
  const shape = (s: (number | null)[]) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  return {
    layers: json.layers
      .map((l) => `${l.line}:${l.column} ${l.output_shapes === null ? '?' : l.output_shapes.map(shape).join(', ')}${l.trainable_params ? ` · ${l.trainable_params.toLocaleString('en-US')}` : ''}`)
      .sort(),
    models: json.models.map((m) => `${m.line} ${m.total_params === null ? '?' : m.total_params.toLocaleString('en-US')}`).sort(),
  };
}

test('CLI summary: imports are resolved from the checked folder and --path, as the comments of train.py say', async () => {
  const r = await cli(['summary', '--json', '--path', '../outside', 'train.py'], project);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(summaryOf(JSON.parse(r.stdout) as JsonSummary), expectedOfTrain());
});

test('CLI summary: --root names the workspace when run from elsewhere', async () => {
  const r = await cli(['summary', '--json', '--root', 'project', '--path', 'outside', path.join('project', 'train.py')], fixture);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(summaryOf(JSON.parse(r.stdout) as JsonSummary), expectedOfTrain());
  // A root that does not hold the modules: the imports are unknown, nothing is read from outside it.
  const narrow = await cli(['summary', '--json', '--root', path.join('project', 'models'), path.join('project', 'train.py')], fixture);
  const models = (JSON.parse(narrow.stdout) as JsonSummary).models;
  assert.ok(models.every((m) => m.total_params !== 11_642), narrow.stdout);
});

test('CLI check: a folder of modules that import each other, the module Python cannot parse the only errors', async () => {
  const r = await cli(['check', '--format', 'json', '--path', '../outside', '.'], project);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { diagnostics: { file: string; code: string }[] };
  assert.deepEqual([...new Set(report.diagnostics.map((d) => `${d.file} ${d.code}`))], ['broken.py syntax-error']);
});

test('CLI summary: a notebook imports the workspace modules too', async () => {
  const r = await cli(['summary', '--json', 'explore.ipynb'], project);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { models: { name: string; total_params: number }[] };
  // build_model() is 5,418 params (models/builder.py); a Dense(20) on its 10 logits adds 10 * 20 + 20.
  assert.deepEqual(json.models.map((m) => [m.name, m.total_params]), [['base', 5_418], ['head', 5_638]]);
});
