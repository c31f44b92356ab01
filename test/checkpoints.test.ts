// Analyses that resume from checkpoints (copies of the interpreter's state
// between top-level chunks) and hint requests answered
// from runs that stop after their range must equal a fresh analysis of the
// same text. Seeded typing bursts (characters typed one by one at a place,
// then deleted one by one, as in an editor) on the golden programs, the
// analyser fixtures and generated models; then programs where a later
// statement changes the hints of earlier lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, type LayerCall, type TextRange } from '../server/src/analysis';
import { CheckpointStore, NO_EDIT } from '../server/src/analysis/checkpoint';
import { fastCopyFields } from '../server/src/analysis/stateCopy';
import { defaultAnalysisHost } from '../server/src/analysis/host';

import { LayerObj, PyList, PyTuple, Tensor, TensorNode } from '../server/src/analysis/values';
import { DocumentStore } from '../server/src/lsp/documents';
import { LineIndex } from '../server/src/ide/positions';
import { loadPythonParser } from '../server/src/python/parser';
import { parseModule, SyntaxCache, type ChunkSyntax } from '../server/src/python/syntax';
import { splitChunks } from '../server/src/python/chunks';
import { analyzeRange, analyzeSource, newInterpreter } from '../server/src/analysis/analyze';
import { functionalModel, largeFile, resnet152, seededRandom } from '../bench/generate';
import { goldenDir, pythonFiles, sourceDir } from './goldenPath';


const sources: [string, string][] = [
  ...pythonFiles(path.join(goldenDir(), 'programs')),
  ...pythonFiles(sourceDir('fixtures', 'analysis')),
  ['functional_60.py', functionalModel(60)],
  ['resnet152.py', resnet152()],
  ['large_1200.py', largeFile(1200)],
];

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789_ ,().:=[]"\'#\n';

function inRange(calls: readonly LayerCall[], range: TextRange): LayerCall[] {
  return calls.filter((c) => c.hintOffset >= range.start && c.hintOffset <= range.end);
}

let partialAnswers = 0;
let resumed = 0;

for (const [name, original] of sources) {
  test(`resumed and partial analyses equal fresh ones: ${name}`, async () => {
    const parser = await loadPythonParser();
    const rnd = seededRandom(original.length * 31 + name.length);
    // Checkpoints every few steps, so that small files get many.
    const store = new DocumentStore(
      (_uri, e) => {
        throw e;
      },
      { minCheckpointSpacing: 40 },
    );
    const uri = `file:///${name}`;
    let text = original;
    let version = 1;
    store.openDocument(uri, 'python', version, text);
    store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
    const type = (offset: number, deleteLength: number, insert: string): void => {
      const lines = new LineIndex(text);
      const s = lines.position(offset);
      const e = lines.position(offset + deleteLength);
      version++;
      store.change(uri, version, [{ range: { start: { line: s.line, character: s.column }, end: { line: e.line, character: e.column } }, text: insert }]);
      text = text.slice(0, offset) + insert + text.slice(offset + deleteLength);
    };
    // The budget fixtures run two million steps each time.
    const bursts = name.startsWith('budget_') ? 1 : name === 'resnet152.py' ? 2 : 4;
    for (let b = 0; b < bursts; b++) {
      const at = Math.floor(rnd() * (text.length + 1));
      const typed = name.startsWith('budget_') ? 1 : 1 + Math.floor(rnd() * 4);
      const keys: [number, number, string][] = [];
      for (let i = 0; i < typed; i++) keys.push([at + i, 0, ALPHABET[Math.floor(rnd() * ALPHABET.length)]]);
      for (let i = typed - 1; i >= 0; i--) keys.push([at + i, 1, '']);
      for (const [offset, del, insert] of keys) {
        type(offset, del, insert);
        // Engine results stay memoised (incremental.test.ts checks that they do not matter).
        const fresh = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG);
        const where = `after typing ${JSON.stringify(insert)} at ${offset} (burst ${b})`;
        // The hints of the lines around the change, as an editor asks for them.
        const lines = new LineIndex(text);
        const line = lines.position(Math.min(offset, text.length)).line;
        const first = Math.max(0, line - 6);
        const last = Math.min(lines.lineCount - 1, line + 6);
        const range = { start: lines.offset(first, 0), end: lines.offset(last, lines.lineText(last).length) };
        const answer = store.callsIn(uri, range, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
        assert.ok(answer);
        assert.deepEqual(inRange(answer.calls, range), inRange(fresh.calls, range), `hints of lines ${first + 1}-${last + 1}, ${where}`);
        if (rnd() < 0.3) {
          const snapshot = store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
          assert.deepEqual(snapshot?.result, fresh, `whole analysis, ${where}`);
        }
      }
    }
    assert.equal(text, original);
    const checkpoints = store.checkpointsOf(uri);
    assert.ok(checkpoints);
    partialAnswers += store.partialAnswers;
    resumed += checkpoints.resumed;
    store.close(uri);
  });
}

