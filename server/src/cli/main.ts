#!/usr/bin/env node
// The `keras-shapes` command line: `layer` (engine cases as JSON lines),
// `summary FILE [--json]`, `check [PATH...]`.
import { runLayerCommand } from './layerCommand';

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'layer':
      return runLayerCommand(process.stdin, process.stdout);
    default:
      process.stderr.write(`keras-shapes: unknown command '${command ?? ''}'\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`keras-shapes: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
