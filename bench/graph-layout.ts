// Layout time of the two candidate graph-layout libraries (dagre, ELK layered)
// on synthetic model graphs: a 1,000-layer chain, a ResNet-152-like graph
// (bottleneck blocks joined by Add), a DenseNet-201-like graph (Keras's
// pairwise Concatenate per conv block) and a fully dense variant where each
// layer of a block concatenates all the earlier ones. Then the layout the
// product uses (layoutModel: dagre, shapes and counts in the boxes, shapes on
// the edges) on real keras.applications graphs from the golden data.
//
//   npx tsc -p . && node out/bench/graph-layout.js [--runs N] [--all-to-all] [--only CANDIDATE]
//
// (--only: that candidate alone, e.g. `--only elk --runs 1` in a fresh
// process for the cold-start cost.)
//
// (--all-to-all adds the fully dense variant: its long edges cost every
// layered layout minutes, as each spans dozens of ranks.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import dagre from '@dagrejs/dagre';
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { ModelGraph } from '../server/src/ide/graph';
import { layoutModel } from '../server/src/ide/graphLayout';

interface SyntheticGraph {
  readonly name: string;
  readonly nodes: string[];
  readonly edges: [string, string][];
}

class Builder {
  readonly nodes: string[] = [];
  readonly edges: [string, string][] = [];
  add(name: string, ...from: string[]): string {
    const id = `${name}_${this.nodes.length}`;
    this.nodes.push(id);
    for (const f of from) this.edges.push([f, id]);
    return id;
  }
}

function chain(n: number): SyntheticGraph {
  const b = new Builder();
  let x = b.add('input');
  for (let i = 1; i < n; i++) x = b.add('dense', x);
  return { name: `chain-${n}`, nodes: b.nodes, edges: b.edges };
}

/** ResNet-152: stem, then 3, 8, 36, 3 bottleneck blocks; ~566 layers like keras.applications. */
function resnet152(): SyntheticGraph {
  const b = new Builder();
  let x = b.add('input');
  for (const l of ['pad', 'conv', 'bn', 'relu', 'pad', 'pool']) x = b.add(l, x);
  for (const blocks of [3, 8, 36, 3]) {
    for (let i = 0; i < blocks; i++) {
      let shortcut = x;
      if (i === 0) shortcut = b.add('bn', b.add('conv', x));
      let y = x;
      for (let k = 0; k < 3; k++) {
        y = b.add('bn', b.add('conv', y));
        if (k < 2) y = b.add('relu', y);
      }
      x = b.add('relu', b.add('add', shortcut, y));
    }
  }
  b.add('dense', b.add('gap', x));
  return { name: 'resnet152-like', nodes: b.nodes, edges: b.edges };
}

/** DenseNet-201: blocks of 6, 12, 48, 32 conv blocks; `dense` concatenates every earlier layer of a block. */
function densenet201(dense: boolean): SyntheticGraph {
  const b = new Builder();
  let x = b.add('input');
  for (const l of ['pad', 'conv', 'bn', 'relu', 'pad', 'pool']) x = b.add(l, x);
  [6, 12, 48, 32].forEach((blocks, bi) => {
    const features = [x];
    for (let i = 0; i < blocks; i++) {
      let y = x;
      for (const l of ['bn', 'relu', 'conv', 'bn', 'relu', 'conv']) y = b.add(l, y);
      features.push(y);
      x = dense ? b.add('concat', ...features) : b.add('concat', x, y);
    }
    if (bi < 3) for (const l of ['bn', 'relu', 'conv', 'pool']) x = b.add(l, x);
  });
  b.add('dense', b.add('gap', b.add('relu', b.add('bn', x))));
  return { name: dense ? 'densenet201-all-to-all' : 'densenet201-like', nodes: b.nodes, edges: b.edges };
}

const WIDTH = 220;
const HEIGHT = 64;
const LABEL = { width: 110, height: 14 };

/** dagre; with `labels`, each edge's shape is a label dagre places (a dummy node per edge). */
function layoutDagre(g: SyntheticGraph, labels: boolean, ranker: 'network-simplex' | 'longest-path'): number {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, ranker });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) graph.setNode(n, { width: WIDTH, height: HEIGHT });
  g.edges.forEach(([a, b], i) => graph.setEdge(a, b, labels ? { ...LABEL, labelpos: 'c' } : {}, `e${i}`));
  dagre.layout(graph);
  return graph.graph().height ?? 0;
}

const elk = new ELK();

