#!/usr/bin/env node
// The packaged extension in a real VS Code: code-server 4.100.3 (VS Code
// 1.100.3 in the browser) driven by Debian's Chromium through playwright-core.
// Installs nothing: expects `npm run package` (the .vsix) and
// `npm run e2e:install` (code-server in .e2e/) to have run; .ci/run does both.
//
//   npm run e2e          (node --test --test-reporter=spec test/e2e/editor.e2e.js)
//
// Every wait is for something a user would see (a hint, a squiggle, a hover,
// a table); no fixed sleeps. Screenshots go to test/artifacts/;
// UPDATE_SCREENSHOT=1 also refreshes docs/screenshot.png, docs/hover.png,
// docs/notebook.png, docs/graph-dark.png, docs/graph-light.png, docs/error-hover.png
// and docs/summary.png.
// @ts-check
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..', '..');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const vsix = process.env.KERAS_SHAPES_VSIX ?? path.join(root, `keras-shapes-${version}.vsix`);
const codeServer = path.join(root, '.e2e', 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const artifacts = path.join(root, 'test', 'artifacts');
const NBSP = '\u00a0';
const WAIT = 60_000;

/** @type {{ tmp: string, port: number, server?: import('node:child_process').ChildProcess, serverLog: string[], context?: import('playwright-core').BrowserContext, page?: import('playwright-core').Page, started: number }} */
const run = { tmp: '', port: 0, serverLog: [], started: Date.now() };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Resolves when code-server answers /healthz (polling: there is nothing to watch on screen yet). */
async function waitForHealth(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return;
    if (run.server?.exitCode != null) throw new Error(`code-server exited (${run.server.exitCode}):\n${run.serverLog.join('')}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in ${timeoutMs} ms:\n${run.serverLog.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

async function shot(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, name);
  await page().screenshot({ path: file });
  return file;
}

function page() {
  if (!run.page) throw new Error('no page');
  return run.page;
}

/** Text of every rendered line of every editor, with U+00A0 turned back into spaces. */
async function editorLines(selector = '.monaco-editor .view-line') {
  return page().$$eval(selector, (lines) => lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')));
}

/** Waits until some rendered editor line contains `needle`. */
async function waitForLineText(needle, selector = '.monaco-editor .view-line') {
  await page().waitForFunction(
    ([n, sel]) => [...document.querySelectorAll(sel)].some((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(n)),
    [needle, selector],
    { timeout: WAIT },
  );
}

/** Screen centre of `word` inside the first rendered editor line containing `lineNeedle`. */
async function textCenter(lineNeedle, word) {
  await waitForLineText(lineNeedle);
  const box = await page().evaluate(
    ([needle, w]) => {
      const norm = (/** @type {string} */ s) => s.replace(/\u00a0/g, ' ');
      const line = [...document.querySelectorAll('.monaco-editor .view-line')].find((l) => norm(l.textContent ?? '').includes(needle));
      if (!line) return null;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const i = norm(node.textContent ?? '').indexOf(w);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + w.length);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return null;
    },
    [lineNeedle, word],
  );
  assert.ok(box, `${word} not found on a line with ${lineNeedle}`);
  return box;
}

async function openFromExplorer(fileName) {
  const row = page().locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ state: 'visible', timeout: WAIT });
  await row.click();
  // With the editor split (a summary or a graph beside the code), the file may be active in both groups.
  await page().locator('.tabs-container .tab.active', { hasText: fileName }).first().waitFor({ timeout: WAIT });
}

before(async () => {
  for (const [what, file, how] of [
    ['the packaged extension', vsix, 'npm run package'],
    ['code-server', codeServer, 'npm run e2e:install'],
    ['Chromium', chromiumPath, 'apt-get install chromium'],
  ]) {
    assert.ok(fs.existsSync(file), `${what} is missing (${file}): run \`${how}\` first`);
  }
  run.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-shapes-e2e-'));
  const dirs = Object.fromEntries(['data', 'extensions', 'config', 'share', 'cache', 'profile', 'workspace'].map((d) => [d, path.join(run.tmp, d)]));
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  copyDir(path.join(__dirname, 'workspace'), dirs.workspace);
  fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.data, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'editor.inlayHints.enabled': 'on',
        'editor.minimap.enabled': false,
        'editor.fontSize': 14,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.tips.enabled': false,
        'git.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
      },
      null,
      2,
    ),
  );
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.share,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: run.tmp,
  };
  const common = ['--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions];
  const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(install.status, 0, `--install-extension failed:\n${install.stdout}\n${install.stderr}`);
  assert.match(install.stdout, /successfully installed/i, install.stdout);

  run.port = await freePort();
  run.server = spawn(
    codeServer,
    [
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${run.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      dirs.workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  run.server.stdout?.on('data', (d) => run.serverLog.push(String(d)));
  run.server.stderr?.on('data', (d) => run.serverLog.push(String(d)));
  await waitForHealth(run.port, 60_000);

  run.context = await chromium.launchPersistentContext(dirs.profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1500, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  run.page = run.context.pages()[0] ?? (await run.context.newPage());
  run.page.on('pageerror', (e) => run.serverLog.push(`page error: ${e.message}\n`));
  await run.page.goto(`http://127.0.0.1:${run.port}/?folder=${encodeURIComponent(dirs.workspace)}`);
  await run.page.locator('.monaco-workbench').waitFor({ timeout: WAIT });
});

after(async () => {
  try {
    if (run.page) await shot('last.png').catch(() => undefined);
    await run.context?.close();
  } finally {
    // code-server runs in its own process group (detached): stop that group, by its id.
    if (run.server?.pid && run.server.exitCode === null) {
      try {
        process.kill(-run.server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (run.tmp && !process.env.KEEP_E2E_TMP) fs.rmSync(run.tmp, { recursive: true, force: true, maxRetries: 3 });
    if (process.env.E2E_VERBOSE) console.log(run.serverLog.join(''));
    console.log(`# e2e total ${((Date.now() - run.started) / 1000).toFixed(1)} s`);
  }
});

test('inlay hints show the output shape and params after each layer call', { timeout: 120_000 }, async () => {
  const started = Date.now();
  await openFromExplorer('cnn.py');
  await waitForLineText('(None, 61, 61, 24) · 4,632 params');
  await waitForLineText('(None, 10) · 490 params');
  const raw = await page().$$eval('.monaco-editor .view-line', (ls) => ls.map((l) => l.textContent ?? ''));
  assert.ok(raw.some((l) => l.includes(`(None,${NBSP}61,${NBSP}61,${NBSP}24)`)), 'the hint renders with non-breaking spaces');
  const lines = await editorLines();
  assert.ok(lines.some((l) => l.includes('x = layers.MaxPooling2D(pool_size=2)(x)') && l.includes('(None, 30, 30, 24)')), lines.join('\n'));
  console.log(`# first hint ${((Date.now() - started) / 1000).toFixed(1)} s after opening the file`);
  await page().locator('.monaco-editor .codelens-decoration', { hasText: 'Total params: 15,730 · Show summary' }).waitFor({ timeout: WAIT });
  await shot('01-inlay-hints.png');
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page().screenshot({ path: path.join(root, 'docs', 'screenshot.png'), clip: { x: 0, y: 0, width: 1300, height: 420 } });
  }
});

test('hovering a Conv2D call explains the arithmetic', { timeout: 120_000 }, async () => {
  const hover = await hoverOver('layers.Conv2D(24', 'Conv2D', 'floor((128 − 8) / 2) + 1 = 61');
  const text = ((await hover.textContent()) ?? '').replace(/\u00a0/g, ' ');
  assert.match(text, /Conv2D/);
  assert.match(text, /\(None, 128, 128, 3\) → \(None, 61, 61, 24\)/);
  assert.match(text, /8·8·3·24 \+ 24 = 4,632/);
  await shot('02-hover.png');
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page().screenshot({ path: path.join(root, 'docs', 'hover.png'), clip: { x: 0, y: 0, width: 1500, height: 480 } });
  }
  await page().mouse.move(5, 5);
  await page().keyboard.press('Escape');
});

/** Moves the mouse onto `word` of the line holding `lineNeedle` until a hover holding `hoverText` shows; returns that hover. */
async function hoverOver(lineNeedle, word, hoverText) {
  const hover = page().locator('.monaco-hover-content', { hasText: hoverText });
  // The hover opens after the mouse rests on the call; move onto it again if the first rest was cut short.
  for (let attempt = 0; ; attempt++) {
    const at = await textCenter(lineNeedle, word);
    await page().mouse.move(at.x, at.y, { steps: 4 });
    try {
      await hover.first().waitFor({ state: 'visible', timeout: attempt < 2 ? 10_000 : WAIT });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await page().mouse.move(5, 5);
    }
  }
  // Let the hover finish fading in before a picture.
  await page().waitForFunction(() => {
    const h = document.querySelector('.monaco-hover-content')?.closest('.monaco-hover');
    return h !== null && h !== undefined && getComputedStyle(h).opacity === '1' && h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  }, undefined, { timeout: WAIT });
  return hover.first();
}

test('a shape error is underlined in the editor', { timeout: 120_000 }, async () => {
  await openFromExplorer('broken.py');
  await page().locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: WAIT });
  const lines = await editorLines();
  assert.ok(lines.some((l) => l.includes('layers.Conv2D(16, 3')), lines.join('\n'));
  await shot('03-error.png');
});

test('the failing call shows what failed, and its hover teaches what Keras checks, why it fails and what to do', { timeout: 120_000 }, async () => {
  await openFromExplorer('broken.py');
  // The failing call's hint, and the lens naming the error's line.
  await waitForLineText('✗ ndim 3, needs ≥4');
  const hinted = await editorLines();
  // The hint follows the layer inside the list, before its comma (after the editor's thin padding).
  assert.ok(hinted.some((l) => /layers\.Conv2D\(16, 3, activation="relu"\)\s*✗ ndim 3, needs ≥4,/.test(l)), hinted.join('\n'));
  await page().locator('.monaco-editor .codelens-decoration', { hasText: 'Total params: ? — error at line 7 · Show summary' }).waitFor({ timeout: WAIT });
  const hover = await hoverOver('layers.Conv2D(16, 3', 'Conv2D', 'What Keras checks');
  const text = ((await hover.textContent()) ?? '').replace(/\u00a0/g, ' ');
  assert.match(text, /Keras raises an error here/);
  assert.match(text, /What Keras checks: Conv2D checks the rank of its input: at least 4 axes \(batch, height, width, channels\)\./);
  assert.match(text, /Why it fails: It gets 3 axes: \(None, 28, 28\)\./);
  assert.match(text, /What to do: Add the missing axis before it, e\.g\. layers\.Reshape\(\(28, 28, 1\)\)/);
  assert.match(text, /Keras says: Input 0 with name 'None' of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=3\. Full shape received: \(None, 28, 28\)/);
  // The hover fits: its explanation and Keras's message are visible without scrolling.
  const fits = await page().evaluate(() => {
    const c = document.querySelector('.monaco-hover .monaco-scrollable-element');
    return c ? c.scrollHeight <= c.clientHeight + 1 : true;
  });
  assert.ok(fits, 'the error hover needs scrolling');
  // The lines after it: unknown because of the error.
  const below = await hoverOver('layers.Flatten()', 'Flatten', 'because of the error at line 7');
  assert.match(((await below.textContent()) ?? '').replace(/\u00a0/g, ' '), /the input shape is not known because of the error at line 7/);
  await hoverOver('layers.Conv2D(16, 3', 'Conv2D', 'What Keras checks');
  await shot('03-error-hover.png');
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page().screenshot({ path: path.join(root, 'docs', 'error-hover.png'), clip: { x: 0, y: 0, width: 1500, height: 520 } });
  }
  await page().mouse.move(5, 5);
  await page().keyboard.press('Escape');
});

/** Runs a command from the command palette by its title. */
async function runCommand(title) {
  await page().keyboard.press('F1');
  const input = page().locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(`>${title}`);
  await page().locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: WAIT });
  await page().keyboard.press('Enter');
}

