// Notebooks as one program (server/src/python/notebook.ts): IPython syntax
// blanked at the same length, the offset map between the program and its
// cells, and reading .ipynb files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellPython, isPythonLanguage, NotebookProgram, notebookSourceMap, parseNotebook } from '../server/src/python/notebook';

test('line magics, shell lines and help lines become same-length filler', () => {
  const cell = '!pip install keras\n%matplotlib inline\nfiles = !ls -la\nmodel.summary?\n??keras.layers\nx = 1  # why?\n';
  const { text, python } = cellPython(cell);
  assert.equal(python, true);
  assert.equal(text.length, cell.length);
  assert.deepEqual(text.split('\n'), [
    '...               ',
    '...               ',
    'files = ...    ',
    '...           ',
    '...           ',
    'x = 1  # why?',
    '',
  ]);
});

test('a magic inside a block keeps the block valid; magics inside strings and brackets stay', () => {
  const cell = 'if True:\n    %time fit()\ns = """\n!not a magic\n"""\nt = (1,\n  %2)\n';
  const { text } = cellPython(cell);
  assert.equal(text, 'if True:\n    ...        \ns = """\n!not a magic\n"""\nt = (1,\n  %2)\n');
});

test('a shell line continued with a backslash is blanked with its continuation', () => {
  const { text } = cellPython('!pip install \\\n    keras\nx = 1\n');
  assert.equal(text, '...           \n         \nx = 1\n');
});

test('%%time and %%capture keep the cell as Python; %%bash and %%writefile make it blank', () => {
  assert.deepEqual(cellPython('%%time\nx = 1\n'), { text: '      \nx = 1\n', python: true });
  assert.deepEqual(cellPython('\n%%capture out\nx = 1'), { text: '\n             \nx = 1', python: true });
  assert.deepEqual(cellPython('%%bash\nls -la\n'), { text: '      \n      \n', python: false });
  assert.deepEqual(cellPython('%%writefile a.py\nimport os'), { text: '                \n         ', python: false });
});

test('get_ipython() lines and plain Python are untouched; CRLF line breaks are kept', () => {
  const cell = "get_ipython().run_line_magic('matplotlib', 'inline')\r\nx = 1\r\n%ls\r\n";
  assert.equal(cellPython(cell).text, "get_ipython().run_line_magic('matplotlib', 'inline')\r\nx = 1\r\n...\r\n");
});

test('a program joins code cells in order and maps offsets both ways', () => {
  const program = NotebookProgram.build([
    { text: 'import keras', code: true },
    { text: '# Title', code: false },
    { text: 'x = 1\ny = 2\n', code: true },
    { text: '', code: true },
    { text: 'z = 3', code: true },
  ]);
  assert.equal(program.text, 'import keras\nx = 1\ny = 2\n\nz = 3\n');
  assert.deepEqual(
    program.cells.map((c) => [c.cell, c.start, c.end]),
    [
      [0, 0, 12],
      [2, 13, 25],
      [3, 25, 25],
      [4, 26, 31],
    ],
  );
  assert.deepEqual(program.locate(program.text.indexOf('y')), { cell: 2, offset: 6 });
  assert.deepEqual(program.locate(12), { cell: 0, offset: 12 });
  // The line break after a cell belongs to it; so does the end of the program.
  assert.deepEqual(program.locate(program.text.length), { cell: 4, offset: 5 });
  assert.deepEqual(program.locateRange(12, 14), { cell: 0, start: 12, end: 12 });
  assert.deepEqual(program.locate(program.text.indexOf('z')), { cell: 4, offset: 0 });
  assert.equal(program.offsetOf(2, 6), program.text.indexOf('y'));
  assert.equal(program.offsetOf(1, 0), undefined);
  // A range running into the next cell is clipped to the cell it starts in.
  assert.deepEqual(program.locateRange(program.text.indexOf('y'), program.text.length), { cell: 2, start: 6, end: 12 });
});

test('a program offset gives its cell and the line in that cell, CRLF cells included', () => {
  const program = NotebookProgram.build([
    { text: 'import keras\nfrom keras import layers', code: true },
    { text: '# Model', code: false },
    { text: 'x = 1\r\ny = 2\r\nz = 3', code: true },
    { text: 'a = 1\n\nb = 2\n', code: true },
  ]);
  const at = (s: string) => program.cellLine(program.text.indexOf(s));
  assert.deepEqual(at('import'), { cell: 0, line: 0 });
  assert.deepEqual(at('from'), { cell: 0, line: 1 });
  assert.deepEqual(at('x ='), { cell: 2, line: 0 });
  assert.deepEqual(at('z ='), { cell: 2, line: 2 });
  assert.deepEqual(at('a ='), { cell: 3, line: 0 });
  assert.deepEqual(at('b ='), { cell: 3, line: 2 });
  // The end of the program is the end of the last cell.
  assert.deepEqual(program.cellLine(program.text.length), { cell: 3, line: 3 });
});

