// `keras-shapes plot`: for every golden program the SVG is well-formed XML
// with one node group per layer and one edge group per tensor connection, the
// DOT parses (dotparser) with the same nodes and edges, and the Mermaid of
// examples/cnn_classifier.py matches its fixture. Plus the graph data itself
// (chains, "Connected to" edges, nested models) and the command's options.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import parseDot, { type Graph as DotGraph, type Stmt } from 'dotparser';
import type { Parser } from 'web-tree-sitter';
import { analyzeText, type AnalysisResult, type ModelInfo } from '../server/src/analysis';
import { runPlot } from '../server/src/cli/plotCommand';
import { buildGraph, type ModelGraph } from '../server/src/ide/graph';
import { layoutModel } from '../server/src/ide/graphLayout';
import { renderDot, renderMermaid, renderSvg } from '../server/src/ide/graphRender';
import { loadPythonParser } from '../server/src/python/parser';
import { goldenDir, pythonFiles, repoRoot } from './goldenPath';

interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * A strict XML well-formedness check for what the renderer writes (no DTD,
 * no CDATA): tags balance, attributes are quoted and unique, `&` starts a
 * known entity, no `<` in text or attributes. Throws on the first fault.
 */
function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(xml.slice(Math.max(0, i - 40), i + 40))}`);
  };
  const checkText = (text: string) => {
    if (text.includes('<')) fail('< in text');
    for (const m of text.matchAll(/&([^;]*);?/g)) if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) fail(`bad entity ${m[0]}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) fail('control character');
  };
  if (xml.startsWith('<?xml')) {
    i = xml.indexOf('?>') + 2;
    if (i < 2) fail('unterminated declaration');
  }
  const NAME = /[A-Za-z_][\w.:-]*/y;
  const readName = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const skipSpace = () => {
    while (/\s/.test(xml[i] ?? '')) i++;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (;;) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    checkText(text);
    if (stack.length === 0 && text.trim() !== '') fail('text outside the root');
    if (stack.length > 0) stack[stack.length - 1].text += text;
    if (lt === -1) break;
    i = lt + 1;
    if (xml.startsWith('!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml[i] === '/') {
      i++;
      const name = readName();
      skipSpace();
      if (xml[i] !== '>') fail('expected >');
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    if (stack.length === 0 && root) fail('second root element');
    for (;;) {
      const before = i;
      skipSpace();
      if (xml[i] === '>' || xml.startsWith('/>', i)) break;
      if (i === before) fail('expected space before an attribute');
      const attr = readName();
      if (attr in element.attributes) fail(`duplicate attribute ${attr}`);
      if (xml[i] !== '=') fail('expected =');
      i++;
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = xml.indexOf(quote, i + 1);
      if (end === -1) fail('unterminated attribute');
      const value = xml.slice(i + 1, end);
      checkText(value);
      element.attributes[attr] = value;
      i = end + 1;
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else root = element;
    if (xml[i] === '/') i += 2;
    else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> never closed`);
  if (!root) fail('no root element');
  return root!;
}

function descendants(e: XmlElement, accept: (e: XmlElement) => boolean, out: XmlElement[] = []): XmlElement[] {
  for (const c of e.children) {
    if (accept(c)) out.push(c);
    descendants(c, accept, out);
  }
  return out;
}

const hasClass = (cls: string) => (e: XmlElement) => e.name === 'g' && (e.attributes.class ?? '').split(' ').includes(cls);

/** Tensor connections of a model, counted from its rows alone: "Connected to" entries naming a row, else the chain. */
function expectedEdges(model: ModelInfo): number {
  if (!model.rows.some((r) => r.connectedTo !== undefined)) return Math.max(0, model.rows.length - 1);
  const names = new Set(model.rows.map((r) => r.name));
  return model.rows.reduce((n, r) => n + (r.connectedTo ?? []).filter((c) => names.has(c.replace(/\[\d+\]\[\d+\]$/, ''))).length, 0);
}

function dotStatements(stmts: Stmt[], kind: Stmt['type'], out: Stmt[] = []): Stmt[] {
  for (const s of stmts) {
    if (s.type === kind) out.push(s);
    if (s.type === 'subgraph') dotStatements(s.children, kind, out);
  }
  return out;
}

let parser: Parser;
const analyses = new Map<string, { text: string; result: AnalysisResult }>();
function analysed(file: string): { text: string; result: AnalysisResult; graphs: ModelGraph[] } {
  let a = analyses.get(file);
  if (!a) {
    const text = fs.readFileSync(file, 'utf8');
    a = { text, result: analyzeText(parser, text) };
    analyses.set(file, a);
  }
  return { ...a, graphs: buildGraph(a.result, a.text).models };
}

before(async () => {
  parser = await loadPythonParser();
});

const PROGRAMS = path.join(goldenDir(), 'programs');

describe('every golden program plots', () => {
  for (const [name] of pythonFiles(PROGRAMS)) {
    test(name, () => {
      const { result, graphs } = analysed(path.join(PROGRAMS, name));
      assert.equal(graphs.length, result.models.length);
      const options = { showShapes: true, showParams: true };
      const svg = parseXml(renderSvg(graphs.map((model) => ({ model, layout: layoutModel(model, options) }))));
      assert.equal(svg.name, 'svg');
      assert.equal(svg.attributes.xmlns, 'http://www.w3.org/2000/svg');
      const groups = descendants(svg, hasClass('model'));
      assert.equal(groups.length, result.models.length);
      result.models.forEach((model, k) => {
        assert.equal(descendants(groups[k], hasClass('node')).length, model.rows.length, `${model.name}: one node per layer`);
        assert.equal(descendants(groups[k], hasClass('edge')).length, expectedEdges(model), `${model.name}: one edge per connection`);
        assert.equal(graphs[k].edges.length, expectedEdges(model));
      });
      // Every unknown value says why.
      for (const unknown of descendants(svg, (e) => e.name === 'text' && (e.attributes.class ?? '').includes('unknown'))) assert.ok(unknown.text.startsWith('?'));

      const dots = parseDot(renderDot(graphs, options));
      assert.equal(dots.length, result.models.length);
      dots.forEach((dot: DotGraph, k) => {
        assert.equal(dot.type, 'digraph');
        assert.equal(dotStatements(dot.children, 'node_stmt').length, result.models[k].rows.length);
        assert.equal(dotStatements(dot.children, 'edge_stmt').length, expectedEdges(result.models[k]));
      });

      // Expanded nested models stay well-formed in every format.
      const expanded = { ...options, expandNested: true, rankdir: 'LR' as const };
      parseXml(renderSvg(graphs.map((model) => ({ model, layout: layoutModel(model, expanded) }))));
      assert.equal(parseDot(renderDot(graphs, expanded)).length, result.models.length);
      assert.match(renderMermaid(graphs, expanded), /^flowchart LR\n/);
    });
  }
});

describe('graph data', () => {
  test('a functional model that branches: edges from "Connected to", shapes on the edges, lines of the calls', () => {
    const { graphs } = analysed(path.join(repoRoot, 'examples', 'unet.py'));
    const unet = graphs[0];
    const concat = unet.nodes.find((n) => n.name === 'concatenate')!;
    assert.deepEqual(
      unet.edges.filter((e) => e.to === concat.id).map((e) => [e.from, e.shape]),
      [
        ['conv2d_transpose', [null, 32, 32, 64]],
        ['conv2d_5', [null, 32, 32, 64]],
      ],
    );
    assert.equal(unet.nodes[0].class, 'InputLayer');
    assert.ok(unet.nodes.filter((n) => n.class !== 'InputLayer').every((n) => typeof n.line === 'number'));
  });

  test('layers made by one helper call site are placed at their own line: the parameter count tells calls of equal shape apart', () => {
    const { graphs } = analysed(path.join(repoRoot, 'examples', 'unet.py'));
    const text = fs.readFileSync(path.join(repoRoot, 'examples', 'unet.py'), 'utf8').split('\n');
    const first = text.findIndex((l) => l.includes('x = layers.Conv2D(filters, 3')) + 1;
    const convs = graphs[0].nodes.filter((n) => n.class === 'Conv2D').slice(0, -1);
    assert.equal(convs.length, 14);
    // In each block the first Conv2D (from the block's input channels) and then the second (filters → filters).
    assert.deepEqual(
      convs.map((n) => n.line),
      convs.map((_, i) => first + (i % 2)),
    );
  });

  test('a shared nested model: one node, an edge per use, its own graph inside', () => {
    const { graphs } = analysed(path.join(PROGRAMS, 'nested_models.py'));
    const pair = graphs.find((g) => g.name === 'pair')!;
    const encoder = pair.nodes.find((n) => n.name === 'encoder')!;
    assert.deepEqual(encoder.nested?.nodes.map((n) => n.class), ['InputLayer', 'Dense']);
    assert.equal(pair.edges.filter((e) => e.from === encoder.id).length, 2);
    const laid = layoutModel(pair, { expandNested: true });
    assert.deepEqual(laid.clusters.map((c) => c.id), ['encoder']);
    assert.ok(laid.nodes.some((n) => n.id === 'encoder/dense_3'));
    const cluster = laid.clusters[0];
    const inner = laid.nodes.find((n) => n.id === 'encoder/dense_3')!;
    assert.ok(inner.x >= cluster.x && inner.y >= cluster.y && inner.x + inner.width <= cluster.x + cluster.width && inner.y + inner.height <= cluster.y + cluster.height);
  });

  test('nested models open one by one: only those named are frames', () => {
    const { graphs } = analysed(path.join(PROGRAMS, 'nested_models.py'));
    const pair = graphs.find((g) => g.name === 'pair')!;
    const closed = layoutModel(pair, { expand: new Set() });
    assert.deepEqual(closed.clusters, []);
    assert.ok(closed.nodes.some((n) => n.id === 'encoder' && n.collapsed === true));
    const open = layoutModel(pair, { expand: new Set(['encoder']) });
    assert.deepEqual(open.clusters.map((c) => c.id), ['encoder']);
    assert.ok(open.nodes.some((n) => n.id === 'encoder/dense_3'));
    assert.ok(!open.nodes.some((n) => n.id === 'encoder'));
    // An id that is no nested model changes nothing.
    assert.deepEqual(layoutModel(pair, { expand: new Set(['dense_3', 'nowhere']) }), closed);
  });

  test('left to right puts consecutive layers side by side', () => {
    const { graphs } = analysed(path.join(repoRoot, 'examples', 'cnn_classifier.py'));
    const laid = layoutModel(graphs[0], { rankdir: 'LR' });
    const [a, b] = laid.nodes;
    assert.ok(b.x > a.x + a.width);
  });

  test('text is escaped in SVG, DOT and Mermaid', () => {
    const model: ModelGraph = {
      name: 'a<b>&"c"',
      line: 1,
      nodes: [
        { id: 'x', name: `in<&>"'`, class: 'InputLayer', output_shapes: [[null, 3]], params: 0, line: 1 },
        { id: 'y\\"z', name: 'y"z', class: 'Dense', output_shapes: null, params: null, line: 2, unknown_reason: 'the units are <not> known & "computed"' },
      ],
      edges: [{ from: 'x', to: 'y\\"z', shape: [null, 3] }],
    };
    const options = { showShapes: true, showParams: true };
    const svg = parseXml(renderSvg([{ model, layout: layoutModel(model, options) }]));
    const titles = descendants(svg, (e) => e.name === 'title').map((t) => t.text);
    assert.ok(titles.includes('the units are &lt;not&gt; known &amp; &quot;computed&quot;'), titles.join('\n'));
    const [dot] = parseDot(renderDot([model], options));
    const ids = dotStatements(dot.children, 'node_stmt').map((s) => (s.type === 'node_stmt' ? s.node_id.id : ''));
    // Graphviz unescapes only quotes in IDs (backslashes stay, as label escapes).
    assert.deepEqual(ids, ['x', 'y\\\\"z']);
    const mermaid = renderMermaid([model], options).split('\n');
    assert.equal(mermaid[1], `  n0["<b>in#60;#38;#62;#34;'</b><br/>InputLayer<br/>(None, 3)<br/>0 params"]`);
    assert.equal(mermaid[2], '  n1["<b>y#34;z</b><br/>Dense<br/>?<br/>? params"]');
  });
});

