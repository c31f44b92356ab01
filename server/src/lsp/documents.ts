// Open documents with their analyses. Changes arrive incrementally; each
// document keeps the syntax of its top-level chunks by text, so the next parse
// only parses the chunks that changed. The analysis is computed lazily and
// cached per document version and analysis settings.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import type { ParseOptions } from '../python/syntax';
import { analyzeRange, analyzeSource, CheckpointStore, defaultAnalysisHost, SyntaxCache, type AnalysisConfig, type AnalysisHost, type AnalysisResult, type LayerCall, type TextRange } from '../analysis';
import { LineIndex } from '../ide/positions';
import { filePathOf, type WorkspaceModules } from './workspaceModules';

export interface Snapshot {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly result: AnalysisResult;
  /** Milliseconds spent parsing + analysing. */
  readonly millis: number;
}

interface OpenDocument {
  document: TextDocument;
  /** The syntax of the chunks of the last analysis, reused where the text did not change. */
  syntax: SyntaxCache;
  /** Interpreter states between chunks, to resume from where the text first changed. */
  checkpoints: CheckpointStore;
  /** The line index of the newest version, when computed. */
  lines?: { version: number; index: LineIndex };
  snapshot?: Snapshot;
  snapshotKey?: string;
  /** The file path of a `file:` document (an import of it is read from here, not the disk). */
  path?: string;
  /** The workspace modules the last analysis read, kept after the analysis is dropped (to tell whether its checkpoints still hold). */
  lastImports?: AnalysisResult['imports'];
}

export const EMPTY_RESULT: AnalysisResult = { calls: [], models: [], diagnostics: [], steps: 0, budgetExhausted: false, partial: false };

/** Whether the document's analysis is of its newest version and these settings. */
function hasSnapshot(entry: OpenDocument, configKey: string): entry is OpenDocument & { snapshot: Snapshot } {
  return entry.snapshot !== undefined && entry.snapshot.version === entry.document.version && entry.snapshotKey === configKey;
}

export class DocumentStore {
  private readonly open = new Map<string, OpenDocument>();

  /** Hint requests answered from a run that stopped after their range (analyzeRange). */
  partialAnswers = 0;

  /** What the analyses of all documents share (engine results): the server's. */
  readonly host: AnalysisHost;

