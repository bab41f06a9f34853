import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { rejudge } from '../../scripts/rejudge';
import type { Manifest } from '../../support/evidence/manifest';
import type { ScenarioEvidence } from '../../support/evidence/scenario-evidence';
import { PROJECT_ROOT } from '../../support/project';
import { runConformance, type SuiteRun } from '../helpers/run-suite';

/**
 * npm run rejudge on a real failing run (the reference client with the fault wrong-request-uri):
 * it reproduces every verdict with no network, refuses a bundle that was changed, and says which
 * verdicts another suite version judges differently.
 */
let run: SuiteRun;
before(async () => {
  run = await runConformance({ faults: ['wrong-request-uri'], args: ['--no-html', '--tags', '@req:RJ-02 or @req:RJ-05'] });
});

function rejudged(dir: string): { code: number; out: string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const code = rejudge([dir], out, out);
  return { code, out: Buffer.concat(chunks).toString() };
}

function copyOfBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejudge-'));
  fs.cpSync(run.reportsDir, dir, { recursive: true });
  return dir;
}

const FAILING = 'SIMPLE_IM-1.0-con-RJ02-01';
const scenarioFile = (dir: string, id = FAILING): string => path.join(dir, 'evidence', 'scenarios', `${id}.json`);

test('a failing run is re-judged to the same verdicts, its FAILs included', () => {
  assert.equal(run.exitCode, 1, run.output.slice(-2000));
  const { code, out } = rejudged(run.reportsDir);
  assert.equal(code, 0, out);
  assert.match(out, /\nRe-judged statement: NOT COMPLIANT: RJ-02 SHALL FAIL\.\n/);
  assert.match(out, /Re-judged 16 scenarios, \d+ check calls on \d+ recorded messages, with no client and no network: every verdict reproduced\./);
  const evidence = JSON.parse(fs.readFileSync(scenarioFile(run.reportsDir), 'utf8')) as ScenarioEvidence;
  assert.deepEqual(evidence.verdict.verdicts.map((v) => v.verdict), ['FAIL']);
});

test('rejudge opens no socket and starts no process: with the network and child processes refused, it still reproduces every verdict', () => {
  const guard = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'no-network-')), 'guard.js');
  fs.writeFileSync(
    guard,
    `for (const [mod, fns] of [['net', ['connect', 'createConnection', 'createServer']], ['dgram', ['createSocket']], ['tls', ['connect', 'createServer']], ['child_process', ['spawn', 'fork', 'exec', 'execFile']]]) {
       const m = require(mod);
       for (const f of fns) m[f] = () => { throw new Error('rejudge must not use ' + mod + '.' + f); };
     }`,
  );
  // spawnSync stays: suiteIdentity asks git for the commit, and says "Not Available" without it.
  const r = spawnSync(process.execPath, ['-r', guard, path.join(PROJECT_ROOT, 'dist', 'scripts', 'rejudge.js'), run.reportsDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /every verdict reproduced/);
});

test('a bundle with a changed, a missing or an added evidence file is refused, naming the file', () => {
  const changed = copyOfBundle();
  fs.appendFileSync(scenarioFile(changed), ' ');
  const a = rejudged(changed);
  assert.equal(a.code, 2);
  assert.match(a.out, new RegExp(`^REFUSED: .* does not match its manifest[^\\n]*\\n {2}evidence/scenarios/${FAILING}\\.json has changed: SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}`));

  const missing = copyOfBundle();
  fs.rmSync(path.join(missing, 'junit.xml'));
  assert.match(rejudged(missing).out, /\n {2}junit\.xml is missing/);

  const added = copyOfBundle();
  fs.copyFileSync(scenarioFile(added), scenarioFile(added, 'SIMPLE_IM-1.0-con-RJ02-99'));
  const c = rejudged(added);
  assert.equal(c.code, 2);
  assert.match(c.out, /evidence\/scenarios\/SIMPLE_IM-1\.0-con-RJ02-99\.json is not in the manifest/);

  const none = fs.mkdtempSync(path.join(os.tmpdir(), 'rejudge-none-'));
  assert.match(rejudged(none).out, /evidence\/manifest\.json is missing/);
});

