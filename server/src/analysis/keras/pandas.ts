// pandas DataFrames and Series as the analysis follows them: two-dimensional
// data whose column labels are known when the code states them (`names=`,
// `usecols=`, `df.columns = [...]`, `df[["a", "b"]]`, `drop`, `pop`) and whose
// number of rows is usually the data's. What the code does not fix is unknown
// with the reason, and the rank survives: `df.values` is an array of rank 2,
// `df["c"]` a Series (rank 1), `df.shape[1]` the number of columns.
//
//   df = pd.read_csv(path, names=["a", "b", "c"])
//   df.drop(columns=["c"]).to_numpy()     → array (?, 2)
//   len(df), df["a"].unique()             → unknown (the data's)
//
// This file holds the model's pieces and the operators; attributes, methods
// and indexing are in pandasAccess.ts, making DataFrames (`pd.read_csv`,
// `pd.DataFrame`, `pd.concat`) in pandasMake.ts.
import type { SyntaxNode } from '../../python/syntax';
import {
  DataFrame,
  PandasIndex,
  PandasIndexer,
  PyDict,
  PyFloat,
  PyList,
  PySet,
  PySlice,
  PyTuple,
  Series,
  Tensor,
  UNKNOWN,
  Unknown,
  dictKey,
  numberOf,
  unknownBecause,
  unknownInt,
  whyOf,
  type CallSiteArgs,
  type PandasValue,
  type Value,
} from '../values';
import { sliceIndices } from '../slices';

/** What the pandas rules need of their caller. */
export interface PandasHost {
  lineOf(node: SyntaxNode): number;
}

/** The reasons the pandas rules give: sentences of the message catalogue (`reason.*`). */
export const WHY = {
  rows: (code: string, line: number): string => `the rows of \`${code}\` on line ${line} depend on the data`,
  columns: (code: string, line: number): string => `the columns of \`${code}\` on line ${line} are not known`,
  values: (code: string, line: number): string => `\`${code}\` on line ${line} depends on the values of the data`,
  noColumn: (label: string): string => `the DataFrame has no column \`${label}\``,
  valuesOfData: 'the values of the data are not known',
  rowLabels: 'the labels of the rows are not known',
  seriesName: 'the name of the Series is not known',
  setOrder: 'the order of the items of a set is not known',
};

/** Code quoted in a reason: its text on one line, shortened. */
export function quoteCode(node: SyntaxNode): string {
  const t = node.text.replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
}

/** Lists up to this long are made item by item (`series.tolist()` of a known length). */
export const MAX_ITEMS = 10_000;

// ---------------------------------------------------------------- labels

/** The labels of a list, tuple, set or Index the code gives (`["a", "b"]`); undefined when not a sequence of labels. */
export function labelsOf(v: Value | undefined): Value[] | undefined {
  if (v instanceof PyList || v instanceof PyTuple || (v instanceof PySet && v.unknownItems === undefined)) return [...v.items];
  if (v instanceof PandasIndex && v.labels !== null) return [...v.labels];
  return undefined;
}

