// The command line without --keras-version: the Keras version comes from
// the nearest manifest above each file, is said in the text output and
// recorded in the JSON; --keras-version wins over any manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './goldenPath';

const BIN = path.join(repoRoot, 'bin', 'keras-shapes.js');

function run(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', COLUMNS: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...env } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin?.end('');
  });
}

function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-version-'));
  // A repository: the walk up for manifests stops here.
  fs.mkdirSync(path.join(root, '.git'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

// tf.keras 2 reads Conv1D on a rank-4 tensor as extra batch axes; Keras 3 raises.
const CONV1D = 'import tensorflow as tf\nx = tf.random.normal((4, 7, 10, 128))\ny = tf.keras.layers.Conv1D(32, 3)(x)\n';
const SEQUENTIAL = 'import keras\nm = keras.Sequential()\nm.add(keras.layers.Dense(4, input_shape=(3,)))\n';

test('check: tensorflow<2.16 in requirements.txt selects tf.keras 2, and says so', async () => {
  const root = tempTree({ 'requirements.txt': 'numpy\ntensorflow<2.16\n', 'src/train.py': CONV1D, 'other/requirements.txt': 'keras>=3\n', 'other/new.py': CONV1D });
  try {
    const r = await run(['check', 'src'], root);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, 'Keras version: tf.keras 2, from requirements.txt line 2: tensorflow<2.16\nNo shape errors in 1 file\n');
    const json = JSON.parse((await run(['check', '--format', 'json', '.'], root)).stdout) as { keras_versions: unknown[]; errors: number };
    assert.deepEqual(json.keras_versions, [
      { file: path.join('other', 'new.py'), version: '3', source: 'manifest', manifest: path.join('other', 'requirements.txt'), line: 1, text: 'keras>=3' },
      { file: path.join('src', 'train.py'), version: 'tf.keras2', source: 'manifest', manifest: 'requirements.txt', line: 2, text: 'tensorflow<2.16' },
    ]);
    // other/new.py is Keras 3: its Conv1D raises.
    assert.equal(json.errors, 1);
    const given = await run(['check', '--keras-version', '3', 'src'], root);
    assert.equal(given.code, 1);
    assert.doesNotMatch(given.stdout, /Keras version:/);
    const zh = await run(['check', 'src'], root, { LANG: 'zh_CN.UTF-8' });
    assert.match(zh.stdout, /^Keras 版本：tf\.keras 2，来自 requirements\.txt 第 2 行：tensorflow<2\.16$/m);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("summary: keras==2.2.4 in setup.py selects Keras 2: its table and names; the JSON records why", async () => {
  const root = tempTree({ 'setup.py': "from setuptools import setup\nsetup(name='old', install_requires=['keras==2.2.4'])\n", 'pkg/model.py': SEQUENTIAL });
  try {
    const r = await run(['summary', path.join('pkg', 'model.py')], root);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], "Keras version: Keras 2, from setup.py line 2: setup(name='old', install_requires=['keras==2.2.4'])");
    assert.equal(lines[2], 'Model: "sequential_1"');
    assert.equal(lines[6], 'dense_1 (Dense)              (None, 4)                 16        ');
    const json = JSON.parse((await run(['summary', '--json', path.join('pkg', 'model.py')], root)).stdout) as { keras_version: unknown };
    assert.deepEqual(json.keras_version, { version: '2', source: 'manifest', manifest: 'setup.py', line: 2, text: "setup(name='old', install_requires=['keras==2.2.4'])" });
    const given = JSON.parse((await run(['summary', '--json', '--keras-version', '3', path.join('pkg', 'model.py')], root)).stdout) as { keras_version: unknown };
    assert.deepEqual(given.keras_version, { version: '3', source: 'option' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('no manifest: Keras 3, said in the JSON only', async () => {
  const root = tempTree({ 'model.py': SEQUENTIAL });
  try {
    const r = await run(['summary', 'model.py'], root);
    assert.doesNotMatch(r.stdout, /Keras version/);
    assert.match(r.stdout, /Model: "sequential"/);
    const json = JSON.parse((await run(['summary', '--json', 'model.py'], root)).stdout) as { keras_version: unknown };
    assert.deepEqual(json.keras_version, { version: '3', source: 'default' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
