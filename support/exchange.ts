import type { RecordedMessage } from './sip/recorded-message';
import { firstUriOf } from './checks/uri-of';
import { headerParams, headerValue } from './sip/sip-parser';
import { normaliseEscapes, parseSipUri } from './sip/sip-uri';

/**
 * Picks the messages of one exchange out of a scenario's trace: the responses to a request,
 * its ACKs, what the client sent later. Pure functions over the recording, so steps can hand
 * checks exactly what they judge.
 */

function cseqOf(m: RecordedMessage): { number: string; method: string } | undefined {
  const match = /^(\d+)\s+(\S+)$/.exec(m.sip ? (headerValue(m.sip, 'CSeq') ?? '') : '');
  return match ? { number: match[1], method: match[2] } : undefined;
}

const callIdOf = (m: RecordedMessage): string | undefined => (m.sip ? headerValue(m.sip, 'Call-ID') : undefined);

/** Same Call-ID and CSeq number: the transaction of `request` (and, for an INVITE, its ACK). */
function sameTransaction(m: RecordedMessage, request: RecordedMessage): boolean {
  return callIdOf(m) !== undefined && callIdOf(m) === callIdOf(request) && cseqOf(m)?.number === cseqOf(request)?.number;
}

/** Whether a message is a 2xx response. */
export const is2xx = (m: RecordedMessage): boolean => (m.sip?.status ?? 0) >= 200 && (m.sip?.status ?? 0) < 300;

/** Every final response the test bed sent to `request` (a 2xx retransmitted over UDP: each copy). */
export function finalResponsesTo(trace: readonly RecordedMessage[], request: RecordedMessage): RecordedMessage[] {
  const method = request.sip?.method;
  return trace.filter(
    (m) => m.direction === 'to-client' && m.sip?.kind === 'response' && (m.sip.status ?? 0) >= 200 && sameTransaction(m, request) && cseqOf(m)?.method === method,
  );
}

/**
 * The ACKs the client sent for the INVITE `invite`: in its transaction (Call-ID and CSeq number),
 * or with the CSeq number and the To tag of a final response to it. The tag is the test bed's own,
 * new for each answer, so it names the dialog even when the ACK's Call-ID is wrong: RJ-05's
 * ack-call-id then judges that ACK instead of ack-sent calling it missing.
 */
export function acksOf(trace: readonly RecordedMessage[], invite: RecordedMessage): RecordedMessage[] {
  const tags = new Set(finalResponsesTo(trace, invite).map(toTagOf).filter((t): t is string => t !== undefined));
  const number = cseqOf(invite)?.number;
  return trace.filter(
    (m) => m.direction === 'from-client' && m.sip?.method === 'ACK' && (sameTransaction(m, invite) || (cseqOf(m)?.number === number && tags.has(toTagOf(m) ?? ''))),
  );
}

const toTagOf = (m: RecordedMessage): string | undefined => (m.sip ? headerParams(headerValue(m.sip, 'To') ?? '').get('tag') : undefined);

/**
 * Copies of the INVITE: retransmissions carry the same Call-ID, CSeq and branch; and a datagram
 * that repeats the INVITE's bytes is a copy whether or not it parses.
 */
export function copiesOf(trace: readonly RecordedMessage[], invite: RecordedMessage): RecordedMessage[] {
  return trace.filter(
    (m) => m.direction === 'from-client' && m.protocol === undefined && ((m.sip?.method === 'INVITE' && sameTransaction(m, invite)) || m.bytes.equals(invite.bytes)),
  );
}

/** User and host of a SIP URI, lower-cased host, or undefined for what is no SIP URI. */
function userAtHost(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    const u = parseSipUri(uri);
    return `${normaliseEscapes(u.user ?? '')}@${u.host.toLowerCase()}`;
  } catch {
    return undefined;
  }
}

/**
 * Which requests of the client belong to the rejoined session: those in the INVITE's dialog (its
 * Call-ID), and those aimed at the conference, the INVITE's Request-URI or the Contact of `answer`
 * (user and host; a wrong parameter still counts, and the checks judge it). A REGISTER refresh or
 * an OPTIONS keep-alive to the proxy is the client's own business, not the session's. The targets
 * are worked out once per query, not once per message.
 */
function ofTheSession(answer: RecordedMessage, invite: RecordedMessage): (m: RecordedMessage) => boolean {
  const dialog = callIdOf(invite);
  const targets = [invite.sip?.requestUri, answer.sip ? firstUriOf(answer.sip, 'Contact') : undefined].map(userAtHost).filter((t): t is string => t !== undefined);
  return (m) => {
    if (dialog !== undefined && callIdOf(m) === dialog) return true;
    const target = userAtHost(m.sip?.requestUri);
    return target !== undefined && targets.includes(target);
  };
}

/** The requests of the session the client sent after `after`, the INVITE's own copies and ACKs left out. */
export function requestsAfter(trace: readonly RecordedMessage[], after: RecordedMessage, invite: RecordedMessage): RecordedMessage[] {
  const session = ofTheSession(after, invite);
  return trace.filter(
    (m) =>
      m.seq > after.seq &&
      m.direction === 'from-client' &&
      m.sip?.kind === 'request' &&
      !(sameTransaction(m, invite) && ['INVITE', 'ACK'].includes(m.sip.method ?? '')) &&
      session(m),
  );
}

/** The client's requests of the session after `after`, ACKs of the INVITE included (RJ-07 judges them too). */
export function laterRequests(trace: readonly RecordedMessage[], after: RecordedMessage, invite: RecordedMessage): RecordedMessage[] {
  const session = ofTheSession(after, invite);
  return trace.filter(
    (m) => m.seq > after.seq && m.direction === 'from-client' && m.sip?.kind === 'request' && !(sameTransaction(m, invite) && m.sip.method === 'INVITE') && session(m),
  );
}

/** The client's response to the test bed's request `request` (e.g. its answer to a NOTIFY). */
export function responseTo(trace: readonly RecordedMessage[], request: RecordedMessage): RecordedMessage | undefined {
  return trace.find((m) => m.direction === 'from-client' && m.sip?.kind === 'response' && sameTransaction(m, request) && cseqOf(m)?.method === request.sip?.method);
}

/** Messages of the scenario matching `method` the test bed sent. */
export function sentByTestBed(trace: readonly RecordedMessage[], method: string): RecordedMessage[] {
  return trace.filter((m) => m.direction === 'to-client' && m.sip?.method === method);
}

/**
 * The first copy of a 2xx that no ACK answers, pairing them in order: the n-th ACK answers the
 * n-th copy when it came after it (RFC 3261 13.2.2.4: one ACK for every 2xx received). An ACK
 * may cross the next copy on the wire (it left before that copy arrived), so "an ACK before the
 * next copy" would blame a client that did nothing wrong; counting in order does not.
 */
export function firstUnansweredCopy(copies: readonly RecordedMessage[], acks: readonly RecordedMessage[]): RecordedMessage | undefined {
  const sorted = [...acks].sort((a, b) => a.seq - b.seq);
  return copies.find((copy, i) => !(sorted[i] && sorted[i].seq > copy.seq));
}
