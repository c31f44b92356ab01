// `import` and `from … import`: a library module (Keras, NumPy, …) is the
// library's namespace; a module of the workspace (../modules.ts finds its
// file) is run by this interpreter, once per analysis, in a global scope of
// its own, and its names are what it defined. Nothing of the module's own
// reports reaches the analysed file. The work is bounded: a cycle, too many
// modules, too deep an import chain, a module Python could not parse or one
// outside the workspace gives an unknown value that says why.
//
//   from models.blocks import conv_block   → the PyFunction defined there
//   from config import IMG_SIZE            → (128, 128)
import { AliasedImport, ImportFromStatement, ImportStatement } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import * as nodePath from 'node:path';
import { MAX_IMPORTED_MODULES, MAX_IMPORT_DEPTH, findSubmodule, mainModuleName, resolveModule, type ModuleContext, type ModuleFile, type ModuleLookup } from '../modules';
import type { StateCopier } from '../stateCopy';
import { ModuleSource, PyList, PyModule, PyTuple, UNKNOWN, Unknown, unknownBecause, type Scope, type Value } from '../values';
import type { Evaluator } from './evaluator';

/** What the loader needs of the interpreter beyond the Evaluator. */
export interface ImportingEvaluator extends Evaluator {
  /** Runs `body` as code of `source` (its reports and records are the module's, not the file's). */
  runImported(source: ModuleSource, body: () => void): void;
}

/** The workspace modules one analysis has loaded (Python's `sys.modules` for them). */
export class ModuleLoader {
  /** By file path: the module, or why it could not be loaded. */
  readonly loaded = new Map<string, PyModule | Unknown>();
  /** Paths of the modules being run now, outermost first (an import cycle is one already here). */
  private readonly running: string[] = [];

  private main: { name: string; isPackage: boolean } | undefined;

  constructor(readonly ctx: ModuleContext) {}

  /** The text of each module file read (one Python could not parse too): a change in one of them changes the analysis. */
  private readonly read = new Map<string, string>();

  /** The files this analysis read, with the text read. */
  dependencies(): { path: string; text: string }[] {
    return [...this.read].map(([path, text]) => ({ path, text }));
  }

  /** A copy for a fork of the interpreter (its modules' values copied with the rest of the state). */
  copy(copier: StateCopier): ModuleLoader {
    const out = new ModuleLoader(this.ctx);
    for (const [k, v] of this.loaded) out.loaded.set(k, copier.copy(v));
    for (const [k, v] of this.read) out.read.set(k, v);
    return out;
  }

  /** The answers of `find` and `findSubmodule` in this run (files do not change while it runs), by question. */
  private readonly lookups = new Map<string, ModuleLookup | null>();

  /** The module `name` with `level` leading dots names, imported from the code running now; null when it is no workspace module. */
  find(ev: ImportingEvaluator, name: string, level: number): ModuleLookup | null {
    const from = ev.currentModule;
    // An absolute name is found the same way from every module.
    const key = level === 0 ? name : `${level}\u0000${name}\u0000${from?.path ?? ''}`;
    let found = this.lookups.get(key);
    if (found === undefined) {
      if (from !== undefined) found = resolveModule(this.ctx, name, level, from.path, from.name, from.isPackage);
      else {
        const main = (this.main ??= mainModuleName(this.ctx));
        found = resolveModule(this.ctx, name, level, this.ctx.file, main.name, main.isPackage);
      }
      this.lookups.set(key, found);
    }
    return found;
  }

  /** The submodule `name` of the package in `folder` (`fullName` its dotted name), or null. */
  findSubmodule(folder: string, name: string, fullName: string): ModuleLookup | null {
    const key = `\u0001${folder}\u0000${name}`;
    let found = this.lookups.get(key);
    if (found === undefined) this.lookups.set(key, (found = findSubmodule(this.ctx, folder, name, fullName)));
    return found;
  }

