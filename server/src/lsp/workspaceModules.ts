// The workspace's Python modules for the editor's analyses (../analysis/modules.ts):
// files inside the workspace folders, an open document's text in place of
// its file on disk; a file opened with no workspace folder around it has its
// own folder as its workspace. Files are read, never run.
//
//   const modules = new WorkspaceModules((path) => documents.textAt(path));
//   modules.setFolders(['/home/me/project']);
//   analyzeSource(parser, text, config, syntax, checkpoints, host, modules.contextFor(uri, parser));
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parser } from 'web-tree-sitter';
import { DiskModuleFiles, ModuleParses, type ModuleContext } from '../analysis';

/** The file path of a `file:` URI; undefined for other schemes (an untitled document has no folder to import from). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class WorkspaceModules {
  private folders: readonly string[] = [];
  private readonly filesByWorkspace = new Map<string, DiskModuleFiles>();
  private readonly parses = new ModuleParses();

  /** `openText`: the text of an open document at a path, if one is open there. */
  constructor(private readonly openText: (path: string) => string | undefined) {}

  /** The workspace folders (paths); imports are read from inside them only. */
  setFolders(folders: readonly string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
    this.filesByWorkspace.clear();
  }

  /** The module context of the document at `uri`; undefined when it is no file. */
  contextFor(uri: string, parser: Parser): ModuleContext | undefined {
    const file = filePathOf(uri);
    if (file === undefined) return undefined;
    const inside = this.folders.filter((f) => {
      const rel = path.relative(f, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
    const workspace = inside.length > 0 ? inside : [path.dirname(file)];
    const key = workspace.join('\n');
    let files = this.filesByWorkspace.get(key);
    if (!files) this.filesByWorkspace.set(key, (files = new DiskModuleFiles(workspace, undefined, this.openText)));
    return { files, parser, parses: this.parses, file };
  }

  /** The text of `file` as the analyses read it now (an open document's, else the disk's), undefined when it cannot be read. */
  currentText(ctx: ModuleContext, file: string): string | undefined {
    return ctx.files.read(file);
  }
}
