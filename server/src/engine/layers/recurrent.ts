// Recurrent layers: SimpleRNN, LSTM, GRU, the generic RNN with its cells
// (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells), and the wrappers
// Bidirectional and TimeDistributed. The ConvLSTM family lives in convLstm.ts.
//
//   LSTM(32) on (None, 10, 8) → (None, 32): 4 gates, kernel (8, 128),
//   recurrent_kernel (32, 128), bias (128,) = 5,248 params.
//   GRU(32) on (None, 10, 8) → 4,032 params (bias (2, 96) with reset_after=True).
//   Bidirectional(LSTM(32)) → (None, 64): two copies, outputs concatenated.
import { checkActivation } from '../activations';
import { bindArguments, isLayerValue, isUnknown, type ArgReader } from '../args';
import { LayerError, fail, failConstruct, unknown } from '../errors';
import { formatShape, pyRepr, snakeCase } from '../format';
import { checkInputSpec, dimMul, singleInput } from '../shapeUtils';
import type { EngineContext, LayerComputation, LayerSpec, ParamDef } from '../spec';
import type { CallArgs, Dim, ExplainStep, LayerArgValue, LayerInput, LayerOk, OutputStructure, PyValue, Shape, Weight } from '../types';
import { convLstmSpecs, statefulBatchCheck, undefinedDimError, withTrainable } from './convLstm';

// ---------------------------------------------------------------------------
// Cells

/** Keras's `state_size`: an int, or a list (LSTM: [h, c]; stacked: one entry per cell). */
type StateSize = number | readonly StateSize[];

interface BuiltCell {
  /** Weight names relative to the cell (`kernel`, or `gru_cell/kernel` inside a stack). */
  readonly weights: readonly Weight[];
  readonly explain: readonly ExplainStep[];
}

/** A constructed cell: what the RNN needs before it sees an input. */
interface CellDef {
  readonly className: string;
  /** The cell's Keras name (`lstm_cell`, `gru_cell_1`, `stacked_rnn_cells`). */
  readonly name: string;
  readonly stateSize: StateSize;
  readonly outputSize: number;
  /** Names of the states for explanations (`state_h`, `state_c`). */
  readonly stateNames: readonly string[];
  /** Creates the weights for a step input `(batch, features)`; `path` is Keras's variable path prefix. */
  build(step: Shape, path: string): BuiltCell;
}

/** Keras's per-prefix name counter (`gru_cell`, `gru_cell_1`, ...) within one analysed layer. */
class Namer {
  private readonly counts = new Map<string, number>();
  auto(prefix: string): string {
    const n = this.counts.get(prefix) ?? 0;
    this.counts.set(prefix, n + 1);
    return n === 0 ? prefix : `${prefix}_${n}`;
  }
  /** The name of a nested layer: its `name=` keyword, else an automatic one. */
  nameOf(args: CallArgs, className: string): string {
    const given = args.keywords.name;
    if (typeof given === 'string') return given;
    return this.auto(snakeCase(className));
  }
}

/** A weight with Keras's refusal of `None` dims, the message naming the full variable path. */
function cellWeight(path: string, name: string, shape: readonly Dim[]): Weight {
  if (shape.some((d) => d === null)) undefinedDimError(`${path}/${name}`, shape);
  return { name, shape: shape as number[], trainable: true };
}

function shapeText(shape: readonly Dim[]): string {
  return formatShape(shape);
}

/** `if units <= 0` in every Keras cell, with its wording. */
function checkUnits(a: ArgReader): number {
  const units = a.int('units');
  if (units <= 0) {
    failConstruct('invalid-argument', `Received an invalid value for argument \`units\`, expected a positive integer, got ${units}.`);
  }
  return units;
}

function checkUseCudnn(a: ArgReader): void {
  const v = a.get('use_cudnn');
  if (v !== 'auto' && v !== true && v !== false && v !== 0 && v !== 1) {
    failConstruct(
      'invalid-argument',
      `Invalid valid received for argument \`use_cudnn\`. Expected one of {'auto', True, False}. Received: use_cudnn=${pyRepr(v)}`,
    );
  }
}

