import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { matrixOf, type Campaign } from '../../support/campaign/campaign-matrix';
import { PROJECT_ROOT } from '../../support/project';
import { javaAvailable } from '../../support/report/allure-html';
import type { Summary } from '../../support/report/summary';
import { runProcess, type ProcessRun } from '../helpers/run-process';
import { assertRejudged, newReportsDir } from '../helpers/run-suite';

/**
 * Campaign mode end to end (docs/campaign.md): the reference client, its IMS profile, one
 * fault-switched and one broken profile, judged in one campaign (--jobs 2) and in two shards
 * merged, which must give the same matrix.
 */
const PROFILES = ['suts/reference.json', 'suts/reference-ims.json', 'test/data/profiles/reference-wrong-request-uri.json', 'test/data/profiles/no-rejoin-command.json'];

function node(script: string, args: string[], env: NodeJS.ProcessEnv = {}, started?: (pid: number) => void): Promise<ProcessRun> {
  return runProcess(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', script), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, started });
}

const read = (dir: string): Campaign => JSON.parse(fs.readFileSync(path.join(dir, 'campaign.json'), 'utf8')) as Campaign;
const summaryOf = (dir: string, slug: string): Summary => JSON.parse(fs.readFileSync(path.join(dir, 'runs', slug, 'summary.json'), 'utf8')) as Summary;

const whole = newReportsDir();
// An earlier campaign's report of the profile that is refused now: its row must not link it.
fs.mkdirSync(path.join(whole, 'runs', 'no-rejoin-command'), { recursive: true });
fs.writeFileSync(path.join(whole, 'runs', 'no-rejoin-command', 'pctr.html'), 'an earlier campaign’s');
const wholeRun = node('campaign.js', ['--jobs', '2', '--continue', '--no-html', '--out', whole, ...PROFILES]);

test('a campaign of four profiles, two at a time, writes the matrix; the broken profile and the faulty client do not stop it', async () => {
  const run = await wholeRun;
  assert.equal(run.exitCode, 1, run.output);
  const c = read(whole);
  assert.deepEqual(
    c.rows.map((r) => [r.slug, r.outcome]),
    [
      ['reference', 'COMPLIANT'],
      ['reference-ims', 'COMPLIANT'],
      ['reference-wrong-request-uri', 'NOT COMPLIANT'],
      ['no-rejoin-command', 'NO VERDICT'],
    ],
  );
  const [reference, ims, faulty, broken] = c.rows;
  // Each cell is the SUT's own summary's verdict and reason.
  for (const row of [reference, ims, faulty]) {
    const summary = summaryOf(whole, row.slug);
    for (const r of summary.requirements) assert.deepEqual(row.cells[r.id], { verdict: r.verdict, reason: r.reason }, `${row.slug} ${r.id}`);
    assert.deepEqual(c.summaries[row.slug].requirements, summary.requirements);
  }
  assert.equal(faulty.cells['RJ-02'].verdict, 'FAIL');
  // The fault switch is the profile's (its env), and its PCTR says the client was broken on purpose.
  assert.match(fs.readFileSync(path.join(whole, 'runs', faulty.slug, 'pctr.md'), 'utf8'), /IM_CLIENT_FAULTS=wrong-request-uri \(fault switches of the reference client: deliberately broken\)/);
  assert.doesNotMatch(fs.readFileSync(path.join(whole, 'runs', reference.slug, 'pctr.md'), 'utf8'), /IM_CLIENT_FAULTS/);
  assert.equal(ims.cells['RJ-09'].verdict, 'PASS');
  assert.equal(reference.cells['RJ-09'].verdict, 'N/A');
  assert.match(broken.reason, /field "command\.rejoin"/);
  assert.ok(Object.values(broken.cells).every((cell) => cell.verdict === '—'));
  assert.deepEqual(broken.links, {}, 'an earlier campaign’s report does not pass for this one’s');
  // Each run's folder is a bundle of its own that a lab can hand over: rejudge reproduces it.
  for (const row of [reference, ims, faulty]) assertRejudged({ reportsDir: path.join(whole, 'runs', row.slug) });
  assert.equal(c.exitCode, 1);
  assert.equal(c.outcome, 'NOT COMPLIANT');

  // Side by side, yet apart: each run's client and test bed in its own loopback /24.
  for (const [i, slug] of ['reference', 'reference-ims', 'reference-wrong-request-uri'].entries()) {
    const v4 = summaryOf(whole, slug).traces.flatMap((t) => t.messages).filter((m) => m.source.startsWith('127.'));
    assert.ok(v4.length > 0, slug);
    for (const m of v4) {
      assert.ok(m.source.startsWith(`127.${i + 1}.0.`) && m.destination.startsWith(`127.${i + 1}.0.`), `${slug}: ${m.source} → ${m.destination}`);
    }
  }

  const html = fs.readFileSync(path.join(whole, 'index.html'), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.ok(!/<script|src="http/.test(html), 'loads nothing');
  for (const row of c.rows) assert.ok(html.includes(row.sut?.name ?? row.slug) && html.includes(row.profile), row.slug);
  assert.match(html, /<td class="FAIL" title="RJ-02: RJ-02 FAIL: the Request-URI [^"]*wrong-conference\.invalid/);
  for (const row of [reference, ims, faulty]) {
    assert.ok(row.links.pctr && fs.existsSync(path.join(whole, row.links.pctr)), `${row.slug} links its PCTR`);
    assert.ok(html.includes(`href="${row.links.pctr}"`));
  }
});

test('two shards merged give the matrix of the campaign run in one go', async () => {
  const [one, two] = [newReportsDir(), newReportsDir()];
  // Two machines of a CI matrix, here side by side: the shards' runs keep the unsharded campaign's /24s.
  const shards = await Promise.all([one, two].map((dir, i) => node('campaign.js', ['--shard', `${i + 1}/2`, '--continue', '--no-html', '--out', dir, ...PROFILES])));
  // Shard 1 of 2 has the 1st and 3rd profiles, shard 2 the 2nd and 4th; each gates on its own.
  assert.deepEqual(
    shards.map((s) => s.exitCode),
    [1, 2],
    shards.map((s) => s.output).join('\n'),
  );
  assert.deepEqual(
    read(one).rows.map((r) => [r.slug, r.outcome, r.shard]),
    [
      ['reference', 'COMPLIANT', '1/2'],
      ['reference-ims', 'NOT RUN', undefined],
      ['reference-wrong-request-uri', 'NOT COMPLIANT', '1/2'],
      ['no-rejoin-command', 'NOT RUN', undefined],
    ],
  );
  const merged = newReportsDir();
  const run = await node('campaign-merge.js', ['--out', merged, one, two]);
  assert.equal(run.exitCode, 1, run.output);
  await wholeRun;
  assert.deepEqual(matrixOf(read(merged)), matrixOf(read(whole)));
  assert.deepEqual(read(merged).shards, ['1/2', '2/2']);
  for (const row of read(merged).rows.filter((r) => r.links.pctr)) assert.ok(fs.existsSync(path.join(merged, row.links.pctr!)), `${row.slug}'s run was copied in`);
  assertRejudged({ reportsDir: path.join(merged, 'runs', 'reference-ims') });
});

test('without --continue no run starts after a SUT fails a SHALL; the rest are NOT RUN, saying why, linking no earlier report', async () => {
  const out = newReportsDir();
  // An earlier campaign's reports of the run that will not start now.
  fs.mkdirSync(path.join(out, 'runs', 'reference', 'history'), { recursive: true });
  for (const f of ['summary.json', 'pctr.html', 'console.log', 'history/history.json']) fs.writeFileSync(path.join(out, 'runs', 'reference', f), '{}');
  const run = await node('campaign.js', ['--no-html', '--out', out, 'test/data/profiles/reference-wrong-request-uri.json', 'suts/reference.json', '--', '--tags', '@req:RJ-02']);
  assert.equal(run.exitCode, 1, run.output);
  const [faulty, reference] = read(out).rows;
  assert.equal(faulty.outcome, 'NOT COMPLIANT');
  assert.equal(reference.outcome, 'NOT RUN');
  assert.match(reference.reason, /stopped after reference-wrong-request-uri failed .*--continue/);
  assert.ok(!fs.existsSync(path.join(out, 'runs', 'reference', 'summary.json')), 'the run did not start');
  assert.deepEqual(reference.links, {}, 'no earlier report passes for this campaign’s');
  assert.ok(fs.existsSync(path.join(out, 'runs', 'reference', 'history', 'history.json')), 'the SUT’s Trend stays');
});

test('the merged Allure report holds every SUT apart: ids prefixed by the SUT, the SUT as parent suite', { skip: !javaAvailable() && 'allure-commandline needs Java 17 or later' }, async () => {
  const [one, two] = [newReportsDir(), newReportsDir()];
  const profiles = ['suts/reference.json', 'suts/reference-ims.json'];
  const shards = await Promise.all([one, two].map((dir, i) => node('campaign.js', ['--shard', `${i + 1}/2`, '--out', dir, ...profiles, '--', '--tags', '@req:RJ-02'])));
  assert.deepEqual(shards.map((s) => s.exitCode), [0, 0], shards.map((s) => s.output).join('\n'));
  const merged = newReportsDir();
  const run = await node('campaign-merge.js', ['--out', merged, one, two]);
  assert.equal(run.exitCode, 0, run.output);
  assert.ok(fs.existsSync(path.join(merged, 'allure-report', 'index.html')), run.output);
  const results = fs
    .readdirSync(path.join(merged, 'allure-results'))
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(merged, 'allure-results', f), 'utf8')) as { historyId: string; labels: Array<{ name: string; value: string }> });
  const bySut = (slug: string): typeof results => results.filter((r) => r.historyId.startsWith(`${slug}/`));
  const scenarios = summaryOf(merged, 'reference').requirements.flatMap((r) => r.scenarios).length;
  assert.ok(scenarios > 0);
  for (const slug of ['reference', 'reference-ims']) assert.ok(bySut(slug).length >= scenarios, `${slug}: ${bySut(slug).length} results`);
  assert.equal(bySut('reference').length + bySut('reference-ims').length, results.length, 'every result is one SUT’s');
  assert.deepEqual(new Set(results.map((r) => r.labels.find((l) => l.name === 'parentSuite')?.value)), new Set(['simple-im-reference 0.1.0', 'simple-im-reference (IMS) 0.1.0']));
  // Each SUT's own report, built by its run, is linked from the matrix.
  for (const row of read(merged).rows) assert.ok(row.links.report && fs.existsSync(path.join(merged, row.links.report)), row.slug);
});

