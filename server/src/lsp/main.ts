#!/usr/bin/env node
// Entry point of the Keras Shapes language server. The transport comes from
// the command line: `--stdio`, `--node-ipc` or `--socket=PORT`.
//
//   node out/server/src/lsp/main.js --stdio
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// The server outlives bugs: log them to the client and carry on.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

startServer(connection);
