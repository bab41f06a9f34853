import type { RecordedMessage } from '../sip/recorded-message';
import { findHeaders, headerParams, headerValue, splitList } from '../sip/sip-parser';
import type { Finding } from '../verdict';
import { fail, headerLine, inconclusive, pass, startLine, unparsable } from './finding';
import { firstUnansweredCopy, is2xx } from '../exchange';
import { judgeRoute, routeSetOf2xx } from './route-set';
import { firstUriOf, sameSipUri } from './uri-of';

const RJ05 = 'RJ-05';

/**
 * RJ-05: the client completes session set-up by acknowledging the 2xx (RFC 3261 13.2.2.4):
 * an ACK built as 12.2.1.1 says, to the remote target (the 2xx's Contact), with the INVITE's
 * Call-ID and CSeq number, the dialog's tags, in a transaction of its own; and every
 * retransmission of the 2xx is acknowledged again.
 */
export const ACK_CHECKS = ['ack-sent', 'ack-request-uri', 'ack-route-set', 'ack-call-id', 'ack-cseq', 'ack-dialog-tags', 'ack-new-branch', 'ack-each-retransmission'] as const;

export interface AckExchange {
  invite: RecordedMessage;
  /** The 2xx copies the test bed sent, in order. */
  finals: RecordedMessage[];
  /** The ACKs the client sent for that INVITE. */
  acks: RecordedMessage[];
  /** The client's configured outbound proxy, which may come first in its route (route-set.ts). */
  outboundProxy?: string;
  /** The scenario's trace, where a TLS connection whose handshake failed may have carried the ACK. */
  trace?: readonly RecordedMessage[];
}

export function checkAckOf2xx({ invite, finals, acks, outboundProxy, trace = [] }: AckExchange): Finding[] {
  const ok = finals.find(is2xx);
  if (!ok || !invite.sip || !ok.sip) {
    const sent = finals[0]?.sip ? ` (it answered "${finals[0].sip.startLine}")` : '';
    return ACK_CHECKS.map((c) => (invite.sip ? inconclusive(RJ05, c, `the test bed sent no 2xx to acknowledge${sent}`) : unparsable(RJ05, c, invite, 'its acknowledgement', 'RJ-01')));
  }
  const ack = acks[0];
  // An ACK sent over a TLS connection whose handshake failed cannot be read: INCONC, naming it.
  const handshake = ack ? undefined : trace.find((m) => m.protocol === 'tls-handshake' && !m.tlsUnfinished && m.seq > ok.seq);
  if (handshake) {
    const why = `no ACK could be read: the client's TLS connection after the 200 OK (message #${handshake.seq}, ${handshake.bytes.length} bytes) failed its handshake: ${handshake.tlsError}`;
    return ACK_CHECKS.map((c) => inconclusive(RJ05, c, why, { expected: 'an ACK for the 2xx (RFC 3261 13.2.2.4)', seen: 'a failed TLS handshake', messageSeq: handshake.seq }));
  }
  if (!ack) {
    const none = fail(RJ05, 'ack-sent', `the client did not acknowledge the 200 OK (message #${ok.seq}): no ACK came`, { expected: 'an ACK for the 2xx (RFC 3261 13.2.2.4)', seen: 'no ACK', messageSeq: ok.seq });
    return [none, ...ACK_CHECKS.slice(1).map((c) => inconclusive(RJ05, c, 'there is no ACK to judge', { expected: 'an ACK', seen: 'no ACK', messageSeq: ok.seq }))];
  }
  if (!ack.sip) return ACK_CHECKS.map((c) => unparsable(RJ05, c, ack, 'the ACK', RJ05));
  const a = ack.sip;
  const seq = ack.seq;
  const findings: Finding[] = [pass(RJ05, 'ack-sent', `the client acknowledged the 200 OK (ACK #${seq})`, { expected: 'an ACK', seen: a.startLine, line: startLine(ack), messageSeq: seq })];

  const contact = firstUriOf(ok.sip, 'Contact');
  const target = contact ?? invite.sip.requestUri ?? '';
  const same = sameSipUri(a.requestUri ?? '', target);
  findings.push(
    same.equal
      ? pass(RJ05, 'ack-request-uri', `the ACK goes to the remote target ${target}`, { expected: target, seen: a.requestUri, line: startLine(ack), messageSeq: seq })
      : fail(RJ05, 'ack-request-uri', `the ACK's Request-URI ${a.requestUri} is not the remote target ${target} (the 200 OK's Contact): ${same.reason}`, { expected: target, seen: a.requestUri, line: startLine(ack), messageSeq: seq }),
  );

  // RFC 3261 12.2.1.1: the ACK of a 2xx is sent within the dialog, by its route set.
  const route = judgeRoute(a, routeSetOf2xx(ok.sip), outboundProxy);
  const routeLine = findHeaders(a, 'Route')[0];
  const routeDetail = { expected: route.expected, seen: route.seen, line: routeLine ? headerLine(routeLine) : startLine(ack), messageSeq: seq };
  findings.push(
    route.ok
      ? pass(RJ05, 'ack-route-set', `the ACK follows the dialog's route set (${route.seen})`, routeDetail)
      : fail(RJ05, 'ack-route-set', `the ACK's Route (${route.seen}) is not the route set the 200 OK's Record-Route gives (RFC 3261 12.1.2, 12.2.1.1): ${route.reason}`, routeDetail),
  );

  findings.push(sameHeader('ack-call-id', 'Call-ID', invite, ack));

  const cseq = findHeaders(a, 'CSeq')[0];
  const inviteNumber = /^(\d+)/.exec(headerValue(invite.sip, 'CSeq') ?? '')?.[1];
  const expectedCseq = `${inviteNumber} ACK`;
  findings.push(
    cseq && cseq.value.replace(/\s+/g, ' ') === expectedCseq
      ? pass(RJ05, 'ack-cseq', `the ACK's CSeq is ${cseq.value}`, { expected: expectedCseq, seen: cseq.value, line: headerLine(cseq), messageSeq: seq })
      : fail(RJ05, 'ack-cseq', `the ACK's CSeq "${cseq?.value ?? 'none'}" is not "${expectedCseq}" (RFC 3261 13.2.2.4)`, { expected: expectedCseq, seen: cseq?.value ?? 'no CSeq', line: cseq ? headerLine(cseq) : startLine(ack), messageSeq: seq }),
  );

  const tag = (m: RecordedMessage, name: string) => headerParams(headerValue(m.sip!, name) ?? '').get('tag');
  const fromOk = tag(ack, 'From') === tag(invite, 'From');
  const toOk = tag(ack, 'To') === tag(ok, 'To') && tag(ok, 'To') !== undefined;
  const tags = `From tag ${tag(ack, 'From') ?? 'none'}, To tag ${tag(ack, 'To') ?? 'none'}`;
  const expectedTags = `From tag ${tag(invite, 'From')}, To tag ${tag(ok, 'To')}`;
  const toLine = findHeaders(a, fromOk ? 'To' : 'From')[0];
  findings.push(
    fromOk && toOk
      ? pass(RJ05, 'ack-dialog-tags', `the ACK carries the dialog's tags (${tags})`, { expected: expectedTags, seen: tags, messageSeq: seq })
      : fail(RJ05, 'ack-dialog-tags', `the ACK's ${fromOk ? 'To' : 'From'} tag is not the dialog's: ${tags}`, { expected: expectedTags, seen: tags, line: toLine ? headerLine(toLine) : startLine(ack), messageSeq: seq }),
  );

  const branch = (m: RecordedMessage) => headerParams(splitList(headerValue(m.sip!, 'Via') ?? '')[0] ?? '').get('branch');
  const via = findHeaders(a, 'Via')[0];
  findings.push(
    branch(ack) !== undefined && branch(ack) !== branch(invite)
      ? pass(RJ05, 'ack-new-branch', `the ACK is its own transaction (branch ${branch(ack)})`, { expected: 'a branch other than the INVITE\'s', seen: branch(ack), messageSeq: seq })
      : fail(RJ05, 'ack-new-branch', `the ACK of a 2xx reuses the INVITE's branch ${branch(invite)}; RFC 3261 17.1.1.3 keeps that for the ACK of a non-2xx`, {
          expected: "a branch other than the INVITE's",
          seen: branch(ack) ?? 'no branch',
          line: via ? headerLine(via) : startLine(ack),
          messageSeq: seq,
        }),
  );
  findings.push(checkAckOfEveryRetransmission(RJ05, finals, acks)[0]);
  return findings;
}

