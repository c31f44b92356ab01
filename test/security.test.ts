// The analysis reads code, it never runs it: a file whose execution would
// create marker files is analysed (in-process, by the CLI and by the server)
// and no marker appears; under a --require hook that watches child_process,
// the network and the file system, the analysis starts no process, opens no
// connection, writes nothing and reads no file at all, and the server reads
// nothing outside its own installation (only what the client sends) but the
// dependency manifests of the workspace, for the Keras version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { isKerasManifest } from '../server/src/analysis/kerasVersion';
import { analyzeSource } from './analysisHarness';
import { repoRoot } from './goldenPath';
import { exitOrKill } from './processes';

let dir = '';
let markers: string[] = [];
let hostileFile = '';
let hookFile = '';
let hostile = '';

/** Python that, if run or imported, leaves a marker file behind in every way it can. */
function hostileSource(marker: (name: string) => string): string {
  return `import os
import subprocess
import socket
import keras
from keras import layers
import ks_evil_module            # a file beside this one: importing it would run it
from ks_evil_package import thing

open(${JSON.stringify(marker('open'))}, 'w').write('ran')
with open(${JSON.stringify(marker('with-open'))}, 'w') as f:
    f.write('ran')
os.system('touch ${marker('os-system')}')
subprocess.run(['touch', ${JSON.stringify(marker('subprocess'))}])
__import__('subprocess').call(['touch', ${JSON.stringify(marker('dunder-import'))}])
exec("open(${JSON.stringify(marker('exec')).replace(/"/g, "'")}, 'w')")
eval("__import__('os').system('touch ${marker('eval')}')")
socket.create_connection(('127.0.0.1', 9))

class Evil(layers.Layer):
    def call(self, x):
        os.system('touch ${marker('layer-call')}')
        return x

def build(units):
    open(${JSON.stringify(marker('helper'))}, 'w')
    return layers.Dense(units)

inputs = keras.Input((8,))
x = build(4)(inputs)
x = Evil()(x)
model = keras.Model(inputs, x)
`;
}

function assertNoMarkers(): void {
  const found = markers.filter((m) => fs.existsSync(m));
  assert.deepEqual(found, [], 'user code ran');
}

/**
 * A --require hook: records every use of child_process, the network and the
 * file system. Calls made while `globalThis.__ksArmed` is set are violations
 * (and throw); every file read or written is logged either way. At exit the
 * log goes to $KS_WATCH_LOG.
 */
const WATCH_HOOK = String.raw`
'use strict';
const fs = require('fs');
const realWrite = fs.writeFileSync;
const log = { violations: [], reads: [], writes: [] };
globalThis.__ksWatch = log;
function armed() { return globalThis.__ksArmed === true; }
function violation(what) {
  log.violations.push(what);
  if (armed()) throw new Error('forbidden during analysis: ' + what);
}
function wrap(obj, name, label, onCall) {
  const orig = obj && obj[name];
  if (typeof orig !== 'function') return;
  obj[name] = function (...args) { onCall(label + '.' + name, args); return orig.apply(this, args); };
}
const always = (what) => { log.violations.push(what); throw new Error('forbidden: ' + what); };
const cp = require('child_process');
for (const n of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, n, 'child_process', (w) => always(w));
const net = require('net');
wrap(net, 'connect', 'net', (w) => always(w));
wrap(net, 'createConnection', 'net', (w) => always(w));
wrap(net.Socket.prototype, 'connect', 'net.Socket', (w) => always(w));
wrap(net, 'createServer', 'net', (w) => always(w));
for (const m of ['tls', 'http', 'https', 'http2']) {
  const mod = require(m);
  for (const n of ['connect', 'request', 'get', 'createServer']) wrap(mod, n, m, (w) => always(w));
}
wrap(require('dgram'), 'createSocket', 'dgram', (w) => always(w));
if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', 'global', (w) => always(w));
const pathOf = (a) => (typeof a === 'string' ? a : a instanceof URL ? a.pathname : Buffer.isBuffer(a) ? a.toString() : typeof a === 'number' ? 'fd:' + a : String(a));
const WRITE = /write|append|mkdir|mkdtemp|rm|unlink|rename|copy|cp|symlink|link|chmod|chown|truncate|utimes|lchown|lutimes/i;
const READ = /read|open|exists|stat|access|realpath|opendir|watch/i;
function watchFs(obj, label) {
  for (const name of Object.keys(obj)) {
    if (typeof obj[name] !== 'function' || /^[A-Z]/.test(name) || name === 'fstat' || name === 'fstatSync' || name === 'close' || name === 'closeSync') continue;
    const isOpen = /^open(Sync)?$/.test(name);
    const writes = WRITE.test(name) && !/^read/.test(name);
    const reads = READ.test(name) && !writes;
    if (!writes && !reads && !isOpen) continue;
    wrap(obj, name, label, (w, args) => {
      const p = pathOf(args[0]);
      const flags = isOpen ? String(args[1] ?? 'r') : '';
      const isWrite = writes || (isOpen && /[wa+]/.test(flags));
      (isWrite ? log.writes : log.reads).push(p);
      if (armed()) violation(w + '(' + p + ')');
    });
  }
}
watchFs(fs, 'fs');
watchFs(fs.promises, 'fs.promises');
process.on('exit', () => {
  if (process.env.KS_WATCH_LOG) realWrite(process.env.KS_WATCH_LOG, JSON.stringify(log));
});
`;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-security-'));
  const marker = (name: string) => {
    const p = path.join(dir, `${name}.marker`);
    markers.push(p);
    return p;
  };
  hostile = hostileSource(marker);
  hostileFile = path.join(dir, 'hostile.py');
  fs.writeFileSync(hostileFile, hostile);
  // A manifest the server and the CLI read for the Keras version (and nothing else of the folder).
  fs.writeFileSync(path.join(dir, 'requirements.txt'), 'keras>=3\n');
  fs.writeFileSync(path.join(dir, 'ks_evil_module.py'), `open(${JSON.stringify(marker('module-import'))}, 'w')\n`);
  fs.mkdirSync(path.join(dir, 'ks_evil_package'));
  fs.writeFileSync(path.join(dir, 'ks_evil_package', '__init__.py'), `open(${JSON.stringify(marker('package-import'))}, 'w')\nthing = 1\n`);
  hookFile = path.join(dir, 'watch-hook.js');
  fs.writeFileSync(hookFile, WATCH_HOOK);
  markers = [...new Set(markers)];
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('analysing the hostile file in-process runs none of it', async () => {
  const result = await analyzeSource(hostile);
  assertNoMarkers();
  // It was analysed, not skipped: the helper's Dense and the model were followed.
  assert.ok(result.calls.some((c) => c.className === 'Dense'));
  assert.equal(result.models.length, 1);
});

