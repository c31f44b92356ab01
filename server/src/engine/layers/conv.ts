// Convolution layers: Conv1D/2D/3D, their transposes, SeparableConv1D/2D and
// DepthwiseConv1D/2D, with Keras's constructor and build-time checks.
//   Conv2D(24, (8, 8), strides=2) on (None, 128, 128, 3) → (None, 61, 61, 24):
//   height floor((128 − 8) / 2) + 1 = 61; kernel (8, 8, 3, 24) spans all 3
//   input channels; 8·8·3·24 + 24 = 4,632 params.
import { checkActivation } from '../activations';
import { argumentTeaching, type ArgReader } from '../args';
import { convOutputLength, convTransposeOutputLength, effectiveKernel, type LengthStep, type Padding } from '../convArithmetic';
import { fail, failConstruct } from '../errors';
import { formatShape, pyRepr, pyStr } from '../format';
import { checkInputSpec, singleInput, weight } from '../shapeUtils';
import type { EngineContext, LayerComputation, LayerSpec, ParamDef } from '../spec';
import type { Dim, ExplainStep, LayerInput, PyValue, Shape, Weight } from '../types';

type Kind = 'conv' | 'transpose' | 'depthwise' | 'separable';
type Rank = 1 | 2 | 3;
type DataFormat = 'channels_last' | 'channels_first';

/** Everything Keras's constructor settles, after its checks. */
interface ConvConfig {
  readonly className: string;
  readonly kind: Kind;
  readonly rank: Rank;
  /** `None` passes Keras's constructor; the kernel then cannot be built. */
  readonly filters: number | null;
  readonly depthMultiplier: number | null;
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilation: readonly number[];
  /** null when a list/tuple was passed: Keras's constructor lets it through, the shape computation rejects it. */
  readonly padding: Padding | null;
  readonly paddingRaw: PyValue;
  readonly outputPadding: readonly number[] | null;
  readonly dataFormat: DataFormat;
  readonly groups: number;
  readonly useBias: boolean;
  readonly loraRank: number | null;
  readonly hasKernelConstraint: boolean;
}

const SPATIAL_LABELS: Readonly<Record<Rank, readonly string[]>> = {
  1: ['steps'],
  2: ['height', 'width'],
  3: ['depth', 'height', 'width'],
};

function tupleText(xs: readonly number[]): string {
  return formatShape(xs);
}

/** numpy prints an int array as `[1 1]`; Keras's message shows dilation that way. */
function numpyText(xs: readonly number[]): string {
  return `[${xs.join(' ')}]`;
}

function windowText(kernel: readonly number[]): string {
  return kernel.join('×');
}

/** `an 8×8 window`, `a 3-step window`: numbers read aloud as "eight", "eleven", "eighteen" take "an". */
function windowPhrase(kernel: readonly number[]): string {
  const text = kernel.length === 1 ? `${kernel[0]}-step` : windowText(kernel);
  const article = /^(8|11(?!\d)|18(?!\d))/.test(text) ? 'an' : 'a';
  return `${article} ${text} window`;
}

