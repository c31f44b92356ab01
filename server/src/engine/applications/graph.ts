// A small functional-graph builder: an input, then layer calls evaluated by
// the layer catalogue (`evaluateLayer`), merges and `keras.ops` rows, each
// recorded as a `model.summary()` row with Keras's auto names.
//
//   const g = new Graph();
//   const x = g.input([null, 224, 224, 3]);
//   const y = g.layer('Conv2D', { filters: 64, kernel_size: 7, name: 'conv1_conv' }, x);
import { evaluateLayer } from '../evaluate';
import { snakeCase } from '../format';
import { product } from '../shapeUtils';
import type { PyValue, Shape, Weight } from '../types';
import { cannotTell, raise, type ApplicationRow } from './types';

/** A symbolic tensor: its shape and the row that produced it. */
export interface Tensor {
  readonly shape: Shape;
  readonly source: string;
}

export type Keywords = Readonly<Record<string, PyValue>>;

/** A layer inside a nested `Sequential` row. */
export interface InnerLayer {
  readonly className: string;
  readonly keywords: Keywords;
}

export class Graph {
  readonly rows: ApplicationRow[] = [];
  /** `UserWarning`s emitted while building. */
  readonly warnings: string[] = [];
  /** Auto names given, as name → [prefix, index]: an index `n` is `prefix_n` (`prefix` for 0). */
  readonly autoNames = new Map<string, readonly [string, number]>();
  private readonly counters = new Map<string, number>();

  /** Keras's next auto name for a prefix: `add`, `add_1`, … */
  autoName(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    const name = n === 0 ? prefix : `${prefix}_${n}`;
    this.autoNames.set(name, [prefix, n]);
    return name;
  }

  /** How many auto names of each prefix were given. */
  autoNameCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [prefix, n] of this.counters) out[prefix] = n;
    return out;
  }

  /** An `InputLayer` row; `shape` includes the batch dimension. */
  input(shape: Shape, name?: string): Tensor {
    const rowName = name ?? this.autoName('input_layer');
    this.push(rowName, 'InputLayer', [shape], [], [], false);
    return { shape, source: rowName };
  }

  /** Calls a catalogue layer on one tensor or, with an array, on a list of tensors. */
  layer(className: string, keywords: Keywords, inputs: Tensor | readonly Tensor[]): Tensor {
    const list = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
    const given = keywords.name;
    const name = typeof given === 'string' ? given : this.autoName(snakeCase(className));
    const r = evaluateLayer(
      className,
      { positional: [], keywords: typeof given === 'string' ? keywords : { ...keywords, name } },
      { shapes: list.map((t) => t.shape), isList: Array.isArray(inputs) },
      { layerName: name },
    );
    if (r.kind === 'error') raise('ValueError', r.message);
    if (r.kind === 'unknown') cannotTell(`${name} (${className}): ${r.reason}`);
    this.push(name, r.className, r.outputs, list.map((t) => t.source), r.weights, false);
    return { shape: r.outputs[0], source: name };
  }

  /** A `keras.ops` row (`a + b`, `a * k`): evaluated as the merge layer of the same class. */
  op(className: 'Add' | 'Multiply', inputs: readonly Tensor[]): Tensor {
    const name = this.autoName(snakeCase(className));
    let shape: Shape;
    if (inputs.length === 1) shape = inputs[0].shape;
    else {
      const r = evaluateLayer(className, { positional: [], keywords: {} }, { shapes: inputs.map((t) => t.shape), isList: true }, { layerName: name });
      if (r.kind === 'error') raise('ValueError', r.message);
      if (r.kind === 'unknown') cannotTell(`${name} (${className}): ${r.reason}`);
      shape = r.outputs[0];
    }
    this.push(name, className, [shape], inputs.map((t) => t.source), [], true);
    return { shape, source: name };
  }

  /** A layer described by a local rule (a custom layer of the application code). */
  custom(name: string, className: string, inputs: readonly Tensor[], output: Shape, weights: readonly Weight[]): Tensor {
    this.push(name, className, [output], inputs.map((t) => t.source), weights, false);
    return { shape: output, source: name };
  }

  /** A nested `Sequential` of catalogue layers, shown as one row that counts every weight inside it. */
  sequential(name: string, layers: readonly InnerLayer[], input: Tensor): Tensor {
    let shape = input.shape;
    const weights: Weight[] = [];
    for (const l of layers) {
      const inner = typeof l.keywords.name === 'string' ? l.keywords.name : snakeCase(l.className);
      const r = evaluateLayer(l.className, { positional: [], keywords: l.keywords }, { shapes: [shape], isList: false }, { layerName: inner });
      if (r.kind === 'error') raise('ValueError', r.message);
      if (r.kind === 'unknown') cannotTell(`${inner} (${l.className}): ${r.reason}`);
      shape = r.outputs[0];
      for (const w of r.weights) weights.push({ ...w, name: `${inner}/${w.name}` });
    }
    return this.custom(name, 'Sequential', [input], shape, weights);
  }

  /**
   * The rows in `model.summary()` order, as Keras's functional graph orders
   * its operations: by depth from the output (deepest first), ties broken by
   * the order a depth-first walk from the output first reaches them. Rows
   * the output does not depend on are left out.
   */
  summaryRows(output: Tensor): ApplicationRow[] {
    const byName = new Map<string, ApplicationRow>();
    for (const r of this.rows) byName.set(r.name, r);
    const index = new Map<string, number>();
    const finished = new Set<string>();
    const postOrder: ApplicationRow[] = [];
    const visit = (name: string): void => {
      const row = byName.get(name);
      if (row === undefined || finished.has(name)) return;
      if (!index.has(name)) index.set(name, index.size);
      for (const s of row.inbound) visit(s);
      finished.add(name);
      postOrder.push(row);
    };
    visit(output.source);
    const depth = new Map<string, number>();
    for (let i = postOrder.length - 1; i >= 0; i--) {
      const row = postOrder[i];
      const d = depth.get(row.name) ?? 0;
      depth.set(row.name, d);
      for (const s of row.inbound) depth.set(s, Math.max(d + 1, depth.get(s) ?? 0));
    }
    return postOrder.slice().sort((x, y) => (depth.get(y.name) ?? 0) - (depth.get(x.name) ?? 0) || (index.get(x.name) ?? 0) - (index.get(y.name) ?? 0));
  }

  private push(name: string, className: string, outputs: readonly Shape[], inbound: readonly string[], weights: readonly Weight[], op: boolean): void {
    let trainable = 0;
    let nonTrainable = 0;
    for (const w of weights) {
      if (w.trainable) trainable += product(w.shape);
      else nonTrainable += product(w.shape);
    }
    const row: ApplicationRow = { name, className, outputShapes: outputs, trainableParams: trainable, nonTrainableParams: nonTrainable, inbound, op, weights };
    const auto = this.autoNames.get(name);
    this.rows.push(auto === undefined ? row : { ...row, auto });
  }
}
