// Inlay hints after each layer call, from an AnalysisResult, in plain offsets:
//
//   x = layers.Conv2D(24, (8, 8), strides=2)(inputs)  (None, 61, 61, 24) · 4,632 params
//
// A call site that ran several times with different results (a helper called
// in a loop) lists its distinct outcomes: `(None, 32) ×2 | (None, 16)`; with
// more than three, the first two and a count (`| +17 more`), all of them in
// the tooltip.
// Unknown outputs show as `?`; a layer without weights shows only its shape.
import { formatCount, formatDim, type Dim, type Shape } from '../engine';
import type { AnalysisResult, CallOutcome, LayerCall, TextRange } from '../analysis';

/** How the batch axis (always the first) is shown: as Keras prints it, hidden, or as `?`. */
export type BatchDimStyle = 'None' | 'hide' | '?';

export interface ShapeStyle {
  readonly batchDim: BatchDimStyle;
}

export interface HintOptions extends ShapeStyle {
  /** Append ` · N params` when the layer has weights. */
  readonly showParams: boolean;
}

export const DEFAULT_HINT_OPTIONS: HintOptions = { showParams: true, batchDim: 'None' };

export interface InlayHintView {
  /** Where the hint is drawn (JS string offset). */
  readonly offset: number;
  readonly label: string;
  /** Markdown, built when first read (an editor asks for it when the pointer rests on the hint). */
  readonly tooltip: string;
}

/** One shape as the user sees it: `(None, 61, 61, 24)`, `(61, 61, 24)` with the batch axis hidden. */
export function formatShapeStyled(shape: Shape, style: ShapeStyle): string {
  let dims: readonly Dim[] = shape;
  let first: ((d: Dim) => string) | undefined;
  if (shape.length > 0 && style.batchDim === 'hide') dims = shape.slice(1);
  else if (shape.length > 0 && style.batchDim === '?') first = (d) => (d === null ? '?' : String(d));
  const parts = dims.map((d, i) => (i === 0 && first ? first(d) : formatDim(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** The output of one outcome: a shape, a list of shapes for multi-output layers, or `?`. */
export function formatOutputs(shapes: readonly Shape[] | null, style: ShapeStyle): string {
  if (shapes === null || shapes.length === 0) return '?';
  if (shapes.length === 1) return formatShapeStyled(shapes[0], style);
  return `[${shapes.map((s) => formatShapeStyled(s, style)).join(', ')}]`;
}

/** Total parameters of an outcome, or null when unknown. */
export function outcomeParams(o: CallOutcome): number | null {
  if (o.trainableParams === null || o.nonTrainableParams === null) return null;
  return o.trainableParams + o.nonTrainableParams;
}

export function paramsLabel(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'param' : 'params'}`;
}

function outcomeLabel(o: CallOutcome, options: HintOptions, showCount: boolean): string {
  let label = formatOutputs(o.outputShapes, options);
  const params = outcomeParams(o);
  if (options.showParams && params !== null && params > 0) label += ` · ${paramsLabel(params)}`;
  if (showCount && o.count > 1) label += ` ×${o.count}`;
  return label;
}

/** The hint label of one call site. */
export function callLabel(call: LayerCall, options: HintOptions = DEFAULT_HINT_OPTIONS): string {
  const outcomes = call.outcomes;
  if (outcomes.length === 0) return '?';
  const showCount = outcomes.length > 1 || outcomes[0].count > 1;
  const shown = outcomes.length > MAX_INLINE_OUTCOMES ? outcomes.slice(0, MAX_INLINE_OUTCOMES - 1) : outcomes;
  const label = shown.map((o) => outcomeLabel(o, options, showCount)).join(' | ');
  return shown.length < outcomes.length ? `${label} | +${outcomes.length - shown.length} more` : label;
}

/** Distinct results a hint shows inline; with more, the first ones and a count (the tooltip lists all). */
export const MAX_INLINE_OUTCOMES = 3;

function tooltip(call: LayerCall, options: HintOptions): string {
  const title = call.layerName ? `**${call.className}** \`${call.layerName}\`` : `**${call.className}**`;
  const lines = [title, ''];
  for (const o of call.outcomes) {
    const inputs = o.inputShapes.map((s) => (s === null ? '?' : formatShapeStyled(s, options))).join(', ') || '?';
    const count = call.outcomes.length > 1 || o.count > 1 ? ` (×${o.count})` : '';
    lines.push(`- \`${inputs}\` → \`${formatOutputs(o.outputShapes, options)}\`${count}`);
    const params = outcomeParams(o);
    if (params !== null && params > 0) {
      lines.push(`  - ${paramsLabel(params)} (trainable ${formatCount(o.trainableParams ?? 0)}, non-trainable ${formatCount(o.nonTrainableParams ?? 0)})`);
    }
    if (o.outputShapes === null && o.unknownReason) lines.push(`  - unknown: ${o.unknownReason}`);
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
