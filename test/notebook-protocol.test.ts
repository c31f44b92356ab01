// Jupyter notebooks in the language server, driven by a real JSON-RPC client
// through LSP 3.17 notebook synchronisation: the code cells are one program in
// cell order; hints, hovers, code lenses and diagnostics land in the cell
// whose text they are in; edits, added, removed and moved cells are followed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { CodeLens, InitializeResult, InlayHint, NotebookCell, PublishDiagnosticsParams, TextDocumentItem } from 'vscode-languageserver-protocol/node';
import { startServerOnStreams } from '../server/src/lsp/inProcess';
import { endOf, labels, makeClient, markdown, positionOf, waitUntil, type Client } from './lspClient';

const NOTEBOOK = 'file:///work/nb.ipynb';
const cellUri = (id: string) => `vscode-notebook-cell:/work/nb.ipynb#${id}`;

const IMPORTS = '%matplotlib inline\n!pip install keras\nimport keras\nfrom keras import layers\nSIZE = 28\n';
const MODEL = `inputs = keras.Input(shape=(SIZE, SIZE, 1))
x = layers.Conv2D(8, 3)(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;
const SUMMARY = 'model.summary()\nbad = layers.Conv2D(4, 3)(outputs)\n';

const CODE = 2;
const MARKUP = 1;

interface NotebookClient extends Client {
  openNotebook(cells: TextDocumentItem[], uri?: string): void;
  notebookChange(change: object, uri?: string): void;
  hintsIn(uri: string): Promise<InlayHint[]>;
  lenses(uri: string): Promise<CodeLens[]>;
  /** The next diagnostics for `uri` published after this call (or after `mark`). */
  nextDiagnostics(uri: string, mark?: number, accept?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
}

function item(id: string, text: string, languageId = 'python', version = 1): TextDocumentItem {
  return { uri: cellUri(id), languageId, version, text };
}

function cell(doc: TextDocumentItem): NotebookCell {
  return { kind: doc.languageId === 'python' ? CODE : MARKUP, document: doc.uri };
}

function notebookClient(client: Client): NotebookClient {
  let version = 1;
  return Object.assign(client, {
    openNotebook(cells: TextDocumentItem[], uri = NOTEBOOK) {
      void client.connection.sendNotification('notebookDocument/didOpen', {
        notebookDocument: { uri, notebookType: 'jupyter-notebook', version, cells: cells.map(cell) },
        // A copy: the message is written later, and the caller may change its array meanwhile.
        cellTextDocuments: cells.map((c) => ({ ...c })),
      });
    },
    notebookChange(change: object, uri = NOTEBOOK) {
      version++;
      void client.connection.sendNotification('notebookDocument/didChange', { notebookDocument: { uri, version }, change });
    },
    hintsIn: (uri: string) => client.hints(uri),
    lenses: (uri: string) => client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>,
    nextDiagnostics(uri: string, mark = client.diagnostics.length, accept: (p: PublishDiagnosticsParams) => boolean = () => true) {
      return client.waitForDiagnostics(uri, (p) => client.diagnostics.indexOf(p) >= mark && accept(p));
    },
  });
}

describe('Jupyter notebooks over LSP notebook synchronisation', () => {
  let client: NotebookClient;
  let stop: () => void;
  const imports = item('imports', IMPORTS);
  const model = item('model', MODEL);
  const summary = item('summary', SUMMARY);

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 20 });
    client = notebookClient(makeClient(toClient, toServer));
    const init = (await client.initialize()) as InitializeResult;
    assert.deepEqual(init.capabilities.notebookDocumentSync, {
      notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
    });
    void client.connection.sendNotification('initialized', {});
  });

  after(() => {
    stop();
    client.connection.dispose();
  });

  test('opening a notebook publishes diagnostics in the cell where the code is; IPython magics are no syntax errors', async () => {
    const mark = client.diagnostics.length;
    client.openNotebook([imports, model, summary]);
    const [first, second, third] = await Promise.all([imports, model, summary].map((c) => client.nextDiagnostics(c.uri, mark)));
    assert.deepEqual(first.diagnostics, []);
    assert.deepEqual(second.diagnostics, []);
    assert.equal(third.diagnostics.length, 1, JSON.stringify(third.diagnostics));
    const [d] = third.diagnostics;
    assert.equal(d.code, 'incompatible-input');
    assert.deepEqual(d.range.start, positionOf(SUMMARY, SUMMARY.indexOf('layers.Conv2D')));
    assert.equal(d.range.end.line, 1);
    assert.equal(third.version, 1);
    assert.ok(!client.diagnostics.some((p) => p.uri === NOTEBOOK), 'nothing is published on the notebook itself');
  });

  test('inlay hints in the model cell use the imports and constants of the first cell', async () => {
    const hints = await client.hintsIn(model.uri);
    const got = labels(hints);
    for (const expected of ['(None, 26, 26, 8) · 80 params', '(None, 5408)', '(None, 10) · 54,090 params']) {
      assert.ok(got.includes(expected), `missing ${expected} in\n${got.join('\n')}`);
    }
    const conv = hints.find((h) => labels([h])[0].startsWith('(None, 26, 26, 8)'))!;
    assert.deepEqual(conv.position, endOf(MODEL, 'layers.Conv2D(8, 3)(inputs)'));
    assert.match(JSON.stringify(conv.tooltip), /Conv2D/);
    // Each cell gets only its own hints.
    assert.deepEqual(labels(await client.hintsIn(imports.uri)), []);
    // The summary cell's failing call shows what failed (the output of `model.summary()` is no layer call).
    assert.deepEqual(labels(await client.hintsIn(summary.uri)), ['✗ ndim 2, needs ≥4']);
  });

  test('a hover in the model cell explains the layer, with a range in that cell', async () => {
    const hover = await client.hover(model.uri, endOf(MODEL, 'layers.Con'));
    const md = markdown(hover);
    assert.match(md, /\*\*Conv2D\*\*/);
    assert.match(md, /`\(None, 28, 28, 1\)` → `\(None, 26, 26, 8\)`/);
    assert.deepEqual(hover?.range?.start, positionOf(MODEL, MODEL.indexOf('layers.Conv2D')));
    assert.match(markdown(await client.hover(summary.uri, { line: 0, character: 2 })), /Total params: 54,170/);
  });

  test('a code lens above the model in its cell; the summary request takes a cell', async () => {
    const lenses = await client.lenses(model.uri);
    // The summary's lens, then the graph's.
    assert.equal(lenses.length, 2);
    assert.equal(lenses[0].range.start.line, 4);
    assert.equal(lenses[0].command?.title, 'Total params: 54,170 · Show summary');
    assert.equal(lenses[0].command?.command, 'keras-shapes.showSummary');
    assert.deepEqual(lenses[0].command?.arguments, [model.uri, 0]);
    assert.equal(lenses[1].command?.command, 'keras-shapes.showGraph');
    assert.deepEqual(await client.lenses(imports.uri), []);
    const r = (await client.connection.sendRequest('kerasShapes/summary', { uri: model.uri, model: 0 })) as { text: string; models: string[] };
    assert.deepEqual(r.models, ['model']);
    assert.match(r.text, /│ conv2d \(Conv2D\) +│ \(None, 26, 26, 8\) +│ +80 │/);
  });

  test('the graph request takes a cell or the notebook; each layer and model says its cell and line in it', async () => {
    interface Node {
      name: string;
      class: string;
      line: number | null;
      end_line?: number;
      cell?: number;
    }
    interface Graph {
      uri: string;
      models: { name: string; line: number; cell?: number; nodes: Node[]; edges: unknown[]; layout: { nodes: Node[] } }[];
    }
    const fromCell = (await client.connection.sendRequest('kerasShapes/graph', { uri: model.uri })) as Graph;
    const fromNotebook = (await client.connection.sendRequest('kerasShapes/graph', { uri: NOTEBOOK })) as Graph;
    assert.equal(fromCell.uri, NOTEBOOK);
    assert.deepEqual(fromNotebook, fromCell);
    assert.equal(fromCell.models.length, 1);
    const [m] = fromCell.models;
    // The model is on line 5 of cell 2 (line 10 of the program).
    assert.deepEqual({ name: m.name, cell: m.cell, line: m.line }, { name: 'model', cell: 2, line: 5 });
    const places = m.nodes.map((n) => [n.name, n.class, n.cell, n.line, n.end_line]);
    assert.deepEqual(places, [
      // keras.Input makes no layer call: no place, as in a file.
      ['input_layer', 'InputLayer', undefined, null, undefined],
      ['conv2d', 'Conv2D', 2, 2, 2],
      ['flatten', 'Flatten', 2, 3, 3],
      ['dense', 'Dense', 2, 4, 4],
    ]);
    assert.equal(m.edges.length, 3);
    // The laid-out boxes carry the same places, for the editor to reveal.
    assert.deepEqual(
      m.layout.nodes.map((n) => [n.name, n.cell, n.line]),
      places.map(([name, , cellIndex, line]) => [name, cellIndex, line]),
    );
    await assert.rejects(client.connection.sendRequest('kerasShapes/graph', { uri: cellUri('nowhere') }), /is not open/);
  });

  test('editing the first cell changes the hints of the second', async () => {
    const at = IMPORTS.indexOf('28');
    client.notebookChange({
      cells: {
        textContent: [
          { document: { uri: imports.uri, version: 2 }, changes: [{ range: { start: positionOf(IMPORTS, at), end: positionOf(IMPORTS, at + 2) }, text: '32' }] },
        ],
      },
    });
    const got = labels(await client.hintsIn(model.uri));
    assert.ok(got.includes('(None, 30, 30, 8) · 80 params'), got.join('\n'));
    assert.ok(got.includes('(None, 7200)'), got.join('\n'));
    // An import alias: the model cell's `layers` is gone, and so are its shapes.
    const from = IMPORTS.indexOf('layers\n');
    client.notebookChange({
      cells: {
        textContent: [{ document: { uri: imports.uri, version: 3 }, changes: [{ range: { start: positionOf(IMPORTS, from), end: positionOf(IMPORTS, from + 6) }, text: 'layers as L' }] }],
      },
    });
    assert.ok(!labels(await client.hintsIn(model.uri)).includes('(None, 7200)'));
    const aliased = IMPORTS.replace('28', '32').replace('layers\n', 'layers as L\n');
    client.notebookChange({
      cells: {
        textContent: [
          { document: { uri: imports.uri, version: 4 }, changes: [{ range: { start: positionOf(aliased, from), end: positionOf(aliased, from + 11) }, text: 'layers' }] },
        ],
      },
    });
    assert.ok(labels(await client.hintsIn(model.uri)).includes('(None, 7200)'));
  });

  test('an added cell is analysed in its place; removing it clears its diagnostics', async () => {
    const added = item('added', 'oops = layers.Conv2D(4, 3)(keras.Input(shape=(5,)))\ny = layers.Dense(3)(x)\n');
    let mark = client.diagnostics.length;
    client.notebookChange({ cells: { structure: { array: { start: 2, deleteCount: 0, cells: [cell(added)] }, didOpen: [added] } } });
    const published = await client.nextDiagnostics(added.uri, mark);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['incompatible-input', 0]]);
    assert.ok(labels(await client.hintsIn(added.uri)).includes('(None, 3) · 21,603 params'));
    mark = client.diagnostics.length;
    client.notebookChange({ cells: { structure: { array: { start: 2, deleteCount: 1 }, didClose: [{ uri: added.uri }] } } });
    assert.deepEqual((await client.nextDiagnostics(added.uri, mark)).diagnostics, []);
    assert.equal((await client.nextDiagnostics(summary.uri, mark)).diagnostics.length, 1);
  });

  test('a moved cell runs in its new place', async () => {
    // The summary cell before the model cell: `outputs` does not exist yet when it runs.
    let mark = client.diagnostics.length;
    client.notebookChange({ cells: { structure: { array: { start: 1, deleteCount: 2, cells: [cell(summary), cell(model)] } } } });
    assert.deepEqual((await client.nextDiagnostics(summary.uri, mark)).diagnostics, []);
    assert.ok(labels(await client.hintsIn(model.uri)).includes('(None, 7200)'));
    mark = client.diagnostics.length;
    client.notebookChange({ cells: { structure: { array: { start: 1, deleteCount: 2, cells: [cell(model), cell(summary)] } } } });
    assert.equal((await client.nextDiagnostics(summary.uri, mark)).diagnostics.length, 1);
  });

  test('a cell turned into markdown leaves the program', async () => {
    // An editor sends the change of language as the cell closed and a markdown cell opened in its place.
    const mark = client.diagnostics.length;
    const asMarkdown = item('summary-md', SUMMARY, 'markdown');
    client.notebookChange({
      cells: { structure: { array: { start: 2, deleteCount: 1, cells: [cell(asMarkdown)] }, didOpen: [asMarkdown], didClose: [{ uri: summary.uri }] } },
    });
    assert.deepEqual((await client.nextDiagnostics(summary.uri, mark)).diagnostics, []);
    assert.deepEqual(await client.hintsIn(asMarkdown.uri), []);
    assert.ok(labels(await client.hintsIn(model.uri)).includes('(None, 7200)'));
    // And back to Python.
    const back = client.diagnostics.length;
    client.notebookChange({
      cells: { structure: { array: { start: 2, deleteCount: 1, cells: [cell(summary)] }, didOpen: [{ ...summary, version: 2 }], didClose: [{ uri: asMarkdown.uri }] } },
    });
    assert.equal((await client.nextDiagnostics(summary.uri, back)).diagnostics.length, 1);
  });

  test('closing the notebook clears its cells\' diagnostics', async () => {
    const mark = client.diagnostics.length;
    void client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: NOTEBOOK },
      cellTextDocuments: [imports, model, summary].map((c) => ({ uri: c.uri })),
    });
    assert.deepEqual((await client.nextDiagnostics(summary.uri, mark)).diagnostics, []);
    assert.deepEqual(await client.hintsIn(model.uri), []);
  });

  test('kerasShapes/checkFile reads a closed .ipynb file and names the cell and line', async () => {
    const uri = 'file:///work/closed.ipynb';
    const json = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: 'code', source: IMPORTS, metadata: {}, outputs: [], execution_count: null },
        { cell_type: 'markdown', source: '# The model', metadata: {} },
        { cell_type: 'code', source: MODEL, metadata: {}, outputs: [], execution_count: null },
        { cell_type: 'code', source: SUMMARY, metadata: {}, outputs: [], execution_count: null },
      ],
    });
    const r = (await client.connection.sendRequest('kerasShapes/checkFile', { uri, text: json })) as { errors: number; models: number };
    assert.equal(r.errors, 1);
    assert.equal(r.models, 1);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.diagnostics.length, 1);
    assert.match(published.diagnostics[0].message, /^cell 4, line 2: /);
    // On the line of the file that writes the code.
    const start = published.diagnostics[0].range.start;
    assert.equal(json.split('\n')[start.line].slice(start.character, start.character + 'layers.Conv2D'.length), 'layers.Conv2D');
    await assert.rejects(client.connection.sendRequest('kerasShapes/checkFile', { uri: 'file:///work/bad.ipynb', text: '{"nbformat": 3}' }), /nbformat 3 is not supported/);
  });
});

test('notebooks: settings apply to cells, tooltips resolve on request, and a request overtaken by an edit answers empty', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 20 });
  const client = notebookClient(makeClient(toClient, toServer));
  try {
    await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, inlayHint: { refreshSupport: true } },
        textDocument: { inlayHint: { resolveSupport: { properties: ['tooltip'] } } },
      },
    });
    void client.connection.sendNotification('initialized', {});
    const imports = item('imports', IMPORTS);
    const model = item('model', MODEL);
    client.openNotebook([imports, model]);
    const hints = await client.hintsIn(model.uri);
    const conv = hints.find((h) => labels([h])[0].startsWith('(None, 26, 26, 8)'));
    assert.ok(conv, labels(hints).join('\n'));
    assert.ok(hints.every((h) => h.tooltip === undefined && h.data !== undefined));
    const resolved = (await client.connection.sendRequest('inlayHint/resolve', conv)) as InlayHint;
    assert.match(JSON.stringify(resolved.tooltip), /\(None, 28, 28, 1\)/);

    // A hover asked for just before an edit of the first cell answers empty: it is about text that is gone.
    const pending = client.hover(model.uri, endOf(MODEL, 'layers.Con'));
    client.notebookChange({ cells: { textContent: [{ document: { uri: imports.uri, version: 2 }, changes: [{ text: IMPORTS.replace('28', '30') }] }] } });
    assert.equal(await pending, null);
    assert.match(markdown(await client.hover(model.uri, endOf(MODEL, 'layers.Con'))), /\(None, 28, 28, 8\)/);
    // …and the hint resolved before the edit is stale now.
    assert.equal(((await client.connection.sendRequest('inlayHint/resolve', conv)) as InlayHint).tooltip, undefined);

    // Settings apply without a restart, and the cells' diagnostics are published again.
    const refreshes = client.refreshes;
    const mark = client.diagnostics.length;
    client.settings = { batchDim: 'hide', inlayHints: { showParams: false } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitUntil(() => client.refreshes > refreshes);
    const got = labels(await client.hintsIn(model.uri));
    assert.ok(got.includes('(28, 28, 8)'), got.join('\n'));
    assert.deepEqual((await client.nextDiagnostics(model.uri, mark)).diagnostics, []);
  } finally {
    stop();
    client.connection.dispose();
  }
});

test('notebooks: a reason names the cell and the line in it, not a line of the joined cells', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 20 });
  const client = notebookClient(makeClient(toClient, toServer));
  try {
    await client.initialize();
    void client.connection.sendNotification('initialized', {});
    const failing = 'x = keras.Input((4,))\nbad = layers.Conv2D(4, 3)(x)\n';
    const after = 'y = layers.Dense(2)(bad)\nm = keras.Model(x, y)\n';
    const cells = [item('imports', IMPORTS), item('heading', '# The model', 'markdown'), item('failing', failing), item('after', after)];
    client.openNotebook(cells);
    // The error is in the third cell (the second code cell), on its second line.
    const md = markdown(await client.hover(cells[3].uri, endOf(after, 'layers.Den')));
    assert.match(md, /because of the error at cell 3, line 2/);
    const lenses = await client.lenses(cells[3].uri);
    assert.equal(lenses[0].command?.title, 'Total params: ? — error at cell 3, line 2 · Show summary');
  } finally {
    stop();
    client.connection.dispose();
  }
});

test('random edits, added, removed and moved cells end in the hints of the final notebook opened afresh', { timeout: 120_000 }, async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const stop = startServerOnStreams(toServer, toClient, { diagnosticsDelayMs: 5 });
  const client = notebookClient(makeClient(toClient, toServer));
  try {
    await client.initialize();
    void client.connection.sendNotification('initialized', {});
    const SNIPPETS = ['8', '16', '', '\n', '(', ')', 'x = layers.Dense(4)(x)\n', 'y = layers.Conv2D(2, 3)(inputs)\n', '!ls\n', '%time ', '%%time\n', 'SIZE = 12\n', ' as L', '"""', '#'];
    let seed = 2024;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const cells = [item('r0', IMPORTS), item('r1', MODEL), item('r2', SUMMARY)];
    client.openNotebook(cells);
    let next = 3;
    // The imports cell stays first and as it is, so that shapes survive the edits of the others.
    const other = () => 1 + random(cells.length - 1);
    for (let step = 0; step < 60; step++) {
      const op = random(10);
      if (op < 6 && cells.length > 1) {
        const i = other();
        const c = cells[i];
        const a = random(c.text.length + 1);
        const b = Math.min(c.text.length, a + random(6));
        const text = SNIPPETS[random(SNIPPETS.length)];
        cells[i] = { ...c, version: c.version + 1, text: c.text.slice(0, a) + text + c.text.slice(b) };
        client.notebookChange({
          cells: { textContent: [{ document: { uri: c.uri, version: c.version + 1 }, changes: [{ range: { start: positionOf(c.text, a), end: positionOf(c.text, b) }, text }] }] },
        });
      } else if (op === 6) {
        const added = item(`r${next++}`, SNIPPETS[random(SNIPPETS.length)] + MODEL.split('\n')[random(5)] + '\n');
        const at = 1 + random(cells.length);
        cells.splice(at, 0, added);
        client.notebookChange({ cells: { structure: { array: { start: at, deleteCount: 0, cells: [cell(added)] }, didOpen: [added] } } });
      } else if (op === 7 && cells.length > 2) {
        const at = other();
        const [removed] = cells.splice(at, 1);
        client.notebookChange({ cells: { structure: { array: { start: at, deleteCount: 1 }, didClose: [{ uri: removed.uri }] } } });
      } else if (op > 7 && cells.length > 2) {
        const from = other();
        const to = other();
        const [moved] = cells.splice(from, 1);
        cells.splice(to, 0, moved);
        const start = Math.min(from, to);
        const count = Math.abs(from - to) + 1;
        client.notebookChange({ cells: { structure: { array: { start, deleteCount: count, cells: cells.slice(start, start + count).map(cell) } } } });
      }
      if (random(3) === 0) await client.hintsIn(cells[random(cells.length)].uri);
    }
    const fresh = cells.map((c, i) => ({ ...c, uri: `vscode-notebook-cell:/work/fresh.ipynb#f${i}` }));
    client.openNotebook(fresh, 'file:///work/fresh.ipynb');
    let hinted = 0;
    for (const [i, c] of cells.entries()) {
      const strip = (hints: InlayHint[]) => hints.map((h) => [h.position, labels([h])[0]]);
      const got = strip(await client.hintsIn(c.uri));
      hinted += got.length;
      assert.deepEqual(got, strip(await client.hintsIn(fresh[i].uri)), `cell ${i}:\n${c.text}`);
    }
    assert.ok(hinted > 0, 'some hints survive the edits:\n' + cells.map((c) => c.text).join('\n----\n'));
  } finally {
    stop();
    client.connection.dispose();
  }
});
