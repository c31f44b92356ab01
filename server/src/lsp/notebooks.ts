// Jupyter notebooks in the language server (LSP 3.17 notebook
// synchronisation). The Python code cells of a notebook are analysed as one
// program, in cell order, as "Run All" runs them (../python/notebook.ts): the
// program lives in its own DocumentStore under the notebook's URI, so it has
// the per-document syntax cache, checkpoints and cached analysis of a file.
// Every change to the notebook (a cell's text, cells added, removed, moved or
// turned into markdown) rebuilds the program text; the analysis runs lazily,
// at most once per program version. Hints, hovers, code lenses and
// diagnostics are mapped back to the cell whose text they are in; a range
// that runs into the next cell is clipped to its own.
import {
  DiagnosticSeverity,
  MarkupKind,
  NotebookCellKind,
  type CodeLens,
  type CodeLensParams,
  type Connection,
  type Diagnostic,
  type DidChangeNotebookDocumentParams,
  type DidOpenNotebookDocumentParams,
  type Hover,
  type HoverParams,
  type InlayHint,
  type InlayHintParams,
  type NotebookCell,
  type NotebookDocumentSyncOptions,
  type Range,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { analyzeText, type AnalysisResult, type Severity } from '../analysis';
import { codeLenses } from '../ide/codeLens';
import { diagnostics as diagnosticViews } from '../ide/diagnostics';
import { msg, type Locale } from '../ide/messages';
import type { LinePlacer } from '../ide/reasons';
import type { HintOptions } from '../ide/inlayHints';
import { hoverAt } from '../ide/hover';
import { inlayHints } from '../ide/inlayHints';
import {
  cellPython,
  isPythonLanguage,
  NotebookProgram,
  notebookFileProgram,
  notebookSourceMap,
  parseNotebook,
  type CellPython,
  type ProgramCell,
} from '../python/notebook';
import type { WorkspaceModules } from './workspaceModules';
import { DocumentStore, type Snapshot } from './documents';
import type { GraphSource } from './graph';
import { analysisConfig, analysisKey, hintOptions, type Settings } from './settings';

/** The notebooks the server follows: Jupyter notebooks, their Python cells. */
export const NOTEBOOK_SYNC: NotebookDocumentSyncOptions = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
};

/** What the notebooks need from the server. */
export interface NotebookHost {
  readonly parser: () => Promise<Parser>;
  /** The settings, with the Keras version in effect for the notebook `uri` when given. */
  readonly settings: (uri?: string) => Settings;
  /** The language of what the views say (the editor's, unless a setting overrides it). */
  readonly locale: () => Locale;
  /** The client asks for hints' tooltips separately (inlayHint/resolve). */
  readonly resolvesTooltips: () => boolean;
  readonly logError: (message: string) => void;
  readonly diagnosticsDelayMs: number;
  /** The command a code lens runs, with the cell's URI and the model's index. */
  readonly summaryCommand: string;
  /** The command a graph lens runs, with the same arguments. */
  readonly graphCommand: string;
  /** How imports of the workspace's modules are read (none: they are unknown). */
  readonly modules?: WorkspaceModules;
}

/** What a notebook hint carries to find its tooltip again (as the server's own hints). */
interface HintData {
  readonly uri: string;
  readonly version: number;
  readonly offset: number;
}

interface NotebookEntry {
  readonly uri: string;
  /** Bumped whenever the program text or the cells' places change. */
  version: number;
  program: NotebookProgram;
  /** The URI of each cell of the notebook, by index (the program's cell indexes). */
  cellUris: string[];
  /** Cells whose diagnostics were last published (to clear those that left). */
  published: Set<string>;
}

