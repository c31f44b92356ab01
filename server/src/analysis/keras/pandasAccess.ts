// Attributes, methods and indexing of pandas values (the model is in
// pandas.ts): `df.shape`, `df.columns`, `df.values`, `df.drop(columns=…)`,
// `df.pop("c")`, `df["c"]`, `df[["a", "b"]]`, `df.iloc[:, 1:]`,
// `series.unique()`. A method that keeps the shape keeps what is known; one
// whose result depends on the values (`dropna`, `unique`) makes that part
// unknown with the reason.
//
//   df.drop(columns=["label"]).to_numpy()   → array (?, 3) for four named columns
//   df["a"].unique()                          → array (?,)
import type { SyntaxNode } from '../../python/syntax';
import {
  Builtin,
  DataFrame,
  PandasIndex,
  PandasIndexer,
  PyDict,
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
  truthy,
  unknownBecause,
  unknownInt,
  type CallSiteArgs,
  type PandasValue,
  type Value,
} from '../values';
import { sliceIndices } from '../slices';
import {
  MAX_ITEMS,
  addColumn,
  asArray,
  axisOf,
  column,
  distinctLabels,
  dropLabels,
  frame,
  headRows,
  isMask,
  isScalarLabel,
  labelCount,
  labelsOf,
  row,
  rowsPicked,
  sameLabel,
  sameSeries,
  sampleRows,
  selectLabels,
  shapeOf,
  size,
  withColumns,
  withRows,
  type PandasHost,
  WHY,
} from './pandas';

// ---------------------------------------------------------------- attributes

/** Names of pandas DataFrame and Series attributes: `df.name` is a column only when it is none of them. */
const FRAME_ATTRIBUTES: ReadonlySet<string> = new Set(
  (
    'T abs add add_prefix add_suffix agg aggregate align all any append apply applymap asfreq asof assign astype at at_time attrs axes backfill ' +
    'between_time bfill bool boxplot clip columns combine combine_first compare convert_dtypes copy corr corrwith count cov cummax cummin ' +
    'cumprod cumsum describe diff div divide dot drop drop_duplicates droplevel dropna dtypes duplicated empty eq equals eval ewm expanding ' +
    'explode ffill fillna filter first first_valid_index flags floordiv from_dict from_records ge get groupby gt head hist iat idxmax idxmin ' +
    'iloc index infer_objects info insert interpolate isetitem isin isna isnull items iteritems iterrows itertuples join keys kurt kurtosis ' +
    'last last_valid_index le loc lookup lt mad map mask max mean median melt memory_usage merge min mod mode mul multiply ndim ne nlargest ' +
    'notna notnull nsmallest nunique pad pct_change pipe pivot pivot_table plot pop pow prod product quantile query radd rank rdiv reindex ' +
    'reindex_like rename rename_axis reorder_levels replace resample reset_index rfloordiv rmod rmul rolling round rpow rsub rtruediv sample ' +
    'select_dtypes sem set_axis set_flags set_index shape shift size skew slice_shift sort_index sort_values sparse squeeze stack std style ' +
    'sub subtract sum swapaxes swaplevel tail take to_clipboard to_csv to_dict to_excel to_feather to_gbq to_hdf to_html to_json to_latex ' +
    'to_markdown to_numpy to_orc to_parquet to_period to_pickle to_records to_sql to_stata to_string to_timestamp to_xarray to_xml transform ' +
    'transpose truediv truncate tshift tz_convert tz_localize unstack update value_counts values var where xs case_when'
  ).split(' '),
);

/** Methods that give a frame (or Series) of the same shape. */
const SAME_SHAPE = new Set(
  'copy astype fillna replace abs round clip isna isnull notna notnull where mask applymap map shift diff cumsum cumprod cummax cummin pct_change interpolate ffill bfill pad backfill rank infer_objects convert_dtypes sort_values sort_index isin tz_localize tz_convert between'.split(' '),
);