/** Whether every label is known and no two are the same. */
export function distinctLabels(labels: readonly Value[]): boolean {
  const seen = new Set<string>();
  for (const l of labels) {
    const k = dictKey(l);
    if (k === undefined || seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

/** A label as pandas takes one for a single column (`df["a"]`, `df[0]`): a hashable scalar. */
export function isScalarLabel(v: Value): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat || (v instanceof PyTuple && dictKey(v) !== undefined);
}

export function sameLabel(a: Value, b: Value): boolean | undefined {
  const x = dictKey(a);
  const y = dictKey(b);
  return x === undefined || y === undefined ? undefined : x === y;
}

/** How many columns are labelled `label`: exact, or undefined when an unknown label might be it. */
export function labelCount(f: DataFrame, label: Value): number | undefined {
  if (f.columns === null) return undefined;
  let n = 0;
  let unsure = false;
  for (const c of f.columns) {
    const s = sameLabel(c, label);
    if (s === true) n++;
    else if (s === undefined) unsure = true;
  }
  if (!unsure) return n;
  // With distinct labels, an unknown one cannot be a label already seen.
  return f.uniqueColumns && n === 1 ? 1 : undefined;
}

// ---------------------------------------------------------------- making values

export function frame(columns: Value[] | null, rows: number | null, rowsWhy: string, columnsWhy: string, unique?: boolean): DataFrame {
  return new DataFrame(columns, rows, rows === null ? rowsWhy : '', columns !== null && distinctLabels(columns) ? '' : columnsWhy, unique ?? (columns !== null && distinctLabels(columns)));
}

/** The same columns, other rows. */
export function withRows(f: DataFrame, rows: number | null, why: string): DataFrame {
  return new DataFrame(f.columns === null ? null : [...f.columns], rows, rows === null ? why : '', f.columnsWhy, f.uniqueColumns);
}

/** The same rows, other columns (unknown ones because of `why`). */
export function withColumns(f: DataFrame, columns: Value[] | null, why: string, unique?: boolean): DataFrame {
  return new DataFrame(columns, f.rows, f.rowsWhy, columns !== null && distinctLabels(columns) ? '' : why || f.columnsWhy, unique ?? (columns !== null && distinctLabels(columns)));
}

export function column(f: DataFrame, label: Value | undefined): Series {
  return new Series(f.rows, f.rowsWhy, label);
}

/** A row of `f` as a Series: one item per column. */
export function row(f: DataFrame): Series {
  return new Series(f.columns?.length ?? null, f.columnsWhy, undefined);
}

export function sameSeries(s: Series, length = s.length, why = s.why): Series {
  return new Series(length, length === null ? why : '', s.name);
}

/** `v` with another number of rows (a DataFrame) or length (a Series). */
export function withLength(v: DataFrame | Series, n: number | null, why: string): DataFrame | Series {
  return v instanceof DataFrame ? withRows(v, n, why) : sameSeries(v, n, why);
}

/** A concrete array (rank 2 for a DataFrame, 1 for a Series or Index); null sizes are the data's. */
export function asArray(v: PandasValue, dtype?: string): Tensor | undefined {
  let t: Tensor;
  if (v instanceof DataFrame) {
    t = new Tensor([v.rows, v.columns?.length ?? null], null, false);
    t.why = v.columns === null ? v.columnsWhy : v.rowsWhy;
  } else if (v instanceof Series) {
    t = new Tensor([v.length], null, false);
    t.why = v.why;
  } else if (v instanceof PandasIndex) {
    t = new Tensor([v.length], null, false);
    t.why = v.why;
    const labels = v.labels;
    if (labels !== null && labels.length <= MAX_ITEMS && labels.every((l) => typeof l === 'string' || typeof l === 'number')) t.values = labels as (string | number)[];
  } else return undefined;
  if (t.why === '') t.why = undefined;
  if (dtype !== undefined) t.dtype = dtype;
  return t;
}

/** A frame's shape as Python reads it: `(rows, columns)`, each unknown with its reason. */
export function shapeOf(f: DataFrame): PyTuple {
  return new PyTuple([f.rows ?? unknownInt(f.rowsWhy), f.columns?.length ?? unknownInt(f.columnsWhy)]);
}

export function size(a: number | null, whyA: string, b: number | null, whyB: string): Value {
  if (a === 0 || b === 0) return 0;
  if (a === null) return unknownInt(whyA);
  if (b === null) return unknownInt(whyB);
  return a * b;
}

// ---------------------------------------------------------------- rows

/** Python's round(): half to even. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/** The rows `head(n)` / `tail(n)` keep. */
export function headRows(rows: number | null, n: number | undefined): number | null {
  if (rows === null || n === undefined || !Number.isInteger(n)) return null;
  return n >= 0 ? Math.min(n, rows) : Math.max(rows + n, 0);
}

/** The rows `sample(n=, frac=)` draws; null when not known. */
export function sampleRows(rows: number | null, a: CallSiteArgs): number | null {
  const n = a.keywords.get('n') ?? a.positional[0] ?? null;
  const frac = a.keywords.get('frac') ?? (a.positional.length > 1 ? a.positional[1] : null);
  if (n !== null && frac === null) return typeof n === 'number' && Number.isInteger(n) ? n : null;
  if (n === null && frac === null) return 1;
  if (n !== null || rows === null) return null;
  const f = numberOf(frac);
  return f === undefined ? null : pyRound(f * rows);
}

/** Whether a value is a boolean mask (a list of booleans, an array or Series of booleans). */
export function isMask(key: Value): boolean {
  if (key instanceof PyList || key instanceof PyTuple) return key.items.length > 0 && key.items.every((x) => typeof x === 'boolean');
  return (key instanceof Tensor || key instanceof Series) && key.dtype === 'bool';
}

/** Whether a slice's bounds are positions (ints or None), not labels. */
export function positionalSlice(s: PySlice): boolean {
  return [s.start, s.stop, s.step].every((x) => x === null || (typeof x === 'number' && Number.isInteger(x)));
}

/**
 * The rows a row key picks: a slice of positions, a boolean mask, or (by
 * position) a list or array of positions; undefined when it is none of them.
 */
export function rowsPicked(rows: number | null, key: Value, byPosition: boolean): { rows: number | null } | undefined {
  if (key instanceof PySlice) {
    if (!positionalSlice(key)) return byPosition ? undefined : { rows: null };
    return { rows: rows === null ? null : (sliceIndices(key, rows)?.length ?? null) };
  }
  if (isMask(key)) return { rows: key instanceof PyList || key instanceof PyTuple ? key.items.filter((x) => x === true).length : null };
  if (!byPosition) return undefined;
  if (key instanceof PyList || key instanceof PyTuple) return key.items.every((x) => typeof x === 'number' && Number.isInteger(x)) ? { rows: key.items.length } : undefined;
  if (key instanceof Tensor && typeof key.dtype === 'string' && /^u?int/.test(key.dtype) && key.shape !== null && key.shape.length === 1) return { rows: key.shape[0] };
  return undefined;
}

// ---------------------------------------------------------------- columns

/** The columns after dropping `labels` (each must be there unless `ignore`); null when not known. */
export function dropLabels(f: DataFrame, labels: readonly Value[], ignore: boolean): Value[] | null {
  if (f.columns === null) return null;
  const keys = labels.map((l) => dictKey(l));
  if (keys.some((k) => k === undefined)) return null;
  const drop = new Set(keys as string[]);
  const found = new Set<string>();
  const out: Value[] = [];
  for (const c of f.columns) {
    const k = dictKey(c);
    if (k !== undefined && drop.has(k)) found.add(k);
    else out.push(c);
  }
  const unknownLabels = out.filter((c) => dictKey(c) === undefined).length;
  if (unknownLabels > 0 && !f.uniqueColumns) return null;
  const missing = [...drop].filter((k) => !found.has(k)).length;
  if (missing === 0) return out;
  // A label not among the known ones is one of the unknown ones, each once (the labels are distinct), or pandas raises.
  if (ignore || missing > unknownLabels) return ignore && unknownLabels === 0 ? out : null;
  let n = missing;
  return out.filter((c) => !(dictKey(c) === undefined && n-- > 0));
}

/** The columns `df[labels]` selects (each label as many times as it labels a column). */
export function selectLabels(f: DataFrame, labels: readonly Value[]): Value[] | null {
  if (f.uniqueColumns) return [...labels];
  if (f.columns === null || !f.columns.every((c) => dictKey(c) !== undefined)) return null;
  const out: Value[] = [];
  for (const l of labels) for (const c of f.columns) if (sameLabel(c, l)) out.push(c);
  return out;
}

/** `f[label] = …`: a label not there yet is added at the end. */
export function addColumn(f: DataFrame, label: Value, value: Value): void {
  if (f.rows !== null && f.columns !== null && f.columns.length === 0) {
    // The first column of an empty frame sets its rows.
    f.rows = value instanceof PyList || value instanceof PyTuple ? value.items.length : value instanceof Series ? value.length : value instanceof Tensor && value.shape !== null && value.shape.length > 0 ? value.shape[0] : null;
    if (f.rows === null) f.rowsWhy = value instanceof Series ? value.why : value instanceof Tensor ? (value.why ?? '') : '';
  }
  if (f.columns === null) return;
  if (dictKey(label) === undefined) {
    f.columns = null;
    return;
  }
  const n = labelCount(f, label);
  if (n === undefined) f.columns = null;
  else if (n === 0) {
    f.columns = [...f.columns, label];
  }
}

/** What `axis=` says: 0 (rows) or 1 (columns); undefined when not known. */
export function axisOf(v: Value | undefined, dflt: 0 | 1): 0 | 1 | undefined {
  if (v === undefined || v === null) return dflt;
  if (v === 0 || v === 'index' || v === 'rows') return 0;
  if (v === 1 || v === 'columns') return 1;
  return undefined;
}

// ---------------------------------------------------------------- changes

/** `obj[key] = value`. */
export function pandasSetItem(obj: PandasValue, key: Value, value: Value): void {
  if (obj instanceof DataFrame) {
    if (isScalarLabel(key)) addColumn(obj, key, value);
    else if (key instanceof PyList || key instanceof PyTuple) for (const l of key.items) addColumn(obj, l, value);
    else if (key instanceof Unknown) obj.columns = null;
    return;
  }
  if (obj instanceof Series) {
    // A new label adds an item; a mask or slice changes values only.
    if (!(isMask(key) || key instanceof PySlice)) obj.length = null;
    return;
  }
  if (obj instanceof PandasIndexer) {
    const of = obj.of;
    const parts = key instanceof PyTuple ? key.items : [key];
    if (obj.by === 'iloc' || obj.by === 'iat') return;
    if (of instanceof Series) {
      of.length = null;
      return;
    }
    // `df.loc[rows, label] = …` adds a column `label` when there is none; `df.loc[label] = …` may add a row.
    if (parts.length === 2) {
      const c = parts[1];
      if (c instanceof PySlice) return;
      for (const l of isScalarLabel(c) ? [c] : (labelsOf(c) ?? [UNKNOWN])) addColumn(of, l, UNKNOWN);
    }
    if (parts.length === 1 || !(parts[0] instanceof PySlice || isMask(parts[0]))) of.rows = null;
  }
}

/** `df.columns = [...]`, `df.index = [...]`, `series.name = …`: other labels (their number must be the same). */
export function pandasSetAttr(obj: PandasValue, name: string, value: Value): void {
  const labels = labelsOf(value);
  if (obj instanceof DataFrame && name === 'columns') {
    obj.columns = labels ?? null;
    obj.uniqueColumns = labels !== undefined && distinctLabels(labels);
    obj.columnsWhy = labels !== undefined && distinctLabels(labels) ? '' : whyOf(value) || (value instanceof PandasIndex ? value.why : '') || obj.columnsWhy;
  } else if ((obj instanceof DataFrame || obj instanceof Series) && name === 'index') {
    const n = labels?.length ?? (value instanceof PandasIndex || value instanceof Series ? value.length : value instanceof Tensor && value.shape?.length === 1 ? value.shape[0] : null);
    if (obj instanceof DataFrame) obj.rows = n;
    else obj.length = n;
  } else if (obj instanceof Series && name === 'name') obj.name = value instanceof Unknown ? undefined : value;
}

/** `del df[label]`. */
export function pandasDeleteItem(obj: PandasValue, key: Value, line: number): void {
  if (obj instanceof DataFrame) {
    obj.columns = isScalarLabel(key) ? dropLabels(obj, [key], false) : null;
    if (obj.columns === null) obj.columnsWhy ||= WHY.columns('del', line);
  } else if (obj instanceof Series) obj.length = null;
}

// ---------------------------------------------------------------- operators

/** The length or frame of an operand of arithmetic with pandas values; undefined when not one. */
export function pandasBinary(_op: string, l: Value, r: Value, host: PandasHost, node: SyntaxNode): Value {
  const line = host.lineOf(node);
  const code = quoteCode(node);
  if (l instanceof DataFrame || r instanceof DataFrame) {
    const f = (l instanceof DataFrame ? l : r) as DataFrame;
    const other = l instanceof DataFrame ? r : l;
    if (isScalarOperand(other) || (other instanceof Tensor && !other.symbolic)) return withRows(f, f.rows, f.rowsWhy);
    if (other instanceof DataFrame) {
      const same = f.columns !== null && other.columns !== null && f.columns.length === other.columns.length && f.columns.every((c, i) => sameLabel(c, (other.columns as Value[])[i]) === true);
      const out = withColumns(f, same ? [...(f.columns as Value[])] : null, WHY.columns(code, line));
      return withRows(out, null, f.rowsWhy || WHY.rows(code, line));
    }
    // A Series is aligned with the columns: their union.
    if (other instanceof Series) return withColumns(f, null, WHY.columns(code, line));
    return unknownBecause(`\`${code}\` on line ${line} is not modelled`);
  }
  const s = (l instanceof Series ? l : r) as Series;
  const other = l instanceof Series ? r : l;
  if (isScalarOperand(other)) return sameSeries(s);
  if (other instanceof Tensor && !other.symbolic) return sameSeries(s, s.length ?? (other.shape?.length === 1 ? other.shape[0] : null));
  if (other instanceof Series) {
    const name = s.name !== undefined && other.name !== undefined ? (sameLabel(s.name, other.name) === true ? s.name : null) : undefined;
    return new Series(null, s.why || other.why || WHY.rows(code, line), name);
  }
  return unknownBecause(`\`${code}\` on line ${line} is not modelled`);
}

function isScalarOperand(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v instanceof PyFloat || v === null || (v instanceof Unknown && v !== UNKNOWN);
}

/** `-x`, `~x`, `abs(x)`: the same shape. */
export function pandasUnary(v: PandasValue): Value {
  if (v instanceof DataFrame) return withRows(v, v.rows, v.rowsWhy);
  if (v instanceof Series) return sameSeries(v);
  return UNKNOWN;
}

/** `len(obj)`. */
export function pandasLength(v: PandasValue): Value {
  if (v instanceof DataFrame) return v.rows ?? unknownInt(v.rowsWhy);
  if (v instanceof Series) return v.length ?? unknownInt(v.why);
  if (v instanceof PandasIndex) return v.length ?? unknownInt(v.why);
  return UNKNOWN;
}

/** `dict(df)`: each column by its label. */
export function pandasDict(v: PandasValue): Value {
  if (!(v instanceof DataFrame) || v.columns === null || !distinctLabels(v.columns)) return unknownBecause(v instanceof DataFrame ? v.columnsWhy : '');
  const d = new PyDict();
  for (const c of v.columns) d.map.set(dictKey(c) as string, [c, column(v, c)]);
  return d;
}

/** An elementwise comparison with a pandas operand: the same shape, of booleans. */
export function pandasCompare(l: Value, r: Value): Value {
  const p = l instanceof DataFrame || l instanceof Series ? l : r;
  if (p instanceof DataFrame) return withRows(p, p.rows, p.rowsWhy);
  if (p instanceof Series) {
    const other = p === l ? r : l;
    const out = other instanceof Series ? sameSeries(p, p.length ?? other.length, p.why || other.why) : sameSeries(p);
    out.dtype = 'bool';
    return out;
  }
  return UNKNOWN;
}