/** A bundle whose record says the run judged otherwise (its manifest rewritten to match), as an older suite would have. */
function judgedOtherwise(digest?: string): string {
  const dir = copyOfBundle();
  const file = scenarioFile(dir);
  const evidence = JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioEvidence;
  evidence.verdict.verdicts = evidence.verdict.verdicts.map((v) => ({ ...v, verdict: 'PASS', reason: 'RJ-02 PASS: an older check' }));
  fs.writeFileSync(file, JSON.stringify(evidence));
  const manifestFile = path.join(dir, 'evidence', 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const entry = manifest.files.find((f) => f.path === `evidence/scenarios/${FAILING}.json`)!;
  entry.sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  if (digest) manifest.suite.digest = digest;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return dir;
}

test('a verdict the run gave otherwise is named: as another suite version\'s judgement, or as not reproduced by the same one', () => {
  const older = rejudged(judgedOtherwise('0'.repeat(64)));
  assert.equal(older.code, 1, older.out);
  assert.match(older.out, /Re-judged by ANOTHER suite/);
  assert.match(older.out, new RegExp(`\\n {2}${FAILING} [^\\n]+\\n {4}RJ-02: the run gave PASS, this suite gives FAIL \\(RJ-02 FAIL: `));
  assert.match(older.out, /1 scenario\(s\) with another verdict: this suite version judges them differently\.$/m);

  const same = rejudged(judgedOtherwise());
  assert.equal(same.code, 1);
  assert.match(same.out, /NOT REPRODUCED although the features and checks are the same/);
});

test('docs/evidence.md shows the manifest and a scenario\'s evidence with the fields a real bundle has', () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'evidence.md'), 'utf8');
  const [manifest, scenario] = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
  const real = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(run.reportsDir, 'evidence', file), 'utf8')) as Record<string, unknown>;
  const keys = (o: unknown): string[] => Object.keys(o as object).sort();
  const realManifest = real('manifest.json');
  assert.deepEqual(keys(manifest), keys(realManifest));
  assert.deepEqual(keys(manifest.suite), keys(realManifest.suite));
  assert.deepEqual(keys(manifest.sut), keys(realManifest.sut));
  assert.deepEqual(keys((manifest.files as unknown[])[0]), keys((realManifest.files as unknown[])[0]));
  const realScenario = real(`scenarios/${FAILING}.json`);
  assert.deepEqual(keys(scenario), keys(realScenario));
  assert.deepEqual(keys((scenario.messages as unknown[])[0]), keys((realScenario.messages as unknown[])[0]), 'a UDP SIP message has these fields');
  assert.deepEqual(keys((scenario.judgements as unknown[])[0]), keys((realScenario.judgements as unknown[]).find((j) => (j as { kind: string }).kind === 'check')));
});

/** A copy of the bundle with its manifest edited (and the files it names left as they are). */
function withManifest(edit: (m: Manifest, dir: string) => void): string {
  const dir = copyOfBundle();
  const file = path.join(dir, 'evidence', 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  edit(manifest, dir);
  fs.writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

test('a manifest that names another SUT, lists a path outside the bundle or leaves summary.json out is refused', () => {
  const relabelled = rejudged(withManifest((m) => (m.sut.version = '9.9')));
  assert.equal(relabelled.code, 2);
  assert.match(relabelled.out, /the manifest names the SUT simple-im-reference 9\.9 \(process\), summary\.json simple-im-reference \S+ \(process\)/);
  const outside = rejudged(withManifest((m) => m.files.push({ path: '../elsewhere.txt', sha256: '0', bytes: 0 })));
  assert.match(outside.out, /\.\.\/elsewhere\.txt is not a path inside the bundle/);
  const noSummary = rejudged(withManifest((m) => (m.files = m.files.filter((f) => f.path !== 'summary.json'))));
  assert.match(noSummary.out, /summary\.json is not in the manifest/);
});

test('a scenario of summary.json without evidence is carried, not re-judged, and rejudge does not call that reproduced', () => {
  const dir = withManifest((m, d) => {
    fs.rmSync(scenarioFile(d));
    m.files = m.files.filter((f) => f.path !== `evidence/scenarios/${FAILING}.json`);
  });
  const r = rejudged(dir);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`carried from summary\\.json:\\n {2}${FAILING} RJ-02 FAIL: `));
  assert.match(r.out, /the verdicts re-judged are reproduced, but 1 verdict\(s\) above were carried, not re-judged\./);
});
