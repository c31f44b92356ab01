// The pandas functions that make DataFrames and Series: the readers of data
// files (`pd.read_csv` and its kin), `pd.DataFrame`, `pd.Series`,
// `pd.concat`. A reader's rows are the file's, so unknown, and its columns
// are known when the arguments fix them:
//
//   pd.read_csv(path, names=["a", "b"])          → columns a, b; rows unknown
//   pd.read_csv(path, header=None, usecols=[3, 1]) → columns 1, 3
//   pd.read_csv(path)                             → columns from the file: unknown
//
// Everything the functions do to a DataFrame is in pandas.ts.
import { Call } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import { DataFrame, PandasIndex, PyDict, PyList, PyTuple, Series, Tensor, UNKNOWN, Unknown, dictKey, isPandas, iterItems, truthy, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';
import { WHY, asArray, distinctLabels, frame, labelsOf, type PandasHost } from './pandas';

/** The callee as the code spells it (`pd.read_csv`), for reasons. */
export function calleeText(node: SyntaxNode | undefined, dflt: string): string {
  if (node?.type !== 'call') return dflt;
  const t = Call.function(node).text.replace(/\s+/g, '');
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
}

/** Readers of files into a DataFrame; those with `names=` / `usecols=` read as read_csv does. */
const CSV_READERS = new Set(['read_csv', 'read_table', 'read_fwf']);
const OTHER_READERS = new Set(['read_excel', 'read_json', 'read_parquet', 'read_feather', 'read_orc', 'read_stata', 'read_sas', 'read_spss', 'read_sql', 'read_sql_query', 'read_sql_table', 'read_hdf', 'read_xml', 'read_clipboard']);

export function isPandasPath(path: string): boolean {
  return path.startsWith('pandas.');
}

export function callPandas(path: string, args: CallSiteArgs, host: PandasHost): Value {
  const name = path.slice('pandas.'.length);
  const line = host.lineOf(args.node);
  const callee = calleeText(args.node, `pd.${name}`);
  if (CSV_READERS.has(name)) return readCsv(callee, args, line);
  if (OTHER_READERS.has(name)) return readOther(name, callee, args, line);
  switch (name) {
    case 'DataFrame':
      return makeFrame(args, line);
    case 'Series':
      return makeSeries(args, line);
    case 'concat':
      return concat(args, line);
  }
  return unknownBecause(`\`${callee}(…)\` on line ${line} is not modelled`);
}

// ---------------------------------------------------------------- readers

function readWhy(callee: string, line: number): { rows: string; columns: string } {
  return {
    rows: `the number of rows depends on the data \`${callee}(…)\` reads on line ${line}`,
    columns: `the columns depend on the data \`${callee}(…)\` reads on line ${line}`,
  };
}

/** Integer positions (`usecols=[3, 1]`), sorted and without repeats; undefined when not all known ints. */
function positions(items: readonly Value[]): number[] | undefined {
  if (!items.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) return undefined;
  return [...new Set(items as number[])].sort((a, b) => a - b);
}

function readCsv(callee: string, args: CallSiteArgs, line: number): Value {
  const kw = args.keywords;
  const why = readWhy(callee, line);
  // Reading in chunks gives a reader, not a DataFrame; a Series with squeeze=True (pandas 1).
  for (const k of ['iterator', 'squeeze']) {
    const v = kw.get(k);
    if (v !== undefined && truthy(v) !== false) return unknownBecause(`\`${callee}(…, ${k}=…)\` on line ${line} is not modelled`);
  }
  if (kw.has('chunksize') && kw.get('chunksize') !== null) return unknownBecause(`\`${callee}(…, chunksize=…)\` on line ${line} is not modelled`);
  // Arguments after the path are keywords (pandas 2); older positional ones are not followed.
  if (args.positional.length > 1 || args.unknownSplat !== undefined) return frame(null, null, why.rows, why.columns, false);
  const unknownColumns = (): DataFrame => frame(null, null, why.rows, why.columns, true);
  const header = kw.get('header') ?? 'infer';
  if (header instanceof PyList || header instanceof PyTuple) return frame(null, null, why.rows, why.columns, false);
  // Dates parsed from several columns into one, a prefix for numbered columns (pandas 1): other labels.
  const parseDates = kw.get('parse_dates');
  if (parseDates instanceof PyDict || ((parseDates instanceof PyList || parseDates instanceof PyTuple) && parseDates.items.some((x) => x instanceof PyList || x instanceof PyTuple))) return unknownColumns();
  if (kw.has('prefix') && kw.get('prefix') !== null) return unknownColumns();
  const indexCol = kw.get('index_col') ?? null;
  // Which columns become the index depends on how many fields the file has (more than names: the first ones).
  if (indexCol !== null && indexCol !== false) return unknownColumns();
  const names = kw.get('names') ?? null;
  const usecols = kw.get('usecols') ?? null;
  const useItems = usecols === null ? undefined : labelsOf(usecols);
  if (usecols !== null && useItems === undefined) return unknownColumns();
  if (names !== null) {
    const given = labelsOf(names);
    // pandas refuses duplicate names.
    if (given === undefined || !distinctLabels(given)) return unknownColumns();
    if (useItems === undefined) return frame(given, null, why.rows, why.columns);
    if (useItems.every((x) => typeof x === 'string')) {
      const wanted = new Set(useItems.map((x) => dictKey(x)));
      // The names picked, in the file's order (each must be among the names).
      const picked = given.filter((n) => wanted.has(dictKey(n)));
      return picked.length === wanted.size ? frame(picked, null, why.rows, why.columns) : unknownColumns();
    }
    const pos = positions(useItems);
    if (pos === undefined) return unknownColumns();
    // As many names as columns used: the names label them; as many as the file has: the positions pick among them.
    if (given.length === pos.length) return frame(given, null, why.rows, why.columns);
    if (pos.every((p) => p < given.length) && given.length > pos.length) return frame(pos.map((p) => given[p]), null, why.rows, why.columns);
    return unknownColumns();
  }
  if (header === null) {
    // Columns numbered from 0 by position.
    if (useItems === undefined) return unknownColumns();
    const pos = positions(useItems);
    return pos === undefined ? unknownColumns() : frame(pos, null, why.rows, why.columns);
  }
  if (useItems === undefined) return unknownColumns();
  // Labels from the file's header: as many as used (they are distinct), in the file's order.
  if (useItems.every((x) => typeof x === 'string')) {
    const distinct = [...new Set(useItems as string[])];
    if (distinct.length === 1) return frame(distinct, null, why.rows, why.columns);
    return frame(distinct.map(() => unknownBecause(`the order of the columns depends on the data \`${callee}(…)\` reads on line ${line}`)), null, why.rows, why.columns, true);
  }
  const pos = positions(useItems);
  return pos === undefined ? unknownColumns() : frame(pos.map(() => unknownBecause(why.columns)), null, why.rows, why.columns, true);
}

function readOther(name: string, callee: string, args: CallSiteArgs, line: number): Value {
  const why = readWhy(callee, line);
  const kw = args.keywords;
  // Several sheets (a dict), a Series (`typ="series"`), chunks: not a DataFrame.
  if (name === 'read_excel' && (kw.has('sheet_name') || args.positional.length > 1)) {
    const sheet = kw.get('sheet_name') ?? args.positional[1];
    if (typeof sheet !== 'string' && typeof sheet !== 'number') return unknownBecause(`\`${callee}(…, sheet_name=…)\` on line ${line} is not modelled`);
  }
  if (name === 'read_json' && (kw.has('typ') || kw.has('chunksize'))) return unknownBecause(`\`${callee}(…)\` on line ${line} is not modelled`);
  if (name === 'read_hdf' || name === 'read_sql' || name === 'read_sql_query' || name === 'read_sql_table' || name === 'read_stata' || name === 'read_sas') {
    if (kw.has('chunksize') || kw.has('iterator')) return unknownBecause(`\`${callee}(…, chunksize=…)\` on line ${line} is not modelled`);
  }
  const cols = (name === 'read_parquet' || name === 'read_feather' || name === 'read_orc') && !kw.has('index_col') ? labelsOf(kw.get('columns')) : undefined;
  return cols !== undefined && distinctLabels(cols) ? frame(cols, null, why.rows, why.columns) : frame(null, null, why.rows, why.columns, name !== 'read_excel' && name !== 'read_json');
}

// ---------------------------------------------------------------- constructors

/** The length of a column's data (a list, an array, a Series); undefined when not a sequence, null when not known. */
function dataLength(v: Value): number | null | undefined {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof Tensor && !v.symbolic) return v.shape === null || v.shape.length === 0 ? (v.shape === null ? null : undefined) : v.shape[0];
  if (v instanceof Series) return v.length;
  return undefined;
}

