// How the command line finds the workspace modules a checked file imports:
// the workspace is `--root` (default: the checked folder; for a file, the
// current folder when it holds the file, else the file's folder); modules
// are searched in the file's folder, the root, the root's `src/`, then each
// `--path` folder (several separated by the platform's path separator, like
// PYTHONPATH). Files outside the root are never read.
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { DiskModuleFiles, ModuleParses, type ModuleContext } from '../analysis';

export const IMPORT_OPTIONS_HELP = `  --root DIR       the workspace whose modules imports may read (default:
                   the checked folder; for a file, the current folder when
                   it holds the file, else the file's folder); files
                   outside it are never read
  --path DIRS      more folders to find imported modules in, after the
                   file's folder, the root and its src/ (separated by '${path.delimiter}')
`;

/** The module contexts of one command: one DiskModuleFiles per root, one cache of parses. */
export class CliModules {
  private readonly byRoot = new Map<string, DiskModuleFiles>();
  private readonly parses = new ModuleParses();
  private readonly extra: readonly string[];
  private readonly root: string | undefined;

  constructor(
    private readonly cwd: string,
    private readonly parser: Parser,
    options: { readonly root?: string | true; readonly path?: string | true },
  ) {
    this.root = typeof options.root === 'string' ? path.resolve(cwd, options.root) : undefined;
    this.extra = typeof options.path === 'string' ? options.path.split(path.delimiter).filter((p) => p !== '').map((p) => path.resolve(cwd, p)) : [];
  }

  /** The context of `file`, found under the command's `given` path (a folder or the file itself). */
  contextFor(file: string, given: string): ModuleContext {
    const root = this.root ?? this.defaultRoot(file, given);
    let files = this.byRoot.get(root);
    if (!files) this.byRoot.set(root, (files = new DiskModuleFiles([root], [root, path.join(root, 'src'), ...this.extra])));
    return { files, parser: this.parser, parses: this.parses, file };
  }

  private defaultRoot(file: string, given: string): string {
    const absolute = path.resolve(this.cwd, given);
    if (absolute !== path.resolve(file)) return absolute;
    const rel = path.relative(this.cwd, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? path.dirname(file) : this.cwd;
  }
}
