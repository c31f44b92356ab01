#!/usr/bin/env node
// The `keras-shapes` command (see `keras-shapes --help`). Runs the bundle
// (dist/cli.js, which loads dist/cli-main.js with V8's code cache) when it is
// built and not older than the compiled tree, else the compiled tree under out/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'out', 'server', 'src', 'cli', 'main.js');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

const bundleTime = mtime(path.join(root, 'dist', 'cli-main.js'));
const compiledTime = mtime(compiled);
if (bundleTime !== undefined && mtime(path.join(root, 'dist', 'cli.js')) !== undefined && (compiledTime === undefined || bundleTime >= compiledTime)) {
  require(path.join(root, 'dist', 'cli.js')).main();
} else {
  require(compiled).run();
}
