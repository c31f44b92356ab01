// Splitting a Python source into top-level chunks: runs of whole top-level
// statements that can be parsed on their own and give the same syntax as the
// whole file does at that place. Each chunk starts on a line where a new
// top-level statement begins and runs up to the next chunk; the blank and
// comment lines after a statement belong to its chunk (tree-sitter also puts
// them after, or inside the body of, that statement).
//
// A line starts a chunk when all of these hold (the first statement's chunk
// also holds the blank and comment lines before it):
//   - its first character is at column 0 and is not whitespace or `#`;
//   - it is outside brackets and strings (triple-quoted strings, f-string
//     replacement fields spanning lines), and the line before does not end in
//     a backslash continuation;
//   - it is not a clause continuing the statement before (`else`, `elif`,
//     `except`, `finally`), and the statement before is not a decorator (a
//     decorated definition is one statement).
// Valid Python has a statement boundary there, so a chunked parse of valid
// code equals the whole-file parse.
//
// Recovery for broken code: a column-0 line beginning `def `, `async def`,
// `class `, `import ` or `from <module> import` also starts a chunk when it is
// inside brackets (or the code of an f-string replacement field), and every
// bracket is then forgotten. These keywords can never occur there in valid
// Python (`yield from x` can, hence the `import` required after `from`).
// A chunk that so ends inside brackets (or ends the file inside them) is
// certainly broken, and is scanned again: in it, every column-0 line that
// begins with a name and is inside brackets also starts a chunk, forgetting
// the brackets (`@` is not a name: it may continue a product). Both rules only
// change files that do not parse anyway (in valid code brackets close before
// the next statement and before the end of the file), and keep an unclosed
// `(` typed mid-file from making the rest of the file one chunk. Lines inside
// the text of a triple-quoted string are never split (docstrings hold code
// examples).
//
//   chunkStarts('import keras\nx = f(\n  1)\ndef g():\n    pass\n')  // [0, 13, 25]

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const FF = 12;
const HASH = 35;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COLON = 58;
const AT = 64;

/** What the scanner is inside of. */
const enum Kind {
  /** Code of a replacement field `{...}` of an f-string. */
  Field,
  /** The format spec after `:` in a replacement field. */
  Spec,
  /** The text of a string literal. */
  Text,
}

interface Frame {
  kind: Kind;
  /** Open brackets (Field). */
  depth: number;
  /** Quote character, triple-quoted, f-string, raw (Text). */
  quote: number;
  triple: boolean;
  fmt: boolean;
  raw: boolean;
}

/** Characters that matter in code (1) and in the text of a string (2). */
const SPECIAL = new Uint8Array(128);
for (const ch of '\n#\\"\'()[]{}:') SPECIAL[ch.charCodeAt(0)] |= 1;
for (const ch of '\n\\"\'{') SPECIAL[ch.charCodeAt(0)] |= 2;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** The string prefix letters just before `quote` (at most two, not part of a longer name): flags f and r. */
function prefixBefore(text: string, quote: number): { fmt: boolean; raw: boolean } {
  let j = quote;
  let fmt = false;
  let raw = false;
  while (j > 0 && quote - j < 2) {
    const c = text.charCodeAt(j - 1) | 0x20;
    if (c === 102 /* f */ || c === 116 /* t */) fmt = true;
    else if (c === 114 /* r */) raw = true;
    else if (c !== 98 /* b */ && c !== 117 /* u */) break;
    j--;
  }
  if (j > 0 && isIdentChar(text.charCodeAt(j - 1))) return { fmt: false, raw: false };
  return { fmt, raw };
}

function startsWord(text: string, at: number, word: string): boolean {
  return text.startsWith(word, at) && !isIdentChar(text.charCodeAt(at + word.length));
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === FF;
}

