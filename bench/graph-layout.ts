// Layout time of the two candidate graph-layout libraries (dagre, ELK layered)
// on synthetic model graphs: a 1,000-layer chain, a ResNet-152-like graph
// (bottleneck blocks joined by Add), a DenseNet-201-like graph (Keras's
// pairwise Concatenate per conv block) and a fully dense variant where each
// layer of a block concatenates all the earlier ones.
//
//   npx tsc -p . && node out/bench/graph-layout.js [--runs N] [--all-to-all]
//
// (--all-to-all adds the fully dense variant: its long edges cost every
// layered layout minutes, as each spans dozens of ranks.)
import { performance } from 'node:perf_hooks';
import dagre from '@dagrejs/dagre';
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';

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

async function time(run: () => unknown): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
  const graphs = [chain(1000), resnet152(), densenet201(false), ...(process.argv.includes('--all-to-all') ? [densenet201(true)] : [])];
  console.log(`median of ${runs} runs, ms (first run in brackets)`);
  console.log(['candidate'.padEnd(22), ...graphs.map((g) => `${g.name} ${g.nodes.length}n/${g.edges.length}e`.padStart(30))].join(''));
  for (const [name, run] of CANDIDATES) {
    const cells: string[] = [];
    for (const g of graphs) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await time(() => run(g)));
      cells.push(`${median(times).toFixed(0)} (${times[0].toFixed(0)})`.padStart(30));
    }
    console.log(name.padEnd(22) + cells.join(''));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
