// `npm run bench`: end-to-end performance on the generated inputs (bench/generate.ts).
// For each input:
//   parse      tree-sitter parse alone (the floor), median of several runs
//   cold       chunked parse + analysis from scratch, median (and the first run)
//   keystroke  the REAL server (`node out/server/src/lsp/main.js --stdio`) driven over
//              JSON-RPC: 200 incremental didChange edits at seeded random places, each
//              followed by textDocument/inlayHint for the visible range; p50/p95/p99 of
//              the time from sending the change to receiving the hints
//   rss        the server's peak resident memory (VmHWM in /proc/<pid>/status)
//   applications  a transfer-learning file on a ResNet50 / EfficientNetB7 / ConvNeXtXLarge
//              backbone, cold (fresh host) and warm (bench/applications.ts)
//   workspace  a script importing a 20-module workspace (bench/workspace.ts), in the real
//              server with the workspace folder: keystrokes in the script (change → its
//              hints), and keystrokes in an imported block module while the script is
//              open (change → the script's hints, analysed again with the new module)
//   first      server spawn → first inlay hints of the opened file, with V8's code cache of
//              the bundle written by an earlier start (as from the second start on in the
//              editor) and without one (the first start after installing)
// Prints a table and one JSON line; writes only under bench/out/.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type { InlayHint, InitializeParams } from 'vscode-languageserver-protocol';
import { analyzeText } from '../server/src/analysis';
import { defaultAnalysisHost } from '../server/src/analysis/host';
import { LineIndex } from '../server/src/ide/positions';
import { loadPythonParser, parsePython } from '../server/src/python/parser';
import { benchApplications, formatApplicationTimings } from './applications';
import { benchEngine, loadCases } from './engine';
import { benchOut, generateInputs, seededRandom, type BenchInput } from './generate';
import { generateWorkspace } from './workspace';

// The server bundled as the extension ships it (`npm run bench` bundles it into bench/out/server/), else the compiled sources.
const bundledServer = path.join(benchOut, 'server', 'server.js');
const serverMain = fs.existsSync(bundledServer) ? bundledServer : path.resolve(__dirname, '..', 'server', 'src', 'lsp', 'main.js');
/** The Node flags the VS Code extension starts the server with (client/src/extension.ts); BENCH_NODE_FLAGS overrides them. */
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=8 --heap-growing-percent=50 --max-inlined-bytecode-size-cumulative=150').split(' ').filter((f) => f.length > 0);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Lines an editor shows at once: the inlay hint request covers this many around the edit. */
const VISIBLE_LINES = 60;

interface InputResult {
  readonly name: string;
  readonly lines: number;
  readonly calls: number;
  readonly parseMs: number;
  readonly coldMs: number;
  readonly coldFirstMs: number;
  readonly coldOverParse: number;
  /** Cold analyses again once the process has run eight: V8 has compiled the analysis by then. */
  readonly coldSettledMs: number;
  readonly coldSettledOverParse: number;
  readonly keystroke: { p50: number; p95: number; p99: number; max: number; emptyAnswers: number };
  readonly startToFirstHintsMs: number;
  readonly startToFirstHintsNoCacheMs: number;
  readonly serverPeakRssMb: number;
}

/** Where the bundled server keeps V8's code cache during the benchmark (server/src/lsp/loader.ts). */
const codeCacheDir = path.join(benchOut, 'code-cache');

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function measureInProcess(text: string): Promise<{ parseMs: number; coldMs: number; coldFirstMs: number; coldSettledMs: number; calls: number }> {
  const parser = await loadPythonParser();
  let calls = 0;
  const cold = (): number => {
    // From scratch: no engine results remembered from the previous run.
    defaultAnalysisHost().clear();
    const t = performance.now();
    calls = analyzeText(parser, text).calls.length;
    return performance.now() - t;
  };
  const coldFirstMs = cold();
  const parses: number[] = [];
  const colds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    parsePython(parser, text).delete();
    parses.push(performance.now() - t);
    colds.push(cold());
  }
  // The first of these run while V8 is still compiling the analysis; the same again after them does not.
  const settled: number[] = [];
  for (let i = 0; i < RUNS; i++) settled.push(cold());
  return { parseMs: median(parses), coldMs: median(colds), coldFirstMs, coldSettledMs: median(settled), calls };
}

