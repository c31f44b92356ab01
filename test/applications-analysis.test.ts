// `keras.applications` models through the analysis: every spelling, the
// arguments passed through, Keras's validation errors at the call, the model's
// attributes (`.input`, `.layers`, `get_layer(...)`), trainable changes,
// nested calls, `input_tensor`, the helpers, automatic layer names, the views
// (hint, hover, summary --json rows) and incremental edits. Backbone numbers
// are the engine's (checked against recorded Keras models); heads by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applicationNames, buildApplication } from '../server/src/engine';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, type AnalysisResult, type LayerCall, type ModelInfo } from '../server/src/analysis';
import { defaultAnalysisHost } from '../server/src/analysis/host';
import { programOf, type Program } from '../server/src/cli/programs';
import { summaryJson } from '../server/src/cli/summaryCommand';
import { hoverAt } from '../server/src/ide/hover';
import { LineIndex } from '../server/src/ide/positions';
import { DocumentStore } from '../server/src/lsp/documents';
import { loadPythonParser } from '../server/src/python/parser';
import { analyzeSource } from './analysisHarness';
import { sourceDir } from './goldenPath';

const HEAD = 'import keras\nfrom keras import layers\n';

/** The call whose source text starts with `prefix` (the first one). */
function callAtText(text: string, r: AnalysisResult, prefix: string): LayerCall {
  const at = text.indexOf(prefix);
  assert.ok(at >= 0, `no ${prefix} in the text`);
  const call = r.calls.find((c) => c.range.start === at);
  assert.ok(call, `no call at ${prefix}`);
  return call;
}

function outputOf(text: string, r: AnalysisResult, prefix: string): unknown {
  return callAtText(text, r, prefix).outcomes[0]?.outputShapes;
}

function model(r: AnalysisResult, name: string): ModelInfo {
  const m = r.models.find((x) => x.name === name);
  assert.ok(m, `no model ${name}: ${r.models.map((x) => x.name).join(', ')}`);
  return m;
}

function totals(m: ModelInfo): [number | null, number | null, number | null] {
  return [m.totalParams, m.trainableParams, m.nonTrainableParams];
}

test('the transfer-learning example: backbone, head and totals', async () => {
  const text = fs.readFileSync(path.join(sourceDir('..', 'examples'), 'transfer_learning.py'), 'utf8');
  const r = await analyzeSource(text);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(outputOf(text, r, 'keras.applications.ResNet50('), [[null, 7, 7, 2048]]);
  assert.deepEqual(outputOf(text, r, 'layers.GlobalAveragePooling2D()'), [[null, 2048]]);
  const dense = callAtText(text, r, 'layers.Dense(10');
  assert.equal(dense.outcomes[0].trainableParams, 20_490);
  assert.deepEqual(totals(model(r, 'base')), [23_587_712, 0, 23_587_712]);
  const m = model(r, 'model');
  assert.deepEqual(totals(m), [23_608_202, 20_490, 23_587_712]);
  // Flattened, not nested: the backbone's 175 rows, then the head's two.
  assert.equal(m.rows.length, 177);
  assert.deepEqual(m.rows.slice(0, 2).map((x) => x.name), ['input_layer', 'conv1_pad']);
  assert.deepEqual(m.rows.slice(-2).map((x) => `${x.name} (${x.className})`), ['global_average_pooling2d (GlobalAveragePooling2D)', 'dense (Dense)']);
  // The hover on the constructor: output, layer count, totals.
  const hover = hoverAt(r, text, text.indexOf('ResNet50(') + 2);
  assert.ok(hover);
  assert.match(hover.markdown, /keras\.applications\.ResNet50/);
  assert.match(hover.markdown, /\(None, 7, 7, 2048\)/);
  assert.match(hover.markdown, /Layers: 175/);
  assert.match(hover.markdown, /Total params: 23,587,712/);
  assert.match(hover.markdown, /Non-trainable params: 23,587,712/);
});