function plural(n: number | null, word: string): string {
  if (n === null) return `an unknown number of ${word}s`;
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `all 3 input channels`, but `the 1 input channel`. */
function allOf(n: number | null, word: string): string {
  return n === 1 ? `the 1 ${word}` : `all ${plural(n, word)}`;
}

// ---------------------------------------------------------------------------
// Constructor

const PADDINGS: readonly Padding[] = ['valid', 'same'];
const PADDINGS_CAUSAL: readonly Padding[] = ['valid', 'same', 'causal'];

/** Keras's `standardize_padding`: a string (case-insensitive) from the allowed set, or a list/tuple passed through. */
function readPadding(a: ArgReader, allowCausal: boolean): Padding | null {
  const v = a.get('padding');
  if (Array.isArray(v)) return null;
  const allowed: readonly Padding[] = allowCausal ? PADDINGS_CAUSAL : PADDINGS;
  const setText = (): string => `{${allowed.map((p) => `'${p}'`).join(', ')}}`;
  if (typeof v !== 'string') {
    failConstruct(
      'invalid-argument',
      `The \`padding\` argument must be a list/tuple or one of ${setText()}. Received: ${pyStr(v)}`,
      argumentTeaching('padding', v, { type: 'one of', options: allowed }),
    );
  }
  const p = v === 'valid' || v === 'same' ? v : v.toLowerCase();
  if (!(allowed as readonly string[]).includes(p)) {
    const hint = p === 'causal' ? ` (only Conv1D accepts padding='causal')` : '';
    failConstruct('invalid-argument', `The \`padding\` argument must be a list/tuple or one of ${setText()}. Received: ${p}${hint}`, argumentTeaching('padding', v, { type: 'one of', options: allowed }));
  }
  return p as Padding;
}

/** `filters` / `depth_multiplier`: None passes, anything else must be a positive integer. */
function optionalPositive(a: ArgReader, name: string): number | null {
  const v = a.getInteger(name);
  if (v === null) return null;
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  if (typeof n !== 'number') a.invalid(name, 'an integer');
  if (n <= 0) {
    failConstruct(
      'invalid-argument',
      `Invalid value for argument \`${name}\`. Expected a strictly positive value. Received ${name}=${pyRepr(v)}.`,
      argumentTeaching(name, v, { type: 'positive integer' }),
    );
  }
  if (!Number.isInteger(n)) a.invalid(name, 'an integer');
  return n;
}

function checkStridesWithDilation(strides: readonly number[], dilation: readonly number[]): void {
  if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
    failConstruct(
      'invalid-argument',
      `\`strides > 1\` not supported in conjunction with \`dilation_rate > 1\`. Received: strides=${tupleText(strides)} and dilation_rate=${tupleText(dilation)}`,
    );
  }
}

function readConfig(a: ArgReader, className: string, kind: Kind, rank: Rank, ctx: EngineContext): ConvConfig {
  const kernel = a.intTuple('kernel_size', rank);
  const strides = a.intTuple('strides', rank);
  const dilation = a.intTuple('dilation_rate', rank);
  const padding = readPadding(a, kind === 'conv' && rank === 1);
  const paddingRaw = a.raw('padding');
  let outputPadding: number[] | null = null;
  if (kind === 'transpose' && a.get('output_padding') !== null) outputPadding = a.intTuple('output_padding', rank, true);
  const dataFormat = a.dataFormat(ctx.config.imageDataFormat);
  checkActivation(a);

  let filters: number | null = null;
  let depthMultiplier: number | null = null;
  let groups = 1;
  if (kind === 'depthwise' || kind === 'separable') depthMultiplier = optionalPositive(a, 'depth_multiplier');
  if (kind !== 'depthwise') filters = optionalPositive(a, 'filters');
  if (kind === 'conv') {
    groups = a.int('groups');
    if (groups <= 0) {
      failConstruct('invalid-argument', `The number of groups must be a positive integer. Received: groups=${groups}.`);
    }
    if (filters !== null && filters % groups !== 0) {
      failConstruct(
        'invalid-argument',
        `The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`,
      );
    }
  }
  if (outputPadding !== null) {
    outputPadding.forEach((op, i) => {
      if (op >= strides[i]) {
        failConstruct(
          'invalid-argument',
          `\`output_padding\` must be strictly less than \`strides\` for all dimensions. At dimension ${i}, \`output_padding\` is ${op} but \`strides\` is ${strides[i]}. Received: output_padding=${tupleText(outputPadding ?? [])}, strides=${tupleText(strides)}`,
        );
      }
    });
  }
  if (kind === 'conv' || kind === 'transpose') checkStridesWithDilation(strides, dilation);

  let loraRank: number | null = null;
  if (kind === 'conv') {
    const r = a.get('lora_rank');
    if (r !== null && r !== false && r !== 0) loraRank = a.positiveInt('lora_rank');
  }
  return {
    className,
    kind,
    rank,
    filters,
    depthMultiplier,
    kernel,
    strides,
    dilation,
    padding,
    paddingRaw,
    outputPadding,
    dataFormat,
    groups,
    useBias: a.bool('use_bias'),
    loraRank,
    hasKernelConstraint: kind === 'conv' && a.raw('kernel_constraint') !== null,
  };
}

