// ModuleFiles over the disk (modules.ts): the workspace is a set of folders,
// modules are read from them only, and a file the caller has in memory (an
// editor's open document) is read from there instead. Texts read from disk
// are kept while the file's size and modification time stay the same.
//
//   new DiskModuleFiles(['/ws'], ['/ws/src'], (p) => openDocs.get(p))
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { ModuleFiles } from './modules';

/** Files larger than this are not read as modules (a generated file, data). */
const MAX_MODULE_BYTES = 2 * 1024 * 1024;

export class DiskModuleFiles implements ModuleFiles {
  private readonly texts = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly text: string }>();
  readonly roots: readonly string[];
  private readonly workspace: readonly string[];

  /**
   * `workspace`: the folders whose files may be read. `roots`: where
   * top-level modules are searched (default: each workspace folder and its
   * `src/`). `overlay`: the text of a file held in memory, if any.
   */
  constructor(workspace: readonly string[], roots?: readonly string[], private readonly overlay: (path: string) => string | undefined = () => undefined) {
    this.workspace = workspace.map((w) => nodePath.resolve(w));
    this.roots = (roots ?? this.workspace.flatMap((w) => [w, nodePath.join(w, 'src')])).map((r) => nodePath.resolve(r));
  }

  contains(path: string): boolean {
    const p = nodePath.resolve(path);
    return this.workspace.some((w) => p === w || (p.startsWith(w) && p[w.length] === nodePath.sep) || (w.endsWith(nodePath.sep) && p.startsWith(w)));
  }

  read(path: string): string | undefined {
    if (!this.contains(path)) return undefined;
    const open = this.overlay(path);
    if (open !== undefined) return open;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (stat === undefined || !stat.isFile() || stat.size > MAX_MODULE_BYTES) return undefined;
    const kept = this.texts.get(path);
    if (kept !== undefined && kept.mtimeMs === stat.mtimeMs && kept.size === stat.size) return kept.text;
    // A link out of the workspace is outside it.
    try {
      if (!this.inRealWorkspace(fs.realpathSync(path))) return undefined;
      const text = fs.readFileSync(path, 'utf8');
      this.texts.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      return undefined;
    }
  }

  private real: readonly string[] | undefined;

  /** Whether a real path (links resolved) lies in a workspace folder, itself with its links resolved. */
  private inRealWorkspace(real: string): boolean {
    this.real ??= this.workspace.map((w) => {
      try {
        return fs.realpathSync(w);
      } catch {
        return w;
      }
    });
    return this.contains(real) || this.real.some((w) => {
      const rel = nodePath.relative(w, real);
      return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
    });
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  isFolder(path: string): boolean {
    if (!this.contains(path)) return false;
    try {
      return fs.statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
    } catch {
      return false;
    }
  }
}
