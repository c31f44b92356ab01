// Generates the benchmark inputs into bench/out/ (git-ignored; never committed):
//   functional_1000.py  a functional model of 1,000 layer calls in ~2,000 lines
//   resnet152.py        ResNet-152 built by helper functions and loops
//   large_20k.py        20,000 lines of ordinary Python with one model in it
// Deterministic: the same files every run. `node out/bench/generate.js`.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const benchOut = path.resolve(__dirname, '..', '..', 'bench', 'out');

export interface BenchInput {
  readonly name: string;
  readonly file: string;
  readonly description: string;
}

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** (a) 1,000 layer calls, one or two lines each, residual adds every few layers. */
export function functionalModel(layerCount = 1000): string {
  const rnd = seededRandom(1);
  const out: string[] = [
    '# A deep functional MLP-mixer-like stack: 1,000 layer calls.',
    'import keras',
    'from keras import layers',
    '',
    'inputs = keras.Input(shape=(64, 128), name="tokens")',
    'x = layers.Dense(256)(inputs)',
  ];
  let layers = 1;
  let block = 0;
  while (layers < layerCount - 2) {
    block++;
    out.push('', `# block ${block}`, 'skip = x');
    const kind = block % 4;
    const width = 256;
    if (kind === 0) {
      out.push('x = layers.LayerNormalization(epsilon=1e-6)(x)');
      out.push(`x = layers.Dense(${width * 2},`, '                 activation="gelu")(x)');
      out.push(`x = layers.Dropout(${(rnd() * 0.3).toFixed(2)})(x)`);
      out.push(`x = layers.Dense(${width},`, '                 bias_initializer="zeros")(x)');
    } else if (kind === 1) {
      out.push('x = layers.Conv1D(256, 3, padding="same",', '                  activation="relu")(x)');
      out.push('x = layers.BatchNormalization(momentum=0.9,', '                              epsilon=1e-3)(x)');
      out.push('x = layers.Activation("relu")(x)');
      out.push(`x = layers.Conv1D(${width}, 1)(x)`);
    } else if (kind === 2) {
      out.push('x = layers.Permute((2, 1))(x)');
      out.push('x = layers.Dense(64,', '                 kernel_initializer="he_normal")(x)');
      out.push('x = layers.Permute((2, 1))(x)');
      out.push('x = layers.LayerNormalization()(x)');
    } else {
      out.push('x = layers.Dense(128, activation="relu")(x)');
      out.push('x = layers.Dense(256,', '                 use_bias=False)(x)');
      out.push('x = layers.BatchNormalization()(x)');
      out.push('x = layers.SpatialDropout1D(', '    0.1)(x)');
    }
    out.push('x = layers.Add()([x, skip])');
    layers += 5;
  }
  out.push('', 'x = layers.GlobalAveragePooling1D()(x)', 'outputs = layers.Dense(10, activation="softmax")(x)');
  out.push('', 'model = keras.Model(inputs, outputs, name="deep_functional")', 'model.summary()', '');
  return out.join('\n');
}

/** (b) ResNet-152: bottleneck blocks [3, 8, 36, 3] through helper functions and loops. */
export function resnet152(): string {
  return `# ResNet-152 (v1.5) built the way people write it: helpers and loops.
import keras
from keras import layers


def conv_bn(x, filters, kernel_size, strides=1, activation=True, name=None):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding="same",
                      use_bias=False, name=None if name is None else name + "_conv")(x)
    x = layers.BatchNormalization(epsilon=1.001e-5)(x)
    if activation:
        x = layers.Activation("relu")(x)
    return x


def bottleneck(x, filters, strides=1, conv_shortcut=False):
    if conv_shortcut:
        shortcut = conv_bn(x, 4 * filters, 1, strides=strides, activation=False)
    else:
        shortcut = x
    x = conv_bn(x, filters, 1)
    x = conv_bn(x, filters, 3, strides=strides)
    x = conv_bn(x, 4 * filters, 1, activation=False)
    x = layers.Add()([shortcut, x])
    return layers.Activation("relu")(x)


def stack(x, filters, blocks, strides=2):
    x = bottleneck(x, filters, strides=strides, conv_shortcut=True)
    for _ in range(2, blocks + 1):
        x = bottleneck(x, filters)
    return x


def resnet(depths, input_shape=(224, 224, 3), classes=1000):
    inputs = keras.Input(shape=input_shape)
    x = layers.ZeroPadding2D(padding=3)(inputs)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False)(x)
    x = layers.BatchNormalization(epsilon=1.001e-5)(x)
    x = layers.Activation("relu")(x)
    x = layers.ZeroPadding2D(padding=1)(x)
    x = layers.MaxPooling2D(3, strides=2)(x)
    for i, (filters, blocks) in enumerate(zip([64, 128, 256, 512], depths)):
        x = stack(x, filters, blocks, strides=1 if i == 0 else 2)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet152")


model = resnet([3, 8, 36, 3])
model.summary()
`;
}

