// Quick fixes through the language server: a Keras 1 call under the default
// Keras 3 gets a code action whose edit, applied by the client, leaves the
// analysis with nothing to report; under kerasVersion '1' the same call is
// read the old way. Plus the plain view (ide/codeActions.ts) on its own.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { startServerOnStreams } from '../server/src/lsp/inProcess';
import { DEFAULT_ANALYSIS_CONFIG } from '../server/src/analysis';
import { applyEdits, codeActionsAt } from '../server/src/ide/codeActions';
import { analyzeSource } from './analysisHarness';

const OLD = `import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, 3, border_mode='same')(inputs)
y = layers.Flatten()(x)
`;

const URI = 'file:///work/old.py';

interface Client {
  readonly connection: ProtocolConnection;
  settings: Record<string, unknown>;
  diagnostics(uri: string, version: number): Promise<Diagnostic[]>;
  /** The first diagnostics published for `uri` that `accept` takes (including ones already received). */
  diagnosticsWhere(uri: string, accept: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function makeClient(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Client {
  const connection = createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  const wait = (uri: string, accept: (p: PublishDiagnosticsParams) => boolean, what: string): Promise<Diagnostic[]> => {
    const seen = published.find((p) => p.uri === uri && accept(p));
    if (seen) return Promise.resolve(seen.diagnostics);
    return withTimeout(new Promise((resolve) => waiters.push({ uri, accept, resolve })), what);
  };
  const client: Client = {
    connection,
    settings: {},
    diagnostics: (uri, version) => wait(uri, (p) => p.version === version, `diagnostics of ${uri} v${version}`),
    diagnosticsWhere: (uri, accept) => wait(uri, (p) => accept(p.diagnostics), `matching diagnostics of ${uri}`),
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => (item.section === 'kerasShapes' ? client.settings : null)),
  );
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  return client;
}

/** Offsets of LSP positions in `text`. */
function offsetOf(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(
    text,
    edits.map((e) => ({ range: { start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end) }, newText: e.newText })),
  );
}

describe('quick fixes over JSON-RPC', () => {
  let client: Client;
  let stop: () => void;

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 10 });
    client = makeClient(toClient, toServer);
    const init = (await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
    })) as { capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } };
    assert.deepEqual(init.capabilities.codeActionProvider?.codeActionKinds, ['quickfix']);
    void client.connection.sendNotification('initialized', {});
  });

  after(() => {
    stop();
    client.connection.dispose();
  });

  test("Conv2D(32, 3, 3, border_mode='same') under Keras 3: the fix leaves nothing to report", async () => {
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'python', version: 1, text: OLD } });
    const diags = await client.diagnostics(URI, 1);
    assert.ok(diags.length >= 1, JSON.stringify(diags));
    assert.ok(diags.some((d) => d.code === 'unknown-argument' && /border_mode/.test(d.message)), JSON.stringify(diags));
    assert.ok(diags.some((d) => d.code === 'legacy-argument'), JSON.stringify(diags));
    const line = 4;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line, character: 4 }, end: { line, character: 4 } },
      context: { diagnostics: diags, only: ['quickfix'] },
    })) as CodeAction[];
    assert.ok(actions.length >= 2, JSON.stringify(actions.map((a) => a.title)));
    for (const a of actions) {
      assert.equal(a.kind, 'quickfix');
      assert.ok((a.diagnostics ?? []).length > 0, a.title);
    }
    const single = actions.find((a) => a.title === "Write padding='same'");
    assert.ok(single, JSON.stringify(actions.map((a) => a.title)));
    const whole = actions.find((a) => a.title === 'Rewrite the call in Keras 3 spelling');
    assert.ok(whole);
    assert.equal(whole.diagnostics?.length, 2, 'the rewrite fixes both diagnostics of the call');
    const edits = whole.edit?.changes?.[URI];
    assert.ok(edits);
    const fixed = applyLspEdits(OLD, edits);
    assert.match(fixed, /layers\.Conv2D\(32, \(3, 3\), padding='same'\)\(inputs\)/);

    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual(await client.diagnostics(URI, 2), []);
    const none = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line, character: 4 }, end: { line, character: 4 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(none, []);
  });

  test("kerasShapes.kerasVersion '1' reads the same call the old way: info notes, still with their fixes", async () => {
    client.settings = { kerasVersion: '1' };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const uri = 'file:///work/old_k1.py';
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: OLD } });
    const diags = await client.diagnosticsWhere(uri, (ds) => ds.length === 2 && ds.every((d) => d.severity === 3));
    assert.deepEqual(
      diags.map((d) => d.code),
      ['legacy-argument', 'legacy-argument'],
    );
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 60 } },
      context: { diagnostics: diags },
    })) as CodeAction[];
    assert.ok(actions.some((a) => a.title === "Write padding='same'"));
    client.settings = {};
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnosticsWhere(uri, (ds) => ds.some((d) => d.severity === 1));
  });

  test('a request for other kinds of actions gets none', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
      context: { diagnostics: [], only: ['refactor'] },
    })) as CodeAction[];
    assert.deepEqual(actions, []);
  });
});

test('the view: one preferred fix per diagnostic with a single fix, a shared rewrite offered once', async () => {
  const text = `import keras
from keras import layers
inputs = keras.Input((8,))
a = layers.Dense(output_dim=4)(inputs)
b = layers.Dense(output_dim=4, init='zeros')(inputs)
`;
  const result = await analyzeSource(text, DEFAULT_ANALYSIS_CONFIG);
  const lineA = text.indexOf('a = ');
  const one = codeActionsAt(result, { start: lineA, end: lineA + 10 });
  assert.deepEqual(
    one.map((a) => [a.title, a.preferred]),
    [['Write units=4', true]],
  );
  assert.equal(applyEdits(text, one[0].edits).split('\n')[3], 'a = layers.Dense(units=4)(inputs)');
  const lineB = text.indexOf('b = ');
  const two = codeActionsAt(result, { start: lineB, end: lineB + 10 });
  const rewrite = two.find((a) => a.title === 'Rewrite the call in Keras 3 spelling');
  assert.ok(rewrite, JSON.stringify(two.map((a) => a.title)));
  assert.equal(applyEdits(text, rewrite.edits).split('\n')[4], "b = layers.Dense(units=4, kernel_initializer='zeros')(inputs)");
  const after = await analyzeSource(applyEdits(applyEdits(text, rewrite.edits), one[0].edits), DEFAULT_ANALYSIS_CONFIG);
  assert.deepEqual(after.diagnostics, []);
});

test("the same call under kerasVersion '1' is read the old way, with info notes", async () => {
  const result = await analyzeSource(OLD, { ...DEFAULT_ANALYSIS_CONFIG, kerasVersion: '1' });
  assert.deepEqual(
    result.diagnostics.map((d) => [d.severity, d.code]),
    [
      ['info', 'legacy-argument'],
      ['info', 'legacy-argument'],
    ],
  );
  const conv = result.calls.find((c) => c.className === 'Conv2D');
  assert.deepEqual(conv?.outcomes[0].outputShapes, [[null, 28, 28, 32]]);
});
