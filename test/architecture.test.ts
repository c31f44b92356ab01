// The layering rules of the code base, checked on the TypeScript sources:
// no import cycles among server/src modules (type-only imports count too:
// a cycle of types still ties the modules' designs together), no file over
// 800 lines under server/src, the engine imports nothing outside itself, the
// interpreter (Python semantics) nothing of the Keras modules, and only
// server/src/lsp/ and client/ import `vscode*` packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const serverSrc = path.join(root, 'server', 'src');
const MAX_LINES = 800;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

interface Import {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** The module specifiers a file imports or re-exports (static and dynamic imports, requires). */
function importsOf(file: string): Import[] {
  // Comments could mention `from '…'`: strip them first (strings with `//` inside are rare enough in imports not to matter).
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm)) out.push({ specifier: m[3], typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ specifier: m[1], typeOnly: false });
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ specifier: m[1], typeOnly: false });
  return out;
}

/** The source file a relative specifier names, or undefined for a package. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  assert.fail(`${path.relative(root, from)} imports ${specifier}, which is no source file`);
}

const rel = (f: string): string => path.relative(root, f).split(path.sep).join('/');

test('no import cycles among server/src modules (type-only imports included)', () => {
  const files = tsFiles(serverSrc);
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const targets: string[] = [];
    for (const i of importsOf(f)) {
      const t = resolve(f, i.specifier);
      if (t !== undefined && t.startsWith(serverSrc)) targets.push(t);
    }
    edges.set(f, targets);
  }
  // Depth-first search with colours; a grey target is a back edge, i.e. a cycle.
  const colour = new Map<string, 'grey' | 'black'>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (f: string): void => {
    colour.set(f, 'grey');
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      const c = colour.get(t);
      if (c === 'grey') cycles.push([...stack.slice(stack.indexOf(t)), t].map(rel).join(' → '));
      else if (c === undefined) visit(t);
    }
    stack.pop();
    colour.set(f, 'black');
  };
  for (const f of files) if (!colour.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

test(`no file under server/src is over ${MAX_LINES} lines`, () => {
  const long = tsFiles(serverSrc)
    .map((f) => ({ f: rel(f), lines: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.lines > MAX_LINES)
    .map((x) => `${x.f}: ${x.lines} lines`);
  assert.deepEqual(long, []);
});

test('server/src/engine imports nothing outside itself', () => {
  const engine = path.join(serverSrc, 'engine');
  const outside: string[] = [];
  for (const f of tsFiles(engine)) {
    for (const i of importsOf(f)) {
      const t = resolve(f, i.specifier);
      if (t === undefined || !t.startsWith(engine + path.sep)) outside.push(`${rel(f)} imports ${i.specifier}`);
    }
  }
  assert.deepEqual(outside, []);
});

test('the interpreter imports nothing of the Keras modules (it knows only Python)', () => {
  const interpreter = path.join(serverSrc, 'analysis', 'interpreter');
  const keras = path.join(serverSrc, 'analysis', 'keras') + path.sep;
  const offenders: string[] = [];
  for (const f of tsFiles(interpreter)) {
    for (const i of importsOf(f)) {
      const t = resolve(f, i.specifier);
      if (t !== undefined && t.startsWith(keras)) offenders.push(`${rel(f)} imports ${i.specifier}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('only server/src/lsp and client import vscode packages', () => {
  const lsp = path.join(serverSrc, 'lsp') + path.sep;
  const offenders: string[] = [];
  // Tests and benchmarks may: they drive the server as its client does.
  for (const dir of ['server']) {
    const d = path.join(root, dir);
    if (!fs.existsSync(d)) continue;
    for (const f of tsFiles(d)) {
      if (f.startsWith(lsp)) continue;
      for (const i of importsOf(f)) if (/^vscode/.test(i.specifier)) offenders.push(`${rel(f)} imports ${i.specifier}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the import scanner sees the imports of a known file', () => {
  // Guards the rules above against a scanner that silently finds nothing.
  const runtime = importsOf(path.join(serverSrc, 'analysis', 'keras', 'runtime.ts')).map((i) => i.specifier);
  assert.ok(runtime.includes('./layers'), runtime.join(', '));
  assert.ok(importsOf(path.join(serverSrc, 'lsp', 'server.ts')).some((i) => i.specifier.startsWith('vscode-languageserver')));
});
