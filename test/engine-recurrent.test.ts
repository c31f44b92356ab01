// Recurrent layers through the engine, on cases of our own computed from
// Keras's arithmetic: GRU's reset_after bias, LSTM's return_state list,
// Bidirectional's merge modes, TimeDistributed, RNN cells, ConvLSTM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLayer, type LayerResult, type PyValue, type Shape } from '../server/src/engine';

type Kw = Record<string, PyValue>;

function layer(className: string, keywords: Kw = {}): PyValue {
  return { kind: 'layer', className, args: { positional: [], keywords } };
}

function run(className: string, keywords: Kw, shape: Shape): LayerResult {
  return evaluateLayer(className, { positional: [], keywords }, { shapes: [shape], isList: false });
}

interface OkCase {
  readonly name: string;
  readonly layer: string;
  readonly args: Kw;
  readonly input: Shape;
  /** One shape, or several when Keras returns a list. */
  readonly out: Shape | Shape[];
  readonly params: number;
  /** Weight names and shapes in Keras's order (checked when given). */
  readonly weights?: [string, number[]][];
}

function isShapeList(o: Shape | Shape[]): o is Shape[] {
  return o.length > 0 && Array.isArray(o[0]);
}

function checkOk(c: OkCase): void {
  const r = run(c.layer, c.args, c.input);
  assert.equal(r.kind, 'ok', `${c.name}: ${JSON.stringify(r)}`);
  if (r.kind !== 'ok') return;
  if (isShapeList(c.out)) {
    assert.equal(r.multiple, true, `${c.name}: expected a list of outputs`);
    assert.deepEqual(r.outputs, c.out, c.name);
  } else {
    assert.equal(r.multiple, false, `${c.name}: expected a single output`);
    assert.deepEqual(r.outputs[0], c.out, c.name);
  }
  assert.equal(r.trainableParams + r.nonTrainableParams, c.params, `${c.name}: params`);
  if (c.weights) assert.deepEqual(r.weights.map((w) => [w.name, [...w.shape]]), c.weights, `${c.name}: weights`);
}

test('GRU: Keras 3 default reset_after=True gives bias (2, 3·units)', () => {
  const cases: OkCase[] = [
    {
      // 3·(8·32 + 32·32) + 2·96: the classic "why 4,032 and not 3,936" question
      name: 'GRU(32) on 8 features',
      layer: 'GRU',
      args: { units: 32 },
      input: [null, 10, 8],
      out: [null, 32],
      params: 4032,
      weights: [
        ['gru_cell/kernel', [8, 96]],
        ['gru_cell/recurrent_kernel', [32, 96]],
        ['gru_cell/bias', [2, 96]],
      ],
    },
    {
      name: 'GRU(32, reset_after=False): the Keras 2 / TF1 count',
      layer: 'GRU',
      args: { units: 32, reset_after: false },
      input: [null, 10, 8],
      out: [null, 32],
      params: 3936,
      weights: [
        ['gru_cell/kernel', [8, 96]],
        ['gru_cell/recurrent_kernel', [32, 96]],
        ['gru_cell/bias', [96]],
      ],
    },
    { name: 'GRU without bias: reset_after no longer matters', layer: 'GRU', args: { units: 16, reset_after: false, use_bias: false }, input: [null, 5, 4], out: [null, 16], params: 960 },
    { name: 'GRU(10) return_sequences keeps the time axis', layer: 'GRU', args: { units: 10, return_sequences: true }, input: [4, 7, 3], out: [4, 7, 10], params: 450 },
    { name: 'GRU return_state: [output, state]', layer: 'GRU', args: { units: 10, return_state: true }, input: [null, null, 3], out: [[null, 10], [null, 10]], params: 450 },
  ];
  for (const c of cases) checkOk(c);
});

