// Attention layers: MultiHeadAttention, GroupQueryAttention, Attention,
// AdditiveAttention (and EinsumDense, whose analysis the projections reuse).
//   MultiHeadAttention(num_heads=4, key_dim=16)(query (None, 10, 64), value (None, 20, 64))
//   → (None, 10, 64); query/kernel (64, 4, 16), key/kernel (64, 4, 16), value/kernel (64, 4, 16),
//   attention_output/kernel (4, 16, 64), each with a bias: 16,640 params.
// Keras builds the projections as EinsumDense sublayers whose shapes come from
// the equation alone; the output shape is the query's (last axis replaced by
// `output_shape`), never checked against the value's.
import { ArgReader, isUnknown } from '../args';
import { LayerError, failConstruct, unknown } from '../errors';
import { formatDim, formatShape, pyRepr, pyStr } from '../format';
import type { EngineContext, LayerSpec } from '../spec';
import type { Dim, ExplainStep, LayerInput, PyValue, Shape, Weight } from '../types';
import { analyzeEinsum, specs as einsumSpecs, variable, type EinsumAnalysis } from './einsumDense';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function letter(i: number): string {
  if (i >= LETTERS.length) throw new LayerError('invalid-argument', 'string index out of range (the input has too many axes)');
  return LETTERS[i];
}

/** The projection equation Keras builds: free axes pass through, bound axes are contracted. */
function projEquation(freeDims: number, boundDims: number, outputDims: number): { equation: string; biasAxes: string; outputRank: number } {
  let inp = '';
  let kernel = '';
  let out = '';
  let bias = '';
  for (let i = 0; i < freeDims; i++) {
    inp += letter(i);
    out += letter(i);
  }
  for (let i = 0; i < boundDims; i++) {
    inp += letter(freeDims + i);
    kernel += letter(freeDims + i);
  }
  for (let i = 0; i < outputDims; i++) {
    const c = letter(freeDims + boundDims + i);
    kernel += c;
    out += c;
    bias += c;
  }
  return { equation: `${inp},${kernel}->${out}`, biasAxes: bias, outputRank: out.length };
}

/** `[None] * (rank - len(known)) + known`. */
function paddedOutput(rank: number, known: readonly Dim[]): Dim[] {
  return [...new Array<Dim>(Math.max(0, rank - known.length)).fill(null), ...known];
}

function sameDims(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function dimAt(shape: Shape, i: number): Dim {
  const j = i < 0 ? shape.length + i : i;
  if (j < 0 || j >= shape.length) throw new LayerError('incompatible-input', `tuple index out of range (shape ${formatShape(shape)})`);
  return shape[j];
}

/** One EinsumDense sublayer: its analysis and its weights named `<name>/kernel`, `<name>/bias`. */
function project(
  ctx: EngineContext,
  name: string,
  equation: string,
  biasAxes: string | null,
  partial: readonly Dim[],
  shape: Shape,
): { r: EinsumAnalysis; weights: Weight[] } {
  const r = analyzeEinsum(equation, biasAxes, shape, partial);
  const path = `${ctx.layerName}/${name}`;
  const weights = [variable(path, `${name}/kernel`, r.kernel)];
  if (r.bias) weights.push(variable(path, `${name}/bias`, r.bias));
  return { r, weights };
}

/** The (query, value[, key]) tensors of `mha(query, value, key)`. */
function queryValueKey(input: LayerInput): { query: Shape; value: Shape; key: Shape; keyGiven: boolean } {
  if (input.isList || input.shapes.length < 2) {
    throw new LayerError('incompatible-input', "missing a required argument: 'value' (call the layer as layer(query, value) or layer(query, value, key))");
  }
  if (input.shapes.length > 3) unknown('more than three positional tensors (masks passed positionally)');
  const [query, value] = input.shapes;
  const keyGiven = input.shapes.length === 3;
  return { query, value, key: keyGiven ? input.shapes[2] : value, keyGiven };
}

function checkValueKey(value: Shape, key: Shape): void {
  if (!sameDims(value.slice(1, -1), key.slice(1, -1))) {
    throw new LayerError(
      'incompatible-shapes',
      `All dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value_shape=${formatShape(value)} and key_shape=${formatShape(key)}`,
    );
  }
}

function wantsScores(input: LayerInput): boolean {
  const v = input.callKeywords?.return_attention_scores;
  if (v === undefined || v === null) return false;
  if (isUnknown(v)) unknown('`return_attention_scores` is not known statically');
  return v !== false && v !== 0;
}

function positiveIntArg(a: ArgReader, name: string, orNone: boolean): number | null {
  const v = a.getInteger(name);
  if (orNone && v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    failConstruct(
      'invalid-argument',
      `Received an invalid value for argument \`${name}\`, expected a positive integer${orNone ? ' or `None`' : ''}. Received: ${name}=${pyStr(v)}`,
    );
  }
  return v;
}

function checkSlidingWindow(a: ArgReader): void {
  const v = a.get('sliding_window');
  if (v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) {
    failConstruct('invalid-argument', `\`sliding_window\` must be \`None\` or a positive integer. Received: sliding_window=${pyStr(v)}`);
  }
}

function truthy(v: PyValue): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function checkFlashDropout(a: ArgReader): void {
  const dropout = a.get('dropout');
  if (truthy(a.get('flash_attention')) && typeof dropout === 'number' && dropout > 0) {
    failConstruct('invalid-argument', 'Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use flash attention.');
  }
}

/** MultiHeadAttention's `output_shape`: falsy means "the query's last axis". */
function mhaOutputShape(a: ArgReader): Dim[] | null {
  const v = a.get('output_shape');
  if (!truthy(v)) return null;
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    if (items.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d)))) return items as Dim[];
    unknown('`output_shape` has entries that are not integers');
  }
  return failConstruct(
    'invalid-argument',
    `Invalid \`output_shape\`: ${pyStr(v)}. When specified, the \`output_shape\` should be of type tuple, list, or int.`,
  );
}

