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
//
// Faster still, the memory walker makes no call into wasm at all: it reads
// the tree's nodes (tree-sitter's subtrees) and the grammar's alias and field
// tables straight from wasm memory, and keeps its own stack, doing what
// tree-sitter's cursor does (lib/src/tree_cursor.c) in JS. That depends on the
// layout of tree-sitter's structures in this build, so it is used only after
// it walked a sample tree exactly as the cursor functions do (checkMemoryWalker,
// when the parser loads); the tests compare it with the public API on every
// corpus file, valid and broken.
//
//   const walker = walkTree(tree);   // or walkNode(node)
//   try { ... walker.gotoFirstChild() ... } finally { walker.close(); }
import type { Node as TsNode, Tree, TreeCursor } from 'web-tree-sitter';

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
  /** Ends the walk and frees what it holds (a cursor walker deletes its cursor). */
  close(): void;
}

/** The wasm binding's functions the direct walker calls (each reads the cursor from the transfer buffer), and its memory views. */
export interface CursorBinding {
  readonly HEAP32: Int32Array;
  /** Views of wasm memory: the binding replaces them when memory grows. */
  readonly HEAPU8: Uint8Array;
  readonly HEAPU16: Uint16Array;
  readonly HEAPU32: Uint32Array;
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
  const views = m.HEAP32 instanceof Int32Array && m.HEAPU8 instanceof Uint8Array && m.HEAPU16 instanceof Uint16Array && m.HEAPU32 instanceof Uint32Array;
  if (!BINDING_FUNCTIONS.every((name) => typeof m[name] === 'function') || !views) {
    binding = null;
    return false;
  }
  binding = module as CursorBinding;
  // The transfer buffer's address (the call also writes two version numbers into it).
  transferBuffer = binding._ts_init();
  return true;
}

/** Which walker copies trees: the fastest available unless a test asks for another. */
export type WalkerKind = 'memory' | 'direct' | 'public';

let preferred: WalkerKind = 'memory';
/** Whether the memory walker passed its check on this build (checkMemoryWalker). */
let memoryChecked = false;

/** Chooses the walker (tests compare them); the memory walker still needs its check passed, the direct one the binding. */
export function useWalker(kind: WalkerKind): void {
  preferred = kind;
}

/** The walker that walks trees now. */
export function currentWalker(): WalkerKind {
  if (binding === null) return 'public';
  if (preferred === 'memory' && !memoryChecked) return 'direct';
  return preferred;
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
    this.cursor.delete();
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
  close(): void {
    this.cursor.delete();
  }
}

/** A walker over `cursor`, which it deletes when closed. */
function cursorWalker(cursor: TreeCursor): Walker {
  return currentWalker() !== 'public' && binding && isCursorInternals(cursor) ? new DirectWalker(binding, cursor) : new PublicWalker(cursor);
}

/** A walker from the root of `tree`; close it when done (the tree must outlive it). */
export function walkTree(tree: Tree): Walker {
  if (currentWalker() === 'memory') {
    const address = addressOf(tree);
    if (address !== undefined && binding) return new MemoryWalker(binding, address, address);
  }
  return cursorWalker(tree.walk());
}

/** A walker from `node`; close it when done. The node's own type is read as its subtree's (it is not looked up as an alias). */
export function walkNode(node: TsNode): Walker {
  if (currentWalker() === 'memory' && binding) {
    const address = addressOf(node.tree);
    // A node's id is the address of its subtree; offsets in the tree are UTF-16 bytes.
    if (address !== undefined && typeof node.id === 'number' && node.id > 0) return new MemoryWalker(binding, address, node.id, node.startIndex * 2);
  }
  return cursorWalker(node.walk());
}

function addressOf(tree: Tree): number | undefined {
  const a = (tree as unknown as { 0?: unknown })[0];
  return typeof a === 'number' && a > 0 ? a : undefined;
}

// ---------------------------------------------------------------- reading trees from wasm memory

