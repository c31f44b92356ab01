// A plain JS copy of the syntax tree, for the interpreter, built by parsing the
// source in top-level chunks (chunks.ts) with tree-sitter.
//
// Why a copy: reading a web-tree-sitter Node's properties crosses into wasm and
// allocates a Node object each time; the interpreter reads the same nodes many
// times (loops, helpers called per block). Copying once with a TreeCursor (no
// Node objects) and reading plain fields afterwards is several times faster.
//
// Why chunks: tree-sitter re-parses a file of many top-level statements slowly
// even when little changed (about 5 µs per statement), and a whole-file tree of
// a large file costs a lot of memory. Each chunk is parsed on its own, copied,
// and its tree deleted at once (consecutive simple statements are parsed as
// one text and copied chunk by chunk: each parse has a fixed cost); a
// document's SyntaxCache keeps the copies by chunk text, so after a keystroke
// only the changed chunk is parsed again.
// Nodes hold offsets relative to their chunk: moving a reused chunk to its new
// place is one assignment.
//
// Function bodies are copied only when first read (a call runs them), all
// those of a chunk at once by parsing the chunk's text again: large files of
// definitions cost little, and no tree stays alive. A chunk an edit changed
// is copied with its bodies (it runs next), and so is every chunk of a file
// up to 32 KB (most of its bodies are called). The copy reads the tree from wasm
// memory, or walks it with the binding's cursor functions (walker.ts).
//
//   const root = parseModule(parser, text);
//   root.namedChildren[0].childForFieldName('right')?.text
import type { Language, Node as TsNode, Parser, Tree } from 'web-tree-sitter';
import { chunksAfterEdit, splitChunks, type Split } from './chunks';
import { parsePython } from './parser';
import { walkNode, walkTree, type Walker } from './walker';

/** The text nodes are copied from, and where it starts in the document now. */
interface Home {
  readonly text: string;
  base: number;
  /** To parse `text` again for the bodies not copied yet. */
  readonly parser: Parser | null;
  /** The function bodies not copied yet: all are copied by one parse when one is read. */
  pending: SyntaxNode[];
  readonly kinds: Kinds;
  /** The first ERROR or MISSING node of the chunk's parse, if any (offsets in `text`). */
  readonly problem?: SyntaxProblem;
}

/** Where the parser could not read the code: an ERROR node, or a token it had to assume (MISSING, e.g. `)`). */
export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  /** The token assumed for a MISSING node; null for an ERROR node. */
  readonly missing: string | null;
}

/** Node type names and named-ness by type id, and field names (read from the grammar once: each cursor property read is a call into wasm). */
interface Kinds {
  readonly byId: ({ type: string; named: boolean } | undefined)[];
  readonly types: readonly string[];
  readonly fields: readonly (string | null)[];
}

const kindsByLanguage = new WeakMap<Language, Kinds>();

function kindsOf(language: Language | null): Kinds {
  if (!language) return { byId: [], types: [], fields: [] };
  let kinds = kindsByLanguage.get(language);
  if (!kinds) {
    // Internalised copies: the interpreter compares node types and field names with string literals, which is a
    // pointer comparison when both strings are internalised (the grammar's own strings are not).
    kinds = { byId: [], types: language.types.map(internalized), fields: language.fields.map((f) => (f === null ? null : internalized(f))) };
    kindsByLanguage.set(language, kinds);
  }
  return kinds;
}

/** The internalised copy of `s` (property keys are internalised). */
function internalized(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}

/** One string object per identifier text seen. */
const names = new Map<string, string>();

/** The string object shared by every occurrence of the name `s`. */
function sharedName(s: string): string {
  const known = names.get(s);
  if (known !== undefined) return known;
  if (names.size >= 100_000) names.clear();
  // A copy: a slice of the document would keep the text it was cut from alive.
  const own = s.length >= 13 ? (' ' + s).slice(1) : s;
  names.set(own, own);
  return own;
}

/** The home of a node that keeps no text (a module root, the copy's placeholder). */
function textlessHome(): Home {
  return { text: '', base: 0, parser: null, pending: [], kinds: kindsOf(null) };
}

function kindAt(walker: Walker, kinds: Kinds): { type: string; named: boolean } {
  const id = walker.typeId();
  let kind = kinds.byId[id];
  if (!kind) {
    kind = { type: kinds.types[id] || 'ERROR', named: walker.isNamed() };
    kinds.byId[id] = kind;
  }
  return kind;
}

