// Loading web-tree-sitter and the Python grammar once, and parsing (fresh or
// incremental). Offsets of nodes are JS string indices (UTF-16 code units).
//
//   const parser = await loadPythonParser();
//   const tree = parser.parse('x = Dense(3)(y)\n');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree as SyntaxTree };

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
    await Parser.init({ locateFile: () => runtimeWasm });
    const language = await Language.load(findWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    // The first parse is several times slower than the next ones: warm up now.
    parser.parse('import keras\nx = keras.layers.Dense(3)(y)\n')?.delete();
    return parser;
  })();
  return loading;
}

export function parsePython(parser: Parser, text: string, oldTree?: Tree): Tree {
  const tree = parser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** A text change in JS string offsets, for incremental re-parsing. */
export interface TextEdit {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Applies an edit to `tree` so that `parse(newText, tree)` reuses what did not change. */
export function editTree(tree: Tree, oldText: string, newText: string, e: TextEdit): void {
  tree.edit(
    new Edit({
      startIndex: e.start,
      oldEndIndex: e.oldEnd,
      newEndIndex: e.newEnd,
      startPosition: pointAt(oldText, e.start),
      oldEndPosition: pointAt(oldText, e.oldEnd),
      newEndPosition: pointAt(newText, e.newEnd),
    }),
  );
}
