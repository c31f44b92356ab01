// Errors that teach: the views of an error Keras raises at a call, from the
// check the engine says failed (`Teaching`, with the user's numbers).
//
//   hint:  x = layers.Conv2D(16, 3)(x)  ✗ ndim 3, needs ≥4
//   hover: What Keras checks: Conv2D checks the rank of its input: at least 4 axes (batch, height, width, channels).
//          Why it fails: It gets 3 axes: `(None, 28, 32)`.
//          What to do: Add the missing axis before it, e.g. `layers.Reshape((28, 32, 1))`, …
//          > Keras says: Input 0 with name 'None' of layer 'conv2d' is incompatible … (verbatim)
//
// An error without a teaching falls back on its code's documentation.
import { DIAGNOSTIC_CODES, formatCount, formatShape, type ArgExpectation, type Shape, type Teaching } from '../engine';
import type { CallOutcome } from '../analysis';
import type { CodeDoc } from '../engine/codes';
import { ANALYSIS_CODES } from './diagnostics';
import { explainLabel, msg, translatedCodeDoc, type Locale } from './messages';
import { plainLines, reasonText, type LinePlacer } from './reasons';

/** What the views need of an error: its code, Keras's message and, when known, the check that failed. */
export interface FailureView {
  readonly code: string;
  readonly message: string;
  readonly teach?: Teaching;
}

/** The three sentences of an explanation; `why` is absent when only the code's documentation is known. */
export interface Teachings {
  readonly checks: string;
  readonly why?: string;
  readonly fix: string;
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const shapeText = (s: Shape): string => code(formatShape(s));

/** Why an output is unknown, in the locale, its lines placed by `where` (a notebook's cells). */
export function unknownReasonText(o: CallOutcome, locale: Locale, where: LinePlacer = plainLines(locale)): string | undefined {
  if (o.blockedBy !== undefined) return msg(locale, 'teach.blocked', { where: where(o.blockedBy) });
  return o.unknownReason === undefined ? undefined : reasonText(locale, o.unknownReason, where);
}

/** The hint of a failing call: `✗ ndim 3, needs ≥4` (the hint's label has no markdown). */
export function failureHint(f: FailureView, locale: Locale): string {
  const t = f.teach;
  if (t === undefined) return `✗ ${msg(locale, 'teach.hint.error', { code: f.code })}`;
  return `✗ ${hintText(t, locale)}`;
}

function hintText(t: Teaching, locale: Locale): string {
  switch (t.kind) {
    case 'ndim': {
      const key = t.check === 'ndim' ? 'teach.hint.ndim' : t.check === 'min_ndim' ? 'teach.hint.minNdim' : 'teach.hint.maxNdim';
      return msg(locale, key, { found: t.found, expected: t.expected });
    }
    case 'axis':
      return msg(locale, 'teach.hint.axis', { axis: t.axis, found: t.found, expected: t.expected });
    case 'output-size': {
      const a = t.axes[0];
      return msg(locale, 'teach.hint.outputSize', { axis: explainLabel(locale, a.label), input: a.input, window: msg(locale, t.window === 'kernel' ? 'teach.kernel' : 'teach.pool'), size: a.window });
    }
    case 'merge': {
      const [first, second] = differingPair(t.shapes);
      return msg(locale, 'teach.hint.merge', { first: formatShape(first), second: formatShape(second) });
    }
    case 'reshape':
      return msg(locale, t.inferred ? 'teach.hint.reshapeInferred' : 'teach.hint.reshape', { input: formatCount(t.inputSize), target: formatCount(t.targetSize) });
    case 'argument':
      return msg(locale, 'teach.hint.argument', { name: t.name, value: t.value });
    case 'keyword':
      return msg(locale, 'teach.hint.keyword', { names: t.names.join(msg(locale, 'list.separator')) });
    case 'matmul': {
      const { k1, k2 } = innerSizes(t.left, t.right);
      return msg(locale, 'teach.hint.matmul', { left: k1, right: k2 });
    }
    case 'broadcast':
      return msg(locale, 'teach.hint.broadcast', { left: formatShape(t.left), right: formatShape(t.right) });
    case 'missing':
      return msg(locale, 'teach.hint.missing', { name: t.name });
    case 'variable':
      return msg(locale, 'teach.hint.weight', { name: t.name, shape: formatShape(t.shape) });
  }
}

/** The first shape and the first that differs from it. */
function differingPair(shapes: readonly Shape[]): [Shape, Shape] {
  const first = shapes[0] ?? [];
  const other = shapes.find((s) => formatShape(s) !== formatShape(first)) ?? shapes[1] ?? first;
  return [first, other];
}

function expectation(e: ArgExpectation, locale: Locale): string {
  switch (e.type) {
    case 'integer':
      return msg(locale, 'teach.expect.integer');
    case 'positive integer':
      return msg(locale, 'teach.expect.positive');
    case 'number':
      return msg(locale, 'teach.expect.number');
    case 'string':
      return msg(locale, 'teach.expect.string');
    case 'tuple':
      return msg(locale, 'teach.expect.tuple', { size: e.size, min: e.min });
    case 'one of':
      return msg(locale, 'teach.expect.oneOf', { options: e.options.map((o) => code(`'${o}'`)).join(msg(locale, 'list.separator')) });
  }
}

/** The sizes a matrix product multiplies: `x1.shape[-1]` and `x2.shape[-2]` (a 1-D operand is a row, or a column). */
function innerSizes(left: Shape, right: Shape): { k1: string; k2: string } {
  const k1 = left[left.length - 1];
  const k2 = right.length === 1 ? right[0] : right[right.length - 2];
  return { k1: k1 === null || k1 === undefined ? '?' : String(k1), k2: k2 === null || k2 === undefined ? '?' : String(k2) };
}

/** The last axis (negative, from the end) where two shapes do not broadcast, with their sizes there. */
function broadcastConflict(a: Shape, b: Shape): { axis: number; x: string; y: string } {
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x !== null && y !== null && x !== 1 && y !== 1 && x !== y) return { axis: -i, x: String(x), y: String(y) };
  }
  return { axis: -1, x: '?', y: '?' };
}