  /** Runs (or finds run before) the module at `found`. */
  load(ev: ImportingEvaluator, found: ModuleLookup): PyModule | Unknown {
    if (found.kind === 'problem') return unknownBecause(found.reason);
    // A module imported again is the one loaded before; while it still runs (an import cycle), what it has defined so far, as in Python.
    const done = this.loaded.get(found.path);
    if (done !== undefined) return done;
    if (this.running.length >= MAX_IMPORT_DEPTH) return unknownBecause(`\`${found.name}\` is imported more than ${MAX_IMPORT_DEPTH} modules deep; the analysis stops there`);
    if (this.loaded.size >= MAX_IMPORTED_MODULES) return unknownBecause(`\`${found.name}\` would be module number ${MAX_IMPORTED_MODULES + 1} of this analysis; it reads at most ${MAX_IMPORTED_MODULES}`);
    if (found.kind === 'folder') {
      const mod = new PyModule(null, found.name, { vars: new Map<string, Value>([['__name__', found.name]]), parent: null }, found.path);
      this.loaded.set(found.path, mod);
      this.bindInPackage(mod, nodePath.join(found.path, '__init__.py'));
      return mod;
    }
    return this.run(ev, found);
  }

  /** The import cycle `mod` is part of (`a → b → a`), when it is still running; undefined otherwise. */
  cycleOf(mod: PyModule): string | undefined {
    const path = mod.source?.path;
    return path !== undefined && this.running.includes(path) ? this.cycleFrom(path) : undefined;
  }

  /** Binds `mod` (at `path`) as an attribute of its package, when that package is loaded. */
  private bindInPackage(mod: PyModule, path: string): void {
    const dot = mod.name.lastIndexOf('.');
    if (dot < 0) return;
    const dir = nodePath.basename(path) === '__init__.py' ? nodePath.dirname(nodePath.dirname(path)) : nodePath.dirname(path);
    for (const m of this.loaded.values()) {
      if (m instanceof PyModule && m.folder === dir) {
        m.scope.vars.set(mod.name.slice(dot + 1), mod);
        return;
      }
    }
  }

  private cycleFrom(path: string): string {
    const names = this.running.slice(this.running.indexOf(path)).map((p) => this.nameOf(p));
    return [...names, this.nameOf(path)].join(' → ');
  }

  private nameOf(path: string): string {
    const m = this.loaded.get(path);
    return m instanceof PyModule ? m.name : path;
  }

  private run(ev: ImportingEvaluator, file: ModuleFile): PyModule | Unknown {
    this.read.set(file.path, file.text);
    const root = this.ctx.parses.get(this.ctx.parser, file.path, file.text);
    for (const stmt of root.namedChildren) {
      const problem = stmt.syntaxProblem();
      if (problem) {
        const why = unknownBecause(`\`${file.name}\` has a syntax error on line ${new ModuleSource(file.name, file.path, file.text, file.isPackage).lineAt(problem.start)}; Python would not import it`);
        this.loaded.set(file.path, why);
        return why;
      }
    }
    const source = new ModuleSource(file.name, file.path, file.text, file.isPackage);
    const scope: Scope = { vars: new Map<string, Value>([['__name__', file.name]]), parent: null, module: source };
    const mod = new PyModule(source, file.name, scope, file.isPackage ? nodePath.dirname(file.path) : undefined);
    // Python puts a module in sys.modules before running it, and binds a submodule in its package.
    this.loaded.set(file.path, mod);
    this.bindInPackage(mod, file.path);
    this.running.push(file.path);
    try {
      ev.runImported(source, () => {
        for (const stmt of root.namedChildren) if (ev.execStmt(stmt, scope).kind === 'return') break;
      });
    } finally {
      this.running.pop();
    }
    return mod;
  }
}

/**
 * An attribute of a workspace module: a name it defined (a submodule imported
 * so far is one); with `importing` (`from pkg import name`), else its
 * submodule of that name, imported now, as Python's import system would.
 */
export function moduleAttr(ev: ImportingEvaluator, loader: ModuleLoader | undefined, mod: PyModule, name: string, importing = false): Value {
  const own = mod.scope.vars.get(name);
  if (own !== undefined) return own;
  const sub = importing ? submodule(ev, loader, mod, name) : undefined;
  if (sub !== undefined) return sub;
  const cycle = loader?.cycleOf(mod);
  if (cycle !== undefined) return unknownBecause(`\`${mod.name}\` has no \`${name}\` yet: it is still being imported, in an import cycle (${cycle}); Python fails there too`);
  return unknownBecause(`module \`${mod.name}\` defines no \`${name}\` that the analysis can see`);
}