/** Methods that keep the columns and some of the rows, how many depending on the data. */
const SOME_ROWS = new Set('dropna drop_duplicates query explode nlargest nsmallest dropna'.split(' '));

/** Reductions to one value per column (axis 0) or row (axis 1). */
const REDUCTIONS = new Set('count nunique sum mean median std var min max prod product sem skew kurt any all idxmax idxmin'.split(' '));

/** Methods whose result is a value of the data (`df["a"].max()`). */
const SCALARS = new Set('sum mean median std var min max prod product sem skew kurt idxmax idxmin argmax argmin item any all nunique count quantile'.split(' '));

/** Methods that write a file or show something: None. */
const RETURNS_NONE = new Set('info to_csv to_excel to_parquet to_feather to_pickle to_hdf to_sql to_stata to_json to_html to_latex to_markdown to_xml to_orc'.split(' '));

function rowsWhyOf(f: DataFrame | Series, what: string, line: number): string {
  const own = f instanceof DataFrame ? f.rowsWhy : f.why;
  return own !== '' ? own : WHY.rows(what, line);
}

/** `inplace=True`: the method changes its frame and gives None. */
function inPlace(a: CallSiteArgs): boolean | undefined {
  const v = a.keywords.get('inplace');
  return v === undefined ? false : truthy(v);
}

/** The result of a method that can work in place: `out` given back, or put into `f` (None given back). */
function result(f: DataFrame, out: DataFrame, a: CallSiteArgs): Value {
  const inplace = inPlace(a);
  if (inplace === undefined) {
    f.columns = null;
    f.rows = null;
    f.columnsWhy = f.rowsWhy = '`inplace` is not known statically';
    return UNKNOWN;
  }
  if (!inplace) return out;
  f.columns = out.columns;
  f.rows = out.rows;
  f.rowsWhy = out.rowsWhy;
  f.columnsWhy = out.columnsWhy;
  f.uniqueColumns = out.uniqueColumns;
  return null;
}

export function pandasAttr(obj: PandasValue, name: string, host: PandasHost): Value {
  if (obj instanceof DataFrame) return frameAttr(obj, name, host);
  if (obj instanceof Series) return seriesAttr(obj, name, host);
  if (obj instanceof PandasIndex) return indexAttr(obj, name);
  return UNKNOWN;
}

