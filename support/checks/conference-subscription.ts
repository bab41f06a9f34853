import type { RecordedMessage } from '../sip/recorded-message';
import { findHeaders, headerParams, headerValue, splitList } from '../sip/sip-parser';
import { parseSipUri, SipUriError, uriFromNameAddr } from '../sip/sip-uri';
import type { Finding } from '../verdict';
import { fail, headerLine, pass, startLine, unparsable } from './finding';
import { firstUriOf, sameSipUri } from './uri-of';

const RJ08 = 'RJ-08';

/**
 * RJ-08 (MAY): the subscription to the conference state event package (7.1.1.12, RFC 4575 over
 * RFC 6665). Only the rules the catalogue lists; any further rule of 7.1.1.12 waits for its text.
 */
export const CONFERENCE_STATE_CHECKS = [
  'subscribe-sent',
  'subscribe-target',
  'subscribe-event',
  'subscribe-accept',
  'subscribe-expires',
  'subscribe-new-dialog',
  'subscribe-contact',
  'notify-answered',
] as const;

/** A client that declares the subscription must send it: FAIL against its own declaration if not. */
export function checkSubscriptionSent(subscribe: RecordedMessage | undefined, waitedMs: number): Finding[] {
  return [
    subscribe
      ? pass(RJ08, 'subscribe-sent', `the client subscribed (message #${subscribe.seq})`, { expected: 'a SUBSCRIBE after the 200 OK', seen: subscribe.sip?.startLine, messageSeq: subscribe.seq })
      : fail(RJ08, 'subscribe-sent', `the client declares the conference state subscription (ics.conferenceSubscription) but sent no SUBSCRIBE within ${waitedMs} ms of the 200 OK`, {
          expected: 'a SUBSCRIBE after the 200 OK',
          seen: 'no SUBSCRIBE',
        }),
  ];
}

