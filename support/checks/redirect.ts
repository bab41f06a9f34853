import type { RecordedMessage } from '../sip/recorded-message';
import { headerValue } from '../sip/sip-parser';
import type { Finding } from '../verdict';
import { fail, inconclusive, pass, startLine } from './finding';
import { nonSuccessAck } from './non2xx-ack';
import { firstUriOf, sameSipUri } from './uri-of';

// Robustness (RB-*): the clause does not rule on this; the findings are reported apart and never
// change the compliance verdict. Each rule quotes the RFC that makes it a fair question.

export const REDIRECT_CHECKS = ['redirect-ack', 'no-redirect-loop'] as const;

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
