// The bundled command line (dist/cli.js and cli-main.js, built here into a
// temporary folder): it prints what the compiled tree prints, keeps V8's code
// cache in the user's cache folder only (never the working folder), and runs
// without one when that folder cannot be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliCacheDir } from '../server/src/cli/start';

const repoRoot = path.resolve(__dirname, '..', '..');
const example = path.join(repoRoot, 'examples', 'cnn_classifier.py');

test('cliCacheDir: XDG_CACHE_HOME, else ~/.cache; LOCALAPPDATA on Windows; none without a home', () => {
  const home = () => '/home/u';
  assert.equal(cliCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', home), path.join('/x/cache', 'keras-shapes'));
  assert.equal(cliCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', home), path.join('/home/u', '.cache', 'keras-shapes'));
  assert.equal(cliCacheDir({}, 'darwin', home), path.join('/home/u', '.cache', 'keras-shapes'));
  if (process.platform === 'win32') {
    assert.equal(cliCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', home), path.join('C:\\Users\\u\\AppData\\Local', 'keras-shapes'));
  }
  assert.equal(
    cliCacheDir({}, 'linux', () => {
      throw new Error('no home');
    }),
    undefined,
  );
  assert.equal(cliCacheDir({}, 'linux', () => ''), undefined);
});

test('the bundled CLI prints what the compiled one does and keeps its code cache in the user cache folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-cli-bundle-'));
  try {
    const dist = path.join(dir, 'dist');
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-bundle.js'), '--cli-only', '--quiet', '--out', dist], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    fs.copyFileSync(example, path.join(work, 'model.py'));
    const cacheHome = path.join(dir, 'cache-home');
    const run = (args: string[], env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [path.join(dist, 'cli.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env } });

    const compiled = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'server', 'src', 'cli', 'main.js'), 'summary', 'model.py'], { cwd: work, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);

    const first = run(['summary', 'model.py'], { XDG_CACHE_HOME: cacheHome });
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, compiled.stdout);
    const caches = fs.readdirSync(path.join(cacheHome, 'keras-shapes'));
    assert.equal(caches.length, 1);
    assert.match(caches[0], /^cli-.*\.cache$/);
    assert.deepEqual(fs.readdirSync(work), ['model.py'], 'nothing is written into the working folder');

    // The next run compiles from that cache and leaves it as it is.
    const cacheFile = path.join(cacheHome, 'keras-shapes', caches[0]);
    const written = fs.statSync(cacheFile).mtimeMs;
    const second = run(['summary', 'model.py'], { XDG_CACHE_HOME: cacheHome });
    assert.equal(second.stdout, compiled.stdout);
    assert.equal(fs.statSync(cacheFile).mtimeMs, written);

    // A cache folder that cannot be made (a file is in the way): the command runs without one.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const uncached = run(['summary', 'model.py'], { XDG_CACHE_HOME: blocked });
    assert.equal(uncached.status, 0, uncached.stderr);
    assert.equal(uncached.stdout, compiled.stdout);
    assert.equal(uncached.stderr, '');

    // Usage errors keep their exit status; `--help` writes no cache.
    const helpHome = path.join(dir, 'help-home');
    const help = run(['--help'], { XDG_CACHE_HOME: helpHome });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: keras-shapes/);
    assert.equal(fs.existsSync(helpHome), false);
    const bad = run(['summary', '--frobnicate'], { XDG_CACHE_HOME: helpHome });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option '--frobnicate'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