// ---------------------------------------------------------------------------
// Call time

interface InputView {
  readonly shape: Shape;
  readonly channelAxis: number;
  readonly channels: Dim;
  readonly spatial: readonly Dim[];
}

function viewInput(cfg: ConvConfig, input: LayerInput, ctx: EngineContext): InputView {
  const shape = singleInput(input, ctx);
  checkInputSpec(shape, { minNdim: cfg.rank + 2, layout: layoutOf(cfg) }, ctx);
  const cf = cfg.dataFormat === 'channels_first';
  const channelAxis = cf ? 1 : shape.length - 1;
  return {
    shape,
    channelAxis,
    channels: shape[channelAxis],
    spatial: cf ? shape.slice(2) : shape.slice(1, -1),
  };
}

function outputShape(cfg: ConvConfig, view: InputView, lengths: readonly Dim[], outChannels: Dim): Dim[] {
  return cfg.dataFormat === 'channels_first'
    ? [view.shape[0], outChannels, ...lengths]
    : [view.shape[0], ...lengths, outChannels];
}

function channelAxisText(cfg: ConvConfig): string {
  return cfg.dataFormat === 'channels_first' ? 'axis 1' : 'axis -1';
}

/** Keras computes with the channel count before creating weights; a `None` there is a TypeError. */
function requireChannels(cfg: ConvConfig, view: InputView, operator: '%' | '*'): number {
  if (view.channels !== null) return view.channels;
  const pyOp = operator === '%' ? `unsupported operand type(s) for %: 'NoneType' and 'int'` : `unsupported operand type(s) for *: 'int' and 'NoneType'`;
  fail(
    'undefined-dim',
    `${pyOp}: ${cfg.className} needs a known number of input channels, but the channel axis (${channelAxisText(cfg)}, ${cfg.dataFormat}) of the input is None. Full input shape: ${formatShape(view.shape)}`,
  );
}

/** The axes a convolution reads: `(batch, height, width, channels)`. */
function layoutOf(cfg: ConvConfig): string {
  const labels = SPATIAL_LABELS[cfg.rank].join(', ');
  return cfg.dataFormat === 'channels_first' ? `(batch, channels, ${labels})` : `(batch, ${labels}, channels)`;
}

function rankHint(cfg: ConvConfig): string {
  return `${cfg.className} expects a rank-${cfg.rank + 2} input ${layoutOf(cfg)}.`;
}

/**
 * Keras's `compute_conv_output_shape`: the rank check against the kernel,
 * then per-axis lengths, rejecting zero or negative ones under `valid`.
 */
function forwardLengths(cfg: ConvConfig, view: InputView, checkKernel: readonly Dim[]): LengthStep[] {
  if (checkKernel.length !== view.shape.length) {
    fail(
      'incompatible-input',
      `Kernel shape must have the same length as input, but received kernel of shape ${formatShape(checkKernel)} and input of shape ${formatShape(view.shape)}. ${rankHint(cfg)}`,
    );
  }
  if (cfg.padding === null) {
    fail('invalid-argument', `\`padding\` must be either \`'valid'\` or \`'same'\`. Received ${pyStr(cfg.paddingRaw)}.`);
  }
  const padding = cfg.padding;
  const steps = view.spatial.map((d, i) => convOutputLength(d, cfg.kernel[i], cfg.strides[i], padding, cfg.dilation[i]));
  if (padding === 'valid' && steps.some((s) => s.length !== null && s.length <= 0)) {
    const labels = SPATIAL_LABELS[cfg.rank];
    const why = steps
      .map((s, i) => (s.length !== null && s.length <= 0 ? `${labels[i]}: ${s.formula}` : ''))
      .filter((t) => t !== '')
      .join('; ');
    fail(
      'negative-dim',
      `Computed output size would be zero or negative. Received \`inputs shape=${formatShape(view.shape)}\`, \`kernel shape=${formatShape(checkKernel)}\`, \`dilation_rate=${numpyText(cfg.dilation)}\`, \`strides=${tupleText(cfg.strides)}\`, \`padding=${padding}\`. The kernel is larger than the input (${why}); use padding='same' or a smaller kernel.`,
      {
        kind: 'output-size',
        window: 'kernel',
        shape: view.shape,
        axes: steps.flatMap((s, i) =>
          s.length !== null && s.length <= 0 ? [{ label: labels[i], input: view.spatial[i] as number, window: effectiveKernel(cfg.kernel[i], cfg.dilation[i]), formula: s.formula }] : [],
        ),
      },
    );
  }
  return steps;
}

