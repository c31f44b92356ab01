// Which Python files `keras-shapes check` looks at. Files named on the command
// line are always checked; folders are walked in name order for `*.py` and
// `*.ipynb` (Jupyter notebooks), skipping hidden folders, `node_modules`,
// `__pycache__`, virtual environments (`venv`, `.venv`, `env`, or any folder
// holding a `pyvenv.cfg`) and whatever the .gitignore files from the
// repository root down say to ignore.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorText } from './source';
import { isIgnored, parseGitignore, type GitignoreFile } from './gitignore';

export interface Discovery {
  /** Absolute paths, in the order given, then walk order; no duplicates. */
  readonly files: string[];
  /** Command-line paths that do not exist. */
  readonly missing: string[];
  /** Folders or entries that could not be read. */
  readonly problems: { path: string; reason: string }[];
}

const SKIPPED_FOLDER_NAMES = new Set(['node_modules', '__pycache__', 'venv', 'env', 'site-packages']);

export function discoverPythonFiles(paths: readonly string[], cwd: string): Discovery {
  const discovery: Discovery = { files: [], missing: [], problems: [] };
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    discovery.files.push(file);
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        discovery.missing.push(given);
      } else {
        discovery.problems.push({ path: given, reason: errorText(e) });
      }
      continue;
    }
    if (stat.isDirectory()) walk(absolute, ancestorGitignores(absolute), add, discovery);
    else add(absolute);
  }
  return discovery;
}

/** The .gitignore files above `dir`, up to the repository root (the folder holding `.git`), outermost first. */
function ancestorGitignores(dir: string): GitignoreFile[] {
  const above: string[] = [];
  let current = dir;
  let foundRoot = fs.existsSync(path.join(current, '.git'));
  while (!foundRoot) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
    above.push(current);
    foundRoot = fs.existsSync(path.join(current, '.git'));
  }
  if (!foundRoot) return [];
  return above
    .reverse()
    .map(readGitignore)
    .filter((g): g is GitignoreFile => g !== undefined);
}

function readGitignore(dir: string): GitignoreFile | undefined {
  try {
    return parseGitignore(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), dir);
  } catch {
    return undefined;
  }
}

function isVirtualEnv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

function walk(dir: string, inherited: readonly GitignoreFile[], add: (file: string) => void, discovery: Discovery): void {
  const own = readGitignore(dir);
  const ignores = own ? [...inherited, own] : inherited;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    discovery.problems.push({ path: dir, reason: errorText(e) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Linked files are checked; linked folders are not entered (they can form cycles).
      try {
        isFile = fs.statSync(full).isFile();
      } catch {
        isFile = false;
      }
      isDirectory = false;
    }
    if (isDirectory) {
      if (entry.name.startsWith('.') || SKIPPED_FOLDER_NAMES.has(entry.name)) continue;
      if (isIgnored(ignores, full, true) || isVirtualEnv(full)) continue;
      walk(full, ignores, add, discovery);
    } else if (isFile && (entry.name.endsWith('.py') || entry.name.endsWith('.ipynb'))) {
      if (isIgnored(ignores, full, false)) continue;
      add(full);
    }
  }
}

/** How a file is named in output: relative to the working folder when inside it. */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return path.basename(absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return absolute;
  return relative;
}