type CellKind = 'SimpleRNNCell' | 'LSTMCell' | 'GRUCell';

/** The gate arithmetic of the three built-in cells. */
function simpleCell(kind: CellKind, a: ArgReader, name: string): CellDef {
  const units = checkUnits(a);
  checkActivation(a, 'activation');
  if (kind !== 'SimpleRNNCell') checkActivation(a, 'recurrent_activation');
  const useBias = a.bool('use_bias');
  const resetAfter = kind === 'GRUCell' ? a.bool('reset_after') : false;
  const gates = kind === 'LSTMCell' ? 4 : kind === 'GRUCell' ? 3 : 1;
  const width = gates * units;
  return {
    className: kind,
    name,
    stateSize: kind === 'LSTMCell' ? [units, units] : units,
    outputSize: units,
    stateNames: kind === 'LSTMCell' ? ['state_h', 'state_c'] : ['state'],
    build(step, path) {
      const inDim = step[step.length - 1] ?? null;
      const weights = [cellWeight(path, 'kernel', [inDim, width]), cellWeight(path, 'recurrent_kernel', [units, width])];
      let biasShape: number[] | undefined;
      if (useBias) {
        biasShape = resetAfter ? [2, width] : [width];
        weights.push(cellWeight(path, 'bias', biasShape));
      }
      const parts = `kernel (${inDim}, ${width}), recurrent (${units}, ${width})${biasShape ? `, bias ${shapeText(biasShape)}` : ''}`;
      const feeds = `input ${inDim} + units ${units}${useBias ? ' + bias' : ''}`;
      let text: string;
      if (kind === 'LSTMCell') text = `4 gates (input, forget, cell, output) × (${feeds}) → ${parts}`;
      else if (kind === 'GRUCell') {
        text = `3 gates (update, reset, candidate) × (${feeds}) → ${parts}`;
        if (useBias) {
          text += resetAfter
            ? `; reset_after=True (Keras 3 default) keeps separate input and recurrent biases: bias (2, ${width})`
            : `; reset_after=False: one bias (${width},)`;
        }
      } else text = `${feeds} → ${parts}`;
      return { weights, explain: [{ label: kind === 'SimpleRNNCell' ? 'weights' : 'gates', text }] };
    },
  };
}

function stackedCell(cells: readonly CellDef[], name: string): CellDef {
  if (cells.length === 0) failConstruct('invalid-argument', 'StackedRNNCells needs at least one cell. Received: cells=[]');
  const last = cells[cells.length - 1];
  return {
    className: 'StackedRNNCells',
    name,
    stateSize: cells.map((c) => c.stateSize),
    outputSize: last.outputSize,
    stateNames: cells.flatMap((c) => c.stateNames.map((s) => `${c.name} ${s}`)),
    build(step, path) {
      const weights: Weight[] = [];
      const explain: ExplainStep[] = [];
      let inShape: Shape = step;
      for (const c of cells) {
        const b = c.build(inShape, `${path}/${c.name}`);
        for (const w of b.weights) weights.push({ ...w, name: `${c.name}/${w.name}` });
        for (const e of b.explain) explain.push({ label: `${c.name} ${e.label}`, text: e.text });
        inShape = [step[0] ?? null, c.outputSize];
      }
      explain.push({
        label: 'stack',
        text: `each cell feeds the next: ${cells.map((c) => `${c.name} (${c.outputSize})`).join(' → ')}`,
      });
      return { weights, explain };
    },
  };
}

const cellParamsTail: ParamDef[] = [
  { name: 'kernel_regularizer', default: null },
  { name: 'recurrent_regularizer', default: null },
  { name: 'bias_regularizer', default: null },
  { name: 'kernel_constraint', default: null },
  { name: 'recurrent_constraint', default: null },
  { name: 'bias_constraint', default: null },
  { name: 'dropout', default: 0.0 },
  { name: 'recurrent_dropout', default: 0.0 },
];
const initParams: ParamDef[] = [
  { name: 'kernel_initializer', default: 'glorot_uniform' },
  { name: 'recurrent_initializer', default: 'orthogonal' },
  { name: 'bias_initializer', default: 'zeros' },
];

