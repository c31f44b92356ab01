// Values of data read at run time and of the Python around it, one rule per
// case: pandas DataFrames (their columns known when the code names them, their
// rows the data's), NumPy's readers (a rank only where NumPy fixes it), sets,
// `del`, ints whose value is not known. Each case reads a value into a layer
// (`Dense(n)` for a number, `Input(batch_shape=a.shape)` for an array's shape)
// and compares what the analysis shows with what Python, pandas and NumPy give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisResult } from '../server/src/analysis';
import { analyzeSource } from './analysisHarness';

const HEADER = ['import keras', 'import numpy as np', 'import pandas as pd', 'import tensorflow_datasets as tfds', 'from keras import layers', 'from helpers import unknown_fn', ''].join('\n');

/** The output shapes of the call of `className` on the last line, `?` for an unknown size; null when unknown. */
function lastShape(r: AnalysisResult, className: string): string | null {
  const calls = r.calls.filter((c) => c.className === className);
  const o = calls[calls.length - 1]?.outcomes[0];
  if (o === undefined) return null;
  const shape = o.outputShapes?.[0] ?? o.partialShapes?.[0];
  return shape === undefined ? null : `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** What `Dense(expr)` gives as its units: a number, or `?`. */
async function units(prelude: string, expr: string): Promise<string> {
  const r = await analyzeSource(`${HEADER}${prelude}\ny = layers.Dense(${expr})(keras.Input((4,)))\n`);
  const s = lastShape(r, 'Dense');
  assert.ok(s !== null, `Dense on ${expr}: no output`);
  return s.slice('(None, '.length, -1);
}

/** The shape of the array `expr`, `?` for each size not known; null when its rank is not known. */
async function shape(prelude: string, expr: string): Promise<string | null> {
  const r = await analyzeSource(`${HEADER}${prelude}\ny = layers.Activation("relu")(keras.Input(batch_shape=(${expr}).shape))\n`);
  return lastShape(r, 'Activation');
}

const FRAME = 'df = pd.DataFrame({"a": [1, 2, 3], "b": [4.0, 5.0, 6.0], "c": ["x", "y", "z"]})';
const READ = 'df = pd.read_csv("data.csv", names=["a", "b", "c"])';

test('sets: items without repeats, their operations and methods', async () => {
  const cases: [string, string, string][] = [
    ['', 'len({1, 1, 2})', '2'],
    ['', 'len(set([1, 2, 2, 3]))', '3'],
    ['', 'len({"a", "b", "c"} - {"b"})', '2'],
    ['', 'len({1, 2} | {2, 3})', '3'],
    ['', 'len({1, 2} & {2, 3})', '1'],
    ['', 'len({1, 2} ^ {2, 3})', '2'],
    ['', 'len({x % 3 for x in range(10)})', '3'],
    ['s = {1}\ns.add(2)\ns.update([2, 3])\ns.discard(1)', 'len(s)', '2'],
    ['s = {1, 2, 3}', 'len(s.difference([1]).union({7}))', '3'],
    // A set's method handed to code the analysis does not follow may change it.
    ['s = set()\nunknown_fn(s.update)', 'len(s)', '?'],
    ['s = {"b", "a"}', 'len(sorted(s)[0])', '1'],
  ];
  for (const [prelude, expr, want] of cases) assert.equal(await units(prelude, expr), want, `${prelude} ${expr}`);
});

test('del removes items of lists and dicts, and columns of DataFrames', async () => {
  assert.equal(await units('xs = [1, 2, 3, 4]\ndel xs[0]', 'len(xs)'), '3');
  assert.equal(await units('xs = [1, 2, 3, 4]\ndel xs[1:3]', 'len(xs)'), '2');
  assert.equal(await units('d = {"a": 1, "b": 2}\ndel d["a"]', 'len(d)'), '1');
  assert.equal(await units(`${READ}\ndel df["b"]`, 'len(df.columns)'), '2');
  assert.equal(await units('xs = [1, 2, 3]\nif unknown_fn():\n    del xs[0]', 'len(xs)'), '?');
});

test('pd.read_csv: the columns the arguments fix, rows never', async () => {
  const cases: [string, string][] = [
    ['pd.read_csv(p, names=["a", "b", "c"])', '3'],
    ['pd.read_csv(p, header=None, names=["a", "b", "c"], usecols=["c", "a"])', '2'],
    ['pd.read_csv(p, header=None, names=["a", "b"], usecols=[2, 0])', '2'],
    ['pd.read_csv(p, header=None, names=["a", "b", "c"], usecols=[0, 2])', '2'],
    ['pd.read_csv(p, header=None, usecols=[4, 0, 2, 2])', '3'],
    ['pd.read_csv(p, usecols=["x", "y", "x"])', '2'],
    ['pd.read_csv(p)', '?'],
    // Which columns become the index depends on how many fields the file has.
    ['pd.read_csv(p, names=["a", "b", "c"], index_col=0)', '?'],
    // pandas refuses duplicate names; chunks are a reader, not a DataFrame.
    ['pd.read_csv(p, names=["a", "a"])', '?'],
    ['pd.read_csv(p, names=["a", "b"], chunksize=100)', '?'],
    ['pd.read_table(p, names=["a", "b"])', '2'],
    ['pd.read_parquet(p, columns=["a", "b"])', '2'],
  ];
  for (const [call, want] of cases) assert.equal(await units(`p = "data.csv"\ndf = ${call}`, 'len(df.columns)'), want, call);
  assert.equal(await units(READ, 'len(df)'), '?');
  assert.equal(await units(READ, 'df.shape[0]'), '?');
  assert.equal(await units(READ, 'df.shape[1]'), '3');
  assert.equal(await shape(READ, 'df.values'), '(?, 3)');
  assert.equal(await shape(READ, 'df["a"].to_numpy()'), '(?)');
  assert.equal(await shape('df = pd.read_csv("data.csv")', 'df.values'), '(?, ?)');
});

test('DataFrame columns: selected, dropped, added, renamed', async () => {
  const cases: [string, string, string][] = [
    [READ, 'len(df.drop(columns=["c"]).columns)', '2'],
    [READ, 'df.drop("a", axis=1).shape[1]', '2'],
    [READ, 'df.drop(columns=["z"], errors="ignore").shape[1]', '3'],
    [`${READ}\ny0 = df.pop("c")`, 'df.shape[1]', '2'],
    [`${READ}\ndf["d"] = 1`, 'df.shape[1]', '4'],
    [`${READ}\ndf["a"] = 1`, 'df.shape[1]', '3'],
    [READ, 'df.assign(z=1, a=2).shape[1]', '4'],
    [READ, 'df.rename(columns={"a": "z"}).shape[1]', '3'],
    [`${READ}\ndf.insert(0, "z", 1)`, 'df.shape[1]', '4'],
    [READ, 'df.iloc[:, 1:].shape[1]', '2'],
    [READ, 'df.loc[:, "b":"c"].shape[1]', '2'],
    [READ, 'df[["a", "a", "b"]].shape[1]', '3'],
    [READ, 'df.set_index("a").shape[1]', '2'],
    [READ, 'df.reset_index(drop=True).shape[1]', '3'],
    [READ, 'df.reset_index().shape[1]', '?'],
    [READ, 'len(df.columns.difference(["a"]))', '2'],
    [READ, 'len(list(df.columns))', '3'],
    [READ, 'len(dict(df))', '3'],
    [READ, '1 if "a" in df else 7', '1'],
    [READ, 'len(set(df.columns) - {"a"})', '2'],
    [READ, 'df[set(df.columns) - {"a"}].shape[1]', '2'],
    [`${READ}\ndf.columns = ["x", "y", "z", "w"]`, 'df.shape[1]', '4'],
    [`${READ}\ndf.drop(columns=["a"], inplace=True)`, 'df.shape[1]', '2'],
    [`${READ}\nif unknown_fn():\n    df["d"] = 0`, 'df.shape[1]', '?'],
    [READ, 'df.T.shape[0]', '3'],
    [READ, 'df.nunique().shape[0]', '3'],
    [READ, 'df.mean().shape[0]', '?'],
  ];
  for (const [prelude, expr, want] of cases) assert.equal(await units(prelude, expr), want, `${prelude.split('\n').slice(1).join('; ')} ${expr}`);
});

test('DataFrame rows: known when the code makes them, else the data', async () => {
  const cases: [string, string, string][] = [
    [FRAME, 'len(df)', '3'],
    [FRAME, 'df.shape[1]', '3'],
    [FRAME, 'len(df.head(2))', '2'],
    [FRAME, 'len(df.tail(-1))', '2'],
    [FRAME, 'len(df.sample(frac=0.5))', '2'],
    [FRAME, 'len(df.sample(2))', '2'],
    [FRAME, 'len(df.iloc[1:])', '2'],
    [FRAME, 'len(df.iloc[[0, 2, 2, 1]])', '4'],
    [FRAME, 'len(df[df["a"] > 1])', '?'],
    [FRAME, 'len(df.dropna())', '?'],
    [FRAME, 'len(pd.concat([df, df]))', '6'],
    [FRAME, 'pd.concat([df, df], axis=1).shape[1]', '6'],
    [FRAME, 'pd.concat([df["a"], df["b"] * 2], axis=1).shape[1]', '2'],
    [FRAME, 'len(df["a"])', '3'],
    [FRAME, 'df["a"].to_frame().shape[1]', '1'],
    [FRAME, 'len(df["a"].unique())', '?'],
    [FRAME, 'df["a"].nunique()', '?'],
    [FRAME, 'len(df.T)', '3'],
    ['df = pd.DataFrame(np.zeros((5, 2)))', 'len(df) + df.shape[1]', '7'],
    ['df = pd.DataFrame([[1, 2], [3]])', 'df.shape[1]', '2'],
    ['df = pd.DataFrame({"a": [1, 2]}, columns=["a", "b"])', 'df.shape[1]', '2'],
    [READ, 'len(df.head(2))', '?'],
  ];
  for (const [prelude, expr, want] of cases) assert.equal(await units(prelude, expr), want, expr);
  assert.equal(await shape(FRAME, 'df[["a", "b"]].values'), '(3, 2)');
  assert.equal(await shape(`${FRAME}\nfrom sklearn.model_selection import train_test_split\ntr, te = train_test_split(df, test_size=0.25)`, 'tr.values'), '(2, 3)');
});

test('NumPy readers: the rank only where NumPy fixes it', async () => {
  const cases: [string, string | null][] = [
    ['np.loadtxt(p)', null],
    ['np.loadtxt(p, ndmin=2)', '(?, ?)'],
    ['np.loadtxt(p, usecols=[0, 2], ndmin=2)', '(?, 2)'],
    ['np.loadtxt(p, usecols=(0, 0, 1), ndmin=2, unpack=True)', '(3, ?)'],
    ['np.loadtxt(p, usecols=3, ndmin=1)', '(?)'],
    // One row of several columns is squeezed to one dimension: the rank is the data's.
    ['np.loadtxt(p, usecols=[0, 2])', null],
    ['np.loadtxt(p, dtype=[("a", "f4"), ("b", "i4")], ndmin=2)', null],
    // An empty file is one column whatever usecols says.
    ['np.genfromtxt(p, usecols=[0, 2], ndmin=2)', '(?, ?)'],
    ['np.genfromtxt(p, names=True, ndmin=2)', null],
    ['np.fromfile(p, dtype="uint8")', '(?)'],
    ['np.load(p)', null],
    ['np.load(p).reshape(-1, 28, 28, 1)', '(?, 28, 28, 1)'],
  ];
  for (const [expr, want] of cases) assert.equal(await shape('p = "data.txt"', expr), want, expr);
});

test('ints whose value is not known make arrays of a known rank', async () => {
  const cases: [string, string, string | null][] = [
    [READ, 'np.zeros((len(df), 3))', '(?, 3)'],
    [READ, 'np.zeros(len(df) * 2)', '(?)'],
    // A float is no size.
    [READ, 'np.zeros(len(df) / 2)', null],
    [READ, 'np.random.permutation(len(df))', '(?)'],
    [READ, 'np.arange(df.shape[0])', '(?)'],
    [READ, 'np.eye(df.shape[1] + len(df))', '(?, ?)'],
    [READ, 'np.random.rand(len(df), 2) > 0.5', '(?, 2)'],
    [`${READ}\nx = df.values`, 'x[np.random.permutation(len(x))]', '(?, 3)'],
    [`${READ}\nx = df.values`, 'x[x[:, 0] > 0]', '(?, 3)'],
    ['a = np.zeros((6, 4))\nn = int(unknown_fn())', 'a.reshape((n, 8))', '(3, 8)'],
    ['n = int(unknown_fn())\na = np.zeros((n, 4))', 'a.reshape((2, -1))', '(2, ?)'],
  ];
  for (const [prelude, expr, want] of cases) assert.equal(await shape(prelude, expr), want, expr);
});

test('images read from files: the channels the mode fixes, the size target_size fixes', async () => {
  const cases: [string, string | null][] = [
    ['keras.utils.load_img(p)', '(?, ?, 3)'],
    ['keras.utils.img_to_array(keras.utils.load_img(p, target_size=(180, 160)))', '(180, 160, 3)'],
    ['keras.utils.img_to_array(keras.utils.load_img(p, color_mode="grayscale", target_size=(28, 28)))', '(28, 28, 1)'],
    ['np.array(keras.utils.load_img(p, color_mode="grayscale", target_size=(28, 28)))', '(28, 28)'],
    ['keras.utils.img_to_array(keras.utils.load_img(p, color_mode="rgba"))', '(?, ?, 4)'],
    ['keras.utils.img_to_array(keras.utils.load_img(p, target_size=(8, 9)), data_format="channels_first")', '(3, 8, 9)'],
    ['keras.utils.load_img(p, color_mode="cmyk")', null],
  ];
  for (const [expr, want] of cases) assert.equal(await shape('p = keras.utils.get_file(origin="https://example.com/cat.jpg")', expr), want, expr);
});

test('downloads and tfds datasets', async () => {
  assert.equal(await shape('path = keras.utils.get_file(origin="https://example.com/x.npz")', 'np.load(path)'), null);
  assert.equal(await units('splits = tfds.load("mnist", split=["train", "test"])', 'len(splits)'), '2');
  assert.equal(await units('ds, info = tfds.load("mnist", split="train", with_info=True)', 'info.features["label"].num_classes'), '?');
  // A dataset of the TFDS catalogue, as (input, target) pairs: its element shapes.
  assert.equal(await shape('ds = tfds.load("mnist", split="train", as_supervised=True)', 'next(iter(ds))[0]'), '(28, 28, 1)');
  assert.equal(await shape('ds = tfds.load("mnist", split="train", as_supervised=True, batch_size=16)', 'next(iter(ds))[0]'), '(?, 28, 28, 1)');
  assert.equal(await shape('ds = tfds.load("mnist", split="train")', 'next(iter(ds))["image"]'), null);
  const r = await analyzeSource(`${HEADER}path = keras.utils.get_file(origin="https://example.com/x.npz")\nx = layers.Dense(2)(keras.Input(np.load(path).shape[1:]))\n`);
  const dense = r.calls.find((c) => c.className === 'Dense');
  assert.match(dense?.outcomes[0].unknownReason ?? '', /the shape depends on the data `np\.load\(…\)` reads on line 8/);
});
