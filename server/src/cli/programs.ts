// What the command line analyses of a file, and where its results are: a .py
// file is its own text, placed by line and column; a Jupyter notebook
// (.ipynb) is its code cells as one program (../python/notebook.ts), placed
// by cell (1-based, counting every cell as Jupyter lists them), then line and
// column in the cell.
import type { Diagnostic } from '../analysis';
import { LineIndex } from '../ide/positions';
import { isPythonLanguage, notebookFileProgram, notebookSourceMap, parseNotebook, type NotebookProgram } from '../python/notebook';
import { placeDiagnostics, type FileDiagnostic } from './report';

/** A place in a file, 1-based; `cell` only in a notebook. */
export interface Place {
  readonly cell?: number;
  readonly line: number;
  readonly column: number;
}

export interface Program {
  /** The Python text to analyse. */
  readonly text: string;
  place(offset: number): Place;
  placeDiagnostics(file: string, diagnostics: readonly Diagnostic[]): FileDiagnostic[];
}

export type ProgramOutcome =
  | { readonly kind: 'program'; readonly program: Program }
  /** Nothing to analyse here (a notebook of another language): warn and skip. */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** Not a file we can read as what its name says (a notebook that is not nbformat 4 JSON). */
  | { readonly kind: 'invalid'; readonly reason: string };

export function isNotebookPath(file: string): boolean {
  return /\.ipynb$/i.test(file);
}

class PythonFile implements Program {
  private readonly index: LineIndex;

  constructor(readonly text: string) {
    this.index = new LineIndex(text);
  }

  place(offset: number): Place {
    const p = this.index.position(offset);
    return { line: p.line + 1, column: p.column + 1 };
  }

  placeDiagnostics(file: string, diagnostics: readonly Diagnostic[]): FileDiagnostic[] {
    return placeDiagnostics(file, this.index, diagnostics);
  }
}

class NotebookFile implements Program {
  private readonly indexes = new Map<number, LineIndex>();
  /** Where cells' text is in the file, and the file's lines: computed for the first diagnostic. */
  private file?: { readonly map: ReturnType<typeof notebookSourceMap>; readonly lines: LineIndex };

  constructor(
    private readonly program: NotebookProgram,
    private readonly cellTexts: readonly string[],
    /** The .ipynb JSON, to say where a cell's text is written in it. */
    private readonly json: string,
  ) {}

  /** The 1-based line and column in the .ipynb file where the cell's text at `offset` is written. */
  private inFile(cell: number, offset: number): { fileLine?: number; fileColumn?: number } {
    this.file ??= { map: notebookSourceMap(this.json), lines: new LineIndex(this.json) };
    const at = this.file.map?.(cell, offset);
    if (at === undefined) return {};
    const p = this.file.lines.position(at);
    return { fileLine: p.line + 1, fileColumn: p.column + 1 };
  }

  get text(): string {
    return this.program.text;
  }

  private indexOf(cell: number): LineIndex {
    let index = this.indexes.get(cell);
    if (!index) this.indexes.set(cell, (index = new LineIndex(this.cellTexts[cell])));
    return index;
  }

  place(offset: number): Place {
    const at = this.program.locate(offset) ?? { cell: this.program.cells[0]?.cell ?? 0, offset: 0 };
    const p = this.indexOf(at.cell).position(at.offset);
    return { cell: at.cell + 1, line: p.line + 1, column: p.column + 1 };
  }

  placeDiagnostics(file: string, diagnostics: readonly Diagnostic[]): FileDiagnostic[] {
    return diagnostics.flatMap((d) => {
      const placed = this.program.locateRange(d.range.start, Math.max(d.range.start, d.range.end));
      if (!placed) return [];
      const index = this.indexOf(placed.cell);
      const start = index.position(placed.start);
      const end = index.position(placed.end);
      return [
        {
          file,
          cell: placed.cell + 1,
          ...this.inFile(placed.cell, placed.start),
          line: start.line + 1,
          column: start.column + 1,
          endLine: end.line + 1,
          endColumn: end.column + 1,
          severity: d.severity,
          code: d.code,
          message: d.message,
          sourceLine: index.lineText(start.line),
          ...(d.teach === undefined ? {} : { teach: d.teach }),
        },
      ];
    });
  }
}

/** The program of a file's text: the text itself, or a notebook's code cells. */
export function programOf(file: string, text: string): ProgramOutcome {
  if (!isNotebookPath(file)) return { kind: 'program', program: new PythonFile(text) };
  const notebook = parseNotebook(text);
  if (!notebook.ok) return { kind: 'invalid', reason: `not a readable notebook: ${notebook.error}` };
  if (!isPythonLanguage(notebook.language)) return { kind: 'skipped', reason: `not a Python notebook (language: ${notebook.language})` };
  return { kind: 'program', program: new NotebookFile(notebookFileProgram(notebook.cells), notebook.cells.map((c) => c.text), text) };
}
