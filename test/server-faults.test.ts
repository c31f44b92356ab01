// Faults against the real server process over stdio, driven by a JSON-RPC
// client: handlers that throw answer with an error and the server keeps
// serving; garbage on the wire does not kill it; edits with ranges outside the
// document are applied like the client library applies them; and after a
// random sequence of incremental edits the hints equal those of a fresh
// server that opened the final text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type InlayHint,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Rng } from './fuzz/harness';
import { exitOrKill } from './processes';

const SERVER = path.join(__dirname, '..', 'server', 'src', 'lsp', 'main.js');

const MODEL = `import keras
from keras import layers

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3)(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;

interface Server {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly stderr: string[];
  readonly logs: string[];
  alive(): boolean;
  open(uri: string, text: string, version?: number): Promise<void>;
  hints(uri: string, text: string): Promise<InlayHint[]>;
  stop(): Promise<void>;
}

const running: Server[] = [];
after(async () => {
  for (const s of running) await s.stop();
});

async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: string[] = [];
  connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  connection.onNotification('textDocument/publishDiagnostics', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const server: Server = {
    child,
    connection,
    stderr,
    logs,
    alive: () => child.exitCode === null && child.signalCode === null,
    async open(uri, text, version = 1) {
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    },
    hints(uri, text) {
      const lines = text.split('\n');
      return connection.sendRequest('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } },
      });
    },
    async stop() {
      if (!server.alive()) return;
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // the stream may already be gone
      }
      connection.dispose();
      await exitOrKill(child, 3000);
    },
  };
  running.push(server);
  return server;
}

function labels(hints: readonly InlayHint[]): string[] {
  return hints.map((h) => `${h.position.line}:${h.position.character} ${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
}

/** The server still answers a real request with the right hints. */
async function assertServes(server: Server, uri = 'file:///work/alive.py'): Promise<void> {
  await server.open(uri, MODEL);
  const hints = labels(await server.hints(uri, MODEL));
  assert.ok(hints.some((h) => h.endsWith('(None, 10) · 18,010 params')), hints.join('\n'));
  assert.ok(server.alive(), 'the server process exited');
}

test('a handler that throws answers with an error, and the server keeps serving', async () => {
  const server = await startServer();
  // The summary of a document that is not open: the handler throws.
  await assert.rejects(server.connection.sendRequest('kerasShapes/summary', { uri: 'file:///nowhere.py' }), (e: { code: number; message: string }) => {
    assert.equal(e.code, -32603);
    assert.match(e.message, /summary failed: .*not open/);
    return true;
  });
  // Malformed params: the handlers dereference fields that are missing.
  for (const [method, params] of [
    ['textDocument/inlayHint', {}],
    ['textDocument/hover', { textDocument: null }],
    ['textDocument/codeLens', { textDocument: 5 }],
    ['kerasShapes/summary', null],
    ['kerasShapes/checkFile', { uri: 'file:///x.py', text: 42 }],
  ] as const) {
    try {
      await server.connection.sendRequest(method, params);
    } catch (e) {
      // An error answer is fine; what matters is that an answer came and the server lives on.
      assert.equal(typeof (e as { code?: unknown }).code, 'number', `${method}: ${String(e)}`);
    }
  }
  // Out-of-range model index.
  await server.open('file:///work/m.py', MODEL);
  await assert.rejects(server.connection.sendRequest('kerasShapes/summary', { uri: 'file:///work/m.py', model: 99 }), /no model 99/);
  // Unknown methods and notifications with bad params.
  await assert.rejects(server.connection.sendRequest('kerasShapes/noSuchMethod', {}), (e: { code: number }) => e.code === -32601);
  await server.connection.sendNotification('textDocument/didOpen', {});
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///not-open.py', version: 3 }, contentChanges: [{ text: 'x' }] });
  await server.connection.sendNotification('textDocument/didClose', { textDocument: {} });
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { kerasShapes: { analysisBudget: 'lots', batchDim: 7 } } });
  await assertServes(server);
});

test('garbage bytes and bad headers on stdin do not kill the server', async () => {
  const server = await startServer();
  const stdin = server.child.stdin!;
  const raw = (s: string | Buffer) => new Promise<void>((resolve) => stdin.write(s, () => resolve()));
  // A body that is not JSON, then one that is JSON but not JSON-RPC.
  const notJson = '{this is not json';
  await raw(`Content-Length: ${Buffer.byteLength(notJson)}\r\n\r\n${notJson}`);
  const notRpc = '[1, 2, 3]';
  await raw(`Content-Length: ${Buffer.byteLength(notRpc)}\r\n\r\n${notRpc}`);
  const noMethod = '{"jsonrpc":"2.0","id":"x"}';
  await raw(`Content-Length: ${Buffer.byteLength(noMethod)}\r\n\r\n${noMethod}`);
  await assertServes(server, 'file:///work/after-bad-bodies.py');
  // Random bytes, including invalid UTF-8, before a well-formed message.
  const rng = new Rng(7);
  const junk = Buffer.from(Array.from({ length: 300 }, () => rng.int(256)).filter((b) => b !== 0x43));
  await raw(junk);
  await raw('\r\n\r\n');
  // Whatever the reader made of the junk, the process lives on: closing its input, read after
  // the junk, is what ends it, in order.
  await closeInputAndAwaitOrderlyExit(server, 'junk');
});

