// A functional model's graph as Keras's summary sees it: whether it is
// Sequential-like, and each layer's "Connected to" cell.
import { LayerObj, Tensor, type TensorNode } from '../values';
import type { FunctionalModel } from './models';

/** The summary row name of a functional model's `i`-th input: its tensor's name, else Keras's default. */
export function inputRowName(t: Tensor, i: number): string {
  return t.name ?? (i === 0 ? 'input_layer' : `input_layer_${i}`);
}

/**
 * A functional model's graph as Keras's summary sees it: whether it is
 * Sequential-like (no depth holds two nodes, no node takes several tensors,
 * no layer is called twice) and the tensors each layer takes (its "Connected to" cell).
 * Model inputs stand for their InputLayer nodes; tensor operations
 * (`x + y`), which have no row here, pass their own inputs through.
 */
export function functionalGraph(m: FunctionalModel): { sequentialLike: boolean; inbound: (l: LayerObj) => Inbound[]; layerOrder: (Tensor | LayerObj)[] } {
  type GraphNode = TensorNode | Tensor;
  const inputNames = new Map<Tensor, string>(m.inputs.map((t, i) => [t, inputRowName(t, i)]));
  const keyOf = (t: Tensor): GraphNode | null => (inputNames.has(t) ? t : t.node);
  const NO_PARENTS: GraphNode[] = [];
  const opOf = (n: GraphNode): object => (n instanceof Tensor ? n : (n.layer ?? n));
  // Asked for twice per node (the walk, the depths): remembered.
  const parents = new Map<TensorNode, GraphNode[]>();
  const parentsOf = (n: GraphNode): GraphNode[] => {
    if (n instanceof Tensor) return NO_PARENTS;
    let out = parents.get(n);
    if (out === undefined) {
      out = [];
      for (const i of n.inputs) {
        const k = keyOf(i);
        if (k && !out.includes(k)) out.push(k);
      }
      parents.set(n, out);
    }
    return out;
  };
  // Post-order walk from the outputs: nodes from the inputs to the outputs.
  const order: GraphNode[] = [];
  const seen = new Set<GraphNode>();
  // Keras numbers each operation when the walk first reaches it (`operation_indices`): its order within a depth.
  const opIndex = new Map<object, number>();
  const visit = (n: GraphNode): void => {
    seen.add(n);
    const op = opOf(n);
    if (!opIndex.has(op)) opIndex.set(op, opIndex.size);
  };
  for (const o of m.outputs) {
    const root = keyOf(o);
    if (!root || seen.has(root)) continue;
    visit(root);
    const stack: { node: GraphNode; parents: GraphNode[]; next: number }[] = [{ node: root, parents: parentsOf(root), next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.parents.length) {
        const p = top.parents[top.next++];
        if (!seen.has(p)) {
          visit(p);
          stack.push({ node: p, parents: parentsOf(p), next: 0 });
        }
        continue;
      }
      stack.pop();
      order.push(top.node);
    }
  }
  // Depths as Keras's map_graph gives them: outputs at 0, a shared layer at its deepest call.
  const nodeDepth = new Map<GraphNode, number>();
  const opDepth = new Map<object, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    const depth = Math.max(nodeDepth.get(n) ?? 0, opDepth.get(opOf(n)) ?? 0);
    opDepth.set(opOf(n), depth);
    nodeDepth.set(n, depth);
    for (const p of parentsOf(n)) nodeDepth.set(p, Math.max(depth + 1, nodeDepth.get(p) ?? 0));
  }
  for (const t of m.inputs) {
    if (nodeDepth.has(t)) continue;
    // An input the outputs do not use: depth 0, first of its depth.
    nodeDepth.set(t, 0);
    opDepth.set(t, 0);
    opIndex.set(t, -1);
  }
  // `model.layers` as Keras orders them (map_graph): by depth, deepest first, then in the walk's order.
  const layerOrder = [...opDepth.keys()]
    .filter((op): op is Tensor | LayerObj => (op instanceof Tensor ? inputNames.has(op) : op instanceof LayerObj))
    .sort((a, b) => (opDepth.get(b) ?? 0) - (opDepth.get(a) ?? 0) || (opIndex.get(a) ?? 0) - (opIndex.get(b) ?? 0));
  const perDepth = new Map<number, number>();
  for (const d of nodeDepth.values()) perDepth.set(d, (perDepth.get(d) ?? 0) + 1);
  const callsPerLayer = new Map<LayerObj, number>();
  for (const n of order) if (!(n instanceof Tensor) && n.layer) callsPerLayer.set(n.layer, (callsPerLayer.get(n.layer) ?? 0) + 1);
  const sequentialLike =
    [...perDepth.values()].every((c) => c <= 1) &&
    order.every((n) => n instanceof Tensor || n.inputs.length <= 1) &&
    [...callsPerLayer.values()].every((c) => c <= 1);

  const inGraph = new Set(order);
  const graphNodesOf = new Map<LayerObj, TensorNode[]>();
  for (const n of order) {
    if (n instanceof Tensor || !n.layer) continue;
    const list = graphNodesOf.get(n.layer);
    if (list) list.push(n);
    else graphNodesOf.set(n.layer, [n]);
  }
  // A layer's nodes in call order; calls the analysis did not record come after, in graph order.
  const nodesMemo = new Map<LayerObj, TensorNode[]>();
  const nodesOf = (l: LayerObj): TensorNode[] => {
    let nodes = nodesMemo.get(l);
    if (nodes === undefined) {
      nodes = [...(l.inboundNodes ?? [])];
      for (const n of graphNodesOf.get(l) ?? []) if (!nodes.includes(n)) nodes.push(n);
      nodesMemo.set(l, nodes);
    }
    return nodes;
  };
  /** The layer outputs (or model inputs) `t` comes from, through tensor operations. */
  const sources = (t: Tensor, out: Inbound[], through: Set<TensorNode>): void => {
    const name = inputNames.get(t);
    if (name !== undefined) {
      out.push({ name, node: 0, tensor: 0 });
      return;
    }
    const n = t.node;
    if (!n) return;
    if (n.layer) {
      out.push({ name: n.layer.name, node: Math.max(0, nodesOf(n.layer).indexOf(n)), tensor: t.outputIndex ?? 0 });
      return;
    }
    if (through.has(n)) return;
    through.add(n);
    for (const i of n.inputs) sources(i, out, through);
  };
  const inbound = (l: LayerObj): Inbound[] => {
    const out: Inbound[] = [];
    for (const n of nodesOf(l)) {
      if (!inGraph.has(n)) continue;
      for (const t of n.inputs) sources(t, out, new Set());
    }
    return out;
  };
  return { sequentialLike, inbound, layerOrder };
}

/** One tensor a layer's call takes, as Keras's summary names it: `name[node][tensor]`. */
export interface Inbound {
  readonly name: string;
  readonly node: number;
  readonly tensor: number;
}
