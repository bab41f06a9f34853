import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runConformance } from '../helpers/run-suite';

/** Processes whose command line mentions `marker`, other than this test's own shell. */
const leftovers = (marker: string): string[] =>
  execSync('ps -eo pid,args', { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker) && !l.includes('ps -eo'));

test('a client whose rejoin crashes: every requirement INCONC with its output attached, nothing left running', async () => {
  const run = await runConformance({ args: ['--sut', 'test/data/profiles/crashing.json', '--tags', '@req:RJ-02 or @req:RJ-05'] });
  assert.equal(run.exitCode, 1, 'INCONC of a SHALL fails the gate');
  for (const r of run.summary.requirements.filter((x) => x.scenarios.length > 0)) {
    assert.equal(r.verdict, 'INCONC', r.id);
    assert.match(r.reason, /the client reported the rejoin failed \("the rejoin command exited with code 139"\) and sent no INVITE/);
  }
  const logs = fs.readdirSync(path.join(run.reportsDir, 'allure-results')).filter((f) => /\.(txt|log)$/.test(f)).map((f) => fs.readFileSync(path.join(run.reportsDir, 'allure-results', f), 'utf8'));
  assert.ok(logs.some((l) => l.includes('segfault in rejoin')), "the client's own words are in the evidence");
  assert.deepEqual(leftovers('echo READY; sleep 30'), [], 'the start command is killed');
});

test('a client that floods garbage: RJ-01 FAILs with the reason and the raw bytes, RJ-02 is INCONC naming it, the run goes on and ends', async () => {
  const run = await runConformance({ args: ['--sut', 'test/data/profiles/flooding.json', '--tags', '@req:RJ-02 or @req:RJ-01'] });
  const rj01 = run.summary.requirements.find((r) => r.id === 'RJ-01')!;
  assert.equal(rj01.verdict, 'FAIL');
  assert.match(rj01.reason, /^RJ-01 FAIL: the client's message #\d+ is not a SIP message the suite can read \(no empty line ends the header section\)/);
  // The syntax is RJ-01's: with no start line to read, RJ-02 cannot judge the Request-URI.
  const rj02 = run.summary.requirements.find((r) => r.id === 'RJ-02')!;
  assert.equal(rj02.verdict, 'INCONC');
  assert.match(rj02.reason, /its Request-URI cannot be read: .*RJ-01 FAILs it/);
  const traces = fs.readdirSync(path.join(run.reportsDir, 'allure-results')).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(run.reportsDir, 'allure-results', f), 'utf8'));
  assert.ok(traces.some((t) => /UNPARSABLE: .*\n0{8}\s{2}47 41 52 42 41 47 45/.test(t)), 'the hex dump of the garbage is in the trace');
  // The TCP, TLS and IPv6 rows are there too, N/A for a client that declares UDP on IPv4.
  assert.deepEqual([rj02.scenarios.length, rj01.scenarios.length], [9, 9], 'every selected scenario ran');
});
