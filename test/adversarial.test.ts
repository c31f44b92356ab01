// Hostile and pathological inputs with fixed expectations: endless loops and
// recursion stop within the step budget and keep what was found before them,
// absurd nesting and size do not crash, huge and bad layer sizes give Keras's
// errors or an honest unknown, and user names shadow Keras's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisResult } from '../server/src/analysis';
import { inlayHints } from '../server/src/ide/inlayHints';
import { renderModelSummary } from '../server/src/ide/summaryTable';
import { formatCount } from '../server/src/engine';
import { analyzeSource } from './analysisHarness';
import { resultProblems } from './fuzz/harness';

interface Analysed {
  readonly text: string;
  readonly result: AnalysisResult;
  readonly millis: number;
  /** The hint label drawn right after the first occurrence of `needle`, or undefined when there is none. */
  hintAfter(needle: string): string | undefined;
  /** The tooltip of that hint (every result of the call site, one line each). */
  tooltipAfter(needle: string): string | undefined;
  /** Every hint label, in order. */
  labels(): string[];
}

async function analyse(text: string, config = DEFAULT_ANALYSIS_CONFIG): Promise<Analysed> {
  const t0 = performance.now();
  const result = await analyzeSource(text, config);
  const millis = performance.now() - t0;
  assert.deepEqual(resultProblems(result, text, config), []);
  const hints = inlayHints(result, { start: 0, end: text.length });
  return {
    text,
    result,
    millis,
    hintAfter(needle) {
      const at = text.indexOf(needle);
      assert.ok(at >= 0, `${needle} not in the text`);
      return hints.find((h) => h.offset === at + needle.length)?.label;
    },
    tooltipAfter(needle) {
      const at = text.indexOf(needle);
      assert.ok(at >= 0, `${needle} not in the text`);
      return hints.find((h) => h.offset === at + needle.length)?.tooltip;
    },
    labels: () => hints.map((h) => h.label),
  };
}

const HEAD = 'import keras\nfrom keras import layers\n\nx = keras.Input((4,))\n';
/** Generous: these run beside the other test files on a shared machine. */
const WALL_CLOCK_MS = 60_000;

/** A smaller budget for loops whose bodies call layers (each call costs far more time than a plain step). */
const SMALL_BUDGET = { ...DEFAULT_ANALYSIS_CONFIG, stepBudget: 200_000 };

test('for i in range(10**12): pass runs into the budget; the results before the loop are kept', async () => {
  const a = await analyse(`${HEAD}y = layers.Dense(3)(x)\nfor i in range(10**12):\n    pass\nz = layers.Dense(7)(y)\n`);
  assert.equal(a.result.budgetExhausted, true);
  assert.equal(a.result.steps, DEFAULT_ANALYSIS_CONFIG.stepBudget);
  const note = a.result.diagnostics.find((d) => d.code === 'budget-exhausted');
  assert.ok(note, 'a budget-exhausted note');
  assert.equal(note.severity, 'info');
  assert.match(note.message, /^Analysis stopped after 2,000,000 steps/);
  assert.equal(a.hintAfter('layers.Dense(3)(x)'), '(None, 3) · 15 params');
  // After the point where the budget ran out nothing is shown.
  assert.equal(a.hintAfter('layers.Dense(7)(y)'), undefined);
  assert.ok(a.millis < WALL_CLOCK_MS, `${a.millis} ms`);
});

test('for i in range(10**12) calling a layer: the outcomes so far are kept and counted', async () => {
  const a = await analyse(`${HEAD}y = layers.Dense(3)(x)\nfor i in range(10**12):\n    y = layers.Dense(5)(y)\nz = layers.Dense(7)(y)\n`, SMALL_BUDGET);
  assert.equal(a.result.budgetExhausted, true);
  assert.equal(a.result.steps, SMALL_BUDGET.stepBudget);
  assert.match(a.result.diagnostics[0].message, /^Analysis stopped after 200,000 steps/);
  // First on (None, 3), then on its own output (None, 5) until the budget ran out: the label
  // counts the calls (their params do not fit beside each other), the tooltip tells them apart.
  assert.match(a.hintAfter('layers.Dense(5)(y)') ?? '', /^\(None, 5\) ×\d+$/);
  const tooltip = a.tooltipAfter('layers.Dense(5)(y)') ?? '';
  assert.match(tooltip, /^- `\(None, 3\)` → `\(None, 5\)` · 20 params$/m);
  assert.match(tooltip, /^- `\(None, 5\)` → `\(None, 5\)` ×\d+ · 30 params$/m);
  assert.equal(a.hintAfter('layers.Dense(7)(y)'), undefined);
});