/** A cell of an open notebook with its place in the program. */
interface CellAt {
  readonly entry: NotebookEntry;
  readonly version: number;
  readonly uri: string;
  readonly document: TextDocument;
  readonly cell: ProgramCell;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Yields to the message queue twice, so changes already received are applied before we answer. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function isNotebookFileUri(uri: string): boolean {
  return /\.ipynb$/i.test(uri.replace(/[?#].*$/, ''));
}

/**
 * The open notebooks as synchronised: their cells (those the client sends)
 * and the cells' text documents. (vscode-languageserver's NotebookDocuments
 * reports no change when cells only move, so the server keeps its own.)
 */
class SyncedNotebooks {
  readonly cells = new Map<string, NotebookCell[]>();
  readonly texts = new Map<string, TextDocument>();
  /** The notebook of each cell document. */
  readonly owners = new Map<string, string>();

  open(p: DidOpenNotebookDocumentParams): void {
    const uri = p.notebookDocument.uri;
    this.cells.set(uri, [...p.notebookDocument.cells]);
    for (const d of p.cellTextDocuments) this.openText(uri, d.uri, d.languageId, d.version, d.text);
  }

  /** Applies a change; false for a notebook that is not open. */
  change(p: DidChangeNotebookDocumentParams): boolean {
    const uri = p.notebookDocument.uri;
    const cells = this.cells.get(uri);
    const change = p.change.cells;
    if (!cells) return false;
    if (change?.structure) {
      const { array, didOpen, didClose } = change.structure;
      cells.splice(array.start, array.deleteCount, ...(array.cells ?? []));
      for (const d of didClose ?? []) this.closeText(d.uri);
      for (const d of didOpen ?? []) this.openText(uri, d.uri, d.languageId, d.version, d.text);
    }
    for (const data of change?.data ?? []) {
      const i = cells.findIndex((c) => c.document === data.document);
      if (i !== -1) cells[i] = data;
    }
    for (const t of change?.textContent ?? []) {
      const doc = this.texts.get(t.document.uri);
      if (doc) this.texts.set(t.document.uri, TextDocument.update(doc, t.changes, t.document.version));
    }
    return true;
  }

  close(uri: string): void {
    for (const [cell, owner] of [...this.owners]) if (owner === uri) this.closeText(cell);
    this.cells.delete(uri);
  }

  private openText(notebook: string, uri: string, languageId: string, version: number, text: string): void {
    this.texts.set(uri, TextDocument.create(uri, languageId, version, text));
    this.owners.set(uri, notebook);
  }

  private closeText(uri: string): void {
    this.texts.delete(uri);
    this.owners.delete(uri);
  }
}

export class NotebookSupport {
  private readonly notebooks = new SyncedNotebooks();
  private readonly entries = new Map<string, NotebookEntry>();
  private readonly store: DocumentStore;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Each cell's Python (its IPython syntax blanked) for its last text: a keystroke redoes only its own cell. */
  private readonly pythonOfCell = new Map<string, { readonly text: string; readonly python: CellPython }>();
  /** Notebook files checked while closed (kerasShapes/checkFile): their file-level diagnostics go when they open. */
  private readonly checkedClosed = new Set<string>();
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly host: NotebookHost,
  ) {
    this.store = new DocumentStore((uri, e) => host.logError(`analysis of ${uri} failed: ${errorText(e)}`), { modules: host.modules });
    const guarded = <T>(name: string, f: (value: T) => void) => (value: T) => {
      try {
        f(value);
      } catch (e) {
        host.logError(`${name} failed: ${errorText(e)}`);
      }
    };
    const sync = connection.notebooks.synchronization;
    sync.onDidOpenNotebookDocument(
      guarded('notebookDocument/didOpen', (p) => {
        this.notebooks.open(p);
        this.opened(p.notebookDocument.uri);
      }),
    );
    sync.onDidChangeNotebookDocument(
      guarded('notebookDocument/didChange', (p) => {
        if (this.notebooks.change(p)) this.rebuild(p.notebookDocument.uri);
      }),
    );
    sync.onDidCloseNotebookDocument(
      guarded('notebookDocument/didClose', (p) => {
        this.closed(p.notebookDocument.uri);
        this.notebooks.close(p.notebookDocument.uri);
      }),
    );
  }

  /** Whether `uri` is a cell of an open notebook (the server's handlers pass such requests here). */
  hasCell(uri: string): boolean {
    const nb = this.notebooks.owners.get(uri);
    return nb !== undefined && this.entries.has(nb);
  }

  /** Whether `uri` is an open notebook or one of its cells. */
  owns(uri: string): boolean {
    return this.entries.has(uri) || this.hasCell(uri);
  }

  private opened(uri: string): void {
    if (this.checkedClosed.delete(uri)) this.send(uri, []);
    this.rebuild(uri);
  }

  private rebuild(uri: string): void {
    const cellUris: string[] = [];
    const program = NotebookProgram.build(
      (this.notebooks.cells.get(uri) ?? []).map((cell) => {
        cellUris.push(cell.document);
        const doc = this.notebooks.texts.get(cell.document);
        const code = cell.kind === NotebookCellKind.Code && doc !== undefined && doc.languageId === 'python';
        const text = doc?.getText() ?? '';
        if (!code) return { text, code };
        let kept = this.pythonOfCell.get(cell.document);
        if (kept?.text !== text) this.pythonOfCell.set(cell.document, (kept = { text, python: cellPython(text) }));
        return { text, code, python: kept.python };
      }),
    );
    const entry = this.entries.get(uri);
    if (!entry) {
      this.entries.set(uri, { uri, version: 1, program, cellUris, published: new Set() });
      this.store.openDocument(uri, 'python', 1, program.text);
    } else {
      const samePlaces =
        entry.program.text === program.text &&
        JSON.stringify(entry.program.cells) === JSON.stringify(program.cells) &&
        entry.cellUris.join('\n') === cellUris.join('\n');
      if (samePlaces) return;
      const kept = new Set(cellUris);
      for (const gone of entry.cellUris) if (!kept.has(gone)) this.pythonOfCell.delete(gone);
      entry.version++;
      entry.program = program;
      entry.cellUris = cellUris;
      this.store.change(uri, entry.version, [{ text: program.text }]);
    }
    this.scheduleDiagnostics(uri);
  }

  private closed(uri: string): void {
    const entry = this.entries.get(uri);
    for (const cell of entry?.cellUris ?? []) this.pythonOfCell.delete(cell);
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    this.entries.delete(uri);
    this.store.close(uri);
    for (const cell of entry?.published ?? []) this.send(cell, []);
  }

  private send(uri: string, diagnostics: Diagnostic[], version?: number): void {
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((e) => this.host.logError(`diagnostics of ${uri} failed: ${errorText(e)}`));
  }

  /** The cell `uri` of an open notebook, if it is a code cell of the program. */
  private cellAt(uri: string): CellAt | undefined {
    const nb = this.notebooks.owners.get(uri);
    const entry = nb === undefined ? undefined : this.entries.get(nb);
    if (!entry) return undefined;
    const index = entry.cellUris.indexOf(uri);
    const cell = index === -1 ? undefined : entry.program.programCell(index);
    const document = this.notebooks.texts.get(uri);
    if (!cell || !document) return undefined;
    return { entry, version: entry.version, uri, document, cell };
  }

  private snapshot(entry: NotebookEntry, parser: Parser): Snapshot | undefined {
    const settings = this.host.settings(entry.uri);
    const s = this.store.snapshot(entry.uri, parser, analysisConfig(settings), analysisKey(settings));
    return s && s.version === entry.version ? s : undefined;
  }

  /**
   * Runs `compute` for the newest version of the cell `uri`, or answers
   * `empty` when the notebook moved on while the request waited.
   */
  private async whenNewest<T>(uri: string, empty: T, compute: (at: CellAt, parser: Parser) => T): Promise<T> {
    const first = this.cellAt(uri);
    if (!first) return empty;
    await settle();
    const parser = await this.host.parser();
    const at = this.cellAt(uri);
    if (!at || at.entry !== first.entry || at.version !== first.version) return empty;
    return compute(at, parser);
  }

  private range(at: CellAt, start: number, end: number): Range {
    return { start: at.document.positionAt(start), end: at.document.positionAt(end) };
  }

  inlayHints(params: InlayHintParams): Promise<InlayHint[]> {
    return this.whenNewest(params.textDocument.uri, [], (at, parser): InlayHint[] => {
      const settings = this.host.settings(at.entry.uri);
      if (!settings.inlayHintsEnabled) return [];
      const range = { start: at.cell.start + at.document.offsetAt(params.range.start), end: at.cell.start + at.document.offsetAt(params.range.end) };
      const answer = this.store.callsIn(at.entry.uri, range, parser, analysisConfig(settings), analysisKey(settings));
      if (!answer || answer.version !== at.version) return [];
      return inlayHints({ calls: answer.calls }, range, this.viewOptions(at.entry, settings))
        .filter((h) => h.offset >= at.cell.start && h.offset <= at.cell.end)
        .map((h) => {
          const hint: InlayHint = { position: at.document.positionAt(h.offset - at.cell.start), label: h.label, paddingLeft: true };
          if (this.host.resolvesTooltips()) hint.data = { uri: at.uri, version: at.version, offset: h.offset } satisfies HintData;
          else hint.tooltip = { kind: MarkupKind.Markdown, value: h.tooltip };
          return hint;
        });
    });
  }

  async resolveInlayHint(hint: InlayHint): Promise<InlayHint> {
    const data = hint.data as Partial<HintData> | undefined;
    if (!data || typeof data.uri !== 'string' || typeof data.offset !== 'number') return hint;
    const offset = data.offset;
    return this.whenNewest(data.uri, hint, (at, parser) => {
      if (at.version !== data.version) return hint;
      const settings = this.host.settings(at.entry.uri);
      const answer = this.store.callsIn(at.entry.uri, { start: offset, end: offset }, parser, analysisConfig(settings), analysisKey(settings));
      const view = answer && inlayHints({ calls: answer.calls }, { start: offset, end: offset }, this.viewOptions(at.entry, settings)).find((h) => h.offset === offset);
      return view ? { ...hint, tooltip: { kind: MarkupKind.Markdown, value: view.tooltip } } : hint;
    });
  }

  hover(params: HoverParams): Promise<Hover | null> {
    return this.whenNewest<Hover | null>(params.textDocument.uri, null, (at, parser) => {
      const s = this.snapshot(at.entry, parser);
      if (!s) return null;
      const offset = at.cell.start + at.document.offsetAt(params.position);
      const view = hoverAt(s.result, s.text, offset, this.viewOptions(at.entry, this.host.settings()));
      if (!view) return null;
      const placed = at.entry.program.locateRange(view.range.start, view.range.end);
      const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: view.markdown } };
      if (placed && placed.cell === at.cell.cell) hover.range = this.range(at, placed.start, placed.end);
      return hover;
    });
  }

  codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    return this.whenNewest<CodeLens[]>(params.textDocument.uri, [], (at, parser) => {
      const s = this.snapshot(at.entry, parser);
      if (!s) return [];
      return codeLenses(s.result, this.host.locale(), this.placer(at.entry))
        .filter((lens) => at.entry.program.cellAt(lens.offset)?.cell === at.cell.cell)
        .map((lens) => {
          const position = at.document.positionAt(lens.offset - at.cell.start);
          return { range: { start: position, end: position }, command: { title: lens.title, command: lens.kind === 'graph' ? this.host.graphCommand : this.host.summaryCommand, arguments: [at.uri, lens.modelIndex] } };
        });
    });
  }