test('LSTM and SimpleRNN: output is the last step unless return_sequences; return_state returns a list', () => {
  const cases: OkCase[] = [
    {
      name: 'LSTM(32): 4 gates',
      layer: 'LSTM',
      args: { units: 32 },
      input: [null, 10, 8],
      out: [null, 32],
      params: 5248,
      weights: [
        ['lstm_cell/kernel', [8, 128]],
        ['lstm_cell/recurrent_kernel', [32, 128]],
        ['lstm_cell/bias', [128]],
      ],
    },
    { name: 'LSTM return_state: [output, state_h, state_c]', layer: 'LSTM', args: { units: 32, return_state: true }, input: [null, 10, 8], out: [[null, 32], [null, 32], [null, 32]], params: 5248 },
    {
      name: 'LSTM return_sequences + return_state',
      layer: 'LSTM',
      args: { units: 16, return_sequences: true, return_state: true },
      input: [2, 7, 4],
      out: [[2, 7, 16], [2, 16], [2, 16]],
      params: 1344,
    },
    { name: 'LSTM unknown length stays None', layer: 'LSTM', args: { units: 4, return_sequences: true }, input: [null, null, 2], out: [null, null, 4], params: 112 },
    { name: 'SimpleRNN(5)', layer: 'SimpleRNN', args: { units: 5 }, input: [null, 3, 2], out: [null, 5], params: 40 },
    { name: 'SimpleRNN return_state: one state', layer: 'SimpleRNN', args: { units: 5, return_state: true, use_bias: false }, input: [null, 3, 2], out: [[null, 5], [null, 5]], params: 35 },
    { name: 'stateful with a known batch size', layer: 'SimpleRNN', args: { units: 2, stateful: true }, input: [8, 3, 1], out: [8, 2], params: 8 },
    { name: 'go_backwards does not change shapes', layer: 'LSTM', args: { units: 3, go_backwards: true }, input: [null, 4, 1], out: [null, 3], params: 60 },
  ];
  for (const c of cases) checkOk(c);
});

test('RNN with cells, lists of cells and StackedRNNCells', () => {
  const cases: OkCase[] = [
    {
      name: 'RNN(LSTMCell) names weights after the cell',
      layer: 'RNN',
      args: { cell: layer('LSTMCell', { units: 4 }) },
      input: [null, 6, 2],
      out: [null, 4],
      params: 112,
      weights: [
        ['lstm_cell/kernel', [2, 16]],
        ['lstm_cell/recurrent_kernel', [4, 16]],
        ['lstm_cell/bias', [16]],
      ],
    },
    {
      name: 'a list of cells is stacked; the second cell reads the first one’s output',
      layer: 'RNN',
      args: { cell: [layer('SimpleRNNCell', { units: 3 }), layer('SimpleRNNCell', { units: 2 }), layer('GRUCell', { units: 1, reset_after: false })] },
      input: [null, 5, 4],
      out: [null, 1],
      params: 3 * 4 + 9 + 3 + (2 * 3 + 4 + 2) + 3 * (2 + 1) + 3,
      weights: [
        ['stacked_rnn_cells/simple_rnn_cell/kernel', [4, 3]],
        ['stacked_rnn_cells/simple_rnn_cell/recurrent_kernel', [3, 3]],
        ['stacked_rnn_cells/simple_rnn_cell/bias', [3]],
        ['stacked_rnn_cells/simple_rnn_cell_1/kernel', [3, 2]],
        ['stacked_rnn_cells/simple_rnn_cell_1/recurrent_kernel', [2, 2]],
        ['stacked_rnn_cells/simple_rnn_cell_1/bias', [2]],
        ['stacked_rnn_cells/gru_cell/kernel', [2, 3]],
        ['stacked_rnn_cells/gru_cell/recurrent_kernel', [1, 3]],
        ['stacked_rnn_cells/gru_cell/bias', [3]],
      ],
    },
    {
      name: 'StackedRNNCells with return_state: one state per GRU cell',
      layer: 'RNN',
      args: { cell: layer('StackedRNNCells', { cells: [layer('GRUCell', { units: 3 }), layer('GRUCell', { units: 2 })] }), return_state: true, return_sequences: true },
      input: [1, 4, 2],
      out: [[1, 4, 2], [1, 3], [1, 2]],
      params: 3 * (2 * 3 + 3 * 3) + 18 + 3 * (3 * 2 + 2 * 2) + 12,
    },
  ];
  for (const c of cases) checkOk(c);
});