test('while True: pass gives up after its iteration limit and carries on after the loop', async () => {
  const a = await analyse(`${HEAD}y = layers.Dense(3)(x)\nwhile True:\n    pass\nz = layers.Dense(5)(y)\n`);
  assert.equal(a.result.budgetExhausted, false);
  assert.ok(a.result.steps <= DEFAULT_ANALYSIS_CONFIG.stepBudget);
  assert.equal(a.hintAfter('layers.Dense(3)(x)'), '(None, 3) · 15 params');
  assert.equal(a.hintAfter('layers.Dense(5)(y)'), '(None, 5) · 20 params');
});

test('while True calling a layer: the budget runs out first', async () => {
  const a = await analyse(`${HEAD}y = layers.Dense(3)(x)\nwhile True:\n    y = layers.Dense(3)(y)\nz = layers.Dense(5)(y)\n`, SMALL_BUDGET);
  assert.equal(a.result.budgetExhausted, true);
  assert.equal(a.result.steps, SMALL_BUDGET.stepBudget);
  assert.match(a.hintAfter('layers.Dense(3)(y)') ?? '', /^\(None, 3\) · 12 params ×\d+$/);
  assert.equal(a.hintAfter('layers.Dense(5)(y)'), undefined);
});

test('unbounded recursion stops at the call-depth limit; the file around it is analysed', async () => {
  const a = await analyse(`${HEAD}def f(x):\n    return f(x)\n\ndef g(t):\n    return g(layers.Dense(2)(t))\n\ny = layers.Dense(3)(x)\nf(1)\nw = g(y)\nz = layers.Dense(5)(y)\n`);
  assert.equal(a.result.budgetExhausted, false);
  assert.equal(a.hintAfter('layers.Dense(3)(x)'), '(None, 3) · 15 params');
  assert.equal(a.hintAfter('layers.Dense(5)(y)'), '(None, 5) · 20 params');
  // The recursive helper's layer ran once per level: the first call sees (None, 3), the deeper ones (None, 2).
  assert.match(a.hintAfter('layers.Dense(2)(t)') ?? '', /^\(None, 2\) ×\d+$/);
  const tooltip = a.tooltipAfter('layers.Dense(2)(t)') ?? '';
  assert.match(tooltip, /^- `\(None, 3\)` → `\(None, 2\)` · 8 params$/m);
  assert.match(tooltip, /^- `\(None, 2\)` → `\(None, 2\)` ×\d+ · 6 params$/m);
});

test('mutual recursion through a class method stops too', async () => {
  const a = await analyse(`${HEAD}class A:\n    def f(self, n):\n        return self.g(n)\n    def g(self, n):\n        return self.f(n)\n\nA().f(1)\ny = layers.Dense(3)(x)\n`);
  assert.equal(a.hintAfter('layers.Dense(3)(x)'), '(None, 3) · 15 params');
});

test('10,000 nested parentheses: no crash, a note, and the lines before it are analysed', async () => {
  const deep = `${'('.repeat(10_000)}layers.Dense(3)(x)${')'.repeat(10_000)}`;
  const a = await analyse(`${HEAD}y = layers.Dense(4)(x)\nz = ${deep}\n`);
  assert.equal(a.hintAfter('layers.Dense(4)(x)'), '(None, 4) · 20 params');
  assert.ok(a.result.diagnostics.some((d) => d.code === 'budget-exhausted' && /nested too deeply/.test(d.message)));
  assert.ok(a.millis < WALL_CLOCK_MS, `${a.millis} ms`);
});

