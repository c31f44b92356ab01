// The Keras version a project pins, table by table: one manifest text and the
// version (and deciding line) it gives; then the walk from a file up to the
// workspace root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findKerasVersion, isKerasManifest, kerasVersionFromManifest, type ManifestReader } from '../server/src/analysis/kerasVersion';

/** [what, manifest text, version expected (undefined: no pin), deciding line]. */
const MANIFESTS: readonly (readonly [string, string, string | undefined, number?])[] = [
  // requirements.txt
  ['keras exact 2.2.4', 'numpy==1.16\nkeras==2.2.4\n', '2', 2],
  ['keras exact 2.3.1', 'keras==2.3.1', '2', 1],
  ['keras below 2.4', 'keras>=2.0,<2.4', '2', 1],
  ['keras 2.4 is tf.keras', 'keras==2.4.3', 'tf.keras2', 1],
  ['keras below 3', 'keras<3', 'tf.keras2', 1],
  ['keras below 3.0', 'keras < 3.0', 'tf.keras2', 1],
  ['keras up to 2.15', 'keras<=2.15.0', 'tf.keras2', 1],
  ['keras compatible 2.2', 'keras~=2.2', 'tf.keras2', 1],
  ['keras compatible 2.2.0', 'keras~=2.2.0', '2', 1],
  ['keras 2 wildcard', 'keras==2.*', 'tf.keras2', 1],
  ['keras 2.2 wildcard', 'keras==2.2.*', '2', 1],
  ['keras 1', 'Keras==1.2.2', '1', 1],
  ['keras 3', 'keras>=3', '3', 1],
  ['keras 3 exact', 'keras==3.3.3', '3', 1],
  ['keras lower bound only', 'keras>=2.0', '3', 1],
  ['keras unpinned decides nothing', 'keras\nnumpy', undefined],
  ['keras with extras', 'keras[tests]==2.1.6', '2', 1],
  ['keras with a marker', "keras==2.2.5; python_version < '3.8'", '2', 1],
  ['keras with a comment', 'keras==2.2.5  # the old one', '2', 1],
  ['commented-out pin', '# keras==2.2.5\nkeras==3.1', '3', 2],
  ['not equal only', 'keras!=2.1.0', '3', 1],
  ['keras-tuner is another package', 'keras-tuner==1.0.1\ntensorflow==2.3', 'tf.keras2', 2],
  ['keras_preprocessing is another package', 'keras_preprocessing==1.1.0', undefined],
  ['tensorflow before 2.16', 'tensorflow<2.16', 'tf.keras2', 1],
  ['tensorflow 2.15 exact', 'tensorflow==2.15.1', 'tf.keras2', 1],
  ['tensorflow up to 2.16', 'tensorflow<=2.16', '3', 1],
  ['tensorflow 2.16', 'tensorflow==2.16.1', '3', 1],
  ['tensorflow 2.16 and later', 'tensorflow>=2.16', '3', 1],
  ['tensorflow-gpu 1.15', 'tensorflow-gpu==1.15.0', 'tf.keras2', 1],
  ['tensorflow-macos', 'tensorflow-macos==2.12.0', 'tf.keras2', 1],
  ['tensorflow unpinned', 'tensorflow', undefined],
  ['tensorflow lower bound only', 'tensorflow>=2.4', '3', 1],
  ['keras pin decides over tensorflow', 'tensorflow==2.15\nkeras==2.2.4', '2', 2],
  ['tf-keras unpinned', 'tensorflow>=2.16\ntf-keras', 'tf.keras2', 2],
  ['tf_keras pinned', 'tf_keras==2.16.0', 'tf.keras2', 1],
  ['no keras at all', 'numpy\npandas==2.0', undefined],
  ['a version in prose is no pin', 'this needs keras 2 to run', undefined],
  // pyproject.toml
  ['PEP 621 dependencies', '[project]\nname = "demo"\ndependencies = [\n  "numpy",\n  "keras>=2.2,<2.4",\n]\n', '2', 5],
  ['poetry caret', '[tool.poetry.dependencies]\npython = "^3.8"\nkeras = "^2.4"\n', 'tf.keras2', 3],
  ['poetry caret 3', '[tool.poetry.dependencies]\nkeras = "^3.0"\n', '3', 2],
  ['poetry table', '[tool.poetry.dependencies]\ntensorflow = { version = "~2.12", optional = true }\n', 'tf.keras2', 2],
  ['poetry star', '[tool.poetry.dependencies]\nkeras = "*"\n', undefined],
  ['keywords are no pin', '[project]\nkeywords = ["keras", "tensorflow"]\n', undefined],
  ['project named keras', '[project]\nname = "keras"\nversion = "2.2.4"\n', undefined],
  // setup.py / setup.cfg
  ['setup.py install_requires', "setup(\n    name='demo',\n    install_requires=['keras==2.1.5', 'h5py'],\n)\n", '2', 3],
  ['setup.py tensorflow.keras import is no pin', "from tensorflow.keras import layers\nsetup(install_requires=['tensorflow>=2.16'])\n", '3', 2],
  ['setup.cfg', '[options]\ninstall_requires =\n    tensorflow==2.9.1\n    numpy\n', 'tf.keras2', 3],
  // environment.yml (conda)
  ['conda prefix pin', 'name: demo\ndependencies:\n  - python=3.6\n  - keras=2.2\n', '2', 4],
  ['conda pip section', 'dependencies:\n  - pip:\n    - tensorflow==2.11.0\n', 'tf.keras2', 3],
  ['conda tensorflow-gpu', 'dependencies:\n  - tensorflow-gpu=1.14\n', 'tf.keras2', 2],
  // Pipfile
  ['Pipfile exact', '[packages]\nkeras = "==2.2.4"\n', '2', 2],
  ['Pipfile star', '[packages]\nkeras = "*"\ntensorflow = "==2.13.0"\n', 'tf.keras2', 3],
];

