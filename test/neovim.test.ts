// Another editor, for real: Debian's Neovim (0.7, headless) with its built-in
// LSP client starts our server over stdio, opens examples/shape_bug.py and
// must see the Concatenate error as a diagnostic and a Conv2D hover with its
// output shape. Inlay hints need Neovim 0.10, newer than Debian ships.
// `.ci/run` installs Neovim; without it the test says it was skipped and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './goldenPath';

interface NeovimResult {
  readonly diagnostics: { line: number; col: number; message: string; code?: string }[];
  readonly hover: string | null;
  readonly errors: string[];
}

const hasNeovim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

test('Neovim\'s built-in LSP client gets our diagnostics and hovers', { skip: hasNeovim ? false : 'nvim is not installed (.ci/run installs it)' }, async () => {
  const file = path.join(repoRoot, 'examples', 'shape_bug.py');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const convLine = lines.findIndex((l) => l.includes('layers.Conv2D(32'));
  const concatLine = lines.findIndex((l) => l.includes('layers.Concatenate()'));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ks-nvim-')), 'result.json');
  await new Promise<void>((resolve, reject) => {
    execFile(
      'nvim',
      ['--headless', '--clean', '-c', `luafile ${path.join(repoRoot, 'test', 'editors', 'neovim.lua')}`, file],
      {
        cwd: repoRoot,
        timeout: 60_000,
        env: {
          ...process.env,
          KS_SERVER: path.join(repoRoot, 'out', 'server', 'src', 'lsp', 'main.js'),
          KS_OUT: out,
          KS_HOVER_LINE: String(convLine),
          KS_HOVER_COL: String(lines[convLine].indexOf('Conv2D') + 2),
        },
      },
      (error) => (error ? reject(error) : resolve()),
    );
  });
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult;
  assert.deepEqual(result.errors, []);
  const concat = result.diagnostics.find((d) => d.line === concatLine);
  assert.ok(concat, `no diagnostic on line ${concatLine + 1}: ${JSON.stringify(result.diagnostics)}`);
  assert.match(concat.message, /Concatenate/);
  assert.ok(result.hover, 'no hover');
  assert.match(result.hover, /\(None, 62, 62, 32\)/);
  assert.match(result.hover, /896/);
});