/** MultiHeadAttention's `attention_axes` before normalisation (null = Keras's default). */
function mhaAttentionAxes(a: ArgReader): number[] | null {
  const v = a.get('attention_axes');
  if (v === null) return null;
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    if (items.every((d) => typeof d === 'number' && Number.isInteger(d))) return items as number[];
    return unknown('`attention_axes` has entries that are not integers');
  }
  if (!truthy(v)) return [];
  return failConstruct('invalid-argument', `\`attention_axes\` must be an int, list, or tuple.Received: attention_axes=${pyStr(v)}`);
}

/** The axes softmax runs over, validated the way numpy's `delete` in Keras does. */
function normaliseAttentionAxes(axes: number[] | null, rank: number): number[] {
  const out = axes === null ? Array.from({ length: Math.max(0, rank - 3) }, (_, i) => i + 1) : axes.map((x) => (x >= 0 ? x : rank - 1 + x));
  for (const x of [...out, rank - 1]) {
    if (x >= rank || x < -rank) {
      throw new LayerError(
        'invalid-argument',
        `index ${x} is out of bounds for axis 0 with size ${rank} (attention_axes must name axes of the projected value, rank ${rank}, excluding the batch axis)`,
      );
    }
  }
  return out;
}

const COMMON_PARAMS = [
  { name: 'kernel_initializer', default: 'glorot_uniform' },
  { name: 'bias_initializer', default: 'zeros' },
  { name: 'kernel_regularizer', default: null },
  { name: 'bias_regularizer', default: null },
  { name: 'activity_regularizer', default: null },
  { name: 'kernel_constraint', default: null },
  { name: 'bias_constraint', default: null },
  { name: 'use_gate', default: false },
  { name: 'seed', default: null },
] as const;

/** The projected per-example shape: the input's middle axes, then the heads. */
function headsText(input: Shape, names: string): string {
  const free = input.slice(1, -1).map(formatDim);
  return `(${[...free, names].join(', ')})`;
}