for (const [what, text, version, line] of MANIFESTS) {
  test(`manifest: ${what}`, () => {
    const found = kerasVersionFromManifest(text);
    if (version === undefined) {
      assert.equal(found, undefined, `expected no pin, got ${JSON.stringify(found)}`);
      return;
    }
    assert.ok(found, 'expected a pin');
    assert.equal(found.version, version);
    assert.equal(found.line, line);
    assert.equal(found.text, text.split('\n')[(line ?? 1) - 1].trim());
  });
}

test('manifest names', () => {
  for (const name of ['requirements.txt', 'requirements-dev.txt', 'requirements_gpu.txt', 'pyproject.toml', 'setup.py', 'setup.cfg', 'environment.yml', 'environment.yaml', 'Pipfile']) {
    assert.equal(isKerasManifest(name), true, name);
  }
  for (const name of ['requirements.in', 'Pipfile.lock', 'setup.pyc', 'train.py', 'README.md', 'myrequirements.txt']) {
    assert.equal(isKerasManifest(name), false, name);
  }
});

/** A file system in a table: path → text. */
function memoryFs(files: Readonly<Record<string, string>>): ManifestReader {
  return {
    list: (dir) => Object.keys(files).filter((p) => p.slice(0, p.lastIndexOf('/')) === dir).map((p) => p.slice(p.lastIndexOf('/') + 1)),
    read: (file) => files[file],
  };
}

test('the nearest manifest decides, up to the root', () => {
  const fs = memoryFs({
    '/ws/requirements.txt': 'tensorflow==2.15.0\n',
    '/ws/old/setup.py': "setup(install_requires=['keras==2.2.4'])\n",
    '/ws/old/README.md': 'keras==3.0',
    '/ws/new/pyproject.toml': '[project]\ndependencies = ["keras>=3"]\n',
    '/ws/plain/requirements.txt': 'numpy\n',
    '/requirements.txt': 'keras==1.2.2\n',
  });
  assert.deepEqual(findKerasVersion('/ws/old/deep/train.py', '/ws', fs), { version: '2', line: 1, text: "setup(install_requires=['keras==2.2.4'])", file: '/ws/old/setup.py' });
  assert.equal(findKerasVersion('/ws/new/model.py', '/ws', fs)?.version, '3');
  // A manifest that pins nothing is passed over for the next one up.
  assert.deepEqual(findKerasVersion('/ws/plain/a.py', '/ws', fs), { version: 'tf.keras2', line: 1, text: 'tensorflow==2.15.0', file: '/ws/requirements.txt' });
  // Nothing above the root is read.
  assert.equal(findKerasVersion('/other/a.py', '/other', fs), undefined);
  assert.equal(findKerasVersion('/ws/a.py', '/ws/', fs)?.file, '/ws/requirements.txt');
});

test('requirements.txt is read before the other manifests of a directory', () => {
  const fs = memoryFs({
    '/p/Pipfile': '[packages]\nkeras = "==3.1"\n',
    '/p/requirements-dev.txt': 'keras==2.2.0\n',
    '/p/requirements.txt': 'tensorflow==2.10\n',
  });
  assert.equal(findKerasVersion('/p/x.py', '/p', fs)?.file, '/p/requirements.txt');
});
