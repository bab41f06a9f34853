import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseEnvInfo } from 'allure-js-commons/sdk/reporter';
import { CATALOGUE } from '../../support/requirements';
import { executorInfo, hostInfo, overviewOf, writeOverview } from '../../support/report/allure-overview';
import { buildSummary, gateFailures, type ScenarioOutcome } from '../../support/report/summary';
import type { Verdict } from '../../support/verdict';

const suite = { name: 'simple-im-conformance', version: '0.1.0' };
const sut = { name: 'acme-im', version: '2.3', adapter: 'process' };
const ALL = new Set(CATALOGUE.map((r) => r.id));

/** One scenario per catalogue requirement, PASS unless `verdicts` says otherwise. */
function run(verdicts: Record<string, Verdict> = {}, only?: string[]): ReturnType<typeof buildSummary> {
  const outcomes: ScenarioOutcome[] = CATALOGUE.filter((r) => !only || only.includes(r.id)).map((r) => {
    const verdict = verdicts[r.id] ?? 'PASS';
    return { id: `SIMPLE_IM-1.0-con-${r.id.replace('-', '')}-01`, name: `${r.id} scenario`, requirement: r.id, verdict, reason: `${r.id} ${verdict}: the reason of ${r.id}` };
  });
  return buildSummary(suite, sut, outcomes, ALL);
}

/** The Environment widget shows five rows until "Show all" is clicked. */
const FIRST_SCREEN = 5;

test('a compliant run: the statement, the SUT, and every requirement with its strength and verdict in the first five rows', () => {
  const summary = run();
  const o = overviewOf(summary, gateFailures(summary));
  assert.equal(o.reportName, 'COMPLIANT — acme-im 2.3');
  const first = o.environment.slice(0, FIRST_SCREEN);
  assert.deepEqual(first.slice(0, 2), [
    ['Verdict', 'COMPLIANT'],
    ['SUT', 'acme-im 2.3'],
  ]);
  assert.deepEqual(first[2], ['Gating (SHALL, COND)', 'RJ-01 SHALL PASS, RJ-02 SHALL PASS, RJ-03 SHALL PASS, RJ-04 SHALL PASS, RJ-05 SHALL PASS, RJ-06 SHALL PASS, RJ-07 SHALL PASS, RJ-09 COND PASS']);
  assert.deepEqual(first[3], ['Reported, never gates (MAY, RB)', 'RJ-08 MAY PASS, RB-01 RB PASS, RB-02 RB PASS, RB-03 RB PASS, RB-04 RB PASS, RB-05 RB PASS, RB-06 RB PASS']);
  const shown = first.map(([, v]) => v).join(', ');
  for (const r of CATALOGUE) assert.ok(shown.includes(`${r.id} ${r.strength} PASS`), `${r.id} is not on the first screen`);
});

test('under "Show all", one row per requirement in catalogue order, with its first reason when it did not pass', () => {
  const summary = run({ 'RJ-02': 'FAIL', 'RB-02': 'INCONC' });
  const rows = overviewOf(summary, gateFailures(summary)).environment.slice(4);
  assert.deepEqual(
    rows.map(([k]) => k),
    CATALOGUE.map((r) => `${r.id} ${r.strength}`),
  );
  assert.deepEqual(rows[0], ['RJ-01 SHALL', 'PASS']);
  assert.deepEqual(rows[1], ['RJ-02 SHALL', 'FAIL: RJ-02 FAIL: the reason of RJ-02']);
  assert.deepEqual(
    rows.find(([k]) => k === 'RB-02 RB'),
    ['RB-02 RB', 'INCONC: RB-02 INCONC: the reason of RB-02'],
  );
});

test('a failing run names each SHALL that did not pass, with its verdict, in the statement and the title', () => {
  const summary = run({ 'RJ-02': 'FAIL', 'RJ-05': 'INCONC', 'RJ-08': 'FAIL', 'RB-01': 'FAIL' });
  const o = overviewOf(summary, gateFailures(summary));
  assert.deepEqual(o.environment[0], ['Verdict', 'NOT COMPLIANT: RJ-02 SHALL FAIL, RJ-05 SHALL INCONC']);
  assert.equal(o.reportName, 'NOT COMPLIANT: RJ-02, RJ-05 — acme-im 2.3', 'a MAY or RB FAIL never gates');
  assert.match(o.environment[2][1], /RJ-02 SHALL FAIL, RJ-03 SHALL PASS, RJ-04 SHALL PASS, RJ-05 SHALL INCONC/);
  assert.match(o.environment[3][1], /RJ-08 MAY FAIL, RB-01 RB FAIL, RB-02 RB PASS/);
});

test('a SHALL none of whose scenarios applied is named as not judged, not as a plain N/A', () => {
  const summary = run({ 'RJ-04': 'N/A' });
  const o = overviewOf(summary, gateFailures(summary));
  assert.deepEqual(o.environment[0], ['Verdict', 'NOT COMPLIANT: RJ-04 SHALL N/A (not judged)']);
  assert.equal(o.reportName, 'NOT COMPLIANT: RJ-04 — acme-im 2.3');
});