test('a run in a folder that cannot be written is its row; an inherited SUITE_LOOPBACK_NET moves no run with --no-loopback-nets', async () => {
  const out = newReportsDir();
  fs.mkdirSync(path.join(out, 'runs'), { recursive: true });
  fs.writeFileSync(path.join(out, 'runs', 'reference'), 'a file where the run’s folder goes');
  const run = await node('campaign.js', ['--no-html', '--no-loopback-nets', '--out', out, 'suts/reference.json', 'suts/reference-ims.json', '--', '--tags', '@req:RJ-02'], { SUITE_LOOPBACK_NET: '127.9.0' });
  assert.equal(run.exitCode, 2, run.output);
  const [reference, ims] = read(out).rows;
  assert.equal(reference.outcome, 'NOT RUN');
  assert.match(reference.reason, /the campaign could not run it: .*(EEXIST|ENOTDIR)/);
  assert.equal(ims.outcome, 'COMPLIANT', 'the campaign went on');
  assert.match(ims.keepsAddresses ?? '', /--no-loopback-nets/);
  const sources = summaryOf(out, 'reference-ims').traces.flatMap((t) => t.messages).map((m) => m.source).filter((a) => a.startsWith('127.'));
  assert.ok(sources.length > 0 && sources.every((a) => a.startsWith('127.0.0.')), sources.join(' '));
});