/** The grammar's tables the memory walker reads (addresses in wasm memory). */
interface LanguageTables {
  readonly fieldCount: number;
  readonly maxAliasSequenceLength: number;
  readonly fieldMapSlices: number;
  readonly fieldMapEntries: number;
  readonly symbolMetadata: number;
  readonly publicSymbolMap: number;
  readonly aliasSequences: number;
}

const tablesByLanguage = new Map<number, LanguageTables>();

/** The tables of the language of the tree at `tree` (a TSTree: its root subtree, 8 bytes, then its language). */
function languageTables(b: CursorBinding, tree: number): LanguageTables {
  const language = b.HEAPU32[(tree + 8) >> 2];
  let t = tablesByLanguage.get(language);
  if (!t) {
    // TSLanguage: nine 32-bit counts, a 16-bit one, then pointers from byte 40.
    const u32 = b.HEAPU32;
    const at = language >> 2;
    t = {
      fieldCount: u32[at + 8],
      maxAliasSequenceLength: b.HEAPU16[(language + 36) >> 1],
      fieldMapSlices: u32[at + 16],
      fieldMapEntries: u32[at + 17],
      symbolMetadata: u32[at + 18],
      publicSymbolMap: u32[at + 19],
      aliasSequences: u32[at + 21],
    };
    tablesByLanguage.set(language, t);
  }
  return t;
}

/** tree-sitter's symbol of error nodes. */
const ERROR_SYMBOL = 65535;
const ERROR_REPEAT_SYMBOL = 65534;

/**
 * A cursor kept in JS over subtrees in wasm memory. A subtree is 8 bytes:
 * inline (a small leaf: bit 0 set; flags, symbol and sizes packed in it) or
 * the address of its heap record, whose children's subtrees lie just before
 * it. Each stack entry keeps a subtree's slot (its address), heap record,
 * start in bytes, index and structural index (extras not counted) among its
 * parent's children, and what the cursor would work out from its ancestors:
 * its flags (visible when aliased), alias and field.
 */
class MemoryWalker implements Walker {
  private readonly slots: number[] = [];
  private readonly heaps: number[] = [];
  private readonly starts: number[] = [];
  private readonly childIndexes: number[] = [];
  private readonly structural: number[] = [];
  /** VISIBLE | NAMED | EXTRA, VISIBLE also set by an alias. */
  private readonly flags: number[] = [];
  private readonly aliases: number[] = [];
  private readonly fields: number[] = [];
  /** The stack's size. */
  private size = 0;
  private readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  private readonly u32: Uint32Array;

  private readonly t: LanguageTables;

  /**
   * Walks from the subtree at `slot` of the tree at `tree` (a TSTree), which
   * starts at byte `start`; without it, `slot` is the tree's root (its first
   * field), which starts after its padding.
   */
  constructor(b: CursorBinding, tree: number, slot: number, start?: number) {
    // Nothing calls into wasm while the walker is used, so memory cannot grow under these views.
    this.u8 = b.HEAPU8;
    this.u16 = b.HEAPU16;
    this.u32 = b.HEAPU32;
    this.t = languageTables(b, tree);
    const lo = this.u32[slot >> 2];
    const heap = lo & 1 ? 0 : lo;
    // The start entry counts as visible, with no alias or field (the cursor starts there).
    this.push(slot, heap, start ?? this.padding(slot), 0, 0, (heap === 0 ? this.u8[slot] >> 1 : this.u8[heap + 44]) | VISIBLE, 0, 0);
  }

  private push(slot: number, heap: number, start: number, childIndex: number, structuralIndex: number, flags: number, alias: number, field: number): void {
    const i = this.size++;
    this.slots[i] = slot;
    this.heaps[i] = heap;
    this.starts[i] = start;
    this.childIndexes[i] = childIndex;
    this.structural[i] = structuralIndex;
    this.flags[i] = flags;
    this.aliases[i] = alias;
    this.fields[i] = field;
  }

  private sizeBytes(slot: number): number {
    const lo = this.u32[slot >> 2];
    return lo & 1 ? this.u8[slot + 7] : this.u32[(lo + 16) >> 2];
  }