test("every application's summary rows are the engine's, row for row", async () => {
  for (const name of applicationNames()) {
    const app = buildApplication(name, { keywords: { weights: null } });
    assert.equal(app.kind, 'ok', name);
    if (app.kind !== 'ok') continue;
    const r = await analyzeSource(`import keras\nbase = keras.applications.${name}(weights=None)\n`);
    const m = model(r, 'base');
    assert.deepEqual(totals(m), [app.totalParams, app.trainableParams, app.nonTrainableParams], name);
    assert.equal(m.sequentialLike, app.sequentialLike, name);
    assert.equal(m.application?.layerCount, app.rows.filter((x) => !x.op).length, name);
    assert.deepEqual(
      m.rows.map((x) => [x.name, x.className, x.outputShapes, x.trainableParams, x.nonTrainableParams, x.inbound]),
      app.rows.map((x) => [x.name, x.className, x.outputShapes, x.trainableParams, x.nonTrainableParams, x.inbound]),
      name,
    );
  }
});

test('every spelling of a constructor builds the same model', async () => {
  const spellings = [
    `${HEAD}base = keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `${HEAD}base = keras.applications.resnet50.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `${HEAD}base = keras.applications.resnet.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `${HEAD}from keras.applications import ResNet50\nbase = ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `${HEAD}from keras.applications.resnet50 import ResNet50, preprocess_input\nbase = ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `import tensorflow as tf\nbase = tf.keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `import tensorflow as tf\nbase = tf.keras.applications.resnet50.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `from tensorflow.keras.applications import ResNet50\nbase = ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `from tensorflow.keras import applications\nbase = applications.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `from keras.applications import *\nbase = ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `import keras.applications.resnet50 as r50\nbase = r50.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`,
    `${HEAD}base = keras.applications.ResNet50(False, "imagenet", None, (224, 224, 3))\n`,
  ];
  for (const text of spellings) {
    const r = await analyzeSource(text);
    assert.deepEqual(r.diagnostics, [], text);
    const m = model(r, 'base');
    assert.deepEqual(totals(m), [23_587_712, 23_534_592, 53_120], text);
    assert.deepEqual(m.application?.outputShapes, [[null, 7, 7, 2048]], text);
    assert.equal(m.application?.constructorName, 'ResNet50', text);
  }
});

test("Keras's validation errors are diagnostics at the call", async () => {
  const cases: [string, RegExp][] = [
    ['keras.applications.ResNet50(weights="imagenet", classes=10)', /ValueError: .*classes/],
    ['keras.applications.ResNet50(include_top=False, input_shape=(16, 16, 3))', /ValueError: .*(too small|at least 32)/],
    ['keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 5), weights="imagenet")', /ValueError: The input must have 3 channels/],
    ['keras.applications.ResNet50(include_top=False, weights="imagenet", pooling="max", nope=1)', /TypeError: .*unexpected keyword argument 'nope'/],
    ['keras.applications.MobileNet(alpha=0.3, input_shape=(224, 224, 3), include_top=False)', /ValueError: .*alpha/],
  ];
  for (const [call, message] of cases) {
    const text = `${HEAD}base = ${call}\n`;
    const r = await analyzeSource(text);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, `${call}: ${JSON.stringify(r.diagnostics)}`);
    assert.equal(errors[0].range.start, text.indexOf(call), call);
    assert.match(errors[0].message, message, call);
    assert.equal(r.models.length, 0, call);
  }
});

test('an argument the analysis cannot read leaves the model unknown, with no guess', async () => {
  const text = `${HEAD}import sys\nsize = int(sys.argv[1])\nbase = keras.applications.ResNet50(include_top=False, input_shape=(size, size, 3))\nx = layers.GlobalAveragePooling2D()(base.output)\n`;
  const r = await analyzeSource(text);
  assert.equal(r.models.length, 0);
  assert.equal(outputOf(text, r, 'layers.GlobalAveragePooling2D'), null);
});