function axisSteps(cfg: ConvConfig, steps: readonly LengthStep[]): ExplainStep[] {
  const labels = SPATIAL_LABELS[cfg.rank];
  return steps.map((s, i) => ({ label: labels[i], text: s.formula }));
}

/** The first explanation steps of every convolution: Conv1D's reading of its input, then each spatial axis. */
function axisNotes(cfg: ConvConfig, view: InputView, steps: readonly LengthStep[]): ExplainStep[] {
  const notes = cfg.rank === 1 ? [conv1dInputNote(cfg, view)] : [];
  notes.push(...axisSteps(cfg, steps));
  return notes;
}

function conv1dInputNote(cfg: ConvConfig, view: InputView): ExplainStep {
  const steps = view.spatial[0];
  const ch = view.channels;
  if (cfg.dataFormat === 'channels_first') {
    return {
      label: 'input',
      text: `${cfg.className} with channels_first reads ${formatShape(view.shape)} as (batch, channels, steps): ${plural(steps, 'step')} of ${plural(ch, 'channel')}`,
    };
  }
  const action =
    cfg.kind === 'transpose'
      ? `it upsamples ${plural(steps, 'step')} of ${plural(ch, 'channel')}`
      : `it slides along ${plural(steps, 'step')}, each window covering ${allOf(ch, 'channel')}`;
  let text = `${cfg.className} reads ${formatShape(view.shape)} as (batch, steps, channels): ${action}`;
  if (steps !== null && ch !== null && ch > steps) {
    text += `. If your data is (channels, steps), pass data_format='channels_first' or add Permute((2, 1)) first`;
  }
  return { label: 'input', text };
}

function loraWeights(cfg: ConvConfig, kernelShape: readonly Dim[], filters: Dim): Weight[] {
  if (cfg.loraRank === null) return [];
  if (cfg.hasKernelConstraint) {
    fail('invalid-argument', 'Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the `kernel_constraint` argument.');
  }
  return [
    weight('lora_kernel_a', [...kernelShape.slice(0, -1), cfg.loraRank]),
    weight('lora_kernel_b', [cfg.loraRank, filters]),
  ];
}

function computeConv(cfg: ConvConfig, input: LayerInput, ctx: EngineContext): LayerComputation {
  const view = viewInput(cfg, input, ctx);
  const inCh = requireChannels(cfg, view, '%');
  if (inCh % cfg.groups !== 0) {
    fail(
      'incompatible-input',
      `The number of input channels must be evenly divisible by the number of groups. Received groups=${cfg.groups}, but the input has ${inCh} channels (full input shape is ${formatShape(view.shape)}).`,
    );
  }
  const perGroup = inCh / cfg.groups;
  const steps = forwardLengths(cfg, view, [...cfg.kernel, inCh, cfg.filters]);
  const kernelShape: Dim[] = [...cfg.kernel, perGroup, cfg.filters];
  const kernelWeight = weight('kernel', kernelShape, cfg.loraRank === null);
  const weights: Weight[] = [kernelWeight];
  if (cfg.useBias) weights.push(weight('bias', [cfg.filters]));
  weights.push(...loraWeights(cfg, kernelShape, cfg.filters));

  const filters = cfg.filters as number;
  // The explanation is built only when it is read.
  const explain = (): ExplainStep[] => {
    const notes = axisNotes(cfg, view, steps);
    const k = formatShape(kernelShape);
    let kernelText: string;
    if (cfg.groups === 1) {
      const like =
        cfg.rank === 1 && cfg.dataFormat === 'channels_last'
          ? ` (the same weights as Conv2D(${filters}, (${cfg.kernel[0]}, ${inCh})) on a (steps, ${inCh}, 1) image)`
          : '';
      const span =
        cfg.rank === 1
          ? `${plural(cfg.kernel[0], 'step')} × ${allOf(inCh, 'input channel')}`
          : `${windowPhrase(cfg.kernel)} over ${allOf(inCh, 'input channel')}`;
      kernelText = `${k}: each of the ${filters} filters spans ${span}${like}, so the channel axis becomes the filters axis (${inCh} → ${filters})`;
    } else {
      kernelText = `${k}: groups=${cfg.groups} splits the ${inCh} input channels into ${cfg.groups} groups of ${perGroup}; each filter spans ${windowPhrase(cfg.kernel)} over the ${plural(perGroup, 'channel')} of its group, and the channel axis becomes the filters axis (${inCh} → ${filters})`;
    }
    notes.push({ label: 'kernel', text: kernelText });
    if (cfg.loraRank !== null) {
      notes.push({ label: 'lora', text: `lora_rank=${cfg.loraRank}: the kernel is frozen (non-trainable) and two low-rank matrices are trained instead` });
    }
    return notes;
  };
  return { outputs: [outputShape(cfg, view, steps.map((s) => s.length), filters)], weights, explain };
}