function frameAttr(f: DataFrame, name: string, host: PandasHost): Value {
  const b = (fn: (a: CallSiteArgs, line: number) => Value): Builtin => new Builtin(name, (a) => fn(a, host.lineOf(a.node)));
  const ncols = f.columns?.length ?? null;
  switch (name) {
    case 'shape':
      return shapeOf(f);
    case 'ndim':
      return 2;
    case 'size':
      return size(f.rows, f.rowsWhy, ncols, f.columnsWhy);
    case 'empty':
      return f.rows === 0 || ncols === 0 ? true : f.rows !== null && ncols !== null ? false : unknownBecause(f.rows === null ? f.rowsWhy : f.columnsWhy);
    case 'columns':
      return new PandasIndex(f.columns === null ? null : [...f.columns], ncols, f.columnsWhy);
    case 'index':
      return new PandasIndex(null, f.rows, f.rowsWhy);
    case 'values':
      return asArray(f) ?? UNKNOWN;
    case 'dtypes':
      return new Series(ncols, f.columnsWhy, null);
    case 'T':
      return transpose(f);
    case 'iloc':
    case 'loc':
    case 'iat':
    case 'at':
      return new PandasIndexer(f, name);
    case 'keys':
      return b(() => frameAttr(f, 'columns', host));
    case 'to_numpy':
      return b((a) => asArray(f, dtypeName(a.keywords.get('dtype') ?? a.positional[0])) ?? UNKNOWN);
    case 'transpose':
      return b(() => transpose(f));
    case 'head':
    case 'tail':
      return b((a) => withRows(f, headRows(f.rows, numberOf(a.keywords.get('n') ?? a.positional[0] ?? 5)), rowsWhyOf(f, `.${name}()`, host.lineOf(a.node))));
    case 'sample':
      return b((a, line) => {
        const axis = axisOf(a.keywords.get('axis'), 0);
        if (axis !== 0) return withColumns(f, null, WHY.columns('.sample()', line), f.uniqueColumns);
        const rows = sampleRows(f.rows, a);
        return withRows(f, rows, rowsWhyOf(f, '.sample()', line));
      });
    case 'drop':
      return b((a, line) => result(f, drop(f, a, line), a));
    case 'pop':
      return b((a, line) => {
        const label = a.positional[0] ?? a.keywords.get('item') ?? UNKNOWN;
        const out = column(f, label);
        f.columns = dropLabels(f, [label], false);
        if (f.columns === null) f.columnsWhy ||= WHY.columns('.pop()', line);
        return out;
      });
    case 'insert':
      return b((a) => {
        const loc = numberOf(a.positional[0] ?? a.keywords.get('loc') ?? UNKNOWN);
        const label = a.positional[1] ?? a.keywords.get('column') ?? UNKNOWN;
        if (f.columns !== null && loc !== undefined && Number.isInteger(loc) && loc >= 0 && loc <= f.columns.length && labelCount(f, label) === 0) {
          f.columns = [...f.columns.slice(0, loc), label, ...f.columns.slice(loc)];
        } else f.columns = null;
        return null;
      });
    case 'assign':
      return b((a) => {
        const out = withColumns(f, f.columns === null ? null : [...f.columns], f.columnsWhy, f.uniqueColumns);
        for (const [k, v] of a.keywords) addColumn(out, k, v);
        out.uniqueColumns = out.columns !== null ? distinctLabels(out.columns) || (f.uniqueColumns && out.columns.length === (f.columns?.length ?? -1)) : f.uniqueColumns;
        return out;
      });
    case 'rename':
      return b((a, line) => result(f, rename(f, a, line), a));
    case 'set_index':
      return b((a, line) => {
        const keys = a.positional[0] ?? a.keywords.get('keys') ?? UNKNOWN;
        const dropKeys = truthy(a.keywords.get('drop') ?? true);
        const labels = isScalarLabel(keys) ? [keys] : labelsOf(keys);
        const cols = dropKeys === false ? (f.columns === null ? null : [...f.columns]) : labels === undefined ? null : dropLabels(f, labels, false);
        return result(f, withColumns(f, cols, WHY.columns('.set_index()', line), f.uniqueColumns), a);
      });
    case 'reset_index':
      return b((a, line) => {
        const keep = truthy(a.keywords.get('drop') ?? a.positional[1] ?? false);
        // Without drop=True the index comes back as columns, named after its levels.
        const cols = keep === true ? (f.columns === null ? null : [...f.columns]) : null;
        return result(f, withColumns(f, cols, WHY.columns('.reset_index()', line), keep === true && f.uniqueColumns), a);
      });
    case 'reindex':
      return b((a) => {
        const cols = labelsOf(a.keywords.get('columns'));
        const index = labelsOf(a.keywords.get('index') ?? a.positional[0]);
        const out = withColumns(f, cols ?? (a.keywords.has('columns') ? null : f.columns === null ? null : [...f.columns]), f.columnsWhy);
        if (index !== undefined) out.rows = index.length;
        else if (a.positional.length > 0 || a.keywords.has('index')) out.rows = null;
        return out;
      });
    case 'filter':
      return b((a, line) => {
        const items = labelsOf(a.keywords.get('items') ?? a.positional[0]);
        const axis = axisOf(a.keywords.get('axis'), 1);
        if (axis === 0) return withRows(f, null, rowsWhyOf(f, '.filter()', line));
        if (items === undefined || f.columns === null || !f.columns.every((c) => dictKey(c) !== undefined)) return withColumns(f, null, WHY.columns('.filter()', line));
        return withColumns(f, items.filter((l) => labelCount(f, l) !== 0), '');
      });
    case 'add_prefix':
    case 'add_suffix':
      return b((a) => {
        const s = a.positional[0] ?? a.keywords.get(name === 'add_prefix' ? 'prefix' : 'suffix');
        const cols = f.columns === null || typeof s !== 'string' ? null : f.columns.map((c) => (typeof c === 'string' ? (name === 'add_prefix' ? s + c : c + s) : unknownBecause('')));
        return withColumns(f, cols, f.columnsWhy, f.uniqueColumns);
      });
    case 'join':
      return b((a, line) => {
        const other = a.positional[0] ?? a.keywords.get('other');
        const cols = other instanceof DataFrame && f.columns !== null && other.columns !== null && distinctLabels([...f.columns, ...other.columns]) ? [...f.columns, ...other.columns] : null;
        return frame(cols, null, rowsWhyOf(f, '.join()', line), WHY.columns('.join()', line));
      });
    case 'select_dtypes':
      return b((_a, line) => withColumns(f, null, WHY.columns('.select_dtypes()', line), f.uniqueColumns));
    case 'to_dict':
    case 'describe':
    case 'groupby':
    case 'merge':
    case 'apply':
    case 'pivot':
    case 'pivot_table':
    case 'melt':
    case 'stack':
    case 'unstack':
    case 'corr':
    case 'cov':
    case 'value_counts':
    case 'iterrows':
    case 'itertuples':
    case 'items':
    case 'plot':
    case 'hist':
      return b((_a, line) => unknownBecause(`\`.${name}()\` on line ${line} is not modelled`));
  }
  if (SAME_SHAPE.has(name)) return b((a) => result(f, withRows(f, f.rows, f.rowsWhy), a));
  if (SOME_ROWS.has(name)) {
    return b((a, line) => {
      const axis = name === 'dropna' ? axisOf(a.keywords.get('axis') ?? a.positional[0], 0) : 0;
      if (axis !== 0) return result(f, withColumns(f, null, WHY.columns('.dropna()', line), f.uniqueColumns), a);
      return result(f, withRows(f, null, rowsWhyOf(f, `.${name}()`, line)), a);
    });
  }
  if (REDUCTIONS.has(name)) {
    return b((a, line) => {
      // axis=None reduces everything to one value.
      if (a.keywords.get('axis') === null) return unknownBecause(WHY.values(`.${name}()`, line));
      const axis = axisOf(a.keywords.get('axis') ?? a.positional[0], 0);
      if (axis === 1) return new Series(f.rows, f.rowsWhy, null);
      // Per column: every column for counts; numeric columns only for others (which ones depends on the data).
      if (axis === 0 && (name === 'count' || name === 'nunique')) return new Series(ncols, f.columnsWhy, null);
      return new Series(null, WHY.columns(`.${name}()`, line), null);
    });
  }
  if (RETURNS_NONE.has(name)) return b((a) => (name === 'info' || a.positional.length > 0 || a.keywords.has('path_or_buf') || a.keywords.has('path') ? null : UNKNOWN));
  if (!FRAME_ATTRIBUTES.has(name) && !name.startsWith('_')) {
    // `df.a`: the column `a`, when the frame has one.
    const n = labelCount(f, name);
    if (n === 1) return column(f, name);
    if (n === undefined && f.uniqueColumns) return column(f, name);
    if (n === 0) return unknownBecause(WHY.noColumn(name));
  }
  return unknownBecause(`\`DataFrame.${name}\` is not modelled`);
}

