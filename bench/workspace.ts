// The workspace case of the benchmark: a project of 20 modules (a config
// module, a package `blocks` of an `__init__.py` and 18 block modules) and a
// script that imports them all and builds one model from their blocks.
// Written under bench/out/workspace-20/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchOut } from './generate';

export interface BenchWorkspace {
  readonly root: string;
  /** The script that imports every module. */
  readonly main: string;
  /** A block module the script imports (edited in the helper case). */
  readonly helper: string;
  readonly modules: number;
}

const BLOCKS = 18;

function blockModule(i: number): string {
  const n = String(i).padStart(2, '0');
  return `# Block ${n}: two Dense layers around a Dropout, widths from the config module.
from keras import layers

from config import DROPOUT, UNITS


def block_${n}(x, scale=1):
    """A residual-free MLP block."""
    h = layers.Dense(UNITS * scale + ${i}, activation="relu", name="b${n}_in")(x)
    h = layers.Dropout(DROPOUT)(h)
    for _ in range(2):
        h = layers.Dense(UNITS * scale, activation="relu")(h)
    return layers.Dense(UNITS, name="b${n}_out")(h)
`;
}

function mainScript(): string {
  const imports: string[] = [];
  const calls: string[] = [];
  for (let i = 0; i < BLOCKS; i++) {
    const n = String(i).padStart(2, '0');
    imports.push(`from blocks.b${n} import block_${n}`);
    calls.push(`x = block_${n}(x, scale=${1 + (i % 3)})`, `x = layers.LayerNormalization()(x)`);
  }
  return `# A model made of the workspace's blocks.
import keras
from keras import layers

import blocks
from config import FEATURES, NUM_CLASSES, UNITS
${imports.join('\n')}

inputs = keras.Input((FEATURES,))
x = layers.Dense(UNITS)(inputs)
${calls.join('\n')}
outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.summary()
`;
}

export function generateWorkspace(dir = path.join(benchOut, 'workspace-20')): BenchWorkspace {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'blocks'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.py'), 'FEATURES = 64\nUNITS = 32\nNUM_CLASSES = 10\nDROPOUT = 0.1\n');
  fs.writeFileSync(path.join(dir, 'blocks', '__init__.py'), '"""The blocks of the model, one module each."""\n');
  for (let i = 0; i < BLOCKS; i++) fs.writeFileSync(path.join(dir, 'blocks', `b${String(i).padStart(2, '0')}.py`), blockModule(i));
  const main = path.join(dir, 'train.py');
  fs.writeFileSync(main, mainScript());
  return { root: dir, main, helper: path.join(dir, 'blocks', 'b05.py'), modules: BLOCKS + 2 };
}
