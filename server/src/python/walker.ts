// Walking a tree-sitter tree node by node, for copying it (syntax.ts).
//
// web-tree-sitter keeps a cursor's state in a JS object and copies it into a
// shared transfer buffer in wasm memory before every call, then back after
// moves: four `setValue` / `getValue` calls around each call into wasm. A
// copy reads five or six properties per node, so that copying cost as much as
// the parse itself. Between calls the buffer already holds the cursor's state,
// so the direct walker calls the binding's cursor functions without copying
// and writes the state back to the cursor object once, when it is done.
//
// The direct walker needs the binding's exported functions, which
// `Parser.init` attaches to the options object it is given (parser.ts keeps
// it). When any of them is missing (another web-tree-sitter build), the
// public cursor API walks instead; both give the same nodes
// (test/chunks.test.ts).
import type { TreeCursor } from 'web-tree-sitter';

export interface Walker {
  typeId(): number;
  /** 0 when the node has no field name. */
  fieldId(): number;
  isNamed(): boolean;
  startIndex(): number;
  endIndex(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Makes the cursor object current again (call before using or deleting it). */
  close(): void;
}

/** The wasm binding's functions the direct walker calls (each reads the cursor from the transfer buffer). */
export interface CursorBinding {
  readonly HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

const BINDING_FUNCTIONS = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
] as const;

/** The cursor object's internals the direct walker reads and writes back. */
interface CursorInternals {
  0: number;
  1: number;
  2: number;
  3: number;
  readonly tree: { readonly 0: number };
}

let binding: CursorBinding | null = null;
let transferBuffer = 0;

/** Enables the direct walker when `module` (the options object given to `Parser.init`) has every function it needs. */
export function useBinding(module: object): boolean {
  const m = module as Record<string, unknown>;
  if (!BINDING_FUNCTIONS.every((name) => typeof m[name] === 'function') || !(m.HEAP32 instanceof Int32Array)) {
    binding = null;
    return false;
  }
  binding = module as CursorBinding;
  // The transfer buffer's address (the call also writes two version numbers into it).
  transferBuffer = binding._ts_init();
  return true;
}

let direct = true;

/** Turns the direct walker off or on again (tests compare both). */
export function useDirectWalker(on: boolean): void {
  direct = on;
}

export function hasDirectWalker(): boolean {
  return direct && binding !== null;
}

function isCursorInternals(c: unknown): c is CursorInternals {
  const x = c as Partial<CursorInternals>;
  return typeof x[0] === 'number' && typeof x[3] === 'number' && typeof x.tree?.[0] === 'number';
}

class DirectWalker implements Walker {
  private readonly tree: number;

  constructor(
    private readonly b: CursorBinding,
    private readonly cursor: TreeCursor & CursorInternals,
  ) {
    this.tree = cursor.tree[0];
    // A public read puts the cursor's state into the transfer buffer.
    void cursor.startIndex;
  }

  typeId(): number {
    return this.b._ts_tree_cursor_current_node_type_id_wasm(this.tree);
  }
  fieldId(): number {
    return this.b._ts_tree_cursor_current_field_id_wasm(this.tree);
  }
  isNamed(): boolean {
    return this.b._ts_tree_cursor_current_node_is_named_wasm(this.tree) === 1;
  }
  startIndex(): number {
    return this.b._ts_tree_cursor_start_index_wasm(this.tree);
  }
  endIndex(): number {
    return this.b._ts_tree_cursor_end_index_wasm(this.tree);
  }
  gotoFirstChild(): boolean {
    return this.b._ts_tree_cursor_goto_first_child_wasm(this.tree) === 1;
  }
  gotoNextSibling(): boolean {
    return this.b._ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1;
  }
  gotoParent(): boolean {
    return this.b._ts_tree_cursor_goto_parent_wasm(this.tree) === 1;
  }
  close(): void {
    // Moves may have reallocated the cursor's stack: the object must hold the state the buffer holds.
    const heap = this.b.HEAP32; // read now: growing memory replaces the view
    const at = transferBuffer >> 2;
    this.cursor[0] = heap[at];
    this.cursor[1] = heap[at + 1];
    this.cursor[2] = heap[at + 2];
    this.cursor[3] = heap[at + 3];
  }
}

class PublicWalker implements Walker {
  constructor(private readonly cursor: TreeCursor) {}
  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  fieldId(): number {
    return this.cursor.currentFieldId;
  }
  isNamed(): boolean {
    return this.cursor.nodeIsNamed;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  close(): void {}
}

/** A walker over `cursor`, which must not be used until the walker is closed. */
export function walkerFor(cursor: TreeCursor): Walker {
  if (direct && binding && isCursorInternals(cursor)) return new DirectWalker(binding, cursor);
  return new PublicWalker(cursor);
}
