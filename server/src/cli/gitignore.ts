// .gitignore matching with the `ignore` package (the matcher ESLint and
// Prettier use), which follows git's whole pattern syntax: comments, escaped
// `\#` and `\!`, trailing spaces, `!` negation, `dir/` (directories only),
// anchored patterns, `*`, `?`, `[a-z]` and `**`. Deeper .gitignore files
// override shallower ones and, within a file, the last matching line wins.
//
//   const rules = parseGitignore('build/\n*.pyc\n!keep.pyc\n', '/repo');
//   isIgnored([rules], '/repo/build', true)  // true
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface GitignoreFile {
  /** Absolute directory the patterns are relative to. */
  readonly baseDir: string;
  readonly matcher: Ignore;
}

// Case is ignored where the file system usually ignores it, as git's core.ignoreCase does.
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export function parseGitignore(text: string, baseDir: string): GitignoreFile {
  return { baseDir: path.resolve(baseDir), matcher: ignore({ ignorecase: IGNORE_CASE }).add(text) };
}

/**
 * Whether `absolutePath` is ignored by the given files (outermost first). The
 * deepest file with a line about the path decides. Callers walk top-down and
 * never enter an ignored folder, which is how git treats the contents of an
 * excluded directory (a file inside one cannot be re-included).
 */
export function isIgnored(files: readonly GitignoreFile[], absolutePath: string, isDirectory: boolean): boolean {
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i];
    const relative = path.relative(file.baseDir, absolutePath);
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) continue;
    const posix = relative.split(path.sep).join('/');
    const result = file.matcher.test(isDirectory ? `${posix}/` : posix);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}