test('.input, .inputs, .output, .outputs, .layers, get_layer and layer names', async () => {
  const text = [
    HEAD,
    'base = keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 3))',
    'n = layers.Dense(len(base.layers))(keras.Input((4,)))',
    'a = layers.Flatten()(base.input)',
    'b = layers.Flatten()(base.inputs[0])',
    'c = layers.GlobalMaxPooling2D()(base.outputs[0])',
    'd = layers.GlobalMaxPooling2D()(base.layers[-1].output)',
    'e = layers.GlobalMaxPooling2D()(base.get_layer("conv4_block6_out").output)',
    'f = layers.GlobalMaxPooling2D()(base.get_layer("conv4_block6_out").input)',
    'g = layers.Dense(1, name=base.layers[1].name)(keras.Input((4,)))',
    'h = layers.Dense(len(base.layers[:100]))(keras.Input((4,)))',
    'i = layers.GlobalMaxPooling2D()(base.get_layer(index=3).output)',
    'base.get_layer("no_such_layer")',
  ].join('\n');
  const r = await analyzeSource(text);
  assert.deepEqual(outputOf(text, r, 'layers.Dense(len(base.layers))'), [[null, 175]]);
  assert.deepEqual(outputOf(text, r, 'layers.Flatten()(base.input)'), [[null, 224 * 224 * 3]]);
  assert.deepEqual(outputOf(text, r, 'layers.Flatten()(base.inputs[0])'), [[null, 224 * 224 * 3]]);
  assert.deepEqual(outputOf(text, r, 'layers.GlobalMaxPooling2D()(base.outputs[0])'), [[null, 2048]]);
  assert.deepEqual(outputOf(text, r, 'layers.GlobalMaxPooling2D()(base.layers[-1]'), [[null, 2048]]);
  assert.deepEqual(outputOf(text, r, 'layers.GlobalMaxPooling2D()(base.get_layer("conv4_block6_out").output'), [[null, 1024]]);
  // conv4_block6_out is an Activation on conv4_block6_add: its input has the same shape.
  assert.deepEqual(outputOf(text, r, 'layers.GlobalMaxPooling2D()(base.get_layer("conv4_block6_out").input'), [[null, 1024]]);
  assert.equal(callAtText(text, r, 'layers.Dense(1, name=').layerName, 'conv1_pad');
  assert.deepEqual(outputOf(text, r, 'layers.Dense(len(base.layers[:100]))'), [[null, 100]]);
  // layers[3] is conv1_bn: (None, 112, 112, 64).
  assert.deepEqual(outputOf(text, r, 'layers.GlobalMaxPooling2D()(base.get_layer(index=3)'), [[null, 64]]);
  const missing = r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /^ValueError: No such layer: no_such_layer\. Existing layers are: \['input_layer', 'conv1_pad', /);
});

test('trainable: the whole backbone, a slice of its layers, one layer', async () => {
  const base = `${HEAD}base = keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 3))\n`;
  const whole = await analyzeSource(`${base}base.trainable = False\n`);
  assert.deepEqual(totals(model(whole, 'base')), [23_587_712, 0, 23_587_712]);
  const unfrozen = await analyzeSource(`${base}base.trainable = False\nbase.trainable = True\n`);
  assert.deepEqual(totals(model(unfrozen, 'base')), [23_587_712, 23_534_592, 53_120]);
  // conv1_conv: 7 * 7 * 3 * 64 + 64 = 9,472.
  const one = await analyzeSource(`${base}base.get_layer("conv1_conv").trainable = False\n`);
  assert.deepEqual(totals(model(one, 'base')), [23_587_712, 23_534_592 - 9_472, 53_120 + 9_472]);
  // The first 100 layers frozen, and the rest trainable again after freezing all.
  const sliced = await analyzeSource(`${base}base.trainable = True\nfor layer in base.layers[:100]:\n    layer.trainable = False\n`);
  const loop = await analyzeSource(`${base}base.trainable = False\nfor layer in base.layers[100:]:\n    layer.trainable = True\n`);
  assert.deepEqual(totals(model(sliced, 'base')), totals(model(loop, 'base')));
  const [total, trainable] = totals(model(sliced, 'base'));
  assert.equal(total, 23_587_712);
  assert.ok(trainable !== null && trainable > 0 && trainable < 23_534_592);
});

