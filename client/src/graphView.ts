// "Show Model Graph": a webview beside the code that draws a model's graph as
// SVG from what the language server sends (kerasShapes/graph: the graphs with
// their layout already computed). Clicking a box reveals its layer's line;
// moving the cursor onto a layer call highlights its box; edits redraw it
// (debounced) without losing pan and zoom. Colours come from the editor's
// theme (CSS variables); scripts run only with this panel's nonce.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { webviewHtml } from './graphWebview';

const VIEW_TYPE = 'kerasShapes.graph';
const REFRESH_DELAY_MS = 400;

/** Messages from the webview. */
type FromWebview = { readonly type: 'ready' } | { readonly type: 'reveal'; readonly line: number } | { readonly type: 'model'; readonly index: number } | { readonly type: 'rankdir'; readonly value: 'TB' | 'LR' } | { readonly type: 'expand'; readonly value: boolean };

export class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private documentUri: string | undefined;
  private model = 0;
  private rankdir: 'TB' | 'LR' = 'TB';
  private expandNested = false;
  private timer: NodeJS.Timeout | undefined;
  private request = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document.uri.toString() === this.documentUri) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.panel && e.textEditor.document.uri.toString() === this.documentUri) {
          void this.panel.webview.postMessage({ type: 'cursor', line: e.selections[0].active.line + 1 });
        }
      }),
    );
  }

  /** Opens (or retargets) the panel on a document's model; without arguments, the active Python editor's first model. */
  async show(uriArg?: unknown, modelArg?: unknown): Promise<void> {
    const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : vscode.window.activeTextEditor?.document.languageId === 'python' ? vscode.window.activeTextEditor.document.uri.toString() : undefined;
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Keras Shapes: open a Python file with a Keras model first.'));
      return;
    }
    this.documentUri = uri;
    this.model = typeof modelArg === 'number' ? modelArg : 0;
    const title = `Graph: ${path.posix.basename(vscode.Uri.parse(uri).path) || 'untitled'}`;
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
    else if (m.type === 'reveal') void this.reveal(m.line);
    else if (m.type === 'model') this.model = m.index;
    else if (m.type === 'rankdir') {
      this.rankdir = m.value === 'LR' ? 'LR' : 'TB';
      void this.refresh();
    } else if (m.type === 'expand') {
      this.expandNested = m.value === true;
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
      const graph: unknown = await client.sendRequest('kerasShapes/graph', { uri, rankdir: this.rankdir, expandNested: this.expandNested });
      // A newer refresh (or another document) took over meanwhile.
      if (request !== this.request || uri !== this.documentUri) return;
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
      void panel.webview.postMessage({ type: 'graph', graph, model: this.model, rankdir: this.rankdir, expandNested: this.expandNested, cursor: editor ? editor.selection.active.line + 1 : null });
    } catch (e) {
      if (request === this.request) void panel.webview.postMessage({ type: 'error', message: `No graph: ${e instanceof Error ? e.message : String(e)}` });
    }
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
