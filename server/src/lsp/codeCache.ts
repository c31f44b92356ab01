// Loading a bundle with V8's code cache, for the server's loader (loader.ts)
// and the CLI's (server/src/cli/start.ts); see loader.ts for why.
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
  return loadBundleModule(bundle, cacheDir).fromCache;
}

/**
 * Runs `bundle` as `loadBundle` does; its exports, and whether it was compiled from a cache.
 * `writeCache: false` reads a cache but writes none (a run that compiles too little of the bundle to be worth keeping).
 */
export function loadBundleModule(bundle: string, cacheDir: string | undefined, writeCache = true): { exports: unknown; fromCache: boolean } {
  const text = fs.readFileSync(bundle, 'utf8');
  // A `#!` line is a comment to Node's loader, not to the compiler.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  // One cache per bundle build and Node version (V8 would reject another one anyway), named after
  // the bundle (server-main.js: server-….cache), so that bundles can share a folder.
  const stat = fs.statSync(bundle);
  const prefix = path.basename(bundle).replace(/(-main)?\.js$/, '');
  const cacheFile = cacheDir ? path.join(cacheDir, `${prefix}-${process.version}-${stat.size}-${Math.round(stat.mtimeMs)}.cache`) : undefined;
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
  if (cacheFile && writeCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => {
      try {
        const dir = path.dirname(cacheFile);
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temp, cacheFile);
        // Caches of earlier builds are of no use any more.
        for (const f of fs.readdirSync(dir)) {
          if (f.startsWith(`${prefix}-`) && f.endsWith('.cache') && f !== path.basename(cacheFile)) fs.rmSync(path.join(dir, f), { force: true });
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
  return { exports: bundled.exports, fromCache: cachedData !== undefined && script.cachedDataRejected !== true };
}