test('10,000 nested lists, calls and subscripts: no crash', async () => {
  for (const [open, close] of [['[', ']'], ['f(', ')'], ['x[', ']']]) {
    const a = await analyse(`${HEAD}z = ${open.repeat(10_000)}1${close.repeat(10_000)}\ny = layers.Dense(3)(x)\n`);
    // Either analysed after the nesting or stopped with a note: never an exception.
    assert.ok(a.hintAfter('layers.Dense(3)(x)') === '(None, 3) · 15 params' || a.result.diagnostics.some((d) => d.code === 'budget-exhausted'));
  }
});

test('1,000 nested blocks (if / for / def): no crash', async () => {
  let body = '';
  for (let i = 0; i < 1000; i++) body += `${' '.repeat(i)}${i % 3 === 0 ? 'if True:' : i % 3 === 1 ? 'for _ in [1]:' : `def f${i}():`}\n`;
  body += `${' '.repeat(1000)}pass\n`;
  const a = await analyse(`${HEAD}${body}y = layers.Dense(3)(x)\n`);
  assert.ok(a.result.steps <= DEFAULT_ANALYSIS_CONFIG.stepBudget);
});

test('a 100,000-line file: analysed within the step budget and a wall-clock bound', async () => {
  const lines = [HEAD.trimEnd(), 'y = x'];
  for (let i = 0; lines.length < 100_000; i++) lines.push(i % 1000 === 0 ? 'y = layers.Dense(4)(y)' : `v${i % 10} = ${i % 97} + 1`);
  lines.push('z = layers.Dense(2)(y)');
  const text = `${lines.join('\n')}\n`;
  assert.ok(text.split('\n').length > 100_000);
  const a = await analyse(text);
  assert.equal(a.result.budgetExhausted, false);
  assert.ok(a.result.steps <= DEFAULT_ANALYSIS_CONFIG.stepBudget);
  assert.equal(a.result.calls.length, 101);
  assert.equal(a.hintAfter('layers.Dense(2)(y)'), '(None, 2) · 10 params');
  assert.ok(a.millis < 3 * WALL_CLOCK_MS, `${a.millis} ms`);
});

test('Dense(10**30): beyond 2**53 the width is unknown, not rounded', async () => {
  const a = await analyse(`${HEAD}y = layers.Dense(10**30)(x)\nm = keras.Model(x, y)\n`);
  // The rank is known; the width is not.
  assert.equal(a.hintAfter('layers.Dense(10**30)(x)'), '(None, ?)');
  const model = a.result.models[0];
  assert.equal(model.totalParams, null);
  assert.match(renderModelSummary(model), /Total params: \?/);
});

test('param counts beyond 2**53 are marked approximate', async () => {
  // 2**30 inputs × 2**40 units: 2**70 + 2**40 weights, more than a JS number holds exactly.
  const a = await analyse('import keras\nfrom keras import layers\nx = keras.Input((2**30,))\ny = layers.Dense(2**40)(x)\n');
  assert.equal(a.hintAfter('layers.Dense(2**40)(x)'), '(None, 1099511627776) · ≈1.181e+21 params');
  assert.equal(formatCount(2 ** 53 - 1), '9,007,199,254,740,991');
  assert.equal(formatCount(2 ** 53 + 2), '≈9.007e+15');
});

test('Dense(-3) and Dense("8") give Keras\'s constructor errors', async () => {
  const a = await analyse(`${HEAD}y = layers.Dense(-3)(x)\nz = layers.Dense("8")(x)\nw = layers.Dense(0)(x)\nv = layers.Dense(2.5)(x)\n`);
  const messages = a.result.diagnostics.map((d) => [d.severity, d.code, d.message]);
  assert.deepEqual(messages, [
    ['error', 'invalid-argument', 'Received an invalid value for `units`, expected a positive integer. Received: units=-3'],
    ['error', 'invalid-argument', 'Received an invalid value for `units`, expected a positive integer. Received: units=8'],
    ['error', 'invalid-argument', 'Received an invalid value for `units`, expected a positive integer. Received: units=0'],
    ['error', 'invalid-argument', 'Received an invalid value for `units`, expected a positive integer. Received: units=2.5'],
  ]);
});