/** The webview of the active editor tab (the summary or the graph). */
function activeWebview() {
  return page().frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** The cells of every table row a webview shows, as text. */
async function webviewRows(frame) {
  return frame.locator('table.summary tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/[▸▾]/g, '').trim())));
}

test('"Keras Shapes: Show Model Summary" opens the model.summary() table in a view that fits it', { timeout: 180_000 }, async () => {
  await openFromExplorer('cnn.py');
  await runCommand('Keras Shapes: Show Model Summary');
  await page().locator('.tabs-container .tab.active', { hasText: 'cnn.py summary' }).waitFor({ timeout: WAIT });
  const frame = activeWebview();
  await frame.locator('.totals', { hasText: 'Total params: 15,730 (61.45 KB)' }).waitFor({ timeout: WAIT });
  assert.match((await frame.locator('h3').first().textContent()) ?? '', /Model: "classifier"/);
  const rows = await webviewRows(frame);
  assert.ok(rows.some((r) => r.join(' | ') === 'conv2d (Conv2D) | (None, 61, 61, 24) | 4,632'), JSON.stringify(rows));
  assert.match((await frame.locator('.totals').first().textContent()) ?? '', /Non-trainable params: 96 \(384\.00 B\)/);
  // Every column is inside the view: the Param # header ends within the webview's width.
  const fits = await frame.locator('table.summary').first().evaluate((t) => t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1);
  assert.ok(fits, 'the table is wider than its view');
  await shot('04-summary.png');

  // A model holding another: its row expands to the nested model's layers, and the view follows edits.
  await runCommand('View: Close All Editors');
  await openFromExplorer('nested.py');
  await page().locator('.monaco-editor .codelens-decoration a', { hasText: 'Total params: 13,610 · Show summary' }).first().click();
  await page().locator('.tabs-container .tab.active', { hasText: 'nested.py summary' }).waitFor({ timeout: WAIT });
  const nested = activeWebview();
  await nested.locator('td', { hasText: 'encoder (Sequential)' }).waitFor({ timeout: WAIT });
  await nested.locator('button.toggle').first().click();
  await nested.locator('tr.child td', { hasText: 'conv2d (Conv2D)' }).waitFor({ timeout: WAIT });
  const expanded = await webviewRows(nested);
  assert.deepEqual(expanded.map((r) => r.join(' | ')), [
    'input_layer_1 (InputLayer) | (None, 28, 28, 1) | 0',
    'encoder (Sequential) | (None, 1352) | 80',
    'conv2d (Conv2D) | (None, 26, 26, 8) | 80',
    'max_pooling2d (MaxPooling2D) | (None, 13, 13, 8) | 0',
    'flatten (Flatten) | (None, 1352) | 0',
    'dense (Dense) | (None, 10) | 13,530',
  ]);
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page().screenshot({ path: path.join(root, 'docs', 'summary.png'), clip: { x: 0, y: 0, width: 1500, height: 520 } });
  }
  await shot('04-summary-nested.png');
  // Typing in the code updates the open summary (the nested model stays expanded).
  // A click in the middle of `10` puts the cursor between its digits: typing 0 makes it 100.
  const ten = await textCenter('layers.Dense(10, activation="softmax")(features)', '10');
  await page().mouse.click(ten.x, ten.y);
  await page().keyboard.type('0');
  await waitForLineText('layers.Dense(100, activation="softmax")(features)');
  await nested.locator('td', { hasText: '(None, 100)' }).waitFor({ timeout: WAIT });
  assert.equal(await nested.locator('tr.child').count(), 3);
  await page().keyboard.press('Control+z');
  await waitForLineText('layers.Dense(10, activation="softmax")(features)');
});

test('"Keras Shapes: Check Workspace" reports every Python file in the Problems panel', { timeout: 120_000 }, async () => {
  await runCommand('Keras Shapes: Check Workspace');
  const toast = page().locator('.notifications-toasts .notification-toast', { hasText: 'checked 6 Python file(s) and notebook(s)' });
  await toast.waitFor({ timeout: WAIT });
  assert.match((await toast.textContent()) ?? '', /8 model\(s\): 2 error\(s\), 0 warning\(s\)/);
  await toast.locator('.monaco-button', { hasText: 'Show Problems' }).click();
  const problem = page().locator('.markers-panel .monaco-list-row', { hasText: 'expected min_ndim=4, found ndim=3' });
  await problem.first().waitFor({ timeout: WAIT });
  assert.match((await problem.first().textContent()) ?? '', /incompatible-input/);
  await shot('05-problems.png');
});

test('a quick fix rewrites a Keras 1 argument, and the hint comes back', { timeout: 180_000 }, async () => {
  await openFromExplorer('legacy.py');
  await page().locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: WAIT });
  const at = await textCenter('border_mode="same"', 'border_mode');
  await page().mouse.click(at.x, at.y);
  await page().keyboard.press('Control+Period');
  const action = page().locator('.action-widget .monaco-list-row', { hasText: "Write padding='same'" });
  await action.first().waitFor({ state: 'visible', timeout: WAIT });
  await shot('06-quick-fix.png');
  await page().keyboard.press('Enter');
  // The failing call's hint (✗ unknown argument) stays until the new one replaces it.
  await waitForLineText('layers.Conv2D(16, 3, padding="same")');
  await waitForLineText('(None, 28, 28, 16) · 160 params');
  const lines = await editorLines();
  assert.ok(!lines.some((l) => l.includes('layers.Conv2D(16, 3, border_mode')), lines.join('\n'));
  await page().keyboard.press('Control+s');
});

