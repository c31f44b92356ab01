// The VS Code extension: starts the Keras Shapes language server (bundled
// beside this file as server.js) over IPC for Python files, and adds three
// commands: "Show Model Summary" (a webview table, ./summaryView.ts),
// "Show Model Graph" (a webview, ./graphView.ts) and "Check Workspace" (every
// .py and .ipynb file into the Problems panel), and a status bar item saying
// which Keras version the active file is read for and why (the setting, a
// pinned requirement, or the default). No analysis happens here. Its words
// go through vscode.l10n (l10n/bundle.l10n.*.json).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { GraphView } from './graphView';
import { SummaryView } from './summaryView';

interface CheckFileResponse {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly calls: number;
  readonly models: number;
}

/** The server's `kerasShapes/kerasVersion` answer and notification. */
interface KerasVersionView {
  readonly uri: string;
  readonly version: string;
  readonly label: string;
  readonly source: 'setting' | 'manifest' | 'default';
  readonly manifest?: string;
  readonly line?: number;
  readonly description: string;
}

let client: LanguageClient | undefined;

/** The URI the server knows the active editor by: the file, or for a notebook cell the notebook. */
function activeSource(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'python') {
    const uri = editor.document.uri;
    if (uri.scheme === 'vscode-notebook-cell') return vscode.window.activeNotebookEditor?.notebook.uri.toString();
    return uri.toString();
  }
  return vscode.window.activeNotebookEditor?.notebook.uri.toString();
}

/** The status bar item: "tf.keras 2", its tooltip the reason; a click opens the setting. */
class KerasVersionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kerasShapes.kerasVersion', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = vscode.l10n.t('Keras Shapes: Keras version');
    this.item.command = { title: vscode.l10n.t('Change the Keras version'), command: 'workbench.action.openSettings', arguments: ['kerasShapes.kerasVersion'] };
  }

  async update(): Promise<void> {
    const uri = activeSource();
    if (!client || !uri) {
      this.item.hide();
      return;
    }
    try {
      this.show(await client.sendRequest<KerasVersionView>('kerasShapes/kerasVersion', { uri }));
    } catch {
      this.item.hide();
    }
  }

  /** A view the server sent: shown when it is the active file's. */
  show(view: KerasVersionView): void {
    if (view.uri !== activeSource()) return;
    this.item.text = `$(versions) ${view.label}`;
    // The reason is in the views' language (kerasShapes.locale), as the server says it.
    const tooltip = new vscode.MarkdownString().appendText(`Keras Shapes: ${view.description}`);
    if (view.manifest) tooltip.appendMarkdown(`\n\n[${vscode.l10n.t('Open the manifest')}](${vscode.Uri.parse(view.manifest).with({ fragment: `L${view.line ?? 1}` }).toString()})`);
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to change the kerasShapes.kerasVersion setting.')}`);
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

async function checkWorkspace(output: vscode.OutputChannel): Promise<void> {
  if (!client) return;
  const c = client;
  const files = await vscode.workspace.findFiles('**/*.{py,ipynb}', '{**/node_modules/**,**/.venv/**,**/venv/**,**/site-packages/**,**/.git/**}');
  const totals = { errors: 0, warnings: 0, files: 0, models: 0 };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Keras Shapes: checking Python files and notebooks'), cancellable: true },
    async (progress, token) => {
      for (const file of files) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(file), increment: 100 / Math.max(1, files.length) });
        try {
          const bytes = await vscode.workspace.fs.readFile(file);
          const r = await c.sendRequest<CheckFileResponse>('kerasShapes/checkFile', { uri: file.toString(), text: new TextDecoder().decode(bytes) });
          totals.errors += r.errors;
          totals.warnings += r.warnings;
          totals.models += r.models;
          totals.files++;
        } catch (e) {
          output.appendLine(`check ${file.toString()}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    },
  );
  const summary = vscode.l10n.t(
    'Keras Shapes: checked {0} Python file(s) and notebook(s), {1} model(s): {2} error(s), {3} warning(s).',
    totals.files,
    totals.models,
    totals.errors,
    totals.warnings,
  );
  output.appendLine(summary);
  if (totals.errors + totals.warnings > 0) {
    const choice = await vscode.window.showWarningMessage(summary, vscode.l10n.t('Show Problems'));
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
  } else {
    void vscode.window.showInformationMessage(summary);
  }
}

/**
 * Node flags the language server runs with (see README, Performance). Each analysis
 * leaves garbage that lives until the next keystroke: a modest young generation and a
 * heap that grows by half its live size before V8 collects it keep the server small
 * (peak RSS on a 20,000-line file ~115 MB instead of ~155 MB) at the same speed.
 * Less inlining makes V8's optimising compiles several times shorter: they share the
 * machine's cores with the server and the editor while the first keystrokes after
 * opening a file are analysed.
 */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50', '--max-inlined-bytecode-size-cumulative=150'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Keras Shapes');
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // V8's code cache of the server bundle, in this extension's own storage (see server/src/lsp/loader.ts).
  const env = { ...process.env, KERAS_SHAPES_CODE_CACHE: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // Cells of Jupyter notebooks: synchronised as whole notebooks, analysed as one program.
      { notebook: 'jupyter-notebook', language: 'python' },
      { scheme: 'vscode-notebook-cell', language: 'python' },
    ],
    outputChannel: output,
  };
  client = new LanguageClient('kerasShapes', 'Keras Shapes', serverOptions, clientOptions);

  const graphView = new GraphView(() => client);
  // The summary view follows its file (or, for a notebook cell, any cell of its notebook) as it is edited.
  const summaryView = new SummaryView(() => client);
  context.subscriptions.push(
    graphView,
    summaryView,
    vscode.commands.registerCommand('keras-shapes.showGraph', (uri?: unknown, model?: unknown) => graphView.show(uri, model)),
    vscode.commands.registerCommand('keras-shapes.showSummary', (uri?: unknown, model?: unknown) => summaryView.show(uri, model)),
    vscode.commands.registerCommand('keras-shapes.checkWorkspace', () => checkWorkspace(output)),
  );

  const status = new KerasVersionStatus();
  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(() => void status.update()),
    vscode.window.onDidChangeActiveNotebookEditor(() => void status.update()),
  );

  try {
    await client.start();
    output.appendLine(vscode.l10n.t('Keras Shapes server started.'));
    context.subscriptions.push(client.onNotification('kerasShapes/kerasVersion', (view: KerasVersionView) => status.show(view)));
    void status.update();
  } catch (e) {
    output.appendLine(vscode.l10n.t('Keras Shapes server failed to start: {0}', e instanceof Error ? e.message : String(e)));
    output.show(true);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