/** A `Reshape` that gives a rank-(n−1) input the one axis it lacks, when its sizes are known. */
function reshapeSuggestion(t: Extract<Teaching, { kind: 'ndim' }>): string | undefined {
  if (t.check === 'max_ndim' || t.found !== t.expected - 1 || t.found < 2) return undefined;
  const rest = t.shape.slice(1);
  if (rest.some((d) => d === null)) return undefined;
  const dims = t.layout?.startsWith('(batch, channels') ? [1, ...rest] : [...rest, 1];
  return code(`layers.Reshape((${dims.join(', ')}))`);
}

/** What Keras checks, why it fails and what to do, with the numbers, in the locale (markdown). */
export function teachings(f: FailureView, className: string, locale: Locale): Teachings {
  const layer = `**${className}**`;
  const t = f.teach;
  if (t === undefined) {
    const doc = codeDoc(f.code, locale);
    return doc ? { checks: doc.summary, fix: doc.fix } : { checks: f.message, fix: '' };
  }
  switch (t.kind) {
    case 'ndim': {
      const key = t.check === 'ndim' ? 'teach.ndim.check' : t.check === 'min_ndim' ? 'teach.minNdim.check' : 'teach.maxNdim.check';
      const reshape = reshapeSuggestion(t);
      const fix =
        reshape !== undefined
          ? msg(locale, 'teach.ndim.fixReshape', { reshape, found: t.found })
          : t.found < t.expected
            ? msg(locale, 'teach.ndim.fixMissing', { expected: t.expected, found: t.found })
            : msg(locale, 'teach.ndim.fixExtra', { found: t.found });
      return {
        checks: msg(locale, key, { layer, expected: t.expected, layout: t.layout === undefined ? '' : ` ${t.layout}` }),
        why: msg(locale, 'teach.ndim.why', { found: t.found, shape: shapeText(t.shape) }),
        fix,
      };
    }
    case 'axis':
      return {
        checks: msg(locale, 'teach.axis.check', { layer, axis: t.axis, expected: t.expected }),
        why: msg(locale, 'teach.axis.why', { found: t.found, shape: shapeText(t.shape) }),
        fix: msg(locale, 'teach.axis.fix', { axis: t.axis, expected: t.expected }),
      };
    case 'output-size': {
      const window = msg(locale, t.window === 'kernel' ? 'teach.kernel' : 'teach.pool');
      const why = t.axes
        .map((a) => msg(locale, 'teach.outputSize.why', { axis: explainLabel(locale, a.label), formula: code(a.formula), window, size: a.window, input: a.input }))
        .join(' ');
      return {
        checks: msg(locale, 'teach.outputSize.check', { layer, window }),
        why,
        fix: msg(locale, 'teach.outputSize.fix', { window }),
      };
    }
    case 'merge': {
      const concat = t.axis !== undefined;
      const shapes = t.shapes.map(shapeText).join(msg(locale, 'list.separator'));
      return {
        checks: concat ? msg(locale, 'teach.concat.check', { layer, axis: t.axis ?? -1 }) : msg(locale, 'teach.merge.check', { layer }),
        why: msg(locale, 'teach.merge.why', { shapes }),
        fix: msg(locale, concat ? 'teach.concat.fix' : 'teach.merge.fix'),
      };
    }
    case 'reshape': {
      const values = { input: shapeText(t.input), inputSize: formatCount(t.inputSize), target: shapeText(t.target), targetSize: formatCount(t.targetSize) };
      return {
        checks: msg(locale, 'teach.reshape.check', { layer }),
        why: msg(locale, t.inferred ? 'teach.reshape.whyInferred' : 'teach.reshape.why', values),
        fix: msg(locale, 'teach.reshape.fix', { inputSize: formatCount(t.inputSize) }),
      };
    }
    case 'argument': {
      const expected = expectation(t.expected, locale);
      return {
        checks: msg(locale, 'teach.argument.check', { layer, name: code(t.name), expected }),
        why: msg(locale, 'teach.argument.why', { given: code(`${t.name}=${t.value}`) }),
        fix: msg(locale, 'teach.argument.fix', { expected }),
      };
    }
    case 'matmul': {
      const { k1, k2 } = innerSizes(t.left, t.right);
      return {
        checks: msg(locale, 'teach.matmul.check'),
        why: msg(locale, 'teach.matmul.why', { left: shapeText(t.left), right: shapeText(t.right), k1, k2 }),
        fix: msg(locale, 'teach.matmul.fix', { k2 }),
      };
    }
    case 'broadcast': {
      const d = broadcastConflict(t.left, t.right);
      return {
        checks: msg(locale, 'teach.broadcast.check'),
        why: msg(locale, 'teach.broadcast.why', { left: shapeText(t.left), right: shapeText(t.right), axis: d.axis, x: d.x, y: d.y }),
        fix: msg(locale, 'teach.broadcast.fix'),
      };
    }
    case 'keyword':
      return {
        checks: msg(locale, 'teach.keyword.check', { layer }),
        why: msg(locale, 'teach.keyword.why', { names: t.names.map(code).join(msg(locale, 'list.separator')) }),
        fix: msg(locale, 'teach.keyword.fix'),
      };
    case 'missing':
      return {
        checks: msg(locale, 'teach.missing.check', { layer, name: code(t.name) }),
        why: msg(locale, 'teach.missing.why', { name: code(t.name) }),
        fix: msg(locale, 'teach.missing.fix', { name: code(t.name) }),
      };
    case 'variable':
      return {
        checks: msg(locale, 'teach.weight.check', { layer }),
        why: msg(locale, 'teach.weight.why', { name: code(t.name), shape: code(formatShape(t.shape)) }),
        fix: msg(locale, 'teach.weight.fix'),
      };
  }
}

function codeDoc(c: string, locale: Locale): CodeDoc | undefined {
  const translated = translatedCodeDoc(locale, c);
  if (translated) return translated;
  if (Object.hasOwn(DIAGNOSTIC_CODES, c)) return DIAGNOSTIC_CODES[c as keyof typeof DIAGNOSTIC_CODES];
  if (Object.hasOwn(ANALYSIS_CODES, c)) return ANALYSIS_CODES[c as keyof typeof ANALYSIS_CODES];
  return undefined;
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

/**
 * The explanation as hover lines: what Keras checks, why it fails, what to
 * do (one line each), then Keras's own message as it is.
 */
export function failureMarkdown(f: FailureView, className: string, locale: Locale): string[] {
  const t = teachings(f, className, locale);
  const lines = [`**${msg(locale, 'teach.checks')}:** ${t.checks}  `];
  if (t.why !== undefined) lines.push(`**${msg(locale, 'teach.why')}:** ${t.why}  `);
  if (t.fix !== '') lines.push(`**${msg(locale, 'teach.do')}:** ${t.fix}`);
  lines.push('', `> *${msg(locale, 'teach.kerasSays')}:* ${escapeMarkdown(f.message)}`);
  return lines;
}