/** Kibibytes → MB of the server's peak resident set, or NaN when /proc is unavailable. */
function peakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface Server {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly started: number;
}

function startServerProcess(codeCache: boolean): Server {
  const started = performance.now();
  const env = { ...process.env, KERAS_SHAPES_CODE_CACHE: codeCache ? codeCacheDir : '' };
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onNotification(() => undefined);
  connection.onRequest(() => null);
  connection.listen();
  return { process: child, connection, started };
}

async function stopServer(s: Server): Promise<void> {
  try {
    await s.connection.sendRequest('shutdown');
    await s.connection.sendNotification('exit');
  } catch {
    // already gone
  }
  s.connection.dispose();
  if (s.process.exitCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        s.process.kill();
        resolve();
      }, 2000);
      s.process.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** One keystroke: where and what, in the document's current text. */
interface Keystroke {
  readonly offset: number;
  readonly deleteLength: number;
  readonly insert: string;
}

/**
 * 200 keystrokes in bursts: at a random place, type a few characters one by
 * one, then delete them one by one (the text is broken while typing, as in an
 * editor, and whole again after each burst).
 */
function keystrokes(text: string, count: number, seed: number): Keystroke[] {
  const rnd = seededRandom(seed);
  const lines = new LineIndex(text);
  const out: Keystroke[] = [];
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789_ ,().';
  while (out.length < count) {
    const line = Math.floor(rnd() * lines.lineCount);
    const lineText = lines.lineText(line);
    const at = lines.offset(line, Math.floor(rnd() * (lineText.length + 1)));
    const burst = Math.min(5, Math.floor((count - out.length) / 2));
    if (burst === 0) break;
    for (let i = 0; i < burst; i++) out.push({ offset: at + i, deleteLength: 0, insert: alphabet[Math.floor(rnd() * alphabet.length)] });
    for (let i = burst - 1; i >= 0; i--) out.push({ offset: at + i, deleteLength: 1, insert: '' });
  }
  return out;
}

/** A server start up to the first hints of `input`, with or without the code cache. */
async function measureFirstHints(input: BenchInput, text: string, codeCache: boolean): Promise<number> {
  const server = startServerProcess(codeCache);
  try {
    return (await openAndFirstHints(server, input, text)).startToFirstHintsMs;
  } finally {
    await stopServer(server);
  }
}

async function openAndFirstHints(server: Server, input: BenchInput, text: string): Promise<{ uri: string; startToFirstHintsMs: number }> {
  const { connection } = server;
  const uri = pathToFileURL(input.file).href;
  // As VS Code does: tooltips of inlay hints are asked for when shown.
  const capabilities = { textDocument: { inlayHint: { resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } } } };
  const init: InitializeParams = { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null };
  await connection.sendRequest('initialize', init);
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  const lines = new LineIndex(text);
  // The first hints: the whole file's first screen (or where its first layer call is).
  const firstLine = Math.max(0, lines.position(text.search(/layers\.\w+\(/)).line);
  let firstHints: InlayHint[] | null = null;
  let startToFirstHintsMs = NaN;
  for (let attempt = 0; attempt < 50 && !(firstHints && firstHints.length > 0); attempt++) {
    firstHints = await connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range: visibleRange(lines, firstLine) });
    startToFirstHintsMs = performance.now() - server.started;
  }
  return { uri, startToFirstHintsMs };
}

function visibleRange(lines: LineIndex, line: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const first = Math.max(0, line - VISIBLE_LINES / 2);
  const last = Math.min(lines.lineCount - 1, first + VISIBLE_LINES);
  return { start: { line: first, character: 0 }, end: { line: last, character: lines.lineText(last).length } };
}

/**
 * Types `count` seeded keystrokes (`seed`) into the open document `uri`, whose
 * text is `text`, asking after each for the hints `hints` gives (with the
 * keystroke's line and the document's lines then): each keystroke's latency,
 * in order, and how many answers had no hint.
 */