function transposeRule(padding: 'valid' | 'same', hasOutputPadding: boolean): string {
  if (padding === 'valid') {
    return hasOutputPadding
      ? 'valid means pad = 0'
      : 'valid means pad = 0, and Keras defaults output_padding to max(kernel, stride) − kernel';
  }
  return hasOutputPadding
    ? "with padding='same' Keras pads so that the result is (in − 1)·stride + (kernel mod 2) + output_padding"
    : "with padding='same' and no output_padding Keras pads so that the result is exactly in·stride";
}

function computeTranspose(cfg: ConvConfig, input: LayerInput, ctx: EngineContext): LayerComputation {
  const view = viewInput(cfg, input, ctx);
  // Keras creates the kernel before computing any length.
  const kernelShape: Dim[] = [...cfg.kernel, cfg.filters, view.channels];
  const weights: Weight[] = [weight('kernel', kernelShape)];
  if (cfg.useBias) weights.push(weight('bias', [cfg.filters]));
  if (view.spatial.length > cfg.rank) {
    fail(
      'incompatible-input',
      `tuple index out of range: the input ${formatShape(view.shape)} has ${view.spatial.length} spatial axes but the kernel has ${cfg.rank}. ${rankHint(cfg)}`,
    );
  }
  if (cfg.padding === null || cfg.padding === 'causal') {
    fail('invalid-argument', `The \`padding\` argument must be one of 'valid', 'same'. Received: padding=${pyStr(cfg.paddingRaw)}`);
  }
  const padding = cfg.padding;
  const steps = view.spatial.map((d, i) =>
    convTransposeOutputLength(d, cfg.kernel[i], cfg.strides[i], padding, cfg.outputPadding?.[i] ?? null, cfg.dilation[i]),
  );
  const filters = cfg.filters as number;
  const inCh = view.channels as number;
  // The explanation is built only when it is read.
  const explain = (): ExplainStep[] => {
    const notes = axisNotes(cfg, view, steps);
    notes.push({
      label: 'rule',
      text: `transposed length = (in − 1)·stride + kernel − 2·pad + output_padding; ${transposeRule(padding, cfg.outputPadding !== null)}`,
    });
    notes.push({
      label: 'kernel',
      text: `${formatShape(kernelShape)}: transposed kernels are stored as (window…, filters, input channels); each of the ${filters} filters spans ${windowPhrase(cfg.kernel)} over ${allOf(inCh, 'input channel')}, so the channel axis becomes the filters axis (${inCh} → ${filters})`,
    });
    return notes;
  };
  return { outputs: [outputShape(cfg, view, steps.map((s) => s.length), filters)], weights, explain };
}

