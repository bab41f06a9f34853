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

const CORE = 'sip:127.0.0.1:5060;transport=udp;lr';
const IM_SIDE = 'sip:im-server@127.0.0.1:5060;transport=udp;lr';
const PROXY = 'sip:127.0.0.1:5060;transport=udp;lr';
const recordRouted = ok({ recordRoute: [IM_SIDE, CORE] });

for (const [what, route] of [
  ['the reversed Record-Route', [`Route: <${CORE}>, <${IM_SIDE}>`]],
  ['the same route set on two Route lines', [`Route: <${CORE}>`, `Route: <${IM_SIDE}>`]],
  ['the outbound proxy, then the whole route set', [`Route: <${PROXY}>, <${CORE}>, <${IM_SIDE}>`]],
] as const) {
  test(`ack-route-set passes ${what}`, () => {
    const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [recordRouted], acks: [request('ACK', 3, { extra: [...route] })], outboundProxy: PROXY });
    assert.deepEqual(failed(findings), [], JSON.stringify(findings, null, 2));
  });
}

for (const [what, route, reason] of [
  ['the Record-Route not reversed', [`Route: <${IM_SIDE}>, <${CORE}>`], /entry 1 is sip:im-server@/],
  ['only the outbound proxy (the route set ignored)', [`Route: <${PROXY}>`], /1 Route entry where the route set has 2/],
  ['no Route at all', [], /0 Route entries where the route set has 2/],
  ['an entry without its lr (RFC 3261 12.2.1.1: all parameters)', [`Route: <${CORE}>, <sip:im-server@127.0.0.1:5060;transport=udp>`], /entry 2 .*: lr is missing/],
] as const) {
  test(`ack-route-set FAILs alone for ${what}`, () => {
    const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [recordRouted], acks: [request('ACK', 3, { extra: [...route] })], outboundProxy: PROXY });
    assert.deepEqual(failed(findings), ['ack-route-set']);
    assert.match(findings.find((f) => f.check === 'ack-route-set')!.summary, reason);
  });
}

test('without Record-Route the route set is empty: no Route, or the outbound proxy alone, passes', () => {
  for (const extra of [[], [`Route: <${PROXY}>`]]) {
    assert.deepEqual(failed(checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [request('ACK', 3, { extra })], outboundProxy: PROXY })), []);
  }
});

test('no ACK: ack-sent FAILs, the rest cannot be judged (INCONC)', () => {
  const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [] });
  assert.deepEqual(failed(findings), ['ack-sent']);
  assert.match(findings[0].summary, /did not acknowledge the 200 OK/);
  assert.ok(findings.slice(1).every((f) => f.verdict === 'INCONC'));
});

test('every copy of the 2xx needs its ACK: a copy followed by none FAILs ack-each-retransmission, naming it', () => {
  const copies = [ok({}, 2), ok({}, 4)];
  assert.equal(checkAckOfEveryRetransmission('RJ-05', copies, [request('ACK', 3), request('ACK', 5)])[0].verdict, 'PASS');
  const [f] = checkAckOfEveryRetransmission('RJ-05', copies, [request('ACK', 3)]);
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /^RJ-05 FAIL: the copy of the 200 OK sent as message #4 was not acknowledged/);
});

