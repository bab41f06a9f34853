import type { RecordedMessage, Transport } from '../sip/recorded-message';
import { headerParams, headerValue, splitList } from '../sip/sip-parser';
import type { Finding } from '../verdict';
import { fail, inconclusive, pass, startLine } from './finding';
import { firstUriOf, sameSipUri } from './uri-of';

/**
 * Robustness (RB-*): the clause does not rule on these; the findings are reported apart and
 * never change the compliance verdict. Each rule quotes the RFC that makes it a fair question.
 */
export const ROBUSTNESS_CHECKS = [
  'non2xx-ack',
  'no-further-requests',
  'invite-retransmitted',
  'timer-a-doubling',
  'lost-invite-retransmitted',
  'session-set-up-after-loss',
  'redirect-ack',
  'no-redirect-loop',
  'session-established',
  'no-immediate-bye',
  'early-notify-accepted',
] as const;

const branchOf = (m: RecordedMessage) => headerParams(splitList(headerValue(m.sip!, 'Via') ?? '')[0] ?? '').get('branch');
const tagOf = (m: RecordedMessage, name: string) => headerParams(headerValue(m.sip!, name) ?? '').get('tag');

/** RFC 3261 17.1.1.3: the ACK of a non-2xx shares the INVITE's Request-URI, Call-ID, From, branch and CSeq number. */
function nonSuccessAck(requirement: string, check: string, invite: RecordedMessage, final: RecordedMessage, acks: RecordedMessage[]): Finding {
  const ack = acks.find((a) => a.sip);
  const expected = `an ACK in the INVITE's transaction (same Request-URI, Call-ID, From, branch, CSeq number) with the ${final.sip?.status}'s To tag`;
  if (!ack) return fail(requirement, check, `the client did not acknowledge the ${final.sip?.startLine ?? 'final response'} (RFC 3261 17.1.1.3)`, { expected, seen: 'no ACK', messageSeq: final.seq });
  const problems = [
    ack.sip!.requestUri !== invite.sip!.requestUri && `Request-URI ${ack.sip!.requestUri}`,
    headerValue(ack.sip!, 'Call-ID') !== headerValue(invite.sip!, 'Call-ID') && 'another Call-ID',
    branchOf(ack) !== branchOf(invite) && `branch ${branchOf(ack)} instead of ${branchOf(invite)}`,
    tagOf(ack, 'To') !== tagOf(final, 'To') && `To tag ${tagOf(ack, 'To') ?? 'none'} instead of ${tagOf(final, 'To')}`,
  ].filter((p): p is string => typeof p === 'string');
  return problems.length === 0
    ? pass(requirement, check, `the client acknowledged the ${final.sip!.status} in the INVITE's transaction`, { expected, seen: ack.sip!.startLine, messageSeq: ack.seq })
    : fail(requirement, check, `the ACK of the ${final.sip!.status} is not in the INVITE's transaction: ${problems.join(', ')}`, { expected, seen: ack.sip!.startLine, line: startLine(ack), messageSeq: ack.seq });
}

/** RB-01: an error answer (403, 404, 480, 486, 488, 503) is acknowledged and ends the attempt. */
export function checkErrorAnswerHandled(x: { invite: RecordedMessage; final: RecordedMessage; acks: RecordedMessage[]; later: RecordedMessage[] }): Finding[] {
  if (!x.invite.sip) return [inconclusive('RB-01', 'non2xx-ack', 'the INVITE was not readable')];
  const more = x.later.find((m) => m.sip?.kind === 'request' && m.sip.method !== 'ACK');
  return [
    nonSuccessAck('RB-01', 'non2xx-ack', x.invite, x.final, x.acks),
    more
      ? fail('RB-01', 'no-further-requests', `after the ${x.final.sip?.status} the client still sent ${more.sip!.method} (message #${more.seq})`, { expected: 'nothing more to the conference', seen: more.sip!.startLine, line: startLine(more), messageSeq: more.seq })
      : pass('RB-01', 'no-further-requests', `after the ${x.final.sip?.status} the client sent nothing more to the conference`, { expected: 'nothing more', seen: 'nothing more' }),
  ];
}

/**
 * RB-02: no answer at all. Over UDP the INVITE goes again at Timer A: T1, then doubling
 * (RFC 3261 17.1.1.2). Gaps within half a T1 (and ±50 %) of the ideal pass: the client's
 * clock, its event loop and the loopback all add jitter that says nothing of conformance.
 */