function submodule(ev: ImportingEvaluator, loader: ModuleLoader | undefined, mod: PyModule, name: string): Value | undefined {
  if (!loader || mod.folder === undefined) return undefined;
  const found = loader.findSubmodule(mod.folder, name, `${mod.name}.${name}`);
  if (found === null) return undefined;
  const sub = loader.load(ev, found);
  if (sub instanceof PyModule) mod.scope.vars.set(name, sub);
  return sub;
}

/** The module of `import a.b.c`: `a`, with `b` and `b.c` loaded and bound as attributes; the last one is returned too. */
function importDotted(ev: ImportingEvaluator, loader: ModuleLoader, path: string): { top: Value; last: Value } | null {
  const parts = path.split('.');
  const first = loader.find(ev, parts[0], 0);
  if (first === null) return null;
  const top = loader.load(ev, first);
  let last: Value = top;
  for (let i = 1; i < parts.length && last instanceof PyModule; i++) {
    last = submodule(ev, loader, last, parts[i]) ?? unknownBecause(`no module \`${parts.slice(0, i + 1).join('.')}\` in the workspace`);
  }
  return { top, last };
}

/** The names `from <mod> import *` binds from a workspace module: `__all__` when it is a list of strings, else its public names. */
function moduleExports(ev: ImportingEvaluator, loader: ModuleLoader | undefined, mod: PyModule): [string, Value][] {
  const all = mod.scope.vars.get('__all__');
  if (all instanceof PyList || all instanceof PyTuple) {
    const items: readonly Value[] = all.items;
    const names = items.filter((n): n is string => typeof n === 'string');
    if (names.length === items.length) return names.map((n): [string, Value] => [n, moduleAttr(ev, loader, mod, n, true)]);
  }
  return [...mod.scope.vars].filter(([n]) => !n.startsWith('_'));
}

export function execImport(ev: ImportingEvaluator, loader: ModuleLoader | undefined, node: SyntaxNode, scope: Scope): void {
  if (node.type === 'import_statement') {
    for (const n of ImportStatement.names(node)) {
      const aliased = n.type === 'aliased_import';
      const path = (aliased ? AliasedImport.name(n) : n.text).replace(/\s+/g, '');
      const top = path.split('.')[0];
      const library = ev.keras.moduleValue(aliased ? path : top);
      const workspace = library instanceof Unknown && loader ? importDotted(ev, loader, path) : null;
      if (aliased) ev.assignName(AliasedImport.alias(n), workspace ? workspace.last : library, scope);
      // `import a.b.c` binds `a`.
      else ev.assignName(top, workspace ? workspace.top : library, scope);
    }
    return;
  }
  if (node.type === 'future_import_statement') return;
  const moduleNode = ImportFromStatement.moduleName(node);
  const written = (moduleNode?.text ?? '').replace(/\s+/g, '');
  const level = written.length - written.replace(/^\.+/, '').length;
  const modulePath = written.slice(level);
  let mod: Value = level === 0 ? ev.keras.moduleValue(modulePath) : UNKNOWN;
  if (mod instanceof Unknown) {
    if (loader) {
      const found = level === 0 ? (importDotted(ev, loader, modulePath)?.last ?? null) : loadRelative(ev, loader, modulePath, level);
      if (found !== null) mod = found;
    } else if (level > 0) {
      mod = unknownBecause(`\`${written}\` is another file of the workspace, which this analysis does not read`);
    }
  }
  if (node.namedChildren.some((c) => c.type === 'wildcard_import')) {
    const names = mod instanceof PyModule ? moduleExports(ev, loader, mod) : ev.keras.wildcardExports(mod);
    for (const [name, v] of names) ev.assignName(name, v, scope);
    return;
  }
  for (const n of ImportFromStatement.names(node)) {
    const name = n.type === 'aliased_import' ? AliasedImport.name(n) : n.text;
    const value = mod instanceof PyModule ? moduleAttr(ev, loader, mod, name, true) : mod instanceof Unknown && mod.why !== '' ? mod : ev.getAttr(mod, name);
    if (n.type === 'aliased_import') ev.assignName(AliasedImport.alias(n), value, scope);
    else ev.assignName(n.text.split('.')[0], value, scope);
  }
}

/** The package or module of `from <dots><name> import …`. */
function loadRelative(ev: ImportingEvaluator, loader: ModuleLoader, name: string, level: number): Value {
  const found = loader.find(ev, name, level);
  return found === null ? UNKNOWN : loader.load(ev, found);
}
