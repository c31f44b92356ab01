// Entry points of the analysis: a file's text in, an AnalysisResult out.
// The interpreter (interpreter/, with Keras's semantics from keras/) runs
// under a step budget; when the budget runs out the result holds everything
// found so far and a note.
//
// With a document's SyntaxCache and CheckpointStore (the editor keeps one of
// each per open file), a run starts from the state saved before the first
// top-level chunk that changed, and `analyzeRange` runs only as far as a
// range of lines needs, when nothing after that can change their hints.
import type { Parser } from 'web-tree-sitter';
import { FunctionDefinition } from '../python/nodes';
import { parseModule, type ChunkSyntax, type SkipChunk, type SyntaxCache, type SyntaxNode } from '../python/syntax';
import type { CheckpointStore } from './checkpoint';
import { BudgetExhausted } from './interpreter/evaluator';
import { Interpreter } from './interpreter/interpreter';
import { KerasRuntime } from './keras/runtime';
import { defaultAnalysisHost, type AnalysisHost } from './host';
import type { ModuleContext } from './modules';
import { Uncopyable } from './stateCopy';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisResult, type Diagnostic, type ImportedLayerCall, type TextRange } from './types';

interface Run {
  readonly root: SyntaxNode;
  readonly interp: Interpreter<KerasRuntime>;
  readonly extra: Diagnostic[];
  readonly budgetExhausted: boolean;
  /** Chunks the parse left out (see SkipChunk): their statements did not run. */
  readonly skipped: number;
}

/**
 * Runs the module's top-level statements, those starting after `until` left
 * out. Resumes from, and saves, checkpoints when given a store and a cache.
 */
function run<T>(
  parser: Parser,
  text: string,
  config: AnalysisConfig,
  syntaxCache: SyntaxCache | undefined,
  checkpoints: CheckpointStore | undefined,
  until: number,
  host: AnalysisHost,
  finish: (r: Run) => T,
  before?: (root: SyntaxNode) => T | undefined,
  skip?: SkipChunk,
  modules?: ModuleContext,
): T {
  // CPython refuses a non-breaking space in code; the rest of the file is read as if it were a space.
  const hasNbsp = text.includes('\u00a0');
  const source = hasNbsp ? text.replace(/\u00a0/g, ' ') : text;
  const root = parseModule(parser, source, syntaxCache, until, skip);
  const skipped = syntaxCache ? syntaxCache.skipped : 0;
  const early = before?.(root);
  if (early !== undefined) return early;
  const r = runFrom(root, source, config, syntaxCache, checkpoints, until, host, skipped, modules);
  const invalid = hasNbsp ? invalidCharacter(text, root) : -1;
  if (invalid !== -1 && invalid <= until) r.interp.report({ start: invalid, end: invalid + 1 }, 'error', 'syntax-error', 'invalid non-printable character U+00A0');
  return finish(r);
}

/** The offset of the first U+00A0 outside strings and comments, or -1. */
function invalidCharacter(text: string, root: SyntaxNode): number {
  for (let i = text.indexOf('\u00a0'); i !== -1; i = text.indexOf('\u00a0', i + 1)) {
    let inText = false;
    for (let n: SyntaxNode | undefined = root; n && !inText; ) {
      n = n.children.find((c) => c.startIndex <= i && i < c.endIndex);
      if (n && (n.type === 'string' || n.type === 'comment')) inText = true;
    }
    if (!inText) return i;
  }
  return -1;
}

