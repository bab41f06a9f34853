import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { alignStatusWithVerdict } from '../../support/report/allure-status';
import type { RequirementVerdict } from '../../support/report/verdict-record';

/** One scenario's result as allure-cucumberjs writes it, its verdict.json inside a step; aligned, then read back. */
function aligned(status: string, verdicts: RequirementVerdict[], message?: string): { status: string; statusDetails: { message?: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-status-'));
  fs.writeFileSync(path.join(dir, 'v-attachment.json'), JSON.stringify({ verdicts, findings: [] }));
  const result = {
    name: 'scenario',
    status,
    statusDetails: message ? { message } : {},
    steps: [{ name: 'Given something', status: 'passed' }, { name: 'verdict.json', attachments: [{ name: 'verdict.json', source: 'v-attachment.json', type: 'application/json' }] }],
  };
  fs.writeFileSync(path.join(dir, 'r-result.json'), JSON.stringify(result));
  alignStatusWithVerdict(dir);
  return JSON.parse(fs.readFileSync(path.join(dir, 'r-result.json'), 'utf8'));
}

const na: RequirementVerdict = { requirement: 'RJ-01', verdict: 'N/A', reason: 'N/A: the client does not declare TCP (ics.transports)' };

test('an N/A scenario Allure saw as passed (a step passed before the N/A one) becomes skipped, with its reason', () => {
  const r = aligned('passed', [na]);
  assert.equal(r.status, 'skipped');
  assert.equal(r.statusDetails.message, na.reason);
});

test('an INCONC no step reported (an unjudged scenario, a failed hook) becomes broken with its reason; a reported one stays', () => {
  const unjudged = aligned('passed', [{ requirement: 'RJ-02', verdict: 'INCONC', reason: 'no check judged RJ-02 in this scenario' }]);
  assert.deepEqual([unjudged.status, unjudged.statusDetails.message], ['broken', 'no check judged RJ-02 in this scenario']);
  const hook = aligned('skipped', [{ requirement: 'RJ-02', verdict: 'INCONC', reason: 'INCONC: test-bed error: Error: boom' }]);
  assert.deepEqual([hook.status, hook.statusDetails.message], ['broken', 'INCONC: test-bed error: Error: boom']);
  assert.equal(aligned('skipped', []).statusDetails.message, 'INCONC: test-bed error: the scenario recorded no verdict');
  const reported = aligned('broken', [{ requirement: 'RJ-07', verdict: 'INCONC', reason: 'RJ-07 INCONC: silence' }], 'Inconclusive: RJ-07 INCONC: silence\n    at x');
  assert.deepEqual([reported.status, reported.statusDetails.message], ['broken', 'Inconclusive: RJ-07 INCONC: silence\n    at x']);
});

test('PASS, FAIL and an N/A whose step broke afterwards keep the status Allure gave them', () => {
  assert.equal(aligned('passed', [{ requirement: 'RJ-02', verdict: 'PASS', reason: 'ok' }]).status, 'passed');
  assert.equal(aligned('failed', [{ requirement: 'RJ-02', verdict: 'FAIL', reason: 'RJ-02 FAIL: x' }], 'AssertionError: SHALL requirement RJ-02 FAIL').status, 'failed');
  assert.equal(aligned('broken', [na], 'TypeError: x').status, 'broken');
});
