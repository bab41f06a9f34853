import type { RecordedMessage } from '../sip/recorded-message';
import { headerParams, headerValue, splitList } from '../sip/sip-parser';
import type { Finding } from '../verdict';
import { fail, pass, startLine } from './finding';

const branchOf = (m: RecordedMessage) => headerParams(splitList(headerValue(m.sip!, 'Via') ?? '')[0] ?? '').get('branch');
const tagOf = (m: RecordedMessage, name: string) => headerParams(headerValue(m.sip!, name) ?? '').get('tag');

/** RFC 3261 17.1.1.3: the ACK of a non-2xx shares the INVITE's Request-URI, Call-ID, From, branch and CSeq number. */
export function nonSuccessAck(requirement: string, check: string, invite: RecordedMessage, final: RecordedMessage, acks: RecordedMessage[]): Finding {
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