test('the runs above used checkpoints and partial runs', () => {
  assert.ok(resumed > 100, `${resumed} resumed`);
  assert.ok(partialAnswers > 100, `${partialAnswers} hint requests answered by partial runs`);
});

/** Opens `text`, changes it at `edit` (twice, so that a checkpoint before that chunk is taken and then used), and asks for the hints of `lines`. */
async function hintsAfterEdits(text: string, edit: string, lines: [number, number]): Promise<{ calls: LayerCall[]; fresh: LayerCall[]; store: DocumentStore; uri: string }> {
  const parser = await loadPythonParser();
  const store = new DocumentStore(
    (_uri, e) => {
      throw e;
    },
    { minCheckpointSpacing: 1 },
  );
  const uri = 'file:///later.py';
  store.openDocument(uri, 'python', 1, text);
  store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
  const at = text.indexOf(edit) + edit.length;
  assert.ok(at >= edit.length, `${edit} not found`);
  const index = new LineIndex(text);
  const range = { start: index.offset(lines[0] - 1, 0), end: index.offset(lines[1] - 1, index.lineText(lines[1] - 1).length) };
  let calls: readonly LayerCall[] = [];
  let current = text;
  for (const [version, insert, del] of [
    [2, ' ', 0],
    [3, '', 1],
    [4, ' ', 0],
    [5, '', 1],
  ] as const) {
    const p = new LineIndex(current).position(at);
    const e = new LineIndex(current).position(at + del);
    store.change(uri, version, [{ range: { start: { line: p.line, character: p.column }, end: { line: e.line, character: e.column } }, text: insert }]);
    current = current.slice(0, at) + insert + current.slice(at + del);
    calls = store.callsIn(uri, range, parser, DEFAULT_ANALYSIS_CONFIG, 'default')?.calls ?? [];
  }
  assert.equal(current, text);
  defaultAnalysisHost().clear();
  const fresh = inRange(analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).calls, range);
  return { calls: inRange(calls, range), fresh, store, uri };
}

const HEADER = 'import keras\nfrom keras import layers\n';