function makeFrame(args: CallSiteArgs, line: number): Value {
  const data = args.positional[0] ?? args.keywords.get('data') ?? null;
  const columnsArg = args.keywords.get('columns') ?? args.positional[2] ?? null;
  const index = args.keywords.get('index') ?? args.positional[1] ?? null;
  const given = columnsArg === null ? undefined : labelsOf(columnsArg);
  const why = `the shape of \`pd.DataFrame(…)\` on line ${line} is not known`;
  if (columnsArg !== null && (given === undefined || !distinctLabels(given))) return frame(null, null, why, why, false);
  const indexLength = index === null ? undefined : index instanceof PyList || index instanceof PyTuple || index instanceof PandasIndex ? (index instanceof PandasIndex ? index.length : index.items.length) : null;
  if (data === null) return frame(given ?? [], indexLength ?? 0, why, why);
  if (data instanceof DataFrame) {
    const f = frame(given ?? (data.columns === null ? null : [...data.columns]), data.rows, data.rowsWhy, data.columnsWhy, given !== undefined || data.uniqueColumns);
    return f;
  }
  if (data instanceof PyDict) {
    // One column per key; the rows are the columns' length (all the same) or the index's.
    const keys = [...data.map.values()].map(([k]) => k);
    let rows: number | null | undefined = indexLength;
    let rowsWhy = why;
    for (const [, v] of data.map.values()) {
      const n = dataLength(v);
      if (n === undefined) continue;
      if (n === null) rowsWhy = whyOf(v) || (v instanceof Series ? v.why : why);
      if (rows === undefined) rows = n;
      else if (rows !== n) rows = null;
    }
    // Series are aligned on their index labels: their union.
    if ([...data.map.values()].some(([, v]) => v instanceof Series) && index === null) rows = null;
    return frame(given ?? keys, rows ?? null, rowsWhy, why);
  }
  if (data instanceof Tensor && !data.symbolic) {
    if (data.shape !== null && data.shape.length === 1) return frame(given ?? [0], indexLength ?? data.shape[0], data.why ?? why, data.why ?? why);
    if (data.shape === null || data.shape.length !== 2) return frame(given ?? null, null, data.why ?? why, data.why ?? why, given !== undefined);
    const [rows, n] = data.shape;
    return frame(given ?? (n === null ? null : Array.from({ length: n }, (_, i) => i)), indexLength ?? rows, data.why ?? why, data.why ?? why, true);
  }
  if (data instanceof PyList || data instanceof PyTuple) {
    // Rows of values: as many columns as the longest row.
    const lengths = data.items.map((r) => (r instanceof PyList || r instanceof PyTuple ? r.items.length : undefined));
    if (lengths.some((n) => n === undefined)) return frame(given ?? null, data.items.length, why, why, given !== undefined);
    const n = Math.max(0, ...(lengths as number[]));
    return frame(given ?? Array.from({ length: n }, (_, i) => i), data.items.length, why, why);
  }
  return frame(given ?? null, null, whyOf(data) || why, whyOf(data) || why, given !== undefined);
}