test('the analysis starts no process, opens no connection, and reads or writes no file', () => {
  const script = path.join(dir, 'analyse-watched.js');
  fs.writeFileSync(
    script,
    `const { loadPythonParser } = require(${JSON.stringify(path.join(repoRoot, 'out', 'server', 'src', 'python', 'parser.js'))});
const { analyzeText } = require(${JSON.stringify(path.join(repoRoot, 'out', 'server', 'src', 'analysis', 'index.js'))});
const { inlayHints } = require(${JSON.stringify(path.join(repoRoot, 'out', 'server', 'src', 'ide', 'inlayHints.js'))});
const text = require('fs').readFileSync(process.argv[2], 'utf8');
loadPythonParser().then((parser) => {
  globalThis.__ksArmed = true;
  let out;
  try {
    const result = analyzeText(parser, text);
    out = { calls: result.calls.length, models: result.models.length, hints: inlayHints(result).map((h) => h.label) };
  } finally {
    globalThis.__ksArmed = false;
  }
  process.stdout.write(JSON.stringify({ out, watch: globalThis.__ksWatch }));
});
`,
  );
  const r = spawnSync(process.execPath, ['--require', hookFile, script, hostileFile], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const { out, watch } = JSON.parse(r.stdout) as { out: { calls: number; models: number; hints: string[] }; watch: { violations: string[] } };
  assert.deepEqual(watch.violations, []);
  assert.ok(out.calls > 0 && out.models === 1, JSON.stringify(out));
  assertNoMarkers();
});

test('the hook itself catches what it should (a self-check)', () => {
  const script = path.join(dir, 'self-check.js');
  fs.writeFileSync(
    script,
    `globalThis.__ksArmed = true;
const tries = [
  () => require('child_process').execSync('true'),
  () => require('net').connect(9, '127.0.0.1'),
  () => require('fs').readFileSync('/etc/hostname'),
  () => require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'self-check.marker'))}, 'x'),
];
let caught = 0;
for (const t of tries) { try { t(); } catch { caught++; } }
globalThis.__ksArmed = false;
process.stdout.write(String(caught));
`,
  );
  const r = spawnSync(process.execPath, ['--require', hookFile, script], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.stdout, '4', r.stderr);
  assert.ok(!fs.existsSync(path.join(dir, 'self-check.marker')));
});

test('the CLI reads the file it is given and runs none of it', () => {
  const cli = path.join(repoRoot, 'out', 'server', 'src', 'cli', 'main.js');
  for (const args of [['summary', hostileFile], ['check', '--exit-zero', hostileFile], ['check', '--exit-zero', dir]]) {
    const r = spawnSync(process.execPath, ['--require', hookFile, cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, KS_WATCH_LOG: path.join(dir, 'cli-watch.json') } });
    assert.notEqual(r.status, null, `${args.join(' ')} timed out`);
    const watch = JSON.parse(fs.readFileSync(path.join(dir, 'cli-watch.json'), 'utf8')) as { violations: string[]; reads: string[]; writes: string[] };
    assert.deepEqual(watch.violations, [], args.join(' '));
    assert.ok(watch.reads.some((p) => path.resolve(dir, p) === hostileFile), `the hook saw no read of the file: ${JSON.stringify(watch.reads)}`);
    assert.deepEqual(watch.writes, [], args.join(' '));
  }
  assertNoMarkers();
});