// Each case: a program, a place to type at, the lines whose hints are asked
// for, and what the whole analysis shows there that a run stopping after
// those lines would not know.
const LATER_CASES: { name: string; text: string; edit: string; lines: [number, number]; shows: RegExp }[] = [
  {
    name: 'a Sequential model built after its layers were added',
    text: `${HEADER}model = keras.Sequential()\nmodel.add(layers.Dense(4))\nmodel.add(layers.Dense(2))\nz = 1\nmodel.build((None, 8))\n`,
    edit: 'z = 1',
    lines: [3, 5],
    shows: /Dense/,
  },
  {
    name: 'a function defined there and called later',
    text: `${HEADER}def block(x):\n    return layers.Dense(3)(x)\n\nz = 1\ninp = keras.Input((4,))\ny = block(inp)\n`,
    edit: 'z = 1',
    lines: [3, 6],
    shows: /Dense/,
  },
  {
    name: 'a function defined there, kept in a list and called later through it',
    text: `${HEADER}def block(x):\n    return layers.Dense(3)(x)\n\nfns = [block]\nz = 1\ninp = keras.Input((4,))\ny = fns[0](inp)\n`,
    edit: 'z = 1',
    lines: [3, 7],
    shows: /Dense/,
  },
  {
    name: 'a function defined there and called later from a function defined before',
    text: `${HEADER}def main(t):\n    return block(t)\n\ndef block(x):\n    return layers.Dense(3)(x)\n\nz = 1\ninp = keras.Input((4,))\ny = main(inp)\n`,
    edit: 'z = 1',
    lines: [6, 9],
    shows: /Dense/,
  },
  {
    name: 'a function defined there returns a nested function called later',
    text: `${HEADER}def make():\n    def inner(x):\n        return layers.Dense(3)(x)\n    return inner\n\ng = make()\nz = 1\ninp = keras.Input((4,))\ny = g(inp)\n`,
    edit: 'z = 1',
    lines: [3, 9],
    shows: /Dense/,
  },
  {
    name: 'a function defined there, handed to a function defined before that keeps it, and called later',
    text: `${HEADER}kept = []\ndef keep(f):\n    kept.append(f)\n\ndef block(x):\n    return layers.Dense(3)(x)\n\nkeep(block)\nz = 1\ninp = keras.Input((4,))\ny = kept[0](inp)\n`,
    edit: 'z = 1',
    lines: [7, 11],
    shows: /Dense/,
  },
  {
    name: 'a function defined there and called later after a number (broken code: `30block(` is `30` and a call)',
    text: `${HEADER}def block(x):\n    return layers.Dense(3)(x)\n\nz = 1\ninp = keras.Input((4,))\ny = 10**30block(inp)\n`,
    edit: 'z = 1',
    lines: [3, 6],
    shows: /Dense/,
  },
  {
    name: 'a lambda defined there and called later',
    text: `${HEADER}f = lambda t: layers.Dense(3)(t)\nz = 1\ninp = keras.Input((4,))\ny = f(inp)\n`,
    edit: 'z = 1',
    lines: [3, 4],
    shows: /Dense/,
  },
  {
    name: 'a layer frozen later (its params become non-trainable)',
    text: `${HEADER}inp = keras.Input((4,))\nd = layers.Dense(3)\ny = d(inp)\nz = 1\nd.trainable = False\n`,
    edit: 'z = 1',
    lines: [3, 6],
    shows: /Dense/,
  },
];

for (const c of LATER_CASES) {
  test(`hints that a later statement changes come from the whole analysis: ${c.name}`, async () => {
    const { calls, fresh } = await hintsAfterEdits(c.text, c.edit, c.lines);
    assert.ok(fresh.some((f) => c.shows.test(f.className)), 'the case shows nothing in its lines');
    assert.deepEqual(calls, fresh);
  });
}

test('a function defined there and only called there gives hints from a partial run', async () => {
  const text = `${HEADER}def block(x, n):\n    x = layers.Dense(n)(x)\n    return layers.Dense(n * 2)(x)\n\nz = 1\ninp = keras.Input((4,))\ny = block(block(inp, 3), 5)\n# block( is named in a comment after the lines: the rule is textual\nw = 2\n`;
  const { calls, fresh, store } = await hintsAfterEdits(text, 'z = 1', [3, 9]);
  assert.equal(fresh.length, 2);
  assert.deepEqual(calls, fresh);
  assert.equal(store.partialAnswers, 0, 'a mention after the lines must send the request to the whole analysis');
  const inside = await hintsAfterEdits(text.replace('# block( is named', '# the helper is named'), 'z = 1', [3, 9]);
  assert.deepEqual(inside.calls, inside.fresh);
  assert.ok(inside.store.partialAnswers > 0, 'the hints came from the whole analysis');
});

/** Hints of `lines` (1-based) of `text` from a fresh document's first request, the whole analysis's, and how the parse went. */
async function firstRequest(text: string, lines: [number, number]): Promise<{ calls: LayerCall[]; fresh: LayerCall[]; partial: boolean; skipped: number }> {
  const parser = await loadPythonParser();
  const index = new LineIndex(text);
  const range = { start: index.offset(lines[0] - 1, 0), end: index.offset(lines[1] - 1, index.lineText(lines[1] - 1).length) };
  const syntax = new SyntaxCache();
  defaultAnalysisHost().clear();
  const partial = analyzeRange(parser, text, DEFAULT_ANALYSIS_CONFIG, syntax, undefined, range);
  const skipped = syntax.skipped;
  defaultAnalysisHost().clear();
  const fresh = inRange(analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).calls, range);
  defaultAnalysisHost().clear();
  const calls = partial?.calls ?? inRange(analyzeSource(parser, text, DEFAULT_ANALYSIS_CONFIG, syntax).calls, range);
  return { calls: inRange(calls, range), fresh, partial: partial !== null, skipped };
}

