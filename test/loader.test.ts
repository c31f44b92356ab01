// The server bundle's loader (server/src/lsp/loader.ts): it runs a bundle like
// Node's own loader would, writes V8's code cache when the process exits,
// compiles from that cache on the next start, and replaces the cache of an
// earlier build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const loader = path.resolve(__dirname, '..', 'server', 'src', 'lsp', 'loader.js');

/** Runs `bundle` through the loader in a new process; what the bundle saw, and whether a cache was used. */
function start(bundle: string, cacheDir: string): { cached: boolean; seen: { dirname: string; filename: string; exportsIsModuleExports: boolean; requireWorks: boolean } } {
  const script = `const cached = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)}); process.stdout.write(JSON.stringify({ cached, seen: globalThis.seen }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ReturnType<typeof start>;
}

test('the loader runs a bundle as a module, and compiles it from the code cache it wrote on the previous start', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-loader-'));
  try {
    const bundle = path.join(dir, 'bundle.js');
    const body = 'globalThis.seen = { dirname: __dirname, filename: __filename, exportsIsModuleExports: exports === module.exports, requireWorks: typeof require("node:path").join === "function" };\n';
    fs.writeFileSync(bundle, `#!/usr/bin/env node\n${body}`);
    const cacheDir = path.join(dir, 'cache');

    const first = start(bundle, cacheDir);
    assert.deepEqual(first.seen, { dirname: dir, filename: bundle, exportsIsModuleExports: true, requireWorks: true });
    assert.equal(first.cached, false);
    const caches = fs.readdirSync(cacheDir);
    assert.equal(caches.length, 1, 'the first start writes a cache when it exits');

    const second = start(bundle, cacheDir);
    assert.equal(second.cached, true, 'the second start compiles from the cache');
    assert.deepEqual(second.seen, first.seen);

    // Another build of the bundle: its own cache replaces the old one.
    fs.writeFileSync(bundle, `#!/usr/bin/env node\n${body}globalThis.seen.more = 1;\n`);
    const rebuilt = start(bundle, cacheDir);
    assert.equal(rebuilt.cached, false);
    const after = fs.readdirSync(cacheDir);
    assert.equal(after.length, 1);
    assert.notEqual(after[0], caches[0]);
    assert.equal(start(bundle, cacheDir).cached, true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without a cache folder the loader neither reads nor writes a cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-loader-'));
  try {
    const bundle = path.join(dir, 'bundle.js');
    fs.writeFileSync(bundle, 'globalThis.seen = { dirname: __dirname, filename: __filename, exportsIsModuleExports: true };\n');
    const script = `const cached = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)}, undefined); process.stdout.write(String(cached));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'false');
    assert.deepEqual(fs.readdirSync(dir), ['bundle.js']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