test('"Keras Shapes: Show Model Graph" draws the model beside the code', { timeout: 180_000 }, async () => {
  await openFromExplorer('cnn.py');
  await runCommand('Keras Shapes: Show Model Graph');
  const frame = page().frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const conv = frame.locator('g.node', { hasText: 'conv2d' }).first();
  await conv.waitFor({ state: 'visible', timeout: WAIT });
  assert.ok((await frame.locator('g.node').count()) >= 5, 'one box per layer');
  assert.match((await conv.textContent()) ?? '', /\(None, 61, 61, 24\)/);
  await shot('07-graph.png');
});

/** Saves a picture of part of the page into docs/ when UPDATE_SCREENSHOT=1. */
async function docsShot(name, clip) {
  if (process.env.UPDATE_SCREENSHOT !== '1') return;
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  await page().screenshot({ path: path.join(root, 'docs', name), ...(clip ? { clip } : {}) });
}

/** The frame of the graph webview (other webviews, a notebook's outputs, may be on the page too). */
async function graphFrame() {
  const deadline = Date.now() + WAIT;
  for (;;) {
    for (const frame of page().frames()) {
      if (await frame.$('svg #viewport').catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error('no graph webview on the page');
    await page().waitForTimeout(250);
  }
}

/** Waits for the rendered lines of the notebook's cell editors to contain `needle`. */
function waitForCellText(needle) {
  return waitForLineText(needle, '.notebook-editor .cell-editor-container .monaco-editor .view-line');
}

/** Waits for the status bar's cursor position (`Ln 24, Col 5`). */
async function waitForCursorLine(line) {
  await page().locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col \\d+`) }).first().waitFor({ timeout: WAIT });
}

test('a Jupyter notebook: cell 2 uses the imports of cell 1, with hints, the lens and hovers', { timeout: 180_000 }, async () => {
  // Opened before the extensions are up, an .ipynb file shows as JSON text: wait for a hint in a .py file first.
  await openFromExplorer('cnn.py');
  await waitForLineText('(None, 10) · 490 params');
  const started = Date.now();
  const row = page().locator('.explorer-folders-view .monaco-list-row', { hasText: 'mnist.ipynb' }).first();
  await row.waitFor({ state: 'visible', timeout: WAIT });
  await row.click();
  // code-server's built-in ipynb extension opens .ipynb files in VS Code's own notebook editor (no kernel needed).
  await waitForCellText('model.summary()');
  await page().locator('.tabs-container .tab.active', { hasText: 'mnist.ipynb' }).first().waitFor({ timeout: WAIT });
  await waitForCellText('(None, 26, 26, 8) · 80 params');
  await waitForCellText('(None, 10) · 13,530 params');
  console.log(`# first notebook hint ${((Date.now() - started) / 1000).toFixed(1)} s after opening it`);
  const lines = await editorLines('.notebook-editor .cell-editor-container .monaco-editor .view-line');
  assert.ok(lines.some((l) => l.includes('x = layers.MaxPooling2D()(x)') && l.includes('(None, 13, 13, 8)')), lines.join('\n'));
  // The first and last cells have no layer calls: no hints there.
  assert.ok(lines.some((l) => l.trim() === 'from keras import layers'), lines.join('\n'));
  await page().locator('.notebook-editor .codelens-decoration', { hasText: 'Total params: 13,610 · Show summary' }).first().waitFor({ timeout: WAIT });
  await page().mouse.move(5, 5);
  await docsShot('notebook.png', { x: 0, y: 0, width: 1200, height: 520 });
  const hover = await hoverOver('layers.Conv2D(8, 3', 'Conv2D', '(None, 28, 28, 1) → (None, 26, 26, 8)');
  assert.match(((await hover.textContent()) ?? '').replace(/\u00a0/g, ' '), /3·3·1·8 \+ 8 = 80/);
  await shot('10-notebook.png');
  await page().mouse.move(5, 5);
  await page().keyboard.press('Escape');
});

test('the graph of a notebook: its lens opens the graph, a click opens the right cell at the line', { timeout: 180_000 }, async () => {
  const link = page().locator('.notebook-editor .codelens-decoration a', { hasText: 'Show graph' }).first();
  await link.waitFor({ timeout: WAIT });
  await link.click();
  const frame = await graphFrame();
  const dense = frame.locator('g.node[data-id="dense"]');
  await dense.waitFor({ state: 'visible', timeout: WAIT });
  assert.match((await dense.textContent()) ?? '', /cell 2, line 5/);
  await dense.click();
  // The cell editor of cell 2 takes the cursor (a notebook's status bar names the cell, not the line)...
  await page().locator('.statusbar-item', { hasText: 'Cell 2 of 3' }).first().waitFor({ timeout: WAIT });
  // ...on the Dense call's line: the cursor there highlights the Dense box (the cell and line come back from the editor).
  await frame.locator('g.node.current[data-id="dense"]').waitFor({ state: 'attached', timeout: WAIT });
  assert.equal(await frame.locator('g.node.current').count(), 1);
  const focused = await page().evaluate(() => {
    const el = document.activeElement;
    const cell = el?.closest('.cell-editor-container');
    return cell ? (cell.textContent ?? '').replace(/\u00a0/g, ' ') : null;
  });
  assert.ok(focused?.includes('outputs = layers.Dense(10'), `the focus is not in cell 2: ${focused}`);
  await shot('11-notebook-graph.png');
});

test('the graph of a U-Net: a click reveals the line, a nested model opens, light and dark themes', { timeout: 240_000 }, async () => {
  await openFromExplorer('unet.py');
  await runCommand('Keras Shapes: Show Model Graph');
  const frame = await graphFrame();
  // The command shows the file's first model (the encoder): pick the U-Net.
  const select = frame.locator('#model');
  await select.waitFor({ state: 'visible', timeout: WAIT });
  await select.selectOption({ label: 'unet (line 27)' });
  const concat = frame.locator('g.node[data-id="concatenate"]');
  await concat.waitFor({ state: 'visible', timeout: WAIT });
  assert.match((await concat.textContent()) ?? '', /\(None, 32, 32, 128\)/);
  await concat.click();
  await waitForCursorLine(24);
  await page().locator('.tabs-container .tab.active', { hasText: 'unet.py' }).first().waitFor({ timeout: WAIT });
  // The encoder is one dashed box; a click opens it into a frame of its layers.
  const encoder = frame.locator('g.node.nested[data-id="encoder"]');
  await encoder.waitFor({ state: 'visible', timeout: WAIT });
  await encoder.click();
  await frame.locator('g.cluster-title[data-id="encoder"]').waitFor({ state: 'visible', timeout: WAIT });
  await frame.locator('g.node[data-id="encoder/conv2d"]').waitFor({ state: 'visible', timeout: WAIT });
  assert.equal(await frame.locator('g.node[data-id="encoder"]').count(), 0);
  await waitForCursorLine(21);
  // Zoom onto where the encoder's frame ends and the decoder starts: the skip connections leave the frame there.
  const frameBox = await frame.locator('g.cluster rect').first().boundingBox();
  assert.ok(frameBox, 'the encoder frame is drawn');
  await page().mouse.move(frameBox.x + frameBox.width / 2, frameBox.y + frameBox.height);
  for (let i = 0; i < 2; i++) await page().mouse.wheel(0, -280);
  await frame.locator('g.node[data-id="conv2d_transpose"]').waitFor({ state: 'visible', timeout: WAIT });
  await page().mouse.move(5, 5);
  await shot('12-graph-dark.png');
  await docsShot('graph-dark.png');
  const background = () => frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  // The theme as a user picks it: Preferences: Color Theme, then Light Modern.
  await page().keyboard.press('F1');
  const input = page().locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('>Preferences: Color Theme');
  await page().locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click();
  await page().locator('.quick-input-list .monaco-list-row', { hasText: 'Default Light Modern' }).first().waitFor({ timeout: WAIT });
  await input.fill('Light Modern');
  await page().locator('.quick-input-list .monaco-list-row', { hasText: 'Default Light Modern' }).first().waitFor({ timeout: WAIT });
  await page().keyboard.press('Enter');
  await page().waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs'), undefined, { timeout: WAIT });
  // The webview follows the theme.
  const deadline = Date.now() + WAIT;
  while ((await background()) === dark) {
    assert.ok(Date.now() < deadline, 'the graph kept the dark background');
    await page().waitForTimeout(200);
  }
  await frame.locator('g.cluster-title[data-id="encoder"]').waitFor({ state: 'visible', timeout: WAIT });
  await shot('13-graph-light.png');
  await docsShot('graph-light.png');
});

test('in Simplified Chinese: the lens, hovers and diagnostics, Keras\'s message kept in English', { timeout: 180_000 }, async () => {
  const settingsDir = path.join(run.tmp, 'workspace', '.vscode');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'kerasShapes.locale': 'zh-cn' }));
  // A model whose input size is read from a file at run time (opened at the end).
  fs.writeFileSync(
    path.join(run.tmp, 'workspace', 'data_sizes.py'),
    'import keras\nfrom keras import layers\nmaxlen = int(open("maxlen.txt").read())\ninputs = keras.Input(shape=(maxlen,))\nx = layers.Embedding(1000, 16)(inputs)\nx = layers.Flatten()(x)\noutputs = layers.Dense(4)(x)\nmodel = keras.Model(inputs, outputs)\n',
  );
  await openFromExplorer('cnn.py');
  await page().locator('.monaco-editor .codelens-decoration', { hasText: '总参数量：15,730' }).first().waitFor({ timeout: WAIT });
  const hover = await hoverOver('layers.Conv2D(24', 'Conv2D', '参数');
  assert.match(((await hover.textContent()) ?? '').replace(/\u00a0/g, ' '), /\(None, 128, 128, 3\) → \(None, 61, 61, 24\)/);
  await shot('08-hover-zh.png');
  await page().mouse.move(5, 5);
  await page().keyboard.press('Escape');
  await openFromExplorer('broken.py');
  const problem = page().locator('.markers-panel .monaco-list-row', { hasText: '张量' });
  await problem.first().waitFor({ timeout: WAIT });
  assert.match((await problem.first().textContent()) ?? '', /expected min_ndim=4, found ndim=3/);
  await shot('09-problems-zh.png');
  // Why a size is `?`, in Chinese: the hover of a layer whose input size comes from a file, and the note where the model's shapes were lost.
  await openFromExplorer('data_sizes.py');
  const why = await hoverOver('layers.Embedding(1000', 'Embedding', '未被分析');
  const text = ((await why.textContent()) ?? '').replace(/\u00a0/g, ' ');
  assert.match(text, /\(None, \?, 16\)/);
  assert.match(text, /第 3 行/);
  await shot('14-unknown-reason-zh.png');
  await page().mouse.move(5, 5);
  await page().keyboard.press('Escape');
  const lost = page().locator('.markers-panel .monaco-list-row', { hasText: '无法跟踪' });
  await lost.first().waitFor({ timeout: WAIT });
  await shot('15-shapes-lost-zh.png');
});

test('the status bar says which Keras version a file is read for, and follows requirements.txt', { timeout: 180_000 }, async () => {
  await openFromExplorer('cnn.py');
  await page().locator('.statusbar-item', { hasText: 'Keras 3' }).first().waitFor({ timeout: WAIT });
  fs.writeFileSync(path.join(run.tmp, 'workspace', 'requirements.txt'), 'numpy\ntensorflow<2.16\n');
  const item = page().locator('.statusbar-item', { hasText: 'tf.keras 2' }).first();
  await item.waitFor({ timeout: WAIT });
  await item.hover();
  await page().locator('.monaco-hover-content', { hasText: 'requirements.txt' }).first().waitFor({ state: 'visible', timeout: WAIT });
  await shot('10-keras-version.png');
  await page().mouse.move(5, 5);
});
