// ConvLSTM1D/2D/3D (an LSTM whose gates are convolutions), and small helpers
// the other recurrent layers in recurrent.ts share with them.
//
//   ConvLSTM2D(32, 3) on (None, 10, 64, 64, 16) → (None, 62, 62, 32):
//   kernel (3, 3, 16, 128), recurrent_kernel (3, 3, 32, 128), bias (128,)
//   = 55,424 params; return_sequences=True keeps the time axis: (None, 10, 62, 62, 32).
import { checkActivation } from '../activations';
import type { ArgReader } from '../args';
import { convOutputLength, type Padding } from '../convArithmetic';
import { LayerError, fail, failConstruct } from '../errors';
import { formatShape, pyRepr } from '../format';
import { checkInputSpec, singleInput } from '../shapeUtils';
import type { LayerComputation, LayerSpec, ParamDef } from '../spec';
import type { Dim, ExplainStep, Shape, Weight } from '../types';

/** Keras refuses a variable whose shape has a `None`; the message names its full path. */
export function undefinedDimError(path: string, shape: readonly Dim[]): never {
  throw new LayerError(
    'undefined-dim',
    `Shapes used to initialize variables must be fully-defined (no \`None\` dimensions). Received: shape=${formatShape(shape)} for variable path='${path}'`,
    'call',
    { kind: 'variable', name: path.split('/').pop() ?? path, shape },
  );
}

/** A stateful RNN keeps one state per sample, so it needs the batch size. */
export function statefulBatchCheck(shape: Shape): void {
  if (shape[0] === null || shape[0] === undefined) {
    fail(
      'invalid-argument',
      `When using \`stateful=True\` in a RNN, the batch size must be static. Found dynamic batch size: sequence.shape=${formatShape(shape)}`,
    );
  }
}

/** `trainable=False` makes every weight of the layer (and of its cells) non-trainable. */
export function withTrainable(a: ArgReader, c: LayerComputation): LayerComputation {
  if (a.raw('trainable') !== false) return c;
  return { ...c, weights: c.weights.map((w) => ({ ...w, trainable: false })) };
}

/** Python's str of a numpy int array: `[1 1]`. */
function npArray(xs: readonly number[]): string {
  return `[${xs.join(' ')}]`;
}

function convLstmParams(): ParamDef[] {
  return [
    { name: 'filters' },
    { name: 'kernel_size' },
    { name: 'strides', default: 1 },
    { name: 'padding', default: 'valid' },
    { name: 'data_format', default: null },
    { name: 'dilation_rate', default: 1 },
    { name: 'activation', default: 'tanh' },
    { name: 'recurrent_activation', default: 'sigmoid' },
    { name: 'use_bias', default: true },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'recurrent_initializer', default: 'orthogonal' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'unit_forget_bias', default: true },
    { name: 'kernel_regularizer', default: null },
    { name: 'recurrent_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'activity_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'recurrent_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'dropout', default: 0.0 },
    { name: 'recurrent_dropout', default: 0.0 },
    { name: 'seed', default: null },
    { name: 'return_sequences', default: false },
    { name: 'return_state', default: false },
    { name: 'go_backwards', default: false },
    { name: 'stateful', default: false },
  ];
}

interface ConvLstmConfig {
  readonly filters: number;
  readonly kernel: number[];
  readonly strides: number[];
  /** A list/tuple padding passes the constructor and fails when the shape is computed. */
  readonly padding: Padding | readonly unknown[];
  readonly dataFormat: 'channels_last' | 'channels_first';
  readonly dilation: number[];
}

/** The checks of ConvLSTMCell's constructor. */
function readConfig(a: ArgReader, rank: number, defaultFormat: 'channels_last' | 'channels_first'): ConvLstmConfig {
  const filters = a.int('filters');
  const kernel = a.intTuple('kernel_size', rank);
  const strides = a.intTuple('strides', rank, true);
  const p = a.get('padding');
  let padding: Padding | readonly unknown[];
  if (Array.isArray(p)) padding = p as readonly unknown[];
  else if (typeof p === 'string' && (p.toLowerCase() === 'valid' || p.toLowerCase() === 'same')) {
    padding = p.toLowerCase() as Padding;
  } else if (typeof p === 'string') {
    failConstruct(
      'invalid-argument',
      `The \`padding\` argument must be a list/tuple or one of {'valid', 'same'}. Received: ${p.toLowerCase()}`,
    );
  } else {
    failConstruct('invalid-argument', `The \`padding\` argument must be a list/tuple or one of {'valid', 'same'}. Received: ${pyRepr(p)}`);
  }
  const dataFormat = a.dataFormat(defaultFormat);
  const dilation = a.intTuple('dilation_rate', rank);
  if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
    failConstruct(
      'invalid-argument',
      `Specifying \`strides > 1\` is not compatible with \`dilation_rate > 1\`. Please provide \`strides=1\` or \`dilation_rate=1\`. Received: strides=${pyRepr(strides)} and dilation_rate=${pyRepr(dilation)}`,
    );
  }
  checkActivation(a, 'activation');
  checkActivation(a, 'recurrent_activation');
  return { filters, kernel, strides, padding, dataFormat, dilation };
}

