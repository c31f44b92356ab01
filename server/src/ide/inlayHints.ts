// Inlay hints after each layer call, from an AnalysisResult, in plain offsets:
//
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)  (None, 61, 61, 24) · 4,632 params
//
// A label fits in MAX_HINT_LENGTH characters (VS Code cuts longer ones). A
// call site that ran several times with different results (a helper called
// in a loop) lists its distinct results (those that read the same counted
// together), the most useful first (known shapes, then the most frequent):
// with their params when all of that fits, else
// their shapes (`(None, 32) ×2 | (None, 16)`), else as many shapes as fit and
// a count (`(None, 128, 128, 16) ×2 · +2 more`); the tooltip lists them all.
// `×N` appears only for results that happened more than once. The compact
// style shows the most useful shape alone (and the count of the others).
// Unknown outputs show as `?`; a layer without weights shows only its shape; a
// call Keras refuses shows what failed (`✗ ndim 3, needs ≥4`, ide/teach.ts).
import { formatCount, formatDim, type Dim, type Shape } from '../engine';
import type { AnalysisResult, CallOutcome, LayerCall, PartialShape, TextRange } from '../analysis';
import { msg, msgCount, type Locale } from './messages';
import { failureHint, unknownReasonText } from './teach';
import type { LinePlacer } from './reasons';

/** How the batch axis (always the first) is shown: as Keras prints it, hidden, or as `?`. */
export type BatchDimStyle = 'None' | 'hide' | '?';

export interface ShapeStyle {
  readonly batchDim: BatchDimStyle;
}

/** Everything a user reads: its language (English when unset). */
export interface ViewOptions {
  readonly locale?: Locale;
  /** Where a line of the analysed text is, in the user's words (a notebook's cell and line); `line N` when unset. */
  readonly where?: LinePlacer;
}

export interface HintOptions extends ShapeStyle, ViewOptions {
  /** Append ` · N params` when the layer has weights. */
  readonly showParams: boolean;
  /** The shape alone, for narrow windows: no params, no counts, one result. */
  readonly compact?: boolean;
}

export const DEFAULT_HINT_OPTIONS: HintOptions = { showParams: true, batchDim: 'None', compact: false, locale: 'en' };

/** VS Code's default `editor.inlayHints.maximumLength`: longer labels are cut with an ellipsis. */
export const MAX_HINT_LENGTH = 43;

export interface InlayHintView {
  /** Where the hint is drawn (JS string offset). */
  readonly offset: number;
  readonly label: string;
  /** Markdown, built when first read (an editor asks for it when the pointer rests on the hint). */
  readonly tooltip: string;
}