  /** The analysis of the notebook `uri` is (or holds the cell `uri`), for the summary request. */
  /** How the views of the notebook `uri` (or of its cell) place a line of the program: its cell and the line in it. */
  placerOf(uri: string): LinePlacer | undefined {
    const nb = this.entries.has(uri) ? uri : this.notebooks.owners.get(uri);
    const entry = nb === undefined ? undefined : this.entries.get(nb);
    return entry && this.placer(entry);
  }

  private placer(entry: NotebookEntry | NotebookProgram): LinePlacer {
    const locale = this.host.locale();
    const program = entry instanceof NotebookProgram ? entry : entry.program;
    return (line) => {
      const at = program.cellOfLine(line);
      return at ? msg(locale, 'where.cell', { cell: at.cell + 1, line: at.line + 1 }) : msg(locale, 'where.line', { line });
    };
  }

  private viewOptions(entry: NotebookEntry, settings: Settings): HintOptions {
    return { ...hintOptions(settings, this.host.locale()), where: this.placer(entry) };
  }

  async analysisOf(uri: string): Promise<AnalysisResult | undefined> {
    const nb = this.entries.has(uri) ? uri : this.notebooks.owners.get(uri);
    const entry = nb === undefined ? undefined : this.entries.get(nb);
    if (!entry) return undefined;
    return this.snapshot(entry, await this.host.parser())?.result;
  }