const HELPERS = 'def scale(n, by=2):\n    return n * by\n\n\ndef unused(path, split="train", *rest, **options):  # plain\n    return path\n\n\n';

// Each case: a program whose last lines are asked for first, and whether defs before them may be left unparsed.
const SKIP_CASES: { name: string; text: string; lines: [number, number]; skips: boolean }[] = [
  {
    name: 'defs nothing before the lines mentions are left out',
    text: `${HEADER}${HELPERS}inp = keras.Input((3,))\ny = layers.Dense(4)(inp)\n`,
    lines: [12, 13],
    skips: true,
  },
  {
    name: 'a def called before the lines runs',
    text: `${HEADER}${HELPERS}units = scale(4)\ninp = keras.Input((3,))\ny = layers.Dense(units)(inp)\n`,
    lines: [13, 14],
    skips: true,
  },
  {
    name: 'a def called in the lines runs',
    text: `${HEADER}${HELPERS}inp = keras.Input((3,))\ny = layers.Dense(scale(4))(inp)\n`,
    lines: [12, 13],
    skips: true,
  },
  {
    name: 'a def called after a number in the lines runs (broken code: `30units(` is `30` and a call)',
    text: `${HEADER}def units():\n    return 5\n\n\ninp = keras.Input((3,))\ny = layers.Dense(2)(inp)\nz = layers.Dense(1+30units())(y)\n`,
    lines: [9, 9],
    skips: false,
  },
  {
    name: 'a def whose default calls something runs',
    text: `${HEADER}made = []\ndef keep(x=made.append(layers.Dense(2))):\n    return x\n\ninp = keras.Input((3,))\ny = made[0](inp)\n`,
    lines: [7, 8],
    skips: false,
  },
  {
    name: 'a plain class nothing mentions is left out',
    text: `${HEADER}class Batcher:\n    """Batches."""\n\n    def __init__(self, items, size=32):\n        self.items = items\n\n    @property\n    def count(self):\n        return len(self.items)\n\ninp = keras.Input((3,))\ny = layers.Dense(4)(inp)\n`,
    lines: [13, 14],
    skips: true,
  },
  {
    name: 'a class whose body calls something runs',
    text: `${HEADER}made = []\nclass Keep:\n    made.append(layers.Dense(2))\n\n    def f(self):\n        return 1\n\ninp = keras.Input((3,))\ny = made[0](inp)\n`,
    lines: [10, 11],
    skips: false,
  },
  {
    name: 'a class with a base runs',
    text: `${HEADER}class Block(layers.Layer):\n    pass\n\ninp = keras.Input((3,))\ny = layers.Dense(4)(inp)\n`,
    lines: [6, 7],
    skips: false,
  },
  {
    name: 'a def left open inside brackets runs as the whole analysis parses it',
    text: `${HEADER}def broken(x):\n    y = (\nunits = 5\ninp = keras.Input((3,))\ny = layers.Dense(units)(inp)\n`,
    lines: [6, 7],
    skips: false,
  },
];

for (const c of SKIP_CASES) {
  test(`the first hints of a file equal the whole analysis's: ${c.name}`, async () => {
    const { calls, fresh, partial, skipped } = await firstRequest(c.text, c.lines);
    assert.ok(fresh.some((f) => f.outcomes.some((o) => o.outputShapes !== null)), 'the case shows no shape in its lines');
    assert.deepEqual(calls, fresh);
    assert.equal(partial, true, 'answered by the whole analysis');
    assert.equal(skipped > 0, c.skips, `${skipped} chunks left out`);
  });
}