function computeDepthwise(cfg: ConvConfig, input: LayerInput, ctx: EngineContext): LayerComputation {
  const view = viewInput(cfg, input, ctx);
  const inCh = requireChannels(cfg, view, '*');
  const dm = cfg.depthMultiplier;
  if (dm === null) fail('invalid-argument', `unsupported operand type(s) for *: 'NoneType' and 'int': depth_multiplier is None`);
  const outCh = dm * inCh;
  const steps = forwardLengths(cfg, view, [...cfg.kernel, inCh, outCh]);
  const kernelShape = [...cfg.kernel, inCh, dm];
  const weights: Weight[] = [weight('kernel', kernelShape)];
  if (cfg.useBias) weights.push(weight('bias', [outCh]));
  // The explanation is built only when it is read.
  const explain = (): ExplainStep[] => {
    const notes = axisNotes(cfg, view, steps);
    notes.push({
      label: 'kernel',
      text: `${formatShape(kernelShape)}: a separate ${windowText(cfg.kernel)} filter for each of the ${inCh} input channels (depth_multiplier=${dm}); channels are not mixed, so the output has ${inCh}·${dm} = ${outCh} channels`,
    });
    return notes;
  };
  return { outputs: [outputShape(cfg, view, steps.map((s) => s.length), outCh)], weights, explain };
}

function computeSeparable(cfg: ConvConfig, input: LayerInput, ctx: EngineContext): LayerComputation {
  const view = viewInput(cfg, input, ctx);
  const inCh = requireChannels(cfg, view, '*');
  const dm = cfg.depthMultiplier;
  if (dm === null) fail('invalid-argument', `unsupported operand type(s) for *: 'NoneType' and 'int': depth_multiplier is None`);
  const depthwiseShape = [...cfg.kernel, inCh, dm];
  const pointwiseShape: Dim[] = [...cfg.kernel.map(() => 1), dm * inCh, cfg.filters];
  const steps = forwardLengths(cfg, view, [...cfg.kernel, inCh, cfg.filters]);
  const weights: Weight[] = [weight('depthwise_kernel', depthwiseShape), weight('pointwise_kernel', pointwiseShape)];
  if (cfg.useBias) weights.push(weight('bias', [cfg.filters]));
  const filters = cfg.filters as number;
  // The explanation is built only when it is read.
  const explain = (): ExplainStep[] => {
    const notes = axisNotes(cfg, view, steps);
    notes.push({
      label: 'depthwise',
      text: `${formatShape(depthwiseShape)}: one ${windowText(cfg.kernel)} filter per input channel (${inCh} channels × depth_multiplier ${dm} = ${inCh * dm})`,
    });
    notes.push({
      label: 'pointwise',
      text: `${formatShape(pointwiseShape)}: a ${cfg.kernel.map(() => '1').join('×')} convolution mixing the ${inCh * dm} depthwise outputs into ${filters} filters`,
    });
    return notes;
  };
  return { outputs: [outputShape(cfg, view, steps.map((s) => s.length), filters)], weights, explain };
}

// ---------------------------------------------------------------------------
// Specs

const p = (name: string, dflt?: PyValue): ParamDef => (dflt === undefined ? { name } : { name, default: dflt });

function ones(rank: Rank): PyValue {
  return rank === 1 ? 1 : new Array<number>(rank).fill(1);
}

function convParams(rank: Rank): ParamDef[] {
  return [
    p('filters'),
    p('kernel_size'),
    p('strides', ones(rank)),
    p('padding', 'valid'),
    p('data_format', null),
    p('dilation_rate', ones(rank)),
    p('groups', 1),
    p('activation', null),
    p('use_bias', true),
    p('kernel_initializer', 'glorot_uniform'),
    p('bias_initializer', 'zeros'),
    p('kernel_regularizer', null),
    p('bias_regularizer', null),
    p('activity_regularizer', null),
    p('kernel_constraint', null),
    p('bias_constraint', null),
  ];
}

function transposeParams(rank: Rank): ParamDef[] {
  const formatAndPadding =
    rank === 3
      ? [p('data_format', null), p('output_padding', null)]
      : [p('output_padding', null), p('data_format', null)];
  return [
    p('filters'),
    p('kernel_size'),
    p('strides', ones(rank)),
    p('padding', 'valid'),
    ...formatAndPadding,
    p('dilation_rate', ones(rank)),
    p('activation', null),
    p('use_bias', true),
    p('kernel_initializer', 'glorot_uniform'),
    p('bias_initializer', 'zeros'),
    p('kernel_regularizer', null),
    p('bias_regularizer', null),
    p('activity_regularizer', null),
    p('kernel_constraint', null),
    p('bias_constraint', null),
  ];
}

