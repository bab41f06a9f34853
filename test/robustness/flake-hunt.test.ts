import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';

// The short flake hunt of `npm test`: one serial run and one --parallel 2 run must agree on every
// scenario's verdict. `npm run flake-hunt -- --runs 200` is the long one.
test('a serial run and a --parallel 2 run give every scenario the same verdict', () => {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'flake-hunt.js'), '--runs', '2'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /No verdict changed in 2 runs\./);
});