test('a run that leaves defs out answers only when the whole analysis would not have run out of steps', async () => {
  const parser = await loadPythonParser();
  const defs = Array.from({ length: 40 }, (_, i) => `def helper_${i}(a, b=1, c="x"):\n    return a\n\n`).join('');
  const text = `${HEADER}${defs}inp = keras.Input((3,))\ny = layers.Dense(4)(inp)\nz = layers.Dense(5)(y)\n`;
  const range = { start: text.indexOf('inp ='), end: text.length };
  const whole = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).steps;
  // Enough steps for the run without the defs, not for the whole analysis.
  const config = { ...DEFAULT_ANALYSIS_CONFIG, stepBudget: whole - 3 };
  defaultAnalysisHost().clear();
  const syntax = new SyntaxCache();
  assert.equal(analyzeRange(parser, text, config, syntax, undefined, range), null);
  assert.equal(syntax.skipped, 40);
  const cut = inRange(analyzeText(parser, text, config).calls, range);
  assert.ok(cut.length < 2, 'the whole analysis ran out of steps before the last call');
  // With the budget it needs, the same run answers.
  assert.notEqual(analyzeRange(parser, text, DEFAULT_ANALYSIS_CONFIG, new SyntaxCache(), undefined, range), null);
});

test('a run resumed from a checkpoint changes its own copy of the state, never the checkpoint\'s', async () => {
  const text = `${HEADER}outs = []\ninp = keras.Input((4,))\nz = 1\nouts.append(layers.Dense(2)(inp))\nouts.append(layers.Dense(3)(inp))\ny = layers.Concatenate()(outs)\n`;
  const { calls, fresh, store, uri } = await hintsAfterEdits(text, 'z = 1', [5, 8]);
  assert.equal(fresh.length, 3);
  assert.deepEqual(calls, fresh);
  const checkpoints = store.checkpointsOf(uri);
  assert.ok(checkpoints && checkpoints.resumed > 0, 'no run resumed from a checkpoint');
  // Every run after the first appended to `outs` twice, starting from a checkpoint taken before the appends.
  const before = checkpoints.kept().filter((c) => {
    const outs = c.state.globals.vars.get('outs');
    return outs instanceof PyList && c.state.globals.vars.get('z') === undefined;
  });
  assert.ok(before.length > 0, 'no checkpoint before the appends');
  for (const c of before) assert.deepEqual((c.state.globals.vars.get('outs') as PyList).items, [], 'a run changed a checkpoint\'s list');
});

test('a function whose default is a list the module also holds is copied with the list, never shared', async () => {
  const text = `${HEADER}made = []\ndef grow(xs=made):\n    xs.append(1)\n    return len(xs) + len(made)\ninp = keras.Input((4,))\nz = 1\nn = grow()\ny = layers.Dense(n)(inp)\n`;
  const { calls, fresh } = await hintsAfterEdits(text, 'z = 1', [10, 11]);
  assert.equal(fresh.length, 1);
  assert.deepEqual(fresh[0].outcomes[0].outputShapes, [[null, 2]]);
  assert.deepEqual(calls, fresh);
});

test('runs that start from a copy made while idle equal fresh ones', async () => {
  const parser = await loadPythonParser();
  const store = new DocumentStore(
    (_uri, e) => {
      throw e;
    },
    { minCheckpointSpacing: 1 },
  );
  const uri = 'file:///idle.py';
  let text = functionalModel(40);
  store.openDocument(uri, 'python', 1, text);
  store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
  // The start of a line in the middle of the file.
  const at = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  assert.ok(at > 0);
  for (let version = 2; version < 12; version++) {
    // As in an editor: the process is idle between two keystrokes.
    await new Promise((resolve) => setImmediate(resolve));
    const p = new LineIndex(text).position(at);
    const insert = version % 2 === 0 ? 'x' : '';
    const del = version % 2 === 0 ? 0 : 1;
    const e = new LineIndex(text).position(at + del);
    store.change(uri, version, [{ range: { start: { line: p.line, character: p.column }, end: { line: e.line, character: e.column } }, text: insert }]);
    text = text.slice(0, at) + insert + text.slice(at + del);
    const snapshot = store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
    assert.deepEqual(snapshot?.result, analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG), `version ${version}`);
  }
  assert.ok((store.checkpointsOf(uri)?.sparesUsed ?? 0) > 3, 'no run started from a copy made while idle');
});