/** `run` after the parse: from a copy of the latest checkpoint that applies, or from the top. */
function runFrom(
  root: SyntaxNode,
  text: string,
  config: AnalysisConfig,
  syntaxCache: SyntaxCache | undefined,
  checkpoints: CheckpointStore | undefined,
  until: number,
  host: AnalysisHost,
  skipped = 0,
  modules?: ModuleContext,
): Run {
  const chunks = syntaxCache?.last ? parsedPrefix(syntaxCache.last.chunks) : undefined;
  const store = chunks ? checkpoints : undefined;
  let interp: Interpreter<KerasRuntime> | undefined;
  let first = 0;
  if (store && chunks) {
    const checkpoint = store.resume(chunks, config);
    if (checkpoint) {
      try {
        interp = store.stateFor(checkpoint, text);
        first = checkpoint.chunks.length;
      } catch (e) {
        if (!(e instanceof Uncopyable)) throw e;
      }
    }
  }
  interp ??= newInterpreter(text, config, host, modules);
  const groups: (readonly SyntaxNode[])[] = chunks ? chunks.map((c) => c.statements) : [root.namedChildren];
  if (chunks && skipped > 0) {
    // After the first chunk left out, the root's other statements run as one group (no checkpoint inside it).
    let before = 0;
    for (const c of chunks) before += c.statements.length;
    groups.push(root.children.slice(before));
  }
  const editChunk = store && chunks ? store.firstChange(chunks, syntaxCache?.edited) : -1;
  let stepsAtCheckpoint = interp.steps;
  let budgetExhausted = false;
  let complete = true;
  const extra: Diagnostic[] = [];
  try {
    outer: for (let k = first; k < groups.length; k++) {
      if (store && chunks && k > first && store.wants(k, interp.steps - stepsAtCheckpoint, editChunk) && store.take(interp, k, chunks, config)) {
        stepsAtCheckpoint = interp.steps;
      }
      for (const stmt of groups[k]) {
        if (!stmt.isNamed) continue;
        if (stmt.startIndex > until) {
          complete = false;
          break outer;
        }
        if (!interp.runTopLevel(stmt)) break outer;
      }
    }
  } catch (e) {
    complete = false;
    if (e instanceof BudgetExhausted) {
      budgetExhausted = true;
      // At the statement that was running when the budget ran out (its first line).
      const at = interp.statement;
      const lineEnd = at ? text.indexOf('\n', at.startIndex) : -1;
      const range = at ? { start: at.startIndex, end: lineEnd === -1 || lineEnd > at.endIndex ? at.endIndex : lineEnd } : { start: 0, end: 0 };
      extra.push({
        range,
        severity: 'info',
        code: 'budget-exhausted',
        message:
          e.by === 'steps'
            ? `Analysis stopped after ${config.stepBudget.toLocaleString('en-US')} steps (a loop or recursion too long to follow); results after that point are not shown.`
            : `Analysis stopped after ${config.timeBudgetMs ?? 0} ms (a loop or recursion too long to follow); results after that point are not shown.`,
      });
    } else if (e instanceof RangeError) {
      // Deeply nested code can exhaust the JS stack: keep what was found.
      extra.push({ range: { start: 0, end: 0 }, severity: 'info', code: 'budget-exhausted', message: 'Analysis stopped: the code is nested too deeply to follow.' });
    } else {
      throw e;
    }
  }
  if (store && chunks) store.ran(chunks, complete && skipped === 0 ? interp.steps : null);
  return { root, interp, extra, budgetExhausted, skipped };
}

/** For each model whose totals are not known, one note where the analysis first lost track of its shapes (one per place). */
function shapesLost(models: AnalysisResult['models']): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const m of models) {
    const at = m.unknownAt;
    if (at === undefined || seen.has(at.range.start)) continue;
    seen.add(at.range.start);
    out.push({
      range: at.range,
      severity: 'info',
      code: 'shapes-lost',
      message: `Model '${m.kerasName}': the analysis loses track of its shapes here, so its total params are not known: ${at.reason}.`,
      lost: { model: m.kerasName, reason: at.reason },
    });
  }
  return out;
}

/** An interpreter with Keras's semantics, at the start of a module. */
export function newInterpreter(text: string, config: AnalysisConfig, host: AnalysisHost = defaultAnalysisHost(), modules?: ModuleContext): Interpreter<KerasRuntime> {
  return new Interpreter(text, config, (interp) => new KerasRuntime(interp, host), modules);
}

