import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { SUB_CHECKS } from '../../support/checks/sub-checks';
import { DEFAULT_PROFILE, SutProfileError, validateSutProfile } from '../../support/sut/sut-profile';
import type { Finding } from '../../support/verdict';
import { applyWaivers, unwaivedSummary, type Waiver } from '../../support/waivers';

const reference = JSON.parse(fs.readFileSync(DEFAULT_PROFILE, 'utf8')) as Record<string, unknown>;
const withWaivers = (waivers: unknown) => validateSutProfile({ ...structuredClone(reference), waivers }, 'lab.json');
const refused = (waivers: unknown): string => {
  try {
    withWaivers(waivers);
  } catch (e) {
    assert.ok(e instanceof SutProfileError, String(e));
    assert.doesNotMatch(e.message, /\n/, 'one line');
    return e.message;
  }
  return assert.fail('the profile was accepted');
};

/** RJ-01's sub-checks as the error lists them, as a regex (the list grows with the checks). */
const RJ01_NAMES = SUB_CHECKS['RJ-01'].join(', ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const UA = { requirement: 'RJ-01', check: 'oma-user-agent', reason: 'our release of 7.1.1.1 does not require the IM release token' };

test('a waiver naming a requirement and one of its sub-checks, with a reason, is accepted as written', () => {
  assert.deepEqual(withWaivers([UA]).waivers, [UA]);
  assert.deepEqual(withWaivers(undefined).waivers, []);
  assert.deepEqual(withWaivers([]).waivers, []);
  const both = [
    { requirement: 'RJ-05', check: 'ack-each-retransmission', reason: 'r1' },
    { requirement: 'RB-04', check: 'ack-each-retransmission', reason: 'r2' },
  ];
  assert.deepEqual(withWaivers(both).waivers, both, 'one name, two requirements: two waivers');
});

test('a misspelled sub-check stops the run, naming the field, the name and the nearest real one', () => {
  const message = refused([{ ...UA, check: 'oma-user-agnet' }]);
  assert.match(message, new RegExp(`^SUT profile lab\\.json: field "waivers\\[0\\]\\.check" is "oma-user-agnet", not a sub-check of RJ-01 \\(did you mean "oma-user-agent"\\?\\); RJ-01's sub-checks: ${RJ01_NAMES}$`));
  assert.match(refused([{ ...UA, check: 'nothing-like-it-at-all' }]), /"nothing-like-it-at-all", not a sub-check of RJ-01; RJ-01's sub-checks/);
});

test('a sub-check of another requirement is refused, naming the requirement it belongs to', () => {
  assert.match(refused([{ ...UA, check: 'ack-each-retransmission' }]), /field "waivers\[0\]\.check" is "ack-each-retransmission", a sub-check of RJ-05 and RB-04, not of RJ-01/);
  assert.match(refused([UA, { requirement: 'RB-04', check: 'ack-sent', reason: 'x' }]), /field "waivers\[1\]\.check" is "ack-sent", a sub-check of RJ-05, not of RB-04 \(RB-04's sub-checks: ack-each-retransmission\)/);
});

test('an id outside the catalogue is refused with the ids there are', () => {
  assert.match(refused([{ ...UA, requirement: 'RJ-1' }]), /field "waivers\[0\]\.requirement" is "RJ-1", not a requirement id of the catalogue \(RJ-01, RJ-02, .*RB-06\)/);
  assert.match(refused([{ ...UA, requirement: 7 }]), /field "waivers\[0\]\.requirement" is 7, not a requirement id/);
  assert.match(refused([{ ...UA, requirement: 'toString' }]), /"toString", not a requirement id/);
});

test('a waiver in the earlier form, without "requirement", is refused with the fix', () => {
  assert.match(refused([{ check: 'oma-user-agent', reason: 'x' }]), /field "waivers\[0\]\.requirement" is missing: .*"oma-user-agent" is a sub-check of RJ-01, so add "requirement": "RJ-01"/);
  assert.match(refused([{ check: 'ack-each-retransmission', reason: 'x' }]), /is missing: .*"ack-each-retransmission" is a sub-check of RJ-05 and RB-04, so add "requirement" with the one to waive it for/);
  assert.match(refused([{ check: 'typo', reason: 'x' }]), /is missing: a waiver names the requirement and one of its sub-checks, e\.g\. \{"requirement": "RJ-01", "check": "oma-user-agent", "reason": "…"\}/);
});

test('the test bed\'s own checks are not waivable', () => {
  assert.match(refused([{ ...UA, check: 'test-bed' }]), /field "waivers\[0\]\.check" is "test-bed": the test bed's own verdicts .* cannot be waived/);
  assert.match(refused([{ ...UA, requirement: 'RJ-09', check: 'applicability' }]), /"applicability": the test bed's own verdicts/);
});

test('a waiver without a reason, a bad entry or a bad list is refused', () => {
  assert.match(refused([{ ...UA, reason: undefined }]), /field "waivers\[0\]\.reason" must say why the lab waives RJ-01 oma-user-agent/);
  assert.match(refused([{ ...UA, reason: '   ' }]), /field "waivers\[0\]\.reason" must say why/);
  assert.match(refused([{ ...UA, check: '' }]), new RegExp(`field "waivers\\[0\\]\\.check" must name a sub-check of RJ-01 \\(${RJ01_NAMES}\\)$`));
  assert.match(refused(['oma-user-agent']), /field "waivers\[0\]" must be an object such as \{"requirement"/);
  assert.match(refused({ check: 'oma-user-agent' }), /field "waivers" must be a list of waivers/);
  assert.match(refused([UA, { ...UA, reason: 'again' }]), /field "waivers\[1\]" waives RJ-01 oma-user-agent a second time \(waivers\[0\] does already\)/);
});

const finding = (requirement: string, check: string, verdict: Finding['verdict']): Finding => ({ requirement, check, verdict, summary: `${requirement} ${verdict}: ${check} was seen` });

test('applyWaivers turns a FAIL of the waived (requirement, sub-check) to PASS, with the reason on record', () => {
  const [f] = applyWaivers([finding('RJ-01', 'oma-user-agent', 'FAIL')], [UA]);
  assert.equal(f.verdict, 'PASS');
  assert.equal(f.waived, UA.reason);
  assert.equal(f.summary, `RJ-01 FAIL: oma-user-agent was seen [WAIVED by the SUT profile: ${UA.reason}]`);
  assert.equal(unwaivedSummary(f), 'RJ-01 FAIL: oma-user-agent was seen');
});

test('applyWaivers waives only that requirement\'s sub-check: the same name elsewhere, other sub-checks, PASS and INCONC stay', () => {
  const waivers: Waiver[] = [{ requirement: 'RJ-05', check: 'ack-each-retransmission', reason: 'lab' }];
  const findings = [
    finding('RJ-05', 'ack-each-retransmission', 'FAIL'),
    finding('RB-04', 'ack-each-retransmission', 'FAIL'),
    finding('RJ-05', 'ack-sent', 'FAIL'),
    finding('RJ-05', 'ack-each-retransmission', 'INCONC'),
    finding('RJ-05', 'ack-each-retransmission', 'PASS'),
  ];
  assert.deepEqual(applyWaivers(findings, waivers).map((f) => `${f.requirement} ${f.check} ${f.verdict}${f.waived ? ' waived' : ''}`), [
    'RJ-05 ack-each-retransmission PASS waived',
    'RB-04 ack-each-retransmission FAIL',
    'RJ-05 ack-sent FAIL',
    'RJ-05 ack-each-retransmission INCONC',
    'RJ-05 ack-each-retransmission PASS',
  ]);
  assert.deepEqual(applyWaivers(findings, []), findings);
});