  /**
   * `minCheckpointSpacing`: see CheckpointStore (tests set it low to take
   * many checkpoints). `host`: the server's AnalysisHost (default: the
   * process's). `syntax`: how documents are parsed (tests compare ways).
   */
  constructor(
    private readonly onAnalysisError: (uri: string, error: unknown) => void,
    private readonly options: {
      readonly minCheckpointSpacing?: number;
      readonly host?: AnalysisHost;
      readonly syntax?: ParseOptions;
      /** How imports of the workspace's modules are read (none: they are unknown). */
      readonly modules?: WorkspaceModules;
    } = {},
  ) {
    this.host = options.host ?? defaultAnalysisHost();
  }

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    this.close(uri);
    const entry: OpenDocument = { document: TextDocument.create(uri, languageId, version, text), syntax: new SyntaxCache(this.options.syntax), checkpoints: new CheckpointStore(this.options.minCheckpointSpacing) };
    const path = filePathOf(uri);
    if (path !== undefined) {
      entry.path = path;
      this.byPath.set(path, entry);
    }
    this.open.set(uri, entry);
  }

  private readonly byPath = new Map<string, OpenDocument>();

  /** The text of the open document at file `path`, if one is open there. */
  textAt(path: string): string | undefined {
    return this.byPath.get(path)?.document.getText();
  }

  /** The open documents whose last analysis read the file of `uri` (or the file at that path): they import it. */
  importersOf(uriOrPath: string): string[] {
    const path = filePathOf(uriOrPath) ?? uriOrPath;
    const out: string[] = [];
    for (const [uri, entry] of this.open) if (entry.lastImports?.some((f) => f.path === path)) out.push(uri);
    return out;
  }

  /** Whether the last analysis of `uri` read an open document (a helper whose hints come from it). */
  importsOpenDocument(uri: string): boolean {
    return this.open.get(uri)?.lastImports?.some((f) => this.byPath.has(f.path)) === true;
  }

  /**
   * Whether a module the document's last analysis read has another text now:
   * then its analysis and its interpreter states are out of date.
   */
  private importsChanged(entry: OpenDocument, parser: Parser): boolean {
    const imports = entry.lastImports;
    if (imports === undefined || imports.length === 0) return false;
    const ctx = this.options.modules?.contextFor(entry.document.uri, parser);
    if (!ctx) return false;
    return imports.some((f) => ctx.files.read(f.path) !== f.text);
  }

  /** Drops what an edit of an imported module made out of date. */
  private checkImports(entry: OpenDocument, parser: Parser): void {
    if (!this.importsChanged(entry, parser)) return;
    entry.snapshot = undefined;
    entry.checkpoints.clear();
    entry.lastImports = undefined;
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): boolean {
    const entry = this.open.get(uri);
    if (!entry) return false;
    // An empty change list (some clients send one just to bump the version) updates the version.
    entry.document = TextDocument.update(entry.document, [...changes], version);
    return true;
  }

  close(uri: string): void {
    const entry = this.open.get(uri);
    if (entry?.path !== undefined && this.byPath.get(entry.path) === entry) this.byPath.delete(entry.path);
    this.open.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.document.version;
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  /** The checkpoints of an open document (for tests and the benchmark). */
  checkpointsOf(uri: string): CheckpointStore | undefined {
    return this.open.get(uri)?.checkpoints;
  }

  /** The analysis of the newest version (computed now if needed). */
  snapshot(uri: string, parser: Parser, config: AnalysisConfig, configKey: string): Snapshot | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const version = entry.document.version;
    this.checkImports(entry, parser);
    if (hasSnapshot(entry, configKey)) return entry.snapshot;
    const text = entry.document.getText();
    // The old analysis is garbage from here: not holding it keeps the live heap, and each collection, small.
    entry.snapshot = undefined;
    const started = performance.now();
    let result: AnalysisResult;
    try {
      result = analyzeSource(parser, text, config, entry.syntax, entry.checkpoints, this.host, this.options.modules?.contextFor(uri, parser));
    } catch (e) {
      this.onAnalysisError(uri, e);
      result = EMPTY_RESULT;
    }
    entry.snapshot = { uri, version, text, lines: this.linesOf(entry), result, millis: performance.now() - started };
    entry.lastImports = result.imports;
    entry.snapshotKey = configKey;
    return entry.snapshot;
  }

  /**
   * The layer calls whose hints lie in `range` (offsets) in the newest
   * version, with its line index: from the whole analysis when there is one,
   * else from a run that stops after the range when that gives the same hints
   * (analyzeRange), else from a whole analysis made now.
   */
  callsIn(uri: string, range: TextRange, parser: Parser, config: AnalysisConfig, configKey: string): { calls: readonly LayerCall[]; lines: LineIndex; version: number } | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    this.checkImports(entry, parser);
    if (!hasSnapshot(entry, configKey)) {
      let partial: AnalysisResult | null = null;
      try {
        partial = analyzeRange(parser, entry.document.getText(), config, entry.syntax, entry.checkpoints, range, this.host, this.options.modules?.contextFor(uri, parser));
      } catch (e) {
        this.onAnalysisError(uri, e);
      }
      if (partial) {
        this.partialAnswers++;
        return { calls: partial.calls, lines: this.linesOf(entry), version: entry.document.version };
      }
    }
    const s = this.snapshot(uri, parser, config, configKey);
    return s && { calls: s.result.calls, lines: s.lines, version: s.version };
  }

  /** The line index of the newest version. */
  lineIndex(uri: string): LineIndex | undefined {
    const entry = this.open.get(uri);
    return entry && this.linesOf(entry);
  }

  private linesOf(entry: OpenDocument): LineIndex {
    const version = entry.document.version;
    if (entry.lines?.version !== version) entry.lines = { version, index: new LineIndex(entry.document.getText()) };
    return entry.lines.index;
  }

  /** Forget cached analyses (after a settings change); the syntax is kept. */
  invalidate(): void {
    for (const entry of this.open.values()) {
      entry.snapshot = undefined;
      entry.checkpoints.clear();
    }
  }

  dispose(): void {
    for (const uri of this.uris()) this.close(uri);
  }
}
