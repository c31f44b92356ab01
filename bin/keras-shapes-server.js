#!/usr/bin/env node
// `keras-shapes-server --stdio`: the Keras Shapes language server for any LSP
// client. Runs the bundle (dist/server.js, which loads dist/server-main.js) when
// built, else the compiled tree.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (fs.existsSync(bundle)) require(bundle).main();
else require(path.join(__dirname, '..', 'out', 'server', 'src', 'lsp', 'main.js'));
