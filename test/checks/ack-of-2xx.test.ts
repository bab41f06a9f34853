import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACK_CHECKS, checkAckOf2xx, checkAckOfEveryRetransmission } from '../../support/checks/ack-of-2xx';
import { CONFERENCE } from '../helpers/messages';
import { INVITE_MSG, ok, request } from '../helpers/dialog';

const failed = (findings: ReturnType<typeof checkAckOf2xx>) => findings.filter((f) => f.verdict === 'FAIL').map((f) => f.check);

test('an ACK built as RFC 3261 13.2.2.4 says passes every RJ-05 sub-check', () => {
  const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [request('ACK', 3)] });
  assert.deepEqual(findings.map((f) => f.check), [...ACK_CHECKS]);
  assert.deepEqual(failed(findings), [], JSON.stringify(findings, null, 2));
});

for (const [check, ack] of [
  ['ack-request-uri', request('ACK', 3, { uri: CONFERENCE })],
  ['ack-call-id', request('ACK', 3, { callId: 'other@127.0.0.2' })],
  ['ack-cseq', request('ACK', 3, { cseq: '314160 ACK' })],
  ['ack-dialog-tags', request('ACK', 3, { toTag: 'wrong' })],
  ['ack-new-branch', request('ACK', 3, { branch: 'z9hG4bK776asdhds' })],
] as const) {
  test(`RJ-05 sub-check "${check}" fails alone`, () => {
    const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [ack] });
    assert.deepEqual(failed(findings), [check], JSON.stringify(findings, null, 2));
    assert.equal(findings.find((f) => f.check === check)!.messageSeq, 3);
  });
}

test('no ACK: ack-sent FAILs, the rest cannot be judged (INCONC)', () => {
  const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [] });
  assert.deepEqual(failed(findings), ['ack-sent']);
  assert.match(findings[0].summary, /did not acknowledge the 200 OK/);
  assert.ok(findings.slice(1).every((f) => f.verdict === 'INCONC'));
});

test('every copy of the 2xx needs its ACK: a copy followed by none FAILs, naming it', () => {
  const copies = [ok({}, 2), ok({}, 4)];
  assert.equal(checkAckOfEveryRetransmission('RB-04', copies, [request('ACK', 3), request('ACK', 5)])[0].verdict, 'PASS');
  const [f] = checkAckOfEveryRetransmission('RB-04', copies, [request('ACK', 3)]);
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /^RB-04 FAIL: the copy of the 200 OK sent as message #4 was not acknowledged/);
});

test('no 2xx to acknowledge is INCONC, and an unparsable ACK is a FAIL, never a throw', () => {
  assert.ok(checkAckOf2xx({ invite: INVITE_MSG, finals: [], acks: [] }).every((f) => f.verdict === 'INCONC'));
  const bad = { ...request('ACK', 3), sip: undefined, parseError: 'broken' };
  assert.ok(checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [bad] }).every((f) => f.verdict === 'FAIL'));
});
