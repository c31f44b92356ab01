#!/usr/bin/env node
// Bundles the extension for packaging: dist/extension.js (the VS Code client,
// `vscode` left external) and dist/server-main.js (the language server with
// web-tree-sitter's CommonJS build) with its loader dist/server.js, plus the
// two .wasm files the parser loads from beside the bundle; and the command
// line, dist/cli-main.js with its loader dist/cli.js (run by bin/keras-shapes.js,
// not packaged in the extension).
//
//   node scripts/build-bundle.js [--dev] [--server-only | --cli-only] [--out DIR]
//   (--dev: no minification; --server-only: the server and its .wasm files only;
//   --cli-only: the command line and the .wasm files, leaving the rest of the
//   folder as it is; --out: another folder than dist/, e.g. the benchmark's
//   bench/out/server)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const outAt = process.argv.indexOf('--out');
const dist = outAt >= 0 && process.argv[outAt + 1] ? path.resolve(process.argv[outAt + 1]) : path.join(root, 'dist');
const dev = process.argv.includes('--dev');
const serverOnly = process.argv.includes('--server-only');
const cliOnly = process.argv.includes('--cli-only');

// web-tree-sitter's ESM build relies on import.meta.url, which a CommonJS bundle
// empties (Parser.init then fails): always take its CommonJS build.
const commonJsTreeSitter = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter', { paths: [root] }) }));
  },
};

// vscode-jsonrpc loads `crypto` at startup only to name pipes (the server talks
// over stdio): loading it when first used saves ~35 ms of every server start.
const lazyCrypto = {
  name: 'lazy-crypto',
  setup(build) {
    build.onResolve({ filter: /^crypto$/ }, () => ({ path: 'crypto', namespace: 'lazy-crypto' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:crypto'))[key] });",
      loader: 'js',
    }));
  },
};

async function main() {
  if (!cliOnly) fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: dev ? 'inline' : false,
    minify: !dev,
    keepNames: true,
    logLevel: 'warning',
    plugins: [commonJsTreeSitter],
  };
  // The code the loaders compile from V8's code cache: no `import()` (it cannot run there, see loader.ts).
  const cached = { keepNames: false, minify: false, minifyWhitespace: !dev, minifySyntax: !dev, supported: { 'dynamic-import': false } };
  const builds = [];
  if (!serverOnly && !cliOnly) {
    builds.push(esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }));
  }
  if (!serverOnly) {
    builds.push(
      esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/start.ts')], outfile: path.join(dist, 'cli.js'), keepNames: false }),
      esbuild.build({ ...common, ...cached, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli-main.js') }),
    );
  }
  if (cliOnly) {
    await Promise.all(builds);
    copyWasm();
    report();
    return;
  }
  await Promise.all([
    ...builds,
    // The server keeps its identifiers (readable stack traces in the log) instead of
    // `keepNames`, whose runtime renaming of every closure costs ~5 % of an analysis.
    // server.js loads server-main.js with V8's code cache (server/src/lsp/loader.ts).
    esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/loader.ts')], outfile: path.join(dist, 'server.js'), keepNames: false }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, 'server/src/lsp/main.ts')],
      outfile: path.join(dist, 'server-main.js'),
      keepNames: false,
      minify: false,
      minifyWhitespace: !dev,
      minifySyntax: !dev,
      plugins: [commonJsTreeSitter, lazyCrypto],
      // `import()` becomes `require()`: code compiled from V8's code cache cannot import (loader.ts).
      supported: { 'dynamic-import': false },
    }),
  ]);
  copyWasm();
  report();
}

function copyWasm() {
  for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
    fs.copyFileSync(require.resolve(wasm, { paths: [root] }), path.join(dist, path.basename(wasm)));
  }
}

function report() {
  if (process.argv.includes('--quiet')) return;
  for (const f of fs.readdirSync(dist)) console.log(`${path.relative(root, path.join(dist, f))} ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
