// The pieces under the command line, table by table: Keras's summary layout
// and byte sizes, .gitignore patterns, line/column conversion, UTF-8
// validation, option parsing, and the snippet under a diagnostic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInfo } from '../server/src/analysis';
import { LineIndex } from '../server/src/ide/positions';
import { formatSummaryShapes, readableMemorySize, renderModelSummary } from '../server/src/ide/summaryTable';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isIgnored, parseGitignore } from '../server/src/cli/gitignore';
import { discoverPythonFiles } from '../server/src/cli/files';
import { firstInvalidUtf8 } from '../server/src/cli/source';
import { parseArgs, UsageError } from '../server/src/cli/args';
import { prettyJson, renderDiagnosticText, renderGithub, renderTally, type FileDiagnostic } from '../server/src/cli/report';
import { PLAIN } from '../server/src/cli/terminal';

// ---------------------------------------------------------------- summary table

const DENSE_STACK: ModelInfo = {
  name: 'model',
  kerasName: 'sequential',
  className: 'Sequential',
  range: { start: 0, end: 0 },
  totalParams: 35,
  trainableParams: 35,
  nonTrainableParams: 0,
  rows: [
    { name: 'dense', className: 'Dense', outputShapes: [[1, 2]], params: 10 },
    { name: 'dense_1', className: 'Dense', outputShapes: [[1, 3]], params: 9 },
    { name: 'dense_2', className: 'Dense', outputShapes: [[1, 4]], params: 16 },
  ],
  graph: { nodes: [], edges: [] },
};

test('renderModelSummary reproduces Keras 3 at 76 columns (its width when output is piped)', () => {
  const expected = [
    'Model: "sequential"',
    '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
    '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
    '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
    '│ dense (Dense)                   │ (1, 2)                 │            10 │',
    '├─────────────────────────────────┼────────────────────────┼───────────────┤',
    '│ dense_1 (Dense)                 │ (1, 3)                 │             9 │',
    '├─────────────────────────────────┼────────────────────────┼───────────────┤',
    '│ dense_2 (Dense)                 │ (1, 4)                 │            16 │',
    '└─────────────────────────────────┴────────────────────────┴───────────────┘',
    ' Total params: 35 (140.00 B)',
    ' Trainable params: 35 (140.00 B)',
    ' Non-trainable params: 0 (0.00 B)',
    '',
  ].join('\n');
  assert.equal(renderModelSummary(DENSE_STACK, { lineLength: 76 }), expected);
});

test('renderModelSummary is 88 columns wide by default, and prints ? for what is unknown', () => {
  const model: ModelInfo = {
    ...DENSE_STACK,
    totalParams: null,
    trainableParams: null,
    nonTrainableParams: 128,
    rows: [
      { name: 'lstm', className: 'LSTM', outputShapes: [[null, 8], [null, 8], [null, 8]], params: 1088 },
      { name: 'mystery', className: 'Custom', outputShapes: null, params: null },
      { name: 'a_layer_with_a_very_long_name_indeed_that_wraps', className: 'Dense', outputShapes: [[null]], params: 0 },
    ],
  };
  const text = renderModelSummary(model);
  const tableLines = text.split('\n').filter((l) => /^[┏┃┡│├└]/.test(l));
  for (const line of tableLines) assert.equal([...line].length, 88, line);
  // Long cells wrap at spaces, as rich does; a word longer than the cell is cut.
  assert.match(text, /│ lstm \(LSTM\) +│ \[\(None, 8\), \(None, 8\), +│ +1,088 │\n│ +│ \(None, 8\)\] +│ +│/);
  assert.match(text, /│ mystery \(Custom\) +│ \? +│ +\? │/);
  assert.match(text, /│ a_layer_with_a_very_long_name_indee… │ \(None\) +│ +0 │\n│ \(Dense\) +│ +│ +│/);
  assert.match(text, / Total params: \?\n Trainable params: \?\n Non-trainable params: 128 \(512\.00 B\)\n$/);
});