test('a compliant run of a selection says which gating requirements the verdict does not cover', () => {
  const summary = run({}, ['RJ-02', 'RB-01']);
  const o = overviewOf(summary, gateFailures(summary));
  assert.deepEqual(o.environment[0], ['Verdict', 'COMPLIANT (partial run: the selection (--tags) left out RJ-01, RJ-03, RJ-04, RJ-05, RJ-06, RJ-07, RJ-09)']);
  assert.equal(o.reportName, 'COMPLIANT (partial) — acme-im 2.3');
  assert.match(o.environment[2][1], /^RJ-01 SHALL N\/A, RJ-02 SHALL PASS,/);
  assert.deepEqual(
    o.environment.find(([k]) => k === 'RJ-01 SHALL'),
    ['RJ-01 SHALL', 'N/A: not selected in this run'],
  );
});

test('--strict: every requirement gates, in one matrix row, and a MAY FAIL makes the run not compliant', () => {
  const summary = run({ 'RJ-08': 'FAIL' });
  const o = overviewOf(summary, gateFailures(summary, true), { strict: true });
  assert.deepEqual(o.environment[0], ['Verdict', 'NOT COMPLIANT: RJ-08 MAY FAIL (--strict)']);
  assert.equal(o.environment[2][0], 'Gating (SHALL, MAY, COND, RB)');
  assert.equal(o.environment[3][0], 'RJ-01 SHALL', 'no "reported" row');
  const passing = run();
  assert.equal(overviewOf(passing, gateFailures(passing, true), { strict: true }).environment[0][1], 'COMPLIANT (--strict: MAY and robustness gate too)');
});

test('writeOverview puts its rows first in environment.properties, keeps the run\'s own rows after them, and names the report in executor.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-overview-'));
  try {
    // As allure-cucumberjs writes it from cucumber.js's environmentInfo.
    fs.writeFileSync(path.join(dir, 'environment.properties'), 'suite=simple-im-conformance 0.1.0\nSUT\\ name=acme-im\nSUT=stale\nnode=v20.20.2');
    const summary = run({ 'RJ-02': 'FAIL' });
    const o = writeOverview(dir, summary, gateFailures(summary));
    const env = parseEnvInfo(fs.readFileSync(path.join(dir, 'environment.properties'), 'utf8'));
    assert.deepEqual(Object.entries(env).slice(0, o.environment.length), o.environment);
    assert.deepEqual(Object.entries(env).slice(o.environment.length), [
      ['suite', 'simple-im-conformance 0.1.0'],
      ['SUT name', 'acme-im'],
      ['node', 'v20.20.2'],
    ]);
    assert.equal(env.SUT, 'acme-im 2.3', 'the overview\'s row replaces a row of the same name');
    const executor = JSON.parse(fs.readFileSync(path.join(dir, 'executor.json'), 'utf8')) as Record<string, string>;
    assert.equal(executor.reportName, 'NOT COMPLIANT: RJ-02 — acme-im 2.3');
    assert.equal(executor.buildName, 'NOT COMPLIANT');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeOverview writes the Environment rows when the run left no environment.properties', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-overview-'));
  try {
    const summary = run();
    writeOverview(dir, summary, gateFailures(summary));
    const env = parseEnvInfo(fs.readFileSync(path.join(dir, 'environment.properties'), 'utf8'));
    assert.equal(env.Verdict, 'COMPLIANT');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// executor.json: who ran the run, where, and in which CI build, from fake environments.
const HOST = { user: 'alice', host: 'lab-pc-3' };
const executorFor = (env: Record<string, string>, o: { host?: { user?: string; host?: string }; localBuildOrder?: number; compliant?: boolean } = {}) =>
  executorInfo(run(), { reportName: 'COMPLIANT — acme-im 2.3' }, o.compliant ?? true, { env, host: o.host ?? HOST, localBuildOrder: o.localBuildOrder });

test('executor.json of a local run: the suite, the user and the host; the bare statement; the local build order', () => {
  assert.deepEqual(executorFor({ PATH: '/usr/bin', HOME: '/home/alice' }, { localBuildOrder: 3 }), {
    name: 'simple-im-conformance 0.1.0, run by alice on lab-pc-3',
    type: 'conformance',
    buildOrder: 3,
    buildName: 'COMPLIANT',
    reportName: 'COMPLIANT — acme-im 2.3',
  });
  assert.equal(executorFor({}, { host: {}, compliant: false }).name, 'simple-im-conformance 0.1.0', 'an unknown user and host are left out');
  assert.equal(executorFor({}, { compliant: false }).buildName, 'NOT COMPLIANT');
  assert.equal('buildOrder' in executorFor({}), false, 'absent, not null, with no build order at all');
});

test('executor.json on GitHub Actions: the run URL, its number as the build order, the workflow and the job, the github icon', () => {
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.example.com',
    GITHUB_REPOSITORY: 'acme/im-client',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'conformance',
    GITHUB_JOB: 'gate',
  };
  assert.deepEqual(executorFor(env, { host: { user: 'runner', host: 'fv-az12' }, localBuildOrder: 5 }), {
    name: 'simple-im-conformance 0.1.0, GitHub Actions: conformance #42, job gate, run by runner on fv-az12',
    type: 'github',
    url: 'https://github.example.com/acme/im-client/actions',
    buildOrder: 42,
    buildName: 'COMPLIANT',
    buildUrl: 'https://github.example.com/acme/im-client/actions/runs/9876543210',
    reportName: 'COMPLIANT — acme-im 2.3',
  });
  const rerun = executorFor({ ...env, GITHUB_SERVER_URL: '', GITHUB_RUN_ATTEMPT: '2' });
  assert.equal(rerun.buildUrl, 'https://github.com/acme/im-client/actions/runs/9876543210/attempts/2', 'github.com when the server is unset (empty); a re-run attempt links to its own page');
});

