// The server on a pair of streams inside this process (for tests and
// embedding): no transport flags, no process watchdog.
import type { Readable, Writable } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from './server';

/** Starts a server reading requests from `input` and writing answers to `output`; returns a function that stops it. */
export function startServerOnStreams(input: Readable, output: Writable, options?: ServerOptions): () => void {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const server = startServer(connection, options);
  return () => {
    server.dispose();
    connection.dispose();
  };
}