async function typeKeystrokes(
  connection: MessageConnection,
  uri: string,
  text: string,
  count: number,
  seed: number,
  hints: (line: number, lines: LineIndex) => Promise<InlayHint[] | null>,
): Promise<{ latencies: number[]; empty: number }> {
  let doc = text;
  let lines = new LineIndex(doc);
  let version = 1;
  const latencies: number[] = [];
  let empty = 0;
  for (const k of keystrokes(text, count, seed)) {
    const start = lines.position(k.offset);
    const end = lines.position(k.offset + k.deleteLength);
    doc = doc.slice(0, k.offset) + k.insert + doc.slice(k.offset + k.deleteLength);
    lines = new LineIndex(doc);
    version++;
    const t = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: start.line, character: start.column }, end: { line: end.line, character: end.column } }, text: k.insert }],
    });
    const answer = await hints(start.line, lines);
    latencies.push(performance.now() - t);
    if (!answer || answer.length === 0) empty++;
  }
  return { latencies, empty };
}

async function measureServer(input: BenchInput, text: string): Promise<Pick<InputResult, 'keystroke' | 'startToFirstHintsMs' | 'serverPeakRssMb'>> {
  const server = startServerProcess(true);
  const { connection } = server;
  const { uri, startToFirstHintsMs } = await openAndFirstHints(server, input, text);
  const { latencies, empty } = await typeKeystrokes(connection, uri, text, EDITS, 7, (line, lines) =>
    connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range: visibleRange(lines, line) }),
  );
  const serverPeakRssMb = peakRssMb(server.process.pid!);
  await stopServer(server);
  // Each keystroke's latency in order, for a look at where the slow ones fall.
  fs.writeFileSync(path.join(benchOut, `latencies-${input.name}.json`), JSON.stringify(latencies.map((x) => Math.round(x * 10) / 10)));
  return {
    keystroke: latencySummary(latencies, empty),
    startToFirstHintsMs,
    serverPeakRssMb,
  };
}

interface Latencies {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly emptyAnswers: number;
}

interface WorkspaceResult {
  readonly modules: number;
  /** Keystrokes in the script that imports the modules. */
  readonly script: Latencies;
  /** Keystrokes in an imported module, each followed by the script's hints. */
  readonly helperToScript: Latencies;
}

function latencySummary(latencies: readonly number[], emptyAnswers: number): Latencies {
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: Math.max(...latencies), emptyAnswers };
}

/** The 20-module workspace in the real server (see the top of this file). */
async function measureWorkspace(): Promise<WorkspaceResult> {
  const ws = generateWorkspace();
  const server = startServerProcess(true);
  const { connection } = server;
  const capabilities = { textDocument: { inlayHint: { resolveSupport: { properties: ['tooltip'] } } }, workspace: { inlayHint: { refreshSupport: true } } };
  const init: InitializeParams = { processId: process.pid, rootUri: pathToFileURL(ws.root).href, capabilities, workspaceFolders: [{ uri: pathToFileURL(ws.root).href, name: 'workspace-20' }] };
  await connection.sendRequest('initialize', init);
  await connection.sendNotification('initialized', {});
  const open = async (file: string): Promise<{ uri: string; text: string }> => {
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    return { uri, text };
  };
  const main = await open(ws.main);
  const mainLines = new LineIndex(main.text);
  const mainRange = visibleRange(mainLines, mainLines.position(main.text.indexOf('inputs = keras.Input')).line);
  const hintsOfMain = () => connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: main.uri }, range: mainRange });
  const first = await hintsOfMain();
  const unknown = (first ?? []).filter((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')).startsWith('?'));
  if (!first || first.length < 18 || unknown.length > 0) throw new Error(`the workspace script has ${first?.length ?? 0} hints, ${unknown.length} unknown: its imports were not followed`);

  const type = async (uri: string, text: string, count: number, hints: (line: number) => Promise<InlayHint[] | null>): Promise<Latencies> => {
    const { latencies, empty } = await typeKeystrokes(connection, uri, text, count, 11, hints);
    fs.writeFileSync(path.join(benchOut, `latencies-workspace-${uri === main.uri ? 'script' : 'helper'}.json`), JSON.stringify(latencies.map((x) => Math.round(x * 10) / 10)));
    return latencySummary(latencies, empty);
  };
  const script = await type(main.uri, main.text, EDITS, (line) =>
    connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: main.uri }, range: visibleRange(new LineIndex(main.text), Math.min(line, mainLines.lineCount - 1)) }),
  );
  // The script back to its text, then edits in a module it imports.
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri: main.uri } });
  const reopened = await open(ws.main);
  await hintsOfMain();
  const helper = await open(ws.helper);
  const helperToScript = await type(helper.uri, helper.text, EDITS, () => hintsOfMain());
  void reopened;
  await stopServer(server);
  return { modules: ws.modules, script, helperToScript };
}