/** One shape as the user sees it: `(None, 61, 61, 24)`, `(61, 61, 24)` with the batch axis hidden; an unknown size is `?`. */
export function formatShapeStyled(shape: Shape | PartialShape, style: ShapeStyle): string {
  let dims: readonly (Dim | '?')[] = shape;
  let first: ((d: Dim | '?') => string) | undefined;
  if (shape.length > 0 && style.batchDim === 'hide') dims = shape.slice(1);
  else if (shape.length > 0 && style.batchDim === '?') first = (d) => (d === null ? '?' : String(d));
  const parts = dims.map((d, i) => (i === 0 && first ? first(d) : d === '?' ? '?' : formatDim(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** The output of one outcome: a shape, a list of shapes for multi-output layers, or `?`. */
export function formatOutputs(shapes: readonly (Shape | PartialShape)[] | null | undefined, style: ShapeStyle): string {
  if (shapes === null || shapes === undefined || shapes.length === 0) return '?';
  if (shapes.length === 1) return formatShapeStyled(shapes[0], style);
  return `[${shapes.map((s) => formatShapeStyled(s, style)).join(', ')}]`;
}

/** An outcome's output shapes as far as they are known: the full shapes, else the ranks with `?` sizes, else null. */
export function outcomeShapes(o: CallOutcome): readonly (Shape | PartialShape)[] | null {
  return o.outputShapes ?? o.partialShapes ?? null;
}

/** Total parameters of an outcome, or null when unknown. */
export function outcomeParams(o: CallOutcome): number | null {
  if (o.trainableParams === null || o.nonTrainableParams === null) return null;
  return o.trainableParams + o.nonTrainableParams;
}

export function paramsLabel(n: number, locale: Locale = 'en'): string {
  return msgCount(locale, 'hint.params', n, formatCount(n));
}

/** ` ×3` after a result that happened three times; nothing for one time. */
export function timesSuffix(count: number, locale: Locale = 'en'): string {
  return count > 1 ? ` ${msg(locale, 'hint.times', { count })}` : '';
}

/**
 * The results of a call site, the most useful first: known outputs before
 * unknown ones, then the most frequent; otherwise in the order they happened.
 */
export function rankedOutcomes(outcomes: readonly CallOutcome[]): CallOutcome[] {
  return outcomes
    .map((o, i) => ({ o, i }))
    .sort((a, b) => Number(a.o.outputShapes === null) - Number(b.o.outputShapes === null) || b.o.count - a.o.count || a.i - b.i)
    .map((x) => x.o);
}

function outcomeText(o: CallOutcome, options: HintOptions, withParams: boolean): string {
  if (o.error) return failureHint(o.error, options.locale ?? 'en');
  let label = formatOutputs(outcomeShapes(o), options);
  const params = outcomeParams(o);
  if (withParams && params !== null && params > 0) label += ` · ${paramsLabel(params, options.locale ?? 'en')}`;
  return label;
}

/**
 * What a label lists: the results as they read (with their params or not),
 * results that read the same merged and counted together, the most useful
 * first; each as `(None, 32) ×2`.
 */
function labelParts(outcomes: readonly CallOutcome[], options: HintOptions, withParams: boolean, counted = true): string[] {
  const groups = new Map<string, { text: string; count: number; known: boolean; first: number }>();
  outcomes.forEach((o, i) => {
    const text = outcomeText(o, options, withParams);
    const group = groups.get(text);
    if (group) group.count += o.count;
    else groups.set(text, { text, count: o.count, known: o.outputShapes !== null, first: i });
  });
  return [...groups.values()]
    .sort((a, b) => Number(b.known) - Number(a.known) || b.count - a.count || a.first - b.first)
    .map((g) => (counted ? g.text + timesSuffix(g.count, options.locale ?? 'en') : g.text));
}

/** The hint label of one call site (at most MAX_HINT_LENGTH characters, unless one result alone is longer). */
export function callLabel(call: LayerCall, options: HintOptions = DEFAULT_HINT_OPTIONS): string {
  if (call.outcomes.length === 0) return '?';
  const locale = options.locale ?? 'en';
  const fits = (label: string) => label.length <= MAX_HINT_LENGTH;
  const withMore = (parts: readonly string[], shown: number) =>
    parts.slice(0, shown).join(' | ') + (shown < parts.length ? ` · ${msg(locale, 'hint.more', { count: parts.length - shown })}` : '');
  if (options.compact) return withMore(labelParts(call.outcomes, options, false, false), 1);
  const shapes = labelParts(call.outcomes, options, false);
  if (options.showParams) {
    const full = labelParts(call.outcomes, options, true).join(' | ');
    if (fits(full)) return full;
  }
  for (let shown = shapes.length; shown > 1; shown--) {
    const label = withMore(shapes, shown);
    if (fits(label)) return label;
  }
  return withMore(shapes, 1);
}

/** The tooltip: every result of the site, one line each (its input, output, count and params). */
function tooltip(call: LayerCall, options: HintOptions): string {
  const locale = options.locale ?? 'en';
  const title = call.layerName ? `**${call.className}** \`${call.layerName}\`` : `**${call.className}**`;
  const lines = [title, ''];
  for (const o of rankedOutcomes(call.outcomes)) {
    const inputs = o.inputShapes.map((s) => (s === null ? '?' : formatShapeStyled(s, options))).join(', ') || '?';
    if (o.error) {
      lines.push(`- \`${inputs}\` → ${failureHint(o.error, locale)}${timesSuffix(o.count, locale)}`);
      continue;
    }
    let line = `- \`${inputs}\` → \`${formatOutputs(outcomeShapes(o), options)}\`${timesSuffix(o.count, locale)}`;
    const params = outcomeParams(o);
    if (params !== null && params > 0) {
      const frozen = o.nonTrainableParams ?? 0;
      line += ` · ${
        frozen > 0
          ? msg(locale, 'tooltip.split', { params: paramsLabel(params, locale), trainable: formatCount(o.trainableParams ?? 0), nonTrainable: formatCount(frozen) })
          : paramsLabel(params, locale)
      }`;
    }
    lines.push(line);
    const reason = unknownReasonText(o, locale, options.where);
    if (o.outputShapes === null && reason) lines.push(`  - ${msg(locale, 'tooltip.unknown', { reason })}`);
  }
  return lines.join('\n');
}

function overlaps(offset: number, range: TextRange | undefined): boolean {
  return range === undefined || (offset >= range.start && offset <= range.end);
}

/** Hints whose position lies in `range` (all of them without a range), in document order. */
export function inlayHints(result: Pick<AnalysisResult, 'calls'>, range?: TextRange, options: HintOptions = DEFAULT_HINT_OPTIONS): InlayHintView[] {
  const hints: InlayHintView[] = [];
  for (const call of result.calls) {
    if (!overlaps(call.hintOffset, range)) continue;
    let text: string | undefined;
    hints.push({
      offset: call.hintOffset,
      label: callLabel(call, options),
      get tooltip(): string {
        text ??= tooltip(call, options);
        return text;
      },
    });
  }
  return hints.sort((a, b) => a.offset - b.offset);
}

/** A layer call of a helper module as another file's call ran it; `places` names those calls (`train.py:14, 18`). */
export interface CalledFrom {
  readonly call: LayerCall;
  readonly places: string;
}

/**
 * Hints in a helper module for its layer calls as the files that import it
 * ran them: the shapes (no params, to leave room) and where from,
 * `(None, 32, 32, 16) | (None, 16, 16, 8) from train.py:14, 18`.
 */
export function calledFromHints(calls: readonly CalledFrom[], range?: TextRange, options: HintOptions = DEFAULT_HINT_OPTIONS): InlayHintView[] {
  const locale = options.locale ?? 'en';
  const hints: InlayHintView[] = [];
  for (const { call, places } of calls) {
    if (!overlaps(call.hintOffset, range)) continue;
    const from = msg(locale, 'hint.from', { places });
    let text: string | undefined;
    hints.push({
      offset: call.hintOffset,
      label: `${callLabel(call, { ...options, showParams: false })} ${from}`,
      get tooltip(): string {
        text ??= `${tooltip(call, options)}\n\n${from}`;
        return text;
      },
    });
  }
  return hints.sort((a, b) => a.offset - b.offset);
}
