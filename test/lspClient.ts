// A JSON-RPC client of the language server for tests (vscode-languageserver-protocol):
// it records published diagnostics and log messages, answers the server's
// configuration and refresh requests, and has shorthands for common requests.
import assert from 'node:assert/strict';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InlayHint,
  type Hover,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** Line and UTF-16 column of the end of the first occurrence of `needle`. */
/** Line and UTF-16 column of the end of the first occurrence of `needle`. */
export function endOf(text: string, needle: string): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in text`);
  return positionOf(text, at + needle.length);
}
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export interface Client {
  readonly connection: ProtocolConnection;
  readonly diagnostics: PublishDiagnosticsParams[];
  readonly logs: string[];
  refreshes: number;
  /** Resolves once the server has asked for `count` inlay-hint refreshes in all. */
  waitForRefreshes(count: number): Promise<void>;
  settings: Record<string, unknown>;
  /** Resolves with the first diagnostics for `uri` matching `accept` (including ones already received). */
  waitForDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** `initialize`, with `params` (a workspace's folders) added to the usual ones. */
  initialize(params?: Record<string, unknown>): Promise<InitializeResult>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  hints(uri: string): Promise<InlayHint[]>;
  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null>;
}

export function makeClient(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Client {
  const connection = createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const refreshWaiters: { count: number; resolve: () => void }[] = [];
  const client: Client = {
    connection,
    diagnostics: [],
    logs: [],
    refreshes: 0,
    settings: {},
    waitForDiagnostics(uri, accept = () => true) {
      const seen = client.diagnostics.find((p) => p.uri === uri && accept(p));
      if (seen) return Promise.resolve(seen);
      return withTimeout(new Promise((resolve) => waiters.push({ uri, accept, resolve })), `diagnostics for ${uri}`);
    },
    waitForRefreshes(count) {
      if (client.refreshes >= count) return Promise.resolve();
      return withTimeout(new Promise<void>((resolve) => refreshWaiters.push({ count, resolve })), `${count} inlay-hint refreshes (${client.refreshes} so far)`);
    },
    initialize: (params = {}) =>
      connection.sendRequest('initialize', {
        processId: null,
        rootUri: null,
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            inlayHint: { refreshSupport: true },
            codeLens: { refreshSupport: true },
          },
          textDocument: { inlayHint: {}, hover: { contentFormat: ['markdown'] }, publishDiagnostics: { versionSupport: true } },
        },
        ...params,
      }) as Promise<InitializeResult>,
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    },
    change(uri, version, contentChanges) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    },
    hints: (uri) =>
      connection.sendRequest('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } },
      }) as Promise<InlayHint[]>,
    hover: (uri, position) => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>,
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    client.diagnostics.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((item) => (item.section === 'kerasShapes' ? client.settings : null)),
  );
  connection.onRequest('workspace/inlayHint/refresh', () => {
    client.refreshes++;
    for (const w of [...refreshWaiters]) {
      if (client.refreshes >= w.count) {
        refreshWaiters.splice(refreshWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
    return null;
  });
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  return client;
}

export function labels(hints: InlayHint[]): string[] {
  return hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
}

export function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const c = hover.contents;
  return typeof c === 'object' && 'value' in c ? c.value : JSON.stringify(c);
}

/** `promise`, or a rejection naming `what` when it has not settled after `ms` (generous: the machine may be busy). */
export function withTimeout<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