test('the server runs none of it and reads nothing outside its installation but the modules the file imports', async () => {
  const logFile = path.join(dir, 'server-watch.json');
  const child = spawn(process.execPath, ['--require', hookFile, path.join(repoRoot, 'out', 'server', 'src', 'lsp', 'main.js'), '--stdio'], {
    cwd: dir,
    env: { ...process.env, KS_WATCH_LOG: logFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onNotification('textDocument/publishDiagnostics', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: `file://${dir}`, workspaceFolders: [{ uri: `file://${dir}`, name: 'w' }], capabilities: {} });
  await connection.sendNotification('initialized', {});
  const uri = `file://${hostileFile}`;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: hostile } });
  const lines = hostile.split('\n');
  const hints = (await connection.sendRequest('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
  })) as unknown[];
  assert.ok(hints.length > 0);
  await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 26, character: 4 } });
  await connection.sendRequest('kerasShapes/summary', { uri });
  // "Check Workspace" on a file that is not open: the client sends the text; the server must not read the file itself.
  const other = `file://${path.join(dir, 'ks_evil_module.py')}`;
  await connection.sendRequest('kerasShapes/checkFile', { uri: other, text: 'import os\nos.system("touch /tmp/x")\n' });
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await exitOrKill(child, 5000);
  connection.dispose();
  assertNoMarkers();
  const watch = JSON.parse(fs.readFileSync(logFile, 'utf8')) as { violations: string[]; reads: string[]; writes: string[] };
  assert.deepEqual(watch.violations, []);
  assert.deepEqual(watch.writes.filter((w) => w !== logFile), []);
  const root = fs.realpathSync(repoRoot);
  // The Keras version: the workspace folder's listing and its manifests, nothing else of it.
  const manifestLookup = (p: string): boolean => {
    const abs = path.resolve(dir, p);
    return abs === dir || (path.dirname(abs) === dir && isKerasManifest(path.basename(abs)));
  };
  assert.ok(watch.reads.some((p) => path.resolve(dir, p) === path.join(dir, 'requirements.txt')), 'the server read the manifest');
  const outside = watch.reads.filter((p) => {
    const abs = path.resolve(dir, p);
    // The workspace's files: checked below.
    const workspace = abs === dir || abs.startsWith(`${dir}${path.sep}`);
    return !abs.startsWith(`${repoRoot}${path.sep}`) && !abs.startsWith(`${root}${path.sep}`) && !p.startsWith('fd:') && !workspace;
  });
  assert.deepEqual(outside, [], 'the server read files outside its installation and the workspace');
  // The hook did watch: the server read its own files (the grammar, its package.json).
  assert.ok(watch.reads.some((p) => p.endsWith('.wasm') || p.endsWith('package.json')), JSON.stringify(watch.reads));
  // Of the workspace, the server reads the modules the file imports (to know what they define: never run, no
  // marker above) and looks for the others where Python would; nothing else.
  const modules = [path.join(dir, 'ks_evil_module.py'), path.join(dir, 'ks_evil_package', '__init__.py')];
  // The workspace folder itself (its real path: a link out of it is outside it).
  const probes = new Set<string>([...modules, dir]);
  for (const name of ['os', 'subprocess', 'socket', 'ks_evil_module', 'ks_evil_package']) {
    for (const root of [dir, path.join(dir, 'src')]) for (const p of [`${path.join(root, name)}.py`, path.join(root, name, '__init__.py'), path.join(root, name)]) probes.add(p);
  }
  const workspaceReads = watch.reads.filter((p) => p.startsWith(dir) && p !== hookFile && !manifestLookup(p));
  assert.deepEqual(workspaceReads.filter((p) => !probes.has(p)), [], 'the server read a file of the workspace that no import names');
  for (const m of modules) assert.ok(workspaceReads.includes(m), `the server did not read the imported module ${m}`);
});
