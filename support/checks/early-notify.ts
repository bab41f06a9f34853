import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { fail, pass, startLine } from './finding';

// Robustness (RB-*): the clause does not rule on this; the findings are reported apart and never
// change the compliance verdict. Each rule quotes the RFC that makes it a fair question.

export const EARLY_NOTIFY_CHECKS = ['early-notify-accepted'] as const;

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
