// Analyser fixtures: Python files whose comments say what the editor should
// show, read and compared against an AnalysisResult.
//
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)
//   #   ^ (None, 61, 61, 24) · 4,632
//   y = layers.Dense(10)(x)  # error: incompatible-input "min_ndim"
//   model = keras.Model(inputs, y)
//   # model: 4,642 (trainable 4,642, non-trainable 0)
//
// The rules, precisely:
//
// - A *code line* is a line that is neither blank nor only a comment. A
//   whole-line expectation comment refers to the nearest code line above it
//   (its *target line*); a trailing `# error:` refers to its own line.
//   Comments are legal inside brackets, so a multi-line call can carry its
//   expectation right after the line where the call starts.
//
// - `# ^ LABEL` — a hint. The caret is a position on the target line (its
//   0-based column in UTF-16 code units, like every offset of the analysis):
//   it names the call whose range contains that position and starts last,
//   that is the innermost call with a hint there. Write the caret under the
//   first character of the call expression — of `layers.Conv2D(...)(inputs)`,
//   of `model.add(...)`, of a layer's constructor inside `Sequential([...])`,
//   of `keras.layers.add([...])` — except for a call starting in column 0,
//   which the `#` covers: `# ^` (column 2) points into it.
//   Several hints on one line take one caret line each.
//   LABEL is what the call produced, every distinct outcome in the order the
//   script first produced it, separated by ` | `:
//     `(None, 61, 61, 24)`         output shape (no weights, or 0 params)
//     `[(None, 4), (None, 4)]`      several outputs (LSTM with return_state)
//     `(None, 8) · 40`              with the layer's total params
//     `(None, 8) · 36 (non-trainable 4)`   when some params are non-trainable
//     `(None, 8) · ?`               shape known, params unknown
//     `?`                           output unknown
//     `? because "TEXT"`            output unknown, its reason containing TEXT
//     `(None, ?) · ? because "TEXT"` partly unknown, its reason containing TEXT
//     `✗ CODE`                      Keras raises there (the error with that code)
//     `… ×3`                        appended to each outcome when the call site
//                                   has several outcomes or ran more than once
//     `… ×*`                        any count: for a loop cut short by the budget
//
// - `# model: TOTAL (trainable T, non-trainable N)` or `# model: ?` — a model
//   whose constructor starts on the target line; several models on one line
//   take one line each, in construction order.
//
// - `# error: CODE` or `# error: CODE "text"` — an error diagnostic starting
//   on the target line with that code (and a message containing the text).
//
// - `# note: CODE` (or `# note: CODE (what it says)`) — a non-error diagnostic anywhere in the file (the budget
//   note is about the whole file): `# note: budget-exhausted`.
//
// - `# config: step-budget=N` — run this fixture with a smaller step budget.
// - `# config: keras-version=V` — run it for another Keras (`1`, `2`, `tf.keras2`).
//
// Everything must match both ways: every hint, model and diagnostic the
// analysis reports needs an expectation, and every expectation a result.
import { formatCount, formatShape, parseKerasVersion, type KerasVersion, type Shape } from '../server/src/engine';
import type { AnalysisConfig, AnalysisResult, CallOutcome, LayerCall, ModelInfo, PartialShape } from '../server/src/analysis';
import { LineIndex } from '../server/src/ide/positions';

export interface HintExpectation {
  readonly line: number;
  readonly column: number;
  readonly label: string;
}

export interface ErrorExpectation {
  readonly line: number;
  readonly code: string;
  readonly text?: string;
}

export interface FixtureExpectations {
  readonly hints: HintExpectation[];
  /** Model labels by target line (0-based), in order. */
  readonly models: Map<number, string[]>;
  readonly errors: ErrorExpectation[];
  readonly notes: string[];
  readonly stepBudget?: number;
  readonly kerasVersion?: KerasVersion;
  /** Problems in the fixture's own comments (an expectation with no code line above it, …). */
  readonly malformed: string[];
}