/** A column-0 line that can only begin a statement: `def`, `async def`, `class`, `import`, `from <module> import`. */
function startsDefinitionOrImport(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 100 /* d */) return startsWord(text, at, 'def');
  if (c === 99 /* c */) return startsWord(text, at, 'class');
  if (c === 105 /* i */) return startsWord(text, at, 'import');
  if (c === 97 /* a */) {
    if (!startsWord(text, at, 'async')) return false;
    let i = at + 5;
    while (isSpace(text.charCodeAt(i))) i++;
    return i > at + 5 && startsWord(text, i, 'def');
  }
  if (c === 102 /* f */) {
    if (!startsWord(text, at, 'from')) return false;
    let i = at + 4;
    while (isSpace(text.charCodeAt(i))) i++;
    if (i === at + 4) return false;
    const name = i;
    while (text.charCodeAt(i) === 46 /* . */ || isIdentChar(text.charCodeAt(i))) i++;
    if (i === name) return false;
    const gap = i;
    while (isSpace(text.charCodeAt(i))) i++;
    return i > gap && startsWord(text, i, 'import');
  }
  return false;
}

/** A column-0 clause that continues the statement before it. */
function continuesStatement(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 101 /* e */) return startsWord(text, at, 'else') || startsWord(text, at, 'elif') || startsWord(text, at, 'except');
  if (c === 102 /* f */) return startsWord(text, at, 'finally');
  return false;
}

/** Chunk starts, and those among them that recover from an unclosed bracket (see the top of this file). */
export interface Split {
  /** Ascending; the first is 0. Chunk i spans [starts[i], starts[i + 1]) (the last one runs to the end). */
  readonly starts: number[];
  /** Ascending, a subset of `starts`. */
  readonly recovered: number[];
}

/** Start offsets of the top-level chunks of `text`. One pass over the text (two over unclosed brackets), no recursion. */
export function chunkStarts(text: string): number[] {
  return splitChunks(text).starts;
}

export function splitChunks(text: string): Split {
  return scan(text, 0, { starts: [], recovered: [] }, null, -1);
}