const simpleRnnCellParams: ParamDef[] = [
  { name: 'units' },
  { name: 'activation', default: 'tanh' },
  { name: 'use_bias', default: true },
  ...initParams,
  ...cellParamsTail,
  { name: 'seed', default: null },
];
const lstmCellParams: ParamDef[] = [
  { name: 'units' },
  { name: 'activation', default: 'tanh' },
  { name: 'recurrent_activation', default: 'sigmoid' },
  { name: 'use_bias', default: true },
  ...initParams,
  { name: 'unit_forget_bias', default: true },
  ...cellParamsTail,
  { name: 'seed', default: null },
];
const gruCellParams: ParamDef[] = [
  { name: 'units' },
  { name: 'activation', default: 'tanh' },
  { name: 'recurrent_activation', default: 'sigmoid' },
  { name: 'use_bias', default: true },
  ...initParams,
  ...cellParamsTail,
  { name: 'reset_after', default: true },
  { name: 'seed', default: null },
];

/** What a cell returns when called on its own: `(output, new_states)`, flattened. */
function standaloneCell(cell: CellDef, input: LayerInput, ctx: EngineContext): LayerComputation {
  const step = input.shapes[0];
  if (step === undefined) fail('incompatible-input', `Layer '${ctx.layerName}' expects an input tensor.`);
  const built = cell.build(step, ctx.layerName);
  const batch = step[0] ?? null;
  const states = flattenStates(cell.stateSize, batch);
  return {
    outputs: [[batch, cell.outputSize], ...states],
    multiple: true,
    weights: built.weights,
    explain: [...built.explain, { label: 'call', text: `a cell computes one timestep: returns (output, [${cell.stateNames.join(', ')}])` }],
  };
}

function cellSpec(className: CellKind, params: ParamDef[], docPath: string, extra: string[]): LayerSpec {
  return {
    className,
    params,
    extraKeywords: extra,
    docPath,
    construct: (a) => {
      simpleCell(className, a, snakeCase(className));
    },
    compute: (a, input, ctx) => withTrainable(a, standaloneCell(simpleCell(className, a, ctx.layerName), input, ctx)),
  };
}

const cellSpecs: LayerSpec[] = [
  cellSpec('SimpleRNNCell', simpleRnnCellParams, 'recurrent_layers/simple_rnn_cell', []),
  cellSpec('LSTMCell', lstmCellParams, 'recurrent_layers/lstm_cell', ['implementation']),
  cellSpec('GRUCell', gruCellParams, 'recurrent_layers/gru_cell', ['implementation']),
];
const cellSpecByName = new Map<string, LayerSpec>(cellSpecs.map((s) => [s.className, s]));

const stackedSpec: LayerSpec = {
  className: 'StackedRNNCells',
  params: [{ name: 'cells' }],
  docPath: 'recurrent_layers/stacked_rnn_cell',
  construct: (a, ctx) => {
    resolveStacked(a, ctx, new Namer(), 'stacked_rnn_cells');
  },
  compute: (a, input, ctx) => withTrainable(a, standaloneCell(resolveStacked(a, ctx, new Namer(), ctx.layerName), input, ctx)),
};

function resolveStacked(a: ArgReader, ctx: EngineContext, namer: Namer, name: string): CellDef {
  const cells = a.get('cells');
  if (!Array.isArray(cells)) {
    failConstruct('invalid-argument', `StackedRNNCells expects a list of RNN cells. Received: cells=${pyRepr(cells as PyValue)}`);
  }
  const defs = (cells as readonly PyValue[]).map((c) => resolveCell(c, ctx, namer, 'stacked'));
  return stackedCell(defs, name);
}

/**
 * A cell argument (`RNN(cell)`, an item of a list of cells) → its definition,
 * checking what Keras checks: a known layer that is not a cell has no `state_size`.
 */
