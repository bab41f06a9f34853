import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { fail, inconclusive, pass, startLine } from './finding';
import { firstUriOf, sameSipUri } from './uri-of';

const RJ07 = 'RJ-07';

/**
 * RJ-07: "the IM Client SHALL store the IM Session Identity received in the Contact header of
 * the 200 OK" (RFC 4579: the focus's Contact is the conference URI). Seen from outside: every
 * later request of the session targets it; and, where the client answers `state`, the stored value.
 */
export const SESSION_IDENTITY_CHECKS = ['later-requests-target-contact', 'state-session-identity'] as const;

export function checkSessionIdentity(x: { ok: RecordedMessage; later: RecordedMessage[]; state?: { sessionIdentity: string | null } }): Finding[] {
  const contact = x.ok.sip ? firstUriOf(x.ok.sip, 'Contact') : undefined;
  if (!contact) return [inconclusive(RJ07, 'later-requests-target-contact', 'the 200 OK the test bed sent has no Contact to keep')];
  const findings: Finding[] = [];
  const requests = x.later.filter((m) => m.sip?.kind === 'request');
  const wrong = requests.map((m) => ({ m, cmp: sameSipUri(m.sip!.requestUri ?? '', contact) })).find((r) => !r.cmp.equal);
  if (requests.length === 0) {
    findings.push(inconclusive(RJ07, 'later-requests-target-contact', 'the client sent no later request in the session, so where it sends them cannot be seen', { expected: `later requests to ${contact}` }));
  } else if (wrong) {
    findings.push(
      fail(RJ07, 'later-requests-target-contact', `the client's ${wrong.m.sip!.method} (message #${wrong.m.seq}) goes to ${wrong.m.sip!.requestUri}, not to the IM Session Identity ${contact} from the 200 OK's Contact: ${wrong.cmp.reason}`, {
        expected: contact,
        seen: wrong.m.sip!.requestUri,
        line: startLine(wrong.m),
        messageSeq: wrong.m.seq,
      }),
    );
  } else {
    findings.push(pass(RJ07, 'later-requests-target-contact', `every later request (${requests.map((m) => m.sip!.method).join(', ')}) goes to ${contact}`, { expected: contact, seen: contact }));
  }
  if (x.state) {
    const kept = x.state.sessionIdentity;
    const cmp = kept === null ? { equal: false, reason: 'nothing was kept' } : sameSipUri(kept, contact);
    findings.push(
      cmp.equal
        ? pass(RJ07, 'state-session-identity', `the client reports the kept IM Session Identity ${kept}`, { expected: contact, seen: kept ?? 'null' })
        : fail(RJ07, 'state-session-identity', `the client reports the kept IM Session Identity ${kept ?? 'null'}, not ${contact}: ${cmp.reason}`, { expected: contact, seen: kept ?? 'null' }),
    );
  }
  return findings;
}
