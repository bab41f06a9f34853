import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { fail, pass, startLine } from './finding';

// Robustness (RB-*): the clause does not rule on this; the findings are reported apart and never
// change the compliance verdict. Each rule quotes the RFC that makes it a fair question.

export const UNUSUAL_OK_CHECKS = ['session-established', 'no-immediate-bye'] as const;

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
