// Why a value is not known, as the views show it (ide/reasons.ts): the
// analysis's English reasons read back into the catalogue's sentences, shown
// in Simplified Chinese, and with a notebook's cells and lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reasonText } from '../server/src/ide/reasons';
import { unknownReasonText } from '../server/src/ide/teach';
import { NotebookProgram } from '../server/src/python/notebook';
import { analyzeSource } from './analysisHarness';
import { goldenDir, sourceDir } from './goldenPath';

const CASES: readonly [string, string][] = [
  ['the input shape is not known because `pd.read_csv(…)` on line 12 is not analysed', '输入形状未知，因为第 12 行的 `pd.read_csv(…)` 未被分析'],
  ['the output of call() is not known because the condition `mask is not None` on line 232 is not known', 'call() 的输出未知，因为第 232 行的条件 `mask is not None` 未知'],
  ['the input shape is not known because of the error at line 6', '输入形状未知，因为第 6 行的错误'],
  ['some dimensions are not known because `maxlen` is not known statically because `open(…)` on line 3 is not analysed', '部分维度未知，因为`maxlen` 无法静态得知，因为第 3 行的 `open(…)` 未被分析'],
  ['Keras raises an error here (invalid-argument)', 'Keras 在这里会报错（invalid-argument）'],
  ["the input shape is not known because the output of 'dense' is not known (Sequential is not a layer the engine knows)", "输入形状未知，因为'dense' 的输出未知（Sequential 不是形状引擎认识的层）"],
];

test('reasons are shown in Simplified Chinese, the quoted code and the numbers kept', () => {
  for (const [en, zh] of CASES) {
    assert.equal(reasonText('zh-cn', en), zh);
    assert.equal(reasonText('en', en), en, 'in English a reason is shown as the analysis wrote it');
  }
});

test('a reason the catalogue does not know keeps its words, its lines placed', () => {
  const where = (line: number): string => `cell 2, line ${line - 10}`;
  assert.equal(reasonText('en', 'the number of sequences on line 14 depends on the data', where), 'the number of sequences on cell 2, line 4 depends on the data');
  assert.equal(reasonText('en', 'the shape of `x` on line 12 is not known', where), 'the shape of `x` on cell 2, line 2 is not known');
  // A line inside quoted code is code, not a place.
  assert.equal(reasonText('en', '`line 3` has no value on line 12', where), '`line 3` has no value on cell 2, line 2');
});

test('an error upstream names the cell and the line in a notebook', () => {
  const program = NotebookProgram.build([
    { code: true, text: 'import keras\n' },
    { code: false, text: '# A heading' },
    { code: true, text: 'x = keras.Input((4,))\ny = keras.layers.Dense(2)(x)\n' },
  ]);
  assert.deepEqual(program.cellOfLine(1), { cell: 0, line: 0 });
  assert.deepEqual(program.cellOfLine(3), { cell: 2, line: 1 });
  assert.equal(program.cellOfLine(99), undefined);
  const outcome = { inputShapes: [], outputShapes: null, trainableParams: null, nonTrainableParams: null, weights: [], explain: [], count: 1, blockedBy: 3 };
  const where = (line: number): string => {
    const at = program.cellOfLine(line);
    return at ? `cell ${at.cell + 1}, line ${at.line + 1}` : `line ${line}`;
  };
  assert.equal(unknownReasonText(outcome, 'en', where), 'the input shape is not known because of the error at cell 3, line 2');
  assert.equal(unknownReasonText(outcome, 'en'), 'the input shape is not known because of the error at line 3');
});

test('every reason the fixtures and golden programs give is read back: in English unchanged, in Chinese without English sentences', async () => {
  const dirs = [sourceDir('fixtures', 'analysis'), path.join(goldenDir(), 'programs')].filter((d) => fs.existsSync(d));
  const reasons = new Set<string>();
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.py'))) {
      const r = await analyzeSource(fs.readFileSync(path.join(dir, f), 'utf8'));
      for (const c of r.calls) for (const o of c.outcomes) if (o.unknownReason !== undefined) reasons.add(o.unknownReason);
    }
  }
  assert.ok(reasons.size > 30, `only ${reasons.size} reasons: the check reads little`);
  const untranslated: string[] = [];
  for (const reason of reasons) {
    assert.equal(reasonText('en', reason), reason);
    // What is left in English outside quoted code and names: more than a word or two is a sentence the catalogue lacks.
    const left = reasonText('zh-cn', reason).replace(/`[^`]*`|'[^']*'|\([a-z-]+\)|[A-Za-z_.]+\(\)|\b[A-Z]\w+\b/g, '');
    if (/[a-z]+ [a-z]+ [a-z]+/.test(left)) untranslated.push(reason);
  }
  assert.deepEqual(untranslated, []);
});
