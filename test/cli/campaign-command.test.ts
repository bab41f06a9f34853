import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';

/** The installed command's campaign subcommands, as a vendor or a lab types them (bin/simple-im-conformance.js). */
const bin = (...args: string[]): { status: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'simple-im-conformance.js'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
};

test('--help names the campaign commands and their main options', () => {
  const { status, out } = bin('--help');
  assert.equal(status, 0);
  // Commander wraps the descriptions: compare with the whitespace squeezed.
  assert.match(out.replace(/\s+/g, ' '), /campaign \[options\] <profiles\.\.\.> run the suite once per SUT profile \(--jobs N side by side, --continue, --shard i\/n\)/);
  assert.match(out, /campaign-merge\|campaign:merge \[options\] <shards\.\.\.>/);
  const campaign = bin('campaign', '--help');
  assert.equal(campaign.status, 0);
  for (const o of ['--jobs <n>', '--continue', '--shard <i/n>', '--out <dir>', '--no-html', '--strict', 'After a "--", options go to every run']) assert.ok(campaign.out.includes(o), `campaign --help names ${o}`);
});

test('a campaign usage error is one line and exit code 2, before any run', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-profiles-'));
  for (const args of [
    ['campaign', '--jobs', '0', 'suts/reference.json'],
    ['campaign', '--shard', '3/2', 'suts/reference.json'],
    ['campaign'],
    ['campaign-merge'],
    // Nothing to judge is never COMPLIANT.
    ['campaign', empty],
    // What the campaign sets for each run itself, and what Cucumber refuses, after "--".
    ['campaign', 'suts/reference.json', '--', '--sut', 'suts/reference-ims.json'],
    ['campaign', 'suts/reference.json', '--', '--strict'],
    ['campaign', 'suts/reference.json', '--', '--parallel'],
  ]) {
    const { status, out, err } = bin(...args);
    assert.equal(status, 2, `${args.join(' ')}: ${out}${err}`);
    assert.equal(err.trim().split('\n').length, 1, err);
    assert.equal(out, '');
  }
  fs.rmSync(empty, { recursive: true, force: true });
});