describe('keras-shapes plot', () => {
  async function plot(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runPlot(args, { cwd: repoRoot, stdout, stderr, loadParser: async () => parser });
    return { code, stdout: out, stderr: err };
  }

  test('Mermaid of examples/cnn_classifier.py matches its fixture', async () => {
    const r = await plot(['examples/cnn_classifier.py', '--format', 'mermaid', '--show-shapes', '--show-params']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'plot', 'cnn_classifier.mmd'), 'utf8'));
  });

  test('--model picks one model; -o writes the format its extension names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plot-'));
    try {
      const out = path.join(dir, 'pair.json');
      const r = await plot([path.join(PROGRAMS, 'nested_models.py'), '--model', 'pair', '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      const json = JSON.parse(fs.readFileSync(out, 'utf8')) as { models: ModelGraph[] };
      assert.deepEqual(json.models.map((m) => m.name), ['pair']);
      assert.equal(json.models[0].line, 42);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the command line dispatches plot and lists it in its help', () => {
    const bin = path.join(repoRoot, 'bin', 'keras-shapes.js');
    const dot = execFileSync(process.execPath, [bin, 'plot', 'examples/cnn_classifier.py', '--format', 'dot', '--rankdir', 'LR'], { cwd: repoRoot, encoding: 'utf8' });
    const [graph] = parseDot(dot);
    assert.equal(graph.id, 'model');
    assert.equal(dotStatements(graph.children, 'edge_stmt').length, 7);
    assert.match(dot, /rankdir=LR;/);
    assert.match(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }), /\n {2}plot FILE +draw the models in FILE as graphs/);
  });

  test('bad usage exits 2 with a one-line reason', async () => {
    for (const args of [[], ['examples/cnn_classifier.py', '--format', 'png'], ['examples/cnn_classifier.py', '--rankdir', 'BT'], ['examples/cnn_classifier.py', '--bogus']]) {
      const r = await plot(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^keras-shapes plot: .*\nRun 'keras-shapes plot --help' for usage\.\n$/);
    }
    const missing = await plot(['examples/cnn_classifier.py', '--model', 'nope']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no model named 'nope' \(models: model\)/);
    const help = await plot(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: keras-shapes plot/);
  });
});
