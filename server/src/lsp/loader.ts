// The entry point of the bundled server (dist/server.js): loads the server
// bundle (server-main.js beside it) with V8's code cache.
//
// Compiling the ~700 KB bundle, and then each function the first analysis
// runs, takes a good part of a server start. With a cache directory
// (KERAS_SHAPES_CODE_CACHE, which the extension sets to its own storage
// folder: never a shared or workspace folder, since a cache is code), the
// loader compiles the bundle with the cache written by an earlier start of the
// same bundle and Node. When there was none, or V8 rejected it, it writes one
// when the process exits, holding every function compiled by then.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';

interface ModuleInternals {
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
}

/** Runs `bundle` as the main module's code; true when it was compiled from a cache. */
export function loadBundle(bundle: string, cacheDir: string | undefined): boolean {
  const text = fs.readFileSync(bundle, 'utf8');
  // A `#!` line is a comment to Node's loader, not to the compiler.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  // One cache per bundle build and Node version (V8 would reject another one anyway).
  const stat = fs.statSync(bundle);
  const cacheFile = cacheDir ? path.join(cacheDir, `server-${process.version}-${stat.size}-${Math.round(stat.mtimeMs)}.cache`) : undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const internals = Module as unknown as ModuleInternals;
  // The bundle has no `import()`: code compiled from a cache could not run one (the build turns them into `require`).
  const script = new vm.Script(internals.wrap(source), { filename: bundle, cachedData });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => {
      try {
        const dir = path.dirname(cacheFile);
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temp, cacheFile);
        // Caches of earlier builds are of no use any more.
        for (const f of fs.readdirSync(dir)) {
          if (/^server-.*\.cache$/.test(f) && f !== path.basename(cacheFile)) fs.rmSync(path.join(dir, f), { force: true });
        }
      } catch {
        // No cache: the next start compiles again.
      }
    });
  }
  const bundled = new Module(bundle, module);
  bundled.filename = bundle;
  bundled.paths = internals._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(bundled.exports, bundled.exports, require, bundled, bundle, path.dirname(bundle));
  return cachedData !== undefined && script.cachedDataRejected !== true;
}

/** Starts the server bundled beside this file; KERAS_SHAPES_CODE_CACHE (an absolute path) enables the cache. */
export function main(): void {
  const cacheDir = process.env.KERAS_SHAPES_CODE_CACHE;
  loadBundle(path.join(__dirname, 'server-main.js'), cacheDir && path.isAbsolute(cacheDir) ? cacheDir : undefined);
}

if (require.main === module) main();
