// The entry point of the bundled server (dist/server.js): loads the server
// bundle (server-main.js beside it) with V8's code cache. The bundled CLI
// (dist/cli.js, server/src/cli/start.ts) loads its bundle the same way.
//
// Compiling the ~700 KB bundle, and then each function the first analysis
// runs, takes a good part of a server start. With a cache directory
// (KERAS_SHAPES_CODE_CACHE, which the extension sets to its own storage
// folder: never a shared or workspace folder, since a cache is code), the
// loader compiles the bundle with the cache written by an earlier start of the
// same bundle and Node. When there was none, or V8 rejected it, it writes one
// when the process exits, holding every function compiled by then.
import * as path from 'node:path';
import { loadBundle } from './codeCache';

export { loadBundle, loadBundleModule } from './codeCache';

/** Starts the server bundled beside this file; KERAS_SHAPES_CODE_CACHE (an absolute path) enables the cache. */
export function main(): void {
  const cacheDir = process.env.KERAS_SHAPES_CODE_CACHE;
  loadBundle(path.join(__dirname, 'server-main.js'), cacheDir && path.isAbsolute(cacheDir) ? cacheDir : undefined);
}

if (require.main === module) main();
