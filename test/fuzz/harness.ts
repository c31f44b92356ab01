// A seeded fuzzer for the parser + analysis + views: every input is parsed,
// analysed and rendered (hints, diagnostics, lenses, hovers, summaries), and
// must come back without an exception, within the step budget, within a
// wall-clock sanity bound, and with every range inside the text.
//
//   const report = await runFuzz({ seed: 42, seconds: 30 });
//   report.failures.length === 0
//
// Inputs: the examples, the golden programs and a sample of the Python
// standard library on this machine, each mutated by (a) typing it prefix by
// prefix, (b) deleting tokens and inserting brackets, quotes and colons,
// (c) inserting random Unicode (CJK, emoji, combining marks, lone surrogates).
// Nothing here has side effects on import; `main.ts` is the command line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { isDeepStrictEqual } from 'node:util';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisResult, type LayerCall, type TextRange } from '../../server/src/analysis';
import { DocumentStore } from '../../server/src/lsp/documents';
import { loadPythonParser } from '../../server/src/python/parser';
import { codeLenses } from '../../server/src/ide/codeLens';
import { diagnostics as diagnosticViews } from '../../server/src/ide/diagnostics';
import { hoverAt } from '../../server/src/ide/hover';
import { inlayHints } from '../../server/src/ide/inlayHints';
import { renderModelSummary } from '../../server/src/ide/summaryTable';
import { goldenDir, repoRoot } from '../goldenPath';

// ------------------------------------------------------------------ random

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

// ------------------------------------------------------------------ corpus

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
}

export interface CorpusOptions {
  /** How many standard-library files to sample (0 for none). */
  readonly stdlibFiles?: number;
  /** Standard-library files larger than this are skipped. */
  readonly maxStdlibBytes?: number;
}

function pyFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** Top-level `.py` files of the Python installations found under /usr/lib and /usr/local/lib. */
export function stdlibFiles(): string[] {
  const out: string[] = [];
  for (const root of ['/usr/lib', '/usr/local/lib']) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(root).filter((d) => /^python3(\.\d+)?$/.test(d)).sort();
    } catch {
      continue;
    }
    for (const d of entries) out.push(...pyFilesIn(path.join(root, d)), ...pyFilesIn(path.join(root, d, 'json')), ...pyFilesIn(path.join(root, d, 'email')));
  }
  return out;
}

export function loadCorpus(rng: Rng, options: CorpusOptions = {}): CorpusFile[] {
  const files: CorpusFile[] = [];
  const add = (file: string, label: string): void => {
    try {
      files.push({ name: label, text: fs.readFileSync(file, 'utf8') });
    } catch {
      // unreadable: skip
    }
  };
  for (const f of pyFilesIn(path.join(repoRoot, 'examples'))) add(f, `examples/${path.basename(f)}`);
  for (const f of pyFilesIn(path.join(goldenDir(), 'programs'))) add(f, `golden/${path.basename(f)}`);
  const wanted = options.stdlibFiles ?? 40;
  const maxBytes = options.maxStdlibBytes ?? 60_000;
  if (wanted > 0) {
    const candidates = stdlibFiles().filter((f) => {
      try {
        return fs.statSync(f).size <= maxBytes;
      } catch {
        return false;
      }
    });
    for (const f of rng.shuffle(candidates).slice(0, wanted)) add(f, `stdlib/${path.basename(path.dirname(f))}/${path.basename(f)}`);
  }
  return files;
}

// ------------------------------------------------------------------ mutations

export type MutationKind = 'prefix' | 'tokens' | 'unicode' | 'original';

export interface FuzzInput {
  readonly source: string;
  readonly kind: MutationKind;
  readonly text: string;
}

/** Every prefix of `text` as if typed character by character; at most `maxPrefixes`, evenly strided, always including the full text. */
export function* prefixes(text: string, maxPrefixes: number): Generator<string> {
  const stride = Math.max(1, Math.ceil(text.length / maxPrefixes));
  for (let i = 0; i < text.length; i += stride) yield text.slice(0, i);
  yield text;
}

const INSERTIONS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', ':', ',', '=', '\\', '\n', '    ', '\t', '#', '*', '**', '.', 'lambda', 'def ', 'class ', 'for ', 'if ', 'else:', 'return', '@', 'f"{', '0', '-1', '10**30', 'None', 'Dense(', ')(x)'];

