// Jupyter notebooks as one Python program: the code cells in order, as "Run
// All" runs them, joined by line breaks. IPython's own syntax is blanked with
// text of the same length, so every offset in a cell is the same offset in the
// program minus where the cell starts:
//
//   !pip install keras            →  ...                      (a line magic or shell line)
//   %matplotlib inline            →  ...
//   files = !ls                   →  files = ...
//   model.summary?                →  ...                      (help)
//   %%time  (then Python)         →  the magic line blanked, the rest kept
//   %%bash / %%writefile / …      →  the whole cell blanked (not Python)
//
// A NotebookProgram maps program offsets to (cell, offset in the cell) and
// back. parseNotebook reads an .ipynb file (nbformat 4) into its cells, or
// says clearly why it cannot; notebookSourceMap says where in the file each
// cell's text is written. Pure: no editor or file-system types.

/** Cell magics whose body is still Python (IPython runs it). */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun']);

const ASSIGNED_MAGIC = /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)[!%]/;
const HELP_LINE = /^(?:\?{1,2}\s*[\w.*]+|[\w.*[\]]+\s*\?{1,2})\s*$/;
const CELL_MAGIC = /^%%([\w-]*)/;
/** A line that may be IPython syntax; a cell without one is plain Python, and is not scanned. */
const MAYBE_IPYTHON = /^[ \t]*(?:[!%?]|[A-Za-z_][\w., \t]*=[ \t]*[!%])|\?[ \t]*$/m;

/** `length` characters of filler: `...` (a harmless Python expression) then spaces, or spaces when shorter. */
function filler(length: number): string {
  return length >= 3 ? '...' + ' '.repeat(length - 3) : ' '.repeat(length);
}