/** The chunks of a parse up to the first one it left out (see parseModule's `until`). */
function parsedPrefix(chunks: readonly (ChunkSyntax | undefined)[]): readonly ChunkSyntax[] {
  // Not indexOf: the chunks left out may be holes of a sparse array, which it skips.
  let n = 0;
  while (n < chunks.length && chunks[n] !== undefined) n++;
  return (n === chunks.length ? chunks : chunks.slice(0, n)) as readonly ChunkSyntax[];
}

/**
 * Parses and analyses a file. Never throws on user input. `syntaxCache` (one
 * per open document) lets the next analysis of the same document reuse the
 * syntax of unchanged top-level chunks, and `checkpoints` (one per open
 * document too) the interpreter's state before them; the result is the same
 * with or without them. `host` holds what analyses share (the engine's
 * memoised results); the result does not depend on it either.
 */
export function analyzeSource(
  parser: Parser,
  text: string,
  config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG,
  syntaxCache?: SyntaxCache,
  checkpoints?: CheckpointStore,
  host: AnalysisHost = defaultAnalysisHost(),
  modules?: ModuleContext,
): AnalysisResult {
  return run(parser, text, config, syntaxCache, checkpoints, Infinity, host, (r) => resultOf(r, config, undefined), undefined, undefined, modules);
}

/**
 * The result of a run, as plain data: the whole analysis, or (`range`
 * given, for a run that stopped after it) the calls whose hints lie in the
 * range, and no models.
 */
function resultOf({ interp, extra, budgetExhausted }: Run, config: AnalysisConfig, range: TextRange | undefined): AnalysisResult {
  let calls: AnalysisResult['calls'] = [];
  let models: AnalysisResult['models'] = [];
  let importedCalls: readonly ImportedLayerCall[] = [];
  try {
    ({ calls, models, importedCalls } = interp.keras.results(range));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  const result: AnalysisResult = {
    calls,
    models,
    diagnostics: [...interp.diagnostics, ...extra, ...shapesLost(models)].sort((a, b) => a.range.start - b.range.start),
    steps: Math.min(interp.steps, config.stepBudget),
    budgetExhausted,
    partial: range !== undefined,
  };
  const imports = interp.loader?.dependencies();
  if (imports === undefined || imports.length === 0) return result;
  return importedCalls.length > 0 ? { ...result, imports, importedCalls } : { ...result, imports };
}

export function analyzeText(parser: Parser, text: string, config: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG, host: AnalysisHost = defaultAnalysisHost(), modules?: ModuleContext): AnalysisResult {
  return analyzeSource(parser, text, config, undefined, undefined, host, modules);
}

/** Definitions whose code can run again later, from a call after the range. */
const DEFERRED = new Set(['function_definition', 'class_definition', 'decorated_definition', 'lambda']);

/** definesCode of the nodes asked about (syntax never changes). */
const definesCodeMemo = new WeakMap<SyntaxNode, boolean>();

/** Whether `node` holds code that a later statement may run (a def, class or lambda). */
function definesCode(node: SyntaxNode): boolean {
  let known = definesCodeMemo.get(node);
  if (known === undefined) {
    known = findsDeferred(node);
    definesCodeMemo.set(node, known);
  }
  return known;
}

function findsDeferred(node: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as SyntaxNode;
    if (DEFERRED.has(n.type)) return true;
    for (const c of n.namedChildren) stack.push(c);
  }
  return false;
}

/**
 * Whether `before`, `name`, `after` cannot hold the identifier `name`: tree-sitter
 * reads an ASCII letter, digit or `_` after it, or a letter or `_` before it,
 * as part of a longer identifier. A digit before it may end a number
 * (`30name` is `30` and `name` in broken code), and other characters may not
 * belong to identifiers at all: those occurrences count as mentions.
 */
function partOfLongerName(before: string | undefined, after: string | undefined): boolean {
  return (before !== undefined && /[A-Za-z_]/.test(before)) || (after !== undefined && /[A-Za-z0-9_]/.test(after));
}