function resolveCell(v: PyValue, ctx: EngineContext, namer: Namer, where: 'rnn' | 'stacked'): CellDef {
  if (isUnknown(v)) unknown('the RNN cell is not known statically');
  if (Array.isArray(v)) {
    const defs = (v as readonly PyValue[]).map((c) => resolveCell(c, ctx, namer, 'stacked'));
    return stackedCell(defs, namer.auto('stacked_rnn_cells'));
  }
  if (!isLayerValue(v)) {
    failConstruct('invalid-argument', `Argument \`cell\` should have a \`call\` method. Received: cell=${pyRepr(v)}`);
  }
  const spec = cellSpecByName.get(v.className);
  if (spec) {
    const a = bindArguments(spec, v.args);
    return simpleCell(v.className as CellKind, a, namer.nameOf(v.args, v.className));
  }
  if (v.className === 'StackedRNNCells') {
    const a = bindArguments(stackedSpec, v.args);
    const inner = resolveStacked(a, ctx, namer, '');
    return { ...inner, name: namer.nameOf(v.args, 'StackedRNNCells') };
  }
  // A layer the engine knows but that is no cell is a Keras error; an unknown class may be a user's cell.
  const probe = ctx.evaluate(v.className, v.args, { shapes: [[null, 1]], isList: false });
  if (probe.kind === 'unknown') unknown(`${v.className} is not a cell the engine knows`);
  const cellText = `<${v.className} name=${snakeCase(v.className)}, built=False>`;
  if (where === 'stacked') {
    failConstruct('invalid-argument', `All cells must have a \`state_size\` attribute. Received cell without a \`state_size\`: ${cellText}`);
  }
  failConstruct(
    'invalid-argument',
    `The RNN cell should have a \`state_size\` attribute (single integer or list of integers, one integer per RNN state). Received: cell=${cellText}`,
  );
}

// ---------------------------------------------------------------------------
// The RNN loop around a cell

function flattenStates(stateSize: StateSize, batch: Dim): Shape[] {
  const sizes = typeof stateSize === 'number' ? [stateSize] : stateSize;
  const out: Shape[] = [];
  for (const s of sizes) {
    if (typeof s === 'number') out.push([batch, s]);
    else for (const x of s) out.push([batch, typeof x === 'number' ? x : null]);
  }
  return out;
}

/** Keras's nesting of the states when a stacked cell holds an LSTM: `[(b, 8), [(b, 4), (b, 4)]]`; undefined when flat. */
function nestedStates(stateSize: StateSize, batch: Dim): OutputStructure[] | undefined {
  if (typeof stateSize === 'number') return undefined;
  if (!stateSize.some((s) => typeof s !== 'number')) return undefined;
  return stateSize.map((s) =>
    typeof s === 'number' ? [batch, s] : s.map((x): Shape => [batch, typeof x === 'number' ? x : null]),
  );
}