  private padding(slot: number): number {
    const lo = this.u32[slot >> 2];
    return lo & 1 ? this.u8[slot + 6] : this.u32[(lo + 4) >> 2];
  }

  /**
   * Goes on through the children of the stack's top from child `from` (at
   * structural index `s`, starting at byte `position`): pushes the first that
   * is visible (1) or hidden with visible children (2); 0 when none is.
   */
  private scan(from: number, s: number, position: number): number {
    const top = this.size - 1;
    const parent = this.heaps[top];
    if (parent === 0) return 0;
    const u8 = this.u8;
    const u32 = this.u32;
    const count = u32[(parent + 36) >> 2];
    const production = this.u16[(parent + 66) >> 1];
    const tables = production === 0 ? null : productionTables(this.t, this.u8, this.u16, production);
    // A hidden parent passes its field on to the nodes in it.
    const inherited = top > 0 && (this.flags[top] & VISIBLE) === 0 ? this.fields[top] : 0;
    const children = parent - count * 8;
    for (let i = from; i < count; i++) {
      const slot = children + i * 8;
      const lo = u32[slot >> 2];
      const heap = lo & 1 ? 0 : lo;
      let flags = heap === 0 ? u8[slot] >> 1 : u8[heap + 44];
      let alias = 0;
      let field = 0;
      const at = s;
      if ((flags & EXTRA) === 0) {
        if (tables !== null && at < tables.length) {
          alias = tables.aliases[at];
          field = tables.fields[at];
        }
        if (field === 0) field = inherited;
        s++;
      }
      if (alias !== 0) flags |= VISIBLE;
      if (flags & VISIBLE || (heap !== 0 && u32[(heap + 36) >> 2] > 0 && u32[(heap + 48) >> 2] > 0)) {
        this.push(slot, heap, position, i, at, flags, alias, field);
        return flags & VISIBLE ? 1 : 2;
      }
      position += heap === 0 ? u8[slot + 7] : u32[(heap + 16) >> 2];
      if (i + 1 < count) position += this.padding(slot + 8);
    }
    return 0;
  }

  gotoFirstChild(): boolean {
    for (;;) {
      const step = this.scan(0, 0, this.starts[this.size - 1]);
      if (step !== 2) return step === 1;
    }
  }

  private nextSiblingStep(): number {
    const initial = this.size;
    while (this.size > 1) {
      const i = --this.size;
      // A visible ancestor ends the search.
      if (this.flags[i] & VISIBLE && this.size + 1 < initial) break;
      const slot = this.slots[i];
      const childIndex = this.childIndexes[i];
      let position = this.starts[i] + this.sizeBytes(slot);
      if (childIndex + 1 < this.u32[(this.heaps[i - 1] + 36) >> 2]) position += this.padding(slot + 8);
      const step = this.scan(childIndex + 1, this.structural[i] + (this.flags[i] & EXTRA ? 0 : 1), position);
      if (step !== 0) return step;
    }
    this.size = initial;
    return 0;
  }

  gotoNextSibling(): boolean {
    const step = this.nextSiblingStep();
    if (step === 2) this.gotoFirstChild();
    return step !== 0;
  }

  gotoParent(): boolean {
    for (let i = this.size - 2; i >= 0; i--) {
      if (this.flags[i] & VISIBLE) {
        this.size = i + 1;
        return true;
      }
    }
    return false;
  }

  typeId(): number {
    const i = this.size - 1;
    let symbol = this.aliases[i];
    if (symbol === 0) {
      const heap = this.heaps[i];
      symbol = heap === 0 ? this.u8[this.slots[i] + 1] : this.u16[(heap + 40) >> 1];
    }
    return symbol === ERROR_SYMBOL ? symbol : this.u16[(this.t.publicSymbolMap >> 1) + symbol];
  }