/** Random token deletions and insertions of brackets, quotes, colons and keywords. */
export function mutateTokens(text: string, rng: Rng): string {
  const tokens = text.match(/\s+|\w+|[^\s\w]/g) ?? [];
  const edits = 1 + rng.int(6);
  for (let k = 0; k < edits; k++) {
    const at = rng.int(tokens.length + 1);
    const r = rng.next();
    if (r < 0.4 && tokens.length > 0) tokens.splice(Math.min(at, tokens.length - 1), 1 + rng.int(3));
    else if (r < 0.9) tokens.splice(at, 0, rng.pick(INSERTIONS));
    else if (tokens.length > 0) {
      // Duplicate a run of tokens (repeats a statement or an argument).
      const len = 1 + rng.int(20);
      tokens.splice(at, 0, ...tokens.slice(at, at + len));
    }
  }
  return tokens.join('');
}

const UNICODE_POOL: readonly string[] = [
  '中', '文', '変数', '층', '😀', '🧠', '👩‍💻', '🇫🇷', '\u0301', '\u0308\u0323', 'é', 'ﬁ', '\u200b', '\u200d', '\u2028', '\u2029', '\ufeff',
  '\ud800', '\udfff', '\udc00\ud800', '\u0000', '\r', '\r\n', '\u00a0', 'Ω', 'ß', '𝔘', 'ℌ', '\u{10ffff}', '\ufffd',
];

/** Random Unicode inserted anywhere, including inside identifiers, strings and between surrogate halves. */
export function mutateUnicode(text: string, rng: Rng): string {
  let out = text;
  const edits = 1 + rng.int(5);
  for (let k = 0; k < edits; k++) {
    const at = rng.int(out.length + 1);
    let piece = rng.pick(UNICODE_POOL);
    if (rng.next() < 0.2) piece = String.fromCharCode(rng.int(0x10000));
    if (rng.next() < 0.1) piece = piece.repeat(1 + rng.int(50));
    out = out.slice(0, at) + piece + out.slice(at);
  }
  return out;
}

// ------------------------------------------------------------------ checks

export interface FuzzOptions {
  readonly seed: number;
  /** Stop starting new cases after this many seconds. */
  readonly seconds: number;
  /** Stop after this many cases (default: no limit). */
  readonly maxCases?: number;
  readonly config?: AnalysisConfig;
  /** Wall-clock bound of one parse + analysis + views, in milliseconds. */
  readonly caseMillis?: number;
  /** Prefixes per corpus file (typing simulation). */
  readonly prefixesPerFile?: number;
  readonly corpus?: CorpusOptions;
  /** Called before each case (e.g. to save the input, so a crash of the whole process leaves it behind). */
  readonly onCase?: (input: FuzzInput) => void;
  /** Called with each failure as it is found (e.g. to save the input). */
  readonly onFailure?: (f: FuzzFailure) => void;
}

export interface FuzzFailure {
  readonly source: string;
  readonly kind: MutationKind;
  readonly problem: string;
  readonly text: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly files: number;
  readonly corpusBytes: number;
  readonly cases: number;
  readonly byKind: Record<MutationKind, number>;
  readonly millis: number;
  /** The slowest case, in milliseconds. */
  readonly slowestMillis: number;
  /** Which input the slowest case was, and its text. */
  readonly slowestInput: string;
  readonly slowestText: string;
  readonly maxSteps: number;
  readonly budgetExhausted: number;
  /** Of the editor's hint requests: those answered by a run that stopped after their range, and runs resumed from a checkpoint. */
  readonly editor: { readonly partialAnswers: number; readonly resumed: number };
  readonly failures: readonly FuzzFailure[];
}

/** The fuzz config: the default analysis with a smaller step budget, so a case is quick. */
export const FUZZ_ANALYSIS_CONFIG: AnalysisConfig = { ...DEFAULT_ANALYSIS_CONFIG, stepBudget: 200_000 };

function rangeProblem(what: string, r: TextRange, length: number): string | undefined {
  if (!Number.isInteger(r.start) || !Number.isInteger(r.end) || r.start < 0 || r.end > length || r.start > r.end) {
    return `${what} range ${r.start}..${r.end} outside the text (length ${length})`;
  }
  return undefined;
}

