// Errors that teach, through the language server and a real JSON-RPC client:
// the failing call's hint says what failed (`✗ ndim 3, needs ≥4`), the calls
// after it are unknown "because of the error at line 6", the model's lens
// names that line, and the failing call's hover explains what Keras checks,
// why it fails and what to do, in English and in Chinese, then gives Keras's
// message as it is. The summary request and `keras-shapes summary --json`
// give the same reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CodeLens, InlayHint, MarkupContent } from 'vscode-languageserver-protocol/node';
import { startServerOnStreams } from '../server/src/lsp/inProcess';
import { repoRoot } from './goldenPath';
import { endOf, labels, makeClient, markdown, type Client } from './lspClient';
import { analyzeSource } from './analysisHarness';
import { unknownReasonText } from '../server/src/ide/teach';

const RANK_ERROR = `import keras
from keras import layers

inputs = keras.Input(shape=(28, 64))
x = layers.Dense(32)(inputs)
x = layers.Conv2D(16, 3)(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;

const MERGE_ERROR = `import keras
from keras import layers

inputs = keras.Input(shape=(6, 6, 3))
a = layers.Conv2D(32, 3)(inputs)
b = layers.Conv2D(16, 3)(inputs)
s = layers.Add()([a, b])
p = layers.MaxPooling2D(8)(inputs)
r = layers.Reshape((10, 10))(a)
`;

const ARGUMENT_ERRORS = `import keras
from keras import layers

inputs = keras.Input(shape=(None, 5))
y = layers.Dense(3)(layers.Flatten()(inputs))
z = layers.Conv1D(4, 3, border_mode="same")(inputs)
w = layers.Dense()(inputs)
k = layers.Conv1D(4, 0)(inputs)
`;

const OPERATION_ERRORS = `import keras
from keras import layers, ops

