// The workspace's own Python modules, as the analysis sees them: how an
// `import` names a file, read through a ModuleFiles the host gives (the
// language server: open documents, else the disk, inside the workspace
// folders; the CLI: the checked folder and its `--root`/`--path` options;
// tests: a map of texts). Nothing here runs anything: a module found is
// parsed (once per text, see ModuleParses) and run by the importing file's
// interpreter (interpreter/imports.ts).
//
//   resolveModule(ctx, 'models.blocks', 0, '/ws/train.py')
//   → { kind: 'file', name: 'models.blocks', path: '/ws/models/blocks.py', … }
import * as nodePath from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { parseModule, type SyntaxNode } from '../python/syntax';

/** Where the workspace's modules are and how their text is read. */
export interface ModuleFiles {
  /** Folders whose modules and packages are importable by absolute name, searched in order after the importing program's own folder. */
  readonly roots: readonly string[];
  /** Whether `path` lies inside the workspace; files outside it are never read. */
  contains(path: string): boolean;
  /** The text of the file at `path` (inside the workspace), or undefined when there is none. */
  read(path: string): string | undefined;
  /** Whether `path` is a folder (a namespace package when it has no `__init__.py`). */
  isFolder(path: string): boolean;
  /** Whether a file exists at `path`, inside the workspace or not (to say why a module outside it is not read). */
  exists(path: string): boolean;
}

/** How many modules one analysis may load, and how deep imports may nest. */
export const MAX_IMPORTED_MODULES = 64;
export const MAX_IMPORT_DEPTH = 12;

/** A module's syntax, kept per file and text: each version of a module's text is parsed once. */
export class ModuleParses {
  private readonly byPath = new Map<string, { readonly text: string; readonly root: SyntaxNode }>();

  constructor(private readonly limit = 512) {}

  get(parser: Parser, path: string, text: string): SyntaxNode {
    const hit = this.byPath.get(path);
    if (hit !== undefined && hit.text === text) return hit.root;
    if (this.byPath.size >= this.limit) this.byPath.clear();
    const root = parseModule(parser, text);
    this.byPath.set(path, { text, root });
    return root;
  }
}

/** What an analysis needs to follow imports of workspace modules. */
export interface ModuleContext {
  readonly files: ModuleFiles;
  readonly parser: Parser;
  readonly parses: ModuleParses;
  /** The analysed file (absolute path); its folder is searched first, as Python does for a script. */
  readonly file: string;
}

/** A workspace module's file. */
export interface ModuleFile {
  readonly kind: 'file';
  /** The dotted module name (`models.blocks`; a package is its folder's name). */
  readonly name: string;
  readonly path: string;
  readonly text: string;
  /** Whether the module is a package (its `__init__.py`, or a folder without one). */
  readonly isPackage: boolean;
}

/** A module found where the analysis may not read it, or that the analysis cannot read: unknown, with a reason. */
export interface ModuleProblem {
  readonly kind: 'problem';
  readonly reason: string;
}

/** A package folder without `__init__.py` (a namespace package): no code, only submodules. */
export interface NamespaceFolder {
  readonly kind: 'folder';
  readonly name: string;
  readonly path: string;
}

export type ModuleLookup = ModuleFile | NamespaceFolder | ModuleProblem;

function join(dir: string, parts: readonly string[]): string {
  return parts.length === 0 ? dir : nodePath.join(dir, ...parts);
}

/** The module at folder `dir` + `parts` (`parts.py`, or a package `parts/__init__.py`, or a namespace folder), or null. */
function lookIn(files: ModuleFiles, dir: string, parts: readonly string[], name: string): ModuleLookup | null {
  const base = join(dir, parts);
  const candidates: [string, boolean][] = parts.length === 0 ? [[nodePath.join(base, '__init__.py'), true]] : [[`${base}.py`, false], [nodePath.join(base, '__init__.py'), true]];
  for (const [path, isPackage] of candidates) {
    if (!files.contains(path)) {
      if (files.exists(path)) return { kind: 'problem', reason: `\`${name}\` is ${path}, outside the workspace; the analysis reads only the workspace's files` };
      continue;
    }
    const text = files.read(path);
    if (text !== undefined) return { kind: 'file', name, path, text, isPackage };
  }
  if (files.contains(base) && files.isFolder(base)) return { kind: 'folder', name, path: base };
  return null;
}