/**
 * Whether every mention of `name` in `text` lies in [from, to] and is
 * followed by `(`: then the function of that name defined there runs only
 * from calls there, and no value can carry it past `to` (the interpreter
 * reaches a function only through its name: it has no `globals()` or
 * `getattr` on modules). Mentions in strings and comments count too.
 */
function onlyCalledWithin(text: string, name: string, from: number, to: number): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (partOfLongerName(text[at - 1], text[at + name.length])) continue;
    if (at < from || at + name.length > to) return false;
    let next = at + name.length;
    while (text[next] === ' ' || text[next] === '\t') next++;
    if (text[next] !== '(') return false;
  }
  return true;
}

/**
 * Whether the statements up to `until` may define code that a statement
 * after the ones overlapping `range` runs. A plain top-level def there is
 * safe when it holds no nested def, class or lambda and its name is only
 * called, and only within those statements.
 */
function laterCodeMayRun(root: SyntaxNode, text: string, range: TextRange): boolean {
  let from = -1;
  let to = -1;
  const defs: SyntaxNode[] = [];
  for (const stmt of root.namedChildren) {
    if (stmt.startIndex > range.end) break;
    if (stmt.endIndex < range.start) continue;
    if (from < 0) from = stmt.startIndex;
    to = stmt.endIndex;
    if (stmt.type === 'function_definition') {
      const name = FunctionDefinition.nameNode(stmt);
      if (!name || stmt.namedChildren.some((c) => c !== name && definesCode(c))) return true;
      defs.push(name);
    } else if (definesCode(stmt)) return true;
  }
  return defs.some((name) => !onlyCalledWithin(text, name.text, from, to));
}

/**
 * A top-level def whose header is one line of plain parameters (names,
 * numbers, `=`, `*`, `:` annotations, strings without escapes or braces; no
 * brackets) and whose body
 * starts on the next line. Running such a def only binds its name, at a cost
 * of fewer steps than its header has characters.
 */
const PLAIN_HEADER = String.raw`def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\((?:[A-Za-z0-9_ \t,=*:.+-]|"[^"\\\n{]*"|'[^'\\\n{]*')*\)[ \t]*(?:->[ \t]*[A-Za-z_][A-Za-z0-9_.]*[ \t]*)?:`;
const PLAIN_DEF = new RegExp(String.raw`${PLAIN_HEADER}[ \t]*(?:#[^\n]*)?\r?\n`, 'y');