  /**
   * The analysis of the notebook `uri` is (or holds the cell `uri`) for the
   * graph request, with each offset placed in its cell: the cell's 1-based
   * index among all the notebook's cells, and the 1-based line in it.
   */
  async graphSource(uri: string): Promise<GraphSource | undefined> {
    const nb = this.entries.has(uri) ? uri : this.notebooks.owners.get(uri);
    if (nb === undefined || !this.entries.has(nb)) return undefined;
    await settle();
    const parser = await this.host.parser();
    const entry = this.entries.get(nb);
    const snapshot = entry && this.snapshot(entry, parser);
    if (!entry || !snapshot) return undefined;
    const program = entry.program;
    return {
      snapshot,
      place: (offset) => {
        const at = program.cellLine(offset) ?? { cell: program.cells[0]?.cell ?? 0, line: 0 };
        return { cell: at.cell + 1, line: at.line + 1 };
      },
    };
  }

  /**
   * Diagnostics of a notebook file that is not open (Check Workspace): the
   * file's text is the .ipynb JSON. They are published on the file, where it
   * writes the code, each message saying its cell and line, and go when the
   * notebook is opened.
   */
  async checkFile(uri: string, text: string): Promise<AnalysisResult> {
    const parser = await this.host.parser();
    const open = this.entries.get(uri);
    const modules = this.host.modules?.contextFor(uri, parser);
    if (open) return this.snapshot(open, parser)?.result ?? analyzeText(parser, open.program.text, analysisConfig(this.host.settings(uri)), undefined, modules);
    const file = parseNotebook(text);
    if (!file.ok) throw new Error(`${uri} is not a notebook Keras Shapes can read: ${file.error}`);
    if (!isPythonLanguage(file.language)) throw new Error(`${uri} is not a Python notebook (its language is ${file.language})`);
    const program = notebookFileProgram(file.cells);
    const result = analyzeText(parser, program.text, analysisConfig(this.host.settings(uri)), undefined, modules);
    const cellLines = new Map<number, TextDocument>();
    const cellDoc = (index: number) => {
      let doc = cellLines.get(index);
      if (!doc) cellLines.set(index, (doc = TextDocument.create(`${uri}#cell${index}`, 'python', 0, file.cells[index].text)));
      return doc;
    };
    // Placed where the file writes the code (the start of the file when that is not known).
    const sourceMap = notebookSourceMap(text);
    const json = TextDocument.create(uri, 'json', 0, text);
    const inFile = (cell: number, offset: number) => json.positionAt(sourceMap?.(cell, offset) ?? 0);
    const published = diagnosticViews(result, this.host.locale(), this.placer(program)).flatMap((d): Diagnostic[] => {
      const placed = program.locateRange(d.range.start, d.range.end);
      if (!placed) return [];
      const at = cellDoc(placed.cell).positionAt(placed.start);
      const start = inFile(placed.cell, placed.start);
      // A range over several lines of the file is shown at its start.
      const end = inFile(placed.cell, placed.end);
      return [
        {
          range: { start, end: end.line === start.line ? end : start },
          severity: SEVERITY[d.severity],
          code: d.code,
          codeDescription: { href: d.href },
          source: 'keras-shapes',
          message: `cell ${placed.cell + 1}, line ${at.line + 1}: ${d.message}`,
        },
      ];
    });
    this.checkedClosed.add(uri);
    await this.connection.sendDiagnostics({ uri, diagnostics: published });
    return result;
  }

