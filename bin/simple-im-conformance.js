#!/usr/bin/env node
// The installed suite's command (package.json "bin"): the compiled scripts/cli.ts. Stack traces
// name the TypeScript sources, which the package ships beside dist/, as under `npm run conformance`
// (node --enable-source-maps): here, and in Cucumber's workers (--parallel), which fork() starts
// with this process's execArgv.
process.setSourceMapsEnabled(true);
if (!process.execArgv.includes('--enable-source-maps')) process.execArgv.push('--enable-source-maps');
// `simple-im-conformance --help | head`: a reader that went away ends the command quietly, as SIGPIPE would.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(Number(process.exitCode ?? 0));
});
require('../dist/scripts/cli.js')
  .main(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