test('Bidirectional: every merge mode, return_state order, weight names', () => {
  const lstm = (extra: Kw = {}): PyValue => layer('LSTM', { units: 10, ...extra });
  // one direction: 4·(3·10 + 10·10) + 40 = 560
  const cases: OkCase[] = [
    {
      name: 'concat doubles the width',
      layer: 'Bidirectional',
      args: { layer: lstm() },
      input: [null, 6, 3],
      out: [null, 20],
      params: 1120,
      weights: [
        ['forward_lstm/lstm_cell/kernel', [3, 40]],
        ['forward_lstm/lstm_cell/recurrent_kernel', [10, 40]],
        ['forward_lstm/lstm_cell/bias', [40]],
        ['backward_lstm/lstm_cell/kernel', [3, 40]],
        ['backward_lstm/lstm_cell/recurrent_kernel', [10, 40]],
        ['backward_lstm/lstm_cell/bias', [40]],
      ],
    },
    { name: 'sum keeps the width', layer: 'Bidirectional', args: { layer: lstm(), merge_mode: 'sum' }, input: [null, 6, 3], out: [null, 10], params: 1120 },
    { name: 'mul keeps the width', layer: 'Bidirectional', args: { layer: lstm(), merge_mode: 'mul' }, input: [null, 6, 3], out: [null, 10], params: 1120 },
    { name: 'ave keeps the width', layer: 'Bidirectional', args: { layer: lstm({ return_sequences: true }), merge_mode: 'ave' }, input: [null, 6, 3], out: [null, 6, 10], params: 1120 },
    { name: 'None returns both directions', layer: 'Bidirectional', args: { layer: lstm(), merge_mode: null }, input: [null, 6, 3], out: [[null, 10], [null, 10]], params: 1120 },
    {
      name: 'concat + return_state: [output, fwd h, fwd c, bwd h, bwd c]',
      layer: 'Bidirectional',
      args: { layer: lstm({ return_state: true }) },
      input: [null, 6, 3],
      out: [[null, 20], [null, 10], [null, 10], [null, 10], [null, 10]],
      params: 1120,
    },
    {
      name: 'None + GRU return_state: [fwd out, bwd out, fwd state, bwd state]',
      layer: 'Bidirectional',
      args: { layer: layer('GRU', { units: 2, return_state: true }), merge_mode: null },
      input: [4, 5, 1],
      out: [[4, 2], [4, 2], [4, 2], [4, 2]],
      params: 2 * (3 * (1 * 2 + 2 * 2) + 12),
    },
    {
      name: 'an explicit backward layer keeps its own name',
      layer: 'Bidirectional',
      args: { layer: layer('SimpleRNN', { units: 2 }), backward_layer: layer('SimpleRNN', { units: 2, go_backwards: true }) },
      input: [null, 3, 1],
      out: [null, 4],
      params: 2 * (1 * 2 + 2 * 2 + 2),
      weights: [
        ['forward_simple_rnn/simple_rnn_cell/kernel', [1, 2]],
        ['forward_simple_rnn/simple_rnn_cell/recurrent_kernel', [2, 2]],
        ['forward_simple_rnn/simple_rnn_cell/bias', [2]],
        ['simple_rnn_1/simple_rnn_cell/kernel', [1, 2]],
        ['simple_rnn_1/simple_rnn_cell/recurrent_kernel', [2, 2]],
        ['simple_rnn_1/simple_rnn_cell/bias', [2]],
      ],
    },
  ];
  for (const c of cases) checkOk(c);
});

