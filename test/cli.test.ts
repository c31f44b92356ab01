// The `keras-shapes` command line run as a child process, as users and CI run
// it: exit codes, text output with its source snippet, JSON, SARIF and GitHub
// formats, skipped binary files, .gitignore handling, the `layer` command,
// text output in Chinese under a zh_CN locale, and every golden program's
// summary against what real Keras printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../server/src/engine';
import { checkGolden } from './goldenPending';
import { goldenDir, repoRoot } from './goldenPath';

const BIN = path.join(repoRoot, 'bin', 'keras-shapes.js');
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'cli');
const PROGRAMS = path.join(goldenDir(), 'programs');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** English output whatever the machine's language, unless a test sets one. */
const ENGLISH = { LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };

function run(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? FIXTURES, env: { ...process.env, NO_COLOR: '1', COLUMNS: '', ...ENGLISH, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

function tempTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

const CLEAN_MODEL = 'import keras\nfrom keras import layers\n\nx = keras.Input(shape=(4,))\ny = layers.Dense(2)(x)\n';
const BUGGY_MODEL =
  'import keras\nfrom keras import layers\n\na = keras.Input(shape=(8, 8, 3))\nb = keras.Input(shape=(4,))\n' +
  'c = layers.Concatenate()([a, b])\n';

// ---------------------------------------------------------------- usage

const USAGE_CASES: { args: string[]; code: number; out?: RegExp; err?: RegExp }[] = [
  { args: ['--help'], code: 0, out: /Usage: keras-shapes <command>/ },
  { args: ['-h'], code: 0, out: /Commands:/ },
  { args: ['check', '--help'], code: 0, out: /Usage: keras-shapes check/ },
  { args: ['summary', '--help'], code: 0, out: /Usage: keras-shapes summary/ },
  { args: [], code: 2, err: /Usage: keras-shapes/ },
  { args: ['frobnicate'], code: 2, err: /unknown command 'frobnicate'/ },
  { args: ['--frobnicate'], code: 2, err: /unknown option '--frobnicate'/ },
  { args: ['check', '--frobnicate'], code: 2, err: /unknown option '--frobnicate'/ },
  { args: ['check', '-x'], code: 2, err: /unknown option '-x'/ },
  { args: ['check', '--format', 'xml', 'clean'], code: 2, err: /--format' must be one of text, json, sarif, github/ },
  { args: ['check', '--format'], code: 2, err: /needs a value/ },
  { args: ['check', 'no/such/path'], code: 2, err: /no\/such\/path: no such file or directory/ },
  { args: ['check', 'clean', 'missing.py'], code: 2, err: /missing\.py: no such file or directory/ },
  { args: ['summary'], code: 2, err: /summary needs a FILE/ },
  { args: ['summary', 'a.py', 'b.py'], code: 2, err: /exactly one FILE/ },
  { args: ['summary', 'missing.py'], code: 2, err: /missing\.py: no such file or directory/ },
  { args: ['summary', '--json=yes', 'clean/mlp.py'], code: 2, err: /takes no value/ },
  { args: ['layer', 'extra'], code: 2, err: /layer takes no arguments/ },
];

for (const c of USAGE_CASES) {
  test(`keras-shapes ${c.args.join(' ') || '(no arguments)'} → exit ${c.code}`, async () => {
    const r = await run(c.args);
    assert.equal(r.code, c.code, `stderr: ${r.stderr}`);
    if (c.out) assert.match(r.stdout, c.out);
    if (c.err) assert.match(r.stderr, c.err);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
}

test('--version prints the version of package.json', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const r = await run(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `keras-shapes ${pkg.version}\n`);
});

// ---------------------------------------------------------------- check

test('check on a clean folder exits 0 and counts its files', async () => {
  const r = await run(['check', 'clean']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, 'No shape errors in 3 files\n');
});

test('check defaults to the current folder', async () => {
  const r = await run(['check'], { cwd: path.join(FIXTURES, 'clean') });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, 'No shape errors in 3 files\n');
});

test('check on a shape bug exits 1, names the line and underlines it', async () => {
  const file = path.join('bug', 'image_and_meta.py');
  const r = await run(['check', 'bug']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith(`${file}:13:`));
  assert.ok(header !== -1, `a diagnostic at ${file}:13 in:\n${r.stdout}`);
  const m = /^(.+):(\d+):(\d+): error\[([a-z-]+)\]: (.+)$/.exec(lines[header]);
  assert.ok(m, lines[header]);
  assert.ok(m[4] in DIAGNOSTIC_CODES || m[4] === 'tensor-op', `known code ${m[4]}`);
  // The snippet: gutter, the source line, carets starting under the reported column.
  const source = fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')[12];
  assert.equal(lines[header + 1], '   |');
  assert.equal(lines[header + 2], `13 | ${source}`);
  const caretLine = lines[header + 3];
  assert.match(caretLine, /^ {3}\| *\^+$/);
  assert.equal(caretLine.indexOf('^') - '   | '.length, Number(m[3]) - 1, 'carets under the column');
  assert.match(r.stdout, /Found 1 error in 1 file \(1 file checked\)\n$/);
});

test('check --format json lists every diagnostic with its place', async () => {
  const r = await run(['check', '--format', 'json', 'bug', 'clean']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files_checked: number; diagnostics: { file: string; line: number; severity: string }[] };
  assert.equal(report.files_checked, 4);
  assert.ok(report.diagnostics.some((d) => d.file === path.join('bug', 'image_and_meta.py') && d.line === 13 && d.severity === 'error'));
});

test('check --format sarif is SARIF 2.1.0 with one result per diagnostic', async () => {
  const [sarifRun, jsonRun] = await Promise.all([
    run(['check', '--format', 'sarif', 'bug', 'clean']),
    run(['check', '--format', 'json', 'bug', 'clean']),
  ]);
  assert.equal(sarifRun.code, 1, sarifRun.stderr);
  const diagnostics = (JSON.parse(jsonRun.stdout) as { diagnostics: { file: string; line: number; column: number; code: string; message: string }[] }).diagnostics;
  const sarif = JSON.parse(sarifRun.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.name, 'keras-shapes');
  const ruleIds = driver.rules.map((r: { id: string }) => r.id);
  for (const code of Object.keys(DIAGNOSTIC_CODES)) assert.ok(ruleIds.includes(code), `rule ${code}`);
  for (const rule of driver.rules) assert.ok(rule.shortDescription.text.length > 0);
  const results = sarif.runs[0].results;
  assert.ok(diagnostics.length > 0);
  assert.equal(results.length, diagnostics.length);
  results.forEach((result: any, i: number) => {
    const d = diagnostics[i];
    assert.equal(result.ruleId, d.code);
    assert.equal(driver.rules[result.ruleIndex].id, d.code);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.equal(result.message.text, d.message);
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, d.file.split(path.sep).join('/'));
    assert.equal(location.region.startLine, d.line);
    assert.equal(location.region.startColumn, d.column);
    assert.ok(location.region.endLine >= location.region.startLine);
  });
});

test('check --format github prints well-formed workflow commands', async () => {
  const r = await run(['check', '--format', 'github', 'bug', 'clean']);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const commands = lines.filter((l) => l.startsWith('::'));
  assert.ok(commands.length >= 1, r.stdout);
  for (const line of commands) {
    assert.match(
      line,
      /^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=keras-shapes \[[a-z-]+\]::[^\n]+$/,
    );
  }
  assert.ok(commands.some((l) => l.startsWith(`::error file=bug/image_and_meta.py,line=13,`)), r.stdout);
  assert.match(lines[lines.length - 1], /^Found 1 error in 1 file/);
});

test('check --exit-zero reports errors but exits 0', async () => {
  const r = await run(['check', '--exit-zero', 'bug']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Found 1 error/);
});

test('a binary or non-UTF-8 file is reported on stderr and skipped', async () => {
  const root = tempTree({
    'good.py': CLEAN_MODEL,
    'blob.py': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]),
    'latin1.py': Buffer.from('# caf\xe9\nx = 1\n', 'latin1'),
  });
  try {
    const r = await run(['check', '.'], { cwd: root });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /warning: skipped blob\.py: binary file/);
    assert.match(r.stderr, /warning: skipped latin1\.py: not UTF-8 text \(byte 0xE9 on line 1\)/);
    assert.equal(r.stdout, 'No shape errors in 1 file (2 files skipped)\n');
    const named = await run(['summary', 'latin1.py'], { cwd: root });
    assert.equal(named.code, 2);
    assert.match(named.stderr, /not UTF-8/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('check skips what .gitignore ignores, hidden folders, node_modules and virtual environments', async () => {
  const root = tempTree({
    '.gitignore': ['# generated code', 'build/', '*_generated.py', '!keep_generated.py', '/top_only.py', 'docs/**/scratch.py', ''].join('\n'),
    'main.py': CLEAN_MODEL,
    'top_only.py': BUGGY_MODEL,
    'pkg/top_only.py': CLEAN_MODEL,
    'pkg/model_generated.py': BUGGY_MODEL,
    'pkg/keep_generated.py': CLEAN_MODEL,
    'pkg/.gitignore': 'local.py\n',
    'pkg/local.py': BUGGY_MODEL,
    'other/local.py': CLEAN_MODEL,
    'build/out.py': BUGGY_MODEL,
    'docs/a/b/scratch.py': BUGGY_MODEL,
    'docs/a/b/example.py': CLEAN_MODEL,
    '.hidden/x.py': BUGGY_MODEL,
    'node_modules/pkg/x.py': BUGGY_MODEL,
    'venv/lib/x.py': BUGGY_MODEL,
    'myenv/pyvenv.cfg': 'home = /usr/bin\n',
    'myenv/lib/x.py': BUGGY_MODEL,
  });
  try {
    const r = await run(['check', '--format', 'json'], { cwd: root });
    const report = JSON.parse(r.stdout) as { files_checked: number; diagnostics: unknown[] };
    // main.py, pkg/top_only.py, pkg/keep_generated.py, other/local.py, docs/a/b/example.py
    assert.equal(report.files_checked, 5, r.stderr);
    assert.deepEqual(report.diagnostics, []);
    assert.equal(r.code, 0);
    // A file named on the command line is checked even when ignored.
    const named = await run(['check', '--format', 'json', 'build/out.py'], { cwd: root });
    assert.equal((JSON.parse(named.stdout) as { files_checked: number }).files_checked, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- summary

test('summary prints a Keras-style table per model', async () => {
  const r = await run(['summary', path.join('clean', 'mlp.py')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^clean\/mlp\.py:4: model\nModel: "sequential"\n┏/);
  assert.match(r.stdout, /│ dense \(Dense\) +│ \(None, 128\) +│ +100,480 │/);
  assert.match(r.stdout, / Total params: 101,770 \(397\.54 KB\)\n Trainable params: 101,770 \(397\.54 KB\)\n Non-trainable params: 0 \(0\.00 B\)\n/);
  for (const line of r.stdout.split('\n').filter((l) => /^[┏┃┡│├└]/.test(l))) assert.equal([...line].length, 76, line);
});

test('summary --json gives layers, models and diagnostics with 1-based positions', async () => {
  const r = await run(['summary', '--json', path.join('bug', 'image_and_meta.py')]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['keras_version', 'layers', 'models', 'diagnostics']);
  assert.deepEqual(out.keras_version, { version: '3', source: 'default' });
  assert.deepEqual(out.layers[0], {
    line: 9,
    column: 5,
    class: 'Conv2D',
    output_shapes: [[null, 30, 30, 8]],
    trainable_params: 224,
    non_trainable_params: 0,
    count: 1,
  });
  const error = out.diagnostics.find((d: { severity: string }) => d.severity === 'error');
  assert.equal(error.line, 13);
  assert.deepEqual(Object.keys(error), ['line', 'column', 'severity', 'code', 'message']);
});

// ---------------------------------------------------------------- Chinese

const CHINESE = { LANG: 'zh_CN.UTF-8' };

test('under a zh_CN locale, check explains each diagnostic in Chinese above Keras\'s English message', async () => {
  const r = await run(['check', 'bug'], { env: CHINESE });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = r.stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith(`${path.join('bug', 'image_and_meta.py')}:13:`));
  assert.match(lines[header], /: error\[incompatible-shapes\]: 合并层（Add、Concatenate、Dot 等）的输入形状无法组合。$/);
  assert.match(lines[header + 1], /^ {3}\| A `Concatenate` layer requires inputs with matching shapes/);
  // The help says why it fails and what to do, with the shapes of the file.
  assert.match(r.stdout, /^ {3}= 帮助: 它得到的形状是 `\(None, 30, 30, 16\)`，`\(None, 16\)`。让其余各轴相等（缩放、裁剪或填充某个分支），或沿不同的那个轴拼接。$/m);
  assert.match(r.stdout, /在 1 个文件中发现 1 个错误（已检查 1 个文件）\n$/);
  // Machine-readable output stays in English.
  const json = await run(['check', '--format', 'json', 'bug'], { env: CHINESE });
  assert.ok(!/\p{Script=Han}/u.test(json.stdout), json.stdout);
});

test('under a zh_CN locale, summary prints Chinese headings in Keras\'s layout; LC_ALL wins over LANG', async () => {
  const r = await run(['summary', path.join('clean', 'mlp.py')], { env: CHINESE });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^clean\/mlp\.py:4: model\n模型："sequential"\n┏/);
  assert.match(r.stdout, /┃ 层（类型） +┃ 输出形状 +┃ +参数量 ┃/);
  assert.match(r.stdout, /│ dense \(Dense\) +│ \(None, 128\) +│ +100,480 │/);
  assert.match(r.stdout, / 总参数量：101,770 \(397\.54 KB\)\n 可训练参数：101,770 \(397\.54 KB\)\n 不可训练参数：0 \(0\.00 B\)\n/);
  const english = await run(['summary', path.join('clean', 'mlp.py')], { env: { ...CHINESE, LC_ALL: 'en_US.UTF-8' } });
  assert.match(english.stdout, /\nModel: "sequential"\n/);
});

test('--lang picks the language over the environment, and rejects one it does not have', async () => {
  const chinese = await run(['summary', '--lang', 'zh-CN', path.join('clean', 'mlp.py')]);
  assert.match(chinese.stdout, /\n模型："sequential"\n/);
  const english = await run(['check', '--lang', 'en', 'bug'], { env: CHINESE });
  assert.match(english.stdout, /error\[incompatible-shapes\]: A `Concatenate` layer requires/);
  const bad = await run(['summary', '--lang', 'fr', path.join('clean', 'mlp.py')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /option '--lang' must be en or zh-CN \(got 'fr'\)/);
});

// ---------------------------------------------------------------- layer

test('layer answers a malformed line with an error and goes on', async () => {
  const input = [
    'this is not json',
    JSON.stringify({ layer: 'Dense', args: { units: 3 }, input_shape: [null, 4] }),
    JSON.stringify({ layer: 7 }),
    '',
    JSON.stringify({ layer: 'Dense', args: { units: 2 }, input_shape: [null, 3] }),
  ].join('\n');
  const r = await run(['layer'], { input: input + '\n' });
  assert.equal(r.code, 0, r.stderr);
  const answers = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(answers.length, 4);
  assert.match(answers[0].error, /malformed JSON/);
  assert.deepEqual(answers[1].output_shape, [null, 3]);
  assert.equal(answers[1].trainable_params, 15);
  assert.match(answers[2].error, /malformed case/);
  assert.equal(answers[3].trainable_params, 8);
});

// ---------------------------------------------------------------- golden programs

interface ExpectedLayer {
  line: number;
  class: string;
  output_shapes: unknown;
  trainable_params: number;
  non_trainable_params: number;
  count: number;
}
interface ExpectedModel {
  line: number;
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
}
interface Expectation {
  layers: ExpectedLayer[];
  models: ExpectedModel[];
  error: { line: number; type: string; message: string } | null;
}
interface SummaryJson {
  layers: (ExpectedLayer & { column: number; output_shapes: unknown[] | null })[];
  models: (ExpectedModel & { name: string })[];
  diagnostics: { line: number; severity: string; code: string; message: string }[];
}

const programs = fs.existsSync(PROGRAMS)
  ? fs
      .readdirSync(PROGRAMS)
      .filter((f) => f.endsWith('.py'))
      .sort()
  : [];

const count = (n: number) => n.toLocaleString('en-US');

function layerKey(r: ExpectedLayer): string {
  return JSON.stringify([r.class, r.output_shapes, r.trainable_params, r.non_trainable_params, r.count]);
}

/**
 * The golden files hold one record per distinct (line, class, shapes, params)
 * with the number of times it happened; the CLI gives one per call outcome
 * (two calls on one line are two records), so add those up first.
 */
function mergeRecords(records: readonly ExpectedLayer[]): ExpectedLayer[] {
  const merged = new Map<string, ExpectedLayer>();
  for (const r of records) {
    const key = JSON.stringify([r.line, r.class, r.output_shapes, r.trainable_params, r.non_trainable_params]);
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, count: seen.count + r.count } : { ...r });
  }
  return [...merged.values()];
}

function groupByLine<T extends { line: number }>(records: readonly T[]): Map<number, T[]> {
  const byLine = new Map<number, T[]>();
  for (const r of records) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
  return byLine;
}

for (const file of programs) {
  const name = file.replace(/\.py$/, '');
  const expected = JSON.parse(fs.readFileSync(path.join(PROGRAMS, `${name}.expect.json`), 'utf8')) as Expectation;

  test(`golden ${name}: the text summary's totals are Keras's`, () => checkGolden(name, async () => {
    const r = await run(['summary', path.join(PROGRAMS, file)]);
    assert.equal(r.code, 0, r.stderr);
    // Each model's block starts with `FILE:LINE: name`; models after the line
    // where Keras raised never ran, so they are exempt.
    const errorLine = expected.error?.line ?? Infinity;
    const blocks = r.stdout.split(/^(?=\S.*:\d+: .*\nModel: ")/m).filter((b) => /\nModel: "/.test(b));
    // A model whose build raised is one Keras never built: it has no totals, and none are expected on its line.
    const modelLines = new Set(expected.models.map((m) => m.line));
    const lineOfBlock = (b: string) => Number(/^.*:(\d+): /.exec(b)![1]);
    const ran = blocks.filter((b) => lineOfBlock(b) <= errorLine && (modelLines.has(lineOfBlock(b)) || !/^ Total params: \?/m.test(b)));
    const totals = (label: string) => ran.map((b) => new RegExp(`^ ${label} params: ([0-9,?]+)`, 'm').exec(b)?.[1]);
    assert.deepEqual(totals('Total'), expected.models.map((m) => count(m.total_params)), 'Total params');
    assert.deepEqual(totals('Trainable'), expected.models.map((m) => count(m.trainable_params)), 'Trainable params');
    assert.deepEqual(totals('Non-trainable'), expected.models.map((m) => count(m.non_trainable_params)), 'Non-trainable params');
  }));

  test(`golden ${name}: summary --json matches Keras line by line`, () => checkGolden(name, async () => {
    const r = await run(['summary', '--json', path.join(PROGRAMS, file)]);
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout) as SummaryJson;
    const problems: string[] = [];
    const errorLine = expected.error?.line ?? Infinity;

    // 1. Layer records, compared as a set per line. Unknown outputs are not shapes.
    const wantByLine = groupByLine(expected.layers);
    const gotByLine = groupByLine(mergeRecords(got.layers.filter((l) => l.output_shapes !== null)));
    const lines = new Set([...wantByLine.keys(), ...gotByLine.keys()]);
    for (const line of [...lines].sort((a, b) => a - b)) {
      const want = (wantByLine.get(line) ?? []).map(layerKey).sort();
      const have = (gotByLine.get(line) ?? []).map(layerKey).sort();
      if (want.length === 0 && line > errorLine) continue; // never ran in Keras
      if (JSON.stringify(want) !== JSON.stringify(have)) {
        problems.push(`line ${line}: expected ${want.join(' ') || 'no shape'}, got ${have.join(' ') || 'no shape'}`);
      }
    }
    // 2. Models, in order where a line has several.
    const modelTotals = (m: ExpectedModel) => [m.total_params, m.trainable_params, m.non_trainable_params];
    for (const [line, want] of groupByLine(expected.models)) {
      const have = got.models.filter((m) => m.line === line).map(modelTotals);
      if (JSON.stringify(have) !== JSON.stringify(want.map(modelTotals))) {
        problems.push(`model at line ${line}: expected ${JSON.stringify(want.map(modelTotals))}, got ${JSON.stringify(have)}`);
      }
    }
    // 3. The error Keras raised, and no other error.
    const errors = got.diagnostics.filter((d) => d.severity === 'error');
    if (expected.error) {
      if (!errors.some((d) => d.line === expected.error!.line)) {
        problems.push(`expected an error at line ${expected.error.line} (${expected.error.message}), got ${JSON.stringify(errors)}`);
      }
    } else if (errors.length > 0) {
      problems.push(`expected no error, got ${JSON.stringify(errors)}`);
    }
    assert.deepEqual(problems, []);
  }));
}

test('the golden programs folder is there', () => {
  assert.ok(programs.length > 0, `no programs in ${PROGRAMS}`);
});
