#!/usr/bin/env node
// The `keras-shapes` command (see `keras-shapes --help`); the compiled CLI lives under out/.
require('../out/server/src/cli/main.js').run();
