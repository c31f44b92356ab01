// The language server: LSP capabilities and handlers over one connection.
// Views come from ../ide (plain offsets and strings); this file converts them
// to LSP types. Every handler is guarded: a throw is logged and answered as an
// error, and the server carries on.
//
// Staleness: a request is answered for the newest version of its document; if
// a newer change arrives while the request waits its turn, it answers empty.
// Diagnostics are published ~150 ms after the last change, for the newest
// version only, with that version attached.
//
// Jupyter notebooks come through LSP notebook synchronisation; requests on
// their cells are answered by ./notebooks.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeLens,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LogMessageNotification,
  MessageType,
  InlayHint,
  MarkupKind,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Range,
} from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import { AnalysisHost, analyzeText, type AnalysisResult, type LayerCall, type Severity, type TextRange } from '../analysis';
import { loadPythonParser } from '../python/parser';
import { codeLenses } from '../ide/codeLens';
import { diagnostics as diagnosticViews } from '../ide/diagnostics';
import { hoverAt } from '../ide/hover';
import { calledFromHints, inlayHints, type InlayHintView } from '../ide/inlayHints';
import { LineIndex } from '../ide/positions';
import { localeOf, msg, type Locale } from '../ide/messages';
import { renderModelSummary, summaryTables } from '../ide/summaryTable';
import { CODE_ACTION_OPTIONS, codeActions } from './codeActions';
import { DocumentStore, type Snapshot } from './documents';
import { calledFrom } from './calledFrom';
import { filePathOf, WorkspaceModules } from './workspaceModules';
import { isNotebookFileUri, NOTEBOOK_SYNC, NotebookSupport } from './notebooks';
import { registerGraphRequest } from './graph';
import { CheckFileRequest, SummaryRequest, type CheckFileResponse } from './protocol';
import { KerasVersionNotification, KerasVersionRequest, KerasVersions, MANIFEST_GLOB, type KerasVersionView } from './kerasVersions';
import { analysisConfig, analysisKey, DEFAULT_SETTINGS, hintOptions, parseSettings, viewLocale, withKerasVersion, type Settings } from './settings';

export const SHOW_SUMMARY_COMMAND = 'keras-shapes.showSummary';
export const SHOW_GRAPH_COMMAND = 'keras-shapes.showGraph';
const DIAGNOSTICS_DELAY_MS = 150;

/** What a hint carries to find its tooltip again: the document version it was computed for, and its offset. */
interface HintData {
  readonly uri: string;
  readonly version: number | undefined;
  readonly offset: number;
}

export interface ServerOptions {
  /** Delay between the last change and publishing diagnostics. */
  readonly diagnosticsDelayMs?: number;
}

function serverVersion(): string {
  // Beside the bundle (dist/) or the compiled tree (out/server/src/lsp/): walk up to our package.json.
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'keras-shapes' && pkg.version) return pkg.version;
    } catch {
      // not here
    }
  }
  return '0.0.0';
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function toRange(lines: LineIndex, start: number, end: number): Range {
  const s = lines.position(start);
  const e = lines.position(end);
  return { start: { line: s.line, character: s.column }, end: { line: e.line, character: e.column } };
}

function toDiagnostics(result: AnalysisResult, lines: LineIndex, locale: Locale): Diagnostic[] {
  return diagnosticViews(result, locale).map((d) => ({
    range: toRange(lines, d.range.start, d.range.end),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: d.href },
    source: 'keras-shapes',
    message: d.message,
  }));
}

/** Yields to the message queue twice, so changes already received are applied before we answer. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export interface RunningServer {
  /** Stops timers and frees the documents' trees (the connection stays open). */
  dispose(): void;
}

