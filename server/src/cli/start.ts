// The entry point of the bundled CLI (dist/cli.js, run by bin/keras-shapes.js):
// loads the CLI bundle (cli-main.js beside it) with V8's code cache, kept in
// the user's cache folder ($XDG_CACHE_HOME/keras-shapes, else
// ~/.cache/keras-shapes; %LOCALAPPDATA%\keras-shapes on Windows), never in
// the folder being checked. When that folder cannot be written the command
// simply runs without a cache.
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { loadBundleModule } from '../lsp/codeCache';

/** The per-user folder for the CLI's code cache, or undefined when there is no home to put it in. */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: () => string = os.homedir): string | undefined {
  const absolute = (p: string | undefined) => (p && path.isAbsolute(p) ? p : undefined);
  if (platform === 'win32') {
    const local = absolute(env.LOCALAPPDATA);
    if (local) return path.join(local, 'keras-shapes');
  }
  const xdg = absolute(env.XDG_CACHE_HOME);
  if (xdg) return path.join(xdg, 'keras-shapes');
  let dir: string;
  try {
    dir = home();
  } catch {
    return undefined;
  }
  return absolute(dir) ? path.join(dir, '.cache', 'keras-shapes') : undefined;
}

export function main(): void {
  // A command parses a few files and exits: V8's optimising compiler for WebAssembly
  // would only compile the parser's large functions in the background, and the
  // process would wait for it before exiting (~50 ms and more of a ~150 ms command).
  v8.setFlagsFromString('--liftoff-only');
  // The cache holds the functions compiled when it is written: only a command that analyses
  // writes one (after `--help` it would hold little more than the option parser).
  const analyses = process.argv[2] === 'summary' || process.argv[2] === 'check';
  const bundled = loadBundleModule(path.join(__dirname, 'cli-main.js'), cliCacheDir(), analyses).exports as { run(): void };
  bundled.run();
}

if (require.main === module) main();