test('executor.json on GitLab CI: the job URL, the pipeline as url, the pipeline number (else the job id) as the build order', () => {
  const env = {
    GITLAB_CI: 'true',
    CI_JOB_URL: 'https://gitlab.example.com/acme/im/-/jobs/777',
    CI_PIPELINE_URL: 'https://gitlab.example.com/acme/im/-/pipelines/55',
    CI_PIPELINE_IID: '12',
    CI_JOB_ID: '777',
    CI_JOB_NAME: 'conformance: [suts/a.json]',
  };
  const e = executorFor(env);
  assert.equal(e.type, 'gitlab');
  assert.equal(e.name, 'simple-im-conformance 0.1.0, GitLab CI: job conformance: [suts/a.json] #777, run by alice on lab-pc-3');
  assert.equal(e.buildUrl, 'https://gitlab.example.com/acme/im/-/jobs/777');
  assert.equal(e.url, 'https://gitlab.example.com/acme/im/-/pipelines/55');
  assert.equal(e.buildOrder, 12);
  assert.equal(executorFor({ ...env, CI_PIPELINE_IID: '' }).buildOrder, 777);
});

test('executor.json on Jenkins, and on any engine that sets BUILD_URL', () => {
  const jenkins = executorFor({ JENKINS_URL: 'https://ci.example.com/', BUILD_URL: 'https://ci.example.com/job/im/31/', BUILD_NUMBER: '31', JOB_NAME: 'im' });
  assert.deepEqual(
    { type: jenkins.type, name: jenkins.name, url: jenkins.url, buildUrl: jenkins.buildUrl, buildOrder: jenkins.buildOrder },
    { type: 'jenkins', name: 'simple-im-conformance 0.1.0, Jenkins: im #31, run by alice on lab-pc-3', url: 'https://ci.example.com/', buildUrl: 'https://ci.example.com/job/im/31/', buildOrder: 31 },
  );
  assert.equal(executorFor({ JENKINS_HOME: '/var/jenkins', BUILD_NUMBER: '8' }).type, 'jenkins', 'JENKINS_HOME is enough');
  const generic = executorFor({ BUILD_URL: 'https://builds.example.com/b/99', BUILD_NUMBER: 'r99' }, { localBuildOrder: 4 });
  assert.deepEqual(
    { type: generic.type, name: generic.name, buildUrl: generic.buildUrl, buildOrder: generic.buildOrder },
    { type: 'conformance', name: 'simple-im-conformance 0.1.0, CI: build #r99, run by alice on lab-pc-3', buildUrl: 'https://builds.example.com/b/99', buildOrder: 4 },
    'a build number that is not a number does not become the build order: the local one stays',
  );
});

test('executor.json links only http(s) URLs: a stray value does not become a link', () => {
  assert.equal(executorFor({ BUILD_URL: 'javascript:alert(1)' }).buildUrl, undefined);
  assert.equal(executorFor({ GITLAB_CI: 'true', CI_JOB_URL: 'not a url' }).buildUrl, undefined);
});

test('hostInfo names this process\'s user and host', () => {
  const h = hostInfo({});
  assert.equal(h.host, os.hostname());
  assert.ok(h.user === undefined || h.user.length > 0, 'a name, or unknown (a uid with no account)');
});

test('writeOverview writes executor.json from the CI variables and host it is given', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-overview-'));
  try {
    const summary = run();
    writeOverview(dir, summary, gateFailures(summary), { executor: { env: { BUILD_URL: 'https://b.example.com/1', BUILD_NUMBER: '1' }, host: HOST } });
    const executor = JSON.parse(fs.readFileSync(path.join(dir, 'executor.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(executor.buildUrl, 'https://b.example.com/1');
    assert.equal(executor.buildOrder, 1);
    assert.match(String(executor.name), /run by alice on lab-pc-3$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
