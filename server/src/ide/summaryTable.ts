// A model's summary as plain text, laid out like Keras 3's `model.summary()`
// (the rich table Keras prints when output is not a terminal, without colour):
//
//   Model: "sequential"
//   ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
//   ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
//   ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
//   │ conv2d (Conv2D)                 │ (None, 61, 61, 24)     │         4,632 │
//   └─────────────────────────────────┴────────────────────────┴───────────────┘
//    Total params: 80,809 (315.66 KB)
//    Trainable params: 80,809 (315.66 KB)
//    Non-trainable params: 0 (0.00 B)
//
// Unknown shapes and counts print `?`. A functional model that branches,
// merges or shares a layer gets Keras's fourth column, "Connected to"
// (`conv2d[0][0], input_layer[0][0]`, wrapped in its cell), and a wider
// table (108 instead of 88). Used by the CLI and the language server. In
// Chinese the headings are translated; the layout is Keras's.
import { plainLines, type LinePlacer } from './reasons';
import type { ModelInfo, PartialShape, SummaryRow } from '../analysis/types';
import { formatCount, type Shape } from '../engine';
import { msg, type Locale } from './messages';

export interface SummaryOptions {
  /**
   * Total width of the table, whatever the layout. Unset, Keras's default:
   * min(88, terminal columns - 4), or min(108, …) with "Connected to".
   */
  readonly lineLength?: number;
  /**
   * The terminal's columns for that default (Python assumes 80 when output is
   * piped). Unset, the default width alone (88 or 108).
   */
  readonly terminalColumns?: number;
  /** The language of the headings (English, as Keras prints them, when unset). */
  readonly locale?: Locale;
  /** Where a line is, in the user's words (a notebook's cell and line); `line N` when unset. */
  readonly where?: LinePlacer;
}

interface Layout {
  readonly defaultLineLength: number;
  readonly positions: readonly number[];
  readonly header: readonly ('summary.layer' | 'summary.outputShape' | 'summary.params' | 'summary.connectedTo')[];
  readonly alignRight: readonly boolean[];
}

const THREE_COLUMNS: Layout = {
  defaultLineLength: 88,
  positions: [0.45, 0.8, 1.0],
  header: ['summary.layer', 'summary.outputShape', 'summary.params'],
  alignRight: [false, false, true],
};

const FOUR_COLUMNS: Layout = {
  defaultLineLength: 108,
  positions: [0.3, 0.56, 0.74, 1.0],
  header: ['summary.layer', 'summary.outputShape', 'summary.params', 'summary.connectedTo'],
  alignRight: [false, false, true, false],
};

/** Bytes per parameter: Keras counts float32 weights (32 bits). */
const BYTES_PER_PARAM = 4;
const MIN_LINE_LENGTH = 40;

export function renderModelSummary(model: ModelInfo, options: SummaryOptions = {}): string {
  if (model.summaryLayout !== undefined) return renderKeras2Summary(model, options);
  const layout = model.sequentialLike === false ? FOUR_COLUMNS : THREE_COLUMNS;
  const requested = options.lineLength ?? (options.terminalColumns === undefined ? layout.defaultLineLength : Math.min(layout.defaultLineLength, options.terminalColumns - 4));
  const lineLength = Math.max(MIN_LINE_LENGTH, Math.floor(requested));
  const widths = columnContentWidths(lineLength, layout.positions);
  const align = layout.alignRight;
  const locale = options.locale ?? 'en';
  const out: string[] = [msg(locale, 'summary.model', { name: model.kerasName })];
  const bar = (left: string, fill: string, mid: string, right: string) =>
    left + widths.map((w) => fill.repeat(w + 2)).join(mid) + right;

  out.push(bar('┏', '━', '┳', '┓'));
  out.push(...renderRow(layout.header.map((key) => msg(locale, key)), widths, align, '┃'));
  out.push(bar('┡', '━', '╇', '┩'));
  model.rows.forEach((row, i) => {
    if (i > 0) out.push(bar('├', '─', '┼', '┤'));
    const cells = rowCells(row);
    if (layout === FOUR_COLUMNS) cells.push(row.connectedTo && row.connectedTo.length > 0 ? row.connectedTo.join(', ') : '-');
    out.push(...renderRow(cells, widths, align, '│'));
  });
  out.push(bar('└', '─', '┴', '┘'));
  out.push(` ${msg(locale, 'summary.total', { value: countWithSize(model.totalParams) })}`);
  out.push(` ${msg(locale, 'summary.trainable', { value: countWithSize(model.trainableParams) })}`);
  out.push(` ${msg(locale, 'summary.nonTrainable', { value: countWithSize(model.nonTrainableParams) })}`);
  if (model.totalParams === null && model.errorLine !== undefined) out.push(msg(locale, 'summary.unknownBecause', { where: (options.where ?? plainLines(locale))(model.errorLine) }));
  return out.join('\n') + '\n';
}

