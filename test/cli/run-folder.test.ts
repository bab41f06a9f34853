import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { inProject, PROJECT_ROOT, reportsDir, RUN_DIR_VARIABLE, runDir } from '../../support/project';
import { clientWorkDir } from '../../support/sut/sut-profile';

/** Runs `f` with these variables set (undefined: unset), then puts the environment back. */
function withEnv<T>(vars: Record<string, string | undefined>, f: () => T): T {
  // Key by key: process.env is not a plain object (its values are strings, its keys on Windows case-blind).
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  set(vars);
  try {
    return f();
  } finally {
    set(saved);
  }
}

const vendor = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-repo-'));

test('the run folder is the one the suite was started from, as the CLI hands it to its workers', () => {
  withEnv({ [RUN_DIR_VARIABLE]: undefined }, () => assert.equal(runDir(), process.cwd()));
  withEnv({ [RUN_DIR_VARIABLE]: vendor }, () => assert.equal(runDir(), vendor));
});

test('reports go to ./reports of the run folder; a relative REPORTS_DIR is read from it, an absolute one taken as it is', () => {
  withEnv({ [RUN_DIR_VARIABLE]: vendor, REPORTS_DIR: undefined }, () => assert.equal(reportsDir(), path.join(vendor, 'reports')));
  withEnv({ [RUN_DIR_VARIABLE]: vendor, REPORTS_DIR: 'out/run-1' }, () => assert.equal(reportsDir(), path.join(vendor, 'out', 'run-1')));
  withEnv({ [RUN_DIR_VARIABLE]: vendor, REPORTS_DIR: '/var/tmp/r' }, () => assert.equal(reportsDir(), '/var/tmp/r'));
});

test("a profile the suite ships runs its client in the suite's folder, wherever the suite is run from", () => {
  withEnv({ [RUN_DIR_VARIABLE]: vendor }, () => {
    for (const p of ['suts/reference.json', 'suts/examples/baresip.json', 'test/data/profiles/independent.json']) {
      assert.equal(clientWorkDir({ source: path.join(PROJECT_ROOT, p) }, undefined), PROJECT_ROOT, p);
    }
    assert.equal(clientWorkDir({ source: path.join(PROJECT_ROOT, 'suts', 'reference.json') }, 'client'), path.join(PROJECT_ROOT, 'client'));
  });
});

test("a vendor's profile runs its client in the folder the suite is run from; a relative cwd is read from there", () => {
  withEnv({ [RUN_DIR_VARIABLE]: vendor }, () => {
    const profile = { source: path.join(vendor, 'conformance', 'my-client.json') };
    assert.equal(clientWorkDir(profile, undefined), vendor);
    assert.equal(clientWorkDir(profile, 'build'), path.join(vendor, 'build'));
    assert.equal(clientWorkDir(profile, '/opt/my-client'), '/opt/my-client');
  });
});

test('the suite\'s folder is recognised through a symbolic link (npm install <folder> links it)', () => {
  const link = path.join(vendor, 'linked-suite');
  fs.symlinkSync(PROJECT_ROOT, link);
  assert.ok(inProject(path.join(link, 'suts', 'reference.json')));
  assert.ok(!inProject(path.join(vendor, 'my-client.json')));
  assert.ok(!inProject(path.join(path.dirname(PROJECT_ROOT), `${path.basename(PROJECT_ROOT)}-other`, 'x.json')), 'a sibling whose name starts alike');
});

process.once('exit', () => fs.rmSync(vendor, { recursive: true, force: true }));
