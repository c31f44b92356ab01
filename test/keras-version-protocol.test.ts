// The Keras version from the workspace's requirements.txt, over JSON-RPC: the
// server reads the nearest manifest for a document, analyses it for that
// version, tells the client which version is in effect and why (a
// notification, a request, the output), and reads the manifest again when
// the client reports it changed; the setting wins over any manifest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startServerOnStreams } from '../server/src/lsp/inProcess';
import type { KerasVersionView } from '../server/src/lsp/kerasVersions';
import { labels, makeClient, withTimeout, type Client } from './lspClient';

// tf.keras 2 reads Conv1D on a rank-4 tensor as extra batch axes: (4, 7, 8, 32); Keras 3 raises.
const CONV1D = 'import tensorflow as tf\nx = tf.random.normal((4, 7, 10, 128))\ny = tf.keras.layers.Conv1D(32, 3)(x)\n';

let root: string;
let client: Client;
let stop: () => void;
const views: KerasVersionView[] = [];
const registrations: { method: string; registerOptions?: unknown }[] = [];
let docUri: string;
let requirementsUri: string;

function nextView(accept: (v: KerasVersionView) => boolean): Promise<KerasVersionView> {
  return withTimeout(
    new Promise((resolve) => {
      const poll = () => {
        const v = views.find(accept);
        if (v) resolve(v);
        else setTimeout(poll, 10);
      };
      poll();
    }),
    'a kerasShapes/kerasVersion notification',
  );
}

const errors = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.severity === 1);

before(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-ws-')));
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'numpy==1.26.4\ntensorflow<2.16\n');
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src', 'train.py'), CONV1D);
  docUri = pathToFileURL(path.join(root, 'src', 'train.py')).href;
  requirementsUri = pathToFileURL(path.join(root, 'requirements.txt')).href;

  const toServer = new PassThrough();
  const toClient = new PassThrough();
  stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 10 });
  client = makeClient(toClient, toServer);
  client.connection.onNotification('kerasShapes/kerasVersion', (v: KerasVersionView) => views.push(v));
  client.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  await client.connection.sendRequest('initialize', {
    processId: null,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: { inlayHint: {}, publishDiagnostics: { versionSupport: true } },
    },
  });
  void client.connection.sendNotification('initialized', {});
});

after(() => {
  stop();
  client.connection.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

test('the server watches the manifests', async () => {
  await withTimeout(
    new Promise<void>((resolve) => {
      const poll = () => (registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles') ? resolve() : setTimeout(poll, 10));
      poll();
    }),
    'a file watcher registration',
  );
  const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  const globs = (watch?.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
  assert.ok(globs.some((g) => g.includes('requirements*.txt') && g.includes('pyproject.toml') && g.includes('Pipfile')), JSON.stringify(globs));
});

test('tensorflow<2.16 in requirements.txt: the document is read as tf.keras 2, and the client is told why', async () => {
  client.open(docUri, CONV1D);
  const diags = await client.waitForDiagnostics(docUri);
  assert.deepEqual(errors(diags), [], JSON.stringify(diags.diagnostics));
  assert.ok(labels(await client.hints(docUri)).some((l) => l.startsWith('(4, 7, 8, 32)')));
  const view = await nextView((v) => v.uri === docUri);
  assert.equal(view.version, 'tf.keras2');
  assert.equal(view.label, 'tf.keras 2');
  assert.equal(view.source, 'manifest');
  assert.equal(view.manifest, requirementsUri);
  assert.equal(view.line, 2);
  assert.equal(view.description, 'tf.keras 2, from requirements.txt line 2: tensorflow<2.16');
  assert.deepEqual(await client.connection.sendRequest('kerasShapes/kerasVersion', { uri: docUri }), view);
  assert.ok(client.logs.some((l) => l.includes('Keras version: tf.keras 2, from requirements.txt line 2: tensorflow<2.16')), client.logs.join('\n'));
});

test('a changed requirements.txt is read again: keras>=3 gives Keras 3 and its error', async () => {
  const before = client.diagnostics.length;
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'keras>=3\n');
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: requirementsUri, type: 2 }] });
  const view = await nextView((v) => v.uri === docUri && v.version === '3');
  assert.equal(view.description, 'Keras 3, from requirements.txt line 1: keras>=3');
  const diags = await client.waitForDiagnostics(docUri, (p) => client.diagnostics.indexOf(p) >= before && errors(p).length > 0);
  assert.match(errors(diags)[0].message, /Conv1D expects a rank-3 input/);
});

test('the setting wins over the manifest', async () => {
  client.settings = { kerasVersion: 'tf.keras2' };
  void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const view = await nextView((v) => v.uri === docUri && v.source === 'setting');
  assert.equal(view.version, 'tf.keras2');
  assert.equal(view.description, 'tf.keras 2, from the kerasShapes.kerasVersion setting');
  client.settings = {};
  void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const back = await nextView((v) => v.uri === docUri && v.source === 'manifest' && views.indexOf(v) > views.indexOf(view));
  assert.equal(back.version, '3');
});

test('a document outside any manifest is Keras 3 by default', async () => {
  const view = (await client.connection.sendRequest('kerasShapes/kerasVersion', { uri: 'untitled:Untitled-1' })) as KerasVersionView;
  assert.equal(view.version, '3');
  assert.equal(view.source, 'default');
});