test('fine-tuning all but the normalisation layers (isinstance)', async () => {
  const text = [
    HEAD,
    'base = keras.applications.EfficientNetB0(include_top=False, weights="imagenet", input_shape=(224, 224, 3))',
    'base.trainable = False',
    'for layer in base.layers[-20:]:',
    '    if not isinstance(layer, layers.BatchNormalization):',
    '        layer.trainable = True',
    'a = layers.Dense(1 if isinstance(base.layers[1], (layers.Dense, layers.Layer)) else 2)(keras.Input((3,)))',
    'b = layers.Dense(1 if isinstance(base, keras.Model) else 2)(keras.Input((3,)))',
  ].join('\n');
  const r = await analyzeSource(text);
  // Expected from the backbone's rows (the engine, checked against Keras): the last 20 layers that are not BatchNormalization.
  const app = buildApplication('EfficientNetB0', { keywords: { include_top: false, weights: 'imagenet', input_shape: [224, 224, 3] } });
  assert.equal(app.kind, 'ok');
  if (app.kind !== 'ok') return;
  const last20 = app.rows.filter((x) => !x.op).slice(-20);
  const trainable = last20.filter((x) => x.className !== 'BatchNormalization').reduce((s, x) => s + x.trainableParams, 0);
  assert.ok(trainable > 0 && last20.some((x) => x.className === 'BatchNormalization'));
  assert.deepEqual(totals(model(r, 'base')), [app.totalParams, trainable, app.totalParams - trainable]);
  assert.deepEqual(outputOf(text, r, 'layers.Dense(1 if isinstance(base.layers'), [[null, 1]]);
  assert.deepEqual(outputOf(text, r, 'layers.Dense(1 if isinstance(base,'), [[null, 1]]);
});

test("a model built on the backbone's tensors lists its layers as Keras does", async () => {
  const text = [
    HEAD,
    'base = keras.applications.ResNet50(include_top=False, input_shape=(224, 224, 3))',
    'out = layers.Dense(10)(layers.GlobalAveragePooling2D()(base.output))',
    'model = keras.Model(base.input, out)',
    'n = layers.Dense(len(model.layers))(keras.Input((4,)))',
    'for layer in model.layers[:175]:',
    '    layer.trainable = False',
    'g = layers.GlobalMaxPooling2D()(model.get_layer("conv4_block6_out").output)',
  ].join('\n');
  const r = await analyzeSource(text);
  // The input layer, the backbone's 174 layers, the head's two.
  assert.deepEqual(outputOf(text, r, 'layers.Dense(len(model.layers))'), [[null, 177]]);
  assert.deepEqual(totals(model(r, 'model')), [23_608_202, 20_490, 23_587_712]);
  assert.deepEqual(outputOf(text, r, 'layers.GlobalMaxPooling2D()(model.get_layer'), [[null, 1024]]);
});

test('a backbone called on a tensor is one nested row', async () => {
  const text = [
    HEAD,
    'base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")',
    'base.trainable = False',
    'inputs = keras.Input(shape=(160, 160, 3))',
    'x = keras.applications.mobilenet_v2.preprocess_input(inputs)',
    'x = base(x, training=False)',
    'x = layers.GlobalAveragePooling2D()(x)',
    'outputs = layers.Dense(1)(x)',
    'model = keras.Model(inputs, outputs)',
  ].join('\n');
  const r = await analyzeSource(text);
  assert.deepEqual(outputOf(text, r, 'base(x, training=False)'), [[null, 5, 5, 1280]]);
  const m = model(r, 'model');
  assert.deepEqual(totals(m), [2_257_984 + 1_281, 1_281, 2_257_984]);
  assert.deepEqual(
    m.rows.map((x) => `${x.name} (${x.className})`),
    // The backbone's input layer took `input_layer`: the next keras.Input is input_layer_1.
    ['input_layer_1 (InputLayer)', 'mobilenetv2_1.00_160 (Functional)', 'global_average_pooling2d (GlobalAveragePooling2D)', 'dense (Dense)'],
  );
});

