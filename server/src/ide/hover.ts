// Hover markdown for the layer call (or model) under the cursor, from an
// AnalysisResult, short enough to read without scrolling. For
// `layers.Conv2D(24, (8, 8), strides=2)(inputs)`:
//
//   **Conv2D** `conv2d` · [Keras docs](…)
//   `(None, 128, 128, 3)` → `(None, 61, 61, 24)` · **4,632 params**
//   - height: `floor((128 − 8) / 2) + 1 = 61`
//   - width: `floor((128 − 8) / 2) + 1 = 61`
//   - params: `8·8·3·24 + 24 = 4,632`
//   weight  shape          params  trainable      (a monospace block)
//   kernel  (8, 8, 3, 24)   4,608  yes
//   bias    (24,)              24  yes
//
// input → output and the total first, the arithmetic next, the weights last;
// a call site with several results explains the most useful one in full and
// lists the others, one line each.
// On a model's variable name or constructor: its totals. On a call Keras
// refuses: what Keras checks, why it fails and what to do (ide/teach.ts), then
// Keras's message as it is.
import { formatCount, formatShape, paramFormula, type Weight } from '../engine';
import type { AnalysisResult, CallOutcome, LayerCall, ModelInfo, TextRange } from '../analysis';
import { DEFAULT_HINT_OPTIONS, formatOutputs, formatShapeStyled, outcomeParams, outcomeShapes, paramsLabel, rankedOutcomes, timesSuffix, type ShapeStyle, type ViewOptions } from './inlayHints';
import { explainLabel, msg, type Locale } from './messages';
import { displayWidth } from './summaryTable';
import { failureHint, failureMarkdown, unknownReasonText } from './teach';

/** How a hover shows shapes, and in which language. */
export type HoverOptions = ShapeStyle & ViewOptions;

export interface HoverView {
  readonly range: TextRange;
  readonly markdown: string;
}

const KERAS_LAYERS_DOCS = 'https://keras.io/api/layers/';

export function docsUrl(docPath: string): string {
  return `${KERAS_LAYERS_DOCS}${docPath.replace(/^\/+|\/+$/g, '')}/`;
}

function contains(range: TextRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}