export function startServer(connection: Connection, options: ServerOptions = {}): RunningServer {
  const delay = options.diagnosticsDelayMs ?? DIAGNOSTICS_DELAY_MS;
  // Logging never throws, even on a closed connection.
  const send = (type: MessageType, message: string): void => {
    try {
      connection.sendNotification(LogMessageNotification.type, { type, message }).catch(() => undefined);
    } catch {
      // A disposed connection throws at once.
    }
  };
  const log = (message: string) => void send(MessageType.Log, message);
  const logError = (message: string) => void send(MessageType.Error, message);
  // Imports of workspace modules read open documents first (`documents` is there when an analysis asks).
  const modules: WorkspaceModules = new WorkspaceModules((path: string): string | undefined => documents.textAt(path));
  const documents: DocumentStore = new DocumentStore((uri, e) => logError(`analysis of ${uri} failed: ${errorText(e)}`), { host: new AnalysisHost(), modules });
  let hintRefresh: NodeJS.Timeout | undefined;
  const pendingDiagnostics = new Map<string, NodeJS.Timeout>();
  /** Files checked by "Check Workspace" while closed: their diagnostics stay after closing. */
  const workspaceChecked = new Set<string>();
  let settings: Settings = DEFAULT_SETTINGS;
  /** The editor's language, from `initialize` (VS Code sends its display language). */
  let editorLocale: Locale = 'en';
  const locale = () => viewLocale(settings, editorLocale);
  let disposed = false;
  let parser: Parser | undefined;
  const parserReady = loadPythonParser().then((p) => (parser = p));
  parserReady.catch((e) => logError(`could not load the Python parser: ${errorText(e)}`));
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let canRefreshInlayHints = false;
  let canRefreshCodeLenses = false;
  let canWatchFiles = false;
  let canFollowFolders = false;
  /** The workspace folders (URIs), where the Keras version is looked for. */
  let versionFolders: string[] = [];
  /** The client asks for a hint's tooltip when it shows it (inlayHint/resolve). */
  let resolvesTooltips = false;
  const kerasVersions = new KerasVersions();
  /** What the client was last told of each document's Keras version. */
  const announced = new Map<string, string>();
  /** The settings with the Keras version in effect for `uri` (the setting's, or the manifests' under `auto`). */
  const settingsFor = (uri: string | undefined): Settings => (uri === undefined ? settings : withKerasVersion(settings, kerasVersions.choose(uri, settings.kerasVersion).version));
  const kerasVersionView = (uri: string): KerasVersionView => kerasVersions.view(uri, kerasVersions.choose(uri, settings.kerasVersion), locale());
  /** Tells the client (and the output) when a document's version or its reason is new. */
  function announceKerasVersion(uri: string): void {
    const view = kerasVersionView(uri);
    const key = `${view.version}\n${view.description}`;
    if (announced.get(uri) === key) return;
    announced.set(uri, key);
    log(`${uri}: ${msg(locale(), 'kerasVersion.inEffect', { reason: view.description })}`);
    connection.sendNotification(KerasVersionNotification, view).catch(() => undefined);
  }
  const notebooks = new NotebookSupport(connection, {
    parser: async () => parser ?? (await parserReady),
    settings: (uri) => settingsFor(uri),
    locale: () => locale(),
    resolvesTooltips: () => resolvesTooltips,
    logError,
    diagnosticsDelayMs: delay,
    summaryCommand: SHOW_SUMMARY_COMMAND,
    graphCommand: SHOW_GRAPH_COMMAND,
    modules,
  });

  /**
   * After the module at `uri` changed: the open files and notebooks that
   * import it publish their diagnostics again, and the editor asks for hints
   * again (they are analysed again when asked); so it does when `uri`
   * imports an open helper, whose hints come from it.
   */
  function moduleEdited(uri: string): void {
    const path = filePathOf(uri);
    if (path === undefined || disposed) return;
    const importers = documents.importersOf(path).filter((u) => u !== uri);
    for (const u of importers) scheduleDiagnostics(u);
    const notebooksToo = notebooks.moduleChanged(path);
    // An open helper it imports shows hints from it too.
    if (importers.length === 0 && !notebooksToo && !documents.importsOpenDocument(uri)) return;
    clearTimeout(hintRefresh);
    hintRefresh = setTimeout(() => {
      hintRefresh = undefined;
      if (canRefreshInlayHints) connection.languages.inlayHint.refresh().catch((e) => logError(`inlay hint refresh failed: ${errorText(e)}`));
      if (canRefreshCodeLenses) connection.sendRequest('workspace/codeLens/refresh').catch((e) => logError(`code lens refresh failed: ${errorText(e)}`));
    }, delay);
  }

  function snapshotWith(uri: string, p: Parser): Snapshot | undefined {
    const s = settingsFor(uri);
    return documents.snapshot(uri, p, analysisConfig(s), analysisKey(s));
  }

  async function snapshotOf(uri: string): Promise<Snapshot | undefined> {
    return snapshotWith(uri, parser ?? (await parserReady));
  }

  /**
   * Runs `compute` on what `load` gives for the newest version of `uri`, or
   * answers `empty` when the document moved on meanwhile.
   */
  async function whenNewest<S extends { readonly version: number }, T>(uri: string, empty: T, load: (p: Parser) => S | undefined, compute: (s: S) => T): Promise<T> {
    const version = documents.version(uri);
    if (version === undefined) return empty;
    await settle();
    if (documents.version(uri) !== version) return empty;
    const loaded = load(parser ?? (await parserReady));
    if (!loaded || loaded.version !== version || documents.version(uri) !== version) return empty;
    return compute(loaded);
  }

  /** Runs `compute` on the newest analysis of `uri`, or answers `empty` when the document moved on meanwhile. */
  function forNewest<T>(uri: string, empty: T, compute: (s: Snapshot) => T): Promise<T> {
    return whenNewest(uri, empty, (p) => snapshotWith(uri, p), compute);
  }

  /**
   * Runs `compute` on the layer calls of the newest version of `uri` whose
   * hints lie in `lspRange`: from a run that stops after the range when that
   * gives the same hints, else from the whole analysis (DocumentStore.callsIn).
   */
  function hintsOfNewest<T>(uri: string, lspRange: Range, compute: (calls: readonly LayerCall[], lines: LineIndex, range: TextRange) => T[]): Promise<T[]> {
    const load = (p: Parser) => {
      const lines = documents.lineIndex(uri);
      if (!lines) return undefined;
      const range = { start: lines.offset(lspRange.start.line, lspRange.start.character), end: lines.offset(lspRange.end.line, lspRange.end.character) };
      const s = settingsFor(uri);
      const answer = documents.callsIn(uri, range, p, analysisConfig(s), analysisKey(s));
      return answer && { ...answer, range };
    };
    return whenNewest<{ version: number; calls: readonly LayerCall[]; lines: LineIndex; range: TextRange }, T[]>(uri, [], load, (a) => compute(a.calls, a.lines, a.range));
  }

  /** The hints of `uri` in `range`: its own calls', and for a helper module its calls as the open files that import it ran them, where it has none of its own. */
  function hintViews(uri: string, calls: readonly LayerCall[], range: TextRange): InlayHintView[] {
    const options = hintOptions(settings, locale());
    const own = inlayHints({ calls }, range, options);
    if (!parser) return own;
    const fromImporters = calledFromHints(calledFrom(documents, uri, range, new Set(own.map((h) => h.offset)), parser, snapshotWith), range, options);
    return fromImporters.length > 0 ? [...own, ...fromImporters].sort((a, b) => a.offset - b.offset) : own;
  }

  function guard<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R | ResponseError<void>> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (e) {
        logError(`${name} failed: ${errorText(e)}`);
        return new ResponseError<void>(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  function guardNotification<P>(name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
    return (params: P) => {
      Promise.resolve()
        .then(() => handler(params))
        .catch((e) => logError(`${name} failed: ${errorText(e)}`));
    };
  }

  async function publishDiagnostics(uri: string): Promise<void> {
    const version = documents.version(uri);
    if (version === undefined) return;
    const snapshot = await snapshotOf(uri);
    // A newer change came in meanwhile: its own timer publishes.
    if (!snapshot || documents.version(uri) !== snapshot.version) return;
    announceKerasVersion(uri);
    await connection.sendDiagnostics({ uri, version: snapshot.version, diagnostics: toDiagnostics(snapshot.result, snapshot.lines, locale()) });
  }

  function scheduleDiagnostics(uri: string): void {
    if (disposed) return;
    clearTimeout(pendingDiagnostics.get(uri));
    pendingDiagnostics.set(
      uri,
      setTimeout(() => {
        pendingDiagnostics.delete(uri);
        publishDiagnostics(uri).catch((e) => logError(`diagnostics of ${uri} failed: ${errorText(e)}`));
      }, delay),
    );
  }

  /** The workspace folders (paths), where imports are read. */
  let workspaceFolders: string[] = [];

  /** Folders added or removed: imports may now name other files, so every analysis is made again. */
  function foldersChanged(added: readonly string[], removed: readonly string[]): void {
    workspaceFolders = [...workspaceFolders.filter((f) => !removed.includes(f)), ...added];
    modules.setFolders(workspaceFolders);
    documents.invalidate();
    notebooks.invalidate();
    for (const uri of documents.uris()) scheduleDiagnostics(uri);
    if (canRefreshInlayHints) connection.languages.inlayHint.refresh().catch((e) => logError(`inlay hint refresh failed: ${errorText(e)}`));
    if (canRefreshCodeLenses) connection.sendRequest('workspace/codeLens/refresh').catch((e) => logError(`code lens refresh failed: ${errorText(e)}`));
  }

  async function reloadSettings(pushed?: unknown): Promise<void> {
    let next: Settings;
    if (canPullConfiguration) {
      const section: unknown = await connection.workspace.getConfiguration('kerasShapes');
      next = parseSettings(section);
    } else {
      next = parseSettings((pushed as { kerasShapes?: unknown } | undefined)?.kerasShapes ?? pushed);
    }
    const changed = JSON.stringify(next) !== JSON.stringify(settings);
    settings = next;
    if (!changed) return;
    log(`settings: ${JSON.stringify(settings)}`);
    reanalyseAll();
  }

  /** Everything analysed again (settings or a manifest changed): diagnostics, hints and lenses refreshed. */
  function reanalyseAll(): void {
    documents.invalidate();
    notebooks.invalidate();
    for (const uri of documents.uris()) scheduleDiagnostics(uri);
    for (const uri of notebooks.uris()) announceKerasVersion(uri);
    if (canRefreshInlayHints) connection.languages.inlayHint.refresh().catch((e) => logError(`inlay hint refresh failed: ${errorText(e)}`));
    if (canRefreshCodeLenses) connection.sendRequest('workspace/codeLens/refresh').catch((e) => logError(`code lens refresh failed: ${errorText(e)}`));
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canRefreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    canRefreshCodeLenses = caps.workspace?.codeLens?.refreshSupport === true;
    canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canFollowFolders = caps.workspace?.workspaceFolders === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    kerasVersions.setFolders(folders);
    versionFolders = folders;
    resolvesTooltips = caps.textDocument?.inlayHint?.resolveSupport?.properties.includes('tooltip') === true;
    editorLocale = localeOf(params.locale);
    workspaceFolders = folders.flatMap((f) => filePathOf(f) ?? []);
    modules.setFolders(workspaceFolders);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) settings = parseSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        inlayHintProvider: { resolveProvider: resolvesTooltips },
        codeLensProvider: { resolveProvider: false },
        notebookDocumentSync: NOTEBOOK_SYNC,
        codeActionProvider: CODE_ACTION_OPTIONS,
        ...(canFollowFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'keras-shapes', version: serverVersion() },
    };
  });

  connection.onInitialized(
    guardNotification('initialized', async () => {
      if (canRegisterConfiguration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'kerasShapes' });
      }
      if (canWatchFiles) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: MANIFEST_GLOB }] });
      }
      if (canFollowFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed = new Set(e.removed.map((f) => f.uri));
          versionFolders = [...versionFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
          kerasVersions.setFolders(versionFolders);
          foldersChanged(e.added.flatMap((f) => filePathOf(f.uri) ?? []), e.removed.flatMap((f) => filePathOf(f.uri) ?? []));
          reanalyseAll();
        });
      }
      if (canPullConfiguration) await reloadSettings();
      await parserReady;
      log(`Keras Shapes server ${serverVersion()} ready (node ${process.version})`);
    }),
  );

  connection.onDidChangeConfiguration(guardNotification('didChangeConfiguration', (params) => reloadSettings(params.settings)));

  connection.onDidChangeWatchedFiles(
    guardNotification('didChangeWatchedFiles', (params) => {
      if (kerasVersions.changed(params.changes.map((c) => c.uri)) && settings.kerasVersion === 'auto') reanalyseAll();
    }),
  );

  connection.onRequest(
    KerasVersionRequest,
    guard('kerasVersion', (params) => kerasVersionView(params.uri)),
  );

  connection.onDidOpenTextDocument(
    guardNotification('didOpen', (params) => {
      const d = params.textDocument;
      documents.openDocument(d.uri, d.languageId, d.version, d.text);
      scheduleDiagnostics(d.uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guardNotification('didChange', (params) => {
      const d = params.textDocument;
      if (documents.change(d.uri, d.version, params.contentChanges)) {
        scheduleDiagnostics(d.uri);
        moduleEdited(d.uri);
      }
    }),
  );

  connection.onDidCloseTextDocument(
    guardNotification('didClose', async (params) => {
      const uri = params.textDocument.uri;
      clearTimeout(pendingDiagnostics.get(uri));
      pendingDiagnostics.delete(uri);
      documents.close(uri);
      announced.delete(uri);
      // Its importers read the file on disk from now on.
      moduleEdited(uri);
      if (!workspaceChecked.has(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.languages.inlayHint.on(
    guard('inlayHint', (params) => {
      const uri = params.textDocument.uri;
      if (notebooks.hasCell(uri)) return notebooks.inlayHints(params);
      const version = documents.version(uri);
      return hintsOfNewest(uri, params.range, (calls, lines, range): InlayHint[] => {
        if (!settings.inlayHintsEnabled) return [];
        return hintViews(uri, calls, range).map((h) => {
          const p = lines.position(h.offset);
          const hint: InlayHint = { position: { line: p.line, character: p.column }, label: h.label, paddingLeft: true };
          // A client that resolves tooltips asks for one when the pointer rests on the hint: most are never shown.
          if (resolvesTooltips) hint.data = { uri, version, offset: h.offset } satisfies HintData;
          else hint.tooltip = { kind: MarkupKind.Markdown, value: h.tooltip };
          return hint;
        });
      });
    }),
  );

  connection.languages.inlayHint.resolve(
    guard('inlayHint/resolve', async (hint: InlayHint): Promise<InlayHint> => {
      const data = hint.data as Partial<HintData> | undefined;
      if (typeof data?.uri === 'string' && notebooks.hasCell(data.uri)) return notebooks.resolveInlayHint(hint);
      if (!data || typeof data.uri !== 'string' || typeof data.offset !== 'number' || documents.version(data.uri) !== data.version) return hint;
      const offset = data.offset;
      const lines = documents.lineIndex(data.uri);
      if (!lines) return hint;
      const at = lines.position(offset);
      const point = { line: at.line, character: at.column };
      const [view] = await hintsOfNewest(data.uri, { start: point, end: point }, (calls, _lines, range) =>
        hintViews(data.uri as string, calls, range).filter((h) => h.offset === offset),
      );
      return view ? { ...hint, tooltip: { kind: MarkupKind.Markdown, value: view.tooltip } } : hint;
    }),
  );

  connection.onHover(
    guard('hover', (params) =>
      notebooks.hasCell(params.textDocument.uri) ? notebooks.hover(params) : forNewest<Hover | null>(params.textDocument.uri, null, (s) => {
        const offset = s.lines.offset(params.position.line, params.position.character);
        const view = hoverAt(s.result, s.text, offset, hintOptions(settings, locale()));
        if (!view) return null;
        return { contents: { kind: MarkupKind.Markdown, value: view.markdown }, range: toRange(s.lines, view.range.start, view.range.end) };
      }),
    ),
  );

  connection.onCodeLens(
    guard('codeLens', (params) =>
      notebooks.hasCell(params.textDocument.uri) ? notebooks.codeLenses(params) : forNewest<CodeLens[]>(params.textDocument.uri, [], (s) =>
        codeLenses(s.result, locale()).map((lens) => {
          const range = toRange(s.lines, lens.offset, lens.offset);
          return { range, command: { title: lens.title, command: lens.kind === 'graph' ? SHOW_GRAPH_COMMAND : SHOW_SUMMARY_COMMAND, arguments: [s.uri, lens.modelIndex] } };
        }),
      ),
    ),
  );

  connection.onCodeAction(
    guard('codeAction', (params) => forNewest(params.textDocument.uri, [], (s) => codeActions(params, s.result, s.lines, toDiagnostics(s.result, s.lines, locale())))),
  );

  connection.onRequest(
    SummaryRequest,
    guard('summary', async (params) => {
      const result = notebooks.owns(params.uri) ? await notebooks.analysisOf(params.uri) : (await snapshotOf(params.uri))?.result;
      if (!result) throw new Error(`${params.uri} is not open`);
      const models = result.models;
      const names = models.map((m) => m.name);
      const options = { locale: locale(), where: notebooks.placerOf(params.uri) };
      if (models.length === 0) return { text: `${msg(options.locale, 'summary.noModel')}\n`, models: names, tables: [] };
      const tables = summaryTables(models, options.locale, options.where);
      if (params.model !== undefined) {
        const model = models[params.model];
        if (!model) throw new Error(`no model ${params.model} (the file has ${models.length})`);
        return { text: renderModelSummary(model, options), models: names, tables };
      }
      return { text: models.map((m) => renderModelSummary(m, options)).join('\n'), models: names, tables };
    }),
  );

  registerGraphRequest(
    connection,
    async (uri) => {
      if (notebooks.owns(uri)) return notebooks.graphSource(uri);
      const snapshot = await snapshotOf(uri);
      return snapshot && { snapshot };
    },
    guard,
  );

  connection.onRequest(
    CheckFileRequest,
    guard('checkFile', async (params): Promise<CheckFileResponse> => {
      const p = parser ?? (await parserReady);
      const open = documents.isOpen(params.uri);
      // A closed notebook: the text is its .ipynb JSON (./notebooks.ts publishes its diagnostics).
      const notebookFile = !open && isNotebookFileUri(params.uri);
      const result = notebookFile
        ? await notebooks.checkFile(params.uri, params.text)
        : open
          ? (await snapshotOf(params.uri))!.result
          : analyzeText(p, params.text, analysisConfig(settingsFor(params.uri)), documents.host, modules.contextFor(params.uri, p));
      if (!open && !notebookFile) {
        workspaceChecked.add(params.uri);
        await connection.sendDiagnostics({ uri: params.uri, diagnostics: toDiagnostics(result, new LineIndex(params.text), locale()) });
      }
      const count = (severity: Severity) => result.diagnostics.filter((d) => d.severity === severity).length;
      return { errors: count('error'), warnings: count('warning'), infos: count('info'), calls: result.calls.length, models: result.models.length };
    }),
  );

  function dispose(): void {
    disposed = true;
    for (const timer of pendingDiagnostics.values()) clearTimeout(timer);
    pendingDiagnostics.clear();
    clearTimeout(hintRefresh);
    documents.dispose();
    notebooks.dispose();
  }
  connection.onShutdown(dispose);

  connection.listen();
  return { dispose };
}