a = keras.Input(shape=(32,))
b = keras.Input(shape=(16,))
w = keras.Input(shape=(16, 8))
s = a + b
m = ops.matmul(a, w)
y = layers.Dense(4)(s)
`;

const URI = 'file:///work/teach.py';
const MERGE_URI = 'file:///work/merge.py';

async function startClient(locale?: string): Promise<{ client: Client; stop: () => void }> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const stopServer = startServerOnStreams(toServer, toClient);
  const client = makeClient(toClient, toServer);
  if (locale === undefined) await client.initialize();
  else {
    await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      locale,
      capabilities: { workspace: { configuration: true, inlayHint: { refreshSupport: true } }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    });
  }
  void client.connection.sendNotification('initialized', {});
  return {
    client,
    stop: () => {
      stopServer();
      client.connection.dispose();
    },
  };
}

/** The hint on a 0-based line. */
function hintOn(hints: InlayHint[], line: number): InlayHint {
  const h = hints.find((x) => x.position.line === line);
  assert.ok(h, `no hint on line ${line + 1}: ${JSON.stringify(labels(hints))}`);
  return h;
}

function tooltipText(h: InlayHint): string {
  const t = h.tooltip;
  return typeof t === 'string' ? t : ((t as MarkupContent | undefined)?.value ?? '');
}

function lenses(client: Client, uri: string): Promise<CodeLens[]> {
  return client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
}

test('the failing call gets a hint; the calls after it are unknown because of the error at line 6, and the lens says so', async () => {
  const { client, stop } = await startClient();
  try {
    client.open(URI, RANK_ERROR);
    await client.waitForDiagnostics(URI);
    const hints = await client.hints(URI);
    assert.equal(labels([hintOn(hints, 4)])[0], '(None, 28, 32) · 2,080 params');
    assert.equal(labels([hintOn(hints, 5)])[0], '✗ ndim 3, needs ≥4');
    for (const line of [6, 7]) {
      assert.equal(labels([hintOn(hints, line)])[0], '?');
      assert.match(tooltipText(hintOn(hints, line)), /the input shape is not known because of the error at line 6/);
    }
    const [summaryLens] = await lenses(client, URI);
    assert.equal(summaryLens.command?.title, 'Total params: ? — error at line 6 · Show summary');
    const summary = (await client.connection.sendRequest('kerasShapes/summary', { uri: URI, model: 0 })) as { text: string };
    assert.match(summary.text, /│ conv2d \(Conv2D\) +│ \? +│ +\? │/);
    assert.match(summary.text, /Totals unknown because of the error at line 6\./);
  } finally {
    stop();
  }
});

test('the failing call\'s hover says what Keras checks, why it fails and what to do, then Keras\'s message', async () => {
  const { client, stop } = await startClient();
  try {
    client.open(URI, RANK_ERROR);
    const md = markdown(await client.hover(URI, endOf(RANK_ERROR, 'x = layers.Con')));
    assert.match(md, /^\*\*Conv2D\*\* `conv2d`/);
    assert.match(md, /^`\(None, 28, 32\)` → ✗ \*\*Keras raises an error here\*\*$/m);
    assert.match(md, /^\*\*What Keras checks:\*\* \*\*Conv2D\*\* checks the rank of its input: at least 4 axes \(batch, height, width, channels\)\. {2}$/m);
    assert.match(md, /^\*\*Why it fails:\*\* It gets 3 axes: `\(None, 28, 32\)`\. {2}$/m);
    assert.match(md, /^\*\*What to do:\*\* Add the missing axis before it, e\.g\. `layers\.Reshape\(\(28, 32, 1\)\)`/m);
    // Keras's message comes last, word for word (markdown escapes aside).
    const quote = md.split('\n').find((l) => l.startsWith('> '));
    assert.ok(quote, md);
    assert.equal(quote.replace(/\\(.)/g, '$1'), "> *Keras says:* Input 0 with name 'None' of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (None, 28, 32)");
    // Within a few lines: the explanation fits a hover without scrolling.
    assert.ok(md.split('\n').length <= 10, md);

    client.open(MERGE_URI, MERGE_ERROR);
    const hints = labels(await client.hints(MERGE_URI));
    assert.deepEqual(hints.slice(2), ['✗ (None, 4, 4, 32) ≠ (None, 4, 4, 16)', '✗ height 6 < pool 8', '✗ 512 values ≠ 100']);
    const add = markdown(await client.hover(MERGE_URI, endOf(MERGE_ERROR, 's = layers.Ad')));
    assert.match(add, /\*\*Why it fails:\*\* It gets `\(None, 4, 4, 32\)`, `\(None, 4, 4, 16\)`\./);
    const pool = markdown(await client.hover(MERGE_URI, endOf(MERGE_ERROR, 'p = layers.Max')));
    assert.match(pool, /height: `floor\(\(6 − 8\) \/ 8\) \+ 1 = 0`: the pool \(8\) is longer than the input \(6\)/);
    assert.match(pool, /\*\*What to do:\*\* Use padding='same'/);
    const reshape = markdown(await client.hover(MERGE_URI, endOf(MERGE_ERROR, 'r = layers.Res')));
    assert.match(reshape, /The input `\(4, 4, 32\)` holds 512 values; the target `\(10, 10\)` holds 100\./);
    assert.match(reshape, /Choose a target whose axes multiply to 512, or write -1 for one axis\./);

    const ARGS_URI = 'file:///work/args.py';
    client.open(ARGS_URI, ARGUMENT_ERRORS);
    assert.deepEqual(labels(await client.hints(ARGS_URI)), [
      '(None, None)',
      '✗ weight kernel (None, 3) has None',
      '✗ unknown argument border_mode',
      '✗ missing argument units',
      '✗ kernel_size=0 not accepted',
    ]);
    const kernel = markdown(await client.hover(ARGS_URI, endOf(ARGUMENT_ERRORS, 'k = layers.Con')));
    assert.match(kernel, /\*\*What Keras checks:\*\* \*\*Conv1D\*\* checks its arguments when it is created: `kernel_size` must be an integer or a tuple of 1 integers, each at least 1\./);
    assert.match(kernel, /\*\*Why it fails:\*\* It gets `kernel_size=0`\./);

    // Operations on tensors: the error's explanation on the expression, and the reason after it.
    const OPS_URI = 'file:///work/ops.py';
    client.open(OPS_URI, OPERATION_ERRORS);
    const sum = markdown(await client.hover(OPS_URI, endOf(OPERATION_ERRORS, 's = a +')));
    assert.match(sum, /\*\*Why it fails:\*\* `\(None, 32\)` and `\(None, 16\)` differ on axis -1: 32 and 16\./);
    const product = markdown(await client.hover(OPS_URI, endOf(OPERATION_ERRORS, 'm = ops.mat')));
    assert.match(product, /\*\*Why it fails:\*\* The first operand `\(None, 32\)` ends in 32; the second `\(None, 16, 8\)` has 16 there\./);
    assert.match(product, /^> \*Keras says:\* Inner dimensions/m);
    const after = markdown(await client.hover(OPS_URI, endOf(OPERATION_ERRORS, 'y = layers.Den')));
    assert.match(after, /the input shape is not known because of the error at line 7/);
  } finally {
    stop();
  }
});

test('in Simplified Chinese the explanation, the hint and the lens are Chinese; Keras\'s message stays English', async () => {
  const { client, stop } = await startClient('zh-cn');
  try {
    client.open(URI, RANK_ERROR);
    const md = markdown(await client.hover(URI, endOf(RANK_ERROR, 'x = layers.Con')));
    assert.match(md, /✗ \*\*Keras 会在这里报错\*\*/);
    assert.match(md, /\*\*Keras 检查什么:\*\* \*\*Conv2D\*\* 检查输入的秩：至少需要 4 个轴/);
    assert.match(md, /\*\*为什么出错:\*\* 它得到的输入有 3 个轴：`\(None, 28, 32\)`。/);
    assert.match(md, /\*\*怎么做:\*\* 在它前面补上缺少的轴，例如 `layers\.Reshape\(\(28, 32, 1\)\)`/);
    assert.match(md, /^> \*Keras 的原始信息:\* Input 0 with name 'None' of layer 'conv2d'/m);
    assert.ok(!/What Keras checks|Why it fails|What to do/.test(md), md);
    const hints = await client.hints(URI);
    assert.equal(labels([hintOn(hints, 5)])[0], '✗ 秩为 3，需要 ≥4');
    const [summaryLens] = await lenses(client, URI);
    assert.equal(summaryLens.command?.title, '总参数量：? — 第 6 行有错误 · 显示模型概要');
    // What follows is unknown because of that error, said in Chinese.
    const after = markdown(await client.hover(URI, endOf(RANK_ERROR, 'x = layers.Fla')));
    assert.match(after, /输出形状未知：输入形状未知，因为第 6 行有错误/);
  } finally {
    stop();
  }
});

test('a reason given in the user\'s language says in English what the analysis\'s own reason says', async () => {
  for (const text of [RANK_ERROR, MERGE_ERROR, ARGUMENT_ERRORS, OPERATION_ERRORS]) {
    const result = await analyzeSource(text);
    const blocked = result.calls.flatMap((c) => c.outcomes).filter((o) => o.blockedBy !== undefined);
    for (const o of blocked) assert.equal(unknownReasonText(o, 'en'), o.unknownReason);
    if (text === RANK_ERROR) assert.equal(blocked.length, 2);
  }
});

test('keras-shapes summary --json gives the same reasons: the failing call\'s error and "because of the error at line 6" after it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-teach-'));
  try {
    const file = path.join(dir, 'model.py');
    fs.writeFileSync(file, RANK_ERROR);
    const cli = path.join(repoRoot, 'out', 'server', 'src', 'cli', 'main.js');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [cli, 'summary', '--json', file], (err, out) => (err ? reject(err) : resolve(out))),
    );
    type Reason = { line: number | null; text: string };
    const json = JSON.parse(stdout) as { layers: { line: number; class: string; unknown_reason?: Reason; error?: string }[]; models: { unknown_reason?: Reason }[] };
    const byLine = new Map(json.layers.map((l) => [l.line, l]));
    assert.equal(byLine.get(6)?.error, 'incompatible-input');
    // Each reason with the line it traces the unknown back to.
    assert.deepEqual(byLine.get(7)?.unknown_reason, { line: 6, text: 'the input shape is not known because of the error at line 6' });
    assert.deepEqual(byLine.get(8)?.unknown_reason, { line: 6, text: 'the input shape is not known because of the error at line 6' });
    assert.equal(byLine.get(5)?.unknown_reason, undefined);
    assert.deepEqual(json.models[0].unknown_reason, { line: 6, text: 'because of the error at line 6' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