function fieldAt(walker: Walker, kinds: Kinds): string | null {
  const id = walker.fieldId();
  return id === 0 ? null : (kinds.fields[id] ?? null);
}

/** Parent types whose anonymous tokens the interpreter reads (operators, `:` of slices, string parts). */
export const KEEP_TOKENS_IN = new Set(['comparison_operator', 'slice', 'string', 'concatenated_string', 'interpolation']);

export class SyntaxNode {
  parent: SyntaxNode | null = null;
  private kids: SyntaxNode[] | null = null;
  /** Field name of each child; null when no child has one. */
  private fields: (string | null)[] | null = null;
  private named: SyntaxNode[] | null = null;
  /** Set while the children have not been copied yet. */
  private pending: boolean;
  private textMemo: string | undefined = undefined;
  /** A value that depends only on this node's text, kept by its reader (the interpreter keeps literal values here, the engine cache a constructor call's site). */
  memo: unknown = undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    private readonly home: Home,
    /** Offsets in `home.text`. */
    private readonly start: number,
    private readonly end: number,
    pending = false,
  ) {
    this.pending = pending;
  }

  get startIndex(): number {
    return this.home.base + this.start;
  }

  get endIndex(): number {
    return this.home.base + this.end;
  }

  get text(): string {
    if (this.textMemo === undefined) {
      const t = this.home.text.slice(this.start, this.end);
      // Names are looked up in scope maps: one string object for every occurrence of a name compares by pointer.
      this.textMemo = this.type === 'identifier' && t.length <= 64 ? sharedName(t) : t;
    }
    return this.textMemo;
  }

  /** Sets the copied children (used while copying). */
  adopt(kids: SyntaxNode[], fields: (string | null)[] | null): void {
    for (const k of kids) k.parent = this;
    this.kids = kids;
    this.fields = fields;
  }

  /** Copies the children of every pending body of this node's chunk: parses the chunk again and finds them in it. */
  private load(): void {
    const home = this.home;
    const pending = home.pending;
    home.pending = [];
    const tree = parsePython(home.parser as Parser, home.text);
    try {
      for (const node of pending) {
        node.pending = false;
        const ts = findNode(tree, node.type, node.start, node.end);
        if (!ts) {
          node.adopt(NO_NODES, null);
          continue;
        }
        const walker = walkNode(ts);
        try {
          fillChildren(node, walker, home, false);
        } finally {
          walker.close();
        }
      }
    } finally {
      tree.delete();
    }
  }

  get children(): SyntaxNode[] {
    if (this.pending) this.load();
    return this.kids ?? NO_NODES;
  }

  /** A function body whose children are copied when first read. */
  get waitsForBody(): boolean {
    return this.pending;
  }

  get namedChildren(): SyntaxNode[] {
    if (!this.named) {
      const kids = this.children;
      // Most nodes keep only named children (tokens are dropped when copied): those share their children array.
      let all = true;
      for (let i = 0; i < kids.length && all; i++) all = kids[i].isNamed;
      this.named = all ? kids : kids.filter((c) => c.isNamed);
    }
    return this.named;
  }

  /** The first ERROR or MISSING node of this node's chunk when it lies in this node (a top-level statement), in document offsets. */
  syntaxProblem(): SyntaxProblem | null {
    const p = this.home.problem;
    if (p === undefined || p.start < this.start || p.end > this.end) return null;
    const base = this.home.base;
    return { start: base + p.start, end: base + p.end, missing: p.missing };
  }

  childForFieldName(name: string): SyntaxNode | null {
    const kids = this.children;
    const fields = this.fields;
    if (!fields) return null;
    for (let i = 0; i < kids.length; i++) if (fields[i] === name) return kids[i];
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const kids = this.children;
    const fields = this.fields;
    const out: SyntaxNode[] = [];
    if (!fields) return out;
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

/** The children of a node that has none: one array for all (children arrays are never changed). */
const NO_NODES: SyntaxNode[] = [];

/** A copy of the node under the cursor without its children (a function body left for later is marked pending). */
function makeNode(walker: Walker, home: Home, parentType: string, lazy: boolean, origin: number): SyntaxNode {
  const kind = kindAt(walker, home.kinds);
  const start = walker.startIndex() - origin;
  const end = walker.endIndex() - origin;
  // Function bodies wait until a call runs them (class bodies run when defined).
  if (lazy && kind.type === 'block' && start < end && parentType === 'function_definition') {
    const node = new SyntaxNode(kind.type, true, home, start, end, true);
    home.pending.push(node);
    return node;
  }
  return new SyntaxNode(kind.type, kind.named, home, start, end);
}

// The copy's work space, shared by every copy (one runs at a time): the nodes whose children are being
// copied, where each one's children begin in `scratchKids`, and the children copied so far (`scratchSize`
// of them) with their fields. Sizes are kept apart: setting an array's length is a slow call.
const openNodes: SyntaxNode[] = [];
const firstKid: number[] = [];
const scratchKids: SyntaxNode[] = [];
const scratchFields: (string | null)[] = [];
let openSize = 0;
let scratchSize = 0;
/** What the work space holds where no copy is under way. */
const NO_NODE = new SyntaxNode('module', true, textlessHome(), 0, 0);

/** Gives the open node `node` the children copied since `first`, and drops them from the work space. */
function closeNode(node: SyntaxNode, first: number): void {
  const end = scratchSize;
  if (end === first) {
    node.adopt(NO_NODES, null);
    return;
  }
  let fields: (string | null)[] | null = null;
  for (let i = first; i < end; i++) {
    if (scratchFields[i] !== null) {
      fields = scratchFields.slice(first, end);
      break;
    }
  }
  node.adopt(scratchKids.slice(first, end), fields);
  scratchSize = first;
}

/**
 * Copies every descendant of the node under the cursor into `node`, without
 * recursion (10,000 nested parentheses must not exhaust the stack). The
 * cursor ends where it started. `origin` is where `home.text` starts in the
 * parsed text.
 */
function fillChildren(node: SyntaxNode, walker: Walker, home: Home, lazy: boolean, origin = 0): void {
  if (!walker.gotoFirstChild()) {
    node.adopt(NO_NODES, null);
    return;
  }
  openNodes[0] = node;
  firstKid[0] = 0;
  openSize = 1;
  scratchSize = 0;
  let highWater = 0;
  let deepest = 1;
  for (;;) {
    const parent = openNodes[openSize - 1];
    const field = fieldAt(walker, home.kinds);
    if (field !== null || kindAt(walker, home.kinds).named || KEEP_TOKENS_IN.has(parent.type)) {
      const made = makeNode(walker, home, parent.type, lazy, origin);
      scratchKids[scratchSize] = made;
      scratchFields[scratchSize] = field;
      scratchSize++;
      if (scratchSize > highWater) highWater = scratchSize;
      if (!made.waitsForBody) {
        if (walker.gotoFirstChild()) {
          openNodes[openSize] = made;
          firstKid[openSize] = scratchSize;
          openSize++;
          if (openSize > deepest) deepest = openSize;
          continue;
        }
        made.adopt(NO_NODES, null);
      }
    }
    while (!walker.gotoNextSibling()) {
      openSize--;
      closeNode(openNodes[openSize], firstKid[openSize]);
      walker.gotoParent();
      if (openSize === 0) {
        // The work space keeps no node of this copy alive (nor, through it, the text it was cut from).
        for (let i = 0; i < highWater; i++) scratchKids[i] = NO_NODE;
        for (let i = 0; i < deepest; i++) openNodes[i] = NO_NODE;
        return;
      }
    }
  }
}

/** Copies the node under the cursor (and its descendants, bodies left for later when `lazy`). */
function copyNode(walker: Walker, home: Home, parentType: string, lazy: boolean, origin = 0): SyntaxNode {
  const node = makeNode(walker, home, parentType, lazy, origin);
  if (!node.waitsForBody) fillChildren(node, walker, home, lazy, origin);
  return node;
}

/** The copied statements of one chunk. */
export interface ChunkSyntax {
  readonly home: Home;
  /** The chunk root's children (its statements, comments, errors) and their field names. */
  readonly statements: SyntaxNode[];
  readonly fields: (string | null)[];
  /** The chunk root's span in the chunk's text. */
  readonly rootStart: number;
  readonly rootEnd: number;
}

/**
 * A copy of `s` that does not keep a larger string alive. A slice of the
 * document text refers to the whole text; a chunk kept for many versions of a
 * document would keep every version it was cut from.
 */
function detach(s: string): string {
  return s.length < 64 ? s : (' ' + s).slice(1);
}

/** Parses and copies one chunk; its offsets start at 0. */
function parseChunk(parser: Parser, text: string, lazy: boolean): ChunkSyntax {
  const tree = parsePython(parser, text);
  const problem = tree.rootNode.hasError ? firstProblem(tree.rootNode) : undefined;
  const home: Home = problem ? { text, base: 0, parser, pending: [], kinds: kindsOf(parser.language), problem } : { text, base: 0, parser, pending: [], kinds: kindsOf(parser.language) };
  const walker = walkTree(tree);
  try {
    const rootStart = walker.startIndex();
    const rootEnd = walker.endIndex();
    const statements: SyntaxNode[] = [];
    const fields: (string | null)[] = [];
    if (kindAt(walker, home.kinds).type !== 'module') {
      // The whole chunk failed to parse: its root is its one statement.
      statements.push(copyNode(walker, home, 'module', lazy));
      fields.push(null);
    } else if (walker.gotoFirstChild()) {
      do {
        const field = fieldAt(walker, home.kinds);
        if (field === null && !kindAt(walker, home.kinds).named) continue;
        statements.push(copyNode(walker, home, 'module', lazy));
        fields.push(field);
      } while (walker.gotoNextSibling());
    }
    return { home, statements, fields, rootStart, rootEnd };
  } finally {
    walker.close();
    tree.delete();
  }
}

/** Files up to this length have their function bodies copied with the rest (see parseModule). */
const EAGER_BODIES_MAX = 32 * 1024;

/** How a document is parsed; the syntax is the same either way (tests compare both). */
export interface ParseOptions {
  /** Whether runs of simple chunks are parsed together (default true). */
  readonly chunkRuns?: boolean;
  /** Files up to this length have their function bodies copied with the rest, longer ones when read (default 32 KiB). */
  readonly eagerBodiesMax?: number;
}

/** Chunks parsed together at most (the tree of a run is in wasm memory until copied). */
const MAX_RUN_CHUNKS = 256;
const MAX_RUN_TEXT = 64 * 1024;

/** First words of the lines that begin a compound statement (or might: `match`, `case`, `type` are soft keywords). */
const NOT_SIMPLE = /^(?:if|elif|else|for|while|try|except|finally|with|def|class|async|match|case|type)\b/;

/**
 * Whether a chunk's syntax is the same parsed alone or among its neighbours,
 * when the run parses without errors: statements that start with a name at
 * column 0 and hold no indented block, so nothing the next chunk holds can
 * change where a token or comment of this one goes (test/chunks.test.ts
 * compares both parses).
 */
function isSimpleChunk(text: string): boolean {
  const c = text.charCodeAt(0);
  const nameStart = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return nameStart && !NOT_SIMPLE.test(text) && text.indexOf('\\') === -1;
}

/** The first ERROR or MISSING node under `root` in text order (only subtrees with errors are visited). */
function firstProblem(root: TsNode): SyntaxProblem | undefined {
  const stack: TsNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as TsNode;
    if (n.isMissing) return { start: n.startIndex, end: n.endIndex, missing: n.type };
    if (n.isError) return { start: n.startIndex, end: n.endIndex, missing: null };
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k && (k.hasError || k.isMissing)) stack.push(k);
    }
  }
  return undefined;
}

