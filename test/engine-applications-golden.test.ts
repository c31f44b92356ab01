// Every `keras.applications` model recorded from real Keras
// (golden/applications.jsonl), compared row by row with the engine's
// `buildApplication`: name, shapes, totals and every summary row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationCache, buildApplication, type ApplicationArgs, type ApplicationResult, type PyValue, type Shape } from '../server/src/engine';
import { goldenLines } from './goldenPath';

interface GoldenRow {
  name: string;
  class: string;
  output_shapes: Shape[];
  trainable_params: number;
  non_trainable_params: number;
  inbound: string[];
  op?: boolean;
}
interface GoldenExpect {
  error?: string;
  name?: string;
  input_shapes?: Shape[];
  output_shapes?: Shape[];
  total_params?: number;
  trainable_params?: number;
  non_trainable_params?: number;
  frozen?: { total_params: number; trainable_params: number; non_trainable_params: number };
  sequential_like?: boolean;
  warnings?: string[];
  layers?: GoldenRow[];
}
interface GoldenCase {
  id: string;
  constructor: string;
  kwargs: Record<string, unknown>;
  expect: GoldenExpect;
}

/** The README's families. */
function familyOf(ctor: string): string {
  if (ctor.startsWith('ConvNeXt')) return 'ConvNeXt';
  if (ctor.startsWith('DenseNet')) return 'DenseNet';
  if (ctor.startsWith('EfficientNetV2')) return 'EfficientNetV2';
  if (ctor.startsWith('EfficientNet')) return 'EfficientNet';
  if (ctor.startsWith('Inception')) return 'Inception';
  if (ctor.startsWith('MobileNet')) return 'MobileNet';
  if (ctor.startsWith('NASNet')) return 'NASNet';
  if (ctor.startsWith('ResNet')) return ctor.endsWith('V2') ? 'ResNetV2' : 'ResNet';
  if (ctor.startsWith('VGG')) return 'VGG';
  return ctor;
}

function toArgs(kwargs: Record<string, unknown>): ApplicationArgs {
  const keywords: Record<string, PyValue> = {};
  let inputTensor: { shape: Shape } | undefined;
  for (const [k, v] of Object.entries(kwargs)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && '__input__' in v) {
      const spec = (v as { __input__: { shape: (number | null)[]; batch_size?: number }; __then__?: unknown[] });
      if (spec.__then__ !== undefined && spec.__then__.length > 0) throw new Error('input tensors made by layers are not supported by this test');
      inputTensor = { shape: [spec.__input__.batch_size ?? null, ...spec.__input__.shape] };
      keywords[k] = null;
    } else keywords[k] = v as PyValue;
  }
  return inputTensor === undefined ? { keywords } : { keywords, inputTensor };
}

const shapeText = (s: readonly Shape[]): string => JSON.stringify(s);

/** The first difference between the engine's result and Keras's, or undefined. */
function mismatch(r: ApplicationResult, e: GoldenExpect): string | undefined {
  if (e.error !== undefined) {
    if (r.kind !== 'error') return `expected error ${e.error}, got ${r.kind}`;
    return undefined;
  }
  if (r.kind !== 'ok') return `expected a model, got ${r.kind}: ${r.kind === 'error' ? `${r.errorClass}: ${r.message}` : r.reason}`;
  if (r.name !== e.name) return `name ${r.name} ≠ ${e.name}`;
  if (shapeText([r.inputShape]) !== shapeText(e.input_shapes ?? [])) return `input ${shapeText([r.inputShape])} ≠ ${shapeText(e.input_shapes ?? [])}`;
  if (shapeText([r.outputShape]) !== shapeText(e.output_shapes ?? [])) return `output ${shapeText([r.outputShape])} ≠ ${shapeText(e.output_shapes ?? [])}`;
  const rows = e.layers ?? [];
  const n = Math.min(rows.length, r.rows.length);
  for (let i = 0; i < n; i++) {
    const a = r.rows[i];
    const b = rows[i];
    const got = `${a.name} ${a.className} ${shapeText(a.outputShapes)} ${a.trainableParams}/${a.nonTrainableParams} [${a.inbound.join(',')}]${a.op ? ' op' : ''}`;
    const want = `${b.name} ${b.class} ${shapeText(b.output_shapes)} ${b.trainable_params}/${b.non_trainable_params} [${b.inbound.join(',')}]${b.op === true ? ' op' : ''}`;
    if (got !== want) return `row ${i}: ${got} ≠ ${want}`;
  }
  if (r.rows.length !== rows.length) return `${r.rows.length} rows ≠ ${rows.length}`;
  if (r.totalParams !== e.total_params || r.trainableParams !== e.trainable_params || r.nonTrainableParams !== e.non_trainable_params) {
    return `totals ${r.totalParams}/${r.trainableParams}/${r.nonTrainableParams} ≠ ${e.total_params}/${e.trainable_params}/${e.non_trainable_params}`;
  }
  const f = e.frozen;
  if (f !== undefined && (f.total_params !== r.totalParams || f.trainable_params !== 0 || f.non_trainable_params !== r.totalParams)) return 'frozen totals';
  if (e.sequential_like !== undefined && e.sequential_like !== r.sequentialLike) return `sequential_like ${r.sequentialLike} ≠ ${e.sequential_like}`;
  if (JSON.stringify(r.warnings) !== JSON.stringify(e.warnings ?? [])) return `warnings ${JSON.stringify(r.warnings)} ≠ ${JSON.stringify(e.warnings ?? [])}`;
  return undefined;
}