  private async publishDiagnostics(uri: string): Promise<void> {
    const entry = this.entries.get(uri);
    if (!entry) return;
    const version = entry.version;
    const parser = await this.host.parser();
    if (this.entries.get(uri) !== entry || entry.version !== version) return;
    const s = this.snapshot(entry, parser);
    if (!s) return;
    const byCell = new Map<string, Diagnostic[]>();
    for (const cell of entry.program.cells) byCell.set(entry.cellUris[cell.cell], []);
    for (const d of diagnosticViews(s.result, this.host.locale(), this.placer(entry))) {
      const placed = entry.program.locateRange(d.range.start, d.range.end);
      const cellUri = placed && entry.cellUris[placed.cell];
      const doc = cellUri === undefined ? undefined : this.notebooks.texts.get(cellUri);
      if (!placed || !cellUri || !doc) continue;
      byCell.get(cellUri)?.push({
        range: { start: doc.positionAt(placed.start), end: doc.positionAt(placed.end) },
        severity: SEVERITY[d.severity],
        code: d.code,
        codeDescription: { href: d.href },
        source: 'keras-shapes',
        message: d.message,
      });
    }
    for (const gone of entry.published) if (!byCell.has(gone)) this.send(gone, []);
    for (const [cellUri, diagnostics] of byCell) this.send(cellUri, diagnostics, this.notebooks.texts.get(cellUri)?.version);
    entry.published = new Set(byCell.keys());
  }

  private scheduleDiagnostics(uri: string): void {
    if (this.disposed) return;
    clearTimeout(this.pending.get(uri));
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.publishDiagnostics(uri).catch((e) => this.host.logError(`diagnostics of ${uri} failed: ${errorText(e)}`));
      }, this.host.diagnosticsDelayMs),
    );
  }

  /** The open notebooks' URIs. */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** After an edit of the module at `path`: publishes again the notebooks that import it; whether there were any. */
  moduleChanged(path: string): boolean {
    const importers = this.store.importersOf(path);
    for (const uri of importers) this.scheduleDiagnostics(uri);
    return importers.length > 0;
  }

  /** After a settings change: forget the analyses and publish again. */
  invalidate(): void {
    this.store.invalidate();
    for (const uri of this.entries.keys()) this.scheduleDiagnostics(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.store.dispose();
    this.entries.clear();
    for (const uri of [...this.notebooks.cells.keys()]) this.notebooks.close(uri);
  }
}