/**
 * Parses consecutive simple chunks (`texts`, adjacent in the document) as one
 * text and copies each chunk's statements from that one tree: one parse
 * instead of many (each parse has a fixed cost: a tree and a cursor). Null when
 * the run does not parse cleanly into statements that each lie in one chunk;
 * the caller then parses the chunks one by one.
 */
function parseChunkRun(parser: Parser, texts: readonly string[]): ChunkSyntax[] | null {
  const kinds = kindsOf(parser.language);
  const joined = texts.join('');
  const tree = parsePython(parser, joined);
  try {
    if (tree.rootNode.hasError) return null;
    const walker = walkTree(tree);
    try {
      if (kindAt(walker, kinds).type !== 'module' || !walker.gotoFirstChild()) return null;
      const out: ChunkSyntax[] = [];
      let j = -1;
      let origin = 0;
      let end = 0;
      let chunk: ChunkSyntax | null = null;
      do {
        const field = fieldAt(walker, kinds);
        if (field === null && !kindAt(walker, kinds).named) continue;
        const start = walker.startIndex();
        while (start >= end) {
          if (chunk && chunk.statements.length === 0) return null;
          if (++j >= texts.length) return null;
          origin = end;
          end += texts[j].length;
          const text = texts[j];
          chunk = { home: { text, base: 0, parser, pending: [], kinds }, statements: [], fields: [], rootStart: 0, rootEnd: text.length };
          out.push(chunk);
        }
        if (walker.endIndex() > end || !chunk) return null;
        chunk.statements.push(copyNode(walker, chunk.home, 'module', true, origin));
        chunk.fields.push(field);
      } while (walker.gotoNextSibling());
      // Each chunk but the last was checked when the next one began; the last holds the last statement.
      return out.length === texts.length ? out : null;
    } finally {
      walker.close();
    }
  } finally {
    tree.delete();
  }
}