export function checkInviteRetransmission(x: { invites: RecordedMessage[]; transport: Transport; t1Ms: number; waitedMs: number }): Finding[] {
  const { invites, t1Ms } = x;
  if (x.transport === 'tcp') {
    return [
      invites.length === 1
        ? pass('RB-02', 'invite-retransmitted', 'over TCP the INVITE was sent once, as a reliable transport asks (RFC 3261 17.1.1.2)', { expected: 'one INVITE', seen: '1' })
        : fail('RB-02', 'invite-retransmitted', `over TCP the INVITE was sent ${invites.length} times; Timer A is for unreliable transports only`, { expected: 'one INVITE', seen: String(invites.length), messageSeq: invites[1].seq }),
    ];
  }
  if (x.waitedMs < 2 * t1Ms) return [inconclusive('RB-02', 'invite-retransmitted', `the suite waited ${x.waitedMs} ms, less than 2·T1`)];
  if (invites.length < 2) {
    return [fail('RB-02', 'invite-retransmitted', `over UDP the INVITE was not retransmitted within ${x.waitedMs} ms with no answer (RFC 3261 Timer A starts at T1 = ${t1Ms} ms)`, { expected: `a copy after ${t1Ms} ms`, seen: 'one INVITE', messageSeq: invites[0]?.seq })];
  }
  const gaps = invites.slice(1).map((m, i) => m.at - invites[i].at);
  const off = gaps.findIndex((gap, i) => {
    const ideal = t1Ms * 2 ** i;
    return Math.abs(gap - ideal) > Math.max(ideal / 2, t1Ms / 2);
  });
  const seen = gaps.map((g) => `${g} ms`).join(', ');
  const ideal = gaps.map((_, i) => `${t1Ms * 2 ** i} ms`).join(', ');
  return [
    pass('RB-02', 'invite-retransmitted', `over UDP the INVITE was retransmitted ${invites.length - 1} time(s) without an answer`, { expected: 'copies at Timer A', seen: `${invites.length} INVITEs` }),
    off < 0
      ? pass('RB-02', 'timer-a-doubling', `the gaps between copies (${seen}) follow Timer A (${ideal})`, { expected: ideal, seen })
      : fail('RB-02', 'timer-a-doubling', `the gap before copy ${off + 2} is ${gaps[off]} ms where Timer A gives ${t1Ms * 2 ** off} ms (T1 = ${t1Ms} ms, doubling)`, { expected: ideal, seen, messageSeq: invites[off + 1].seq }),
  ];
}

/**
 * RB-02, one lost datagram: the test bed drops the client's first INVITE over UDP. Timer A's
 * copy is the same request (RFC 3261 17.1.1.2: same branch, Call-ID and CSeq), so the IM Server
 * answers it as the one transaction it is, and the session must come up on it: the client ACKs
 * the 2xx to its copy like any other.
 */
export function checkLostInviteRecovered(x: { invites: RecordedMessage[]; finals: RecordedMessage[]; acks: RecordedMessage[]; t1Ms: number; waitedMs: number }): Finding[] {
  const { invites, t1Ms } = x;
  if (invites.length < 2) {
    return [
      fail('RB-02', 'lost-invite-retransmitted', `the first INVITE was lost over UDP and the client sent no copy within ${x.waitedMs} ms (RFC 3261 Timer A starts at T1 = ${t1Ms} ms)`, {
        expected: `a copy after ${t1Ms} ms`,
        seen: 'one INVITE',
        messageSeq: invites[0]?.seq,
      }),
    ];
  }
  const copied = pass('RB-02', 'lost-invite-retransmitted', `the lost INVITE came again after ${invites[1].at - invites[0].at} ms`, { expected: `a copy after ${t1Ms} ms`, seen: `${invites.length} INVITEs` });
  const ok = x.finals.find((m) => (m.sip?.status ?? 0) >= 200 && (m.sip?.status ?? 0) < 300);
  if (!ok) return [copied, inconclusive('RB-02', 'session-set-up-after-loss', 'the test bed sent no 2xx to the INVITE\'s copy')];
  return [
    copied,
    x.acks.length > 0
      ? pass('RB-02', 'session-set-up-after-loss', `the 2xx to the copy was acknowledged (message #${x.acks[0].seq})`, { expected: 'an ACK', seen: startLine(x.acks[0]).text })
      : fail('RB-02', 'session-set-up-after-loss', `the client did not acknowledge the 2xx (message #${ok.seq}) that answered its retransmitted INVITE`, { expected: 'an ACK', seen: 'none', messageSeq: ok.seq }),
  ];
}

