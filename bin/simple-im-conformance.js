#!/usr/bin/env node
// The installed suite's command (package.json "bin"): the compiled scripts/cli.ts. Stack traces
// name the TypeScript sources, which the package ships beside dist/, as under `npm run conformance`
// (node --enable-source-maps): here, and in Cucumber's workers (--parallel), which fork() starts
// with this process's execArgv.
process.setSourceMapsEnabled(true);
if (!process.execArgv.includes('--enable-source-maps')) process.execArgv.push('--enable-source-maps');
// `simple-im-conformance --help | head` ends quietly, as SIGPIPE would.
require('../dist/support/cli/run-command.js').endQuietlyOnClosedStdout();
require('../dist/scripts/cli.js')
  .main(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
