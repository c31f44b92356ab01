// The language server driven by a real JSON-RPC client (vscode-languageserver-protocol):
// in-process over a pair of streams for most tests, and once as a child
// process over stdio the way editors start it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { InlayHint, InitializeResult, CodeLens } from 'vscode-languageserver-protocol/node';
import * as fs from 'node:fs';
import { startServerOnStreams } from '../server/src/lsp/inProcess';
import type { GraphResponse } from '../server/src/lsp/graph';
import { goldenDir } from './goldenPath';
import { endOf, labels, makeClient, markdown, positionOf, type Client } from './lspClient';

const MODEL = `import keras
from keras import layers

inputs = keras.Input(shape=(128, 128, 3))
x = layers.Conv2D(24, (8, 8), strides=2)(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;

const BROKEN = `import keras
from keras import layers

inputs = keras.Input(shape=(10,))
x = layers.Conv2D(8, 3)(inputs)
`;

const URI = 'file:///work/model.py';
const BROKEN_URI = 'file:///work/broken.py';

describe('language server over JSON-RPC (in-process)', () => {
  let client: Client;
  let stop: () => void;

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    stop = startServerOnStreams(toServer, toClient);
    client = makeClient(toClient, toServer);
    const init = await client.initialize();
    assert.equal(init.serverInfo?.name, 'keras-shapes');
    void client.connection.sendNotification('initialized', {});
  });

  after(() => {
    stop();
    client.connection.dispose();
  });

  test('announces incremental sync, hovers, inlay hints and code lenses', async () => {
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.inlayHintProvider);
    assert.ok(init.capabilities.codeLensProvider);
  });

  test('didOpen publishes diagnostics with their version, code and docs link', async () => {
    client.open(URI, MODEL);
    client.open(BROKEN_URI, BROKEN);
    const good = await client.waitForDiagnostics(URI);
    assert.equal(good.version, 1);
    assert.deepEqual(good.diagnostics, []);
    const bad = await client.waitForDiagnostics(BROKEN_URI);
    assert.equal(bad.version, 1);
    assert.equal(bad.diagnostics.length, 1, JSON.stringify(bad.diagnostics));
    const [d] = bad.diagnostics;
    assert.equal(d.code, 'incompatible-input');
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'keras-shapes');
    assert.equal(d.codeDescription?.href, 'https://github.com/keras-shapes/keras-shapes/blob/main/docs/codes.md#incompatible-input');
    assert.equal(d.range.start.line, 4);
  });

  test('inlay hints after every layer call, with params when the layer has weights', async () => {
    const hints = await client.hints(URI);
    const got = labels(hints);
    for (const expected of ['(None, 61, 61, 24) · 4,632 params', '(None, 30, 30, 24)', '(None, 21600)', '(None, 10) · 216,010 params']) {
      assert.ok(got.includes(expected), `missing ${expected} in\n${got.join('\n')}`);
    }
    assert.ok(!got.some((l) => / 0 params/.test(l)), got.join('\n'));
    const conv = hints.find((h) => labels([h])[0].startsWith('(None, 61, 61, 24)'))!;
    assert.deepEqual(conv.position, endOf(MODEL, 'layers.Conv2D(24, (8, 8), strides=2)(inputs)'));
    assert.equal(conv.paddingLeft, true);
    assert.match(JSON.stringify(conv.tooltip), /Conv2D/);
  });

  test('hover on a Conv2D call explains the arithmetic', async () => {
    const md = markdown(await client.hover(URI, endOf(MODEL, 'layers.Conv')));
    assert.match(md, /\*\*Conv2D\*\*/);
    assert.match(md, /`\(None, 128, 128, 3\)` → `\(None, 61, 61, 24\)`/);
    assert.match(md, /height: `floor\(\(128 − 8\) \/ 2\) \+ 1 = 61`/);
    assert.match(md, /^kernel +\(8, 8, 3, 24\) +4,608 +yes$/m);
    assert.match(md, /8·8·3·24 \+ 24 = 4,632/);
    assert.match(md, /https:\/\/keras\.io\/api\/layers\/convolution_layers\/convolution2d\//);
    // Input → output and the total first, the arithmetic next, the weights last; short enough not to scroll.
    assert.match(md, /→ `\(None, 61, 61, 24\)` · \*\*4,632 params\*\*/);
    const at = (re: RegExp) => md.search(re);
    assert.ok(at(/→/) < at(/height:/) && at(/height:/) < at(/^weight +shape +params +trainable$/m), md);
    assert.ok(md.split('\n').filter((l) => l.trim() !== '').length <= 15, md);
  });

  test('hover on the model variable shows its totals', async () => {
    const md = markdown(await client.hover(URI, endOf(MODEL, 'mod')));
    assert.match(md, /Total params: 220,642/);
    assert.match(md, /Trainable params: 220,642/);
  });

  test('code lenses above each model open its summary and its graph', async () => {
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } })) as CodeLens[];
    assert.equal(lenses.length, 2);
    assert.equal(lenses[0].command?.title, 'Total params: 220,642 · Show summary');
    assert.equal(lenses[0].command?.command, 'keras-shapes.showSummary');
    assert.deepEqual(lenses[0].command?.arguments, [URI, 0]);
    assert.equal(lenses[0].range.start.line, 8);
    assert.equal(lenses[1].command?.title, 'Show graph');
    assert.equal(lenses[1].command?.command, 'keras-shapes.showGraph');
    assert.deepEqual(lenses[1].command?.arguments, [URI, 0]);
    assert.equal(lenses[1].range.start.line, 8);
  });

  test('kerasShapes/graph answers the models as laid-out graphs of a golden program', async () => {
    const file = path.join(goldenDir(), 'programs', 'nested_models.py');
    const uri = 'file:///work/nested_models.py';
    client.open(uri, fs.readFileSync(file, 'utf8'));
    const r = (await client.connection.sendRequest('kerasShapes/graph', { uri })) as GraphResponse;
    assert.equal(r.uri, uri);
    assert.deepEqual(r.models.map((m) => m.name), ['backbone', 'head', 'classifier', 'stacked', 'encoder', 'pair']);
    const pair = r.models[5];
    assert.deepEqual(pair.nodes.map((n) => `${n.name} (${n.class})`), ['left (InputLayer)', 'right (InputLayer)', 'encoder (Functional)', 'concatenate (Concatenate)', 'dense_4 (Dense)']);
    assert.deepEqual(
      pair.edges.map((e) => `${e.from}->${e.to} ${JSON.stringify(e.shape)}`),
      ['left->encoder [null,16]', 'right->encoder [null,16]', 'encoder->concatenate [null,8]', 'encoder->concatenate [null,8]', 'concatenate->dense_4 [null,16]'],
    );
    // The layout: a box per node, a polyline per edge, top to bottom.
    assert.equal(pair.layout.nodes.length, 5);
    assert.equal(pair.layout.edges.length, 5);
    const box = (id: string) => pair.layout.nodes.find((n) => n.id === id)!;
    assert.ok(box('left').y < box('encoder').y && box('encoder').y < box('concatenate').y && box('concatenate').y < box('dense_4').y);
    assert.ok(pair.layout.edges.every((e) => e.points.length >= 2 && e.label !== undefined));
    assert.deepEqual(box('dense_4').rows.map((row) => row.text), ['dense_4', 'Dense', '(None, 1)', '17 params']);
    assert.equal(box('dense_4').line, 42);
    // A nested model is one box carrying its own graph.
    const classifier = r.models[2];
    const backbone = classifier.nodes.find((n) => n.name === 'backbone')!;
    assert.deepEqual(backbone.nested?.nodes.map((n) => n.name), ['conv2d', 'max_pooling2d', 'conv2d_1', 'batch_normalization', 'global_average_pooling2d']);
    assert.equal(backbone.nested?.edges.length, 4);
    // Expanded, the nested model is a frame around its layers.
    const expanded = (await client.connection.sendRequest('kerasShapes/graph', { uri, expandNested: true })) as GraphResponse;
    assert.deepEqual(expanded.models[2].layout.clusters.map((c) => c.label), ['backbone (Sequential)', 'head (Functional)']);
    assert.ok(expanded.models[2].layout.nodes.some((n) => n.id === 'backbone/conv2d'));
  });

  test('kerasShapes/summary answers the Keras model.summary() table', async () => {
    const r = (await client.connection.sendRequest('kerasShapes/summary', { uri: URI, model: 0 })) as { text: string; models: string[] };
    assert.deepEqual(r.models, ['model']);
    assert.match(r.text, /^Model: "functional"/);
    assert.match(r.text, /│ conv2d \(Conv2D\) +│ \(None, 61, 61, 24\) +│ +4,632 │/);
    assert.match(r.text, /Total params: 220,642 \(861\.88 KB\)/);
  });

  test('a burst of edits: only the newest version gets diagnostics and hints', async () => {
    let text = MODEL;
    const published = client.diagnostics.length;
    for (let version = 2; version <= 11; version++) {
      // Replace the filter count of the Conv2D: 24 → 25 → … → 34.
      const at = text.indexOf('Conv2D(') + 'Conv2D('.length;
      const old = text.slice(at, text.indexOf(',', at));
      const next = String(22 + version);
      client.change(URI, version, [{ range: { start: positionOf(text, at), end: positionOf(text, at + old.length) }, text: next }]);
      text = text.slice(0, at) + next + text.slice(at + old.length);
    }
    const hints = labels(await client.hints(URI));
    assert.ok(hints.includes('(None, 61, 61, 33) · 6,369 params'), hints.join('\n'));
    const newest = await client.waitForDiagnostics(URI, (p) => p.version === 11);
    assert.deepEqual(newest.diagnostics, []);
    const forUri = client.diagnostics.slice(published).filter((p) => p.uri === URI);
    assert.deepEqual(forUri.map((p) => p.version), [11]);
    // The incrementally re-parsed document analyses exactly like the same text opened afresh.
    const fresh = 'file:///work/fresh.py';
    client.open(fresh, text);
    assert.deepEqual(await client.hints(fresh), await client.hints(URI));
  });

  test('a request overtaken by a newer change answers empty', async () => {
    const pending = client.hints(URI);
    const at = MODEL.indexOf('\nmodel');
    client.change(URI, 12, [{ range: { start: positionOf(MODEL, at), end: positionOf(MODEL, at) }, text: '\n' }]);
    assert.deepEqual(await pending, []);
    // …and the next request sees the new text: the model moved one line down.
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } })) as CodeLens[];
    assert.equal(lenses[0].range.start.line, 9);
  });

  test('offsets are UTF-16: a hint after an emoji and CJK text lands after the call', async () => {
    const text = `import keras\nfrom keras import layers\ninputs = keras.Input(shape=(8,))\nlabel = "形状🙂"; y = layers.Dense(4)(inputs)\n`;
    const uri = 'file:///work/unicode.py';
    client.open(uri, text);
    const hints = await client.hints(uri);
    const dense = hints.find((h) => labels([h])[0].startsWith('(None, 4)'));
    assert.ok(dense, labels(hints).join('\n'));
    assert.deepEqual(dense.position, endOf(text, 'layers.Dense(4)(inputs)'));
  });

  test('settings apply without restart and refresh the hints', async () => {
    const before = client.refreshes;
    client.settings = { batchDim: 'hide', inlayHints: { showParams: false } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForRefreshes(before + 1);
    const hints = labels(await client.hints(URI));
    assert.ok(hints.includes('(61, 61, 33)'), hints.join('\n'));
    client.settings = { inlayHints: { enabled: false } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForRefreshes(before + 2);
    assert.deepEqual(await client.hints(URI), []);
    client.settings = {};
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForRefreshes(before + 3);
    assert.ok(labels(await client.hints(URI)).includes('(None, 61, 61, 33) · 6,369 params'));
  });

  test('a failing request answers an error and the server carries on', async () => {
    await assert.rejects(client.connection.sendRequest('kerasShapes/summary', { uri: 'file:///not/open.py' }), /not open/);
    assert.ok(client.logs.some((l) => l.includes('summary failed')), client.logs.join('\n'));
    assert.match(markdown(await client.hover(URI, endOf(MODEL, 'layers.Conv'))), /Conv2D/);
  });

  test('kerasShapes/checkFile publishes diagnostics of a file that is not open', async () => {
    const uri = 'file:///work/closed.py';
    const r = await client.connection.sendRequest('kerasShapes/checkFile', { uri, text: BROKEN });
    assert.deepEqual(r, { errors: 1, warnings: 0, infos: 0, calls: (r as { calls: number }).calls, models: 0 });
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.diagnostics[0].code, 'incompatible-input');
  });
});


test('a client that resolves tooltips gets hints without them, and each tooltip on request', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const stop = startServerOnStreams(toServer, toClient);
  const client = makeClient(toClient, toServer);
  try {
    const init = (await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { textDocument: { inlayHint: { resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } } } },
    })) as InitializeResult;
    assert.deepEqual(init.capabilities.inlayHintProvider, { resolveProvider: true });
    void client.connection.sendNotification('initialized', {});
    client.open(URI, MODEL);
    const hints = await client.hints(URI);
    const conv = hints.find((h) => labels([h])[0].startsWith('(None, 61, 61, 24)'));
    assert.ok(conv, labels(hints).join('\n'));
    assert.ok(hints.every((h) => h.tooltip === undefined && h.data !== undefined));
    const resolved = (await client.connection.sendRequest('inlayHint/resolve', conv)) as InlayHint;
    assert.match(JSON.stringify(resolved.tooltip), /Conv2D/);
    assert.match(JSON.stringify(resolved.tooltip), /\(None, 128, 128, 3\)/);
    assert.equal(resolved.label, conv.label);
    // After a change the hint is stale: it comes back as it was, without a tooltip.
    client.change(URI, 2, [{ text: `${MODEL}\n` }]);
    const stale = (await client.connection.sendRequest('inlayHint/resolve', conv)) as InlayHint;
    assert.equal(stale.tooltip, undefined);
  } finally {
    stop();
    client.connection.dispose();
  }
});

test('the server as a child process over stdio (npm run keras-shapes-server -- --stdio)', async () => {
  const main = path.join(__dirname, '..', 'server', 'src', 'lsp', 'main.js');
  const child = spawn(process.execPath, [main, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const client = makeClient(child.stdout, child.stdin);
  const init = await client.initialize();
  assert.equal(init.capabilities.textDocumentSync && typeof init.capabilities.textDocumentSync === 'object' && init.capabilities.textDocumentSync.change, 2);
  void client.connection.sendNotification('initialized', {});
  client.open(URI, MODEL);
  assert.match(markdown(await client.hover(URI, endOf(MODEL, 'layers.Conv'))), /floor\(\(128 − 8\) \/ 2\) \+ 1 = 61/);
  const bad = await (client.open(BROKEN_URI, BROKEN), client.waitForDiagnostics(BROKEN_URI));
  assert.equal(bad.diagnostics[0]?.code, 'incompatible-input');
  await client.connection.sendRequest('shutdown');
  void client.connection.sendNotification('exit');
  assert.equal(await exited, 0);
  client.connection.dispose();
});

test('an editor in Simplified Chinese gets Chinese hovers and diagnostics, Keras\'s message kept in English', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const stop = startServerOnStreams(toServer, toClient);
  const client = makeClient(toClient, toServer);
  try {
    await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      locale: 'zh-cn',
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true } } },
    });
    void client.connection.sendNotification('initialized', {});
    client.open(URI, MODEL);
    const md = markdown(await client.hover(URI, endOf(MODEL, 'layers.Conv')));
    assert.match(md, /`\(None, 128, 128, 3\)` → `\(None, 61, 61, 24\)` · \*\*4,632 个参数\*\*/);
    assert.match(md, /^- 高: `floor\(\(128 − 8\) \/ 2\) \+ 1 = 61`$/m);
    assert.match(md, /^权重 +形状 +参数量 +可训练$/m);
    assert.match(md, /^kernel +\(8, 8, 3, 24\) +4,608 +是$/m);
    assert.match(md, /\[Keras 文档\]/);
    assert.ok(!/params|trainable|weight/.test(md.replace(/`[^`]*`/g, '')), md);
    assert.match(markdown(await client.hover(URI, endOf(MODEL, 'mod'))), /总参数量：220,642/);
    assert.match(labels(await client.hints(URI)).join('\n'), /^\(None, 61, 61, 24\) · 4,632 个参数$/m);
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } })) as CodeLens[];
    assert.equal(lenses[0].command?.title, '总参数量：220,642 · 显示模型概要');

    client.open(BROKEN_URI, BROKEN);
    const [d] = (await client.waitForDiagnostics(BROKEN_URI)).diagnostics;
    assert.equal(d.code, 'incompatible-input');
    const [explanation, ...keras] = d.message.split('\n');
    assert.match(explanation, /^张量的秩或某个固定轴与该层接受的输入不符/);
    assert.match(keras.join('\n'), /^Input 0 with name 'None' of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2/);

    // kerasShapes.locale overrides the editor's language.
    client.settings = { locale: 'en' };
    const before = client.refreshes;
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForRefreshes(before + 1);
    assert.match(markdown(await client.hover(URI, endOf(MODEL, 'layers.Conv'))), /· \*\*4,632 params\*\*/);
    const english = await client.waitForDiagnostics(BROKEN_URI, (p) => p.diagnostics[0]?.message.startsWith('Input 0'));
    assert.ok(!english.diagnostics[0].message.includes('张量'));
  } finally {
    stop();
    client.connection.dispose();
  }
});
