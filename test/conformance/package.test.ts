import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ENVIRONMENT } from '../../support/cli/suite-command';
import { PROJECT_ROOT } from '../../support/project';
import { NOT_AVAILABLE, suiteIdentity } from '../../support/report/suite-identity';
import type { Summary } from '../../support/report/summary';
import { runProcess } from '../helpers/run-process';

// The suite as a vendor gets it: `npm pack`, `npm install <tarball>` into an empty folder (their
// repository), `npx simple-im-conformance` from there. It needs npm and the packages in npm's
// cache (npm ci put them there); nothing is fetched when the cache has them.

const npmAvailable = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = npmAvailable ? false : 'npm is not installed: the package cannot be packed or installed here';

/** The environment of a vendor's shell: none of this test run's npm, reports or profile settings. */
function vendorEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || ['INIT_CWD', 'REPORTS_DIR', 'SUT_PROFILE', 'IM_CLIENT_FAULTS', 'SIMPLE_IM_RUN_DIR'].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

async function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const { exitCode, output } = await runProcess(command, args, { cwd, env: vendorEnv() });
  return { code: exitCode, output };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-im-package-'));
process.once('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const vendor = path.join(work, 'vendor');
const installed = path.join(vendor, 'node_modules', 'simple-im-conformance');

interface PackedFile {
  path: string;
}

test('the packed tarball installs into an empty folder and judges the reference client from there', { skip, timeout: 180_000 }, async (t) => {
  let files: string[] = [];
  await t.test('npm pack: the compiled suite, its sources, features and profiles; nothing of test/', async () => {
    fs.mkdirSync(path.join(work, 'pack'));
    // The build is this test run's (npm test builds first); --ignore-scripts skips prepack's
    // rebuild of dist/ while other test files run from it.
    const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', path.join(work, 'pack')], PROJECT_ROOT);
    assert.equal(pack.code, 0, pack.output);
    files = (JSON.parse(pack.output.slice(pack.output.indexOf('['))) as Array<{ files: PackedFile[] }>)[0].files.map((f) => f.path);
    assert.deepEqual(
      files.filter((f) => /^(dist\/)?test\//.test(f)),
      [],
    );
    for (const f of ['bin/simple-im-conformance.js', 'dist/scripts/cli.js', 'dist/scripts/conformance.js', 'dist/support/hooks.js', 'dist/steps/request-uri.steps.js', 'dist/client/cli.js', 'features/rejoin/request-uri.feature', 'suts/reference.json', 'suts/sut-profile.schema.json', 'cucumber.js', 'README.md', 'docs/adapters.md', 'dist/scripts/campaign.js', 'docs/campaign.md', 'ci/github-actions.yml']) {
      assert.ok(files.includes(f), `the tarball holds ${f}`);
    }
    assert.ok(!files.some((f) => f.startsWith('dist/scripts/') && !/^dist\/scripts\/(cli|conformance|rejudge|campaign|campaign-merge)\.js(\.map)?$/.test(f)), 'of scripts/, only those a user runs');
    // Stack traces (--enable-source-maps) name the TypeScript sources: each map's sources are shipped.
    for (const map of files.filter((f) => f.endsWith('.js.map'))) {
      const { sources } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, map), 'utf8')) as { sources: string[] };
      for (const s of sources) assert.ok(files.includes(path.posix.join(path.posix.dirname(map), s)), `${map} names ${s}, which the tarball holds`);
    }
  });

  await t.test('npm install <tarball> into an empty folder, from the cache', async () => {
    fs.mkdirSync(vendor);
    const tarball = path.join(work, 'pack', fs.readdirSync(path.join(work, 'pack')).find((f) => f.endsWith('.tgz'))!);
    const install = await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], vendor);
    assert.equal(install.code, 0, install.output);
    assert.ok(fs.existsSync(path.join(vendor, 'node_modules', '.bin', 'simple-im-conformance')), 'the bin is linked');
  });

  await t.test('npx simple-im-conformance --help lists the options and the environment', async () => {
    const help = await run('npx', ['--no', '--', 'simple-im-conformance', '--help'], vendor);
    assert.equal(help.code, 0, help.output);
    for (const o of ['--sut <profile.json>', '--no-html', '--strict', '--help-cucumber', 'rejudge <dir>', ...ENVIRONMENT.map((v) => v.name)]) assert.ok(help.output.includes(o), `--help names ${o}:\n${help.output}`);
  });

  await t.test('npx simple-im-conformance --sut <the bundled profile> writes ./reports of the vendor folder, RJ-02 PASS, exit 0', async () => {
    const suite = await run('npx', ['--no', '--', 'simple-im-conformance', '--sut', path.join(installed, 'suts', 'reference.json'), '--no-html', '--tags', '@req:RJ-02'], vendor);
    assert.equal(suite.code, 0, suite.output);
    const summary = JSON.parse(fs.readFileSync(path.join(vendor, 'reports', 'summary.json'), 'utf8')) as Summary;
    assert.equal(summary.requirements.find((r) => r.id === 'RJ-02')?.verdict, 'PASS', suite.output);
    assert.ok(fs.existsSync(path.join(vendor, 'reports', 'pctr.md')));
    assert.ok(!fs.existsSync(path.join(installed, 'reports')), 'nothing written inside node_modules');
    assert.match(suite.output, /Summary: reports\/summary\.json/);
    assert.match(suite.output, /npx simple-im-conformance rejudge reports judges it again/);
    // The shipped sources make the clone's digest: a clone re-judges the bundle as the same checks.
    const manifest = JSON.parse(fs.readFileSync(path.join(vendor, 'reports', 'evidence', 'manifest.json'), 'utf8')) as { suite: { digest: string; commit: string } };
    assert.equal(manifest.suite.digest, suiteIdentity().digest);
    assert.equal(manifest.suite.commit, NOT_AVAILABLE, "not the vendor folder's commit");
  });

  await t.test("the vendor's own profile names its client from the vendor folder, in Cucumber's workers too", async () => {
    const profile = JSON.parse(fs.readFileSync(path.join(installed, 'suts', 'reference.json'), 'utf8')) as { $schema: string; process: { command: string[] } };
    profile.$schema = '../node_modules/simple-im-conformance/suts/sut-profile.schema.json';
    profile.process.command = ['node', 'node_modules/simple-im-conformance/dist/client/cli.js'];
    fs.mkdirSync(path.join(vendor, 'conformance'));
    fs.writeFileSync(path.join(vendor, 'conformance', 'my-client.json'), JSON.stringify(profile));
    const suite = await run('npx', ['--no', '--', 'simple-im-conformance', '--sut', 'conformance/my-client.json', '--no-html', '--tags', '@req:RJ-02', '--parallel', '2'], vendor);
    assert.equal(suite.code, 0, suite.output);
    const summary = JSON.parse(fs.readFileSync(path.join(vendor, 'reports', 'summary.json'), 'utf8')) as Summary;
    assert.equal(summary.requirements.find((r) => r.id === 'RJ-02')?.verdict, 'PASS', suite.output);
  });

  await t.test('npx simple-im-conformance campaign judges the vendor\'s profiles side by side into ./reports/campaign', async () => {
    const suite = await run('npx', ['--no', '--', 'simple-im-conformance', 'campaign', '--jobs', '2', '--no-html', 'conformance/my-client.json', path.join(installed, 'suts', 'reference.json'), '--', '--tags', '@req:RJ-02'], vendor);
    assert.equal(suite.code, 0, suite.output);
    const campaign = JSON.parse(fs.readFileSync(path.join(vendor, 'reports', 'campaign', 'campaign.json'), 'utf8')) as { rows: Array<{ slug: string; outcome: string; cells: Record<string, { verdict: string }> }> };
    assert.deepEqual(campaign.rows.map((r) => [r.slug, r.outcome, r.cells['RJ-02'].verdict, r.cells['RJ-01'].verdict]), [
      ['my-client', 'COMPLIANT', 'PASS', 'N/A'],
      ['reference', 'COMPLIANT', 'PASS', 'N/A'],
    ]);
    assert.ok(fs.existsSync(path.join(vendor, 'reports', 'campaign', 'index.html')));
  });
});