function makeSeries(args: CallSiteArgs, line: number): Value {
  const data = args.positional[0] ?? args.keywords.get('data') ?? null;
  const name = args.keywords.get('name') ?? args.positional[3] ?? null;
  const index = args.keywords.get('index') ?? args.positional[1] ?? null;
  const indexItems = index === null ? undefined : iterItems(index);
  let length: number | null = data === null ? 0 : (dataLength(data) ?? null);
  if (data instanceof PyDict) length = data.map.size;
  if (indexItems !== undefined) length = indexItems.length;
  else if (index !== null) length = null;
  const out = new Series(length, length === null ? whyOf(data) || `the shape of \`pd.Series(…)\` on line ${line} is not known` : '', name);
  return out;
}

function concat(args: CallSiteArgs, line: number): Value {
  const objsArg = args.positional[0] ?? args.keywords.get('objs');
  const objs = objsArg instanceof PyList || objsArg instanceof PyTuple ? objsArg.items : undefined;
  const why = `the contents of \`pd.concat(…)\` on line ${line} are not known`;
  if (objs === undefined || objs.length === 0 || args.keywords.has('keys')) return unknownBecause(whyOf(objsArg) || why);
  const axis = args.keywords.get('axis') ?? 0;
  const ignoreIndex = truthy(args.keywords.get('ignore_index') ?? false);
  const join = args.keywords.get('join') ?? 'outer';
  if (ignoreIndex === undefined || (join !== 'outer' && join !== 'inner')) return unknownBecause(why);
  if (!objs.every((o) => o instanceof DataFrame || o instanceof Series)) {
    // A piece the analysis does not know: side by side, or with a DataFrame among them, the result is a DataFrame still.
    const pieceWhy = objs.map((o) => (o instanceof Unknown ? o.why : '')).find((w) => w !== '') || objs.map((o) => whyOf(o)).find((w) => w !== '') || why;
    const frameResult = axis === 1 || axis === 'columns' || ((axis === 0 || axis === 'index' || axis === 'rows') && objs.some((o) => o instanceof DataFrame));
    return frameResult && objs.every((o) => o instanceof DataFrame || o instanceof Series || o instanceof Unknown) ? frame(null, null, pieceWhy, pieceWhy, false) : unknownBecause(pieceWhy);
  }
  const frames = objs as (DataFrame | Series)[];
  const rowsWhy = WHY.rows('pd.concat(…)', line);
  if (axis === 0 || axis === 'index' || axis === 'rows') {
    const lengths = frames.map((o) => (o instanceof DataFrame ? o.rows : o.length));
    const rows = lengths.every((n) => n !== null) ? (lengths as number[]).reduce((a, b) => a + b, 0) : null;
    const firstWhy = frames.map((o) => (o instanceof DataFrame ? o.rowsWhy : o.why)).find((w) => w !== '') ?? rowsWhy;
    if (frames.every((o) => o instanceof Series)) {
      const names = frames.map((o) => o.name);
      const name = names.every((n) => n !== undefined) ? (names.every((n) => dictKey(n as Value) === dictKey(names[0] as Value)) ? names[0] : null) : undefined;
      return new Series(rows, rows === null ? firstWhy : '', name);
    }
    if (!frames.every((o) => o instanceof DataFrame)) return frame(null, rows, firstWhy, why, false);
    const fs = frames as DataFrame[];
    const first = fs[0].columns;
    const same = first !== null && distinctLabels(first) && fs.every((f) => f.columns !== null && f.columns.length === first.length && f.columns.every((c, i) => dictKey(c) === dictKey(first[i])));
    if (same) return frame([...first], rows, firstWhy, why);
    // Other labels: their union, in the order they first appear (string labels only, each frame's distinct).
    const all = fs.flatMap((f) => f.columns ?? [UNKNOWN]);
    if (join === 'outer' && fs.every((f) => f.columns !== null && distinctLabels(f.columns)) && all.every((c) => typeof c === 'string')) {
      return frame([...new Set(all as string[])], rows, firstWhy, why);
    }
    return frame(null, rows, firstWhy, why, false);
  }
  if (axis === 1 || axis === 'columns') {
    // Side by side: the columns one after the other (a Series is one, named after it or numbered).
    const cols: Value[] = [];
    let unnamed = 0;
    let known = true;
    for (const o of frames) {
      if (o instanceof Series) cols.push(o.name === undefined ? unknownBecause(WHY.seriesName) : o.name === null ? unnamed++ : o.name);
      else if (o.columns === null) known = false;
      else cols.push(...o.columns);
    }
    // Rows are aligned on their labels: the union of the indexes.
    const rows = null;
    if (ignoreIndex) {
      const n = known ? cols.length : null;
      return frame(n === null ? null : Array.from({ length: n }, (_, i) => i), rows, rowsWhy, why);
    }
    return frame(known ? cols : null, rows, rowsWhy, why);
  }
  return unknownBecause(why);
}

