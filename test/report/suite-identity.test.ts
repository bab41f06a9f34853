import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { NOT_AVAILABLE, suiteIdentity } from '../../support/report/suite-identity';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-identity-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  return root;
}

test('the digest covers the features and the checks, and moves when one of them changes, not when another file does', () => {
  const files = { 'features/a/x.feature': 'Feature: x', 'support/checks/c.ts': 'export {}', 'support/other.ts': 'a' };
  const base = suiteIdentity(tree(files));
  assert.deepEqual(base.files, ['features/a/x.feature', 'support/checks/c.ts']);
  assert.match(base.digest, /^[0-9a-f]{64}$/);
  assert.equal(base.commit, NOT_AVAILABLE, 'outside git');
  assert.equal(suiteIdentity(tree({ ...files, 'support/other.ts': 'b' })).digest, base.digest);
  assert.notEqual(suiteIdentity(tree({ ...files, 'support/checks/c.ts': 'export {};' })).digest, base.digest);
  assert.notEqual(suiteIdentity(tree({ ...files, 'features/a/y.feature': 'Feature: y' })).digest, base.digest);
});

test('without sources, the compiled checks are digested', () => {
  const id = suiteIdentity(tree({ 'features/x.feature': 'Feature: x', 'dist/support/checks/c.js': '' }));
  assert.deepEqual(id.files, ['dist/support/checks/c.js', 'features/x.feature']);
});

test('the suite run here names its commit', () => {
  const id = suiteIdentity();
  assert.match(id.commit, /^([0-9a-f]{40}(\+modified)?|Not Available)$/);
  assert.ok(id.files.some((f) => f.startsWith('features')) && id.files.some((f) => f.startsWith('support')));
});

test("an installed suite inside a vendor's git repository does not take the vendor's commit", () => {
  const repo = tree({ 'README.md': 'vendor', 'node_modules/simple-im-conformance/features/x.feature': 'Feature: x', 'node_modules/simple-im-conformance/support/checks/c.ts': '' });
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=v', '-c', 'user.email=v@example.invalid', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'vendor');
  assert.equal(suiteIdentity(path.join(repo, 'node_modules', 'simple-im-conformance')).commit, NOT_AVAILABLE);
  assert.match(suiteIdentity(repo).commit, /^[0-9a-f]{40}$/, 'the repository itself still names its commit');
});