const multiHeadAttention: LayerSpec = {
  className: 'MultiHeadAttention',
  docPath: 'attention_layers/multi_head_attention',
  callTensors: ['query', 'value', 'key'],
  returnsTuple: true,
  params: [
    { name: 'num_heads' },
    { name: 'key_dim' },
    { name: 'value_dim', default: null },
    { name: 'dropout', default: 0.0 },
    { name: 'use_bias', default: true },
    { name: 'output_shape', default: null },
    { name: 'attention_axes', default: null },
    { name: 'sliding_window', default: null },
    { name: 'flash_attention', default: null },
    ...COMMON_PARAMS,
  ],
  construct: (a) => {
    positiveIntArg(a, 'num_heads', false);
    positiveIntArg(a, 'key_dim', false);
    positiveIntArg(a, 'value_dim', true);
    mhaOutputShape(a);
    mhaAttentionAxes(a);
    checkSlidingWindow(a);
    checkFlashDropout(a);
  },
  compute: (a, input, ctx) => {
    const heads = positiveIntArg(a, 'num_heads', false) as number;
    const keyDim = positiveIntArg(a, 'key_dim', false) as number;
    const valueDim = positiveIntArg(a, 'value_dim', true) ?? keyDim;
    const useBias = a.bool('use_bias');
    const useGate = a.bool('use_gate');
    const outputShape = mhaOutputShape(a);
    const { query, value, key } = queryValueKey(input);
    checkValueKey(value, key);

    const weights: Weight[] = [];
    const headsProj = (name: string, shape: Shape, last: number) => {
      const eq = projEquation(shape.length - 1, 1, 2);
      const p = project(ctx, name, eq.equation, useBias ? eq.biasAxes : null, paddedOutput(eq.outputRank - 1, [heads, last]), shape);
      weights.push(...p.weights);
      return p.r;
    };
    const q = headsProj('query', query, keyDim);
    const k = headsProj('key', key, keyDim);
    if (useGate) headsProj('gate', query, valueDim);
    const v = headsProj('value', value, valueDim);

    const axes = normaliseAttentionAxes(mhaAttentionAxes(a), v.output.length);

    const finalLast = outputShape ?? [dimAt(query, -1)];
    const outEq = projEquation(query.length - 1, 2, finalLast.length);
    const outInput = [...q.output.slice(0, -1), valueDim];
    const o = project(ctx, 'attention_output', outEq.equation, useBias ? outEq.biasAxes : null, paddedOutput(outEq.outputRank - 1, finalLast), outInput);
    weights.push(...o.weights);

    const out: Dim[] = outputShape ? [...query.slice(0, -1), ...outputShape] : [...query];
    const outputs: Shape[] = [out];
    if (wantsScores(input)) {
      const len = dimAt(query, 1);
      outputs.push([dimAt(query, 0), heads, len, len]);
    }

    const explain = (): ExplainStep[] => {
      const steps: ExplainStep[] = [
        {
          label: 'query',
          text: `query ${formatShape(query)} projected to ${headsText(query, `num_heads=${heads}, key_dim=${keyDim}`)}; kernel ${formatShape(q.kernel)}`,
        },
        {
          label: 'key',
          text: `key ${formatShape(key)}${input.shapes.length === 3 ? '' : ' (the value, no key given)'} projected to ${headsText(key, `num_heads=${heads}, key_dim=${keyDim}`)}; kernel ${formatShape(k.kernel)}`,
        },
        {
          label: 'value',
          text: `value ${formatShape(value)} projected to ${headsText(value, `num_heads=${heads}, value_dim=${valueDim}`)}; kernel ${formatShape(v.kernel)}`,
        },
        {
          label: 'attention',
          text: `softmax over key axes ${pyRepr(axes.map((x) => x))} of the projected tensors; every head compares query and key in ${keyDim} dims`,
        },
        {
          label: 'output',
          text: `${heads} heads × ${valueDim} merged back to ${finalLast.map(formatDim).join(', ')}${outputShape ? ' (output_shape)' : " (the query's last axis)"}; kernel ${formatShape(o.r.kernel)}`,
        },
      ];
      if (outputs.length > 1) {
        steps.push({ label: 'scores', text: `${formatShape(outputs[1])}: (batch, num_heads, query length, query length) as Keras reports it symbolically` });
      }
      return steps;
    };
    return { outputs, multiple: outputs.length > 1, weights, explain };
  },
};

/** Keras's instance name for GroupQueryAttention comes from its class, GroupedQueryAttention. */
function gqaName(ctx: EngineContext): string {
  return ctx.layerName === 'group_query_attention' ? 'grouped_query_attention' : ctx.layerName;
}

