// Open documents with their analyses. Changes arrive incrementally; each
// document keeps the syntax of its top-level chunks by text, so the next parse
// only parses the chunks that changed. The analysis is computed lazily and
// cached per document version and analysis settings.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import { analyzeSource, SyntaxCache, type AnalysisConfig, type AnalysisResult } from '../analysis';
import { LineIndex } from '../ide/positions';

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
  snapshot?: Snapshot;
  snapshotKey?: string;
}

export const EMPTY_RESULT: AnalysisResult = { calls: [], models: [], diagnostics: [], steps: 0, budgetExhausted: false };

export class DocumentStore {
  private readonly open = new Map<string, OpenDocument>();

  constructor(private readonly onAnalysisError: (uri: string, error: unknown) => void) {}

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    this.close(uri);
    this.open.set(uri, { document: TextDocument.create(uri, languageId, version, text), syntax: new SyntaxCache() });
  }

  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): boolean {
    const entry = this.open.get(uri);
    if (!entry) return false;
    // An empty change list (some clients send one just to bump the version) updates the version.
    entry.document = TextDocument.update(entry.document, [...changes], version);
    return true;
  }

  close(uri: string): void {
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

  /** The analysis of the newest version (computed now if needed). */
  snapshot(uri: string, parser: Parser, config: AnalysisConfig, configKey: string): Snapshot | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const version = entry.document.version;
    if (entry.snapshot && entry.snapshot.version === version && entry.snapshotKey === configKey) return entry.snapshot;
    const text = entry.document.getText();
    // The old analysis is garbage from here: not holding it keeps the live heap, and each collection, small.
    entry.snapshot = undefined;
    const started = performance.now();
    let result: AnalysisResult;
    try {
      result = analyzeSource(parser, text, config, entry.syntax);
    } catch (e) {
      this.onAnalysisError(uri, e);
      result = EMPTY_RESULT;
    }
    entry.snapshot = { uri, version, text, lines: new LineIndex(text), result, millis: performance.now() - started };
    entry.snapshotKey = configKey;
    return entry.snapshot;
  }

  /** Forget cached analyses (after a settings change); the syntax is kept. */
  invalidate(): void {
    for (const entry of this.open.values()) entry.snapshot = undefined;
  }

  dispose(): void {
    for (const uri of this.uris()) this.close(uri);
  }
}
