// The language server with a workspace whose files import each other
// (test/fixtures/workspace-imports/project), driven by a real JSON-RPC client:
// the importing file's hints are exact, the helper shows its calls as the
// importing file ran them, and editing the imported helper (never saved)
// changes them: the server publishes the importer's diagnostics again and
// asks the editor to refresh its hints.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { startServerOnStreams } from '../server/src/lsp/inProcess';
import { sourceDir } from './goldenPath';
import { labels, makeClient, positionOf, type Client } from './lspClient';

const project = path.join(sourceDir('fixtures', 'workspace-imports'), 'project');
const uriOf = (rel: string) => pathToFileURL(path.join(project, rel)).href;
const TRAIN = uriOf('train.py');
const BLOCKS = uriOf(path.join('models', 'blocks.py'));
const trainText = fs.readFileSync(path.join(project, 'train.py'), 'utf8');
const blocksText = fs.readFileSync(path.join(project, 'models', 'blocks.py'), 'utf8');

/** The hint labels on the line of train.py that holds `needle`. */
async function hintsOnLine(client: Client, needle: string): Promise<string[]> {
  const line = positionOf(trainText, trainText.indexOf(needle)).line;
  const hints = (await client.hints(TRAIN)).filter((h) => h.position.line === line);
  return labels(hints);
}

describe('language server: a file that imports the workspace modules', () => {
  let client: Client;
  let stop: () => void;

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 20 });
    client = makeClient(toClient, toServer);
    await client.initialize({ workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }] });
    void client.connection.sendNotification('initialized', {});
  });

  after(() => {
    stop();
    client.connection.dispose();
  });

  test('hints in the importing file are exact; editing the helper changes them', async () => {
    client.open(TRAIN, trainText);
    client.open(BLOCKS, blocksText);
    // Two blocks of 2x2 pooling: 32 → 8, 16 filters.
    assert.deepEqual(await hintsOnLine(client, 'layers.Flatten()(x)'), ['(None, 1024)']);
    assert.deepEqual(await hintsOnLine(client, 'layers.Dense(NUM_CLASSES)(x)'), ['(None, 10) · 10,250 params']);
    // The helper has no hint of its own (nothing calls conv_block in it): its calls as train.py's lines 14 (through
    // build_model), 18 and 19 ran them.
    // Conv2D then MaxPooling2D; four results each (16 and 32 filters in build_model, 8 and 16 in train.py).
    assert.deepEqual(labels(await client.hints(BLOCKS)), ['(None, 32, 32, 16) · +3 more from train.py:14, 18, 19', '(None, 16, 16, 16) · +3 more from train.py:14, 18, 19']);
    await client.waitForDiagnostics(TRAIN);
    const published = client.diagnostics.filter((p) => p.uri === TRAIN).length;
    const refreshes = client.refreshes;

    // Pooling by 4 in the helper: 32 → 2 after two blocks.
    const at = blocksText.indexOf('MaxPooling2D()') + 'MaxPooling2D('.length;
    const pos = positionOf(blocksText, at);
    client.change(BLOCKS, 2, [{ range: { start: pos, end: pos }, text: '4' }]);
    await client.waitForRefreshes(refreshes + 1);
    await client.waitForDiagnostics(TRAIN, () => client.diagnostics.filter((p) => p.uri === TRAIN).length > published);
    assert.deepEqual(await hintsOnLine(client, 'layers.Flatten()(x)'), ['(None, 64)']);
    assert.deepEqual(await hintsOnLine(client, 'layers.Dense(NUM_CLASSES)(x)'), ['(None, 10) · 650 params']);
    // The helper's hints follow its new text: pooling by 4 after the first block of build_model.
    assert.deepEqual(labels(await client.hints(BLOCKS)), ['(None, 32, 32, 16) · +3 more from train.py:14, 18, 19', '(None, 8, 8, 16) · +3 more from train.py:14, 18, 19']);

    // A syntax error in the helper: what came from it is unknown, and its own errors stay in its own file.
    client.change(BLOCKS, 3, [{ range: { start: pos, end: pos }, text: '(' }]);
    await client.waitForRefreshes(refreshes + 2);
    assert.deepEqual(await hintsOnLine(client, 'layers.Flatten()(x)'), ['?']);
    const trainDiagnostics = await client.waitForDiagnostics(TRAIN, () => client.diagnostics.filter((p) => p.uri === TRAIN).length > published + 1);
    assert.ok(trainDiagnostics.diagnostics.every((d) => d.code !== 'syntax-error'), JSON.stringify(trainDiagnostics.diagnostics));
    const blocksDiagnostics = await client.waitForDiagnostics(BLOCKS, (p) => p.diagnostics.some((d) => d.code === 'syntax-error'));
    assert.ok(blocksDiagnostics.diagnostics.length > 0);
  });

  test('a notebook of the workspace imports its modules too', async () => {
    // The helper, broken by the test above, closed unsaved: its file on disk is read again.
    const refreshes = client.refreshes;
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: BLOCKS } });
    // The file that imports it is asked for again.
    await client.waitForRefreshes(refreshes + 1);
    assert.deepEqual(await hintsOnLine(client, 'layers.Flatten()(x)'), ['(None, 1024)']);
    const notebook = uriOf('explore.ipynb');
    const cellUri = (n: number) => `vscode-notebook-cell:${new URL(notebook).pathname}#cell${n}`;
    const cells = [
      { uri: cellUri(1), languageId: 'python', version: 1, text: 'from keras import layers\nfrom config import NUM_CLASSES\nfrom models import build_model\n' },
      { uri: cellUri(2), languageId: 'python', version: 1, text: 'base = build_model()\nlogits = layers.Dense(NUM_CLASSES * 2)(base.output)\n' },
    ];
    void client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: 2, document: c.uri })) },
      cellTextDocuments: cells,
    });
    // build_model() ends in a Dense(10); a Dense(20) on it: 10 * 20 + 20 params.
    assert.deepEqual(labels(await client.hints(cellUri(2))), ['(None, 20) · 220 params']);
    // Its diagnostics are published before the server stops.
    await client.waitForDiagnostics(cellUri(2));
  });
});

describe('language server: workspace folders added later', () => {
  let client: Client;
  let stop: () => void;
  const models = path.join(project, 'models');
  const BUILDER = uriOf(path.join('models', 'builder.py'));
  const builderText = fs.readFileSync(path.join(models, 'builder.py'), 'utf8');

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 20 });
    client = makeClient(toClient, toServer);
    const init = await client.initialize({
      workspaceFolders: [{ uri: pathToFileURL(models).href, name: 'models' }],
      capabilities: { workspace: { workspaceFolders: true, inlayHint: { refreshSupport: true } }, textDocument: { inlayHint: {} } },
    });
    assert.deepEqual(init.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    void client.connection.sendNotification('initialized', {});
  });

  after(() => {
    stop();
    client.connection.dispose();
  });

  test('imports read only inside the workspace folders; adding the project folder makes its config module known', async () => {
    client.open(BUILDER, builderText);
    const dense = () => client.hints(BUILDER).then((h) => labels(h.filter((x) => x.position.line === positionOf(builderText, builderText.indexOf('layers.Dense(NUM_CLASSES)')).line)));
    // Only models/ is the workspace: config.py, beside it, is not read.
    assert.deepEqual(await dense(), ['?']);
    const refreshes = client.refreshes;
    void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(project).href, name: 'project' }], removed: [] } });
    await client.waitForRefreshes(refreshes + 1);
    assert.deepEqual(await dense(), ['(None, 10) · 330 params']);
    await client.waitForDiagnostics(BUILDER);
  });
});