/** The innermost call whose range holds `offset` (a layer inside a Sequential wins over the Sequential). */
export function callAt(result: AnalysisResult, offset: number): LayerCall | undefined {
  let best: LayerCall | undefined;
  for (const call of result.calls) {
    if (!contains(call.range, offset)) continue;
    if (!best || call.range.end - call.range.start < best.range.end - best.range.start) best = call;
  }
  return best;
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

/** The weights as an aligned monospace table (a markdown table's cells run together in an editor's hover). */
function weightsTable(weights: readonly Weight[], locale: Locale): string[] {
  if (weights.length === 0) return [];
  const rows: string[][] = [[msg(locale, 'hover.weight'), msg(locale, 'hover.shape'), msg(locale, 'hover.params'), msg(locale, 'hover.trainable')]];
  for (const w of weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const shape = w.shape.length === 1 ? `(${w.shape[0]},)` : `(${w.shape.join(', ')})`;
    rows.push([w.name.replace(/`/g, "'"), shape, formatCount(n), msg(locale, w.trainable ? 'hover.yes' : 'hover.no')]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c]))));
  const pad = (text: string, width: number, right: boolean) => {
    const fill = ' '.repeat(width - displayWidth(text));
    return right ? fill + text : text + fill;
  };
  const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c], c === 2))).join('  '));
  return ['```text', ...lines, '```'];
}

/** `(None, 128, 128, 3)` → `(None, 61, 61, 24)` · **4,632 params**: what a result takes, gives and weighs. */
function inputsText(o: CallOutcome, style: HoverOptions): string {
  return o.inputShapes.map((s) => (s === null ? '?' : formatShapeStyled(s, style))).join(', ') || '?';
}

function ioLine(o: CallOutcome, style: HoverOptions, times = ''): string {
  const locale = style.locale ?? 'en';
  const inputs = inputsText(o, style);
  if (o.error) return `\`${inputs}\` → ${failureHint(o.error, locale)}${times}`;
  const params = outcomeParams(o);
  let total: string;
  if (params === null) total = msg(locale, 'hover.paramsUnknown');
  else if (params === 0) total = msg(locale, 'hover.noWeights');
  else {
    total = `**${paramsLabel(params, locale)}**`;
    const frozen = o.nonTrainableParams ?? 0;
    if (frozen > 0) total += ` (${msg(locale, 'hover.split', { trainable: formatCount(o.trainableParams ?? 0), nonTrainable: formatCount(frozen) })})`;
  }
  return `\`${inputs}\` → \`${formatOutputs(outcomeShapes(o), style)}\`${times} · ${total}`;
}

function outcomeMarkdown(o: CallOutcome, style: HoverOptions, times: string, className: string): string[] {
  const locale = style.locale ?? 'en';
  if (o.error) return [`\`${inputsText(o, style)}\` → ✗ **${msg(locale, 'teach.heading')}**${times}`, '', ...failureMarkdown(o.error, className, locale), ''];
  const lines: string[] = [ioLine(o, style, times), ''];
  const reason = unknownReasonText(o, locale, style.where);
  if (o.outputShapes === null && reason) lines.push(msg(locale, 'hover.outputUnknown', { reason: escapeMarkdown(reason) }), '');
  const steps = o.explain.filter((s) => s.label !== 'params').map((s) => ({ label: s.label, text: s.text }));
  if (o.weights.length > 0) steps.push({ label: 'params', text: paramFormula(o.weights) });
  if (steps.length > 0) {
    for (const s of steps) lines.push(`- ${escapeMarkdown(explainLabel(locale, s.label))}: \`${s.text.replace(/`/g, "'")}\``);
    lines.push('');
  }
  const table = weightsTable(o.weights, locale);
  if (table.length > 0) lines.push(...table, '');
  return lines;
}

/**
 * A call site's hover. With several results (a helper called in a loop) the
 * most useful one is explained in full and the others get a line each.
 */
export function callHoverMarkdown(call: LayerCall, style: HoverOptions = DEFAULT_HINT_OPTIONS): string {
  const locale = style.locale ?? 'en';
  const lines: string[] = [];
  let title = call.layerName ? `**${call.className}** \`${call.layerName}\`` : `**${call.className}**`;
  if (call.docPath) title += ` · [${msg(locale, 'hover.docs')}](${docsUrl(call.docPath)})`;
  lines.push(title, '');
  // An error Keras raises here comes first: it is what the user must act on.
  const ranked = rankedOutcomes(call.outcomes);
  const failing = ranked.findIndex((o) => o.error !== undefined);
  if (failing > 0) ranked.unshift(...ranked.splice(failing, 1));
  const [first, ...others] = ranked;
  if (!first) return [...lines, msg(locale, 'hover.outputUnknownPlain')].join('\n');
  const times = (o: CallOutcome) => timesSuffix(o.count, locale);
  if (others.length > 0) lines.push(`**${msg(locale, 'hover.result', { index: 1, total: others.length + 1 })}**`, '');
  lines.push(...outcomeMarkdown(first, style, times(first), call.className));
  if (others.length > 0) {
    lines.push(`**${msg(locale, 'hover.otherResults')}**`, '');
    for (const o of others) {
      lines.push(`- ${ioLine(o, style, times(o))}`);
      const reason = unknownReasonText(o, locale, style.where);
      if (o.outputShapes === null && reason && !o.error) lines.push(`  - ${msg(locale, 'hover.outputUnknown', { reason: escapeMarkdown(reason) })}`);
    }
  }
  return lines.join('\n').trimEnd();
}

export function modelHoverMarkdown(model: ModelInfo, locale: Locale = 'en'): string {
  const count = (n: number | null) => (n === null ? '?' : formatCount(n));
  const title = model.kerasName && model.kerasName !== model.name ? `**${model.className}** \`${model.name}\` ("${model.kerasName}")` : `**${model.className}** \`${model.name}\``;
  const app = model.application;
  const about = app === undefined ? [] : [`\`keras.applications.${app.constructorName}\` → \`${app.outputShapes.map((s) => formatShape(s)).join(', ')}\``, ''];
  return [
    title,
    '',
    ...about,
    `${msg(locale, 'model.total', { count: count(model.totalParams) })}  `,
    `${msg(locale, 'model.trainable', { count: count(model.trainableParams) })}  `,
    `${msg(locale, 'model.nonTrainable', { count: count(model.nonTrainableParams) })}  `,
    // An application's summary also has rows for its operations (`x + y`); `len(model.layers)` does not count them.
    msg(locale, 'model.layers', { count: app?.layerCount ?? model.rows.length }),
  ].join('\n');
}

function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

/** The identifier around `offset`, if any. */
export function wordAt(text: string, offset: number): TextRange | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && isIdentifierChar(text[start - 1])) start--;
  while (end < text.length && isIdentifierChar(text[end])) end++;
  if (start === end || /\p{N}/u.test(text[start])) return undefined;
  return { start, end };
}

/** The hover at `offset`: a layer call, else a model (its constructor or its variable name). */
export function hoverAt(result: AnalysisResult, text: string, offset: number, style: HoverOptions = DEFAULT_HINT_OPTIONS): HoverView | undefined {
  const locale = style.locale ?? 'en';
  const word = wordAt(text, offset);
  if (word) {
    const name = text.slice(word.start, word.end);
    const model = result.models.find((m) => m.name === name);
    if (model && !result.calls.some((c) => contains(c.range, offset) && !contains(model.range, offset))) {
      return { range: word, markdown: modelHoverMarkdown(model, locale) };
    }
  }
  const call = callAt(result, offset);
  if (call && !['Sequential', 'Functional', 'Model'].includes(call.className)) {
    return { range: call.range, markdown: callHoverMarkdown(call, style) };
  }
  const model = result.models.find((m) => contains(m.range, offset));
  if (model) return { range: model.range, markdown: modelHoverMarkdown(model, locale) };
  if (call) return { range: call.range, markdown: callHoverMarkdown(call, style) };
  // An error away from any layer call (an operation on tensors, a layer built and never called): its explanation.
  const error = result.diagnostics.find((d) => d.severity === 'error' && contains(d.range, offset));
  if (error) return { range: error.range, markdown: [`✗ **${msg(locale, 'teach.heading')}**`, '', ...failureMarkdown(error, KERAS, locale)].join('\n') };
  return undefined;
}

/** Who checks when no layer is named. */
const KERAS = 'Keras';