const CARET = /^(\s*#\s*)\^\s?(.*)$/;
const MODEL = /^\s*#\s*model:\s*(.*?)\s*$/;
const NOTE = /^\s*#\s*note:\s*([\w-]+)(?:\s+\(.*\))?\s*$/;
const ERROR = /#\s*error:\s*([\w-]+)(?:\s+"([^"]*)")?\s*$/;
const CONFIG = /^\s*#\s*config:\s*step-budget\s*=\s*([\d_]+)\s*$/;
const VERSION_CONFIG = /^\s*#\s*config:\s*keras-version\s*=\s*([\w.]+)\s*$/;

function isCodeLine(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#');
}

/** Reads the expectation comments of a fixture. Lines are 0-based. */
export function readExpectations(text: string): FixtureExpectations {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: FixtureExpectations = { hints: [], models: new Map(), errors: [], notes: [], malformed: [] };
  let stepBudget: number | undefined;
  let kerasVersion: KerasVersion | undefined;
  let target = -1;
  lines.forEach((line, i) => {
    if (isCodeLine(line)) {
      target = i;
      const hash = codeCommentStart(line);
      if (hash >= 0) {
        const m = ERROR.exec(line.slice(hash));
        if (m) out.errors.push({ line: i, code: m[1], text: m[2] });
      }
      return;
    }
    const config = CONFIG.exec(line);
    if (config) {
      stepBudget = Number(config[1].replace(/_/g, ''));
      return;
    }
    const version = VERSION_CONFIG.exec(line);
    if (version) {
      kerasVersion = parseKerasVersion(version[1]);
      if (kerasVersion === undefined) out.malformed.push(`line ${i + 1}: unknown Keras version ${version[1]}`);
      return;
    }
    const note = NOTE.exec(line);
    if (note) {
      out.notes.push(note[1]);
      return;
    }
    const caret = CARET.exec(line);
    const model = MODEL.exec(line);
    const error = /^\s*#/.test(line) ? ERROR.exec(line) : null;
    if (!caret && !model && !error) return;
    if (target < 0) {
      out.malformed.push(`line ${i + 1}: an expectation with no code line above it`);
      return;
    }
    if (caret) out.hints.push({ line: target, column: caret[1].length, label: caret[2].trim() });
    else if (model) out.models.set(target, [...(out.models.get(target) ?? []), model[1]]);
    else if (error) out.errors.push({ line: target, code: error[1], text: error[2] });
  });
  const withBudget = stepBudget === undefined ? out : { ...out, stepBudget };
  return kerasVersion === undefined ? withBudget : { ...withBudget, kerasVersion };
}

/** Where a trailing comment starts on a code line, outside string literals; -1 if none. */
function codeCommentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

// ------------------------------------------------------------------ labels

/** A shape in the notation of the fixtures: `(None, ?, 64)` for an unknown size. */
function partialLabel(shape: Shape | PartialShape): string {
  const dims = shape.map((d) => (d === '?' ? '?' : d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

function shapesLabel(shapes: readonly (Shape | PartialShape)[] | null): string {
  if (shapes === null || shapes.length === 0) return '?';
  const one = (s: Shape | PartialShape): string => ((s as PartialShape).includes('?') ? partialLabel(s) : formatShape(s as Shape));
  if (shapes.length === 1) return one(shapes[0]);
  return `[${shapes.map(one).join(', ')}]`;
}

export function outcomeLabel(o: CallOutcome, withCount: boolean): string {
  if (o.error) return `✗ ${o.error.code}${withCount ? ` ×${o.count}` : ''}`;
  const shapes = o.outputShapes ?? o.partialShapes ?? null;
  let label = shapesLabel(shapes);
  if (shapes !== null) {
    if (o.trainableParams === null || o.nonTrainableParams === null) label += ' · ?';
    else {
      const total = o.trainableParams + o.nonTrainableParams;
      if (total > 0) label += ` · ${formatCount(total)}`;
      if (o.nonTrainableParams > 0) label += ` (non-trainable ${formatCount(o.nonTrainableParams)})`;
    }
  }
  if (withCount) label += ` ×${o.count}`;
  return label;
}

/** A call site's label in the fixture notation. */
export function callFixtureLabel(call: LayerCall): string {
  if (call.outcomes.length === 0) return '?';
  const withCount = call.outcomes.length > 1 || call.outcomes[0].count > 1;
  return call.outcomes.map((o) => outcomeLabel(o, withCount)).join(' | ');
}

export function modelFixtureLabel(m: ModelInfo): string {
  if (m.totalParams === null || m.trainableParams === null || m.nonTrainableParams === null) return '?';
  return `${formatCount(m.totalParams)} (trainable ${formatCount(m.trainableParams)}, non-trainable ${formatCount(m.nonTrainableParams)})`;
}

// ------------------------------------------------------------------ comparison

/** Whether a label matches an expected one, where `×*` stands for any count. */
function labelMatches(expected: string, got: string): boolean {
  if (!expected.includes('×*')) return expected === got;
  const pattern = expected.split('×*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('×\\d+');
  return new RegExp(`^${pattern}$`).test(got);
}

/** An expectation line pointing at `column`: `#   ^ label` (`# ^` for columns 0 to 2). */
function caretLine(column: number, label: string): string {
  return `#${' '.repeat(Math.max(1, column - 1))}^ ${label}`;
}

/**
 * Every difference between what the fixture's comments expect and what the
 * analysis reported, as readable lines (`12:4 expected … got …`); empty when
 * they agree. Lines and columns in the messages are 1-based.
 */
export function compareFixture(text: string, result: AnalysisResult, expect: FixtureExpectations = readExpectations(text)): string[] {
  const problems = [...expect.malformed];
  const pos = new LineIndex(text);
  const src = text.split('\n');
  const where = (line: number, column?: number): string => (column === undefined ? `${line + 1}` : `${line + 1}:${column + 1}`);
  const snippet = (line: number): string => `\`${(src[line] ?? '').trim()}\``;

  // Hints: each caret names the innermost call whose range holds it.
  const calls = result.calls.map((call) => ({ call, ...pos.position(call.range.start), label: callFixtureLabel(call) }));
  const matched = new Set<number>();
  for (const h of expect.hints) {
    const offset = pos.offset(h.line, h.column);
    let best = -1;
    calls.forEach((c, i) => {
      if (c.call.range.start <= offset && offset < c.call.range.end && (best < 0 || c.call.range.start > calls[best].call.range.start)) best = i;
    });
    if (best < 0) {
      const sameLine = calls.filter((c) => c.line === h.line);
      const hint = sameLine.length ? ` (hints on that line start at column ${sameLine.map((c) => c.column + 1).join(', ')})` : '';
      problems.push(`${where(h.line, h.column)} expected a hint \`${h.label}\` on ${snippet(h.line)}, no call with a hint is there${hint}`);
      continue;
    }
    if (matched.has(best)) {
      problems.push(`${where(h.line, h.column)} a second caret for the same call on ${snippet(h.line)}`);
      continue;
    }
    matched.add(best);
    const got = calls[best];
    const because = /^(.*) because "(.*)"$/.exec(h.label);
    if (because) {
      const reasons = got.call.outcomes.map((o) => o.unknownReason ?? '');
      if (!labelMatches(because[1], got.label) || !reasons.some((r) => r.includes(because[2]))) {
        problems.push(`${where(h.line, h.column)} on ${snippet(h.line)}\n    expected: ${h.label}\n    got:      ${got.label} because "${reasons.join('; ')}"`);
      }
    } else if (!labelMatches(h.label, got.label)) problems.push(`${where(h.line, h.column)} on ${snippet(h.line)}\n    expected: ${h.label}\n    got:      ${got.label}`);
  }
  calls.forEach((g, i) => {
    if (!matched.has(i)) problems.push(`${where(g.line, g.column)} unexpected hint on ${snippet(g.line)}: ${caretLine(g.column, g.label)}`);
  });

  // Models.
  const models = new Map<number, string[]>();
  for (const m of result.models) {
    const line = pos.position(m.range.start).line;
    models.set(line, [...(models.get(line) ?? []), modelFixtureLabel(m)]);
  }
  for (const line of new Set([...models.keys(), ...expect.models.keys()])) {
    const want = expect.models.get(line) ?? [];
    const got = models.get(line) ?? [];
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      problems.push(`${where(line)} models on ${snippet(line)}\n    expected: ${want.map((w) => `# model: ${w}`).join('; ') || '(none)'}\n    got:      ${got.map((g) => `# model: ${g}`).join('; ') || '(none)'}`);
    }
  }

  // Error diagnostics, by line and code.
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ line: pos.position(d.range.start).line, code: d.code as string, message: d.message }));
  const unmatched = [...errors];
  for (const e of expect.errors) {
    const i = unmatched.findIndex((d) => d.line === e.line && d.code === e.code && (e.text === undefined || d.message.includes(e.text)));
    if (i >= 0) {
      unmatched.splice(i, 1);
      continue;
    }
    const onLine = errors.filter((d) => d.line === e.line);
    const got = onLine.length ? onLine.map((d) => `${d.code}: ${d.message}`).join('\n              ') : '(no error on that line)';
    problems.push(`${where(e.line)} on ${snippet(e.line)}\n    expected: error ${e.code}${e.text !== undefined ? ` containing "${e.text}"` : ''}\n    got:      ${got}`);
  }
  for (const d of unmatched) {
    if (expect.errors.some((e) => e.line === d.line && e.code === d.code)) continue; // already reported as a message mismatch
    problems.push(`${where(d.line)} unexpected error on ${snippet(d.line)}: # error: ${d.code}  (${d.message})`);
  }

  // Notes: the other diagnostics, for the whole file.
  const notes = result.diagnostics.filter((d) => d.severity !== 'error').map((d) => d.code as string);
  const wantNotes = [...expect.notes].sort();
  if (JSON.stringify([...notes].sort()) !== JSON.stringify(wantNotes)) {
    problems.push(`notes\n    expected: ${wantNotes.join(', ') || '(none)'}\n    got:      ${notes.join(', ') || '(none)'}`);
  }
  return problems;
}

/** The analysis configuration a fixture asks for. */
export function fixtureConfig(base: AnalysisConfig, expect: FixtureExpectations): AnalysisConfig {
  let config = expect.stepBudget === undefined ? base : { ...base, stepBudget: expect.stepBudget };
  if (expect.kerasVersion !== undefined) config = { ...config, kerasVersion: expect.kerasVersion };
  return config;
}

/**
 * A fixture's source with its expectations rewritten from a result: handy to
 * draft a new fixture, never to accept numbers unchecked.
 */
export function draftExpectations(text: string, result: AnalysisResult): string {
  const pos = new LineIndex(text);
  const keep = text.split('\n');
  const byLine = new Map<number, string[]>();
  const add = (line: number, s: string): void => {
    byLine.set(line, [...(byLine.get(line) ?? []), s]);
  };
  for (const c of result.calls) {
    const p = pos.position(c.range.start);
    add(p.line, caretLine(p.column, callFixtureLabel(c)));
  }
  for (const m of result.models) add(pos.position(m.range.start).line, `# model: ${modelFixtureLabel(m)}`);
  const out: string[] = [];
  keep.forEach((l, i) => {
    if (CARET.test(l) || MODEL.test(l) || NOTE.test(l)) return;
    out.push(l);
    for (const e of byLine.get(i) ?? []) out.push(e);
  });
  return out.join('\n');
}
