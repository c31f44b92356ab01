// A plain JS copy of the tree-sitter syntax tree, for the interpreter.
// Reading a web-tree-sitter Node's properties crosses into wasm and allocates
// a Node object each time; the interpreter reads the same nodes many times
// (loops, helpers called per block). Copying once with a TreeCursor (no Node
// objects) and reading plain fields afterwards is several times faster.
// Function bodies are copied only when a call first runs them, so large files
// of definitions cost little.
//
//   const root = syntaxFromTree(tree, text);
//   root.namedChildren[0].childForFieldName('right')?.text
import type { Node as TsNode, Tree, TreeCursor } from 'web-tree-sitter';

/** The tree lazy bodies are copied from: the newest tree of the document. */
interface TreeHandle {
  tree: Tree;
}

/** Parent types whose anonymous tokens the interpreter reads (operators, `:` of slices, string parts). */
const KEEP_TOKENS_IN = new Set(['comparison_operator', 'slice', 'string', 'concatenated_string', 'interpolation']);

export class SyntaxNode {
  parent: SyntaxNode | null = null;
  private kids: SyntaxNode[] | null;
  private fields: (string | null)[] | null;
  private named: SyntaxNode[] | null = null;
  /** Set while the children are still only in the tree-sitter tree. */
  private pending: TreeHandle | null;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    public startIndex: number,
    public endIndex: number,
    private source: string,
    kids: SyntaxNode[] | null,
    fields: (string | null)[] | null,
    pending: TreeHandle | null,
  ) {
    this.kids = kids;
    this.fields = fields;
    this.pending = pending;
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  /** Moves a reused subtree to its place in a new text (same characters, other offset). */
  relocate(delta: number, source: string): void {
    const stack: SyntaxNode[] = [this];
    while (stack.length > 0) {
      const n = stack.pop() as SyntaxNode;
      n.startIndex += delta;
      n.endIndex += delta;
      n.source = source;
      if (n.kids) for (const k of n.kids) stack.push(k);
    }
  }

  /** Sets the copied children (used while copying). */
  adopt(kids: SyntaxNode[], fields: (string | null)[]): void {
    for (const k of kids) k.parent = this;
    this.kids = kids;
    this.fields = fields;
  }

  private load(): void {
    if (this.pending) {
      const handle = this.pending;
      const ts = findNode(handle.tree, this.type, this.startIndex, this.endIndex);
      this.pending = null;
      if (!ts) {
        this.adopt([], []);
        return;
      }
      const cursor = ts.walk();
      const outer = currentHandle;
      currentHandle = handle;
      fillChildren(this, cursor, this.source);
      currentHandle = outer;
      cursor.delete();
    }
  }

  get children(): SyntaxNode[] {
    this.load();
    return this.kids ?? [];
  }

  get namedChildren(): SyntaxNode[] {
    if (!this.named) this.named = this.children.filter((c) => c.isNamed);
    return this.named;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const kids = this.children;
    const fields = this.fields ?? [];
    for (let i = 0; i < kids.length; i++) if (fields[i] === name) return kids[i];
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const kids = this.children;
    const fields = this.fields ?? [];
    const out: SyntaxNode[] = [];
    for (let i = 0; i < kids.length; i++) if (fields[i] === name) out.push(kids[i]);
    return out;
  }

  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [...this.children].reverse();
    while (stack.length > 0) {
      const n = stack.pop() as SyntaxNode;
      if (wanted.includes(n.type)) out.push(n);
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return out;
  }
}

/** The node of `type` spanning exactly [start, end) in `tree`. */
function findNode(tree: Tree, type: string, start: number, end: number): TsNode | null {
  for (let n: TsNode | null = tree.rootNode.descendantForIndex(start, Math.max(start, end - 1)); n; n = n.parent) {
    if (n.startIndex === start && n.endIndex === end && n.type === type) return n;
    if (n.startIndex < start || n.endIndex > end) return null;
  }
  return null;
}

/**
 * Set while copying when the copy must not be reused in another tree: it holds
 * an ERROR node or a zero-width (missing) node, whose shape can depend on the
 * text around the statement.
 */
let copyTainted = false;
/** The tree being copied, for the lazy bodies. */
let currentHandle: TreeHandle | null = null;

