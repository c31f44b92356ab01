// Loading web-tree-sitter and the Python grammar once, and parsing. Offsets of
// nodes are JS string indices (UTF-16 code units). The analysis parses by
// top-level chunks (syntax.ts), never keeping a tree.
//
//   const parser = await loadPythonParser();
//   const tree = parsePython(parser, 'x = Dense(3)(y)\n');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { checkMemoryWalker, useBinding } from './walker';

let loading: Promise<Parser> | undefined;

/** Syntax with fields, aliases, hidden rules, extras (a comment), an error and text beyond ASCII. */
const MEMORY_WALKER_SAMPLE = [
  'from keras import layers as L\n',
  '@d\ndef f(a, *b, c: "\u00e9" = 1, **k) -> None:\n    return [i for i in a if i] or f"{a!r:>{w}}"  # \u4e2d\n',
  'match c:\n    case [1, *r] | {"k": v} as m if m:\n        print(*r, sep="")\n',
  'with (open(a) as h): x = a not in b\n',
  'x = L.Dense(3,, activation=)(y\n',
].join('');

function findWasm(fileName: string, packageFile: string): string {
  // Next to a bundle first (the packaged extension ships the .wasm files beside it).
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(packageFile);
}

/** The shared parser, initialised once (about 20 ms the first time). */
export function loadPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    const runtimeWasm = findWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    // The options object becomes the binding's module: the tree copy calls its cursor functions directly (walker.ts).
    const binding = { locateFile: () => runtimeWasm };
    await Parser.init(binding);
    useBinding(binding);
    const language = await Language.load(findWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    // The first parse is several times slower than the next ones: warm up now, on a sample of most kinds of
    // syntax; trees are read from wasm memory once that reading matches the cursor's on it.
    const sample = parser.parse(MEMORY_WALKER_SAMPLE);
    if (sample) {
      checkMemoryWalker(sample);
      sample.delete();
    }
    return parser;
  })();
  return loading;
}

/** A fresh parse of `text`; the caller deletes the tree. */
export function parsePython(parser: Parser, text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