/** Every problem with one result: budget overrun, ranges outside the text. */
export function resultProblems(result: AnalysisResult, text: string, config: AnalysisConfig): string[] {
  const problems: string[] = [];
  const n = text.length;
  if (!(result.steps <= config.stepBudget)) problems.push(`steps ${result.steps} > budget ${config.stepBudget}`);
  for (const c of result.calls) {
    const p = rangeProblem(`call ${c.className}`, c.range, n);
    if (p) problems.push(p);
    if (!(c.hintOffset >= 0 && c.hintOffset <= n)) problems.push(`hint offset ${c.hintOffset} outside the text`);
  }
  for (const m of result.models) {
    const p = rangeProblem(`model ${m.name}`, m.range, n);
    if (p) problems.push(p);
  }
  for (const d of result.diagnostics) {
    const p = rangeProblem(`diagnostic ${d.code}`, d.range, n);
    if (p) problems.push(p);
  }
  return problems;
}

/**
 * The editor's path through the same inputs: one open document per source
 * file, changed to each new input of that file, its inlay hints asked for a
 * random range (answered from checkpoints and runs that stop after the range)
 * and now and then its whole analysis. Both must equal the fresh analysis.
 */
export class EditorReplay {
  private readonly store = new DocumentStore(
    (_uri, e) => {
      throw e;
    },
    { minCheckpointSpacing: 200 },
  );
  private readonly versions = new Map<string, number>();

  counts(): { partialAnswers: number; resumed: number } {
    let resumed = 0;
    for (const uri of this.versions.keys()) resumed += this.store.checkpointsOf(uri)?.resumed ?? 0;
    return { partialAnswers: this.store.partialAnswers, resumed };
  }