const SIZES: [bytes: number, text: string][] = [
  [0, '0.00 B'],
  [140, '140.00 B'],
  [1020, '1020.00 B'],
  [1023, '1023.00 B'],
  [1024, '1.00 KB'],
  [1152, '1.12 KB'], // 1.125: Python rounds half to even
  [1168, '1.14 KB'], // 1.140625
  [1176, '1.15 KB'], // 1.1484375
  [1408, '1.38 KB'], // 1.375 → 1.38 (even)
  [323236, '315.66 KB'], // 80,809 float32 params
  [1048576, '1.00 MB'],
  [4 * 2704257, '10.32 MB'],
  [1024 ** 3 * 3, '3.00 GB'],
];

for (const [bytes, text] of SIZES) {
  test(`readableMemorySize(${bytes}) = ${text}`, () => assert.equal(readableMemorySize(bytes), text));
}

test('formatSummaryShapes writes shapes like Keras: no trailing comma for rank 1', () => {
  assert.equal(formatSummaryShapes([[null, 61, 61, 24]]), '(None, 61, 61, 24)');
  assert.equal(formatSummaryShapes([[null]]), '(None)');
  assert.equal(formatSummaryShapes([[null, 5], [4]]), '[(None, 5), (4)]');
  assert.equal(formatSummaryShapes(null), '?');
});

// ---------------------------------------------------------------- gitignore

const GITIGNORE = [
  '# comment',
  '',
  '*.pyc',
  'build/',
  '/dist',
  'docs/generated',
  '**/cache/*.py',
  'logs/**',
  'a/**/z.py',
  'tmp_?.py',
  'data[0-9].py',
  '*_gen.py',
  '!keep_gen.py',
  '\\!bang.py',
  'trailing.py   ',
].join('\n');

const IGNORE_CASES: [relative: string, isDir: boolean, ignored: boolean][] = [
  ['x.pyc', false, true],
  ['deep/down/x.pyc', false, true],
  ['build', true, true],
  ['pkg/build', true, true],
  ['build', false, false], // `build/` matches folders only
  ['dist', true, true],
  ['pkg/dist', true, false], // anchored
  ['docs/generated', true, true],
  ['pkg/docs/generated', true, false], // a slash in the middle anchors too
  ['cache/x.py', false, true],
  ['pkg/cache/x.py', false, true],
  ['pkg/cache/sub/x.py', false, false],
  ['logs/a/b.py', false, true],
  ['logs', true, false], // `logs/**` is what is inside
  ['a/z.py', false, true],
  ['a/b/c/z.py', false, true],
  ['b/a/z.py', false, false],
  ['tmp_1.py', false, true],
  ['tmp_12.py', false, false],
  ['data7.py', false, true],
  ['datax.py', false, false],
  ['model_gen.py', false, true],
  ['keep_gen.py', false, false], // negated
  ['!bang.py', false, true],
  ['trailing.py', false, true],
  ['main.py', false, false],
];

const rules = parseGitignore(GITIGNORE, '/repo');
for (const [relative, isDir, ignored] of IGNORE_CASES) {
  test(`gitignore: ${relative}${isDir ? '/' : ''} is ${ignored ? '' : 'not '}ignored`, () => {
    assert.equal(isIgnored([rules], `/repo/${relative}`, isDir), ignored);
  });
}

test('gitignore: a deeper file overrides a shallower one', () => {
  const top = parseGitignore('*.py\n', '/repo');
  const inner = parseGitignore('!keep.py\n', '/repo/pkg');
  assert.equal(isIgnored([top, inner], '/repo/pkg/keep.py', false), false);
  assert.equal(isIgnored([top, inner], '/repo/pkg/other.py', false), true);
  assert.equal(isIgnored([top, inner], '/repo/keep.py', false), true);
});

// Cases a hand-written subset of the syntax got wrong; each agrees with `git check-ignore`.
const GIT_SYNTAX_CASES: [lines: string[], relative: string, isDir: boolean, ignored: boolean][] = [
  // A file inside an excluded folder cannot be re-included.
  [['logs/', '!logs/keep.py'], 'logs/keep.py', false, true],
  // A pattern without a slash also excludes everything inside a folder of that name.
  [['build'], 'build/x.py', false, true],
  [['**/deep'], 'k/deep/z.py', false, true],
  // POSIX character classes.
  [['[[:digit:]]x.py'], '1x.py', false, true],
  [['[[:digit:]]x.py'], 'ax.py', false, false],
  // Only spaces are trailing whitespace: a tab is part of the name.
  [['tab.py\t'], 'tab.py', false, false],
  [['tab.py\t'], 'tab.py\t', false, true],
];