test('--run-timeout stops a run that does not end; its row is NO VERDICT and the run is gone', async () => {
  const out = newReportsDir();
  // A client that never sends its INVITE, and a profile that waits ten minutes for it: the run
  // would outlive the test (the step's own 60 s backstop included).
  const profile = path.join(out, 'lingering.json');
  fs.writeFileSync(
    profile,
    JSON.stringify({
      name: 'a client that never dials',
      version: '1',
      adapter: 'command',
      command: { rejoin: 'true' },
      ics: { transports: ['udp'] },
      ixit: { userUri: 'sip:bob@example.invalid', localHost: '127.0.0.2', inviteTimeoutMs: 600_000, eventTimeoutMs: 300 },
    }),
  );
  const campaignDir = path.join(out, 'campaign');
  const run = await node('campaign.js', ['--no-html', '--run-timeout', '8', '--out', campaignDir, profile, '--', '--tags', '@req:RJ-02']);
  assert.equal(run.exitCode, 2, run.output);
  const [row] = read(campaignDir).rows;
  assert.equal(row.outcome, 'NO VERDICT', run.output);
  assert.match(row.reason, /stopped after 8 s, the campaign's --run-timeout/);
  const left = spawnSync('pgrep', ['-f', `conformance.js --sut ${profile}`], { encoding: 'utf8' }).stdout.trim();
  assert.equal(left, '', 'the run itself is gone');
});

test('an interrupted campaign stops its runs, starts no other and writes the matrix of what ended', async () => {
  const out = newReportsDir();
  let pid = 0;
  const running = node('campaign.js', ['--no-html', '--out', out, 'suts/reference.json', 'suts/reference-ims.json'], {}, (p) => (pid = p));
  // The first run has started when its console exists (bounded: the test's own timeout).
  await new Promise<void>((resolve) => {
    const look = setInterval(() => fs.existsSync(path.join(out, 'runs', 'reference', 'console.log')) && (clearInterval(look), resolve()), 20);
  });
  process.kill(pid, 'SIGINT');
  const run = await running;
  assert.equal(run.exitCode, 2, run.output);
  assert.match(run.output, /SIGINT: stopping 1 run\(s\) under way/);
  const [reference, ims] = read(out).rows;
  assert.ok(['NO VERDICT', 'COMPLIANT'].includes(reference.outcome), reference.reason);
  assert.equal(ims.outcome, 'NOT RUN');
  assert.match(ims.reason, /interrupted \(SIGINT\)/);
});
