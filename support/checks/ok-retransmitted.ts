import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { checkAckOfEveryRetransmission } from './ack-of-2xx';

// Robustness (RB-*): the clause does not rule on this; the findings are reported apart and never
// change the compliance verdict.

/**
 * RB-04: the same rule as RJ-05's ack-each-retransmission (an ACK for every copy of the 2xx,
 * RFC 3261 13.2.2.4), judged where a client may not expect it: over TCP. The UAS core
 * retransmits a 2xx on every transport until the ACK comes (13.3.1.4), because the ACK can be
 * lost beyond the first, reliable hop; a client that takes a reliable transport to mean one 2xx
 * leaves the copy unacknowledged. RJ-05 judges the UDP case, where the copy is expected.
 */
export const OK_RETRANSMITTED_CHECKS = ['ack-each-retransmission'] as const;

export function checkOkRetransmitted(x: { finals: RecordedMessage[]; acks: RecordedMessage[] }): Finding[] {
  return checkAckOfEveryRetransmission('RB-04', x.finals, x.acks);
}