/** The submodule `name` of the package in folder `dir` (`fullName` is its dotted name), or null. */
export function findSubmodule(ctx: ModuleContext, dir: string, name: string, fullName: string): ModuleLookup | null {
  return lookIn(ctx.files, dir, [name], fullName);
}

/**
 * The file of `import name` (level 0) or of `from <dots>name import …`
 * (`level` dots) in the module at `from` (its path; `fromPackage` when that
 * module is a package's `__init__.py`). Null when no workspace file has that
 * name (a library module, or a module not installed).
 */
export function resolveModule(ctx: ModuleContext, name: string, level: number, from: string, fromName: string, fromIsPackage: boolean): ModuleLookup | null {
  const parts = name === '' ? [] : name.split('.');
  if (level === 0) {
    const dirs = [nodePath.dirname(ctx.file), ...ctx.files.roots];
    const seen = new Set<string>();
    let problem: ModuleProblem | null = null;
    for (const dir of dirs) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      const found = lookIn(ctx.files, dir, parts, name);
      if (found !== null && found.kind !== 'problem') return found;
      problem ??= found;
    }
    return problem;
  }
  // Python's rule: a relative import counts in the importing module's package, one package up per extra dot.
  const packageParts = (fromIsPackage ? fromName.split('.') : fromName.split('.').slice(0, -1)).filter((p) => p !== '');
  const written = `${'.'.repeat(level)}${name}`;
  if (packageParts.length === 0) return { kind: 'problem', reason: `\`from ${written} import …\`: attempted relative import with no known parent package` };
  if (level > packageParts.length) return { kind: 'problem', reason: `\`from ${written} import …\`: attempted relative import beyond top-level package` };
  let dir = nodePath.dirname(from);
  for (let i = 1; i < level; i++) dir = nodePath.dirname(dir);
  const fullName = [...packageParts.slice(0, packageParts.length - level + 1), ...parts].join('.');
  return lookIn(ctx.files, dir, parts, fullName) ?? { kind: 'problem', reason: `no module \`${written}\` in the package of ${nodePath.basename(from)}` };
}

/**
 * The dotted name of the analysed file as a module: its path under a root
 * that holds it (`models/train.py` → `models.train`), the longest whose
 * folders are regular packages, as if it were run with `python -m`; its
 * relative imports count from that package.
 */
export function mainModuleName(ctx: ModuleContext): { name: string; isPackage: boolean } {
  if (!ctx.file.endsWith('.py')) return { name: '__main__', isPackage: false };
  let best: { name: string; isPackage: boolean; parts: number } | undefined;
  for (const root of ctx.files.roots) {
    const rel = nodePath.relative(root, ctx.file);
    if (rel === '' || rel.startsWith('..') || nodePath.isAbsolute(rel)) continue;
    const parts = rel.replace(/\.py$/, '').split(nodePath.sep);
    const isPackage = parts[parts.length - 1] === '__init__';
    if (isPackage) parts.pop();
    // The longest name whose packages are all regular ones (with an `__init__.py`): a workspace folder inside another
    // is a package of it when it has one, `src/` is not.
    const packages = isPackage ? parts.length : parts.length - 1;
    let regular = true;
    for (let i = 1; i <= packages && regular; i++) if (ctx.files.read(nodePath.join(root, ...parts.slice(0, i), '__init__.py')) === undefined) regular = false;
    if (parts.length > 0 && regular && parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) && (best === undefined || parts.length > best.parts)) {
      best = { name: parts.join('.'), isPackage, parts: parts.length };
    }
  }
  return best ? { name: best.name, isPackage: best.isPackage } : { name: '__main__', isPackage: false };
}

/** A ModuleFiles over texts in memory (paths absolute, `/` separated): for tests and in-process callers. */
export class MemoryModuleFiles implements ModuleFiles {
  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly root: string,
    readonly roots: readonly string[] = [root],
  ) {}

  contains(path: string): boolean {
    const rel = nodePath.relative(this.root, path);
    return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
  }

  read(path: string): string | undefined {
    return this.contains(path) ? this.texts.get(path) : undefined;
  }

  exists(path: string): boolean {
    return this.texts.has(path);
  }

  isFolder(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const k of this.texts.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }
}