/** The chunks of a document's last parse, in order. */
interface Parsed {
  readonly text: string;
  readonly split: Split;
  /** Undefined for the chunks a parse with `until` left out. */
  readonly chunks: readonly (ChunkSyntax | undefined)[];
}

/**
 * The chunks of a document's previous parse: after a keystroke most chunks
 * are unchanged and are reused (moved to their new offsets) instead of parsed
 * again. Those before and after the change are found by place, the others by
 * their text (a chunk cut and pasted elsewhere). A chunk's syntax depends only
 * on its text, so the result equals a fresh parse (test/incremental.test.ts).
 */
export class SyntaxCache {
  constructor(readonly options: ParseOptions = {}) {}
  /** Internal: the last parse. */
  last: Parsed | null = null;
  /** Chunks parsed, reused and left out (see SkipChunk) by the last parse. */
  parsed = 0;
  reused = 0;
  skipped = 0;
  /** The first chunk the last parse parsed because an edit changed it; -1 when none (a first parse, or chunks never parsed before). */
  edited = -1;
}

function chunkEnd(starts: readonly number[], k: number, length: number): number {
  return k + 1 < starts.length ? starts[k + 1] : length;
}

/** For each new chunk, the old chunk with the same text, found by place: in the unchanged text before or after the change. */
function reuseByPlace(last: Parsed, source: string, starts: readonly number[], prefix: number, suffix: number): (ChunkSyntax | undefined)[] {
  const out: (ChunkSyntax | undefined)[] = new Array(starts.length);
  const delta = source.length - last.text.length;
  const suffixStart = source.length - suffix;
  const oldStarts = last.split.starts;
  let j = 0;
  for (let k = 0; k < starts.length; k++) {
    const a = starts[k];
    const b = chunkEnd(starts, k, source.length);
    if (b > prefix && a < suffixStart) continue;
    const oldStart = b <= prefix ? a : a - delta;
    while (j < oldStarts.length && oldStarts[j] < oldStart) j++;
    if (j < oldStarts.length && oldStarts[j] === oldStart && chunkEnd(oldStarts, j, last.text.length) === (b <= prefix ? b : b - delta)) out[k] = last.chunks[j];
  }
  return out;
}