/** A copy of the node under the cursor without its children; `descend` when they should be copied. */
function makeNode(cursor: TreeCursor, source: string, parentType: string): { node: SyntaxNode; descend: boolean } {
  const type = cursor.nodeType;
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  // Bodies of functions and classes wait until they are needed (found again by position when they are).
  if (type === 'block' && currentHandle && start < end && (parentType === 'function_definition' || parentType === 'class_definition')) {
    return { node: new SyntaxNode(type, true, start, end, source, null, null, currentHandle), descend: false };
  }
  if (type === 'ERROR' || start === end) copyTainted = true;
  return { node: new SyntaxNode(type, cursor.nodeIsNamed, start, end, source, null, null, null), descend: true };
}

/**
 * Copies every descendant of the node under the cursor into `node`, without
 * recursion (10,000 nested parentheses must not exhaust the stack). The
 * cursor ends where it started.
 */
function fillChildren(node: SyntaxNode, cursor: TreeCursor, source: string): void {
  const stack: { node: SyntaxNode; kids: SyntaxNode[]; fields: (string | null)[] }[] = [{ node, kids: [], fields: [] }];
  if (!cursor.gotoFirstChild()) {
    node.adopt([], []);
    return;
  }
  for (;;) {
    const frame = stack[stack.length - 1];
    const field = cursor.currentFieldName;
    if (cursor.nodeIsNamed || field !== null || KEEP_TOKENS_IN.has(frame.node.type)) {
      const made = makeNode(cursor, source, frame.node.type);
      frame.kids.push(made.node);
      frame.fields.push(field);
      if (made.descend) {
        if (cursor.gotoFirstChild()) {
          stack.push({ node: made.node, kids: [], fields: [] });
          continue;
        }
        made.node.adopt([], []);
      }
    }
    while (!cursor.gotoNextSibling()) {
      const done = stack.pop() as (typeof stack)[number];
      done.node.adopt(done.kids, done.fields);
      cursor.gotoParent();
      if (stack.length === 0) return;
    }
  }
}

function copyNode(cursor: TreeCursor, source: string, parentType: string): SyntaxNode {
  const made = makeNode(cursor, source, parentType);
  if (made.descend) fillChildren(made.node, cursor, source);
  return made.node;
}

/**
 * Copies of top-level statements from the previous analysis of a document, by
 * their exact text: after a keystroke most statements are unchanged, and
 * reusing their copies (moved to their new offsets) skips most of the copying.
 * A statement's subtree depends only on its text when it parsed cleanly, so a
 * reused copy equals a fresh one (test/incremental.test.ts checks this).
 */
export class SyntaxCache {
  private byText = new Map<string, SyntaxNode[]>();
  /** Shared by every lazy body copied for this document: always the newest tree. */
  readonly handle: { tree: Tree | null } = { tree: null };

  /** Internal: swaps in the statements used by the newest tree. */
  take(next: Map<string, SyntaxNode[]>): Map<string, SyntaxNode[]> {
    const old = this.byText;
    this.byText = next;
    return old;
  }
}

/** The JS copy of a tree's root. Valid while `tree` is alive (lazy bodies read from it). */
export function syntaxFromTree(tree: Tree, source: string, cache?: SyntaxCache): SyntaxNode {
  const cursor = tree.walk();
  if (cache) cache.handle.tree = tree;
  currentHandle = cache ? (cache.handle as TreeHandle) : { tree };
  try {
    if (!cache || cursor.nodeType !== 'module') return copyNode(cursor, source, '');
    const root = new SyntaxNode('module', true, cursor.startIndex, cursor.endIndex, source, null, null, null);
    const next = new Map<string, SyntaxNode[]>();
    const old = cache.take(next);
    const kids: SyntaxNode[] = [];
    const fields: (string | null)[] = [];
    if (cursor.gotoFirstChild()) {
      do {
        const isNamed = cursor.nodeIsNamed;
        const field = cursor.currentFieldName;
        if (!isNamed && field === null) continue;
        const start = cursor.startIndex;
        const key = `${cursor.nodeType}\u0000${source.slice(start, cursor.endIndex)}`;
        const reused = old.get(key)?.pop();
        let node: SyntaxNode;
        if (reused) {
          reused.relocate(start - reused.startIndex, source);
          node = reused;
        } else {
          copyTainted = false;
          node = copyNode(cursor, source, 'module');
          if (copyTainted) {
            kids.push(node);
            fields.push(field);
            continue;
          }
        }
        const list = next.get(key);
        if (list) list.push(node);
        else next.set(key, [node]);
        kids.push(node);
        fields.push(field);
      } while (cursor.gotoNextSibling());
    }
    root.adopt(kids, fields);
    return root;
  } finally {
    currentHandle = null;
    cursor.delete();
  }
}
