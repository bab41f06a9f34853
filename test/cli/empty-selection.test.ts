import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';

test('a selection that matches no scenario judges nothing: exit code 2 and no PCTR, never COMPLIANT', () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-selection-'));
  try {
    // A typo in a requirement id: @req:RJ2 for @req:RJ-02.
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'conformance.js'), '--no-html', '--tags', '@req:RJ2'], { cwd: PROJECT_ROOT, env: { ...process.env, REPORTS_DIR: reports }, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /No scenario ran: the selection \(--tags @req:RJ2\) matches none/);
    assert.doesNotMatch(r.stdout, /COMPLIANT/);
    assert.ok(!fs.existsSync(path.join(reports, 'pctr.md')));
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
});