/** Python's `%`, whose result takes the divisor's sign. */
function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

const groupQueryAttention: LayerSpec = {
  className: 'GroupQueryAttention',
  docPath: 'attention_layers/group_query_attention',
  callTensors: ['query', 'value', 'key'],
  params: [
    { name: 'head_dim' },
    { name: 'num_query_heads' },
    { name: 'num_key_value_heads' },
    { name: 'dropout', default: 0.0 },
    { name: 'use_bias', default: true },
    { name: 'sliding_window', default: null },
    { name: 'flash_attention', default: null },
    ...COMMON_PARAMS,
  ],
  construct: (a) => {
    const hq = a.int('num_query_heads');
    const hkv = a.int('num_key_value_heads');
    if (hkv === 0) failConstruct('invalid-argument', 'integer modulo by zero (num_key_value_heads=0)');
    if (pyMod(hq, hkv) !== 0) failConstruct('invalid-argument', '`num_query_heads` must be divisible by `num_key_value_heads`.');
    checkSlidingWindow(a);
    const headDim = a.number('head_dim');
    if (headDim === 0) failConstruct('invalid-argument', 'float division by zero (head_dim=0)');
    if (headDim < 0) failConstruct('invalid-argument', `math domain error (head_dim=${headDim})`);
    checkFlashDropout(a);
  },
  compute: (a, input, base) => {
    const ctx: EngineContext = { ...base, layerName: gqaName(base) };
    const headDim = a.int('head_dim');
    const hq = a.int('num_query_heads');
    const hkv = a.int('num_key_value_heads');
    const useBias = a.bool('use_bias');
    const { query, value, key, keyGiven } = queryValueKey(input);
    const feature = dimAt(query, -1);

    const weights: Weight[] = [];
    const proj = (name: string, eq: string, bias: string, nHeads: number, shape: Shape) => {
      const p = project(ctx, name, eq, useBias ? bias : null, [null, nHeads, headDim], shape);
      weights.push(...p.weights);
      return p.r;
    };
    const q = proj('query', 'bqm,muh->bquh', 'uh', hq, query);
    const k = proj('key', 'bkm,mvh->bkvh', 'vh', hkv, key);
    if (a.bool('use_gate')) proj('gate', 'bqm,muh->bquh', 'uh', hq, query);
    const v = proj('value', 'bkm,mvh->bkvh', 'vh', hkv, value);
    const o = project(ctx, 'attention_output', 'bquh,uhm->bqm', useBias ? 'm' : null, [null, feature], [null, null, hq, headDim]);
    weights.push(...o.weights);

    const valueLast = dimAt(value, -1);
    if (feature !== valueLast) {
      throw new LayerError(
        'incompatible-shapes',
        `The last dimension of \`query_shape\` and \`value_shape\` must be equal, but are ${formatDim(feature)}, ${formatDim(valueLast)}. Received: query_shape=${formatShape(query)}, value_shape=${formatShape(value)}`,
      );
    }
    checkValueKey(value, key);
    const outputs: Shape[] = [[...query]];
    if (wantsScores(input)) {
      outputs.push([dimAt(query, 0), hq, dimAt(query, 1), keyGiven ? dimAt(key, 1) : dimAt(value, 1)]);
    }
    const explain = (): ExplainStep[] => [
      { label: 'query', text: `query ${formatShape(query)} projected to ${headsText(query, `num_query_heads=${hq}, head_dim=${headDim}`)}; kernel ${formatShape(q.kernel)}` },
      { label: 'key', text: `key ${formatShape(key)} projected to ${headsText(key, `num_key_value_heads=${hkv}, head_dim=${headDim}`)}; kernel ${formatShape(k.kernel)}` },
      { label: 'value', text: `value ${formatShape(value)} projected to ${headsText(value, `num_key_value_heads=${hkv}, head_dim=${headDim}`)}; kernel ${formatShape(v.kernel)}` },
      { label: 'groups', text: `each of the ${hkv} key/value heads is shared by ${hq / hkv} query heads` },
      { label: 'output', text: `${hq} heads × ${headDim} merged back to the query's ${formatDim(feature)} features; kernel ${formatShape(o.r.kernel)}` },
    ];
    return { outputs, multiple: outputs.length > 1, weights, explain };
  },
};