for (const [lines, relative, isDir, ignored] of GIT_SYNTAX_CASES) {
  test(`gitignore ${JSON.stringify(lines)}: ${JSON.stringify(relative)}${isDir ? '/' : ''} is ${ignored ? '' : 'not '}ignored`, () => {
    assert.equal(isIgnored([parseGitignore(lines.join('\n'), '/repo')], `/repo/${relative}`, isDir), ignored);
  });
}

// The rest of the syntax, each case as git decides it.
const MORE_SYNTAX_CASES: [lines: string[], relative: string, isDir: boolean, ignored: boolean][] = [
  [['*.log', '!important.log'], 'important.log', false, false],
  [['*.log', '!important.log'], 'x/debug.log', false, true],
  [['\\#hash.py'], '#hash.py', false, true],
  [['#hash.py'], '#hash.py', false, false], // a comment
  [['spaces.py   '], 'spaces.py', false, true],
  [['esc.py\\ '], 'esc.py ', false, true], // an escaped trailing space stays
  [['esc.py\\ '], 'esc.py', false, false],
  [['*.txt/'], 'notes.txt', true, true],
  [['*.txt/'], 'notes.txt', false, false],
  [['foo/**/'], 'foo/bar', true, true],
  [['foo/**/'], 'foo/x.py', false, false],
  [['x/*/y.py'], 'x/m/y.py', false, true],
  [['x/*/y.py'], 'x/m/n/y.py', false, false],
  [['name\\*star.py'], 'name*star.py', false, true],
  [['name\\*star.py'], 'namexstar.py', false, false],
  [['q[!ab].py'], 'qc.py', false, true],
  [['q[!ab].py'], 'qa.py', false, false],
  [['/*', '!/src'], 'src', true, false],
  [['/*', '!/src'], 'lib', true, true],
  [['..*'], '..hidden.py', false, true], // a name beginning with two dots is inside the folder
];

for (const [lines, relative, isDir, ignored] of MORE_SYNTAX_CASES) {
  test(`gitignore ${JSON.stringify(lines)}: ${JSON.stringify(relative)}${isDir ? '/' : ''} is ${ignored ? '' : 'not '}ignored`, () => {
    assert.equal(isIgnored([parseGitignore(lines.join('\n'), '/repo')], `/repo/${relative}`, isDir), ignored);
  });
}

