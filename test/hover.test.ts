// Hovers that fit: input → output and the total first, the arithmetic next,
// the weights last in an aligned table; a site with several results explains
// the most useful one and lists the others; the same in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../server/src/ide/hover';
import { DEFAULT_HINT_OPTIONS } from '../server/src/ide/inlayHints';
import { displayWidth } from '../server/src/ide/summaryTable';
import { analyzeSource } from './analysisHarness';

const MODEL = `import keras
from keras import layers

def block(x, filters):
    return layers.Conv2D(filters, 3, padding="same")(x)

inputs = keras.Input(shape=(32, 32, 3))
x = block(inputs, 16)
x = block(x, 16)
x = block(x, 16)
x = layers.BatchNormalization()(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
`;

async function hover(needle: string, locale: 'en' | 'zh-cn' = 'en'): Promise<string> {
  const result = await analyzeSource(MODEL);
  const view = hoverAt(result, MODEL, MODEL.indexOf(needle) + 2, { ...DEFAULT_HINT_OPTIONS, locale });
  assert.ok(view, `no hover on ${needle}`);
  return view.markdown;
}

/** The lines an editor shows (blank lines between blocks take little room). */
function shownLines(md: string): string[] {
  return md.split('\n').filter((l) => l.trim() !== '');
}

test('a Dense hover: the total on the shape line, the formula, then the weights; short', async () => {
  const md = await hover('layers.Dense');
  const lines = shownLines(md);
  assert.match(lines[0], /^\*\*Dense\*\* `dense` · \[Keras docs\]\(https:\/\/keras\.io\/api\/layers\/core_layers\/dense\/\)$/);
  assert.equal(lines[1], '`(None, 16384)` → `(None, 10)` · **163,850 params**');
  assert.ok(lines.indexOf('- params: `16384·10 + 10 = 163,850`') > 1, md);
  const table = lines.slice(lines.indexOf('```text') + 1, lines.lastIndexOf('```'));
  assert.deepEqual(table, ['weight  shape         params  trainable', 'kernel  (16384, 10)  163,840  yes', 'bias    (10,)             10  yes']);
  assert.ok(lines.length <= 15, md);
});

test('non-trainable weights are counted on the shape line and marked in the table', async () => {
  const md = await hover('layers.BatchNorm');
  assert.match(md, /· \*\*64 params\*\* \(trainable 32 · non-trainable 32\)/);
  assert.match(md, /^moving_variance +\(16,\) +16 +no$/m);
  assert.match(md, /^gamma +\(16,\) +16 +yes$/m);
});

test('a site that ran three times: its results, counted, the most frequent explained first', async () => {
  const md = await hover('layers.Conv2D');
  const lines = shownLines(md);
  assert.equal(lines[1], '**Result 1 of 2**');
  assert.equal(lines[2], '`(None, 32, 32, 16)` → `(None, 32, 32, 16)` ×2 · **2,320 params**');
  assert.ok(lines.includes('- params: `3·3·16·16 + 16 = 2,320`'), md);
  const others = lines.indexOf('**Other results**');
  assert.ok(others > lines.indexOf('```text'), md);
  assert.deepEqual(lines.slice(others + 1), ['- `(None, 32, 32, 3)` → `(None, 32, 32, 16)` · **448 params**']);
  assert.ok(!md.includes('×1'), md);
});

test('hovers in Chinese: the same facts, Chinese words, the table still aligned', async () => {
  const md = await hover('layers.Dense', 'zh-cn');
  const lines = shownLines(md);
  assert.match(lines[0], /· \[Keras 文档\]/);
  assert.equal(lines[1], '`(None, 16384)` → `(None, 10)` · **163,850 个参数**');
  assert.ok(lines.includes('- 参数量: `16384·10 + 10 = 163,850`'), md);
  const table = lines.slice(lines.indexOf('```text') + 1, lines.lastIndexOf('```'));
  assert.match(table[0], /^权重 +形状 +参数量 +可训练$/);
  assert.match(table[1], /^kernel +\(16384, 10\) +163,840 +是$/);
  // Columns start at the same place on every row, counting a Chinese character as two.
  const start = (row: string, cell: string) => displayWidth(row.slice(0, row.indexOf(cell)));
  assert.equal(start(table[0], '形状'), start(table[1], '(16384'));
  assert.equal(start(table[0], '可训练'), start(table[1], '是'));
  const repeated = await hover('layers.Conv2D', 'zh-cn');
  assert.match(repeated, /\*\*结果 1\/2\*\*/);
  assert.match(repeated, /\*\*其他结果\*\*/);
});
