import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOGUE } from '../../support/requirements';
import { buildSummary, gateFailures, notCovered, notSelected, type ScenarioOutcome } from '../../support/report/summary';
import { verdictsFromFindings, worstVerdict } from '../../support/report/verdict-record';
import type { Finding } from '../../support/verdict';

const suite = { name: 'simple-im-conformance', version: '0.1.0' };
const sut = { name: 'client', version: '1', adapter: 'process' };
const pass = (name: string, requirement = 'RJ-02'): ScenarioOutcome => ({ id: `TC-${name}`, name, requirement, verdict: 'PASS', reason: 'ok' });

test('every catalogue id has an entry, in catalogue order; ids no scenario judged are N/A "not implemented"', () => {
  const summary = buildSummary(suite, sut, [pass('a')]);
  assert.deepEqual(summary.requirements.map((r) => r.id), CATALOGUE.map((r) => r.id));
  const rj01 = summary.requirements.find((r) => r.id === 'RJ-01')!;
  assert.equal(rj01.verdict, 'N/A');
  assert.equal(rj01.reason, 'not implemented');
  assert.deepEqual(summary.requirements.find((r) => r.id === 'RJ-02')!.scenarios, [{ id: 'TC-a', name: 'a', verdict: 'PASS', reason: 'ok' }]);
});

test('a requirement takes the worst verdict of its scenarios and the reason of the first such scenario', () => {
  const summary = buildSummary(suite, sut, [
    pass('a'),
    { id: 'TC-b', name: 'b', requirement: 'RJ-02', verdict: 'INCONC', reason: 'silence' },
    { id: 'TC-c', name: 'c', requirement: 'RJ-02', verdict: 'FAIL', reason: 'wrong URI' },
    { id: 'TC-d', name: 'd', requirement: 'RJ-02', verdict: 'FAIL', reason: 'second' },
  ]);
  const rj02 = summary.requirements.find((r) => r.id === 'RJ-02')!;
  assert.equal(rj02.verdict, 'FAIL');
  assert.equal(rj02.reason, 'wrong URI');
});

test('an outcome for an id outside the catalogue is a test-bed error, not silently dropped', () => {
  assert.throws(() => buildSummary(suite, sut, [pass('a', 'RJ-99')]), /RJ-99/);
});

test('the gate fails on an applicable SHALL that is FAIL or INCONC, never on MAY, robustness or N/A', () => {
  const outcomes: ScenarioOutcome[] = [
    pass('a'),
    { id: 'TC-m', name: 'm', requirement: 'RJ-08', verdict: 'FAIL', reason: 'may' },
    { id: 'TC-r', name: 'r', requirement: 'RB-01', verdict: 'FAIL', reason: 'robustness' },
    { id: 'TC-n', name: 'n', requirement: 'RJ-09', verdict: 'N/A', reason: 'no IMS core' },
  ];
  assert.deepEqual(gateFailures(buildSummary(suite, sut, outcomes)), []);
  const inconc = gateFailures(buildSummary(suite, sut, [...outcomes, { id: 'TC-x', name: 'x', requirement: 'RJ-03', verdict: 'INCONC', reason: 'silence' }]));
  assert.deepEqual(inconc, ['RJ-03 SHALL INCONC: silence']);
  const cond = gateFailures(buildSummary(suite, sut, [{ id: 'TC-i', name: 'i', requirement: 'RJ-09', verdict: 'FAIL', reason: 'no P-Preferred-Identity' }]));
  assert.deepEqual(cond, ['RJ-09 COND FAIL: no P-Preferred-Identity']);
});

test('a SHALL whose scenarios ran and were all N/A is not judged: the gate fails on it, naming every reason; a COND or MAY all N/A does not', () => {
  const na = (name: string, requirement: string, reason: string): ScenarioOutcome => ({ id: `TC-${name}`, name, requirement, verdict: 'N/A', reason });
  const summary = buildSummary(suite, sut, [
    na('a', 'RJ-02', 'the client does not declare UDP (ics.transports)'),
    na('b', 'RJ-02', 'this machine has no IPv6 address ::1 to listen on (EADDRNOTAVAIL)'),
    na('c', 'RJ-02', 'the client does not declare UDP (ics.transports)'),
    na('i', 'RJ-09', 'no IMS core'),
    na('s', 'RJ-08', 'no subscription'),
  ]);
  assert.equal(summary.requirements.find((r) => r.id === 'RJ-02')!.reason, 'the client does not declare UDP (ics.transports); this machine has no IPv6 address ::1 to listen on (EADDRNOTAVAIL)');
  assert.deepEqual(gateFailures(summary), [
    'RJ-02 SHALL N/A: not judged, no scenario of it applied (the client does not declare UDP (ics.transports); this machine has no IPv6 address ::1 to listen on (EADDRNOTAVAIL))',
  ]);
  // One row judged is enough.
  assert.deepEqual(gateFailures(buildSummary(suite, sut, [na('a', 'RJ-02', 'x'), pass('b')])), []);
});

test('verdict precedence: FAIL > INCONC > PASS > N/A', () => {
  assert.equal(worstVerdict(['PASS', 'N/A']), 'PASS');
  assert.equal(worstVerdict(['PASS', 'INCONC']), 'INCONC');
  assert.equal(worstVerdict(['INCONC', 'FAIL', 'PASS']), 'FAIL');
  assert.equal(worstVerdict([]), 'N/A');
});

test('a tagged requirement that no check judged is INCONC, so a scenario cannot pass by judging nothing', () => {
  const findings: Finding[] = [{ requirement: 'RJ-02', check: 'request-uri', verdict: 'PASS', summary: 'fine' }];
  assert.deepEqual(verdictsFromFindings(['RJ-02', 'RJ-04'], findings), [
    { requirement: 'RJ-02', verdict: 'PASS', reason: 'fine' },
    { requirement: 'RJ-04', verdict: 'INCONC', reason: 'no check judged RJ-04 in this scenario' },
  ]);
});

test('the gating requirements no scenario judged are listed as not covered; judged, MAY and robustness ones are not', () => {
  const summary = buildSummary(suite, sut, [pass('s')]);
  const gaps = notCovered(summary);
  assert.ok(!gaps.includes('RJ-02'));
  assert.ok(gaps.includes('RJ-01') && gaps.includes('RJ-09'));
  assert.ok(!gaps.includes('RJ-08') && !gaps.some((id) => id.startsWith('RB-')));
});

test('an id with scenarios in features/ that the run left out is "not selected", not "not implemented", and not a coverage gap', () => {
  const summary = buildSummary(suite, sut, [pass('s')], new Set(['RJ-02', 'RJ-03']));
  const rj03 = summary.requirements.find((r) => r.id === 'RJ-03')!;
  assert.deepEqual([rj03.verdict, rj03.reason], ['N/A', 'not selected in this run']);
  assert.deepEqual(notSelected(summary), ['RJ-03']);
  assert.ok(!notCovered(summary).includes('RJ-03'));
});

test('--strict makes a MAY or robustness FAIL gate too', () => {
  const summary = buildSummary(suite, sut, [pass('a'), { id: 'TC-b', name: 'b', requirement: 'RJ-08', verdict: 'FAIL', reason: 'no Event' }, { id: 'TC-c', name: 'c', requirement: 'RB-02', verdict: 'INCONC', reason: 'x' }]);
  assert.deepEqual(gateFailures(summary), []);
  assert.deepEqual(gateFailures(summary, true).map((f) => f.split(' ')[0]), ['RJ-08', 'RB-02']);
});