test('negative and string sizes in other layers do not crash', async () => {
  const a = await analyse(
    'import keras\nfrom keras import layers\nx = keras.Input((8, 8, 3))\n' +
      'a = layers.Conv2D(-1, 3)(x)\nb = layers.Conv2D(4, "3")(x)\nc = layers.Conv2D(4, -3)(x)\nd = layers.Reshape((-1, -1))(x)\n' +
      'e = layers.Embedding("10", 4)(x)\nf = layers.MaxPooling2D(0)(x)\ng = layers.Dropout("half")(x)\nh = keras.Input((-5,))\n',
  );
  assert.ok(a.result.diagnostics.filter((d) => d.severity === 'error').length >= 5);
});

test('a layer class shadowed by a user definition is not Keras\'s', async () => {
  const a = await analyse(
    `${HEAD}from keras.layers import Dense\n\nclass Dense:\n    def __init__(self, n):\n        self.n = n\n    def __call__(self, t):\n        return t\n\ny = Dense(3)(x)\nz = layers.Dense(2)(y)\n`,
  );
  assert.equal(a.hintAfter('y = Dense(3)(x)'), undefined);
  assert.ok(!a.result.calls.some((c) => a.text.slice(c.range.start, c.range.end) === 'Dense(3)(x)'));
  // Keras's own Dense through the module is still Keras's; its input is whatever the user class returned.
  assert.ok(a.result.calls.some((c) => a.text.slice(c.range.start, c.range.end) === 'layers.Dense(2)(y)'));
});

test('a layer name shadowed by a function or a variable is not Keras\'s', async () => {
  const a = await analyse(`${HEAD}from keras.layers import Dense, Conv2D\n\ndef Dense(n):\n    return lambda t: t\n\nConv2D = 5\ny = Dense(3)(x)\nz = Conv2D(4, 3)(x)\n`);
  assert.deepEqual(a.result.calls, []);
  assert.deepEqual(a.result.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('one name bound to a layer and then to its output tensor', async () => {
  const a = await analyse(`${HEAD}d = layers.Dense(3)\nd = d(x)\nz = layers.Dense(2)(d)\nw = d(x)\n`);
  assert.equal(a.hintAfter('d = d(x)'), '(None, 3) · 15 params');
  assert.equal(a.hintAfter('layers.Dense(2)(d)'), '(None, 2) · 8 params');
  // `d` is a tensor now: calling it is not a layer call (Keras would raise a TypeError at run time).
  assert.equal(a.hintAfter('w = d(x)'), undefined);
});

test('one name bound to a tensor and then to a layer', async () => {
  const a = await analyse(`${HEAD}t = layers.Dense(3)(x)\nt = layers.Dense(6)\ny = t(x)\n`);
  assert.equal(a.hintAfter('layers.Dense(3)(x)'), '(None, 3) · 15 params');
  assert.equal(a.hintAfter('y = t(x)'), '(None, 6) · 30 params');
});

test('code that would touch the system is only read, never run', async () => {
  const a = await analyse(`${HEAD}import os, subprocess\nos.system("rm -rf /")\nsubprocess.run(["sh"])\nexec("import os")\neval("1+1")\n__import__("socket").socket()\nopen("/etc/passwd").read()\ny = layers.Dense(3)(x)\n`);
  assert.equal(a.hintAfter('layers.Dense(3)(x)'), '(None, 3) · 15 params');
});

test('strings and lists grown without bound are capped', async () => {
  const a = await analyse(`${HEAD}s = "x" * 10**9\nl = [0] * 10**9\nfor i in range(40):\n    s = s + s\n    l = l + l\ny = layers.Dense(3)(x)\n`);
  assert.ok(a.result.steps <= DEFAULT_ANALYSIS_CONFIG.stepBudget);
  assert.ok(a.millis < WALL_CLOCK_MS, `${a.millis} ms`);
});