/** `notify` is given when the test bed sent a NOTIFY in the subscription: its answer is judged too. */
export function checkConferenceState(x: { invite: RecordedMessage; ok: RecordedMessage; subscribe: RecordedMessage; notify?: { response?: RecordedMessage } }): Finding[] {
  const { subscribe } = x;
  if (!subscribe.sip) return CONFERENCE_STATE_CHECKS.slice(1).map((c) => unparsable(RJ08, c, subscribe, 'the SUBSCRIBE', RJ08));
  const s = subscribe.sip;
  const seq = subscribe.seq;
  const findings: Finding[] = [];
  const header = (name: string) => findHeaders(s, name)[0];
  const at = (name: string, expected: string) => {
    const h = header(name);
    return { expected, seen: h?.value ?? `no ${name}`, line: h ? headerLine(h) : startLine(subscribe), messageSeq: seq };
  };

  const identity = x.ok.sip ? (firstUriOf(x.ok.sip, 'Contact') ?? x.invite.sip?.requestUri ?? '') : '';
  const target = sameSipUri(s.requestUri ?? '', identity);
  const targetDetail = { expected: identity, seen: s.requestUri, line: startLine(subscribe), messageSeq: seq };
  findings.push(
    target.equal
      ? pass(RJ08, 'subscribe-target', `the SUBSCRIBE goes to the IM Session Identity ${identity}`, targetDetail)
      : fail(RJ08, 'subscribe-target', `the SUBSCRIBE goes to ${s.requestUri}, not to the stored IM Session Identity ${identity}: ${target.reason}`, targetDetail),
  );

  // RFC 4575 registers the package as "conference"; compared without regard to case here, as
  // RFC 6665 gives no rule the suite could quote for a case difference.
  const event = (headerValue(s, 'Event') ?? '').split(';')[0].trim();
  findings.push(
    event.toLowerCase() === 'conference'
      ? pass(RJ08, 'subscribe-event', 'the SUBSCRIBE asks for the conference event package', at('Event', 'Event: conference'))
      : fail(RJ08, 'subscribe-event', event ? `the SUBSCRIBE asks for the event package "${event}", not conference (RFC 4575)` : 'the SUBSCRIBE has no Event header (RFC 6665 7.2.1 requires one)', at('Event', 'Event: conference')),
  );

  const accepts = findHeaders(s, 'Accept').flatMap((h) => splitList(h.value)).map((v) => v.split(';')[0].trim().toLowerCase());
  findings.push(
    accepts.includes('application/conference-info+xml')
      ? pass(RJ08, 'subscribe-accept', 'the SUBSCRIBE accepts application/conference-info+xml', at('Accept', 'Accept: application/conference-info+xml'))
      : fail(RJ08, 'subscribe-accept', `the SUBSCRIBE's Accept (${accepts.join(', ') || 'none'}) does not list application/conference-info+xml (RFC 4575 3.3)`, at('Accept', 'Accept: application/conference-info+xml')),
  );

  const expires = headerValue(s, 'Expires');
  findings.push(
    expires !== undefined && /^\d+$/.test(expires)
      ? pass(RJ08, 'subscribe-expires', `the SUBSCRIBE asks for ${expires} s`, at('Expires', 'Expires: <seconds>'))
      : fail(RJ08, 'subscribe-expires', expires === undefined ? 'the SUBSCRIBE has no Expires header' : `the Expires "${expires}" is not a number of seconds`, at('Expires', 'Expires: <seconds>')),
  );

  const callId = headerValue(s, 'Call-ID');
  const inviteCallId = x.invite.sip ? headerValue(x.invite.sip, 'Call-ID') : undefined;
  const toTag = headerParams(headerValue(s, 'To') ?? '').get('tag');
  findings.push(
    callId !== undefined && callId !== inviteCallId && toTag === undefined
      ? pass(RJ08, 'subscribe-new-dialog', 'the SUBSCRIBE starts a dialog of its own (new Call-ID, no To tag)', at('Call-ID', "a Call-ID other than the INVITE's, no To tag"))
      : fail(RJ08, 'subscribe-new-dialog', toTag !== undefined ? `the SUBSCRIBE carries the To tag ${toTag}, so it is not in a new dialog` : `the SUBSCRIBE reuses the INVITE's Call-ID ${callId}, so it is not in a new dialog`, at(toTag !== undefined ? 'To' : 'Call-ID', "a Call-ID other than the INVITE's, no To tag")),
  );

  const contact = header('Contact');
  let contactOk = false;
  try {
    if (contact) contactOk = parseSipUri(uriFromNameAddr(splitList(contact.value)[0] ?? '')) !== undefined;
  } catch (e) {
    if (!(e instanceof SipUriError)) throw e;
  }
  findings.push(
    contactOk
      ? pass(RJ08, 'subscribe-contact', 'the SUBSCRIBE has a Contact with a SIP URI', at('Contact', 'a Contact with a SIP URI (RFC 6665 4.1.2.1)'))
      : fail(RJ08, 'subscribe-contact', contact ? `the SUBSCRIBE's Contact "${contact.value}" holds no SIP URI` : 'the SUBSCRIBE has no Contact (RFC 6665 4.1.2.1 requires one)', at('Contact', 'a Contact with a SIP URI (RFC 6665 4.1.2.1)')),
  );

  if (x.notify) {
    const r = x.notify.response;
    findings.push(
      r?.sip?.status === 200
        ? pass(RJ08, 'notify-answered', "the client answered the IM Server's NOTIFY with 200 OK", { expected: '200 OK to the NOTIFY', seen: r.sip.startLine, messageSeq: r.seq })
        : fail(RJ08, 'notify-answered', r ? `the client answered the IM Server's NOTIFY with "${r.sip?.startLine ?? 'an unparsable message'}", not 200 OK (RFC 6665 4.1.3)` : "the client did not answer the IM Server's NOTIFY", {
            expected: '200 OK to the NOTIFY',
            seen: r?.sip?.startLine ?? 'no answer',
            line: r ? startLine(r) : undefined,
            messageSeq: r?.seq,
          }),
    );
  }
  return findings;
}
