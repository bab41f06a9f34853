import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../support/project';
import { runConformance, runConformanceProcess, verdictsById } from '../helpers/run-suite';

/**
 * A waiver end to end: the reference client with the fault "wrong-user-agent" FAILs RJ-01's
 * oma-user-agent (test/conformance/fault-switches.test.ts); a profile that waives exactly that
 * sub-check turns RJ-01 PASS, the run compliant, and says so in summary.json and both matrices.
 * A profile whose waiver names no sub-check of its requirement stops the run before any scenario.
 */
const PROFILE = path.join('test', 'data', 'profiles', 'waive-user-agent.json');
const profile = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, PROFILE), 'utf8')) as { waivers: Array<Record<string, string>> };
const [waiver] = profile.waivers;

test('a waiver of RJ-01 oma-user-agent turns the FAIL of "wrong-user-agent" into a PASS on record: exit 0, listed in summary.json and the matrices', async () => {
  assert.deepEqual([waiver.requirement, waiver.check], ['RJ-01', 'oma-user-agent']);
  const run = await runConformance({ faults: ['wrong-user-agent'], args: ['--sut', PROFILE] });
  assert.equal(run.exitCode, 0, run.output.slice(-3000));
  assert.match(run.output, /COMPLIANT: every applicable SHALL requirement passed/);
  const verdicts = verdictsById(run.summary);
  assert.equal(verdicts['RJ-01'], 'PASS');
  for (const [id, verdict] of Object.entries(verdicts)) assert.ok(verdict === 'PASS' || (id === 'RJ-09' && verdict === 'N/A'), `${id} is ${verdict}`);

  assert.equal(run.summary.waivers.length, 1);
  const [entry] = run.summary.waivers;
  assert.deepEqual([entry.requirement, entry.check, entry.reason], [waiver.requirement, waiver.check, waiver.reason]);
  assert.equal(entry.turned.length, 1, 'the one scenario of that sub-check');
  assert.match(entry.turned[0].scenario, /User-Agent names the IM release/);
  assert.match(entry.turned[0].finding, /^RJ-01 FAIL: the User-Agent "simple-im-reference\/[\d.]+" does not start with IM-client\/OMA<release>$/);
  assert.equal(entry.turned[0].scenarioVerdict, 'PASS');
  const scenario = run.summary.requirements.find((r) => r.id === 'RJ-01')!.scenarios.find((s) => s.name === entry.turned[0].scenario)!;
  assert.equal(scenario.verdict, 'PASS');

  const rj01 = run.summary.requirements.find((r) => r.id === 'RJ-01')!.scenarios.length;
  assert.match(run.output, new RegExp(`RJ-01 {2}SHALL PASS +${rj01} {2}PASS with a waiver of oma-user-agent`));
  assert.match(run.output, /Waivers of the SUT profile \(1; a waived FAIL counts as PASS\):\n {2}RJ-01 oma-user-agent: "[^"]+"\n {4}turned 1 FAIL to PASS in 1 scenario:/);

  const results = path.join(run.reportsDir, 'allure-results');
  const matrix = fs
    .readdirSync(results)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(results, f), 'utf8')) as { historyId?: string; status: string; descriptionHtml: string })
    .find((r) => r.historyId === 'compliance-matrix');
  assert.ok(matrix, 'the Compliance matrix result');
  assert.equal(matrix.status, 'passed');
  assert.match(matrix.descriptionHtml, /<b>Waivers of the SUT profile<\/b>.*<td>RJ-01<\/td><td>oma-user-agent<\/td>.*<li>Ensure that the rejoin INVITE meets the 7\.1\.1\.1 rule/);
});

const variant = (change: (w: Record<string, string>) => void): string => {
  const p = structuredClone(profile);
  change(p.waivers[0]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waiver-')), 'lab.json');
  fs.writeFileSync(file, JSON.stringify(p));
  return file;
};

for (const [what, change, line] of [
  ['a misspelled sub-check', (w: Record<string, string>) => void (w.check = 'oma-user-agnet'), /^SUT profile \S+lab\.json: field "waivers\[0\]\.check" is "oma-user-agnet", not a sub-check of RJ-01 \(did you mean "oma-user-agent"\?\); RJ-01's sub-checks: .*$/m],
  ['a waiver without "requirement"', (w: Record<string, string>) => void delete w.requirement, /^SUT profile \S+lab\.json: field "waivers\[0\]\.requirement" is missing: .*so add "requirement": "RJ-01"$/m],
] as const) {
  test(`${what} stops the run before any scenario: exit code 2 and one line naming it`, async () => {
    const run = await runConformanceProcess({ faults: ['wrong-user-agent'], args: ['--sut', variant(change), '--no-html'] });
    assert.equal(run.exitCode, 2, run.output);
    assert.match(run.output, line);
    assert.doesNotMatch(run.output, /scenarios? \(/, 'no scenario ran');
    assert.ok(!fs.existsSync(path.join(run.reportsDir, 'summary.json')), 'no summary was written');
  });
}