test('a backbone as the first layer of a Sequential model', async () => {
  const text = [
    HEAD,
    'base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")',
    'base.trainable = False',
    'model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(5)])',
    'model2 = keras.Sequential()',
    'model2.add(keras.applications.VGG16(include_top=False, input_shape=(64, 64, 3)))',
    'model2.add(layers.Flatten())',
    'model2.add(layers.Dense(3))',
  ].join('\n');
  const r = await analyzeSource(text);
  assert.deepEqual(r.diagnostics, []);
  // 1280 * 5 + 5 = 6,405 on the frozen 2,257,984.
  assert.deepEqual(totals(model(r, 'model')), [2_264_389, 6_405, 2_257_984]);
  assert.deepEqual(model(r, 'model').rows.map((x) => x.name), ['mobilenetv2_1.00_160', 'global_average_pooling2d', 'dense']);
  // VGG16's convolutions on 64 × 64 end at (None, 2, 2, 512): flatten 2,048; 2048 * 3 + 3 = 6,147.
  assert.deepEqual(totals(model(r, 'model2')), [14_714_688 + 6_147, 14_714_688 + 6_147, 0]);
  assert.deepEqual(outputOf(text, r, 'model2.add(layers.Flatten())'), [[null, 2048]]);
});

test('a backbone without a fixed input size called on images of a given size', async () => {
  const text = `${HEAD}base = keras.applications.ResNet50(include_top=False, weights=None)\nx = base(keras.Input((224, 224, 3)))\ny = base(keras.Input((97, 64, 3)))\npooled = keras.applications.ResNet50(False, None, None, None, "avg")\nz = pooled(keras.Input((128, 128, 3)))\n`;
  const r = await analyzeSource(text);
  assert.deepEqual(outputOf(text, r, 'pooled(keras.Input'), [[null, 2048]]);
  assert.deepEqual(model(r, 'base').application?.outputShapes, [[null, null, null, 2048]]);
  assert.deepEqual(outputOf(text, r, 'base(keras.Input((224'), [[null, 7, 7, 2048]]);
  assert.deepEqual(outputOf(text, r, 'base(keras.Input((97'), [[null, 4, 2, 2048]]);
});

test('input_tensor: the backbone grows from the given tensor', async () => {
  const text = [
    HEAD,
    'image = keras.Input((128, 128, 3), name="image")',
    'base = keras.applications.ResNet50(include_top=False, weights=None, input_tensor=image)',
    'head = layers.Dense(3)(layers.GlobalAveragePooling2D()(base.output))',
    'model = keras.Model(image, head)',
    'scaled = layers.Rescaling(1 / 255)(image)',
    'base2 = keras.applications.ResNet50(include_top=False, weights=None, input_tensor=scaled)',
  ].join('\n');
  const r = await analyzeSource(text);
  assert.deepEqual(r.diagnostics, []);
  const base = model(r, 'base');
  assert.deepEqual(base.application?.outputShapes, [[null, 4, 4, 2048]]);
  assert.equal(base.rows[0].name, 'image');
  assert.equal(base.rows[1].connectedTo?.[0], 'image[0][0]');
  // 2048 * 3 + 3 = 6,147.
  assert.deepEqual(totals(model(r, 'model')), [23_587_712 + 6_147, 23_534_592 + 6_147, 53_120]);
  // Keras's inputs are the tensor's sources: the Rescaling layer is part of the model.
  const base2 = model(r, 'base2');
  assert.deepEqual(base2.rows.slice(0, 2).map((x) => `${x.name} (${x.className})`), ['image (InputLayer)', 'rescaling (Rescaling)']);
  assert.equal(base2.totalParams, 23_587_712);
});

test('preprocess_input keeps the shape; decode_predictions is not a tensor', async () => {
  const text = [
    HEAD,
    'from keras.applications.resnet50 import preprocess_input, decode_predictions',
    'x = preprocess_input(keras.Input((224, 224, 3)))',
    'a = layers.Flatten()(x)',
    'p = decode_predictions(keras.Input((1000,)))',
    'b = layers.Flatten()(p)',
  ].join('\n');
  const r = await analyzeSource(text);
  assert.deepEqual(outputOf(text, r, 'layers.Flatten()(x)'), [[null, 224 * 224 * 3]]);
  assert.equal(outputOf(text, r, 'layers.Flatten()(p)'), null);
});