/** ELK layered; `fast` places nodes with Brandes–Köpf instead of network simplex. */
async function layoutElk(g: SyntheticGraph, labels: boolean, fast: boolean): Promise<number> {
  const layoutOptions: Record<string, string> = { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.edgeRouting': 'POLYLINE' };
  if (fast) layoutOptions['elk.layered.nodePlacement.strategy'] = 'BRANDES_KOEPF';
  const graph: ElkNode = {
    id: 'root',
    layoutOptions,
    children: g.nodes.map((id) => ({ id, width: WIDTH, height: HEIGHT })),
    edges: g.edges.map(([a, b], i) => ({ id: `e${i}`, sources: [a], targets: [b], labels: labels ? [{ text: '(None, 7, 7, 2048)', ...LABEL }] : [] })),
  };
  const out = await elk.layout(graph);
  return out.height ?? 0;
}

const CANDIDATES: [string, (g: SyntheticGraph) => unknown][] = [
  ['dagre, edge labels', (g) => layoutDagre(g, true, 'network-simplex')],
  ['dagre', (g) => layoutDagre(g, false, 'network-simplex')],
  ['dagre, longest-path', (g) => layoutDagre(g, false, 'longest-path')],
  ['elk, edge labels', (g) => layoutElk(g, true, false)],
  ['elk', (g) => layoutElk(g, false, false)],
  ['elk, brandes-koepf', (g) => layoutElk(g, false, true)],
];

/** Wall-clock and CPU milliseconds of one run (CPU time shows the cost on a busy machine). */
async function time(run: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

interface AppLayer {
  readonly name: string;
  readonly class: string;
  readonly output_shapes: (number | null)[][];
  readonly trainable_params: number;
  readonly non_trainable_params: number;
  readonly inbound: string[];
}

/** keras.applications models as graphs, straight from the golden data's summary rows. */
function applicationGraphs(ids: readonly string[]): ModelGraph[] {
  const golden = process.env.KERAS_SHAPES_GOLDEN ?? path.join(__dirname, '..', '..', 'test', 'golden');
  const lines = gunzipSync(fs.readFileSync(path.join(golden, 'applications.jsonl.gz'))).toString('utf8').split('\n');
  const graphs: ModelGraph[] = [];
  for (const line of lines) {
    if (!ids.some((id) => line.startsWith(`{"id":"${id}"`))) continue;
    const app = JSON.parse(line) as { id: string; expect: { layers: AppLayer[] } };
    const layers = app.expect.layers;
    const shapeOf = new Map(layers.map((l) => [l.name, l.output_shapes[0] ?? null]));
    graphs.push({
      name: app.id,
      line: 1,
      nodes: layers.map((l) => ({ id: l.name, name: l.name, class: l.class, output_shapes: l.output_shapes, params: l.trainable_params + l.non_trainable_params, line: null })),
      edges: layers.flatMap((l) => l.inbound.map((from) => ({ from, to: l.name, shape: shapeOf.get(from) ?? null }))),
    });
  }
  return graphs;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
  const graphs = [chain(1000), resnet152(), densenet201(false), ...(process.argv.includes('--all-to-all') ? [densenet201(true)] : [])];
  const cell = (times: { wall: number; cpu: number }[]) =>
    `${median(times.map((t) => t.wall)).toFixed(0)} / ${median(times.map((t) => t.cpu)).toFixed(0)}`.padStart(30);
  console.log(`Layout libraries: median of ${runs} runs, wall / CPU ms`);
  console.log(['candidate'.padEnd(22), ...graphs.map((g) => `${g.name} ${g.nodes.length}n/${g.edges.length}e`.padStart(30))].join(''));
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  for (const [name, run] of CANDIDATES.filter(([n]) => only === undefined || n === only)) {
    const cells: string[] = [];
    for (const g of graphs) {
      const times: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < runs; i++) times.push(await time(() => run(g)));
      cells.push(cell(times));
    }
    console.log(name.padEnd(22) + cells.join(''));
  }
  if (only !== undefined) return;
  console.log(`\nlayoutModel (dagre, shapes and counts shown) on keras.applications graphs: median of ${runs} runs, wall / CPU ms`);
  for (const g of applicationGraphs(['app-resnet152-0001', 'app-densenet201-0001', 'app-efficientnetv2l-0001', 'app-nasnetlarge-0001'])) {
    const times: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < runs; i++) times.push(await time(() => layoutModel(g, { showShapes: true, showParams: true })));
    console.log(`${g.name.padEnd(26)} ${String(g.nodes.length).padStart(5)} layers ${String(g.edges.length).padStart(5)} edges ${cell(times)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