/**
 * Every copy of the 2xx must be answered by an ACK of its own (RFC 3261 13.2.2.4), paired in
 * order (exchange.ts firstUnansweredCopy). RB-04 judges the same rule over TCP (ok-retransmitted.ts).
 */
export function checkAckOfEveryRetransmission(requirement: string, finals: RecordedMessage[], acks: RecordedMessage[]): Finding[] {
  const copies = finals.filter(is2xx);
  if (copies.length === 0) return [inconclusive(requirement, 'ack-each-retransmission', 'the test bed sent no 2xx')];
  const unanswered = firstUnansweredCopy(copies, acks);
  const seen = `${copies.length} cop${copies.length === 1 ? 'y' : 'ies'} of the 2xx, ${acks.length} ACK${acks.length === 1 ? '' : 's'}`;
  return [
    unanswered
      ? fail(requirement, 'ack-each-retransmission', `the copy of the 200 OK sent as message #${unanswered.seq} was not acknowledged (${seen}; the ACKs answer the copies in order)`, {
          expected: 'an ACK after every copy of the 2xx',
          seen,
          line: startLine(unanswered),
          messageSeq: unanswered.seq,
        })
      : pass(requirement, 'ack-each-retransmission', `every copy of the 200 OK was acknowledged (${seen})`, { expected: 'an ACK after every copy of the 2xx', seen }),
  ];
}

function sameHeader(check: string, name: string, invite: RecordedMessage, ack: RecordedMessage): Finding {
  const want = headerValue(invite.sip!, name);
  const got = findHeaders(ack.sip!, name)[0];
  return got && got.value === want
    ? pass(RJ05, check, `the ACK's ${name} is the INVITE's`, { expected: want, seen: got.value, line: headerLine(got), messageSeq: ack.seq })
    : fail(RJ05, check, `the ACK's ${name} "${got?.value ?? 'none'}" is not the INVITE's "${want}"`, { expected: want, seen: got?.value ?? `no ${name}`, line: got ? headerLine(got) : startLine(ack), messageSeq: ack.seq });
}