test('keras.applications golden models', (t) => {
  const lines = goldenLines('applications.jsonl');
  const stats = new Map<string, { pass: number; fail: number; notImplemented: number }>();
  const failures: string[] = [];
  let slowest = 0;
  for (const line of lines) {
    const c = JSON.parse(line) as GoldenCase;
    const ctor = c.constructor.slice(c.constructor.lastIndexOf('.') + 1);
    const fam = familyOf(ctor);
    let s = stats.get(fam);
    if (s === undefined) stats.set(fam, (s = { pass: 0, fail: 0, notImplemented: 0 }));
    const t0 = performance.now();
    const r = buildApplication(c.constructor, toArgs(c.kwargs));
    slowest = Math.max(slowest, performance.now() - t0);
    if (r.kind === 'unknown' && r.reason.startsWith('unknown application')) {
      s.notImplemented++;
      continue;
    }
    const m = mismatch(r, c.expect);
    if (m === undefined) s.pass++;
    else {
      s.fail++;
      failures.push(`${c.id} ${JSON.stringify(c.kwargs)}: ${m}`);
    }
  }
  for (const [fam, s] of [...stats].sort()) {
    t.diagnostic(`${fam.padEnd(15)} ${s.pass}/${s.pass + s.fail} pass${s.notImplemented > 0 ? `, ${s.notImplemented} not implemented` : ''}`);
  }
  t.diagnostic(`slowest build: ${slowest.toFixed(1)} ms`);
  for (const f of failures.slice(0, 40)) t.diagnostic(f);
  assert.deepEqual(failures, [], `${failures.length} golden application cases differ`);
});

test('unknown constructors are reported as such', () => {
  const r = buildApplication('NotAModel', {});
  assert.equal(r.kind, 'unknown');
});

test('Keras validation errors', () => {
  const tooSmall = buildApplication('ResNet50', { keywords: { weights: null, include_top: false, input_shape: [16, 16, 3] } });
  assert.deepEqual(tooSmall, { kind: 'error', errorClass: 'ValueError', message: 'Input size must be at least 32x32; Received: input_shape=(16, 16, 3)' });
  const classes = buildApplication('ResNet50', { keywords: { classes: 10 } });
  assert.equal(classes.kind, 'error');
  const channels = buildApplication('VGG16', { keywords: { include_top: false, input_shape: [64, 64, 1] } });
  assert.deepEqual(channels, { kind: 'error', errorClass: 'ValueError', message: 'The input must have 3 channels; Received `input_shape=(64, 64, 1)`' });
  const unexpected = buildApplication('ResNet50', { keywords: { alpha: 1 } });
  assert.deepEqual(unexpected, { kind: 'error', errorClass: 'TypeError', message: "ResNet50() got an unexpected keyword argument 'alpha'" });
});

const build = (name: string, keywords: Record<string, PyValue>, extra: Omit<ApplicationArgs, 'keywords'> = {}): ApplicationResult => buildApplication(name, { ...extra, keywords });

function ok(r: ApplicationResult): Extract<ApplicationResult, { kind: 'ok' }> {
  if (r.kind !== 'ok') assert.fail(`expected a model, got ${JSON.stringify(r)}`);
  return r;
}