test('an ACK that crossed the next copy on the wire still answers its own: the ACKs pair with the copies in order', () => {
  // 2xx #2, its copy #3 sent before ACK #4 arrived, the copy's ACK #6: nothing wrong.
  const copies = [ok({}, 2), ok({}, 3)];
  assert.equal(checkAckOfEveryRetransmission('RJ-05', copies, [request('ACK', 4), request('ACK', 6)])[0].verdict, 'PASS');
  const [f] = checkAckOfEveryRetransmission('RJ-05', copies, [request('ACK', 4)]);
  assert.equal(f.verdict, 'FAIL');
  assert.match(f.summary, /message #3 was not acknowledged \(2 copies of the 2xx, 1 ACK; the ACKs answer the copies in order\)/);
});

test('no 2xx to acknowledge is INCONC, and an unparsable ACK is a FAIL, never a throw', () => {
  assert.ok(checkAckOf2xx({ invite: INVITE_MSG, finals: [], acks: [] }).every((f) => f.verdict === 'INCONC'));
  const bad = { ...request('ACK', 3), sip: undefined, parseError: 'broken' };
  assert.ok(checkAckOf2xx({ invite: INVITE_MSG, finals: [ok()], acks: [bad] }).every((f) => f.verdict === 'FAIL'));
});

// The route set over TLS and IPv6: ;transport=tls entries and bracketed IPv6 hosts, compared as addresses.
const CORE_V6 = 'sip:[::1]:5061;transport=tls;lr';
const IM_SIDE_V6 = 'sip:im-server@[::1]:5061;transport=tls;lr';
const overTlsV6 = ok({ recordRoute: [IM_SIDE_V6, CORE_V6] });
const ackV6 = (route: string[]) => checkAckOf2xx({ invite: INVITE_MSG, finals: [overTlsV6], acks: [request('ACK', 3, { extra: route })], outboundProxy: CORE_V6 });

test('ack-route-set over TLS and IPv6: the reversed Record-Route passes, [::1] written in full too; the outbound proxy may lead as sips:', () => {
  for (const route of [
    [`Route: <${CORE_V6}>, <${IM_SIDE_V6}>`],
    ['Route: <sip:[0:0:0:0:0:0:0:1]:5061;transport=TLS;lr>, <sip:im-server@[::0001]:5061;lr;transport=tls>'],
    // The outbound proxy first as preloaded-route compares it (sips: for sip:;transport=tls), then the route set.
    [`Route: <sips:[::1]:5061;lr>, <${CORE_V6}>, <${IM_SIDE_V6}>`],
  ]) {
    assert.deepEqual(failed(ackV6(route)), [], route[0]);
  }
});

for (const [what, route, reason] of [
  ['an entry that drops ;transport=tls', [`Route: <sip:[::1]:5061;lr>, <${IM_SIDE_V6}>`], /entry 1 .*transport/],
  ['a route set entry rewritten sips: (12.2.1.1 copies it as it is)', [`Route: <sips:[::1]:5061;lr>, <${IM_SIDE_V6}>`], /entry 1 .*schemes differ/],
  ['another IPv6 host', [`Route: <sip:[::2]:5061;transport=tls;lr>, <${IM_SIDE_V6}>`], /entry 1 .*hosts differ/],
] as const) {
  test(`ack-route-set over TLS and IPv6 FAILs alone for ${what}`, () => {
    const findings = ackV6([...route]);
    assert.deepEqual(failed(findings), ['ack-route-set']);
    assert.match(findings.find((f) => f.check === 'ack-route-set')!.summary, reason);
  });
}

test('no ACK after a TLS connection whose handshake failed: every RJ-05 sub-check INCONC, naming it (what it carried cannot be read)', () => {
  const final = ok();
  const handshake = { ...final, seq: final.seq + 1, direction: 'from-client' as const, transport: 'tls' as const, protocol: 'tls-handshake' as const, tlsError: 'TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)', bytes: Buffer.from('ACK sip:x SIP/2.0\r\n'), sip: undefined };
  const findings = checkAckOf2xx({ invite: INVITE_MSG, finals: [final], acks: [], trace: [INVITE_MSG, final, handshake] });
  assert.deepEqual(findings.map((f) => f.verdict), ACK_CHECKS.map(() => 'INCONC'));
  assert.match(findings[0].summary, /no ACK could be read: the client's TLS connection after the 200 OK \(message #\d+, 19 bytes\) failed its handshake: TLS handshake failed: wrong version number/);
  // Without it, the missing ACK is the client's FAIL.
  assert.deepEqual(failed(checkAckOf2xx({ invite: INVITE_MSG, finals: [final], acks: [], trace: [INVITE_MSG, final] })), ['ack-sent']);
});
