#!/usr/bin/env node
// `keras-shapes-server --stdio`: the Keras Shapes language server for any LSP
// client. Runs the bundle (dist/server.js) when built, else the compiled tree.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'server.js');
require(fs.existsSync(bundle) ? bundle : path.join(__dirname, '..', 'out', 'server', 'src', 'lsp', 'main.js'));