test('gitignore: nested files, from the repository root down, decide what a folder walk finds', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-gitignore-'));
  try {
    const files: Record<string, string> = {
      '.gitignore': '*.py\n!*/\n!keep*.py\ngenerated/\n',
      'keep_top.py': '',
      'drop_top.py': '',
      'src/.gitignore': '!*.py\nlocal_*.py\n',
      'src/model.py': '',
      'src/local_notes.py': '',
      'src/generated/out.py': '',
      'src/deeper/.gitignore': '!local_ok.py\n',
      'src/deeper/local_ok.py': '',
      'src/deeper/local_no.py': '',
      'other/keep_me.py': '',
      'other/drop_me.py': '',
    };
    fs.mkdirSync(path.join(root, '.git'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    const found = (dir: string) => discoverPythonFiles([dir], root).files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    assert.deepEqual(found('.'), ['keep_top.py', 'other/keep_me.py', 'src/deeper/local_ok.py', 'src/model.py']);
    // Walking from a subfolder still reads the .gitignore files above it.
    assert.deepEqual(found('src'), ['src/deeper/local_ok.py', 'src/model.py']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- positions

test('LineIndex: text with only \\n breaks indexes like the general scan', () => {
  const text = 'import keras\n\nx = 1\n  y = (2,\n3)\n\n';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 7);
  assert.deepEqual(index.position(text.indexOf('y')), { line: 3, column: 2 });
  assert.deepEqual(index.position(text.indexOf('3')), { line: 4, column: 0 });
  assert.equal(index.lineText(3), '  y = (2,');
  assert.equal(index.offset(5, 0), text.length - 1);
  assert.deepEqual(new LineIndex('').position(0), { line: 0, column: 0 });
  assert.equal(new LineIndex('no break').lineCount, 1);
});

test('LineIndex maps offsets to 0-based lines and UTF-16 columns', () => {
  const text = 'a = 1\r\nb = "😀x"\rc\n';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.position(0), { line: 0, column: 0 });
  assert.deepEqual(index.position(text.indexOf('b')), { line: 1, column: 0 });
  assert.deepEqual(index.position(text.indexOf('x')), { line: 1, column: 7 }); // the emoji is 2 code units
  assert.deepEqual(index.position(text.indexOf('c')), { line: 2, column: 0 });
  assert.deepEqual(index.position(text.length), { line: 3, column: 0 });
  assert.deepEqual(index.position(999), { line: 3, column: 0 });
  assert.equal(index.lineText(0), 'a = 1');
  assert.equal(index.lineText(1), 'b = "😀x"');
  assert.equal(index.lineText(2), 'c');
  assert.equal(index.lineText(3), '');
  assert.equal(index.offset(1, 7), text.indexOf('x'));
  assert.equal(index.offset(0, 99), 5);
});

// ---------------------------------------------------------------- UTF-8

const UTF8_CASES: [name: string, bytes: number[], firstInvalid: number][] = [
  ['ascii', [0x61, 0x62], -1],
  ['two-byte é', [0x63, 0xc3, 0xa9], -1],
  ['emoji', [0xf0, 0x9f, 0x98, 0x80], -1],
  ['latin-1 é', [0x63, 0xe9, 0x0a], 1],
  ['overlong', [0xc0, 0xaf], 0],
  ['truncated at the end', [0x61, 0xe2, 0x82], 1],
  ['surrogate', [0xed, 0xa0, 0x80], 0],
  ['stray continuation', [0x80], 0],
];

for (const [name, bytes, firstInvalid] of UTF8_CASES) {
  test(`firstInvalidUtf8: ${name}`, () => {
    assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), firstInvalid);
    assert.equal(firstInvalid === -1, Buffer.from(bytes).toString('utf8').includes('\ufffd') === false);
  });
}

// ---------------------------------------------------------------- options

test('parseArgs reads flags, values, = values, -- and short aliases', () => {
  const spec = { format: 'value', json: 'flag', help: 'flag' } as const;
  assert.deepEqual(parseArgs(['a', '--format', 'sarif', '--json', 'b'], spec), {
    options: { format: 'sarif', json: true },
    positionals: ['a', 'b'],
  });
  assert.deepEqual(parseArgs(['--format=github', '--', '--json'], spec), {
    options: { format: 'github' },
    positionals: ['--json'],
  });
  assert.deepEqual(parseArgs(['-h'], spec, { h: 'help' }).options, { help: true });
  assert.throws(() => parseArgs(['--nope'], spec), UsageError);
  assert.throws(() => parseArgs(['--format'], spec), /needs a value/);
  assert.throws(() => parseArgs(['--json=1'], spec), /takes no value/);
});

test('parseArgs: unknown short options, option-like values, a lone dash and grouped flags', () => {
  const spec = { format: 'value', json: 'flag', help: 'flag', 'exit-zero': 'flag' } as const;
  assert.throws(() => parseArgs(['-x'], spec, { h: 'help' }), /unknown option '-x'/);
  assert.throws(() => parseArgs(['--nope=1'], spec), /unknown option '--nope'/);
  assert.throws(() => parseArgs(['--format', '--json'], spec), /option '--format' needs a value/);
  assert.deepEqual(parseArgs(['--format=-', '-'], spec), { options: { format: '-' }, positionals: ['-'] });
  assert.deepEqual(parseArgs(['--exit-zero', 'src', '-h'], spec, { h: 'help' }), {
    options: { 'exit-zero': true, help: true },
    positionals: ['src'],
  });
  assert.throws(() => parseArgs(['--constructor'], spec), /unknown option '--constructor'/);
  assert.throws(() => parseArgs(['--jsno'], spec), /unknown option '--jsno'; did you mean '--json'\?/);
  assert.throws(() => parseArgs(['--form=x'], spec), /unknown option '--form'; did you mean '--format'\?/);
  assert.throws(() => parseArgs(['--frobnicate'], spec), (e: Error) => e.message === "unknown option '--frobnicate'");
});

// ---------------------------------------------------------------- diagnostics

const DIAGNOSTIC: FileDiagnostic = {
  file: 'net.py',
  line: 7,
  column: 5,
  endLine: 7,
  endColumn: 12,
  severity: 'error',
  code: 'incompatible-input',
  message: 'Input 0 of layer "conv1d" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 10)',
  sourceLine: '\ty = conv(x)  # 😀',
};

test('the text form underlines the range, with tabs expanded', () => {
  assert.equal(
    renderDiagnosticText({ ...DIAGNOSTIC, column: 6, endColumn: 13 }, PLAIN),
    [
      `net.py:7:6: error[incompatible-input]: ${DIAGNOSTIC.message}`,
      '  |',
      '7 |     y = conv(x)  # 😀',
      '  |         ^^^^^^^',
      '  = help: Check the axis order (Conv1D wants (steps, channels)); add a Reshape, Flatten or GlobalPooling layer before it.',
      '',
    ].join('\n'),
  );
});

test('with the check that failed, the help says why it fails and what to do, with the numbers', () => {
  const taught = renderDiagnosticText({ ...DIAGNOSTIC, teach: { kind: 'ndim', check: 'ndim', expected: 3, found: 2, shape: [null, 10] } }, PLAIN);
  assert.match(taught, /\n {2}= help: It gets 2 axes: `\(None, 10\)`\. Add the missing axis before it, e\.g\. `layers\.Reshape\(\(10, 1\)\)`, or use a layer made for 2-axis inputs\.\n/);
});

test('a range spanning lines is underlined to the end of its first line; an empty one gets one caret', () => {
  const multi = renderDiagnosticText({ ...DIAGNOSTIC, sourceLine: 'y = f(', column: 5, endLine: 9, endColumn: 2 }, PLAIN);
  assert.match(multi, /\n {2}\| {5}\^\^\n/);
  const empty = renderDiagnosticText({ ...DIAGNOSTIC, sourceLine: 'y = f(x)', column: 3, endColumn: 3 }, PLAIN);
  assert.match(empty, /\n {2}\| {3}\^\n/);
});

test('GitHub commands escape what the format reserves', () => {
  assert.equal(
    renderGithub({ ...DIAGNOSTIC, file: 'a,b:c.py', message: '100% wrong\nsecond line' }),
    '::error file=a%2Cb%3Ac.py,line=7,col=5,endLine=7,endColumn=12,title=keras-shapes [incompatible-input]::100%25 wrong%0Asecond line\n',
  );
  assert.match(renderGithub({ ...DIAGNOSTIC, severity: 'info' }), /^::notice /);
});

const TALLIES: [errors: number, warnings: number, files: number, checked: number, skipped: number, text: string][] = [
  [0, 0, 0, 12, 0, 'No shape errors in 12 files'],
  [0, 0, 0, 1, 0, 'No shape errors in 1 file'],
  [0, 1, 0, 3, 2, 'No shape errors in 3 files (1 warning, 2 files skipped)'],
  [2, 0, 1, 12, 0, 'Found 2 errors in 1 file (12 files checked)'],
  [1, 2, 1, 1, 1, 'Found 1 error in 1 file (1 file checked, 2 warnings, 1 file skipped)'],
];

for (const [errors, warnings, filesWithErrors, filesChecked, filesSkipped, text] of TALLIES) {
  test(`tally: ${text}`, () => {
    assert.equal(renderTally({ errors, warnings, filesWithErrors, filesChecked, filesSkipped }), text);
  });
}

test('prettyJson keeps shapes on one line and parses back to the same value', () => {
  const value = { layers: [{ line: 7, output_shapes: [[null, 61, 61, 24]], unknown: null }], models: [], empty: {}, text: 'a "q"' };
  const text = prettyJson(value);
  assert.deepEqual(JSON.parse(text), value);
  assert.match(text, /\n {6}"output_shapes": \[\[null, 61, 61, 24\]\],\n/);
  assert.match(text, /"models": \[\]/);
});