/** A class header without bases (or with `object`), alone on its line. */
const PLAIN_CLASS = /class[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(\([ \t]*(object[ \t]*)?\))?[ \t]*:[ \t]*(#[^\n]*)?\r?\n/y;
/** What a plain class body holds at its own indentation: method headers (PLAIN_DEF), one-line docstrings, `pass`, harmless decorators. */
const CLASS_LEVEL_LINE = new RegExp(String.raw`^(?:${PLAIN_HEADER}|"""[^"\\\n{]*"""|"[^"\\\n{]*"|'[^'\\\n{]*'|pass|@(?:staticmethod|classmethod|property))[ \t]*(?:#.*)?\r?$`);

/**
 * The name of the plain def or class that chunk [start, end) of `text`
 * defines, and a bound on the steps running it costs; null for any other
 * chunk. A plain def (PLAIN_DEF) only binds its name. A plain class
 * (PLAIN_CLASS) runs its body: every line at the body's indentation must be a
 * CLASS_LEVEL_LINE, deeper lines belong to the methods.
 */
function plainDefinition(text: string, start: number, end: number): { name: string; bound: number } | null {
  PLAIN_DEF.lastIndex = start;
  const def = PLAIN_DEF.exec(text);
  if (def && PLAIN_DEF.lastIndex <= end) return { name: def[1], bound: def[0].length + 2 };
  PLAIN_CLASS.lastIndex = start;
  const cls = PLAIN_CLASS.exec(text);
  if (!cls || PLAIN_CLASS.lastIndex > end) return null;
  let bound = cls[0].length + 2;
  let level = -1;
  for (const line of text.slice(PLAIN_CLASS.lastIndex, end).split('\n')) {
    const indent = line.length - line.trimStart().length;
    const rest = line.slice(indent);
    if (rest === '' || rest === '\r' || rest.startsWith('#')) continue;
    if (level < 0) level = indent;
    if (indent === 0 || indent < level) return null;
    if (indent > level) continue;
    if (!CLASS_LEVEL_LINE.test(rest)) return null;
    bound += line.length + 2;
  }
  return level > 0 ? { name: cls[1], bound } : null;
}

/**
 * The chunks a run that stops after `range` may leave unparsed: plain defs
 * and classes (plainDefinition) before the range whose name the text up to
 * the end of the run mentions nowhere else, so that no statement that runs
 * can reach them. `bound` adds up the steps those left out would have cost.
 */
function unusedDefinitions(text: string, range: TextRange): { skip: SkipChunk; bound: () => number } {
  let counts: Map<string, number> | null = null;
  let bound = 0;
  const skip = (start: number, end: number, limit: number): boolean => {
    if (end > range.start) return false;
    const m = plainDefinition(text, start, end);
    if (!m) return false;
    if (!counts) {
      // How often each def's name occurs up to the end of the run, not inside a longer name (see partOfLongerName;
      // in strings and comments too: a mention there only keeps a def). One scan for all the names.
      counts = new Map();
      const head = text.slice(0, limit);
      const names = new Set<string>();
      for (const d of head.matchAll(/^(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)) names.add(d[1]);
      if (names.size > 0) {
        for (const w of head.matchAll(new RegExp(`(?<![A-Za-z_])(?:${[...names].join('|')})(?![A-Za-z0-9_])`, 'g'))) counts.set(w[0], (counts.get(w[0]) ?? 0) + 1);
      }
    }
    if (counts.get(m.name) !== 1) return false;
    bound += m.bound;
    return true;
  };
  return { skip, bound: () => bound };
}

/**
 * The layer calls whose hints lie in `range` (offsets, ends included), from a
 * run of the statements up to the end of the range only (a result marked
 * `partial`, with no models and the diagnostics up to there); or null when
 * statements after it could still change those hints, and only a whole
 * analysis can tell them. They are final when:
 *   - no statement in the range defines a class or lambda, or a function
 *     that later code could call (see laterCodeMayRun): that would add
 *     results there;
 *   - every call there is of a plain Keras layer (a model's totals can still
 *     change when its parts are built later), and no Sequential model holds a
 *     layer built there (it records its layers' results when it is built);
 *   - the file never mentions `trainable` (setting it later moves a layer's
 *     params between trainable and non-trainable).
 * Otherwise the hints equal those of `analyzeSource` for the same text.
 */
export function analyzeRange(
  parser: Parser,
  text: string,
  config: AnalysisConfig,
  syntaxCache: SyntaxCache | undefined,
  checkpoints: CheckpointStore | undefined,
  range: TextRange,
  host: AnalysisHost = defaultAnalysisHost(),
  modules?: ModuleContext,
): AnalysisResult | null {
  if (text.includes('trainable')) return null;
  const unused = unusedDefinitions(text, range);
  return run(
    parser,
    text,
    config,
    syntaxCache,
    checkpoints,
    range.end,
    host,
    (r) => {
      const interp = r.interp;
      // Code of imported modules may run from later statements: only a whole analysis tells.
      if (interp.loader !== undefined && interp.loader.loaded.size > 0) return null;
      // With the defs left out, the whole analysis would have taken more steps: it must not have run out of them.
      if (unused.bound() > 0 && interp.steps + unused.bound() >= config.stepBudget) return null;
      try {
        if (!interp.keras.callsAreFinal(range)) return null;
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        return null;
      }
      return resultOf(r, config, range);
    },
    (root) => (laterCodeMayRun(root, text, range) ? null : undefined),
    unused.skip,
    modules,
  );
}