/** pandas values given where NumPy or Keras takes an array: the array (`np.array(df)`, `ops.convert_to_tensor(df)`). */
export function pandasAsArray(v: Value): Value {
  if (v instanceof DataFrame || v instanceof Series || v instanceof PandasIndex) return asArray(v) ?? v;
  return v;
}

/** Call arguments with their pandas values (also in lists, tuples and dicts) as arrays; the same arguments when they hold none. */
export function pandasArgsAsArrays(args: CallSiteArgs): CallSiteArgs {
  const has = (v: Value): boolean => isPandas(v) || ((v instanceof PyList || v instanceof PyTuple) && v.items.some(isPandas)) || (v instanceof PyDict && [...v.map.values()].some(([, x]) => isPandas(x)));
  if (!args.positional.some(has) && ![...args.keywords.values()].some(has)) return args;
  const conv = (v: Value): Value => {
    if (v instanceof PyList) return new PyList(v.items.map(pandasAsArray));
    if (v instanceof PyTuple) return new PyTuple(v.items.map(pandasAsArray));
    if (v instanceof PyDict) {
      const d = new PyDict();
      for (const [k, [key, x]] of v.map) d.map.set(k, [key, pandasAsArray(x)]);
      return d;
    }
    return pandasAsArray(v);
  };
  const keywords = new Map<string, Value>();
  for (const [k, v] of args.keywords) keywords.set(k, conv(v));
  return { ...args, positional: args.positional.map(conv), keywords };
}
