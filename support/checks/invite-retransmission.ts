import type { RecordedMessage } from '../sip/recorded-message';
import { is2xx } from '../exchange';
import type { Finding } from '../verdict';
import { fail, inconclusive, pass, startLine } from './finding';

// Robustness (RB-*): the clause does not rule on this; the findings are reported apart and never
// change the compliance verdict. Each rule quotes the RFC that makes it a fair question.

export const INVITE_RETRANSMISSION_CHECKS = ['invite-retransmitted', 'timer-a-doubling', 'lost-invite-retransmitted', 'session-set-up-after-loss'] as const;

/**
 * How long to watch for the copies, and how many to wait for (the wait ends at whichever comes
 * first). With no answer, Timer A sends copies at T1, 3·T1 and 7·T1 after the first INVITE: the
 * fourth is due at 7·T1, so 8·T1 leaves a T1 of slack. A lost first INVITE needs one copy, due
 * at T1: a client three T1 late has not retransmitted.
 */
export function timerAObservation(t1Ms: number, scenario: 'no-answer' | 'lost-invite'): { copies: number; windowMs: number } {
  return scenario === 'no-answer' ? { copies: 4, windowMs: 8 * t1Ms } : { copies: 2, windowMs: 4 * t1Ms };
}

/**
 * RB-02: no answer at all. Over UDP the INVITE goes again at Timer A: T1, then doubling
 * (RFC 3261 17.1.1.2), so copy k is due T1·(2^k − 1) after the first INVITE. Each copy is judged
 * by when it arrived counted from the first INVITE, not by the gap to the copy before: a copy
 * read late makes one gap long and the next one short, but moves only its own arrival. A copy
 * passes within T1/2 plus a quarter of its due time, plus `observerLagMs`, how late the test
 * bed's own event loop ran while it watched (a loaded machine reads datagrams late; that says
 * nothing of the client). Copies at a fixed T1 are still off by far more at the third copy.
 */
export function checkInviteRetransmission(x: { invites: RecordedMessage[]; t1Ms: number; waitedMs: number; observerLagMs?: number }): Finding[] {
  const { invites, t1Ms } = x;
  const lag = x.observerLagMs ?? 0;
  if (x.waitedMs < 2 * t1Ms) return [inconclusive('RB-02', 'invite-retransmitted', `the suite waited ${x.waitedMs} ms, less than 2·T1`)];
  if (invites.length < 2) {
    return [fail('RB-02', 'invite-retransmitted', `over UDP the INVITE was not retransmitted within ${x.waitedMs} ms with no answer (RFC 3261 Timer A starts at T1 = ${t1Ms} ms)`, { expected: `a copy after ${t1Ms} ms`, seen: 'one INVITE', messageSeq: invites[0]?.seq })];
  }
  const arrivals = invites.slice(1).map((m) => m.at - invites[0].at);
  const due = arrivals.map((_, i) => t1Ms * (2 ** (i + 1) - 1));
  const off = arrivals.findIndex((at, i) => Math.abs(at - due[i]) > t1Ms / 2 + due[i] / 4 + lag);
  const seen = arrivals.map((a) => `${a} ms`).join(', ');
  const ideal = due.map((d) => `${d} ms`).join(', ');
  const lagNote = lag > 0 ? `; the test bed ran up to ${lag} ms late meanwhile, which widens the tolerance` : '';
  return [
    pass('RB-02', 'invite-retransmitted', `over UDP the INVITE was retransmitted ${invites.length - 1} time(s) without an answer`, { expected: 'copies at Timer A', seen: `${invites.length} INVITEs` }),
    off < 0
      ? pass('RB-02', 'timer-a-doubling', `the copies came ${seen} after the first INVITE, as Timer A has them (${ideal})${lagNote}`, { expected: ideal, seen })
      : fail('RB-02', 'timer-a-doubling', `copy ${off + 1} came ${arrivals[off]} ms after the first INVITE where Timer A has it at ${due[off]} ms (T1 = ${t1Ms} ms, doubling)${lagNote}`, { expected: ideal, seen, messageSeq: invites[off + 1].seq }),
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
  const ok = x.finals.find(is2xx);
  if (!ok) return [copied, inconclusive('RB-02', 'session-set-up-after-loss', 'the test bed sent no 2xx to the INVITE\'s copy')];
  return [
    copied,
    x.acks.length > 0
      ? pass('RB-02', 'session-set-up-after-loss', `the 2xx to the copy was acknowledged (message #${x.acks[0].seq})`, { expected: 'an ACK', seen: startLine(x.acks[0]).text })
      : fail('RB-02', 'session-set-up-after-loss', `the client did not acknowledge the 2xx (message #${ok.seq}) that answered its retransmitted INVITE`, { expected: 'an ACK', seen: 'none', messageSeq: ok.seq }),
  ];
}
