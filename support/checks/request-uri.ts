import type { RecordedMessage } from '../sip/recorded-message';
import { compareSipUris, parseSipUri, SipUriError } from '../sip/sip-uri';
import type { Finding } from '../verdict';
import { unparsable } from './finding';

const REQUIREMENT = 'RJ-02';
/** RJ-02 judges one rule; its sub-check list has one name. */
export const REQUEST_URI_CHECKS = ['request-uri'] as const;
const CHECK = REQUEST_URI_CHECKS[0];

/**
 * RJ-02: the rejoin INVITE's Request-URI is the conference's IM Session Identity, compared by
 * RFC 3261 19.1.4 (so an escaped character or a different host case still matches).
 * `conference` is the suite's own input: an invalid one is a test-bed error, thrown.
 */
export function checkRequestUri(invite: RecordedMessage, conference: string): Finding[] {
  const expectedUri = parseSipUri(conference);
  const fail = (summary: string, seen: string, line?: string): Finding[] => [
    {
      requirement: REQUIREMENT,
      check: CHECK,
      verdict: 'FAIL',
      summary: `RJ-02 FAIL: ${summary}`,
      expected: `an INVITE whose Request-URI equals ${conference} (RFC 3261 19.1.4)`,
      seen,
      ...(line !== undefined ? { line: { number: 1, text: line } } : {}),
      messageSeq: invite.seq,
    },
  ];

  // Its start line did not parse: RJ-01 FAILs the message's syntax; no Request-URI can be read.
  if (!invite.sip) return [unparsable(REQUIREMENT, CHECK, invite, 'its Request-URI', 'RJ-01')];
  const sip = invite.sip;
  if (sip.kind !== 'request' || sip.method !== 'INVITE') {
    return fail(`the client sent ${sip.kind === 'request' ? `a ${sip.method}` : 'a response'} where the rejoin INVITE to ${conference} was due`, sip.startLine, sip.startLine);
  }
  const seenUri = sip.requestUri ?? '';
  let comparison;
  try {
    comparison = compareSipUris(expectedUri, parseSipUri(seenUri));
  } catch (e) {
    if (!(e instanceof SipUriError)) throw e;
    return fail(`the Request-URI ${seenUri} is not the IM Session Identity ${conference}: ${e.message}`, seenUri, sip.startLine);
  }
  if (!comparison.equal) {
    return fail(`the Request-URI ${seenUri} is not the IM Session Identity ${conference}: ${comparison.reason}`, seenUri, sip.startLine);
  }
  return [
    {
      requirement: REQUIREMENT,
      check: CHECK,
      verdict: 'PASS',
      summary: `RJ-02 PASS: the Request-URI ${seenUri} equals the IM Session Identity ${conference}`,
      expected: conference,
      seen: seenUri,
      line: { number: 1, text: sip.startLine },
      messageSeq: invite.seq,
    },
  ];
}