/**
 * The syntax of `source`: a `module` node whose children are the statements of
 * all chunks in order. Equal to the copy of a whole-file parse for valid code.
 * With `until`, the chunks that start after that offset are parsed only if
 * reused from the last parse, and the module ends before the first chunk left
 * out (for a run that stops there).
 */
/**
 * Decides whether a chunk that would have to be parsed may be left out (its
 * statements then do not run): `start`/`end` are its span, `limit` the end of
 * the last chunk a parse with `until` keeps. Never asked about the first
 * chunk, nor about one that ends inside brackets (chunks.ts).
 */
export type SkipChunk = (start: number, end: number, limit: number) => boolean;

export function parseModule(parser: Parser, source: string, cache?: SyntaxCache, until = Infinity, skip?: SkipChunk, options: ParseOptions = cache?.options ?? {}): SyntaxNode {
  const chunkRuns = options.chunkRuns ?? true;
  const eagerBodiesMax = options.eagerBodiesMax ?? EAGER_BODIES_MAX;
  const last = cache?.last;
  let split: Split;
  let chunks: (ChunkSyntax | undefined)[];
  let byText: Map<string, ChunkSyntax[]> | null = null;
  /** The changed text since the last parse (none on a first parse). */
  let changedFrom = Infinity;
  let changedTo = -1;
  if (last) {
    const edited = chunksAfterEdit(last.text, last.split, source);
    changedFrom = edited.prefix;
    changedTo = source.length - edited.suffix;
    split = edited;
    chunks = reuseByPlace(last, source, edited.starts, edited.prefix, edited.suffix);
    // The old chunks not reused by place, by text, for the new chunks around the change.
    const used = new Set(chunks);
    byText = new Map();
    for (const chunk of last.chunks) {
      if (!chunk || used.has(chunk)) continue;
      const list = byText.get(chunk.home.text);
      if (list) list.push(chunk);
      else byText.set(chunk.home.text, [chunk]);
    }
  } else {
    split = splitChunks(source);
    chunks = new Array(split.starts.length);
  }
  const starts = split.starts;
  const kids: SyntaxNode[] = [];
  const fields: (string | null)[] = [];
  let parsed = 0;
  let skipped = 0;
  let edited = -1;
  const isEdit = (j: number): boolean => chunkEnd(starts, j, source.length) >= changedFrom && starts[j] <= changedTo;
  /** Chunk starts after a chunk that ends inside brackets (chunks.ts). */
  const recovered = new Set(split.recovered);
  /** The chunks parsed or reused so far are all of them from the first (no chunk after `until` left out yet). */
  let whole = true;
  // Where the chunks this parse keeps end (asked only by `skip`).
  let limit = source.length;
  if (skip && until < source.length) {
    for (let k = 0; k < starts.length; k++) {
      if (starts[k] > until) {
        limit = starts[k];
        break;
      }
    }
  }
  let lastChunk = chunks[0] as ChunkSyntax;
  for (let k = 0; k < starts.length; k++) {
    const base = starts[k];
    let chunk = chunks[k];
    if (!chunk) {
      if (base > until) {
        // Not needed by this parse: left for a later one.
        whole = false;
        continue;
      }
      const end = chunkEnd(starts, k, source.length);
      const slice = source.slice(base, end);
      chunk = byText?.get(slice)?.pop();
      // A chunk that ends inside brackets is broken: it is never left out (see SkipChunk).
      if (!chunk && k > 0 && skip && !recovered.has(end) && skip(base, end, limit)) {
        skipped++;
        continue;
      }
      if (!chunk && chunkRuns && isSimpleChunk(slice) && !recovered.has(base) && !recovered.has(end)) {
        // Simple statements that follow, and must be parsed too, are parsed with it in one run (none of them
        // starts or ends inside brackets; the skip rule takes only definitions, never simple statements).
        const texts = [slice];
        let size = slice.length;
        for (let j = k + 1; j < starts.length && texts.length < MAX_RUN_CHUNKS && starts[j] <= until && !chunks[j]; j++) {
          const nextEnd = chunkEnd(starts, j, source.length);
          const next = source.slice(starts[j], nextEnd);
          if (size + next.length > MAX_RUN_TEXT || !isSimpleChunk(next) || byText?.has(next) || recovered.has(starts[j]) || recovered.has(nextEnd)) break;
          texts.push(next);
          size += next.length;
        }
        const run = texts.length > 1 ? parseChunkRun(parser, cache ? texts.map(detach) : texts) : null;
        if (run) {
          for (let i = 1; i < run.length; i++) chunks[k + i] = run[i];
          chunk = run[0];
          parsed += run.length;
          for (let i = 0; i < run.length && edited === -1; i++) if (isEdit(k + i)) edited = k + i;
        }
      }
      if (!chunk) {
        // Bodies wait until a call reads them (most are never called), except in a chunk an edit changed: the
        // user types there, and it runs next; copied whole, it is not parsed a second time for its bodies.
        // A small file's bodies are copied at once: most are called, and the copy costs less than a second parse.
        const changed = isEdit(k);
        chunk = parseChunk(parser, cache ? detach(slice) : slice, !changed && source.length > eagerBodiesMax);
        parsed++;
        if (changed && edited === -1) edited = k;
      }
      chunks[k] = chunk;
    }
    // Every chunk kept is moved to its place, those after `until` too (a checkpoint may refer to them).
    chunk.home.base = base;
    if (!whole) continue;
    lastChunk = chunk;
    for (let i = 0; i < chunk.statements.length; i++) {
      kids.push(chunk.statements[i]);
      fields.push(chunk.fields[i]);
    }
  }
  const first = chunks[0] as ChunkSyntax;
  if (cache) {
    cache.last = { text: source, split: { starts, recovered: split.recovered }, chunks };
    cache.parsed = parsed;
    cache.edited = edited;
    cache.reused = starts.length - parsed - skipped;
    cache.skipped = skipped;
  }
  // The module node keeps no text: its statements point to it, and a chunk kept after the document moved on
  // (by a checkpoint) would keep that version's whole text alive through it. Its statements have their text.
  const root = new SyntaxNode('module', true, textlessHome(), first.rootStart, lastChunk.home.base + lastChunk.rootEnd);
  root.adopt(kids, fields.some((f) => f !== null) ? fields : null);
  return root;
}