const AXIS_NAMES: Record<number, readonly string[]> = {
  1: ['steps'],
  2: ['height', 'width'],
  3: ['depth', 'height', 'width'],
};

function convLstmSpec(rank: 1 | 2 | 3): LayerSpec {
  const className = `ConvLSTM${rank}D`;
  return {
    className,
    params: convLstmParams(),
    extraKeywords: ['unroll', 'zero_output_for_mask'],
    docPath: `recurrent_layers/conv_lstm${rank}d`,
    construct: (a, ctx) => {
      readConfig(a, rank, ctx.config.imageDataFormat);
    },
    compute: (a, input, ctx) => {
      const cfg = readConfig(a, rank, ctx.config.imageDataFormat);
      const shape = singleInput(input, ctx);
      checkInputSpec(shape, { ndim: rank + 3 }, ctx);
      const batch = shape[0];
      const steps = shape[1];
      const step: Shape = [batch, ...shape.slice(2)];
      const last = cfg.dataFormat === 'channels_last';
      const spatial = last ? step.slice(1, -1) : step.slice(2);
      const channels = last ? step[step.length - 1] : step[1];
      if (spatial.some((d) => d === null)) {
        fail(
          'incompatible-input',
          `ConvLSTM layers only support static input shapes for the spatial dimension. Received invalid input shape: input_shape=${formatShape(step)}`,
        );
      }
      if (channels === null) {
        fail(
          'undefined-dim',
          `The channel dimension of the inputs (last axis) should be defined. Found None. Full input shape received: input_shape=${formatShape(step)}`,
        );
      }
      const f = cfg.filters;
      const weights: Weight[] = [
        { name: 'conv_lstm_cell/kernel', shape: [...cfg.kernel, channels, 4 * f], trainable: true },
        { name: 'conv_lstm_cell/recurrent_kernel', shape: [...cfg.kernel, f, 4 * f], trainable: true },
      ];
      if (a.bool('use_bias')) weights.push({ name: 'conv_lstm_cell/bias', shape: [4 * f], trainable: true });
      if (a.bool('stateful')) statefulBatchCheck(shape);

      if (Array.isArray(cfg.padding)) {
        fail('invalid-argument', `\`padding\` must be either \`'valid'\` or \`'same'\`. Received ${pyRepr(cfg.padding as never)}.`);
      }
      const padding = cfg.padding as Padding;
      const names = AXIS_NAMES[rank];
      const explain: ExplainStep[] = [];
      const outSpatial: Dim[] = spatial.map((d, i) => {
        const r = convOutputLength(d, cfg.kernel[i], cfg.strides[i], padding, cfg.dilation[i]);
        explain.push({ label: names[i], text: r.formula });
        return r.length;
      });
      if (padding === 'valid' && outSpatial.some((d) => d !== null && d <= 0)) {
        fail(
          'negative-dim',
          `Computed output size would be zero or negative. Received \`inputs shape=${formatShape(step)}\`, \`kernel shape=${formatShape([...cfg.kernel, channels, f])}\`, \`dilation_rate=${npArray(cfg.dilation)}\`, \`strides=${pyRepr(cfg.strides)}\`, \`padding=${padding}\`.`,
        );
      }
      const state: Shape = last ? [...outSpatial, f] : [f, ...outSpatial];
      explain.push(
        {
          label: 'kernel',
          text: `${formatShape(weights[0].shape)}: 4 gates × ${f} filters, each spanning all ${channels} input channels`,
        },
        {
          label: 'recurrent',
          text: `${formatShape(weights[1].shape)}: the previous state (${f} channels) is convolved with 'same' padding`,
        },
      );
      const returnSequences = a.bool('return_sequences');
      const out: Shape = returnSequences ? [batch, steps, ...state] : [batch, ...state];
      explain.push({
        label: 'output',
        text: returnSequences
          ? `return_sequences=True: one feature map per timestep → ${formatShape(out)}`
          : `return_sequences=False: only the last timestep's feature map → ${formatShape(out)}`,
      });
      if (a.bool('return_state')) {
        const s: Shape = [batch, ...state];
        explain.push({ label: 'return_state', text: `return_state=True: a list [output, state_h, state_c], each state ${formatShape(s)}` });
        return withTrainable(a, { outputs: [out, s, s], multiple: true, weights, explain });
      }
      return withTrainable(a, { outputs: [out], weights, explain });
    },
  };
}

export const convLstmSpecs: LayerSpec[] = [convLstmSpec(1), convLstmSpec(2), convLstmSpec(3)];
