// A subset of .gitignore matching, enough to skip what a project ignores:
// comments, blank lines, `!` negation, `dir/` (directories only), anchored
// patterns (`/build`, `docs/gen`), `*`, `?`, `[a-z]`, and `**` (`**/x`,
// `x/**`, `a/**/b`). Deeper .gitignore files override shallower ones and,
// within a file, the last matching line wins — as in git.
//
//   const rules = parseGitignore('build/\n*.pyc\n!keep.pyc\n', '/repo');
//   isIgnored([rules], '/repo/build', true)  // true
import * as path from 'node:path';

export interface GitignoreRule {
  readonly negated: boolean;
  readonly directoryOnly: boolean;
  readonly regex: RegExp;
  readonly source: string;
}

export interface GitignoreFile {
  /** Absolute directory the patterns are relative to. */
  readonly baseDir: string;
  readonly rules: readonly GitignoreRule[];
}

export function parseGitignore(text: string, baseDir: string): GitignoreFile {
  const rules: GitignoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const rule = parseLine(rawLine);
    if (rule) rules.push(rule);
  }
  return { baseDir: path.resolve(baseDir), rules };
}

function parseLine(rawLine: string): GitignoreRule | undefined {
  let line = rawLine;
  if (line === '' || line.startsWith('#')) return undefined;
  // Trailing spaces are dropped unless escaped with a backslash.
  line = line.replace(/(?<!\\)\s+$/, '');
  if (line === '') return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/')) {
    directoryOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = globToRegex(line);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { negated, directoryOnly, regex, source: rawLine };
}

function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const next = glob[i + 2];
        if (atStart && next === '/') {
          out += '(?:.*/)?'; // `**/` : any number of folders, including none
          i += 3;
          continue;
        }
        if (atStart && next === undefined) {
          out += '.*'; // trailing `/**` : everything inside
          i += 2;
          continue;
        }
      }
      while (glob[i] === '*') i++;
      out += '[^/]*';
      continue;
    }
    if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close + 1;
        continue;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]);
      i += 2;
      continue;
    } else {
      out += escapeRegex(c);
    }
    i++;
  }
  return out;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether `absolutePath` is ignored by the given files (outermost first). Only
 * the path itself is tested: callers walk top-down and never enter an ignored
 * folder, which is how git treats the contents of an excluded directory.
 */
export function isIgnored(files: readonly GitignoreFile[], absolutePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const file of files) {
    const relative = path.relative(file.baseDir, absolutePath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const posix = relative.split(path.sep).join('/');
    for (const rule of file.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(posix)) ignored = !rule.negated;
    }
  }
  return ignored;
}