  check(parser: Parser, source: string, text: string, config: AnalysisConfig, fresh: AnalysisResult, rng: Rng): string[] {
    const uri = `file:///fuzz/${encodeURIComponent(source)}`;
    const previous = this.versions.get(uri);
    const version = (previous ?? 0) + 1;
    if (previous === undefined) this.store.openDocument(uri, 'python', version, text);
    else this.store.change(uri, version, [{ text }]);
    this.versions.set(uri, version);
    const start = rng.int(text.length + 1);
    const range = { start, end: Math.min(text.length, start + rng.int(3000)) };
    const inRange = (calls: readonly LayerCall[]) => calls.filter((c) => c.hintOffset >= range.start && c.hintOffset <= range.end);
    const problems: string[] = [];
    try {
      const answer = this.store.callsIn(uri, range, parser, config, 'fuzz');
      if (!answer || !isDeepStrictEqual(inRange(answer.calls), inRange(fresh.calls))) problems.push(`the editor's hints of ${range.start}-${range.end} differ from a fresh analysis`);
      if (rng.next() < 0.2 && !isDeepStrictEqual(this.store.snapshot(uri, parser, config, 'fuzz')?.result, fresh)) problems.push(`the editor's analysis differs from a fresh one`);
    } catch (e) {
      problems.push(`the editor's analysis threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    return problems;
  }
}

/** Parses, analyses and renders every view of one text; returns the problems found and the result. */
export function checkText(parser: Parser, text: string, config: AnalysisConfig, rng: Rng): { problems: string[]; result?: AnalysisResult } {
  let result: AnalysisResult;
  try {
    result = analyzeText(parser, text, config);
  } catch (e) {
    return { problems: [`analysis threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`] };
  }
  const problems = resultProblems(result, text, config);
  try {
    for (const h of inlayHints(result, { start: 0, end: text.length })) {
      if (!(h.offset >= 0 && h.offset <= text.length)) problems.push(`inlay hint at ${h.offset} outside the text`);
    }
    diagnosticViews(result);
    codeLenses(result);
    for (const m of result.models) renderModelSummary(m);
    for (let k = 0; k < 3; k++) hoverAt(result, text, rng.int(text.length + 1));
    for (const c of result.calls) hoverAt(result, text, c.range.start);
  } catch (e) {
    problems.push(`a view threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return { problems, result };
}

/** The inputs of a run, lazily: originals, typed prefixes, token and Unicode mutations, interleaved across files. */
export function* fuzzInputs(corpus: readonly CorpusFile[], rng: Rng, prefixesPerFile: number): Generator<FuzzInput> {
  for (const f of corpus) yield { source: f.name, kind: 'original', text: f.text };
  const typing = corpus.map((f) => ({ f, it: prefixes(f.text, prefixesPerFile) }));
  if (corpus.length === 0) return;
  for (;;) {
    for (const t of typing) {
      // A few prefixes of each file per round, so a short run still covers every file.
      for (let k = 0; k < 8; k++) {
        const next = t.it.next();
        if (next.done) break;
        yield { source: t.f.name, kind: 'prefix', text: next.value };
      }
      const base = rng.pick(corpus);
      yield { source: base.name, kind: 'tokens', text: mutateTokens(base.text, rng) };
      const other = rng.pick(corpus);
      yield { source: other.name, kind: 'unicode', text: mutateUnicode(other.text, rng) };
      // Both at once, on a random prefix: what a half-typed file in an odd script looks like.
      const third = rng.pick(corpus);
      const cut = third.text.slice(0, rng.int(third.text.length + 1));
      yield { source: third.name, kind: rng.next() < 0.5 ? 'tokens' : 'unicode', text: mutateUnicode(mutateTokens(cut, rng), rng) };
    }
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const parser = await loadPythonParser();
  const rng = new Rng(options.seed);
  const config = options.config ?? FUZZ_ANALYSIS_CONFIG;
  const caseMillis = options.caseMillis ?? 20_000;
  const corpus = loadCorpus(rng, options.corpus);
  const editor = new EditorReplay();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const byKind: Record<MutationKind, number> = { original: 0, prefix: 0, tokens: 0, unicode: 0 };
  const failures: FuzzFailure[] = [];
  let cases = 0;
  let slowest = 0;
  let slowestInput = '';
  let slowestText = '';
  let maxSteps = 0;
  let exhausted = 0;
  for (const input of fuzzInputs(corpus, rng, options.prefixesPerFile ?? 400)) {
    if (performance.now() > deadline || (options.maxCases !== undefined && cases >= options.maxCases)) break;
    options.onCase?.(input);
    const t0 = performance.now();
    const { problems, result } = checkText(parser, input.text, config, rng);
    if (result) problems.push(...editor.check(parser, input.source, input.text, config, result, rng));
    const dt = performance.now() - t0;
    cases++;
    byKind[input.kind]++;
    if (dt > slowest) {
      slowest = dt;
      slowestText = input.text;
      slowestInput = `${input.kind} of ${input.source} (${input.text.length} chars${result ? `, ${result.steps} steps` : ''})`;
    }
    if (result) {
      maxSteps = Math.max(maxSteps, result.steps);
      if (result.budgetExhausted) exhausted++;
    }
    if (dt > caseMillis) problems.push(`took ${Math.round(dt)} ms (bound ${caseMillis} ms)`);
    for (const problem of problems) {
      const failure: FuzzFailure = { source: input.source, kind: input.kind, problem, text: input.text };
      failures.push(failure);
      options.onFailure?.(failure);
    }
    // Let timers and other tests breathe between cases.
    if (cases % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  return {
    seed: options.seed,
    files: corpus.length,
    corpusBytes: corpus.reduce((n, f) => n + f.text.length, 0),
    cases,
    byKind,
    millis: performance.now() - started,
    slowestMillis: slowest,
    slowestInput,
    slowestText,
    maxSteps,
    budgetExhausted: exhausted,
    editor: editor.counts(),
    failures,
  };
}

export function formatReport(r: FuzzReport): string {
  const kinds = Object.entries(r.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `fuzz seed ${r.seed}: ${r.cases} cases (${kinds}) from ${r.files} files (${r.corpusBytes.toLocaleString('en-US')} chars) in ${(r.millis / 1000).toFixed(1)} s`,
    `slowest case ${Math.round(r.slowestMillis)} ms (${r.slowestInput}), max steps ${r.maxSteps}, budget exhausted in ${r.budgetExhausted} cases`,
    `editor: ${r.editor.partialAnswers} hint requests answered by partial runs, ${r.editor.resumed} runs resumed from checkpoints`,
    `${r.failures.length} failures`,
    ...r.failures.slice(0, 20).map((f) => `  [${f.kind}] ${f.source}: ${f.problem.split('\n')[0]}`),
  ].join('\n');
}
