import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { fail, inconclusive, pass, startLine } from './finding';
import { nonSuccessAck } from './non2xx-ack';

// Robustness (RB-*): the clause does not rule on this; the findings are reported apart and never
// change the compliance verdict. Each rule quotes the RFC that makes it a fair question.

export const ERROR_ANSWER_CHECKS = ['non2xx-ack', 'no-further-requests'] as const;

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