/** Ordinary Python (data loading, utilities, classes) of about `lines` lines, with one small CNN in the middle. */
export function largeFile(lines = 20000): string {
  const rnd = seededRandom(3);
  const header = [
    '# A large training script: utilities, data handling, configuration, and one model.',
    'import os',
    'import json',
    'import math',
    'import random',
    'import keras',
    'from keras import layers',
    '',
  ];
  const chunks: string[] = [header.join('\n')];
  let count = header.length - 1;
  let i = 0;
  let modelPlaced = false;
  const push = (text: string): void => {
    chunks.push(text);
    count += text.split('\n').length - 1;
  };
  while (count < lines) {
    i++;
    if (!modelPlaced && count > lines / 2) {
      modelPlaced = true;
      push(`
def build_model(num_classes=10):
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    for filters in [32, 64, 128]:
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.BatchNormalization()(x)
        x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="cnn")


model = build_model()
`);
      continue;
    }
    const n = Math.floor(rnd() * 1000);
    switch (i % 5) {
      case 0:
        push(`
def normalize_record_${i}(record, scale=${n}):
    """Cleans one record: strips strings, scales numbers, drops empty fields."""
    out = {}
    for key, value in record.items():
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip().lower()
        elif isinstance(value, (int, float)):
            value = value / scale if scale else value
        out[key] = value
    return out
`);
        break;
      case 1:
        push(`
class Batcher${i}:
    """Yields fixed-size batches from a list, optionally shuffled."""

    def __init__(self, items, batch_size=${(n % 64) + 1}, shuffle=True):
        self.items = list(items)
        self.batch_size = batch_size
        self.shuffle = shuffle

    def __len__(self):
        return math.ceil(len(self.items) / self.batch_size)

    def __iter__(self):
        order = list(range(len(self.items)))
        if self.shuffle:
            random.shuffle(order)
        for start in range(0, len(order), self.batch_size):
            yield [self.items[j] for j in order[start:start + self.batch_size]]
`);
        break;
      case 2:
        push(`
CONFIG_${i} = {
    "learning_rate": ${(n / 100000).toFixed(5)},
    "epochs": ${(n % 50) + 1},
    "layers": [${n % 7}, ${n % 11}, ${n % 13}],
    "name": "run_${i}",
}
`);
        break;
      case 3:
        push(`
def load_split_${i}(path, split="train"):
    full = os.path.join(path, split + ".jsonl")
    rows = []
    try:
        with open(full) as f:
            for line in f:
                line = line.strip()
                if line:
                    rows.append(json.loads(line))
    except FileNotFoundError:
        rows = []
    return rows
`);
        break;
      default:
        push(`
def moving_average_${i}(values, window=${(n % 9) + 2}):
    total = 0.0
    out = []
    for k, v in enumerate(values):
        total += v
        if k >= window:
            total -= values[k - window]
        out.append(total / min(k + 1, window))
    return out
`);
    }
  }
  push('\nif __name__ == "__main__":\n    model.summary()\n');
  return chunks.join('');
}

export function generateInputs(dir = benchOut): BenchInput[] {
  fs.mkdirSync(dir, { recursive: true });
  const inputs: [string, string, string][] = [
    ['functional_1000', functionalModel(), 'functional model, 1,000 layers'],
    ['resnet152', resnet152(), 'ResNet-152 via helpers and loops'],
    ['large_20k', largeFile(), '20,000 lines, one model'],
  ];
  return inputs.map(([name, text, description]) => {
    const file = path.join(dir, `${name}.py`);
    fs.writeFileSync(file, text);
    return { name, file, description };
  });
}

if (require.main === module) {
  for (const input of generateInputs()) {
    const text = fs.readFileSync(input.file, 'utf8');
    console.log(`${path.relative(process.cwd(), input.file)}: ${text.split('\n').length.toLocaleString('en-US')} lines (${input.description})`);
  }
}
