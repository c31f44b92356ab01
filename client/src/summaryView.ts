// "Show Model Summary": a webview that lays each model's summary out as a
// table fitting the view (./summaryWebview.ts), from what the language server
// sends (kerasShapes/summary: the rows' cells and totals, in the user's
// language). It opens in its own tab beside the code, follows the file as it
// is edited (debounced), and for a notebook cell follows the whole notebook.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { summaryHtml } from './summaryWebview';

const VIEW_TYPE = 'kerasShapes.summary';
const REFRESH_DELAY_MS = 300;

interface SummaryResponse {
  readonly text: string;
  readonly models: readonly string[];
  readonly tables?: readonly unknown[];
}

/** What a summary follows: the file, or the notebook of a cell (cells of one notebook differ only in their fragment). */
export function summarySource(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  return parsed.scheme === 'vscode-notebook-cell' ? parsed.with({ fragment: '' }).toString() : uri;
}

export class SummaryView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private documentUri: string | undefined;
  private model: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private request = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && this.documentUri && e.document.languageId === 'python' && summarySource(e.document.uri.toString()) === summarySource(this.documentUri)) this.scheduleRefresh();
      }),
    );
  }

  /** Opens (or retargets) the view on a document's model (all its models without one); without a document, the active Python editor's. */
  async show(uriArg?: unknown, modelArg?: unknown): Promise<void> {
    let uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : undefined;
    if (!uri) {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'python') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Keras Shapes: open a Python file with a Keras model first.'));
        return;
      }
      uri = editor.document.uri.toString();
    }
    this.documentUri = uri;
    this.model = typeof modelArg === 'number' ? modelArg : undefined;
    const base = path.posix.basename(vscode.Uri.parse(summarySource(uri)).path) || 'untitled';
    const title = vscode.l10n.t('{0} summary', base);
    if (this.panel) {
      this.panel.title = title;
      // Where it is, unless that is where the code is: then beside the code, never over it.
      const code = vscode.window.activeTextEditor?.viewColumn;
      const column = this.panel.viewColumn;
      this.panel.reveal(column !== undefined && column !== code ? column : vscode.ViewColumn.Beside, false);
    } else {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false });
      this.panel.webview.html = summaryHtml(this.panel.webview.cspSource, randomBytes(16).toString('base64'));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
      this.panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m.type === 'ready') void this.refresh();
      });
    }
    await this.refresh();
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
    const labels = { expand: vscode.l10n.t('Expand'), collapse: vscode.l10n.t('Collapse') };
    if (!client) {
      void panel.webview.postMessage({ type: 'summary', tables: [], model: null, text: vscode.l10n.t('The Keras Shapes server is not running.'), labels });
      return;
    }
    const request = ++this.request;
    try {
      const r = await client.sendRequest<SummaryResponse>('kerasShapes/summary', { uri });
      // A newer refresh (or another document) took over meanwhile.
      if (request !== this.request || uri !== this.documentUri) return;
      void panel.webview.postMessage({ type: 'summary', tables: r.tables ?? [], model: this.model ?? null, text: r.text, labels });
    } catch (e) {
      if (request === this.request) {
        void panel.webview.postMessage({ type: 'summary', tables: [], model: null, text: vscode.l10n.t('No summary: {0}', e instanceof Error ? e.message : String(e)), labels });
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
