// The summary webview's page run in Node against a small fake DOM: its
// Content-Security-Policy, the server's tables drawn as HTML tables with
// fixed column widths (cells wrap), a nested model's row expanding to that
// model's rows and collapsing again, what is expanded kept across redraws
// (the view stays live as the code changes), and a failing layer's reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { SUMMARY_SCRIPT, SUMMARY_STYLE, summaryHtml } from '../client/src/summaryWebview';
import { summaryTables, type SummaryTableView } from '../server/src/ide/summaryTable';
import { analyzeSource } from './analysisHarness';

type Listener = (event: Record<string, unknown>) => void;

class FakeElement {
  children: FakeElement[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener[]>();
  private ownText = '';
  constructor(readonly tagName: string) {}
  setAttribute(k: string, v: string): void {
    this.attributes.set(k, String(v));
  }
  getAttribute(k: string): string | null {
    return this.attributes.get(k) ?? null;
  }
  appendChild(c: FakeElement): FakeElement {
    this.children.push(c);
    return c;
  }
  addEventListener(type: string, f: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), f]);
  }
  set textContent(v: string) {
    this.children = [];
    this.ownText = v;
  }
  get textContent(): string {
    return this.ownText + this.children.map((c) => c.textContent).join('');
  }
  /** Every element below this one with `tag` (and `cls` in its class list), in document order. */
  all(tag: string, cls?: string): FakeElement[] {
    const out: FakeElement[] = [];
    const visit = (e: FakeElement) => {
      for (const c of e.children) {
        if (c.tagName === tag && (cls === undefined || (c.getAttribute('class') ?? '').split(' ').includes(cls))) out.push(c);
        visit(c);
      }
    };
    visit(this);
    return out;
  }
}

function page() {
  const content = new FakeElement('div');
  const windowListeners: Listener[] = [];
  const posted: unknown[] = [];
  let saved: unknown;
  const context = {
    acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(m), getState: () => saved, setState: (s: unknown) => (saved = s) }),
    document: { getElementById: (id: string) => (id === 'content' ? content : null), createElement: (tag: string) => new FakeElement(tag) },
    window: { addEventListener: (type: string, f: Listener) => type === 'message' && windowListeners.push(f) },
  };
  vm.runInNewContext(SUMMARY_SCRIPT, context);
  return {
    content,
    posted,
    send: (data: unknown) => windowListeners.forEach((f) => f({ data })),
    click: (target: FakeElement) => (content.listeners.get('click') ?? []).forEach((f) => f({ target })),
    rows: () => content.all('tr').filter((tr) => tr.all('td').length > 0).map((tr) => tr.all('td').map((td) => td.textContent.replace(/[▸▾]/g, '').trim())),
  };
}

const NESTED = `import keras
from keras import layers

encoder = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten()], name="encoder")
inputs = keras.Input((28, 28, 1))
z = encoder(inputs)
outputs = layers.Dense(10)(z)
model = keras.Model(inputs, outputs)
`;

const LABELS = { expand: 'Expand', collapse: 'Collapse' };

test('the page allows only its own style and script', () => {
  const html = summaryHtml('vscode-resource:', 'NONCE');
  assert.match(html, /default-src 'none'; img-src vscode-resource: data:; style-src 'nonce-NONCE'; script-src 'nonce-NONCE'/);
  assert.match(html, /<script nonce="NONCE">/);
  // Columns share the width and cells wrap: the table never pushes Param # out of view.
  assert.match(SUMMARY_STYLE, /table-layout: fixed/);
  assert.match(SUMMARY_STYLE, /overflow-wrap: anywhere/);
});

test('a model\'s table, its nested model expanding to its rows and collapsing, kept across redraws', async () => {
  const result = await analyzeSource(NESTED);
  const tables = summaryTables(result.models);
  const p = page();
  assert.equal(JSON.stringify(p.posted), JSON.stringify([{ type: 'ready' }]));
  p.send({ type: 'summary', tables, model: 1, text: '', labels: LABELS });
  assert.match(p.content.all('h3')[0].textContent, /Model: "functional"/);
  assert.deepEqual(p.content.all('th').map((th) => th.textContent), ['Layer (type)', 'Output Shape', 'Param #']);
  assert.deepEqual(p.content.all('col').map((c) => c.getAttribute('style')), ['width: 45%', 'width: 35%', 'width: 20%']);
  assert.deepEqual(p.rows(), [
    ['input_layer_1 (InputLayer)', '(None, 28, 28, 1)', '0'],
    ['encoder (Sequential)', '(None, 5408)', '80'],
    ['dense (Dense)', '(None, 10)', '54,090'],
  ]);
  assert.deepEqual(p.content.all('div', 'totals')[0].children.map((d) => d.textContent), ['Total params: 54,170 (211.60 KB)', 'Trainable params: 54,170 (211.60 KB)', 'Non-trainable params: 0 (0.00 B)']);

  const [toggle] = p.content.all('button', 'toggle');
  assert.equal(toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(toggle.getAttribute('title'), 'Expand');
  p.click(toggle);
  assert.deepEqual(p.rows().slice(1, 4), [
    ['encoder (Sequential)', '(None, 5408)', '80'],
    ['conv2d (Conv2D)', '(None, 26, 26, 8)', '80'],
    ['flatten (Flatten)', '(None, 5408)', '0'],
  ]);
  assert.equal(p.content.all('tr', 'child').length, 2);

  // The code changes (a wider Dense): the redraw keeps the nested model open.
  const edited = summaryTables((await analyzeSource(NESTED.replace('Dense(10)', 'Dense(20)'))).models);
  p.send({ type: 'summary', tables: edited, model: 1, text: '', labels: LABELS });
  assert.equal(p.content.all('tr', 'child').length, 2);
  assert.deepEqual(p.rows()[4], ['dense (Dense)', '(None, 20)', '108,180']);

  p.click(p.content.all('button', 'toggle')[0]);
  assert.equal(p.content.all('tr', 'child').length, 0);
});

test('every model when none is chosen; a failing layer\'s unknown cells and why the totals are unknown', async () => {
  const text = `import keras
from keras import layers

inputs = keras.Input(shape=(28, 64))
x = layers.Conv2D(16, 3)(inputs)
model = keras.Model(inputs, layers.Flatten()(x))
`;
  const tables: SummaryTableView[] = summaryTables((await analyzeSource(text)).models);
  const p = page();
  p.send({ type: 'summary', tables, model: null, text: '', labels: LABELS });
  assert.deepEqual(p.rows()[1], ['conv2d (Conv2D)', '?', '?']);
  assert.ok(p.content.all('td', 'unknown').length >= 2);
  assert.equal(p.content.all('div', 'why')[0].textContent, 'Totals unknown because of the error at line 5.');

  p.send({ type: 'summary', tables: [], model: null, text: 'No Keras model found in this file.\n', labels: LABELS });
  assert.equal(p.content.all('pre')[0].textContent, 'No Keras model found in this file.\n');
});