function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

async function main(): Promise<void> {
  if (!fs.existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`npx tsc -p .\` first`);
  console.log(`server: ${path.relative(process.cwd(), serverMain)} ${SERVER_NODE_FLAGS.join(' ')}`);
  const inputs = generateInputs();
  const only = process.env.BENCH_ONLY;
  const results: InputResult[] = [];
  // One start that writes the code cache of this build of the server.
  fs.rmSync(codeCacheDir, { recursive: true, force: true });
  await measureFirstHints(inputs[0], fs.readFileSync(inputs[0].file, 'utf8'), true);
  for (const input of inputs) {
    if (only && !input.name.includes(only)) continue;
    const text = fs.readFileSync(input.file, 'utf8');
    const local = await measureInProcess(text);
    const startToFirstHintsNoCacheMs = await measureFirstHints(input, text, false);
    const remote = await measureServer(input, text);
    results.push({
      name: input.name,
      lines: new LineIndex(text).lineCount,
      calls: local.calls,
      parseMs: local.parseMs,
      coldMs: local.coldMs,
      coldFirstMs: local.coldFirstMs,
      coldOverParse: local.coldMs / local.parseMs,
      coldSettledMs: local.coldSettledMs,
      coldSettledOverParse: local.coldSettledMs / local.parseMs,
      startToFirstHintsNoCacheMs,
      ...remote,
    });
  }
  const workspace = !only || 'workspace'.includes(only) ? await measureWorkspace() : undefined;
  const engine = benchEngine(loadCases(), 2000);
  const applications = await benchApplications();

  const header = ['input', 'lines', 'calls', 'parse ms', 'cold ms', 'cold/parse', 'cold/parse settled', 'key p50', 'key p95', 'key p99', 'first hints ms (no cache)', 'peak RSS MB'];
  const rows = results.map((r) => [
    r.name,
    String(r.lines),
    String(r.calls),
    fmt(r.parseMs),
    `${fmt(r.coldMs)} (1st ${fmt(r.coldFirstMs)})`,
    `${fmt(r.coldOverParse)}×`,
    `${fmt(r.coldSettledOverParse)}×`,
    fmt(r.keystroke.p50),
    fmt(r.keystroke.p95),
    fmt(r.keystroke.p99),
    `${fmt(r.startToFirstHintsMs, 0)} (${fmt(r.startToFirstHintsNoCacheMs, 0)})`,
    fmt(r.serverPeakRssMb, 0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  if (workspace) {
    const l = (x: Latencies) => `p50 ${fmt(x.p50)} ms, p95 ${fmt(x.p95)} ms, p99 ${fmt(x.p99)} ms, max ${fmt(x.max)} ms`;
    console.log(`workspace of ${workspace.modules} modules: keystroke in the importing script ${l(workspace.script)}; keystroke in an imported module → the script's hints ${l(workspace.helperToScript)}`);
  }
  console.log(`engine: ${Math.round(engine.perSecond).toLocaleString('en-US')} layer evaluations/s (${Math.round(engine.perCpuSecond).toLocaleString('en-US')} per CPU second)`);
  console.log(`applications (transfer-learning file):\n${formatApplicationTimings(applications)}`);
  console.log('targets: keystroke p95 ≤ 16 ms (functional_1000, resnet152) · cold ≤ 3× parse · peak RSS ≤ 150 MB (large_20k) · first hints ≤ 500 ms · engine ≥ 200,000/s · warm ResNet50 backbone ≤ 10 ms');
  const summary = {
    bench: 'keras-shapes',
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    edits: EDITS,
    inputs: results,
    workspace,
    engine: { perSecond: Math.round(engine.perSecond), perCpuSecond: Math.round(engine.perCpuSecond) },
    applications,
  };
  const json = JSON.stringify(summary);
  fs.writeFileSync(path.join(benchOut, 'results.json'), `${json}\n`);
  console.log(json);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