test('TimeDistributed: the inner layer sees one timestep, the time axis is re-inserted', () => {
  const cases: OkCase[] = [
    {
      name: 'TimeDistributed(Dense) acts like Dense on the last axis',
      layer: 'TimeDistributed',
      args: { layer: layer('Dense', { units: 4 }) },
      input: [null, 5, 3],
      out: [null, 5, 4],
      params: 16,
      weights: [
        ['dense/kernel', [3, 4]],
        ['dense/bias', [4]],
      ],
    },
    {
      name: 'TimeDistributed(Conv2D) over video frames',
      layer: 'TimeDistributed',
      args: { layer: layer('Conv2D', { filters: 8, kernel_size: 3 }) },
      input: [null, 10, 32, 32, 3],
      out: [null, 10, 30, 30, 8],
      params: 3 * 3 * 3 * 8 + 8,
      weights: [
        ['conv2d/kernel', [3, 3, 3, 8]],
        ['conv2d/bias', [8]],
      ],
    },
    {
      name: 'TimeDistributed(Conv2D, strides=2, same), unknown time axis',
      layer: 'TimeDistributed',
      args: { layer: layer('Conv2D', { filters: 2, kernel_size: 3, strides: 2, padding: 'same' }) },
      input: [4, null, 9, 8, 1],
      out: [4, null, 5, 4, 2],
      params: 20,
    },
  ];
  for (const c of cases) checkOk(c);
});

test('ConvLSTM: convolution arithmetic per axis, 4 gates in the kernel', () => {
  const cases: OkCase[] = [
    {
      name: 'ConvLSTM2D(32, 3) valid',
      layer: 'ConvLSTM2D',
      args: { filters: 32, kernel_size: 3 },
      input: [null, 10, 64, 64, 16],
      out: [null, 62, 62, 32],
      params: 9 * 16 * 128 + 9 * 32 * 128 + 128,
      weights: [
        ['conv_lstm_cell/kernel', [3, 3, 16, 128]],
        ['conv_lstm_cell/recurrent_kernel', [3, 3, 32, 128]],
        ['conv_lstm_cell/bias', [128]],
      ],
    },
    {
      name: 'ConvLSTM1D channels_first, return_sequences + return_state',
      layer: 'ConvLSTM1D',
      args: { filters: 2, kernel_size: 3, strides: 2, data_format: 'channels_first', return_sequences: true, return_state: true },
      input: [null, 5, 4, 11],
      out: [[null, 5, 2, 5], [null, 2, 5], [null, 2, 5]],
      params: 3 * 4 * 8 + 3 * 2 * 8 + 8,
    },
    { name: 'ConvLSTM3D same padding', layer: 'ConvLSTM3D', args: { filters: 1, kernel_size: 2, padding: 'same', use_bias: false }, input: [2, 3, 5, 5, 5, 1], out: [2, 5, 5, 5, 1], params: 8 * 4 + 8 * 4 },
  ];
  for (const c of cases) checkOk(c);
});

interface ErrCase {
  readonly name: string;
  readonly layer: string;
  readonly args: Kw;
  readonly input: Shape;
  readonly phase?: 'construct' | 'call';
  readonly match?: RegExp;
}

