// Loading web-tree-sitter and the Python grammar once, and parsing. Offsets of
// nodes are JS string indices (UTF-16 code units). The analysis parses by
// top-level chunks (syntax.ts), never keeping a tree.
//
//   const parser = await loadPythonParser();
//   const tree = parsePython(parser, 'x = Dense(3)(y)\n');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { useBinding } from './walker';

let loading: Promise<Parser> | undefined;

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
    // The first parse is several times slower than the next ones: warm up now.
    parser.parse('import keras\nx = keras.layers.Dense(3)(y)\n')?.delete();
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