test("an application's automatic names move the session's counters on", async () => {
  const text = [
    HEAD,
    'first = layers.Conv2D(4, 3)',
    'base = keras.applications.InceptionV3(include_top=False, weights=None, input_shape=(299, 299, 3))',
    'inp = keras.Input((8, 8, 3))',
    'y = layers.Conv2D(4, 3)(inp)',
    'z = layers.Activation("relu")(y)',
  ].join('\n');
  const r = await analyzeSource(text);
  const base = model(r, 'base');
  // One Conv2D before: the backbone's start at conv2d_1, and the next one after its 94 is conv2d_95.
  assert.equal(base.rows.find((x) => x.className === 'Conv2D')?.name, 'conv2d_1');
  assert.equal(callAtText(text, r, 'layers.Conv2D(4, 3)(inp)').layerName, 'conv2d_95');
  assert.equal(callAtText(text, r, 'layers.Activation').layerName, 'activation_94');
  assert.equal(base.rows[0].name, 'input_layer');
});

test('summary --json carries every model’s rows', async () => {
  const text = fs.readFileSync(path.join(sourceDir('..', 'examples'), 'transfer_learning.py'), 'utf8');
  const r = await analyzeSource(text);
  const json = summaryJson(r, pythonProgram('transfer_learning.py', text)) as { models: { name: string; rows: { name: string; class: string; output_shapes: unknown; trainable_params: number; non_trainable_params: number; inbound: string[] }[] }[] };
  const m = json.models.find((x) => x.name === 'model');
  assert.ok(m);
  assert.equal(m.rows.length, 177);
  assert.deepEqual(m.rows[0], { name: 'input_layer', class: 'InputLayer', output_shapes: [[null, 224, 224, 3]], trainable_params: 0, non_trainable_params: 0, inbound: [] });
  assert.deepEqual(m.rows[2], { name: 'conv1_conv', class: 'Conv2D', output_shapes: [[null, 112, 112, 64]], trainable_params: 0, non_trainable_params: 9_472, inbound: ['conv1_pad'] });
  assert.deepEqual(m.rows.find((x) => x.name === 'conv2_block1_add')?.inbound, ['conv2_block1_0_bn', 'conv2_block1_3_bn']);
  assert.deepEqual(m.rows[176], { name: 'dense', class: 'Dense', output_shapes: [[null, 10]], trainable_params: 20_490, non_trainable_params: 0, inbound: ['global_average_pooling2d'] });
  // A Sequential model's rows too.
  const seq = await analyzeSource(`${HEAD}s = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(2)])\n`);
  const sj = summaryJson(seq, pythonProgram('s.py', '')) as { models: { rows: { name: string; inbound: string[]; trainable_params: number }[] }[] };
  assert.deepEqual(sj.models[0].rows.map((x) => [x.name, x.inbound, x.trainable_params]), [['dense', [], 15], ['dense_1', ['dense'], 8]]);
});

test('edits around an application give exactly a fresh analysis', async () => {
  const parser = await loadPythonParser();
  const store = new DocumentStore((_uri, e) => {
    throw e;
  });
  const uri = 'file:///transfer.py';
  let text = fs.readFileSync(path.join(sourceDir('..', 'examples'), 'transfer_learning.py'), 'utf8');
  store.openDocument(uri, 'python', 1, text);
  const edits: [string, string][] = [
    ['Dense(10', 'Dense(12'],
    ['base.trainable = False', 'base.trainable = True'],
    ['(224, 224, 3)', '(160, 160, 3)'],
    ['ResNet50(', 'ResNet101('],
  ];
  let version = 1;
  for (const [from, to] of edits) {
    const start = text.indexOf(from);
    const lines = new LineIndex(text);
    const s = lines.position(start);
    const e = lines.position(start + from.length);
    store.change(uri, ++version, [{ range: { start: { line: s.line, character: s.column }, end: { line: e.line, character: e.column } }, text: to }]);
    text = text.slice(0, start) + to + text.slice(start + from.length);
    const cached = store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
    assert.ok(cached);
    defaultAnalysisHost().clear();
    const fresh = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG);
    assert.deepEqual(cached.result, fresh, `after ${from} → ${to}`);
  }
  store.close(uri);
});

function pythonProgram(file: string, text: string): Program {
  const p = programOf(file, text);
  assert.ok(p.kind === 'program');
  return p.program;
}