test('an .ipynb file: source as a string or a list of strings, markdown and raw cells kept as such', () => {
  const nb = parseNotebook(
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python' } },
      cells: [
        { cell_type: 'markdown', source: ['# Title\n', 'text'], metadata: {} },
        { cell_type: 'code', source: ['import keras\n', 'x = 1'], outputs: [], execution_count: 7, metadata: {} },
        { cell_type: 'code', source: 'y = 2', outputs: [], execution_count: null, metadata: {} },
        { cell_type: 'raw', source: 'raw', metadata: {} },
      ],
    }),
  );
  assert.ok(nb.ok);
  assert.equal(nb.language, 'python');
  assert.deepEqual(nb.cells, [
    { kind: 'markdown', text: '# Title\ntext' },
    { kind: 'code', text: 'import keras\nx = 1' },
    { kind: 'code', text: 'y = 2' },
    { kind: 'raw', text: 'raw' },
  ]);
});

test('files that are not nbformat 4 notebooks give a clear error', () => {
  const error = (json: string) => {
    const nb = parseNotebook(json);
    assert.equal(nb.ok, false);
    return nb.ok ? '' : nb.error;
  };
  assert.match(error('{"cells": ['), /^not valid JSON: /);
  assert.match(error('{\n  "a": 1,\n  x}'), /line 3 column 3/);
  assert.match(error('[1, 2]'), /not a notebook: the JSON is not an object/);
  assert.match(error('{"cells": []}'), /no "nbformat" field/);
  assert.match(error('{"nbformat": 3, "worksheets": []}'), /nbformat 3 is not supported \(only nbformat 4\)/);
  assert.match(error('{"nbformat": 4}'), /"cells" is not a list/);
  assert.match(error('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}'), /cell 1: "source" is not a string or a list of strings/);
  assert.match(error('{"nbformat": 4, "cells": [null]}'), /cell 1 has no "cell_type"/);
});

test('the kernel language decides whether a notebook is Python', () => {
  assert.equal(isPythonLanguage(undefined), true);
  assert.equal(isPythonLanguage('python'), true);
  assert.equal(isPythonLanguage('r'), false);
});

test('blanking never changes a cell\'s length or line breaks, whatever the text', () => {
  const pieces = ['!', '%', '%%time\n', '%%bash\n', '?', '??', 'x', ' = ', '(', ')', '[', ']', '"', "'", '"""', "'''", '#', '\\', '\n', '\r\n', '\r', '    ', 'model', '.', ',', 'é', '🙂'];
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 2000; round++) {
    let text = '';
    for (let i = random(30); i > 0; i--) text += pieces[random(pieces.length)];
    const { text: python } = cellPython(text);
    assert.equal(python.length, text.length, JSON.stringify(text));
    for (let i = 0; i < text.length; i++) {
      const isBreak = text[i] === '\n' || text[i] === '\r';
      assert.equal(python[i] === text[i] || !isBreak, true, `line break ${i} of ${JSON.stringify(text)}`);
      assert.equal(python[i] === '\n' || python[i] === '\r', isBreak, `line break ${i} of ${JSON.stringify(text)}`);
    }
  }
});

test('where the text of a cell is written in the .ipynb file: lists of lines, one string, escapes', () => {
  const json = JSON.stringify(
    {
      nbformat: 4,
      metadata: { note: 'a "source" key elsewhere does not count' },
      cells: [
        { cell_type: 'markdown', source: ['# Tabs\t"quoted"\n', 'é🙂'] },
        { cell_type: 'code', source: ['s = "a\\tb"\n', 'x = 1\n', 'y = 2'], outputs: [{ text: ['x = 1\n'] }] },
        { cell_type: 'code', source: 'z = "\u00e9"\nw = 3' },
        { cell_type: 'code', source: [] },
      ],
    },
    null,
    1,
  );
  const nb = parseNotebook(json);
  assert.ok(nb.ok);
  const map = notebookSourceMap(json);
  assert.ok(map);
  // Every character of every cell maps to where JSON writes it: decoding from there gives it back.
  for (const [cell, { text }] of nb.cells.entries()) {
    for (let offset = 0; offset < text.length; offset++) {
      const at: number | undefined = map(cell, offset);
      assert.ok(at !== undefined, `cell ${cell} offset ${offset}`);
      const raw: string = json[at] === '\\' ? (JSON.parse(`"${json.slice(at, json[at + 1] === 'u' ? at + 6 : at + 2)}"`) as string) : json[at];
      assert.equal(raw, text[offset], `cell ${cell} offset ${offset}`);
    }
  }
  const lines = json.split('\n');
  const lineOf = (offset: number) => json.slice(0, offset).split('\n').length;
  assert.match(lines[lineOf(map(1, nb.cells[1].text.indexOf('y = 2'))!) - 1], /^ +"y = 2"$/);
  // The end of a cell is its last string's closing quote; an empty cell has no place.
  assert.equal(json[map(1, nb.cells[1].text.length)!], '"');
  assert.equal(map(3, 0), undefined);
  assert.equal(notebookSourceMap('{"cells": ['), undefined);
});