/**
 * Keras 2's table (keras/utils/layer_utils.py `print_summary` of Keras
 * 2.2.5–2.3.1, unchanged in tf.keras 2 up to TF 2.7): 65 columns with fields
 * starting at 0, 45 % and 85 % of the line; 98 columns at 0, 33 %, 55 % and
 * 67 % with "Connected to" (one connection per line). Each field is cut at
 * the next field's start, less one column of space. `_` rules between rows,
 * `=` under the header and after the last row; per-layer counts without
 * separators, totals with them and without byte sizes. Shapes are Python
 * tuples (`(None, 10)`, `(None,)`); tf.keras 2 shows an input layer's as a
 * one-element list (`[(None, 28, 28, 1)]`: tf_keras/engine/node.py gives an
 * input node's outputs as a list).
 */
function renderKeras2Summary(model: ModelInfo, options: SummaryOptions): string {
  const locale = options.locale ?? 'en';
  const four = model.sequentialLike === false;
  const lineLength = Math.max(MIN_LINE_LENGTH, Math.floor(options.lineLength ?? (four ? 98 : 65)));
  const positions = (four ? [0.33, 0.55, 0.67, 1.0] : [0.45, 0.85, 1.0]).map((p) => Math.floor(lineLength * p));
  const out: string[] = [msg(locale, 'summary.model', { name: model.kerasName }), '_'.repeat(lineLength)];
  const header = [msg(locale, 'summary.layer'), msg(locale, 'summary.outputShape'), msg(locale, 'summary.params')];
  if (four) header.push(msg(locale, 'summary.connectedTo'));
  out.push(keras2Row(header, positions));
  out.push('='.repeat(lineLength));
  model.rows.forEach((row, i) => {
    const shapes = row.multipleOutputShapes ? 'multiple' : row.className === 'InputLayer' && model.summaryLayout === 'tf.keras2' && row.outputShapes?.length === 1 ? `[${pythonShape(row.outputShapes[0])}]` : keras2Shapes(row.outputShapes);
    const cells = [`${row.name} (${row.className})`, shapes, row.params === null ? '?' : String(row.params)];
    const connections = row.connectedTo ?? [];
    if (four) cells.push(connections[0] ?? '');
    out.push(keras2Row(cells, positions));
    if (four) for (const c of connections.slice(1)) out.push(keras2Row(['', '', '', c], positions));
    out.push((i === model.rows.length - 1 ? '=' : '_').repeat(lineLength));
  });
  if (model.rows.length === 0) out.push('='.repeat(lineLength));
  const count = (n: number | null) => (n === null ? '?' : formatCount(n));
  out.push(msg(locale, 'summary.total', { value: count(model.totalParams) }));
  out.push(msg(locale, 'summary.trainable', { value: count(model.trainableParams) }));
  out.push(msg(locale, 'summary.nonTrainable', { value: count(model.nonTrainableParams) }));
  out.push('_'.repeat(lineLength));
  return out.join('\n') + '\n';
}

