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
import * as os from 'node:os';
import * as path from 'node:path';
import {
  analyzeSource,
  analyzeText,
  CheckpointStore,
  DEFAULT_ANALYSIS_CONFIG,
  DiskModuleFiles,
  MAX_IMPORTED_MODULES,
  MAX_IMPORT_DEPTH,
  MemoryModuleFiles,
  ModuleParses,
  SyntaxCache,
  type AnalysisResult,
  type ModuleFiles,
} from '../server/src/analysis';
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
  readonly output_shapes: (number | null | '?')[][] | null;
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
  const shape = (s: (number | null | '?')[]) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  return {
    layers: json.layers
      .map((l) => `${l.line}:${l.column} ${l.output_shapes === null ? '?' : l.output_shapes.map(shape).join(', ')}${l.trainable_params ? ` · ${l.trainable_params.toLocaleString('en-US')}` : l.output_shapes !== null && l.trainable_params === null ? ' · ?' : ''}`)
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

// ---------------------------------------------------------------- resolution and bounds, over files in memory

async function analyzeMemory(files: Record<string, string>, main = '/ws/train.py', roots = ['/ws', '/ws/src']): Promise<AnalysisResult> {
  const texts = new Map(Object.entries(files));
  return analyzeFile(new MemoryModuleFiles(texts, '/ws', roots), main, texts.get(main));
}

/** The first outcome of each layer call, as a hint reads: `(None, 4)`, `? because …`. */
function outputs(result: AnalysisResult): string[] {
  return result.calls.map((c) => {
    const o = c.outcomes[0];
    return o.outputShapes === null ? `? because ${o.unknownReason ?? ''}` : o.outputShapes.map((s) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`).join(', ');
  });
}

const DENSE = (units: string) => `import keras\nfrom keras import layers\nx = keras.Input((3,))\ny = layers.Dense(${units})(x)\n`;

test('modules under src/ and namespace packages are found; `import a.b.c` binds a', async () => {
  const r = await analyzeMemory({
    '/ws/src/pkg/__init__.py': '',
    '/ws/src/pkg/sub/__init__.py': '',
    '/ws/src/pkg/sub/consts.py': 'WIDTH = 5\n',
    '/ws/ns/values.py': 'HEIGHT = 6\n',
    '/ws/train.py': `import pkg.sub.consts\nfrom ns.values import HEIGHT\n${DENSE('pkg.sub.consts.WIDTH + HEIGHT')}`,
  });
  assert.deepEqual(outputs(r), ['(None, 11)']);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.imports?.map((f) => f.path).sort(), ['/ws/ns/values.py', '/ws/src/pkg/__init__.py', '/ws/src/pkg/sub/__init__.py', '/ws/src/pkg/sub/consts.py']);
});

test('relative imports follow Python: in a package, not past its top, not from a script without one', async () => {
  const r = await analyzeMemory({
    '/ws/pkg/__init__.py': 'from .inner.deep import DEEP\n',
    '/ws/pkg/inner/__init__.py': '',
    '/ws/pkg/inner/deep.py': 'from .. import base\nfrom ..base import BASE\nDEEP = BASE * 2\nBEYOND = 0\nfrom ... import outside\n',
    '/ws/pkg/base.py': 'BASE = 3\n',
    '/ws/train.py': `from pkg import DEEP\nfrom pkg.inner.deep import outside\nfrom . import sibling\n${DENSE('DEEP')}z = layers.Dense(outside)(x)\nw = layers.Dense(sibling)(x)\n`,
  });
  assert.deepEqual(outputs(r), ['(None, 6)', '? because some dimensions are not known because `from ... import …`: attempted relative import beyond top-level package', '? because some dimensions are not known because `from . import …`: attempted relative import with no known parent package']);
});

test('`from m import *` binds `__all__` when the module has one, else its public names', async () => {
  const r = await analyzeMemory({
    '/ws/consts.py': '__all__ = ["A"]\nA = 2\nB = 3\n',
    '/ws/more.py': 'C = 4\n_D = 5\n',
    '/ws/train.py': `from consts import *\nfrom more import *\n${DENSE('A + C')}b = layers.Dense(B)(x)\nd = layers.Dense(_D)(x)\n`,
  });
  assert.deepEqual(outputs(r).map((o) => o.replace(/ because .*/, '')), ['(None, 6)', '?', '?']);
});

test('the library is asked first: a workspace file named keras does not hide Keras', async () => {
  const r = await analyzeMemory({ '/ws/keras.py': 'Input = None\n', '/ws/train.py': DENSE('4') });
  assert.deepEqual(outputs(r), ['(None, 4)']);
  assert.equal(r.imports, undefined);
});

test("an imported module's own reports stay in its file; an error of its code that the file's call ran is the file's, at the call", async () => {
  const helper = 'import keras\nfrom keras import layers\nbad = layers.Conv2D(4, 3)(keras.Input((5,)))\nUNITS = (7\n';
  const files = { '/ws/helper.py': `${helper})\ndef block(x):\n    return layers.Conv2D(4, 3)(x)\n`, '/ws/train.py': `from helper import UNITS, block\n${DENSE('UNITS')}z = block(x)\n` };
  const r = await analyzeMemory(files);
  const text = files['/ws/train.py'];
  assert.deepEqual(
    r.diagnostics.map((d) => ({ code: d.code, at: text.slice(d.range.start, d.range.end), message: d.message.slice(0, 40) })),
    [{ code: 'incompatible-input', at: 'block(x)', message: "helper.py:7: Input 0 with name 'None' of" }],
  );
  assert.equal(r.diagnostics[0].fixes, undefined);
  assert.deepEqual(outputs(r).map((o) => o.replace(/ because .*/, '')), ['(None, 7)']);
  // The same module analysed as the file itself reports its error.
  const own = await analyzeMemory(files, '/ws/helper.py');
  assert.deepEqual(own.diagnostics.map((d) => d.code), ['incompatible-input']);
});

test('imports are bounded: a chain too deep and too many modules give unknowns that say why, a self-import does not hang', async () => {
  const chain: Record<string, string> = { '/ws/train.py': `from m0 import V\n${DENSE('V')}` };
  for (let i = 0; i < MAX_IMPORT_DEPTH + 3; i++) chain[`/ws/m${i}.py`] = `from m${i + 1} import V\nV = V + 1\n`;
  chain[`/ws/m${MAX_IMPORT_DEPTH + 3}.py`] = 'V = 1\n';
  assert.match(outputs(await analyzeMemory(chain))[0], /imported more than 12 modules deep/);

  const many: Record<string, string> = {};
  const names: string[] = [];
  for (let i = 0; i < MAX_IMPORTED_MODULES + 2; i++) {
    many[`/ws/c${i}.py`] = `V${i} = 1\n`;
    names.push(`from c${i} import V${i}`);
  }
  many['/ws/train.py'] = `${names.join('\n')}\n${DENSE(`V${MAX_IMPORTED_MODULES - 1}`)}z = layers.Dense(V${MAX_IMPORTED_MODULES})(x)\n`;
  assert.deepEqual(outputs(await analyzeMemory(many)).map((o) => o.replace(/^\? because .*module number (\d+).*$/, 'number $1')), ['(None, 1)', `number ${MAX_IMPORTED_MODULES + 1}`]);

  const self = await analyzeMemory({ '/ws/me.py': 'import me\nW = 2\nX = me.W\n', '/ws/train.py': `from me import W, X\n${DENSE('W + X')}` });
  assert.deepEqual(outputs(self), ['(None, 4)']);
});

test('a run resumed from checkpoints equals a fresh one with imports, after edits of the file and of the module', async () => {
  const parser = await loadPythonParser();
  const texts = new Map<string, string>([
    ['/ws/blocks.py', 'from keras import layers\n\nWIDTH = 8\n\n\ndef block(x, n):\n    return layers.Dense(n + WIDTH)(x)\n'],
    ['/ws/train.py', `import keras\nfrom keras import layers\nfrom blocks import block\n\nx = keras.Input((4,))\n\n${Array.from({ length: 12 }, (_, i) => `x = block(x, ${i})\n\ny${i} = layers.Dense(2)(x)\n`).join('\n')}`],
  ]);
  const files = new MemoryModuleFiles(texts, '/ws');
  const ctx = { files, parser, parses: new ModuleParses(), file: '/ws/train.py' };
  const syntax = new SyntaxCache();
  const checkpoints = new CheckpointStore(1);
  const run = (): AnalysisResult => analyzeSource(parser, texts.get('/ws/train.py') as string, DEFAULT_ANALYSIS_CONFIG, syntax, checkpoints, undefined, ctx);
  const fresh = (): AnalysisResult => analyzeText(parser, texts.get('/ws/train.py') as string, DEFAULT_ANALYSIS_CONFIG, undefined, { ...ctx, parses: new ModuleParses() });
  assert.deepEqual(run(), fresh());
  for (const [file, from, to] of [
    ['/ws/train.py', 'y11 = layers.Dense(2)', 'y11 = layers.Dense(3)'],
    ['/ws/train.py', 'y5 = layers.Dense(2)', 'y5 = layers.Dense(5)'],
  ] as const) {
    texts.set(file, (texts.get(file) as string).replace(from, to));
    const resumed = run();
    assert.deepEqual(resumed, fresh(), `after ${to}`);
  }
  assert.ok(checkpoints.resumed > 0, 'the runs resumed from checkpoints');
  // The module changed: the editor drops the file's checkpoints (lsp/documents.ts); a run then equals a fresh one.
  texts.set('/ws/blocks.py', (texts.get('/ws/blocks.py') as string).replace('WIDTH = 8', 'WIDTH = 9'));
  checkpoints.clear();
  const after = run();
  assert.deepEqual(after, fresh());
  // block(x, 0) in the module: Dense(0 + 9).
  assert.ok(after.importedCalls?.some((c) => c.outcomes.some((o) => o.outputShapes?.[0]?.[1] === 9)));
});

test('on disk, a link from the workspace to a file outside it is not read; an open document is read instead of its file', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-imports-'));
  try {
    const ws = path.join(tmp, 'ws');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(tmp, 'secret.py'), 'UNITS = 3\n');
    fs.symlinkSync(path.join(tmp, 'secret.py'), path.join(ws, 'linked.py'));
    fs.writeFileSync(path.join(ws, 'config.py'), 'UNITS = 4\n');
    const onDisk = new DiskModuleFiles([ws]);
    assert.equal(onDisk.read(path.join(ws, 'linked.py')), undefined);
    assert.equal(onDisk.read(path.join(tmp, 'secret.py')), undefined);
    assert.equal(onDisk.read(path.join(ws, 'config.py')), 'UNITS = 4\n');
    const open = new DiskModuleFiles([ws], undefined, (p) => (p === path.join(ws, 'config.py') ? 'UNITS = 5\n' : undefined));
    const r = await analyzeFile(open, path.join(ws, 'train.py'), `from config import UNITS\nfrom linked import UNITS as OTHER\n${DENSE('UNITS')}z = layers.Dense(OTHER)(x)\n`);
    assert.deepEqual(outputs(r).map((o) => o.replace(/ because .*/, '')), ['(None, 5)', '?']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a submodule is an attribute of its package once imported, as in Python; `from pkg import sub` imports it', async () => {
  const files = {
    '/ws/pkg/__init__.py': '',
    '/ws/pkg/consts.py': 'WIDTH = 5\n',
    '/ws/pkg/other.py': 'HEIGHT = 2\n',
  };
  const r = await analyzeMemory({ ...files, '/ws/train.py': `import pkg\nfrom pkg import other\n${DENSE('other.HEIGHT')}z = layers.Dense(pkg.consts.WIDTH)(x)\n` });
  // `pkg.consts` was never imported: Python raises AttributeError there.
  assert.deepEqual(outputs(r).map((o) => o.replace(/ because .*/, '')), ['(None, 2)', '?']);
  const imported = await analyzeMemory({ ...files, '/ws/train.py': `import pkg\nimport pkg.consts\n${DENSE('pkg.consts.WIDTH')}` });
  assert.deepEqual(outputs(imported), ['(None, 5)']);
});

test('a file analysed itself is named as `python -m` would name it: its relative imports count in its package', async () => {
  const files = {
    '/ws/src/pkg/__init__.py': '',
    '/ws/src/pkg/sibling.py': 'V = 3\n',
    '/ws/src/pkg/mod.py': `from .sibling import V\nfrom .. import other\n${DENSE('V')}z = layers.Dense(other)(x)\n`,
  };
  // `src/` is no package: the module is `pkg.mod`, and `..` goes past its top-level package.
  const r = await analyzeMemory(files, '/ws/src/pkg/mod.py');
  assert.deepEqual(outputs(r), ['(None, 3)', '? because some dimensions are not known because `from .. import …`: attempted relative import beyond top-level package']);
});
