#!/usr/bin/env node
// The `keras-shapes` command line:
//   keras-shapes summary FILE [--json]   models as Keras's model.summary() prints them
//   keras-shapes check [PATH...]         shape errors, for the terminal or CI
//   keras-shapes layer                   engine cases as JSON lines (stdin → stdout)
//   keras-shapes plot FILE               models as graphs (SVG, DOT, Mermaid, JSON)
// Bad usage prints a one-line message and exits with status 2, never a stack trace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPythonParser } from '../python/parser';
import { UsageError } from './args';
import { runCheck, type CommandContext } from './checkCommand';
import { runLayerCommand } from './layerCommand';
import { runPlot } from './plotCommand';
import { runSummary } from './summaryCommand';

const HELP = `Usage: keras-shapes <command> [options]

Output shapes and parameter counts of Keras layers, by reading the Python
source: nothing is run.

Commands:
  summary FILE [--json]   each model in FILE as Keras's model.summary() prints it
  check [PATH...]         report shape errors in files and folders (default: .)
                          --format text|json|sarif|github
  layer                   read engine cases as JSON lines on stdin, answer
                          one JSON line each on stdout
  plot FILE               draw the models in FILE as graphs (SVG, DOT, Mermaid)

Options:
  -h, --help      show help (also: keras-shapes <command> --help)
  -V, --version   show the version

Examples:
  keras-shapes summary examples/cnn_classifier.py
  keras-shapes check src --format github
`;

const LAYER_HELP = `Usage: keras-shapes layer

Reads one JSON case per line on stdin, e.g.
  {"layer": "Conv2D", "args": {"filters": 24, "kernel_size": [8, 8]}, "input_shape": [null, 128, 128, 3]}
and writes one JSON line per case on stdout (output shape, params, weights,
or {"error": ...}). A malformed line gets an error answer; the rest go on.
`;

/** The package version, from the package.json above this file. */
export function packageVersion(): string {
  let dir = __dirname;
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'keras-shapes' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const ctx: CommandContext = {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    version: packageVersion(),
    loadParser: loadPythonParser,
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        process.stderr.write(HELP);
        return 2;
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case '-V':
      case '--version':
        process.stdout.write(`keras-shapes ${ctx.version}\n`);
        return 0;
      case 'summary':
        return await runSummary(rest, ctx);
      case 'check':
        return await runCheck(rest, ctx);
      case 'plot':
        return await runPlot(rest, ctx);
      case 'layer':
        if (rest.includes('-h') || rest.includes('--help')) {
          process.stdout.write(LAYER_HELP);
          return 0;
        }
        if (rest.length > 0) throw new UsageError(`layer takes no arguments (got '${rest[0]}')`);
        return await runLayerCommand(process.stdin, process.stdout);
      default:
        throw new UsageError(
          command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`,
        );
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const which = command && ['summary', 'check', 'layer'].includes(command) ? ` ${command}` : '';
      process.stderr.write(`keras-shapes${which}: ${e.message}\nRun 'keras-shapes${which} --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
}


/** Runs the command line with this process's arguments and sets the exit status. */
export function run(): void {
  // `keras-shapes summary x.py | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const detail = process.env.KERAS_SHAPES_DEBUG ? (e instanceof Error ? e.stack : String(e)) : e instanceof Error ? e.message : String(e);
      process.stderr.write(`keras-shapes: internal error: ${detail}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run();