/** The text with every character but line breaks turned into a space. */
function blankAll(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/** Lines with their line breaks. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function lineBody(line: string): string {
  return line.replace(/(?:\r\n|\r|\n)$/, '');
}

/** Where a line of Python leaves the scanner: in a triple-quoted string, in brackets, or after a backslash. */
interface ScanState {
  quote: string | null;
  depth: number;
  continued: boolean;
}

function scanLine(body: string, state: ScanState): void {
  let i = 0;
  while (i < body.length) {
    if (state.quote !== null) {
      const c = body[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (body.startsWith(state.quote, i)) {
        i += state.quote.length;
        state.quote = null;
        continue;
      }
      i++;
      continue;
    }
    const c = body[i];
    if (c === '#') break;
    if (c === '"' || c === "'") {
      const triple = c.repeat(3);
      if (body.startsWith(triple, i)) {
        state.quote = triple;
        i += 3;
        continue;
      }
      // A one-line string: skip to its closing quote.
      i++;
      while (i < body.length && body[i] !== c) i += body[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') state.depth++;
    else if (c === ')' || c === ']' || c === '}') state.depth = Math.max(0, state.depth - 1);
    i++;
  }
  state.continued = state.quote === null && body.endsWith('\\');
}

/** Where the IPython part of a line starts (a line magic, shell command or help), or -1 for plain Python. */
function magicStart(body: string): number {
  const stripped = body.trimStart();
  const indent = body.length - stripped.length;
  if (stripped.startsWith('!') || stripped.startsWith('%')) return indent;
  const assigned = ASSIGNED_MAGIC.exec(stripped);
  if (assigned) return indent + assigned[1].length;
  if (HELP_LINE.test(stripped)) return indent;
  return -1;
}

export interface CellPython {
  /** The cell's text with IPython syntax blanked; the same length and line breaks as the cell. */
  readonly text: string;
  /** False for a cell whose cell magic makes it another language (`%%bash`, `%%writefile`, …): all blank. */
  readonly python: boolean;
}

/** The Python of one code cell: IPython syntax blanked with same-length filler (see the file comment). */
export function cellPython(text: string): CellPython {
  if (!MAYBE_IPYTHON.test(text)) return { text, python: true };
  const lines = splitLines(text);
  const first = lines.findIndex((l) => lineBody(l).trim() !== '');
  let from = 0;
  if (first !== -1) {
    const magic = CELL_MAGIC.exec(lineBody(lines[first]).trimStart());
    if (magic) {
      if (!PYTHON_CELL_MAGICS.has(magic[1])) return { text: blankAll(text), python: false };
      from = first + 1;
    }
  }
  const out = lines.slice(0, from).map(blankAll);
  const state: ScanState = { quote: null, depth: 0, continued: false };
  let inMagic = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    const body = lineBody(line);
    const ending = line.slice(body.length);
    if (inMagic) {
      // The continuation lines of a magic ending in a backslash.
      out.push(blankAll(body) + ending);
      inMagic = body.endsWith('\\');
      continue;
    }
    const atStatement = state.quote === null && state.depth === 0 && !state.continued;
    const start = atStatement ? magicStart(body) : -1;
    if (start === -1) {
      out.push(line);
      scanLine(body, state);
      continue;
    }
    out.push(body.slice(0, start) + filler(body.length - start) + ending);
    inMagic = body.endsWith('\\');
  }
  return { text: out.join(''), python: true };
}

/** One cell given to a program: its text, and whether it is a Python code cell (others are left out). */
export interface CellSource {
  readonly text: string;
  readonly code: boolean;
  /** cellPython(text), when the caller kept it from before. */
  readonly python?: CellPython;
}

/** Where a code cell sits in the program. */
export interface ProgramCell {
  /** Index of the cell in the cells the program was built from (markdown cells count). */
  readonly cell: number;
  /** Program offset of the cell's first character. */
  readonly start: number;
  /** Program offset just after the cell's last character (the cell's length after `start`). */
  readonly end: number;
  /** False when a cell magic makes it another language: it is blank in the program. */
  readonly python: boolean;
}

/** A position in a cell: the cell's index among the given cells, and the offset in its text. */
export interface CellOffset {
  readonly cell: number;
  readonly offset: number;
}

export class NotebookProgram {
  private constructor(
    /** The program: the code cells' Python, in order, each ending with a line break. */
    readonly text: string,
    /** The code cells, in program order. */
    readonly cells: readonly ProgramCell[],
  ) {}

  static build(cells: readonly CellSource[]): NotebookProgram {
    let text = '';
    const placed: ProgramCell[] = [];
    cells.forEach((cell, index) => {
      if (!cell.code) return;
      const python = cell.python ?? cellPython(cell.text);
      const start = text.length;
      text += python.text;
      placed.push({ cell: index, start, end: text.length, python: python.python });
      if (!/[\r\n]$/.test(python.text)) text += '\n';
    });
    return new NotebookProgram(text, placed);
  }

  /**
   * The program cell holding `offset` (at a boundary, the cell that starts
   * there; on the line break after a cell, that cell); undefined before the
   * first code cell or when there is none.
   */
  cellAt(offset: number): ProgramCell | undefined {
    let low = 0;
    let high = this.cells.length - 1;
    let found: ProgramCell | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.cells[mid].start <= offset) {
        found = this.cells[mid];
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** The cell and offset in it of a program offset (clamped to the cell's end). */
  locate(offset: number): CellOffset | undefined {
    const c = this.cellAt(offset);
    return c && { cell: c.cell, offset: Math.min(offset, c.end) - c.start };
  }

  /** Offsets where the program's lines start, made when first needed. */
  private lineStarts: number[] | undefined;

  /** The 0-based line of a program offset. */
  private programLine(offset: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        const c = this.text.charCodeAt(i);
        if (c === 13 && this.text.charCodeAt(i + 1) === 10) continue;
        if (c === 10 || c === 13) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The cell and the line in it (both 0-based) of a program offset; undefined before the first code cell. */
  cellLine(offset: number): { cell: number; line: number } | undefined {
    const c = this.cellAt(offset);
    // A cell starts at a line's start: its lines are the program's from there.
    return c && { cell: c.cell, line: this.programLine(Math.min(offset, c.end)) - this.programLine(c.start) };
  }

  /** The cell and the line in it (both 0-based) of a 1-based line of the program; undefined outside every cell. */
  cellOfLine(line: number): { cell: number; line: number } | undefined {
    this.programLine(0);
    const start = (this.lineStarts as number[])[line - 1];
    return start === undefined ? undefined : this.cellLine(start);
  }

  /** The program cell of a given cell index, if it is a code cell. */
  programCell(cell: number): ProgramCell | undefined {
    return this.cells.find((c) => c.cell === cell);
  }

  /** The program offset of an offset in a cell (clamped to the cell), if the cell is a code cell. */
  offsetOf(cell: number, offset: number): number | undefined {
    const c = this.programCell(cell);
    return c && c.start + Math.max(0, Math.min(offset, c.end - c.start));
  }

  /**
   * A program range in the cell where it starts, clipped to that cell: `end`
   * is at most the cell's end. Undefined when it starts outside every cell.
   */
  locateRange(start: number, end: number): { cell: number; start: number; end: number } | undefined {
    const c = this.cellAt(start);
    if (!c) return undefined;
    const from = Math.min(start, c.end);
    return { cell: c.cell, start: from - c.start, end: Math.max(from, Math.min(end, c.end)) - c.start };
  }
}

// ------------------------------------------------------------------ .ipynb

export type NotebookCellKind = 'code' | 'markdown' | 'raw';

export interface NotebookFileCell {
  readonly kind: NotebookCellKind;
  readonly text: string;
}

export type NotebookFile =
  | {
      readonly ok: true;
      readonly nbformat: number;
      /** The kernel's language (`metadata.kernelspec.language` or `metadata.language_info.name`), when given. */
      readonly language: string | undefined;
      readonly cells: readonly NotebookFileCell[];
    }
  | { readonly ok: false; readonly error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The notebook's language from its metadata, lower case. */
function notebookLanguage(metadata: unknown): string | undefined {
  if (!isRecord(metadata)) return undefined;
  const spec = metadata.kernelspec;
  if (isRecord(spec) && typeof spec.language === 'string') return spec.language.toLowerCase();
  const info = metadata.language_info;
  if (isRecord(info) && typeof info.name === 'string') return info.name.toLowerCase();
  return undefined;
}

/**
 * An .ipynb file's cells (nbformat 4; `source` a string or a list of
 * strings). Outputs and execution counts are ignored. Never throws: a file
 * that is not a notebook we know gives `{ok: false, error}`.
 */
export function parseNotebook(json: string): NotebookFile {
  let data: unknown;
  try {
    data = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch (e) {
    let message = e instanceof Error ? e.message : String(e);
    // Older engines say only "at position N": add the line and column.
    const at = /at position (\d+)$/.exec(message);
    if (at) {
      const before = json.slice(0, Number(at[1])).split(/\r\n|\r|\n/);
      message += ` (line ${before.length} column ${before[before.length - 1].length + 1})`;
    }
    return { ok: false, error: `not valid JSON: ${message}` };
  }
  if (!isRecord(data)) return { ok: false, error: 'not a notebook: the JSON is not an object' };
  const nbformat = data.nbformat;
  if (nbformat === undefined) return { ok: false, error: 'not a notebook: no "nbformat" field' };
  if (nbformat !== 4) return { ok: false, error: `nbformat ${JSON.stringify(nbformat)} is not supported (only nbformat 4)` };
  if (!Array.isArray(data.cells)) return { ok: false, error: 'not a notebook: "cells" is not a list' };
  const cells: NotebookFileCell[] = [];
  for (const [i, cell] of data.cells.entries()) {
    if (!isRecord(cell) || typeof cell.cell_type !== 'string') return { ok: false, error: `cell ${i + 1} has no "cell_type"` };
    const source = cell.source;
    let text: string;
    if (typeof source === 'string') text = source;
    else if (Array.isArray(source) && source.every((s): s is string => typeof s === 'string')) text = source.join('');
    else return { ok: false, error: `cell ${i + 1}: "source" is not a string or a list of strings` };
    const kind: NotebookCellKind = cell.cell_type === 'code' ? 'code' : cell.cell_type === 'markdown' ? 'markdown' : 'raw';
    cells.push({ kind, text });
  }
  return { ok: true, nbformat, language: notebookLanguage(data.metadata), cells };
}

/** Whether a notebook's language (from parseNotebook) is Python; a notebook that does not say is taken as Python. */
export function isPythonLanguage(language: string | undefined): boolean {
  return language === undefined || language === 'python' || language === 'python3' || language === 'ipython';
}

/** The program of a parsed notebook file: its code cells (all of them, in a Python notebook). */
export function notebookFileProgram(cells: readonly NotebookFileCell[]): NotebookProgram {
  return NotebookProgram.build(cells.map((c) => ({ text: c.text, code: c.kind === 'code' })));
}

// ------------------------------------------- where cell text is in the file

/** A JSON value with where it is; strings by position only (keys are decoded). */
type JsonNode =
  | { readonly type: 'object'; readonly entries: ReadonlyMap<string, JsonNode> }
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  | { readonly type: 'string'; readonly start: number; readonly end: number }
  | { readonly type: 'other' };

class JsonScanner {
  private i = 0;

  constructor(private readonly text: string) {}

  /** The document's value, or undefined when it is not JSON. */
  document(): JsonNode | undefined {
    try {
      const value = this.value();
      this.space();
      return this.i === this.text.length ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\r\n\ufeff'.includes(this.text[this.i])) this.i++;
  }

  private expect(c: string): void {
    this.space();
    if (this.text[this.i] !== c) throw new SyntaxError(`expected ${c} at ${this.i}`);
    this.i++;
  }

  private value(): JsonNode {
    this.space();
    const c = this.text[this.i];
    if (c === '{') {
      this.i++;
      const entries = new Map<string, JsonNode>();
      this.space();
      if (this.text[this.i] === '}') {
        this.i++;
        return { type: 'object', entries };
      }
      for (;;) {
        this.space();
        const key = this.string();
        this.expect(':');
        entries.set(JSON.parse(this.text.slice(key.start, key.end)) as string, this.value());
        this.space();
        if (this.text[this.i++] === '}') return { type: 'object', entries };
        if (this.text[this.i - 1] !== ',') throw new SyntaxError(`expected , or } at ${this.i - 1}`);
      }
    }
    if (c === '[') {
      this.i++;
      const items: JsonNode[] = [];
      this.space();
      if (this.text[this.i] === ']') {
        this.i++;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(this.value());
        this.space();
        if (this.text[this.i++] === ']') return { type: 'array', items };
        if (this.text[this.i - 1] !== ',') throw new SyntaxError(`expected , or ] at ${this.i - 1}`);
      }
    }
    if (c === '"') return this.string();
    const start = this.i;
    while (this.i < this.text.length && !',]} \t\r\n'.includes(this.text[this.i])) this.i++;
    if (this.i === start) throw new SyntaxError(`unexpected ${c} at ${start}`);
    return { type: 'other' };
  }

  private string(): { type: 'string'; start: number; end: number } {
    if (this.text[this.i] !== '"') throw new SyntaxError(`expected a string at ${this.i}`);
    const start = this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.text.length) throw new SyntaxError('unterminated string');
    this.i++;
    return { type: 'string', start, end: this.i };
  }
}

/** The file offset of each UTF-16 unit of a JSON string token's value, then of its closing quote. */
function stringOffsets(json: string, token: { start: number; end: number }): number[] {
  const offsets: number[] = [];
  let i = token.start + 1;
  while (i < token.end - 1) {
    offsets.push(i);
    if (json[i] !== '\\') i++;
    else i += json[i + 1] === 'u' ? 6 : 2;
  }
  offsets.push(token.end - 1);
  return offsets;
}

/**
 * Where the text of each cell is written in an .ipynb file: a function from
 * (cell index, offset in the cell's text) to the file offset of the
 * character that writes it. Undefined for a file parseNotebook rejects.
 */
export function notebookSourceMap(json: string): ((cell: number, offset: number) => number | undefined) | undefined {
  const root = new JsonScanner(json).document();
  const cells = root?.type === 'object' ? root.entries.get('cells') : undefined;
  if (cells?.type !== 'array') return undefined;
  const perCell = new Map<number, number[]>();
  const offsetsOf = (cell: number): number[] | undefined => {
    let offsets = perCell.get(cell);
    if (offsets) return offsets;
    const node = cells.items[cell];
    const source = node?.type === 'object' ? node.entries.get('source') : undefined;
    const tokens = source?.type === 'string' ? [source] : source?.type === 'array' ? source.items : undefined;
    if (!tokens || tokens.some((t) => t.type !== 'string')) return undefined;
    offsets = [];
    for (const [k, t] of tokens.entries()) {
      if (t.type !== 'string') return undefined;
      const own = stringOffsets(json, t);
      // Between strings a cell offset is the next string's first character; the last string keeps its closing quote.
      offsets.push(...(k < tokens.length - 1 ? own.slice(0, -1) : own));
    }
    if (offsets.length === 0) return undefined;
    perCell.set(cell, offsets);
    return offsets;
  };
  return (cell, offset) => {
    const offsets = offsetsOf(cell);
    return offsets && offsets[Math.max(0, Math.min(offset, offsets.length - 1))];
  };
}