/** The shared body of RNN, SimpleRNN, LSTM and GRU: build the cell on one timestep, then shape the outputs. */
function runRnn(a: ArgReader, cell: CellDef, input: LayerInput, ctx: EngineContext, ndim: number | undefined): LayerComputation {
  const shape = singleInput(input, ctx);
  if (ndim !== undefined) checkInputSpec(shape, { ndim }, ctx);
  const batch = shape[0] ?? null;
  const length = shape.length > 1 ? shape[1] : null;
  const step: Shape = [batch, ...shape.slice(2)];
  const built = cell.build(step, `${ctx.layerName}/${cell.name}`);
  const weights = built.weights.map((w) => ({ ...w, name: `${cell.name}/${w.name}` }));
  const stateful = a.bool('stateful');
  if (stateful) statefulBatchCheck(shape);
  const returnSequences = a.bool('return_sequences');
  const returnState = a.bool('return_state');
  const out: Shape = returnSequences ? [batch, length, cell.outputSize] : [batch, cell.outputSize];
  const goBackwards = a.bool('go_backwards');
  const states = returnState ? flattenStates(cell.stateSize, batch) : null;
  // The explanation is built only when it is read.
  const explain = (): ExplainStep[] => {
    const notes: ExplainStep[] = [...built.explain];
    notes.push({
      label: 'output',
      text: returnSequences
        ? `return_sequences=True: one ${cell.outputSize}-vector per timestep → ${shapeText(out)}`
        : `return_sequences=False: only the last timestep's output → ${shapeText(out)}`,
    });
    if (goBackwards) {
      notes.push({ label: 'go_backwards', text: 'reads the sequence from the end; the shapes are unchanged' });
    }
    if (states !== null) {
      notes.push({
        label: 'return_state',
        text: `return_state=True: a list [output, ${cell.stateNames.join(', ')}], each state ${states.map(shapeText).join(', ')}`,
      });
    }
    return notes;
  };
  if (states === null) return { outputs: [out], weights, explain };
  const nested = nestedStates(cell.stateSize, batch);
  const outputStructure = nested ? [out, ...nested] : undefined;
  return { outputs: [out, ...states], multiple: true, ...(outputStructure ? { outputStructure } : {}), weights, explain };
}

const rnnTail: ParamDef[] = [
  { name: 'return_sequences', default: false },
  { name: 'return_state', default: false },
  { name: 'go_backwards', default: false },
  { name: 'stateful', default: false },
  { name: 'unroll', default: false },
];

const rnnSpec: LayerSpec = {
  className: 'RNN',
  docPath: 'recurrent_layers/rnn',
  params: [{ name: 'cell' }, ...rnnTail, { name: 'zero_output_for_mask', default: false }],
  construct: (a, ctx) => {
    resolveCell(a.raw('cell'), ctx, new Namer(), 'rnn');
  },
  compute: (a, input, ctx) => {
    const cell = resolveCell(a.raw('cell'), ctx, new Namer(), 'rnn');
    return withTrainable(a, runRnn(a, cell, input, ctx, undefined));
  },
};

function rnnLayerSpec(
  className: 'SimpleRNN' | 'LSTM' | 'GRU',
  cellKind: CellKind,
  params: ParamDef[],
  extra: string[],
  docPath: string,
): LayerSpec {
  const cellName = snakeCase(cellKind);
  const make = (a: ArgReader): CellDef => {
    const cell = simpleCell(cellKind, a, cellName);
    if (className !== 'SimpleRNN') checkUseCudnn(a);
    return cell;
  };
  return {
    className,
    params,
    extraKeywords: extra,
    docPath,
    construct: (a) => {
      make(a);
    },
    compute: (a, input, ctx) => withTrainable(a, runRnn(a, make(a), input, ctx, 3)),
  };
}

const simpleRnnParams: ParamDef[] = [
  { name: 'units' },
  { name: 'activation', default: 'tanh' },
  { name: 'use_bias', default: true },
  ...initParams,
  { name: 'kernel_regularizer', default: null },
  { name: 'recurrent_regularizer', default: null },
  { name: 'bias_regularizer', default: null },
  { name: 'activity_regularizer', default: null },
  { name: 'kernel_constraint', default: null },
  { name: 'recurrent_constraint', default: null },
  { name: 'bias_constraint', default: null },
  { name: 'dropout', default: 0.0 },
  { name: 'recurrent_dropout', default: 0.0 },
  ...rnnTail,
  { name: 'seed', default: null },
];
const gatedHead = (withForgetBias: boolean): ParamDef[] => [
  { name: 'units' },
  { name: 'activation', default: 'tanh' },
  { name: 'recurrent_activation', default: 'sigmoid' },
  { name: 'use_bias', default: true },
  ...initParams,
  ...(withForgetBias ? [{ name: 'unit_forget_bias', default: true }] : []),
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
  ...rnnTail,
];
const lstmParams: ParamDef[] = [...gatedHead(true), { name: 'use_cudnn', default: 'auto' }];
const gruParams: ParamDef[] = [...gatedHead(false), { name: 'reset_after', default: true }, { name: 'use_cudnn', default: 'auto' }];