function depthwiseParams(rank: Rank): ParamDef[] {
  return [
    p('kernel_size'),
    p('strides', ones(rank)),
    p('padding', 'valid'),
    p('depth_multiplier', 1),
    p('data_format', null),
    p('dilation_rate', ones(rank)),
    p('activation', null),
    p('use_bias', true),
    p('depthwise_initializer', 'glorot_uniform'),
    p('bias_initializer', 'zeros'),
    p('depthwise_regularizer', null),
    p('bias_regularizer', null),
    p('activity_regularizer', null),
    p('depthwise_constraint', null),
    p('bias_constraint', null),
  ];
}

function separableParams(rank: Rank): ParamDef[] {
  return [
    p('filters'),
    p('kernel_size'),
    p('strides', ones(rank)),
    p('padding', 'valid'),
    p('data_format', null),
    p('dilation_rate', ones(rank)),
    p('depth_multiplier', 1),
    p('activation', null),
    p('use_bias', true),
    p('depthwise_initializer', 'glorot_uniform'),
    p('pointwise_initializer', 'glorot_uniform'),
    p('bias_initializer', 'zeros'),
    p('depthwise_regularizer', null),
    p('pointwise_regularizer', null),
    p('bias_regularizer', null),
    p('activity_regularizer', null),
    p('depthwise_constraint', null),
    p('pointwise_constraint', null),
    p('bias_constraint', null),
  ];
}

const COMPUTE: Readonly<Record<Kind, (cfg: ConvConfig, input: LayerInput, ctx: EngineContext) => LayerComputation>> = {
  conv: computeConv,
  transpose: computeTranspose,
  depthwise: computeDepthwise,
  separable: computeSeparable,
};

const PARAMS: Readonly<Record<Kind, (rank: Rank) => ParamDef[]>> = {
  conv: convParams,
  transpose: transposeParams,
  depthwise: depthwiseParams,
  separable: separableParams,
};

function convSpec(className: string, kind: Kind, rank: Rank, docPath: string, aliases: readonly string[]): LayerSpec {
  return {
    className,
    aliases,
    docPath,
    params: PARAMS[kind](rank),
    // BaseConv forwards its own LoRA keywords through Conv1D/2D/3D's **kwargs.
    extraKeywords: kind === 'conv' ? ['lora_rank', 'lora_alpha'] : undefined,
    construct: (a, ctx) => {
      readConfig(a, className, kind, rank, ctx);
    },
    compute: (a, input, ctx) => COMPUTE[kind](readConfig(a, className, kind, rank, ctx), input, ctx),
  };
}

export const specs: LayerSpec[] = [
  convSpec('Conv1D', 'conv', 1, 'convolution_layers/convolution1d', ['Convolution1D']),
  convSpec('Conv2D', 'conv', 2, 'convolution_layers/convolution2d', ['Convolution2D']),
  convSpec('Conv3D', 'conv', 3, 'convolution_layers/convolution3d', ['Convolution3D']),
  convSpec('Conv1DTranspose', 'transpose', 1, 'convolution_layers/convolution1d_transpose', ['Convolution1DTranspose']),
  convSpec('Conv2DTranspose', 'transpose', 2, 'convolution_layers/convolution2d_transpose', ['Convolution2DTranspose']),
  convSpec('Conv3DTranspose', 'transpose', 3, 'convolution_layers/convolution3d_transpose', ['Convolution3DTranspose']),
  convSpec('SeparableConv1D', 'separable', 1, 'convolution_layers/separable_convolution1d', ['SeparableConvolution1D']),
  convSpec('SeparableConv2D', 'separable', 2, 'convolution_layers/separable_convolution2d', ['SeparableConvolution2D']),
  convSpec('DepthwiseConv1D', 'depthwise', 1, 'convolution_layers/depthwise_convolution1d', []),
  convSpec('DepthwiseConv2D', 'depthwise', 2, 'convolution_layers/depthwise_convolution2d', []),
];
