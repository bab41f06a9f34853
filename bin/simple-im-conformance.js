#!/usr/bin/env node
// The installed suite's command (package.json "bin"): the compiled scripts/cli.ts. Stack traces
// name the TypeScript sources, which the package ships beside dist/, as under `npm run conformance`
// (node --enable-source-maps): here, and in Cucumber's workers (--parallel), which fork() starts
// with this process's execArgv.
process.setSourceMapsEnabled(true);
if (!process.execArgv.includes('--enable-source-maps')) process.execArgv.push('--enable-source-maps');
// Its exit code; an uncaught error is exit code 2 (no verdict), and `--help | head` ends quietly.
const { main } = require('../dist/scripts/cli.js');
require('../dist/support/cli/run-command.js').runMain(() => main(process.argv.slice(2)));