  isNamed(): boolean {
    const i = this.size - 1;
    const alias = this.aliases[i];
    if (alias === 0) return (this.flags[i] & NAMED) !== 0;
    if (alias === ERROR_SYMBOL) return true;
    if (alias === ERROR_REPEAT_SYMBOL) return false;
    // TSSymbolMetadata: visible, named, supertype (one byte each).
    return this.u8[this.t.symbolMetadata + alias * 3 + 1] !== 0;
  }

  fieldId(): number {
    return this.fields[this.size - 1];
  }

  startIndex(): number {
    return this.starts[this.size - 1] >> 1;
  }

  endIndex(): number {
    const i = this.size - 1;
    return (this.starts[i] + this.sizeBytes(this.slots[i])) >> 1;
  }

  close(): void {}
}

const VISIBLE = 1;
const NAMED = 2;
const EXTRA = 4;

/** Per structural child index of a production (below `length`; none after): the alias, and the field it fills itself (not inherited); 0 for none. */
interface ProductionTables {
  readonly length: number;
  readonly aliases: Uint16Array;
  readonly fields: Uint16Array;
}

const productionsByTables = new WeakMap<LanguageTables, ProductionTables[]>();

function productionTables(t: LanguageTables, u8: Uint8Array, u16: Uint16Array, production: number): ProductionTables {
  let all = productionsByTables.get(t);
  if (!all) {
    all = [];
    productionsByTables.set(t, all);
  }
  let p = all[production];
  if (!p) {
    // Field entries name child indexes below 256; alias sequences have the grammar's longest production's length.
    const length = Math.max(t.maxAliasSequenceLength, 256);
    const aliases = new Uint16Array(length);
    const base = (t.aliasSequences >> 1) + production * t.maxAliasSequenceLength;
    for (let k = 0; k < t.maxAliasSequenceLength; k++) aliases[k] = u16[base + k];
    const fields = new Uint16Array(length);
    if (t.fieldCount > 0) {
      const slice = (t.fieldMapSlices >> 1) + production * 2;
      const index = u16[slice];
      const count = u16[slice + 1];
      for (let e = t.fieldMapEntries + index * 4, end = e + count * 4; e < end; e += 4) {
        // TSFieldMapEntry: field id (16 bits), child index, inherited. The cursor takes the first that matches.
        const child = u8[e + 2];
        if (u8[e + 3] === 0 && fields[child] === 0) fields[child] = u16[e >> 1];
      }
    }
    p = { length, aliases, fields };
    all[production] = p;
  }
  return p;
}

/**
 * Whether the memory walker walks `tree` exactly as the cursor functions do:
 * every node's type, name-ness, field and span, in the same order. Turns it
 * on when it does (parser.ts checks a sample when the parser loads).
 */
export function checkMemoryWalker(tree: Tree): boolean {
  memoryChecked = false;
  const address = addressOf(tree);
  if (!binding || address === undefined) return false;
  const memory = new MemoryWalker(binding, address, address);
  const cursor = cursorWalker(tree.walk());
  try {
    memoryChecked = sameWalk(memory, cursor);
  } catch {
    memoryChecked = false;
  } finally {
    cursor.close();
  }
  return memoryChecked;
}

/** Walks both in preorder, comparing each node's facts and each move's outcome. */
function sameWalk(a: Walker, b: Walker): boolean {
  let depth = 0;
  for (let steps = 0; steps < 1_000_000; steps++) {
    if (a.typeId() !== b.typeId() || a.isNamed() !== b.isNamed() || a.fieldId() !== b.fieldId()) return false;
    if (a.startIndex() !== b.startIndex() || a.endIndex() !== b.endIndex()) return false;
    const down = a.gotoFirstChild();
    if (down !== b.gotoFirstChild()) return false;
    if (down) {
      depth++;
      continue;
    }
    for (;;) {
      const next = a.gotoNextSibling();
      if (next !== b.gotoNextSibling()) return false;
      if (next) break;
      if (depth === 0) return true;
      const up = a.gotoParent();
      if (up !== b.gotoParent() || !up) return false;
      depth--;
    }
  }
  return false;
}