test('recurrent layers reject what Keras rejects', () => {
  const cases: ErrCase[] = [
    { name: 'LSTM on a 2-D input', layer: 'LSTM', args: { units: 4 }, input: [null, 8], match: /expected ndim=3, found ndim=2/ },
    { name: 'GRU on a 4-D input', layer: 'GRU', args: { units: 4 }, input: [null, 8, 8, 3], match: /expected ndim=3/ },
    { name: 'units=0', layer: 'SimpleRNN', args: { units: 0 }, input: [null, 3, 2], phase: 'construct', match: /expected a positive integer, got 0/ },
    { name: 'stateful needs the batch size', layer: 'LSTM', args: { units: 4, stateful: true }, input: [null, 3, 2], match: /batch size must be static/ },
    { name: 'unknown feature axis', layer: 'GRU', args: { units: 4 }, input: [null, 3, null], match: /variable path='gru\/gru_cell\/kernel'/ },
    { name: 'misspelt keyword', layer: 'LSTM', args: { units: 4, return_sequence: true }, input: [null, 3, 2], phase: 'construct', match: /Unrecognized keyword/ },
    { name: 'Dense is no RNN cell', layer: 'RNN', args: { cell: layer('Dense', { units: 4 }) }, input: [null, 3, 2], phase: 'construct', match: /state_size/ },
    { name: 'merge_mode max', layer: 'Bidirectional', args: { layer: layer('LSTM', { units: 2 }), merge_mode: 'max' }, input: [null, 3, 2], phase: 'construct', match: /Invalid merge mode/ },
    { name: 'wrapped layer already goes backwards', layer: 'Bidirectional', args: { layer: layer('GRU', { units: 2, go_backwards: true }) }, input: [null, 3, 2], phase: 'construct', match: /different `go_backwards`/ },
    {
      name: 'backward layer returns sequences, forward does not',
      layer: 'Bidirectional',
      args: { layer: layer('GRU', { units: 2 }), backward_layer: layer('GRU', { units: 2, go_backwards: true, return_sequences: true }) },
      input: [null, 3, 2],
      phase: 'construct',
      match: /"return_sequences"/,
    },
    { name: 'Bidirectional(Dense)', layer: 'Bidirectional', args: { layer: layer('Dense', { units: 2 }) }, input: [null, 3, 2], phase: 'construct' },
    { name: 'TimeDistributed on a 2-D input', layer: 'TimeDistributed', args: { layer: layer('Dense', { units: 2 }) }, input: [4, 16], match: /at least 3 dimensions/ },
    { name: 'ConvLSTM2D causal padding', layer: 'ConvLSTM2D', args: { filters: 2, kernel_size: 3, padding: 'causal' }, input: [null, 2, 8, 8, 1], phase: 'construct' },
    { name: 'ConvLSTM strides and dilation', layer: 'ConvLSTM1D', args: { filters: 2, kernel_size: 3, strides: 2, dilation_rate: 2 }, input: [null, 2, 8, 1], phase: 'construct', match: /strides=\(2,\) and dilation_rate=\(2,\)/ },
    { name: 'ConvLSTM kernel larger than the frame', layer: 'ConvLSTM2D', args: { filters: 2, kernel_size: 9 }, input: [null, 2, 8, 8, 1], match: /zero or negative/ },
    { name: 'ConvLSTM unknown spatial size', layer: 'ConvLSTM2D', args: { filters: 2, kernel_size: 3 }, input: [null, 2, null, 8, 1], match: /static input shapes/ },
  ];
  for (const c of cases) {
    const r = run(c.layer, c.args, c.input);
    assert.equal(r.kind, 'error', `${c.name}: ${JSON.stringify(r)}`);
    if (r.kind !== 'error') continue;
    if (c.phase) assert.equal(r.phase, c.phase, `${c.name}: phase`);
    if (c.match) assert.match(r.message, c.match, c.name);
  }
});

test('explanations carry the user’s numbers', () => {
  const r = run('LSTM', { units: 32 }, [null, 10, 8]);
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') return;
  const gates = r.explain.find((e) => e.label === 'gates');
  assert.ok(gates, 'a gates step');
  assert.match(gates.text, /4 gates.*input 8 \+ units 32 \+ bias.*kernel \(8, 128\), recurrent \(32, 128\), bias \(128,\)/);
  const g = run('GRU', { units: 32 }, [null, 10, 8]);
  assert.ok(g.kind === 'ok' && g.explain.some((e) => /reset_after=True/.test(e.text)));
  const b = run('Bidirectional', { layer: layer('GRU', { units: 4 }), merge_mode: 'concat' }, [null, 5, 2]);
  assert.ok(b.kind === 'ok' && b.explain.some((e) => /forward 4 \+ backward 4 = 8/.test(e.text)));
});

test('unknown values give unknown results, not guesses', () => {
  const r = run('LSTM', { units: { kind: 'unknown' } }, [null, 3, 2]);
  assert.equal(r.kind, 'unknown');
  const w = run('Bidirectional', { layer: layer('MyCustomRNN', { units: 3 }) }, [null, 3, 2]);
  assert.equal(w.kind, 'unknown');
  const c = run('RNN', { cell: layer('MyCell', { units: 3 }) }, [null, 3, 2]);
  assert.equal(c.kind, 'unknown');
});
