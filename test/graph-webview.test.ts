// The graph webview's page run in Node against a small fake DOM: its
// Content-Security-Policy, drawing the server's answer for a golden program
// (one box per layer, one edge per connection), reveal on click, the layer
// under the cursor highlighted, pan and zoom kept across redraws.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { SCRIPT, webviewHtml } from '../client/src/graphWebview';
import { analyzeText } from '../server/src/analysis';
import { LineIndex } from '../server/src/ide/positions';
import { graphResponse, type GraphResponse } from '../server/src/lsp/graph';
import { NotebookProgram } from '../server/src/python/notebook';
import { loadPythonParser } from '../server/src/python/parser';
import { goldenDir } from './goldenPath';

type Listener = (event: Record<string, unknown>) => void;

class FakeElement {
  children: FakeElement[] = [];
  parent: FakeElement | undefined;
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener[]>();
  hidden = false;
  value = '';
  selected = false;
  readonly clientWidth = 800;
  readonly clientHeight = 600;
  private ownText = '';
  constructor(readonly tagName: string) {}
  setAttribute(k: string, v: string): void {
    this.attributes.set(k, String(v));
  }
  getAttribute(k: string): string | null {
    return this.attributes.get(k) ?? null;
  }
  removeAttribute(k: string): void {
    this.attributes.delete(k);
  }
  appendChild(c: FakeElement): FakeElement {
    c.parent = this;
    this.children.push(c);
    return c;
  }
  set textContent(v: string) {
    this.children = [];
    this.ownText = v;
  }
  get textContent(): string {
    return this.ownText + this.children.map((c) => c.textContent).join('');
  }
  private get classes(): string[] {
    return (this.attributes.get('class') ?? '').split(' ').filter((c) => c !== '');
  }
  readonly classList = {
    add: (c: string) => this.setAttribute('class', [...new Set([...this.classes, c])].join(' ')),
    remove: (c: string) => this.setAttribute('class', this.classes.filter((x) => x !== c).join(' ')),
    contains: (c: string) => this.classes.includes(c),
  };
  /** Only class selectors (`.node.current`), as the script uses. */
  private matches(selector: string): boolean {
    return selector
      .split('.')
      .filter((c) => c !== '')
      .every((c) => this.classList.contains(c));
  }
  querySelectorAll(selector: string): FakeElement[] {
    const out: FakeElement[] = [];
    const walk = (e: FakeElement) => {
      for (const c of e.children) {
        if (c.matches(selector)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }
  closest(selector: string): FakeElement | null {
    for (let e: FakeElement | undefined = this; e; e = e.parent) if (e.matches(selector)) return e;
    return null;
  }
  addEventListener(type: string, f: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), f]);
  }
  dispatch(type: string, event: Record<string, unknown> = {}): void {
    for (const f of this.listeners.get(type) ?? []) f({ target: this, stopPropagation: () => undefined, preventDefault: () => undefined, ...event });
  }
  getBoundingClientRect(): { left: number; top: number } {
    return { left: 0, top: 0 };
  }
  setPointerCapture(): void {}
}

interface Page {
  readonly posted: Record<string, unknown>[];
  readonly viewport: FakeElement;
  readonly canvas: FakeElement;
  send(message: Record<string, unknown>): void;
}

function openPage(): Page {
  const byId = new Map(['canvas', 'viewport', 'model', 'status', 'rankdir', 'expand', 'fit'].map((id) => [id, new FakeElement(id === 'canvas' ? 'svg' : 'div')]));
  const windowListeners: Listener[] = [];
  const posted: Record<string, unknown>[] = [];
  let state: unknown;
  const document = {
    getElementById: (id: string) => byId.get(id),
    createElementNS: (_ns: string, name: string) => new FakeElement(name),
    createElement: (name: string) => new FakeElement(name),
  };
  const window = { addEventListener: (_type: string, f: Listener) => windowListeners.push(f) };
  const acquireVsCodeApi = () => ({
    // Messages cross to the extension serialised, as VS Code does.
    postMessage: (m: Record<string, unknown>) => posted.push(JSON.parse(JSON.stringify(m)) as Record<string, unknown>),
    getState: () => state,
    setState: (s: unknown) => (state = s),
  });
  vm.runInNewContext(SCRIPT, { document, window, acquireVsCodeApi });
  return {
    posted,
    viewport: byId.get('viewport')!,
    canvas: byId.get('canvas')!,
    send: (data) => windowListeners.forEach((f) => f({ data })),
  };
}