function dtypeName(v: Value | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function transpose(f: DataFrame): DataFrame {
  const cols = f.rows === null ? null : Array.from({ length: Math.min(f.rows, MAX_ITEMS + 1) }, () => unknownBecause(WHY.rowLabels));
  return new DataFrame(cols !== null && cols.length > MAX_ITEMS ? null : cols, f.columns?.length ?? null, f.columnsWhy, f.rowsWhy || WHY.rowLabels, false);
}

function drop(f: DataFrame, a: CallSiteArgs, line: number): DataFrame {
  const labels = a.keywords.get('labels') ?? a.positional[0];
  const axis = axisOf(a.keywords.get('axis') ?? a.positional[1], 0);
  const ignore = a.keywords.get('errors') === 'ignore';
  const asLabels = (v: Value | undefined): Value[] | undefined => (v === undefined || v === null ? [] : isScalarLabel(v) ? [v] : labelsOf(v));
  const byColumns = a.keywords.has('columns') ? a.keywords.get('columns') : axis === 1 ? labels : undefined;
  const byRows = a.keywords.has('index') ? a.keywords.get('index') : axis === 0 ? labels : undefined;
  let out = withRows(f, f.rows, f.rowsWhy);
  if (axis === undefined && labels !== undefined) return withRows(withColumns(f, null, '`axis` is not known statically'), null, f.rowsWhy || '`axis` is not known statically');
  if (byColumns !== undefined && byColumns !== null) {
    const ls = asLabels(byColumns);
    out = withColumns(out, ls === undefined ? null : dropLabels(f, ls, ignore), WHY.columns('.drop()', line), f.uniqueColumns);
  }
  if (byRows !== undefined && byRows !== null) out = withRows(out, null, rowsWhyOf(f, '.drop()', line));
  return out;
}

function rename(f: DataFrame, a: CallSiteArgs, line: number): DataFrame {
  const axis = axisOf(a.keywords.get('axis'), 0);
  const mapper = a.keywords.get('columns') ?? (axis === 1 ? (a.keywords.get('mapper') ?? a.positional[0]) : undefined);
  const why = WHY.columns('.rename()', line);
  if (axis === undefined) return withColumns(f, null, why);
  if (mapper === undefined) return withRows(f, f.rows, f.rowsWhy);
  if (!(mapper instanceof PyDict) || f.columns === null) return withColumns(f, f.columns === null ? null : f.columns.map(() => unknownBecause(why)), why, false);
  const cols = f.columns.map((c) => {
    const k = dictKey(c);
    if (k === undefined) return c;
    const to = mapper.map.get(k);
    return to === undefined ? c : to[1];
  });
  // An unknown label might become one of the new ones.
  const unique = distinctLabels(cols) || (f.uniqueColumns && mapper.map.size === 0);
  return withColumns(f, cols, f.columnsWhy || why, unique);
}

function seriesAttr(s: Series, name: string, host: PandasHost): Value {
  const b = (fn: (a: CallSiteArgs, line: number) => Value): Builtin => new Builtin(name, (a) => fn(a, host.lineOf(a.node)));
  switch (name) {
    case 'shape':
      return new PyTuple([s.length ?? unknownInt(s.why)]);
    case 'ndim':
      return 1;
    case 'size':
      return s.length ?? unknownInt(s.why);
    case 'name':
      return s.name === undefined ? UNKNOWN : s.name;
    case 'empty':
      return s.length === null ? unknownBecause(s.why) : s.length === 0;
    case 'values':
    case 'array':
      return asArray(s) ?? UNKNOWN;
    case 'index':
      return new PandasIndex(null, s.length, s.why);
    case 'T':
      return s;
    case 'iloc':
    case 'loc':
    case 'iat':
    case 'at':
      return new PandasIndexer(s, name);
    case 'to_numpy':
      return b((a) => asArray(s, dtypeName(a.keywords.get('dtype') ?? a.positional[0])) ?? UNKNOWN);
    case 'unique':
      return b((_a, line) => {
        const t = new Tensor([null], null, false);
        t.why = `\`.unique()\` on line ${line} depends on the values of the data`;
        return t;
      });
    case 'tolist':
    case 'to_list':
      return b(() => (s.length !== null && s.length <= MAX_ITEMS ? new PyList(Array.from({ length: s.length }, () => unknownBecause(WHY.valuesOfData))) : unknownBecause(s.why)));
    case 'value_counts':
      return b((_a, line) => new Series(null, `\`.value_counts()\` on line ${line} depends on the values of the data`, undefined));
    case 'to_frame':
      return b((a) => {
        const given = a.positional[0] ?? a.keywords.get('name');
        const label = given !== undefined ? given : s.name === null ? 0 : s.name;
        return frame([label === undefined ? unknownBecause(WHY.seriesName) : label], s.length, s.why, '', true);
      });
    case 'rename':
      return b((a) => {
        const to = a.positional[0] ?? a.keywords.get('index');
        // A label (or None) names it; a mapping or function relabels its index.
        const name = to === undefined ? s.name : to === null || isScalarLabel(to) ? to : s.name;
        const inplace = inPlace(a);
        if (inplace === false) {
          const out = sameSeries(s);
          out.name = name;
          return out;
        }
        s.name = inplace === true ? name : undefined;
        return inplace === true ? null : UNKNOWN;
      });
    case 'reset_index':
      return b((a) => (truthy(a.keywords.get('drop') ?? false) === true ? sameSeries(s) : unknownBecause('`Series.reset_index()` is not modelled')));
    case 'head':
    case 'tail':
      return b((a, line) => sameSeries(s, headRows(s.length, numberOf(a.keywords.get('n') ?? a.positional[0] ?? 5)), rowsWhyOf(s, `.${name}()`, line)));
    case 'sample':
      return b((a, line) => sameSeries(s, sampleRows(s.length, a), rowsWhyOf(s, '.sample()', line)));
    case 'apply':
      return b((_a, line) => unknownBecause(WHY.values('.apply()', line)));
    case 'str':
    case 'dt':
    case 'cat':
      return unknownBecause(`\`Series.${name}\` is not modelled`);
  }
  if (SAME_SHAPE.has(name)) return b((a) => (inPlace(a) === false ? sameSeries(s) : inPlace(a) ? null : UNKNOWN));
  if (SOME_ROWS.has(name)) return b((a, line) => (inPlace(a) === false ? sameSeries(s, null, rowsWhyOf(s, `.${name}()`, line)) : UNKNOWN));
  if (name === 'nunique' || name === 'count') return b((_a, line) => unknownInt(`\`.${name}()\` on line ${line} depends on the values of the data`));
  if (SCALARS.has(name)) return b((_a, line) => unknownBecause(`\`.${name}()\` on line ${line} depends on the values of the data`));
  return unknownBecause(`\`Series.${name}\` is not modelled`);
}

function indexAttr(ix: PandasIndex, name: string): Value {
  const b = (fn: (a: CallSiteArgs) => Value): Builtin => new Builtin(name, fn);
  switch (name) {
    case 'shape':
      return new PyTuple([ix.length ?? unknownInt(ix.why)]);
    case 'ndim':
      return 1;
    case 'size':
      return ix.length ?? unknownInt(ix.why);
    case 'values':
      return asArray(ix) ?? UNKNOWN;
    case 'to_numpy':
      return b(() => asArray(ix) ?? UNKNOWN);
    case 'tolist':
    case 'to_list':
      return b(() => (ix.labels !== null ? new PyList([...ix.labels]) : unknownBecause(ix.why)));
    case 'drop':
      return b((a) => {
        const ls = a.positional[0] ?? a.keywords.get('labels');
        const labels = ls !== undefined && isScalarLabel(ls) ? [ls] : labelsOf(ls);
        if (labels === undefined || ix.labels === null || !distinctLabels([...ix.labels])) return unknownBecause(ix.why);
        const keys = new Set(labels.map((l) => dictKey(l)));
        const out = ix.labels.filter((l) => !keys.has(dictKey(l)));
        // Each label dropped must be there.
        return out.length + keys.size === ix.labels.length ? new PandasIndex(out, out.length, '') : UNKNOWN;
      });
    case 'difference':
      return b((a) => {
        const other = labelsOf(a.positional[0] ?? a.keywords.get('other'));
        if (other === undefined || ix.labels === null || !ix.labels.every((l) => typeof l === 'string') || !other.every((l) => dictKey(l) !== undefined)) return unknownBecause(ix.why);
        const drop = new Set(other.map((l) => dictKey(l)));
        // Distinct, sorted (the default `sort=None` sorts labels that compare).
        const out = [...new Set((ix.labels as string[]).filter((l) => !drop.has(dictKey(l))))].sort(codePointOrder);
        return new PandasIndex(out, out.length, '');
      });
  }
  return unknownBecause(`\`Index.${name}\` is not modelled`);
}

/** Python's order of strings (by code point). */
function codePointOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

// ---------------------------------------------------------------- subscripts

export function pandasSubscript(obj: PandasValue, key: Value, host: PandasHost, node: SyntaxNode): Value {
  const line = host.lineOf(node);
  if (key instanceof Unknown) return unknownBecause(key.why || WHY.columns('[…]', line));
  if (obj instanceof DataFrame) return frameItem(obj, key, line);
  if (obj instanceof Series) {
    const picked = key instanceof PySlice || isMask(key) ? rowsPicked(obj.length, key, false) : undefined;
    if (picked !== undefined) return sameSeries(obj, picked.rows, rowsWhyOf(obj, '[…]', line));
    return unknownBecause(WHY.valuesOfData);
  }
  if (obj instanceof PandasIndex) {
    if (key instanceof PySlice) {
      const idx = obj.length === null ? undefined : sliceIndices(key, obj.length);
      return idx === undefined ? new PandasIndex(null, null, obj.why) : new PandasIndex(obj.labels === null ? null : idx.map((i) => (obj.labels as readonly Value[])[i]), idx.length, obj.why);
    }
    const n = numberOf(key);
    if (obj.labels !== null && n !== undefined && Number.isInteger(n) && typeof key !== 'boolean') {
      const i = n < 0 ? obj.labels.length + n : n;
      if (i >= 0 && i < obj.labels.length) return obj.labels[i];
    }
    return unknownBecause(obj.why);
  }
  return indexerItem(obj, key, line);
}

function frameItem(f: DataFrame, key: Value, line: number): Value {
  if (isScalarLabel(key)) {
    const n = labelCount(f, key);
    if (n === 1 || (n === undefined && f.uniqueColumns)) return column(f, key);
    if (n === 0) return unknownBecause(WHY.noColumn(typeof key === 'string' ? `"${key}"` : String(numberOf(key) ?? '…')));
    if (n !== undefined) return withColumns(f, selectLabels(f, [key]), f.columnsWhy);
    return unknownBecause(f.columnsWhy || WHY.columns('[…]', line));
  }
  const labels = key instanceof PyList || key instanceof PandasIndex || key instanceof PySet ? labelsOf(key) : undefined;
  if (labels !== undefined && !(labels.length > 0 && labels.every((l) => typeof l === 'boolean'))) {
    // A set's labels come in Python's hash order: their number is known, not their order.
    const given = key instanceof PySet ? labels.map(() => unknownBecause(WHY.setOrder)) : labels;
    return withColumns(f, selectLabels(f, given), f.columnsWhy || WHY.columns('[…]', line), f.uniqueColumns && distinctLabels(labels));
  }
  if (key instanceof PandasIndex) return withColumns(f, null, key.why, f.uniqueColumns);
  // A slice of positions or a boolean mask picks rows.
  const picked = key instanceof PySlice || isMask(key) ? rowsPicked(f.rows, key, false) : undefined;
  if (picked !== undefined) return withRows(f, picked.rows, rowsWhyOf(f, '[…]', line));
  return unknownBecause(`\`[…]\` on line ${line} is not modelled`);
}

/** The columns a column key of `.iloc` / `.loc` picks: one (a Series), several, or unknown. */
function columnsPicked(f: DataFrame, key: Value, byPosition: boolean): { one: Value | undefined } | { cols: Value[] | null } {
  if (key instanceof PySlice) {
    if (key.start === null && key.stop === null && key.step === null) return { cols: f.columns === null ? null : [...f.columns] };
    if (byPosition) {
      const idx = f.columns === null ? undefined : sliceIndices(key, f.columns.length);
      return { cols: idx === undefined ? null : idx.map((i) => (f.columns as Value[])[i]) };
    }
    // Labels from one to the other, both included.
    const cols = f.columns;
    if (cols === null || !distinctLabels(cols) || key.step !== null) return { cols: null };
    const from = key.start === null ? 0 : cols.findIndex((c) => sameLabel(c, key.start));
    const to = key.stop === null ? cols.length - 1 : cols.findIndex((c) => sameLabel(c, key.stop));
    return { cols: from < 0 || to < 0 ? null : cols.slice(from, to + 1) };
  }
  if (byPosition) {
    const n = numberOf(key);
    if (n !== undefined && typeof key === 'number' && Number.isInteger(n)) {
      const cols = f.columns;
      const i = cols === null ? -1 : n < 0 ? cols.length + n : n;
      return { one: cols !== null && i >= 0 && i < cols.length ? cols[i] : undefined };
    }
    if (key instanceof PyList && key.items.every((x) => typeof x === 'number')) {
      const cols = f.columns;
      return { cols: key.items.map((x) => (cols === null ? unknownBecause(f.columnsWhy) : (cols[(x as number) < 0 ? cols.length + (x as number) : (x as number)] ?? UNKNOWN))) };
    }
    return { cols: null };
  }
  if (isScalarLabel(key)) {
    const n = labelCount(f, key);
    return n === 1 || (n === undefined && f.uniqueColumns) ? { one: key } : { cols: null };
  }
  const labels = key instanceof PyList || key instanceof PandasIndex ? labelsOf(key) : undefined;
  if (labels !== undefined && !labels.some((l) => typeof l === 'boolean')) return { cols: selectLabels(f, labels) };
  return { cols: null };
}

function indexerItem(ix: PandasIndexer, key: Value, line: number): Value {
  const of = ix.of;
  if (ix.by === 'iat' || ix.by === 'at') return unknownBecause(WHY.valuesOfData);
  const parts = key instanceof PyTuple ? key.items : [key];
  if (parts.length > (of instanceof DataFrame ? 2 : 1)) return UNKNOWN;
  const rowKey = parts[0] ?? UNKNOWN;
  const byPosition = ix.by === 'iloc';
  const total = of instanceof DataFrame ? of.rows : of.length;
  const why = rowsWhyOf(of, `.${ix.by}[…]`, line);
  let oneRow = false;
  let rows: number | null = null;
  if (rowKey instanceof PySlice && rowKey.start === null && rowKey.stop === null && rowKey.step === null) rows = total;
  else if (byPosition && typeof rowKey === 'number') oneRow = true;
  // One label may name several rows: how many depends on the index.
  else if (!byPosition && isScalarLabel(rowKey)) return unknownBecause(WHY.rows('.loc[…]', line));
  else {
    const picked = rowsPicked(total, rowKey, byPosition);
    if (picked === undefined) return unknownBecause(WHY.rows(`.${ix.by}[…]`, line));
    // By label, a slice or a list picks as many rows as the index has of them.
    rows = byPosition || isMask(rowKey) ? picked.rows : null;
  }
  if (of instanceof Series) return oneRow ? unknownBecause(WHY.valuesOfData) : sameSeries(of, rows, why);
  const picked = parts.length === 2 ? columnsPicked(of, parts[1], byPosition) : { cols: of.columns === null ? null : [...of.columns] };
  if ('one' in picked) return oneRow ? unknownBecause(WHY.valuesOfData) : new Series(rows, rows === null ? why : '', picked.one);
  const cols = picked.cols;
  const unique = cols !== null && distinctLabels(cols) ? true : of.uniqueColumns && (parts.length < 2 || parts[1] instanceof PySlice);
  const out = new DataFrame(cols, rows, rows === null ? why : '', cols !== null && distinctLabels(cols) ? '' : of.columnsWhy || WHY.columns(`.${ix.by}[…]`, line), unique);
  return oneRow ? row(out) : out;
}