/** RB-03: a 3xx is acknowledged; the client follows it once to its Contact, or reports it, never loops. */
export function checkRedirectHandled(x: { invite: RecordedMessage; redirect: RecordedMessage; acks: RecordedMessage[]; later: RecordedMessage[] }): Finding[] {
  if (!x.invite.sip || !x.redirect.sip) return [inconclusive('RB-03', 'redirect-ack', 'the INVITE or the redirect was not readable')];
  const target = firstUriOf(x.redirect.sip, 'Contact');
  const invites = x.later.filter((m) => m.sip?.method === 'INVITE' && !/;\s*tag=/i.test(headerValue(m.sip, 'To') ?? ''));
  const wrong = invites.find((m) => !target || !sameSipUri(m.sip!.requestUri ?? '', target).equal);
  const loop = invites.length > 1;
  const seen = invites.length === 0 ? 'did not follow it' : `followed it with ${invites.length} INVITE(s)`;
  return [
    nonSuccessAck('RB-03', 'redirect-ack', x.invite, x.redirect, x.acks),
    loop || wrong
      ? fail('RB-03', 'no-redirect-loop', loop ? `the client sent ${invites.length} new INVITEs for one redirect` : `the client followed the redirect to ${wrong!.sip!.requestUri}, not to its Contact ${target}`, {
          expected: `at most one new INVITE, to ${target}`,
          seen,
          line: startLine((wrong ?? invites[1])!),
          messageSeq: (wrong ?? invites[1])!.seq,
        })
      : pass('RB-03', 'no-redirect-loop', `the client ${seen}${invites.length ? ` to ${target}` : ''}, and did not loop`, { expected: `at most one new INVITE, to ${target}`, seen }),
  ];
}

/** RB-05: a 2xx without Allow, or whose Contact lacks isfocus, still sets the session up. */
export function checkSessionSetUpAnyway(x: { ok: RecordedMessage; acks: RecordedMessage[]; later: RecordedMessage[] }): Finding[] {
  const bye = x.later.find((m) => m.sip?.method === 'BYE');
  return [
    x.acks.length > 0
      ? pass('RB-05', 'session-established', 'the client acknowledged the 200 OK: the session is set up', { expected: 'an ACK', seen: x.acks[0].sip?.startLine, messageSeq: x.acks[0].seq })
      : fail('RB-05', 'session-established', 'the client did not acknowledge the unusual 200 OK, so the session is not set up', { expected: 'an ACK', seen: 'no ACK', messageSeq: x.ok.seq }),
    bye
      ? fail('RB-05', 'no-immediate-bye', `the client ended the session at once with a BYE (message #${bye.seq}) though its user did not leave`, { expected: 'no BYE', seen: bye.sip!.startLine, line: startLine(bye), messageSeq: bye.seq })
      : pass('RB-05', 'no-immediate-bye', 'the client kept the session', { expected: 'no BYE', seen: 'no BYE' }),
  ];
}

/** RB-06: a NOTIFY may arrive before the 200 OK to its SUBSCRIBE (RFC 6665 4.1.2.4); it is accepted. */
export function checkEarlyNotifyAccepted(x: { notify: RecordedMessage; response?: RecordedMessage }): Finding[] {
  const r = x.response;
  const status = r?.sip?.status;
  return [
    status !== undefined && status >= 200 && status < 300
      ? pass('RB-06', 'early-notify-accepted', `the client accepted the early NOTIFY with ${r!.sip!.startLine}`, { expected: '2xx to the NOTIFY', seen: r!.sip!.startLine, messageSeq: r!.seq })
      : fail('RB-06', 'early-notify-accepted', r ? `the client answered the early NOTIFY with "${r.sip?.startLine ?? 'an unparsable message'}", not 2xx (RFC 6665 4.1.2.4 allows that order)` : 'the client did not answer the NOTIFY that came before the 200 OK to its SUBSCRIBE', {
          expected: '2xx to the NOTIFY',
          seen: r?.sip?.startLine ?? 'no answer',
          line: r ? startLine(r) : undefined,
          messageSeq: r?.seq ?? x.notify.seq,
        }),
  ];
}