const URI = 'file:///work/multi_input_output.py';
let graph: GraphResponse;

before(async () => {
  const text = fs.readFileSync(path.join(goldenDir(), 'programs', 'multi_input_output.py'), 'utf8');
  const parser = await loadPythonParser();
  graph = graphResponse({ uri: URI, version: 1, text, lines: new LineIndex(text), result: analyzeText(parser, text), millis: 0 });
  assert.ok(graph.models.length > 0);
});

describe('graph webview', () => {
  test('a strict Content-Security-Policy: the script and the style run by nonce only', () => {
    const html = webviewHtml('vscode-webview://abc', 'N0nce');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-N0nce'/);
    assert.match(csp, /style-src 'nonce-N0nce'/);
    assert.doesNotMatch(csp, /unsafe/);
    assert.equal((html.match(/<script /g) ?? []).length, (html.match(/<script nonce="N0nce">/g) ?? []).length);
    assert.doesNotMatch(html, /\sstyle="|\son[a-z]+="/);
  });

  test('draws a box per layer and an edge per connection; a click reveals the line', () => {
    const page = openPage();
    assert.deepEqual(page.posted, [{ type: 'ready' }]);
    const model = graph.models.length - 1;
    page.send({ type: 'graph', graph, model, rankdir: 'TB', expandNested: false, cursor: null });
    const m = graph.models[model];
    const nodes = page.viewport.querySelectorAll('.node');
    assert.equal(nodes.length, m.nodes.length);
    assert.equal(page.viewport.querySelectorAll('.edge').length, m.edges.length);
    const linked = m.layout.nodes.find((n) => n.line !== null)!;
    const box = nodes.find((n) => n.getAttribute('data-id') === linked.id)!;
    assert.ok(box.textContent.includes(linked.name));
    box.dispatch('click');
    assert.deepEqual(page.posted.at(-1), { type: 'reveal', line: linked.line });
    // The cursor on that layer's line highlights its box alone.
    page.send({ type: 'cursor', line: linked.line });
    assert.deepEqual(page.viewport.querySelectorAll('.node.current').map((n) => n.getAttribute('data-id')), [linked.id]);
    page.send({ type: 'cursor', line: 1 });
    assert.equal(page.viewport.querySelectorAll('.node.current').length, 0);
  });

  test('pan and zoom survive a redraw of the same model, not a switch to another document', () => {
    const page = openPage();
    page.send({ type: 'graph', graph, model: 0, rankdir: 'TB', expandNested: false, cursor: null });
    const fitted = page.viewport.getAttribute('transform');
    assert.match(fitted ?? '', /^translate\(.+\) scale\(.+\)$/);
    page.canvas.dispatch('wheel', { deltaY: -200, clientX: 100, clientY: 100 });
    page.canvas.dispatch('pointerdown', { button: 0, clientX: 10, clientY: 10, pointerId: 1 });
    page.canvas.dispatch('pointermove', { clientX: 60, clientY: 30 });
    page.canvas.dispatch('pointerup', {});
    const moved = page.viewport.getAttribute('transform');
    assert.notEqual(moved, fitted);
    page.send({ type: 'graph', graph: { ...graph, version: 2 }, model: 0, rankdir: 'TB', expandNested: false, cursor: null });
    assert.equal(page.viewport.getAttribute('transform'), moved);
    page.send({ type: 'graph', graph: { ...graph, uri: 'file:///work/other.py' }, model: 0, rankdir: 'TB', expandNested: false, cursor: null });
    assert.equal(page.viewport.getAttribute('transform'), fitted);
  });

  test('in a notebook a click reveals the line in its cell; the cursor highlights in that cell only', async () => {
    const program = NotebookProgram.build([
      { text: 'import keras\nfrom keras import layers', code: true },
      { text: '## The model', code: false },
      { text: 'inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\nmodel = keras.Model(inputs, x)', code: true },
      { text: 'model.summary()', code: true },
    ]);
    const parser = await loadPythonParser();
    const snapshot = { uri: 'file:///work/nb.ipynb', version: 1, text: program.text, lines: new LineIndex(program.text), result: analyzeText(parser, program.text), millis: 0 };
    const nb = graphResponse(snapshot, 'TB', false, (offset) => {
      const at = program.cellLine(offset)!;
      return { cell: at.cell + 1, line: at.line + 1 };
    });
    const page = openPage();
    page.send({ type: 'graph', graph: nb, model: 0, rankdir: 'TB', expandNested: false, cursor: null, cursorCell: null });
    const dense = nb.models[0].layout.nodes.find((n) => n.class === 'Dense')!;
    assert.deepEqual([dense.cell, dense.line], [3, 2]);
    const box = page.viewport.querySelectorAll('.node').find((n) => n.getAttribute('data-id') === dense.id)!;
    assert.match(box.textContent, /cell 3, line 2/);
    box.dispatch('click');
    assert.deepEqual(page.posted.at(-1), { type: 'reveal', line: 2, cell: 3 });
    page.send({ type: 'cursor', line: 2, cell: 3 });
    assert.deepEqual(page.viewport.querySelectorAll('.node.current').map((n) => n.getAttribute('data-id')), [dense.id]);
    // Line 2 of the first cell is another line.
    page.send({ type: 'cursor', line: 2, cell: 1 });
    assert.equal(page.viewport.querySelectorAll('.node.current').length, 0);
  });

  test('a click on a nested model opens it; a click on its frame closes it', async () => {
    const text = fs.readFileSync(path.join(goldenDir(), 'programs', 'nested_models.py'), 'utf8');
    const parser = await loadPythonParser();
    const snapshot = { uri: 'file:///work/nested_models.py', version: 1, text, lines: new LineIndex(text), result: analyzeText(parser, text), millis: 0 };
    const closed = graphResponse(snapshot);
    const model = closed.models.findIndex((m) => m.name === 'pair');
    const page = openPage();
    page.send({ type: 'graph', graph: closed, model, rankdir: 'TB', expandNested: false, cursor: null });
    const box = page.viewport.querySelectorAll('.node.nested').find((n) => n.getAttribute('data-id') === 'encoder')!;
    assert.ok(box, 'the encoder is one dashed box');
    box.dispatch('click');
    const encoderLine = closed.models[model].layout.nodes.find((n) => n.id === 'encoder')!.line;
    assert.deepEqual(page.posted.slice(-2), [
      { type: 'expandNode', id: 'encoder', value: true },
      { type: 'reveal', line: encoderLine },
    ]);
    // The extension asks again with the frame open.
    const open = graphResponse(snapshot, 'TB', false, undefined, ['encoder']);
    page.send({ type: 'graph', graph: open, model, rankdir: 'TB', expandNested: false, cursor: null });
    assert.equal(page.viewport.querySelectorAll('.cluster').length, 1);
    assert.ok(page.viewport.querySelectorAll('.node').some((n) => n.getAttribute('data-id') === 'encoder/dense_3'));
    const title = page.viewport.querySelectorAll('.cluster-title')[0];
    assert.match(title.textContent, /encoder \(Functional\)/);
    title.dispatch('click');
    assert.deepEqual(page.posted.at(-1), { type: 'expandNode', id: 'encoder', value: false });
  });

  test('a file without models says so', () => {
    const page = openPage();
    page.send({ type: 'graph', graph: { uri: URI, version: 1, models: [] }, model: 0, rankdir: 'TB', expandNested: false, cursor: null });
    assert.match(page.viewport.textContent, /No Keras model found/);
  });
});
