// Hover markdown for the layer call (or model) under the cursor, from an
// AnalysisResult. For `layers.Conv2D(24, (8, 8), strides=2)(inputs)`:
//
//   **Conv2D** `conv2d`
//   `(None, 128, 128, 3)` → `(None, 61, 61, 24)`
//   - height: floor((128 − 8) / 2) + 1 = 61
//   …weights table, param formula, trainable / non-trainable, docs link.
//
// On a model's variable name or constructor: its totals.
import { formatCount, formatShape, paramFormula, type Weight } from '../engine';
import type { AnalysisResult, CallOutcome, LayerCall, ModelInfo, TextRange } from '../analysis';
import { DEFAULT_HINT_OPTIONS, formatOutputs, formatShapeStyled, outcomeParams, paramsLabel, type ShapeStyle } from './inlayHints';

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

function weightsTable(weights: readonly Weight[]): string[] {
  if (weights.length === 0) return [];
  const rows = ['| weight | shape | params | trainable |', '| --- | --- | ---: | --- |'];
  for (const w of weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const shape = w.shape.length === 1 ? `(${w.shape[0]},)` : `(${w.shape.join(', ')})`;
    rows.push(`| ${escapeMarkdown(w.name)} | ${shape} | ${formatCount(n)} | ${w.trainable ? 'yes' : 'no'} |`);
  }
  return rows;
}

function outcomeMarkdown(o: CallOutcome, style: ShapeStyle): string[] {
  const lines: string[] = [];
  const inputs = o.inputShapes.map((s) => (s === null ? '?' : formatShapeStyled(s, style))).join(', ') || '?';
  lines.push(`\`${inputs}\` → \`${formatOutputs(o.outputShapes, style)}\``, '');
  if (o.outputShapes === null && o.unknownReason) lines.push(`Output unknown: ${escapeMarkdown(o.unknownReason)}`, '');
  const steps = o.explain.filter((s) => s.label !== 'params');
  if (steps.length > 0) {
    for (const s of steps) lines.push(`- ${escapeMarkdown(s.label)}: \`${s.text.replace(/`/g, "'")}\``);
    lines.push('');
  }
  const table = weightsTable(o.weights);
  if (table.length > 0) lines.push(...table, '');
  const params = outcomeParams(o);
  if (o.weights.length > 0) lines.push(`Params: \`${paramFormula(o.weights)}\``, '');
  if (params !== null) {
    lines.push(
      params === 0
        ? 'No weights.'
        : `${paramsLabel(params)}: trainable ${formatCount(o.trainableParams ?? 0)} · non-trainable ${formatCount(o.nonTrainableParams ?? 0)}`,
      '',
    );
  } else {
    lines.push('Params: unknown', '');
  }
  return lines;
}

export function callHoverMarkdown(call: LayerCall, style: ShapeStyle = DEFAULT_HINT_OPTIONS): string {
  const lines: string[] = [];
  lines.push(call.layerName ? `**${call.className}** \`${call.layerName}\`` : `**${call.className}**`, '');
  call.outcomes.forEach((o, i) => {
    if (call.outcomes.length > 1) lines.push(`**Outcome ${i + 1} of ${call.outcomes.length}** (×${o.count})`, '');
    else if (o.count > 1) lines.push(`Runs ×${o.count}`, '');
    lines.push(...outcomeMarkdown(o, style));
  });
  if (call.outcomes.length === 0) lines.push('Output unknown.', '');
  if (call.docPath) lines.push(`[Keras docs: ${call.className}](${docsUrl(call.docPath)})`);
  return lines.join('\n').trimEnd();
}

export function modelHoverMarkdown(model: ModelInfo): string {
  const count = (n: number | null) => (n === null ? '?' : formatCount(n));
  const title = model.kerasName && model.kerasName !== model.name ? `**${model.className}** \`${model.name}\` ("${model.kerasName}")` : `**${model.className}** \`${model.name}\``;
  const app = model.application;
  const about = app === undefined ? [] : [`\`keras.applications.${app.constructorName}\` → \`${app.outputShapes.map((s) => formatShape(s)).join(', ')}\``, ''];
  return [
    title,
    '',
    ...about,
    `Total params: ${count(model.totalParams)}  `,
    `Trainable params: ${count(model.trainableParams)}  `,
    `Non-trainable params: ${count(model.nonTrainableParams)}  `,
    // An application's summary also has rows for its operations (`x + y`); `len(model.layers)` does not count them.
    `Layers: ${app?.layerCount ?? model.rows.length}`,
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
export function hoverAt(result: AnalysisResult, text: string, offset: number, style: ShapeStyle = DEFAULT_HINT_OPTIONS): HoverView | undefined {
  const word = wordAt(text, offset);
  if (word) {
    const name = text.slice(word.start, word.end);
    const model = result.models.find((m) => m.name === name);
    if (model && !result.calls.some((c) => contains(c.range, offset) && !contains(model.range, offset))) {
      return { range: word, markdown: modelHoverMarkdown(model) };
    }
  }
  const call = callAt(result, offset);
  if (call && !['Sequential', 'Functional', 'Model'].includes(call.className)) {
    return { range: call.range, markdown: callHoverMarkdown(call, style) };
  }
  const model = result.models.find((m) => contains(m.range, offset));
  if (model) return { range: model.range, markdown: modelHoverMarkdown(model) };
  if (call) return { range: call.range, markdown: callHoverMarkdown(call, style) };
  return undefined;
}