test('obtain_input_shape checks, in Keras words', () => {
  assert.deepEqual(build('ResNet50', { weights: null, input_shape: [null, null, 3] }), {
    kind: 'error',
    errorClass: 'ValueError',
    message: 'If `include_top` is True, you should specify a static `input_shape`. Received: input_shape=(None, None, 3)',
  });
  assert.deepEqual(build('DenseNet121', { input_shape: [200, 200, 3] }), {
    kind: 'error',
    errorClass: 'ValueError',
    message: 'When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be (224, 224, 3).  Received: input_shape=(200, 200, 3)',
  });
  assert.deepEqual(build('Xception', { weights: null, include_top: false, input_shape: [224, 224] }), {
    kind: 'error',
    errorClass: 'ValueError',
    message: '`input_shape` must be a tuple of three integers.',
  });
  assert.deepEqual(build('InceptionV3', { weights: null, include_top: false, input_shape: [74, 100, 3] }), {
    kind: 'error',
    errorClass: 'ValueError',
    message: 'Input size must be at least 75x75; Received: input_shape=(74, 100, 3)',
  });
  const four = ok(build('ResNet50', { weights: null, include_top: false, input_shape: [64, 64, 4] }));
  assert.deepEqual(four.warnings, ['This model usually expects 1 or 3 input channels. However, it was passed an input_shape with 4 input channels.']);
  assert.deepEqual(ok(build('ResNet50', { weights: null, include_top: false, input_shape: [64, 64, 1] })).warnings, []);
});

test('ImageNet-only checks', () => {
  assert.equal(build('ResNet50', { classifier_activation: 'relu' }).kind, 'error');
  assert.equal(ok(build('ResNet50', { classifier_activation: null })).outputShape[1], 1000);
  const nas = build('NASNetLarge', { include_top: false, input_shape: [null, null, 3] });
  assert.equal(nas.kind === 'error' && nas.message.startsWith('When specifying the input shape of a NASNet and loading `ImageNet` weights'), true);
  assert.deepEqual(build('ConvNeXtTiny', { name: 'mine' }), {
    kind: 'error',
    errorClass: 'ValueError',
    message: 'Model name "mine" does not match weights variant "convnext_tiny". When using imagenet weights, model name must contain the weights variant (e.g., "convnext_tiny").',
  });
  assert.equal(build('MobileNet', { alpha: 0.3 }).kind, 'error');
  assert.equal(build('MobileNetV3Small', { alpha: 0.5 }).kind, 'error');
  const mn = ok(build('MobileNet', { include_top: false }));
  assert.equal(mn.name, 'mobilenet_1.00_224');
  assert.equal(mn.warnings.length, 1);
  assert.equal(ok(build('MobileNet', { weights: null, include_top: false })).name, 'mobilenet_1.00_None');
  assert.equal(ok(build('MobileNetV2', { weights: null, include_top: false, alpha: 0.35, input_shape: [96, 96, 3] })).name, 'mobilenetv2_0.35_96');
  assert.deepEqual(build('MobileNet', { weights: null, input_shape: [224] }), { kind: 'error', errorClass: 'IndexError', message: 'tuple index out of range' });
  const eff = ok(build('EfficientNetB0', {}));
  assert.deepEqual(eff.rows.slice(1, 4).map((r) => `${r.name}:${r.className}`), ['rescaling:Rescaling', 'normalization:Normalization', 'rescaling_1:Rescaling']);
});