const rnnLayerSpecs: LayerSpec[] = [
  rnnLayerSpec('SimpleRNN', 'SimpleRNNCell', simpleRnnParams, ['zero_output_for_mask'], 'recurrent_layers/simple_rnn'),
  rnnLayerSpec('LSTM', 'LSTMCell', lstmParams, ['implementation', 'zero_output_for_mask'], 'recurrent_layers/lstm'),
  rnnLayerSpec('GRU', 'GRUCell', gruParams, ['implementation', 'zero_output_for_mask'], 'recurrent_layers/gru'),
  rnnSpec,
];

// ---------------------------------------------------------------------------
// Bidirectional

/** Layers Bidirectional can copy with `go_backwards=True`, with their input rank (undefined: no input spec). */
const recurrentSpecs: ReadonlyMap<string, { spec: LayerSpec; ndim: number | undefined }> = new Map([
  ['SimpleRNN', { spec: rnnLayerSpecs[0], ndim: 3 }],
  ['LSTM', { spec: rnnLayerSpecs[1], ndim: 3 }],
  ['GRU', { spec: rnnLayerSpecs[2], ndim: 3 }],
  ['RNN', { spec: rnnSpec, ndim: undefined }],
  ['ConvLSTM1D', { spec: convLstmSpecs[0], ndim: 4 }],
  ['ConvLSTM2D', { spec: convLstmSpecs[1], ndim: 5 }],
  ['ConvLSTM3D', { spec: convLstmSpecs[2], ndim: 6 }],
]);

const MERGE_MODES: readonly (string | null)[] = ['sum', 'mul', 'ave', 'concat', null];

interface RecurrentFlags {
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
}

function recurrentFlags(layer: LayerArgValue): RecurrentFlags {
  const entry = recurrentSpecs.get(layer.className);
  if (!entry) unknown(`${layer.className} is not a recurrent layer the engine knows`);
  const a = bindArguments(entry.spec, layer.args);
  return {
    goBackwards: a.bool('go_backwards'),
    stateful: a.bool('stateful'),
    returnSequences: a.bool('return_sequences'),
    returnState: a.bool('return_state'),
  };
}

function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