function checkScoreMode(a: ArgReader): string {
  const v = a.get('score_mode');
  if (v !== 'dot' && v !== 'concat') {
    failConstruct('invalid-argument', `Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=${pyStr(v)}`);
  }
  return v;
}

/** `[query, value]` or `[query, value, key]`, checked like Keras's `_validate_inputs`. */
function attentionInputs(className: string, input: LayerInput): { query: Shape; value: Shape; key: Shape } {
  if (!input.isList) {
    throw new LayerError(
      'incompatible-input',
      `${className} layer must be called on a list of inputs, namely [query, value] or [query, value, key]. Received: inputs=${formatShape(input.shapes[0] ?? [])}.`,
    );
  }
  const n = input.shapes.length;
  if (n < 2 || n > 3) {
    throw new LayerError(
      'incompatible-input',
      `${className} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${n}.`,
    );
  }
  const [query, value] = input.shapes;
  return { query, value, key: n === 3 ? input.shapes[2] : value };
}

function attentionOutputs(query: Shape, value: Shape, key: Shape, input: LayerInput): Shape[] {
  const outputs: Shape[] = [[...query.slice(0, -1), dimAt(value, -1)]];
  if (wantsScores(input)) outputs.push([...query.slice(0, -1), dimAt(key, -2)]);
  return outputs;
}

function attentionExplain(query: Shape, value: Shape, key: Shape, outputs: readonly Shape[], how: string): ExplainStep[] {
  return [
    { label: 'scores', text: `${how} of query ${formatShape(query)} with key ${formatShape(key)}: one score per (query step, key step), softmax over the key steps` },
    { label: 'output', text: `scores · value ${formatShape(value)} → ${formatShape(outputs[0])}: the query's axes with the value's last axis` },
  ];
}

const attention: LayerSpec = {
  className: 'Attention',
  docPath: 'attention_layers/attention',
  params: [
    { name: 'use_scale', default: false },
    { name: 'score_mode', default: 'dot' },
    { name: 'dropout', default: 0.0 },
    { name: 'seed', default: null },
  ],
  construct: (a) => {
    checkScoreMode(a);
  },
  compute: (a, input, ctx) => {
    const mode = checkScoreMode(a);
    const { query, value, key } = attentionInputs('Attention', input);
    const weights: Weight[] = [];
    if (a.bool('use_scale')) weights.push(variable(ctx.layerName, 'scale', []));
    if (mode === 'concat') weights.push(variable(ctx.layerName, 'concat_score_weight', []));
    const outputs = attentionOutputs(query, value, key, input);
    const explain = (): ExplainStep[] => attentionExplain(query, value, key, outputs, mode === 'dot' ? 'dot product' : 'sum of tanh(query + key)');
    return { outputs, multiple: outputs.length > 1, weights, explain };
  },
};

const additiveAttention: LayerSpec = {
  className: 'AdditiveAttention',
  docPath: 'attention_layers/additive_attention',
  params: [
    { name: 'use_scale', default: true },
    { name: 'dropout', default: 0.0 },
  ],
  extraKeywords: ['score_mode', 'seed'],
  construct: (a) => {
    if (a.has('score_mode')) checkScoreMode(a);
  },
  compute: (a, input, ctx) => {
    const { query, value, key } = attentionInputs('AdditiveAttention', input);
    const weights: Weight[] = [];
    const dim = dimAt(query, -1);
    if (a.bool('use_scale')) weights.push(variable(ctx.layerName, 'scale', [dim]));
    const outputs = attentionOutputs(query, value, key, input);
    const explain = (): ExplainStep[] => {
      const steps = attentionExplain(query, value, key, outputs, 'sum over features of scale · tanh(query + key)');
      if (weights.length > 0) steps.push({ label: 'scale', text: `(${formatDim(dim)},): one weight per query feature` });
      return steps;
    };
    return { outputs, multiple: outputs.length > 1, weights, explain };
  },
};

export const specs: LayerSpec[] = [...einsumSpecs, multiHeadAttention, groupQueryAttention, attention, additiveAttention];