/** One line of Keras 2's table: each field from where the previous one ended (its last column made a space), cut and padded to its end. */
function keras2Row(fields: readonly string[], positions: readonly number[]): string {
  let line = '';
  fields.forEach((field, i) => {
    if (i > 0) line = line.slice(0, -1) + ' ';
    line = cutToWidth(line + field, positions[i]);
    line += ' '.repeat(Math.max(0, positions[i] - displayWidth(line)));
  });
  return line;
}

function cutToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const c of text) {
    if (displayWidth(out + c) > width) break;
    out += c;
  }
  return out;
}

/** A shape as Python's `str()` of a tuple. */
function pythonShape(s: Shape): string {
  const dims = s.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

function keras2Shapes(shapes: readonly Shape[] | null): string {
  if (shapes === null || shapes.length === 0) return '?';
  if (shapes.length === 1) return pythonShape(shapes[0]);
  return `[${shapes.map(pythonShape).join(', ')}]`;
}

function rowCells(row: SummaryRow): string[] {
  return [
    `${row.name} (${row.className})`,
    formatSummaryShapes(row.outputShapes ?? row.partialShapes),
    row.params === null ? '?' : formatCount(row.params),
  ];
}

function countWithSize(count: number | null): string {
  if (count === null) return '?';
  return `${formatCount(count)} (${readableMemorySize(count * BYTES_PER_PARAM)})`;
}

/**
 * Output shapes the way the summary prints them: `(None, 10)` for one tensor
 * (no trailing comma for rank 1: `(None)`), `[(None, 5, 8), (None, 8)]` for
 * several, `?` when unknown.
 */
export function formatSummaryShapes(shapes: readonly (Shape | PartialShape)[] | null | undefined): string {
  if (shapes === null || shapes === undefined || shapes.length === 0) return '?';
  const one = (s: Shape | PartialShape) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  if (shapes.length === 1) return one(shapes[0]);
  return `[${shapes.map(one).join(', ')}]`;
}

/**
 * A byte count as Keras writes it: two decimals and the largest unit (powers
 * of 1024) below which the value stays ≥ 1 — `140.00 B`, `315.66 KB`. Rounds
 * half to even on the exact value, like Python's `'{:.2f}'.format`.
 */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    let v = bytes;
    let u = 0;
    while (u < units.length - 1 && v / 1024 >= 1) {
      v /= 1024;
      u++;
    }
    return `${v.toFixed(2)} ${units[u]}`;
  }
  let unit = 0;
  let divisor = 1n;
  const exact = BigInt(bytes);
  while (unit < units.length - 1 && exact >= divisor * 1024n) {
    divisor *= 1024n;
    unit++;
  }
  // Hundredths, rounded half to even on the exact quotient.
  const scaled = exact * 100n;
  let hundredths = scaled / divisor;
  const twiceRemainder = (scaled % divisor) * 2n;
  if (twiceRemainder > divisor || (twiceRemainder === divisor && hundredths % 2n === 1n)) hundredths++;
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction} ${units[unit]}`;
}

/**
 * Widths of the cells' text. Keras asks for columns ending at the given
 * fractions of the line (45 %, 80 %, 100 %; or 30 %, 56 %, 74 %, 100 % with
 * "Connected to"); rich then adds one space of padding on each side and, as
 * that overflows the line, takes the excess back evenly (3, 4, 3 at 88;
 * 3, 3, 4, 3 at 108).
 */
function columnContentWidths(lineLength: number, positions: readonly number[]): number[] {
  const requested: number[] = [];
  let current = 0;
  for (const p of positions) {
    const w = Math.floor(p * lineLength) - current;
    requested.push(w + 2);
    current += w;
  }
  const available = lineLength - (positions.length + 1);
  const reduced = reduceEvenly(requested.reduce((a, b) => a + b, 0) - available, requested);
  return reduced.map((w) => Math.max(1, w - 2));
}

/** Shares `excess` among the columns in equal parts, rounding like Python. */
function reduceEvenly(excess: number, widths: readonly number[]): number[] {
  if (excess <= 0) return [...widths];
  let remaining = excess;
  let parts = widths.length;
  return widths.map((w) => {
    const share = Math.min(w, roundHalfEven(remaining / parts));
    remaining -= share;
    parts--;
    return w - share;
  });
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function renderRow(cells: readonly string[], widths: readonly number[], alignRight: readonly boolean[], border: string): string[] {
  const wrapped = cells.map((c, i) => wrapCell(c, widths[i]));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let l = 0; l < height; l++) {
    const parts = wrapped.map((w, i) => {
      const text = w[l] ?? '';
      const pad = ' '.repeat(Math.max(0, widths[i] - displayWidth(text)));
      return ` ${alignRight[i] ? pad + text : text + pad} `;
    });
    lines.push(border + parts.join(border) + border);
  }
  return lines;
}

/** Greedy word wrap; a word longer than the cell is cut with an ellipsis, as rich does. */
function wrapCell(text: string, width: number): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [''];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = displayWidth(word) <= width ? word : truncate(word, width);
  }
  lines.push(line);
  return lines;
}

function truncate(word: string, width: number): string {
  const chars = Array.from(word);
  let out = '';
  for (const c of chars) {
    if (displayWidth(out + c) > width - 1) break;
    out += c;
  }
  return out + '…';
}

/** Terminal columns of a string: one per code point, two for wide East Asian characters. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** One row of a summary view: its cells as the table prints them, and the model it holds when that model can be expanded. */
export interface SummaryRowView {
  readonly cells: readonly string[];
  /** Index (in the file's models) of the model this row is, for a nested model the view can expand. */
  readonly nested?: number;
}

/** A model's summary as data for a view that lays the table out itself (the editor's summary view). */
export interface SummaryTableView {
  /** `Model: "classifier"`. */
  readonly title: string;
  /** The variable the model is assigned to. */
  readonly name: string;
  readonly headers: readonly string[];
  readonly alignRight: readonly boolean[];
  readonly rows: readonly SummaryRowView[];
  /** The three totals lines, as the table prints them, then why they are unknown when a layer fails. */
  readonly totals: readonly string[];
}

/** Every model of a file as a summary view: the cells of the text table, and which rows are models of the file (expandable). */
export function summaryTables(models: readonly ModelInfo[], locale: Locale = 'en', where: LinePlacer = plainLines(locale)): SummaryTableView[] {
  return models.map((model, index) => {
    const layout = model.sequentialLike === false ? FOUR_COLUMNS : THREE_COLUMNS;
    const rows = model.rows.map((row): SummaryRowView => {
      const cells = rowCells(row);
      if (layout === FOUR_COLUMNS) cells.push(row.connectedTo && row.connectedTo.length > 0 ? row.connectedTo.join(', ') : '-');
      // A row that is another model built in this file (by its Keras name): expandable to that model's rows.
      const nested = models.findIndex((m, j) => j !== index && m.kerasName === row.name && m.className === row.className);
      return nested >= 0 ? { cells, nested } : { cells };
    });
    const totals = [
      msg(locale, 'summary.total', { value: countWithSize(model.totalParams) }),
      msg(locale, 'summary.trainable', { value: countWithSize(model.trainableParams) }),
      msg(locale, 'summary.nonTrainable', { value: countWithSize(model.nonTrainableParams) }),
    ];
    if (model.totalParams === null && model.errorLine !== undefined) totals.push(msg(locale, 'summary.unknownBecause', { where: where(model.errorLine) }).trim());
    return {
      title: msg(locale, 'summary.model', { name: model.kerasName }),
      name: model.name,
      headers: layout.header.map((key) => msg(locale, key)),
      alignRight: layout.alignRight,
      rows,
      totals,
    };
  });
}