test('fast state copies write every field of their classes', async () => {
  const parser = await loadPythonParser();
  const text = `${HEADER}inp = keras.Input((4,))\nxs = [layers.Dense(2)(inp), layers.Dense(3)(inp)]\nt = (1, 2)\nlstm = layers.LSTM(4, return_state=True)(keras.Input((5, 6)))\n`;
  const interp = newInterpreter(text, DEFAULT_ANALYSIS_CONFIG);
  interp.runModule(parseModule(parser, text));
  const seen = new Map<string, object>();
  const stack: unknown[] = [...interp.globals.vars.values()];
  const visited = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || visited.has(v)) continue;
    visited.add(v);
    for (const [cls, name] of [
      [Tensor, 'Tensor'],
      [PyList, 'PyList'],
      [PyTuple, 'PyTuple'],
      [TensorNode, 'TensorNode'],
    ] as const) {
      if (v instanceof cls) seen.set(name, v);
    }
    if (v instanceof LayerObj && v.constructor === LayerObj) seen.set('LayerObj', v);
    if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (!(v instanceof Map)) stack.push(...Object.values(v as object));
  }
  for (const [name, fields] of Object.entries(fastCopyFields())) {
    const example = seen.get(name);
    assert.ok(example, `no ${name} in the example program`);
    assert.deepEqual([...Object.keys(example)].sort(), [...fields].sort(), name);
  }
});

test('a run past where the last one stopped keeps checkpoints on the way: the next keystroke there resumes before its chunk', async () => {
  const parser = await loadPythonParser();
  const store = new DocumentStore((_uri, e) => {
    throw e;
  });
  const uri = 'file:///far.py';
  let text = functionalModel(300);
  let version = 1;
  store.openDocument(uri, 'python', version, text);
  const hintsAround = (offset: number): void => {
    const lines = new LineIndex(text);
    const line = lines.position(offset).line;
    const last = Math.min(lines.lineCount - 1, line + 10);
    const range = { start: lines.offset(Math.max(0, line - 10), 0), end: lines.offset(last, lines.lineText(last).length) };
    const answer = store.callsIn(uri, range, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
    assert.ok(answer);
    assert.deepEqual(inRange(answer.calls, range), inRange(analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG).calls, range));
  };
  const type = (offset: number, insert: string): void => {
    const p = new LineIndex(text).position(offset);
    version++;
    store.change(uri, version, [{ range: { start: { line: p.line, character: p.column }, end: { line: p.line, character: p.column } }, text: insert }]);
    text = text.slice(0, offset) + insert + text.slice(offset);
  };
  // The first screen, as when the file is opened: a run that stops early.
  hintsAround(0);
  // Two keystrokes in a line near the end (a comment's text: the code stays whole).
  const at = text.lastIndexOf('# block') + 3;
  type(at, 'x');
  hintsAround(at);
  type(at + 1, 'y');
  hintsAround(at);
  const chunkOfEdit = splitChunks(text).starts.filter((s) => s <= at).length - 1;
  const checkpoints = store.checkpointsOf(uri);
  assert.ok(checkpoints);
  assert.equal(checkpoints.lastResumedAt, chunkOfEdit, 'the second keystroke resumed from the checkpoint before the chunk it changed');
  store.close(uri);
});

test('where checkpoints are kept: the chunk an edit changed, not chunks a run reaches for the first time', () => {
  const [a, b, c, d] = [0, 1, 2, 3].map(() => ({}) as unknown as ChunkSyntax);
  const store = new CheckpointStore();
  assert.equal(store.firstChange([a, b]), NO_EDIT, 'the first run: checkpoints all along');
  store.ran([a], null);
  assert.equal(store.firstChange([a, b, c]), NO_EDIT, 'past where the last run stopped, never edited');
  store.ran([a, b, c], null);
  assert.equal(store.firstChange([a, b, c]), -1, 'the same chunks');
  assert.equal(store.firstChange([a, d, c]), 1, 'an edited chunk');
  store.ran([a, d], null);
  assert.equal(store.firstChange([a, d, c]), 1, 'past where the last run stopped: still the chunk edited last');
  assert.equal(store.firstChange([a, d, c, b], 3), 3, 'past where the last run stopped, with an edit there');
  assert.equal(store.wants(5, 1_000_000, NO_EDIT), true, 'every spacing steps when never edited');
  assert.equal(store.wants(5, 1_000_000, 3), false, 'none after the edited chunk');
  assert.equal(store.wants(3, 1, 3), true, 'before the edited chunk');
});
