// "Show Model Graph": a webview beside the code that draws a model's graph as
// SVG from what the language server sends (kerasShapes/graph: the graphs with
// their layout already computed). Clicking a box reveals its layer's line;
// moving the cursor onto a layer call highlights its box; edits redraw it
// (debounced) without losing pan and zoom. From a cell of a Jupyter notebook
// it shows the notebook's models (its cells are one program): lines then come
// with their cell, and a click opens that cell at the line. A click on a
// nested model opens it into a frame of its layers. Colours come from the
// editor's theme (CSS variables); scripts run only with this panel's nonce.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { webviewHtml } from './graphWebview';

const VIEW_TYPE = 'kerasShapes.graph';
const REFRESH_DELAY_MS = 400;

/** Messages from the webview. */
type FromWebview = { readonly type: 'ready' } | { readonly type: 'reveal'; readonly line: number; readonly cell?: number } | { readonly type: 'model'; readonly index: number } | { readonly type: 'rankdir'; readonly value: 'TB' | 'LR' } | { readonly type: 'expand'; readonly value: boolean } | { readonly type: 'expandNode'; readonly id: string; readonly value: boolean };

export class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private documentUri: string | undefined;
  /** When the graph is of a notebook: the notebook (documentUri is its URI). */
  private notebook: vscode.NotebookDocument | undefined;
  private model = 0;
  private rankdir: 'TB' | 'LR' = 'TB';
  private expandNested = false;
  /** Nested models opened one by one (their layout ids), when not all are. */
  private readonly expand = new Set<string>();
  /** The frames drawn last (nested models shown as their layers). */
  private frames: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private request = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && (e.document.uri.toString() === this.documentUri || this.cellIndex(e.document) !== undefined)) this.scheduleRefresh();
      }),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (this.panel && e.notebook === this.notebook && e.contentChanges.length > 0) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.panel) return;
        const line = e.selections[0].active.line + 1;
        if (e.textEditor.document.uri.toString() === this.documentUri) void this.panel.webview.postMessage({ type: 'cursor', line, cell: null });
        const cell = this.cellIndex(e.textEditor.document);
        if (cell !== undefined) void this.panel.webview.postMessage({ type: 'cursor', line, cell: cell + 1 });
      }),
    );
  }

  /** Opens (or retargets) the panel on a document's model; without arguments, the active Python editor's first model. */
  async show(uriArg?: unknown, modelArg?: unknown): Promise<void> {
    const active = vscode.window.activeTextEditor?.document.languageId === 'python' ? vscode.window.activeTextEditor.document.uri.toString() : undefined;
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const activeNotebook = notebook?.notebookType === 'jupyter-notebook' ? notebook.uri.toString() : undefined;
    const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : (active ?? activeNotebook);
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Keras Shapes: open a Python file with a Keras model first.'));
      return;
    }
    const previous = this.documentUri;
    // A notebook cell stands for its notebook.
    this.notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri || nb.getCells().some((c) => c.document.uri.toString() === uri));
    this.documentUri = this.notebook ? this.notebook.uri.toString() : uri;
    const model = typeof modelArg === 'number' ? modelArg : 0;
    if (this.documentUri !== previous || model !== this.model) this.expand.clear();
    this.model = model;
    const title = `Graph: ${path.posix.basename(vscode.Uri.parse(this.documentUri).path) || 'untitled'}`;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      this.panel.webview.html = webviewHtml(this.panel.webview.cspSource, randomBytes(16).toString('base64'));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
      this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m));
    }
    await this.refresh();
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready') void this.refresh();
    else if (m.type === 'reveal') void (typeof m.cell === 'number' ? this.revealInCell(m.cell, m.line) : this.reveal(m.line));
    else if (m.type === 'model') {
      this.model = m.index;
      this.expand.clear();
    }
    else if (m.type === 'rankdir') {
      this.rankdir = m.value === 'LR' ? 'LR' : 'TB';
      void this.refresh();
    } else if (m.type === 'expand') {
      this.expandNested = m.value === true;
      this.expand.clear();
      void this.refresh();
    } else if (m.type === 'expandNode' && typeof m.id === 'string') {
      if (m.value) this.expand.add(m.id);
      else {
        // Closing a frame closes the frames inside it.
        this.expand.delete(m.id);
        for (const id of [...this.expand]) if (id.startsWith(`${m.id}/`)) this.expand.delete(id);
        // Closing one frame of "Expand nested" leaves the others open.
        if (this.expandNested) {
          this.expandNested = false;
          for (const id of this.frames) if (id !== m.id && !id.startsWith(`${m.id}/`)) this.expand.add(id);
        }
      }
      void this.refresh();
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    const uri = this.documentUri;
    const client = this.client();
    if (!panel || !uri) return;
    if (!client) {
      void panel.webview.postMessage({ type: 'error', message: vscode.l10n.t('The Keras Shapes server is not running.') });
      return;
    }
    const request = ++this.request;
    try {
      const graph = await client.sendRequest<{ models?: { layout?: { clusters?: { id: string }[] } }[] }>('kerasShapes/graph', {
        uri,
        rankdir: this.rankdir,
        expandNested: this.expandNested,
        expand: [...this.expand],
      });
      // A newer refresh (or another document) took over meanwhile.
      if (request !== this.request || uri !== this.documentUri) return;
      this.frames = (graph.models?.[this.model]?.layout?.clusters ?? []).map((c) => c.id);
      const editor =
        vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri) ??
        (vscode.window.activeTextEditor && this.cellIndex(vscode.window.activeTextEditor.document) !== undefined ? vscode.window.activeTextEditor : undefined);
      const cell = editor && this.cellIndex(editor.document);
      void panel.webview.postMessage({
        type: 'graph',
        graph,
        model: this.model,
        rankdir: this.rankdir,
        expandNested: this.expandNested,
        cursor: editor ? editor.selection.active.line + 1 : null,
        cursorCell: cell === undefined ? null : cell + 1,
      });
    } catch (e) {
      if (request === this.request) void panel.webview.postMessage({ type: 'error', message: `No graph: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** The index of a cell's document in the notebook shown, if it is one of its cells. */
  private cellIndex(document: vscode.TextDocument): number | undefined {
    if (!this.notebook || document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    const index = this.notebook.getCells().findIndex((c) => c.document === document);
    return index === -1 ? undefined : index;
  }

  /** Opens the notebook's cell (1-based, every cell counted) with the cursor at a line of it. */
  private async revealInCell(cellNumber: number, line: number): Promise<void> {
    const notebook = this.notebook;
    if (!notebook || !Number.isInteger(cellNumber) || cellNumber < 1 || cellNumber > notebook.cellCount || !Number.isInteger(line) || line < 1) return;
    const index = cellNumber - 1;
    const cell = notebook.cellAt(index);
    const notebookEditor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    if (notebookEditor) {
      const range = new vscode.NotebookRange(index, index + 1);
      notebookEditor.selections = [range];
      notebookEditor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    }
    const at = cell.document.lineAt(Math.min(line - 1, cell.document.lineCount - 1));
    const start = new vscode.Position(at.lineNumber, at.firstNonWhitespaceCharacterIndex);
    // Showing a cell's document opens it in its notebook editor.
    const editor = await vscode.window.showTextDocument(cell.document, {
      viewColumn: notebookEditor?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
      selection: new vscode.Range(start, start),
    });
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(at.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async reveal(line: number): Promise<void> {
    if (!this.documentUri || !Number.isInteger(line) || line < 1) return;
    const uri = vscode.Uri.parse(this.documentUri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.documentUri);
    const document = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const at = editor.document.lineAt(Math.min(line - 1, editor.document.lineCount - 1));
    const start = new vscode.Position(at.lineNumber, at.firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(at.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