test('a bad Content-Length does not kill the server', async () => {
  for (const header of ['Content-Length: abc\r\n\r\n{}', 'Content-Length: -5\r\n\r\n{}', 'Content-Length: 99999999999\r\n\r\n{}', 'No-Colon-Here\r\n\r\n{}', 'Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}']) {
    const server = await startServer();
    await assertServes(server, 'file:///work/before.py');
    await new Promise<void>((resolve) => server.child.stdin!.write(header, () => resolve()));
    // The stream is out of step now; closing stdin (the client going away) still ends the server,
    // in order: the header did not kill it.
    await closeInputAndAwaitOrderlyExit(server, JSON.stringify(header));
  }
});

/**
 * Closes the server's input and resolves once it has exited and its output is closed, asserting
 * that it exited on its own (no signal) and logged no uncaught error; fails after `ms`.
 */
async function closeInputAndAwaitOrderlyExit(server: Server, what: string, ms = 20_000): Promise<void> {
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) resolve({ code: server.child.exitCode, signal: server.child.signalCode });
    else server.child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const exitedEarly = !server.alive();
  server.child.stdin!.end();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  assert.notEqual(outcome, 'timeout', `${what}: the server did not exit within ${ms} ms of its input closing`);
  assert.equal(exitedEarly, false, `${what} killed the server: ${server.stderr.join('')}`);
  const { signal } = outcome as { signal: NodeJS.Signals | null };
  assert.equal(signal, null, `${what}: the server was killed by ${String(signal)}: ${server.stderr.join('')}`);
  assert.deepEqual(
    server.logs.filter((l) => /^(uncaught|unhandled rejection)/.test(l)),
    [],
    `${what}: the server logged an uncaught error`,
  );
}

/** Applies `changes` to `text` the way the LSP client library does (which is also what the server uses). */
function applyLocally(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  let doc = TextDocument.create('file:///local.py', 'python', 1, text);
  for (const c of changes) doc = TextDocument.update(doc, [c], doc.version + 1);
  return doc.getText();
}

async function freshHints(text: string): Promise<string[]> {
  const fresh = await startServer();
  const uri = 'file:///work/fresh.py';
  await fresh.open(uri, text);
  const hints = labels(await fresh.hints(uri, text));
  await fresh.stop();
  return hints;
}

test('didChange with ranges outside the document is applied like the client library does', async () => {
  const server = await startServer();
  const uri = 'file:///work/outside.py';
  await server.open(uri, MODEL);
  const changes: TextDocumentContentChangeEvent[] = [
    // Past the last line and far past the end of a line.
    { range: { start: { line: 500, character: 0 }, end: { line: 900, character: 3 } }, text: 'y = layers.Dense(4)(outputs)\n' },
    { range: { start: { line: 3, character: 1000 }, end: { line: 3, character: 2000 } }, text: '  # end' },
    // Reversed (end before start) and negative.
    { range: { start: { line: 6, character: 5 }, end: { line: 5, character: 0 } }, text: 'x = layers.Dense(6)(x)\n' },
    { range: { start: { line: -3, character: -7 }, end: { line: 0, character: 0 } }, text: '# header\n' },
    // Inside a surrogate pair and inside a CRLF.
    { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '😀\r\n' },
    { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, text: '' },
  ];
  let text = MODEL;
  let version = 1;
  for (const c of changes) {
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [c] });
    text = applyLocally(text, [c]);
  }
  const hints = labels(await server.hints(uri, text));
  assert.ok(server.alive());
  assert.deepEqual(hints, await freshHints(text));
  await server.stop();
});

/** A random edit of `text`: mostly plausible typing, sometimes large or odd. */
function randomChange(text: string, rng: Rng): TextDocumentContentChangeEvent {
  const doc = TextDocument.create('file:///r.py', 'python', 1, text);
  const a = rng.int(text.length + 1);
  const b = Math.min(text.length, a + (rng.next() < 0.7 ? rng.int(3) : rng.int(40)));
  const pieces = ['(', ')', ':', ',', '\n', '    ', 'x', '3', 'layers.Dense(5)(x)', '\nz = layers.Dense(2)(x)\n', '"', '#', '😀', 'é', ''];
  let insert = '';
  for (let k = rng.int(3); k >= 0; k--) insert += rng.pick(pieces);
  if (rng.next() < 0.1) insert = text.slice(rng.int(text.length), rng.int(text.length));
  return { range: { start: doc.positionAt(a), end: doc.positionAt(b) }, text: insert };
}

test('random incremental edits end in the same hints as a fresh analysis of the final text', async () => {
  const server = await startServer();
  for (const seed of [1, 2, 3]) {
    const rng = new Rng(seed);
    const uri = `file:///work/random-${seed}.py`;
    let text = MODEL;
    let version = 1;
    await server.open(uri, text);
    for (let i = 0; i < 150; i++) {
      const batch: TextDocumentContentChangeEvent[] = [];
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const c = randomChange(applyLocally(text, batch), rng);
        batch.push(c);
      }
      text = applyLocally(text, batch);
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: batch });
      // Ask now and then while typing, as an editor does (exercises the incremental re-parse).
      if (i % 10 === 0) await server.hints(uri, text);
    }
    const hints = labels(await server.hints(uri, text));
    assert.deepEqual(hints, await freshHints(text), `seed ${seed}, final text:\n${text}`);
  }
  assert.ok(server.alive());
  await server.stop();
});