function removePrefix(s: string, prefix: string): string {
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

function withKeyword(args: CallArgs, key: string, value: PyValue): CallArgs {
  return { positional: args.positional, keywords: { ...args.keywords, [key]: value } };
}

interface BidiPlan {
  readonly forward: LayerArgValue;
  readonly backward: LayerArgValue;
  readonly forwardName: string;
  readonly backwardName: string;
  readonly mergeMode: string | null;
  readonly ndim: number | undefined;
}

/** Everything Bidirectional's constructor does: copy the layer twice, check the pair. */
function planBidirectional(a: ArgReader, ctx: EngineContext): BidiPlan {
  const layerValue = a.raw('layer');
  if (isUnknown(layerValue)) unknown('the wrapped layer is not known statically');
  if (!isLayerValue(layerValue)) {
    failConstruct(
      'invalid-argument',
      `Please initialize \`Bidirectional\` layer with a \`keras.layers.Layer\` instance. Received: ${pyRepr(layerValue)}`,
    );
  }
  const backwardValue = a.raw('backward_layer');
  if (isUnknown(backwardValue)) unknown('the backward layer is not known statically');
  if (backwardValue !== null && !isLayerValue(backwardValue)) {
    failConstruct('invalid-argument', `\`backward_layer\` need to be a \`keras.layers.Layer\` instance. Received: ${pyRepr(backwardValue)}`);
  }
  const mode = a.get('merge_mode');
  if (!MERGE_MODES.includes(mode as string | null)) {
    const shown = typeof mode === 'string' ? mode : pyRepr(mode);
    failConstruct(
      'invalid-argument',
      `Invalid merge mode. Received: ${shown}. Merge mode should be one of {"sum", "mul", "ave", "concat", None}`,
    );
  }
  const entry = recurrentSpecs.get(layerValue.className);
  if (!entry) {
    // The copy is rebuilt from its config plus `go_backwards`, which only recurrent layers accept.
    const probe = ctx.evaluate(layerValue.className, layerValue.args, { shapes: [[null, 1, 1]], isList: false });
    if (probe.kind === 'unknown') unknown(`${layerValue.className} is not a layer the engine knows`);
    failConstruct(
      'invalid-argument',
      `${layerValue.className} could not be deserialized properly: Bidirectional copies the wrapped layer with \`go_backwards=True\`, which only recurrent layers (LSTM, GRU, SimpleRNN, RNN, ConvLSTM) accept`,
    );
  }
  const namer = new Namer();
  const layerName = namer.nameOf(layerValue.args, layerValue.className);
  const forwardName = `forward_${removePrefix(layerName, 'forward_')}`;
  let backward: LayerArgValue;
  let backwardName: string;
  if (backwardValue === null) {
    backward = { kind: 'layer', className: layerValue.className, args: withKeyword(layerValue.args, 'go_backwards', true) };
    backwardName = `backward_${removePrefix(layerName, 'backward_')}`;
  } else {
    backward = backwardValue;
    backwardName = namer.nameOf(backwardValue.args, backwardValue.className);
  }
  const f = recurrentFlags(layerValue);
  if (!recurrentSpecs.has(backward.className)) {
    const probe = ctx.evaluate(backward.className, backward.args, { shapes: [[null, 1, 1]], isList: false });
    if (probe.kind === 'unknown') unknown(`${backward.className} is not a layer the engine knows`);
    failConstruct('invalid-argument', `'${backward.className}' object has no attribute 'go_backwards'`);
  }
  const b = recurrentFlags(backward);
  if (f.goBackwards === b.goBackwards) {
    failConstruct(
      'invalid-argument',
      `Forward layer and backward layer should have different \`go_backwards\` value. Received: forward_layer.go_backwards ${pyBool(f.goBackwards)}, backward_layer.go_backwards=${pyBool(b.goBackwards)}`,
    );
  }
  const pairs: [string, boolean, boolean][] = [
    ['stateful', f.stateful, b.stateful],
    ['return_sequences', f.returnSequences, b.returnSequences],
    ['return_state', f.returnState, b.returnState],
  ];
  for (const [attr, fv, bv] of pairs) {
    if (fv !== bv) {
      failConstruct(
        'invalid-argument',
        `Forward layer and backward layer are expected to have the same value for attribute "${attr}", got "${pyBool(fv)}" for forward layer and "${pyBool(bv)}" for backward layer`,
      );
    }
  }
  return { forward: layerValue, backward, forwardName, backwardName, mergeMode: mode as string | null, ndim: entry.ndim };
}

/** Runs a nested layer; its error or unknown becomes ours. */
function evaluateNested(ctx: EngineContext, layer: LayerArgValue, input: LayerInput): LayerOk {
  const r = ctx.evaluate(layer.className, layer.args, input);
  if (r.kind === 'error') throw new LayerError(r.code, r.message, r.phase);
  if (r.kind === 'unknown') unknown(r.reason);
  return r;
}

function prefixed(prefix: string, weights: readonly Weight[]): Weight[] {
  return weights.map((w) => ({ ...w, name: `${prefix}/${w.name}` }));
}

const bidirectionalSpec: LayerSpec = {
  className: 'Bidirectional',
  docPath: 'recurrent_layers/bidirectional',
  params: [{ name: 'layer' }, { name: 'merge_mode', default: 'concat' }, { name: 'weights', default: null }, { name: 'backward_layer', default: null }],
  construct: (a, ctx) => {
    planBidirectional(a, ctx);
  },
  compute: (a, input, ctx) => {
    const plan = planBidirectional(a, ctx);
    const shape = singleInput(input, ctx);
    if (plan.ndim !== undefined) checkInputSpec(shape, { ndim: plan.ndim }, ctx);
    const single: LayerInput = { shapes: [shape], isList: false };
    const fwd = evaluateNested(ctx, plan.forward, single);
    const bwd = evaluateNested(ctx, plan.backward, single);
    const returnState = recurrentFlags(plan.forward).returnState;
    const out = fwd.outputs[0];
    const states = returnState ? fwd.outputs.slice(1) : [];
    const width = out[out.length - 1] ?? null;
    const explain: ExplainStep[] = [
      {
        label: 'copies',
        text: `a forward ${plan.forward.className} and a backward copy (go_backwards=True), each with its own weights: params × 2`,
      },
    ];
    let merged: Shape[];
    switch (plan.mergeMode) {
      case 'concat': {
        const o = [...out.slice(0, -1), dimMul(width, 2)];
        merged = [o];
        explain.push({ label: 'merge', text: `concat: forward ${width} + backward ${width} = ${dimMul(width, 2) ?? 'None'} on the last axis → ${shapeText(o)}` });
        break;
      }
      case null:
        merged = [out, out];
        explain.push({ label: 'merge', text: `merge_mode=None: the two directions are returned separately, each ${shapeText(out)}` });
        break;
      default:
        merged = [out];
        explain.push({ label: 'merge', text: `${plan.mergeMode}: element-wise, the width stays ${width} → ${shapeText(out)}` });
    }
    const weights = [...prefixed(plan.forwardName, fwd.weights), ...prefixed(plan.backwardName, bwd.weights)];
    if (returnState) {
      explain.push({
        label: 'return_state',
        text: `${plan.mergeMode === null ? '[forward output, backward output' : '[output'}, forward states…, backward states…]`,
      });
      return withTrainable(a, { outputs: [...merged, ...states, ...states], multiple: true, weights, explain });
    }
    return withTrainable(a, { outputs: merged, multiple: merged.length > 1, weights, explain });
  },
};

// ---------------------------------------------------------------------------
// TimeDistributed

const timeDistributedSpec: LayerSpec = {
  className: 'TimeDistributed',
  docPath: 'recurrent_layers/time_distributed',
  params: [{ name: 'layer' }],
  construct: (a) => {
    const v = a.raw('layer');
    if (isUnknown(v)) unknown('the wrapped layer is not known statically');
    if (!isLayerValue(v)) {
      failConstruct(
        'invalid-argument',
        `Please initialize \`TimeDistributed\` layer with a \`keras.layers.Layer\` instance. Received: ${pyRepr(v)}`,
      );
    }
  },
  compute: (a, input, ctx) => {
    const inner = a.layer('layer');
    const shape = singleInput(input, ctx);
    if (shape.length < 3) {
      fail(
        'incompatible-input',
        `\`TimeDistributed\` Layer should be passed an \`input_shape\` with at least 3 dimensions, received: ${shapeText(shape)}`,
      );
    }
    const child: Shape = [shape[0], ...shape.slice(2)];
    const r = evaluateNested(ctx, inner, { shapes: [child], isList: false });
    if (r.outputs.length !== 1) unknown(`TimeDistributed over ${inner.className}, which returns several tensors`);
    const o = r.outputs[0];
    const out: Shape = [o[0] ?? null, shape[1], ...o.slice(1)];
    const name = new Namer().nameOf(inner.args, r.className);
    const explain = (): ExplainStep[] => [
      {
        label: 'per step',
        text: `${r.className} runs on each of the ${shape[1] ?? 'None'} timesteps: ${shapeText(child)} → ${shapeText(o)}, with the time axis put back → ${shapeText(out)}`,
      },
      ...r.explain.filter((e) => e.label !== 'params').map((e) => ({ label: `${name} ${e.label}`, text: e.text })),
      { label: 'weights', text: 'one set of weights shared by every timestep (params do not grow with the sequence length)' },
    ];
    return withTrainable(a, { outputs: [out], weights: prefixed(name, r.weights), explain });
  },
};

export const specs: LayerSpec[] = [
  ...rnnLayerSpecs,
  ...cellSpecs,
  stackedSpec,
  bidirectionalSpec,
  timeDistributedSpec,
  ...convLstmSpecs,
];