/** Length of the longest common prefix of `a` and `b` (native comparisons, binary search). */
function commonPrefix(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the longest common suffix of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let lo = 0;
  let hi = limit;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The chunks of `text`, given those of an earlier version `old`: equal to
 * `splitChunks(text)`, but only the part around the change is scanned. The
 * scanner's state at a chunk start outside brackets is always the same
 * (nothing open), and what follows depends only on the text after it, so
 * scanning resumes at the last such start before the change whose line the
 * change does not touch, and stops at the first such start after the change
 * that was also one in `old` (the rest of the text is the same, and so are the
 * chunks, moved by the change in length).
 */
export function chunksAfterEdit(old: string, oldSplit: Split, text: string): EditedSplit {
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  const delta = text.length - old.length;
  const oldStarts = oldSplit.starts;
  const resume: Resume = { old: oldSplit, suffixStart: text.length - suffix, delta };
  // The last start outside brackets whose line (read to decide it) ends before the first change.
  let k = oldStarts.length - 1;
  while (k > 0) {
    const s = oldStarts[k];
    const eol = old.indexOf('\n', s);
    if (s < prefix && eol !== -1 && eol < prefix && indexOf(oldSplit.recovered, s) === -1) break;
    k--;
  }
  const from = k === 0 ? 0 : oldStarts[k];
  const split = scan(text, from, { starts: oldStarts.slice(0, k), recovered: oldSplit.recovered.filter((r) => r < from) }, resume, -1);
  return { ...split, prefix, suffix };
}

/** The chunks after an edit, and how much of the text before and after the change is unchanged. */
export interface EditedSplit extends Split {
  /** `text` and the old text agree on their first `prefix` and last `suffix` characters (not overlapping). */
  readonly prefix: number;
  readonly suffix: number;
}

/** Where `scan` may stop early: from `suffixStart` on, `text` equals the old text moved by `delta`. */
interface Resume {
  readonly old: Split;
  readonly suffixStart: number;
  readonly delta: number;
}

/** Index of `x` in the ascending `xs`, or -1. */
function indexOf(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] === x) return mid;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** An identifier's first character. */
function startsName(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

/**
 * Scans `text` from `from` (0, or a chunk start outside brackets, where
 * nothing is open), appending chunk starts to `out` (which holds those before
 * `from`). With `until` ≥ 0, re-scans the chunk [from, until) that ended inside
 * brackets, adding the starts that recover from them.
 */
function scan(text: string, from: number, out: Split, resume: Resume | null, until: number): Split {
  const recovering = until >= 0;
  const n = recovering ? until : text.length;
  const starts = out.starts;
  /** Open strings and replacement fields, innermost last; empty at top level. */
  const stack: Frame[] = [];
  /** Open brackets in top-level code. */
  let depth = 0;
  /** The last line ended in a backslash continuation. */
  let continued = false;
  /** The last top-level statement begun is a decorator: the definition it decorates belongs to it. */
  let decorating = recovering && text.charCodeAt(from) === AT;
  /** A statement has begun: the lines before the first one belong to its chunk. */
  let begun = from > 0 || recovering;
  /** The start of the current chunk outside brackets. */
  let chunk = from;
  /** The rest of the starts are known (`resume`). */
  let done = false;
  let i = from;
  if (from === 0 && !recovering) starts.push(0);

  const push = (at: number): void => {
    starts.push(at);
    chunk = at;
    if (!resume || at < resume.suffixStart) return;
    const old = resume.old;
    const k = indexOf(old.starts, at - resume.delta);
    if (k === -1 || indexOf(old.recovered, at - resume.delta) !== -1) return;
    for (let j = k + 1; j < old.starts.length; j++) starts.push(old.starts[j] + resume.delta);
    for (const r of old.recovered) if (r > at - resume.delta) out.recovered.push(r + resume.delta);
    done = true;
  };

  /** Called at the start of each line that is not inside the text of a string. */
  const lineStart = (at: number): void => {
    if (at >= n) return;
    const c = text.charCodeAt(at);
    if (isSpace(c)) {
      // An indented first statement (broken code) also begins the first chunk.
      if (!begun && depth === 0 && stack.length === 0) {
        let j = at;
        while (isSpace(text.charCodeAt(j))) j++;
        const d = text.charCodeAt(j);
        begun = j < n && d !== HASH && d !== CR && d !== NL;
      }
      return;
    }
    if (c === HASH || c === CR || c === NL) return;
    if (depth > 0 || stack.length > 0) {
      if (recovering) {
        // In a chunk that ends inside brackets: every name at column 0 begins a statement.
        if (!startsName(c)) return;
        depth = 0;
        stack.length = 0;
        continued = false;
        decorating = false;
        starts.push(at);
        out.recovered.push(at);
        return;
      }
      if (!startsDefinitionOrImport(text, at)) return;
      scan(text, chunk, out, null, at);
      depth = 0;
      stack.length = 0;
      continued = false;
    } else if (continued) {
      return;
    } else if (decorating || continuesStatement(text, at)) {
      decorating = c === AT;
      begun = true;
      return;
    }
    decorating = c === AT;
    if (recovering) {
      starts.push(at);
      out.recovered.push(at);
    } else if (begun) {
      push(at);
    }
    begun = true;
  };

  if (!recovering) lineStart(from);
  while (i < n && !done) {
    const top = stack.length > 0 ? stack[stack.length - 1] : null;
    const inText = top !== null && top.kind === Kind.Text;
    // Skip the characters that change nothing (most of them) in a tight loop.
    const mask = inText ? 2 : 1;
    let c = text.charCodeAt(i);
    while ((c >= 128 || (SPECIAL[c] & mask) === 0) && ++i < n) c = text.charCodeAt(i);
    if (i >= n) break;
    if (inText) {
      if (c === BACKSLASH) {
        // An escape: the next character (a quote, a newline) does not end the string.
        if (top.fmt && !top.raw && text.charCodeAt(i + 1) === 78 /* N */ && text.charCodeAt(i + 2) === LBRACE) {
          const close = text.indexOf('}', i + 3);
          const eol = text.indexOf('\n', i + 3);
          i = close !== -1 && (eol === -1 || close < eol) ? close + 1 : i + 3;
        } else {
          i += text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === NL ? 3 : 2;
        }
        continue;
      }
      if (c === top.quote) {
        if (!top.triple) {
          stack.pop();
          i++;
          continue;
        }
        if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
          stack.pop();
          i += 3;
          continue;
        }
        i++;
        continue;
      }
      if (c === NL) {
        i++;
        if (!top.triple) {
          // An unterminated single-quoted string ends at the end of its line.
          stack.pop();
          continued = false;
          if (stack.length === 0 || stack[stack.length - 1].kind !== Kind.Text) lineStart(i);
        }
        continue;
      }
      if (top.fmt && c === LBRACE) {
        if (text.charCodeAt(i + 1) === LBRACE) {
          i += 2;
          continue;
        }
        stack.push({ kind: Kind.Field, depth: 0, quote: 0, triple: false, fmt: false, raw: false });
        i++;
        continue;
      }
      i++;
      continue;
    }
    if (top && top.kind === Kind.Spec) {
      if (c === LBRACE) stack.push({ kind: Kind.Field, depth: 0, quote: 0, triple: false, fmt: false, raw: false });
      else if (c === RBRACE) stack.length -= 2; // the spec and its replacement field
      else if (c === NL && !top.triple) {
        // A single-quoted string ends at the end of its line (broken code): leave the spec, the field and the string.
        stack.length -= 3;
        i++;
        continued = false;
        if (stack.length === 0 || stack[stack.length - 1].kind !== Kind.Text) lineStart(i);
        continue;
      } else if (c === top.quote && (!top.triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
        // The string closes inside the spec (broken code): leave the field and the string.
        stack.length -= 3;
        i += top.triple ? 3 : 1;
        continue;
      }
      i++;
      continue;
    }
    // Code: top level (no frame) or a replacement field.
    switch (c) {
      case NL: {
        i++;
        continued = false;
        // Indented lines (most of them) start nothing.
        const first = text.charCodeAt(i);
        if ((first !== SPACE && first !== TAB) || !begun) lineStart(i);
        continue;
      }
      case HASH: {
        const eol = text.indexOf('\n', i);
        i = eol === -1 ? n : eol;
        continue;
      }
      case BACKSLASH:
        if (text.charCodeAt(i + 1) === NL) {
          i += 2;
          continued = true;
          lineStart(i);
          continue;
        }
        if (text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === NL) {
          i += 3;
          continued = true;
          lineStart(i);
          continue;
        }
        i++;
        continue;
      case DQUOTE:
      case SQUOTE: {
        const { fmt, raw } = prefixBefore(text, i);
        const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
        stack.push({ kind: Kind.Text, depth: 0, quote: c, triple, fmt, raw });
        i += triple ? 3 : 1;
        continue;
      }
      case LPAREN:
      case LBRACKET:
      case LBRACE:
        if (top) top.depth++;
        else depth++;
        i++;
        continue;
      case RPAREN:
      case RBRACKET:
      case RBRACE:
        if (top) {
          if (top.depth > 0) top.depth--;
          else if (c === RBRACE) stack.pop(); // end of the replacement field
        } else if (depth > 0) {
          depth--;
        }
        i++;
        continue;
      case COLON:
        if (top && top.depth === 0) {
          // The format spec: text up to the `}` closing the field. `outer` is the string (or an enclosing spec).
          const outer = stack[stack.length - 2];
          stack.push({ kind: Kind.Spec, depth: 0, quote: outer.quote, triple: outer.triple, fmt: false, raw: false });
        }
        i++;
        continue;
      default:
        i++;
    }
  }
  // The last chunk ends inside brackets: recover in it too.
  if (!recovering && !done && (depth > 0 || stack.length > 0)) scan(text, chunk, out, null, n);
  return out;
}
