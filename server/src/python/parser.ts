// Loading web-tree-sitter and the Python grammar once, and parsing (fresh or
// incremental). Offsets of nodes are JS string indices (UTF-16 code units).
//
//   const parser = await loadPythonParser();
//   const tree = parser.parse('x = Dense(3)(y)\n');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Tree as SyntaxTree };

/**
 * A syntax node as the analysis reads it: the part of web-tree-sitter's `Node`
 * it uses, answered from plain JS objects. Every property of a web-tree-sitter
 * node crosses into wasm on each access; these nodes read each fact once and
 * keep it, and expand children only when asked (most of a large file, such as
 * the bodies of functions never called, is never expanded).
 */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  readonly parent: SyntaxNode | null;
  /** Shared, cached arrays: never modify them. */
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): SyntaxNode[];
  /** This node and its descendants of the given types, in document order (as web-tree-sitter's). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[];
}


class LazyNode implements SyntaxNode {
  private kids?: LazyNode[];
  private named?: LazyNode[];
  private fields?: readonly (string | null)[];
  private textCache?: string;

  constructor(
    private readonly node: Node,
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: LazyNode | null,
  ) {}

  get text(): string {
    return (this.textCache ??= this.source.slice(this.startIndex, this.endIndex));
  }

  get children(): LazyNode[] {
    if (!this.kids) this.expand();
    return this.kids as LazyNode[];
  }

  get namedChildren(): LazyNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  private expand(): void {
    const kids: LazyNode[] = [];
    const fields: (string | null)[] = [];
    const cursor = this.node.walk();
    try {
      if (cursor.gotoFirstChild()) {
        do {
          kids.push(new LazyNode(cursor.currentNode, this.source, cursor.nodeType, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex, this));
          fields.push(cursor.currentFieldName);
        } while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
    }
    this.kids = kids;
    this.fields = fields;
  }

  childForFieldName(name: string): LazyNode | null {
    const kids = this.children;
    const fields = this.fields as readonly (string | null)[];
    for (let i = 0; i < kids.length; i++) if (fields[i] === name) return kids[i];
    return null;
  }

  childrenForFieldName(name: string): LazyNode[] {
    const kids = this.children;
    const fields = this.fields as readonly (string | null)[];
    const out: LazyNode[] = [];
    for (let i = 0; i < kids.length; i++) if (fields[i] === name) out.push(kids[i]);
    return out;
  }

  descendantsOfType(types: string | readonly string[]): LazyNode[] {
    // tree-sitter finds them without leaving wasm; only the paths down to them are expanded here.
    const found = this.node.descendantsOfType(typeof types === 'string' ? types : [...types]);
    const out: LazyNode[] = [];
    for (const n of found) {
      if (!n) continue;
      const lazy = this.find(n.id, n.startIndex, n.endIndex);
      if (lazy) out.push(lazy);
    }
    return out;
  }

  /** The node with tree-sitter id `id` (spanning start..end) in this subtree. */
  private find(id: number, start: number, end: number): LazyNode | undefined {
    if (this.node.id === id) return this;
    for (const c of this.children) {
      if (c.startIndex > start) break;
      if (c.endIndex < end) continue;
      const hit = c.find(id, start, end);
      if (hit) return hit;
    }
    return undefined;
  }
}

/** The root of `tree` as a SyntaxNode; `text` must be the text `tree` was parsed from. */
export function syntaxRoot(tree: Tree, text: string): SyntaxNode {
  const root = tree.rootNode;
  return new LazyNode(root, text, root.type, root.isNamed, root.startIndex, root.endIndex, null);
}

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