test('family-specific behaviour', () => {
  assert.deepEqual(build('EfficientNetB0', { weights: null, include_top: false, input_shape: [224, null, 3] }), {
    kind: 'error',
    errorClass: 'TypeError',
    message: "unsupported operand type(s) for %: 'NoneType' and 'int'",
  });
  assert.deepEqual(ok(build('EfficientNetB0', { weights: null, include_top: false, input_shape: [null, 224, 3] })).outputShape, [null, null, 7, 1280]);
  assert.deepEqual(build('EfficientNetV2B0', { weights: null, name: 'mine' }), { kind: 'error', errorClass: 'KeyError', message: "'mine'" });
  const v3 = ok(build('MobileNetV3Large', { weights: null }));
  assert.deepEqual(v3.inputShape, [null, null, null, 3]);
  assert.deepEqual(build('MobileNetV3Small', { weights: null, input_shape: [16, 16, 3] }), {
    kind: 'error',
    errorClass: 'ValueError',
    message: 'Input size must be at least 32x32; Received `input_shape=(16, 16, 3)`',
  });
  const vgg = ok(build('VGG16', { weights: null, input_shape: [64, 64, 3] }));
  assert.equal(vgg.rows.find((r) => r.name === 'fc1')?.trainableParams, 2 * 2 * 512 * 4096 + 4096);
  assert.equal(vgg.sequentialLike, true);
  const ignored = ok(build('ResNet50', { weights: null, include_top: false, pooling: 'sum' }));
  assert.deepEqual(ignored.outputShape, [null, null, null, 2048]);
  const v2s = ok(build('EfficientNetV2S', { weights: null, include_top: false }));
  assert.deepEqual(v2s.rows.slice(1, 3).map((r) => r.className), ['Rescaling', 'Conv2D']);
  const noPre = ok(build('ConvNeXtTiny', { weights: null, include_top: false, include_preprocessing: false }));
  assert.equal(noPre.rows[1].name, 'convnext_tiny_stem');
});

test('input_tensor, positional arguments, name counters and the cache', () => {
  const t = ok(build('ResNet50', { weights: null, include_top: false }, { inputTensor: { shape: [8, 16, 16, 3] } }));
  assert.deepEqual(t.inputShape, [8, 16, 16, 3]);
  assert.deepEqual(t.outputShape, [8, 1, 1, 2048]);
  const pos = ok(buildApplication('ResNet50', { positional: [false, null] }));
  assert.deepEqual(pos.outputShape, [null, null, null, 2048]);
  const many = buildApplication('VGG16', { positional: [true, null, null, null, null, 1000, 'softmax', 'vgg16', 1] });
  assert.equal(many.kind === 'error' && many.errorClass === 'TypeError', true);
  const shifted = ok(buildApplication('ConvNeXtTiny', { keywords: { weights: null } }, { nameOffsets: { add: 18, input_layer: 1 } }));
  assert.equal(shifted.rows[0].name, 'input_layer_1');
  const firstAdd = shifted.rows.find((r) => r.op);
  assert.equal(firstAdd?.name, 'add_18');
  const next = shifted.rows.find((r) => r.inbound.includes('add_18'));
  assert.ok(next !== undefined);
  assert.deepEqual(shifted.autoNameCounts, { input_layer: 1, add: 18 });
  const unknown = buildApplication('ResNet50', { keywords: { include_top: { kind: 'unknown' } } });
  assert.equal(unknown.kind, 'unknown');
});

test('a caller-owned cache returns the same model for the same call', () => {
  const cache = new ApplicationCache();
  const a = buildApplication('EfficientNetB7', { keywords: { weights: null } }, { cache });
  const b = buildApplication('EfficientNetB7', { keywords: { weights: null } }, { cache });
  assert.equal(a, b);
  assert.notEqual(buildApplication('EfficientNetB7', { keywords: { weights: null, include_top: false } }, { cache }), a);
});

test('constructor paths', () => {
  assert.equal(buildApplication('keras.applications.resnet.ResNet101', { keywords: { weights: null } }).kind, 'ok');
  assert.equal(buildApplication('keras.applications.resnet50.ResNet50', { keywords: { weights: null } }).kind, 'ok');
  assert.equal(buildApplication('keras.applications.resnet50.ResNet101', {}).kind, 'unknown');
  assert.equal(buildApplication('keras.applications.mobilenet_v3.MobileNetV3Small', {}).kind, 'unknown');
  assert.equal(buildApplication('keras.applications.MobileNetV3Small', { keywords: { weights: null } }).kind, 'ok');
});

test('channels_first', () => {
  const config = { imageDataFormat: 'channels_first' } as const;
  const dense = buildApplication('DenseNet121', { keywords: { weights: null } }, { config });
  assert.equal(dense.kind === 'error' && dense.message.startsWith('DenseNet does not support the `channels_first` image data format.'), true);
  assert.equal(buildApplication('ResNet50', { keywords: { weights: null } }, { config }).kind, 'unknown');
});

test('an input_tensor given without its shape is not guessed', () => {
  const r = buildApplication('ResNet50', { keywords: { weights: null, input_tensor: { kind: 'opaque', repr: 'x' } } });
  assert.equal(r.kind, 'unknown');
});
