import type { RecordedMessage } from '../sip/recorded-message';
import type { Finding } from '../verdict';
import { findHeaders, headerValue } from '../sip/sip-parser';
import { fail, headerLine, inconclusive, pass, startLine } from './finding';
import { judgeRoute, routeSetOf2xx } from './route-set';
import { firstUriOf, sameSipUri } from './uri-of';

const RJ07 = 'RJ-07';

/**
 * RJ-07: "the IM Client SHALL store the IM Session Identity received in the Contact header of
 * the 200 OK" (RFC 4579: the focus's Contact is the conference URI). Seen from outside: every
 * later request of the session targets it; and, where the client answers `state`, the stored value.
 */
export const SESSION_IDENTITY_CHECKS = ['later-requests-target-contact', 'later-requests-route-set', 'state-session-identity'] as const;

export function checkSessionIdentity(x: { ok: RecordedMessage; later: RecordedMessage[]; state?: { sessionIdentity: string | null }; outboundProxy?: string }): Finding[] {
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
  findings.push(checkRouteSetKept(x.ok, requests, x.outboundProxy));
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

/**
 * The in-dialog requests after the ACK (BYE, re-INVITE, UPDATE, …) go by the dialog's route set,
 * the reversed Record-Route of the 200 OK (RFC 3261 12.1.2, 12.2.1.1), as the session's target
 * does. The ACK is RJ-05's (ack-route-set); requests of another dialog (a SUBSCRIBE) are not
 * this dialog's.
 */
function checkRouteSetKept(ok: RecordedMessage, requests: RecordedMessage[], outboundProxy?: string): Finding {
  const callId = ok.sip ? headerValue(ok.sip, 'Call-ID') : undefined;
  const inDialog = requests.filter((m) => m.sip!.method !== 'ACK' && headerValue(m.sip!, 'Call-ID') === callId);
  const routeSet = routeSetOf2xx(ok.sip!);
  if (inDialog.length === 0) {
    return inconclusive(RJ07, 'later-requests-route-set', 'the client sent no request in the dialog after its ACK, so which route it takes cannot be seen', { expected: `the route set ${routeSet.map((u) => `<${u}>`).join(', ') || '(empty)'}` });
  }
  for (const m of inDialog) {
    const route = judgeRoute(m.sip!, routeSet, outboundProxy);
    const line = findHeaders(m.sip!, 'Route')[0];
    if (!route.ok) {
      return fail(RJ07, 'later-requests-route-set', `the client's ${m.sip!.method} (message #${m.seq}) has the Route ${route.seen}, not the route set the 200 OK's Record-Route gives: ${route.reason}`, {
        expected: route.expected,
        seen: route.seen,
        line: line ? headerLine(line) : startLine(m),
        messageSeq: m.seq,
      });
    }
  }
  const seen = inDialog.map((m) => `${m.sip!.method} #${m.seq}`).join(', ');
  return pass(RJ07, 'later-requests-route-set', `every in-dialog request (${seen}) follows the dialog's route set`, { expected: routeSet.map((u) => `<${u}>`).join(', ') || 'no Route', seen });
}
